//! [`ConsortiumInspect`] for other pallets.

use crate::{AuthorityReaderKey, Config, OperatorUsers, Pallet, ReaderKeyOwners};
use alloc::vec::Vec;
use battery_primitives::{
	consortium::{
		BatteryId, ConsortiumInspect, DataCategory, DeviceInfo, Role, RoleCheckError, RoleSet,
	},
	sealed::ReaderPublicKey,
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

	fn reader_key(who: &T::AccountId) -> Option<ReaderPublicKey> {
		Self::active_reader_key(who)
	}

	fn authority_reader_key() -> Option<ReaderPublicKey> {
		AuthorityReaderKey::<T>::get()
	}

	fn reader_keys_of(who: &T::AccountId) -> Vec<ReaderPublicKey> {
		Self::kept_reader_keys(who)
	}

	fn reader_key_owner(key: &ReaderPublicKey) -> Option<T::AccountId> {
		ReaderKeyOwners::<T>::get(key)
	}

	fn sealing_keys(
		battery: &BatteryId,
		category: DataCategory,
		author: Option<&T::AccountId>,
	) -> Option<Vec<ReaderPublicKey>> {
		Pallet::<T>::sealing_keys(battery, category, author)
	}
}
