//! `battery_*` battery reads over `BatteryApi`: the public passport (anyone), and custody, usage
//! and maintenance for a reader in scope (the consortium's data-scope check runs in the runtime).

use super::util::{at_or_best, invalid_param, parse_account, runtime_error, to_json, BlockHash};
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

/// JSON-RPC error code: no battery with this id.
pub const UNKNOWN_BATTERY: i32 = 3;
/// JSON-RPC error code: the reader's roles do not cover this category of this battery.
pub const NOT_IN_SCOPE: i32 = 4;

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
		ReadError::UnknownBattery => ErrorObject::owned(UNKNOWN_BATTERY, "unknown battery", None::<()>),
		ReadError::NotInScope =>
			ErrorObject::owned(NOT_IN_SCOPE, "the reader may not read this data of this battery", None::<()>),
	}
}

impl<C> PassportRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BatteryApi<Block, AccountId, BlockNumber>,
{
	/// Runs a scoped read `f` for `reader` at `at` and turns its answer into JSON.
	fn scoped<V: serde::Serialize>(
		&self,
		reader: &str,
		at: Option<BlockHash>,
		f: impl FnOnce(
			&C::Api,
			BlockHash,
			AccountId,
		) -> Result<Result<V, ReadError>, sp_api::ApiError>,
	) -> RpcResult<Value> {
		let reader = parse_account(reader)?;
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		f(&api, at, reader).map_err(runtime_error)?.map_err(read_error).and_then(to_json)
	}
}

impl<C> PassportRpcApiServer for PassportRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BatteryApi<Block, AccountId, BlockNumber>,
{
	fn passport(&self, id: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let at = at_or_best(&*self.client, at);
		let passport =
			self.client.runtime_api().passport(at, id.into_bytes()).map_err(runtime_error)?;
		to_json(passport)
	}

	fn custody(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.scoped(&reader, at, |api, at, reader| api.custody(at, id.into_bytes(), reader))
	}

	fn usage(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.scoped(&reader, at, |api, at, reader| api.usage(at, id.into_bytes(), reader))
	}

	fn maintenance(&self, id: String, reader: String, at: Option<BlockHash>) -> RpcResult<Value> {
		self.scoped(&reader, at, |api, at, reader| api.maintenance(at, id.into_bytes(), reader))
	}

	fn check_id(&self, id: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let at = at_or_best(&*self.client, at);
		match self.client.runtime_api().check_id(at, id.into_bytes()).map_err(runtime_error)? {
			Ok(scheme) => to_json(serde_json::json!({ "valid": true, "scheme": format!("{scheme:?}") })),
			Err(err) => Err(invalid_param("battery id", format!("{err:?}"))),
		}
	}
}
