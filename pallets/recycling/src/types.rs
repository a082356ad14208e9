//! The records of the pallet as configured for a runtime.

use crate::Config;
pub use battery_primitives::recycling::{
	Assessment, AssessmentDetails, BuyBackOffer, Certification, CertificationStatus, Commission,
	RecyclingRecord, RecyclingView, Refurbishment, RefurbishmentDetails, MAX_ASSESSMENT_PLAINTEXT,
	MAX_REFURBISHMENT_PLAINTEXT,
};
use frame_support::{traits::fungible::Inspect, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;

/// A commission as configured for the runtime.
pub type CommissionOf<T> = Commission<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// An assessment as configured for the runtime.
pub type AssessmentOf<T> = Assessment<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// The kept assessments of a battery.
pub type AssessmentsOf<T> = BoundedVec<AssessmentOf<T>, <T as Config>::MaxAssessments>;

/// A refurbishment record as configured for the runtime.
pub type RefurbishmentOf<T> =
	Refurbishment<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// The kept refurbishment records of a battery.
pub type RefurbishmentsOf<T> = BoundedVec<RefurbishmentOf<T>, <T as Config>::MaxRefurbishments>;

/// A recycling record as configured for the runtime.
pub type RecyclingRecordOf<T> =
	RecyclingRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// Balance of the runtime's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A certification as configured for the runtime.
pub type CertificationOf<T> =
	Certification<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// A buy-back offer as configured for the runtime.
pub type BuyBackOfferOf<T> =
	BuyBackOffer<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// The recycling read as configured for the runtime.
pub type RecyclingViewOf<T> =
	RecyclingView<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
