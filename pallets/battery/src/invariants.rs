//! Cross-checks of the pallet's records and indexes (`try_state`, and after every test).

use crate::{
	Batteries, BatteryId, BatteryStatus, Config, CustodianBatteries, CustodianLots, CustodyOffers,
	FactoryRecords, LotId, LotMembers, Lots, MaintenanceCount, MaintenanceLog, NextLotId, Pallet,
	SigningKeyCount, SigningKeys, TagOwners, Tags,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Check every record against the indexes and the lifecycle rules.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut batteries = 0u32;
		for (battery, record) in Batteries::<T>::iter() {
			batteries = batteries.saturating_add(1);
			let factory =
				FactoryRecords::<T>::get(record.factory_hash).ok_or("factory data missing")?;
			ensure!(factory.hash() == record.factory_hash, "factory data under the wrong hash");
			ensure!(
				record.assigned_user.is_none() || record.status == BatteryStatus::InService,
				"assigned while not in service"
			);
			ensure!(
				record.status.needs_successor() == record.successor.is_some(),
				"second-life status and successor disagree"
			);
			if let Some(successor) = &record.successor {
				let next = Batteries::<T>::get(successor).ok_or("successor missing")?;
				ensure!(
					next.predecessor.as_ref() == Some(&battery),
					"successor does not link back"
				);
			}
			if let Some(predecessor) = &record.predecessor {
				let previous = Batteries::<T>::get(predecessor).ok_or("predecessor missing")?;
				ensure!(previous.successor.as_ref() == Some(&battery), "predecessor does not link");
			}
			// The kept records are the latest ones, in order: at most `MaxMaintenanceRecords`
			// (fewer after the v3 migration removed plaintext records), ending at `total - 1`.
			let log = MaintenanceLog::<T>::get(&battery).unwrap_or_default();
			let total = MaintenanceCount::<T>::get(&battery);
			let kept = log.len() as u32;
			ensure!(kept <= total.min(T::MaxMaintenanceRecords::get()), "maintenance log length");
			let first = total.saturating_sub(kept);
			ensure!(
				log.iter().zip(first..).all(|(entry, index)| entry.index == index),
				"maintenance log order"
			);
		}
		ensure!(batteries == Batteries::<T>::count(), "Batteries counter");

		// A sealed running mode exists only while its user's assignment lasts.
		for (battery, entry) in crate::RunningModes::<T>::iter() {
			let record = Pallet::<T>::record(&battery).ok_or("running mode of no battery")?;
			ensure!(
				record.assigned_user.as_ref() == Some(&entry.user),
				"running mode without its assignment"
			);
		}

		let mut open = 0u32;
		for (battery, record) in Batteries::<T>::iter() {
			if !record.status.is_closed() {
				open = open.saturating_add(1);
				ensure!(
					CustodianBatteries::<T>::contains_key(&record.custodian, &battery),
					"open passport missing from the custody index"
				);
			}
		}
		let indexed = CustodianBatteries::<T>::iter().count() as u32;
		ensure!(indexed == open, "custody index holds closed or foreign entries");

		Self::check_lots()?;

		for (battery, tag) in Tags::<T>::iter() {
			ensure!(Pallet::<T>::is_registered(&battery), "tag of an unknown battery");
			ensure!(TagOwners::<T>::get(&tag.uid).as_ref() == Some(&battery), "tag not indexed");
		}
		for (uid, battery) in TagOwners::<T>::iter() {
			let tag = Tags::<T>::get(&battery).ok_or("tag index without tag")?;
			ensure!(tag.uid == uid, "tag index points to another tag");
		}

		for (battery, offer) in CustodyOffers::<T>::iter() {
			let record = Pallet::<T>::record(&battery).ok_or("offer for an unknown battery")?;
			ensure!(record.custodian == offer.from, "offer not made by the custodian");
			ensure!(!record.status.is_closed(), "offer on a closed passport");
		}

		let mut keys: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (_, key) in SigningKeys::<T>::iter() {
			let entry = keys.entry(key.owner).or_default();
			*entry = entry.saturating_add(1);
		}
		for (owner, count) in SigningKeyCount::<T>::iter() {
			ensure!(keys.get(&owner) == Some(&count), "SigningKeyCount");
		}
		for (owner, count) in keys {
			ensure!(SigningKeyCount::<T>::get(&owner) == count, "SigningKeyCount");
		}
		for (battery, _) in MaintenanceLog::<T>::iter() {
			ensure!(Pallet::<T>::is_registered(&battery), "maintenance of an unknown battery");
		}
		// A custody history (passports registered before it existed have none) is complete up
		// to its count (entry 0, the registration, stored or implied by the passport) and ends
		// with the current custodian.
		for (battery, count) in crate::CustodyHistoryCount::<T>::iter() {
			let record = Pallet::<T>::record(&battery).ok_or("custody history of no battery")?;
			for index in 0..count {
				let entry = Pallet::<T>::custody_entry(&battery, &record, index)
					.ok_or("custody history entry missing")?;
				ensure!(entry.index == index, "custody history index");
				if index + 1 == count {
					ensure!(entry.custodian == record.custodian, "custody history ends elsewhere");
				}
			}
		}
		// Kept accidents are the latest ones, in order, ending at `total - 1`.
		for (battery, log) in crate::Accidents::<T>::iter() {
			ensure!(Pallet::<T>::is_registered(&battery), "accident of an unknown battery");
			let kept = log.records.len() as u32;
			ensure!(kept <= log.total && kept > 0, "accident log length");
			let first = log.total.saturating_sub(kept);
			ensure!(
				log.records.iter().zip(first..).all(|(entry, index)| entry.index == index),
				"accident log order"
			);
		}
		Ok(())
	}

	/// Lots: every stem's members sorted, one per byte, in known lots; a lot's unchanged count
	/// is its members without their own record, at most its size; a lot is in its
	/// manufacturer's custody index exactly while it has unchanged members.
	fn check_lots() -> Result<(), TryRuntimeError> {
		let mut unchanged: BTreeMap<LotId, u32> = BTreeMap::new();
		let mut listed: BTreeMap<LotId, u32> = BTreeMap::new();
		for (stem, members) in LotMembers::<T>::iter() {
			ensure!(
				members.windows(2).all(|pair| pair[0].0 < pair[1].0),
				"stem members not sorted by byte"
			);
			for (last, lot) in members.iter() {
				ensure!(Lots::<T>::contains_key(lot), "stem member of an unknown lot");
				let mut id = stem.to_vec();
				id.push(*last);
				let id = BatteryId::try_from(id).map_err(|_| "stem member id too long")?;
				*listed.entry(*lot).or_default() += 1;
				match Batteries::<T>::get(&id) {
					None => *unchanged.entry(*lot).or_default() += 1,
					// A member's own record keeps what it shared with its lot.
					Some(record) => {
						let shared = Lots::<T>::get(lot).ok_or("stem member of an unknown lot")?;
						ensure!(
							record.manufacturer == shared.manufacturer
								&& record.factory_hash == shared.factory_hash
								&& record.registered_at == shared.registered_at
								&& record.life == crate::Life::Original
								&& record.predecessor.is_none(),
							"lot member's record differs from its lot"
						);
					},
				}
			}
		}
		for (id, lot) in Lots::<T>::iter() {
			ensure!(lot.size > 0, "empty lot");
			ensure!(listed.get(&id).copied().unwrap_or(0) == lot.size, "lot size");
			ensure!(unchanged.get(&id).copied().unwrap_or(0) == lot.unchanged, "lot unchanged");
			ensure!(FactoryRecords::<T>::contains_key(lot.factory_hash), "lot factory missing");
			ensure!(
				CustodianLots::<T>::contains_key(&lot.manufacturer, id) == (lot.unchanged > 0),
				"lot custody index"
			);
		}
		for (who, id) in CustodianLots::<T>::iter_keys() {
			let lot = Lots::<T>::get(id).ok_or("custody index of an unknown lot")?;
			ensure!(lot.manufacturer == who, "lot indexed for another custodian");
		}
		ensure!(Lots::<T>::iter_keys().all(|id| id < NextLotId::<T>::get()), "lot number");
		Ok(())
	}
}
