//! Buy-back: the price held from the offer, paid and custody moved in the owner's one call, or
//! released when the offer is withdrawn, declined or expired; nothing lost or minted.

use super::*;
use crate::{BuyBackOffers, CommissionReason, CommissionStatus, Commissions, Error, Event};
use battery_primitives::battery::CustodyVia;
use frame_support::{assert_noop, traits::fungible::InspectHold};

const PRICE: Balance = 3_000;

fn offer(
	who: AccountId,
	b: &BatteryId,
	price: Balance,
	valid_for: u32,
) -> sp_runtime::DispatchResult {
	Recycling::offer_buy_back(RuntimeOrigin::signed(who), b.clone(), price, valid_for)
}

fn free(who: &AccountId) -> Balance {
	pallet_balances::Pallet::<Test>::free_balance(who)
}

fn held(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::BuyBack.into(), who)
}

#[test]
fn an_accepted_offer_pays_the_owner_and_moves_custody_in_one_call() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let issuance = Balances::total_issuance();
		assert_ok!(offer(recycler(), &b, PRICE, 5));
		assert_eq!(
			last_event(),
			Event::BuyBackOffered {
				battery: b.clone(),
				recycler: recycler(),
				owner: operator(),
				price: PRICE,
				expires_at: 6
			}
		);
		assert_eq!((free(&recycler()), held(&recycler())), (ENDOWMENT - PRICE, PRICE));
		assert_ok!(Recycling::do_try_state());
		assert_ok!(Recycling::accept_buy_back(RuntimeOrigin::signed(operator()), b.clone()));
		assert_eq!(
			last_event(),
			Event::BoughtBack {
				battery: b.clone(),
				recycler: recycler(),
				owner: operator(),
				price: PRICE
			}
		);
		assert_eq!((free(&recycler()), held(&recycler())), (ENDOWMENT - PRICE, 0));
		assert_eq!(free(&operator()), ENDOWMENT + PRICE);
		// Paid once: a second acceptance finds no offer.
		assert_noop!(
			Recycling::accept_buy_back(RuntimeOrigin::signed(operator()), b.clone()),
			Error::<Test>::NoOffer
		);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!((custodian(&b), status(&b)), (recycler(), BatteryStatus::Retired));
		let history = pallet_battery::Pallet::<Test>::custody_history(&b, 0, 10).expect("history");
		assert_eq!(history.entries.last().map(|e| e.via.clone()), Some(CustodyVia::BuyBack));
		let commission = Commissions::<Test>::get(&b).expect("accepted");
		assert_eq!(
			(commission.reason, commission.status, commission.commissioned_by),
			(CommissionReason::BuyBack, CommissionStatus::Accepted, operator())
		);
		assert!(BuyBackOffers::<Test>::get(&b).is_none());
		// The recycler takes it in, as after a shipment.
		assert_ok!(Recycling::hand_over(RuntimeOrigin::signed(recycler()), b.clone()));
		assert_eq!(status(&b), BatteryStatus::WithRecycler);
		assert_ok!(Recycling::do_try_state());
	});
}

#[test]
fn offers_are_checked_before_anything_is_held() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		assert_noop!(offer(operator(), &b, PRICE, 5), Error::<Test>::NotRecycler);
		assert_noop!(offer(recycler(), &b, 0, 5), Error::<Test>::InvalidPrice);
		assert_noop!(offer(recycler(), &b, PRICE, 0), Error::<Test>::InvalidPeriod);
		assert_noop!(
			offer(recycler(), &b, PRICE, MAX_OFFER_PERIOD + 1),
			Error::<Test>::InvalidPeriod
		);
		assert_noop!(offer(recycler(), &battery(9), PRICE, 5), Error::<Test>::UnknownBattery);
		assert_noop!(offer(recycler(), &b, ENDOWMENT + 1, 5), Error::<Test>::InsufficientBalance);
		MockLock::set(&b, true);
		assert_noop!(offer(recycler(), &b, PRICE, 5), Error::<Test>::CustodyLocked);
		MockLock::set(&b, false);
		assert_ok!(offer(recycler(), &b, PRICE, 5));
		assert_noop!(offer(other_recycler(), &b, PRICE + 1, 5), Error::<Test>::OfferExists);
		// A commissioned battery is not bought back.
		commissioned(&battery(2));
		assert_noop!(
			offer(other_recycler(), &battery(2), PRICE, 5),
			Error::<Test>::AlreadyCommissioned
		);
		assert_eq!(held(&other_recycler()), 0);
	});
}

#[test]
fn only_the_owner_accepts_and_only_in_time() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let accept =
			|who: AccountId| Recycling::accept_buy_back(RuntimeOrigin::signed(who), b.clone());
		assert_noop!(accept(operator()), Error::<Test>::NoOffer);
		assert_ok!(offer(recycler(), &b, PRICE, 5));
		for who in [stranger(), recycler(), manufacturer()] {
			assert_noop!(accept(who), Error::<Test>::NotOwner);
		}
		// No commission while the offer is open.
		assert_noop!(
			Recycling::commission(
				RuntimeOrigin::signed(operator()),
				b.clone(),
				other_recycler(),
				CommissionReason::EndOfLife
			),
			Error::<Test>::OfferExists
		);
		System::set_block_number(7);
		assert_noop!(accept(operator()), Error::<Test>::OfferExpired);
		assert_eq!((custodian(&b), held(&recycler())), (operator(), PRICE));
	});
}

#[test]
fn an_offer_ends_by_withdrawal_refusal_or_expiry_and_releases_the_price() {
	new_test_ext().execute_with(|| {
		let close = |who: AccountId, n: u32| {
			Recycling::close_buy_back(RuntimeOrigin::signed(who), battery(n))
		};
		assert_noop!(close(recycler(), 1), Error::<Test>::NoOffer);
		for n in 1..=3 {
			assert_ok!(offer(recycler(), &battery(n), PRICE, 5));
		}
		assert_eq!(held(&recycler()), 3 * PRICE);
		assert_ok!(Recycling::do_try_state());
		assert_noop!(close(stranger(), 1), Error::<Test>::OfferOpen);
		assert_ok!(close(recycler(), 1));
		assert_eq!(
			last_event(),
			Event::BuyBackClosed { battery: battery(1), by: recycler(), released: PRICE }
		);
		assert_ok!(close(operator(), 2));
		System::set_block_number(7);
		assert_ok!(close(stranger(), 3));
		assert_eq!((held(&recycler()), free(&recycler())), (0, ENDOWMENT));
		assert_ok!(Recycling::do_try_state());
	});
}

#[test]
fn the_custodian_now_ends_an_offer_made_to_a_former_one() {
	new_test_ext().execute_with(|| {
		use battery_primitives::battery::BatteryLifecycle;
		let b = battery(1);
		assert_ok!(offer(recycler(), &b, PRICE, 5));
		let buyer = account("OtherOperator");
		MockConsortium::grant(&buyer, battery_primitives::consortium::Role::Operator);
		assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
			&b,
			&buyer,
			CustodyVia::Handover
		));
		// The former owner cannot sell what it no longer holds; the new custodian ends the offer.
		assert_noop!(
			Recycling::accept_buy_back(RuntimeOrigin::signed(operator()), b.clone()),
			Error::<Test>::NotOwner
		);
		assert_ok!(Recycling::close_buy_back(RuntimeOrigin::signed(buyer), b.clone()));
		assert_eq!(held(&recycler()), 0);
	});
}
