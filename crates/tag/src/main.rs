//! `battery-tag`: build the signed NDEF message of a battery's NFC / RFID tag, check a tag read
//! in the field against battery-chain, and print the EU battery passport the tag links to.
//!
//! Exit codes: 0 done / tag genuine, 1 tag rejected, 2 usage, input or RPC error.

use battery_tag::{
	decode_tag, encode_tag, ndef, parse_hex, rpc::RpcChain, tag_signing_payload, to_hex, verify,
	AccountId, Chain, FactoryData, Rejection, TagRecord, TagSigner, Verdict, DEFAULT_BASE_URL,
};
use clap::{Args, Parser, Subcommand};
use codec::{Decode, Encode};
use serde_json::json;
use sp_core::crypto::Ss58Codec;
use sp_runtime::MultiSignature;
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(name = "battery-tag", version, about = "Encode and verify battery-chain NFC / RFID tags")]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Build the NDEF message for a battery's tag (passport link + signed factory data).
	Encode(EncodeArgs),
	/// Print the bytes the manufacturer signs for a tag (for an external signer or HSM).
	Payload(PayloadArgs),
	/// Decode a tag dump and print its contents as JSON (no check).
	Decode {
		/// The NDEF message or Type 2 tag dump: hex, or a file (binary or hex text).
		#[arg(long)]
		ndef: String,
	},
	/// Check a tag read from a battery: signature, and with --rpc the chain's binding.
	Verify {
		/// UID of the tag as read (hex, `04:A1:..` accepted).
		#[arg(long)]
		uid: String,
		/// The NDEF message or Type 2 tag dump: hex, or a file (binary or hex text).
		#[arg(long)]
		ndef: String,
		/// Node JSON-RPC endpoint (e.g. http://127.0.0.1:9944); without it only the signature is
		/// checked.
		#[arg(long)]
		rpc: Option<String>,
		/// Print the verdict as JSON.
		#[arg(long)]
		json: bool,
	},
	/// Print a battery's EU battery passport as Catena-X Battery Pass 6.1.0 JSON: the public
	/// tier (`battery_passportExport`), or with a reader secret (`--secret-file` or
	/// `BATTERY_SEAL_SECRET`) the reader's tier, with the battery's state opened from its latest
	/// sealed health result.
	Passport {
		/// The battery id.
		#[arg(long)]
		id: String,
		/// Node JSON-RPC endpoint (e.g. http://127.0.0.1:9944).
		#[arg(long)]
		rpc: String,
		/// A file holding the reader secret key (0x hex, 32 bytes).
		#[arg(long)]
		secret_file: Option<PathBuf>,
	},
}

#[derive(Args)]
struct Source {
	/// The battery id.
	#[arg(long)]
	id: String,
	/// UID of the tag (hex, `04:A1:..` accepted).
	#[arg(long)]
	uid: String,
	/// Factory data as JSON (the `factory` object of the passport, or a whole passport).
	#[arg(long, conflicts_with = "rpc")]
	factory: Option<PathBuf>,
	/// Node JSON-RPC endpoint to read the registered factory data from.
	#[arg(long)]
	rpc: Option<String>,
}

#[derive(Args)]
struct PayloadArgs {
	#[command(flatten)]
	source: Source,
}

#[derive(Args)]
struct EncodeArgs {
	#[command(flatten)]
	source: Source,
	/// Secret URI of the signing key (e.g. //Alice for a dev chain).
	#[arg(long, conflicts_with_all = ["signer", "signature"])]
	suri: Option<String>,
	/// Signature scheme of --suri (or of a raw 64-byte --signature).
	#[arg(long, default_value = "sr25519")]
	scheme: String,
	/// Account of an external signer (SS58 or hex), with --signature.
	#[arg(long, requires = "signature")]
	signer: Option<String>,
	/// Signature of the external signer: SCALE `MultiSignature` hex, or 64 raw bytes of
	/// --scheme.
	#[arg(long, requires = "signer")]
	signature: Option<String>,
	/// Base of the passport link.
	#[arg(long, default_value = DEFAULT_BASE_URL)]
	base_url: String,
	/// Also write the NDEF message (binary) to this file.
	#[arg(long)]
	out: Option<PathBuf>,
	/// Print JSON instead of text.
	#[arg(long)]
	json: bool,
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match cli.command {
		Command::Encode(args) => run_encode(args),
		Command::Payload(args) => run_payload(args),
		Command::Decode { ndef } => run_decode(&ndef),
		Command::Verify { uid, ndef, rpc, json } => run_verify(&uid, &ndef, rpc.as_deref(), json),
		Command::Passport { id, rpc, secret_file } => run_passport(&id, &rpc, secret_file),
	};
	match result {
		Ok(code) => code,
		Err(error) => {
			eprintln!("error: {error}");
			ExitCode::from(2)
		},
	}
}

/// Bytes from hex text or a file (binary, or hex text).
fn read_bytes(input: &str) -> Result<Vec<u8>, String> {
	let path = std::path::Path::new(input);
	if path.is_file() {
		let data = std::fs::read(path).map_err(|e| format!("cannot read {input}: {e}"))?;
		return Ok(match std::str::from_utf8(&data).ok().map(|t| parse_hex(t.trim())) {
			Some(Ok(bytes)) => bytes,
			_ => data,
		});
	}
	parse_hex(input)
}

fn parse_account(text: &str) -> Result<AccountId, String> {
	if let Ok(account) = AccountId::from_ss58check(text) {
		return Ok(account);
	}
	let bytes = parse_hex(text)?;
	<[u8; 32]>::try_from(bytes)
		.map(AccountId::from)
		.map_err(|_| format!("not an SS58 address or 32-byte hex: {text}"))
}

fn parse_signature(text: &str, scheme: &str) -> Result<MultiSignature, String> {
	let bytes = parse_hex(text)?;
	if bytes.len() == 64 {
		let raw: [u8; 64] = bytes.try_into().map_err(|_| "64 bytes")?;
		return match scheme {
			"sr25519" => Ok(MultiSignature::Sr25519(raw.into())),
			"ed25519" => Ok(MultiSignature::Ed25519(raw.into())),
			other => Err(format!("unknown scheme {other}")),
		};
	}
	MultiSignature::decode(&mut &bytes[..]).map_err(|e| format!("not a MultiSignature: {e}"))
}

/// The battery id, tag UID and factory data of an encode / payload request.
fn load(source: &Source) -> Result<(Vec<u8>, Vec<u8>, FactoryData), String> {
	let id = source.id.as_bytes().to_vec();
	let uid = parse_hex(&source.uid)?;
	let factory = match (&source.factory, &source.rpc) {
		(Some(path), _) => {
			let text = std::fs::read_to_string(path)
				.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
			let mut value: serde_json::Value =
				serde_json::from_str(&text).map_err(|e| format!("factory JSON: {e}"))?;
			if let Some(inner) = value.get_mut("factory") {
				value = inner.take();
			}
			serde_json::from_value(value).map_err(|e| format!("factory JSON: {e}"))?
		},
		(None, Some(url)) => {
			RpcChain::new(url)?
				.passport(&id)?
				.ok_or_else(|| format!("battery {} is not registered on chain", source.id))?
				.factory
		},
		(None, None) => return Err("give the factory data with --factory or --rpc".into()),
	};
	Ok((id, uid, factory))
}

fn run_payload(args: PayloadArgs) -> Result<ExitCode, String> {
	let (id, uid, factory) = load(&args.source)?;
	let hash = factory.hash();
	println!(
		"{}",
		json!({
			"payload": to_hex(&tag_signing_payload(&uid, &id, &hash)),
			"factoryHash": to_hex(&hash),
		})
	);
	Ok(ExitCode::SUCCESS)
}

fn run_encode(args: EncodeArgs) -> Result<ExitCode, String> {
	let (id, uid, factory) = load(&args.source)?;
	let payload = tag_signing_payload(&uid, &id, &factory.hash());
	let (signer, signature) = match (&args.suri, &args.signer, &args.signature) {
		(Some(suri), _, _) => {
			let key = TagSigner::from_suri(suri, &args.scheme)?;
			(key.account(), key.sign(&payload))
		},
		(None, Some(signer), Some(signature)) => {
			(parse_account(signer)?, parse_signature(signature, &args.scheme)?)
		},
		_ => return Err("give --suri, or --signer with --signature".into()),
	};
	let tag =
		encode_tag(&args.base_url, &uid, TagRecord { battery_id: id, factory, signer, signature })?;
	if let Some(path) = &args.out {
		std::fs::write(path, &tag.ndef)
			.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
	}
	let signature_json = match &tag.record.signature {
		MultiSignature::Sr25519(s) => json!({ "Sr25519": to_hex(s.as_ref()) }),
		MultiSignature::Ed25519(s) => json!({ "Ed25519": to_hex(s.as_ref()) }),
		MultiSignature::Ecdsa(s) => json!({ "Ecdsa": to_hex(s.as_ref()) }),
		MultiSignature::Eth(s) => json!({ "Eth": to_hex(s.as_ref()) }),
	};
	let output = json!({
		"id": args.source.id,
		"uid": to_hex(&uid),
		"url": tag.url,
		"ndef": to_hex(&tag.ndef),
		"tlv": to_hex(&ndef::wrap_tlv(&tag.ndef)),
		"ndefLength": tag.ndef.len(),
		"ndefHash": to_hex(&tag.ndef_hash),
		"factoryHash": to_hex(&tag.factory_hash),
		"signer": tag.record.signer.to_ss58check(),
		"signerHex": to_hex(tag.record.signer.as_ref()),
		"signature": to_hex(&tag.record.signature.encode()),
		"bindTag": {
			"id": args.source.id,
			"uid": to_hex(&uid),
			"ndefHash": to_hex(&tag.ndef_hash),
			"signer": tag.record.signer.to_ss58check(),
			"signature": signature_json,
		},
	});
	if args.json {
		println!("{output}");
	} else {
		println!("NDEF message ({} bytes), write it to the tag:", tag.ndef.len());
		println!("  {}", to_hex(&tag.ndef));
		println!("Type 2 tag TLV form:\n  {}", to_hex(&ndef::wrap_tlv(&tag.ndef)));
		println!("passport link: {}", tag.url);
		println!("bind on chain: Battery::bind_tag(id, uid, ndef_hash, signer, signature) with");
		println!("  id         {}", args.source.id);
		println!("  uid        {}", to_hex(&uid));
		println!("  ndef_hash  {}", to_hex(&tag.ndef_hash));
		println!("  signer     {}", tag.record.signer.to_ss58check());
		println!("  signature  {} (SCALE MultiSignature)", to_hex(&tag.record.signature.encode()));
	}
	Ok(ExitCode::SUCCESS)
}

fn run_decode(input: &str) -> Result<ExitCode, String> {
	let dump = read_bytes(input)?;
	let tag = decode_tag(&dump).map_err(|e| e.to_string())?;
	let output = json!({
		"url": tag.url,
		"id": String::from_utf8_lossy(&tag.record.battery_id),
		"factory": tag.record.factory,
		"factoryHash": to_hex(&tag.record.factory.hash()),
		"signer": tag.record.signer.to_ss58check(),
		"signature": to_hex(&tag.record.signature.encode()),
		"ndefHash": to_hex(&battery_tag::blake2_256(&tag.ndef)),
	});
	println!("{}", serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?);
	Ok(ExitCode::SUCCESS)
}

/// A stable machine-readable name of a rejection.
fn rejection_kind(rejection: &Rejection) -> &'static str {
	match rejection {
		Rejection::Malformed(_) => "malformed",
		Rejection::InvalidBatteryId(_) => "invalidBatteryId",
		Rejection::LinkMismatch { .. } => "linkMismatch",
		Rejection::UnknownBattery { .. } => "unknownBattery",
		Rejection::NoTagBound { .. } => "noTagBound",
		Rejection::ClonedTag { .. } => "clonedTag",
		Rejection::BadSignature => "badSignature",
		Rejection::Tampered { .. } => "tampered",
	}
}

fn run_verify(
	uid: &str,
	input: &str,
	rpc: Option<&str>,
	as_json: bool,
) -> Result<ExitCode, String> {
	let uid = parse_hex(uid)?;
	let dump = read_bytes(input)?;
	let chain = rpc.map(RpcChain::new).transpose()?;
	let verdict = verify(&uid, &dump, chain.as_ref().map(|c| c as &dyn Chain))?;
	let (code, text, value) = match &verdict {
		Verdict::Genuine(genuine) => (
			ExitCode::SUCCESS,
			format!("GENUINE: {genuine}"),
			json!({
				"verdict": "genuine",
				"id": genuine.id,
				"uid": genuine.uid,
				"signer": genuine.signer.to_ss58check(),
				"comparedWithChain": genuine.chain.is_some(),
				"status": genuine.chain.as_ref().map(|c| c.status),
				"frozen": genuine.chain.as_ref().map(|c| c.frozen),
				"accidents": genuine.chain.as_ref().map(|c| c.accidents),
				"message": genuine.to_string(),
			}),
		),
		Verdict::Rejected(rejection) => (
			ExitCode::from(1),
			format!("REJECTED: {rejection}"),
			json!({ "verdict": "rejected", "kind": rejection_kind(rejection), "reason": rejection.to_string() }),
		),
	};
	if as_json {
		println!("{value}");
	} else {
		println!("{text}");
	}
	Ok(code)
}

fn run_passport(id: &str, rpc: &str, secret_file: Option<PathBuf>) -> Result<ExitCode, String> {
	let chain = RpcChain::new(rpc)?;
	let secret = match (secret_file, std::env::var("BATTERY_SEAL_SECRET").ok()) {
		(Some(path), _) => {
			Some(std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?)
		},
		(None, env) => env,
	};
	let export = match secret {
		None => chain.call("battery_passportExport", json!([id]))?,
		Some(text) => {
			let bytes = parse_hex(text.trim()).map_err(|e| format!("reader secret: {e}"))?;
			let secret: [u8; 32] =
				bytes.try_into().map_err(|_| "reader secret: not 32 bytes".to_string())?;
			battery_tag::passport::reader_export(&chain, id, &secret)?
		},
	};
	println!("{}", serde_json::to_string_pretty(&export).map_err(|e| e.to_string())?);
	Ok(ExitCode::SUCCESS)
}
