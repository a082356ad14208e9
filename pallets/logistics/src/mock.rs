//! Test runtime: System, Balances, the real battery pallet (custody and lifecycle go through
//! its `BatteryLifecycle`) and this pallet, with the shared consortium stand-in of
//! `battery-test-fixtures` (roles and reader keys as the tests set them).

use crate as pallet_logistics;
use battery_primitives::consortium::{BatteryId, Role};
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
use sp_core::{sr25519, Pair};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature, MultiSigner};

pub type AccountId = AccountId32;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlockU32<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Battery: pallet_battery,
		Logistics: pallet_logistics,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Balance = Balance;
}

#[derive_impl(pallet_battery::config_preludes::TestDefaultConfig)]
impl pallet_battery::Config for Test {
	type Consortium = MockConsortium;
	type Signature = MultiSignature;
	type SigningPublic = MultiSigner;
	type CustodyOfferTimeout = ConstU32<10>;
	type MaxBatchSize = ConstU32<16>;
	type CustodyLock = Logistics;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Blocks a proposal stays open.
pub const TIMEOUT: u32 = 20;

/// The default impact threshold, thousandths of g.
pub const THRESHOLD_MG: u32 = 4_000;

/// Allowed sensor clock drift, ms.
pub const DRIFT_MS: u64 = 60_000;

/// The chain's time in the tests (Unix ms).
pub const NOW_MS: u64 = battery_test_fixtures::NOW_MS;

/// The chain's clock of the tests.
pub use battery_test_fixtures::mock::MockTime;

impl pallet_logistics::Config for Test {
	type Consortium = MockConsortium;
	type Batteries = Battery;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxBatteries = ConstU32<16>;
	type MaxCheckpoints = ConstU32<3>;
	type ProposalTimeout = ConstU32<TIMEOUT>;
	type MaxImpacts = ConstU32<3>;
	type DefaultImpactThreshold = ConstU32<THRESHOLD_MG>;
	type UnixTime = MockTime;
	type MaxClockDriftMs = ConstU64<DRIFT_MS>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark set-up for the mock: roles and keys in [`MockConsortium`], batteries through the
/// battery pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

/// pallet-battery's set-up in this mock (its benchmarks do not run here; the runtime-benchmarks
/// feature of the dev-dependency requires the helper).
#[cfg(feature = "runtime-benchmarks")]
impl pallet_battery::BenchmarkHelper<AccountId, MultiSignature> for MockBenchmarkHelper {
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
	fn set_reader_key(who: &AccountId, key: [u8; 32]) {
		MockConsortium::set_reader_key(who, key);
	}
	fn set_authority_reader_key(key: [u8; 32]) {
		MockConsortium::set_authority_reader_key(key);
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn member(who: &AccountId, role: Role, reader_key: [u8; 32]) {
		use frame_support::traits::fungible::Mutate;
		MockConsortium::grant(who, role);
		MockConsortium::set_reader_key(who, reader_key);
		let _ = <Balances as Mutate<AccountId>>::set_balance(who, ENDOWMENT);
	}
	fn set_authority_reader_key(key: [u8; 32]) {
		MockConsortium::set_authority_reader_key(key);
	}
	fn register_batteries(who: &AccountId, n: u32) -> Vec<BatteryId> {
		let first = 1_000 + crate::NextShipmentId::<Test>::get() as u32 * 100;
		let ids: Vec<BatteryId> = (first..first + n).map(battery).collect();
		for chunk in ids.chunks(16) {
			let _ = Battery::register_batteries(
				RuntimeOrigin::signed(who.clone()),
				battery_test_fixtures::pack(),
				chunk.to_vec().try_into().expect("16 at most"),
			);
		}
		ids
	}
	fn collision_sensor(
		owner: &AccountId,
		sensor: &AccountId,
		vehicle: &battery_primitives::consortium::SubjectId,
	) {
		MockConsortium::add_device(
			sensor,
			battery_primitives::consortium::DeviceKind::CollisionSensor,
			owner,
			vehicle,
		);
	}
}

/// The consortium as the tests set it up; battery-scoped reads ask pallet-battery.
pub type MockConsortium = battery_test_fixtures::mock::MockConsortium<AccountId, Battery>;

/// The account of the test key `name`.
pub fn account(name: &str) -> AccountId {
	sr25519::Pair::from_string(&format!("//{name}"), None).expect("dev seed").public().into()
}

pub fn manufacturer() -> AccountId {
	account("Manufacturer")
}
pub fn carrier() -> AccountId {
	account("Carrier")
}
pub fn other_carrier() -> AccountId {
	account("OtherCarrier")
}
pub fn operator() -> AccountId {
	account("Operator")
}
pub fn other_operator() -> AccountId {
	account("OtherOperator")
}
pub fn authority() -> AccountId {
	account("Authority")
}
pub fn stranger() -> AccountId {
	account("Stranger")
}

/// Free balance of every endowed account.
pub const ENDOWMENT: Balance = 10_000;

/// Reader secrets of the parties (their public keys are registered).
pub const MANUFACTURER_SECRET: [u8; 32] = [0x11; 32];
pub const CARRIER_SECRET: [u8; 32] = [0x12; 32];
pub const OPERATOR_SECRET: [u8; 32] = [0x13; 32];
pub const AUTHORITY_SECRET: [u8; 32] = [0x14; 32];
pub const OTHER_CARRIER_SECRET: [u8; 32] = [0x15; 32];

/// Battery `n` (a valid GB/T 34014 code).
pub fn battery(n: u32) -> BatteryId {
	battery_test_fixtures::gbt_id(n)
}

/// Builds test externalities: the members, their reader keys, balances, and batteries 1 to 12
/// registered by the manufacturer (at the factory, in its custody).
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockConsortium::reset();
	MockConsortium::grant(manufacturer(), Role::Manufacturer);
	MockConsortium::grant(carrier(), Role::Logistics);
	MockConsortium::grant(other_carrier(), Role::Logistics);
	MockConsortium::grant(operator(), Role::Operator);
	MockConsortium::grant(other_operator(), Role::Operator);
	MockConsortium::grant(authority(), Role::Authority);
	for (who, secret) in [
		(manufacturer(), MANUFACTURER_SECRET),
		(carrier(), CARRIER_SECRET),
		(operator(), OPERATOR_SECRET),
		(other_carrier(), OTHER_CARRIER_SECRET),
	] {
		MockConsortium::set_reader_key(who, battery_seal::public_key(&secret));
	}
	MockConsortium::set_authority_reader_key(battery_seal::public_key(&AUTHORITY_SECRET));
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: [manufacturer(), carrier(), other_carrier(), operator(), stranger()]
				.into_iter()
				.map(|who| (who, ENDOWMENT))
				.collect(),
			..Default::default()
		},
	}
	.build_storage()
	.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		let ids: Vec<BatteryId> = (1..=12).map(battery).collect();
		frame_support::assert_ok!(Battery::register_batteries(
			RuntimeOrigin::signed(manufacturer()),
			battery_test_fixtures::pack(),
			ids.try_into().expect("within the batch size"),
		));
	});
	ext
}
