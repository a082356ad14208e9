//! Grants of sealed results: a reader of the twin or of a kept health result lets a newcomer
//! to the Usage scope open it; everyone else is refused and nothing changes.

use super::*;
use crate::{Error, Event, HealthHistory, LatestHealth, ResultRecord, Twin, TwinStates};
use battery_primitives::sealed::WrappedKey;
use frame_support::{assert_noop, assert_ok, BoundedVec};

const NEWCOMER_SECRET: [u8; 32] = [0x66; 32];

/// One result for [`BATTERY`], then [`USER`] (with a reader key) assigned to it: a newcomer
/// to the Usage scope the result was not sealed for. Returns the result's history record.
fn result_then_newcomer() -> ResultRecord<H256> {
	let key = estimator_key("//Estimator1");
	register_any(&key);
	let hash = submit(1);
	assert_ok!(submit_result(compute(BATTERY, 1, hash, &discharge(20), &key)).unwrap());
	MockConsortium::set_reader_key(USER, battery_seal::public_key(&NEWCOMER_SECRET));
	MockConsortium::assign(USER, BATTERY);
	ResultRecord::Health { slot: 0, batch_hash: hash }
}

/// The operator's wraps of `envelope`'s data key for `readers`.
fn wraps_for<C: frame_support::traits::Get<u32>, R: frame_support::traits::Get<u32>>(
	envelope: &battery_primitives::sealed::Envelope<C, R>,
	readers: &[[u8; 32]],
) -> BoundedVec<WrappedKey, frame_support::traits::ConstU32<4>> {
	let mut random = battery_test_fixtures::byte_stream(9u8);
	let wraps = battery_seal::grant(envelope, &OPERATOR_SECRET, readers, &mut random)
		.expect("the operator reads the result");
	wraps.try_into().expect("at most four")
}

fn newcomer() -> [u8; 32] {
	battery_seal::public_key(&NEWCOMER_SECRET)
}

#[test]
fn a_reader_grants_a_newcomer_the_health_result_and_the_twin() {
	ExtBuilder::default().build_and_execute(|| {
		let record = result_then_newcomer();
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap().health;
		assert!(battery_seal::open(&health, &NEWCOMER_SECRET).is_err());
		let wraps = wraps_for(&health, &[newcomer()]);
		assert_ok!(Telemetry::grant_result(
			RuntimeOrigin::signed(OPERATOR),
			battery(BATTERY),
			record.clone(),
			wraps
		));
		System::assert_last_event(
			Event::ResultGranted { battery: battery(BATTERY), record, by: OPERATOR, readers: 1 }
				.into(),
		);
		// Both copies of the result open for the newcomer now, to the same plaintext.
		let latest = LatestHealth::<Test>::get(battery(BATTERY)).unwrap().health;
		let kept = HealthHistory::<Test>::get(battery(BATTERY), 0).unwrap().health;
		assert_eq!(latest, kept);
		assert_eq!(
			battery_seal::open(&latest, &NEWCOMER_SECRET).unwrap(),
			battery_seal::open(&latest, &OPERATOR_SECRET).unwrap()
		);

		let Some(Twin::Sealed(twin)) = TwinStates::<Test>::get(battery(BATTERY)).map(|t| t.twin)
		else {
			panic!("a sealed twin")
		};
		assert_ok!(Telemetry::grant_result(
			RuntimeOrigin::signed(OPERATOR),
			battery(BATTERY),
			ResultRecord::Twin,
			wraps_for(&twin, &[newcomer()])
		));
		let Some(Twin::Sealed(twin)) = TwinStates::<Test>::get(battery(BATTERY)).map(|t| t.twin)
		else {
			panic!("a sealed twin")
		};
		assert!(battery_seal::open(&twin, &NEWCOMER_SECRET).is_ok());
		// The twin still names the same plaintext: the next batch continues from it.
		let next = submit(2);
		let key = estimator_key("//Estimator1");
		assert_ok!(submit_result(compute(BATTERY, 2, next, &discharge(20), &key)).unwrap());
	});
}

#[test]
fn grants_are_refused_to_outsiders_non_readers_and_bad_wraps() {
	ExtBuilder::default().build_and_execute(|| {
		let record = result_then_newcomer();
		let health = LatestHealth::<Test>::get(battery(BATTERY)).unwrap().health;
		let good = wraps_for(&health, &[newcomer()]);
		let grant = |who: AccountId, record: ResultRecord<H256>, wraps| {
			Telemetry::grant_result(RuntimeOrigin::signed(who), battery(BATTERY), record, wraps)
		};
		// Not in the battery's Usage scope (a competitor operator, a stranger).
		for outsider in [OTHER_OPERATOR, STRANGER, MANUFACTURER] {
			assert_noop!(grant(outsider, record.clone(), good.clone()), Error::<Test>::NotInScope);
		}
		// In scope but not a reader of the result: it cannot have its data key.
		assert_noop!(grant(USER, record.clone(), good.clone()), Error::<Test>::NotRecipient);
		// A key outside the scope, a key already on the result, no key at all.
		let competitor = battery_seal::public_key(&OTHER_OPERATOR_SECRET);
		assert_noop!(
			grant(OPERATOR, record.clone(), wraps_for(&health, &[competitor])),
			Error::<Test>::UnexpectedRecipient
		);
		let own = battery_seal::public_key(&OPERATOR_SECRET);
		assert_noop!(
			grant(OPERATOR, record.clone(), wraps_for(&health, &[own])),
			Error::<Test>::AlreadyRecipient
		);
		assert_noop!(
			grant(OPERATOR, record.clone(), Default::default()),
			Error::<Test>::EmptyGrant
		);
		// No such result: another slot, another batch in the slot, an unknown battery.
		let ResultRecord::Health { batch_hash, .. } = record.clone() else { unreachable!() };
		assert_noop!(
			grant(OPERATOR, ResultRecord::Health { slot: 1, batch_hash }, good.clone()),
			Error::<Test>::UnknownRecord
		);
		assert_noop!(
			grant(
				OPERATOR,
				ResultRecord::Health { slot: 0, batch_hash: H256::zero() },
				good.clone()
			),
			Error::<Test>::UnknownRecord
		);
		assert_noop!(
			Telemetry::grant_result(
				RuntimeOrigin::signed(OPERATOR),
				battery(b"CATL-2025-0000000000000099"),
				record,
				good
			),
			Error::<Test>::UnknownBattery
		);
	});
}

#[test]
fn an_open_twin_takes_no_grant() {
	ExtBuilder::default().build_and_execute(|| {
		// Before the first result the twin is the fresh, public one: nothing to grant.
		let envelope = sealed(BATTERY, &discharge(3));
		assert_noop!(
			Telemetry::grant_result(
				RuntimeOrigin::signed(OPERATOR),
				battery(BATTERY),
				ResultRecord::Twin,
				wraps_for(&envelope, &[newcomer()])
			),
			Error::<Test>::UnknownRecord
		);
	});
}
