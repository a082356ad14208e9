//! `battery_*` battery reads over `BatteryApi`: the public passport, custody and assignment, and
//! the sealed running mode and maintenance records (anyone may fetch them; only recipients open
//! them), the accidents and the custody history. None takes a reader.

use super::util::{
	at_or_best, battery_id, battery_read, invalid_param, page_limit, runtime_error, to_json,
	BlockHash,
};
use battery_primitives::battery::BatteryApi;
use battery_runtime::{opaque::Block, AccountId, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The battery methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait PassportRpcApi {
	/// The public passport of `battery` (identity, nameplate, rated data, status, tag,
	/// predecessor / successor links) as JSON; `null` if no such battery is registered.
	#[method(name = "passport")]
	fn passport(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Custodian and pending custody offer of `battery` (public: the custodian signs its calls
	/// in public).
	#[method(name = "custody")]
	fn custody(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Assigned user of `battery` (public) and the running mode its user chose, as a sealed
	/// envelope (`null`: `Normal`).
	#[method(name = "usage")]
	fn usage(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Maintenance records of `battery` kept on chain and their total count: public date and
	/// kind, details as sealed envelopes (only their recipients can open them).
	#[method(name = "maintenance")]
	fn maintenance(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Accidents of `battery` kept on chain and their total count (public: time, peak
	/// acceleration, source such as a shipment's batch; the position stays sealed at the source).
	#[method(name = "accidents")]
	fn accidents(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The custody history of `battery`: every custodian, the block it took over and how
	/// (registration, direct handover, a shipment with its batch), oldest first, one page of
	/// at most `limit` entries (100 by default, 256 at most) from entry `start` (0 by default).
	#[method(name = "custodyHistory")]
	fn custody_history(
		&self,
		battery: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// Which id scheme `battery` follows (GB/T 34014 or GS1 GTIN + serial), or why it is invalid.
	#[method(name = "checkId")]
	fn check_id(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// Server of the battery methods.
pub struct PassportRpc<C> {
	client: Arc<C>,
}

impl<C> PassportRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> PassportRpcApiServer for PassportRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BatteryApi<Block, AccountId, BlockNumber>,
{
	fn passport(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let battery = battery_id("battery", battery)?;
		let at = at_or_best(&*self.client, at);
		let passport = self.client.runtime_api().passport(at, battery).map_err(runtime_error)?;
		to_json(passport)
	}

	fn custody(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.custody(at, battery))
	}

	fn usage(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.usage(at, battery))
	}

	fn maintenance(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.maintenance(at, battery))
	}

	fn accidents(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.accidents(at, battery))
	}

	fn custody_history(
		&self,
		battery: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		let (start, limit) = (start.unwrap_or(0), page_limit(limit));
		battery_read(&*self.client, battery, at, |api, at, battery| {
			api.custody_history(at, battery, start, limit)
		})
	}

	fn check_id(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let battery = battery_id("battery", battery)?;
		let at = at_or_best(&*self.client, at);
		match self.client.runtime_api().check_id(at, battery).map_err(runtime_error)? {
			Ok(scheme) => {
				to_json(serde_json::json!({ "valid": true, "scheme": format!("{scheme:?}") }))
			},
			Err(err) => Err(invalid_param("battery id", format!("{err:?}"))),
		}
	}
}
