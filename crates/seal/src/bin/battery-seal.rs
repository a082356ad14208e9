//! `battery-seal`: make a reader key, seal a confidential record for its readers, open one, grant
//! one to a newcomer — the same format as the chain, the off-chain worker and `scripts/lib/sealed.mjs`.
//!
//! Envelopes are JSON (the serde form of `battery_primitives::sealed::Envelope`, as the
//! `battery_*` RPC returns them); secrets and keys are `0x` hex. Randomness comes from the
//! operating system (`/dev/urandom`).
//!
//! Exit codes: 0 done, 1 cannot open (not a reader, tampered), 2 usage or input error.

use battery_primitives::consortium::{BatteryId, DataCategory};
use battery_primitives::serde_helpers::{from_hex, to_hex};
use battery_seal::{grant, open, public_key, seal, Envelope, ReaderPublicKey, ReaderSecretKey};
use clap::{Parser, Subcommand};
use sp_runtime::traits::ConstU32;
use std::{io::Read, process::ExitCode};

/// The largest envelope the tool handles: 64 KiB of ciphertext, 64 readers (the pallets' own
/// bounds are smaller; the chain refuses what exceeds them).
type CliEnvelope = Envelope<ConstU32<65_536>, ConstU32<64>>;

#[derive(Parser)]
#[command(
	name = "battery-seal",
	version,
	about = "Seal, open and grant battery-chain sealed records"
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

/// Where the reader secret comes from: a file (`--secret-file`), else `BATTERY_SEAL_SECRET`, else
/// `--secret` (visible to other users of the machine in the process list: avoid it).
#[derive(clap::Args)]
struct Secret {
	/// A file holding the reader secret key (0x hex, 32 bytes).
	#[arg(long)]
	secret_file: Option<std::path::PathBuf>,
	/// The reader secret key (0x hex); prefer `--secret-file` or `BATTERY_SEAL_SECRET`.
	#[arg(long)]
	secret: Option<String>,
}

impl Secret {
	fn key(&self) -> Result<ReaderSecretKey, Failure> {
		let text =
			match (&self.secret_file, std::env::var("BATTERY_SEAL_SECRET").ok(), &self.secret) {
				(Some(path), _, _) => std::fs::read_to_string(path)
					.map_err(|e| usage(format!("{}: {e}", path.display())))?,
				(None, Some(env), _) => env,
				(None, None, Some(arg)) => arg.clone(),
				(None, None, None) => {
					return Err(usage("no secret: --secret-file, BATTERY_SEAL_SECRET or --secret"))
				},
			};
		key32(text.trim())
	}
}

#[derive(Subcommand)]
enum Command {
	/// Make a reader key pair: prints `{"secret": "0x..", "public": "0x.."}` (keep the secret).
	Keygen,
	/// Print the reader key (public) of a secret.
	Public {
		#[command(flatten)]
		secret: Secret,
	},
	/// Seal the plaintext read from stdin for the given readers; prints the envelope as JSON.
	Seal {
		/// The data category (`Maintenance`, `Usage`, `Logistics`, `Refurbishment`, `Charging`).
		#[arg(long)]
		category: String,
		/// The battery id.
		#[arg(long)]
		battery: String,
		/// A reader key (0x hex); repeat for every reader.
		#[arg(long = "reader", required = true)]
		readers: Vec<String>,
	},
	/// Open the envelope (JSON, read from stdin) with a reader secret; prints the plaintext.
	Open {
		#[command(flatten)]
		secret: Secret,
	},
	/// As a reader (secret), wrap the envelope's key (JSON on stdin) for newcomers; prints the
	/// wrapped keys as JSON, the argument of the pallets' grant calls.
	Grant {
		#[command(flatten)]
		secret: Secret,
		/// A newcomer's reader key (0x hex); repeat for every newcomer.
		#[arg(long = "to", required = true)]
		newcomers: Vec<String>,
	},
}

fn main() -> ExitCode {
	match run(Cli::parse().command) {
		Ok(()) => ExitCode::SUCCESS,
		Err((code, message)) => {
			eprintln!("battery-seal: {message}");
			ExitCode::from(code)
		},
	}
}

type Failure = (u8, String);

fn usage(message: impl std::fmt::Display) -> Failure {
	(2, message.to_string())
}

fn run(command: Command) -> Result<(), Failure> {
	let mut random = |buf: &mut [u8]| os_random(buf);
	match command {
		Command::Keygen => {
			let mut secret = [0u8; 32];
			os_random(&mut secret);
			let json = serde_json::json!({
				"secret": to_hex(&secret),
				"public": to_hex(&public_key(&secret)),
			});
			println!("{json}");
		},
		Command::Public { secret } => println!("{}", to_hex(&public_key(&secret.key()?))),
		Command::Seal { category, battery, readers } => {
			let category: DataCategory =
				serde_json::from_value(category.into()).map_err(|_| usage("unknown category"))?;
			let battery = BatteryId::try_from(battery.into_bytes())
				.map_err(|_| usage("battery id longer than 64 bytes"))?;
			let readers =
				readers.iter().map(|r| key32(r)).collect::<Result<Vec<ReaderPublicKey>, _>>()?;
			let plaintext = stdin_bytes()?;
			let envelope: CliEnvelope = seal(category, &battery, &plaintext, &readers, &mut random)
				.map_err(|e| usage(format!("cannot seal: {e:?}")))?;
			println!("{}", serde_json::to_string(&envelope).map_err(usage)?);
		},
		Command::Open { secret } => {
			let envelope = stdin_envelope()?;
			let plaintext =
				open(&envelope, &secret.key()?).map_err(|e| (1, format!("cannot open: {e:?}")))?;
			use std::io::Write;
			std::io::stdout().write_all(&plaintext).map_err(usage)?;
		},
		Command::Grant { secret, newcomers } => {
			let envelope = stdin_envelope()?;
			let newcomers =
				newcomers.iter().map(|r| key32(r)).collect::<Result<Vec<ReaderPublicKey>, _>>()?;
			let wraps = grant(&envelope, &secret.key()?, &newcomers, &mut random)
				.map_err(|e| (1, format!("cannot grant: {e:?}")))?;
			println!("{}", serde_json::to_string(&wraps).map_err(usage)?);
		},
	}
	Ok(())
}

/// A 32-byte key from `0x` hex.
fn key32(text: &str) -> Result<ReaderSecretKey, Failure> {
	from_hex(text)
		.and_then(|bytes| bytes.try_into().ok())
		.ok_or_else(|| usage(format!("not a 32-byte hex key: {text}")))
}

fn stdin_bytes() -> Result<Vec<u8>, Failure> {
	let mut bytes = Vec::new();
	std::io::stdin().read_to_end(&mut bytes).map_err(usage)?;
	Ok(bytes)
}

fn stdin_envelope() -> Result<CliEnvelope, Failure> {
	serde_json::from_slice(&stdin_bytes()?).map_err(|e| usage(format!("not an envelope: {e}")))
}

/// Fill `buf` from the operating system's generator; a machine without one cannot seal.
fn os_random(buf: &mut [u8]) {
	let filled = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(buf));
	if let Err(e) = filled {
		eprintln!("battery-seal: no randomness from /dev/urandom: {e}");
		std::process::exit(2);
	}
}
