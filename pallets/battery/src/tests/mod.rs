//! Unit tests, split by topic. Every test runs through [`ExtBuilder::build_and_execute`], which
//! checks the pallet's invariants after the test body.

use crate::{mock::*, BatchOf, Batteries, BatteryId, BatteryRecordOf, BatteryStatus, TagUid};
use frame_support::assert_ok;

mod accidents;
mod custody;
mod lifecycle;
mod lots;
mod maintenance;
mod metadata;
mod obligations;
mod queries;
mod registration;
mod second_life;
mod tags;
mod usage;

/// `ids` as a registration batch.
fn batch(ids: &[BatteryId]) -> BatchOf<Test> {
	ids.to_vec().try_into().expect("batch within MaxBatchSize")
}

/// Register `ids` as [`manufacturer`] with [`factory`].
fn register(ids: &[BatteryId]) {
	assert_ok!(Battery::register_batteries(
		RuntimeOrigin::signed(manufacturer()),
		factory(),
		batch(ids)
	));
}

/// The record of `battery`.
fn record(battery: &BatteryId) -> BatteryRecordOf<Test> {
	Battery::record(battery).expect("registered battery")
}

/// Write `battery`'s own record as its first change does (a lot member leaves its lot): what
/// the tests that write records directly, as older chains kept them, start from.
fn own_record(battery: &BatteryId) {
	Battery::store(battery, record(battery));
}

/// The last event of this pallet.
fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Battery(event) => Some(event),
			_ => None,
		})
		.expect("an event")
}

/// Hand custody of `battery` from `from` to `to` (offer, accept).
fn handover(battery: &BatteryId, from: &AccountId, to: &AccountId) {
	assert_ok!(Battery::offer_custody(
		RuntimeOrigin::signed(from.clone()),
		battery.clone(),
		to.clone()
	));
	assert_ok!(Battery::accept_custody(RuntimeOrigin::signed(to.clone()), battery.clone()));
}

/// Move `battery` to `to` as `who`.
fn step(battery: &BatteryId, who: &AccountId, to: BatteryStatus) {
	assert_ok!(Battery::transition(RuntimeOrigin::signed(who.clone()), battery.clone(), to));
}

/// Register `battery` and bring it into service with [`operator`] (via [`logistics`]).
fn in_service(battery: &BatteryId) {
	register(core::slice::from_ref(battery));
	handover(battery, &manufacturer(), &logistics());
	step(battery, &logistics(), BatteryStatus::InTransit);
	handover(battery, &logistics(), &operator());
	step(battery, &operator(), BatteryStatus::InService);
}

/// [`in_service`], then assigned to [`user`].
fn assigned(battery: &BatteryId) {
	in_service(battery);
	assert_ok!(Battery::assign_user(RuntimeOrigin::signed(operator()), battery.clone(), user()));
}

/// [`in_service`], retired and handed to [`recycler`], `WithRecycler`.
fn with_recycler(battery: &BatteryId) {
	in_service(battery);
	step(battery, &operator(), BatteryStatus::Retired);
	handover(battery, &operator(), &recycler());
	step(battery, &recycler(), BatteryStatus::WithRecycler);
}

/// Bind tag `uid(n)` to `battery`, signed by the manufacturer's own key.
fn bind(battery: &BatteryId, n: u8) -> TagUid {
	let tag = uid(n);
	let signature = sign_tag(&pair("Manufacturer"), &tag, battery, &record(battery).factory_hash);
	assert_ok!(Battery::bind_tag(
		RuntimeOrigin::signed(manufacturer()),
		battery.clone(),
		tag.clone(),
		[9; 32],
		manufacturer(),
		signature
	));
	tag
}
