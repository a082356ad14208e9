//! The Catena-X Battery Pass 6.1.0 form of a passport ([`export`], std only): what
//! `battery_passportExport` returns for the public tier, and what a reader's tool fills in for
//! its tier from the sealed data it opened ([`DynamicData`]).
//!
//! The mapping, section by section:
//! - `identification`: the model's category, the battery ID as `idDmc` and `partInstanceId`,
//!   its coding scheme (`GB/T 34014` or `GS1`) first among the `codes`, the model's part number
//!   and name, data carrier and classifications; `chemistry` names the factory chemistry.
//! - `operation`: the economic operator's BPNL and plants (BPNA), the manufacturing date.
//! - `characteristics`: warranty (months) and mass (g) from the factory data, the dimensions (mm).
//! - `sustainability`: carbon footprint figures in kg CO₂e per kWh (the declared g / 1000), one
//!   entry per type and stage with the plants, study and declaration; `status` from the chain:
//!   `original` in a first life, the second-life kind (`repurposed`, `re-used`,
//!   `remanufactured`) once the battery went to one (its first passport then closed) and in the
//!   second life itself, `waste` once declared waste or recycled.
//! - `materials`: shares in per cent (the declared thousandths / 10), concentrations in ppm.
//! - `performance.rated`: voltages (V), capacity (Ah), energy (kWh) and cycle life from the
//!   factory data, the rest from the declared performance (resistances in Ω, C-rates as C).
//! - `performance.dynamic`: in the public tier, the battery as issued, timed at the issue date:
//!   rated capacity, energy, power, resistance and round-trip efficiency, no fade, no cycles,
//!   the declared dispatch state of charge. The state of a battery in use is sealed for its
//!   readers; a reader's tool passes what it opened as [`DynamicData`], and the export then
//!   holds those values at their time, fades relative to the rated values, accidents, anomalies
//!   and deep discharges as `negativeEvents`, temperature extremes and time outside the window
//!   as `operatingEnvironment`.
//! - Documents: each kind in its Catena-X place, `contentType` `URL` for public documents and
//!   `restricted link` for the others, whose sealed links only a reader of their tier opens
//!   ([`OpenedDocument`]; an empty list otherwise: the public export carries none). The detailed composition and
//!   spare-parts documents have no place of their own: they are `sources`.
//! - `metadata`: the model passport's version; `issueDate` the later of the manufacturing date
//!   and the model's first declaration, `expirationDate` that plus the declared validity,
//!   `lastModification` the latest declaration; `passportIdentifier` a UUID derived from the
//!   chain and the battery ID ([`passport_uuid`]), `predecessor` the predecessor's or the nil
//!   UUID (the schema asks for a dummy value when there is none); `backupReference` the chain
//!   and the battery (every full node holds the passport); `status` `approved` while the
//!   passport is open, `expired` once closed (recycled or succeeded by a second life).
//!
//! A data group the model's operator has not declared is an error naming it
//! ([`CatenaxError::Missing`]), never a made-up value.

use super::{
	api::{AttributeView, PassportExportView},
	model::*,
};
use crate::battery::{blake2_256, BatteryStatus, Chemistry, Date, Hash32, IdScheme, Life};
use alloc::{
	format,
	string::{String, ToString},
	vec::Vec,
};
use serde_json::{json, Map, Value};

/// Why a passport cannot be exported.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CatenaxError {
	/// The model's operator has not declared this data group.
	Missing(AttributeKey),
}

impl core::fmt::Display for CatenaxError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::Missing(key) => {
				write!(f, "the model passport lacks {key:?}: its operator has not declared it")
			},
		}
	}
}

/// The state of a battery in use, as a reader opened it from its latest sealed health result:
/// for the export of a higher tier. Capacity and resistance are ratios to the rated values, so
/// they apply to the pack whatever the scale the estimator worked at.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct DynamicData {
	/// When the values were measured (the last sample of the batch), Unix ms.
	pub at_ms: u64,
	/// State of charge, parts per million.
	pub soc_ppm: u32,
	/// Equivalent full cycles, thousandths.
	pub full_cycles_milli: u64,
	/// Usable capacity / rated capacity (capacity SOH), parts per million.
	pub capacity_ppm: u32,
	/// Internal resistance / rated resistance, parts per million (above 1,000,000: grown).
	pub resistance_ppm: u32,
	/// Negative events (accidents, anomalies, deep discharges): header and content.
	pub negative_events: Vec<(String, String)>,
	/// The operating environment (temperature extremes, time outside the temperature window):
	/// header and content.
	pub operating_environment: Vec<(String, String)>,
	/// The restricted documents whose sealed links the reader opened.
	pub documents: Vec<OpenedDocument>,
}

/// A restricted document whose sealed link a reader opened.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OpenedDocument {
	/// Its kind.
	pub kind: DocumentKind,
	/// Its header.
	pub header: String,
	/// Its link.
	pub url: String,
}

/// The passport identifier of `battery` on the chain of genesis `chain`: BLAKE2b-256 of
/// `"battery-chain/passport" ‖ chain ‖ battery`, its first 16 bytes as a UUID of version 8
/// (custom) and the RFC 9562 variant, `urn:uuid:` form.
pub fn passport_uuid(chain: &Hash32, battery: &[u8]) -> String {
	let mut input = Vec::with_capacity(22 + 32 + battery.len());
	input.extend_from_slice(b"battery-chain/passport");
	input.extend_from_slice(chain);
	input.extend_from_slice(battery);
	let hash = blake2_256(&input);
	let mut b = [0u8; 16];
	b.copy_from_slice(&hash[..16]);
	b[6] = (b[6] & 0x0f) | 0x80;
	b[8] = (b[8] & 0x3f) | 0x80;
	let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
	format!(
		"urn:uuid:{}-{}-{}-{}-{}",
		&hex[0..8],
		&hex[8..12],
		&hex[12..16],
		&hex[16..20],
		&hex[20..32]
	)
}

/// The nil UUID: Catena-X's `predecessor` of a first passport.
pub const NIL_UUID: &str = "urn:uuid:00000000-0000-0000-0000-000000000000";

fn utf8(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// `ms` as an ISO 8601 UTC timestamp (`YYYY-MM-DDTHH:MM:SSZ`).
pub fn timestamp(ms: u64) -> String {
	let seconds = (ms / 1000) % 86_400;
	format!(
		"{}T{:02}:{:02}:{:02}Z",
		Date::from_unix_ms(ms),
		seconds / 3600,
		(seconds / 60) % 60,
		seconds % 60
	)
}

/// Unix ms of midnight UTC of `date`.
fn date_ms(date: Date) -> u64 {
	// Days from 1970-01-01 (Hinnant's days_from_civil).
	let year = i64::from(date.year) - i64::from(date.month <= 2);
	let era = year.div_euclid(400);
	let year_of_era = year - era * 400;
	let month = i64::from(date.month);
	let day_of_year =
		(153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(date.day) - 1;
	let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	let days = era * 146_097 + day_of_era - 719_468;
	u64::try_from(days).unwrap_or(0).saturating_mul(86_400_000)
}

/// `date` plus `years` (29 February becomes 28 February in a common year).
fn plus_years(date: Date, years: u8) -> Date {
	let year = date.year.saturating_add(years.into()).min(9999);
	let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	let day = if date.month == 2 && date.day == 29 && !leap { 28 } else { date.day };
	Date::new(year, date.month, day)
}

fn chemistry_name(chemistry: Chemistry) -> &'static str {
	match chemistry {
		Chemistry::Lfp => "Lithium Iron Phosphate (LFP)",
		Chemistry::Nmc => "Nickel Manganese Cobalt (NMC)",
		Chemistry::Nca => "Nickel Cobalt Aluminium (NCA)",
		Chemistry::Lmo => "Lithium Manganese Oxide (LMO)",
		Chemistry::Lto => "Lithium Titanate (LTO)",
		Chemistry::Lco => "Lithium Cobalt Oxide (LCO)",
		Chemistry::Lmfp => "Lithium Manganese Iron Phosphate (LMFP)",
		Chemistry::SodiumIon => "Sodium-ion (Na-ion)",
		Chemistry::NiMh => "Nickel-Metal Hydride (NiMH)",
		Chemistry::SolidState => "Solid-state lithium",
		Chemistry::Other => "Other (see the material composition)",
	}
}

fn category_name(category: BatteryCategory) -> &'static str {
	match category {
		BatteryCategory::Ev => "EV",
		BatteryCategory::Lmt => "LMT",
		BatteryCategory::Industrial => "industrial",
		BatteryCategory::Sli => "SLI",
		BatteryCategory::Portable => "portable",
	}
}

fn footprint_type(kind: FootprintType) -> &'static str {
	match kind {
		FootprintType::Total => "Climate Change Total",
		FootprintType::Fossil => "Climate Change Fossil",
		FootprintType::Biogenic => "Climate Change Biogenic Removals and Emissions",
		FootprintType::LandUse => "Climate Change Land Use and Land Use Change",
	}
}

fn stage_name(stage: LifecycleStage) -> &'static str {
	match stage {
		LifecycleStage::RawMaterialAcquisition => "raw material acquisition and pre-processing",
		LifecycleStage::MainProduction => "main product production",
		LifecycleStage::Distribution => "distribution",
		LifecycleStage::EndOfLife => "end of life and recycling",
		LifecycleStage::WholeLifeCycle => "whole life cycle",
	}
}

/// The passport's `sustainability.status`: what became of the battery (its first passport
/// closes when it is repurposed, re-used or remanufactured), else the life it is in.
fn battery_status(status: BatteryStatus, life: Life) -> &'static str {
	match (status, life) {
		(BatteryStatus::Waste | BatteryStatus::Recycled, _) => "waste",
		(BatteryStatus::Repurposed, _) | (_, Life::Repurposed) => "repurposed",
		(BatteryStatus::Reused, _) | (_, Life::Reused) => "re-used",
		(BatteryStatus::Remanufactured, _) | (_, Life::Remanufactured) => "remanufactured",
		(_, Life::Original) => "original",
	}
}

/// Value with three decimals at most (`milli` / 1000), as a JSON number.
fn thousandths(milli: u64) -> Value {
	json!(milli as f64 / 1000.0)
}

/// Everything the export reads from the model passport.
struct Model<'a> {
	identification: &'a Identification,
	operator: &'a Operator,
	footprint: &'a CarbonFootprint,
	materials: &'a Materials,
	performance: &'a Performance,
	commercial: &'a Commercial,
	documents: Vec<(DocumentKind, &'a Documents)>,
	opened: &'a [OpenedDocument],
}

impl<'a> Model<'a> {
	fn read<B>(
		attributes: &'a [AttributeView<B>],
		opened: &'a [OpenedDocument],
	) -> Result<Self, CatenaxError> {
		let find = |key: AttributeKey| {
			attributes
				.iter()
				.map(|view| &view.attribute)
				.find(|attribute| attribute.key() == key)
				.ok_or(CatenaxError::Missing(key))
		};
		macro_rules! group {
			($key:ident) => {
				match find(AttributeKey::$key)? {
					Attribute::$key(value) => value,
					_ => return Err(CatenaxError::Missing(AttributeKey::$key)),
				}
			};
		}
		Ok(Self {
			identification: group!(Identification),
			operator: group!(Operator),
			footprint: group!(CarbonFootprint),
			materials: group!(Materials),
			performance: group!(Performance),
			commercial: group!(Commercial),
			documents: attributes
				.iter()
				.filter_map(|view| match &view.attribute {
					Attribute::Documents(kind, documents) => Some((*kind, documents)),
					_ => None,
				})
				.collect(),
			opened,
		})
	}

	/// The documents of `kind` in Catena-X form, if `tier` may read them (else none): a public
	/// kind's as declared, a restricted kind's as the reader opened their links.
	fn documents(&self, kind: DocumentKind, tier: Tier) -> Value {
		if kind.tier() > tier {
			return json!([]);
		}
		let entry = |header: String, content_type: &str, url: String| json!({ "header": header, "contentType": content_type, "content": url });
		Value::Array(if kind.tier() == Tier::Public {
			self.documents
				.iter()
				.filter(|(k, _)| *k == kind)
				.flat_map(|(_, documents)| documents.iter())
				.map(|doc| entry(utf8(&doc.header), "URL", utf8(&doc.url)))
				.collect()
		} else {
			self.opened
				.iter()
				.filter(|doc| doc.kind == kind)
				.map(|doc| entry(doc.header.clone(), "restricted link", doc.url.clone()))
				.collect()
		})
	}
}

fn document(doc: &Document) -> Value {
	json!([{ "header": utf8(&doc.header), "contentType": "URL", "content": utf8(&doc.url) }])
}

fn bpn(bpn: &Bpn) -> String {
	utf8(bpn)
}

fn active(substance: &Substance, documentation: &Value) -> Value {
	json!({
		"location": utf8(&substance.location),
		"recycled": f64::from(substance.recycled_permille) / 10.0,
		"documentation": documentation,
		"critical": substance.critical,
	})
}

fn hazardous(substance: &Substance, documentation: &Value, impact: &Value) -> Value {
	json!({
		"location": utf8(&substance.location),
		"concentration": substance.concentration_ppm,
		"materialUnit": "unit:partPerMillion",
		"critical": substance.critical,
		"documentation": documentation,
		"impactOfSubstances": impact,
	})
}

fn materials(m: &Materials) -> Value {
	let documentation = document(&m.documentation);
	let impact = document(&m.impact_of_substances);
	let mut lead = hazardous(&m.lead, &documentation, &impact);
	if let Some(object) = lead.as_object_mut() {
		object.insert("recycled".into(), json!(f64::from(m.lead.recycled_permille) / 10.0));
	}
	let composition: Vec<Value> = m
		.composition
		.iter()
		.map(|s| {
			json!({
				"id": [{ "id": utf8(&s.cas), "type": "CAS", "name": utf8(&s.name) }],
				"concentration": s.concentration_ppm,
				"unit": "unit:partPerMillion",
				"critical": s.critical,
				"documentation": documentation,
				"recycled": f64::from(s.recycled_permille) / 10.0,
				"renewable": f64::from(s.renewable_permille) / 10.0,
				"location": utf8(&s.location),
			})
		})
		.collect();
	json!({
		"active": {
			"nickel": active(&m.nickel, &documentation),
			"lithium": active(&m.lithium, &documentation),
			"cobalt": active(&m.cobalt, &documentation),
			"lead": lead,
		},
		"hazardous": {
			"cadmium": hazardous(&m.cadmium, &documentation, &impact),
			"mercury": hazardous(&m.mercury, &documentation, &impact),
			"lead": lead,
		},
		"composition": composition,
	})
}

/// A `{ value, time }` pair of the dynamic section.
fn timed(value: Value, time: &str) -> Value {
	json!({ "value": value, "time": time })
}

/// Per cent of `part` in `whole` (0 when `whole` is 0), to a hundredth.
fn percent(part: f64, whole: f64) -> f64 {
	if whole <= 0.0 {
		0.0
	} else {
		(part / whole * 10_000.0).round() / 100.0
	}
}

/// The `performance` section: rated values, and the dynamic ones as issued or as `dynamic`.
fn performance(
	factory: &crate::battery::FactoryData,
	p: &Performance,
	model: &Model,
	tier: Tier,
	issued: &str,
	dynamic: Option<&DynamicData>,
) -> Value {
	let rated_ah = f64::from(factory.rated_capacity_mah) / 1000.0;
	let rated_kwh = f64::from(factory.rated_energy_wh) / 1000.0;
	let cell_ohm = f64::from(p.cell_resistance_micro_ohm) / 1e6;
	let pack_ohm = f64::from(p.pack_resistance_micro_ohm) / 1e6;
	let rte = f64::from(p.round_trip_efficiency_permille) / 10.0;
	let mut rated = json!({
		"voltage": {
			"min": f64::from(factory.min_voltage_mv) / 1000.0,
			"max": f64::from(factory.max_voltage_mv) / 1000.0,
			"nominal": f64::from(factory.nominal_voltage_mv) / 1000.0,
		},
		"roundTripEfficiency": {
			"depthOfDischarge": p.efficiency_test_dod_percent,
			"initial": rte,
			"50PercentLife": f64::from(p.round_trip_efficiency_at_half_life_permille) / 10.0,
		},
		"energy": { "value": rated_kwh },
		"resistance": { "cell": cell_ohm, "pack": pack_ohm },
		"power": {
			"value": p.power_w,
			"at20SoC": p.power_at_20_soc_w,
			"at80SoC": p.power_at_80_soc_w,
		},
		"capacity": { "value": rated_ah, "thresholdExhaustion": p.capacity_exhaustion_percent },
		"temperature": { "lower": p.storage_min_c, "upper": p.storage_max_c },
		"selfDischargingRate": f64::from(p.self_discharge_permille_per_month) / 10.0,
		"lifetime": {
			"expectedYears": p.expected_lifetime_years,
			"report": model.documents(DocumentKind::LifetimeTestReport, tier),
			"cycleLifeTesting": {
				"temperature": p.cycle_test_c,
				"cycles": factory.expected_cycle_life,
				"depthOfDischarge": p.cycle_test_dod_percent,
				"appliedChargeRate": f64::from(p.cycle_test_charge_milli_c) / 1000.0,
				"appliedDischargeRate": f64::from(p.cycle_test_discharge_milli_c) / 1000.0,
			},
		},
	});
	if let Some(object) = rated.as_object_mut() {
		let performance_documents = model.documents(DocumentKind::PerformanceDocument, tier);
		if performance_documents.as_array().is_some_and(|list| !list.is_empty()) {
			object.insert("performanceDocument".into(), performance_documents);
		}
		object.insert("testReport".into(), model.documents(DocumentKind::TestReport, tier));
	}

	// As issued, or as the reader opened it: (time, SOC %, cycles, capacity and resistance
	// relative to rated). Throughput is counted in equivalent full cycles of the rated capacity
	// and energy.
	let (time, soc, cycles, capacity_ratio, growth) = match dynamic {
		Some(d) => (
			timestamp(d.at_ms),
			f64::from(d.soc_ppm) / 10_000.0,
			d.full_cycles_milli as f64 / 1000.0,
			f64::from(d.capacity_ppm) / 1e6,
			f64::from(d.resistance_ppm) / 1e6,
		),
		None => (String::from(issued), f64::from(p.dispatch_soc_percent), 0.0, 1.0, 1.0),
	};
	let t = time.as_str();
	let capacity_ah = rated_ah * capacity_ratio;
	let cell_now = cell_ohm * growth;
	let throughput_ah = cycles * rated_ah;
	let energy_throughput_kwh = cycles * rated_kwh;
	// Resistance grows, power and efficiency fall with it: remaining power is the rated power
	// scaled by rated / present resistance, the efficiency loss grows with the resistance. A
	// resistance measured below rated is no gain over the rated values (no negative fade).
	let loss = growth.max(1.0);
	let power_now = f64::from(p.power_w) / loss;
	let rte_now = (100.0 - (100.0 - rte) * loss).max(0.0);
	let energy_now = rated_kwh * capacity_ratio;
	let mut dynamic_section = json!({
		"stateOfCharge": timed(json!(soc), t),
		"fullCycles": timed(json!(cycles), t),
		"selfDischargingRate": f64::from(p.self_discharge_permille_per_month) / 10.0,
		"power": {
			"fade": timed(json!(100.0 - percent(power_now, f64::from(p.power_w))), t),
			"remaining": timed(json!(power_now.round()), t),
		},
		"capacity": {
			"fade": timed(json!(100.0 - percent(capacity_ah, rated_ah)), t),
			"throughput": timed(json!(throughput_ah), t),
			"capacity": timed(json!(capacity_ah), t),
		},
		"roundTripEfficiency": {
			"fade": timed(json!(100.0 - percent(rte_now, rte)), t),
			"remaining": timed(json!((rte_now * 100.0).round() / 100.0), t),
		},
		"resistance": {
			"increase": {
				"cell": timed(json!(percent(growth, 1.0) - 100.0), t),
				"pack": timed(json!(percent(growth, 1.0) - 100.0), t),
			},
			"remaining": {
				"cell": timed(json!(cell_now), t),
				"pack": timed(json!(pack_ohm * growth), t),
			},
		},
		"energy": {
			"soce": timed(json!(percent(energy_now, rated_kwh)), t),
			"remaining": timed(json!(energy_now), t),
			"throughput": timed(json!(energy_throughput_kwh), t),
		},
	});
	if let (Some(d), Some(object)) = (dynamic, dynamic_section.as_object_mut()) {
		let texts = |entries: &[(String, String)]| {
			Value::Array(
				entries
					.iter()
					.map(
						|(header, content)| json!({ "header": header, "contentType": "text", "content": content }),
					)
					.collect(),
			)
		};
		object.insert("negativeEvents".into(), texts(&d.negative_events));
		if !d.operating_environment.is_empty() {
			object.insert("operatingEnvironment".into(), texts(&d.operating_environment));
		}
	}
	json!({ "rated": rated, "dynamic": dynamic_section })
}

/// The Catena-X Battery Pass 6.1.0 JSON of the passport in `view`, for a reader of `tier`, on
/// the chain of genesis `chain`. `dynamic` is the battery's state opened by a reader of a
/// higher tier (`None`: the battery as issued).
pub fn export<AccountId, BlockNumber>(
	view: &PassportExportView<AccountId, BlockNumber>,
	chain: &Hash32,
	tier: Tier,
	dynamic: Option<&DynamicData>,
) -> Result<Value, CatenaxError> {
	let passport = &view.passport;
	let factory = &passport.factory;
	let opened = dynamic.map(|d| d.documents.as_slice()).unwrap_or(&[]);
	let model = Model::read(&view.model.attributes, opened)?;
	let id = utf8(&passport.id);
	let first_declared = Date::from_unix_ms(view.model.first_declared_ms);
	let issued = core::cmp::max(factory.manufacturing_date, first_declared);
	let issued_time = timestamp(date_ms(issued));
	let operator = bpn(&model.operator.economic_operator);
	let facilities: Vec<Value> =
		model.operator.facilities.iter().map(|f| json!({ "facility": bpn(f) })).collect();
	let identification = model.identification;
	let p = model.performance;
	let c = model.commercial;

	let scheme = match passport.id_scheme {
		IdScheme::Gbt34014 => "GB/T 34014",
		IdScheme::Gs1 => "GS1",
	};
	let mut codes = alloc::vec![json!({ "key": scheme, "value": id })];
	codes.extend(
		identification
			.codes
			.iter()
			.map(|code| json!({ "key": utf8(&code.key), "value": utf8(&code.value) })),
	);
	let classification: Vec<Value> = identification
		.classification
		.iter()
		.map(|class| {
			let mut entry = json!({
				"classificationStandard": utf8(&class.standard),
				"classificationID": utf8(&class.id),
			});
			if let (Some(description), Some(object)) = (&class.description, entry.as_object_mut()) {
				object.insert("classificationDescription".into(), json!(utf8(description)));
			}
			entry
		})
		.collect();

	let mut dimensions = Map::new();
	dimensions.insert("weight".into(), json!({ "value": factory.mass_g, "unit": "unit:gram" }));
	if let Some(d) = &p.dimensions {
		for (name, mm) in [("length", d.length_mm), ("width", d.width_mm), ("height", d.height_mm)]
		{
			dimensions.insert(name.into(), json!({ "value": mm, "unit": "unit:millimetre" }));
		}
	}

	let footprints: Vec<Value> = model
		.footprint
		.figures
		.iter()
		.map(|figure| {
			let mut entry = json!({
				"value": thousandths(figure.g_per_kwh.into()),
				"unit": "kg CO2e / kWh",
				"type": footprint_type(figure.kind),
				"lifecycle": stage_name(figure.stage),
				"rulebook": document(&model.footprint.study),
				"declaration": document(&model.footprint.declaration),
				"manufacturingPlant": facilities,
			});
			if let (Some(class), Some(object)) =
				(&model.footprint.performance_class, entry.as_object_mut())
			{
				object.insert("performanceClass".into(), json!(utf8(class)));
			}
			entry
		})
		.collect();

	let mut documents = Map::new();
	documents.insert(
		"separateCollection".into(),
		model.documents(DocumentKind::SeparateCollection, tier),
	);
	documents
		.insert("wastePrevention".into(), model.documents(DocumentKind::WastePrevention, tier));
	let reports = model.documents(DocumentKind::SustainabilityReport, tier);
	if reports.as_array().is_some_and(|list| !list.is_empty()) {
		documents.insert("sustainabilityReport".into(), reports);
	}

	let mut conformity = json!({
		"declarationOfConformity": model.documents(DocumentKind::DeclarationOfConformity, tier),
		"resultOfTestReport": model.documents(DocumentKind::TestReport, tier),
		"thirdPartyAssurance": model.documents(DocumentKind::ThirdPartyAssurance, tier),
		"dueDiligencePolicy": model.documents(DocumentKind::DueDiligence, tier),
	});
	if let (Some(id), Some(object)) = (&c.declaration_id, conformity.as_object_mut()) {
		object.insert("declarationOfConformityId".into(), json!(utf8(id)));
	}

	let agents: Vec<Value> = c
		.extinguishers
		.iter()
		.map(|a| json!({ "media": utf8(&a.media), "fireClass": utf8(&a.fire_class) }))
		.collect();
	let mut safety = json!({
		"usableExtinguishAgent": agents,
		"safetyMeasures": model.documents(DocumentKind::SafetyMeasures, tier),
		"meaningOfLabels": model.documents(DocumentKind::MeaningOfLabels, tier),
		"dismantling": model.documents(DocumentKind::Dismantling, tier),
	});
	if let Some(object) = safety.as_object_mut() {
		for (name, kind) in [
			("safeDischarging", DocumentKind::SafeDischarging),
			("removalFromAppliance", DocumentKind::RemovalFromAppliance),
		] {
			let list = model.documents(kind, tier);
			if list.as_array().is_some_and(|list| !list.is_empty()) {
				object.insert(name.into(), list);
			}
		}
	}

	// Restricted documents with no Catena-X place of their own.
	let mut sources = Vec::new();
	for (kind, category) in [
		(DocumentKind::DetailedComposition, "Material and Substance Information"),
		(DocumentKind::SpareParts, "Repair and Installation"),
	] {
		if let Value::Array(list) = model.documents(kind, tier) {
			sources.extend(list.into_iter().map(|mut doc| {
				if let Some(object) = doc.as_object_mut() {
					let content_type = object.remove("contentType").unwrap_or(Value::Null);
					object.insert("type".into(), content_type);
					object.insert("category".into(), json!(category));
				}
				doc
			}));
		}
	}

	let last_modified = Date::from_unix_ms(view.model.updated_ms);
	let closed = passport.status.is_closed();
	let mut out = json!({
		"specVersion": "urn:samm:io.catenax.battery.battery_pass:6.1.0",
		"identification": {
			"category": category_name(identification.category),
			"idDmc": id,
			"chemistry": chemistry_name(factory.chemistry),
			"identification": {
				"serial": [{ "key": "partInstanceId", "value": id }],
				"type": {
					"manufacturerPartId": utf8(&identification.part_id),
					"nameAtManufacturer": utf8(&factory.model),
				},
				"codes": codes,
				"dataCarrier": {
					"carrierType": utf8(&identification.carrier_type),
					"carrierLayout": utf8(&identification.carrier_layout),
				},
				"classification": classification,
			},
		},
		"operation": {
			"manufacturer": {
				"manufacturer": operator,
				"facility": facilities,
				"manufacturingDate": factory.manufacturing_date.to_string(),
			},
		},
		"characteristics": {
			"warranty": { "lifeValue": factory.warranty_months, "lifeUnit": "unit:month" },
			"physicalDimension": dimensions,
		},
		"sustainability": {
			"documents": documents,
			"carbonFootprint": footprints,
			"status": battery_status(passport.status, passport.life),
		},
		"materials": materials(model.materials),
		"performance": performance(factory, p, &model, tier, &issued_time, dynamic),
		"conformity": conformity,
		"safety": safety,
		"metadata": {
			"version": view.model.version.to_string(),
			"status": if closed { "expired" } else { "approved" },
			"issueDate": issued.to_string(),
			"expirationDate": plus_years(issued, c.validity_years).to_string(),
			"lastModification": core::cmp::max(issued, last_modified).to_string(),
			"economicOperatorId": operator,
			"passportIdentifier": passport_uuid(chain, &passport.id),
			"predecessor": passport
				.predecessor
				.as_ref()
				.map(|predecessor| passport_uuid(chain, predecessor))
				.unwrap_or_else(|| NIL_UUID.into()),
			"backupReference": format!(
				"battery-chain:{}/{}",
				crate::serde_helpers::to_hex(chain),
				id
			),
		},
		"commercial": {
			"purpose": c.purpose.iter().map(|p| utf8(p)).collect::<Vec<_>>(),
		},
		"handling": {
			"applicable": c.spare_parts,
			"content": {
				"producer": [{ "id": operator }],
				"sparePart": [],
			},
		},
	});
	if let (false, Some(object)) = (sources.is_empty(), out.as_object_mut()) {
		object.insert("sources".into(), Value::Array(sources));
	}
	Ok(out)
}
