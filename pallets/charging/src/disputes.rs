//! Disputes of settled sessions: the payer disputes within the window, the station's owner or
//! an Authority resolves with a refund the station's owner pays; and the invariants the
//! try-state hook and the property test check.

use crate::{
	BalanceOf, Config, ConsortiumInspect, Error, Event, Hash32, Pallet, Role, SessionId,
	SessionStatus, Sessions,
};
use frame_support::{
	ensure,
	traits::{fungible::Mutate, tokens::Preservation, Get},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::dispute_session`](crate::Pallet::dispute_session) by `who`.
	///
	/// Errors: [`Error::UnknownSession`], [`Error::NotPayerOfSession`], [`Error::WrongStatus`],
	/// [`Error::DisputeWindowClosed`].
	pub(crate) fn do_dispute_session(
		who: T::AccountId,
		id: SessionId,
		reason: Hash32,
	) -> DispatchResult {
		let mut session = Self::session(id)?;
		ensure!(session.payer == who, Error::<T>::NotPayerOfSession);
		let SessionStatus::Settled(settlement) = session.status else {
			return Err(Error::<T>::WrongStatus.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			now <= settlement.settled_at.saturating_add(T::DisputeWindow::get()),
			Error::<T>::DisputeWindowClosed
		);
		session.status = SessionStatus::Disputed { settlement, reason };
		Sessions::<T>::insert(id, session);
		Self::deposit_event(Event::SessionDisputed { session: id, reason });
		Ok(())
	}

	/// [`Pallet::resolve_dispute`](crate::Pallet::resolve_dispute) by `caller` (`None`: the
	/// admin origin).
	///
	/// Errors: [`Error::UnknownSession`], [`Error::NotAuthority`] (neither the station's owner
	/// nor an Authority), [`Error::WrongStatus`], [`Error::RefundAboveCost`],
	/// [`Error::RefundFailed`].
	pub(crate) fn do_resolve_dispute(
		caller: Option<T::AccountId>,
		id: SessionId,
		refund: BalanceOf<T>,
	) -> DispatchResult {
		let mut session = Self::session(id)?;
		if let Some(who) = &caller {
			ensure!(
				*who == session.station_owner || T::Consortium::has_role(who, Role::Authority),
				Error::<T>::NotAuthority
			);
		}
		let SessionStatus::Disputed { settlement, .. } = session.status else {
			return Err(Error::<T>::WrongStatus.into());
		};
		ensure!(refund <= settlement.cost, Error::<T>::RefundAboveCost);
		if !refund.is_zero() {
			T::Currency::transfer(
				&session.station_owner,
				&session.payer,
				refund,
				Preservation::Preserve,
			)
			.map_err(|_| Error::<T>::RefundFailed)?;
		}
		session.status = SessionStatus::Resolved { settlement, refund };
		Sessions::<T>::insert(id, session);
		Self::deposit_event(Event::DisputeResolved { session: id, refund });
		Ok(())
	}

	/// The pallet's invariants: every open session holds its `held` (the session holds of each
	/// payer add up to its balance on hold) and occupies its pile, and every occupied pile has
	/// its open session.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use crate::{HoldReason, PileSessions, PileStatus, Piles};
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut open = 0usize;
		for (id, session) in Sessions::<T>::iter() {
			if !session.status.is_open() {
				continue;
			}
			open += 1;
			let sum = held.entry(session.payer.clone()).or_insert_with(Zero::zero);
			*sum = sum.saturating_add(session.held);
			ensure!(PileSessions::<T>::get(&session.pile) == Some(id), "open session off its pile");
			let pile = Piles::<T>::get(&session.pile).ok_or("session of an unknown pile")?;
			ensure!(pile.status == PileStatus::Occupied, "open session on a free pile");
		}
		ensure!(PileSessions::<T>::iter().count() == open, "pile of no open session");
		for (payer, sum) in held {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::Session.into(), &payer);
			ensure!(on_hold == sum, "session holds do not add up");
		}
		Ok(())
	}
}
