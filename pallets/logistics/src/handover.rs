//! Handovers: pickup (the public batch ID, custody to the carrier), delivery (custody to the
//! recipient, the freight paid pro rata) and the resolution of delivery exceptions.

use crate::{
	BalanceOf, BatchShipments, BatteryId, BatteryLifecycle, BatteryShipments, BatteryStatus,
	Config, ConsortiumInspect, Error, Event, Exceptions, ExceptionsOf, HoldReason, LastBatchId,
	Pallet, Resolution, Role, ShipmentId, ShipmentStatus, Shipments,
};
use alloc::collections::btree_set::BTreeSet;
use battery_primitives::battery::CustodyVia;
use frame_support::{
	ensure,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult, Perbill,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::pick_up`](crate::Pallet::pick_up) by `who`.
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotCarrier`], [`Error::NotLogistics`],
	/// [`Error::WrongStatus`], [`Error::Overflow`], [`Error::NotCustodian`], then pallet-battery's
	/// errors of a custody change or transition (a battery frozen or assigned to a user since
	/// the proposal).
	pub(crate) fn do_pick_up(who: T::AccountId, id: ShipmentId) -> DispatchResult {
		let mut shipment = Self::shipment(id)?;
		ensure!(shipment.carrier == who, Error::<T>::NotCarrier);
		ensure!(T::Consortium::has_role(&who, Role::Logistics), Error::<T>::NotLogistics);
		ensure!(shipment.status == ShipmentStatus::Accepted, Error::<T>::WrongStatus);
		let batch = LastBatchId::<T>::get().checked_add(1).ok_or(Error::<T>::Overflow)?;
		let via = CustodyVia::Shipment { shipment: id, batch };
		for battery in &shipment.batteries {
			// Custody cannot have moved since the proposal (the lock refuses direct handovers);
			// checked all the same, so a pickup never takes a battery from anyone else.
			ensure!(
				T::Batteries::custodian(battery).as_ref() == Some(&shipment.sender),
				Error::<T>::NotCustodian
			);
			T::Batteries::set_custodian(battery, &who, via)?;
			if T::Batteries::status(battery) == Some(BatteryStatus::Manufactured) {
				T::Batteries::transition(&who, battery, BatteryStatus::InTransit)?;
			}
		}
		LastBatchId::<T>::put(batch);
		BatchShipments::<T>::insert(batch, id);
		shipment.status = ShipmentStatus::InTransit {
			batch,
			picked_up_at: frame_system::Pallet::<T>::block_number(),
		};
		let batteries = shipment.batteries.len() as u32;
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::PickedUp { shipment: id, batch, carrier: who, batteries });
		Ok(())
	}

	/// [`Pallet::confirm_delivery`](crate::Pallet::confirm_delivery) by `who`.
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotRecipient`], [`Error::WrongStatus`],
	/// [`Error::InvalidException`], [`Error::NothingDelivered`], then pallet-battery's errors
	/// of a custody change.
	pub(crate) fn do_confirm_delivery(
		who: T::AccountId,
		id: ShipmentId,
		exceptions: ExceptionsOf<T>,
	) -> DispatchResult {
		let mut shipment = Self::shipment(id)?;
		ensure!(shipment.recipient == who, Error::<T>::NotRecipient);
		let ShipmentStatus::InTransit { batch, .. } = shipment.status else {
			return Err(Error::<T>::WrongStatus.into());
		};
		let excepted: BTreeSet<&BatteryId> =
			exceptions.iter().map(|(battery, _)| battery).collect();
		ensure!(
			excepted.len() == exceptions.len()
				&& excepted.iter().all(|battery| shipment.batteries.contains(battery)),
			Error::<T>::InvalidException
		);
		let total = shipment.batteries.len() as u32;
		let delivered = total.saturating_sub(exceptions.len() as u32);
		ensure!(delivered > 0, Error::<T>::NothingDelivered);
		let via = CustodyVia::Shipment { shipment: id, batch };
		for battery in shipment.batteries.iter().filter(|battery| !excepted.contains(battery)) {
			T::Batteries::set_custodian(battery, &who, via)?;
			BatteryShipments::<T>::remove(battery);
		}
		// The carrier's share for what arrived; the rest stays held for the exceptions.
		let paid = if exceptions.is_empty() {
			shipment.freight
		} else {
			Perbill::from_rational(delivered, total).mul_floor(shipment.freight)
		};
		Self::pay(&shipment.sender, &shipment.carrier, paid)?;
		let open_exceptions = exceptions.len() as u32;
		if !exceptions.is_empty() {
			Exceptions::<T>::insert(id, exceptions);
		}
		shipment.status = ShipmentStatus::Delivered {
			batch,
			delivered_at: frame_system::Pallet::<T>::block_number(),
			open_exceptions,
			withheld: shipment.freight.saturating_sub(paid),
		};
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::Delivered {
			shipment: id,
			batch,
			delivered,
			exceptions: open_exceptions,
			paid,
		});
		Ok(())
	}

	/// [`Pallet::resolve_exception`](crate::Pallet::resolve_exception) by `caller` (`None`:
	/// the admin origin).
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotSender`], [`Error::WrongStatus`],
	/// [`Error::NoSuchException`], then pallet-battery's errors of a custody change.
	pub(crate) fn do_resolve_exception(
		caller: Option<T::AccountId>,
		id: ShipmentId,
		battery: BatteryId,
		resolution: Resolution,
	) -> DispatchResult {
		let mut shipment = Self::shipment(id)?;
		if let Some(who) = &caller {
			ensure!(*who == shipment.sender, Error::<T>::NotSender);
		}
		let ShipmentStatus::Delivered { batch, delivered_at, open_exceptions, withheld } =
			shipment.status
		else {
			return Err(Error::<T>::WrongStatus.into());
		};
		let mut exceptions = Exceptions::<T>::get(id);
		let position = exceptions
			.iter()
			.position(|(excepted, _)| *excepted == battery)
			.ok_or(Error::<T>::NoSuchException)?;
		exceptions.remove(position);
		// An equal share of what is still held; the last exception takes the remainder.
		let share = if open_exceptions <= 1 {
			withheld
		} else {
			Perbill::from_rational(1, open_exceptions).mul_floor(withheld)
		};
		let via = CustodyVia::Shipment { shipment: id, batch };
		let (paid, refunded) = match resolution {
			Resolution::Delivered => {
				T::Batteries::set_custodian(&battery, &shipment.recipient, via)?;
				Self::pay(&shipment.sender, &shipment.carrier, share)?;
				(share, Zero::zero())
			},
			Resolution::Returned => {
				T::Batteries::set_custodian(&battery, &shipment.sender, via)?;
				Self::refund(&shipment.sender, share)?;
				(Zero::zero(), share)
			},
			Resolution::WrittenOff => {
				Self::refund(&shipment.sender, share)?;
				(Zero::zero(), share)
			},
		};
		BatteryShipments::<T>::remove(&battery);
		if exceptions.is_empty() {
			Exceptions::<T>::remove(id);
		} else {
			Exceptions::<T>::insert(id, exceptions);
		}
		shipment.status = ShipmentStatus::Delivered {
			batch,
			delivered_at,
			open_exceptions: open_exceptions.saturating_sub(1),
			withheld: withheld.saturating_sub(share),
		};
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::ExceptionResolved {
			shipment: id,
			battery,
			resolution,
			paid,
			refunded,
		});
		Ok(())
	}

	/// Pay `amount` of `sender`'s freight hold to `carrier` (exactly, or fail).
	fn pay(sender: &T::AccountId, carrier: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_on_hold(
			&HoldReason::Freight.into(),
			sender,
			carrier,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		Ok(())
	}
}
