use super::*;
use crate::{BatteryLifecycle, Error, Event};
use frame_support::assert_noop;
use sp_runtime::DispatchError::BadOrigin;
use BatteryStatus::*;

fn transition(
	battery: &BatteryId,
	who: &AccountId,
	to: BatteryStatus,
) -> sp_runtime::DispatchResult {
	Battery::transition(RuntimeOrigin::signed(who.clone()), battery.clone(), to)
}

#[test]
fn the_whole_lifecycle_to_recycled() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let battery = gbt(1);
		handover(&battery, &manufacturer(), &logistics());
		System::set_block_number(5);
		step(&battery, &logistics(), InTransit);
		assert_eq!(
			last_event(),
			Event::StatusChanged {
				battery: battery.clone(),
				from: Manufactured,
				to: InTransit,
				by: logistics()
			}
		);
		assert_eq!(record(&battery).status_since, 5);
		handover(&battery, &logistics(), &operator());
		step(&battery, &operator(), InService);
		step(&battery, &operator(), Retired);
		handover(&battery, &operator(), &recycler());
		step(&battery, &recycler(), WithRecycler);
		step(&battery, &recycler(), Waste);
		step(&battery, &recycler(), Recycled);
		assert_eq!(
			last_event(),
			Event::StatusChanged {
				battery: battery.clone(),
				from: Waste,
				to: Recycled,
				by: recycler()
			}
		);
		// Closed, still resolvable.
		assert_eq!(record(&battery).status, Recycled);
		assert!(Battery::passport(&battery).is_some());
		assert_noop!(transition(&battery, &recycler(), Waste), Error::<Test>::IllegalTransition);
	});
}

#[test]
fn illegal_transitions_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let battery = gbt(1);
		let m = manufacturer();
		assert_noop!(transition(&battery, &m, InService), Error::<Test>::IllegalTransition);
		assert_noop!(transition(&battery, &m, Manufactured), Error::<Test>::IllegalTransition);
		assert_noop!(transition(&battery, &m, Recycled), Error::<Test>::IllegalTransition);
		with_recycler(&gbt(2));
		assert_noop!(
			transition(&gbt(2), &recycler(), Repurposed),
			Error::<Test>::SuccessorRequired
		);
		assert_noop!(transition(&gbt(2), &recycler(), InService), Error::<Test>::IllegalTransition);
	});
}

#[test]
fn each_transition_has_one_role_and_needs_the_custodian() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let battery = gbt(1);
		assert_noop!(
			Battery::transition(RuntimeOrigin::root(), battery.clone(), InTransit),
			BadOrigin
		);
		// The manufacturer holds it, but InTransit is the carrier's transition.
		assert_noop!(transition(&battery, &manufacturer(), InTransit), Error::<Test>::MissingRole);
		assert_noop!(transition(&battery, &stranger(), InTransit), Error::<Test>::NotMember);
		// The carrier has the role but not the battery.
		assert_noop!(transition(&battery, &logistics(), InTransit), Error::<Test>::NotCustodian);
		handover(&battery, &manufacturer(), &logistics());
		MockConsortium::suspend(logistics());
		assert_noop!(transition(&battery, &logistics(), InTransit), Error::<Test>::MemberSuspended);
		assert_noop!(transition(&gbt(9), &logistics(), InTransit), Error::<Test>::UnknownBattery);
	});
}

#[test]
fn a_frozen_or_assigned_battery_does_not_move() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		assert_noop!(transition(&gbt(1), &operator(), Retired), Error::<Test>::StillAssigned);
		assert_ok!(Battery::unassign_user(RuntimeOrigin::signed(operator()), gbt(1)));
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(transition(&gbt(1), &operator(), Retired), Error::<Test>::BatteryFrozen);
		assert_ok!(Battery::unfreeze(RuntimeOrigin::signed(authority()), gbt(1)));
		step(&gbt(1), &operator(), Retired);
	});
}

#[test]
fn freeze_and_unfreeze() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_eq!(last_event(), Event::Frozen { battery: gbt(1), authority: authority() });
		assert!(record(&gbt(1)).frozen);
		assert!(<Battery as BatteryLifecycle<_>>::is_frozen(&gbt(1)));
		assert_ok!(Battery::unfreeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_eq!(last_event(), Event::Unfrozen { battery: gbt(1), authority: authority() });
		assert!(!record(&gbt(1)).frozen);
	});
}

#[test]
fn freeze_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let freeze = |who: AccountId, battery| Battery::freeze(RuntimeOrigin::signed(who), battery);
		let unfreeze =
			|who: AccountId, battery| Battery::unfreeze(RuntimeOrigin::signed(who), battery);
		assert_noop!(Battery::freeze(RuntimeOrigin::root(), gbt(1)), BadOrigin);
		assert_noop!(Battery::unfreeze(RuntimeOrigin::root(), gbt(1)), BadOrigin);
		assert_noop!(freeze(operator(), gbt(1)), Error::<Test>::MissingRole);
		assert_noop!(freeze(stranger(), gbt(1)), Error::<Test>::NotMember);
		assert_noop!(freeze(authority(), gbt(9)), Error::<Test>::UnknownBattery);
		assert_noop!(unfreeze(authority(), gbt(1)), Error::<Test>::NotFrozen);
		assert_ok!(freeze(authority(), gbt(1)));
		assert_noop!(freeze(authority(), gbt(1)), Error::<Test>::AlreadyFrozen);
		assert_noop!(unfreeze(manufacturer(), gbt(1)), Error::<Test>::MissingRole);
		MockConsortium::suspend(authority());
		assert_noop!(unfreeze(authority(), gbt(1)), Error::<Test>::MemberSuspended);
	});
}

#[test]
fn other_pallets_drive_transitions_through_the_trait() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		type L = Battery;
		assert_eq!(<L as BatteryLifecycle<_>>::status(&gbt(1)), Some(Manufactured));
		assert_eq!(<L as BatteryLifecycle<_>>::status(&gbt(9)), None);
		assert_noop!(
			<L as BatteryLifecycle<_>>::transition(&logistics(), &gbt(1), InTransit),
			Error::<Test>::NotCustodian
		);
		assert_ok!(<L as BatteryLifecycle<_>>::set_custodian(
			&gbt(1),
			&logistics(),
			crate::CustodyVia::Handover
		));
		assert_ok!(<L as BatteryLifecycle<_>>::transition(&logistics(), &gbt(1), InTransit));
		assert_eq!(
			last_event(),
			Event::StatusChanged {
				battery: gbt(1),
				from: Manufactured,
				to: InTransit,
				by: logistics()
			}
		);
		assert_noop!(
			<L as BatteryLifecycle<_>>::transition(&logistics(), &gbt(1), InService),
			Error::<Test>::MissingRole
		);
	});
}
