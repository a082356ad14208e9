//! The runtime API's reads: a shipment by batch ID with its manifest, a battery's shipments,
//! and overdue shipments by the chain's date.

use super::*;
use crate::{BatteryLifecycle, ExceptionReason, ShipmentStatus};
use battery_primitives::{consortium::SubjectId, logistics::ManifestEntry};

/// 2026-12-02 00:00 UTC: after the expected pickup, before the expected delivery.
const DAY_AFTER_PICKUP_MS: u64 = 1_796_169_600_000;
/// 2026-12-04 00:00 UTC: after the expected delivery.
const DAY_AFTER_DELIVERY_MS: u64 = 1_796_342_400_000;

fn carried(n: u32) -> Vec<crate::ShipmentId> {
	Battery::custody_shipments(&battery(n))
}

#[test]
fn a_batch_id_shows_the_shipment_and_its_manifest() {
	new_test_ext().execute_with(|| {
		let proposed = propose([1, 2, 3], 30);
		// No batch ID before pickup.
		assert!(Logistics::shipment_by_batch(1).is_none());
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), proposed));
		assert_ok!(Logistics::pick_up(RuntimeOrigin::signed(carrier()), proposed));
		let truck = SubjectId::truncate_from(b"TRUCK-7".to_vec());
		assert_ok!(Logistics::attach_vehicle(
			RuntimeOrigin::signed(carrier()),
			proposed,
			truck.clone()
		));
		assert_ok!(Logistics::record_checkpoint(
			RuntimeOrigin::signed(carrier()),
			proposed,
			crate::SealedCheckpoint::new(terms(1))
		));

		let view = Logistics::shipment_by_batch(1).expect("picked up");
		let summary = &view.summary;
		assert_eq!((summary.id, summary.batch), (proposed, Some(1)));
		assert_eq!(summary.batch_label.as_deref(), Some("BATCH-0000000001"));
		assert_eq!(
			(summary.sender.clone(), summary.carrier.clone(), summary.recipient.clone()),
			(manufacturer(), carrier(), operator())
		);
		assert_eq!((summary.batteries, summary.freight), (3, 30));
		assert_eq!((summary.expected_pickup, summary.expected_delivery), (PICKUP, DELIVERY));
		assert!(matches!(summary.status, ShipmentStatus::InTransit { batch: 1, .. }));
		assert_eq!(summary.vehicle, Some(truck));
		assert_eq!((summary.checkpoints, summary.impacts, summary.accidents), (1, 0, 0));
		assert!(!summary.overdue);
		let made = battery_test_fixtures::pack().manufacturing_date;
		assert_eq!(
			view.manifest,
			(1..=3)
				.map(|n| ManifestEntry { id: battery(n), manufactured: Some(made) })
				.collect::<Vec<_>>()
		);
		assert!(Logistics::shipment_by_batch(2).is_none());
	});
}

#[test]
fn a_battery_lists_the_shipments_that_carried_it_and_the_open_one() {
	new_test_ext().execute_with(|| {
		// Declined: it never carried battery 1 and is no longer open.
		let declined = propose([1], 0);
		assert_ok!(Logistics::decline_shipment(RuntimeOrigin::signed(carrier()), declined));
		let first = in_transit([1, 2], 20);
		assert_ok!(Logistics::confirm_delivery(
			RuntimeOrigin::signed(operator()),
			first,
			vec![(battery(2), ExceptionReason::Damaged)].try_into().expect("within the bound"),
		));
		// Battery 1 is the operator's now; it proposes it onwards (open, not carried yet).
		let onwards = crate::NextShipmentId::<Test>::get();
		assert_ok!(Logistics::propose_shipment(
			RuntimeOrigin::signed(operator()),
			carrier(),
			manufacturer(),
			batteries([1]),
			PICKUP,
			DELIVERY,
			0,
			sealed_for(1, &[operator(), carrier(), manufacturer()], b"back to the plant"),
		));
		assert_eq!(carried(1), vec![first]);
		let ids: Vec<_> =
			Logistics::shipments_of(&battery(1), carried(1)).into_iter().map(|s| s.id).collect();
		assert_eq!(ids, vec![first, onwards]);
		// Battery 2 stays with the carrier as an open exception of the first shipment.
		let of_2 = Logistics::shipments_of(&battery(2), carried(2));
		assert_eq!(of_2.len(), 1);
		assert!(matches!(of_2[0].status, ShipmentStatus::Delivered { open_exceptions: 1, .. }));
		assert_eq!(Logistics::shipments_of(&battery(5), carried(5)), vec![]);
		assert_eq!(
			<Battery as BatteryLifecycle<AccountId>>::custodian(&battery(2)),
			Some(carrier())
		);
	});
}

#[test]
fn shipments_are_overdue_by_the_chain_date() {
	new_test_ext().execute_with(|| {
		let waiting = propose([1], 0);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), waiting));
		let moving = in_transit([2], 0);
		let done = in_transit([3], 0);
		assert_ok!(Logistics::confirm_delivery(
			RuntimeOrigin::signed(operator()),
			done,
			Default::default()
		));
		let overdue = |id| {
			let shipment = crate::Shipments::<Test>::get(id).expect("stored");
			Logistics::summary(id, &shipment, Logistics::today()).overdue
		};
		assert_eq!([overdue(waiting), overdue(moving), overdue(done)], [false; 3]);
		// The pickup date passed: the accepted shipment is late, the one in transit is not.
		MockTime::set(DAY_AFTER_PICKUP_MS);
		assert_eq!(Logistics::today(), battery_primitives::battery::Date::new(2026, 12, 2));
		assert_eq!([overdue(waiting), overdue(moving), overdue(done)], [true, false, false]);
		// The delivery date passed too; a delivered shipment is never late.
		MockTime::set(DAY_AFTER_DELIVERY_MS);
		assert_eq!([overdue(waiting), overdue(moving), overdue(done)], [true, true, false]);
	});
}
