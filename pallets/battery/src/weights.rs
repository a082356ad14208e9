// This file is part of battery-chain.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_battery`.
//!
//! PLACEHOLDER WEIGHTS, NOT GENERATED. This file has the exact shape the benchmark CLI emits with
//! the polkadot-sdk `frame-weight-template.hbs` (a `WeightInfo` trait, `SubstrateWeight<T>` using
//! `T::DbWeight`, and `()` using `RocksDbWeight`), but the numbers below are conservative
//! hand-written estimates (about 2x a typical measured FRAME call of the same shape; `bind_tag`
//! includes one sr25519 verification). Regenerate with the node built with
//! `--features runtime-benchmarks`:
//!
//! ```text
//! battery-node benchmark pallet --runtime <battery_runtime.wasm> --pallet pallet_battery \
//!   --extrinsic '*' --steps 50 --repeat 20 --template <frame-weight-template.hbs> \
//!   --output pallets/battery/src/weights.rs
//! ```

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_battery`.
pub trait WeightInfo {
	fn register_batteries(n: u32) -> Weight;
	fn bind_tag() -> Weight;
	fn add_signing_key() -> Weight;
	fn remove_signing_key() -> Weight;
	fn offer_custody() -> Weight;
	fn accept_custody() -> Weight;
	fn cancel_custody_offer() -> Weight;
	fn transition() -> Weight;
	fn assign_user() -> Weight;
	fn unassign_user() -> Weight;
	fn set_running_mode() -> Weight;
	fn add_maintenance() -> Weight;
	fn freeze() -> Weight;
	fn unfreeze() -> Weight;
	fn register_second_life() -> Weight;
}

/// Weights for `pallet_battery` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Placeholder: Battery::FactoryRecords r:1 w:1, Battery::Batteries r:n w:n, Battery::CounterForBatteries r:1 w:1
	/// The range of component `n` is `[1, MaxBatchSize]`.
	fn register_batteries(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(n.into()))
	}
	/// Placeholder: Battery::Batteries r:1, Battery::TagOwners r:1 w:1, Battery::SigningKeys r:1, Battery::Tags r:1 w:1 (plus one signature verification)
	fn bind_tag() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(110_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::SigningKeys r:1 w:1, Battery::SigningKeyCount r:1 w:1
	fn add_signing_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3600`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::SigningKeys r:1 w:1, Battery::SigningKeyCount r:1 w:1
	fn remove_signing_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3600`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::Batteries r:1, Battery::CustodyOffers w:1
	fn offer_custody() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::CustodyOffers r:1 w:1, Battery::Batteries r:1 w:1
	fn accept_custody() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::CustodyOffers r:1 w:1
	fn cancel_custody_offer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3700`
		// Minimum execution time: placeholder.
		Weight::from_parts(30_000_000, 3700)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1, Battery::CustodyOffers w:1
	fn transition() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn assign_user() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn unassign_user() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn set_running_mode() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1, Battery::MaintenanceCount r:1 w:1, Battery::MaintenanceLog r:1 w:1
	fn add_maintenance() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `8000`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn freeze() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn unfreeze() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3800)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:2 w:2, Battery::FactoryRecords r:1 w:1, Battery::CounterForBatteries r:1 w:1, Battery::CustodyOffers w:1
	fn register_second_life() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(80_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Placeholder: Battery::FactoryRecords r:1 w:1, Battery::Batteries r:n w:n, Battery::CounterForBatteries r:1 w:1
	/// The range of component `n` is `[1, MaxBatchSize]`.
	fn register_batteries(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(n.into()))
	}
	/// Placeholder: Battery::Batteries r:1, Battery::TagOwners r:1 w:1, Battery::SigningKeys r:1, Battery::Tags r:1 w:1 (plus one signature verification)
	fn bind_tag() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(110_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::SigningKeys r:1 w:1, Battery::SigningKeyCount r:1 w:1
	fn add_signing_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3600`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::SigningKeys r:1 w:1, Battery::SigningKeyCount r:1 w:1
	fn remove_signing_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3600`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::Batteries r:1, Battery::CustodyOffers w:1
	fn offer_custody() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::CustodyOffers r:1 w:1, Battery::Batteries r:1 w:1
	fn accept_custody() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::CustodyOffers r:1 w:1
	fn cancel_custody_offer() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3700`
		// Minimum execution time: placeholder.
		Weight::from_parts(30_000_000, 3700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1, Battery::CustodyOffers w:1
	fn transition() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn assign_user() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn unassign_user() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn set_running_mode() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1, Battery::MaintenanceCount r:1 w:1, Battery::MaintenanceLog r:1 w:1
	fn add_maintenance() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `8000`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn freeze() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:1 w:1
	fn unfreeze() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3800`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3800)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:2 w:2, Battery::FactoryRecords r:1 w:1, Battery::CounterForBatteries r:1 w:1, Battery::CustodyOffers w:1
	fn register_second_life() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(80_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
