use super::*;
use battery_primitives::{consortium::MAX_SUBJECT_LEN, telemetry::ReadError};
use frame_support::assert_ok;

#[test]
fn views_before_anything_is_recorded() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Telemetry::health(BATTERY.to_vec()), Ok(None));
		assert_eq!(Telemetry::telemetry_summary(BATTERY.to_vec()), Ok(None));
		// The characterisation alone makes a twin; its state is the fresh one, not sealed.
		let twin = Telemetry::twin(BATTERY.to_vec()).unwrap().unwrap();
		assert_eq!(twin.latest_health, None);
		assert_eq!(twin.twin, None);
		assert_eq!(twin.state_updated_at, None);
		assert_eq!(twin.twin_hash, crate::Twin::fresh().hash::<BlakeTwo256>());
		assert_eq!(twin.data_space.protocol_version, 1);
		assert_eq!(twin.data_space.sample_period_ms, 1_000);
		assert_eq!(twin.data_space.estimator_version, 0);
		assert_eq!(twin.characterisation.unwrap().chemistry, battery_estimator::Chemistry::Nmc);
		assert_eq!(Telemetry::twin(STORED_BATTERY.to_vec()), Ok(None));
	});
}

/// Two results for [`BATTERY`] (40 samples) with a physical model of 40 cells.
fn two_results(key: &crate::crypto::Public) -> Vec<H256> {
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
		assert_ok!(submit_result(compute(BATTERY, sequence, hash, &discharge(20), key)).unwrap());
	}
	hashes
}

#[test]
fn health_twin_and_summary_views() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let hashes = two_results(&key);
		let health = Telemetry::health(BATTERY.to_vec()).unwrap().unwrap();
		assert_eq!(health.batch_hash, hashes[1]);
		assert_eq!(health.sequence, 2);
		assert_eq!(health.estimator, key.to_raw_vec());
		assert_eq!(health.recorded_at, 3);
		assert_eq!(health.slot, 1);
		assert_eq!(health.last_sample_ms, start_of(2) + 19_000);
		// What the operator opens: the estimator's result with its forecast.
		let result = opened_health(&health.health);
		assert_eq!(result.samples, 20);
		assert_eq!(
			result.forecast.iter().map(|p| p.horizon_efc).collect::<Vec<_>>(),
			vec![100, 500, 1000]
		);
		assert!(result.forecast[0].soh_ppm > 0);

		let twin = Telemetry::twin(BATTERY.to_vec()).unwrap().unwrap();
		assert_eq!(twin.battery, BATTERY.to_vec());
		assert_eq!(twin.physical.as_ref().unwrap().series, 10);
		assert_eq!(twin.latest_health, Some(health.clone()));
		// Newest first.
		assert_eq!(twin.history.iter().map(|h| h.sequence).collect::<Vec<_>>(), vec![2, 1]);
		assert_eq!(twin.history.iter().map(|h| h.slot).collect::<Vec<_>>(), vec![1, 0]);
		assert_eq!(twin.data_space.estimator_version, crate::ESTIMATOR_VERSION);
		let stored = crate::TwinStates::<Test>::get(battery(BATTERY)).unwrap().twin;
		assert_eq!(twin.twin_hash, stored.hash::<BlakeTwo256>());
		let sealed = twin.twin.clone().expect("sealed by the last result");
		let record = opened_twin(crate::Twin::Sealed(sealed));
		assert_eq!(record.state.samples, 39); // the first sample initialises the state
		assert_eq!(twin.pending_batches, 0);

		let summary = Telemetry::telemetry_summary(BATTERY.to_vec()).unwrap().unwrap();
		assert_eq!(summary.last_batch.hash, hashes[1]);
		assert_eq!(summary.last_batch.device, GATEWAY);
		assert_eq!((summary.results, summary.disputes, summary.pending_batches), (2, 0, 0));
		assert_eq!(summary.cells, Some(40));
		assert_eq!(summary.twin, twin.twin);
		// The running summary the operator opens: 2 batches, 40 samples, 150 A·s discharged.
		let usage = record.summary;
		assert_eq!((usage.batches, usage.samples), (2, 40));
		assert_eq!(usage.charge_discharged_mas / 3_600, 41);
		assert_eq!(usage.efc_micro / 1_000, 4);
	});
}

#[test]
fn reads_take_no_reader_and_only_the_usage_scope_opens_them() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		two_results(&key);
		let health = Telemetry::health(BATTERY.to_vec()).unwrap().unwrap().health;
		let twin = Telemetry::twin(BATTERY.to_vec()).unwrap().unwrap().twin.unwrap();
		let scope =
			MockConsortium::sealing_keys(&battery(BATTERY), DataCategory::Usage, None).unwrap();
		let readers = [
			health.reader_keys().copied().collect::<Vec<_>>(),
			twin.reader_keys().copied().collect::<Vec<_>>(),
		];
		let opens = |secret: &battery_seal::ReaderSecretKey| {
			[battery_seal::open(&health, secret).err(), battery_seal::open(&twin, secret).err()]
		};
		for mut keys in readers {
			// Sealed for exactly the Usage scope.
			keys.sort();
			let mut expected = scope.clone();
			expected.sort();
			assert_eq!(keys, expected);
		}
		// The operator's estimator node opens both; a competitor with all of its own keys
		// opens neither.
		assert_eq!(opens(&OPERATOR_SECRET), [None, None]);
		for secret in [OTHER_OPERATOR_SECRET, [0x42; 32]] {
			let refused = Some(battery_seal::OpenError::NotARecipient);
			assert_eq!(opens(&secret), [refused, refused]);
		}
		// The plaintexts are nowhere in the views' encoding.
		let result = opened_health(&health).encode();
		let views = (
			Telemetry::health(BATTERY.to_vec()),
			Telemetry::twin(BATTERY.to_vec()),
			Telemetry::telemetry_summary(BATTERY.to_vec()),
		)
			.encode();
		assert!(!views.windows(result.len()).any(|w| w == result.as_slice()));
	});
}

#[test]
fn reads_check_the_id_then_the_battery() {
	ExtBuilder::default().build_and_execute(|| {
		submit(1);
		let too_long = vec![b'x'; MAX_SUBJECT_LEN as usize + 1];
		let unknown = b"CATL-2025-0000000000000099".to_vec();
		assert_eq!(Telemetry::health(too_long.clone()), Err(ReadError::InvalidBatteryId));
		assert_eq!(Telemetry::twin(too_long.clone()), Err(ReadError::InvalidBatteryId));
		assert_eq!(Telemetry::telemetry_summary(too_long), Err(ReadError::InvalidBatteryId));
		assert_eq!(Telemetry::health(unknown.clone()), Err(ReadError::UnknownBattery));
		assert_eq!(Telemetry::twin(unknown.clone()), Err(ReadError::UnknownBattery));
		assert_eq!(Telemetry::telemetry_summary(unknown), Err(ReadError::UnknownBattery));
		// A registered battery without telemetry is no error: nothing recorded yet.
		assert_eq!(Telemetry::health(STORED_BATTERY.to_vec()), Ok(None));
		assert!(Telemetry::telemetry_summary(BATTERY.to_vec()).unwrap().is_some());
	});
}
