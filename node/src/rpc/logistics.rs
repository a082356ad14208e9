//! `battery_*` shipment reads over `LogisticsApi`: a shipment by its public batch ID with its
//! manifest, and the shipments of a battery. Public facts only; terms, checkpoints and impact
//! positions stay sealed in storage.

use super::util::{
	at_or_best, battery_read, invalid_param, runtime_error, to_json, BlockHash, Kind,
};
use battery_primitives::logistics::{parse_batch, LogisticsApi};
use battery_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The shipment methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait LogisticsRpcApi {
	/// The shipment with batch ID `batch` (`BATCH-0000000042` as printed on the waybill, or
	/// `42`): parties, dates, status, overdue, vehicle, checkpoint / impact / accident counts,
	/// and the manifest (every battery with its manufacturing date); `null` if no such batch.
	#[method(name = "shipment")]
	fn shipment(&self, batch: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The shipments that carried `battery` and the open one it is in (without manifests),
	/// oldest first.
	#[method(name = "shipmentsOf")]
	fn shipments_of(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// Server of the shipment methods.
pub struct LogisticsRpc<C> {
	client: Arc<C>,
}

impl<C> LogisticsRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> LogisticsRpcApiServer for LogisticsRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: LogisticsApi<Block, AccountId, Balance, BlockNumber>,
{
	fn shipment(&self, batch: String, at: Option<BlockHash>) -> RpcResult<Value> {
		Kind::Batch.check_param("batch", &batch)?;
		let batch = parse_batch(&batch)
			.ok_or_else(|| invalid_param("batch", "a batch ID is BATCH- and digits, or digits"))?;
		let at = at_or_best(&*self.client, at);
		let view = self.client.runtime_api().shipment(at, batch).map_err(runtime_error)?;
		to_json(view)
	}

	fn shipments_of(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.shipments_of(at, battery))
	}
}
