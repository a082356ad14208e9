use super::*;
use crate::{
	BatteryLifecycle, CustodyEntry, CustodyHistoryCount, CustodyOffer, CustodyOffers, CustodyVia,
	Error, Event,
};
use battery_primitives::read::ReadError;
use frame_support::assert_noop;
use sp_runtime::DispatchError::BadOrigin;

/// A custody change made by a shipment (its number and batch ID).
const SHIPPED: CustodyVia = CustodyVia::Shipment { shipment: 4, batch: 2 };

fn offer(battery: &BatteryId, from: &AccountId, to: &AccountId) -> sp_runtime::DispatchResult {
	Battery::offer_custody(RuntimeOrigin::signed(from.clone()), battery.clone(), to.clone())
}

fn accept(battery: &BatteryId, who: &AccountId) -> sp_runtime::DispatchResult {
	Battery::accept_custody(RuntimeOrigin::signed(who.clone()), battery.clone())
}

#[test]
fn two_step_handover_works() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_ok!(offer(&gbt(1), &manufacturer(), &logistics()));
		let expires_at = 1 + OFFER_TIMEOUT;
		assert_eq!(
			last_event(),
			Event::CustodyOffered {
				battery: gbt(1),
				from: manufacturer(),
				to: logistics(),
				expires_at
			}
		);
		assert_eq!(
			CustodyOffers::<Test>::get(gbt(1)),
			Some(CustodyOffer { from: manufacturer(), to: logistics(), expires_at })
		);
		// Still the manufacturer's until accepted.
		assert_eq!(record(&gbt(1)).custodian, manufacturer());
		System::set_block_number(expires_at);
		assert_ok!(accept(&gbt(1), &logistics()));
		assert_eq!(
			last_event(),
			Event::CustodyTransferred { battery: gbt(1), from: manufacturer(), to: logistics() }
		);
		assert_eq!(record(&gbt(1)).custodian, logistics());
		assert!(CustodyOffers::<Test>::get(gbt(1)).is_none());
	});
}

#[test]
fn a_new_offer_replaces_the_pending_one() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_ok!(offer(&gbt(1), &manufacturer(), &logistics()));
		assert_ok!(offer(&gbt(1), &manufacturer(), &operator()));
		assert_noop!(accept(&gbt(1), &logistics()), Error::<Test>::NotOfferRecipient);
		assert_ok!(accept(&gbt(1), &operator()));
	});
}

#[test]
fn cancel_by_either_party() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_ok!(offer(&gbt(1), &manufacturer(), &logistics()));
		assert_ok!(Battery::cancel_custody_offer(RuntimeOrigin::signed(manufacturer()), gbt(1)));
		assert_eq!(
			last_event(),
			Event::CustodyOfferCancelled { battery: gbt(1), by: manufacturer() }
		);
		assert_ok!(offer(&gbt(1), &manufacturer(), &logistics()));
		assert_ok!(Battery::cancel_custody_offer(RuntimeOrigin::signed(logistics()), gbt(1)));
		assert_eq!(last_event(), Event::CustodyOfferCancelled { battery: gbt(1), by: logistics() });
		assert!(CustodyOffers::<Test>::get(gbt(1)).is_none());
		assert_eq!(record(&gbt(1)).custodian, manufacturer());
	});
}

#[test]
fn offer_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let m = manufacturer();
		assert_noop!(Battery::offer_custody(RuntimeOrigin::root(), gbt(1), logistics()), BadOrigin);
		assert_noop!(offer(&gbt(9), &m, &logistics()), Error::<Test>::UnknownBattery);
		assert_noop!(offer(&gbt(1), &logistics(), &operator()), Error::<Test>::NotCustodian);
		assert_noop!(offer(&gbt(1), &m, &m), Error::<Test>::AlreadyCustodian);
		assert_noop!(offer(&gbt(1), &m, &stranger()), Error::<Test>::RecipientNotMember);
		// A user is not an organisation that can hold batteries.
		assert_noop!(offer(&gbt(1), &m, &user()), Error::<Test>::RecipientNotMember);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(offer(&gbt(1), &m, &logistics()), Error::<Test>::BatteryFrozen);
		assert_ok!(Battery::unfreeze(RuntimeOrigin::signed(authority()), gbt(1)));
		MockConsortium::suspend(&m);
		assert_noop!(offer(&gbt(1), &m, &logistics()), Error::<Test>::NotMember);
	});
}

#[test]
fn offer_of_an_assigned_or_closed_battery_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assigned(&gbt(1));
		assert_noop!(offer(&gbt(1), &operator(), &operator2()), Error::<Test>::StillAssigned);
		with_recycler(&gbt(2));
		step(&gbt(2), &recycler(), BatteryStatus::Waste);
		step(&gbt(2), &recycler(), BatteryStatus::Recycled);
		assert_noop!(offer(&gbt(2), &recycler(), &operator()), Error::<Test>::PassportClosed);
	});
}

#[test]
fn accept_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_noop!(Battery::accept_custody(RuntimeOrigin::none(), gbt(1)), BadOrigin);
		assert_noop!(accept(&gbt(1), &logistics()), Error::<Test>::NoCustodyOffer);
		assert_ok!(offer(&gbt(1), &manufacturer(), &logistics()));
		assert_noop!(accept(&gbt(1), &operator()), Error::<Test>::NotOfferRecipient);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(accept(&gbt(1), &logistics()), Error::<Test>::BatteryFrozen);
		assert_ok!(Battery::unfreeze(RuntimeOrigin::signed(authority()), gbt(1)));
		MockConsortium::suspend(logistics());
		assert_noop!(accept(&gbt(1), &logistics()), Error::<Test>::RecipientNotMember);
	});
}

#[test]
fn an_expired_offer_cannot_be_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_ok!(offer(&gbt(1), &manufacturer(), &logistics()));
		System::set_block_number(2 + OFFER_TIMEOUT);
		assert_noop!(accept(&gbt(1), &logistics()), Error::<Test>::OfferExpired);
		// Expired offers can still be cleaned up.
		assert_ok!(Battery::cancel_custody_offer(RuntimeOrigin::signed(logistics()), gbt(1)));
	});
}

#[test]
fn cancel_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_noop!(Battery::cancel_custody_offer(RuntimeOrigin::root(), gbt(1)), BadOrigin);
		assert_noop!(
			Battery::cancel_custody_offer(RuntimeOrigin::signed(manufacturer()), gbt(1)),
			Error::<Test>::NoCustodyOffer
		);
		assert_ok!(offer(&gbt(1), &manufacturer(), &logistics()));
		assert_noop!(
			Battery::cancel_custody_offer(RuntimeOrigin::signed(operator()), gbt(1)),
			Error::<Test>::NotOfferParty
		);
	});
}

#[test]
fn other_pallets_set_the_custodian() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_ok!(offer(&gbt(1), &manufacturer(), &operator()));
		assert_ok!(<Battery as BatteryLifecycle<_>>::set_custodian(&gbt(1), &logistics(), SHIPPED));
		assert_eq!(
			last_event(),
			Event::CustodyTransferred { battery: gbt(1), from: manufacturer(), to: logistics() }
		);
		assert_eq!(<Battery as BatteryLifecycle<_>>::custodian(&gbt(1)), Some(logistics()));
		// The direct offer of the former custodian is void.
		assert!(CustodyOffers::<Test>::get(gbt(1)).is_none());
		let set =
			|to: AccountId| <Battery as BatteryLifecycle<_>>::set_custodian(&gbt(1), &to, SHIPPED);
		assert_noop!(set(logistics()), Error::<Test>::AlreadyCustodian);
		assert_noop!(set(stranger()), Error::<Test>::RecipientNotMember);
		assert_noop!(
			<Battery as BatteryLifecycle<_>>::set_custodian(&gbt(9), &operator(), SHIPPED),
			Error::<Test>::UnknownBattery
		);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(set(operator()), Error::<Test>::BatteryFrozen);
	});
}

#[test]
fn the_custody_history_keeps_every_custodian_and_how_it_took_over() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(2);
		register(&[gbt(1)]);
		System::set_block_number(3);
		assert_ok!(<Battery as BatteryLifecycle<_>>::set_custodian(&gbt(1), &logistics(), SHIPPED));
		System::set_block_number(4);
		assert_ok!(offer(&gbt(1), &logistics(), &operator()));
		assert_ok!(accept(&gbt(1), &operator()));
		let entry = |index, custodian, since, via| CustodyEntry { index, custodian, since, via };
		let all = vec![
			entry(0, manufacturer(), 2, CustodyVia::Registration),
			entry(1, logistics(), 3, SHIPPED),
			entry(2, operator(), 4, CustodyVia::Handover),
		];
		let history = Battery::custody_history(&gbt(1), 0, 10).expect("known");
		assert_eq!((history.total, history.entries), (3, all.clone()));
		// Pages: from an index, at most `limit`; past the end, empty.
		let page = Battery::custody_history(&gbt(1), 1, 1).expect("known");
		assert_eq!((page.total, page.entries), (3, all[1..2].to_vec()));
		assert_eq!(Battery::custody_history(&gbt(1), 3, 10).expect("known").entries, vec![]);
		assert_eq!(Battery::custody_history(&gbt(1), u32::MAX, u32::MAX).expect("known").total, 3);
		// Refused changes add nothing.
		assert_noop!(accept(&gbt(1), &operator()), Error::<Test>::NoCustodyOffer);
		assert_eq!(CustodyHistoryCount::<Test>::get(gbt(1)), 3);
		assert_eq!(Battery::custody_history(&gbt(9), 0, 10), Err(ReadError::UnknownBattery));
		assert_eq!(Battery::custody_history(&[b'A'; 200], 0, 10), Err(ReadError::InvalidBatteryId));
	});
}

#[test]
fn a_second_life_starts_its_own_history() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		assert_ok!(Battery::register_second_life(
			RuntimeOrigin::signed(recycler()),
			gbt(1),
			crate::SecondLife::Repurposed,
			gs1(1),
			factory(),
		));
		let successor = Battery::custody_history(&gs1(1), 0, 10).expect("known");
		assert_eq!(successor.total, 1);
		assert_eq!(
			(successor.entries[0].custodian.clone(), successor.entries[0].via),
			(recycler(), CustodyVia::Registration)
		);
		// The closed passport keeps its history: manufacturer, carrier, operator, recycler.
		let old = Battery::custody_history(&gbt(1), 0, 10).expect("known");
		let custodians: Vec<_> = old.entries.into_iter().map(|e| e.custodian).collect();
		assert_eq!(custodians, vec![manufacturer(), logistics(), operator(), recycler()]);
	});
}

#[test]
fn the_manufacturing_date_comes_from_the_factory_data() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_eq!(
			<Battery as BatteryLifecycle<_>>::manufactured_on(&gbt(1)),
			Some(factory().manufacturing_date)
		);
		assert_eq!(<Battery as BatteryLifecycle<_>>::manufactured_on(&gbt(9)), None);
	});
}

#[test]
fn a_passport_from_before_the_history_starts_its_history_at_its_next_change() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		own_record(&gbt(1));
		// A passport registered before the custody history existed, whose custody moved then:
		// no stored history, another custodian.
		crate::Batteries::<Test>::mutate(gbt(1), |record| {
			if let Some(record) = record {
				record.custodian = logistics();
			}
		});
		crate::CustodianBatteries::<Test>::remove(manufacturer(), gbt(1));
		crate::CustodianBatteries::<Test>::insert(logistics(), gbt(1), ());
		// Nothing is made up: no history.
		let history = Battery::custody_history(&gbt(1), 0, 10).expect("known");
		assert_eq!((history.total, history.entries), (0, vec![]));
		// Its next change is its entry 0, as before the registration was implied.
		handover(&gbt(1), &logistics(), &operator());
		let history = Battery::custody_history(&gbt(1), 0, 10).expect("known");
		assert_eq!(history.total, 1);
		assert_eq!(history.entries[0].custodian, operator());
		assert_eq!(history.entries[0].via, CustodyVia::Handover);
		Battery::do_try_state().unwrap();
	});
}
