//! Sample factory data.

use alloc::vec;
use battery_primitives::battery::{
	Chemistry, Date, FactoryData, ModelName, PlaceName, MAX_MODEL_LEN, MAX_PLACE_LEN,
};

/// Factory data of a 76.5 kWh LFP traction pack (the battery of the pallet tests).
pub fn pack() -> FactoryData {
	FactoryData {
		model: ModelName::truncate_from(b"CB-75 LFP pack".to_vec()),
		chemistry: Chemistry::Lfp,
		rated_capacity_mah: 230_000,
		min_voltage_mv: 280_000,
		nominal_voltage_mv: 332_800,
		max_voltage_mv: 379_600,
		rated_energy_wh: 76_544,
		max_charge_rate_milli_c: 1_000,
		max_discharge_rate_milli_c: 3_000,
		mass_g: 520_000,
		manufacturing_place: PlaceName::truncate_from(b"Ningde plant 3".to_vec()),
		manufacturing_date: Date::new(2025, 3, 14),
		expected_cycle_life: 4_000,
		warranty_months: 96,
	}
}

/// Factory data of the 5 Ah NMC test cell whose characterisation is
/// [`cell_config`](crate::cell_config) (same capacity, voltage limits and chemistry).
pub fn cell() -> FactoryData {
	FactoryData {
		model: ModelName::truncate_from(b"BENCH-NMC-5AH".to_vec()),
		chemistry: Chemistry::Nmc,
		rated_capacity_mah: 5_000,
		min_voltage_mv: 2_500,
		nominal_voltage_mv: 3_600,
		max_voltage_mv: 4_200,
		rated_energy_wh: 18,
		max_charge_rate_milli_c: 1_000,
		max_discharge_rate_milli_c: 2_000,
		mass_g: 70,
		manufacturing_place: PlaceName::truncate_from(b"Bench plant".to_vec()),
		manufacturing_date: Date::new(2026, 1, 1),
		expected_cycle_life: 1_000,
		warranty_months: 12,
	}
}

/// `data` with the longest model and manufacturing place the passport accepts (the worst case of
/// the benchmarks that store or hash factory data).
pub fn with_longest_text(data: FactoryData) -> FactoryData {
	FactoryData {
		model: ModelName::truncate_from(vec![b'x'; MAX_MODEL_LEN as usize]),
		manufacturing_place: PlaceName::truncate_from(vec![b'x'; MAX_PLACE_LEN as usize]),
		..data
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn samples_are_valid_factory_data() {
		for data in [pack(), cell(), with_longest_text(pack())] {
			assert_eq!(data.validate(), Ok(()));
		}
		assert_eq!(with_longest_text(cell()).model.len(), MAX_MODEL_LEN as usize);
	}

	#[test]
	fn the_cell_matches_its_characterisation() {
		let (data, config) = (cell(), crate::cell_config());
		assert_eq!(u64::from(data.rated_capacity_mah) * 1_000, config.rated_capacity_uah);
		assert_eq!(data.min_voltage_mv, config.min_voltage_mv);
		assert_eq!(data.nominal_voltage_mv, config.nominal_voltage_mv);
		assert_eq!(data.max_voltage_mv, config.max_voltage_mv);
	}
}
