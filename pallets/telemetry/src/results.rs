//! Health results: the authorization of result transactions, acceptance of the first result,
//! attestations and disputes, and pruning of resulted batches.

use crate::{
	BatchRecordOf, BatchRegimes, BatchStatus, BatchVotes, Batches, Config, Disputes, Error,
	EstimatorScope, Estimators, Event, HashOf, HealthHistory, HealthRecord, LatestHealth,
	MemberVotes, Pallet, PendingBatches, ResultSubmissionOf, RetainedBatches, SealedHealth,
	SealedTwin, SignatureOf, Telemetry, Twin, TwinState, TwinStates, Verdict, Vote,
	ESTIMATOR_VERSION,
};
use battery_primitives::{
	consortium::{BatteryId, ConsortiumInspect, DataCategory},
	sealed::{self, SealedBody},
	telemetry::offchain_batch_key,
};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::{
		InvalidTransaction, TransactionSource, TransactionValidityError,
		TransactionValidityWithRefund, ValidTransaction, Weight,
	},
	traits::Get,
};
use sp_runtime::{DispatchResult, RuntimeAppPublic};

/// What a valid result submission does.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ResultOutcome<Hash> {
	/// The first result of a pending batch: it is accepted.
	First {
		/// The submission's result hash.
		result_hash: Hash,
	},
	/// A later result of a resulted batch: an attestation (`agrees`) or a dispute.
	Vote {
		/// The submission's result hash.
		result_hash: Hash,
		/// The accepted result's hash.
		accepted: Hash,
		/// Whether both are equal.
		agrees: bool,
		/// History slot of the accepted result.
		history_slot: u32,
	},
}

/// A checked submission: the batch's record, what the submission does, and the member its key
/// votes for (`None`: a key of the admin origin).
pub type CheckedResult<T> =
	(BatchRecordOf<T>, ResultOutcome<HashOf<T>>, Option<<T as frame_system::Config>::AccountId>);

impl<T: Config> Pallet<T> {
	/// The twin `battery`'s next batch continues from (the fresh twin before the first result),
	/// and its hash (what a result names as its prior).
	pub fn current_twin(battery: &BatteryId) -> (Twin, HashOf<T>) {
		Self::twin_and_hash(TwinStates::<T>::get(battery).map(|stored| stored.twin))
	}

	/// A stored twin (the fresh one if none is stored) and its hash.
	pub(crate) fn twin_and_hash(stored: Option<Twin>) -> (Twin, HashOf<T>) {
		let twin = stored.unwrap_or_else(Twin::fresh);
		let hash = twin.hash::<T::Hashing>();
		(twin, hash)
	}

	/// The health-history slot of result number `n` (from 0): `n % MaxHealthHistory`.
	pub fn history_slot(n: u64) -> u32 {
		n.checked_rem(u64::from(T::MaxHealthHistory::get().max(1)))
			.and_then(|slot| u32::try_from(slot).ok())
			.unwrap_or(0)
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
		Self::key_covers(estimator, &record.battery)
	}

	/// Whether `estimator` is registered with a scope that covers `battery` now.
	pub fn key_covers(estimator: &T::EstimatorId, battery: &BatteryId) -> bool {
		Estimators::<T>::get(estimator)
			.is_some_and(|registration| Self::scope_covers(&registration.scope, battery))
	}

	/// Check a submission against the chain state (everything but the signature).
	///
	/// Errors: [`Error::UnknownBatch`], [`Error::UnknownEstimator`],
	/// [`Error::EstimatorNotAuthorized`], [`Error::EstimatorVersionMismatch`], the envelope
	/// errors of [`Self::check_sealed_results`], then for a pending batch [`Error::HealthDisputed`],
	/// [`Error::NotNextBatch`], [`Error::PriorStateMismatch`], for a resulted one
	/// [`Error::BatchSuperseded`], [`Error::PriorStateMismatch`], [`Error::DuplicateResult`],
	/// [`Error::TooManyVotes`], [`Error::MemberAlreadyVoted`].
	pub fn check_result(submission: &ResultSubmissionOf<T>) -> Result<CheckedResult<T>, Error<T>> {
		match Self::check_result_in_chain(submission)? {
			(checked, None) => Ok(checked),
			(_, Some(_)) => Err(Error::<T>::NotNextBatch),
		}
	}

	/// [`Self::check_result`], except that the first result of a pending batch that is not the
	/// battery's oldest is also accepted, returning the batch before it in the battery's queue:
	/// the result continues from that batch's result (its `prior_twin` cannot be checked until
	/// that result is in), and the transaction pool holds it until this estimator's result of
	/// that batch is ready (see [`Self::authorize_result`]).
	pub fn check_result_in_chain(
		submission: &ResultSubmissionOf<T>,
	) -> Result<(CheckedResult<T>, Option<HashOf<T>>), Error<T>> {
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
		if let Verdict::Estimated { health, twin } = &submission.verdict {
			Self::check_sealed_results(&record.battery, health, twin)?;
		}
		let result_hash = submission.verdict.result_hash::<T::Hashing>();
		let mut predecessor = None;
		let outcome = match &record.status {
			BatchStatus::Pending => {
				ensure!(!Disputes::<T>::contains_key(&record.battery), Error::<T>::HealthDisputed);
				let pending = PendingBatches::<T>::get(&record.battery).unwrap_or_default();
				let position = pending
					.iter()
					.position(|hash| *hash == submission.batch_hash)
					.ok_or(Error::<T>::NotNextBatch)?;
				match position.checked_sub(1).and_then(|before| pending.get(before)) {
					Some(before) => predecessor = Some(*before),
					None => {
						let (_, prior) = Self::current_twin(&record.battery);
						ensure!(prior == submission.prior_twin, Error::<T>::PriorStateMismatch);
					},
				}
				ResultOutcome::First { result_hash }
			},
			BatchStatus::Resulted { result_hash: accepted, prior_twin, history_slot } => {
				// An equal result attests any retained batch (an estimator a block behind still
				// counts); a different one only the latest, where the twin has not moved past
				// it, so a dispute can still hold it there.
				let agrees = *accepted == result_hash;
				let latest = LatestHealth::<T>::get(&record.battery).map(|h| h.batch_hash);
				ensure!(
					agrees || latest == Some(submission.batch_hash),
					Error::<T>::BatchSuperseded
				);
				ensure!(*prior_twin == submission.prior_twin, Error::<T>::PriorStateMismatch);
				let votes = BatchVotes::<T>::get(submission.batch_hash);
				ensure!(
					!votes.iter().any(|vote| vote.estimator == submission.estimator),
					Error::<T>::DuplicateResult
				);
				ensure!((votes.len() as u32) < T::MaxVotes::get(), Error::<T>::TooManyVotes);
				ensure!(
					Self::member_may_vote(&registration, submission.batch_hash),
					Error::<T>::MemberAlreadyVoted
				);
				ResultOutcome::Vote {
					result_hash,
					accepted: *accepted,
					agrees,
					history_slot: *history_slot,
				}
			},
		};
		let member = registration.scope.registrar().cloned();
		Ok(((record, outcome, member), predecessor))
	}

	/// Check the sealed results of a submission for `battery`: both are inline envelopes about
	/// the battery in the Usage category, sealed for exactly the keys of its Usage scope now
	/// (what `submit_batch` requires of the samples). The chain cannot check their plaintext:
	/// a reader of the scope can, and equal commitments of independent estimators attest it.
	///
	/// Errors: [`Error::UnknownBattery`], then the envelope errors ([`Error::EnvelopeMismatch`],
	/// [`Error::MalformedEnvelope`] (also for an off-chain body), the recipient errors).
	pub fn check_sealed_results(
		battery: &BatteryId,
		health: &SealedHealth,
		twin: &SealedTwin,
	) -> Result<(), Error<T>> {
		let expected = T::Consortium::sealing_keys(battery, DataCategory::Usage, None)
			.ok_or(Error::<T>::UnknownBattery)?;
		Self::check_inline_result(health, battery, &expected)?;
		Self::check_inline_result(twin, battery, &expected)
	}

	/// One sealed result of [`Self::check_sealed_results`]: a new Usage record about `battery`
	/// for exactly `expected`, with its ciphertext inline.
	fn check_inline_result<C: Get<u32>, R: Get<u32>>(
		envelope: &sealed::Envelope<C, R>,
		battery: &BatteryId,
		expected: &[sealed::ReaderPublicKey],
	) -> Result<(), Error<T>> {
		sealed::check_new_record(envelope, DataCategory::Usage, battery, expected)?;
		ensure!(matches!(envelope.body, SealedBody::Inline { .. }), Error::<T>::MalformedEnvelope);
		Ok(())
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
	///
	/// Results of one battery form a chain: the worker estimates a battery's pending batches one
	/// after the other, each from the twin the previous result seals, and submits them at once.
	/// In the pool (any source but a block) the first result of a pending batch that is not the
	/// battery's oldest is valid too and requires the tag of the same estimator's result of the
	/// batch before it, so the pool orders the chain and a block can carry several results of a
	/// battery, each applied after the one it continues. In a block every result must continue
	/// the stored twin ([`Self::check_result`]).
	pub fn authorize_result(
		source: TransactionSource,
		submission: &ResultSubmissionOf<T>,
		signature: &SignatureOf<T>,
	) -> TransactionValidityWithRefund {
		let predecessor = if source == TransactionSource::InBlock {
			Self::check_result(submission).map(|_| None)
		} else {
			Self::check_result_in_chain(submission).map(|(_, predecessor)| predecessor)
		}
		.map_err(Self::invalid)?;
		ensure!(
			submission.estimator.verify(&submission.signing_payload(), signature),
			TransactionValidityError::from(InvalidTransaction::BadProof)
		);
		let mut validity = ValidTransaction::with_tag_prefix("TelemetryResult")
			.priority(T::ResultPriority::get())
			.and_provides((submission.batch_hash, submission.estimator.clone()))
			.longevity(T::ResultLongevity::get())
			.propagate(true);
		if let Some(before) = predecessor {
			validity = validity.and_requires((before, submission.estimator.clone()));
		}
		Ok((validity.build()?, Weight::zero()))
	}

	/// Apply an authorized result submission (see [`Self::check_result`] for the errors).
	pub(crate) fn do_submit_result(submission: ResultSubmissionOf<T>) -> DispatchResult {
		let (record, outcome, member) = Self::check_result(&submission)?;
		let batch_hash = submission.batch_hash;
		let battery = record.battery.clone();
		match outcome {
			ResultOutcome::First { result_hash } => {
				let (health, twin) = match submission.verdict {
					Verdict::Rejected(out_of_range) => {
						Self::reject(&battery, batch_hash);
						Self::deposit_event(Event::BatchRejected {
							battery,
							batch_hash,
							estimator: submission.estimator,
							out_of_range,
						});
						return Ok(());
					},
					Verdict::Undecodable(error) => {
						Self::reject(&battery, batch_hash);
						Self::deposit_event(Event::BatchUndecodable {
							battery,
							batch_hash,
							estimator: submission.estimator,
							error,
						});
						return Ok(());
					},
					Verdict::Estimated { health, twin } => (health, twin),
				};
				let now = frame_system::Pallet::<T>::block_number();
				TwinStates::<T>::insert(
					&battery,
					TwinState {
						twin: Twin::Sealed(twin),
						estimator_version: submission.estimator_version,
						updated_at: now,
					},
				);

				// Result number n (from 0) goes to slot n % MaxHealthHistory.
				let mut telemetry = Telemetry::<T>::get(&battery);
				let results = telemetry.as_ref().map_or(0, |t| t.results);
				let history_slot = Self::history_slot(results);
				if let Some(telemetry) = telemetry.as_mut() {
					telemetry.results = results.saturating_add(1);
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
					health,
					attestations: 0,
					disputes: 0,
				};
				HealthHistory::<T>::insert(&battery, history_slot, &health);
				LatestHealth::<T>::insert(&battery, health);

				let mut resulted = record.clone();
				resulted.status = BatchStatus::Resulted {
					result_hash,
					prior_twin: submission.prior_twin,
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

				Self::deposit_event(Event::HealthRecorded {
					battery: battery.clone(),
					batch_hash,
					estimator: submission.estimator,
					result_hash,
				});
				Self::note_member_vote(member, batch_hash);
				Self::note_agreement(&battery, batch_hash, history_slot);
			},
			ResultOutcome::Vote { result_hash, accepted, agrees, history_slot } => {
				BatchVotes::<T>::try_mutate(batch_hash, |votes| {
					votes
						.try_push(Vote { estimator: submission.estimator.clone(), agrees })
						.map_err(|_| Error::<T>::TooManyVotes)
				})?;
				Self::note_member_vote(member, batch_hash);
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
					Self::note_agreement(&battery, batch_hash, history_slot);
				} else {
					Telemetry::<T>::mutate(&battery, |telemetry| {
						if let Some(telemetry) = telemetry.as_mut() {
							telemetry.disputes = telemetry.disputes.saturating_add(1);
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
	/// reading out of range or samples that do not decode once it opened the batch. The twin
	/// and the health stay; the batch is forgotten (later results of other estimators name an
	/// unknown batch).
	fn reject(battery: &BatteryId, batch_hash: HashOf<T>) {
		PendingBatches::<T>::mutate_exists(battery, |pending| {
			if let Some(queue) = pending.as_mut() {
				queue.retain(|hash| *hash != batch_hash);
				if queue.is_empty() {
					*pending = None;
				}
			}
		});
		Self::forget_batch(batch_hash);
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

	/// Remove a batch record, its votes, its usage regime and its off-chain index entry.
	pub(crate) fn forget_batch(batch_hash: HashOf<T>) {
		Batches::<T>::remove(batch_hash);
		BatchVotes::<T>::remove(batch_hash);
		BatchRegimes::<T>::remove(batch_hash);
		// At most one entry per member that voted (bounded by MaxVotes).
		let _ = MemberVotes::<T>::clear_prefix(batch_hash, T::MaxVotes::get(), None);
		sp_io::offchain_index::clear(&offchain_batch_key(batch_hash.as_ref()));
	}
}
