//! Helpers shared by the `battery_*` RPC servers: block selection, the error codes, the kinds of
//! parameter with their longest valid form, account and text conversion between the runtime's
//! SCALE types and the JSON clients see.

use battery_primitives::{
	charging::{ConnectorStandard, MAX_EVSE_ID_LEN},
	consortium::{DataCategory, Role, MAX_PAGE_SIZE},
	geo::MAX_POSITION_TEXT_LEN,
	logistics::MAX_BATCH_TEXT_LEN,
	read::ReadError,
	rpc_bounds::{
		check_account_len, check_len, max_battery_id_len, TooLong, MAX_ACCOUNT_LEN,
		MAX_BLOCK_HASH_LEN,
	},
	serde_helpers::from_hex,
};
use battery_runtime::{opaque::Block, AccountId};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::traits::Block as BlockT;
use std::sync::OnceLock;

/// Block hash type of the RPC methods' optional `at` parameter.
pub type BlockHash = <Block as BlockT>::Hash;

/// The JSON-RPC error codes of the `battery_*` methods, all of them (the `code` of the error
/// object). A malformed request (a parameter of the wrong JSON type, a missing parameter) gets
/// jsonrpsee's standard `-32602` instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum RpcError {
	/// A runtime API call failed.
	Runtime = 1,
	/// A parameter is too long, could not be parsed, or is one too many.
	InvalidParam = 2,
	/// No battery with this id ([`ReadError::UnknownBattery`]).
	UnknownBattery = 3,
	/// The reader's roles do not cover this category of this battery
	/// ([`ReadError::NotInScope`]).
	NotInScope = 4,
	/// The battery id is longer than the longest battery id ([`ReadError::InvalidBatteryId`];
	/// the RPC's own length bound answers [`RpcError::InvalidParam`] first).
	InvalidBatteryId = 5,
	/// The battery's passport cannot be exported: its economic operator has not declared its
	/// model passport, or not every data group of it (the message names the missing one).
	PassportIncomplete = 6,
}

impl RpcError {
	/// The numeric code clients see.
	pub const fn code(self) -> i32 {
		self as i32
	}

	/// The error object with this code, `message` and optional `data`.
	pub fn object(
		self,
		message: impl Into<String>,
		data: Option<serde_json::Value>,
	) -> ErrorObjectOwned {
		ErrorObject::owned(self.code(), message.into(), data)
	}
}

impl From<ReadError> for RpcError {
	/// The one mapping of a scope-checked read's error to its code.
	fn from(err: ReadError) -> Self {
		match err {
			ReadError::InvalidBatteryId => Self::InvalidBatteryId,
			ReadError::UnknownBattery => Self::UnknownBattery,
			ReadError::NotInScope => Self::NotInScope,
		}
	}
}

/// The kind of a `battery_*` parameter. [`Kind::check`] bounds its text by the longest valid form
/// of the kind before anything parses it (the one place these bounds are set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
	/// An account: SS58 (any prefix, at most 49 characters) or `0x` + 64 hex digits.
	Account,
	/// A battery id: at most the bound of `BatteryId` (64 bytes).
	BatteryId,
	/// A `Role` variant name.
	Role,
	/// A `DataCategory` variant name.
	Category,
	/// A block hash: `0x` + 64 hex digits.
	BlockHash,
	/// A page size (a JSON number, not text).
	Limit,
	/// A position in a list (a JSON number, not text).
	Index,
	/// A batch ID: its printed form (`BATCH-0000000042`) or its number, as text.
	Batch,
	/// An EVSE ID (`DE*ABC*E123456*1`).
	Evse,
	/// A position: `latitude,longitude` in decimal degrees or a geohash.
	Position,
	/// A `ConnectorStandard` variant name.
	Standard,
	/// A battery model's name: at most the bound of `ModelName` (64 bytes).
	Model,
}

impl Kind {
	/// Longest valid text of this kind in bytes, `None` for a kind that is not text.
	pub fn max_len(self) -> Option<usize> {
		static ROLE: OnceLock<usize> = OnceLock::new();
		static CATEGORY: OnceLock<usize> = OnceLock::new();
		static STANDARD: OnceLock<usize> = OnceLock::new();
		match self {
			Kind::Account => Some(MAX_ACCOUNT_LEN),
			Kind::BatteryId => Some(max_battery_id_len()),
			Kind::Role => Some(*ROLE.get_or_init(|| longest_name(&Role::ALL))),
			Kind::Category => Some(*CATEGORY.get_or_init(|| longest_name(&DataCategory::ALL))),
			Kind::BlockHash => Some(MAX_BLOCK_HASH_LEN),
			Kind::Batch => Some(MAX_BATCH_TEXT_LEN),
			Kind::Evse => Some(MAX_EVSE_ID_LEN as usize),
			Kind::Position => Some(MAX_POSITION_TEXT_LEN),
			Kind::Standard => Some(*STANDARD.get_or_init(|| longest_name(&ConnectorStandard::ALL))),
			Kind::Model => Some(battery_primitives::battery::MAX_MODEL_LEN as usize),
			Kind::Limit | Kind::Index => None,
		}
	}

	/// `Ok` if `text` is not longer than the longest valid form of this kind; looks at the length
	/// only. An account's bound depends on its form (`0x` hex or SS58).
	pub fn check(self, text: &str) -> Result<(), TooLong> {
		match (self, self.max_len()) {
			(Kind::Account, _) => check_account_len(text),
			(_, Some(max)) => check_len(text, max),
			(_, None) => Ok(()),
		}
	}

	/// [`Kind::check`] as the RPC error naming parameter `what`.
	pub fn check_param(self, what: &str, text: &str) -> Result<(), ErrorObjectOwned> {
		self.check(text).map_err(|err| too_long(what, err))
	}
}

/// Length of the longest serialized name of the unit variants `all` (as clients spell them).
fn longest_name<T: serde::Serialize>(all: &[T]) -> usize {
	all.iter()
		.filter_map(|variant| serde_json::to_value(variant).ok())
		.filter_map(|name| name.as_str().map(str::len))
		.max()
		.unwrap_or(0)
}

/// `at`, or the best block.
pub fn at_or_best<C: HeaderBackend<Block>>(client: &C, at: Option<BlockHash>) -> BlockHash {
	at.unwrap_or_else(|| client.info().best_hash)
}

/// Error for a failed runtime API call.
pub fn runtime_error(err: impl std::fmt::Display) -> ErrorObjectOwned {
	RpcError::Runtime.object("runtime API call failed", Some(err.to_string().into()))
}

/// Error for a parameter that does not parse.
pub fn invalid_param(what: &str, err: impl std::fmt::Display) -> ErrorObjectOwned {
	RpcError::InvalidParam.object(format!("invalid {what}"), Some(err.to_string().into()))
}

/// The error of a scope-checked read (custody, usage, maintenance, health, twin, telemetry
/// summary): the one mapping of [`ReadError`] to its code.
pub fn read_error(err: ReadError) -> ErrorObjectOwned {
	RpcError::from(err).object(err.to_string(), None)
}

/// A read of `battery` (an id parameter) at `at` (the best block by default) through the runtime
/// API `f`, whose answer or [`ReadError`] becomes the JSON-RPC result or error: what every
/// battery-scoped `battery_*` method does.
pub fn battery_read<C, V>(
	client: &C,
	battery: String,
	at: Option<BlockHash>,
	f: impl FnOnce(&C::Api, BlockHash, Vec<u8>) -> Result<Result<V, ReadError>, sp_api::ApiError>,
) -> Result<serde_json::Value, ErrorObjectOwned>
where
	C: sp_api::ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	V: serde::Serialize,
{
	let battery = battery_id("battery", battery)?;
	let at = at_or_best(client, at);
	let api = client.runtime_api();
	f(&api, at, battery).map_err(runtime_error)?.map_err(read_error).and_then(to_json)
}

/// Error for parameter `what` longer than the longest valid form of its kind.
pub fn too_long(what: &str, err: TooLong) -> ErrorObjectOwned {
	RpcError::InvalidParam.object(
		format!("invalid {what}: longer than {} bytes", err.max),
		Some(serde_json::json!({ "param": what, "len": err.len, "max": err.max })),
	)
}

/// Parses account parameter `what` given as SS58 (any prefix) or as 32-byte hex (`0x…`), after
/// bounding its length.
pub fn parse_account(what: &str, text: &str) -> Result<AccountId, ErrorObjectOwned> {
	Kind::Account.check_param(what, text)?;
	if text.starts_with("0x") {
		let bytes = from_hex(text).ok_or_else(|| invalid_param(what, "not hex"))?;
		let raw: [u8; 32] =
			bytes.try_into().map_err(|_| invalid_param(what, "hex account ids are 32 bytes"))?;
		return Ok(AccountId::from(raw));
	}
	AccountId::from_ss58check_with_version(text)
		.map(|(account, _)| account)
		.map_err(|e| invalid_param(what, e))
}

/// Battery id parameter `what` as the bytes the runtime APIs take, after bounding its length.
pub fn battery_id(what: &str, battery: String) -> Result<Vec<u8>, ErrorObjectOwned> {
	Kind::BatteryId.check_param(what, &battery)?;
	Ok(battery.into_bytes())
}

/// Parses parameter `what`, a unit enum variant of `kind` (`Role`, `DataCategory`) given by its
/// name, after bounding its length.
pub fn parse_variant<T: serde::de::DeserializeOwned>(
	what: &str,
	kind: Kind,
	name: &str,
) -> Result<T, ErrorObjectOwned> {
	kind.check_param(what, name)?;
	serde_json::from_value(serde_json::Value::String(name.to_string()))
		.map_err(|_| invalid_param(what, format!("unknown {what} `{name}`")))
}

/// Page size of a paged method when the request names none.
const DEFAULT_PAGE: u32 = 100;

/// The page size of a paged method's optional `limit`: [`DEFAULT_PAGE`] without one, at most
/// [`MAX_PAGE_SIZE`].
pub fn page_limit(limit: Option<u32>) -> u32 {
	limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE_SIZE)
}

/// A runtime view as JSON (views derive `Serialize` in camelCase).
pub fn to_json(value: impl serde::Serialize) -> Result<serde_json::Value, ErrorObjectOwned> {
	serde_json::to_value(value).map_err(|e| runtime_error(format!("cannot serialize: {e}")))
}
