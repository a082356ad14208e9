//! The test cell's characterisation.

use battery_estimator::{Chemistry, EstimatorConfig};

/// Operating temperature window of the test cell, 0.1 °C: −20 … 45 °C.
pub const CELL_TEMP_WINDOW_DECIC: (i16, i16) = (-200, 450);

/// The characterisation of the 5 Ah NMC test cell ([`cell`](crate::cell)): 2.5–4.2 V, an OCV
/// table rising linearly from 3.0 V at 0 % to 4.2 V at 100 % SOC, a 20 mΩ + 15 mΩ / 30 s 1-RC fit,
/// 1 s sampling.
pub fn cell_config() -> EstimatorConfig {
	let mut ocv_uv = [0u32; 41];
	let mut uv = 3_000_000u32;
	for v in ocv_uv.iter_mut() {
		*v = uv;
		uv = uv.saturating_add(30_000);
	}
	EstimatorConfig {
		rated_capacity_uah: 5_000_000,
		nominal_voltage_mv: 3_600,
		min_voltage_mv: 2_500,
		max_voltage_mv: 4_200,
		ocv_uv,
		r0_micro_ohm: 20_000,
		r1_micro_ohm: 15_000,
		tau1_ms: 30_000,
		sample_period_ms: 1_000,
		chemistry: Chemistry::Nmc,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_cell_config_is_valid_and_linear() {
		let config = cell_config();
		assert_eq!(config.validate(), Ok(()));
		assert_eq!(config.ocv_uv[0], 3_000_000);
		assert_eq!(config.ocv_uv[40], 4_200_000);
		assert!(config.ocv_uv.windows(2).all(|w| w[1] - w[0] == 30_000));
	}
}
