//! `battery_*` consortium reads: standing of an account, members by role, devices of an owner,
//! the data-scope matrix and `canRead`, over `ConsortiumApi`.

use super::util::{
	account_json, at_or_best, battery_id, parse_account, parse_variant, runtime_error, text,
	BlockHash, Kind,
};
use battery_primitives::consortium::{
	AccountView, ConsortiumApi, DataCategory, DeviceRecord, MemberView, Role, MAX_PAGE_SIZE,
};
use battery_runtime::{opaque::Block, AccountId, Balance, BlockNumber};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

/// Default page size of the paged methods.
const DEFAULT_PAGE: u32 = 100;

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

fn device_json(
	device: Option<&AccountId>,
	record: &DeviceRecord<AccountId, Balance, BlockNumber>,
) -> Value {
	let mut value = json!({
		"kind": record.kind,
		"owner": account_json(&record.owner),
		"subject": text(&record.subject),
		"deposit": record.deposit.to_string(),
		"registeredAt": record.registered_at,
	});
	if let Some(device) = device {
		value["device"] = json!(account_json(device));
	}
	value
}

fn member_json(member: &MemberView<Balance, BlockNumber>) -> Value {
	json!({
		"status": member.status,
		"profile": {
			"name": text(&member.profile.name),
			"registration": text(&member.profile.registration),
			"contact": text(&member.profile.contact),
		},
		"roles": member.roles.iter().map(|grant| json!({
			"role": grant.role,
			"deposit": grant.deposit.to_string(),
			"grantedAt": grant.granted_at,
		})).collect::<Vec<_>>(),
		"memberSince": member.member_since,
		"userCount": member.user_count,
		"deviceCount": member.device_count,
	})
}

fn account_view_json(view: &AccountView<AccountId, Balance, BlockNumber>) -> Value {
	json!({
		"activeRoles": view.active_roles,
		"member": view.member.as_ref().map(member_json),
		"operators": view.operators.iter().map(account_json).collect::<Vec<_>>(),
		"applications": view.applications.iter().map(|app| json!({
			"role": app.role,
			"profile": {
				"name": text(&app.profile.name),
				"registration": text(&app.profile.registration),
				"contact": text(&app.profile.contact),
			},
			"deposit": app.deposit.to_string(),
			"submittedAt": app.submitted_at,
		})).collect::<Vec<_>>(),
		"device": view.device.as_ref().map(|record| device_json(None, record)),
	})
}

fn page_limit(limit: Option<u32>) -> u32 {
	limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE_SIZE)
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
		Ok(account_view_json(&view))
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
		Ok(json!({
			"role": role,
			"total": total,
			"members": page.iter().map(account_json).collect::<Vec<_>>(),
		}))
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
		Ok(Value::Array(
			page.iter().map(|(device, record)| device_json(Some(device), record)).collect(),
		))
	}

	fn scope_matrix(&self, at: Option<BlockHash>) -> RpcResult<Value> {
		let at = at_or_best(&*self.client, at);
		let rows = self.client.runtime_api().scope_matrix(at).map_err(runtime_error)?;
		Ok(Value::Array(
			rows.iter()
				.map(|row| {
					json!({
						"category": row.category,
						"roles": row.roles,
						"batteryScoped": row.battery_scoped,
					})
				})
				.collect(),
		))
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
}
