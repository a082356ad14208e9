//! Resending: a node keeps its last signed result submissions per battery and sends one again
//! when the pool lost it.
//!
//! Under load a result or vote this node submitted can leave the transaction pool without
//! reaching a block (seen in zombienet under CI load: one of seven votes of the second estimator
//! node never landed, although its worker had computed every batch). Each submission is kept in
//! the node's local storage (the last `MaxRetainedBatches` of a battery). When its batch is
//! resulted, its key has no vote on it `OcwRetryBlocks` after it was sent, and the chain would
//! take it as an agreeing vote ([`Pallet::check_result`]), the same submission is signed again
//! (a new signature, so not the transaction the pool may have banned) and sent; a submission
//! whose vote is recorded, whose batch is gone, or that the chain would no longer take is
//! forgotten.

use super::OcwError;
use crate::{
	results::ResultOutcome, BatchStatus, BatchVotes, Batches, Call, Config, HashOf, Pallet,
	ResultSubmissionOf, SignatureOf,
};
use alloc::{boxed::Box, vec::Vec};
use battery_primitives::consortium::BatteryId;
use codec::{Decode, Encode};
use frame_support::traits::Get;
use frame_system::{
	offchain::{CreateAuthorizedTransaction, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::{offchain::storage::StorageValueRef, traits::Saturating, RuntimeAppPublic};

/// Persistent local-storage prefix of the per-battery submissions kept for resending.
pub const SENT_PREFIX: &[u8] = b"battery-chain/telemetry/ocw/sent/";

/// A result submission this node sent, and when.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct Sent<Submission, BlockNumber> {
	/// The submission.
	pub submission: Submission,
	/// The block at which it was last sent.
	pub sent_at: BlockNumber,
}

/// The kept submission type of a runtime.
pub type SentOf<T> = Sent<ResultSubmissionOf<T>, BlockNumberFor<T>>;

impl<T: Config> Pallet<T> {
	/// Submit the signed `submission` as an authorized transaction.
	pub(super) fn send(
		submission: ResultSubmissionOf<T>,
		signature: SignatureOf<T>,
	) -> Result<(), OcwError> {
		let call = Call::<T>::submit_result { submission: Box::new(submission), signature };
		let xt =
			<T as CreateAuthorizedTransaction<Call<T>>>::create_authorized_transaction(call.into());
		SubmitTransaction::<T, Call<T>>::submit_transaction(xt)
			.map_err(|()| OcwError::SubmissionFailed)
	}

	/// Keep `sent` among `battery`'s last submissions (at most `MaxRetainedBatches`).
	pub(super) fn keep_sent(battery: &BatteryId, sent: SentOf<T>) {
		let key = Self::battery_key(SENT_PREFIX, battery);
		let storage = StorageValueRef::persistent(&key);
		let mut kept: Vec<SentOf<T>> = storage.get().ok().flatten().unwrap_or_default();
		kept.retain(|k| {
			(k.submission.batch_hash, &k.submission.estimator)
				!= (sent.submission.batch_hash, &sent.submission.estimator)
		});
		kept.push(sent);
		let excess = kept.len().saturating_sub(T::MaxRetainedBatches::get() as usize);
		kept.drain(..excess);
		storage.set(&kept);
	}

	/// Send again, at block `now`, `battery`'s kept submissions the pool lost (see the module
	/// docs); how many were sent.
	pub fn resend_lost(battery: &BatteryId, now: BlockNumberFor<T>) -> u32 {
		let key = Self::battery_key(SENT_PREFIX, battery);
		let storage = StorageValueRef::persistent(&key);
		let Some(kept) = storage.get::<Vec<SentOf<T>>>().ok().flatten() else { return 0 };
		let retry: BlockNumberFor<T> = T::OcwRetryBlocks::get().into();
		let mut resent = 0u32;
		let mut still: Vec<SentOf<T>> = Vec::with_capacity(kept.len());
		for mut sent in kept {
			let batch: HashOf<T> = sent.submission.batch_hash;
			let Some(record) = Batches::<T>::get(batch) else { continue };
			if matches!(record.status, BatchStatus::Pending) {
				still.push(sent);
				continue;
			}
			let voted = BatchVotes::<T>::get(batch)
				.iter()
				.any(|vote| vote.estimator == sent.submission.estimator);
			if voted {
				continue;
			}
			if sent.sent_at.saturating_add(retry) > now {
				still.push(sent);
				continue;
			}
			let agreeing = matches!(
				Self::check_result(&sent.submission),
				Ok((_, ResultOutcome::Vote { agrees: true, .. }, _))
			);
			if !agreeing {
				continue;
			}
			let signature = sent.submission.estimator.sign(&sent.submission.signing_payload());
			let Some(signature) = signature else { continue };
			if Self::send(sent.submission.clone(), signature).is_ok() {
				resent = resent.saturating_add(1);
			}
			sent.sent_at = now;
			still.push(sent);
		}
		storage.set(&still);
		if resent > 0 {
			log::debug!(
				target: crate::LOG_TARGET,
				"sent {resent} lost results of battery {battery:?} again"
			);
		}
		resent
	}
}
