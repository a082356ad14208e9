//! Users registered by operators.

use crate::{
	Config, Devices, Error, Event, HoldReason, OperatorUserCount, OperatorUsers, Pallet,
	UserOperators, UserRegistration,
};
use battery_primitives::consortium::Role;
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Register `user` for `operator` (see [`Pallet::register_user`]). Returns the number of
	/// operators the user had before (the weight component).
	///
	/// Errors: [`Error::NotMember`], [`Error::MemberIsSuspended`], [`Error::MissingRole`] (the
	/// operator), [`Error::AccountIsDevice`], [`Error::UserAlreadyRegistered`],
	/// [`Error::TooManyUsers`], [`Error::TooManyOperators`], [`Error::InsufficientBalance`].
	pub(crate) fn do_register_user(
		operator: T::AccountId,
		user: T::AccountId,
	) -> Result<u32, DispatchError> {
		Self::ensure_role(&operator, Role::Operator)?;
		ensure!(!Devices::<T>::contains_key(&user), Error::<T>::AccountIsDevice);
		ensure!(
			!OperatorUsers::<T>::contains_key(&operator, &user),
			Error::<T>::UserAlreadyRegistered
		);
		let user_count = OperatorUserCount::<T>::get(&operator);
		ensure!(user_count < T::MaxUsersPerOperator::get(), Error::<T>::TooManyUsers);
		let user_count = user_count.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;
		let mut operators = UserOperators::<T>::get(&user).unwrap_or_default();
		let before = operators.len() as u32;
		operators.try_push(operator.clone()).map_err(|_| Error::<T>::TooManyOperators)?;

		let deposit = T::UserDeposit::get();
		Self::hold_deposit(HoldReason::UserDeposit, &operator, deposit)?;
		let registered_at = frame_system::Pallet::<T>::block_number();
		UserOperators::<T>::insert(&user, operators);
		OperatorUsers::<T>::insert(&operator, &user, UserRegistration { deposit, registered_at });
		OperatorUserCount::<T>::insert(&operator, user_count);
		Self::deposit_event(Event::UserRegistered { operator, user, deposit });
		Ok(before)
	}

	/// Remove `user` from `operator`'s users (see [`Pallet::remove_user`] and
	/// [`Pallet::force_remove_user`]; the caller checks the origin). Returns the number of
	/// operators the user had before (the weight component).
	///
	/// Errors: [`Error::UserNotRegistered`].
	pub(crate) fn do_remove_user(
		operator: T::AccountId,
		user: T::AccountId,
		forced: bool,
	) -> Result<u32, DispatchError> {
		let registration =
			OperatorUsers::<T>::take(&operator, &user).ok_or(Error::<T>::UserNotRegistered)?;
		let mut operators = UserOperators::<T>::get(&user).unwrap_or_default();
		let before = operators.len() as u32;
		operators.retain(|o| o != &operator);
		if operators.is_empty() {
			UserOperators::<T>::remove(&user);
		} else {
			UserOperators::<T>::insert(&user, operators);
		}
		OperatorUserCount::<T>::mutate_exists(&operator, |count| {
			*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
		});
		let refunded =
			Self::release_deposit(HoldReason::UserDeposit, &operator, registration.deposit)?;
		Self::deposit_event(Event::UserRemoved { operator, user, refunded, forced });
		Ok(before)
	}

	/// Register `user` for `operator` without deposit (genesis and benchmarks).
	///
	/// Errors: as [`Self::do_register_user`] without the balance check.
	pub(crate) fn insert_user(operator: &T::AccountId, user: &T::AccountId) -> DispatchResult {
		ensure!(
			!OperatorUsers::<T>::contains_key(operator, user),
			Error::<T>::UserAlreadyRegistered
		);
		let user_count = OperatorUserCount::<T>::get(operator);
		ensure!(user_count < T::MaxUsersPerOperator::get(), Error::<T>::TooManyUsers);
		let mut operators = UserOperators::<T>::get(user).unwrap_or_default();
		operators.try_push(operator.clone()).map_err(|_| Error::<T>::TooManyOperators)?;
		let registered_at = frame_system::Pallet::<T>::block_number();
		UserOperators::<T>::insert(user, operators);
		OperatorUsers::<T>::insert(
			operator,
			user,
			UserRegistration { deposit: Zero::zero(), registered_at },
		);
		OperatorUserCount::<T>::insert(operator, user_count.saturating_add(1));
		Ok(())
	}
}
