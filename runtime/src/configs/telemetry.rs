//! pallet-telemetry: signed BMS telemetry batches, estimator results from the off-chain worker,
//! the digital twin. Also the off-chain transaction plumbing the worker's results travel through.

use super::governance::EnsureRootOrCouncilMajority;
use crate::{
	Battery, Consortium, Runtime, RuntimeCall, Timestamp, TxExtension, UncheckedExtrinsic,
};
use battery_primitives::{
	battery::{BatteryLifecycle, BatteryStatus, Chemistry},
	consortium::BatteryId,
	telemetry::BatteryInfo,
};
use frame_support::{derive_impl, parameter_types};
use sp_runtime::generic;

/// What pallet-telemetry needs to know about a battery, answered by pallet-battery.
pub struct BatteriesFromPassports;

impl BatteryInfo<crate::AccountId> for BatteriesFromPassports {
	fn exists(battery: &BatteryId) -> bool {
		<Battery as BatteryLifecycle<_>>::status(battery).is_some()
	}

	/// In service and not frozen by an authority.
	fn is_in_service(battery: &BatteryId) -> bool {
		<Battery as BatteryLifecycle<_>>::status(battery) == Some(BatteryStatus::InService)
			&& !<Battery as BatteryLifecycle<_>>::is_frozen(battery)
	}

	fn manufacturer(battery: &BatteryId) -> Option<crate::AccountId> {
		Battery::passport(battery).map(|passport| passport.manufacturer)
	}

	/// The custodian while the battery is in service (the operator running it).
	fn operator(battery: &BatteryId) -> Option<crate::AccountId> {
		match <Battery as BatteryLifecycle<_>>::status(battery) {
			Some(BatteryStatus::InService) => <Battery as BatteryLifecycle<_>>::custodian(battery),
			_ => None,
		}
	}

	fn chemistry(battery: &BatteryId) -> Option<Chemistry> {
		Battery::chemistry(battery)
	}

	/// The block at which the battery's user last chose a running mode (the mode itself is
	/// sealed; when it was chosen is public).
	fn usage_regime(battery: &BatteryId) -> u64 {
		pallet_battery::RunningModes::<Runtime>::get(battery)
			.map_or(0, |record| u64::from(record.set_at))
	}
}

parameter_types! {
	/// Held from a member per estimator key it registers.
	pub const EstimatorDeposit: crate::Balance = 10 * crate::UNIT;
}

#[derive_impl(pallet_telemetry::config_preludes::RuntimeDefaultConfig)]
impl pallet_telemetry::Config for Runtime {
	type Consortium = Consortium;
	type Batteries = BatteriesFromPassports;
	type AdminOrigin = EnsureRootOrCouncilMajority;
	type EstimatorId = pallet_telemetry::crypto::Public;
	type UnixTime = Timestamp;
	type Currency = crate::Balances;
	type EstimatorDeposit = EstimatorDeposit;
	type WeightInfo = pallet_telemetry::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::TelemetryBenchmarkHelper;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = UncheckedExtrinsic;
}

impl<C> frame_system::offchain::CreateTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extension = TxExtension;

	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_transaction(call, extension)
	}
}

/// Estimator results are general (unsigned, authorized) transactions: `AuthorizeCall` lets the
/// pallet's `authorize` check the estimator's signature; there is no signer, so no nonce and no fee.
impl<C> frame_system::offchain::CreateAuthorizedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_extension() -> TxExtension {
		(
			frame_system::AuthorizeCall::<Runtime>::new(),
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(generic::Era::Immortal),
			frame_system::CheckNonce::<Runtime>::from(0),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		)
	}
}
