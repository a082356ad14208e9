//! A twin seeded with a known history: who may state it, when, what it must be, and that the
//! first result continues from it.

use super::*;
use crate::{Error, Event, TwinSeeds, TwinStates};
use battery_primitives::telemetry::{SeedSource, TwinPrior};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

/// The fixture cell's rated data scaled: capacity × 0.9, R0 × 1.5, 400 cycles.
fn aged_prior() -> TwinPrior {
	let config = cell_config();
	TwinPrior {
		capacity_uah: config.rated_capacity_uah * 9 / 10,
		r0_micro_ohm: Some(config.r0_micro_ohm * 3 / 2),
		efc_milli: Some(400_000),
	}
}

fn seed(who: AccountId, battery_id: &[u8], prior: TwinPrior, source: SeedSource) -> DispatchResult {
	Telemetry::seed_twin(
		RuntimeOrigin::signed(who),
		battery(battery_id),
		prior,
		source,
		Some([7; 32]),
	)
}

#[test]
fn the_first_result_continues_from_a_seeded_history() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(seed(OPERATOR, BATTERY, aged_prior(), SeedSource::Assessment));
		System::assert_last_event(
			Event::TwinSeeded {
				battery: battery(BATTERY),
				source: SeedSource::Assessment,
				by: Some(OPERATOR),
			}
			.into(),
		);
		let view = Telemetry::twin(BATTERY.to_vec()).unwrap().unwrap();
		let seed_view = view.seed.expect("the twin shows its seed");
		assert_eq!(
			(seed_view.prior, seed_view.by, seed_view.evidence),
			(aged_prior(), Some(OPERATOR), Some([7; 32]))
		);
		// The open twin is the seeded state; the first result computed from it carries the history.
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let hash = submit(1);
		let result = compute(BATTERY, 1, hash, &discharge(20), &key);
		assert_ok!(submit_result(result.clone()).unwrap());
		let health = estimated_health(&result);
		assert_eq!(health.soh_capacity_ppm, 900_000);
		assert_eq!(health.efc_milli / 1000, 400);
		assert!(health.soh_resistance_ppm > 1_400_000, "{}", health.soh_resistance_ppm);
		// Sealed now: no history can be stated any more.
		assert!(matches!(
			TwinStates::<Test>::get(battery(BATTERY)).unwrap().twin,
			crate::Twin::Sealed(_)
		));
		assert_noop!(
			seed(OPERATOR, BATTERY, aged_prior(), SeedSource::Assessment),
			Error::<Test>::TwinHasHistory
		);
	});
}

#[test]
fn an_unseeded_twin_starts_without_history() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let hash = submit(1);
		let health = estimated_health(&compute(BATTERY, 1, hash, &discharge(20), &key));
		assert_eq!(health.soh_capacity_ppm, 1_000_000);
		assert!(Telemetry::twin(BATTERY.to_vec()).unwrap().unwrap().seed.is_none());
	});
}

#[test]
fn a_seed_may_be_stated_again_before_the_first_result() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(seed(OPERATOR, BATTERY, aged_prior(), SeedSource::Assessment));
		let other = TwinPrior { efc_milli: None, r0_micro_ohm: None, ..aged_prior() };
		assert_ok!(Telemetry::seed_twin(
			RuntimeOrigin::root(),
			battery(BATTERY),
			other,
			SeedSource::PriorTwin(battery(OTHER_BATTERY)),
			None
		));
		let stored = TwinSeeds::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!((stored.prior, stored.by), (other, None));
	});
}

#[test]
fn seeding_refusals_change_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		// not the battery's operator
		for who in [STRANGER, OTHER_OPERATOR, MANUFACTURER] {
			assert_noop!(
				seed(who, BATTERY, aged_prior(), SeedSource::Assessment),
				Error::<Test>::NotBatteryOperator
			);
		}
		assert_noop!(
			Telemetry::seed_twin(
				RuntimeOrigin::none(),
				battery(BATTERY),
				aged_prior(),
				SeedSource::EndOfLine,
				None
			),
			BadOrigin
		);
		// unknown battery, unknown earlier twin
		assert_noop!(
			seed(OPERATOR, b"CATL-2025-0000000000000099", aged_prior(), SeedSource::Assessment),
			Error::<Test>::UnknownBattery
		);
		assert_noop!(
			seed(
				OPERATOR,
				BATTERY,
				aged_prior(),
				SeedSource::PriorTwin(battery(b"CATL-2025-0000000000000099"))
			),
			Error::<Test>::UnknownBattery
		);
		// implausible figures
		for bad in [
			TwinPrior { capacity_uah: 0, ..aged_prior() },
			TwinPrior { capacity_uah: u64::MAX, ..aged_prior() },
			TwinPrior { r0_micro_ohm: Some(1), ..aged_prior() },
			TwinPrior { r0_micro_ohm: Some(u32::MAX), ..aged_prior() },
		] {
			assert_noop!(
				seed(OPERATOR, BATTERY, bad, SeedSource::Assessment),
				Error::<Test>::InvalidTwinPrior
			);
		}
		// no characterisation
		crate::Characterisations::<Test>::remove(battery(OTHER_BATTERY));
		assert_noop!(
			seed(OPERATOR, OTHER_BATTERY, aged_prior(), SeedSource::Assessment),
			Error::<Test>::NoCharacterisation
		);
		assert_eq!(TwinSeeds::<Test>::iter().count(), 0);
	});
}

#[test]
fn a_recertification_is_stated_only_by_its_certification_and_then_stands() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			seed(OPERATOR, BATTERY, aged_prior(), SeedSource::Recertification),
			Error::<Test>::InvalidSeedSource
		);
		assert_noop!(
			seed(OPERATOR, BATTERY, aged_prior(), SeedSource::PriorTwin(battery(BATTERY))),
			Error::<Test>::InvalidSeedSource
		);
		// The certification's path records it; nobody restates it afterwards.
		assert_ok!(crate::Pallet::<Test>::store_seed(
			&battery(BATTERY),
			aged_prior(),
			SeedSource::Recertification,
			None,
			Some(OPERATOR),
		));
		assert_noop!(
			Telemetry::seed_twin(
				RuntimeOrigin::root(),
				battery(BATTERY),
				aged_prior(),
				SeedSource::Assessment,
				None
			),
			Error::<Test>::CertifiedSeed
		);
	});
}

#[test]
fn a_new_characterisation_rebuilds_a_seeded_twin_or_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(seed(OPERATOR, BATTERY, aged_prior(), SeedSource::Assessment));
		let set = |config: battery_estimator::EstimatorConfig| {
			Telemetry::set_characterisation(
				RuntimeOrigin::signed(MANUFACTURER),
				battery(BATTERY),
				config,
				0,
				450,
			)
		};
		// A larger rated capacity: the stated 4.5 Ah is now 75 % of it.
		let mut larger = cell_config();
		larger.rated_capacity_uah = 6_000_000;
		assert_ok!(set(larger.clone()));
		let state = current_twin_record(BATTERY).state;
		assert_eq!(state, battery_estimator::seeded_state(&larger, &aged_prior()).unwrap());
		// A rated capacity the stated one no longer fits (4.5 Ah > 1.2 × 3 Ah): refused.
		let mut smaller = cell_config();
		smaller.rated_capacity_uah = 3_000_000;
		assert_noop!(set(smaller), Error::<Test>::InvalidTwinPrior);
	});
}

#[test]
fn a_certified_twin_keeps_its_characterisation_until_its_first_result() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(crate::Pallet::<Test>::store_seed(
			&battery(BATTERY),
			aged_prior(),
			SeedSource::Recertification,
			None,
			Some(OPERATOR),
		));
		assert_noop!(
			Telemetry::set_characterisation(
				RuntimeOrigin::signed(OPERATOR),
				battery(BATTERY),
				cell_config(),
				0,
				450
			),
			Error::<Test>::CertifiedSeed
		);
		// The admin origin may correct it.
		assert_ok!(Telemetry::set_characterisation(
			RuntimeOrigin::root(),
			battery(BATTERY),
			cell_config(),
			0,
			450
		));
	});
}
