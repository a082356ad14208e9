//! Transport agreements: the proposal (checks, locks, the freight hold), acceptance, and the end
//! of an agreement before pickup (declined, cancelled, expired), which frees the batteries and
//! returns the freight.

use crate::{
	BalanceOf, BatteriesOf, BatteryLifecycle, BatteryShipments, Config, ConsortiumInspect, Date,
	Error, Event, HoldReason, LogisticsEnvelope, NextShipmentId, Pallet, Role, Shipment,
	ShipmentId, ShipmentOf, ShipmentStatus, Shipments,
};
use alloc::collections::btree_set::BTreeSet;
use frame_support::{
	ensure,
	traits::{fungible::MutateHold, tokens::Precision, Get},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

/// The roles that hold batteries and may send or receive them.
const HOLDERS: [Role; 3] = [Role::Manufacturer, Role::Operator, Role::Recycler];

/// A battery in an open shipment is locked: pallet-battery neither offers nor accepts its
/// custody directly.
impl<T: Config> battery_primitives::battery::CustodyLock for Pallet<T> {
	fn is_locked(battery: &crate::BatteryId) -> bool {
		BatteryShipments::<T>::contains_key(battery)
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `who` holds a role that holds batteries.
	pub(crate) fn is_holder(who: &T::AccountId) -> bool {
		HOLDERS.iter().any(|role| T::Consortium::has_role(who, *role))
	}

	/// The shipment `id`.
	pub(crate) fn shipment(id: ShipmentId) -> Result<ShipmentOf<T>, Error<T>> {
		Shipments::<T>::get(id).ok_or(Error::<T>::UnknownShipment)
	}

	/// [`Pallet::propose_shipment`](crate::Pallet::propose_shipment) by `sender`.
	///
	/// Errors, in order: [`Error::NotBatteryHolder`], [`Error::NotLogistics`],
	/// [`Error::InvalidRecipient`], [`Error::EmptyShipment`], [`Error::InvalidDates`], per
	/// battery [`Error::DuplicateBattery`], [`Error::UnknownBattery`], [`Error::NotCustodian`],
	/// [`Error::PassportClosed`], [`Error::BatteryFrozen`], [`Error::AlreadyShipping`], then the
	/// envelope errors of [`Self::check_sealed`] and [`Error::InsufficientBalance`].
	pub(crate) fn do_propose(
		sender: T::AccountId,
		carrier: T::AccountId,
		recipient: T::AccountId,
		batteries: BatteriesOf<T>,
		(expected_pickup, expected_delivery): (Date, Date),
		freight: BalanceOf<T>,
		terms: LogisticsEnvelope,
	) -> DispatchResult {
		ensure!(Self::is_holder(&sender), Error::<T>::NotBatteryHolder);
		ensure!(T::Consortium::has_role(&carrier, Role::Logistics), Error::<T>::NotLogistics);
		ensure!(recipient != sender && Self::is_holder(&recipient), Error::<T>::InvalidRecipient);
		let first = batteries.first().cloned().ok_or(Error::<T>::EmptyShipment)?;
		ensure!(
			expected_pickup.is_valid()
				&& expected_delivery.is_valid()
				&& expected_pickup <= expected_delivery,
			Error::<T>::InvalidDates
		);
		let mut seen = BTreeSet::new();
		for battery in &batteries {
			ensure!(seen.insert(battery), Error::<T>::DuplicateBattery);
			let status = T::Batteries::status(battery).ok_or(Error::<T>::UnknownBattery)?;
			ensure!(
				T::Batteries::custodian(battery) == Some(sender.clone()),
				Error::<T>::NotCustodian
			);
			ensure!(!status.is_closed(), Error::<T>::PassportClosed);
			ensure!(!T::Batteries::is_frozen(battery), Error::<T>::BatteryFrozen);
			ensure!(!BatteryShipments::<T>::contains_key(battery), Error::<T>::AlreadyShipping);
		}
		Self::check_sealed(&terms, &first, [&sender, &carrier, &recipient])?;
		if !freight.is_zero() {
			T::Currency::hold(&HoldReason::Freight.into(), &sender, freight)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
		}

		let id = NextShipmentId::<T>::get();
		NextShipmentId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		for battery in &batteries {
			BatteryShipments::<T>::insert(battery, id);
		}
		let now = frame_system::Pallet::<T>::block_number();
		let count = batteries.len() as u32;
		Shipments::<T>::insert(
			id,
			Shipment {
				sender: sender.clone(),
				carrier: carrier.clone(),
				recipient: recipient.clone(),
				batteries,
				expected_pickup,
				expected_delivery,
				freight,
				terms,
				status: ShipmentStatus::Proposed {
					expires_at: now.saturating_add(T::ProposalTimeout::get()),
				},
				proposed_at: now,
			},
		);
		Self::deposit_event(Event::ShipmentProposed {
			shipment: id,
			sender,
			carrier,
			recipient,
			batteries: count,
			freight,
		});
		Ok(())
	}

	/// Number of batteries of shipment `id` (0 if unknown): what its O(batteries) calls weigh.
	pub(crate) fn battery_count(id: ShipmentId) -> u32 {
		Shipments::<T>::get(id).map_or(0, |shipment| shipment.batteries.len() as u32)
	}

	/// [`Pallet::accept_shipment`](crate::Pallet::accept_shipment) by `who`.
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotCarrier`], [`Error::NotLogistics`],
	/// [`Error::WrongStatus`], [`Error::ProposalExpired`].
	pub(crate) fn do_accept(who: T::AccountId, id: ShipmentId) -> DispatchResult {
		let mut shipment = Self::shipment(id)?;
		ensure!(shipment.carrier == who, Error::<T>::NotCarrier);
		ensure!(T::Consortium::has_role(&who, Role::Logistics), Error::<T>::NotLogistics);
		let ShipmentStatus::Proposed { expires_at } = shipment.status else {
			return Err(Error::<T>::WrongStatus.into());
		};
		ensure!(
			frame_system::Pallet::<T>::block_number() <= expires_at,
			Error::<T>::ProposalExpired
		);
		shipment.status = ShipmentStatus::Accepted;
		Shipments::<T>::insert(id, shipment);
		Self::deposit_event(Event::ShipmentAccepted { shipment: id });
		Ok(())
	}

	/// [`Pallet::decline_shipment`](crate::Pallet::decline_shipment) by `who`.
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotCarrier`], [`Error::WrongStatus`].
	pub(crate) fn do_decline(who: T::AccountId, id: ShipmentId) -> DispatchResult {
		let shipment = Self::shipment(id)?;
		ensure!(shipment.carrier == who, Error::<T>::NotCarrier);
		ensure!(
			matches!(shipment.status, ShipmentStatus::Proposed { .. }),
			Error::<T>::WrongStatus
		);
		Self::end_before_pickup(id, shipment, ShipmentStatus::Declined)?;
		Self::deposit_event(Event::ShipmentDeclined { shipment: id });
		Ok(())
	}

	/// [`Pallet::cancel_shipment`](crate::Pallet::cancel_shipment) by `who`.
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotSender`], [`Error::WrongStatus`].
	pub(crate) fn do_cancel(who: T::AccountId, id: ShipmentId) -> DispatchResult {
		let shipment = Self::shipment(id)?;
		ensure!(shipment.sender == who, Error::<T>::NotSender);
		ensure!(
			matches!(shipment.status, ShipmentStatus::Proposed { .. } | ShipmentStatus::Accepted),
			Error::<T>::WrongStatus
		);
		Self::end_before_pickup(id, shipment, ShipmentStatus::Cancelled)?;
		Self::deposit_event(Event::ShipmentCancelled { shipment: id });
		Ok(())
	}

	/// [`Pallet::expire_shipment`](crate::Pallet::expire_shipment).
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::WrongStatus`], [`Error::NotExpired`].
	pub(crate) fn do_expire(id: ShipmentId) -> DispatchResult {
		let shipment = Self::shipment(id)?;
		let ShipmentStatus::Proposed { expires_at } = shipment.status else {
			return Err(Error::<T>::WrongStatus.into());
		};
		ensure!(frame_system::Pallet::<T>::block_number() > expires_at, Error::<T>::NotExpired);
		Self::end_before_pickup(id, shipment, ShipmentStatus::Expired)?;
		Self::deposit_event(Event::ShipmentExpired { shipment: id });
		Ok(())
	}

	/// End shipment `id` before pickup with `status`: unlock its batteries and release its
	/// freight to the sender.
	fn end_before_pickup(
		id: ShipmentId,
		mut shipment: ShipmentOf<T>,
		status: ShipmentStatus<BalanceOf<T>, crate::BlockNumberOf<T>>,
	) -> DispatchResult {
		for battery in &shipment.batteries {
			BatteryShipments::<T>::remove(battery);
		}
		Self::refund(&shipment.sender, shipment.freight)?;
		shipment.status = status;
		Shipments::<T>::insert(id, shipment);
		Ok(())
	}

	/// Release `amount` of `sender`'s freight hold back to it (exactly, or fail).
	pub(crate) fn refund(sender: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::Freight.into(), sender, amount, Precision::Exact)?;
		Ok(())
	}
}
