//! The battery's rated data and characterisation ([`EstimatorConfig`], stored by the on-chain
//! digital twin) and the per-batch derived model ([`Model`]) the estimator works with.

use crate::fixed::Fx;
use crate::ocv::{OcvCurve, OCV_POINTS};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Cell chemistry of a battery: the one chemistry type of battery-chain, declared by the
/// manufacturer in the passport's factory data and repeated in the estimator configuration (the
/// telemetry pallet refuses a characterisation whose chemistry differs from the passport's). The
/// estimator itself derives what it needs, e.g. how flat the OCV curve is, from the OCV table.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Chemistry {
	/// Lithium iron phosphate cathode (LFP; flat OCV plateau).
	#[codec(index = 0)]
	Lfp,
	/// Lithium nickel manganese cobalt oxide cathode (NMC / NCM, "ternary").
	#[codec(index = 1)]
	Nmc,
	/// Lithium nickel cobalt aluminium oxide cathode (NCA).
	#[codec(index = 2)]
	Nca,
	/// Lithium manganese oxide cathode (LMO).
	#[codec(index = 3)]
	Lmo,
	/// Lithium titanate anode (LTO).
	#[codec(index = 4)]
	Lto,
	/// Lithium cobalt oxide cathode (LCO).
	#[codec(index = 5)]
	Lco,
	/// Lithium manganese iron phosphate cathode (LMFP).
	#[codec(index = 6)]
	Lmfp,
	/// Sodium-ion.
	#[codec(index = 7)]
	SodiumIon,
	/// Nickel-metal hydride.
	#[codec(index = 8)]
	NiMh,
	/// Solid-state lithium.
	#[codec(index = 9)]
	SolidState,
	/// Any other chemistry (described by the passport's model designation).
	#[codec(index = 10)]
	Other,
}

/// What a BMS vendor configures for one cell: rated data, a 41-point OCV–SOC table and a 1-RC
/// equivalent-circuit fit (fresh cell, 25 °C). SCALE encoded it is [`EstimatorConfig::max_encoded_len`]
/// = 201 bytes. Integer units are given in every field name.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct EstimatorConfig {
	/// Usable capacity of the fresh cell (C/20 from full to `min_voltage_mv`), µAh.
	pub rated_capacity_uah: u64,
	/// Nominal (mean C/20 discharge) voltage, mV.
	pub nominal_voltage_mv: u32,
	/// Minimum (discharge cut-off) voltage, mV.
	pub min_voltage_mv: u32,
	/// Maximum (charge) voltage, mV.
	pub max_voltage_mv: u32,
	/// Open-circuit voltage at SOC = 0 %, 2.5 %, …, 100 % (41 points), µV.
	pub ocv_uv: [u32; OCV_POINTS],
	/// Ohmic resistance R0 of the 1-RC fit, µΩ.
	pub r0_micro_ohm: u32,
	/// Polarisation resistance R1 of the 1-RC fit, µΩ.
	pub r1_micro_ohm: u32,
	/// Time constant R1·C1 of the 1-RC fit, ms.
	pub tau1_ms: u32,
	/// Nominal telemetry sample period, ms.
	pub sample_period_ms: u32,
	/// Declared chemistry.
	pub chemistry: Chemistry,
}

/// Why an [`EstimatorConfig`] was rejected.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ConfigError {
	/// Capacity is zero or above 2000 Ah.
	Capacity,
	/// Voltage limits are zero, inverted, or above 60 V (one cell or module).
	VoltageLimits,
	/// The OCV table decreases somewhere or lies outside the voltage limits by more than 0.5 V.
	OcvTable,
	/// R0, R1 or τ1 is zero or implausibly large (R > 10 Ω, τ1 > 10 000 s).
	EquivalentCircuit,
	/// A stated history ([`crate::prior::TwinPrior`]) is implausible for the rated data: its
	/// capacity outside 0.3–1.2 × rated (or above 2 000 Ah), its R0 outside 0.3–8 × rated, or
	/// more than 100 000 cycles.
	Prior,
}

impl EstimatorConfig {
	/// Check the configuration for values the estimator cannot work with.
	pub fn validate(&self) -> Result<(), ConfigError> {
		if self.rated_capacity_uah == 0 || self.rated_capacity_uah > 2_000_000_000 {
			return Err(ConfigError::Capacity);
		}
		if self.min_voltage_mv == 0
			|| self.max_voltage_mv <= self.min_voltage_mv
			|| self.max_voltage_mv > 60_000
		{
			return Err(ConfigError::VoltageLimits);
		}
		let lo = (self.min_voltage_mv as u64).saturating_sub(500) * 1000;
		let hi = (self.max_voltage_mv as u64 + 500) * 1000;
		let mut prev = 0u32;
		for &v in self.ocv_uv.iter() {
			if v < prev || (v as u64) < lo || (v as u64) > hi {
				return Err(ConfigError::OcvTable);
			}
			prev = v;
		}
		if self.ocv_uv[OCV_POINTS - 1] <= self.ocv_uv[0] {
			return Err(ConfigError::OcvTable);
		}
		if self.r0_micro_ohm == 0
			|| self.r0_micro_ohm > 10_000_000
			|| self.r1_micro_ohm > 10_000_000
			|| self.tau1_ms == 0
			|| self.tau1_ms > 10_000_000
		{
			return Err(ConfigError::EquivalentCircuit);
		}
		Ok(())
	}
}

/// The configuration converted to the estimator's fixed-point working units (derived once per
/// batch; lives on the stack, no allocation).
#[derive(Clone, Debug)]
pub struct Model {
	/// OCV curve (mV over SOC %).
	pub ocv: OcvCurve,
	/// Rated capacity, A·s.
	pub cap_rated_as: Fx,
	/// Current of 1C for the rated capacity, A.
	pub one_c_a: Fx,
	/// Minimum voltage, mV.
	pub v_min: Fx,
	/// Maximum voltage, mV.
	pub v_max: Fx,
	/// Rated R0, mΩ.
	pub r0: Fx,
	/// Rated R1, mΩ.
	pub r1: Fx,
	/// τ1, s.
	pub tau: Fx,
	/// Nominal sample period, s (at least 1 s).
	pub period_s: Fx,
	/// Solid-diffusion lag of the particle-surface SOC under a steady 1C current, % (see
	/// [`crate::estimator`]): larger for phosphate cathodes, whose solid-state lithium transport
	/// is slow.
	pub diff_pct_per_c: Fx,
}

/// Diffusion lag per C (%) of cells with layered-oxide or other cathodes.
pub const DIFF_PCT_PER_C: Fx = Fx::lit(2, 1);
/// Diffusion lag per C (%) of phosphate (olivine) cathodes: LFP, LMFP.
pub const DIFF_PCT_PER_C_PHOSPHATE: Fx = Fx::lit(6, 1);

/// A capacity in µAh as A·s (× 3600 / 1e6), the estimator's working unit.
pub(crate) fn uah_to_as(uah: u64) -> Fx {
	Fx::ratio((uah as i64).saturating_mul(36), 10_000)
}

impl Model {
	/// Derive the working model; `Err` if the configuration is invalid.
	pub fn new(cfg: &EstimatorConfig) -> Result<Model, ConfigError> {
		cfg.validate()?;
		let cap_as = uah_to_as(cfg.rated_capacity_uah);
		Ok(Model {
			ocv: OcvCurve::from_uv(&cfg.ocv_uv),
			cap_rated_as: cap_as,
			one_c_a: cap_as.div_int(3600),
			v_min: Fx::from_int(cfg.min_voltage_mv as i64),
			v_max: Fx::from_int(cfg.max_voltage_mv as i64),
			r0: Fx::ratio(cfg.r0_micro_ohm as i64, 1000),
			r1: Fx::ratio(cfg.r1_micro_ohm as i64, 1000),
			tau: Fx::ratio(cfg.tau1_ms as i64, 1000),
			period_s: Fx::ratio(cfg.sample_period_ms.max(1000) as i64, 1000),
			diff_pct_per_c: match cfg.chemistry {
				Chemistry::Lfp | Chemistry::Lmfp => DIFF_PCT_PER_C_PHOSPHATE,
				_ => DIFF_PCT_PER_C,
			},
		})
	}
}
