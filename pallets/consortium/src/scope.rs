//! The data-scope matrix and the read and sealing checks built on it.

use crate::{AuthorityReaderKey, Config, Error, Event, Pallet, Scope};
use alloc::vec::Vec;
use battery_primitives::{
	consortium::{BatteryId, BatteryScope, DataCategory, RoleSet},
	scope::{self, ScopeAccounts},
	sealed::ReaderPublicKey,
};
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

	/// The accounts in scope for `category` of `battery` (see [`battery_primitives::scope`]);
	/// `None` if the battery is not registered.
	pub fn scope_accounts(
		battery: &BatteryId,
		category: DataCategory,
	) -> Option<ScopeAccounts<T::AccountId>> {
		let parties = T::BatteryScope::parties(battery)?;
		Some(scope::scope_accounts(Self::scope_of(category), &parties, |who, role| {
			Self::role_check(who, role).is_ok()
		}))
	}

	/// Whether `who` may read `category` of `battery` (see
	/// [`battery_primitives::consortium::ConsortiumInspect::can_read`]).
	pub fn can_read(who: &T::AccountId, battery: &BatteryId, category: DataCategory) -> bool {
		if category == DataCategory::Public {
			return true;
		}
		Self::scope_accounts(battery, category)
			.is_some_and(|scope| scope::in_scope(&scope, who, Self::active_roles(who)))
	}

	/// The reader keys a record of `category` about `battery` by `author` is sealed to (see
	/// [`battery_primitives::consortium::ConsortiumInspect::sealing_keys`]).
	pub fn sealing_keys(
		battery: &BatteryId,
		category: DataCategory,
		author: Option<&T::AccountId>,
	) -> Option<Vec<ReaderPublicKey>> {
		let scope = Self::scope_accounts(battery, category)?;
		Some(scope::sealing_keys(
			&scope,
			author,
			Self::active_reader_key,
			AuthorityReaderKey::<T>::get,
		))
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
