//! SOC filter: an extended Kalman filter on a first-order (1-RC) equivalent circuit,
//!
//! ```text
//! state      x = [soc (%), v1 (mV)]
//! predict    soc' = soc - 100 · I·dt / Q          (coulomb counting, I > 0 = discharge)
//!            v1'  = a·v1 + R1·(1 - a)·I,  a = exp(-dt / τ1)
//! measure    V    = OCV(soc - Δ) - v1 - R0·I      H = [dOCV/dsoc, -1]
//! ```
//!
//! `Δ` is the solid-diffusion lag of the particle-surface SOC behind the mean SOC, a first-order
//! response to the current computed by the estimator (not a filter state); R0 comes from the
//! online resistance tracker and R1 is scaled with it (see [`crate::estimator`]).
//!
//! The covariance is the symmetric 2×2 `[p_ss, p_sv, p_vv]`, updated in the form
//! `P ← P - K·S·Kᵀ` and kept positive semi-definite by clamping.

use crate::fixed::Fx;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Smallest SOC variance kept (%²): the filter never becomes fully certain.
const P_SS_MIN: Fx = Fx::lit(1, 10_000);
/// Largest SOC variance (%²) (25 % standard deviation).
const P_SS_MAX: Fx = Fx::lit(625, 1);
/// Smallest RC-voltage variance (mV²).
const P_VV_MIN: Fx = Fx::lit(1, 100);
/// Largest RC-voltage variance (mV²).
const P_VV_MAX: Fx = Fx::lit(10_000, 1);
/// The OCV slope used as Jacobian is clamped to this (mV per %) to keep `H·P·Hᵀ` in range.
const H_MAX: Fx = Fx::lit(80, 1);

/// Filter state carried between samples and batches (32 bytes SCALE encoded).
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
pub struct SocFilter {
	/// State of charge, % (may leave 0–100 by a little; outputs are clamped).
	pub soc: Fx,
	/// Voltage over the RC element, mV (positive while discharging).
	pub v1: Fx,
	/// Covariance `[p_ss (%²), p_sv (%·mV), p_vv (mV²)]`.
	pub p: [Fx; 3],
}

impl SocFilter {
	/// A filter at `soc` (%) with standard deviation `sigma_soc` (%), RC voltage zero.
	pub fn new(soc: Fx, sigma_soc: Fx) -> SocFilter {
		SocFilter {
			soc,
			v1: Fx::ZERO,
			p: [sigma_soc.sq().clamp(P_SS_MIN, P_SS_MAX), Fx::ZERO, Fx::from_int(25)],
		}
	}

	/// Time update: coulomb counting `d_soc` (%), RC decay `a` and input `v1_in` (mV), process
	/// noise variances `q_soc` (%²) and `q_v1` (mV²).
	#[inline]
	pub fn predict(&mut self, d_soc: Fx, a: Fx, v1_in: Fx, q_soc: Fx, q_v1: Fx) {
		self.soc += d_soc;
		self.v1 = a.mul(self.v1) + v1_in;
		self.p[0] = (self.p[0] + q_soc).min(P_SS_MAX);
		self.p[1] = a.mul(self.p[1]);
		self.p[2] = (a.sq().mul(self.p[2]) + q_v1).clamp(P_VV_MIN, P_VV_MAX);
	}

	/// Measurement update with innovation `e` = measured − predicted voltage (mV), OCV slope `h`
	/// (mV per %) and measurement variance `r` (mV²). Returns the SOC correction applied (%).
	#[inline]
	pub fn update(&mut self, e: Fx, h: Fx, r: Fx) -> Fx {
		let h = h.clamp(Fx::ZERO, H_MAX);
		let [pss, psv, pvv] = self.p;
		// P·Hᵀ with H = [h, -1]
		let phs = h.mul(pss) - psv;
		let phv = h.mul(psv) - pvv;
		let s = h.mul(phs) - phv + r;
		if s.0 <= 0 {
			return Fx::ZERO;
		}
		let k0 = phs.div(s);
		let k1 = phv.div(s);
		let d_soc = k0.mul(e);
		self.soc += d_soc;
		self.v1 += k1.mul(e);
		self.p[0] = (pss - k0.mul(phs)).clamp(P_SS_MIN, P_SS_MAX);
		self.p[1] = psv - k0.mul(phv);
		self.p[2] = (pvv - k1.mul(phv)).clamp(P_VV_MIN, P_VV_MAX);
		self.condition();
		d_soc
	}

	/// Keep `|p_sv| <= sqrt(p_ss·p_vv)` (positive semi-definite).
	#[inline]
	fn condition(&mut self) {
		let lim = self.p[0].mul(self.p[2]).sqrt();
		self.p[1] = self.p[1].clamp(-lim, lim);
	}

	/// Replace the SOC by an independent observation `soc` (%) of standard deviation `sigma` (%)
	/// (a scalar Kalman update on the SOC component only).
	pub fn observe_soc(&mut self, soc: Fx, sigma: Fx) {
		let r = sigma.sq().max(P_SS_MIN);
		let [pss, psv, pvv] = self.p;
		let s = pss + r;
		let k0 = pss.div(s);
		let k1 = psv.div(s);
		let e = soc - self.soc;
		self.soc += k0.mul(e);
		self.v1 += k1.mul(e);
		self.p[0] = (pss - k0.mul(pss)).clamp(P_SS_MIN, P_SS_MAX);
		self.p[1] = psv - k0.mul(psv);
		self.p[2] = (pvv - k1.mul(psv)).clamp(P_VV_MIN, P_VV_MAX);
		self.condition();
	}

	/// SOC standard deviation, %.
	pub fn sigma_soc(&self) -> Fx {
		self.p[0].sqrt()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn converges_to_measured_soc_from_a_wrong_start() {
		// linear OCV 3000 mV + 10 mV/% ; truth 60 %, filter starts at 20 %
		let mut f = SocFilter::new(Fx::from_int(20), Fx::from_int(25));
		for _ in 0..200 {
			f.predict(Fx::ZERO, Fx::lit(97, 100), Fx::ZERO, Fx::lit(1, 1_000_000), Fx::lit(1, 10));
			let pred = Fx::from_int(3000) + Fx::from_int(10).mul(f.soc) - f.v1;
			let meas = Fx::from_int(3600);
			f.update(meas - pred, Fx::from_int(10), Fx::from_int(100));
		}
		assert!((f.soc - Fx::from_int(60)).abs() < Fx::lit(1, 2), "{:?}", f.soc);
		assert!(f.sigma_soc() < Fx::from_int(1));
	}

	#[test]
	fn flat_ocv_keeps_coulomb_counting() {
		let mut f = SocFilter::new(Fx::from_int(50), Fx::from_int(1));
		for _ in 0..1000 {
			f.predict(
				-Fx::lit(1, 100),
				Fx::lit(97, 100),
				Fx::ZERO,
				Fx::lit(1, 1_000_000),
				Fx::lit(1, 10),
			);
			// a 5 mV model error on a nearly flat curve must not move SOC much
			f.update(Fx::from_int(5), Fx::lit(1, 50), Fx::from_int(100));
		}
		assert!((f.soc - Fx::from_int(40)).abs() < Fx::ONE, "{:?}", f.soc);
	}

	#[test]
	fn observe_soc_pulls_towards_observation() {
		let mut f = SocFilter::new(Fx::from_int(80), Fx::from_int(10));
		f.observe_soc(Fx::from_int(100), Fx::lit(1, 2));
		assert!(f.soc > Fx::from_int(99));
		assert!(f.sigma_soc() < Fx::from_int(1));
	}
}
