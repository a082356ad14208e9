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
	/// Errors: [`Error::UnknownBattery`], [`Error::NotBatteryOperator`],
	/// [`Error::InvalidSeedSource`] (a recertification, or the battery itself as prior twin), for
	/// a prior twin its [`Error::UnknownBattery`], [`Error::CertifiedSeed`],
	/// [`Error::TwinHasHistory`], [`Error::NoCharacterisation`], [`Error::InvalidTwinPrior`].
	pub(crate) fn do_seed_twin(
		caller: Option<T::AccountId>,
		battery: BatteryId,
		prior: TwinPrior,
		source: SeedSource,
		evidence: Option<[u8; 32]>,
	) -> DispatchResult {
		Self::ensure_operator_or_admin(&caller, &battery)?;
		match &source {
			// A recertification's history comes with the co-signed certification only.
			SeedSource::Recertification => return Err(Error::<T>::InvalidSeedSource.into()),
			SeedSource::PriorTwin(earlier) => {
				ensure!(*earlier != battery, Error::<T>::InvalidSeedSource);
				ensure!(T::Batteries::exists(earlier), Error::<T>::UnknownBattery);
			},
			SeedSource::Assessment | SeedSource::EndOfLine => {},
		}
		// A co-signed recertification's seed stands.
		ensure!(!Self::certified(&battery), Error::<T>::CertifiedSeed);
		Self::store_seed(&battery, prior, source, evidence, caller)
	}

	/// Whether `battery`'s twin starts from a co-signed recertification.
	fn certified(battery: &BatteryId) -> bool {
		TwinSeeds::<T>::get(battery).is_some_and(|seed| seed.source == SeedSource::Recertification)
	}

	/// Whether `battery` has no result yet: its twin is not sealed and no result was counted
	/// (a history may be stated, and a seeded twin is still open).
	fn before_first_result(battery: &BatteryId) -> bool {
		!Telemetry::<T>::get(battery).is_some_and(|t| t.results > 0)
			&& !TwinStates::<T>::get(battery).is_some_and(|s| matches!(s.twin, Twin::Sealed(_)))
	}

	/// Whether `battery`'s twin starts from a co-signed recertification and has no result yet.
	pub(crate) fn certified_and_unresulted(battery: &BatteryId) -> bool {
		Self::certified(battery) && Self::before_first_result(battery)
	}

	/// The twin `battery` started from before its first result: the seeded one when a history
	/// was stated ([`TwinSeeds`], for its current characterisation), else the fresh one.
	pub fn initial_twin(battery: &BatteryId) -> Option<Twin> {
		match TwinSeeds::<T>::get(battery) {
			None => Some(Twin::fresh()),
			Some(seed) => {
				let characterisation = Characterisations::<T>::get(battery)?;
				Self::seeded_twin(&characterisation.config, &seed.prior).ok()
			},
		}
	}

	/// The open twin `prior` seeds for `config`.
	///
	/// Errors: [`Error::InvalidTwinPrior`] (or the configuration's error).
	fn seeded_twin(
		config: &battery_estimator::EstimatorConfig,
		prior: &TwinPrior,
	) -> Result<Twin, DispatchError> {
		let state =
			seeded_state(config, prior).map_err(|e| DispatchError::from(Self::config_error(e)))?;
		Ok(Twin::Open(TwinRecord { state, summary: UsageSummary::default() }))
	}

	/// A new characterisation of `battery` while its twin is seeded and has no result: the
	/// seeded state is rebuilt for it (the stated figures must fit its rated data).
	///
	/// Errors: [`Error::InvalidTwinPrior`] (or the configuration's error).
	pub(crate) fn reseed_for(
		battery: &BatteryId,
		config: &battery_estimator::EstimatorConfig,
	) -> DispatchResult {
		let Some(seed) = TwinSeeds::<T>::get(battery) else { return Ok(()) };
		if !Self::before_first_result(battery) {
			return Ok(());
		}
		let twin = Self::seeded_twin(config, &seed.prior)?;
		TwinStates::<T>::mutate(battery, |stored| {
			if let Some(stored) = stored.as_mut() {
				stored.twin = twin;
			}
		});
		Ok(())
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
		ensure!(Self::before_first_result(battery), Error::<T>::TwinHasHistory);
		let characterisation =
			Characterisations::<T>::get(battery).ok_or(Error::<T>::NoCharacterisation)?;
		let twin = Self::seeded_twin(&characterisation.config, &prior)?;
		let now = frame_system::Pallet::<T>::block_number();
		TwinStates::<T>::insert(
			battery,
			TwinState { twin, estimator_version: ESTIMATOR_VERSION, updated_at: now },
		);
		TwinSeeds::<T>::insert(
			battery,
			TwinSeed { prior, source: source.clone(), evidence, by: by.clone(), at: now },
		);
		Self::deposit_event(Event::TwinSeeded { battery: battery.clone(), source, by });
		Ok(())
	}
}
