use super::*;
use crate::{migrations::v2::MigrateV1ToV2, Characterisations};
use battery_estimator::Chemistry;
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

/// Offset of the chemistry byte in a SCALE-encoded characterisation: the configuration's last
/// field, after 8 + 3·4 + 41·4 + 4·4 bytes.
const CHEMISTRY_OFFSET: usize = 200;

/// Store `bytes` as the raw characterisation of `id` (a version-1 entry).
fn put_raw(id: &[u8], bytes: &[u8]) {
	frame_support::storage::unhashed::put_raw(
		&Characterisations::<Test>::hashed_key_for(battery(id)),
		bytes,
	);
}

#[test]
fn v1_characterisations_take_the_passport_chemistry() {
	ExtBuilder::default().build_and_execute(|| {
		let stored = Characterisations::<Test>::get(battery(BATTERY)).unwrap();
		assert_eq!(stored.config.chemistry, Chemistry::Nmc);
		let v1 = |old_index: u8| {
			let mut bytes = stored.encode();
			// NMC is index 1 in both versions: the offset is right.
			assert_eq!(bytes[CHEMISTRY_OFFSET], 1);
			bytes[CHEMISTRY_OFFSET] = old_index;
			bytes
		};
		// Version 1: BATTERY (an NMC passport) declared `Unknown` (0); a battery without a
		// passport declared `Lfp` (4, which is `Lto` in version 2).
		put_raw(BATTERY, &v1(0));
		put_raw(b"NO-PASSPORT", &v1(4));
		StorageVersion::new(1).put::<Telemetry>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Telemetry::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Characterisations::<Test>::get(battery(BATTERY)), Some(stored.clone()));
		let orphan = Characterisations::<Test>::get(battery(b"NO-PASSPORT")).unwrap();
		assert_eq!(orphan.config.chemistry, Chemistry::Lfp);
		assert_eq!(orphan.config.ocv_uv, stored.config.ocv_uv);
		assert_eq!((orphan.set_by, orphan.set_at), (stored.set_by, stored.set_at));

		// At version 2 it only reads the version: a second run changes nothing.
		put_raw(BATTERY, &v1(0));
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(
			frame_support::storage::unhashed::get_raw(&Characterisations::<Test>::hashed_key_for(
				battery(BATTERY)
			)),
			Some(v1(0))
		);
		put_raw(BATTERY, &stored.encode());
	});
}
