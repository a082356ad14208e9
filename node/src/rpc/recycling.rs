//! `battery_*` recycling reads over `RecyclingApi`: what the recycling pallet holds about a
//! battery, and the passports linked before and after it.

use super::util::{battery_read, BlockHash};
use battery_primitives::recycling::RecyclingApi;
use battery_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The recycling methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait RecyclingRpcApi {
	/// The recycling record of `battery`: its commission, kept assessments (public measures and
	/// verdicts, sealed lab details) and refurbishments with their counts, its second
	/// certification, the rating it was certified with (a second-life passport), how it was
	/// recycled, and an open buy-back offer.
	#[method(name = "recycling")]
	fn recycling(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Every passport linked to `battery`, first life first (predecessors, the battery,
	/// successors): ID, life, status, manufacturer, registration block.
	#[method(name = "lineage")]
	fn lineage(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// Server of the recycling methods.
pub struct RecyclingRpc<C> {
	client: Arc<C>,
}

impl<C> RecyclingRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C> RecyclingRpcApiServer for RecyclingRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RecyclingApi<Block, AccountId, Balance, BlockNumber>,
{
	fn recycling(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.recycling(at, battery))
	}

	fn lineage(&self, battery: String, at: Option<BlockHash>) -> RpcResult<Value> {
		battery_read(&*self.client, battery, at, |api, at, battery| api.lineage(at, battery))
	}
}
