//! Recycling: the vocabulary of pallet-recycling.
//!
//! - A [`Commission`]: the custodian operator (or the manufacturer) of a retired battery
//!   commissions a recycler for a [`CommissionReason`]; the recycler accepts (and enters the
//!   battery's read scope) or declines.
//! - An [`Assessment`]: what the recycler measured ([`Measures`]: capacity, state of health,
//!   internal resistance, self-discharge, safety and visual checks, the hash of the full test
//!   report) and its [`Verdict`]; the lab's details are sealed ([`SealedAssessment`]).
//! - A [`Refurbishment`]: work done on the battery ([`RefurbishmentKind`], parts replaced),
//!   details sealed ([`SealedRefurbishment`]) for the Refurbishment scope, which includes the
//!   manufacturer.
//! - [`RecoveredMaterials`]: what recycling recovered, in tenths of a percent.

use crate::{
	battery::{Hash32, SecondLife},
	sealed::{MaxSealedReaders, Sealed},
	serde_helpers::hex_bytes,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Why a battery is given to a recycler.
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
pub enum CommissionReason {
	/// Its first life is over (capacity, age, the vehicle's end).
	#[codec(index = 0)]
	EndOfLife,
	/// Damaged (an accident, a failure in service).
	#[codec(index = 1)]
	Damaged,
	/// A defect found in service or under warranty.
	#[codec(index = 2)]
	Defect,
	/// Recalled by its manufacturer.
	#[codec(index = 3)]
	Recall,
	/// Bought back by the recycler (set by the buy-back, not chosen by a commissioner).
	#[codec(index = 4)]
	BuyBack,
}

/// Where a commission stands.
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
pub enum CommissionStatus {
	/// Offered to the recycler, not answered yet.
	#[codec(index = 0)]
	Offered,
	/// Accepted: the recycler is in the battery's scope and takes it over.
	#[codec(index = 1)]
	Accepted,
	/// Done: the battery was recertified under a new passport or recycled.
	#[codec(index = 2)]
	Completed,
}

/// A recycler commissioned for a battery.
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
pub struct Commission<AccountId, BlockNumber> {
	/// The Recycler member commissioned.
	pub recycler: AccountId,
	/// Who commissioned it (the custodian operator or the manufacturer).
	pub commissioned_by: AccountId,
	/// Why.
	pub reason: CommissionReason,
	/// Where it stands.
	pub status: CommissionStatus,
	/// Block of the commission.
	pub offered_at: BlockNumber,
	/// Block of the acceptance.
	pub accepted_at: Option<BlockNumber>,
}

/// What an assessment concludes.
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
pub enum Verdict {
	/// Fit to be used again for its original purpose.
	#[codec(index = 0)]
	Reuse,
	/// Fit for another use (e.g. stationary storage).
	#[codec(index = 1)]
	Repurpose,
	/// Fit after remanufacturing.
	#[codec(index = 2)]
	Remanufacture,
	/// Only fit for recycling.
	#[codec(index = 3)]
	Recycle,
}

impl Verdict {
	/// The second life the verdict allows (`None` for [`Verdict::Recycle`]).
	pub const fn second_life(self) -> Option<SecondLife> {
		match self {
			Self::Reuse => Some(SecondLife::Reused),
			Self::Repurpose => Some(SecondLife::Repurposed),
			Self::Remanufacture => Some(SecondLife::Remanufactured),
			Self::Recycle => None,
		}
	}
}

/// The outcome of a check.
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
pub enum CheckResult {
	/// Passed.
	#[codec(index = 0)]
	Passed,
	/// Failed.
	#[codec(index = 1)]
	Failed,
}

/// Highest state of health an assessment may state, per mille (a battery may measure a little
/// above its rating).
pub const MAX_ASSESSED_SOH_PERMILLE: u16 = 1_200;

/// What a recycler measured on a battery: public, because second certification and the new
/// passport's ratings rest on them.
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
pub struct Measures {
	/// Measured capacity, mAh.
	pub capacity_mah: u32,
	/// State of health: measured over rated capacity, per mille (at most
	/// [`MAX_ASSESSED_SOH_PERMILLE`]).
	pub soh_permille: u16,
	/// DC internal resistance of the pack, µΩ.
	pub resistance_micro_ohm: u32,
	/// Self-discharge, tenths of a percent of capacity per month.
	pub self_discharge_permille_per_month: u16,
	/// Safety check (insulation, venting, thermal behaviour).
	pub safety: CheckResult,
	/// Visual check (housing, connectors, leakage).
	pub visual: CheckResult,
	/// BLAKE2b-256 of the full test report. JSON: hex.
	#[serde(with = "hex_bytes")]
	pub report_hash: Hash32,
}

impl Measures {
	/// Whether capacity and resistance are positive and the state of health within
	/// [`MAX_ASSESSED_SOH_PERMILLE`].
	pub fn is_valid(&self) -> bool {
		self.capacity_mah > 0
			&& self.resistance_micro_ohm > 0
			&& self.soh_permille <= MAX_ASSESSED_SOH_PERMILLE
	}

	/// Whether both checks passed (a second life needs both).
	pub fn passed(&self) -> bool {
		self.safety == CheckResult::Passed && self.visual == CheckResult::Passed
	}
}

/// Longest lab name or report location in sealed recycling details, bytes.
pub const MAX_LAB_TEXT_LEN: u32 = 128;

/// Longest note in sealed recycling details, bytes.
pub const MAX_RECYCLING_NOTE_LEN: u32 = 256;

/// What an assessment's report says beyond the public measures, sealed for the Refurbishment
/// scope: the lab, where the full report is, a note.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct AssessmentDetails {
	/// The lab or test bench.
	pub lab: BoundedVec<u8, ConstU32<MAX_LAB_TEXT_LEN>>,
	/// Where the full report is (a URI).
	pub report_uri: BoundedVec<u8, ConstU32<MAX_LAB_TEXT_LEN>>,
	/// Free text.
	pub note: BoundedVec<u8, ConstU32<MAX_RECYCLING_NOTE_LEN>>,
}

/// Longest plaintext of an assessment's sealed details: the SCALE [`AssessmentDetails`] at its
/// longest.
pub const MAX_ASSESSMENT_PLAINTEXT: u32 = 2 + 128 + 2 + 128 + 2 + 256;

/// An assessment's sealed details.
pub type SealedAssessment = Sealed<
	AssessmentDetails,
	ConstU32<{ crate::sealed::ciphertext_len(MAX_ASSESSMENT_PLAINTEXT) }>,
	MaxSealedReaders,
>;

/// One assessment of a battery.
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
pub struct Assessment<AccountId, BlockNumber> {
	/// Its number among the battery's assessments, from 0.
	pub index: u32,
	/// The recycler.
	pub recycler: AccountId,
	/// What it measured.
	pub measures: Measures,
	/// What it concluded.
	pub verdict: Verdict,
	/// Block of the record.
	pub recorded_at: BlockNumber,
	/// Lab, report location and note, sealed for the Refurbishment scope.
	pub details: SealedAssessment,
}

/// The kind of refurbishment work.
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
pub enum RefurbishmentKind {
	/// Modules replaced.
	#[codec(index = 0)]
	ModulesReplaced,
	/// Cells replaced.
	#[codec(index = 1)]
	CellsReplaced,
	/// Cells rebalanced.
	#[codec(index = 2)]
	Rebalanced,
	/// BMS software updated.
	#[codec(index = 3)]
	SoftwareUpdated,
	/// BMS hardware replaced.
	#[codec(index = 4)]
	BmsReplaced,
	/// Housing, cooling or connectors repaired.
	#[codec(index = 5)]
	Repaired,
}

/// Longest software version in refurbishment details, bytes.
pub const MAX_SOFTWARE_VERSION_LEN: u32 = 32;

/// What refurbishment work used, sealed for the Refurbishment scope (the recycler, the
/// manufacturer and the Authority): parts, software version, a note.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct RefurbishmentDetails {
	/// Part numbers of what was fitted.
	pub parts: BoundedVec<u8, ConstU32<MAX_RECYCLING_NOTE_LEN>>,
	/// Software version after the work.
	pub software_version: BoundedVec<u8, ConstU32<MAX_SOFTWARE_VERSION_LEN>>,
	/// Free text.
	pub note: BoundedVec<u8, ConstU32<MAX_RECYCLING_NOTE_LEN>>,
}

/// Longest plaintext of refurbishment details: the SCALE [`RefurbishmentDetails`] at its
/// longest.
pub const MAX_REFURBISHMENT_PLAINTEXT: u32 = 2 + 256 + 1 + 32 + 2 + 256;

/// Refurbishment details, sealed.
pub type SealedRefurbishment = Sealed<
	RefurbishmentDetails,
	ConstU32<{ crate::sealed::ciphertext_len(MAX_REFURBISHMENT_PLAINTEXT) }>,
	MaxSealedReaders,
>;

/// One refurbishment of a battery.
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
pub struct Refurbishment<AccountId, BlockNumber> {
	/// Its number among the battery's refurbishments, from 0.
	pub index: u32,
	/// The recycler.
	pub recycler: AccountId,
	/// What was done.
	pub kind: RefurbishmentKind,
	/// Modules or cells replaced (0 for work that replaces none).
	pub parts_replaced: u16,
	/// Block of the record.
	pub recorded_at: BlockNumber,
	/// Parts, software version and note, sealed for the Refurbishment scope.
	pub details: SealedRefurbishment,
}

/// What recycling recovered, per material, tenths of a percent of the material the battery
/// contained (0 to 1,000).
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
pub struct RecoveredMaterials {
	/// Cobalt recovered, ‰.
	pub cobalt_permille: u16,
	/// Lithium recovered, ‰.
	pub lithium_permille: u16,
	/// Nickel recovered, ‰.
	pub nickel_permille: u16,
	/// Lead recovered, ‰.
	pub lead_permille: u16,
}

impl RecoveredMaterials {
	/// Whether every share is at most 1,000 ‰.
	pub fn is_valid(&self) -> bool {
		[self.cobalt_permille, self.lithium_permille, self.nickel_permille, self.lead_permille]
			.iter()
			.all(|share| *share <= 1_000)
	}
}

/// The end of a recycled battery: what was recovered, by whom, when.
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
pub struct RecyclingRecord<AccountId, BlockNumber> {
	/// The recycler.
	pub recycler: AccountId,
	/// What it recovered.
	pub materials: RecoveredMaterials,
	/// Block of the record.
	pub recycled_at: BlockNumber,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn verdicts_map_to_second_lives_and_measures_are_bounded() {
		assert_eq!(Verdict::Reuse.second_life(), Some(SecondLife::Reused));
		assert_eq!(Verdict::Repurpose.second_life(), Some(SecondLife::Repurposed));
		assert_eq!(Verdict::Remanufacture.second_life(), Some(SecondLife::Remanufactured));
		assert_eq!(Verdict::Recycle.second_life(), None);
		let measures = Measures {
			capacity_mah: 160_000,
			soh_permille: 800,
			resistance_micro_ohm: 1_900,
			self_discharge_permille_per_month: 20,
			safety: CheckResult::Passed,
			visual: CheckResult::Passed,
			report_hash: [1; 32],
		};
		assert!(measures.is_valid() && measures.passed());
		assert!(!Measures { capacity_mah: 0, ..measures }.is_valid());
		assert!(!Measures { resistance_micro_ohm: 0, ..measures }.is_valid());
		assert!(!Measures { soh_permille: 1_201, ..measures }.is_valid());
		assert!(!Measures { visual: CheckResult::Failed, ..measures }.passed());
		let materials = RecoveredMaterials {
			cobalt_permille: 950,
			lithium_permille: 800,
			nickel_permille: 950,
			lead_permille: 0,
		};
		assert!(materials.is_valid());
		assert!(!RecoveredMaterials { lithium_permille: 1_001, ..materials }.is_valid());
	}

	#[test]
	fn sealed_details_fit_their_bounds() {
		use codec::MaxEncodedLen;
		assert_eq!(AssessmentDetails::max_encoded_len() as u32, MAX_ASSESSMENT_PLAINTEXT);
		assert_eq!(RefurbishmentDetails::max_encoded_len() as u32, MAX_REFURBISHMENT_PLAINTEXT);
	}
}
