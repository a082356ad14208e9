//! Health results: the authorization of result transactions, acceptance of the first result,
//! attestations and disputes, and pruning of resulted batches.

use crate::{
	BatchRecordOf, BatchStatus, BatchVotes, Batches, Config, Disputes, Error, EstimatorScope,
	Estimators, Event, HashOf, HealthHistory, HealthRecord, LatestHealth, Pallet, PendingBatches,
	ResultSubmissionOf, RetainedBatches, SignatureOf, Telemetry, TelemetrySummary, TwinState,
	TwinStates, Vote, ESTIMATOR_VERSION,
};
use battery_estimator::{new_state, EstimatorState};
use battery_primitives::{consortium::BatteryId, telemetry::offchain_batch_key};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::{
		InvalidTransaction, TransactionSource, TransactionValidityError,
		TransactionValidityWithRefund, ValidTransaction, Weight,
	},
	traits::Get,
};
use sp_runtime::{traits::Hash, DispatchResult, RuntimeAppPublic};

/// What a valid result submission does.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ResultOutcome<Hash> {
	/// The first result of a pending batch: it is accepted.
	First {
		/// Hash of the submitted `(result, state)`.
		result_hash: Hash,
	},
	/// A later result of a resulted batch: an attestation (`agrees`) or a dispute.
	Vote {
		/// Hash of the submitted `(result, state)`.
		result_hash: Hash,
		/// Hash of the accepted `(result, state)`.
		accepted: Hash,
		/// Whether both are equal.
		agrees: bool,
		/// History slot of the accepted result.
		history_slot: u32,
	},
}

/// A checked submission: the batch's record and what the submission does.
pub type CheckedResult<T> = (BatchRecordOf<T>, ResultOutcome<HashOf<T>>);

impl<T: Config> Pallet<T> {
	/// Hash of an estimator state (BLAKE2-256 of its SCALE encoding in the runtime).
	pub fn state_hash(state: &EstimatorState) -> HashOf<T> {
		T::Hashing::hash_of(state)
	}

	/// The state `battery`'s next batch continues from, and its hash (the fresh state before
	/// the first result).
	pub fn current_state(battery: &BatteryId) -> (EstimatorState, HashOf<T>) {
		match TwinStates::<T>::get(battery) {
			Some(twin) => (twin.state, twin.state_hash),
			None => {
				let state = new_state();
				let hash = Self::state_hash(&state);
				(state, hash)
			},
		}
	}

	/// Whether a key with `scope` may result `battery`'s batches now: keys of the admin origin
	/// and of active Authorities every battery, an Operator's keys the batteries it operates
	/// (when operation moves, the previous operator's keys stop being accepted).
	pub fn scope_covers(scope: &EstimatorScope<T::AccountId>, battery: &BatteryId) -> bool {
		match scope {
			EstimatorScope::Operator(operator) => Self::is_battery_operator(operator, battery),
			other => Self::scope_active(other),
		}
	}

	/// Whether the registered key `estimator` may result `record`.
	pub fn may_result(estimator: &T::EstimatorId, record: &BatchRecordOf<T>) -> bool {
		Estimators::<T>::get(estimator)
			.is_some_and(|registration| Self::scope_covers(&registration.scope, &record.battery))
	}

	/// Check a submission against the chain state (everything but the signature).
	///
	/// Errors: [`Error::UnknownBatch`], [`Error::UnknownEstimator`],
	/// [`Error::EstimatorNotAuthorized`], [`Error::EstimatorVersionMismatch`],
	/// [`Error::SampleCountMismatch`], then for a pending batch [`Error::HealthDisputed`],
	/// [`Error::NotNextBatch`], [`Error::PriorStateMismatch`], for a resulted one
	/// [`Error::BatchSuperseded`], [`Error::PriorStateMismatch`], [`Error::DuplicateResult`],
	/// [`Error::TooManyVotes`].
	pub fn check_result(submission: &ResultSubmissionOf<T>) -> Result<CheckedResult<T>, Error<T>> {
		let record = Batches::<T>::get(submission.batch_hash).ok_or(Error::<T>::UnknownBatch)?;
		let registration =
			Estimators::<T>::get(&submission.estimator).ok_or(Error::<T>::UnknownEstimator)?;
		ensure!(
			Self::scope_covers(&registration.scope, &record.battery),
			Error::<T>::EstimatorNotAuthorized
		);
		ensure!(
			submission.estimator_version == ESTIMATOR_VERSION,
			Error::<T>::EstimatorVersionMismatch
		);
		ensure!(
			submission.result.samples == record.commitment.samples,
			Error::<T>::SampleCountMismatch
		);
		let result_hash = Self::result_hash(submission);
		let outcome = match &record.status {
			BatchStatus::Pending => {
				ensure!(!Disputes::<T>::contains_key(&record.battery), Error::<T>::HealthDisputed);
				let pending = PendingBatches::<T>::get(&record.battery).unwrap_or_default();
				ensure!(pending.first() == Some(&submission.batch_hash), Error::<T>::NotNextBatch);
				let (_, prior) = Self::current_state(&record.battery);
				ensure!(prior == submission.prior_state_hash, Error::<T>::PriorStateMismatch);
				ResultOutcome::First { result_hash }
			},
			BatchStatus::Resulted { result_hash: accepted, prior_state_hash, history_slot } => {
				// Only the latest result may be attested or disputed: the twin has not moved
				// past it, so a dispute can still hold it there.
				let latest = LatestHealth::<T>::get(&record.battery).map(|h| h.batch_hash);
				ensure!(latest == Some(submission.batch_hash), Error::<T>::BatchSuperseded);
				ensure!(
					*prior_state_hash == submission.prior_state_hash,
					Error::<T>::PriorStateMismatch
				);
				let votes = BatchVotes::<T>::get(submission.batch_hash);
				ensure!(
					!votes.iter().any(|vote| vote.estimator == submission.estimator),
					Error::<T>::DuplicateResult
				);
				ensure!((votes.len() as u32) < T::MaxVotes::get(), Error::<T>::TooManyVotes);
				ResultOutcome::Vote {
					result_hash,
					accepted: *accepted,
					agrees: *accepted == result_hash,
					history_slot: *history_slot,
				}
			},
		};
		Ok((record, outcome))
	}

	/// Hash of what a submission claims about its batch: `(result, state, summary, rejection)`.
	/// Two estimators agree when these are equal.
	pub fn result_hash(submission: &ResultSubmissionOf<T>) -> HashOf<T> {
		T::Hashing::hash_of(&(
			&submission.result,
			&submission.state,
			&submission.summary,
			&submission.rejection,
		))
	}

	/// The transaction-validity code of a pallet error: `InvalidTransaction::Custom(index of
	/// the variant)`.
	pub fn invalid(error: Error<T>) -> TransactionValidityError {
		let code = error.encode().first().copied().unwrap_or(u8::MAX);
		InvalidTransaction::Custom(code).into()
	}

	/// The authorization of [`Pallet::submit_result`](crate::Pallet::submit_result): the
	/// chain-state checks of [`Self::check_result`] (as `InvalidTransaction::Custom`), then the
	/// estimator's signature over [`crate::ResultSubmission::signing_payload`]
	/// (`InvalidTransaction::BadProof`). A valid result provides the tag
	/// `("TelemetryResult", batch hash, estimator)`, so the pool holds at most one per batch and
	/// estimator.
	pub fn authorize_result(
		_source: TransactionSource,
		submission: &ResultSubmissionOf<T>,
		signature: &SignatureOf<T>,
	) -> TransactionValidityWithRefund {
		Self::check_result(submission).map_err(Self::invalid)?;
		ensure!(
			submission.estimator.verify(&submission.signing_payload(), signature),
			TransactionValidityError::from(InvalidTransaction::BadProof)
		);
		let validity = ValidTransaction::with_tag_prefix("TelemetryResult")
			.priority(T::ResultPriority::get())
			.and_provides((submission.batch_hash, submission.estimator.clone()))
			.longevity(T::ResultLongevity::get())
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// Apply an authorized result submission (see [`Self::check_result`] for the errors).
	pub(crate) fn do_submit_result(submission: ResultSubmissionOf<T>) -> DispatchResult {
		let (record, outcome) = Self::check_result(&submission)?;
		let batch_hash = submission.batch_hash;
		let battery = record.battery.clone();
		match outcome {
			ResultOutcome::First { .. } if submission.rejection.is_some() => {
				Self::reject(&battery, batch_hash, submission);
			},
			ResultOutcome::First { result_hash } => {
				let now = frame_system::Pallet::<T>::block_number();
				let state_hash = Self::state_hash(&submission.state);
				TwinStates::<T>::insert(
					&battery,
					TwinState {
						state: submission.state,
						state_hash,
						estimator_version: submission.estimator_version,
						updated_at: now,
					},
				);

				// Result number n (from 0) goes to slot n % MaxHealthHistory.
				let mut telemetry = Telemetry::<T>::get(&battery);
				let results = telemetry.as_ref().map_or(0, |t| t.summary.results);
				let history_len = u64::from(T::MaxHealthHistory::get().max(1));
				let history_slot = results
					.checked_rem(history_len)
					.and_then(|slot| u32::try_from(slot).ok())
					.unwrap_or(0);
				if let Some(telemetry) = telemetry.as_mut() {
					// The worker's summary of the samples; the chain's own counters.
					let disputes = telemetry.summary.disputes;
					telemetry.summary = TelemetrySummary {
						results: results.saturating_add(1),
						disputes,
						..submission.summary.clone()
					};
				}
				if let Some(telemetry) = telemetry {
					Telemetry::<T>::insert(&battery, telemetry);
				}

				let health = HealthRecord {
					batch_hash,
					sequence: record.commitment.sequence,
					last_sample_ms: record.commitment.last_sample_ms,
					estimator: submission.estimator.clone(),
					recorded_at: now,
					result: submission.result,
					attestations: 0,
					disputes: 0,
				};
				HealthHistory::<T>::insert(&battery, history_slot, &health);
				LatestHealth::<T>::insert(&battery, health);

				let mut resulted = record.clone();
				resulted.status = BatchStatus::Resulted {
					result_hash,
					prior_state_hash: submission.prior_state_hash,
					history_slot,
				};
				Batches::<T>::insert(batch_hash, resulted);
				BatchVotes::<T>::mutate(batch_hash, |votes| {
					// Cannot fail: a pending batch has no votes and MaxVotes > 0.
					let _ = votes
						.try_push(Vote { estimator: submission.estimator.clone(), agrees: true });
				});
				PendingBatches::<T>::mutate_exists(&battery, |pending| {
					if let Some(queue) = pending.as_mut() {
						queue.retain(|hash| *hash != batch_hash);
						if queue.is_empty() {
							*pending = None;
						}
					}
				});
				Self::retain(&battery, batch_hash);

				let result = &submission.result;
				Self::deposit_event(Event::HealthRecorded {
					battery: battery.clone(),
					batch_hash,
					estimator: submission.estimator,
					soc_ppm: result.soc_ppm,
					soh_capacity_ppm: result.soh_capacity_ppm,
					soh_resistance_ppm: result.soh_resistance_ppm,
					anomaly_flags: result.anomaly_flags,
				});
				if result.anomaly_flags != 0 {
					Self::deposit_event(Event::AnomalyDetected {
						battery,
						batch_hash,
						flags: result.anomaly_flags,
						samples: result.anomaly_samples,
						first_anomaly_s: result.first_anomaly_t_s,
					});
				}
			},
			ResultOutcome::Vote { result_hash, accepted, agrees, history_slot } => {
				BatchVotes::<T>::try_mutate(batch_hash, |votes| {
					votes
						.try_push(Vote { estimator: submission.estimator.clone(), agrees })
						.map_err(|_| Error::<T>::TooManyVotes)
				})?;
				let count = |health: &mut HealthRecord<_, _, _>| {
					if agrees {
						health.attestations = health.attestations.saturating_add(1);
					} else {
						health.disputes = health.disputes.saturating_add(1);
					}
				};
				HealthHistory::<T>::mutate(&battery, history_slot, |health| {
					if let Some(health) = health.as_mut().filter(|h| h.batch_hash == batch_hash) {
						count(health);
					}
				});
				LatestHealth::<T>::mutate(&battery, |health| {
					if let Some(health) = health.as_mut().filter(|h| h.batch_hash == batch_hash) {
						count(health);
					}
				});
				if agrees {
					Self::deposit_event(Event::ResultAttested {
						battery: battery.clone(),
						batch_hash,
						estimator: submission.estimator.clone(),
					});
				} else {
					Telemetry::<T>::mutate(&battery, |telemetry| {
						if let Some(telemetry) = telemetry.as_mut() {
							telemetry.summary.disputes =
								telemetry.summary.disputes.saturating_add(1);
						}
					});
					Self::deposit_event(Event::ResultDisputed {
						battery: battery.clone(),
						batch_hash,
						estimator: submission.estimator.clone(),
						accepted_result: accepted,
						disputed_result: result_hash,
					});
				}
				Self::tally_vote(&battery, batch_hash, accepted, result_hash, &submission);
			},
		}
		Ok(())
	}

	/// Close `battery`'s pending `batch_hash` without a result: the first estimator found a
	/// reading out of range once it opened the batch. The twin, the summary and the health stay;
	/// the batch is forgotten (later results of other estimators name an unknown batch).
	fn reject(battery: &BatteryId, batch_hash: HashOf<T>, submission: ResultSubmissionOf<T>) {
		PendingBatches::<T>::mutate_exists(battery, |pending| {
			if let Some(queue) = pending.as_mut() {
				queue.retain(|hash| *hash != batch_hash);
				if queue.is_empty() {
					*pending = None;
				}
			}
		});
		Self::forget_batch(batch_hash);
		if let Some(out_of_range) = submission.rejection {
			Self::deposit_event(Event::BatchRejected {
				battery: battery.clone(),
				batch_hash,
				estimator: submission.estimator,
				out_of_range,
			});
		}
	}

	/// Keep the resulted `batch_hash` for attestations, pruning `battery`'s oldest retained
	/// batch when `MaxRetainedBatches` are kept.
	fn retain(battery: &BatteryId, batch_hash: HashOf<T>) {
		let mut retained = RetainedBatches::<T>::get(battery).unwrap_or_default();
		if retained.is_full() && !retained.is_empty() {
			let oldest = retained.remove(0);
			Self::forget_batch(oldest);
		}
		// Cannot fail: there is room now (MaxRetainedBatches > 0).
		let _ = retained.try_push(batch_hash);
		RetainedBatches::<T>::insert(battery, retained);
	}

	/// Remove a batch record, its votes and its off-chain index entry.
	pub(crate) fn forget_batch(batch_hash: HashOf<T>) {
		Batches::<T>::remove(batch_hash);
		BatchVotes::<T>::remove(batch_hash);
		sp_io::offchain_index::clear(&offchain_batch_key(batch_hash.as_ref()));
	}
}
