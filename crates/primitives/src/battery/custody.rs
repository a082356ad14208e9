//! Custody history: every custodian a battery had, with the block it took over and how
//! ([`CustodyVia`]), as pallet-battery keeps it (one storage item per entry, never removed) and
//! `BatteryApi::custody_history` pages it ([`CustodyHistoryView`]). Custody is public (the
//! custodian signs its calls in public); what a shipment carried stays in its sealed records.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// How a custodian took over a battery.
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
pub enum CustodyVia {
	/// It registered the passport (the manufacturer, or for a second life the recycler).
	#[codec(index = 0)]
	Registration,
	/// A direct two-step handover (offer, accept).
	#[codec(index = 1)]
	Handover,
	/// A shipment of pallet-logistics: the carrier at pickup, the recipient at delivery, the
	/// sender when an exception is returned.
	#[codec(index = 2)]
	Shipment {
		/// The shipment's number.
		shipment: u64,
		/// Its public batch ID.
		batch: u64,
	},
	/// Handed over to the recycler commissioned for it (pallet-recycling).
	#[codec(index = 3)]
	Recycling,
	/// Bought back by a recycler (pallet-recycling), paid in the same call.
	#[codec(index = 4)]
	BuyBack,
}

/// One custodian of a battery.
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
pub struct CustodyEntry<AccountId, BlockNumber> {
	/// Position in the battery's history, from 0 (its registration).
	pub index: u32,
	/// The custodian.
	pub custodian: AccountId,
	/// Block at which it took over.
	pub since: BlockNumber,
	/// How.
	pub via: CustodyVia,
}

/// One page of a battery's custody history, oldest first.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustodyHistoryView<AccountId, BlockNumber> {
	/// Number of entries in all (the next page starts at the last entry's `index + 1`).
	pub total: u32,
	/// The entries from the requested index on.
	pub entries: Vec<CustodyEntry<AccountId, BlockNumber>>,
}
