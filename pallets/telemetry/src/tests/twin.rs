use super::*;
use crate::{
	BatchStatus, Batches, BmsComponent, BmsComponentKind, CellFormat, Characterisations, DataSpace,
	DataSpaces, Error, Event, PackShape, PendingBatches, PhysicalModel, PhysicalModelOf,
	PhysicalModels,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

fn model(components: usize) -> PhysicalModelOf<Test> {
	PhysicalModel {
		shape: PackShape::Skateboard,
		length_mm: 2_100,
		width_mm: 1_400,
		height_mm: 150,
		cell_format: CellFormat::Prismatic,
		series: 96,
		parallel: 2,
		bms: (0..components)
			.map(|i| BmsComponent {
				kind: BmsComponentKind::CellMonitor,
				part_number: format!("CMU-{i}").into_bytes().try_into().unwrap(),
				count: 8,
			})
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
	}
}

#[test]
fn operator_writes_the_physical_model() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Telemetry::set_physical_model(
			RuntimeOrigin::signed(OPERATOR),
			battery(BATTERY),
			model(3)
		));
		System::assert_last_event(
			Event::PhysicalModelSet { battery: battery(BATTERY), by: Some(OPERATOR) }.into(),
		);
		assert_eq!(PhysicalModels::<Test>::get(battery(BATTERY)), Some(model(3)));
		assert_eq!(model(3).cells(), 192);
		// The admin may write any twin.
		assert_ok!(Telemetry::set_physical_model(
			RuntimeOrigin::root(),
			battery(THIRD_BATTERY),
			model(0)
		));
		System::assert_last_event(
			Event::PhysicalModelSet { battery: battery(THIRD_BATTERY), by: None }.into(),
		);
	});
}

#[test]
fn physical_model_checks() {
	ExtBuilder::default().build_and_execute(|| {
		let set = |who: AccountId, id: &[u8], model: PhysicalModelOf<Test>| {
			Telemetry::set_physical_model(RuntimeOrigin::signed(who), battery(id), model)
		};
		for who in [OTHER_OPERATOR, MANUFACTURER, USER, GATEWAY] {
			assert_noop!(set(who, BATTERY, model(1)), Error::<Test>::NotBatteryOperator);
		}
		assert_noop!(set(OPERATOR, b"NO-SUCH-BATTERY", model(1)), Error::<Test>::UnknownBattery);
		for broken in [
			PhysicalModel { series: 0, ..model(1) },
			PhysicalModel { parallel: 0, ..model(1) },
			PhysicalModel { height_mm: 0, ..model(1) },
		] {
			assert_noop!(set(OPERATOR, BATTERY, broken), Error::<Test>::InvalidPhysicalModel);
		}
		let mut no_count = model(2);
		no_count.bms[1].count = 0;
		assert_noop!(set(OPERATOR, BATTERY, no_count), Error::<Test>::InvalidPhysicalModel);
		// A suspended operator is no operator.
		MockConsortium::suspend(OPERATOR);
		assert_noop!(set(OPERATOR, BATTERY, model(1)), Error::<Test>::NotBatteryOperator);
	});
}

#[test]
fn manufacturer_or_operator_writes_the_characterisation() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(5);
		let set = |who: AccountId| {
			Telemetry::set_characterisation(
				RuntimeOrigin::signed(who),
				battery(BATTERY),
				cell_config(),
				-100,
				500,
			)
		};
		assert_ok!(set(MANUFACTURER));
		System::assert_last_event(
			Event::CharacterisationSet { battery: battery(BATTERY), by: Some(MANUFACTURER) }.into(),
		);
		let stored = Characterisations::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(stored.config, cell_config());
		assert_eq!((stored.temp_window_min_decic, stored.temp_window_max_decic), (-100, 500));
		assert_eq!((stored.set_by, stored.set_at), (Some(MANUFACTURER), 5));
		assert_ok!(set(OPERATOR));
		for who in [OTHER_OPERATOR, USER, STRANGER] {
			assert_noop!(set(who), Error::<Test>::NotManufacturerOrOperator);
		}
		assert_ok!(Telemetry::set_characterisation(
			RuntimeOrigin::root(),
			battery(STORED_BATTERY),
			cell_config(),
			-100,
			500
		));
		assert_noop!(
			Telemetry::set_characterisation(
				RuntimeOrigin::root(),
				battery(b"NO-SUCH-BATTERY"),
				cell_config(),
				-100,
				500
			),
			Error::<Test>::UnknownBattery
		);
	});
}

#[test]
fn characterisation_is_validated() {
	ExtBuilder::default().build_and_execute(|| {
		let set = |config, min: i16, max: i16| {
			Telemetry::set_characterisation(
				RuntimeOrigin::signed(MANUFACTURER),
				battery(BATTERY),
				config,
				min,
				max,
			)
		};
		let cases = [
			(
				battery_estimator::EstimatorConfig { rated_capacity_uah: 0, ..cell_config() },
				Error::<Test>::InvalidRatedCapacity,
			),
			(
				battery_estimator::EstimatorConfig { min_voltage_mv: 5_000, ..cell_config() },
				Error::<Test>::InvalidVoltageLimits,
			),
			(
				{
					let mut config = cell_config();
					config.ocv_uv[10] = 0;
					config
				},
				Error::<Test>::InvalidOcvTable,
			),
			(
				battery_estimator::EstimatorConfig { r0_micro_ohm: 0, ..cell_config() },
				Error::<Test>::InvalidEquivalentCircuit,
			),
		];
		for (config, error) in cases {
			assert_noop!(set(config, -100, 500), error);
		}
		for (min, max) in [(500, 500), (600, 500), (-601, 500), (-100, 1_501)] {
			assert_noop!(set(cell_config(), min, max), Error::<Test>::InvalidTemperatureWindow);
		}
	});
}

#[test]
fn characterisation_chemistry_is_the_passports() {
	ExtBuilder::default().build_and_execute(|| {
		let set = |origin: RuntimeOrigin, config| {
			Telemetry::set_characterisation(origin, battery(BATTERY), config, -100, 500)
		};
		let lfp = battery_estimator::EstimatorConfig {
			chemistry: battery_estimator::Chemistry::Lfp,
			..cell_config()
		};
		// The passport says NMC (the test cell's): an LFP configuration is refused, also for
		// the admin origin, and nothing is written.
		let before = Characterisations::<Test>::get(battery(BATTERY));
		assert_noop!(
			set(RuntimeOrigin::signed(MANUFACTURER), lfp.clone()),
			Error::<Test>::ChemistryMismatch
		);
		assert_noop!(set(RuntimeOrigin::root(), lfp.clone()), Error::<Test>::ChemistryMismatch);
		assert_eq!(Characterisations::<Test>::get(battery(BATTERY)), before);
		// Once the passport declares LFP, the LFP configuration is the one accepted.
		MockBatteries::set_chemistry(BATTERY, battery_estimator::Chemistry::Lfp);
		assert_noop!(
			set(RuntimeOrigin::signed(MANUFACTURER), cell_config()),
			Error::<Test>::ChemistryMismatch
		);
		assert_ok!(set(RuntimeOrigin::signed(MANUFACTURER), lfp.clone()));
		assert_eq!(Characterisations::<Test>::get(battery(BATTERY)).unwrap().config, lfp);
	});
}

#[test]
fn operator_writes_the_data_space() {
	ExtBuilder::default().build_and_execute(|| {
		let set = |origin: RuntimeOrigin, version: u32, period: u32| {
			Telemetry::set_data_space(origin, battery(BATTERY), version, period)
		};
		assert_ok!(set(RuntimeOrigin::signed(OPERATOR), 1, 10_000));
		System::assert_last_event(
			Event::DataSpaceSet {
				battery: battery(BATTERY),
				protocol_version: 1,
				sample_period_ms: 10_000,
			}
			.into(),
		);
		assert_eq!(
			DataSpaces::<Test>::get(battery(BATTERY)),
			Some(DataSpace { protocol_version: 1, sample_period_ms: 10_000 })
		);
		assert_noop!(
			set(RuntimeOrigin::signed(OPERATOR), 0, 1_000),
			Error::<Test>::UnsupportedProtocolVersion
		);
		assert_noop!(
			set(RuntimeOrigin::signed(OPERATOR), 2, 1_000),
			Error::<Test>::UnsupportedProtocolVersion
		);
		assert_noop!(
			set(RuntimeOrigin::signed(OPERATOR), 1, 500),
			Error::<Test>::InvalidSamplePeriod
		);
		assert_noop!(
			set(RuntimeOrigin::signed(MANUFACTURER), 1, 1_000),
			Error::<Test>::NotBatteryOperator
		);
		assert_noop!(set(RuntimeOrigin::none(), 1, 1_000), BadOrigin);
		assert_ok!(set(RuntimeOrigin::root(), 1, 1_000));
	});
}

#[test]
fn pending_batch_can_be_discarded() {
	let mut ext = ExtBuilder::default().build();
	let hash = ext.execute_with(|| {
		let first = submit(1);
		let second = submit(2);
		assert_noop!(
			Telemetry::discard_batch(
				RuntimeOrigin::signed(OTHER_OPERATOR),
				battery(BATTERY),
				first
			),
			Error::<Test>::NotBatteryOperator
		);
		assert_noop!(
			Telemetry::discard_batch(
				RuntimeOrigin::signed(OPERATOR),
				battery(OTHER_BATTERY),
				first
			),
			Error::<Test>::UnknownBatch
		);
		assert_ok!(Telemetry::discard_batch(
			RuntimeOrigin::signed(OPERATOR),
			battery(BATTERY),
			first
		));
		System::assert_last_event(
			Event::BatchDiscarded {
				battery: battery(BATTERY),
				batch_hash: first,
				by: Some(OPERATOR),
			}
			.into(),
		);
		assert!(Batches::<Test>::get(first).is_none());
		assert_eq!(PendingBatches::<Test>::get(battery(BATTERY)).unwrap().to_vec(), vec![second]);

		// The next batch is resulted from the current (fresh) state.
		let key = estimator_key("//Estimator1");
		register_any(&key);
		assert_ok!(submit_result(compute(BATTERY, 2, second, &discharge(20), &key)).unwrap());
		assert!(matches!(
			Batches::<Test>::get(second).unwrap().status,
			BatchStatus::Resulted { .. }
		));
		assert_noop!(
			Telemetry::discard_batch(RuntimeOrigin::root(), battery(BATTERY), second),
			Error::<Test>::BatchNotPending
		);
		Telemetry::do_try_state().unwrap();
		first
	});
	ext.persist_offchain_overlay();
	assert!(ext.offchain_db().get(&crate::offchain_batch_key(hash.as_ref())).is_none());
}

#[test]
fn a_certified_second_life_twin_starts_from_the_assessment() {
	use battery_primitives::recycling::{CheckResult, Measures, SecondLifeTwin};
	ExtBuilder::default().build_and_execute(|| {
		let measures = Measures {
			capacity_mah: 4_100,
			soh_permille: 820,
			resistance_micro_ohm: 60_000,
			self_discharge_permille_per_month: 20,
			safety: CheckResult::Passed,
			visual: CheckResult::Passed,
			report_hash: [1; 32],
		};
		let seed = |from: &[u8], to: &[u8]| {
			<Telemetry as SecondLifeTwin<AccountId>>::seed(
				&battery(from),
				&battery(to),
				&measures,
				&OPERATOR,
			)
		};
		// One cell (no physical model): the pack's resistance is the cell's.
		assert!(seed(BATTERY, THIRD_BATTERY));
		let seeded = Characterisations::<Test>::get(battery(THIRD_BATTERY)).expect("seeded");
		let fresh = cell_config();
		assert_eq!(seeded.config.rated_capacity_uah, fresh.rated_capacity_uah * 820 / 1_000);
		assert_eq!(seeded.config.r0_micro_ohm, 60_000);
		assert_eq!((seeded.config.ocv_uv, seeded.config.tau1_ms), (fresh.ocv_uv, fresh.tau1_ms));
		assert_eq!((seeded.set_by, seeded.set_at), (Some(OPERATOR), 1));
		System::assert_has_event(
			Event::CharacterisationSet { battery: battery(THIRD_BATTERY), by: Some(OPERATOR) }
				.into(),
		);
		// The twin starts from the assessment, recorded as a recertification.
		let recorded =
			crate::TwinSeeds::<Test>::get(battery(THIRD_BATTERY)).expect("seed recorded");
		assert_eq!(recorded.source, battery_primitives::telemetry::SeedSource::Recertification);
		assert_eq!(recorded.prior.capacity_uah, fresh.rated_capacity_uah * 820 / 1_000);
		assert_eq!(recorded.prior.r0_micro_ohm, Some(60_000));
		System::assert_last_event(
			Event::TwinSeeded {
				battery: battery(THIRD_BATTERY),
				source: battery_primitives::telemetry::SeedSource::Recertification,
				by: Some(OPERATOR),
			}
			.into(),
		);
		// A 96s2p pack: one cell carries 2/96 of the pack's resistance.
		PhysicalModels::<Test>::insert(battery(BATTERY), model(1));
		assert!(seed(BATTERY, THIRD_BATTERY));
		let seeded = Characterisations::<Test>::get(battery(THIRD_BATTERY)).expect("seeded");
		assert_eq!(seeded.config.r0_micro_ohm, 60_000 * 2 / 96);
		// No characterisation to start from, or another chemistry: nothing is written.
		Characterisations::<Test>::remove(battery(OTHER_BATTERY));
		assert!(!seed(OTHER_BATTERY, THIRD_BATTERY));
		MockBatteries::set_chemistry(THIRD_BATTERY, battery_primitives::battery::Chemistry::Lfp);
		assert!(!seed(BATTERY, THIRD_BATTERY));
		assert_eq!(
			Characterisations::<Test>::get(battery(THIRD_BATTERY)).map(|c| c.config.r0_micro_ohm),
			Some(60_000 * 2 / 96)
		);
		// (The passport's chemistry back, so the characterisation kept matches it again.)
		MockBatteries::set_chemistry(THIRD_BATTERY, battery_primitives::battery::Chemistry::Nmc);
	});
}

#[test]
fn a_new_running_mode_restarts_the_usage_window() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		// Batch 1 under the regime the user chose at block 5, batch 2 after a new choice.
		MockBatteries::set_usage_regime(BATTERY, 5);
		let first = submit(1);
		assert_eq!(crate::BatchRegimes::<Test>::get(first), 5);
		assert_ok!(submit_result(compute(BATTERY, 1, first, &discharge(20), &key)).unwrap());
		let state = current_twin_record(BATTERY).state;
		assert_eq!(state.usage_regime, 5);
		let window = (state.usage_t0_s, state.usage_efc0);
		MockBatteries::set_usage_regime(BATTERY, 9);
		let second = submit(2);
		assert_eq!(crate::BatchRegimes::<Test>::get(second), 9);
		assert_ok!(submit_result(compute(BATTERY, 2, second, &discharge(20), &key)).unwrap());
		let after = current_twin_record(BATTERY).state;
		assert_eq!(after.usage_regime, 9);
		// The window now opens at the last sample of batch 1.
		assert_eq!((after.usage_t0_s, after.usage_efc0), (state.t_s, state.efc));
		assert_ne!((after.usage_t0_s, after.usage_efc0), window);
		// A batch the chain forgets takes its regime with it.
		let third = submit(3);
		assert!(crate::BatchRegimes::<Test>::contains_key(third));
		assert_ok!(Telemetry::discard_batch(
			RuntimeOrigin::signed(OPERATOR),
			battery(BATTERY),
			third
		));
		assert!(!crate::BatchRegimes::<Test>::contains_key(third));
	});
}
