//! Maintenance: [`MaintenanceKind`] and [`MaintenanceRecord`], as stored (the latest few per
//! battery) and as emitted in their event.

use super::{factory::Date, Hash32};
use crate::serde_helpers::hex_bytes;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Maximum length in bytes of [`MaintenanceRecord::summary`].
pub const MAX_MAINTENANCE_SUMMARY_LEN: u32 = 256;

/// Summary of a maintenance record.
pub type MaintenanceSummary = BoundedVec<u8, ConstU32<MAX_MAINTENANCE_SUMMARY_LEN>>;

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
