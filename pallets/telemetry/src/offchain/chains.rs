//! What the worker remembers between runs, in the node's persistent local storage: per battery,
//! the chain of results it last submitted (a [`Claim`]) and the twin that chain ended with (a
//! [`Tip`]), and where the next run starts ([`Start`]).
//!
//! A run estimates a battery's pending batches one after the other, each from the twin the
//! previous result sealed, and submits the results together (the pool orders them, see
//! [`Pallet::authorize_result`]). While they wait for a block the chain is *in flight*: the next
//! run continues after its last batch from the tip, and does not estimate them again. As long as
//! the battery's oldest pending batch changes, results are landing. When the same batch stays
//! the oldest for `min(2^n, OcwRetryBlocks)` blocks after the n-th chain started from it (the
//! pool dropped a result, or a restart emptied it), the next chain starts again from it, so a
//! lost result is submitted again and a lasting failure is retried less and less often.

use crate::{Config, HashOf, Pallet, Twin};
use alloc::vec::Vec;
use battery_primitives::consortium::BatteryId;
use codec::{Decode, Encode};
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	offchain::storage::{MutateStorageError, StorageRetrievalError, StorageValueRef},
	traits::Saturating,
};

/// Persistent local-storage prefix of the per-battery claims ([`Claim`]).
pub const SUBMITTED_PREFIX: &[u8] = b"battery-chain/telemetry/ocw/submitted/";

/// Persistent local-storage prefix of the per-battery chain tips ([`Tip`]; `v2`: with the
/// sequence number and the twin before, tips of the first layout are not read).
pub const TIP_PREFIX: &[u8] = b"battery-chain/telemetry/ocw/tip/v2/";

/// A battery's chain of submitted results.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct Claim<Hash, BlockNumber> {
	/// The battery's oldest pending batch when `since` was set.
	pub first: Hash,
	/// The block from which `first` has been the oldest pending batch (as far as this node saw).
	pub since: BlockNumber,
	/// How many chains started from `first`.
	pub starts: u32,
	/// The last batch whose result the chain submitted (`None`: none yet).
	pub last: Option<Hash>,
	/// The block at which a run took the battery and has not finished: other runs leave it
	/// alone for two blocks (a run that died is then ignored).
	pub working: Option<BlockNumber>,
}

/// The claim type of a runtime.
pub type ClaimOf<T> = Claim<HashOf<T>, BlockNumberFor<T>>;

/// The twin after a chain's last result: what its next batch continues from (and what a
/// catch-up reproduces later results from, [`super::catch_up`]).
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct Tip<Hash, Key, BlockNumber> {
	/// The chain's last batch.
	pub batch: Hash,
	/// Its sequence number.
	pub sequence: u64,
	/// The twin its result sealed (the twin it started from if the batch was refused).
	pub twin: Twin,
	/// The twin it continued.
	pub before: Twin,
	/// The local key whose result or vote on the batch was submitted, and the block it was
	/// submitted at (`None`: none was).
	pub estimator: Option<(Key, BlockNumber)>,
	/// `false` once a catch-up from this tip did not reproduce an accepted result: no
	/// further catch-up from it.
	pub reproducible: bool,
}

/// The tip type of a runtime.
pub type TipOf<T> = Tip<HashOf<T>, <T as Config>::EstimatorId, BlockNumberFor<T>>;

/// Where a run starts on a battery.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Start<Hash, BlockNumber> {
	/// Nothing to do: the battery's chain is in flight up to its last pending batch, or another
	/// run is estimating it.
	Wait,
	/// A new chain from the battery's oldest pending batch and the stored twin.
	Oldest {
		/// The chain's start count from this oldest batch.
		starts: u32,
	},
	/// After the in-flight chain: from pending batch number `index`, with the chain's tip.
	After {
		/// Position in the pending queue of the first batch to estimate.
		index: usize,
		/// The twin to continue from.
		twin: Twin,
		/// The claim's `first`, `since` and `starts` from now on.
		window: (Hash, BlockNumber, u32),
	},
}

impl<T: Config> Pallet<T> {
	/// How long a battery's oldest batch may wait for the result of the `starts`-th chain
	/// started from it: `min(2^starts, OcwRetryBlocks)` blocks, at least one.
	pub fn in_flight_blocks(starts: u32) -> BlockNumberFor<T> {
		2u32.saturating_pow(starts.min(31)).min(T::OcwRetryBlocks::get()).max(1).into()
	}

	/// Where a run at block `now` starts on a battery whose pending queue is `pending`, given
	/// its claim and tip.
	pub fn chain_start(
		now: BlockNumberFor<T>,
		pending: &[HashOf<T>],
		claim: Option<&ClaimOf<T>>,
		tip: Option<&TipOf<T>>,
	) -> Start<HashOf<T>, BlockNumberFor<T>> {
		let Some(oldest) = pending.first().copied() else { return Start::Wait };
		let Some(claim) = claim else { return Start::Oldest { starts: 1 } };
		let within = |since: BlockNumberFor<T>, blocks: BlockNumberFor<T>| {
			since <= now && now < since.saturating_add(blocks)
		};
		if Self::is_worked_on(now, claim) {
			return Start::Wait;
		}
		// Results landed since the claim was written: a new window for the new oldest batch.
		let window = if claim.first == oldest {
			if !within(claim.since, Self::in_flight_blocks(claim.starts)) {
				// The oldest batch waited its window out: its result was lost.
				return Start::Oldest { starts: claim.starts.saturating_add(1) };
			}
			(claim.first, claim.since, claim.starts)
		} else {
			(oldest, now, 1)
		};
		let Some(last) = claim.last else {
			// Nothing submitted yet (the last start failed): wait for the window.
			return if claim.first == oldest { Start::Wait } else { Start::Oldest { starts: 1 } };
		};
		match pending.iter().position(|hash| *hash == last) {
			// Every result of the chain is in: a new chain from the oldest pending batch.
			None => Start::Oldest { starts: 1 },
			// Chains of one result: the next waits for this one to land.
			Some(_) if T::MaxChainLength::get() <= 1 => Start::Wait,
			Some(index) => match tip {
				Some(tip) if tip.batch == last && index.saturating_add(1) < pending.len() => {
					Start::After { index: index.saturating_add(1), twin: tip.twin.clone(), window }
				},
				_ => Start::Wait,
			},
		}
	}

	/// Whether a run took the battery of `claim` less than two blocks before `now` and has not
	/// finished.
	pub fn is_worked_on(now: BlockNumberFor<T>, claim: &ClaimOf<T>) -> bool {
		claim.working.is_some_and(|at| at <= now && now < at.saturating_add(2u32.into()))
	}

	/// The local-storage key of `battery`'s claim.
	pub fn claim_key(battery: &BatteryId) -> Vec<u8> {
		Self::battery_key(SUBMITTED_PREFIX, battery)
	}

	/// The local-storage key of `battery`'s tip.
	pub fn tip_key(battery: &BatteryId) -> Vec<u8> {
		Self::battery_key(TIP_PREFIX, battery)
	}

	/// `battery`'s claim and tip (`None` when missing or unreadable).
	pub fn read_chain(battery: &BatteryId) -> (Option<ClaimOf<T>>, Option<TipOf<T>>) {
		let claim = StorageValueRef::persistent(&Self::claim_key(battery)).get().ok().flatten();
		let tip = StorageValueRef::persistent(&Self::tip_key(battery)).get().ok().flatten();
		(claim, tip)
	}

	/// Replace `battery`'s claim with `new` if it is still `expected` (compare and set): `false`
	/// when another run changed it since it was read.
	pub fn swap_claim(
		battery: &BatteryId,
		expected: Option<&ClaimOf<T>>,
		new: &ClaimOf<T>,
	) -> bool {
		compare_and_set(&Self::claim_key(battery), expected, new)
	}

	/// Replace `battery`'s tip with `new` if it is still `expected` (compare and set).
	pub fn swap_tip(battery: &BatteryId, expected: Option<&TipOf<T>>, new: &TipOf<T>) -> bool {
		compare_and_set(&Self::tip_key(battery), expected, new)
	}

	/// Put back `battery`'s claim as it was before a run took it (`None`: no claim).
	pub fn restore_claim(battery: &BatteryId, claim: Option<&ClaimOf<T>>) {
		let key = Self::claim_key(battery);
		let mut storage = StorageValueRef::persistent(&key);
		match claim {
			Some(claim) => storage.set(claim),
			None => storage.clear(),
		}
	}

	/// Record a chain that ended with `tip`: the tip first, then the claim that points at it
	/// (a run that reads the claim finds its tip).
	pub fn record_chain(battery: &BatteryId, claim: &ClaimOf<T>, tip: Option<&TipOf<T>>) {
		if let Some(tip) = tip {
			StorageValueRef::persistent(&Self::tip_key(battery)).set(tip);
		}
		StorageValueRef::persistent(&Self::claim_key(battery)).set(claim);
	}
}

/// Write `new` at the persistent local-storage `key` if the value there is still `expected`
/// (`None`: absent or unreadable): `false` when another run changed it since it was read.
fn compare_and_set<V: Encode + Decode + PartialEq + Clone>(
	key: &[u8],
	expected: Option<&V>,
	new: &V,
) -> bool {
	let storage = StorageValueRef::persistent(key);
	let result =
		storage.mutate(|previous: Result<Option<V>, StorageRetrievalError>| match previous {
			Ok(previous) if previous.as_ref() == expected => Ok(new.clone()),
			Err(_) if expected.is_none() => Ok(new.clone()),
			_ => Err(()),
		});
	match result {
		Ok(_) => true,
		Err(MutateStorageError::ValueFunctionFailed(())) => false,
		Err(MutateStorageError::ConcurrentModification(_)) => false,
	}
}
