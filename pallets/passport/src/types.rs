//! Stored types: a model passport's key, its record, and each attribute's record.

use crate::ModelName;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;

/// The key of a model passport: its economic operator and the model.
pub type ModelKeyOf<T> = (<T as frame_system::Config>::AccountId, ModelName);

/// A model passport's version and dates.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct ModelRecord {
	/// Number of declarations and withdrawals so far.
	pub version: u32,
	/// Time of the first declaration, Unix ms.
	pub first_declared_ms: u64,
	/// Time of the latest change, Unix ms.
	pub updated_ms: u64,
	/// Number of attributes declared (at most `AttributeKey::COUNT`).
	pub attributes: u32,
}

/// A declared attribute and when it was declared, stored as the runtime API shows it.
pub type AttributeRecordOf<T> = battery_primitives::passport::AttributeView<BlockNumberFor<T>>;
