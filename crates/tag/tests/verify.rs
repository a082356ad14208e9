//! The tag tool's acceptance tests: a round trip, and a tampered record, a cloned tag and an
//! unknown battery each rejected with its reason; the chain is a fixed map, a local fake node
//! (for the JSON-RPC path) or absent (offline check).

use battery_primitives::battery::{Chemistry, Date, TagView};
use battery_tag::{
	encode_tag, ndef, rpc::RpcChain, verify, AccountId, Chain, EncodedTag, FactoryData, Passport,
	Rejection, TagRecord, TagSigner, Verdict, DEFAULT_BASE_URL,
};
use codec::{Decode, Encode};
use std::{
	collections::HashMap,
	io::{Read, Write},
	net::TcpListener,
};

const ID: &[u8] = b"03HPE0A2D000C7LB50000081";
const UID: [u8; 7] = [0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6];

fn factory() -> FactoryData {
	FactoryData {
		model: b"CB-75 LFP pack".to_vec().try_into().unwrap(),
		chemistry: Chemistry::Lfp,
		rated_capacity_mah: 230_000,
		min_voltage_mv: 280_000,
		nominal_voltage_mv: 332_800,
		max_voltage_mv: 379_600,
		rated_energy_wh: 76_544,
		max_charge_rate_milli_c: 1_000,
		max_discharge_rate_milli_c: 3_000,
		mass_g: 520_000,
		manufacturing_place: b"Ningde plant 3".to_vec().try_into().unwrap(),
		manufacturing_date: Date::new(2025, 3, 14),
		expected_cycle_life: 4_000,
		warranty_months: 96,
	}
}

fn signed(id: &[u8], uid: &[u8], factory: FactoryData) -> TagRecord {
	let key = TagSigner::from_suri("//Bob", "sr25519").unwrap();
	let payload = battery_tag::tag_signing_payload(uid, id, &factory.hash());
	TagRecord {
		battery_id: id.to_vec(),
		factory,
		signer: key.account(),
		signature: key.sign(&payload),
	}
}

fn genuine_tag() -> EncodedTag {
	encode_tag(DEFAULT_BASE_URL, &UID, signed(ID, &UID, factory())).unwrap()
}

/// The passport the chain holds once `tag` was bound.
fn passport_for(tag: &EncodedTag) -> Passport {
	Passport {
		id: ID.to_vec().try_into().unwrap(),
		id_scheme: battery_primitives::battery::IdScheme::Gbt34014,
		manufacturer: tag.record.signer.clone(),
		factory: factory(),
		factory_hash: factory().hash(),
		status: battery_tag::BatteryStatus::InService,
		status_since: 12,
		registered_at: 3,
		life: battery_primitives::battery::Life::Original,
		predecessor: None,
		successor: None,
		frozen: false,
		tag: Some(TagView {
			uid: UID.to_vec().try_into().unwrap(),
			ndef_hash: tag.ndef_hash,
			signer: tag.record.signer.clone(),
			bound_at: 4,
		}),
		accidents: 0,
	}
}

struct FixedChain(HashMap<Vec<u8>, Passport>);

impl Chain for FixedChain {
	fn passport(&self, id: &[u8]) -> Result<Option<Passport>, String> {
		Ok(self.0.get(id).cloned())
	}
}

fn chain_with(passport: Passport) -> FixedChain {
	FixedChain(HashMap::from([(passport.id.to_vec(), passport)]))
}

fn rejected(verdict: Verdict) -> Rejection {
	match verdict {
		Verdict::Rejected(rejection) => rejection,
		Verdict::Genuine(g) => panic!("accepted: {g}"),
	}
}

#[test]
fn round_trip_is_genuine_offline_and_against_the_chain() {
	let tag = genuine_tag();
	assert!(tag.ndef.len() < 504, "fits an NTAG215");
	let decoded = battery_tag::decode_tag(&tag.ndef).unwrap();
	assert_eq!(decoded.record, tag.record);
	assert_eq!(decoded.url, format!("{DEFAULT_BASE_URL}/03HPE0A2D000C7LB50000081"));

	let Verdict::Genuine(offline) = verify(&UID, &tag.ndef, None).unwrap() else { panic!() };
	assert!(offline.chain.is_none());

	let chain = chain_with(passport_for(&tag));
	let Verdict::Genuine(online) = verify(&UID, &tag.ndef, Some(&chain)).unwrap() else { panic!() };
	let facts = online.chain.clone().unwrap();
	assert_eq!(facts.status, battery_tag::BatteryStatus::InService);
	assert_eq!(facts.bound_at, 4);
	assert_eq!(facts.accidents, 0);
	assert!(!online.to_string().contains("accident"));
	// A genuine tag of a battery that was in a crash says so.
	let crashed = chain_with(Passport { accidents: 2, ..passport_for(&tag) });
	let Verdict::Genuine(warned) = verify(&UID, &tag.ndef, Some(&crashed)).unwrap() else {
		panic!()
	};
	assert!(warned.to_string().contains("WARNING: 2 accidents on record"), "{warned}");
	// A Type 2 memory dump of the same tag is accepted as well.
	let mut dump = vec![0x01, 0x03, 0xa0, 0x0c, 0x34];
	dump.extend(ndef::wrap_tlv(&tag.ndef));
	assert!(matches!(verify(&UID, &dump, Some(&chain)).unwrap(), Verdict::Genuine(_)));
}

#[test]
fn gs1_ids_get_an_escaped_link() {
	let id = b"(01)04006381333931(21)SN/1";
	let tag = encode_tag(DEFAULT_BASE_URL, &UID, signed(id, &UID, factory())).unwrap();
	assert!(tag.url.ends_with("/%2801%2904006381333931%2821%29SN%2F1"));
	assert!(matches!(verify(&UID, &tag.ndef, None).unwrap(), Verdict::Genuine(_)));
}

#[test]
fn tampered_record_is_rejected() {
	let tag = genuine_tag();
	let chain = chain_with(passport_for(&tag));
	// Raise the rated capacity on the tag, keep the manufacturer's signature.
	let mut record = tag.record.clone();
	record.factory.rated_capacity_mah = 260_000;
	let mut payload = vec![battery_tag::TAG_RECORD_VERSION];
	record.encode_to(&mut payload);
	let forged = ndef::encode_message(&[
		ndef::uri_record(&tag.url),
		ndef::Record::new(ndef::Tnf::External, battery_tag::TAG_RECORD_TYPE, payload),
	])
	.unwrap();

	let Rejection::Tampered { details } = rejected(verify(&UID, &forged, Some(&chain)).unwrap())
	else {
		panic!("not reported as tampered")
	};
	let text = details.join("; ");
	assert!(text.contains("signature does not match"), "{text}");
	assert!(text.contains("ratedCapacityMah: tag 260000 != chain 230000"), "{text}");
	assert!(text.contains("NDEF message differs"), "{text}");
	assert_eq!(rejected(verify(&UID, &forged, None).unwrap()), Rejection::BadSignature);

	// A flipped byte anywhere in the signed record.
	let mut flipped = tag.ndef.clone();
	let last = flipped.len() - 70;
	flipped[last] ^= 0x01;
	assert!(!matches!(verify(&UID, &flipped, Some(&chain)).unwrap(), Verdict::Genuine(_)));

	// Another passport link: caught by the link check (the signature does not cover it).
	let relinked = ndef::encode_message(&[
		ndef::uri_record("https://phishing.example/battery/03HPE0A2D000C7LB50000099"),
		ndef::decode_message(&tag.ndef).unwrap()[1].clone(),
	])
	.unwrap();
	assert!(matches!(
		rejected(verify(&UID, &relinked, None).unwrap()),
		Rejection::LinkMismatch { .. }
	));
	// Same link text on another host: the signature holds, the chain's NDEF hash does not.
	let rehosted = ndef::encode_message(&[
		ndef::uri_record("https://phishing.example/battery/03HPE0A2D000C7LB50000081"),
		ndef::decode_message(&tag.ndef).unwrap()[1].clone(),
	])
	.unwrap();
	let Rejection::Tampered { details } = rejected(verify(&UID, &rehosted, Some(&chain)).unwrap())
	else {
		panic!("not reported as tampered")
	};
	assert_eq!(details, vec!["the NDEF message differs from the one bound on chain".to_string()]);
}

#[test]
fn cloned_tag_is_rejected() {
	let tag = genuine_tag();
	let chain = chain_with(passport_for(&tag));
	// The same NDEF content copied onto a blank tag with its own UID.
	let other_uid = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66];
	let rejection = rejected(verify(&other_uid, &tag.ndef, Some(&chain)).unwrap());
	assert_eq!(
		rejection,
		Rejection::ClonedTag { read: "0x04112233445566".into(), bound: "0x04a1b2c3d4e5f6".into() }
	);
	assert!(rejection.to_string().starts_with("cloned tag"));
	// Offline the signature already fails: it covers the original UID.
	assert_eq!(rejected(verify(&other_uid, &tag.ndef, None).unwrap()), Rejection::BadSignature);
	// A clone re-signed by someone else for the new UID is still not the bound tag.
	let resigned = encode_tag(DEFAULT_BASE_URL, &other_uid, {
		let key = TagSigner::from_suri("//Mallory", "sr25519").unwrap();
		let payload = battery_tag::tag_signing_payload(&other_uid, ID, &factory().hash());
		TagRecord {
			battery_id: ID.to_vec(),
			factory: factory(),
			signer: key.account(),
			signature: key.sign(&payload),
		}
	})
	.unwrap();
	assert!(matches!(
		rejected(verify(&other_uid, &resigned.ndef, Some(&chain)).unwrap()),
		Rejection::ClonedTag { .. }
	));
}

#[test]
fn unknown_battery_is_rejected() {
	let tag = genuine_tag();
	let empty = FixedChain(HashMap::new());
	let rejection = rejected(verify(&UID, &tag.ndef, Some(&empty)).unwrap());
	assert_eq!(rejection, Rejection::UnknownBattery { id: "03HPE0A2D000C7LB50000081".into() });
	assert!(rejection.to_string().contains("not registered on chain"));
	// Registered but never bound.
	let mut unbound = passport_for(&tag);
	unbound.tag = None;
	assert!(matches!(
		rejected(verify(&UID, &tag.ndef, Some(&chain_with(unbound))).unwrap()),
		Rejection::NoTagBound { .. }
	));
}

#[test]
fn garbage_is_malformed() {
	for dump in [
		&b""[..],
		&b"\x00\xfe"[..],
		&b"\xd1\x01\x05Uhello"[..],
		&[0x91, 0x01, 0x02, b'U', 0x04][..],
	] {
		assert!(matches!(rejected(verify(&UID, dump, None).unwrap()), Rejection::Malformed(_)));
	}
}

#[test]
fn encode_refuses_what_cannot_be_bound() {
	assert!(encode_tag(DEFAULT_BASE_URL, &UID, signed(b"BAD-ID", &UID, factory())).is_err());
	let wrong_uid = signed(ID, &[1, 2, 3, 4], factory());
	assert!(encode_tag(DEFAULT_BASE_URL, &UID, wrong_uid).unwrap_err().contains("signature"));
	assert!(encode_tag(DEFAULT_BASE_URL, &[1, 2], signed(ID, &[1, 2], factory())).is_err());
}

/// A one-shot fake node: answers one HTTP JSON-RPC request with `result`.
fn fake_node(result: String) -> (String, std::thread::JoinHandle<String>) {
	let listener = TcpListener::bind("127.0.0.1:0").unwrap();
	let url = format!("http://{}", listener.local_addr().unwrap());
	let handle = std::thread::spawn(move || {
		let (mut stream, _) = listener.accept().unwrap();
		let mut request = Vec::new();
		let mut buf = [0u8; 4096];
		loop {
			let n = stream.read(&mut buf).unwrap();
			request.extend_from_slice(&buf[..n]);
			let text = String::from_utf8_lossy(&request).to_string();
			if let Some(split) = text.find("\r\n\r\n") {
				let length: usize = text
					.lines()
					.find_map(|l| {
						l.to_ascii_lowercase()
							.strip_prefix("content-length:")
							.map(|v| v.trim().parse().unwrap())
					})
					.unwrap();
				if request.len() >= split + 4 + length {
					break;
				}
			}
		}
		let body = format!("{{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"{result}\"}}");
		write!(
			stream,
			"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
			body.len()
		)
		.unwrap();
		String::from_utf8(request).unwrap()
	});
	(url, handle)
}

#[test]
fn the_chain_is_asked_through_state_call() {
	let tag = genuine_tag();
	let answer = battery_tag::to_hex(&Some(passport_for(&tag)).encode());
	let (url, node) = fake_node(answer);
	let chain = RpcChain::new(&url).unwrap();
	assert!(matches!(verify(&UID, &tag.ndef, Some(&chain)).unwrap(), Verdict::Genuine(_)));
	let request = node.join().unwrap();
	assert!(request.starts_with("POST / HTTP/1.1"));
	let body = &request[request.find("\r\n\r\n").unwrap() + 4..];
	let json: serde_json::Value = serde_json::from_str(body).unwrap();
	assert_eq!(json["method"], "state_call");
	assert_eq!(json["params"][0], "BatteryApi_passport");
	assert_eq!(json["params"][1], battery_tag::to_hex(&ID.to_vec().encode()));

	let (url, node) = fake_node(battery_tag::to_hex(&None::<Passport>.encode()));
	let chain = RpcChain::new(&url).unwrap();
	assert!(matches!(
		rejected(verify(&UID, &tag.ndef, Some(&chain)).unwrap()),
		Rejection::UnknownBattery { .. }
	));
	node.join().unwrap();
	// Round trip of the SCALE answer type.
	let passport = passport_for(&tag);
	assert_eq!(Passport::decode(&mut &passport.encode()[..]).unwrap(), passport);
	let _: AccountId = passport.manufacturer;
}

/// The binary end to end, offline: encode with a dev seed, verify the dump, reject a tampered one.
#[test]
fn command_line_round_trip() {
	let bin = env!("CARGO_BIN_EXE_battery-tag");
	let dir = std::env::temp_dir().join(format!("battery-tag-test-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let factory_file = dir.join("factory.json");
	std::fs::write(&factory_file, serde_json::to_string(&factory()).unwrap()).unwrap();
	let ndef_file = dir.join("tag.bin");
	let out = std::process::Command::new(bin)
		.args(["encode", "--id", "03HPE0A2D000C7LB50000081", "--uid", "04:A1:B2:C3:D4:E5:F6"])
		.args(["--factory", factory_file.to_str().unwrap(), "--suri", "//Alice", "--json"])
		.args(["--out", ndef_file.to_str().unwrap()])
		.output()
		.unwrap();
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let encoded: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
	let ndef_hex = encoded["ndef"].as_str().unwrap().to_string();
	assert_eq!(std::fs::read(&ndef_file).unwrap(), battery_tag::parse_hex(&ndef_hex).unwrap());
	assert_eq!(encoded["bindTag"]["ndefHash"], encoded["ndefHash"]);
	assert!(encoded["bindTag"]["signature"]["Sr25519"].is_string());

	let run = |uid: &str, ndef: &str| {
		std::process::Command::new(bin)
			.args(["verify", "--uid", uid, "--ndef", ndef, "--json"])
			.output()
			.unwrap()
	};
	let ok = run("04a1b2c3d4e5f6", &ndef_hex);
	assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
	let ok_file = run("04a1b2c3d4e5f6", ndef_file.to_str().unwrap());
	assert_eq!(ok_file.status.code(), Some(0));

	let mut bytes = battery_tag::parse_hex(&ndef_hex).unwrap();
	let at = bytes.len() - 80;
	bytes[at] ^= 0x40;
	let bad = run("04a1b2c3d4e5f6", &battery_tag::to_hex(&bytes));
	assert_eq!(bad.status.code(), Some(1));
	let verdict: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
	assert_eq!(verdict["verdict"], "rejected");

	let cloned = run("04ffffffffffff", &ndef_hex);
	assert_eq!(cloned.status.code(), Some(1));
	let usage = run("zz", &ndef_hex);
	assert_eq!(usage.status.code(), Some(2));
	std::fs::remove_dir_all(&dir).ok();
}
