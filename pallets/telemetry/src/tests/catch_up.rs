//! Catching up: a node that missed a batch while it was pending attests the result another
//! node landed, from the twin of the last batch it estimated, and only a result it reproduces.

use super::{
	offchain::{offchain_ext, pool, run_worker, submission_of, Pool},
	*,
};
use crate::{offchain::Tip, Event, LatestHealth};
use frame_support::assert_ok;
use sp_runtime::offchain::storage::StorageValueRef;

/// Two estimator keys of different nodes (admin keys: each counts for itself), with k = 2.
/// Node B's key is registered first and its worker results batch 1; then node A's key is
/// registered. Returns the externalities, the pool, B's and A's keys and batch 1's hash.
fn b_resulted_batch_one() -> (sp_io::TestExternalities, Pool, [crate::crypto::Public; 2], H256) {
	let (mut ext, pool_state) = offchain_ext();
	let (key_b, one) = ext.execute_with(|| {
		assert_ok!(Telemetry::set_required_attestations(RuntimeOrigin::root(), 2));
		let key_b = estimator_key("//NodeB");
		register_any(&key_b);
		(key_b, submit(1))
	});
	ext.persist_offchain_overlay();
	let key_a = ext.execute_with(|| {
		run_worker(1);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 1);
		assert_eq!(submission_of(&txs[0]).estimator, key_b);
		System::set_block_number(2);
		assert_ok!(apply_extrinsic(txs[0].clone()).unwrap());
		let key_a = estimator_key("//NodeA");
		register_any(&key_a);
		key_a
	});
	(ext, pool_state, [key_b, key_a], one)
}

/// Batch 2 arrives and node A's result of it lands before node B's worker saw it pending
/// (`result` turns A's honest result into the one A submits); batch 2's hash.
fn a_results_batch_two_unseen_by_b(
	ext: &mut sp_io::TestExternalities,
	key_a: &crate::crypto::Public,
	result: impl FnOnce(ResultSubmissionOf<Test>) -> ResultSubmissionOf<Test>,
) -> H256 {
	let two = ext.execute_with(|| {
		System::set_block_number(3);
		let two = submit(2);
		assert_ok!(submit_result(result(compute(BATTERY, 2, two, &discharge(20), key_a))).unwrap());
		two
	});
	ext.persist_offchain_overlay();
	two
}

fn final_event(hash: H256) -> RuntimeEvent {
	Event::ResultFinal { battery: battery(BATTERY), batch_hash: hash, attestations: 2 }.into()
}

#[test]
fn a_node_that_missed_the_last_batch_attests_it_from_its_tip() {
	let (mut ext, pool_state, [key_b, key_a], _) = b_resulted_batch_one();
	let two = a_results_batch_two_unseen_by_b(&mut ext, &key_a, |honest| honest);
	ext.execute_with(|| {
		assert!(!Telemetry::health(BATTERY.to_vec()).unwrap().unwrap().is_final);
		// Nothing is pending: B's worker finds the battery on its watch list.
		assert!(!crate::PendingBatches::<Test>::contains_key(battery(BATTERY)));
		assert_eq!(Telemetry::watch_list(), vec![battery(BATTERY)]);
		run_worker(4);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 2, "one vote");
		let vote = submission_of(&txs[1]);
		assert_eq!((vote.batch_hash, &vote.estimator), (two, &key_b));
		assert_ok!(apply_extrinsic(txs[1].clone()).unwrap());
		System::assert_last_event(final_event(two));
		let view = Telemetry::health(BATTERY.to_vec()).unwrap().unwrap();
		assert_eq!((view.attestations, view.is_final), (1, true));
		// Caught up: the battery left the watch list, the tip is batch 2, no further vote.
		assert!(Telemetry::watch_list().is_empty());
		assert_eq!(Telemetry::read_chain(&battery(BATTERY)).1.map(|tip| tip.sequence), Some(2));
		run_worker(5);
		assert_eq!(pool(&pool_state).len(), 2);
	});
}

#[test]
fn a_missed_batch_is_attested_before_the_next_batch_is_estimated() {
	let (mut ext, pool_state, [key_b, key_a], _) = b_resulted_batch_one();
	let two = a_results_batch_two_unseen_by_b(&mut ext, &key_a, |honest| honest);
	let three = ext.execute_with(|| submit(3));
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		run_worker(4);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 3, "a vote on batch 2 and a result of batch 3");
		let [vote, next] = [&txs[1], &txs[2]].map(submission_of);
		assert_eq!((vote.batch_hash, &vote.estimator), (two, &key_b));
		assert_eq!(next.batch_hash, three);
		for xt in &txs[1..] {
			assert_ok!(apply_extrinsic(xt.clone()).unwrap());
		}
		assert!(System::events().iter().any(|record| record.event == final_event(two)));
		assert_eq!(LatestHealth::<Test>::get(battery(BATTERY)).unwrap().sequence, 3);
	});
}

#[test]
fn a_node_does_not_attest_a_result_it_does_not_reproduce() {
	let (mut ext, pool_state, [_, key_a], _) = b_resulted_batch_one();
	// A lies about batch 2 (the chain cannot see it: the result is sealed) and is accepted.
	let two = a_results_batch_two_unseen_by_b(&mut ext, &key_a, |honest| {
		resealed(&honest, |result, _| result.soh_capacity_ppm -= 50_000)
	});
	ext.execute_with(|| {
		run_worker(4);
		assert_eq!(pool(&pool_state).len(), 1, "no vote, no dispute from the tip");
		// The lie stays pending with k = 2; the battery left the watch list (nothing to retry).
		let view = Telemetry::health(BATTERY.to_vec()).unwrap().unwrap();
		assert_eq!((view.batch_hash, view.attestations, view.is_final), (two, 0, false));
		assert!(Telemetry::watch_list().is_empty());
		assert_eq!(Telemetry::read_chain(&battery(BATTERY)).1.map(|tip| tip.sequence), Some(1));
	});
}

#[test]
fn a_node_whose_tip_is_not_the_twin_before_does_not_vote() {
	let (mut ext, pool_state, [_, key_a], _) = b_resulted_batch_one();
	a_results_batch_two_unseen_by_b(&mut ext, &key_a, |honest| honest);
	ext.execute_with(|| {
		// B's tip names batch 1 but holds another twin (the fresh one).
		let id = battery(BATTERY);
		let tip = Telemetry::read_chain(&id).1.expect("B's tip");
		let wrong = Tip { twin: crate::Twin::fresh(), ..tip };
		StorageValueRef::persistent(&Telemetry::tip_key(&id)).set(&wrong);
		run_worker(4);
		assert_eq!(pool(&pool_state).len(), 1);
		assert!(!Telemetry::health(BATTERY.to_vec()).unwrap().unwrap().is_final);
	});
}

#[test]
fn the_watch_list_keeps_the_latest_batteries_up_to_its_capacity() {
	use crate::offchain::WATCH_CAPACITY;
	let (mut ext, _) = offchain_ext();
	ext.execute_with(|| {
		let ids: Vec<BatteryId> = (0..WATCH_CAPACITY + 10)
			.map(|n| BatteryId::try_from(format!("B{n:05}").into_bytes()).unwrap())
			.collect();
		Telemetry::note_visited(&ids[..20]);
		Telemetry::note_visited(&ids[10..]);
		let list = Telemetry::watch_list();
		assert_eq!(list.len(), WATCH_CAPACITY);
		// Each battery once, in the order first seen, the oldest dropped.
		assert_eq!(list.first(), Some(&ids[10]));
		assert_eq!(list.last(), ids.last());
	});
}
