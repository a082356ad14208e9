//! pallet-battery: battery identity, factory data, tags, custody, lifecycle, maintenance.

use crate::{Consortium, Runtime, DAYS};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32},
};
use sp_runtime::{MultiSignature, MultiSigner};

parameter_types! {
	/// A custody offer not accepted within three days expires.
	pub const CustodyOfferTimeout: crate::BlockNumber = 3 * DAYS;
}

impl pallet_battery::Config for Runtime {
	type Consortium = Consortium;
	/// Tags are signed like transactions: sr25519, ed25519 or ecdsa.
	type Signature = MultiSignature;
	type SigningPublic = MultiSigner;
	type CustodyOfferTimeout = CustodyOfferTimeout;
	/// Batteries per `register_batteries` call (a factory lot).
	type MaxBatchSize = ConstU32<100>;
	type MaxSigningKeys = ConstU32<16>;
	type MaxMaintenanceRecords = ConstU32<16>;
	/// Accidents kept on chain per battery (the total counts all; events keep every one).
	type MaxAccidentRecords = ConstU32<8>;
	/// A battery in an open shipment moves with the shipment only.
	type CustodyLock = crate::Logistics;
	/// The recycler's steps go through pallet-recycling (commission, handover, assessment).
	type EndOfLifeByRecycling = ConstBool<true>;
	type WeightInfo = pallet_battery::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::BatteryBenchmarkHelper;
}
