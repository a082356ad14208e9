//! Types and runtime API declarations shared by the battery-chain runtime, the node's RPC layer and
//! the command-line tools.
//!
//! The runtime is the source of truth: every read the node or a tool serves goes through one of the
//! runtime APIs declared here, so `state_call`, light clients and the `battery_*` JSON-RPC namespace
//! all see the same answer.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod battery;
pub mod charging;
pub mod consortium;
pub mod geo;
pub mod logistics;
pub mod ocpi;
pub mod passport;
pub mod read;
pub mod recycling;
pub mod rpc_bounds;
pub mod scope;
pub mod sealed;
pub mod serde_helpers;
pub mod telemetry;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use serde_helpers::{decimal, text, version_triple};

/// One pallet of the runtime, as listed by [`ChainInfo::pallets`].
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PalletDescriptor {
	/// Name of the pallet in the runtime (as in metadata, e.g. `Consortium`).
	#[serde(with = "text")]
	pub name: Vec<u8>,
	/// Index of the pallet in the runtime (first byte of every call and event of the pallet).
	pub index: u32,
	/// Rust crate implementing the pallet (e.g. `pallet_consortium`).
	#[serde(rename = "module", with = "text")]
	pub module_name: Vec<u8>,
	/// Version of that crate: (major, minor, patch); `"major.minor.patch"` in JSON.
	#[serde(rename = "version", with = "version_triple")]
	pub crate_version: (u16, u8, u8),
}

/// Chain-level facts a client needs before it can talk to battery-chain (`battery_info`).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainInfo {
	/// Runtime specification name (`RuntimeVersion::spec_name`).
	#[serde(with = "text")]
	pub spec_name: Vec<u8>,
	/// Runtime specification version (`RuntimeVersion::spec_version`).
	pub spec_version: u32,
	/// Transaction format version (`RuntimeVersion::transaction_version`).
	pub transaction_version: u32,
	/// Symbol of the native token.
	#[serde(with = "text")]
	pub token_symbol: Vec<u8>,
	/// Number of decimals of the native token (1 token = 10^decimals plancks).
	pub token_decimals: u8,
	/// SS58 address prefix of the chain.
	pub ss58_format: u16,
	/// Existential deposit of the native token, in plancks (a decimal string in JSON).
	#[serde(with = "decimal")]
	pub existential_deposit: u128,
	/// The battery-chain pallets of this runtime (not the generic FRAME ones).
	pub pallets: Vec<PalletDescriptor>,
}

sp_api::decl_runtime_apis! {
	/// Chain-wide reads served by the battery-chain runtime (`battery_info` over JSON-RPC).
	pub trait BatteryChainApi {
		/// Runtime version, native-token properties and the project pallets of this runtime.
		fn chain_info() -> ChainInfo;
	}
}
