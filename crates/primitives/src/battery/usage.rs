//! Use of an in-service battery: the running mode its assigned user chose, sealed for the Usage
//! scope ([`UsageEnvelope`], [`RunningModeRecord`]).
//!
//! Who holds a battery and who it is assigned to stay public: every call by them is a signed,
//! public extrinsic, so the link would show anyway, and the runtime needs both to authorise
//! calls. What they do with it (the mode, the maintenance details, the telemetry) is sealed.

use crate::sealed::{ciphertext_len, Envelope, MaxSealedReaders};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::traits::ConstU32;

/// Longest plaintext of a running-mode record, bytes: the SCALE encoding of a
/// [`super::RunningMode`] (one byte, its codec index) and room for operator-specific settings
/// after it.
pub const MAX_USAGE_DETAILS_LEN: u32 = 64;

/// Longest inline ciphertext of a running-mode record (the plaintext, the salt and the tag).
pub const MAX_USAGE_CIPHERTEXT: u32 = ciphertext_len(MAX_USAGE_DETAILS_LEN);

/// A usage record sealed for the battery's Usage scope.
pub type UsageEnvelope = Envelope<ConstU32<MAX_USAGE_CIPHERTEXT>, MaxSealedReaders>;

/// The running mode the assigned user chose, sealed; kept while the assignment lasts (no record:
/// `Normal`).
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
pub struct RunningModeRecord<AccountId, BlockNumber> {
	/// The mode: the plaintext starts with the SCALE-encoded [`super::RunningMode`].
	pub mode: UsageEnvelope,
	/// The user that chose it.
	pub user: AccountId,
	/// Block at which it was chosen.
	pub set_at: BlockNumber,
}
