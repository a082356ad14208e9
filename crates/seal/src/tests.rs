//! Round trips, every refusal, grants and tampering.

use super::*;
use sp_runtime::traits::ConstU32;

type Small = Envelope<ConstU32<256>, ConstU32<4>>;

/// Deterministic "randomness" for the tests: a counter-based byte stream.
fn stream(seed: u8) -> impl FnMut(&mut [u8]) {
	let mut next = seed;
	move |buf: &mut [u8]| {
		for byte in buf.iter_mut() {
			next = next.wrapping_mul(31).wrapping_add(7);
			*byte = next;
		}
	}
}

fn battery() -> BatteryId {
	BatteryId::truncate_from(b"03HPE0A2D000C7LB50000001".to_vec())
}

const OPERATOR: ReaderSecretKey = [11; 32];
const AUTHORITY: ReaderSecretKey = [22; 32];
const COMPETITOR: ReaderSecretKey = [33; 32];
const NEWCOMER: ReaderSecretKey = [44; 32];

fn sealed(plaintext: &[u8]) -> Small {
	seal(
		DataCategory::Maintenance,
		&battery(),
		plaintext,
		&[public_key(&OPERATOR), public_key(&AUTHORITY)],
		&mut stream(1),
	)
	.unwrap()
}

#[test]
fn readers_open_others_do_not() {
	let envelope = sealed(b"replaced module 3");
	assert_eq!(open(&envelope, &OPERATOR).unwrap(), b"replaced module 3");
	assert_eq!(open(&envelope, &AUTHORITY).unwrap(), b"replaced module 3");
	assert_eq!(open(&envelope, &COMPETITOR), Err(OpenError::NotARecipient));
	// The ciphertext does not contain the plaintext.
	let SealedBody::Inline { ciphertext, .. } = &envelope.body else { panic!("inline") };
	assert!(!ciphertext.windows(8).any(|w| w == b"replaced"));
	assert_eq!(ciphertext.len(), SALT_LEN + b"replaced module 3".len() + TAG_LEN);
	assert_eq!(envelope.readers.len(), 2);
	assert_eq!(
		check_recipients(&envelope, &[public_key(&AUTHORITY), public_key(&OPERATOR)]),
		Ok(())
	);
}

#[test]
fn the_same_plaintext_seals_differently() {
	let a = sealed(b"Normal");
	let b: Small = seal(
		DataCategory::Maintenance,
		&battery(),
		b"Normal",
		&[public_key(&OPERATOR), public_key(&AUTHORITY)],
		&mut stream(2),
	)
	.unwrap();
	assert_ne!(a.commitment, b.commitment, "salted: equal plaintexts are not linkable");
	assert_ne!(a.body, b.body);
}

#[test]
fn tampering_is_detected() {
	let envelope = sealed(b"inspection ok");
	let mut body = envelope.clone();
	if let SealedBody::Inline { ciphertext, .. } = &mut body.body {
		ciphertext[40] ^= 1;
	}
	assert_eq!(open(&body, &OPERATOR), Err(OpenError::BadCiphertext));
	let mut wrap = envelope.clone();
	wrap.readers[0].wrapped[0] ^= 1;
	assert_eq!(open(&wrap, &OPERATOR), Err(OpenError::BadWrappedKey));
	// Moved to another battery or category: the commitment no longer matches.
	let mut moved = envelope.clone();
	moved.battery = BatteryId::truncate_from(b"03HPE0A2D000C7LB50000002".to_vec());
	assert_eq!(open(&moved, &OPERATOR), Err(OpenError::CommitmentMismatch));
	let mut recategorised = envelope.clone();
	recategorised.category = DataCategory::Usage;
	assert_eq!(open(&recategorised, &OPERATOR), Err(OpenError::CommitmentMismatch));
	// A reader key swapped in for another's wrap does not open it.
	let mut stolen = envelope;
	stolen.readers[1].reader = public_key(&COMPETITOR);
	assert_eq!(open(&stolen, &COMPETITOR), Err(OpenError::BadWrappedKey));
}

#[test]
fn a_grant_lets_a_newcomer_open_the_old_record() {
	let mut envelope = sealed(b"service log");
	assert_eq!(open(&envelope, &NEWCOMER), Err(OpenError::NotARecipient));
	let added = grant(&envelope, &OPERATOR, &[public_key(&NEWCOMER)], &mut stream(9)).unwrap();
	assert_eq!(added.len(), 1);
	envelope.readers.try_push(added[0].clone()).unwrap();
	assert_eq!(open(&envelope, &NEWCOMER).unwrap(), b"service log");
	// Only a reader can grant.
	assert_eq!(
		grant(&envelope, &COMPETITOR, &[public_key(&COMPETITOR)], &mut stream(3)),
		Err(OpenError::NotARecipient)
	);
}

#[test]
fn bounds_and_duplicates_are_refused() {
	let too_many: Result<Small, _> = seal(
		DataCategory::Usage,
		&battery(),
		b"x",
		&[[1; 32], [2; 32], [3; 32], [4; 32], [5; 32]],
		&mut stream(1),
	);
	assert_eq!(too_many, Err(SealError::TooManyReaders));
	let too_large: Result<Small, _> =
		seal(DataCategory::Usage, &battery(), &[0; 256], &[[1; 32]], &mut stream(1));
	assert_eq!(too_large, Err(SealError::TooLarge));
	let duplicate: Result<Small, _> =
		seal(DataCategory::Usage, &battery(), b"x", &[[1; 32], [1; 32]], &mut stream(1));
	assert_eq!(duplicate, Err(SealError::DuplicateReader));
	let mut aliased = [1u8; 32];
	aliased[31] |= 0x80;
	let weak: Result<Small, _> =
		seal(DataCategory::Usage, &battery(), b"x", &[[0; 32], [1; 32]], &mut stream(1));
	assert_eq!(weak, Err(SealError::InvalidReaderKey));
	let aliased: Result<Small, _> =
		seal(DataCategory::Usage, &battery(), b"x", &[aliased], &mut stream(1));
	assert_eq!(aliased, Err(SealError::InvalidReaderKey));
}

#[test]
fn detached_bodies_open_with_the_fetched_ciphertext() {
	let (envelope, ciphertext): (Small, _) = seal_detached(
		DataCategory::Refurbishment,
		&battery(),
		b"full test report",
		&[public_key(&OPERATOR)],
		b"ipfs://bafy-report",
		&mut stream(5),
	)
	.unwrap();
	assert_eq!(open(&envelope, &OPERATOR), Err(OpenError::Detached));
	assert_eq!(open_detached(&envelope, &OPERATOR, &ciphertext).unwrap(), b"full test report");
	let mut other = ciphertext.clone();
	other[0] ^= 1;
	assert_eq!(open_detached(&envelope, &OPERATOR, &other), Err(OpenError::CiphertextHashMismatch));
}

/// A wrap is a plain NaCl `box` (what `nacl.box.open` of tweetnacl opens): with the ephemeral
/// public key, the reader's secret and the nonce derived from the two public keys it gives the
/// data key.
#[test]
fn wraps_are_nacl_boxes() {
	let reader = public_key(&OPERATOR);
	let data_key = [5u8; DATA_KEY_LEN];
	let wrap = wrap(&data_key, &reader, &mut stream(4)).unwrap();
	// Opening it as a plain NaCl box, with the nonce derived from the public keys, gives the key.
	let opened = SalsaBox::new(&PublicKey::from(wrap.ephemeral), &SecretKey::from(OPERATOR))
		.decrypt(&wrap_nonce(&wrap.ephemeral, &reader).into(), wrap.wrapped.as_slice())
		.unwrap();
	assert_eq!(opened, data_key);
}

#[test]
fn salted_seals_of_one_plaintext_share_their_commitment_only() {
	let batch = sealed(b"the batch");
	let (batch_salt, _) = open_salted(&batch, &OPERATOR).unwrap();
	let salt = derive_salt(&batch_salt, b"health");
	assert_ne!(salt, derive_salt(&batch_salt, b"twin"), "one salt per purpose");
	assert_ne!(salt, batch_salt);
	let readers = [public_key(&OPERATOR), public_key(&AUTHORITY)];
	let seal_with = |seed: u8, plaintext: &[u8]| -> Small {
		seal_salted(DataCategory::Usage, &battery(), plaintext, &readers, &salt, &mut stream(seed))
			.unwrap()
	};
	// Two estimators, each with its own randomness: the same commitment, different bodies.
	let (first, second) = (seal_with(3, b"SOH 91.2 %"), seal_with(4, b"SOH 91.2 %"));
	assert_eq!(first.commitment, second.commitment);
	assert_ne!(first.body, second.body);
	assert_ne!(first.readers, second.readers);
	// A different result commits differently; each opens to its plaintext and salt.
	assert_ne!(seal_with(3, b"SOH 91.3 %").commitment, first.commitment);
	assert_eq!(open_salted(&second, &AUTHORITY).unwrap(), (salt, b"SOH 91.2 %".to_vec()));
	// Without the batch's salt the commitment cannot be recomputed from a guess.
	let guessed = commitment(DataCategory::Usage, &battery(), &[0; SALT_LEN], b"SOH 91.2 %");
	assert_ne!(guessed, first.commitment);
	assert_eq!(commitment(DataCategory::Usage, &battery(), &salt, b"SOH 91.2 %"), first.commitment);
}
