//! A twin that starts from a known history: the battery's operator (or the admin origin) states
//! the cells' capacity, resistance and cycles with their provenance before the first result
//! ([`Pallet::seed_twin`](crate::Pallet::seed_twin)); a certified second life records its
//! assessment the same way. The twin stays open (the stated figures are public in the call
//! anyway) until the first result seals it; the estimator starts from the seeded state
//! (`battery_estimator::seeded_state`), so every node computes the same first result.

use crate::{
	Characterisations, Config, Error, Event, Pallet, Telemetry, Twin, TwinRecord, TwinSeed,
	TwinSeeds, TwinState, TwinStates, ESTIMATOR_VERSION,
};
use battery_estimator::{seeded_state, TwinPrior};
use battery_primitives::{
	consortium::BatteryId,
	telemetry::{BatteryInfo, SeedSource, UsageSummary},
};
use frame_support::ensure;
use sp_runtime::{DispatchError, DispatchResult};

impl<T: Config> Pallet<T> {
	/// [`Pallet::seed_twin`](crate::Pallet::seed_twin) by `caller` (`None`: the admin origin).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotBatteryOperator`], for a prior twin its
	/// [`Error::UnknownBattery`], [`Error::TwinHasHistory`], [`Error::NoCharacterisation`],
	/// [`Error::InvalidTwinPrior`].
	pub(crate) fn do_seed_twin(
		caller: Option<T::AccountId>,
		battery: BatteryId,
		prior: TwinPrior,
		source: SeedSource,
		evidence: Option<[u8; 32]>,
	) -> DispatchResult {
		Self::ensure_operator_or_admin(&caller, &battery)?;
		if let SeedSource::PriorTwin(earlier) = &source {
			ensure!(T::Batteries::exists(earlier), Error::<T>::UnknownBattery);
		}
		Self::store_seed(&battery, prior, source, evidence, caller)
	}

	/// Seed `battery`'s twin from `prior` and record where it comes from.
	///
	/// Errors: [`Error::TwinHasHistory`] once a result was accepted (the twin is sealed),
	/// [`Error::NoCharacterisation`], [`Error::InvalidTwinPrior`] (or the characterisation's
	/// error).
	pub(crate) fn store_seed(
		battery: &BatteryId,
		prior: TwinPrior,
		source: SeedSource,
		evidence: Option<[u8; 32]>,
		by: Option<T::AccountId>,
	) -> DispatchResult {
		let resulted = Telemetry::<T>::get(battery).is_some_and(|t| t.results > 0);
		let sealed =
			TwinStates::<T>::get(battery).is_some_and(|s| matches!(s.twin, Twin::Sealed(_)));
		ensure!(!resulted && !sealed, Error::<T>::TwinHasHistory);
		let characterisation =
			Characterisations::<T>::get(battery).ok_or(Error::<T>::NoCharacterisation)?;
		let state = seeded_state(&characterisation.config, &prior)
			.map_err(|e| DispatchError::from(Self::config_error(e)))?;
		let now = frame_system::Pallet::<T>::block_number();
		TwinStates::<T>::insert(
			battery,
			TwinState {
				twin: Twin::Open(TwinRecord { state, summary: UsageSummary::default() }),
				estimator_version: ESTIMATOR_VERSION,
				updated_at: now,
			},
		);
		TwinSeeds::<T>::insert(
			battery,
			TwinSeed { prior, source: source.clone(), evidence, by: by.clone(), at: now },
		);
		Self::deposit_event(Event::TwinSeeded { battery: battery.clone(), source, by });
		Ok(())
	}
}
