//! # Passport Pallet
//!
//! The EU battery passport's model attributes (Regulation (EU) 2023/1542, Art. 77 and Annex
//! XIII) as a model's economic operator declares them.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the [`Config`], the dispatchables ([`Call`]), [`Event`]s,
//! [`Error`]s and storage items.
//!
//! ## Overview
//!
//! Most of a battery passport describes a battery *model*: its carbon footprint, materials and
//! recycled content, rated performance and durability, the documents (declaration of
//! conformity, due diligence, dismantling and safety information, test reports). Its economic
//! operator, an active Manufacturer (or a Recycler, for the models of its second-life
//! batteries), declares them once per model here, keyed by its own account and the model named
//! in the factory data of its batteries; a battery's passport joins them through its factory
//! data (`PassportApi::export_view`).
//!
//! - **Declare** ([`Pallet::declare`]): one [`Attribute`] group (identification, operator and
//!   plants, carbon footprint, materials, performance, commercial terms) or the documents of one
//!   [`DocumentKind`], replacing what was declared under the same key. The attribute is checked
//!   ([`Attribute::validate`]): texts, business partner numbers, shares and ranges; a
//!   restricted document (dismantling, safety measures, detailed composition, spare parts,
//!   test reports: [`DocumentKind::tier`]) must carry the hash of its sealed content, which is
//!   never on chain.
//! - **Restricted documents** ([`Attribute::Restricted`]): their header and content hash are
//!   public, their link is sealed (the envelope format of `battery_primitives::sealed`) about
//!   the model, for exactly the operator's reader key and the Authority's
//!   ([`Pallet::document_keys`]). The operator, or an Authority member, grants a link to the
//!   tier's readers later ([`Pallet::grant_document`]): members whose current reader key it is
//!   and whom the tier admits ([`Tier::admits`]: recyclers, operators, users for the
//!   legitimate-interest tier; the authorities for theirs). The node never opens anything.
//! - **Withdraw** ([`Pallet::withdraw`]): remove an attribute; the last one removes the model
//!   passport. An operator keeps at most [`Config::MaxModels`] model passports, each at most one
//!   attribute per [`AttributeKey`], so its storage is bounded.
//!
//! Every change raises the model passport's version by one and emits an event with the key,
//! its tier and the new version; each attribute keeps the version, block and time of its
//! declaration. Nobody but the operator writes under its key: another member declaring the same
//! model name writes its own model passport, which no battery of the first operator joins.
//!
//! ## Low Level / Implementation Details
//!
//! `lib.rs` holds the FRAME sections and thin dispatchables; the logic is in [`declarations`]
//! and [`grants`] (sealed links), the runtime API's reads in [`queries`].

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod declarations;
pub mod grants;
pub mod queries;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use battery_primitives::{
	battery::ModelName,
	consortium::{ConsortiumInspect, Role},
	passport::{Attribute, AttributeError, AttributeKey, Bpn, DocumentKind, Tier},
	sealed::{WrappedKey, MAX_GRANT_READERS},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Set-up hooks for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` an active member holding `role`, with reader key `reader_key`.
	fn member(who: &AccountId, role: Role, reader_key: battery_primitives::sealed::ReaderPublicKey);
	/// Set the Authority's reader key.
	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the passport pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The consortium: who is an economic operator.
		type Consortium: ConsortiumInspect<Self::AccountId>;

		/// The chain's clock: declarations are dated.
		type UnixTime: UnixTime;

		/// Most model passports one economic operator keeps (a model passport whose last
		/// attribute is withdrawn no longer counts).
		#[pallet::constant]
		type MaxModels: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Set-up of the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The model passports: version and dates of each (operator, model).
	#[pallet::storage]
	pub type Models<T: Config> =
		StorageMap<_, Blake2_128Concat, ModelKeyOf<T>, ModelRecord, OptionQuery>;

	/// The legal-entity business partner number (BPNL) an Authority member bound to each
	/// economic operator: the only one its `Operator` attributes may name.
	#[pallet::storage]
	pub type OperatorIds<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Bpn, OptionQuery>;

	/// The account each bound BPNL belongs to (one account per BPNL).
	#[pallet::storage]
	pub type OperatorOfId<T: Config> =
		StorageMap<_, Blake2_128Concat, Bpn, T::AccountId, OptionQuery>;

	/// Number of model passports of each economic operator (at most `MaxModels`).
	#[pallet::storage]
	pub type ModelCounts<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The attributes of each model passport, by key.
	#[pallet::storage]
	pub type Attributes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		ModelKeyOf<T>,
		Blake2_128Concat,
		AttributeKey,
		AttributeRecordOf<T>,
		OptionQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An attribute of a model passport was declared (or replaced).
		AttributeDeclared {
			/// The economic operator.
			operator: T::AccountId,
			/// The model.
			model: ModelName,
			/// Which attribute.
			key: AttributeKey,
			/// Who may read it.
			tier: Tier,
			/// The model passport's new version.
			version: u32,
		},
		/// An Authority member bound a BPNL to an economic operator.
		OperatorIdSet {
			/// The economic operator.
			operator: T::AccountId,
			/// Its legal-entity business partner number.
			bpnl: Bpn,
		},
		/// Readers were added to the sealed link of a restricted document.
		DocumentGranted {
			/// The economic operator.
			operator: T::AccountId,
			/// The model.
			model: ModelName,
			/// The document's kind.
			kind: DocumentKind,
			/// The document's position among those of its kind.
			index: u32,
			/// Readers added.
			readers: u32,
		},
		/// An attribute of a model passport was withdrawn.
		AttributeWithdrawn {
			/// The economic operator.
			operator: T::AccountId,
			/// The model.
			model: ModelName,
			/// Which attribute.
			key: AttributeKey,
			/// The model passport's new version.
			version: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signer is not an active Manufacturer or Recycler.
		NotEconomicOperator,
		/// The model name is empty or not UTF-8.
		InvalidModel,
		/// A text, link or required list of the attribute is empty.
		EmptyField,
		/// A text or link of the attribute is not UTF-8.
		NotUtf8,
		/// A business partner number is not `BPNL` / `BPNA` and 12 letters or digits.
		InvalidBpn,
		/// A share above 100 %, an empty temperature range, a zero resistance, power, lifetime
		/// or validity.
		OutOfRange,
		/// A document of a restricted kind declared in the clear: its link must be sealed.
		MustBeSealed,
		/// A document of a public kind declared sealed.
		MustBePublic,
		/// A reader key appears twice on a sealed link or in a grant.
		DuplicateRecipient,
		/// A sealed link lacks the operator's or the Authority's reader key.
		MissingRecipient,
		/// A sealed link or grant names a key that may not read it.
		UnexpectedRecipient,
		/// Neither the operator nor the Authority has a reader key: nobody could open the link.
		NoRecipients,
		/// A sealed link is not about this model or not of category `Factory`.
		EnvelopeMismatch,
		/// A sealed link's ciphertext is shorter than sealing makes it.
		MalformedEnvelope,
		/// A grant adds a reader the link has already.
		AlreadyRecipient,
		/// A grant adds nobody.
		EmptyGrant,
		/// The link would carry more readers than its bound.
		TooManyRecipients,
		/// The granter cannot open the link (none of its keys is on it).
		NotRecipient,
		/// Only the model's operator or an Authority member grants its restricted documents.
		NotGranter,
		/// No restricted document at this position.
		NoSuchDocument,
		/// The `Operator` attribute names a BPNL an Authority member has not bound to the signer.
		ForeignBpn,
		/// Only an active Authority member binds BPNLs.
		NotAuthority,
		/// The BPNL is bound to another account.
		BpnTaken,
		/// A footprint figure, substance or document link appears twice.
		DuplicateEntry,
		/// The carbon footprint lacks the total over the whole life cycle.
		MissingTotalFootprint,
		/// The operator keeps `MaxModels` model passports already.
		TooManyModels,
		/// The attribute is declared already with exactly this value.
		Unchanged,
		/// Nothing is declared under this key.
		NotDeclared,
		/// The model passport's version would overflow.
		VersionOverflow,
	}

	impl<T> From<AttributeError> for Error<T> {
		fn from(error: AttributeError) -> Self {
			match error {
				AttributeError::Empty => Error::EmptyField,
				AttributeError::NotUtf8 => Error::NotUtf8,
				AttributeError::InvalidBpn => Error::InvalidBpn,
				AttributeError::OutOfRange => Error::OutOfRange,
				AttributeError::MustBeSealed => Error::MustBeSealed,
				AttributeError::MustBePublic => Error::MustBePublic,
				AttributeError::Duplicate => Error::DuplicateEntry,
				AttributeError::MissingTotal => Error::MissingTotalFootprint,
			}
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Declare `attribute` of the model passport of `model`, as its economic operator (the
		/// signer: an active Manufacturer or Recycler), replacing what was declared under the
		/// same key. The model passport's version goes up by one.
		///
		/// Emits `AttributeDeclared`. Fails with `NotEconomicOperator`, `InvalidModel`, the
		/// attribute's check (`EmptyField`, `NotUtf8`, `InvalidBpn`, `OutOfRange`, `MustBeSealed`,
		/// `MustBePublic`, `DuplicateEntry`, `MissingTotalFootprint`), a sealed link's check
		/// (`EnvelopeMismatch`, `MalformedEnvelope`, `NoRecipients`, `DuplicateRecipient`,
		/// `MissingRecipient`, `UnexpectedRecipient`), `ForeignBpn` (an `Operator` attribute
		/// naming a BPNL not bound to the signer), `Unchanged`, `TooManyModels` (a new model
		/// beyond `MaxModels`) or `VersionOverflow`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::declare())]
		pub fn declare(
			origin: OriginFor<T>,
			model: ModelName,
			attribute: Attribute,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_declare(who, model, attribute)
		}

		/// Withdraw the attribute under `key` of the signer's model passport of `model`. The
		/// model passport's version goes up by one; withdrawing its last attribute removes the
		/// model passport (and its version) altogether.
		///
		/// Emits `AttributeWithdrawn`. Fails with `NotEconomicOperator`, `NotDeclared` or
		/// `VersionOverflow`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(
			origin: OriginFor<T>,
			model: ModelName,
			key: AttributeKey,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, model, key)
		}

		/// Grant the sealed link of the restricted document at `index` among those of `kind` in
		/// `operator`'s model passport of `model` to more readers: `wraps` hold its data key
		/// wrapped for each newcomer's reader key. The signer is the operator or an Authority
		/// member, and a reader of the link; each newcomer's key is the current reader key of a
		/// member the document's tier admits, not a reader yet. The version does not change
		/// (the document does not).
		///
		/// Emits `DocumentGranted`. Fails with `NotGranter`, `NotDeclared`, `NoSuchDocument`,
		/// `NotRecipient`, `EmptyGrant`, `DuplicateRecipient`, `UnexpectedRecipient`,
		/// `AlreadyRecipient` or `TooManyRecipients`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::grant_document())]
		pub fn grant_document(
			origin: OriginFor<T>,
			operator: T::AccountId,
			model: ModelName,
			kind: DocumentKind,
			index: u32,
			wraps: BoundedVec<WrappedKey, ConstU32<MAX_GRANT_READERS>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant_document(who, operator, model, kind, index, &wraps)
		}

		/// Bind `bpnl` (a legal-entity business partner number, `BPNL` and 12 letters or
		/// digits) to the economic operator `operator`, as an active Authority member: from now
		/// on its `Operator` attributes must name this BPNL and no other account's may. Binding
		/// another BPNL replaces the operator's; its model passports declared before keep what
		/// they say until their operator declares again.
		///
		/// Emits `OperatorIdSet`. Fails with `NotAuthority`, `InvalidBpn` or `BpnTaken`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_operator_id())]
		pub fn set_operator_id(
			origin: OriginFor<T>,
			operator: T::AccountId,
			bpnl: Bpn,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_operator_id(who, operator, bpnl)
		}
	}
}
