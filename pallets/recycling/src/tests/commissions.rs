//! Commissions: who may commission which recycler for which battery, the recycler's answer, a
//! withdrawal, the handover, and the scope the accepted recycler enters.

use super::*;
use crate::{CommissionReason, CommissionStatus, Commissions, Error, Event};
use battery_primitives::battery::{BatteryLifecycle, CustodyVia};
use frame_support::assert_noop;

fn commission(
	who: AccountId,
	battery: &BatteryId,
	to: AccountId,
	reason: CommissionReason,
) -> sp_runtime::DispatchResult {
	Recycling::commission(RuntimeOrigin::signed(who), battery.clone(), to, reason)
}

#[test]
fn an_accepted_recycler_enters_the_scope_of_that_battery_only() {
	new_test_ext().execute_with(|| {
		let (b, other) = (battery(1), battery(2));
		assert_ok!(commission(operator(), &b, recycler(), CommissionReason::EndOfLife));
		assert_eq!(
			last_event(),
			Event::Commissioned {
				battery: b.clone(),
				recycler: recycler(),
				by: operator(),
				reason: CommissionReason::EndOfLife
			}
		);
		// Offered: not in scope yet.
		for category in [DataCategory::Factory, DataCategory::Usage, DataCategory::Maintenance] {
			assert!(!MockConsortium::can_read(&recycler(), &b, category));
		}
		assert_eq!(Recycling::commissioned_recycler(&b), None);
		assert_ok!(Recycling::accept_commission(RuntimeOrigin::signed(recycler()), b.clone()));
		assert_eq!(
			last_event(),
			Event::CommissionAccepted { battery: b.clone(), recycler: recycler() }
		);
		let stored = Commissions::<Test>::get(&b).expect("stored");
		assert_eq!((stored.status, stored.accepted_at), (CommissionStatus::Accepted, Some(1)));
		assert_eq!(Recycling::commissioned_recycler(&b), Some(recycler()));
		for category in [
			DataCategory::Factory,
			DataCategory::Usage,
			DataCategory::Maintenance,
			DataCategory::Refurbishment,
		] {
			assert!(MockConsortium::can_read(&recycler(), &b, category), "{category:?}");
			// Not another battery, and not a competitor.
			assert!(!MockConsortium::can_read(&recycler(), &other, category));
			assert!(!MockConsortium::can_read(&other_recycler(), &b, category));
		}
		// New records of the battery's maintenance are sealed for it too.
		let keys = MockConsortium::sealing_keys(&b, DataCategory::Maintenance, None).expect("keys");
		assert!(keys.contains(&battery_seal::public_key(&RECYCLER_SECRET)));
		// The manufacturer commissions too (battery 2, not its custodian).
		assert_ok!(commission(manufacturer(), &other, other_recycler(), CommissionReason::Recall));
	});
}

#[test]
fn only_the_custodian_operator_or_the_manufacturer_commissions_a_retired_battery() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let reason = CommissionReason::Damaged;
		assert_noop!(
			commission(stranger(), &b, recycler(), reason),
			Error::<Test>::NotCommissioner
		);
		// A recycler or an Authority is not a commissioner.
		assert_noop!(
			commission(recycler(), &b, recycler(), reason),
			Error::<Test>::NotCommissioner
		);
		assert_noop!(
			commission(authority(), &b, recycler(), reason),
			Error::<Test>::NotCommissioner
		);
		// The operator suspended, or the manufacturer without its role.
		MockConsortium::suspend(operator());
		assert_noop!(
			commission(operator(), &b, recycler(), reason),
			Error::<Test>::NotCommissioner
		);
		MockConsortium::resume(operator());
		assert_noop!(
			commission(operator(), &b, recycler(), CommissionReason::BuyBack),
			Error::<Test>::InvalidReason
		);
		assert_noop!(
			commission(operator(), &battery(9), recycler(), reason),
			Error::<Test>::UnknownBattery
		);
		// Not a recycler: an operator, a stranger, a suspended recycler.
		assert_noop!(commission(operator(), &b, operator(), reason), Error::<Test>::NotRecycler);
		assert_noop!(commission(operator(), &b, stranger(), reason), Error::<Test>::NotRecycler);
		MockConsortium::suspend(recycler());
		assert_noop!(commission(operator(), &b, recycler(), reason), Error::<Test>::NotRecycler);
		MockConsortium::resume(recycler());
		// A frozen battery is not commissioned.
		let fresh = battery(7);
		retire(&fresh, &manufacturer(), &operator());
		assert_ok!(pallet_battery::Pallet::<Test>::freeze(
			RuntimeOrigin::signed(authority()),
			fresh.clone()
		));
		assert_noop!(
			commission(operator(), &fresh, recycler(), reason),
			Error::<Test>::BatteryFrozen
		);
		assert_ok!(commission(operator(), &b, recycler(), reason));
		assert_noop!(
			commission(manufacturer(), &b, other_recycler(), reason),
			Error::<Test>::AlreadyCommissioned
		);
	});
}

#[test]
fn a_battery_not_retired_is_not_commissioned() {
	new_test_ext().execute_with(|| {
		let b = battery(8);
		assert_ok!(Battery::register_batteries(
			RuntimeOrigin::signed(manufacturer()),
			battery_test_fixtures::pack(),
			vec![b.clone()].try_into().expect("one"),
		));
		assert_noop!(
			commission(manufacturer(), &b, recycler(), CommissionReason::Defect),
			Error::<Test>::WrongBatteryStatus
		);
	});
}

#[test]
fn the_commissioned_recycler_answers_once() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let origin = |who: AccountId| RuntimeOrigin::signed(who);
		assert_noop!(
			Recycling::accept_commission(origin(recycler()), b.clone()),
			Error::<Test>::NoCommission
		);
		assert_ok!(commission(operator(), &b, recycler(), CommissionReason::EndOfLife));
		assert_noop!(
			Recycling::accept_commission(origin(other_recycler()), b.clone()),
			Error::<Test>::NotCommissionedRecycler
		);
		assert_noop!(
			Recycling::decline_commission(origin(operator()), b.clone()),
			Error::<Test>::NotCommissionedRecycler
		);
		MockConsortium::suspend(recycler());
		assert_noop!(
			Recycling::accept_commission(origin(recycler()), b.clone()),
			Error::<Test>::NotRecycler
		);
		MockConsortium::resume(recycler());
		assert_ok!(Recycling::decline_commission(origin(recycler()), b.clone()));
		assert_eq!(
			last_event(),
			Event::CommissionDeclined { battery: b.clone(), recycler: recycler() }
		);
		assert!(Commissions::<Test>::get(&b).is_none());
		// A new commission, accepted: answering again is refused.
		assert_ok!(commission(operator(), &b, other_recycler(), CommissionReason::EndOfLife));
		assert_ok!(Recycling::accept_commission(origin(other_recycler()), b.clone()));
		for answer in [Recycling::accept_commission, Recycling::decline_commission] {
			assert_noop!(
				answer(origin(other_recycler()), b.clone()),
				Error::<Test>::WrongCommissionStatus
			);
		}
	});
}

#[test]
fn a_commission_is_withdrawn_until_the_battery_moves() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let withdraw =
			|who: AccountId| Recycling::withdraw_commission(RuntimeOrigin::signed(who), b.clone());
		assert_noop!(withdraw(operator()), Error::<Test>::NoCommission);
		assert_ok!(commission(manufacturer(), &b, recycler(), CommissionReason::Recall));
		assert_noop!(withdraw(stranger()), Error::<Test>::NotCommissioner);
		assert_noop!(withdraw(recycler()), Error::<Test>::NotCommissioner);
		// The custodian withdraws the manufacturer's commission too.
		assert_ok!(withdraw(operator()));
		assert_eq!(last_event(), Event::CommissionWithdrawn { battery: b.clone(), by: operator() });
		commissioned(&b);
		assert_ok!(withdraw(operator()));
		assert_eq!(Recycling::commissioned_recycler(&b), None);
		// Handed over: too late.
		with_recycler(&b);
		assert_noop!(withdraw(operator()), Error::<Test>::CannotWithdraw);
	});
}

#[test]
fn the_handover_moves_custody_and_status_in_one_call() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let hand_over =
			|who: AccountId| Recycling::hand_over(RuntimeOrigin::signed(who), b.clone());
		assert_noop!(hand_over(operator()), Error::<Test>::NoCommission);
		assert_ok!(commission(operator(), &b, recycler(), CommissionReason::EndOfLife));
		assert_noop!(hand_over(operator()), Error::<Test>::WrongCommissionStatus);
		assert_ok!(Recycling::accept_commission(RuntimeOrigin::signed(recycler()), b.clone()));
		assert_noop!(hand_over(recycler()), Error::<Test>::NotCustodian);
		assert_noop!(hand_over(manufacturer()), Error::<Test>::NotCustodian);
		MockLock::set(&b, true);
		assert_noop!(hand_over(operator()), Error::<Test>::CustodyLocked);
		MockLock::set(&b, false);
		MockConsortium::suspend(recycler());
		assert_noop!(hand_over(operator()), Error::<Test>::NotRecycler);
		MockConsortium::resume(recycler());

		assert_ok!(hand_over(operator()));
		assert_eq!(last_event(), Event::HandedOver { battery: b.clone(), recycler: recycler() });
		assert_eq!((custodian(&b), status(&b)), (recycler(), BatteryStatus::WithRecycler));
		let history = pallet_battery::Pallet::<Test>::custody_history(&b, 0, 10).expect("history");
		assert_eq!(
			history.entries.last().map(|entry| entry.via.clone()),
			Some(CustodyVia::Recycling)
		);
		assert_noop!(hand_over(recycler()), Error::<Test>::WrongBatteryStatus);
	});
}

#[test]
fn a_battery_shipped_to_the_recycler_is_taken_in_by_it() {
	new_test_ext().execute_with(|| {
		let b = battery(2);
		commissioned(&b);
		// Delivered by a shipment: custody is the recycler's, the battery still retired.
		assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
			&b,
			&recycler(),
			CustodyVia::Shipment { shipment: 3, batch: 4 }
		));
		assert_noop!(
			Recycling::withdraw_commission(RuntimeOrigin::signed(operator()), b.clone()),
			Error::<Test>::CannotWithdraw
		);
		assert_ok!(Recycling::hand_over(RuntimeOrigin::signed(recycler()), b.clone()));
		assert_eq!((custodian(&b), status(&b)), (recycler(), BatteryStatus::WithRecycler));
	});
}

#[test]
fn no_recycler_step_goes_past_this_pallet() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let direct =
			|who: AccountId, to| Battery::transition(RuntimeOrigin::signed(who), b.clone(), to);
		// The recycler holding a retired battery (say, handed over directly) still needs the
		// commission to take it in.
		assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
			&b,
			&recycler(),
			CustodyVia::Handover
		));
		assert_noop!(
			direct(recycler(), BatteryStatus::WithRecycler),
			pallet_battery::Error::<Test>::ThroughRecycling
		);
		// An illegal step keeps its own error.
		assert_noop!(
			direct(recycler(), BatteryStatus::Recycled),
			pallet_battery::Error::<Test>::IllegalTransition
		);
		assert_eq!(status(&b), BatteryStatus::Retired);
		// With the recycler, waste goes through the assessment.
		let other = battery(2);
		with_recycler(&other);
		assert_noop!(
			Battery::transition(
				RuntimeOrigin::signed(recycler()),
				other.clone(),
				BatteryStatus::Waste
			),
			pallet_battery::Error::<Test>::ThroughRecycling
		);
	});
}

#[test]
fn the_accepted_recycler_is_granted_the_records_kept_before() {
	new_test_ext().execute_with(|| {
		use battery_primitives::battery::{Date, MaintenanceKind};
		let b = battery(1);
		// A maintenance record of the operator's, sealed before any commission.
		let keys = MockConsortium::sealing_keys(&b, DataCategory::Maintenance, Some(&operator()))
			.expect("registered");
		let recycler_key = battery_seal::public_key(&RECYCLER_SECRET);
		assert!(!keys.contains(&recycler_key));
		let mut random = battery_test_fixtures::byte_stream(3u8);
		let details = battery_seal::seal(
			DataCategory::Maintenance,
			&b,
			b"module 3 replaced",
			&keys,
			&mut random,
		)
		.expect("seals");
		assert_ok!(Battery::add_maintenance(
			RuntimeOrigin::signed(operator()),
			b.clone(),
			Date::new(2026, 11, 1),
			MaintenanceKind::Repair,
			details,
		));
		let kept =
			|| pallet_battery::MaintenanceLog::<Test>::get(&b).expect("kept")[0].details.clone();
		let grant = || {
			let mut random = battery_test_fixtures::byte_stream(4u8);
			let wraps =
				battery_seal::grant(&kept(), &OPERATOR_SECRET, &[recycler_key], &mut random)
					.expect("wraps");
			Battery::grant_maintenance(
				RuntimeOrigin::signed(operator()),
				b.clone(),
				0,
				wraps.try_into().expect("one wrap"),
			)
		};
		// Offered only: the recycler is nobody the grant may add.
		assert_ok!(commission(operator(), &b, recycler(), CommissionReason::EndOfLife));
		assert_noop!(grant(), pallet_battery::Error::<Test>::UnexpectedRecipient);
		assert!(battery_seal::open(&kept(), &RECYCLER_SECRET).is_err());
		// Accepted: the operator grants it the record, which it now opens.
		assert_ok!(Recycling::accept_commission(RuntimeOrigin::signed(recycler()), b.clone()));
		assert_ok!(grant());
		assert_eq!(
			battery_seal::open(&kept(), &RECYCLER_SECRET).expect("opens"),
			b"module 3 replaced".to_vec()
		);
	});
}

#[test]
fn no_self_dealing_and_no_stale_acceptance() {
	new_test_ext().execute_with(|| {
		use battery_primitives::consortium::Role;
		let b = battery(1);
		// A commissioner that is also a recycler does not commission itself; a manufacturer
		// that is one does not get a competitor operator's data through a commission.
		MockConsortium::grant(operator(), Role::Recycler);
		MockConsortium::grant(manufacturer(), Role::Recycler);
		let reason = CommissionReason::EndOfLife;
		assert_noop!(commission(operator(), &b, operator(), reason), Error::<Test>::NotRecycler);
		assert_noop!(
			commission(manufacturer(), &b, manufacturer(), reason),
			Error::<Test>::NotRecycler
		);
		assert_noop!(
			commission(operator(), &b, manufacturer(), reason),
			Error::<Test>::NotRecycler
		);
		// Offered, then the battery changed hands: the acceptance is refused.
		assert_ok!(commission(operator(), &b, recycler(), reason));
		let other_operator = account("OtherOperator");
		MockConsortium::grant(&other_operator, Role::Operator);
		assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
			&b,
			&other_operator,
			CustodyVia::Handover
		));
		assert_noop!(
			Recycling::accept_commission(RuntimeOrigin::signed(recycler()), b.clone()),
			Error::<Test>::NotCommissioner
		);
		// Offered, then frozen: refused too.
		let c = battery(2);
		assert_ok!(commission(operator(), &c, recycler(), reason));
		assert_ok!(pallet_battery::Pallet::<Test>::freeze(
			RuntimeOrigin::signed(authority()),
			c.clone()
		));
		assert_noop!(
			Recycling::accept_commission(RuntimeOrigin::signed(recycler()), c.clone()),
			Error::<Test>::BatteryFrozen
		);
	});
}

#[test]
fn no_carrier_and_no_seller_withdraws_a_commission() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		commissioned(&b);
		// On its way to the recycler: the carrier holds it, the shipment locks it.
		assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
			&b,
			&carrier(),
			CustodyVia::Shipment { shipment: 5, batch: 6 }
		));
		MockLock::set(&b, true);
		let withdraw =
			|who: AccountId| Recycling::withdraw_commission(RuntimeOrigin::signed(who), b.clone());
		assert_noop!(withdraw(carrier()), Error::<Test>::NotCommissioner);
		assert_noop!(withdraw(operator()), Error::<Test>::CannotWithdraw);
		// A buy-back's commission is the sale: the seller does not undo it.
		let c = battery(2);
		assert_ok!(Recycling::offer_buy_back(RuntimeOrigin::signed(recycler()), c.clone(), 10, 5));
		assert_ok!(Recycling::accept_buy_back(RuntimeOrigin::signed(operator()), c.clone()));
		assert_ok!(<Battery as BatteryLifecycle<AccountId>>::set_custodian(
			&c,
			&operator(),
			CustodyVia::Handover
		));
		assert_noop!(
			Recycling::withdraw_commission(RuntimeOrigin::signed(operator()), c.clone()),
			Error::<Test>::CannotWithdraw
		);
	});
}
