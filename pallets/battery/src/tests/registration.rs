use super::*;
use crate::{weights::WeightInfo, Error, Event, FactoryData, FactoryRecords, IdScheme, Life};
use battery_primitives::{battery::Date, consortium::Role};
use frame_support::{assert_noop, dispatch::GetDispatchInfo};
use sp_runtime::DispatchError::BadOrigin;

#[test]
fn register_batch_works() {
	ExtBuilder::default().build_and_execute(|| {
		let ids = [gbt(1), gbt(2), gs1(3)];
		register(&ids);
		let hash = factory().hash();
		assert_eq!(FactoryRecords::<Test>::get(hash), Some(factory()));
		// One lot of three; no battery has its own record yet.
		let lot = crate::Lots::<Test>::get(0).expect("lot 0");
		assert_eq!((lot.manufacturer, lot.size, lot.unchanged), (manufacturer(), 3, 3));
		assert_eq!(Batteries::<Test>::count(), 0);
		for battery in &ids {
			let r = record(battery);
			assert_eq!(r.manufacturer, manufacturer());
			assert_eq!(r.custodian, manufacturer());
			assert_eq!(r.factory_hash, hash);
			assert_eq!(r.status, BatteryStatus::Manufactured);
			assert_eq!(r.registered_at, 1);
			assert_eq!(r.life, Life::Original);
			assert!(!r.frozen && r.assigned_user.is_none() && r.predecessor.is_none());
		}
		let registered: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Battery(Event::BatteryRegistered { battery, scheme, .. }) => {
					Some((battery, scheme))
				},
				_ => None,
			})
			.collect();
		assert_eq!(
			registered,
			vec![
				(gbt(1), IdScheme::Gbt34014),
				(gbt(2), IdScheme::Gbt34014),
				(gs1(3), IdScheme::Gs1)
			]
		);
		assert_eq!(
			last_event(),
			Event::LotRegistered { lot: 0, manufacturer: manufacturer(), size: 3 }
		);
	});
}

#[test]
fn factory_data_is_shared_and_never_changes() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let first = record(&gbt(1)).factory_hash;
		let mut other = factory();
		other.rated_capacity_mah = 200_000;
		assert_ok!(Battery::register_batteries(
			RuntimeOrigin::signed(manufacturer()),
			other.clone(),
			batch(&[gbt(2)])
		));
		assert_eq!(FactoryRecords::<Test>::get(first), Some(factory()));
		assert_eq!(FactoryRecords::<Test>::get(other.hash()), Some(other));
		assert_eq!(record(&gbt(1)).factory_hash, first);
		// Same data again: stored once, shared.
		register(&[gbt(3)]);
		assert_eq!(record(&gbt(3)).factory_hash, first);
		assert_eq!(FactoryRecords::<Test>::iter().count(), 2);
	});
}

#[test]
fn registration_is_weighed_by_count() {
	ExtBuilder::default().build_and_execute(|| {
		let call = |n: u32| crate::Call::<Test>::register_batteries {
			factory: factory(),
			ids: batch(&(0..n).map(gbt).collect::<Vec<_>>()),
		};
		// Serials 0 to 7 share one id stem: the ids' weight and one stem's.
		let one_stem = |n: u32| Battery::registration_weight(&(0..n).map(gbt).collect::<Vec<_>>());
		assert_eq!(call(1).get_dispatch_info().call_weight, one_stem(1));
		assert_eq!(call(8).get_dispatch_info().call_weight, one_stem(8));
		assert!(one_stem(8).ref_time() > <() as WeightInfo>::register_batteries(8).ref_time());
		assert!(<() as WeightInfo>::register_batteries(8)
			.all_gt(<() as WeightInfo>::register_batteries(1)));
	});
}

#[test]
fn register_origin_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let ids = batch(&[gbt(1)]);
		assert_noop!(
			Battery::register_batteries(RuntimeOrigin::root(), factory(), ids.clone()),
			BadOrigin
		);
		assert_noop!(
			Battery::register_batteries(RuntimeOrigin::signed(stranger()), factory(), ids.clone()),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Battery::register_batteries(RuntimeOrigin::signed(operator()), factory(), ids.clone()),
			Error::<Test>::MissingRole
		);
		MockConsortium::suspend(manufacturer());
		assert_noop!(
			Battery::register_batteries(RuntimeOrigin::signed(manufacturer()), factory(), ids),
			Error::<Test>::MemberSuspended
		);
	});
}

fn register_fails(ids: &[BatteryId], factory: FactoryData, error: Error<Test>) {
	assert_noop!(
		Battery::register_batteries(RuntimeOrigin::signed(manufacturer()), factory, batch(ids)),
		error
	);
}

#[test]
fn invalid_ids_are_rejected_with_their_reason() {
	ExtBuilder::default().build_and_execute(|| {
		let f = factory;
		register_fails(
			&[gbt(1), raw_id(b"CATL-2025-0000000000000001")],
			f(),
			Error::UnknownIdFormat,
		);
		register_fails(&[raw_id(b"03HXE0A2D000C7LB50000081")], f(), Error::InvalidGbtCode);
		register_fails(&[raw_id(b"03HPE0A2D000C7LD50000081")], f(), Error::InvalidGbtCode);
		register_fails(&[raw_id(b"(01)0400638133393(21)SN")], f(), Error::InvalidGtin);
		register_fails(&[raw_id(b"(01)04006381333932(21)SN")], f(), Error::GtinCheckDigit);
		register_fails(&[raw_id(b"(01)04006381333931(21)")], f(), Error::InvalidSerial);
		register_fails(&[raw_id(b"(01)04006381333931(21)S N")], f(), Error::InvalidSerial);
	});
}

#[test]
fn invalid_factory_data_is_rejected_with_its_reason() {
	ExtBuilder::default().build_and_execute(|| {
		let ids = [gbt(1)];
		let mut f = factory();
		f.model = Default::default();
		register_fails(&ids, f, Error::EmptyModel);
		let mut f = factory();
		f.model = vec![0xc3, 0x28].try_into().unwrap();
		register_fails(&ids, f, Error::InvalidText);
		let mut f = factory();
		f.manufacturing_date = Date::new(2025, 13, 1);
		register_fails(&ids, f, Error::InvalidDate);
		let mut f = factory();
		f.rated_capacity_mah = 0;
		register_fails(&ids, f, Error::ZeroRating);
		let mut f = factory();
		f.min_voltage_mv = 400_000;
		register_fails(&ids, f, Error::InvalidVoltageRange);
	});
}

#[test]
fn empty_duplicate_and_known_ids_fail() {
	ExtBuilder::default().build_and_execute(|| {
		register_fails(&[], factory(), Error::EmptyBatch);
		register_fails(&[gbt(1), gbt(2), gbt(1)], factory(), Error::DuplicateId);
		register(&[gbt(1)]);
		// The whole batch is refused, the new id included.
		register_fails(&[gbt(2), gbt(1)], factory(), Error::AlreadyRegistered);
		assert!(!Battery::is_registered(&gbt(2)));
		// Another manufacturer cannot take the id either.
		MockConsortium::grant(manufacturer2(), Role::Manufacturer);
		assert_noop!(
			Battery::register_batteries(
				RuntimeOrigin::signed(manufacturer2()),
				factory(),
				batch(&[gbt(1)])
			),
			Error::<Test>::AlreadyRegistered
		);
	});
}
