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
fn root_spends_the_fee_account_keeping_it_open_and_nobody_else_can() {
	ext_for_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		let fund = FeeAccount::get();
		let dave = Sr25519Keyring::Dave.to_account_id();
		assert_ok!(Balances::force_set_balance(
			RuntimeOrigin::root(),
			fund.clone().into(),
			10 * UNIT
		));
		// As the README says: `utility.dispatchAs` the fee account, `transferKeepAlive`.
		let spend = |amount| {
			Box::new(RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: dave.clone().into(),
				value: amount,
			}))
		};
		let as_fund = || Box::new(frame_system::RawOrigin::Signed(fund.clone()).into());
		assert!(crate::Utility::dispatch_as(
			RuntimeOrigin::signed(dave.clone()),
			as_fund(),
			spend(UNIT)
		)
		.is_err());
		let before = Balances::free_balance(&dave);
		assert_ok!(crate::Utility::dispatch_as(RuntimeOrigin::root(), as_fund(), spend(UNIT)));
		assert_eq!(Balances::free_balance(&dave), before + UNIT);
		// All of it is refused (the inner transfer fails): the account stays open for the next fees.
		assert_ok!(crate::Utility::dispatch_as(RuntimeOrigin::root(), as_fund(), spend(9 * UNIT)));
		assert_eq!(Balances::free_balance(&fund), 9 * UNIT);
	});
}

#[test]
fn an_upgrade_opens_a_missing_fee_account_once() {
	use frame_support::traits::OnRuntimeUpgrade;
	ext_for_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		System::set_block_number(1);
		let fund = FeeAccount::get();
		// As on a chain that began before fees went there (or after Root emptied it).
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), fund.clone().into(), 0));
		assert_eq!(Balances::free_balance(&fund), 0);
		crate::configs::OpenFeeAccount::on_runtime_upgrade();
		assert_eq!(Balances::free_balance(&fund), EXISTENTIAL_DEPOSIT);
		let issuance = Balances::total_issuance();
		crate::configs::OpenFeeAccount::on_runtime_upgrade();
		assert_eq!(Balances::total_issuance(), issuance, "open: nothing minted again");
	});
}
