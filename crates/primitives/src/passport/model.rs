//! The passport attributes of a battery model, as its economic operator declares them
//! (Regulation (EU) 2023/1542, Art. 77 and Annex XIII): one [`Attribute`] per group, each with
//! the access [`Tier`] the regulation gives it ([`AttributeKey::tier`]).
//!
//! Public attributes are data, in the clear. Restricted information (dismantling and safety
//! instructions, the detailed composition, spare parts, test reports: [`DocumentKind::tier`]) is
//! a [`RestrictedDocument`]: its header and the BLAKE2b-256 of its content in the clear, its link
//! sealed for the tier's readers; the content is only in an encrypted copy off chain.
//!
//! Units are in the field names: `_ppm` parts per million (by mass), `_permille` thousandths,
//! `_percent`, `_c` degrees Celsius, `_w` watts, `_micro_ohm` micro-ohms, `_milli_c`
//! thousandths of the C-rate, `_g_per_kwh` grams of CO₂ equivalent per kWh.

use super::restricted::RestrictedDocuments;
use crate::{
	battery::Hash32,
	serde_helpers::{hex_opt, text, text_opt},
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Longest [`Text`]: Catena-X limits document headers to 100 characters.
pub const MAX_TEXT_LEN: u32 = 100;
/// A short human-readable text (UTF-8, 1 to [`MAX_TEXT_LEN`] bytes).
pub type Text = BoundedVec<u8, ConstU32<MAX_TEXT_LEN>>;
/// Longest [`Url`].
pub const MAX_URL_LEN: u32 = 256;
/// A link (UTF-8, 1 to [`MAX_URL_LEN`] bytes).
pub type Url = BoundedVec<u8, ConstU32<MAX_URL_LEN>>;
/// A Catena-X business partner number: `BPNL` (legal entity) or `BPNA` (address, a plant)
/// followed by 12 letters or digits.
pub type Bpn = [u8; 16];

/// Most documents under one [`DocumentKind`].
pub const MAX_DOCUMENTS: u32 = 4;
/// Most entries of a list attribute (classifications, codes, facilities, footprints, agents,
/// purposes).
pub const MAX_LIST: u32 = 8;
/// Most substances in [`Materials::composition`].
pub const MAX_SUBSTANCES: u32 = 12;

/// Who may read a piece of the passport (Annex XIII): anyone; persons with a legitimate
/// interest (the battery's operator, user and recyclers, repairers) and the authorities; the
/// authorities only (notified bodies, market surveillance, the Commission).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum Tier {
	/// Annex XIII point 1: public.
	#[codec(index = 0)]
	Public,
	/// Annex XIII points 2 and 4: persons with a legitimate interest, and the authorities.
	#[codec(index = 1)]
	LegitimateInterest,
	/// Annex XIII point 3: the authorities only.
	#[codec(index = 2)]
	Authority,
}

/// A public document: a link, and optionally the hash of the content behind it.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Document {
	/// What the document is (Catena-X `header`).
	#[serde(with = "text")]
	pub header: Text,
	/// Where it is (Catena-X `content`, of `contentType` `URL`).
	#[serde(with = "text")]
	pub url: Url,
	/// BLAKE2b-256 of the document's content, if the operator gives it. JSON: hex or `null`.
	#[serde(with = "hex_opt")]
	pub content_hash: Option<Hash32>,
}

/// Up to [`MAX_DOCUMENTS`] documents of one kind.
pub type Documents = BoundedVec<Document, ConstU32<MAX_DOCUMENTS>>;

/// The documents of a passport, each kind with its tier ([`DocumentKind::tier`]).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum DocumentKind {
	/// EU declaration of conformity (public).
	#[codec(index = 0)]
	DeclarationOfConformity,
	/// Third-party assurance of the due-diligence policy (public).
	#[codec(index = 1)]
	ThirdPartyAssurance,
	/// Due-diligence report (public).
	#[codec(index = 2)]
	DueDiligence,
	/// The separate-collection symbol and information (public).
	#[codec(index = 3)]
	SeparateCollection,
	/// Waste prevention and end-of-life information (public).
	#[codec(index = 4)]
	WastePrevention,
	/// Meaning of the labels and symbols, the cadmium and lead symbols included (public).
	#[codec(index = 5)]
	MeaningOfLabels,
	/// Sustainability report (public).
	#[codec(index = 6)]
	SustainabilityReport,
	/// Rated performance and durability document (public).
	#[codec(index = 7)]
	PerformanceDocument,
	/// Dismantling information: exploded diagrams, disassembly sequence, tools (legitimate
	/// interest).
	#[codec(index = 8)]
	Dismantling,
	/// Safety measures (legitimate interest).
	#[codec(index = 9)]
	SafetyMeasures,
	/// How to discharge the battery safely (legitimate interest).
	#[codec(index = 10)]
	SafeDischarging,
	/// Removal from the appliance (legitimate interest).
	#[codec(index = 11)]
	RemovalFromAppliance,
	/// Detailed composition: the materials of cathode, anode and electrolyte (legitimate
	/// interest).
	#[codec(index = 12)]
	DetailedComposition,
	/// Part numbers of components and sources of spare parts (legitimate interest).
	#[codec(index = 13)]
	SpareParts,
	/// Results of the test reports proving compliance (authorities).
	#[codec(index = 14)]
	TestReport,
	/// Cycle-life test report behind the expected lifetime (authorities).
	#[codec(index = 15)]
	LifetimeTestReport,
}

impl DocumentKind {
	/// Every kind, in order.
	pub const ALL: [DocumentKind; 16] = [
		Self::DeclarationOfConformity,
		Self::ThirdPartyAssurance,
		Self::DueDiligence,
		Self::SeparateCollection,
		Self::WastePrevention,
		Self::MeaningOfLabels,
		Self::SustainabilityReport,
		Self::PerformanceDocument,
		Self::Dismantling,
		Self::SafetyMeasures,
		Self::SafeDischarging,
		Self::RemovalFromAppliance,
		Self::DetailedComposition,
		Self::SpareParts,
		Self::TestReport,
		Self::LifetimeTestReport,
	];

	/// Who may read documents of this kind (Annex XIII points 1 to 3).
	pub const fn tier(self) -> Tier {
		use DocumentKind::*;
		match self {
			DeclarationOfConformity
			| ThirdPartyAssurance
			| DueDiligence
			| SeparateCollection
			| WastePrevention
			| MeaningOfLabels
			| SustainabilityReport
			| PerformanceDocument => Tier::Public,
			Dismantling | SafetyMeasures | SafeDischarging | RemovalFromAppliance
			| DetailedComposition | SpareParts => Tier::LegitimateInterest,
			TestReport | LifetimeTestReport => Tier::Authority,
		}
	}
}

/// The category of battery (Art. 2; Catena-X `identification.category`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum BatteryCategory {
	/// Electric-vehicle battery.
	#[codec(index = 0)]
	Ev,
	/// Light-means-of-transport battery.
	#[codec(index = 1)]
	Lmt,
	/// Industrial battery.
	#[codec(index = 2)]
	Industrial,
	/// Starting, lighting and ignition battery.
	#[codec(index = 3)]
	Sli,
	/// Portable battery.
	#[codec(index = 4)]
	Portable,
}

/// A classification of the model in a standard (Catena-X `classification`).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Classification {
	/// The standard (e.g. `UNSPSC`).
	#[serde(with = "text")]
	pub standard: Text,
	/// The class in it.
	#[serde(with = "text")]
	pub id: Text,
	/// What the class means.
	#[serde(with = "text_opt")]
	pub description: Option<Text>,
}

/// A code of the model in another scheme (Catena-X `codes`, e.g. `TARIC`).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Code {
	/// The scheme.
	#[serde(with = "text")]
	pub key: Text,
	/// The code.
	#[serde(with = "text")]
	pub value: Text,
}

/// What the model is and how a battery of it is identified.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Identification {
	/// The battery category.
	pub category: BatteryCategory,
	/// The manufacturer's part number of the model.
	#[serde(with = "text")]
	pub part_id: Text,
	/// The data carrier on the battery (e.g. `NFC tag and QR code`).
	#[serde(with = "text")]
	pub carrier_type: Text,
	/// Where the carrier is on the battery.
	#[serde(with = "text")]
	pub carrier_layout: Text,
	/// Classifications of the model (at least one).
	pub classification: BoundedVec<Classification, ConstU32<MAX_LIST>>,
	/// Codes of the model in other schemes (e.g. the customs tariff).
	pub codes: BoundedVec<Code, ConstU32<MAX_LIST>>,
}

/// The economic operator placing the model on the market, and its plants.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
	/// The operator's legal entity (`BPNL…`).
	#[serde(with = "text")]
	pub economic_operator: Bpn,
	/// The manufacturing plants (`BPNA…`, at least one).
	#[serde(with = "utf8_list")]
	pub facilities: BoundedVec<Bpn, ConstU32<MAX_LIST>>,
}

/// Climate-change impact categories of a carbon footprint (Annex II; Catena-X `type`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum FootprintType {
	/// Climate change, total.
	#[codec(index = 0)]
	Total,
	/// Climate change, fossil.
	#[codec(index = 1)]
	Fossil,
	/// Climate change, biogenic removals and emissions.
	#[codec(index = 2)]
	Biogenic,
	/// Climate change, land use and land use change.
	#[codec(index = 3)]
	LandUse,
}

/// Life-cycle stages of a carbon footprint (Annex II point 3).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum LifecycleStage {
	/// Raw material acquisition and pre-processing.
	#[codec(index = 0)]
	RawMaterialAcquisition,
	/// Main product production.
	#[codec(index = 1)]
	MainProduction,
	/// Distribution.
	#[codec(index = 2)]
	Distribution,
	/// End of life and recycling.
	#[codec(index = 3)]
	EndOfLife,
	/// The whole life cycle (the declared total).
	#[codec(index = 4)]
	WholeLifeCycle,
}

/// One figure of a carbon footprint.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Footprint {
	/// The impact category.
	pub kind: FootprintType,
	/// The life-cycle stage.
	pub stage: LifecycleStage,
	/// Grams of CO₂ equivalent per kWh of the battery's total energy over its service life.
	pub g_per_kwh: u32,
}

/// The carbon footprint of the model (Art. 7, Annex II).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct CarbonFootprint {
	/// The figures, per stage and type (at least one, the whole-life total among them).
	pub figures: BoundedVec<Footprint, ConstU32<MAX_LIST>>,
	/// The carbon-footprint performance class (e.g. `A`).
	#[serde(with = "text_opt")]
	pub performance_class: Option<Text>,
	/// The study and the rules it applied.
	pub study: Document,
	/// The carbon-footprint declaration.
	pub declaration: Document,
}

/// A substance of the battery: where it is, how much, how much of it is recycled or renewable.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Substance {
	/// CAS number (e.g. `7440-02-0` for nickel).
	#[serde(with = "text")]
	pub cas: Text,
	/// Name.
	#[serde(with = "text")]
	pub name: Text,
	/// Where in the battery (e.g. `cathode`, `whole battery`).
	#[serde(with = "text")]
	pub location: Text,
	/// Share of the battery's mass, ppm.
	pub concentration_ppm: u32,
	/// Share recovered from waste, thousandths.
	pub recycled_permille: u16,
	/// Share from renewable sources, thousandths.
	pub renewable_permille: u16,
	/// A critical raw material (Regulation (EU) 2024/1252).
	pub critical: bool,
}

/// Material composition, hazardous substances, critical raw materials and recycled content
/// (Art. 8, Annex XIII point 1 (b) and (e)).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Materials {
	/// Nickel in active materials: recycled content.
	pub nickel: Substance,
	/// Lithium in active materials: recycled content.
	pub lithium: Substance,
	/// Cobalt in active materials: recycled content.
	pub cobalt: Substance,
	/// Lead: recycled content and concentration.
	pub lead: Substance,
	/// Cadmium (hazardous).
	pub cadmium: Substance,
	/// Mercury (hazardous).
	pub mercury: Substance,
	/// The composition by substance (at least one).
	pub composition: BoundedVec<Substance, ConstU32<MAX_SUBSTANCES>>,
	/// The material declaration and the recycled-content documentation.
	pub documentation: Document,
	/// The impact of the hazardous substances on health and environment.
	pub impact_of_substances: Document,
}

/// Outer dimensions, mm.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Dimensions {
	/// Length, mm.
	pub length_mm: u32,
	/// Width, mm.
	pub width_mm: u32,
	/// Height, mm.
	pub height_mm: u32,
}

/// Rated performance and durability beyond the factory data (Art. 10, Annex IV; Annex XIII
/// point 1 (g) to (p)). Capacity, voltages, energy, C-rates, mass, cycle life and warranty are
/// the factory data's.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Performance {
	/// Original power capability, W.
	pub power_w: u32,
	/// Power capability at 20 % state of charge, W.
	pub power_at_20_soc_w: u32,
	/// Power capability at 80 % state of charge, W.
	pub power_at_80_soc_w: u32,
	/// Internal resistance of a cell, µΩ.
	pub cell_resistance_micro_ohm: u32,
	/// Internal resistance of the pack, µΩ.
	pub pack_resistance_micro_ohm: u32,
	/// Initial round-trip energy efficiency, thousandths.
	pub round_trip_efficiency_permille: u16,
	/// Round-trip energy efficiency at 50 % of the cycle life, thousandths.
	pub round_trip_efficiency_at_half_life_permille: u16,
	/// Depth of discharge of the efficiency test, %.
	pub efficiency_test_dod_percent: u8,
	/// Capacity below which the battery is exhausted for its use, % of rated.
	pub capacity_exhaustion_percent: u8,
	/// Lowest temperature the battery withstands when not in use, °C.
	pub storage_min_c: i8,
	/// Highest temperature the battery withstands when not in use, °C.
	pub storage_max_c: i8,
	/// Self-discharge, thousandths of the charge per month.
	pub self_discharge_permille_per_month: u16,
	/// Expected lifetime, years.
	pub expected_lifetime_years: u8,
	/// Temperature of the cycle-life test, °C.
	pub cycle_test_c: i8,
	/// Depth of discharge of the cycle-life test, %.
	pub cycle_test_dod_percent: u8,
	/// Charge rate of the cycle-life test, thousandths of C.
	pub cycle_test_charge_milli_c: u32,
	/// Discharge rate of the cycle-life test, thousandths of C.
	pub cycle_test_discharge_milli_c: u32,
	/// State of charge a battery of the model leaves the factory with, %.
	pub dispatch_soc_percent: u8,
	/// Outer dimensions.
	pub dimensions: Option<Dimensions>,
}

/// An extinguishing agent usable on the battery (Annex VI part A point 9).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Extinguisher {
	/// The agent (e.g. `Water`, `Dry powder`).
	#[serde(with = "text")]
	pub media: Text,
	/// The fire classes it is for (e.g. `A, B`).
	#[serde(with = "text")]
	pub fire_class: Text,
}

/// Market and passport terms of the model.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Commercial {
	/// Intended uses (at least one, e.g. `automotive`).
	#[serde(with = "utf8_list")]
	pub purpose: BoundedVec<Text, ConstU32<MAX_LIST>>,
	/// Usable extinguishing agents (at least one).
	pub extinguishers: BoundedVec<Extinguisher, ConstU32<MAX_LIST>>,
	/// Years a passport of the model stays available after it is issued (the ESPR asks for at
	/// least the expected lifetime; the operator declares it).
	pub validity_years: u8,
	/// Identifier of the EU declaration of conformity.
	#[serde(with = "text_opt")]
	pub declaration_id: Option<Text>,
	/// Whether spare parts are offered (their list is the `SpareParts` document).
	pub spare_parts: bool,
}

/// One attribute group of a model passport, as declared.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum Attribute {
	/// Category, part number, data carrier, classifications and codes.
	#[codec(index = 0)]
	Identification(Identification),
	/// The economic operator and its plants.
	#[codec(index = 1)]
	Operator(Operator),
	/// The carbon footprint.
	#[codec(index = 2)]
	CarbonFootprint(CarbonFootprint),
	/// Materials, hazardous substances and recycled content.
	#[codec(index = 3)]
	Materials(Materials),
	/// Rated performance and durability.
	#[codec(index = 4)]
	Performance(Performance),
	/// Market and passport terms, extinguishing agents.
	#[codec(index = 5)]
	Commercial(Commercial),
	/// The documents of a public kind (replacing those declared before).
	#[codec(index = 6)]
	Documents(DocumentKind, Documents),
	/// The documents of a restricted kind, their links sealed (replacing those declared
	/// before).
	#[codec(index = 7)]
	Restricted(DocumentKind, RestrictedDocuments),
}

/// Which attribute group: the key a model's attributes are stored under.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum AttributeKey {
	/// [`Attribute::Identification`].
	#[codec(index = 0)]
	Identification,
	/// [`Attribute::Operator`].
	#[codec(index = 1)]
	Operator,
	/// [`Attribute::CarbonFootprint`].
	#[codec(index = 2)]
	CarbonFootprint,
	/// [`Attribute::Materials`].
	#[codec(index = 3)]
	Materials,
	/// [`Attribute::Performance`].
	#[codec(index = 4)]
	Performance,
	/// [`Attribute::Commercial`].
	#[codec(index = 5)]
	Commercial,
	/// [`Attribute::Documents`] or [`Attribute::Restricted`] of a kind.
	#[codec(index = 6)]
	Documents(DocumentKind),
}

impl AttributeKey {
	/// The data groups (every key but documents), in order.
	pub const GROUPS: [AttributeKey; 6] = [
		Self::Identification,
		Self::Operator,
		Self::CarbonFootprint,
		Self::Materials,
		Self::Performance,
		Self::Commercial,
	];

	/// Every key: the groups, then each document kind. A model has at most this many
	/// attributes.
	pub fn all() -> impl Iterator<Item = AttributeKey> {
		Self::GROUPS.into_iter().chain(DocumentKind::ALL.into_iter().map(Self::Documents))
	}

	/// Number of keys ([`AttributeKey::all`]).
	pub const COUNT: u32 = 6 + DocumentKind::ALL.len() as u32;

	/// Who may read the attribute: the data groups are public (Annex XIII point 1), documents
	/// have their kind's tier.
	pub const fn tier(self) -> Tier {
		match self {
			Self::Documents(kind) => kind.tier(),
			_ => Tier::Public,
		}
	}
}

/// Why an attribute is refused ([`Attribute::validate`]).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum AttributeError {
	/// A text, link or required list is empty.
	Empty,
	/// A text or link is not UTF-8.
	NotUtf8,
	/// A business partner number is not `BPNL` / `BPNA` and 12 letters or digits.
	InvalidBpn,
	/// A share is above 100 %, or a value outside what it can physically be (a storage
	/// temperature range that is empty, a zero resistance or power).
	OutOfRange,
	/// A document of a restricted kind declared in the clear ([`Attribute::Documents`]).
	MustBeSealed,
	/// A document of a public kind declared sealed ([`Attribute::Restricted`]).
	MustBePublic,
	/// The same footprint (type and stage), substance or document link appears twice.
	Duplicate,
	/// A carbon footprint without the total over the whole life cycle (Annex II).
	MissingTotal,
}

fn text_ok(bytes: &[u8]) -> Result<(), AttributeError> {
	if bytes.is_empty() {
		return Err(AttributeError::Empty);
	}
	core::str::from_utf8(bytes).map(|_| ()).map_err(|_| AttributeError::NotUtf8)
}

fn at_most(value: u32, bound: u32) -> Result<(), AttributeError> {
	if value > bound {
		Err(AttributeError::OutOfRange)
	} else {
		Ok(())
	}
}

fn non_empty<T>(list: &[T]) -> Result<(), AttributeError> {
	if list.is_empty() {
		Err(AttributeError::Empty)
	} else {
		Ok(())
	}
}

/// Whether `bpn` is `prefix` and 12 ASCII letters or digits.
pub fn is_bpn(bpn: &Bpn, prefix: &[u8; 4]) -> bool {
	bpn.starts_with(prefix) && bpn[4..].iter().all(u8::is_ascii_alphanumeric)
}

impl Document {
	fn validate(&self) -> Result<(), AttributeError> {
		text_ok(&self.header)?;
		text_ok(&self.url)
	}
}

impl Substance {
	fn validate(&self) -> Result<(), AttributeError> {
		text_ok(&self.cas)?;
		text_ok(&self.name)?;
		text_ok(&self.location)?;
		at_most(self.concentration_ppm, 1_000_000)?;
		at_most(self.recycled_permille.into(), 1_000)?;
		at_most(self.renewable_permille.into(), 1_000)
	}
}

impl Attribute {
	/// The key the attribute is stored under.
	pub fn key(&self) -> AttributeKey {
		match self {
			Self::Identification(_) => AttributeKey::Identification,
			Self::Operator(_) => AttributeKey::Operator,
			Self::CarbonFootprint(_) => AttributeKey::CarbonFootprint,
			Self::Materials(_) => AttributeKey::Materials,
			Self::Performance(_) => AttributeKey::Performance,
			Self::Commercial(_) => AttributeKey::Commercial,
			Self::Documents(kind, _) | Self::Restricted(kind, _) => AttributeKey::Documents(*kind),
		}
	}

	/// Check what can be checked without the chain: texts are UTF-8 and not empty, required
	/// lists are not empty, business partner numbers are well formed, shares are shares, ranges
	/// are ranges, nothing is listed twice, documents of restricted kinds are sealed and those of
	/// public kinds are not. Whom a sealed link is sealed for is the pallet's check.
	pub fn validate(&self) -> Result<(), AttributeError> {
		match self {
			Self::Identification(id) => {
				text_ok(&id.part_id)?;
				text_ok(&id.carrier_type)?;
				text_ok(&id.carrier_layout)?;
				non_empty(&id.classification)?;
				for class in id.classification.iter() {
					text_ok(&class.standard)?;
					text_ok(&class.id)?;
					if let Some(description) = &class.description {
						text_ok(description)?;
					}
				}
				for code in id.codes.iter() {
					text_ok(&code.key)?;
					text_ok(&code.value)?;
				}
				Ok(())
			},
			Self::Operator(operator) => {
				if !is_bpn(&operator.economic_operator, b"BPNL") {
					return Err(AttributeError::InvalidBpn);
				}
				non_empty(&operator.facilities)?;
				if !operator.facilities.iter().all(|facility| is_bpn(facility, b"BPNA")) {
					return Err(AttributeError::InvalidBpn);
				}
				no_duplicates(operator.facilities.iter())
			},
			Self::CarbonFootprint(footprint) => {
				non_empty(&footprint.figures)?;
				no_duplicates(footprint.figures.iter().map(|f| (f.kind, f.stage)))?;
				let total = |f: &Footprint| {
					f.kind == FootprintType::Total && f.stage == LifecycleStage::WholeLifeCycle
				};
				if !footprint.figures.iter().any(total) {
					return Err(AttributeError::MissingTotal);
				}
				if let Some(class) = &footprint.performance_class {
					text_ok(class)?;
				}
				footprint.study.validate()?;
				footprint.declaration.validate()
			},
			Self::Materials(materials) => {
				for substance in [
					&materials.nickel,
					&materials.lithium,
					&materials.cobalt,
					&materials.lead,
					&materials.cadmium,
					&materials.mercury,
				] {
					substance.validate()?;
				}
				non_empty(&materials.composition)?;
				for substance in materials.composition.iter() {
					substance.validate()?;
				}
				no_duplicates(materials.composition.iter().map(|s| &s.cas))?;
				materials.documentation.validate()?;
				materials.impact_of_substances.validate()
			},
			Self::Performance(p) => {
				if p.power_w == 0
					|| p.cell_resistance_micro_ohm == 0
					|| p.pack_resistance_micro_ohm == 0
					|| p.storage_min_c >= p.storage_max_c
					|| p.expected_lifetime_years == 0
				{
					return Err(AttributeError::OutOfRange);
				}
				at_most(p.round_trip_efficiency_permille.into(), 1_000)?;
				at_most(p.round_trip_efficiency_at_half_life_permille.into(), 1_000)?;
				for percent in [
					p.efficiency_test_dod_percent,
					p.capacity_exhaustion_percent,
					p.cycle_test_dod_percent,
					p.dispatch_soc_percent,
				] {
					at_most(percent.into(), 100)?;
				}
				at_most(p.self_discharge_permille_per_month.into(), 1_000)
			},
			Self::Commercial(c) => {
				non_empty(&c.purpose)?;
				for purpose in c.purpose.iter() {
					text_ok(purpose)?;
				}
				non_empty(&c.extinguishers)?;
				for agent in c.extinguishers.iter() {
					text_ok(&agent.media)?;
					text_ok(&agent.fire_class)?;
				}
				if c.validity_years == 0 {
					return Err(AttributeError::OutOfRange);
				}
				match &c.declaration_id {
					Some(id) => text_ok(id),
					None => Ok(()),
				}
			},
			Self::Documents(kind, documents) => {
				if kind.tier() != Tier::Public {
					return Err(AttributeError::MustBeSealed);
				}
				non_empty(documents)?;
				for document in documents.iter() {
					document.validate()?;
				}
				no_duplicates(documents.iter().map(|d| &d.url))
			},
			Self::Restricted(kind, documents) => {
				if kind.tier() == Tier::Public {
					return Err(AttributeError::MustBePublic);
				}
				non_empty(documents)?;
				for document in documents.iter() {
					text_ok(&document.header)?;
				}
				no_duplicates(documents.iter().map(|d| &d.content_hash))
			},
		}
	}
}

fn no_duplicates<T: PartialEq>(items: impl Iterator<Item = T>) -> Result<(), AttributeError> {
	let items: alloc::vec::Vec<T> = items.collect();
	for (k, item) in items.iter().enumerate() {
		if items[..k].contains(item) {
			return Err(AttributeError::Duplicate);
		}
	}
	Ok(())
}

/// serde: a bounded list of UTF-8 byte strings (texts, business partner numbers) as a list of
/// JSON strings.
mod utf8_list {
	use alloc::{string::String, vec::Vec};
	use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};
	use sp_runtime::{traits::Get, BoundedVec};

	pub fn serialize<S: Serializer, T: AsRef<[u8]>, B: Get<u32>>(
		value: &BoundedVec<T, B>,
		s: S,
	) -> Result<S::Ok, S::Error> {
		let texts: Vec<String> =
			value.iter().map(|item| String::from_utf8_lossy(item.as_ref()).into_owned()).collect();
		texts.serialize(s)
	}

	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>, B: Get<u32>>(
		d: D,
	) -> Result<BoundedVec<T, B>, D::Error> {
		let items = Vec::<String>::deserialize(d)?
			.into_iter()
			.map(|text| T::try_from(text.into_bytes()).map_err(|_| D::Error::custom("too long")))
			.collect::<Result<Vec<T>, D::Error>>()?;
		BoundedVec::try_from(items).map_err(|_| D::Error::custom("too many"))
	}
}

impl Tier {
	/// Whether a member holding `roles` is a reader of this tier: anyone for the public tier;
	/// a Recycler, Operator or User (recyclers, repairers, the battery's operators and users) or
	/// an Authority for the legitimate-interest tier; an Authority for the authorities' tier.
	pub fn admits(self, roles: crate::consortium::RoleSet) -> bool {
		use crate::consortium::Role;
		match self {
			Tier::Public => true,
			Tier::LegitimateInterest => {
				[Role::Recycler, Role::Operator, Role::User, Role::Authority]
					.into_iter()
					.any(|role| roles.contains(role))
			},
			Tier::Authority => roles.contains(Role::Authority),
		}
	}
}
