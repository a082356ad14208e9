//! Genesis: seeded members, users, devices and the data-scope matrix.

use crate::{Config, GenesisConfig, MemberProfile, Members, Pallet, Scope};
use alloc::vec::Vec;
use battery_primitives::consortium::{DataCategory, DeviceKind, Role, RoleSet, SubjectId};
use serde::{Deserialize, Serialize};

/// A member admitted at genesis (no deposit).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisMember<AccountId> {
	/// The member account.
	pub account: AccountId,
	/// Its roles (at least one; not `User`).
	pub roles: Vec<Role>,
	/// Organisation name (non-empty, at most `MaxProfileFieldLen` bytes).
	pub name: Vec<u8>,
	/// Registration / identity reference (at most `MaxProfileFieldLen` bytes).
	pub registration: Vec<u8>,
	/// Contact (at most `MaxProfileFieldLen` bytes).
	pub contact: Vec<u8>,
}

/// A device registered at genesis (no deposit).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisDevice<AccountId> {
	/// The device key.
	pub device: AccountId,
	/// The owning genesis member (holding the role the kind needs).
	pub owner: AccountId,
	/// Kind of device.
	pub kind: DeviceKind,
	/// What the device is bound to (non-empty, at most 64 bytes).
	pub subject: Vec<u8>,
}

impl<T: Config> GenesisConfig<T> {
	/// Write the genesis state, or say what is wrong with the config.
	pub fn try_build(&self) -> Result<(), &'static str> {
		for (category, _) in &self.scope {
			if *category == DataCategory::Public {
				return Err("the scope of Public data cannot be set");
			}
			if self.scope.iter().filter(|(c, _)| c == category).count() > 1 {
				return Err("a scope category is listed twice");
			}
		}
		for category in DataCategory::ALL.into_iter().filter(|c| *c != DataCategory::Public) {
			let roles = self
				.scope
				.iter()
				.find(|(c, _)| *c == category)
				.map(|(_, roles)| RoleSet::from_roles(roles))
				.unwrap_or_else(|| category.default_readers());
			Scope::<T>::insert(category, roles);
		}

		for member in &self.members {
			if member.roles.is_empty() {
				return Err("a genesis member has no role");
			}
			if member.roles.contains(&Role::User) {
				return Err("the User role is granted by listing the account in `users`");
			}
			if member.name.is_empty() {
				return Err("a genesis member has an empty name");
			}
			if Members::<T>::contains_key(&member.account) {
				return Err("a genesis member is listed twice");
			}
			let profile =
				MemberProfile::new(&member.name, &member.registration, &member.contact)
					.ok_or("a genesis member profile field is longer than MaxProfileFieldLen")?;
			Pallet::<T>::insert_member(
				&member.account,
				RoleSet::from_roles(&member.roles),
				profile,
			)
			.map_err(|_| "too many genesis members for a role")?;
		}

		for (operator, user) in &self.users {
			if !Pallet::<T>::is_active_operator(operator) {
				return Err("a genesis user's operator is not a genesis Operator");
			}
			Pallet::<T>::insert_user(operator, user).map_err(|_| {
				"a genesis user is listed twice or exceeds MaxOperatorsPerUser / MaxUsersPerOperator"
			})?;
		}

		for device in &self.devices {
			let subject = SubjectId::try_from(device.subject.clone())
				.map_err(|_| "a genesis device subject is longer than 64 bytes")?;
			Pallet::<T>::insert_device(&device.owner, &device.device, device.kind, subject)
				.map_err(|_| {
					"a genesis device is invalid: owner lacks the role of the kind, empty subject, \
					 key listed twice or used by a member or user, or too many devices"
				})?;
		}
		// Members and users are inserted first, so a device key that is also a member or user
		// is refused above.
		Ok(())
	}
}
