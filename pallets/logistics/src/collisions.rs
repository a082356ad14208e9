//! The shipment's vehicle and the impacts its collision sensors report. A sensor is a
//! consortium `CollisionSensor` device of the carrier, bound to a vehicle; the carrier attaches
//! the vehicle to the shipment. An impact reaching the threshold ([`ImpactThreshold`]) becomes
//! an accident record of every battery of the shipment, through pallet-battery's
//! [`BatteryLifecycle::record_accident`]; a lighter one stays a shipment event. Either way the
//! report is kept with its position sealed for the shipment's parties.

use crate::{
	Config, ConsortiumInspect, Error, Event, Impact, ImpactCount, ImpactThreshold, Impacts, Pallet,
	Role, SealedImpact, ShipmentId, ShipmentStatus, VehicleBinding, Vehicles, MAX_IMPACT_MG,
};
use battery_primitives::{
	battery::{Accident, AccidentSource, BatteryLifecycle},
	consortium::{DeviceKind, SubjectId},
};
use frame_support::{
	ensure,
	traits::{Get, UnixTime},
};
use sp_runtime::{DispatchError, DispatchResult, SaturatedConversion};

impl<T: Config> Pallet<T> {
	/// [`Pallet::attach_vehicle`](crate::Pallet::attach_vehicle) by `who`.
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotCarrier`], [`Error::NotLogistics`],
	/// [`Error::WrongStatus`], [`Error::InvalidVehicle`].
	pub(crate) fn do_attach_vehicle(
		who: T::AccountId,
		id: ShipmentId,
		vehicle: SubjectId,
	) -> DispatchResult {
		let shipment = Self::shipment(id)?;
		ensure!(shipment.carrier == who, Error::<T>::NotCarrier);
		ensure!(T::Consortium::has_role(&who, Role::Logistics), Error::<T>::NotLogistics);
		ensure!(
			matches!(shipment.status, ShipmentStatus::Accepted | ShipmentStatus::InTransit { .. }),
			Error::<T>::WrongStatus
		);
		ensure!(!vehicle.is_empty(), Error::<T>::InvalidVehicle);
		let attached_at = frame_system::Pallet::<T>::block_number();
		Vehicles::<T>::insert(id, VehicleBinding { vehicle: vehicle.clone(), attached_at });
		Self::deposit_event(Event::VehicleAttached { shipment: id, vehicle });
		Ok(())
	}

	/// [`Pallet::report_impact`](crate::Pallet::report_impact) by the device `sensor`. Returns
	/// the number of accident records written (0 below the threshold).
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::WrongStatus`], [`Error::NoVehicle`],
	/// [`Error::SensorNotAttached`], [`Error::ImpactOutOfRange`], [`Error::ImpactInFuture`],
	/// [`Error::TooManyImpacts`], [`Error::ImpactOutOfOrder`], the envelope errors of
	/// [`Pallet::check_sealed`], then pallet-battery's errors of an accident record.
	pub(crate) fn do_report_impact(
		sensor: T::AccountId,
		id: ShipmentId,
		occurred_at_ms: u64,
		peak_mg: u32,
		details: SealedImpact,
	) -> Result<u32, DispatchError> {
		let shipment = Self::shipment(id)?;
		let ShipmentStatus::InTransit { batch, .. } = shipment.status else {
			return Err(Error::<T>::WrongStatus.into());
		};
		let binding = Vehicles::<T>::get(id).ok_or(Error::<T>::NoVehicle)?;
		// An active sensor of this carrier, on the vehicle attached now.
		let owner =
			T::Consortium::is_device_for(&sensor, DeviceKind::CollisionSensor, &binding.vehicle);
		ensure!(owner.as_ref() == Some(&shipment.carrier), Error::<T>::SensorNotAttached);
		ensure!((1..=MAX_IMPACT_MG).contains(&peak_mg), Error::<T>::ImpactOutOfRange);
		let now_ms: u64 = T::UnixTime::now().as_millis().saturated_into();
		ensure!(
			occurred_at_ms <= now_ms.saturating_add(T::MaxClockDriftMs::get()),
			Error::<T>::ImpactInFuture
		);
		let index = ImpactCount::<T>::get(id);
		ensure!(index < T::MaxImpacts::get(), Error::<T>::TooManyImpacts);
		if let Some(last) = index.checked_sub(1).and_then(|last| Impacts::<T>::get(id, last)) {
			// One report per impact: a replay (or a second sensor's report of the same
			// impact) is refused.
			ensure!(occurred_at_ms > last.occurred_at_ms, Error::<T>::ImpactOutOfOrder);
		}
		let first = shipment.batteries.first().ok_or(Error::<T>::EmptyShipment)?;
		Self::check_sealed(
			&details,
			first,
			[&shipment.sender, &shipment.carrier, &shipment.recipient],
		)?;

		let accident = peak_mg >= ImpactThreshold::<T>::get();
		let mut recorded = 0u32;
		if accident {
			let source = AccidentSource::Transport { batch, shipment: id, impact: index };
			for battery in &shipment.batteries {
				T::Batteries::record_accident(
					battery,
					Accident { occurred_at_ms, peak_mg, source },
				)?;
				recorded = recorded.saturating_add(1);
			}
		}
		Impacts::<T>::insert(
			id,
			index,
			Impact {
				sensor: sensor.clone(),
				vehicle: binding.vehicle,
				occurred_at_ms,
				peak_mg,
				accident,
				recorded_at: frame_system::Pallet::<T>::block_number(),
				details,
			},
		);
		ImpactCount::<T>::insert(id, index.saturating_add(1));
		Self::deposit_event(if accident {
			Event::AccidentRecorded { shipment: id, batch, index, peak_mg, batteries: recorded }
		} else {
			Event::ImpactRecorded { shipment: id, index, sensor, peak_mg }
		});
		Ok(recorded)
	}

	/// [`Pallet::set_impact_threshold`](crate::Pallet::set_impact_threshold).
	///
	/// Errors: [`Error::InvalidThreshold`].
	pub(crate) fn do_set_impact_threshold(threshold_mg: u32) -> DispatchResult {
		ensure!((1..=MAX_IMPACT_MG).contains(&threshold_mg), Error::<T>::InvalidThreshold);
		ImpactThreshold::<T>::put(threshold_mg);
		Self::deposit_event(Event::ImpactThresholdSet { threshold_mg });
		Ok(())
	}
}
