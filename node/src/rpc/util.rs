//! Helpers shared by the `battery_*` RPC servers: block selection, errors, account and text
//! conversion between the runtime's SCALE types and the JSON clients see.

use battery_runtime::{opaque::Block, token, AccountId};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_runtime::traits::Block as BlockT;

/// Block hash type of the RPC methods' optional `at` parameter.
pub type BlockHash = <Block as BlockT>::Hash;

/// JSON-RPC error code: a runtime API call failed.
pub const RUNTIME_ERROR: i32 = 1;
/// JSON-RPC error code: a parameter could not be parsed.
pub const INVALID_PARAM: i32 = 2;

/// `at`, or the best block.
pub fn at_or_best<C: HeaderBackend<Block>>(client: &C, at: Option<BlockHash>) -> BlockHash {
	at.unwrap_or_else(|| client.info().best_hash)
}

/// Error for a failed runtime API call.
pub fn runtime_error(err: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(RUNTIME_ERROR, "runtime API call failed", Some(err.to_string()))
}

/// Error for a parameter that does not parse.
pub fn invalid_param(what: &str, err: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAM, format!("invalid {what}"), Some(err.to_string()))
}

/// Parses an account given as SS58 (any prefix) or as 32-byte hex (`0x…`).
pub fn parse_account(text: &str) -> Result<AccountId, ErrorObjectOwned> {
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes = array_bytes::hex2bytes(hex).map_err(|e| invalid_param("account", format!("{e:?}")))?;
		let raw: [u8; 32] = bytes
			.try_into()
			.map_err(|_| invalid_param("account", "hex account ids are 32 bytes"))?;
		return Ok(AccountId::from(raw));
	}
	AccountId::from_ss58check_with_version(text)
		.map(|(account, _)| account)
		.map_err(|e| invalid_param("account", e))
}

/// An account in the chain's SS58 format.
pub fn account_json(account: &AccountId) -> String {
	account.to_ss58check_with_version(Ss58AddressFormat::custom(token::SS58_PREFIX))
}

/// Bytes stored as UTF-8 text (lossy for invalid sequences).
pub fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// Parses a unit enum variant (`Role`, `DataCategory`, ...) from its name.
pub fn parse_variant<T: serde::de::DeserializeOwned>(what: &str, name: &str) -> Result<T, ErrorObjectOwned> {
	serde_json::from_value(serde_json::Value::String(name.to_string()))
		.map_err(|_| invalid_param(what, format!("unknown {what} `{name}`")))
}

/// A runtime view as JSON (views derive `Serialize` in camelCase).
pub fn to_json(value: impl serde::Serialize) -> Result<serde_json::Value, ErrorObjectOwned> {
	serde_json::to_value(value).map_err(|e| runtime_error(format!("cannot serialize: {e}")))
}
