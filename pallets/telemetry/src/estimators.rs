//! Estimator keys: registration with a deposit and a per-member cap, removal, and the
//! obligation they are for the consortium.

use crate::{
	BalanceOf, Config, Error, EstimatorDeposits, EstimatorRecord, EstimatorScope, Estimators,
	Event, HoldReason, MemberEstimatorCount, Pallet,
};
use battery_primitives::consortium::{ConsortiumInspect, MemberObligations, Obligation, Role};
use frame_support::{
	ensure,
	traits::{fungible::MutateHold, tokens::Precision, Get},
};
use sp_runtime::{traits::Zero, DispatchResult};

impl<T: Config> Pallet<T> {
	/// The scope a key registered by `caller` gets (`None`: the admin origin, every battery; an
	/// active Authority: every battery while it is one; an active Operator: its batteries).
	///
	/// Errors: [`Error::NotOperatorOrAuthority`].
	fn scope_for(caller: Option<T::AccountId>) -> Result<EstimatorScope<T::AccountId>, Error<T>> {
		Ok(match caller {
			None => EstimatorScope::Any,
			Some(who) if T::Consortium::has_role(&who, Role::Authority) => {
				EstimatorScope::Authority(who)
			},
			Some(who) if T::Consortium::has_role(&who, Role::Operator) => {
				EstimatorScope::Operator(who)
			},
			Some(_) => return Err(Error::<T>::NotOperatorOrAuthority),
		})
	}

	/// [`Pallet::register_estimator`](crate::Pallet::register_estimator) by `caller` (`None`: the
	/// admin origin).
	///
	/// Errors: [`Error::NotOperatorOrAuthority`], [`Error::EstimatorAlreadyRegistered`],
	/// [`Error::TooManyEstimators`], [`Error::CounterOverflow`], [`Error::InsufficientBalance`].
	pub(crate) fn do_register_estimator(
		caller: Option<T::AccountId>,
		estimator: T::EstimatorId,
	) -> DispatchResult {
		let scope = Self::scope_for(caller)?;
		ensure!(!Estimators::<T>::contains_key(&estimator), Error::<T>::EstimatorAlreadyRegistered);
		let mut deposit = BalanceOf::<T>::zero();
		if let Some(registrar) = scope.registrar() {
			let count = MemberEstimatorCount::<T>::get(registrar);
			ensure!(count < T::MaxEstimatorsPerMember::get(), Error::<T>::TooManyEstimators);
			let count = count.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;
			deposit = T::EstimatorDeposit::get();
			T::Currency::hold(&HoldReason::EstimatorDeposit.into(), registrar, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			MemberEstimatorCount::<T>::insert(registrar, count);
			EstimatorDeposits::<T>::insert(&estimator, (registrar.clone(), deposit));
		}
		Estimators::<T>::insert(
			&estimator,
			EstimatorRecord {
				scope: scope.clone(),
				registered_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::EstimatorRegistered { estimator, scope, deposit });
		Ok(())
	}

	/// [`Pallet::remove_estimator`](crate::Pallet::remove_estimator) by `caller` (`None`: the
	/// admin origin).
	///
	/// Errors: [`Error::UnknownEstimator`], [`Error::NotEstimatorRegistrar`] (also when the
	/// registrar lost the role it registered the key with: then the admin origin removes it).
	pub(crate) fn do_remove_estimator(
		caller: Option<T::AccountId>,
		estimator: T::EstimatorId,
	) -> DispatchResult {
		let record = Estimators::<T>::get(&estimator).ok_or(Error::<T>::UnknownEstimator)?;
		if let Some(who) = caller {
			ensure!(
				record.scope.registrar() == Some(&who) && Self::scope_active(&record.scope),
				Error::<T>::NotEstimatorRegistrar
			);
		}
		let mut refunded = BalanceOf::<T>::zero();
		if let Some((registrar, deposit)) = EstimatorDeposits::<T>::take(&estimator) {
			refunded = T::Currency::release(
				&HoldReason::EstimatorDeposit.into(),
				&registrar,
				deposit,
				Precision::BestEffort,
			)?;
			MemberEstimatorCount::<T>::mutate_exists(&registrar, |count| {
				*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
			});
		}
		Estimators::<T>::remove(&estimator);
		Self::deposit_event(Event::EstimatorRemoved { estimator, refunded });
		Ok(())
	}

	/// Whether the member behind `scope` still holds the role it was registered with.
	pub fn scope_active(scope: &EstimatorScope<T::AccountId>) -> bool {
		match scope {
			EstimatorScope::Any => true,
			EstimatorScope::Operator(who) => T::Consortium::has_role(who, Role::Operator),
			EstimatorScope::Authority(who) => T::Consortium::has_role(who, Role::Authority),
		}
	}
}

/// A member that registered estimator keys is not removed: their deposits are held from it.
/// (A suspension only pauses the keys.)
impl<T: Config> MemberObligations<T::AccountId> for Pallet<T> {
	fn obligation(who: &T::AccountId) -> Option<Obligation> {
		(MemberEstimatorCount::<T>::get(who) > 0).then_some(Obligation::EstimatorKeys)
	}
}
