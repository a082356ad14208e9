//! Catching up: votes on the results a node missed.
//!
//! An estimator node attests a batch by computing it while it is pending. A node can miss one:
//! a run of the node had the battery while the batch arrived and the next run left it alone,
//! or the node was a block behind (a result the pool dropped is sent again: [`super::resend`]).
//! Another node's result then
//! lands first, the batch is resulted without this node's vote, and the stored twin has moved
//! past it. The node still holds the twin of the last batch it estimated and the twin that
//! batch continued (its [`Tip`], with the batch's sequence number): from them it
//! **reproduces** the battery's resulted batches it has no vote on, one after the other —
//! the batches after its tip — and votes for each result it reproduced
//! exactly (the same commitments: the same health and the same next twin, so the same state
//! continued), with a local key the chain accepts as an agreeing vote
//! ([`Pallet::check_result`] before signing). A batch it does not reproduce ends the
//! catch-up and marks the tip so that it is not tried again: a node never disputes from its own
//! tip (a dispute is about the latest batch, computed from the stored twin while the batch is
//! pending; see [`crate::disputes`]). Votes rest on the commitments: they are salted hashes
//! of the plaintexts, independent of the readers sealed to, and the next twin's covers the
//! whole estimator state and running summary.
//!
//! A node that holds no tip of the battery (it never estimated it, e.g. its key came after the
//! first batch) starts from the twin the battery started with (fresh, or seeded from a stated
//! history), when the oldest retained result names that twin. A result accepted before the
//! battery's current characterisation was set is not reproduced (the characterisation it was
//! computed with is gone; reproducing it with the new one would attest a result computed with
//! figures that were not on chain then). After a failure (a batch it cannot open, a
//! transaction the pool refused) the battery waits out its catch-up lock (twice the run's time
//! budget) before the next attempt.
//!
//! Which batteries: every battery the pending scan visits (before its chain), and those of a
//! **watch list** in the node's local storage (the last [`WATCH_CAPACITY`] batteries a local
//! key covered in the pending scan, most recent last) whose queue is empty: a battery whose
//! last batch another node resulted is no longer in [`PendingBatches`]. One run at a time
//! catches up on a battery (a lock in local storage).
//!
//! What a node cannot catch up: more resulted batches in a row after its tip than are
//! retained ([`crate::Config::MaxRetainedBatches`]), and batteries whose oldest retained
//! result does not continue a twin it holds.

use super::{open_twin, OcwError, Tip, TipOf};
use crate::{
	results::ResultOutcome, BatchRecordOf, BatchStatus, Batches, Characterisations, Config, HashOf,
	HealthHistory, LatestHealth, Pallet, PendingBatches, RetainedBatches, Twin,
};
use alloc::{collections::BTreeSet, vec::Vec};
use battery_primitives::consortium::BatteryId;
use codec::Encode;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::offchain::{
	storage::{StorageRetrievalError, StorageValueRef},
	storage_lock::StorageLock,
	Duration, Timestamp,
};

/// Persistent local-storage key of the watch list (a SCALE `Vec<BatteryId>`).
pub const WATCH_KEY: &[u8] = b"battery-chain/telemetry/ocw/watch";

/// Persistent local-storage prefix of the per-battery catch-up locks.
pub const CATCH_UP_LOCK_PREFIX: &[u8] = b"battery-chain/telemetry/ocw/catch-up/";

/// Batteries the watch list holds at most.
pub const WATCH_CAPACITY: usize = 256;

/// What a catch-up on a battery did.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CaughtUp {
	/// Resulted batches estimated again.
	pub reproduced: u32,
	/// Votes submitted.
	pub voted: u32,
	/// The failure that stopped it, if any.
	pub error: Option<OcwError>,
}

/// Where a catch-up starts: the twin to continue and the resulted batches to reproduce.
type Plan<T> = (Twin, Vec<(HashOf<T>, BatchRecordOf<T>)>);

impl<T: Config> Pallet<T> {
	/// What a catch-up on `battery` from this node's `tip` would reproduce (see the module
	/// docs): `None` when nothing, or the tip is marked not reproducible. Without a tip (the node never estimated the battery) only from the twin
	/// the battery started with ([`Pallet::initial_twin`]), when its oldest retained result
	/// continued that one.
	pub fn catch_up_plan(battery: &BatteryId, tip: Option<&TipOf<T>>) -> Option<Plan<T>> {
		let retained: Vec<_> = RetainedBatches::<T>::get(battery)
			.unwrap_or_default()
			.into_iter()
			.filter_map(|hash| Batches::<T>::get(hash).map(|record| (hash, record)))
			.filter(|(_, record)| matches!(record.status, BatchStatus::Resulted { .. }))
			.collect();
		let Some(tip) = tip else {
			let start = Self::initial_twin(battery)?;
			let first_prior = match retained.first()?.1.status {
				BatchStatus::Resulted { prior_twin, .. } => prior_twin,
				BatchStatus::Pending => return None,
			};
			return (first_prior == start.hash::<T::Hashing>()).then_some((start, retained));
		};
		if !tip.reproducible {
			return None;
		}
		let latest = LatestHealth::<T>::get(battery)?;
		if latest.sequence <= tip.sequence {
			return None;
		}
		// The batches after the tip's: by position while the tip's batch is retained (sequence
		// numbers may restart), else by sequence number (a refused tip batch is not retained).
		let batches: Vec<_> = match retained.iter().position(|(hash, _)| *hash == tip.batch) {
			Some(at) => retained.into_iter().skip(at.saturating_add(1)).collect(),
			None => retained
				.into_iter()
				.filter(|(_, record)| record.commitment.sequence > tip.sequence)
				.collect(),
		};
		if batches.is_empty() {
			return None;
		}
		Some((tip.twin.clone(), batches))
	}

	/// Whether the result of `batch_hash` of `battery` was accepted after the battery's
	/// current characterisation was set: reproducing it with that characterisation is
	/// meaningful (one set later would reproduce a result computed with it before it was on
	/// chain).
	fn characterised_before(
		battery: &BatteryId,
		batch_hash: HashOf<T>,
		record: &BatchRecordOf<T>,
	) -> bool {
		let BatchStatus::Resulted { history_slot, .. } = record.status else { return false };
		let Some(set_at) = Characterisations::<T>::get(battery).map(|c| c.set_at) else {
			return false;
		};
		HealthHistory::<T>::get(battery, history_slot)
			.filter(|health| health.batch_hash == batch_hash)
			.map_or(false, |health| set_at <= health.recorded_at)
	}

	/// Reproduce `battery`'s resulted batches this node has no vote on and vote for the results
	/// reproduced exactly (see the module docs): at most `max` batches (and at most
	/// `MaxRetainedBatches`), none taken after `deadline`. The tip moves to the last batch
	/// reproduced, or is marked not reproducible (compare and set: a run that moved it meanwhile
	/// wins). After a failure the battery's catch-up lock is kept until it expires (twice the
	/// run's time budget): the next attempt waits.
	pub fn catch_up(
		now: BlockNumberFor<T>,
		battery: &BatteryId,
		keys: &[T::EstimatorId],
		(max, deadline): (u32, Timestamp),
	) -> CaughtUp {
		let mut done = CaughtUp::default();
		// First the submissions the pool lost ([`super::resend`]).
		Self::resend_lost(battery, now);
		let covered = keys.iter().any(|key| Self::key_covers(key, battery));
		if !covered || Self::catch_up_plan(battery, Self::read_chain(battery).1.as_ref()).is_none()
		{
			return done;
		}
		let lock_key = Self::battery_key(CATCH_UP_LOCK_PREFIX, battery);
		let lock_time = Duration::from_millis(T::OcwTimeBudgetMs::get().saturating_mul(2));
		let mut lock = StorageLock::with_deadline(&lock_key, lock_time);
		let Ok(guard) = lock.try_lock() else { return done };
		// Read again under the lock: a run that held it may have moved the tip.
		let start = Self::read_chain(battery).1;
		let Some((twin, batches)) = Self::catch_up_plan(battery, start.as_ref()) else {
			return done;
		};
		let max = max.min(T::MaxRetainedBatches::get());
		let mut tip = start.clone();
		let mut twin = twin;
		let mut opened = open_twin(&twin);
		for (batch_hash, record) in batches {
			if done.reproduced >= max || sp_io::offchain::timestamp() >= deadline {
				break;
			}
			let BatchStatus::Resulted { result_hash, prior_twin, .. } = record.status else {
				break;
			};
			let refuse = |tip: Option<TipOf<T>>| {
				let base = Tip {
					batch: batch_hash,
					sequence: record.commitment.sequence,
					twin: twin.clone(),
					before: twin.clone(),
					estimator: None,
					reproducible: false,
				};
				Some(Tip { reproducible: false, ..tip.unwrap_or(base) })
			};
			if !Self::characterised_before(battery, batch_hash, &record) {
				done.error = Some(OcwError::NotReproduced);
				tip = refuse(tip);
				break;
			}
			let Some(key) = keys.iter().find(|key| Self::may_result(key, &record)) else { break };
			let reproduced = opened.clone().and_then(|opened| {
				Self::estimate_from(battery, batch_hash, &record, key, twin.clone(), opened)
			});
			done.reproduced = done.reproduced.saturating_add(1);
			let (mut submission, (next, record_after)) = match reproduced {
				Ok(reproduced) => reproduced,
				Err(error) => {
					done.error = Some(error);
					break;
				},
			};
			if submission.verdict.result_hash::<T::Hashing>() != result_hash {
				done.error = Some(OcwError::NotReproduced);
				tip = refuse(tip);
				break;
			}
			// The vote names the twin the accepted result continued (the stored one then), with
			// the first local key the chain takes as an agreeing vote (none: the node's member
			// voted already, or the batch has all its votes).
			submission.prior_twin = prior_twin;
			let voter = keys
				.iter()
				.find(|key| {
					submission.estimator = (*key).clone();
					matches!(
						Self::check_result(&submission),
						Ok((_, ResultOutcome::Vote { agrees: true, .. }, _))
					)
				})
				.cloned();
			if let Some(voter) = &voter {
				submission.estimator = voter.clone();
				if let Err(error) = Self::sign_and_submit(battery, now, voter, submission) {
					done.error = Some(error);
					break;
				}
				done.voted = done.voted.saturating_add(1);
			}
			let before = core::mem::replace(&mut twin, next.clone());
			tip = Some(Tip {
				batch: batch_hash,
				sequence: record.commitment.sequence,
				twin: next,
				before,
				estimator: voter.map(|voter| (voter, now)),
				reproducible: true,
			});
			opened = Ok(record_after);
		}
		if let Some(tip) = tip.as_ref().filter(|tip| Some(*tip) != start.as_ref()) {
			Self::swap_tip(battery, start.as_ref(), tip);
		}
		if done.error.is_some() {
			// Back off: the lock stays until it expires.
			guard.forget();
		}
		done
	}

	/// The watch pass of a run at block `now`: catch up on the watched batteries whose queue is
	/// empty (the pending scan visits the others), within the run's remaining `max`
	/// estimations and `deadline`; the estimations it made. Batteries this node holds no tip
	/// of leave the list.
	pub(super) fn catch_up_watched(
		now: BlockNumberFor<T>,
		keys: &[T::EstimatorId],
		(max, deadline): (u32, Timestamp),
	) -> u32 {
		let mut left = BTreeSet::new();
		let mut estimated = 0u32;
		for battery in Self::watch_list() {
			if estimated >= max || sp_io::offchain::timestamp() >= deadline {
				break;
			}
			if PendingBatches::<T>::contains_key(&battery) {
				continue;
			}
			if Self::read_chain(&battery).1.is_none() {
				left.insert(battery);
				continue;
			}
			let caught =
				Self::catch_up(now, &battery, keys, (max.saturating_sub(estimated), deadline));
			estimated = estimated.saturating_add(caught.reproduced);
			Self::log_catch_up(&battery, &caught);
		}
		if !left.is_empty() {
			Self::update_watch_list(&left, &[]);
		}
		estimated
	}

	/// Log what a catch-up on `battery` did, if anything.
	pub(super) fn log_catch_up(battery: &BatteryId, caught: &CaughtUp) {
		if caught.voted > 0 {
			log::debug!(
				target: crate::LOG_TARGET,
				"attested {} missed results of battery {battery:?}",
				caught.voted
			);
		}
		if let Some(error) = &caught.error {
			log::warn!(
				target: crate::LOG_TARGET,
				"cannot attest the missed results of battery {battery:?}: {error:?}"
			);
		}
	}

	/// The watch list, oldest first (empty when missing or unreadable).
	pub fn watch_list() -> Vec<BatteryId> {
		StorageValueRef::persistent(WATCH_KEY).get().ok().flatten().unwrap_or_default()
	}

	/// Move the batteries of `visited` to the end of the watch list (see
	/// [`Self::update_watch_list`]).
	pub fn note_visited(visited: &[BatteryId]) {
		Self::update_watch_list(&BTreeSet::new(), visited);
	}

	/// Remove `left` from the watch list and move the batteries of `visited` to its end (most
	/// recent last), dropping the oldest beyond [`WATCH_CAPACITY`]. Read, changed and written
	/// as one compare and set, tried again (three times) when another run wrote meanwhile.
	pub(super) fn update_watch_list(left: &BTreeSet<BatteryId>, visited: &[BatteryId]) {
		let moved: BTreeSet<&BatteryId> = visited.iter().collect();
		let watch = StorageValueRef::persistent(WATCH_KEY);
		for _ in 0..3 {
			let result =
				watch.mutate(|stored: Result<Option<Vec<BatteryId>>, StorageRetrievalError>| {
					let mut list = stored.ok().flatten().unwrap_or_default();
					list.retain(|battery| !left.contains(battery) && !moved.contains(battery));
					let mut added = BTreeSet::new();
					list.extend(visited.iter().filter(|b| added.insert(*b)).cloned());
					let excess = list.len().saturating_sub(WATCH_CAPACITY);
					list.drain(..excess);
					Ok::<_, ()>(list)
				});
			if result.is_ok() {
				return;
			}
		}
		log::debug!(target: crate::LOG_TARGET, "the watch list kept changing; left as it is");
	}

	/// The local-storage key of `battery` under `prefix`.
	pub(super) fn battery_key(prefix: &[u8], battery: &BatteryId) -> Vec<u8> {
		let mut key = prefix.to_vec();
		battery.as_slice().encode_to(&mut key);
		key
	}
}
