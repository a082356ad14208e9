//! Storage migrations of the consortium pallet, one module per storage version. The runtime lists
//! them in its `Migrations`.

/// Version 1 → 2: role sets as lists of roles. Version 1 stored a [`RoleSet`] (a member's roles
/// in `Members`, a row of the scope matrix in `Scope`) as its `u16` bit mask; version 2 stores the
/// list of its roles in index order, so metadata-driven clients show names. Read with the old
/// layout and written with the new one, the bits unchanged (bits naming no role are dropped, as
/// every constructor already did).
pub mod v2 {
	use crate::{types::MemberRecord, Config, Members, Pallet, Scope};
	use battery_primitives::consortium::RoleSet;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};

	/// The version-1 layouts.
	pub mod v1 {
		use crate::types::MemberProfile;
		use battery_primitives::consortium::MemberStatus;
		use codec::{Decode, Encode};
		use frame_support::traits::Get;

		/// A member record before version 2: the roles as a bit mask.
		#[derive(Encode, Decode)]
		pub struct OldMemberRecord<BlockNumber, S: Get<u32>> {
			/// Active or suspended.
			pub status: MemberStatus,
			/// Bit `i` = the role with codec index `i`.
			pub roles: u16,
			/// The member's profile.
			pub profile: MemberProfile<S>,
			/// Block of the first grant.
			pub member_since: BlockNumber,
		}
	}

	/// Rewrites `Members` and `Scope` in the version-2 layout.
	pub struct RoleSetsAsLists<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for RoleSetsAsLists<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Members::<T>::translate::<
				v1::OldMemberRecord<
					frame_system::pallet_prelude::BlockNumberFor<T>,
					T::MaxProfileFieldLen,
				>,
				_,
			>(|_, old| {
				count = count.saturating_add(1);
				Some(MemberRecord {
					status: old.status,
					roles: RoleSet::from_bits_truncate(old.roles),
					profile: old.profile,
					member_since: old.member_since,
				})
			});
			Scope::<T>::translate::<u16, _>(|_, bits| {
				count = count.saturating_add(1);
				Some(RoleSet::from_bits_truncate(bits))
			});
			// Each entry read and written once (and the member counter once).
			T::DbWeight::get().reads_writes(count.saturating_add(1), count.saturating_add(1))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			use codec::Encode;
			Ok((Members::<T>::count(), Scope::<T>::iter_keys().count() as u32).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			use codec::Decode;
			let (members, rows) =
				<(u32, u32)>::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			frame_support::ensure!(
				Members::<T>::iter().count() as u32 == members,
				"members lost in the migration"
			);
			frame_support::ensure!(
				Scope::<T>::iter().count() as u32 == rows,
				"scope rows lost in the migration"
			);
			Ok(())
		}
	}

	/// The versioned migration 1 → 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		RoleSetsAsLists<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
