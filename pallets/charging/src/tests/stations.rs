//! Stations and piles: registration, certification, tariffs, availability, and refusals.

use super::*;
use crate::{Error, Event, Piles, StationStatus, Stations};
use battery_primitives::charging::{Connector, PowerType};
use frame_support::assert_noop;
use sp_runtime::DispatchError::BadOrigin;

#[test]
fn a_station_registers_is_certified_and_revoked() {
	new_test_ext().execute_with(|| {
		let id = station_of(&station_owner());
		assert_eq!(last_event(), Event::StationRegistered { station: id, owner: station_owner() });
		let station = Stations::<Test>::get(id).expect("stored");
		assert_eq!(
			(station.status, station.grid_power_kw, station.piles),
			(StationStatus::Pending, 1_200, 0)
		);
		// Neither its owner nor another member certifies; an Authority member does.
		for who in [station_owner(), user(), stranger()] {
			assert_noop!(
				Charging::certify_station(RuntimeOrigin::signed(who), id, true),
				Error::<Test>::NotAuthority
			);
		}
		assert_noop!(Charging::certify_station(RuntimeOrigin::none(), id, true), BadOrigin);
		assert_ok!(Charging::certify_station(RuntimeOrigin::signed(authority()), id, true));
		assert_eq!(
			last_event(),
			Event::StationStatusChanged { station: id, status: StationStatus::Certified }
		);
		assert_noop!(
			Charging::certify_station(RuntimeOrigin::root(), id, true),
			Error::<Test>::WrongStationStatus
		);
		// Revoked by the approval origin, certified again by an Authority.
		assert_ok!(Charging::certify_station(RuntimeOrigin::root(), id, false));
		assert_eq!(Stations::<Test>::get(id).expect("stored").status, StationStatus::Revoked);
		assert_noop!(
			Charging::certify_station(RuntimeOrigin::root(), id, false),
			Error::<Test>::WrongStationStatus
		);
		assert_ok!(Charging::certify_station(RuntimeOrigin::signed(authority()), id, true));
		assert_noop!(
			Charging::certify_station(RuntimeOrigin::root(), 9, true),
			Error::<Test>::UnknownStation
		);
	});
}

#[test]
fn stations_are_checked_before_anything_changes() {
	new_test_ext().execute_with(|| {
		let register = |who: AccountId, name: &str, position: Position, power: u32| {
			Charging::register_station(
				RuntimeOrigin::signed(who),
				text(name),
				address(),
				position,
				power,
			)
		};
		assert_noop!(register(user(), "S", munich(), 50), Error::<Test>::NotEnergyStation);
		assert_noop!(register(operator(), "S", munich(), 50), Error::<Test>::NotEnergyStation);
		assert_noop!(register(station_owner(), "", munich(), 50), Error::<Test>::EmptyText);
		let nowhere = Position::Coordinates { latitude_e7: 950_000_000, longitude_e7: 0 };
		assert_noop!(register(station_owner(), "S", nowhere, 50), Error::<Test>::InvalidPosition);
		assert_noop!(register(station_owner(), "S", munich(), 0), Error::<Test>::InvalidGridPower);
		MockConsortium::suspend(station_owner());
		assert_noop!(register(station_owner(), "S", munich(), 50), Error::<Test>::NotEnergyStation);
		assert_eq!(crate::NextStationId::<Test>::get(), 0);
	});
}

#[test]
fn a_station_address_has_the_parts_of_an_ocpi_location() {
	new_test_ext().execute_with(|| {
		let register = |address: StationAddress| {
			Charging::register_station(
				RuntimeOrigin::signed(station_owner()),
				text("S"),
				address,
				munich(),
				50,
			)
		};
		let bad = [
			StationAddress { street: text(""), ..address() },
			StationAddress { city: text(""), ..address() },
			StationAddress { city: text("Munich\n"), ..address() },
			StationAddress { postal_code: text("80939/1"), ..address() },
			StationAddress { country: *b"DE ", ..address() },
			StationAddress { country: *b"deu", ..address() },
		];
		for address in bad {
			assert_noop!(register(address), Error::<Test>::InvalidAddress);
		}
		// A country without postal codes, and a city outside ASCII.
		let dublin = StationAddress {
			postal_code: text(""),
			city: text("Baile \u{c1}tha Cliath"),
			country: *b"IRL",
			..address()
		};
		assert_ok!(register(dublin.clone()));
		assert_eq!(crate::Stations::<Test>::get(0).map(|station| station.address), Some(dublin));
	});
}

#[test]
fn piles_are_registered_by_the_station_owner_and_checked() {
	new_test_ext().execute_with(|| {
		let station = station_of(&station_owner());
		let register = |who: AccountId,
		                evse_id: &str,
		                connectors: Vec<Connector>,
		                methods: Vec<PaymentMethod>| {
			Charging::register_pile(
				RuntimeOrigin::signed(who),
				station,
				evse(evse_id),
				munich(),
				text("Alpitronic HYC400"),
				connectors.try_into().expect("within MaxConnectors"),
				TARIFF,
				PaymentMethods::truncate_from(methods),
			)
		};
		let token = vec![PaymentMethod::ChainToken];
		assert_noop!(
			register(other_station_owner(), EVSE, vec![ccs2()], token.clone()),
			Error::<Test>::NotStationOwner
		);
		assert_noop!(
			register(station_owner(), "DE-ABC-123", vec![ccs2()], token.clone()),
			Error::<Test>::InvalidEvseId
		);
		assert_noop!(
			register(station_owner(), EVSE, vec![], token.clone()),
			Error::<Test>::InvalidConnector
		);
		let impossible =
			Connector { power_type: PowerType::Ac1Phase, max_voltage_v: 230, ..ccs2() };
		assert_noop!(
			register(station_owner(), EVSE, vec![impossible], token.clone()),
			Error::<Test>::InvalidConnector
		);
		assert_noop!(
			register(station_owner(), EVSE, vec![ccs2()], vec![]),
			Error::<Test>::InvalidPaymentMethods
		);
		assert_noop!(
			register(
				station_owner(),
				EVSE,
				vec![ccs2()],
				vec![PaymentMethod::App, PaymentMethod::App]
			),
			Error::<Test>::InvalidPaymentMethods
		);
		assert_ok!(register(station_owner(), EVSE, vec![ccs2()], token.clone()));
		assert_eq!(last_event(), Event::PileRegistered { pile: evse(EVSE), station });
		let pile = Piles::<Test>::get(evse(EVSE)).expect("stored");
		assert_eq!(
			(pile.status, pile.max_power_w(), pile.tariff),
			(PileStatus::Available, 350_000, TARIFF)
		);
		assert_noop!(
			register(station_owner(), EVSE, vec![ccs2()], token.clone()),
			Error::<Test>::PileExists
		);
		// MaxPilesPerStation is 3.
		assert_ok!(register(station_owner(), "DE*ABC*E000001*2", vec![ccs2()], token.clone()));
		assert_ok!(register(station_owner(), "DE*ABC*E000001*3", vec![ccs2()], token.clone()));
		assert_noop!(
			register(station_owner(), "DE*ABC*E000001*4", vec![ccs2()], token),
			Error::<Test>::TooManyPiles
		);
		assert_eq!(Stations::<Test>::get(station).expect("stored").piles, 3);
	});
}

#[test]
fn the_owner_sets_tariffs_and_availability() {
	new_test_ext().execute_with(|| {
		certified_pile();
		let cheaper = Tariff { price_per_kwh: 300, per_minute: 0, per_session: 0 };
		assert_noop!(
			Charging::set_tariff(RuntimeOrigin::signed(other_station_owner()), evse(EVSE), cheaper),
			Error::<Test>::NotStationOwner
		);
		assert_noop!(
			Charging::set_tariff(
				RuntimeOrigin::signed(station_owner()),
				evse("DE*ABC*E9"),
				cheaper
			),
			Error::<Test>::UnknownPile
		);
		assert_ok!(Charging::set_tariff(
			RuntimeOrigin::signed(station_owner()),
			evse(EVSE),
			cheaper
		));
		assert_eq!(last_event(), Event::TariffChanged { pile: evse(EVSE), tariff: cheaper });
		let set = |status| {
			Charging::set_pile_status(RuntimeOrigin::signed(station_owner()), evse(EVSE), status)
		};
		assert_noop!(set(PileStatus::Occupied), Error::<Test>::InvalidPileStatus);
		assert_ok!(set(PileStatus::OutOfOrder));
		assert_eq!(pile_status(), PileStatus::OutOfOrder);
		assert_ok!(set(PileStatus::Available));
		// Not while a session occupies it.
		request(&user(), 10_000, 30);
		assert_noop!(set(PileStatus::OutOfOrder), Error::<Test>::PileUnavailable);
		MockConsortium::suspend(station_owner());
		assert_noop!(
			Charging::set_tariff(RuntimeOrigin::signed(station_owner()), evse(EVSE), TARIFF),
			Error::<Test>::NotEnergyStation
		);
	});
}
