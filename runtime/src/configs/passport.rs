//! pallet-passport: the EU battery-passport attributes of each model, declared by its economic
//! operator.

use crate::{Runtime, Timestamp};

impl pallet_passport::Config for Runtime {
	type Consortium = crate::Consortium;
	type UnixTime = Timestamp;
	type WeightInfo = pallet_passport::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::PassportBenchmarkHelper;
}
