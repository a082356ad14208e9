//! Restricted documents: the documents of a model passport that only a tier's readers may see
//! (dismantling and safety information, the detailed composition, spare parts, test reports).
//!
//! What a restricted document is (its header) and the BLAKE2b-256 of its content are public; its
//! link, and the key of its encrypted copy off chain, are a [`DocumentLink`] sealed
//! ([`crate::sealed`]) about the model: subject the model's name ([`document_subject`]),
//! category `Factory`. When declared it is sealed for exactly the operator's reader key and the
//! Authority's ([`crate::passport::PassportApi::document_keys`]); the operator or an Authority
//! member grants it to readers of the tier later (recyclers, operators and users for the
//! legitimate-interest tier), as every sealed record is granted.

use super::model::{Text, Url, MAX_DOCUMENTS};
use crate::{
	battery::{Hash32, ModelName},
	consortium::BatteryId,
	sealed::{ciphertext_len, MaxSealedReaders, Sealed},
	serde_helpers::{hex_bytes, hex_opt, text},
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::ConstU32, BoundedVec};

/// Where a restricted document is, and the key of its encrypted copy: the plaintext of its
/// sealed link.
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
pub struct DocumentLink {
	/// Where the document (or its encrypted copy) is.
	#[serde(with = "text")]
	pub url: Url,
	/// The 32-byte key of the encrypted copy, if the copy needs one. JSON: hex or `null`.
	#[serde(with = "hex_opt")]
	pub key: Option<[u8; 32]>,
}

/// Ciphertext bound of a sealed [`DocumentLink`]: its SCALE length plus what sealing adds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LinkCiphertextLen;
impl sp_runtime::traits::Get<u32> for LinkCiphertextLen {
	fn get() -> u32 {
		ciphertext_len(u32::try_from(DocumentLink::max_encoded_len()).unwrap_or(u32::MAX))
	}
}

/// A [`DocumentLink`] sealed for a tier's readers.
pub type SealedLink = Sealed<DocumentLink, LinkCiphertextLen, MaxSealedReaders>;

/// A document only a tier's readers may see.
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
pub struct RestrictedDocument {
	/// What the document is (Catena-X `header`): public.
	#[serde(with = "text")]
	pub header: Text,
	/// BLAKE2b-256 of the document's content: public, so a reader checks the copy it opened.
	#[serde(with = "hex_bytes")]
	pub content_hash: Hash32,
	/// Its link, sealed.
	pub link: SealedLink,
}

/// Up to [`MAX_DOCUMENTS`] restricted documents of one kind.
pub type RestrictedDocuments = BoundedVec<RestrictedDocument, ConstU32<MAX_DOCUMENTS>>;

/// The subject the links of `model`'s restricted documents are sealed about: the model's name.
pub fn document_subject(model: &ModelName) -> BatteryId {
	BatteryId::truncate_from(model.to_vec())
}
