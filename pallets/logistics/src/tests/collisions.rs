//! Vehicles, impact reports and accident records: who may report, what reaches the batteries,
//! and every refusal leaving state unchanged.

use super::*;
use crate::{
	Error, Event, ImpactCount, ImpactThreshold, Impacts, SealedImpact, ShipmentId, Vehicles,
	WeightInfo, MAX_IMPACT_MG,
};
use battery_primitives::{
	battery::AccidentSource,
	consortium::{DeviceKind, SubjectId},
	logistics::{ImpactDetails, Position},
};
use codec::Encode;
use frame_support::{assert_noop, dispatch::DispatchResultWithPostInfo};
use sp_runtime::DispatchError::BadOrigin;

/// The carrier's truck and its collision sensor.
const TRUCK: &[u8] = b"TRUCK-7";
/// Another truck of the carrier, with its own sensor.
const OTHER_TRUCK: &[u8] = b"TRUCK-8";

fn sensor() -> AccountId {
	account("Sensor")
}
fn other_sensor() -> AccountId {
	account("SensorTruck8")
}

fn vehicle(id: &[u8]) -> SubjectId {
	SubjectId::truncate_from(id.to_vec())
}

/// The carrier's sensors: [`sensor`] on [`TRUCK`], [`other_sensor`] on [`OTHER_TRUCK`].
fn sensors() {
	MockConsortium::add_device(sensor(), DeviceKind::CollisionSensor, carrier(), TRUCK);
	MockConsortium::add_device(other_sensor(), DeviceKind::CollisionSensor, carrier(), OTHER_TRUCK);
}

fn attach(id: ShipmentId, truck: &[u8]) {
	assert_ok!(Logistics::attach_vehicle(RuntimeOrigin::signed(carrier()), id, vehicle(truck)));
}

/// Batteries 1 to 3 in transit on [`TRUCK`], its sensors registered.
fn on_the_road() -> ShipmentId {
	sensors();
	let id = in_transit([1, 2, 3], 30);
	attach(id, TRUCK);
	id
}

/// Where the impact happened, sealed for the test shipment's parties (first battery 1).
fn details() -> SealedImpact {
	let plaintext = ImpactDetails {
		position: Position::Coordinates { latitude_e7: 481_351_000, longitude_e7: 115_820_000 },
		note: Default::default(),
	};
	SealedImpact::new(sealed_for(1, &[manufacturer(), carrier(), operator()], &plaintext.encode()))
}

fn report(who: &AccountId, id: ShipmentId, at_ms: u64, peak_mg: u32) -> DispatchResultWithPostInfo {
	Logistics::report_impact(RuntimeOrigin::signed(who.clone()), id, at_ms, peak_mg, details())
}

fn accidents(n: u32) -> u32 {
	Battery::accidents(&battery(n)).expect("registered").total
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Logistics(event) => Some(event),
			_ => None,
		})
		.expect("an event")
}

#[test]
fn an_impact_at_the_threshold_is_an_accident_of_every_battery() {
	new_test_ext().execute_with(|| {
		let id = on_the_road();
		let info = report(&sensor(), id, NOW_MS - 5_000, THRESHOLD_MG).expect("reported");
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::report_impact(3)));
		assert_eq!(
			last_event(),
			Event::AccidentRecorded {
				shipment: id,
				batch: 1,
				index: 0,
				peak_mg: THRESHOLD_MG,
				batteries: 3
			}
		);
		for n in 1..=3 {
			let view = Battery::accidents(&battery(n)).expect("registered");
			assert_eq!(view.total, 1);
			let record = &view.records[0];
			assert_eq!((record.occurred_at_ms, record.peak_mg), (NOW_MS - 5_000, THRESHOLD_MG));
			assert_eq!(
				record.source,
				AccidentSource::Transport { batch: 1, shipment: id, impact: 0 }
			);
			assert_eq!(Battery::passport(&battery(n)).expect("registered").accidents, 1);
		}
		// A battery outside the shipment has none.
		assert_eq!(accidents(4), 0);
		let impact = Impacts::<Test>::get(id, 0).expect("kept");
		assert!(impact.accident);
		assert_eq!((impact.sensor, impact.vehicle), (sensor(), vehicle(TRUCK)));
		assert_eq!(impact.details, details());
	});
}

#[test]
fn an_impact_below_the_threshold_stays_a_shipment_event() {
	new_test_ext().execute_with(|| {
		let id = on_the_road();
		let info = report(&sensor(), id, NOW_MS, THRESHOLD_MG - 1).expect("reported");
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::report_impact(0)));
		assert_eq!(
			last_event(),
			Event::ImpactRecorded {
				shipment: id,
				index: 0,
				sensor: sensor(),
				peak_mg: THRESHOLD_MG - 1
			}
		);
		assert!((1..=3).all(|n| accidents(n) == 0));
		assert!(!Impacts::<Test>::get(id, 0).expect("kept").accident);
		assert_eq!(ImpactCount::<Test>::get(id), 1);
	});
}

#[test]
fn the_admin_sets_the_threshold_within_the_sensor_range() {
	new_test_ext().execute_with(|| {
		let id = on_the_road();
		assert_noop!(
			Logistics::set_impact_threshold(RuntimeOrigin::signed(carrier()), 8_000),
			BadOrigin
		);
		for bad in [0, MAX_IMPACT_MG + 1] {
			assert_noop!(
				Logistics::set_impact_threshold(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidThreshold
			);
		}
		assert_ok!(Logistics::set_impact_threshold(RuntimeOrigin::root(), 8_000));
		assert_eq!(last_event(), Event::ImpactThresholdSet { threshold_mg: 8_000 });
		assert_eq!(ImpactThreshold::<Test>::get(), 8_000);
		// What was an accident at the default is a shipment event now.
		assert_ok!(report(&sensor(), id, NOW_MS, 6_500));
		assert_eq!(accidents(1), 0);
		assert_ok!(report(&sensor(), id, NOW_MS + 1, 8_000));
		assert_eq!(accidents(1), 1);
	});
}

#[test]
fn only_a_sensor_of_the_carrier_on_the_attached_vehicle_reports() {
	new_test_ext().execute_with(|| {
		sensors();
		let id = in_transit([1, 2, 3], 30);
		assert_noop!(report(&sensor(), id, NOW_MS, 9_000), Error::<Test>::NoVehicle);
		attach(id, TRUCK);
		// A competitor's sensor on a vehicle with the same id, a sensor of another truck, a
		// BMS gateway, the carrier's own account: none is a sensor of this shipment.
		let rival = account("RivalSensor");
		MockConsortium::add_device(&rival, DeviceKind::CollisionSensor, other_carrier(), TRUCK);
		let gateway = account("Gateway");
		MockConsortium::add_device(&gateway, DeviceKind::BmsGateway, operator(), TRUCK);
		for who in [rival, other_sensor(), gateway, carrier(), stranger()] {
			assert_noop!(report(&who, id, NOW_MS, 9_000), Error::<Test>::SensorNotAttached);
		}
		// Moved to the other truck: its sensor reports, the first truck's no longer does.
		attach(id, OTHER_TRUCK);
		assert_eq!(Vehicles::<Test>::get(id).expect("attached").vehicle, vehicle(OTHER_TRUCK));
		assert_noop!(report(&sensor(), id, NOW_MS, 9_000), Error::<Test>::SensorNotAttached);
		assert_ok!(report(&other_sensor(), id, NOW_MS, 9_000));
		// A suspended carrier's sensors are inactive.
		MockConsortium::suspend(carrier());
		assert_noop!(
			report(&other_sensor(), id, NOW_MS + 1, 9_000),
			Error::<Test>::SensorNotAttached
		);
	});
}

#[test]
fn impacts_are_refused_out_of_range_in_the_future_replayed_or_beyond_the_bound() {
	new_test_ext().execute_with(|| {
		let id = on_the_road();
		for peak in [0, MAX_IMPACT_MG + 1] {
			assert_noop!(report(&sensor(), id, NOW_MS, peak), Error::<Test>::ImpactOutOfRange);
		}
		assert_noop!(
			report(&sensor(), id, NOW_MS + DRIFT_MS + 1, 9_000),
			Error::<Test>::ImpactInFuture
		);
		assert_ok!(report(&sensor(), id, NOW_MS + DRIFT_MS, 100));
		// A replay, or an earlier impact, after it.
		for at in [NOW_MS + DRIFT_MS, NOW_MS] {
			assert_noop!(report(&sensor(), id, at, 9_000), Error::<Test>::ImpactOutOfOrder);
		}
		MockTime::set(NOW_MS + 10 * DRIFT_MS);
		assert_ok!(report(&sensor(), id, NOW_MS + 2 * DRIFT_MS, 100));
		assert_ok!(report(&sensor(), id, NOW_MS + 3 * DRIFT_MS, 100));
		// MaxImpacts (3) reached.
		assert_noop!(
			report(&sensor(), id, NOW_MS + 4 * DRIFT_MS, 9_000),
			Error::<Test>::TooManyImpacts
		);
		assert!((1..=3).all(|n| accidents(n) == 0));
	});
}

#[test]
fn an_impact_sealed_for_the_wrong_readers_is_refused() {
	new_test_ext().execute_with(|| {
		let id = on_the_road();
		// Without the recipient's key; with an outsider's (the other carrier's) key.
		let without_recipient = sealed_for(1, &[manufacturer(), carrier()], b"x");
		let with_outsider =
			sealed_for(1, &[manufacturer(), carrier(), operator(), other_carrier()], b"x");
		let about_battery_2 = sealed_for(2, &[manufacturer(), carrier(), operator()], b"x");
		for (envelope, error) in [
			(without_recipient, Error::<Test>::MissingRecipient),
			(with_outsider, Error::<Test>::UnexpectedRecipient),
			(about_battery_2, Error::<Test>::EnvelopeMismatch),
		] {
			assert_noop!(
				Logistics::report_impact(
					RuntimeOrigin::signed(sensor()),
					id,
					NOW_MS,
					9_000,
					SealedImpact::new(envelope)
				),
				error
			);
		}
	});
}

#[test]
fn impacts_need_a_shipment_in_transit() {
	new_test_ext().execute_with(|| {
		sensors();
		assert_noop!(report(&sensor(), 9, NOW_MS, 9_000), Error::<Test>::UnknownShipment);
		let id = propose([1, 2], 10);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
		attach(id, TRUCK);
		// Accepted, not picked up: the batteries are still at the sender's.
		assert_noop!(report(&sensor(), id, NOW_MS, 9_000), Error::<Test>::WrongStatus);
		assert_ok!(Logistics::pick_up(RuntimeOrigin::signed(carrier()), id));
		assert_ok!(Logistics::confirm_delivery(
			RuntimeOrigin::signed(operator()),
			id,
			Default::default()
		));
		assert_noop!(report(&sensor(), id, NOW_MS, 9_000), Error::<Test>::WrongStatus);
		assert_eq!(accidents(1), 0);
	});
}

#[test]
fn only_the_carrier_attaches_a_vehicle_to_an_open_shipment() {
	new_test_ext().execute_with(|| {
		let id = propose([1, 2], 10);
		let attach_as = |who: AccountId, id, truck: &[u8]| {
			Logistics::attach_vehicle(RuntimeOrigin::signed(who), id, vehicle(truck))
		};
		assert_noop!(attach_as(carrier(), 9, TRUCK), Error::<Test>::UnknownShipment);
		// Proposed, not accepted yet.
		assert_noop!(attach_as(carrier(), id, TRUCK), Error::<Test>::WrongStatus);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
		for who in [other_carrier(), manufacturer(), operator()] {
			assert_noop!(attach_as(who, id, TRUCK), Error::<Test>::NotCarrier);
		}
		assert_noop!(attach_as(carrier(), id, b""), Error::<Test>::InvalidVehicle);
		MockConsortium::suspend(carrier());
		assert_noop!(attach_as(carrier(), id, TRUCK), Error::<Test>::NotLogistics);
		MockConsortium::resume(carrier());
		assert_ok!(attach_as(carrier(), id, TRUCK));
		assert_eq!(last_event(), Event::VehicleAttached { shipment: id, vehicle: vehicle(TRUCK) });
		assert_ok!(Logistics::cancel_shipment(RuntimeOrigin::signed(manufacturer()), id));
		assert_noop!(attach_as(carrier(), id, OTHER_TRUCK), Error::<Test>::WrongStatus);
	});
}

#[test]
fn pickup_and_delivery_weigh_what_the_shipment_holds() {
	new_test_ext().execute_with(|| {
		let id = propose([1, 2, 3, 4], 40);
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
		let info = Logistics::pick_up(RuntimeOrigin::signed(carrier()), id).expect("picked up");
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::pick_up(4)));
		let info =
			Logistics::confirm_delivery(RuntimeOrigin::signed(operator()), id, Default::default())
				.expect("delivered");
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::confirm_delivery(4)));
		let id = propose([5, 6], 0);
		let info = Logistics::cancel_shipment(RuntimeOrigin::signed(manufacturer()), id)
			.expect("cancelled");
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::end_before_pickup(2)));
	});
}
