//! `battery_info`: chain-level facts (runtime version, token, project pallets) over `BatteryChainApi`.

use super::util::{at_or_best, runtime_error, BlockHash};
use battery_primitives::{BatteryChainApi, ChainInfo};
use battery_runtime::opaque::Block;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The `battery_*` RPC methods.
#[rpc(server, namespace = "battery")]
pub trait BatteryApi {
	/// Runtime spec name and version, native-token properties and the project pallets, at the
	/// best block or at `at`.
	#[method(name = "info")]
	fn info(&self, at: Option<BlockHash>) -> RpcResult<ChainInfo>;
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
	fn info(&self, at: Option<BlockHash>) -> RpcResult<ChainInfo> {
		let at = at_or_best(&*self.client, at);
		self.client.runtime_api().chain_info(at).map_err(runtime_error)
	}
}
