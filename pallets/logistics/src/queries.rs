//! Reads behind the `LogisticsApi` runtime API: a shipment by its batch ID with its manifest,
//! and the shipments of a battery. Public facts only; the sealed records stay in storage.

use crate::{
	BatchId, BatchShipments, BatteryId, BatteryLifecycle, BatteryShipments, CheckpointCount,
	Config, ImpactCount, Impacts, Pallet, ShipmentId, ShipmentOf, ShipmentStatus, Shipments,
	Vehicles,
};
use alloc::vec::Vec;
use battery_primitives::{
	battery::Date,
	logistics::{batch_label, ManifestEntry, ShipmentSummary, ShipmentView},
};
use frame_support::traits::UnixTime;
use sp_runtime::SaturatedConversion;

/// A shipment summary as configured for the runtime.
pub type SummaryOf<T> = ShipmentSummary<
	<T as frame_system::Config>::AccountId,
	crate::BalanceOf<T>,
	crate::BlockNumberOf<T>,
>;

/// A shipment view as configured for the runtime.
pub type ViewOf<T> = ShipmentView<
	<T as frame_system::Config>::AccountId,
	crate::BalanceOf<T>,
	crate::BlockNumberOf<T>,
>;

impl<T: Config> Pallet<T> {
	/// The chain's date (UTC, from `Config::UnixTime`).
	pub fn today() -> Date {
		Date::from_unix_ms(T::UnixTime::now().as_millis().saturated_into())
	}

	/// Whether `shipment` is late on `today`: not picked up after its expected pickup date, or
	/// in transit after its expected delivery date.
	pub fn is_overdue(shipment: &ShipmentOf<T>, today: Date) -> bool {
		match shipment.status {
			ShipmentStatus::Proposed { .. } | ShipmentStatus::Accepted => {
				today > shipment.expected_pickup
			},
			ShipmentStatus::InTransit { .. } => today > shipment.expected_delivery,
			_ => false,
		}
	}

	/// The public summary of shipment `id`.
	pub fn summary(id: ShipmentId, shipment: &ShipmentOf<T>, today: Date) -> SummaryOf<T> {
		let batch = match shipment.status {
			ShipmentStatus::InTransit { batch, .. } | ShipmentStatus::Delivered { batch, .. } => {
				Some(batch)
			},
			_ => None,
		};
		let impacts = ImpactCount::<T>::get(id);
		let accidents = (0..impacts)
			.filter_map(|index| Impacts::<T>::get(id, index))
			.filter(|impact| impact.accident)
			.count() as u32;
		ShipmentSummary {
			id,
			batch,
			batch_label: batch.map(batch_label),
			sender: shipment.sender.clone(),
			carrier: shipment.carrier.clone(),
			recipient: shipment.recipient.clone(),
			batteries: shipment.batteries.len() as u32,
			expected_pickup: shipment.expected_pickup,
			expected_delivery: shipment.expected_delivery,
			freight: shipment.freight,
			status: shipment.status.clone(),
			proposed_at: shipment.proposed_at,
			overdue: Self::is_overdue(shipment, today),
			vehicle: Vehicles::<T>::get(id).map(|binding| binding.vehicle),
			checkpoints: CheckpointCount::<T>::get(id),
			impacts,
			accidents,
		}
	}

	/// The shipment with batch ID `batch` and its manifest (`LogisticsApi::shipment`).
	pub fn shipment_by_batch(batch: BatchId) -> Option<ViewOf<T>> {
		let id = BatchShipments::<T>::get(batch)?;
		let shipment = Shipments::<T>::get(id)?;
		let manifest = shipment
			.batteries
			.iter()
			.map(|battery| ManifestEntry {
				id: battery.clone(),
				manufactured: T::Batteries::manufactured_on(battery),
			})
			.collect();
		Some(ShipmentView { summary: Self::summary(id, &shipment, Self::today()), manifest })
	}

	/// The summaries of the shipments `carried` (from the battery's custody history) and of
	/// the open shipment `battery` is in, each once, oldest first (`LogisticsApi::shipments_of`).
	pub fn shipments_of(battery: &BatteryId, carried: Vec<ShipmentId>) -> Vec<SummaryOf<T>> {
		let mut ids = carried;
		ids.extend(BatteryShipments::<T>::get(battery));
		ids.sort_unstable();
		ids.dedup();
		let today = Self::today();
		ids.into_iter()
			.filter_map(|id| Shipments::<T>::get(id).map(|s| Self::summary(id, &s, today)))
			.collect()
	}
}
