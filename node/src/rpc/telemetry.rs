//! `battery_*` telemetry reads over `TelemetryApi`: latest health (SOC, SOH, anomalies, forecast,
//! with the batch it came from), the digital twin and the telemetry summary. Every method takes
//! the reading account; the runtime applies the consortium's Usage scope (a user sees only the
//! batteries assigned to it).

use super::util::{
	at_or_best, battery_id, parse_account, read_error, runtime_error, to_json, BlockHash,
};
use battery_primitives::{read::ReadError, telemetry::TelemetryApi};
use battery_runtime::{opaque::Block, AccountId, BlockNumber, Hash};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The telemetry methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait TelemetryRpcApi {
	/// Latest health of `battery` for `reader`: SOC, SOH (capacity, resistance), anomaly flags,
	/// SOH forecast and the batch it was computed from; `null` before the first result.
	#[method(name = "health")]
	fn health(&self, battery: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The digital twin of `battery` for `reader`: physical model, cell characterisation,
	/// data-space description, estimator state hash, latest health and forecast.
	#[method(name = "twin")]
	fn twin(&self, battery: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Telemetry summary of `battery` for `reader`: last batch commitment and the running
	/// summaries (throughput, equivalent full cycles, temperature extremes, event counts).
	#[method(name = "telemetrySummary")]
	fn telemetry_summary(
		&self,
		battery: String,
		reader: String,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;
}

/// Server of the telemetry methods.
pub struct TelemetryRpc<C> {
	client: Arc<C>,
}

impl<C> TelemetryRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

type Read<V> = Result<Result<Option<V>, ReadError>, sp_api::ApiError>;

impl<C> TelemetryRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: TelemetryApi<Block, AccountId, Hash, BlockNumber>,
{
	/// Runs a scoped read `f` of `battery` for `reader` at `at` and turns its answer into JSON.
	fn read<V: serde::Serialize>(
		&self,
		battery: String,
		reader: &str,
		at: Option<BlockHash>,
		f: impl FnOnce(&C::Api, BlockHash, Vec<u8>, AccountId) -> Read<V>,
	) -> RpcResult<Value> {
		let battery = battery_id("battery", battery)?;
		let reader = parse_account("reader", reader)?;
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		let view = f(&api, at, battery, reader).map_err(runtime_error)?.map_err(read_error)?;
		to_json(view)
	}
}

impl<C> TelemetryRpcApiServer for TelemetryRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: TelemetryApi<Block, AccountId, Hash, BlockNumber>,
{
	fn health(&self, battery: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.read(battery, &reader, at, |api, at, battery, reader| {
			api.health_for(at, battery, reader)
		})
	}

	fn twin(&self, battery: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.read(battery, &reader, at, |api, at, battery, reader| {
			api.twin_for(at, battery, reader)
		})
	}

	fn telemetry_summary(
		&self,
		battery: String,
		reader: String,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		self.read(battery, &reader, at, |api, at, battery, reader| {
			api.telemetry_summary_for(at, battery, reader)
		})
	}
}
