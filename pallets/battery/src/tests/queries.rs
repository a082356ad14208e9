use super::*;
use crate::{IdScheme, Life};
use battery_primitives::{
	battery::{BatteryIdError, CustodyOfferView, CustodyView, PassportView, UsageView},
	consortium::MAX_SUBJECT_LEN,
	read::ReadError,
};

#[test]
fn passport_is_public_and_complete() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let tag = bind(&gbt(1), 1);
		let passport = Battery::passport(&gbt(1)).unwrap();
		assert_eq!(passport.id, gbt(1));
		assert_eq!(passport.id_scheme, IdScheme::Gbt34014);
		assert_eq!(passport.manufacturer, manufacturer());
		assert_eq!(passport.factory, factory());
		assert_eq!(passport.factory_hash, factory().hash());
		assert_eq!(passport.status, BatteryStatus::Manufactured);
		assert_eq!(passport.life, Life::Original);
		assert_eq!(passport.predecessor, None);
		let tag_view = passport.tag.clone().unwrap();
		assert_eq!(tag_view.uid, tag);
		assert_eq!(tag_view.signer, manufacturer());
		assert_eq!(Battery::passport(&gbt(2)), None);
		assert_eq!(Battery::passport(&[b'1'; 100]), None);
	});
}

#[test]
fn passport_serialises_to_the_documented_json() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		bind(&gbt(1), 1);
		let passport = Battery::passport(&gbt(1)).unwrap();
		let json = serde_json::to_value(&passport).unwrap();
		let ss58 = |a: &AccountId| serde_json::Value::String(a.to_string());
		assert_eq!(json["id"], "03HPE0A2D000C7LB50000001");
		assert_eq!(json["idScheme"], "Gbt34014");
		assert_eq!(json["manufacturer"], ss58(&manufacturer()));
		assert_eq!(json["status"], "Manufactured");
		assert_eq!(json["life"], "Original");
		assert_eq!(json["predecessor"], serde_json::Value::Null);
		assert_eq!(json["frozen"], false);
		assert_eq!(json["statusSince"], 1);
		assert_eq!(json["factoryHash"], battery_primitives::battery::to_hex(&factory().hash()));
		let f = &json["factory"];
		assert_eq!(f["model"], "CB-75 LFP pack");
		assert_eq!(f["chemistry"], "Lfp");
		assert_eq!(f["ratedCapacityMah"], 230_000);
		assert_eq!(f["nominalVoltageMv"], 332_800);
		assert_eq!(f["maxDischargeRateMilliC"], 3_000);
		assert_eq!(f["manufacturingDate"], "2025-03-14");
		assert_eq!(f["manufacturingPlace"], "Ningde plant 3");
		assert_eq!(json["tag"]["uid"], "0x04a1b2c3d4e501");
		assert_eq!(json["tag"]["ndefHash"], battery_primitives::battery::to_hex(&[9; 32]));
		// And back: the JSON is the passport.
		let back: PassportView<AccountId, u32> = serde_json::from_value(json).unwrap();
		assert_eq!(back, passport);
	});
}

#[test]
fn second_life_links_show_in_the_passport() {
	ExtBuilder::default().build_and_execute(|| {
		with_recycler(&gbt(1));
		assert_ok!(Battery::register_second_life(
			RuntimeOrigin::signed(recycler()),
			gbt(1),
			crate::SecondLife::Reused,
			gs1(1),
			factory()
		));
		let old = serde_json::to_value(Battery::passport(&gbt(1)).unwrap()).unwrap();
		assert_eq!(old["status"], "Reused");
		assert_eq!(old["successor"], "(01)04006381333931(21)SN-1");
		let new = serde_json::to_value(Battery::passport(&gs1(1)).unwrap()).unwrap();
		assert_eq!(new["life"], "Reused");
		assert_eq!(new["idScheme"], "Gs1");
		assert_eq!(new["predecessor"], "03HPE0A2D000C7LB50000001");
	});
}

#[test]
fn battery_reads_are_public_or_sealed() {
	use battery_primitives::{consortium::DataCategory, sealed::placeholder_envelope};
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		assert_ok!(Battery::offer_custody(RuntimeOrigin::signed(operator()), gbt(1), operator2()));
		// Custody is an access-control relation, public like the calls that change it.
		assert_eq!(
			Battery::custody(&gbt(1)),
			Ok(CustodyView {
				custodian: operator(),
				offer: Some(CustodyOfferView { to: operator2(), expires_at: 1 + OFFER_TIMEOUT })
			})
		);
		assert_ok!(Battery::cancel_custody_offer(RuntimeOrigin::signed(operator()), gbt(1)));

		// Usage: the assignment is public, the running mode sealed.
		assert_eq!(
			Battery::usage(&gbt(1)),
			Ok(UsageView { assigned_user: None, running_mode: None })
		);
		assert_ok!(Battery::assign_user(RuntimeOrigin::signed(operator()), gbt(1), user()));
		crate::mock::MockConsortium::set_reader_key(user(), [0x13; 32]);
		let mode = placeholder_envelope(DataCategory::Usage, &gbt(1), &[[0x13; 32]], 49);
		assert_ok!(Battery::set_running_mode(RuntimeOrigin::signed(user()), gbt(1), mode.clone()));
		let usage = Battery::usage(&gbt(1)).unwrap();
		assert_eq!(usage.assigned_user, Some(user()));
		assert_eq!(usage.running_mode.map(|record| record.mode), Some(mode));

		// Maintenance: anyone fetches the records; their details are sealed envelopes.
		let details = placeholder_envelope(DataCategory::Maintenance, &gbt(1), &[[0x13; 32]], 64);
		assert_ok!(Battery::add_maintenance(
			RuntimeOrigin::signed(operator()),
			gbt(1),
			battery_primitives::battery::Date::new(2026, 1, 2),
			crate::MaintenanceKind::Balancing,
			details.clone(),
		));
		let log = Battery::maintenance(&gbt(1)).unwrap();
		assert_eq!(log.total, 1);
		assert_eq!(log.records.len(), 1);
		assert_eq!(log.records[0].details, details);
	});
}

#[test]
fn battery_reads_check_the_id_then_the_battery() {
	ExtBuilder::default().build_and_execute(|| {
		in_service(&gbt(1));
		let too_long = [b'1'; MAX_SUBJECT_LEN as usize + 1];
		assert_eq!(Battery::custody(&too_long), Err(ReadError::InvalidBatteryId));
		assert_eq!(Battery::usage(&too_long), Err(ReadError::InvalidBatteryId));
		assert_eq!(Battery::maintenance(&too_long), Err(ReadError::InvalidBatteryId));
		assert_eq!(Battery::custody(&gbt(9)), Err(ReadError::UnknownBattery));
		assert_eq!(Battery::usage(&gbt(9)), Err(ReadError::UnknownBattery));
		assert_eq!(Battery::maintenance(&gbt(9)), Err(ReadError::UnknownBattery));
		// The public passport of either is simply absent.
		assert_eq!(Battery::passport(&too_long), None);
		assert_eq!(Battery::passport(&gbt(9)), None);
	});
}

#[test]
fn check_id_tells_the_scheme_or_the_reason() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Battery::check_id(&gbt(1)), Ok(IdScheme::Gbt34014));
		assert_eq!(Battery::check_id(&gs1(1)), Ok(IdScheme::Gs1));
		assert_eq!(
			Battery::check_id(b"(01)04006381333930(21)X"),
			Err(BatteryIdError::GtinCheckDigit)
		);
	});
}
