//! Storage records and type aliases of the pallet.

use crate::Config;
use battery_primitives::{
	consortium::{MemberStatus, ProfileView, RoleSet},
	sealed::ReaderPublicKey,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{fungible, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// Balance type of the currency deposits are held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Credit (negative imbalance) of the deposit currency, handed to [`Config::Slashed`].
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// Block number type of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// The member profile as configured for the runtime.
pub type MemberProfileOf<T> = MemberProfile<<T as Config>::MaxProfileFieldLen>;

/// The member record as configured for the runtime.
pub type MemberRecordOf<T> = MemberRecord<BlockNumberOf<T>, <T as Config>::MaxProfileFieldLen>;

/// A role grant as configured for the runtime.
pub type RoleGrantOf<T> = RoleGrant<BalanceOf<T>, BlockNumberOf<T>>;

/// An application as configured for the runtime.
pub type ApplicationOf<T> =
	Application<BalanceOf<T>, BlockNumberOf<T>, <T as Config>::MaxProfileFieldLen>;

/// A user registration as configured for the runtime.
pub type UserRegistrationOf<T> = UserRegistration<BalanceOf<T>, BlockNumberOf<T>>;

/// A device record as configured for the runtime.
pub type DeviceRecordOf<T> = battery_primitives::consortium::DeviceRecord<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberOf<T>,
>;

/// The operators that registered one user.
pub type OperatorsOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxOperatorsPerUser>;

/// The public profile of a member organisation. Every field holds at most `S` bytes.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(S))]
pub struct MemberProfile<S: Get<u32>> {
	/// Organisation name (UTF-8); must not be empty.
	pub name: BoundedVec<u8, S>,
	/// Registration / identity reference (company register number, LEI, DID, ...).
	pub registration: BoundedVec<u8, S>,
	/// Contact (e-mail, URL, phone).
	pub contact: BoundedVec<u8, S>,
}

impl<S: Get<u32>> MemberProfile<S> {
	/// A profile from raw fields, `None` if one is longer than `S`.
	pub fn new(name: &[u8], registration: &[u8], contact: &[u8]) -> Option<Self> {
		Some(Self {
			name: name.to_vec().try_into().ok()?,
			registration: registration.to_vec().try_into().ok()?,
			contact: contact.to_vec().try_into().ok()?,
		})
	}

	/// Total number of bytes of the three fields (the weight component of calls taking a
	/// profile).
	pub fn total_len(&self) -> u32 {
		// Each field is at most `S` bytes, so the sum of three fits in a u32 unless `S` is
		// absurd; saturate rather than wrap.
		(self.name.len() as u32)
			.saturating_add(self.registration.len() as u32)
			.saturating_add(self.contact.len() as u32)
	}

	/// The profile as the runtime API returns it.
	pub fn view(&self) -> ProfileView {
		ProfileView {
			name: self.name.to_vec(),
			registration: self.registration.to_vec(),
			contact: self.contact.to_vec(),
		}
	}
}

/// An admitted member organisation.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(S))]
// The `NoBound` derives need the bounds on the parameters; codec's derives add them again.
#[allow(clippy::multiple_bound_locations)]
pub struct MemberRecord<BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug, S: Get<u32>> {
	/// Active or suspended.
	pub status: MemberStatus,
	/// Roles granted (each with a [`RoleGrant`] in `RoleMembers`); never empty.
	pub roles: RoleSet,
	/// The profile of the last approved application (or as updated by the member).
	pub profile: MemberProfile<S>,
	/// Block at which the first role was granted.
	pub member_since: BlockNumber,
}

/// One role granted to a member.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct RoleGrant<Balance, BlockNumber> {
	/// Deposit held (reason `MembershipDeposit`) for this role; zero for genesis members.
	pub deposit: Balance,
	/// Block at which the role was granted.
	pub granted_at: BlockNumber,
}

/// A pending application for a role.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(S))]
#[allow(clippy::multiple_bound_locations)]
pub struct Application<
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	S: Get<u32>,
> {
	/// Profile submitted with the application; becomes the member profile on approval.
	pub profile: MemberProfile<S>,
	/// Deposit held (reason `MembershipDeposit`) while the application is pending.
	pub deposit: Balance,
	/// Block at which the application was submitted.
	pub submitted_at: BlockNumber,
}

/// A user registered by an operator.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct UserRegistration<Balance, BlockNumber> {
	/// Deposit held from the operator (reason `UserDeposit`) for this registration.
	pub deposit: Balance,
	/// Block at which the operator registered the user.
	pub registered_at: BlockNumber,
}

/// A reader key as configured for the runtime.
pub type ReaderKeyRecordOf<T> =
	ReaderKeyRecord<BlockNumberOf<T>, <T as Config>::MaxRetiredReaderKeys>;

/// A reader key that was replaced, with the blocks it was current.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct RetiredReaderKey<BlockNumber> {
	/// The key.
	pub key: ReaderPublicKey,
	/// Block from which it was current.
	pub from: BlockNumber,
	/// Block at which it was replaced.
	pub until: BlockNumber,
}

/// An account's reader keys: the current one and the replaced ones, oldest first.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(S))]
#[allow(clippy::multiple_bound_locations)]
pub struct ReaderKeyRecord<BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug, S: Get<u32>> {
	/// The key new records are sealed for.
	pub current: ReaderPublicKey,
	/// Block from which it is current.
	pub since: BlockNumber,
	/// Replaced keys, oldest first (at most `S`).
	pub retired: BoundedVec<RetiredReaderKey<BlockNumber>, S>,
}
