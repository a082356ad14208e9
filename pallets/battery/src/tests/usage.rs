use super::*;
use crate::{Error, Event, RunningMode, RunningModes, UsageEnvelope};
use battery_primitives::{
	consortium::{BatteryScope, ConsortiumInspect, DataCategory},
	sealed::placeholder_envelope,
};
use frame_support::assert_noop;
use sp_runtime::DispatchError::BadOrigin;

fn assign(who: &AccountId, battery: &BatteryId, user: &AccountId) -> sp_runtime::DispatchResult {
	Battery::assign_user(RuntimeOrigin::signed(who.clone()), battery.clone(), user.clone())
}

/// The assigned user of `battery` as the consortium's scope sees it.
fn assigned_user(battery: &BatteryId) -> Option<AccountId> {
	<Battery as BatteryScope<_, _>>::parties(battery).and_then(|parties| parties.assigned_user)
}

/// `mode` sealed as a client would: for the keys the consortium names for a record by `author`
/// (the operator and the user have reader keys; the ciphertext is a placeholder of the mode's
/// length, the chain never opens it).
fn sealed_mode(author: &AccountId, battery: &BatteryId, mode: RunningMode) -> UsageEnvelope {
	MockConsortium::set_reader_key(operator(), [0x11; 32]);
	MockConsortium::set_reader_key(user(), [0x13; 32]);
	let keys = MockConsortium::sealing_keys(battery, DataCategory::Usage, Some(author))
		.unwrap_or_default();
	let len = codec::Encode::encoded_size(&mode) + 48;
	placeholder_envelope(DataCategory::Usage, battery, &keys, len)
}

fn mode(who: &AccountId, battery: &BatteryId, mode: RunningMode) -> sp_runtime::DispatchResult {
	let sealed = sealed_mode(who, battery, mode);
	Battery::set_running_mode(RuntimeOrigin::signed(who.clone()), battery.clone(), sealed)
}

#[test]
fn assign_and_unassign_a_user() {
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		assert_eq!(assigned_user(&gbt(1)), None);
		assert_ok!(assign(&operator(), &gbt(1), &user()));
		assert_eq!(
			last_event(),
			Event::UserAssigned { battery: gbt(1), operator: operator(), user: user() }
		);
		assert_eq!(record(&gbt(1)).assigned_user, Some(user()));
		assert_eq!(assigned_user(&gbt(1)), Some(user()));
		assert_ok!(mode(&user(), &gbt(1), RunningMode::Performance));
		assert_ok!(Battery::unassign_user(RuntimeOrigin::signed(operator()), gbt(1)));
		assert_eq!(
			last_event(),
			Event::UserUnassigned { battery: gbt(1), operator: operator(), user: user() }
		);
		let r = record(&gbt(1));
		assert_eq!(r.assigned_user, None);
		// The sealed mode left with the assignment: the battery is back to `Normal`.
		assert!(RunningModes::<Test>::get(gbt(1)).is_none());
		assert_eq!(assigned_user(&gbt(1)), None);
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
fn the_assigned_user_sets_the_running_mode_sealed() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		assert!(RunningModes::<Test>::get(gbt(1)).is_none());
		System::set_block_number(5);
		let sealed = sealed_mode(&user(), &gbt(1), RunningMode::VehicleToGrid);
		// Sealed for the operator (custodian), the user and nobody else.
		assert_eq!(sealed.reader_keys().copied().collect::<Vec<_>>(), vec![[0x11; 32], [0x13; 32]]);
		assert_ok!(Battery::set_running_mode(
			RuntimeOrigin::signed(user()),
			gbt(1),
			sealed.clone()
		));
		assert_eq!(
			last_event(),
			Event::RunningModeSet { battery: gbt(1), user: user(), mode: sealed.clone() }
		);
		let kept = RunningModes::<Test>::get(gbt(1)).expect("kept while assigned");
		assert_eq!((kept.mode, kept.user, kept.set_at), (sealed, user(), 5));
	});
}

#[test]
fn the_running_mode_is_sealed_for_exactly_the_usage_scope() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		MockConsortium::set_reader_key(operator2(), [0x12; 32]);
		MockConsortium::set_reader_key(manufacturer(), [0x15; 32]);
		let call = |readers: &[[u8; 32]]| {
			let sealed = placeholder_envelope(DataCategory::Usage, &gbt(1), readers, 49);
			Battery::set_running_mode(RuntimeOrigin::signed(user()), gbt(1), sealed)
		};
		let _ = sealed_mode(&user(), &gbt(1), RunningMode::Economy);
		// A competitor operator or the manufacturer (not in the Usage row) may not receive it.
		assert_noop!(
			call(&[[0x11; 32], [0x13; 32], [0x12; 32]]),
			Error::<Test>::UnexpectedRecipient
		);
		assert_noop!(
			call(&[[0x11; 32], [0x13; 32], [0x15; 32]]),
			Error::<Test>::UnexpectedRecipient
		);
		// The operator must.
		assert_noop!(call(&[[0x13; 32]]), Error::<Test>::MissingRecipient);
		// Sealed as maintenance: refused.
		let wrong =
			placeholder_envelope(DataCategory::Maintenance, &gbt(1), &[[0x11; 32], [0x13; 32]], 49);
		assert_noop!(
			Battery::set_running_mode(RuntimeOrigin::signed(user()), gbt(1), wrong),
			Error::<Test>::EnvelopeMismatch
		);
		assert_ok!(call(&[[0x13; 32], [0x11; 32]]));
	});
}

#[test]
fn running_mode_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		assert_noop!(
			Battery::set_running_mode(
				RuntimeOrigin::root(),
				gbt(1),
				sealed_mode(&user(), &gbt(1), RunningMode::Economy)
			),
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
