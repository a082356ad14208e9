//! Synthetic variants of the public cases (feature `cli`, tests and diagnostics only): an
//! **aged** cell derived from a fresh-cell drive case, for the situation the public drive cases
//! do not cover — a battery that joins the chain already aged, with the fresh cell's sidecar.
//!
//! The aged cell has `cap_frac` of the fresh usable capacity and `r_growth` times its
//! resistances. Run on the same SOC trajectory it draws `cap_frac` of the current; its terminal
//! voltage differs from the fresh cell's by the grown overpotential of the 1-RC fit,
//! `(cap_frac·r_growth − 1)·(R0·I + v1)` with `v1` the fit's RC voltage for the fresh current.
//! The drive ends where that voltage first falls below the cut-off, as the simulator's would.
//! The OCV curve is kept (a cell aged by lithium loss also shifts its OCV–SOC curve; the public
//! `okane2022_aged_midlife_25c` case has that).

use crate::config::EstimatorConfig;
use crate::replay::Case;

/// The aged variant of `case` (see the module docs); truth columns follow (SOH × `cap_frac`).
pub fn aged_variant(cfg: &EstimatorConfig, case: &Case, cap_frac: f64, r_growth: f64) -> Case {
	let r0 = cfg.r0_micro_ohm as f64 * 1e-6;
	let r1 = cfg.r1_micro_ohm as f64 * 1e-6;
	let tau = (cfg.tau1_ms as f64 * 1e-3).max(1e-3);
	let v_min = cfg.min_voltage_mv as f64 * 1e-3;
	let extra = cap_frac * r_growth - 1.0;
	let mut out =
		Case { anomaly_true: case.anomaly_true.as_ref().map(|_| Vec::new()), ..Default::default() };
	let mut v1 = 0.0;
	// rounding residue carried to the next sample, so the scaled readings keep their noise
	let mut carry = 0.0;
	let mut t_prev = case.t_s.first().copied().unwrap_or(0.0);
	for (k, s) in case.samples.iter().enumerate() {
		let i = s.current_ma as f64 * 1e-3;
		let a = (-(case.t_s[k] - t_prev).max(0.0) / tau).exp();
		v1 = a * v1 + r1 * (1.0 - a) * i;
		t_prev = case.t_s[k];
		let v = s.voltage_mv as f64 * 1e-3 - extra * (r0 * i + v1);
		if v < v_min && i > 0.0 {
			break;
		}
		let mut aged = *s;
		let scaled = s.current_ma as f64 * cap_frac + carry;
		aged.current_ma = scaled.round() as i32;
		carry = scaled - aged.current_ma as f64;
		aged.voltage_mv = (v * 1e3).round() as i32;
		out.samples.push(aged);
		out.t_s.push(case.t_s[k]);
		out.soc_true.push(case.soc_true[k]);
		out.soh_true.push(case.soh_true[k] * cap_frac);
		if let (Some(dst), Some(src)) = (out.anomaly_true.as_mut(), case.anomaly_true.as_ref()) {
			dst.push(src[k]);
		}
	}
	out
}
