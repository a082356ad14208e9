//! Storage migrations of the battery pallet, one module per storage version. The runtime lists
//! the versioned ones in its `Migrations`.

/// Version 1 → 2: the [`crate::CustodianBatteries`] index of open passports by custodian.
pub mod v2 {
	use crate::{Batteries, Config, CustodianBatteries, Pallet};
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
			for (battery, record) in Batteries::<T>::iter() {
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

/// Version 2 → 3: maintenance details are sealed ([`crate::MaintenanceEnvelope`]).
pub mod v3 {
	use crate::{Config, MaintenanceLog, Pallet};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// Remove the plaintext maintenance records of version 2 from the state (version unchecked:
	/// use [`MigrateV2ToV3`]). The chain holds no reader key's secret, so it cannot seal them;
	/// they stay in the blocks and events that wrote them, which no migration can take back.
	/// The record counts are kept, so new records continue the numbering.
	///
	/// One block, one write per battery with records: fine for the development and test
	/// networks that exist at version 2.
	pub struct RemovePlaintextMaintenance<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for RemovePlaintextMaintenance<T> {
		fn on_runtime_upgrade() -> Weight {
			let removed = MaintenanceLog::<T>::clear(u32::MAX, None).unique;
			T::DbWeight::get().reads_writes(removed.into(), removed.into())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			frame_support::ensure!(
				MaintenanceLog::<T>::iter_keys().next().is_none(),
				"plaintext maintenance records left"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// [`RemovePlaintextMaintenance`] when the pallet's on-chain storage version is 2; sets it
	/// to 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		RemovePlaintextMaintenance<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
