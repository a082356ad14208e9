//! Where fees go: every fee and tip is paid into the consortium's fee account; nothing is burnt.

use super::*;
use crate::{configs::FeeAccount, RuntimeCall, RuntimeOrigin, System, UNIT};
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungible::Inspect, UnfilteredDispatchable},
};
use pallet_transaction_payment::ChargeTransactionPayment;
use sp_runtime::traits::DispatchTransaction;

fn transfer_to_eve() -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Sr25519Keyring::Eve.to_account_id().into(),
		value: UNIT,
	})
}

#[test]
fn every_preset_opens_the_fee_account_with_the_existential_deposit() {
	for preset in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, CONSORTIUM_RUNTIME_PRESET] {
		ext_for_preset(preset).execute_with(|| {
			assert_eq!(Balances::free_balance(FeeAccount::get()), EXISTENTIAL_DEPOSIT, "{preset}");
		});
	}
}

#[test]
fn fees_and_tips_go_to_the_fee_account_and_issuance_is_kept() {
	ext_for_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		let bob = Sr25519Keyring::Bob.to_account_id();
		let call = transfer_to_eve();
		let info = call.get_dispatch_info();
		let len = 120;
		let tip = 3 * UNIT / 1000;
		let issuance = Balances::total_issuance();
		let fund = Balances::free_balance(FeeAccount::get());
		let bob_before = Balances::free_balance(&bob);

		let fee =
			pallet_transaction_payment::Pallet::<Runtime>::compute_fee(len as u32, &info, tip);
		assert!(fee > tip, "a fee beyond the tip: {fee}");
		let outcome = ChargeTransactionPayment::<Runtime>::from(tip).test_run(
			RuntimeOrigin::signed(bob.clone()),
			&call,
			&info,
			len,
			0,
			|origin| call.clone().dispatch_bypass_filter(origin),
		);
		assert!(matches!(outcome, Ok(Ok(_))), "{outcome:?}");

		assert_eq!(Balances::free_balance(FeeAccount::get()), fund + fee, "fee and tip paid in");
		assert_eq!(Balances::free_balance(&bob), bob_before - UNIT - fee);
		assert_eq!(Balances::total_issuance(), issuance, "nothing burnt");
		assert_eq!(<Balances as Inspect<_>>::total_issuance(), issuance);
	});
}

#[test]
fn root_spends_the_fee_account_and_nobody_else_can() {
	ext_for_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		let fund = FeeAccount::get();
		let dave = Sr25519Keyring::Dave.to_account_id();
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			fund.clone().into(),
			10 * UNIT
		));
		let take = |origin| {
			Balances::force_transfer(origin, fund.clone().into(), dave.clone().into(), UNIT)
		};
		assert!(take(RuntimeOrigin::signed(dave.clone())).is_err());
		let before = Balances::free_balance(&dave);
		assert_ok!(take(RuntimeOrigin::root()));
		assert_eq!(Balances::free_balance(&dave), before + UNIT);
	});
}
