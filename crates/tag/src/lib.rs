//! # battery-tag
//!
//! Builds and checks the NDEF message of a battery's NFC / RFID tag.
//!
//! A battery-chain tag holds one NDEF message of two records:
//!
//! 1. a well-known URI record (`U`) with the passport link, `<base>/<percent-encoded battery id>`
//!    (the same link as the QR code);
//! 2. an external record of type [`TAG_RECORD_TYPE`] whose payload is the version byte
//!    [`TAG_RECORD_VERSION`] followed by the SCALE encoding of a [`TagRecord`]: the battery id,
//!    its factory data, the signer's account and its `MultiSignature` over
//!    [`tag_signing_payload`]`(tag UID, battery id, factory-data hash)`.
//!
//! The chain stores the tag UID, the BLAKE2b-256 of the whole NDEF message and the signer when
//! the manufacturer binds the tag (`Battery::bind_tag`), after verifying the same signature.
//! [`verify`] decodes a dump read from a tag, checks the signature against the tag's UID, and,
//! given a [`Chain`], compares UID, message hash, signer and factory data with the passport the
//! runtime returns (`BatteryApi_passport` through `state_call`, see [`rpc`]). A copied tag fails
//! on its UID, an edited one on its signature and hash, an unknown battery on the passport.

pub mod ndef;
pub mod passport;
pub mod rpc;

pub use battery_primitives::battery::{
	blake2_256, tag_signing_payload, to_hex, validate_battery_id, BatteryIdError, BatteryStatus,
	FactoryData, Hash32, PassportView,
};
use codec::{Decode, Encode};
use sp_core::{ed25519, sr25519, Pair};
use sp_runtime::{traits::Verify, AccountId32, MultiSignature};
use std::fmt;

/// Account type of battery-chain.
pub type AccountId = AccountId32;
/// Block number type of battery-chain.
pub type BlockNumber = u32;
/// The public passport as the runtime returns it.
pub type Passport = PassportView<AccountId, BlockNumber>;

/// NFC Forum external type of the record carrying factory data and signature.
pub const TAG_RECORD_TYPE: &[u8] = b"battery-chain.org:tag";
/// Version byte in front of the [`TagRecord`] payload.
pub const TAG_RECORD_VERSION: u8 = 1;
/// Default base of the passport link.
pub const DEFAULT_BASE_URL: &str = "https://passport.battery-chain.org/battery";

/// The signed content of a battery tag (payload of its [`TAG_RECORD_TYPE`] record).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct TagRecord {
	/// The battery id.
	pub battery_id: Vec<u8>,
	/// The battery's factory data as registered on chain.
	pub factory: FactoryData,
	/// The manufacturer's account or one of its registered signing keys.
	pub signer: AccountId,
	/// Signature of `signer` over `tag_signing_payload(uid, battery_id, factory.hash())`.
	pub signature: MultiSignature,
}

impl TagRecord {
	/// Whether the signature verifies for the tag `uid`.
	pub fn signature_valid(&self, uid: &[u8]) -> bool {
		let payload = tag_signing_payload(uid, &self.battery_id, &self.factory.hash());
		self.signature.verify(&payload[..], &self.signer)
	}
}

/// Percent-encode `bytes` for a URL path segment (RFC 3986 unreserved characters stay).
pub fn percent_encode(bytes: &[u8]) -> String {
	bytes
		.iter()
		.map(|b| match b {
			b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
				char::from(*b).to_string()
			},
			_ => format!("%{b:02X}"),
		})
		.collect()
}

/// The passport link of battery `id` under `base`.
pub fn passport_link(base: &str, id: &[u8]) -> String {
	format!("{}/{}", base.trim_end_matches('/'), percent_encode(id))
}

/// A key that signs tags: an sr25519 or ed25519 pair (e.g. from a dev seed `//Alice`).
// One short-lived value per run; boxing the pairs would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum TagSigner {
	/// sr25519 (Substrate's default).
	Sr25519(sr25519::Pair),
	/// ed25519.
	Ed25519(ed25519::Pair),
}

impl TagSigner {
	/// A signer from a secret URI (`//Alice`, a mnemonic, a hex seed) of `scheme`
	/// (`sr25519` or `ed25519`).
	pub fn from_suri(suri: &str, scheme: &str) -> Result<Self, String> {
		let bad = |e| format!("invalid secret URI: {e:?}");
		match scheme {
			"sr25519" => sr25519::Pair::from_string(suri, None).map(Self::Sr25519).map_err(bad),
			"ed25519" => ed25519::Pair::from_string(suri, None).map(Self::Ed25519).map_err(bad),
			other => Err(format!("unknown signature scheme {other} (sr25519 or ed25519)")),
		}
	}

	/// The signer's account.
	pub fn account(&self) -> AccountId {
		match self {
			Self::Sr25519(pair) => pair.public().into(),
			Self::Ed25519(pair) => pair.public().into(),
		}
	}

	/// Sign `message`.
	pub fn sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			Self::Sr25519(pair) => MultiSignature::Sr25519(pair.sign(message)),
			Self::Ed25519(pair) => MultiSignature::Ed25519(pair.sign(message)),
		}
	}
}

/// A tag message ready to write, with what `bind_tag` needs.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EncodedTag {
	/// The passport link of the URI record.
	pub url: String,
	/// The NDEF message.
	pub ndef: Vec<u8>,
	/// BLAKE2b-256 of `ndef` (`bind_tag`'s `ndef_hash`).
	pub ndef_hash: Hash32,
	/// Hash of the factory data.
	pub factory_hash: Hash32,
	/// The signed record.
	pub record: TagRecord,
}

/// Build the NDEF message of tag `uid` for `record`, with the passport link under `base_url`.
/// Refuses an invalid battery id or factory data and a signature that does not verify (such a
/// tag could never be bound).
pub fn encode_tag(base_url: &str, uid: &[u8], record: TagRecord) -> Result<EncodedTag, String> {
	validate_battery_id(&record.battery_id).map_err(|e| format!("battery id: {e}"))?;
	record.factory.validate().map_err(|e| format!("factory data: {e}"))?;
	if !battery_primitives::battery::is_valid_tag_uid(uid) {
		return Err("tag UID must be 4 to 16 bytes".into());
	}
	if !record.signature_valid(uid) {
		return Err("the signature does not verify for this UID, battery and factory data".into());
	}
	let url = passport_link(base_url, &record.battery_id);
	let mut payload = vec![TAG_RECORD_VERSION];
	record.encode_to(&mut payload);
	let ndef = ndef::encode_message(&[
		ndef::uri_record(&url),
		ndef::Record::new(ndef::Tnf::External, TAG_RECORD_TYPE, payload),
	])
	.map_err(|e| e.to_string())?;
	Ok(EncodedTag {
		url,
		ndef_hash: blake2_256(&ndef),
		factory_hash: record.factory.hash(),
		ndef,
		record,
	})
}

/// The contents of a battery tag.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DecodedTag {
	/// The passport link.
	pub url: String,
	/// The signed record.
	pub record: TagRecord,
	/// The NDEF message (without Type 2 TLVs).
	pub ndef: Vec<u8>,
}

/// Decode a tag dump (an NDEF message, or a Type 2 tag memory dump holding one).
pub fn decode_tag(dump: &[u8]) -> Result<DecodedTag, Rejection> {
	let malformed = |what: String| Rejection::Malformed(what);
	let message = ndef::unwrap_dump(dump).map_err(|e| malformed(e.to_string()))?;
	let records = ndef::decode_message(message).map_err(|e| malformed(e.to_string()))?;
	let url = records
		.iter()
		.find_map(ndef::parse_uri)
		.ok_or_else(|| malformed("no passport link (URI record)".into()))?;
	let payload = records
		.iter()
		.find(|r| r.tnf == ndef::Tnf::External && r.record_type == TAG_RECORD_TYPE)
		.map(|r| r.payload.as_slice())
		.ok_or_else(|| malformed("no battery-chain.org:tag record".into()))?;
	let (version, mut body) =
		payload.split_first().ok_or_else(|| malformed("empty tag record".into()))?;
	if *version != TAG_RECORD_VERSION {
		return Err(malformed(format!("tag record version {version} (expected 1)")));
	}
	let record = TagRecord::decode(&mut body)
		.map_err(|e| malformed(format!("tag record does not decode: {e}")))?;
	if !body.is_empty() {
		return Err(malformed("bytes after the tag record".into()));
	}
	Ok(DecodedTag { url, record, ndef: message.to_vec() })
}

/// Read access to the chain's passports (the runtime is the source of truth; [`rpc::RpcChain`]
/// asks a node, tests use a fixed map).
pub trait Chain {
	/// The passport of battery `id`, `None` if it is not registered.
	fn passport(&self, id: &[u8]) -> Result<Option<Passport>, String>;
}

/// Why a tag is not accepted.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Rejection {
	/// The dump is not a battery-chain tag message.
	Malformed(String),
	/// The battery id on the tag is not a valid id.
	InvalidBatteryId(BatteryIdError),
	/// The passport link does not point to the battery on the tag.
	LinkMismatch {
		/// The link on the tag.
		url: String,
	},
	/// The chain has no battery with the tag's id.
	UnknownBattery {
		/// The id on the tag.
		id: String,
	},
	/// The battery exists but no tag is bound to it on chain.
	NoTagBound {
		/// The id on the tag.
		id: String,
	},
	/// The chain binds the battery to another tag UID: this tag is a copy.
	ClonedTag {
		/// UID of the tag that was read.
		read: String,
		/// UID bound on chain.
		bound: String,
	},
	/// Without the chain: the signature does not verify for this tag's UID (the content was
	/// edited, or copied from another tag).
	BadSignature,
	/// The UID matches the chain but the content does not.
	Tampered {
		/// What differs.
		details: Vec<String>,
	},
}

impl fmt::Display for Rejection {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Malformed(what) => write!(f, "not a battery-chain tag: {what}"),
			Self::InvalidBatteryId(e) => write!(f, "invalid battery id on the tag: {e}"),
			Self::LinkMismatch { url } => {
				write!(f, "tampered: the passport link {url} does not point to this battery")
			},
			Self::UnknownBattery { id } => {
				write!(f, "unknown battery: {id} is not registered on chain")
			},
			Self::NoTagBound { id } => write!(f, "no tag is bound on chain to battery {id}"),
			Self::ClonedTag { read, bound } => write!(
				f,
				"cloned tag: the chain binds this battery to tag UID {bound}, this tag's UID is {read}"
			),
			Self::BadSignature => write!(
				f,
				"signature invalid for this tag UID: the content was edited or copied from another tag"
			),
			Self::Tampered { details } => write!(f, "tampered: {}", details.join("; ")),
		}
	}
}

/// What the chain says about a genuine tag's battery.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ChainFacts {
	/// Lifecycle status.
	pub status: BatteryStatus,
	/// Frozen by an Authority.
	pub frozen: bool,
	/// Block at which the tag was bound.
	pub bound_at: BlockNumber,
	/// The passport that succeeds this one, if the battery had a second life.
	pub successor: Option<String>,
	/// Number of accidents recorded for the battery (e.g. a crash in transport).
	pub accidents: u32,
}

/// A tag that passed every check.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Genuine {
	/// The battery id.
	pub id: String,
	/// The tag UID (hex).
	pub uid: String,
	/// The signer's account.
	pub signer: AccountId,
	/// The passport link.
	pub url: String,
	/// The chain's view, if the tag was compared with the chain.
	pub chain: Option<ChainFacts>,
}

impl fmt::Display for Genuine {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "battery {} (tag UID {}, signed by {})", self.id, self.uid, self.signer)?;
		match &self.chain {
			Some(facts) => {
				write!(f, "; matches the chain (bound at block {})", facts.bound_at)?;
				write!(f, "; status {:?}", facts.status)?;
				if facts.frozen {
					write!(f, "; WARNING: frozen by an Authority")?;
				}
				match facts.accidents {
					0 => {},
					1 => write!(f, "; WARNING: 1 accident on record")?,
					n => write!(f, "; WARNING: {n} accidents on record")?,
				}
				if let Some(next) = &facts.successor {
					write!(f, "; succeeded by passport {next}")?;
				}
				Ok(())
			},
			None => write!(f, "; signature valid, NOT compared with the chain (no --rpc)"),
		}
	}
}

/// The verdict of [`verify`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Verdict {
	/// Every check passed.
	Genuine(Genuine),
	/// A check failed.
	Rejected(Rejection),
}

/// Check a tag: `uid` as read from the tag, `dump` its NDEF message (or Type 2 memory dump),
/// `chain` the source of passports (`None`: signature only). `Err` only when the chain cannot be
/// asked.
pub fn verify(uid: &[u8], dump: &[u8], chain: Option<&dyn Chain>) -> Result<Verdict, String> {
	let tag = match decode_tag(dump) {
		Ok(tag) => tag,
		Err(rejection) => return Ok(Verdict::Rejected(rejection)),
	};
	let record = &tag.record;
	let id = String::from_utf8_lossy(&record.battery_id).into_owned();
	if let Err(e) = validate_battery_id(&record.battery_id) {
		return Ok(Verdict::Rejected(Rejection::InvalidBatteryId(e)));
	}
	let expected_tail = format!("/{}", percent_encode(&record.battery_id));
	if !tag.url.ends_with(&expected_tail) {
		return Ok(Verdict::Rejected(Rejection::LinkMismatch { url: tag.url }));
	}
	let signature_ok = record.signature_valid(uid);
	let genuine = |chain| Genuine {
		id: id.clone(),
		uid: to_hex(uid),
		signer: record.signer.clone(),
		url: tag.url.clone(),
		chain,
	};
	let Some(chain) = chain else {
		return Ok(if signature_ok {
			Verdict::Genuine(genuine(None))
		} else {
			Verdict::Rejected(Rejection::BadSignature)
		});
	};

	let Some(passport) = chain.passport(&record.battery_id)? else {
		return Ok(Verdict::Rejected(Rejection::UnknownBattery { id }));
	};
	let Some(bound) = &passport.tag else {
		return Ok(Verdict::Rejected(Rejection::NoTagBound { id }));
	};
	if bound.uid.as_slice() != uid {
		return Ok(Verdict::Rejected(Rejection::ClonedTag {
			read: to_hex(uid),
			bound: to_hex(&bound.uid),
		}));
	}
	let mut details = Vec::new();
	if !signature_ok {
		details.push("the signature does not match the content".to_string());
	}
	if record.factory != passport.factory {
		details.push(format!(
			"factory data differs from the chain ({})",
			factory_differences(&record.factory, &passport.factory).join(", ")
		));
	}
	if record.signer != bound.signer {
		details.push(format!("signed by {}, the chain recorded {}", record.signer, bound.signer));
	}
	if blake2_256(&tag.ndef) != bound.ndef_hash {
		details.push("the NDEF message differs from the one bound on chain".to_string());
	}
	if !details.is_empty() {
		return Ok(Verdict::Rejected(Rejection::Tampered { details }));
	}
	Ok(Verdict::Genuine(genuine(Some(ChainFacts {
		status: passport.status,
		frozen: passport.frozen,
		bound_at: bound.bound_at,
		successor: passport.successor.map(|s| String::from_utf8_lossy(&s).into_owned()),
		accidents: passport.accidents,
	}))))
}

/// The JSON fields of factory data that differ, as `field: tag value != chain value`.
pub fn factory_differences(tag: &FactoryData, chain: &FactoryData) -> Vec<String> {
	let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
		(serde_json::to_value(tag), serde_json::to_value(chain))
	else {
		return vec!["unreadable".into()];
	};
	a.iter()
		.filter(|(key, value)| b.get(*key) != Some(*value))
		.map(|(key, value)| {
			let other = b.get(key).map(|v| v.to_string()).unwrap_or_default();
			format!("{key}: tag {value} != chain {other}")
		})
		.collect()
}

/// Parse hex (with or without `0x`, `:` or spaces between bytes).
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
	let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
	battery_primitives::battery::from_hex(&cleaned).ok_or_else(|| format!("not hex: {text}"))
}
