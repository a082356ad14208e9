//! Scores the public PyBaMM cases (the repository's `testdata/socsoh`, or `$SOCSOH_DIR`) against
//! the targets, with the Rust port of score.py's metrics. A missing case fails the test
//! with its path. Run with `--nocapture` to see the table.

use battery_estimator::replay::{case_names, load_case, public_cases_dir, replay, Case};
use battery_estimator::score::{score, Scores};
use battery_estimator::EstimatorConfig;
use std::path::{Path, PathBuf};

/// The `ekf` reference's SOC RMSE (%) on the public cases (the benchmark's reference table).
const EKF_REFERENCE: &[(&str, f64)] = &[
	("chen2020_udds_25c", 0.84),
	("chen2020_udds_25c_anomaly", 0.82),
	("chen2020_us06_25c", 1.30),
	("chen2020_us06_5c", 0.92),
	("marquis2019_us06_25c", 0.43),
	("okane2022_aging_25c", 1.29),
	("prada2013_udds_25c", 2.22),
];

/// The cases directory; panics with its path when it holds no case (never a silent skip).
fn cases_dir() -> PathBuf {
	let dir = public_cases_dir();
	if let Err(e) = case_names(&dir) {
		panic!("{e}");
	}
	dir
}

fn load(dir: &Path, name: &str) -> (EstimatorConfig, Case) {
	load_case(dir, name).unwrap_or_else(|e| panic!("public case {name}: {e}"))
}

fn run(cfg: &EstimatorConfig, case: &Case) -> Scores {
	let rows = replay(cfg, &case.samples, 600).expect("replay");
	score(case, &rows, 300.0, 30.0)
}

fn fmt(o: Option<f64>) -> String {
	o.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into())
}

#[test]
fn public_cases_meet_targets() {
	let dir = cases_dir();
	let mut failures = Vec::new();
	let (mut sum, mut sum_ref) = (0.0, 0.0);
	println!("| case | SOC RMSE % | SOC max % | SOC final % | SOH final % | SOH MAE % | anomaly P / R | events hit | false alarms |");
	println!("|---|---|---|---|---|---|---|---|---|");
	for &(name, reference) in EKF_REFERENCE {
		let (cfg, case) = load(&dir, name);
		let s = run(&cfg, &case);
		println!(
			"| {name} | {:.2} | {:.2} | {:.2} | {} | {} | {} / {} | {} | {} |",
			s.soc_rmse_pct,
			s.soc_max_abs_err_pct,
			s.soc_final_abs_err_pct,
			fmt(s.soh_final_abs_err_pct),
			fmt(s.soh_mae_pct),
			fmt(s.anomaly_precision),
			fmt(s.anomaly_recall),
			s.anomaly_event_recall
				.map(|r| format!("{:.0} of {}", r * s.anomaly_events as f64, s.anomaly_events))
				.unwrap_or("-".into()),
			s.anomaly_false_alarm_events
		);
		sum += s.soc_rmse_pct;
		sum_ref += reference;
		if s.soc_rmse_pct > 2.0 {
			failures.push(format!("{name}: SOC RMSE {:.2} % > 2 %", s.soc_rmse_pct));
		}
		if s.anomaly_false_alarm_events > 1 {
			failures
				.push(format!("{name}: {} false-alarm events > 1", s.anomaly_false_alarm_events));
		}
		if let Some(r) = s.anomaly_event_recall {
			if r < 0.9 {
				failures.push(format!("{name}: anomaly event recall {r:.2} < 0.9"));
			}
		}
		if name.contains("aging") {
			match s.soh_final_abs_err_pct {
				Some(e) if e <= 2.0 => {},
				other => failures.push(format!("{name}: SOH final error {other:?} > 2 pp")),
			}
		}
	}
	let n = EKF_REFERENCE.len() as f64;
	println!("mean SOC RMSE {:.3} % (ekf reference {:.3} %)", sum / n, sum_ref / n);
	if sum >= sum_ref {
		failures.push(format!(
			"mean SOC RMSE {:.3} not below the ekf reference {:.3}",
			sum / n,
			sum_ref / n
		));
	}
	assert!(failures.is_empty(), "targets missed:\n{}", failures.join("\n"));
}

#[test]
fn encoded_sizes_are_bounded() {
	use battery_estimator::{BatchResult, EstimatorState};
	use codec::MaxEncodedLen;
	let state = EstimatorState::max_encoded_len();
	let cfg = EstimatorConfig::max_encoded_len();
	let res = BatchResult::max_encoded_len();
	println!("max encoded length: EstimatorState {state} B, EstimatorConfig {cfg} B, BatchResult {res} B");
	{
		use battery_estimator::anomaly::AnomalyState;
		use battery_estimator::filter::SocFilter;
		use battery_estimator::forecast::TrendFit;
		use battery_estimator::soh::{CapacityTracker, ResistanceTracker};
		println!(
			"state parts: filter {} r0 {} capacity {} trend {} anomaly {}",
			SocFilter::max_encoded_len(),
			ResistanceTracker::max_encoded_len(),
			CapacityTracker::max_encoded_len(),
			TrendFit::max_encoded_len(),
			AnomalyState::max_encoded_len()
		);
	}
	assert!(state <= 512, "state {state} B > 512 B");
	assert_eq!(state, 400, "update the documented state size (README, lib.rs, state.rs)");
	assert!(cfg <= 256, "config {cfg} B");
}

/// Replay from sample `start` on (the estimator never saw the earlier part) and optionally with
/// the SOC forced `offset_pct` away after the first sample; SOC RMSE (%) after 300 s.
fn rmse_from(cfg: &EstimatorConfig, case: &Case, start: usize, offset_pct: i64) -> f64 {
	use battery_estimator::fixed::Fx;
	use battery_estimator::{new_state, step, Model};
	let m = Model::new(cfg).expect("model");
	let mut st = new_state();
	let t0 = case.t_s[start];
	let (mut se, mut n) = (0.0, 0usize);
	for (k, s) in case.samples.iter().enumerate().skip(start) {
		let out = step(&m, &mut st, s);
		if k == start && offset_pct != 0 {
			st.filter = battery_estimator::filter::SocFilter::new(
				(st.filter.soc + Fx::from_int(offset_pct)).clamp(Fx::ZERO, Fx::from_int(100)),
				Fx::from_int(25),
			);
		}
		if case.t_s[k] >= t0 + 300.0 {
			let e = 100.0 * (out.soc_ppm as f64 / 1e6 - case.soc_true[k]);
			se += e * e;
			n += 1;
		}
	}
	(se / n.max(1) as f64).sqrt()
}

#[test]
fn converges_from_unknown_and_wrong_starts() {
	let dir = cases_dir();
	let mut failures = Vec::new();
	for &(name, _) in EKF_REFERENCE {
		let (cfg, case) = load(&dir, name);
		let n = case.samples.len();
		let flat = cfg.chemistry == battery_estimator::Chemistry::Lfp;
		let mut line = format!("{name}:");
		for (label, start, off) in [
			("start 25 %", n / 4, 0),
			("start 60 %", n * 3 / 5, 0),
			("SOC +30", 0, 30),
			("SOC -30", 0, -30),
		] {
			let r = rmse_from(&cfg, &case, start, off);
			line += &format!(" {label} {r:.2} %");
			// a flat (LFP) curve gives no SOC information mid-plateau: only the wrong-start runs
			// from the full state are required to converge there
			if r > 2.0 && !(flat && off == 0) {
				failures.push(format!("{name} {label}: SOC RMSE {r:.2} % > 2 %"));
			}
		}
		println!("{line}");
	}
	assert!(failures.is_empty(), "did not converge:\n{}", failures.join("\n"));
}

/// Faults injected into clean public cases (milder than the public anomaly case: ±0.35 V spikes,
/// 2.5C current spikes, a slower 0.06 °C/s temperature ramp): every event found, no false alarm.
#[test]
fn injected_faults_are_found() {
	let dir = cases_dir();
	let mut failures = Vec::new();
	for name in [
		"chen2020_us06_25c",
		"marquis2019_us06_25c",
		"prada2013_udds_25c",
		"chen2020_us06_5c",
		"okane2022_aging_25c",
	] {
		let (cfg, mut case) = load(&dir, name);
		let n = case.samples.len();
		let one_c_ma = (cfg.rated_capacity_uah / 1000) as i32;
		let mut truth = vec![0u8; n];
		let mark = |a: usize, b: usize, t: &mut Vec<u8>| (a..=b.min(n - 1)).for_each(|k| t[k] = 1);
		let at = |f: f64| ((n as f64) * f) as usize;
		// voltage spikes, alternating sign
		for (j, f) in [0.15, 0.35, 0.55, 0.75].iter().enumerate() {
			let k = at(*f);
			case.samples[k].voltage_mv += if j % 2 == 0 { 350 } else { -350 };
			mark(k, k, &mut truth);
		}
		// current spikes of 2.5C
		for (j, f) in [0.25, 0.65].iter().enumerate() {
			let k = at(*f);
			case.samples[k].current_ma += if j == 0 { 5 * one_c_ma / 2 } else { -5 * one_c_ma / 2 };
			mark(k, k, &mut truth);
		}
		// stuck current for 100 samples
		let k0 = at(0.45);
		let stuck = case.samples[k0].current_ma;
		for k in k0..k0 + 100 {
			case.samples[k].current_ma = stuck;
		}
		mark(k0, k0 + 99, &mut truth);
		// voltage dropout for 3 samples
		let k1 = at(0.85);
		for k in k1..k1 + 3 {
			case.samples[k].voltage_mv = 0;
		}
		mark(k1, k1 + 2, &mut truth);
		// temperature ramp 0.06 °C/s for 300 s
		let k2 = at(0.05);
		let t2 = case.samples[k2].t_s;
		let mut k = k2;
		while k < n && case.samples[k].t_s <= t2 + 300 {
			case.samples[k].temp_decic += ((case.samples[k].t_s - t2) as f64 * 0.6) as i16;
			truth[k] = 1;
			k += 1;
		}
		case.anomaly_true = Some(truth);
		let rows = replay(&cfg, &case.samples, 600).expect("replay");
		let s = score(&case, &rows, 300.0, 30.0);
		println!(
			"{name} + injected faults: events {} recall {:?} false alarms {} SOC RMSE {:.2}",
			s.anomaly_events, s.anomaly_event_recall, s.anomaly_false_alarm_events, s.soc_rmse_pct
		);
		if s.anomaly_event_recall.unwrap_or(0.0) < 0.9 {
			failures.push(format!("{name}: event recall {:?}", s.anomaly_event_recall));
		}
		if s.anomaly_false_alarm_events > 1 {
			failures.push(format!("{name}: {} false alarms", s.anomaly_false_alarm_events));
		}
		if s.soc_rmse_pct > 2.0 {
			failures.push(format!("{name}: SOC RMSE {:.2} with faults", s.soc_rmse_pct));
		}
	}
	assert!(failures.is_empty(), "{}", failures.join("\n"));
}
