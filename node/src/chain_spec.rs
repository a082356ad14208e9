//! Chain specifications: `dev` and `local` are built from the runtime's genesis presets; any other
//! argument is read as a chain-spec JSON file. Every spec carries the token properties.

use battery_runtime::{token, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// The chain specification of battery-chain (no client extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and SS58 format, taken from the runtime so wallets show the right unit.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), token::SYMBOL.into());
	properties.insert("tokenDecimals".into(), token::DECIMALS.into());
	properties.insert("ss58Format".into(), token::SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime wasm was not built (SKIP_WASM_BUILD set?)".to_string())
}

fn from_preset(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_protocol_id("battery")
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// Single-validator development chain (Alice).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"battery-chain development",
		"battery_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// Three-validator local testnet (Alice, Bob, Charlie).
pub fn local_testnet_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"battery-chain local testnet",
		"battery_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

