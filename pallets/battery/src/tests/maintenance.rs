//! Maintenance records with sealed details: the recipients check, the kept ring, grants.

use super::*;
use crate::{Error, Event, GrantOf, MaintenanceCount, MaintenanceKind, MaintenanceLog};
use battery_primitives::{
	battery::{Date, MaintenanceEnvelope},
	consortium::DataCategory,
	sealed::{placeholder_envelope, ReaderPublicKey, SealedBody, WrappedKey},
};
use frame_support::assert_noop;
use sp_runtime::{BoundedVec, DispatchError::BadOrigin};

const OPERATOR_KEY: ReaderPublicKey = [0x11; 32];
const OPERATOR2_KEY: ReaderPublicKey = [0x12; 32];
const USER_KEY: ReaderPublicKey = [0x13; 32];
const RECYCLER_KEY: ReaderPublicKey = [0x14; 32];
const MANUFACTURER_KEY: ReaderPublicKey = [0x15; 32];
const AUTHORITY_KEY: ReaderPublicKey = [0x19; 32];

/// Everybody registers a reader key; the Authority's is set.
fn register_keys() {
	MockConsortium::set_reader_key(operator(), OPERATOR_KEY);
	MockConsortium::set_reader_key(operator2(), OPERATOR2_KEY);
	MockConsortium::set_reader_key(user(), USER_KEY);
	MockConsortium::set_reader_key(recycler(), RECYCLER_KEY);
	MockConsortium::set_reader_key(manufacturer(), MANUFACTURER_KEY);
	MockConsortium::set_authority_reader_key(AUTHORITY_KEY);
}

fn sealed_for(battery: &BatteryId, readers: &[ReaderPublicKey]) -> MaintenanceEnvelope {
	placeholder_envelope(DataCategory::Maintenance, battery, readers, 80)
}

fn add(who: &AccountId, battery: &BatteryId, details: MaintenanceEnvelope) -> DispatchResult {
	Battery::add_maintenance(
		RuntimeOrigin::signed(who.clone()),
		battery.clone(),
		Date::new(2026, 1, 1),
		MaintenanceKind::Inspection,
		details,
	)
}

/// A record by the operator, sealed for the operator and the Authority (nobody assigned).
fn maintain(battery: &BatteryId, date: Date) -> DispatchResult {
	Battery::add_maintenance(
		RuntimeOrigin::signed(operator()),
		battery.clone(),
		date,
		MaintenanceKind::Inspection,
		sealed_for(battery, &[AUTHORITY_KEY, OPERATOR_KEY]),
	)
}

fn wraps(readers: &[ReaderPublicKey]) -> GrantOf {
	BoundedVec::truncate_from(
		readers
			.iter()
			.map(|reader| WrappedKey { reader: *reader, ephemeral: [1; 32], wrapped: [2; 48] })
			.collect(),
	)
}

fn grant(
	who: &AccountId,
	battery: &BatteryId,
	index: u32,
	readers: &[ReaderPublicKey],
) -> DispatchResult {
	Battery::grant_maintenance(
		RuntimeOrigin::signed(who.clone()),
		battery.clone(),
		index,
		wraps(readers),
	)
}

fn readers_of(battery: &BatteryId, index: u32) -> Vec<ReaderPublicKey> {
	let log = MaintenanceLog::<Test>::get(battery).expect("records kept");
	let entry = log.iter().find(|entry| entry.index == index).expect("record kept");
	entry.details.reader_keys().copied().collect()
}

type DispatchResult = sp_runtime::DispatchResult;

#[test]
fn maintenance_keeps_the_latest_records_and_a_count() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		in_service(&gbt(1));
		for day in 1..=5u8 {
			System::set_block_number(u32::from(day) + 1);
			assert_ok!(maintain(&gbt(1), Date::new(2026, 1, day)));
			let Event::MaintenanceRecorded { battery, record } = last_event() else {
				panic!("maintenance event")
			};
			assert_eq!(battery, gbt(1));
			assert_eq!(record.index, u32::from(day) - 1);
			assert_eq!(record.date, Date::new(2026, 1, day));
			assert_eq!(record.operator, operator());
			assert_eq!(record.details, sealed_for(&gbt(1), &[AUTHORITY_KEY, OPERATOR_KEY]));
			assert_eq!(record.recorded_at, u32::from(day) + 1);
		}
		// MaxMaintenanceRecords is 3: records 2, 3 and 4 stay, 0 and 1 are only in events.
		let log = MaintenanceLog::<Test>::get(gbt(1)).unwrap();
		assert_eq!(log.iter().map(|r| r.index).collect::<Vec<_>>(), vec![2, 3, 4]);
		assert_eq!(MaintenanceCount::<Test>::get(gbt(1)), 5);
		// A retired battery is still maintained by its operator.
		step(&gbt(1), &operator(), BatteryStatus::Retired);
		assert_ok!(maintain(&gbt(1), Date::new(2026, 2, 1)));
	});
}

#[test]
fn details_are_sealed_for_exactly_the_scope_and_the_author() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		assigned(&gbt(1));
		let battery = gbt(1);
		let scope = [OPERATOR_KEY, USER_KEY, AUTHORITY_KEY];
		// The assigned user is in scope: leaving it out fails.
		assert_noop!(
			add(&operator(), &battery, sealed_for(&battery, &[OPERATOR_KEY, AUTHORITY_KEY])),
			Error::<Test>::MissingRecipient
		);
		// A competitor operator, the manufacturer (not in the Maintenance row) or a stray key.
		for stray in [OPERATOR2_KEY, MANUFACTURER_KEY, [0x77; 32]] {
			let mut keys = scope.to_vec();
			keys.push(stray);
			assert_noop!(
				add(&operator(), &battery, sealed_for(&battery, &keys)),
				Error::<Test>::UnexpectedRecipient
			);
		}
		let mut twice = scope.to_vec();
		twice.push(USER_KEY);
		assert_noop!(
			add(&operator(), &battery, sealed_for(&battery, &twice)),
			Error::<Test>::DuplicateRecipient
		);
		// Sealed for another battery or category.
		register(&[gbt(2)]);
		assert_noop!(
			add(&operator(), &battery, sealed_for(&gbt(2), &scope)),
			Error::<Test>::EnvelopeMismatch
		);
		let mut usage = sealed_for(&battery, &scope);
		usage.category = DataCategory::Usage;
		assert_noop!(add(&operator(), &battery, usage), Error::<Test>::EnvelopeMismatch);
		let mut short = sealed_for(&battery, &scope);
		short.body = SealedBody::Inline {
			nonce: [0; 24],
			ciphertext: BoundedVec::truncate_from(vec![1; 47]),
		};
		assert_noop!(add(&operator(), &battery, short), Error::<Test>::MalformedEnvelope);
		// In any order, each once.
		assert_ok!(add(
			&operator(),
			&battery,
			sealed_for(&battery, &[USER_KEY, AUTHORITY_KEY, OPERATOR_KEY])
		));
	});
}

#[test]
fn readers_without_a_key_are_left_out_but_someone_must_read() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		// Nobody registered a key: a record nobody can open is refused.
		assert_noop!(
			add(&operator(), &gbt(1), sealed_for(&gbt(1), &[])),
			Error::<Test>::NoRecipients
		);
		// Only the user has one: the record is sealed to the user alone.
		MockConsortium::set_reader_key(user(), USER_KEY);
		assert_ok!(add(&operator(), &gbt(1), sealed_for(&gbt(1), &[USER_KEY])));
	});
}

#[test]
fn maintenance_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		in_service(&gbt(1));
		let details = || sealed_for(&gbt(1), &[AUTHORITY_KEY, OPERATOR_KEY]);
		let date = Date::new(2026, 1, 1);
		let call = |who: &AccountId, battery: &BatteryId, date: Date| {
			Battery::add_maintenance(
				RuntimeOrigin::signed(who.clone()),
				battery.clone(),
				date,
				MaintenanceKind::Repair,
				details(),
			)
		};
		assert_noop!(
			Battery::add_maintenance(
				RuntimeOrigin::root(),
				gbt(1),
				date,
				MaintenanceKind::Repair,
				details()
			),
			BadOrigin
		);
		assert_noop!(call(&logistics(), &gbt(1), date), Error::<Test>::MissingRole);
		assert_noop!(call(&stranger(), &gbt(1), date), Error::<Test>::NotMember);
		assert_noop!(call(&operator(), &gbt(9), date), Error::<Test>::UnknownBattery);
		assert_noop!(call(&operator2(), &gbt(1), date), Error::<Test>::NotCustodian);
		assert_noop!(
			call(&operator(), &gbt(1), Date::new(2026, 2, 30)),
			Error::<Test>::InvalidDate
		);
		MaintenanceCount::<Test>::insert(gbt(1), u32::MAX);
		assert_noop!(call(&operator(), &gbt(1), date), Error::<Test>::CounterOverflow);
		MaintenanceCount::<Test>::remove(gbt(1));
		// A frozen battery is still maintained.
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_ok!(call(&operator(), &gbt(1), date));
	});
}

#[test]
fn maintenance_of_a_closed_passport_fails() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		with_recycler(&gbt(1));
		step(&gbt(1), &recycler(), BatteryStatus::Waste);
		step(&gbt(1), &recycler(), BatteryStatus::Recycled);
		// Even the custodian (with the Operator role) cannot add to a closed passport.
		MockConsortium::grant(recycler(), battery_primitives::consortium::Role::Operator);
		assert_noop!(
			add(&recycler(), &gbt(1), sealed_for(&gbt(1), &[AUTHORITY_KEY, RECYCLER_KEY])),
			Error::<Test>::PassportClosed
		);
	});
}

#[test]
fn a_reader_in_scope_grants_a_newcomer_access_to_kept_records() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		in_service(&gbt(1));
		assert_ok!(maintain(&gbt(1), Date::new(2026, 1, 1)));
		// The user is assigned after the record was written.
		assert_ok!(Battery::assign_user(RuntimeOrigin::signed(operator()), gbt(1), user()));
		assert_ok!(grant(&operator(), &gbt(1), 0, &[USER_KEY]));
		assert_eq!(
			last_event(),
			Event::MaintenanceAccessGranted {
				battery: gbt(1),
				index: 0,
				by: operator(),
				readers: BoundedVec::truncate_from(vec![USER_KEY]),
			}
		);
		assert_eq!(readers_of(&gbt(1), 0), vec![AUTHORITY_KEY, OPERATOR_KEY, USER_KEY]);
		// New records include the user; once unassigned, new records leave it out.
		assert_ok!(add(
			&operator(),
			&gbt(1),
			sealed_for(&gbt(1), &[AUTHORITY_KEY, OPERATOR_KEY, USER_KEY])
		));
		assert_ok!(Battery::unassign_user(RuntimeOrigin::signed(operator()), gbt(1)));
		assert_noop!(
			add(
				&operator(),
				&gbt(1),
				sealed_for(&gbt(1), &[AUTHORITY_KEY, OPERATOR_KEY, USER_KEY])
			),
			Error::<Test>::UnexpectedRecipient
		);
		assert_ok!(maintain(&gbt(1), Date::new(2026, 1, 2)));
	});
}

#[test]
fn grant_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		in_service(&gbt(1));
		assert_ok!(maintain(&gbt(1), Date::new(2026, 1, 1)));
		assert_ok!(Battery::assign_user(RuntimeOrigin::signed(operator()), gbt(1), user()));
		assert_noop!(
			Battery::grant_maintenance(RuntimeOrigin::root(), gbt(1), 0, wraps(&[USER_KEY])),
			BadOrigin
		);
		assert_noop!(grant(&operator(), &gbt(9), 0, &[USER_KEY]), Error::<Test>::UnknownBattery);
		assert_noop!(grant(&operator(), &gbt(1), 1, &[USER_KEY]), Error::<Test>::UnknownRecord);
		// A competitor operator is not in scope, and cannot be granted either.
		assert_noop!(grant(&operator2(), &gbt(1), 0, &[USER_KEY]), Error::<Test>::NotInScope);
		assert_noop!(grant(&stranger(), &gbt(1), 0, &[USER_KEY]), Error::<Test>::NotInScope);
		assert_noop!(
			grant(&operator(), &gbt(1), 0, &[USER_KEY, OPERATOR2_KEY]),
			Error::<Test>::UnexpectedRecipient
		);
		assert_noop!(
			grant(&operator(), &gbt(1), 0, &[OPERATOR_KEY]),
			Error::<Test>::AlreadyRecipient
		);
		assert_noop!(
			grant(&operator(), &gbt(1), 0, &[USER_KEY, USER_KEY]),
			Error::<Test>::DuplicateRecipient
		);
		assert_noop!(grant(&operator(), &gbt(1), 0, &[]), Error::<Test>::EmptyGrant);
		// The Authority (every active member) reads, so it may grant.
		assert_ok!(grant(&authority(), &gbt(1), 0, &[USER_KEY]));
	});
}

#[test]
fn grants_stop_at_the_reader_bound() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		in_service(&gbt(1));
		assert_ok!(maintain(&gbt(1), Date::new(2026, 1, 1)));
		// Fill the record up to MAX_SEALED_READERS with keys that are in scope by rotation: each
		// new user key is in scope while it is current.
		let bound = battery_primitives::sealed::MAX_SEALED_READERS as usize;
		let mut log = MaintenanceLog::<Test>::get(gbt(1)).unwrap();
		let fill: Vec<ReaderPublicKey> = (0..bound - 2).map(|i| [0x40 + i as u8; 32]).collect();
		for key in &fill {
			log[0]
				.details
				.readers
				.try_push(WrappedKey { reader: *key, ephemeral: [0; 32], wrapped: [0; 48] })
				.unwrap();
		}
		MaintenanceLog::<Test>::insert(gbt(1), log);
		assert_ok!(Battery::assign_user(RuntimeOrigin::signed(operator()), gbt(1), user()));
		assert_noop!(grant(&operator(), &gbt(1), 0, &[USER_KEY]), Error::<Test>::TooManyRecipients);
	});
}

#[test]
fn migration_to_v3_removes_plaintext_records_and_keeps_counts() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		// A version 2 log: (index, date, kind, summary, document hash, operator, recorded at).
		let old = vec![(
			0u32,
			Date::new(2025, 5, 1),
			MaintenanceKind::Repair,
			b"replaced module 3 after a coolant leak".to_vec(),
			[5u8; 32],
			operator(),
			1u32,
		)];
		let key = MaintenanceLog::<Test>::hashed_key_for(gbt(1));
		frame_support::storage::unhashed::put_raw(&key, &codec::Encode::encode(&old));
		MaintenanceCount::<Test>::insert(gbt(1), 1);
		// Version 2 battery records carry the running mode in plaintext.
		let current = record(&gbt(1));
		let v2 = crate::migrations::v3::BatteryRecordV2 {
			manufacturer: current.manufacturer.clone(),
			factory_hash: current.factory_hash,
			status: current.status,
			status_since: current.status_since,
			registered_at: current.registered_at,
			custodian: current.custodian.clone(),
			frozen: current.frozen,
			assigned_user: Some(user()),
			running_mode: crate::RunningMode::VehicleToGrid,
			life: current.life,
			predecessor: None,
			successor: None,
		};
		let record_key = crate::Batteries::<Test>::hashed_key_for(gbt(1));
		frame_support::storage::unhashed::put_raw(&record_key, &codec::Encode::encode(&v2));
		StorageVersion::new(2).put::<crate::Pallet<Test>>();

		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();

		assert_eq!(crate::Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(3));
		assert!(frame_support::storage::unhashed::get_raw(&key).is_none());
		assert_eq!(MaintenanceCount::<Test>::get(gbt(1)), 1);
		let migrated = record(&gbt(1));
		assert_eq!(migrated.assigned_user, Some(user()));
		assert_eq!((migrated.custodian, migrated.status), (current.custodian, current.status));
		assert_eq!(crate::Batteries::<Test>::count(), 1);
		assert!(crate::RunningModes::<Test>::get(gbt(1)).is_none());
		// New records continue the numbering (the assignment stayed: the user is in scope).
		register_keys();
		assert_ok!(Battery::unassign_user(RuntimeOrigin::signed(operator()), gbt(1)));
		assert_ok!(maintain(&gbt(1), Date::new(2026, 1, 1)));
		assert_eq!(readers_of(&gbt(1), 1), vec![AUTHORITY_KEY, OPERATOR_KEY]);
	});
}

#[test]
fn only_a_reader_of_the_record_grants_it() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		in_service(&gbt(1));
		assert_ok!(maintain(&gbt(1), Date::new(2026, 1, 1)));
		assert_ok!(Battery::assign_user(RuntimeOrigin::signed(operator()), gbt(1), user()));
		// The user is in scope but not on the record: it cannot have opened it.
		assert_noop!(grant(&user(), &gbt(1), 0, &[USER_KEY]), Error::<Test>::NotRecipient);
		// With the Authority's key replaced, no Authority member is a reader of the old record.
		MockConsortium::set_authority_reader_key([0x1a; 32]);
		assert_noop!(grant(&authority(), &gbt(1), 0, &[USER_KEY]), Error::<Test>::NotRecipient);
		assert_ok!(grant(&operator(), &gbt(1), 0, &[USER_KEY]));
	});
}

#[test]
fn a_reader_who_rotated_rewraps_for_its_new_key_without_growing_the_record() {
	ExtBuilder::default().build_and_execute(|| {
		register_keys();
		in_service(&gbt(1));
		assert_ok!(maintain(&gbt(1), Date::new(2026, 1, 1)));
		// The operator rotates: its old key stays its own (retired), the new one is in scope.
		let rotated = [0x21; 32];
		MockConsortium::set_reader_key(operator(), rotated);
		// Another reader may not add a second wrap for the operator next to its old one.
		assert_noop!(grant(&authority(), &gbt(1), 0, &[rotated]), Error::<Test>::AlreadyRecipient);
		// The operator itself may: its old wrap gives way.
		assert_ok!(grant(&operator(), &gbt(1), 0, &[rotated]));
		assert_eq!(readers_of(&gbt(1), 0), vec![AUTHORITY_KEY, rotated]);
		// Rotating again and re-wrapping never fills the record.
		for n in 0..20u8 {
			let next = [0x50 + n; 32];
			MockConsortium::set_reader_key(operator(), next);
			assert_ok!(grant(&operator(), &gbt(1), 0, &[next]));
		}
		assert_eq!(readers_of(&gbt(1), 0).len(), 2);
	});
}
