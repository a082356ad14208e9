//! pallet-recycling: commissions, assessments, refurbishments, recycling; and the battery
//! parties the consortium's data scope resolves roles against.

use crate::{AccountId, Balances, Battery, Recycling, Runtime, RuntimeHoldReason, DAYS};
use battery_primitives::{
	consortium::{BatteryId, BatteryScope},
	scope,
};
use frame_support::traits::ConstU32;

impl pallet_recycling::Config for Runtime {
	type Consortium = crate::Consortium;
	type Batteries = Battery;
	/// A battery in an open shipment moves with the shipment only.
	type CustodyLock = crate::Logistics;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// The manufacturer or an Authority has a week to co-sign a certification.
	type CertificationTimeout = ConstU32<{ 7 * DAYS }>;
	/// A buy-back offer stands for at most thirty days.
	type MaxOfferPeriod = ConstU32<{ 30 * DAYS }>;
	/// A certified second life's twin starts from the assessment (pallet-telemetry).
	type Twin = crate::Telemetry;
	/// Assessments and refurbishment records kept per battery (events keep every one).
	type MaxAssessments = ConstU32<8>;
	type MaxRefurbishments = ConstU32<16>;
	type WeightInfo = pallet_recycling::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::RecyclingBenchmarkHelper;
}

/// The parties of a battery for the data scope: manufacturer, custodian and assigned user from
/// pallet-battery, the recycler commissioned for it from pallet-recycling.
pub struct BatteryParties;

impl BatteryScope<AccountId, BatteryId> for BatteryParties {
	fn parties(battery: &BatteryId) -> Option<scope::BatteryParties<AccountId>> {
		let mut parties = <Battery as BatteryScope<AccountId, BatteryId>>::parties(battery)?;
		parties.recycler = Recycling::commissioned_recycler(battery);
		Some(parties)
	}
}
