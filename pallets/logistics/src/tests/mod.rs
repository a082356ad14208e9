//! Unit tests: agreements, handovers (with the real battery pallet), sealed records, freight.

use crate::{mock::*, BatteriesOf, LogisticsEnvelope, ShipmentId};
use battery_primitives::{battery::Date, consortium::DataCategory};
use frame_support::{assert_ok, traits::fungible::InspectHold};

mod agreements;
mod collisions;
mod handover;
mod queries;
mod route;

/// The expected pickup and delivery dates of the test shipments.
pub const PICKUP: Date = Date::new(2026, 12, 1);
pub const DELIVERY: Date = Date::new(2026, 12, 3);

/// Batteries `ns` as a shipment's list.
pub fn batteries(ns: impl IntoIterator<Item = u32>) -> BatteriesOf<Test> {
	ns.into_iter().map(battery).collect::<Vec<_>>().try_into().expect("within MaxBatteries")
}

/// `plaintext` about `first` sealed for the shipment keys of `parties` (and the Authority).
pub fn sealed_for(first: u32, parties: &[AccountId], plaintext: &[u8]) -> LogisticsEnvelope {
	let keys = Logistics::shipment_keys(parties.iter());
	let mut random = battery_test_fixtures::byte_stream(5u8);
	battery_seal::seal(DataCategory::Logistics, &battery(first), plaintext, &keys, &mut random)
		.expect("seals")
}

/// The terms of a manufacturer → carrier → operator shipment whose first battery is `first`.
pub fn terms(first: u32) -> LogisticsEnvelope {
	sealed_for(first, &[manufacturer(), carrier(), operator()], b"route: Ningde - Munich; EUR 900")
}

/// Propose batteries `ns` from the manufacturer via the carrier to the operator with `freight`.
pub fn propose(ns: impl IntoIterator<Item = u32> + Clone, freight: Balance) -> ShipmentId {
	let id = crate::NextShipmentId::<Test>::get();
	let first = ns.clone().into_iter().next().expect("one battery");
	assert_ok!(Logistics::propose_shipment(
		RuntimeOrigin::signed(manufacturer()),
		carrier(),
		operator(),
		batteries(ns),
		PICKUP,
		DELIVERY,
		freight,
		terms(first),
	));
	id
}

/// [`propose`], accepted by the carrier and picked up.
pub fn in_transit(ns: impl IntoIterator<Item = u32> + Clone, freight: Balance) -> ShipmentId {
	let id = propose(ns, freight);
	assert_ok!(Logistics::accept_shipment(RuntimeOrigin::signed(carrier()), id));
	assert_ok!(Logistics::pick_up(RuntimeOrigin::signed(carrier()), id));
	id
}

/// Freight held from `who`.
pub fn held(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Logistics(crate::HoldReason::Freight), who)
}

/// Free balance of `who`.
pub fn free(who: &AccountId) -> Balance {
	Balances::free_balance(who)
}

/// Custodian of battery `n`.
pub fn custodian(n: u32) -> AccountId {
	<Battery as crate::BatteryLifecycle<AccountId>>::custodian(&battery(n)).expect("registered")
}

/// Status of battery `n`.
pub fn status(n: u32) -> crate::BatteryStatus {
	<Battery as crate::BatteryLifecycle<AccountId>>::status(&battery(n)).expect("registered")
}
