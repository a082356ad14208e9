//! Telemetry, digital twin and battery health: the vocabulary shared by `pallet-telemetry`, the
//! runtime, the node's `battery_*` RPC and the tools (replay script, estimator).
//!
//! - [`Reading`]: one BMS sample as a gateway submits it (units in the field names).
//! - [`BatteryInfo`]: what the telemetry pallet needs to know about a battery (implemented by the
//!   runtime over `pallet-battery`).
//! - [`PackShape`], [`CellFormat`], [`BmsComponentKind`]: the digital twin's physical model
//!   vocabulary (the characterisation's chemistry is the passport's [`Chemistry`]).
//! - [`AnomalyKind`]: the alarm flags the estimator raises (GB/T 32960.3 general alarm bits and
//!   battery-chain sensor-fault extensions), one variant per bit.
//! - [`HealthView`], [`TwinView`], [`TelemetrySummaryView`]: what the [`TelemetryApi`] runtime API
//!   returns (`battery_health`, `battery_twin`, `battery_telemetrySummary` over JSON-RPC).
//!
//! # Sealed batches and the off-chain index
//!
//! Raw samples are never in plaintext on chain: a gateway seals the SCALE encoding of its
//! `Vec<Reading>` for the battery's Usage scope ([`crate::sealed`]), and the chain sees only the
//! envelope, the sample count and the timing. `submit_batch` writes the sealed batch to the node's
//! off-chain database through off-chain indexing under the key
//! [`offchain_batch_key`]`(batch_hash)` = [`OFFCHAIN_BATCH_PREFIX`] followed by the 32 raw bytes
//! of the batch hash; the value is the SCALE encoding of an [`IndexedBatch`]. The batch hash is
//! the BLAKE2-256 hash of [`batch_identity`]: the public fields and the envelope's commitment. A
//! node needs off-chain indexing enabled (`--enable-offchain-indexing true`) for its off-chain
//! worker to see them, and a reader secret of the scope to open them.

pub use crate::read::ReadError;
use crate::{
	battery::Chemistry,
	consortium::BatteryId,
	sealed::{ciphertext_len, MaxSealedReaders, Sealed},
	serde_helpers::{hex_bytes, text},
};
use alloc::vec::Vec;
pub use battery_estimator::{BatchResult, EstimatorState, TwinPrior};
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use compact::{SampleDecodeError, SampleEncoding};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::KeyTypeId;

pub mod compact;

/// Version of the telemetry wire format ([`Reading`] with start time and sample period per batch)
/// this runtime speaks; a twin's data-space description may not declare a newer one.
pub const TELEMETRY_PROTOCOL_VERSION: u32 = 1;

/// Key type of estimator keys in the node keystore (`estm`, sr25519). The off-chain worker signs
/// health results with any key of this type that is registered on chain.
pub const ESTIMATOR_KEY_TYPE: KeyTypeId = KeyTypeId(*b"estm");

/// Prefix of the off-chain index entries holding a batch's samples (see the module docs).
pub const OFFCHAIN_BATCH_PREFIX: &[u8] = b"battery-chain/telemetry/batch/";

/// The off-chain index key of the batch with hash `batch_hash` (its raw bytes after
/// [`OFFCHAIN_BATCH_PREFIX`]).
pub fn offchain_batch_key(batch_hash: &[u8]) -> Vec<u8> {
	let mut key = Vec::with_capacity(OFFCHAIN_BATCH_PREFIX.len() + batch_hash.len());
	key.extend_from_slice(OFFCHAIN_BATCH_PREFIX);
	key.extend_from_slice(batch_hash);
	key
}

/// One telemetry sample of a battery, as a BMS gateway reports it.
///
/// The values describe the unit the twin's characterisation describes (one cell, or the pack
/// seen as one equivalent cell: pack voltage / cells in series, pack current / strings in
/// parallel). Sample `k` of a batch was taken at `start_ms + k * period_ms`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
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
pub struct Reading {
	/// Current, mA; positive = discharge, negative = charge.
	pub current_ma: i32,
	/// Terminal voltage, mV.
	pub voltage_mv: i32,
	/// Temperature, 0.1 °C (e.g. 253 = 25.3 °C).
	pub temp_decic: i16,
}

/// A sealed batch as written to the off-chain index (see the module docs).
///
/// Its SCALE form is the fields in order, the encoding last; an entry written before the
/// encoding existed ends before it and decodes as [`SampleEncoding::Scale`].
#[derive(Clone, PartialEq, Eq, Encode, TypeInfo, Debug)]
#[scale_info(skip_type_params(C, R))]
pub struct IndexedBatch<C: sp_runtime::traits::Get<u32>, R: sp_runtime::traits::Get<u32>> {
	/// The battery the batch belongs to.
	pub battery: BatteryId,
	/// Sequence number the gateway gave the batch.
	pub sequence: u64,
	/// Time of the first sample, Unix milliseconds.
	pub start_ms: u64,
	/// Sample period, milliseconds.
	pub period_ms: u32,
	/// Number of samples.
	pub samples: u32,
	/// The samples in `encoding`, sealed for the battery's Usage scope.
	pub readings: crate::sealed::Envelope<C, R>,
	/// How the samples are encoded inside the envelope.
	pub encoding: SampleEncoding,
}

impl<C: sp_runtime::traits::Get<u32>, R: sp_runtime::traits::Get<u32>> Decode
	for IndexedBatch<C, R>
{
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		let battery = BatteryId::decode(input)?;
		let sequence = u64::decode(input)?;
		let start_ms = u64::decode(input)?;
		let period_ms = u32::decode(input)?;
		let samples = u32::decode(input)?;
		let readings = crate::sealed::Envelope::<C, R>::decode(input)?;
		let encoding = match input.remaining_len()? {
			Some(0) => SampleEncoding::Scale,
			_ => SampleEncoding::decode(input)?,
		};
		Ok(Self { battery, sequence, start_ms, period_ms, samples, readings, encoding })
	}
}

impl<C: sp_runtime::traits::Get<u32>, R: sp_runtime::traits::Get<u32>> IndexedBatch<C, R> {
	/// The bytes whose hash is the batch hash ([`batch_identity`] of this batch).
	pub fn identity(&self) -> Vec<u8> {
		batch_identity(
			&self.battery,
			self.sequence,
			self.start_ms,
			self.period_ms,
			self.samples,
			&self.readings.commitment,
			self.encoding,
		)
	}
}

/// What a batch hash is the hash of: SCALE `(battery, sequence, start_ms, period_ms, samples,
/// commitment)`, the public fields and the commitment to the sealed samples, followed by the
/// encoding's index for a [`SampleEncoding::Compact`] batch (a SCALE batch keeps the identity it
/// had before compact batches existed).
pub fn batch_identity(
	battery: &BatteryId,
	sequence: u64,
	start_ms: u64,
	period_ms: u32,
	samples: u32,
	commitment: &[u8; 32],
	encoding: SampleEncoding,
) -> Vec<u8> {
	let mut identity = (battery, sequence, start_ms, period_ms, samples, commitment).encode();
	if encoding != SampleEncoding::Scale {
		encoding.encode_to(&mut identity);
	}
	identity
}

impl SampleEncoding {
	/// `readings` in this encoding.
	pub fn encode_readings(self, readings: &[Reading]) -> Vec<u8> {
		match self {
			Self::Scale => readings.encode(),
			Self::Compact => compact::encode(readings),
		}
	}

	/// Decode exactly `samples` readings from `bytes` in this encoding.
	pub fn decode_readings(
		self,
		bytes: &[u8],
		samples: u32,
	) -> Result<Vec<Reading>, SampleDecodeError> {
		match self {
			// Exactly the bytes of `samples` readings (the chain checked the length).
			Self::Scale => <Vec<Reading> as codec::DecodeAll>::decode_all(&mut &bytes[..])
				.ok()
				.filter(|readings| readings.len() == samples as usize)
				.ok_or(SampleDecodeError::BadScale),
			Self::Compact => compact::decode(bytes, samples),
		}
	}

	/// The shorter encoding of `readings` and its bytes: compact, unless SCALE is shorter (for
	/// data that changes wildly from sample to sample).
	pub fn shortest(readings: &[Reading]) -> (Self, Vec<u8>) {
		let compact = compact::encode(readings);
		if compact.len() < encoded_readings_len(readings.len() as u32) {
			(Self::Compact, compact)
		} else {
			(Self::Scale, readings.encode())
		}
	}

	/// The lengths, smallest and largest, the sealed samples of a batch of `samples` readings
	/// may have in this encoding (salt and tag included): exactly the SCALE length for
	/// [`Self::Scale`]; for [`Self::Compact`] at least the width fields and at most the SCALE
	/// length (beyond it, SCALE is the shorter encoding).
	pub fn sealed_len_bounds(self, samples: u32) -> (usize, usize) {
		let scale = sealed_readings_len(samples);
		match self {
			Self::Scale => (scale, scale),
			Self::Compact => (
				compact::min_len(samples as usize).saturating_add(crate::sealed::SEAL_OVERHEAD),
				scale,
			),
		}
	}
}

/// Length of the SCALE encoding of `samples` readings (`Vec<Reading>`: compact length, then 10
/// bytes each).
pub fn encoded_readings_len(samples: u32) -> usize {
	let count = codec::Compact(samples).encoded_size();
	count.saturating_add((samples as usize).saturating_mul(Reading::max_encoded_len()))
}

/// Length of the inline ciphertext of `samples` sealed readings (salt and tag added).
pub fn sealed_readings_len(samples: u32) -> usize {
	encoded_readings_len(samples).saturating_add(crate::sealed::SEAL_OVERHEAD)
}

/// A physical quantity of a [`Reading`].
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
pub enum Quantity {
	/// Current.
	#[codec(index = 0)]
	Current,
	/// Voltage.
	#[codec(index = 1)]
	Voltage,
	/// Temperature.
	#[codec(index = 2)]
	Temperature,
}

/// The first reading of a batch outside the chain's physical limits, as the off-chain worker
/// found it after opening the batch.
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
pub struct OutOfRange {
	/// Index of the reading in the batch.
	pub index: u32,
	/// The quantity out of range (current first, then voltage, then temperature).
	pub quantity: Quantity,
}

/// Running summaries of a battery's telemetry (what a passport needs), in the units of the
/// readings, accumulated by the off-chain worker from the opened samples of every accepted
/// batch. Sealed with the estimator state in the twin ([`TwinRecord`]).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct UsageSummary {
	/// Batches accepted.
	pub batches: u64,
	/// Samples accepted.
	pub samples: u64,
	/// Energy delivered (positive current), mJ.
	pub energy_discharged_mj: u64,
	/// Energy taken in (negative current), mJ.
	pub energy_charged_mj: u64,
	/// Charge delivered, mA·s.
	pub charge_discharged_mas: u64,
	/// Charge taken in, mA·s.
	pub charge_charged_mas: u64,
	/// Equivalent full cycles (charge throughput / (2 × rated capacity)), millionths.
	pub efc_micro: u64,
	/// Lowest temperature seen, 0.1 °C.
	pub min_temp_decic: i16,
	/// Highest temperature seen, 0.1 °C.
	pub max_temp_decic: i16,
	/// Time spent outside the characterisation's operating temperature window, ms.
	pub outside_temp_window_ms: u64,
	/// Deep-discharge events (voltage below the rated minimum − 200 mV).
	pub deep_discharge_events: u32,
	/// Over-voltage events (voltage above the rated maximum + 100 mV).
	pub over_voltage_events: u32,
	/// A deep-discharge event is in progress (it ends when the voltage is back at the rated
	/// minimum).
	pub in_deep_discharge: bool,
	/// An over-voltage event is in progress (it ends when the voltage is back at the rated
	/// maximum).
	pub in_over_voltage: bool,
}

/// What a battery's next batch continues from: the estimator state and the running summary.
/// The twin is sealed for the battery's Usage scope ([`SealedTwin`]) by the worker that
/// resulted the last batch; the next batch's worker opens it with its node's reader secret.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct TwinRecord {
	/// The estimator state (SOC filter, learned capacity and resistance, anomaly detector).
	pub state: EstimatorState,
	/// The running summary of the samples.
	pub summary: UsageSummary,
}

/// Ciphertext bound of a sealed [`BatchResult`]: its SCALE length plus what sealing adds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct HealthCiphertextLen;
impl sp_runtime::traits::Get<u32> for HealthCiphertextLen {
	fn get() -> u32 {
		ciphertext_len(u32::try_from(BatchResult::max_encoded_len()).unwrap_or(u32::MAX))
	}
}

/// Ciphertext bound of a sealed [`TwinRecord`]: its SCALE length plus what sealing adds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TwinCiphertextLen;
impl sp_runtime::traits::Get<u32> for TwinCiphertextLen {
	fn get() -> u32 {
		ciphertext_len(u32::try_from(TwinRecord::max_encoded_len()).unwrap_or(u32::MAX))
	}
}

/// A health result (SOC, SOH, anomalies, forecast) sealed for the battery's Usage scope.
pub type SealedHealth = Sealed<BatchResult, HealthCiphertextLen, MaxSealedReaders>;

/// A battery's twin ([`TwinRecord`]) sealed for its Usage scope.
pub type SealedTwin = Sealed<TwinRecord, TwinCiphertextLen, MaxSealedReaders>;

/// Labels of the salts a worker derives from a batch's salt for its results
/// (`battery_seal::derive_salt`): every estimator that opened the batch seals equal results
/// with equal commitments, and nobody else can recompute them.
pub const HEALTH_SALT_LABEL: &[u8] = b"health";
/// See [`HEALTH_SALT_LABEL`].
pub const TWIN_SALT_LABEL: &[u8] = b"twin";

/// What the telemetry pallet needs to know about a battery. The runtime implements it over
/// `pallet-battery` (identity, lifecycle status, custody).
pub trait BatteryInfo<AccountId> {
	/// Whether a battery is registered under `battery`.
	fn exists(battery: &BatteryId) -> bool;
	/// Whether `battery` is in service (the only status in which telemetry is accepted).
	fn is_in_service(battery: &BatteryId) -> bool;
	/// The manufacturer that registered `battery`.
	fn manufacturer(battery: &BatteryId) -> Option<AccountId>;
	/// The operator responsible for `battery` (its custodian while in service), if any.
	fn operator(battery: &BatteryId) -> Option<AccountId>;
	/// The cell chemistry `battery`'s passport declares (its factory data).
	fn chemistry(battery: &BatteryId) -> Option<Chemistry>;
	/// `battery`'s usage regime: a number that changes whenever the way it is used does (the
	/// block at which its user last chose a running mode; 0 if never). The estimator's usage
	/// rate restarts when it changes.
	fn usage_regime(battery: &BatteryId) -> u64;
}

/// Outer shape of a battery pack.
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
pub enum PackShape {
	/// Box (length × width × height).
	#[codec(index = 0)]
	Cuboid,
	/// Cylinder (length = height, width = diameter).
	#[codec(index = 1)]
	Cylinder,
	/// Flat skateboard / underbody pack (length × width × height of its envelope).
	#[codec(index = 2)]
	Skateboard,
	/// Any other shape (dimensions are its bounding box).
	#[codec(index = 3)]
	Irregular,
}

/// Format of the cells in a pack.
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
pub enum CellFormat {
	/// Cylindrical cells (18650, 21700, 4680, ...).
	#[codec(index = 0)]
	Cylindrical,
	/// Prismatic (hard-case) cells.
	#[codec(index = 1)]
	Prismatic,
	/// Pouch cells.
	#[codec(index = 2)]
	Pouch,
}

/// Kind of a battery-management-system component in the twin's physical model.
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
pub enum BmsComponentKind {
	/// Master controller (BMU).
	#[codec(index = 0)]
	MasterController,
	/// Slave / cell-monitoring module (CMU / CSC).
	#[codec(index = 1)]
	CellMonitor,
	/// Current sensor (shunt or Hall).
	#[codec(index = 2)]
	CurrentSensor,
	/// Temperature sensor.
	#[codec(index = 3)]
	TemperatureSensor,
	/// Main or pre-charge contactor / relay.
	#[codec(index = 4)]
	Contactor,
	/// Fuse or pyro-fuse.
	#[codec(index = 5)]
	Fuse,
	/// Insulation monitor.
	#[codec(index = 6)]
	InsulationMonitor,
	/// Telematics gateway (the device that submits telemetry).
	#[codec(index = 7)]
	Gateway,
	/// Thermal management (pump, heater, fan, cooling plate).
	#[codec(index = 8)]
	ThermalManagement,
	/// Anything else.
	#[codec(index = 9)]
	Other,
}

/// An alarm flag of a health result. The codec index of each variant is its bit in the
/// result's `anomaly_flags` word: bits 0–18 follow the general alarm flags of GB/T 32960.3
/// (those judgeable from one cell's voltage, current and temperature), bits 24–30 are
/// battery-chain sensor-fault extensions in the standard's reserved range.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum AnomalyKind {
	/// GB/T 32960.3 bit 1, battery high temperature (电池高温): above 60 °C.
	#[codec(index = 1)]
	TempHigh,
	/// GB/T 32960.3 bit 5, cell over-voltage (单体过压): 100 mV above the rated maximum.
	#[codec(index = 5)]
	CellOverVoltage,
	/// GB/T 32960.3 bit 6, cell under-voltage (单体欠压): 200 mV below the rated minimum.
	#[codec(index = 6)]
	CellUnderVoltage,
	/// GB/T 32960.3 bit 8, SOC jump (SOC 跳变): a one-sample SOC correction above 3 %.
	#[codec(index = 8)]
	SocJump,
	/// Extension bit 24: temperature change rate beyond the battery's normal band.
	#[codec(index = 24)]
	TempRate,
	/// Extension bit 25: implausible voltage reading (dropout, out of range, spike).
	#[codec(index = 25)]
	VoltageSensor,
	/// Extension bit 26: implausible current reading.
	#[codec(index = 26)]
	CurrentSensor,
	/// Extension bit 27: implausible temperature reading.
	#[codec(index = 27)]
	TempSensor,
	/// Extension bit 28: stuck current sensor.
	#[codec(index = 28)]
	StuckCurrent,
	/// Extension bit 29: stuck voltage sensor.
	#[codec(index = 29)]
	StuckVoltage,
	/// Extension bit 30: model residual outside the band learned from this battery.
	#[codec(index = 30)]
	ModelResidual,
}

impl AnomalyKind {
	/// Every kind, in bit order.
	pub const ALL: [AnomalyKind; 11] = [
		AnomalyKind::TempHigh,
		AnomalyKind::CellOverVoltage,
		AnomalyKind::CellUnderVoltage,
		AnomalyKind::SocJump,
		AnomalyKind::TempRate,
		AnomalyKind::VoltageSensor,
		AnomalyKind::CurrentSensor,
		AnomalyKind::TempSensor,
		AnomalyKind::StuckCurrent,
		AnomalyKind::StuckVoltage,
		AnomalyKind::ModelResidual,
	];

	/// Bit number of the flag in `anomaly_flags`.
	pub const fn bit(self) -> u32 {
		match self {
			AnomalyKind::TempHigh => 1,
			AnomalyKind::CellOverVoltage => 5,
			AnomalyKind::CellUnderVoltage => 6,
			AnomalyKind::SocJump => 8,
			AnomalyKind::TempRate => 24,
			AnomalyKind::VoltageSensor => 25,
			AnomalyKind::CurrentSensor => 26,
			AnomalyKind::TempSensor => 27,
			AnomalyKind::StuckCurrent => 28,
			AnomalyKind::StuckVoltage => 29,
			AnomalyKind::ModelResidual => 30,
		}
	}

	/// The flag as a mask.
	pub const fn mask(self) -> u32 {
		1u32 << self.bit()
	}

	/// The kinds set in a flag word, in bit order (unknown bits are ignored).
	pub fn from_flags(flags: u32) -> Vec<AnomalyKind> {
		Self::ALL.into_iter().filter(|kind| flags & kind.mask() != 0).collect()
	}
}

/// A point of the capacity-SOH forecast.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForecastPoint {
	/// Horizon, equivalent full cycles from the result's EFC.
	pub horizon_efc: u32,
	/// Forecast capacity SOH, parts per million of the rated capacity.
	pub soh_ppm: u32,
}

/// The health of a battery computed from one batch (`battery_health`): public facts and the
/// sealed result, which only the battery's Usage scope opens (its plaintext is a SCALE
/// [`BatchResult`], named in the metadata as the type parameter of the envelope).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthView<Hash, BlockNumber> {
	/// Hash of the batch the result was computed from.
	pub batch_hash: Hash,
	/// Sequence number of that batch.
	pub sequence: u64,
	/// Time of the batch's last sample, Unix milliseconds.
	pub last_sample_ms: u64,
	/// The estimator key that submitted the accepted result (raw public key). JSON: hex.
	#[serde(with = "hex_bytes")]
	pub estimator: Vec<u8>,
	/// Block in which the result was accepted.
	pub recorded_at: BlockNumber,
	/// Its slot in the battery's health history (what `telemetry.grantResult` names).
	pub slot: u32,
	/// The result (SOC, SOH, anomalies, forecast), sealed.
	pub health: SealedHealth,
	/// Other authorized estimators that submitted the same result (equal commitments).
	pub attestations: u32,
	/// Authorized estimators that submitted a different result (see the `ResultDisputed` event).
	pub disputes: u32,
	/// Estimators of distinct members (the accepted one included) whose equal result makes a
	/// result final: the chain's `telemetry.requiredAttestations` now (k).
	pub required_attestations: u32,
	/// Whether the result is final: `1 + attestations >= required_attestations` and no dispute
	/// is open over it. Until then it is pending attestation.
	pub is_final: bool,
	/// The open dispute over this result, if any: until it is resolved this health is
	/// contested and no later batch is resulted.
	pub dispute: Option<DisputeView<Hash, BlockNumber>>,
}

/// An open dispute over a battery's latest result ([`HealthView::dispute`]).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisputeView<Hash, BlockNumber> {
	/// Result hash (of the commitments) accepted first.
	pub accepted_result: Hash,
	/// Result hash of the first different result.
	pub challenger_result: Hash,
	/// The estimator key that submitted it (raw public key). JSON: hex.
	#[serde(with = "hex_bytes")]
	pub challenger: Vec<u8>,
	/// The challenger's result, sealed.
	pub challenger_health: SealedHealth,
	/// Votes for the accepted result (itself included).
	pub for_accepted: u32,
	/// Votes for the challenging result.
	pub for_challenger: u32,
	/// Block in which the dispute was opened.
	pub opened_at: BlockNumber,
}

/// The last batch of a battery (its commitment on chain).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchCommitmentView<AccountId, Hash, BlockNumber> {
	/// Hash of the batch (of its off-chain index value).
	pub hash: Hash,
	/// Sequence number.
	pub sequence: u64,
	/// Time of the first sample, Unix milliseconds.
	pub first_sample_ms: u64,
	/// Time of the last sample, Unix milliseconds.
	pub last_sample_ms: u64,
	/// Sample period, milliseconds.
	pub period_ms: u32,
	/// Number of samples.
	pub samples: u32,
	/// The BMS gateway that submitted it.
	pub device: AccountId,
	/// Block in which it was submitted.
	pub submitted_at: BlockNumber,
}

/// A battery's telemetry progress (`battery_telemetrySummary`): the public counters and the
/// sealed twin, whose [`TwinRecord::summary`] holds the running summaries (energy and charge
/// throughput, cycles, temperature extremes, voltage events) for the Usage scope.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TelemetrySummaryView<AccountId, Hash, BlockNumber> {
	/// The last accepted batch.
	pub last_batch: BatchCommitmentView<AccountId, Hash, BlockNumber>,
	/// Batches waiting for a health result.
	pub pending_batches: u32,
	/// Health results accepted.
	pub results: u64,
	/// Disputed results recorded.
	pub disputes: u64,
	/// Cells of the pack (series × parallel), if the physical model is known: pack energy is
	/// the summary's cell energy times this.
	pub cells: Option<u64>,
	/// The twin with the running summaries, sealed (none before the first sealed result).
	pub twin: Option<SealedTwin>,
}

/// A BMS component of the physical model.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BmsComponentView {
	/// Kind of component.
	pub kind: BmsComponentKind,
	/// Manufacturer part number (UTF-8).
	#[serde(with = "text")]
	pub part_number: Vec<u8>,
	/// How many of them the pack has.
	pub count: u16,
}

/// The twin's physical model, written by the operator.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalModelView {
	/// Outer shape of the pack.
	pub shape: PackShape,
	/// Length, mm.
	pub length_mm: u32,
	/// Width (diameter for a cylinder), mm.
	pub width_mm: u32,
	/// Height, mm.
	pub height_mm: u32,
	/// Format of the cells.
	pub cell_format: CellFormat,
	/// Cells in series.
	pub series: u16,
	/// Cells (strings) in parallel.
	pub parallel: u16,
	/// BMS components.
	pub bms: Vec<BmsComponentView>,
}

/// The cell characterisation the estimator starts from (manufacturer data).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CharacterisationView<AccountId, BlockNumber> {
	/// Usable capacity of the fresh cell, µAh.
	pub rated_capacity_uah: u64,
	/// Nominal voltage, mV.
	pub nominal_voltage_mv: u32,
	/// Minimum (discharge cut-off) voltage, mV.
	pub min_voltage_mv: u32,
	/// Maximum (charge) voltage, mV.
	pub max_voltage_mv: u32,
	/// Open-circuit voltage at SOC 0 %, 2.5 %, …, 100 % (41 points), µV.
	pub ocv_uv: Vec<u32>,
	/// Ohmic resistance R0 of the 1-RC fit, µΩ.
	pub r0_micro_ohm: u32,
	/// Polarisation resistance R1, µΩ.
	pub r1_micro_ohm: u32,
	/// Time constant R1·C1, ms.
	pub tau1_ms: u32,
	/// Nominal sample period the characterisation assumes, ms.
	pub sample_period_ms: u32,
	/// Declared chemistry.
	pub chemistry: Chemistry,
	/// Lower bound of the operating temperature window, 0.1 °C.
	pub temp_window_min_decic: i16,
	/// Upper bound of the operating temperature window, 0.1 °C.
	pub temp_window_max_decic: i16,
	/// Who wrote it (manufacturer, operator, or `None` for the admin origin).
	pub set_by: Option<AccountId>,
	/// Block at which it was written.
	pub set_at: BlockNumber,
}

/// The twin's data-space description.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSpaceView {
	/// Telemetry protocol version the gateway speaks (at most [`TELEMETRY_PROTOCOL_VERSION`]).
	pub protocol_version: u32,
	/// Declared nominal sample period, ms.
	pub sample_period_ms: u32,
	/// Version of the estimator that produced the twin's state (0: none yet).
	pub estimator_version: u32,
}

/// Where a twin's stated starting history ([`TwinPrior`]) comes from.
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
pub enum SeedSource {
	/// A capacity and resistance test of the cells (a lab, a workshop, a recycler's assessment).
	#[codec(index = 0)]
	Assessment,
	/// A recertification for a further life (pallet-recycling's co-signed certification).
	#[codec(index = 1)]
	Recertification,
	/// The figures of an earlier twin of the same cells (e.g. a pack registered again under a
	/// new id): that battery.
	#[codec(index = 2)]
	PriorTwin(BatteryId),
	/// The manufacturer's end-of-line test.
	#[codec(index = 3)]
	EndOfLine,
}

/// A twin's stated starting history (`battery_twin`'s `seed`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwinSeedView<AccountId, BlockNumber> {
	/// Capacity, R0 and cycles the twin started from.
	pub prior: TwinPrior,
	/// Where they come from.
	pub source: SeedSource,
	/// Hash of the evidence (e.g. the test report), if stated.
	pub evidence: Option<[u8; 32]>,
	/// Who stated them (`None`: the admin origin).
	pub by: Option<AccountId>,
	/// Block in which they were stated.
	pub at: BlockNumber,
}

/// The digital twin of a battery (`battery_twin`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwinView<AccountId, Hash, BlockNumber> {
	/// The battery id.
	#[serde(with = "text")]
	pub battery: Vec<u8>,
	/// Physical model (operator).
	pub physical: Option<PhysicalModelView>,
	/// Cell characterisation (manufacturer or operator).
	pub characterisation: Option<CharacterisationView<AccountId, BlockNumber>>,
	/// Data-space description.
	pub data_space: DataSpaceView,
	/// Hash of the twin the next batch continues from (a result names it as its prior).
	pub twin_hash: Hash,
	/// The twin (estimator state and running summaries), sealed; none before the first sealed
	/// result.
	pub twin: Option<SealedTwin>,
	/// Block of the last state update.
	pub state_updated_at: Option<BlockNumber>,
	/// Latest health and forecast.
	pub latest_health: Option<HealthView<Hash, BlockNumber>>,
	/// Recent health results, newest first (bounded by the runtime's history length).
	pub history: Vec<HealthView<Hash, BlockNumber>>,
	/// Batches waiting for a health result.
	pub pending_batches: u32,
	/// The history the twin started from, if one was stated (`telemetry.seedTwin`, or a
	/// certified second life's assessment).
	pub seed: Option<TwinSeedView<AccountId, BlockNumber>>,
}

sp_api::decl_runtime_apis! {
	/// Battery health, digital twin and telemetry summaries (`battery_health`, `battery_twin`,
	/// `battery_telemetrySummary` over JSON-RPC, or `state_call`): public facts and sealed
	/// results, for anyone; only the battery's Usage scope opens the envelopes.
	///
	/// All three are usage data ([`crate::consortium::DataCategory::Usage`]), so what they
	/// return of it is sealed; nothing takes a reader. They answer [`ReadError`] in the order of
	/// the battery reads (see [`crate::read`]): `InvalidBatteryId` for an id longer than
	/// [`MAX_SUBJECT_LEN`](crate::consortium::MAX_SUBJECT_LEN), `UnknownBattery` for an
	/// unregistered one; `Ok(None)`: nothing recorded for the battery yet.
	pub trait TelemetryApi<AccountId, Hash, BlockNumber>
	where
		AccountId: Codec,
		Hash: Codec,
		BlockNumber: Codec,
	{
		/// Latest health of `battery` (sealed) with the batch it came from.
		fn health(battery: Vec<u8>) -> Result<Option<HealthView<Hash, BlockNumber>>, ReadError>;
		/// The digital twin of `battery`: public model and characterisation, sealed state.
		fn twin(
			battery: Vec<u8>,
		) -> Result<Option<TwinView<AccountId, Hash, BlockNumber>>, ReadError>;
		/// Telemetry counters, the last batch commitment and the sealed twin of `battery`.
		fn telemetry_summary(
			battery: Vec<u8>,
		) -> Result<Option<TelemetrySummaryView<AccountId, Hash, BlockNumber>>, ReadError>;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn anomaly_bits_match_codec_indexes() {
		for kind in AnomalyKind::ALL {
			assert_eq!(kind.encode(), alloc::vec![kind.bit() as u8]);
		}
		let flags = AnomalyKind::TempHigh.mask() | AnomalyKind::StuckVoltage.mask() | (1 << 31);
		assert_eq!(
			AnomalyKind::from_flags(flags),
			alloc::vec![AnomalyKind::TempHigh, AnomalyKind::StuckVoltage]
		);
	}

	#[test]
	fn a_batch_is_identified_by_its_public_fields_and_commitment() {
		use crate::sealed::placeholder_envelope;
		use sp_runtime::traits::ConstU32;
		let battery: BatteryId = b"BAT-1".to_vec().try_into().expect("short id");
		let readings: crate::sealed::Envelope<ConstU32<128>, ConstU32<4>> = placeholder_envelope(
			crate::consortium::DataCategory::Usage,
			&battery,
			&[[1; 32]],
			sealed_readings_len(1),
		);
		let batch = IndexedBatch {
			battery: battery.clone(),
			sequence: 7,
			start_ms: 1_000,
			period_ms: 1_000,
			samples: 1,
			readings: readings.clone(),
			encoding: SampleEncoding::Scale,
		};
		let public = (battery, 7u64, 1_000u64, 1_000u32, 1u32, readings.commitment).encode();
		assert_eq!(batch.identity(), public);
		// A compact batch's identity names its encoding too.
		let compact = IndexedBatch { encoding: SampleEncoding::Compact, ..batch.clone() };
		assert_eq!(compact.identity(), [public, alloc::vec![1]].concat());
		// One reading: compact(1) + 10 bytes, sealed with salt and tag.
		assert_eq!(encoded_readings_len(1), 11);
		assert_eq!(sealed_readings_len(1), 11 + 48);
		assert_eq!(encoded_readings_len(3_600), 2 + 36_000);
		assert_eq!(Reading::max_encoded_len(), 10);
		assert_eq!(
			offchain_batch_key(&[0xab; 2]),
			b"battery-chain/telemetry/batch/\xab\xab".to_vec()
		);
	}

	#[test]
	fn an_index_entry_written_before_encodings_existed_decodes_as_scale() {
		use crate::sealed::placeholder_envelope;
		use sp_runtime::traits::ConstU32;
		type Batch = IndexedBatch<ConstU32<128>, ConstU32<4>>;
		let battery: BatteryId = b"BAT-1".to_vec().try_into().expect("short id");
		let readings: crate::sealed::Envelope<ConstU32<128>, ConstU32<4>> = placeholder_envelope(
			crate::consortium::DataCategory::Usage,
			&battery,
			&[[1; 32]],
			sealed_readings_len(1),
		);
		let old_layout = (&battery, 7u64, 1_000u64, 1_000u32, 1u32, &readings).encode();
		let batch = Batch::decode(&mut &old_layout[..]).expect("old layout");
		assert_eq!(batch.encoding, SampleEncoding::Scale);
		assert_eq!(batch.encode(), [old_layout.clone(), alloc::vec![0]].concat());
		let compact = Batch { encoding: SampleEncoding::Compact, ..batch };
		let decoded = Batch::decode(&mut &compact.encode()[..]).expect("new layout");
		assert_eq!(
			(decoded.encoding, decoded.encode()),
			(SampleEncoding::Compact, compact.encode())
		);
		// An unknown encoding index does not decode.
		let unknown = [old_layout, alloc::vec![9]].concat();
		assert!(Batch::decode(&mut &unknown[..]).is_err());
	}

	#[test]
	fn both_encodings_round_trip_and_the_shortest_is_chosen() {
		let smooth: Vec<Reading> = (0..100)
			.map(|k| Reading { current_ma: 1_000 + k, voltage_mv: 3_700 - k, temp_decic: 250 })
			.collect();
		for encoding in [SampleEncoding::Scale, SampleEncoding::Compact] {
			let bytes = encoding.encode_readings(&smooth);
			assert_eq!(encoding.decode_readings(&bytes, 100), Ok(smooth.clone()));
			let (low, high) = encoding.sealed_len_bounds(100);
			let sealed = bytes.len() + crate::sealed::SEAL_OVERHEAD;
			assert!(low <= sealed && sealed <= high, "{encoding:?}: {low} <= {sealed} <= {high}");
		}
		assert_eq!(SampleEncoding::shortest(&smooth).0, SampleEncoding::Compact);
		// Values jumping across their whole range: SCALE is shorter.
		let wild: Vec<Reading> = (0..100)
			.map(|k| {
				let sign = if k % 2 == 0 { 1 } else { -1 };
				Reading {
					current_ma: sign * i32::MAX,
					voltage_mv: -sign * i32::MAX,
					temp_decic: sign as i16 * i16::MAX,
				}
			})
			.collect();
		let (encoding, bytes) = SampleEncoding::shortest(&wild);
		assert_eq!(encoding, SampleEncoding::Scale);
		assert_eq!(encoding.decode_readings(&bytes, 100), Ok(wild));
		// SCALE bytes of another count are refused.
		let bytes = SampleEncoding::Scale.encode_readings(&smooth);
		assert_eq!(
			SampleEncoding::Scale.decode_readings(&bytes, 99),
			Err(SampleDecodeError::BadScale)
		);
	}
}
