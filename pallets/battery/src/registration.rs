//! Registration of batteries and of second-life passports.

use crate::{
	lots::split_id, BatchOf, Batteries, BatteryId, BatteryRecord, BatteryStatus, Config,
	CustodianLots, CustodyOffers, Error, Event, FactoryData, FactoryRecords, Hash32, IdScheme,
	IdStem, Life, Lot, LotMembers, Lots, NextLotId, Pallet, Role, SecondLife, StemMembers,
};
use alloc::{
	collections::{btree_map::BTreeMap, btree_set::BTreeSet},
	vec::Vec,
};
use battery_primitives::battery::validate_battery_id;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Register `ids` with `factory` for `who` as one lot (see [`Pallet::register_batteries`],
	/// [`crate::lots`]). Every id is checked before anything is written.
	///
	/// Errors: role errors (Manufacturer), [`Error::EmptyBatch`], the factory-data errors, the id
	/// errors, [`Error::AlreadyRegistered`], [`Error::DuplicateId`], [`Error::CounterOverflow`]
	/// (no lot number left).
	pub(crate) fn do_register_batteries(
		who: T::AccountId,
		factory: FactoryData,
		ids: BatchOf<T>,
	) -> DispatchResult {
		Self::ensure_role(&who, Role::Manufacturer)?;
		ensure!(!ids.is_empty(), Error::<T>::EmptyBatch);
		Self::ensure_valid_factory(&factory)?;
		let lot = NextLotId::<T>::get();
		let next_lot = lot.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;
		// The stems' member lists with this lot's members added, written once all ids passed.
		let mut stems: BTreeMap<IdStem, StemMembers> = BTreeMap::new();
		let mut seen = BTreeSet::new();
		let mut schemes = Vec::with_capacity(ids.len());
		for battery in ids.iter() {
			let scheme = validate_battery_id(battery).map_err(Error::<T>::from)?;
			ensure!(!Batteries::<T>::contains_key(battery), Error::<T>::AlreadyRegistered);
			ensure!(seen.insert(battery), Error::<T>::DuplicateId);
			let (stem, last) = split_id(battery).ok_or(Error::<T>::UnknownIdFormat)?;
			let members = stems
				.entry(stem)
				.or_insert_with_key(|stem| LotMembers::<T>::get(stem).unwrap_or_default());
			let at = match members.binary_search_by_key(&last, |(byte, _)| *byte) {
				Ok(_) => return Err(Error::<T>::AlreadyRegistered.into()),
				Err(at) => at,
			};
			// Cannot fail: one member per byte value, and the list holds 256.
			members.try_insert(at, (last, lot)).map_err(|_| Error::<T>::CounterOverflow)?;
			schemes.push(scheme);
		}

		let factory_hash = Self::store_factory(factory);
		for (stem, members) in stems {
			LotMembers::<T>::insert(stem, members);
		}
		let size = ids.len() as u32;
		let now = Self::now();
		Lots::<T>::insert(
			lot,
			Lot {
				manufacturer: who.clone(),
				factory_hash,
				registered_at: now,
				size,
				unchanged: size,
			},
		);
		NextLotId::<T>::put(next_lot);
		CustodianLots::<T>::insert(&who, lot, ());
		for (battery, scheme) in ids.into_iter().zip(schemes) {
			Self::deposit_event(Event::BatteryRegistered {
				battery,
				scheme,
				manufacturer: who.clone(),
				factory_hash,
			});
		}
		Self::deposit_event(Event::LotRegistered { lot, manufacturer: who, size });
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
		let custodian = old.custodian.clone();
		old.status = closing;
		old.status_since = Self::now();
		old.successor = Some(battery.clone());
		Self::store(&predecessor, old);
		if !from.is_closed() {
			Self::index_custody(&predecessor, Some(&custodian), None);
		}
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
