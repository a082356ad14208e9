//! Benchmarks of the passport pallet (FRAME v2), at the worst cases: a declaration replacing the
//! largest stored value (restricted documents whose links grants filled to their bound) with the
//! most restricted documents, each link's recipients checked; a grant of the most newcomers to a
//! link that then reaches its bound; a withdrawal of a model passport's last attribute.

use super::*;
use alloc::{vec, vec::Vec};
use battery_primitives::{
	passport::example::{largest_attribute, restricted_documents},
	sealed::{placeholder_wraps, ReaderPublicKey, MAX_GRANT_READERS, MAX_SEALED_READERS},
};
use frame_benchmarking::v2::*;
use frame_support::BoundedVec;
use frame_system::RawOrigin;

fn model() -> ModelName {
	ModelName::truncate_from(vec![b'm'; battery_primitives::battery::MAX_MODEL_LEN as usize])
}

/// A distinct valid reader key per `n`.
fn key(n: u8) -> ReaderPublicKey {
	let mut key = [0x30; 32];
	key[0] = n;
	key
}

/// An operator with a reader key, the Authority's key set; the keys its links are sealed for.
fn operator<T: Config>() -> (T::AccountId, Vec<ReaderPublicKey>) {
	let operator: T::AccountId = whitelisted_caller();
	T::BenchmarkHelper::member(&operator, Role::Manufacturer, key(1));
	T::BenchmarkHelper::set_authority_reader_key(key(2));
	let keys = Pallet::<T>::document_keys(&operator);
	(operator, keys)
}

/// Store `attribute` under `operator`'s model as if declared (for a value no call could make:
/// links filled by grants).
fn store<T: Config>(operator: &T::AccountId, attribute: Attribute) {
	let key = (operator.clone(), model());
	Models::<T>::insert(
		&key,
		ModelRecord { version: 1, first_declared_ms: 0, updated_ms: 0, attributes: 1 },
	);
	ModelCounts::<T>::insert(operator, 1);
	Attributes::<T>::insert(
		&key,
		attribute.key(),
		battery_primitives::passport::AttributeView {
			attribute,
			version: 1,
			declared_at: frame_system::Pallet::<T>::block_number(),
			declared_ms: 0,
		},
	);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn declare() -> Result<(), BenchmarkError> {
		let (operator, keys) = operator::<T>();
		let full: Vec<ReaderPublicKey> =
			(0..MAX_SEALED_READERS as u8).map(|n| key(100 + n)).collect();
		store::<T>(&operator, restricted_documents(&model(), &full));

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), model(), restricted_documents(&model(), &keys));

		let key = (operator, model());
		assert_eq!(Models::<T>::get(&key).map(|record| record.version), Some(2));
		Ok(())
	}

	#[benchmark]
	fn grant_document() -> Result<(), BenchmarkError> {
		let (operator, keys) = operator::<T>();
		let newcomers: Vec<ReaderPublicKey> =
			(0..MAX_GRANT_READERS as u8).map(|n| key(50 + n)).collect();
		for (n, reader) in newcomers.iter().enumerate() {
			let member: T::AccountId = account("reader", n as u32, 0);
			T::BenchmarkHelper::member(&member, Role::Operator, *reader);
		}
		// The link already carries every reader but the newcomers' places.
		let mut readers = keys.clone();
		let room = (MAX_SEALED_READERS - MAX_GRANT_READERS) as usize;
		readers.extend((0..).map(|n| key(150 + n)).take(room.saturating_sub(keys.len())));
		store::<T>(&operator, restricted_documents(&model(), &readers));
		let wraps = BoundedVec::truncate_from(placeholder_wraps(&newcomers));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(operator.clone()),
			operator.clone(),
			model(),
			DocumentKind::Dismantling,
			0,
			wraps,
		);

		let stored = Attributes::<T>::get(
			(operator, model()),
			AttributeKey::Documents(DocumentKind::Dismantling),
		);
		let readers = match stored.map(|record| record.attribute) {
			Some(Attribute::Restricted(_, documents)) => documents[0].link.readers.len(),
			_ => 0,
		};
		assert_eq!(readers, MAX_SEALED_READERS as usize);
		Ok(())
	}

	#[benchmark]
	fn set_operator_id() -> Result<(), BenchmarkError> {
		let authority: T::AccountId = account("authority", 0, 0);
		T::BenchmarkHelper::member(&authority, Role::Authority, key(3));
		let (operator, _) = operator::<T>();
		// Rebinding: the operator's old BPNL is released.
		Pallet::<T>::do_set_operator_id(authority.clone(), operator.clone(), *b"BPNL0000000000A1")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(authority), operator.clone(), *b"BPNL0000000000B2");

		assert_eq!(OperatorIds::<T>::get(&operator), Some(*b"BPNL0000000000B2"));
		Ok(())
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let (operator, _) = operator::<T>();
		Pallet::<T>::do_declare(operator.clone(), model(), largest_attribute())?;
		let key = largest_attribute().key();

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), model(), key);

		assert!(!Attributes::<T>::contains_key((operator, model()), key));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
