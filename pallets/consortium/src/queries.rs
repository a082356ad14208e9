//! Reads behind the `ConsortiumApi` runtime API. The runtime's `impl_runtime_apis!` forwards each
//! API method to the function of the same name here, except `roles` → [`Pallet::roles_of`],
//! `device` → [`Pallet::device_record`] and `can_read` → [`Pallet::can_read_raw`] (the plain names
//! belong to [`battery_primitives::consortium::ConsortiumInspect`]).

use crate::{
	Applications, BalanceOf, BlockNumberOf, Config, Devices, Members, OperatorUserCount,
	OperatorUsers, OwnerDeviceCount, OwnerDevices, Pallet, RoleMemberCount, RoleMembers,
	UserOperators,
};
use alloc::vec::Vec;
use battery_primitives::consortium::{
	AccountView, ApplicationView, BatteryId, DataCategory, DeviceRecord, MemberStatus, MemberView,
	Role, RoleGrantView, ScopeRow, MAX_PAGE_SIZE,
};
use battery_primitives::sealed::ReaderPublicKey;

/// A device record as the runtime API returns it.
pub type DeviceRecordView<T> =
	DeviceRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberOf<T>>;

/// `limit` capped at [`MAX_PAGE_SIZE`], as a `usize` for `Iterator::take`.
fn page(limit: u32) -> usize {
	limit.min(MAX_PAGE_SIZE) as usize
}

impl<T: Config> Pallet<T> {
	/// Standing of `who`: active roles, member record, operators, pending applications, device.
	pub fn account(who: T::AccountId) -> AccountView<T::AccountId, BalanceOf<T>, BlockNumberOf<T>> {
		let applications = Applications::<T>::iter_prefix(&who)
			.map(|(role, app)| ApplicationView {
				role,
				profile: app.profile.view(),
				deposit: app.deposit,
				submitted_at: app.submitted_at,
			})
			.collect();
		AccountView {
			active_roles: Self::active_roles(&who).to_vec(),
			member: Self::member(who.clone()),
			operators: UserOperators::<T>::get(&who)
				.map(|ops| ops.into_inner())
				.unwrap_or_default(),
			applications,
			device: Devices::<T>::get(&who),
		}
	}

	/// The member record of `who`, if it is an admitted organisation.
	pub fn member(who: T::AccountId) -> Option<MemberView<BalanceOf<T>, BlockNumberOf<T>>> {
		let record = Members::<T>::get(&who)?;
		let roles = record
			.roles
			.iter()
			.filter_map(|role| {
				RoleMembers::<T>::get(role, &who).map(|grant| RoleGrantView {
					role,
					deposit: grant.deposit,
					granted_at: grant.granted_at,
				})
			})
			.collect();
		Some(MemberView {
			status: record.status,
			profile: record.profile.view(),
			roles,
			member_since: record.member_since,
			user_count: OperatorUserCount::<T>::get(&who),
			device_count: OwnerDeviceCount::<T>::get(&who),
		})
	}

	/// Roles `who` holds right now.
	pub fn roles_of(who: T::AccountId) -> Vec<Role> {
		Self::active_roles(&who).to_vec()
	}

	/// Status of the member `who` (`None`: not a member).
	pub fn status(who: T::AccountId) -> Option<MemberStatus> {
		Members::<T>::get(&who).map(|m| m.status)
	}

	/// Accounts granted `role` (for `User`: registered by at least one operator), one page after
	/// `start_after`.
	pub fn members_by_role(
		role: Role,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Vec<T::AccountId> {
		if role == Role::User {
			let iter = match start_after {
				Some(start) => {
					UserOperators::<T>::iter_from(UserOperators::<T>::hashed_key_for(start))
				},
				None => UserOperators::<T>::iter(),
			};
			return iter.map(|(user, _)| user).take(page(limit)).collect();
		}
		let iter = match start_after {
			Some(start) => RoleMembers::<T>::iter_key_prefix_from(
				role,
				RoleMembers::<T>::hashed_key_for(role, start),
			),
			None => RoleMembers::<T>::iter_key_prefix(role),
		};
		iter.take(page(limit)).collect()
	}

	/// Number of accounts [`Self::members_by_role`] pages over.
	pub fn member_count(role: Role) -> u32 {
		if role == Role::User {
			UserOperators::<T>::count()
		} else {
			RoleMemberCount::<T>::get(role)
		}
	}

	/// Users registered by `operator`, one page after `start_after`.
	pub fn users_of(
		operator: T::AccountId,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Vec<T::AccountId> {
		let iter = match start_after {
			Some(start) => OperatorUsers::<T>::iter_key_prefix_from(
				&operator,
				OperatorUsers::<T>::hashed_key_for(&operator, start),
			),
			None => OperatorUsers::<T>::iter_key_prefix(&operator),
		};
		iter.take(page(limit)).collect()
	}

	/// Devices registered by `owner` with their records, one page after `start_after`.
	pub fn devices_of(
		owner: T::AccountId,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Vec<(T::AccountId, DeviceRecordView<T>)> {
		let iter = match start_after {
			Some(start) => OwnerDevices::<T>::iter_key_prefix_from(
				&owner,
				OwnerDevices::<T>::hashed_key_for(&owner, start),
			),
			None => OwnerDevices::<T>::iter_key_prefix(&owner),
		};
		iter.take(page(limit))
			.filter_map(|device| Devices::<T>::get(&device).map(|record| (device, record)))
			.collect()
	}

	/// The record of the device key `device` (active or not).
	pub fn device_record(device: T::AccountId) -> Option<DeviceRecordView<T>> {
		Devices::<T>::get(&device)
	}

	/// The whole data-scope matrix, one row per category.
	pub fn scope_matrix() -> Vec<ScopeRow> {
		DataCategory::ALL
			.into_iter()
			.map(|category| {
				let roles = Self::scope_of(category);
				ScopeRow {
					category,
					roles: roles.to_vec(),
					battery_scoped: roles.iter().filter(|r| r.is_battery_scoped()).collect(),
				}
			})
			.collect()
	}

	/// [`Pallet::sealing_keys`] for a raw battery id; `None` if the id is too long or unknown.
	pub fn sealing_keys_raw(
		battery: Vec<u8>,
		category: DataCategory,
		author: Option<T::AccountId>,
	) -> Option<Vec<ReaderPublicKey>> {
		let battery = BatteryId::try_from(battery).ok()?;
		Self::sealing_keys(&battery, category, author.as_ref())
	}

	/// [`Pallet::can_read`] for a raw battery id; `false` if the id is too long.
	pub fn can_read_raw(who: T::AccountId, battery: Vec<u8>, category: DataCategory) -> bool {
		BatteryId::try_from(battery)
			.map(|battery| Self::can_read(&who, &battery, category))
			.unwrap_or(false)
	}
}
