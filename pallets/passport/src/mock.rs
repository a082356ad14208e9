//! Test runtime: System and the passport pallet, with the thread-local consortium stand-in and
//! clock of `battery-test-fixtures`.

use crate as pallet_passport;
use battery_primitives::consortium::Role;
use battery_test_fixtures::mock::{MockConsortium as Consortium, MockTime};
use frame_support::derive_impl;
use sp_runtime::BuildStorage;

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;
pub type MockConsortium = Consortium<AccountId>;

/// A manufacturer.
pub const MAKER: AccountId = 1;
/// Another manufacturer (a competitor).
pub const RIVAL: AccountId = 2;
/// A recycler (the economic operator of second-life models).
pub const RECYCLER: AccountId = 3;
/// An operator: a member, but no economic operator.
pub const OPERATOR: AccountId = 4;
/// An Authority member.
pub const AUTHORITY: AccountId = 5;
/// An account outside the consortium.
pub const STRANGER: AccountId = 9;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Passport: pallet_passport,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_passport::Config for Test {
	type Consortium = MockConsortium;
	type UnixTime = MockTime;
	type MaxModels = frame_support::traits::ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark set-up for the mock: roles in [`MockConsortium`].
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn member(who: &AccountId, role: Role) {
		MockConsortium::grant(*who, role);
	}
}

/// Genesis: the members above, block 1 (so events are recorded), the clock at
/// `battery_test_fixtures::NOW_MS`.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("the mock genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		MockConsortium::reset();
		MockConsortium::grant(MAKER, Role::Manufacturer);
		MockConsortium::grant(RIVAL, Role::Manufacturer);
		MockConsortium::grant(RECYCLER, Role::Recycler);
		MockConsortium::grant(OPERATOR, Role::Operator);
		MockConsortium::grant(AUTHORITY, Role::Authority);
		System::set_block_number(1);
	});
	ext
}
