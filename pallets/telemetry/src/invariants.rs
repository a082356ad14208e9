//! Storage invariants (`try_state`, and checked after every unit test).

use crate::{
	BatchRegimes, BatchStatus, BatchVotes, Batches, Characterisations, Config, Disputes,
	EstimatorDeposits, Estimators, LatestHealth, MemberEstimatorCount, MemberVotes, Pallet,
	PendingBatches, RetainedBatches,
};
use alloc::collections::btree_map::BTreeMap;
use battery_primitives::telemetry::BatteryInfo;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Check the pallet's storage invariants:
	///
	/// - every pending hash of a battery names a pending batch record of that battery, and every
	///   pending record is queued;
	/// - every retained hash names a resulted record of that battery with at least one vote, and
	///   every resulted record is retained; a usage regime is kept only for a known batch;
	/// - queues are never stored empty;
	/// - every estimator deposit belongs to a registered key of its registrar, and each
	///   member's key count matches its deposits;
	/// - a dispute concerns its battery's latest resulted batch;
	/// - a characterisation's chemistry is the one its battery's passport declares.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (battery, characterisation) in Characterisations::<T>::iter() {
			ensure_that(
				T::Batteries::chemistry(&battery)
					.is_none_or(|declared| declared == characterisation.config.chemistry),
				"characterisation chemistry differs from the passport's",
			)?;
		}
		let mut queued = 0usize;
		for (battery, pending) in PendingBatches::<T>::iter() {
			ensure_that(!pending.is_empty(), "empty pending queue stored")?;
			for hash in pending.iter() {
				let record = Batches::<T>::get(hash).ok_or("pending batch without record")?;
				ensure_that(record.battery == battery, "pending batch of another battery")?;
				ensure_that(
					matches!(record.status, BatchStatus::Pending),
					"queued batch is not pending",
				)?;
				queued += 1;
			}
		}
		let mut retained_count = 0usize;
		for (battery, retained) in RetainedBatches::<T>::iter() {
			ensure_that(!retained.is_empty(), "empty retained list stored")?;
			for hash in retained.iter() {
				let record = Batches::<T>::get(hash).ok_or("retained batch without record")?;
				ensure_that(record.battery == battery, "retained batch of another battery")?;
				ensure_that(
					matches!(record.status, BatchStatus::Resulted { .. }),
					"retained batch is not resulted",
				)?;
				ensure_that(!BatchVotes::<T>::get(hash).is_empty(), "resulted batch without vote")?;
				retained_count += 1;
			}
		}
		let (mut pending_records, mut resulted_records) = (0usize, 0usize);
		for record in Batches::<T>::iter_values() {
			match record.status {
				BatchStatus::Pending => pending_records += 1,
				BatchStatus::Resulted { .. } => resulted_records += 1,
			}
		}
		ensure_that(pending_records == queued, "pending record not queued")?;
		ensure_that(resulted_records == retained_count, "resulted record not retained")?;
		for hash in BatchRegimes::<T>::iter_keys() {
			ensure_that(Batches::<T>::contains_key(hash), "usage regime of a forgotten batch")?;
		}
		for (hash, _) in MemberVotes::<T>::iter_keys() {
			ensure_that(Batches::<T>::contains_key(hash), "member vote on a forgotten batch")?;
		}

		let mut keys: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (estimator, (registrar, _)) in EstimatorDeposits::<T>::iter() {
			let record = Estimators::<T>::get(&estimator).ok_or("deposit of an unknown key")?;
			ensure_that(record.scope.registrar() == Some(&registrar), "deposit of another member")?;
			let count = keys.entry(registrar).or_default();
			*count = count.saturating_add(1);
		}
		for (member, count) in MemberEstimatorCount::<T>::iter() {
			ensure_that(keys.get(&member) == Some(&count), "MemberEstimatorCount")?;
		}
		ensure_that(
			keys.len() == MemberEstimatorCount::<T>::iter().count(),
			"member with deposits but no count",
		)?;

		for (battery, dispute) in Disputes::<T>::iter() {
			let latest = LatestHealth::<T>::get(&battery).map(|health| health.batch_hash);
			ensure_that(latest == Some(dispute.batch_hash), "dispute of a superseded batch")?;
		}
		Ok(())
	}
}

fn ensure_that(condition: bool, message: &'static str) -> Result<(), TryRuntimeError> {
	if condition {
		Ok(())
	} else {
		Err(message.into())
	}
}
