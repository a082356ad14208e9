//! Accident records: written by other pallets through
//! [`BatteryLifecycle::record_accident`](battery_primitives::battery::BatteryLifecycle) (an
//! impact over the threshold during a shipment), the latest [`Config::MaxAccidentRecords`] kept
//! on chain with the total count, every one in its event.

use crate::{Accident, AccidentRecord, Accidents, BatteryId, Config, Error, Event, Pallet};
use frame_support::ensure;
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	/// Record `accident` on `battery`.
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::PassportClosed`], [`Error::CounterOverflow`].
	pub(crate) fn do_record_accident(battery: &BatteryId, accident: Accident) -> DispatchResult {
		let record = Self::battery(battery)?;
		ensure!(!record.status.is_closed(), Error::<T>::PassportClosed);
		let mut log = Accidents::<T>::get(battery).unwrap_or_default();
		let index = log.total;
		log.total = index.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;
		let entry = AccidentRecord::new(index, accident, Self::now());
		// Full: the oldest record leaves the chain state (it stays in its event).
		let end = log.records.len();
		if log.records.force_insert_keep_right(end, entry.clone()).is_err() {
			// Only possible with `MaxAccidentRecords == 0`, which `integrity_test` forbids.
			return Err(Error::<T>::CounterOverflow.into());
		}
		Accidents::<T>::insert(battery, log);
		Self::deposit_event(Event::AccidentRecorded { battery: battery.clone(), record: entry });
		Ok(())
	}
}
