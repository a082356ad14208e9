use super::*;
use crate::{Error, Event, MaintenanceCount, MaintenanceKind, MaintenanceLog, RunningMode};
use battery_primitives::{battery::Date, consortium::BatteryScope};
use frame_support::assert_noop;
use sp_runtime::DispatchError::BadOrigin;

fn assign(who: &AccountId, battery: &BatteryId, user: &AccountId) -> sp_runtime::DispatchResult {
	Battery::assign_user(RuntimeOrigin::signed(who.clone()), battery.clone(), user.clone())
}

fn mode(who: &AccountId, battery: &BatteryId, mode: RunningMode) -> sp_runtime::DispatchResult {
	Battery::set_running_mode(RuntimeOrigin::signed(who.clone()), battery.clone(), mode)
}

fn maintain(who: &AccountId, battery: &BatteryId, date: Date) -> sp_runtime::DispatchResult {
	Battery::add_maintenance(
		RuntimeOrigin::signed(who.clone()),
		battery.clone(),
		date,
		MaintenanceKind::Inspection,
		b"annual inspection".to_vec().try_into().unwrap(),
		[5; 32],
	)
}

#[test]
fn assign_and_unassign_a_user() {
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		assert!(!<Battery as BatteryScope<_, _>>::is_assigned_user(&user(), &gbt(1)));
		assert_ok!(assign(&operator(), &gbt(1), &user()));
		assert_eq!(
			last_event(),
			Event::UserAssigned { battery: gbt(1), operator: operator(), user: user() }
		);
		assert_eq!(record(&gbt(1)).assigned_user, Some(user()));
		assert!(<Battery as BatteryScope<_, _>>::is_assigned_user(&user(), &gbt(1)));
		assert!(!<Battery as BatteryScope<_, _>>::is_commissioned_recycler(&recycler(), &gbt(1)));
		assert_ok!(mode(&user(), &gbt(1), RunningMode::Performance));
		assert_ok!(Battery::unassign_user(RuntimeOrigin::signed(operator()), gbt(1)));
		assert_eq!(
			last_event(),
			Event::UserUnassigned { battery: gbt(1), operator: operator(), user: user() }
		);
		let r = record(&gbt(1));
		assert_eq!(r.assigned_user, None);
		assert_eq!(r.running_mode, RunningMode::Normal);
		assert!(!<Battery as BatteryScope<_, _>>::is_assigned_user(&user(), &gbt(1)));
	});
}

#[test]
fn assign_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(2)]);
		in_service(&gbt(1));
		let op = operator();
		assert_noop!(Battery::assign_user(RuntimeOrigin::root(), gbt(1), user()), BadOrigin);
		assert_noop!(assign(&stranger(), &gbt(1), &user()), Error::<Test>::NotMember);
		assert_noop!(assign(&logistics(), &gbt(1), &user()), Error::<Test>::MissingRole);
		assert_noop!(assign(&op, &gbt(9), &user()), Error::<Test>::UnknownBattery);
		assert_noop!(assign(&op, &gbt(2), &user()), Error::<Test>::NotInService);
		assert_noop!(assign(&operator2(), &gbt(1), &user()), Error::<Test>::NotCustodian);
		assert_noop!(assign(&op, &gbt(1), &stranger()), Error::<Test>::NotUserOfOperator);
		// A user of another operator.
		MockConsortium::register_user(operator2(), account("User2"));
		assert_noop!(assign(&op, &gbt(1), &account("User2")), Error::<Test>::NotUserOfOperator);
		assert_ok!(assign(&op, &gbt(1), &user()));
		assert_noop!(assign(&op, &gbt(1), &user()), Error::<Test>::AlreadyAssigned);
		assert_ok!(Battery::unassign_user(RuntimeOrigin::signed(op.clone()), gbt(1)));
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(assign(&op, &gbt(1), &user()), Error::<Test>::BatteryFrozen);
		MockConsortium::suspend(&op);
		assert_noop!(assign(&op, &gbt(1), &user()), Error::<Test>::MemberSuspended);
	});
}

#[test]
fn unassign_errors() {
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		let unassign = |who: AccountId| Battery::unassign_user(RuntimeOrigin::signed(who), gbt(1));
		assert_noop!(Battery::unassign_user(RuntimeOrigin::root(), gbt(1)), BadOrigin);
		assert_noop!(unassign(operator()), Error::<Test>::NotAssigned);
		assert_ok!(assign(&operator(), &gbt(1), &user()));
		assert_noop!(unassign(logistics()), Error::<Test>::MissingRole);
		assert_noop!(unassign(operator2()), Error::<Test>::NotCustodian);
		assert_noop!(
			Battery::unassign_user(RuntimeOrigin::signed(operator()), gbt(9)),
			Error::<Test>::UnknownBattery
		);
		// A frozen battery can still be unassigned.
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_ok!(unassign(operator()));
	});
}

#[test]
fn the_assigned_user_sets_the_running_mode() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		assert_eq!(record(&gbt(1)).running_mode, RunningMode::Normal);
		assert_ok!(mode(&user(), &gbt(1), RunningMode::VehicleToGrid));
		assert_eq!(
			last_event(),
			Event::RunningModeSet {
				battery: gbt(1),
				user: user(),
				mode: RunningMode::VehicleToGrid
			}
		);
		assert_eq!(record(&gbt(1)).running_mode, RunningMode::VehicleToGrid);
	});
}

#[test]
fn running_mode_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		assert_noop!(
			Battery::set_running_mode(RuntimeOrigin::root(), gbt(1), RunningMode::Economy),
			BadOrigin
		);
		assert_noop!(mode(&user(), &gbt(9), RunningMode::Economy), Error::<Test>::UnknownBattery);
		assert_noop!(
			mode(&operator(), &gbt(1), RunningMode::Economy),
			Error::<Test>::NotAssignedUser
		);
		assert_noop!(
			mode(&stranger(), &gbt(1), RunningMode::Economy),
			Error::<Test>::NotAssignedUser
		);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(mode(&user(), &gbt(1), RunningMode::Economy), Error::<Test>::BatteryFrozen);
		// The user's only operator is suspended: the user holds no role.
		MockConsortium::suspend(operator());
		assert_noop!(mode(&user(), &gbt(1), RunningMode::Economy), Error::<Test>::MemberSuspended);
		// Removed by its operator: not a user any more.
		MockConsortium::remove_user(operator(), user());
		assert_noop!(mode(&user(), &gbt(1), RunningMode::Economy), Error::<Test>::NotMember);
	});
}

#[test]
fn maintenance_keeps_the_latest_records_and_a_count() {
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		for day in 1..=5u8 {
			System::set_block_number(u32::from(day) + 1);
			assert_ok!(maintain(&operator(), &gbt(1), Date::new(2026, 1, day)));
			let crate::Event::MaintenanceRecorded { battery, record } = last_event() else {
				panic!("maintenance event")
			};
			assert_eq!(battery, gbt(1));
			assert_eq!(record.index, u32::from(day) - 1);
			assert_eq!(record.date, Date::new(2026, 1, day));
			assert_eq!(record.operator, operator());
			assert_eq!(record.document_hash, [5; 32]);
			assert_eq!(record.recorded_at, u32::from(day) + 1);
		}
		// MaxMaintenanceRecords is 3: records 2, 3 and 4 stay, 0 and 1 are only in events.
		let log = MaintenanceLog::<Test>::get(gbt(1)).unwrap();
		assert_eq!(log.iter().map(|r| r.index).collect::<Vec<_>>(), vec![2, 3, 4]);
		assert_eq!(MaintenanceCount::<Test>::get(gbt(1)), 5);
		// A retired battery is still maintained by its operator.
		step(&gbt(1), &operator(), BatteryStatus::Retired);
		assert_ok!(maintain(&operator(), &gbt(1), Date::new(2026, 2, 1)));
	});
}

#[test]
fn maintenance_errors() {
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		let date = Date::new(2026, 1, 1);
		assert_noop!(
			Battery::add_maintenance(
				RuntimeOrigin::root(),
				gbt(1),
				date,
				MaintenanceKind::Repair,
				Default::default(),
				[0; 32]
			),
			BadOrigin
		);
		assert_noop!(maintain(&logistics(), &gbt(1), date), Error::<Test>::MissingRole);
		assert_noop!(maintain(&stranger(), &gbt(1), date), Error::<Test>::NotMember);
		assert_noop!(maintain(&operator(), &gbt(9), date), Error::<Test>::UnknownBattery);
		assert_noop!(maintain(&operator2(), &gbt(1), date), Error::<Test>::NotCustodian);
		assert_noop!(
			maintain(&operator(), &gbt(1), Date::new(2026, 2, 30)),
			Error::<Test>::InvalidDate
		);
		MaintenanceCount::<Test>::insert(gbt(1), u32::MAX);
		assert_noop!(maintain(&operator(), &gbt(1), date), Error::<Test>::CounterOverflow);
		MaintenanceCount::<Test>::remove(gbt(1));
		// A frozen battery is still maintained.
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_ok!(maintain(&operator(), &gbt(1), date));
	});
}

#[test]
fn maintenance_of_a_closed_passport_fails() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		step(&gbt(1), &recycler(), BatteryStatus::Waste);
		step(&gbt(1), &recycler(), BatteryStatus::Recycled);
		// Even the custodian (with the Operator role) cannot add to a closed passport.
		MockConsortium::grant(recycler(), battery_primitives::consortium::Role::Operator);
		assert_noop!(
			maintain(&recycler(), &gbt(1), Date::new(2026, 1, 1)),
			Error::<Test>::PassportClosed
		);
	});
}
