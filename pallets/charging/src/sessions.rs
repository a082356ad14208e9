//! Sessions: the request (the maximum cost held), the controller's start, meter reports and
//! stop, the settlement (paid exactly, the rest released), cancellation before the start and the
//! close of a session never stopped.

use crate::{
	AccountSessionCount, AccountSessions, BalanceOf, BatteryId, BatteryScope, ChargeThroughput,
	Config, ConsortiumInspect, Error, Event, EvseId, HoldReason, NextSessionId, Pallet,
	PileSessions, PileStatus, Piles, Role, SealedSession, Session, SessionId, SessionOf,
	SessionStatus, Sessions, Settlement, StationStatus,
};
use alloc::vec::Vec;
use battery_primitives::{
	battery::Hash32,
	charging::{pile_subject, started_minutes},
	consortium::{DataCategory, DeviceKind},
	sealed,
};
use frame_support::{
	ensure,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get, UnixTime,
	},
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult, SaturatedConversion,
};

battery_primitives::impl_new_record_errors!(Error);

/// A meter reading of a charging session, checked: the energy since the start and the time.
struct Reading {
	energy_wh: u32,
	meter_wh: u64,
	started_ms: u64,
	at_ms: u64,
	duration_ms: u64,
}

impl<T: Config> Pallet<T> {
	/// The session `id`. Errors: [`Error::UnknownSession`].
	pub(crate) fn session(id: SessionId) -> Result<SessionOf<T>, Error<T>> {
		Sessions::<T>::get(id).ok_or(Error::<T>::UnknownSession)
	}

	/// The reader keys a session's sealed details carry: the payer's, the station owner's and
	/// the Authority's, each once, sorted.
	pub fn session_keys(payer: &T::AccountId, station_owner: &T::AccountId) -> Vec<[u8; 32]> {
		T::Consortium::party_keys([payer, station_owner])
	}

	/// The subject a session's sealed details are about: the battery charged, or the pile.
	pub fn session_subject(battery: &Option<BatteryId>, pile: &EvseId) -> BatteryId {
		battery.clone().unwrap_or_else(|| BatteryId::truncate_from(pile.to_vec()))
	}

	/// The chain's time, Unix ms.
	fn now_ms() -> u64 {
		T::UnixTime::now().as_millis().saturated_into()
	}

	/// [`Pallet::request_session`](crate::Pallet::request_session) by `who`.
	///
	/// Errors, in order: [`Error::NotPayer`], [`Error::UnknownPile`],
	/// [`Error::UnknownConnector`], [`Error::UnknownStation`], [`Error::WrongStationStatus`],
	/// [`Error::PileUnavailable`], [`Error::TokenNotAccepted`],
	/// [`Error::InvalidLimits`], [`Error::NotBatteryParty`], the envelope errors,
	/// [`Error::Overflow`], [`Error::InsufficientBalance`].
	pub(crate) fn do_request_session(
		who: T::AccountId,
		(evse, connector_id): (EvseId, u8),
		battery: Option<BatteryId>,
		(max_energy_wh, max_minutes): (u32, u32),
		details: SealedSession,
	) -> DispatchResult {
		ensure!(
			T::Consortium::has_role(&who, Role::User)
				|| T::Consortium::has_role(&who, Role::Operator),
			Error::<T>::NotPayer
		);
		let mut pile = Self::pile(&evse)?;
		let connector = *usize::from(connector_id)
			.checked_sub(1)
			.and_then(|index| pile.connectors.get(index))
			.ok_or(Error::<T>::UnknownConnector)?;
		let station = Self::station(pile.station)?;
		ensure!(station.status == StationStatus::Certified, Error::<T>::WrongStationStatus);
		ensure!(pile.status == PileStatus::Available, Error::<T>::PileUnavailable);
		ensure!(Self::takes_token(&pile), Error::<T>::TokenNotAccepted);
		ensure!(max_energy_wh > 0 && max_minutes > 0, Error::<T>::InvalidLimits);
		if let Some(battery) = &battery {
			let parties = T::Batteries::parties(battery).ok_or(Error::<T>::NotBatteryParty)?;
			ensure!(
				parties.custodian == who || parties.assigned_user.as_ref() == Some(&who),
				Error::<T>::NotBatteryParty
			);
		}
		let subject = Self::session_subject(&battery, &evse);
		let keys = Self::session_keys(&who, &station.owner);
		sealed::check_new_record(&details, DataCategory::Charging, &subject, &keys)
			.map_err(Error::<T>::from)?;
		let held = pile.tariff.cost(max_energy_wh, max_minutes).ok_or(Error::<T>::Overflow)?;
		let id = NextSessionId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		if !held.is_zero() {
			T::Currency::hold(&HoldReason::Session.into(), &who, held)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
		}

		NextSessionId::<T>::put(next);
		Self::index_session(&who, id);
		if station.owner != who {
			Self::index_session(&station.owner, id);
		}
		pile.status = PileStatus::Occupied;
		let tariff = pile.tariff;
		let station_id = pile.station;
		Piles::<T>::insert(&evse, pile);
		PileSessions::<T>::insert(&evse, id);
		Sessions::<T>::insert(
			id,
			Session {
				pile: evse.clone(),
				connector_id,
				connector,
				station: station_id,
				station_owner: station.owner,
				payer: who.clone(),
				battery,
				max_energy_wh,
				max_minutes,
				tariff,
				held,
				requested_at: frame_system::Pallet::<T>::block_number(),
				status: SessionStatus::Requested,
				details,
			},
		);
		Self::deposit_event(Event::SessionRequested { session: id, pile: evse, payer: who, held });
		Ok(())
	}

	/// Add session `id` to the sessions of `who`.
	fn index_session(who: &T::AccountId, id: SessionId) {
		let position = AccountSessionCount::<T>::get(who);
		AccountSessions::<T>::insert(who, position, id);
		AccountSessionCount::<T>::insert(who, position.saturating_add(1));
	}

	/// Ensure `who` is an active `PileController` of the station's owner bound to the session's
	/// pile. Errors: [`Error::NotController`].
	fn ensure_controller(who: &T::AccountId, session: &SessionOf<T>) -> Result<(), Error<T>> {
		let owner = T::Consortium::is_device_for(
			who,
			DeviceKind::PileController,
			&pile_subject(&session.pile),
		);
		ensure!(owner.as_ref() == Some(&session.station_owner), Error::<T>::NotController);
		Ok(())
	}

	/// [`Pallet::start_session`](crate::Pallet::start_session) by the device `who`.
	///
	/// Errors: [`Error::UnknownSession`], [`Error::WrongStatus`], [`Error::NotController`],
	/// [`Error::InvalidTime`].
	pub(crate) fn do_start_session(
		who: T::AccountId,
		id: SessionId,
		meter_start_wh: u64,
		started_ms: u64,
	) -> DispatchResult {
		let mut session = Self::session(id)?;
		ensure!(session.status == SessionStatus::Requested, Error::<T>::WrongStatus);
		Self::ensure_controller(&who, &session)?;
		ensure!(
			started_ms <= Self::now_ms().saturating_add(T::MaxClockDriftMs::get()),
			Error::<T>::InvalidTime
		);
		session.status = SessionStatus::Charging {
			meter_start_wh,
			started_ms,
			started_at: frame_system::Pallet::<T>::block_number(),
			last_meter_wh: meter_start_wh,
			last_ms: started_ms,
		};
		Sessions::<T>::insert(id, session);
		Self::deposit_event(Event::SessionStarted { session: id, meter_start_wh });
		Ok(())
	}

	/// Check a meter value `meter_wh` at `at_ms` of the charging `session`: the time not before
	/// the last report nor after the chain's time plus the drift, the meter not below the last,
	/// the energy since the start within the session's maximum and the pile's power.
	///
	/// Errors: [`Error::WrongStatus`], [`Error::InvalidTime`], [`Error::MeterNotMonotonic`],
	/// [`Error::EnergyAboveMaximum`], [`Error::UnknownPile`], [`Error::EnergyAbovePower`].
	fn check_reading(
		session: &SessionOf<T>,
		meter_wh: u64,
		at_ms: u64,
	) -> Result<Reading, Error<T>> {
		let SessionStatus::Charging { meter_start_wh, started_ms, last_meter_wh, last_ms, .. } =
			session.status
		else {
			return Err(Error::<T>::WrongStatus);
		};
		let latest = Self::now_ms().saturating_add(T::MaxClockDriftMs::get());
		ensure!(at_ms >= last_ms && at_ms <= latest, Error::<T>::InvalidTime);
		ensure!(meter_wh >= last_meter_wh, Error::<T>::MeterNotMonotonic);
		let energy = meter_wh.saturating_sub(meter_start_wh);
		let energy_wh = u32::try_from(energy)
			.ok()
			.filter(|energy| *energy <= session.max_energy_wh)
			.ok_or(Error::<T>::EnergyAboveMaximum)?;
		let duration_ms = at_ms.saturating_sub(started_ms);
		let power_w = session.connector.max_electric_power_w;
		// energy_wh × 3.6e6 ms/h ≤ power_w × duration_ms, in u128: no overflow.
		let drawn = u128::from(energy_wh).saturating_mul(3_600_000);
		let possible = u128::from(power_w).saturating_mul(u128::from(duration_ms));
		ensure!(drawn <= possible, Error::<T>::EnergyAbovePower);
		Ok(Reading { energy_wh, meter_wh, started_ms, at_ms, duration_ms })
	}

	/// [`Pallet::report_meter`](crate::Pallet::report_meter) by the device `who`.
	///
	/// Errors: [`Error::UnknownSession`], [`Error::NotController`], the errors of
	/// [`Self::check_reading`].
	pub(crate) fn do_report_meter(
		who: T::AccountId,
		id: SessionId,
		meter_wh: u64,
		at_ms: u64,
	) -> DispatchResult {
		let mut session = Self::session(id)?;
		Self::ensure_controller(&who, &session)?;
		let reading = Self::check_reading(&session, meter_wh, at_ms)?;
		if let SessionStatus::Charging { last_meter_wh, last_ms, .. } = &mut session.status {
			*last_meter_wh = reading.meter_wh;
			*last_ms = reading.at_ms;
		}
		Sessions::<T>::insert(id, session);
		Self::deposit_event(Event::MeterReported { session: id, meter_wh });
		Ok(())
	}

	/// [`Pallet::stop_session`](crate::Pallet::stop_session) by the device `who`.
	///
	/// Errors: [`Error::UnknownSession`], [`Error::NotController`], the errors of
	/// [`Self::check_reading`], then those of [`Self::settle`].
	pub(crate) fn do_stop_session(
		who: T::AccountId,
		id: SessionId,
		meter_stop_wh: u64,
		stopped_ms: u64,
		signed_meter: Option<Hash32>,
	) -> DispatchResult {
		let session = Self::session(id)?;
		Self::ensure_controller(&who, &session)?;
		let reading = Self::check_reading(&session, meter_stop_wh, stopped_ms)?;
		Self::settle(id, session, reading, signed_meter, false)
	}

	/// [`Pallet::close_stale_session`](crate::Pallet::close_stale_session).
	///
	/// Errors: [`Error::UnknownSession`], [`Error::WrongStatus`], [`Error::TimeoutNotReached`],
	/// then those of [`Self::settle`].
	pub(crate) fn do_close_stale_session(id: SessionId) -> DispatchResult {
		let session = Self::session(id)?;
		let SessionStatus::Charging {
			meter_start_wh,
			started_ms,
			started_at,
			last_meter_wh,
			last_ms,
		} = session.status
		else {
			return Err(Error::<T>::WrongStatus.into());
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			now >= started_at.saturating_add(T::StopTimeout::get()),
			Error::<T>::TimeoutNotReached
		);
		// The last report was checked when it was made.
		let energy = last_meter_wh.saturating_sub(meter_start_wh);
		let reading = Reading {
			energy_wh: u32::try_from(energy).map_err(|_| Error::<T>::Overflow)?,
			meter_wh: last_meter_wh,
			started_ms,
			at_ms: last_ms,
			duration_ms: last_ms.saturating_sub(started_ms),
		};
		Self::settle(id, session, reading, None, true)
	}

	/// Settle `session` at `reading`: pay the station's owner the tariff's cost of the energy
	/// and the started minutes (at most the session's maximum) from the hold, release the rest
	/// to the payer, free the pile, count the battery's throughput.
	///
	/// Errors: [`Error::Overflow`], then the currency's errors (none while the hold holds).
	fn settle(
		id: SessionId,
		mut session: SessionOf<T>,
		reading: Reading,
		signed_meter: Option<Hash32>,
		timed_out: bool,
	) -> DispatchResult {
		let minutes: u32 = started_minutes(reading.duration_ms)
			.min(u64::from(session.max_minutes))
			.saturated_into();
		let cost = session.tariff.cost(reading.energy_wh, minutes).ok_or(Error::<T>::Overflow)?;
		// The energy and minutes are within the maxima the hold was computed from.
		let cost = cost.min(session.held);
		let released = session.held.saturating_sub(cost);
		Self::pay(&session.payer, &session.station_owner, cost)?;
		Self::release(&session.payer, released)?;
		Self::free_pile(&session.pile);
		if let Some(battery) = &session.battery {
			ChargeThroughput::<T>::mutate(battery, |(sessions, energy)| {
				*sessions = sessions.saturating_add(1);
				*energy = energy.saturating_add(u64::from(reading.energy_wh));
			});
		}
		session.status = SessionStatus::Settled(Settlement {
			energy_wh: reading.energy_wh,
			minutes,
			cost,
			meter_stop_wh: reading.meter_wh,
			started_ms: reading.started_ms,
			stopped_ms: reading.at_ms,
			signed_meter,
			timed_out,
			settled_at: frame_system::Pallet::<T>::block_number(),
		});
		Sessions::<T>::insert(id, session);
		Self::deposit_event(Event::SessionSettled {
			session: id,
			energy_wh: reading.energy_wh,
			minutes,
			cost,
			released,
			timed_out,
		});
		Ok(())
	}

	/// [`Pallet::cancel_session`](crate::Pallet::cancel_session) by `who`.
	///
	/// Errors: [`Error::UnknownSession`], [`Error::WrongStatus`], [`Error::TimeoutNotReached`]
	/// (anyone but the payer, before `StartTimeout`).
	pub(crate) fn do_cancel_session(who: T::AccountId, id: SessionId) -> DispatchResult {
		let mut session = Self::session(id)?;
		ensure!(session.status == SessionStatus::Requested, Error::<T>::WrongStatus);
		let now = frame_system::Pallet::<T>::block_number();
		if who != session.payer {
			ensure!(
				now >= session.requested_at.saturating_add(T::StartTimeout::get()),
				Error::<T>::TimeoutNotReached
			);
		}
		let released = session.held;
		Self::release(&session.payer, released)?;
		Self::free_pile(&session.pile);
		session.status = SessionStatus::Cancelled { at: now };
		Sessions::<T>::insert(id, session);
		Self::deposit_event(Event::SessionCancelled { session: id, released });
		Ok(())
	}

	/// The pile of a session that ended is free again (unless the station marked it out of
	/// order meanwhile, which it cannot while occupied).
	fn free_pile(evse: &EvseId) {
		PileSessions::<T>::remove(evse);
		Piles::<T>::mutate(evse, |pile| {
			if let Some(pile) = pile {
				pile.status = PileStatus::Available;
			}
		});
	}

	/// Pay `amount` of `payer`'s session hold to `owner` (exactly, or fail).
	fn pay(payer: &T::AccountId, owner: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer_on_hold(
			&HoldReason::Session.into(),
			payer,
			owner,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		Ok(())
	}

	/// Release `amount` of `payer`'s session hold (exactly, or fail).
	fn release(payer: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::release(&HoldReason::Session.into(), payer, amount, Precision::Exact)?;
		Ok(())
	}
}
