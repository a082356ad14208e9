//! Holding, releasing and slashing deposits.
//!
//! Every deposit is recorded next to the thing it pays for (application, role grant, user
//! registration, device), so what is released or slashed is exactly what was held, whatever the
//! configured deposit is at that time.

use crate::{BalanceOf, Config, Error, HoldReason, Pallet};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{BalancedHold, MutateHold},
		tokens::Precision,
		Imbalance, OnUnbalanced,
	},
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Hold `amount` from `who` for `reason`.
	///
	/// Errors: [`Error::InsufficientBalance`] if the free balance cannot cover it.
	pub(crate) fn hold_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::hold(&reason.into(), who, amount)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		Ok(())
	}

	/// Release up to `amount` held from `who` for `reason`; returns what was released.
	pub(crate) fn release_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		if amount.is_zero() {
			return Ok(Zero::zero());
		}
		T::Currency::release(&reason.into(), who, amount, Precision::BestEffort)
	}

	/// Slash up to `amount` held from `who` for `reason` to [`Config::Slashed`]; returns what was
	/// slashed.
	pub(crate) fn slash_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> BalanceOf<T> {
		if amount.is_zero() {
			return Zero::zero();
		}
		let (credit, _not_slashed) = T::Currency::slash(&reason.into(), who, amount);
		let slashed = credit.peek();
		T::Slashed::on_unbalanced(credit);
		slashed
	}

	/// Release or slash `amount`; returns `(refunded, slashed)`.
	pub(crate) fn settle_deposit(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
		slash: bool,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		if slash {
			Ok((Zero::zero(), Self::slash_deposit(reason, who, amount)))
		} else {
			Ok((Self::release_deposit(reason, who, amount)?, Zero::zero()))
		}
	}
}
