//! pallet-consortium: members, roles, users, device keys and the data-scope matrix.

use super::governance::EnsureRootOrCouncilMajority;
use crate::{Balances, Runtime, UNIT};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// Held from an organisation per role it applies for (and keeps while it holds the role).
	pub const ApplicationDeposit: crate::Balance = 100 * UNIT;
	/// Held from an operator per user it registers.
	pub const UserDeposit: crate::Balance = UNIT;
	/// Held from a member per device key it registers.
	pub const DeviceDeposit: crate::Balance = UNIT;
}

impl pallet_consortium::Config for Runtime {
	type Currency = Balances;
	type ApprovalOrigin = EnsureRootOrCouncilMajority;
	/// Slashed deposits are burnt (total issuance falls by the slashed amount).
	type Slashed = ();
	type ApplicationDeposit = ApplicationDeposit;
	type UserDeposit = UserDeposit;
	type DeviceDeposit = DeviceDeposit;
	type MaxProfileFieldLen = ConstU32<128>;
	type MaxOperatorsPerUser = ConstU32<8>;
	type MaxUsersPerOperator = ConstU32<100_000>;
	type MaxDevicesPerOwner = ConstU32<100_000>;
	/// Replaced reader keys kept per account (records sealed before a rotation name them).
	type MaxRetiredReaderKeys = ConstU32<8>;
	/// Users read the batteries assigned to them (pallet-battery); recyclers the batteries they
	/// were commissioned for (pallet-recycling).
	type BatteryScope = super::recycling::BatteryParties;
	/// A BMS gateway is bound to a battery only by its custodian (pallet-battery).
	type DeviceBinding = crate::Battery;
	/// Custodians of open passports are neither removed nor suspended (pallet-battery); members
	/// with estimator keys are not removed (pallet-telemetry).
	type Obligations = (crate::Battery, crate::Telemetry);
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::ConsortiumBenchmarkHelper;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}
