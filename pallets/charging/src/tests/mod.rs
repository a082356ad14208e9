//! Unit tests: stations and piles, sessions and settlement, disputes, and a property test of
//! the payment invariants under random call sequences.

use crate::{
	mock::*, EvseId, PaymentMethod, PaymentMethods, SealedSession, SessionId, StationAddress,
	Tariff,
};
use battery_primitives::{
	charging::{PileStatus, SessionDetails},
	consortium::{BatteryId, DataCategory, DeviceKind},
	logistics::Position,
};
use codec::Encode;
use frame_support::{assert_ok, traits::fungible::InspectHold};

mod disputes;
mod invariants;
mod queries;
mod sessions;
mod stations;

/// The test pile's EVSE ID.
pub const EVSE: &str = "DE*ABC*E000001*1";

/// The test pile's tariff: 400 per kWh, 2 per started minute, 50 per session.
pub const TARIFF: Tariff<Balance> = Tariff { price_per_kwh: 400, per_minute: 2, per_session: 50 };

pub fn evse(text: &str) -> EvseId {
	EvseId::truncate_from(text.as_bytes().to_vec())
}

/// Munich, in units of 1e-7 degree.
pub fn munich() -> Position {
	Position::Coordinates { latitude_e7: 481_351_000, longitude_e7: 115_820_000 }
}

pub fn text<const N: u32>(
	s: &str,
) -> frame_support::BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	frame_support::BoundedVec::truncate_from(s.as_bytes().to_vec())
}

/// The Allianz Arena's address.
pub fn address() -> StationAddress {
	StationAddress {
		street: text("Werner-Heisenberg-Allee 25"),
		postal_code: text("80939"),
		city: text("Munich"),
		country: *b"DEU",
	}
}

pub fn token_only() -> PaymentMethods {
	PaymentMethods::truncate_from(vec![PaymentMethod::ChainToken])
}

/// Register a station of `owner` (its number).
pub fn station_of(owner: &AccountId) -> crate::StationId {
	let id = crate::NextStationId::<Test>::get();
	assert_ok!(Charging::register_station(
		RuntimeOrigin::signed(owner.clone()),
		text("Allianz Arena fast charging"),
		address(),
		munich(),
		1_200,
	));
	id
}

/// Register pile `evse_id` with one CCS2 connector and [`TARIFF`] at `station`.
pub fn pile_at(owner: &AccountId, station: crate::StationId, evse_id: &str) {
	assert_ok!(Charging::register_pile(
		RuntimeOrigin::signed(owner.clone()),
		station,
		evse(evse_id),
		munich(),
		text("Alpitronic HYC400"),
		vec![ccs2()].try_into().expect("within MaxConnectors"),
		TARIFF,
		token_only(),
	));
}

/// The station owner's certified station with pile [`EVSE`] and its [`controller`].
pub fn certified_pile() -> crate::StationId {
	let station = station_of(&station_owner());
	assert_ok!(Charging::certify_station(RuntimeOrigin::root(), station, true));
	pile_at(&station_owner(), station, EVSE);
	MockConsortium::add_device(
		controller(),
		DeviceKind::PileController,
		station_owner(),
		EVSE.as_bytes(),
	);
	station
}

/// Vehicle and note about `subject`, sealed for `payer`, the station's owner and the Authority.
pub fn details_for(payer: &AccountId, subject: &BatteryId) -> SealedSession {
	let keys = Charging::session_keys(payer, &station_owner());
	let plaintext = SessionDetails { vehicle: text("M-EV 4242"), note: text("fleet job 17") };
	let mut random = battery_test_fixtures::byte_stream(9u8);
	SealedSession::new(
		battery_seal::seal(
			DataCategory::Charging,
			subject,
			&plaintext.encode(),
			&keys,
			&mut random,
		)
		.expect("seals"),
	)
}

/// Details of a session at [`EVSE`] naming no battery.
pub fn details(payer: &AccountId) -> SealedSession {
	details_for(payer, &BatteryId::truncate_from(EVSE.as_bytes().to_vec()))
}

/// `payer` requests a session at [`EVSE`] for `max_wh` over `max_minutes`.
pub fn request(payer: &AccountId, max_wh: u32, max_minutes: u32) -> SessionId {
	let id = crate::NextSessionId::<Test>::get();
	assert_ok!(Charging::request_session(
		RuntimeOrigin::signed(payer.clone()),
		evse(EVSE),
		1,
		None,
		max_wh,
		max_minutes,
		details(payer),
	));
	id
}

/// Session `id` started by the controller at meter 1,000,000 Wh, 30 minutes before now.
pub fn start(id: SessionId) {
	assert_ok!(Charging::start_session(
		RuntimeOrigin::signed(controller()),
		id,
		METER_START,
		NOW_MS - HALF_HOUR_MS
	));
}

/// The meter at the start of [`start`]ed sessions, Wh.
pub const METER_START: u64 = 1_000_000;
/// Half an hour, ms.
pub const HALF_HOUR_MS: u64 = 1_800_000;

/// Session hold of `who`.
pub fn held(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Charging(crate::HoldReason::Session), who)
}

/// Free balance of `who`.
pub fn free(who: &AccountId) -> Balance {
	Balances::free_balance(who)
}

/// The status of pile [`EVSE`].
pub fn pile_status() -> PileStatus {
	crate::Piles::<Test>::get(evse(EVSE)).expect("registered").status
}

/// The last event of this pallet.
pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Charging(event) => Some(event),
			_ => None,
		})
		.expect("an event")
}
