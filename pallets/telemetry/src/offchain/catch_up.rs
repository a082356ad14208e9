//! Catching up: votes on the results a node missed.
//!
//! An estimator node attests a batch by computing it while it is pending. A node can miss one:
//! a run of the node had the battery while the batch arrived and the next run left it alone,
//! the node was a block behind, its result was dropped by the pool. Another node's result then
//! lands first, the batch is resulted without this node's vote, and the stored twin has moved
//! past it. The node still holds the twin of the last batch it estimated (its [`Tip`], with the
//! batch's sequence number): from it, it **reproduces** the battery's resulted batches that
//! followed, one after the other, and votes for each result it reproduced exactly (the same
//! commitments: the same health and the same next twin, so the same state it continued) with
//! a local key whose member has not voted on the batch. A batch it does not reproduce ends
//! the catch-up: a node never disputes from its own tip (a dispute is about the latest batch,
//! computed from the stored twin while the batch is pending; see [`crate::disputes`]).
//!
//! Which batteries: every battery the pending scan visits, and those of a **watch list** in
//! the node's local storage (the batteries the node's runs visited, at most
//! [`WATCH_CAPACITY`], the oldest dropped first), once their queue is empty: a battery whose
//! last batch another node resulted is no longer in [`PendingBatches`]. A battery leaves the
//! list when a catch-up on it ran to its end.
//!
//! What a node cannot catch up: batches older than its tip's successor that it skipped in a
//! row beyond the retained ones ([`crate::Config::MaxRetainedBatches`]), and batteries it never
//! estimated (it holds no twin of them).

use super::{open_twin, OcwError, Tip};
use crate::{
	BatchRecordOf, BatchStatus, Batches, Config, HashOf, LatestHealth, Pallet, PendingBatches,
	RetainedBatches,
};
use alloc::{collections::BTreeSet, vec::Vec};
use battery_primitives::consortium::BatteryId;
use sp_runtime::offchain::{
	storage::{MutateStorageError, StorageRetrievalError, StorageValueRef},
	Timestamp,
};

/// Persistent local-storage key of the watch list (a SCALE `Vec<BatteryId>`).
pub const WATCH_KEY: &[u8] = b"battery-chain/telemetry/ocw/watch";

/// Batteries the watch list holds at most.
pub const WATCH_CAPACITY: usize = 256;

/// What a catch-up on a battery did.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CaughtUp {
	/// Resulted batches estimated again.
	pub reproduced: u32,
	/// Votes submitted (reproduced results a local key could still vote on).
	pub voted: u32,
	/// Whether it ran to its end: nothing was missed, every missed batch was reproduced, or it
	/// stopped for good (a batch not reproduced, a failure); `false` when the run's limits
	/// stopped it.
	pub finished: bool,
	/// The failure that stopped it, if any.
	pub error: Option<OcwError>,
}

impl<T: Config> Pallet<T> {
	/// `battery`'s resulted batches after `tip`, oldest first: its retained batches whose
	/// sequence number is above the tip's (none when its latest result is not newer).
	pub fn missed_batches(
		battery: &BatteryId,
		tip: &Tip<HashOf<T>>,
	) -> Vec<(HashOf<T>, BatchRecordOf<T>)> {
		let newer = LatestHealth::<T>::get(battery).is_some_and(|h| h.sequence > tip.sequence);
		if !newer {
			return Vec::new();
		}
		RetainedBatches::<T>::get(battery)
			.unwrap_or_default()
			.into_iter()
			.filter_map(|hash| Batches::<T>::get(hash).map(|record| (hash, record)))
			.filter(|(_, record)| {
				record.commitment.sequence > tip.sequence
					&& matches!(record.status, BatchStatus::Resulted { .. })
			})
			.collect()
	}

	/// Reproduce `battery`'s resulted batches after this node's tip and vote for the results
	/// reproduced exactly (see the module docs): at most `max` batches, none taken after
	/// `deadline`. The tip moves to the last batch reproduced (compare and set: a run that
	/// moved it meanwhile wins).
	pub fn catch_up(
		battery: &BatteryId,
		keys: &[T::EstimatorId],
		(max, deadline): (u32, Timestamp),
	) -> CaughtUp {
		let mut done = CaughtUp { finished: true, ..CaughtUp::default() };
		let Some(start) = Self::read_chain(battery).1 else { return done };
		let missed = Self::missed_batches(battery, &start);
		if missed.is_empty() {
			return done;
		}
		let mut tip = start.clone();
		let mut opened = match open_twin(&tip.twin) {
			Ok(opened) => opened,
			Err(error) => {
				done.error = Some(error);
				return done;
			},
		};
		for (batch_hash, record) in missed {
			if done.reproduced >= max || sp_io::offchain::timestamp() >= deadline {
				done.finished = false;
				break;
			}
			let BatchStatus::Resulted { result_hash, prior_twin, .. } = record.status else {
				break;
			};
			let voter = keys.iter().find(|key| Self::may_attest(key, &record, batch_hash));
			let Some(key) =
				voter.or_else(|| keys.iter().find(|key| Self::may_result(key, &record)))
			else {
				break;
			};
			let reproduced =
				Self::estimate_from(battery, batch_hash, &record, key, tip.twin.clone(), opened);
			let (mut submission, (twin, record_after)) = match reproduced {
				Ok(reproduced) => reproduced,
				Err(error) => {
					done.error = Some(error);
					break;
				},
			};
			done.reproduced = done.reproduced.saturating_add(1);
			if submission.verdict.result_hash::<T::Hashing>() != result_hash {
				done.error = Some(OcwError::NotReproduced);
				break;
			}
			if voter.is_some() {
				// The vote names the twin the accepted result continued (the stored one then).
				submission.prior_twin = prior_twin;
				if let Err(error) = Self::sign_and_submit(key, submission) {
					done.error = Some(error);
					break;
				}
				done.voted = done.voted.saturating_add(1);
			}
			tip = Tip { batch: batch_hash, sequence: record.commitment.sequence, twin };
			opened = record_after;
		}
		if tip != start {
			Self::swap_tip(battery, &start, &tip);
		}
		done
	}

	/// The watch pass of a run: catch up on the watched batteries whose queue is empty (the
	/// pending scan visits the others), within the run's remaining `max` estimations and
	/// `deadline`; the estimations it made.
	pub(super) fn catch_up_watched(
		keys: &[T::EstimatorId],
		(max, deadline): (u32, Timestamp),
	) -> u32 {
		let watched = Self::watch_list();
		let mut left = BTreeSet::new();
		let mut estimated = 0u32;
		for battery in watched {
			if estimated >= max || sp_io::offchain::timestamp() >= deadline {
				break;
			}
			if PendingBatches::<T>::contains_key(&battery) {
				continue;
			}
			let caught = Self::catch_up(&battery, keys, (max.saturating_sub(estimated), deadline));
			estimated = estimated.saturating_add(caught.reproduced);
			Self::log_catch_up(&battery, &caught);
			if caught.finished {
				left.insert(battery);
			}
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

	/// The watch list (empty when missing or unreadable).
	pub fn watch_list() -> Vec<BatteryId> {
		StorageValueRef::persistent(WATCH_KEY).get().ok().flatten().unwrap_or_default()
	}

	/// Append the batteries of `visited` to the watch list (see [`Self::update_watch_list`]).
	pub fn note_visited(visited: &[BatteryId]) {
		Self::update_watch_list(&BTreeSet::new(), visited);
	}

	/// Remove `left` from the watch list and append the batteries of `visited` it does not
	/// hold, dropping the oldest beyond [`WATCH_CAPACITY`]. Read, changed and written as one
	/// compare and set; a run that loses the race leaves the list to the winner.
	pub(super) fn update_watch_list(left: &BTreeSet<BatteryId>, visited: &[BatteryId]) {
		let watch = StorageValueRef::persistent(WATCH_KEY);
		let result =
			watch.mutate(|stored: Result<Option<Vec<BatteryId>>, StorageRetrievalError>| {
				let mut list = stored.ok().flatten().unwrap_or_default();
				list.retain(|battery| !left.contains(battery));
				let mut held: BTreeSet<BatteryId> = list.iter().cloned().collect();
				for battery in visited {
					if held.insert(battery.clone()) {
						list.push(battery.clone());
					}
				}
				let excess = list.len().saturating_sub(WATCH_CAPACITY);
				list.drain(..excess);
				Ok::<_, ()>(list)
			});
		if let Err(MutateStorageError::ConcurrentModification(_)) = result {
			log::debug!(target: crate::LOG_TARGET, "the watch list changed meanwhile");
		}
	}
}
