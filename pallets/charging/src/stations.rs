//! Stations and their piles: registration, certification, tariffs and availability.

use crate::Config;
use crate::{
	BalanceOf, ConnectorsOf, ConsortiumInspect, Error, Event, EvseId, Name, NextStationId, Pallet,
	PaymentMethod, PaymentMethods, Pile, PileCells, PileOf, PileStatus, Piles, Position, Role,
	Station, StationAddress, StationId, StationOf, StationStatus, Stations, Tariff, Text,
};
use battery_primitives::{charging::validate_evse_id, geo};
use frame_support::{
	ensure,
	traits::{EnsureOrigin, Get},
};
use frame_system::pallet_prelude::OriginFor;
use sp_runtime::{DispatchError, DispatchResult};

impl<T: Config> Pallet<T> {
	/// Ensure `origin` is [`Config::AdminOrigin`] or signed by an active Authority member.
	///
	/// Errors: `BadOrigin` (unsigned), [`Error::NotAuthority`].
	pub(crate) fn ensure_authority(origin: OriginFor<T>) -> Result<(), DispatchError> {
		match T::AdminOrigin::try_origin(origin) {
			Ok(_) => Ok(()),
			Err(origin) => {
				let who = frame_system::ensure_signed(origin)?;
				ensure!(T::Consortium::has_role(&who, Role::Authority), Error::<T>::NotAuthority);
				Ok(())
			},
		}
	}

	/// The station `id`. Errors: [`Error::UnknownStation`].
	pub(crate) fn station(id: StationId) -> Result<StationOf<T>, Error<T>> {
		Stations::<T>::get(id).ok_or(Error::<T>::UnknownStation)
	}

	/// The pile `evse`. Errors: [`Error::UnknownPile`].
	pub(crate) fn pile(evse: &EvseId) -> Result<PileOf<T>, Error<T>> {
		Piles::<T>::get(evse).ok_or(Error::<T>::UnknownPile)
	}

	/// The pile `evse` and its station, checked to be `who`'s, an active EnergyStation member.
	///
	/// Errors: [`Error::UnknownPile`], [`Error::UnknownStation`], [`Error::NotStationOwner`],
	/// [`Error::NotEnergyStation`].
	fn own_pile(who: &T::AccountId, evse: &EvseId) -> Result<PileOf<T>, Error<T>> {
		let pile = Self::pile(evse)?;
		let station = Self::station(pile.station)?;
		ensure!(&station.owner == who, Error::<T>::NotStationOwner);
		ensure!(T::Consortium::has_role(who, Role::EnergyStation), Error::<T>::NotEnergyStation);
		Ok(pile)
	}

	/// [`Pallet::register_station`](crate::Pallet::register_station) by `who`.
	///
	/// Errors: [`Error::NotEnergyStation`], [`Error::EmptyText`], [`Error::InvalidAddress`],
	/// [`Error::InvalidPosition`], [`Error::InvalidGridPower`], [`Error::Overflow`].
	pub(crate) fn do_register_station(
		who: T::AccountId,
		name: Name,
		address: StationAddress,
		position: Position,
		grid_power_kw: u32,
	) -> DispatchResult {
		ensure!(T::Consortium::has_role(&who, Role::EnergyStation), Error::<T>::NotEnergyStation);
		ensure!(!name.is_empty(), Error::<T>::EmptyText);
		ensure!(address.is_valid(), Error::<T>::InvalidAddress);
		ensure!(position.is_valid(), Error::<T>::InvalidPosition);
		ensure!(grid_power_kw > 0, Error::<T>::InvalidGridPower);
		let id = NextStationId::<T>::get();
		NextStationId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Stations::<T>::insert(
			id,
			Station {
				owner: who.clone(),
				name,
				address,
				position,
				grid_power_kw,
				status: StationStatus::Pending,
				piles: 0,
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::StationRegistered { station: id, owner: who });
		Ok(())
	}

	/// [`Pallet::certify_station`](crate::Pallet::certify_station), the origin checked.
	///
	/// Errors: [`Error::UnknownStation`], [`Error::WrongStationStatus`] (certifying a certified
	/// station, revoking one that is not).
	pub(crate) fn do_certify_station(id: StationId, certified: bool) -> DispatchResult {
		let mut station = Self::station(id)?;
		let status = match (station.status, certified) {
			(StationStatus::Pending | StationStatus::Revoked, true) => StationStatus::Certified,
			(StationStatus::Certified, false) => StationStatus::Revoked,
			_ => return Err(Error::<T>::WrongStationStatus.into()),
		};
		station.status = status;
		Stations::<T>::insert(id, station);
		Self::deposit_event(Event::StationStatusChanged { station: id, status });
		Ok(())
	}

	/// [`Pallet::register_pile`](crate::Pallet::register_pile) by `who`.
	///
	/// Errors: [`Error::UnknownStation`], [`Error::NotStationOwner`],
	/// [`Error::NotEnergyStation`], [`Error::InvalidEvseId`], [`Error::PileExists`],
	/// [`Error::TooManyPiles`], [`Error::InvalidPosition`], [`Error::EmptyText`],
	/// [`Error::InvalidConnector`], [`Error::InvalidPaymentMethods`].
	pub(crate) fn do_register_pile(
		who: T::AccountId,
		station_id: StationId,
		evse: EvseId,
		(position, model, connectors): (Position, Text, ConnectorsOf<T>),
		tariff: Tariff<BalanceOf<T>>,
		payment_methods: PaymentMethods,
	) -> DispatchResult {
		let mut station = Self::station(station_id)?;
		ensure!(station.owner == who, Error::<T>::NotStationOwner);
		ensure!(T::Consortium::has_role(&who, Role::EnergyStation), Error::<T>::NotEnergyStation);
		validate_evse_id(&evse).map_err(|_| Error::<T>::InvalidEvseId)?;
		ensure!(!Piles::<T>::contains_key(&evse), Error::<T>::PileExists);
		ensure!(station.piles < T::MaxPilesPerStation::get(), Error::<T>::TooManyPiles);
		// Checks the position too: its cell is the pile's place in the search index.
		let coordinates = geo::coordinates(&position).ok_or(Error::<T>::InvalidPosition)?;
		ensure!(!model.is_empty(), Error::<T>::EmptyText);
		ensure!(
			!connectors.is_empty() && connectors.iter().all(|c| c.is_valid()),
			Error::<T>::InvalidConnector
		);
		let distinct = payment_methods
			.iter()
			.enumerate()
			.all(|(i, method)| !payment_methods.iter().skip(i + 1).any(|other| other == method));
		ensure!(!payment_methods.is_empty() && distinct, Error::<T>::InvalidPaymentMethods);

		station.piles = station.piles.saturating_add(1);
		Stations::<T>::insert(station_id, station);
		PileCells::<T>::insert(geo::cell(coordinates), &evse, ());
		Piles::<T>::insert(
			&evse,
			Pile {
				station: station_id,
				position,
				model,
				status: PileStatus::Available,
				connectors,
				tariff,
				payment_methods,
			},
		);
		Self::deposit_event(Event::PileRegistered { pile: evse, station: station_id });
		Ok(())
	}

	/// [`Pallet::set_tariff`](crate::Pallet::set_tariff) by `who`.
	///
	/// Errors: the errors of the pile's ownership ([`Error::UnknownPile`],
	/// [`Error::NotStationOwner`], [`Error::NotEnergyStation`]).
	pub(crate) fn do_set_tariff(
		who: T::AccountId,
		evse: EvseId,
		tariff: Tariff<BalanceOf<T>>,
	) -> DispatchResult {
		let mut pile = Self::own_pile(&who, &evse)?;
		pile.tariff = tariff;
		Piles::<T>::insert(&evse, pile);
		Self::deposit_event(Event::TariffChanged { pile: evse, tariff });
		Ok(())
	}

	/// [`Pallet::set_pile_status`](crate::Pallet::set_pile_status) by `who`.
	///
	/// Errors: the errors of the pile's ownership, [`Error::InvalidPileStatus`] (`Occupied`),
	/// [`Error::PileUnavailable`] (a session occupies it).
	pub(crate) fn do_set_pile_status(
		who: T::AccountId,
		evse: EvseId,
		status: PileStatus,
	) -> DispatchResult {
		let mut pile = Self::own_pile(&who, &evse)?;
		ensure!(status != PileStatus::Occupied, Error::<T>::InvalidPileStatus);
		ensure!(pile.status != PileStatus::Occupied, Error::<T>::PileUnavailable);
		pile.status = status;
		Piles::<T>::insert(&evse, pile);
		Self::deposit_event(Event::PileStatusChanged { pile: evse, status });
		Ok(())
	}

	/// Whether `pile` takes the chain's token.
	pub(crate) fn takes_token(pile: &PileOf<T>) -> bool {
		pile.payment_methods.contains(&PaymentMethod::ChainToken)
	}
}
