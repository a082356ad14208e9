//! The write holes an attacking member would try: a BMS gateway for a battery it does not
//! operate, stranding batteries by removal or suspension, a suspended member gaining roles.

use super::*;
use crate::{DeviceKind, Devices, Error, MemberStatus, Members, Obligation, Role};
use frame_support::{assert_noop, assert_ok};

const GATEWAY: AccountId = 75;

#[test]
fn gateway_only_by_the_batterys_custodian() {
	ExtBuilder::default().build_and_execute(|| {
		// A second operator tries to bind a gateway to a battery OPERATOR custodies.
		admit(ALICE, Role::Operator);
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(ALICE),
				GATEWAY,
				DeviceKind::BmsGateway,
				subject(BATTERY)
			),
			Error::<Test>::NotSubjectOperator
		);
		// The approval origin cannot register it for the wrong owner either.
		assert_noop!(
			Consortium::force_register_device(
				RuntimeOrigin::root(),
				ALICE,
				GATEWAY,
				DeviceKind::BmsGateway,
				subject(BATTERY)
			),
			Error::<Test>::NotSubjectOperator
		);
		// A battery custodied by a non-operator (in transit), and one that does not exist.
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(OPERATOR),
				GATEWAY,
				DeviceKind::BmsGateway,
				subject(FOREIGN_BATTERY)
			),
			Error::<Test>::NotSubjectOperator
		);
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(OPERATOR),
				GATEWAY,
				DeviceKind::BmsGateway,
				subject(b"NO-SUCH-BATTERY")
			),
			Error::<Test>::UnknownSubject
		);
		// Once ALICE custodies the battery, it may.
		MockDeviceBinding::custody(ALICE, BATTERY);
		assert_ok!(Consortium::register_device(
			RuntimeOrigin::signed(ALICE),
			GATEWAY,
			DeviceKind::BmsGateway,
			subject(BATTERY)
		));
		assert_eq!(Devices::<Test>::get(GATEWAY).map(|d| d.owner), Some(ALICE));
	});
}

#[test]
fn member_with_obligations_is_not_removed() {
	ExtBuilder::default().build_and_execute(|| {
		for (obligation, error) in [
			(Obligation::Batteries, Error::<Test>::MemberHoldsBatteries),
			(Obligation::EstimatorKeys, Error::<Test>::MemberHasEstimatorKeys),
		] {
			MockObligations::set(MANUFACTURER, Some(obligation));
			assert_noop!(
				Consortium::remove_member(RuntimeOrigin::root(), MANUFACTURER, false),
				error
			);
		}
		MockObligations::set(MANUFACTURER, None);
		assert_ok!(Consortium::remove_member(RuntimeOrigin::root(), MANUFACTURER, false));
		assert!(!Members::<Test>::contains_key(MANUFACTURER));
	});
}

#[test]
fn custodian_of_batteries_is_not_suspended() {
	ExtBuilder::default().build_and_execute(|| {
		MockObligations::set(MANUFACTURER, Some(Obligation::Batteries));
		assert_noop!(
			Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER),
			Error::<Test>::MemberHoldsBatteries
		);
		// Estimator keys are only paused by a suspension: it goes ahead.
		MockObligations::set(MANUFACTURER, Some(Obligation::EstimatorKeys));
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_eq!(
			Members::<Test>::get(MANUFACTURER).map(|m| m.status),
			Some(MemberStatus::Suspended)
		);
		// An unknown account is reported as such even with an obligation answer.
		MockObligations::set(ALICE, Some(Obligation::Batteries));
		assert_noop!(
			Consortium::suspend_member(RuntimeOrigin::root(), ALICE),
			Error::<Test>::NotMember
		);
	});
}

#[test]
fn suspended_member_gains_no_role() {
	ExtBuilder::default().build_and_execute(|| {
		// An application made while active, approved after the suspension, is refused.
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(MANUFACTURER),
			Role::Recycler,
			profile("Org")
		));
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_noop!(
			Consortium::approve_application(RuntimeOrigin::root(), MANUFACTURER, Role::Recycler),
			Error::<Test>::MemberIsSuspended
		);
		// After resumption the same application goes through.
		assert_ok!(Consortium::resume_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_ok!(Consortium::approve_application(
			RuntimeOrigin::root(),
			MANUFACTURER,
			Role::Recycler
		));
		assert!(Consortium::active_roles(&MANUFACTURER).contains(Role::Recycler));
	});
}
