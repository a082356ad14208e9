//! Commissions: a recycler commissioned for a retired battery, its answer, a withdrawal, and
//! the handover that brings the battery to it.

use crate::{
	BatteryId, BatteryLifecycle, BatteryScope, BatteryStatus, BuyBackOffers, Commission,
	CommissionOf, CommissionReason, CommissionStatus, Commissions, Config, ConsortiumInspect,
	CustodyLock, CustodyVia, Error, Event, Pallet, Role,
};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// The recycler the data scope's `Recycler` role resolves to for `battery`: the one whose
	/// commission was accepted (and stays so once completed). An offered commission names
	/// nobody yet.
	pub fn commissioned_recycler(battery: &BatteryId) -> Option<T::AccountId> {
		Commissions::<T>::get(battery)
			.filter(|commission| commission.status != CommissionStatus::Offered)
			.map(|commission| commission.recycler)
	}

	/// The commission of `battery`. Errors: [`Error::NoCommission`].
	pub(crate) fn commission_of(battery: &BatteryId) -> Result<CommissionOf<T>, Error<T>> {
		Commissions::<T>::get(battery).ok_or(Error::<T>::NoCommission)
	}

	/// Whether `who` is an active Recycler. Errors: [`Error::NotRecycler`].
	pub(crate) fn ensure_recycler(who: &T::AccountId) -> Result<(), Error<T>> {
		ensure!(T::Consortium::has_role(who, Role::Recycler), Error::<T>::NotRecycler);
		Ok(())
	}

	/// Whether `who` may commission a recycler for `battery`: its custodian holding the
	/// Operator role, or its manufacturer holding the Manufacturer role.
	fn is_commissioner(who: &T::AccountId, battery: &BatteryId) -> Result<bool, Error<T>> {
		let parties = T::Batteries::parties(battery).ok_or(Error::<T>::UnknownBattery)?;
		let custodian_operator =
			&parties.custodian == who && T::Consortium::has_role(who, Role::Operator);
		let manufacturer =
			&parties.manufacturer == who && T::Consortium::has_role(who, Role::Manufacturer);
		Ok(custodian_operator || manufacturer)
	}

	/// Whether `battery` is retired and not frozen.
	///
	/// Errors: [`Error::WrongBatteryStatus`], [`Error::BatteryFrozen`].
	fn ensure_retired(battery: &BatteryId) -> Result<(), Error<T>> {
		ensure!(
			T::Batteries::status(battery) == Some(BatteryStatus::Retired),
			Error::<T>::WrongBatteryStatus
		);
		ensure!(!T::Batteries::is_frozen(battery), Error::<T>::BatteryFrozen);
		Ok(())
	}

	/// Whether `battery` may change hands now: retired, not frozen, not in an open shipment.
	///
	/// Errors: [`Error::WrongBatteryStatus`], [`Error::BatteryFrozen`], [`Error::CustodyLocked`].
	fn ensure_movable(battery: &BatteryId) -> Result<(), Error<T>> {
		Self::ensure_retired(battery)?;
		ensure!(!T::CustodyLock::is_locked(battery), Error::<T>::CustodyLocked);
		Ok(())
	}

	/// The custodian of `battery`, which may change hands now ([`Self::ensure_movable`]).
	///
	/// Errors: [`Error::UnknownBattery`], those of [`Self::ensure_movable`].
	pub(crate) fn ensure_transferable(battery: &BatteryId) -> Result<T::AccountId, Error<T>> {
		let custodian = T::Batteries::custodian(battery).ok_or(Error::<T>::UnknownBattery)?;
		Self::ensure_movable(battery)?;
		Ok(custodian)
	}

	/// The block number now.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// [`Pallet::commission`](crate::Pallet::commission) by `who`.
	///
	/// Errors, in order: [`Error::InvalidReason`], [`Error::UnknownBattery`],
	/// [`Error::NotCommissioner`], [`Error::WrongBatteryStatus`], [`Error::BatteryFrozen`],
	/// [`Error::NotRecycler`] (also a commissioner naming itself, or the battery's manufacturer:
	/// a manufacturer does not open a competitor operator's usage data to itself),
	/// [`Error::AlreadyCommissioned`], [`Error::OfferExists`] (a buy-back offer is open).
	pub(crate) fn do_commission(
		who: T::AccountId,
		battery: BatteryId,
		recycler: T::AccountId,
		reason: CommissionReason,
	) -> DispatchResult {
		ensure!(reason != CommissionReason::BuyBack, Error::<T>::InvalidReason);
		ensure!(Self::is_commissioner(&who, &battery)?, Error::<T>::NotCommissioner);
		Self::ensure_retired(&battery)?;
		Self::ensure_recycler(&recycler)?;
		let manufacturer = T::Batteries::parties(&battery).map(|parties| parties.manufacturer);
		ensure!(
			recycler != who && Some(&recycler) != manufacturer.as_ref(),
			Error::<T>::NotRecycler
		);
		ensure!(!Commissions::<T>::contains_key(&battery), Error::<T>::AlreadyCommissioned);
		ensure!(!BuyBackOffers::<T>::contains_key(&battery), Error::<T>::OfferExists);

		Commissions::<T>::insert(
			&battery,
			Commission {
				recycler: recycler.clone(),
				commissioned_by: who.clone(),
				reason,
				status: CommissionStatus::Offered,
				offered_at: Self::now(),
				accepted_at: None,
			},
		);
		Self::deposit_event(Event::Commissioned { battery, recycler, by: who, reason });
		Ok(())
	}

	/// [`Pallet::accept_commission`](crate::Pallet::accept_commission) (`accept`) or
	/// [`Pallet::decline_commission`](crate::Pallet::decline_commission) by `who`.
	///
	/// Errors: [`Error::NoCommission`], [`Error::NotCommissionedRecycler`],
	/// [`Error::WrongCommissionStatus`]; accepting also [`Error::NotRecycler`] (not an active
	/// Recycler), [`Error::NotCommissioner`] (the commissioner is no longer entitled: custody
	/// moved on, or it left its role), [`Error::WrongBatteryStatus`], [`Error::BatteryFrozen`].
	pub(crate) fn do_answer(who: T::AccountId, battery: BatteryId, accept: bool) -> DispatchResult {
		let mut commission = Self::commission_of(&battery)?;
		ensure!(commission.recycler == who, Error::<T>::NotCommissionedRecycler);
		ensure!(commission.status == CommissionStatus::Offered, Error::<T>::WrongCommissionStatus);
		if accept {
			Self::ensure_recycler(&who)?;
			ensure!(
				Self::is_commissioner(&commission.commissioned_by, &battery)?,
				Error::<T>::NotCommissioner
			);
			Self::ensure_retired(&battery)?;
			commission.status = CommissionStatus::Accepted;
			commission.accepted_at = Some(Self::now());
			Commissions::<T>::insert(&battery, commission);
			Self::deposit_event(Event::CommissionAccepted { battery, recycler: who });
		} else {
			Commissions::<T>::remove(&battery);
			Self::deposit_event(Event::CommissionDeclined { battery, recycler: who });
		}
		Ok(())
	}

	/// [`Pallet::withdraw_commission`](crate::Pallet::withdraw_commission) by `who`.
	///
	/// Errors: [`Error::NoCommission`], [`Error::UnknownBattery`], [`Error::NotCommissioner`]
	/// (neither the commissioner nor the custodian as an active Operator: a carrier holding the
	/// battery on its way to the recycler does not withdraw), [`Error::CannotWithdraw`]
	/// (a buy-back, completed, the battery no longer retired, in an open shipment, or already in
	/// the recycler's custody).
	pub(crate) fn do_withdraw(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		let commission = Self::commission_of(&battery)?;
		let custodian = T::Batteries::custodian(&battery).ok_or(Error::<T>::UnknownBattery)?;
		let custodian_operator = custodian == who && T::Consortium::has_role(&who, Role::Operator);
		ensure!(
			commission.commissioned_by == who || custodian_operator,
			Error::<T>::NotCommissioner
		);
		ensure!(
			commission.reason != CommissionReason::BuyBack
				&& commission.status != CommissionStatus::Completed
				&& T::Batteries::status(&battery) == Some(BatteryStatus::Retired)
				&& !T::CustodyLock::is_locked(&battery)
				&& custodian != commission.recycler,
			Error::<T>::CannotWithdraw
		);
		Commissions::<T>::remove(&battery);
		Self::deposit_event(Event::CommissionWithdrawn { battery, by: who });
		Ok(())
	}

	/// [`Pallet::hand_over`](crate::Pallet::hand_over) by `who`.
	///
	/// Errors, in order: [`Error::NoCommission`], [`Error::WrongCommissionStatus`],
	/// [`Error::UnknownBattery`], [`Error::NotCustodian`], those of [`Self::ensure_movable`],
	/// [`Error::NotRecycler`] (the recycler left the role), then pallet-battery's errors (a
	/// battery assigned to a user).
	pub(crate) fn do_hand_over(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		let commission = Self::commission_of(&battery)?;
		ensure!(commission.status == CommissionStatus::Accepted, Error::<T>::WrongCommissionStatus);
		let custodian = T::Batteries::custodian(&battery).ok_or(Error::<T>::UnknownBattery)?;
		ensure!(custodian == who, Error::<T>::NotCustodian);
		Self::ensure_movable(&battery)?;
		let recycler = commission.recycler;
		Self::ensure_recycler(&recycler)?;

		if custodian != recycler {
			T::Batteries::set_custodian(&battery, &recycler, CustodyVia::Recycling)?;
		}
		T::Batteries::transition(&recycler, &battery, BatteryStatus::WithRecycler)?;
		Self::deposit_event(Event::HandedOver { battery, recycler });
		Ok(())
	}
}
