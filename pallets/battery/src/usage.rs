//! Use of an in-service battery: user assignment, running mode and maintenance.

use crate::{
	Batteries, BatteryId, BatteryStatus, Config, Date, Error, Event, Hash32, MaintenanceCount,
	MaintenanceKind, MaintenanceLog, MaintenanceSummary, Pallet, Role, RunningMode,
};
use battery_primitives::{battery::MaintenanceRecord, consortium::ConsortiumInspect};
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
		Batteries::<T>::insert(&battery, record);
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
		record.running_mode = RunningMode::Normal;
		Batteries::<T>::insert(&battery, record);
		Self::deposit_event(Event::UserUnassigned { battery, operator: who, user });
		Ok(())
	}

	/// Set the running mode of `battery` as its assigned user `who` (see
	/// [`Pallet::set_running_mode`]).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotAssignedUser`], role errors (User),
	/// [`Error::BatteryFrozen`].
	pub(crate) fn do_set_running_mode(
		who: T::AccountId,
		battery: BatteryId,
		mode: RunningMode,
	) -> DispatchResult {
		let mut record = Self::battery(&battery)?;
		ensure!(record.assigned_user.as_ref() == Some(&who), Error::<T>::NotAssignedUser);
		Self::ensure_role(&who, Role::User)?;
		ensure!(!record.frozen, Error::<T>::BatteryFrozen);

		record.running_mode = mode;
		Batteries::<T>::insert(&battery, record);
		Self::deposit_event(Event::RunningModeSet { battery, user: who, mode });
		Ok(())
	}

	/// Record maintenance of `battery` as the operator `who` (see [`Pallet::add_maintenance`]).
	///
	/// Errors: role errors (Operator), [`Error::UnknownBattery`], [`Error::PassportClosed`],
	/// [`Error::NotCustodian`], [`Error::InvalidDate`], [`Error::CounterOverflow`].
	pub(crate) fn do_add_maintenance(
		who: T::AccountId,
		battery: BatteryId,
		date: Date,
		kind: MaintenanceKind,
		summary: MaintenanceSummary,
		document_hash: Hash32,
	) -> DispatchResult {
		Self::ensure_role(&who, Role::Operator)?;
		let record = Self::battery(&battery)?;
		ensure!(!record.status.is_closed(), Error::<T>::PassportClosed);
		ensure!(record.custodian == who, Error::<T>::NotCustodian);
		ensure!(date.is_valid(), Error::<T>::InvalidDate);
		let index = MaintenanceCount::<T>::get(&battery);
		let count = index.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;

		let entry = MaintenanceRecord {
			index,
			date,
			kind,
			summary,
			document_hash,
			operator: who,
			recorded_at: Self::now(),
		};
		let mut log = MaintenanceLog::<T>::get(&battery).unwrap_or_default();
		// Full: the oldest record leaves the chain state (it stays in its event).
		let end = log.len();
		if log.force_insert_keep_right(end, entry.clone()).is_err() {
			// Only possible with `MaxMaintenanceRecords == 0`, which `integrity_test` forbids.
			return Err(Error::<T>::CounterOverflow.into());
		}
		MaintenanceLog::<T>::insert(&battery, log);
		MaintenanceCount::<T>::insert(&battery, count);
		Self::deposit_event(Event::MaintenanceRecorded { battery, record: entry });
		Ok(())
	}
}
