//! Test runtime: System, Balances and this pallet, with the shared consortium stand-in and
//! battery scope of `battery-test-fixtures` and its clock.

use crate as pallet_charging;
use battery_primitives::{
	charging::{Connector, ConnectorFormat, ConnectorStandard, PowerType},
	consortium::Role,
};
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
use sp_core::{sr25519, Pair};
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage};

pub type AccountId = AccountId32;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlockU32<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Charging: pallet_charging,
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

/// Blocks before anyone may cancel a session never started.
pub const START_TIMEOUT: u32 = 10;
/// Blocks before anyone may close a session never stopped.
pub const STOP_TIMEOUT: u32 = 100;
/// Blocks a payer has to dispute a settlement.
pub const DISPUTE_WINDOW: u32 = 50;
/// Allowed controller clock drift, ms.
pub const DRIFT_MS: u64 = 60_000;
/// The chain's time in the tests (Unix ms).
pub const NOW_MS: u64 = battery_test_fixtures::NOW_MS;

pub use battery_test_fixtures::mock::MockTime;

impl pallet_charging::Config for Test {
	type Consortium = MockConsortium;
	type Batteries = battery_test_fixtures::mock::MockBatteryScope<AccountId>;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type UnixTime = MockTime;
	type MaxClockDriftMs = ConstU64<DRIFT_MS>;
	type MaxConnectors = ConstU32<4>;
	type MaxPilesPerStation = ConstU32<3>;
	type StartTimeout = ConstU32<START_TIMEOUT>;
	type StopTimeout = ConstU32<STOP_TIMEOUT>;
	type DisputeWindow = ConstU32<DISPUTE_WINDOW>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark set-up for the mock: roles, keys and devices in [`MockConsortium`].
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn member(who: &AccountId, role: Role, reader_key: [u8; 32]) {
		use frame_support::traits::fungible::Mutate;
		MockConsortium::grant(who, role);
		MockConsortium::set_reader_key(who, reader_key);
		let _ = <Balances as Mutate<AccountId>>::set_balance(who, u64::MAX / 4);
	}
	fn set_authority_reader_key(key: [u8; 32]) {
		MockConsortium::set_authority_reader_key(key);
	}
	fn pile_controller(owner: &AccountId, controller: &AccountId, evse: &crate::EvseId) {
		use battery_primitives::consortium::DeviceKind;
		MockConsortium::add_device(controller, DeviceKind::PileController, owner, evse);
	}
	fn set_unix_time_ms(ms: u64) {
		MockTime::set(ms);
	}
}

/// The consortium as the tests set it up.
pub type MockConsortium = battery_test_fixtures::mock::MockConsortium<AccountId>;

/// The account of the test key `name`.
pub fn account(name: &str) -> AccountId {
	sr25519::Pair::from_string(&format!("//{name}"), None).expect("dev seed").public().into()
}

pub fn station_owner() -> AccountId {
	account("Station")
}
pub fn other_station_owner() -> AccountId {
	account("OtherStation")
}
pub fn user() -> AccountId {
	account("User")
}
pub fn operator() -> AccountId {
	account("Operator")
}
pub fn authority() -> AccountId {
	account("Authority")
}
pub fn stranger() -> AccountId {
	account("Stranger")
}
/// The pile's controller device (registered by [`certified_pile`]).
pub fn controller() -> AccountId {
	account("Controller")
}

/// Free balance of every endowed account.
pub const ENDOWMENT: Balance = 100_000;

/// Reader secrets of the parties (their public keys are registered).
pub const USER_SECRET: [u8; 32] = [0x31; 32];
pub const STATION_SECRET: [u8; 32] = [0x32; 32];
pub const OPERATOR_SECRET: [u8; 32] = [0x33; 32];
pub const AUTHORITY_SECRET: [u8; 32] = [0x34; 32];

/// A 350 kW CCS2 DC connector with a cable.
pub fn ccs2() -> Connector {
	Connector {
		standard: ConnectorStandard::Ccs2,
		format: ConnectorFormat::Cable,
		power_type: PowerType::Dc,
		max_voltage_v: 920,
		max_amperage_a: 500,
		max_electric_power_w: 350_000,
	}
}

/// Builds test externalities: the members with reader keys and balances.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockConsortium::reset();
	MockConsortium::grant(station_owner(), Role::EnergyStation);
	MockConsortium::grant(other_station_owner(), Role::EnergyStation);
	MockConsortium::grant(operator(), Role::Operator);
	MockConsortium::register_user(operator(), user());
	MockConsortium::grant(authority(), Role::Authority);
	for (who, secret) in
		[(user(), USER_SECRET), (station_owner(), STATION_SECRET), (operator(), OPERATOR_SECRET)]
	{
		MockConsortium::set_reader_key(who, battery_seal::public_key(&secret));
	}
	MockConsortium::set_authority_reader_key(battery_seal::public_key(&AUTHORITY_SECRET));
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: [station_owner(), other_station_owner(), user(), operator(), stranger()]
				.into_iter()
				.map(|who| (who, ENDOWMENT))
				.collect(),
			..Default::default()
		},
	}
	.build_storage()
	.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
