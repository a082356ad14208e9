//! # Consortium Pallet
//!
//! The trust model of battery-chain: who belongs to the battery consortium, in which roles, which
//! IoT device keys act for whom, and which roles may read which category of battery data.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the [`Config`], the dispatchables ([`Call`]), [`Event`]s,
//! [`Error`]s and storage items. Other pallets never read this pallet's storage: the runtime hands
//! them [`Pallet`] as a [`ConsortiumInspect`] implementation, and the [`EnsureMember`] /
//! [`EnsureDevice`] origins.
//!
//! ## Overview
//!
//! ### Terminology
//!
//! - **Role**: Manufacturer, Logistics, Operator, User, EnergyStation, Recycler, Authority
//!   ([`Role`]). An account may hold several roles.
//! - **Member**: an organisation admitted for at least one role through an application approved by
//!   [`Config::ApprovalOrigin`]. A member is *active* or *suspended*; a suspended member keeps its
//!   roles but every role check fails, so its calls here and in other pallets are refused.
//! - **User**: an account registered by one or more operators. It holds [`Role::User`] while at
//!   least one of those operators is an active Operator. Users never apply.
//! - **Device**: an IoT key (BMS gateway, collision sensor, charging-pile controller) registered by
//!   the member that owns it and bound to a subject (battery, vehicle / carrier, pile). A device is
//!   active while its owner is an active member holding the role its kind needs
//!   ([`DeviceKind::owner_role`]).
//! - **Data-scope matrix**: for each [`DataCategory`] the set of roles that may read it, defaulting
//!   to [`DataCategory::default_readers`] (the table in `docs/design.md`, "Data categories and
//!   who may read them"). User and Recycler read only batteries in their [`BatteryScope`] (filled
//!   in by the battery and recycling pallets).
//!
//! ### Deposits
//!
//! All deposits are fungible holds, so they never leave the depositor's account until released
//! or slashed:
//! - [`Config::ApplicationDeposit`] is held from an applicant ([`HoldReason::MembershipDeposit`]);
//!   it is returned on withdrawal or rejection, or slashed to [`Config::Slashed`] when the approval
//!   origin rejects spam; on approval it stays held for the role until the member is removed (then
//!   returned or slashed).
//! - [`Config::UserDeposit`] is held from the operator per user it registers
//!   ([`HoldReason::UserDeposit`]), returned when the user is removed.
//! - [`Config::DeviceDeposit`] is held from the owner per device ([`HoldReason::DeviceDeposit`]),
//!   returned when the device is revoked.
//!
//! ### Interface
//!
//! Permissionless: [`Pallet::apply_for_role`], [`Pallet::withdraw_application`].
//!
//! Members: [`Pallet::update_profile`], [`Pallet::register_user`] / [`Pallet::remove_user`]
//! (Operators), [`Pallet::register_device`] / [`Pallet::revoke_device`] (device owners).
//!
//! Approval origin: [`Pallet::approve_application`], [`Pallet::reject_application`],
//! [`Pallet::suspend_member`], [`Pallet::resume_member`], [`Pallet::remove_member`],
//! [`Pallet::force_remove_user`], [`Pallet::force_register_device`], [`Pallet::revoke_device`],
//! [`Pallet::set_scope`].
//!
//! Reads: [`ConsortiumInspect`] for pallets, the `ConsortiumApi` runtime API for clients (served by
//! the functions in [`queries`]).
//!
//! ## Low Level / Implementation Details
//!
//! `lib.rs` only holds the FRAME sections and thin dispatchables; the logic is in
//! [`membership`], [`users`], [`devices`], [`scope`], the origins in [`origins`], the trait
//! implementation in [`impl_inspect`], the runtime API helpers in [`queries`] and the genesis
//! build in [`genesis`]. No call iterates storage an account can grow: every relation has a
//! reverse index and a counter, and a member can only be removed once it has no users and no
//! devices left.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod deposits;
pub mod devices;
pub mod genesis;
pub mod impl_inspect;
pub mod membership;
pub mod migrations;
pub mod origins;
pub mod queries;
pub mod reader_keys;
pub mod scope;
pub mod types;
pub mod users;
pub mod weights;

#[cfg(any(test, feature = "try-runtime"))]
pub mod invariants;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use battery_primitives::{
	consortium::{
		BatteryScope, BindingError, ConsortiumInspect, DataCategory, DeviceBinding, DeviceInfo,
		DeviceKind, MemberObligations, MemberStatus, Obligation, Role, RoleSet, SubjectId,
	},
	sealed::ReaderPublicKey,
};
pub use genesis::{GenesisDevice, GenesisMember};
pub use origins::{EnsureDevice, EnsureMember};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Set-up hooks for the benchmarks: the runtime makes a subject a member may bind a BMS gateway
/// to (a battery in its custody).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// A subject `owner` (an active Operator) may bind a BMS gateway to.
	fn gateway_subject(owner: &AccountId) -> SubjectId;
}

/// Maximum number of roles a `set_scope` call lists (one per role; duplicates are harmless).
pub type MaxScopeRoles = frame_support::traits::ConstU32<7>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, OnUnbalanced},
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	/// Default configurations of this pallet (for `derive_impl` in mocks and test runtimes).
	pub mod config_preludes {
		use super::*;
		use frame_support::derive_impl;

		/// A configuration for tests: small limits, no battery scope, unit weights.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxProfileFieldLen = ConstU32<64>;
			type MaxOperatorsPerUser = ConstU32<4>;
			type MaxUsersPerOperator = ConstU32<100>;
			type MaxDevicesPerOwner = ConstU32<100>;
			type MaxRetiredReaderKeys = ConstU32<8>;
			type BatteryScope = ();
			type DeviceBinding = ();
			type Obligations = ();
			type WeightInfo = ();
		}
	}

	/// Configuration of the consortium pallet.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// Currency deposits are held in (with this pallet's [`HoldReason`]s) and slashed from.
		#[pallet::no_default]
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason: From<HoldReason>>
			+ fungible::BalancedHold<Self::AccountId>;

		/// Origin that admits, rejects, suspends, resumes and removes members, force-removes users
		/// and devices and changes the data-scope matrix: a council of members in the consortium
		/// runtime, Root in development.
		#[pallet::no_default]
		type ApprovalOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Receives slashed deposits (e.g. a treasury); `()` burns them.
		#[pallet::no_default]
		type Slashed: OnUnbalanced<CreditOf<Self>>;

		/// Deposit held from an applicant per application (and kept per granted role).
		#[pallet::constant]
		#[pallet::no_default]
		type ApplicationDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from an operator per user it registers.
		#[pallet::constant]
		#[pallet::no_default]
		type UserDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from a member per device it registers.
		#[pallet::constant]
		#[pallet::no_default]
		type DeviceDeposit: Get<BalanceOf<Self>>;

		/// Maximum length in bytes of each member profile field (name, registration, contact).
		#[pallet::constant]
		type MaxProfileFieldLen: Get<u32>;

		/// Maximum number of operators that may register the same user.
		#[pallet::constant]
		type MaxOperatorsPerUser: Get<u32>;

		/// Maximum number of users one operator may register.
		#[pallet::constant]
		type MaxUsersPerOperator: Get<u32>;

		/// Maximum number of devices one member may own.
		#[pallet::constant]
		type MaxDevicesPerOwner: Get<u32>;

		/// Replaced reader keys kept per account (the oldest leaves when a rotation overflows).
		#[pallet::constant]
		type MaxRetiredReaderKeys: Get<u32>;

		/// Battery-dependent scope of the User and Recycler roles (filled in by the battery and
		/// recycling pallets; `()` grants no battery).
		type BatteryScope: BatteryScope<Self::AccountId, SubjectId>;

		/// Who may bind a device to a subject (pallet-battery: a BMS gateway only by the
		/// battery's custodian). Asked on every device registration.
		type DeviceBinding: DeviceBinding<Self::AccountId>;

		/// What other pallets know a member still holds (batteries, estimator keys): a member
		/// with an obligation is not removed, and one holding batteries is not suspended.
		type Obligations: MemberObligations<Self::AccountId>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Benchmark set-up hooks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// The consortium pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Reasons this pallet holds funds for.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit of a pending application or of a granted role.
		#[codec(index = 0)]
		MembershipDeposit,
		/// Deposit of an operator for a user it registered.
		#[codec(index = 1)]
		UserDeposit,
		/// Deposit of a member for a device it registered.
		#[codec(index = 2)]
		DeviceDeposit,
	}

	/// Admitted member organisations: status, granted roles and profile.
	#[pallet::storage]
	pub type Members<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, MemberRecordOf<T>, OptionQuery>;

	/// Role grants, keyed by role then member: the deposit held for the role and when it was
	/// granted. Also the index behind "members by role".
	#[pallet::storage]
	pub type RoleMembers<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		Role,
		Blake2_128Concat,
		T::AccountId,
		RoleGrantOf<T>,
		OptionQuery,
	>;

	/// Number of members granted each role (active or suspended).
	#[pallet::storage]
	pub type RoleMemberCount<T: Config> = StorageMap<_, Twox64Concat, Role, u32, ValueQuery>;

	/// Pending applications, keyed by applicant then role.
	#[pallet::storage]
	pub type Applications<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Role,
		ApplicationOf<T>,
		OptionQuery,
	>;

	/// Operators that registered each user (at most `MaxOperatorsPerUser`).
	#[pallet::storage]
	pub type UserOperators<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, OperatorsOf<T>, OptionQuery>;

	/// User registrations, keyed by operator then user: the deposit held from the operator.
	#[pallet::storage]
	pub type OperatorUsers<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		UserRegistrationOf<T>,
		OptionQuery,
	>;

	/// Number of users each operator registered.
	#[pallet::storage]
	pub type OperatorUserCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Registered device keys: kind, owner, subject, deposit.
	#[pallet::storage]
	pub type Devices<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, DeviceRecordOf<T>, OptionQuery>;

	/// Devices of each owner (reverse index of `Devices`), keyed by owner then device.
	#[pallet::storage]
	pub type OwnerDevices<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// Number of devices each member owns.
	#[pallet::storage]
	pub type OwnerDeviceCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The data-scope matrix: roles that may read each category. A category without an entry uses
	/// its default row ([`DataCategory::default_readers`]); `Public` is never stored (everyone
	/// reads it).
	#[pallet::storage]
	pub type Scope<T: Config> = StorageMap<_, Twox64Concat, DataCategory, RoleSet, OptionQuery>;

	/// Reader keys (X25519) of members and users: the current one and the replaced ones.
	#[pallet::storage]
	pub type ReaderKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ReaderKeyRecordOf<T>, OptionQuery>;

	/// The Authority's reader key: every confidential record is sealed to it too (set by the
	/// approval origin; the Authority's officers hold the secret off chain).
	#[pallet::storage]
	pub type AuthorityReaderKey<T: Config> = StorageValue<_, ReaderPublicKey, OptionQuery>;

	/// The account each reader key (current or kept retired) belongs to.
	#[pallet::storage]
	pub type ReaderKeyOwners<T: Config> =
		StorageMap<_, Blake2_128Concat, ReaderPublicKey, T::AccountId, OptionQuery>;

	/// Genesis state: seeded members, users, devices and scope overrides.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Members admitted at genesis, without deposit (roles must not include `User`).
		pub members: Vec<GenesisMember<T::AccountId>>,
		/// Users registered at genesis, as `(operator, user)`; the operator must be a genesis
		/// member with the Operator role. No deposit.
		pub users: Vec<(T::AccountId, T::AccountId)>,
		/// Devices registered at genesis; the owner must be a genesis member with the role the
		/// kind needs. No deposit.
		pub devices: Vec<GenesisDevice<T::AccountId>>,
		/// Scope rows replacing the default matrix (`Public` cannot be listed); categories not
		/// listed get their default row.
		pub scope: Vec<(DataCategory, Vec<Role>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis is the one place where invalid input must abort: a chain spec that silently
			// dropped a seeded member would be worse than one that fails to build.
			if let Err(reason) = self.try_build() {
				panic!("invalid pallet-consortium genesis config: {reason}");
			}
		}
	}

	/// Events of the consortium pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account applied for a role; `deposit` is held.
		ApplicationSubmitted {
			/// The applicant.
			applicant: T::AccountId,
			/// The role applied for.
			role: Role,
			/// Deposit held.
			deposit: BalanceOf<T>,
		},
		/// An applicant withdrew its application; the deposit was returned.
		ApplicationWithdrawn {
			/// The applicant.
			applicant: T::AccountId,
			/// The role of the application.
			role: Role,
			/// Deposit returned.
			refunded: BalanceOf<T>,
		},
		/// An application was approved: the applicant holds the role (its deposit stays held).
		ApplicationApproved {
			/// The new (or extended) member.
			applicant: T::AccountId,
			/// The role granted.
			role: Role,
			/// Deposit kept on hold for the role.
			deposit: BalanceOf<T>,
		},
		/// An application was rejected; its deposit was returned or slashed.
		ApplicationRejected {
			/// The applicant.
			applicant: T::AccountId,
			/// The role of the application.
			role: Role,
			/// Deposit returned to the applicant.
			refunded: BalanceOf<T>,
			/// Deposit slashed to `Config::Slashed`.
			slashed: BalanceOf<T>,
		},
		/// A member was suspended.
		MemberSuspended {
			/// The member.
			member: T::AccountId,
		},
		/// A suspended member was resumed.
		MemberResumed {
			/// The member.
			member: T::AccountId,
		},
		/// A member was removed with all its roles; its role deposits were returned or slashed.
		MemberRemoved {
			/// The former member.
			member: T::AccountId,
			/// The roles it held.
			roles: RoleSet,
			/// Deposits returned.
			refunded: BalanceOf<T>,
			/// Deposits slashed to `Config::Slashed`.
			slashed: BalanceOf<T>,
		},
		/// A member updated its profile.
		ProfileUpdated {
			/// The member.
			member: T::AccountId,
		},
		/// An operator registered a user; `deposit` is held from the operator.
		UserRegistered {
			/// The operator.
			operator: T::AccountId,
			/// The user.
			user: T::AccountId,
			/// Deposit held from the operator.
			deposit: BalanceOf<T>,
		},
		/// A user registration was removed; the deposit was returned to the operator.
		UserRemoved {
			/// The operator.
			operator: T::AccountId,
			/// The user.
			user: T::AccountId,
			/// Deposit returned to the operator.
			refunded: BalanceOf<T>,
			/// Whether the approval origin removed it (rather than the operator).
			forced: bool,
		},
		/// A member registered a device key.
		DeviceRegistered {
			/// The device account.
			device: T::AccountId,
			/// The owning member.
			owner: T::AccountId,
			/// Kind of device.
			kind: DeviceKind,
			/// What the device is bound to.
			subject: SubjectId,
			/// Deposit held from the owner.
			deposit: BalanceOf<T>,
		},
		/// A device key was revoked; the deposit was returned to the owner.
		DeviceRevoked {
			/// The device account.
			device: T::AccountId,
			/// The owning member.
			owner: T::AccountId,
			/// Deposit returned to the owner.
			refunded: BalanceOf<T>,
			/// Whether the approval origin revoked it (rather than the owner).
			forced: bool,
		},
		/// A row of the data-scope matrix was changed.
		ScopeSet {
			/// The data category.
			category: DataCategory,
			/// Roles that may read it from now on.
			roles: RoleSet,
		},
		/// An account registered (or rotated to) a reader key.
		ReaderKeySet {
			/// The member or user.
			who: T::AccountId,
			/// The new reader key (X25519 public key).
			key: ReaderPublicKey,
			/// The key it replaced, kept in the account's history.
			replaced: Option<ReaderPublicKey>,
		},
		/// The approval origin set the Authority's reader key.
		AuthorityReaderKeySet {
			/// The new key.
			key: ReaderPublicKey,
			/// The key it replaced (records sealed before stay sealed to it).
			replaced: Option<ReaderPublicKey>,
		},
	}

	/// Errors of the consortium pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The role cannot be applied for (users are registered by an operator).
		RoleNotApplicable,
		/// The account already holds the role.
		AlreadyHasRole,
		/// The account already has a pending application for the role.
		ApplicationAlreadyPending,
		/// No pending application of the account for the role.
		ApplicationNotFound,
		/// The free balance cannot cover the deposit.
		InsufficientBalance,
		/// The profile name is empty.
		EmptyName,
		/// The account is not a member.
		NotMember,
		/// The member is suspended.
		MemberIsSuspended,
		/// The member is already suspended.
		AlreadySuspended,
		/// The member is not suspended.
		NotSuspended,
		/// The member does not hold the role the call needs.
		MissingRole,
		/// The member still has registered users; remove them first.
		MemberHasUsers,
		/// The member still owns devices; revoke them first.
		MemberHasDevices,
		/// A counter would overflow.
		CounterOverflow,
		/// The account is a registered device key and cannot act as a member or user.
		AccountIsDevice,
		/// The operator already registered this user.
		UserAlreadyRegistered,
		/// The operator has not registered this user.
		UserNotRegistered,
		/// The user already has `MaxOperatorsPerUser` operators.
		TooManyOperators,
		/// The operator already has `MaxUsersPerOperator` users.
		TooManyUsers,
		/// The device account is already registered.
		DeviceAlreadyRegistered,
		/// The device account is a member, applicant or user, so cannot be a device key.
		DeviceAccountInUse,
		/// No device is registered under the account.
		DeviceNotFound,
		/// The caller does not own the device.
		NotDeviceOwner,
		/// The owner's roles do not allow devices of this kind.
		DeviceKindNotPermitted,
		/// The device subject is empty.
		EmptySubject,
		/// The owner already has `MaxDevicesPerOwner` devices.
		TooManyDevices,
		/// The scope of `Public` data is fixed (everyone reads it).
		PublicScopeFixed,
		/// The device's subject is not registered (e.g. no battery under the id).
		UnknownSubject,
		/// The owner does not operate the device's subject (a BMS gateway is registered only by
		/// the battery's custodian).
		NotSubjectOperator,
		/// The member is the custodian of batteries; they must be handed over first.
		MemberHoldsBatteries,
		/// The member registered estimator keys; they must be removed first.
		MemberHasEstimatorKeys,
		/// Only an account holding an active role (member or user) registers a reader key.
		NotReader,
		/// The key is not a canonical X25519 point of large order (a small-order point has
		/// predictable shared secrets; a non-canonical one aliases another key).
		InvalidReaderKey,
		/// The key is already registered (by this or another account).
		ReaderKeyInUse,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxProfileFieldLen::get() > 0, "MaxProfileFieldLen must be positive");
			assert!(T::MaxOperatorsPerUser::get() > 0, "MaxOperatorsPerUser must be positive");
			assert!(T::MaxUsersPerOperator::get() > 0, "MaxUsersPerOperator must be positive");
			assert!(T::MaxDevicesPerOwner::get() > 0, "MaxDevicesPerOwner must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Apply for `role` with the organisation's `profile`, holding
		/// [`Config::ApplicationDeposit`] until the application is decided or withdrawn.
		///
		/// Origin: signed, not a device key, not a suspended member. Emits
		/// [`Event::ApplicationSubmitted`].
		///
		/// Weight: O(profile length).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply_for_role(profile.total_len()))]
		pub fn apply_for_role(
			origin: OriginFor<T>,
			role: Role,
			profile: MemberProfileOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, role, profile)
		}

		/// Withdraw the caller's pending application for `role`; the deposit is returned.
		///
		/// Origin: signed by the applicant. Emits [`Event::ApplicationWithdrawn`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_application())]
		pub fn withdraw_application(origin: OriginFor<T>, role: Role) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, role)
		}

		/// Approve `applicant`'s application for `role`: the applicant becomes (or stays) a member
		/// with the role added and the application's profile; the deposit stays held for the role.
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::ApplicationApproved`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::approve_application())]
		pub fn approve_application(
			origin: OriginFor<T>,
			applicant: T::AccountId,
			role: Role,
		) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_approve(applicant, role)
		}

		/// Reject `applicant`'s application for `role`, returning the deposit, or slashing it to
		/// [`Config::Slashed`] if `slash` (spam).
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::ApplicationRejected`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reject_application())]
		pub fn reject_application(
			origin: OriginFor<T>,
			applicant: T::AccountId,
			role: Role,
			slash: bool,
		) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_reject(applicant, role, slash)
		}

		/// Suspend `member`: it keeps its roles but every role check fails (its calls are refused,
		/// its devices, users and estimator keys are inactive) until resumed. A member that is the
		/// custodian of batteries is not suspended (nobody could move them): it hands them over
		/// first. A suspended member gains no role until resumed.
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::MemberSuspended`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::suspend_member())]
		pub fn suspend_member(origin: OriginFor<T>, member: T::AccountId) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_suspend(member)
		}

		/// Resume a suspended `member`.
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::MemberResumed`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::resume_member())]
		pub fn resume_member(origin: OriginFor<T>, member: T::AccountId) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_resume(member)
		}

		/// Remove `member` with all its roles, returning its role deposits, or slashing them to
		/// [`Config::Slashed`] if `slash`. The member must have no registered users and no devices
		/// left (see [`Pallet::force_remove_user`] and [`Pallet::revoke_device`]), and no
		/// obligation in other pallets ([`Config::Obligations`]: batteries in its custody,
		/// estimator keys). Pending applications of the account are not touched.
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::MemberRemoved`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_member())]
		pub fn remove_member(
			origin: OriginFor<T>,
			member: T::AccountId,
			slash: bool,
		) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_remove(member, slash)
		}

		/// Replace the caller's member profile.
		///
		/// Origin: signed by an active member. Emits [`Event::ProfileUpdated`].
		///
		/// Weight: O(profile length).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::update_profile(profile.total_len()))]
		pub fn update_profile(origin: OriginFor<T>, profile: MemberProfileOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_profile(who, profile)
		}

		/// Register `user` as a user of the calling operator, holding [`Config::UserDeposit`] from
		/// the operator. A user may be registered by several operators.
		///
		/// Origin: signed by an active Operator. Emits [`Event::UserRegistered`].
		///
		/// Weight: O(operators of the user), charged for `MaxOperatorsPerUser` and refunded.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::register_user(T::MaxOperatorsPerUser::get()))]
		pub fn register_user(
			origin: OriginFor<T>,
			user: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let operator = ensure_signed(origin)?;
			let operators = Self::do_register_user(operator, user)?;
			Ok(Some(T::WeightInfo::register_user(operators)).into())
		}

		/// Remove `user` from the calling operator's users; the deposit is returned.
		///
		/// Origin: signed by an active Operator that registered `user`. Emits
		/// [`Event::UserRemoved`].
		///
		/// Weight: O(operators of the user), charged for `MaxOperatorsPerUser` and refunded.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::remove_user(T::MaxOperatorsPerUser::get()))]
		pub fn remove_user(origin: OriginFor<T>, user: T::AccountId) -> DispatchResultWithPostInfo {
			let operator = ensure_signed(origin)?;
			Self::ensure_role(&operator, Role::Operator)?;
			let operators = Self::do_remove_user(operator, user, false)?;
			Ok(Some(T::WeightInfo::remove_user(operators)).into())
		}

		/// Remove `user` from `operator`'s users (e.g. before removing the operator); the deposit
		/// is returned to the operator.
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::UserRemoved`].
		///
		/// Weight: O(operators of the user), charged for `MaxOperatorsPerUser` and refunded.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::force_remove_user(T::MaxOperatorsPerUser::get()))]
		pub fn force_remove_user(
			origin: OriginFor<T>,
			operator: T::AccountId,
			user: T::AccountId,
		) -> DispatchResultWithPostInfo {
			T::ApprovalOrigin::ensure_origin(origin)?;
			let operators = Self::do_remove_user(operator, user, true)?;
			Ok(Some(T::WeightInfo::force_remove_user(operators)).into())
		}

		/// Register the key `device` as a device of `kind` owned by the caller and bound to
		/// `subject`, holding [`Config::DeviceDeposit`] from the caller.
		///
		/// Origin: signed by an active member holding [`DeviceKind::owner_role`] of `kind`.
		/// Emits [`Event::DeviceRegistered`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::register_device())]
		pub fn register_device(
			origin: OriginFor<T>,
			device: T::AccountId,
			kind: DeviceKind,
			subject: SubjectId,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register_device(owner, device, kind, subject)
		}

		/// Register the key `device` for `owner` (who must qualify as for
		/// [`Pallet::register_device`] and pays the deposit).
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::DeviceRegistered`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::force_register_device())]
		pub fn force_register_device(
			origin: OriginFor<T>,
			owner: T::AccountId,
			device: T::AccountId,
			kind: DeviceKind,
			subject: SubjectId,
		) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_register_device(owner, device, kind, subject)
		}

		/// Revoke the device key `device`; the deposit is returned to its owner.
		///
		/// Origin: [`Config::ApprovalOrigin`], or signed by the device's owner (an active member).
		/// Emits [`Event::DeviceRevoked`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::revoke_device())]
		pub fn revoke_device(origin: OriginFor<T>, device: T::AccountId) -> DispatchResult {
			let caller = match T::ApprovalOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_revoke_device(device, caller)
		}

		/// Set the roles that may read `category` (duplicates are ignored; an empty list leaves
		/// the category to nobody). `Public` cannot be changed.
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::ScopeSet`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_scope())]
		pub fn set_scope(
			origin: OriginFor<T>,
			category: DataCategory,
			roles: BoundedVec<Role, MaxScopeRoles>,
		) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_set_scope(category, roles.iter().copied().collect())
		}

		/// Register the caller's reader key, the X25519 public key confidential records are
		/// sealed for, or rotate to a new one: the replaced key is kept in the caller's history
		/// (at most [`Config::MaxRetiredReaderKeys`], oldest dropped and released) and records
		/// sealed before stay sealed to it. A key belongs to one account while it is current or
		/// kept: it cannot be registered twice. Keys must be canonical X25519 points of large
		/// order.
		///
		/// Origin: signed by an account holding an active role (member or user). Emits
		/// [`Event::ReaderKeySet`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::set_reader_key())]
		pub fn set_reader_key(origin: OriginFor<T>, key: ReaderPublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_reader_key(who, key)
		}

		/// Set (or rotate) the Authority's reader key: confidential records are sealed to it as
		/// well as to their readers' keys. Records sealed before stay sealed to the replaced key.
		///
		/// Origin: [`Config::ApprovalOrigin`]. Emits [`Event::AuthorityReaderKeySet`].
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::set_authority_reader_key())]
		pub fn set_authority_reader_key(
			origin: OriginFor<T>,
			key: ReaderPublicKey,
		) -> DispatchResult {
			T::ApprovalOrigin::ensure_origin(origin)?;
			Self::do_set_authority_reader_key(key)
		}
	}
}
