//! Reads behind the `ChargingApi` runtime API: a pile with its station, a session, the sessions
//! of an account. Public facts; session details stay sealed envelopes.

use crate::{
	AccountSessionCount, AccountSessions, Config, Pallet, PileCells, Piles, Position, SessionId,
	SessionOf, Sessions, Stations,
};
use alloc::vec::Vec;
use battery_primitives::{
	charging::{
		EvseId, NearbyPile, PileFilter, PileView, SessionEntry, SessionStatus, SessionsPage,
	},
	consortium::MAX_PAGE_SIZE,
	geo,
	ocpi::ChargeDetailRecord,
};

/// A charge detail record as configured for the runtime.
pub type ChargeDetailRecordOf<T> =
	ChargeDetailRecord<<T as frame_system::Config>::AccountId, crate::BalanceOf<T>>;

/// A pile view as configured for the runtime.
pub type PileViewOf<T> = PileView<crate::BalanceOf<T>>;

/// A page of sessions as configured for the runtime.
pub type SessionsPageOf<T> = SessionsPage<
	<T as frame_system::Config>::AccountId,
	crate::BalanceOf<T>,
	crate::BlockNumberOf<T>,
>;

impl<T: Config> Pallet<T> {
	/// The pile `evse` with its station's name and status (`ChargingApi::pile`).
	pub fn pile_view(evse: &[u8]) -> Option<PileViewOf<T>> {
		let evse = EvseId::try_from(evse.to_vec()).ok()?;
		let pile = Piles::<T>::get(&evse)?;
		let station = Stations::<T>::get(pile.station)?;
		Some(PileView {
			max_power_w: pile.max_power_w(),
			evse,
			station: pile.station,
			station_name: station.name.into_inner(),
			station_status: station.status,
			station_address: station.address,
			position: pile.position,
			model: pile.model.into_inner(),
			status: pile.status,
			connectors: pile.connectors.into_inner(),
			tariff: pile.tariff,
			payment_methods: pile.payment_methods.into_inner(),
		})
	}

	/// The piles within `radius_m` of `centre` that pass `filter`, nearest first (ties by EVSE
	/// ID), from position `start` on, at most `limit` (capped at [`MAX_PAGE_SIZE`])
	/// (`ChargingApi::piles_near`). Visits only the grid cells the circle touches.
	pub fn piles_near(
		centre: &Position,
		radius_m: u32,
		filter: PileFilter,
		start: u32,
		limit: u32,
	) -> Vec<NearbyPile<crate::BalanceOf<T>>> {
		let Some(centre) = geo::coordinates(centre) else { return Vec::new() };
		let radius_m = radius_m.min(geo::MAX_SEARCH_RADIUS_M);
		let mut found: Vec<(u32, EvseId)> = geo::cells_around(centre, radius_m)
			.into_iter()
			.flat_map(PileCells::<T>::iter_key_prefix)
			.filter_map(|evse| {
				let pile = Piles::<T>::get(&evse)?;
				let distance_m = geo::distance_m(centre, geo::coordinates(&pile.position)?);
				let standard_ok = filter
					.standard
					.is_none_or(|standard| pile.connectors.iter().any(|c| c.standard == standard));
				(distance_m <= radius_m && standard_ok && pile.max_power_w() >= filter.min_power_w)
					.then_some((distance_m, evse))
			})
			.collect();
		found.sort();
		found
			.into_iter()
			.skip(start as usize)
			.take(limit.min(MAX_PAGE_SIZE) as usize)
			.filter_map(|(distance_m, evse)| {
				Self::pile_view(&evse).map(|pile| NearbyPile { distance_m, pile })
			})
			.collect()
	}

	/// Session `id` (`ChargingApi::session`).
	pub fn session_view(id: SessionId) -> Option<SessionOf<T>> {
		Sessions::<T>::get(id)
	}

	/// The sessions of `account` from position `start` on, at most `limit` (capped at
	/// [`MAX_PAGE_SIZE`]), oldest first (`ChargingApi::sessions_of`).
	pub fn sessions_of(account: &T::AccountId, start: u32, limit: u32) -> SessionsPageOf<T> {
		let total = AccountSessionCount::<T>::get(account);
		let end = start.saturating_add(limit.min(MAX_PAGE_SIZE)).min(total);
		let sessions: Vec<_> = (start..end)
			.filter_map(|position| AccountSessions::<T>::get(account, position))
			.filter_map(|id| Sessions::<T>::get(id).map(|session| SessionEntry { id, session }))
			.collect();
		SessionsPage { total, sessions }
	}

	/// The charge detail record of session `id` once settled, disputed or resolved: the
	/// station as it reads now, the pile's position, the connector and tariff of the request,
	/// the settlement and the refund (`ChargingApi::cdr`).
	pub fn cdr(id: SessionId) -> Option<ChargeDetailRecordOf<T>> {
		let session = Sessions::<T>::get(id)?;
		let (settlement, disputed, refund) = match session.status {
			SessionStatus::Settled(settlement) => (settlement, false, None),
			SessionStatus::Disputed { settlement, .. } => (settlement, true, None),
			SessionStatus::Resolved { settlement, refund } => (settlement, true, Some(refund)),
			SessionStatus::Requested | SessionStatus::Charging { .. } => return None,
			SessionStatus::Cancelled { .. } => return None,
		};
		let station = Stations::<T>::get(session.station)?;
		let position =
			Piles::<T>::get(&session.pile).map_or(station.position, |pile| pile.position);
		Some(ChargeDetailRecord {
			session: id,
			pile: session.pile,
			connector_id: session.connector_id,
			connector: session.connector,
			station: session.station,
			station_name: station.name.into_inner(),
			address: station.address,
			position,
			payer: session.payer,
			battery: session.battery,
			started_ms: settlement.started_ms,
			stopped_ms: settlement.stopped_ms,
			energy_wh: settlement.energy_wh,
			minutes: settlement.minutes,
			tariff: session.tariff,
			cost: settlement.cost,
			signed_meter: settlement.signed_meter,
			timed_out: settlement.timed_out,
			disputed,
			refund,
		})
	}
}
