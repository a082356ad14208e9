use super::{catenax::*, example::*, *};
use crate::battery::{BatteryStatus, Chemistry, Date, FactoryData, IdScheme, Life, PassportView};
use alloc::{string::String, vec, vec::Vec};
use serde_json::Value;
use sp_runtime::BoundedVec;

const CHAIN: [u8; 32] = [7; 32];
/// 2025-06-01T00:00:00Z.
const DECLARED_MS: u64 = 1_748_736_000_000;

fn factory() -> FactoryData {
	FactoryData {
		model: b"BC-NMC-75".to_vec().try_into().unwrap(),
		chemistry: Chemistry::Nmc,
		rated_capacity_mah: 200_000,
		min_voltage_mv: 300_000,
		nominal_voltage_mv: 370_000,
		max_voltage_mv: 420_000,
		rated_energy_wh: 74_000,
		max_charge_rate_milli_c: 1_000,
		max_discharge_rate_milli_c: 3_000,
		mass_g: 450_000,
		manufacturing_place: b"Plant 1".to_vec().try_into().unwrap(),
		manufacturing_date: Date::new(2025, 3, 14),
		expected_cycle_life: 3_000,
		warranty_months: 96,
	}
}

fn passport(status: BatteryStatus, life: Life) -> PassportView<u64, u32> {
	PassportView {
		id: b"03HPE0A2D000C7LB50000001".to_vec().try_into().unwrap(),
		id_scheme: IdScheme::Gbt34014,
		manufacturer: 1,
		factory: factory(),
		factory_hash: factory().hash(),
		status,
		status_since: 10,
		registered_at: 5,
		life,
		predecessor: None,
		successor: None,
		frozen: false,
		tag: None,
		accidents: 0,
	}
}

fn view(attributes: Vec<Attribute>) -> PassportExportView<u64, u32> {
	let count = attributes.len() as u32;
	PassportExportView {
		passport: passport(BatteryStatus::InService, Life::Original),
		model: ModelPassportView {
			operator: 1,
			model: factory().model,
			version: count,
			first_declared_ms: DECLARED_MS,
			updated_ms: DECLARED_MS + 86_400_000,
			attributes: attributes
				.into_iter()
				.map(|attribute| AttributeView {
					attribute,
					version: 1,
					declared_at: 3,
					declared_ms: DECLARED_MS,
				})
				.collect(),
			missing: vec![],
		},
	}
}

fn public_export() -> Value {
	export(&view(model_attributes()), &CHAIN, Tier::Public, None).unwrap()
}

/// What a reader who opened the link of every restricted document of the sample holds.
fn opened_everything() -> DynamicData {
	let documents = DocumentKind::ALL
		.into_iter()
		.filter(|kind| kind.tier() != Tier::Public)
		.map(|kind| OpenedDocument {
			kind,
			header: alloc::format!("{kind:?}"),
			url: alloc::format!("https://sealed.example/{kind:?}"),
		})
		.collect();
	DynamicData { at_ms: DECLARED_MS, documents, ..Default::default() }
}

/// The opened links of the restricted documents `tier` may not read.
fn urls_above(tier: Tier) -> Vec<String> {
	opened_everything()
		.documents
		.into_iter()
		.filter(|doc| doc.kind.tier() > tier)
		.map(|doc| doc.url)
		.collect()
}

#[test]
fn the_sample_is_valid_and_declares_every_key_once() {
	let attributes = model_attributes();
	for attribute in &attributes {
		assert_eq!(attribute.validate(), Ok(()), "{:?}", attribute.key());
	}
	let keys: Vec<AttributeKey> = attributes.iter().map(Attribute::key).collect();
	assert_eq!(keys, AttributeKey::all().collect::<Vec<_>>());
	assert_eq!(AttributeKey::all().count() as u32, AttributeKey::COUNT);
	assert_eq!(largest_attribute().validate(), Ok(()));
	assert_eq!(restricted_documents(MODEL, &[OPERATOR_KEY, AUTHORITY_KEY]).validate(), Ok(()));
}

#[test]
fn tiers_follow_annex_xiii() {
	assert!(AttributeKey::GROUPS.iter().all(|key| key.tier() == Tier::Public));
	assert_eq!(DocumentKind::DeclarationOfConformity.tier(), Tier::Public);
	assert_eq!(DocumentKind::Dismantling.tier(), Tier::LegitimateInterest);
	assert_eq!(DocumentKind::DetailedComposition.tier(), Tier::LegitimateInterest);
	assert_eq!(DocumentKind::SpareParts.tier(), Tier::LegitimateInterest);
	assert_eq!(DocumentKind::TestReport.tier(), Tier::Authority);
	assert!(Tier::Public < Tier::LegitimateInterest && Tier::LegitimateInterest < Tier::Authority);
}

fn materials() -> Materials {
	match model_attributes().remove(3) {
		Attribute::Materials(m) => m,
		_ => unreachable!(),
	}
}

fn performance() -> Performance {
	match model_attributes().remove(4) {
		Attribute::Performance(p) => p,
		_ => unreachable!(),
	}
}

#[test]
fn validation_rejects_what_cannot_be_true() {
	let mut m = materials();
	m.nickel.name = BoundedVec::default();
	assert_eq!(Attribute::Materials(m).validate(), Err(AttributeError::Empty));
	let mut m = materials();
	m.cobalt.location = BoundedVec::truncate_from(vec![0xff, 0xfe]);
	assert_eq!(Attribute::Materials(m).validate(), Err(AttributeError::NotUtf8));
	let mut m = materials();
	m.lithium.recycled_permille = 1_001;
	assert_eq!(Attribute::Materials(m).validate(), Err(AttributeError::OutOfRange));
	let mut m = materials();
	let first = m.composition[0].clone();
	m.composition.try_push(first).unwrap();
	assert_eq!(Attribute::Materials(m).validate(), Err(AttributeError::Duplicate));
	let mut m = materials();
	m.composition = BoundedVec::default();
	assert_eq!(Attribute::Materials(m).validate(), Err(AttributeError::Empty));

	let mut p = performance();
	p.storage_min_c = p.storage_max_c;
	assert_eq!(Attribute::Performance(p).validate(), Err(AttributeError::OutOfRange));
	let mut p = performance();
	p.pack_resistance_micro_ohm = 0;
	assert_eq!(Attribute::Performance(p).validate(), Err(AttributeError::OutOfRange));
	let mut p = performance();
	p.dispatch_soc_percent = 101;
	assert_eq!(Attribute::Performance(p).validate(), Err(AttributeError::OutOfRange));

	let operator = |legal: &[u8; 16], plant: &[u8; 16]| {
		Attribute::Operator(Operator {
			economic_operator: *legal,
			facilities: BoundedVec::truncate_from(vec![*plant]),
		})
	};
	assert_eq!(operator(b"BPNL00000003AYRE", b"BPNA000000000001").validate(), Ok(()));
	assert_eq!(
		operator(b"BPNA00000003AYRE", b"BPNA000000000001").validate(),
		Err(AttributeError::InvalidBpn)
	);
	assert_eq!(
		operator(b"BPNL00000003AYRE", b"BPNA00000000000-").validate(),
		Err(AttributeError::InvalidBpn)
	);

	let in_clear = Attribute::Documents(
		DocumentKind::Dismantling,
		BoundedVec::truncate_from(vec![document("Dismantling", "https://x.eu/d")]),
	);
	assert_eq!(in_clear.validate(), Err(AttributeError::MustBeSealed));
	let sealed_public = Attribute::Restricted(
		DocumentKind::DueDiligence,
		BoundedVec::truncate_from(vec![restricted("Report", b"r", MODEL, &[OPERATOR_KEY])]),
	);
	assert_eq!(sealed_public.validate(), Err(AttributeError::MustBePublic));
	let same_content = Attribute::Restricted(
		DocumentKind::Dismantling,
		BoundedVec::truncate_from(vec![
			restricted("Manual", b"pdf", MODEL, &[OPERATOR_KEY]),
			restricted("Manual again", b"pdf", MODEL, &[OPERATOR_KEY]),
		]),
	);
	assert_eq!(same_content.validate(), Err(AttributeError::Duplicate));
	let twice = Attribute::Documents(
		DocumentKind::DueDiligence,
		BoundedVec::truncate_from(vec![
			document("Report", "https://x.eu/r"),
			document("Report again", "https://x.eu/r"),
		]),
	);
	assert_eq!(twice.validate(), Err(AttributeError::Duplicate));
	let none = Attribute::Documents(DocumentKind::DueDiligence, BoundedVec::default());
	assert_eq!(none.validate(), Err(AttributeError::Empty));

	let footprint = || match model_attributes().remove(2) {
		Attribute::CarbonFootprint(f) => f,
		_ => unreachable!(),
	};
	let mut f = footprint();
	f.figures.remove(0);
	assert_eq!(Attribute::CarbonFootprint(f).validate(), Err(AttributeError::MissingTotal));
	let mut f = footprint();
	let again = f.figures[1].clone();
	f.figures.try_push(again).unwrap();
	assert_eq!(Attribute::CarbonFootprint(f).validate(), Err(AttributeError::Duplicate));
	let mut f = footprint();
	f.figures = BoundedVec::default();
	assert_eq!(Attribute::CarbonFootprint(f).validate(), Err(AttributeError::Empty));

	let commercial = || match model_attributes().remove(5) {
		Attribute::Commercial(c) => c,
		_ => unreachable!(),
	};
	let mut c = commercial();
	c.validity_years = 0;
	assert_eq!(Attribute::Commercial(c).validate(), Err(AttributeError::OutOfRange));
	let mut c = commercial();
	c.purpose = BoundedVec::default();
	assert_eq!(Attribute::Commercial(c).validate(), Err(AttributeError::Empty));
	let mut c = commercial();
	c.extinguishers = BoundedVec::default();
	assert_eq!(Attribute::Commercial(c).validate(), Err(AttributeError::Empty));

	let mut id = match identification() {
		Attribute::Identification(id) => id,
		_ => unreachable!(),
	};
	id.classification = BoundedVec::default();
	assert_eq!(Attribute::Identification(id).validate(), Err(AttributeError::Empty));
	// A legal entity's number is no plant's.
	assert_eq!(
		operator(b"BPNL00000003AYRE", b"BPNL00000003AYRE").validate(),
		Err(AttributeError::InvalidBpn)
	);
}

#[test]
fn the_public_export_maps_the_declared_and_the_chain_data() {
	let out = public_export();
	assert_eq!(out["identification"]["category"], "EV");
	assert_eq!(out["identification"]["idDmc"], "03HPE0A2D000C7LB50000001");
	assert_eq!(out["identification"]["chemistry"], "Nickel Manganese Cobalt (NMC)");
	assert_eq!(out["identification"]["identification"]["codes"][0]["key"], "GB/T 34014");
	assert_eq!(out["identification"]["identification"]["codes"][1]["key"], "TARIC");
	assert_eq!(out["operation"]["manufacturer"]["manufacturer"], "BPNL00000003AYRE");
	assert_eq!(out["operation"]["manufacturer"]["manufacturingDate"], "2025-03-14");
	assert_eq!(out["characteristics"]["warranty"]["lifeValue"], 96);
	assert_eq!(out["characteristics"]["physicalDimension"]["weight"]["value"], 450_000);
	assert_eq!(out["sustainability"]["status"], "original");
	assert_eq!(out["sustainability"]["carbonFootprint"][0]["value"], 61.24);
	assert_eq!(out["sustainability"]["carbonFootprint"][0]["lifecycle"], "whole life cycle");
	assert_eq!(out["materials"]["active"]["cobalt"]["recycled"], 16.0);
	assert_eq!(out["materials"]["hazardous"]["lead"]["concentration"], 3);
	let rated = &out["performance"]["rated"];
	assert_eq!(rated["voltage"]["nominal"], 370.0);
	assert_eq!(rated["capacity"]["value"], 200.0);
	assert_eq!(rated["energy"]["value"], 74.0);
	assert_eq!(rated["resistance"]["pack"], 0.095);
	assert_eq!(rated["lifetime"]["cycleLifeTesting"]["cycles"], 3_000);
	assert_eq!(rated["lifetime"]["cycleLifeTesting"]["appliedChargeRate"], 0.5);
	// Issued on the later of manufacturing (2025-03-14) and the model's first declaration.
	assert_eq!(out["metadata"]["issueDate"], "2025-06-01");
	assert_eq!(out["metadata"]["expirationDate"], "2047-06-01");
	assert_eq!(out["metadata"]["lastModification"], "2025-06-02");
	assert_eq!(out["metadata"]["status"], "approved");
	assert_eq!(out["metadata"]["predecessor"], NIL_UUID);
	assert_eq!(
		out["metadata"]["passportIdentifier"],
		passport_uuid(&CHAIN, b"03HPE0A2D000C7LB50000001")
	);
	assert_eq!(out["handling"]["applicable"], true);
}

#[test]
fn the_public_export_shows_the_battery_as_issued() {
	let dynamic = &public_export()["performance"]["dynamic"];
	assert_eq!(dynamic["stateOfCharge"]["value"], 30.0);
	assert_eq!(dynamic["stateOfCharge"]["time"], "2025-06-01T00:00:00Z");
	assert_eq!(dynamic["fullCycles"]["value"], 0.0);
	assert_eq!(dynamic["capacity"]["capacity"]["value"], 200.0);
	assert_eq!(dynamic["capacity"]["fade"]["value"], 0.0);
	assert_eq!(dynamic["resistance"]["increase"]["cell"]["value"], 0.0);
	assert_eq!(dynamic["power"]["remaining"]["value"], 250_000.0);
	assert_eq!(dynamic["energy"]["soce"]["value"], 100.0);
	assert!(dynamic.get("negativeEvents").is_none());
}

#[test]
fn each_tier_reads_its_documents_and_no_more() {
	let public = public_export().to_string();
	assert!(!public.contains("restricted link"));
	assert!(public.contains("https://docs.example-cells.eu/bc-nmc-75/declarationofconformity"));
	// Even with every link opened, a public export holds none of them.
	let reader = opened_everything();
	let public =
		export(&view(model_attributes()), &CHAIN, Tier::Public, Some(&reader)).unwrap().to_string();
	for url in urls_above(Tier::Public) {
		assert!(!public.contains(&url), "{url} in the public export");
	}

	let interest =
		export(&view(model_attributes()), &CHAIN, Tier::LegitimateInterest, Some(&reader)).unwrap();
	assert_eq!(interest["safety"]["dismantling"][0]["contentType"], "restricted link");
	assert_eq!(interest["sources"][0]["category"], "Material and Substance Information");
	assert_eq!(interest["sources"][1]["type"], "restricted link");
	let text = interest.to_string();
	for url in urls_above(Tier::LegitimateInterest) {
		assert!(!text.contains(&url), "{url} in the legitimate-interest export");
	}
	assert_eq!(interest["conformity"]["resultOfTestReport"], Value::Array(vec![]));

	let authority =
		export(&view(model_attributes()), &CHAIN, Tier::Authority, Some(&reader)).unwrap();
	assert_eq!(authority["conformity"]["resultOfTestReport"][0]["contentType"], "restricted link");
	assert_eq!(
		authority["performance"]["rated"]["lifetime"]["report"].as_array().unwrap().len(),
		1
	);
}

#[test]
fn a_missing_group_is_named() {
	for (index, key) in AttributeKey::GROUPS.iter().enumerate() {
		let mut attributes = model_attributes();
		attributes.remove(index);
		assert_eq!(
			export(&view(attributes), &CHAIN, Tier::Public, None),
			Err(CatenaxError::Missing(*key))
		);
	}
	// Documents are not required: their lists are empty.
	let groups: Vec<Attribute> = model_attributes().into_iter().take(6).collect();
	let out = export(&view(groups), &CHAIN, Tier::Authority, None).unwrap();
	assert_eq!(out["safety"]["dismantling"], Value::Array(vec![]));
	assert!(out.get("sources").is_none());
}

#[test]
fn a_reader_export_holds_the_opened_state() {
	let dynamic = DynamicData {
		at_ms: DECLARED_MS + 3_600_000 * 24 * 30 + 61_000,
		soc_ppm: 643_000,
		full_cycles_milli: 152_500,
		capacity_ppm: 920_000,
		resistance_ppm: 1_200_000,
		negative_events: vec![("Collision".into(), "3.2 g, 2025-06-20".into())],
		operating_environment: vec![("Temperature extremes".into(), "-4.5 °C to 41.0 °C".into())],
		documents: vec![],
	};
	let out = export(&view(model_attributes()), &CHAIN, Tier::LegitimateInterest, Some(&dynamic))
		.unwrap();
	let d = &out["performance"]["dynamic"];
	assert_eq!(d["stateOfCharge"]["value"], 64.3);
	assert_eq!(d["stateOfCharge"]["time"], "2025-07-01T00:01:01Z");
	assert_eq!(d["fullCycles"]["value"], 152.5);
	assert_eq!(d["capacity"]["capacity"]["value"], 184.0);
	assert_eq!(d["capacity"]["fade"]["value"], 8.0);
	assert_eq!(d["capacity"]["throughput"]["value"], 30_500.0);
	assert_eq!(d["energy"]["throughput"]["value"], 11_285.0);
	assert_eq!(d["resistance"]["remaining"]["cell"]["value"], 0.00132);
	assert_eq!(d["resistance"]["increase"]["cell"]["value"], 20.0);
	assert_eq!(d["energy"]["soce"]["value"], 92.0);
	assert_eq!(d["negativeEvents"][0]["header"], "Collision");
	assert_eq!(d["operatingEnvironment"][0]["content"], "-4.5 °C to 41.0 °C");
	// Power falls as resistance grows: 250 kW × 1.1 / 1.32.
	assert_eq!(d["power"]["remaining"]["value"], 208_333.0);

	// A resistance measured below rated (or none at all) is no gain over the rated values.
	for resistance_ppm in [900_000, 0] {
		let low = DynamicData { resistance_ppm, ..dynamic.clone() };
		let out = export(&view(model_attributes()), &CHAIN, Tier::LegitimateInterest, Some(&low))
			.unwrap();
		let d = &out["performance"]["dynamic"];
		assert_eq!(d["power"]["fade"]["value"], 0.0, "{resistance_ppm}");
		assert_eq!(d["roundTripEfficiency"]["fade"]["value"], 0.0, "{resistance_ppm}");
		assert_eq!(d["power"]["remaining"]["value"], 250_000.0, "{resistance_ppm}");
	}
}

#[test]
fn status_and_links_come_from_the_chain() {
	let mut v = view(model_attributes());
	v.passport.status = BatteryStatus::Recycled;
	let out = export(&v, &CHAIN, Tier::Public, None).unwrap();
	assert_eq!(out["sustainability"]["status"], "waste");
	assert_eq!(out["metadata"]["status"], "expired");

	let mut v = view(model_attributes());
	v.passport.status = BatteryStatus::Remanufactured;
	let out = export(&v, &CHAIN, Tier::Public, None).unwrap();
	assert_eq!(out["sustainability"]["status"], "remanufactured");
	assert_eq!(out["metadata"]["status"], "expired");

	let mut v = view(model_attributes());
	v.passport.life = Life::Reused;
	v.passport.predecessor = Some(b"03HPE0A2D000C7LB50000000".to_vec().try_into().unwrap());
	let out = export(&v, &CHAIN, Tier::Public, None).unwrap();
	assert_eq!(out["sustainability"]["status"], "re-used");
	assert_eq!(out["metadata"]["predecessor"], passport_uuid(&CHAIN, b"03HPE0A2D000C7LB50000000"));
}

#[test]
fn passport_uuids_are_version_8_and_per_chain() {
	let uuid = passport_uuid(&CHAIN, b"03HPE0A2D000C7LB50000001");
	assert_eq!(uuid.len(), 9 + 36);
	let groups: Vec<&str> = uuid["urn:uuid:".len()..].split('-').collect();
	assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), vec![8, 4, 4, 4, 12]);
	assert!(groups[2].starts_with('8'));
	assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
	assert_eq!(uuid, passport_uuid(&CHAIN, b"03HPE0A2D000C7LB50000001"));
	assert_ne!(uuid, passport_uuid(&[8; 32], b"03HPE0A2D000C7LB50000001"));
	assert_ne!(uuid, passport_uuid(&CHAIN, b"03HPE0A2D000C7LB50000002"));
}

#[test]
fn timestamps_are_utc() {
	assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
	assert_eq!(timestamp(DECLARED_MS + 3_723_000), "2025-06-01T01:02:03Z");
	assert_eq!(timestamp(951_782_400_000), "2000-02-29T00:00:00Z");
}

#[test]
fn attributes_read_and_write_as_json() {
	for attribute in model_attributes().into_iter().chain([largest_attribute()]) {
		let json = serde_json::to_string(&attribute).unwrap();
		assert_eq!(serde_json::from_str::<Attribute>(&json).unwrap(), attribute);
	}
	let operator = serde_json::to_value(&model_attributes()[1]).unwrap();
	assert_eq!(operator["Operator"]["facilities"][0], "BPNA000000000001");
	assert_eq!(operator["Operator"]["economicOperator"], "BPNL00000003AYRE");
}
