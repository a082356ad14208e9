//! Use of an in-service battery: user assignment and the sealed running mode.

use crate::{
	BatteryId, BatteryStatus, Config, Error, Event, Pallet, Role, RunningModes, UsageEnvelope,
};
use battery_primitives::{
	battery::RunningModeRecord,
	consortium::{ConsortiumInspect, DataCategory},
};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Assign `battery` to `user` as the operator `who` (see [`Pallet::assign_user`]).
	///
	/// Errors: role errors (Operator), [`Error::UnknownBattery`], [`Error::BatteryFrozen`],
	/// [`Error::NotInService`], [`Error::NotCustodian`], [`Error::AlreadyAssigned`],
	/// [`Error::NotUserOfOperator`].
	pub(crate) fn do_assign_user(
		who: T::AccountId,
		battery: BatteryId,
		user: T::AccountId,
	) -> DispatchResult {
		Self::ensure_role(&who, Role::Operator)?;
		let mut record = Self::battery(&battery)?;
		ensure!(!record.frozen, Error::<T>::BatteryFrozen);
		ensure!(record.status == BatteryStatus::InService, Error::<T>::NotInService);
		ensure!(record.custodian == who, Error::<T>::NotCustodian);
		ensure!(record.assigned_user.is_none(), Error::<T>::AlreadyAssigned);
		ensure!(T::Consortium::is_user_of(&who, &user), Error::<T>::NotUserOfOperator);

		record.assigned_user = Some(user.clone());
		Self::store(&battery, record);
		Self::deposit_event(Event::UserAssigned { battery, operator: who, user });
		Ok(())
	}

	/// End the assignment of `battery` as the operator `who` (see [`Pallet::unassign_user`]).
	///
	/// Errors: role errors (Operator), [`Error::UnknownBattery`], [`Error::NotCustodian`],
	/// [`Error::NotAssigned`].
	pub(crate) fn do_unassign_user(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		Self::ensure_role(&who, Role::Operator)?;
		let mut record = Self::battery(&battery)?;
		ensure!(record.custodian == who, Error::<T>::NotCustodian);
		let user = record.assigned_user.take().ok_or(Error::<T>::NotAssigned)?;
		Self::store(&battery, record);
		RunningModes::<T>::remove(&battery);
		Self::deposit_event(Event::UserUnassigned { battery, operator: who, user });
		Ok(())
	}

	/// Set the running mode of `battery` as its assigned user `who` (see
	/// [`Pallet::set_running_mode`]).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotAssignedUser`], role errors (User),
	/// [`Error::BatteryFrozen`], the envelope errors of [`Pallet::check_sealed`].
	pub(crate) fn do_set_running_mode(
		who: T::AccountId,
		battery: BatteryId,
		mode: UsageEnvelope,
	) -> DispatchResult {
		let record = Self::battery(&battery)?;
		ensure!(record.assigned_user.as_ref() == Some(&who), Error::<T>::NotAssignedUser);
		Self::ensure_role(&who, Role::User)?;
		ensure!(!record.frozen, Error::<T>::BatteryFrozen);
		Self::check_sealed(&mode, DataCategory::Usage, &battery, &who)?;

		let entry =
			RunningModeRecord { mode: mode.clone(), user: who.clone(), set_at: Self::now() };
		RunningModes::<T>::insert(&battery, entry);
		Self::deposit_event(Event::RunningModeSet { battery, user: who, mode });
		Ok(())
	}
}
