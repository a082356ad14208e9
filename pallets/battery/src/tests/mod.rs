//! Unit tests, split by topic. Every test runs through [`ExtBuilder::build_and_execute`], which
//! checks the pallet's invariants after the test body.

use crate::{mock::*, BatchOf, Batteries, BatteryId, BatteryRecordOf, BatteryStatus, TagUid};
use frame_support::assert_ok;

mod custody;
mod lifecycle;
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

/// The record of `id`.
fn record(id: &BatteryId) -> BatteryRecordOf<Test> {
	Batteries::<Test>::get(id).expect("registered battery")
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

/// Hand custody of `id` from `from` to `to` (offer, accept).
fn handover(id: &BatteryId, from: &AccountId, to: &AccountId) {
	assert_ok!(Battery::offer_custody(RuntimeOrigin::signed(from.clone()), id.clone(), to.clone()));
	assert_ok!(Battery::accept_custody(RuntimeOrigin::signed(to.clone()), id.clone()));
}

/// Move `id` to `to` as `who`.
fn step(id: &BatteryId, who: &AccountId, to: BatteryStatus) {
	assert_ok!(Battery::transition(RuntimeOrigin::signed(who.clone()), id.clone(), to));
}

/// Register `id` and bring it into service with [`operator`] (via [`logistics`]).
fn in_service(id: &BatteryId) {
	register(core::slice::from_ref(id));
	handover(id, &manufacturer(), &logistics());
	step(id, &logistics(), BatteryStatus::InTransit);
	handover(id, &logistics(), &operator());
	step(id, &operator(), BatteryStatus::InService);
}

/// [`in_service`], then assigned to [`user`].
fn assigned(id: &BatteryId) {
	in_service(id);
	assert_ok!(Battery::assign_user(RuntimeOrigin::signed(operator()), id.clone(), user()));
}

/// [`in_service`], retired and handed to [`recycler`], `WithRecycler`.
fn with_recycler(id: &BatteryId) {
	in_service(id);
	step(id, &operator(), BatteryStatus::Retired);
	handover(id, &operator(), &recycler());
	step(id, &recycler(), BatteryStatus::WithRecycler);
}

/// Bind tag `uid(n)` to `id`, signed by the manufacturer's own key.
fn bind(id: &BatteryId, n: u8) -> TagUid {
	let tag = uid(n);
	let signature = sign_tag(&pair("Manufacturer"), &tag, id, &record(id).factory_hash);
	assert_ok!(Battery::bind_tag(
		RuntimeOrigin::signed(manufacturer()),
		id.clone(),
		tag.clone(),
		[9; 32],
		manufacturer(),
		signature
	));
	tag
}
