//! SOH forecast over future equivalent full cycles (EFC), and over calendar time at the observed
//! usage rate.
//!
//! Capacity fade dominated by SEI growth follows a square-root law in charge throughput,
//! `loss(n) = k·√(n + n0)` (`n0` covers ageing before the twin saw the cell). Squared, this is
//! linear in `n`: `loss² = A + B·n` with `B = k²`, `A = k²·n0`. Every capacity observation adds
//! the point `(n, loss²)` to a weighted least-squares fit with forgetting (so the fit follows a
//! change of regime); the forecast at `n + h` is `1 − √(A + B·(n + h))`, never above the
//! current SOH. With fewer than three observations or less than 0.5 EFC between them the
//! forecast is the current SOH (no trend known yet).
//!
//! **In time**: the twin counts the cycles done since its usage window opened (its first sample,
//! or the upgrade of an older state) and the time since; after a day the rate (EFC per year)
//! turns +6, +12 and +24 months into cycle horizons for the same fit. Fade is driven by throughput
//! here: a battery parked for months keeps its SOH in this forecast (calendar ageing at rest is
//! not modelled).

use crate::fixed::Fx;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Forecast horizons, equivalent full cycles ahead.
pub const HORIZONS_EFC: [u32; 3] = [100, 500, 1000];
/// Forecast horizons in time, months ahead.
pub const HORIZONS_MONTHS: [u8; 3] = [6, 12, 24];
/// A mean Gregorian year, s.
pub const SECONDS_PER_YEAR: i64 = 31_556_952;
/// The usage rate is known once the window spans this long, s (a day).
pub const MIN_USAGE_WINDOW_S: u32 = 86_400;
/// Forgetting factor per observation.
const LAMBDA: Fx = Fx::lit(97, 100);
/// EFC are scaled by this for the regression sums (keeps them small).
const X_SCALE: i64 = 100;

/// Regression sums of the trend fit (48 bytes SCALE encoded).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct TrendFit {
	/// EFC of the first observation (the regression's origin).
	pub x0_efc: Fx,
	/// Σw, Σw·x, Σw·x², Σw·y, Σw·x·y with x = (EFC − x0)/100, y = loss².
	pub s: [Fx; 5],
	/// Number of observations (saturating).
	pub n: u16,
	/// Largest x seen (the span check: x starts at 0).
	pub x_max: Fx,
}

/// One forecast point.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct SohForecast {
	/// Horizon, equivalent full cycles from now.
	pub horizon_efc: u32,
	/// Forecast capacity SOH, parts per million of rated capacity.
	pub soh_ppm: u32,
}

impl TrendFit {
	/// Add an observation: capacity SOH `soh` (fraction) at `efc` cycles.
	pub fn observe(&mut self, efc: Fx, soh: Fx) {
		if self.n == 0 {
			self.x0_efc = efc;
		}
		let x = (efc - self.x0_efc).div_int(X_SCALE);
		let loss = (Fx::ONE - soh).clamp(Fx::ZERO, Fx::ONE);
		let y = loss.sq();
		for v in self.s.iter_mut() {
			*v = LAMBDA.mul(*v);
		}
		self.s[0] += Fx::ONE;
		self.s[1] += x;
		self.s[2] += x.sq();
		self.s[3] += y;
		self.s[4] += x.mul(y);
		self.n = self.n.saturating_add(1);
		self.x_max = self.x_max.max(x);
	}

	/// `(A, B)` of `loss² = A + B·x` if the fit is determined.
	fn coefficients(&self) -> Option<(Fx, Fx)> {
		if self.n < 3 || self.x_max < Fx::lit(1, 2 * X_SCALE) {
			return None;
		}
		let [sw, sx, sxx, sy, sxy] = self.s;
		let det = sw.mul(sxx) - sx.sq();
		if det.0 <= 0 {
			return None;
		}
		let b = (sw.mul(sxy) - sx.mul(sy)).div(det).max(Fx::ZERO);
		let a = (sy - b.mul(sx)).div(sw);
		Some((a, b))
	}

	/// Forecast SOH (fraction) `h_efc` cycles after `efc`, given the current SOH `soh_now`.
	pub fn forecast(&self, efc: Fx, soh_now: Fx, h_efc: u32) -> Fx {
		self.forecast_at(efc, soh_now, Fx::from_int(h_efc as i64))
	}

	/// [`Self::forecast`] for a fractional horizon of `h_efc` cycles.
	pub fn forecast_at(&self, efc: Fx, soh_now: Fx, h_efc: Fx) -> Fx {
		match self.coefficients() {
			None => soh_now,
			Some((a, b)) => {
				let x = (efc - self.x0_efc + h_efc.max(Fx::ZERO)).div_int(X_SCALE);
				let loss2 = (a + b.mul(x)).max(Fx::ZERO);
				(Fx::ONE - loss2.sqrt()).clamp(Fx::ZERO, soh_now)
			},
		}
	}

	/// Forecasts at [`HORIZONS_EFC`].
	pub fn forecasts(&self, efc: Fx, soh_now: Fx) -> [SohForecast; 3] {
		let mut out = [SohForecast::default(); 3];
		for (o, &h) in out.iter_mut().zip(HORIZONS_EFC.iter()) {
			let f = self.forecast(efc, soh_now, h);
			*o = SohForecast { horizon_efc: h, soh_ppm: f.scaled_u32(1_000_000) };
		}
		out
	}

	/// Forecasts at [`HORIZONS_MONTHS`] for a usage of `efc_per_year` cycles a year (`None`: not
	/// known yet, the forecast is the current SOH).
	pub fn forecasts_in_time(
		&self,
		efc: Fx,
		soh_now: Fx,
		efc_per_year: Option<Fx>,
	) -> [SohForecastTime; 3] {
		let mut out = [SohForecastTime::default(); 3];
		for (o, &months) in out.iter_mut().zip(HORIZONS_MONTHS.iter()) {
			let f = match efc_per_year {
				Some(rate) => {
					self.forecast_at(efc, soh_now, rate.mul_int(months as i64).div_int(12))
				},
				None => soh_now,
			};
			*o = SohForecastTime { months, soh_ppm: f.scaled_u32(1_000_000) };
		}
		out
	}
}

/// Equivalent full cycles a year, from `cycles` done over `seconds` (`None` below
/// [`MIN_USAGE_WINDOW_S`]).
pub fn usage_per_year(cycles: Fx, seconds: u32) -> Option<Fx> {
	(seconds >= MIN_USAGE_WINDOW_S)
		.then(|| cycles.max(Fx::ZERO).mul(Fx::ratio(SECONDS_PER_YEAR, seconds as i64)))
}

/// One forecast point in time.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct SohForecastTime {
	/// Months ahead.
	pub months: u8,
	/// Forecast capacity SOH, parts per million.
	pub soh_ppm: u32,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn square_root_fade_is_extrapolated() {
		// loss = 0.01 * sqrt(n + 10)
		let mut fit = TrendFit::default();
		let soh = |n: f64| 1.0 - 0.01 * (n + 10.0).sqrt();
		let fx = |v: f64| Fx((v * (1u64 << 40) as f64) as i64);
		for n in (0..30).map(|i| i as f64) {
			fit.observe(fx(n), fx(soh(n)));
		}
		let now = fx(soh(29.0));
		let f = fit.forecast(fx(29.0), now, 1000);
		let want = soh(1029.0);
		let got = f.0 as f64 / (1u64 << 40) as f64;
		assert!((got - want).abs() < 0.002, "{got} vs {want}");
	}

	#[test]
	fn time_horizons_follow_the_usage_rate() {
		let mut fit = TrendFit::default();
		let soh = |n: f64| 1.0 - 0.01 * (n + 10.0).sqrt();
		let fx = |v: f64| Fx((v * (1u64 << 40) as f64) as i64);
		for n in (0..30).map(|i| i as f64) {
			fit.observe(fx(n), fx(soh(n)));
		}
		let now = fx(soh(29.0));
		// 29 cycles in 58 days: 182.6 a year
		let rate = usage_per_year(Fx::from_int(29), 58 * 86_400).expect("a rate");
		let per_year = rate.0 as f64 / (1u64 << 40) as f64;
		assert!((per_year - 29.0 * 365.2425 / 58.0).abs() < 0.01, "{per_year}");
		let f = fit.forecasts_in_time(fx(29.0), now, Some(rate));
		assert_eq!(f.map(|p| p.months), [6, 12, 24]);
		for (p, years) in f.iter().zip([0.5, 1.0, 2.0]) {
			let want = soh(29.0 + per_year * years);
			assert!((p.soh_ppm as f64 / 1e6 - want).abs() < 0.002, "{p:?} vs {want}");
		}
		assert!(f[0].soh_ppm > f[1].soh_ppm && f[1].soh_ppm > f[2].soh_ppm);
		// Under a day of data there is no rate: the forecast is today's SOH.
		assert_eq!(usage_per_year(Fx::from_int(2), 3_600), None);
		let now_ppm = now.scaled_int(1_000_000) as u32;
		assert!(fit.forecasts_in_time(fx(29.0), now, None).iter().all(|p| p.soh_ppm == now_ppm));
	}

	#[test]
	fn no_trend_without_data() {
		let fit = TrendFit::default();
		let now = Fx::lit(95, 100);
		assert_eq!(fit.forecast(Fx::from_int(10), now, 500), now);
		let f = fit.forecasts(Fx::ZERO, now);
		assert_eq!(f[2].horizon_efc, 1000);
		assert_eq!(f[2].soh_ppm, 950_000);
	}
}
