//! Reader keys: who registers one, which keys are refused, rotation and its bounded history.

use super::*;
use crate::{Error, Event, ReaderKeyOwners, ReaderKeys, Role};
use frame_support::{assert_noop, assert_ok, traits::Get};

fn key(n: u8) -> [u8; 32] {
	[n.wrapping_add(0x20); 32]
}

fn set(who: AccountId, k: [u8; 32]) -> frame_support::dispatch::DispatchResult {
	Consortium::set_reader_key(RuntimeOrigin::signed(who), k)
}

#[test]
fn members_and_users_register_reader_keys() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(3);
		assert_ok!(set(OPERATOR, key(1)));
		System::assert_last_event(
			Event::ReaderKeySet { who: OPERATOR, key: key(1), replaced: None }.into(),
		);
		assert_eq!(Consortium::reader_key(&OPERATOR), Some(key(1)));
		assert_eq!(ReaderKeyOwners::<Test>::get(key(1)), Some(OPERATOR));
		let record = ReaderKeys::<Test>::get(OPERATOR).unwrap();
		assert_eq!((record.since, record.retired.len()), (3, 0));
		// A user (registered by an operator) is a reader too.
		assert_ok!(set(USER, key(2)));
		assert_eq!(Consortium::reader_key(&USER), Some(key(2)));
	});
}

#[test]
fn accounts_without_an_active_role_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(set(PAUPER, key(1)), Error::<Test>::NotReader);
		admit(ALICE, Role::Logistics);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), ALICE));
		assert_noop!(set(ALICE, key(1)), Error::<Test>::NotReader);
	});
}

#[test]
fn small_order_and_taken_keys_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let mut one = [0u8; 32];
		one[0] = 1;
		let mut aliased = key(5);
		aliased[31] |= 0x80; // the same X25519 key as key(5) with bit 255 set
		for bad in [[0u8; 32], one, aliased] {
			assert_noop!(set(OPERATOR, bad), Error::<Test>::InvalidReaderKey);
		}
		assert_ok!(set(OPERATOR, key(1)));
		// Another account cannot claim it (its wraps would name two readers), nor can the owner
		// register it again.
		assert_noop!(set(MANUFACTURER, key(1)), Error::<Test>::ReaderKeyInUse);
		assert_noop!(set(OPERATOR, key(1)), Error::<Test>::ReaderKeyInUse);
	});
}

#[test]
fn rotation_keeps_the_replaced_keys_within_the_bound() {
	ExtBuilder::default().build_and_execute(|| {
		let max = <<Test as crate::Config>::MaxRetiredReaderKeys as Get<u32>>::get() as u8;
		System::set_block_number(1);
		assert_ok!(set(OPERATOR, key(0)));
		System::set_block_number(5);
		assert_ok!(set(OPERATOR, key(1)));
		System::assert_last_event(
			Event::ReaderKeySet { who: OPERATOR, key: key(1), replaced: Some(key(0)) }.into(),
		);
		let record = ReaderKeys::<Test>::get(OPERATOR).unwrap();
		assert_eq!(record.current, key(1));
		assert_eq!(
			(record.retired[0].key, record.retired[0].from, record.retired[0].until),
			(key(0), 1, 5)
		);
		// A retired key stays its owner's: nobody else registers it.
		assert_noop!(set(MANUFACTURER, key(0)), Error::<Test>::ReaderKeyInUse);
		// Fill the history; one more rotation drops the oldest and frees it.
		for n in 2..=max + 1 {
			assert_ok!(set(OPERATOR, key(n)));
		}
		let record = ReaderKeys::<Test>::get(OPERATOR).unwrap();
		assert_eq!(record.retired.len(), max as usize);
		assert_eq!(record.retired[0].key, key(1));
		assert_eq!(ReaderKeyOwners::<Test>::get(key(0)), None);
		assert_ok!(set(MANUFACTURER, key(0)));
		// What other pallets see: every kept key, newest first, and each key's owner.
		use battery_primitives::consortium::ConsortiumInspect;
		let kept = <Consortium as ConsortiumInspect<_>>::reader_keys_of(&OPERATOR);
		assert_eq!(kept.len(), max as usize + 1);
		assert_eq!(kept[0], key(max + 1));
		assert!(kept.contains(&key(1)) && !kept.contains(&key(0)));
		assert_eq!(<Consortium as ConsortiumInspect<_>>::reader_key_owner(&key(1)), Some(OPERATOR));
		assert_eq!(
			<Consortium as ConsortiumInspect<_>>::reader_key_owner(&key(0)),
			Some(MANUFACTURER)
		);
	});
}

#[test]
fn the_approval_origin_sets_the_authority_reader_key() {
	ExtBuilder::default().build_and_execute(|| {
		use battery_primitives::consortium::ConsortiumInspect;
		assert_noop!(
			Consortium::set_authority_reader_key(RuntimeOrigin::signed(AUTHORITY), key(9)),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Consortium::set_authority_reader_key(RuntimeOrigin::root(), key(9)));
		System::assert_last_event(
			Event::AuthorityReaderKeySet { key: key(9), replaced: None }.into(),
		);
		assert_eq!(<Consortium as ConsortiumInspect<_>>::authority_reader_key(), Some(key(9)));
		// No account may register the Authority's key, and the Authority's key may not be an
		// account's.
		assert_noop!(set(OPERATOR, key(9)), Error::<Test>::ReaderKeyInUse);
		assert_ok!(set(OPERATOR, key(1)));
		assert_noop!(
			Consortium::set_authority_reader_key(RuntimeOrigin::root(), key(1)),
			Error::<Test>::ReaderKeyInUse
		);
		assert_noop!(
			Consortium::set_authority_reader_key(RuntimeOrigin::root(), [0; 32]),
			Error::<Test>::InvalidReaderKey
		);
		assert_ok!(Consortium::set_authority_reader_key(RuntimeOrigin::root(), key(10)));
		System::assert_last_event(
			Event::AuthorityReaderKeySet { key: key(10), replaced: Some(key(9)) }.into(),
		);
	});
}

#[test]
fn only_active_accounts_receive_new_records() {
	ExtBuilder::default().build_and_execute(|| {
		use battery_primitives::consortium::ConsortiumInspect;
		admit(ALICE, Role::Logistics);
		assert_ok!(set(ALICE, key(3)));
		assert_eq!(<Consortium as ConsortiumInspect<_>>::reader_key(&ALICE), Some(key(3)));
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), ALICE));
		assert_eq!(<Consortium as ConsortiumInspect<_>>::reader_key(&ALICE), None);
		assert_eq!(Consortium::reader_key(&ALICE), Some(key(3)), "the key itself is kept");
		assert_eq!(<Consortium as ConsortiumInspect<_>>::reader_key(&STRANGER_WITHOUT_KEY), None);
	});
}

const STRANGER_WITHOUT_KEY: AccountId = 77;
