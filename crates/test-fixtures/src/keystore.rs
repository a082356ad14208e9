//! sr25519 signing through a keystore.

use sp_core::crypto::KeyTypeId;
use sp_runtime::{traits::IdentifyAccount, AccountId32, MultiSignature, MultiSigner};

/// Key type of the signing keys the benchmarks and tests generate in the keystore.
pub const BENCHMARK_KEY_TYPE: KeyTypeId = KeyTypeId(*b"btag");

/// sr25519 signing through the keystore the benchmark CLI (or a test with a `KeystoreExt`, see
/// `mock::register_keystore`) provides. A runtime or mock with `MultiSignature` / `AccountId32`
/// accounts implements its benchmark helper's `signer` and `sign` with it.
pub struct KeystoreSr25519;

impl KeystoreSr25519 {
	/// A fresh sr25519 key in the keystore, as an account.
	pub fn signer() -> AccountId32 {
		let public = sp_io::crypto::sr25519_generate(BENCHMARK_KEY_TYPE, None);
		MultiSigner::Sr25519(public).into_account()
	}

	/// Sign `message` with the key of `signer` (`None` if the keystore does not hold it).
	pub fn sign(signer: &AccountId32, message: &[u8]) -> Option<MultiSignature> {
		let public = sp_core::sr25519::Public::from_raw(*signer.as_ref());
		sp_io::crypto::sr25519_sign(BENCHMARK_KEY_TYPE, &public, message)
			.map(MultiSignature::Sr25519)
	}
}
