//! Disputes: when authorized estimators disagree on a battery's latest result, the health is
//! marked disputed and the twin holds at that batch until an Authority decides or a further
//! estimator's result matches one side.
//!
//! A side wins once it has at least two votes and more votes than the other (the accepted
//! result counts as one vote for its side). A third, different result counts for neither.

use crate::{
	BatchStatus, BatchVotes, Batches, Config, Dispute, DisputeSide, Disputes, Error, Event, HashOf,
	HealthHistory, LatestHealth, Pallet, ResultSubmissionOf, Twin, TwinState, TwinStates, Verdict,
	ESTIMATOR_VERSION,
};
use battery_primitives::consortium::{BatteryId, ConsortiumInspect, Role};
use frame_support::ensure;
use sp_runtime::DispatchResult;

/// Votes a side needs (with more than the other side) to win without an Authority.
pub const MAJORITY_VOTES: u32 = 2;

impl<T: Config> Pallet<T> {
	/// Count a vote on `battery`'s latest batch `batch_hash` (already recorded in
	/// [`BatchVotes`]): open a dispute on the first different result, count votes for the sides
	/// of an open one, and resolve it when a side wins.
	pub(crate) fn tally_vote(
		battery: &BatteryId,
		batch_hash: HashOf<T>,
		accepted: HashOf<T>,
		result_hash: HashOf<T>,
		submission: &ResultSubmissionOf<T>,
	) {
		let dispute = match Disputes::<T>::get(battery) {
			Some(mut dispute) if dispute.batch_hash == batch_hash => {
				if result_hash == dispute.accepted_result {
					dispute.for_accepted = dispute.for_accepted.saturating_add(1);
				} else if result_hash == dispute.challenger_result {
					dispute.for_challenger = dispute.for_challenger.saturating_add(1);
				}
				dispute
			},
			// Votes are taken on the latest batch only, and a dispute holds the twin there.
			Some(_) => return,
			None if result_hash == accepted => return,
			None => {
				// A rejection of a batch another estimator resulted cannot be applied: it counts
				// as a disagreement (`ResultDisputed`) but opens no dispute.
				let Verdict::Estimated { health, twin } = &submission.verdict else { return };
				let agreeing = BatchVotes::<T>::get(batch_hash).iter().filter(|v| v.agrees).count();
				let dispute = Dispute::<T> {
					batch_hash,
					accepted_result: accepted,
					challenger_result: result_hash,
					challenger: submission.estimator.clone(),
					challenger_health: health.clone(),
					challenger_twin: twin.clone(),
					for_accepted: u32::try_from(agreeing).unwrap_or(u32::MAX),
					for_challenger: 1,
					opened_at: frame_system::Pallet::<T>::block_number(),
				};
				Self::deposit_event(Event::DisputeOpened {
					battery: battery.clone(),
					batch_hash,
					accepted_result: accepted,
					challenger_result: result_hash,
				});
				dispute
			},
		};
		let winner = if dispute.for_accepted >= MAJORITY_VOTES
			&& dispute.for_accepted > dispute.for_challenger
		{
			Some(DisputeSide::Accepted)
		} else if dispute.for_challenger >= MAJORITY_VOTES
			&& dispute.for_challenger > dispute.for_accepted
		{
			Some(DisputeSide::Challenger)
		} else {
			None
		};
		match winner {
			Some(side) => Self::resolve(battery, dispute, side, None),
			None => Disputes::<T>::insert(battery, dispute),
		}
	}

	/// [`Pallet::resolve_dispute`](crate::Pallet::resolve_dispute) by `caller` (`None`: the admin
	/// origin).
	///
	/// Errors: [`Error::NotAuthority`], [`Error::NoDispute`].
	pub(crate) fn do_resolve_dispute(
		caller: Option<T::AccountId>,
		battery: BatteryId,
		upheld: DisputeSide,
	) -> DispatchResult {
		if let Some(who) = &caller {
			ensure!(T::Consortium::has_role(who, Role::Authority), Error::<T>::NotAuthority);
		}
		let dispute = Disputes::<T>::get(&battery).ok_or(Error::<T>::NoDispute)?;
		Self::resolve(&battery, dispute, upheld, caller);
		Ok(())
	}

	/// Close `dispute`, applying the challenger's result and state if it is upheld.
	fn resolve(
		battery: &BatteryId,
		dispute: Dispute<T>,
		upheld: DisputeSide,
		by: Option<T::AccountId>,
	) {
		Disputes::<T>::remove(battery);
		let batch_hash = dispute.batch_hash;
		// An upheld challenger is a new accepted result: final if its side has k votes. (The
		// accepted side's votes were counted as they came, `ResultFinal` included.)
		let challenger_votes =
			(upheld == DisputeSide::Challenger).then_some(dispute.for_challenger);
		if upheld == DisputeSide::Challenger {
			Self::apply_challenger(battery, dispute);
		}
		Self::deposit_event(Event::DisputeResolved {
			battery: battery.clone(),
			batch_hash,
			upheld,
			by,
		});
		if let Some(votes) = challenger_votes {
			Self::note_resolution(battery, batch_hash, votes);
		}
	}

	/// Make the challenger's result the accepted one: the twin continues from its twin, the
	/// latest health and its history slot show its result, and the batch records its hash.
	/// [`BatchVotes`]' `agrees` flags keep referring to the first accepted result.
	fn apply_challenger(battery: &BatteryId, dispute: Dispute<T>) {
		let batch_hash = dispute.batch_hash;
		TwinStates::<T>::insert(
			battery,
			TwinState {
				twin: Twin::Sealed(dispute.challenger_twin),
				estimator_version: ESTIMATOR_VERSION,
				updated_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		let mut slot = None;
		Batches::<T>::mutate(batch_hash, |record| {
			if let Some(record) = record.as_mut() {
				if let BatchStatus::Resulted { result_hash, history_slot, .. } = &mut record.status
				{
					*result_hash = dispute.challenger_result;
					slot = Some(*history_slot);
				}
			}
		});
		let rewrite = |health: &mut crate::HealthRecordOf<T>| {
			let votes = health.attestations.saturating_add(health.disputes).saturating_add(1);
			health.health = dispute.challenger_health.clone();
			health.estimator = dispute.challenger.clone();
			health.attestations = dispute.for_challenger.saturating_sub(1);
			health.disputes = votes.saturating_sub(dispute.for_challenger);
		};
		LatestHealth::<T>::mutate(battery, |health| {
			if let Some(health) = health.as_mut().filter(|h| h.batch_hash == batch_hash) {
				rewrite(health);
			}
		});
		if let Some(slot) = slot {
			HealthHistory::<T>::mutate(battery, slot, |health| {
				if let Some(health) = health.as_mut().filter(|h| h.batch_hash == batch_hash) {
					rewrite(health);
				}
			});
		}
	}
}
