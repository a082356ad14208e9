//! The estimator node's reader secrets: the X25519 secret keys its off-chain worker opens sealed
//! records with (telemetry batches sealed for the battery's Usage scope) and the randomness it
//! seals its own results with.
//!
//! The keystore's host functions sign but do not decrypt, so the secrets live in the node's
//! persistent off-chain local storage under [`READER_SECRETS_KEY`], as the SCALE encoding of a
//! list of 32-byte secrets (at most [`MAX_READER_SECRETS`]). The node operator writes them (the
//! `offchain_localStorageSet` RPC with kind `PERSISTENT`, an unsafe method served only on a
//! node's local RPC), and registers each secret's public key on chain as the reader key of the
//! member the node works for. They never leave the node: nothing here writes them to the chain,
//! logs them or returns them to a caller outside the worker.

use alloc::vec::Vec;
use battery_seal::{open_salted, public_key, Envelope, OpenError, ReaderSecretKey, SALT_LEN};
use frame_support::traits::Get;
use sp_runtime::offchain::storage::StorageValueRef;

/// Persistent off-chain local-storage key of the node's reader secrets.
pub const READER_SECRETS_KEY: &[u8] = b"battery-chain/telemetry/ocw/reader-secrets";

/// Most reader secrets a node keeps (a member's current key and a few rotated ones, for several
/// members if the node works for several).
pub const MAX_READER_SECRETS: usize = 16;

/// The node's reader secrets (empty if none are set or the entry does not decode); at most
/// [`MAX_READER_SECRETS`].
pub fn reader_secrets() -> Vec<ReaderSecretKey> {
	let stored: Option<Vec<ReaderSecretKey>> =
		StorageValueRef::persistent(READER_SECRETS_KEY).get().ok().flatten();
	let mut secrets = stored.unwrap_or_default();
	secrets.truncate(MAX_READER_SECRETS);
	secrets
}

/// Add `secret` to the node's reader secrets (kept once; the oldest is dropped beyond
/// [`MAX_READER_SECRETS`]). For node set-up and tests; the worker itself only reads them.
pub fn add_reader_secret(secret: ReaderSecretKey) {
	let mut secrets = reader_secrets();
	if !secrets.contains(&secret) {
		secrets.push(secret);
	}
	let excess = secrets.len().saturating_sub(MAX_READER_SECRETS);
	secrets.drain(..excess);
	StorageValueRef::persistent(READER_SECRETS_KEY).set(&secrets);
}

/// Open `envelope` with the node's secret whose public key it is sealed to.
///
/// Errors: [`OpenError::NotARecipient`] when the node holds no such secret; otherwise the error
/// of [`battery_seal::open`] (a tampered wrap, body or commitment, or a detached body).
pub fn open_with_node_secrets<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
) -> Result<Vec<u8>, OpenError> {
	open_salted_with_node_secrets(envelope).map(|(_, plaintext)| plaintext)
}

/// [`open_with_node_secrets`], with the record's salt (the worker derives its results' salts
/// from a batch's).
pub fn open_salted_with_node_secrets<C: Get<u32>, R: Get<u32>>(
	envelope: &Envelope<C, R>,
) -> Result<([u8; SALT_LEN], Vec<u8>), OpenError> {
	let secret = reader_secrets()
		.into_iter()
		.find(|secret| envelope.reader_keys().any(|key| *key == public_key(secret)))
		.ok_or(OpenError::NotARecipient)?;
	open_salted(envelope, &secret)
}

/// Randomness for sealing in the worker: every 32 bytes a fresh seed from the host's random
/// source (`sp_io::offchain::random_seed`, truly random and only available off chain).
pub fn node_random(buffer: &mut [u8]) {
	for chunk in buffer.chunks_mut(32) {
		let seed = sp_io::offchain::random_seed();
		chunk.copy_from_slice(&seed[..chunk.len()]);
	}
}
