//! Benchmarks of the passport pallet (FRAME v2), at the worst case: the attribute of the
//! longest encoding ([`largest_attribute`]) replacing another declared value under the same
//! key (both maps read and written, the old value compared).

use super::*;
use alloc::vec;
use battery_primitives::passport::example::largest_attribute;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

fn model() -> ModelName {
	ModelName::truncate_from(vec![b'm'; battery_primitives::battery::MAX_MODEL_LEN as usize])
}

/// `largest_attribute` with one substance changed: a different value under the same key.
fn other_largest() -> Attribute {
	match largest_attribute() {
		Attribute::Materials(mut materials) => {
			materials.nickel.concentration_ppm = 2_000;
			Attribute::Materials(materials)
		},
		other => other,
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn declare() -> Result<(), BenchmarkError> {
		let operator: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::member(&operator, Role::Manufacturer);
		Pallet::<T>::do_declare(operator.clone(), model(), other_largest())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), model(), largest_attribute());

		let key = (operator, model());
		assert_eq!(Models::<T>::get(&key).map(|record| record.version), Some(2));
		Ok(())
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let operator: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::member(&operator, Role::Manufacturer);
		Pallet::<T>::do_declare(operator.clone(), model(), largest_attribute())?;
		let key = largest_attribute().key();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), model(), key);

		assert!(!Attributes::<T>::contains_key((operator, model()), key));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
