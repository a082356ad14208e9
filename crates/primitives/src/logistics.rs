//! Logistics: the plaintext of a shipment's sealed records and the runtime API of shipments
//! (pallet-logistics).
//!
//! The chain stores sealed records as envelopes and never opens them; the plaintext types here
//! are named in the runtime metadata (through [`crate::sealed::Sealed`]), so a party that opened
//! a record decodes it with no type definition of its own.

use crate::sealed::ReaderPublicKey;
use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Longest geohash, characters (12: about 4 cm).
pub const MAX_GEOHASH_LEN: u32 = 12;

/// Longest free-text note of a sealed logistics record, bytes.
pub const MAX_LOGISTICS_NOTE_LEN: u32 = 256;

/// A position on the way.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
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
	Geohash(BoundedVec<u8, ConstU32<MAX_GEOHASH_LEN>>),
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

sp_api::decl_runtime_apis! {
	/// Shipments: what a client needs to seal a shipment's records. Shipment records
	/// themselves are public storage (`Logistics::Shipments`), decoded from the metadata.
	pub trait LogisticsApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The reader keys a shipment's sealed records (terms, checkpoints, impact positions)
		/// must carry: the current keys of `sender`, `carrier` and `recipient` and the
		/// Authority's, sorted.
		fn shipment_keys(
			sender: AccountId,
			carrier: AccountId,
			recipient: AccountId,
		) -> Vec<ReaderPublicKey>;
	}
}
