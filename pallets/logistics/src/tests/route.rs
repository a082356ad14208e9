//! Sealed terms and checkpoints: exactly the shipment's parties and the Authority.

use super::*;
use crate::{Checkpoints, Error, Event, SealedCheckpoint};
use battery_primitives::logistics::{CheckpointDetails, Position};
use codec::{Decode, Encode};
use frame_support::assert_noop;

#[test]
fn terms_are_sealed_for_exactly_the_parties_and_the_authority() {
	new_test_ext().execute_with(|| {
		let propose_with = |terms: LogisticsEnvelope| {
			Logistics::propose_shipment(
				RuntimeOrigin::signed(manufacturer()),
				carrier(),
				operator(),
				batteries([1]),
				PICKUP,
				DELIVERY,
				0,
				terms,
			)
		};
		// A competitor carrier smuggled in, the recipient left out, another battery named.
		assert_noop!(
			propose_with(sealed_for(
				1,
				&[manufacturer(), carrier(), operator(), other_carrier()],
				b"x"
			)),
			Error::<Test>::UnexpectedRecipient
		);
		assert_noop!(
			propose_with(sealed_for(1, &[manufacturer(), carrier()], b"x")),
			Error::<Test>::MissingRecipient
		);
		assert_noop!(propose_with(terms(2)), Error::<Test>::EnvelopeMismatch);
		assert_ok!(propose_with(terms(1)));
		// The parties and the Authority open the terms; the other carrier does not.
		let shipment = crate::Shipments::<Test>::get(0).unwrap();
		for secret in [MANUFACTURER_SECRET, CARRIER_SECRET, OPERATOR_SECRET, AUTHORITY_SECRET] {
			assert_eq!(
				battery_seal::open(&shipment.terms, &secret).unwrap(),
				b"route: Ningde - Munich; EUR 900"
			);
		}
		assert_eq!(
			battery_seal::open(&shipment.terms, &OTHER_CARRIER_SECRET),
			Err(battery_seal::OpenError::NotARecipient)
		);
	});
}

#[test]
fn the_carrier_records_sealed_checkpoints_in_transit_only() {
	new_test_ext().execute_with(|| {
		let id = propose([1, 2], 0);
		// Time, position (Munich, 10⁻⁷ degree) and note, as the carrier seals them.
		let details = |note: &[u8]| CheckpointDetails {
			at_ms: NOW_MS,
			position: Position::Coordinates { latitude_e7: 481_351_000, longitude_e7: 115_820_000 },
			note: note.to_vec().try_into().expect("short note"),
		};
		let point = |note: &[u8]| {
			let plaintext = details(note).encode();
			SealedCheckpoint::new(sealed_for(
				1,
				&[manufacturer(), carrier(), operator()],
				&plaintext,
			))
		};
		assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
		assert_noop!(
			Logistics::record_checkpoint(RuntimeOrigin::signed(carrier()), id, point(b"depot")),
			Error::<Test>::WrongStatus
		);
		assert_ok!(Logistics::pick_up(RuntimeOrigin::signed(carrier()), id));
		assert_noop!(
			Logistics::record_checkpoint(RuntimeOrigin::signed(operator()), id, point(b"x")),
			Error::<Test>::NotCarrier
		);
		assert_noop!(
			Logistics::record_checkpoint(
				RuntimeOrigin::signed(carrier()),
				id,
				SealedCheckpoint::new(sealed_for(1, &[carrier()], b"only me"))
			),
			Error::<Test>::MissingRecipient
		);
		for (k, text) in
			[&b"47.1N 11.5E 08:00"[..], b"48.1N 11.6E 12:00", b"gate"].iter().enumerate()
		{
			assert_ok!(Logistics::record_checkpoint(
				RuntimeOrigin::signed(carrier()),
				id,
				point(text)
			));
			System::assert_last_event(
				Event::CheckpointRecorded { shipment: id, index: k as u32 }.into(),
			);
		}
		assert_noop!(
			Logistics::record_checkpoint(RuntimeOrigin::signed(carrier()), id, point(b"one more")),
			Error::<Test>::TooManyCheckpoints
		);
		assert_eq!(crate::CheckpointCount::<Test>::get(id), 3);
		let first = Checkpoints::<Test>::get(id, 0).unwrap();
		let opened = battery_seal::open(&first.details, &OPERATOR_SECRET).unwrap();
		assert_eq!(
			CheckpointDetails::decode(&mut &opened[..]).unwrap(),
			details(b"47.1N 11.5E 08:00")
		);
		assert!(battery_seal::open(&first.details, &OTHER_CARRIER_SECRET).is_err());
	});
}
