use super::*;
use crate::{
	BatchStatus, BatchVotes, Batches, Error, Event, HealthHistory, LatestHealth, PendingBatches,
	RetainedBatches, Telemetry as TelemetryMap, TwinStates, Vote,
};
use frame_support::{assert_noop, assert_ok, pallet_prelude::InvalidTransaction};
use sp_runtime::{traits::Dispatchable, DispatchError::BadOrigin};

/// The validity error of a pallet error.
fn custom(error: Error<Test>) -> TransactionValidityError {
	Telemetry::invalid(error)
}

/// Submit batch `sequence` of [`BATTERY`] and compute `key`'s result for it.
fn batch_and_result(sequence: u64, key: &crate::crypto::Public) -> ResultSubmissionOf<Test> {
	let hash = submit(sequence);
	compute(BATTERY, sequence, hash, &discharge(20), key)
}

#[test]
fn first_result_is_accepted_into_the_twin() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let submission = batch_and_result(1, &key);
		let hash = submission.batch_hash;
		System::set_block_number(2);
		assert_ok!(submit_result(submission.clone()).unwrap());

		let result = estimated_health(&submission);
		assert_eq!(result.samples, 20);
		assert!(result.soc_ppm > 0 && result.soc_ppm < 1_000_000);
		// (with k = 1 the result is also final: `ResultFinal` follows)
		System::assert_has_event(
			Event::HealthRecorded {
				battery: battery(BATTERY),
				batch_hash: hash,
				estimator: key.clone(),
				result_hash: result_hash(&submission),
			}
			.into(),
		);
		let crate::Verdict::Estimated { health: sealed_health, twin: sealed_twin } =
			submission.verdict.clone()
		else {
			panic!("estimated")
		};
		let twin = TwinStates::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(twin.twin, crate::Twin::Sealed(sealed_twin));
		let record = opened_twin(twin.twin.clone());
		assert_eq!((record.summary.batches, record.summary.samples), (1, 20));
		assert_eq!(twin.estimator_version, ESTIMATOR_VERSION);
		assert_eq!(twin.updated_at, 2);
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(health.batch_hash, hash);
		assert_eq!(health.sequence, 1);
		assert_eq!(health.estimator, key);
		assert_eq!(health.health, sealed_health);
		assert_eq!(opened_health(&health.health), result);
		assert_eq!(health.recorded_at, 2);
		assert_eq!(HealthHistory::<Test>::get(battery(BATTERY), 0), Some(health));
		assert!(PendingBatches::<Test>::get(battery(BATTERY)).is_none());
		assert_eq!(RetainedBatches::<Test>::get(battery(BATTERY)).unwrap().to_vec(), vec![hash]);
		assert!(matches!(
			Batches::<Test>::get(hash).unwrap().status,
			BatchStatus::Resulted { history_slot: 0, .. }
		));
		assert_eq!(
			BatchVotes::<Test>::get(hash).to_vec(),
			vec![Vote { estimator: key.clone(), agrees: true }]
		);
		assert_eq!(TelemetryMap::<Test>::get(battery(BATTERY)).unwrap().results, 1);

		// The next batch continues from the new twin.
		let next = batch_and_result(2, &key);
		assert_eq!(next.prior_twin, twin.twin.hash::<BlakeTwo256>());
		assert_ok!(submit_result(next).unwrap());
		assert_eq!(TelemetryMap::<Test>::get(battery(BATTERY)).unwrap().results, 2);
		assert_eq!(current_twin_record(BATTERY).summary.batches, 2);
	});
}

#[test]
fn result_transaction_goes_through_the_authorize_call_extension() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let submission = batch_and_result(1, &key);
		let signature = sign(&submission);
		let call = RuntimeCall::Telemetry(crate::Call::submit_result {
			submission: Box::new(submission.clone()),
			signature: signature.clone(),
		});
		let xt =
			Extrinsic::new_transaction(call.clone(), (frame_system::AuthorizeCall::<Test>::new(),));
		assert_ok!(apply_extrinsic(xt).expect("valid transaction"));
		assert!(LatestHealth::<Test>::get(battery(BATTERY)).is_some());

		// The same transaction again: the estimator already voted.
		let xt = Extrinsic::new_transaction(call, (frame_system::AuthorizeCall::<Test>::new(),));
		assert_eq!(apply_extrinsic(xt).unwrap_err(), custom(Error::<Test>::DuplicateResult));

		// Dispatched by a signed account instead of the authorization: bad origin.
		let call = RuntimeCall::Telemetry(crate::Call::submit_result {
			submission: Box::new(submission),
			signature,
		});
		assert_noop!(call.dispatch(RuntimeOrigin::signed(OPERATOR)), BadOrigin);
	});
}

#[test]
fn authorization_provides_one_tag_per_batch_and_estimator() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let submission = batch_and_result(1, &key);
		let (validity, refund) = Telemetry::authorize_result(
			TransactionSource::External,
			&submission,
			&sign(&submission),
		)
		.unwrap();
		assert_eq!(refund, frame_support::weights::Weight::zero());
		assert_eq!(
			validity.provides,
			vec![("TelemetryResult", (submission.batch_hash, key)).encode()]
		);
		assert_eq!(validity.longevity, 64);
		assert!(validity.propagate);
	});
}

#[test]
fn result_for_unknown_batch_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let mut submission = batch_and_result(1, &key);
		submission.batch_hash = H256::repeat_byte(7);
		assert_eq!(submit_result(submission.clone()), Err(custom(Error::<Test>::UnknownBatch)));
		assert_noop!(
			Telemetry::submit_result(
				frame_system::RawOrigin::Authorized.into(),
				Box::new(submission.clone()),
				sign(&submission)
			),
			Error::<Test>::UnknownBatch
		);
	});
}

#[test]
fn result_from_unregistered_key_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		let submission = batch_and_result(1, &key);
		assert_eq!(submit_result(submission.clone()), Err(custom(Error::<Test>::UnknownEstimator)));
		// Registered, then removed.
		register_any(&key);
		assert_ok!(Telemetry::remove_estimator(RuntimeOrigin::root(), key));
		assert_eq!(submit_result(submission), Err(custom(Error::<Test>::UnknownEstimator)));
	});
}

#[test]
fn result_with_a_bad_signature_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		let other = estimator_key("//Estimator2");
		register_any(&key);
		let submission = batch_and_result(1, &key);
		// Signed by another key.
		let mut forged = submission.clone();
		forged.estimator = other.clone();
		let signature = sign(&forged);
		assert_eq!(
			Telemetry::authorize_result(TransactionSource::External, &submission, &signature),
			Err(InvalidTransaction::BadProof.into())
		);
		// Signed, then altered.
		let signature = sign(&submission);
		let altered = resealed(&submission, |result, _| result.soc_ppm += 1);
		assert_eq!(
			Telemetry::authorize_result(TransactionSource::External, &altered, &signature),
			Err(InvalidTransaction::BadProof.into())
		);
	});
}

#[test]
fn operator_estimators_result_only_their_gateways_batches() {
	ExtBuilder::default().build_and_execute(|| {
		let own = estimator_key("//Operator");
		let foreign = estimator_key("//OtherOperator");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), own.clone()));
		assert_ok!(Telemetry::register_estimator(
			RuntimeOrigin::signed(OTHER_OPERATOR),
			foreign.clone()
		));
		let hash = submit(1);
		let by_foreign = compute(BATTERY, 1, hash, &discharge(20), &foreign);
		assert_eq!(submit_result(by_foreign), Err(custom(Error::<Test>::EstimatorNotAuthorized)));
		// The operator's key stops working while the operator is suspended.
		let by_own = compute(BATTERY, 1, hash, &discharge(20), &own);
		MockConsortium::suspend(OPERATOR);
		assert_eq!(
			submit_result(by_own.clone()),
			Err(custom(Error::<Test>::EstimatorNotAuthorized))
		);
		MockConsortium::resume(OPERATOR);
		assert_ok!(submit_result(by_own).unwrap());
	});
}

#[test]
fn duplicate_submission_by_the_same_estimator_is_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let submission = batch_and_result(1, &key);
		assert_ok!(submit_result(submission.clone()).unwrap());
		assert_eq!(submit_result(submission.clone()), Err(custom(Error::<Test>::DuplicateResult)));
		assert_noop!(
			Telemetry::submit_result(
				frame_system::RawOrigin::Authorized.into(),
				Box::new(submission.clone()),
				sign(&submission)
			),
			Error::<Test>::DuplicateResult
		);
	});
}

#[test]
fn same_result_from_another_estimator_is_an_attestation() {
	ExtBuilder::default().build_and_execute(|| {
		let first = estimator_key("//Estimator1");
		let second = estimator_key("//Estimator2");
		register_any(&first);
		register_any(&second);
		let submission = batch_and_result(1, &first);
		// The second estimator computes from the same state, before the first result lands.
		let attestation = compute(BATTERY, 1, submission.batch_hash, &discharge(20), &second);
		// Sealed with its own randomness, committed identically.
		assert_ne!(attestation.verdict, submission.verdict);
		assert_eq!(result_hash(&attestation), result_hash(&submission));
		assert_ok!(submit_result(submission.clone()).unwrap());
		assert_ok!(submit_result(attestation).unwrap());
		System::assert_last_event(
			Event::ResultAttested {
				battery: battery(BATTERY),
				batch_hash: submission.batch_hash,
				estimator: second.clone(),
			}
			.into(),
		);
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!((health.attestations, health.disputes), (1, 0));
		assert_eq!(HealthHistory::<Test>::get(battery(BATTERY), 0).unwrap().attestations, 1);
		assert_eq!(BatchVotes::<Test>::get(submission.batch_hash).len(), 2);
		assert_eq!(TelemetryMap::<Test>::get(battery(BATTERY)).unwrap().disputes, 0);
	});
}

#[test]
fn different_result_from_another_estimator_is_a_dispute() {
	ExtBuilder::default().build_and_execute(|| {
		let first = estimator_key("//Estimator1");
		let second = estimator_key("//Estimator2");
		register_any(&first);
		register_any(&second);
		let submission = batch_and_result(1, &first);
		let different = resealed(
			&compute(BATTERY, 1, submission.batch_hash, &discharge(20), &second),
			|result, _| result.soh_capacity_ppm -= 10_000,
		);
		assert_ok!(submit_result(submission.clone()).unwrap());
		assert_ok!(submit_result(different.clone()).unwrap());
		System::assert_has_event(
			Event::ResultDisputed {
				battery: battery(BATTERY),
				batch_hash: submission.batch_hash,
				estimator: second.clone(),
				accepted_result: result_hash(&submission),
				disputed_result: result_hash(&different),
			}
			.into(),
		);
		// The accepted result stands (and is shown as disputed, see `tests::disputes`).
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(opened_health(&health.health), estimated_health(&submission));
		assert_eq!((health.attestations, health.disputes), (0, 1));
		assert_eq!(TelemetryMap::<Test>::get(battery(BATTERY)).unwrap().disputes, 1);
		assert_eq!(
			BatchVotes::<Test>::get(submission.batch_hash).to_vec(),
			vec![
				Vote { estimator: first, agrees: true },
				Vote { estimator: second, agrees: false }
			]
		);
	});
}

#[test]
fn votes_per_batch_are_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		let keys: Vec<_> = (1..=4).map(|i| estimator_key(&format!("//Estimator{i}"))).collect();
		keys.iter().for_each(register_any);
		let hash = submit(1);
		let results: Vec<_> =
			keys.iter().map(|key| compute(BATTERY, 1, hash, &discharge(20), key)).collect();
		for submission in &results[..3] {
			assert_ok!(submit_result(submission.clone()).unwrap());
		}
		assert_eq!(submit_result(results[3].clone()), Err(custom(Error::<Test>::TooManyVotes)));
	});
}

#[test]
fn results_come_in_batch_order_from_the_current_state() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let first = submit(1);
		let second = submit(2);
		// The second batch before the first: not next in a block, and refused if dispatched.
		let early = compute(BATTERY, 2, second, &discharge(20), &key);
		let signature = sign(&early);
		assert_eq!(
			Telemetry::authorize_result(TransactionSource::InBlock, &early, &signature).map(|_| ()),
			Err(custom(Error::<Test>::NotNextBatch))
		);
		assert_noop!(
			Telemetry::submit_result(
				frame_system::RawOrigin::Authorized.into(),
				Box::new(early.clone()),
				signature.clone()
			),
			Error::<Test>::NotNextBatch
		);
		// In the pool it is the next link of a chain: valid once this estimator's result of
		// the first batch is, which provides what it requires.
		let (validity, _) =
			Telemetry::authorize_result(TransactionSource::External, &early, &signature).unwrap();
		let before = compute(BATTERY, 1, first, &discharge(20), &key);
		let (before_validity, _) =
			Telemetry::authorize_result(TransactionSource::External, &before, &sign(&before))
				.unwrap();
		assert!(before_validity.requires.is_empty());
		assert_eq!(validity.requires, before_validity.provides);
		assert_ok!(submit_result(before).unwrap());
		// Computed before the first result: from the wrong state.
		assert_eq!(submit_result(early), Err(custom(Error::<Test>::PriorStateMismatch)));
		assert_ok!(submit_result(compute(BATTERY, 2, second, &discharge(20), &key)).unwrap());
	});
}

#[test]
fn attestation_must_start_from_the_accepted_prior_state() {
	ExtBuilder::default().build_and_execute(|| {
		let first = estimator_key("//Estimator1");
		let second = estimator_key("//Estimator2");
		register_any(&first);
		register_any(&second);
		let submission = batch_and_result(1, &first);
		assert_ok!(submit_result(submission.clone()).unwrap());
		// Computed after the first result landed (from the new state): refused, not a dispute.
		let late = compute(BATTERY, 1, submission.batch_hash, &discharge(20), &second);
		assert_eq!(submit_result(late), Err(custom(Error::<Test>::PriorStateMismatch)));
	});
}

#[test]
fn version_and_sealed_results_must_match() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let submission = batch_and_result(1, &key);
		let mut old = submission.clone();
		old.estimator_version = ESTIMATOR_VERSION + 1;
		assert_eq!(submit_result(old), Err(custom(Error::<Test>::EstimatorVersionMismatch)));
		let crate::Verdict::Estimated { health, twin } = submission.verdict.clone() else {
			panic!("estimated")
		};
		let with = |health: crate::SealedHealth, twin: crate::SealedTwin| ResultSubmission {
			verdict: crate::Verdict::Estimated { health, twin },
			..submission.clone()
		};
		// A result sealed about another battery.
		let mut elsewhere = health.envelope.clone();
		elsewhere.battery = battery(OTHER_BATTERY);
		assert_eq!(
			submit_result(with(crate::SealedHealth::new(elsewhere), twin.clone())),
			Err(custom(Error::<Test>::EnvelopeMismatch))
		);
		// A twin kept off chain (the next worker could not find it).
		let mut detached = twin.envelope.clone();
		detached.body = battery_primitives::sealed::SealedBody::OffChain {
			nonce: [0; 24],
			reference: b"ipfs://twin".to_vec().try_into().unwrap(),
			ciphertext_hash: [0; 32],
		};
		assert_eq!(
			submit_result(with(health.clone(), crate::SealedTwin::new(detached))),
			Err(custom(Error::<Test>::MalformedEnvelope))
		);
		// A reader of the scope left out: the user assigned after the worker sealed.
		MockConsortium::set_reader_key(USER, [0x55; 32]);
		MockConsortium::assign(USER, BATTERY);
		assert_eq!(submit_result(submission), Err(custom(Error::<Test>::MissingRecipient)));
		// Sealed again for the scope now, it is accepted.
		let hash = batch_hash(BATTERY, 1, start_of(1), &discharge(20));
		assert_ok!(submit_result(compute(BATTERY, 1, hash, &discharge(20), &key)).unwrap());
	});
}

#[test]
fn anomalies_are_reported() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		// 70 °C for the whole batch: GB/T 32960 battery high temperature.
		let hot: Vec<Reading> =
			discharge(20).into_iter().map(|r| Reading { temp_decic: 700, ..r }).collect();
		assert_ok!(submit_as(GATEWAY, BATTERY, 1, hot.clone()));
		let hash = batch_hash(BATTERY, 1, start_of(1), &hot);
		let submission = compute(BATTERY, 1, hash, &hot, &key);
		assert_ok!(submit_result(submission.clone()).unwrap());
		// Anomalies are usage data: in the sealed result, not in any event.
		let result = opened_health(&LatestHealth::<Test>::get(battery(BATTERY)).unwrap().health);
		assert_ne!(result.anomaly_flags & battery_estimator::flags::TEMP_HIGH, 0);
		assert_eq!(result.anomaly_samples, 20);
		assert_eq!(result.first_anomaly_t_s as u64, start_of(1) / 1_000);
		assert_eq!(result, estimated_health(&submission));
		System::assert_has_event(
			Event::HealthRecorded {
				battery: battery(BATTERY),
				batch_hash: hash,
				estimator: key,
				result_hash: result_hash(&submission),
			}
			.into(),
		);
	});
}

#[test]
fn resulted_batches_and_history_are_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let mut hashes = vec![];
		for sequence in 1..=6 {
			let submission = batch_and_result(sequence, &key);
			hashes.push(submission.batch_hash);
			assert_ok!(submit_result(submission).unwrap());
		}
		// MaxRetainedBatches = 3: the first three batches are pruned.
		assert_eq!(
			RetainedBatches::<Test>::get(battery(BATTERY)).unwrap().to_vec(),
			hashes[3..].to_vec()
		);
		for pruned in &hashes[..3] {
			assert!(Batches::<Test>::get(pruned).is_none());
			assert!(BatchVotes::<Test>::get(pruned).is_empty());
		}
		// MaxHealthHistory = 4: results 0..=5 in slots n % 4; the newest in slot 1.
		assert_eq!(HealthHistory::<Test>::iter_prefix(battery(BATTERY)).count(), 4);
		assert_eq!(HealthHistory::<Test>::get(battery(BATTERY), 1).unwrap().sequence, 6);
		assert_eq!(HealthHistory::<Test>::get(battery(BATTERY), 2).unwrap().sequence, 3);
		// A late result for a pruned batch is for an unknown batch.
		let other = estimator_key("//Estimator2");
		register_any(&other);
		let mut late = compute(BATTERY, 1, hashes[0], &discharge(20), &other);
		late.batch_hash = hashes[0];
		assert_eq!(submit_result(late), Err(custom(Error::<Test>::UnknownBatch)));
	});
}

#[test]
fn pruning_clears_the_offchain_index_entry() {
	let mut ext = ExtBuilder::default().build();
	let first = ext.execute_with(|| {
		let key = estimator_key("//Estimator1");
		register_any(&key);
		let mut first = None;
		for sequence in 1..=4 {
			let submission = batch_and_result(sequence, &key);
			first.get_or_insert(submission.batch_hash);
			assert_ok!(submit_result(submission).unwrap());
		}
		first.unwrap()
	});
	ext.persist_offchain_overlay();
	assert!(ext.offchain_db().get(&crate::offchain_batch_key(first.as_ref())).is_none());
}
