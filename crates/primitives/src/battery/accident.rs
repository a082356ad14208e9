//! Accidents: [`Accident`] as another pallet reports it (an impact over the threshold during a
//! shipment), [`AccidentRecord`] as pallet-battery keeps it (the latest few per battery, with the
//! total count) and emits it. The EU battery passport lists a battery's accidents; the record
//! holds the public facts (when, how hard, from which shipment). Where it happened stays in the
//! shipment's sealed impact record.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// What an accident record comes from.
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
#[serde(rename_all_fields = "camelCase")]
pub enum AccidentSource {
	/// An impact a collision sensor of the carrier's vehicle reported while the battery was in a
	/// shipment (pallet-logistics).
	#[codec(index = 0)]
	Transport {
		/// The shipment's public batch ID.
		batch: u64,
		/// The shipment's number.
		shipment: u64,
		/// The impact's position among the shipment's impact reports.
		impact: u32,
	},
}

/// An accident as the reporting pallet gives it to pallet-battery.
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
)]
pub struct Accident {
	/// When it happened, Unix milliseconds (the sensor's clock).
	pub occurred_at_ms: u64,
	/// Peak acceleration, thousandths of g.
	pub peak_mg: u32,
	/// Where the record comes from.
	pub source: AccidentSource,
}

/// One accident of a battery, as stored (the latest few per battery) and emitted in its event.
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
pub struct AccidentRecord<BlockNumber> {
	/// Sequence number of the accident for its battery, from 0.
	pub index: u32,
	/// When it happened, Unix milliseconds.
	pub occurred_at_ms: u64,
	/// Peak acceleration, thousandths of g.
	pub peak_mg: u32,
	/// Where the record comes from.
	pub source: AccidentSource,
	/// Block at which it was recorded.
	pub recorded_at: BlockNumber,
}

impl<BlockNumber> AccidentRecord<BlockNumber> {
	/// The record number `index` of `accident`, recorded at `recorded_at`.
	pub fn new(index: u32, accident: Accident, recorded_at: BlockNumber) -> Self {
		let Accident { occurred_at_ms, peak_mg, source } = accident;
		Self { index, occurred_at_ms, peak_mg, source, recorded_at }
	}
}
