//! Test runtime: System, Balances and the consortium pallet with Root as the approval origin,
//! slashes paid to a treasury account and a configurable battery scope.

use crate as pallet_consortium;
use crate::{MemberProfile, MemberProfileOf};
use alloc::collections::btree_map::BTreeMap;
use battery_primitives::consortium::{
	BindingError, DataCategory, DeviceBinding, DeviceKind, MemberObligations, Obligation, Role,
};
use core::cell::RefCell;
use frame_support::{
	derive_impl,
	traits::{fungible::Balanced, ConstU32, ConstU64, OnUnbalanced},
};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Consortium: pallet_consortium,
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

/// Receives slashed deposits.
pub const TREASURY: AccountId = 999;
/// Deposit per application.
pub const APPLICATION_DEPOSIT: Balance = 100;
/// Deposit per user registration.
pub const USER_DEPOSIT: Balance = 10;
/// Deposit per device.
pub const DEVICE_DEPOSIT: Balance = 5;
/// Free balance of every endowed account.
pub const ENDOWMENT: Balance = 10_000;

/// Pays slashed deposits into [`TREASURY`], so total issuance is unchanged by a slash.
pub struct SlashToTreasury;
impl OnUnbalanced<crate::CreditOf<Test>> for SlashToTreasury {
	fn on_nonzero_unbalanced(credit: crate::CreditOf<Test>) {
		let _ = <Balances as Balanced<AccountId>>::resolve(&TREASURY, credit);
	}
}

thread_local! {
	static OPERATED: RefCell<BTreeMap<Vec<u8>, AccountId>> = const { RefCell::new(BTreeMap::new()) };
	static OBLIGATIONS: RefCell<BTreeMap<AccountId, Obligation>> = const { RefCell::new(BTreeMap::new()) };
}

/// Batteries [`OPERATOR`] custodies in every test (BMS gateways may be bound to them).
pub const OPERATED_BATTERIES: [&[u8]; 4] = [BATTERY, b"BAT", b"BAT-2", b"BAT-9"];
/// A battery custodied by [`LOGISTICS`] (not by the operator).
pub const FOREIGN_BATTERY: &[u8] = b"BAT-FOREIGN";

/// Device bindings answered from a thread-local battery → custodian map: a BMS gateway binds
/// only to a known battery, and only for its custodian; other kinds bind to anything.
pub struct MockDeviceBinding;
impl MockDeviceBinding {
	/// Make `custodian` the custodian of `battery`.
	pub fn custody(custodian: AccountId, battery: &[u8]) {
		OPERATED.with(|m| m.borrow_mut().insert(battery.to_vec(), custodian));
	}
}
impl DeviceBinding<AccountId> for MockDeviceBinding {
	fn check_binding(
		owner: &AccountId,
		kind: DeviceKind,
		subject: &crate::SubjectId,
	) -> Result<(), BindingError> {
		if kind != DeviceKind::BmsGateway {
			return Ok(());
		}
		match OPERATED.with(|m| m.borrow().get(subject.as_slice()).copied()) {
			None => Err(BindingError::UnknownSubject),
			Some(custodian) if custodian == *owner => Ok(()),
			Some(_) => Err(BindingError::NotSubjectOperator),
		}
	}
}

/// Obligations other pallets would report, from a thread-local map the tests fill in.
pub struct MockObligations;
impl MockObligations {
	/// Give `who` an obligation (`None` clears it).
	pub fn set(who: AccountId, obligation: Option<Obligation>) {
		OBLIGATIONS.with(|m| match obligation {
			Some(obligation) => m.borrow_mut().insert(who, obligation),
			None => m.borrow_mut().remove(&who),
		});
	}
}
impl MemberObligations<AccountId> for MockObligations {
	fn obligation(who: &AccountId) -> Option<Obligation> {
		OBLIGATIONS.with(|m| m.borrow().get(who).copied())
	}
}

/// Battery scope answered from thread-local sets the tests fill in (the shared stand-in of
/// `battery-test-fixtures`).
pub type MockBatteryScope = battery_test_fixtures::mock::MockBatteryScope<AccountId>;

#[derive_impl(pallet_consortium::config_preludes::TestDefaultConfig)]
impl pallet_consortium::Config for Test {
	type Currency = Balances;
	type ApprovalOrigin = frame_system::EnsureRoot<AccountId>;
	type Slashed = SlashToTreasury;
	type ApplicationDeposit = ConstU64<APPLICATION_DEPOSIT>;
	type UserDeposit = ConstU64<USER_DEPOSIT>;
	type DeviceDeposit = ConstU64<DEVICE_DEPOSIT>;
	type MaxProfileFieldLen = ConstU32<32>;
	type MaxOperatorsPerUser = ConstU32<3>;
	type MaxUsersPerOperator = ConstU32<5>;
	type MaxDevicesPerOwner = ConstU32<4>;
	type BatteryScope = MockBatteryScope;
	type DeviceBinding = MockDeviceBinding;
	type Obligations = MockObligations;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark set-up on the mock: the subject becomes a battery in the owner's custody.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn gateway_subject(owner: &AccountId) -> crate::SubjectId {
		let subject = crate::SubjectId::truncate_from(b"BENCH-BATTERY".to_vec());
		MockDeviceBinding::custody(*owner, &subject);
		subject
	}
}

// Genesis members, one per role (User is registered by OPERATOR).
pub const MANUFACTURER: AccountId = 1;
pub const LOGISTICS: AccountId = 2;
pub const OPERATOR: AccountId = 3;
pub const ENERGY_STATION: AccountId = 4;
pub const RECYCLER: AccountId = 5;
pub const AUTHORITY: AccountId = 6;
/// A user registered at genesis by [`OPERATOR`].
pub const USER: AccountId = 7;
/// A BMS gateway of [`OPERATOR`] registered at genesis.
pub const GENESIS_BMS: AccountId = 8;
/// Endowed accounts that are nobody yet.
pub const ALICE: AccountId = 10;
pub const BOB: AccountId = 11;
pub const CHARLIE: AccountId = 12;
pub const DAVE: AccountId = 13;
/// An account without any balance.
pub const PAUPER: AccountId = 50;
/// A battery id used by the genesis BMS gateway.
pub const BATTERY: &[u8] = b"CATL-2025-0000000000000001";

/// A valid profile for tests.
pub fn profile(name: &str) -> MemberProfileOf<Test> {
	MemberProfile::new(name.as_bytes(), b"REG-42", b"ops@example.org").expect("short test fields")
}

/// A subject id from bytes.
pub fn subject(bytes: &[u8]) -> crate::SubjectId {
	bytes.to_vec().try_into().expect("short test subject")
}

fn genesis_member(account: AccountId, role: Role) -> crate::GenesisMember<AccountId> {
	crate::GenesisMember {
		account,
		roles: vec![role],
		name: format!("{role:?} Ltd").into_bytes(),
		registration: b"REG".to_vec(),
		contact: b"contact@example.org".to_vec(),
	}
}

/// Builds test externalities.
pub struct ExtBuilder {
	seeded: bool,
	scope: Vec<(DataCategory, Vec<Role>)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { seeded: true, scope: vec![] }
	}
}

impl ExtBuilder {
	/// Start without the genesis consortium (balances only).
	pub fn empty() -> Self {
		Self { seeded: false, scope: vec![] }
	}

	/// Override scope rows at genesis.
	pub fn scope(mut self, scope: Vec<(DataCategory, Vec<Role>)>) -> Self {
		self.scope = scope;
		self
	}

	/// The genesis config of the consortium pallet this builder uses.
	pub fn consortium_genesis(&self) -> pallet_consortium::GenesisConfig<Test> {
		if !self.seeded {
			return pallet_consortium::GenesisConfig {
				scope: self.scope.clone(),
				..Default::default()
			};
		}
		pallet_consortium::GenesisConfig {
			members: vec![
				genesis_member(MANUFACTURER, Role::Manufacturer),
				genesis_member(LOGISTICS, Role::Logistics),
				genesis_member(OPERATOR, Role::Operator),
				genesis_member(ENERGY_STATION, Role::EnergyStation),
				genesis_member(RECYCLER, Role::Recycler),
				genesis_member(AUTHORITY, Role::Authority),
			],
			users: vec![(OPERATOR, USER)],
			devices: vec![crate::GenesisDevice {
				device: GENESIS_BMS,
				owner: OPERATOR,
				kind: DeviceKind::BmsGateway,
				subject: BATTERY.to_vec(),
			}],
			scope: self.scope.clone(),
		}
	}

	/// Build the externalities at block 1 (events are recorded from there).
	pub fn build(self) -> sp_io::TestExternalities {
		battery_test_fixtures::mock::reset();
		OBLIGATIONS.with(|m| m.borrow_mut().clear());
		OPERATED.with(|m| {
			let mut map = m.borrow_mut();
			map.clear();
			for battery in OPERATED_BATTERIES {
				map.insert(battery.to_vec(), OPERATOR);
			}
			map.insert(FOREIGN_BATTERY.to_vec(), LOGISTICS);
		});
		let endowed = [
			MANUFACTURER,
			LOGISTICS,
			OPERATOR,
			ENERGY_STATION,
			RECYCLER,
			AUTHORITY,
			USER,
			ALICE,
			BOB,
			CHARLIE,
			DAVE,
			TREASURY,
		];
		// Build through the runtime genesis so `on_genesis` writes the storage version.
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig {
				balances: endowed.iter().map(|a| (*a, ENDOWMENT)).collect(),
				..Default::default()
			},
			consortium: self.consortium_genesis(),
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
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

/// Benchmark-test externalities: balances only, no consortium.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_bench_ext() -> sp_io::TestExternalities {
	ExtBuilder::empty().build()
}
