//! # Battery Pallet
//!
//! The battery passport of battery-chain: a battery's identity with its immutable factory data,
//! the signed NFC / RFID tag on it, its custodian, its lifecycle status from the factory to
//! recycling or a second life, the user it is assigned to, the running mode that user chose and
//! its maintenance history.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the [`Config`], the dispatchables ([`Call`]), [`Event`]s,
//! [`Error`]s and storage items. Other pallets (logistics, recycling) drive lifecycle transitions
//! and custody through [`BatteryLifecycle`], implemented by [`Pallet`]; the consortium learns the
//! batteries assigned to a user through [`BatteryScope`]. Clients read through the `BatteryApi`
//! runtime API, served by the functions in [`queries`].
//!
//! ## Overview
//!
//! ### Terminology
//!
//! - **Battery id**: the manufacturer's code, a GB/T 34014 24-character code or a GS1 GTIN-14 +
//!   serial `(01)…(21)…` ([`validate_battery_id`]).
//! - **Factory data** ([`FactoryData`]): nameplate and rated data in fixed-point integers with the
//!   unit in each field name. It is stored once under its hash ([`FactoryData::hash`]) and never
//!   changes; batteries of one registration call share it.
//! - **Tag binding**: a tag UID, the hash of the tag's NDEF message and the manufacturer's
//!   signature over [`tag_signing_payload`]`(uid, battery id, factory hash)`, verified on chain
//!   against the manufacturer's account or a signing key it registered.
//! - **Custodian**: who holds the battery. It changes by a direct two-step handover (offer, then
//!   accept before the offer expires) or through [`BatteryLifecycle::set_custodian`] (logistics).
//! - **Status** ([`BatteryStatus`]): every transition has exactly one role allowed to author it
//!   ([`BatteryStatus::transition_role`]), and the author must be the custodian.
//! - **Second life**: a recycler holding a battery `WithRecycler` registers a new passport linked
//!   to it; the old passport closes as `Repurposed`, `Reused` or `Remanufactured`.
//! - **Sealed records**: maintenance details and running modes are sealed envelopes
//!   ([`battery_primitives::sealed`]); the chain checks that each is sealed for exactly the
//!   readers in scope ([`battery_primitives::scope`]) and never sees the plaintext.
//! - **Frozen**: an Authority froze the battery; no transition, custody change, assignment, tag
//!   binding or running-mode change until unfrozen.
//!
//! ### Interface
//!
//! Manufacturer: [`Pallet::register_batteries`], [`Pallet::bind_tag`],
//! [`Pallet::add_signing_key`] / [`Pallet::remove_signing_key`].
//!
//! Custodian: [`Pallet::offer_custody`], [`Pallet::cancel_custody_offer`]; recipient:
//! [`Pallet::accept_custody`]; role of the transition: [`Pallet::transition`].
//!
//! Operator: [`Pallet::assign_user`], [`Pallet::unassign_user`], [`Pallet::add_maintenance`].
//! User: [`Pallet::set_running_mode`]. Recycler: [`Pallet::register_second_life`].
//! Any reader in a record's scope: [`Pallet::grant_maintenance`].
//! Authority: [`Pallet::freeze`], [`Pallet::unfreeze`].
//!
//! Roles are read from the consortium through [`Config::Consortium`]; this pallet never reads
//! the consortium's storage. A failed role check is a typed error ([`Error::NotMember`],
//! [`Error::MemberSuspended`], [`Error::MissingRole`]).
//!
//! ## Low Level / Implementation Details
//!
//! `lib.rs` holds the FRAME sections and thin dispatchables; shared checks are in [`common`], the
//! logic is in [`registration`], [`tags`], [`custody`], [`lifecycle`], [`usage`], [`maintenance`]
//! and [`accidents`], the checks of sealed records in [`sealing`], the trait implementations in
//! [`impl_traits`], the runtime API helpers in [`queries`]. No call iterates storage that grows
//! with the number of batteries: every relation is a keyed map, maintenance history on chain is a
//! bounded ring, and batch registration is bounded by [`Config::MaxBatchSize`].

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod accidents;
pub mod common;
pub mod custody;
pub mod impl_traits;
pub mod lifecycle;
pub mod lots;
pub mod maintenance;
pub mod migrations;
pub mod queries;
pub mod registration;
pub mod sealing;
pub mod tags;
pub mod types;
pub mod usage;
pub mod weights;

#[cfg(any(test, feature = "try-runtime"))]
pub mod invariants;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use battery_primitives::{
	battery::{
		tag_signing_payload, validate_battery_id, Accident, AccidentRecord, BatteryIdError,
		BatteryLifecycle, BatteryStatus, CustodyEntry, CustodyVia, Date, FactoryData,
		FactoryDataError, Hash32, IdScheme, Life, MaintenanceEnvelope, MaintenanceKind,
		RunningMode, SecondLife, TagUid, UsageEnvelope,
	},
	consortium::{BatteryId, BatteryScope, ConsortiumInspect, Role},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	/// The in-code storage version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	/// Default configurations of this pallet (for `derive_impl` in mocks and test runtimes).
	pub mod config_preludes {
		use super::*;
		use frame_support::derive_impl;

		/// A configuration for tests: small limits, unit weights.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxBatchSize = ConstU32<16>;
			type MaxSigningKeys = ConstU32<4>;
			type MaxMaintenanceRecords = ConstU32<4>;
			type MaxAccidentRecords = ConstU32<3>;
			type CustodyLock = ();
			type EndOfLifeByRecycling = frame_support::traits::ConstBool<false>;
			type WeightInfo = ();
		}
	}

	/// Configuration of the battery pallet.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Consortium roles, operator-user registrations and the data scope (the runtime plugs
		/// in `pallet_consortium::Pallet`).
		#[pallet::no_default]
		type Consortium: ConsortiumInspect<Self::AccountId>;

		/// Signature of a tag binding (`sp_runtime::MultiSignature` in the runtime: sr25519,
		/// ed25519 or ecdsa), verified against the signer's account.
		#[pallet::no_default]
		type Signature: Verify<Signer = Self::SigningPublic> + Parameter + MaxEncodedLen;

		/// Public key type of [`Config::Signature`] (`sp_runtime::MultiSigner`); its account is
		/// the runtime's account id.
		#[pallet::no_default]
		type SigningPublic: IdentifyAccount<AccountId = Self::AccountId>;

		/// Number of blocks a direct custody offer stays acceptable.
		#[pallet::constant]
		#[pallet::no_default]
		type CustodyOfferTimeout: Get<BlockNumberFor<Self>>;

		/// Maximum number of batteries one [`Pallet::register_batteries`] call registers.
		#[pallet::constant]
		type MaxBatchSize: Get<u32>;

		/// Maximum number of tag-signing keys one member may register.
		#[pallet::constant]
		type MaxSigningKeys: Get<u32>;

		/// Number of latest maintenance records kept on chain per battery (older ones remain
		/// in the events).
		#[pallet::constant]
		type MaxMaintenanceRecords: Get<u32>;

		/// Number of latest accident records kept on chain per battery (older ones remain in
		/// the events; the total count is kept).
		#[pallet::constant]
		type MaxAccidentRecords: Get<u32>;

		/// Batteries another pallet binds (an open shipment): their custody is neither offered
		/// nor accepted directly ([`Error::InShipment`]). `()`: none.
		type CustodyLock: battery_primitives::battery::CustodyLock;

		/// Whether a recycling pallet drives the recycler's steps (Retired → WithRecycler →
		/// Waste → Recycled, a second-life passport) through [`BatteryLifecycle`]: then
		/// [`Pallet::transition`] and [`Pallet::register_second_life`] refuse them
		/// ([`Error::ThroughRecycling`]), so no recycler takes a battery without a commission,
		/// declares it waste without an assessment or starts a second life without a
		/// co-signed certification.
		#[pallet::constant]
		type EndOfLifeByRecycling: Get<bool>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Consortium set-up and a signing key for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::Signature>;
	}

	/// The battery pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Batteries with their own record, by id: status, custody, assignment, links. A battery
	/// registered in a lot has one from its first change on ([`Lots`]; read any battery with
	/// [`Pallet::record`]). Never removed (a closed passport stays resolvable).
	#[pallet::storage]
	pub type Batteries<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, BatteryId, BatteryRecordOf<T>, OptionQuery>;

	/// Lots by number: batteries registered together, whose own records are written at their
	/// first change ([`Lot`], [`crate::lots`]). Never removed.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageMap<_, Twox64Concat, LotId, LotOf<T>, OptionQuery>;

	/// The number the next lot gets.
	#[pallet::storage]
	pub type NextLotId<T: Config> = StorageValue<_, LotId, ValueQuery>;

	/// The members of every lot by id stem (the id without its last byte): each one's last id
	/// byte and lot, sorted by the byte. A member stays listed after its own record is written
	/// (the record wins).
	#[pallet::storage]
	pub type LotMembers<T: Config> =
		StorageMap<_, Blake2_128Concat, IdStem, StemMembers, OptionQuery>;

	/// Lots with members whose own record is not written yet, by their custodian (the lot's
	/// manufacturer): the part of the custody index ([`CustodianBatteries`]) that lots keep.
	#[pallet::storage]
	pub type CustodianLots<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, LotId, (), OptionQuery>;

	/// Factory data by its hash (content-addressed, written once, never changed or removed).
	#[pallet::storage]
	pub type FactoryRecords<T: Config> = StorageMap<_, Identity, Hash32, FactoryData, OptionQuery>;

	/// The tag bound to each battery.
	#[pallet::storage]
	pub type Tags<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, TagBindingOf<T>, OptionQuery>;

	/// The battery each tag UID is bound to (reverse index of `Tags`; a UID binds one battery).
	#[pallet::storage]
	pub type TagOwners<T: Config> = StorageMap<_, Blake2_128Concat, TagUid, BatteryId, OptionQuery>;

	/// Tag-signing keys by key account: the member they sign for.
	#[pallet::storage]
	pub type SigningKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, SigningKeyOf<T>, OptionQuery>;

	/// Number of signing keys each member registered.
	#[pallet::storage]
	pub type SigningKeyCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Batteries with an open passport by custodian (reverse index of `Batteries`' custodian for
	/// every battery whose passport is not closed; unchanged lot members are indexed by lot in
	/// [`CustodianLots`]): what a member must hand over before the consortium removes or
	/// suspends it, and where BMS gateways may be bound.
	#[pallet::storage]
	pub type CustodianBatteries<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		BatteryId,
		(),
		OptionQuery,
	>;

	/// Pending direct custody handovers, one per battery.
	#[pallet::storage]
	pub type CustodyOffers<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, CustodyOfferOf<T>, OptionQuery>;

	/// The latest `MaxMaintenanceRecords` maintenance records of each battery, oldest first.
	#[pallet::storage]
	pub type MaintenanceLog<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, MaintenanceLogOf<T>, OptionQuery>;

	/// The running mode each assigned battery's user chose, sealed for the Usage scope (removed
	/// when the assignment ends: no record means `Normal`).
	#[pallet::storage]
	pub type RunningModes<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, RunningModeRecordOf<T>, OptionQuery>;

	/// Number of maintenance records ever made for each battery (the next record's index).
	#[pallet::storage]
	pub type MaintenanceCount<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, u32, ValueQuery>;

	/// Every custodian each battery had, by position from 0 (its registration): one storage
	/// item per entry, never removed.
	#[pallet::storage]
	pub type CustodyHistory<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		BatteryId,
		Twox64Concat,
		u32,
		CustodyEntry<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Number of entries of each battery's custody history.
	#[pallet::storage]
	pub type CustodyHistoryCount<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, u32, ValueQuery>;

	/// The accidents of each battery that had one: the total and the latest
	/// `MaxAccidentRecords` records.
	#[pallet::storage]
	pub type Accidents<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, AccidentLogOf<T>, OptionQuery>;

	/// Events of the battery pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A battery was registered with its factory data; its manufacturer is its custodian.
		BatteryRegistered {
			/// The battery id.
			battery: BatteryId,
			/// Coding scheme of the id.
			scheme: IdScheme,
			/// The registering manufacturer (or recycler, for a second life).
			manufacturer: T::AccountId,
			/// Hash of the factory data (key of `FactoryRecords`).
			factory_hash: Hash32,
		},
		/// A member registered a tag-signing key.
		SigningKeyAdded {
			/// The member the key signs for.
			owner: T::AccountId,
			/// The key's account.
			key: T::AccountId,
		},
		/// A member removed a tag-signing key (tags it signed stay bound).
		SigningKeyRemoved {
			/// The member the key signed for.
			owner: T::AccountId,
			/// The key's account.
			key: T::AccountId,
		},
		/// A tag was bound to a battery after its signature was verified.
		TagBound {
			/// The battery id.
			battery: BatteryId,
			/// UID of the tag.
			uid: TagUid,
			/// BLAKE2b-256 of the tag's NDEF message.
			ndef_hash: Hash32,
			/// The key that signed.
			signer: T::AccountId,
			/// UID of the tag this one replaced, if another tag was bound before.
			replaced: Option<TagUid>,
		},
		/// The custodian offered custody to another member.
		CustodyOffered {
			/// The battery id.
			battery: BatteryId,
			/// The custodian.
			from: T::AccountId,
			/// The member that may accept.
			to: T::AccountId,
			/// Last block at which the offer can be accepted.
			expires_at: BlockNumberFor<T>,
		},
		/// A custody offer was withdrawn or declined.
		CustodyOfferCancelled {
			/// The battery id.
			battery: BatteryId,
			/// Who cancelled it (the offering custodian or the recipient).
			by: T::AccountId,
		},
		/// Custody of a battery moved.
		CustodyTransferred {
			/// The battery id.
			battery: BatteryId,
			/// Previous custodian.
			from: T::AccountId,
			/// New custodian.
			to: T::AccountId,
		},
		/// A battery moved to a new lifecycle status.
		StatusChanged {
			/// The battery id.
			battery: BatteryId,
			/// Previous status.
			from: BatteryStatus,
			/// New status.
			to: BatteryStatus,
			/// The account that authored the transition.
			by: T::AccountId,
		},
		/// An operator assigned an in-service battery to a user.
		UserAssigned {
			/// The battery id.
			battery: BatteryId,
			/// The operator (custodian).
			operator: T::AccountId,
			/// The user.
			user: T::AccountId,
		},
		/// An operator ended a user's assignment; the running mode returned to `Normal` (its sealed
		/// record left the state).
		UserUnassigned {
			/// The battery id.
			battery: BatteryId,
			/// The operator (custodian).
			operator: T::AccountId,
			/// The former user.
			user: T::AccountId,
		},
		/// The assigned user chose a running mode, sealed for the Usage scope (the operator's
		/// systems open and apply it).
		RunningModeSet {
			/// The battery id.
			battery: BatteryId,
			/// The user.
			user: T::AccountId,
			/// The new mode, sealed.
			mode: UsageEnvelope,
		},
		/// An operator recorded maintenance. The chain keeps the latest `MaxMaintenanceRecords`;
		/// this event is the permanent record (its details sealed).
		MaintenanceRecorded {
			/// The battery id.
			battery: BatteryId,
			/// The record.
			record: MaintenanceRecordOf<T>,
		},
		/// An accident was recorded on a battery (by another pallet: an impact over the
		/// threshold during a shipment). The chain keeps the latest `MaxAccidentRecords`; this
		/// event is the permanent record.
		AccidentRecorded {
			/// The battery id.
			battery: BatteryId,
			/// The record.
			record: AccidentRecord<BlockNumberFor<T>>,
		},
		/// A reader in scope wrapped the data key of a maintenance record for more readers.
		MaintenanceAccessGranted {
			/// The battery id.
			battery: BatteryId,
			/// Index of the record.
			index: u32,
			/// Who granted.
			by: T::AccountId,
			/// The reader keys added (their wrapped keys are in the stored record).
			readers: GrantedReaders,
		},
		/// An Authority froze a battery.
		Frozen {
			/// The battery id.
			battery: BatteryId,
			/// The Authority.
			authority: T::AccountId,
		},
		/// An Authority unfroze a battery.
		Unfrozen {
			/// The battery id.
			battery: BatteryId,
			/// The Authority.
			authority: T::AccountId,
		},
		/// A recycler registered a second-life passport linked to its predecessor (which closed).
		SecondLifeRegistered {
			/// The new battery id.
			battery: BatteryId,
			/// The predecessor's id.
			predecessor: BatteryId,
			/// Kind of second life.
			kind: SecondLife,
			/// The recycler.
			recycler: T::AccountId,
		},
		/// A registration stored its batteries as one lot (after their `BatteryRegistered`).
		LotRegistered {
			/// The lot's number (key of `Lots`).
			lot: LotId,
			/// The manufacturer.
			manufacturer: T::AccountId,
			/// Number of batteries.
			size: u32,
		},
	}

	/// Errors of the battery pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is not an active consortium member (nor a registered user).
		NotMember,
		/// The account's membership (or, for a user, every operator that registered it) is
		/// suspended.
		MemberSuspended,
		/// The account does not hold the role the call needs.
		MissingRole,
		/// The battery id is neither a 24-character GB/T 34014 code nor a GS1 id `(01)…(21)…`.
		UnknownIdFormat,
		/// The 24-character id is not a valid GB/T 34014 code (characters `0-9A-Z`, product type
		/// `P`/`M`/`C`, month code `1-9ABC`).
		InvalidGbtCode,
		/// The GS1 id does not have 14 GTIN digits followed by `(21)`.
		InvalidGtin,
		/// The GTIN-14 check digit is wrong.
		GtinCheckDigit,
		/// The GS1 serial is empty, longer than 20 characters or outside character set 82.
		InvalidSerial,
		/// The model designation is empty.
		EmptyModel,
		/// The model or manufacturing place is not UTF-8.
		InvalidText,
		/// The date does not exist or lies outside 1970 to 9999.
		InvalidDate,
		/// A rating of the factory data is zero.
		ZeroRating,
		/// The voltages are not ordered minimum <= nominal <= maximum.
		InvalidVoltageRange,
		/// The registration lists no battery.
		EmptyBatch,
		/// The registration lists the same id twice.
		DuplicateId,
		/// A battery with this id is already registered.
		AlreadyRegistered,
		/// No battery is registered under this id.
		UnknownBattery,
		/// The caller is not the battery's manufacturer.
		NotManufacturer,
		/// The caller is not the battery's custodian.
		NotCustodian,
		/// The battery is frozen by an Authority.
		BatteryFrozen,
		/// The battery is already frozen.
		AlreadyFrozen,
		/// The battery is not frozen.
		NotFrozen,
		/// The passport is closed (recycled, or succeeded by a second-life passport).
		PassportClosed,
		/// The lifecycle has no transition from the current status to the requested one.
		IllegalTransition,
		/// Repurposed, re-used and remanufactured need a new passport: use
		/// `register_second_life`.
		SuccessorRequired,
		/// The battery is assigned to a user; the operator must unassign it first.
		StillAssigned,
		/// The tag UID is shorter than 4 or longer than 16 bytes.
		InvalidTagUid,
		/// The tag UID is bound to another battery.
		TagAlreadyBound,
		/// The signer is neither the manufacturer nor one of its registered signing keys.
		UnknownSigner,
		/// The signature does not verify over (UID, battery id, factory hash).
		BadSignature,
		/// The key is already registered (by this or another member).
		SigningKeyInUse,
		/// A member's own account signs without registration.
		SigningKeyIsSelf,
		/// The member already has `MaxSigningKeys` signing keys.
		TooManySigningKeys,
		/// The key is not registered for the caller.
		UnknownSigningKey,
		/// The recipient is not an active consortium member.
		RecipientNotMember,
		/// The recipient already holds the battery.
		AlreadyCustodian,
		/// No custody offer is pending for the battery.
		NoCustodyOffer,
		/// The caller is not the account the custody offer was made to.
		NotOfferRecipient,
		/// The custody offer has expired.
		OfferExpired,
		/// Only the offering custodian or the recipient may cancel a custody offer.
		NotOfferParty,
		/// The battery is not in service.
		NotInService,
		/// The user is not registered by the calling operator.
		NotUserOfOperator,
		/// The battery is already assigned to a user.
		AlreadyAssigned,
		/// The battery is not assigned to a user.
		NotAssigned,
		/// The caller is not the user the battery is assigned to.
		NotAssignedUser,
		/// A counter would overflow.
		CounterOverflow,
		/// The envelope names another battery or data category than the record it is written for.
		EnvelopeMismatch,
		/// The envelope's inline ciphertext is shorter than salt and tag, or its off-chain
		/// reference is empty.
		MalformedEnvelope,
		/// The envelope or grant lists a reader key twice.
		DuplicateRecipient,
		/// A reader in scope (or the author) has no wrapped key in the envelope (see the
		/// `sealingKeys` runtime API for the exact set).
		MissingRecipient,
		/// The envelope or grant wraps the data key for a key that is not in scope.
		UnexpectedRecipient,
		/// Nobody in scope, nor the author, has registered a reader key: nobody could open the
		/// record.
		NoRecipients,
		/// The grant adds a reader that already has a wrapped key.
		AlreadyRecipient,
		/// The grant adds nobody.
		EmptyGrant,
		/// The record would carry more wrapped keys than `MAX_SEALED_READERS`.
		TooManyRecipients,
		/// The caller is not in scope for this data of this battery.
		NotInScope,
		/// No record with this index is kept on chain for the battery.
		UnknownRecord,
		/// The caller holds no key the record is sealed to (nor, as an Authority member, the
		/// Authority's): it cannot have opened the record, so it may not grant it.
		NotRecipient,
		/// The battery is in an open shipment (pallet-logistics): its custody moves with it.
		InShipment,
		/// The recycler's steps (to `WithRecycler`, `Waste`, `Recycled`, a second life) go
		/// through the recycling pallet's commission, handover, assessment and certification.
		ThroughRecycling,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBatchSize::get() > 0, "MaxBatchSize must be positive");
			assert!(T::MaxSigningKeys::get() > 0, "MaxSigningKeys must be positive");
			assert!(T::MaxMaintenanceRecords::get() > 0, "MaxMaintenanceRecords must be positive");
			assert!(T::MaxAccidentRecords::get() > 0, "MaxAccidentRecords must be positive");
			assert!(
				T::CustodyOfferTimeout::get() > Zero::zero(),
				"CustodyOfferTimeout must be positive"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the batteries `ids`, all with the same `factory` data (one model, place and
		/// date), as manufactured, with the caller as manufacturer and custodian. All or none are
		/// registered.
		///
		/// The batteries are stored as one lot ([`Lots`]): a battery's own record is written at
		/// its first change, so a lot costs a write per id stem (the id without its last byte;
		/// consecutive serial numbers share stems) instead of two per battery.
		///
		/// Origin: signed by an active Manufacturer. Emits [`Event::BatteryRegistered`] per id.
		///
		/// Weight: O(number of ids + number of distinct id stems), at most
		/// [`Config::MaxBatchSize`] each.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::registration_weight(ids))]
		pub fn register_batteries(
			origin: OriginFor<T>,
			factory: FactoryData,
			ids: BatchOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_batteries(who, factory, ids)
		}

		/// Bind the tag `uid` to `battery`: `ndef_hash` is the BLAKE2b-256 of the tag's NDEF
		/// message, `signature` the signature of `signer` over
		/// `tag_signing_payload(uid, battery, factory hash)`. `signer` must be the caller or one of
		/// its signing keys. A tag bound before is replaced.
		///
		/// Origin: signed by the battery's manufacturer, active with the Manufacturer role (the
		/// Recycler role for a second-life passport). Emits [`Event::TagBound`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bind_tag())]
		pub fn bind_tag(
			origin: OriginFor<T>,
			battery: BatteryId,
			uid: TagUid,
			ndef_hash: Hash32,
			signer: T::AccountId,
			signature: T::Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bind_tag(who, battery, uid, ndef_hash, signer, signature)
		}

		/// Register `key` as a tag-signing key of the caller (e.g. a production-line key).
		///
		/// Origin: signed by an active Manufacturer or Recycler. Emits
		/// [`Event::SigningKeyAdded`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_signing_key())]
		pub fn add_signing_key(origin: OriginFor<T>, key: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_signing_key(who, key)
		}

		/// Remove the caller's signing key `key`. Tags it signed stay bound.
		///
		/// Origin: signed by the key's owner. Emits [`Event::SigningKeyRemoved`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_signing_key())]
		pub fn remove_signing_key(origin: OriginFor<T>, key: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_signing_key(who, key)
		}

		/// Offer custody of `battery` to the member `to`, acceptable for
		/// [`Config::CustodyOfferTimeout`] blocks. Replaces a pending offer.
		///
		/// Origin: signed by the custodian (an active member). Emits [`Event::CustodyOffered`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::offer_custody())]
		pub fn offer_custody(
			origin: OriginFor<T>,
			battery: BatteryId,
			to: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_custody(who, battery, to)
		}

		/// Accept the custody offer for `battery`: the caller becomes the custodian.
		///
		/// Origin: signed by the account the offer was made to, before it expires. Emits
		/// [`Event::CustodyTransferred`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::accept_custody())]
		pub fn accept_custody(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_custody(who, battery)
		}

		/// Withdraw (custodian) or decline (recipient) the custody offer for `battery`,
		/// expired or not.
		///
		/// Origin: signed by the offering custodian or the recipient. Emits
		/// [`Event::CustodyOfferCancelled`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel_custody_offer())]
		pub fn cancel_custody_offer(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_custody_offer(who, battery)
		}

		/// Move `battery` to status `to` (see [`BatteryStatus::transition_role`]).
		///
		/// Origin: signed by the custodian holding the single role allowed for the transition.
		/// The battery must not be frozen or assigned. With [`Config::EndOfLifeByRecycling`],
		/// the recycler's steps go through the recycling pallet instead
		/// ([`Error::ThroughRecycling`]). Emits [`Event::StatusChanged`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::transition().max(T::WeightInfo::transition_first_change()))]
		pub fn transition(
			origin: OriginFor<T>,
			battery: BatteryId,
			to: BatteryStatus,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			// A legal step of the recycler's, when a recycling pallet drives them (an illegal
			// one keeps its own error).
			let recycler_step = matches!(
				to,
				BatteryStatus::WithRecycler | BatteryStatus::Waste | BatteryStatus::Recycled
			);
			if recycler_step && T::EndOfLifeByRecycling::get() {
				let legal = Self::record(&battery)
					.is_some_and(|record| record.status.transition_role(to).is_some());
				ensure!(!legal, Error::<T>::ThroughRecycling);
			}
			Self::do_transition(&who, &battery, to)
		}

		/// Assign the in-service `battery` to `user`, a user the caller registered. This
		/// widens the user's read scope to the battery.
		///
		/// Origin: signed by an active Operator that is the custodian. Emits
		/// [`Event::UserAssigned`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::assign_user())]
		pub fn assign_user(
			origin: OriginFor<T>,
			battery: BatteryId,
			user: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_assign_user(who, battery, user)
		}

		/// End the assignment of `battery`; its running mode returns to `Normal`.
		///
		/// Origin: signed by an active Operator that is the custodian. Emits
		/// [`Event::UserUnassigned`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::unassign_user())]
		pub fn unassign_user(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unassign_user(who, battery)
		}

		/// Choose the running mode of `battery`: `mode` seals the SCALE-encoded `RunningMode` (one
		/// byte, its codec index, optionally followed by operator-specific settings) for exactly
		/// the battery's Usage scope, the Authority and the caller (`sealingKeys`). The chain checks
		/// the envelope's subject, shape and recipients, never the mode itself.
		///
		/// Origin: signed by the user the battery is assigned to (still registered by an active
		/// operator). Emits [`Event::RunningModeSet`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_running_mode())]
		pub fn set_running_mode(
			origin: OriginFor<T>,
			battery: BatteryId,
			mode: UsageEnvelope,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_running_mode(who, battery, mode)
		}

		/// Record maintenance of `battery`: the `date` of the work, its `kind` (both public) and
		/// its `details`, sealed for exactly the readers of the battery's Maintenance scope, the
		/// Authority and the caller (the `sealingKeys` runtime API lists those keys). The chain
		/// checks the envelope's subject, shape and recipients, never its plaintext. It keeps the
		/// latest [`Config::MaxMaintenanceRecords`] and a count.
		///
		/// Origin: signed by an active Operator that is the custodian. Emits
		/// [`Event::MaintenanceRecorded`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::add_maintenance())]
		pub fn add_maintenance(
			origin: OriginFor<T>,
			battery: BatteryId,
			date: Date,
			kind: MaintenanceKind,
			details: MaintenanceEnvelope,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_maintenance(who, battery, date, kind, details)
		}

		/// Freeze `battery`: no transition, custody change, assignment, tag binding or
		/// running-mode change until unfrozen.
		///
		/// Origin: signed by an active Authority. Emits [`Event::Frozen`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::freeze())]
		pub fn freeze(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_frozen(who, battery, true)
		}

		/// Unfreeze `battery`.
		///
		/// Origin: signed by an active Authority. Emits [`Event::Unfrozen`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::unfreeze())]
		pub fn unfreeze(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_frozen(who, battery, false)
		}

		/// Register the second-life passport `battery` with its `factory` data for the battery
		/// `predecessor` (held `WithRecycler` by the caller). The predecessor closes with the
		/// status of `kind`; the new passport starts as manufactured, with the caller as
		/// manufacturer and custodian and a link to its predecessor.
		///
		/// Origin: signed by an active Recycler that is the predecessor's custodian. With
		/// [`Config::EndOfLifeByRecycling`], a second life needs the recycling pallet's
		/// certification instead ([`Error::ThroughRecycling`]). Emits
		/// [`Event::BatteryRegistered`], [`Event::StatusChanged`] (predecessor) and
		/// [`Event::SecondLifeRegistered`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::register_second_life())]
		pub fn register_second_life(
			origin: OriginFor<T>,
			predecessor: BatteryId,
			kind: SecondLife,
			battery: BatteryId,
			factory: FactoryData,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!T::EndOfLifeByRecycling::get(), Error::<T>::ThroughRecycling);
			Self::do_register_second_life(who, predecessor, kind, battery, factory)
		}

		/// Give readers who entered the Maintenance scope of `battery` (a new user, a
		/// commissioned recycler, a reader who registered its key late) access to the kept record
		/// `index`: `wraps` holds the record's data key wrapped for each of them. Every wrap must
		/// be for a key in scope now that the record does not list yet. What a reader once
		/// opened cannot be taken back; a reader who leaves the scope gets no key for new records.
		///
		/// A wrap for a key whose account already has another key on the record is refused,
		/// except from that account itself re-wrapping for its rotated key (the old wrap is then
		/// replaced): at most one wrap per account.
		///
		/// Origin: signed by an account in the battery's Maintenance scope that is a reader of
		/// the record (one of its kept reader keys is on it; an Authority member, when the
		/// Authority's current key is). Emits [`Event::MaintenanceAccessGranted`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::grant_maintenance())]
		pub fn grant_maintenance(
			origin: OriginFor<T>,
			battery: BatteryId,
			index: u32,
			wraps: GrantOf,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant_maintenance(who, battery, index, wraps)
		}
	}
}
