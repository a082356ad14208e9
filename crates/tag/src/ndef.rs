//! NFC Data Exchange Format (NFC Forum NDEF 1.0): records, messages and the Type 2 tag TLV
//! wrapper, written here because the maintained NDEF crates did not fit (`ndef` is GPL-3.0, an
//! Apache-2.0 project cannot ship it; `ndef-rs` pulls five crates for what is a few dozen lines).
//!
//! Encoding uses short records (SR) when the payload is at most 255 bytes and normal records
//! otherwise. Decoding is strict: the first record carries MB, the last ME and nothing follows
//! it; chunked records (CF) and the reserved TNF 7 are refused.

use std::fmt;

/// Type Name Format of a record (the low three bits of the header).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tnf {
	/// 0: empty record.
	Empty = 0,
	/// 1: NFC Forum well-known type (e.g. `U` for a URI).
	WellKnown = 1,
	/// 2: media type (RFC 2046).
	Media = 2,
	/// 3: absolute URI.
	AbsoluteUri = 3,
	/// 4: NFC Forum external type (`domain:type`).
	External = 4,
	/// 5: unknown.
	Unknown = 5,
	/// 6: unchanged (chunk continuation).
	Unchanged = 6,
}

impl Tnf {
	fn from_bits(bits: u8) -> Result<Self, NdefError> {
		Ok(match bits {
			0 => Tnf::Empty,
			1 => Tnf::WellKnown,
			2 => Tnf::Media,
			3 => Tnf::AbsoluteUri,
			4 => Tnf::External,
			5 => Tnf::Unknown,
			6 => Tnf::Unchanged,
			_ => return Err(NdefError::ReservedTnf),
		})
	}
}

/// One NDEF record.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Record {
	/// Type name format.
	pub tnf: Tnf,
	/// Record type (e.g. `U`, or `battery-chain.org:tag`).
	pub record_type: Vec<u8>,
	/// Optional record id.
	pub id: Vec<u8>,
	/// Payload.
	pub payload: Vec<u8>,
}

/// Why bytes are not an NDEF message.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum NdefError {
	/// The bytes end inside a record.
	Truncated,
	/// The message holds no record.
	Empty,
	/// The first record lacks the message-begin flag, or a later one has it.
	MessageBegin,
	/// The last record lacks the message-end flag.
	MessageEnd,
	/// Bytes follow the record that carries the message-end flag.
	TrailingBytes,
	/// A chunked record (not used by battery tags).
	Chunked,
	/// TNF 7 is reserved.
	ReservedTnf,
	/// A type, id or payload longer than NDEF allows.
	TooLong,
	/// A Type 2 tag dump without an NDEF message TLV.
	NoNdefTlv,
}

impl fmt::Display for NdefError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::Truncated => "the data ends inside a record",
			Self::Empty => "no record",
			Self::MessageBegin => "message-begin flag misplaced",
			Self::MessageEnd => "the last record lacks the message-end flag",
			Self::TrailingBytes => "bytes after the last record",
			Self::Chunked => "chunked records are not supported",
			Self::ReservedTnf => "reserved type name format 7",
			Self::TooLong => "type, id or payload too long",
			Self::NoNdefTlv => "no NDEF message TLV in the tag dump",
		})
	}
}

impl std::error::Error for NdefError {}

const MB: u8 = 0x80;
const ME: u8 = 0x40;
const CF: u8 = 0x20;
const SR: u8 = 0x10;
const IL: u8 = 0x08;

impl Record {
	/// A record of `tnf` with `record_type` and `payload`, without id.
	pub fn new(tnf: Tnf, record_type: &[u8], payload: Vec<u8>) -> Self {
		Self { tnf, record_type: record_type.to_vec(), id: Vec::new(), payload }
	}

	fn encode_into(&self, out: &mut Vec<u8>, first: bool, last: bool) -> Result<(), NdefError> {
		let type_len = u8::try_from(self.record_type.len()).map_err(|_| NdefError::TooLong)?;
		let id_len = u8::try_from(self.id.len()).map_err(|_| NdefError::TooLong)?;
		let short = self.payload.len() <= usize::from(u8::MAX);
		let mut header = self.tnf as u8;
		if first {
			header |= MB;
		}
		if last {
			header |= ME;
		}
		if short {
			header |= SR;
		}
		if id_len > 0 {
			header |= IL;
		}
		out.push(header);
		out.push(type_len);
		if short {
			out.push(self.payload.len() as u8);
		} else {
			let len = u32::try_from(self.payload.len()).map_err(|_| NdefError::TooLong)?;
			out.extend_from_slice(&len.to_be_bytes());
		}
		if id_len > 0 {
			out.push(id_len);
		}
		out.extend_from_slice(&self.record_type);
		out.extend_from_slice(&self.id);
		out.extend_from_slice(&self.payload);
		Ok(())
	}
}

/// Encode `records` as one NDEF message.
pub fn encode_message(records: &[Record]) -> Result<Vec<u8>, NdefError> {
	if records.is_empty() {
		return Err(NdefError::Empty);
	}
	let mut out = Vec::new();
	let last = records.len() - 1;
	for (i, record) in records.iter().enumerate() {
		record.encode_into(&mut out, i == 0, i == last)?;
	}
	Ok(out)
}

/// A cursor over bytes that fails with [`NdefError::Truncated`] instead of panicking.
struct Reader<'a> {
	bytes: &'a [u8],
	at: usize,
}

impl<'a> Reader<'a> {
	fn take(&mut self, n: usize) -> Result<&'a [u8], NdefError> {
		let end = self.at.checked_add(n).ok_or(NdefError::Truncated)?;
		let slice = self.bytes.get(self.at..end).ok_or(NdefError::Truncated)?;
		self.at = end;
		Ok(slice)
	}

	fn byte(&mut self) -> Result<u8, NdefError> {
		self.take(1).map(|b| b[0])
	}

	fn done(&self) -> bool {
		self.at >= self.bytes.len()
	}
}

/// Decode one NDEF message (exactly: no bytes may follow the last record).
pub fn decode_message(bytes: &[u8]) -> Result<Vec<Record>, NdefError> {
	let mut reader = Reader { bytes, at: 0 };
	let mut records = Vec::new();
	if reader.done() {
		return Err(NdefError::Empty);
	}
	loop {
		let header = reader.byte()?;
		if (header & MB != 0) != records.is_empty() {
			return Err(NdefError::MessageBegin);
		}
		if header & CF != 0 {
			return Err(NdefError::Chunked);
		}
		let tnf = Tnf::from_bits(header & 0x07)?;
		let type_len = usize::from(reader.byte()?);
		let payload_len = if header & SR != 0 {
			usize::from(reader.byte()?)
		} else {
			let raw = reader.take(4)?;
			u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]) as usize
		};
		let id_len = if header & IL != 0 { usize::from(reader.byte()?) } else { 0 };
		let record_type = reader.take(type_len)?.to_vec();
		let id = reader.take(id_len)?.to_vec();
		let payload = reader.take(payload_len)?.to_vec();
		records.push(Record { tnf, record_type, id, payload });
		if header & ME != 0 {
			if !reader.done() {
				return Err(NdefError::TrailingBytes);
			}
			return Ok(records);
		}
		if reader.done() {
			return Err(NdefError::MessageEnd);
		}
	}
}

/// Wrap an NDEF message in the TLVs of an NFC Forum Type 2 tag (NDEF message TLV + terminator),
/// ready to write from block 4 of an NTAG21x.
pub fn wrap_tlv(message: &[u8]) -> Vec<u8> {
	let mut out = vec![0x03];
	if message.len() < 0xff {
		out.push(message.len() as u8);
	} else {
		out.push(0xff);
		out.extend_from_slice(&(message.len().min(usize::from(u16::MAX)) as u16).to_be_bytes());
	}
	out.extend_from_slice(message);
	out.push(0xfe);
	out
}

/// The NDEF message of a dump: the bytes themselves if they start with a record header carrying
/// MB, otherwise the first NDEF message TLV of a Type 2 tag memory dump.
pub fn unwrap_dump(bytes: &[u8]) -> Result<&[u8], NdefError> {
	if bytes.first().is_some_and(|b| b & MB != 0) {
		return Ok(bytes);
	}
	let mut reader = Reader { bytes, at: 0 };
	while !reader.done() {
		let tag = reader.byte()?;
		match tag {
			0x00 => continue,
			0xfe => break,
			_ => {},
		}
		let mut len = usize::from(reader.byte()?);
		if len == 0xff {
			let raw = reader.take(2)?;
			len = usize::from(u16::from_be_bytes([raw[0], raw[1]]));
		}
		let value = reader.take(len)?;
		if tag == 0x03 {
			return Ok(value);
		}
	}
	Err(NdefError::NoNdefTlv)
}

/// URI identifier codes of the well-known URI record (NFC Forum URI RTD), the common ones.
const URI_PREFIXES: [(u8, &str); 4] =
	[(0x04, "https://"), (0x03, "http://"), (0x02, "https://www."), (0x01, "http://www.")];

/// A well-known URI record (`U`) for `uri`, abbreviating its scheme.
pub fn uri_record(uri: &str) -> Record {
	let (code, rest) = URI_PREFIXES
		.iter()
		.filter(|(_, prefix)| uri.starts_with(prefix))
		.max_by_key(|(_, prefix)| prefix.len())
		.map(|(code, prefix)| (*code, &uri[prefix.len()..]))
		.unwrap_or((0x00, uri));
	let mut payload = vec![code];
	payload.extend_from_slice(rest.as_bytes());
	Record::new(Tnf::WellKnown, b"U", payload)
}

/// The URI of a well-known URI record, `None` if `record` is not one.
pub fn parse_uri(record: &Record) -> Option<String> {
	if record.tnf != Tnf::WellKnown || record.record_type != b"U" {
		return None;
	}
	let (code, rest) = record.payload.split_first()?;
	let rest = std::str::from_utf8(rest).ok()?;
	let prefix = match code {
		0x00 => "",
		_ => URI_PREFIXES.iter().find(|(c, _)| c == code).map(|(_, p)| *p)?,
	};
	Some(format!("{prefix}{rest}"))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn short_and_long_records_round_trip() {
		let records = vec![
			uri_record("https://example.org/b/1"),
			Record::new(Tnf::External, b"example.org:t", vec![7; 300]),
			Record {
				tnf: Tnf::Media,
				record_type: b"text/plain".to_vec(),
				id: b"x".to_vec(),
				payload: b"hi".to_vec(),
			},
		];
		let bytes = encode_message(&records).unwrap();
		// First record: MB | SR | TNF 1, type length 1, payload length 1 + 15.
		assert_eq!(&bytes[..4], &[0x91, 0x01, 16, b'U']);
		assert_eq!(decode_message(&bytes).unwrap(), records);
		assert_eq!(parse_uri(&records[0]).as_deref(), Some("https://example.org/b/1"));
	}

	#[test]
	fn strict_decoding() {
		let one = encode_message(&[uri_record("http://a")]).unwrap();
		assert_eq!(decode_message(&[]), Err(NdefError::Empty));
		assert_eq!(decode_message(&one[..one.len() - 1]), Err(NdefError::Truncated));
		let mut trailing = one.clone();
		trailing.push(0);
		assert_eq!(decode_message(&trailing), Err(NdefError::TrailingBytes));
		let mut no_end = one.clone();
		no_end[0] &= !ME;
		assert_eq!(decode_message(&no_end), Err(NdefError::MessageEnd));
		let mut no_begin = one.clone();
		no_begin[0] &= !MB;
		assert_eq!(decode_message(&no_begin), Err(NdefError::MessageBegin));
		let mut chunked = one.clone();
		chunked[0] |= CF;
		assert_eq!(decode_message(&chunked), Err(NdefError::Chunked));
		let mut reserved = one;
		reserved[0] |= 0x07;
		assert_eq!(decode_message(&reserved), Err(NdefError::ReservedTnf));
	}

	#[test]
	fn type2_tlv_round_trip() {
		let message = encode_message(&[uri_record("https://a.b/c")]).unwrap();
		let tlv = wrap_tlv(&message);
		assert_eq!(tlv[0], 0x03);
		assert_eq!(*tlv.last().unwrap(), 0xfe);
		// A lock-control TLV and padding before the message, as on a real NTAG dump.
		let mut dump = vec![0x01, 0x03, 0xa0, 0x0c, 0x34, 0x00];
		dump.extend_from_slice(&tlv);
		dump.extend_from_slice(&[0; 8]);
		assert_eq!(unwrap_dump(&dump).unwrap(), &message[..]);
		assert_eq!(unwrap_dump(&message).unwrap(), &message[..]);
		let long = vec![0xd1; 300];
		assert_eq!(unwrap_dump(&wrap_tlv(&long)).unwrap(), &long[..]);
		assert_eq!(unwrap_dump(&[0x00, 0xfe]), Err(NdefError::NoNdefTlv));
	}
}
