//! Lots: the batteries of one registration call, stored together until each one changes.
//!
//! A registration of n batteries used to write two items per battery (its record and its entry
//! in the custody index). A lot writes, whatever n: its [`Lot`] record (manufacturer, factory
//! hash, block, size), its entry in [`CustodianLots`], and for each **id stem** (the id without
//! its last byte; a lot of consecutive serial numbers has one stem per ten or so ids) the
//! stem's member list in [`LotMembers`] (each member's last byte and lot). A battery's own
//! record ([`Batteries`]) is written at its first change ([`Pallet::store`]): it then leaves
//! the lot's count of unchanged members and enters the custody index on its own.
//!
//! Reads go through [`Pallet::record`]: the own record if written, else the record its lot
//! implies ([`Pallet::lot_record`]). Existence is [`Pallet::is_registered`]. Raw storage readers
//! (polkadot.js' chain state) find an unchanged battery under `battery.lotMembers(stem)` and
//! `battery.lots(n)`; the passport API (`batteryApi.passport`) reads it like any other.

use crate::WeightInfo;
use crate::{
	Batteries, BatteryId, BatteryRecord, BatteryRecordOf, BatteryStatus, Config,
	CustodianBatteries, CustodianLots, IdStem, Life, LotId, LotMembers, LotOf, Lots, Pallet,
	StemMembers,
};
use alloc::collections::btree_set::BTreeSet;
use frame_support::weights::Weight;

/// The stem of `battery` (the id without its last byte) and its last byte; `None` for an
/// empty id.
pub fn split_id(battery: &[u8]) -> Option<(IdStem, u8)> {
	let (last, stem) = battery.split_last()?;
	let stem = IdStem::try_from(stem.to_vec()).ok()?;
	Some((stem, *last))
}

/// Number of distinct id stems among `ids` (the second component of the registration's
/// weight).
pub fn stem_count(ids: &[BatteryId]) -> u32 {
	let stems: BTreeSet<&[u8]> =
		ids.iter().filter_map(|id| id.split_last().map(|(_, stem)| stem)).collect();
	stems.len() as u32
}

/// The lot of the member with last byte `last` in a stem's `members`, if any.
pub fn member_lot(members: &StemMembers, last: u8) -> Option<LotId> {
	members
		.binary_search_by_key(&last, |(byte, _)| *byte)
		.ok()
		.and_then(|at| members.get(at))
		.map(|(_, lot)| *lot)
}

impl<T: Config> Pallet<T> {
	/// The weight of registering `ids`: `register_batteries` for their number (ids of few
	/// stems), plus for each distinct stem what a stem adds: the slope of
	/// `register_scattered_batteries` (one stem per id) less the slope of `register_batteries`.
	pub fn registration_weight(ids: &[BatteryId]) -> Weight {
		let stems = stem_count(ids);
		// The slopes' difference times the stems (the bases cancel; each component apart).
		let slope = |weight: fn(u32) -> Weight| weight(stems).saturating_sub(weight(0));
		let per_stems = slope(T::WeightInfo::register_scattered_batteries)
			.saturating_sub(slope(T::WeightInfo::register_batteries));
		T::WeightInfo::register_batteries(ids.len() as u32).saturating_add(per_stems)
	}

	/// The record of `battery`: its own, or the one its lot implies.
	pub fn record(battery: &BatteryId) -> Option<BatteryRecordOf<T>> {
		Batteries::<T>::get(battery).or_else(|| Self::lot_record(battery))
	}

	/// Whether `battery` is registered (with its own record or in a lot).
	pub fn is_registered(battery: &BatteryId) -> bool {
		Batteries::<T>::contains_key(battery) || Self::lot_of(battery).is_some()
	}

	/// The lot `battery` was registered in, if it was registered in one (also after its own
	/// record was written).
	pub fn lot_of(battery: &[u8]) -> Option<(LotId, LotOf<T>)> {
		let (stem, last) = split_id(battery)?;
		let lot = member_lot(&LotMembers::<T>::get(stem)?, last)?;
		Lots::<T>::get(lot).map(|record| (lot, record))
	}

	/// The record a lot member has while it never changed.
	pub fn lot_record(battery: &BatteryId) -> Option<BatteryRecordOf<T>> {
		let (_, lot) = Self::lot_of(battery)?;
		Some(BatteryRecord {
			manufacturer: lot.manufacturer.clone(),
			factory_hash: lot.factory_hash,
			status: BatteryStatus::Manufactured,
			status_since: lot.registered_at,
			registered_at: lot.registered_at,
			custodian: lot.manufacturer,
			frozen: false,
			assigned_user: None,
			life: Life::Original,
			predecessor: None,
			successor: None,
		})
	}

	/// Write `record` as `battery`'s own record. A lot member that had none leaves its lot's
	/// unchanged members first and, when `record` is open, enters the custody index on its own
	/// under `record`'s custodian (callers that also change the custodian move the entry with
	/// [`Self::index_custody`], before or after this).
	pub fn store(battery: &BatteryId, record: BatteryRecordOf<T>) {
		if !Batteries::<T>::contains_key(battery) {
			Self::leave_lot(battery, &record);
		}
		Batteries::<T>::insert(battery, record);
	}

	/// `battery`, a lot member without its own record yet, stops being an unchanged member; its
	/// first own record is `record`.
	fn leave_lot(battery: &BatteryId, record: &BatteryRecordOf<T>) {
		let Some((id, mut lot)) = Self::lot_of(battery) else { return };
		lot.unchanged = lot.unchanged.saturating_sub(1);
		if lot.unchanged == 0 {
			CustodianLots::<T>::remove(&lot.manufacturer, id);
		}
		if !record.status.is_closed() {
			CustodianBatteries::<T>::insert(&record.custodian, battery, ());
		}
		Lots::<T>::insert(id, lot);
	}
}
