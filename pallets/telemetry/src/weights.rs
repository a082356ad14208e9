// This file is part of battery-chain.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_telemetry`.
//!
//! PLACEHOLDER WEIGHTS, NOT GENERATED. This file has the exact shape the benchmark CLI emits with
//! the polkadot-sdk `frame-weight-template.hbs` (a `WeightInfo` trait, `SubstrateWeight<T>` using
//! `T::DbWeight`, and `()` using `RocksDbWeight`), but the numbers below are conservative
//! hand-written estimates (about 2x a typical measured FRAME call of the same shape; 3 µs per
//! telemetry sample for range checks, summaries, hashing and the off-chain index write). Regenerate
//! with the node built with `--features runtime-benchmarks`:
//!
//! ```text
//! battery-node benchmark pallet --runtime <battery_runtime.wasm> --pallet pallet_telemetry \
//!   --extrinsic '*' --steps 50 --repeat 20 --template <frame-weight-template.hbs> \
//!   --output pallets/telemetry/src/weights.rs
//! ```

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_telemetry`.
pub trait WeightInfo {
	fn submit_batch(n: u32) -> Weight;
	fn submit_result() -> Weight;
	fn authorize_submit_result() -> Weight;
	fn register_estimator() -> Weight;
	fn remove_estimator() -> Weight;
	fn set_physical_model(c: u32) -> Weight;
	fn set_characterisation() -> Weight;
	fn set_data_space() -> Weight;
	fn discard_batch() -> Weight;
}

/// Weights for `pallet_telemetry` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Placeholder: Consortium::Devices r:1, Consortium::Members r:1, Battery::Batteries r:1, Timestamp::Now r:1, Telemetry::Characterisations r:1, Telemetry::Batches r:1 w:1, Telemetry::Telemetry r:1 w:1, Telemetry::PendingBatches r:1 w:1
	/// The range of component `n` is `[1, MaxSamples]`.
	fn submit_batch(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6000`
		// Minimum execution time: placeholder.
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Placeholder: Telemetry::Batches r:1 w:2, Telemetry::Estimators r:1, Consortium::Members r:1, Telemetry::PendingBatches r:2 w:1, Telemetry::TwinStates r:1 w:1, Telemetry::Telemetry r:1 w:1, Telemetry::HealthHistory w:1, Telemetry::LatestHealth w:1, Telemetry::BatchVotes r:1 w:2, Telemetry::RetainedBatches r:1 w:1
	fn submit_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `9000`
		// Minimum execution time: placeholder.
		Weight::from_parts(140_000_000, 9000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Placeholder: Telemetry::Batches r:1, Telemetry::Estimators r:1, Consortium::Members r:1, Telemetry::PendingBatches r:1, Telemetry::TwinStates r:1, Telemetry::BatchVotes r:1 (+ one sr25519 verification)
	fn authorize_submit_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6000`
		// Minimum execution time: placeholder.
		Weight::from_parts(160_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
	}
	/// Placeholder: Consortium::Members r:1, Telemetry::Estimators r:1 w:1
	fn register_estimator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Telemetry::Estimators r:1 w:1, Consortium::Members r:1
	fn remove_estimator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:2, Consortium::Members r:1, Telemetry::PhysicalModels w:1
	/// The range of component `c` is `[0, MaxBmsComponents]`.
	fn set_physical_model(c: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(Weight::from_parts(1_500_000, 40).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:3, Consortium::Members r:2, Telemetry::Characterisations w:1
	fn set_characterisation() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:2, Consortium::Members r:1, Telemetry::DataSpaces w:1
	fn set_data_space() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Telemetry::Batches r:1 w:1, Battery::Batteries r:1, Consortium::Members r:1, Telemetry::PendingBatches r:1 w:1, Telemetry::BatchVotes w:1
	fn discard_batch() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `5000`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Placeholder: Consortium::Devices r:1, Consortium::Members r:1, Battery::Batteries r:1, Timestamp::Now r:1, Telemetry::Characterisations r:1, Telemetry::Batches r:1 w:1, Telemetry::Telemetry r:1 w:1, Telemetry::PendingBatches r:1 w:1
	/// The range of component `n` is `[1, MaxSamples]`.
	fn submit_batch(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6000`
		// Minimum execution time: placeholder.
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(Weight::from_parts(3_000_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Placeholder: Telemetry::Batches r:1 w:2, Telemetry::Estimators r:1, Consortium::Members r:1, Telemetry::PendingBatches r:2 w:1, Telemetry::TwinStates r:1 w:1, Telemetry::Telemetry r:1 w:1, Telemetry::HealthHistory w:1, Telemetry::LatestHealth w:1, Telemetry::BatchVotes r:1 w:2, Telemetry::RetainedBatches r:1 w:1
	fn submit_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `9000`
		// Minimum execution time: placeholder.
		Weight::from_parts(140_000_000, 9000)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	/// Placeholder: Telemetry::Batches r:1, Telemetry::Estimators r:1, Consortium::Members r:1, Telemetry::PendingBatches r:1, Telemetry::TwinStates r:1, Telemetry::BatchVotes r:1 (+ one sr25519 verification)
	fn authorize_submit_result() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6000`
		// Minimum execution time: placeholder.
		Weight::from_parts(160_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
	}
	/// Placeholder: Consortium::Members r:1, Telemetry::Estimators r:1 w:1
	fn register_estimator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3500)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Telemetry::Estimators r:1 w:1, Consortium::Members r:1
	fn remove_estimator() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(40_000_000, 3500)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:2, Consortium::Members r:1, Telemetry::PhysicalModels w:1
	/// The range of component `c` is `[0, MaxBmsComponents]`.
	fn set_physical_model(c: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(Weight::from_parts(1_500_000, 40).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:3, Consortium::Members r:2, Telemetry::Characterisations w:1
	fn set_characterisation() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Battery::Batteries r:2, Consortium::Members r:1, Telemetry::DataSpaces w:1
	fn set_data_space() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(45_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Telemetry::Batches r:1 w:1, Battery::Batteries r:1, Consortium::Members r:1, Telemetry::PendingBatches r:1 w:1, Telemetry::BatchVotes w:1
	fn discard_batch() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `5000`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 5000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
}
