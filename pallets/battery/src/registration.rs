//! Registration of batteries and of second-life passports.

use crate::{
	BatchOf, Batteries, BatteryId, BatteryRecord, BatteryStatus, Config, CustodyOffers, Error,
	Event, FactoryData, FactoryRecords, Hash32, IdScheme, Life, Pallet, Role, SecondLife,
};
use alloc::{collections::btree_set::BTreeSet, vec::Vec};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Register `ids` with `factory` for `who` (see [`Pallet::register_batteries`]). Every id is
	/// checked before anything is written.
	///
	/// Errors: role errors (Manufacturer), [`Error::EmptyBatch`], the factory-data errors, the id
	/// errors, [`Error::DuplicateId`], [`Error::AlreadyRegistered`].
	pub(crate) fn do_register_batteries(
		who: T::AccountId,
		factory: FactoryData,
		ids: BatchOf<T>,
	) -> DispatchResult {
		Self::ensure_role(&who, Role::Manufacturer)?;
		ensure!(!ids.is_empty(), Error::<T>::EmptyBatch);
		Self::ensure_valid_factory(&factory)?;
		let mut seen = BTreeSet::new();
		let mut schemes = Vec::with_capacity(ids.len());
		for battery in ids.iter() {
			schemes.push(Self::ensure_new_id(battery)?);
			ensure!(seen.insert(battery), Error::<T>::DuplicateId);
		}

		let factory_hash = Self::store_factory(factory);
		for (battery, scheme) in ids.into_iter().zip(schemes) {
			Self::insert_battery(&who, battery, scheme, factory_hash, Life::Original, None);
		}
		Ok(())
	}

	/// Register the second-life passport `battery` for `predecessor` (see
	/// [`Pallet::register_second_life`]).
	///
	/// Errors: role errors (Recycler), [`Error::UnknownBattery`], [`Error::BatteryFrozen`],
	/// [`Error::IllegalTransition`] (predecessor not `WithRecycler`), [`Error::NotCustodian`],
	/// the id errors, [`Error::AlreadyRegistered`], the factory-data errors.
	pub(crate) fn do_register_second_life(
		who: T::AccountId,
		predecessor: BatteryId,
		kind: SecondLife,
		battery: BatteryId,
		factory: FactoryData,
	) -> DispatchResult {
		Self::ensure_role(&who, Role::Recycler)?;
		let mut old = Self::battery(&predecessor)?;
		ensure!(!old.frozen, Error::<T>::BatteryFrozen);
		let closing = kind.predecessor_status();
		ensure!(
			old.status.transition_role(closing) == Some(Role::Recycler),
			Error::<T>::IllegalTransition
		);
		ensure!(old.custodian == who, Error::<T>::NotCustodian);
		let scheme = Self::ensure_new_id(&battery)?;
		Self::ensure_valid_factory(&factory)?;

		let factory_hash = Self::store_factory(factory);
		Self::insert_battery(
			&who,
			battery.clone(),
			scheme,
			factory_hash,
			kind.life(),
			Some(predecessor.clone()),
		);
		let from = old.status;
		if !from.is_closed() {
			Self::index_custody(&predecessor, Some(&old.custodian), None);
		}
		old.status = closing;
		old.status_since = Self::now();
		old.successor = Some(battery.clone());
		Batteries::<T>::insert(&predecessor, old);
		CustodyOffers::<T>::remove(&predecessor);
		Self::deposit_event(Event::StatusChanged {
			battery: predecessor.clone(),
			from,
			to: closing,
			by: who.clone(),
		});
		Self::deposit_event(Event::SecondLifeRegistered {
			battery,
			predecessor,
			kind,
			recycler: who,
		});
		Ok(())
	}

	/// Store `factory` under its hash (once) and return the hash.
	fn store_factory(factory: FactoryData) -> Hash32 {
		let hash = factory.hash();
		if !FactoryRecords::<T>::contains_key(hash) {
			FactoryRecords::<T>::insert(hash, factory);
		}
		hash
	}

	/// Write a new battery record (the caller checked the id is new) and emit its event.
	fn insert_battery(
		who: &T::AccountId,
		battery: BatteryId,
		scheme: IdScheme,
		factory_hash: Hash32,
		life: Life,
		predecessor: Option<BatteryId>,
	) {
		let now = Self::now();
		let record = BatteryRecord {
			manufacturer: who.clone(),
			factory_hash,
			status: BatteryStatus::Manufactured,
			status_since: now,
			registered_at: now,
			custodian: who.clone(),
			frozen: false,
			assigned_user: None,
			life,
			predecessor,
			successor: None,
		};
		Batteries::<T>::insert(&battery, record);
		// The custody history's entry 0 is this registration, implied by the passport.
		Self::index_custody(&battery, None, Some(who));
		Self::deposit_event(Event::BatteryRegistered {
			battery,
			scheme,
			manufacturer: who.clone(),
			factory_hash,
		});
	}
}
