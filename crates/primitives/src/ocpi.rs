//! Charge detail records: what the chain proves about a settled session
//! ([`ChargeDetailRecord`], read through `ChargingApi::cdr`), and its OCPI 2.2.1 `CDR` form
//! ([`cdr_json`], std only) for the roaming and billing systems of the charging industry.
//!
//! The mapping, field by field:
//! - `country_code` and `party_id` are the charge point operator's, taken from the EVSE ID
//!   (`DE*ABC*E123456*1`: `DE`, `ABC`); `id` and `session_id` are the session's number.
//! - `cdr_token` names the payer pseudonymously: `uid` and `contract_id` are the first 16
//!   bytes of its account in hex (OCPI allows 36 characters; the full account is in
//!   `battery_session`), of type `OTHER`; `auth_method` is `COMMAND` (requested on chain).
//! - `cdr_location` is the station (number, name, address) with the pile's coordinates, EVSE
//!   and connector as registered at the request.
//! - `currency` is the code the caller gives for the chain's token; amounts are in whole tokens
//!   with four decimals (OCPI's precision), rounded half up from the plancks. `tariffs` holds
//!   the session's tariff: `ENERGY` per kWh, `TIME` per hour billed per started minute
//!   (`step_size` 60 s), `FLAT` per session.
//! - One charging period with the `ENERGY` (kWh) and `TIME` (hours) dimensions; the totals and
//!   their parts as the settlement paid them.
//! - `remark` says what else the chain knows: closed by the stop timeout, the signed meter
//!   value's hash, a dispute. `last_updated` is the end of the session.
//! - A dispute resolved with a refund adds a credit CDR (`id` `N-C`, `credit`,
//!   `credit_reference_id` `N`) whose `total_cost` is the refund, negative.

use crate::{
	battery::Hash32,
	charging::{Connector, EvseId, SessionId, StationAddress, StationId, Tariff},
	consortium::BatteryId,
	logistics::Position,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// What the chain proves about a settled session: where, with which connector, who paid, when,
/// how much energy, what it cost, and how a dispute ended.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ChargeDetailRecord<AccountId, Balance> {
	/// The session's number.
	pub session: SessionId,
	/// The pile's EVSE ID.
	pub pile: EvseId,
	/// The connector's number on the pile, from 1.
	pub connector_id: u8,
	/// The connector.
	pub connector: Connector,
	/// The station's number.
	pub station: StationId,
	/// The station's name.
	pub station_name: Vec<u8>,
	/// The station's address.
	pub address: StationAddress,
	/// The pile's position.
	pub position: Position,
	/// Who paid.
	pub payer: AccountId,
	/// The battery charged, if the payer named it.
	pub battery: Option<BatteryId>,
	/// Start of charging, Unix ms.
	pub started_ms: u64,
	/// End of charging (the stop, or the last report of a session closed by the timeout),
	/// Unix ms.
	pub stopped_ms: u64,
	/// Energy charged, Wh.
	pub energy_wh: u32,
	/// Started minutes paid for.
	pub minutes: u32,
	/// The tariff of the session.
	pub tariff: Tariff<Balance>,
	/// Paid to the station at settlement.
	pub cost: Balance,
	/// BLAKE2b-256 of the signed meter value, if the controller gave one.
	pub signed_meter: Option<Hash32>,
	/// Whether the stop timeout closed the session.
	pub timed_out: bool,
	/// Whether the payer disputed the settlement.
	pub disputed: bool,
	/// The refund of a resolved dispute (`None` while unresolved or undisputed).
	pub refund: Option<Balance>,
}

#[cfg(feature = "std")]
pub use json::cdr_json;

#[cfg(feature = "std")]
mod json {
	use super::ChargeDetailRecord;
	use crate::{
		battery::factory::Date,
		charging::{ConnectorFormat, PowerType},
		geo,
		serde_helpers::to_hex,
	};
	use serde_json::{json, Map, Number, Value};

	/// A number with four decimals from `scaled` = value × 10⁴.
	fn number(scaled: i128) -> Value {
		Number::from_f64(scaled as f64 / 10_000.0).map_or(Value::Null, Value::Number)
	}

	/// `plancks` in whole tokens of `decimals` decimals, × 10⁴, rounded half up.
	fn tokens(plancks: u128, decimals: u8) -> i128 {
		let scaled = match u32::from(decimals).checked_sub(4) {
			Some(shift) => {
				let unit = 10u128.saturating_pow(shift);
				plancks / unit + u128::from(plancks % unit >= unit.div_ceil(2) && unit > 1)
			},
			None => plancks.saturating_mul(10u128.pow(4 - u32::from(decimals))),
		};
		i128::try_from(scaled).unwrap_or(i128::MAX)
	}

	/// OCPI `Price` of `plancks` without VAT (the chain knows no VAT).
	fn price(plancks: u128, decimals: u8, negative: bool) -> Value {
		let scaled = tokens(plancks, decimals);
		json!({ "excl_vat": number(if negative { -scaled } else { scaled }) })
	}

	/// RFC 3339 UTC time of `ms` Unix milliseconds, to the second (OCPI `DateTime`).
	pub(crate) fn date_time(ms: u64) -> String {
		let second = (ms % 86_400_000) / 1_000;
		format!(
			"{}T{:02}:{:02}:{:02}Z",
			Date::from_unix_ms(ms),
			second / 3_600,
			second % 3_600 / 60,
			second % 60
		)
	}

	/// A coordinate of 10⁻⁷ degree as OCPI writes it: seven decimals.
	fn degrees(e7: i32) -> String {
		let sign = if e7 < 0 { "-" } else { "" };
		let abs = e7.unsigned_abs();
		format!("{sign}{}.{:07}", abs / 10_000_000, abs % 10_000_000)
	}

	/// The charge point operator of `evse`: its country and party ID (`DE*ABC*E1` → `DE`, `ABC`).
	fn operator(evse: &[u8]) -> (String, String) {
		let text = String::from_utf8_lossy(evse);
		let country: String = text.chars().take(2).collect();
		let rest = text.get(2..).unwrap_or_default();
		let rest = rest.strip_prefix('*').unwrap_or(rest);
		(country, rest.chars().take(3).collect())
	}

	fn text(bytes: &[u8]) -> String {
		String::from_utf8_lossy(bytes).into_owned()
	}

	/// The OCPI 2.2.1 CDRs of `record`, in `currency` (the code given to the chain's token) of
	/// `decimals` decimals: the session's CDR, then the credit CDR of a refund, if any.
	pub fn cdr_json<AccountId: AsRef<[u8]>, Balance: Copy + Into<u128>>(
		record: &ChargeDetailRecord<AccountId, Balance>,
		currency: &str,
		decimals: u8,
	) -> Vec<Value> {
		let (country_code, party_id) = operator(&record.pile);
		let id = record.session.to_string();
		let start = date_time(record.started_ms);
		let end = date_time(record.stopped_ms);
		let tariff = &record.tariff;
		let (per_kwh, per_minute, per_session) =
			(tariff.price_per_kwh.into(), tariff.per_minute.into(), tariff.per_session.into());
		let energy_cost = per_kwh.saturating_mul(u128::from(record.energy_wh)) / 1_000;
		let time_cost = per_minute.saturating_mul(u128::from(record.minutes));
		let duration_ms = record.stopped_ms.saturating_sub(record.started_ms);
		// Hours × 10⁴, rounded half up.
		let hours = (i128::from(duration_ms) * 10_000 + 1_800_000) / 3_600_000;
		let kwh = i128::from(record.energy_wh) * 10;
		let token: String =
			record.payer.as_ref().iter().take(16).map(|byte| format!("{byte:02x}")).collect();
		let (latitude, longitude) = geo::coordinates(&record.position).unwrap_or((0, 0));
		let connector = &record.connector;

		let mut components = Vec::new();
		for (kind, price, step) in [
			("ENERGY", per_kwh, 1),
			("TIME", per_minute.saturating_mul(60), 60),
			("FLAT", per_session, 1),
		] {
			if price > 0 || (kind == "ENERGY" && per_minute == 0 && per_session == 0) {
				components.push(json!({
					"type": kind, "price": number(tokens(price, decimals)), "step_size": step,
				}));
			}
		}
		let mut location = json!({
			"id": record.station.to_string(),
			"name": text(&record.station_name),
			"address": text(&record.address.street),
			"city": text(&record.address.city),
			"country": text(&record.address.country),
			"coordinates": { "latitude": degrees(latitude), "longitude": degrees(longitude) },
			"evse_uid": text(&record.pile),
			"evse_id": text(&record.pile),
			"connector_id": record.connector_id.to_string(),
			"connector_standard": connector.standard.ocpi(),
			"connector_format": match connector.format {
				ConnectorFormat::Socket => "SOCKET",
				ConnectorFormat::Cable => "CABLE",
			},
			"connector_power_type": match connector.power_type {
				PowerType::Ac1Phase => "AC_1_PHASE",
				PowerType::Ac3Phase => "AC_3_PHASE",
				PowerType::Dc => "DC",
			},
		});
		if !record.address.postal_code.is_empty() {
			location["postal_code"] = Value::String(text(&record.address.postal_code));
		}
		let mut remarks = Vec::new();
		if record.timed_out {
			remarks.push("Closed by the stop timeout at the last reported meter value.".into());
		}
		if let Some(hash) = &record.signed_meter {
			remarks.push(format!("Signed meter value BLAKE2b-256 {}.", to_hex(hash)));
		}
		match (record.disputed, &record.refund) {
			(true, None) => remarks.push("Disputed by the payer.".into()),
			(_, Some(refund)) if (*refund).into() > 0 => {
				remarks.push(format!("Dispute resolved: refund in credit CDR {id}-C."))
			},
			(_, Some(_)) => remarks.push("Dispute resolved without a refund.".into()),
			(false, None) => {},
		}

		let mut cdr = Map::new();
		let mut put = |key: &str, value: Value| {
			cdr.insert(key.into(), value);
		};
		put("country_code", json!(country_code));
		put("party_id", json!(party_id));
		put("id", json!(id));
		put("start_date_time", json!(start));
		put("end_date_time", json!(end));
		put("session_id", json!(id));
		put(
			"cdr_token",
			json!({
				"country_code": country_code, "party_id": party_id, "uid": token,
				"type": "OTHER", "contract_id": token,
			}),
		);
		put("auth_method", json!("COMMAND"));
		put("cdr_location", location);
		put("currency", json!(currency));
		put(
			"tariffs",
			json!([{
				"country_code": country_code, "party_id": party_id, "id": id,
				"currency": currency, "elements": [{ "price_components": components }],
				"last_updated": start,
			}]),
		);
		put(
			"charging_periods",
			json!([{
				"start_date_time": start, "tariff_id": id,
				"dimensions": [
					{ "type": "ENERGY", "volume": number(kwh) },
					{ "type": "TIME", "volume": number(hours) },
				],
			}]),
		);
		put("total_cost", price(record.cost.into(), decimals, false));
		put("total_fixed_cost", price(per_session, decimals, false));
		put("total_energy", number(kwh));
		put("total_energy_cost", price(energy_cost, decimals, false));
		put("total_time", number(hours));
		put("total_time_cost", price(time_cost, decimals, false));
		if !remarks.is_empty() {
			put("remark", json!(remarks.join(" ")));
		}
		put("last_updated", json!(end));
		let cdr = Value::Object(cdr);

		let mut cdrs = vec![cdr.clone()];
		if let Some(refund) = record.refund.map(Into::into).filter(|refund| *refund > 0) {
			let mut credit = cdr;
			credit["id"] = json!(format!("{id}-C"));
			credit["credit"] = json!(true);
			credit["credit_reference_id"] = json!(id);
			credit["total_cost"] = price(refund, decimals, true);
			credit["total_energy"] = number(0);
			credit["total_time"] = number(0);
			credit["charging_periods"] = json!([{
				"start_date_time": start, "tariff_id": id,
				"dimensions": [{ "type": "ENERGY", "volume": number(0) }],
			}]);
			credit["remark"] = json!(format!("Refund to the payer after the dispute of CDR {id}."));
			if let Value::Object(fields) = &mut credit {
				for part in ["total_fixed_cost", "total_energy_cost", "total_time_cost"] {
					fields.remove(part);
				}
			}
			cdrs.push(credit);
		}
		cdrs
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::charging::{ConnectorFormat, ConnectorStandard, PowerType};
	use serde_json::json;

	fn record(refund: Option<u128>) -> ChargeDetailRecord<[u8; 32], u128> {
		ChargeDetailRecord {
			session: 7,
			pile: EvseId::truncate_from(b"DE*ABC*E123456*1".to_vec()),
			connector_id: 2,
			connector: Connector {
				standard: ConnectorStandard::Ccs2,
				format: ConnectorFormat::Cable,
				power_type: PowerType::Dc,
				max_voltage_v: 920,
				max_amperage_a: 500,
				max_electric_power_w: 350_000,
			},
			station: 3,
			station_name: b"Allianz Arena fast charging".to_vec(),
			address: StationAddress {
				street: b"Werner-Heisenberg-Allee 25".to_vec().try_into().unwrap(),
				postal_code: b"80939".to_vec().try_into().unwrap(),
				city: "M\u{fc}nchen".as_bytes().to_vec().try_into().unwrap(),
				country: *b"DEU",
			},
			position: Position::Coordinates { latitude_e7: 482_188_400, longitude_e7: 116_247_500 },
			payer: [0xab; 32],
			battery: None,
			// 2026-11-30T09:15:00Z, then 31 min 30 s of charging.
			started_ms: 1_796_030_100_000,
			stopped_ms: 1_796_030_100_000 + 1_890_000,
			energy_wh: 42_500,
			minutes: 32,
			// 0.35 token per kWh, 0.02 per minute, 1 per session (12 decimals).
			tariff: Tariff {
				price_per_kwh: 350_000_000_000,
				per_minute: 20_000_000_000,
				per_session: 1_000_000_000_000,
			},
			cost: 14_875_000_000_000 + 640_000_000_000 + 1_000_000_000_000,
			signed_meter: Some([0x11; 32]),
			timed_out: false,
			disputed: refund.is_some(),
			refund,
		}
	}

	#[test]
	fn times_are_rfc3339_utc() {
		assert_eq!(json::date_time(0), "1970-01-01T00:00:00Z");
		assert_eq!(json::date_time(1_796_030_100_999), "2026-11-30T09:15:00Z");
		assert_eq!(json::date_time(951_868_799_000), "2000-02-29T23:59:59Z");
	}

	#[test]
	fn a_settled_session_is_an_ocpi_cdr() {
		let cdrs = cdr_json(&record(None), "XEV", 12);
		assert_eq!(cdrs.len(), 1);
		let cdr = &cdrs[0];
		assert_eq!(cdr["country_code"], "DE");
		assert_eq!(cdr["party_id"], "ABC");
		assert_eq!(cdr["id"], "7");
		assert_eq!(cdr["start_date_time"], "2026-11-30T09:15:00Z");
		assert_eq!(cdr["end_date_time"], "2026-11-30T09:46:30Z");
		assert_eq!(cdr["cdr_token"]["uid"], "ab".repeat(16));
		assert_eq!(cdr["auth_method"], "COMMAND");
		let location = &cdr["cdr_location"];
		assert_eq!(location["id"], "3");
		assert_eq!(location["city"], "M\u{fc}nchen");
		assert_eq!(location["postal_code"], "80939");
		assert_eq!(location["country"], "DEU");
		assert_eq!(
			location["coordinates"],
			json!({ "latitude": "48.2188400", "longitude": "11.6247500" })
		);
		assert_eq!(location["evse_id"], "DE*ABC*E123456*1");
		assert_eq!(location["connector_id"], "2");
		assert_eq!(location["connector_standard"], "IEC_62196_T2_COMBO");
		assert_eq!(location["connector_format"], "CABLE");
		assert_eq!(location["connector_power_type"], "DC");
		assert_eq!(cdr["currency"], "XEV");
		assert_eq!(cdr["total_energy"], json!(42.5));
		// 31.5 minutes = 0.525 h.
		assert_eq!(cdr["total_time"], json!(0.525));
		assert_eq!(cdr["total_energy_cost"], json!({ "excl_vat": 14.875 }));
		assert_eq!(cdr["total_time_cost"], json!({ "excl_vat": 0.64 }));
		assert_eq!(cdr["total_fixed_cost"], json!({ "excl_vat": 1.0 }));
		assert_eq!(cdr["total_cost"], json!({ "excl_vat": 16.515 }));
		let components = &cdr["tariffs"][0]["elements"][0]["price_components"];
		assert_eq!(components[0], json!({ "type": "ENERGY", "price": 0.35, "step_size": 1 }));
		assert_eq!(components[1], json!({ "type": "TIME", "price": 1.2, "step_size": 60 }));
		assert_eq!(components[2], json!({ "type": "FLAT", "price": 1.0, "step_size": 1 }));
		let dimensions = &cdr["charging_periods"][0]["dimensions"];
		assert_eq!(
			dimensions,
			&json!([{ "type": "ENERGY", "volume": 42.5 }, { "type": "TIME", "volume": 0.525 }])
		);
		assert_eq!(cdr["remark"], format!("Signed meter value BLAKE2b-256 0x{}.", "11".repeat(32)));
		assert_eq!(cdr["last_updated"], "2026-11-30T09:46:30Z");
		assert!(cdr.get("credit").is_none());
	}

	#[test]
	fn a_refund_adds_a_negative_credit_cdr() {
		let cdrs = cdr_json(&record(Some(5_000_000_000_000)), "XEV", 12);
		assert_eq!(cdrs.len(), 2);
		assert_eq!(cdrs[0]["total_cost"], json!({ "excl_vat": 16.515 }));
		assert!(cdrs[0]["remark"].as_str().unwrap().contains("refund in credit CDR 7-C"));
		let credit = &cdrs[1];
		assert_eq!(credit["id"], "7-C");
		assert_eq!(credit["credit"], true);
		assert_eq!(credit["credit_reference_id"], "7");
		assert_eq!(credit["total_cost"], json!({ "excl_vat": -5.0 }));
		assert_eq!(credit["total_energy"], json!(0.0));
		assert!(credit.get("total_energy_cost").is_none());
		// A dispute resolved without a refund keeps one CDR.
		let cdrs = cdr_json(&record(Some(0)), "XEV", 12);
		assert_eq!(cdrs.len(), 1);
		assert_eq!(
			cdrs[0]["remark"].as_str().unwrap().ends_with("Dispute resolved without a refund."),
			true
		);
	}

	#[test]
	fn amounts_round_half_up_to_four_decimals() {
		// 0.00005 token rounds up to 0.0001; 0.000049999999999 rounds down.
		let mut free = record(None);
		free.cost = 50_000_000;
		assert_eq!(cdr_json(&free, "XEV", 12)[0]["total_cost"], json!({ "excl_vat": 0.0001 }));
		free.cost = 49_999_999;
		assert_eq!(cdr_json(&free, "XEV", 12)[0]["total_cost"], json!({ "excl_vat": 0.0 }));
		// A token of two decimals: 1.23 is 1.23.
		free.cost = 123;
		assert_eq!(cdr_json(&free, "XEV", 2)[0]["total_cost"], json!({ "excl_vat": 1.23 }));
		// Southern and western coordinates keep their sign and seven decimals.
		free.position = Position::Coordinates { latitude_e7: -338_688_000, longitude_e7: -5 };
		let coordinates = &cdr_json(&free, "XEV", 12)[0]["cdr_location"]["coordinates"];
		assert_eq!(coordinates, &json!({ "latitude": "-33.8688000", "longitude": "-0.0000005" }));
	}
}
