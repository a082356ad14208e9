use super::*;
use crate::{
	weights::WeightInfo, ConsortiumInspect, Error, Event, OperatorUserCount, OperatorUsers, Role,
	RoleSet, UserOperators,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

#[test]
fn register_user_holds_operator_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		let result = Consortium::register_user(RuntimeOrigin::signed(OPERATOR), ALICE);
		assert_ok!(result);
		// Charged for MaxOperatorsPerUser, refunded to the actual count (ALICE had none).
		assert_eq!(result.unwrap().actual_weight, Some(<() as WeightInfo>::register_user(0)));
		System::assert_last_event(
			Event::UserRegistered { operator: OPERATOR, user: ALICE, deposit: USER_DEPOSIT }.into(),
		);
		assert_eq!(held(HoldReason::UserDeposit, OPERATOR), USER_DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(UserOperators::<Test>::get(ALICE).unwrap().into_inner(), vec![OPERATOR]);
		assert_eq!(OperatorUsers::<Test>::get(OPERATOR, ALICE).unwrap().deposit, USER_DEPOSIT);
		assert_eq!(OperatorUserCount::<Test>::get(OPERATOR), 2);
		assert!(Consortium::has_role(&ALICE, Role::User));
		assert!(Consortium::is_user_of(&OPERATOR, &ALICE));
		assert_eq!(issuance(), issued);
	});
}

#[test]
fn a_user_may_have_several_operators() {
	ExtBuilder::default().build_and_execute(|| {
		admit(BOB, Role::Operator);
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(BOB), USER));
		assert_eq!(UserOperators::<Test>::get(USER).unwrap().into_inner(), vec![OPERATOR, BOB]);
		assert!(Consortium::is_user_of(&OPERATOR, &USER));
		assert!(Consortium::is_user_of(&BOB, &USER));
		// The user keeps its role while one operator is active.
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert!(Consortium::has_role(&USER, Role::User));
		assert!(!Consortium::is_user_of(&OPERATOR, &USER));
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), BOB));
		assert!(!Consortium::has_role(&USER, Role::User));
		assert_eq!(
			Consortium::check_role(&USER, Role::User),
			Err(battery_primitives::consortium::RoleCheckError::Suspended)
		);
	});
}

#[test]
fn a_member_may_also_be_a_user() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(OPERATOR), MANUFACTURER));
		assert_eq!(
			Consortium::active_roles(&MANUFACTURER),
			RoleSet::from_roles(&[Role::Manufacturer, Role::User])
		);
	});
}

#[test]
fn register_user_origin_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Consortium::register_user(RuntimeOrigin::root(), ALICE), BadOrigin);
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(ALICE), BOB),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(MANUFACTURER), BOB),
			Error::<Test>::MissingRole
		);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(OPERATOR), BOB),
			Error::<Test>::MemberIsSuspended
		);
	});
}

#[test]
fn register_device_key_as_user_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(OPERATOR), GENESIS_BMS),
			Error::<Test>::AccountIsDevice
		);
	});
}

#[test]
fn register_user_twice_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(OPERATOR), USER),
			Error::<Test>::UserAlreadyRegistered
		);
	});
}

#[test]
fn too_many_users_fails() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxUsersPerOperator is 5; USER is the first.
		for user in [ALICE, BOB, CHARLIE, DAVE] {
			assert_ok!(Consortium::register_user(RuntimeOrigin::signed(OPERATOR), user));
		}
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(OPERATOR), 100),
			Error::<Test>::TooManyUsers
		);
	});
}

#[test]
fn too_many_operators_fails() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxOperatorsPerUser is 3; OPERATOR is the first.
		for operator in [ALICE, BOB, CHARLIE] {
			admit(operator, Role::Operator);
		}
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(ALICE), USER));
		let result = Consortium::register_user(RuntimeOrigin::signed(BOB), USER);
		assert_ok!(result);
		assert_eq!(result.unwrap().actual_weight, Some(<() as WeightInfo>::register_user(2)));
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(CHARLIE), USER),
			Error::<Test>::TooManyOperators
		);
	});
}

#[test]
fn register_user_without_funds_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::insert_member(
			&PAUPER,
			RoleSet::single(Role::Operator),
			profile("Poor Fleet")
		));
		assert_noop!(
			Consortium::register_user(RuntimeOrigin::signed(PAUPER), ALICE),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn remove_user_returns_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(OPERATOR), ALICE));
		assert_ok!(Consortium::remove_user(RuntimeOrigin::signed(OPERATOR), ALICE));
		System::assert_last_event(
			Event::UserRemoved {
				operator: OPERATOR,
				user: ALICE,
				refunded: USER_DEPOSIT,
				forced: false,
			}
			.into(),
		);
		assert_eq!(held(HoldReason::UserDeposit, OPERATOR), 0);
		assert_eq!(free(OPERATOR), ENDOWMENT);
		assert!(UserOperators::<Test>::get(ALICE).is_none());
		assert!(!Consortium::has_role(&ALICE, Role::User));
		assert_eq!(OperatorUserCount::<Test>::get(OPERATOR), 1);
		assert_eq!(issuance(), issued);
	});
}

#[test]
fn removing_one_of_several_operators_keeps_the_user() {
	ExtBuilder::default().build_and_execute(|| {
		admit(BOB, Role::Operator);
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(BOB), USER));
		assert_ok!(Consortium::remove_user(RuntimeOrigin::signed(OPERATOR), USER));
		assert_eq!(UserOperators::<Test>::get(USER).unwrap().into_inner(), vec![BOB]);
		assert!(Consortium::has_role(&USER, Role::User));
		assert!(!Consortium::is_user_of(&OPERATOR, &USER));
		assert_eq!(OperatorUserCount::<Test>::get(OPERATOR), 0);
	});
}

#[test]
fn remove_user_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Consortium::remove_user(RuntimeOrigin::root(), USER), BadOrigin);
		assert_noop!(
			Consortium::remove_user(RuntimeOrigin::signed(ALICE), USER),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consortium::remove_user(RuntimeOrigin::signed(MANUFACTURER), USER),
			Error::<Test>::MissingRole
		);
		assert_noop!(
			Consortium::remove_user(RuntimeOrigin::signed(OPERATOR), ALICE),
			Error::<Test>::UserNotRegistered
		);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_noop!(
			Consortium::remove_user(RuntimeOrigin::signed(OPERATOR), USER),
			Error::<Test>::MemberIsSuspended
		);
	});
}

#[test]
fn force_remove_user_works() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_ok!(Consortium::force_remove_user(RuntimeOrigin::root(), OPERATOR, USER));
		System::assert_last_event(
			Event::UserRemoved { operator: OPERATOR, user: USER, refunded: 0, forced: true }.into(),
		);
		assert!(UserOperators::<Test>::get(USER).is_none());
		assert_eq!(OperatorUserCount::<Test>::get(OPERATOR), 0);
	});
}

#[test]
fn force_remove_user_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::force_remove_user(RuntimeOrigin::signed(OPERATOR), OPERATOR, USER),
			BadOrigin
		);
		assert_noop!(
			Consortium::force_remove_user(RuntimeOrigin::root(), OPERATOR, ALICE),
			Error::<Test>::UserNotRegistered
		);
	});
}
