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
