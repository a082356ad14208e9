//! Declarations and withdrawals of model passport attributes.

use crate::{pallet::*, AttributeKey, ModelName, ModelRecord, Role};
use battery_primitives::{consortium::ConsortiumInspect, passport::Attribute};
use frame_support::{ensure, pallet_prelude::DispatchResult, traits::UnixTime};

impl<T: Config> Pallet<T> {
	/// `who` may declare model passports: an active Manufacturer or Recycler.
	fn ensure_operator(who: &T::AccountId) -> DispatchResult {
		let roles = T::Consortium::roles(who);
		ensure!(
			roles.contains(Role::Manufacturer) || roles.contains(Role::Recycler),
			Error::<T>::NotEconomicOperator
		);
		Ok(())
	}

	/// The model passport of `key` one version on, dated now (a new one if none).
	fn next_version(key: &(T::AccountId, ModelName), now_ms: u64) -> Result<ModelRecord, Error<T>> {
		Ok(match Models::<T>::get(key) {
			Some(record) => ModelRecord {
				version: record.version.checked_add(1).ok_or(Error::<T>::VersionOverflow)?,
				first_declared_ms: record.first_declared_ms,
				updated_ms: now_ms,
			},
			None => ModelRecord { version: 1, first_declared_ms: now_ms, updated_ms: now_ms },
		})
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
		let attribute_key = attribute.key();
		let key = (who, model);
		let unchanged = Attributes::<T>::get(&key, attribute_key)
			.is_some_and(|record| record.attribute == attribute);
		ensure!(!unchanged, Error::<T>::Unchanged);
		let now_ms = Self::now_ms();
		let record = Self::next_version(&key, now_ms)?;
		let version = record.version;
		Models::<T>::insert(&key, record);
		Attributes::<T>::insert(
			&key,
			attribute_key,
			crate::AttributeRecord {
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
		let record = Self::next_version(&key, Self::now_ms())?;
		let version = record.version;
		Models::<T>::insert(&key, record);
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
}
