//! Battery identity: [`validate_battery_id`] checks an id as a GB/T 34014 code or a GS1 GTIN-14 +
//! serial and tells its [`IdScheme`], or why it is not valid ([`BatteryIdError`]).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Length of a GB/T 34014 battery code.
pub const GBT_CODE_LEN: usize = 24;
/// Maximum length of the GS1 serial number (application identifier 21).
pub const GS1_MAX_SERIAL_LEN: usize = 20;

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
			Self::UnknownFormat => {
				"neither a 24-character GB/T 34014 code nor a GS1 id starting with (01)"
			},
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
		if serial.is_empty()
			|| serial.len() > GS1_MAX_SERIAL_LEN
			|| !serial.iter().all(|c| is_gs1_cset82(*c))
		{
			return Err(BatteryIdError::InvalidSerial);
		}
		return Ok(IdScheme::Gs1);
	}
	if id.len() != GBT_CODE_LEN {
		return Err(BatteryIdError::UnknownFormat);
	}
	let valid = id.iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
		&& matches!(id.get(3), Some(b'P' | b'M' | b'C'))
		&& matches!(id.get(15), Some(b'1'..=b'9' | b'A' | b'B' | b'C'));
	if valid {
		Ok(IdScheme::Gbt34014)
	} else {
		Err(BatteryIdError::InvalidGbtCode)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::consortium::MAX_SUBJECT_LEN;

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
}
