//! Pickup, delivery with exceptions, and their freight: custody and status through the real
//! battery pallet.

use super::*;
use crate::{
	BatchShipments, BatteryShipments, Error, Event, ExceptionReason, Exceptions, Resolution,
	ShipmentStatus, Shipments,
};
use frame_support::assert_noop;

#[test]
fn pickup_gives_the_batch_id_and_moves_custody_and_status_in_one_call() {
	new_test_ext().execute_with(|| {
		let id = propose([1, 2, 3], 900);
		// Not before acceptance, not by anyone else.
		assert_noop!(
			Logistics::pick_up(RuntimeOrigin::signed(carrier()), id),
			Error::<Test>::WrongStatus
		);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
		assert_noop!(
			Logistics::pick_up(RuntimeOrigin::signed(other_carrier()), id),
			Error::<Test>::NotCarrier
		);
		System::set_block_number(5);
		assert_ok!(Logistics::pick_up(RuntimeOrigin::signed(carrier()), id));
		System::assert_last_event(
			Event::PickedUp { shipment: id, batch: 1, carrier: carrier(), batteries: 3 }.into(),
		);
		assert_eq!(
			Shipments::<Test>::get(id).unwrap().status,
			ShipmentStatus::InTransit { batch: 1, picked_up_at: 5 }
		);
		assert_eq!(BatchShipments::<Test>::get(1), Some(id));
		assert_eq!(crate::batch_label(1), "BATCH-0000000001");
		for n in 1..=3 {
			assert_eq!(custodian(n), carrier());
			assert_eq!(status(n), crate::BatteryStatus::InTransit);
		}
		assert_eq!(custodian(4), manufacturer(), "other batteries stay");
		// A double pickup is refused.
		assert_noop!(
			Logistics::pick_up(RuntimeOrigin::signed(carrier()), id),
			Error::<Test>::WrongStatus
		);
		// The freight is still held until delivery.
		assert_eq!(held(&manufacturer()), 900);
	});
}

#[test]
fn a_battery_frozen_after_the_proposal_stops_the_whole_pickup() {
	new_test_ext().execute_with(|| {
		let id = propose([1, 2], 0);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), battery(2)));
		assert_noop!(
			Logistics::pick_up(RuntimeOrigin::signed(carrier()), id),
			pallet_battery::Error::<Test>::BatteryFrozen
		);
		assert_eq!(custodian(1), manufacturer(), "nothing moved");
	});
}

#[test]
fn a_full_delivery_moves_custody_and_pays_the_whole_freight() {
	new_test_ext().execute_with(|| {
		let id = in_transit([1, 2, 3], 900);
		for who in [carrier(), manufacturer(), other_operator()] {
			assert_noop!(
				Logistics::confirm_delivery(RuntimeOrigin::signed(who), id, Default::default()),
				Error::<Test>::NotRecipient
			);
		}
		assert_ok!(Logistics::confirm_delivery(
			RuntimeOrigin::signed(operator()),
			id,
			Default::default()
		));
		System::assert_last_event(
			Event::Delivered { shipment: id, batch: 1, delivered: 3, exceptions: 0, paid: 900 }
				.into(),
		);
		for n in 1..=3 {
			assert_eq!(custodian(n), operator());
			assert!(BatteryShipments::<Test>::get(battery(n)).is_none());
		}
		assert_eq!((held(&manufacturer()), free(&manufacturer())), (0, ENDOWMENT - 900));
		assert_eq!(free(&carrier()), ENDOWMENT + 900);
		// Delivered once.
		assert_noop!(
			Logistics::confirm_delivery(RuntimeOrigin::signed(operator()), id, Default::default()),
			Error::<Test>::WrongStatus
		);
		// The operator puts them in service through the battery pallet as before.
		assert_ok!(Battery::transition(
			RuntimeOrigin::signed(operator()),
			battery(1),
			crate::BatteryStatus::InService
		));
	});
}

#[test]
fn exceptions_stay_with_the_carrier_with_their_share_until_resolved() {
	new_test_ext().execute_with(|| {
		let id = in_transit([1, 2, 3], 1_000);
		let exceptions = |list: Vec<(u32, ExceptionReason)>| -> crate::ExceptionsOf<Test> {
			list.into_iter().map(|(n, r)| (battery(n), r)).collect::<Vec<_>>().try_into().unwrap()
		};
		// Exceptions must name batteries of the shipment, once; something must arrive.
		for bad in [
			vec![(9, ExceptionReason::Missing)],
			vec![(2, ExceptionReason::Missing), (2, ExceptionReason::Damaged)],
		] {
			assert_noop!(
				Logistics::confirm_delivery(RuntimeOrigin::signed(operator()), id, exceptions(bad)),
				Error::<Test>::InvalidException
			);
		}
		let all = (1..=3).map(|n| (n, ExceptionReason::Missing)).collect();
		assert_noop!(
			Logistics::confirm_delivery(RuntimeOrigin::signed(operator()), id, exceptions(all)),
			Error::<Test>::NothingDelivered
		);

		assert_ok!(Logistics::confirm_delivery(
			RuntimeOrigin::signed(operator()),
			id,
			exceptions(vec![(2, ExceptionReason::Damaged), (3, ExceptionReason::Missing)])
		));
		// 1 of 3 delivered: 333 paid (rounded down), 667 still held for the exceptions.
		System::assert_last_event(
			Event::Delivered { shipment: id, batch: 1, delivered: 1, exceptions: 2, paid: 333 }
				.into(),
		);
		assert_eq!((custodian(1), custodian(2), custodian(3)), (operator(), carrier(), carrier()));
		assert_eq!(held(&manufacturer()), 667);
		assert_eq!(BatteryShipments::<Test>::get(battery(2)), Some(id), "still locked");

		// Only the sender (or the approval origin) resolves, each exception once.
		assert_noop!(
			Logistics::resolve_exception(
				RuntimeOrigin::signed(carrier()),
				id,
				battery(2),
				Resolution::Delivered
			),
			Error::<Test>::NotSender
		);
		assert_noop!(
			Logistics::resolve_exception(
				RuntimeOrigin::signed(manufacturer()),
				id,
				battery(1),
				Resolution::Returned
			),
			Error::<Test>::NoSuchException
		);
		// The damaged one goes back to the sender: half of 667 (333) refunded.
		assert_ok!(Logistics::resolve_exception(
			RuntimeOrigin::signed(manufacturer()),
			id,
			battery(2),
			Resolution::Returned
		));
		System::assert_last_event(
			Event::ExceptionResolved {
				shipment: id,
				battery: battery(2),
				resolution: Resolution::Returned,
				paid: 0,
				refunded: 333,
			}
			.into(),
		);
		assert_eq!(custodian(2), manufacturer());
		// The missing one turns up: the approval origin settles it, the carrier gets the rest.
		assert_ok!(Logistics::resolve_exception(
			RuntimeOrigin::root(),
			id,
			battery(3),
			Resolution::Delivered
		));
		assert_eq!(custodian(3), operator());
		assert!(Exceptions::<Test>::get(id).is_empty());
		assert!(matches!(
			Shipments::<Test>::get(id).unwrap().status,
			ShipmentStatus::Delivered { open_exceptions: 0, withheld: 0, .. }
		));
		// Nothing lost or minted: 333 + 334 to the carrier, 333 back to the sender.
		assert_eq!(held(&manufacturer()), 0);
		assert_eq!(free(&carrier()), ENDOWMENT + 667);
		assert_eq!(free(&manufacturer()), ENDOWMENT - 667);
		assert_noop!(
			Logistics::resolve_exception(
				RuntimeOrigin::root(),
				id,
				battery(3),
				Resolution::Delivered
			),
			Error::<Test>::NoSuchException
		);
	});
}

#[test]
fn a_written_off_battery_stays_with_the_carrier_and_its_share_is_refunded() {
	new_test_ext().execute_with(|| {
		let id = in_transit([1, 2], 101);
		let lost: crate::ExceptionsOf<Test> =
			vec![(battery(2), ExceptionReason::Missing)].try_into().unwrap();
		assert_ok!(Logistics::confirm_delivery(RuntimeOrigin::signed(operator()), id, lost));
		assert_eq!(held(&manufacturer()), 51);
		assert_ok!(Logistics::resolve_exception(
			RuntimeOrigin::signed(manufacturer()),
			id,
			battery(2),
			Resolution::WrittenOff
		));
		assert_eq!(custodian(2), carrier());
		assert!(BatteryShipments::<Test>::get(battery(2)).is_none(), "free to ship again");
		assert_eq!((held(&manufacturer()), free(&carrier())), (0, ENDOWMENT + 50));
	});
}

#[test]
fn handovers_of_an_unknown_or_unready_shipment_are_refused() {
	new_test_ext().execute_with(|| {
		for call in [
			Logistics::pick_up(RuntimeOrigin::signed(carrier()), 7).map(drop).map_err(|e| e.error),
			Logistics::decline_shipment(RuntimeOrigin::signed(carrier()), 7)
				.map(drop)
				.map_err(|e| e.error),
			Logistics::cancel_shipment(RuntimeOrigin::signed(manufacturer()), 7)
				.map(drop)
				.map_err(|e| e.error),
			Logistics::confirm_delivery(RuntimeOrigin::signed(operator()), 7, Default::default())
				.map(drop)
				.map_err(|e| e.error),
			Logistics::resolve_exception(
				RuntimeOrigin::signed(manufacturer()),
				7,
				battery(1),
				Resolution::Returned,
			),
		] {
			assert_eq!(call, Err(Error::<Test>::UnknownShipment.into()));
		}
		let id = in_transit([1, 2], 10);
		// Nothing to resolve before the delivery.
		assert_noop!(
			Logistics::resolve_exception(
				RuntimeOrigin::signed(manufacturer()),
				id,
				battery(2),
				Resolution::Returned
			),
			Error::<Test>::WrongStatus
		);
	});
}

#[test]
fn a_suspended_carrier_cannot_pick_up() {
	new_test_ext().execute_with(|| {
		let id = propose([1], 0);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
		MockConsortium::suspend(carrier());
		assert_noop!(
			Logistics::pick_up(RuntimeOrigin::signed(carrier()), id),
			Error::<Test>::NotLogistics
		);
		assert_eq!(custodian(1), manufacturer());
	});
}

#[test]
fn a_suspended_recipient_cannot_take_delivery() {
	new_test_ext().execute_with(|| {
		let id = in_transit([1, 2], 20);
		MockConsortium::suspend(operator());
		// pallet-battery refuses custody to a member that cannot act; nothing moves or is paid.
		assert_noop!(
			Logistics::confirm_delivery(RuntimeOrigin::signed(operator()), id, Default::default()),
			pallet_battery::Error::<Test>::RecipientNotMember
		);
		assert_eq!((custodian(1), held(&manufacturer())), (carrier(), 20));
		MockConsortium::resume(operator());
		assert_ok!(Logistics::confirm_delivery(
			RuntimeOrigin::signed(operator()),
			id,
			Default::default()
		));
		assert_eq!((custodian(1), free(&carrier())), (operator(), ENDOWMENT + 20));
	});
}
