//! The per-sample pipeline ([`step`]) and the batch entry point ([`process_batch`]).
//!
//! Per sample: rule checks → tentative model prediction and residual test → choice of the current
//! to count (a faulty current reading is replaced) → filter prediction → filter update with the
//! voltage (skipped when the voltage or current is faulty) → resistance learning → rest and
//! full-charge anchors for the capacity → outputs.

use crate::anomaly::{flags, AnomalyState};
use crate::config::{ConfigError, EstimatorConfig, Model};
use crate::filter::SocFilter;
use crate::fixed::Fx;
use crate::forecast::usage_per_year;
use crate::soh::{
	arrhenius_to_25, AnchorOutcome, CapacityTracker, ResistanceTracker, R0_MIN_STEP_C,
};
use crate::state::{BatchResult, EstimatorState, LastGood, Sample, StepOutput, STATE_VERSION};

/// A twin without history holds a cell of unknown age: until current steps show its resistance,
/// the filter assumes the rated R0 × this (mid-life growth; a fresh cell's first steps correct it
/// within minutes, while under a constant current an aged cell's grown resistance is invisible and
/// would read as a lower SOC).
pub(crate) const R0_PRIOR_GROWTH: Fx = Fx::lit(5, 4);
/// SOC random-walk variance per second, %²/s.
const Q_SOC_PER_S: Fx = Fx::lit(1, 1_000_000);
/// RC-voltage process variance per second, mV²/s.
const Q_V1_PER_S: Fx = Fx::lit(1, 100);
/// Voltage sensor variance, mV².
const R_SENSOR: Fx = Fx::lit(9, 1);
/// Model error proportional to the ohmic drop |R0·I|.
const R_OHMIC_FRAC: Fx = Fx::lit(15, 100);
/// Model error proportional to the polarisation |v1|.
const R_POL_FRAC: Fx = Fx::lit(30, 100);
/// Constant model error, mV.
const R_MODEL_MV: Fx = Fx::lit(30, 1);
/// Solid diffusion: under a steady current the particle-surface SOC settles
/// [`Model::diff_pct_per_c`] (% per C) from the mean SOC, with this time constant, s. (Sphere:
/// surface − mean = R²/(15·D) × rate; for graphite with R ≈ 5 µm, D ≈ 1e-14…1e-13 m²/s that is
/// ≈ 1–5 % at 1C, settling in a few hundred seconds; phosphate cathodes lag further.)
const DIFF_TAU_S: Fx = Fx::lit(300, 1);
/// Residual diffusion error after the modelled part: under load the particle surface is this many % SOC per C away from the mean
/// (unmodelled by the 1-RC circuit; it matters where the OCV is steep).
const R_DIFF_PCT_PER_C: Fx = Fx::lit(1, 1);
/// A rest is |I| below this C-rate.
const REST_C: Fx = Fx::lit(1, 50);
/// Rest length after which the voltage is taken as OCV for a capacity anchor, s.
const REST_ANCHOR_S: u32 = 15;
/// Unrelaxed voltage after a rest of t seconds: `REST_SENSOR_MV + REST_RELAX_MVS / t`, mV.
const REST_SENSOR_MV: Fx = Fx::lit(3, 1);
const REST_RELAX_MVS: Fx = Fx::lit(250, 1);
/// Floor of a rest anchor's SOC uncertainty (OCV table and hysteresis), %.
const REST_SIGMA_FLOOR: Fx = Fx::lit(3, 10);
/// Largest SOC uncertainty of a rest anchor, %.
const REST_ANCHOR_MAX_SIGMA: Fx = Fx::lit(3, 1);
/// Constant-voltage hold: within this of the maximum voltage, mV …
const CV_BAND_MV: Fx = Fx::lit(20, 1);
/// … charging at less than this C-rate.
const CV_TAPER_C: Fx = Fx::lit(1, 10);
/// SOC one-sample correction that raises [`flags::SOC_JUMP`], %.
const SOC_JUMP_PCT: Fx = Fx::lit(3, 1);
/// Below this SOC (%) the current-step plausibility test is not applied.
const STEP_TEST_MIN_SOC: Fx = Fx::lit(10, 1);
/// Longest interval counted as continuous current, s (longer gaps count as rest).
const MAX_CC_GAP_S: u32 = 60;

/// A fresh state: nothing seen yet (the first sample initialises SOC from the voltage).
pub fn new_state() -> EstimatorState {
	EstimatorState { version: STATE_VERSION, ..Default::default() }
}

/// SOC (%) and its standard deviation (%) from a single voltage reading at current `i_a`.
fn soc_from_voltage(m: &Model, v: Fx, i_a: Fx) -> (Fx, Fx) {
	let ocv = v + m.r0.mul(R0_PRIOR_GROWTH).mul(i_a);
	let soc = m.ocv.invert(ocv);
	let slope = m.ocv.mean_slope(soc, Fx::lit(5, 2)).max(Fx::lit(1, 100));
	// 5 mV sensor/relaxation + 30 % of the ohmic drop + 20 % of the 1-RC steady state
	let err_mv = Fx::from_int(5)
		+ Fx::lit(3, 10).mul(m.r0.mul(i_a).abs())
		+ Fx::lit(2, 10).mul(m.r1.mul(i_a).abs());
	(soc, err_mv.div(slope).clamp(Fx::from_int(2), Fx::from_int(25)))
}

fn initialize(m: &Model, st: &mut EstimatorState, s: &Sample, i_a: Fx, temp: Fx) {
	let v = Fx::from_int(s.voltage_mv as i64);
	let (soc, sigma) = soc_from_voltage(m, v, i_a);
	// A seeded twin keeps its history: capacity, resistance, throughput and fade trend.
	let seeded = crate::prior::is_seeded(st).then(|| (st.r0, st.cap, st.trend, st.efc));
	*st = EstimatorState {
		version: STATE_VERSION,
		initialized: true,
		t_s: s.t_s,
		samples: 0,
		filter: SocFilter::new(soc, sigma),
		r0: ResistanceTracker::new(m.r0, R0_PRIOR_GROWTH, m.one_c_a),
		cap: CapacityTracker::new(m.cap_rated_as),
		trend: Default::default(),
		anomaly: AnomalyState::new(s.current_ma, s.voltage_mv, temp, s.t_s),
		last: LastGood::default(),
		i_prev_a: i_a,
		rest_s: 0,
		cv_hold: false,
		efc: Fx::ZERO,
		diff_pct: Fx::ZERO,
		usage_t0_s: s.t_s,
		usage_efc0: Fx::ZERO,
		usage_regime: st.usage_regime,
	};
	if let Some((r0, cap, trend, efc)) = seeded {
		st.r0 = r0;
		st.cap = cap;
		st.trend = trend;
		st.efc = efc;
		st.usage_efc0 = efc;
	}
}

/// Measurement variance (mV²) for a reading at current `i_a` (`i_c` in C-rate) with RC voltage
/// `v1` where the OCV slope is `h` (mV per %).
#[inline]
fn meas_var(r0: Fx, i_a: Fx, i_c: Fx, v1: Fx, h: Fx) -> Fx {
	R_SENSOR
		+ R_MODEL_MV.sq()
		+ R_OHMIC_FRAC.mul(r0.mul(i_a)).sq()
		+ R_POL_FRAC.mul(v1).sq()
		+ R_DIFF_PCT_PER_C.mul(h.mul(i_c.abs())).sq()
}

/// Process one sample, updating `st`. The first sample of a fresh state initialises it.
pub fn step(m: &Model, st: &mut EstimatorState, s: &Sample) -> StepOutput {
	let i_raw = Fx::ratio(s.current_ma as i64, 1000);
	let v = Fx::from_int(s.voltage_mv as i64);
	let temp = Fx::ratio(s.temp_decic as i64, 10);
	let mut f = AnomalyState::ranges(s.voltage_mv, i_raw, temp, m.v_min, m.v_max, m.one_c_a);
	if !st.initialized {
		if f & flags::VOLTAGE_BAD != 0 {
			return StepOutput { soc_ppm: 0, flags: f, soh_updated: false };
		}
		initialize(m, st, s, if f & flags::CURRENT_BAD != 0 { Fx::ZERO } else { i_raw }, temp);
		return StepOutput { soc_ppm: soc_ppm(st), flags: f, soh_updated: false };
	}
	st.samples = st.samples.saturating_add(1);
	let dt_s = s.t_s.saturating_sub(st.t_s).min(86_400);
	st.t_s = st.t_s.max(s.t_s);
	let dt = Fx::from_int(dt_s as i64);
	let one_c = m.one_c_a;

	// ---- rules on the raw readings
	let d_i_c = (i_raw - st.last.i_a).div(one_c);
	f |= st.anomaly.stuck(s.current_ma, s.voltage_mv, d_i_c);
	if f & flags::TEMP_SENSOR == 0 {
		f |= st.anomaly.temperature(temp, s.t_s, dt_s);
	}

	// ---- effective circuit parameters
	let r0 = st.r0.r0(m.r0, one_c);
	let r1 = m.r1.mul(r0).div(m.r0);
	let a = dt.div(m.tau).exp_neg();
	let cap = st.cap.cap_as;

	// ---- residual test with the raw current (before touching the state)
	if f & (flags::VOLTAGE_BAD | flags::CURRENT_BAD) == 0 && st.filter.sigma_soc() < Fx::from_int(5)
	{
		let v1_t = a.mul(st.filter.v1) + r1.mul(Fx::ONE - a).mul(i_raw);
		let (ocv_t, h_t) = m.ocv.eval(st.filter.soc - st.diff_pct);
		let e = v - (ocv_t - v1_t - r0.mul(i_raw));
		// the expected step, widened while the resistance estimate has seen few steps (its prior
		// weight over its data: 1 at the start, → 0 as the RLS learns)
		let step_mv = r0.mul(i_raw - st.last.i_a);
		let r0_unc = Fx::from_int(2).div(st.r0.sxx.max(Fx::lit(1, 10))).min(Fx::from_int(2));
		let docv = h_t.mul(i_raw.mul(dt).mul_int(100).div(cap));
		let dv = v - st.last.v_mv;
		// the step test uses the slow (25 °C-normalised, smoothed) resistance brought back to the
		// present temperature when it is lower: the fast estimate inflates near the cut-off knee
		// (not near empty: at the cut-off knee the cell's response to current steps is not ohmic)
		let r0_slow = st.r0.r0_25.div(arrhenius_to_25(st.anomaly.t_filt));
		if st.filter.soc >= STEP_TEST_MIN_SOC {
			f |= AnomalyState::current_step(r0.min(r0_slow).mul(i_raw - st.last.i_a), dv);
		}
		if f & flags::CURRENT_BAD == 0 {
			f |= st.anomaly.residual(e, step_mv, r0.mul(i_raw), docv, h_t, dv, r0_unc);
		}
	}
	let v_ok = f & flags::VOLTAGE_BAD == 0;
	let i_ok = f & flags::CURRENT_BAD == 0;

	// ---- current to count
	let i_use = if i_ok {
		i_raw
	} else if v_ok && f & flags::STUCK_CURRENT != 0 {
		// current from the voltage through the model
		let (ocv, _) = m.ocv.eval(st.filter.soc - st.diff_pct);
		(ocv - st.filter.v1 - v).div(r0).clamp(-one_c.mul_int(5), one_c.mul_int(5))
	} else {
		st.last.i_a
	};

	// ---- prediction
	let dt_cc = Fx::from_int(dt_s.min(MAX_CC_GAP_S.max(m.period_s.round_int() as u32 * 10)) as i64);
	let i_avg = (i_use + st.i_prev_a).div_int(2);
	let d_as = i_avg.mul(dt_cc);
	let d_soc = -d_as.mul_int(100).div(cap);
	let v1_prev = st.filter.v1;
	st.filter.predict(
		d_soc,
		a,
		r1.mul(Fx::ONE - a).mul(i_use),
		Q_SOC_PER_S.mul(dt),
		Q_V1_PER_S.mul(dt),
	);
	// diffusion lag of the surface SOC: first order towards K_D·I (C-rate) with time constant TAU_D
	let a_d = dt.div(DIFF_TAU_S).exp_neg();
	st.diff_pct =
		a_d.mul(st.diff_pct) + (Fx::ONE - a_d).mul(m.diff_pct_per_c.mul(i_use.div(one_c)));
	let d_efc = d_as.abs().div(m.cap_rated_as.mul_int(2));
	st.efc += d_efc;
	st.cap.count(d_as, d_efc);
	st.i_prev_a = i_use;

	// ---- measurement update
	let (ocv, h) = m.ocv.eval(st.filter.soc - st.diff_pct);
	if v_ok && i_ok {
		let e = v - (ocv - st.filter.v1 - r0.mul(i_use));
		let sigma_before = st.filter.sigma_soc();
		let v1_pred = st.filter.v1;
		let r = meas_var(r0, i_use, i_use.div(one_c), st.filter.v1, h);
		let corr = st.filter.update(e, h, r);
		if corr.abs() > SOC_JUMP_PCT && sigma_before < Fx::from_int(2) {
			f |= flags::SOC_JUMP;
		}
		st.anomaly.learn_residual(e);
		if st.last.valid && d_i_c.abs() >= R0_MIN_STEP_C && dt_s > 0 {
			// R0·ΔI = ΔOCV − Δv1 − ΔV with the model's own ΔOCV and Δv1
			let y = (ocv - st.last.ocv_mv) - (v1_pred - st.last.v1_mv) - (v - st.last.v_mv);
			st.r0.learn(d_i_c, y, st.anomaly.t_filt, m.r0, one_c);
		}
		st.last = LastGood { valid: true, i_a: i_use, v_mv: v, ocv_mv: ocv, v1_mv: st.filter.v1 };
	} else {
		st.last.valid = false;
		let _ = v1_prev;
	}

	// ---- anchors for the capacity
	let mut soh_updated = false;
	let resting = i_use.abs() < one_c.mul(REST_C);
	let taper = if st.cv_hold { one_c.mul(CV_TAPER_C).mul_int(2) } else { one_c.mul(CV_TAPER_C) };
	let cv_now = v_ok && i_use.0 < 0 && (-i_use) <= taper && v >= m.v_max - CV_BAND_MV;
	if cv_now {
		st.filter.observe_soc(Fx::from_int(100), Fx::lit(3, 10));
		st.cap.propose(Fx::from_int(100), Fx::lit(1, 2), true);
		st.cv_hold = true;
	} else if st.cv_hold {
		st.cv_hold = false;
		soh_updated |= commit(m, st);
	}
	if resting && !cv_now {
		st.rest_s = st.rest_s.saturating_add(dt_s);
		if st.rest_s >= REST_ANCHOR_S && v_ok {
			let soc_ocv = m.ocv.invert(v + st.filter.v1 + r0.mul(i_use)) + st.diff_pct;
			let slope = m.ocv.mean_slope(soc_ocv, Fx::lit(5, 2)).max(Fx::lit(1, 100));
			let err_mv = REST_SENSOR_MV
				+ REST_RELAX_MVS.div(Fx::from_int(st.rest_s as i64))
				+ R_POL_FRAC.mul(st.filter.v1.abs());
			let sigma = err_mv.div(slope) + REST_SIGMA_FLOOR;
			if sigma <= REST_ANCHOR_MAX_SIGMA
				&& !(st.cap.last.valid && st.cap.last.full && soc_ocv > Fx::from_int(90))
			{
				st.cap.propose(soc_ocv, sigma, false);
			}
		}
	} else if !resting {
		if st.rest_s >= REST_ANCHOR_S {
			soh_updated |= commit(m, st);
		}
		st.rest_s = 0;
	}
	StepOutput { soc_ppm: soc_ppm(st), flags: f, soh_updated }
}

/// Commit the pending anchor; true if the capacity estimate changed.
fn commit(m: &Model, st: &mut EstimatorState) -> bool {
	match st.cap.commit(m.cap_rated_as) {
		AnchorOutcome::Capacity(q) => {
			st.trend.observe(st.efc, q.div(m.cap_rated_as));
			true
		},
		AnchorOutcome::None => false,
	}
}

fn soc_ppm(st: &EstimatorState) -> u32 {
	st.filter.soc.clamp(Fx::ZERO, Fx::from_int(100)).scaled_int(10_000) as u32
}

/// Capacity SOH (fraction of rated).
pub fn soh_capacity(m: &Model, st: &EstimatorState) -> Fx {
	if !st.initialized {
		return Fx::ONE;
	}
	st.cap.cap_as.div(m.cap_rated_as)
}

/// Summarise the state after a batch.
pub fn summarize(
	m: &Model,
	st: &EstimatorState,
	samples: u32,
	flags_or: u32,
	flagged: u32,
	first: u32,
) -> BatchResult {
	let soh = soh_capacity(m, st);
	let r_rel = if st.initialized { st.r0.r0_25.div(m.r0) } else { Fx::ONE };
	let rate = if st.initialized {
		usage_per_year(st.efc - st.usage_efc0, st.t_s.saturating_sub(st.usage_t0_s))
	} else {
		None
	};
	BatchResult {
		samples,
		last_t_s: st.t_s,
		soc_ppm: soc_ppm(st),
		soc_sigma_ppm: st.filter.sigma_soc().scaled_u32(10_000),
		soh_capacity_ppm: soh.scaled_u32(1_000_000),
		soh_resistance_ppm: r_rel.scaled_u32(1_000_000),
		capacity_mah: st.cap.cap_as.div_int(36).scaled_u32(10),
		capacity_updates: st.cap.updates,
		efc_milli: st.efc.scaled_int(1000).max(0) as u64,
		anomaly_flags: flags_or,
		anomaly_samples: flagged,
		first_anomaly_t_s: first,
		forecast: st.trend.forecasts(st.efc, soh),
		efc_per_year_milli: rate.map_or(0, |r| r.scaled_u32(1000)),
		forecast_months: st.trend.forecasts_in_time(st.efc, soh, rate),
	}
}

/// Run a batch of samples through the estimator, continuing from `state` (a fresh state from
/// [`new_state`] starts from the first sample). No allocation; `samples` may be empty.
pub fn process_batch(
	config: &EstimatorConfig,
	state: &mut EstimatorState,
	samples: &[Sample],
) -> Result<BatchResult, ConfigError> {
	let m = Model::new(config)?;
	let mut or = 0u32;
	let mut flagged = 0u32;
	let mut first = 0u32;
	for s in samples {
		let out = step(&m, state, s);
		if out.flags != 0 {
			if flagged == 0 {
				first = s.t_s;
			}
			flagged = flagged.saturating_add(1);
			or |= out.flags;
		}
	}
	Ok(summarize(&m, state, samples.len().min(u32::MAX as usize) as u32, or, flagged, first))
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::config::Chemistry;
	use codec::{Decode, Encode};

	/// The crate's test cell: 5 Ah, 2.5–4.2 V, a linear OCV from 3.0 to 4.2 V.
	pub(crate) fn cfg() -> EstimatorConfig {
		let mut ocv_uv = [0u32; 41];
		for (i, v) in ocv_uv.iter_mut().enumerate() {
			*v = 3_000_000 + 30_000 * i as u32;
		}
		EstimatorConfig {
			rated_capacity_uah: 5_000_000,
			nominal_voltage_mv: 3_600,
			min_voltage_mv: 2_500,
			max_voltage_mv: 4_200,
			ocv_uv,
			r0_micro_ohm: 20_000,
			r1_micro_ohm: 15_000,
			tau1_ms: 30_000,
			sample_period_ms: 1_000,
			chemistry: Chemistry::Nmc,
		}
	}

	#[test]
	fn garbage_input_never_panics_and_stays_bounded() {
		let m = Model::new(&cfg()).expect("model");
		let mut st = new_state();
		let mut x: u64 = 0x1234_5678_9abc_def1;
		let extremes_i = [i32::MIN, i32::MAX, 0, -1, 1];
		let extremes_v = [i32::MIN, i32::MAX, 0, 3_700, -5];
		for k in 0..50_000u32 {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			let s = Sample {
				t_s: if k % 97 == 0 { k / 2 } else { k.wrapping_mul((x % 3) as u32) },
				current_ma: if k % 11 == 0 {
					extremes_i[(x % 5) as usize]
				} else {
					(x % 20_000) as i32 - 10_000
				},
				voltage_mv: if k % 13 == 0 {
					extremes_v[(x % 5) as usize]
				} else {
					2_500 + (x % 1_700) as i32
				},
				temp_decic: (x >> 20) as i16,
			};
			let out = step(&m, &mut st, &s);
			assert!(out.soc_ppm <= 1_000_000);
		}
		// the state still round-trips and a clean signal brings the estimate back
		let enc = st.encode();
		let mut st = EstimatorState::decode(&mut &enc[..]).expect("decode");
		let r = process_batch(&cfg(), &mut st, &[]).expect("batch");
		assert!(r.soh_capacity_ppm >= 300_000 && r.soh_capacity_ppm <= 1_200_000);
	}

	#[test]
	fn rest_at_known_voltage_gives_its_soc() {
		let mut st = new_state();
		let samples: [Sample; 120] = core::array::from_fn(|k| Sample {
			t_s: k as u32,
			current_ma: 0,
			voltage_mv: 3_600 + (k % 3) as i32 - 1,
			temp_decic: 250,
		});
		let r = process_batch(&cfg(), &mut st, &samples).expect("batch");
		// linear OCV 3000 + 12 mV/% → 50 %
		assert!((r.soc_ppm as i64 - 500_000).abs() < 5_000, "{}", r.soc_ppm);
		assert_eq!(r.anomaly_flags, 0);
		assert_eq!(r.samples, 120);
	}

	#[test]
	fn invalid_config_is_rejected() {
		let mut c = cfg();
		c.min_voltage_mv = 5_000;
		let mut st = new_state();
		assert_eq!(process_batch(&c, &mut st, &[]), Err(ConfigError::VoltageLimits));
		let mut c = cfg();
		c.ocv_uv[10] = 0;
		assert_eq!(c.validate(), Err(ConfigError::OcvTable));
	}
}
