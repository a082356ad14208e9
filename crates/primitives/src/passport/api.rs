//! Reads: a model's declared passport ([`ModelPassportView`]) and everything the Catena-X export
//! of one battery needs ([`PassportExportView`]), and the [`PassportApi`] runtime API behind them.

use super::model::{Attribute, AttributeKey};
use crate::{
	battery::{ModelName, PassportView},
	serde_helpers::text,
};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// One declared attribute with its history marks (as pallet-passport stores it).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug, Serialize, Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct AttributeView<BlockNumber> {
	/// The attribute.
	pub attribute: Attribute,
	/// The model passport's version this declaration made.
	pub version: u32,
	/// Block of the declaration.
	pub declared_at: BlockNumber,
	/// Time of the declaration, Unix ms.
	pub declared_ms: u64,
}

/// The passport of a model as its economic operator declared it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelPassportView<AccountId, BlockNumber> {
	/// The economic operator (a manufacturer, or the recycler of a second life).
	pub operator: AccountId,
	/// The model (as in the factory data of its batteries).
	#[serde(with = "text")]
	pub model: ModelName,
	/// Version: the number of declarations and withdrawals so far.
	pub version: u32,
	/// Time of the first declaration, Unix ms.
	pub first_declared_ms: u64,
	/// Time of the latest change, Unix ms.
	pub updated_ms: u64,
	/// The attributes declared, by key order.
	pub attributes: Vec<AttributeView<BlockNumber>>,
	/// The data groups not declared yet: an export needs every one.
	pub missing: Vec<AttributeKey>,
}

/// Everything the chain holds for the passport export of one battery: its public passport and
/// its model's declared passport.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PassportExportView<AccountId, BlockNumber> {
	/// The battery's public passport (identity, factory data, status, life links).
	pub passport: PassportView<AccountId, BlockNumber>,
	/// The model passport of the battery's economic operator and model.
	pub model: ModelPassportView<AccountId, BlockNumber>,
}

/// Why a battery's passport cannot be exported.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
pub enum ExportError {
	/// No battery has this ID.
	UnknownBattery,
	/// The battery's economic operator has declared nothing for its model.
	ModelNotDeclared,
}

sp_api::decl_runtime_apis! {
	/// Passport reads (`battery_passportModel`, `battery_passportExport` over JSON-RPC).
	pub trait PassportApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// The passport `operator` declared for `model`, if any.
		fn model(operator: AccountId, model: Vec<u8>) -> Option<ModelPassportView<AccountId, BlockNumber>>;
		/// What the export of `battery`'s passport needs.
		fn export_view(battery: Vec<u8>) -> Result<PassportExportView<AccountId, BlockNumber>, ExportError>;
		/// The reader keys the links of `operator`'s restricted documents must be sealed for
		/// when declared: its own and the Authority's (sorted; those it has).
		fn document_keys(operator: AccountId) -> Vec<crate::sealed::ReaderPublicKey>;
	}
}
