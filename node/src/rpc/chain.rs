//! `battery_info`: chain-level facts (runtime version, token, project pallets) over `BatteryChainApi`.

use super::util::{at_or_best, runtime_error, text, BlockHash};
use battery_primitives::{BatteryChainApi, ChainInfo};
use battery_runtime::opaque::Block;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// A pallet in [`ChainInfoJson`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PalletJson {
	/// Pallet name in the runtime.
	pub name: String,
	/// Pallet index in the runtime.
	pub index: u32,
	/// Rust crate of the pallet.
	pub module: String,
	/// Crate version `major.minor.patch`.
	pub version: String,
}

/// Answer of `battery_info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainInfoJson {
	/// Runtime spec name.
	pub spec_name: String,
	/// Runtime spec version.
	pub spec_version: u32,
	/// Transaction version.
	pub transaction_version: u32,
	/// Native token symbol.
	pub token_symbol: String,
	/// Native token decimals.
	pub token_decimals: u8,
	/// SS58 address prefix.
	pub ss58_format: u16,
	/// Existential deposit in plancks, as a decimal string (u128 does not fit a JSON number).
	pub existential_deposit: String,
	/// The battery-chain pallets of the runtime.
	pub pallets: Vec<PalletJson>,
}

impl From<ChainInfo> for ChainInfoJson {
	fn from(info: ChainInfo) -> Self {
		Self {
			spec_name: text(&info.spec_name),
			spec_version: info.spec_version,
			transaction_version: info.transaction_version,
			token_symbol: text(&info.token_symbol),
			token_decimals: info.token_decimals,
			ss58_format: info.ss58_format,
			existential_deposit: info.existential_deposit.to_string(),
			pallets: info
				.pallets
				.into_iter()
				.map(|p| PalletJson {
					name: text(&p.name),
					index: p.index,
					module: text(&p.module_name),
					version: format!(
						"{}.{}.{}",
						p.crate_version.0, p.crate_version.1, p.crate_version.2
					),
				})
				.collect(),
		}
	}
}

/// The `battery_*` RPC methods.
#[rpc(server, namespace = "battery")]
pub trait BatteryApi {
	/// Runtime spec name and version, native-token properties and the project pallets, at the
	/// best block or at `at`.
	#[method(name = "info")]
	fn info(&self, at: Option<BlockHash>) -> RpcResult<ChainInfoJson>;
}

/// Server of the `battery_*` namespace.
pub struct BatteryRpc<C> {
	client: Arc<C>,
}

impl<C> BatteryRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> BatteryApiServer for BatteryRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BatteryChainApi<Block>,
{
	fn info(&self, at: Option<BlockHash>) -> RpcResult<ChainInfoJson> {
		let at = at_or_best(&*self.client, at);
		let info = self.client.runtime_api().chain_info(at).map_err(runtime_error)?;
		Ok(info.into())
	}
}
