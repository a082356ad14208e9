//! [`ConsortiumInspect`] for other pallets.

use crate::{Config, OperatorUsers, Pallet};
use battery_primitives::consortium::{
	BatteryId, ConsortiumInspect, DataCategory, DeviceInfo, Role, RoleCheckError, RoleSet,
};

impl<T: Config> ConsortiumInspect<T::AccountId> for Pallet<T> {
	fn check_role(who: &T::AccountId, role: Role) -> Result<(), RoleCheckError> {
		Self::role_check(who, role)
	}

	fn roles(who: &T::AccountId) -> RoleSet {
		Self::active_roles(who)
	}

	fn is_user_of(operator: &T::AccountId, user: &T::AccountId) -> bool {
		OperatorUsers::<T>::contains_key(operator, user) && Self::is_active_operator(operator)
	}

	fn device(device: &T::AccountId) -> Option<DeviceInfo<T::AccountId>> {
		Self::active_device(device)
	}

	fn can_read(who: &T::AccountId, battery: &BatteryId, category: DataCategory) -> bool {
		Pallet::<T>::can_read(who, battery, category)
	}
}
