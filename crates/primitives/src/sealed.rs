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

/// Most reader keys one sealed record carries: the keys it is sealed to when written (at most
/// [`crate::scope::MAX_SEALING_KEYS`]) and the readers grants add later.
pub const MAX_SEALED_READERS: u32 = 16;

/// [`MAX_SEALED_READERS`] as a bound.
pub type MaxSealedReaders = sp_runtime::traits::ConstU32<MAX_SEALED_READERS>;

/// Most readers one grant adds.
pub const MAX_GRANT_READERS: u32 = 4;

/// Length of the salt prepended to every sealed plaintext.
pub const SALT_LEN: usize = 32;
/// Length of the Poly1305 tag XSalsa20-Poly1305 appends.
pub const TAG_LEN: usize = 16;
/// Length of a data key.
pub const DATA_KEY_LEN: usize = 32;
/// Bytes sealing adds to a plaintext in its ciphertext: the salt and the tag.
pub const SEAL_OVERHEAD: usize = SALT_LEN + TAG_LEN;

/// Length of the ciphertext of a `plaintext_len`-byte plaintext.
pub const fn ciphertext_len(plaintext_len: u32) -> u32 {
	plaintext_len.saturating_add(SEAL_OVERHEAD as u32)
}

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

/// An envelope whose plaintext is the SCALE encoding of a `P`. Encoded exactly as its envelope;
/// `P` is only named in the type (and so in the runtime metadata, as the type parameter `P`),
/// so a reader who opened it decodes the plaintext from the metadata, with no type definition
/// of its own.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug, Serialize, Deserialize,
)]
#[serde(transparent, bound = "")]
#[scale_info(skip_type_params(C, R))]
pub struct Sealed<P, C: Get<u32>, R: Get<u32>> {
	/// The envelope.
	pub envelope: Envelope<C, R>,
	#[codec(skip)]
	#[serde(skip)]
	plaintext: core::marker::PhantomData<P>,
}

impl<P, C: Get<u32>, R: Get<u32>> Sealed<P, C, R> {
	/// `envelope` as the sealed encoding of a `P`.
	pub fn new(envelope: Envelope<C, R>) -> Self {
		Self { envelope, plaintext: core::marker::PhantomData }
	}
}

// By hand: derives would require the parameters themselves to be comparable and cloneable.
impl<P, C: Get<u32>, R: Get<u32>> Clone for Sealed<P, C, R>
where
	Envelope<C, R>: Clone,
{
	fn clone(&self) -> Self {
		Self::new(self.envelope.clone())
	}
}
impl<P, C: Get<u32>, R: Get<u32>> PartialEq for Sealed<P, C, R> {
	fn eq(&self, other: &Self) -> bool {
		self.envelope == other.envelope
	}
}
impl<P, C: Get<u32>, R: Get<u32>> Eq for Sealed<P, C, R> {}

impl<P, C: Get<u32>, R: Get<u32>> core::ops::Deref for Sealed<P, C, R> {
	type Target = Envelope<C, R>;
	fn deref(&self) -> &Envelope<C, R> {
		&self.envelope
	}
}

/// The commitment of a plaintext sealed for `battery` and `category` with `salt`.
pub fn commitment(
	category: DataCategory,
	battery: &[u8],
	salt: &[u8; SALT_LEN],
	plaintext: &[u8],
) -> [u8; 32] {
	crate::battery::blake2_256(&(category, battery, salt, plaintext).encode())
}

/// An envelope of the shape a client would seal (an inline ciphertext of `ciphertext_len` bytes,
/// one wrap per key in `readers`) whose bytes are meaningless: for the benchmarks and tests of
/// the write-time checks, which look at subjects, shapes and reader keys, never at plaintext.
/// Sealing for real is `battery-seal`'s job.
pub fn placeholder_envelope<C: Get<u32>, R: Get<u32>>(
	category: DataCategory,
	battery: &BatteryId,
	readers: &[ReaderPublicKey],
	ciphertext_len: usize,
) -> Envelope<C, R> {
	Envelope {
		category,
		battery: battery.clone(),
		commitment: [0xc0; 32],
		body: SealedBody::Inline {
			nonce: [0x17; 24],
			ciphertext: BoundedVec::truncate_from(alloc::vec![0xa5; ciphertext_len]),
		},
		readers: BoundedVec::truncate_from(
			readers
				.iter()
				.map(|reader| WrappedKey {
					reader: *reader,
					ephemeral: [0xe0; 32],
					wrapped: [0x3a; WRAPPED_KEY_LEN],
				})
				.collect(),
		),
	}
}

/// Wrapped keys of the shape a granter would make, one per key in `readers`, whose bytes are
/// meaningless: for the benchmarks and tests of grants (see [`placeholder_envelope`]).
pub fn placeholder_wraps(readers: &[ReaderPublicKey]) -> alloc::vec::Vec<WrappedKey> {
	readers
		.iter()
		.map(|reader| WrappedKey {
			reader: *reader,
			ephemeral: [1; 32],
			wrapped: [2; WRAPPED_KEY_LEN],
		})
		.collect()
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

/// Why an envelope or a grant is refused (the write-time checks every sealing pallet makes; each
/// pallet maps the variants to its own typed errors).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RecipientError {
	/// A reader key appears twice.
	Duplicate,
	/// A reader in scope has no wrapped key.
	MissingReader,
	/// A wrapped key is for a key that is not in scope.
	UnexpectedReader,
	/// Nobody in scope (nor the author) has a reader key: nobody could open the record.
	NoReaders,
	/// The envelope names another battery or category than the record it is written for.
	WrongSubject,
	/// The inline ciphertext is shorter than salt and tag, or the off-chain reference is empty.
	Malformed,
	/// A grant adds a reader that already has a wrapped key.
	AlreadyReader,
	/// The grant adds nobody.
	EmptyGrant,
	/// The record would carry more wrapped keys than its bound.
	TooManyReaders,
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

/// The whole write-time check of a new sealed record: `envelope` is about `battery` and
/// `category`, its body is well formed, and it is sealed for exactly `expected` (which must not
/// be empty).
pub fn check_new_record<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
	category: DataCategory,
	battery: &BatteryId,
	expected: &[ReaderPublicKey],
) -> Result<(), RecipientError> {
	if envelope.category != category || &envelope.battery != battery {
		return Err(RecipientError::WrongSubject);
	}
	let well_formed = match &envelope.body {
		SealedBody::Inline { ciphertext, .. } => ciphertext.len() >= SEAL_OVERHEAD,
		SealedBody::OffChain { reference, .. } => !reference.is_empty(),
	};
	if !well_formed {
		return Err(RecipientError::Malformed);
	}
	if expected.is_empty() {
		return Err(RecipientError::NoReaders);
	}
	check_recipients(envelope, expected)
}

/// Add the wrapped keys of a grant by `granter` to `envelope`: each for a key in `allowed` (the
/// scope now), none already a reader of the record, none twice, at most one key per account
/// (`owner` names a key's account), within the envelope's bound. A wrap for a key whose account
/// already has an older key on the record is refused (`AlreadyReader`), unless the granter is
/// that account re-wrapping for its rotated key: then it replaces the old wrap, so rotations do
/// not use up the bound. On error the envelope is unchanged.
pub fn add_readers<C: Get<u32>, R: Get<u32>, A: PartialEq>(
	envelope: &mut Envelope<C, R>,
	wraps: &[WrappedKey],
	allowed: &[ReaderPublicKey],
	granter: &A,
	owner: impl Fn(&ReaderPublicKey) -> Option<A>,
) -> Result<(), RecipientError> {
	if wraps.is_empty() {
		return Err(RecipientError::EmptyGrant);
	}
	sorted_unique(wraps.iter().map(|wrap| &wrap.reader)).ok_or(RecipientError::Duplicate)?;
	let owners: alloc::vec::Vec<Option<A>> = wraps.iter().map(|wrap| owner(&wrap.reader)).collect();
	for (k, account) in owners.iter().enumerate() {
		if account.is_some() && owners[..k].contains(account) {
			return Err(RecipientError::Duplicate);
		}
	}
	// The account of every key already on the record, looked up once.
	let listed: alloc::vec::Vec<Option<A>> = envelope.reader_keys().map(&owner).collect();
	// For each wrap, the position of the wrap it replaces (the granter's own older key).
	let mut replaces: alloc::vec::Vec<Option<usize>> = alloc::vec::Vec::new();
	for (wrap, account) in wraps.iter().zip(&owners) {
		if !allowed.contains(&wrap.reader) {
			return Err(RecipientError::UnexpectedReader);
		}
		if envelope.reader_keys().any(|key| *key == wrap.reader) {
			return Err(RecipientError::AlreadyReader);
		}
		let older = account
			.as_ref()
			.and_then(|account| listed.iter().position(|other| other.as_ref() == Some(account)));
		match (older, account) {
			(Some(position), Some(account)) if account == granter => replaces.push(Some(position)),
			(Some(_), _) => return Err(RecipientError::AlreadyReader),
			(None, _) => replaces.push(None),
		}
	}
	let added = replaces.iter().filter(|position| position.is_none()).count();
	if envelope.readers.len().saturating_add(added) > R::get() as usize {
		return Err(RecipientError::TooManyReaders);
	}
	for (wrap, position) in wraps.iter().zip(replaces) {
		match position.and_then(|position| envelope.readers.get_mut(position)) {
			Some(old) => *old = wrap.clone(),
			None => envelope
				.readers
				.try_push(wrap.clone())
				.map_err(|_| RecipientError::TooManyReaders)?,
		}
	}
	Ok(())
}

/// Why a grant was refused ([`grant_in_scope`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GrantError {
	/// The battery is not registered.
	UnknownBattery,
	/// The granter is not in the record's scope.
	NotInScope,
	/// The granter is not a reader of the record (it cannot have unwrapped its data key).
	NotRecipient,
	/// The wraps are refused ([`add_readers`]).
	Recipients(RecipientError),
}

/// A grant by `granter` of `envelope` (a record of `category` about `battery`), as every pallet
/// checks it: the granter must be in scope now and a reader of the record (one of its kept keys,
/// or for an Authority member the Authority's current key, is on it; anyone else's wraps could
/// only be garbage that blocks the newcomer's real grant), and the wraps must pass
/// [`add_readers`] against the keys of the scope now. On error the envelope is unchanged.
pub fn grant_in_scope<
	A: PartialEq,
	Consortium: crate::consortium::ConsortiumInspect<A>,
	C: Get<u32>,
	R: Get<u32>,
>(
	envelope: &mut Envelope<C, R>,
	category: DataCategory,
	battery: &BatteryId,
	granter: &A,
	wraps: &[WrappedKey],
) -> Result<(), GrantError> {
	let allowed =
		Consortium::sealing_keys(battery, category, None).ok_or(GrantError::UnknownBattery)?;
	if !Consortium::can_read(granter, battery, category) {
		return Err(GrantError::NotInScope);
	}
	if !can_open::<A, Consortium, C, R>(envelope, granter) {
		return Err(GrantError::NotRecipient);
	}
	add_readers(envelope, wraps, &allowed, granter, Consortium::reader_key_owner)
		.map_err(GrantError::Recipients)
}

/// Whether `who` can open `envelope`: one of its kept reader keys, or for an Authority member
/// the Authority's current key, is on it. A grant needs it: anyone else's wraps could only be
/// garbage that blocks a newcomer's real grant.
pub fn can_open<
	A,
	Consortium: crate::consortium::ConsortiumInspect<A>,
	C: Get<u32>,
	R: Get<u32>,
>(
	envelope: &Envelope<C, R>,
	who: &A,
) -> bool {
	let own = Consortium::reader_keys_of(who);
	let authority = Consortium::has_role(who, crate::consortium::Role::Authority)
		.then(Consortium::authority_reader_key)
		.flatten();
	envelope.reader_keys().any(|key| own.contains(key) || authority.as_ref() == Some(key))
}

/// `From<RecipientError>` for a pallet's `Error<T>` that writes new sealed records but takes no
/// grants: `DuplicateRecipient`, `MissingRecipient`, `UnexpectedRecipient`, `NoRecipients`,
/// `EnvelopeMismatch` and `MalformedEnvelope` (for the grant errors, which
/// [`check_new_record`] never returns).
#[macro_export]
macro_rules! impl_new_record_errors {
	($error:ident) => {
		impl<T> From<$crate::sealed::RecipientError> for $error<T> {
			fn from(error: $crate::sealed::RecipientError) -> Self {
				use $crate::sealed::RecipientError as E;
				match error {
					E::Duplicate => $error::<T>::DuplicateRecipient,
					E::MissingReader => $error::<T>::MissingRecipient,
					E::UnexpectedReader => $error::<T>::UnexpectedRecipient,
					E::NoReaders => $error::<T>::NoRecipients,
					E::WrongSubject => $error::<T>::EnvelopeMismatch,
					E::Malformed | E::AlreadyReader | E::EmptyGrant | E::TooManyReaders => {
						$error::<T>::MalformedEnvelope
					},
				}
			}
		}
	};
}

/// `From<RecipientError>` and `From<GrantError>` for a pallet's `Error<T>` that names the
/// rejections of sealed records and their grants the same way in every pallet:
/// `DuplicateRecipient`, `MissingRecipient`, `UnexpectedRecipient`, `NoRecipients`,
/// `EnvelopeMismatch`, `MalformedEnvelope`, `AlreadyRecipient`, `EmptyGrant`,
/// `TooManyRecipients`, `UnknownBattery`, `NotInScope` and `NotRecipient`.
#[macro_export]
macro_rules! impl_sealing_errors {
	($error:ident) => {
		$crate::impl_recipient_errors!($error);

		impl<T> From<$crate::sealed::GrantError> for $error<T> {
			fn from(error: $crate::sealed::GrantError) -> Self {
				use $crate::sealed::GrantError as E;
				match error {
					E::UnknownBattery => $error::<T>::UnknownBattery,
					E::NotInScope => $error::<T>::NotInScope,
					E::NotRecipient => $error::<T>::NotRecipient,
					E::Recipients(error) => error.into(),
				}
			}
		}
	};
}

/// `From<RecipientError>` for a pallet's `Error<T>` that writes sealed records and adds readers
/// to them by its own grant rules (not [`grant_in_scope`]'s battery scope): every
/// [`RecipientError`] by the name [`impl_sealing_errors`] gives it.
#[macro_export]
macro_rules! impl_recipient_errors {
	($error:ident) => {
		impl<T> From<$crate::sealed::RecipientError> for $error<T> {
			fn from(error: $crate::sealed::RecipientError) -> Self {
				use $crate::sealed::RecipientError as E;
				match error {
					E::Duplicate => $error::<T>::DuplicateRecipient,
					E::MissingReader => $error::<T>::MissingRecipient,
					E::UnexpectedReader => $error::<T>::UnexpectedRecipient,
					E::NoReaders => $error::<T>::NoRecipients,
					E::WrongSubject => $error::<T>::EnvelopeMismatch,
					E::Malformed => $error::<T>::MalformedEnvelope,
					E::AlreadyReader => $error::<T>::AlreadyRecipient,
					E::EmptyGrant => $error::<T>::EmptyGrant,
					E::TooManyReaders => $error::<T>::TooManyRecipients,
				}
			}
		}
	};
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
	fn new_records_must_name_their_subject_and_be_well_formed() {
		let keys = [[1u8; 32]];
		let record = envelope(&[1]);
		let battery = record.battery.clone();
		assert_eq!(check_new_record(&record, DataCategory::Maintenance, &battery, &keys), Ok(()));
		assert_eq!(
			check_new_record(&record, DataCategory::Usage, &battery, &keys),
			Err(RecipientError::WrongSubject)
		);
		let other = BatteryId::truncate_from(b"OTHER".to_vec());
		assert_eq!(
			check_new_record(&record, DataCategory::Maintenance, &other, &keys),
			Err(RecipientError::WrongSubject)
		);
		assert_eq!(
			check_new_record(&envelope(&[]), DataCategory::Maintenance, &battery, &[]),
			Err(RecipientError::NoReaders)
		);
		let mut short = record.clone();
		short.body = SealedBody::Inline {
			nonce: [1; 24],
			ciphertext: BoundedVec::truncate_from(alloc::vec![9; SALT_LEN + TAG_LEN - 1]),
		};
		assert_eq!(
			check_new_record(&short, DataCategory::Maintenance, &battery, &keys),
			Err(RecipientError::Malformed)
		);
		short.body = SealedBody::OffChain {
			nonce: [1; 24],
			reference: Default::default(),
			ciphertext_hash: [0; 32],
		};
		assert_eq!(
			check_new_record(&short, DataCategory::Maintenance, &battery, &keys),
			Err(RecipientError::Malformed)
		);
	}

	#[test]
	fn grants_add_only_new_readers_in_scope() {
		let wrap = |r: u8| WrappedKey { reader: [r; 32], ephemeral: [0; 32], wrapped: [0; 48] };
		let allowed = [[1u8; 32], [2; 32], [3; 32], [4; 32], [5; 32]];
		// Key n belongs to account n, except keys 6 and 7, both of account 1 (rotated).
		let owner = |key: &ReaderPublicKey| {
			Some(match key[0] {
				6 | 7 => 1u8,
				n => n,
			})
		};
		let mut record = envelope(&[1]);
		let before = record.clone();
		let add = |record: &mut Small, wraps: &[WrappedKey], granter: u8| {
			add_readers(record, wraps, &allowed, &granter, owner)
		};
		assert_eq!(add(&mut record, &[], 1), Err(RecipientError::EmptyGrant));
		assert_eq!(add(&mut record, &[wrap(2), wrap(9)], 1), Err(RecipientError::UnexpectedReader));
		assert_eq!(add(&mut record, &[wrap(2), wrap(1)], 1), Err(RecipientError::AlreadyReader));
		assert_eq!(add(&mut record, &[wrap(2), wrap(2)], 1), Err(RecipientError::Duplicate));
		assert_eq!(
			add(&mut record, &[wrap(2), wrap(3), wrap(4), wrap(5)], 1),
			Err(RecipientError::TooManyReaders)
		);
		assert!(record == before, "a refused grant changes nothing");
		assert_eq!(add(&mut record, &[wrap(3), wrap(2)], 1), Ok(()));
		assert_eq!(
			record.reader_keys().copied().collect::<alloc::vec::Vec<_>>(),
			alloc::vec![[1; 32], [3; 32], [2; 32]]
		);
	}

	#[test]
	fn one_wrap_per_account_and_only_its_owner_replaces_it() {
		let wrap = |r: u8| WrappedKey { reader: [r; 32], ephemeral: [0; 32], wrapped: [0; 48] };
		// Account 1 rotated from key 1 to key 6; key 7 is another key of account 1.
		let owner = |key: &ReaderPublicKey| {
			Some(match key[0] {
				6 | 7 => 1u8,
				n => n,
			})
		};
		let allowed = [[6u8; 32], [2; 32]];
		let mut record = envelope(&[1, 2]);
		// Someone else may not put a wrap for account 1's new key next to (or over) its old one.
		assert_eq!(
			add_readers(&mut record, &[wrap(6)], &allowed, &2u8, owner),
			Err(RecipientError::AlreadyReader)
		);
		// Account 1 re-wraps for its own new key: the old wrap gives way, the record does not grow.
		assert_eq!(add_readers(&mut record, &[wrap(6)], &allowed, &1u8, owner), Ok(()));
		assert_eq!(
			record.reader_keys().copied().collect::<alloc::vec::Vec<_>>(),
			alloc::vec![[6; 32], [2; 32]]
		);
		// Two keys of one account in one grant.
		let allowed = [[6u8; 32], [7; 32]];
		let mut fresh = envelope(&[2]);
		assert_eq!(
			add_readers(&mut fresh, &[wrap(6), wrap(7)], &allowed, &2u8, owner),
			Err(RecipientError::Duplicate)
		);
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

	#[test]
	fn a_typed_envelope_encodes_as_its_envelope_and_names_its_plaintext() {
		type Typed = Sealed<(u32, bool), ConstU32<64>, ConstU32<4>>;
		let typed = Typed::new(envelope(&[1, 2]));
		assert_eq!(typed.encode(), envelope(&[1, 2]).encode());
		assert_eq!(Typed::decode(&mut &typed.encode()[..]).unwrap(), typed);
		assert_eq!(Typed::max_encoded_len(), Small::max_encoded_len());
		let info = <Typed as TypeInfo>::type_info();
		let param = info.type_params.iter().find(|p| p.name == "P").expect("P is a parameter");
		assert_eq!(param.ty, Some(scale_info::meta_type::<(u32, bool)>()));
		let typed_params = info.type_params.iter().filter(|p| p.ty.is_some()).count();
		assert_eq!(typed_params, 1, "the bounds carry no type");
		assert_eq!(
			serde_json::to_value(&typed).unwrap(),
			serde_json::to_value(envelope(&[1, 2])).unwrap()
		);
	}
}
