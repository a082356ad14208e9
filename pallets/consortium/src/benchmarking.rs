//! Benchmarks of the consortium pallet (FRAME v2), one per call, in the worst case of each.

use super::*;
use crate::Pallet as Consortium;
use alloc::vec;
use battery_primitives::consortium::RoleSet;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Saturating, Zero};

const SEED: u32 = 0;

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event);
}

/// An account with enough free balance for every deposit many times over.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let per_call = T::ApplicationDeposit::get()
		.saturating_add(T::UserDeposit::get())
		.saturating_add(T::DeviceDeposit::get());
	let amount = per_call
		.saturating_mul(100u32.into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(10u32.into()));
	// Guard against runtimes whose deposits make the product saturate.
	let amount = if amount == BalanceOf::<T>::max_value() { amount / 2u32.into() } else { amount };
	T::Currency::set_balance(&who, amount);
	who
}

/// A profile whose three fields hold `n` bytes in total (the name at least one).
fn profile_of_len<T: Config>(n: u32) -> MemberProfileOf<T> {
	let max = T::MaxProfileFieldLen::get();
	let name = n.clamp(1, max);
	let registration = n.saturating_sub(name).min(max);
	let contact = n.saturating_sub(name).saturating_sub(registration).min(max);
	let field = |len: u32| BoundedVec::try_from(vec![b'x'; len as usize]).unwrap_or_default();
	MemberProfile { name: field(name), registration: field(registration), contact: field(contact) }
}

/// A funded active member with `role` (admitted without deposit).
fn member<T: Config>(name: &'static str, index: u32, role: Role) -> T::AccountId {
	let who = funded::<T>(name, index);
	let _ = Consortium::<T>::insert_member(&who, RoleSet::single(role), profile_of_len::<T>(8));
	who
}

/// The approval origin, or a `Weightless` error if the runtime cannot produce one.
fn approval_origin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ApprovalOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply_for_role(n: Linear<1, { 3 * T::MaxProfileFieldLen::get() }>) {
		let caller = funded::<T>("applicant", 0);
		let profile = profile_of_len::<T>(n);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), Role::Manufacturer, profile);

		assert_last_event::<T>(Event::ApplicationSubmitted {
			applicant: caller,
			role: Role::Manufacturer,
			deposit: T::ApplicationDeposit::get(),
		});
	}

	#[benchmark]
	fn withdraw_application() -> Result<(), BenchmarkError> {
		let caller = funded::<T>("applicant", 0);
		Consortium::<T>::do_apply(caller.clone(), Role::Recycler, profile_of_len::<T>(8))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), Role::Recycler);

		assert_last_event::<T>(Event::ApplicationWithdrawn {
			applicant: caller,
			role: Role::Recycler,
			refunded: T::ApplicationDeposit::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn approve_application() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		// Worst case: an existing member gains a further role.
		let applicant = member::<T>("applicant", 0, Role::Logistics);
		let n = 3 * T::MaxProfileFieldLen::get();
		Consortium::<T>::do_apply(applicant.clone(), Role::Recycler, profile_of_len::<T>(n))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, applicant.clone(), Role::Recycler);

		assert_last_event::<T>(Event::ApplicationApproved {
			applicant,
			role: Role::Recycler,
			deposit: T::ApplicationDeposit::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn reject_application() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		let applicant = funded::<T>("applicant", 0);
		Consortium::<T>::do_apply(applicant.clone(), Role::Recycler, profile_of_len::<T>(8))?;

		// Worst case: the deposit is slashed to `Config::Slashed`.
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, applicant.clone(), Role::Recycler, true);

		assert_last_event::<T>(Event::ApplicationRejected {
			applicant,
			role: Role::Recycler,
			refunded: Zero::zero(),
			slashed: T::ApplicationDeposit::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn suspend_member() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		let who = member::<T>("member", 0, Role::Operator);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_last_event::<T>(Event::MemberSuspended { member: who });
		Ok(())
	}

	#[benchmark]
	fn resume_member() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		let who = member::<T>("member", 0, Role::Operator);
		Consortium::<T>::do_suspend(who.clone())?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_last_event::<T>(Event::MemberResumed { member: who });
		Ok(())
	}

	#[benchmark]
	fn remove_member() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		// Worst case: every applicable role, each with a deposit, slashed.
		let who = funded::<T>("member", 0);
		let mut roles = RoleSet::empty();
		for role in Role::ALL.into_iter().filter(|r| r.is_applicable()) {
			Consortium::<T>::do_apply(who.clone(), role, profile_of_len::<T>(8))?;
			Consortium::<T>::do_approve(who.clone(), role)?;
			roles.insert(role);
		}
		let deposits = T::ApplicationDeposit::get().saturating_mul(roles.len().into());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), true);

		assert_last_event::<T>(Event::MemberRemoved {
			member: who,
			roles,
			refunded: Zero::zero(),
			slashed: deposits,
		});
		Ok(())
	}

	#[benchmark]
	fn update_profile(n: Linear<1, { 3 * T::MaxProfileFieldLen::get() }>) {
		let who = member::<T>("member", 0, Role::Manufacturer);
		let profile = profile_of_len::<T>(n);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), profile);

		assert_last_event::<T>(Event::ProfileUpdated { member: who });
	}

	#[benchmark]
	fn register_user(o: Linear<0, { T::MaxOperatorsPerUser::get().saturating_sub(1) }>) {
		let user: T::AccountId = account("user", 0, SEED);
		for i in 0..o {
			let other = member::<T>("other-operator", i, Role::Operator);
			let _ = Consortium::<T>::insert_user(&other, &user);
		}
		let operator = member::<T>("operator", 0, Role::Operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), user.clone());

		assert_last_event::<T>(Event::UserRegistered {
			operator,
			user,
			deposit: T::UserDeposit::get(),
		});
	}

	#[benchmark]
	fn remove_user(o: Linear<1, { T::MaxOperatorsPerUser::get() }>) -> Result<(), BenchmarkError> {
		let user: T::AccountId = account("user", 0, SEED);
		for i in 1..o {
			let other = member::<T>("other-operator", i, Role::Operator);
			Consortium::<T>::insert_user(&other, &user)?;
		}
		let operator = member::<T>("operator", 0, Role::Operator);
		Consortium::<T>::do_register_user(operator.clone(), user.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), user.clone());

		assert_last_event::<T>(Event::UserRemoved {
			operator,
			user,
			refunded: T::UserDeposit::get(),
			forced: false,
		});
		Ok(())
	}

	#[benchmark]
	fn force_remove_user(
		o: Linear<1, { T::MaxOperatorsPerUser::get() }>,
	) -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		let user: T::AccountId = account("user", 0, SEED);
		for i in 1..o {
			let other = member::<T>("other-operator", i, Role::Operator);
			Consortium::<T>::insert_user(&other, &user)?;
		}
		let operator = member::<T>("operator", 0, Role::Operator);
		Consortium::<T>::do_register_user(operator.clone(), user.clone())?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, operator.clone(), user.clone());

		assert_last_event::<T>(Event::UserRemoved {
			operator,
			user,
			refunded: T::UserDeposit::get(),
			forced: true,
		});
		Ok(())
	}

	#[benchmark]
	fn register_device() {
		let owner = member::<T>("owner", 0, Role::Operator);
		let device: T::AccountId = account("device", 0, SEED);
		let subject = T::BenchmarkHelper::gateway_subject(&owner);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			device.clone(),
			DeviceKind::BmsGateway,
			subject.clone(),
		);

		assert_last_event::<T>(Event::DeviceRegistered {
			device,
			owner,
			kind: DeviceKind::BmsGateway,
			subject,
			deposit: T::DeviceDeposit::get(),
		});
	}

	#[benchmark]
	fn force_register_device() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		let owner = member::<T>("owner", 0, Role::Operator);
		let device: T::AccountId = account("device", 0, SEED);
		let subject = T::BenchmarkHelper::gateway_subject(&owner);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			owner.clone(),
			device.clone(),
			DeviceKind::BmsGateway,
			subject.clone(),
		);

		assert_last_event::<T>(Event::DeviceRegistered {
			device,
			owner,
			kind: DeviceKind::BmsGateway,
			subject,
			deposit: T::DeviceDeposit::get(),
		});
		Ok(())
	}

	#[benchmark]
	fn revoke_device() -> Result<(), BenchmarkError> {
		let owner = member::<T>("owner", 0, Role::Operator);
		let device: T::AccountId = account("device", 0, SEED);
		Consortium::<T>::do_register_device(
			owner.clone(),
			device.clone(),
			DeviceKind::BmsGateway,
			T::BenchmarkHelper::gateway_subject(&owner),
		)?;

		// The owner's path reads more than the approval origin's.
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), device.clone());

		assert_last_event::<T>(Event::DeviceRevoked {
			device,
			owner,
			refunded: T::DeviceDeposit::get(),
			forced: false,
		});
		Ok(())
	}

	#[benchmark]
	fn set_scope() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		let roles: BoundedVec<Role, MaxScopeRoles> =
			BoundedVec::try_from(Role::ALL.to_vec()).map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, DataCategory::Maintenance, roles);

		assert_last_event::<T>(Event::ScopeSet {
			category: DataCategory::Maintenance,
			roles: RoleSet::all(),
		});
		Ok(())
	}

	/// Worst case: a user registered by `MaxOperatorsPerUser` operators (its role check reads each
	/// operator's record) rotating with a full history, so the oldest retired key is released too.
	#[benchmark]
	fn set_reader_key() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("reader", 0, SEED);
		for i in 0..T::MaxOperatorsPerUser::get() {
			let operator = member::<T>("reader-operator", i, Role::Operator);
			Consortium::<T>::insert_user(&operator, &who)
				.map_err(|_| BenchmarkError::Weightless)?;
		}
		let key_of = |i: u32| {
			let mut key = [0x42u8; 32];
			key[..4].copy_from_slice(&i.to_le_bytes());
			key
		};
		for i in 0..=T::MaxRetiredReaderKeys::get() {
			Consortium::<T>::do_set_reader_key(who.clone(), key_of(i))
				.map_err(|_| BenchmarkError::Weightless)?;
		}
		let replaced = key_of(T::MaxRetiredReaderKeys::get());
		let key = key_of(u32::MAX);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), key);

		assert_last_event::<T>(Event::ReaderKeySet { who, key, replaced: Some(replaced) });
		Ok(())
	}

	#[benchmark]
	fn set_authority_reader_key() -> Result<(), BenchmarkError> {
		let origin = approval_origin::<T>()?;
		let old = [0x51u8; 32];
		Consortium::<T>::do_set_authority_reader_key(old)
			.map_err(|_| BenchmarkError::Weightless)?;
		let key = [0x52u8; 32];

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, key);

		assert_last_event::<T>(Event::AuthorityReaderKeySet { key, replaced: Some(old) });
		Ok(())
	}

	impl_benchmark_test_suite!(Consortium, crate::mock::new_bench_ext(), crate::mock::Test);
}
