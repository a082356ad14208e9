//! Lots: a registration writes its lot and id stems, not a record per battery; a battery's own
//! record is written at its first change; reads see no difference.

use super::*;
use crate::{
	CustodianBatteries, CustodianLots, Error, LotMembers, Lots, NextLotId, SecondLife, WeightInfo,
};
use battery_primitives::consortium::{MemberObligations, Obligation};
use frame_support::{assert_noop, dispatch::GetDispatchInfo};

fn ids(serials: impl IntoIterator<Item = u32>) -> Vec<BatteryId> {
	serials.into_iter().map(gbt).collect()
}

fn lot(n: u32) -> crate::LotOf<Test> {
	Lots::<Test>::get(n).expect("a lot")
}

#[test]
fn a_lot_writes_its_stems_not_its_batteries() {
	ExtBuilder::default().build_and_execute(|| {
		// Serials 18 to 25: two stems (…001 and …002).
		let lot_ids = ids(18..26);
		register(&lot_ids);
		assert_eq!(LotMembers::<Test>::iter().count(), 2);
		assert_eq!((lot(0).size, lot(0).unchanged, NextLotId::<Test>::get()), (8, 8, 1));
		assert_eq!(Batteries::<Test>::count(), 0);
		assert_eq!(CustodianBatteries::<Test>::iter().count(), 0);
		assert!(CustodianLots::<Test>::contains_key(manufacturer(), 0));
		// Every member reads as a registered, manufactured battery of its manufacturer.
		for battery in &lot_ids {
			assert!(Battery::is_registered(battery));
			let r = record(battery);
			assert_eq!(
				(r.status, r.custodian, r.registered_at),
				(BatteryStatus::Manufactured, manufacturer(), 1)
			);
			assert_eq!(r.factory_hash, factory().hash());
			let passport = Battery::passport(battery).expect("a passport");
			assert_eq!(passport.status, BatteryStatus::Manufactured);
		}
		assert!(!Battery::is_registered(&gbt(26)));
		assert!(Battery::passport(&gbt(26)).is_none());
	});
}

#[test]
fn an_id_of_a_lot_is_not_registered_again() {
	ExtBuilder::default().build_and_execute(|| {
		register(&ids([1]));
		let before = LotMembers::<Test>::iter().collect::<Vec<_>>();
		let again = batch(&ids([2, 1]));
		assert_noop!(
			Battery::register_batteries(RuntimeOrigin::signed(manufacturer2()), factory(), again),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			Battery::register_batteries(
				RuntimeOrigin::signed(manufacturer()),
				factory(),
				batch(&ids([3, 3]))
			),
			Error::<Test>::DuplicateId
		);
		assert_eq!(LotMembers::<Test>::iter().collect::<Vec<_>>(), before);
		assert_eq!(NextLotId::<Test>::get(), 1);
		// Nor as a second life's new id.
		with_recycler(&gbt(50));
		assert_noop!(
			Battery::register_second_life(
				RuntimeOrigin::signed(recycler()),
				gbt(50),
				SecondLife::Repurposed,
				gbt(1),
				factory(),
			),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn the_first_change_writes_the_battery_s_own_record() {
	ExtBuilder::default().build_and_execute(|| {
		register(&ids([1, 2]));
		handover(&gbt(1), &manufacturer(), &logistics());
		assert!(Batteries::<Test>::contains_key(gbt(1)));
		assert!(!Batteries::<Test>::contains_key(gbt(2)));
		assert_eq!(lot(0).unchanged, 1);
		assert!(CustodianBatteries::<Test>::contains_key(logistics(), gbt(1)));
		assert!(!CustodianBatteries::<Test>::contains_key(manufacturer(), gbt(1)));
		assert!(CustodianLots::<Test>::contains_key(manufacturer(), 0));
		assert_eq!(record(&gbt(1)).custodian, logistics());
		// The custody history still starts with the registration.
		let history = Battery::custody_history(&gbt(1), 0, 10).expect("known");
		assert_eq!(history.total, 2);
		assert_eq!(history.entries[0].custodian, manufacturer());

		// The last unchanged member changes (a freeze): the lot leaves the custody index and
		// the battery, still the manufacturer's, enters it on its own.
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(2)));
		assert_eq!(lot(0).unchanged, 0);
		assert!(!CustodianLots::<Test>::contains_key(manufacturer(), 0));
		assert!(CustodianBatteries::<Test>::contains_key(manufacturer(), gbt(2)));
		assert!(record(&gbt(2)).frozen);
		// A later change does not count again.
		assert_ok!(Battery::unfreeze(RuntimeOrigin::signed(authority()), gbt(2)));
		assert_eq!(lot(0).unchanged, 0);
	});
}

#[test]
fn a_manufacturer_with_an_unchanged_lot_holds_batteries() {
	ExtBuilder::default().build_and_execute(|| {
		register(&ids([1]));
		assert_eq!(
			<Battery as MemberObligations<_>>::obligation(&manufacturer()),
			Some(Obligation::Batteries)
		);
		handover(&gbt(1), &manufacturer(), &logistics());
		assert_eq!(<Battery as MemberObligations<_>>::obligation(&manufacturer()), None);
	});
}

#[test]
fn a_tag_binds_to_an_unchanged_member_without_its_own_record() {
	ExtBuilder::default().build_and_execute(|| {
		register(&ids([1]));
		bind(&gbt(1), 1);
		assert!(crate::Tags::<Test>::contains_key(gbt(1)));
		assert!(!Batteries::<Test>::contains_key(gbt(1)));
	});
}

#[test]
fn a_lot_of_consecutive_serials_weighs_less_than_as_many_scattered_ids() {
	ExtBuilder::default().build_and_execute(|| {
		type W = <Test as crate::Config>::WeightInfo;
		let consecutive = ids(0..8);
		let scattered = ids((0..8).map(|k| k * 10));
		assert_eq!(crate::lots::stem_count(&consecutive), 1);
		assert_eq!(crate::lots::stem_count(&scattered), 8);
		let light = Battery::registration_weight(&consecutive);
		let heavy = Battery::registration_weight(&scattered);
		assert!(light.ref_time() < heavy.ref_time());
		// The lot's weight: its ids, plus what its one stem adds (the slopes' difference).
		let slope = |w: fn(u32) -> frame_support::weights::Weight| w(1).saturating_sub(w(0));
		let stem =
			slope(W::register_scattered_batteries).saturating_sub(slope(W::register_batteries));
		assert_eq!(light, W::register_batteries(8).saturating_add(stem));
		assert!(stem.ref_time() > 0);
		// The call declares it.
		let call = crate::Call::<Test>::register_batteries {
			factory: factory(),
			ids: batch(&consecutive),
		};
		assert_eq!(call.get_dispatch_info().call_weight, light);
	});
}
