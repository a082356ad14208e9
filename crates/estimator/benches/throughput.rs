//! Throughput of the estimator in samples per second on one core (`cargo bench -p battery-estimator`).
//! Runs the public case `chen2020_udds_25c` (the repository's `testdata/socsoh`, or `$SOCSOH_DIR`;
//! a missing case is an error naming its path). Prints `samples/s`.

use battery_estimator::replay::{load_case, public_cases_dir};
use battery_estimator::{
	new_state, process_batch, step, EstimatorConfig, EstimatorState, Model, Sample,
};
use codec::{Decode, Encode};
use std::hint::black_box;
use std::time::Instant;

fn load() -> (String, EstimatorConfig, Vec<Sample>) {
	let name = "chen2020_udds_25c";
	let (cfg, case) =
		load_case(&public_cases_dir(), name).unwrap_or_else(|e| panic!("public case {name}: {e}"));
	(name.into(), cfg, case.samples)
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
