//! Custody: the direct two-step handover and the custody change other pallets make.

use crate::{
	BatteryId, BatteryRecordOf, Config, CustodianBatteries, CustodyEntry, CustodyHistory,
	CustodyHistoryCount, CustodyOffer, CustodyOffers, CustodyVia, Error, Event, Pallet,
};
use battery_primitives::battery::CustodyLock;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Offer custody of `battery` from `who` to `to` (see [`Pallet::offer_custody`]).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::PassportClosed`], [`Error::BatteryFrozen`],
	/// [`Error::NotCustodian`], [`Error::NotMember`] (the custodian), [`Error::AlreadyCustodian`],
	/// [`Error::RecipientNotMember`], [`Error::StillAssigned`].
	pub(crate) fn do_offer_custody(
		who: T::AccountId,
		battery: BatteryId,
		to: T::AccountId,
	) -> DispatchResult {
		let record = Self::battery(&battery)?;
		ensure!(!record.status.is_closed(), Error::<T>::PassportClosed);
		ensure!(!record.frozen, Error::<T>::BatteryFrozen);
		ensure!(record.custodian == who, Error::<T>::NotCustodian);
		ensure!(Self::is_active_member(&who), Error::<T>::NotMember);
		ensure!(to != who, Error::<T>::AlreadyCustodian);
		ensure!(Self::is_active_member(&to), Error::<T>::RecipientNotMember);
		ensure!(record.assigned_user.is_none(), Error::<T>::StillAssigned);
		ensure!(!T::CustodyLock::is_locked(&battery), Error::<T>::InShipment);

		let expires_at = Self::now().saturating_add(T::CustodyOfferTimeout::get());
		CustodyOffers::<T>::insert(
			&battery,
			CustodyOffer { from: who.clone(), to: to.clone(), expires_at },
		);
		Self::deposit_event(Event::CustodyOffered { battery, from: who, to, expires_at });
		Ok(())
	}

	/// Accept the custody offer of `battery` as `who` (see [`Pallet::accept_custody`]).
	///
	/// Errors: [`Error::NoCustodyOffer`], [`Error::NotOfferRecipient`], [`Error::OfferExpired`],
	/// [`Error::UnknownBattery`], [`Error::BatteryFrozen`], [`Error::RecipientNotMember`],
	/// [`Error::StillAssigned`].
	pub(crate) fn do_accept_custody(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		let offer = CustodyOffers::<T>::get(&battery).ok_or(Error::<T>::NoCustodyOffer)?;
		ensure!(offer.to == who, Error::<T>::NotOfferRecipient);
		ensure!(Self::now() <= offer.expires_at, Error::<T>::OfferExpired);
		let record = Self::battery(&battery)?;
		// Offers are removed whenever custody moves or the passport closes; a stale one is a bug.
		ensure!(record.custodian == offer.from, Error::<T>::NoCustodyOffer);
		// An offer made before the battery joined a shipment cannot take it out of it.
		ensure!(!T::CustodyLock::is_locked(&battery), Error::<T>::InShipment);
		Self::move_custody(&battery, who, CustodyVia::Handover)
	}

	/// Cancel the custody offer of `battery` as `who` (see [`Pallet::cancel_custody_offer`]).
	///
	/// Errors: [`Error::NoCustodyOffer`], [`Error::NotOfferParty`].
	pub(crate) fn do_cancel_custody_offer(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		let offer = CustodyOffers::<T>::get(&battery).ok_or(Error::<T>::NoCustodyOffer)?;
		ensure!(offer.from == who || offer.to == who, Error::<T>::NotOfferParty);
		CustodyOffers::<T>::remove(&battery);
		Self::deposit_event(Event::CustodyOfferCancelled { battery, by: who });
		Ok(())
	}

	/// Make `to` the custodian of `battery` (recorded as taken over `via`), removing a pending
	/// offer (accepted offers and
	/// [`battery_primitives::battery::BatteryLifecycle::set_custodian`]).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::PassportClosed`], [`Error::BatteryFrozen`],
	/// [`Error::AlreadyCustodian`], [`Error::RecipientNotMember`], [`Error::StillAssigned`].
	pub(crate) fn move_custody(
		battery: &BatteryId,
		to: T::AccountId,
		via: CustodyVia,
	) -> DispatchResult {
		let mut record = Self::battery(battery)?;
		ensure!(!record.status.is_closed(), Error::<T>::PassportClosed);
		ensure!(!record.frozen, Error::<T>::BatteryFrozen);
		ensure!(record.custodian != to, Error::<T>::AlreadyCustodian);
		ensure!(Self::is_active_member(&to), Error::<T>::RecipientNotMember);
		ensure!(record.assigned_user.is_none(), Error::<T>::StillAssigned);

		let from = core::mem::replace(&mut record.custodian, to.clone());
		// A passport registered before the history existed whose custody had already moved
		// has no known entry 0: its history starts with this change, as it always did.
		let history_from_now =
			CustodyHistoryCount::<T>::get(battery) == 0 && from != record.manufacturer;
		Self::store(battery, record);
		Self::index_custody(battery, Some(&from), Some(&to));
		Self::record_custody(battery, &to, via, history_from_now);
		CustodyOffers::<T>::remove(battery);
		Self::deposit_event(Event::CustodyTransferred { battery: battery.clone(), from, to });
		Ok(())
	}

	/// Keep [`CustodianBatteries`] in step with a custody change of `battery` (after its own
	/// record was written, [`Self::store`]): `from` stops holding it
	/// (`None`: nobody did, a new battery), `to` starts (`None`: nobody, its passport closed).
	pub(crate) fn index_custody(
		battery: &BatteryId,
		from: Option<&T::AccountId>,
		to: Option<&T::AccountId>,
	) {
		if let Some(from) = from {
			CustodianBatteries::<T>::remove(from, battery);
		}
		if let Some(to) = to {
			CustodianBatteries::<T>::insert(to, battery, ());
		}
	}

	/// Append `custodian`, taking over `via` now, to the custody history of `battery`. Entry 0,
	/// the registration, is implied by the passport and not stored (see
	/// [`Self::custody_entry`]), so the first change is entry 1 — unless `from_now`: a passport
	/// registered before the history existed, whose custody moved before, starts its history
	/// with this change at entry 0. The count is a `u32` of custody changes, each a paid
	/// transaction: it saturates rather than fail a handover (never in practice).
	pub(crate) fn record_custody(
		battery: &BatteryId,
		custodian: &T::AccountId,
		via: CustodyVia,
		from_now: bool,
	) {
		let count = CustodyHistoryCount::<T>::get(battery);
		let index = if from_now { count } else { count.max(1) };
		let entry = CustodyEntry { index, custodian: custodian.clone(), since: Self::now(), via };
		CustodyHistory::<T>::insert(battery, index, entry);
		CustodyHistoryCount::<T>::insert(battery, index.saturating_add(1));
	}

	/// Entry `index` of the custody history of `battery` (whose passport is `record`): the
	/// stored one, or for entry 0 the registration the passport records (its manufacturer, or
	/// recycler for a second life, took custody when it registered it). Passports registered
	/// while entry 0 was stored keep theirs; one registered before the history existed has no
	/// entry 0 once its custody moved (its history, if any, starts later).
	pub fn custody_entry(
		battery: &BatteryId,
		record: &BatteryRecordOf<T>,
		index: u32,
	) -> Option<CustodyEntry<T::AccountId, BlockNumberFor<T>>> {
		CustodyHistory::<T>::get(battery, index).or_else(|| {
			let implied = index == 0 && Self::custody_count(battery, record) > 0;
			implied.then(|| CustodyEntry {
				index,
				custodian: record.manufacturer.clone(),
				since: record.registered_at,
				via: CustodyVia::Registration,
			})
		})
	}

	/// How many entries the custody history of `battery` (whose passport is `record`) has: the
	/// stored count, or 1 (the implied registration) while custody never moved.
	pub fn custody_count(battery: &BatteryId, record: &BatteryRecordOf<T>) -> u32 {
		match CustodyHistoryCount::<T>::get(battery) {
			0 if record.custodian == record.manufacturer => 1,
			count => count,
		}
	}

	/// Whether `who` is the custodian of a battery whose passport is open (on its own, or as
	/// the manufacturer of a lot with unchanged members).
	pub fn holds_batteries(who: &T::AccountId) -> bool {
		CustodianBatteries::<T>::iter_key_prefix(who).next().is_some()
			|| crate::CustodianLots::<T>::iter_key_prefix(who).next().is_some()
	}
}
