//! The 128-bit kernels of [`crate::fixed::Fx`], twice: with `i128` ([`int128`]) and on 64-bit
//! words ([`words`]). Both give the same bits for every input (the tests compare them); each
//! target uses the faster one ([`active`]):
//!
//! * natively (x86-64, AArch64) `i128` compiles to the processor's 64 × 64 → 128 multiply and
//!   128 / 64 divide: 0.52 µs a sample on the public drive cycle, against 0.81 µs on words;
//! * on wasm32 (the off-chain worker) `i128` becomes calls of the compiler's generic 128-bit
//!   routines (`__multi3`, `__divti3`, `__ashlti3`, ...), about 60 % of the estimator's time;
//!   the word kernels need only the 64-bit operations wasm has: 1.06 µs a sample against 2.54 µs
//!   (V8, the same case).
//!
//! Every kernel rounds and saturates as [`crate::fixed`] documents: `mul` rounds half up (the
//! exact product + 2^39, shifted right), `div` and `scaled` round half away from zero.

use crate::{fixed::FRAC_BITS, wide};

/// The kernels of the compiled target.
#[cfg(target_arch = "wasm32")]
pub use words as active;

/// The kernels of the compiled target.
#[cfg(not(target_arch = "wasm32"))]
pub use int128 as active;

/// The kernels with `i128` intermediates.
pub mod int128 {
	use super::FRAC_BITS;

	/// `v` saturated to `i64`.
	#[inline]
	fn saturate(v: i128) -> i64 {
		v.clamp(i64::MIN as i128, i64::MAX as i128) as i64
	}

	/// `n / d` rounded to nearest, ties away from zero (`d != 0`).
	#[inline]
	fn div_round(n: i128, d: i128) -> i128 {
		let q = n / d;
		let r = n - q * d;
		if 2 * r.abs() >= d.abs() {
			if (n < 0) == (d < 0) {
				q + 1
			} else {
				q - 1
			}
		} else {
			q
		}
	}

	/// `round(a · b / 2^40)`, half up, saturated.
	#[inline]
	pub fn mul(a: i64, b: i64) -> i64 {
		saturate((a as i128 * b as i128 + (1i128 << (FRAC_BITS - 1))) >> FRAC_BITS)
	}

	/// `round(x · 2^40 / d)`, ties away from zero, saturated (`d != 0`, else 0).
	#[inline]
	pub fn div(x: i64, d: i64) -> i64 {
		if d == 0 {
			return 0;
		}
		saturate(div_round((x as i128) << FRAC_BITS, d as i128))
	}

	/// `round(a · k / 2^40)`, ties away from zero, saturated.
	#[inline]
	pub fn scaled(a: i64, k: i64) -> i64 {
		let p = a as i128 * k as i128;
		let half = 1i128 << (FRAC_BITS - 1);
		saturate(if p >= 0 { (p + half) >> FRAC_BITS } else { -((-p + half) >> FRAC_BITS) })
	}

	/// `floor(sqrt(a · 2^40))` (0 for `a <= 0`): Newton's iteration from a power of two above.
	pub fn sqrt(a: i64) -> i64 {
		if a <= 0 {
			return 0;
		}
		let n = (a as u128) << FRAC_BITS;
		let bits = 128 - n.leading_zeros();
		let mut x: u128 = 1u128 << bits.div_ceil(2);
		loop {
			let y = (x + n / x) >> 1;
			if y >= x {
				return x as i64;
			}
			x = y;
		}
	}
}

/// The kernels on 64-bit words ([`crate::wide`]).
pub mod words {
	use super::{wide, FRAC_BITS};

	/// `±magnitude` saturated to `i64` (`None`: beyond every `u64`).
	#[inline]
	fn signed(magnitude: Option<u64>, negative: bool) -> i64 {
		match (magnitude, negative) {
			(Some(m), false) if m <= i64::MAX as u64 => m as i64,
			(Some(m), true) if m <= 1 << 63 => (m as i64).wrapping_neg(),
			(_, false) => i64::MAX,
			(_, true) => i64::MIN,
		}
	}

	/// `round(a · b / 2^40)`, half up, saturated.
	#[inline]
	pub fn mul(a: i64, b: i64) -> i64 {
		let (high, low) = wide::mul_wide(a.unsigned_abs(), b.unsigned_abs());
		let (high, low) = if (a < 0) != (b < 0) { wide::neg_wide(high, low) } else { (high, low) };
		let (high, low) = wide::add_wide(high, low, 1 << (FRAC_BITS - 1));
		// the arithmetic shift fits in an i64 when bits 127..103 are all equal
		match (high as i64) >> (FRAC_BITS - 1) {
			0 | -1 => ((high << (64 - FRAC_BITS)) | (low >> FRAC_BITS)) as i64,
			top if top > 0 => i64::MAX,
			_ => i64::MIN,
		}
	}

	/// `round(x · 2^40 / d)`, ties away from zero, saturated (`d != 0`, else 0).
	#[inline]
	pub fn div(x: i64, d: i64) -> i64 {
		let (ux, ud) = (x.unsigned_abs(), d.unsigned_abs());
		if ud == 0 {
			return 0;
		}
		let magnitude = wide::div_wide(ux >> (64 - FRAC_BITS), ux << FRAC_BITS, ud)
			// ties away from zero: 2r >= |d|, written without overflow
			.and_then(|(q, r)| if r >= ud - r { q.checked_add(1) } else { Some(q) });
		signed(magnitude, (x < 0) != (d < 0))
	}

	/// `round(a · k / 2^40)`, ties away from zero, saturated.
	#[inline]
	pub fn scaled(a: i64, k: i64) -> i64 {
		let (high, low) = wide::mul_wide(a.unsigned_abs(), k.unsigned_abs());
		let (high, low) = wide::add_wide(high, low, 1 << (FRAC_BITS - 1));
		let magnitude =
			(high >> FRAC_BITS == 0).then_some((high << (64 - FRAC_BITS)) | (low >> FRAC_BITS));
		signed(magnitude, (a < 0) != (k < 0))
	}

	/// `floor(sqrt(a · 2^40))` (0 for `a <= 0`).
	#[inline]
	pub fn sqrt(a: i64) -> i64 {
		if a <= 0 {
			return 0;
		}
		// a · 2^40 < 2^103, its root < 2^52
		let a = a as u64;
		wide::isqrt_wide(a >> (64 - FRAC_BITS), a << FRAC_BITS) as i64
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Operands: edges of the range, of the rounding and of the saturation, then pseudo-random
	/// values of every magnitude (xorshift64*, fixed seed).
	fn operands(count: usize) -> Vec<i64> {
		let mut v = vec![0, 1, -1, 2, -2, 3, -3, i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1];
		for shift in [20, 23, 24, 39, 40, 41, 62] {
			let p = 1i64 << shift;
			v.extend([p, p - 1, p + 1, -p, 1 - p, -p - 1]);
		}
		// signed values of every magnitude: the random words' sign comes from their top bit
		v.extend(
			wide::random(0x9e37_79b9_7f4a_7c15)
				.zip(wide::random(0x0123_4567_89ab_cdef))
				.map(|(r, sign)| if sign & 1 == 0 { r as i64 } else { (r as i64).wrapping_neg() })
				.take(count.saturating_sub(v.len())),
		);
		v
	}

	#[test]
	fn words_equal_int128_on_every_operand_pair() {
		let xs = operands(700);
		let mut pairs = 0;
		for &a in &xs {
			for &b in &xs {
				assert_eq!(words::mul(a, b), int128::mul(a, b), "mul {a} {b}");
				assert_eq!(words::div(a, b), int128::div(a, b), "div {a} {b}");
				assert_eq!(words::scaled(a, b), int128::scaled(a, b), "scaled {a} {b}");
				pairs += 1;
			}
			assert_eq!(words::sqrt(a), int128::sqrt(a), "sqrt {a}");
		}
		assert_eq!(pairs, 490_000);
	}

	#[test]
	fn rounding_at_the_ties() {
		let half = 1i64 << (FRAC_BITS - 1);
		for kernel in [words::mul, int128::mul] {
			// ±1.5 units of the last place: half up
			assert_eq!(kernel(3, half), 2);
			assert_eq!(kernel(-3, half), -1);
		}
		for kernel in [words::div, int128::div] {
			// 3 / 2^41 and -3 / 2^41: away from zero
			assert_eq!(kernel(3, 2 << FRAC_BITS), 2);
			assert_eq!(kernel(-3, 2 << FRAC_BITS), -2);
			assert_eq!(kernel(1, 0), 0);
		}
		for kernel in [words::scaled, int128::scaled] {
			assert_eq!(kernel(3, half), 2);
			assert_eq!(kernel(-3, half), -2);
		}
	}
}
