//! FRAME v2 benchmarks of every call, each at its worst case: the longest sealed details, the
//! kept records full, the custody move and status change through pallet-battery.

use super::*;
use crate::Pallet as Recycling;
use battery_primitives::{
	recycling::{CheckResult, IntendedUse, MAX_ASSESSMENT_PLAINTEXT, MAX_REFURBISHMENT_PLAINTEXT},
	sealed::{ciphertext_len, placeholder_envelope},
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Inspect, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	frame_system::Pallet::<T>::assert_last_event(event);
}

struct Parties<T: Config> {
	operator: T::AccountId,
	recycler: T::AccountId,
	battery: BatteryId,
}

/// A manufacturer, an operator holding a retired battery, a recycler, the Authority's key.
fn parties<T: Config>() -> Parties<T> {
	let manufacturer: T::AccountId = account("manufacturer", 0, 0);
	let operator: T::AccountId = account("operator", 0, 0);
	let recycler: T::AccountId = account("recycler", 0, 0);
	T::BenchmarkHelper::member(&manufacturer, Role::Manufacturer, [0x51; 32]);
	T::BenchmarkHelper::member(&operator, Role::Operator, [0x52; 32]);
	T::BenchmarkHelper::member(&recycler, Role::Recycler, [0x53; 32]);
	T::BenchmarkHelper::set_authority_reader_key([0x54; 32]);
	T::BenchmarkHelper::fund(&recycler);
	let battery = T::BenchmarkHelper::retired_battery(&manufacturer, &operator);
	Parties { operator, recycler, battery }
}

fn commissioned<T: Config>(parties: &Parties<T>, accepted: bool) -> Result<(), BenchmarkError> {
	Recycling::<T>::do_commission(
		parties.operator.clone(),
		parties.battery.clone(),
		parties.recycler.clone(),
		CommissionReason::Damaged,
	)?;
	if accepted {
		Recycling::<T>::do_answer(parties.recycler.clone(), parties.battery.clone(), true)?;
	}
	Ok(())
}

fn with_recycler<T: Config>(parties: &Parties<T>) -> Result<(), BenchmarkError> {
	commissioned::<T>(parties, true)?;
	Recycling::<T>::do_hand_over(parties.operator.clone(), parties.battery.clone())?;
	Ok(())
}

/// The Refurbishment scope's keys for a record of the recycler about the battery.
fn keys<T: Config>(parties: &Parties<T>) -> alloc::vec::Vec<[u8; 32]> {
	T::Consortium::sealing_keys(
		&parties.battery,
		DataCategory::Refurbishment,
		Some(&parties.recycler),
	)
	.unwrap_or_default()
}

fn assessment_details<T: Config>(parties: &Parties<T>) -> SealedAssessment {
	SealedAssessment::new(placeholder_envelope(
		DataCategory::Refurbishment,
		&parties.battery,
		&keys::<T>(parties),
		ciphertext_len(MAX_ASSESSMENT_PLAINTEXT) as usize,
	))
}

fn refurbishment_details<T: Config>(parties: &Parties<T>) -> SealedRefurbishment {
	SealedRefurbishment::new(placeholder_envelope(
		DataCategory::Refurbishment,
		&parties.battery,
		&keys::<T>(parties),
		ciphertext_len(MAX_REFURBISHMENT_PLAINTEXT) as usize,
	))
}

fn measures() -> Measures {
	Measures {
		capacity_mah: 160_000,
		soh_permille: 800,
		resistance_micro_ohm: 1_900,
		self_discharge_permille_per_month: 20,
		safety: CheckResult::Passed,
		visual: CheckResult::Passed,
		report_hash: [0x42; 32],
	}
}

/// Fill the battery's kept assessments (the last one's verdict `verdict`).
fn assessed<T: Config>(parties: &Parties<T>, verdict: Verdict) -> Result<(), BenchmarkError> {
	for _ in 0..T::MaxAssessments::get() {
		Recycling::<T>::do_record_assessment(
			parties.recycler.clone(),
			parties.battery.clone(),
			measures(),
			verdict,
			assessment_details::<T>(parties),
		)?;
	}
	Ok(())
}

/// The new passport of the benchmarks' certification.
fn successor() -> BatteryId {
	BatteryId::truncate_from(b"03HPE0A2D000C7LB59999999".to_vec())
}

fn rating() -> SecondLifeRating {
	SecondLifeRating {
		certified_capacity_mah: 150_000,
		certified_soh_permille: 750,
		intended_use: IntendedUse::StationaryStorage,
	}
}

/// Factory data of the longest model name and place.
fn factory() -> FactoryData {
	use battery_primitives::battery::{Chemistry, Date, MAX_MODEL_LEN, MAX_PLACE_LEN};
	FactoryData {
		model: BoundedVec::truncate_from(alloc::vec![b'M'; MAX_MODEL_LEN as usize]),
		chemistry: Chemistry::Nmc,
		rated_capacity_mah: 150_000,
		min_voltage_mv: 2_500,
		nominal_voltage_mv: 3_600,
		max_voltage_mv: 4_200,
		rated_energy_wh: 540,
		max_charge_rate_milli_c: 1_000,
		max_discharge_rate_milli_c: 2_000,
		mass_g: 4_000,
		manufacturing_place: BoundedVec::truncate_from(alloc::vec![b'P'; MAX_PLACE_LEN as usize]),
		manufacturing_date: Date::new(2026, 11, 30),
		expected_cycle_life: 3_000,
		warranty_months: 24,
	}
}

/// A requested certification of the battery (assessed for a second life).
fn requested<T: Config>(parties: &Parties<T>) -> Result<(), BenchmarkError> {
	with_recycler::<T>(parties)?;
	assessed::<T>(parties, Verdict::Repurpose)?;
	Recycling::<T>::do_request_certification(
		parties.recycler.clone(),
		parties.battery.clone(),
		successor(),
		factory(),
		rating(),
	)?;
	Ok(())
}

/// A buy-back offer of the recycler for the battery.
fn offered<T: Config>(parties: &Parties<T>) -> Result<BalanceOf<T>, BenchmarkError> {
	let price = T::Currency::minimum_balance();
	Recycling::<T>::do_offer_buy_back(
		parties.recycler.clone(),
		parties.battery.clone(),
		price,
		T::MaxOfferPeriod::get(),
	)?;
	Ok(price)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn commission() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.operator.clone()),
			parties.battery.clone(),
			parties.recycler.clone(),
			CommissionReason::Damaged,
		);

		assert!(Commissions::<T>::contains_key(&parties.battery));
		Ok(())
	}

	#[benchmark]
	fn accept_commission() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		commissioned::<T>(&parties, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.recycler.clone()), parties.battery.clone());

		assert_last_event::<T>(Event::CommissionAccepted {
			battery: parties.battery,
			recycler: parties.recycler,
		});
		Ok(())
	}

	#[benchmark]
	fn decline_commission() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		commissioned::<T>(&parties, false)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.recycler.clone()), parties.battery.clone());

		assert!(!Commissions::<T>::contains_key(&parties.battery));
		Ok(())
	}

	#[benchmark]
	fn withdraw_commission() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		commissioned::<T>(&parties, true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.operator.clone()), parties.battery.clone());

		assert!(!Commissions::<T>::contains_key(&parties.battery));
		Ok(())
	}

	#[benchmark]
	fn hand_over() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		commissioned::<T>(&parties, true)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.operator.clone()), parties.battery.clone());

		assert_last_event::<T>(Event::HandedOver {
			battery: parties.battery,
			recycler: parties.recycler,
		});
		Ok(())
	}

	#[benchmark]
	fn record_assessment() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		with_recycler::<T>(&parties)?;
		assessed::<T>(&parties, Verdict::Reuse)?;
		let details = assessment_details::<T>(&parties);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.recycler.clone()),
			parties.battery.clone(),
			measures(),
			Verdict::Repurpose,
			details,
		);

		assert_eq!(AssessmentCount::<T>::get(&parties.battery), T::MaxAssessments::get() + 1);
		Ok(())
	}

	#[benchmark]
	fn record_refurbishment() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		with_recycler::<T>(&parties)?;
		for _ in 0..T::MaxRefurbishments::get() {
			Recycling::<T>::do_record_refurbishment(
				parties.recycler.clone(),
				parties.battery.clone(),
				RefurbishmentKind::CellsReplaced,
				12,
				refurbishment_details::<T>(&parties),
			)?;
		}
		let details = refurbishment_details::<T>(&parties);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.recycler.clone()),
			parties.battery.clone(),
			RefurbishmentKind::ModulesReplaced,
			2,
			details,
		);

		assert_eq!(RefurbishmentCount::<T>::get(&parties.battery), T::MaxRefurbishments::get() + 1);
		Ok(())
	}

	#[benchmark]
	fn declare_waste() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		with_recycler::<T>(&parties)?;
		assessed::<T>(&parties, Verdict::Recycle)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.recycler.clone()), parties.battery.clone());

		assert_eq!(T::Batteries::status(&parties.battery), Some(BatteryStatus::Waste));
		Ok(())
	}

	#[benchmark]
	fn record_recycled() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		with_recycler::<T>(&parties)?;
		assessed::<T>(&parties, Verdict::Recycle)?;
		Recycling::<T>::do_declare_waste(parties.recycler.clone(), parties.battery.clone())?;
		let materials = RecoveredMaterials {
			cobalt_permille: 950,
			lithium_permille: 800,
			nickel_permille: 950,
			lead_permille: 0,
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.recycler.clone()), parties.battery.clone(), materials);

		assert_eq!(T::Batteries::status(&parties.battery), Some(BatteryStatus::Recycled));
		Ok(())
	}

	#[benchmark]
	fn request_certification() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		with_recycler::<T>(&parties)?;
		assessed::<T>(&parties, Verdict::Repurpose)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.recycler.clone()),
			parties.battery.clone(),
			successor(),
			factory(),
			rating(),
		);

		assert!(Certifications::<T>::contains_key(&parties.battery));
		Ok(())
	}

	#[benchmark]
	fn co_sign_certification() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		requested::<T>(&parties)?;
		let authority: T::AccountId = account("authority", 0, 0);
		T::BenchmarkHelper::member(&authority, Role::Authority, [0x55; 32]);
		T::BenchmarkHelper::characterise(&parties.battery);

		#[extrinsic_call]
		_(RawOrigin::Signed(authority), parties.battery.clone());

		assert_eq!(T::Batteries::status(&parties.battery), Some(BatteryStatus::Repurposed));
		assert!(Ratings::<T>::contains_key(successor()));
		Ok(())
	}

	#[benchmark]
	fn offer_buy_back() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let price = T::Currency::minimum_balance();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(parties.recycler.clone()),
			parties.battery.clone(),
			price,
			T::MaxOfferPeriod::get(),
		);

		assert!(BuyBackOffers::<T>::contains_key(&parties.battery));
		Ok(())
	}

	#[benchmark]
	fn accept_buy_back() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		offered::<T>(&parties)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.operator.clone()), parties.battery.clone());

		assert_eq!(T::Batteries::custodian(&parties.battery), Some(parties.recycler));
		Ok(())
	}

	#[benchmark]
	fn close_buy_back() -> Result<(), BenchmarkError> {
		let parties = parties::<T>();
		let price = offered::<T>(&parties)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(parties.operator.clone()), parties.battery.clone());

		assert_last_event::<T>(Event::BuyBackClosed {
			battery: parties.battery,
			by: parties.operator,
			released: price,
		});
		Ok(())
	}

	impl_benchmark_test_suite!(Recycling, crate::mock::new_test_ext(), crate::mock::Test);
}
