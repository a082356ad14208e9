//! FRAME benchmarks of the runtime (only with `--features runtime-benchmarks`).

use crate::*;
use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_consortium, Consortium]
	[pallet_battery, Battery]
);

use frame_benchmarking::baseline::Pallet as BaselineBench;
use frame_system_benchmarking::Pallet as SystemBench;

/// The list of benchmarks and the storage items they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_benchmarking::Benchmarking;
	use frame_support::traits::StorageInfoTrait;

	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use frame_benchmarking::Benchmarking;
	use frame_support::traits::WhitelistedStorageKeys;
	use sp_storage::TrackedStorageKey;

	impl frame_system_benchmarking::Config for Runtime {}
	impl frame_benchmarking::baseline::Config for Runtime {}

	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}

/// Sets up pallet-battery's benchmarks through the consortium's public calls.
pub struct BatteryBenchmarkHelper;

impl pallet_battery::BenchmarkHelper<AccountId, Signature> for BatteryBenchmarkHelper {
	fn grant_role(who: &AccountId, role: battery_primitives::consortium::Role) {
		use frame_support::traits::fungible::Mutate;
		let _ = <Balances as Mutate<AccountId>>::set_balance(who, 1_000_000 * UNIT);
		let Some(profile) = pallet_consortium::MemberProfile::new(b"bench", b"bench", b"bench")
		else {
			return;
		};
		let _ = Consortium::apply_for_role(RuntimeOrigin::signed(who.clone()), role, profile);
		let _ = Consortium::approve_application(RuntimeOrigin::root(), who.clone(), role);
	}

	fn register_user(operator: &AccountId, user: &AccountId) {
		let _ = Consortium::register_user(RuntimeOrigin::signed(operator.clone()), user.clone());
	}

	fn signer() -> AccountId {
		pallet_battery::benchmarking::KeystoreSr25519::signer()
	}

	fn sign(signer: &AccountId, message: &[u8]) -> Option<Signature> {
		pallet_battery::benchmarking::KeystoreSr25519::sign(signer, message)
	}
}
