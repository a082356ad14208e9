use super::*;
use crate::{Error, EstimatorRecord, EstimatorScope, Estimators, Event};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError::BadOrigin;

#[test]
fn admin_registers_estimators_for_every_battery() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(7);
		let key = estimator_key("//Estimator1");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::root(), key.clone()));
		System::assert_last_event(
			Event::EstimatorRegistered {
				estimator: key.clone(),
				scope: EstimatorScope::Any,
				deposit: 0,
			}
			.into(),
		);
		assert_eq!(
			Estimators::<Test>::get(&key),
			Some(EstimatorRecord { scope: EstimatorScope::Any, registered_at: 7 })
		);
		assert_noop!(
			Telemetry::register_estimator(RuntimeOrigin::root(), key),
			Error::<Test>::EstimatorAlreadyRegistered
		);
	});
}

#[test]
fn operators_register_estimators_for_their_gateways() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Operator");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), key.clone()));
		System::assert_last_event(
			Event::EstimatorRegistered {
				estimator: key.clone(),
				scope: EstimatorScope::Operator(OPERATOR),
				deposit: ESTIMATOR_DEPOSIT,
			}
			.into(),
		);
		for who in [MANUFACTURER, USER, STRANGER, GATEWAY] {
			assert_noop!(
				Telemetry::register_estimator(RuntimeOrigin::signed(who), estimator_key("//Other")),
				Error::<Test>::NotOperatorOrAuthority
			);
		}
		assert_noop!(
			Telemetry::register_estimator(RuntimeOrigin::none(), estimator_key("//Other")),
			BadOrigin
		);
	});
}

#[test]
fn estimators_are_removed_by_their_registrar_or_the_admin() {
	ExtBuilder::default().build_and_execute(|| {
		let key = estimator_key("//Operator");
		assert_ok!(Telemetry::register_estimator(RuntimeOrigin::signed(OPERATOR), key.clone()));
		assert_noop!(
			Telemetry::remove_estimator(RuntimeOrigin::signed(OTHER_OPERATOR), key.clone()),
			Error::<Test>::NotEstimatorRegistrar
		);
		assert_noop!(
			Telemetry::remove_estimator(RuntimeOrigin::signed(STRANGER), key.clone()),
			Error::<Test>::NotEstimatorRegistrar
		);
		assert_ok!(Telemetry::remove_estimator(RuntimeOrigin::signed(OPERATOR), key.clone()));
		System::assert_last_event(
			Event::EstimatorRemoved { estimator: key.clone(), refunded: ESTIMATOR_DEPOSIT }.into(),
		);
		assert!(Estimators::<Test>::get(&key).is_none());
		assert_noop!(
			Telemetry::remove_estimator(RuntimeOrigin::root(), key.clone()),
			Error::<Test>::UnknownEstimator
		);

		// An admin-registered key cannot be removed by an operator, only by the admin.
		register_any(&key);
		assert_noop!(
			Telemetry::remove_estimator(RuntimeOrigin::signed(OPERATOR), key.clone()),
			Error::<Test>::NotEstimatorRegistrar
		);
		assert_ok!(Telemetry::remove_estimator(RuntimeOrigin::root(), key));
	});
}

#[test]
fn genesis_registers_estimators() {
	let key = sp_core::sr25519::Public::from_raw([7; 32]).into();
	ExtBuilder::default().estimators(vec![key]).build_and_execute(|| {
		let key: crate::crypto::Public = sp_core::sr25519::Public::from_raw([7; 32]).into();
		assert_eq!(
			Estimators::<Test>::get(key),
			Some(EstimatorRecord { scope: EstimatorScope::Any, registered_at: 0 })
		);
	});
}
