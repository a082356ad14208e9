//! Factory data: [`FactoryData`] (identity, nameplate and rated data), written once at
//! registration and stored content-addressed by [`FactoryData::hash`], with its [`Date`] and
//! [`Chemistry`]. Every quantity is an integer with its unit in the field name.

use super::{blake2_256, Hash32};
use crate::serde_helpers::text;
use alloc::string::String;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Maximum length in bytes of [`FactoryData::model`].
pub const MAX_MODEL_LEN: u32 = 64;
/// Maximum length in bytes of [`FactoryData::manufacturing_place`].
pub const MAX_PLACE_LEN: u32 = 64;

/// Model designation of [`FactoryData`] (UTF-8).
pub type ModelName = BoundedVec<u8, ConstU32<MAX_MODEL_LEN>>;
/// Manufacturing place of [`FactoryData`] (UTF-8).
pub type PlaceName = BoundedVec<u8, ConstU32<MAX_PLACE_LEN>>;

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
		let leap = (self.year.is_multiple_of(4) && !self.year.is_multiple_of(100))
			|| self.year.is_multiple_of(400);
		let days = match self.month {
			1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
			4 | 6 | 9 | 11 => 30,
			2 if leap => 29,
			2 => 28,
			_ => return false,
		};
		(1970..=9999).contains(&self.year) && (1..=days).contains(&self.day)
	}

	/// The UTC calendar date of `ms` milliseconds after the Unix epoch (the proleptic
	/// Gregorian calendar; integer arithmetic only, so every node agrees). Years past 9999
	/// saturate at 9999-12-31.
	pub fn from_unix_ms(ms: u64) -> Self {
		const DAY_MS: u64 = 86_400_000;
		// Days since 0000-03-01, in 400-year eras of 146,097 days (Hinnant's civil_from_days).
		let days = ms / DAY_MS + 719_468;
		let era = days / 146_097;
		let day_of_era = days % 146_097;
		let year_of_era =
			(day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
		let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
		let month_from_march = (5 * day_of_year + 2) / 153;
		let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
		let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
		let year = year_of_era + era * 400 + u64::from(month <= 2);
		match u16::try_from(year) {
			Ok(year) if year <= 9999 => Self { year, month: month as u8, day: day as u8 },
			_ => Self { year: 9999, month: 12, day: 31 },
		}
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

/// Cell chemistry of a battery: one type shared with the estimator configuration (defined in
/// `battery-estimator`, so the estimator stays free of runtime dependencies).
pub use battery_estimator::Chemistry;

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
		if core::str::from_utf8(&self.model).is_err()
			|| core::str::from_utf8(&self.manufacturing_place).is_err()
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
		if self.min_voltage_mv > self.nominal_voltage_mv
			|| self.nominal_voltage_mv > self.max_voltage_mv
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

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn unix_time_gives_the_utc_date() {
		let day = 86_400_000u64;
		assert_eq!(Date::from_unix_ms(0), Date::new(1970, 1, 1));
		assert_eq!(Date::from_unix_ms(day - 1), Date::new(1970, 1, 1));
		assert_eq!(Date::from_unix_ms(1_700_000_000_000), Date::new(2023, 11, 14));
		assert_eq!(Date::from_unix_ms(951_782_400_000), Date::new(2000, 2, 29));
		assert_eq!(Date::from_unix_ms(4_107_456_000_000), Date::new(2100, 2, 28));
		assert_eq!(Date::from_unix_ms(4_107_542_400_000), Date::new(2100, 3, 1));
		assert_eq!(Date::from_unix_ms(u64::MAX), Date::new(9999, 12, 31));
		// Every day from 1970 to 2400 is valid and follows the one before.
		let mut previous = Date::from_unix_ms(0);
		for n in 1..157_000u64 {
			let date = Date::from_unix_ms(n * day + n % day);
			assert!(date.is_valid() && date > previous, "day {n}: {date} after {previous}");
			let next_day = date.day == 1 || date.day == previous.day + 1;
			assert!(next_day, "day {n}: {date} after {previous}");
			previous = date;
		}
		assert_eq!(previous, Date::new(2399, 11, 7));
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
	fn factory_hash_is_stable() {
		assert_eq!(factory().hash(), factory().hash());
		let mut other = factory();
		other.warranty_months = 95;
		assert_ne!(factory().hash(), other.hash());
		assert!(FactoryData::max_encoded_len() < 256);
	}
}
