//! IoT device keys owned by members and bound to a subject.

use crate::{
	Applications, Config, DeviceRecordOf, Devices, Error, Event, HoldReason, Members,
	OwnerDeviceCount, OwnerDevices, Pallet, UserOperators,
};
use battery_primitives::consortium::{
	BindingError, DeviceBinding, DeviceInfo, DeviceKind, DeviceRecord, RoleCheckError, SubjectId,
};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The device under `device` if it is active: its owner is an active member holding the role
	/// its kind needs.
	pub fn active_device(device: &T::AccountId) -> Option<DeviceInfo<T::AccountId>> {
		let record = Devices::<T>::get(device)?;
		Self::role_check(&record.owner, record.kind.owner_role()).ok()?;
		Some(DeviceInfo { kind: record.kind, owner: record.owner, subject: record.subject })
	}

	/// Whether `who` is used as a member, applicant or user (so cannot become a device key).
	fn account_in_use(who: &T::AccountId) -> bool {
		Members::<T>::contains_key(who)
			|| UserOperators::<T>::contains_key(who)
			|| Applications::<T>::iter_key_prefix(who).next().is_some()
	}

	/// Check that `owner` may own one more device of `kind` bound to `subject` under the key
	/// `device`; returns the owner's new device count.
	///
	/// Errors: [`Error::NotMember`], [`Error::MemberIsSuspended`],
	/// [`Error::DeviceKindNotPermitted`], [`Error::EmptySubject`], [`Error::UnknownSubject`],
	/// [`Error::NotSubjectOperator`], [`Error::DeviceAlreadyRegistered`],
	/// [`Error::DeviceAccountInUse`], [`Error::TooManyDevices`], [`Error::CounterOverflow`].
	fn check_new_device(
		owner: &T::AccountId,
		device: &T::AccountId,
		kind: DeviceKind,
		subject: &SubjectId,
	) -> Result<u32, DispatchError> {
		Self::role_check(owner, kind.owner_role()).map_err(|e| match e {
			RoleCheckError::MissingRole => Error::<T>::DeviceKindNotPermitted,
			other => Self::role_error(other),
		})?;
		ensure!(!subject.is_empty(), Error::<T>::EmptySubject);
		T::DeviceBinding::check_binding(owner, kind, subject).map_err(|e| match e {
			BindingError::UnknownSubject => Error::<T>::UnknownSubject,
			BindingError::NotSubjectOperator => Error::<T>::NotSubjectOperator,
		})?;
		ensure!(!Devices::<T>::contains_key(device), Error::<T>::DeviceAlreadyRegistered);
		ensure!(!Self::account_in_use(device), Error::<T>::DeviceAccountInUse);
		let count = OwnerDeviceCount::<T>::get(owner);
		ensure!(count < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);
		Ok(count.checked_add(1).ok_or(Error::<T>::CounterOverflow)?)
	}

	/// Store a new device record and its reverse index.
	fn put_device(device: &T::AccountId, record: DeviceRecordOf<T>, owner_count: u32) {
		OwnerDevices::<T>::insert(&record.owner, device, ());
		OwnerDeviceCount::<T>::insert(&record.owner, owner_count);
		Devices::<T>::insert(device, record);
	}

	/// Register a device (see [`Pallet::register_device`] and [`Pallet::force_register_device`];
	/// the caller checks the origin).
	///
	/// Errors: those of the device checks (see [`Pallet::register_device`]) and
	/// [`Error::InsufficientBalance`].
	pub(crate) fn do_register_device(
		owner: T::AccountId,
		device: T::AccountId,
		kind: DeviceKind,
		subject: SubjectId,
	) -> DispatchResult {
		let count = Self::check_new_device(&owner, &device, kind, &subject)?;
		let deposit = T::DeviceDeposit::get();
		Self::hold_deposit(HoldReason::DeviceDeposit, &owner, deposit)?;
		let registered_at = frame_system::Pallet::<T>::block_number();
		Self::put_device(
			&device,
			DeviceRecord {
				kind,
				owner: owner.clone(),
				subject: subject.clone(),
				deposit,
				registered_at,
			},
			count,
		);
		Self::deposit_event(Event::DeviceRegistered { device, owner, kind, subject, deposit });
		Ok(())
	}

	/// Revoke a device (see [`Pallet::revoke_device`]); `caller` is `None` for the approval
	/// origin.
	///
	/// Errors: [`Error::DeviceNotFound`], [`Error::NotDeviceOwner`], [`Error::NotMember`],
	/// [`Error::MemberIsSuspended`].
	pub(crate) fn do_revoke_device(
		device: T::AccountId,
		caller: Option<T::AccountId>,
	) -> DispatchResult {
		let record = Devices::<T>::get(&device).ok_or(Error::<T>::DeviceNotFound)?;
		if let Some(caller) = &caller {
			ensure!(caller == &record.owner, Error::<T>::NotDeviceOwner);
			Self::active_member(caller)?;
		}
		Devices::<T>::remove(&device);
		OwnerDevices::<T>::remove(&record.owner, &device);
		OwnerDeviceCount::<T>::mutate_exists(&record.owner, |count| {
			*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
		});
		let refunded =
			Self::release_deposit(HoldReason::DeviceDeposit, &record.owner, record.deposit)?;
		Self::deposit_event(Event::DeviceRevoked {
			device,
			owner: record.owner,
			refunded,
			forced: caller.is_none(),
		});
		Ok(())
	}

	/// Register a device without deposit (genesis and benchmarks).
	///
	/// Errors: those of the device checks (see [`Pallet::register_device`]).
	pub(crate) fn insert_device(
		owner: &T::AccountId,
		device: &T::AccountId,
		kind: DeviceKind,
		subject: SubjectId,
	) -> DispatchResult {
		let count = Self::check_new_device(owner, device, kind, &subject)?;
		let registered_at = frame_system::Pallet::<T>::block_number();
		Self::put_device(
			device,
			DeviceRecord {
				kind,
				owner: owner.clone(),
				subject,
				deposit: Zero::zero(),
				registered_at,
			},
			count,
		);
		Ok(())
	}
}
