//! Test runtime: System and the battery pallet with `MultiSignature` / `AccountId32` accounts and
//! the shared consortium stand-in of `battery-test-fixtures` the tests set up (roles, suspensions,
//! operator-user registrations), with this pallet answering battery-scoped reads.

use crate as pallet_battery;
use crate::{BatteryId, FactoryData};
use alloc::collections::btree_map::BTreeMap;
use battery_primitives::{battery::tag_signing_payload, consortium::Role};
use core::cell::RefCell;
use frame_support::{derive_impl, traits::ConstU32};
use sp_core::{sr25519, Pair};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature, MultiSigner};

pub type AccountId = AccountId32;
type Block = frame_system::mocking::MockBlockU32<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Battery: pallet_battery,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
}

/// Blocks a custody offer stays acceptable.
pub const OFFER_TIMEOUT: u32 = 10;

#[derive_impl(pallet_battery::config_preludes::TestDefaultConfig)]
impl pallet_battery::Config for Test {
	type Consortium = MockConsortium;
	type Signature = MultiSignature;
	type SigningPublic = MultiSigner;
	type CustodyOfferTimeout = ConstU32<OFFER_TIMEOUT>;
	type MaxBatchSize = ConstU32<8>;
	type MaxSigningKeys = ConstU32<2>;
	type MaxMaintenanceRecords = ConstU32<3>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// The consortium as the tests set it up (the shared stand-in of `battery-test-fixtures`): role
/// checks behave like `pallet-consortium`, battery-scoped reads ask this pallet.
pub type MockConsortium = battery_test_fixtures::mock::MockConsortium<AccountId, Battery>;

thread_local! {
	static PAIRS: RefCell<BTreeMap<String, sr25519::Pair>> = const { RefCell::new(BTreeMap::new()) };
}

/// The sr25519 key pair of a test account named `name` (`//name`), derived once per thread.
pub fn pair(name: &str) -> sr25519::Pair {
	PAIRS.with(|pairs| {
		pairs
			.borrow_mut()
			.entry(name.to_string())
			.or_insert_with(|| {
				sr25519::Pair::from_string(&format!("//{name}"), None).expect("valid dev seed")
			})
			.clone()
	})
}

/// The account of the test key `name`.
pub fn account(name: &str) -> AccountId {
	pair(name).public().into()
}

pub fn manufacturer() -> AccountId {
	account("Manufacturer")
}
pub fn manufacturer2() -> AccountId {
	account("Manufacturer2")
}
pub fn logistics() -> AccountId {
	account("Logistics")
}
pub fn operator() -> AccountId {
	account("Operator")
}
pub fn operator2() -> AccountId {
	account("Operator2")
}
pub fn user() -> AccountId {
	account("User")
}
pub fn recycler() -> AccountId {
	account("Recycler")
}
pub fn authority() -> AccountId {
	account("Authority")
}
/// Nobody in the consortium.
pub fn stranger() -> AccountId {
	account("Stranger")
}

/// A valid GB/T 34014 code with serial `n`.
pub fn gbt(n: u32) -> BatteryId {
	battery_test_fixtures::gbt_id(n)
}

/// A valid GS1 id (GTIN 04006381333931) with serial `SN-<n>`.
pub fn gs1(n: u32) -> BatteryId {
	battery_test_fixtures::gs1_id(n)
}

/// Any bytes as a battery id (for invalid ids).
pub fn raw_id(bytes: &[u8]) -> BatteryId {
	bytes.to_vec().try_into().expect("short battery")
}

/// Factory data of a 76.5 kWh LFP pack.
pub fn factory() -> FactoryData {
	battery_test_fixtures::pack()
}

/// A tag UID.
pub fn uid(n: u8) -> crate::TagUid {
	vec![0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, n].try_into().expect("7 bytes")
}

/// `signer`'s signature binding `uid` to `battery` with the factory hash `factory_hash`.
pub fn sign_tag(
	signer: &sr25519::Pair,
	uid: &[u8],
	battery: &[u8],
	factory_hash: &crate::Hash32,
) -> MultiSignature {
	MultiSignature::Sr25519(signer.sign(&tag_signing_payload(uid, battery, factory_hash)))
}

/// Builds test externalities.
pub struct ExtBuilder {
	seeded: bool,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { seeded: true }
	}
}

impl ExtBuilder {
	/// Start without consortium members.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn empty() -> Self {
		Self { seeded: false }
	}

	/// Build the externalities at block 1 (events are recorded from there).
	pub fn build(self) -> sp_io::TestExternalities {
		MockConsortium::reset();
		if self.seeded {
			MockConsortium::grant(manufacturer(), Role::Manufacturer);
			MockConsortium::grant(manufacturer2(), Role::Manufacturer);
			MockConsortium::grant(logistics(), Role::Logistics);
			MockConsortium::grant(operator(), Role::Operator);
			MockConsortium::grant(operator2(), Role::Operator);
			MockConsortium::grant(recycler(), Role::Recycler);
			MockConsortium::grant(authority(), Role::Authority);
			MockConsortium::register_user(operator(), user());
		}
		// Build through the runtime genesis so `on_genesis` writes the storage version.
		let storage = RuntimeGenesisConfig { system: Default::default() }
			.build_storage()
			.expect("genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		battery_test_fixtures::mock::register_keystore(&mut ext);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Build and run `test`, then check the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			crate::Pallet::<Test>::do_try_state().expect("invariants hold");
		});
	}
}

/// Benchmark-test externalities: no consortium members, a keystore for signing.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::empty().build()
}

/// Benchmark set-up for the mock: roles in [`MockConsortium`], keys in the keystore.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, MultiSignature> for MockBenchmarkHelper {
	fn grant_role(who: &AccountId, role: Role) {
		MockConsortium::grant(who, role);
	}
	fn register_user(operator: &AccountId, user: &AccountId) {
		MockConsortium::register_user(operator, user);
	}
	fn signer() -> AccountId {
		battery_test_fixtures::KeystoreSr25519::signer()
	}
	fn sign(signer: &AccountId, message: &[u8]) -> Option<MultiSignature> {
		battery_test_fixtures::KeystoreSr25519::sign(signer, message)
	}
	fn max_operators_per_user() -> u32 {
		4
	}
	fn suspend(who: &AccountId) {
		MockConsortium::suspend(who);
	}
	fn set_reader_key(who: &AccountId, key: battery_primitives::sealed::ReaderPublicKey) {
		MockConsortium::set_reader_key(who, key);
	}
	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey) {
		MockConsortium::set_authority_reader_key(key);
	}
}
