//! 128-bit intermediates of [`crate::fixed::Fx`] on pairs of `u64` words.
//!
//! The products and quotients of Q24.40 numbers need 128 bits. Written with `i128`, they compile
//! on wasm32 (the off-chain worker's target) to calls of the compiler's generic 128-bit routines
//! (`__multi3`, `__divti3`, `__ashlti3`, ...), which took about 60 % of the estimator's time in
//! wasm. Every quantity here is narrower than the generic case — a product of two 64-bit words,
//! a dividend below 2^104 over a 64-bit divisor — so these routines use only 64-bit operations,
//! which wasm has natively. They are exact: the results are the same bits as the `i128`
//! arithmetic they replace (the tests compare both on random and edge inputs).

/// Low 32 bits.
const LOW: u64 = 0xffff_ffff;
/// 2^32, the base of the half-word digits of [`div_2by1`].
const HALF: u64 = 1 << 32;

/// The 128-bit product `a × b` as `(high, low)` words.
#[inline]
pub fn mul_wide(a: u64, b: u64) -> (u64, u64) {
	let (a1, a0) = (a >> 32, a & LOW);
	let (b1, b0) = (b >> 32, b & LOW);
	let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
	// the middle column: at most 3 × (2^32 - 1), no overflow
	let mid = (p00 >> 32) + (p01 & LOW) + (p10 & LOW);
	let low = (mid << 32) | (p00 & LOW);
	let high = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	(high, low)
}

/// The two's complement negation of the 128-bit `(high, low)`.
#[inline]
pub fn neg_wide(high: u64, low: u64) -> (u64, u64) {
	let low = (!low).wrapping_add(1);
	((!high).wrapping_add(u64::from(low == 0)), low)
}

/// `(high, low) + v` (wrapping at 2^128).
#[inline]
pub fn add_wide(high: u64, low: u64, v: u64) -> (u64, u64) {
	let (low, carry) = low.overflowing_add(v);
	(high.wrapping_add(u64::from(carry)), low)
}

/// `(u1 · 2^64 + u0) / v` and its remainder, for `u1 < v` (so the quotient fits in 64 bits;
/// `v > u1 >= 0` also rules out `v = 0`). Two digits of 32 bits in the long-division scheme of
/// Hacker's Delight (`divlu`): normalise the divisor, estimate each quotient digit from the top
/// digit of the divisor, correct it at most twice.
#[inline]
pub fn div_2by1(u1: u64, u0: u64, v: u64) -> (u64, u64) {
	let s = v.leading_zeros();
	let v = v << s;
	let (vn1, vn0) = (v >> 32, v & LOW);
	let un32 = if s == 0 { u1 } else { (u1 << s) | (u0 >> (64 - s)) };
	let un10 = u0 << s;
	let (un1, un0) = (un10 >> 32, un10 & LOW);
	let q1 = digit(un32, un1, vn1, vn0);
	let un21 = (un32 << 32).wrapping_add(un1).wrapping_sub(q1.wrapping_mul(v));
	let q0 = digit(un21, un0, vn1, vn0);
	let rem = (un21 << 32).wrapping_add(un0).wrapping_sub(q0.wrapping_mul(v)) >> s;
	((q1 << 32) | q0, rem)
}

/// One quotient digit of [`div_2by1`]: `(high · 2^32 + next) / (vn1 · 2^32 + vn0)` estimated from
/// `high / vn1` and corrected (the estimate exceeds the digit by at most 2).
#[inline]
fn digit(high: u64, next: u64, vn1: u64, vn0: u64) -> u64 {
	let mut q = high / vn1;
	let mut rhat = high - q * vn1;
	while q >= HALF || q * vn0 > (rhat << 32) + next {
		q -= 1;
		rhat += vn1;
		if rhat >= HALF {
			break;
		}
	}
	q
}

/// `(high · 2^64 + low) / v` and its remainder when the quotient fits in 64 bits (`high < v`),
/// `None` otherwise.
#[inline]
pub fn div_wide(high: u64, low: u64, v: u64) -> Option<(u64, u64)> {
	if high >= v {
		None
	} else if high == 0 {
		Some((low / v, low % v))
	} else {
		Some(div_2by1(high, low, v))
	}
}

/// Integer square root (floor) of `high · 2^64 + low` for a value below 2^104 (so its root is
/// below 2^52). Newton's iteration from above converges to the floor from any start at or above
/// it; the start here is one more than the root of the value's top 64 bits, scaled back, which
/// is within a factor 1 + 2^-31 of the root, so one or two steps of 128-bit division finish it.
pub fn isqrt_wide(high: u64, low: u64) -> u64 {
	if high == 0 {
		return isqrt_u64(low);
	}
	// shift right by an even k so that the top bits fit in 64
	let bits = 128 - high.leading_zeros();
	let k = (bits - 64).next_multiple_of(2);
	let top = (high << (64 - k)) | (low >> k);
	let mut x: u64 = (isqrt_u64(top) + 1) << (k / 2);
	loop {
		// x stays at or above the root, so the quotient is at most the root (< 2^64)
		let Some((q, _)) = div_wide(high, low, x) else { return x };
		let y = (x + q) >> 1;
		if y >= x {
			return x;
		}
		x = y;
	}
}

/// Integer square root (floor) of a `u64`: Newton's iteration from a power of two above the root.
fn isqrt_u64(n: u64) -> u64 {
	if n < 2 {
		return n;
	}
	let bits = 64 - n.leading_zeros();
	let mut x: u64 = 1 << bits.div_ceil(2);
	loop {
		let y = (x + n / x) >> 1;
		if y >= x {
			return x;
		}
		x = y;
	}
}

/// Pseudo-random words of every magnitude for the tests (xorshift64* from `seed`, each output
/// shifted right by its own low six bits).
#[cfg(test)]
pub(crate) fn random(mut state: u64) -> impl Iterator<Item = u64> {
	core::iter::repeat_with(move || {
		state ^= state >> 12;
		state ^= state << 25;
		state ^= state >> 27;
		let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
		r >> (r % 64)
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	fn words(v: u128) -> (u64, u64) {
		((v >> 64) as u64, v as u64)
	}

	fn random_words(count: usize) -> Vec<u64> {
		let mut v =
			vec![0, 1, 2, 3, LOW, HALF, HALF + 1, u64::MAX, u64::MAX - 1, 1 << 63, (1 << 63) - 1];
		v.extend(random(0x1234_5678_9abc_def1).take(count.saturating_sub(v.len())));
		v
	}

	#[test]
	fn products_negations_and_sums_are_exact() {
		let xs = random_words(400);
		for &a in &xs {
			for &b in &xs {
				let p = a as u128 * b as u128;
				assert_eq!(mul_wide(a, b), words(p), "{a} * {b}");
				let (h, l) = words(p);
				assert_eq!(neg_wide(h, l), words(p.wrapping_neg()), "-({a} * {b})");
				assert_eq!(add_wide(h, l, b), words(p.wrapping_add(b as u128)), "{a} * {b} + {b}");
			}
		}
	}

	#[test]
	fn quotients_and_remainders_are_exact() {
		let xs = random_words(300);
		for &v in xs.iter().filter(|v| **v != 0) {
			for &u1 in &xs {
				for &u0 in xs.iter().step_by(7) {
					let n = ((u1 as u128) << 64) | u0 as u128;
					let expected = (n / v as u128, (n % v as u128) as u64);
					match div_wide(u1, u0, v) {
						Some((q, r)) => assert_eq!((q as u128, r), expected, "{n} / {v}"),
						None => assert!(expected.0 > u64::MAX as u128, "{n} / {v} fits"),
					}
				}
			}
		}
	}

	#[test]
	fn square_roots_are_floors() {
		for &x in &random_words(5_000) {
			// below 2^104: x shifted into the top of that range and below
			for n in [(x as u128) << 40, x as u128, ((x as u128) << 39) | 1] {
				let (h, l) = words(n);
				let r = isqrt_wide(h, l) as u128;
				assert!(r * r <= n && (r + 1) * (r + 1) > n, "isqrt {n} = {r}");
			}
		}
	}
}
