//! What the twin carries between batches ([`EstimatorState`]) and the per-sample / per-batch
//! input and output types.

use crate::anomaly::AnomalyState;
use crate::filter::SocFilter;
use crate::fixed::Fx;
use crate::forecast::{SohForecast, SohForecastTime, TrendFit};
use crate::soh::{CapacityTracker, ResistanceTracker};
use codec::{Decode, DecodeWithMemTracking, Encode, Input, MaxEncodedLen};
use scale_info::TypeInfo;

/// Layout version of [`EstimatorState`].
pub const STATE_VERSION: u8 = 2;
/// The layout before the usage window (decoded and upgraded: the window opens at its last
/// sample).
pub const LEGACY_STATE_VERSION: u8 = 1;

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
/// 420 bytes ([`codec::MaxEncodedLen::max_encoded_len`]). It decodes from the layout of
/// [`LEGACY_STATE_VERSION`] as well (sealed twins written by earlier runtimes).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, MaxEncodedLen, TypeInfo)]
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
	/// Start of the usage window (the usage rate for the forecasts in time), s.
	pub usage_t0_s: u32,
	/// Equivalent full cycles at the start of the usage window.
	pub usage_efc0: Fx,
	/// The usage regime the window observes (on chain: when the battery's user last chose a
	/// running mode); a new one restarts the window ([`EstimatorState::note_usage_regime`]).
	pub usage_regime: u64,
}

impl EstimatorState {
	/// Before a batch: the battery's usage regime is `regime` (any number that changes when the
	/// way the battery is used does, e.g. a new running mode). A change restarts the usage
	/// window at the last sample seen, so the forecasts in time follow the new usage (they are
	/// today's SOH again until the new window spans a day).
	pub fn note_usage_regime(&mut self, regime: u64) {
		if regime == self.usage_regime {
			return;
		}
		self.usage_regime = regime;
		if self.initialized {
			self.usage_t0_s = self.t_s;
			self.usage_efc0 = self.efc;
		}
	}
}

impl Decode for EstimatorState {
	fn decode<I: Input>(input: &mut I) -> Result<Self, codec::Error> {
		let version = u8::decode(input)?;
		// 0: a default (never initialised) state; 1: the layout before the usage window.
		if version > STATE_VERSION {
			return Err("unknown estimator state version".into());
		}
		// Struct fields are evaluated in the order written: the SCALE order.
		let mut st = EstimatorState {
			version,
			initialized: Decode::decode(input)?,
			t_s: Decode::decode(input)?,
			samples: Decode::decode(input)?,
			filter: Decode::decode(input)?,
			r0: Decode::decode(input)?,
			cap: Decode::decode(input)?,
			trend: Decode::decode(input)?,
			anomaly: Decode::decode(input)?,
			last: Decode::decode(input)?,
			i_prev_a: Decode::decode(input)?,
			rest_s: Decode::decode(input)?,
			cv_hold: Decode::decode(input)?,
			efc: Decode::decode(input)?,
			diff_pct: Decode::decode(input)?,
			usage_t0_s: 0,
			usage_efc0: Fx::ZERO,
			usage_regime: 0,
		};
		if version == LEGACY_STATE_VERSION {
			st.version = STATE_VERSION;
			st.usage_t0_s = st.t_s;
			st.usage_efc0 = st.efc;
		} else {
			st.usage_t0_s = Decode::decode(input)?;
			st.usage_efc0 = Decode::decode(input)?;
			st.usage_regime = Decode::decode(input)?;
		}
		Ok(st)
	}
}

impl DecodeWithMemTracking for EstimatorState {}

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

/// Result of one batch: what the off-chain worker reports to the chain (93 bytes SCALE encoded;
/// results of estimators before the forecasts in time are the first 74 bytes, and decode with
/// `efc_per_year_milli` 0 and `forecast_months` zeroed). A result is always sealed on its own, so
/// its decoder tells the layouts apart by the input's remaining length: decode it from its own
/// bytes, not inside a longer structure.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, MaxEncodedLen, TypeInfo)]
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
	/// Usage observed: equivalent full cycles a year, thousandths (0 until a day of data).
	pub efc_per_year_milli: u32,
	/// Capacity-SOH forecast at [`crate::forecast::HORIZONS_MONTHS`] at that usage (today's SOH
	/// while the usage is not known).
	pub forecast_months: [SohForecastTime; 3],
}

impl Decode for BatchResult {
	fn decode<I: Input>(input: &mut I) -> Result<Self, codec::Error> {
		let mut result = BatchResult {
			samples: Decode::decode(input)?,
			last_t_s: Decode::decode(input)?,
			soc_ppm: Decode::decode(input)?,
			soc_sigma_ppm: Decode::decode(input)?,
			soh_capacity_ppm: Decode::decode(input)?,
			soh_resistance_ppm: Decode::decode(input)?,
			capacity_mah: Decode::decode(input)?,
			capacity_updates: Decode::decode(input)?,
			efc_milli: Decode::decode(input)?,
			anomaly_flags: Decode::decode(input)?,
			anomaly_samples: Decode::decode(input)?,
			first_anomaly_t_s: Decode::decode(input)?,
			forecast: Decode::decode(input)?,
			..Default::default()
		};
		// An earlier estimator's result ends here.
		if input.remaining_len()? != Some(0) {
			result.efc_per_year_milli = Decode::decode(input)?;
			result.forecast_months = Decode::decode(input)?;
		}
		Ok(result)
	}
}

impl DecodeWithMemTracking for BatchResult {}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::estimator::tests::cfg;
	use crate::{new_state, process_batch};

	/// A state and a result as the estimators before the usage window encoded them.
	fn legacy_bytes(st: &EstimatorState, r: &BatchResult) -> (Vec<u8>, Vec<u8>) {
		let mut state = st.encode();
		state[0] = LEGACY_STATE_VERSION;
		state.truncate(state.len() - 20);
		let mut result = r.encode();
		result.truncate(74);
		(state, result)
	}

	#[test]
	fn earlier_layouts_still_decode() {
		let mut st = new_state();
		let samples: [Sample; 30] = core::array::from_fn(|k| Sample {
			t_s: 1_000 + k as u32,
			current_ma: 1_000,
			voltage_mv: 3_700,
			temp_decic: 250,
		});
		let r = process_batch(&cfg(), &mut st, &samples).expect("batch");
		let (state, result) = legacy_bytes(&st, &r);
		// The state upgrades: its usage window opens at its last sample.
		let upgraded = EstimatorState::decode(&mut &state[..]).expect("legacy state");
		assert_eq!(upgraded.version, STATE_VERSION);
		assert_eq!((upgraded.usage_t0_s, upgraded.usage_efc0), (st.t_s, st.efc));
		assert_eq!(upgraded.filter, st.filter);
		assert_eq!(upgraded.encode().len(), st.encode().len());
		// The result keeps its fields, with no forecast in time.
		let old = BatchResult::decode(&mut &result[..]).expect("legacy result");
		assert_eq!(
			old,
			BatchResult { efc_per_year_milli: 0, forecast_months: Default::default(), ..r }
		);
		// A new usage regime restarts the window at the last sample; the same one does not.
		let mut later = st;
		later.note_usage_regime(0);
		assert_eq!(later, st);
		later.note_usage_regime(7);
		assert_eq!((later.usage_regime, later.usage_t0_s, later.usage_efc0), (7, st.t_s, st.efc));
		// The current layouts round-trip.
		assert_eq!(EstimatorState::decode(&mut &st.encode()[..]).expect("state"), st);
		assert_eq!(BatchResult::decode(&mut &r.encode()[..]).expect("result"), r);
		// A state of an unknown layout is an error.
		let mut future = st.encode();
		future[0] = STATE_VERSION + 1;
		assert!(EstimatorState::decode(&mut &future[..]).is_err());
		// A truncated current result is an error, not a legacy one.
		let cut = &r.encode()[..80];
		assert!(BatchResult::decode(&mut &cut[..]).is_err());
	}
}
