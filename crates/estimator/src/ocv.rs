//! The open-circuit-voltage curve: piecewise-linear interpolation of the 41-point OCV–SOC table,
//! its slope (the Kalman filter's measurement Jacobian) and its inverse (SOC from a rested voltage).

use crate::fixed::Fx;

/// Number of points of the OCV table (SOC 0 %, 2.5 %, …, 100 %).
pub const OCV_POINTS: usize = 41;

/// SOC step between table points, %.
const STEP: Fx = Fx::lit(5, 2);
/// 1 / STEP, 1/%.
const INV_STEP: Fx = Fx::lit(2, 5);

/// OCV curve in mV over SOC in %, made non-decreasing.
#[derive(Clone, Debug)]
pub struct OcvCurve {
	/// OCV at the table points, mV.
	pub mv: [Fx; OCV_POINTS],
}

impl OcvCurve {
	/// Build from the configuration's µV table (a decreasing point is lifted to its predecessor).
	pub fn from_uv(uv: &[u32; OCV_POINTS]) -> OcvCurve {
		let mut mv = [Fx::ZERO; OCV_POINTS];
		let mut prev = Fx::ZERO;
		for (out, &v) in mv.iter_mut().zip(uv.iter()) {
			let x = Fx::ratio(v as i64, 1000).max(prev);
			*out = x;
			prev = x;
		}
		OcvCurve { mv }
	}

	/// Segment index and offset inside it for `soc` (%), clamped to the table's segments.
	#[inline]
	fn segment(soc: Fx) -> (usize, Fx) {
		let i = if soc.0 <= 0 { 0 } else { (soc.0 / STEP.0).min(OCV_POINTS as i64 - 2) as usize };
		(i, soc - STEP.mul_int(i as i64))
	}

	/// OCV (mV) and slope dOCV/dSOC (mV per %) at `soc` (%). Outside 0–100 % the end segments
	/// are extended linearly.
	#[inline]
	pub fn eval(&self, soc: Fx) -> (Fx, Fx) {
		let (i, off) = Self::segment(soc);
		let slope = (self.mv[i + 1] - self.mv[i]).mul(INV_STEP);
		(self.mv[i] + slope.mul(off), slope)
	}

	/// Slope dOCV/dSOC (mV per %) averaged over ±`half_width` % around `soc` (the local
	/// information a voltage reading carries about SOC, less sensitive to single table kinks).
	pub fn mean_slope(&self, soc: Fx, half_width: Fx) -> Fx {
		let lo = (soc - half_width).clamp(Fx::ZERO, Fx::from_int(100));
		let hi = (soc + half_width).clamp(Fx::ZERO, Fx::from_int(100));
		if hi.0 <= lo.0 {
			return self.eval(soc).1;
		}
		(self.eval(hi).0 - self.eval(lo).0).div(hi - lo)
	}

	/// SOC (%) whose OCV is `v_mv`, clamped to 0–100 %. On a flat segment the middle is returned.
	pub fn invert(&self, v_mv: Fx) -> Fx {
		if v_mv.0 <= self.mv[0].0 {
			return Fx::ZERO;
		}
		if v_mv.0 >= self.mv[OCV_POINTS - 1].0 {
			return Fx::from_int(100);
		}
		let mut i = 0;
		while i + 2 < OCV_POINTS && self.mv[i + 1].0 < v_mv.0 {
			i += 1;
		}
		let dv = self.mv[i + 1] - self.mv[i];
		let base = STEP.mul_int(i as i64);
		if dv.0 <= 0 {
			return base + STEP.div_int(2);
		}
		base + (v_mv - self.mv[i]).mul(STEP).div(dv)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn curve() -> OcvCurve {
		let mut uv = [0u32; OCV_POINTS];
		for (i, v) in uv.iter_mut().enumerate() {
			// 3.0 V .. 4.2 V, steeper at the ends, flat in the middle (10..30 % equal)
			*v = 3_000_000 + (i as u32) * 30_000;
		}
		uv[5] = uv[4];
		uv[6] = uv[4] - 1; // a decreasing point is lifted
		OcvCurve::from_uv(&uv)
	}

	#[test]
	fn interpolates_and_extrapolates() {
		let c = curve();
		let (v, s) = c.eval(Fx::from_int(50));
		assert!((v - Fx::from_int(3600)).abs() < Fx::lit(1, 1_000_000));
		assert!((s - Fx::from_int(12)).abs() < Fx::lit(1, 1_000_000));
		let (v, _) = c.eval(Fx::from_int(-5));
		assert!((v - Fx::from_int(2940)).abs() < Fx::lit(1, 1_000_000));
		let (v, _) = c.eval(Fx::from_int(105));
		assert!((v - Fx::from_int(4260)).abs() < Fx::lit(1, 1_000_000));
		assert_eq!(c.mv[6], c.mv[4]);
	}

	#[test]
	fn inverts() {
		let c = curve();
		for soc in [0i64, 1, 33, 50, 77, 99, 100] {
			let (v, _) = c.eval(Fx::from_int(soc));
			if (10..=15).contains(&soc) {
				continue;
			}
			let back = c.invert(v);
			assert!((back - Fx::from_int(soc)).abs() < Fx::lit(1, 1000), "{soc}: {:?}", back);
		}
		assert_eq!(c.invert(Fx::from_int(100)), Fx::ZERO);
		assert_eq!(c.invert(Fx::from_int(5000)), Fx::from_int(100));
	}

	#[test]
	fn mean_slope_over_window() {
		let c = curve();
		assert!(
			(c.mean_slope(Fx::from_int(50), Fx::from_int(5)) - Fx::from_int(12)).abs()
				< Fx::lit(1, 1_000_000)
		);
	}
}
