//! Attestation: a health result becomes **final** once estimator keys of `k` distinct members
//! ([`RequiredAttestations`], the accepted result's key included) submitted the same result for
//! the batch. Until then it is pending: readers see it with `is_final = false` (the health
//! views' `attestations` and `required_attestations`). A different result disputes the latest
//! result ([`crate::disputes`]).
//!
//! Distinct members: a key registered by a member (an Operator or an Authority) votes for its
//! registrar, so one member's keys — likely on one node — count once; keys registered by the
//! admin origin (genesis, governance) each count for themselves. A member whose key already
//! voted on a batch cannot vote on it again with another key ([`Error::MemberAlreadyVoted`]),
//! nor after removing that key and registering a new one: the vote is recorded for the member
//! ([`MemberVotes`]) when it is cast.
//!
//! An estimator node attests a batch by computing it while it is pending (nodes race on every
//! pending batch; whichever result lands first is accepted, the others are votes), or later by
//! reproducing it from the twin of the last batch it estimated itself
//! ([`crate::offchain::catch_up`]). A node that holds no twin before the batch (it never
//! estimated the battery, or missed more than the retained batches in a row) cannot attest it:
//! with k ≥ 2 such a result stays pending until other members attest it; the admin origin may
//! lower k.

use crate::{
	Config, Disputes, Error, EstimatorRecordOf, Event, HashOf, HealthHistory, HealthRecordOf,
	MemberVotes, Pallet, RequiredAttestations,
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

	/// Whether a key registered as `voter` may vote on `batch_hash`: no key of its member voted
	/// on it yet (keys of the admin origin have no member and always may).
	pub fn member_may_vote(voter: &EstimatorRecordOf<T>, batch_hash: HashOf<T>) -> bool {
		voter
			.scope
			.registrar()
			.is_none_or(|member| !MemberVotes::<T>::contains_key(batch_hash, member))
	}

	/// Record that `member` (the registrar of the voting key; `None` for an admin key) voted on
	/// `batch_hash`.
	pub(crate) fn note_member_vote(member: Option<T::AccountId>, batch_hash: HashOf<T>) {
		if let Some(member) = member {
			MemberVotes::<T>::insert(batch_hash, member, ());
		}
	}

	/// After an agreeing vote on `battery`'s `batch_hash`, whose health is in history slot
	/// `slot` (the accepted result's own vote included): emit [`Event::ResultFinal`] when the
	/// agreeing votes the health record counts just reached k.
	pub(crate) fn note_agreement(battery: &BatteryId, batch_hash: HashOf<T>, slot: u32) {
		let Some(health) =
			HealthHistory::<T>::get(battery, slot).filter(|h| h.batch_hash == batch_hash)
		else {
			return;
		};
		let agreeing = health.attestations.saturating_add(1);
		if agreeing == Self::required_attestations() {
			Self::deposit_final(battery, batch_hash, agreeing);
		}
	}

	/// After a dispute over `battery`'s `batch_hash` was resolved for the challenger with `votes`:
	/// emit [`Event::ResultFinal`] for its result if they reach k.
	pub(crate) fn note_resolution(battery: &BatteryId, batch_hash: HashOf<T>, votes: u32) {
		if votes >= Self::required_attestations() {
			Self::deposit_final(battery, batch_hash, votes);
		}
	}

	fn deposit_final(battery: &BatteryId, batch_hash: HashOf<T>, attestations: u32) {
		Self::deposit_event(Event::ResultFinal {
			battery: battery.clone(),
			batch_hash,
			attestations,
		});
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
