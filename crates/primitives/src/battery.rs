//! The battery passport vocabulary shared by `pallet-battery`, the pallets that drive a battery's
//! lifecycle (logistics, recycling), the runtime, the node's RPC layer and the `battery-tag` tool.
//!
//! - Identity: [`BatteryId`] (re-exported from [`crate::consortium`]) validated by
//!   [`validate_battery_id`] as a GB/T 34014 code or a GS1 GTIN-14 + serial ([`IdScheme`]).
//! - Factory data: [`FactoryData`], written once at registration and stored content-addressed by
//!   [`FactoryData::hash`]. Every quantity is an integer with its unit in the field name.
//! - Lifecycle: [`BatteryStatus`] with [`BatteryStatus::transition_role`] (the single role allowed
//!   to author each transition), [`Life`] / [`SecondLife`] for second-life passports, and the
//!   [`BatteryLifecycle`] trait other pallets use to drive transitions and custody.
//! - Tag: [`TagUid`], [`tag_signing_payload`] (what the manufacturer signs for an NFC / RFID tag).
//! - Usage and maintenance: [`RunningMode`], [`MaintenanceKind`], [`MaintenanceRecord`].
//! - Reads: [`PassportView`] (public, JSON-ready), the scope-checked [`CustodyView`],
//!   [`UsageView`], [`MaintenanceView`], and the [`BatteryApi`] runtime API behind them.
//!
//! # JSON
//!
//! Every view type serialises with serde in the shape the `battery_passport` RPC returns: field
//! names in camelCase, battery ids and text as strings, hashes and tag UIDs as `0x`-prefixed hex,
//! dates as `YYYY-MM-DD`, enums as camelCase strings (`"inService"`), accounts as the account
//! type serialises (SS58 for `AccountId32`).

use crate::consortium::Role;
pub use crate::consortium::{BatteryId, MAX_SUBJECT_LEN};
use alloc::{string::String, vec::Vec};
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sp_runtime::{
	traits::{BlakeTwo256, ConstU32, Hash as HashT},
	BoundedVec, DispatchResult,
};

/// Maximum length in bytes of [`FactoryData::model`].
pub const MAX_MODEL_LEN: u32 = 64;
/// Maximum length in bytes of [`FactoryData::manufacturing_place`].
pub const MAX_PLACE_LEN: u32 = 64;
/// Maximum length in bytes of a tag UID (ISO 14443 UIDs are 4, 7 or 10 bytes; UHF TIDs up to 12).
pub const MAX_TAG_UID_LEN: u32 = 16;
/// Minimum length in bytes of a tag UID.
pub const MIN_TAG_UID_LEN: u32 = 4;
/// Maximum length in bytes of [`MaintenanceRecord::summary`].
pub const MAX_MAINTENANCE_SUMMARY_LEN: u32 = 256;
/// Length of a GB/T 34014 battery code.
pub const GBT_CODE_LEN: usize = 24;
/// Maximum length of the GS1 serial number (application identifier 21).
pub const GS1_MAX_SERIAL_LEN: usize = 20;
/// Domain separator in front of every tag signature payload ([`tag_signing_payload`]).
pub const TAG_SIGNING_CONTEXT: &[u8] = b"battery-chain:tag:v1";

/// Model designation of [`FactoryData`] (UTF-8).
pub type ModelName = BoundedVec<u8, ConstU32<MAX_MODEL_LEN>>;
/// Manufacturing place of [`FactoryData`] (UTF-8).
pub type PlaceName = BoundedVec<u8, ConstU32<MAX_PLACE_LEN>>;
/// Unique identifier of an NFC / RFID tag (raw bytes).
pub type TagUid = BoundedVec<u8, ConstU32<MAX_TAG_UID_LEN>>;
/// Summary of a maintenance record.
pub type MaintenanceSummary = BoundedVec<u8, ConstU32<MAX_MAINTENANCE_SUMMARY_LEN>>;
/// A 32-byte BLAKE2b-256 hash.
pub type Hash32 = [u8; 32];

/// BLAKE2b-256 of `data` (the hash used for factory data, NDEF messages and documents).
pub fn blake2_256(data: &[u8]) -> Hash32 {
	BlakeTwo256::hash(data).0
}

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

/// The coding scheme of a valid battery id.
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
pub enum IdScheme {
	/// GB/T 34014-2017 "Coding regulation for automotive traction battery": 24 characters.
	#[codec(index = 0)]
	Gbt34014,
	/// GS1 GTIN-14 + serial in the human-readable form `(01)<14 digits>(21)<serial>`.
	#[codec(index = 1)]
	Gs1,
}

/// Why a battery id is not valid ([`validate_battery_id`]).
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
pub enum BatteryIdError {
	/// Neither 24 characters (GB/T 34014) nor starting with `(01)` (GS1).
	UnknownFormat,
	/// A 24-character code that is not a valid GB/T 34014 code: a character outside `0-9A-Z`,
	/// a product-type code (4th character) other than `P` (pack), `M` (module) or `C` (cell), or
	/// a month code (16th character) outside `1-9`, `A`, `B`, `C`.
	InvalidGbtCode,
	/// A GS1 id whose GTIN is not 14 digits followed by `(21)`.
	InvalidGtin,
	/// The GTIN-14 check digit does not match (GS1 mod-10).
	GtinCheckDigit,
	/// The GS1 serial is empty, longer than 20 characters or holds a character outside GS1
	/// character set 82.
	InvalidSerial,
}

impl fmt::Display for BatteryIdError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::UnknownFormat =>
				"neither a 24-character GB/T 34014 code nor a GS1 id starting with (01)",
			Self::InvalidGbtCode => "not a valid GB/T 34014 code",
			Self::InvalidGtin => "GS1 id without 14 GTIN digits followed by (21)",
			Self::GtinCheckDigit => "GTIN-14 check digit does not match",
			Self::InvalidSerial => "GS1 serial empty, longer than 20 or outside character set 82",
		})
	}
}

/// Whether `c` is in GS1 AI encodable character set 82.
fn is_gs1_cset82(c: u8) -> bool {
	matches!(c,
		b'!' | b'"' | b'%' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b'-' | b'.' | b'/'
		| b'0'..=b'9' | b':' | b';' | b'<' | b'=' | b'>' | b'?' | b'A'..=b'Z' | b'_' | b'a'..=b'z')
}

/// The GS1 mod-10 check digit of the first 13 digits of a GTIN-14 (`digits` are ASCII).
fn gtin14_check_digit(digits: &[u8]) -> u8 {
	let sum: u32 = digits
		.iter()
		.take(13)
		.enumerate()
		.map(|(i, d)| {
			let d = u32::from(d.saturating_sub(b'0'));
			if i % 2 == 0 {
				d.saturating_mul(3)
			} else {
				d
			}
		})
		.fold(0u32, |acc, x| acc.saturating_add(x));
	(10u32.saturating_sub(sum % 10) % 10) as u8
}

/// Validate a battery id and tell its scheme.
///
/// - **GB/T 34014**: exactly 24 characters `0-9A-Z`; character 4 is the product type (`P`, `M`
///   or `C`); character 16 is the month code (`1`-`9`, `A`, `B`, `C`).
/// - **GS1**: `(01)` + 14 digits with a valid mod-10 check digit + `(21)` + a serial of 1 to 20
///   characters of GS1 character set 82 (at most 42 bytes in total).
///
/// Anything else is rejected with a [`BatteryIdError`].
pub fn validate_battery_id(id: &[u8]) -> Result<IdScheme, BatteryIdError> {
	if let Some(rest) = id.strip_prefix(b"(01)") {
		let gtin = rest.get(..14).ok_or(BatteryIdError::InvalidGtin)?;
		let serial = rest
			.get(14..)
			.and_then(|tail| tail.strip_prefix(b"(21)"))
			.ok_or(BatteryIdError::InvalidGtin)?;
		if !gtin.iter().all(u8::is_ascii_digit) {
			return Err(BatteryIdError::InvalidGtin);
		}
		if gtin.get(13).map(|d| d.saturating_sub(b'0')) != Some(gtin14_check_digit(gtin)) {
			return Err(BatteryIdError::GtinCheckDigit);
		}
		if serial.is_empty() ||
			serial.len() > GS1_MAX_SERIAL_LEN ||
			!serial.iter().all(|c| is_gs1_cset82(*c))
		{
			return Err(BatteryIdError::InvalidSerial);
		}
		return Ok(IdScheme::Gs1);
	}
	if id.len() != GBT_CODE_LEN {
		return Err(BatteryIdError::UnknownFormat);
	}
	let valid = id.iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()) &&
		matches!(id.get(3), Some(b'P' | b'M' | b'C')) &&
		matches!(id.get(15), Some(b'1'..=b'9' | b'A' | b'B' | b'C'));
	if valid {
		Ok(IdScheme::Gbt34014)
	} else {
		Err(BatteryIdError::InvalidGbtCode)
	}
}

// ---------------------------------------------------------------------------------------------
// Factory data
// ---------------------------------------------------------------------------------------------

/// A calendar date (proleptic Gregorian). JSON: `"YYYY-MM-DD"`.
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
)]
pub struct Date {
	/// Year, 1970 to 9999.
	pub year: u16,
	/// Month, 1 to 12.
	pub month: u8,
	/// Day of the month, 1 to 28/29/30/31.
	pub day: u8,
}

impl Date {
	/// A date from its parts (not validated; see [`Date::is_valid`]).
	pub const fn new(year: u16, month: u8, day: u8) -> Self {
		Self { year, month, day }
	}

	/// Whether the date exists and lies between 1970-01-01 and 9999-12-31.
	pub fn is_valid(&self) -> bool {
		let leap = (self.year.is_multiple_of(4) && !self.year.is_multiple_of(100)) ||
			self.year.is_multiple_of(400);
		let days = match self.month {
			1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
			4 | 6 | 9 | 11 => 30,
			2 if leap => 29,
			2 => 28,
			_ => return false,
		};
		(1970..=9999).contains(&self.year) && (1..=days).contains(&self.day)
	}

	/// Parse `YYYY-MM-DD` (not validated beyond the shape).
	pub fn parse(text: &str) -> Option<Self> {
		let bytes = text.as_bytes();
		if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
			return None;
		}
		let year = text.get(0..4)?.parse().ok()?;
		let month = text.get(5..7)?.parse().ok()?;
		let day = text.get(8..10)?.parse().ok()?;
		Some(Self { year, month, day })
	}
}

impl fmt::Display for Date {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
	}
}

impl Serialize for Date {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_str(self)
	}
}

impl<'de> Deserialize<'de> for Date {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		let text = String::deserialize(deserializer)?;
		Date::parse(&text).ok_or_else(|| serde::de::Error::custom("expected a YYYY-MM-DD date"))
	}
}

/// Cell chemistry of a battery.
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
pub enum Chemistry {
	/// Lithium iron phosphate (LFP).
	#[codec(index = 0)]
	Lfp,
	/// Lithium nickel manganese cobalt oxide (NMC / NCM, "ternary").
	#[codec(index = 1)]
	Nmc,
	/// Lithium nickel cobalt aluminium oxide (NCA).
	#[codec(index = 2)]
	Nca,
	/// Lithium manganese oxide (LMO).
	#[codec(index = 3)]
	Lmo,
	/// Lithium titanate anode (LTO).
	#[codec(index = 4)]
	Lto,
	/// Lithium cobalt oxide (LCO).
	#[codec(index = 5)]
	Lco,
	/// Lithium manganese iron phosphate (LMFP).
	#[codec(index = 6)]
	Lmfp,
	/// Sodium-ion.
	#[codec(index = 7)]
	SodiumIon,
	/// Nickel-metal hydride.
	#[codec(index = 8)]
	NiMh,
	/// Solid-state lithium.
	#[codec(index = 9)]
	SolidState,
	/// Any other chemistry (described by the model designation).
	#[codec(index = 10)]
	Other,
}

/// The immutable factory data of a battery: identity, nameplate and rated data, written once by
/// the manufacturer at registration and never changed afterwards.
///
/// Units are in the field names; every quantity is an unsigned integer (fixed point):
/// `mah` milliampere-hours (1 Ah = 1000), `mv` millivolts (1 V = 1000), `wh` watt-hours,
/// `milli_c` thousandths of the C-rate (1 C = 1000, i.e. the current that charges or discharges
/// the rated capacity in one hour), `g` grams.
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
pub struct FactoryData {
	/// Model / type designation (UTF-8, 1 to [`MAX_MODEL_LEN`] bytes).
	#[serde(with = "text")]
	pub model: ModelName,
	/// Cell chemistry.
	pub chemistry: Chemistry,
	/// Rated capacity in mAh.
	pub rated_capacity_mah: u32,
	/// Minimum (cut-off) voltage in mV.
	pub min_voltage_mv: u32,
	/// Nominal voltage in mV.
	pub nominal_voltage_mv: u32,
	/// Maximum (charge limit) voltage in mV.
	pub max_voltage_mv: u32,
	/// Rated energy in Wh.
	pub rated_energy_wh: u32,
	/// Maximum continuous charge rate in thousandths of C.
	pub max_charge_rate_milli_c: u32,
	/// Maximum continuous discharge rate in thousandths of C.
	pub max_discharge_rate_milli_c: u32,
	/// Mass in g.
	pub mass_g: u32,
	/// Manufacturing place: plant name or site identifier (UTF-8, at most [`MAX_PLACE_LEN`]
	/// bytes).
	#[serde(with = "text")]
	pub manufacturing_place: PlaceName,
	/// Manufacturing date.
	pub manufacturing_date: Date,
	/// Expected cycle life in full equivalent cycles.
	pub expected_cycle_life: u32,
	/// Warranty period in months (0: none).
	pub warranty_months: u16,
}

/// Why [`FactoryData`] is not acceptable ([`FactoryData::validate`]).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum FactoryDataError {
	/// The model designation is empty.
	EmptyModel,
	/// The model or the manufacturing place is not UTF-8.
	InvalidText,
	/// The manufacturing date does not exist or lies outside 1970 to 9999.
	InvalidDate,
	/// A rating (capacity, voltage, energy, C-rate, mass, cycle life) is zero.
	ZeroRating,
	/// The voltages are not ordered minimum <= nominal <= maximum.
	InvalidVoltageRange,
}

impl fmt::Display for FactoryDataError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::EmptyModel => "empty model designation",
			Self::InvalidText => "model or manufacturing place is not UTF-8",
			Self::InvalidDate => "invalid manufacturing date",
			Self::ZeroRating => "a rating is zero",
			Self::InvalidVoltageRange => "voltages not ordered min <= nominal <= max",
		})
	}
}

impl FactoryData {
	/// Check the data: non-empty UTF-8 model, UTF-8 place, a valid date, non-zero ratings and
	/// ordered voltages.
	pub fn validate(&self) -> Result<(), FactoryDataError> {
		if self.model.is_empty() {
			return Err(FactoryDataError::EmptyModel);
		}
		if core::str::from_utf8(&self.model).is_err() ||
			core::str::from_utf8(&self.manufacturing_place).is_err()
		{
			return Err(FactoryDataError::InvalidText);
		}
		if !self.manufacturing_date.is_valid() {
			return Err(FactoryDataError::InvalidDate);
		}
		let ratings = [
			self.rated_capacity_mah,
			self.min_voltage_mv,
			self.rated_energy_wh,
			self.max_charge_rate_milli_c,
			self.max_discharge_rate_milli_c,
			self.mass_g,
			self.expected_cycle_life,
		];
		if ratings.contains(&0) {
			return Err(FactoryDataError::ZeroRating);
		}
		if self.min_voltage_mv > self.nominal_voltage_mv ||
			self.nominal_voltage_mv > self.max_voltage_mv
		{
			return Err(FactoryDataError::InvalidVoltageRange);
		}
		Ok(())
	}

	/// The factory-data hash: BLAKE2b-256 of the SCALE encoding. Factory data is stored under
	/// this hash and the tag signature covers it.
	pub fn hash(&self) -> Hash32 {
		blake2_256(&self.encode())
	}
}

// ---------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------

/// Lifecycle status of a battery passport.
///
/// ```text
/// Manufactured -> InTransit -> InService -> Retired -> WithRecycler -+-> Repurposed     (*)
///                                                                    +-> Reused         (*)
///                                                                    +-> Remanufactured (*)
///                                                                    +-> Waste -> Recycled
/// ```
/// (*) only together with a new passport linked to this one (second life); this passport is
/// then closed. `Recycled` closes the passport too. A closed passport stays resolvable.
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
pub enum BatteryStatus {
	/// Registered by its manufacturer, still at the factory.
	#[codec(index = 0)]
	Manufactured,
	/// Picked up by a carrier.
	#[codec(index = 1)]
	InTransit,
	/// Delivered to and put into service by an operator.
	#[codec(index = 2)]
	InService,
	/// Taken out of service by its operator.
	#[codec(index = 3)]
	Retired,
	/// Taken over by a recycler for assessment.
	#[codec(index = 4)]
	WithRecycler,
	/// Repurposed for another use (second life under a new passport); closed.
	#[codec(index = 5)]
	Repurposed,
	/// Re-used for its original purpose (second life under a new passport); closed.
	#[codec(index = 6)]
	Reused,
	/// Remanufactured (second life under a new passport); closed.
	#[codec(index = 7)]
	Remanufactured,
	/// Declared waste by the recycler.
	#[codec(index = 8)]
	Waste,
	/// Recycled; closed.
	#[codec(index = 9)]
	Recycled,
}

impl BatteryStatus {
	/// The single role allowed to move a battery from `self` to `to`, or `None` if the
	/// transition is not part of the lifecycle.
	///
	/// | from | to | role |
	/// |---|---|---|
	/// | Manufactured | InTransit | Logistics |
	/// | InTransit | InService | Operator |
	/// | InService | Retired | Operator |
	/// | Retired | WithRecycler | Recycler |
	/// | WithRecycler | Repurposed, Reused, Remanufactured (with a new passport) | Recycler |
	/// | WithRecycler | Waste | Recycler |
	/// | Waste | Recycled | Recycler |
	pub const fn transition_role(self, to: BatteryStatus) -> Option<Role> {
		use BatteryStatus::*;
		match (self, to) {
			(Manufactured, InTransit) => Some(Role::Logistics),
			(InTransit, InService) | (InService, Retired) => Some(Role::Operator),
			(Retired, WithRecycler) |
			(WithRecycler, Repurposed | Reused | Remanufactured | Waste) |
			(Waste, Recycled) => Some(Role::Recycler),
			_ => None,
		}
	}

	/// Whether the passport is closed (no further transition, custody change or record).
	pub const fn is_closed(self) -> bool {
		matches!(self, Self::Repurposed | Self::Reused | Self::Remanufactured | Self::Recycled)
	}

	/// Whether entering this status requires a successor passport (second life).
	pub const fn needs_successor(self) -> bool {
		matches!(self, Self::Repurposed | Self::Reused | Self::Remanufactured)
	}
}

/// Which life a passport describes.
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
pub enum Life {
	/// A new battery.
	#[codec(index = 0)]
	Original,
	/// A repurposed battery (new use, e.g. stationary storage).
	#[codec(index = 1)]
	Repurposed,
	/// A re-used battery (same purpose, after checks).
	#[codec(index = 2)]
	Reused,
	/// A remanufactured battery.
	#[codec(index = 3)]
	Remanufactured,
}

/// The kind of a second life (argument of the second-life registration).
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
pub enum SecondLife {
	/// Repurposed for another use.
	#[codec(index = 0)]
	Repurposed,
	/// Re-used for the original purpose.
	#[codec(index = 1)]
	Reused,
	/// Remanufactured.
	#[codec(index = 2)]
	Remanufactured,
}

impl SecondLife {
	/// The [`Life`] of the new passport.
	pub const fn life(self) -> Life {
		match self {
			Self::Repurposed => Life::Repurposed,
			Self::Reused => Life::Reused,
			Self::Remanufactured => Life::Remanufactured,
		}
	}

	/// The closing status of the predecessor passport.
	pub const fn predecessor_status(self) -> BatteryStatus {
		match self {
			Self::Repurposed => BatteryStatus::Repurposed,
			Self::Reused => BatteryStatus::Reused,
			Self::Remanufactured => BatteryStatus::Remanufactured,
		}
	}
}

/// How the assigned user wants the battery run; the operator's systems follow the event.
#[derive(
	Clone,
	Copy,
	Default,
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
pub enum RunningMode {
	/// Reduced power, longest range and life.
	#[codec(index = 0)]
	Economy,
	/// Default balance of power and life.
	#[default]
	#[codec(index = 1)]
	Normal,
	/// Full power.
	#[codec(index = 2)]
	Performance,
	/// Available to the grid (bidirectional charging) while plugged in.
	#[codec(index = 3)]
	VehicleToGrid,
}

/// Kind of a maintenance record.
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
pub enum MaintenanceKind {
	/// Periodic inspection.
	#[codec(index = 0)]
	Inspection,
	/// Repair.
	#[codec(index = 1)]
	Repair,
	/// Replacement of modules or cells.
	#[codec(index = 2)]
	ModuleReplacement,
	/// Cell balancing.
	#[codec(index = 3)]
	Balancing,
	/// BMS firmware update.
	#[codec(index = 4)]
	FirmwareUpdate,
	/// Anything else (described by the summary).
	#[codec(index = 5)]
	Other,
}

/// One maintenance record, as stored (the latest few per battery) and as emitted in its event.
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
pub struct MaintenanceRecord<AccountId, BlockNumber> {
	/// Sequence number of the record for its battery, from 0.
	pub index: u32,
	/// Date the work was done.
	pub date: Date,
	/// Kind of work.
	pub kind: MaintenanceKind,
	/// Short summary: UTF-8 text, or a payload sealed for the readers in scope (the chain does
	/// not interpret it). JSON: hex.
	#[serde(with = "hex_bytes")]
	pub summary: MaintenanceSummary,
	/// BLAKE2b-256 of the full maintenance document kept off chain.
	#[serde(with = "hex_bytes")]
	pub document_hash: Hash32,
	/// The operator that recorded it.
	pub operator: AccountId,
	/// Block at which it was recorded.
	pub recorded_at: BlockNumber,
}

// ---------------------------------------------------------------------------------------------
// Tag
// ---------------------------------------------------------------------------------------------

/// The bytes a manufacturer signs to bind a tag: [`TAG_SIGNING_CONTEXT`] followed by the SCALE
/// encoding of `(uid, battery_id, factory_hash)` (byte strings with their compact length).
///
/// The signature is made with the manufacturer's account key or one of its registered signing
/// keys (sr25519 or ed25519; `MultiSignature` on chain) and written on the tag next to the
/// factory data; the chain verifies it when the tag is bound.
pub fn tag_signing_payload(uid: &[u8], battery_id: &[u8], factory_hash: &Hash32) -> Vec<u8> {
	let mut payload = TAG_SIGNING_CONTEXT.to_vec();
	(uid, battery_id, factory_hash).encode_to(&mut payload);
	payload
}

/// Whether `uid` has an acceptable tag UID length.
pub fn is_valid_tag_uid(uid: &[u8]) -> bool {
	(MIN_TAG_UID_LEN as usize..=MAX_TAG_UID_LEN as usize).contains(&uid.len())
}

// ---------------------------------------------------------------------------------------------
// Trait for other pallets
// ---------------------------------------------------------------------------------------------

/// Lifecycle operations other pallets (logistics, recycling) drive. Implemented by
/// `pallet-battery`; every method applies the same rules as the pallet's own calls and emits the
/// same events.
pub trait BatteryLifecycle<AccountId> {
	/// Status of `battery` (`None`: not registered).
	fn status(battery: &BatteryId) -> Option<BatteryStatus>;

	/// Current custodian of `battery`.
	fn custodian(battery: &BatteryId) -> Option<AccountId>;

	/// Whether `battery` is frozen by an Authority.
	fn is_frozen(battery: &BatteryId) -> bool;

	/// Move `battery` to `to` on behalf of `who`: `who` must hold the transition's role
	/// ([`BatteryStatus::transition_role`]) and be the custodian; the battery must not be frozen
	/// or assigned to a user. Second-life statuses are refused (they need a new passport).
	fn transition(who: &AccountId, battery: &BatteryId, to: BatteryStatus) -> DispatchResult;

	/// Make `to` the custodian of `battery` (the calling pallet has checked the handover, e.g. a
	/// confirmed delivery). `to` must be an active member; the battery must not be frozen,
	/// closed or assigned. Cancels a pending direct handover offer.
	fn set_custodian(battery: &BatteryId, to: &AccountId) -> DispatchResult;
}

// ---------------------------------------------------------------------------------------------
// Views and runtime API
// ---------------------------------------------------------------------------------------------

/// The tag bound to a battery, as shown in its passport.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagView<AccountId, BlockNumber> {
	/// Tag UID. JSON: hex.
	#[serde(with = "hex_bytes")]
	pub uid: TagUid,
	/// BLAKE2b-256 of the tag's NDEF message. JSON: hex.
	#[serde(with = "hex_bytes")]
	pub ndef_hash: Hash32,
	/// The key that signed the tag (the manufacturer or one of its registered signing keys).
	pub signer: AccountId,
	/// Block at which the tag was bound.
	pub bound_at: BlockNumber,
}

/// The public battery passport: identity, nameplate and rated data, status and the links of a
/// second life. Readable by anyone (`battery_passport` RPC, `BatteryApi_passport`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PassportView<AccountId, BlockNumber> {
	/// The battery id.
	#[serde(with = "text")]
	pub id: BatteryId,
	/// Coding scheme of the id.
	pub id_scheme: IdScheme,
	/// The economic operator responsible for the passport: the manufacturer, or for a second
	/// life the recycler that registered it.
	pub manufacturer: AccountId,
	/// Identity, nameplate and rated data (immutable).
	pub factory: FactoryData,
	/// Hash of `factory` ([`FactoryData::hash`]). JSON: hex.
	#[serde(with = "hex_bytes")]
	pub factory_hash: Hash32,
	/// Lifecycle status.
	pub status: BatteryStatus,
	/// Block at which the battery entered `status`.
	pub status_since: BlockNumber,
	/// Block at which the passport was registered.
	pub registered_at: BlockNumber,
	/// Original or second life.
	pub life: Life,
	/// The passport this one succeeds (second life).
	#[serde(with = "text_opt")]
	pub predecessor: Option<BatteryId>,
	/// The passport that succeeds this one (second life).
	#[serde(with = "text_opt")]
	pub successor: Option<BatteryId>,
	/// Whether an Authority froze the battery (no transition until unfrozen).
	pub frozen: bool,
	/// The bound NFC / RFID tag.
	pub tag: Option<TagView<AccountId, BlockNumber>>,
}

/// Why a scope-checked read returned nothing.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReadError {
	/// No battery is registered under the id.
	UnknownBattery,
	/// The reader may not read this category of this battery (consortium data scope).
	NotInScope,
}

/// A pending direct custody handover.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustodyOfferView<AccountId, BlockNumber> {
	/// The account offered custody.
	pub to: AccountId,
	/// Last block at which the offer can be accepted.
	pub expires_at: BlockNumber,
}

/// Custody of a battery (data category `Logistics`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustodyView<AccountId, BlockNumber> {
	/// Current custodian.
	pub custodian: AccountId,
	/// Pending direct handover, if any.
	pub offer: Option<CustodyOfferView<AccountId, BlockNumber>>,
}

/// Use of a battery (data category `Usage`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageView<AccountId> {
	/// The user the battery is assigned to.
	pub assigned_user: Option<AccountId>,
	/// Running mode chosen by the user.
	pub running_mode: RunningMode,
}

/// Maintenance of a battery (data category `Maintenance`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaintenanceView<AccountId, BlockNumber> {
	/// Number of records ever made; older records than `records` are only in the events.
	pub total: u32,
	/// The latest records kept on chain, oldest first.
	pub records: Vec<MaintenanceRecord<AccountId, BlockNumber>>,
}

sp_api::decl_runtime_apis! {
	/// Battery passport reads (`battery_passport` over JSON-RPC, or `state_call`).
	///
	/// Ids are passed as raw bytes (the UTF-8 battery id); an id longer than
	/// [`MAX_SUBJECT_LEN`] is simply unknown. Scope-checked reads ask the consortium whether
	/// `reader` may read the category of that battery.
	pub trait BatteryApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The public passport of `id` (`None`: not registered).
		fn passport(id: Vec<u8>) -> Option<PassportView<AccountId, BlockNumber>>;
		/// Custodian and pending handover of `id` (category `Logistics`).
		fn custody(id: Vec<u8>, reader: AccountId) -> Result<CustodyView<AccountId, BlockNumber>, ReadError>;
		/// Assigned user and running mode of `id` (category `Usage`).
		fn usage(id: Vec<u8>, reader: AccountId) -> Result<UsageView<AccountId>, ReadError>;
		/// Maintenance records of `id` kept on chain and their total count (category
		/// `Maintenance`).
		fn maintenance(id: Vec<u8>, reader: AccountId) -> Result<MaintenanceView<AccountId, BlockNumber>, ReadError>;
		/// Whether `id` is a valid battery id, and of which scheme.
		fn check_id(id: Vec<u8>) -> Result<IdScheme, BatteryIdError>;
	}
}

// ---------------------------------------------------------------------------------------------
// serde helpers
// ---------------------------------------------------------------------------------------------

/// `0x`-prefixed lower-case hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(bytes.len().saturating_mul(2).saturating_add(2));
	out.push_str("0x");
	for byte in bytes {
		for nibble in [byte >> 4, byte & 0x0f] {
			out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
		}
	}
	out
}

/// Bytes of a hex string (with or without `0x`), `None` if it is not hex.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
	let text = text.strip_prefix("0x").unwrap_or(text);
	if !text.len().is_multiple_of(2) {
		return None;
	}
	let nibble = |c: u8| match c {
		b'0'..=b'9' => Some(c - b'0'),
		b'a'..=b'f' => Some(c - b'a' + 10),
		b'A'..=b'F' => Some(c - b'A' + 10),
		_ => None,
	};
	text.as_bytes()
		.chunks(2)
		.map(|pair| match pair {
			[hi, lo] => Some((nibble(*hi)? << 4) | nibble(*lo)?),
			_ => None,
		})
		.collect()
}

/// serde: byte strings (bounded vectors, arrays) as `0x` hex.
pub mod hex_bytes {
	use super::*;

	/// Serialise as hex.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(value: &T, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&to_hex(value.as_ref()))
	}

	/// Deserialise from hex, checking the length through `TryFrom<Vec<u8>>`.
	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<T, D::Error> {
		let text = String::deserialize(d)?;
		let bytes = from_hex(&text).ok_or_else(|| serde::de::Error::custom("expected hex"))?;
		T::try_from(bytes).map_err(|_| serde::de::Error::custom("wrong length"))
	}
}

/// serde: UTF-8 byte strings (bounded vectors) as JSON strings.
pub mod text {
	use super::*;

	/// Serialise as a string (invalid UTF-8 is replaced; the pallet only stores UTF-8).
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(value: &T, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&String::from_utf8_lossy(value.as_ref()))
	}

	/// Deserialise from a string, checking the length through `TryFrom<Vec<u8>>`.
	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<T, D::Error> {
		let text = String::deserialize(d)?;
		T::try_from(text.into_bytes()).map_err(|_| serde::de::Error::custom("text too long"))
	}
}

/// serde: optional UTF-8 byte strings as a JSON string or `null`.
pub mod text_opt {
	use super::*;

	/// Serialise as a string or `null`.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(
		value: &Option<T>,
		s: S,
	) -> Result<S::Ok, S::Error> {
		match value {
			Some(v) => s.serialize_some(&String::from_utf8_lossy(v.as_ref())),
			None => s.serialize_none(),
		}
	}

	/// Deserialise from a string or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<Option<T>, D::Error> {
		Option::<String>::deserialize(d)?
			.map(|text| {
				T::try_from(text.into_bytes())
					.map_err(|_| serde::de::Error::custom("text too long"))
			})
			.transpose()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A valid GB/T 34014 code used across tests.
	pub const GBT: &[u8] = b"03HPE0A2D000C7LB50000081";
	/// A valid GS1 id (GTIN-14 04006381333931, serial SN-0001).
	pub const GS1: &[u8] = b"(01)04006381333931(21)SN-0001";

	#[test]
	fn valid_ids() {
		assert_eq!(validate_battery_id(GBT), Ok(IdScheme::Gbt34014));
		assert_eq!(validate_battery_id(GS1), Ok(IdScheme::Gs1));
		assert_eq!(
			validate_battery_id(b"(01)04006381333931(21)ABCDEFGHIJKLMNOPQRST"),
			Ok(IdScheme::Gs1)
		);
		assert!(b"(01)04006381333931(21)ABCDEFGHIJKLMNOPQRST".len() <= MAX_SUBJECT_LEN as usize);
	}

	#[test]
	fn invalid_ids() {
		use BatteryIdError::*;
		let check = |id: &[u8]| validate_battery_id(id).unwrap_err();
		assert_eq!(check(b""), UnknownFormat);
		assert_eq!(check(b"CATL-2025-0000000000000001"), UnknownFormat);
		assert_eq!(check(b"03HPE0A2D000C7LB5000008"), UnknownFormat);
		assert_eq!(check(b"03hPE0A2D000C7LB50000081"), InvalidGbtCode);
		assert_eq!(check(b"03HXE0A2D000C7LB50000081"), InvalidGbtCode);
		assert_eq!(check(b"03HPE0A2D000C7LD50000081"), InvalidGbtCode);
		assert_eq!(check(b"03HPE0A2D000C7LB5000008-"), InvalidGbtCode);
		assert_eq!(check(b"(01)0400638133393(21)SN"), InvalidGtin);
		assert_eq!(check(b"(01)0400638133393X(21)SN"), InvalidGtin);
		assert_eq!(check(b"(01)04006381333931SN"), InvalidGtin);
		assert_eq!(check(b"(01)04006381333932(21)SN"), GtinCheckDigit);
		assert_eq!(check(b"(01)04006381333931(21)"), InvalidSerial);
		assert_eq!(check(b"(01)04006381333931(21)ABCDEFGHIJKLMNOPQRSTU"), InvalidSerial);
		assert_eq!(check(b"(01)04006381333931(21)SN 1"), InvalidSerial);
	}

	pub fn factory() -> FactoryData {
		FactoryData {
			model: b"CB-75 LFP pack".to_vec().try_into().unwrap(),
			chemistry: Chemistry::Lfp,
			rated_capacity_mah: 230_000,
			min_voltage_mv: 280_000,
			nominal_voltage_mv: 332_800,
			max_voltage_mv: 379_600,
			rated_energy_wh: 76_544,
			max_charge_rate_milli_c: 1_000,
			max_discharge_rate_milli_c: 3_000,
			mass_g: 520_000,
			manufacturing_place: b"Ningde plant 3".to_vec().try_into().unwrap(),
			manufacturing_date: Date::new(2025, 3, 14),
			expected_cycle_life: 4_000,
			warranty_months: 96,
		}
	}

	#[test]
	fn factory_validation() {
		assert_eq!(factory().validate(), Ok(()));
		let mut f = factory();
		f.model = Default::default();
		assert_eq!(f.validate(), Err(FactoryDataError::EmptyModel));
		let mut f = factory();
		f.manufacturing_place = alloc::vec![0xff, 0xfe].try_into().unwrap();
		assert_eq!(f.validate(), Err(FactoryDataError::InvalidText));
		let mut f = factory();
		f.manufacturing_date = Date::new(2025, 2, 29);
		assert_eq!(f.validate(), Err(FactoryDataError::InvalidDate));
		f.manufacturing_date = Date::new(2024, 2, 29);
		assert_eq!(f.validate(), Ok(()));
		let mut f = factory();
		f.mass_g = 0;
		assert_eq!(f.validate(), Err(FactoryDataError::ZeroRating));
		let mut f = factory();
		f.nominal_voltage_mv = 400_000;
		assert_eq!(f.validate(), Err(FactoryDataError::InvalidVoltageRange));
	}

	#[test]
	fn transitions_have_one_role() {
		use BatteryStatus::*;
		let all = [
			Manufactured,
			InTransit,
			InService,
			Retired,
			WithRecycler,
			Repurposed,
			Reused,
			Remanufactured,
			Waste,
			Recycled,
		];
		let edges: Vec<_> = all
			.iter()
			.flat_map(|from| all.iter().map(move |to| (*from, *to)))
			.filter_map(|(from, to)| from.transition_role(to).map(|role| (from, to, role)))
			.collect();
		assert_eq!(edges.len(), 9);
		for (from, _, _) in &edges {
			assert!(!from.is_closed(), "{from:?} is closed but has a way out");
		}
		assert_eq!(Manufactured.transition_role(InService), None);
		assert_eq!(Recycled.transition_role(Waste), None);
	}

	#[test]
	fn signing_payload_is_context_plus_scale() {
		let payload = tag_signing_payload(&[4, 1, 2, 3], b"ID", &[7; 32]);
		assert!(payload.starts_with(TAG_SIGNING_CONTEXT));
		let rest = &payload[TAG_SIGNING_CONTEXT.len()..];
		assert_eq!(rest, (alloc::vec![4u8, 1, 2, 3], b"ID".to_vec(), [7u8; 32]).encode());
	}

	#[test]
	fn hex_round_trip() {
		assert_eq!(to_hex(&[0, 0xab, 0x10]), "0x00ab10");
		assert_eq!(from_hex("0x00AB10"), Some(alloc::vec![0, 0xab, 0x10]));
		assert_eq!(from_hex("abc"), None);
		assert_eq!(from_hex("zz"), None);
	}

	#[test]
	fn factory_hash_is_stable() {
		assert_eq!(factory().hash(), factory().hash());
		let mut other = factory();
		other.warranty_months = 95;
		assert_ne!(factory().hash(), other.hash());
		assert!(FactoryData::max_encoded_len() < 256);
	}
}
