//! `battery_*` battery reads over `BatteryApi`: the public passport (anyone), and custody, usage
//! and maintenance for a reader in scope (the consortium's data-scope check runs in the runtime).

use super::util::{
	at_or_best, battery_id, invalid_param, parse_account, runtime_error, to_json, BlockHash,
	NOT_IN_SCOPE, UNKNOWN_BATTERY,
};
use battery_primitives::battery::{BatteryApi, ReadError};
use battery_runtime::{opaque::Block, AccountId, BlockNumber};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The battery methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait PassportRpcApi {
	/// The public passport of battery `id` (identity, nameplate, rated data, status, tag,
	/// predecessor / successor links) as JSON; `null` if no such battery is registered.
	#[method(name = "passport")]
	fn passport(&self, id: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Custodian and pending custody offer of `id`, for `reader` (Logistics scope).
	#[method(name = "custody")]
	fn custody(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Assigned user and running mode of `id`, for `reader` (Usage scope).
	#[method(name = "usage")]
	fn usage(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Maintenance records of `id`, for `reader` (Maintenance scope).
	#[method(name = "maintenance")]
	fn maintenance(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Which id scheme `id` follows (GB/T 34014 or GS1 GTIN + serial), or why it is invalid.
	#[method(name = "checkId")]
	fn check_id(&self, id: String, at: Option<BlockHash>) -> RpcResult<Value>;
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

fn read_error(err: ReadError) -> ErrorObjectOwned {
	match err {
		ReadError::UnknownBattery => {
			ErrorObject::owned(UNKNOWN_BATTERY, "unknown battery", None::<()>)
		},
		ReadError::NotInScope => ErrorObject::owned(
			NOT_IN_SCOPE,
			"the reader may not read this data of this battery",
			None::<()>,
		),
	}
}

impl<C> PassportRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BatteryApi<Block, AccountId, BlockNumber>,
{
	/// Runs a scoped read `f` of battery `id` for `reader` at `at` and turns its answer into JSON.
	fn scoped<V: serde::Serialize>(
		&self,
		id: String,
		reader: &str,
		at: Option<BlockHash>,
		f: impl FnOnce(
			&C::Api,
			BlockHash,
			Vec<u8>,
			AccountId,
		) -> Result<Result<V, ReadError>, sp_api::ApiError>,
	) -> RpcResult<Value> {
		let id = battery_id("id", id)?;
		let reader = parse_account("reader", reader)?;
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		f(&api, at, id, reader).map_err(runtime_error)?.map_err(read_error).and_then(to_json)
	}
}

impl<C> PassportRpcApiServer for PassportRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BatteryApi<Block, AccountId, BlockNumber>,
{
	fn passport(&self, id: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let id = battery_id("id", id)?;
		let at = at_or_best(&*self.client, at);
		let passport = self.client.runtime_api().passport(at, id).map_err(runtime_error)?;
		to_json(passport)
	}

	fn custody(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.scoped(id, &reader, at, |api, at, id, reader| api.custody(at, id, reader))
	}

	fn usage(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.scoped(id, &reader, at, |api, at, id, reader| api.usage(at, id, reader))
	}

	fn maintenance(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.scoped(id, &reader, at, |api, at, id, reader| api.maintenance(at, id, reader))
	}

	fn check_id(&self, id: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let id = battery_id("id", id)?;
		let at = at_or_best(&*self.client, at);
		match self.client.runtime_api().check_id(at, id).map_err(runtime_error)? {
			Ok(scheme) => {
				to_json(serde_json::json!({ "valid": true, "scheme": format!("{scheme:?}") }))
			},
			Err(err) => Err(invalid_param("battery id", format!("{err:?}"))),
		}
	}
}
