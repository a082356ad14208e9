//! Reader keys: the X25519 public key each member and user registers so that confidential
//! records can be sealed for it (`battery_primitives::sealed`). Rotating keeps the replaced key in
//! a bounded history (records sealed before stay sealed to it; its owner keeps the secret), and
//! a key belongs to one account for good, so a wrapped key always names one reader.

use crate::{
	AuthorityReaderKey, Config, Error, Event, Pallet, ReaderKeyOwners, ReaderKeyRecord, ReaderKeys,
	RetiredReaderKey,
};
use battery_primitives::{consortium::ConsortiumInspect, sealed::ReaderPublicKey};
use frame_support::{ensure, pallet_prelude::DispatchResult};

/// X25519 public keys of small order: a box to one of them has a predictable shared secret, so
/// they are refused (the all-zero key and the other points of order 1, 2, 4 and 8 of
/// Curve25519, as the X25519 literature lists them).
const SMALL_ORDER_KEYS: [ReaderPublicKey; 5] = [
	[0; 32],
	{
		let mut one = [0u8; 32];
		one[0] = 1;
		one
	},
	[
		0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
		0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
		0xb8, 0x00,
	],
	[
		0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
		0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
		0x11, 0x57,
	],
	[
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
];

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
				if record.retired.is_full() {
					// The oldest retired key leaves the history and its ownership ends.
					let dropped = record.retired.remove(0);
					ReaderKeyOwners::<T>::remove(dropped.key);
				}
				record.retired.try_push(old).map_err(|_| Error::<T>::ReaderKeyInUse)?;
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
		ensure!(!SMALL_ORDER_KEYS.contains(key), Error::<T>::InvalidReaderKey);
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

	/// The current reader key of `who` while it holds an active role: the key new records are
	/// sealed to.
	pub fn active_reader_key(who: &T::AccountId) -> Option<ReaderPublicKey> {
		if <Self as ConsortiumInspect<_>>::roles(who).is_empty() {
			return None;
		}
		Self::reader_key(who)
	}
}
