//! Storage migrations of the battery pallet, one module per storage version. The runtime lists
//! the versioned ones in its `Migrations`.

use battery_primitives::battery::{BatteryStatus, Hash32, Life, RunningMode};
use battery_primitives::consortium::BatteryId;
use codec::{Decode, Encode};

/// A battery record of versions 1 and 2: the running mode in plaintext (dropped in version 3).
#[derive(Encode, Decode)]
pub struct BatteryRecordV2<AccountId, BlockNumber> {
	/// See [`crate::BatteryRecord::manufacturer`].
	pub manufacturer: AccountId,
	/// See [`crate::BatteryRecord::factory_hash`].
	pub factory_hash: Hash32,
	/// See [`crate::BatteryRecord::status`].
	pub status: BatteryStatus,
	/// See [`crate::BatteryRecord::status_since`].
	pub status_since: BlockNumber,
	/// See [`crate::BatteryRecord::registered_at`].
	pub registered_at: BlockNumber,
	/// See [`crate::BatteryRecord::custodian`].
	pub custodian: AccountId,
	/// See [`crate::BatteryRecord::frozen`].
	pub frozen: bool,
	/// See [`crate::BatteryRecord::assigned_user`].
	pub assigned_user: Option<AccountId>,
	/// The running mode, in plaintext (dropped).
	pub running_mode: RunningMode,
	/// See [`crate::BatteryRecord::life`].
	pub life: Life,
	/// See [`crate::BatteryRecord::predecessor`].
	pub predecessor: Option<BatteryId>,
	/// See [`crate::BatteryRecord::successor`].
	pub successor: Option<BatteryId>,
}

/// The storage items as versions 1 and 2 laid them out.
#[allow(missing_docs)] // `storage_alias` generates an undocumented prefix type.
pub mod old {
	use super::BatteryRecordV2;
	use battery_primitives::consortium::BatteryId;

	/// `Batteries` with version 2 records (the same storage key as the current item).
	#[frame_support::storage_alias]
	pub type Batteries<T: crate::Config> = StorageMap<
		crate::Pallet<T>,
		frame_support::Blake2_128Concat,
		BatteryId,
		BatteryRecordV2<<T as frame_system::Config>::AccountId, crate::BlockNumberOf<T>>,
	>;
}

/// Version 1 → 2: the [`crate::CustodianBatteries`] index of open passports by custodian.
pub mod v2 {
	use super::old;
	use crate::{Config, CustodianBatteries, Pallet};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// Fill the custody index from every battery record (version unchecked: use
	/// [`MigrateV1ToV2`]).
	///
	/// It reads every battery in one block. That is fine for the chains that exist at version 1
	/// (development and test networks, at most a few thousand batteries: one read and at most one
	/// write each); a chain with millions of batteries would need a multi-block migration.
	pub struct IndexCustodians<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexCustodians<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			// Read as version 1 stored them (the current layout has no running mode).
			for (battery, record) in old::Batteries::<T>::iter() {
				reads = reads.saturating_add(1);
				if !record.status.is_closed() {
					CustodianBatteries::<T>::insert(&record.custodian, &battery, ());
					writes = writes.saturating_add(1);
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// [`IndexCustodians`] when the pallet's on-chain storage version is 1; sets it to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		IndexCustodians<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 → 3: confidential battery data leaves the state. Maintenance details and running modes
/// are sealed from now on ([`crate::MaintenanceEnvelope`], [`crate::UsageEnvelope`]).
pub mod v3 {
	pub use super::BatteryRecordV2;
	use crate::{Batteries, BatteryRecord, Config, MaintenanceLog, Pallet};
	#[cfg(feature = "try-runtime")]
	use codec::{Decode, DecodeAll, Encode};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// Remove the plaintext of version 2 from the state (version unchecked: use
	/// [`MigrateV2ToV3`]): maintenance records are removed (their counts kept, so new records
	/// continue the numbering) and battery records drop their running mode (every assigned
	/// battery is back to `Normal` until its user seals a mode). The chain holds no reader's
	/// secret, so it cannot seal the old values; they stay in the blocks and events that wrote
	/// them, which no migration can take back.
	///
	/// One block, one read and write per battery: fine for the development and test networks
	/// that exist at version 2.
	pub struct RemovePlaintext<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for RemovePlaintext<T> {
		fn on_runtime_upgrade() -> Weight {
			let removed = u64::from(MaintenanceLog::<T>::clear(u32::MAX, None).unique);
			let mut batteries = 0u64;
			Batteries::<T>::translate::<BatteryRecordV2<T::AccountId, crate::BlockNumberOf<T>>, _>(
				|_, old| {
					batteries = batteries.saturating_add(1);
					Some(BatteryRecord {
						manufacturer: old.manufacturer,
						factory_hash: old.factory_hash,
						status: old.status,
						status_since: old.status_since,
						registered_at: old.registered_at,
						custodian: old.custodian,
						frozen: old.frozen,
						assigned_user: old.assigned_user,
						life: old.life,
						predecessor: old.predecessor,
						successor: old.successor,
					})
				},
			);
			let touched = removed.saturating_add(batteries);
			T::DbWeight::get().reads_writes(touched, touched)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(Batteries::<T>::count().encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u32::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			frame_support::ensure!(Batteries::<T>::count() == before, "batteries lost");
			// Every record decodes as the version 3 layout, with no bytes left over (a version 2
			// record left behind would decode with trailing bytes).
			for battery in Batteries::<T>::iter_keys() {
				let raw = frame_support::storage::unhashed::get_raw(
					&Batteries::<T>::hashed_key_for(&battery),
				)
				.ok_or("battery record vanished")?;
				crate::BatteryRecordOf::<T>::decode_all(&mut &raw[..])
					.map_err(|_| "a battery record does not decode as version 3")?;
			}
			frame_support::ensure!(
				MaintenanceLog::<T>::iter_keys().next().is_none(),
				"plaintext maintenance records left"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// [`RemovePlaintext`] when the pallet's on-chain storage version is 2; sets it to 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		RemovePlaintext<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
