//! Weights for `pallet_governance`.
//!
//! `dispatch_as_root` is benchmarked (`benchmarking.rs`: the overhead around an empty
//! `System::remark`: the origin check, boxing and the Root dispatch; no storage access). Regenerate
//! this file with `scripts/bench-weights.sh pallet_governance`. Until then the values below are an
//! upper bound taken from the same operation as measured for `pallet_sudo::sudo` (stable2609
//! `SubstrateWeight`: 7.9 µs plus one read of the sudo key, which this pallet does not do), plus
//! half.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_governance`.
pub trait WeightInfo {
	fn dispatch_as_root() -> Weight;
}

/// Weights for `pallet_governance` on the reference hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// No storage access: the origin is checked from the dispatch origin itself.
	fn dispatch_as_root() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		Weight::from_parts(12_000_000, 0)
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(12_000_000, 0)
	}
}
