//! Grants of sealed results: a reader of a battery's twin or of a kept health result adds
//! readers who entered the Usage scope after it was sealed, checked like every grant
//! ([`battery_primitives::sealed::grant_in_scope`]). Nothing is ever taken back: a reader who
//! leaves the scope keeps what it could open, and gets no key for new results.

use crate::{
	BatteryInfo, Config, Error, Event, HealthHistory, LatestHealth, Pallet, ResultRecord, Twin,
	TwinStates,
};
use battery_primitives::{
	consortium::{BatteryId, DataCategory},
	sealed::{self, Envelope, WrappedKey},
};
use frame_support::{ensure, traits::Get};
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	/// [`Pallet::grant_result`](crate::Pallet::grant_result) by `who`.
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::UnknownRecord`], then those of
	/// [`Self::grant_usage`].
	pub(crate) fn do_grant_result(
		who: T::AccountId,
		battery: BatteryId,
		record: ResultRecord<T::Hash>,
		wraps: impl AsRef<[WrappedKey]>,
	) -> DispatchResult {
		ensure!(T::Batteries::exists(&battery), Error::<T>::UnknownBattery);
		let wraps = wraps.as_ref();
		match &record {
			ResultRecord::Twin => TwinStates::<T>::try_mutate(&battery, |stored| {
				match stored.as_mut().map(|stored| &mut stored.twin) {
					Some(Twin::Sealed(sealed)) => {
						Self::grant_usage(&mut sealed.envelope, &battery, &who, wraps)
					},
					_ => Err(Error::<T>::UnknownRecord),
				}
			})?,
			ResultRecord::Health { slot, batch_hash } => {
				let mut health = HealthHistory::<T>::get(&battery, slot)
					.filter(|health| health.batch_hash == *batch_hash)
					.ok_or(Error::<T>::UnknownRecord)?;
				Self::grant_usage(&mut health.health.envelope, &battery, &who, wraps)?;
				LatestHealth::<T>::mutate(&battery, |latest| {
					if let Some(latest) = latest.as_mut().filter(|l| l.batch_hash == *batch_hash) {
						latest.health = health.health.clone();
					}
				});
				HealthHistory::<T>::insert(&battery, slot, health);
			},
		}
		Self::deposit_event(Event::ResultGranted {
			battery,
			record,
			by: who,
			readers: u32::try_from(wraps.len()).unwrap_or(u32::MAX),
		});
		Ok(())
	}

	/// Add `who`'s `wraps` to `envelope`, a sealed usage record of `battery`.
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotInScope`], [`Error::NotRecipient`],
	/// [`Error::EmptyGrant`], [`Error::DuplicateRecipient`], [`Error::UnexpectedRecipient`],
	/// [`Error::AlreadyRecipient`], [`Error::TooManyRecipients`].
	fn grant_usage<C: Get<u32>, R: Get<u32>>(
		envelope: &mut Envelope<C, R>,
		battery: &BatteryId,
		who: &T::AccountId,
		wraps: &[WrappedKey],
	) -> Result<(), Error<T>> {
		sealed::grant_in_scope::<_, T::Consortium, _, _>(
			envelope,
			DataCategory::Usage,
			battery,
			who,
			wraps,
		)
		.map_err(Into::into)
	}
}
