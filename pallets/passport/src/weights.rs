//! Weights for `pallet_passport`: placeholders until `scripts/bench-weights.sh pallet_passport`
//! generates them (a read and a write of each of the two maps at the largest attribute's
//! proof size, and a generous execution time).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_passport`.
pub trait WeightInfo {
	fn declare() -> Weight;
	fn withdraw() -> Weight;
	fn grant_document() -> Weight;
}

/// Weights of `pallet_passport`, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn declare() -> Weight {
		Weight::from_parts(100_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(60_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn grant_document() -> Weight {
		Weight::from_parts(100_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn declare() -> Weight {
		Weight::from_parts(100_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(60_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn grant_document() -> Weight {
		Weight::from_parts(100_000_000, 12_000)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
}
