//! The consortium trust model shared by every battery-chain pallet, the runtime and the node.
//!
//! `pallet-consortium` owns the state (members, roles, users, device keys and the data-scope
//! matrix); everything here is the vocabulary other crates use to talk about it without reading
//! that pallet's storage:
//!
//! - [`Role`] and [`RoleSet`]: the seven roles of `DESIGN.md` ("Roles and what each may see") and a
//!   compact set of them (an account may hold several roles).
//! - [`DataCategory`]: the categories of battery data, with [`DataCategory::default_readers`]
//!   giving the default row of the data-scope matrix.
//! - [`DeviceKind`], [`DeviceInfo`] and [`DeviceRecord`]: IoT device keys bound to a subject.
//! - [`ConsortiumInspect`]: the read interface other pallets are configured with.
//! - [`BatteryScope`]: the hook other pallets (pallet-battery, pallet-recycling) fill in so that
//!   a role reads only the batteries it is a party of ([`crate::scope`]).
//! - [`ConsortiumApi`]: the runtime API behind the `battery_*` consortium RPC methods.
//!
//! # Subjects and battery ids
//!
//! A device is bound to a *subject*: a battery id for a BMS gateway, a vehicle / shipment carrier
//! id for a collision sensor, a pile id for a charging-pile controller. All of them are opaque byte
//! strings of at most [`MAX_SUBJECT_LEN`] bytes ([`SubjectId`]). 64 bytes holds the longest battery
//! identifier in use: a GB/T 34014 code is 24 characters, a GS1 GTIN + serial with application
//! identifiers (`(01)` 14 digits `(21)` up to 20 characters) is at most 42, a VIN is 17. The
//! battery id used by [`ConsortiumInspect::can_read`] and [`BatteryScope`] is the same type
//! ([`BatteryId`]), so a BMS gateway's subject is directly the battery id other pallets key by.

mod role_set;

pub use role_set::RoleSet;

use crate::serde_helpers::{decimal, text};
use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{
	traits::{ConstU32, Get},
	BoundedVec,
};

/// Maximum length in bytes of a [`SubjectId`] (and so of a [`BatteryId`]).
pub const MAX_SUBJECT_LEN: u32 = 64;

/// An opaque identifier of the thing a device is bound to: a battery id, a vehicle / carrier id or
/// a charging-pile id. At most [`MAX_SUBJECT_LEN`] bytes.
pub type SubjectId = BoundedVec<u8, ConstU32<MAX_SUBJECT_LEN>>;

/// A battery identifier (GB/T 34014 code or GS1 GTIN + serial), as a [`SubjectId`].
pub type BatteryId = SubjectId;

/// Largest page any paged consortium query returns, whatever `limit` the caller asks for.
pub const MAX_PAGE_SIZE: u32 = 256;

/// A role in the battery consortium. An account may hold several roles ([`RoleSet`]).
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
pub enum Role {
	/// Registers batteries and their factory data, binds tags, creates shipment batches,
	/// commissions recyclers.
	#[codec(index = 0)]
	Manufacturer,
	/// Carrier: accepts transport agreements, writes route, checkpoints and collision events.
	#[codec(index = 1)]
	Logistics,
	/// Fleet / battery-swap operator: accepts deliveries, assigns batteries to users, registers
	/// BMS devices, writes maintenance, registers users.
	#[codec(index = 2)]
	Operator,
	/// Vehicle owner or driver, registered by an operator (never through an application).
	#[codec(index = 3)]
	User,
	/// Distributed energy trading station running charging piles.
	#[codec(index = 4)]
	EnergyStation,
	/// Secondary use and recycling.
	#[codec(index = 5)]
	Recycler,
	/// Auditor / notified body: certifies, may freeze a battery, reads everything.
	#[codec(index = 6)]
	Authority,
}

impl Role {
	/// Every role, in index order.
	pub const ALL: [Role; 7] = [
		Role::Manufacturer,
		Role::Logistics,
		Role::Operator,
		Role::User,
		Role::EnergyStation,
		Role::Recycler,
		Role::Authority,
	];

	/// The bit of this role in a [`RoleSet`].
	pub const fn bit(self) -> u16 {
		1u16 << (self as u16)
	}

	/// Whether an organisation may apply for this role. Users are registered by an operator
	/// instead.
	pub const fn is_applicable(self) -> bool {
		!matches!(self, Role::User)
	}

	/// Whether read access of this role depends on the battery (see [`crate::scope`]): every
	/// role but the Authority reads only the batteries it is a party of (its own as manufacturer,
	/// in its custody as operator or carrier, assigned as user, commissioned as recycler).
	pub const fn is_battery_scoped(self) -> bool {
		!matches!(self, Role::Authority)
	}
}

/// A category of battery data; the rows of the data-scope matrix.
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
pub enum DataCategory {
	/// Public passport fields (identity, nameplate, rated data): readable by anyone, member or
	/// not. Its scope cannot be changed.
	#[codec(index = 0)]
	Public,
	/// Factory data written once by the manufacturer.
	#[codec(index = 1)]
	Factory,
	/// Transport agreements, routes, checkpoints, collision events.
	#[codec(index = 2)]
	Logistics,
	/// Usage data: SOC / SOH, telemetry summaries.
	#[codec(index = 3)]
	Usage,
	/// Maintenance records.
	#[codec(index = 4)]
	Maintenance,
	/// Assessments, refurbishment and test reports of the recycler.
	#[codec(index = 5)]
	Refurbishment,
	/// Charging sessions and payments.
	#[codec(index = 6)]
	Charging,
}

impl DataCategory {
	/// Every category, in index order.
	pub const ALL: [DataCategory; 7] = [
		DataCategory::Public,
		DataCategory::Factory,
		DataCategory::Logistics,
		DataCategory::Usage,
		DataCategory::Maintenance,
		DataCategory::Refurbishment,
		DataCategory::Charging,
	];

	/// The default readers of this category: the patent's scope figure as restated in
	/// `DESIGN.md` ("Roles and what each may see"), with the Authority reading everything and
	/// the operator reading the maintenance it writes (of the batteries in its custody only).
	///
	/// | category | roles |
	/// |---|---|
	/// | Public | everyone (every role; also non-members) |
	/// | Factory | Manufacturer, Operator, User, Recycler, Authority |
	/// | Logistics | Logistics, Operator, Authority |
	/// | Usage | Operator, User, Recycler, Authority |
	/// | Maintenance | Operator, User, Recycler, Authority |
	/// | Refurbishment | Manufacturer, Recycler, Authority |
	/// | Charging | EnergyStation, Authority |
	///
	/// Every role but the Authority reads only the batteries it is a party of
	/// ([`Role::is_battery_scoped`], [`crate::scope`]).
	pub const fn default_readers(self) -> RoleSet {
		use Role::*;
		let bits = match self {
			DataCategory::Public => RoleSet::ALL_BITS,
			DataCategory::Factory => {
				Manufacturer.bit() | Operator.bit() | User.bit() | Recycler.bit() | Authority.bit()
			},
			DataCategory::Logistics => Logistics.bit() | Operator.bit() | Authority.bit(),
			DataCategory::Usage => Operator.bit() | User.bit() | Recycler.bit() | Authority.bit(),
			DataCategory::Maintenance => {
				Operator.bit() | User.bit() | Recycler.bit() | Authority.bit()
			},
			DataCategory::Refurbishment => Manufacturer.bit() | Recycler.bit() | Authority.bit(),
			DataCategory::Charging => EnergyStation.bit() | Authority.bit(),
		};
		RoleSet(bits)
	}
}

/// The kind of an IoT device key.
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
pub enum DeviceKind {
	/// Battery-management-system gateway; its subject is a battery id. Owned by an Operator.
	#[codec(index = 0)]
	BmsGateway,
	/// Collision / acceleration sensor; its subject is a vehicle or shipment carrier id. Owned by
	/// a Logistics member.
	#[codec(index = 1)]
	CollisionSensor,
	/// Charging-pile controller; its subject is a pile id. Owned by an EnergyStation.
	#[codec(index = 2)]
	PileController,
}

impl DeviceKind {
	/// The role a member must hold (and keep, while the device is active) to own a device of this
	/// kind.
	pub const fn owner_role(self) -> Role {
		match self {
			DeviceKind::BmsGateway => Role::Operator,
			DeviceKind::CollisionSensor => Role::Logistics,
			DeviceKind::PileController => Role::EnergyStation,
		}
	}
}

/// Status of an admitted member organisation.
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
pub enum MemberStatus {
	/// The member acts with all its roles.
	#[codec(index = 0)]
	Active,
	/// The member is suspended: it holds its roles but every role check fails until it is
	/// resumed; its devices and the users it registered are inactive meanwhile.
	#[codec(index = 1)]
	Suspended,
}

/// Why a role check of [`ConsortiumInspect::check_role`] failed. Pallets map it to their own
/// typed errors.
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
pub enum RoleCheckError {
	/// The account is neither a member nor a registered user.
	NotMember,
	/// The account is a member but suspended (for the User role: no active operator registers
	/// it).
	Suspended,
	/// The account is an active member without the requested role.
	MissingRole,
}

/// An active device as other pallets see it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DeviceInfo<AccountId> {
	/// Kind of the device.
	pub kind: DeviceKind,
	/// The member that registered (owns) the device.
	pub owner: AccountId,
	/// What the device is bound to (battery, vehicle / carrier, pile).
	pub subject: SubjectId,
}

/// A registered device as stored by `pallet-consortium` and returned by [`ConsortiumApi`].
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
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct DeviceRecord<AccountId, Balance, BlockNumber> {
	/// Kind of the device.
	pub kind: DeviceKind,
	/// The member that registered (owns) the device.
	pub owner: AccountId,
	/// What the device is bound to (battery, vehicle / carrier, pile).
	#[serde(with = "text")]
	pub subject: SubjectId,
	/// Deposit held from the owner while the device is registered.
	#[serde(with = "decimal")]
	pub deposit: Balance,
	/// Block at which the device was registered.
	pub registered_at: BlockNumber,
}

/// Read interface of the consortium for other pallets. The runtime wires it to
/// `pallet_consortium::Pallet<Runtime>`; no pallet reads the consortium's storage directly.
///
/// Every answer is about *active* standing: a suspended member holds no role, a removed one
/// nothing, a user holds [`Role::User`] only while at least one active operator registers it, and
/// a device is active only while its owner is an active member with the role its kind needs.
pub trait ConsortiumInspect<AccountId> {
	/// Whether `who` currently holds `role` (active members; for [`Role::User`], registered by at
	/// least one active operator).
	fn has_role(who: &AccountId, role: Role) -> bool {
		Self::check_role(who, role).is_ok()
	}

	/// Like [`Self::has_role`], but says why not.
	fn check_role(who: &AccountId, role: Role) -> Result<(), RoleCheckError>;

	/// The roles `who` currently holds (empty when suspended or unknown).
	fn roles(who: &AccountId) -> RoleSet;

	/// Whether `user` is registered by `operator` and `operator` is an active Operator.
	fn is_user_of(operator: &AccountId, user: &AccountId) -> bool;

	/// The active device registered under `device`, if any.
	fn device(device: &AccountId) -> Option<DeviceInfo<AccountId>>;

	/// If `device` is an active device of `kind` bound to `subject`, its owner.
	fn is_device_for(
		device: &AccountId,
		kind: DeviceKind,
		subject: &SubjectId,
	) -> Option<AccountId> {
		Self::device(device)
			.filter(|info| info.kind == kind && &info.subject == subject)
			.map(|info| info.owner)
	}

	/// Whether `who` may read `category` of `battery`: [`DataCategory::Public`] for anyone,
	/// otherwise `who` is one of the battery's parties the category's row names, or an active
	/// Authority member while the Authority is in the row (see [`crate::scope`]).
	fn can_read(who: &AccountId, battery: &BatteryId, category: DataCategory) -> bool;

	/// The reader key new records for `who` are sealed to: its current key, while it holds an
	/// active role (a suspended or removed account gets none).
	fn reader_key(who: &AccountId) -> Option<crate::sealed::ReaderPublicKey>;

	/// The Authority's reader key, set by the approval origin: every confidential record is
	/// sealed to it too.
	fn authority_reader_key() -> Option<crate::sealed::ReaderPublicKey>;

	/// Every reader key of `who` still kept: the current one and the retired ones (whatever
	/// `who`'s roles now). Records sealed to any of them are records `who` can open.
	fn reader_keys_of(who: &AccountId) -> Vec<crate::sealed::ReaderPublicKey>;

	/// The account a reader key belongs to (current or kept), if any.
	fn reader_key_owner(key: &crate::sealed::ReaderPublicKey) -> Option<AccountId>;

	/// The reader keys a record of named parties carries (a shipment's sender, carrier and
	/// recipient; a session's payer and station): the current key of each party that has one
	/// and the Authority's, each once, sorted.
	fn party_keys<'a>(
		parties: impl IntoIterator<Item = &'a AccountId>,
	) -> Vec<crate::sealed::ReaderPublicKey>
	where
		AccountId: 'a,
	{
		let mut keys: Vec<_> = parties
			.into_iter()
			.filter_map(Self::reader_key)
			.chain(Self::authority_reader_key())
			.collect();
		keys.sort();
		keys.dedup();
		keys
	}

	/// The reader keys a new record of `category` about `battery` by `author` must be sealed to
	/// (see [`crate::scope::sealing_keys`]; without `author`, the keys of the scope alone: who
	/// a grant may add). `None`: the battery is not registered.
	fn sealing_keys(
		battery: &BatteryId,
		category: DataCategory,
		author: Option<&AccountId>,
	) -> Option<Vec<crate::sealed::ReaderPublicKey>>;
}

/// Battery-dependent part of the data scope: the parties of a battery the matrix's roles resolve
/// to (see [`crate::scope`]), filled in by the pallet that keeps batteries (pallet-battery) and,
/// for the commissioned recycler, the recycling pallet.
///
/// The `()` implementation knows no battery: nobody but the Authority reads battery data.
pub trait BatteryScope<AccountId, BatteryId> {
	/// The parties of `battery` (`None`: not registered).
	fn parties(battery: &BatteryId) -> Option<crate::scope::BatteryParties<AccountId>>;
}

impl<AccountId, BatteryId> BatteryScope<AccountId, BatteryId> for () {
	fn parties(_: &BatteryId) -> Option<crate::scope::BatteryParties<AccountId>> {
		None
	}
}

/// Why a member may not bind a device to a subject.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BindingError {
	/// Nothing is registered under the subject id (e.g. no battery for a BMS gateway).
	UnknownSubject,
	/// The owner does not operate the subject (for a BMS gateway: it is not the battery's
	/// custodian).
	NotSubjectOperator,
}

/// Who may bind a device of a kind to a subject, answered by the pallets that keep the subjects
/// (pallet-battery for BMS gateways). The consortium asks it before registering a device.
///
/// The `()` implementation accepts every binding (a runtime without subject registries).
pub trait DeviceBinding<AccountId> {
	/// Whether `owner` may bind a device of `kind` to `subject`.
	fn check_binding(
		owner: &AccountId,
		kind: DeviceKind,
		subject: &SubjectId,
	) -> Result<(), BindingError>;
}

impl<AccountId> DeviceBinding<AccountId> for () {
	fn check_binding(_: &AccountId, _: DeviceKind, _: &SubjectId) -> Result<(), BindingError> {
		Ok(())
	}
}

/// Something a member still holds that its removal or suspension would strand.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Obligation {
	/// It is the custodian of at least one battery (no one else could move it).
	Batteries,
	/// It registered estimator keys (their deposits are held from it).
	EstimatorKeys,
}

impl Obligation {
	/// Whether suspending the member would strand this obligation. A suspended member's devices,
	/// users and estimator keys are only paused (they work again when it is resumed); its
	/// batteries could not be moved by anyone while it is suspended.
	pub const fn blocks_suspension(self) -> bool {
		matches!(self, Obligation::Batteries)
	}
}

/// What other pallets know a member still holds, so the consortium refuses to remove (or
/// suspend) it. Tuples ask each element in turn; `()` knows of nothing.
pub trait MemberObligations<AccountId> {
	/// The first obligation `who` still has, if any.
	fn obligation(who: &AccountId) -> Option<Obligation>;

	/// The first obligation of `who` that also blocks a suspension, if any. The default suits
	/// an implementation that reports one kind of obligation.
	fn suspension_obligation(who: &AccountId) -> Option<Obligation> {
		Self::obligation(who).filter(|obligation| obligation.blocks_suspension())
	}
}

impl<AccountId> MemberObligations<AccountId> for () {
	fn obligation(_: &AccountId) -> Option<Obligation> {
		None
	}
}

impl<AccountId, A, B> MemberObligations<AccountId> for (A, B)
where
	A: MemberObligations<AccountId>,
	B: MemberObligations<AccountId>,
{
	fn obligation(who: &AccountId) -> Option<Obligation> {
		A::obligation(who).or_else(|| B::obligation(who))
	}
	fn suspension_obligation(who: &AccountId) -> Option<Obligation> {
		A::suspension_obligation(who).or_else(|| B::suspension_obligation(who))
	}
}

macro_rules! getters {
	($ty:ident: $($(#[$doc:meta])* $name:ident => $variant:ident),* $(,)?) => {
		$(
			$(#[$doc])*
			pub struct $name;
			impl Get<$ty> for $name {
				fn get() -> $ty {
					$ty::$variant
				}
			}
		)*
	};
}

getters! { Role:
	/// `Get<Role>` for [`Role::Manufacturer`] (e.g. `EnsureMember<Runtime, ManufacturerRole>`).
	ManufacturerRole => Manufacturer,
	/// `Get<Role>` for [`Role::Logistics`].
	LogisticsRole => Logistics,
	/// `Get<Role>` for [`Role::Operator`].
	OperatorRole => Operator,
	/// `Get<Role>` for [`Role::User`].
	UserRole => User,
	/// `Get<Role>` for [`Role::EnergyStation`].
	EnergyStationRole => EnergyStation,
	/// `Get<Role>` for [`Role::Recycler`].
	RecyclerRole => Recycler,
	/// `Get<Role>` for [`Role::Authority`].
	AuthorityRole => Authority,
}

getters! { DeviceKind:
	/// `Get<DeviceKind>` for [`DeviceKind::BmsGateway`] (e.g. `EnsureDevice<Runtime, BmsGatewayKind>`).
	BmsGatewayKind => BmsGateway,
	/// `Get<DeviceKind>` for [`DeviceKind::CollisionSensor`].
	CollisionSensorKind => CollisionSensor,
	/// `Get<DeviceKind>` for [`DeviceKind::PileController`].
	PileControllerKind => PileController,
}

/// The public profile of a member organisation, as returned by [`ConsortiumApi`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
	/// Organisation name (UTF-8).
	#[serde(with = "text")]
	pub name: Vec<u8>,
	/// Registration / identity reference (company register number, LEI, DID, ...).
	#[serde(with = "text")]
	pub registration: Vec<u8>,
	/// Contact (e-mail, URL, phone).
	#[serde(with = "text")]
	pub contact: Vec<u8>,
}

/// A role granted to a member, as returned by [`ConsortiumApi`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct RoleGrantView<Balance, BlockNumber> {
	/// The role.
	pub role: Role,
	/// Deposit held for this role (zero for members seeded at genesis).
	#[serde(with = "decimal")]
	pub deposit: Balance,
	/// Block at which the role was granted.
	pub granted_at: BlockNumber,
}

/// A pending application, as returned by [`ConsortiumApi`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct ApplicationView<Balance, BlockNumber> {
	/// The role applied for.
	pub role: Role,
	/// The profile submitted with the application.
	pub profile: ProfileView,
	/// Deposit held for the application.
	#[serde(with = "decimal")]
	pub deposit: Balance,
	/// Block at which the application was submitted.
	pub submitted_at: BlockNumber,
}

/// Everything about a member organisation, as returned by [`ConsortiumApi::member`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct MemberView<Balance, BlockNumber> {
	/// Active or suspended.
	pub status: MemberStatus,
	/// The member's profile.
	pub profile: ProfileView,
	/// Roles granted (held whatever the status; they only act while `status` is active).
	pub roles: Vec<RoleGrantView<Balance, BlockNumber>>,
	/// Block at which the member was first admitted.
	pub member_since: BlockNumber,
	/// Number of users the member registered (as an Operator).
	pub user_count: u32,
	/// Number of devices the member registered.
	pub device_count: u32,
}

/// Standing of any account, as returned by [`ConsortiumApi::account`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(
	rename_all = "camelCase",
	bound(
		serialize = "AccountId: Serialize, Balance: core::fmt::Display, BlockNumber: Serialize",
		deserialize = "AccountId: Deserialize<'de>, Balance: core::str::FromStr, BlockNumber: Deserialize<'de>"
	)
)]
pub struct AccountView<AccountId, Balance, BlockNumber> {
	/// Roles the account holds right now (what [`ConsortiumInspect::roles`] answers).
	pub active_roles: Vec<Role>,
	/// The member record, if the account is an admitted organisation.
	pub member: Option<MemberView<Balance, BlockNumber>>,
	/// Operators that registered the account as a user (active or not).
	pub operators: Vec<AccountId>,
	/// Pending applications of the account.
	pub applications: Vec<ApplicationView<Balance, BlockNumber>>,
	/// The device record, if the account is a registered device key.
	pub device: Option<DeviceRecord<AccountId, Balance, BlockNumber>>,
}

/// One row of the data-scope matrix, as returned by [`ConsortiumApi::scope_matrix`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeRow {
	/// The data category.
	pub category: DataCategory,
	/// Roles that may read it.
	pub roles: Vec<Role>,
	/// Of those, the roles that read it only for batteries in their [`BatteryScope`].
	pub battery_scoped: Vec<Role>,
}

sp_api::decl_runtime_apis! {
	/// Consortium reads: membership, roles, devices and the data-scope matrix
	/// (`battery_consortium*` over JSON-RPC, or `state_call`).
	///
	/// Paged queries take the last key of the previous page (`start_after`) and a `limit` capped at
	/// [`MAX_PAGE_SIZE`]; a page shorter than the limit is the last one. Order is the storage
	/// order (hashed keys), stable while the set does not change.
	pub trait ConsortiumApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Standing of `who`: active roles, member record, operators, pending applications,
		/// device record.
		fn account(who: AccountId) -> AccountView<AccountId, Balance, BlockNumber>;
		/// The member record of `who`, if it is an admitted organisation.
		fn member(who: AccountId) -> Option<MemberView<Balance, BlockNumber>>;
		/// Roles `who` holds right now (empty for suspended or unknown accounts).
		fn roles(who: AccountId) -> Vec<Role>;
		/// Status of the member `who` (`None`: not a member).
		fn status(who: AccountId) -> Option<MemberStatus>;
		/// Accounts granted `role`, active or suspended (for `User`: accounts registered by at
		/// least one operator), one page.
		fn members_by_role(role: Role, start_after: Option<AccountId>, limit: u32) -> Vec<AccountId>;
		/// Number of accounts `members_by_role` pages over.
		fn member_count(role: Role) -> u32;
		/// Users registered by `operator`, one page.
		fn users_of(operator: AccountId, start_after: Option<AccountId>, limit: u32) -> Vec<AccountId>;
		/// Devices registered by `owner` with their records, one page.
		fn devices_of(
			owner: AccountId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<(AccountId, DeviceRecord<AccountId, Balance, BlockNumber>)>;
		/// The record of the device key `device` (active or not).
		fn device(device: AccountId) -> Option<DeviceRecord<AccountId, Balance, BlockNumber>>;
		/// The whole data-scope matrix, one row per category.
		fn scope_matrix() -> Vec<ScopeRow>;
		/// Whether `who` may read `category` of `battery` (see `ConsortiumInspect::can_read`);
		/// `false` for a battery id longer than [`MAX_SUBJECT_LEN`].
		fn can_read(who: AccountId, battery: Vec<u8>, category: DataCategory) -> bool;
		/// The reader keys a new record of `category` about `battery` by `author` must be sealed
		/// to, sorted (see `ConsortiumInspect::sealing_keys`); without `author`, the keys a
		/// grant may add. `None`: unknown battery or an id longer than [`MAX_SUBJECT_LEN`].
		fn sealing_keys(battery: Vec<u8>, category: DataCategory, author: Option<AccountId>) -> Option<Vec<crate::sealed::ReaderPublicKey>>;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn account_view_serialises_to_the_documented_json() {
		let profile = || ProfileView {
			name: b"Dave Fleet".to_vec(),
			registration: b"REG-D".to_vec(),
			contact: b"d@example.org".to_vec(),
		};
		let view: AccountView<u64, u128, u32> = AccountView {
			active_roles: alloc::vec![Role::Operator],
			member: Some(MemberView {
				status: MemberStatus::Active,
				profile: profile(),
				roles: alloc::vec![RoleGrantView {
					role: Role::Operator,
					deposit: u128::MAX,
					granted_at: 7,
				}],
				member_since: 7,
				user_count: 1,
				device_count: 2,
			}),
			operators: alloc::vec![],
			applications: alloc::vec![ApplicationView {
				role: Role::Recycler,
				profile: profile(),
				deposit: 5,
				submitted_at: 9,
			}],
			device: Some(DeviceRecord {
				kind: DeviceKind::BmsGateway,
				owner: 4,
				subject: SubjectId::truncate_from(b"03HPE0A2D000C7LB50000001".to_vec()),
				deposit: 1_000,
				registered_at: 3,
			}),
		};
		let json = serde_json::to_value(&view).unwrap();
		assert_eq!(
			json,
			serde_json::json!({
				"activeRoles": ["Operator"],
				"member": {
					"status": "Active",
					"profile": { "name": "Dave Fleet", "registration": "REG-D", "contact": "d@example.org" },
					"roles": [{
						"role": "Operator",
						"deposit": "340282366920938463463374607431768211455",
						"grantedAt": 7,
					}],
					"memberSince": 7,
					"userCount": 1,
					"deviceCount": 2,
				},
				"operators": [],
				"applications": [{
					"role": "Recycler",
					"profile": { "name": "Dave Fleet", "registration": "REG-D", "contact": "d@example.org" },
					"deposit": "5",
					"submittedAt": 9,
				}],
				"device": {
					"kind": "BmsGateway",
					"owner": 4,
					"subject": "03HPE0A2D000C7LB50000001",
					"deposit": "1000",
					"registeredAt": 3,
				},
			})
		);
		assert_eq!(serde_json::from_value::<AccountView<u64, u128, u32>>(json).unwrap(), view);
	}

	#[test]
	fn default_matrix_matches_design() {
		use DataCategory::*;
		let r = |c: DataCategory| c.default_readers().to_vec();
		assert_eq!(r(Public), Role::ALL.to_vec());
		assert_eq!(
			r(Factory),
			alloc::vec![
				Role::Manufacturer,
				Role::Operator,
				Role::User,
				Role::Recycler,
				Role::Authority
			]
		);
		assert_eq!(r(Logistics), alloc::vec![Role::Logistics, Role::Operator, Role::Authority]);
		assert_eq!(
			r(Usage),
			alloc::vec![Role::Operator, Role::User, Role::Recycler, Role::Authority]
		);
		assert_eq!(
			r(Maintenance),
			alloc::vec![Role::Operator, Role::User, Role::Recycler, Role::Authority]
		);
		assert_eq!(
			r(Refurbishment),
			alloc::vec![Role::Manufacturer, Role::Recycler, Role::Authority]
		);
		assert_eq!(r(Charging), alloc::vec![Role::EnergyStation, Role::Authority]);
	}
}
