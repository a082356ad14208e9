//! Maintenance records: the public date and kind of the work with its sealed details, the latest
//! [`Config::MaxMaintenanceRecords`] kept on chain, and grants that let a newcomer to the scope
//! open kept records.

use crate::{
	BatteryId, Config, Date, Error, Event, GrantOf, MaintenanceCount, MaintenanceEnvelope,
	MaintenanceKind, MaintenanceLog, Pallet, Role,
};
use battery_primitives::{battery::MaintenanceRecord, consortium::DataCategory};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Record maintenance of `battery` as the operator `who` (see [`Pallet::add_maintenance`]).
	///
	/// Errors: role errors (Operator), [`Error::UnknownBattery`], [`Error::PassportClosed`],
	/// [`Error::NotCustodian`], [`Error::InvalidDate`], the envelope errors of
	/// [`Pallet::check_sealed`], [`Error::CounterOverflow`].
	pub(crate) fn do_add_maintenance(
		who: T::AccountId,
		battery: BatteryId,
		date: Date,
		kind: MaintenanceKind,
		details: MaintenanceEnvelope,
	) -> DispatchResult {
		Self::ensure_role(&who, Role::Operator)?;
		let record = Self::battery(&battery)?;
		ensure!(!record.status.is_closed(), Error::<T>::PassportClosed);
		ensure!(record.custodian == who, Error::<T>::NotCustodian);
		ensure!(date.is_valid(), Error::<T>::InvalidDate);
		Self::check_sealed(&details, DataCategory::Maintenance, &battery, &who)?;
		let index = MaintenanceCount::<T>::get(&battery);
		let count = index.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;

		let entry = MaintenanceRecord {
			index,
			date,
			kind,
			details,
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

	/// Add readers to the kept maintenance record `index` of `battery` as `who` (see
	/// [`Pallet::grant_maintenance`]).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::UnknownRecord`], the grant errors of
	/// [`Pallet::grant_sealed`].
	pub(crate) fn do_grant_maintenance(
		who: T::AccountId,
		battery: BatteryId,
		index: u32,
		wraps: GrantOf,
	) -> DispatchResult {
		Self::battery(&battery)?;
		let mut log = MaintenanceLog::<T>::get(&battery).ok_or(Error::<T>::UnknownRecord)?;
		let entry =
			log.iter_mut().find(|entry| entry.index == index).ok_or(Error::<T>::UnknownRecord)?;
		Self::grant_sealed(&mut entry.details, DataCategory::Maintenance, &battery, &who, &wraps)?;
		MaintenanceLog::<T>::insert(&battery, log);
		let readers = wraps.iter().map(|wrap| wrap.reader).collect::<alloc::vec::Vec<_>>();
		Self::deposit_event(Event::MaintenanceAccessGranted {
			battery,
			index,
			by: who,
			readers: BoundedVec::truncate_from(readers),
		});
		Ok(())
	}
}
