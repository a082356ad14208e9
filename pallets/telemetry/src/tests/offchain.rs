//! The off-chain worker with `sp_core::offchain::testing`: an off-chain database shared with the
//! externalities' off-chain index, a test transaction pool and a memory keystore.

use super::*;
use crate::{Call, LatestHealth, TwinStates};
use codec::Decode;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use frame_support::{assert_ok, traits::Hooks};
use sp_core::offchain::{
	testing::{TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
};
use std::sync::Arc;

/// Reads the encoded transactions of a test pool.
pub(super) struct Pool(Box<dyn Fn() -> Vec<Vec<u8>>>);

/// A fresh test pool registered in `ext`.
pub(super) fn new_pool(ext: &mut sp_io::TestExternalities) -> Pool {
	let (pool, state) = TestTransactionPoolExt::new();
	ext.register_extension(TransactionPoolExt::new(pool));
	Pool(Box::new(move || state.read().transactions.clone()))
}

/// Externalities with the off-chain worker, off-chain DB and pool extensions; the pool.
pub(super) fn offchain_ext() -> (sp_io::TestExternalities, Pool) {
	let mut ext = ExtBuilder::default().build();
	let (offchain, _state) = TestOffchainExt::with_offchain_db(ext.offchain_db());
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	let pool = new_pool(&mut ext);
	// The node works for the operators: it holds their reader secrets.
	ext.execute_with(|| {
		crate::reader_secrets::add_reader_secret(OPERATOR_SECRET);
		crate::reader_secrets::add_reader_secret(OTHER_OPERATOR_SECRET);
	});
	(ext, pool)
}

/// Run the worker as the node does after importing block `n`.
pub(super) fn run_worker(n: u64) {
	System::set_block_number(n);
	<Telemetry as Hooks<u64>>::offchain_worker(n);
}

/// The transactions in the pool, decoded.
pub(super) fn pool(pool: &Pool) -> Vec<Extrinsic> {
	(pool.0)()
		.iter()
		.map(|tx| Extrinsic::decode(&mut &tx[..]).expect("the pool holds our extrinsics"))
		.collect()
}

/// The result submission of a pool transaction.
pub(super) fn submission_of(xt: &Extrinsic) -> ResultSubmissionOf<Test> {
	match &xt.function {
		RuntimeCall::Telemetry(Call::submit_result { submission, .. }) => (**submission).clone(),
		other => panic!("unexpected call {other:?}"),
	}
}

#[test]
fn worker_reads_the_indexed_batch_submits_one_result_and_does_not_resubmit() {
	let (mut ext, pool_state) = offchain_ext();
	let (key, hash) = ext.execute_with(|| {
		let key = estimator_key("//Alice");
		register_any(&key);
		(key, submit(1))
	});
	// Block 1 is imported: its off-chain index changes reach the off-chain database.
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		let expected = compute(BATTERY, 1, hash, &discharge(20), &key);
		run_worker(1);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 1);
		// A general transaction with the AuthorizeCall extension, no signer.
		assert!(matches!(txs[0].preamble, sp_runtime::generic::Preamble::General(..)));
		// Sealed with the node's randomness: other bytes, the same commitments.
		let submitted = submission_of(&txs[0]);
		assert_ne!(submitted, expected);
		assert_eq!(result_hash(&submitted), result_hash(&expected));
		assert_eq!(estimated_health(&submitted), estimated_health(&expected));
		assert_eq!((&submitted.batch_hash, &submitted.prior_twin), (&hash, &expected.prior_twin));

		// The next block arrives before the result is included: no second submission.
		run_worker(2);
		assert_eq!(pool(&pool_state).len(), 1);

		// The result is included in block 3 through the authorization.
		System::set_block_number(3);
		assert_ok!(apply_extrinsic(txs[0].clone()).expect("valid transaction"));
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(health.batch_hash, hash);
		assert_eq!(opened_health(&health.health), estimated_health(&expected));
		let crate::Verdict::Estimated { twin, .. } = &submitted.verdict else {
			panic!("estimated")
		};
		assert_eq!(
			TwinStates::<Test>::get(battery(BATTERY)).unwrap().twin,
			crate::Twin::Sealed(twin.clone())
		);

		// Nothing is pending any more: nothing is submitted, now or after the retry period.
		run_worker(3);
		run_worker(30);
		assert_eq!(pool(&pool_state).len(), 1);
	});
}

/// The prior twin a result names when it continues `previous`'s result.
fn twin_after(previous: &ResultSubmissionOf<Test>) -> H256 {
	let crate::Verdict::Estimated { twin, .. } = &previous.verdict else { panic!("estimated") };
	crate::Twin::Sealed(twin.clone()).hash::<BlakeTwo256>()
}

#[test]
fn worker_estimates_a_battery_s_pending_batches_as_one_chain() {
	let (mut ext, pool_state) = offchain_ext();
	let key = ext.execute_with(|| {
		let key = estimator_key("//Alice");
		register_any(&key);
		(1..=3).for_each(|sequence| {
			submit(sequence);
		});
		key
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		// One run estimates the three batches one after the other, each from the twin the
		// previous result sealed.
		run_worker(1);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 3);
		let submitted: Vec<_> = txs.iter().map(submission_of).collect();
		for (k, submission) in (1u64..).zip(&submitted) {
			assert_eq!(submission.batch_hash, batch_hash(BATTERY, k, start_of(k), &discharge(20)));
		}
		assert_eq!(submitted[1].prior_twin, twin_after(&submitted[0]));
		assert_eq!(submitted[2].prior_twin, twin_after(&submitted[1]));
		// While the chain waits for a block, the next run leaves it alone.
		run_worker(2);
		assert_eq!(pool(&pool_state).len(), 3);
		// A block applies the chain in order: each result continues the twin the previous one
		// stored, and is what an estimator computes from that twin.
		for (k, (xt, submission)) in (1u64..).zip(txs.iter().zip(&submitted)) {
			let expected = compute(BATTERY, k, submission.batch_hash, &discharge(20), &key);
			assert_eq!(result_hash(submission), result_hash(&expected));
			assert_ok!(apply_extrinsic(xt.clone()).unwrap());
		}
		assert_eq!(LatestHealth::<Test>::get(battery(BATTERY)).unwrap().sequence, 3);
		Telemetry::do_try_state().unwrap();
	});
}

#[test]
fn a_later_batch_continues_the_chain_in_flight() {
	let (mut ext, pool_state) = offchain_ext();
	let key = ext.execute_with(|| {
		let key = estimator_key("//Alice");
		register_any(&key);
		submit(1);
		submit(2);
		key
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| run_worker(1));
	assert_eq!(pool(&pool_state).len(), 2);
	// Batch 3 arrives in block 2, before the chain's results are in a block.
	ext.execute_with(|| {
		System::set_block_number(2);
		submit(3);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		run_worker(2);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 3, "only batch 3 is new");
		let submitted: Vec<_> = txs.iter().map(submission_of).collect();
		assert_eq!(submitted[2].batch_hash, batch_hash(BATTERY, 3, start_of(3), &discharge(20)));
		assert_eq!(submitted[2].prior_twin, twin_after(&submitted[1]));
		for xt in &txs {
			assert_ok!(apply_extrinsic(xt.clone()).unwrap());
		}
		assert_eq!(LatestHealth::<Test>::get(battery(BATTERY)).unwrap().sequence, 3);
		let _ = key;
	});
}

#[test]
fn a_dropped_chain_starts_again_from_the_oldest_batch() {
	let (mut ext, pool_state) = offchain_ext();
	ext.execute_with(|| {
		register_any(&estimator_key("//Alice"));
		submit(1);
		submit(2);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| run_worker(1));
	assert_eq!(pool(&pool_state).len(), 2);
	// The first result lands; the node restarts and its pool loses the second.
	ext.execute_with(|| {
		System::set_block_number(2);
		assert_ok!(apply_extrinsic(pool(&pool_state)[0].clone()).unwrap());
	});
	let new_pool = new_pool(&mut ext);
	ext.execute_with(|| {
		// Batch 2 is the oldest from block 2 on (the run then notes it): its result may take two
		// blocks, so nothing at 2 and 3.
		run_worker(2);
		run_worker(3);
		assert!(pool(&new_pool).is_empty());
		// Then a new chain from the oldest pending batch (2) and the stored twin.
		run_worker(4);
		let txs = pool(&new_pool);
		assert_eq!(txs.len(), 1);
		assert_eq!(
			submission_of(&txs[0]).prior_twin,
			TwinStates::<Test>::get(battery(BATTERY)).unwrap().twin.hash::<BlakeTwo256>()
		);
		assert_ok!(apply_extrinsic(txs[0].clone()).unwrap());
		assert_eq!(LatestHealth::<Test>::get(battery(BATTERY)).unwrap().sequence, 2);
	});
}

#[test]
fn worker_survives_a_restart_and_retries_a_lost_transaction() {
	let (mut ext, pool_state) = offchain_ext();
	ext.execute_with(|| {
		register_any(&estimator_key("//Alice"));
		submit(1);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| run_worker(1));
	assert_eq!(pool(&pool_state).len(), 1);

	// The node restarts: the pool is empty, the off-chain database (claims included) stays.
	let new_pool = new_pool(&mut ext);
	ext.execute_with(|| {
		// Within the first back-off (2 blocks) the claim holds.
		run_worker(2);
		assert!(pool(&new_pool).is_empty());
		// After it, the lost transaction is submitted again, once; the next back-off is 4.
		run_worker(3);
		assert_eq!(pool(&new_pool).len(), 1);
		run_worker(6);
		assert_eq!(pool(&new_pool).len(), 1);
		assert_ok!(apply_extrinsic(pool(&new_pool)[0].clone()).unwrap());
	});
}

/// A pool that refuses every transaction while `refuse` is set, and counts the attempts.
#[derive(Clone, Default)]
struct FlakyPool {
	refuse: Arc<AtomicBool>,
	attempts: Arc<AtomicU32>,
	accepted: Arc<AtomicU32>,
}

impl sp_core::offchain::TransactionPool for FlakyPool {
	fn submit_transaction(&mut self, _extrinsic: Vec<u8>) -> Result<(), ()> {
		self.attempts.fetch_add(1, Ordering::SeqCst);
		if self.refuse.load(Ordering::SeqCst) {
			return Err(());
		}
		self.accepted.fetch_add(1, Ordering::SeqCst);
		Ok(())
	}
}

#[test]
fn worker_resubmits_a_refused_result_after_two_blocks() {
	let (mut ext, _) = offchain_ext();
	let flaky = FlakyPool::default();
	flaky.refuse.store(true, Ordering::SeqCst);
	ext.register_extension(TransactionPoolExt::new(flaky.clone()));
	ext.execute_with(|| {
		register_any(&estimator_key("//Alice"));
		submit(1);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		// The pool refuses: the batch waits out the first back-off (2 blocks), then goes again.
		run_worker(1);
		assert_eq!(flaky.attempts.load(Ordering::SeqCst), 1);
		flaky.refuse.store(false, Ordering::SeqCst);
		run_worker(2);
		assert_eq!(flaky.attempts.load(Ordering::SeqCst), 1);
		run_worker(3);
		assert_eq!(flaky.accepted.load(Ordering::SeqCst), 1);
		// The next back-off is 4 blocks.
		run_worker(6);
		assert_eq!(flaky.attempts.load(Ordering::SeqCst), 2);
	});
}

#[test]
fn chains_that_do_not_land_start_again_after_two_four_eight_blocks_up_to_the_retry_period() {
	use crate::offchain::{Claim, ClaimOf, Start};
	ExtBuilder::default().build_and_execute(|| {
		let (one, two) = (H256::repeat_byte(1), H256::repeat_byte(2));
		let pending = [one];
		// A chain whose result never lands: started at 1, 3 (+2), 7 (+4), 15 (+8), then every
		// 10 blocks (OcwRetryBlocks).
		let mut claim: Option<ClaimOf<Test>> = None;
		let mut started = vec![];
		for n in 1..=40u64 {
			match Telemetry::chain_start(n, &pending, claim.as_ref(), None) {
				Start::Oldest { starts } => {
					started.push(n);
					claim = Some(Claim {
						first: one,
						since: n,
						starts,
						last: Some(one),
						working: None,
					});
				},
				Start::Wait => {},
				other => panic!("{other:?}"),
			}
		}
		assert_eq!(started, vec![1, 3, 7, 15, 25, 35]);
		// Once its batch is no longer pending, the battery's next batch starts a chain at once.
		assert_eq!(
			Telemetry::chain_start(36, &[two], claim.as_ref(), None),
			Start::Oldest { starts: 1 }
		);
		// A battery a run is working on: others wait, for two blocks at most.
		let working = Claim { first: one, since: 36, starts: 1, last: None, working: Some(36) };
		assert_eq!(Telemetry::chain_start(37, &[one, two], Some(&working), None), Start::Wait);
		assert_eq!(
			Telemetry::chain_start(38, &[one, two], Some(&working), None),
			Start::Oldest { starts: 2 }
		);
	});
}

#[test]
fn a_chain_extended_while_its_oldest_result_is_lost_still_starts_again() {
	use crate::offchain::{Claim, Start, Tip};
	ExtBuilder::default().build_and_execute(|| {
		let [one, two, three, four] = [1, 2, 3, 4].map(H256::repeat_byte);
		let fresh = crate::Twin::fresh();
		let tip = Tip {
			batch: two,
			sequence: 2,
			twin: fresh.clone(),
			before: fresh,
			estimator: None,
			reproducible: true,
		};
		// Batches 1 and 2 submitted at block 1; batch 3 arrived: the chain goes on after 2.
		let claim = Claim { first: one, since: 1, starts: 1, last: Some(two), working: None };
		assert!(matches!(
			Telemetry::chain_start(2, &[one, two, three], Some(&claim), Some(&tip)),
			Start::After { index: 2, window: (first, 1, 1), .. } if first == one
		));
		// The chain was extended to 3 at block 2 but batch 1 is still the oldest at block 3
		// (its result was lost): the window is not extended by the chain, the chain starts again.
		let extended = Claim { last: Some(three), ..claim.clone() };
		let tip = Tip { batch: three, sequence: 3, ..tip };
		assert_eq!(
			Telemetry::chain_start(3, &[one, two, three, four], Some(&extended), Some(&tip)),
			Start::Oldest { starts: 2 }
		);
		// Had batch 1 landed, batch 4 would continue the chain with a new window.
		assert!(matches!(
			Telemetry::chain_start(3, &[two, three, four], Some(&extended), Some(&tip)),
			Start::After { index: 2, window: (first, 3, 1), .. } if first == two
		));
	});
}

#[test]
fn worker_without_a_registered_key_does_nothing() {
	let (mut ext, pool_state) = offchain_ext();
	ext.execute_with(|| {
		// A key in the keystore, but not registered on chain.
		estimator_key("//Alice");
		submit(1);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		run_worker(1);
		assert!(pool(&pool_state).is_empty());
		// A key registered by another operator does not cover this battery's gateway.
		let foreign = estimator_key("//Bob");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OTHER_OPERATOR), foreign));
		run_worker(2);
		assert!(pool(&pool_state).is_empty());
	});
}

#[test]
fn worker_skips_batches_missing_from_the_index() {
	let (mut ext, pool_state) = offchain_ext();
	ext.execute_with(|| {
		register_any(&estimator_key("//Alice"));
		submit(1);
	});
	// The overlay is not persisted: the node imported the block without off-chain indexing.
	ext.execute_with(|| {
		run_worker(1);
		assert!(pool(&pool_state).is_empty());
	});
}

/// Externalities (and pool) with six more characterised batteries of the operator, each with a
/// gateway and one pending batch, indexed, and a registered estimator key.
fn six_batteries_with_a_batch() -> (sp_io::TestExternalities, Pool) {
	let (mut ext, pool_state) = offchain_ext();
	ext.execute_with(|| {
		register_any(&estimator_key("//Alice"));
		for i in 0..6u64 {
			let id = format!("BAT-OCW-{i}").into_bytes();
			let gateway = 200 + i;
			MockBatteries::add(&id, MANUFACTURER, true, Some(OPERATOR));
			MockConsortium::add_device(gateway, crate::DeviceKind::BmsGateway, OPERATOR, &id);
			crate::Characterisations::<Test>::insert(
				battery(&id),
				crate::Characterisations::<Test>::get(battery(BATTERY)).unwrap(),
			);
			assert_ok!(submit_as(gateway, &id, 1, discharge(10)));
		}
	});
	ext.persist_offchain_overlay();
	(ext, pool_state)
}

#[test]
fn worker_work_per_run_is_bounded_and_fair() {
	let (mut ext, pool_state) = six_batteries_with_a_batch();
	ext.execute_with(|| {
		// MaxOcwBatchesPerRun = 4.
		run_worker(1);
		assert_eq!(pool(&pool_state).len(), 4);
		// The next run continues with the batteries not yet served.
		run_worker(2);
		assert_eq!(pool(&pool_state).len(), 6);
		let mut served: Vec<_> =
			pool(&pool_state).iter().map(|xt| submission_of(xt).batch_hash).collect();
		served.sort();
		served.dedup();
		assert_eq!(served.len(), 6);
	});
}

#[test]
fn a_spent_time_budget_stops_the_run_and_the_next_goes_on_from_there() {
	let (mut ext, pool_state) = six_batteries_with_a_batch();
	ext.execute_with(|| {
		// Four batteries served (MaxOcwBatchesPerRun = 4), the cursor after the fourth.
		run_worker(1);
		assert_eq!(pool(&pool_state).len(), 4);
		let cursor = || {
			sp_runtime::offchain::storage::StorageValueRef::persistent(crate::offchain::CURSOR_KEY)
				.get::<Vec<u8>>()
				.ok()
				.flatten()
		};
		let after_first = cursor();
		assert!(after_first.is_some());
		// A run whose budget is spent before it starts takes nothing and keeps the cursor.
		OcwTimeBudgetMs::set(0);
		run_worker(2);
		assert_eq!(pool(&pool_state).len(), 4);
		assert_eq!(cursor(), after_first);
		// With time again, the next run serves the two batteries not yet served.
		OcwTimeBudgetMs::set(2_000);
		run_worker(3);
		let mut served: Vec<_> =
			pool(&pool_state).iter().map(|xt| submission_of(xt).batch_hash).collect();
		assert_eq!(served.len(), 6);
		served.sort();
		served.dedup();
		assert_eq!(served.len(), 6);
	});
}

#[test]
fn worker_rejects_a_batch_with_a_reading_out_of_range_and_the_twin_stays() {
	use battery_primitives::telemetry::{OutOfRange, Quantity};
	let (mut ext, pool_state) = offchain_ext();
	let (key, hash) = ext.execute_with(|| {
		let key = estimator_key("//Alice");
		register_any(&key);
		let mut readings = discharge(20);
		readings[12].voltage_mv = -5;
		assert_ok!(submit_as(GATEWAY, BATTERY, 1, readings.clone()));
		(key, batch_hash(BATTERY, 1, start_of(1), &readings))
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		let twin_before = TwinStates::<Test>::get(battery(BATTERY));
		let counters = |t: crate::BatteryTelemetryOf<Test>| (t.results, t.disputes);
		let counters_before = counters(crate::Telemetry::<Test>::get(battery(BATTERY)).unwrap());
		run_worker(1);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 1);
		let submission = submission_of(&txs[0]);
		let out = OutOfRange { index: 12, quantity: Quantity::Voltage };
		assert_eq!(submission.verdict, crate::Verdict::Rejected(out));
		assert_ok!(apply_extrinsic(txs[0].clone()).expect("valid transaction"));
		System::assert_last_event(
			crate::Event::BatchRejected {
				battery: battery(BATTERY),
				batch_hash: hash,
				estimator: key,
				out_of_range: out,
			}
			.into(),
		);
		// Closed without a result: nothing moved, the batch is gone, the next one may come.
		assert!(crate::Batches::<Test>::get(hash).is_none());
		assert!(crate::PendingBatches::<Test>::get(battery(BATTERY)).is_none());
		assert_eq!(TwinStates::<Test>::get(battery(BATTERY)), twin_before);
		assert!(LatestHealth::<Test>::get(battery(BATTERY)).is_none());
		let counters_after = counters(crate::Telemetry::<Test>::get(battery(BATTERY)).unwrap());
		assert_eq!(counters_after, counters_before);
		assert_ok!(submit_as(GATEWAY, BATTERY, 2, discharge(20)));
	});
}

#[test]
fn a_node_without_a_reader_secret_of_the_scope_submits_nothing() {
	let (mut ext, pool_state) = offchain_ext();
	ext.execute_with(|| {
		sp_io::offchain::local_storage_clear(
			sp_core::offchain::StorageKind::PERSISTENT,
			crate::reader_secrets::READER_SECRETS_KEY,
		);
		crate::reader_secrets::add_reader_secret([0x77; 32]);
		register_any(&estimator_key("//Alice"));
		submit(1);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		run_worker(1);
		assert!(pool(&pool_state).is_empty(), "it cannot open the batch");
	});
}

#[test]
fn a_newcomer_to_the_scope_opens_the_twin_once_a_reader_of_the_old_one_resulted_a_batch() {
	const NEWCOMER_SECRET: [u8; 32] = [0x66; 32];
	let (mut ext, pool_state) = offchain_ext();
	let keep_only = |secret: [u8; 32]| {
		sp_io::offchain::local_storage_clear(
			sp_core::offchain::StorageKind::PERSISTENT,
			crate::reader_secrets::READER_SECRETS_KEY,
		);
		crate::reader_secrets::add_reader_secret(secret);
	};
	ext.execute_with(|| {
		register_any(&estimator_key("//Alice"));
		let first = compute(BATTERY, 1, submit(1), &discharge(20), &estimator_key("//Alice"));
		assert_ok!(submit_result(first).unwrap());
		// A reader enters the Usage scope after the twin was sealed (here a user with a key; a
		// new operator is the same case), and the next batch is sealed for it too.
		MockConsortium::set_reader_key(USER, battery_seal::public_key(&NEWCOMER_SECRET));
		MockConsortium::assign(USER, BATTERY);
		submit(2);
		// A node holding only the newcomer's secret opens the batch but not the twin.
		keep_only(NEWCOMER_SECRET);
	});
	ext.persist_offchain_overlay();
	ext.execute_with(|| {
		let hash = batch_hash(BATTERY, 2, start_of(2), &discharge(20));
		let record = crate::Batches::<Test>::get(hash).unwrap();
		assert_eq!(
			Telemetry::estimate(&battery(BATTERY), hash, &record, &estimator_key("//Alice")),
			Err(crate::offchain::OcwError::OpenTwin(battery_seal::OpenError::NotARecipient))
		);
		run_worker(3);
		assert!(pool(&pool_state).is_empty(), "it cannot continue a twin it cannot open");
		// The operator's node can (after the claim's back-off of two blocks): its result seals
		// the new twin for the scope now.
		keep_only(OPERATOR_SECRET);
		run_worker(5);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 1);
		assert_ok!(apply_extrinsic(txs[0].clone()).expect("valid transaction"));
		let twin = TwinStates::<Test>::get(battery(BATTERY)).unwrap().twin;
		let crate::Twin::Sealed(sealed) = twin else { panic!("sealed") };
		assert!(battery_seal::open(&sealed, &NEWCOMER_SECRET).is_ok());
		// The health of batch 1 stays sealed to its readers then; batch 2's opens for the newcomer.
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap();
		assert!(battery_seal::open(&health.health, &NEWCOMER_SECRET).is_ok());
		let first = crate::HealthHistory::<Test>::get(battery(BATTERY), 0).unwrap();
		assert_eq!(
			battery_seal::open(&first.health, &NEWCOMER_SECRET),
			Err(battery_seal::OpenError::NotARecipient)
		);
	});
}

mod node_secrets {
	//! The node's reader secrets in persistent local storage: the worker opens what is sealed to
	//! one of them and nothing else, and seals with the host's randomness.

	use super::*;
	use crate::reader_secrets::{
		add_reader_secret, node_random, open_with_node_secrets, reader_secrets, MAX_READER_SECRETS,
	};
	use battery_primitives::{consortium::DataCategory, telemetry::Reading};
	use battery_seal::{public_key, seal, Envelope, OpenError};
	use sp_runtime::traits::ConstU32;

	type Sealed = Envelope<ConstU32<4096>, ConstU32<8>>;

	fn sealed_for(readers: &[[u8; 32]], plaintext: &[u8]) -> Sealed {
		let mut counter = 0u8;
		let mut random = |buffer: &mut [u8]| {
			for byte in buffer.iter_mut() {
				counter = counter.wrapping_add(1);
				*byte = counter;
			}
		};
		seal(DataCategory::Usage, &battery(BATTERY), plaintext, readers, &mut random)
			.expect("seals")
	}

	#[test]
	fn the_worker_opens_what_is_sealed_to_a_node_secret_and_nothing_else() {
		let (mut ext, _pool) = offchain_ext();
		ext.execute_with(|| {
			// Start from a node without secrets.
			sp_io::offchain::local_storage_clear(
				sp_core::offchain::StorageKind::PERSISTENT,
				crate::reader_secrets::READER_SECRETS_KEY,
			);
			let (node, operator, stranger) = ([0x31u8; 32], [0x32u8; 32], [0x33u8; 32]);
			let readings = codec::Encode::encode(&vec![
				Reading {
					current_ma: 1_000,
					voltage_mv: 3_700,
					temp_decic: 250
				};
				20
			]);
			let to_node = sealed_for(&[public_key(&operator), public_key(&node)], &readings);
			// No secret yet: not a recipient.
			assert_eq!(open_with_node_secrets(&to_node), Err(OpenError::NotARecipient));
			add_reader_secret(stranger);
			add_reader_secret(node);
			add_reader_secret(node);
			assert_eq!(reader_secrets(), vec![stranger, node]);
			assert_eq!(open_with_node_secrets(&to_node), Ok(readings.clone()));
			// Sealed to others only: the node cannot open it.
			let elsewhere = sealed_for(&[public_key(&operator)], &readings);
			assert_eq!(open_with_node_secrets(&elsewhere), Err(OpenError::NotARecipient));
			// A tampered body is refused, not returned.
			let mut tampered = to_node.clone();
			if let battery_primitives::sealed::SealedBody::Inline { ciphertext, .. } =
				&mut tampered.body
			{
				ciphertext[40] ^= 1;
			}
			assert_eq!(open_with_node_secrets(&tampered), Err(OpenError::BadCiphertext));
		});
	}

	#[test]
	fn the_node_keeps_a_bounded_list_of_secrets() {
		let (mut ext, _pool) = offchain_ext();
		ext.execute_with(|| {
			// Start from a node without secrets.
			sp_io::offchain::local_storage_clear(
				sp_core::offchain::StorageKind::PERSISTENT,
				crate::reader_secrets::READER_SECRETS_KEY,
			);
			for n in 0..(MAX_READER_SECRETS as u8 + 3) {
				add_reader_secret([n; 32]);
			}
			let kept = reader_secrets();
			assert_eq!(kept.len(), MAX_READER_SECRETS);
			assert_eq!(kept.first(), Some(&[3u8; 32]), "the oldest are dropped");
		});
	}

	#[test]
	fn node_randomness_comes_from_the_host_seed_for_every_chunk() {
		// The test host's seed is fixed (the node's is fresh on every call): every 32-byte
		// chunk, the short last one included, is a seed drawn from the host.
		let mut ext = ExtBuilder::default().build();
		let (offchain, state) = TestOffchainExt::with_offchain_db(ext.offchain_db());
		ext.register_extension(OffchainWorkerExt::new(offchain));
		state.write().seed = [7; 32];
		ext.execute_with(|| {
			let mut buffer = [0u8; 70];
			node_random(&mut buffer);
			assert_eq!(buffer, [7u8; 70]);
		});
	}
}
