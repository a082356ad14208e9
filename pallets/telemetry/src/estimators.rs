//! Estimator keys: registration and removal.

use crate::{Config, Error, EstimatorRecord, EstimatorScope, Estimators, Event, Pallet};
use battery_primitives::consortium::{ConsortiumInspect, Role};
use frame_support::ensure;
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	/// [`Pallet::register_estimator`](crate::Pallet::register_estimator) by `caller` (`None`: the
	/// admin origin, scope [`EstimatorScope::Any`]; otherwise an Operator, scope
	/// [`EstimatorScope::Operator`]).
	///
	/// Errors: [`Error::NotOperator`], [`Error::EstimatorAlreadyRegistered`].
	pub(crate) fn do_register_estimator(
		caller: Option<T::AccountId>,
		estimator: T::EstimatorId,
	) -> DispatchResult {
		let scope = match caller {
			None => EstimatorScope::Any,
			Some(who) => {
				ensure!(T::Consortium::has_role(&who, Role::Operator), Error::<T>::NotOperator);
				EstimatorScope::Operator(who)
			},
		};
		ensure!(!Estimators::<T>::contains_key(&estimator), Error::<T>::EstimatorAlreadyRegistered);
		Estimators::<T>::insert(
			&estimator,
			EstimatorRecord {
				scope: scope.clone(),
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::EstimatorRegistered { estimator, scope });
		Ok(())
	}

	/// [`Pallet::remove_estimator`](crate::Pallet::remove_estimator) by `caller` (`None`: the
	/// admin origin).
	///
	/// Errors: [`Error::UnknownEstimator`], [`Error::NotOperator`],
	/// [`Error::NotEstimatorRegistrar`].
	pub(crate) fn do_remove_estimator(
		caller: Option<T::AccountId>,
		estimator: T::EstimatorId,
	) -> DispatchResult {
		let record = Estimators::<T>::get(&estimator).ok_or(Error::<T>::UnknownEstimator)?;
		if let Some(who) = caller {
			ensure!(T::Consortium::has_role(&who, Role::Operator), Error::<T>::NotOperator);
			ensure!(
				record.scope == EstimatorScope::Operator(who),
				Error::<T>::NotEstimatorRegistrar
			);
		}
		Estimators::<T>::remove(&estimator);
		Self::deposit_event(Event::EstimatorRemoved { estimator });
		Ok(())
	}
}
