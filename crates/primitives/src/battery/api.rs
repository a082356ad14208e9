//! Reads: [`PassportView`], [`CustodyView`], [`UsageView`], [`MaintenanceView`] and
//! [`AccidentView`] (public, JSON-ready; confidential parts sealed), and the [`BatteryApi`]
//! runtime API behind them.

use super::{
	accident::AccidentRecord,
	custody::CustodyHistoryView,
	factory::FactoryData,
	id::{BatteryIdError, IdScheme},
	lifecycle::{BatteryStatus, Life},
	maintenance::MaintenanceRecord,
	tag::TagUid,
	usage::RunningModeRecord,
	Hash32,
};
use crate::{
	consortium::BatteryId,
	read::ReadError,
	serde_helpers::{hex_bytes, text, text_opt},
};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// The tag bound to a battery, as shown in its passport.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagView<AccountId, BlockNumber> {
	/// Tag UID. JSON: hex.
	#[serde(with = "hex_bytes")]
	pub uid: TagUid,
	/// BLAKE2b-256 of the tag's NDEF message. JSON: hex.
	#[serde(with = "hex_bytes")]
	pub ndef_hash: Hash32,
	/// The key that signed the tag (the manufacturer or one of its registered signing keys).
	pub signer: AccountId,
	/// Block at which the tag was bound.
	pub bound_at: BlockNumber,
}

/// The public battery passport: identity, nameplate and rated data, status and the links of a
/// second life. Readable by anyone (`battery_passport` RPC, `BatteryApi_passport`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PassportView<AccountId, BlockNumber> {
	/// The battery id.
	#[serde(with = "text")]
	pub id: BatteryId,
	/// Coding scheme of the id.
	pub id_scheme: IdScheme,
	/// The economic operator responsible for the passport: the manufacturer, or for a second
	/// life the recycler that registered it.
	pub manufacturer: AccountId,
	/// Identity, nameplate and rated data (immutable).
	pub factory: FactoryData,
	/// Hash of `factory` ([`FactoryData::hash`]). JSON: hex.
	#[serde(with = "hex_bytes")]
	pub factory_hash: Hash32,
	/// Lifecycle status.
	pub status: BatteryStatus,
	/// Block at which the battery entered `status`.
	pub status_since: BlockNumber,
	/// Block at which the passport was registered.
	pub registered_at: BlockNumber,
	/// Original or second life.
	pub life: Life,
	/// The passport this one succeeds (second life).
	#[serde(with = "text_opt")]
	pub predecessor: Option<BatteryId>,
	/// The passport that succeeds this one (second life).
	#[serde(with = "text_opt")]
	pub successor: Option<BatteryId>,
	/// Whether an Authority froze the battery (no transition until unfrozen).
	pub frozen: bool,
	/// The bound NFC / RFID tag.
	pub tag: Option<TagView<AccountId, BlockNumber>>,
	/// Number of accidents recorded for the battery (`BatteryApi::accidents` lists them).
	pub accidents: u32,
}

/// A pending direct custody handover.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustodyOfferView<AccountId, BlockNumber> {
	/// The account offered custody.
	pub to: AccountId,
	/// Last block at which the offer can be accepted.
	pub expires_at: BlockNumber,
}

/// Custody of a battery: public, like every access-control relation (the custodian signs its
/// calls in public); shipment details are sealed.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustodyView<AccountId, BlockNumber> {
	/// Current custodian.
	pub custodian: AccountId,
	/// Pending direct handover, if any.
	pub offer: Option<CustodyOfferView<AccountId, BlockNumber>>,
}

/// Use of a battery: the assigned user (public, like custody) and the running mode it chose,
/// sealed for the Usage scope.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageView<AccountId, BlockNumber> {
	/// The user the battery is assigned to.
	pub assigned_user: Option<AccountId>,
	/// The running mode the user chose (`None`: `Normal`).
	pub running_mode: Option<RunningModeRecord<AccountId, BlockNumber>>,
}

/// Maintenance of a battery (data category `Maintenance`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaintenanceView<AccountId, BlockNumber> {
	/// Number of records ever made; older records than `records` are only in the events.
	pub total: u32,
	/// The latest records kept on chain, oldest first.
	pub records: Vec<MaintenanceRecord<AccountId, BlockNumber>>,
}

/// Accidents of a battery: public facts (time, peak acceleration, source); where they happened
/// stays in the sealed records of their source.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccidentView<BlockNumber> {
	/// Number of accidents ever recorded; older ones than `records` are only in the events.
	pub total: u32,
	/// The latest accidents kept on chain, oldest first.
	pub records: Vec<AccidentRecord<BlockNumber>>,
}

sp_api::decl_runtime_apis! {
	/// Battery passport reads (`battery_passport` over JSON-RPC, or `state_call`). None takes a
	/// reader: what they return is public or sealed (only a recipient opens an envelope).
	///
	/// Battery ids are passed as raw bytes (the UTF-8 battery id). [`Self::passport`] of an id
	/// longer than [`MAX_SUBJECT_LEN`](crate::consortium::MAX_SUBJECT_LEN) is `None`; the other
	/// reads answer [`ReadError`] `InvalidBatteryId` for it, then `UnknownBattery`.
	pub trait BatteryApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The public passport of `battery` (`None`: not registered).
		fn passport(battery: Vec<u8>) -> Option<PassportView<AccountId, BlockNumber>>;
		/// Custodian and pending handover of `battery`.
		fn custody(battery: Vec<u8>) -> Result<CustodyView<AccountId, BlockNumber>, ReadError>;
		/// Assigned user and sealed running mode of `battery`.
		fn usage(battery: Vec<u8>) -> Result<UsageView<AccountId, BlockNumber>, ReadError>;
		/// Maintenance records of `battery` kept on chain and their total count: public date and
		/// kind, details sealed for the Maintenance scope.
		fn maintenance(battery: Vec<u8>) -> Result<MaintenanceView<AccountId, BlockNumber>, ReadError>;
		/// Accidents of `battery` kept on chain (public facts) and their total count.
		fn accidents(battery: Vec<u8>) -> Result<AccidentView<BlockNumber>, ReadError>;
		/// The custody history of `battery` from entry `start` on, at most `limit` entries
		/// (capped at [`MAX_PAGE_SIZE`](crate::consortium::MAX_PAGE_SIZE)), oldest first.
		fn custody_history(battery: Vec<u8>, start: u32, limit: u32) -> Result<CustodyHistoryView<AccountId, BlockNumber>, ReadError>;
		/// Whether `battery` is a valid battery id, and of which scheme.
		fn check_id(battery: Vec<u8>) -> Result<IdScheme, BatteryIdError>;
	}
}
