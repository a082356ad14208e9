//! Throughput of the estimator in samples per second on one core (`cargo bench -p battery-estimator`).
//! Uses a public case if present (`$SOCSOH_DIR` or `../../../shared/socsoh/public`), otherwise a
//! synthetic drive profile. Prints `samples/s`.

use battery_estimator::replay::{config_from_json, read_case};
use battery_estimator::{new_state, process_batch, step, EstimatorConfig, EstimatorState, Model, Sample};
use codec::{Decode, Encode};
use std::hint::black_box;
use std::time::Instant;

fn synthetic() -> (EstimatorConfig, Vec<Sample>) {
	let mut ocv_uv = [0u32; 41];
	for (i, v) in ocv_uv.iter_mut().enumerate() {
		*v = 3_000_000 + 30_000 * i as u32;
	}
	let cfg = EstimatorConfig {
		rated_capacity_uah: 5_000_000,
		nominal_voltage_mv: 3_600,
		min_voltage_mv: 2_500,
		max_voltage_mv: 4_200,
		ocv_uv,
		r0_micro_ohm: 20_000,
		r1_micro_ohm: 15_000,
		tau1_ms: 30_000,
		sample_period_ms: 1_000,
		chemistry: battery_estimator::Chemistry::Nmc,
	};
	let samples = (0..20_000u32)
		.map(|t| {
			let i = ((t * 7919) % 5000) as i32 - 1000;
			Sample { t_s: t, current_ma: i, voltage_mv: 4_100 - (t / 20) as i32 - i / 50, temp_decic: 250 }
		})
		.collect();
	(cfg, samples)
}

fn load() -> (String, EstimatorConfig, Vec<Sample>) {
	let dir = battery_estimator::replay::public_cases_dir();
	let name = "chen2020_udds_25c";
	let spec = dir.join(format!("{name}.json"));
	if let (Ok(text), Some(csv)) = (std::fs::read_to_string(&spec), dir.join(format!("{name}.csv.gz")).to_str()) {
		if let (Ok(cfg), Ok(case)) = (config_from_json(&text), read_case(csv)) {
			return (name.into(), cfg, case.samples);
		}
	}
	let (cfg, s) = synthetic();
	("synthetic".into(), cfg, s)
}

fn main() {
	let (name, cfg, samples) = load();
	let m = Model::new(&cfg).expect("config");
	let mut best = f64::MAX;
	let mut total = 0usize;
	for _ in 0..15 {
		let mut st = new_state();
		let t0 = Instant::now();
		let mut acc = 0u64;
		for s in &samples {
			acc = acc.wrapping_add(step(&m, &mut st, black_box(s)).soc_ppm as u64);
		}
		black_box(acc);
		let el = t0.elapsed().as_secs_f64();
		best = best.min(el);
		total += samples.len();
	}
	let rate = samples.len() as f64 / best;
	// the off-chain worker's path: decode state, process_batch(600), encode state
	let mut best_b = f64::MAX;
	for _ in 0..15 {
		let mut enc = new_state().encode();
		let t0 = Instant::now();
		for chunk in samples.chunks(600) {
			let mut st = EstimatorState::decode(&mut &enc[..]).expect("decode");
			black_box(process_batch(&cfg, &mut st, black_box(chunk)).expect("batch"));
			enc = st.encode();
		}
		best_b = best_b.min(t0.elapsed().as_secs_f64());
	}
	println!(
		"batch path (decode state, process_batch of 600, encode state): {:.2} M samples/s on one core",
		samples.len() as f64 / best_b / 1e6
	);
	println!("estimator throughput ({name}, {} samples x 15 runs, {total} total): {:.2} M samples/s on one core (best run {:.2} ms, {:.0} ns/sample)", samples.len(), rate / 1e6, best * 1e3, 1e9 / rate);
}
