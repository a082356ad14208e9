//! `battery_*` charging reads over `ChargingApi`: a pile with its station, a session, the
//! sessions of an account (as payer or station owner). Session details are sealed envelopes.

use super::util::{at_or_best, page_limit, parse_account, runtime_error, to_json, BlockHash, Kind};
use battery_primitives::charging::ChargingApi;
use battery_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The charging methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait ChargingRpcApi {
	/// The pile `evse` (`DE*ABC*E123456*1`): station name and certification, position, model,
	/// status, connectors, maximum power, tariff, payment methods; `null` if no such pile.
	#[method(name = "pile")]
	fn pile(&self, evse: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Session `id`: pile, payer, station, maxima, tariff, hold, status with the settlement, the
	/// sealed details; `null` if no such session.
	#[method(name = "session")]
	fn session(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The sessions `account` paid for or whose station it owns, oldest first, one page of at
	/// most `limit` (100 by default, 256 at most) from position `start` (0 by default).
	#[method(name = "sessionsOf")]
	fn sessions_of(
		&self,
		account: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;
}

/// Server of the charging methods.
pub struct ChargingRpc<C> {
	client: Arc<C>,
}

impl<C> ChargingRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> ChargingRpcApiServer for ChargingRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ChargingApi<Block, AccountId, Balance, BlockNumber>,
{
	fn pile(&self, evse: String, at: Option<BlockHash>) -> RpcResult<Value> {
		Kind::Evse.check_param("evse", &evse)?;
		let at = at_or_best(&*self.client, at);
		to_json(self.client.runtime_api().pile(at, evse.into_bytes()).map_err(runtime_error)?)
	}

	fn session(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Value> {
		let at = at_or_best(&*self.client, at);
		to_json(self.client.runtime_api().session(at, id).map_err(runtime_error)?)
	}

	fn sessions_of(
		&self,
		account: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		let account = parse_account("account", &account)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.sessions_of(at, account, start.unwrap_or(0), page_limit(limit))
			.map_err(runtime_error)?;
		to_json(page)
	}
}
