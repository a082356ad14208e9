//! Reads behind the `BatteryApi` runtime API. The runtime's implementation forwards to these.

use crate::{
	Batteries, BatteryId, BatteryRecordOf, Config, CustodyOffers, FactoryRecords, MaintenanceCount,
	MaintenanceLog, Pallet, Tags,
};
use battery_primitives::{
	battery::{
		validate_battery_id, BatteryIdError, CustodyOfferView, CustodyView, IdScheme,
		MaintenanceView, PassportView, ReadError, TagView, UsageView,
	},
	consortium::{ConsortiumInspect, DataCategory},
};

/// The passport view as configured for the runtime.
pub type PassportOf<T> =
	PassportView<<T as frame_system::Config>::AccountId, crate::BlockNumberOf<T>>;

impl<T: Config> Pallet<T> {
	/// The id as a [`BatteryId`] and its record, if registered.
	fn lookup(id: &[u8]) -> Option<(BatteryId, BatteryRecordOf<T>)> {
		let id = BatteryId::try_from(id.to_vec()).ok()?;
		let record = Batteries::<T>::get(&id)?;
		Some((id, record))
	}

	/// The record of `id` if `reader` may read `category` of it.
	fn scoped(
		id: &[u8],
		reader: &T::AccountId,
		category: DataCategory,
	) -> Result<(BatteryId, BatteryRecordOf<T>), ReadError> {
		let (id, record) = Self::lookup(id).ok_or(ReadError::UnknownBattery)?;
		if T::Consortium::can_read(reader, &id, category) {
			Ok((id, record))
		} else {
			Err(ReadError::NotInScope)
		}
	}

	/// The public passport of `id` (`BatteryApi::passport`); readable by anyone.
	pub fn passport(id: &[u8]) -> Option<PassportOf<T>> {
		let (id, record) = Self::lookup(id)?;
		// Factory data is written with the battery and never removed; a missing entry would be a
		// broken invariant, reported as "unknown" rather than as a panic.
		let factory = FactoryRecords::<T>::get(record.factory_hash)?;
		let id_scheme = validate_battery_id(&id).unwrap_or(IdScheme::Gbt34014);
		let tag = Tags::<T>::get(&id).map(|tag| TagView {
			uid: tag.uid,
			ndef_hash: tag.ndef_hash,
			signer: tag.signer,
			bound_at: tag.bound_at,
		});
		Some(PassportView {
			id,
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
		})
	}

	/// Custodian and pending handover of `id` for `reader` (category `Logistics`).
	pub fn custody(
		id: &[u8],
		reader: &T::AccountId,
	) -> Result<CustodyView<T::AccountId, crate::BlockNumberOf<T>>, ReadError> {
		let (id, record) = Self::scoped(id, reader, DataCategory::Logistics)?;
		let offer = CustodyOffers::<T>::get(&id)
			.map(|offer| CustodyOfferView { to: offer.to, expires_at: offer.expires_at });
		Ok(CustodyView { custodian: record.custodian, offer })
	}

	/// Assigned user and running mode of `id` for `reader` (category `Usage`).
	pub fn usage(id: &[u8], reader: &T::AccountId) -> Result<UsageView<T::AccountId>, ReadError> {
		let (_, record) = Self::scoped(id, reader, DataCategory::Usage)?;
		Ok(UsageView { assigned_user: record.assigned_user, running_mode: record.running_mode })
	}

	/// Maintenance records of `id` kept on chain, with the total count, for `reader` (category
	/// `Maintenance`).
	pub fn maintenance(
		id: &[u8],
		reader: &T::AccountId,
	) -> Result<MaintenanceView<T::AccountId, crate::BlockNumberOf<T>>, ReadError> {
		let (id, _) = Self::scoped(id, reader, DataCategory::Maintenance)?;
		Ok(MaintenanceView {
			total: MaintenanceCount::<T>::get(&id),
			records: MaintenanceLog::<T>::get(&id).map(|log| log.into_inner()).unwrap_or_default(),
		})
	}

	/// Whether `id` is a valid battery id, and of which scheme (`BatteryApi::check_id`).
	pub fn check_id(id: &[u8]) -> Result<IdScheme, BatteryIdError> {
		validate_battery_id(id)
	}
}
