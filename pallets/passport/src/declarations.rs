//! Declarations and withdrawals of model passport attributes.

use crate::{pallet::*, AttributeKey, ModelName, ModelRecord, Role};
use battery_primitives::{
	consortium::{ConsortiumInspect, RoleSet},
	passport::{Attribute, AttributeView},
};
use frame_support::{
	ensure,
	pallet_prelude::{DispatchResult, Get},
	traits::UnixTime,
};

/// How a declaration or a withdrawal changes a model passport's attributes.
#[derive(Clone, Copy)]
enum Change {
	/// An attribute under a new key.
	Added,
	/// Another value under a key declared before.
	Replaced,
	/// An attribute withdrawn.
	Removed,
}

/// Whether a member holding `roles` is an economic operator, who declares model passports: a
/// Manufacturer, or a Recycler (for its second-life models).
pub(crate) fn is_economic_operator(roles: RoleSet) -> bool {
	roles.contains(Role::Manufacturer) || roles.contains(Role::Recycler)
}

impl<T: Config> Pallet<T> {
	/// `who` may declare model passports: an active economic operator.
	fn ensure_operator(who: &T::AccountId) -> DispatchResult {
		ensure!(is_economic_operator(T::Consortium::roles(who)), Error::<T>::NotEconomicOperator);
		Ok(())
	}

	/// Record `change` in the model passport of `key`, dated `now_ms`: its version one on (a
	/// new model passport, within the operator's `MaxModels`), its attribute count; one left
	/// without attributes is removed and no longer counts for its operator. Checks before it
	/// writes; the new version.
	fn record_change(
		key: &(T::AccountId, ModelName),
		change: Change,
		now_ms: u64,
	) -> Result<u32, Error<T>> {
		let existing = Models::<T>::get(key);
		let record = match &existing {
			Some(record) => ModelRecord {
				version: record.version.checked_add(1).ok_or(Error::<T>::VersionOverflow)?,
				updated_ms: now_ms,
				..record.clone()
			},
			None => {
				ensure!(
					ModelCounts::<T>::get(&key.0) < T::MaxModels::get(),
					Error::<T>::TooManyModels
				);
				ModelRecord {
					version: 1,
					first_declared_ms: now_ms,
					updated_ms: now_ms,
					attributes: 0,
				}
			},
		};
		let attributes = match change {
			Change::Added => record.attributes.saturating_add(1),
			Change::Replaced => record.attributes,
			Change::Removed => record.attributes.saturating_sub(1),
		};
		let version = record.version;
		if attributes == 0 {
			Models::<T>::remove(key);
			ModelCounts::<T>::mutate(&key.0, |count| *count = count.saturating_sub(1));
		} else {
			if existing.is_none() {
				ModelCounts::<T>::mutate(&key.0, |count| *count = count.saturating_add(1));
			}
			Models::<T>::insert(key, ModelRecord { attributes, ..record });
		}
		Ok(version)
	}

	fn now_ms() -> u64 {
		u64::try_from(T::UnixTime::now().as_millis()).unwrap_or(u64::MAX)
	}

	/// [`Pallet::declare`].
	pub(crate) fn do_declare(
		who: T::AccountId,
		model: ModelName,
		attribute: Attribute,
	) -> DispatchResult {
		Self::ensure_operator(&who)?;
		ensure!(
			!model.is_empty() && core::str::from_utf8(&model).is_ok(),
			Error::<T>::InvalidModel
		);
		attribute.validate().map_err(Error::<T>::from)?;
		match &attribute {
			Attribute::Restricted(_, documents) => Self::check_links(&who, &model, documents)?,
			Attribute::Operator(operator) => ensure!(
				OperatorIds::<T>::get(&who) == Some(operator.economic_operator),
				Error::<T>::ForeignBpn
			),
			_ => {},
		}
		let attribute_key = attribute.key();
		let key = (who, model);
		let previous = Attributes::<T>::get(&key, attribute_key);
		ensure!(
			previous.as_ref().is_none_or(|record| record.attribute != attribute),
			Error::<T>::Unchanged
		);
		let now_ms = Self::now_ms();
		let change = if previous.is_some() { Change::Replaced } else { Change::Added };
		let version = Self::record_change(&key, change, now_ms)?;
		Attributes::<T>::insert(
			&key,
			attribute_key,
			AttributeView {
				attribute,
				version,
				declared_at: frame_system::Pallet::<T>::block_number(),
				declared_ms: now_ms,
			},
		);
		let (operator, model) = key;
		Self::deposit_event(Event::AttributeDeclared {
			operator,
			model,
			key: attribute_key,
			tier: attribute_key.tier(),
			version,
		});
		Ok(())
	}

	/// [`Pallet::withdraw`].
	pub(crate) fn do_withdraw(
		who: T::AccountId,
		model: ModelName,
		attribute_key: AttributeKey,
	) -> DispatchResult {
		Self::ensure_operator(&who)?;
		let key = (who, model);
		ensure!(Attributes::<T>::contains_key(&key, attribute_key), Error::<T>::NotDeclared);
		let version = Self::record_change(&key, Change::Removed, Self::now_ms())?;
		Attributes::<T>::remove(&key, attribute_key);
		let (operator, model) = key;
		Self::deposit_event(Event::AttributeWithdrawn {
			operator,
			model,
			key: attribute_key,
			version,
		});
		Ok(())
	}

	/// [`Pallet::set_operator_id`].
	pub(crate) fn do_set_operator_id(
		who: T::AccountId,
		operator: T::AccountId,
		bpnl: battery_primitives::passport::Bpn,
	) -> DispatchResult {
		ensure!(T::Consortium::roles(&who).contains(Role::Authority), Error::<T>::NotAuthority);
		ensure!(battery_primitives::passport::is_bpn(&bpnl, b"BPNL"), Error::<T>::InvalidBpn);
		ensure!(
			OperatorOfId::<T>::get(bpnl).is_none_or(|owner| owner == operator),
			Error::<T>::BpnTaken
		);
		if let Some(old) = OperatorIds::<T>::get(&operator) {
			OperatorOfId::<T>::remove(old);
		}
		OperatorIds::<T>::insert(&operator, bpnl);
		OperatorOfId::<T>::insert(bpnl, &operator);
		Self::deposit_event(Event::OperatorIdSet { operator, bpnl });
		Ok(())
	}
}
