//! A certified second life's twin: it starts from the predecessor's assessment, not from a
//! fresh cell (pallet-recycling calls [`SecondLifeTwin::seed`] when the certification is
//! co-signed).

use crate::{Characterisation, Characterisations, Config, Event, Pallet, PhysicalModels};
use battery_primitives::{
	consortium::BatteryId,
	recycling::{Measures, SecondLifeTwin},
	telemetry::{BatteryInfo, SeedSource, TwinPrior},
};

impl<T: Config> SecondLifeTwin<T::AccountId> for Pallet<T> {
	/// The predecessor's characterisation with the rated capacity scaled by the assessed state
	/// of health, and R0 the assessed DC resistance of the pack brought to one cell through the
	/// predecessor's physical model (× parallel / series; the pack's own value without a model),
	/// written by `by` (the recycler). The OCV table, R1 and τ1, the sample period and the
	/// temperature window stay the predecessor's.
	fn seed(
		predecessor: &BatteryId,
		successor: &BatteryId,
		measures: &Measures,
		by: &T::AccountId,
	) -> bool {
		let Some(old) = Characterisations::<T>::get(predecessor) else { return false };
		let mut config = old.config;
		config.rated_capacity_uah =
			config.rated_capacity_uah.saturating_mul(u64::from(measures.soh_permille)) / 1_000;
		let resistance = u64::from(measures.resistance_micro_ohm);
		let cell_resistance = match PhysicalModels::<T>::get(predecessor) {
			Some(model) if model.series > 0 => {
				resistance.saturating_mul(u64::from(model.parallel)) / u64::from(model.series)
			},
			_ => resistance,
		};
		config.r0_micro_ohm = u32::try_from(cell_resistance).unwrap_or(u32::MAX);
		if config.validate().is_err()
			|| T::Batteries::chemistry(successor) != Some(config.chemistry)
		{
			return false;
		}
		let prior = TwinPrior {
			capacity_uah: config.rated_capacity_uah,
			r0_micro_ohm: Some(config.r0_micro_ohm),
			efc_milli: None,
		};
		Characterisations::<T>::insert(
			successor,
			Characterisation {
				config,
				temp_window_min_decic: old.temp_window_min_decic,
				temp_window_max_decic: old.temp_window_max_decic,
				set_by: Some(by.clone()),
				set_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::CharacterisationSet {
			battery: successor.clone(),
			by: Some(by.clone()),
		});
		// The twin starts from the assessment, recorded as a recertification. Cannot fail: the
		// prior is the characterisation's own rated data and the successor has no result.
		let _ =
			Self::store_seed(successor, prior, SeedSource::Recertification, None, Some(by.clone()));
		true
	}
}
