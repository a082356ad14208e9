//! Test runtime: System and the passport pallet, with the thread-local consortium stand-in and
//! clock of `battery-test-fixtures`.

use crate as pallet_passport;
use battery_primitives::{
	consortium::Role,
	passport::example::{AUTHORITY_KEY, OPERATOR_KEY},
	sealed::ReaderPublicKey,
};
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

/// Reader keys: the operator's is [`OPERATOR_KEY`] (the sample's), the Authority's
/// [`AUTHORITY_KEY`].
pub const RIVAL_KEY: ReaderPublicKey = [0x44; 32];
/// See [`RIVAL_KEY`].
pub const RECYCLER_KEY: ReaderPublicKey = [0x55; 32];
/// See [`RIVAL_KEY`].
pub const OPERATOR_READER_KEY: ReaderPublicKey = [0x66; 32];
/// The maker's legal-entity business partner number (the sample's).
pub const MAKER_BPNL: battery_primitives::passport::Bpn = *b"BPNL00000003AYRE";
/// The key of an account that is no member.
pub const STRANGER_KEY: ReaderPublicKey = [0x77; 32];

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
	fn member(who: &AccountId, role: Role, reader_key: ReaderPublicKey) {
		MockConsortium::grant(*who, role);
		MockConsortium::set_reader_key(*who, reader_key);
	}
	fn set_authority_reader_key(key: ReaderPublicKey) {
		MockConsortium::set_authority_reader_key(key);
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
		MockConsortium::set_reader_key(MAKER, OPERATOR_KEY);
		MockConsortium::set_reader_key(RIVAL, RIVAL_KEY);
		MockConsortium::set_reader_key(RECYCLER, RECYCLER_KEY);
		MockConsortium::set_reader_key(OPERATOR, OPERATOR_READER_KEY);
		MockConsortium::set_authority_reader_key(AUTHORITY_KEY);
		// The maker's BPNL (the sample's), bound as an Authority member would.
		crate::OperatorIds::<Test>::insert(MAKER, MAKER_BPNL);
		crate::OperatorOfId::<Test>::insert(MAKER_BPNL, MAKER);
		System::set_block_number(1);
	});
	ext
}
