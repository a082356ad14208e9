//! Benchmarks of the logistics pallet (FRAME v2), each in its worst case: `n` batteries, every
//! one of them factory-fresh (pickup moves custody *and* status), freight held, terms and
//! checkpoints at their longest, sealed for four keys (three parties and the Authority).
//!
//! The runtime provides members, reader keys, funds and registered batteries through
//! [`Config::BenchmarkHelper`].

use super::*;
use crate::Pallet as Logistics;
use alloc::vec::Vec;
use battery_primitives::consortium::MAX_SUBJECT_LEN;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Inspect, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event);
}

/// The parties of the benchmark shipments, with reader keys, and the Authority's key.
struct Parties<T: Config> {
	sender: T::AccountId,
	carrier: T::AccountId,
	recipient: T::AccountId,
}

fn parties<T: Config>() -> Parties<T> {
	let sender: T::AccountId = account("sender", 0, 0);
	let carrier: T::AccountId = account("carrier", 0, 0);
	let recipient: T::AccountId = account("recipient", 0, 0);
	T::BenchmarkHelper::member(&sender, Role::Manufacturer, [0x21; 32]);
	T::BenchmarkHelper::member(&carrier, Role::Logistics, [0x22; 32]);
	T::BenchmarkHelper::member(&recipient, Role::Operator, [0x23; 32]);
	T::BenchmarkHelper::set_authority_reader_key([0x24; 32]);
	Parties { sender, carrier, recipient }
}

/// A placeholder envelope of the longest logistics record, about `first`, for the shipment's
/// keys (the chain checks shape and recipients, never the plaintext).
fn sealed<T: Config>(parties: &Parties<T>, first: &BatteryId) -> LogisticsEnvelope {
	let keys =
		Logistics::<T>::shipment_keys([&parties.sender, &parties.carrier, &parties.recipient]);
	battery_primitives::sealed::placeholder_envelope(
		DataCategory::Logistics,
		first,
		&keys,
		MAX_LOGISTICS_CIPHERTEXT as usize,
	)
}

/// `n` factory-fresh batteries of the sender.
fn batteries<T: Config>(parties: &Parties<T>, n: u32) -> Result<BatteriesOf<T>, BenchmarkError> {
	let ids = T::BenchmarkHelper::register_batteries(&parties.sender, n);
	BoundedVec::try_from(ids).map_err(|_| BenchmarkError::Stop("more than MaxBatteries"))
}

/// A freight a tenth of what the sender holds.
fn freight<T: Config>(parties: &Parties<T>) -> BalanceOf<T> {
	let balance = T::Currency::balance(&parties.sender);
	balance / 10u32.into()
}

/// A shipment of `n` batteries proposed (and, if `accepted`, accepted).
fn proposed<T: Config>(
	parties: &Parties<T>,
	n: u32,
	accepted: bool,
) -> Result<ShipmentId, BenchmarkError> {
	let batteries = batteries::<T>(parties, n)?;
	let first = batteries.first().cloned().ok_or(BenchmarkError::Stop("no battery"))?;
	let id = NextShipmentId::<T>::get();
	Logistics::<T>::do_propose(
		parties.sender.clone(),
		parties.carrier.clone(),
		parties.recipient.clone(),
		batteries,
		(Date::new(2026, 12, 1), Date::new(2026, 12, 3)),
		freight::<T>(parties),
		sealed::<T>(parties, &first),
	)?;
	if accepted {
		Logistics::<T>::do_accept(parties.carrier.clone(), id)?;
	}
	Ok(id)
}

/// A shipment of `n` batteries in transit.
fn picked_up<T: Config>(parties: &Parties<T>, n: u32) -> Result<ShipmentId, BenchmarkError> {
	let id = proposed::<T>(parties, n, true)?;
	Logistics::<T>::do_pick_up(parties.carrier.clone(), id)?;
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn propose_shipment(n: Linear<1, { T::MaxBatteries::get() }>) -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let batteries = batteries::<T>(&parties, n)?;
		let first = batteries.first().cloned().ok_or(BenchmarkError::Stop("no battery"))?;
		let terms = sealed::<T>(&parties, &first);
		let freight = freight::<T>(&parties);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.sender.clone()),
			parties.carrier.clone(),
			parties.recipient.clone(),
			batteries,
			Date::new(2026, 12, 1),
			Date::new(2026, 12, 3),
			freight,
			terms,
		);

		assert!(Shipments::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn accept_shipment() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = proposed::<T>(&parties, 1, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.carrier.clone()), id);

		assert_last_event::<T>(Event::ShipmentAccepted { shipment: id });
		Ok(())
	}

	#[benchmark]
	fn end_before_pickup(n: Linear<1, { T::MaxBatteries::get() }>) -> Result<(), BenchmarkError> {
		// The sender cancels an accepted shipment: every lock removed, the freight released.
		let parties = parties::<T>();
		let id = proposed::<T>(&parties, n, true)?;

		#[block]
		{
			Logistics::<T>::do_cancel(parties.sender.clone(), id)?;
		}

		assert_last_event::<T>(Event::ShipmentCancelled { shipment: id });
		Ok(())
	}

	#[benchmark]
	fn pick_up(n: Linear<1, { T::MaxBatteries::get() }>) -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = proposed::<T>(&parties, n, true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.carrier.clone()), id);

		assert_last_event::<T>(Event::PickedUp {
			shipment: id,
			batch: 1,
			carrier: parties.carrier,
			batteries: n,
		});
		Ok(())
	}

	#[benchmark]
	fn record_checkpoint() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = picked_up::<T>(&parties, 1)?;
		let first = Shipments::<T>::get(id)
			.and_then(|s| s.batteries.first().cloned())
			.ok_or(BenchmarkError::Stop("no shipment"))?;
		// All but one checkpoint taken (each is its own storage item: the count is what matters).
		CheckpointCount::<T>::insert(id, T::MaxCheckpoints::get().saturating_sub(1));
		let details = SealedCheckpoint::new(sealed::<T>(&parties, &first));

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.carrier.clone()), id, details);

		assert_last_event::<T>(Event::CheckpointRecorded {
			shipment: id,
			index: T::MaxCheckpoints::get().saturating_sub(1),
		});
		Ok(())
	}

	#[benchmark]
	fn confirm_delivery(n: Linear<1, { T::MaxBatteries::get() }>) -> Result<(), BenchmarkError> {
		// Every battery delivered (each a custody change) and the whole freight paid.
		let parties = parties::<T>();
		let id = picked_up::<T>(&parties, n)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.recipient.clone()), id, BoundedVec::new());

		assert!(matches!(
			Shipments::<T>::get(id).map(|s| s.status),
			Some(ShipmentStatus::Delivered { open_exceptions: 0, .. })
		));
		Ok(())
	}

	#[benchmark]
	fn resolve_exception(n: Linear<2, { T::MaxBatteries::get() }>) -> Result<(), BenchmarkError> {
		// One battery delivered, `n - 1` exceptions; the last one listed is resolved as
		// delivered (a custody change and a payment; the search goes to the end).
		let parties = parties::<T>();
		let id = picked_up::<T>(&parties, n)?;
		let shipment = Shipments::<T>::get(id).ok_or(BenchmarkError::Stop("no shipment"))?;
		let exceptions: Vec<_> = shipment
			.batteries
			.iter()
			.skip(1)
			.map(|battery| (battery.clone(), ExceptionReason::Missing))
			.collect();
		let last =
			exceptions.last().map(|(b, _)| b.clone()).ok_or(BenchmarkError::Stop("n < 2"))?;
		Logistics::<T>::do_confirm_delivery(
			parties.recipient.clone(),
			id,
			BoundedVec::try_from(exceptions).map_err(|_| BenchmarkError::Stop("bound"))?,
		)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.sender.clone()), id, last.clone(), Resolution::Delivered);

		assert!(!BatteryShipments::<T>::contains_key(&last));
		Ok(())
	}

	#[benchmark]
	fn attach_vehicle() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = picked_up::<T>(&parties, 1)?;
		let vehicle = SubjectId::truncate_from(alloc::vec![b'V'; MAX_SUBJECT_LEN as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.carrier.clone()), id, vehicle.clone());

		assert_last_event::<T>(Event::VehicleAttached { shipment: id, vehicle });
		Ok(())
	}

	#[benchmark]
	fn report_impact(n: Linear<0, { T::MaxBatteries::get() }>) -> Result<(), BenchmarkError> {
		// `n` accident records: an accident of an `n`-battery shipment (`n = 0`: an impact
		// below the threshold of a one-battery shipment). A previous impact is read.
		let parties = parties::<T>();
		let id = picked_up::<T>(&parties, n.max(1))?;
		let vehicle = SubjectId::truncate_from(alloc::vec![b'V'; MAX_SUBJECT_LEN as usize]);
		let sensor: T::AccountId = account("sensor", 0, 0);
		T::BenchmarkHelper::collision_sensor(&parties.carrier, &sensor, &vehicle);
		Logistics::<T>::do_attach_vehicle(parties.carrier.clone(), id, vehicle)?;
		let first = Shipments::<T>::get(id)
			.and_then(|s| s.batteries.first().cloned())
			.ok_or(BenchmarkError::Stop("no shipment"))?;
		let details = SealedImpact::new(sealed::<T>(&parties, &first));
		Logistics::<T>::do_report_impact(sensor.clone(), id, 0, 1, details.clone())?;
		let peak = if n == 0 { 1 } else { MAX_IMPACT_MG };

		#[extrinsic_call]
		_(RawOrigin::Signed(sensor), id, 1, peak, details);

		assert_eq!(ImpactCount::<T>::get(id), 2);
		Ok(())
	}

	#[benchmark]
	fn set_impact_threshold() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 9_000);

		assert_eq!(ImpactThreshold::<T>::get(), 9_000);
		Ok(())
	}

	impl_benchmark_test_suite!(Logistics, crate::mock::new_test_ext(), crate::mock::Test);
}
