//! Proposals, acceptance, and the end of an agreement before pickup.

use super::*;
use crate::{BatteryShipments, Error, Event, ShipmentStatus, Shipments};
use frame_support::assert_noop;

#[test]
fn a_proposal_locks_the_batteries_and_holds_the_freight() {
	new_test_ext().execute_with(|| {
		let id = propose([1, 2, 3], 900);
		System::assert_last_event(
			Event::ShipmentProposed {
				shipment: id,
				sender: manufacturer(),
				carrier: carrier(),
				recipient: operator(),
				batteries: 3,
				freight: 900,
			}
			.into(),
		);
		let shipment = Shipments::<Test>::get(id).unwrap();
		assert_eq!(shipment.status, ShipmentStatus::Proposed { expires_at: 1 + TIMEOUT });
		assert_eq!(held(&manufacturer()), 900);
		assert_eq!(free(&manufacturer()), ENDOWMENT - 900);
		for n in 1..=3 {
			assert_eq!(BatteryShipments::<Test>::get(battery(n)), Some(id));
		}
		// A battery is in one open shipment at most.
		assert_noop!(
			Logistics::propose_shipment(
				RuntimeOrigin::signed(manufacturer()),
				other_carrier(),
				operator(),
				batteries([3, 4]),
				PICKUP,
				DELIVERY,
				0,
				sealed_for(3, &[manufacturer(), other_carrier(), operator()], b"x"),
			),
			Error::<Test>::AlreadyShipping
		);
	});
}

#[test]
fn proposals_are_checked_before_anything_changes() {
	new_test_ext().execute_with(|| {
		let propose_as = |who: AccountId,
		                  carrier: AccountId,
		                  recipient: AccountId,
		                  ns: Vec<u32>,
		                  dates: (Date, Date),
		                  freight: Balance| {
			let first = *ns.first().unwrap_or(&1);
			Logistics::propose_shipment(
				RuntimeOrigin::signed(who.clone()),
				carrier.clone(),
				recipient.clone(),
				batteries(ns),
				dates.0,
				dates.1,
				freight,
				sealed_for(first, &[who, carrier, recipient], b"terms"),
			)
		};
		let ok_dates = (PICKUP, DELIVERY);
		// Wrong roles.
		assert_noop!(
			propose_as(stranger(), carrier(), operator(), vec![1], ok_dates, 0),
			Error::<Test>::NotBatteryHolder
		);
		assert_noop!(
			propose_as(manufacturer(), operator(), operator(), vec![1], ok_dates, 0),
			Error::<Test>::NotLogistics
		);
		assert_noop!(
			propose_as(manufacturer(), carrier(), stranger(), vec![1], ok_dates, 0),
			Error::<Test>::InvalidRecipient
		);
		assert_noop!(
			propose_as(manufacturer(), carrier(), manufacturer(), vec![1], ok_dates, 0),
			Error::<Test>::InvalidRecipient
		);
		// Bad lists and dates.
		assert_noop!(
			propose_as(manufacturer(), carrier(), operator(), vec![], ok_dates, 0),
			Error::<Test>::EmptyShipment
		);
		assert_noop!(
			propose_as(manufacturer(), carrier(), operator(), vec![1, 2, 1], ok_dates, 0),
			Error::<Test>::DuplicateBattery
		);
		assert_noop!(
			propose_as(manufacturer(), carrier(), operator(), vec![1], (DELIVERY, PICKUP), 0),
			Error::<Test>::InvalidDates
		);
		assert_noop!(
			propose_as(
				manufacturer(),
				carrier(),
				operator(),
				vec![1],
				(Date::new(2026, 2, 30), DELIVERY),
				0
			),
			Error::<Test>::InvalidDates
		);
		// Batteries the sender does not hold, or that do not exist.
		assert_noop!(
			propose_as(operator(), carrier(), other_operator(), vec![1], ok_dates, 0),
			Error::<Test>::NotCustodian
		);
		assert_noop!(
			propose_as(manufacturer(), carrier(), operator(), vec![99], ok_dates, 0),
			Error::<Test>::UnknownBattery
		);
		// A frozen battery stays where it is.
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), battery(5)));
		assert_noop!(
			propose_as(manufacturer(), carrier(), operator(), vec![4, 5], ok_dates, 0),
			Error::<Test>::BatteryFrozen
		);
		// A closed passport (recycled; set directly: the lifecycle to get there is
		// pallet-battery's) is not shipped, though its last custodian still holds it.
		let mut recycled = Battery::record(&battery(6)).expect("registered");
		recycled.status = crate::BatteryStatus::Recycled;
		Battery::store(&battery(6), recycled);
		assert_noop!(
			propose_as(manufacturer(), carrier(), operator(), vec![6], ok_dates, 0),
			Error::<Test>::PassportClosed
		);
		// Freight the sender cannot pay (a maximal value).
		assert_noop!(
			propose_as(manufacturer(), carrier(), operator(), vec![1], ok_dates, Balance::MAX),
			Error::<Test>::InsufficientBalance
		);
		assert_eq!(crate::NextShipmentId::<Test>::get(), 0);
	});
}

#[test]
fn only_the_carrier_accepts_in_time() {
	new_test_ext().execute_with(|| {
		let id = propose([1], 100);
		for who in [other_carrier(), manufacturer(), operator()] {
			assert_noop!(
				Logistics::accept_shipment(RuntimeOrigin::signed(who), id),
				Error::<Test>::NotCarrier
			);
		}
		assert_noop!(
			Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), 7),
			Error::<Test>::UnknownShipment
		);
		// Still proposed: it cannot be expired yet.
		assert_noop!(
			Logistics::expire_shipment(RuntimeOrigin::signed(stranger()), id),
			Error::<Test>::NotExpired
		);
		System::set_block_number(2 + TIMEOUT);
		assert_noop!(
			Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id),
			Error::<Test>::ProposalExpired
		);
		// Anyone closes it; the freight goes back and the battery is free.
		assert_ok!(Logistics::expire_shipment(RuntimeOrigin::signed(stranger()), id));
		System::assert_last_event(Event::ShipmentExpired { shipment: id }.into());
		assert_eq!(held(&manufacturer()), 0);
		assert_eq!(free(&manufacturer()), ENDOWMENT);
		assert!(BatteryShipments::<Test>::get(battery(1)).is_none());
		// Released exactly once.
		assert_noop!(
			Logistics::expire_shipment(RuntimeOrigin::signed(stranger()), id),
			Error::<Test>::WrongStatus
		);
		assert_noop!(
			Logistics::cancel_shipment(RuntimeOrigin::signed(manufacturer()), id),
			Error::<Test>::WrongStatus
		);
		assert_eq!(free(&manufacturer()), ENDOWMENT);
	});
}

#[test]
fn a_suspended_carrier_cannot_accept() {
	new_test_ext().execute_with(|| {
		let id = propose([1], 0);
		MockConsortium::suspend(carrier());
		assert_noop!(
			Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id),
			Error::<Test>::NotLogistics
		);
	});
}

#[test]
fn declined_and_cancelled_agreements_free_the_batteries_and_the_freight() {
	new_test_ext().execute_with(|| {
		let declined = propose([1, 2], 300);
		assert_noop!(
			Logistics::decline_shipment(RuntimeOrigin::signed(operator()), declined),
			Error::<Test>::NotCarrier
		);
		assert_ok!(Logistics::decline_shipment(RuntimeOrigin::signed(carrier()), declined));
		System::assert_last_event(Event::ShipmentDeclined { shipment: declined }.into());
		assert_eq!(Shipments::<Test>::get(declined).unwrap().status, ShipmentStatus::Declined);
		assert_eq!(held(&manufacturer()), 0);

		// The batteries can go again; the sender cancels after acceptance, before pickup.
		let cancelled = propose([1, 2], 300);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), cancelled));
		assert_noop!(
			Logistics::decline_shipment(RuntimeOrigin::signed(carrier()), cancelled),
			Error::<Test>::WrongStatus
		);
		assert_noop!(
			Logistics::cancel_shipment(RuntimeOrigin::signed(carrier()), cancelled),
			Error::<Test>::NotSender
		);
		assert_ok!(Logistics::cancel_shipment(RuntimeOrigin::signed(manufacturer()), cancelled));
		assert_eq!(held(&manufacturer()), 0);
		assert_eq!(free(&manufacturer()), ENDOWMENT);
		assert!(BatteryShipments::<Test>::get(battery(2)).is_none());
	});
}

#[test]
fn a_battery_in_a_shipment_is_not_handed_over_directly() {
	new_test_ext().execute_with(|| {
		// An offer made before the proposal cannot be accepted once the battery is shipping.
		assert_ok!(Battery::offer_custody(
			RuntimeOrigin::signed(manufacturer()),
			battery(2),
			operator()
		));
		let id = propose([1, 2], 0);
		assert_noop!(
			Battery::offer_custody(
				RuntimeOrigin::signed(manufacturer()),
				battery(1),
				other_operator()
			),
			pallet_battery::Error::<Test>::InShipment
		);
		assert_noop!(
			Battery::accept_custody(RuntimeOrigin::signed(operator()), battery(2)),
			pallet_battery::Error::<Test>::InShipment
		);
		// Once the agreement ends the battery is free again.
		assert_ok!(Logistics::cancel_shipment(RuntimeOrigin::signed(manufacturer()), id));
		assert_ok!(Battery::accept_custody(RuntimeOrigin::signed(operator()), battery(2)));
		assert_eq!(custodian(2), operator());
	});
}
