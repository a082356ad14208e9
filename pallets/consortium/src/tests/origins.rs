use super::*;
use crate::{ConsortiumInspect, DeviceInfo, DeviceKind, EnsureDevice, EnsureMember, Role};
use battery_primitives::consortium::{
	AuthorityRole, BmsGatewayKind, CollisionSensorKind, EnergyStationRole, LogisticsRole,
	ManufacturerRole, OperatorRole, RecyclerRole, RoleCheckError, UserRole,
};
use frame_support::{assert_ok, traits::EnsureOrigin};

fn member<R: frame_support::traits::Get<Role>>(origin: RuntimeOrigin) -> Option<AccountId> {
	EnsureMember::<Test, R>::try_origin(origin).ok()
}

#[test]
fn ensure_member_returns_the_account_for_each_role() {
	ExtBuilder::default().build_and_execute(|| {
		let s = RuntimeOrigin::signed;
		assert_eq!(member::<ManufacturerRole>(s(MANUFACTURER)), Some(MANUFACTURER));
		assert_eq!(member::<LogisticsRole>(s(LOGISTICS)), Some(LOGISTICS));
		assert_eq!(member::<OperatorRole>(s(OPERATOR)), Some(OPERATOR));
		assert_eq!(member::<UserRole>(s(USER)), Some(USER));
		assert_eq!(member::<EnergyStationRole>(s(ENERGY_STATION)), Some(ENERGY_STATION));
		assert_eq!(member::<RecyclerRole>(s(RECYCLER)), Some(RECYCLER));
		assert_eq!(member::<AuthorityRole>(s(AUTHORITY)), Some(AUTHORITY));
	});
}

#[test]
fn ensure_member_refuses_others() {
	ExtBuilder::default().build_and_execute(|| {
		// Wrong role, non-member, device key, root and none.
		assert_eq!(member::<ManufacturerRole>(RuntimeOrigin::signed(OPERATOR)), None);
		assert_eq!(member::<ManufacturerRole>(RuntimeOrigin::signed(ALICE)), None);
		assert_eq!(member::<OperatorRole>(RuntimeOrigin::signed(GENESIS_BMS)), None);
		assert_eq!(member::<UserRole>(RuntimeOrigin::signed(OPERATOR)), None);
		assert_eq!(member::<ManufacturerRole>(RuntimeOrigin::root()), None);
		assert_eq!(member::<ManufacturerRole>(RuntimeOrigin::none()), None);
		// Suspended.
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_eq!(member::<ManufacturerRole>(RuntimeOrigin::signed(MANUFACTURER)), None);
		// A user whose only operator is suspended.
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_eq!(member::<UserRole>(RuntimeOrigin::signed(USER)), None);
		// Errors map to BadOrigin through ensure_origin.
		assert!(EnsureMember::<Test, ManufacturerRole>::ensure_origin(RuntimeOrigin::signed(
			ALICE
		))
		.is_err());
	});
}

#[test]
fn check_role_says_why() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Consortium::check_role(&MANUFACTURER, Role::Manufacturer), Ok(()));
		assert_eq!(
			Consortium::check_role(&ALICE, Role::Manufacturer),
			Err(RoleCheckError::NotMember)
		);
		assert_eq!(Consortium::check_role(&ALICE, Role::User), Err(RoleCheckError::NotMember));
		assert_eq!(
			Consortium::check_role(&MANUFACTURER, Role::Operator),
			Err(RoleCheckError::MissingRole)
		);
		assert_eq!(
			Consortium::check_role(&MANUFACTURER, Role::User),
			Err(RoleCheckError::MissingRole)
		);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), MANUFACTURER));
		assert_eq!(
			Consortium::check_role(&MANUFACTURER, Role::Manufacturer),
			Err(RoleCheckError::Suspended)
		);
		assert!(!Consortium::has_role(&MANUFACTURER, Role::Manufacturer));
		assert!(<Consortium as ConsortiumInspect<AccountId>>::roles(&MANUFACTURER).is_empty());
	});
}

#[test]
fn ensure_device_returns_device_and_binding() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(
			EnsureDevice::<Test, BmsGatewayKind>::try_origin(RuntimeOrigin::signed(GENESIS_BMS))
				.ok(),
			Some((
				GENESIS_BMS,
				DeviceInfo {
					kind: DeviceKind::BmsGateway,
					owner: OPERATOR,
					subject: subject(BATTERY)
				}
			))
		);
		// Wrong kind, not a device, root.
		assert!(EnsureDevice::<Test, CollisionSensorKind>::try_origin(RuntimeOrigin::signed(
			GENESIS_BMS
		))
		.is_err());
		assert!(EnsureDevice::<Test, BmsGatewayKind>::try_origin(RuntimeOrigin::signed(OPERATOR))
			.is_err());
		assert!(EnsureDevice::<Test, BmsGatewayKind>::try_origin(RuntimeOrigin::root()).is_err());
		// Owner suspended.
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert!(EnsureDevice::<Test, BmsGatewayKind>::try_origin(RuntimeOrigin::signed(
			GENESIS_BMS
		))
		.is_err());
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn successful_origins_for_benchmarks_pass_their_checks() {
	fn check_member<R: frame_support::traits::Get<Role>>() {
		let origin: RuntimeOrigin = EnsureMember::<Test, R>::try_successful_origin().unwrap();
		assert!(EnsureMember::<Test, R>::try_origin(origin).is_ok(), "{:?}", R::get());
	}
	ExtBuilder::empty().build_and_execute(|| {
		check_member::<ManufacturerRole>();
		check_member::<LogisticsRole>();
		check_member::<OperatorRole>();
		check_member::<UserRole>();
		check_member::<EnergyStationRole>();
		check_member::<RecyclerRole>();
		check_member::<AuthorityRole>();
		for _ in 0..2 {
			let origin: RuntimeOrigin =
				EnsureDevice::<Test, BmsGatewayKind>::try_successful_origin().unwrap();
			assert!(EnsureDevice::<Test, BmsGatewayKind>::try_origin(origin).is_ok());
		}
		let origin: RuntimeOrigin =
			EnsureDevice::<Test, CollisionSensorKind>::try_successful_origin().unwrap();
		assert!(EnsureDevice::<Test, CollisionSensorKind>::try_origin(origin).is_ok());
	});
}
