//! Buy-back: a recycler's offer for a retired battery, its price held; the owner's acceptance
//! pays the price and moves custody in one call; a withdrawal, a refusal or the expiry releases
//! it. Every unit held is paid or released exactly once.

use crate::{
	BalanceOf, BatteryId, BatteryLifecycle, BuyBackOffer, BuyBackOffers, Commission,
	CommissionReason, CommissionStatus, Commissions, Config, CustodyVia, Error, Event, HoldReason,
	Pallet,
};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// [`Pallet::offer_buy_back`](crate::Pallet::offer_buy_back) by `who`.
	///
	/// Errors, in order: [`Error::NotRecycler`], [`Error::InvalidPrice`],
	/// [`Error::InvalidPeriod`], those of `ensure_transferable`, [`Error::NotOwner`] (the
	/// recycler holds it already), [`Error::AlreadyCommissioned`], [`Error::OfferExists`],
	/// [`Error::InsufficientBalance`].
	pub(crate) fn do_offer_buy_back(
		who: T::AccountId,
		battery: BatteryId,
		price: BalanceOf<T>,
		valid_for: BlockNumberFor<T>,
	) -> DispatchResult {
		Self::ensure_recycler(&who)?;
		ensure!(!price.is_zero(), Error::<T>::InvalidPrice);
		ensure!(
			!valid_for.is_zero() && valid_for <= T::MaxOfferPeriod::get(),
			Error::<T>::InvalidPeriod
		);
		let owner = Self::ensure_transferable(&battery)?;
		ensure!(owner != who, Error::<T>::NotOwner);
		ensure!(!Commissions::<T>::contains_key(&battery), Error::<T>::AlreadyCommissioned);
		ensure!(!BuyBackOffers::<T>::contains_key(&battery), Error::<T>::OfferExists);
		T::Currency::hold(&HoldReason::BuyBack.into(), &who, price)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		let now = Self::now();
		let expires_at = now.saturating_add(valid_for);
		BuyBackOffers::<T>::insert(
			&battery,
			BuyBackOffer {
				recycler: who.clone(),
				owner: owner.clone(),
				price,
				offered_at: now,
				expires_at,
			},
		);
		Self::deposit_event(Event::BuyBackOffered {
			battery,
			recycler: who,
			owner,
			price,
			expires_at,
		});
		Ok(())
	}

	/// [`Pallet::accept_buy_back`](crate::Pallet::accept_buy_back) by `who`.
	///
	/// Errors, in order: [`Error::NoOffer`], [`Error::OfferExpired`], those of
	/// `ensure_transferable`, [`Error::NotOwner`], [`Error::AlreadyCommissioned`],
	/// [`Error::NotRecycler`], then the currency's and pallet-battery's (none while the hold
	/// holds and the battery may move).
	pub(crate) fn do_accept_buy_back(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		let offer = BuyBackOffers::<T>::get(&battery).ok_or(Error::<T>::NoOffer)?;
		let now = Self::now();
		ensure!(now <= offer.expires_at, Error::<T>::OfferExpired);
		let custodian = Self::ensure_transferable(&battery)?;
		ensure!(offer.owner == who && custodian == who, Error::<T>::NotOwner);
		ensure!(!Commissions::<T>::contains_key(&battery), Error::<T>::AlreadyCommissioned);
		Self::ensure_recycler(&offer.recycler)?;

		T::Currency::transfer_on_hold(
			&HoldReason::BuyBack.into(),
			&offer.recycler,
			&who,
			offer.price,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		T::Batteries::set_custodian(&battery, &offer.recycler, CustodyVia::BuyBack)?;
		BuyBackOffers::<T>::remove(&battery);
		Commissions::<T>::insert(
			&battery,
			Commission {
				recycler: offer.recycler.clone(),
				commissioned_by: who.clone(),
				reason: CommissionReason::BuyBack,
				status: CommissionStatus::Accepted,
				offered_at: offer.offered_at,
				accepted_at: Some(now),
			},
		);
		Self::deposit_event(Event::BoughtBack {
			battery,
			recycler: offer.recycler,
			owner: who,
			price: offer.price,
		});
		Ok(())
	}

	/// [`Pallet::close_buy_back`](crate::Pallet::close_buy_back) by `who`.
	///
	/// Errors: [`Error::NoOffer`], [`Error::OfferOpen`] (a third party before the expiry: not the
	/// recycler, the owner offered to, or the battery's custodian now), then the currency's
	/// (none while the hold holds).
	pub(crate) fn do_close_buy_back(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		let offer = BuyBackOffers::<T>::get(&battery).ok_or(Error::<T>::NoOffer)?;
		let party = who == offer.recycler
			|| who == offer.owner
			|| T::Batteries::custodian(&battery).as_ref() == Some(&who);
		ensure!(party || Self::now() > offer.expires_at, Error::<T>::OfferOpen);
		T::Currency::release(
			&HoldReason::BuyBack.into(),
			&offer.recycler,
			offer.price,
			Precision::Exact,
		)?;
		BuyBackOffers::<T>::remove(&battery);
		Self::deposit_event(Event::BuyBackClosed { battery, by: who, released: offer.price });
		Ok(())
	}

	/// The held buy-back prices add up per recycler, and every offer is of a distinct battery
	/// with a recycler that holds at least its price.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::InspectHold;
		let mut held: alloc::collections::btree_map::BTreeMap<T::AccountId, BalanceOf<T>> =
			Default::default();
		for (_, offer) in BuyBackOffers::<T>::iter() {
			let sum = held.entry(offer.recycler.clone()).or_insert_with(Zero::zero);
			*sum = sum.saturating_add(offer.price);
		}
		for (recycler, sum) in held {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::BuyBack.into(), &recycler);
			ensure!(on_hold == sum, "buy-back hold differs from the offers' prices");
		}
		Ok(())
	}
}
