//! Lifecycle transitions and freezing.

use crate::{BatteryId, BatteryStatus, Config, CustodyOffers, Error, Event, Pallet, Role};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Move `battery` to `to` on behalf of `who` (see [`Pallet::transition`]; also the
	/// [`battery_primitives::battery::BatteryLifecycle::transition`] of other pallets).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::BatteryFrozen`], [`Error::IllegalTransition`],
	/// [`Error::SuccessorRequired`], role errors (the transition's role),
	/// [`Error::NotCustodian`], [`Error::StillAssigned`].
	pub(crate) fn do_transition(
		who: &T::AccountId,
		battery: &BatteryId,
		to: BatteryStatus,
	) -> DispatchResult {
		let mut record = Self::battery(battery)?;
		ensure!(!record.frozen, Error::<T>::BatteryFrozen);
		let role = record.status.transition_role(to).ok_or(Error::<T>::IllegalTransition)?;
		ensure!(!to.needs_successor(), Error::<T>::SuccessorRequired);
		Self::ensure_role(who, role)?;
		ensure!(&record.custodian == who, Error::<T>::NotCustodian);
		ensure!(record.assigned_user.is_none(), Error::<T>::StillAssigned);

		let from = core::mem::replace(&mut record.status, to);
		record.status_since = Self::now();
		let closed_now = to.is_closed() && !from.is_closed();
		let custodian = record.custodian.clone();
		Self::store(battery, record);
		if closed_now {
			Self::index_custody(battery, Some(&custodian), None);
		}
		if to.is_closed() {
			CustodyOffers::<T>::remove(battery);
		}
		Self::deposit_event(Event::StatusChanged {
			battery: battery.clone(),
			from,
			to,
			by: who.clone(),
		});
		Ok(())
	}

	/// Freeze (`frozen`) or unfreeze `battery` as the Authority `who` (see [`Pallet::freeze`],
	/// [`Pallet::unfreeze`]).
	///
	/// Errors: role errors (Authority), [`Error::UnknownBattery`], [`Error::AlreadyFrozen`],
	/// [`Error::NotFrozen`].
	pub(crate) fn do_set_frozen(
		who: T::AccountId,
		battery: BatteryId,
		frozen: bool,
	) -> DispatchResult {
		Self::ensure_role(&who, Role::Authority)?;
		let mut record = Self::battery(&battery)?;
		match (record.frozen, frozen) {
			(true, true) => return Err(Error::<T>::AlreadyFrozen.into()),
			(false, false) => return Err(Error::<T>::NotFrozen.into()),
			_ => {},
		}
		record.frozen = frozen;
		Self::store(&battery, record);
		let event = if frozen {
			Event::Frozen { battery, authority: who }
		} else {
			Event::Unfrozen { battery, authority: who }
		};
		Self::deposit_event(event);
		Ok(())
	}
}
