//! A twin that starts from what is known of its cell ([`TwinPrior`]: an assessment, a prior
//! twin, a recertification) instead of from the mid-life guesses of a twin without history.
//!
//! [`seeded_state`] is deterministic: the same configuration and prior give the same state bytes
//! on every node. The seeded state is not initialised yet (SOC comes from its first sample, as
//! for a fresh state); its capacity, resistance, throughput and fade trend are the prior's and
//! are kept when the first sample initialises the rest.

use crate::config::{uah_to_as, ConfigError, EstimatorConfig, Model};
use crate::estimator::new_state;
use crate::fixed::Fx;
use crate::soh::{CapacityTracker, ResistanceTracker};
use crate::state::EstimatorState;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Relative variance of a stated capacity (1 % standard deviation: a capacity test).
const PRIOR_CAP_VAR: Fx = Fx::lit(1, 10_000);
/// Weight (C-rate²) of a stated R0 in the resistance RLS: that of eight 1C steps.
const PRIOR_R0_W: Fx = Fx::lit(8, 1);
/// A stated capacity must lie within these fractions of the rated one.
const CAP_MIN_FRAC_PPM: u64 = 300_000;
const CAP_MAX_FRAC_PPM: u64 = 1_200_000;
/// At most this many equivalent full cycles (thousandths) may be stated.
const MAX_EFC_MILLI: u64 = 100_000_000;
/// A stated capacity is at most the largest rated one a configuration may have, µAh.
const MAX_CAPACITY_UAH: u64 = 2_000_000_000;
/// A stated R0 must lie within these multiples of the rated one.
const R0_MIN_FRAC_PPM: u64 = 300_000;
const R0_MAX_FRAC_PPM: u64 = 8_000_000;

/// What is known of a cell before its twin's first sample (12 to 21 bytes SCALE encoded).
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct TwinPrior {
	/// Usable capacity now (C/20 at 25 °C from full to the minimum voltage), µAh.
	pub capacity_uah: u64,
	/// Ohmic resistance R0 at 25 °C, µΩ; `None` if not measured.
	pub r0_micro_ohm: Option<u32>,
	/// Equivalent full cycles the cell has done, thousandths; `None` if not known.
	pub efc_milli: Option<u64>,
}

impl TwinPrior {
	/// Check the prior against the rated data of `config`: the capacity within 0.3–1.2 × rated
	/// (and at most 2 000 Ah), R0 within 0.3–8 × rated, at most 100 000 cycles.
	pub fn validate(&self, config: &EstimatorConfig) -> Result<(), ConfigError> {
		let within = |value: u64, rated: u64, lo: u64, hi: u64| {
			let scaled = u128::from(value) * 1_000_000;
			scaled >= u128::from(rated) * u128::from(lo)
				&& scaled <= u128::from(rated) * u128::from(hi)
		};
		if !within(self.capacity_uah, config.rated_capacity_uah, CAP_MIN_FRAC_PPM, CAP_MAX_FRAC_PPM)
			|| self.capacity_uah > MAX_CAPACITY_UAH
			|| self.efc_milli.is_some_and(|efc| efc > MAX_EFC_MILLI)
		{
			return Err(ConfigError::Prior);
		}
		if let Some(r0) = self.r0_micro_ohm {
			if !within(
				u64::from(r0),
				u64::from(config.r0_micro_ohm),
				R0_MIN_FRAC_PPM,
				R0_MAX_FRAC_PPM,
			) {
				return Err(ConfigError::Prior);
			}
		}
		Ok(())
	}
}

/// The state a twin with the known history `prior` starts from (see the module docs).
pub fn seeded_state(
	config: &EstimatorConfig,
	prior: &TwinPrior,
) -> Result<EstimatorState, ConfigError> {
	let m = Model::new(config)?;
	prior.validate(config)?;
	let mut st = new_state();
	let cap_as = uah_to_as(prior.capacity_uah);
	st.cap = CapacityTracker::starting_at(cap_as, PRIOR_CAP_VAR);
	st.r0 = match prior.r0_micro_ohm {
		Some(r0) => {
			let r0 = Fx::ratio(r0 as i64, 1000);
			ResistanceTracker::with_prior(r0, PRIOR_R0_W, r0, m.one_c_a)
		},
		None => ResistanceTracker::new(m.r0, crate::estimator::R0_PRIOR_GROWTH, m.one_c_a),
	};
	if let Some(efc_milli) = prior.efc_milli {
		st.efc = Fx::ratio(efc_milli.min(i64::MAX as u64) as i64, 1000);
		// The fade trend starts from the fresh cell and the stated point.
		if st.efc > Fx::ZERO {
			st.trend.observe(Fx::ZERO, Fx::ONE);
			st.trend.observe(st.efc, cap_as.div(m.cap_rated_as));
		}
	}
	Ok(st)
}

/// Whether `st`, not yet initialised, carries a seeded history (its capacity is set; a fresh
/// state's is zero until the first sample).
pub fn is_seeded(st: &EstimatorState) -> bool {
	!st.initialized && st.cap.cap_as.0 != 0
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::estimator::tests::cfg;
	use crate::{process_batch, Sample};

	fn prior() -> TwinPrior {
		TwinPrior { capacity_uah: 4_500_000, r0_micro_ohm: Some(30_000), efc_milli: Some(400_000) }
	}

	#[test]
	fn a_seeded_twin_starts_from_its_history() {
		let mut st = seeded_state(&cfg(), &prior()).expect("seed");
		assert!(is_seeded(&st));
		// The first samples initialise SOC and keep the seeded capacity and resistance.
		let samples: [Sample; 60] = core::array::from_fn(|k| Sample {
			t_s: k as u32,
			current_ma: 0,
			voltage_mv: 3_600,
			temp_decic: 250,
		});
		let r = process_batch(&cfg(), &mut st, &samples).expect("batch");
		assert_eq!(r.soh_capacity_ppm, 900_000);
		assert_eq!(r.capacity_mah, 4_500);
		assert_eq!(r.soh_resistance_ppm, 1_500_000);
		assert_eq!(r.efc_milli, 400_000);
		assert!((r.soc_ppm as i64 - 500_000).abs() < 5_000);
		assert!(!is_seeded(&st));
	}

	#[test]
	fn seeding_is_deterministic() {
		use codec::Encode;
		let a = seeded_state(&cfg(), &prior()).expect("seed").encode();
		let b = seeded_state(&cfg(), &prior()).expect("seed").encode();
		assert_eq!(a, b);
		assert_ne!(a, new_state().encode());
	}

	#[test]
	fn an_implausible_prior_is_refused() {
		for bad in [
			TwinPrior { capacity_uah: 1_000_000, ..prior() },
			TwinPrior { capacity_uah: 6_500_000, ..prior() },
			TwinPrior { r0_micro_ohm: Some(1_000), ..prior() },
			TwinPrior { r0_micro_ohm: Some(200_000), ..prior() },
			TwinPrior { capacity_uah: 0, ..prior() },
			TwinPrior { capacity_uah: u64::MAX, ..prior() },
			TwinPrior { efc_milli: Some(100_000_001), ..prior() },
		] {
			assert_eq!(seeded_state(&cfg(), &bad), Err(ConfigError::Prior), "{bad:?}");
		}
		// Unknown resistance and cycles are fine.
		let partial = TwinPrior { capacity_uah: 4_000_000, r0_micro_ohm: None, efc_milli: None };
		assert!(seeded_state(&cfg(), &partial).is_ok());
	}
}
