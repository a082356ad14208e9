//! The digital twin's records written by people: the physical model, the cell characterisation,
//! the data-space description; and who may write them.

use crate::{
	Characterisation, Characterisations, Config, DataSpace, DataSpaces, Error, Event, Pallet,
	PhysicalModelOf, PhysicalModels,
};
use battery_estimator::{ConfigError, EstimatorConfig};
use battery_primitives::{
	consortium::{BatteryId, ConsortiumInspect, Role},
	telemetry::{BatteryInfo, TELEMETRY_PROTOCOL_VERSION},
};
use frame_support::{ensure, traits::Get};
use sp_runtime::{DispatchError, DispatchResult};

impl<T: Config> Pallet<T> {
	/// Whether `who` is `battery`'s operator and an active Operator.
	pub fn is_battery_operator(who: &T::AccountId, battery: &BatteryId) -> bool {
		T::Batteries::operator(battery).as_ref() == Some(who)
			&& T::Consortium::has_role(who, Role::Operator)
	}

	/// Whether `who` is `battery`'s manufacturer and an active Manufacturer.
	pub fn is_battery_manufacturer(who: &T::AccountId, battery: &BatteryId) -> bool {
		T::Batteries::manufacturer(battery).as_ref() == Some(who)
			&& T::Consortium::has_role(who, Role::Manufacturer)
	}

	/// `caller` (`None`: the admin origin) may write the operator's parts of `battery`'s twin.
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotBatteryOperator`].
	pub(crate) fn ensure_operator_or_admin(
		caller: &Option<T::AccountId>,
		battery: &BatteryId,
	) -> DispatchResult {
		ensure!(T::Batteries::exists(battery), Error::<T>::UnknownBattery);
		if let Some(who) = caller {
			ensure!(Self::is_battery_operator(who, battery), Error::<T>::NotBatteryOperator);
		}
		Ok(())
	}

	/// The pallet error for an estimator configuration error.
	pub fn config_error(error: ConfigError) -> Error<T> {
		match error {
			ConfigError::Capacity => Error::<T>::InvalidRatedCapacity,
			ConfigError::VoltageLimits => Error::<T>::InvalidVoltageLimits,
			ConfigError::OcvTable => Error::<T>::InvalidOcvTable,
			ConfigError::EquivalentCircuit => Error::<T>::InvalidEquivalentCircuit,
			ConfigError::Prior => Error::<T>::InvalidTwinPrior,
		}
	}

	/// [`Pallet::set_physical_model`](crate::Pallet::set_physical_model).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotBatteryOperator`],
	/// [`Error::InvalidPhysicalModel`].
	pub(crate) fn do_set_physical_model(
		caller: Option<T::AccountId>,
		battery: BatteryId,
		model: PhysicalModelOf<T>,
	) -> DispatchResult {
		Self::ensure_operator_or_admin(&caller, &battery)?;
		ensure!(
			model.length_mm > 0
				&& model.width_mm > 0
				&& model.height_mm > 0
				&& model.series > 0
				&& model.parallel > 0
				&& model.bms.iter().all(|component| component.count > 0),
			Error::<T>::InvalidPhysicalModel
		);
		PhysicalModels::<T>::insert(&battery, model);
		Self::deposit_event(Event::PhysicalModelSet { battery, by: caller });
		Ok(())
	}

	/// [`Pallet::set_characterisation`](crate::Pallet::set_characterisation).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotManufacturerOrOperator`],
	/// [`Error::InvalidRatedCapacity`], [`Error::InvalidVoltageLimits`],
	/// [`Error::InvalidOcvTable`], [`Error::InvalidEquivalentCircuit`],
	/// [`Error::InvalidTemperatureWindow`], [`Error::ChemistryMismatch`].
	pub(crate) fn do_set_characterisation(
		caller: Option<T::AccountId>,
		battery: BatteryId,
		config: EstimatorConfig,
		temp_window_min_decic: i16,
		temp_window_max_decic: i16,
	) -> DispatchResult {
		ensure!(T::Batteries::exists(&battery), Error::<T>::UnknownBattery);
		if let Some(who) = &caller {
			ensure!(
				Self::is_battery_manufacturer(who, &battery)
					|| Self::is_battery_operator(who, &battery),
				Error::<T>::NotManufacturerOrOperator
			);
		}
		config.validate().map_err(|e| DispatchError::from(Self::config_error(e)))?;
		ensure!(
			temp_window_min_decic < temp_window_max_decic
				&& temp_window_min_decic >= T::MinTemperatureDecic::get()
				&& temp_window_max_decic <= T::MaxTemperatureDecic::get(),
			Error::<T>::InvalidTemperatureWindow
		);
		ensure!(
			T::Batteries::chemistry(&battery) == Some(config.chemistry),
			Error::<T>::ChemistryMismatch
		);
		// A twin certified for a further life keeps the certification's data until its first
		// result (the admin origin may still correct it); any other seeded twin without result
		// starts again from its stated history on the new data.
		if caller.is_some() {
			ensure!(!Self::certified_and_unresulted(&battery), Error::<T>::CertifiedSeed);
		}
		Self::reseed_for(&battery, &config)?;
		Characterisations::<T>::insert(
			&battery,
			Characterisation {
				config,
				temp_window_min_decic,
				temp_window_max_decic,
				set_by: caller.clone(),
				set_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::CharacterisationSet { battery, by: caller });
		Ok(())
	}

	/// [`Pallet::set_data_space`](crate::Pallet::set_data_space).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotBatteryOperator`],
	/// [`Error::UnsupportedProtocolVersion`], [`Error::InvalidSamplePeriod`].
	pub(crate) fn do_set_data_space(
		caller: Option<T::AccountId>,
		battery: BatteryId,
		protocol_version: u32,
		sample_period_ms: u32,
	) -> DispatchResult {
		Self::ensure_operator_or_admin(&caller, &battery)?;
		ensure!(
			protocol_version > 0 && protocol_version <= TELEMETRY_PROTOCOL_VERSION,
			Error::<T>::UnsupportedProtocolVersion
		);
		ensure!(
			sample_period_ms >= T::MinSamplePeriodMs::get()
				&& sample_period_ms <= T::MaxSamplePeriodMs::get(),
			Error::<T>::InvalidSamplePeriod
		);
		DataSpaces::<T>::insert(&battery, DataSpace { protocol_version, sample_period_ms });
		Self::deposit_event(Event::DataSpaceSet { battery, protocol_version, sample_period_ms });
		Ok(())
	}

	/// [`Pallet::discard_batch`](crate::Pallet::discard_batch).
	///
	/// Errors: [`Error::UnknownBatch`] (also for a batch of another battery),
	/// [`Error::BatchNotPending`], [`Error::NotBatteryOperator`].
	pub(crate) fn do_discard_batch(
		caller: Option<T::AccountId>,
		battery: BatteryId,
		batch_hash: T::Hash,
	) -> DispatchResult {
		let record = crate::Batches::<T>::get(batch_hash)
			.filter(|record| record.battery == battery)
			.ok_or(Error::<T>::UnknownBatch)?;
		ensure!(matches!(record.status, crate::BatchStatus::Pending), Error::<T>::BatchNotPending);
		if let Some(who) = &caller {
			ensure!(
				Self::is_battery_operator(who, &battery)
					|| (who == &record.owner && T::Consortium::has_role(who, Role::Operator)),
				Error::<T>::NotBatteryOperator
			);
		}
		crate::PendingBatches::<T>::mutate_exists(&battery, |pending| {
			if let Some(queue) = pending.as_mut() {
				queue.retain(|hash| *hash != batch_hash);
				if queue.is_empty() {
					*pending = None;
				}
			}
		});
		Self::forget_batch(batch_hash);
		Self::deposit_event(Event::BatchDiscarded { battery, batch_hash, by: caller });
		Ok(())
	}
}
