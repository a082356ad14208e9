//! State of health: online internal-resistance tracking and capacity estimation.
//!
//! * **Resistance** — recursive least squares with forgetting on the voltage step a current step
//!   causes: `R0·ΔI = ΔOCV − Δv1 − ΔV` (ΔOCV and Δv1 from the model), used only on steps of at
//!   least 0.2C. R0 follows temperature and SOC within minutes; the filter scales R1 with it.
//!   For the SOH figure R0 is normalised to 25 °C with an Arrhenius factor.
//! * **Capacity** — from *SOC anchors*, points where SOC is known without coulomb counting: the
//!   end of a constant-voltage charge (SOC = 100 % by definition) and the end of a rest of at
//!   least 15 s (SOC from the OCV table through the model's RC voltage, with an uncertainty that
//!   shrinks with the rest length and with the steepness of the OCV curve: on a flat curve a
//!   rest says nothing). A discharge span of at least 40 % SOC between a reference anchor and a
//!   later one gives `Q = net discharged charge / ΔSOC`; a scalar Kalman filter with a small
//!   fade process noise per equivalent full cycle merges them (only the most precise
//!   observation per reference, since they share the reference's error). This works on
//!   drive cycles (stops) as well as on charge/discharge cycling.

use crate::fixed::Fx;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Forgetting factor of the resistance RLS per informative step (memory ≈ 100 steps).
const R0_LAMBDA: Fx = Fx::lit(99, 100);
/// Weight (C-rate²) of the rated R0 as prior of the RLS.
const R0_PRIOR_W: Fx = Fx::lit(2, 1);
/// Smallest current step (C-rate) used to learn R0.
pub const R0_MIN_STEP_C: Fx = Fx::lit(1, 5);
/// Arrhenius constant Ea/R for normalising R0 to 25 °C, K.
const ARRHENIUS_K: Fx = Fx::lit(2500, 1);
/// 25 °C in K.
const T25_K: Fx = Fx::lit(29815, 100);

/// Smallest SOC distance between two anchors for a capacity observation, %.
const MIN_ANCHOR_SPAN: Fx = Fx::lit(40, 1);
/// Initial relative variance of the capacity (5 % standard deviation).
const CAP_VAR0: Fx = Fx::lit(25, 10_000);
/// Relative capacity variance added per equivalent full cycle (fade uncertainty, 1 %/EFC).
const CAP_Q_PER_EFC: Fx = Fx::lit(1, 10_000);
/// Extra relative variance of a charge-span capacity observation (2 % standard deviation).
const CHARGE_SPAN_VAR: Fx = Fx::lit(4, 10_000);
/// Capacity is kept within these fractions of rated.
const CAP_MIN_FRAC: Fx = Fx::lit(3, 10);
const CAP_MAX_FRAC: Fx = Fx::lit(12, 10);

/// Online resistance estimate (24 bytes SCALE encoded).
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
pub struct ResistanceTracker {
	/// Σ λ·ΔI·y (C-rate · mV).
	pub sxy: Fx,
	/// Σ λ·ΔI² (C-rate²).
	pub sxx: Fx,
	/// R0 normalised to 25 °C, smoothed, mΩ (0 until the first informative step).
	pub r0_25: Fx,
}

impl ResistanceTracker {
	/// Start from the prior `r0_rated × growth` (mΩ) for a cell with 1C current `one_c` (A);
	/// the 25 °C figure starts at the rated R0 and follows what the steps show.
	pub fn new(r0_rated: Fx, growth: Fx, one_c: Fx) -> ResistanceTracker {
		Self::with_prior(r0_rated.mul(growth), R0_PRIOR_W, r0_rated, one_c)
	}

	/// Start from the prior R0 `r0_prior` (mΩ) with the weight `weight` (C-rate², that of as
	/// many 1C steps) for a cell with 1C current `one_c` (A); the 25 °C figure starts at `r0_25`.
	pub fn with_prior(r0_prior: Fx, weight: Fx, r0_25: Fx, one_c: Fx) -> ResistanceTracker {
		ResistanceTracker { sxy: weight.mul(r0_prior.mul(one_c)), sxx: weight, r0_25 }
	}

	/// Current R0 estimate, mΩ, for a cell with 1C current `one_c` (A), clamped to
	/// 0.3–8 × rated.
	#[inline]
	pub fn r0(&self, r0_rated: Fx, one_c: Fx) -> Fx {
		let r_per_c = self.sxy.div(self.sxx.max(Fx::lit(1, 1000)));
		r_per_c.div(one_c).clamp(r0_rated.mul(Fx::lit(3, 10)), r0_rated.mul_int(8))
	}

	/// Learn from one current step `d_i_c` (C-rate) whose model-corrected voltage response is
	/// `y_mv = ΔOCV − Δv1 − ΔV` (mV); `temp_c` normalises the result to 25 °C.
	pub fn learn(&mut self, d_i_c: Fx, y_mv: Fx, temp_c: Fx, r0_rated: Fx, one_c: Fx) {
		if d_i_c.abs() < R0_MIN_STEP_C {
			return;
		}
		// reject steps whose apparent resistance is implausible (sensor glitches)
		let r_step = y_mv.div(d_i_c).div(one_c);
		if r_step < r0_rated.mul(Fx::lit(1, 10)) || r_step > r0_rated.mul_int(12) {
			return;
		}
		self.sxy = R0_LAMBDA.mul(self.sxy) + d_i_c.mul(y_mv);
		self.sxx = R0_LAMBDA.mul(self.sxx) + d_i_c.sq();
		let r = self.r0(r0_rated, one_c);
		let r25 = r.mul(arrhenius_to_25(temp_c));
		self.r0_25 = self.r0_25 + (r25 - self.r0_25).div_int(50);
	}
}

/// Factor that converts a resistance measured at `temp_c` (°C) to 25 °C:
/// `exp(-Ea/R · (1/T − 1/T25))`.
pub fn arrhenius_to_25(temp_c: Fx) -> Fx {
	let t_k = (temp_c + Fx::lit(27315, 100)).clamp(Fx::from_int(223), Fx::from_int(373));
	let x = ARRHENIUS_K.mul(Fx::ONE.div(t_k) - Fx::ONE.div(T25_K));
	(-x).exp()
}

/// A point where SOC was known independently of coulomb counting (26 bytes SCALE encoded).
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
pub struct Anchor {
	/// Whether this anchor holds a point.
	pub valid: bool,
	/// SOC at the anchor, %.
	pub soc: Fx,
	/// Its standard deviation, %.
	pub sigma: Fx,
	/// Net discharged charge counter at the anchor, A·s.
	pub net_as: Fx,
	/// Whether it is a full-charge anchor (end of constant-voltage charge).
	pub full: bool,
}

/// Capacity estimator state (fixed size, see [`crate::state`]).
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
pub struct CapacityTracker {
	/// Estimated usable capacity, A·s.
	pub cap_as: Fx,
	/// Relative variance of `cap_as` (fraction²).
	pub var: Fx,
	/// Capacity estimate when the present reference anchor was set, A·s.
	pub prior_as: Fx,
	/// Its relative variance.
	pub prior_var: Fx,
	/// Relative variance of the best observation against the present reference (0 = none yet).
	pub best_r: Fx,
	/// Net discharged charge since the reference anchor, A·s (positive = discharged).
	pub net_as: Fx,
	/// Reference anchor (the start of the present discharge span).
	pub last: Anchor,
	/// Anchor being formed (rest or constant-voltage hold in progress).
	pub pending: Anchor,
	/// Number of discharge capacity observations merged so far (saturating).
	pub updates: u16,
}

/// Outcome of committing an anchor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AnchorOutcome {
	/// Nothing new about capacity.
	None,
	/// A capacity observation was merged; the new estimate (A·s).
	Capacity(Fx),
}

impl CapacityTracker {
	/// Start at the rated capacity `cap_rated_as` (A·s).
	pub fn new(cap_rated_as: Fx) -> CapacityTracker {
		Self::starting_at(cap_rated_as, CAP_VAR0)
	}

	/// Start at the capacity `cap_as` (A·s) with relative variance `var`.
	pub fn starting_at(cap_as: Fx, var: Fx) -> CapacityTracker {
		CapacityTracker { cap_as, var, prior_as: cap_as, prior_var: var, ..Default::default() }
	}

	/// Count charge (`d_as` A·s discharged, negative when charging) and grow the uncertainty by
	/// `d_efc` equivalent full cycles of fade.
	#[inline]
	pub fn count(&mut self, d_as: Fx, d_efc: Fx) {
		self.net_as += d_as;
		let q = CAP_Q_PER_EFC.mul(d_efc);
		self.var = (self.var + q).min(CAP_VAR0);
		self.prior_var = (self.prior_var + q).min(CAP_VAR0);
	}

	/// Propose an anchor at `soc` (%) with standard deviation `sigma` (%), at the current charge
	/// counter. The latest proposal of a rest or a hold wins; it is committed by [`Self::commit`].
	pub fn propose(&mut self, soc: Fx, sigma: Fx, full: bool) {
		self.pending = Anchor { valid: true, soc, sigma, net_as: self.net_as, full };
	}

	/// Commit the pending anchor (if any). A discharge span of at least 40 % SOC from the
	/// reference anchor gives an observation `Q = Δcharge / ΔSOC`; of all observations against
	/// one reference only the most precise is merged (they share the reference's error), on top
	/// of the estimate held when the reference was set. The pending anchor becomes the new
	/// reference if it is more precise, or if the cell was charged by 40 % or more since (a new
	/// discharge span starts).
	pub fn commit(&mut self, cap_rated_as: Fx) -> AnchorOutcome {
		if !self.pending.valid {
			return AnchorOutcome::None;
		}
		let a = self.last;
		let b = self.pending;
		self.pending = Anchor::default();
		let mut out = AnchorOutcome::None;
		if a.valid {
			let d_soc = a.soc - b.soc; // % discharged between the anchors
			let d_q = b.net_as - a.net_as; // A·s discharged between them
								  // Discharge spans: SOH is a discharge capacity. A charge span also carries the
								  // charge-side losses (side reactions) and the current sensor's offset asymmetry, so it
								  // is used only until the first discharge observation, with extra uncertainty.
			let discharge = d_soc >= MIN_ANCHOR_SPAN && d_q.0 > 0;
			let charge = -d_soc >= MIN_ANCHOR_SPAN && d_q.0 < 0 && self.updates == 0;
			if discharge || charge {
				let q_obs = d_q.abs().mul_int(100).div(d_soc.abs());
				let lo = cap_rated_as.mul(CAP_MIN_FRAC);
				let hi = cap_rated_as.mul(CAP_MAX_FRAC);
				// relative observation variance (σa² + σb²) / ΔSOC² (+ charge-side losses)
				let mut r =
					(a.sigma.sq() + b.sigma.sq()).div(d_soc.sq()).max(Fx::lit(1, 1_000_000));
				if charge {
					r += CHARGE_SPAN_VAR;
				}
				if q_obs >= lo && q_obs <= hi && (self.best_r.0 == 0 || r < self.best_r) {
					self.best_r = r;
					let k = self.prior_var.div(self.prior_var + r);
					self.cap_as = (self.prior_as + k.mul(q_obs - self.prior_as)).clamp(lo, hi);
					self.var = (Fx::ONE - k).mul(self.prior_var);
					if discharge {
						self.updates = self.updates.saturating_add(1);
					}
					out = AnchorOutcome::Capacity(self.cap_as);
				}
			}
		}
		if !a.valid || b.soc - a.soc >= MIN_ANCHOR_SPAN || b.sigma < a.sigma {
			// re-base the counter on the new reference to keep it small
			self.net_as -= b.net_as;
			self.last = Anchor { net_as: Fx::ZERO, ..b };
			self.prior_as = self.cap_as;
			self.prior_var = self.var;
			self.best_r = Fx::ZERO;
		}
		out
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn resistance_tracks_steps() {
		let one_c = Fx::from_int(5);
		let rated = Fx::from_int(20);
		let mut r = ResistanceTracker::new(rated, Fx::ONE, one_c);
		// true R0 = 30 mΩ: a 1C (5 A) step gives 150 mV
		for k in 0..300 {
			let d = if k % 2 == 0 { Fx::ONE } else { -Fx::ONE };
			r.learn(d, d.mul_int(150), Fx::from_int(25), rated, one_c);
		}
		let est = r.r0(rated, one_c);
		assert!((est - Fx::from_int(30)).abs() < Fx::lit(1, 10), "{:?}", est);
		assert!((r.r0_25 - Fx::from_int(30)).abs() < Fx::from_int(1));
	}

	#[test]
	fn arrhenius_factor() {
		assert!((arrhenius_to_25(Fx::from_int(25)) - Fx::ONE).abs() < Fx::lit(1, 1_000_000));
		// colder cell: measured resistance higher, factor below one
		let f = arrhenius_to_25(Fx::from_int(5));
		assert!(f < Fx::lit(6, 10) && f > Fx::lit(4, 10), "{:?}", f);
	}

	#[test]
	fn capacity_from_two_anchors() {
		let rated = Fx::from_int(18_000);
		let mut c = CapacityTracker::new(rated);
		c.propose(Fx::from_int(100), Fx::lit(1, 2), true);
		assert_eq!(c.commit(rated), AnchorOutcome::None);
		// discharge 16 200 A·s, rest anchor at 5 %: Q = 16200 / 0.95 = 17052.6
		for _ in 0..162 {
			c.count(Fx::from_int(100), Fx::lit(1, 360));
		}
		c.propose(Fx::from_int(5), Fx::lit(3, 10), false);
		match c.commit(rated) {
			AnchorOutcome::Capacity(q) => {
				assert!((q - Fx::ratio(16200 * 100, 95)).abs() < Fx::from_int(150), "{:?}", q)
			},
			AnchorOutcome::None => panic!("no capacity update"),
		}
		// the rest anchor is more precise than the full one: it becomes the reference
		assert_eq!(c.net_as, Fx::ZERO);
		assert_eq!(c.updates, 1);
		// a full charge starts the next span; a second discharge observation merges on top
		c.count(-Fx::from_int(16_000), Fx::lit(1, 2));
		c.propose(Fx::from_int(100), Fx::lit(1, 2), true);
		assert_eq!(c.commit(rated), AnchorOutcome::None);
		for _ in 0..160 {
			c.count(Fx::from_int(100), Fx::lit(1, 360));
		}
		c.propose(Fx::from_int(5), Fx::lit(1, 2), false);
		assert!(matches!(c.commit(rated), AnchorOutcome::Capacity(_)));
		assert_eq!(c.updates, 2);
	}

	#[test]
	fn only_the_best_observation_per_reference_counts() {
		let rated = Fx::from_int(18_000);
		let mut c = CapacityTracker::new(rated);
		c.propose(Fx::from_int(100), Fx::lit(3, 10), false);
		c.commit(rated);
		// an imprecise mid-span observation (σ 3 %) pointing at 15 000 A·s …
		for _ in 0..75 {
			c.count(Fx::from_int(100), Fx::lit(1, 360));
		}
		c.propose(Fx::from_int(50), Fx::from_int(3), false);
		assert!(matches!(c.commit(rated), AnchorOutcome::Capacity(_)));
		// … is replaced, not compounded, by a precise one at the end of the span (16 000 A·s)
		for _ in 0..77 {
			c.count(Fx::from_int(100), Fx::lit(1, 360));
		}
		c.propose(Fx::from_int(5), Fx::lit(3, 10), false);
		c.commit(rated);
		let want = Fx::ratio(15_200 * 100, 95);
		assert!((c.cap_as - want).abs() < Fx::from_int(200), "{:?} vs {:?}", c.cap_as, want);
	}

	#[test]
	fn close_anchors_give_no_capacity() {
		let rated = Fx::from_int(18_000);
		let mut c = CapacityTracker::new(rated);
		c.propose(Fx::from_int(80), Fx::ONE, false);
		c.commit(rated);
		c.count(Fx::from_int(3600), Fx::lit(1, 10));
		c.propose(Fx::from_int(60), Fx::ONE, false);
		assert_eq!(c.commit(rated), AnchorOutcome::None);
		assert_eq!(c.cap_as, rated);
		// a charge span (60 % -> 100 %) is too short as well
		c.count(-Fx::from_int(7200), Fx::lit(1, 10));
		c.propose(Fx::from_int(100), Fx::lit(1, 2), true);
		assert_eq!(c.commit(rated), AnchorOutcome::None);
	}

	#[test]
	fn charge_span_used_only_before_a_discharge_observation() {
		let rated = Fx::from_int(18_000);
		let mut c = CapacityTracker::new(rated);
		c.propose(Fx::from_int(5), Fx::lit(3, 10), false);
		c.commit(rated);
		c.count(-Fx::from_int(15_200), Fx::lit(1, 2));
		c.propose(Fx::from_int(100), Fx::lit(1, 2), true);
		assert!(matches!(c.commit(rated), AnchorOutcome::Capacity(_)));
		assert!(c.cap_as < Fx::from_int(17_000));
		assert_eq!(c.updates, 0);
	}
}
