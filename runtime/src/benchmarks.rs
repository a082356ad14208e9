//! FRAME benchmarks of the runtime (only with `--features runtime-benchmarks`).

use crate::*;
use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;
// The shared sample data and keystore signer (`battery-test-fixtures`, re-exported by
// pallet-battery's benchmarking module).
use pallet_battery::benchmarking::fixtures;

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_multisig, Multisig]
	[pallet_proxy, Proxy]
	[pallet_consortium, Consortium]
	[pallet_battery, Battery]
	[pallet_logistics, Logistics]
	[pallet_charging, Charging]
	[pallet_recycling, Recycling]
	[pallet_passport, Passport]
	[pallet_telemetry, Telemetry]
	[pallet_governance, Governance]
);

use frame_benchmarking::baseline::Pallet as BaselineBench;
use frame_system_benchmarking::Pallet as SystemBench;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

/// The list of benchmarks and the storage items they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use frame_support::traits::StorageInfoTrait;

	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use frame_support::traits::{TrackedStorageKey, WhitelistedStorageKeys};

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
		fixtures::KeystoreSr25519::signer()
	}

	fn sign(signer: &AccountId, message: &[u8]) -> Option<Signature> {
		fixtures::KeystoreSr25519::sign(signer, message)
	}

	fn max_operators_per_user() -> u32 {
		use frame_support::traits::Get;
		<Runtime as pallet_consortium::Config>::MaxOperatorsPerUser::get()
	}

	fn suspend(who: &AccountId) {
		let _ = Consortium::suspend_member(RuntimeOrigin::root(), who.clone());
	}

	fn set_reader_key(who: &AccountId, key: battery_primitives::sealed::ReaderPublicKey) {
		let _ = Consortium::set_reader_key(RuntimeOrigin::signed(who.clone()), key);
	}

	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey) {
		let _ = Consortium::set_authority_reader_key(RuntimeOrigin::root(), key);
	}
}

/// Sets up pallet-logistics' benchmarks through the consortium's and pallet-battery's calls.
pub struct LogisticsBenchmarkHelper;

/// An active member holding `role` with `reader_key` and funds (through the consortium's calls),
/// as the logistics and charging benchmarks need their parties.
fn member_with_key(
	who: &AccountId,
	role: battery_primitives::consortium::Role,
	reader_key: battery_primitives::sealed::ReaderPublicKey,
) {
	use pallet_battery::BenchmarkHelper as _;
	BatteryBenchmarkHelper::grant_role(who, role);
	BatteryBenchmarkHelper::set_reader_key(who, reader_key);
}

/// The Authority's reader key (through the consortium's call).
fn authority_key(key: battery_primitives::sealed::ReaderPublicKey) {
	use pallet_battery::BenchmarkHelper as _;
	BatteryBenchmarkHelper::set_authority_reader_key(key);
}

impl pallet_logistics::BenchmarkHelper<AccountId> for LogisticsBenchmarkHelper {
	fn member(
		who: &AccountId,
		role: battery_primitives::consortium::Role,
		reader_key: battery_primitives::sealed::ReaderPublicKey,
	) {
		member_with_key(who, role, reader_key);
	}

	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey) {
		authority_key(key);
	}

	fn register_batteries(
		who: &AccountId,
		n: u32,
	) -> Vec<battery_primitives::consortium::BatteryId> {
		use frame_support::traits::Get;
		let ids: Vec<_> = (0..n).map(|k| fixtures::gbt_id(100_000 + k)).collect();
		let lot: u32 = <Runtime as pallet_battery::Config>::MaxBatchSize::get();
		let lot = lot.max(1) as usize;
		for chunk in ids.chunks(lot) {
			let _ = Battery::register_batteries(
				RuntimeOrigin::signed(who.clone()),
				fixtures::pack(),
				chunk.to_vec().try_into().unwrap_or_default(),
			);
		}
		ids
	}

	fn collision_sensor(
		owner: &AccountId,
		sensor: &AccountId,
		vehicle: &battery_primitives::consortium::SubjectId,
	) {
		// A failure shows as the benchmark's own `SensorNotAttached`.
		let _ = Consortium::register_device(
			RuntimeOrigin::signed(owner.clone()),
			sensor.clone(),
			battery_primitives::consortium::DeviceKind::CollisionSensor,
			vehicle.clone(),
		);
	}
}

/// Sets up pallet-charging's benchmarks: members and the pile controller through
/// pallet-consortium, the clock through pallet-timestamp.
pub struct ChargingBenchmarkHelper;

impl pallet_charging::BenchmarkHelper<AccountId> for ChargingBenchmarkHelper {
	fn member(
		who: &AccountId,
		role: battery_primitives::consortium::Role,
		reader_key: battery_primitives::sealed::ReaderPublicKey,
	) {
		member_with_key(who, role, reader_key);
	}

	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey) {
		authority_key(key);
	}

	fn pile_controller(
		owner: &AccountId,
		controller: &AccountId,
		evse: &battery_primitives::charging::EvseId,
	) {
		// A failure shows as the benchmark's own `NotController`.
		let _ = Consortium::register_device(
			RuntimeOrigin::signed(owner.clone()),
			controller.clone(),
			battery_primitives::consortium::DeviceKind::PileController,
			battery_primitives::charging::pile_subject(evse),
		);
	}

	fn set_unix_time_ms(ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(ms);
	}
}

/// Sets up pallet-consortium's benchmarks: a battery registered through pallet-battery and put
/// in the custody of the gateway's owner.
pub struct ConsortiumBenchmarkHelper;

impl pallet_consortium::BenchmarkHelper<AccountId> for ConsortiumBenchmarkHelper {
	fn gateway_subject(owner: &AccountId) -> battery_primitives::consortium::SubjectId {
		use battery_primitives::{
			battery::{BatteryLifecycle, CustodyVia},
			consortium::Role,
		};
		use pallet_battery::BenchmarkHelper as _;
		let battery = fixtures::gbt_id(42);
		let manufacturer: AccountId = frame_benchmarking::account("gateway-manufacturer", 0, 0);
		BatteryBenchmarkHelper::grant_role(&manufacturer, Role::Manufacturer);
		let ids = alloc::vec![battery.clone()].try_into().unwrap_or_default();
		let _ =
			Battery::register_batteries(RuntimeOrigin::signed(manufacturer), fixtures::cell(), ids);
		let _ =
			<Battery as BatteryLifecycle<_>>::set_custodian(&battery, owner, CustodyVia::Handover);
		battery
	}
}

/// Sets up pallet-telemetry's benchmarks: a battery (the test cell, whose characterisation the
/// benchmarks write) registered and put in service through pallet-battery, a BMS gateway
/// registered through pallet-consortium.
pub struct TelemetryBenchmarkHelper;

impl pallet_telemetry::BenchmarkHelper<AccountId> for TelemetryBenchmarkHelper {
	fn battery_in_service(
		battery: &battery_primitives::consortium::BatteryId,
	) -> (AccountId, AccountId) {
		use battery_primitives::{
			battery::{BatteryLifecycle, BatteryStatus, CustodyVia},
			consortium::Role,
		};
		use pallet_battery::BenchmarkHelper as _;
		let manufacturer: AccountId = frame_benchmarking::account("manufacturer", 0, 0);
		let logistics: AccountId = frame_benchmarking::account("logistics", 0, 0);
		let operator: AccountId = frame_benchmarking::account("operator", 0, 0);
		BatteryBenchmarkHelper::grant_role(&manufacturer, Role::Manufacturer);
		BatteryBenchmarkHelper::grant_role(&logistics, Role::Logistics);
		BatteryBenchmarkHelper::grant_role(&operator, Role::Operator);
		let ids = alloc::vec![battery.clone()].try_into().unwrap_or_default();
		let _ = Battery::register_batteries(
			RuntimeOrigin::signed(manufacturer.clone()),
			fixtures::cell(),
			ids,
		);
		let _ = <Battery as BatteryLifecycle<_>>::set_custodian(
			battery,
			&logistics,
			CustodyVia::Handover,
		);
		let _ = <Battery as BatteryLifecycle<_>>::transition(
			&logistics,
			battery,
			BatteryStatus::InTransit,
		);
		let _ = <Battery as BatteryLifecycle<_>>::set_custodian(
			battery,
			&operator,
			CustodyVia::Handover,
		);
		let _ = <Battery as BatteryLifecycle<_>>::transition(
			&operator,
			battery,
			BatteryStatus::InService,
		);
		// Batches are sealed for the Usage scope: the operator's key and the Authority's.
		let _ = Consortium::set_reader_key(RuntimeOrigin::signed(operator.clone()), [0x21; 32]);
		let _ = Consortium::set_authority_reader_key(RuntimeOrigin::root(), [0x23; 32]);
		(operator, manufacturer)
	}

	fn bms_gateway(
		operator: &AccountId,
		battery: &battery_primitives::consortium::BatteryId,
	) -> AccountId {
		let device: AccountId = frame_benchmarking::account("gateway", 0, 0);
		let _ = Consortium::register_device(
			RuntimeOrigin::signed(operator.clone()),
			device.clone(),
			battery_primitives::consortium::DeviceKind::BmsGateway,
			battery.clone(),
		);
		device
	}

	fn set_unix_time_ms(ms: u64) {
		pallet_timestamp::Now::<Runtime>::put(ms);
	}
}

/// Sets up pallet-recycling's benchmarks: members through pallet-consortium, a retired battery
/// through pallet-battery (registered, carried to the operator, in service, retired).
pub struct RecyclingBenchmarkHelper;

impl pallet_recycling::BenchmarkHelper<AccountId> for RecyclingBenchmarkHelper {
	fn member(
		who: &AccountId,
		role: battery_primitives::consortium::Role,
		reader_key: battery_primitives::sealed::ReaderPublicKey,
	) {
		member_with_key(who, role, reader_key);
	}

	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey) {
		authority_key(key);
	}

	fn retired_battery(
		manufacturer: &AccountId,
		operator: &AccountId,
	) -> battery_primitives::consortium::BatteryId {
		use battery_primitives::battery::{BatteryLifecycle, BatteryStatus, CustodyVia};
		let battery = fixtures::gbt_id(200_000);
		let carrier: AccountId = frame_benchmarking::account("carrier", 0, 0);
		member_with_key(&carrier, battery_primitives::consortium::Role::Logistics, [0x5f; 32]);
		let via = CustodyVia::Shipment { shipment: 0, batch: 1 };
		// A failure shows as the benchmark's own errors (an unknown battery, a wrong status).
		let _ = Battery::register_batteries(
			RuntimeOrigin::signed(manufacturer.clone()),
			fixtures::pack(),
			alloc::vec![battery.clone()].try_into().unwrap_or_default(),
		);
		let _ = <Battery as BatteryLifecycle<AccountId>>::set_custodian(
			&battery,
			&carrier,
			via.clone(),
		);
		let _ = Battery::transition(
			RuntimeOrigin::signed(carrier),
			battery.clone(),
			BatteryStatus::InTransit,
		);
		let _ = <Battery as BatteryLifecycle<AccountId>>::set_custodian(&battery, operator, via);
		for status in [BatteryStatus::InService, BatteryStatus::Retired] {
			let _ = Battery::transition(
				RuntimeOrigin::signed(operator.clone()),
				battery.clone(),
				status,
			);
		}
		battery
	}

	fn fund(who: &AccountId) {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::set_balance(who, 1_000_000 * EXISTENTIAL_DEPOSIT);
	}

	fn characterise(battery: &battery_primitives::consortium::BatteryId) {
		pallet_telemetry::Characterisations::<Runtime>::insert(
			battery,
			pallet_telemetry::Characterisation {
				config: fixtures::cell_config(),
				temp_window_min_decic: fixtures::CELL_TEMP_WINDOW_DECIC.0,
				temp_window_max_decic: fixtures::CELL_TEMP_WINDOW_DECIC.1,
				set_by: None,
				set_at: 0,
			},
		);
	}
}

/// Sets up pallet-passport's benchmarks: members through pallet-consortium.
pub struct PassportBenchmarkHelper;

impl pallet_passport::BenchmarkHelper<AccountId> for PassportBenchmarkHelper {
	fn member(
		who: &AccountId,
		role: battery_primitives::consortium::Role,
		reader_key: battery_primitives::sealed::ReaderPublicKey,
	) {
		member_with_key(who, role, reader_key);
	}

	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey) {
		authority_key(key);
	}
}
