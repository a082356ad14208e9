use super::*;
use crate::{CustodyOffers, Error, Event, IdScheme, Life, SecondLife};
use frame_support::assert_noop;
use sp_runtime::DispatchError::BadOrigin;

fn second_life(
	who: &AccountId,
	predecessor: &BatteryId,
	kind: SecondLife,
	battery: &BatteryId,
) -> sp_runtime::DispatchResult {
	Battery::register_second_life(
		RuntimeOrigin::signed(who.clone()),
		predecessor.clone(),
		kind,
		battery.clone(),
		factory(),
	)
}

#[test]
fn a_second_life_links_the_new_passport_to_the_old() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		assert_ok!(Battery::offer_custody(RuntimeOrigin::signed(recycler()), gbt(1), operator()));
		System::set_block_number(7);
		assert_ok!(second_life(&recycler(), &gbt(1), SecondLife::Repurposed, &gs1(1)));
		let events: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Battery(e) => Some(e),
				_ => None,
			})
			.rev()
			.take(3)
			.collect();
		assert_eq!(
			events,
			vec![
				Event::SecondLifeRegistered {
					battery: gs1(1),
					predecessor: gbt(1),
					kind: SecondLife::Repurposed,
					recycler: recycler()
				},
				Event::StatusChanged {
					battery: gbt(1),
					from: BatteryStatus::WithRecycler,
					to: BatteryStatus::Repurposed,
					by: recycler()
				},
				Event::BatteryRegistered {
					battery: gs1(1),
					scheme: IdScheme::Gs1,
					manufacturer: recycler(),
					factory_hash: factory().hash()
				},
			]
		);
		let old = record(&gbt(1));
		assert_eq!(old.status, BatteryStatus::Repurposed);
		assert_eq!(old.status_since, 7);
		assert_eq!(old.successor, Some(gs1(1)));
		assert!(CustodyOffers::<Test>::get(gbt(1)).is_none());
		let new = record(&gs1(1));
		assert_eq!(new.status, BatteryStatus::Manufactured);
		assert_eq!(new.life, Life::Repurposed);
		assert_eq!(new.predecessor, Some(gbt(1)));
		assert_eq!(new.manufacturer, recycler());
		assert_eq!(new.custodian, recycler());
		// The old passport is closed; the new one lives on, and its tag is the recycler's.
		assert_noop!(
			Battery::offer_custody(RuntimeOrigin::signed(recycler()), gbt(1), operator()),
			Error::<Test>::PassportClosed
		);
		let hash = new.factory_hash;
		assert_ok!(Battery::bind_tag(
			RuntimeOrigin::signed(recycler()),
			gs1(1),
			uid(7),
			[7; 32],
			recycler(),
			sign_tag(&pair("Recycler"), &uid(7), &gs1(1), &hash)
		));
		handover(&gs1(1), &recycler(), &logistics());
		step(&gs1(1), &logistics(), BatteryStatus::InTransit);
	});
}

#[test]
fn each_kind_closes_with_its_status() {
	ExtBuilder::default().build_and_execute(|| {
		for (n, kind, status) in [
			(1, SecondLife::Reused, BatteryStatus::Reused),
			(2, SecondLife::Remanufactured, BatteryStatus::Remanufactured),
		] {
			with_recycler(&gbt(n));
			assert_ok!(second_life(&recycler(), &gbt(n), kind, &gs1(n)));
			assert_eq!(record(&gbt(n)).status, status);
			assert_eq!(record(&gs1(n)).life, kind.life());
		}
	});
}

#[test]
fn second_life_errors() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		let r = recycler();
		let kind = SecondLife::Repurposed;
		assert_noop!(
			Battery::register_second_life(RuntimeOrigin::root(), gbt(1), kind, gs1(1), factory()),
			BadOrigin
		);
		assert_noop!(second_life(&operator(), &gbt(1), kind, &gs1(1)), Error::<Test>::MissingRole);
		assert_noop!(second_life(&r, &gbt(9), kind, &gs1(1)), Error::<Test>::UnknownBattery);
		assert_noop!(second_life(&r, &gbt(1), kind, &gbt(1)), Error::<Test>::AlreadyRegistered);
		assert_noop!(
			second_life(&r, &gbt(1), kind, &raw_id(b"not-an-battery")),
			Error::<Test>::UnknownIdFormat
		);
		let mut bad = factory();
		bad.mass_g = 0;
		assert_noop!(
			Battery::register_second_life(
				RuntimeOrigin::signed(r.clone()),
				gbt(1),
				kind,
				gs1(1),
				bad
			),
			Error::<Test>::ZeroRating
		);
		MockConsortium::grant(account("Recycler2"), battery_primitives::consortium::Role::Recycler);
		assert_noop!(
			second_life(&account("Recycler2"), &gbt(1), kind, &gs1(1)),
			Error::<Test>::NotCustodian
		);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(second_life(&r, &gbt(1), kind, &gs1(1)), Error::<Test>::BatteryFrozen);
		assert_ok!(Battery::unfreeze(RuntimeOrigin::signed(authority()), gbt(1)));
		step(&gbt(1), &r, BatteryStatus::Waste);
		assert_noop!(second_life(&r, &gbt(1), kind, &gs1(1)), Error::<Test>::IllegalTransition);
		MockConsortium::suspend(&r);
		assert_noop!(second_life(&r, &gbt(1), kind, &gs1(1)), Error::<Test>::MemberSuspended);
	});
}
