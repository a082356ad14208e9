//! `battery_*` consortium reads: standing of an account, members by role, devices of an owner,
//! the data-scope matrix and `canRead`, over `ConsortiumApi`.

use super::util::{
	at_or_best, battery_id, page_limit, parse_account, parse_variant, runtime_error, to_json,
	BlockHash, Kind,
};
use battery_primitives::consortium::{ConsortiumApi, DataCategory, DeviceRecord, Role};
use battery_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde::Serialize;
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// The consortium methods of the `battery_*` namespace.
#[rpc(server, namespace = "battery")]
pub trait ConsortiumRpcApi {
	/// Standing of `account` (SS58 or hex): active roles, member record (status, profile, roles
	/// with deposits), operators (for users), pending applications, device record.
	#[method(name = "account")]
	fn account(&self, account: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Accounts granted `role` (`Manufacturer`, `Logistics`, `Operator`, `User`,
	/// `EnergyStation`, `Recycler`, `Authority`), one page after `startAfter`.
	#[method(name = "membersByRole")]
	fn members_by_role(
		&self,
		role: String,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// Devices registered by `owner`, one page after `startAfter`.
	#[method(name = "devicesOf")]
	fn devices_of(
		&self,
		owner: String,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// The data-scope matrix: for each category, the roles that may read it.
	#[method(name = "scopeMatrix")]
	fn scope_matrix(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Whether `account` may read `category` (`Public`, `Factory`, `Logistics`, `Usage`,
	/// `Maintenance`, `Refurbishment`, `Charging`) of `battery`.
	#[method(name = "canRead")]
	fn can_read(
		&self,
		account: String,
		battery: String,
		category: String,
		at: Option<BlockHash>,
	) -> RpcResult<bool>;

	/// The reader keys (hex, sorted) a new record of `category` about `battery` by `author` must
	/// be sealed to: the keys of the battery's readers in scope, the Authority's and the
	/// author's. Without `author`, the keys a grant may add. `null` for an unknown battery.
	#[method(name = "sealingKeys")]
	fn sealing_keys(
		&self,
		battery: String,
		category: String,
		author: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;
}

/// Server of the consortium methods.
pub struct ConsortiumRpc<C> {
	client: Arc<C>,
}

impl<C> ConsortiumRpc<C> {
	/// A server reading through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

/// One page of `membersByRole`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MembersPage {
	/// The role asked for.
	role: Role,
	/// How many accounts hold it in all.
	total: u32,
	/// This page's accounts.
	members: Vec<AccountId>,
}

/// One device of `devicesOf`: the device key with its record's fields.
#[derive(Serialize)]
struct DeviceEntry {
	/// The device key.
	device: AccountId,
	/// Its record.
	#[serde(flatten)]
	record: DeviceRecord<AccountId, Balance, BlockNumber>,
}

impl<C> ConsortiumRpcApiServer for ConsortiumRpc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ConsortiumApi<Block, AccountId, Balance, BlockNumber>,
{
	fn account(&self, account: String, at: Option<BlockHash>) -> RpcResult<Value> {
		let who = parse_account("account", &account)?;
		let at = at_or_best(&*self.client, at);
		let view = self.client.runtime_api().account(at, who).map_err(runtime_error)?;
		to_json(view)
	}

	fn members_by_role(
		&self,
		role: String,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		let role: Role = parse_variant("role", Kind::Role, &role)?;
		let start_after =
			start_after.as_deref().map(|text| parse_account("startAfter", text)).transpose()?;
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		let page =
			api.members_by_role(at, role, start_after, page_limit(limit)).map_err(runtime_error)?;
		let total = api.member_count(at, role).map_err(runtime_error)?;
		to_json(MembersPage { role, total, members: page })
	}

	fn devices_of(
		&self,
		owner: String,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		let owner = parse_account("owner", &owner)?;
		let start_after =
			start_after.as_deref().map(|text| parse_account("startAfter", text)).transpose()?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.devices_of(at, owner, start_after, page_limit(limit))
			.map_err(runtime_error)?;
		to_json(
			page.into_iter()
				.map(|(device, record)| DeviceEntry { device, record })
				.collect::<Vec<_>>(),
		)
	}

	fn scope_matrix(&self, at: Option<BlockHash>) -> RpcResult<Value> {
		let at = at_or_best(&*self.client, at);
		let rows = self.client.runtime_api().scope_matrix(at).map_err(runtime_error)?;
		to_json(rows)
	}

	fn can_read(
		&self,
		account: String,
		battery: String,
		category: String,
		at: Option<BlockHash>,
	) -> RpcResult<bool> {
		let who = parse_account("account", &account)?;
		let battery = battery_id("battery", battery)?;
		let category: DataCategory = parse_variant("category", Kind::Category, &category)?;
		let at = at_or_best(&*self.client, at);
		self.client.runtime_api().can_read(at, who, battery, category).map_err(runtime_error)
	}

	fn sealing_keys(
		&self,
		battery: String,
		category: String,
		author: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<Value> {
		let battery = battery_id("battery", battery)?;
		let category: DataCategory = parse_variant("category", Kind::Category, &category)?;
		let author = author.map(|author| parse_account("author", &author)).transpose()?;
		let at = at_or_best(&*self.client, at);
		let keys = self
			.client
			.runtime_api()
			.sealing_keys(at, battery, category, author)
			.map_err(runtime_error)?;
		let hex = |key: &[u8; 32]| battery_primitives::serde_helpers::to_hex(key);
		to_json(keys.map(|keys| keys.iter().map(hex).collect::<Vec<_>>()))
	}
}
