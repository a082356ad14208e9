//! pallet-logistics: transport agreements, shipments with a public batch ID, sealed route and
//! checkpoints, collision sensors and accident records, delivery with exceptions, freight held
//! until delivery.

use super::governance::EnsureRootOrCouncilMajority;
use crate::{Balances, Battery, Consortium, Runtime, RuntimeHoldReason, DAYS};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

parameter_types! {
	/// A transport proposal the carrier has not accepted within three days expires.
	pub const ProposalTimeout: crate::BlockNumber = 3 * DAYS;
}

impl pallet_logistics::Config for Runtime {
	type Consortium = Consortium;
	type Batteries = Battery;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Delivery exceptions the sender does not settle: the council (or Root in development).
	type AdminOrigin = EnsureRootOrCouncilMajority;
	/// A truckload of packs, or a container of modules.
	type MaxBatteries = ConstU32<1_000>;
	/// A checkpoint every hour of a two-week journey and a margin.
	type MaxCheckpoints = ConstU32<400>;
	type ProposalTimeout = ProposalTimeout;
	/// A sensor reporting every pothole is misconfigured: a shipment keeps 100 impacts.
	type MaxImpacts = ConstU32<100>;
	/// 4 g: above what braking, cornering and road shocks give a truck's load, below the
	/// 10–20 g of a crash (the approval origin may set another).
	type DefaultImpactThreshold = ConstU32<4_000>;
	type UnixTime = pallet_timestamp::Pallet<Runtime>;
	/// Sensor clocks may run a minute ahead of the chain.
	type MaxClockDriftMs = ConstU64<60_000>;
	type WeightInfo = pallet_logistics::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::LogisticsBenchmarkHelper;
}
