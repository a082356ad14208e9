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
//! 2. for each battery pick a local key whose scope covers it and decide where to start
//!    ([`chains`]): from the oldest pending batch and the stored twin, or after the chain of
//!    results this node submitted earlier that still waits for a block, from that chain's twin;
//!    claim the battery (a compare-and-set in persistent local storage, so concurrent workers,
//!    one per block, never estimate the same battery, and the claim survives restarts);
//! 3. estimate the battery's pending batches one after the other: read each sealed batch from
//!    the off-chain database (the off-chain index entry written by `submit_batch`), check its
//!    identity against the batch hash, open it with the node's reader secrets
//!    ([`crate::reader_secrets`]), check every reading's physical range (the first one out makes
//!    the submission a rejection), accumulate the running summary, run
//!    `battery_estimator::process_batch` from the twin's state, seal the result and the new twin
//!    for the battery's Usage scope (randomness from the node, salts derived from the batch's),
//!    sign the [`ResultSubmission`] with the key and submit [`Call::submit_result`] as an
//!    authorized transaction (`CreateAuthorizedTransaction::create_authorized_transaction`);
//!    the next batch continues from the twin just sealed, so a battery whose gateway sent
//!    several batches in a block can get their results in the next one (at most
//!    [`Config::MaxChainLength`] a run; the pool orders the chain: [`Pallet::authorize_result`]);
//! 4. record the chain's last batch and twin ([`chains::Tip`]) for the next run;
//! 5. with what is left of the run's batches and time, catch up on the batteries of its watch
//!    list whose queue is empty.
//!
//! Catching up (before a battery's chain in step 3, and in step 5): the node reproduces the
//! results other nodes landed while it missed them, from its tip, and votes for those it
//! reproduced exactly ([`catch_up`]); the batches it reproduces count against the run's
//! `MaxOcwBatchesPerRun`.
//!
//! Every failure is logged (target [`LOG_TARGET`]) and the batch is skipped until its claim's
//! back-off ends; nothing panics. The worker runs in its own thread of the node and
//! never delays block import; its work per run is bounded as above.

use crate::{
	reader_secrets::{node_random, open_salted_with_node_secrets, open_with_node_secrets},
	submission::{accumulate, Limits},
	BatchRecordOf, BatchRegimes, BatchStatus, Batches, Characterisations, Config, HashOf,
	IndexedBatchOf, Pallet, PendingBatches, ResultSubmission, ResultSubmissionOf, Twin, TwinRecord,
	Verdict, ESTIMATOR_VERSION, LOG_TARGET,
};
use alloc::vec::Vec;
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
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	offchain::{storage::StorageValueRef, StorageKind, Timestamp},
	traits::Hash,
	RuntimeAppPublic,
};

pub mod catch_up;
pub mod chains;
pub mod resend;

pub use catch_up::{CaughtUp, WATCH_CAPACITY, WATCH_KEY};
pub use chains::{Claim, ClaimOf, Start, Tip, TipOf, SUBMITTED_PREFIX, TIP_PREFIX};

/// Persistent local-storage key of the scan cursor (the raw storage key of the last battery
/// visited in [`PendingBatches`]).
pub const CURSOR_KEY: &[u8] = b"battery-chain/telemetry/ocw/cursor";

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
	/// Catching up, the node's result of a resulted batch is not the accepted one (it
	/// continued another twin): it does not vote on it.
	NotReproduced,
}

/// What the worker did with one battery: how many results it submitted, and why it stopped
/// before the end of the battery's queue if something failed.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Served {
	/// Results submitted.
	pub submitted: u32,
	/// Resulted batches estimated again to catch up ([`catch_up`]).
	pub reproduced: u32,
	/// Whether a local key covers the battery (it belongs on the watch list).
	pub watched: bool,
	/// The failure that ended the battery's chain.
	pub error: Option<OcwError>,
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
		let mut estimated = 0u32;
		let mut visited = 0u32;
		let mut seen: Vec<BatteryId> = Vec::new();
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
			let limits = (budget.saturating_sub(estimated), deadline);
			let served = Self::serve_battery(now, &battery, &pending, &keys, limits);
			if served.watched {
				seen.push(battery.clone());
			}
			estimated =
				estimated.saturating_add(served.submitted).saturating_add(served.reproduced);
			if served.submitted > 0 {
				log::debug!(
					target: LOG_TARGET,
					"submitted {} health results of battery {battery:?}",
					served.submitted
				);
			}
			if let Some(error) = served.error {
				estimated = estimated.saturating_add(1);
				log::warn!(
					target: LOG_TARGET,
					"cannot estimate the next batch of battery {battery:?}: {error:?}; retrying \
					 after the chain's back-off (at most {} blocks)",
					T::OcwRetryBlocks::get()
				);
			}
		}
		if !seen.is_empty() {
			Self::note_visited(&seen);
		}
		// Then the watched batteries whose queue emptied, with what is left of the run.
		let left = (budget.saturating_sub(estimated), deadline);
		Self::catch_up_watched(now, &keys, left);
		match last_key {
			Some(raw) => cursor_ref.set(&raw),
			None => {
				let mut cursor_ref = cursor_ref;
				cursor_ref.clear();
			},
		}
	}

	/// Estimate `battery`'s pending batches (`pending`, oldest first) from where
	/// [`Self::chain_start`] says, with the first local key whose scope covers the battery, and
	/// submit the results: at most `limits.0` of them, taking no batch after `limits.1`.
	pub fn serve_battery(
		now: BlockNumberFor<T>,
		battery: &BatteryId,
		pending: &[HashOf<T>],
		keys: &[T::EstimatorId],
		(max, deadline): (u32, Timestamp),
	) -> Served {
		let mut served = Served::default();
		let Some(oldest) = pending.first().copied() else { return served };
		let Some(record) = Batches::<T>::get(oldest) else { return served };
		let Some(key) = keys.iter().find(|key| Self::may_result(key, &record)) else {
			return served;
		};
		// Votes on results landed meanwhile that this node missed, before the chain moves its
		// tip past them.
		served.watched = true;
		let caught = Self::catch_up(now, battery, keys, (max, deadline));
		Self::log_catch_up(battery, &caught);
		served.reproduced = caught.reproduced;
		let max = max.saturating_sub(caught.reproduced);
		let (claim, tip) = Self::read_chain(battery);
		let (index, twin, (first, since, starts)) =
			match Self::chain_start(now, pending, claim.as_ref(), tip.as_ref()) {
				Start::Wait => {
					Self::note_progress(now, battery, oldest, claim.as_ref());
					return served;
				},
				Start::Oldest { starts } => {
					(0, Self::current_twin(battery).0, (oldest, now, starts))
				},
				Start::After { index, twin, window } => (index, twin, window),
			};
		// Take the battery for this run (compare and set): other runs leave it alone meanwhile.
		let continuing = index > 0;
		let previous_last =
			if continuing { claim.as_ref().and_then(|claim| claim.last) } else { None };
		let working = Claim { first, since, starts, last: previous_last, working: Some(now) };
		if !Self::swap_claim(battery, claim.as_ref(), &working) {
			return served;
		}
		let mut chain = match open_twin(&twin) {
			Ok(opened) => Some((twin, opened)),
			Err(error) => {
				served.error = Some(error);
				None
			},
		};
		let mut tip = None;
		for batch_hash in pending.iter().skip(index).copied() {
			let Some((twin, opened)) = chain.take() else { break };
			let before = twin.clone();
			if served.submitted >= max.min(T::MaxChainLength::get())
				|| sp_io::offchain::timestamp() >= deadline
			{
				break;
			}
			match Self::submit_next(now, battery, batch_hash, key, twin, opened) {
				Ok(Some((next, sequence))) => {
					served.submitted = served.submitted.saturating_add(1);
					let twin = next.0.clone();
					let estimator = Some((key.clone(), now));
					tip = Some(Tip {
						batch: batch_hash,
						sequence,
						twin,
						before,
						estimator,
						reproducible: true,
					});
					chain = Some(next);
				},
				Ok(None) => break,
				Err(error) => {
					served.error = Some(error);
					break;
				},
			}
		}
		if served.submitted == 0 && served.error.is_none() {
			// Out of time or budget before the first batch: the battery stays as it was.
			Self::restore_claim(battery, claim.as_ref());
			return served;
		}
		// The chain so far (as it was if nothing was submitted: a failure waits out the window).
		let last = tip.as_ref().map(|tip| tip.batch).or(previous_last);
		let done = Claim { first, since, starts, last, working: None };
		Self::record_chain(battery, &done, tip.as_ref());
		served
	}

	/// While a chain is in flight, move its claim's window to the battery's new oldest batch once
	/// results landed, so the window of a result that is lost later starts then (a run working
	/// on the battery writes its own claim).
	fn note_progress(
		now: BlockNumberFor<T>,
		battery: &BatteryId,
		oldest: HashOf<T>,
		claim: Option<&ClaimOf<T>>,
	) {
		let Some(claim) = claim else { return };
		if claim.first != oldest && !Self::is_worked_on(now, claim) {
			let moved = Claim { first: oldest, since: now, starts: 1, ..claim.clone() };
			// Another run may have written meanwhile: then its claim stands.
			let _ = Self::swap_claim(battery, Some(claim), &moved);
		}
	}

	/// Estimate pending batch `batch_hash` of `battery` from `twin` (opened: `opened`), sign and
	/// submit the result: the twin the next batch continues from and the batch's sequence
	/// number, or `None` if the batch is no longer pending.
	fn submit_next(
		now: BlockNumberFor<T>,
		battery: &BatteryId,
		batch_hash: HashOf<T>,
		key: &T::EstimatorId,
		twin: Twin,
		opened: TwinRecord,
	) -> Result<Option<((Twin, TwinRecord), u64)>, OcwError> {
		let Some(record) = Batches::<T>::get(batch_hash) else { return Ok(None) };
		if !matches!(record.status, BatchStatus::Pending) {
			return Ok(None);
		}
		let (submission, next) =
			Self::estimate_from(battery, batch_hash, &record, key, twin, opened)?;
		Self::sign_and_submit(battery, now, key, submission)?;
		Ok(Some((next, record.commitment.sequence)))
	}

	/// Sign `submission` about `battery` with `key`, submit it as an authorized transaction at
	/// block `now`, and keep it for resending ([`resend`]).
	fn sign_and_submit(
		battery: &BatteryId,
		now: BlockNumberFor<T>,
		key: &T::EstimatorId,
		submission: ResultSubmissionOf<T>,
	) -> Result<(), OcwError> {
		let signature = key.sign(&submission.signing_payload()).ok_or(OcwError::SigningFailed)?;
		Self::send(submission.clone(), signature)?;
		Self::keep_sent(battery, resend::Sent { submission, sent_at: now });
		Ok(())
	}

	/// [`Self::estimate_from`] the battery's stored twin (opened with the node's secrets).
	pub fn estimate(
		battery: &BatteryId,
		batch_hash: HashOf<T>,
		record: &BatchRecordOf<T>,
		key: &T::EstimatorId,
	) -> Result<ResultSubmissionOf<T>, OcwError> {
		let (twin, _) = Self::current_twin(battery);
		let opened = open_twin(&twin)?;
		Self::estimate_from(battery, batch_hash, record, key, twin, opened)
			.map(|(submission, _)| submission)
	}

	/// Open the indexed sealed batch `batch_hash` with the node's reader secrets and judge it
	/// ([`Self::verdict`]) continuing from `twin` (whose plaintext is `opened`), sealing with the
	/// node's randomness: the submission, and the twin the battery's next batch continues from
	/// (the new sealed twin, or `twin` itself when the batch is refused).
	pub fn estimate_from(
		battery: &BatteryId,
		batch_hash: HashOf<T>,
		record: &BatchRecordOf<T>,
		key: &T::EstimatorId,
		twin: Twin,
		opened: TwinRecord,
	) -> Result<(ResultSubmissionOf<T>, (Twin, TwinRecord)), OcwError> {
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
		let prior_twin = twin.hash::<T::Hashing>();
		let (verdict, next) = match batch.encoding.decode_readings(&plaintext, batch.samples) {
			Ok(readings) => {
				let batch = OpenedBatch {
					start_ms: batch.start_ms,
					period_ms: batch.period_ms,
					readings: &readings,
					salt: &batch_salt,
					usage_regime: BatchRegimes::<T>::get(batch_hash),
				};
				match Self::judge(battery, &batch, opened.clone(), &mut node_random)? {
					(verdict, Some(record)) => {
						let next = match &verdict {
							Verdict::Estimated { twin, .. } => Twin::Sealed(twin.clone()),
							_ => twin,
						};
						(verdict, (next, record))
					},
					(verdict, None) => (verdict, (twin, opened)),
				}
			},
			// The chain checked a SCALE batch's length: bytes that do not decode are this node's
			// problem, not the batch's.
			Err(_) if batch.encoding == SampleEncoding::Scale => {
				return Err(OcwError::CorruptIndexEntry)
			},
			// A compact batch's samples are the gateway's to get right: every estimator finds the
			// same error, and the result closes the batch.
			Err(error) => (Verdict::Undecodable(error), (twin, opened)),
		};
		let submission = ResultSubmission {
			estimator: key.clone(),
			batch_hash,
			prior_twin,
			estimator_version: ESTIMATOR_VERSION,
			verdict,
		};
		Ok((submission, next))
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
		Self::judge(battery, batch, twin, random).map(|(verdict, _)| verdict)
	}

	/// [`Self::verdict`], and the new twin's plaintext when the batch was estimated.
	fn judge(
		battery: &BatteryId,
		batch: &OpenedBatch<'_>,
		twin: TwinRecord,
		random: &mut impl FnMut(&mut [u8]),
	) -> Result<(Verdict, Option<TwinRecord>), OcwError> {
		if let Some(out_of_range) = Limits::of::<T>().first_out_of_range(batch.readings) {
			return Ok((Verdict::Rejected(out_of_range), None));
		}
		let characterisation =
			Characterisations::<T>::get(battery).ok_or(OcwError::NoCharacterisation)?;
		let TwinRecord { mut state, mut summary } = twin;
		accumulate(&mut summary, &characterisation, batch.period_ms, batch.readings);
		state.note_usage_regime(batch.usage_regime);
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
		let record = TwinRecord { state, summary };
		let twin = seal_salted(
			DataCategory::Usage,
			battery,
			&record.encode(),
			&keys,
			&derive_salt(batch.salt, TWIN_SALT_LABEL),
			random,
		)
		.map_err(OcwError::Seal)?;
		Ok((
			Verdict::Estimated { health: Sealed::new(health), twin: Sealed::new(twin) },
			Some(record),
		))
	}
}

/// The plaintext of `twin`: the open one, or the sealed one opened with the node's secrets.
pub fn open_twin(twin: &Twin) -> Result<TwinRecord, OcwError> {
	match twin {
		Twin::Open(record) => Ok(record.clone()),
		Twin::Sealed(sealed) => {
			let plaintext = open_with_node_secrets(sealed).map_err(OcwError::OpenTwin)?;
			TwinRecord::decode(&mut &plaintext[..]).map_err(|_| OcwError::CorruptTwin)
		},
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
	/// The battery's usage regime recorded with the batch ([`crate::BatchRegimes`]).
	pub usage_regime: u64,
}
