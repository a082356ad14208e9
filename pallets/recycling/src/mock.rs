//! Test runtime: System, Balances, the real battery pallet (custody and lifecycle go through its
//! `BatteryLifecycle`) and this pallet, with the shared consortium stand-in of
//! `battery-test-fixtures`, whose battery scope is pallet-battery's parties with the recycler
//! this pallet names, as the runtime combines them.

use crate as pallet_recycling;
use battery_primitives::{
	consortium::{BatteryId, BatteryScope, Role},
	scope::BatteryParties,
};
use frame_support::{derive_impl, traits::ConstU32};
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
		Recycling: pallet_recycling,
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
	type MaxMaintenanceRecords = ConstU32<4>;
	type EndOfLifeByRecycling = frame_support::traits::ConstBool<true>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Assessments and refurbishments kept per battery in the tests.
pub const KEPT: u32 = 2;

/// Blocks a certification request waits for its co-signature.
pub const CERTIFICATION_TIMEOUT: u32 = 10;

/// Longest validity of a buy-back offer.
pub const MAX_OFFER_PERIOD: u32 = 20;

/// Free balance of every endowed account.
pub const ENDOWMENT: Balance = 10_000;

impl pallet_recycling::Config for Test {
	type Consortium = MockConsortium;
	type Batteries = Battery;
	type CustodyLock = MockLock;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CertificationTimeout = ConstU32<CERTIFICATION_TIMEOUT>;
	type MaxOfferPeriod = ConstU32<MAX_OFFER_PERIOD>;
	type Twin = MockTwin;
	type MaxAssessments = ConstU32<KEPT>;
	type MaxRefurbishments = ConstU32<KEPT>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// pallet-battery's parties with the recycler this pallet commissioned: the battery scope the
/// consortium resolves roles against, as in the runtime.
pub struct Parties;
impl BatteryScope<AccountId, BatteryId> for Parties {
	fn parties(battery: &BatteryId) -> Option<BatteryParties<AccountId>> {
		let mut parties = <Battery as BatteryScope<AccountId, BatteryId>>::parties(battery)?;
		parties.recycler = Recycling::commissioned_recycler(battery);
		Some(parties)
	}
}

/// The consortium as the tests set it up.
pub type MockConsortium = battery_test_fixtures::mock::MockConsortium<AccountId, Parties>;

std::thread_local! {
	static LOCKED: core::cell::RefCell<Vec<BatteryId>> = const { core::cell::RefCell::new(Vec::new()) };
}

std::thread_local! {
	static SEEDED: core::cell::RefCell<Vec<(BatteryId, BatteryId, u16)>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// The twins seeded, as (predecessor, successor, assessed SOH ‰).
pub struct MockTwin;
impl MockTwin {
	/// Every seed so far.
	pub fn seeded() -> Vec<(BatteryId, BatteryId, u16)> {
		SEEDED.with(|cell| cell.borrow().clone())
	}
}
impl battery_primitives::recycling::SecondLifeTwin<AccountId> for MockTwin {
	fn seed(
		predecessor: &BatteryId,
		successor: &BatteryId,
		measures: &crate::Measures,
		_: &AccountId,
	) -> bool {
		SEEDED.with(|cell| {
			cell.borrow_mut().push((predecessor.clone(), successor.clone(), measures.soh_permille))
		});
		true
	}
}

/// Batteries in an open shipment, as the tests set them.
pub struct MockLock;
impl MockLock {
	/// Lock (`true`) or unlock `battery`.
	pub fn set(battery: &BatteryId, locked: bool) {
		LOCKED.with(|cell| {
			let mut locked_ids = cell.borrow_mut();
			locked_ids.retain(|id| id != battery);
			if locked {
				locked_ids.push(battery.clone());
			}
		});
	}
}
impl battery_primitives::battery::CustodyLock for MockLock {
	fn is_locked(battery: &BatteryId) -> bool {
		LOCKED.with(|cell| cell.borrow().contains(battery))
	}
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
		MockConsortium::grant(who, role);
		MockConsortium::set_reader_key(who, reader_key);
	}
	fn set_authority_reader_key(key: [u8; 32]) {
		MockConsortium::set_authority_reader_key(key);
	}
	fn retired_battery(manufacturer: &AccountId, operator: &AccountId) -> BatteryId {
		let id = battery(500);
		retire(&id, manufacturer, operator);
		id
	}
	fn characterise(_: &BatteryId) {}
	fn fund(who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		let _ = <Balances as Mutate<AccountId>>::set_balance(who, ENDOWMENT);
	}
}

/// The account of the test key `name`.
pub fn account(name: &str) -> AccountId {
	sr25519::Pair::from_string(&format!("//{name}"), None).expect("dev seed").public().into()
}

pub fn manufacturer() -> AccountId {
	account("Manufacturer")
}
pub fn operator() -> AccountId {
	account("Operator")
}
pub fn carrier() -> AccountId {
	account("Carrier")
}
pub fn recycler() -> AccountId {
	account("Recycler")
}
pub fn other_recycler() -> AccountId {
	account("OtherRecycler")
}
pub fn authority() -> AccountId {
	account("Authority")
}
pub fn stranger() -> AccountId {
	account("Stranger")
}

/// Reader secrets of the parties (their public keys are registered).
pub const MANUFACTURER_SECRET: [u8; 32] = [0x21; 32];
pub const OPERATOR_SECRET: [u8; 32] = [0x22; 32];
pub const RECYCLER_SECRET: [u8; 32] = [0x23; 32];
pub const OTHER_RECYCLER_SECRET: [u8; 32] = [0x24; 32];
pub const AUTHORITY_SECRET: [u8; 32] = [0x25; 32];

/// Battery `n` (a valid GB/T 34014 code).
pub fn battery(n: u32) -> BatteryId {
	battery_test_fixtures::gbt_id(n)
}

/// Register `battery` as `manufacturer`'s, carry it to `operator` (custody through
/// pallet-battery's `BatteryLifecycle`, as a shipment would), put it in service and retire it.
pub fn retire(battery: &BatteryId, manufacturer: &AccountId, operator: &AccountId) {
	use battery_primitives::battery::{BatteryLifecycle, BatteryStatus, CustodyVia};

	let via = CustodyVia::Shipment { shipment: 0, batch: 1 };
	let step = |who: &AccountId, status| {
		frame_support::assert_ok!(Battery::transition(
			RuntimeOrigin::signed(who.clone()),
			battery.clone(),
			status
		));
	};
	frame_support::assert_ok!(Battery::register_batteries(
		RuntimeOrigin::signed(manufacturer.clone()),
		battery_test_fixtures::pack(),
		vec![battery.clone()].try_into().expect("one"),
	));
	MockConsortium::grant(carrier(), Role::Logistics);
	frame_support::assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
		battery,
		&carrier(),
		via.clone()
	));
	step(&carrier(), BatteryStatus::InTransit);
	frame_support::assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
		battery, operator, via
	));
	step(operator, BatteryStatus::InService);
	step(operator, BatteryStatus::Retired);
}

/// Builds test externalities: the members and their reader keys, and batteries 1 to 4 retired
/// by the operator.
pub fn new_test_ext() -> sp_io::TestExternalities {
	MockConsortium::reset();
	LOCKED.with(|cell| cell.borrow_mut().clear());
	SEEDED.with(|cell| cell.borrow_mut().clear());
	MockConsortium::grant(manufacturer(), Role::Manufacturer);
	MockConsortium::grant(operator(), Role::Operator);
	MockConsortium::grant(recycler(), Role::Recycler);
	MockConsortium::grant(other_recycler(), Role::Recycler);
	MockConsortium::grant(authority(), Role::Authority);
	for (who, secret) in [
		(manufacturer(), MANUFACTURER_SECRET),
		(operator(), OPERATOR_SECRET),
		(recycler(), RECYCLER_SECRET),
		(other_recycler(), OTHER_RECYCLER_SECRET),
	] {
		MockConsortium::set_reader_key(who, battery_seal::public_key(&secret));
	}
	MockConsortium::set_authority_reader_key(battery_seal::public_key(&AUTHORITY_SECRET));
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		balances: pallet_balances::GenesisConfig {
			balances: [operator(), recycler(), other_recycler(), stranger()]
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
		for n in 1..=4 {
			retire(&battery(n), &manufacturer(), &operator());
		}
	});
	ext
}
