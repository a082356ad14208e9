//! Developer diagnostics: `cargo run --release --example diagnose [CASE...]` replays public
//! cases (`testdata/socsoh`, or `$SOCSOH_DIR`) and prints the flagged runs (with flag bits), the
//! SOC error along the way and each tenth of the run's share of the mean square error.
//!
//! Variants: `AGED=0.9,1.5` (the synthetic aged cell: capacity fraction, resistance growth),
//! `START_FRAC=0.6` (the estimator first sees the case 60 % in), `CAP_SCALE` / `R_SCALE`
//! (mis-rated sidecar). Traces: `TRACE=CASE` (the filter every `TRACE_EVERY` samples up to
//! `TRACE_UNTIL` s), `DEBUG_CAP=CASE` (capacity anchors), `DEBUG_REST=CASE` (rest OCV vs truth),
//! `DEBUG_BATCH=CASE` (batch results).

use battery_estimator::replay::{case_names, load_case, replay, Case};
use battery_estimator::score::score;
use battery_estimator::EstimatorConfig;

/// One case of `dir`; panics with the file's path when it is missing.
fn load(dir: &std::path::Path, name: &str) -> (EstimatorConfig, Case) {
	load_case(dir, name).unwrap_or_else(|e| panic!("public case {name}: {e}"))
}

fn main() {
	let dir = battery_estimator::replay::public_cases_dir();
	let mut names: Vec<String> = std::env::args().skip(1).collect();
	if names.is_empty() {
		names = case_names(&dir).unwrap_or_else(|e| panic!("{e}"));
	}
	if let Ok(n) = std::env::var("DEBUG_BATCH") {
		debug_batch(&dir, &n);
		return;
	}
	if let Ok(n) = std::env::var("DEBUG_REST") {
		debug_rest(&dir, &n);
		return;
	}
	if let Ok(n) = std::env::var("TRACE") {
		trace(&dir, &n);
		return;
	}
	if let Ok(n) = std::env::var("DEBUG_CAP") {
		debug_cap(&dir, &n);
		return;
	}
	let cap_scale: f64 =
		std::env::var("CAP_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
	for name in names {
		let (mut cfg, mut case) = load(&dir, &name);
		if let Some(f) = std::env::var("START_FRAC").ok().and_then(|v| v.parse::<f64>().ok()) {
			// START_FRAC=0.6: the estimator first sees the case 60 % of the way in
			let k = (case.samples.len() as f64 * f) as usize;
			case.samples.drain(..k);
			case.t_s.drain(..k);
			case.soc_true.drain(..k);
			case.soh_true.drain(..k);
		}
		if let Ok(a) = std::env::var("AGED") {
			// AGED=cap_frac,r_growth: the synthetic aged variant of the case
			let v: Vec<f64> = a.split(',').filter_map(|x| x.parse().ok()).collect();
			case = battery_estimator::synthetic::aged_variant(&cfg, &case, v[0], v[1]);
		}
		cfg.rated_capacity_uah = (cfg.rated_capacity_uah as f64 * cap_scale) as u64;
		let r_scale: f64 =
			std::env::var("R_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
		cfg.r0_micro_ohm = (cfg.r0_micro_ohm as f64 * r_scale) as u32;
		cfg.r1_micro_ohm = (cfg.r1_micro_ohm as f64 * r_scale) as u32;
		let rows = replay(&cfg, &case.samples, 600).expect("replay");
		let s = score(&case, &rows, 300.0, 30.0);
		println!(
			"== {name}: rmse {:.2} max {:.2} final {:.2} soh_final {:?} soh_mae {:?} ev {:?} fa {}",
			s.soc_rmse_pct,
			s.soc_max_abs_err_pct,
			s.soc_final_abs_err_pct,
			s.soh_final_abs_err_pct,
			s.soh_mae_pct,
			s.anomaly_event_recall,
			s.anomaly_false_alarm_events
		);
		// flagged runs
		let mut i = 0;
		let mut shown = 0;
		while i < rows.len() && shown < 40 {
			if rows[i].flags != 0 {
				let mut j = i;
				let mut f = 0;
				while j < rows.len() && rows[j].flags != 0 {
					f |= rows[j].flags;
					j += 1;
				}
				let truth = case
					.anomaly_true
					.as_ref()
					.map(|a| a[i..j].iter().any(|&x| x != 0))
					.unwrap_or(false);
				println!(
					"  flag t={}..{} n={} bits={:#x} true={} I={} V={}",
					rows[i].t_s,
					rows[j - 1].t_s,
					j - i,
					f,
					truth,
					case.samples[i].current_ma,
					case.samples[i].voltage_mv
				);
				shown += 1;
				i = j;
			} else {
				i += 1;
			}
		}
		// SOC error trace
		let step = (rows.len() / 25).max(1);
		let mut line = String::new();
		for k in (0..rows.len()).step_by(step) {
			line += &format!(
				"{}:{:+.1} ",
				rows[k].t_s,
				100.0 * (rows[k].soc_ppm as f64 / 1e6 - case.soc_true[k])
			);
		}
		println!("  err {line}");
		// contribution of each tenth of the run (after 300 s) to the mean square error
		let t0 = case.t_s[0] + 300.0;
		let idx: Vec<usize> = (0..rows.len()).filter(|&k| case.t_s[k] >= t0).collect();
		let n = idx.len().max(1);
		let mut parts = String::new();
		for c in idx.chunks((n / 10).max(1)) {
			let se: f64 = c
				.iter()
				.map(|&k| (100.0 * (rows[k].soc_ppm as f64 / 1e6 - case.soc_true[k])).powi(2))
				.sum();
			parts += &format!("{}:{:.2} ", rows[c[0]].t_s, se / n as f64);
		}
		println!("  mse by tenth {parts}");
		let sohs: Vec<String> = rows
			.iter()
			.enumerate()
			.filter_map(|(k, r)| r.soh_ppm.map(|p| (k, p)))
			.step_by(8)
			.map(|(k, p)| format!("{:.3}/{:.3}", p as f64 / 1e6, case.soh_true[k]))
			.collect();
		println!("  soh {}", sohs.join(" "));
	}
}

/// Print the capacity tracker at every capacity update of one case (`DEBUG_CAP=name`).
#[allow(dead_code)]
pub fn debug_cap(dir: &std::path::Path, name: &str) {
	use battery_estimator::{new_state, step, Model};
	let (cfg, case) = load(dir, name);
	let m = Model::new(&cfg).expect("model");
	let mut st = new_state();
	for (k, s) in case.samples.iter().enumerate() {
		let before = st.cap;
		let o = step(&m, &mut st, s);
		if st.cap.last != before.last || o.soh_updated {
			println!(
				"t={} anchor soc={:.2} sigma={:.2} full={} net_as_before={:.0} cap={:.1}Ah upd={} soc_true={:.4} soh_true={:.4} est_soc={:.2}",
				s.t_s,
				st.cap.last.soc.0 as f64 / 2f64.powi(40),
				st.cap.last.sigma.0 as f64 / 2f64.powi(40),
				st.cap.last.full,
				before.net_as.0 as f64 / 2f64.powi(40),
				st.cap.cap_as.0 as f64 / 2f64.powi(40) / 3600.0,
				o.soh_updated,
				case.soc_true[k],
				case.soh_true[k],
				st.filter.soc.0 as f64 / 2f64.powi(40)
			);
		}
	}
}

/// Print OCV-inferred SOC at the end of rests of at least 15 s vs the truth (`DEBUG_REST=name`).
#[allow(dead_code)]
pub fn debug_rest(dir: &std::path::Path, name: &str) {
	use battery_estimator::{new_state, step, Model};
	let (cfg, case) = load(dir, name);
	let m = Model::new(&cfg).expect("model");
	let mut st = new_state();
	let f = |x: battery_estimator::fixed::Fx| x.0 as f64 / 2f64.powi(40);
	let mut rest = 0u32;
	let one_c = f(m.one_c_a);
	for (k, s) in case.samples.iter().enumerate() {
		step(&m, &mut st, s);
		let i = s.current_ma as f64 / 1000.0;
		if i.abs() < one_c / 50.0 {
			rest += 1;
		} else {
			rest = 0;
		}
		let next_active = case
			.samples
			.get(k + 1)
			.map(|n| (n.current_ma as f64 / 1000.0).abs() >= one_c / 50.0)
			.unwrap_or(true);
		if rest >= 15 && next_active {
			let v = s.voltage_mv as f64 + f(st.filter.v1);
			let socv = f(m.ocv.invert(battery_estimator::fixed::Fx((v * 2f64.powi(40)) as i64)));
			let (_, h) = m.ocv.eval(battery_estimator::fixed::Fx((socv * 2f64.powi(40)) as i64));
			println!(
				"t={} rest={} soc_v={:.2} true={:.2} err={:+.2} h={:.1} v1={:.1} ekf={:.2}",
				s.t_s,
				rest,
				socv,
				100.0 * case.soc_true[k],
				socv - 100.0 * case.soc_true[k],
				f(h),
				f(st.filter.v1),
				f(st.filter.soc)
			);
		}
	}
}

/// Print the batch results every 5000 samples (`DEBUG_BATCH=name`).
#[allow(dead_code)]
pub fn debug_batch(dir: &std::path::Path, name: &str) {
	use battery_estimator::{new_state, process_batch};
	let (cfg, case) = load(dir, name);
	let mut st = new_state();
	for (k, chunk) in case.samples.chunks(600).enumerate() {
		let r = process_batch(&cfg, &mut st, chunk).expect("batch");
		if k % 8 == 7 {
			println!("{r:?}");
		}
	}
}

/// Print the filter every `TRACE_EVERY` samples up to `TRACE_UNTIL` s (`TRACE=name`, honours
/// `AGED`).
#[allow(dead_code)]
pub fn trace(dir: &std::path::Path, name: &str) {
	use battery_estimator::{new_state, step, Model};
	let (cfg, mut case) = load(dir, name);
	if let Ok(a) = std::env::var("AGED") {
		let v: Vec<f64> = a.split(',').filter_map(|x| x.parse().ok()).collect();
		case = battery_estimator::synthetic::aged_variant(&cfg, &case, v[0], v[1]);
	}
	let every: usize = std::env::var("TRACE_EVERY").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
	let until: u32 =
		std::env::var("TRACE_UNTIL").ok().and_then(|v| v.parse().ok()).unwrap_or(u32::MAX);
	let m = Model::new(&cfg).expect("model");
	let mut st = new_state();
	let f = |x: battery_estimator::fixed::Fx| x.0 as f64 / 2f64.powi(40);
	for (k, s) in case.samples.iter().enumerate() {
		let o = step(&m, &mut st, s);
		if s.t_s > until {
			break;
		}
		if k % every == 0 || o.flags != 0 {
			println!(
				"t={} I={:.2} V={} T={:.1} soc={:.2} true={:.2} sig={:.2} r0={:.2} r0_25={:.2} v1={:.1} cap={:.3} flags={:#x}",
				s.t_s,
				s.current_ma as f64 / 1e3,
				s.voltage_mv,
				s.temp_decic as f64 / 10.0,
				f(st.filter.soc),
				100.0 * case.soc_true[k],
				f(st.filter.sigma_soc()),
				f(st.r0.r0(m.r0, m.one_c_a)),
				f(st.r0.r0_25),
				f(st.filter.v1),
				f(st.cap.cap_as) / f(m.cap_rated_as),
				o.flags
			);
		}
	}
}
