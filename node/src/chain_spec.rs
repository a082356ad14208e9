//! Chain specifications, built from the runtime's genesis presets (any other `--chain` argument is
//! read as a chain-spec JSON file). Every spec carries the token properties.
//!
//! | `--chain` | preset | validators | sudo |
//! |---|---|---|---|
//! | `dev` (`--dev`) | `development` | Alice | Alice |
//! | `consortium` | `consortium` | Alice, Bob, Charlie, Dave (equal weights) | none: the council |
//! | `local` (the default) | `local_testnet` (the consortium genesis) | as `consortium` | none |

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

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
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

/// The consortium chain: four equal validators (Alice, Bob, Charlie, Dave), no sudo key; the
/// council governs approvals, runtime upgrades and parameters.
pub fn consortium_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"battery-chain consortium",
		"battery_consortium",
		ChainType::Local,
		battery_runtime::genesis_config_presets::CONSORTIUM_RUNTIME_PRESET,
	)
}

/// Local testnet: the consortium genesis under the standard `local_testnet` preset name (four
/// equal validators, no sudo key).
pub fn local_testnet_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"battery-chain local testnet",
		"battery_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
