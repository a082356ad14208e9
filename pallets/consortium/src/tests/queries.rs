use super::*;
use crate::{DataCategory, DeviceKind, MemberStatus, Role};
use battery_primitives::consortium::{ProfileView, RoleGrantView, MAX_PAGE_SIZE};

const _: () = assert!(MAX_PAGE_SIZE >= 100);
use frame_support::assert_ok;

#[test]
fn member_and_account_views() {
	ExtBuilder::default().build_and_execute(|| {
		admit(ALICE, Role::Operator);
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(ALICE), BOB));
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Recycler,
			profile("Org")
		));
		let view = Consortium::member(ALICE).unwrap();
		assert_eq!(view.status, MemberStatus::Active);
		assert_eq!(
			view.profile,
			ProfileView {
				name: b"Org".to_vec(),
				registration: b"REG-42".to_vec(),
				contact: b"ops@example.org".to_vec()
			}
		);
		assert_eq!(
			view.roles,
			vec![RoleGrantView {
				role: Role::Operator,
				deposit: APPLICATION_DEPOSIT,
				granted_at: 1
			}]
		);
		assert_eq!((view.user_count, view.device_count), (1, 0));

		let account = Consortium::account(ALICE);
		assert_eq!(account.active_roles, vec![Role::Operator]);
		assert_eq!(account.applications.len(), 1);
		assert_eq!(account.applications[0].role, Role::Recycler);
		assert!(account.device.is_none());
		assert!(account.operators.is_empty());

		let user = Consortium::account(BOB);
		assert_eq!(user.active_roles, vec![Role::User]);
		assert_eq!(user.operators, vec![ALICE]);
		assert!(user.member.is_none());

		let device = Consortium::account(GENESIS_BMS);
		assert!(device.active_roles.is_empty());
		assert_eq!(device.device.unwrap().kind, DeviceKind::BmsGateway);

		assert_eq!(Consortium::roles_of(USER), vec![Role::User]);
		assert_eq!(Consortium::status(OPERATOR), Some(MemberStatus::Active));
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_eq!(Consortium::status(OPERATOR), Some(MemberStatus::Suspended));
		assert_eq!(Consortium::status(USER), None);
		assert!(Consortium::roles_of(OPERATOR).is_empty());
	});
}

#[test]
fn members_by_role_pages() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [ALICE, BOB, CHARLIE, DAVE] {
			admit(who, Role::Recycler);
		}
		assert_eq!(Consortium::member_count(Role::Recycler), 5);
		let all = Consortium::members_by_role(Role::Recycler, None, 100);
		assert_eq!(all.len(), 5);
		let first = Consortium::members_by_role(Role::Recycler, None, 2);
		let second = Consortium::members_by_role(Role::Recycler, first.last().copied(), 2);
		let third = Consortium::members_by_role(Role::Recycler, second.last().copied(), 2);
		assert_eq!((first.len(), second.len(), third.len()), (2, 2, 1));
		let paged: Vec<_> = first.into_iter().chain(second).chain(third).collect();
		assert_eq!(paged, all);

		// Users page over the registered users.
		assert_ok!(Consortium::register_user(RuntimeOrigin::signed(OPERATOR), ALICE));
		assert_eq!(Consortium::member_count(Role::User), 2);
		let users = Consortium::members_by_role(Role::User, None, 1);
		let rest = Consortium::members_by_role(Role::User, users.last().copied(), 10);
		let mut both: Vec<_> = users.into_iter().chain(rest).collect();
		both.sort();
		assert_eq!(both, vec![USER, ALICE]);
	});
}

#[test]
fn users_and_devices_of() {
	ExtBuilder::default().build_and_execute(|| {
		for user in [ALICE, BOB] {
			assert_ok!(Consortium::register_user(RuntimeOrigin::signed(OPERATOR), user));
		}
		let first = Consortium::users_of(OPERATOR, None, 2);
		let rest = Consortium::users_of(OPERATOR, first.last().copied(), 2);
		let mut users: Vec<_> = first.into_iter().chain(rest).collect();
		users.sort();
		assert_eq!(users, vec![USER, ALICE, BOB]);

		MockDeviceBinding::custody(OPERATOR, b"B2");
		assert_ok!(Consortium::register_device(
			RuntimeOrigin::signed(OPERATOR),
			60,
			DeviceKind::BmsGateway,
			subject(b"B2")
		));
		let devices = Consortium::devices_of(OPERATOR, None, 10);
		let mut keys: Vec<_> = devices.iter().map(|(d, _)| *d).collect();
		keys.sort();
		assert_eq!(keys, vec![GENESIS_BMS, 60]);
		let first = Consortium::devices_of(OPERATOR, None, 1);
		let rest = Consortium::devices_of(OPERATOR, Some(first[0].0), 10);
		assert_eq!(first.len() + rest.len(), 2);
		assert_eq!(Consortium::device_record(60).unwrap().subject, subject(b"B2"));
		assert!(Consortium::devices_of(MANUFACTURER, None, 10).is_empty());
	});
}

#[test]
fn scope_matrix_view() {
	ExtBuilder::default().build_and_execute(|| {
		let matrix = Consortium::scope_matrix();
		assert_eq!(matrix.len(), 7);
		for row in &matrix {
			assert_eq!(row.roles, row.category.default_readers().to_vec());
		}
		let factory = matrix.iter().find(|r| r.category == DataCategory::Factory).unwrap();
		assert_eq!(
			factory.battery_scoped,
			vec![Role::Manufacturer, Role::Operator, Role::User, Role::Recycler]
		);
		let charging = matrix.iter().find(|r| r.category == DataCategory::Charging).unwrap();
		assert_eq!(charging.battery_scoped, vec![Role::EnergyStation]);
	});
}
