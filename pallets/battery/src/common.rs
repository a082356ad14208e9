//! Checks shared by the calls: consortium roles, battery lookups and the mapping of the shared
//! validation errors to this pallet's errors.

use crate::{
	BatteryIdError, BatteryRecordOf, Config, Error, FactoryData, FactoryDataError, IdScheme, Pallet,
};
use battery_primitives::{
	battery::validate_battery_id,
	consortium::{BatteryId, ConsortiumInspect, Role, RoleCheckError},
};
use frame_support::ensure;

impl<T: Config> From<RoleCheckError> for Error<T> {
	fn from(error: RoleCheckError) -> Self {
		match error {
			RoleCheckError::NotMember => Error::<T>::NotMember,
			RoleCheckError::Suspended => Error::<T>::MemberSuspended,
			RoleCheckError::MissingRole => Error::<T>::MissingRole,
		}
	}
}

impl<T: Config> From<BatteryIdError> for Error<T> {
	fn from(error: BatteryIdError) -> Self {
		match error {
			BatteryIdError::UnknownFormat => Error::<T>::UnknownIdFormat,
			BatteryIdError::InvalidGbtCode => Error::<T>::InvalidGbtCode,
			BatteryIdError::InvalidGtin => Error::<T>::InvalidGtin,
			BatteryIdError::GtinCheckDigit => Error::<T>::GtinCheckDigit,
			BatteryIdError::InvalidSerial => Error::<T>::InvalidSerial,
		}
	}
}

impl<T: Config> From<FactoryDataError> for Error<T> {
	fn from(error: FactoryDataError) -> Self {
		match error {
			FactoryDataError::EmptyModel => Error::<T>::EmptyModel,
			FactoryDataError::InvalidText => Error::<T>::InvalidText,
			FactoryDataError::InvalidDate => Error::<T>::InvalidDate,
			FactoryDataError::ZeroRating => Error::<T>::ZeroRating,
			FactoryDataError::InvalidVoltageRange => Error::<T>::InvalidVoltageRange,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// `who` holds `role` in the consortium.
	///
	/// Errors: [`Error::NotMember`], [`Error::MemberSuspended`], [`Error::MissingRole`].
	pub(crate) fn ensure_role(who: &T::AccountId, role: Role) -> Result<(), Error<T>> {
		T::Consortium::check_role(who, role).map_err(Into::into)
	}

	/// Whether `who` is an active member organisation (holds a role other than `User`).
	pub(crate) fn is_active_member(who: &T::AccountId) -> bool {
		!T::Consortium::roles(who).without(Role::User).is_empty()
	}

	/// The record of `battery`.
	///
	/// Errors: [`Error::UnknownBattery`].
	pub(crate) fn battery(battery: &BatteryId) -> Result<BatteryRecordOf<T>, Error<T>> {
		Self::record(battery).ok_or(Error::<T>::UnknownBattery)
	}

	/// A valid, not yet registered id.
	///
	/// Errors: the id errors ([`Error::UnknownIdFormat`] ... [`Error::InvalidSerial`]),
	/// [`Error::AlreadyRegistered`].
	pub(crate) fn ensure_new_id(battery: &BatteryId) -> Result<IdScheme, Error<T>> {
		let scheme = validate_battery_id(battery)?;
		ensure!(!Self::is_registered(battery), Error::<T>::AlreadyRegistered);
		Ok(scheme)
	}

	/// Valid factory data.
	///
	/// Errors: [`Error::EmptyModel`], [`Error::InvalidText`], [`Error::InvalidDate`],
	/// [`Error::ZeroRating`], [`Error::InvalidVoltageRange`].
	pub(crate) fn ensure_valid_factory(factory: &FactoryData) -> Result<(), Error<T>> {
		factory.validate().map_err(Into::into)
	}

	/// The current block number.
	pub(crate) fn now() -> crate::BlockNumberOf<T> {
		frame_system::Pallet::<T>::block_number()
	}
}
