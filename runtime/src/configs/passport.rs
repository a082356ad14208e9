//! pallet-passport: the EU battery-passport attributes of each model, declared by its economic
//! operator.

use crate::{Runtime, Timestamp};
use frame_support::traits::ConstU32;

impl pallet_passport::Config for Runtime {
	type Consortium = crate::Consortium;
	type UnixTime = Timestamp;
	/// A manufacturer's model range, generously: each model passport is at most one attribute
	/// per key (~22 × 6.5 KB at the bounds).
	type MaxModels = ConstU32<1_000>;
	type WeightInfo = pallet_passport::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::PassportBenchmarkHelper;
}
