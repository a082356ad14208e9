use super::*;
use crate::{
	Applications, Error, Event, MemberStatus, Members, Role, RoleMemberCount, RoleMembers, RoleSet,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

#[test]
fn apply_for_role_holds_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Manufacturer,
			profile("Acme Cells")
		));
		System::assert_last_event(
			Event::ApplicationSubmitted {
				applicant: ALICE,
				role: Role::Manufacturer,
				deposit: APPLICATION_DEPOSIT,
			}
			.into(),
		);
		let application = Applications::<Test>::get(ALICE, Role::Manufacturer).unwrap();
		assert_eq!(application.deposit, APPLICATION_DEPOSIT);
		assert_eq!(application.profile, profile("Acme Cells"));
		assert_eq!(application.submitted_at, 1);
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), APPLICATION_DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - APPLICATION_DEPOSIT);
		assert_eq!(issuance(), issued);
		// Not a member yet.
		assert!(Members::<Test>::get(ALICE).is_none());
	});
}

#[test]
fn a_member_may_apply_for_another_role() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(MANUFACTURER),
			Role::Recycler,
			profile("Manufacturer Ltd")
		));
		assert!(Applications::<Test>::contains_key(MANUFACTURER, Role::Recycler));
	});
}

#[test]
fn apply_for_role_rejects_bad_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::apply_for_role(RuntimeOrigin::root(), Role::Logistics, profile("X")),
			BadOrigin
		);
		assert_noop!(
			Consortium::apply_for_role(RuntimeOrigin::none(), Role::Logistics, profile("X")),
			BadOrigin
		);
	});
}

#[test]
fn apply_for_user_role_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::apply_for_role(RuntimeOrigin::signed(ALICE), Role::User, profile("Me")),
			Error::<Test>::RoleNotApplicable
		);
	});
}

#[test]
fn apply_with_empty_name_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let empty = crate::MemberProfile::new(b"", b"REG", b"mail").unwrap();
		assert_noop!(
			Consortium::apply_for_role(RuntimeOrigin::signed(ALICE), Role::Logistics, empty),
			Error::<Test>::EmptyName
		);
	});
}

#[test]
fn apply_by_device_key_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::apply_for_role(
				RuntimeOrigin::signed(GENESIS_BMS),
				Role::Logistics,
				profile("Sneaky")
			),
			Error::<Test>::AccountIsDevice
		);
	});
}

#[test]
fn apply_by_suspended_member_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_noop!(
			Consortium::apply_for_role(
				RuntimeOrigin::signed(MANUFACTURER),
				Role::Recycler,
				profile("M")
			),
			Error::<Test>::MemberIsSuspended
		);
	});
}

#[test]
fn apply_for_held_role_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::apply_for_role(
				RuntimeOrigin::signed(MANUFACTURER),
				Role::Manufacturer,
				profile("M")
			),
			Error::<Test>::AlreadyHasRole
		);
	});
}

#[test]
fn apply_twice_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		assert_noop!(
			Consortium::apply_for_role(RuntimeOrigin::signed(ALICE), Role::Logistics, profile("A")),
			Error::<Test>::ApplicationAlreadyPending
		);
	});
}

#[test]
fn apply_without_funds_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::apply_for_role(
				RuntimeOrigin::signed(PAUPER),
				Role::Logistics,
				profile("P")
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn withdraw_application_returns_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		assert_ok!(Consortium::withdraw_application(RuntimeOrigin::signed(ALICE), Role::Logistics));
		System::assert_last_event(
			Event::ApplicationWithdrawn {
				applicant: ALICE,
				role: Role::Logistics,
				refunded: APPLICATION_DEPOSIT,
			}
			.into(),
		);
		assert!(!Applications::<Test>::contains_key(ALICE, Role::Logistics));
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(issuance(), issued);
	});
}

#[test]
fn withdraw_unknown_application_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::withdraw_application(RuntimeOrigin::signed(ALICE), Role::Logistics),
			Error::<Test>::ApplicationNotFound
		);
		assert_noop!(
			Consortium::withdraw_application(RuntimeOrigin::root(), Role::Logistics),
			BadOrigin
		);
	});
}

#[test]
fn approve_application_admits_member() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		System::set_block_number(7);
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("Fast Freight")
		));
		let before = RoleMemberCount::<Test>::get(Role::Logistics);
		assert_ok!(Consortium::approve_application(RuntimeOrigin::root(), ALICE, Role::Logistics));
		System::assert_last_event(
			Event::ApplicationApproved {
				applicant: ALICE,
				role: Role::Logistics,
				deposit: APPLICATION_DEPOSIT,
			}
			.into(),
		);
		let member = Members::<Test>::get(ALICE).unwrap();
		assert_eq!(member.status, MemberStatus::Active);
		assert_eq!(member.roles, RoleSet::single(Role::Logistics));
		assert_eq!(member.profile, profile("Fast Freight"));
		assert_eq!(member.member_since, 7);
		let grant = RoleMembers::<Test>::get(Role::Logistics, ALICE).unwrap();
		assert_eq!(grant.deposit, APPLICATION_DEPOSIT);
		assert_eq!(grant.granted_at, 7);
		assert_eq!(RoleMemberCount::<Test>::get(Role::Logistics), before + 1);
		assert!(!Applications::<Test>::contains_key(ALICE, Role::Logistics));
		// The deposit stays held for the role.
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), APPLICATION_DEPOSIT);
		assert_eq!(issuance(), issued);
		assert_eq!(Consortium::active_roles(&ALICE), RoleSet::single(Role::Logistics));
	});
}

#[test]
fn approve_second_role_extends_member() {
	ExtBuilder::default().build_and_execute(|| {
		admit(ALICE, Role::Logistics);
		System::set_block_number(3);
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Recycler,
			profile("Fast Freight & Recycling")
		));
		assert_ok!(Consortium::approve_application(RuntimeOrigin::root(), ALICE, Role::Recycler));
		let member = Members::<Test>::get(ALICE).unwrap();
		assert_eq!(member.roles, RoleSet::from_roles(&[Role::Logistics, Role::Recycler]));
		assert_eq!(member.profile, profile("Fast Freight & Recycling"));
		assert_eq!(member.member_since, 1);
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), 2 * APPLICATION_DEPOSIT);
	});
}

#[test]
fn approve_requires_approval_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		assert_noop!(
			Consortium::approve_application(
				RuntimeOrigin::signed(AUTHORITY),
				ALICE,
				Role::Logistics
			),
			BadOrigin
		);
	});
}

#[test]
fn approve_unknown_application_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::approve_application(RuntimeOrigin::root(), ALICE, Role::Logistics),
			Error::<Test>::ApplicationNotFound
		);
	});
}

#[test]
fn approve_role_already_held_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		// The role was granted meanwhile by other means (here: directly, as genesis would).
		assert_ok!(Consortium::insert_member(
			&ALICE,
			RoleSet::single(Role::Logistics),
			profile("A")
		));
		assert_noop!(
			Consortium::approve_application(RuntimeOrigin::root(), ALICE, Role::Logistics),
			Error::<Test>::AlreadyHasRole
		);
	});
}

#[test]
fn approve_with_full_counter_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		RoleMemberCount::<Test>::insert(Role::Logistics, u32::MAX);
		assert_noop!(
			Consortium::approve_application(RuntimeOrigin::root(), ALICE, Role::Logistics),
			Error::<Test>::CounterOverflow
		);
		// Restore for the invariant check.
		RoleMemberCount::<Test>::insert(Role::Logistics, 1);
	});
}

#[test]
fn reject_application_returns_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		assert_ok!(Consortium::reject_application(
			RuntimeOrigin::root(),
			ALICE,
			Role::Logistics,
			false
		));
		System::assert_last_event(
			Event::ApplicationRejected {
				applicant: ALICE,
				role: Role::Logistics,
				refunded: APPLICATION_DEPOSIT,
				slashed: 0,
			}
			.into(),
		);
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), 0);
		assert_eq!(free(TREASURY), ENDOWMENT);
		assert_eq!(issuance(), issued);
		assert!(Members::<Test>::get(ALICE).is_none());
	});
}

#[test]
fn reject_application_with_slash_pays_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("Spam")
		));
		assert_ok!(Consortium::reject_application(
			RuntimeOrigin::root(),
			ALICE,
			Role::Logistics,
			true
		));
		System::assert_last_event(
			Event::ApplicationRejected {
				applicant: ALICE,
				role: Role::Logistics,
				refunded: 0,
				slashed: APPLICATION_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(free(ALICE), ENDOWMENT - APPLICATION_DEPOSIT);
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), 0);
		assert_eq!(free(TREASURY), ENDOWMENT + APPLICATION_DEPOSIT);
		// Nothing lost, nothing minted.
		assert_eq!(issuance(), issued);
	});
}

#[test]
fn reject_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::reject_application(RuntimeOrigin::root(), ALICE, Role::Logistics, false),
			Error::<Test>::ApplicationNotFound
		);
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		assert_noop!(
			Consortium::reject_application(
				RuntimeOrigin::signed(ALICE),
				ALICE,
				Role::Logistics,
				false
			),
			BadOrigin
		);
	});
}

#[test]
fn suspend_and_resume_member() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		System::assert_last_event(Event::MemberSuspended { member: MANUFACTURER }.into());
		assert_eq!(Members::<Test>::get(MANUFACTURER).unwrap().status, MemberStatus::Suspended);
		// Roles are kept but not active.
		assert!(Members::<Test>::get(MANUFACTURER).unwrap().roles.contains(Role::Manufacturer));
		assert!(Consortium::active_roles(&MANUFACTURER).is_empty());

		assert_ok!(Consortium::resume_member(RuntimeOrigin::root(), MANUFACTURER));
		System::assert_last_event(Event::MemberResumed { member: MANUFACTURER }.into());
		assert_eq!(Members::<Test>::get(MANUFACTURER).unwrap().status, MemberStatus::Active);
		assert_eq!(Consortium::active_roles(&MANUFACTURER), RoleSet::single(Role::Manufacturer));
	});
}

#[test]
fn suspend_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::suspend_member(RuntimeOrigin::signed(AUTHORITY), MANUFACTURER),
			BadOrigin
		);
		assert_noop!(
			Consortium::suspend_member(RuntimeOrigin::root(), ALICE),
			Error::<Test>::NotMember
		);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_noop!(
			Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER),
			Error::<Test>::AlreadySuspended
		);
	});
}

#[test]
fn resume_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::resume_member(RuntimeOrigin::signed(AUTHORITY), MANUFACTURER),
			BadOrigin
		);
		assert_noop!(
			Consortium::resume_member(RuntimeOrigin::root(), ALICE),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consortium::resume_member(RuntimeOrigin::root(), MANUFACTURER),
			Error::<Test>::NotSuspended
		);
	});
}

#[test]
fn remove_member_returns_role_deposits() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		admit(ALICE, Role::Logistics);
		admit(ALICE, Role::Recycler);
		// A pending application survives removal.
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Authority,
			profile("A")
		));
		let logistics = RoleMemberCount::<Test>::get(Role::Logistics);
		assert_ok!(Consortium::remove_member(RuntimeOrigin::root(), ALICE, false));
		System::assert_last_event(
			Event::MemberRemoved {
				member: ALICE,
				roles: RoleSet::from_roles(&[Role::Logistics, Role::Recycler]),
				refunded: 2 * APPLICATION_DEPOSIT,
				slashed: 0,
			}
			.into(),
		);
		assert!(Members::<Test>::get(ALICE).is_none());
		assert!(!RoleMembers::<Test>::contains_key(Role::Logistics, ALICE));
		assert!(!RoleMembers::<Test>::contains_key(Role::Recycler, ALICE));
		assert_eq!(RoleMemberCount::<Test>::get(Role::Logistics), logistics - 1);
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), APPLICATION_DEPOSIT);
		assert_eq!(free(ALICE), ENDOWMENT - APPLICATION_DEPOSIT);
		assert!(Applications::<Test>::contains_key(ALICE, Role::Authority));
		assert_eq!(issuance(), issued);
	});
}

#[test]
fn remove_member_with_slash_pays_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		admit(ALICE, Role::Logistics);
		assert_ok!(Consortium::remove_member(RuntimeOrigin::root(), ALICE, true));
		System::assert_last_event(
			Event::MemberRemoved {
				member: ALICE,
				roles: RoleSet::single(Role::Logistics),
				refunded: 0,
				slashed: APPLICATION_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(free(ALICE), ENDOWMENT - APPLICATION_DEPOSIT);
		assert_eq!(held(HoldReason::MembershipDeposit, ALICE), 0);
		assert_eq!(free(TREASURY), ENDOWMENT + APPLICATION_DEPOSIT);
		assert_eq!(issuance(), issued);
	});
}

#[test]
fn remove_genesis_member_without_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::remove_member(RuntimeOrigin::root(), MANUFACTURER, true));
		System::assert_last_event(
			Event::MemberRemoved {
				member: MANUFACTURER,
				roles: RoleSet::single(Role::Manufacturer),
				refunded: 0,
				slashed: 0,
			}
			.into(),
		);
		assert_eq!(free(MANUFACTURER), ENDOWMENT);
		assert_eq!(free(TREASURY), ENDOWMENT);
	});
}

#[test]
fn remove_member_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::remove_member(RuntimeOrigin::signed(AUTHORITY), MANUFACTURER, false),
			BadOrigin
		);
		assert_noop!(
			Consortium::remove_member(RuntimeOrigin::root(), ALICE, false),
			Error::<Test>::NotMember
		);
		// OPERATOR registered USER at genesis.
		assert_noop!(
			Consortium::remove_member(RuntimeOrigin::root(), OPERATOR, false),
			Error::<Test>::MemberHasUsers
		);
		assert_ok!(Consortium::force_remove_user(RuntimeOrigin::root(), OPERATOR, USER));
		// ... and owns GENESIS_BMS.
		assert_noop!(
			Consortium::remove_member(RuntimeOrigin::root(), OPERATOR, false),
			Error::<Test>::MemberHasDevices
		);
		assert_ok!(Consortium::revoke_device(RuntimeOrigin::root(), GENESIS_BMS));
		assert_ok!(Consortium::remove_member(RuntimeOrigin::root(), OPERATOR, false));
	});
}

#[test]
fn update_profile_works() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::update_profile(
			RuntimeOrigin::signed(MANUFACTURER),
			profile("Renamed Cells")
		));
		System::assert_last_event(Event::ProfileUpdated { member: MANUFACTURER }.into());
		assert_eq!(Members::<Test>::get(MANUFACTURER).unwrap().profile, profile("Renamed Cells"));
	});
}

#[test]
fn update_profile_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Consortium::update_profile(RuntimeOrigin::root(), profile("X")), BadOrigin);
		assert_noop!(
			Consortium::update_profile(RuntimeOrigin::signed(ALICE), profile("X")),
			Error::<Test>::NotMember
		);
		let empty = crate::MemberProfile::new(b"", b"", b"").unwrap();
		assert_noop!(
			Consortium::update_profile(RuntimeOrigin::signed(MANUFACTURER), empty),
			Error::<Test>::EmptyName
		);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_noop!(
			Consortium::update_profile(RuntimeOrigin::signed(MANUFACTURER), profile("X")),
			Error::<Test>::MemberIsSuspended
		);
	});
}

#[test]
fn oversized_profile_does_not_decode() {
	use codec::{Decode, Encode};
	ExtBuilder::default().build_and_execute(|| {
		// A call whose profile name exceeds MaxProfileFieldLen (32) cannot even be decoded.
		let long = vec![b'x'; 33];
		let raw = (long, Vec::<u8>::new(), Vec::<u8>::new()).encode();
		assert!(crate::MemberProfileOf::<Test>::decode(&mut &raw[..]).is_err());
	});
}

#[test]
fn nothing_is_lost_over_a_membership_lifecycle() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		let total =
			|who| free(who) + <Balances as InspectHold<AccountId>>::total_balance_on_hold(&who);
		admit(ALICE, Role::Operator);
		MockDeviceBinding::custody(ALICE, b"BAT-1");
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(ALICE), BOB));
		assert_ok!(Consortium::register_device(
			RuntimeOrigin::signed(ALICE),
			77,
			crate::DeviceKind::BmsGateway,
			subject(b"BAT-1")
		));
		assert_eq!(
			held(HoldReason::MembershipDeposit, ALICE)
				+ held(HoldReason::UserDeposit, ALICE)
				+ held(HoldReason::DeviceDeposit, ALICE),
			APPLICATION_DEPOSIT + USER_DEPOSIT + DEVICE_DEPOSIT
		);
		assert_eq!(total(ALICE), ENDOWMENT);
		assert_ok!(Consortium::remove_user(RuntimeOrigin::signed(ALICE), BOB));
		assert_ok!(Consortium::revoke_device(RuntimeOrigin::signed(ALICE), 77));
		assert_ok!(Consortium::remove_member(RuntimeOrigin::root(), ALICE, false));
		assert_eq!(free(ALICE), ENDOWMENT);
		assert_eq!(issuance(), issued);
	});
}
