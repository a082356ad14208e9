//! `battery_*` charging reads over `ChargingApi`: a pile with its station, a session, the
//! sessions of an account (as payer or station owner), the OCPI charge detail records of a
//! settled session. Session details are sealed envelopes.

use super::util::{
	at_or_best, invalid_param, page_limit, parse_account, parse_variant, runtime_error, to_json,
	BlockHash, Kind,
};
use battery_primitives::{
	charging::{ChargingApi, ConnectorStandard, PileFilter},
	geo::parse_position,
	ocpi::cdr_json,
};
use battery_runtime::{opaque::Block, token, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// Search radius of `battery_piles` when the request names none, metres.
const DEFAULT_RADIUS_M: u32 = 5_000;

/// The charging methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait ChargingRpcApi {
	/// The pile `evse` (`DE*ABC*E123456*1`): station name and certification, position, model,
	/// status, connectors, maximum power, tariff, payment methods; `null` if no such pile.
	#[method(name = "pile")]
	fn pile(&self, evse: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The piles within `radiusM` metres (5,000 by default, 50,000 at most) of `near`
	/// (`latitude,longitude` in decimal degrees, or a geohash), with a connector of `standard`
	/// (a `ConnectorStandard` name such as `Ccs2`) and at least `minPowerW`, nearest first, each
	/// with its distance; one page of at most `limit` (100 by default) from position `start`.
	#[method(name = "piles")]
	#[allow(clippy::too_many_arguments)]
	fn piles(
		&self,
		near: String,
		radius_m: Option<u32>,
		standard: Option<String>,
		min_power_w: Option<u32>,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

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

	/// The OCPI 2.2.1 charge detail records of session `id` once settled: its CDR, then the
	/// credit CDR of a refund after a resolved dispute (mapping in `battery_primitives::ocpi`);
	/// `null` if no such session or not settled (requested, charging, cancelled).
	#[method(name = "cdr")]
	fn cdr(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Value>;
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

	fn piles(
		&self,
		near: String,
		radius_m: Option<u32>,
		standard: Option<String>,
		min_power_w: Option<u32>,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		Kind::Position.check_param("near", &near)?;
		let centre = parse_position(&near).ok_or_else(|| {
			invalid_param("near", "a position is `latitude,longitude` in degrees or a geohash")
		})?;
		let standard = standard
			.as_deref()
			.map(|name| parse_variant::<ConnectorStandard>("standard", Kind::Standard, name))
			.transpose()?;
		let filter = PileFilter { standard, min_power_w: min_power_w.unwrap_or(0) };
		let at = at_or_best(&*self.client, at);
		let found = self
			.client
			.runtime_api()
			.piles_near(
				at,
				centre,
				radius_m.unwrap_or(DEFAULT_RADIUS_M),
				filter,
				start.unwrap_or(0),
				page_limit(limit),
			)
			.map_err(runtime_error)?;
		to_json(found)
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

	fn cdr(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Value> {
		let at = at_or_best(&*self.client, at);
		let record = self.client.runtime_api().cdr(at, id).map_err(runtime_error)?;
		Ok(record.map_or(Value::Null, |record| {
			Value::Array(cdr_json(&record, token::CURRENCY_CODE, token::DECIMALS))
		}))
	}
}
