//! Reader keys: the X25519 public key each member and user registers so that confidential
//! records can be sealed for it (`battery_primitives::sealed`). Rotating keeps the replaced key in
//! a bounded history (records sealed before stay sealed to it; its owner keeps the secret), and
//! a key belongs to one account while it is current or kept in that history, so a wrapped key
//! names one reader. Registering a key proves nothing about holding its secret (X25519 keys do
//! not sign): a copied key gains nothing but blocks its owner, who then makes a new one.

use crate::{
	AuthorityReaderKey, Config, Error, Event, Pallet, ReaderKeyOwners, ReaderKeyRecord, ReaderKeys,
	RetiredReaderKey,
};
use battery_primitives::{
	consortium::ConsortiumInspect,
	sealed::{is_valid_reader_key, ReaderPublicKey},
};
use frame_support::{ensure, pallet_prelude::DispatchResult};

impl<T: Config> Pallet<T> {
	/// [`Pallet::set_reader_key`](crate::Pallet::set_reader_key).
	///
	/// Errors: [`Error::NotReader`], [`Error::InvalidReaderKey`], [`Error::ReaderKeyInUse`].
	pub(crate) fn do_set_reader_key(who: T::AccountId, key: ReaderPublicKey) -> DispatchResult {
		ensure!(!<Self as ConsortiumInspect<_>>::roles(&who).is_empty(), Error::<T>::NotReader);
		Self::ensure_fresh_key(&key)?;
		let now = frame_system::Pallet::<T>::block_number();
		let replaced = match ReaderKeys::<T>::get(&who) {
			None => {
				ReaderKeys::<T>::insert(
					&who,
					ReaderKeyRecord { current: key, since: now, retired: Default::default() },
				);
				None
			},
			Some(mut record) => {
				let old = RetiredReaderKey { key: record.current, from: record.since, until: now };
				if record.retired.is_full() && !record.retired.is_empty() {
					// The oldest retired key leaves the history and its ownership ends.
					let dropped = record.retired.remove(0);
					ReaderKeyOwners::<T>::remove(dropped.key);
				}
				if let Err(unkept) = record.retired.try_push(old) {
					// No history at all (a bound of zero): the replaced key is simply released.
					ReaderKeyOwners::<T>::remove(unkept.key);
				}
				let replaced = record.current;
				record.current = key;
				record.since = now;
				ReaderKeys::<T>::insert(&who, record);
				Some(replaced)
			},
		};
		ReaderKeyOwners::<T>::insert(key, &who);
		Self::deposit_event(Event::ReaderKeySet { who, key, replaced });
		Ok(())
	}

	/// [`Pallet::set_authority_reader_key`](crate::Pallet::set_authority_reader_key).
	///
	/// Errors: [`Error::InvalidReaderKey`], [`Error::ReaderKeyInUse`].
	pub(crate) fn do_set_authority_reader_key(key: ReaderPublicKey) -> DispatchResult {
		Self::ensure_fresh_key(&key)?;
		let replaced = AuthorityReaderKey::<T>::get();
		AuthorityReaderKey::<T>::put(key);
		Self::deposit_event(Event::AuthorityReaderKeySet { key, replaced });
		Ok(())
	}

	/// A key that may become a reader key: not of small order, and neither an account's (current
	/// or kept) key nor the Authority's.
	fn ensure_fresh_key(key: &ReaderPublicKey) -> DispatchResult {
		ensure!(is_valid_reader_key(key), Error::<T>::InvalidReaderKey);
		ensure!(
			!ReaderKeyOwners::<T>::contains_key(key)
				&& AuthorityReaderKey::<T>::get().as_ref() != Some(key),
			Error::<T>::ReaderKeyInUse
		);
		Ok(())
	}

	/// The current reader key of `who` (whatever its standing).
	pub fn reader_key(who: &T::AccountId) -> Option<ReaderPublicKey> {
		ReaderKeys::<T>::get(who).map(|record| record.current)
	}

	/// Every kept reader key of `who`: the current one, then the retired ones, oldest first.
	pub fn kept_reader_keys(who: &T::AccountId) -> alloc::vec::Vec<ReaderPublicKey> {
		ReaderKeys::<T>::get(who)
			.map(|record| {
				core::iter::once(record.current)
					.chain(record.retired.iter().map(|retired| retired.key))
					.collect()
			})
			.unwrap_or_default()
	}

	/// The current reader key of `who` while it holds an active role: the key new records are
	/// sealed to.
	pub fn active_reader_key(who: &T::AccountId) -> Option<ReaderPublicKey> {
		if <Self as ConsortiumInspect<_>>::roles(who).is_empty() {
			return None;
		}
		Self::reader_key(who)
	}
}
