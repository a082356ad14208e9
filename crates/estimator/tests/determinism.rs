//! Determinism: the estimator compiled for wasm — `wasm32v1-none` (the runtime's target) and
//! `wasm32-unknown-unknown`, built here from `examples/wasm_probe.rs` with
//! `--no-default-features`, i.e. the `no_std` library — and run in the `wasmi` interpreter must
//! produce the same bytes as the native build: every sample's SOC and flags, the last
//! `BatchResult` and the SCALE-encoded final state.
//!
//! Inputs: a synthetic profile and every public case of the repository's `testdata/socsoh` (or
//! `$SOCSOH_DIR`); a missing or unreadable case fails the test with its path.

#[path = "../examples/wasm_probe.rs"]
#[allow(dead_code)]
mod probe;

use battery_estimator::replay::{case_names, load_case, public_cases_dir};
use battery_estimator::{Chemistry, EstimatorConfig, Sample};
use codec::Encode;
use std::path::PathBuf;
use std::process::Command;
use wasmi::{Engine, Linker, Module, Store};

/// Wasm targets the probe is built for; a target that is not installed is reported and skipped,
/// but at least one must build.
const TARGETS: [&str; 2] = ["wasm32v1-none", "wasm32-unknown-unknown"];

fn build_wasm(target_triple: &str) -> Result<Vec<u8>, String> {
	// cargo's run-time value: the build may have been made from a clone at another path
	let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
		.map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
	// a separate target dir: the outer `cargo test` holds the lock on its own
	let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wasm-probe");
	let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
	let out = Command::new(cargo)
		.current_dir(&manifest)
		.args([
			"build",
			"--release",
			"--example",
			"wasm_probe",
			"--no-default-features",
			"--target",
			target_triple,
		])
		.arg("--manifest-path")
		.arg(manifest.join("Cargo.toml"))
		.env("CARGO_TARGET_DIR", &target)
		.env_remove("RUSTFLAGS")
		.env_remove("CARGO_ENCODED_RUSTFLAGS")
		.output()
		.map_err(|e| format!("run cargo: {e}"))?;
	if !out.status.success() {
		return Err(String::from_utf8_lossy(&out.stderr).into_owned());
	}
	let wasm = target.join(format!("{target_triple}/release/examples/wasm_probe.wasm"));
	std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))
}

struct Wasm {
	store: Store<()>,
	instance: wasmi::Instance,
}

impl Wasm {
	fn new(bytes: &[u8]) -> Wasm {
		let engine = Engine::default();
		let module = Module::new(&engine, bytes).expect("module");
		let mut store = Store::new(&engine, ());
		let linker = <Linker<()>>::new(&engine);
		let instance = linker
			.instantiate(&mut store, &module)
			.expect("instantiate")
			.start(&mut store)
			.expect("start");
		Wasm { store, instance }
	}

	fn run(&mut self, input: &[u8], cfg_len: usize, n: usize, batch: u32) -> Vec<u8> {
		let alloc = self
			.instance
			.get_typed_func::<u32, u32>(&self.store, "probe_alloc")
			.expect("probe_alloc");
		let run = self
			.instance
			.get_typed_func::<(u32, u32, u32, u32, u32), u32>(&self.store, "probe_run")
			.expect("probe_run");
		let mem = self.instance.get_memory(&self.store, "memory").expect("memory");
		let out_len = n as u32 * 8 + 4096;
		let p_in = alloc.call(&mut self.store, input.len() as u32).expect("alloc");
		let p_out = alloc.call(&mut self.store, out_len).expect("alloc");
		mem.write(&mut self.store, p_in as usize, input).expect("write input");
		let len = run
			.call(&mut self.store, (p_in, cfg_len as u32, n as u32, batch, p_out))
			.expect("probe_run trapped");
		let mut out = vec![0u8; len as usize];
		mem.read(&self.store, p_out as usize, &mut out).expect("read out");
		out
	}
}

/// The probe's input: SCALE config followed by 16-byte samples.
fn probe_input(cfg: &EstimatorConfig, samples: &[Sample]) -> Vec<u8> {
	let mut raw = cfg.encode();
	for s in samples {
		raw.extend_from_slice(&s.t_s.to_le_bytes());
		raw.extend_from_slice(&s.current_ma.to_le_bytes());
		raw.extend_from_slice(&s.voltage_mv.to_le_bytes());
		raw.extend_from_slice(&(s.temp_decic as i32).to_le_bytes());
	}
	raw
}

fn synthetic() -> (EstimatorConfig, Vec<Sample>) {
	let mut ocv_uv = [0u32; 41];
	for (i, v) in ocv_uv.iter_mut().enumerate() {
		let x = i as f64 / 40.0;
		*v = (3_000_000.0 + 1_200_000.0 * x - 150_000.0 * (std::f64::consts::TAU * x).sin())
			.max(2_900_000.0) as u32;
	}
	for i in 1..41 {
		ocv_uv[i] = ocv_uv[i].max(ocv_uv[i - 1]);
	}
	let cfg = EstimatorConfig {
		rated_capacity_uah: 3_000_000,
		nominal_voltage_mv: 3_650,
		min_voltage_mv: 2_800,
		max_voltage_mv: 4_200,
		ocv_uv,
		r0_micro_ohm: 30_000,
		r1_micro_ohm: 20_000,
		tau1_ms: 25_000,
		sample_period_ms: 1_000,
		chemistry: Chemistry::Nmc,
	};
	// pseudo-random drive with rests, a voltage spike, a stuck current and a temperature ramp
	let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
	let mut samples = Vec::new();
	for t in 0..12_000u32 {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		let phase = (t / 400) % 4;
		let mut i = match phase {
			0 => 0,
			1 => 2_000 + (x % 4_000) as i32,
			2 => -1_000 + (x % 1_500) as i32,
			_ => (x % 6_000) as i32,
		};
		if (5_000..5_060).contains(&t) {
			i = 2_345;
		}
		let mut v = 4_150 - (t / 12) as i32 - i * 30 / 1000 + (x % 5) as i32;
		if t == 7_000 {
			v -= 700;
		}
		let temp = 250 + if (9_000..9_300).contains(&t) { (t - 9_000) as i16 } else { 0 };
		samples.push(Sample { t_s: t, current_ma: i, voltage_mv: v, temp_decic: temp });
	}
	(cfg, samples)
}

fn public_cases() -> Vec<(String, EstimatorConfig, Vec<Sample>)> {
	let dir = public_cases_dir();
	let names = case_names(&dir).unwrap_or_else(|e| panic!("{e}"));
	names
		.into_iter()
		.map(|n| {
			let (cfg, case) =
				load_case(&dir, &n).unwrap_or_else(|e| panic!("public case {n}: {e}"));
			(n, cfg, case.samples)
		})
		.collect()
}

#[test]
fn native_and_wasm32_outputs_are_bit_identical() {
	let (cfg, samples) = synthetic();
	let mut cases = vec![("synthetic".to_string(), cfg, samples)];
	cases.extend(public_cases());
	let mut built = Vec::new();
	for triple in TARGETS {
		match build_wasm(triple) {
			Ok(bytes) => built.push((triple, bytes)),
			Err(e) => {
				eprintln!("wasm target {triple} not built (`rustup target add {triple}`?):\n{e}")
			},
		}
	}
	assert!(
		!built.is_empty(),
		"no wasm target could be built: install wasm32v1-none or wasm32-unknown-unknown"
	);
	// Every (target, case) pair is independent: spread them over the cores (the interpreter is
	// the slow part).
	let jobs: Vec<(usize, usize)> =
		(0..built.len()).flat_map(|t| (0..cases.len()).map(move |c| (t, c))).collect();
	let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
	std::thread::scope(|scope| {
		let workers: Vec<_> = (0..threads)
			.map(|worker| {
				let (jobs, built, cases) = (&jobs, &built, &cases);
				scope.spawn(move || {
					for &(t, c) in jobs.iter().skip(worker).step_by(threads) {
						compare(built[t].0, &built[t].1, &cases[c]);
					}
				})
			})
			.collect();
		for worker in workers {
			if let Err(panic) = worker.join() {
				std::panic::resume_unwind(panic);
			}
		}
	});
}

/// Runs one case natively and in the wasm `bytes` built for `triple`; asserts identical output.
fn compare(
	triple: &str,
	bytes: &[u8],
	(name, cfg, samples): &(String, EstimatorConfig, Vec<Sample>),
) {
	let input = probe_input(cfg, samples);
	let cfg_len = cfg.encoded_size();
	let native = probe::run(&input, cfg_len, samples.len(), 600);
	assert!(!native.is_empty(), "{name}: native run failed");
	// a fresh instance per case: the probe's bump allocator never frees
	let in_wasm = Wasm::new(bytes).run(&input, cfg_len, samples.len(), 600);
	assert_eq!(native.len(), in_wasm.len(), "{triple} {name}: output length differs");
	let first = native.iter().zip(&in_wasm).position(|(a, b)| a != b);
	assert!(first.is_none(), "{triple} {name}: native and wasm differ at byte {first:?}");
	println!(
		"{triple} {name}: {} samples, {} output bytes identical natively and in wasm",
		samples.len(),
		native.len()
	);
}
