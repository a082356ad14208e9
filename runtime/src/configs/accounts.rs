//! What organisations need to act on chain: batch calls (`pallet-utility`), an organisation's
//! account held by several officers (`pallet-multisig`) and staff keys limited to a role's calls
//! (`pallet-proxy` with [`ProxyType`]).
//!
//! A proxy acts *as* the organisation's account, so the consortium's role checks see the
//! organisation; the proxy type is what limits the staff key. Every restricted type also allows
//! `utility` batches, whose inner calls pass the same filter (pallet-utility dispatches them with
//! the proxy's filtered origin).

use crate::{
	Balance, Balances, OriginCaller, Runtime, RuntimeCall, RuntimeEvent, System, MILLI_UNIT,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{parameter_types, traits::InstanceFilter};
use scale_info::TypeInfo;

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

/// A storage deposit: 0.1 BATT per item and 0.001 BATT per byte, released when the item goes.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	(items as Balance) * 100 * MILLI_UNIT + (bytes as Balance) * MILLI_UNIT
}

parameter_types! {
	/// Held from the account that opens a multisig operation: a storage item of the call hash.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	/// Held per signatory of an open multisig operation.
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
	/// Held for an account's proxy list.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	/// Held per proxy in the list (account, proxy type, delay).
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
	/// Held for an account's list of announced (time-locked) proxy calls.
	pub const AnnouncementDepositBase: Balance = deposit(1, 8);
	/// Held per announcement (account, call hash, block).
	pub const AnnouncementDepositFactor: Balance = deposit(0, 68);
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	/// Officers of one organisation account.
	type MaxSignatories = frame_support::traits::ConstU32<20>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = System;
}

/// What a proxy (a staff key) may do for the account that added it.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ProxyType {
	/// Everything the account may do.
	#[default]
	#[codec(index = 0)]
	Any,
	/// Everything but moving tokens and acting through other accounts: no balances calls, no
	/// sudo, no council or governance calls, no multisig or proxy calls (each of them could reach
	/// a transfer from another account the principal controls), and none of the calls that commit
	/// the principal's tokens to someone else: a charging session (paid to the station at its
	/// controller's word), a dispute refund, a shipment's freight or the resolution that pays it.
	#[codec(index = 1)]
	NonTransfer,
	/// A production line's key: register batteries and bind their tags, hand batteries over.
	#[codec(index = 2)]
	Manufacturing,
	/// An operator's fleet staff: battery custody, service and maintenance calls and the
	/// operator's telemetry calls (characterisation, data space, estimators, sequences).
	#[codec(index = 3)]
	FleetStaff,
	/// A carrier's driver: take and hand over custody, move the battery in transit, pick up a
	/// shipment, attach the truck, record checkpoints (not accept or decline agreements).
	#[codec(index = 4)]
	Carrier,
	/// A charging station's back office: piles in or out of order, sessions cancelled or closed
	/// after their timeout (not tariffs, piles or dispute refunds).
	#[codec(index = 5)]
	StationBackOffice,
}

/// Calls every restricted proxy type may make: utility batches (their inner calls are filtered
/// again by the same type).
fn is_batch(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::Utility(
			pallet_utility::Call::batch { .. }
				| pallet_utility::Call::batch_all { .. }
				| pallet_utility::Call::force_batch { .. }
		)
	)
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		use pallet_battery::Call as B;
		use pallet_charging::Call as C;
		use pallet_logistics::Call as L;
		use pallet_recycling::Call as R;
		use pallet_telemetry::Call as T;
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => !matches!(
				call,
				RuntimeCall::Balances(..)
					| RuntimeCall::Sudo(..)
					| RuntimeCall::Council(..)
					| RuntimeCall::CouncilMembership(..)
					| RuntimeCall::Governance(..)
					| RuntimeCall::Multisig(..)
					| RuntimeCall::Proxy(..)
					| RuntimeCall::Charging(C::request_session { .. } | C::resolve_dispute { .. })
					| RuntimeCall::Logistics(
						L::propose_shipment { .. } | L::resolve_exception { .. }
					) | RuntimeCall::Recycling(R::offer_buy_back { .. } | R::accept_buy_back { .. })
			),
			ProxyType::Manufacturing => {
				is_batch(call)
					|| matches!(
						call,
						RuntimeCall::Battery(
							B::register_batteries { .. }
								| B::bind_tag { .. } | B::offer_custody { .. }
								| B::cancel_custody_offer { .. }
								| B::transition { .. }
						)
					)
			},
			ProxyType::FleetStaff => {
				is_batch(call)
					|| matches!(
						call,
						RuntimeCall::Battery(
							B::offer_custody { .. }
								| B::accept_custody { .. }
								| B::cancel_custody_offer { .. }
								| B::transition { .. } | B::assign_user { .. }
								| B::unassign_user { .. }
								| B::add_maintenance { .. }
								| B::grant_maintenance { .. }
						) | RuntimeCall::Telemetry(
							T::register_estimator { .. }
								| T::remove_estimator { .. }
								| T::set_physical_model { .. }
								| T::set_characterisation { .. }
								| T::set_data_space { .. }
								| T::discard_batch { .. }
								| T::reset_sequence { .. }
						)
					)
			},
			ProxyType::Carrier => {
				is_batch(call)
					|| matches!(
						call,
						RuntimeCall::Battery(
							B::accept_custody { .. }
								| B::offer_custody { .. }
								| B::cancel_custody_offer { .. }
								| B::transition { .. }
						) | RuntimeCall::Logistics(
							L::pick_up { .. }
								| L::attach_vehicle { .. }
								| L::record_checkpoint { .. }
						)
					)
			},
			ProxyType::StationBackOffice => {
				is_batch(call)
					|| matches!(
						call,
						RuntimeCall::Charging(
							C::set_pile_status { .. }
								| C::cancel_session { .. }
								| C::close_stale_session { .. }
						)
					)
			},
		}
	}

	fn is_superset(&self, other: &Self) -> bool {
		match (self, other) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			// The role types allow none of the calls NonTransfer excludes.
			(ProxyType::NonTransfer, _) => true,
			_ => false,
		}
	}
}

impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	/// Staff keys per organisation account.
	type MaxProxies = frame_support::traits::ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = frame_support::traits::ConstU32<32>;
	type CallHasher = sp_runtime::traits::BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}
