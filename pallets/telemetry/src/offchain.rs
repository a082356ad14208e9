//! The off-chain worker: estimate pending batches and submit the results.
//!
//! On every imported block (the `offchain_worker` hook), if the node's keystore holds an
//! estimator key (type [`ESTIMATOR_KEY_TYPE`](crate::ESTIMATOR_KEY_TYPE)) that is registered on
//! chain:
//!
//! 1. walk [`PendingBatches`] from where the previous run stopped (a cursor in local storage,
//!    so every battery gets its turn), visiting at most `4 × MaxOcwBatchesPerRun` batteries and
//!    estimating at most [`Config::MaxOcwBatchesPerRun`] batches, and taking no further batch
//!    once the run has taken [`Config::OcwTimeBudgetMs`];
//! 2. for each battery take its oldest pending batch and a local key whose scope covers it;
//! 3. claim the batch in persistent local storage (key [`SUBMITTED_PREFIX`] ++ battery id,
//!    value `(batch hash, block, submissions)`, see [`Pallet::claim`]): after its n-th
//!    submission a batch is skipped for `min(2^n, OcwRetryBlocks)` blocks. The claim is a
//!    compare-and-set, so concurrent workers (one per block) cannot both take it, and it
//!    survives restarts. A batch still pending after its back-off is submitted again (the pool
//!    may have dropped the transaction, or a restart emptied it), which is harmless: the pool
//!    keeps one transaction per `(batch, estimator)` tag and the chain refuses a second result
//!    of the same estimator;
//! 4. read the sealed batch from the off-chain database (the off-chain index entry written by
//!    `submit_batch`), check its identity against the batch hash, open it and the battery's
//!    sealed twin with the node's reader secrets ([`crate::reader_secrets`]), check every
//!    reading's physical range (the first one out makes the submission a rejection),
//!    accumulate the running summary, run `battery_estimator::process_batch` from the twin's
//!    state, seal the result and the new twin for the battery's Usage scope (randomness from
//!    the node, salts derived from the batch's), sign the [`ResultSubmission`] with the key and
//!    submit
//!    [`Call::submit_result`] as an authorized transaction
//!    (`CreateAuthorizedTransaction::create_authorized_transaction`).
//!
//! Every failure is logged (target [`LOG_TARGET`]) and the batch is skipped until its claim's
//! back-off ends; nothing panics. The worker runs in its own thread of the node and
//! never delays block import; its work per run is bounded as above.

use crate::{
	reader_secrets::{node_random, open_salted_with_node_secrets, open_with_node_secrets},
	submission::{accumulate, Limits},
	BatchRecordOf, BatchStatus, Batches, Call, Characterisations, Config, HashOf, IndexedBatchOf,
	Pallet, PendingBatches, ResultSubmission, ResultSubmissionOf, Twin, TwinRecord, Verdict,
	ESTIMATOR_VERSION, LOG_TARGET,
};
use alloc::{boxed::Box, vec::Vec};
pub use battery_estimator::sample_time_s;
use battery_estimator::{process_batch, ConfigError, Sample};
use battery_primitives::{
	consortium::{BatteryId, ConsortiumInspect, DataCategory},
	sealed::Sealed,
	telemetry::{offchain_batch_key, Reading, SampleEncoding, HEALTH_SALT_LABEL, TWIN_SALT_LABEL},
};
use battery_seal::{derive_salt, seal_salted, OpenError, SealError, SALT_LEN};
use codec::{Decode, Encode};
use frame_support::traits::Get;
use frame_system::{
	offchain::{CreateAuthorizedTransaction, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::{
	offchain::{
		storage::{MutateStorageError, StorageRetrievalError, StorageValueRef},
		StorageKind,
	},
	traits::{Hash, Saturating},
	RuntimeAppPublic,
};

/// Persistent local-storage prefix of the per-battery submission claims.
pub const SUBMITTED_PREFIX: &[u8] = b"battery-chain/telemetry/ocw/submitted/";

/// Persistent local-storage key of the scan cursor (the raw storage key of the last battery
/// visited in [`PendingBatches`]).
pub const CURSOR_KEY: &[u8] = b"battery-chain/telemetry/ocw/cursor";

/// A submission claim: the batch, the block at which this node last submitted its result and
/// how many times it has submitted it.
pub type Claim<T> = (HashOf<T>, BlockNumberFor<T>, u32);

/// Why the worker could not produce a result for a batch.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum OcwError {
	/// The batch's samples are not in the off-chain database (is off-chain indexing enabled?).
	SamplesNotIndexed,
	/// The off-chain index entry does not hash to the batch hash or does not decode, or its
	/// opened samples are not the declared readings.
	CorruptIndexEntry,
	/// The node cannot open the sealed samples (it holds no reader secret of the battery's
	/// Usage scope, or the envelope is tampered).
	Open(OpenError),
	/// The node cannot open the battery's sealed twin (e.g. its operator entered the scope
	/// after the twin was sealed: an estimator that can, such as the Authority's, results the
	/// next batch and seals the twin for the new scope).
	OpenTwin(OpenError),
	/// The opened twin does not decode.
	CorruptTwin,
	/// The battery has no Usage scope to seal for (it is no longer registered).
	NoScope,
	/// The results could not be sealed (no reader key in scope, or a bound).
	Seal(SealError),
	/// The battery's twin has no characterisation.
	NoCharacterisation,
	/// The estimator refused the characterisation.
	Config(ConfigError),
	/// The keystore could not sign with the estimator key.
	SigningFailed,
	/// The transaction pool refused the transaction.
	SubmissionFailed,
}

/// What the worker did with one battery.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Processed {
	/// A result was submitted.
	Submitted,
	/// Nothing to do (no covering key, batch not pending, or already claimed).
	Skipped,
}

impl<T: Config> Pallet<T> {
	/// The off-chain worker entry point (see the module docs).
	pub fn run_offchain_worker(now: BlockNumberFor<T>) {
		let keys: Vec<T::EstimatorId> = T::EstimatorId::all()
			.into_iter()
			.filter(|key| crate::Estimators::<T>::contains_key(key))
			.collect();
		if keys.is_empty() {
			log::trace!(target: LOG_TARGET, "no registered estimator key in the keystore");
			return;
		}
		let budget = T::MaxOcwBatchesPerRun::get();
		let scan_limit = budget.saturating_mul(4);
		let cursor_ref = StorageValueRef::persistent(CURSOR_KEY);
		let cursor: Option<Vec<u8>> = cursor_ref.get().ok().flatten();
		// Where the next run starts: the last battery visited, unchanged if none is.
		let mut last_key: Option<Vec<u8>> = cursor.clone();
		let mut iter = match cursor {
			Some(raw) => PendingBatches::<T>::iter_from(raw),
			None => PendingBatches::<T>::iter(),
		};
		let deadline = sp_io::offchain::timestamp()
			.add(sp_runtime::offchain::Duration::from_millis(T::OcwTimeBudgetMs::get()));
		let (mut visited, mut estimated) = (0u32, 0u32);
		while visited < scan_limit && estimated < budget {
			// Out of time: the next run goes on from the last battery visited.
			if sp_io::offchain::timestamp() >= deadline {
				log::debug!(
					target: LOG_TARGET,
					"time budget spent after {estimated} batches; the next run goes on"
				);
				break;
			}
			let Some((battery, pending)) = iter.next() else {
				// End of the map: the next run starts from the beginning.
				last_key = None;
				break;
			};
			visited = visited.saturating_add(1);
			last_key = Some(PendingBatches::<T>::hashed_key_for(&battery));
			let Some(batch_hash) = pending.first().copied() else { continue };
			match Self::process_pending(now, &battery, batch_hash, &keys) {
				Ok(Processed::Submitted) => {
					estimated = estimated.saturating_add(1);
					log::debug!(
						target: LOG_TARGET,
						"submitted the health result of batch {batch_hash:?}"
					);
				},
				Ok(Processed::Skipped) => {},
				Err(error) => {
					estimated = estimated.saturating_add(1);
					log::warn!(
						target: LOG_TARGET,
						"cannot estimate batch {batch_hash:?}: {error:?}; retrying after the claim's \
						 back-off (at most {} blocks)",
						T::OcwRetryBlocks::get()
					);
				},
			}
		}
		match last_key {
			Some(raw) => cursor_ref.set(&raw),
			None => {
				let mut cursor_ref = cursor_ref;
				cursor_ref.clear();
			},
		}
	}

	/// Estimate and submit `battery`'s oldest pending batch `batch_hash` with the first local
	/// key whose scope covers it, unless it is claimed.
	pub fn process_pending(
		now: BlockNumberFor<T>,
		battery: &BatteryId,
		batch_hash: HashOf<T>,
		keys: &[T::EstimatorId],
	) -> Result<Processed, OcwError> {
		let Some(record) = Batches::<T>::get(batch_hash) else { return Ok(Processed::Skipped) };
		if !matches!(record.status, BatchStatus::Pending) {
			return Ok(Processed::Skipped);
		}
		let Some(key) = keys.iter().find(|key| Self::may_result(key, &record)) else {
			return Ok(Processed::Skipped);
		};
		if !Self::claim(now, battery, batch_hash) {
			return Ok(Processed::Skipped);
		}
		let submission = Self::estimate(battery, batch_hash, &record, key)?;
		let signature = key.sign(&submission.signing_payload()).ok_or(OcwError::SigningFailed)?;
		let call = Call::<T>::submit_result { submission: Box::new(submission), signature };
		let xt =
			<T as CreateAuthorizedTransaction<Call<T>>>::create_authorized_transaction(call.into());
		SubmitTransaction::<T, Call<T>>::submit_transaction(xt)
			.map_err(|()| OcwError::SubmissionFailed)?;
		Ok(Processed::Submitted)
	}

	/// Claim `batch_hash` of `battery` for submission at block `now`: `false` while an earlier
	/// submission of this node is still waiting out its back-off (or another worker holds the
	/// claim right now). After submission number `n` the next one waits `min(2^n,
	/// OcwRetryBlocks)` blocks: a result the pool dropped silently (the fork-aware pool drops a
	/// local transaction its current views refuse, e.g. before its view of the block that
	/// carried the batch exists) is submitted again two blocks later, and a lasting failure is
	/// retried less and less often.
	pub fn claim(now: BlockNumberFor<T>, battery: &BatteryId, batch_hash: HashOf<T>) -> bool {
		let key = Self::claim_key(battery);
		let claim = StorageValueRef::persistent(&key);
		let retry = T::OcwRetryBlocks::get();
		let result =
			claim.mutate(
				|previous: Result<Option<Claim<T>>, StorageRetrievalError>| match previous {
					Ok(Some((hash, at, attempts))) if hash == batch_hash => {
						let wait: BlockNumberFor<T> =
							2u32.saturating_pow(attempts.min(31)).min(retry).max(1).into();
						if at <= now && now < at.saturating_add(wait) {
							Err(())
						} else {
							Ok((batch_hash, now, attempts.saturating_add(1)))
						}
					},
					_ => Ok((batch_hash, now, 1)),
				},
			);
		match result {
			Ok(_) => true,
			Err(MutateStorageError::ValueFunctionFailed(())) => false,
			Err(MutateStorageError::ConcurrentModification(_)) => false,
		}
	}

	/// The local-storage key of `battery`'s submission claim.
	pub fn claim_key(battery: &BatteryId) -> Vec<u8> {
		let mut key = SUBMITTED_PREFIX.to_vec();
		battery.as_slice().encode_to(&mut key);
		key
	}

	/// Open the indexed sealed batch `batch_hash` and the battery's twin with the node's reader
	/// secrets and judge the batch ([`Self::verdict`]), sealing with the node's randomness.
	pub fn estimate(
		battery: &BatteryId,
		batch_hash: HashOf<T>,
		record: &BatchRecordOf<T>,
		key: &T::EstimatorId,
	) -> Result<ResultSubmissionOf<T>, OcwError> {
		let raw = sp_io::offchain::local_storage_get(
			StorageKind::PERSISTENT,
			&offchain_batch_key(batch_hash.as_ref()),
		)
		.ok_or(OcwError::SamplesNotIndexed)?;
		let batch =
			IndexedBatchOf::<T>::decode(&mut &raw[..]).map_err(|_| OcwError::CorruptIndexEntry)?;
		if T::Hashing::hash(&batch.identity()) != batch_hash
			|| batch.samples != record.commitment.samples
		{
			return Err(OcwError::CorruptIndexEntry);
		}
		let (batch_salt, plaintext) =
			open_salted_with_node_secrets(&batch.readings).map_err(OcwError::Open)?;
		let (twin, prior_twin) = Self::current_twin(battery);
		let verdict = match batch.encoding.decode_readings(&plaintext, batch.samples) {
			Ok(readings) => {
				let twin = match twin {
					Twin::Open(twin) => twin,
					Twin::Sealed(sealed) => {
						let plaintext =
							open_with_node_secrets(&sealed).map_err(OcwError::OpenTwin)?;
						TwinRecord::decode(&mut &plaintext[..])
							.map_err(|_| OcwError::CorruptTwin)?
					},
				};
				let opened = OpenedBatch {
					start_ms: batch.start_ms,
					period_ms: batch.period_ms,
					readings: &readings,
					salt: &batch_salt,
				};
				Self::verdict(battery, &opened, twin, &mut node_random)?
			},
			// The chain checked a SCALE batch's length: bytes that do not decode are this node's
			// problem, not the batch's.
			Err(_) if batch.encoding == SampleEncoding::Scale => {
				return Err(OcwError::CorruptIndexEntry)
			},
			// A compact batch's samples are the gateway's to get right: every estimator finds the
			// same error, and the result closes the batch.
			Err(error) => Verdict::Undecodable(error),
		};
		Ok(ResultSubmission {
			estimator: key.clone(),
			batch_hash,
			prior_twin,
			estimator_version: ESTIMATOR_VERSION,
			verdict,
		})
	}

	/// The verdict on an opened batch of `battery` continuing from `twin`: the first reading out
	/// of its physical range rejects the batch; otherwise the running summary is accumulated,
	/// the estimator runs from the twin's state, and the health result and the new twin are
	/// sealed for the battery's Usage scope now, with salts derived from the batch's (so every
	/// estimator that opened the batch commits to the same plaintexts identically).
	pub fn verdict(
		battery: &BatteryId,
		batch: &OpenedBatch<'_>,
		twin: TwinRecord,
		random: &mut impl FnMut(&mut [u8]),
	) -> Result<Verdict, OcwError> {
		if let Some(out_of_range) = Limits::of::<T>().first_out_of_range(batch.readings) {
			return Ok(Verdict::Rejected(out_of_range));
		}
		let characterisation =
			Characterisations::<T>::get(battery).ok_or(OcwError::NoCharacterisation)?;
		let TwinRecord { mut state, mut summary } = twin;
		accumulate(&mut summary, &characterisation, batch.period_ms, batch.readings);
		let samples: Vec<Sample> = batch
			.readings
			.iter()
			.enumerate()
			.map(|(k, reading)| Sample {
				t_s: sample_time_s(batch.start_ms, batch.period_ms, k),
				current_ma: reading.current_ma,
				voltage_mv: reading.voltage_mv,
				temp_decic: reading.temp_decic,
			})
			.collect();
		let result = process_batch(&characterisation.config, &mut state, &samples)
			.map_err(OcwError::Config)?;
		let keys = T::Consortium::sealing_keys(battery, DataCategory::Usage, None)
			.ok_or(OcwError::NoScope)?;
		let health = seal_salted(
			DataCategory::Usage,
			battery,
			&result.encode(),
			&keys,
			&derive_salt(batch.salt, HEALTH_SALT_LABEL),
			random,
		)
		.map_err(OcwError::Seal)?;
		let twin = seal_salted(
			DataCategory::Usage,
			battery,
			&TwinRecord { state, summary }.encode(),
			&keys,
			&derive_salt(batch.salt, TWIN_SALT_LABEL),
			random,
		)
		.map_err(OcwError::Seal)?;
		Ok(Verdict::Estimated { health: Sealed::new(health), twin: Sealed::new(twin) })
	}
}

/// An opened telemetry batch: its timing, its readings and the salt it was sealed with.
pub struct OpenedBatch<'a> {
	/// Time of the first sample, Unix ms.
	pub start_ms: u64,
	/// Sample period, ms.
	pub period_ms: u32,
	/// The readings.
	pub readings: &'a [Reading],
	/// The salt of the batch's envelope (the parent of the results' salts).
	pub salt: &'a [u8; SALT_LEN],
}
