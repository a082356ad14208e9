//! Every call, event, error, storage item and constant carries documentation (it ends up in the
//! runtime metadata that polkadot.js shows), and the placeholder weights are sane.

use super::*;
use crate::Pallet;
use frame_support::traits::{GetStorageVersion, StorageVersion};
use scale_info::{form::MetaForm, TypeDef, TypeInfo};

fn variant_docs<T: TypeInfo + 'static>(what: &str, fields_documented: bool) -> usize {
	let info = T::type_info();
	let TypeDef::Variant(def) = info.type_def else { panic!("{what} is not an enum") };
	assert!(!def.variants.is_empty(), "{what} has variants");
	let count = def.variants.len();
	for variant in def.variants {
		let variant: scale_info::Variant<MetaForm> = variant;
		assert!(!variant.docs.is_empty(), "{what}::{} has no docs", variant.name);
		for field in variant.fields.into_iter().filter(|_| fields_documented) {
			if let Some(name) = field.name {
				assert!(!field.docs.is_empty(), "{what}::{}.{name} has no docs", variant.name);
			}
		}
	}
	count
}

#[test]
fn calls_events_and_errors_are_documented() {
	// Call arguments carry no docs in FRAME metadata; the call docs describe them.
	assert_eq!(variant_docs::<crate::Call<Test>>("Call", false), 16);
	variant_docs::<crate::Event<Test>>("Event", true);
	variant_docs::<crate::Error<Test>>("Error", true);
}

#[test]
fn call_indexes_are_explicit_and_stable() {
	let info = crate::Call::<Test>::type_info();
	let TypeDef::Variant(def) = info.type_def else { panic!("Call is not an enum") };
	let indexes: Vec<(String, u8)> =
		def.variants.iter().map(|v| (v.name.to_string(), v.index)).collect();
	let expected = [
		"register_batteries",
		"bind_tag",
		"add_signing_key",
		"remove_signing_key",
		"offer_custody",
		"accept_custody",
		"cancel_custody_offer",
		"transition",
		"assign_user",
		"unassign_user",
		"set_running_mode",
		"add_maintenance",
		"freeze",
		"unfreeze",
		"register_second_life",
		"grant_maintenance",
	];
	for (i, name) in expected.iter().enumerate() {
		assert!(indexes.contains(&(name.to_string(), i as u8)), "{name} is not call {i}");
	}
}

#[test]
fn storage_and_constants_are_documented() {
	let storage = Pallet::<Test>::storage_metadata();
	assert_eq!(storage.entries.len(), 19);
	for entry in storage.entries {
		assert!(!entry.docs.is_empty(), "storage {} has no docs", entry.name);
	}
	let constants = Pallet::<Test>::pallet_constants_metadata();
	assert_eq!(constants.len(), 6);
	for constant in constants {
		assert!(!constant.docs.is_empty(), "constant {} has no docs", constant.name);
	}
}

#[test]
fn storage_version_is_three() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(3));
		assert_eq!(Pallet::<Test>::in_code_storage_version(), StorageVersion::new(3));
	});
}

#[test]
fn integrity_test_passes() {
	use frame_support::traits::Hooks;
	sp_io::TestExternalities::default().execute_with(|| {
		<Pallet<Test> as Hooks<u32>>::integrity_test();
	});
}

#[test]
fn weights_are_sane() {
	use crate::weights::WeightInfo;
	use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight};
	// Each call stays far below a block (100 ms of the 2 s budget, 64 KiB of proof); a full
	// batch of 100 registrations within a quarter of the block.
	let max = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 10, 64 * 1024);
	let all: [Weight; 15] = [
		<() as WeightInfo>::register_batteries(1),
		<() as WeightInfo>::bind_tag(),
		<() as WeightInfo>::add_signing_key(),
		<() as WeightInfo>::remove_signing_key(),
		<() as WeightInfo>::offer_custody(),
		<() as WeightInfo>::accept_custody(),
		<() as WeightInfo>::cancel_custody_offer(),
		<() as WeightInfo>::transition(),
		<() as WeightInfo>::assign_user(),
		<() as WeightInfo>::unassign_user(),
		<() as WeightInfo>::set_running_mode(),
		<() as WeightInfo>::add_maintenance(),
		<() as WeightInfo>::freeze(),
		<() as WeightInfo>::unfreeze(),
		<() as WeightInfo>::register_second_life(),
	];
	for weight in all {
		assert!(weight.ref_time() > 0);
		assert!(weight.all_lt(max));
	}
	let batch = <() as WeightInfo>::register_batteries(100);
	assert!(batch.ref_time() < WEIGHT_REF_TIME_PER_SECOND / 2);
	assert!(batch.proof_size() < 5 * 1024 * 1024 / 4);
}
