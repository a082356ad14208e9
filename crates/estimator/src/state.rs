//! What the twin carries between batches ([`EstimatorState`]) and the per-sample / per-batch
//! input and output types.

use crate::anomaly::AnomalyState;
use crate::filter::SocFilter;
use crate::fixed::Fx;
use crate::forecast::{SohForecast, TrendFit};
use crate::soh::{CapacityTracker, ResistanceTracker};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Layout version of [`EstimatorState`].
pub const STATE_VERSION: u8 = 1;

/// One telemetry sample as a BMS reports it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Sample {
	/// Time, s (any origin; must not decrease).
	pub t_s: u32,
	/// Cell current, mA, positive = discharge.
	pub current_ma: i32,
	/// Cell terminal voltage, mV.
	pub voltage_mv: i32,
	/// Cell temperature, 0.1 °C.
	pub temp_decic: i16,
}

/// Time of sample `k` of a batch that starts at `start_ms` (Unix ms) with period `period_ms`, in
/// whole Unix seconds (the estimator's clock), saturating. Every producer of [`Sample`]s from a
/// telemetry batch (the off-chain worker, the replay tools) uses it, so they agree to the bit.
pub fn sample_time_s(start_ms: u64, period_ms: u32, k: usize) -> u32 {
	let offset = u64::from(period_ms).saturating_mul(u64::try_from(k).unwrap_or(u64::MAX));
	let ms = start_ms.saturating_add(offset);
	u32::try_from(ms / 1_000).unwrap_or(u32::MAX)
}

/// The last sample the filter accepted (for step-based resistance learning and the residual test).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct LastGood {
	/// Whether the previous sample was accepted (steps are learned only between accepted samples).
	pub valid: bool,
	/// Current used, A.
	pub i_a: Fx,
	/// Voltage measured, mV.
	pub v_mv: Fx,
	/// Model OCV at that sample, mV.
	pub ocv_mv: Fx,
	/// RC voltage after the update, mV.
	pub v1_mv: Fx,
}

/// Everything the estimator carries from one batch to the next. SCALE encoded it is at most
/// 400 bytes ([`codec::MaxEncodedLen::max_encoded_len`]).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct EstimatorState {
	/// Layout version ([`STATE_VERSION`]).
	pub version: u8,
	/// False until the first sample has been seen.
	pub initialized: bool,
	/// Time of the last sample, s.
	pub t_s: u32,
	/// Samples processed (saturating).
	pub samples: u64,
	/// SOC filter.
	pub filter: SocFilter,
	/// Resistance tracker.
	pub r0: ResistanceTracker,
	/// Capacity tracker.
	pub cap: CapacityTracker,
	/// SOH trend fit for the forecast.
	pub trend: TrendFit,
	/// Anomaly detector.
	pub anomaly: AnomalyState,
	/// Last accepted sample.
	pub last: LastGood,
	/// Current used at the previous sample, A (trapezoidal coulomb counting).
	pub i_prev_a: Fx,
	/// Length of the present rest, s.
	pub rest_s: u32,
	/// A constant-voltage hold at the top of charge is in progress.
	pub cv_hold: bool,
	/// Equivalent full cycles seen (charge throughput / 2·rated capacity).
	pub efc: Fx,
	/// Diffusion: how far the particle-surface SOC lags the mean SOC, % (positive after discharge).
	pub diff_pct: Fx,
}

/// Output for one sample.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct StepOutput {
	/// State of charge, parts per million.
	pub soc_ppm: u32,
	/// Alarm flags raised by this sample (see [`crate::anomaly::flags`]).
	pub flags: u32,
	/// A new capacity observation was merged at this sample.
	pub soh_updated: bool,
}

/// Result of one batch: what the off-chain worker reports to the chain.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct BatchResult {
	/// Samples in the batch.
	pub samples: u32,
	/// Time of the last sample, s.
	pub last_t_s: u32,
	/// State of charge at the end of the batch, parts per million.
	pub soc_ppm: u32,
	/// SOC standard deviation the filter reports, parts per million.
	pub soc_sigma_ppm: u32,
	/// Capacity SOH (estimated usable capacity / rated), parts per million.
	pub soh_capacity_ppm: u32,
	/// Resistance SOH (R0 normalised to 25 °C / rated R0), parts per million (above 1 000 000 =
	/// resistance grew).
	pub soh_resistance_ppm: u32,
	/// Estimated usable capacity, mAh.
	pub capacity_mah: u32,
	/// Capacity observations merged so far (0 = capacity still the rated value).
	pub capacity_updates: u16,
	/// Equivalent full cycles seen, thousandths.
	pub efc_milli: u64,
	/// OR of the alarm flags of all samples in the batch.
	pub anomaly_flags: u32,
	/// Samples with at least one alarm flag.
	pub anomaly_samples: u32,
	/// Time of the first flagged sample, s (0 if none).
	pub first_anomaly_t_s: u32,
	/// Capacity-SOH forecast at [`crate::forecast::HORIZONS_EFC`].
	pub forecast: [SohForecast; 3],
}
