//! Tag-signing keys and tag binding.

use crate::{
	BatteryId, Config, Error, Event, Hash32, Life, Pallet, Role, SigningKey, SigningKeyCount,
	SigningKeys, TagBinding, TagOwners, TagUid, Tags,
};
use battery_primitives::{
	battery::{is_valid_tag_uid, tag_signing_payload},
	consortium::ConsortiumInspect,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::Verify;

impl<T: Config> Pallet<T> {
	/// Register `key` for `who` (see [`Pallet::add_signing_key`]).
	///
	/// Errors: [`Error::NotMember`], [`Error::MissingRole`] (neither Manufacturer nor
	/// Recycler), [`Error::SigningKeyIsSelf`], [`Error::SigningKeyInUse`],
	/// [`Error::TooManySigningKeys`].
	pub(crate) fn do_add_signing_key(who: T::AccountId, key: T::AccountId) -> DispatchResult {
		let roles = T::Consortium::roles(&who);
		ensure!(Self::is_active_member(&who), Error::<T>::NotMember);
		ensure!(
			roles.contains(Role::Manufacturer) || roles.contains(Role::Recycler),
			Error::<T>::MissingRole
		);
		ensure!(key != who, Error::<T>::SigningKeyIsSelf);
		ensure!(!SigningKeys::<T>::contains_key(&key), Error::<T>::SigningKeyInUse);
		let count = SigningKeyCount::<T>::get(&who);
		ensure!(count < T::MaxSigningKeys::get(), Error::<T>::TooManySigningKeys);
		let count = count.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;

		SigningKeys::<T>::insert(&key, SigningKey { owner: who.clone(), added_at: Self::now() });
		SigningKeyCount::<T>::insert(&who, count);
		Self::deposit_event(Event::SigningKeyAdded { owner: who, key });
		Ok(())
	}

	/// Remove `who`'s signing key `key` (see [`Pallet::remove_signing_key`]).
	///
	/// Errors: [`Error::UnknownSigningKey`].
	pub(crate) fn do_remove_signing_key(who: T::AccountId, key: T::AccountId) -> DispatchResult {
		let registration = SigningKeys::<T>::get(&key).ok_or(Error::<T>::UnknownSigningKey)?;
		ensure!(registration.owner == who, Error::<T>::UnknownSigningKey);
		SigningKeys::<T>::remove(&key);
		SigningKeyCount::<T>::mutate_exists(&who, |count| {
			*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
		});
		Self::deposit_event(Event::SigningKeyRemoved { owner: who, key });
		Ok(())
	}

	/// Whether `signer` may sign tags for `who`: `who` itself or one of its signing keys.
	pub fn signs_for(signer: &T::AccountId, who: &T::AccountId) -> bool {
		signer == who || SigningKeys::<T>::get(signer).is_some_and(|key| &key.owner == who)
	}

	/// Bind tag `uid` to `battery` for `who` (see [`Pallet::bind_tag`]).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotManufacturer`], role errors
	/// (Manufacturer, or Recycler for a second life), [`Error::PassportClosed`],
	/// [`Error::BatteryFrozen`], [`Error::InvalidTagUid`], [`Error::TagAlreadyBound`],
	/// [`Error::UnknownSigner`], [`Error::BadSignature`].
	pub(crate) fn do_bind_tag(
		who: T::AccountId,
		battery: BatteryId,
		uid: TagUid,
		ndef_hash: Hash32,
		signer: T::AccountId,
		signature: T::Signature,
	) -> DispatchResult {
		let record = Self::battery(&battery)?;
		ensure!(record.manufacturer == who, Error::<T>::NotManufacturer);
		let role = if record.life == Life::Original { Role::Manufacturer } else { Role::Recycler };
		Self::ensure_role(&who, role)?;
		ensure!(!record.status.is_closed(), Error::<T>::PassportClosed);
		ensure!(!record.frozen, Error::<T>::BatteryFrozen);
		ensure!(is_valid_tag_uid(&uid), Error::<T>::InvalidTagUid);
		if let Some(bound) = TagOwners::<T>::get(&uid) {
			ensure!(bound == battery, Error::<T>::TagAlreadyBound);
		}
		ensure!(Self::signs_for(&signer, &who), Error::<T>::UnknownSigner);
		let payload = tag_signing_payload(&uid, &battery, &record.factory_hash);
		ensure!(signature.verify(&payload[..], &signer), Error::<T>::BadSignature);

		let replaced = Tags::<T>::get(&battery).map(|old| old.uid).filter(|old| old != &uid);
		if let Some(old) = &replaced {
			TagOwners::<T>::remove(old);
		}
		TagOwners::<T>::insert(&uid, &battery);
		Tags::<T>::insert(
			&battery,
			TagBinding {
				uid: uid.clone(),
				ndef_hash,
				signer: signer.clone(),
				signature,
				bound_at: Self::now(),
			},
		);
		Self::deposit_event(Event::TagBound { battery, uid, ndef_hash, signer, replaced });
		Ok(())
	}
}
