//! [`BatteryLifecycle`] for the logistics and recycling pallets; [`BatteryScope`],
//! [`DeviceBinding`] and [`MemberObligations`] for the consortium.

use crate::{BatteryId, BatteryStatus, Config, Pallet};
use battery_primitives::{
	battery::BatteryLifecycle,
	consortium::{
		BatteryScope, BindingError, DeviceBinding, DeviceKind, MemberObligations, Obligation,
		SubjectId,
	},
	scope::BatteryParties,
};
use sp_runtime::DispatchResult;

impl<T: Config> BatteryLifecycle<T::AccountId> for Pallet<T> {
	fn status(battery: &BatteryId) -> Option<BatteryStatus> {
		Pallet::<T>::record(battery).map(|record| record.status)
	}

	fn custodian(battery: &BatteryId) -> Option<T::AccountId> {
		Pallet::<T>::record(battery).map(|record| record.custodian)
	}

	fn is_frozen(battery: &BatteryId) -> bool {
		Pallet::<T>::record(battery).is_some_and(|record| record.frozen)
	}

	fn transition(who: &T::AccountId, battery: &BatteryId, to: BatteryStatus) -> DispatchResult {
		Self::do_transition(who, battery, to)
	}

	fn set_custodian(
		battery: &BatteryId,
		to: &T::AccountId,
		via: battery_primitives::battery::CustodyVia,
	) -> DispatchResult {
		Self::move_custody(battery, to.clone(), via)
	}

	fn manufactured_on(battery: &BatteryId) -> Option<battery_primitives::battery::Date> {
		let record = Pallet::<T>::record(battery)?;
		crate::FactoryRecords::<T>::get(record.factory_hash)
			.map(|factory| factory.manufacturing_date)
	}

	fn record_accident(
		battery: &BatteryId,
		accident: battery_primitives::battery::Accident,
	) -> DispatchResult {
		Self::do_record_accident(battery, accident)
	}

	fn register_second_life(
		recycler: &T::AccountId,
		predecessor: &BatteryId,
		kind: battery_primitives::battery::SecondLife,
		successor: &BatteryId,
		factory: battery_primitives::battery::FactoryData,
	) -> DispatchResult {
		Self::do_register_second_life(
			recycler.clone(),
			predecessor.clone(),
			kind,
			successor.clone(),
			factory,
		)
	}
}

/// The parties of a battery for the consortium's data scope: manufacturer, custodian and assigned
/// user. Recycler commissions belong to the recycling pallet: this implementation names none, and
/// the runtime combines both answers once that pallet exists.
impl<T: Config> BatteryScope<T::AccountId, BatteryId> for Pallet<T> {
	fn parties(battery: &BatteryId) -> Option<BatteryParties<T::AccountId>> {
		Pallet::<T>::record(battery).map(|record| BatteryParties {
			manufacturer: record.manufacturer,
			custodian: record.custodian,
			assigned_user: record.assigned_user,
			recycler: None,
		})
	}
}

/// A BMS gateway reports one battery, so only the member running it may bind one: the custodian
/// of the battery while its passport is open (the consortium checks the owner's role). Other
/// device kinds are bound to vehicles and piles, which this pallet does not keep.
impl<T: Config> DeviceBinding<T::AccountId> for Pallet<T> {
	fn check_binding(
		owner: &T::AccountId,
		kind: DeviceKind,
		subject: &SubjectId,
	) -> Result<(), BindingError> {
		if kind != DeviceKind::BmsGateway {
			return Ok(());
		}
		let record = Pallet::<T>::record(subject).ok_or(BindingError::UnknownSubject)?;
		if &record.custodian == owner && !record.status.is_closed() {
			Ok(())
		} else {
			Err(BindingError::NotSubjectOperator)
		}
	}
}

/// A member that is the custodian of a battery with an open passport may be neither removed nor
/// suspended: nobody else could move the battery.
impl<T: Config> MemberObligations<T::AccountId> for Pallet<T> {
	fn obligation(who: &T::AccountId) -> Option<Obligation> {
		Self::holds_batteries(who).then_some(Obligation::Batteries)
	}
}
