//! Sealed records of battery-chain: [`seal`] a confidential record for its readers, [`open`] it
//! with a reader's secret key, [`grant`] it to a reader who entered the scope later. The format is
//! [`battery_primitives::sealed`]'s (read it first); the cryptography is RustCrypto's NaCl
//! implementations — `crypto_secretbox` (XSalsa20-Poly1305) for the record and `crypto_box`
//! (X25519 + XSalsa20-Poly1305) for each wrapped data key — nothing hand-written here.
//!
//! `no_std`: the off-chain worker seals and opens inside the runtime. Every function takes its
//! randomness from the caller (`random` fills a buffer), so the worker uses the node's off-chain
//! random seed, the CLI the operating system's generator, and the tests fixed bytes.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
pub use battery_primitives::sealed::{
	check_recipients, commitment, is_valid_reader_key, sorted_unique, Envelope, ReaderPublicKey,
	RecipientError, SealedBody, WrappedKey, DATA_KEY_LEN, SALT_LEN, TAG_LEN, WRAPPED_KEY_LEN,
};
use battery_primitives::{
	battery::blake2_256,
	consortium::{BatteryId, DataCategory},
};
use codec::Encode;
use crypto_box::{
	aead::{Aead, KeyInit},
	PublicKey, SalsaBox, SecretKey,
};
use crypto_secretbox::XSalsa20Poly1305;
use sp_runtime::{traits::Get, BoundedVec};

/// A reader's X25519 secret key (keep it off chain).
pub type ReaderSecretKey = [u8; 32];

/// The reader key (X25519 public key) of `secret`.
pub fn public_key(secret: &ReaderSecretKey) -> ReaderPublicKey {
	SecretKey::from(*secret).public_key().to_bytes()
}

/// Why a record could not be sealed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SealError {
	/// The ciphertext would exceed the envelope's bound.
	TooLarge,
	/// More readers than the envelope's bound.
	TooManyReaders,
	/// The same reader key is listed twice.
	DuplicateReader,
	/// A reader key is not a canonical X25519 point of large order.
	InvalidReaderKey,
	/// The cipher refused (never for valid keys; reported rather than hidden).
	Cipher,
}

/// Why an envelope could not be opened (or granted).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OpenError {
	/// The envelope holds no wrapped key for this secret's reader key.
	NotARecipient,
	/// The wrapped key does not open with this secret (tampered, or not the reader's key).
	BadWrappedKey,
	/// The body does not decrypt under the data key (tampered).
	BadCiphertext,
	/// The body is kept off chain: open it with [`open_detached`] and the fetched ciphertext.
	Detached,
	/// The fetched off-chain ciphertext does not have the envelope's hash.
	CiphertextHashMismatch,
	/// The plaintext is not the committed one (or was sealed for another battery or category).
	CommitmentMismatch,
	/// A newcomer's key is not a canonical X25519 point of large order.
	InvalidReaderKey,
}

/// Seal `plaintext` about `battery` in `category` for `readers` (their reader keys, each once).
pub fn seal<C: Get<u32>, R: Get<u32>>(
	category: DataCategory,
	battery: &BatteryId,
	plaintext: &[u8],
	readers: &[ReaderPublicKey],
	random: &mut impl FnMut(&mut [u8]),
) -> Result<Envelope<C, R>, SealError> {
	seal_inline(category, battery, plaintext, readers, None, random)
}

/// Seal `plaintext` like [`seal`] but with the given `salt` instead of a random one: every sealer
/// that knows the salt and the plaintext produces the same [`Envelope::commitment`] (the data
/// key, nonce and wraps stay random). The off-chain worker seals its results this way, with a salt
/// derived from the batch's ([`derive_salt`]), so independent estimators of one batch agree on
/// the public commitments, while an outsider, who does not know the salt, cannot test guesses of
/// a short plaintext (a SOC, a SOH) against them.
pub fn seal_salted<C: Get<u32>, R: Get<u32>>(
	category: DataCategory,
	battery: &BatteryId,
	plaintext: &[u8],
	readers: &[ReaderPublicKey],
	salt: &[u8; SALT_LEN],
	random: &mut impl FnMut(&mut [u8]),
) -> Result<Envelope<C, R>, SealError> {
	seal_inline(category, battery, plaintext, readers, Some(salt), random)
}

/// A salt derived from the salt of another record (`parent`, known only to that record's
/// readers) for the purpose `label`: BLAKE2b-256 of SCALE `(DERIVED_SALT_CONTEXT, parent, label)`.
pub fn derive_salt(parent: &[u8; SALT_LEN], label: &[u8]) -> [u8; SALT_LEN] {
	blake2_256(&(DERIVED_SALT_CONTEXT, parent, label).encode())
}

/// Domain of [`derive_salt`].
pub const DERIVED_SALT_CONTEXT: &[u8] = b"battery-chain/derived-salt";

/// [`seal`] or [`seal_salted`]: an inline body.
fn seal_inline<C: Get<u32>, R: Get<u32>>(
	category: DataCategory,
	battery: &BatteryId,
	plaintext: &[u8],
	readers: &[ReaderPublicKey],
	salt: Option<&[u8; SALT_LEN]>,
	random: &mut impl FnMut(&mut [u8]),
) -> Result<Envelope<C, R>, SealError> {
	let (envelope, ()) =
		seal_with(category, battery, plaintext, readers, salt, random, |nonce, ciphertext| {
			let ciphertext = ciphertext.try_into().map_err(|_| SealError::TooLarge)?;
			Ok((SealedBody::Inline { nonce, ciphertext }, ()))
		})?;
	Ok(envelope)
}

/// Seal `plaintext` with its ciphertext kept off chain at `reference`: returns the envelope (with
/// the ciphertext's hash) and the ciphertext to store there.
pub fn seal_detached<C: Get<u32>, R: Get<u32>>(
	category: DataCategory,
	battery: &BatteryId,
	plaintext: &[u8],
	readers: &[ReaderPublicKey],
	reference: &[u8],
	random: &mut impl FnMut(&mut [u8]),
) -> Result<(Envelope<C, R>, Vec<u8>), SealError> {
	seal_with(category, battery, plaintext, readers, None, random, |nonce, ciphertext| {
		let reference = reference.to_vec().try_into().map_err(|_| SealError::TooLarge)?;
		let ciphertext_hash = blake2_256(&ciphertext);
		Ok((SealedBody::OffChain { nonce, reference, ciphertext_hash }, ciphertext))
	})
}

/// Open `envelope` (inline body) with `secret`: the plaintext, checked against the commitment.
pub fn open<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	secret: &ReaderSecretKey,
) -> Result<Vec<u8>, OpenError> {
	open_salted(envelope, secret).map(|(_, plaintext)| plaintext)
}

/// [`open`], with the record's salt (to derive the salts of records that follow from it).
pub fn open_salted<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	secret: &ReaderSecretKey,
) -> Result<([u8; SALT_LEN], Vec<u8>), OpenError> {
	match &envelope.body {
		SealedBody::Inline { nonce, ciphertext } => {
			decrypt(envelope, secret, nonce, ciphertext.as_slice())
		},
		SealedBody::OffChain { .. } => Err(OpenError::Detached),
	}
}

/// Open `envelope` whose body is off chain, with the `ciphertext` fetched from its reference.
pub fn open_detached<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	secret: &ReaderSecretKey,
	ciphertext: &[u8],
) -> Result<Vec<u8>, OpenError> {
	match &envelope.body {
		SealedBody::OffChain { nonce, ciphertext_hash, .. } => {
			if blake2_256(ciphertext) != *ciphertext_hash {
				return Err(OpenError::CiphertextHashMismatch);
			}
			decrypt(envelope, secret, nonce, ciphertext)
		},
		SealedBody::Inline { nonce, ciphertext: inline } => {
			decrypt(envelope, secret, nonce, inline.as_slice())
		},
	}
	.map(|(_, plaintext)| plaintext)
}

/// As a reader of `envelope` (`secret`), wrap its data key for `newcomers`: the wrapped keys to
/// add to the record (a grant). An inline body is opened (and its commitment checked) first, so a
/// grant never vouches for an inline record its granter cannot read; an off-chain body is checked
/// only as far as the granter's own wrapped key.
pub fn grant<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	secret: &ReaderSecretKey,
	newcomers: &[ReaderPublicKey],
	random: &mut impl FnMut(&mut [u8]),
) -> Result<Vec<WrappedKey>, OpenError> {
	if !newcomers.iter().all(is_valid_reader_key) {
		return Err(OpenError::InvalidReaderKey);
	}
	let data_key = unwrap(envelope, secret)?;
	if let SealedBody::Inline { nonce, ciphertext } = &envelope.body {
		decrypt_with(envelope, &data_key, nonce, ciphertext.as_slice())?;
	}
	newcomers
		.iter()
		.map(|reader| wrap(&data_key, reader, random).map_err(|_| OpenError::BadWrappedKey))
		.collect()
}

/// Encrypt `salt ‖ plaintext` under a fresh data key (a fresh salt too unless one is given),
/// let `body` place the ciphertext (inline or off chain, with what else it returns), and wrap the
/// key for every reader.
fn seal_with<C: Get<u32>, R: Get<u32>, Extra>(
	category: DataCategory,
	battery: &BatteryId,
	plaintext: &[u8],
	readers: &[ReaderPublicKey],
	given_salt: Option<&[u8; SALT_LEN]>,
	random: &mut impl FnMut(&mut [u8]),
	body: impl FnOnce([u8; 24], Vec<u8>) -> Result<(SealedBody<C>, Extra), SealError>,
) -> Result<(Envelope<C, R>, Extra), SealError> {
	if sorted_unique(readers.iter()).is_none() {
		return Err(SealError::DuplicateReader);
	}
	if !readers.iter().all(is_valid_reader_key) {
		return Err(SealError::InvalidReaderKey);
	}
	let (mut data_key, mut salt, mut nonce) = ([0u8; DATA_KEY_LEN], [0u8; SALT_LEN], [0u8; 24]);
	random(&mut data_key);
	match given_salt {
		Some(given) => salt = *given,
		None => random(&mut salt),
	}
	random(&mut nonce);
	let mut message = Vec::with_capacity(SALT_LEN.saturating_add(plaintext.len()));
	message.extend_from_slice(&salt);
	message.extend_from_slice(plaintext);
	let ciphertext = XSalsa20Poly1305::new(&data_key.into())
		.encrypt(&nonce.into(), message.as_slice())
		.map_err(|_| SealError::Cipher)?;
	let (body, extra) = body(nonce, ciphertext)?;
	let envelope = Envelope {
		category,
		battery: battery.clone(),
		commitment: commitment(category, battery, &salt, plaintext),
		body,
		readers: wrap_all(&data_key, readers, random)?,
	};
	Ok((envelope, extra))
}

/// One wrapped key per reader.
fn wrap_all<R: Get<u32>>(
	data_key: &[u8; DATA_KEY_LEN],
	readers: &[ReaderPublicKey],
	random: &mut impl FnMut(&mut [u8]),
) -> Result<BoundedVec<WrappedKey, R>, SealError> {
	let wraps = readers
		.iter()
		.map(|reader| wrap(data_key, reader, random))
		.collect::<Result<Vec<_>, _>>()?;
	wraps.try_into().map_err(|_| SealError::TooManyReaders)
}

/// The nonce of a wrap: the first 24 bytes of BLAKE2b-256(`ephemeral ‖ reader`).
fn wrap_nonce(ephemeral: &[u8; 32], reader: &ReaderPublicKey) -> [u8; 24] {
	let mut both = [0u8; 64];
	both[..32].copy_from_slice(ephemeral);
	both[32..].copy_from_slice(reader);
	let hash = blake2_256(&both);
	let mut nonce = [0u8; 24];
	nonce.copy_from_slice(&hash[..24]);
	nonce
}

/// The data key in a NaCl box from a fresh ephemeral key to `reader`.
fn wrap(
	data_key: &[u8; DATA_KEY_LEN],
	reader: &ReaderPublicKey,
	random: &mut impl FnMut(&mut [u8]),
) -> Result<WrappedKey, SealError> {
	let mut ephemeral_secret = [0u8; 32];
	random(&mut ephemeral_secret);
	let ephemeral_secret = SecretKey::from(ephemeral_secret);
	let ephemeral = ephemeral_secret.public_key().to_bytes();
	let sealed = SalsaBox::new(&PublicKey::from(*reader), &ephemeral_secret)
		.encrypt(&wrap_nonce(&ephemeral, reader).into(), data_key.as_slice())
		.map_err(|_| SealError::Cipher)?;
	let wrapped: [u8; WRAPPED_KEY_LEN] = sealed.try_into().map_err(|_| SealError::Cipher)?;
	Ok(WrappedKey { reader: *reader, ephemeral, wrapped })
}

/// The data key of `envelope`, unwrapped with `secret`.
fn unwrap<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	secret: &ReaderSecretKey,
) -> Result<[u8; DATA_KEY_LEN], OpenError> {
	let reader = public_key(secret);
	let wrap = envelope
		.readers
		.iter()
		.find(|wrap| wrap.reader == reader)
		.ok_or(OpenError::NotARecipient)?;
	let data_key = SalsaBox::new(&PublicKey::from(wrap.ephemeral), &SecretKey::from(*secret))
		.decrypt(&wrap_nonce(&wrap.ephemeral, &reader).into(), wrap.wrapped.as_slice())
		.map_err(|_| OpenError::BadWrappedKey)?;
	data_key.try_into().map_err(|_| OpenError::BadWrappedKey)
}

/// Decrypt `ciphertext` of `envelope` with `secret`'s wrapped key and check the commitment: the
/// salt and the plaintext.
fn decrypt<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	secret: &ReaderSecretKey,
	nonce: &[u8; 24],
	ciphertext: &[u8],
) -> Result<([u8; SALT_LEN], Vec<u8>), OpenError> {
	decrypt_with(envelope, &unwrap(envelope, secret)?, nonce, ciphertext)
}

/// Decrypt `ciphertext` of `envelope` with its `data_key` and check the commitment: the salt and
/// the plaintext.
fn decrypt_with<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	data_key: &[u8; DATA_KEY_LEN],
	nonce: &[u8; 24],
	ciphertext: &[u8],
) -> Result<([u8; SALT_LEN], Vec<u8>), OpenError> {
	let mut message = XSalsa20Poly1305::new(&(*data_key).into())
		.decrypt(&(*nonce).into(), ciphertext)
		.map_err(|_| OpenError::BadCiphertext)?;
	if message.len() < SALT_LEN {
		return Err(OpenError::BadCiphertext);
	}
	let plaintext = message.split_off(SALT_LEN);
	let mut salt = [0u8; SALT_LEN];
	salt.copy_from_slice(&message);
	if commitment(envelope.category, &envelope.battery, &salt, &plaintext) != envelope.commitment {
		return Err(OpenError::CommitmentMismatch);
	}
	Ok((salt, plaintext))
}

#[cfg(test)]
mod tests;
