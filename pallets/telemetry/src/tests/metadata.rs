//! Every call, event, error, storage item and constant carries documentation (it ends up in the
//! runtime metadata that polkadot.js shows).

use super::*;
use crate::Pallet;
use frame_support::traits::GetCallName;
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
	assert_eq!(storage.entries.len(), 20);
	for entry in storage.entries {
		assert!(!entry.docs.is_empty(), "storage {} has no docs", entry.name);
	}
	let constants = Pallet::<Test>::pallet_constants_metadata();
	assert_eq!(constants.len(), 23);
	for constant in constants {
		assert!(!constant.docs.is_empty(), "constant {} has no docs", constant.name);
	}
}

#[test]
fn call_indexes_are_explicit_and_stable() {
	let names: Vec<&str> = crate::Call::<Test>::get_call_names().to_vec();
	assert_eq!(
		names,
		vec![
			"submit_batch",
			"submit_result",
			"register_estimator",
			"remove_estimator",
			"set_physical_model",
			"set_characterisation",
			"set_data_space",
			"discard_batch",
			"reset_sequence",
			"resolve_dispute",
			"grant_result",
			"submit_compact_batch",
			"set_required_attestations",
			"seed_twin",
		]
	);
	let call = crate::Call::<Test>::discard_batch {
		battery: battery(BATTERY),
		batch_hash: Default::default(),
	};
	assert_eq!(call.encode()[0], 7);
	let call = crate::Call::<Test>::submit_compact_batch {
		battery: battery(BATTERY),
		sequence: 1,
		start_ms: 0,
		period_ms: PERIOD,
		samples: 1,
		readings: sealed(BATTERY, &discharge(1)),
	};
	assert_eq!(call.encode()[0], 11);
}

#[test]
fn weights_are_sane() {
	use crate::weights::WeightInfo;
	use frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight};
	// Each call stays far below a block (2 s budget): 250 ms for the largest telemetry batch of a
	// 3600-sample runtime, 100 ms and 64 KiB of proof for everything else.
	let max = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 10, 64 * 1024);
	assert!(<() as WeightInfo>::submit_batch(3_600)
		.all_lt(Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 4, 64 * 1024)));
	assert!(
		<() as WeightInfo>::submit_batch(2).ref_time()
			> <() as WeightInfo>::submit_batch(1).ref_time()
	);
	let all: [Weight; 14] = [
		<() as WeightInfo>::submit_batch(64),
		<() as WeightInfo>::submit_result(),
		<() as WeightInfo>::authorize_submit_result(),
		<() as WeightInfo>::register_estimator(),
		<() as WeightInfo>::remove_estimator(),
		<() as WeightInfo>::set_physical_model(8),
		<() as WeightInfo>::set_characterisation(),
		<() as WeightInfo>::set_data_space(),
		<() as WeightInfo>::discard_batch(),
		<() as WeightInfo>::grant_result(),
		<() as WeightInfo>::attest_result(),
		<() as WeightInfo>::authorize_attest_result(),
		<() as WeightInfo>::set_required_attestations(),
		<() as WeightInfo>::seed_twin(),
	];
	for weight in all {
		assert!(weight.ref_time() > 0);
		assert!(weight.all_lt(max));
	}
}

#[test]
fn storage_is_bounded() {
	use codec::MaxEncodedLen;
	// The sealed twin and health: plaintext (TwinRecord, BatchResult) + 48 bytes of salt and
	// tag, 24 of nonce, 32 of commitment, the battery id and up to 16 wrapped keys of 112 bytes.
	// 498 + 1,980 and 93 + 2,101 bytes at most; 3 readers make them about 1.1 KB and 0.6 KB.
	assert_eq!(crate::TwinRecord::max_encoded_len(), 498);
	assert_eq!(battery_estimator::BatchResult::max_encoded_len(), 93);
	assert!(crate::TwinStateOf::<Test>::max_encoded_len() < 2_600);
	assert!(crate::HealthRecordOf::<Test>::max_encoded_len() < 2_300);
	assert!(crate::BatteryTelemetryOf::<Test>::max_encoded_len() < 256);
	assert!(crate::CharacterisationOf::<Test>::max_encoded_len() < 256);
}
