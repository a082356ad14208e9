//! Runtime-level tests: genesis presets, token properties, `battery_info`.

use crate::{
	apis::chain_info, genesis_config_presets, token, Balances, Grandpa, Runtime,
	RuntimeGenesisConfig, EXISTENTIAL_DEPOSIT, VERSION,
};
use frame_support::traits::Get;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;

/// Builds the genesis state of preset `name` the way the node does (JSON patch over defaults).
fn ext_for_preset(name: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&name.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	json_patch(&mut config, serde_json::from_slice(&patch).expect("preset is JSON"));
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("valid genesis config");
	config.build_storage().expect("genesis builds").into()
}

/// Merges `patch` into `base` (objects recursively, other values replaced).
fn json_patch(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) =>
			for (key, value) in patch {
				json_patch(base.entry(key).or_insert(serde_json::Value::Null), value);
			},
		(base, patch) => *base = patch,
	}
}

#[test]
fn presets_are_listed() {
	let names = genesis_config_presets::preset_names();
	assert!(names.contains(&DEV_RUNTIME_PRESET.into()));
	assert!(names.contains(&LOCAL_TESTNET_RUNTIME_PRESET.into()));
	assert!(genesis_config_presets::get_preset(&"no-such-preset".into()).is_none());
}

#[test]
fn development_preset_has_alice_validating_and_sudo() {
	ext_for_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		for who in Sr25519Keyring::iter() {
			assert!(Balances::free_balance(who.to_account_id()) > EXISTENTIAL_DEPOSIT);
		}
	});
}

#[test]
fn local_testnet_preset_has_three_validators() {
	ext_for_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
		let grandpa = Grandpa::grandpa_authorities();
		assert_eq!(grandpa.len(), 3);
		assert!(grandpa.iter().all(|(_, weight)| *weight == 1));
	});
}

#[test]
fn token_properties_match_the_runtime() {
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), token::SS58_PREFIX);
	assert_eq!(crate::UNIT, 10u128.pow(12));
	let info = chain_info();
	assert_eq!(info.spec_name, b"battery-chain".to_vec());
	assert_eq!(info.spec_version, VERSION.spec_version);
	assert_eq!(info.token_symbol, token::SYMBOL.as_bytes().to_vec());
	assert_eq!(info.token_decimals, 12);
	assert_eq!(info.ss58_format, token::SS58_PREFIX);
	assert_eq!(info.existential_deposit, EXISTENTIAL_DEPOSIT);
}

#[test]
fn block_time_is_at_most_six_seconds() {
	assert!(crate::MILLISECS_PER_BLOCK <= 6000);
	assert_eq!(crate::SLOT_DURATION, crate::MILLISECS_PER_BLOCK);
}
