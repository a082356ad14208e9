//! Unit tests, split by topic. Most tests run through [`ExtBuilder::build_and_execute`], which
//! checks the pallet's storage invariants after the test body.

use crate::{
	mock::*, BatteryId, DataCategory, Reading, ReadingsOf, ResultSubmission, ResultSubmissionOf,
	SealedReadingsOf, SignatureOf, ESTIMATOR_VERSION,
};
use battery_primitives::consortium::ConsortiumInspect;
use codec::Encode;
use frame_support::{
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo},
	pallet_prelude::TransactionSource,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Applyable, BlakeTwo256, Checkable, Hash},
	transaction_validity::TransactionValidityError,
	DispatchResult, RuntimeAppPublic,
};

mod attestation;
mod catch_up;
mod compact;
mod disputes;
mod estimators;
mod grants;
mod hardening;
mod metadata;
mod migrations;
mod offchain;
mod queries;
mod results;
mod seeding;
mod submission;
mod twin;

/// Sample period of the test batches, ms.
pub const PERIOD: u32 = 1_000;

/// Start time of test batch `sequence`: batches are 100 s apart, the last one an hour before
/// [`NOW_MS`].
pub fn start_of(sequence: u64) -> u64 {
	NOW_MS - 3_600_000 + sequence * 100_000
}

/// `n` readings of a 1C discharge (5 A, with realistic sensor jitter) from 3.8 V down, from
/// 25 °C up, after a 5-sample rest at 3.9 V.
pub fn discharge(n: usize) -> Vec<Reading> {
	(0..n)
		.map(|k| {
			if k < 5 {
				Reading { current_ma: 0, voltage_mv: 3_900, temp_decic: 250 }
			} else {
				Reading {
					current_ma: 4_999 + (k % 3) as i32,
					voltage_mv: 3_800 - (k as i32 - 5) * 2,
					temp_decic: 250 + (k as i16 - 5),
				}
			}
		})
		.collect()
}

/// Bounded readings.
pub fn bounded(readings: Vec<Reading>) -> ReadingsOf<Test> {
	readings.try_into().expect("test batches are within MaxSamples")
}

/// `readings` sealed as a gateway does: for the keys the consortium names for the battery's
/// Usage scope, with fixed randomness (the same readings seal to the same envelope).
pub fn sealed(battery: &[u8], readings: &[Reading]) -> SealedReadingsOf<Test> {
	sealed_for(&self::battery(battery), readings)
}

/// [`sealed`] for a battery id.
pub fn sealed_for(id: &BatteryId, readings: &[Reading]) -> SealedReadingsOf<Test> {
	sealed_bytes_for(id, &readings.to_vec().encode())
}

/// `bytes` (a batch's samples in any encoding) sealed as [`sealed_for`] seals readings: the same
/// keys and randomness, so the salt is the one the SCALE form of the same batch gets.
pub fn sealed_bytes_for(id: &BatteryId, bytes: &[u8]) -> SealedReadingsOf<Test> {
	let keys = MockConsortium::sealing_keys(id, DataCategory::Usage, None).unwrap_or_default();
	let mut random = battery_test_fixtures::byte_stream(0u8);
	battery_seal::seal(DataCategory::Usage, id, bytes, &keys, &mut random)
		.expect("test batches seal")
}

/// The hash of a batch: of its public fields and the commitment of its sealed samples.
pub fn batch_hash(battery: &[u8], sequence: u64, start_ms: u64, readings: &[Reading]) -> H256 {
	let commitment = sealed(battery, readings).commitment;
	let samples = readings.len() as u32;
	let scale = battery_primitives::telemetry::SampleEncoding::Scale;
	identity_hash(battery, sequence, start_ms, samples, &commitment, scale)
}

/// The batch hash of `battery`'s batch `sequence` from `start_ms` ([`PERIOD`] apart) of `samples`
/// sealed with `commitment` in `encoding`.
pub fn identity_hash(
	battery: &[u8],
	sequence: u64,
	start_ms: u64,
	samples: u32,
	commitment: &[u8; 32],
	encoding: battery_primitives::telemetry::SampleEncoding,
) -> H256 {
	BlakeTwo256::hash(&battery_primitives::telemetry::batch_identity(
		&self::battery(battery),
		sequence,
		start_ms,
		PERIOD,
		samples,
		commitment,
		encoding,
	))
}

/// `submit_batch` with `readings` sealed as the gateway would ([`sealed_for`]).
pub fn submit_readings(
	origin: RuntimeOrigin,
	battery: BatteryId,
	sequence: u64,
	start_ms: u64,
	period_ms: u32,
	readings: ReadingsOf<Test>,
) -> DispatchResult {
	let sealed = sealed_for(&battery, &readings);
	let samples = readings.len() as u32;
	Telemetry::submit_batch(origin, battery, sequence, start_ms, period_ms, samples, sealed)
}

/// Submit batch `sequence` of `readings` for `battery` signed by `device`.
pub fn submit_as(
	device: AccountId,
	battery: &[u8],
	sequence: u64,
	readings: Vec<Reading>,
) -> DispatchResult {
	Telemetry::submit_batch(
		RuntimeOrigin::signed(device),
		self::battery(battery),
		sequence,
		start_of(sequence),
		PERIOD,
		readings.len() as u32,
		sealed(battery, &readings),
	)
}

/// Submit batch `sequence` (a 20-sample discharge) of [`BATTERY`] by [`GATEWAY`]; its hash.
pub fn submit(sequence: u64) -> H256 {
	let readings = discharge(20);
	submit_as(GATEWAY, BATTERY, sequence, readings.clone()).expect("batch accepted");
	batch_hash(BATTERY, sequence, start_of(sequence), &readings)
}

/// A new estimator key in the keystore, from a seed phrase such as `//Estimator1`.
pub fn estimator_key(seed: &str) -> crate::crypto::Public {
	crate::crypto::Public::generate_pair(Some(seed.as_bytes().to_vec()))
}

/// Register `key` for every battery (Root).
pub fn register_any(key: &crate::crypto::Public) {
	frame_support::assert_ok!(Telemetry::register_estimator(RuntimeOrigin::root(), key.clone()));
}

/// The reader secrets the tests know: the operators' (their estimator nodes hold them).
const KNOWN_SECRETS: [battery_seal::ReaderSecretKey; 2] = [OPERATOR_SECRET, OTHER_OPERATOR_SECRET];

/// Open `envelope` with a known reader secret that it is sealed to: its salt and plaintext.
pub fn open_known<C: frame_support::traits::Get<u32>, R: frame_support::traits::Get<u32>>(
	envelope: &battery_primitives::sealed::Envelope<C, R>,
) -> ([u8; 32], Vec<u8>) {
	KNOWN_SECRETS
		.iter()
		.find_map(|secret| battery_seal::open_salted(envelope, secret).ok())
		.expect("sealed to an operator whose secret the tests know")
}

/// The health result in a sealed health record.
pub fn opened_health(health: &crate::SealedHealth) -> battery_estimator::BatchResult {
	let (_, plaintext) = open_known(health);
	codec::Decode::decode(&mut &plaintext[..]).expect("a sealed BatchResult")
}

/// The twin record in a stored twin (opened if sealed).
pub fn opened_twin(twin: crate::Twin) -> crate::TwinRecord {
	match twin {
		crate::Twin::Open(record) => record,
		crate::Twin::Sealed(sealed) => {
			let (_, plaintext) = open_known(&sealed);
			codec::Decode::decode(&mut &plaintext[..]).expect("a sealed TwinRecord")
		},
	}
}

/// The twin `battery` continues from now, opened.
pub fn current_twin_record(battery: &[u8]) -> crate::TwinRecord {
	opened_twin(Telemetry::current_twin(&self::battery(battery)).0)
}

/// The result `key` computes for the pending batch `hash` of `battery` whose samples are
/// `readings` (batch `sequence`), from the twin's current state: what the worker does, with
/// randomness from `key` (so two keys seal differently).
pub fn compute(
	battery: &[u8],
	sequence: u64,
	hash: H256,
	readings: &[Reading],
	key: &crate::crypto::Public,
) -> ResultSubmissionOf<Test> {
	let id: BatteryId = self::battery(battery);
	let (salt, _) = open_known(&sealed(battery, readings));
	let (twin, prior_twin) = Telemetry::current_twin(&id);
	let opened = crate::offchain::OpenedBatch {
		start_ms: start_of(sequence),
		period_ms: PERIOD,
		readings,
		salt: &salt,
		usage_regime: crate::BatchRegimes::<Test>::get(hash),
	};
	let mut random = battery_test_fixtures::byte_stream(key.to_raw_vec()[0]);
	let verdict = Telemetry::verdict(&id, &opened, opened_twin(twin), &mut random)
		.expect("a characterised battery with a Usage scope");
	ResultSubmission {
		estimator: key.clone(),
		batch_hash: hash,
		prior_twin,
		estimator_version: ESTIMATOR_VERSION,
		verdict,
	}
}

/// What `verdict` concluded about the health, opened (panics on a rejection).
pub fn estimated_health(submission: &ResultSubmissionOf<Test>) -> battery_estimator::BatchResult {
	match &submission.verdict {
		crate::Verdict::Estimated { health, .. } => opened_health(health),
		crate::Verdict::Rejected(out) => panic!("rejected: {out:?}"),
		crate::Verdict::Undecodable(error) => panic!("undecodable: {error:?}"),
	}
}

/// `submission` signed by its estimator key.
pub fn sign(submission: &ResultSubmissionOf<Test>) -> SignatureOf<Test> {
	submission.estimator.sign(&submission.signing_payload()).expect("key in the keystore")
}

/// Authorize `submission` as the `AuthorizeCall` extension does, then dispatch it with the
/// `Authorized` origin (what a result transaction does in a block).
pub fn submit_result(
	submission: ResultSubmissionOf<Test>,
) -> Result<DispatchResult, TransactionValidityError> {
	let signature = sign(&submission);
	Telemetry::authorize_result(TransactionSource::External, &submission, &signature)?;
	Ok(Telemetry::submit_result(
		frame_system::RawOrigin::Authorized.into(),
		Box::new(submission),
		signature,
	))
}

/// Check, validate and apply a transaction as the executive does.
pub fn apply_extrinsic(
	xt: Extrinsic,
) -> Result<DispatchResultWithPostInfo, TransactionValidityError> {
	let info = xt.get_dispatch_info();
	let len = xt.encoded_size();
	let checked = Checkable::check(xt, &frame_system::ChainContext::<Test>::default())?;
	checked.validate::<Test>(TransactionSource::External, &info, len)?;
	checked.apply::<Test>(&info, len)
}

/// `submission` with its opened health and twin changed by `change` and sealed again for the
/// same readers with the same salts: what a faulty (or lying) estimator would submit.
pub fn resealed(
	submission: &ResultSubmissionOf<Test>,
	change: impl FnOnce(&mut battery_estimator::BatchResult, &mut crate::TwinRecord),
) -> ResultSubmissionOf<Test> {
	let crate::Verdict::Estimated { health, twin } = &submission.verdict else {
		panic!("a rejection has nothing sealed")
	};
	let (health_salt, health_plain) = open_known(health);
	let (twin_salt, twin_plain) = open_known(twin);
	let mut result: battery_estimator::BatchResult =
		codec::Decode::decode(&mut &health_plain[..]).expect("a BatchResult");
	let mut record: crate::TwinRecord =
		codec::Decode::decode(&mut &twin_plain[..]).expect("a TwinRecord");
	change(&mut result, &mut record);
	let keys: Vec<_> = health.reader_keys().copied().collect();
	let id = health.battery.clone();
	let mut random = battery_test_fixtures::byte_stream(3u8);
	let health = crate::SealedHealth::new(
		battery_seal::seal_salted(
			DataCategory::Usage,
			&id,
			&result.encode(),
			&keys,
			&health_salt,
			&mut random,
		)
		.expect("sealable"),
	);
	let twin = crate::SealedTwin::new(
		battery_seal::seal_salted(
			DataCategory::Usage,
			&id,
			&record.encode(),
			&keys,
			&twin_salt,
			&mut random,
		)
		.expect("sealable"),
	);
	ResultSubmission { verdict: crate::Verdict::Estimated { health, twin }, ..submission.clone() }
}

/// The result hash of `submission`.
pub fn result_hash(submission: &ResultSubmissionOf<Test>) -> H256 {
	submission.verdict.result_hash::<BlakeTwo256>()
}
