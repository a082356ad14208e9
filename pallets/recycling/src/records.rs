//! The recycler's records: assessments, refurbishments, and recycling with the materials
//! recovered. Details are sealed for the battery's Refurbishment scope.

use crate::{
	Assessment, AssessmentCount, Assessments, BatteryId, BatteryLifecycle, BatteryStatus,
	CommissionStatus, Commissions, Config, ConsortiumInspect, DataCategory, Error, Event, Measures,
	Pallet, RecoveredMaterials, Recycled, RecyclingRecord, Refurbishment, RefurbishmentCount,
	RefurbishmentKind, Refurbishments, SealedAssessment, SealedRefurbishment, Verdict,
};
use battery_primitives::sealed;
use frame_support::{ensure, pallet_prelude::*};

battery_primitives::impl_new_record_errors!(Error);

impl<T: Config> Pallet<T> {
	/// Whether `who` may work on `battery` now: the recycler of its accepted commission, an
	/// active Recycler, its custodian, the battery not frozen and in `status`.
	///
	/// Errors, in order: [`Error::NoCommission`], [`Error::NotCommissionedRecycler`],
	/// [`Error::WrongCommissionStatus`], [`Error::NotRecycler`], [`Error::UnknownBattery`],
	/// [`Error::NotCustodian`], [`Error::WrongBatteryStatus`], [`Error::BatteryFrozen`].
	pub(crate) fn ensure_working(
		who: &T::AccountId,
		battery: &BatteryId,
		status: BatteryStatus,
	) -> Result<(), Error<T>> {
		let commission = Self::commission_of(battery)?;
		ensure!(&commission.recycler == who, Error::<T>::NotCommissionedRecycler);
		ensure!(commission.status == CommissionStatus::Accepted, Error::<T>::WrongCommissionStatus);
		Self::ensure_recycler(who)?;
		let custodian = T::Batteries::custodian(battery).ok_or(Error::<T>::UnknownBattery)?;
		ensure!(&custodian == who, Error::<T>::NotCustodian);
		ensure!(T::Batteries::status(battery) == Some(status), Error::<T>::WrongBatteryStatus);
		ensure!(!T::Batteries::is_frozen(battery), Error::<T>::BatteryFrozen);
		Ok(())
	}

	/// Append `record` to the `kept` records, the oldest leaving when they are full (it stays in
	/// its event). Errors: [`Error::CounterOverflow`] (only with a bound of 0, which
	/// `integrity_test` forbids).
	fn keep_latest<R, S: Get<u32>>(kept: &mut BoundedVec<R, S>, record: R) -> Result<(), Error<T>> {
		let end = kept.len();
		kept.force_insert_keep_right(end, record).map_err(|_| Error::<T>::CounterOverflow)?;
		Ok(())
	}

	/// Whether a new record's envelope by `author` is about `battery`, category Refurbishment,
	/// and sealed for exactly the scope's keys and the author's.
	///
	/// Errors: [`Error::UnknownBattery`], the envelope errors.
	fn check_details<C: Get<u32>, R: Get<u32>>(
		envelope: &sealed::Envelope<C, R>,
		battery: &BatteryId,
		author: &T::AccountId,
	) -> Result<(), Error<T>> {
		let keys = T::Consortium::sealing_keys(battery, DataCategory::Refurbishment, Some(author))
			.ok_or(Error::<T>::UnknownBattery)?;
		sealed::check_new_record(envelope, DataCategory::Refurbishment, battery, &keys)?;
		Ok(())
	}

	/// [`Pallet::record_assessment`](crate::Pallet::record_assessment) by `who`.
	///
	/// Errors: those of [`Self::ensure_working`] (`WithRecycler`), [`Error::InvalidMeasures`],
	/// [`Error::FailedCheck`], the envelope errors, [`Error::CounterOverflow`].
	pub(crate) fn do_record_assessment(
		who: T::AccountId,
		battery: BatteryId,
		measures: Measures,
		verdict: Verdict,
		details: SealedAssessment,
	) -> DispatchResult {
		Self::ensure_working(&who, &battery, BatteryStatus::WithRecycler)?;
		ensure!(measures.is_valid(), Error::<T>::InvalidMeasures);
		ensure!(measures.passed() || verdict == Verdict::Recycle, Error::<T>::FailedCheck);
		Self::check_details(&details, &battery, &who)?;
		let index = AssessmentCount::<T>::get(&battery);
		let count = index.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;

		let record = Assessment {
			index,
			recycler: who,
			measures,
			verdict,
			recorded_at: Self::now(),
			details,
		};
		let mut kept = Assessments::<T>::get(&battery);
		Self::keep_latest(&mut kept, record)?;
		Assessments::<T>::insert(&battery, kept);
		AssessmentCount::<T>::insert(&battery, count);
		Self::deposit_event(Event::Assessed { battery, index, measures, verdict });
		Ok(())
	}

	/// [`Pallet::record_refurbishment`](crate::Pallet::record_refurbishment) by `who`.
	///
	/// Errors: those of [`Self::ensure_working`] (`WithRecycler`), the envelope errors,
	/// [`Error::CounterOverflow`].
	pub(crate) fn do_record_refurbishment(
		who: T::AccountId,
		battery: BatteryId,
		kind: RefurbishmentKind,
		parts_replaced: u16,
		details: SealedRefurbishment,
	) -> DispatchResult {
		Self::ensure_working(&who, &battery, BatteryStatus::WithRecycler)?;
		Self::check_details(&details, &battery, &who)?;
		let index = RefurbishmentCount::<T>::get(&battery);
		let count = index.checked_add(1).ok_or(Error::<T>::CounterOverflow)?;

		let record = Refurbishment {
			index,
			recycler: who,
			kind,
			parts_replaced,
			recorded_at: Self::now(),
			details,
		};
		let mut kept = Refurbishments::<T>::get(&battery);
		Self::keep_latest(&mut kept, record)?;
		Refurbishments::<T>::insert(&battery, kept);
		RefurbishmentCount::<T>::insert(&battery, count);
		Self::deposit_event(Event::Refurbished { battery, index, kind, parts_replaced });
		Ok(())
	}

	/// [`Pallet::declare_waste`](crate::Pallet::declare_waste) by `who`.
	///
	/// Errors: those of [`Self::ensure_working`] (`WithRecycler`), [`Error::NoAssessment`],
	/// [`Error::NotForRecycling`], then pallet-battery's.
	pub(crate) fn do_declare_waste(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		Self::ensure_working(&who, &battery, BatteryStatus::WithRecycler)?;
		let latest = Assessments::<T>::get(&battery);
		let latest = latest.last().ok_or(Error::<T>::NoAssessment)?;
		ensure!(latest.verdict == Verdict::Recycle, Error::<T>::NotForRecycling);
		T::Batteries::transition(&who, &battery, BatteryStatus::Waste)
	}

	/// [`Pallet::record_recycled`](crate::Pallet::record_recycled) by `who`.
	///
	/// Errors: [`Error::InvalidMaterials`], those of [`Self::ensure_working`] (`Waste`), then
	/// pallet-battery's.
	pub(crate) fn do_record_recycled(
		who: T::AccountId,
		battery: BatteryId,
		materials: RecoveredMaterials,
	) -> DispatchResult {
		ensure!(materials.is_valid(), Error::<T>::InvalidMaterials);
		Self::ensure_working(&who, &battery, BatteryStatus::Waste)?;
		T::Batteries::transition(&who, &battery, BatteryStatus::Recycled)?;
		Commissions::<T>::mutate(&battery, |commission| {
			if let Some(commission) = commission {
				commission.status = CommissionStatus::Completed;
			}
		});
		Recycled::<T>::insert(
			&battery,
			RecyclingRecord { recycler: who.clone(), materials, recycled_at: Self::now() },
		);
		Self::deposit_event(Event::BatteryRecycled { battery, recycler: who, materials });
		Ok(())
	}
}
