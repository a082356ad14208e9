//! Reads behind the `BatteryApi` runtime API. The runtime's implementation forwards to these.

use crate::{
	Accidents, BatteryId, BatteryRecordOf, Config, CustodyEntry, CustodyHistory,
	CustodyHistoryCount, CustodyOffers, CustodyVia, FactoryRecords, MaintenanceCount,
	MaintenanceLog, Pallet, RunningModes, Tags,
};
use alloc::vec::Vec;
use battery_primitives::{
	battery::{
		validate_battery_id, AccidentView, BatteryIdError, Chemistry, CustodyHistoryView,
		CustodyOfferView, CustodyView, IdScheme, MaintenanceView, PassportView, TagView, UsageView,
	},
	consortium::MAX_PAGE_SIZE,
	read::{self, ReadError},
	recycling::{LineageEntry, MAX_LINEAGE_STEPS},
};

/// A lineage entry as configured for the runtime.
pub type LineageOf<T> =
	LineageEntry<<T as frame_system::Config>::AccountId, crate::BlockNumberOf<T>>;

/// The passport view as configured for the runtime.
pub type PassportOf<T> =
	PassportView<<T as frame_system::Config>::AccountId, crate::BlockNumberOf<T>>;

impl<T: Config> Pallet<T> {
	/// The id as a [`BatteryId`] and its record, if registered.
	fn lookup(battery: &[u8]) -> Option<(BatteryId, BatteryRecordOf<T>)> {
		let battery = BatteryId::try_from(battery.to_vec()).ok()?;
		let record = Self::record(&battery)?;
		Some((battery, record))
	}

	/// The id as a [`BatteryId`] and its record, checked in the order of every battery read
	/// ([`battery_primitives::read`]): id length, then registration.
	fn known(battery: &[u8]) -> Result<(BatteryId, BatteryRecordOf<T>), ReadError> {
		let battery = read::battery_id(battery.to_vec())?;
		let record = Self::record(&battery).ok_or(ReadError::UnknownBattery)?;
		Ok((battery, record))
	}

	/// The public passport of `battery` (`BatteryApi::passport`); readable by anyone.
	pub fn passport(battery: &[u8]) -> Option<PassportOf<T>> {
		let (battery, record) = Self::lookup(battery)?;
		// Factory data is written with the battery and never removed; a missing entry would be a
		// broken invariant, reported as "unknown" rather than as a panic.
		let factory = FactoryRecords::<T>::get(record.factory_hash)?;
		let id_scheme = validate_battery_id(&battery).unwrap_or(IdScheme::Gbt34014);
		let tag = Tags::<T>::get(&battery).map(|tag| TagView {
			uid: tag.uid,
			ndef_hash: tag.ndef_hash,
			signer: tag.signer,
			bound_at: tag.bound_at,
		});
		let accidents = Accidents::<T>::get(&battery).map_or(0, |log| log.total);
		Some(PassportView {
			id: battery,
			id_scheme,
			manufacturer: record.manufacturer,
			factory,
			factory_hash: record.factory_hash,
			status: record.status,
			status_since: record.status_since,
			registered_at: record.registered_at,
			life: record.life,
			predecessor: record.predecessor,
			successor: record.successor,
			frozen: record.frozen,
			tag,
			accidents,
		})
	}

	/// The cell chemistry `battery`'s factory data declares (public, like the passport).
	pub fn chemistry(battery: &BatteryId) -> Option<Chemistry> {
		let record = Self::record(battery)?;
		FactoryRecords::<T>::get(record.factory_hash).map(|factory| factory.chemistry)
	}

	/// Custodian and pending handover of `battery` (public).
	pub fn custody(
		battery: &[u8],
	) -> Result<CustodyView<T::AccountId, crate::BlockNumberOf<T>>, ReadError> {
		let (battery, record) = Self::known(battery)?;
		let offer = CustodyOffers::<T>::get(&battery)
			.map(|offer| CustodyOfferView { to: offer.to, expires_at: offer.expires_at });
		Ok(CustodyView { custodian: record.custodian, offer })
	}

	/// Assigned user (public) and sealed running mode of `battery`.
	pub fn usage(
		battery: &[u8],
	) -> Result<UsageView<T::AccountId, crate::BlockNumberOf<T>>, ReadError> {
		let (battery, record) = Self::known(battery)?;
		Ok(UsageView {
			assigned_user: record.assigned_user,
			running_mode: RunningModes::<T>::get(&battery),
		})
	}

	/// Maintenance records of `battery` kept on chain, with the total count: public dates and
	/// kinds, sealed details (anyone may fetch them; only their recipients can open them).
	pub fn maintenance(
		battery: &[u8],
	) -> Result<MaintenanceView<T::AccountId, crate::BlockNumberOf<T>>, ReadError> {
		let (battery, _) = Self::known(battery)?;
		Ok(MaintenanceView {
			total: MaintenanceCount::<T>::get(&battery),
			records: MaintenanceLog::<T>::get(&battery)
				.map(|log| log.into_inner())
				.unwrap_or_default(),
		})
	}

	/// Accidents of `battery` kept on chain, with the total count (public facts).
	pub fn accidents(battery: &[u8]) -> Result<AccidentView<crate::BlockNumberOf<T>>, ReadError> {
		let (battery, _) = Self::known(battery)?;
		let log = Accidents::<T>::get(&battery).unwrap_or_default();
		Ok(AccidentView { total: log.total, records: log.records.into_inner() })
	}

	/// The custody history of `battery` from entry `start` on, at most `limit` entries (capped
	/// at [`MAX_PAGE_SIZE`]), oldest first.
	pub fn custody_history(
		battery: &[u8],
		start: u32,
		limit: u32,
	) -> Result<CustodyHistoryView<T::AccountId, crate::BlockNumberOf<T>>, ReadError> {
		let (battery, record) = Self::known(battery)?;
		let total = Self::custody_count(&battery, &record);
		let end = start.saturating_add(limit.min(MAX_PAGE_SIZE)).min(total);
		let entries = (start..end)
			.filter_map(|index| Self::custody_entry(&battery, &record, index))
			.collect();
		Ok(CustodyHistoryView { total, entries })
	}

	/// The shipments custody of `battery` moved with (from its whole history, for a runtime
	/// API: off chain only), in order, each once.
	pub fn custody_shipments(battery: &BatteryId) -> alloc::vec::Vec<u64> {
		let mut shipments = alloc::vec::Vec::new();
		for index in 0..CustodyHistoryCount::<T>::get(battery) {
			if let Some(CustodyEntry { via: CustodyVia::Shipment { shipment, .. }, .. }) =
				CustodyHistory::<T>::get(battery, index)
			{
				if shipments.last() != Some(&shipment) {
					shipments.push(shipment);
				}
			}
		}
		shipments
	}

	/// Whether `battery` is a valid battery id, and of which scheme (`BatteryApi::check_id`).
	pub fn check_id(battery: &[u8]) -> Result<IdScheme, BatteryIdError> {
		validate_battery_id(battery)
	}

	/// The passports linked to `battery`, first life first: its predecessors back to the
	/// first life, the battery, then its successors (at most [`MAX_LINEAGE_STEPS`] each way)
	/// (`RecyclingApi::lineage`).
	pub fn lineage(battery: &[u8]) -> Result<Vec<LineageOf<T>>, ReadError> {
		let (battery, record) = Self::known(battery)?;
		let entry = |id: BatteryId, record: BatteryRecordOf<T>| LineageEntry {
			id,
			life: record.life,
			status: record.status,
			manufacturer: record.manufacturer,
			registered_at: record.registered_at,
		};
		let mut before = Vec::new();
		let mut link = record.predecessor.clone();
		while let Some(id) = link.filter(|_| before.len() < MAX_LINEAGE_STEPS as usize) {
			let Some(found) = Self::record(&id) else { break };
			link = found.predecessor.clone();
			before.push(entry(id, found));
		}
		before.reverse();
		let mut link = record.successor.clone();
		before.push(entry(battery, record));
		let mut after = 0;
		while let Some(id) = link.filter(|_| after < MAX_LINEAGE_STEPS) {
			let Some(found) = Self::record(&id) else { break };
			link = found.successor.clone();
			before.push(entry(id, found));
			after += 1;
		}
		Ok(before)
	}
}
