//! Reads: [`PassportView`] (public, JSON-ready), the scope-checked [`CustodyView`],
//! [`UsageView`], [`MaintenanceView`], and the [`BatteryApi`] runtime API behind them.

use super::{
	factory::FactoryData,
	id::{BatteryIdError, IdScheme},
	lifecycle::{BatteryStatus, Life, RunningMode},
	maintenance::MaintenanceRecord,
	tag::TagUid,
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

/// Custody of a battery (data category `Logistics`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustodyView<AccountId, BlockNumber> {
	/// Current custodian.
	pub custodian: AccountId,
	/// Pending direct handover, if any.
	pub offer: Option<CustodyOfferView<AccountId, BlockNumber>>,
}

/// Use of a battery (data category `Usage`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageView<AccountId> {
	/// The user the battery is assigned to.
	pub assigned_user: Option<AccountId>,
	/// Running mode chosen by the user.
	pub running_mode: RunningMode,
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

sp_api::decl_runtime_apis! {
	/// Battery passport reads (`battery_passport` over JSON-RPC, or `state_call`).
	///
	/// Battery ids are passed as raw bytes (the UTF-8 battery id). [`Self::passport`] of an id
	/// longer than [`MAX_SUBJECT_LEN`](crate::consortium::MAX_SUBJECT_LEN) is `None`.
	/// Scope-checked reads take `(battery, reader)`, ask the consortium whether `reader` may read
	/// the category of that battery, and answer [`ReadError`] in the order of its checks (see
	/// [`crate::read`]): `InvalidBatteryId` for an over-long id, `UnknownBattery`, `NotInScope`.
	pub trait BatteryApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The public passport of `battery` (`None`: not registered).
		fn passport(battery: Vec<u8>) -> Option<PassportView<AccountId, BlockNumber>>;
		/// Custodian and pending handover of `battery` (category `Logistics`).
		fn custody(battery: Vec<u8>, reader: AccountId) -> Result<CustodyView<AccountId, BlockNumber>, ReadError>;
		/// Assigned user and running mode of `battery` (category `Usage`).
		fn usage(battery: Vec<u8>, reader: AccountId) -> Result<UsageView<AccountId>, ReadError>;
		/// Maintenance records of `battery` kept on chain and their total count: public date and
		/// kind, details sealed for the Maintenance scope (no scope check: only recipients can
		/// open them). Errors: `InvalidBatteryId`, `UnknownBattery`.
		fn maintenance(battery: Vec<u8>) -> Result<MaintenanceView<AccountId, BlockNumber>, ReadError>;
		/// Whether `battery` is a valid battery id, and of which scheme.
		fn check_id(battery: Vec<u8>) -> Result<IdScheme, BatteryIdError>;
	}
}
