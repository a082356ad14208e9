//! Built for wasm (`wasm32v1-none`, the runtime's target, and `wasm32-unknown-unknown`) by the
//! determinism test (`tests/determinism.rs`) and run in a wasm interpreter; the test also
//! includes this file natively and runs the same [`run`].
//!
//! On wasm it is `no_std` (the library built with `--no-default-features`, as in the runtime)
//! with a bump allocator. Exports:
//! * `probe_alloc(len) -> ptr` — memory for the host to fill or read;
//! * `probe_run(in_ptr, cfg_len, n, batch, out_ptr) -> len` — the input holds a SCALE
//!   `EstimatorConfig` followed by `n` samples of 16 bytes (little endian `t_s u32, current_ma
//!   i32, voltage_mv i32, temp_decic i32`); the output receives what [`run`] returns.
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

use alloc::vec::Vec;
use battery_estimator::{
	new_state, process_batch, step, EstimatorConfig, EstimatorState, Model, Sample,
};
use codec::{Decode, Encode};

/// Per sample `soc_ppm u32, flags u32` (little endian), then the SCALE-encoded `BatchResult` of
/// the last batch and the final state. Each batch goes through a SCALE round trip of the state,
/// and `process_batch` on a copy must agree with the per-sample path (else the output is empty).
pub fn run(input: &[u8], cfg_len: usize, n: usize, batch: usize) -> Vec<u8> {
	let Some(mut cfg_bytes) = input.get(..cfg_len) else { return Vec::new() };
	let Ok(cfg) = EstimatorConfig::decode(&mut cfg_bytes) else { return Vec::new() };
	let Some(raw) = input.get(cfg_len..cfg_len + 16 * n) else { return Vec::new() };
	let word = |k: usize| u32::from_le_bytes([raw[k], raw[k + 1], raw[k + 2], raw[k + 3]]);
	let samples: Vec<Sample> = (0..n)
		.map(|i| Sample {
			t_s: word(16 * i),
			current_ma: word(16 * i + 4) as i32,
			voltage_mv: word(16 * i + 8) as i32,
			temp_decic: word(16 * i + 12) as i32 as i16,
		})
		.collect();
	let Ok(m) = Model::new(&cfg) else { return Vec::new() };
	let mut out = Vec::with_capacity(n * 8 + 1024);
	let mut enc = new_state().encode();
	let mut last = Vec::new();
	for chunk in samples.chunks(batch.max(1)) {
		let Ok(mut st) = EstimatorState::decode(&mut &enc[..]) else { return Vec::new() };
		let mut copy = st;
		for s in chunk {
			let o = step(&m, &mut st, s);
			out.extend_from_slice(&o.soc_ppm.to_le_bytes());
			out.extend_from_slice(&o.flags.to_le_bytes());
		}
		match process_batch(&cfg, &mut copy, chunk) {
			Ok(r) if copy == st => last = r.encode(),
			_ => return Vec::new(),
		}
		enc = st.encode();
	}
	out.extend_from_slice(&last);
	out.extend_from_slice(&enc);
	out
}

/// Allocate `len` bytes inside the wasm memory for the host.
#[no_mangle]
pub extern "C" fn probe_alloc(len: u32) -> *mut u8 {
	let mut v = Vec::<u8>::with_capacity(len as usize);
	let p = v.as_mut_ptr();
	core::mem::forget(v);
	p
}

/// Run [`run`] on `in_ptr[..cfg_len + 16 n]`, copy the result to `out_ptr`, return its length.
///
/// # Safety
/// The pointers must come from `probe_alloc` with enough room (`out`: `8 n + 4096` bytes).
#[no_mangle]
pub unsafe extern "C" fn probe_run(
	in_ptr: *const u8,
	cfg_len: u32,
	n: u32,
	batch: u32,
	out_ptr: *mut u8,
) -> u32 {
	let input = core::slice::from_raw_parts(in_ptr, cfg_len as usize + 16 * n as usize);
	let out = run(input, cfg_len as usize, n as usize, batch as usize);
	core::ptr::copy_nonoverlapping(out.as_ptr(), out_ptr, out.len());
	out.len() as u32
}

#[cfg(target_arch = "wasm32")]
mod wasm_rt {
	//! A bump allocator over `memory.grow` (the probe frees nothing) and a panic handler.
	use core::alloc::{GlobalAlloc, Layout};
	use core::arch::wasm32::{memory_grow, memory_size};

	struct Bump;
	static mut NEXT: usize = 0;

	unsafe impl GlobalAlloc for Bump {
		unsafe fn alloc(&self, l: Layout) -> *mut u8 {
			let next = core::ptr::addr_of_mut!(NEXT);
			if *next == 0 {
				*next = memory_size(0) * 65536;
			}
			let start = (*next + l.align() - 1) & !(l.align() - 1);
			let end = start + l.size();
			let have = memory_size(0) * 65536;
			if end > have && memory_grow(0, (end - have).div_ceil(65536)) == usize::MAX {
				return core::ptr::null_mut();
			}
			*next = end;
			start as *mut u8
		}
		unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
	}

	#[global_allocator]
	static ALLOC: Bump = Bump;

	#[panic_handler]
	fn panic(_: &core::panic::PanicInfo) -> ! {
		core::arch::wasm32::unreachable()
	}
}
