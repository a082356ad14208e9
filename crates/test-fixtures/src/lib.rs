//! Test and benchmark fixtures shared by the battery-chain pallets' mocks, unit tests and
//! benchmarks and by the runtime's benchmark helpers, so that every one of them builds the same
//! world from the same sample data:
//!
//! - [`ids`]: valid battery ids ([`gbt_id`] GB/T 34014 codes, [`gs1_id`] GS1 GTIN + serial);
//! - [`factory`]: sample [`FactoryData`](battery_primitives::battery::FactoryData): the
//!   76.5 kWh LFP [`pack`], the 5 Ah NMC test [`cell`] and [`with_longest_text`] for benchmarks;
//! - [`estimator`]: the test cell's characterisation [`cell_config`] and
//!   [`CELL_TEMP_WINDOW_DECIC`];
//! - [`keystore`]: [`KeystoreSr25519`], sr25519 signing through the keystore of the benchmark CLI or
//!   of a test's externalities;
//! - [`random`]: [`byte_stream`], reproducible randomness for sealing;
//! - [`mock`] (feature `mock`, std only): the thread-local consortium stand-in
//!   ([`mock::MockConsortium`], [`mock::MockBatteryScope`]) the battery and telemetry mocks use, and
//!   the in-memory keystore their externalities register.
//!
//! Everything outside [`mock`] is `no_std` and free of panics: the runtime's benchmarks use it in
//! the wasm runtime (through the pallets' `runtime-benchmarks` features).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod estimator;
pub mod factory;
pub mod ids;
pub mod keystore;
#[cfg(feature = "mock")]
pub mod mock;
pub mod random;

pub use estimator::{cell_config, CELL_TEMP_WINDOW_DECIC};
pub use factory::{cell, pack, with_longest_text};
pub use ids::{gbt_id, gs1_id};
pub use keystore::{KeystoreSr25519, BENCHMARK_KEY_TYPE};
pub use random::byte_stream;

/// Wall-clock time the tests and benchmarks start at, Unix ms (2023-11-14).
pub const NOW_MS: u64 = 1_700_000_000_000;
