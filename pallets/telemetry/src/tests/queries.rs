use super::*;
use battery_primitives::{
	consortium::MAX_SUBJECT_LEN,
	telemetry::{AnomalyKind, ForecastPoint, ReadError},
};
use frame_support::assert_ok;

#[test]
fn views_before_anything_is_recorded() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Telemetry::health(BATTERY.to_vec()), None);
		assert_eq!(Telemetry::telemetry_summary(BATTERY.to_vec()), None);
		// The characterisation alone makes a twin.
		let twin = Telemetry::twin(BATTERY.to_vec()).unwrap();
		assert_eq!(twin.latest_health, None);
		assert_eq!(twin.estimator_samples, 0);
		assert_eq!(twin.state_updated_at, None);
		assert_eq!(
			twin.estimator_state_hash,
			BlakeTwo256::hash(&battery_estimator::new_state().encode())
		);
		assert_eq!(twin.data_space.protocol_version, 1);
		assert_eq!(twin.data_space.sample_period_ms, 1_000);
		assert_eq!(twin.data_space.estimator_version, 0);
		assert_eq!(twin.characterisation.unwrap().chemistry, battery_estimator::Chemistry::Nmc);
		assert_eq!(Telemetry::twin(STORED_BATTERY.to_vec()), None);
		assert_eq!(Telemetry::twin(vec![b'x'; 65]), None);
	});
}

#[test]
fn health_twin_and_summary_views() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		assert_ok!(Telemetry::set_physical_model(
			RuntimeOrigin::signed(OPERATOR),
			battery(BATTERY),
			crate::PhysicalModel {
				shape: crate::PackShape::Cuboid,
				length_mm: 1_000,
				width_mm: 500,
				height_mm: 200,
				cell_format: crate::CellFormat::Cylindrical,
				series: 10,
				parallel: 4,
				bms: Default::default(),
			}
		));
		let mut hashes = vec![];
		for sequence in 1..=2 {
			let hash = submit(sequence);
			hashes.push(hash);
			System::set_block_number(sequence + 1);
			assert_ok!(
				submit_result(compute(BATTERY, sequence, hash, &discharge(20), &key)).unwrap()
			);
		}
		let health = Telemetry::health(BATTERY.to_vec()).unwrap();
		assert_eq!(health.batch_hash, hashes[1]);
		assert_eq!(health.sequence, 2);
		assert_eq!(health.estimator, key.to_raw_vec());
		assert_eq!(health.recorded_at, 3);
		assert_eq!(health.last_sample_ms, start_of(2) + 19_000);
		assert_eq!(
			health.forecast.iter().map(|p| p.horizon_efc).collect::<Vec<_>>(),
			vec![100, 500, 1000]
		);
		assert!(matches!(health.forecast[0], ForecastPoint { soh_ppm, .. } if soh_ppm > 0));
		assert_eq!(health.anomalies, AnomalyKind::from_flags(health.anomaly_flags));

		let twin = Telemetry::twin(BATTERY.to_vec()).unwrap();
		assert_eq!(twin.battery, BATTERY.to_vec());
		assert_eq!(twin.physical.as_ref().unwrap().series, 10);
		assert_eq!(twin.latest_health, Some(health.clone()));
		// Newest first.
		assert_eq!(twin.history.iter().map(|h| h.sequence).collect::<Vec<_>>(), vec![2, 1]);
		assert_eq!(twin.data_space.estimator_version, crate::ESTIMATOR_VERSION);
		assert_eq!(twin.estimator_samples, 39); // the first sample initialises the state
		assert_eq!(
			twin.estimator_state_hash,
			crate::TwinStates::<Test>::get(battery(BATTERY)).unwrap().state_hash
		);
		assert_eq!(twin.pending_batches, 0);

		let summary = Telemetry::telemetry_summary(BATTERY.to_vec()).unwrap();
		assert_eq!(summary.last_batch.hash, hashes[1]);
		assert_eq!(summary.last_batch.device, GATEWAY);
		assert_eq!(summary.batches, 2);
		assert_eq!(summary.samples, 40);
		assert_eq!(summary.results, 2);
		// 150 A·s = 41 mAh (floor), energy × 40 cells for the pack.
		assert_eq!(summary.charge_discharged_mah, 41);
		assert_eq!(summary.pack_energy_discharged_mwh, Some(summary.energy_discharged_mwh * 40));
		assert_eq!(summary.efc_milli, 4);
	});
}

#[test]
fn scoped_reads_follow_the_usage_scope() {
	ExtBuilder::default().build_and_execute(|| {
		submit(1);
		// Operators and authorities read usage data; users only their batteries.
		assert!(Telemetry::telemetry_summary_for(BATTERY.to_vec(), OPERATOR).unwrap().is_some());
		assert!(Telemetry::twin_for(BATTERY.to_vec(), AUTHORITY).unwrap().is_some());
		assert_eq!(Telemetry::health_for(BATTERY.to_vec(), USER), Err(ReadError::NotInScope));
		MockConsortium::assign(USER, BATTERY);
		assert_eq!(Telemetry::health_for(BATTERY.to_vec(), USER), Ok(None));
		assert!(Telemetry::telemetry_summary_for(BATTERY.to_vec(), USER).unwrap().is_some());
		assert_eq!(
			Telemetry::telemetry_summary_for(BATTERY.to_vec(), MANUFACTURER),
			Err(ReadError::NotInScope)
		);
		assert_eq!(Telemetry::twin_for(BATTERY.to_vec(), STRANGER), Err(ReadError::NotInScope));
	});
}

#[test]
fn scoped_reads_check_the_id_then_the_battery_then_the_scope() {
	ExtBuilder::default().build_and_execute(|| {
		submit(1);
		let too_long = vec![b'x'; MAX_SUBJECT_LEN as usize + 1];
		let unknown = b"CATL-2025-0000000000000099".to_vec();
		for reader in [OPERATOR, AUTHORITY, STRANGER] {
			// An over-long id is invalid for every reader, in scope or not.
			assert_eq!(
				Telemetry::health_for(too_long.clone(), reader),
				Err(ReadError::InvalidBatteryId)
			);
			assert_eq!(
				Telemetry::twin_for(too_long.clone(), reader),
				Err(ReadError::InvalidBatteryId)
			);
			assert_eq!(
				Telemetry::telemetry_summary_for(too_long.clone(), reader),
				Err(ReadError::InvalidBatteryId)
			);
			// An unregistered one is unknown, before the scope is asked.
			assert_eq!(
				Telemetry::health_for(unknown.clone(), reader),
				Err(ReadError::UnknownBattery)
			);
			assert_eq!(
				Telemetry::twin_for(unknown.clone(), reader),
				Err(ReadError::UnknownBattery)
			);
			assert_eq!(
				Telemetry::telemetry_summary_for(unknown.clone(), reader),
				Err(ReadError::UnknownBattery)
			);
		}
		// A registered battery without telemetry is no error: nothing recorded yet.
		assert_eq!(Telemetry::health_for(STORED_BATTERY.to_vec(), AUTHORITY), Ok(None));
	});
}
