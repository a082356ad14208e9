//! Logistics: the plaintext of a shipment's sealed records and the runtime API of shipments
//! (pallet-logistics).
//!
//! The chain stores sealed records as envelopes and never opens them; the plaintext types here
//! are named in the runtime metadata (through [`crate::sealed::Sealed`]), so a party that opened
//! a record decodes it with no type definition of its own.

use crate::{
	battery::Date,
	consortium::{BatteryId, SubjectId},
	read::ReadError,
	sealed::ReaderPublicKey,
	serde_helpers::{decimal, text, text_opt},
};
use alloc::{string::String, vec::Vec};
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Number of a shipment (sequential, from 0).
pub type ShipmentId = u64;

/// The public batch ID a shipment gets at pickup: sequential from 1, printed on the waybill and
/// in the batch QR code as `BATCH-` and ten digits (see [`batch_label`]).
pub type BatchId = u64;

/// Prefix of a printed batch ID.
const BATCH_PREFIX: &str = "BATCH-";

/// The printable form of a batch ID: `BATCH-0000000042`.
pub fn batch_label(batch: BatchId) -> String {
	alloc::format!("{BATCH_PREFIX}{batch:010}")
}

/// A batch ID from its printed form (`BATCH-0000000042`) or its number (`42`).
pub fn parse_batch(text: &str) -> Option<BatchId> {
	let digits = text.strip_prefix(BATCH_PREFIX).unwrap_or(text);
	if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
		return None;
	}
	digits.parse().ok()
}

/// Longest text of a batch ID parameter: the prefix and the 20 digits of `u64::MAX`.
pub const MAX_BATCH_TEXT_LEN: usize = BATCH_PREFIX.len() + 20;

/// Longest geohash, characters (12: about 4 cm).
pub const MAX_GEOHASH_LEN: u32 = 12;

/// Longest free-text note of a sealed logistics record, bytes.
pub const MAX_LOGISTICS_NOTE_LEN: u32 = 256;

/// A position on the way, or of a station or pile.
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
#[serde(rename_all_fields = "camelCase")]
pub enum Position {
	/// WGS 84 latitude and longitude in units of 10⁻⁷ degree (about 1 cm).
	#[codec(index = 0)]
	Coordinates {
		/// Latitude, 10⁻⁷ degree, −900000000 to 900000000.
		latitude_e7: i32,
		/// Longitude, 10⁻⁷ degree, −1800000000 to 1800000000.
		longitude_e7: i32,
	},
	/// A geohash (base-32 text, as in `u281z7`).
	#[codec(index = 1)]
	Geohash(#[serde(with = "text")] BoundedVec<u8, ConstU32<MAX_GEOHASH_LEN>>),
}

impl Position {
	/// Whether the coordinates lie within ±90° latitude and ±180° longitude, or the geohash is
	/// non-empty base-32 text (`0`–`9`, `b`–`z` without `a`, `i`, `l`, `o`).
	pub fn is_valid(&self) -> bool {
		match self {
			Self::Coordinates { latitude_e7, longitude_e7 } => {
				latitude_e7.unsigned_abs() <= 900_000_000
					&& longitude_e7.unsigned_abs() <= 1_800_000_000
			},
			Self::Geohash(text) => {
				!text.is_empty()
					&& text.iter().all(|c| {
						c.is_ascii_digit()
							|| (c.is_ascii_lowercase() && !matches!(c, b'a' | b'i' | b'l' | b'o'))
					})
			},
		}
	}
}

/// What a carrier seals with a checkpoint: when and where the shipment was, and a note (seals
/// intact, a handover at a cross-dock).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct CheckpointDetails {
	/// When, Unix milliseconds.
	pub at_ms: u64,
	/// Where.
	pub position: Position,
	/// Free text.
	pub note: BoundedVec<u8, ConstU32<MAX_LOGISTICS_NOTE_LEN>>,
}

/// What a collision sensor seals with an impact report: where it happened, and an optional
/// note (axis, duration, the device's own event number).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ImpactDetails {
	/// Position of the vehicle at the impact.
	pub position: Position,
	/// Free text.
	pub note: BoundedVec<u8, ConstU32<MAX_LOGISTICS_NOTE_LEN>>,
}

/// Where a shipment stands.
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
#[serde(
	rename_all_fields = "camelCase",
	bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub enum ShipmentStatus<Balance, BlockNumber> {
	/// Proposed by the sender; the carrier accepts or declines it before `expires_at`.
	#[codec(index = 0)]
	Proposed {
		/// Last block at which the carrier may accept.
		expires_at: BlockNumber,
	},
	/// Accepted by the carrier, waiting for pickup.
	#[codec(index = 1)]
	Accepted,
	/// Picked up: the carrier holds the batteries.
	#[codec(index = 2)]
	InTransit {
		/// The public batch ID.
		batch: BatchId,
		/// Block of the pickup.
		picked_up_at: BlockNumber,
	},
	/// Delivered: the recipient holds the batteries it confirmed; those it listed as
	/// exceptions stay with the carrier until resolved, with their share of the freight.
	#[codec(index = 3)]
	Delivered {
		/// The public batch ID.
		batch: BatchId,
		/// Block of the delivery.
		delivered_at: BlockNumber,
		/// Exceptions not resolved yet.
		open_exceptions: u32,
		/// Freight still held for them. JSON: a decimal string.
		#[serde(with = "decimal")]
		withheld: Balance,
	},
	/// Declined by the carrier.
	#[codec(index = 4)]
	Declined,
	/// Cancelled by the sender before pickup.
	#[codec(index = 5)]
	Cancelled,
	/// Not accepted in time.
	#[codec(index = 6)]
	Expired,
}

impl<Balance, BlockNumber> ShipmentStatus<Balance, BlockNumber> {
	/// Whether the shipment still binds its batteries (proposed, accepted or in transit).
	pub fn is_open(&self) -> bool {
		matches!(self, Self::Proposed { .. } | Self::Accepted | Self::InTransit { .. })
	}
}

/// A shipment as the public reads show it: parties, count, dates, status and what happened on
/// the way (counts), not the sealed records (terms, checkpoints, impact positions: storage).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct ShipmentSummary<AccountId, Balance, BlockNumber> {
	/// The shipment's number.
	pub id: ShipmentId,
	/// Its public batch ID, from pickup on.
	pub batch: Option<BatchId>,
	/// The batch ID as printed on the waybill (`BATCH-0000000042`).
	pub batch_label: Option<String>,
	/// The custodian that proposed it.
	pub sender: AccountId,
	/// The carrier.
	pub carrier: AccountId,
	/// The recipient.
	pub recipient: AccountId,
	/// Number of batteries.
	pub batteries: u32,
	/// Expected pickup date.
	pub expected_pickup: Date,
	/// Expected delivery date.
	pub expected_delivery: Date,
	/// Freight held from the sender until delivery. JSON: a decimal string.
	#[serde(with = "decimal")]
	pub freight: Balance,
	/// Where it stands.
	pub status: ShipmentStatus<Balance, BlockNumber>,
	/// Block of the proposal.
	pub proposed_at: BlockNumber,
	/// Whether it is late by the chain's date: not picked up after its expected pickup date,
	/// or in transit after its expected delivery date.
	pub overdue: bool,
	/// The vehicle attached to it.
	#[serde(with = "text_opt")]
	pub vehicle: Option<SubjectId>,
	/// Checkpoints recorded (sealed, in `Logistics::Checkpoints`).
	pub checkpoints: u32,
	/// Impacts its collision sensors reported (in `Logistics::Impacts`).
	pub impacts: u32,
	/// Of them, those that reached the threshold: accidents of every battery of the shipment.
	pub accidents: u32,
}

/// A battery of a shipment's manifest.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestEntry {
	/// The battery id.
	#[serde(with = "text")]
	pub id: BatteryId,
	/// Its manufacturing date (factory data).
	pub manufactured: Option<Date>,
}

/// A shipment with its manifest: what the batch ID stands for (`battery_shipment`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct ShipmentView<AccountId, Balance, BlockNumber> {
	/// The shipment.
	#[serde(flatten)]
	pub summary: ShipmentSummary<AccountId, Balance, BlockNumber>,
	/// Its batteries in order, with their manufacturing dates.
	pub manifest: Vec<ManifestEntry>,
}

sp_api::decl_runtime_apis! {
	/// Shipments: what a client needs to seal a shipment's records. Shipment records
	/// themselves are public storage (`Logistics::Shipments`), decoded from the metadata.
	pub trait LogisticsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The reader keys a shipment's sealed records (terms, checkpoints, impact positions)
		/// must carry: the current keys of `sender`, `carrier` and `recipient` and the
		/// Authority's, sorted.
		fn shipment_keys(
			sender: AccountId,
			carrier: AccountId,
			recipient: AccountId,
		) -> Vec<ReaderPublicKey>;

		/// The shipment with batch ID `batch` and its manifest (`None`: no such batch).
		fn shipment(batch: BatchId) -> Option<ShipmentView<AccountId, Balance, BlockNumber>>;

		/// The shipments that carried `battery` (custody moved with them) and the open one it
		/// is in, oldest first.
		fn shipments_of(battery: Vec<u8>) -> Result<Vec<ShipmentSummary<AccountId, Balance, BlockNumber>>, ReadError>;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn positions_are_on_the_globe() {
		let at = |latitude_e7, longitude_e7| Position::Coordinates { latitude_e7, longitude_e7 };
		assert!(at(900_000_000, -1_800_000_000).is_valid());
		assert!(!at(900_000_001, 0).is_valid());
		assert!(!at(0, i32::MIN).is_valid());
		let geohash =
			|text: &str| Position::Geohash(BoundedVec::truncate_from(text.as_bytes().to_vec()));
		assert!(geohash("u281z7j5").is_valid());
		assert!(!geohash("").is_valid());
		assert!(!geohash("u281a").is_valid());
		assert!(!geohash("U281").is_valid());
	}

	#[test]
	fn batch_ids_print_and_parse() {
		assert_eq!(batch_label(42), "BATCH-0000000042");
		assert_eq!(batch_label(u64::MAX).len(), MAX_BATCH_TEXT_LEN);
		for text in ["BATCH-0000000042", "42", "BATCH-42"] {
			assert_eq!(parse_batch(text), Some(42), "{text}");
		}
		assert_eq!(parse_batch(&batch_label(u64::MAX)), Some(u64::MAX));
		for bad in ["", "BATCH-", "batch-42", "-42", "4 2", "0x2a", "BATCH-99999999999999999999"] {
			assert_eq!(parse_batch(bad), None, "{bad}");
		}
	}

	#[test]
	fn a_delivered_status_serialises_with_its_amount_as_text() {
		let status: ShipmentStatus<u128, u32> = ShipmentStatus::Delivered {
			batch: 3,
			delivered_at: 40,
			open_exceptions: 1,
			withheld: 10_000_000_000_000_000_007,
		};
		let json = serde_json::to_value(&status).expect("serialises");
		assert_eq!(
			json,
			serde_json::json!({ "Delivered": {
				"batch": 3, "deliveredAt": 40, "openExceptions": 1,
				"withheld": "10000000000000000007"
			}})
		);
		assert_eq!(
			serde_json::to_value(ShipmentStatus::<u128, u32>::Accepted).unwrap(),
			"Accepted"
		);
	}
}
