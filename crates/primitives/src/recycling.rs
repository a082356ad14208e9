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
//! - A [`Certification`]: the recycler's request for a second life after a second-life verdict,
//!   with the new passport's ID, factory data and [`SecondLifeRating`]; co-signed by the
//!   manufacturer or an Authority before it expires, it creates the new passport.
//! - A [`BuyBackOffer`]: a recycler's price for a retired battery, held until the owner accepts
//!   (payment and custody swap in one call), declines, or the offer expires.
//! - The reads: [`RecyclingView`] (`battery_recycling`) and [`LineageEntry`] (`battery_lineage`).

use crate::{
	battery::{BatteryStatus, FactoryData, Hash32, Life, SecondLife},
	consortium::BatteryId,
	read::ReadError,
	sealed::{MaxSealedReaders, Sealed},
	serde_helpers::{decimal, hex_bytes, text},
};
use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
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

/// What a second-life battery is certified for.
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
pub enum IntendedUse {
	/// A vehicle's traction battery again.
	#[codec(index = 0)]
	Vehicle,
	/// Stationary energy storage.
	#[codec(index = 1)]
	StationaryStorage,
	/// Industrial equipment (forklifts, machines).
	#[codec(index = 2)]
	Industrial,
	/// Light vehicles (scooters, bicycles).
	#[codec(index = 3)]
	LightVehicle,
}

/// The rated data a second certification vouches for: at most what the assessment measured.
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
pub struct SecondLifeRating {
	/// Certified capacity, mAh (at most the assessed capacity).
	pub certified_capacity_mah: u32,
	/// Certified state of health against the first life's rating, ‰ (at most the assessed).
	pub certified_soh_permille: u16,
	/// What the battery is certified for.
	pub intended_use: IntendedUse,
}

/// Where a certification stands.
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
pub enum CertificationStatus<AccountId, BlockNumber> {
	/// Requested by the recycler; co-signable until `expires_at`.
	#[codec(index = 0)]
	Requested {
		/// Last block a co-signature is accepted.
		expires_at: BlockNumber,
	},
	/// Co-signed: the new passport exists.
	#[codec(index = 1)]
	Certified {
		/// The manufacturer or Authority member that co-signed.
		by: AccountId,
		/// Block of the co-signature.
		at: BlockNumber,
	},
}

/// A second certification of a battery (the predecessor).
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
pub struct Certification<AccountId, BlockNumber> {
	/// The recycler that requested it.
	pub recycler: AccountId,
	/// The second life, from the verdict of the assessment it rests on.
	pub kind: SecondLife,
	/// The number of that assessment.
	pub assessment: u32,
	/// What that assessment measured (the new passport's twin starts from it).
	pub measures: Measures,
	/// The new passport's ID. JSON: text.
	#[serde(with = "text")]
	pub successor: BatteryId,
	/// The new passport's factory data (the recycler is its manufacturer).
	pub factory: FactoryData,
	/// The rated data certified.
	pub rating: SecondLifeRating,
	/// Block of the request.
	pub requested_at: BlockNumber,
	/// Where it stands.
	pub status: CertificationStatus<AccountId, BlockNumber>,
}

/// A recycler's offer to buy a retired battery back.
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
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct BuyBackOffer<AccountId, Balance, BlockNumber> {
	/// The recycler offering.
	pub recycler: AccountId,
	/// The custodian the offer is made to.
	pub owner: AccountId,
	/// The price, held from the recycler until the offer ends. JSON: a decimal string.
	#[serde(with = "decimal")]
	pub price: Balance,
	/// Block of the offer.
	pub offered_at: BlockNumber,
	/// Last block the owner may accept.
	pub expires_at: BlockNumber,
}

/// Everything the recycling pallet holds about a battery (`battery_recycling`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct RecyclingView<AccountId, Balance, BlockNumber> {
	/// The battery.
	#[serde(with = "text")]
	pub battery: BatteryId,
	/// Its commission.
	pub commission: Option<Commission<AccountId, BlockNumber>>,
	/// The kept assessments, oldest first.
	pub assessments: Vec<Assessment<AccountId, BlockNumber>>,
	/// Number of assessments ever recorded.
	pub assessment_count: u32,
	/// The kept refurbishment records, oldest first.
	pub refurbishments: Vec<Refurbishment<AccountId, BlockNumber>>,
	/// Number of refurbishment records ever recorded.
	pub refurbishment_count: u32,
	/// Its second certification (this battery is the predecessor).
	pub certification: Option<Certification<AccountId, BlockNumber>>,
	/// The rating this battery was certified with (it is a second-life passport).
	pub certified_as: Option<SecondLifeRating>,
	/// How it was recycled.
	pub recycled: Option<RecyclingRecord<AccountId, BlockNumber>>,
	/// An open buy-back offer.
	pub offer: Option<BuyBackOffer<AccountId, Balance, BlockNumber>>,
}

/// One passport of a battery's lineage (`battery_lineage`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineageEntry<AccountId, BlockNumber> {
	/// The passport's ID. JSON: text.
	#[serde(with = "text")]
	pub id: BatteryId,
	/// Which life it describes.
	pub life: Life,
	/// Its status (closed for every passport but the last).
	pub status: BatteryStatus,
	/// Its manufacturer (the recycler, for a second life).
	pub manufacturer: AccountId,
	/// Block of its registration.
	pub registered_at: BlockNumber,
}

/// Starting a second-life passport's digital twin from the assessment of its predecessor,
/// implemented by the pallet that keeps twins (pallet-telemetry); `()` seeds nothing.
pub trait SecondLifeTwin<AccountId> {
	/// Give `successor` the cell characterisation of `predecessor` with the capacity scaled to
	/// the assessed state of health and the ohmic resistance from the assessed resistance,
	/// written by `by`. Whether it was seeded (not when the predecessor has no
	/// characterisation, the chemistries differ or the result is not a valid configuration).
	fn seed(
		predecessor: &BatteryId,
		successor: &BatteryId,
		measures: &Measures,
		by: &AccountId,
	) -> bool;
}

impl<AccountId> SecondLifeTwin<AccountId> for () {
	fn seed(_: &BatteryId, _: &BatteryId, _: &Measures, _: &AccountId) -> bool {
		false
	}
}

/// Most passports [`LineageEntry`] lists walk each way from the battery asked about.
pub const MAX_LINEAGE_STEPS: u32 = 16;

sp_api::decl_runtime_apis! {
	/// Recycling reads: what the recycling pallet holds about a battery, and its lineage.
	pub trait RecyclingApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Commission, assessments, refurbishments, certification, the rating it was certified
		/// with, recycling and an open buy-back offer of `battery`.
		fn recycling(battery: Vec<u8>) -> Result<RecyclingView<AccountId, Balance, BlockNumber>, ReadError>;
		/// Every passport linked before and after `battery`, first life first (at most
		/// [`MAX_LINEAGE_STEPS`] each way).
		fn lineage(battery: Vec<u8>) -> Result<Vec<LineageEntry<AccountId, BlockNumber>>, ReadError>;
	}
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
