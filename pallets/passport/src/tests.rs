use crate::{mock::*, pallet::*, AttributeKey, ModelName, ModelRecord, Tier};
use battery_primitives::{
	passport::{example::*, Attribute, DocumentKind},
	sealed::{placeholder_wraps, ReaderPublicKey},
};
use battery_test_fixtures::{mock::MockTime, NOW_MS};
use frame_support::{assert_noop, assert_ok, BoundedVec};

/// The keys the sample's links are sealed for: the maker's and the Authority's, sorted.
const KEYS: [ReaderPublicKey; 2] = [OPERATOR_KEY, AUTHORITY_KEY];

fn model() -> ModelName {
	ModelName::truncate_from(MODEL.to_vec())
}

/// The maker's dismantling manual, sealed for `readers`.
fn dismantling(readers: &[ReaderPublicKey]) -> Attribute {
	Attribute::Restricted(
		DocumentKind::Dismantling,
		BoundedVec::truncate_from(vec![restricted("Dismantling", b"pdf", MODEL, readers)]),
	)
}

fn grant(who: AccountId, readers: &[ReaderPublicKey]) -> frame_support::dispatch::DispatchResult {
	Passport::grant_document(
		RuntimeOrigin::signed(who),
		MAKER,
		model(),
		DocumentKind::Dismantling,
		0,
		BoundedVec::truncate_from(placeholder_wraps(readers)),
	)
}

/// The reader keys on the link of the maker's dismantling manual.
fn link_readers() -> Vec<ReaderPublicKey> {
	match Attributes::<Test>::get(
		(MAKER, model()),
		AttributeKey::Documents(DocumentKind::Dismantling),
	)
	.map(|record| record.attribute)
	{
		Some(Attribute::Restricted(_, documents)) => {
			documents[0].link.reader_keys().copied().collect()
		},
		_ => vec![],
	}
}

fn declare(who: AccountId, attribute: Attribute) -> frame_support::dispatch::DispatchResult {
	Passport::declare(RuntimeOrigin::signed(who), model(), attribute)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

fn materials() -> Attribute {
	model_attributes().remove(3)
}

#[test]
fn a_manufacturer_declares_a_whole_model_passport() {
	new_test_ext().execute_with(|| {
		let attributes = model_attributes();
		for (n, attribute) in attributes.iter().enumerate() {
			assert_ok!(declare(MAKER, attribute.clone()));
			let key = attribute.key();
			assert_eq!(
				last_event(),
				Event::AttributeDeclared {
					operator: MAKER,
					model: model(),
					key,
					tier: key.tier(),
					version: n as u32 + 1,
				}
				.into()
			);
		}
		let view = Passport::model_view(MAKER, &model()).expect("declared");
		assert_eq!(view.version, attributes.len() as u32);
		assert_eq!(view.first_declared_ms, NOW_MS);
		assert!(view.missing.is_empty());
		let declared: Vec<Attribute> =
			view.attributes.iter().map(|a| a.attribute.clone()).collect();
		assert_eq!(declared, attributes);
		assert_eq!(view.attributes[4].version, 5);
		assert_eq!(view.attributes[4].declared_at, 1);
	});
}

#[test]
fn restricted_documents_are_declared_with_their_tier() {
	new_test_ext().execute_with(|| {
		let dismantling = Attribute::Restricted(
			DocumentKind::Dismantling,
			BoundedVec::truncate_from(vec![restricted("Dismantling", b"pdf", MODEL, &KEYS)]),
		);
		assert_ok!(declare(MAKER, dismantling));
		assert!(matches!(
			last_event(),
			RuntimeEvent::Passport(Event::AttributeDeclared { tier: Tier::LegitimateInterest, .. })
		));
		let report = Attribute::Restricted(
			DocumentKind::TestReport,
			BoundedVec::truncate_from(vec![restricted("Tests", b"pdf", MODEL, &KEYS)]),
		);
		assert_ok!(declare(MAKER, report));
		assert!(matches!(
			last_event(),
			RuntimeEvent::Passport(Event::AttributeDeclared { tier: Tier::Authority, .. })
		));
	});
}

#[test]
fn a_replacement_is_a_new_version_and_keeps_the_first_date() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, materials()));
		MockTime::set(NOW_MS + 86_400_000);
		System::set_block_number(7);
		let mut changed = match materials() {
			Attribute::Materials(m) => m,
			_ => unreachable!(),
		};
		changed.cobalt.recycled_permille = 200;
		assert_ok!(declare(MAKER, Attribute::Materials(changed.clone())));
		let view = Passport::model_view(MAKER, &model()).expect("declared");
		assert_eq!(
			(view.version, view.first_declared_ms, view.updated_ms),
			(2, NOW_MS, NOW_MS + 86_400_000)
		);
		assert_eq!(view.attributes.len(), 1);
		assert_eq!(view.attributes[0].attribute, Attribute::Materials(changed));
		assert_eq!((view.attributes[0].version, view.attributes[0].declared_at), (2, 7));
		assert_eq!(view.missing.len(), 5);
		assert!(!view.missing.contains(&AttributeKey::Materials));
	});
}

#[test]
fn a_recycler_declares_its_second_life_models() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(RECYCLER, materials()));
		assert!(Passport::model_view(RECYCLER, &model()).is_some());
	});
}

#[test]
fn only_an_active_manufacturer_or_recycler_declares() {
	new_test_ext().execute_with(|| {
		for who in [OPERATOR, AUTHORITY, STRANGER] {
			assert_noop!(declare(who, materials()), Error::<Test>::NotEconomicOperator);
		}
		assert_ok!(declare(MAKER, materials()));
		MockConsortium::suspend(MAKER);
		assert_noop!(
			declare(MAKER, model_attributes().remove(0)),
			Error::<Test>::NotEconomicOperator
		);
		assert_noop!(
			Passport::withdraw(RuntimeOrigin::signed(MAKER), model(), AttributeKey::Materials),
			Error::<Test>::NotEconomicOperator
		);
	});
}

#[test]
fn a_competitor_cannot_touch_another_operators_passport() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, materials()));
		let before = Passport::model_view(MAKER, &model());
		// The same model name under the rival's own account is the rival's own passport.
		let mut forged = match materials() {
			Attribute::Materials(m) => m,
			_ => unreachable!(),
		};
		forged.cobalt.recycled_permille = 1_000;
		assert_ok!(declare(RIVAL, Attribute::Materials(forged)));
		assert_noop!(
			Passport::withdraw(RuntimeOrigin::signed(RIVAL), model(), AttributeKey::Identification),
			Error::<Test>::NotDeclared
		);
		assert_ok!(Passport::withdraw(
			RuntimeOrigin::signed(RIVAL),
			model(),
			AttributeKey::Materials
		));
		assert_eq!(Passport::model_view(MAKER, &model()), before);
	});
}

#[test]
fn invalid_models_and_attributes_are_refused_and_change_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Passport::declare(RuntimeOrigin::signed(MAKER), ModelName::default(), materials()),
			Error::<Test>::InvalidModel
		);
		assert_noop!(
			Passport::declare(
				RuntimeOrigin::signed(MAKER),
				ModelName::truncate_from(vec![0xc3, 0x28]),
				materials()
			),
			Error::<Test>::InvalidModel
		);
		let mut m = match materials() {
			Attribute::Materials(m) => m,
			_ => unreachable!(),
		};
		m.lithium.recycled_permille = 1_001;
		assert_noop!(declare(MAKER, Attribute::Materials(m.clone())), Error::<Test>::OutOfRange);
		m.lithium.recycled_permille = 0;
		m.nickel.location = BoundedVec::default();
		assert_noop!(declare(MAKER, Attribute::Materials(m.clone())), Error::<Test>::EmptyField);
		m.nickel.location = BoundedVec::truncate_from(vec![0xff]);
		assert_noop!(declare(MAKER, Attribute::Materials(m)), Error::<Test>::NotUtf8);
		let in_clear = Attribute::Documents(
			DocumentKind::SafetyMeasures,
			BoundedVec::truncate_from(vec![document("Safety", "https://x.eu/s")]),
		);
		assert_noop!(declare(MAKER, in_clear), Error::<Test>::MustBeSealed);
		let twice = Attribute::Documents(
			DocumentKind::DueDiligence,
			BoundedVec::truncate_from(vec![
				document("A", "https://x.eu/a"),
				document("B", "https://x.eu/a"),
			]),
		);
		assert_noop!(declare(MAKER, twice), Error::<Test>::DuplicateEntry);
		let mut operator = match model_attributes().remove(1) {
			Attribute::Operator(o) => o,
			_ => unreachable!(),
		};
		operator.economic_operator = *b"BPNX00000003AYRE";
		assert_noop!(declare(MAKER, Attribute::Operator(operator)), Error::<Test>::InvalidBpn);
		let mut footprint = match model_attributes().remove(2) {
			Attribute::CarbonFootprint(f) => f,
			_ => unreachable!(),
		};
		footprint.figures.remove(0);
		assert_noop!(
			declare(MAKER, Attribute::CarbonFootprint(footprint)),
			Error::<Test>::MissingTotalFootprint
		);
		assert!(Passport::model_view(MAKER, &model()).is_none());
	});
}

#[test]
fn declaring_the_same_value_again_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, materials()));
		assert_noop!(declare(MAKER, materials()), Error::<Test>::Unchanged);
	});
}

#[test]
fn a_withdrawal_is_a_new_version() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, materials()));
		assert_noop!(
			Passport::withdraw(RuntimeOrigin::signed(MAKER), model(), AttributeKey::Commercial),
			Error::<Test>::NotDeclared
		);
		assert_ok!(Passport::withdraw(
			RuntimeOrigin::signed(MAKER),
			model(),
			AttributeKey::Materials
		));
		assert_eq!(
			last_event(),
			Event::AttributeWithdrawn {
				operator: MAKER,
				model: model(),
				key: AttributeKey::Materials,
				version: 2,
			}
			.into()
		);
		// That was its last attribute: the model passport is gone and no longer counts.
		assert_eq!(Passport::model_view(MAKER, &model()), None);
		assert_eq!(ModelCounts::<Test>::get(MAKER), 0);
	});
}

#[test]
fn a_withdrawal_keeps_the_other_attributes() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, materials()));
		assert_ok!(declare(MAKER, model_attributes().remove(0)));
		assert_ok!(Passport::withdraw(
			RuntimeOrigin::signed(MAKER),
			model(),
			AttributeKey::Materials
		));
		let view = Passport::model_view(MAKER, &model()).expect("the passport stays");
		assert_eq!((view.version, view.attributes.len(), view.missing.len()), (3, 1, 5));
		assert_eq!(Models::<Test>::get((MAKER, model())).map(|m| m.attributes), Some(1));
	});
}

#[test]
fn an_operator_keeps_at_most_max_models() {
	new_test_ext().execute_with(|| {
		let named = |n: u8| ModelName::truncate_from(vec![b'A' + n]);
		for n in 0..3 {
			assert_ok!(Passport::declare(RuntimeOrigin::signed(MAKER), named(n), materials()));
		}
		assert_eq!(ModelCounts::<Test>::get(MAKER), 3);
		// More attributes of a model it has are fine; a fourth model is not.
		assert_ok!(Passport::declare(
			RuntimeOrigin::signed(MAKER),
			named(0),
			model_attributes().remove(0)
		));
		assert_noop!(
			Passport::declare(RuntimeOrigin::signed(MAKER), named(3), materials()),
			Error::<Test>::TooManyModels
		);
		// Another operator has its own allowance.
		assert_ok!(Passport::declare(RuntimeOrigin::signed(RIVAL), named(3), materials()));
		// Withdrawing a model's only attribute frees its place.
		assert_ok!(Passport::withdraw(
			RuntimeOrigin::signed(MAKER),
			named(1),
			AttributeKey::Materials
		));
		assert_ok!(Passport::declare(RuntimeOrigin::signed(MAKER), named(3), materials()));
		assert_eq!(ModelCounts::<Test>::get(MAKER), 3);
	});
}

#[test]
fn the_version_cannot_overflow() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, materials()));
		Models::<Test>::insert(
			(MAKER, model()),
			ModelRecord {
				version: u32::MAX,
				first_declared_ms: NOW_MS,
				updated_ms: NOW_MS,
				attributes: 1,
			},
		);
		assert_noop!(declare(MAKER, model_attributes().remove(0)), Error::<Test>::VersionOverflow);
		assert_noop!(
			Passport::withdraw(RuntimeOrigin::signed(MAKER), model(), AttributeKey::Materials),
			Error::<Test>::VersionOverflow
		);
	});
}

#[test]
fn unknown_models_read_as_none() {
	new_test_ext().execute_with(|| {
		assert_eq!(Passport::model_view(MAKER, &model()), None);
		assert_eq!(Passport::model_view(MAKER, &[b'x'; 65]), None);
		assert_ok!(declare(MAKER, largest_attribute()));
		assert_eq!(Passport::model_view(RIVAL, &model()), None);
	});
}

#[test]
fn restricted_links_are_sealed_for_the_operator_and_the_authority_only() {
	new_test_ext().execute_with(|| {
		// Someone else's key on the link, or one of the two missing: refused.
		assert_noop!(
			declare(MAKER, dismantling(&[OPERATOR_KEY, AUTHORITY_KEY, RIVAL_KEY])),
			Error::<Test>::UnexpectedRecipient
		);
		assert_noop!(declare(MAKER, dismantling(&[OPERATOR_KEY])), Error::<Test>::MissingRecipient);
		// A link sealed about another model.
		let other = Attribute::Restricted(
			DocumentKind::Dismantling,
			BoundedVec::truncate_from(vec![restricted("Dismantling", b"pdf", b"OTHER", &KEYS)]),
		);
		assert_noop!(declare(MAKER, other), Error::<Test>::EnvelopeMismatch);
		// An operator without a reader key seals for the Authority alone.
		MockConsortium::reset_reader_key(MAKER);
		assert_eq!(Passport::document_keys(&MAKER), vec![AUTHORITY_KEY]);
		assert_noop!(declare(MAKER, dismantling(&KEYS)), Error::<Test>::UnexpectedRecipient);
		MockConsortium::set_reader_key(MAKER, OPERATOR_KEY);
		assert_eq!(Passport::document_keys(&MAKER), KEYS.to_vec());
		assert_ok!(declare(MAKER, dismantling(&KEYS)));
	});
}

#[test]
fn the_operator_grants_a_restricted_link_to_readers_of_its_tier() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, dismantling(&KEYS)));
		let version = Models::<Test>::get((MAKER, model())).map(|m| m.version);
		assert_ok!(grant(MAKER, &[OPERATOR_READER_KEY, RECYCLER_KEY]));
		assert_eq!(
			last_event(),
			Event::DocumentGranted {
				operator: MAKER,
				model: model(),
				kind: DocumentKind::Dismantling,
				index: 0,
				readers: 2,
			}
			.into()
		);
		assert_eq!(
			link_readers(),
			vec![OPERATOR_KEY, AUTHORITY_KEY, OPERATOR_READER_KEY, RECYCLER_KEY]
		);
		// The document did not change: neither did the version.
		assert_eq!(Models::<Test>::get((MAKER, model())).map(|m| m.version), version);
		// An Authority member grants too (through the Authority's key on the link).
		MockConsortium::register_user(OPERATOR, STRANGER);
		MockConsortium::set_reader_key(STRANGER, STRANGER_KEY);
		assert_ok!(grant(AUTHORITY, &[STRANGER_KEY]));
		assert_noop!(grant(MAKER, &[RECYCLER_KEY]), Error::<Test>::AlreadyRecipient);
	});
}

#[test]
fn a_grant_outside_the_tier_or_by_an_outsider_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(declare(MAKER, dismantling(&KEYS)));
		let before = link_readers();
		// A competing manufacturer is no reader of the legitimate-interest tier, nor is a key
		// nobody registered.
		assert_noop!(grant(MAKER, &[RIVAL_KEY]), Error::<Test>::UnexpectedRecipient);
		assert_noop!(grant(MAKER, &[STRANGER_KEY]), Error::<Test>::UnexpectedRecipient);
		// Only the operator or an Authority member grants.
		for who in [RIVAL, RECYCLER, OPERATOR, STRANGER] {
			assert_noop!(grant(who, &[OPERATOR_READER_KEY]), Error::<Test>::NotGranter);
		}
		assert_noop!(grant(MAKER, &[]), Error::<Test>::EmptyGrant);
		assert_noop!(
			grant(MAKER, &[OPERATOR_READER_KEY, OPERATOR_READER_KEY]),
			Error::<Test>::DuplicateRecipient
		);
		assert_noop!(
			Passport::grant_document(
				RuntimeOrigin::signed(MAKER),
				MAKER,
				model(),
				DocumentKind::Dismantling,
				1,
				BoundedVec::truncate_from(placeholder_wraps(&[OPERATOR_READER_KEY])),
			),
			Error::<Test>::NoSuchDocument
		);
		// A public kind has no sealed link; an undeclared kind has nothing.
		for kind in [DocumentKind::DueDiligence, DocumentKind::SafetyMeasures] {
			assert_noop!(
				Passport::grant_document(
					RuntimeOrigin::signed(MAKER),
					MAKER,
					model(),
					kind,
					0,
					BoundedVec::truncate_from(placeholder_wraps(&[OPERATOR_READER_KEY])),
				),
				Error::<Test>::NotDeclared
			);
		}
		// After a key rotation the maker's old key is still on the link: it still grants.
		MockConsortium::set_reader_key(MAKER, [0x12; 32]);
		assert_ok!(grant(MAKER, &[OPERATOR_READER_KEY]));
		// A suspended operator does not.
		MockConsortium::suspend(MAKER);
		assert_noop!(grant(MAKER, &[RECYCLER_KEY]), Error::<Test>::NotGranter);
		assert_eq!(link_readers().len(), before.len() + 1);
	});
}

#[test]
fn an_authorities_document_is_granted_to_the_authorities_only() {
	new_test_ext().execute_with(|| {
		let report = Attribute::Restricted(
			DocumentKind::TestReport,
			BoundedVec::truncate_from(vec![restricted("Tests", b"pdf", MODEL, &KEYS)]),
		);
		assert_ok!(declare(MAKER, report));
		assert_noop!(
			Passport::grant_document(
				RuntimeOrigin::signed(MAKER),
				MAKER,
				model(),
				DocumentKind::TestReport,
				0,
				BoundedVec::truncate_from(placeholder_wraps(&[RECYCLER_KEY])),
			),
			Error::<Test>::UnexpectedRecipient
		);
	});
}

fn set_id(
	who: AccountId,
	operator: AccountId,
	bpnl: &[u8; 16],
) -> frame_support::dispatch::DispatchResult {
	Passport::set_operator_id(RuntimeOrigin::signed(who), operator, *bpnl)
}

fn operator_attribute(bpnl: &[u8; 16]) -> Attribute {
	match model_attributes().remove(1) {
		Attribute::Operator(mut operator) => {
			operator.economic_operator = *bpnl;
			Attribute::Operator(operator)
		},
		_ => unreachable!(),
	}
}

#[test]
fn an_operator_names_only_the_bpnl_the_authority_bound_to_it() {
	new_test_ext().execute_with(|| {
		// A competitor cannot present itself as the maker, bound or not.
		assert_noop!(declare(RIVAL, operator_attribute(&MAKER_BPNL)), Error::<Test>::ForeignBpn);
		assert_noop!(
			declare(RIVAL, operator_attribute(b"BPNL00000000RIVL")),
			Error::<Test>::ForeignBpn
		);
		// Only an Authority member binds, a well-formed BPNL, one account per BPNL.
		assert_noop!(set_id(MAKER, RIVAL, b"BPNL00000000RIVL"), Error::<Test>::NotAuthority);
		assert_noop!(set_id(AUTHORITY, RIVAL, b"BPNA00000000RIVL"), Error::<Test>::InvalidBpn);
		assert_noop!(set_id(AUTHORITY, RIVAL, &MAKER_BPNL), Error::<Test>::BpnTaken);
		assert_ok!(set_id(AUTHORITY, RIVAL, b"BPNL00000000RIVL"));
		assert_eq!(
			last_event(),
			Event::OperatorIdSet { operator: RIVAL, bpnl: *b"BPNL00000000RIVL" }.into()
		);
		assert_ok!(declare(RIVAL, operator_attribute(b"BPNL00000000RIVL")));
		assert_noop!(declare(RIVAL, operator_attribute(&MAKER_BPNL)), Error::<Test>::ForeignBpn);
		// Binding again is no error; a new BPNL frees the old one.
		assert_ok!(set_id(AUTHORITY, MAKER, &MAKER_BPNL));
		assert_ok!(set_id(AUTHORITY, MAKER, b"BPNL00000000NEW1"));
		assert_eq!(OperatorOfId::<Test>::get(MAKER_BPNL), None);
		assert_noop!(declare(MAKER, operator_attribute(&MAKER_BPNL)), Error::<Test>::ForeignBpn);
		assert_ok!(set_id(AUTHORITY, RIVAL, &MAKER_BPNL));
	});
}
