//! # battery-estimator
//!
//! Deterministic SOC / SOH / anomaly estimation for the battery digital twin, shared by the
//! runtime's off-chain worker (wasm32, `no_std`) and native tools.
//!
//! * **Deterministic**: all arithmetic is integer fixed point ([`fixed::Fx`], Q24.40 in an `i64`),
//!   with rounding and saturation defined here; the same samples give the same bits natively and
//!   in wasm (a test runs both and compares).
//! * **No allocation** anywhere in the library; the per-sample path works on the stack and the
//!   state.
//! * **State** between batches: [`EstimatorState`], a fixed-size SCALE type
//!   (`MaxEncodedLen`: 420 bytes).
//! * **Config**: [`EstimatorConfig`], the rated data and characterisation a manufacturer provides
//!   (bounded SCALE type, 201 bytes, stored by the on-chain twin).
//!
//! See the crate README for the method, the scores on the public cases and the throughput.
//!
//! ```
//! use battery_estimator::*;
//! # fn cfg() -> EstimatorConfig {
//! #   let mut ocv_uv = [0u32; 41];
//! #   for (i, v) in ocv_uv.iter_mut().enumerate() { *v = 3_000_000 + 30_000 * i as u32; }
//! #   EstimatorConfig { rated_capacity_uah: 5_000_000, nominal_voltage_mv: 3_600,
//! #     min_voltage_mv: 2_500, max_voltage_mv: 4_200, ocv_uv, r0_micro_ohm: 20_000,
//! #     r1_micro_ohm: 15_000, tau1_ms: 30_000, sample_period_ms: 1_000, chemistry: Chemistry::Nmc }
//! # }
//! let config = cfg();
//! let mut state = new_state();
//! let batch = [Sample { t_s: 0, current_ma: 0, voltage_mv: 3_600, temp_decic: 250 }];
//! let result = process_batch(&config, &mut state, &batch).unwrap();
//! assert!(result.soc_ppm > 400_000 && result.soc_ppm < 600_000);
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod anomaly;
pub mod config;
pub mod estimator;
pub mod filter;
pub mod fixed;
pub mod forecast;
pub mod kernels;
pub mod ocv;
pub mod prior;
#[cfg(feature = "cli")]
pub mod replay;
#[cfg(feature = "cli")]
pub mod score;
pub mod soh;
pub mod state;
#[cfg(feature = "cli")]
pub mod synthetic;
pub mod wide;

pub use anomaly::flags;
pub use config::{Chemistry, ConfigError, EstimatorConfig, Model};
pub use estimator::{new_state, process_batch, soh_capacity, step, summarize};
pub use forecast::{SohForecast, SohForecastTime, HORIZONS_EFC, HORIZONS_MONTHS};
pub use prior::{seeded_state, TwinPrior};
pub use state::{sample_time_s, BatchResult, EstimatorState, Sample, StepOutput};
