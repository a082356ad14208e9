//! The runtime API's reads: a pile with its station, a session, an account's sessions, the
//! charge detail record of a settled session.

use super::*;
use battery_primitives::logistics::Position;

#[test]
fn a_pile_shows_its_station_connectors_and_prices() {
	new_test_ext().execute_with(|| {
		let station = certified_pile();
		let view = Charging::pile_view(EVSE.as_bytes()).expect("registered");
		assert_eq!((view.evse, view.station), (evse(EVSE), station));
		assert_eq!(view.station_name, b"Allianz Arena fast charging".to_vec());
		assert_eq!(view.station_status, battery_primitives::charging::StationStatus::Certified);
		assert_eq!(view.station_address, address());
		assert_eq!((view.connectors, view.max_power_w), (vec![ccs2()], 350_000));
		assert_eq!((view.tariff, view.status), (TARIFF, PileStatus::Available));
		assert_eq!(view.payment_methods, vec![PaymentMethod::ChainToken]);
		assert!(Charging::pile_view(b"DE*ABC*E9").is_none());
		assert!(Charging::pile_view(&[b'A'; 200]).is_none());
	});
}

#[test]
fn an_account_pages_its_sessions_as_payer_or_station() {
	new_test_ext().execute_with(|| {
		certified_pile();
		let first = request(&user(), 1_000, 10);
		assert_ok!(Charging::cancel_session(RuntimeOrigin::signed(user()), first));
		let second = request(&operator(), 1_000, 10);
		assert_ok!(Charging::cancel_session(RuntimeOrigin::signed(operator()), second));
		let third = request(&user(), 1_000, 10);
		let ids = |who: &AccountId, start, limit| -> (u32, Vec<SessionId>) {
			let page = Charging::sessions_of(who, start, limit);
			(page.total, page.sessions.into_iter().map(|entry| entry.id).collect())
		};
		assert_eq!(ids(&user(), 0, 10), (2, vec![first, third]));
		assert_eq!(ids(&operator(), 0, 10), (1, vec![second]));
		assert_eq!(ids(&station_owner(), 0, 10), (3, vec![first, second, third]));
		assert_eq!(ids(&station_owner(), 1, 1), (3, vec![second]));
		assert_eq!(ids(&station_owner(), 5, 10), (3, vec![]));
		assert_eq!(ids(&stranger(), 0, 10), (0, vec![]));
		let session = Charging::session_view(third).expect("stored");
		assert_eq!((session.payer, session.held), (user(), 1_000 * 400 / 1_000 + 20 + 50));
		assert!(Charging::session_view(99).is_none());
	});
}

#[test]
fn piles_are_found_near_a_position_nearest_first_with_filters() {
	new_test_ext().execute_with(|| {
		use battery_primitives::charging::{ConnectorStandard, PileFilter};
		let station = certified_pile();
		// A second pile 2 km north and a third in Augsburg (57 km away).
		let at = |latitude_e7, longitude_e7| Position::Coordinates { latitude_e7, longitude_e7 };
		let register = |evse_id: &str, position: Position| {
			assert_ok!(Charging::register_pile(
				RuntimeOrigin::signed(station_owner()),
				station,
				evse(evse_id),
				position,
				text("AC wallbox"),
				vec![ccs2()].try_into().expect("bound"),
				TARIFF,
				token_only(),
			));
		};
		register("DE*ABC*E000001*2", at(481_531_000, 115_820_000));
		register("DE*ABC*E000001*3", at(483_705_000, 108_978_000));
		let found = |centre: Position, radius, filter, start, limit| -> Vec<(String, u32)> {
			Charging::piles_near(&centre, radius, filter, start, limit)
				.into_iter()
				.map(|p| (String::from_utf8(p.pile.evse.to_vec()).expect("text"), p.distance_m))
				.collect()
		};
		let any = PileFilter::default();
		assert_eq!(
			found(munich(), 10_000, any, 0, 10),
			vec![(EVSE.to_string(), 0), ("DE*ABC*E000001*2".to_string(), 2_001)]
		);
		assert_eq!(found(munich(), 1_000, any, 0, 10).len(), 1);
		assert_eq!(found(munich(), 10_000, any, 1, 10).len(), 1);
		// Wider than 50 km is 50 km: Augsburg stays out.
		assert_eq!(found(munich(), u32::MAX, any, 0, 10).len(), 2);
		let chademo = PileFilter { standard: Some(ConnectorStandard::Chademo), min_power_w: 0 };
		assert!(found(munich(), 10_000, chademo, 0, 10).is_empty());
		let strong = PileFilter { standard: Some(ConnectorStandard::Ccs2), min_power_w: 350_001 };
		assert!(found(munich(), 10_000, strong, 0, 10).is_empty());
		let nowhere = Position::Coordinates { latitude_e7: 910_000_000, longitude_e7: 0 };
		assert!(found(nowhere, 10_000, any, 0, 10).is_empty());
	});
}

#[test]
fn a_settled_session_has_a_charge_detail_record_until_its_dispute_ends() {
	new_test_ext().execute_with(|| {
		let station = certified_pile();
		let id = request(&user(), 50_000, 60);
		// Requested, then charging: no record yet.
		assert!(Charging::cdr(id).is_none());
		start(id);
		assert!(Charging::cdr(id).is_none());
		assert_ok!(Charging::stop_session(
			RuntimeOrigin::signed(controller()),
			id,
			METER_START + 42_500,
			NOW_MS,
			Some([7; 32])
		));
		let record = Charging::cdr(id).expect("settled");
		assert_eq!((record.session, record.pile, record.station), (id, evse(EVSE), station));
		assert_eq!((record.connector_id, record.connector), (1, ccs2()));
		assert_eq!(record.station_name, b"Allianz Arena fast charging".to_vec());
		assert_eq!((record.address, record.position), (address(), munich()));
		assert_eq!((record.payer, record.battery), (user(), None));
		assert_eq!((record.started_ms, record.stopped_ms), (NOW_MS - HALF_HOUR_MS, NOW_MS));
		assert_eq!((record.energy_wh, record.minutes, record.tariff), (42_500, 30, TARIFF));
		// 42.5 kWh at 400, 30 minutes at 2, the session fee of 50.
		assert_eq!(record.cost, 17_000 + 60 + 50);
		assert_eq!((record.signed_meter, record.timed_out), (Some([7; 32]), false));
		assert_eq!((record.disputed, record.refund), (false, None));

		assert_ok!(Charging::dispute_session(RuntimeOrigin::signed(user()), id, [1; 32]));
		let disputed = Charging::cdr(id).expect("disputed");
		assert_eq!((disputed.disputed, disputed.refund, disputed.cost), (true, None, 17_110));
		assert_ok!(Charging::resolve_dispute(RuntimeOrigin::signed(station_owner()), id, 5_000));
		let resolved = Charging::cdr(id).expect("resolved");
		assert_eq!((resolved.disputed, resolved.refund), (true, Some(5_000)));

		// A cancelled session, and no session, have none.
		let cancelled = request(&user(), 1_000, 10);
		assert_ok!(Charging::cancel_session(RuntimeOrigin::signed(user()), cancelled));
		assert!(Charging::cdr(cancelled).is_none());
		assert!(Charging::cdr(99).is_none());
	});
}
