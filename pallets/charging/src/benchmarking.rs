//! Benchmarks of the charging pallet (FRAME v2), each in its worst case: texts and connectors at
//! their longest, details sealed for three keys, a settlement that pays, releases and counts a
//! battery's throughput, a refund that moves funds.
//!
//! The runtime provides members, reader keys, funds, the pile controller and the clock through
//! [`Config::BenchmarkHelper`].

use super::*;
use crate::Pallet as Charging;
use alloc::vec;
use battery_primitives::{
	charging::{
		ConnectorFormat, ConnectorStandard, PowerType, StationAddress, MAX_CITY_LEN,
		MAX_POSTAL_CODE_LEN, MAX_STREET_LEN,
	},
	consortium::DataCategory,
	sealed::placeholder_envelope,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

/// The chain's time of the benchmarks, Unix ms.
const NOW_MS: u64 = 1_700_000_000_000;

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event);
}

struct Parties<T: Config> {
	owner: T::AccountId,
	payer: T::AccountId,
	controller: T::AccountId,
}

fn parties<T: Config>() -> Parties<T> {
	let owner: T::AccountId = account("station", 0, 0);
	let payer: T::AccountId = account("operator", 0, 0);
	let controller: T::AccountId = account("controller", 0, 0);
	T::BenchmarkHelper::member(&owner, Role::EnergyStation, [0x41; 32]);
	T::BenchmarkHelper::member(&payer, Role::Operator, [0x42; 32]);
	T::BenchmarkHelper::set_authority_reader_key([0x43; 32]);
	T::BenchmarkHelper::set_unix_time_ms(NOW_MS);
	Parties { owner, payer, controller }
}

fn text<const N: u32>(len: u32) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	BoundedVec::truncate_from(vec![b'x'; len as usize])
}

/// A station address of the longest parts.
fn address() -> StationAddress {
	StationAddress {
		street: text(MAX_STREET_LEN),
		postal_code: text(MAX_POSTAL_CODE_LEN),
		city: text(MAX_CITY_LEN),
		country: *b"DEU",
	}
}

fn position() -> Position {
	Position::Coordinates { latitude_e7: 481_351_000, longitude_e7: 115_820_000 }
}

/// The longest valid EVSE ID.
fn evse() -> EvseId {
	let mut id = b"DE*ABC*E".to_vec();
	id.extend(vec![b'1'; 30]);
	EvseId::truncate_from(id)
}

fn connectors<T: Config>() -> ConnectorsOf<T> {
	let connector = Connector {
		standard: ConnectorStandard::Ccs2,
		format: ConnectorFormat::Cable,
		power_type: PowerType::Dc,
		max_voltage_v: 920,
		max_amperage_a: 500,
		max_electric_power_w: 350_000,
	};
	BoundedVec::truncate_from(vec![connector; T::MaxConnectors::get() as usize])
}

fn tariff<T: Config>() -> Tariff<BalanceOf<T>> {
	Tariff { price_per_kwh: 400u32.into(), per_minute: 2u32.into(), per_session: 50u32.into() }
}

fn methods() -> PaymentMethods {
	BoundedVec::truncate_from(vec![
		PaymentMethod::ChainToken,
		PaymentMethod::RfidCard,
		PaymentMethod::BankCard,
		PaymentMethod::App,
	])
}

/// A station of the owner with `piles` piles (the last [`evse`]), certified if `certified`.
fn station<T: Config>(parties: &Parties<T>, certified: bool) -> Result<StationId, BenchmarkError> {
	let id = NextStationId::<T>::get();
	Charging::<T>::do_register_station(
		parties.owner.clone(),
		text(MAX_NAME_LEN),
		address(),
		position(),
		1_200,
	)?;
	if certified {
		Charging::<T>::do_certify_station(id, true)?;
	}
	Ok(id)
}

/// A certified station with pile [`evse`] and its controller.
fn pile<T: Config>(parties: &Parties<T>) -> Result<(), BenchmarkError> {
	let id = station::<T>(parties, true)?;
	Charging::<T>::do_register_pile(
		parties.owner.clone(),
		id,
		evse(),
		(position(), text(MAX_TEXT_LEN), connectors::<T>()),
		tariff::<T>(),
		methods(),
	)?;
	T::BenchmarkHelper::pile_controller(&parties.owner, &parties.controller, &evse());
	Ok(())
}

fn details<T: Config>(parties: &Parties<T>) -> SealedSession {
	let keys = Charging::<T>::session_keys(&parties.payer, &parties.owner);
	let subject = Charging::<T>::session_subject(&None, &evse());
	SealedSession::new(placeholder_envelope(
		DataCategory::Charging,
		&subject,
		&keys,
		battery_primitives::sealed::ciphertext_len(MAX_SESSION_PLAINTEXT) as usize,
	))
}

/// A requested session at the pile (and started if `started`).
fn session<T: Config>(parties: &Parties<T>, started: bool) -> Result<SessionId, BenchmarkError> {
	pile::<T>(parties)?;
	let id = NextSessionId::<T>::get();
	Charging::<T>::do_request_session(
		parties.payer.clone(),
		(evse(), 1),
		None,
		(100_000, 120),
		details::<T>(parties),
	)?;
	if started {
		Charging::<T>::do_start_session(
			parties.controller.clone(),
			id,
			1_000_000,
			NOW_MS - 3_600_000,
		)?;
	}
	Ok(id)
}

/// A settled, disputed session.
fn disputed<T: Config>(parties: &Parties<T>) -> Result<SessionId, BenchmarkError> {
	let id = session::<T>(parties, true)?;
	Charging::<T>::do_stop_session(parties.controller.clone(), id, 1_080_000, NOW_MS, None)?;
	Charging::<T>::do_dispute_session(parties.payer.clone(), id, [1; 32])?;
	Ok(id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_station() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.owner.clone()),
			text(MAX_NAME_LEN),
			address(),
			position(),
			1_200,
		);

		assert_last_event::<T>(Event::StationRegistered { station: 0, owner: parties.owner });
		Ok(())
	}

	#[benchmark]
	fn certify_station() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = station::<T>(&parties, false)?;
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, true);

		assert_last_event::<T>(Event::StationStatusChanged {
			station: id,
			status: StationStatus::Certified,
		});
		Ok(())
	}

	#[benchmark]
	fn register_pile() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = station::<T>(&parties, true)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.owner.clone()),
			id,
			evse(),
			position(),
			text(MAX_TEXT_LEN),
			connectors::<T>(),
			tariff::<T>(),
			methods(),
		);

		assert_last_event::<T>(Event::PileRegistered { pile: evse(), station: id });
		Ok(())
	}

	#[benchmark]
	fn set_tariff() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		pile::<T>(&parties)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.owner.clone()), evse(), tariff::<T>());

		assert_last_event::<T>(Event::TariffChanged { pile: evse(), tariff: tariff::<T>() });
		Ok(())
	}

	#[benchmark]
	fn set_pile_status() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		pile::<T>(&parties)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.owner.clone()), evse(), PileStatus::OutOfOrder);

		assert_last_event::<T>(Event::PileStatusChanged {
			pile: evse(),
			status: PileStatus::OutOfOrder,
		});
		Ok(())
	}

	#[benchmark]
	fn request_session() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		pile::<T>(&parties)?;
		let details = details::<T>(&parties);

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.payer.clone()), evse(), 1, None, 100_000, 120, details);

		assert!(Sessions::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn start_session() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = session::<T>(&parties, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.controller.clone()), id, 1_000_000, NOW_MS);

		assert_last_event::<T>(Event::SessionStarted { session: id, meter_start_wh: 1_000_000 });
		Ok(())
	}

	#[benchmark]
	fn report_meter() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = session::<T>(&parties, true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.controller.clone()), id, 1_050_000, NOW_MS);

		assert_last_event::<T>(Event::MeterReported { session: id, meter_wh: 1_050_000 });
		Ok(())
	}

	#[benchmark]
	fn stop_session() -> Result<(), BenchmarkError> {
		// Pays the station, releases the rest, frees the pile.
		let parties = parties::<T>();
		let id = session::<T>(&parties, true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.controller.clone()), id, 1_080_000, NOW_MS, Some([7; 32]));

		assert!(matches!(
			Sessions::<T>::get(id).map(|s| s.status),
			Some(SessionStatus::Settled(_))
		));
		Ok(())
	}

	#[benchmark]
	fn cancel_session() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = session::<T>(&parties, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.payer.clone()), id);

		assert!(matches!(
			Sessions::<T>::get(id).map(|s| s.status),
			Some(SessionStatus::Cancelled { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn dispute_session() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = session::<T>(&parties, true)?;
		Charging::<T>::do_stop_session(parties.controller.clone(), id, 1_080_000, NOW_MS, None)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.payer.clone()), id, [1; 32]);

		assert_last_event::<T>(Event::SessionDisputed { session: id, reason: [1; 32] });
		Ok(())
	}

	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let id = disputed::<T>(&parties)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.owner.clone()), id, 1_000u32.into());

		assert_last_event::<T>(Event::DisputeResolved { session: id, refund: 1_000u32.into() });
		Ok(())
	}

	impl_benchmark_test_suite!(Charging, crate::mock::new_test_ext(), crate::mock::Test);
}
