//! Tag: [`TagUid`] and [`tag_signing_payload`], what the manufacturer signs for an NFC / RFID tag.

use super::Hash32;
use alloc::vec::Vec;
use codec::Encode;
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Maximum length in bytes of a tag UID (ISO 14443 UIDs are 4, 7 or 10 bytes; UHF TIDs up to 12).
pub const MAX_TAG_UID_LEN: u32 = 16;
/// Minimum length in bytes of a tag UID.
pub const MIN_TAG_UID_LEN: u32 = 4;
/// Domain separator in front of every tag signature payload ([`tag_signing_payload`]).
pub const TAG_SIGNING_CONTEXT: &[u8] = b"battery-chain:tag:v1";

/// Unique identifier of an NFC / RFID tag (raw bytes).
pub type TagUid = BoundedVec<u8, ConstU32<MAX_TAG_UID_LEN>>;

/// The bytes a manufacturer signs to bind a tag: [`TAG_SIGNING_CONTEXT`] followed by the SCALE
/// encoding of `(uid, battery_id, factory_hash)` (byte strings with their compact length).
///
/// The signature is made with the manufacturer's account key or one of its registered signing
/// keys (sr25519 or ed25519; `MultiSignature` on chain) and written on the tag next to the
/// factory data; the chain verifies it when the tag is bound.
pub fn tag_signing_payload(uid: &[u8], battery_id: &[u8], factory_hash: &Hash32) -> Vec<u8> {
	let mut payload = TAG_SIGNING_CONTEXT.to_vec();
	(uid, battery_id, factory_hash).encode_to(&mut payload);
	payload
}

/// Whether `uid` has an acceptable tag UID length.
pub fn is_valid_tag_uid(uid: &[u8]) -> bool {
	(MIN_TAG_UID_LEN as usize..=MAX_TAG_UID_LEN as usize).contains(&uid.len())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn signing_payload_is_context_plus_scale() {
		let payload = tag_signing_payload(&[4, 1, 2, 3], b"ID", &[7; 32]);
		assert!(payload.starts_with(TAG_SIGNING_CONTEXT));
		let rest = &payload[TAG_SIGNING_CONTEXT.len()..];
		assert_eq!(rest, (alloc::vec![4u8, 1, 2, 3], b"ID".to_vec(), [7u8; 32]).encode());
	}
}
