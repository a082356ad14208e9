use super::*;
use crate::{
	ConsortiumInspect, DeviceInfo, DeviceKind, Devices, Error, Event, OwnerDeviceCount,
	OwnerDevices, Role, RoleSet,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

const SENSOR: AccountId = 70;
const PILE_CTRL: AccountId = 71;
const BMS: AccountId = 72;

#[test]
fn register_device_holds_owner_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		System::set_block_number(4);
		assert_ok!(Consortium::register_device(
			RuntimeOrigin::signed(LOGISTICS),
			SENSOR,
			DeviceKind::CollisionSensor,
			subject(b"TRUCK-7")
		));
		System::assert_last_event(
			Event::DeviceRegistered {
				device: SENSOR,
				owner: LOGISTICS,
				kind: DeviceKind::CollisionSensor,
				subject: subject(b"TRUCK-7"),
				deposit: DEVICE_DEPOSIT,
			}
			.into(),
		);
		let record = Devices::<Test>::get(SENSOR).unwrap();
		assert_eq!(record.owner, LOGISTICS);
		assert_eq!(record.deposit, DEVICE_DEPOSIT);
		assert_eq!(record.registered_at, 4);
		assert!(OwnerDevices::<Test>::contains_key(LOGISTICS, SENSOR));
		assert_eq!(OwnerDeviceCount::<Test>::get(LOGISTICS), 1);
		assert_eq!(held(HoldReason::DeviceDeposit, LOGISTICS), DEVICE_DEPOSIT);
		assert_eq!(issuance(), issued);
		assert_eq!(
			Consortium::device(&SENSOR),
			Some(DeviceInfo {
				kind: DeviceKind::CollisionSensor,
				owner: LOGISTICS,
				subject: subject(b"TRUCK-7")
			})
		);
		assert_eq!(
			Consortium::is_device_for(&SENSOR, DeviceKind::CollisionSensor, &subject(b"TRUCK-7")),
			Some(LOGISTICS)
		);
		assert_eq!(
			Consortium::is_device_for(&SENSOR, DeviceKind::CollisionSensor, &subject(b"TRUCK-8")),
			None
		);
		assert_eq!(
			Consortium::is_device_for(&SENSOR, DeviceKind::BmsGateway, &subject(b"TRUCK-7")),
			None
		);
		// A device key holds no role.
		assert!(Consortium::active_roles(&SENSOR).is_empty());
	});
}

#[test]
fn each_kind_needs_its_owner_role() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::register_device(
			RuntimeOrigin::signed(ENERGY_STATION),
			PILE_CTRL,
			DeviceKind::PileController,
			subject(b"PILE-1")
		));
		assert_ok!(Consortium::register_device(
			RuntimeOrigin::signed(OPERATOR),
			BMS,
			DeviceKind::BmsGateway,
			subject(b"BAT-2")
		));
		for (owner, kind) in [
			(MANUFACTURER, DeviceKind::BmsGateway),
			(OPERATOR, DeviceKind::CollisionSensor),
			(LOGISTICS, DeviceKind::PileController),
			(AUTHORITY, DeviceKind::BmsGateway),
		] {
			assert_noop!(
				Consortium::register_device(RuntimeOrigin::signed(owner), 80, kind, subject(b"S")),
				Error::<Test>::DeviceKindNotPermitted
			);
		}
	});
}

#[test]
fn register_device_origin_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::none(),
				SENSOR,
				DeviceKind::CollisionSensor,
				subject(b"T")
			),
			BadOrigin
		);
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(ALICE),
				SENSOR,
				DeviceKind::CollisionSensor,
				subject(b"T")
			),
			Error::<Test>::NotMember
		);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), LOGISTICS));
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(LOGISTICS),
				SENSOR,
				DeviceKind::CollisionSensor,
				subject(b"T")
			),
			Error::<Test>::MemberIsSuspended
		);
	});
}

#[test]
fn register_device_with_empty_subject_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(LOGISTICS),
				SENSOR,
				DeviceKind::CollisionSensor,
				subject(b"")
			),
			Error::<Test>::EmptySubject
		);
	});
}

#[test]
fn register_device_twice_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(OPERATOR),
				GENESIS_BMS,
				DeviceKind::BmsGateway,
				subject(b"BAT-9")
			),
			Error::<Test>::DeviceAlreadyRegistered
		);
	});
}

#[test]
fn device_key_in_use_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(ALICE),
			Role::Logistics,
			profile("A")
		));
		// A member, a user and an applicant cannot become device keys.
		for key in [MANUFACTURER, USER, ALICE, OPERATOR] {
			assert_noop!(
				Consortium::register_device(
					RuntimeOrigin::signed(OPERATOR),
					key,
					DeviceKind::BmsGateway,
					subject(b"BAT-9")
				),
				Error::<Test>::DeviceAccountInUse
			);
		}
	});
}

#[test]
fn too_many_devices_fails() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxDevicesPerOwner is 4; GENESIS_BMS is the first.
		for device in [90, 91, 92] {
			assert_ok!(Consortium::register_device(
				RuntimeOrigin::signed(OPERATOR),
				device,
				DeviceKind::BmsGateway,
				subject(b"BAT")
			));
		}
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(OPERATOR),
				93,
				DeviceKind::BmsGateway,
				subject(b"BAT")
			),
			Error::<Test>::TooManyDevices
		);
	});
}

#[test]
fn register_device_without_funds_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::insert_member(
			&PAUPER,
			RoleSet::single(Role::Logistics),
			profile("Poor Carrier")
		));
		assert_noop!(
			Consortium::register_device(
				RuntimeOrigin::signed(PAUPER),
				SENSOR,
				DeviceKind::CollisionSensor,
				subject(b"T")
			),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn force_register_device_works() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::force_register_device(
			RuntimeOrigin::root(),
			LOGISTICS,
			SENSOR,
			DeviceKind::CollisionSensor,
			subject(b"TRUCK-1")
		));
		System::assert_last_event(
			Event::DeviceRegistered {
				device: SENSOR,
				owner: LOGISTICS,
				kind: DeviceKind::CollisionSensor,
				subject: subject(b"TRUCK-1"),
				deposit: DEVICE_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(held(HoldReason::DeviceDeposit, LOGISTICS), DEVICE_DEPOSIT);
	});
}

#[test]
fn force_register_device_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::force_register_device(
				RuntimeOrigin::signed(LOGISTICS),
				LOGISTICS,
				SENSOR,
				DeviceKind::CollisionSensor,
				subject(b"T")
			),
			BadOrigin
		);
		// The owner must still qualify.
		assert_noop!(
			Consortium::force_register_device(
				RuntimeOrigin::root(),
				MANUFACTURER,
				SENSOR,
				DeviceKind::CollisionSensor,
				subject(b"T")
			),
			Error::<Test>::DeviceKindNotPermitted
		);
	});
}

#[test]
fn owner_revokes_device() {
	ExtBuilder::default().build_and_execute(|| {
		let issued = issuance();
		assert_ok!(Consortium::register_device(
			RuntimeOrigin::signed(LOGISTICS),
			SENSOR,
			DeviceKind::CollisionSensor,
			subject(b"T")
		));
		assert_ok!(Consortium::revoke_device(RuntimeOrigin::signed(LOGISTICS), SENSOR));
		System::assert_last_event(
			Event::DeviceRevoked {
				device: SENSOR,
				owner: LOGISTICS,
				refunded: DEVICE_DEPOSIT,
				forced: false,
			}
			.into(),
		);
		assert!(Devices::<Test>::get(SENSOR).is_none());
		assert!(!OwnerDevices::<Test>::contains_key(LOGISTICS, SENSOR));
		assert_eq!(OwnerDeviceCount::<Test>::get(LOGISTICS), 0);
		assert_eq!(held(HoldReason::DeviceDeposit, LOGISTICS), 0);
		assert_eq!(free(LOGISTICS), ENDOWMENT);
		assert_eq!(issuance(), issued);
		assert_eq!(Consortium::device(&SENSOR), None);
	});
}

#[test]
fn approval_origin_revokes_device() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_ok!(Consortium::revoke_device(RuntimeOrigin::root(), GENESIS_BMS));
		System::assert_last_event(
			Event::DeviceRevoked {
				device: GENESIS_BMS,
				owner: OPERATOR,
				refunded: 0,
				forced: true,
			}
			.into(),
		);
		assert!(Devices::<Test>::get(GENESIS_BMS).is_none());
	});
}

#[test]
fn revoke_device_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Consortium::revoke_device(RuntimeOrigin::none(), GENESIS_BMS), BadOrigin);
		assert_noop!(
			Consortium::revoke_device(RuntimeOrigin::root(), SENSOR),
			Error::<Test>::DeviceNotFound
		);
		assert_noop!(
			Consortium::revoke_device(RuntimeOrigin::signed(LOGISTICS), GENESIS_BMS),
			Error::<Test>::NotDeviceOwner
		);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_noop!(
			Consortium::revoke_device(RuntimeOrigin::signed(OPERATOR), GENESIS_BMS),
			Error::<Test>::MemberIsSuspended
		);
	});
}

#[test]
fn device_is_inactive_while_owner_is_suspended() {
	ExtBuilder::default().build_and_execute(|| {
		assert!(Consortium::device(&GENESIS_BMS).is_some());
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		assert_eq!(Consortium::device(&GENESIS_BMS), None);
		assert_eq!(
			Consortium::is_device_for(&GENESIS_BMS, DeviceKind::BmsGateway, &subject(BATTERY)),
			None
		);
		assert_ok!(Consortium::resume_member(RuntimeOrigin::root(), OPERATOR));
		assert_eq!(
			Consortium::is_device_for(&GENESIS_BMS, DeviceKind::BmsGateway, &subject(BATTERY)),
			Some(OPERATOR)
		);
	});
}
