//! Deterministic "randomness" for sealing in tests and benchmarks: the same seed gives the same
//! bytes, so a sealed record is reproducible, and two seeds give two different records.

/// A byte stream from `seed` (a multiplicative congruential sequence), in the form the sealing
/// functions of `battery-seal` take their randomness: a closure that fills a buffer.
pub fn byte_stream(seed: u8) -> impl FnMut(&mut [u8]) {
	let mut next = seed;
	move |buffer: &mut [u8]| {
		for byte in buffer.iter_mut() {
			next = next.wrapping_mul(31).wrapping_add(7);
			*byte = next;
		}
	}
}
