//! [`BatteryLifecycle`] for the logistics and recycling pallets and [`BatteryScope`] for the
//! consortium.

use crate::{Batteries, BatteryId, BatteryStatus, Config, Pallet};
use battery_primitives::{battery::BatteryLifecycle, consortium::BatteryScope};
use sp_runtime::DispatchResult;

impl<T: Config> BatteryLifecycle<T::AccountId> for Pallet<T> {
	fn status(battery: &BatteryId) -> Option<BatteryStatus> {
		Batteries::<T>::get(battery).map(|record| record.status)
	}

	fn custodian(battery: &BatteryId) -> Option<T::AccountId> {
		Batteries::<T>::get(battery).map(|record| record.custodian)
	}

	fn is_frozen(battery: &BatteryId) -> bool {
		Batteries::<T>::get(battery).is_some_and(|record| record.frozen)
	}

	fn transition(who: &T::AccountId, battery: &BatteryId, to: BatteryStatus) -> DispatchResult {
		Self::do_transition(who, battery, to)
	}

	fn set_custodian(battery: &BatteryId, to: &T::AccountId) -> DispatchResult {
		Self::move_custody(battery, to.clone())
	}
}

/// Users read the batteries assigned to them. Recycler commissions belong to the recycling
/// pallet: this implementation answers `false` for them, and the runtime combines both answers.
impl<T: Config> BatteryScope<T::AccountId, BatteryId> for Pallet<T> {
	fn is_assigned_user(user: &T::AccountId, battery: &BatteryId) -> bool {
		Batteries::<T>::get(battery)
			.is_some_and(|record| record.assigned_user.as_ref() == Some(user))
	}

	fn is_commissioned_recycler(_recycler: &T::AccountId, _battery: &BatteryId) -> bool {
		false
	}
}
