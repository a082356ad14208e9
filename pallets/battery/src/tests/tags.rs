use super::*;
use crate::{Error, Event, SigningKeyCount, SigningKeys, TagOwners, Tags};
use frame_support::assert_noop;
use sp_core::{ed25519, Pair};
use sp_runtime::{DispatchError::BadOrigin, MultiSignature};

#[test]
fn add_and_remove_signing_keys() {
	ExtBuilder::default().build_and_execute(|| {
		let key = account("Line1");
		assert_ok!(Battery::add_signing_key(RuntimeOrigin::signed(manufacturer()), key.clone()));
		assert_eq!(
			last_event(),
			Event::SigningKeyAdded { owner: manufacturer(), key: key.clone() }
		);
		assert_eq!(SigningKeys::<Test>::get(&key).unwrap().owner, manufacturer());
		assert_eq!(SigningKeyCount::<Test>::get(manufacturer()), 1);
		assert!(Battery::signs_for(&key, &manufacturer()));
		assert!(!Battery::signs_for(&key, &manufacturer2()));
		// A recycler signs second-life tags.
		assert_ok!(Battery::add_signing_key(RuntimeOrigin::signed(recycler()), account("R1")));

		assert_ok!(Battery::remove_signing_key(RuntimeOrigin::signed(manufacturer()), key.clone()));
		assert_eq!(
			last_event(),
			Event::SigningKeyRemoved { owner: manufacturer(), key: key.clone() }
		);
		assert!(SigningKeys::<Test>::get(&key).is_none());
		assert_eq!(SigningKeyCount::<Test>::get(manufacturer()), 0);
	});
}

#[test]
fn add_signing_key_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let key = account("Line1");
		assert_noop!(Battery::add_signing_key(RuntimeOrigin::root(), key.clone()), BadOrigin);
		assert_noop!(
			Battery::add_signing_key(RuntimeOrigin::signed(stranger()), key.clone()),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Battery::add_signing_key(RuntimeOrigin::signed(operator()), key.clone()),
			Error::<Test>::MissingRole
		);
		assert_noop!(
			Battery::add_signing_key(RuntimeOrigin::signed(manufacturer()), manufacturer()),
			Error::<Test>::SigningKeyIsSelf
		);
		assert_ok!(Battery::add_signing_key(RuntimeOrigin::signed(manufacturer2()), key.clone()));
		assert_noop!(
			Battery::add_signing_key(RuntimeOrigin::signed(manufacturer()), key),
			Error::<Test>::SigningKeyInUse
		);
		// MaxSigningKeys is 2.
		assert_ok!(Battery::add_signing_key(RuntimeOrigin::signed(manufacturer()), account("A")));
		assert_ok!(Battery::add_signing_key(RuntimeOrigin::signed(manufacturer()), account("B")));
		assert_noop!(
			Battery::add_signing_key(RuntimeOrigin::signed(manufacturer()), account("C")),
			Error::<Test>::TooManySigningKeys
		);
		MockConsortium::suspend(manufacturer());
		assert_noop!(
			Battery::add_signing_key(RuntimeOrigin::signed(manufacturer()), account("D")),
			Error::<Test>::NotMember
		);
	});
}

#[test]
fn remove_signing_key_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let key = account("Line1");
		assert_noop!(Battery::remove_signing_key(RuntimeOrigin::none(), key.clone()), BadOrigin);
		assert_noop!(
			Battery::remove_signing_key(RuntimeOrigin::signed(manufacturer()), key.clone()),
			Error::<Test>::UnknownSigningKey
		);
		assert_ok!(Battery::add_signing_key(RuntimeOrigin::signed(manufacturer2()), key.clone()));
		assert_noop!(
			Battery::remove_signing_key(RuntimeOrigin::signed(manufacturer()), key),
			Error::<Test>::UnknownSigningKey
		);
	});
}

#[test]
fn bind_tag_with_the_manufacturer_key() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let tag = bind(&gbt(1), 1);
		assert_eq!(
			last_event(),
			Event::TagBound {
				battery: gbt(1),
				uid: tag.clone(),
				ndef_hash: [9; 32],
				signer: manufacturer(),
				replaced: None
			}
		);
		let binding = Tags::<Test>::get(gbt(1)).unwrap();
		assert_eq!(binding.uid, tag);
		assert_eq!(binding.signer, manufacturer());
		assert_eq!(binding.bound_at, 1);
		assert_eq!(TagOwners::<Test>::get(&tag), Some(gbt(1)));
	});
}

#[test]
fn bind_tag_with_a_signing_key_sr25519_and_ed25519() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1), gbt(2)]);
		let hash = record(&gbt(1)).factory_hash;
		let line = pair("Line1");
		assert_ok!(Battery::add_signing_key(
			RuntimeOrigin::signed(manufacturer()),
			line.public().into()
		));
		assert_ok!(Battery::bind_tag(
			RuntimeOrigin::signed(manufacturer()),
			gbt(1),
			uid(1),
			[1; 32],
			line.public().into(),
			sign_tag(&line, &uid(1), &gbt(1), &hash)
		));
		let ed = ed25519::Pair::from_string("//Line2", None).unwrap();
		let ed_account: AccountId = ed.public().into();
		assert_ok!(Battery::add_signing_key(
			RuntimeOrigin::signed(manufacturer()),
			ed_account.clone()
		));
		let payload = crate::tag_signing_payload(&uid(2), &gbt(2), &hash);
		assert_ok!(Battery::bind_tag(
			RuntimeOrigin::signed(manufacturer()),
			gbt(2),
			uid(2),
			[2; 32],
			ed_account.clone(),
			MultiSignature::Ed25519(ed.sign(&payload))
		));
		assert_eq!(Tags::<Test>::get(gbt(2)).unwrap().signer, ed_account);
	});
}

#[test]
fn rebinding_replaces_the_tag() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let old = bind(&gbt(1), 1);
		let new = bind(&gbt(1), 2);
		assert_eq!(
			last_event(),
			Event::TagBound {
				battery: gbt(1),
				uid: new.clone(),
				ndef_hash: [9; 32],
				signer: manufacturer(),
				replaced: Some(old.clone())
			}
		);
		assert_eq!(TagOwners::<Test>::get(&old), None);
		assert_eq!(TagOwners::<Test>::get(&new), Some(gbt(1)));
		// Re-writing the same tag is not a replacement.
		bind(&gbt(1), 2);
		assert!(matches!(last_event(), Event::TagBound { replaced: None, .. }));
	});
}

#[test]
fn bind_tag_errors() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1), gbt(2)]);
		let hash = record(&gbt(1)).factory_hash;
		let mk = pair("Manufacturer");
		let sig = |uid: &[u8], battery: &BatteryId| sign_tag(&mk, uid, battery, &hash);
		let bind_as = |who: AccountId, battery: BatteryId, tag: TagUid, signer: AccountId, s| {
			Battery::bind_tag(RuntimeOrigin::signed(who), battery, tag, [0; 32], signer, s)
		};
		let m = manufacturer;
		assert_noop!(
			Battery::bind_tag(
				RuntimeOrigin::root(),
				gbt(1),
				uid(1),
				[0; 32],
				m(),
				sig(&uid(1), &gbt(1))
			),
			BadOrigin
		);
		assert_noop!(
			bind_as(m(), gbt(9), uid(1), m(), sig(&uid(1), &gbt(9))),
			Error::<Test>::UnknownBattery
		);
		assert_noop!(
			bind_as(manufacturer2(), gbt(1), uid(1), m(), sig(&uid(1), &gbt(1))),
			Error::<Test>::NotManufacturer
		);
		assert_noop!(
			bind_as(m(), gbt(1), vec![1, 2, 3].try_into().unwrap(), m(), sig(&[1, 2, 3], &gbt(1))),
			Error::<Test>::InvalidTagUid
		);
		// The signer must be the manufacturer or its key.
		let other = pair("Manufacturer2");
		assert_noop!(
			bind_as(
				m(),
				gbt(1),
				uid(1),
				manufacturer2(),
				sign_tag(&other, &uid(1), &gbt(1), &hash)
			),
			Error::<Test>::UnknownSigner
		);
		// A signature made for another tag (a cloned tag's content) or another battery.
		assert_noop!(
			bind_as(m(), gbt(1), uid(1), m(), sig(&uid(2), &gbt(1))),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			bind_as(m(), gbt(1), uid(1), m(), sig(&uid(1), &gbt(2))),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			bind_as(m(), gbt(1), uid(1), m(), sign_tag(&mk, &uid(1), &gbt(1), &[0; 32])),
			Error::<Test>::BadSignature
		);
		// One UID, one battery.
		bind(&gbt(2), 1);
		assert_noop!(
			bind_as(m(), gbt(1), uid(1), m(), sig(&uid(1), &gbt(1))),
			Error::<Test>::TagAlreadyBound
		);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_noop!(
			bind_as(m(), gbt(1), uid(3), m(), sig(&uid(3), &gbt(1))),
			Error::<Test>::BatteryFrozen
		);
		MockConsortium::suspend(manufacturer());
		assert_noop!(
			bind_as(m(), gbt(1), uid(3), m(), sig(&uid(3), &gbt(1))),
			Error::<Test>::MemberSuspended
		);
	});
}

#[test]
fn bind_tag_on_a_closed_passport_fails() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		step(&gbt(1), &recycler(), BatteryStatus::Waste);
		step(&gbt(1), &recycler(), BatteryStatus::Recycled);
		let hash = record(&gbt(1)).factory_hash;
		assert_noop!(
			Battery::bind_tag(
				RuntimeOrigin::signed(manufacturer()),
				gbt(1),
				uid(1),
				[0; 32],
				manufacturer(),
				sign_tag(&pair("Manufacturer"), &uid(1), &gbt(1), &hash)
			),
			Error::<Test>::PassportClosed
		);
	});
}
