//! Unit tests: the council's path to Root (a two-thirds motion), its refusals, error propagation and
//! the call's weight.

use crate::{mock::*, Event};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchClass, GetDispatchInfo},
	storage::unhashed,
	weights::Weight,
};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	DispatchError,
};

const KEY: &[u8] = b":governance:test";

/// `System::set_storage`, a Root-only call, writing `KEY`.
fn root_only_call() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(KEY.to_vec(), b"set".to_vec())],
	})
}

fn dispatch_as_root(inner: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Governance(crate::Call::dispatch_as_root { call: Box::new(inner) })
}

fn council(ayes: u32) -> RuntimeOrigin {
	pallet_collective::RawOrigin::<AccountId, CouncilCollective>::Members(
		ayes,
		MEMBERS.len() as u32,
	)
	.into()
}

fn dispatched_as_root() -> bool {
	System::events().iter().any(|r| r.event == RuntimeEvent::Governance(Event::DispatchedAsRoot))
}

/// The outcome of the council's `Executed` event, if a motion was executed.
fn executed() -> Option<Result<(), DispatchError>> {
	System::events().iter().find_map(|r| match &r.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(*result),
		_ => None,
	})
}

#[test]
fn a_two_thirds_council_motion_dispatches_a_root_call() {
	new_test_ext().execute_with(|| {
		let proposal = dispatch_as_root(root_only_call());
		let length = proposal.encoded_size() as u32;
		let hash = BlakeTwo256::hash_of(&proposal);
		assert_ok!(Council::propose(RuntimeOrigin::signed(1), 2, Box::new(proposal), length));
		assert_ok!(Council::vote(RuntimeOrigin::signed(1), hash, 0, true));
		assert_ok!(Council::vote(RuntimeOrigin::signed(2), hash, 0, true));
		assert_eq!(unhashed::get_raw(KEY), None);
		assert_ok!(Council::close(
			RuntimeOrigin::signed(3),
			hash,
			0,
			Weight::from_parts(1_000_000_000, 100_000),
			length
		));
		assert_eq!(unhashed::get_raw(KEY), Some(b"set".to_vec()));
		assert!(dispatched_as_root());
		assert_eq!(executed(), Some(Ok(())));
	});
}

#[test]
fn two_thirds_and_all_members_are_root_origins() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::dispatch_as_root(council(2), Box::new(root_only_call())));
		assert_eq!(unhashed::get_raw(KEY), Some(b"set".to_vec()));
		unhashed::kill(KEY);
		assert_ok!(Governance::dispatch_as_root(council(3), Box::new(root_only_call())));
		assert_eq!(unhashed::get_raw(KEY), Some(b"set".to_vec()));
	});
}

#[test]
fn anything_short_of_two_thirds_is_refused_and_dispatches_nothing() {
	new_test_ext().execute_with(|| {
		for origin in [
			council(1),
			council(0),
			RuntimeOrigin::signed(1),
			RuntimeOrigin::signed(OUTSIDER),
			// Root needs no help, and is not the council: the origin is the council's alone.
			RuntimeOrigin::root(),
			RuntimeOrigin::none(),
		] {
			assert_noop!(
				Governance::dispatch_as_root(origin, Box::new(root_only_call())),
				DispatchError::BadOrigin
			);
		}
		assert_eq!(unhashed::get_raw(KEY), None);
		assert!(!dispatched_as_root());
	});
}

#[test]
fn a_minority_motion_executes_with_bad_origin() {
	new_test_ext().execute_with(|| {
		// Threshold 1 executes at once with the origin "1 of 3": not two thirds.
		let proposal = dispatch_as_root(root_only_call());
		let length = proposal.encoded_size() as u32;
		assert_ok!(Council::propose(RuntimeOrigin::signed(1), 1, Box::new(proposal), length));
		assert_eq!(executed(), Some(Err(DispatchError::BadOrigin)));
		assert_eq!(unhashed::get_raw(KEY), None);
		assert!(!dispatched_as_root());
	});
}

#[test]
fn the_inner_error_is_the_call_error_and_no_event_is_left() {
	new_test_ext().execute_with(|| {
		// A Root-only call that fails: a prime who is not among the new members.
		let inner = RuntimeCall::Council(pallet_collective::Call::set_members {
			new_members: vec![100, 101],
			prime: Some(OUTSIDER),
			old_count: MEMBERS.len() as u32,
		});
		let result = Governance::dispatch_as_root(council(2), Box::new(inner));
		let error = result.expect_err("the inner call fails");
		assert_eq!(
			error.error,
			pallet_collective::Error::<Test, CouncilCollective>::PrimeAccountNotMember.into()
		);
		// The charged weight still includes this pallet's overhead.
		let overhead = <() as crate::WeightInfo>::dispatch_as_root();
		assert!(error.post_info.actual_weight.is_some_and(|w| w.all_gte(overhead)));
		assert!(!dispatched_as_root());
		assert_eq!(pallet_collective::Members::<Test, CouncilCollective>::get(), MEMBERS.to_vec());
	});
}

#[test]
fn weight_is_overhead_plus_the_inner_call_in_its_class() {
	new_test_ext().execute_with(|| {
		let overhead = <() as crate::WeightInfo>::dispatch_as_root();
		let inner = RuntimeCall::System(frame_system::Call::set_code { code: vec![0; 16] });
		let inner_info = inner.get_dispatch_info();
		let info = dispatch_as_root(inner).get_dispatch_info();
		assert_eq!(info.call_weight, overhead.saturating_add(inner_info.call_weight));
		assert_eq!(info.class, DispatchClass::Operational);

		let normal = dispatch_as_root(root_only_call()).get_dispatch_info();
		assert_eq!(normal.class, root_only_call().get_dispatch_info().class);
		assert!(normal.call_weight.ref_time() > overhead.ref_time());
	});
}

#[test]
fn actual_weight_is_overhead_plus_the_inner_actual_weight() {
	new_test_ext().execute_with(|| {
		let call = root_only_call();
		let inner_weight = call.get_dispatch_info().call_weight;
		let post = Governance::dispatch_as_root(council(2), Box::new(call)).expect("dispatches");
		let overhead = <() as crate::WeightInfo>::dispatch_as_root();
		assert_eq!(post.actual_weight, Some(overhead.saturating_add(inner_weight)));
	});
}
