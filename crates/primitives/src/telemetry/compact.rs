//! The compact encoding of a batch's samples: per column deltas, zigzag mapped and bit packed in
//! blocks of [`BLOCK_LEN`] samples. On the drive cycles of `socsoh` it takes 2.2 to 3.4 bytes a
//! sample instead of the 10 of [`super::Reading`]'s SCALE form (see the README's throughput
//! section for the measured table).
//!
//! # Layout (format version [`COMPACT_FORMAT_VERSION`])
//!
//! - Byte 0: the format version.
//! - Then one bit stream, least significant bit first within each byte: for each block of
//!   [`BLOCK_LEN`] consecutive samples (the last block may be shorter), for each column in the
//!   order current, voltage, temperature:
//!   - 6 bits: the width `w` of the block's values of that column,
//!   - the block's values, `w` bits each: the zigzag map of the difference between the sample's
//!     value and the previous sample's value of the same column (the value itself for the first
//!     sample of the batch).
//! - Zero bits up to the next byte boundary, and nothing after.
//!
//! # One encoding per batch
//!
//! `w` is the bit length of the largest value of the block (0 when every difference is 0), so
//! the encoding of a batch is unique: the decoder refuses any other width, a padding bit that is
//! set, a byte after the stream and a value outside its column's type. A commitment to the
//! compact bytes is therefore a commitment to the decoded samples: two different encodings of
//! the same samples do not exist.

use super::Reading;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// Version of the compact layout; the first byte of every compact batch.
pub const COMPACT_FORMAT_VERSION: u8 = 1;

/// Samples per block: the values of one column in a block share one width.
pub const BLOCK_LEN: usize = 16;

/// Bits of a block's width field.
const WIDTH_BITS: u32 = 6;

/// How the samples of a batch are encoded before sealing.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum SampleEncoding {
	/// The SCALE encoding of `Vec<Reading>` (10 bytes a sample).
	#[default]
	#[codec(index = 0)]
	Scale,
	/// The compact encoding of this module.
	#[codec(index = 1)]
	Compact,
}

/// Why the bytes of a batch do not decode to its samples.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum SampleDecodeError {
	/// The SCALE form does not decode to exactly the declared number of readings.
	#[codec(index = 0)]
	BadScale,
	/// The compact form starts with a format version this code does not know.
	#[codec(index = 1)]
	UnknownVersion,
	/// The bit stream ends before the declared number of samples.
	#[codec(index = 2)]
	Truncated,
	/// A block's width exceeds what its column's type can need.
	#[codec(index = 3)]
	WidthTooLarge,
	/// A block's width is not the bit length of its largest value (the encoding is not the
	/// canonical one).
	#[codec(index = 4)]
	NonCanonicalWidth,
	/// A decoded value is outside its column's type.
	#[codec(index = 5)]
	ValueOutOfRange,
	/// A padding bit after the stream is set.
	#[codec(index = 6)]
	NonZeroPadding,
	/// Bytes follow the stream.
	#[codec(index = 7)]
	TrailingBytes,
}

/// The columns of a [`Reading`], in stream order, with the range of their type.
#[derive(Clone, Copy)]
enum Column {
	Current,
	Voltage,
	Temperature,
}

impl Column {
	const ALL: [Column; 3] = [Column::Current, Column::Voltage, Column::Temperature];

	fn get(self, reading: &Reading) -> i64 {
		match self {
			Column::Current => i64::from(reading.current_ma),
			Column::Voltage => i64::from(reading.voltage_mv),
			Column::Temperature => i64::from(reading.temp_decic),
		}
	}

	fn set(self, reading: &mut Reading, value: i64) -> Result<(), SampleDecodeError> {
		let out_of_range = |_| SampleDecodeError::ValueOutOfRange;
		match self {
			Column::Current => reading.current_ma = i32::try_from(value).map_err(out_of_range)?,
			Column::Voltage => reading.voltage_mv = i32::try_from(value).map_err(out_of_range)?,
			Column::Temperature => {
				reading.temp_decic = i16::try_from(value).map_err(out_of_range)?
			},
		}
		Ok(())
	}

	/// The widest value a block of this column can need: the zigzag map of the difference of
	/// two values of the type.
	fn max_width(self) -> u32 {
		match self {
			Column::Current | Column::Voltage => 33,
			Column::Temperature => 17,
		}
	}
}

fn zigzag(delta: i64) -> u64 {
	((delta << 1) ^ (delta >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
	((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// Bit length of `value` (0 for 0).
fn bit_length(value: u64) -> u32 {
	u64::BITS - value.leading_zeros()
}

/// The compact encoding of `readings`.
pub fn encode(readings: &[Reading]) -> Vec<u8> {
	let mut writer = BitWriter::with_capacity(readings.len().saturating_mul(4).saturating_add(1));
	writer.out.push(COMPACT_FORMAT_VERSION);
	let mut previous = [0i64; 3];
	let mut values = [0u64; BLOCK_LEN];
	for block in readings.chunks(BLOCK_LEN) {
		for (column, previous) in Column::ALL.into_iter().zip(previous.iter_mut()) {
			let mut widest = 0;
			for (reading, value) in block.iter().zip(values.iter_mut()) {
				let current = column.get(reading);
				// Both are values of an i32 or i16: the difference fits an i64.
				*value = zigzag(current - *previous);
				*previous = current;
				widest |= *value;
			}
			let width = bit_length(widest);
			writer.write(u64::from(width), WIDTH_BITS);
			for value in &values[..block.len()] {
				writer.write(*value, width);
			}
		}
	}
	writer.finish()
}

/// Decode `samples` readings from their compact encoding `bytes`.
pub fn decode(bytes: &[u8], samples: u32) -> Result<Vec<Reading>, SampleDecodeError> {
	let (&version, stream) = bytes.split_first().ok_or(SampleDecodeError::Truncated)?;
	if version != COMPACT_FORMAT_VERSION {
		return Err(SampleDecodeError::UnknownVersion);
	}
	let samples = samples as usize;
	// Every block costs at least its three width fields, so a count the bytes cannot hold fails
	// before anything is allocated for it.
	if min_len(samples) > bytes.len() {
		return Err(SampleDecodeError::Truncated);
	}
	let mut readings = alloc::vec![Reading::default(); samples];
	let mut reader = BitReader::new(stream);
	let mut previous = [0i64; 3];
	for block in readings.chunks_mut(BLOCK_LEN) {
		for (column, previous) in Column::ALL.into_iter().zip(previous.iter_mut()) {
			let width = reader.read(WIDTH_BITS)? as u32;
			if width > column.max_width() {
				return Err(SampleDecodeError::WidthTooLarge);
			}
			let mut widest = 0;
			for reading in block.iter_mut() {
				let value = reader.read(width)?;
				widest |= value;
				// `value` has at most 33 bits: the sum stays far inside an i64.
				let current = *previous + unzigzag(value);
				column.set(reading, current)?;
				*previous = current;
			}
			if bit_length(widest) != width {
				return Err(SampleDecodeError::NonCanonicalWidth);
			}
		}
	}
	reader.finish()?;
	Ok(readings)
}

/// The fewest bytes a compact encoding of `samples` readings takes: the version byte and the
/// width fields of its blocks.
pub fn min_len(samples: usize) -> usize {
	let blocks = samples.div_ceil(BLOCK_LEN);
	let bits = blocks.saturating_mul(Column::ALL.len()).saturating_mul(WIDTH_BITS as usize);
	bits.div_ceil(8).saturating_add(1)
}

/// A bit stream writer, least significant bit first.
struct BitWriter {
	out: Vec<u8>,
	pending: u64,
	bits: u32,
}

impl BitWriter {
	fn with_capacity(capacity: usize) -> Self {
		Self { out: Vec::with_capacity(capacity), pending: 0, bits: 0 }
	}

	/// Append the low `width` bits of `value` (`width` ≤ 33, `value` < 2^`width`).
	fn write(&mut self, value: u64, width: u32) {
		if width == 0 {
			return;
		}
		// At most 7 pending bits before, 40 after: inside the u64.
		self.pending |= value << self.bits;
		self.bits += width;
		while self.bits >= 8 {
			self.out.push(self.pending as u8);
			self.pending >>= 8;
			self.bits -= 8;
		}
	}

	fn finish(mut self) -> Vec<u8> {
		if self.bits > 0 {
			self.out.push(self.pending as u8);
		}
		self.out
	}
}

/// A bit stream reader, least significant bit first.
struct BitReader<'a> {
	bytes: &'a [u8],
	next: usize,
	pending: u64,
	bits: u32,
}

impl<'a> BitReader<'a> {
	fn new(bytes: &'a [u8]) -> Self {
		Self { bytes, next: 0, pending: 0, bits: 0 }
	}

	/// The next `width` bits (`width` ≤ 33).
	fn read(&mut self, width: u32) -> Result<u64, SampleDecodeError> {
		if width == 0 {
			return Ok(0);
		}
		while self.bits < width {
			let byte = *self.bytes.get(self.next).ok_or(SampleDecodeError::Truncated)?;
			self.pending |= u64::from(byte) << self.bits;
			self.bits += 8;
			self.next += 1;
		}
		let value = self.pending & ((1u64 << width) - 1);
		self.pending >>= width;
		self.bits -= width;
		Ok(value)
	}

	/// The stream is over: the rest of the last byte is zero and no byte follows.
	fn finish(self) -> Result<(), SampleDecodeError> {
		if self.pending != 0 {
			return Err(SampleDecodeError::NonZeroPadding);
		}
		if self.next != self.bytes.len() {
			return Err(SampleDecodeError::TrailingBytes);
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	fn reading(current_ma: i32, voltage_mv: i32, temp_decic: i16) -> Reading {
		Reading { current_ma, voltage_mv, temp_decic }
	}

	/// A drive-like batch: a slow discharge with a wobbling current and sensor noise.
	fn drive(samples: usize) -> Vec<Reading> {
		(0..samples)
			.map(|k| {
				let k = k as i32;
				reading(2_000 + (k * 37) % 900 - 450, 4_100 - k / 3 + (k % 7), 250 + (k % 3) as i16)
			})
			.collect()
	}

	#[test]
	fn a_known_batch_has_this_exact_encoding() {
		// The same bytes are checked by the JavaScript encoder's test (scripts/lib/compact.test.mjs),
		// so the tools and the off-chain worker agree bit for bit.
		let readings =
			[reading(1_000, 3_700, 250), reading(1_002, 3_699, 250), reading(-5, 3_698, 251)];
		let bytes = encode(&readings);
		assert_eq!(
			bytes,
			[
				0x01, 0x0b, 0xf4, 0x09, 0xd0, 0xfd, 0x06, 0x9d, 0x07, 0x80, 0x00, 0x90, 0xd0, 0x07,
				0x20, 0x00
			]
		);
		assert_eq!(decode(&bytes, 3), Ok(readings.to_vec()));
	}

	#[test]
	fn round_trips_the_edges_of_every_column() {
		let extremes = [
			reading(i32::MIN, i32::MAX, i16::MIN),
			reading(i32::MAX, i32::MIN, i16::MAX),
			reading(0, 0, 0),
			reading(i32::MAX, i32::MAX, i16::MAX),
			reading(i32::MIN, i32::MIN, i16::MIN),
		];
		let bytes = encode(&extremes);
		assert_eq!(decode(&bytes, 5), Ok(extremes.to_vec()));
		assert_eq!(encode(&[]), [COMPACT_FORMAT_VERSION]);
		assert_eq!(decode(&[COMPACT_FORMAT_VERSION], 0), Ok(Vec::new()));
	}

	#[test]
	fn a_drive_takes_well_under_half_the_scale_size() {
		let readings = drive(3_600);
		let bytes = encode(&readings);
		assert!(bytes.len() * 2 < readings.len() * 10, "{} bytes", bytes.len());
		assert_eq!(decode(&bytes, 3_600), Ok(readings));
		// A constant batch is just the width fields and its first block (whose first values are
		// the readings themselves: 13 bits for the voltage, 9 for the temperature, 16 times).
		let constant = alloc::vec![reading(0, 3_700, 250); 3_600];
		let bytes = encode(&constant);
		assert_eq!(bytes.len(), min_len(3_600) + (16 * (13 + 9)) / 8);
		assert_eq!(decode(&bytes, 3_600), Ok(constant));
	}

	#[test]
	fn refuses_what_is_not_the_canonical_encoding_of_the_declared_count() {
		let readings = drive(40);
		let bytes = encode(&readings);
		assert_eq!(decode(&[], 0), Err(SampleDecodeError::Truncated));
		let mut version = bytes.clone();
		version[0] = 2;
		assert_eq!(decode(&version, 40), Err(SampleDecodeError::UnknownVersion));
		assert_eq!(decode(&bytes[..bytes.len() - 1], 40), Err(SampleDecodeError::Truncated));
		// One sample more than encoded: the stream runs out of step (which check fails first
		// depends on the bits).
		assert!(decode(&bytes, 41).is_err());
		assert_eq!(decode(&bytes, u32::MAX), Err(SampleDecodeError::Truncated));
		let mut trailing = bytes.clone();
		trailing.push(0);
		assert_eq!(decode(&trailing, 40), Err(SampleDecodeError::TrailingBytes));
		// Fewer samples than encoded: out of step again.
		assert!(decode(&bytes, 39).is_err());

		// One sample of current 1 (zigzag 2, width 2), voltage 0, temperature 0.
		let one = encode(&[reading(1, 0, 0)]);
		assert_eq!(one, [1, 0b1000_0010, 0, 0]);
		// The same value with width 3 instead of 2 (not the canonical width).
		let mut wide = BitWriter::with_capacity(4);
		wide.out.push(COMPACT_FORMAT_VERSION);
		wide.write(3, WIDTH_BITS);
		wide.write(2, 3);
		wide.write(0, WIDTH_BITS);
		wide.write(0, WIDTH_BITS);
		assert_eq!(decode(&wide.finish(), 1), Err(SampleDecodeError::NonCanonicalWidth));
		// A width the temperature column can never need.
		let mut too_wide = BitWriter::with_capacity(8);
		too_wide.out.push(COMPACT_FORMAT_VERSION);
		too_wide.write(0, WIDTH_BITS);
		too_wide.write(0, WIDTH_BITS);
		too_wide.write(18, WIDTH_BITS);
		too_wide.write(1 << 17, 18);
		assert_eq!(decode(&too_wide.finish(), 1), Err(SampleDecodeError::WidthTooLarge));
		// A value past the column's type: temperature 32767 + 1.
		let mut past = BitWriter::with_capacity(16);
		past.out.push(COMPACT_FORMAT_VERSION);
		past.write(0, WIDTH_BITS);
		past.write(0, WIDTH_BITS);
		past.write(17, WIDTH_BITS);
		past.write(zigzag(i64::from(i16::MAX)), 17);
		past.write(zigzag(1), 17);
		assert_eq!(decode(&past.finish(), 2), Err(SampleDecodeError::ValueOutOfRange));
		// A set padding bit.
		let mut padded = one.clone();
		*padded.last_mut().expect("not empty") |= 0x80;
		assert_eq!(decode(&padded, 1), Err(SampleDecodeError::NonZeroPadding));
	}

	prop_compose! {
		fn any_reading()(current_ma in any::<i32>(), voltage_mv in any::<i32>(), temp_decic in any::<i16>()) -> Reading {
			reading(current_ma, voltage_mv, temp_decic)
		}
	}

	prop_compose! {
		/// A BMS-like sequence: a random start and small random steps.
		fn smooth()(start in any_reading(), steps in prop::collection::vec((-3_000i32..3_000, -40i32..40, -3i16..4), 0..300)) -> Vec<Reading> {
			let mut now = start;
			let mut out = alloc::vec![now];
			for (di, dv, dt) in steps {
				now = reading(
					now.current_ma.saturating_add(di),
					now.voltage_mv.saturating_add(dv),
					now.temp_decic.saturating_add(dt),
				);
				out.push(now);
			}
			out
		}
	}

	proptest! {
		#[test]
		fn decode_inverts_encode(readings in prop::collection::vec(any_reading(), 0..100)) {
			let bytes = encode(&readings);
			prop_assert_eq!(decode(&bytes, readings.len() as u32), Ok(readings));
		}

		#[test]
		fn decode_inverts_encode_on_smooth_data(readings in smooth()) {
			let bytes = encode(&readings);
			// The first block may need full widths (83 bits a sample); small steps take 24 bits.
			let first_block = (BLOCK_LEN * 83).div_ceil(8);
			prop_assert!(bytes.len() <= min_len(readings.len()) + first_block + readings.len() * 3);
			prop_assert_eq!(decode(&bytes, readings.len() as u32), Ok(readings));
		}

		/// Whatever the bytes, decoding never panics, and what decodes is canonical: it encodes
		/// back to the very same bytes (one encoding per batch).
		#[test]
		fn accepted_bytes_are_the_encoding_of_what_they_decode_to(
			mut bytes in prop::collection::vec(any::<u8>(), 0..64),
			samples in 0u32..24,
		) {
			if let Some(first) = bytes.first_mut() {
				*first = COMPACT_FORMAT_VERSION;
			}
			if let Ok(readings) = decode(&bytes, samples) {
				prop_assert_eq!(readings.len(), samples as usize);
				prop_assert_eq!(encode(&readings), bytes);
			}
		}

		/// Flipping any one bit of a valid encoding either fails with a typed error or decodes to
		/// other samples (never to the same ones).
		#[test]
		fn a_flipped_bit_never_decodes_to_the_same_samples(readings in smooth(), bit in any::<prop::sample::Index>()) {
			let bytes = encode(&readings);
			let mut flipped = bytes.clone();
			let at = bit.index(bytes.len() * 8);
			flipped[at / 8] ^= 1 << (at % 8);
			if let Ok(decoded) = decode(&flipped, readings.len() as u32) {
				prop_assert_ne!(decoded, readings);
			}
		}
	}
}
