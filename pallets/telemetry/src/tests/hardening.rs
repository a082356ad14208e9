//! What a member with a valid role but the wrong battery can try: a gateway of the previous
//! operator, an estimator key of another operator, a sequence that locks the gateway out, free
//! unlimited estimator keys.

use super::*;
use crate::{
	Error, EstimatorDeposits, EstimatorScope, Event, HoldReason, MemberEstimatorCount,
	SequenceFloors, Telemetry as TelemetryMap,
};
use battery_primitives::consortium::{MemberObligations, Obligation};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::DispatchError::BadOrigin;

fn custom(error: Error<Test>) -> TransactionValidityError {
	Telemetry::invalid(error)
}

fn held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&HoldReason::EstimatorDeposit.into(),
		&who,
	)
}

/// Operation of [`BATTERY`] moves from [`OPERATOR`] to [`OTHER_OPERATOR`].
fn operation_moves() {
	MockBatteries::add(BATTERY, MANUFACTURER, true, Some(OTHER_OPERATOR));
}

#[test]
fn the_previous_operators_gateway_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		submit(1);
		operation_moves();
		let before = TelemetryMap::<Test>::get(battery(BATTERY));
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 2, discharge(20)),
			Error::<Test>::GatewayOwnerNotOperator
		);
		assert_eq!(TelemetryMap::<Test>::get(battery(BATTERY)), before);
		// A gateway of the new operator (bound to the battery) is accepted.
		MockConsortium::add_device(40, crate::DeviceKind::BmsGateway, OTHER_OPERATOR, BATTERY);
		assert_ok!(submit_as(40, BATTERY, 2, discharge(20)));
	});
}

#[test]
fn a_gateway_registered_for_another_operators_battery_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// Were a foreign gateway ever bound to BATTERY, its batches would still be refused.
		MockConsortium::add_device(41, crate::DeviceKind::BmsGateway, OTHER_OPERATOR, BATTERY);
		assert_noop!(
			submit_as(41, BATTERY, 1, discharge(20)),
			Error::<Test>::GatewayOwnerNotOperator
		);
	});
}

#[test]
fn estimator_keys_follow_operation() {
	ExtBuilder::default().build_and_execute(|| {
		let old = estimator_key("//OldOperator");
		let new = estimator_key("//NewOperator");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), old.clone()));
		assert_ok!(Telemetry::register_estimator(
			RuntimeOrigin::signed(OTHER_OPERATOR),
			new.clone()
		));
		let hash = submit(1);
		// Before the move only the operator's key may result the battery.
		let by_new = compute(BATTERY, 1, hash, &discharge(20), &new);
		assert_eq!(submit_result(by_new), Err(custom(Error::<Test>::EstimatorNotAuthorized)));
		operation_moves();
		// After it, the previous operator's key is refused for the batch its gateway sent.
		let by_old = compute(BATTERY, 1, hash, &discharge(20), &old);
		assert_eq!(
			submit_result(by_old.clone()),
			Err(custom(Error::<Test>::EstimatorNotAuthorized))
		);
		assert_noop!(
			Telemetry::submit_result(
				frame_system::RawOrigin::Authorized.into(),
				Box::new(by_old.clone()),
				sign(&by_old)
			),
			Error::<Test>::EstimatorNotAuthorized
		);
		let by_new = compute(BATTERY, 1, hash, &discharge(20), &new);
		assert_ok!(submit_result(by_new).unwrap());
	});
}

#[test]
fn authority_keys_result_every_battery_while_it_is_one() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Authority");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(AUTHORITY), key.clone()));
		System::assert_last_event(
			Event::EstimatorRegistered {
				estimator: key.clone(),
				scope: EstimatorScope::Authority(AUTHORITY),
				deposit: ESTIMATOR_DEPOSIT,
			}
			.into(),
		);
		let hash = submit(1);
		MockConsortium::suspend(AUTHORITY);
		let submission = compute(BATTERY, 1, hash, &discharge(20), &key);
		assert_eq!(
			submit_result(submission.clone()),
			Err(custom(Error::<Test>::EstimatorNotAuthorized))
		);
		MockConsortium::resume(AUTHORITY);
		assert_ok!(submit_result(submission).unwrap());
	});
}

#[test]
fn a_sequence_may_not_jump_beyond_the_gap() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxSequenceGap = 10: the first batch may be numbered 1 ..= 10.
		for sequence in [u64::MAX, 11] {
			assert_noop!(
				submit_as(GATEWAY, BATTERY, sequence, discharge(20)),
				Error::<Test>::SequenceGapTooLarge
			);
		}
		submit(10);
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 21, discharge(20)),
			Error::<Test>::SequenceGapTooLarge
		);
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 10, discharge(20)),
			Error::<Test>::BatchAlreadySubmitted
		);
		submit(20);
	});
}

#[test]
fn the_operator_resets_a_sequence() {
	ExtBuilder::default().build_and_execute(|| {
		submit(9);
		for (who, error) in [
			(OTHER_OPERATOR, Error::<Test>::NotBatteryOperator),
			(MANUFACTURER, Error::<Test>::NotBatteryOperator),
			(GATEWAY, Error::<Test>::NotBatteryOperator),
		] {
			assert_noop!(
				Telemetry::reset_sequence(RuntimeOrigin::signed(who), battery(BATTERY)),
				error
			);
		}
		assert_noop!(
			Telemetry::reset_sequence(RuntimeOrigin::root(), battery(b"NO-SUCH-BATTERY")),
			Error::<Test>::UnknownBattery
		);
		assert_noop!(Telemetry::reset_sequence(RuntimeOrigin::none(), battery(BATTERY)), BadOrigin);

		assert_ok!(Telemetry::reset_sequence(RuntimeOrigin::signed(OPERATOR), battery(BATTERY)));
		System::assert_last_event(
			Event::SequenceReset { battery: battery(BATTERY), previous: 9, by: Some(OPERATOR) }
				.into(),
		);
		assert_eq!(SequenceFloors::<Test>::get(battery(BATTERY)), Some(0));
		// The replayed batch 9 is still refused; a batch numbered from 1 after it is accepted.
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 9, discharge(20)),
			Error::<Test>::BatchAlreadySubmitted
		);
		// Batch 1 would start before batch 9's last sample.
		assert_noop!(
			submit_readings(
				RuntimeOrigin::signed(GATEWAY),
				battery(BATTERY),
				1,
				start_of(1),
				PERIOD,
				bounded(discharge(20))
			),
			Error::<Test>::StartBeforePreviousBatch
		);
		assert_ok!(submit_readings(
			RuntimeOrigin::signed(GATEWAY),
			battery(BATTERY),
			1,
			start_of(10),
			PERIOD,
			bounded(discharge(20))
		));
		assert_eq!(SequenceFloors::<Test>::get(battery(BATTERY)), None);
		assert_noop!(
			submit_as(GATEWAY, BATTERY, 1, discharge(20)),
			Error::<Test>::SequenceNotIncreasing
		);
		// The admin origin may reset it too.
		assert_ok!(Telemetry::reset_sequence(RuntimeOrigin::root(), battery(BATTERY)));
	});
}

#[test]
fn estimator_keys_cost_a_deposit_and_are_capped() {
	ExtBuilder::default().build_and_execute(|| {
		let issuance = <Balances as Inspect<AccountId>>::total_issuance();
		let (first, second, third) =
			(estimator_key("//K1"), estimator_key("//K2"), estimator_key("//K3"));
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), first.clone()));
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), second.clone()));
		assert_eq!(held(OPERATOR), 2 * ESTIMATOR_DEPOSIT);
		assert_eq!(MemberEstimatorCount::<Test>::get(OPERATOR), 2);
		assert_eq!(EstimatorDeposits::<Test>::get(&first), Some((OPERATOR, ESTIMATOR_DEPOSIT)));
		// MaxEstimatorsPerMember = 2.
		assert_noop!(
			Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), third.clone()),
			Error::<Test>::TooManyEstimators
		);
		// The keys are an obligation: the consortium does not remove the operator.
		assert_eq!(
			<Telemetry as MemberObligations<AccountId>>::obligation(&OPERATOR),
			Some(Obligation::EstimatorKeys)
		);
		assert_eq!(
			<Telemetry as MemberObligations<AccountId>>::suspension_obligation(&OPERATOR),
			None
		);

		// Removed by the operator or, for it, by the admin origin: the deposit comes back.
		assert_ok!(Telemetry::remove_estimator(RuntimeOrigin::signed(OPERATOR), first.clone()));
		System::assert_last_event(
			Event::EstimatorRemoved { estimator: first, refunded: ESTIMATOR_DEPOSIT }.into(),
		);
		assert_ok!(Telemetry::remove_estimator(RuntimeOrigin::root(), second));
		assert_eq!(held(OPERATOR), 0);
		assert_eq!(Balances::free_balance(OPERATOR), ENDOWMENT);
		assert_eq!(MemberEstimatorCount::<Test>::get(OPERATOR), 0);
		assert_eq!(<Telemetry as MemberObligations<AccountId>>::obligation(&OPERATOR), None);
		assert_eq!(<Balances as Inspect<AccountId>>::total_issuance(), issuance);

		// The admin origin's keys are free and uncapped.
		for seed in ["//A1", "//A2", "//A3"] {
			register_any(&estimator_key(seed));
		}
		assert_eq!(held(OPERATOR), 0);
	});
}

#[test]
fn estimator_key_without_funds_or_role_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// LOGISTICS holds no balance; give it the Operator role.
		MockConsortium::grant(LOGISTICS, crate::Role::Operator);
		let key = estimator_key("//Poor");
		assert_noop!(
			Telemetry::register_estimator(RuntimeOrigin::signed(LOGISTICS), key.clone()),
			Error::<Test>::InsufficientBalance
		);
		for who in [MANUFACTURER, USER, STRANGER, GATEWAY] {
			assert_noop!(
				Telemetry::register_estimator(RuntimeOrigin::signed(who), key.clone()),
				Error::<Test>::NotOperatorOrAuthority
			);
		}
	});
}
