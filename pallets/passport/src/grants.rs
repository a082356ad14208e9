//! Restricted documents' sealed links: the recipients a declaration must seal them for, and the
//! grants that add the tier's readers later.

use crate::{declarations::is_economic_operator, pallet::*, DocumentKind, ModelName, Role};
use alloc::vec::Vec;
use battery_primitives::{
	consortium::{ConsortiumInspect, DataCategory},
	passport::{document_subject, Attribute, AttributeKey, RestrictedDocument},
	sealed::{self, ReaderPublicKey, WrappedKey},
};
use frame_support::{ensure, pallet_prelude::DispatchResult};

battery_primitives::impl_recipient_errors!(Error);

impl<T: Config> Pallet<T> {
	/// The reader keys a restricted document of `operator` is sealed for when declared: its own
	/// and the Authority's, those that are set, sorted.
	pub fn document_keys(operator: &T::AccountId) -> Vec<ReaderPublicKey> {
		let mut keys: Vec<ReaderPublicKey> =
			T::Consortium::reader_key(operator).into_iter().collect();
		keys.extend(T::Consortium::authority_reader_key().filter(|key| !keys.contains(key)));
		keys.sort_unstable();
		keys
	}

	/// Check the sealed links of `documents`, declared by `operator` for `model`: about the
	/// model, category `Factory`, well formed, sealed for exactly [`Self::document_keys`].
	pub(crate) fn check_links(
		operator: &T::AccountId,
		model: &ModelName,
		documents: &[RestrictedDocument],
	) -> Result<(), Error<T>> {
		let expected = Self::document_keys(operator);
		let subject = document_subject(model);
		for document in documents {
			sealed::check_new_record(&document.link, DataCategory::Factory, &subject, &expected)?;
		}
		Ok(())
	}

	/// [`Pallet::grant_document`].
	pub(crate) fn do_grant_document(
		granter: T::AccountId,
		operator: T::AccountId,
		model: ModelName,
		kind: DocumentKind,
		index: u32,
		wraps: &[WrappedKey],
	) -> DispatchResult {
		let roles = T::Consortium::roles(&granter);
		let is_operator = granter == operator && is_economic_operator(roles);
		ensure!(roles.contains(Role::Authority) || is_operator, Error::<T>::NotGranter);
		let key = (operator, model);
		let mut record = Attributes::<T>::get(&key, AttributeKey::Documents(kind))
			.ok_or(Error::<T>::NotDeclared)?;
		let Attribute::Restricted(_, documents) = &mut record.attribute else {
			return Err(Error::<T>::NotDeclared.into());
		};
		let document = usize::try_from(index)
			.ok()
			.and_then(|index| documents.get_mut(index))
			.ok_or(Error::<T>::NoSuchDocument)?;
		let envelope = &mut document.link.envelope;
		ensure!(
			sealed::can_open::<_, T::Consortium, _, _>(envelope, &granter),
			Error::<T>::NotRecipient
		);
		// Each newcomer's key must be the current key of a member the tier admits.
		let tier = kind.tier();
		let allowed: Vec<ReaderPublicKey> = wraps
			.iter()
			.map(|wrap| wrap.reader)
			.filter(|reader| {
				T::Consortium::reader_key_owner(reader).is_some_and(|owner| {
					T::Consortium::reader_key(&owner).as_ref() == Some(reader)
						&& tier.admits(T::Consortium::roles(&owner))
				})
			})
			.collect();
		sealed::add_readers(envelope, wraps, &allowed, &granter, T::Consortium::reader_key_owner)
			.map_err(Error::<T>::from)?;
		Attributes::<T>::insert(&key, AttributeKey::Documents(kind), record);
		let (operator, model) = key;
		Self::deposit_event(Event::DocumentGranted {
			operator,
			model,
			kind,
			index,
			readers: wraps.len() as u32,
		});
		Ok(())
	}
}
