//! Unit tests, split by topic. Every test runs through [`ExtBuilder::build_and_execute`], which
//! checks the pallet's invariants (indexes, counters, held deposits) after the test body.

use crate::{mock::*, HoldReason};
use frame_support::traits::fungible::{Inspect, InspectHold};

mod devices;
mod genesis;
mod hardening;
mod membership;
mod metadata;
mod migrations;
mod origins;
mod queries;
mod reader_keys;
mod scope;
mod users;

/// Amount held from `who` for `reason`.
fn held(reason: HoldReason, who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(&reason.into(), &who)
}

/// Free balance of `who`.
fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// Total issuance of the currency.
fn issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

/// Apply for `role` as `who` and approve it (Root).
fn admit(who: AccountId, role: crate::Role) {
	frame_support::assert_ok!(Consortium::apply_for_role(
		RuntimeOrigin::signed(who),
		role,
		profile("Org")
	));
	frame_support::assert_ok!(Consortium::approve_application(RuntimeOrigin::root(), who, role));
}
