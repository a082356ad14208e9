//! The metrics of `testdata/socsoh/score.py`, reimplemented (feature `cli`) so tests can check
//! the targets without Python. Same definitions: zero-order hold of the estimate onto the case
//! rows, a convergence window excluded from the SOC metrics, SOH compared at every reported
//! row, anomaly events as runs of `anomaly_true` with a tolerance after their end.

use crate::replay::{Case, Row};
use std::vec::Vec;

/// Metrics of one case (percentage points where the name says `pct`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
	/// SOC RMSE after the convergence window, %.
	pub soc_rmse_pct: f64,
	/// SOC mean absolute error, %.
	pub soc_mae_pct: f64,
	/// SOC maximum absolute error, %.
	pub soc_max_abs_err_pct: f64,
	/// SOC absolute error at the last row, %.
	pub soc_final_abs_err_pct: f64,
	/// SOH absolute error at the last reported SOH, % (None if none reported).
	pub soh_final_abs_err_pct: Option<f64>,
	/// SOH mean absolute error over reported rows, %.
	pub soh_mae_pct: Option<f64>,
	/// Sample-level anomaly precision.
	pub anomaly_precision: Option<f64>,
	/// Sample-level anomaly recall.
	pub anomaly_recall: Option<f64>,
	/// Fraction of true events hit.
	pub anomaly_event_recall: Option<f64>,
	/// Number of true events.
	pub anomaly_events: usize,
	/// Flagged runs touching no true event.
	pub anomaly_false_alarm_events: usize,
}

fn runs(flags: &[u8]) -> Vec<(usize, usize)> {
	let mut out = Vec::new();
	let mut start = None;
	for (i, &x) in flags.iter().enumerate() {
		match (x != 0, start) {
			(true, None) => start = Some(i),
			(false, Some(s)) => {
				out.push((s, i - 1));
				start = None;
			},
			_ => {},
		}
	}
	if let Some(s) = start {
		out.push((s, flags.len() - 1));
	}
	out
}

/// Score `rows` against `case` with convergence window `conv_s` and event tolerance `tol_s`
/// (score.py defaults: 300 s and 30 s).
pub fn score(case: &Case, rows: &[Row], conv_s: f64, tol_s: f64) -> Scores {
	let t = &case.t_s;
	let n = t.len();
	let mut s = Scores::default();
	if n == 0 || case.soc_true.len() != n || case.soh_true.len() != n {
		return s; // no truth to score against
	}
	let mut order: Vec<usize> = (0..rows.len()).collect();
	order.sort_by(|&a, &b| rows[a].t_s.cmp(&rows[b].t_s));
	// zero-order hold onto case rows
	let mut soc_h: Vec<Option<f64>> = vec![None; n];
	let mut an_h = vec![0u8; n];
	let mut j: isize = -1;
	let (mut last_soc, mut last_an) = (None, 0u8);
	for i in 0..n {
		while ((j + 1) as usize) < order.len()
			&& rows[order[(j + 1) as usize]].t_s as f64 <= t[i] + 1e-6
		{
			j += 1;
			let r = &rows[order[j as usize]];
			last_soc = Some(r.soc_ppm as f64 / 1e6);
			last_an = u8::from(r.flags & crate::flags::ANY != 0);
		}
		soc_h[i] = last_soc;
		an_h[i] = if j >= 0 { last_an } else { 0 };
	}
	let t_start = t.first().copied().unwrap_or(0.0) + conv_s;
	let errs: Vec<f64> = (0..n)
		.filter(|&i| t[i] >= t_start)
		.filter_map(|i| soc_h[i].map(|e| 100.0 * (e - case.soc_true[i])))
		.collect();
	if !errs.is_empty() {
		let k = errs.len() as f64;
		s.soc_rmse_pct = (errs.iter().map(|e| e * e).sum::<f64>() / k).sqrt();
		s.soc_mae_pct = errs.iter().map(|e| e.abs()).sum::<f64>() / k;
		s.soc_max_abs_err_pct = errs.iter().fold(0.0, |m, e| m.max(e.abs()));
		s.soc_final_abs_err_pct = errs.last().map(|e| e.abs()).unwrap_or(0.0);
	}
	// SOH at each reported row, against the case row at or before it
	let mut pts = Vec::new();
	let mut k = 0usize;
	for &oi in &order {
		let r = &rows[oi];
		let (Some(p), te) = (r.soh_ppm, r.t_s as f64) else { continue };
		if te < t_start {
			continue;
		}
		while k + 1 < n && t[k + 1] <= te + 1e-6 {
			k += 1;
		}
		pts.push(100.0 * (p as f64 / 1e6 - case.soh_true[k]).abs());
	}
	if !pts.is_empty() {
		s.soh_final_abs_err_pct = pts.last().copied();
		s.soh_mae_pct = Some(pts.iter().sum::<f64>() / pts.len() as f64);
	}
	// anomalies
	let at: Vec<u8> = match &case.anomaly_true {
		Some(a) if a.len() == n => a.clone(),
		_ => vec![0; n],
	};
	let tp = (0..n).filter(|&i| at[i] != 0 && an_h[i] != 0).count();
	let fp = (0..n).filter(|&i| at[i] == 0 && an_h[i] != 0).count();
	let fnn = (0..n).filter(|&i| at[i] != 0 && an_h[i] == 0).count();
	let n_true = at.iter().filter(|&&x| x != 0).count();
	s.anomaly_precision = Some(if tp + fp > 0 {
		tp as f64 / (tp + fp) as f64
	} else if n_true == 0 {
		1.0
	} else {
		0.0
	});
	s.anomaly_recall = if tp + fnn > 0 { Some(tp as f64 / (tp + fnn) as f64) } else { None };
	let tr = runs(&at);
	let fr = runs(&an_h);
	let mut hit = 0;
	for &(a, b) in &tr {
		let hi = t[b] + tol_s;
		let mut i = a;
		while i < n && t[i] <= hi {
			if an_h[i] != 0 {
				hit += 1;
				break;
			}
			i += 1;
		}
	}
	s.anomaly_events = tr.len();
	s.anomaly_event_recall = if tr.is_empty() { None } else { Some(hit as f64 / tr.len() as f64) };
	s.anomaly_false_alarm_events = fr
		.iter()
		.filter(|&&(a, b)| {
			let (lo, hi) = (t[a] - tol_s, t[b] + tol_s);
			!tr.iter().any(|&(ta, tb)| t[tb] >= lo && t[ta] <= hi)
		})
		.count();
	s
}
