//! Test runtime: System and the telemetry pallet, with the shared consortium stand-in of
//! `battery-test-fixtures` (roles, suspension, users, device keys, read scope), thread-local mocks
//! of the battery registry and the wall clock, Root as the admin origin, and `CreateAuthorizedTransaction` building general transactions with the
//! `AuthorizeCall` extension (as the battery-chain runtime does).

use crate as pallet_telemetry;
use crate::{crypto, BatteryId, DeviceKind, Role};
use alloc::collections::btree_map::BTreeMap;
use battery_estimator::{Chemistry, EstimatorConfig};
use battery_primitives::telemetry::BatteryInfo;
use core::{cell::RefCell, time::Duration};
use frame_support::{derive_impl, traits::UnixTime};
use sp_runtime::{testing::UintAuthorityId, BuildStorage};

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Telemetry: pallet_telemetry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Deposit per estimator key a member registers.
pub const ESTIMATOR_DEPOSIT: Balance = 50;
/// Free balance of every endowed account.
pub const ENDOWMENT: Balance = 1_000;

/// The transaction extensions of the test transactions (the runtime's pipeline starts with the
/// same one).
pub type TxExtension = (frame_system::AuthorizeCall<Test>,);
/// A test transaction.
pub type Extrinsic =
	sp_runtime::generic::UncheckedExtrinsic<AccountId, RuntimeCall, UintAuthorityId, TxExtension>;

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<LocalCall> frame_system::offchain::CreateTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type Extension = TxExtension;
	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> Extrinsic {
		Extrinsic::new_transaction(call, extension)
	}
}

impl<LocalCall> frame_system::offchain::CreateAuthorizedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_extension() -> TxExtension {
		(frame_system::AuthorizeCall::<Test>::new(),)
	}
}

#[derive_impl(pallet_telemetry::config_preludes::TestDefaultConfig)]
impl pallet_telemetry::Config for Test {
	type Consortium = MockConsortium;
	type Batteries = MockBatteries;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type EstimatorId = crypto::Public;
	type UnixTime = MockTime;
	type Currency = Balances;
	type EstimatorDeposit = frame_support::traits::ConstU64<ESTIMATOR_DEPOSIT>;
	type OcwTimeBudgetMs = OcwTimeBudgetMs;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

frame_support::parameter_types! {
	/// The worker's time budget per run (tests set it to exhaust it).
	pub static OcwTimeBudgetMs: u64 = 2_000;
}

// Accounts.
pub const MANUFACTURER: AccountId = 1;
pub const OPERATOR: AccountId = 2;
/// The reader secret of [`OPERATOR`] (its estimator node holds it).
pub const OPERATOR_SECRET: [u8; 32] = [0x5e; 32];
/// The reader secret of [`OTHER_OPERATOR`].
pub const OTHER_OPERATOR_SECRET: [u8; 32] = [0x6f; 32];
pub const OTHER_OPERATOR: AccountId = 3;
pub const USER: AccountId = 4;
pub const AUTHORITY: AccountId = 5;
pub const STRANGER: AccountId = 6;
pub const LOGISTICS: AccountId = 7;
/// BMS gateway of [`OPERATOR`] bound to [`BATTERY`].
pub const GATEWAY: AccountId = 10;
/// BMS gateway of [`OPERATOR`] bound to [`OTHER_BATTERY`].
pub const OTHER_GATEWAY: AccountId = 11;
/// A collision sensor of [`LOGISTICS`] (wrong kind) bound to [`BATTERY`].
pub const SENSOR: AccountId = 12;
/// BMS gateway of [`OTHER_OPERATOR`] bound to [`THIRD_BATTERY`].
pub const FOREIGN_GATEWAY: AccountId = 13;

/// The battery of most tests: in service, operated by [`OPERATOR`], characterised.
pub const BATTERY: &[u8] = b"CATL-2025-0000000000000001";
/// A second battery of [`OPERATOR`], in service, characterised.
pub const OTHER_BATTERY: &[u8] = b"CATL-2025-0000000000000002";
/// A battery of [`OTHER_OPERATOR`], in service, characterised.
pub const THIRD_BATTERY: &[u8] = b"CATL-2025-0000000000000003";
/// A registered battery not in service.
pub const STORED_BATTERY: &[u8] = b"CATL-2025-0000000000000004";

/// Chain time at the start of every test, Unix ms.
pub const NOW_MS: u64 = battery_test_fixtures::NOW_MS;

/// The battery registry and the wall clock of the tests (the consortium is the shared stand-in).
#[derive(Clone, Default)]
struct World {
	/// battery → (in service, manufacturer, operator)
	batteries: BTreeMap<Vec<u8>, (bool, AccountId, Option<AccountId>)>,
	/// battery → declared chemistry, when not the test cell's (NMC)
	chemistries: BTreeMap<Vec<u8>, Chemistry>,
	/// battery → usage regime, when not 0
	regimes: BTreeMap<Vec<u8>, u64>,
	now_ms: u64,
}

thread_local! {
	static WORLD: RefCell<World> = RefCell::new(World::default());
}

fn with_world<R>(f: impl FnOnce(&mut World) -> R) -> R {
	WORLD.with(|world| f(&mut world.borrow_mut()))
}

/// A battery id from bytes.
pub fn battery(bytes: &[u8]) -> BatteryId {
	bytes.to_vec().try_into().expect("short test battery id")
}

/// The consortium as the tests set it up (the shared stand-in of `battery-test-fixtures`: roles,
/// suspension, users, device keys; battery-scoped reads from its thread-local assignments).
pub type MockConsortium = battery_test_fixtures::mock::MockConsortium<AccountId>;

/// The battery registry as the tests set it up.
pub struct MockBatteries;
impl MockBatteries {
	/// Register `battery` with its manufacturer, status and operator.
	pub fn add(
		battery: &[u8],
		manufacturer: AccountId,
		in_service: bool,
		operator: Option<AccountId>,
	) {
		with_world(|w| w.batteries.insert(battery.to_vec(), (in_service, manufacturer, operator)));
		// The consortium's read scope sees the same parties (the operator holds it, or else the
		// manufacturer still does).
		MockConsortium::register_battery(battery, manufacturer, operator.unwrap_or(manufacturer));
	}
	/// Declare `battery`'s passport chemistry (every battery is NMC, the test cell's, unless set).
	pub fn set_chemistry(battery: &[u8], chemistry: Chemistry) {
		with_world(|w| w.chemistries.insert(battery.to_vec(), chemistry));
	}
	/// Set `battery`'s usage regime (its user chose a running mode at block `regime`).
	pub fn set_usage_regime(battery: &[u8], regime: u64) {
		with_world(|w| w.regimes.insert(battery.to_vec(), regime));
	}
	/// Take `battery` out of service.
	pub fn retire(battery: &[u8]) {
		with_world(|w| {
			if let Some(entry) = w.batteries.get_mut(battery) {
				entry.0 = false;
			}
		});
	}
}
impl BatteryInfo<AccountId> for MockBatteries {
	fn exists(battery: &BatteryId) -> bool {
		with_world(|w| w.batteries.contains_key(battery.as_slice()))
	}
	fn is_in_service(battery: &BatteryId) -> bool {
		with_world(|w| w.batteries.get(battery.as_slice()).is_some_and(|b| b.0))
	}
	fn manufacturer(battery: &BatteryId) -> Option<AccountId> {
		with_world(|w| w.batteries.get(battery.as_slice()).map(|b| b.1))
	}
	fn operator(battery: &BatteryId) -> Option<AccountId> {
		with_world(|w| w.batteries.get(battery.as_slice()).and_then(|b| b.2))
	}
	fn chemistry(battery: &BatteryId) -> Option<Chemistry> {
		with_world(|w| {
			w.batteries.get(battery.as_slice())?;
			Some(w.chemistries.get(battery.as_slice()).copied().unwrap_or(Chemistry::Nmc))
		})
	}
	fn usage_regime(battery: &BatteryId) -> u64 {
		with_world(|w| w.regimes.get(battery.as_slice()).copied().unwrap_or(0))
	}
}

/// The wall clock as the tests set it.
pub struct MockTime;
impl MockTime {
	/// Set the time, Unix ms.
	pub fn set(ms: u64) {
		with_world(|w| w.now_ms = ms);
	}
}
impl UnixTime for MockTime {
	fn now() -> Duration {
		Duration::from_millis(with_world(|w| w.now_ms))
	}
}

/// Benchmark set-up over the mocks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn battery_in_service(battery: &BatteryId) -> (AccountId, AccountId) {
		use frame_support::traits::fungible::Mutate;
		MockConsortium::grant(100, Role::Operator);
		MockConsortium::grant(101, Role::Manufacturer);
		let _ = <Balances as Mutate<AccountId>>::set_balance(&100, ENDOWMENT);
		MockBatteries::add(battery, 101, true, Some(100));
		MockConsortium::set_reader_key(100, battery_seal::public_key(&OPERATOR_SECRET));
		MockConsortium::set_authority_reader_key(battery_seal::public_key(&[0x23; 32]));
		(100, 101)
	}
	fn bms_gateway(operator: &AccountId, battery: &BatteryId) -> AccountId {
		MockConsortium::add_device(102, DeviceKind::BmsGateway, *operator, battery);
		102
	}
	fn set_unix_time_ms(ms: u64) {
		MockTime::set(ms);
	}
}

/// The characterisation of the test cell: 5 Ah, 2.5–4.2 V, linear OCV 3.0–4.2 V.
pub fn cell_config() -> EstimatorConfig {
	battery_test_fixtures::cell_config()
}

/// Operating temperature window of the test cell, 0.1 °C: −20 … 45 °C.
pub const TEMP_WINDOW: (i16, i16) = battery_test_fixtures::CELL_TEMP_WINDOW_DECIC;

/// Builds test externalities.
#[derive(Default)]
pub struct ExtBuilder {
	genesis_estimators: Vec<crypto::Public>,
}

impl ExtBuilder {
	/// Register these estimator keys at genesis (scope `Any`).
	pub fn estimators(mut self, keys: Vec<crypto::Public>) -> Self {
		self.genesis_estimators = keys;
		self
	}

	/// Set up the world: roles, devices, batteries; characterise the in-service batteries.
	fn set_up_world() {
		WORLD.with(|world| *world.borrow_mut() = World::default());
		MockConsortium::reset();
		MockConsortium::grant(MANUFACTURER, Role::Manufacturer);
		MockConsortium::grant(OPERATOR, Role::Operator);
		MockConsortium::grant(OTHER_OPERATOR, Role::Operator);
		MockConsortium::register_user(OPERATOR, USER);
		MockConsortium::grant(AUTHORITY, Role::Authority);
		MockConsortium::grant(LOGISTICS, Role::Logistics);
		// The operators' reader keys: their batches are sealed to them.
		MockConsortium::set_reader_key(OPERATOR, battery_seal::public_key(&OPERATOR_SECRET));
		MockConsortium::set_reader_key(
			OTHER_OPERATOR,
			battery_seal::public_key(&OTHER_OPERATOR_SECRET),
		);
		MockConsortium::add_device(GATEWAY, DeviceKind::BmsGateway, OPERATOR, BATTERY);
		MockConsortium::add_device(OTHER_GATEWAY, DeviceKind::BmsGateway, OPERATOR, OTHER_BATTERY);
		MockConsortium::add_device(SENSOR, DeviceKind::CollisionSensor, LOGISTICS, BATTERY);
		MockConsortium::add_device(
			FOREIGN_GATEWAY,
			DeviceKind::BmsGateway,
			OTHER_OPERATOR,
			THIRD_BATTERY,
		);
		MockBatteries::add(BATTERY, MANUFACTURER, true, Some(OPERATOR));
		MockBatteries::add(OTHER_BATTERY, MANUFACTURER, true, Some(OPERATOR));
		MockBatteries::add(THIRD_BATTERY, MANUFACTURER, true, Some(OTHER_OPERATOR));
		MockBatteries::add(STORED_BATTERY, MANUFACTURER, false, None);
		MockTime::set(NOW_MS);
	}

	/// Build the externalities at block 1 (events are recorded from there), with a memory
	/// keystore.
	pub fn build(self) -> sp_io::TestExternalities {
		Self::set_up_world();
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig {
				balances: [MANUFACTURER, OPERATOR, OTHER_OPERATOR, USER, AUTHORITY, STRANGER]
					.iter()
					.map(|who| (*who, ENDOWMENT))
					.collect(),
				..Default::default()
			},
			telemetry: pallet_telemetry::GenesisConfig {
				estimators: self.genesis_estimators,
				required_attestations: 0,
			},
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		battery_test_fixtures::mock::register_keystore(&mut ext);
		ext.execute_with(|| {
			System::set_block_number(1);
			for id in [BATTERY, OTHER_BATTERY, THIRD_BATTERY] {
				crate::Characterisations::<Test>::insert(
					battery(id),
					crate::Characterisation {
						config: cell_config(),
						temp_window_min_decic: TEMP_WINDOW.0,
						temp_window_max_decic: TEMP_WINDOW.1,
						set_by: Some(MANUFACTURER),
						set_at: 0,
					},
				);
			}
		});
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

/// Benchmark-test externalities: the world without characterisations, with a keystore.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::set_up_world();
	let storage = RuntimeGenesisConfig::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	battery_test_fixtures::mock::register_keystore(&mut ext);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
