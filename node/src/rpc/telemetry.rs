//! `battery_*` telemetry reads over `TelemetryApi`: latest health (with the batch it came from),
//! the digital twin and the telemetry summary. Usage data in them (SOC, SOH, anomalies,
//! forecast, estimator state, running summaries) is sealed for the battery's Usage scope: anyone
//! fetches the envelopes, only its readers open them. No method takes a reader.

use super::util::{battery_read, BlockHash};
use battery_primitives::telemetry::TelemetryApi;
use battery_runtime::{opaque::Block, AccountId, BlockNumber, Hash};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The telemetry methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait TelemetryRpcApi {
	/// Latest health of `battery`: the batch it was computed from, attestations, any dispute, and
	/// the result (SOC, SOH, anomaly flags, forecast) as a sealed envelope; `null` before the
	/// first result.
	#[method(name = "health")]
	fn health(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The digital twin of `battery`: physical model, cell characterisation, data-space
	/// description, the sealed twin (estimator state and running summaries) and recent health.
	#[method(name = "twin")]
	fn twin(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Telemetry progress of `battery`: last batch commitment, result and dispute counters, and
	/// the sealed twin whose summary holds throughput, cycles, temperature extremes and events.
	#[method(name = "telemetrySummary")]
	fn telemetry_summary(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;
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

impl<C> TelemetryRpcApiServer for TelemetryRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: TelemetryApi<Block, AccountId, Hash, BlockNumber>,
{
	fn health(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.health(at, battery))
	}

	fn twin(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.twin(at, battery))
	}

	fn telemetry_summary(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| {
			api.telemetry_summary(at, battery)
		})
	}
}
