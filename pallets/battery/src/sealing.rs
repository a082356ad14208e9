//! The write-time checks of sealed records ([`battery_primitives::sealed`]): a new record is
//! sealed for exactly the reader keys in scope, a grant adds only readers in scope. The chain
//! never decrypts; the keys in scope come from the consortium ([`ConsortiumInspect::sealing_keys`]).

use crate::{BatteryId, Config, Error, Pallet};
use alloc::vec::Vec;
use battery_primitives::{
	consortium::{ConsortiumInspect, DataCategory},
	sealed::{self, Envelope, ReaderPublicKey, WrappedKey},
};
use frame_support::traits::Get;

battery_primitives::impl_sealing_errors!(Error);

impl<T: Config> Pallet<T> {
	/// The reader keys in scope for `category` of `battery`, with `author`'s when given.
	fn keys_in_scope(
		battery: &BatteryId,
		category: DataCategory,
		author: Option<&T::AccountId>,
	) -> Result<Vec<ReaderPublicKey>, Error<T>> {
		T::Consortium::sealing_keys(battery, category, author).ok_or(Error::<T>::UnknownBattery)
	}

	/// Check a new record `envelope` of `category` about `battery` written by `author`.
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::EnvelopeMismatch`],
	/// [`Error::MalformedEnvelope`], [`Error::NoRecipients`], [`Error::DuplicateRecipient`],
	/// [`Error::UnexpectedRecipient`], [`Error::MissingRecipient`].
	pub(crate) fn check_sealed<C: Get<u32>, R: Get<u32>>(
		envelope: &Envelope<C, R>,
		category: DataCategory,
		battery: &BatteryId,
		author: &T::AccountId,
	) -> Result<(), Error<T>> {
		let expected = Self::keys_in_scope(battery, category, Some(author))?;
		sealed::check_new_record(envelope, category, battery, &expected).map_err(Into::into)
	}

	/// Add the wraps of a grant by `granter` to `envelope` of `category` about `battery`: the
	/// granter must be in scope and a reader of the record (one of its kept keys, or for an
	/// Authority member the Authority's current key, is on it), each wrap for a key in scope
	/// that the record does not list, one per account (see [`sealed::add_readers`]).
	///
	/// Errors: [`Error::UnknownBattery`], [`Error::NotInScope`], [`Error::NotRecipient`],
	/// [`Error::EmptyGrant`], [`Error::DuplicateRecipient`], [`Error::UnexpectedRecipient`],
	/// [`Error::AlreadyRecipient`], [`Error::TooManyRecipients`].
	pub(crate) fn grant_sealed<C: Get<u32>, R: Get<u32>>(
		envelope: &mut Envelope<C, R>,
		category: DataCategory,
		battery: &BatteryId,
		granter: &T::AccountId,
		wraps: &[WrappedKey],
	) -> Result<(), Error<T>> {
		sealed::grant_in_scope::<_, T::Consortium, _, _>(
			envelope, category, battery, granter, wraps,
		)
		.map_err(Into::into)
	}
}
