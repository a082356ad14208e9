//! Second certification: the request after a second-life verdict, the co-signature of the
//! manufacturer or an Authority before the expiry, and the new passport it creates.

use super::*;
use crate::{
	CertificationStatus, Certifications, CommissionStatus, Commissions, Error, Event, Ratings,
	SecondLifeRating,
};
use battery_primitives::{
	battery::{Life, SecondLife},
	consortium::Role,
	recycling::IntendedUse,
};
use frame_support::assert_noop;

fn rating() -> SecondLifeRating {
	SecondLifeRating {
		certified_capacity_mah: 150_000,
		certified_soh_permille: 750,
		intended_use: IntendedUse::StationaryStorage,
	}
}

/// The new passport's factory data: the pack at its certified capacity.
fn factory() -> battery_primitives::battery::FactoryData {
	let mut factory = battery_test_fixtures::pack();
	factory.rated_capacity_mah = rating().certified_capacity_mah;
	factory
}

fn successor() -> BatteryId {
	battery(100)
}

fn request(
	b: &BatteryId,
	successor: BatteryId,
	rating: SecondLifeRating,
) -> sp_runtime::DispatchResult {
	Recycling::request_certification(
		RuntimeOrigin::signed(recycler()),
		b.clone(),
		successor,
		factory(),
		rating,
	)
}

fn co_sign(who: AccountId, b: &BatteryId) -> sp_runtime::DispatchResult {
	Recycling::co_sign_certification(RuntimeOrigin::signed(who), b.clone())
}

#[test]
fn a_co_signed_certification_creates_the_linked_second_life_passport() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		with_recycler(&b);
		assert_ok!(assess(&b, healthy(), Verdict::Repurpose));
		assert_ok!(request(&b, successor(), rating()));
		let expires_at = 1 + CERTIFICATION_TIMEOUT;
		assert_eq!(
			last_event(),
			Event::CertificationRequested {
				battery: b.clone(),
				successor: successor(),
				kind: SecondLife::Repurposed,
				expires_at
			}
		);
		// Nothing is created before the co-signature.
		assert!(Battery::record(&successor()).is_none());
		System::set_block_number(expires_at);
		assert_ok!(co_sign(manufacturer(), &b));
		assert_eq!(
			last_event(),
			Event::Certified {
				battery: b.clone(),
				successor: successor(),
				by: manufacturer(),
				rating: rating(),
				twin: true
			}
		);
		// The twin starts from the assessment.
		assert_eq!(MockTwin::seeded(), vec![(b.clone(), successor(), healthy().soh_permille)]);
		let old = Battery::record(&b).expect("kept");
		assert_eq!((old.status, old.successor), (BatteryStatus::Repurposed, Some(successor())));
		let new = Battery::record(&successor()).expect("registered");
		assert_eq!((new.life, new.predecessor.clone()), (Life::Repurposed, Some(b.clone())));
		assert_eq!((new.custodian, new.manufacturer), (recycler(), recycler()));
		assert_eq!(Ratings::<Test>::get(successor()), Some(rating()));
		assert!(matches!(
			Certifications::<Test>::get(&b).map(|c| c.status),
			Some(CertificationStatus::Certified { at, .. }) if at == expires_at
		));
		assert_eq!(
			Commissions::<Test>::get(&b).map(|c| c.status),
			Some(CommissionStatus::Completed)
		);
		// Once only.
		assert_noop!(co_sign(authority(), &b), Error::<Test>::CertificationPending);
		// Both passports show the lineage.
		let ids = |id: &BatteryId| -> Vec<BatteryId> {
			Battery::lineage(id).expect("known").into_iter().map(|entry| entry.id).collect()
		};
		assert_eq!(ids(&b), vec![b.clone(), successor()]);
		assert_eq!(ids(&successor()), vec![b.clone(), successor()]);
	});
}

#[test]
fn a_request_rests_on_the_latest_assessment_and_a_free_new_id() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		with_recycler(&b);
		assert_noop!(request(&b, successor(), rating()), Error::<Test>::NoAssessment);
		assert_ok!(assess(&b, healthy(), Verdict::Recycle));
		assert_noop!(request(&b, successor(), rating()), Error::<Test>::NoSecondLife);
		assert_ok!(assess(&b, healthy(), Verdict::Reuse));
		for bad in [
			SecondLifeRating { certified_capacity_mah: 0, ..rating() },
			SecondLifeRating { certified_capacity_mah: 160_001, ..rating() },
			SecondLifeRating { certified_soh_permille: 801, ..rating() },
		] {
			assert_noop!(request(&b, successor(), bad), Error::<Test>::InvalidRating);
		}
		assert_noop!(request(&b, battery(2), rating()), Error::<Test>::InvalidSuccessor);
		assert_noop!(
			request(&b, BatteryId::truncate_from(b"not an id".to_vec()), rating()),
			Error::<Test>::InvalidSuccessor
		);
		let mut invalid = factory();
		invalid.rated_capacity_mah = 0;
		assert_noop!(
			Recycling::request_certification(
				RuntimeOrigin::signed(recycler()),
				b.clone(),
				successor(),
				invalid,
				rating()
			),
			Error::<Test>::InvalidFactoryData
		);
		// Only the commissioned recycler holding the battery.
		assert_noop!(
			Recycling::request_certification(
				RuntimeOrigin::signed(other_recycler()),
				b.clone(),
				successor(),
				factory(),
				rating()
			),
			Error::<Test>::NotCommissionedRecycler
		);
		assert_ok!(request(&b, successor(), rating()));
		assert_eq!(
			Certifications::<Test>::get(&b).map(|c| c.kind),
			Some(SecondLife::Reused),
			"the kind comes from the verdict"
		);
		assert_noop!(request(&b, battery(101), rating()), Error::<Test>::CertificationPending);
		// Expired: renewed with another ID.
		System::set_block_number(2 + CERTIFICATION_TIMEOUT);
		assert_noop!(co_sign(manufacturer(), &b), Error::<Test>::CertificationExpired);
		assert_ok!(request(&b, battery(101), rating()));
		assert_ok!(co_sign(authority(), &b));
		assert!(Battery::record(&battery(101)).is_some());
		assert!(Battery::record(&successor()).is_none());
	});
}

#[test]
fn only_the_manufacturer_or_an_authority_co_signs_and_never_the_recycler() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		assert_noop!(co_sign(manufacturer(), &b), Error::<Test>::NoCertification);
		with_recycler(&b);
		assert_ok!(assess(&b, healthy(), Verdict::Remanufacture));
		assert_ok!(request(&b, successor(), rating()));
		for who in [stranger(), operator(), recycler(), other_recycler()] {
			assert_noop!(co_sign(who, &b), Error::<Test>::NotCoSigner);
		}
		// Another manufacturer, or this one without its role.
		let rival = account("RivalManufacturer");
		MockConsortium::grant(&rival, Role::Manufacturer);
		assert_noop!(co_sign(rival, &b), Error::<Test>::NotCoSigner);
		MockConsortium::suspend(manufacturer());
		assert_noop!(co_sign(manufacturer(), &b), Error::<Test>::NotCoSigner);
		// A recycler that is also an Authority member does not certify its own work.
		MockConsortium::grant(recycler(), Role::Authority);
		assert_noop!(co_sign(recycler(), &b), Error::<Test>::NotCoSigner);
		assert_ok!(co_sign(authority(), &b));
	});
}

#[test]
fn no_second_life_goes_past_the_certification() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		with_recycler(&b);
		assert_noop!(
			Battery::register_second_life(
				RuntimeOrigin::signed(recycler()),
				b.clone(),
				SecondLife::Reused,
				successor(),
				factory(),
			),
			pallet_battery::Error::<Test>::ThroughRecycling
		);
	});
}

#[test]
fn a_certification_rests_on_the_latest_assessment_and_survives_a_squatted_id() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		with_recycler(&b);
		assert_ok!(assess(&b, healthy(), Verdict::Repurpose));
		// The new passport's rated capacity may not exceed the certified one.
		let mut invalid = factory();
		invalid.rated_capacity_mah = rating().certified_capacity_mah + 1;
		assert_noop!(
			Recycling::request_certification(
				RuntimeOrigin::signed(recycler()),
				b.clone(),
				successor(),
				invalid,
				rating()
			),
			Error::<Test>::InvalidFactoryData
		);
		assert_ok!(request(&b, successor(), rating()));
		// A later assessment supersedes it.
		assert_ok!(assess(&b, healthy(), Verdict::Repurpose));
		assert_noop!(co_sign(manufacturer(), &b), Error::<Test>::StaleAssessment);
		// Someone registers the new ID meanwhile: the request is renewed at once.
		assert_ok!(Battery::register_batteries(
			RuntimeOrigin::signed(manufacturer()),
			battery_test_fixtures::pack(),
			vec![successor()].try_into().expect("one"),
		));
		assert_ok!(request(&b, battery(101), rating()));
		assert_ok!(co_sign(manufacturer(), &b));
		assert_eq!(status(&b), BatteryStatus::Repurposed);
	});
}
