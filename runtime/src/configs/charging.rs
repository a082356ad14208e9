//! pallet-charging: certified energy stations, the pile registry, charging sessions paid in
//! tokens held in escrow.

use super::governance::EnsureRootOrCouncilMajority;
use crate::{Balances, Battery, Consortium, Runtime, RuntimeHoldReason, Timestamp, DAYS, HOURS};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

parameter_types! {
	/// A session nobody started within 15 minutes may be cancelled by anyone (the pile is
	/// free again). Kept in storage under `twox128(":StartTimeout:")` (SCALE `u32`): Root
	/// (`system.setStorage`, through the council without sudo) may change it, and the e2e test
	/// shortens it on its dev chain.
	pub storage StartTimeout: crate::BlockNumber = HOURS / 4;
	/// A session its controller did not stop within a day is closed at its last meter report.
	/// In storage under `twox128(":StopTimeout:")`, like `StartTimeout`.
	pub storage StopTimeout: crate::BlockNumber = DAYS;
	/// The payer has a week to dispute a settlement.
	pub const DisputeWindow: crate::BlockNumber = 7 * DAYS;
}

impl pallet_charging::Config for Runtime {
	type Consortium = Consortium;
	type Batteries = Battery;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Certification and disputes besides an Authority member: the council (Root in development).
	type AdminOrigin = EnsureRootOrCouncilMajority;
	type UnixTime = Timestamp;
	/// Pile controllers' clocks may run a minute ahead of the chain.
	type MaxClockDriftMs = ConstU64<60_000>;
	/// OCPI EVSEs rarely have more than a CCS, a CHAdeMO and a Type 2 connector.
	type MaxConnectors = ConstU32<4>;
	/// A motorway hub.
	type MaxPilesPerStation = ConstU32<64>;
	type StartTimeout = StartTimeout;
	type StopTimeout = StopTimeout;
	type DisputeWindow = DisputeWindow;
	type WeightInfo = pallet_charging::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::ChargingBenchmarkHelper;
}
