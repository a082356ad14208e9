//! Reads of the `PassportApi` runtime API.

use crate::{pallet::*, AttributeKey};
use alloc::vec::Vec;
use battery_primitives::passport::ModelPassportView;
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// The model passport `operator` declared for `model` (`None` if it never declared
	/// anything for it): every attribute in key order, and the data groups still missing.
	pub fn model_view(
		operator: T::AccountId,
		model: &[u8],
	) -> Option<ModelPassportView<T::AccountId, BlockNumberFor<T>>> {
		let model = crate::ModelName::try_from(model.to_vec()).ok()?;
		let key = (operator, model);
		let record = Models::<T>::get(&key)?;
		// At most `AttributeKey::COUNT` reads, one per key, in key order.
		let attributes: Vec<_> = AttributeKey::all()
			.filter_map(|attribute_key| Attributes::<T>::get(&key, attribute_key))
			.collect();
		let missing = AttributeKey::GROUPS
			.into_iter()
			.filter(|group| !attributes.iter().any(|view| view.attribute.key() == *group))
			.collect();
		let (operator, model) = key;
		Some(ModelPassportView {
			operator,
			model,
			version: record.version,
			first_declared_ms: record.first_declared_ms,
			updated_ms: record.updated_ms,
			attributes,
			missing,
		})
	}
}
