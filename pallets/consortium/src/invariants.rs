//! Cross-checks of the pallet's indexes and counters (`try_state`, and after every test step).

use crate::{
	Applications, Config, Devices, HoldReason, Members, OperatorUserCount, OperatorUsers,
	OwnerDeviceCount, OwnerDevices, Pallet, ReaderKeyOwners, ReaderKeys, RoleMemberCount,
	RoleMembers, Scope, UserOperators,
};
use alloc::collections::btree_map::BTreeMap;
use battery_primitives::consortium::{DataCategory, Role};
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Check that every index and counter agrees with the records, and that each account's held
	/// deposits equal the deposits recorded for it.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		// Members <-> RoleMembers, RoleMemberCount.
		let mut members = 0u32;
		for (who, record) in Members::<T>::iter() {
			members = members.saturating_add(1);
			ensure!(!record.roles.is_empty(), "member without role");
			ensure!(!record.roles.contains(Role::User), "member granted the User role");
			for role in record.roles.iter() {
				ensure!(RoleMembers::<T>::contains_key(role, &who), "role without grant");
			}
		}
		ensure!(members == Members::<T>::count(), "Members counter");
		for role in Role::ALL {
			let mut count = 0u32;
			for who in RoleMembers::<T>::iter_key_prefix(role) {
				count = count.saturating_add(1);
				let record = Members::<T>::get(&who).ok_or("grant without member")?;
				ensure!(record.roles.contains(role), "grant of a role the member lacks");
			}
			ensure!(count == RoleMemberCount::<T>::get(role), "RoleMemberCount");
		}

		// UserOperators <-> OperatorUsers, OperatorUserCount.
		let mut users = 0u32;
		let mut per_operator: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (user, operators) in UserOperators::<T>::iter() {
			users = users.saturating_add(1);
			ensure!(!operators.is_empty(), "user without operator");
			for operator in operators.iter() {
				ensure!(
					OperatorUsers::<T>::contains_key(operator, &user),
					"operator list without registration"
				);
				let entry = per_operator.entry(operator.clone()).or_default();
				*entry = entry.saturating_add(1);
			}
		}
		ensure!(users == UserOperators::<T>::count(), "UserOperators counter");
		for (operator, user, _) in OperatorUsers::<T>::iter() {
			let operators = UserOperators::<T>::get(&user).ok_or("registration without user")?;
			ensure!(operators.contains(&operator), "registration missing from operator list");
		}
		for (operator, count) in OperatorUserCount::<T>::iter() {
			ensure!(per_operator.get(&operator) == Some(&count), "OperatorUserCount");
		}
		for (operator, count) in per_operator.iter() {
			ensure!(OperatorUserCount::<T>::get(operator) == *count, "OperatorUserCount");
		}

		// Devices <-> OwnerDevices, OwnerDeviceCount.
		let mut per_owner: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (device, record) in Devices::<T>::iter() {
			ensure!(OwnerDevices::<T>::contains_key(&record.owner, &device), "device not indexed");
			ensure!(!Members::<T>::contains_key(&device), "device key is a member");
			let entry = per_owner.entry(record.owner.clone()).or_default();
			*entry = entry.saturating_add(1);
		}
		for (owner, device, ()) in OwnerDevices::<T>::iter() {
			let record = Devices::<T>::get(&device).ok_or("index without device")?;
			ensure!(record.owner == owner, "index under the wrong owner");
		}
		for (owner, count) in OwnerDeviceCount::<T>::iter() {
			ensure!(per_owner.get(&owner) == Some(&count), "OwnerDeviceCount");
		}
		for (owner, count) in per_owner.iter() {
			ensure!(OwnerDeviceCount::<T>::get(owner) == *count, "OwnerDeviceCount");
		}

		ensure!(!Scope::<T>::contains_key(DataCategory::Public), "Public scope stored");

		// Held deposits equal recorded deposits.
		let mut membership: BTreeMap<T::AccountId, crate::BalanceOf<T>> = BTreeMap::new();
		for (who, _, app) in Applications::<T>::iter() {
			let entry = membership.entry(who).or_default();
			*entry = entry.saturating_add(app.deposit);
		}
		for (_, who, grant) in RoleMembers::<T>::iter() {
			let entry = membership.entry(who).or_default();
			*entry = entry.saturating_add(grant.deposit);
		}
		for (who, amount) in membership {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::MembershipDeposit.into(), &who) == amount,
				"membership deposit held differs from recorded"
			);
		}
		let mut user_deposits: BTreeMap<T::AccountId, crate::BalanceOf<T>> = BTreeMap::new();
		for (operator, _, registration) in OperatorUsers::<T>::iter() {
			let entry = user_deposits.entry(operator).or_default();
			*entry = entry.saturating_add(registration.deposit);
		}
		for (operator, amount) in user_deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::UserDeposit.into(), &operator) == amount,
				"user deposit held differs from recorded"
			);
		}
		let mut device_deposits: BTreeMap<T::AccountId, crate::BalanceOf<T>> = BTreeMap::new();
		for (_, record) in Devices::<T>::iter() {
			let entry = device_deposits.entry(record.owner).or_default();
			*entry = entry.saturating_add(record.deposit);
		}
		for (owner, amount) in device_deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DeviceDeposit.into(), &owner) == amount,
				"device deposit held differs from recorded"
			);
		}
		// ReaderKeys <-> ReaderKeyOwners: every current or retired key is owned by its account,
		// and every owned key is in its owner's record.
		let mut keys = 0usize;
		for (who, record) in ReaderKeys::<T>::iter() {
			for key in
				core::iter::once(&record.current).chain(record.retired.iter().map(|r| &r.key))
			{
				ensure!(
					ReaderKeyOwners::<T>::get(key).as_ref() == Some(&who),
					"reader key not owned by its account"
				);
				keys = keys.saturating_add(1);
			}
		}
		ensure!(ReaderKeyOwners::<T>::iter().count() == keys, "owned reader key in no record");
		if let Some(authority) = crate::AuthorityReaderKey::<T>::get() {
			ensure!(
				!ReaderKeyOwners::<T>::contains_key(authority),
				"the Authority's reader key is an account's"
			);
		}
		Ok(())
	}
}
