//! Second certification: the recycler's request after a second-life verdict, the co-signature
//! of the manufacturer or an Authority, and the new passport it creates.

use crate::{
	AssessmentCount, Assessments, BatteryId, BatteryLifecycle, BatteryScope, Certification,
	CertificationStatus, Certifications, CommissionStatus, Commissions, Config, ConsortiumInspect,
	Error, Event, FactoryData, Pallet, Ratings, Role, SecondLifeRating, SecondLifeTwin,
};
use battery_primitives::battery::{validate_battery_id, BatteryStatus};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::Saturating;

impl<T: Config> Pallet<T> {
	/// [`Pallet::request_certification`](crate::Pallet::request_certification) by `who`.
	///
	/// Errors, in order: those of `ensure_working` (`WithRecycler`),
	/// [`Error::CertificationPending`], [`Error::NoAssessment`], [`Error::NoSecondLife`],
	/// [`Error::InvalidRating`], [`Error::InvalidSuccessor`], [`Error::InvalidFactoryData`] (also
	/// a rated capacity above the certified one). A request is renewed once expired, or once its
	/// new ID was taken by someone else.
	pub(crate) fn do_request_certification(
		who: T::AccountId,
		battery: BatteryId,
		successor: BatteryId,
		factory: FactoryData,
		rating: SecondLifeRating,
	) -> DispatchResult {
		Self::ensure_working(&who, &battery, BatteryStatus::WithRecycler)?;
		let now = Self::now();
		if let Some(existing) = Certifications::<T>::get(&battery) {
			// Renewable once expired, or once someone else took its new ID meanwhile.
			let renewable = match existing.status {
				CertificationStatus::Requested { expires_at } => {
					now > expires_at || T::Batteries::status(&existing.successor).is_some()
				},
				CertificationStatus::Certified { .. } => false,
			};
			ensure!(renewable, Error::<T>::CertificationPending);
		}
		let kept = Assessments::<T>::get(&battery);
		let latest = kept.last().ok_or(Error::<T>::NoAssessment)?;
		let kind = latest.verdict.second_life().ok_or(Error::<T>::NoSecondLife)?;
		ensure!(
			rating.certified_capacity_mah > 0
				&& rating.certified_capacity_mah <= latest.measures.capacity_mah
				&& rating.certified_soh_permille <= latest.measures.soh_permille,
			Error::<T>::InvalidRating
		);
		ensure!(
			validate_battery_id(&successor).is_ok() && T::Batteries::status(&successor).is_none(),
			Error::<T>::InvalidSuccessor
		);
		ensure!(
			factory.validate().is_ok()
				&& factory.rated_capacity_mah <= rating.certified_capacity_mah,
			Error::<T>::InvalidFactoryData
		);

		let expires_at = now.saturating_add(T::CertificationTimeout::get());
		Certifications::<T>::insert(
			&battery,
			Certification {
				recycler: who,
				kind,
				assessment: latest.index,
				measures: latest.measures,
				successor: successor.clone(),
				factory,
				rating,
				requested_at: now,
				status: CertificationStatus::Requested { expires_at },
			},
		);
		Self::deposit_event(Event::CertificationRequested { battery, successor, kind, expires_at });
		Ok(())
	}

	/// [`Pallet::co_sign_certification`](crate::Pallet::co_sign_certification) by `who`.
	///
	/// Errors, in order: [`Error::NoCertification`], [`Error::CertificationPending`] (already
	/// certified), [`Error::CertificationExpired`], [`Error::StaleAssessment`] (a later
	/// assessment was recorded: request again), [`Error::UnknownBattery`],
	/// [`Error::NotCoSigner`], then pallet-battery's (the recycler no longer holding the battery
	/// `WithRecycler`, a successor ID taken meanwhile, a frozen battery).
	pub(crate) fn do_co_sign(who: T::AccountId, battery: BatteryId) -> DispatchResult {
		let mut certification =
			Certifications::<T>::get(&battery).ok_or(Error::<T>::NoCertification)?;
		let CertificationStatus::Requested { expires_at } = certification.status else {
			return Err(Error::<T>::CertificationPending.into());
		};
		let now = Self::now();
		ensure!(now <= expires_at, Error::<T>::CertificationExpired);
		// A later assessment supersedes the one the request rests on.
		ensure!(
			AssessmentCount::<T>::get(&battery) == certification.assessment.saturating_add(1),
			Error::<T>::StaleAssessment
		);
		let parties = T::Batteries::parties(&battery).ok_or(Error::<T>::UnknownBattery)?;
		let manufacturer =
			parties.manufacturer == who && T::Consortium::has_role(&who, Role::Manufacturer);
		let authority = T::Consortium::has_role(&who, Role::Authority);
		ensure!(
			(manufacturer || authority) && who != certification.recycler,
			Error::<T>::NotCoSigner
		);

		T::Batteries::register_second_life(
			&certification.recycler,
			&battery,
			certification.kind,
			&certification.successor,
			certification.factory.clone(),
		)?;
		let rating = certification.rating;
		let successor = certification.successor.clone();
		let twin =
			T::Twin::seed(&battery, &successor, &certification.measures, &certification.recycler);
		certification.status = CertificationStatus::Certified { by: who.clone(), at: now };
		Certifications::<T>::insert(&battery, certification);
		Ratings::<T>::insert(&successor, rating);
		Commissions::<T>::mutate(&battery, |commission| {
			if let Some(commission) = commission {
				commission.status = CommissionStatus::Completed;
			}
		});
		Self::deposit_event(Event::Certified { battery, successor, by: who, rating, twin });
		Ok(())
	}
}
