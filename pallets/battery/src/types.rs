//! Storage records and type aliases of the pallet.

use crate::Config;
use battery_primitives::battery::{
	AccidentRecord, BatteryStatus, Hash32, Life, MaintenanceRecord, RunningModeRecord, TagUid,
};
use battery_primitives::consortium::BatteryId;
use battery_primitives::sealed::{ReaderPublicKey, WrappedKey, MAX_GRANT_READERS};
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::traits::ConstU32;
use frame_support::BoundedVec;
use scale_info::TypeInfo;

/// Block number type of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// The battery record as configured for the runtime.
pub type BatteryRecordOf<T> =
	BatteryRecord<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;

/// A tag binding as configured for the runtime.
pub type TagBindingOf<T> =
	TagBinding<<T as frame_system::Config>::AccountId, <T as Config>::Signature, BlockNumberOf<T>>;

/// A custody offer as configured for the runtime.
pub type CustodyOfferOf<T> = CustodyOffer<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;

/// A signing-key registration as configured for the runtime.
pub type SigningKeyOf<T> = SigningKey<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;

/// A maintenance record as configured for the runtime.
pub type MaintenanceRecordOf<T> =
	MaintenanceRecord<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;

/// A sealed running-mode record as configured for the runtime.
pub type RunningModeRecordOf<T> =
	RunningModeRecord<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;

/// The maintenance records kept on chain for one battery (the latest `MaxMaintenanceRecords`).
pub type MaintenanceLogOf<T> =
	BoundedVec<MaintenanceRecordOf<T>, <T as Config>::MaxMaintenanceRecords>;

/// The accidents of one battery as configured for the runtime.
pub type AccidentLogOf<T> = AccidentLog<BlockNumberOf<T>, <T as Config>::MaxAccidentRecords>;

/// The accidents of one battery: the total ever recorded and the latest few records.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(Max))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct AccidentLog<BlockNumber, Max: frame_support::traits::Get<u32>> {
	/// Number of accidents ever recorded (the next record's index).
	pub total: u32,
	/// The latest records, oldest first.
	pub records: BoundedVec<AccidentRecord<BlockNumber>, Max>,
}

impl<BlockNumber, Max: frame_support::traits::Get<u32>> Default for AccidentLog<BlockNumber, Max> {
	fn default() -> Self {
		Self { total: 0, records: BoundedVec::new() }
	}
}

/// The wrapped keys one grant adds.
pub type GrantOf = BoundedVec<WrappedKey, ConstU32<MAX_GRANT_READERS>>;

/// The reader keys one grant added (in its event).
pub type GrantedReaders = BoundedVec<ReaderPublicKey, ConstU32<MAX_GRANT_READERS>>;

/// The ids of one registration call.
pub type BatchOf<T> = BoundedVec<BatteryId, <T as Config>::MaxBatchSize>;

/// The mutable state of a registered battery. Its factory data is stored apart, under
/// `factory_hash`, and never changes.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct BatteryRecord<AccountId, BlockNumber> {
	/// The economic operator responsible for the passport: the manufacturer that registered the
	/// battery, or for a second life the recycler that registered the new passport. Only it binds
	/// tags.
	pub manufacturer: AccountId,
	/// Hash of the battery's factory data (key of `FactoryRecords`).
	pub factory_hash: Hash32,
	/// Lifecycle status.
	pub status: BatteryStatus,
	/// Block at which the battery entered `status`.
	pub status_since: BlockNumber,
	/// Block at which the passport was registered.
	pub registered_at: BlockNumber,
	/// Current custodian (the manufacturer at registration).
	pub custodian: AccountId,
	/// Frozen by an Authority: no transition, custody change, assignment or tag binding.
	pub frozen: bool,
	/// The user the battery is assigned to (only while in service). Its chosen running mode is
	/// sealed, in `RunningModes`.
	pub assigned_user: Option<AccountId>,
	/// Original or second life.
	pub life: Life,
	/// The passport this one succeeds (second life).
	pub predecessor: Option<BatteryId>,
	/// The passport that succeeds this one (second life); set when this one closes.
	pub successor: Option<BatteryId>,
}

/// The NFC / RFID tag bound to a battery.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct TagBinding<AccountId, Signature, BlockNumber> {
	/// UID of the tag.
	pub uid: TagUid,
	/// BLAKE2b-256 of the tag's NDEF message.
	pub ndef_hash: Hash32,
	/// The key that signed (the manufacturer's account or one of its signing keys).
	pub signer: AccountId,
	/// Signature over `tag_signing_payload(uid, battery id, factory hash)`.
	pub signature: Signature,
	/// Block at which the tag was bound.
	pub bound_at: BlockNumber,
}

/// A pending direct custody handover.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct CustodyOffer<AccountId, BlockNumber> {
	/// The custodian that made the offer.
	pub from: AccountId,
	/// The account that may accept it.
	pub to: AccountId,
	/// Last block at which it can be accepted.
	pub expires_at: BlockNumber,
}

/// A signing key registered by a manufacturer (or recycler) for tag signatures.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct SigningKey<AccountId, BlockNumber> {
	/// The member the key signs for.
	pub owner: AccountId,
	/// Block at which it was registered.
	pub added_at: BlockNumber,
}

/// Set-up the benchmarks need from the runtime: consortium roles (this pallet only reads them)
/// and a key that can sign tag payloads.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Signature> {
	/// Make `who` an active consortium member holding `role` (never `Role::User`).
	fn grant_role(who: &AccountId, role: battery_primitives::consortium::Role);
	/// Register `user` as a user of the active Operator `operator`.
	fn register_user(operator: &AccountId, user: &AccountId);
	/// An account whose key [`Self::sign`] can sign with.
	fn signer() -> AccountId;
	/// Sign `message` with the key of `signer` (an account from [`Self::signer`]); `None` if the
	/// key is not available.
	fn sign(signer: &AccountId, message: &[u8]) -> Option<Signature>;
	/// Most operators one user may have (the consortium's `MaxOperatorsPerUser`).
	fn max_operators_per_user() -> u32;
	/// Suspend the member `who`.
	fn suspend(who: &AccountId);
	/// Register `key` as the reader key of the member or user `who`.
	fn set_reader_key(who: &AccountId, key: ReaderPublicKey);
	/// Set the Authority's reader key.
	fn set_authority_reader_key(key: ReaderPublicKey);
}

/// Number of a lot ([`crate::Lots`]).
pub type LotId = u32;

/// The stem of a battery id: the id without its last byte ([`crate::LotMembers`]' key).
pub type IdStem = BoundedVec<u8, ConstU32<{ battery_primitives::consortium::MAX_SUBJECT_LEN - 1 }>>;

/// The lot members of one id stem: each member's last id byte and lot, sorted by the byte (one
/// member per byte value, so at most 256).
pub type StemMembers = BoundedVec<(u8, LotId), ConstU32<256>>;

/// Batteries registered together by one `register_batteries` call: what they share while none
/// of them changed. A member's own record ([`crate::Batteries`]) is written at its first change;
/// until then its record is the one the lot implies (status `Manufactured` since registration,
/// its manufacturer the custodian, not frozen, unassigned, first life).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Lot<AccountId, BlockNumber> {
	/// The manufacturer that registered the lot.
	pub manufacturer: AccountId,
	/// Hash of the members' factory data.
	pub factory_hash: Hash32,
	/// Block of the registration.
	pub registered_at: BlockNumber,
	/// Number of members.
	pub size: u32,
	/// Members whose own record is not written yet.
	pub unchanged: u32,
}

/// The lot record as configured for the runtime.
pub type LotOf<T> = Lot<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;
