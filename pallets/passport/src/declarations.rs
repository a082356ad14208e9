//! Declarations and withdrawals of model passport attributes.

use crate::{pallet::*, AttributeKey, ModelName, ModelRecord, Role};
use battery_primitives::{consortium::ConsortiumInspect, passport::Attribute};
use frame_support::{
	ensure,
	pallet_prelude::{DispatchResult, Get},
	traits::UnixTime,
};

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

	/// The model passport of `key` one version on, dated now, with `added` attributes more (a
	/// new one if none, within the operator's `MaxModels`).
	fn next_version(
		key: &(T::AccountId, ModelName),
		now_ms: u64,
		added: i8,
	) -> Result<ModelRecord, Error<T>> {
		let record = match Models::<T>::get(key) {
			Some(record) => ModelRecord {
				version: record.version.checked_add(1).ok_or(Error::<T>::VersionOverflow)?,
				updated_ms: now_ms,
				..record
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
		let attributes = match added {
			1 => record.attributes.saturating_add(1),
			-1 => record.attributes.saturating_sub(1),
			_ => record.attributes,
		};
		Ok(ModelRecord { attributes, ..record })
	}

	/// Store `record` under `key`: a new model passport counts for its operator; one without
	/// attributes is removed and no longer counts.
	fn store(key: &(T::AccountId, ModelName), record: ModelRecord, existed: bool) {
		if record.attributes == 0 {
			Models::<T>::remove(key);
			ModelCounts::<T>::mutate(&key.0, |count| *count = count.saturating_sub(1));
		} else {
			if !existed {
				ModelCounts::<T>::mutate(&key.0, |count| *count = count.saturating_add(1));
			}
			Models::<T>::insert(key, record);
		}
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
		let previous = Attributes::<T>::get(&key, attribute_key);
		ensure!(
			previous.as_ref().is_none_or(|record| record.attribute != attribute),
			Error::<T>::Unchanged
		);
		let now_ms = Self::now_ms();
		let existed = Models::<T>::contains_key(&key);
		let record = Self::next_version(&key, now_ms, if previous.is_none() { 1 } else { 0 })?;
		let version = record.version;
		Self::store(&key, record, existed);
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
		let record = Self::next_version(&key, Self::now_ms(), -1)?;
		let version = record.version;
		Self::store(&key, record, true);
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
