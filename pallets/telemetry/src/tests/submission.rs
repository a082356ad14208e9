use super::*;
use crate::{
	BatchStatus, Batches, Error, Event, IndexedBatchOf, PendingBatches, Telemetry as TelemetryMap,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

#[test]
fn submit_batch_stores_commitment_summary_and_pending_batch() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(3);
		let readings = discharge(20);
		assert_ok!(submit_as(GATEWAY, BATTERY, 1, readings.clone()));
		let hash = batch_hash(BATTERY, 1, start_of(1), &readings);
		System::assert_last_event(
			Event::BatchSubmitted {
				battery: battery(BATTERY),
				device: GATEWAY,
				batch_hash: hash,
				sequence: 1,
				samples: 20,
				first_sample_ms: start_of(1),
				last_sample_ms: start_of(1) + 19_000,
			}
			.into(),
		);

		let telemetry = TelemetryMap::<Test>::get(battery(BATTERY)).unwrap();
		let last = telemetry.last_batch;
		assert_eq!(last.hash, hash);
		assert_eq!(last.sequence, 1);
		assert_eq!(last.samples, 20);
		assert_eq!(last.period_ms, PERIOD);
		assert_eq!(last.device, GATEWAY);
		assert_eq!(last.submitted_at, 3);

		// The chain cannot read the sealed samples: the summary moves with the accepted result.
		assert_eq!((telemetry.results, telemetry.disputes), (0, 0));
		assert_eq!(current_twin_record(BATTERY).summary, Default::default());
		let key = estimator_key("//Alice");
		register_any(&key);
		assert_ok!(submit_result(compute(BATTERY, 1, hash, &readings, &key)).expect("valid"));

		// 15 samples of ≈ 5 A for 1 s each: 75 A·s; energy Σ V·I·1 s.
		let summary = current_twin_record(BATTERY).summary;
		assert_eq!(summary.batches, 1);
		assert_eq!(summary.samples, 20);
		assert_eq!(summary.charge_discharged_mas, 75_000);
		assert_eq!(summary.charge_charged_mas, 0);
		let energy_mj: u64 =
			(5..20u64).map(|k| (4_999 + k % 3) * (3_800 - 2 * (k - 5))).sum::<u64>() / 1_000;
		assert_eq!(summary.energy_discharged_mj, energy_mj);
		// EFC = 75 A·s / (2 × 5 Ah × 3600 s/h) = 0.0020833…
		assert_eq!(summary.efc_micro, 2_083);
		assert_eq!(summary.min_temp_decic, 250);
		assert_eq!(summary.max_temp_decic, 264);
		assert_eq!(summary.outside_temp_window_ms, 0);
		assert_eq!(summary.deep_discharge_events, 0);

		let record = Batches::<Test>::get(hash).unwrap();
		assert!(matches!(record.status, BatchStatus::Resulted { .. }));
		assert_eq!(record.owner, OPERATOR);
		assert_eq!(PendingBatches::<Test>::get(battery(BATTERY)), None);
	});
}

#[test]
fn samples_go_to_the_offchain_index_not_to_state() {
	let mut ext = ExtBuilder::default().build();
	let readings = discharge(10);
	let hash = ext.execute_with(|| {
		assert_ok!(submit_as(GATEWAY, BATTERY, 1, readings.clone()));
		batch_hash(BATTERY, 1, start_of(1), &readings)
	});
	ext.persist_offchain_overlay();
	let key = crate::offchain_batch_key(hash.as_ref());
	let stored = ext.offchain_db().get(&key).expect("indexed");
	let batch = <IndexedBatchOf<Test> as codec::Decode>::decode(&mut &stored[..]).unwrap();
	assert_eq!(BlakeTwo256::hash(&batch.identity()), hash);
	// Sealed: only a reader of the scope opens the samples.
	let opened = battery_seal::open(&batch.readings, &OPERATOR_SECRET).expect("the operator opens");
	assert_eq!(opened, readings.encode());
	assert!(battery_seal::open(&batch.readings, &OTHER_OPERATOR_SECRET).is_err());
	let plain = readings.encode();
	assert!(
		!stored.windows(plain.len() - 1).any(|w| w == &plain[1..]),
		"no plaintext in the index"
	);
	assert_eq!(batch.samples, 10);
	assert_eq!(batch.sequence, 1);
	assert_eq!(batch.start_ms, start_of(1));
	assert_eq!(batch.period_ms, PERIOD);
	assert_eq!(key[..crate::OFFCHAIN_BATCH_PREFIX.len()], *crate::OFFCHAIN_BATCH_PREFIX);
}

#[test]
fn summaries_accumulate_over_batches_as_their_results_are_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Alice");
		register_any(&key);
		let accept = |sequence: u64, readings: Vec<Reading>| {
			assert_ok!(submit_as(GATEWAY, BATTERY, sequence, readings.clone()));
			let hash = batch_hash(BATTERY, sequence, start_of(sequence), &readings);
			// The chain cannot read the samples: the summary waits for the worker's result.
			let before = current_twin_record(BATTERY).summary;
			assert_eq!(before.batches, sequence - 1);
			let submission = compute(BATTERY, sequence, hash, &readings, &key);
			assert_ok!(submit_result(submission).expect("valid result"));
		};
		let cold = |k: usize| Reading {
			current_ma: -2_500,
			voltage_mv: 4_000 + k as i32,
			temp_decic: -250, // below the -20 °C window
		};
		accept(1, (0..10).map(cold).collect());
		// Deep discharge (below 2.5 V - 0.2 V) twice, with a recovery in between, and an
		// over-voltage entry (above 4.2 V + 0.1 V) that lasts two samples.
		let volts = [3_000, 2_200, 2_250, 2_600, 2_100, 4_400, 4_350, 4_100];
		let readings = volts
			.iter()
			.map(|v| Reading { current_ma: 100, voltage_mv: *v, temp_decic: 460 })
			.collect();
		accept(2, readings);

		let summary = current_twin_record(BATTERY).summary;
		assert_eq!(summary.batches, 2);
		assert_eq!(TelemetryMap::<Test>::get(battery(BATTERY)).unwrap().results, 2);
		assert_eq!(summary.samples, 18);
		assert_eq!(summary.charge_charged_mas, 25_000);
		assert_eq!(summary.charge_discharged_mas, 800);
		assert_eq!(summary.min_temp_decic, -250);
		assert_eq!(summary.max_temp_decic, 460);
		// Every sample is outside −20 … 45 °C: 18 s.
		assert_eq!(summary.outside_temp_window_ms, 18_000);
		assert_eq!(summary.deep_discharge_events, 2);
		assert_eq!(summary.over_voltage_events, 1);
		assert!(!summary.in_over_voltage);
		// 25.8 A·s / 36 000 A·s
		assert_eq!(summary.efc_micro, 716);
	});
}

#[test]
fn replayed_batch_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let readings = discharge(20);
		assert_ok!(submit_as(GATEWAY, BATTERY, 1, readings.clone()));
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 1, readings),
			Error::<Test>::BatchAlreadySubmitted
		);
	});
}

#[test]
fn duplicate_or_old_sequence_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		submit(5);
		// Same sequence, other content.
		let mut other = discharge(20);
		other[0].temp_decic = 240;
		assert_noop!(
			submit_readings(
				RuntimeOrigin::signed(GATEWAY),
				battery(BATTERY),
				5,
				start_of(6),
				PERIOD,
				bounded(other.clone())
			),
			Error::<Test>::SequenceNotIncreasing
		);
		// Older sequence.
		assert_noop!(submit_as(GATEWAY, BATTERY, 4, other), Error::<Test>::SequenceNotIncreasing);
	});
}

#[test]
fn batch_must_start_after_the_previous_one() {
	ExtBuilder::default().build_and_execute(|| {
		submit(1); // samples at start_of(1) + 0 … 19 s
		let overlap = start_of(1) + 19_000;
		assert_noop!(
			submit_readings(
				RuntimeOrigin::signed(GATEWAY),
				battery(BATTERY),
				2,
				overlap,
				PERIOD,
				bounded(discharge(3))
			),
			Error::<Test>::StartBeforePreviousBatch
		);
		assert_ok!(submit_readings(
			RuntimeOrigin::signed(GATEWAY),
			battery(BATTERY),
			2,
			overlap + 1,
			PERIOD,
			bounded(discharge(3))
		));
	});
}

#[test]
fn batch_may_not_end_in_the_future() {
	ExtBuilder::default().build_and_execute(|| {
		// 20 samples from now + 41 s end at now + 60 s: the drift limit.
		let submit_from = |start: u64, sequence: u64| {
			submit_readings(
				RuntimeOrigin::signed(GATEWAY),
				battery(BATTERY),
				sequence,
				start,
				PERIOD,
				bounded(discharge(20)),
			)
		};
		assert_noop!(submit_from(NOW_MS + 41_001, 1), Error::<Test>::BatchInFuture);
		assert_ok!(submit_from(NOW_MS + 41_000, 1));
		assert_noop!(submit_from(u64::MAX - 1_000, 2), Error::<Test>::InvalidTimeRange);
	});
}

#[test]
fn device_must_be_an_active_bms_gateway_of_the_battery() {
	ExtBuilder::default().build_and_execute(|| {
		let readings = || discharge(5);
		// Not a device at all.
		assert_noop!(submit_as(STRANGER, BATTERY, 1, readings()), Error::<Test>::NotActiveDevice);
		// A device of another kind.
		assert_noop!(submit_as(SENSOR, BATTERY, 1, readings()), Error::<Test>::NotBmsGateway);
		// A gateway of the same operator bound to another battery.
		assert_noop!(
			submit_as(OTHER_GATEWAY, BATTERY, 1, readings()),
			Error::<Test>::DeviceNotBoundToBattery
		);
		// A gateway of another operator.
		assert_noop!(
			submit_as(FOREIGN_GATEWAY, BATTERY, 1, readings()),
			Error::<Test>::DeviceNotBoundToBattery
		);
		// Root is no device.
		assert_noop!(
			submit_readings(
				RuntimeOrigin::root(),
				battery(BATTERY),
				1,
				start_of(1),
				PERIOD,
				bounded(readings())
			),
			BadOrigin
		);
	});
}

#[test]
fn inactive_device_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(submit_as(GATEWAY, BATTERY, 1, discharge(5)));
		// The owner is suspended: its devices are inactive.
		MockConsortium::suspend(OPERATOR);
		assert_noop!(submit_as(GATEWAY, BATTERY, 2, discharge(5)), Error::<Test>::NotActiveDevice);
	});
}

#[test]
fn battery_must_be_in_service() {
	ExtBuilder::default().build_and_execute(|| {
		MockBatteries::retire(BATTERY);
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 1, discharge(5)),
			Error::<Test>::BatteryNotInService
		);
		MockConsortium::add_device(20, crate::DeviceKind::BmsGateway, OPERATOR, STORED_BATTERY);
		assert_noop!(
			submit_as(20, STORED_BATTERY, 1, discharge(5)),
			Error::<Test>::BatteryNotInService
		);
	});
}

#[test]
fn battery_needs_a_characterisation() {
	ExtBuilder::default().build_and_execute(|| {
		crate::Characterisations::<Test>::remove(battery(BATTERY));
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 1, discharge(5)),
			Error::<Test>::NoCharacterisation
		);
	});
}

#[test]
fn empty_batch_and_bad_period_are_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(submit_as(GATEWAY, BATTERY, 1, vec![]), Error::<Test>::EmptyBatch);
		for period in [999, 600_001] {
			assert_noop!(
				submit_readings(
					RuntimeOrigin::signed(GATEWAY),
					battery(BATTERY),
					1,
					start_of(1),
					period,
					bounded(discharge(3))
				),
				Error::<Test>::InvalidSamplePeriod
			);
		}
	});
}

#[test]
fn the_sealed_batch_must_match_its_declared_count_and_scope() {
	ExtBuilder::default().build_and_execute(|| {
		let readings = discharge(10);
		let call = |samples: u32, sealed: crate::SealedReadingsOf<Test>| {
			Telemetry::submit_batch(
				RuntimeOrigin::signed(GATEWAY),
				battery(BATTERY),
				1,
				start_of(1),
				PERIOD,
				samples,
				sealed,
			)
		};
		// More than MaxSamples (64) declared.
		assert_noop!(call(65, sealed(BATTERY, &readings)), Error::<Test>::TooManySamples);
		assert_noop!(call(0, sealed(BATTERY, &readings)), Error::<Test>::EmptyBatch);
		// The ciphertext is ten readings long: declaring nine or eleven is refused.
		assert_noop!(call(9, sealed(BATTERY, &readings)), Error::<Test>::SealedLengthMismatch);
		assert_noop!(call(11, sealed(BATTERY, &readings)), Error::<Test>::SealedLengthMismatch);
		// Sealed for the other operator (not this battery's), or for another battery.
		let foreign = battery_seal::seal(
			DataCategory::Usage,
			&battery(BATTERY),
			&readings.encode(),
			&[battery_seal::public_key(&OTHER_OPERATOR_SECRET)],
			&mut |buffer: &mut [u8]| buffer.fill(3),
		)
		.unwrap();
		assert_noop!(call(10, foreign), Error::<Test>::UnexpectedRecipient);
		assert_noop!(call(10, sealed(OTHER_BATTERY, &readings)), Error::<Test>::EnvelopeMismatch);
		// Kept off chain: the worker could not find it in the off-chain index.
		let mut detached = sealed(BATTERY, &readings);
		detached.body = battery_primitives::sealed::SealedBody::OffChain {
			nonce: [0; 24],
			reference: b"ipfs://batch".to_vec().try_into().unwrap(),
			ciphertext_hash: [0; 32],
		};
		assert_noop!(call(10, detached), Error::<Test>::MalformedEnvelope);
		// Missing the operator's key, or listing it twice.
		let keys =
			MockConsortium::sealing_keys(&battery(BATTERY), DataCategory::Usage, None).unwrap();
		let with = |readers: &[[u8; 32]]| {
			battery_seal::seal(
				DataCategory::Usage,
				&battery(BATTERY),
				&readings.encode(),
				readers,
				&mut |buffer: &mut [u8]| buffer.fill(5),
			)
		};
		let mut twice = with(&keys).unwrap();
		let first = twice.readers[0].clone();
		twice.readers.try_push(first).unwrap();
		assert_noop!(call(10, twice), Error::<Test>::DuplicateRecipient);
		let other = battery_seal::public_key(&[0x42; 32]);
		MockConsortium::set_reader_key(USER, other);
		MockConsortium::assign(USER, BATTERY);
		assert_noop!(call(10, with(&keys).unwrap()), Error::<Test>::MissingRecipient);
		assert_ok!(call(10, sealed(BATTERY, &readings)));
	});
}

#[test]
fn a_batch_nobody_in_scope_could_open_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// The operator has no reader key (and the mock Authority none either).
		MockConsortium::reset_reader_key(OPERATOR);
		assert_noop!(submit_as(GATEWAY, BATTERY, 1, discharge(10)), Error::<Test>::NoRecipients);
	});
}

#[test]
fn the_worker_finds_values_out_of_physical_range_with_the_quantity() {
	use crate::submission::Limits;
	use battery_primitives::telemetry::{OutOfRange, Quantity};
	let limits = Limits::of::<Test>();
	let with = |reading: Reading| {
		let mut readings = discharge(10);
		readings[7] = reading;
		readings
	};
	let ok = Reading { current_ma: 0, voltage_mv: 3_700, temp_decic: 250 };
	let cases = [
		(Reading { current_ma: 2_000_001, ..ok }, Quantity::Current),
		(Reading { current_ma: -2_000_001, ..ok }, Quantity::Current),
		(Reading { current_ma: i32::MIN, ..ok }, Quantity::Current),
		(Reading { voltage_mv: -1, ..ok }, Quantity::Voltage),
		(Reading { voltage_mv: 1_500_001, ..ok }, Quantity::Voltage),
		(Reading { temp_decic: -601, ..ok }, Quantity::Temperature),
		(Reading { temp_decic: 1_501, ..ok }, Quantity::Temperature),
	];
	for (reading, quantity) in cases {
		assert_eq!(
			limits.first_out_of_range(&with(reading)),
			Some(OutOfRange { index: 7, quantity })
		);
	}
	// The limits themselves are accepted (a sensor fault is the estimator's business).
	let edge = Reading { current_ma: -2_000_000, voltage_mv: 1_500_000, temp_decic: -600 };
	assert_eq!(limits.first_out_of_range(&with(edge)), None);
	let edge = Reading { current_ma: 2_000_000, voltage_mv: 0, temp_decic: 1_500 };
	assert_eq!(limits.first_out_of_range(&with(edge)), None);
}

#[test]
fn pending_batches_are_bounded_per_battery() {
	ExtBuilder::default().build_and_execute(|| {
		for sequence in 1..=4 {
			submit(sequence);
		}
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 5, discharge(20)),
			Error::<Test>::TooManyPendingBatches
		);
		// Other batteries are not affected.
		assert_ok!(submit_as(OTHER_GATEWAY, OTHER_BATTERY, 1, discharge(20)));
	});
}
