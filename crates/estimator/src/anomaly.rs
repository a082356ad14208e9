//! Anomaly detection: rule checks named after the GB/T 32960.3 general alarm flags, plus a
//! statistical detector on the model residual whose thresholds adapt to the battery's own history.
//!
//! Bits 0–18 of the flag word follow GB/T 32960.3-2016's general alarm flags (only those this
//! estimator can judge from one cell's V/I/T are set); bits 24–29 are this project's extensions
//! for sensor faults, in the standard's reserved range.
//!
//! Detectors:
//! * **ranges** — implausible voltage (dropout / outside 0.5·Vmin…1.5·Vmax), cell over- and
//!   under-voltage beyond the rated limits, implausible current (beyond 20C) or temperature;
//! * **stuck sensor** — a run of bit-identical readings, the run length adapted to how often
//!   this sensor repeats a reading normally (quantisation vs noise); exact-zero current runs
//!   (a BMS deadband at rest) count only while the voltage moves ≥ 40 mV, voltage runs only while
//!   the current moves > 1C in total;
//! * **temperature rise rate** — rate of the filtered temperature over ≥ 30 s windows against
//!   `max(0.05 °C/s, 5σ)` of this battery's own windows, two windows in a row; the alarm holds
//!   while the temperature stays above its level before the event;
//! * **current step** — a current step whose expected ohmic response is ≥ 120 mV while the
//!   voltage moved less than 30 % of it is a current-sensor glitch;
//! * **model residual** — the change of the SOC filter's voltage innovation since the last
//!   accepted sample, against `max(60 mV, 6σ) + (50 % + u)·|R0·ΔI| + (10 % + u)·|R0·I| + |ΔOCV| + 1 %·dOCV/dSOC`
//!   (u: relative uncertainty of R0, 100 % until the resistance tracker has seen a few steps)
//!   with σ
//!   learned online from accepted samples only (a rejection lasting more than 8 samples is
//!   accepted as a model change, so the detector cannot lock itself out); a hit is
//!   attributed to the current sensor when the voltage did not follow a large current step,
//!   otherwise to the voltage sensor.

use crate::fixed::Fx;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Alarm flag bits.
pub mod flags {
	/// GB/T 32960.3 bit 1: battery high temperature (above 60 °C).
	pub const TEMP_HIGH: u32 = 1 << 1;
	/// GB/T 32960.3 bit 5: cell over-voltage (100 mV above the rated maximum).
	pub const CELL_OVER_VOLTAGE: u32 = 1 << 5;
	/// GB/T 32960.3 bit 6: cell under-voltage (200 mV below the rated minimum).
	pub const CELL_UNDER_VOLTAGE: u32 = 1 << 6;
	/// GB/T 32960.3 bit 8: SOC jump (one-sample correction above 3 % once converged).
	pub const SOC_JUMP: u32 = 1 << 8;
	/// Extension: temperature rise (or fall) rate beyond the battery's normal band.
	pub const TEMP_RATE: u32 = 1 << 24;
	/// Extension: implausible voltage reading (dropout, out of range, spike).
	pub const VOLTAGE_SENSOR: u32 = 1 << 25;
	/// Extension: implausible current reading (out of range, spike without voltage response).
	pub const CURRENT_SENSOR: u32 = 1 << 26;
	/// Extension: implausible temperature reading (out of range or jump).
	pub const TEMP_SENSOR: u32 = 1 << 27;
	/// Extension: stuck current sensor (run of identical readings).
	pub const STUCK_CURRENT: u32 = 1 << 28;
	/// Extension: stuck voltage sensor (identical readings while the current moves).
	pub const STUCK_VOLTAGE: u32 = 1 << 29;
	/// Extension: statistical detector (model residual outside the learned band).
	pub const MODEL_RESIDUAL: u32 = 1 << 30;

	/// Flags meaning the voltage reading must not be used.
	pub const VOLTAGE_BAD: u32 = VOLTAGE_SENSOR | STUCK_VOLTAGE;
	/// Flags meaning the current reading must not be used.
	pub const CURRENT_BAD: u32 = CURRENT_SENSOR | STUCK_CURRENT;
	/// Every flag that marks a sample as anomalous (what `anomaly_est` reports).
	pub const ANY: u32 = TEMP_HIGH
		| CELL_OVER_VOLTAGE
		| CELL_UNDER_VOLTAGE
		| SOC_JUMP
		| TEMP_RATE
		| VOLTAGE_SENSOR
		| CURRENT_SENSOR
		| TEMP_SENSOR
		| STUCK_CURRENT
		| STUCK_VOLTAGE
		| MODEL_RESIDUAL;
}

/// Minimum residual threshold, mV.
const RES_MIN_MV: Fx = Fx::lit(60, 1);
/// SOC-equivalent model uncertainty added to the residual threshold through the OCV slope, %.
const RES_SOC_PCT: Fx = Fx::lit(1, 1);
/// Residual threshold in learned standard deviations.
const RES_SIGMAS: i64 = 6;
/// Fraction of the expected step response `|R0·ΔI|` added to the residual threshold.
const RES_STEP_FRAC: Fx = Fx::lit(1, 2);
/// Fraction of the ohmic drop `|R0·I|` added to the residual threshold.
const RES_DROP_FRAC: Fx = Fx::lit(1, 10);
/// A residual rejection longer than this many samples is a model change, not a sensor fault.
pub const RES_MAX_RUN: u8 = 8;
/// A run of exact-zero current readings is a fault only if the voltage moves this much, mV.
const STUCK_I_MIN_DV_MV: i32 = 40;
/// Minimum temperature-rate threshold, °C/s.
const RATE_MIN: Fx = Fx::lit(5, 100);
/// Temperature-rate window, s.
const RATE_WINDOW_S: u32 = 30;
/// Temperature filter time constant, s.
const TEMP_TAU_S: i64 = 10;
/// Latched temperature alarm holds while the temperature is this far above the pre-event level, °C.
const TEMP_HOLD_C: Fx = Fx::lit(3, 1);

/// Detector state (≈ 120 bytes SCALE encoded).
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
pub struct AnomalyState {
	/// Innovation of the last accepted sample, mV.
	pub res_prev: Fx,
	/// Learned variance of the innovation's sample-to-sample change, mV².
	pub res_var: Fx,
	/// Consecutive samples rejected by the residual test.
	pub res_run: u8,
	/// Previous raw current reading, mA.
	pub i_raw: i32,
	/// Previous raw voltage reading, mV.
	pub v_raw: i32,
	/// Length of the current run of identical current readings.
	pub i_run: u16,
	/// Lowest and highest voltage (mV) during the present run of identical current readings.
	pub i_run_v: (i32, i32),
	/// Length of the current run of identical voltage readings.
	pub v_run: u16,
	/// Learned fraction of consecutive identical current readings.
	pub p_eq_i: Fx,
	/// Learned fraction of consecutive identical voltage readings.
	pub p_eq_v: Fx,
	/// Current movement during the present voltage run, C-rate.
	pub v_run_di: Fx,
	/// Filtered temperature, °C.
	pub t_filt: Fx,
	/// Filtered temperature at the start of the rate window, °C.
	pub t_ref: Fx,
	/// Start time of the rate window, s.
	pub t_ref_s: u32,
	/// Learned mean square of normal window rates, (°C/s)².
	pub rate_var: Fx,
	/// Consecutive windows over the rate threshold.
	pub rate_hits: u8,
	/// Consecutive temperature readings more than 10 °C away from the filtered value.
	pub t_jump: u8,
	/// Temperature alarm latched.
	pub temp_latched: bool,
	/// Temperature before the latched event, °C.
	pub temp_base: Fx,
}

/// Run length that flags a stuck sensor given the learned repeat fraction `p_eq`.
fn stuck_run_limit(p_eq: Fx, base: u16) -> u16 {
	if p_eq < Fx::lit(3, 100) {
		base
	} else if p_eq < Fx::lit(15, 100) {
		base * 2
	} else if p_eq < Fx::lit(40, 100) {
		base * 4
	} else {
		base * 10
	}
}

impl AnomalyState {
	/// Fresh detector at the first sample.
	pub fn new(i_raw: i32, v_raw: i32, temp_c: Fx, t_s: u32) -> AnomalyState {
		AnomalyState {
			res_var: Fx::from_int(25),
			i_raw,
			v_raw,
			i_run_v: (v_raw, v_raw),
			t_filt: temp_c,
			t_ref: temp_c,
			t_ref_s: t_s,
			rate_var: Fx::lit(1, 10_000),
			temp_base: temp_c,
			..Default::default()
		}
	}

	/// Range rules on one sample (voltage mV, current A, temperature °C).
	pub fn ranges(v_mv: i32, i_a: Fx, temp_c: Fx, v_min: Fx, v_max: Fx, one_c: Fx) -> u32 {
		let v = Fx::from_int(v_mv as i64);
		let mut f = 0;
		if v < v_min.div_int(2) || v > v_max.mul(Fx::lit(3, 2)) {
			f |= flags::VOLTAGE_SENSOR;
		} else if v > v_max + Fx::from_int(100) {
			f |= flags::CELL_OVER_VOLTAGE;
		} else if v < v_min - Fx::from_int(200) {
			f |= flags::CELL_UNDER_VOLTAGE;
		}
		if i_a.abs() > one_c.mul_int(20) {
			f |= flags::CURRENT_SENSOR;
		}
		if temp_c < Fx::from_int(-40) || temp_c > Fx::from_int(120) {
			f |= flags::TEMP_SENSOR;
		} else if temp_c > Fx::from_int(60) {
			f |= flags::TEMP_HIGH;
		}
		f
	}

	/// Stuck-sensor rules; `d_i_c` is the current change since the previous sample (C-rate). A
	/// run of exact-zero current readings is a fault only if the voltage moved by ≥ 40 mV
	/// meanwhile; a voltage run only if the current moved by more than 1C in total.
	pub fn stuck(&mut self, i_raw: i32, v_raw: i32, d_i_c: Fx) -> u32 {
		let mut f = 0;
		let same_i = i_raw == self.i_raw;
		let same_v = v_raw == self.v_raw;
		if same_i {
			self.i_run = self.i_run.saturating_add(1);
			self.i_run_v = (self.i_run_v.0.min(v_raw), self.i_run_v.1.max(v_raw));
		} else {
			self.i_run = 0;
			self.i_run_v = (v_raw, v_raw);
		}
		if same_v {
			self.v_run = self.v_run.saturating_add(1);
			self.v_run_di += d_i_c.abs();
		} else {
			self.v_run = 0;
			self.v_run_di = Fx::ZERO;
		}
		// runs are counted in repeats: run = 4 means 5 identical readings
		// Bit-identical readings are implausible for a noisy sensor. Exactly 0 mA is exempt (many
		// BMS zero a deadband at rest) unless the voltage moves meanwhile.
		let v_moved = self.i_run_v.1.saturating_sub(self.i_run_v.0) >= STUCK_I_MIN_DV_MV;
		if self.i_run >= stuck_run_limit(self.p_eq_i, 4) && (i_raw != 0 || v_moved) {
			f |= flags::STUCK_CURRENT;
		}
		if self.v_run >= stuck_run_limit(self.p_eq_v, 8) && self.v_run_di > Fx::ONE {
			f |= flags::STUCK_VOLTAGE;
		}
		// learn the normal repeat fraction from samples that are not in a flagged run
		if f == 0 {
			let to = |b: bool| if b { Fx::ONE } else { Fx::ZERO };
			self.p_eq_i += (to(same_i) - self.p_eq_i).div_int(256);
			self.p_eq_v += (to(same_v) - self.p_eq_v).div_int(256);
		}
		self.i_raw = i_raw;
		self.v_raw = v_raw;
		f
	}

	/// Temperature rules for a reading `temp_c` at `t_s` after `dt_s` seconds.
	pub fn temperature(&mut self, temp_c: Fx, t_s: u32, dt_s: u32) -> u32 {
		let mut f = 0;
		if (temp_c - self.t_filt).abs() > Fx::from_int(10) {
			// a jump: implausible unless it persists (then the filter restarts from it)
			self.t_jump = self.t_jump.saturating_add(1);
			if self.t_jump < 5 {
				return flags::TEMP_SENSOR;
			}
			self.t_filt = temp_c;
			self.t_ref = temp_c;
			self.t_ref_s = t_s;
			f |= flags::TEMP_SENSOR;
		}
		self.t_jump = 0;
		let alpha = Fx::ratio(dt_s.min(TEMP_TAU_S as u32) as i64, TEMP_TAU_S);
		self.t_filt += alpha.mul(temp_c - self.t_filt);
		let win = t_s.saturating_sub(self.t_ref_s);
		if win >= RATE_WINDOW_S {
			let rate = (self.t_filt - self.t_ref).div_int(win as i64);
			let thr = self.rate_var.sqrt().mul_int(5).max(RATE_MIN);
			if rate.abs() > thr {
				if self.rate_hits == 0 && !self.temp_latched {
					self.temp_base = self.t_ref;
				}
				self.rate_hits = self.rate_hits.saturating_add(1);
			} else {
				self.rate_hits = 0;
				if !self.temp_latched {
					self.rate_var += (rate.sq() - self.rate_var).div_int(32);
				}
			}
			if self.rate_hits >= 2 {
				self.temp_latched = true;
			}
			self.t_ref = self.t_filt;
			self.t_ref_s = t_s;
		}
		if self.temp_latched {
			if self.rate_hits == 0 && (self.t_filt - self.temp_base).abs() < TEMP_HOLD_C {
				self.temp_latched = false;
			} else {
				f |= flags::TEMP_RATE;
			}
		}
		f
	}

	/// Statistical residual test on the change of the innovation since the last accepted sample
	/// (slow model errors cancel, a spike or dropout does not). `e` innovation (mV), `step_mv =
	/// R0·ΔI` expected voltage step (mV), `drop_mv = R0·I` ohmic drop (mV), `docv_mv` the OCV
	/// change the model predicts for this step (mV), `slope` the OCV slope (mV per %; where the
	/// curve is steep the model is less exact), `dv_mv` measured voltage change since the
	/// last good sample (mV), `r0_unc` the relative uncertainty of R0 (large until the resistance
	/// tracker has seen a few current steps). Returns the flags raised (0 if consistent with the model). A
	/// rejection lasting more than [`RES_MAX_RUN`] samples is taken as a model change instead.
	#[allow(clippy::too_many_arguments)]
	pub fn residual(
		&mut self,
		e: Fx,
		step_mv: Fx,
		drop_mv: Fx,
		docv_mv: Fx,
		slope: Fx,
		dv_mv: Fx,
		r0_unc: Fx,
	) -> u32 {
		let d = e - self.res_prev;
		let thr = (self.res_var.sqrt().mul_int(RES_SIGMAS)).max(RES_MIN_MV)
			+ (RES_STEP_FRAC + r0_unc).mul(step_mv.abs())
			+ (RES_DROP_FRAC + r0_unc).mul(drop_mv.abs())
			+ docv_mv.abs()
			+ slope.abs().mul(RES_SOC_PCT);
		if d.abs() <= thr || self.res_run >= RES_MAX_RUN {
			self.res_run = 0;
			return 0;
		}
		self.res_run = self.res_run.saturating_add(1);
		// a large expected step the voltage did not follow: the current reading is wrong
		if step_mv.abs() > RES_MIN_MV.mul_int(2) && dv_mv.abs() < step_mv.abs().mul(Fx::lit(3, 10))
		{
			flags::MODEL_RESIDUAL | flags::CURRENT_SENSOR
		} else {
			flags::MODEL_RESIDUAL | flags::VOLTAGE_SENSOR
		}
	}

	/// Current-step plausibility: a current step whose expected ohmic response `step_mv = R0·ΔI`
	/// is large (≥ 120 mV) while the measured voltage moved less than 30 % of it (`dv_mv`) is a
	/// current-sensor glitch — the cell's voltage answers a real step at once.
	pub fn current_step(step_mv: Fx, dv_mv: Fx) -> u32 {
		if step_mv.abs() >= RES_MIN_MV.mul_int(2) && dv_mv.abs() < step_mv.abs().mul(Fx::lit(3, 10))
		{
			flags::CURRENT_SENSOR
		} else {
			0
		}
	}

	/// Learn the residual statistics from an accepted sample's innovation `e` (mV).
	pub fn learn_residual(&mut self, e: Fx) {
		let d = e - self.res_prev;
		self.res_prev = e;
		self.res_var += (d.sq().min(Fx::from_int(10_000)) - self.res_var).div_int(256);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ranges_flag_dropouts_and_limits() {
		let (vmin, vmax, c) = (Fx::from_int(2500), Fx::from_int(4200), Fx::from_int(5));
		let t = Fx::from_int(25);
		assert_eq!(AnomalyState::ranges(3700, Fx::ONE, t, vmin, vmax, c), 0);
		assert_eq!(AnomalyState::ranges(0, Fx::ONE, t, vmin, vmax, c), flags::VOLTAGE_SENSOR);
		assert_eq!(AnomalyState::ranges(4400, Fx::ONE, t, vmin, vmax, c), flags::CELL_OVER_VOLTAGE);
		assert_eq!(
			AnomalyState::ranges(2200, Fx::ONE, t, vmin, vmax, c),
			flags::CELL_UNDER_VOLTAGE
		);
		assert_eq!(
			AnomalyState::ranges(3700, Fx::from_int(200), t, vmin, vmax, c),
			flags::CURRENT_SENSOR
		);
		assert_eq!(
			AnomalyState::ranges(3700, Fx::ONE, Fx::from_int(70), vmin, vmax, c),
			flags::TEMP_HIGH
		);
	}

	#[test]
	fn stuck_current_after_five_identical_readings() {
		let mut a = AnomalyState::new(1000, 3700, Fx::from_int(25), 0);
		let first = (0..10)
			.find(|&k| a.stuck(2880, 3700 + 25 * (k % 3), Fx::ZERO) & flags::STUCK_CURRENT != 0);
		// the fifth identical reading (k = 4) raises the flag
		assert_eq!(first, Some(4));
		// identical zero readings at rest (still voltage) are not a fault
		let mut a = AnomalyState::new(0, 3700, Fx::from_int(25), 0);
		for k in 0..100 {
			assert_eq!(a.stuck(0, 3700 + (k % 5), Fx::ZERO), 0);
		}
		// noisy readings never trigger
		let mut a = AnomalyState::new(0, 3700, Fx::from_int(25), 0);
		for k in 0..1000 {
			assert_eq!(a.stuck(1000 + (k * 7919) % 40, 3700 + (k % 5), Fx::lit(1, 10)), 0);
		}
	}

	#[test]
	fn temperature_ramp_is_flagged_and_released() {
		let mut a = AnomalyState::new(0, 3700, Fx::from_int(25), 0);
		let mut flagged = 0;
		for t in 1..2000u32 {
			let temp = if (500..900).contains(&t) { 25.0 + 0.1 * (t - 500) as f64 } else { 25.0 };
			let f = a.temperature(Fx((temp * (1u64 << 40) as f64) as i64), t, 1);
			if f != 0 {
				flagged += 1;
				assert!((520..1100).contains(&t), "flag at {t}");
			}
		}
		assert!(flagged > 300, "{flagged}");
		assert!(!a.temp_latched);
	}

	#[test]
	fn residual_classifies_sensor() {
		let mut a = AnomalyState::new(0, 3700, Fx::from_int(25), 0);
		let z = Fx::ZERO;
		assert_eq!(a.residual(Fx::from_int(10), Fx::from_int(50), z, z, z, Fx::from_int(40), z), 0);
		let f = a.residual(Fx::from_int(-700), Fx::from_int(5), z, z, z, Fx::from_int(-700), z);
		assert_eq!(f, flags::MODEL_RESIDUAL | flags::VOLTAGE_SENSOR);
		let f = a.residual(Fx::from_int(600), Fx::from_int(-600), z, z, z, Fx::from_int(3), z);
		assert_eq!(f, flags::MODEL_RESIDUAL | flags::CURRENT_SENSOR);
		assert_eq!(
			AnomalyState::current_step(Fx::from_int(170), Fx::from_int(4)),
			flags::CURRENT_SENSOR
		);
		assert_eq!(AnomalyState::current_step(Fx::from_int(170), Fx::from_int(-150)), 0);
		assert_eq!(AnomalyState::current_step(Fx::from_int(50), Fx::ZERO), 0);
		// a persistent offset is accepted as a model change after RES_MAX_RUN samples
		let mut a = AnomalyState::new(0, 3700, Fx::from_int(25), 0);
		for _ in 0..RES_MAX_RUN {
			a.residual(Fx::from_int(300), z, z, z, z, z, z);
		}
		assert_eq!(a.residual(Fx::from_int(300), z, z, z, z, z, z), 0);
	}
}
