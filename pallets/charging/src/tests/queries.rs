//! The runtime API's reads: a pile with its station, a session, an account's sessions.

use super::*;

#[test]
fn a_pile_shows_its_station_connectors_and_prices() {
	new_test_ext().execute_with(|| {
		let station = certified_pile();
		let view = Charging::pile_view(EVSE.as_bytes()).expect("registered");
		assert_eq!((view.evse, view.station), (evse(EVSE), station));
		assert_eq!(view.station_name, b"Allianz Arena fast charging".to_vec());
		assert_eq!(view.station_status, battery_primitives::charging::StationStatus::Certified);
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
