//! serde helpers shared by every view type: byte strings as `0x` hex ([`hex_bytes`], [`to_hex`],
//! [`from_hex`]), UTF-8 byte strings as JSON strings ([`text`], [`text_opt`]) and token amounts
//! as decimal strings ([`decimal`]: a `u128` does not fit a JSON number).

use alloc::{string::String, vec::Vec};
use serde::{Deserialize, Deserializer, Serializer};

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

/// serde: numbers as decimal strings (token amounts: `u128` exceeds what JSON clients parse
/// exactly).
pub mod decimal {
	use super::*;
	use core::{fmt::Display, str::FromStr};

	/// Serialise as a decimal string.
	pub fn serialize<S: Serializer, T: Display>(value: &T, s: S) -> Result<S::Ok, S::Error> {
		s.collect_str(value)
	}

	/// Deserialise from a decimal string.
	pub fn deserialize<'de, D: Deserializer<'de>, T: FromStr>(d: D) -> Result<T, D::Error> {
		String::deserialize(d)?
			.parse()
			.map_err(|_| serde::de::Error::custom("expected a decimal number"))
	}
}

/// serde: a crate version `(major, minor, patch)` as `"major.minor.patch"`.
pub mod version_triple {
	use super::*;

	/// Serialise as `"major.minor.patch"`.
	pub fn serialize<S: Serializer>(value: &(u16, u8, u8), s: S) -> Result<S::Ok, S::Error> {
		s.collect_str(&format_args!("{}.{}.{}", value.0, value.1, value.2))
	}

	/// Deserialise from `"major.minor.patch"`.
	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(u16, u8, u8), D::Error> {
		let text = String::deserialize(d)?;
		let mut parts = text.split('.');
		let mut next = || parts.next().map(str::parse::<u16>);
		match (next(), next(), next(), next()) {
			(Some(Ok(major)), Some(Ok(minor)), Some(Ok(patch)), None) => Ok((
				major,
				u8::try_from(minor).map_err(serde::de::Error::custom)?,
				u8::try_from(patch).map_err(serde::de::Error::custom)?,
			)),
			_ => Err(serde::de::Error::custom("expected major.minor.patch")),
		}
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

/// serde: optional byte strings as `0x`-prefixed hex or `null`.
pub mod hex_opt {
	use super::*;

	/// Serialise as hex or `null`.
	pub fn serialize<S: Serializer, T: AsRef<[u8]>>(
		value: &Option<T>,
		s: S,
	) -> Result<S::Ok, S::Error> {
		match value {
			Some(v) => s.serialize_some(&to_hex(v.as_ref())),
			None => s.serialize_none(),
		}
	}

	/// Deserialise from hex or `null`.
	pub fn deserialize<'de, D: Deserializer<'de>, T: TryFrom<Vec<u8>>>(
		d: D,
	) -> Result<Option<T>, D::Error> {
		Option::<String>::deserialize(d)?
			.map(|text| {
				let bytes = from_hex(&text).ok_or_else(|| serde::de::Error::custom("not hex"))?;
				T::try_from(bytes).map_err(|_| serde::de::Error::custom("wrong length"))
			})
			.transpose()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_round_trip() {
		assert_eq!(to_hex(&[0, 0xab, 0x10]), "0x00ab10");
		assert_eq!(from_hex("0x00AB10"), Some(alloc::vec![0, 0xab, 0x10]));
		assert_eq!(from_hex("abc"), None);
		assert_eq!(from_hex("zz"), None);
	}

	#[test]
	fn amounts_are_decimal_strings() {
		#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
		struct Amount(#[serde(with = "decimal")] u128);
		let max = serde_json::to_string(&Amount(u128::MAX)).unwrap();
		assert_eq!(max, "\"340282366920938463463374607431768211455\"");
		assert_eq!(serde_json::from_str::<Amount>(&max).unwrap(), Amount(u128::MAX));
		assert!(serde_json::from_str::<Amount>("\"12x\"").is_err());
	}

	#[test]
	fn crate_versions_are_dotted() {
		#[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
		struct Version(#[serde(with = "version_triple")] (u16, u8, u8));
		assert_eq!(serde_json::to_string(&Version((1, 2, 3))).unwrap(), "\"1.2.3\"");
		assert_eq!(serde_json::from_str::<Version>("\"0.10.255\"").unwrap(), Version((0, 10, 255)));
		for bad in ["\"1.2\"", "\"1.2.3.4\"", "\"1.256.0\"", "\"a.b.c\""] {
			assert!(serde_json::from_str::<Version>(bad).is_err(), "{bad}");
		}
	}
}
