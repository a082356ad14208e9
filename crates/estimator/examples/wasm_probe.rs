//! Built for `wasm32-unknown-unknown` by the determinism test (`tests/determinism.rs`) and run in
//! a wasm interpreter; natively it is an unused cdylib.
//!
//! Exports: `probe_alloc(len) -> ptr`, `probe_run(cfg_ptr, cfg_len, samples_ptr, n, batch, out_ptr)`
//! which decodes a SCALE `EstimatorConfig` and `n` samples (16 bytes each, little endian
//! `t_s u32, current_ma i32, voltage_mv i32, temp_decic i32`), runs them in batches through a
//! SCALE round trip of the state and writes, per sample, `soc_ppm u32, flags u32`, then the
//! SCALE-encoded final `BatchResult` and state (returns the total bytes written).

use battery_estimator::{new_state, process_batch, step, EstimatorConfig, EstimatorState, Model, Sample};
use codec::{Decode, Encode};

/// Allocate `len` bytes inside the wasm memory for the host to fill.
#[no_mangle]
pub extern "C" fn probe_alloc(len: u32) -> *mut u8 {
	let mut v = Vec::<u8>::with_capacity(len as usize);
	let p = v.as_mut_ptr();
	std::mem::forget(v);
	p
}

/// Run the estimator over the samples (see the module docs). Returns bytes written to `out`.
///
/// # Safety
/// The pointers must come from `probe_alloc` with the given lengths; `out` must hold
/// `8 * n + 4096` bytes.
#[no_mangle]
pub unsafe extern "C" fn probe_run(cfg_ptr: *const u8, cfg_len: u32, samples_ptr: *const u8, n: u32, batch: u32, out: *mut u8) -> u32 {
	let cfg_bytes = std::slice::from_raw_parts(cfg_ptr, cfg_len as usize);
	let Ok(cfg) = EstimatorConfig::decode(&mut &cfg_bytes[..]) else { return 0 };
	let raw = std::slice::from_raw_parts(samples_ptr, 16 * n as usize);
	let word = |k: usize| u32::from_le_bytes([raw[k], raw[k + 1], raw[k + 2], raw[k + 3]]);
	let samples: Vec<Sample> = (0..n as usize)
		.map(|i| Sample {
			t_s: word(16 * i),
			current_ma: word(16 * i + 4) as i32,
			voltage_mv: word(16 * i + 8) as i32,
			temp_decic: word(16 * i + 12) as i32 as i16,
		})
		.collect();
	let out_bytes = run(&cfg, &samples, batch.max(1) as usize);
	std::ptr::copy_nonoverlapping(out_bytes.as_ptr(), out, out_bytes.len());
	out_bytes.len() as u32
}

/// The computation both sides run: per-sample outputs, then the last batch result and state.
pub fn run(cfg: &EstimatorConfig, samples: &[Sample], batch: usize) -> Vec<u8> {
	let Ok(m) = Model::new(cfg) else { return Vec::new() };
	let mut out = Vec::with_capacity(samples.len() * 8 + 1024);
	let mut enc = new_state().encode();
	let mut last = Vec::new();
	for chunk in samples.chunks(batch) {
		let Ok(mut st) = EstimatorState::decode(&mut &enc[..]) else { return Vec::new() };
		let mut copy = st;
		for s in chunk {
			let o = step(&m, &mut st, s);
			out.extend_from_slice(&o.soc_ppm.to_le_bytes());
			out.extend_from_slice(&o.flags.to_le_bytes());
		}
		// the batch API on a copy must agree with the per-sample path
		if let Ok(r) = process_batch(cfg, &mut copy, chunk) {
			if copy != st {
				return Vec::new();
			}
			last = r.encode();
		}
		enc = st.encode();
	}
	out.extend_from_slice(&last);
	out.extend_from_slice(&enc);
	out
}

#[allow(dead_code)]
fn main() {}
