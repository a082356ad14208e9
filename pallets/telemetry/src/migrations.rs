//! Storage migrations of the telemetry pallet, one module per storage version. The runtime lists
//! the versioned ones in its `Migrations`.

/// Version 1 → 2: one chemistry type. Characterisations stored at version 1 carry the
/// estimator's former seven-variant chemistry (`Unknown`, `Nmc`, `Nca`, `Lco`, `Lfp`, `Lmo`,
/// `Lto`, codec indexes 0–6); version 2 uses the passport's [`battery_estimator::Chemistry`]
/// (other indexes, eleven variants). Each characterisation is rewritten with the chemistry its
/// battery's passport declares, so both always agree; a battery without a passport keeps its
/// former chemistry, renamed (`Unknown` becomes `Other`).
pub mod v2 {
	use crate::{Characterisation, Characterisations, Config, Pallet};
	use battery_estimator::{ocv::OCV_POINTS, Chemistry, EstimatorConfig};
	use battery_primitives::telemetry::BatteryInfo;
	use codec::Decode;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// The version-1 layout of a characterisation.
	pub mod v1 {
		use super::*;

		/// The estimator's chemistry before version 2.
		#[derive(Decode, Clone, Copy, PartialEq, Eq, Debug)]
		pub enum OldChemistry {
			/// Not declared.
			Unknown,
			/// NMC.
			Nmc,
			/// NCA.
			Nca,
			/// LCO.
			Lco,
			/// LFP.
			Lfp,
			/// LMO.
			Lmo,
			/// LTO.
			Lto,
		}

		impl OldChemistry {
			/// The same chemistry in the one type (`Unknown` has no passport variant: `Other`).
			pub fn upgraded(self) -> Chemistry {
				match self {
					Self::Unknown => Chemistry::Other,
					Self::Nmc => Chemistry::Nmc,
					Self::Nca => Chemistry::Nca,
					Self::Lco => Chemistry::Lco,
					Self::Lfp => Chemistry::Lfp,
					Self::Lmo => Chemistry::Lmo,
					Self::Lto => Chemistry::Lto,
				}
			}
		}

		/// The estimator configuration before version 2 (same fields, former chemistry).
		#[derive(Decode)]
		pub struct OldEstimatorConfig {
			pub(super) rated_capacity_uah: u64,
			pub(super) nominal_voltage_mv: u32,
			pub(super) min_voltage_mv: u32,
			pub(super) max_voltage_mv: u32,
			pub(super) ocv_uv: [u32; OCV_POINTS],
			pub(super) r0_micro_ohm: u32,
			pub(super) r1_micro_ohm: u32,
			pub(super) tau1_ms: u32,
			pub(super) sample_period_ms: u32,
			pub(super) chemistry: OldChemistry,
		}

		/// A characterisation before version 2.
		#[derive(Decode)]
		pub struct OldCharacterisation<AccountId, BlockNumber> {
			pub(super) config: OldEstimatorConfig,
			pub(super) temp_window_min_decic: i16,
			pub(super) temp_window_max_decic: i16,
			pub(super) set_by: Option<AccountId>,
			pub(super) set_at: BlockNumber,
		}
	}

	/// Rewrite every characterisation in the version-2 layout (version unchecked: use
	/// [`MigrateV1ToV2`]).
	///
	/// It reads every characterisation in one block: fine for the chains that exist at version 1
	/// (development and test networks, at most a few thousand batteries: three reads and one
	/// write each); a chain with millions of characterised batteries would need a multi-block
	/// migration.
	pub struct UnifyChemistry<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UnifyChemistry<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Characterisations::<T>::translate::<
				v1::OldCharacterisation<
					T::AccountId,
					frame_system::pallet_prelude::BlockNumberFor<T>,
				>,
				_,
			>(|battery, old| {
				count = count.saturating_add(1);
				let config = old.config;
				let chemistry = T::Batteries::chemistry(&battery)
					.unwrap_or_else(|| config.chemistry.upgraded());
				Some(Characterisation {
					config: EstimatorConfig {
						rated_capacity_uah: config.rated_capacity_uah,
						nominal_voltage_mv: config.nominal_voltage_mv,
						min_voltage_mv: config.min_voltage_mv,
						max_voltage_mv: config.max_voltage_mv,
						ocv_uv: config.ocv_uv,
						r0_micro_ohm: config.r0_micro_ohm,
						r1_micro_ohm: config.r1_micro_ohm,
						tau1_ms: config.tau1_ms,
						sample_period_ms: config.sample_period_ms,
						chemistry,
					},
					temp_window_min_decic: old.temp_window_min_decic,
					temp_window_max_decic: old.temp_window_max_decic,
					set_by: old.set_by,
					set_at: old.set_at,
				})
			});
			// Per entry: the characterisation, the battery record and its factory data read;
			// the characterisation written.
			T::DbWeight::get().reads_writes(count.saturating_mul(3), count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			Ok((Characterisations::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u64::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			let after = Characterisations::<T>::iter().count() as u64;
			frame_support::ensure!(before == after, "characterisations lost in the migration");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`UnifyChemistry`] when the pallet's on-chain storage version is 1; sets it to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UnifyChemistry<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 → 3: sealed results. Health results, the estimator state and the running
/// summaries were plaintext; from version 3 the worker seals them for the battery's Usage scope
/// and the chain keeps envelopes. Nothing can be sealed on chain (the runtime holds no reader
/// key and no randomness), so:
///
/// - each twin (estimator state and the summary kept with the battery's telemetry) is carried
///   over open ([`Twin::Open`](crate::Twin::Open)): it was public already, the next batch
///   continues from it and its result seals the twin, so the estimate keeps its history;
/// - the telemetry record keeps its last batch and its `results` and `disputes` counters;
/// - health results and open disputes, which held plaintext results, are removed from the
///   current state (they stay readable in the state of blocks before the upgrade: sealing
///   cannot take back what was public). An open dispute's accepted result stands.
pub mod v3 {
	use crate::{
		BatchCommitment, BatteryTelemetry, Config, Disputes, HealthHistory, LatestHealth, Pallet,
		Telemetry, Twin, TwinRecord, TwinState, TwinStates, UsageSummary,
	};
	use battery_estimator::EstimatorState;
	use battery_primitives::consortium::BatteryId;
	use codec::Decode;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use frame_system::pallet_prelude::BlockNumberFor;

	/// The version-2 running summary, with the chain's counters at its end.
	#[derive(Decode, Clone, PartialEq, Eq, Debug, Default, codec::Encode)]
	pub struct OldTelemetrySummary {
		/// The summary fields version 3 seals in the twin, in the same order.
		pub usage: UsageSummary,
		/// Health results accepted.
		pub results: u64,
		/// Disputed results recorded.
		pub disputes: u64,
	}

	/// The version-2 telemetry record.
	#[derive(Decode, codec::Encode)]
	pub struct OldBatteryTelemetry<AccountId, Hash, BlockNumber> {
		/// Commitment of the last accepted batch.
		pub last_batch: BatchCommitment<AccountId, Hash, BlockNumber>,
		/// Running summaries and counters.
		pub summary: OldTelemetrySummary,
	}

	/// The version-2 twin state.
	#[derive(Decode, codec::Encode)]
	pub struct OldTwinState<Hash, BlockNumber> {
		/// The estimator state.
		pub state: EstimatorState,
		/// Its hash.
		pub state_hash: Hash,
		/// Version of the estimator that produced it.
		pub estimator_version: u32,
		/// Block of the result that wrote it.
		pub updated_at: BlockNumber,
	}

	/// The version-2 telemetry record of `T`.
	pub type OldTelemetryOf<T> = OldBatteryTelemetry<
		<T as frame_system::Config>::AccountId,
		<T as frame_system::Config>::Hash,
		BlockNumberFor<T>,
	>;

	#[allow(missing_docs)] // `storage_alias` generates an undocumented prefix type.
	pub mod old {
		use super::*;

		/// `Telemetry` with version-2 records (the same storage key as the current item).
		#[frame_support::storage_alias]
		pub type Telemetry<T: Config> =
			StorageMap<Pallet<T>, frame_support::Blake2_128Concat, BatteryId, OldTelemetryOf<T>>;
	}

	/// Carry the twins over open, keep the counters, remove plaintext results (version
	/// unchecked: use [`MigrateV2ToV3`]).
	///
	/// It visits every twin, telemetry record, health record and dispute in one block: fine for
	/// the chains that exist at version 2 (development and test networks); a chain with millions
	/// of batteries would need a multi-block migration.
	pub struct SealResults<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for SealResults<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			TwinStates::<T>::translate::<
				OldTwinState<<T as frame_system::Config>::Hash, BlockNumberFor<T>>,
				_,
			>(|battery, old| {
				reads = reads.saturating_add(2);
				writes = writes.saturating_add(1);
				let summary =
					old::Telemetry::<T>::get(&battery).map(|t| t.summary.usage).unwrap_or_default();
				Some(TwinState {
					twin: Twin::Open(TwinRecord { state: old.state, summary }),
					estimator_version: old.estimator_version,
					updated_at: old.updated_at,
				})
			});
			Telemetry::<T>::translate::<OldTelemetryOf<T>, _>(|_, old| {
				reads = reads.saturating_add(1);
				writes = writes.saturating_add(1);
				Some(BatteryTelemetry {
					last_batch: old.last_batch,
					results: old.summary.results,
					disputes: old.summary.disputes,
				})
			});
			for removed in [
				LatestHealth::<T>::clear(u32::MAX, None).backend,
				HealthHistory::<T>::clear(u32::MAX, None).backend,
				Disputes::<T>::clear(u32::MAX, None).backend,
			] {
				writes = writes.saturating_add(u64::from(removed));
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			let twins = TwinStates::<T>::iter_keys().count() as u64;
			let records = Telemetry::<T>::iter_keys().count() as u64;
			Ok((twins, records).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (twins, records) =
				<(u64, u64)>::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			frame_support::ensure!(
				TwinStates::<T>::iter().count() as u64 == twins,
				"twins lost in the migration"
			);
			frame_support::ensure!(
				Telemetry::<T>::iter().count() as u64 == records,
				"telemetry records lost in the migration"
			);
			frame_support::ensure!(
				LatestHealth::<T>::iter_keys().next().is_none(),
				"plaintext health left"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// [`SealResults`] when the pallet's on-chain storage version is 2; sets it to 3.
	pub type MigrateV2ToV3<T> =
		VersionedMigration<2, 3, SealResults<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
