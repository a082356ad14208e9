//! `EnsureOrigin` types other pallets (and the runtime) use to require a consortium role or a
//! device key.
//!
//! They answer `BadOrigin` when the check fails, like every `EnsureOrigin`. A pallet that wants to
//! tell "not a member" from "suspended" from "missing role" takes a signed origin and calls
//! [`ConsortiumInspect::check_role`](battery_primitives::consortium::ConsortiumInspect::check_role)
//! instead.

use crate::{Config, Pallet};
use battery_primitives::consortium::{DeviceInfo, DeviceKind, Role};
use core::marker::PhantomData;
use frame_support::traits::{EnsureOrigin, Get, OriginTrait};
use frame_system::RawOrigin;

/// Signed by an active member (or, for [`Role::User`], a user with an active operator) holding
/// role `R`; succeeds with the signer's account.
pub struct EnsureMember<T, R>(PhantomData<(T, R)>);

impl<O, T, R> EnsureOrigin<O> for EnsureMember<T, R>
where
	O: OriginTrait<AccountId = T::AccountId>,
	T: Config,
	R: Get<Role>,
{
	type Success = T::AccountId;

	fn try_origin(o: O) -> Result<Self::Success, O> {
		match o.as_system_ref() {
			Some(RawOrigin::Signed(who)) if Pallet::<T>::role_check(who, R::get()).is_ok() => {
				Ok(who.clone())
			},
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let who = Pallet::<T>::benchmark_member(R::get()).map_err(|_| ())?;
		Ok(O::signed(who))
	}
}

/// Signed by an active device key of kind `K`; succeeds with the device account and its
/// [`DeviceInfo`] (owner and subject).
pub struct EnsureDevice<T, K>(PhantomData<(T, K)>);

impl<O, T, K> EnsureOrigin<O> for EnsureDevice<T, K>
where
	O: OriginTrait<AccountId = T::AccountId>,
	T: Config,
	K: Get<DeviceKind>,
{
	type Success = (T::AccountId, DeviceInfo<T::AccountId>);

	fn try_origin(o: O) -> Result<Self::Success, O> {
		let found = match o.as_system_ref() {
			Some(RawOrigin::Signed(who)) => Pallet::<T>::active_device(who)
				.filter(|info| info.kind == K::get())
				.map(|info| (who.clone(), info)),
			_ => None,
		};
		found.ok_or(o)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		let (device, _owner) = Pallet::<T>::benchmark_device(K::get()).map_err(|_| ())?;
		Ok(O::signed(device))
	}
}

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helpers {
	use super::*;
	use crate::{MemberProfile, SubjectId};
	use battery_primitives::consortium::RoleSet;
	use sp_runtime::DispatchError;

	impl<T: Config> Pallet<T> {
		/// An active account holding `role`, created without deposit (benchmarks only). For
		/// [`Role::User`], a user registered by a fresh operator.
		pub fn benchmark_member(role: Role) -> Result<T::AccountId, DispatchError> {
			let profile = MemberProfile::new(b"benchmark member", b"REG-0", b"bench@example.org")
				.unwrap_or_else(|| MemberProfile {
					name: Default::default(),
					registration: Default::default(),
					contact: Default::default(),
				});
			if role == Role::User {
				let operator: T::AccountId =
					frame_benchmarking::account("consortium-operator", 0, 0);
				Self::insert_member(&operator, RoleSet::single(Role::Operator), profile)?;
				let user: T::AccountId = frame_benchmarking::account("consortium-user", 0, 0);
				if !crate::OperatorUsers::<T>::contains_key(&operator, &user) {
					Self::insert_user(&operator, &user)?;
				}
				return Ok(user);
			}
			let who: T::AccountId =
				frame_benchmarking::account("consortium-member", role as u32, 0);
			Self::insert_member(&who, RoleSet::single(role), profile)?;
			Ok(who)
		}

		/// An active device of `kind` with its owner, created without deposit (benchmarks only).
		pub fn benchmark_device(
			kind: DeviceKind,
		) -> Result<(T::AccountId, T::AccountId), DispatchError> {
			let owner = Self::benchmark_member(kind.owner_role())?;
			let device: T::AccountId =
				frame_benchmarking::account("consortium-device", kind as u32, 0);
			if !crate::Devices::<T>::contains_key(&device) {
				let subject: SubjectId = if kind == DeviceKind::BmsGateway {
					// A gateway binds only to a battery its owner custodies.
					<T::BenchmarkHelper as crate::BenchmarkHelper<_>>::gateway_subject(&owner)
				} else {
					b"BENCH-SUBJECT".to_vec().try_into().map_err(|_| DispatchError::Exhausted)?
				};
				Self::insert_device(&owner, &device, kind, subject)?;
			}
			Ok((device, owner))
		}
	}
}
