//! Weights of `pallet_logistics`.
//!
//! PROVISIONAL: estimated from the storage each call touches (per battery: its record, its
//! custodian index, its custody offer and its lock) with ParityDB's database weights and 20 µs
//! of computation per battery, until the FRAME benchmarks of this pallet run in the runtime that
//! wires it (the next slice of the logistics issue) and replace this file with generated
//! weights.

#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::weights::{constants::ParityDbWeight, Weight};

/// Weight functions of `pallet_logistics`.
pub trait WeightInfo {
	fn propose_shipment(n: u32) -> Weight;
	fn accept_shipment() -> Weight;
	fn end_before_pickup(n: u32) -> Weight;
	fn pick_up(n: u32) -> Weight;
	fn record_checkpoint() -> Weight;
	fn confirm_delivery(n: u32) -> Weight;
	fn resolve_exception(n: u32) -> Weight;
}

/// Per-battery computation of the calls that visit every battery.
const PER_BATTERY: u64 = 20_000_000;

/// The provisional weights, with ParityDB's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	fn propose_shipment(n: u32) -> Weight {
		<() as WeightInfo>::propose_shipment(n)
	}
	fn accept_shipment() -> Weight {
		<() as WeightInfo>::accept_shipment()
	}
	fn end_before_pickup(n: u32) -> Weight {
		<() as WeightInfo>::end_before_pickup(n)
	}
	fn pick_up(n: u32) -> Weight {
		<() as WeightInfo>::pick_up(n)
	}
	fn record_checkpoint() -> Weight {
		<() as WeightInfo>::record_checkpoint()
	}
	fn confirm_delivery(n: u32) -> Weight {
		<() as WeightInfo>::confirm_delivery(n)
	}
	fn resolve_exception(n: u32) -> Weight {
		<() as WeightInfo>::resolve_exception(n)
	}
}

impl WeightInfo for () {
	fn propose_shipment(n: u32) -> Weight {
		// Roles and reader keys (8 reads), the hold (2), the counter; per battery its record
		// (2 reads through the lifecycle trait), its lock (read and write).
		Weight::from_parts(150_000_000, 8_000)
			.saturating_add(Weight::from_parts(PER_BATTERY, 3_000).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(11_u64 + 3 * n as u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64 + n as u64))
	}
	fn accept_shipment() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn end_before_pickup(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 4_000)
			.saturating_add(Weight::from_parts(PER_BATTERY / 4, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64 + n as u64))
	}
	fn pick_up(n: u32) -> Weight {
		// Per battery: custody moved (record, member check, index, offer) and a transition.
		Weight::from_parts(80_000_000, 4_000)
			.saturating_add(Weight::from_parts(2 * PER_BATTERY, 3_000).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64 + 6 * n as u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64 + 5 * n as u64))
	}
	fn record_checkpoint() -> Weight {
		Weight::from_parts(120_000_000, 8_000)
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn confirm_delivery(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 6_000)
			.saturating_add(Weight::from_parts(2 * PER_BATTERY, 3_000).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64 + 4 * n as u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64 + 5 * n as u64))
	}
	fn resolve_exception(n: u32) -> Weight {
		Weight::from_parts(100_000_000, 6_000)
			.saturating_add(Weight::from_parts(PER_BATTERY / 4, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(8_u64))
	}
}
