//! Disputes: the payer within the window, resolution by the station or an Authority with a
//! refund the station pays, and what is refused.

use super::*;
use crate::{Error, Event, SessionStatus, Sessions};
use frame_support::assert_noop;
use frame_support::traits::fungible::Mutate;
use sp_runtime::DispatchError::BadOrigin;

/// A settled session of the user: 42.5 kWh over 30 minutes, 17,110 paid.
fn settled() -> SessionId {
	certified_pile();
	let id = request(&user(), 50_000, 60);
	start(id);
	assert_ok!(Charging::stop_session(
		RuntimeOrigin::signed(controller()),
		id,
		METER_START + 42_500,
		NOW_MS,
		None
	));
	id
}

fn dispute(who: &AccountId, id: SessionId) -> sp_runtime::DispatchResult {
	Charging::dispute_session(RuntimeOrigin::signed(who.clone()), id, [0xd1; 32])
}

#[test]
fn the_payer_disputes_within_the_window_and_the_station_refunds_part() {
	new_test_ext().execute_with(|| {
		let id = settled();
		assert_noop!(dispute(&stranger(), id), Error::<Test>::NotPayerOfSession);
		assert_noop!(dispute(&station_owner(), id), Error::<Test>::NotPayerOfSession);
		assert_ok!(dispute(&user(), id));
		assert_eq!(last_event(), Event::SessionDisputed { session: id, reason: [0xd1; 32] });
		assert_noop!(dispute(&user(), id), Error::<Test>::WrongStatus);
		let resolve = |who: AccountId, refund| {
			Charging::resolve_dispute(RuntimeOrigin::signed(who), id, refund)
		};
		for who in [user(), other_station_owner(), stranger()] {
			assert_noop!(resolve(who, 100), Error::<Test>::NotAuthority);
		}
		assert_noop!(resolve(station_owner(), 17_111), Error::<Test>::RefundAboveCost);
		let (station_before, user_before) = (free(&station_owner()), free(&user()));
		assert_ok!(resolve(station_owner(), 3_000));
		assert_eq!(last_event(), Event::DisputeResolved { session: id, refund: 3_000 });
		assert_eq!(free(&station_owner()), station_before - 3_000);
		assert_eq!(free(&user()), user_before + 3_000);
		assert!(matches!(
			Sessions::<Test>::get(id).expect("kept").status,
			SessionStatus::Resolved { refund: 3_000, .. }
		));
		// Resolved once.
		assert_noop!(resolve(station_owner(), 0), Error::<Test>::WrongStatus);
	});
}

#[test]
fn an_authority_or_the_approval_origin_resolves_and_a_broke_station_fails_cleanly() {
	new_test_ext().execute_with(|| {
		let id = settled();
		assert_ok!(dispute(&user(), id));
		assert_noop!(Charging::resolve_dispute(RuntimeOrigin::none(), id, 0), BadOrigin);
		// The station spent everything: the refund fails and nothing moves.
		let spent = free(&station_owner()) - 1;
		assert_ok!(<Balances as Mutate<AccountId>>::transfer(
			&station_owner(),
			&stranger(),
			spent,
			frame_support::traits::tokens::Preservation::Expendable,
		));
		assert_noop!(
			Charging::resolve_dispute(RuntimeOrigin::signed(authority()), id, 5_000),
			Error::<Test>::RefundFailed
		);
		// Rejected (a zero refund) by the approval origin.
		assert_ok!(Charging::resolve_dispute(RuntimeOrigin::root(), id, 0));
		assert_eq!(last_event(), Event::DisputeResolved { session: id, refund: 0 });
	});
}

#[test]
fn disputes_close_with_the_window_and_need_a_settlement() {
	new_test_ext().execute_with(|| {
		let id = settled();
		System::set_block_number(1 + DISPUTE_WINDOW + 1);
		assert_noop!(dispute(&user(), id), Error::<Test>::DisputeWindowClosed);
		let open = request(&user(), 1_000, 10);
		assert_noop!(dispute(&user(), open), Error::<Test>::WrongStatus);
		assert_noop!(dispute(&user(), 99), Error::<Test>::UnknownSession);
		assert_noop!(
			Charging::resolve_dispute(RuntimeOrigin::root(), id, 0),
			Error::<Test>::WrongStatus
		);
	});
}
