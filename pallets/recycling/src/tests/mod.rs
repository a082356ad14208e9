//! Tests of pallet-recycling, on the mock runtime with the real battery pallet.

mod buyback;
mod certification;
mod commissions;
mod queries;
mod records;

use crate::{mock::*, Measures, SealedAssessment, SealedRefurbishment, Verdict};
use battery_primitives::{
	battery::BatteryStatus,
	consortium::{BatteryId, ConsortiumInspect, DataCategory},
	recycling::{AssessmentDetails, CheckResult, RefurbishmentDetails},
};
use codec::Encode;
use frame_support::assert_ok;

/// The last event of the pallet.
pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Recycling(event) => Some(event),
			_ => None,
		})
		.expect("an event of the pallet")
}

/// The status of `battery` in pallet-battery.
pub fn status(battery: &BatteryId) -> BatteryStatus {
	Battery::record(battery).expect("registered").status
}

/// The custodian of `battery` in pallet-battery.
pub fn custodian(battery: &BatteryId) -> AccountId {
	Battery::record(battery).expect("registered").custodian
}

/// The keys a record of `author` about `battery` is sealed to: the Refurbishment scope's.
pub fn refurbishment_keys(battery: &BatteryId, author: &AccountId) -> Vec<[u8; 32]> {
	MockConsortium::sealing_keys(battery, DataCategory::Refurbishment, Some(author))
		.expect("registered")
}

/// Lab details of an assessment of `battery` by the recycler, sealed for `keys`.
pub fn assessment_details_for(battery: &BatteryId, keys: &[[u8; 32]]) -> SealedAssessment {
	let details = AssessmentDetails {
		lab: b"Ningde test bench 3".to_vec().try_into().expect("short"),
		report_uri: b"https://lab.example/r/42".to_vec().try_into().expect("short"),
		note: b"cell 17 weak".to_vec().try_into().expect("short"),
	};
	let mut random = battery_test_fixtures::byte_stream(7u8);
	SealedAssessment::new(
		battery_seal::seal(
			DataCategory::Refurbishment,
			battery,
			&details.encode(),
			keys,
			&mut random,
		)
		.expect("seals"),
	)
}

/// Lab details sealed for the battery's Refurbishment scope as the recycler writes them.
pub fn assessment_details(battery: &BatteryId) -> SealedAssessment {
	assessment_details_for(battery, &refurbishment_keys(battery, &recycler()))
}

/// Refurbishment details sealed for the battery's Refurbishment scope.
pub fn refurbishment_details(battery: &BatteryId) -> SealedRefurbishment {
	let details = RefurbishmentDetails {
		parts: b"MOD-88A x2".to_vec().try_into().expect("short"),
		software_version: b"BMS 4.2.1".to_vec().try_into().expect("short"),
		note: b"".to_vec().try_into().expect("short"),
	};
	let mut random = battery_test_fixtures::byte_stream(8u8);
	SealedRefurbishment::new(
		battery_seal::seal(
			DataCategory::Refurbishment,
			battery,
			&details.encode(),
			&refurbishment_keys(battery, &recycler()),
			&mut random,
		)
		.expect("seals"),
	)
}

/// Measures of a healthy battery at 80 % state of health.
pub fn healthy() -> Measures {
	Measures {
		capacity_mah: 160_000,
		soh_permille: 800,
		resistance_micro_ohm: 1_900,
		self_discharge_permille_per_month: 20,
		safety: CheckResult::Passed,
		visual: CheckResult::Passed,
		report_hash: [0x42; 32],
	}
}

/// The operator commissions the recycler for `battery`, which accepts.
pub fn commissioned(battery: &BatteryId) {
	assert_ok!(Recycling::commission(
		RuntimeOrigin::signed(operator()),
		battery.clone(),
		recycler(),
		crate::CommissionReason::EndOfLife,
	));
	assert_ok!(Recycling::accept_commission(RuntimeOrigin::signed(recycler()), battery.clone()));
}

/// [`commissioned`], then handed over: the battery is with the recycler.
pub fn with_recycler(battery: &BatteryId) {
	commissioned(battery);
	assert_ok!(Recycling::hand_over(RuntimeOrigin::signed(operator()), battery.clone()));
}

/// The recycler records an assessment of `battery` with `measures` and `verdict`.
pub fn assess(
	battery: &BatteryId,
	measures: Measures,
	verdict: Verdict,
) -> sp_runtime::DispatchResult {
	Recycling::record_assessment(
		RuntimeOrigin::signed(recycler()),
		battery.clone(),
		measures,
		verdict,
		assessment_details(battery),
	)
}
