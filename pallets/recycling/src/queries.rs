//! Reads behind the `RecyclingApi` runtime API: everything this pallet holds about a battery.
//! Measures, verdicts, ratings and offers are public; the lab's and the workshop's details stay
//! sealed envelopes.

use crate::{
	AssessmentCount, Assessments, BatteryId, BatteryLifecycle, BuyBackOffers, Certifications,
	Commissions, Config, Pallet, Ratings, Recycled, RecyclingView, RecyclingViewOf,
	RefurbishmentCount, Refurbishments,
};
use battery_primitives::read::{self, ReadError};

impl<T: Config> Pallet<T> {
	/// Commission, kept assessments and refurbishments with their counts, certification, the
	/// rating the battery was certified with, recycling and an open buy-back offer of `battery`
	/// (`RecyclingApi::recycling`). Errors: the id's, [`ReadError::UnknownBattery`].
	pub fn recycling(battery: &[u8]) -> Result<RecyclingViewOf<T>, ReadError> {
		let battery: BatteryId = read::battery_id(battery.to_vec())?;
		T::Batteries::status(&battery).ok_or(ReadError::UnknownBattery)?;
		Ok(RecyclingView {
			commission: Commissions::<T>::get(&battery),
			assessments: Assessments::<T>::get(&battery).into_inner(),
			assessment_count: AssessmentCount::<T>::get(&battery),
			refurbishments: Refurbishments::<T>::get(&battery).into_inner(),
			refurbishment_count: RefurbishmentCount::<T>::get(&battery),
			certification: Certifications::<T>::get(&battery),
			certified_as: Ratings::<T>::get(&battery),
			recycled: Recycled::<T>::get(&battery),
			offer: BuyBackOffers::<T>::get(&battery),
			battery,
		})
	}
}
