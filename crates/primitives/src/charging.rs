//! Charging: the vocabulary of pallet-charging, shaped like OCPI 2.2.1 so that the registry and
//! its charge detail records speak the charging industry's terms.
//!
//! - A station ([`StationStatus`]) is registered by an EnergyStation member and certified by an
//!   Authority (or the approval origin) before it runs sessions.
//! - A pile is an OCPI EVSE: an [`EvseId`] in the eMI3 / ISO 15118 form ([`validate_evse_id`]),
//!   a position, a model, a [`PileStatus`], [`Connector`]s and a [`Tariff`] in the chain's token,
//!   with the [`PaymentMethod`]s it accepts.
//! - A session's cost is [`Tariff::cost`]: energy × price per kWh (rounded down to the planck),
//!   plus the started minutes × the per-minute fee, plus the per-session fee.

use crate::{
	battery::Hash32,
	consortium::{BatteryId, SubjectId},
	sealed::{MaxSealedReaders, Sealed},
	serde_helpers::{decimal, text, text_opt},
};
use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{
	traits::{CheckedAdd, CheckedMul, ConstU32},
	BoundedVec,
};

/// Longest EVSE ID, bytes (the eMI3 / ISO 15118 bound: 2 + 1 + 3 + 1 + 1 + 30 = 38; a little
/// margin for the separators).
pub const MAX_EVSE_ID_LEN: u32 = 48;

/// An EVSE ID in the eMI3 / ISO 15118 form, e.g. `DE*ABC*E123456*1`: the pile's public name.
pub type EvseId = BoundedVec<u8, ConstU32<MAX_EVSE_ID_LEN>>;

/// Why a text is not an EVSE ID.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum EvseIdError {
	/// Not two upper-case letters (ISO 3166-1 alpha-2) at the start.
	Country,
	/// Not three upper-case letters or digits (the operator ID) after the country.
	Operator,
	/// No `E` (the EVSE marker) after the operator ID.
	Marker,
	/// The EVSE part is empty, longer than 30 characters, or has a character other than an
	/// upper-case letter, a digit or `*`.
	Evse,
}

/// Whether `id` is an EVSE ID: country (2 letters), optional `*`, operator (3 letters or
/// digits), optional `*`, `E`, then 1 to 30 letters, digits or `*` (all upper case).
pub fn validate_evse_id(id: &[u8]) -> Result<(), EvseIdError> {
	let upper_or_digit = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
	let (country, rest) = id.split_at_checked(2).ok_or(EvseIdError::Country)?;
	if !country.iter().all(u8::is_ascii_uppercase) {
		return Err(EvseIdError::Country);
	}
	let rest = rest.strip_prefix(b"*").unwrap_or(rest);
	let (operator, rest) = rest.split_at_checked(3).ok_or(EvseIdError::Operator)?;
	if !operator.iter().all(upper_or_digit) {
		return Err(EvseIdError::Operator);
	}
	let rest = rest.strip_prefix(b"*").unwrap_or(rest);
	let evse = rest.strip_prefix(b"E").ok_or(EvseIdError::Marker)?;
	let valid =
		(1..=30).contains(&evse.len()) && evse.iter().all(|b| upper_or_digit(b) || *b == b'*');
	if valid {
		Ok(())
	} else {
		Err(EvseIdError::Evse)
	}
}

/// The EVSE ID as the subject of the pile's controller device (`PileController`).
pub fn pile_subject(evse: &EvseId) -> SubjectId {
	SubjectId::truncate_from(evse.to_vec())
}

/// Longest street line of a station's address, bytes (OCPI `Location.address`: 45).
pub const MAX_STREET_LEN: u32 = 45;

/// Longest city of a station's address, bytes (OCPI `Location.city`: 45).
pub const MAX_CITY_LEN: u32 = 45;

/// Longest postal code of a station's address, bytes (OCPI `Location.postal_code`: 10).
pub const MAX_POSTAL_CODE_LEN: u32 = 10;

/// The postal address of a station, in the parts an OCPI `Location` (and so a charge detail
/// record) carries.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct StationAddress {
	/// Street and number. JSON: text.
	#[serde(with = "text")]
	pub street: BoundedVec<u8, ConstU32<MAX_STREET_LEN>>,
	/// Postal code (may be empty where a country has none). JSON: text.
	#[serde(with = "text")]
	pub postal_code: BoundedVec<u8, ConstU32<MAX_POSTAL_CODE_LEN>>,
	/// City or town. JSON: text.
	#[serde(with = "text")]
	pub city: BoundedVec<u8, ConstU32<MAX_CITY_LEN>>,
	/// Country, ISO 3166-1 alpha-3 (`DEU`, `AUT`). JSON: text.
	#[serde(with = "text")]
	pub country: [u8; 3],
}

impl StationAddress {
	/// Whether street and city are non-empty printable UTF-8, the postal code is letters,
	/// digits, spaces or dashes, and the country three upper-case letters.
	pub fn is_valid(&self) -> bool {
		let printable = |text: &[u8]| {
			!text.is_empty()
				&& core::str::from_utf8(text).is_ok_and(|text| !text.chars().any(char::is_control))
		};
		printable(&self.street)
			&& printable(&self.city)
			&& self
				.postal_code
				.iter()
				.all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-'))
			&& self.country.iter().all(u8::is_ascii_uppercase)
	}
}

/// Where a station stands in its certification.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum StationStatus {
	/// Registered, waiting for certification: no sessions.
	#[codec(index = 0)]
	Pending,
	/// Certified by an Authority (or the approval origin): runs sessions.
	#[codec(index = 1)]
	Certified,
	/// Certification revoked: no new sessions (open ones finish).
	#[codec(index = 2)]
	Revoked,
}

/// Availability of a pile (OCPI `Status`, reduced to what the chain acts on).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum PileStatus {
	/// Free for a session.
	#[codec(index = 0)]
	Available,
	/// A session is requested or charging (set by the chain).
	#[codec(index = 1)]
	Occupied,
	/// Out of order (set by the station).
	#[codec(index = 2)]
	OutOfOrder,
}

/// The plug standard of a connector (OCPI `ConnectorType`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum ConnectorStandard {
	/// IEC 62196 Type 2 (OCPI `IEC_62196_T2`).
	#[codec(index = 0)]
	Iec62196T2,
	/// CCS1, IEC 62196 Type 1 combo (OCPI `IEC_62196_T1_COMBO`).
	#[codec(index = 1)]
	Ccs1,
	/// CCS2, IEC 62196 Type 2 combo (OCPI `IEC_62196_T2_COMBO`).
	#[codec(index = 2)]
	Ccs2,
	/// CHAdeMO (OCPI `CHADEMO`).
	#[codec(index = 3)]
	Chademo,
	/// GB/T 20234.2 AC (OCPI `GBT_AC`).
	#[codec(index = 4)]
	GbtAc,
	/// GB/T 20234.3 DC (OCPI `GBT_DC`).
	#[codec(index = 5)]
	GbtDc,
	/// NACS, SAE J3400 (OCPI 2.3 `SAE_J3400`; OCPI 2.2.1 has no value for it).
	#[codec(index = 6)]
	Nacs,
}

impl ConnectorStandard {
	/// Every standard.
	pub const ALL: [ConnectorStandard; 7] = [
		Self::Iec62196T2,
		Self::Ccs1,
		Self::Ccs2,
		Self::Chademo,
		Self::GbtAc,
		Self::GbtDc,
		Self::Nacs,
	];

	/// The OCPI name of the standard.
	pub const fn ocpi(self) -> &'static str {
		match self {
			Self::Iec62196T2 => "IEC_62196_T2",
			Self::Ccs1 => "IEC_62196_T1_COMBO",
			Self::Ccs2 => "IEC_62196_T2_COMBO",
			Self::Chademo => "CHADEMO",
			Self::GbtAc => "GBT_AC",
			Self::GbtDc => "GBT_DC",
			Self::Nacs => "SAE_J3400",
		}
	}
}

/// Socket or tethered cable (OCPI `ConnectorFormat`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum ConnectorFormat {
	/// A socket: the driver brings the cable.
	#[codec(index = 0)]
	Socket,
	/// A cable attached to the pile.
	#[codec(index = 1)]
	Cable,
}

/// AC or DC (OCPI `PowerType`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum PowerType {
	/// Single-phase AC.
	#[codec(index = 0)]
	Ac1Phase,
	/// Three-phase AC.
	#[codec(index = 1)]
	Ac3Phase,
	/// DC.
	#[codec(index = 2)]
	Dc,
}

/// Highest power one connector may declare, W (3.75 MW: the megawatt charging system's top).
pub const MAX_CONNECTOR_POWER_W: u32 = 3_750_000;

/// A connector of a pile (OCPI `Connector`).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
	/// Plug standard.
	pub standard: ConnectorStandard,
	/// Socket or cable.
	pub format: ConnectorFormat,
	/// AC or DC.
	pub power_type: PowerType,
	/// Highest voltage, V.
	pub max_voltage_v: u32,
	/// Highest current, A.
	pub max_amperage_a: u32,
	/// Highest power, W.
	pub max_electric_power_w: u32,
}

impl Connector {
	/// Whether every rating is positive and the power within [`MAX_CONNECTOR_POWER_W`] and what
	/// the voltage and current allow (three phases for three-phase AC).
	pub fn is_valid(&self) -> bool {
		let phases: u64 = if self.power_type == PowerType::Ac3Phase { 3 } else { 1 };
		let allowed = phases * u64::from(self.max_voltage_v) * u64::from(self.max_amperage_a);
		self.max_voltage_v > 0
			&& self.max_amperage_a > 0
			&& (1..=MAX_CONNECTOR_POWER_W).contains(&self.max_electric_power_w)
			&& u64::from(self.max_electric_power_w) <= allowed
	}
}

/// How a pile takes payment. Sessions on chain are always paid in the chain's token
/// ([`PaymentMethod::ChainToken`]); the others tell drivers what else the pile accepts.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum PaymentMethod {
	/// The chain's token, held in escrow for the session.
	#[codec(index = 0)]
	ChainToken,
	/// An RFID card of a charging contract.
	#[codec(index = 1)]
	RfidCard,
	/// A debit or credit card at the pile.
	#[codec(index = 2)]
	BankCard,
	/// A charging-network app.
	#[codec(index = 3)]
	App,
}

/// The prices of a pile in the chain's token (OCPI `Tariff` with `ENERGY`, `TIME` and `FLAT`
/// components).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(
	rename_all = "camelCase",
	bound(serialize = "Balance: core::fmt::Display", deserialize = "Balance: core::str::FromStr")
)]
pub struct Tariff<Balance> {
	/// Price of one kWh. JSON: a decimal string.
	#[serde(with = "crate::serde_helpers::decimal")]
	pub price_per_kwh: Balance,
	/// Fee per started minute of charging. JSON: a decimal string.
	#[serde(with = "crate::serde_helpers::decimal")]
	pub per_minute: Balance,
	/// Fee per session. JSON: a decimal string.
	#[serde(with = "crate::serde_helpers::decimal")]
	pub per_session: Balance,
}

impl<Balance> Tariff<Balance>
where
	Balance: Copy + From<u32> + CheckedAdd + CheckedMul + core::ops::Div<Output = Balance>,
{
	/// The cost of `energy_wh` over `minutes` started minutes: `energy_wh × price_per_kwh /
	/// 1000` rounded down, plus `minutes × per_minute`, plus `per_session`. `None` on overflow.
	pub fn cost(&self, energy_wh: u32, minutes: u32) -> Option<Balance> {
		let energy =
			self.price_per_kwh.checked_mul(&Balance::from(energy_wh))? / Balance::from(1_000);
		let time = self.per_minute.checked_mul(&Balance::from(minutes))?;
		energy.checked_add(&time)?.checked_add(&self.per_session)
	}
}

/// Started minutes of `duration_ms` (a partial minute counts as one).
pub const fn started_minutes(duration_ms: u64) -> u64 {
	duration_ms.div_ceil(60_000)
}

/// Longest vehicle text (plate or VIN) of a session's sealed details, bytes.
pub const MAX_VEHICLE_LEN: u32 = 32;

/// Longest note of a session's sealed details, bytes.
pub const MAX_SESSION_NOTE_LEN: u32 = 256;

/// What a driver would not publish about a session, sealed for the payer, the station and the
/// Authority: which vehicle, and a note (a fleet's job number, the driver's name).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SessionDetails {
	/// Plate number or VIN.
	pub vehicle: BoundedVec<u8, ConstU32<MAX_VEHICLE_LEN>>,
	/// Free text.
	pub note: BoundedVec<u8, ConstU32<MAX_SESSION_NOTE_LEN>>,
}

/// Number of a station (sequential, from 0).
pub type StationId = u32;

/// Number of a session (sequential, from 0).
pub type SessionId = u64;

/// Longest plaintext of a session's sealed details: the SCALE [`SessionDetails`] at its longest.
pub const MAX_SESSION_PLAINTEXT: u32 = 2 + 32 + 2 + 256;

/// A session's sealed details (vehicle, note) for the payer, the station and the Authority.
pub type SealedSession = Sealed<
	SessionDetails,
	ConstU32<{ crate::sealed::ciphertext_len(MAX_SESSION_PLAINTEXT) }>,
	MaxSealedReaders,
>;

/// What the settlement of a session paid.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct Settlement<Balance, BlockNumber> {
	/// Energy charged, Wh.
	pub energy_wh: u32,
	/// Started minutes charged for.
	pub minutes: u32,
	/// Paid to the station. JSON: a decimal string.
	#[serde(with = "decimal")]
	pub cost: Balance,
	/// Meter at the stop (or the last report), Wh.
	pub meter_stop_wh: u64,
	/// Time of the start, Unix ms.
	pub started_ms: u64,
	/// Time of the stop (or the last report), Unix ms.
	pub stopped_ms: u64,
	/// BLAKE2b-256 of the signed meter value (an OCMF record), if the controller gave one.
	/// JSON: hex.
	#[serde(with = "crate::serde_helpers::hex_opt")]
	pub signed_meter: Option<Hash32>,
	/// Whether the session was closed by the stop timeout rather than stopped.
	pub timed_out: bool,
	/// Block of the settlement.
	pub settled_at: BlockNumber,
}

/// Where a session stands.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(
	rename_all_fields = "camelCase",
	bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub enum SessionStatus<Balance, BlockNumber> {
	/// Requested: the maximum cost is held; the controller has not started it.
	#[codec(index = 0)]
	Requested,
	/// Charging.
	#[codec(index = 1)]
	Charging {
		/// Meter at the start, Wh.
		meter_start_wh: u64,
		/// Time of the start, Unix ms.
		started_ms: u64,
		/// Block of the start.
		started_at: BlockNumber,
		/// The last meter value reported (the start value until a report), Wh.
		last_meter_wh: u64,
		/// Time of the last report, Unix ms.
		last_ms: u64,
	},
	/// Settled: the station was paid, the rest released.
	#[codec(index = 2)]
	Settled(Settlement<Balance, BlockNumber>),
	/// Cancelled before it started: the whole hold released.
	#[codec(index = 3)]
	Cancelled {
		/// Block of the cancellation.
		at: BlockNumber,
	},
	/// Settled, then disputed by the payer.
	#[codec(index = 4)]
	Disputed {
		/// The settlement disputed.
		settlement: Settlement<Balance, BlockNumber>,
		/// BLAKE2b-256 of the payer's reasons (the document goes to the station off chain).
		/// JSON: hex.
		#[serde(with = "crate::serde_helpers::hex_bytes")]
		reason: Hash32,
	},
	/// A dispute resolved by the station or an Authority.
	#[codec(index = 5)]
	Resolved {
		/// The settlement disputed.
		settlement: Settlement<Balance, BlockNumber>,
		/// Refunded to the payer by the station. JSON: a decimal string.
		#[serde(with = "decimal")]
		refund: Balance,
	},
}

impl<Balance, BlockNumber> SessionStatus<Balance, BlockNumber> {
	/// Whether the session still holds the payer's funds (requested or charging).
	pub fn is_open(&self) -> bool {
		matches!(self, Self::Requested | Self::Charging { .. })
	}
}

/// A charging session.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct Session<AccountId, Balance, BlockNumber> {
	/// The pile.
	#[serde(with = "text")]
	pub pile: EvseId,
	/// The number of the connector used on the pile, from 1 in the pile's order (OCPI
	/// `connector_id`).
	pub connector_id: u8,
	/// That connector as registered at the request (its power bounds the energy).
	pub connector: Connector,
	/// Its station.
	pub station: StationId,
	/// The station's owner, paid at settlement.
	pub station_owner: AccountId,
	/// Who pays (a User, or an Operator for its fleet).
	pub payer: AccountId,
	/// The battery charged, if named (its charge throughput is counted).
	#[serde(with = "text_opt")]
	pub battery: Option<BatteryId>,
	/// Most energy to charge, Wh.
	pub max_energy_wh: u32,
	/// Most minutes to pay for.
	pub max_minutes: u32,
	/// The pile's prices at the request.
	pub tariff: Tariff<Balance>,
	/// Held from the payer: the tariff's cost of the maximum energy over the maximum minutes.
	/// JSON: a decimal string.
	#[serde(with = "decimal")]
	pub held: Balance,
	/// Block of the request.
	pub requested_at: BlockNumber,
	/// Where it stands.
	pub status: SessionStatus<Balance, BlockNumber>,
	/// Vehicle and note, sealed for the payer, the station and the Authority.
	pub details: SealedSession,
}

/// A pile as the public reads show it (`battery_pile`): its station's name and status, and the
/// pile's own registration.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(serialize = "Balance: core::fmt::Display", deserialize = "Balance: core::str::FromStr")
)]
pub struct PileView<Balance> {
	/// The EVSE ID.
	#[serde(with = "text")]
	pub evse: EvseId,
	/// Its station.
	pub station: StationId,
	/// The station's name.
	#[serde(with = "text")]
	pub station_name: Vec<u8>,
	/// The station's certification (only a certified station runs sessions).
	pub station_status: StationStatus,
	/// The station's postal address.
	pub station_address: StationAddress,
	/// Position.
	pub position: crate::logistics::Position,
	/// Model.
	#[serde(with = "text")]
	pub model: Vec<u8>,
	/// Availability.
	pub status: PileStatus,
	/// Connectors.
	pub connectors: Vec<Connector>,
	/// Highest power of its connectors, W.
	pub max_power_w: u32,
	/// Prices of a session requested now.
	pub tariff: Tariff<Balance>,
	/// Payment methods.
	pub payment_methods: Vec<PaymentMethod>,
}

/// A pile found near a position (`battery_piles`): its distance and the pile.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(serialize = "Balance: core::fmt::Display", deserialize = "Balance: core::str::FromStr")
)]
pub struct NearbyPile<Balance> {
	/// Distance from the search centre, metres.
	pub distance_m: u32,
	/// The pile.
	#[serde(flatten)]
	pub pile: PileView<Balance>,
}

/// What a pile search asks for besides the place: a connector standard and a least power.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug, Default,
)]
pub struct PileFilter {
	/// Only piles with a connector of this standard.
	pub standard: Option<ConnectorStandard>,
	/// Only piles whose connectors reach this power, W.
	pub min_power_w: u32,
}

/// A session with its number.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct SessionEntry<AccountId, Balance, BlockNumber> {
	/// The session's number.
	pub id: SessionId,
	/// The session.
	#[serde(flatten)]
	pub session: Session<AccountId, Balance, BlockNumber>,
}

/// One page of an account's sessions (as payer or as station), oldest first.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct SessionsPage<AccountId, Balance, BlockNumber> {
	/// Number of sessions of the account in all.
	pub total: u32,
	/// The sessions from the requested position on.
	pub sessions: Vec<SessionEntry<AccountId, Balance, BlockNumber>>,
}

sp_api::decl_runtime_apis! {
	/// Charging reads: piles, sessions, an account's sessions, charge detail records. Sessions
	/// are public (the payment proves them); their details are sealed envelopes.
	pub trait ChargingApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The pile `evse` (`None`: no such pile).
		fn pile(evse: Vec<u8>) -> Option<PileView<Balance>>;
		/// The piles within `radius_m` (at most 50 km) of `centre` that pass `filter`, nearest
		/// first, from position `start` of that order, at most `limit` (capped at
		/// [`MAX_PAGE_SIZE`](crate::consortium::MAX_PAGE_SIZE)).
		fn piles_near(centre: crate::logistics::Position, radius_m: u32, filter: PileFilter, start: u32, limit: u32) -> Vec<NearbyPile<Balance>>;
		/// Session `id` (`None`: no such session).
		fn session(id: SessionId) -> Option<Session<AccountId, Balance, BlockNumber>>;
		/// The sessions `account` paid for or whose station it owns, from position `start` on,
		/// at most `limit` (capped at [`MAX_PAGE_SIZE`](crate::consortium::MAX_PAGE_SIZE)).
		fn sessions_of(account: AccountId, start: u32, limit: u32) -> SessionsPage<AccountId, Balance, BlockNumber>;
		/// The charge detail record of session `id` once settled (`None`: no such session, or
		/// not settled: requested, charging or cancelled), with the refund of a resolved
		/// dispute.
		fn cdr(id: SessionId) -> Option<crate::ocpi::ChargeDetailRecord<AccountId, Balance>>;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn evse_ids_in_the_emi3_form_are_accepted() {
		for id in ["DE*ABC*E123456*1", "DEABCE1234561", "NL*TNM*E02000411*2", "CN*B12*EA1"] {
			assert_eq!(validate_evse_id(id.as_bytes()), Ok(()), "{id}");
		}
		let cases: [(&str, EvseIdError); 8] = [
			("", EvseIdError::Country),
			("de*ABC*E1", EvseIdError::Country),
			("DE*AB", EvseIdError::Operator),
			("DE*A-C*E1", EvseIdError::Operator),
			("DE*ABC*X1", EvseIdError::Marker),
			("DE*ABC*E", EvseIdError::Evse),
			("DE*ABC*E12-3", EvseIdError::Evse),
			("DE*ABC*E1234567890123456789012345678901", EvseIdError::Evse),
		];
		for (id, error) in cases {
			assert_eq!(validate_evse_id(id.as_bytes()), Err(error), "{id}");
		}
	}

	#[test]
	fn a_session_costs_energy_time_and_the_flat_fee() {
		let tariff = Tariff { price_per_kwh: 350u128, per_minute: 2, per_session: 100 };
		// 42.5 kWh: 42_500 × 350 / 1000 = 14_875, plus 30 minutes and the session fee.
		assert_eq!(tariff.cost(42_500, 30), Some(14_875 + 60 + 100));
		// Energy is rounded down to the planck: 1 Wh at 350 per kWh is 0.35.
		assert_eq!(tariff.cost(1, 0), Some(100));
		assert_eq!(tariff.cost(0, 0), Some(100));
		let huge = Tariff { price_per_kwh: u128::MAX, per_minute: 0, per_session: 0 };
		assert_eq!(huge.cost(2, 0), None);
		assert_eq!(started_minutes(0), 0);
		assert_eq!(started_minutes(1), 1);
		assert_eq!(started_minutes(60_000), 1);
		assert_eq!(started_minutes(60_001), 2);
	}

	#[test]
	fn connectors_are_checked_against_their_ratings() {
		let ccs2 = Connector {
			standard: ConnectorStandard::Ccs2,
			format: ConnectorFormat::Cable,
			power_type: PowerType::Dc,
			max_voltage_v: 920,
			max_amperage_a: 500,
			max_electric_power_w: 350_000,
		};
		assert!(ccs2.is_valid());
		assert!(!Connector { max_electric_power_w: 460_001, ..ccs2 }.is_valid());
		assert!(!Connector { max_voltage_v: 0, ..ccs2 }.is_valid());
		let type2 = Connector {
			standard: ConnectorStandard::Iec62196T2,
			format: ConnectorFormat::Socket,
			power_type: PowerType::Ac3Phase,
			max_voltage_v: 230,
			max_amperage_a: 32,
			max_electric_power_w: 22_080,
		};
		assert!(type2.is_valid());
		assert!(!Connector { power_type: PowerType::Ac1Phase, ..type2 }.is_valid());
	}
}
