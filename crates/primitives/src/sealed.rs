//! Sealed records: the envelope every confidential record travels in, on chain and off.
//!
//! A record's plaintext is encrypted once with a fresh 32-byte data key (XSalsa20-Poly1305, NaCl
//! `secretbox`); the data key is wrapped once per reader with NaCl `box` (X25519, XSalsa20-
//! Poly1305) from a fresh ephemeral key per wrap, so a reader already in scope can later wrap it
//! for a newcomer without the author. The chain stores and checks envelopes but never decrypts:
//! `battery-seal` seals, opens and grants (the CLI, the scripts' JS helper and the off-chain
//! worker use the same format).
//!
//! # Format
//!
//! - sealed plaintext = `salt (32 bytes) ‖ plaintext`, encrypted under the data key with the
//!   body's 24-byte nonce (16-byte Poly1305 tag added);
//! - [`Envelope::commitment`] = BLAKE2b-256 of the SCALE encoding of
//!   `(category, battery, salt, plaintext)`: public, so anyone can check that a later result names
//!   a real record, and a holder of the key can check that the plaintext is the committed one and
//!   was sealed for this battery and category (the salt keeps a short plaintext, e.g. a running
//!   mode, from being guessed from its hash);
//! - [`WrappedKey`]: the data key in a NaCl `box` from `ephemeral` to `reader`, nonce = the first
//!   24 bytes of BLAKE2b-256(`ephemeral ‖ reader`) (each wrap has its own ephemeral key, so a
//!   nonce never repeats under one shared key).
//!
//! Sizes: 32 + 16 bytes per record on top of the plaintext (salt, tag), 24 bytes of nonce, 32 of
//! commitment, and [`WrappedKey::ENCODED_LEN`] = 112 bytes per reader.

use crate::consortium::{BatteryId, DataCategory};
use crate::serde_helpers::hex_bytes;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::Get, BoundedVec};

/// An X25519 public key a reader registered (its reader key).
pub type ReaderPublicKey = [u8; 32];

/// Length of the salt prepended to every sealed plaintext.
pub const SALT_LEN: usize = 32;
/// Length of the Poly1305 tag XSalsa20-Poly1305 appends.
pub const TAG_LEN: usize = 16;
/// Length of a data key.
pub const DATA_KEY_LEN: usize = 32;
/// Length of a wrapped data key (the key and its tag).
pub const WRAPPED_KEY_LEN: usize = DATA_KEY_LEN + TAG_LEN;

/// The data key of one record wrapped for one reader key.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct WrappedKey {
	/// The reader key the data key is wrapped for.
	#[serde(with = "hex_bytes")]
	pub reader: ReaderPublicKey,
	/// The one-time X25519 public key of the wrap.
	#[serde(with = "hex_bytes")]
	pub ephemeral: [u8; 32],
	/// The data key in a NaCl `box` from `ephemeral` to `reader`.
	#[serde(with = "hex_bytes")]
	pub wrapped: [u8; WRAPPED_KEY_LEN],
}

impl WrappedKey {
	/// SCALE-encoded length of a wrapped key.
	pub const ENCODED_LEN: usize = 32 + 32 + WRAPPED_KEY_LEN;
}

/// Where the sealed plaintext is.
#[derive(
	Clone,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all_fields = "camelCase", bound = "")]
#[scale_info(skip_type_params(MaxCiphertext))]
pub enum SealedBody<MaxCiphertext: Get<u32>> {
	/// On chain: the ciphertext (`salt ‖ plaintext`, encrypted, tag appended).
	#[codec(index = 0)]
	Inline {
		/// The secretbox nonce.
		#[serde(with = "hex_bytes")]
		nonce: [u8; 24],
		/// The ciphertext.
		#[serde(with = "hex_bytes")]
		ciphertext: BoundedVec<u8, MaxCiphertext>,
	},
	/// Off chain (a document store, IPFS): where the ciphertext is and its BLAKE2b-256 hash.
	#[codec(index = 1)]
	OffChain {
		/// The secretbox nonce.
		#[serde(with = "hex_bytes")]
		nonce: [u8; 24],
		/// A URI or content id (UTF-8, at most [`MAX_REFERENCE_LEN`] bytes).
		#[serde(with = "crate::serde_helpers::text")]
		reference: BoundedVec<u8, sp_runtime::traits::ConstU32<MAX_REFERENCE_LEN>>,
		/// BLAKE2b-256 of the ciphertext stored there.
		#[serde(with = "hex_bytes")]
		ciphertext_hash: [u8; 32],
	},
}

// `PartialEq` by hand: a derive would require the bound types (`ConstU32<N>`) to be comparable.
impl<M: Get<u32>> PartialEq for SealedBody<M> {
	fn eq(&self, other: &Self) -> bool {
		self.encode() == other.encode()
	}
}
impl<M: Get<u32>> Eq for SealedBody<M> {}

/// Longest off-chain reference, bytes.
pub const MAX_REFERENCE_LEN: u32 = 128;

impl<M: Get<u32>> SealedBody<M> {
	/// The secretbox nonce.
	pub fn nonce(&self) -> &[u8; 24] {
		match self {
			Self::Inline { nonce, .. } | Self::OffChain { nonce, .. } => nonce,
		}
	}
}

/// A sealed record: what it is about, its public commitment, the encrypted body and one wrapped
/// data key per reader.
#[derive(
	Clone,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", bound = "")]
#[scale_info(skip_type_params(MaxCiphertext, MaxReaders))]
pub struct Envelope<MaxCiphertext: Get<u32>, MaxReaders: Get<u32>> {
	/// The data category of the record.
	pub category: DataCategory,
	/// The battery the record is about.
	#[serde(with = "crate::serde_helpers::text")]
	pub battery: BatteryId,
	/// BLAKE2b-256 of SCALE `(category, battery, salt, plaintext)`.
	#[serde(with = "hex_bytes")]
	pub commitment: [u8; 32],
	/// The encrypted plaintext, inline or referenced.
	pub body: SealedBody<MaxCiphertext>,
	/// The data key, wrapped once per reader key.
	pub readers: BoundedVec<WrappedKey, MaxReaders>,
}

impl<C: Get<u32>, R: Get<u32>> Envelope<C, R> {
	/// The reader keys the envelope is sealed for, in its order.
	pub fn reader_keys(&self) -> impl Iterator<Item = &ReaderPublicKey> {
		self.readers.iter().map(|wrap| &wrap.reader)
	}
}

impl<C: Get<u32>, R: Get<u32>> PartialEq for Envelope<C, R> {
	fn eq(&self, other: &Self) -> bool {
		self.encode() == other.encode()
	}
}
impl<C: Get<u32>, R: Get<u32>> Eq for Envelope<C, R> {}

/// The commitment of a plaintext sealed for `battery` and `category` with `salt`.
pub fn commitment(
	category: DataCategory,
	battery: &[u8],
	salt: &[u8; SALT_LEN],
	plaintext: &[u8],
) -> [u8; 32] {
	crate::battery::blake2_256(&(category, battery, salt, plaintext).encode())
}

/// Canonical X25519 public keys of small order (below p = 2^255 - 19, bit 255 clear): a box to
/// one of them has a predictable shared secret.
const SMALL_ORDER_KEYS: [ReaderPublicKey; 5] = [
	[0; 32],
	{
		let mut one = [0u8; 32];
		one[0] = 1;
		one
	},
	[
		0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
		0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
		0xb8, 0x00,
	],
	[
		0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
		0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
		0x11, 0x57,
	],
	[
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
];

/// Whether `key` may serve as a reader key: canonical (bit 255 clear and below p = 2^255 - 19,
/// so no second encoding of the same point exists) and not of small order. X25519 ignores bit
/// 255 and reduces modulo p, so without the canonical rule every weak or registered key would
/// have aliases.
pub fn is_valid_reader_key(key: &ReaderPublicKey) -> bool {
	let top_bit_clear = key[31] & 0x80 == 0;
	// A value in [p, 2^255): 0x7f, thirty 0xff bytes and a low byte of at least 0xed.
	let at_least_p = key[31] == 0x7f && key[1..31].iter().all(|b| *b == 0xff) && key[0] >= 0xed;
	top_bit_clear && !at_least_p && !SMALL_ORDER_KEYS.contains(key)
}

/// Why an envelope's recipients are refused (the write-time check every sealing pallet makes).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RecipientError {
	/// A reader key appears twice.
	Duplicate,
	/// A reader in scope has no wrapped key.
	MissingReader,
	/// A wrapped key is for a key that is not in scope.
	UnexpectedReader,
}

/// `keys` sorted, or `None` if one appears twice.
pub fn sorted_unique<'a>(
	keys: impl Iterator<Item = &'a ReaderPublicKey>,
) -> Option<alloc::vec::Vec<&'a ReaderPublicKey>> {
	let mut sorted: alloc::vec::Vec<&ReaderPublicKey> = keys.collect();
	sorted.sort_unstable();
	if sorted.windows(2).any(|pair| pair[0] == pair[1]) {
		None
	} else {
		Some(sorted)
	}
}

/// Check that `envelope` is sealed for exactly the keys `expected` (in any order, each once).
///
/// It checks which keys are listed, not that each wrap opens: the chain holds no secret, so an
/// author could list a key with a garbage wrap. A reader who cannot open its wrap can show it (the
/// wrap and its own secret prove it) and ask for a grant from another reader.
pub fn check_recipients<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	expected: &[ReaderPublicKey],
) -> Result<(), RecipientError> {
	let seen = sorted_unique(envelope.reader_keys()).ok_or(RecipientError::Duplicate)?;
	if seen.iter().any(|key| !expected.contains(key)) {
		return Err(RecipientError::UnexpectedReader);
	}
	if expected.iter().any(|key| seen.binary_search(&key).is_err()) {
		return Err(RecipientError::MissingReader);
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::traits::ConstU32;

	type Small = Envelope<ConstU32<64>, ConstU32<4>>;

	fn envelope(readers: &[u8]) -> Small {
		Small {
			category: DataCategory::Maintenance,
			battery: BatteryId::truncate_from(b"03HPE0A2D000C7LB50000001".to_vec()),
			commitment: [7; 32],
			body: SealedBody::Inline {
				nonce: [1; 24],
				ciphertext: BoundedVec::truncate_from(alloc::vec![9; 48]),
			},
			readers: BoundedVec::truncate_from(
				readers
					.iter()
					.map(|r| WrappedKey { reader: [*r; 32], ephemeral: [0; 32], wrapped: [0; 48] })
					.collect(),
			),
		}
	}

	#[test]
	fn recipients_must_be_exactly_the_scope() {
		let keys = [[1u8; 32], [2u8; 32]];
		assert_eq!(check_recipients(&envelope(&[2, 1]), &keys), Ok(()));
		assert_eq!(check_recipients(&envelope(&[1]), &keys), Err(RecipientError::MissingReader));
		assert_eq!(
			check_recipients(&envelope(&[1, 2, 3]), &keys),
			Err(RecipientError::UnexpectedReader)
		);
		assert_eq!(check_recipients(&envelope(&[1, 1, 2]), &keys), Err(RecipientError::Duplicate));
		assert_eq!(check_recipients(&envelope(&[]), &[]), Ok(()));
	}

	#[test]
	fn weak_and_aliased_reader_keys_are_invalid() {
		assert!(is_valid_reader_key(&[0x42; 32]));
		for weak in SMALL_ORDER_KEYS {
			assert!(!is_valid_reader_key(&weak));
			// The same points with bit 255 set (X25519 ignores it).
			let mut high = weak;
			high[31] |= 0x80;
			assert!(!is_valid_reader_key(&high));
		}
		// p and p + 1 (the points 0 and 1 again), and any key with bit 255 set.
		let mut p = [0xff; 32];
		p[0] = 0xed;
		p[31] = 0x7f;
		let mut p1 = p;
		p1[0] = 0xee;
		assert!(!is_valid_reader_key(&p) && !is_valid_reader_key(&p1));
		let mut high = [0x42; 32];
		high[31] |= 0x80;
		assert!(!is_valid_reader_key(&high));
	}

	#[test]
	fn wrapped_key_size_is_documented() {
		let wrap = WrappedKey { reader: [0; 32], ephemeral: [0; 32], wrapped: [0; 48] };
		assert_eq!(wrap.encoded_size(), WrappedKey::ENCODED_LEN);
		assert_eq!(WrappedKey::max_encoded_len(), 112);
	}

	#[test]
	fn commitment_binds_category_and_battery() {
		let salt = [3; SALT_LEN];
		let base = commitment(DataCategory::Usage, b"B1", &salt, b"Normal");
		assert_ne!(base, commitment(DataCategory::Maintenance, b"B1", &salt, b"Normal"));
		assert_ne!(base, commitment(DataCategory::Usage, b"B2", &salt, b"Normal"));
		assert_ne!(base, commitment(DataCategory::Usage, b"B1", &[4; SALT_LEN], b"Normal"));
		assert_ne!(base, commitment(DataCategory::Usage, b"B1", &salt, b"Eco"));
	}
}
