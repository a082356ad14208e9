//! Storage migrations: version 1 → 2 (role sets stored as lists of roles).

use super::*;
use crate::{
	migrations::v2::{v1::OldMemberRecord, MigrateV1ToV2},
	DataCategory, Members, Pallet, Role, RoleSet, Scope,
};
use codec::Encode;
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};

/// Writes `value` raw under `key`, as version 1 stored it.
fn put_v1(key: Vec<u8>, value: impl Encode) {
	unhashed::put_raw(&key, &value.encode());
}

#[test]
fn v1_to_v2_keeps_every_role_and_scope_row() {
	ExtBuilder::default().build_and_execute(|| {
		StorageVersion::new(1).put::<Pallet<Test>>();
		// Every member as version 1 stored it; the operator's mask also has a bit naming no
		// role, which is dropped.
		let records: Vec<_> = Members::<Test>::iter().collect();
		for (who, record) in &records {
			let mut bits = record.roles.bits();
			if *who == OPERATOR {
				bits |= 0x8000;
			}
			put_v1(
				Members::<Test>::hashed_key_for(who),
				OldMemberRecord::<u64, <Test as crate::Config>::MaxProfileFieldLen> {
					status: record.status,
					roles: bits,
					profile: record.profile.clone(),
					member_since: record.member_since,
				},
			);
		}
		put_v1(
			Scope::<Test>::hashed_key_for(DataCategory::Usage),
			Role::Operator.bit() | Role::Authority.bit(),
		);
		// Read with the new layout, the old bytes are garbage or an error.
		assert_ne!(Members::<Test>::get(OPERATOR).map(|m| m.roles), Some(Role::Operator.into()));
		let record = records.iter().find(|(who, _)| *who == OPERATOR).expect("genesis").1.clone();
		let members = Members::<Test>::count();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		let migrated = Members::<Test>::get(OPERATOR).expect("kept");
		assert_eq!(migrated.roles, RoleSet::single(Role::Operator));
		assert_eq!((migrated.profile, migrated.status), (record.profile, record.status));
		assert_eq!(Members::<Test>::count(), members);
		assert_eq!(
			Scope::<Test>::get(DataCategory::Usage),
			Some(RoleSet::from_roles(&[Role::Operator, Role::Authority]))
		);
		// The other genesis members keep their single role.
		assert_eq!(
			Members::<Test>::get(MANUFACTURER).map(|m| m.roles),
			Some(Role::Manufacturer.into())
		);

		// At version 2 it does nothing.
		let before = Members::<Test>::get(OPERATOR);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Members::<Test>::get(OPERATOR), before);
	});
}
