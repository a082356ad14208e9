//! Applications, admission, suspension and removal of members, and the role checks every other
//! module builds on.

use crate::{
	Application, Applications, BalanceOf, Config, Devices, Error, Event, HoldReason,
	MemberProfileOf, MemberRecord, MemberRecordOf, Members, OperatorUserCount, OwnerDeviceCount,
	Pallet, RoleGrant, RoleMemberCount, RoleMembers, UserOperators,
};
use battery_primitives::consortium::{
	MemberObligations, MemberStatus, Obligation, Role, RoleCheckError, RoleSet,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Why `who` does not hold `role` right now, if it does not.
	///
	/// A member role needs an active member granted that role; [`Role::User`] needs at least one
	/// registering operator that is an active Operator.
	pub fn role_check(who: &T::AccountId, role: Role) -> Result<(), RoleCheckError> {
		if role == Role::User {
			if let Some(operators) = UserOperators::<T>::get(who) {
				return if operators.iter().any(Self::is_active_operator) {
					Ok(())
				} else {
					Err(RoleCheckError::Suspended)
				};
			}
		}
		let member = Members::<T>::get(who).ok_or(RoleCheckError::NotMember)?;
		ensure!(member.status == MemberStatus::Active, RoleCheckError::Suspended);
		ensure!(member.roles.contains(role), RoleCheckError::MissingRole);
		Ok(())
	}

	/// [`Self::role_check`] as a dispatch error: [`Error::NotMember`],
	/// [`Error::MemberIsSuspended`] or [`Error::MissingRole`].
	pub(crate) fn ensure_role(who: &T::AccountId, role: Role) -> DispatchResult {
		Self::role_check(who, role).map_err(|e| Self::role_error(e).into())
	}

	/// The pallet error for a failed role check.
	pub(crate) fn role_error(error: RoleCheckError) -> Error<T> {
		match error {
			RoleCheckError::NotMember => Error::<T>::NotMember,
			RoleCheckError::Suspended => Error::<T>::MemberIsSuspended,
			RoleCheckError::MissingRole => Error::<T>::MissingRole,
		}
	}

	/// The member record of `who` if it is an active member.
	///
	/// Errors: [`Error::NotMember`], [`Error::MemberIsSuspended`].
	pub(crate) fn active_member(who: &T::AccountId) -> Result<MemberRecordOf<T>, Error<T>> {
		let member = Members::<T>::get(who).ok_or(Error::<T>::NotMember)?;
		ensure!(member.status == MemberStatus::Active, Error::<T>::MemberIsSuspended);
		Ok(member)
	}

	/// Whether `who` is an active member holding the Operator role.
	pub(crate) fn is_active_operator(who: &T::AccountId) -> bool {
		Members::<T>::get(who)
			.is_some_and(|m| m.status == MemberStatus::Active && m.roles.contains(Role::Operator))
	}

	/// The roles `who` holds right now.
	pub fn active_roles(who: &T::AccountId) -> RoleSet {
		let mut roles = match Members::<T>::get(who) {
			Some(m) if m.status == MemberStatus::Active => m.roles,
			_ => RoleSet::empty(),
		};
		if Self::role_check(who, Role::User).is_ok() {
			roles.insert(Role::User);
		}
		roles
	}

	/// Submit an application (see [`Pallet::apply_for_role`]).
	///
	/// Errors: [`Error::RoleNotApplicable`], [`Error::EmptyName`], [`Error::AccountIsDevice`],
	/// [`Error::MemberIsSuspended`], [`Error::AlreadyHasRole`],
	/// [`Error::ApplicationAlreadyPending`], [`Error::InsufficientBalance`].
	pub(crate) fn do_apply(
		who: T::AccountId,
		role: Role,
		profile: MemberProfileOf<T>,
	) -> DispatchResult {
		ensure!(role.is_applicable(), Error::<T>::RoleNotApplicable);
		ensure!(!profile.name.is_empty(), Error::<T>::EmptyName);
		ensure!(!Devices::<T>::contains_key(&who), Error::<T>::AccountIsDevice);
		if let Some(member) = Members::<T>::get(&who) {
			ensure!(member.status == MemberStatus::Active, Error::<T>::MemberIsSuspended);
			ensure!(!member.roles.contains(role), Error::<T>::AlreadyHasRole);
		}
		ensure!(
			!Applications::<T>::contains_key(&who, role),
			Error::<T>::ApplicationAlreadyPending
		);

		let deposit = T::ApplicationDeposit::get();
		Self::hold_deposit(HoldReason::MembershipDeposit, &who, deposit)?;
		let submitted_at = frame_system::Pallet::<T>::block_number();
		Applications::<T>::insert(&who, role, Application { profile, deposit, submitted_at });
		Self::deposit_event(Event::ApplicationSubmitted { applicant: who, role, deposit });
		Ok(())
	}

	/// Withdraw an application (see [`Pallet::withdraw_application`]).
	///
	/// Errors: [`Error::ApplicationNotFound`].
	pub(crate) fn do_withdraw(who: T::AccountId, role: Role) -> DispatchResult {
		let application =
			Applications::<T>::take(&who, role).ok_or(Error::<T>::ApplicationNotFound)?;
		let refunded =
			Self::release_deposit(HoldReason::MembershipDeposit, &who, application.deposit)?;
		Self::deposit_event(Event::ApplicationWithdrawn { applicant: who, role, refunded });
		Ok(())
	}

	/// The pallet error for an obligation other pallets report.
	pub(crate) fn obligation_error(obligation: Obligation) -> Error<T> {
		match obligation {
			Obligation::Batteries => Error::<T>::MemberHoldsBatteries,
			Obligation::EstimatorKeys => Error::<T>::MemberHasEstimatorKeys,
		}
	}

	/// Approve an application (see [`Pallet::approve_application`]).
	///
	/// Errors: [`Error::ApplicationNotFound`], [`Error::MemberIsSuspended`],
	/// [`Error::AlreadyHasRole`], [`Error::CounterOverflow`].
	pub(crate) fn do_approve(applicant: T::AccountId, role: Role) -> DispatchResult {
		let application =
			Applications::<T>::get(&applicant, role).ok_or(Error::<T>::ApplicationNotFound)?;
		let now = frame_system::Pallet::<T>::block_number();
		let record = match Members::<T>::get(&applicant) {
			Some(mut member) => {
				ensure!(member.status == MemberStatus::Active, Error::<T>::MemberIsSuspended);
				ensure!(!member.roles.contains(role), Error::<T>::AlreadyHasRole);
				member.roles.insert(role);
				member.profile = application.profile;
				member
			},
			None => MemberRecord {
				status: MemberStatus::Active,
				roles: RoleSet::single(role),
				profile: application.profile,
				member_since: now,
			},
		};
		let count =
			RoleMemberCount::<T>::get(role).checked_add(1).ok_or(Error::<T>::CounterOverflow)?;

		Applications::<T>::remove(&applicant, role);
		Members::<T>::insert(&applicant, record);
		RoleMembers::<T>::insert(
			role,
			&applicant,
			RoleGrant { deposit: application.deposit, granted_at: now },
		);
		RoleMemberCount::<T>::insert(role, count);
		Self::deposit_event(Event::ApplicationApproved {
			applicant,
			role,
			deposit: application.deposit,
		});
		Ok(())
	}

	/// Reject an application (see [`Pallet::reject_application`]).
	///
	/// Errors: [`Error::ApplicationNotFound`].
	pub(crate) fn do_reject(applicant: T::AccountId, role: Role, slash: bool) -> DispatchResult {
		let application =
			Applications::<T>::take(&applicant, role).ok_or(Error::<T>::ApplicationNotFound)?;
		let (refunded, slashed) = Self::settle_deposit(
			HoldReason::MembershipDeposit,
			&applicant,
			application.deposit,
			slash,
		)?;
		Self::deposit_event(Event::ApplicationRejected { applicant, role, refunded, slashed });
		Ok(())
	}

	/// Suspend a member (see [`Pallet::suspend_member`]).
	///
	/// Errors: [`Error::NotMember`], [`Error::AlreadySuspended`],
	/// [`Error::MemberHoldsBatteries`].
	pub(crate) fn do_suspend(member: T::AccountId) -> DispatchResult {
		if let Some(obligation) = T::Obligations::suspension_obligation(&member) {
			ensure!(Members::<T>::contains_key(&member), Error::<T>::NotMember);
			return Err(Self::obligation_error(obligation).into());
		}
		Members::<T>::try_mutate(&member, |record| -> DispatchResult {
			let record = record.as_mut().ok_or(Error::<T>::NotMember)?;
			ensure!(record.status == MemberStatus::Active, Error::<T>::AlreadySuspended);
			record.status = MemberStatus::Suspended;
			Ok(())
		})?;
		Self::deposit_event(Event::MemberSuspended { member });
		Ok(())
	}

	/// Resume a member (see [`Pallet::resume_member`]).
	///
	/// Errors: [`Error::NotMember`], [`Error::NotSuspended`].
	pub(crate) fn do_resume(member: T::AccountId) -> DispatchResult {
		Members::<T>::try_mutate(&member, |record| -> DispatchResult {
			let record = record.as_mut().ok_or(Error::<T>::NotMember)?;
			ensure!(record.status == MemberStatus::Suspended, Error::<T>::NotSuspended);
			record.status = MemberStatus::Active;
			Ok(())
		})?;
		Self::deposit_event(Event::MemberResumed { member });
		Ok(())
	}

	/// Remove a member with all its roles (see [`Pallet::remove_member`]).
	///
	/// Errors: [`Error::NotMember`], [`Error::MemberHasUsers`], [`Error::MemberHasDevices`],
	/// [`Error::MemberHoldsBatteries`], [`Error::MemberHasEstimatorKeys`].
	pub(crate) fn do_remove(member: T::AccountId, slash: bool) -> DispatchResult {
		let record = Members::<T>::get(&member).ok_or(Error::<T>::NotMember)?;
		ensure!(OperatorUserCount::<T>::get(&member) == 0, Error::<T>::MemberHasUsers);
		ensure!(OwnerDeviceCount::<T>::get(&member) == 0, Error::<T>::MemberHasDevices);
		if let Some(obligation) = T::Obligations::obligation(&member) {
			return Err(Self::obligation_error(obligation).into());
		}

		let mut deposits: BalanceOf<T> = Zero::zero();
		for role in record.roles.iter() {
			if let Some(grant) = RoleMembers::<T>::take(role, &member) {
				deposits = deposits.saturating_add(grant.deposit);
			}
			RoleMemberCount::<T>::mutate(role, |count| *count = count.saturating_sub(1));
		}
		Members::<T>::remove(&member);
		let (refunded, slashed) =
			Self::settle_deposit(HoldReason::MembershipDeposit, &member, deposits, slash)?;
		Self::deposit_event(Event::MemberRemoved {
			member,
			roles: record.roles,
			refunded,
			slashed,
		});
		Ok(())
	}

	/// Replace a member's profile (see [`Pallet::update_profile`]).
	///
	/// Errors: [`Error::NotMember`], [`Error::MemberIsSuspended`], [`Error::EmptyName`].
	pub(crate) fn do_update_profile(
		member: T::AccountId,
		profile: MemberProfileOf<T>,
	) -> DispatchResult {
		let mut record = Self::active_member(&member)?;
		ensure!(!profile.name.is_empty(), Error::<T>::EmptyName);
		record.profile = profile;
		Members::<T>::insert(&member, record);
		Self::deposit_event(Event::ProfileUpdated { member });
		Ok(())
	}

	/// Admit `who` with `roles` and `profile` without deposit (genesis and benchmarks). Roles it
	/// already holds are left as they are.
	///
	/// Errors: [`Error::CounterOverflow`].
	pub(crate) fn insert_member(
		who: &T::AccountId,
		roles: RoleSet,
		profile: MemberProfileOf<T>,
	) -> DispatchResult {
		let now = frame_system::Pallet::<T>::block_number();
		let mut record = Members::<T>::get(who).unwrap_or(MemberRecord {
			status: MemberStatus::Active,
			roles: RoleSet::empty(),
			profile: profile.clone(),
			member_since: now,
		});
		record.profile = profile;
		let held = record.roles;
		for role in roles.iter().filter(|role| !held.contains(*role)) {
			let count = RoleMemberCount::<T>::get(role)
				.checked_add(1)
				.ok_or(Error::<T>::CounterOverflow)?;
			RoleMemberCount::<T>::insert(role, count);
			RoleMembers::<T>::insert(
				role,
				who,
				RoleGrant { deposit: Zero::zero(), granted_at: now },
			);
			record.roles.insert(role);
		}
		Members::<T>::insert(who, record);
		Ok(())
	}
}
