//! Maintenance: [`MaintenanceKind`] and [`MaintenanceRecord`], as stored (the latest few per
//! battery) and as emitted in their event. The details of the work travel sealed
//! ([`MaintenanceEnvelope`]): only the readers in the Maintenance scope of the battery, the
//! Authority and the author can open them; the date and the kind of work are public.

use super::factory::Date;
use crate::sealed::{ciphertext_len, Envelope, MaxSealedReaders};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::traits::ConstU32;

/// Longest plaintext of a maintenance record's details, bytes (a summary; the full document
/// goes off chain, by reference).
pub const MAX_MAINTENANCE_DETAILS_LEN: u32 = 512;

/// Longest inline ciphertext of a maintenance record (the details, the salt and the tag).
pub const MAX_MAINTENANCE_CIPHERTEXT: u32 = ciphertext_len(MAX_MAINTENANCE_DETAILS_LEN);

/// The sealed details of a maintenance record.
pub type MaintenanceEnvelope = Envelope<ConstU32<MAX_MAINTENANCE_CIPHERTEXT>, MaxSealedReaders>;

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
	/// Anything else (described in the sealed details).
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
	/// The details, sealed for the readers in scope (grants add readers to it).
	pub details: MaintenanceEnvelope,
	/// The operator that recorded it.
	pub operator: AccountId,
	/// Block at which it was recorded.
	pub recorded_at: BlockNumber,
}
