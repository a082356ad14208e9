//! The one error of every battery read: pallet-battery's custody, usage and maintenance
//! ([`crate::battery::BatteryApi`]: public or sealed, no scope check) and pallet-telemetry's
//! scope-checked health, twin and telemetry summary ([`crate::telemetry::TelemetryApi`]).
//!
//! Every such read checks in the same order, and the first failing check is the answer:
//!
//! 1. the id is at most [`MAX_SUBJECT_LEN`](crate::consortium::MAX_SUBJECT_LEN) bytes, else
//!    [`ReadError::InvalidBatteryId`] ([`battery_id`]);
//! 2. a battery is registered under it, else [`ReadError::UnknownBattery`];
//! 3. for a scope-checked read, the consortium lets the reader read the category of that
//!    battery, else [`ReadError::NotInScope`].
//!
//! The node's `battery_*` RPC maps the variants to the error codes 5, 3 and 4.

use crate::consortium::BatteryId;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Why a scope-checked read returned nothing.
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
pub enum ReadError {
	/// The battery id is longer than the longest battery id
	/// ([`MAX_SUBJECT_LEN`](crate::consortium::MAX_SUBJECT_LEN) bytes).
	#[codec(index = 0)]
	InvalidBatteryId,
	/// No battery is registered under the id.
	#[codec(index = 1)]
	UnknownBattery,
	/// The reader may not read this category of this battery (consortium data scope).
	#[codec(index = 2)]
	NotInScope,
}

impl fmt::Display for ReadError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::InvalidBatteryId => "invalid battery id",
			Self::UnknownBattery => "unknown battery",
			Self::NotInScope => "the reader may not read this data of this battery",
		})
	}
}

/// The first check of every scope-checked read: `battery` as a [`BatteryId`], or
/// [`ReadError::InvalidBatteryId`] if it is longer than
/// [`MAX_SUBJECT_LEN`](crate::consortium::MAX_SUBJECT_LEN) bytes.
pub fn battery_id(battery: Vec<u8>) -> Result<BatteryId, ReadError> {
	BatteryId::try_from(battery).map_err(|_| ReadError::InvalidBatteryId)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::consortium::MAX_SUBJECT_LEN;

	#[test]
	fn too_long_is_invalid() {
		let longest = alloc::vec![b'A'; MAX_SUBJECT_LEN as usize];
		assert_eq!(battery_id(longest.clone()).map(|id| id.into_inner()), Ok(longest));
		assert_eq!(
			battery_id(alloc::vec![b'A'; MAX_SUBJECT_LEN as usize + 1]),
			Err(ReadError::InvalidBatteryId)
		);
	}
}
