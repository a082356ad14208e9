//! The parameters of every `battery_*` method, and the guard that checks a request's parameters
//! against them before jsonrpsee decodes them or a method parses them: no more parameters than the
//! method takes (by position or by name), and no text longer than the longest valid form of its
//! kind ([`Kind`]). So an oversized or surplus parameter costs one pass over the request's JSON,
//! whatever the method would do with it.
//!
//! [`guard`] refuses to build the RPC module if a `battery_*` method has no entry in [`METHODS`]
//! (or an entry names a method that is not served).

use super::util::{invalid_param, Kind};
use futures::future::BoxFuture;
use jsonrpsee::{
	types::{ErrorObjectOwned, Id, Params},
	AsyncMethod, ConnectionId, Extensions, MaxResponseSize, MethodCallback, MethodResponse,
	RpcModule, SyncMethod,
};
use serde_json::Value;
use std::sync::Arc;

/// One parameter of a method: its name (camelCase, as in the README; jsonrpsee also accepts the
/// snake_case spelling in a by-name request) and kind.
#[derive(Clone, Copy, Debug)]
pub struct Param {
	/// Name of the parameter.
	pub name: &'static str,
	/// Kind of the parameter.
	pub kind: Kind,
}

const fn param(name: &'static str, kind: Kind) -> Param {
	Param { name, kind }
}

/// The optional block hash every method takes last.
const AT: Param = param("at", Kind::BlockHash);
const BATTERY: Param = param("battery", Kind::BatteryId);
const START_AFTER: Param = param("startAfter", Kind::Account);
const LIMIT: Param = param("limit", Kind::Limit);

/// Every `battery_*` method with its parameters, in order.
pub const METHODS: &[(&str, &[Param])] = &[
	("battery_info", &[AT]),
	("battery_account", &[param("account", Kind::Account), AT]),
	("battery_membersByRole", &[param("role", Kind::Role), START_AFTER, LIMIT, AT]),
	("battery_devicesOf", &[param("owner", Kind::Account), START_AFTER, LIMIT, AT]),
	("battery_scopeMatrix", &[AT]),
	(
		"battery_canRead",
		&[param("account", Kind::Account), BATTERY, param("category", Kind::Category), AT],
	),
	(
		"battery_sealingKeys",
		&[BATTERY, param("category", Kind::Category), param("author", Kind::Account), AT],
	),
	("battery_passport", &[BATTERY, AT]),
	("battery_passportModel", &[param("operator", Kind::Account), param("model", Kind::Model), AT]),
	("battery_passportExport", &[BATTERY, AT]),
	("battery_custody", &[BATTERY, AT]),
	("battery_usage", &[BATTERY, AT]),
	("battery_maintenance", &[BATTERY, AT]),
	("battery_accidents", &[BATTERY, AT]),
	("battery_custodyHistory", &[BATTERY, param("start", Kind::Index), LIMIT, AT]),
	("battery_shipment", &[param("batch", Kind::Batch), AT]),
	("battery_shipmentsOf", &[BATTERY, AT]),
	("battery_pile", &[param("evse", Kind::Evse), AT]),
	(
		"battery_piles",
		&[
			param("near", Kind::Position),
			param("radiusM", Kind::Limit),
			param("standard", Kind::Standard),
			param("minPowerW", Kind::Limit),
			param("start", Kind::Index),
			LIMIT,
			AT,
		],
	),
	("battery_session", &[param("id", Kind::Index), AT]),
	(
		"battery_sessionsOf",
		&[param("account", Kind::Account), param("start", Kind::Index), LIMIT, AT],
	),
	("battery_cdr", &[param("id", Kind::Index), AT]),
	("battery_recycling", &[BATTERY, AT]),
	("battery_lineage", &[BATTERY, AT]),
	("battery_checkId", &[BATTERY, AT]),
	("battery_health", &[BATTERY, AT]),
	("battery_twin", &[BATTERY, AT]),
	("battery_telemetrySummary", &[BATTERY, AT]),
];

/// The parameters of `method`, if it is in [`METHODS`].
pub fn params_of(method: &str) -> Option<&'static [Param]> {
	METHODS.iter().find(|(name, _)| *name == method).map(|(_, params)| *params)
}

/// Whether `key` names `param` in a by-name request: its camelCase or snake_case spelling.
fn names(param: &Param, key: &str) -> bool {
	if key == param.name {
		return true;
	}
	let mut snake = String::with_capacity(param.name.len() + 4);
	for c in param.name.chars() {
		if c.is_ascii_uppercase() {
			snake.push('_');
			snake.push(c.to_ascii_lowercase());
		} else {
			snake.push(c);
		}
	}
	key == snake
}

/// Checks one parameter value: text no longer than its kind allows. Other JSON types are left to
/// jsonrpsee's decoding (which answers `-32602` for a wrong type).
fn check_value(param: &Param, value: &Value) -> Result<(), ErrorObjectOwned> {
	match value {
		Value::String(text) => param.kind.check_param(param.name, text),
		_ => Ok(()),
	}
}

/// Checks the raw parameters of a request (`None`: no `params`) against `params`.
pub fn check_params(params: &[Param], raw: Option<&str>) -> Result<(), ErrorObjectOwned> {
	let Some(raw) = raw else { return Ok(()) };
	let value: Value = serde_json::from_str(raw).map_err(|e| invalid_param("params", e))?;
	match value {
		Value::Null => Ok(()),
		Value::Array(values) => {
			if values.len() > params.len() {
				return Err(invalid_param(
					"params",
					format!(
						"{} parameters given, the method takes at most {}",
						values.len(),
						params.len()
					),
				));
			}
			params.iter().zip(&values).try_for_each(|(param, value)| check_value(param, value))
		},
		Value::Object(values) => values.iter().try_for_each(|(key, value)| {
			let param = params.iter().find(|param| names(param, key)).ok_or_else(|| {
				let known: Vec<&str> = params.iter().map(|param| param.name).collect();
				invalid_param(
					"params",
					format!("unknown parameter `{key}`, the method takes {}", known.join(", ")),
				)
			})?;
			check_value(param, value)
		}),
		_ => Err(invalid_param("params", "parameters are a JSON array or object")),
	}
}

/// A synchronous method callback from `f` (the bound fixes the closure's signature).
fn sync_method<F>(f: F) -> SyncMethod
where
	F: Fn(Id, Params, MaxResponseSize, Extensions) -> MethodResponse + Send + Sync + 'static,
{
	Arc::new(f)
}

/// An asynchronous method callback from `f`.
fn async_method<F>(f: F) -> AsyncMethod<'static>
where
	F: Fn(
			Id<'static>,
			Params<'static>,
			ConnectionId,
			MaxResponseSize,
			Extensions,
		) -> BoxFuture<'static, MethodResponse>
		+ Send
		+ Sync
		+ 'static,
{
	Arc::new(f)
}

/// `module` with every method wrapped in [`check_params`] against its entry in [`METHODS`]: a
/// request that fails the check is answered with the error and never reaches the method.
/// Fails if a method of `module` has no entry, an entry has no method, or a method is a
/// subscription.
pub fn guard(mut module: RpcModule<()>) -> Result<RpcModule<()>, String> {
	let served: Vec<&'static str> = module.method_names().collect();
	for (name, _) in METHODS {
		if !served.contains(name) {
			return Err(format!("rpc/params.rs lists `{name}`, which no RPC server serves"));
		}
	}
	for name in served {
		let params = params_of(name)
			.ok_or_else(|| format!("`{name}` has no parameter entry in rpc/params.rs METHODS"))?;
		let guarded = match module.remove_method(name) {
			Some(MethodCallback::Sync(method)) => {
				MethodCallback::Sync(sync_method(move |id, raw, max_response, extensions| {
					match check_params(params, raw.as_str()) {
						Ok(()) => method(id, raw, max_response, extensions),
						Err(err) => MethodResponse::error(id, err).with_extensions(extensions),
					}
				}))
			},
			Some(MethodCallback::Async(method)) => MethodCallback::Async(async_method(
				move |id, raw, connection, max_response, extensions| match check_params(
					params,
					raw.as_str(),
				) {
					Ok(()) => method(id, raw, connection, max_response, extensions),
					Err(err) => {
						let response = MethodResponse::error(id, err).with_extensions(extensions);
						Box::pin(futures::future::ready(response))
					},
				},
			)),
			other => return Err(format!("`{name}`: cannot guard a {other:?} method")),
		};
		module.verify_and_insert(name, guarded).map_err(|e| e.to_string())?;
	}
	Ok(module)
}
