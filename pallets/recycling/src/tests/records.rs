//! The recycler's records: assessments and refurbishments sealed for the Refurbishment scope,
//! who may write them and when, and a recycle verdict through to the recycled passport.

use super::*;
use crate::{
	AssessmentCount, Assessments, CommissionStatus, Commissions, Error, Event, RecoveredMaterials,
	Recycled, RefurbishmentCount, RefurbishmentKind, Refurbishments,
};
use codec::Decode;
use frame_support::assert_noop;

#[test]
fn assessments_are_public_measures_with_details_sealed_for_recycler_manufacturer_authority() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		with_recycler(&b);
		// The Refurbishment scope: the recycler, the manufacturer and the Authority; not the
		// operator that gave the battery away.
		let keys = refurbishment_keys(&b, &recycler());
		let mut expected: Vec<[u8; 32]> = [RECYCLER_SECRET, MANUFACTURER_SECRET, AUTHORITY_SECRET]
			.iter()
			.map(battery_seal::public_key)
			.collect();
		expected.sort();
		assert_eq!(keys, expected);

		assert_ok!(assess(&b, healthy(), Verdict::Repurpose));
		assert_eq!(
			last_event(),
			Event::Assessed {
				battery: b.clone(),
				index: 0,
				measures: healthy(),
				verdict: Verdict::Repurpose
			}
		);
		let kept = Assessments::<Test>::get(&b);
		assert_eq!((kept.len(), kept[0].recycler.clone(), kept[0].recorded_at), (1, recycler(), 1));
		// The manufacturer opens the lab's details; the operator cannot.
		let plaintext = battery_seal::open(&kept[0].details, &MANUFACTURER_SECRET).expect("opens");
		let details = crate::AssessmentDetails::decode(&mut &plaintext[..]).expect("decodes");
		assert_eq!(details.lab.to_vec(), b"Ningde test bench 3".to_vec());
		assert!(battery_seal::open(&kept[0].details, &OPERATOR_SECRET).is_err());

		// The latest KEPT stay; the count goes on.
		assert_ok!(assess(&b, healthy(), Verdict::Reuse));
		assert_ok!(assess(&b, healthy(), Verdict::Recycle));
		let kept = Assessments::<Test>::get(&b);
		assert_eq!(kept.iter().map(|a| a.index).collect::<Vec<_>>(), vec![1, 2]);
		assert_eq!(AssessmentCount::<Test>::get(&b), 3);
	});
}

#[test]
fn assessments_need_the_recycler_holding_the_battery_and_valid_measures() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		assert_noop!(assess(&b, healthy(), Verdict::Reuse), Error::<Test>::NoCommission);
		commissioned(&b);
		// Accepted, not handed over yet.
		assert_noop!(assess(&b, healthy(), Verdict::Reuse), Error::<Test>::NotCustodian);
		assert_ok!(Recycling::hand_over(RuntimeOrigin::signed(operator()), b.clone()));
		let by = |who: AccountId| {
			Recycling::record_assessment(
				RuntimeOrigin::signed(who),
				b.clone(),
				healthy(),
				Verdict::Reuse,
				assessment_details(&b),
			)
		};
		assert_noop!(by(other_recycler()), Error::<Test>::NotCommissionedRecycler);
		assert_noop!(by(operator()), Error::<Test>::NotCommissionedRecycler);
		MockConsortium::suspend(recycler());
		assert_noop!(by(recycler()), Error::<Test>::NotRecycler);
		MockConsortium::resume(recycler());
		for bad in [
			Measures { capacity_mah: 0, ..healthy() },
			Measures { resistance_micro_ohm: 0, ..healthy() },
			Measures { soh_permille: 1_201, ..healthy() },
		] {
			assert_noop!(assess(&b, bad, Verdict::Recycle), Error::<Test>::InvalidMeasures);
		}
		// A failed check allows only recycling.
		let unsafe_ = Measures { safety: CheckResult::Failed, ..healthy() };
		for verdict in [Verdict::Reuse, Verdict::Repurpose, Verdict::Remanufacture] {
			assert_noop!(assess(&b, unsafe_, verdict), Error::<Test>::FailedCheck);
		}
		assert_ok!(assess(&b, unsafe_, Verdict::Recycle));
		// Details sealed without the manufacturer, or about another battery, are refused.
		let without_maker: Vec<[u8; 32]> = refurbishment_keys(&b, &recycler())
			.into_iter()
			.filter(|key| *key != battery_seal::public_key(&MANUFACTURER_SECRET))
			.collect();
		let sealed = |keys: &[[u8; 32]], about: &BatteryId| {
			Recycling::record_assessment(
				RuntimeOrigin::signed(recycler()),
				b.clone(),
				healthy(),
				Verdict::Reuse,
				assessment_details_for(about, keys),
			)
		};
		assert_noop!(sealed(&without_maker, &b), Error::<Test>::MissingRecipient);
		assert_noop!(
			sealed(&refurbishment_keys(&b, &recycler()), &battery(2)),
			Error::<Test>::EnvelopeMismatch
		);
		// A frozen battery takes no record.
		assert_ok!(pallet_battery::Pallet::<Test>::freeze(
			RuntimeOrigin::signed(authority()),
			b.clone()
		));
		assert_noop!(assess(&b, healthy(), Verdict::Reuse), Error::<Test>::BatteryFrozen);
	});
}

#[test]
fn refurbishments_are_recorded_by_the_recycler_and_kept_to_the_bound() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let refurbish = |who: AccountId, kind| {
			Recycling::record_refurbishment(
				RuntimeOrigin::signed(who),
				b.clone(),
				kind,
				2,
				refurbishment_details(&b),
			)
		};
		commissioned(&b);
		assert_noop!(
			refurbish(recycler(), RefurbishmentKind::ModulesReplaced),
			Error::<Test>::NotCustodian
		);
		assert_ok!(Recycling::hand_over(RuntimeOrigin::signed(operator()), b.clone()));
		assert_noop!(
			refurbish(operator(), RefurbishmentKind::ModulesReplaced),
			Error::<Test>::NotCommissionedRecycler
		);
		for kind in [
			RefurbishmentKind::ModulesReplaced,
			RefurbishmentKind::Rebalanced,
			RefurbishmentKind::SoftwareUpdated,
		] {
			assert_ok!(refurbish(recycler(), kind));
		}
		assert_eq!(
			last_event(),
			Event::Refurbished {
				battery: b.clone(),
				index: 2,
				kind: RefurbishmentKind::SoftwareUpdated,
				parts_replaced: 2
			}
		);
		let kept = Refurbishments::<Test>::get(&b);
		assert_eq!(kept.iter().map(|r| r.index).collect::<Vec<_>>(), vec![1, 2]);
		assert_eq!(RefurbishmentCount::<Test>::get(&b), 3);
		let plaintext = battery_seal::open(&kept[1].details, &MANUFACTURER_SECRET).expect("opens");
		assert!(crate::RefurbishmentDetails::decode(&mut &plaintext[..]).is_ok());
	});
}

#[test]
fn a_recycle_verdict_ends_in_a_closed_passport_with_recovered_materials() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let materials = RecoveredMaterials {
			cobalt_permille: 950,
			lithium_permille: 800,
			nickel_permille: 950,
			lead_permille: 0,
		};
		let waste =
			|who: AccountId| Recycling::declare_waste(RuntimeOrigin::signed(who), b.clone());
		let recycled = |who: AccountId, materials| {
			Recycling::record_recycled(RuntimeOrigin::signed(who), b.clone(), materials)
		};
		with_recycler(&b);
		assert_noop!(waste(recycler()), Error::<Test>::NoAssessment);
		assert_ok!(assess(&b, healthy(), Verdict::Reuse));
		assert_noop!(waste(recycler()), Error::<Test>::NotForRecycling);
		assert_ok!(assess(&b, healthy(), Verdict::Recycle));
		assert_noop!(waste(other_recycler()), Error::<Test>::NotCommissionedRecycler);
		// Not waste yet.
		assert_noop!(recycled(recycler(), materials), Error::<Test>::WrongBatteryStatus);
		assert_ok!(waste(recycler()));
		assert_eq!(status(&b), BatteryStatus::Waste);
		assert_noop!(waste(recycler()), Error::<Test>::WrongBatteryStatus);
		assert_noop!(
			recycled(recycler(), RecoveredMaterials { lead_permille: 1_001, ..materials }),
			Error::<Test>::InvalidMaterials
		);
		assert_noop!(recycled(operator(), materials), Error::<Test>::NotCommissionedRecycler);

		assert_ok!(recycled(recycler(), materials));
		assert_eq!(
			last_event(),
			Event::BatteryRecycled { battery: b.clone(), recycler: recycler(), materials }
		);
		assert_eq!(status(&b), BatteryStatus::Recycled);
		let record = Recycled::<Test>::get(&b).expect("kept");
		assert_eq!((record.recycler, record.materials), (recycler(), materials));
		assert_eq!(
			Commissions::<Test>::get(&b).map(|c| c.status),
			Some(CommissionStatus::Completed)
		);
		// The ID still resolves; the passport takes nothing more.
		assert!(pallet_battery::Pallet::<Test>::passport(&b).is_some());
		assert_noop!(recycled(recycler(), materials), Error::<Test>::WrongCommissionStatus);
		assert_noop!(assess(&b, healthy(), Verdict::Recycle), Error::<Test>::WrongCommissionStatus);
	});
}
