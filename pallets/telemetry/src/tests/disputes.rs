//! Disputes change what readers see: the health is marked disputed, the twin holds, and the
//! dispute is resolved by a further matching estimator or an Authority.

use super::*;
use crate::{
	BatchStatus, Batches, DisputeSide, Disputes, Error, Event, LatestHealth, PendingBatches,
	TwinStates,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

fn custom(error: Error<Test>) -> TransactionValidityError {
	Telemetry::invalid(error)
}

/// Three admin-registered estimators; batch 1 resulted by the first, disputed by the second
/// (a lower SOH, so a different state as well). Returns the accepted and the challenging
/// submissions and the third key.
fn disputed() -> (ResultSubmissionOf<Test>, ResultSubmissionOf<Test>, crate::crypto::Public) {
	let keys: Vec<_> = (1..=3).map(|i| estimator_key(&format!("//Estimator{i}"))).collect();
	keys.iter().for_each(register_any);
	let hash = submit(1);
	let accepted = compute(BATTERY, 1, hash, &discharge(20), &keys[0]);
	let challenger =
		resealed(&compute(BATTERY, 1, hash, &discharge(20), &keys[1]), |result, twin| {
			result.soh_capacity_ppm -= 50_000;
			twin.state.t_s += 1;
		});
	assert_ok!(submit_result(accepted.clone()).unwrap());
	assert_ok!(submit_result(challenger.clone()).unwrap());
	(accepted, challenger, keys[2].clone())
}

#[test]
fn a_different_result_opens_a_dispute_readers_see() {
	ExtBuilder::default().build_and_execute(|| {
		let (accepted, challenger, _) = disputed();
		System::assert_last_event(
			Event::DisputeOpened {
				battery: battery(BATTERY),
				batch_hash: accepted.batch_hash,
				accepted_result: result_hash(&accepted),
				challenger_result: result_hash(&challenger),
			}
			.into(),
		);
		let view = Telemetry::health(BATTERY.to_vec()).unwrap().unwrap();
		let dispute = view.dispute.clone().expect("the health shows the dispute");
		assert_eq!((dispute.for_accepted, dispute.for_challenger), (1, 1));
		// Readers of the scope open both sides.
		assert_eq!(
			opened_health(&dispute.challenger_health).soh_capacity_ppm,
			estimated_health(&challenger).soh_capacity_ppm
		);
		assert_eq!(opened_health(&view.health), estimated_health(&accepted));
		assert_ne!(estimated_health(&accepted), estimated_health(&challenger));
		assert!(Telemetry::twin(BATTERY.to_vec())
			.unwrap()
			.unwrap()
			.latest_health
			.unwrap()
			.dispute
			.is_some());
	});
}

#[test]
fn the_twin_does_not_advance_while_disputed() {
	ExtBuilder::default().build_and_execute(|| {
		let (accepted, _, third) = disputed();
		let state_before = TwinStates::<Test>::get(battery(BATTERY));
		// Batches are still accepted and queue up, but none is resulted.
		let next = submit(2);
		let result = compute(BATTERY, 2, next, &discharge(20), &third);
		assert_eq!(submit_result(result.clone()), Err(custom(Error::<Test>::HealthDisputed)));
		assert_noop!(
			Telemetry::submit_result(
				frame_system::RawOrigin::Authorized.into(),
				Box::new(result.clone()),
				sign(&result)
			),
			Error::<Test>::HealthDisputed
		);
		assert_eq!(TwinStates::<Test>::get(battery(BATTERY)), state_before);
		assert_eq!(
			LatestHealth::<Test>::get(battery(BATTERY)).unwrap().batch_hash,
			accepted.batch_hash
		);
		assert_eq!(PendingBatches::<Test>::get(battery(BATTERY)).unwrap().to_vec(), vec![next]);
	});
}

#[test]
fn a_further_estimator_matching_the_challenger_replaces_the_result() {
	ExtBuilder::default().build_and_execute(|| {
		let (accepted, challenger, third) = disputed();
		let mut agreeing = challenger.clone();
		agreeing.estimator = third;
		assert_ok!(submit_result(agreeing).unwrap());
		System::assert_has_event(
			Event::DisputeResolved {
				battery: battery(BATTERY),
				batch_hash: accepted.batch_hash,
				upheld: DisputeSide::Challenger,
				by: None,
			}
			.into(),
		);
		assert!(Disputes::<Test>::get(battery(BATTERY)).is_none());
		let crate::Verdict::Estimated { health: challenger_health, twin: challenger_twin } =
			challenger.verdict.clone()
		else {
			panic!("estimated")
		};
		let twin = TwinStates::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(twin.twin, crate::Twin::Sealed(challenger_twin));
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(health.health, challenger_health);
		assert_eq!(health.estimator, challenger.estimator);
		assert_eq!((health.attestations, health.disputes), (1, 1));
		assert!(matches!(
			Batches::<Test>::get(accepted.batch_hash).unwrap().status,
			BatchStatus::Resulted { result_hash: h, .. } if h == result_hash(&challenger)
		));
		// The twin advances again, from the challenger's state.
		let next = submit(2);
		let key = estimator_key("//Estimator1");
		let result = compute(BATTERY, 2, next, &discharge(20), &key);
		assert_eq!(result.prior_twin, Telemetry::current_twin(&battery(BATTERY)).1);
		assert_eq!(current_twin_record(BATTERY).state.t_s, {
			let crate::Verdict::Estimated { twin, .. } = &challenger.verdict else { panic!() };
			opened_twin(crate::Twin::Sealed(twin.clone())).state.t_s
		});
		assert_ok!(submit_result(result).unwrap());
	});
}

#[test]
fn a_further_estimator_matching_the_accepted_result_closes_the_dispute() {
	ExtBuilder::default().build_and_execute(|| {
		let (accepted, _, third) = disputed();
		let state_before = TwinStates::<Test>::get(battery(BATTERY));
		let mut agreeing = accepted.clone();
		agreeing.estimator = third;
		assert_ok!(submit_result(agreeing).unwrap());
		System::assert_has_event(
			Event::DisputeResolved {
				battery: battery(BATTERY),
				batch_hash: accepted.batch_hash,
				upheld: DisputeSide::Accepted,
				by: None,
			}
			.into(),
		);
		assert_eq!(TwinStates::<Test>::get(battery(BATTERY)), state_before);
		assert_eq!(
			opened_health(&LatestHealth::<Test>::get(battery(BATTERY)).unwrap().health),
			estimated_health(&accepted)
		);
		assert!(Telemetry::health(BATTERY.to_vec()).unwrap().unwrap().dispute.is_none());
	});
}

#[test]
fn an_authority_decides_a_dispute() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Telemetry::resolve_dispute(
				RuntimeOrigin::root(),
				battery(BATTERY),
				DisputeSide::Accepted
			),
			Error::<Test>::NoDispute
		);
		let (accepted, challenger, _) = disputed();
		for who in [OPERATOR, MANUFACTURER, STRANGER] {
			assert_noop!(
				Telemetry::resolve_dispute(
					RuntimeOrigin::signed(who),
					battery(BATTERY),
					DisputeSide::Challenger
				),
				Error::<Test>::NotAuthority
			);
		}
		assert_noop!(
			Telemetry::resolve_dispute(
				RuntimeOrigin::none(),
				battery(BATTERY),
				DisputeSide::Accepted
			),
			BadOrigin
		);
		assert_ok!(Telemetry::resolve_dispute(
			RuntimeOrigin::signed(AUTHORITY),
			battery(BATTERY),
			DisputeSide::Challenger
		));
		System::assert_has_event(
			Event::DisputeResolved {
				battery: battery(BATTERY),
				batch_hash: accepted.batch_hash,
				upheld: DisputeSide::Challenger,
				by: Some(AUTHORITY),
			}
			.into(),
		);
		let crate::Verdict::Estimated { twin, .. } = challenger.verdict else {
			panic!("estimated")
		};
		assert_eq!(
			TwinStates::<Test>::get(battery(BATTERY)).unwrap().twin,
			crate::Twin::Sealed(twin)
		);
		assert_noop!(
			Telemetry::resolve_dispute(
				RuntimeOrigin::root(),
				battery(BATTERY),
				DisputeSide::Accepted
			),
			Error::<Test>::NoDispute
		);
	});
}

#[test]
fn a_late_result_attests_an_older_batch_but_cannot_dispute_it() {
	ExtBuilder::default().build_and_execute(|| {
		let keys: Vec<_> = (1..=3).map(|i| estimator_key(&format!("//Estimator{i}"))).collect();
		keys.iter().for_each(register_any);
		let hash = submit(1);
		let accepted = compute(BATTERY, 1, hash, &discharge(20), &keys[0]);
		let late = compute(BATTERY, 1, hash, &discharge(20), &keys[1]);
		let different = resealed(&compute(BATTERY, 1, hash, &discharge(20), &keys[2]), |r, _| {
			r.soh_capacity_ppm -= 50_000;
		});
		assert_ok!(submit_result(accepted).unwrap());
		let next = submit(2);
		assert_ok!(submit_result(compute(BATTERY, 2, next, &discharge(20), &keys[0])).unwrap());
		// The twin has moved past batch 1: a different result could no longer hold it there …
		assert_eq!(submit_result(different), Err(custom(Error::<Test>::BatchSuperseded)));
		assert!(Disputes::<Test>::get(battery(BATTERY)).is_none());
		// … but an equal one, a block late, still attests it.
		assert_ok!(submit_result(late).unwrap());
		System::assert_has_event(
			Event::ResultAttested {
				battery: battery(BATTERY),
				batch_hash: hash,
				estimator: keys[1].clone(),
			}
			.into(),
		);
		let history = Telemetry::health_history(&battery(BATTERY));
		let older = history.iter().find(|h| h.batch_hash == hash).expect("batch 1 in history");
		assert_eq!(older.attestations, 1);
	});
}
