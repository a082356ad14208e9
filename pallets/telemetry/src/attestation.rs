//! Attestation: a health result becomes **final** once estimator keys of `k` distinct members
//! ([`RequiredAttestations`], the accepted result's key included) submitted the same result for
//! the batch. Until then it is pending: readers see it with `is_final = false` (the health
//! views' `attestations` and `required_attestations`). A different result disputes the latest
//! result ([`crate::disputes`]).
//!
//! Distinct members: a key registered by a member (an Operator or an Authority) votes for its
//! registrar, so one member's keys — likely on one node — count once; keys registered by the
//! admin origin (genesis, governance) each count for themselves. A member whose key already
//! voted on a batch cannot vote on it again with another key ([`Error::MemberAlreadyVoted`]).

use crate::{
	BatchVotes, Config, Disputes, Error, EstimatorRecordOf, Estimators, Event, HashOf,
	HealthRecordOf, Pallet, RequiredAttestations, VotesOf,
};
use battery_primitives::consortium::BatteryId;
use frame_support::{ensure, traits::Get};
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	/// Agreeing votes a result needs to be final (k, at least 1).
	pub fn required_attestations() -> u32 {
		RequiredAttestations::<T>::get().max(1)
	}

	/// Whether `record`, a health result of `battery`, is final: `k` agreeing votes and no open
	/// dispute over its batch.
	pub fn is_final(battery: &BatteryId, record: &HealthRecordOf<T>) -> bool {
		let agreeing = record.attestations.saturating_add(1);
		let disputed =
			Disputes::<T>::get(battery).is_some_and(|d| d.batch_hash == record.batch_hash);
		agreeing >= Self::required_attestations() && !disputed
	}

	/// Whether a key registered as `voter` may vote beside `votes`: no key of the same member
	/// (registrar) voted yet. Reads the registration of each earlier voter (at most
	/// `MaxVotes`).
	pub fn member_may_vote(voter: &EstimatorRecordOf<T>, votes: &VotesOf<T>) -> bool {
		let Some(member) = voter.scope.registrar() else { return true };
		!votes.iter().any(|vote| {
			Estimators::<T>::get(&vote.estimator)
				.is_some_and(|earlier| earlier.scope.registrar() == Some(member))
		})
	}

	/// After an agreeing vote on `battery`'s `batch_hash` (the accepted result's own included):
	/// emit [`Event::ResultFinal`] when the agreeing votes just reached k.
	pub(crate) fn note_agreement(battery: &BatteryId, batch_hash: HashOf<T>) {
		let agreeing = BatchVotes::<T>::get(batch_hash).iter().filter(|vote| vote.agrees).count();
		let agreeing = u32::try_from(agreeing).unwrap_or(u32::MAX);
		if agreeing == Self::required_attestations() {
			Self::deposit_event(Event::ResultFinal {
				battery: battery.clone(),
				batch_hash,
				attestations: agreeing,
			});
		}
	}

	/// [`Pallet::set_required_attestations`](crate::Pallet::set_required_attestations).
	///
	/// Errors: [`Error::AttestationsOutOfRange`] unless `1 <= required <= MaxVotes`.
	pub(crate) fn do_set_required_attestations(required: u32) -> DispatchResult {
		ensure!(
			required >= 1 && required <= T::MaxVotes::get(),
			Error::<T>::AttestationsOutOfRange
		);
		RequiredAttestations::<T>::put(required);
		Self::deposit_event(Event::RequiredAttestationsSet { required });
		Ok(())
	}
}
