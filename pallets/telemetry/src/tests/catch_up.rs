//! Catching up: a node that missed a batch while it was pending attests the result another
//! node landed, from the twin of the last batch it estimated, and only a result it reproduces.

use super::{
	offchain::{offchain_ext, pool, run_worker, submission_of, Pool},
	*,
};
use crate::{offchain::Tip, Event, LatestHealth};
use frame_support::assert_ok;
use sp_runtime::offchain::storage::StorageValueRef;

type Key = crate::crypto::Public;

/// Node B's key `//NodeB` registered by `register` and k = 2; B's worker results batch 1
/// (included in block 2) and runs at blocks 2 and 3 with nothing to do; then node A's key
/// `//NodeA` is registered by `register`. Returns the externalities, the pool, B's and A's
/// keys.
fn b_resulted_batch_one_with(
	register: impl Fn(&Key),
) -> (sp_io::TestExternalities, Pool, [Key; 2]) {
	let (mut ext, pool_state) = offchain_ext();
	let key_b = ext.execute_with(|| {
		assert_ok!(Telemetry::set_required_attestations(RuntimeOrigin::root(), 2));
		let key_b = estimator_key("//NodeB");
		register(&key_b);
		submit(1);
		key_b
	});
	ext.persist_offchain_overlay();
	let key_a = ext.execute_with(|| {
		run_worker(1);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 1);
		assert_eq!(submission_of(&txs[0]).estimator, key_b);
		System::set_block_number(2);
		assert_ok!(apply_extrinsic(txs[0].clone()).unwrap());
		run_worker(2);
		run_worker(3);
		assert_eq!(pool(&pool_state).len(), 1);
		let key_a = estimator_key("//NodeA");
		register(&key_a);
		key_a
	});
	(ext, pool_state, [key_b, key_a])
}

/// [`b_resulted_batch_one_with`] admin keys (each counts for itself).
fn b_resulted_batch_one() -> (sp_io::TestExternalities, Pool, [Key; 2]) {
	b_resulted_batch_one_with(register_any)
}

/// Batch `sequence` (`readings`) arrives and node A's result of it lands in block `sequence + 1`
/// (at the latest block 3) before node B's worker saw it pending; `result` turns A's honest
/// result into the one A submits. The batch's hash.
fn a_results_unseen_by_b(
	ext: &mut sp_io::TestExternalities,
	key_a: &Key,
	sequence: u64,
	readings: Vec<Reading>,
	result: impl FnOnce(ResultSubmissionOf<Test>) -> ResultSubmissionOf<Test>,
) -> H256 {
	let hash = ext.execute_with(|| {
		System::set_block_number(sequence.saturating_add(1).max(3));
		assert_ok!(submit_as(GATEWAY, BATTERY, sequence, readings.clone()));
		let hash = batch_hash(BATTERY, sequence, start_of(sequence), &readings);
		let computed = compute(BATTERY, sequence, hash, &readings, key_a);
		assert_ok!(submit_result(result(computed)).unwrap());
		hash
	});
	ext.persist_offchain_overlay();
	hash
}

/// [`a_results_unseen_by_b`] batch 2, honestly.
fn a_results_batch_two(ext: &mut sp_io::TestExternalities, key_a: &Key) -> H256 {
	a_results_unseen_by_b(ext, key_a, 2, discharge(20), |honest| honest)
}

/// The worker's `OcwRetryBlocks`, as a block count.
fn retry_blocks() -> u64 {
	u64::from(<<Test as crate::Config>::OcwRetryBlocks as frame_support::traits::Get<u32>>::get())
}

fn final_event(hash: H256) -> RuntimeEvent {
	Event::ResultFinal { battery: battery(BATTERY), batch_hash: hash, attestations: 2 }.into()
}

fn tip() -> crate::offchain::TipOf<Test> {
	Telemetry::read_chain(&battery(BATTERY)).1.expect("B's tip")
}

fn view() -> battery_primitives::telemetry::HealthView<H256, u64> {
	Telemetry::health(BATTERY.to_vec()).unwrap().expect("a health result")
}

#[test]
fn a_node_that_missed_the_last_batch_attests_it_from_its_tip() {
	let (mut ext, pool_state, [key_b, key_a]) = b_resulted_batch_one();
	let two = a_results_batch_two(&mut ext, &key_a);
	ext.execute_with(|| {
		assert!(!view().is_final);
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
		assert_eq!((view().attestations, view().is_final), (1, true));
		// Caught up: the tip is batch 2 and nothing more is voted; the battery stays watched.
		assert_eq!((tip().batch, tip().sequence), (two, 2));
		run_worker(5);
		run_worker(40);
		assert_eq!(pool(&pool_state).len(), 2);
		assert_eq!(Telemetry::watch_list(), vec![battery(BATTERY)]);
	});
}

#[test]
fn a_missed_batch_is_attested_before_the_next_batch_is_estimated() {
	let (mut ext, pool_state, [key_b, key_a]) = b_resulted_batch_one();
	let two = a_results_batch_two(&mut ext, &key_a);
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
fn several_missed_batches_and_a_rejected_one_between_are_caught_up_in_order() {
	let (mut ext, pool_state, [key_b, key_a]) = b_resulted_batch_one();
	// Batch 2 has a reading out of range: A's rejection closes it, the twin stays.
	let mut bad = discharge(20);
	bad[3].voltage_mv = -5;
	let rejected = a_results_unseen_by_b(&mut ext, &key_a, 2, bad, |honest| honest);
	let three = a_results_unseen_by_b(&mut ext, &key_a, 3, discharge(20), |honest| honest);
	let four = a_results_unseen_by_b(&mut ext, &key_a, 4, discharge(20), |honest| honest);
	ext.execute_with(|| {
		assert!(crate::Batches::<Test>::get(rejected).is_none());
		run_worker(6);
		let txs = pool(&pool_state);
		let votes: Vec<_> = txs[1..].iter().map(submission_of).collect();
		assert_eq!(
			votes.iter().map(|v| (v.batch_hash, &v.estimator)).collect::<Vec<_>>(),
			vec![(three, &key_b), (four, &key_b)]
		);
		for xt in &txs[1..] {
			assert_ok!(apply_extrinsic(xt.clone()).unwrap());
		}
		for hash in [three, four] {
			assert!(System::events().iter().any(|record| record.event == final_event(hash)));
		}
		assert_eq!(tip().sequence, 4);
	});
}

#[test]
fn a_result_the_pool_dropped_is_sent_again_after_the_retry_period() {
	let (mut ext, pool_state, [other_key, key_a]) = b_resulted_batch_one();
	// B's worker results batch 2, but the pool drops it; A's result lands in block 3.
	let two = ext.execute_with(|| {
		System::set_block_number(3);
		submit(2)
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		run_worker(3);
		assert_eq!(pool(&pool_state).len(), 2, "B's result of batch 2, never included");
		assert_eq!(tip().sequence, 2);
		// The keystore is shared by the test's two "nodes": the worker used either key; the
		// other node's result is the other key's.
		let key_b = submission_of(&pool(&pool_state)[1]).estimator;
		let key_a = if key_b == key_a { other_key.clone() } else { key_a.clone() };
		assert_ok!(submit_result(compute(BATTERY, 2, two, &discharge(20), &key_a)).unwrap());
		// While B's result could still be in the pool, B does not submit it again.
		let retry = retry_blocks();
		run_worker(3 + retry - 1);
		assert_eq!(pool(&pool_state).len(), 2);
		// Then it signs the same submission again and sends it: now a vote.
		run_worker(3 + retry);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 3);
		assert_eq!(submission_of(&txs[2]), submission_of(&txs[1]));
		assert_ne!(txs[2], txs[1], "a new signature: not the transaction the pool may have banned");
		let vote = submission_of(&txs[2]);
		assert_eq!((vote.batch_hash, &vote.estimator), (two, &key_b));
		assert_ok!(apply_extrinsic(txs[2].clone()).unwrap());
		System::assert_last_event(final_event(two));
		run_worker(4 + retry);
		assert_eq!(pool(&pool_state).len(), 3);
	});
}

#[test]
fn a_member_that_voted_already_does_not_vote_again_but_its_node_follows() {
	// Both keys are the operator's: one member.
	let by_operator = |key: &Key| {
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), key.clone()));
	};
	let (mut ext, pool_state, [_, key_a]) = b_resulted_batch_one_with(by_operator);
	let two = a_results_batch_two(&mut ext, &key_a);
	ext.execute_with(|| {
		run_worker(4);
		assert_eq!(pool(&pool_state).len(), 1, "no vote of the same member");
		assert_eq!((tip().batch, tip().sequence, tip().reproducible), (two, 2, true));
		assert!(!view().is_final);
	});
}

#[test]
fn a_node_does_not_attest_a_result_it_does_not_reproduce() {
	let (mut ext, pool_state, [_, key_a]) = b_resulted_batch_one();
	// A lies about batch 2 (the chain cannot see it: the result is sealed) and is accepted.
	let two = a_results_unseen_by_b(&mut ext, &key_a, 2, discharge(20), |honest| {
		resealed(&honest, |result, _| result.soh_capacity_ppm -= 50_000)
	});
	ext.execute_with(|| {
		run_worker(4);
		assert_eq!(pool(&pool_state).len(), 1, "no vote, no dispute from the tip");
		// The lie stays pending with k = 2.
		assert_eq!((view().batch_hash, view().attestations, view().is_final), (two, 0, false));
		// The tip stays at batch 1, marked: later runs do not estimate batch 2 again.
		assert_eq!((tip().sequence, tip().reproducible), (1, false));
		let id = battery(BATTERY);
		assert!(Telemetry::catch_up_plan(&id, Some(&tip())).is_none());
	});
}

#[test]
fn a_node_whose_tip_is_not_the_twin_before_does_not_vote() {
	let (mut ext, pool_state, [_, key_a]) = b_resulted_batch_one();
	a_results_batch_two(&mut ext, &key_a);
	ext.execute_with(|| {
		// B's tip names batch 1 but holds another twin (the fresh one).
		let id = battery(BATTERY);
		let wrong = Tip { twin: crate::Twin::fresh(), ..tip() };
		StorageValueRef::persistent(&Telemetry::tip_key(&id)).set(&wrong);
		run_worker(4);
		assert_eq!(pool(&pool_state).len(), 1);
		assert!(!view().is_final);
		assert_eq!(tip(), Tip { reproducible: false, ..wrong });
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
		// Each battery once, most recently visited last, the oldest dropped.
		assert_eq!(list.first(), Some(&ids[10]));
		assert_eq!(list.last(), ids.last());
		// A visit moves a battery to the end.
		Telemetry::note_visited(&ids[10..11]);
		assert_eq!(Telemetry::watch_list().last(), Some(&ids[10]));
		assert_eq!(Telemetry::watch_list().len(), WATCH_CAPACITY);
	});
}

#[test]
fn a_node_that_never_estimated_the_battery_attests_its_first_result() {
	let (mut ext, pool_state) = offchain_ext();
	let (key_a, key_b, one) = ext.execute_with(|| {
		assert_ok!(Telemetry::set_required_attestations(RuntimeOrigin::root(), 2));
		let key_a = estimator_key("//NodeA");
		register_any(&key_a);
		let one = submit(1);
		// A results batch 1 before B's node has a key: B holds no twin of the battery.
		assert_ok!(submit_result(compute(BATTERY, 1, one, &discharge(20), &key_a)).unwrap());
		let key_b = estimator_key("//NodeB");
		register_any(&key_b);
		System::set_block_number(2);
		submit(2);
		(key_a, key_b, one)
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		assert!(Telemetry::read_chain(&battery(BATTERY)).1.is_none());
		run_worker(2);
		// From the fresh twin the battery started with: a vote on batch 1, then batch 2.
		let txs = pool(&pool_state);
		let submitted: Vec<_> = txs.iter().map(submission_of).collect();
		assert_eq!(submitted.len(), 2);
		assert_eq!((submitted[0].batch_hash, &submitted[0].estimator), (one, &key_b));
		assert_ok!(apply_extrinsic(txs[0].clone()).unwrap());
		assert!(System::events().iter().any(|record| record.event == final_event(one)));
		let _ = key_a;
	});
}

#[test]
fn a_result_is_not_reproduced_with_a_characterisation_set_after_it() {
	let (mut ext, pool_state, [_, key_a]) = b_resulted_batch_one();
	a_results_batch_two(&mut ext, &key_a);
	ext.execute_with(|| {
		// The characterisation changes after batch 2's result (block 3) was accepted.
		System::set_block_number(4);
		let id = battery(BATTERY);
		let characterisation = crate::Characterisations::<Test>::get(&id).expect("set");
		crate::Characterisations::<Test>::insert(
			&id,
			crate::Characterisation { set_at: 4, ..characterisation },
		);
		run_worker(4);
		assert_eq!(pool(&pool_state).len(), 1, "no vote");
		assert!(!tip().reproducible);
	});
}

#[test]
fn a_vote_the_pool_lost_is_sent_again_after_the_node_moved_on() {
	let (mut ext, pool_state, [other_key, key_a]) = b_resulted_batch_one();
	let two = ext.execute_with(|| {
		System::set_block_number(3);
		submit(2)
	});
	ext.persist_offchain_overlay();
	let lost = ext.execute_with(|| {
		run_worker(3);
		let lost = pool(&pool_state)[1].clone();
		let key_b = submission_of(&lost).estimator;
		let key_a = if key_b == key_a { other_key.clone() } else { key_a.clone() };
		// The other node's result of batch 2 lands; B's vote never does.
		assert_ok!(submit_result(compute(BATTERY, 2, two, &discharge(20), &key_a)).unwrap());
		System::set_block_number(4);
		submit(3);
		lost
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		// B moves on: batch 3 from the stored twin (its result lands); its tip passes batch 2.
		run_worker(4);
		assert_eq!(pool(&pool_state).len(), 3);
		assert_eq!(tip().sequence, 3);
		System::set_block_number(5);
		assert_ok!(apply_extrinsic(pool(&pool_state)[2].clone()).unwrap());
		let retry = retry_blocks();
		run_worker(3 + retry - 1);
		assert_eq!(pool(&pool_state).len(), 3);
		// OcwRetryBlocks after it was sent, the same submission goes again, signed again.
		run_worker(3 + retry);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 4);
		assert_eq!(submission_of(&txs[3]), submission_of(&lost));
		assert_ok!(apply_extrinsic(txs[3].clone()).unwrap());
		System::assert_last_event(final_event(two));
		// Recorded: not sent again.
		run_worker(30);
		assert_eq!(pool(&pool_state).len(), 4);
	});
}
