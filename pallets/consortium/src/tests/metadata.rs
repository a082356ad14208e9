//! Every call, event, error, storage item and constant carries documentation (it ends up in the
//! runtime metadata that polkadot.js shows).

use super::*;
use crate::Pallet;
use scale_info::{form::MetaForm, TypeDef, TypeInfo};

fn variant_docs<T: TypeInfo + 'static>(what: &str, fields_documented: bool) {
	let info = T::type_info();
	let TypeDef::Variant(def) = info.type_def else { panic!("{what} is not an enum") };
	assert!(!def.variants.is_empty(), "{what} has variants");
	for variant in def.variants {
		let variant: scale_info::Variant<MetaForm> = variant;
		assert!(!variant.docs.is_empty(), "{what}::{} has no docs", variant.name);
		for field in variant.fields.into_iter().filter(|_| fields_documented) {
			if let Some(name) = field.name {
				assert!(!field.docs.is_empty(), "{what}::{}.{name} has no docs", variant.name);
			}
		}
	}
}

#[test]
fn calls_events_and_errors_are_documented() {
	// Call arguments carry no docs in FRAME metadata; the call docs describe them.
	variant_docs::<crate::Call<Test>>("Call", false);
	variant_docs::<crate::Event<Test>>("Event", true);
	variant_docs::<crate::Error<Test>>("Error", true);
}

#[test]
fn storage_and_constants_are_documented() {
	let storage = Pallet::<Test>::storage_metadata();
	assert!(storage.entries.len() >= 12);
	for entry in storage.entries {
		assert!(!entry.docs.is_empty(), "storage {} has no docs", entry.name);
	}
	let constants = Pallet::<Test>::pallet_constants_metadata();
	assert_eq!(constants.len(), 8);
	for constant in constants {
		assert!(!constant.docs.is_empty(), "constant {} has no docs", constant.name);
	}
}

#[test]
fn weights_are_sane() {
	use crate::weights::WeightInfo;
	use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight};
	// Each call stays far below a block (100 ms of the 2 s budget, 64 KiB of proof).
	let max = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 10, 64 * 1024);
	let all: [Weight; 17] = [
		<() as WeightInfo>::apply_for_role(96),
		<() as WeightInfo>::withdraw_application(),
		<() as WeightInfo>::approve_application(),
		<() as WeightInfo>::reject_application(),
		<() as WeightInfo>::suspend_member(),
		<() as WeightInfo>::resume_member(),
		<() as WeightInfo>::remove_member(),
		<() as WeightInfo>::update_profile(96),
		<() as WeightInfo>::register_user(3),
		<() as WeightInfo>::remove_user(3),
		<() as WeightInfo>::force_remove_user(3),
		<() as WeightInfo>::register_device(),
		<() as WeightInfo>::force_register_device(),
		<() as WeightInfo>::revoke_device(),
		<() as WeightInfo>::set_scope(),
		<() as WeightInfo>::set_reader_key(),
		<() as WeightInfo>::set_authority_reader_key(),
	];
	for weight in all {
		assert!(weight.ref_time() > 0);
		assert!(weight.all_lt(max));
	}
}
