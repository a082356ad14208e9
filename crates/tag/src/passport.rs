//! The EU battery passport of a battery as a reader of a higher tier sees it: the chain's export
//! view, the battery's latest health result and its model's restricted document links opened
//! with the reader's secret, the accidents, all
//! mapped by the same Catena-X export as `battery_passportExport`
//! (`battery_primitives::passport::catenax`). The node never opens anything: the reader's tool
//! does, with its own secret.
//!
//! Contract (`state_call`, SCALE): `PassportApi_export_view(id)` →
//! `Result<PassportExportView<AccountId32, u32>, ExportError>`; `TelemetryApi_health(id)` →
//! `Result<Option<HealthView<H256, u32>>, ReadError>`; `BatteryApi_accidents(id)` →
//! `Result<AccidentView<u32>, ReadError>`; `TelemetryApi_twin(id)` →
//! `Result<Option<TwinView<AccountId32, H256, u32>>, ReadError>`; the Authority's reader key from
//! storage `Consortium::AuthorityReaderKey`.

use crate::{rpc::RpcChain, AccountId, BlockNumber};
use battery_primitives::{
	battery::{from_hex, AccidentSource, AccidentView, ReadError},
	passport::{
		catenax::{export, timestamp, DynamicData, OpenedDocument},
		Attribute, DocumentLink, ExportError, PassportExportView, Tier,
	},
	sealed::ReaderPublicKey,
	telemetry::{BatchResult, HealthView, TwinRecord, TwinView, UsageSummary},
};
use battery_seal::{open, public_key, ReaderSecretKey};
use codec::{Decode, Encode};
use serde_json::Value;
use sp_core::H256;
use sp_crypto_hashing::twox_128;

/// The chain at one block: every read of an export sees the same state.
struct At<'a> {
	chain: &'a RpcChain,
	hash: String,
}

impl<'a> At<'a> {
	/// `chain` at its best block now.
	fn best(chain: &'a RpcChain) -> Result<Self, String> {
		let hash = chain.call("chain_getBlockHash", serde_json::json!([]))?;
		let hash = hash.as_str().ok_or("best block hash is not a string")?.to_string();
		Ok(Self { chain, hash })
	}

	/// Runtime API `method` of battery `id`.
	fn call<T: Decode>(&self, method: &str, id: &[u8]) -> Result<T, String> {
		self.chain.runtime_api(method, &id.to_vec().encode(), Some(&self.hash))
	}
}

/// The Authority's reader key (storage `Consortium::AuthorityReaderKey`), if set.
fn authority_key(at: &At) -> Result<Option<ReaderPublicKey>, String> {
	let key = [twox_128(b"Consortium"), twox_128(b"AuthorityReaderKey")].concat();
	let value =
		at.chain.call("state_getStorage", serde_json::json!([crate::to_hex(&key), at.hash]))?;
	match value.as_str() {
		None => Ok(None),
		Some(hex) => {
			let bytes = from_hex(hex).ok_or("storage value is not hex")?;
			ReaderPublicKey::decode(&mut &bytes[..])
				.map(Some)
				.map_err(|e| format!("Consortium::AuthorityReaderKey does not decode: {e}"))
		},
	}
}

/// The genesis hash of the chain behind `chain`.
fn genesis(chain: &RpcChain) -> Result<[u8; 32], String> {
	let hash = chain.call("chain_getBlockHash", serde_json::json!([0]))?;
	let bytes = hash.as_str().and_then(from_hex).ok_or("genesis hash is not hex")?;
	bytes.try_into().map_err(|_| "genesis hash is not 32 bytes".to_string())
}

/// The running summaries of the battery's twin, if it has one `secret` opens.
fn usage_summary(
	at: &At,
	id: &[u8],
	secret: &ReaderSecretKey,
) -> Result<Option<UsageSummary>, String> {
	let twin: Result<Option<TwinView<AccountId, H256, BlockNumber>>, ReadError> =
		at.call("TelemetryApi_twin", id)?;
	let sealed = twin.map_err(|e| format!("twin: {e}"))?.and_then(|view| view.twin);
	Ok(sealed
		.and_then(|sealed| open(&sealed.envelope, secret).ok())
		.and_then(|plaintext| TwinRecord::decode(&mut &plaintext[..]).ok())
		.map(|record| record.summary))
}

/// The restricted documents of `view`'s model passport whose sealed links `secret` opens.
fn opened_documents(
	view: &PassportExportView<AccountId, BlockNumber>,
	secret: &ReaderSecretKey,
) -> Vec<OpenedDocument> {
	view.model
		.attributes
		.iter()
		.filter_map(|declared| match &declared.attribute {
			Attribute::Restricted(kind, documents) => Some((*kind, documents)),
			_ => None,
		})
		.flat_map(|(kind, documents)| {
			documents.iter().filter_map(move |document| {
				let plaintext = open(&document.link.envelope, secret).ok()?;
				let link = DocumentLink::decode(&mut &plaintext[..]).ok()?;
				Some(OpenedDocument {
					kind,
					header: String::from_utf8_lossy(&document.header).into_owned(),
					url: String::from_utf8_lossy(&link.url).into_owned(),
				})
			})
		})
		.collect()
}

/// The operating environment of `summary`: temperature extremes, time outside the window.
fn operating_environment(summary: &UsageSummary) -> Vec<(String, String)> {
	vec![
		(
			"Temperature extremes".to_string(),
			format!(
				"lowest {:.1} °C, highest {:.1} °C",
				f64::from(summary.min_temp_decic) / 10.0,
				f64::from(summary.max_temp_decic) / 10.0
			),
		),
		(
			"Time outside the operating temperature window".to_string(),
			format!("{:.2} h", summary.outside_temp_window_ms as f64 / 3_600_000.0),
		),
	]
}

/// A reader's negative events: the accidents, the anomalies of the latest health result, the
/// deep-discharge and over-voltage events of the twin's summary.
fn negative_events(
	accidents: &AccidentView<BlockNumber>,
	health: &BatchResult,
	summary: Option<&UsageSummary>,
	view: &HealthView<H256, BlockNumber>,
) -> Vec<(String, String)> {
	let mut events: Vec<(String, String)> = accidents
		.records
		.iter()
		.map(|accident| {
			let AccidentSource::Transport { batch, .. } = accident.source;
			(
				"Accident".to_string(),
				format!(
					"{} g peak acceleration at {}, in transport (batch {batch})",
					f64::from(accident.peak_mg) / 1000.0,
					timestamp(accident.occurred_at_ms)
				),
			)
		})
		.collect();
	if health.anomaly_flags != 0 {
		events.push((
			"Anomaly".to_string(),
			format!(
				"{} samples flagged (flags {:#x}) in the batch ending at {} s",
				health.anomaly_samples, health.anomaly_flags, health.last_t_s
			),
		));
	}
	if view.dispute.is_some() {
		events.push((
			"Disputed result".to_string(),
			"another estimator disputes this health result; the dispute is open".to_string(),
		));
	}
	let counts = summary.map(|s| {
		[("Deep discharge", s.deep_discharge_events), ("Over-voltage", s.over_voltage_events)]
	});
	for (header, count) in counts.into_iter().flatten() {
		if count > 0 {
			events.push((header.to_string(), format!("{count} events")));
		}
	}
	events
}

/// The passport of battery `id` for the holder of `secret`: the legitimate-interest tier (the
/// Authority's tier if `secret` is the Authority's reader key), with the battery's state from its
/// latest health result, everything read at one block (the best one now). Fails if the battery
/// has no health result `secret` opens. A result under dispute is exported with a negative
/// event saying so.
pub fn reader_export(
	chain: &RpcChain,
	id: &str,
	secret: &ReaderSecretKey,
) -> Result<Value, String> {
	let id = id.as_bytes();
	let at = At::best(chain)?;
	let view: Result<PassportExportView<AccountId, BlockNumber>, ExportError> =
		at.call("PassportApi_export_view", id)?;
	let view = view.map_err(|e| format!("no passport to export: {e:?}"))?;
	let health: Result<Option<HealthView<H256, BlockNumber>>, ReadError> =
		at.call("TelemetryApi_health", id)?;
	let health = health
		.map_err(|e| format!("health: {e}"))?
		.ok_or("the battery has no health result yet: only the public tier can be exported")?;
	let plaintext = open(&health.health.envelope, secret)
		.map_err(|e| format!("cannot open the battery's health result with this secret: {e:?}"))?;
	let result = BatchResult::decode(&mut &plaintext[..])
		.map_err(|e| format!("the health result does not decode: {e}"))?;
	let accidents: Result<AccidentView<BlockNumber>, ReadError> =
		at.call("BatteryApi_accidents", id)?;
	let accidents = accidents.map_err(|e| format!("accidents: {e}"))?;
	let tier = if authority_key(&at)? == Some(public_key(secret)) {
		Tier::Authority
	} else {
		Tier::LegitimateInterest
	};
	let summary = usage_summary(&at, id, secret)?;
	let dynamic = DynamicData {
		at_ms: health.last_sample_ms,
		soc_ppm: result.soc_ppm,
		full_cycles_milli: result.efc_milli,
		capacity_ppm: result.soh_capacity_ppm,
		resistance_ppm: result.soh_resistance_ppm,
		negative_events: negative_events(&accidents, &result, summary.as_ref(), &health),
		operating_environment: summary.as_ref().map(operating_environment).unwrap_or_default(),
		documents: opened_documents(&view, secret),
	};
	export(&view, &genesis(chain)?, tier, Some(&dynamic)).map_err(|e| e.to_string())
}
