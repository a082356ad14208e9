//! What pallet-battery tells the consortium: who may bind a BMS gateway to a battery, and who
//! still holds batteries (the custody index behind both), and its migration.

use super::*;
use crate::{migrations, CustodianBatteries, Pallet};
use battery_primitives::consortium::{
	BindingError, DeviceBinding, DeviceKind, MemberObligations, Obligation,
};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

fn binding(owner: &AccountId, kind: DeviceKind, battery: &BatteryId) -> Result<(), BindingError> {
	<Battery as DeviceBinding<_>>::check_binding(owner, kind, battery)
}

fn obligation(who: &AccountId) -> Option<Obligation> {
	<Battery as MemberObligations<_>>::obligation(who)
}

#[test]
fn gateway_binds_only_for_the_custodian() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(
			binding(&operator(), DeviceKind::BmsGateway, &gbt(1)),
			Err(BindingError::UnknownSubject)
		);
		in_service(&gbt(1));
		assert_eq!(binding(&operator(), DeviceKind::BmsGateway, &gbt(1)), Ok(()));
		// Its manufacturer and the carrier that delivered it no longer run it.
		for other in [manufacturer(), logistics()] {
			assert_eq!(
				binding(&other, DeviceKind::BmsGateway, &gbt(1)),
				Err(BindingError::NotSubjectOperator)
			);
		}
		// Sensors and pile controllers are bound to vehicles and piles, not checked here.
		assert_eq!(binding(&logistics(), DeviceKind::CollisionSensor, &gbt(1)), Ok(()));
	});
}

#[test]
fn gateway_binding_follows_custody_and_stops_at_a_closed_passport() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		assert_eq!(
			binding(&operator(), DeviceKind::BmsGateway, &gbt(1)),
			Err(BindingError::NotSubjectOperator)
		);
		assert_eq!(binding(&recycler(), DeviceKind::BmsGateway, &gbt(1)), Ok(()));
		step(&gbt(1), &recycler(), BatteryStatus::Waste);
		step(&gbt(1), &recycler(), BatteryStatus::Recycled);
		assert_eq!(
			binding(&recycler(), DeviceKind::BmsGateway, &gbt(1)),
			Err(BindingError::NotSubjectOperator)
		);
	});
}

#[test]
fn custodians_of_open_passports_have_an_obligation() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(obligation(&manufacturer()), None);
		register(&[gbt(1), gbt(2)]);
		assert_eq!(obligation(&manufacturer()), Some(Obligation::Batteries));
		assert_eq!(
			<Battery as MemberObligations<_>>::suspension_obligation(&manufacturer()),
			Some(Obligation::Batteries)
		);
		// One handed over: the manufacturer still holds the other.
		handover(&gbt(1), &manufacturer(), &logistics());
		assert_eq!(obligation(&manufacturer()), Some(Obligation::Batteries));
		assert_eq!(obligation(&logistics()), Some(Obligation::Batteries));
		handover(&gbt(2), &manufacturer(), &logistics());
		assert_eq!(obligation(&manufacturer()), None);
	});
}

#[test]
fn a_closed_passport_is_no_obligation() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		assert_eq!(obligation(&recycler()), Some(Obligation::Batteries));
		assert_eq!(obligation(&operator()), None);
		step(&gbt(1), &recycler(), BatteryStatus::Waste);
		step(&gbt(1), &recycler(), BatteryStatus::Recycled);
		assert_eq!(obligation(&recycler()), None);
	});
}

#[test]
fn migration_to_v2_indexes_open_passports() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1), gbt(2)]);
		// Older chains kept every battery's own record.
		own_record(&gbt(1));
		handover(&gbt(2), &manufacturer(), &logistics());
		with_recycler(&gbt(3));
		step(&gbt(3), &recycler(), BatteryStatus::Waste);
		step(&gbt(3), &recycler(), BatteryStatus::Recycled);
		// A chain at version 1 has no index, and its records carry the running mode.
		let _ = CustodianBatteries::<Test>::clear(u32::MAX, None);
		for (battery, record) in crate::Batteries::<Test>::iter() {
			let v1 = migrations::BatteryRecordV2 {
				manufacturer: record.manufacturer,
				factory_hash: record.factory_hash,
				status: record.status,
				status_since: record.status_since,
				registered_at: record.registered_at,
				custodian: record.custodian,
				frozen: record.frozen,
				assigned_user: record.assigned_user,
				running_mode: crate::RunningMode::Economy,
				life: record.life,
				predecessor: record.predecessor,
				successor: record.successor,
			};
			migrations::old::Batteries::<Test>::insert(&battery, v1);
		}
		StorageVersion::new(1).put::<Pallet<Test>>();
		assert_eq!(obligation(&manufacturer()), None);

		// The runtime's migrations, in order: the index from version 1 records, then the
		// version 3 layout.
		migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		assert!(CustodianBatteries::<Test>::contains_key(manufacturer(), gbt(1)));
		assert!(CustodianBatteries::<Test>::contains_key(logistics(), gbt(2)));
		assert_eq!(obligation(&recycler()), None);
		// A second run is a no-op.
		let before = CustodianBatteries::<Test>::iter().count();
		migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(CustodianBatteries::<Test>::iter().count(), before);

		migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(crate::Batteries::<Test>::iter().count(), 3);
		assert_eq!(crate::Batteries::<Test>::count(), 3);
	});
}
