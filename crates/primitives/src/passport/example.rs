//! Sample model passports, for the tests, the benchmarks and the docs: [`model_attributes`],
//! every data group and a document of every kind, for an NMC traction pack of model
//! [`MODEL`], its restricted links sealed (placeholder envelopes) for [`OPERATOR_KEY`] and
//! [`AUTHORITY_KEY`]; [`largest_attribute`], the data group of the longest encoding;
//! [`restricted_documents`], the most restricted documents of one kind.

use super::{model::*, restricted::*};
use crate::{
	consortium::DataCategory,
	sealed::{placeholder_envelope, ReaderPublicKey, Sealed},
};
use alloc::{vec, vec::Vec};
use sp_runtime::{traits::Get, BoundedVec};

/// The model of the sample.
pub const MODEL: &[u8] = b"BC-NMC-75";
/// The reader key of the sample's operator.
pub const OPERATOR_KEY: ReaderPublicKey = [0x11; 32];
/// The Authority's reader key of the sample.
pub const AUTHORITY_KEY: ReaderPublicKey = [0x22; 32];

fn text<S: Get<u32>>(s: &str) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

fn bpn(s: &str) -> Bpn {
	let mut out = [b'0'; 16];
	for (slot, byte) in out.iter_mut().zip(s.bytes()) {
		*slot = byte;
	}
	out
}

/// A public document at `url`.
pub fn document(header: &str, url: &str) -> Document {
	Document { header: text(header), url: text(url), content_hash: None }
}

/// A restricted document of `model` with the hash of `content`, its link sealed (a
/// placeholder envelope of the longest link's length) for `readers`.
pub fn restricted(
	header: &str,
	content: &[u8],
	model: &[u8],
	readers: &[ReaderPublicKey],
) -> RestrictedDocument {
	let subject = document_subject(&crate::battery::ModelName::truncate_from(model.to_vec()));
	let length = LinkCiphertextLen::get() as usize;
	RestrictedDocument {
		header: text(header),
		content_hash: crate::battery::blake2_256(content),
		link: Sealed::new(placeholder_envelope(DataCategory::Factory, &subject, readers, length)),
	}
}

/// The most restricted documents of one kind (dismantling), every header at its bound, each
/// link sealed for `readers`.
pub fn restricted_documents(model: &[u8], readers: &[ReaderPublicKey]) -> Attribute {
	let header: alloc::string::String = "h".repeat(MAX_TEXT_LEN as usize);
	Attribute::Restricted(
		DocumentKind::Dismantling,
		BoundedVec::truncate_from(
			(0..MAX_DOCUMENTS as u8).map(|n| restricted(&header, &[n], model, readers)).collect(),
		),
	)
}

fn substance(
	cas: &str,
	name: &str,
	location: &str,
	ppm: u32,
	recycled: u16,
	critical: bool,
) -> Substance {
	Substance {
		cas: text(cas),
		name: text(name),
		location: text(location),
		concentration_ppm: ppm,
		recycled_permille: recycled,
		renewable_permille: 0,
		critical,
	}
}

/// The identification group of the sample.
pub fn identification() -> Attribute {
	Attribute::Identification(Identification {
		category: BatteryCategory::Ev,
		part_id: text("BC-NMC-75-A"),
		carrier_type: text("NFC tag (NDEF) and QR code"),
		carrier_layout: text("top cover, front left"),
		classification: BoundedVec::truncate_from(vec![Classification {
			standard: text("UNSPSC"),
			id: text("26111711"),
			description: Some(text("Rechargeable batteries")),
		}]),
		codes: BoundedVec::truncate_from(vec![Code {
			key: text("TARIC"),
			value: text("8507 60 00 10"),
		}]),
	})
}

/// Every data group and one document of every kind (restricted ones hashed), as the
/// manufacturer of an NMC traction pack would declare them.
pub fn model_attributes() -> Vec<Attribute> {
	let docs = |kind: DocumentKind, header: &str, slug: &str| {
		let url = alloc::format!("https://docs.example-cells.eu/bc-nmc-75/{slug}");
		if kind.tier() == Tier::Public {
			Attribute::Documents(kind, BoundedVec::truncate_from(vec![document(header, &url)]))
		} else {
			let doc = restricted(header, slug.as_bytes(), MODEL, &[OPERATOR_KEY, AUTHORITY_KEY]);
			Attribute::Restricted(kind, BoundedVec::truncate_from(vec![doc]))
		}
	};
	let mut attributes = vec![
		identification(),
		Attribute::Operator(Operator {
			economic_operator: bpn("BPNL00000003AYRE"),
			facilities: BoundedVec::truncate_from(vec![bpn("BPNA000000000001")]),
		}),
		Attribute::CarbonFootprint(CarbonFootprint {
			figures: BoundedVec::truncate_from(vec![
				Footprint {
					kind: FootprintType::Total,
					stage: LifecycleStage::WholeLifeCycle,
					g_per_kwh: 61_240,
				},
				Footprint {
					kind: FootprintType::Total,
					stage: LifecycleStage::RawMaterialAcquisition,
					g_per_kwh: 38_500,
				},
				Footprint {
					kind: FootprintType::Total,
					stage: LifecycleStage::MainProduction,
					g_per_kwh: 17_900,
				},
				Footprint {
					kind: FootprintType::Total,
					stage: LifecycleStage::Distribution,
					g_per_kwh: 1_340,
				},
				Footprint {
					kind: FootprintType::Total,
					stage: LifecycleStage::EndOfLife,
					g_per_kwh: 3_500,
				},
			]),
			performance_class: Some(text("B")),
			study: document(
				"PEF study, JRC rules 2024",
				"https://docs.example-cells.eu/bc-nmc-75/cf-study",
			),
			declaration: document(
				"Carbon footprint declaration",
				"https://docs.example-cells.eu/bc-nmc-75/cf",
			),
		}),
		Attribute::Materials(Materials {
			nickel: substance("7440-02-0", "Nickel", "cathode", 0, 160, true),
			lithium: substance("7439-93-2", "Lithium", "cathode", 0, 60, true),
			cobalt: substance("7440-48-4", "Cobalt", "cathode", 0, 160, true),
			lead: substance("7439-92-1", "Lead", "whole battery", 3, 0, false),
			cadmium: substance("7440-43-9", "Cadmium", "whole battery", 1, 0, false),
			mercury: substance("7439-97-6", "Mercury", "whole battery", 0, 0, false),
			composition: BoundedVec::truncate_from(vec![
				substance("7440-02-0", "Nickel", "cathode", 118_000, 160, true),
				substance("7440-48-4", "Cobalt", "cathode", 15_000, 160, true),
				substance("7439-96-5", "Manganese", "cathode", 14_000, 0, true),
				substance("7439-93-2", "Lithium", "cathode", 17_000, 60, true),
				substance("7782-42-5", "Graphite", "anode", 142_000, 0, true),
				substance("7429-90-5", "Aluminium", "housing", 190_000, 350, true),
				substance("7440-50-8", "Copper", "current collectors", 80_000, 100, true),
			]),
			documentation: document(
				"Material declaration",
				"https://docs.example-cells.eu/bc-nmc-75/materials",
			),
			impact_of_substances: document(
				"Hazardous substances: impact on health and environment",
				"https://docs.example-cells.eu/bc-nmc-75/hazards",
			),
		}),
		Attribute::Performance(Performance {
			power_w: 250_000,
			power_at_20_soc_w: 190_000,
			power_at_80_soc_w: 245_000,
			cell_resistance_micro_ohm: 1_100,
			pack_resistance_micro_ohm: 95_000,
			round_trip_efficiency_permille: 950,
			round_trip_efficiency_at_half_life_permille: 930,
			efficiency_test_dod_percent: 80,
			capacity_exhaustion_percent: 70,
			storage_min_c: -30,
			storage_max_c: 55,
			self_discharge_permille_per_month: 20,
			expected_lifetime_years: 12,
			cycle_test_c: 25,
			cycle_test_dod_percent: 100,
			cycle_test_charge_milli_c: 500,
			cycle_test_discharge_milli_c: 1_000,
			dispatch_soc_percent: 30,
			dimensions: Some(Dimensions { length_mm: 2_100, width_mm: 1_400, height_mm: 150 }),
		}),
		Attribute::Commercial(Commercial {
			purpose: BoundedVec::truncate_from(vec![text("automotive")]),
			extinguishers: BoundedVec::truncate_from(vec![Extinguisher {
				media: text("Water"),
				fire_class: text("A, B"),
			}]),
			validity_years: 22,
			declaration_id: Some(text("EU-DoC-BC-NMC-75-2025-001")),
			spare_parts: true,
		}),
	];
	for kind in DocumentKind::ALL {
		let header = alloc::format!("{kind:?}");
		let slug = alloc::format!("{kind:?}").to_lowercase();
		attributes.push(docs(kind, &header, &slug));
	}
	attributes
}

/// The data group of the longest encoding: materials with every text at its bound and the most
/// substances.
pub fn largest_attribute() -> Attribute {
	let long = |c: u8| BoundedVec::truncate_from(vec![c; MAX_TEXT_LEN as usize]);
	let url = |c: u8| BoundedVec::truncate_from(vec![c; MAX_URL_LEN as usize]);
	let substance = |n: u8| Substance {
		cas: long(b'A' + n),
		name: long(b'a' + n % 26),
		location: long(b'l'),
		concentration_ppm: 1_000,
		recycled_permille: 100,
		renewable_permille: 100,
		critical: true,
	};
	let doc = |c: u8| Document { header: long(c), url: url(c), content_hash: Some([c; 32]) };
	Attribute::Materials(Materials {
		nickel: substance(0),
		lithium: substance(1),
		cobalt: substance(2),
		lead: substance(3),
		cadmium: substance(4),
		mercury: substance(5),
		composition: BoundedVec::truncate_from((0..MAX_SUBSTANCES as u8).map(substance).collect()),
		documentation: doc(b'd'),
		impact_of_substances: doc(b'i'),
	})
}
