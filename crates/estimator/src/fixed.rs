//! Deterministic fixed-point arithmetic.
//!
//! [`Fx`] is a signed Q24.40 number stored in an `i64`: range about ±8.4 million, resolution
//! 2^-40 ≈ 9.1e-13. Every operation is integer arithmetic (products and quotients are exact
//! 128-bit integers, see [`crate::kernels`]), rounds to nearest, and saturates instead of
//! overflowing, so the results are the same bits on every platform (x86-64, AArch64, wasm32) and
//! nothing can panic.
//!
//! The estimator keeps its quantities in engineering units chosen so that all of them sit well
//! inside this range: SOC in percent, voltage in mV, current in A, resistance in mΩ, time in s,
//! charge in A·s, temperature in °C.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};
use scale_info::TypeInfo;

use crate::kernels::active as kernel;

/// Number of fractional bits of [`Fx`].
pub const FRAC_BITS: u32 = 40;

/// Signed Q24.40 fixed-point number (see the module docs).
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Fx(pub i64);

impl Fx {
	/// 0.
	pub const ZERO: Fx = Fx(0);
	/// 1.
	pub const ONE: Fx = Fx(1 << FRAC_BITS);
	/// Largest representable value.
	pub const MAX: Fx = Fx(i64::MAX);
	/// Smallest representable value.
	pub const MIN: Fx = Fx(i64::MIN);

	/// The integer `v` (saturating).
	#[inline]
	pub const fn from_int(v: i64) -> Fx {
		Fx(v.saturating_mul(1 << FRAC_BITS))
	}

	/// Compile-time constant `num / den` (truncated; `den` must be non-zero, 0 otherwise).
	pub const fn lit(num: i64, den: i64) -> Fx {
		if den == 0 {
			return Fx(0);
		}
		Fx((((num as i128) << FRAC_BITS) / den as i128) as i64)
	}

	/// `num / den` rounded to nearest; `den == 0` saturates by the sign of `num`.
	#[inline]
	pub fn ratio(num: i64, den: i64) -> Fx {
		if den == 0 {
			return if num >= 0 { Fx::MAX } else { Fx::MIN };
		}
		Fx(kernel::div(num, den))
	}

	/// Product, rounded to nearest, saturating (also available as `*`).
	#[inline]
	#[allow(clippy::should_implement_trait)]
	pub fn mul(self, o: Fx) -> Fx {
		Fx(kernel::mul(self.0, o.0))
	}

	/// Quotient, rounded to nearest, saturating; division by zero saturates by the sign (also
	/// available as `/`).
	#[inline]
	#[allow(clippy::should_implement_trait)]
	pub fn div(self, o: Fx) -> Fx {
		if o.0 == 0 {
			return if self.0 >= 0 { Fx::MAX } else { Fx::MIN };
		}
		Fx(kernel::div(self.0, o.0))
	}

	/// Multiply by an integer (saturating).
	#[inline]
	pub fn mul_int(self, k: i64) -> Fx {
		Fx(self.0.saturating_mul(k))
	}

	/// Divide by a non-zero integer, truncating toward zero (`k == 0` returns `self`; saturating).
	#[inline]
	pub fn div_int(self, k: i64) -> Fx {
		if k == 0 {
			self
		} else {
			Fx(self.0.saturating_div(k))
		}
	}

	/// Absolute value (saturating).
	#[inline]
	pub fn abs(self) -> Fx {
		Fx(self.0.saturating_abs())
	}

	/// Smaller of two values.
	#[inline]
	pub fn min(self, o: Fx) -> Fx {
		if self.0 <= o.0 {
			self
		} else {
			o
		}
	}

	/// Larger of two values.
	#[inline]
	pub fn max(self, o: Fx) -> Fx {
		if self.0 >= o.0 {
			self
		} else {
			o
		}
	}

	/// Clamp into `[lo, hi]`.
	#[inline]
	pub fn clamp(self, lo: Fx, hi: Fx) -> Fx {
		self.max(lo).min(hi)
	}

	/// Square.
	#[inline]
	pub fn sq(self) -> Fx {
		self.mul(self)
	}

	/// Round to the nearest integer (ties away from zero).
	#[inline]
	pub fn round_int(self) -> i64 {
		let half = 1i64 << (FRAC_BITS - 1);
		if self.0 >= 0 {
			self.0.saturating_add(half) >> FRAC_BITS
		} else {
			-((self.0.saturating_neg().saturating_add(half)) >> FRAC_BITS)
		}
	}

	/// `self * k` rounded to the nearest integer (used to convert to output units).
	#[inline]
	pub fn scaled_int(self, k: i64) -> i64 {
		kernel::scaled(self.0, k)
	}

	/// [`Self::scaled_int`] clamped to `0..=u32::MAX`: an output field in units of `1/k`.
	#[inline]
	pub fn scaled_u32(self, k: i64) -> u32 {
		self.scaled_int(k).clamp(0, u32::MAX as i64) as u32
	}

	/// Square root (0 for negative inputs), exact to the last bit (integer Newton iteration).
	pub fn sqrt(self) -> Fx {
		if self.0 <= 0 {
			return Fx::ZERO;
		}
		Fx(kernel::sqrt(self.0))
	}

	/// `exp(-x)` for `x >= 0` (values of `x` beyond 40 give 0). Deterministic: halving range
	/// reduction, a 6-term Taylor series, then repeated squaring.
	pub fn exp_neg(self) -> Fx {
		if self.0 <= 0 {
			return Fx::ONE;
		}
		if self.0 >= Fx::from_int(40).0 {
			return Fx::ZERO;
		}
		// reduce: y = x / 2^k with y < 1/64
		let mut k = 0u32;
		let mut y = self;
		while y.0 > (Fx::ONE.0 >> 6) {
			y = Fx(y.0 >> 1);
			k += 1;
		}
		// Taylor of exp(-y): 1 - y + y^2/2 - y^3/6 + y^4/24 - y^5/120
		let y2 = y.mul(y);
		let y3 = y2.mul(y);
		let y4 = y3.mul(y);
		let y5 = y4.mul(y);
		let mut r = Fx::ONE - y + y2.div_int(2) - y3.div_int(6) + y4.div_int(24) - y5.div_int(120);
		for _ in 0..k {
			r = r.mul(r);
		}
		r
	}

	/// `exp(x)` for `|x| <= 20` (clamped), built on [`Fx::exp_neg`].
	pub fn exp(self) -> Fx {
		let x = self.clamp(Fx::from_int(-20), Fx::from_int(20));
		if x.0 <= 0 {
			(-x).exp_neg()
		} else {
			Fx::ONE.div(x.exp_neg())
		}
	}
}

impl Add for Fx {
	type Output = Fx;
	#[inline]
	fn add(self, o: Fx) -> Fx {
		Fx(self.0.saturating_add(o.0))
	}
}

impl Sub for Fx {
	type Output = Fx;
	#[inline]
	fn sub(self, o: Fx) -> Fx {
		Fx(self.0.saturating_sub(o.0))
	}
}

impl Mul for Fx {
	type Output = Fx;
	#[inline]
	fn mul(self, o: Fx) -> Fx {
		Fx::mul(self, o)
	}
}

impl Div for Fx {
	type Output = Fx;
	#[inline]
	fn div(self, o: Fx) -> Fx {
		Fx::div(self, o)
	}
}

impl Neg for Fx {
	type Output = Fx;
	#[inline]
	fn neg(self) -> Fx {
		Fx(self.0.saturating_neg())
	}
}

impl AddAssign for Fx {
	#[inline]
	fn add_assign(&mut self, o: Fx) {
		*self = *self + o;
	}
}

impl SubAssign for Fx {
	#[inline]
	fn sub_assign(&mut self, o: Fx) {
		*self = *self - o;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ties_round_away_from_zero() {
		// 3 / 2^41 = 1.5 units of the last place, -3 / 2^41 = -1.5
		assert_eq!(Fx(3).div(Fx::from_int(2)).0, 2);
		assert_eq!(Fx(-3).div(Fx::from_int(2)).0, -2);
		assert_eq!(Fx::ratio(3, 2 << FRAC_BITS).0, 2);
		// products round half up (as the i128 shift did): -1.5 ulp -> -1
		assert_eq!(Fx(-3).mul(Fx(1 << (FRAC_BITS - 1))).0, -1);
		assert_eq!(Fx(3).mul(Fx(1 << (FRAC_BITS - 1))).0, 2);
	}

	fn f(x: Fx) -> f64 {
		x.0 as f64 / (1u64 << FRAC_BITS) as f64
	}

	#[test]
	fn arithmetic_round_trips() {
		let a = Fx::ratio(3, 2);
		let b = Fx::ratio(-5, 4);
		assert_eq!(f(a + b), 0.25);
		assert_eq!(f(a.mul(b)), -1.875);
		assert!((f(a.div(b)) + 1.2).abs() < 1e-11);
		assert_eq!(Fx::from_int(7).round_int(), 7);
		assert_eq!(Fx::ratio(-7, 2).round_int(), -4);
		assert_eq!(Fx::ratio(1, 3).scaled_int(1_000_000), 333_333);
	}

	#[test]
	fn saturates_instead_of_overflowing() {
		assert_eq!(Fx::MAX + Fx::ONE, Fx::MAX);
		assert_eq!(Fx::MIN - Fx::ONE, Fx::MIN);
		assert_eq!(Fx::from_int(1 << 22).mul(Fx::from_int(1 << 22)), Fx::MAX);
		assert_eq!(Fx::ONE.div(Fx::ZERO), Fx::MAX);
		assert_eq!((-Fx::ONE).div(Fx::ZERO), Fx::MIN);
	}

	#[test]
	fn sqrt_and_exp_are_accurate() {
		for v in [0.0001, 0.5, 2.0, 9.0, 12345.678] {
			let x = Fx((v * (1u64 << FRAC_BITS) as f64) as i64);
			assert!((f(x.sqrt()) - v.sqrt()).abs() < 1e-9 * v.sqrt().max(1.0), "sqrt {v}");
		}
		for v in [0.0, 0.001, 0.1, 1.0, 2.5, 10.0, 30.0] {
			let x = Fx((v * (1u64 << FRAC_BITS) as f64) as i64);
			let e = f(x.exp_neg());
			assert!((e - (-v).exp()).abs() < 1e-9, "exp_neg {v}: {e}");
		}
		let e = f(Fx::ratio(7, 10).exp());
		assert!((e - 0.7f64.exp()).abs() < 1e-8);
	}
}
