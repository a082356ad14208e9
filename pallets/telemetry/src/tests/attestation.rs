//! Attestation: a result is final once keys of k distinct members agree on it; a member's
//! second key does not count; a disputed result is not final; k is the admin's to set.

use super::*;
use crate::{BatchVotes, Error, Event, RequiredAttestations};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

fn set_k(k: u32) {
	assert_ok!(Telemetry::set_required_attestations(RuntimeOrigin::root(), k));
}

fn latest() -> battery_primitives::telemetry::HealthView<H256, u64> {
	Telemetry::health(BATTERY.to_vec()).unwrap().expect("a health result")
}

fn final_event(hash: H256, attestations: u32) -> RuntimeEvent {
	Event::ResultFinal { battery: battery(BATTERY), batch_hash: hash, attestations }.into()
}

#[test]
fn with_k_one_a_result_is_final_when_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let hash = submit(1);
		assert_ok!(submit_result(compute(BATTERY, 1, hash, &discharge(20), &key)).unwrap());
		System::assert_last_event(final_event(hash, 1));
		let view = latest();
		assert_eq!((view.required_attestations, view.is_final), (1, true));
	});
}

#[test]
fn a_result_is_pending_until_k_members_agree() {
	ExtBuilder::default().build_and_execute(|| {
		set_k(2);
		let keys: Vec<_> = (1..=3).map(|i| estimator_key(&format!("//Estimator{i}"))).collect();
		keys.iter().for_each(register_any);
		let hash = submit(1);
		// All computed from the twin before the batch, as racing estimator nodes do.
		let results: Vec<_> =
			keys.iter().map(|key| compute(BATTERY, 1, hash, &discharge(20), key)).collect();
		assert_ok!(submit_result(results[0].clone()).unwrap());
		let view = latest();
		assert_eq!((view.attestations, view.required_attestations, view.is_final), (0, 2, false));
		assert!(!System::events().iter().any(|r| r.event == final_event(hash, 1)));
		assert_ok!(submit_result(results[1].clone()).unwrap());
		System::assert_last_event(final_event(hash, 2));
		let view = latest();
		assert_eq!((view.attestations, view.is_final), (1, true));
		assert!(Telemetry::health_history(&battery(BATTERY))[0].is_final);
		// Raising k makes recorded results pending again, until enough agree.
		set_k(3);
		assert!(!latest().is_final);
		assert_ok!(submit_result(results[2].clone()).unwrap());
		System::assert_last_event(final_event(hash, 3));
		assert!(latest().is_final);
	});
}

#[test]
fn a_members_second_key_does_not_attest() {
	ExtBuilder::default().build_and_execute(|| {
		set_k(2);
		let first = estimator_key("//Operator1");
		let second = estimator_key("//Operator2");
		for key in [&first, &second] {
			assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), key.clone()));
		}
		let hash = submit(1);
		let other = estimator_key("//Estimator1");
		register_any(&other);
		let [accepted, again, attest] =
			[&first, &second, &other].map(|key| compute(BATTERY, 1, hash, &discharge(20), key));
		assert_ok!(submit_result(accepted).unwrap());
		// Refused in the pool and in a block; nothing changes.
		assert_eq!(
			submit_result(again.clone()),
			Err(Telemetry::invalid(Error::<Test>::MemberAlreadyVoted))
		);
		assert_noop!(
			Telemetry::submit_result(
				frame_system::RawOrigin::Authorized.into(),
				Box::new(again.clone()),
				sign(&again)
			),
			Error::<Test>::MemberAlreadyVoted
		);
		assert_eq!(BatchVotes::<Test>::get(hash).len(), 1);
		assert!(!latest().is_final);
		// Another member's key (here the admin's) does attest.
		assert_ok!(submit_result(attest).unwrap());
		System::assert_last_event(final_event(hash, 2));
	});
}

#[test]
fn a_disputed_result_is_not_final() {
	ExtBuilder::default().build_and_execute(|| {
		let keys: Vec<_> = (1..=2).map(|i| estimator_key(&format!("//Estimator{i}"))).collect();
		keys.iter().for_each(register_any);
		let hash = submit(1);
		let accepted = compute(BATTERY, 1, hash, &discharge(20), &keys[0]);
		let challenger =
			resealed(&compute(BATTERY, 1, hash, &discharge(20), &keys[1]), |result, _| {
				result.soh_capacity_ppm -= 50_000;
			});
		assert_ok!(submit_result(accepted).unwrap());
		assert!(latest().is_final);
		assert_ok!(submit_result(challenger).unwrap());
		let view = latest();
		assert!(view.dispute.is_some());
		assert!(!view.is_final);
		assert!(!Telemetry::health_history(&battery(BATTERY))[0].is_final);
	});
}

#[test]
fn only_the_admin_sets_k_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(RequiredAttestations::<Test>::get(), 1);
		assert_noop!(
			Telemetry::set_required_attestations(RuntimeOrigin::signed(OPERATOR), 2),
			BadOrigin
		);
		assert_noop!(
			Telemetry::set_required_attestations(RuntimeOrigin::root(), 0),
			Error::<Test>::AttestationsOutOfRange
		);
		let max = <<Test as crate::Config>::MaxVotes as frame_support::traits::Get<u32>>::get();
		assert_noop!(
			Telemetry::set_required_attestations(RuntimeOrigin::root(), max + 1),
			Error::<Test>::AttestationsOutOfRange
		);
		assert_ok!(Telemetry::set_required_attestations(RuntimeOrigin::root(), max));
		System::assert_last_event(Event::RequiredAttestationsSet { required: max }.into());
		assert_eq!(Telemetry::required_attestations(), max);
	});
}

#[test]
fn genesis_sets_k() {
	use sp_runtime::BuildStorage;
	let storage = crate::GenesisConfig::<Test> { estimators: vec![], required_attestations: 3 }
		.build_storage()
		.unwrap();
	sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(Telemetry::required_attestations(), 3);
	});
}

#[test]
fn a_member_cannot_vote_again_by_replacing_its_key() {
	ExtBuilder::default().build_and_execute(|| {
		set_k(2);
		let first = estimator_key("//Operator1");
		let replacement = estimator_key("//Operator2");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), first.clone()));
		let hash = submit(1);
		let accepted = compute(BATTERY, 1, hash, &discharge(20), &first);
		let again = compute(BATTERY, 1, hash, &discharge(20), &replacement);
		assert_ok!(submit_result(accepted).unwrap());
		// The member removes the key that voted and registers another: its vote is still cast.
		assert_ok!(Telemetry::remove_estimator(RuntimeOrigin::signed(OPERATOR), first));
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), replacement));
		assert_eq!(
			submit_result(again),
			Err(Telemetry::invalid(Error::<Test>::MemberAlreadyVoted))
		);
		assert!(!latest().is_final);
	});
}

#[test]
fn a_dispute_resolved_with_k_votes_makes_the_result_final() {
	ExtBuilder::default().build_and_execute(|| {
		set_k(2);
		let keys: Vec<_> = (1..=3).map(|i| estimator_key(&format!("//Estimator{i}"))).collect();
		keys.iter().for_each(register_any);
		let hash = submit(1);
		let accepted = compute(BATTERY, 1, hash, &discharge(20), &keys[0]);
		let lower = |key| {
			resealed(&compute(BATTERY, 1, hash, &discharge(20), key), |result, twin| {
				result.soh_capacity_ppm -= 50_000;
				twin.state.t_s += 1;
			})
		};
		let (challenger, second) = (lower(&keys[1]), lower(&keys[2]));
		assert_ok!(submit_result(accepted).unwrap());
		assert_ok!(submit_result(challenger).unwrap());
		assert!(!latest().is_final);
		// The challenger's side reaches two votes: it is upheld, and final with k = 2.
		assert_ok!(submit_result(second).unwrap());
		System::assert_last_event(final_event(hash, 2));
		let view = latest();
		assert!(view.dispute.is_none());
		assert_eq!((view.attestations, view.is_final), (1, true));
	});
}

#[test]
fn result_final_fires_once_per_accepted_result() {
	ExtBuilder::default().build_and_execute(|| {
		// k = 1: final when accepted; a dispute upheld for the accepted side does not repeat it.
		let keys: Vec<_> = (1..=3).map(|i| estimator_key(&format!("//Estimator{i}"))).collect();
		keys.iter().for_each(register_any);
		let hash = submit(1);
		let results: Vec<_> =
			keys.iter().map(|key| compute(BATTERY, 1, hash, &discharge(20), key)).collect();
		let challenger = resealed(&results[1], |result, twin| {
			result.soh_capacity_ppm -= 50_000;
			twin.state.t_s += 1;
		});
		assert_ok!(submit_result(results[0].clone()).unwrap());
		assert_ok!(submit_result(challenger).unwrap());
		assert_ok!(submit_result(results[2].clone()).unwrap());
		assert!(latest().dispute.is_none());
		let finals = System::events()
			.iter()
			.filter(|r| matches!(r.event, RuntimeEvent::Telemetry(Event::ResultFinal { .. })))
			.count();
		assert_eq!(finals, 1);
		assert!(latest().is_final);
	});
}
