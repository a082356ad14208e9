//! Positions on the globe in integer arithmetic, so that every node computes the same answer:
//! a [`Position`]'s coordinates (a geohash decoded to its cell's centre), the grid cell of 0.1°
//! that indexes charging piles ([`Cell`]), the cells a search circle touches, and distances by
//! the equirectangular approximation (within 0.5 % below 50 km, outside the polar caps).

use crate::logistics::Position;
use alloc::vec::Vec;

/// Metres per degree of latitude (and of longitude at the equator), on a sphere of the mean
/// Earth radius.
pub const METRES_PER_DEGREE: u64 = 111_195;

/// Units of a coordinate per degree (coordinates are in 10⁻⁷ degree).
const E7: i64 = 10_000_000;

/// Width of a grid cell, in 10⁻⁷ degree (0.1°: about 11 km of latitude).
pub const CELL_E7: i64 = E7 / 10;

/// Widest search radius, metres (the cells a search visits stay bounded).
pub const MAX_SEARCH_RADIUS_M: u32 = 50_000;

/// A grid cell of 0.1° × 0.1°: (latitude index, longitude index), from the south-west corner.
pub type Cell = (i16, i16);

/// Cosine of whole degrees 0..=90, parts per million.
const COS_PPM: [u32; 91] = [
	1_000_000, 999_848, 999_391, 998_630, 997_564, 996_195, 994_522, 992_546, 990_268, 987_688,
	984_808, 981_627, 978_148, 974_370, 970_296, 965_926, 961_262, 956_305, 951_057, 945_519,
	939_693, 933_580, 927_184, 920_505, 913_545, 906_308, 898_794, 891_007, 882_948, 874_620,
	866_025, 857_167, 848_048, 838_671, 829_038, 819_152, 809_017, 798_636, 788_011, 777_146,
	766_044, 754_710, 743_145, 731_354, 719_340, 707_107, 694_658, 681_998, 669_131, 656_059,
	642_788, 629_320, 615_661, 601_815, 587_785, 573_576, 559_193, 544_639, 529_919, 515_038,
	500_000, 484_810, 469_472, 453_990, 438_371, 422_618, 406_737, 390_731, 374_607, 358_368,
	342_020, 325_568, 309_017, 292_372, 275_637, 258_819, 241_922, 224_951, 207_912, 190_809,
	173_648, 156_434, 139_173, 121_869, 104_528, 87_156, 69_756, 52_336, 34_899, 17_452, 0,
];

/// Cosine of the latitude `latitude_e7` (10⁻⁷ degree), parts per million, interpolated linearly
/// between whole degrees.
pub fn cos_ppm(latitude_e7: i32) -> u32 {
	let abs = i64::from(latitude_e7).unsigned_abs().min(90 * E7 as u64);
	let degree = (abs / E7 as u64) as usize;
	let fraction = abs % E7 as u64;
	let low = u64::from(COS_PPM[degree]);
	let high = u64::from(COS_PPM[(degree + 1).min(90)]);
	(low - (low - high) * fraction / E7 as u64) as u32
}

/// The base-32 alphabet of geohashes.
const GEOHASH: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";

/// The coordinates (10⁻⁷ degree) of `position`: its own, or the centre of its geohash cell.
/// `None` for an invalid position.
pub fn coordinates(position: &Position) -> Option<(i32, i32)> {
	if !position.is_valid() {
		return None;
	}
	match position {
		Position::Coordinates { latitude_e7, longitude_e7 } => Some((*latitude_e7, *longitude_e7)),
		Position::Geohash(text) => {
			// Bits alternate longitude, latitude; each halves an interval of 10⁻⁷ degree.
			let (mut lat, mut lon) = ((-90 * E7, 90 * E7), (-180 * E7, 180 * E7));
			let mut longitude_bit = true;
			for c in text.iter() {
				let value = GEOHASH.iter().position(|g| g == c)?;
				for shift in (0..5).rev() {
					let range = if longitude_bit { &mut lon } else { &mut lat };
					let mid = (range.0 + range.1).div_euclid(2);
					if (value >> shift) & 1 == 1 {
						range.0 = mid;
					} else {
						range.1 = mid;
					}
					longitude_bit = !longitude_bit;
				}
			}
			let centre = |range: (i64, i64)| (range.0 + range.1).div_euclid(2) as i32;
			Some((centre(lat), centre(lon)))
		},
	}
}

/// Longest text of a position parameter: `-90.1234567,-180.1234567` or a 12-letter geohash.
pub const MAX_POSITION_TEXT_LEN: usize = 24;

/// A position from text: `latitude,longitude` in decimal degrees (at most seven decimals) or a
/// geohash. `None` if it is neither, or off the globe.
pub fn parse_position(text: &str) -> Option<Position> {
	let position = match text.split_once(',') {
		Some((lat, lon)) => Position::Coordinates {
			latitude_e7: parse_degrees_e7(lat.trim())?,
			longitude_e7: parse_degrees_e7(lon.trim())?,
		},
		None => Position::Geohash(sp_runtime::BoundedVec::try_from(text.as_bytes().to_vec()).ok()?),
	};
	position.is_valid().then_some(position)
}

/// Decimal degrees (`-48.1351`) in 10⁻⁷ degree, without floating point.
fn parse_degrees_e7(text: &str) -> Option<i32> {
	let (negative, digits) = match text.strip_prefix('-') {
		Some(rest) => (true, rest),
		None => (false, text),
	};
	let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
	let digit_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if whole.is_empty()
		|| whole.len() > 3
		|| fraction.len() > 7
		|| !digit_ok(whole)
		|| !digit_ok(fraction)
	{
		return None;
	}
	let whole: i64 = whole.parse().ok()?;
	let fraction: i64 = if fraction.is_empty() {
		0
	} else {
		fraction.parse::<i64>().ok()? * 10i64.pow(7 - fraction.len() as u32)
	};
	let value = whole * E7 + fraction;
	i32::try_from(if negative { -value } else { value }).ok()
}

/// The grid cell of the coordinates `(latitude_e7, longitude_e7)`.
pub fn cell((latitude_e7, longitude_e7): (i32, i32)) -> Cell {
	let index = |e7: i32| i64::from(e7).div_euclid(CELL_E7) as i16;
	(index(latitude_e7), index(longitude_e7))
}

/// Distance in metres between two coordinates, by the equirectangular approximation.
pub fn distance_m(a: (i32, i32), b: (i32, i32)) -> u32 {
	let mean_latitude = ((i64::from(a.0) + i64::from(b.0)) / 2) as i32;
	let dy = (i64::from(a.0) - i64::from(b.0)).unsigned_abs();
	let mut dx = (i64::from(a.1) - i64::from(b.1)).unsigned_abs();
	// Across the antimeridian the short way round.
	dx = dx.min(360 * E7 as u64 - dx.min(360 * E7 as u64));
	let dx = dx * u64::from(cos_ppm(mean_latitude)) / 1_000_000;
	// In metres: 10⁻⁷ degree × METRES_PER_DEGREE / 10⁷.
	let metres = |e7: u64| u128::from(e7) * u128::from(METRES_PER_DEGREE) / E7 as u128;
	let (x, y) = (metres(dx), metres(dy));
	isqrt(x * x + y * y).min(u128::from(u32::MAX)) as u32
}

/// Integer square root (the floor).
fn isqrt(n: u128) -> u128 {
	if n < 2 {
		return n;
	}
	let mut x = n;
	let mut y = x.div_ceil(2);
	while y < x {
		x = y;
		y = (x + n / x) / 2;
	}
	x
}

/// The grid cells a circle of `radius_m` (at most [`MAX_SEARCH_RADIUS_M`]) around `centre`
/// touches, row by row.
pub fn cells_around(centre: (i32, i32), radius_m: u32) -> Vec<Cell> {
	let radius_m = u64::from(radius_m.min(MAX_SEARCH_RADIUS_M));
	let lat_span = (radius_m * E7 as u64 / METRES_PER_DEGREE) as i64;
	// The widest longitude span is at the edge nearer the pole.
	let edge = (i64::from(centre.0.unsigned_abs()) + lat_span).min(89 * E7) as i32;
	let cos = u64::from(cos_ppm(edge)).max(1);
	let lon_span = ((radius_m * E7 as u64 / METRES_PER_DEGREE) * 1_000_000 / cos) as i64;
	let (south, north) = (
		cell(((i64::from(centre.0) - lat_span).max(-90 * E7) as i32, 0)).0,
		cell(((i64::from(centre.0) + lat_span).min(90 * E7 - 1) as i32, 0)).0,
	);
	let lon_cells = (360 * E7 / CELL_E7) as i64;
	let (west, east) = if lon_span * 2 >= 360 * E7 {
		(-(lon_cells / 2), lon_cells / 2 - 1)
	} else {
		(
			(i64::from(centre.1) - lon_span).div_euclid(CELL_E7),
			(i64::from(centre.1) + lon_span).div_euclid(CELL_E7),
		)
	};
	let wrap = |index: i64| ((index + lon_cells / 2).rem_euclid(lon_cells) - lon_cells / 2) as i16;
	let mut cells = Vec::new();
	for lat in south..=north {
		for lon in west..=east {
			let cell = (lat, wrap(lon));
			if !cells.contains(&cell) {
				cells.push(cell);
			}
		}
	}
	cells
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::BoundedVec;

	const MUNICH: (i32, i32) = (481_351_000, 115_820_000);
	const AUGSBURG: (i32, i32) = (483_705_000, 108_978_000);

	#[test]
	fn distances_match_the_great_circle_closely() {
		// Munich – Augsburg: 57.0 km on the great circle.
		let d = distance_m(MUNICH, AUGSBURG);
		assert!((56_700..=57_300).contains(&d), "{d}");
		assert_eq!(distance_m(MUNICH, MUNICH), 0);
		// One degree of latitude.
		assert_eq!(distance_m((0, 0), (10_000_000, 0)), 111_195);
		// Across the antimeridian: 0.2° at the equator.
		let d = distance_m((0, 1_799_000_000), (0, -1_799_000_000));
		assert_eq!(d, 22_239);
	}

	#[test]
	fn positions_parse_from_text() {
		let at =
			|latitude_e7, longitude_e7| Some(Position::Coordinates { latitude_e7, longitude_e7 });
		assert_eq!(parse_position("48.1351,11.582"), at(481_351_000, 115_820_000));
		assert_eq!(parse_position("-33.8688, 151.2093"), at(-338_688_000, 1_512_093_000));
		assert_eq!(parse_position("-90,180"), at(-900_000_000, 1_800_000_000));
		assert!(matches!(parse_position("u281z7j5"), Some(Position::Geohash(_))));
		for bad in
			["", "91,0", "0,180.0000001", "1.12345678,0", "a,b", "1e3,0", "+1,2", "u281a", ","]
		{
			assert_eq!(parse_position(bad), None, "{bad}");
		}
		assert!("-90.1234567,-180.1234567".len() <= MAX_POSITION_TEXT_LEN);
	}

	#[test]
	fn geohashes_decode_to_their_cell_centre() {
		let geohash =
			|text: &str| Position::Geohash(BoundedVec::truncate_from(text.as_bytes().to_vec()));
		// u281z7j5: Munich's centre, within the cell's 20 m.
		let (lat, lon) = coordinates(&geohash("u281z7j5")).expect("valid");
		assert!(distance_m((lat, lon), MUNICH) < 600, "{lat} {lon}");
		assert_eq!(coordinates(&geohash("s")), Some((225_000_000, 225_000_000)));
		assert_eq!(coordinates(&geohash("a")), None);
		let at = Position::Coordinates { latitude_e7: MUNICH.0, longitude_e7: MUNICH.1 };
		assert_eq!(coordinates(&at), Some(MUNICH));
	}

	#[test]
	fn a_search_circle_covers_its_cells_and_no_more_than_needed() {
		assert_eq!(cell(MUNICH), (481, 115));
		assert_eq!(cell((-1, -1)), (-1, -1));
		let cells = cells_around(MUNICH, 10_000);
		assert!(cells.contains(&cell(MUNICH)));
		// 10 km: about ±0.09° of latitude and ±0.14° of longitude at 48°.
		assert!(cells.len() <= 3 * 5, "{}", cells.len());
		// Every point within the radius lies in a listed cell.
		for (dlat, dlon) in [(899_000, 0), (-899_000, 0), (0, 1_340_000), (0, -1_340_000)] {
			let point = (MUNICH.0 + dlat, MUNICH.1 + dlon);
			assert!(distance_m(MUNICH, point) <= 10_000);
			assert!(cells.contains(&cell(point)), "{point:?}");
		}
		// Wider than allowed: capped at 50 km. Near the antimeridian: both sides.
		assert_eq!(cells_around(MUNICH, u32::MAX), cells_around(MUNICH, MAX_SEARCH_RADIUS_M));
		let wrapped = cells_around((0, 1_799_900_000), 5_000);
		assert!(wrapped.contains(&(0, 1_799)) && wrapped.contains(&(0, -1_800)));
		assert!(cos_ppm(600_000_000) == 500_000 && cos_ppm(-900_000_000) == 0);
	}
}
