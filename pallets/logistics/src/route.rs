//! The shipment's sealed records: its reader keys (sender, carrier, recipient, the Authority)
//! and checkpoints.

use crate::{
	BatteryId, Checkpoint, CheckpointCount, Checkpoints, Config, ConsortiumInspect, DataCategory,
	Error, Event, LogisticsEnvelope, Pallet, SealedCheckpoint, ShipmentId, ShipmentStatus,
};
use alloc::vec::Vec;
use battery_primitives::sealed::{self, ReaderPublicKey};
use frame_support::{ensure, traits::Get};
use sp_runtime::DispatchResult;

battery_primitives::impl_new_record_errors!(Error);

impl<T: Config> Pallet<T> {
	/// The reader keys a shipment's sealed records carry: the current keys of its parties and
	/// the Authority's, each once, sorted.
	pub fn shipment_keys<'a>(
		parties: impl IntoIterator<Item = &'a T::AccountId>,
	) -> Vec<ReaderPublicKey> {
		T::Consortium::party_keys(parties)
	}

	/// Check a new sealed record of a shipment whose first battery is `first` and whose parties
	/// are `parties`: category `Logistics`, about `first`, well formed, sealed for exactly
	/// [`Self::shipment_keys`].
	///
	/// Errors: [`Error::EnvelopeMismatch`], [`Error::MalformedEnvelope`],
	/// [`Error::NoRecipients`], [`Error::DuplicateRecipient`], [`Error::UnexpectedRecipient`],
	/// [`Error::MissingRecipient`].
	pub(crate) fn check_sealed<'a>(
		envelope: &LogisticsEnvelope,
		first: &BatteryId,
		parties: impl IntoIterator<Item = &'a T::AccountId>,
	) -> Result<(), Error<T>>
	where
		T::AccountId: 'a,
	{
		let keys = Self::shipment_keys(parties);
		sealed::check_new_record(envelope, DataCategory::Logistics, first, &keys)
			.map_err(Into::into)
	}

	/// [`Pallet::record_checkpoint`](crate::Pallet::record_checkpoint) by `who`.
	///
	/// Errors: [`Error::UnknownShipment`], [`Error::NotCarrier`], [`Error::WrongStatus`], the
	/// envelope errors of [`Self::check_sealed`], [`Error::TooManyCheckpoints`].
	pub(crate) fn do_record_checkpoint(
		who: T::AccountId,
		id: ShipmentId,
		details: SealedCheckpoint,
	) -> DispatchResult {
		let shipment = Self::shipment(id)?;
		ensure!(shipment.carrier == who, Error::<T>::NotCarrier);
		ensure!(
			matches!(shipment.status, ShipmentStatus::InTransit { .. }),
			Error::<T>::WrongStatus
		);
		let first = shipment.batteries.first().ok_or(Error::<T>::EmptyShipment)?;
		Self::check_sealed(
			&details,
			first,
			[&shipment.sender, &shipment.carrier, &shipment.recipient],
		)?;
		let index = CheckpointCount::<T>::get(id);
		ensure!(index < T::MaxCheckpoints::get(), Error::<T>::TooManyCheckpoints);
		Checkpoints::<T>::insert(
			id,
			index,
			Checkpoint { recorded_at: frame_system::Pallet::<T>::block_number(), details },
		);
		CheckpointCount::<T>::insert(id, index.saturating_add(1));
		Self::deposit_event(Event::CheckpointRecorded { shipment: id, index });
		Ok(())
	}
}
