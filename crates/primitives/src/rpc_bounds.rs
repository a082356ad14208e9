//! Longest valid text form of the `battery_*` JSON-RPC parameters, and the length check the node
//! runs on a parameter before it parses it.
//!
//! Parsing is not linear for every kind (base58 decoding of an SS58 address takes time quadratic in
//! its length), so a text longer than the longest valid form of its kind is refused on its length
//! alone. Lengths are in bytes of the UTF-8 text (the JSON string after unescaping).

use crate::consortium::BatteryId;

/// Longest SS58 text of a 32-byte account, for any address format.
///
/// The decoded data is the prefix (1 or 2 bytes), the 32-byte account and a 2-byte checksum. With a
/// 2-byte prefix that is 36 bytes whose first byte is `0b01xxxxxx`, a number below 2^287 <
/// 58^49: at most 49 base58 digits. With a 1-byte prefix it is 35 bytes: at most 48 digits
/// (47 for the number plus one `1` for a zero prefix byte). A longer text is never a valid account.
pub const MAX_SS58_ACCOUNT_LEN: usize = 49;

/// Length of 32 bytes as `0x`-prefixed hex: a hex account id or a block hash.
pub const HEX32_LEN: usize = 2 + 2 * 32;

/// Longest text of an account parameter: SS58 (any prefix) or `0x` + 64 hex digits.
pub const MAX_ACCOUNT_LEN: usize =
	if HEX32_LEN > MAX_SS58_ACCOUNT_LEN { HEX32_LEN } else { MAX_SS58_ACCOUNT_LEN };

/// Longest block hash parameter (`0x` + 64 hex digits).
pub const MAX_BLOCK_HASH_LEN: usize = HEX32_LEN;

/// Longest battery id parameter: the bound of [`BatteryId`].
pub fn max_battery_id_len() -> usize {
	BatteryId::bound()
}

/// A text parameter longer than the longest valid form of its kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TooLong {
	/// Length of the text, in bytes.
	pub len: usize,
	/// The longest valid length, in bytes.
	pub max: usize,
}

/// `Ok` if `text` is at most `max` bytes long. Looks at the length only.
pub fn check_len(text: &str, max: usize) -> Result<(), TooLong> {
	if text.len() > max {
		Err(TooLong { len: text.len(), max })
	} else {
		Ok(())
	}
}

/// `Ok` if `text` may be an account: `0x`-prefixed text of at most [`HEX32_LEN`] bytes, or other
/// text of at most [`MAX_SS58_ACCOUNT_LEN`] bytes (the SS58 form). Looks at the length only.
pub fn check_account_len(text: &str) -> Result<(), TooLong> {
	if text.starts_with("0x") {
		check_len(text, HEX32_LEN)
	} else {
		check_len(text, MAX_SS58_ACCOUNT_LEN)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::consortium::MAX_SUBJECT_LEN;
	use sp_runtime::{app_crypto::Ss58Codec, AccountId32};

	#[test]
	fn ss58_accounts_fit_the_bound_for_every_prefix() {
		let extremes = [[0u8; 32], [0xff; 32], [0x80; 32], [0x7f; 32]];
		let mut longest = 0;
		// Every 14-bit format; the reserved ones are encoded all the same.
		for prefix in 0u16..=0x3fff {
			for raw in extremes {
				let text = AccountId32::from(raw).to_ss58check_with_version(prefix.into());
				assert!(
					check_account_len(&text).is_ok(),
					"prefix {prefix}: {text} ({} chars)",
					text.len()
				);
				longest = longest.max(text.len());
			}
		}
		// The bound is tight: the largest 2-byte prefix with an all-0xff account needs all 49.
		assert_eq!(longest, MAX_SS58_ACCOUNT_LEN);
	}

	#[test]
	fn chain_and_polkadot_addresses_parse_within_the_bound() {
		for prefix in [0u16, 42, 4242] {
			let text = AccountId32::from([0xff; 32]).to_ss58check_with_version(prefix.into());
			assert!(text.len() <= MAX_SS58_ACCOUNT_LEN);
			let (account, _) = AccountId32::from_ss58check_with_version(&text).expect("valid SS58");
			assert_eq!(account, AccountId32::from([0xff; 32]));
		}
	}

	#[test]
	fn account_length_depends_on_the_form() {
		let hex = format!("0x{}", "ab".repeat(32));
		assert_eq!(hex.len(), HEX32_LEN);
		assert_eq!(check_account_len(&hex), Ok(()));
		assert_eq!(check_account_len(&format!("{hex}0")), Err(TooLong { len: 67, max: 66 }));
		// 50 characters that are not hex: longer than any SS58 address.
		let ss58_like = "5".repeat(MAX_SS58_ACCOUNT_LEN + 1);
		assert_eq!(check_account_len(&ss58_like), Err(TooLong { len: 50, max: 49 }));
		assert_eq!(check_account_len(&"5".repeat(MAX_SS58_ACCOUNT_LEN)), Ok(()));
		assert_eq!(check_account_len(""), Ok(()));
		assert_eq!(MAX_ACCOUNT_LEN, 66);
		assert_eq!(MAX_BLOCK_HASH_LEN, 66);
	}

	#[test]
	fn battery_id_bound_is_the_type_bound() {
		assert_eq!(max_battery_id_len(), MAX_SUBJECT_LEN as usize);
		assert_eq!(check_len(&"A".repeat(max_battery_id_len()), max_battery_id_len()), Ok(()));
		assert_eq!(
			check_len(&"A".repeat(max_battery_id_len() + 1), max_battery_id_len()),
			Err(TooLong { len: 65, max: 64 })
		);
	}

	#[test]
	fn length_is_counted_in_utf8_bytes() {
		// Two characters, six bytes.
		assert_eq!(check_len("€€", 5), Err(TooLong { len: 6, max: 5 }));
		assert_eq!(check_len("€€", 6), Ok(()));
	}
}
