//! The data-scope matrix and the read check built on it.

use crate::{Config, Error, Event, Pallet, Scope};
use battery_primitives::consortium::{BatteryId, BatteryScope, DataCategory, Role, RoleSet};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// The roles that may read `category`: the stored row, or the default row
	/// ([`DataCategory::default_readers`]) if none was stored. `Public` is every role.
	pub fn scope_of(category: DataCategory) -> RoleSet {
		if category == DataCategory::Public {
			return RoleSet::all();
		}
		Scope::<T>::get(category).unwrap_or_else(|| category.default_readers())
	}

	/// Whether `who` may read `category` of `battery` (see
	/// [`battery_primitives::consortium::ConsortiumInspect::can_read`]).
	pub fn can_read(who: &T::AccountId, battery: &BatteryId, category: DataCategory) -> bool {
		if category == DataCategory::Public {
			return true;
		}
		Self::scope_of(category).intersection(Self::active_roles(who)).iter().any(|role| match role
		{
			Role::User => T::BatteryScope::is_assigned_user(who, battery),
			Role::Recycler => T::BatteryScope::is_commissioned_recycler(who, battery),
			_ => true,
		})
	}

	/// Change a row of the matrix (see [`Pallet::set_scope`]).
	///
	/// Errors: [`Error::PublicScopeFixed`].
	pub(crate) fn do_set_scope(category: DataCategory, roles: RoleSet) -> DispatchResult {
		ensure!(category != DataCategory::Public, Error::<T>::PublicScopeFixed);
		Scope::<T>::insert(category, roles);
		Self::deposit_event(Event::ScopeSet { category, roles });
		Ok(())
	}
}
