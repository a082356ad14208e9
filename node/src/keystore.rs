//! The keystore the off-chain workers sign with: the node's keystore, with the estimator key
//! pairs kept in memory once derived.
//!
//! `LocalKeystore` reads a key's secret URI and derives the key pair again for every signature:
//! for a phrase or a dev seed such as `//Alice` that is a BIP-39 seed derivation (PBKDF2, 2,048
//! rounds of HMAC-SHA-512). The telemetry worker signs one result a batch, so under full load that
//! derivation was about 15 % of the worker's time (perf, 2026-12-01). [`OcwKeystore`] derives an
//! estimator key (`estm`) once and keeps the pair; every other key and call goes to the node's
//! keystore unchanged. Which keys exist is always asked of the node's keystore, so a key taken
//! out of it (its file deleted) signs nothing, as in the node's keystore: a cached pair is used
//! only while the keystore still has the key (a file-existence check, no derivation).

use battery_primitives::telemetry::ESTIMATOR_KEY_TYPE;
use sc_keystore::LocalKeystore;
use sp_core::{
	crypto::{ByteArray, KeyTypeId},
	ecdsa, ed25519, sr25519, Pair as _,
};
use sp_keystore::{Error, Keystore, KeystorePtr};
use std::{
	collections::HashMap,
	sync::{Arc, RwLock},
};

/// The estimator key pair type (`estm`, sr25519).
type EstimatorPair = pallet_telemetry::crypto::Pair;

/// The node's keystore with the estimator key pairs cached (see the module docs).
pub struct OcwKeystore {
	inner: Arc<LocalKeystore>,
	estimator_pairs: RwLock<HashMap<sr25519::Public, sr25519::Pair>>,
}

impl OcwKeystore {
	/// Wraps the node's keystore.
	pub fn new(inner: Arc<LocalKeystore>) -> KeystorePtr {
		Arc::new(Self { inner, estimator_pairs: RwLock::new(HashMap::new()) })
	}

	/// The estimator pair of `public`: from the cache while the keystore has the key, else read
	/// and derived once.
	fn estimator_pair(&self, public: &sr25519::Public) -> Result<Option<sr25519::Pair>, Error> {
		let cached = self.estimator_pairs.read().ok().and_then(|c| c.get(public).cloned());
		if let Some(pair) = cached {
			if self.inner.has_keys(&[(public.to_raw_vec(), ESTIMATOR_KEY_TYPE)]) {
				return Ok(Some(pair));
			}
			if let Ok(mut cache) = self.estimator_pairs.write() {
				cache.remove(public);
			}
			return Ok(None);
		}
		let app_public = public.clone().into();
		let Some(pair) = self
			.inner
			.key_pair::<EstimatorPair>(&app_public)
			.map_err(|e| Error::Other(e.to_string()))?
		else {
			return Ok(None);
		};
		let pair: sr25519::Pair = pair.into();
		if let Ok(mut cache) = self.estimator_pairs.write() {
			cache.insert(public.clone(), pair.clone());
		}
		Ok(Some(pair))
	}
}

impl Keystore for OcwKeystore {
	fn sr25519_public_keys(&self, key_type: KeyTypeId) -> Vec<sr25519::Public> {
		self.inner.sr25519_public_keys(key_type)
	}

	fn sr25519_generate_new(
		&self,
		key_type: KeyTypeId,
		seed: Option<&str>,
	) -> Result<sr25519::Public, Error> {
		self.inner.sr25519_generate_new(key_type, seed)
	}

	fn sr25519_sign(
		&self,
		key_type: KeyTypeId,
		public: &sr25519::Public,
		msg: &[u8],
	) -> Result<Option<sr25519::Signature>, Error> {
		if key_type != ESTIMATOR_KEY_TYPE {
			return self.inner.sr25519_sign(key_type, public, msg);
		}
		Ok(self.estimator_pair(public)?.map(|pair| pair.sign(msg)))
	}

	fn sr25519_vrf_sign(
		&self,
		key_type: KeyTypeId,
		public: &sr25519::Public,
		data: &sr25519::vrf::VrfSignData,
	) -> Result<Option<sr25519::vrf::VrfSignature>, Error> {
		self.inner.sr25519_vrf_sign(key_type, public, data)
	}

	fn sr25519_vrf_pre_output(
		&self,
		key_type: KeyTypeId,
		public: &sr25519::Public,
		input: &sr25519::vrf::VrfInput,
	) -> Result<Option<sr25519::vrf::VrfPreOutput>, Error> {
		self.inner.sr25519_vrf_pre_output(key_type, public, input)
	}

	fn ed25519_public_keys(&self, key_type: KeyTypeId) -> Vec<ed25519::Public> {
		self.inner.ed25519_public_keys(key_type)
	}

	fn ed25519_generate_new(
		&self,
		key_type: KeyTypeId,
		seed: Option<&str>,
	) -> Result<ed25519::Public, Error> {
		self.inner.ed25519_generate_new(key_type, seed)
	}

	fn ed25519_sign(
		&self,
		key_type: KeyTypeId,
		public: &ed25519::Public,
		msg: &[u8],
	) -> Result<Option<ed25519::Signature>, Error> {
		self.inner.ed25519_sign(key_type, public, msg)
	}

	fn ecdsa_public_keys(&self, key_type: KeyTypeId) -> Vec<ecdsa::Public> {
		self.inner.ecdsa_public_keys(key_type)
	}

	fn ecdsa_generate_new(
		&self,
		key_type: KeyTypeId,
		seed: Option<&str>,
	) -> Result<ecdsa::Public, Error> {
		self.inner.ecdsa_generate_new(key_type, seed)
	}

	fn ecdsa_sign(
		&self,
		key_type: KeyTypeId,
		public: &ecdsa::Public,
		msg: &[u8],
	) -> Result<Option<ecdsa::Signature>, Error> {
		self.inner.ecdsa_sign(key_type, public, msg)
	}

	fn ecdsa_sign_prehashed(
		&self,
		key_type: KeyTypeId,
		public: &ecdsa::Public,
		msg: &[u8; 32],
	) -> Result<Option<ecdsa::Signature>, Error> {
		self.inner.ecdsa_sign_prehashed(key_type, public, msg)
	}

	fn insert(&self, key_type: KeyTypeId, suri: &str, public: &[u8]) -> Result<(), ()> {
		self.inner.insert(key_type, suri, public)
	}

	fn keys(&self, key_type: KeyTypeId) -> Result<Vec<Vec<u8>>, Error> {
		self.inner.keys(key_type)
	}

	fn has_keys(&self, public_keys: &[(Vec<u8>, KeyTypeId)]) -> bool {
		self.inner.has_keys(public_keys)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const OTHER: KeyTypeId = KeyTypeId(*b"othr");

	fn keystore() -> (Arc<LocalKeystore>, KeystorePtr) {
		let inner = Arc::new(LocalKeystore::in_memory());
		(inner.clone(), OcwKeystore::new(inner))
	}

	#[test]
	fn an_estimator_signature_verifies_and_equals_the_node_keystore_key() {
		let (inner, ocw) = keystore();
		let public = ocw.sr25519_generate_new(ESTIMATOR_KEY_TYPE, Some("//Alice")).unwrap();
		assert_eq!(public, sr25519::Pair::from_string("//Alice", None).unwrap().public());
		for msg in [&b"first"[..], b"second"] {
			let signature = ocw.sr25519_sign(ESTIMATOR_KEY_TYPE, &public, msg).unwrap().unwrap();
			assert!(sr25519::Pair::verify(&signature, msg, &public));
			let direct = inner.sr25519_sign(ESTIMATOR_KEY_TYPE, &public, msg).unwrap().unwrap();
			assert!(sr25519::Pair::verify(&direct, msg, &public));
		}
		assert_eq!(ocw.sr25519_public_keys(ESTIMATOR_KEY_TYPE), vec![public]);
	}

	#[test]
	fn a_key_taken_out_of_the_keystore_signs_nothing_after_it_was_cached() {
		let dir = std::env::temp_dir().join(format!("battery-ocw-keystore-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let inner = Arc::new(LocalKeystore::open(&dir, None).unwrap());
		let ocw = OcwKeystore::new(inner.clone());
		let public = sr25519::Pair::from_string("//Dave", None).unwrap().public();
		inner.insert(ESTIMATOR_KEY_TYPE, "//Dave", public.as_ref()).unwrap();
		let signature = ocw.sr25519_sign(ESTIMATOR_KEY_TYPE, &public, b"m").unwrap().unwrap();
		assert!(sr25519::Pair::verify(&signature, &b"m"[..], &public));
		for file in std::fs::read_dir(&dir).unwrap() {
			std::fs::remove_file(file.unwrap().path()).unwrap();
		}
		assert_eq!(ocw.sr25519_sign(ESTIMATOR_KEY_TYPE, &public, b"m").unwrap(), None);
		assert!(ocw.sr25519_public_keys(ESTIMATOR_KEY_TYPE).is_empty());
		let _ = std::fs::remove_dir_all(&dir);
	}

	#[test]
	fn an_unknown_key_signs_nothing() {
		let (_, ocw) = keystore();
		let stranger = sr25519::Pair::from_string("//Bob", None).unwrap().public();
		assert_eq!(ocw.sr25519_sign(ESTIMATOR_KEY_TYPE, &stranger, b"m").unwrap(), None);
		assert_eq!(ocw.sr25519_sign(OTHER, &stranger, b"m").unwrap(), None);
	}

	#[test]
	fn another_key_type_signs_through_the_node_keystore() {
		let (inner, ocw) = keystore();
		let public = inner.sr25519_generate_new(OTHER, Some("//Charlie")).unwrap();
		let signature = ocw.sr25519_sign(OTHER, &public, b"m").unwrap().unwrap();
		assert!(sr25519::Pair::verify(&signature, &b"m"[..], &public));
		// the same public key under the estimator type is not an estimator key
		assert_eq!(ocw.sr25519_sign(ESTIMATOR_KEY_TYPE, &public, b"m").unwrap(), None);
	}
}
