//! Compact batches (`submit_compact_batch`): the ciphertext's length bounds, the batch identity,
//! and the worker, which decodes them to the result the same samples get in SCALE and closes a
//! batch whose samples do not decode.

use super::{
	offchain::{offchain_ext, pool, run_worker, submission_of},
	*,
};
use crate::{Error, Event, LatestHealth, PendingBatches, TwinStates, Verdict};
use battery_primitives::telemetry::{
	compact, encoded_readings_len, OutOfRange, Quantity, SampleDecodeError, SampleEncoding,
};
use frame_support::{assert_noop, assert_ok};

/// `bytes` sealed for [`BATTERY`] as a gateway seals them ([`sealed_bytes_for`]).
fn sealed_bytes(bytes: &[u8]) -> SealedReadingsOf<Test> {
	sealed_bytes_for(&battery(BATTERY), bytes)
}

/// `submit_compact_batch` of batch `sequence` of [`BATTERY`] by [`GATEWAY`]: `samples`
/// declared, `bytes` sealed.
fn submit_compact(sequence: u64, samples: u32, bytes: &[u8]) -> DispatchResult {
	Telemetry::submit_compact_batch(
		RuntimeOrigin::signed(GATEWAY),
		battery(BATTERY),
		sequence,
		start_of(sequence),
		PERIOD,
		samples,
		sealed_bytes(bytes),
	)
}

/// The hash of batch `sequence` of [`BATTERY`] with `samples` sealed as `bytes` in `encoding`.
fn hash_of(sequence: u64, samples: u32, bytes: &[u8], encoding: SampleEncoding) -> H256 {
	let commitment = sealed_bytes(bytes).commitment;
	identity_hash(BATTERY, sequence, start_of(sequence), samples, &commitment, encoding)
}

/// Off-chain externalities in which batch 1 of [`BATTERY`], 20 samples sealed as `bytes`, was
/// submitted compact and indexed, with a registered estimator key: the pool and the key.
fn submitted_for_the_worker(
	bytes: &[u8],
) -> (sp_io::TestExternalities, super::offchain::Pool, crate::crypto::Public) {
	let (mut ext, pool_state) = offchain_ext();
	let key = ext.execute_with(|| {
		let key = estimator_key("//Alice");
		register_any(&key);
		assert_ok!(submit_compact(1, 20, bytes));
		key
	});
	ext.persist_offchain_overlay();
	(ext, pool_state, key)
}

#[test]
fn a_compact_batch_is_accepted_and_identified_with_its_encoding() {
	ExtBuilder::default().build_and_execute(|| {
		let readings = discharge(64);
		let bytes = compact::encode(&readings);
		// The test discharge is smooth: well under half the SCALE size.
		assert!(bytes.len() * 2 < encoded_readings_len(64), "{} bytes", bytes.len());
		assert_ok!(submit_compact(1, 64, &bytes));
		let hash = hash_of(1, 64, &bytes, SampleEncoding::Compact);
		assert_ne!(hash, hash_of(1, 64, &bytes, SampleEncoding::Scale));
		let last = crate::Telemetry::<Test>::get(battery(BATTERY)).expect("stored").last_batch;
		assert_eq!((last.hash, last.samples), (hash, 64));
		assert_eq!(PendingBatches::<Test>::get(battery(BATTERY)).unwrap().to_vec(), vec![hash]);
	});
}

#[test]
fn the_ciphertext_lies_between_the_width_fields_and_the_scale_length() {
	ExtBuilder::default().build_and_execute(|| {
		// No longer than the SCALE form of the declared count...
		let too_long = vec![compact::COMPACT_FORMAT_VERSION; encoded_readings_len(20) + 1];
		assert_noop!(submit_compact(1, 20, &too_long), Error::<Test>::SealedLengthMismatch);
		// ...and no shorter than the width fields of its blocks (20 samples: two blocks, six
		// 6-bit fields after the version byte).
		assert_eq!(compact::min_len(20), 6);
		let too_short = vec![compact::COMPACT_FORMAT_VERSION; 5];
		assert_noop!(submit_compact(1, 20, &too_short), Error::<Test>::SealedLengthMismatch);
		assert_noop!(submit_compact(1, 0, &[1]), Error::<Test>::EmptyBatch);
		assert_noop!(submit_compact(1, 65, &too_long), Error::<Test>::TooManySamples);
		// Both ends are accepted (whether they decode is the worker's finding).
		assert_ok!(submit_compact(1, 20, &vec![1; compact::min_len(20)]));
		assert_ok!(submit_compact(2, 20, &vec![1; encoded_readings_len(20)]));
		// The same checks as a SCALE batch: a replayed batch is refused.
		assert_noop!(
			submit_compact(2, 20, &vec![1; encoded_readings_len(20)]),
			Error::<Test>::BatchAlreadySubmitted
		);
	});
}

#[test]
fn the_worker_gets_the_result_of_the_same_samples_in_scale() {
	let readings = discharge(20);
	let bytes = compact::encode(&readings);
	let (mut ext, pool_state, key) = submitted_for_the_worker(&bytes);
	ext.execute_with(|| {
		let hash = hash_of(1, 20, &bytes, SampleEncoding::Compact);
		// What the worker computes for these samples, as if they came in SCALE.
		let expected = compute(BATTERY, 1, hash, &readings, &key);
		run_worker(1);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 1);
		let submitted = submission_of(&txs[0]);
		assert_eq!(submitted.batch_hash, hash);
		// Same samples, same salt: the same health and the same commitments.
		assert_eq!(estimated_health(&submitted), estimated_health(&expected));
		assert_eq!(result_hash(&submitted), result_hash(&expected));
		assert_ok!(apply_extrinsic(txs[0].clone()).expect("valid transaction"));
		assert_eq!(LatestHealth::<Test>::get(battery(BATTERY)).unwrap().batch_hash, hash);
		assert!(PendingBatches::<Test>::get(battery(BATTERY)).is_none());
	});
}

#[test]
fn samples_that_do_not_decode_close_the_batch_with_a_typed_event() {
	let mut bytes = compact::encode(&discharge(20));
	bytes[0] = 2;
	let (mut ext, pool_state, key) = submitted_for_the_worker(&bytes);
	ext.execute_with(|| {
		let hash = hash_of(1, 20, &bytes, SampleEncoding::Compact);
		let twin_before = TwinStates::<Test>::get(battery(BATTERY));
		run_worker(1);
		let txs = pool(&pool_state);
		assert_eq!(txs.len(), 1);
		let submission = submission_of(&txs[0]);
		assert_eq!(submission.verdict, Verdict::Undecodable(SampleDecodeError::UnknownVersion));
		assert_ok!(apply_extrinsic(txs[0].clone()).expect("valid transaction"));
		System::assert_last_event(
			Event::BatchUndecodable {
				battery: battery(BATTERY),
				batch_hash: hash,
				estimator: key,
				error: SampleDecodeError::UnknownVersion,
			}
			.into(),
		);
		// Closed without a result: nothing moved, the batch is gone, the next one may come.
		assert!(crate::Batches::<Test>::get(hash).is_none());
		assert!(PendingBatches::<Test>::get(battery(BATTERY)).is_none());
		assert_eq!(TwinStates::<Test>::get(battery(BATTERY)), twin_before);
		assert!(LatestHealth::<Test>::get(battery(BATTERY)).is_none());
		assert_ok!(submit_compact(2, 20, &compact::encode(&discharge(20))));
	});
}

#[test]
fn an_undecodable_verdict_never_hashes_like_another() {
	let out = OutOfRange { index: 0, quantity: Quantity::Current };
	let hashes = [
		Verdict::Rejected(out).result_hash::<BlakeTwo256>(),
		Verdict::Undecodable(SampleDecodeError::BadScale).result_hash::<BlakeTwo256>(),
		Verdict::Undecodable(SampleDecodeError::Truncated).result_hash::<BlakeTwo256>(),
	];
	assert_ne!(hashes[0], hashes[1]);
	assert_ne!(hashes[1], hashes[2]);
	// The existing verdicts keep the hash they had: `(health, twin, rejection)`.
	assert_eq!(hashes[0], BlakeTwo256::hash_of(&([0u8; 32], [0u8; 32], Some(out))));
}

#[test]
fn the_compact_call_checks_the_device_as_submit_batch_does() {
	ExtBuilder::default().build_and_execute(|| {
		let bytes = compact::encode(&discharge(5));
		let call = |device: AccountId| {
			Telemetry::submit_compact_batch(
				RuntimeOrigin::signed(device),
				battery(BATTERY),
				1,
				start_of(1),
				PERIOD,
				5,
				sealed_bytes(&bytes),
			)
		};
		assert_noop!(call(STRANGER), Error::<Test>::NotActiveDevice);
		assert_noop!(call(SENSOR), Error::<Test>::NotBmsGateway);
		// The operator's gateway of another battery, and another operator's gateway.
		assert_noop!(call(OTHER_GATEWAY), Error::<Test>::DeviceNotBoundToBattery);
		assert_noop!(call(FOREIGN_GATEWAY), Error::<Test>::DeviceNotBoundToBattery);
		assert_ok!(call(GATEWAY));
	});
}
