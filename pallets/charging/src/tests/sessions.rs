//! Sessions: the hold, the controller's start, reports and stop, the exact settlement,
//! cancellation, the stop timeout, and every refusal leaving state unchanged.

use super::*;
use crate::{ChargeThroughput, Error, Event, PileSessions, SessionStatus, Sessions, Settlement};
use frame_support::assert_noop;

/// The hold of a 50 kWh / 60 minute request: 20,000 + 120 + 50.
const HELD: Balance = 20_170;
/// 42.5 kWh over 30 minutes: 17,000 + 60 + 50.
const COST: Balance = 17_110;

fn stop(id: SessionId, meter: u64, at_ms: u64) -> sp_runtime::DispatchResult {
	Charging::stop_session(RuntimeOrigin::signed(controller()), id, meter, at_ms, Some([7; 32]))
}

#[test]
fn a_session_holds_the_maximum_and_pays_exactly_energy_time_and_fee() {
	new_test_ext().execute_with(|| {
		let station = certified_pile();
		let id = request(&user(), 50_000, 60);
		assert_eq!(
			last_event(),
			Event::SessionRequested { session: id, pile: evse(EVSE), payer: user(), held: HELD }
		);
		assert_eq!((held(&user()), free(&user())), (HELD, ENDOWMENT - HELD));
		assert_eq!(pile_status(), PileStatus::Occupied);
		assert_eq!(PileSessions::<Test>::get(evse(EVSE)), Some(id));
		start(id);
		assert_eq!(
			last_event(),
			Event::SessionStarted { session: id, meter_start_wh: METER_START }
		);
		System::set_block_number(5);
		assert_ok!(stop(id, METER_START + 42_500, NOW_MS));
		assert_eq!(
			last_event(),
			Event::SessionSettled {
				session: id,
				energy_wh: 42_500,
				minutes: 30,
				cost: COST,
				released: HELD - COST,
				timed_out: false
			}
		);
		assert_eq!((held(&user()), free(&user())), (0, ENDOWMENT - COST));
		assert_eq!(free(&station_owner()), ENDOWMENT + COST);
		assert_eq!(pile_status(), PileStatus::Available);
		assert!(PileSessions::<Test>::get(evse(EVSE)).is_none());
		let session = Sessions::<Test>::get(id).expect("kept");
		assert_eq!(session.station, station);
		assert_eq!(
			session.status,
			SessionStatus::Settled(Settlement {
				energy_wh: 42_500,
				minutes: 30,
				cost: COST,
				meter_stop_wh: METER_START + 42_500,
				started_ms: NOW_MS - HALF_HOUR_MS,
				stopped_ms: NOW_MS,
				signed_meter: Some([7; 32]),
				timed_out: false,
				settled_at: 5,
			})
		);
		// Settled once: stopping again is refused.
		assert_noop!(stop(id, METER_START + 42_500, NOW_MS), Error::<Test>::WrongStatus);
	});
}

#[test]
fn minutes_beyond_the_maximum_are_not_charged() {
	new_test_ext().execute_with(|| {
		certified_pile();
		let id = request(&user(), 50_000, 10);
		start(id);
		// 30 minutes charged, 10 paid for: 17,000 + 20 + 50.
		assert_ok!(stop(id, METER_START + 42_500, NOW_MS));
		assert_eq!(free(&station_owner()), ENDOWMENT + 17_070);
	});
}

#[test]
fn requests_are_checked_before_anything_is_held() {
	new_test_ext().execute_with(|| {
		let station = certified_pile();
		let try_request = |who: AccountId, pile: &str, wh: u32, minutes: u32| {
			Charging::request_session(
				RuntimeOrigin::signed(who.clone()),
				evse(pile),
				1,
				None,
				wh,
				minutes,
				details(&who),
			)
		};
		for who in [station_owner(), stranger(), authority()] {
			assert_noop!(try_request(who, EVSE, 1_000, 10), Error::<Test>::NotPayer);
		}
		assert_noop!(try_request(user(), "DE*ABC*E9", 1_000, 10), Error::<Test>::UnknownPile);
		assert_noop!(try_request(user(), EVSE, 0, 10), Error::<Test>::InvalidLimits);
		assert_noop!(try_request(user(), EVSE, 1_000, 0), Error::<Test>::InvalidLimits);
		// A maximum the user cannot pay.
		assert_noop!(try_request(user(), EVSE, u32::MAX, 10), Error::<Test>::InsufficientBalance);
		// Details the station cannot open.
		let keys = Charging::session_keys(&user(), &user());
		let subject = BatteryId::truncate_from(EVSE.as_bytes().to_vec());
		let mut random = battery_test_fixtures::byte_stream(3u8);
		let for_user_only = SealedSession::new(
			battery_seal::seal(DataCategory::Charging, &subject, b"x", &keys, &mut random)
				.expect("seals"),
		);
		assert_noop!(
			Charging::request_session(
				RuntimeOrigin::signed(user()),
				evse(EVSE),
				1,
				None,
				1_000,
				10,
				for_user_only
			),
			Error::<Test>::MissingRecipient
		);
		// Out of order; occupied; revoked.
		assert_ok!(Charging::set_pile_status(
			RuntimeOrigin::signed(station_owner()),
			evse(EVSE),
			PileStatus::OutOfOrder
		));
		assert_noop!(try_request(user(), EVSE, 1_000, 10), Error::<Test>::PileUnavailable);
		assert_ok!(Charging::set_pile_status(
			RuntimeOrigin::signed(station_owner()),
			evse(EVSE),
			PileStatus::Available
		));
		request(&user(), 1_000, 10);
		assert_noop!(try_request(operator(), EVSE, 1_000, 10), Error::<Test>::PileUnavailable);
		assert_ok!(Charging::certify_station(RuntimeOrigin::root(), station, false));
		pile_at(&station_owner(), station, "DE*ABC*E000001*2");
		assert_noop!(
			try_request(operator(), "DE*ABC*E000001*2", 1_000, 10),
			Error::<Test>::WrongStationStatus
		);
		assert_eq!(held(&operator()), 0);
		assert_eq!(crate::NextSessionId::<Test>::get(), 1);
	});
}

#[test]
fn a_pile_that_does_not_take_the_token_runs_no_session() {
	new_test_ext().execute_with(|| {
		let station = certified_pile();
		assert_ok!(Charging::register_pile(
			RuntimeOrigin::signed(station_owner()),
			station,
			evse("DE*ABC*E000002*1"),
			munich(),
			text("AC wallbox"),
			vec![ccs2()].try_into().expect("bound"),
			TARIFF,
			PaymentMethods::truncate_from(vec![PaymentMethod::RfidCard, PaymentMethod::App]),
		));
		let subject = BatteryId::truncate_from(b"DE*ABC*E000002*1".to_vec());
		assert_noop!(
			Charging::request_session(
				RuntimeOrigin::signed(user()),
				evse("DE*ABC*E000002*1"),
				1,
				None,
				1_000,
				10,
				details_for(&user(), &subject)
			),
			Error::<Test>::TokenNotAccepted
		);
	});
}

#[test]
fn only_a_party_of_the_battery_names_it_and_its_throughput_is_counted() {
	new_test_ext().execute_with(|| {
		certified_pile();
		let fleet = battery_test_fixtures::gbt_id(1);
		let other = battery_test_fixtures::gbt_id(2);
		battery_test_fixtures::mock::MockBatteryScope::<AccountId>::register(
			&fleet,
			stranger(),
			operator(),
		);
		battery_test_fixtures::mock::MockBatteryScope::<AccountId>::register(
			&other,
			stranger(),
			stranger(),
		);
		battery_test_fixtures::mock::MockBatteryScope::<AccountId>::assign(user(), &fleet);
		let named = |who: AccountId, battery: &BatteryId| {
			Charging::request_session(
				RuntimeOrigin::signed(who.clone()),
				evse(EVSE),
				1,
				Some(battery.clone()),
				50_000,
				60,
				details_for(&who, battery),
			)
		};
		assert_noop!(named(user(), &other), Error::<Test>::NotBatteryParty);
		let unknown = battery_test_fixtures::gbt_id(9);
		assert_noop!(named(user(), &unknown), Error::<Test>::NotBatteryParty);
		// The details must be about the battery named.
		assert_noop!(
			Charging::request_session(
				RuntimeOrigin::signed(user()),
				evse(EVSE),
				1,
				Some(fleet.clone()),
				50_000,
				60,
				details(&user())
			),
			Error::<Test>::EnvelopeMismatch
		);
		// Its assigned user, then its custodian operator.
		assert_ok!(named(user(), &fleet));
		start(0);
		assert_ok!(stop(0, METER_START + 42_500, NOW_MS));
		assert_ok!(named(operator(), &fleet));
		start(1);
		assert_ok!(stop(1, METER_START + 50_000, NOW_MS));
		assert_eq!(ChargeThroughput::<Test>::get(&fleet), (2, 92_500));
	});
}

#[test]
fn only_the_pile_controller_starts_reports_and_stops_in_time() {
	new_test_ext().execute_with(|| {
		certified_pile();
		let id = request(&user(), 50_000, 60);
		// A competitor's controller claiming the same EVSE, another kind of device, the payer.
		let rival = account("RivalController");
		MockConsortium::add_device(
			&rival,
			DeviceKind::PileController,
			other_station_owner(),
			EVSE.as_bytes(),
		);
		let gateway = account("Gateway");
		MockConsortium::add_device(
			&gateway,
			DeviceKind::BmsGateway,
			station_owner(),
			EVSE.as_bytes(),
		);
		for who in [rival, gateway, user(), station_owner()] {
			assert_noop!(
				Charging::start_session(RuntimeOrigin::signed(who), id, METER_START, NOW_MS),
				Error::<Test>::NotController
			);
		}
		assert_noop!(
			Charging::start_session(
				RuntimeOrigin::signed(controller()),
				id,
				0,
				NOW_MS + DRIFT_MS + 1
			),
			Error::<Test>::InvalidTime
		);
		assert_noop!(stop(id, METER_START, NOW_MS), Error::<Test>::WrongStatus);
		start(id);
		assert_noop!(
			Charging::start_session(RuntimeOrigin::signed(controller()), id, METER_START, NOW_MS),
			Error::<Test>::WrongStatus
		);
		let report =
			|meter, at| Charging::report_meter(RuntimeOrigin::signed(controller()), id, meter, at);
		// 20 kWh in the first 10 minutes (120 kW).
		assert_ok!(report(METER_START + 20_000, NOW_MS - 1_200_000));
		assert_eq!(
			last_event(),
			Event::MeterReported { session: id, meter_wh: METER_START + 20_000 }
		);
		assert_noop!(report(METER_START + 19_999, NOW_MS), Error::<Test>::MeterNotMonotonic);
		assert_noop!(report(METER_START + 25_000, NOW_MS - 1_200_001), Error::<Test>::InvalidTime);
		assert_noop!(
			report(METER_START + 25_000, NOW_MS + DRIFT_MS + 1),
			Error::<Test>::InvalidTime
		);
		assert_noop!(report(METER_START + 50_001, NOW_MS), Error::<Test>::EnergyAboveMaximum);
		// 350 kW for 10 minutes is 58.3 kWh at most: 60 kWh is above the pile's power.
		let id2 = {
			assert_ok!(stop(id, METER_START + 42_500, NOW_MS));
			let id2 = request(&user(), 100_000, 60);
			start(id2);
			id2
		};
		assert_noop!(
			stop(id2, METER_START + 60_000, NOW_MS - 1_200_000),
			Error::<Test>::EnergyAbovePower
		);
		assert_ok!(stop(id2, METER_START + 58_000, NOW_MS - 1_200_000));
	});
}

#[test]
fn a_session_uses_the_connector_it_names_and_that_connector_bounds_the_power() {
	new_test_ext().execute_with(|| {
		use battery_primitives::charging::{
			Connector, ConnectorFormat, ConnectorStandard, PowerType,
		};
		let station = certified_pile();
		// A pile with a 22 kW Type 2 socket (connector 1) and the 350 kW CCS2 cable (2).
		let type2 = Connector {
			standard: ConnectorStandard::Iec62196T2,
			format: ConnectorFormat::Socket,
			power_type: PowerType::Ac3Phase,
			max_voltage_v: 230,
			max_amperage_a: 32,
			max_electric_power_w: 22_080,
		};
		let pile = "DE*ABC*E000003*1";
		assert_ok!(Charging::register_pile(
			RuntimeOrigin::signed(station_owner()),
			station,
			evse(pile),
			munich(),
			text("Dual charger"),
			vec![type2, ccs2()].try_into().expect("bound"),
			TARIFF,
			token_only(),
		));
		MockConsortium::add_device(
			controller(),
			DeviceKind::PileController,
			station_owner(),
			pile.as_bytes(),
		);
		let subject = BatteryId::truncate_from(pile.as_bytes().to_vec());
		let at = |connector: u8| {
			Charging::request_session(
				RuntimeOrigin::signed(user()),
				evse(pile),
				connector,
				None,
				50_000,
				60,
				details_for(&user(), &subject),
			)
		};
		assert_noop!(at(0), Error::<Test>::UnknownConnector);
		assert_noop!(at(3), Error::<Test>::UnknownConnector);
		assert_ok!(at(1));
		let session = Sessions::<Test>::get(0).expect("requested");
		assert_eq!((session.connector_id, session.connector), (1, type2));
		start(0);
		// 22.08 kW for 30 minutes is 11.04 kWh at most: 12 kWh is above the socket's power,
		// though well within the pile's 350 kW cable.
		assert_noop!(stop(0, METER_START + 12_000, NOW_MS), Error::<Test>::EnergyAbovePower);
		assert_ok!(stop(0, METER_START + 11_000, NOW_MS));
	});
}

#[test]
fn a_session_not_started_is_cancelled_with_a_full_refund() {
	new_test_ext().execute_with(|| {
		certified_pile();
		let id = request(&user(), 50_000, 60);
		// Anyone but the payer waits for the start timeout.
		assert_noop!(
			Charging::cancel_session(RuntimeOrigin::signed(stranger()), id),
			Error::<Test>::TimeoutNotReached
		);
		assert_ok!(Charging::cancel_session(RuntimeOrigin::signed(user()), id));
		assert_eq!(last_event(), Event::SessionCancelled { session: id, released: HELD });
		assert_eq!((held(&user()), free(&user())), (0, ENDOWMENT));
		assert_eq!(pile_status(), PileStatus::Available);
		assert_noop!(
			Charging::cancel_session(RuntimeOrigin::signed(user()), id),
			Error::<Test>::WrongStatus
		);
		// A forgotten request frees the pile after the timeout, by anyone.
		let id = request(&user(), 50_000, 60);
		System::set_block_number(1 + START_TIMEOUT);
		assert_ok!(Charging::cancel_session(RuntimeOrigin::signed(stranger()), id));
		assert_eq!(free(&user()), ENDOWMENT);
		// A started session is not cancelled.
		let id = request(&user(), 50_000, 60);
		start(id);
		assert_noop!(
			Charging::cancel_session(RuntimeOrigin::signed(user()), id),
			Error::<Test>::WrongStatus
		);
		assert_noop!(
			Charging::cancel_session(RuntimeOrigin::signed(user()), 99),
			Error::<Test>::UnknownSession
		);
	});
}

#[test]
fn a_session_never_stopped_is_closed_at_the_last_report() {
	new_test_ext().execute_with(|| {
		certified_pile();
		let id = request(&user(), 50_000, 60);
		start(id);
		assert_ok!(Charging::report_meter(
			RuntimeOrigin::signed(controller()),
			id,
			METER_START + 10_000,
			NOW_MS - 1_200_000
		));
		assert_noop!(
			Charging::close_stale_session(RuntimeOrigin::signed(stranger()), id),
			Error::<Test>::TimeoutNotReached
		);
		System::set_block_number(1 + STOP_TIMEOUT);
		assert_ok!(Charging::close_stale_session(RuntimeOrigin::signed(stranger()), id));
		// 10 kWh over the 10 minutes reported: 4,000 + 20 + 50.
		assert_eq!(
			last_event(),
			Event::SessionSettled {
				session: id,
				energy_wh: 10_000,
				minutes: 10,
				cost: 4_070,
				released: HELD - 4_070,
				timed_out: true
			}
		);
		assert_eq!(free(&station_owner()), ENDOWMENT + 4_070);
		// Without any report only the session fee is paid.
		let id = request(&user(), 50_000, 60);
		start(id);
		System::set_block_number(1 + 2 * STOP_TIMEOUT);
		assert_ok!(Charging::close_stale_session(RuntimeOrigin::signed(user()), id));
		assert_eq!(free(&station_owner()), ENDOWMENT + 4_070 + 50);
		assert_eq!(held(&user()), 0);
		assert_noop!(
			Charging::close_stale_session(RuntimeOrigin::signed(user()), id),
			Error::<Test>::WrongStatus
		);
	});
}
