use super::*;
use crate::{migrations::v2::MigrateV1ToV2, Characterisations};
use battery_estimator::Chemistry;
use frame_support::{
	assert_ok,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};

/// Offset of the chemistry byte in a SCALE-encoded characterisation: the configuration's last
/// field, after 8 + 3·4 + 41·4 + 4·4 bytes.
const CHEMISTRY_OFFSET: usize = 200;

/// Store `bytes` as the raw characterisation of `id` (a version-1 entry).
fn put_raw(id: &[u8], bytes: &[u8]) {
	frame_support::storage::unhashed::put_raw(
		&Characterisations::<Test>::hashed_key_for(battery(id)),
		bytes,
	);
}

#[test]
fn v1_characterisations_take_the_passport_chemistry() {
	ExtBuilder::default().build_and_execute(|| {
		let stored = Characterisations::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(stored.config.chemistry, Chemistry::Nmc);
		let v1 = |old_index: u8| {
			let mut bytes = stored.encode();
			// NMC is index 1 in both versions: the offset is right.
			assert_eq!(bytes[CHEMISTRY_OFFSET], 1);
			bytes[CHEMISTRY_OFFSET] = old_index;
			bytes
		};
		// Version 1: BATTERY (an NMC passport) declared `Unknown` (0); a battery without a
		// passport declared `Lfp` (4, which is `Lto` in version 2).
		put_raw(BATTERY, &v1(0));
		put_raw(b"NO-PASSPORT", &v1(4));
		StorageVersion::new(1).put::<Telemetry>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Telemetry::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Characterisations::<Test>::get(battery(BATTERY)), Some(stored.clone()));
		let orphan = Characterisations::<Test>::get(battery(b"NO-PASSPORT")).unwrap();
		assert_eq!(orphan.config.chemistry, Chemistry::Lfp);
		assert_eq!(orphan.config.ocv_uv, stored.config.ocv_uv);
		assert_eq!((orphan.set_by, orphan.set_at), (stored.set_by, stored.set_at));

		// At version 2 it only reads the version: a second run changes nothing.
		put_raw(BATTERY, &v1(0));
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(
			frame_support::storage::unhashed::get_raw(&Characterisations::<Test>::hashed_key_for(
				battery(BATTERY)
			)),
			Some(v1(0))
		);
		put_raw(BATTERY, &stored.encode());
	});
}

#[test]
fn v2_twins_are_carried_over_open_and_plaintext_results_leave() {
	use crate::{
		migrations::v3::{MigrateV2ToV3, OldBatteryTelemetry, OldTelemetrySummary, OldTwinState},
		LatestHealth, TwinStates,
	};
	use battery_estimator::EstimatorState;
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let hash = submit(1);
		assert_ok!(submit_result(compute(BATTERY, 1, hash, &discharge(20), &key)).unwrap());
		let last_batch = crate::Telemetry::<Test>::get(battery(BATTERY)).unwrap().last_batch;
		// Version 2: a plaintext state, a summary with the counters, a plaintext health.
		let state = EstimatorState { t_s: 1_234, samples: 19, ..Default::default() };
		let usage = crate::UsageSummary { batches: 1, samples: 20, ..Default::default() };
		let put =
			|key: Vec<u8>, value: Vec<u8>| frame_support::storage::unhashed::put_raw(&key, &value);
		put(
			TwinStates::<Test>::hashed_key_for(battery(BATTERY)),
			OldTwinState {
				state: state.clone(),
				state_hash: H256::repeat_byte(1),
				estimator_version: 1,
				updated_at: 5u64,
			}
			.encode(),
		);
		put(
			crate::Telemetry::<Test>::hashed_key_for(battery(BATTERY)),
			OldBatteryTelemetry {
				last_batch: last_batch.clone(),
				summary: OldTelemetrySummary { usage: usage.clone(), results: 7, disputes: 2 },
			}
			.encode(),
		);
		StorageVersion::new(2).put::<Telemetry>();
		assert!(LatestHealth::<Test>::get(battery(BATTERY)).is_some());

		MigrateV2ToV3::<Test>::on_runtime_upgrade();

		assert_eq!(Telemetry::on_chain_storage_version(), StorageVersion::new(3));
		let twin = TwinStates::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(twin.twin, crate::Twin::Open(crate::TwinRecord { state, summary: usage }));
		assert_eq!((twin.estimator_version, twin.updated_at), (1, 5));
		let telemetry = crate::Telemetry::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(
			(telemetry.last_batch, telemetry.results, telemetry.disputes),
			(last_batch, 7, 2)
		);
		assert!(LatestHealth::<Test>::get(battery(BATTERY)).is_none());
		assert_eq!(crate::HealthHistory::<Test>::iter().count(), 0);
		// The next batch continues from the carried-over twin, and its result is sealed.
		let next = submit(2);
		let result = compute(BATTERY, 2, next, &discharge(20), &key);
		assert_eq!(result.prior_twin, twin.twin.hash::<BlakeTwo256>());
		assert_ok!(submit_result(result).unwrap());
		assert_eq!(current_twin_record(BATTERY).summary.batches, 2);
		assert!(matches!(
			TwinStates::<Test>::get(battery(BATTERY)).unwrap().twin,
			crate::Twin::Sealed(_)
		));
	});
}
