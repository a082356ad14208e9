//! Valid battery ids.

use alloc::format;
use battery_primitives::battery::BatteryId;

/// A valid GB/T 34014 code (24 characters) with the 7-digit serial `n` (taken modulo 10^7).
pub fn gbt_id(n: u32) -> BatteryId {
	BatteryId::truncate_from(format!("03HPE0A2D000C7LB5{:07}", n % 10_000_000).into_bytes())
}

/// A valid GS1 id: GTIN-14 04006381333931 with the serial `SN-<n>`.
pub fn gs1_id(n: u32) -> BatteryId {
	BatteryId::truncate_from(format!("(01)04006381333931(21)SN-{n}").into_bytes())
}

#[cfg(test)]
mod tests {
	use super::*;
	use battery_primitives::battery::{validate_battery_id, IdScheme};

	#[test]
	fn generated_ids_are_valid() {
		for n in [0, 1, 42, 9_999_999, u32::MAX] {
			assert_eq!(validate_battery_id(&gbt_id(n)), Ok(IdScheme::Gbt34014));
			assert_eq!(validate_battery_id(&gs1_id(n)), Ok(IdScheme::Gs1));
		}
	}
}
