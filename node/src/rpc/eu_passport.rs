//! `battery_*` EU battery-passport reads over `PassportApi`: a model passport as its economic
//! operator declared it, and the Catena-X Battery Pass 6.1.0 export of a battery's public tier
//! (the mapping is `battery_primitives::passport::catenax`). Higher tiers are the reader's own
//! work: the state of a battery in use is sealed, so a reader opens it and fills it in
//! (`battery-tag passport --id … --secret-file …`), the node never can.

use super::util::{
	at_or_best, battery_id, parse_account, runtime_error, to_json, BlockHash, Kind, RpcError,
};
use battery_primitives::passport::{
	catenax::{export, CatenaxError},
	ExportError, PassportApi, Tier,
};
use battery_runtime::{opaque::Block, AccountId, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The EU battery-passport methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait EuPassportRpcApi {
	/// The passport `operator` declared for `model`: version, dates, every attribute with its
	/// version and declaration, the data groups still missing; `null` if it declared nothing.
	#[method(name = "passportModel")]
	fn passport_model(
		&self,
		operator: String,
		model: String,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// The public tier of `battery`'s passport as Catena-X Battery Pass 6.1.0 JSON. Errors:
	/// `3` no such battery, `6` its model passport is not declared or lacks a data group (the
	/// message names it).
	#[method(name = "passportExport")]
	fn passport_export(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// Server of the EU battery-passport methods.
pub struct EuPassportRpc<C> {
	client: Arc<C>,
}

impl<C> EuPassportRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> EuPassportRpcApiServer for EuPassportRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PassportApi<Block, AccountId, BlockNumber>,
{
	fn passport_model(
		&self,
		operator: String,
		model: String,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		let operator = parse_account("operator", &operator)?;
		Kind::Model.check_param("model", &model)?;
		let at = at_or_best(&*self.client, at);
		let view = self
			.client
			.runtime_api()
			.model(at, operator, model.into_bytes())
			.map_err(runtime_error)?;
		to_json(view)
	}

	fn passport_export(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let battery = battery_id("battery", battery)?;
		let at = at_or_best(&*self.client, at);
		let view =
			match self.client.runtime_api().export_view(at, battery).map_err(runtime_error)? {
				Ok(view) => view,
				Err(ExportError::UnknownBattery) => {
					return Err(RpcError::UnknownBattery.object("no battery has this id", None))
				},
				Err(ExportError::ModelNotDeclared) => {
					return Err(RpcError::PassportIncomplete.object(
						"the battery's economic operator has declared no passport for its model",
						None,
					))
				},
			};
		let genesis: [u8; 32] = self.client.info().genesis_hash.into();
		export(&view, &genesis, Tier::Public, None).map_err(|err| match err {
			CatenaxError::Missing(key) => RpcError::PassportIncomplete.object(
				err.to_string(),
				Some(serde_json::json!({ "missing": format!("{key:?}") })),
			),
		})
	}
}
