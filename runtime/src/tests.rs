//! Runtime-level tests: genesis presets, token properties, `battery_info`.

use crate::{
	apis::chain_info, genesis_config_presets, token, Balances, Grandpa, Runtime,
	RuntimeGenesisConfig, EXISTENTIAL_DEPOSIT, VERSION,
};
use genesis_config_presets::CONSORTIUM_RUNTIME_PRESET;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;

/// Builds the genesis state of preset `name` the way the node does (JSON patch over defaults).
fn ext_for_preset(name: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&name.into()).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	json_patch(&mut config, serde_json::from_slice(&patch).expect("preset is JSON"));
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("valid genesis config");
	config.build_storage().expect("genesis builds").into()
}

/// Merges `patch` into `base` (objects recursively, other values replaced).
fn json_patch(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				json_patch(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

#[test]
fn presets_are_listed() {
	let names = genesis_config_presets::preset_names();
	assert!(names.contains(&DEV_RUNTIME_PRESET.into()));
	assert!(names.contains(&LOCAL_TESTNET_RUNTIME_PRESET.into()));
	assert!(names.contains(&CONSORTIUM_RUNTIME_PRESET.into()));
	assert!(genesis_config_presets::get_preset(&"no-such-preset".into()).is_none());
}

#[test]
fn development_preset_has_alice_validating_and_sudo() {
	ext_for_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Sr25519Keyring::Alice.to_account_id()));
		for who in Sr25519Keyring::iter() {
			assert!(Balances::free_balance(who.to_account_id()) > EXISTENTIAL_DEPOSIT);
		}
	});
}

#[test]
fn consortium_and_local_testnet_have_four_equal_validators_and_no_sudo() {
	for preset in [CONSORTIUM_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET] {
		ext_for_preset(preset).execute_with(|| {
			use Sr25519Keyring::*;
			let aura = pallet_aura::Authorities::<Runtime>::get();
			let expected: Vec<sp_consensus_aura::sr25519::AuthorityId> =
				[Alice, Bob, Charlie, Dave].iter().map(|k| k.public().into()).collect();
			assert_eq!(aura.to_vec(), expected, "{preset}");
			// Equal GRANDPA weights: any three of the four finalize, so one may be down.
			let weights: Vec<u64> =
				Grandpa::grandpa_authorities().iter().map(|(_, w)| *w).collect();
			assert_eq!(weights, vec![1, 1, 1, 1], "{preset}");
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "{preset}");
		});
	}
	assert_eq!(
		genesis_config_presets::get_preset(&LOCAL_TESTNET_RUNTIME_PRESET.into()),
		genesis_config_presets::get_preset(&CONSORTIUM_RUNTIME_PRESET.into())
	);
}

#[test]
fn token_properties_match_the_runtime() {
	assert_eq!(<Runtime as frame_system::Config>::SS58Prefix::get(), token::SS58_PREFIX);
	assert_eq!(crate::UNIT, 10u128.pow(12));
	let info = chain_info();
	assert_eq!(info.spec_name, b"battery-chain".to_vec());
	assert_eq!(info.spec_version, VERSION.spec_version);
	assert_eq!(info.token_symbol, token::SYMBOL.as_bytes().to_vec());
	assert_eq!(info.token_decimals, 12);
	assert_eq!(info.ss58_format, token::SS58_PREFIX);
	assert_eq!(info.existential_deposit, EXISTENTIAL_DEPOSIT);
}

#[test]
fn block_time_is_at_most_six_seconds() {
	assert!(crate::MILLISECS_PER_BLOCK <= 6000);
	assert_eq!(crate::SLOT_DURATION, crate::MILLISECS_PER_BLOCK);
}

mod council {
	//! In the consortium preset the approval origin of pallet-consortium is a council majority.

	use super::*;
	use crate::{Consortium, Council, RuntimeCall, RuntimeEvent, RuntimeOrigin, System};
	use battery_primitives::consortium::{ConsortiumInspect, Role};
	use codec::Encode;
	use frame_support::{assert_noop, assert_ok, weights::Weight};
	use pallet_consortium::MemberProfile;
	use sp_runtime::traits::{BlakeTwo256, Hash};

	fn apply_as_operator(who: &crate::AccountId) {
		let profile = MemberProfile::new(b"Newcomer Fleet", b"LEI-123", b"ops@newcomer.example")
			.expect("fits the bound");
		assert_ok!(Consortium::apply_for_role(
			RuntimeOrigin::signed(who.clone()),
			Role::Operator,
			profile
		));
	}

	fn approve_call(who: &crate::AccountId) -> RuntimeCall {
		RuntimeCall::Consortium(pallet_consortium::Call::approve_application {
			applicant: who.clone(),
			role: Role::Operator,
		})
	}

	#[test]
	fn council_majority_approves_an_application() {
		ext_for_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let applicant = Sr25519Keyring::BobStash.to_account_id();
			apply_as_operator(&applicant);
			assert_eq!(
				pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len(),
				3
			);

			let call = approve_call(&applicant);
			let length = call.encoded_size() as u32;
			let hash = BlakeTwo256::hash_of(&call);
			assert_ok!(Council::propose(
				RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
				2,
				Box::new(call),
				length
			));
			// Proposing is not voting: two of the three members vote aye.
			for voter in [Sr25519Keyring::Alice, Sr25519Keyring::Bob] {
				assert_ok!(Council::vote(
					RuntimeOrigin::signed(voter.to_account_id()),
					hash,
					0,
					true
				));
			}
			assert!(!Consortium::has_role(&applicant, Role::Operator));
			assert_ok!(Council::close(
				RuntimeOrigin::signed(Sr25519Keyring::Dave.to_account_id()),
				hash,
				0,
				Weight::from_parts(10_000_000_000, 100_000),
				length
			));
			assert!(Consortium::has_role(&applicant, Role::Operator));
			assert!(System::events().iter().any(|record| matches!(
				record.event,
				RuntimeEvent::Consortium(pallet_consortium::Event::ApplicationApproved { .. })
			)));
		});
	}

	#[test]
	fn a_council_minority_cannot_approve() {
		ext_for_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let applicant = Sr25519Keyring::BobStash.to_account_id();
			apply_as_operator(&applicant);
			let call = approve_call(&applicant);
			let length = call.encoded_size() as u32;
			// Threshold 1 executes at once with the origin "1 of 3 members", which is not a majority.
			assert_ok!(Council::propose(
				RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
				1,
				Box::new(call),
				length
			));
			assert!(!Consortium::has_role(&applicant, Role::Operator));
			assert!(System::events().iter().any(|record| matches!(
				&record.event,
				RuntimeEvent::Council(pallet_collective::Event::Executed { result: Err(_), .. })
			)));
			// A single signed account is not an approval origin either.
			assert_noop!(
				Consortium::approve_application(
					RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
					applicant,
					Role::Operator
				),
				sp_runtime::DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn presets_seed_one_member_per_role() {
		for preset in [DEV_RUNTIME_PRESET, CONSORTIUM_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET]
		{
			ext_for_preset(preset).execute_with(|| {
				use Sr25519Keyring::*;
				for (who, role) in [
					(Alice, Role::Authority),
					(Bob, Role::Manufacturer),
					(Charlie, Role::Logistics),
					(Dave, Role::Operator),
					(Eve, Role::EnergyStation),
					(Ferdie, Role::Recycler),
					(AliceStash, Role::User),
				] {
					assert!(Consortium::has_role(&who.to_account_id(), role), "{who:?} {role:?}");
				}
				assert!(Consortium::is_user_of(&Dave.to_account_id(), &AliceStash.to_account_id()));
			});
		}
	}

	#[test]
	fn battery_info_lists_the_project_pallets() {
		let info = chain_info();
		let names: Vec<_> = info.pallets.iter().map(|p| p.name.clone()).collect();
		assert_eq!(
			names,
			vec![
				b"Consortium".to_vec(),
				b"Battery".to_vec(),
				b"Logistics".to_vec(),
				b"Charging".to_vec(),
				b"Recycling".to_vec(),
				b"Telemetry".to_vec(),
				b"Passport".to_vec()
			]
		);
		let indexes: Vec<_> = info.pallets.iter().map(|p| p.index).collect();
		assert_eq!(indexes, vec![20, 21, 22, 23, 24, 25, 26]);
	}
}

mod root_through_the_council {
	//! Without sudo, two thirds of the council reach Root through pallet-governance: a motion
	//! authorizes a runtime upgrade; a minority motion and the (absent) sudo key cannot.

	use super::*;
	use crate::{Council, RuntimeCall, RuntimeEvent, RuntimeOrigin, Sudo, System};
	use codec::Encode;
	use frame_support::{assert_noop, assert_ok, weights::Weight};
	use sp_runtime::traits::{BlakeTwo256, Hash};

	fn authorize(code_hash: crate::Hash) -> RuntimeCall {
		RuntimeCall::Governance(pallet_governance::Call::dispatch_as_root {
			call: Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash,
			})),
		})
	}

	#[test]
	fn a_two_thirds_motion_authorizes_an_upgrade() {
		ext_for_preset(CONSORTIUM_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let code_hash = BlakeTwo256::hash(b"next runtime");
			let call = authorize(code_hash);
			let length = call.encoded_size() as u32;
			let hash = BlakeTwo256::hash_of(&call);
			let alice = Sr25519Keyring::Alice.to_account_id();
			assert_ok!(Council::propose(
				RuntimeOrigin::signed(alice.clone()),
				2,
				Box::new(call),
				length
			));
			for voter in [Sr25519Keyring::Alice, Sr25519Keyring::Dave] {
				assert_ok!(Council::vote(
					RuntimeOrigin::signed(voter.to_account_id()),
					hash,
					0,
					true
				));
			}
			assert!(System::authorized_upgrade().is_none());
			assert_ok!(Council::close(
				RuntimeOrigin::signed(alice),
				hash,
				0,
				Weight::from_parts(10_000_000_000, 100_000),
				length
			));
			let authorized = System::authorized_upgrade().map(|a| *a.code_hash());
			assert_eq!(authorized, Some(code_hash));
			assert!(System::events().iter().any(|r| matches!(
				r.event,
				RuntimeEvent::Governance(pallet_governance::Event::DispatchedAsRoot)
			)));
		});
	}

	#[test]
	fn a_minority_motion_and_sudo_cannot() {
		ext_for_preset(CONSORTIUM_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let call = authorize(BlakeTwo256::hash(b"next runtime"));
			let length = call.encoded_size() as u32;
			let alice = Sr25519Keyring::Alice.to_account_id();
			// Threshold 1 executes at once as "1 of 3": not two thirds.
			assert_ok!(Council::propose(
				RuntimeOrigin::signed(alice.clone()),
				1,
				Box::new(call),
				length
			));
			assert!(System::authorized_upgrade().is_none());
			// No sudo key in the consortium preset.
			let inner = RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash: BlakeTwo256::hash(b"next runtime"),
			});
			assert_noop!(
				Sudo::sudo(RuntimeOrigin::signed(alice), Box::new(inner)),
				pallet_sudo::Error::<Runtime>::RequireSudo
			);
		});
	}
}

mod organisations {
	//! Batch calls, multisig organisation accounts and staff proxies limited per role
	//! (`configs/accounts.rs`), on the development preset (Dave is an Operator, Bob a
	//! Manufacturer).

	use super::*;
	use crate::{
		configs::accounts::ProxyType, Multisig, Proxy, RuntimeCall, RuntimeEvent, RuntimeOrigin,
		System, Utility, UNIT,
	};
	use frame_support::{assert_noop, assert_ok, weights::Weight};
	use sp_runtime::DispatchError;

	fn account(who: Sr25519Keyring) -> crate::AccountId {
		who.to_account_id()
	}

	/// The result of the last proxied call.
	fn last_proxy_result() -> Result<(), DispatchError> {
		System::events()
			.into_iter()
			.rev()
			.find_map(|record| match record.event {
				RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
				_ => None,
			})
			.expect("a proxied call")
	}

	fn proxied(delegate: Sr25519Keyring, real: Sr25519Keyring, call: RuntimeCall) {
		assert_ok!(Proxy::proxy(
			RuntimeOrigin::signed(account(delegate)),
			account(real).into(),
			None,
			Box::new(call)
		));
	}

	fn unknown_battery() -> pallet_battery::BatteryId {
		pallet_battery::BatteryId::truncate_from(b"03HPE0A2D000C7LB59999999".to_vec())
	}

	fn transfer() -> RuntimeCall {
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: account(Sr25519Keyring::Eve).into(),
			value: UNIT,
		})
	}

	fn filtered() -> Result<(), DispatchError> {
		Err(frame_system::Error::<Runtime>::CallFiltered.into())
	}

	fn battery_error(error: pallet_battery::Error<Runtime>) -> Result<(), DispatchError> {
		Err(error.into())
	}

	#[test]
	fn fleet_staff_act_as_their_operator_within_battery_and_telemetry_calls() {
		ext_for_preset(DEV_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let (dave, ferdie) = (Sr25519Keyring::Dave, Sr25519Keyring::Ferdie);
			assert_ok!(Proxy::add_proxy(
				RuntimeOrigin::signed(account(dave)),
				account(ferdie).into(),
				ProxyType::FleetStaff,
				0
			));
			// The call runs as Dave: the Operator role check passes, the battery is unknown.
			let assign = RuntimeCall::Battery(pallet_battery::Call::assign_user {
				battery: unknown_battery(),
				user: account(Sr25519Keyring::AliceStash),
			});
			proxied(ferdie, dave, assign.clone());
			assert_eq!(last_proxy_result(), battery_error(pallet_battery::Error::UnknownBattery));
			// Tokens, membership and proxy management are out of reach, also inside a batch.
			proxied(ferdie, dave, transfer());
			assert_eq!(last_proxy_result(), filtered());
			proxied(
				ferdie,
				dave,
				RuntimeCall::Consortium(pallet_consortium::Call::register_user {
					user: account(Sr25519Keyring::EveStash),
				}),
			);
			assert_eq!(last_proxy_result(), filtered());
			proxied(
				ferdie,
				dave,
				RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
					delegate: account(Sr25519Keyring::Eve).into(),
					proxy_type: ProxyType::Any,
					delay: 0,
				}),
			);
			assert_eq!(last_proxy_result(), filtered());
			proxied(
				ferdie,
				dave,
				RuntimeCall::Utility(pallet_utility::Call::batch_all {
					calls: vec![transfer(), assign],
				}),
			);
			assert_eq!(last_proxy_result(), filtered());
			// A key that is nobody's proxy cannot act for Dave at all.
			assert_noop!(
				Proxy::proxy(
					RuntimeOrigin::signed(account(Sr25519Keyring::Eve)),
					account(dave).into(),
					None,
					Box::new(transfer())
				),
				pallet_proxy::Error::<Runtime>::NotProxy
			);
		});
	}

	#[test]
	fn role_proxy_types_allow_only_their_roles_calls() {
		let register = RuntimeCall::Battery(pallet_battery::Call::bind_tag {
			battery: unknown_battery(),
			uid: Default::default(),
			ndef_hash: [0; 32],
			signer: account(Sr25519Keyring::Bob),
			signature: sp_runtime::MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw(
				[0; 64],
			)),
		});
		let assign = RuntimeCall::Battery(pallet_battery::Call::assign_user {
			battery: unknown_battery(),
			user: account(Sr25519Keyring::AliceStash),
		});
		let accept = RuntimeCall::Battery(pallet_battery::Call::accept_custody {
			battery: unknown_battery(),
		});
		let pick_up = RuntimeCall::Logistics(pallet_logistics::Call::pick_up { shipment: 0 });
		let propose = RuntimeCall::Logistics(pallet_logistics::Call::propose_shipment {
			carrier: account(Sr25519Keyring::Charlie),
			recipient: account(Sr25519Keyring::Dave),
			batteries: Default::default(),
			expected_pickup: battery_primitives::battery::Date::new(2026, 12, 1),
			expected_delivery: battery_primitives::battery::Date::new(2026, 12, 2),
			freight: 1,
			terms: battery_primitives::sealed::placeholder_envelope(
				battery_primitives::consortium::DataCategory::Logistics,
				&unknown_battery(),
				&[],
				48,
			),
		});
		let evse = battery_primitives::charging::EvseId::truncate_from(b"DE*ABC*E1".to_vec());
		let request = RuntimeCall::Charging(pallet_charging::Call::request_session {
			pile: evse.clone(),
			connector: 1,
			battery: None,
			max_energy_wh: 1,
			max_minutes: 1,
			details: battery_primitives::charging::SealedSession::new(
				battery_primitives::sealed::placeholder_envelope(
					battery_primitives::consortium::DataCategory::Charging,
					&unknown_battery(),
					&[],
					48,
				),
			),
		});
		let refund =
			RuntimeCall::Charging(pallet_charging::Call::resolve_dispute { session: 0, refund: 1 });
		let cancel = RuntimeCall::Charging(pallet_charging::Call::cancel_session { session: 0 });
		let tariff = RuntimeCall::Charging(pallet_charging::Call::set_tariff {
			pile: evse,
			tariff: battery_primitives::charging::Tariff {
				price_per_kwh: 1,
				per_minute: 0,
				per_session: 0,
			},
		});
		use frame_support::traits::InstanceFilter;
		// A driver picks up but does not commit freight; the back office cancels sessions but
		// neither refunds nor prices.
		assert!(ProxyType::Carrier.filter(&pick_up));
		assert!(!ProxyType::Carrier.filter(&propose));
		assert!(ProxyType::StationBackOffice.filter(&cancel));
		for call in [&refund, &tariff, &request, &pick_up, &register] {
			assert!(!ProxyType::StationBackOffice.filter(call), "{call:?}");
		}
		// NonTransfer commits none of the principal's tokens to another account, and sells
		// none of its batteries.
		let offer = RuntimeCall::Recycling(pallet_recycling::Call::offer_buy_back {
			battery: unknown_battery(),
			price: 1,
			valid_for: 1,
		});
		let sell = RuntimeCall::Recycling(pallet_recycling::Call::accept_buy_back {
			battery: unknown_battery(),
		});
		for call in [&request, &refund, &propose, &offer, &sell] {
			assert!(!ProxyType::NonTransfer.filter(call), "{call:?}");
		}
		assert!(ProxyType::NonTransfer.filter(&pick_up) && ProxyType::NonTransfer.filter(&cancel));
		assert!(ProxyType::Manufacturing.filter(&register));
		assert!(!ProxyType::Manufacturing.filter(&assign));
		assert!(!ProxyType::Carrier.filter(&register));
		assert!(ProxyType::Carrier.filter(&accept));
		assert!(!ProxyType::Carrier.filter(&assign));
		assert!(ProxyType::FleetStaff.filter(&assign));
		assert!(!ProxyType::FleetStaff.filter(&register));
		assert!(ProxyType::NonTransfer.filter(&assign));
		assert!(!ProxyType::NonTransfer.filter(&transfer()));
		// No path to another account's transfer: nested proxies, multisig approvals, sudo.
		let nested = |call: RuntimeCall| {
			[
				RuntimeCall::Proxy(pallet_proxy::Call::proxy {
					real: account(Sr25519Keyring::Eve).into(),
					force_proxy_type: None,
					call: Box::new(call.clone()),
				}),
				RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
					other_signatories: vec![account(Sr25519Keyring::Eve)],
					call: Box::new(call.clone()),
				}),
				RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) }),
			]
		};
		for escape in nested(transfer()) {
			for proxy_type in [
				ProxyType::NonTransfer,
				ProxyType::Manufacturing,
				ProxyType::FleetStaff,
				ProxyType::Carrier,
				ProxyType::StationBackOffice,
			] {
				assert!(!proxy_type.filter(&escape), "{proxy_type:?} lets {escape:?} through");
			}
		}
		for restricted in [
			ProxyType::Manufacturing,
			ProxyType::FleetStaff,
			ProxyType::Carrier,
			ProxyType::StationBackOffice,
		] {
			assert!(!restricted.filter(&transfer()), "{restricted:?}");
			assert!(ProxyType::Any.is_superset(&restricted));
			assert!(ProxyType::NonTransfer.is_superset(&restricted));
			assert!(!restricted.is_superset(&ProxyType::NonTransfer));
			assert!(!restricted.is_superset(&ProxyType::Any));
		}
	}

	#[test]
	fn a_two_of_three_organisation_account_applies_for_a_role() {
		ext_for_preset(DEV_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let officers = [Sr25519Keyring::Eve, Sr25519Keyring::Ferdie, Sr25519Keyring::EveStash];
			let mut ids: Vec<crate::AccountId> = officers.iter().map(|o| account(*o)).collect();
			ids.sort();
			let org = Multisig::multi_account_id(&ids, 2);
			assert_ok!(Balances::force_set_balance(
				RuntimeOrigin::root(),
				org.clone().into(),
				10_000 * UNIT
			));
			let profile =
				pallet_consortium::MemberProfile::new(b"Org Fleet", b"LEI-ORG", b"ops@org.example")
					.expect("short profile");
			let call = RuntimeCall::Consortium(pallet_consortium::Call::apply_for_role {
				role: pallet_consortium::Role::Operator,
				profile,
			});
			let others = |me: crate::AccountId| {
				ids.iter().filter(|o| **o != me).cloned().collect::<Vec<_>>()
			};
			let first = account(officers[0]);
			assert_ok!(Multisig::as_multi(
				RuntimeOrigin::signed(first.clone()),
				2,
				others(first.clone()),
				None,
				Box::new(call.clone()),
				Weight::zero()
			));
			assert!(pallet_consortium::Applications::<Runtime>::iter_prefix(&org).next().is_none());
			let timepoint = Multisig::timepoint();
			let second = account(officers[1]);
			assert_ok!(Multisig::as_multi(
				RuntimeOrigin::signed(second.clone()),
				2,
				others(second),
				Some(timepoint),
				Box::new(call),
				Weight::from_parts(10_000_000_000, 1_000_000)
			));
			assert!(System::events().iter().any(|r| matches!(
				r.event,
				RuntimeEvent::Multisig(pallet_multisig::Event::MultisigExecuted {
					result: Ok(()),
					..
				})
			)));
			assert!(pallet_consortium::Applications::<Runtime>::iter_prefix(&org).next().is_some());
		});
	}

	#[test]
	fn batch_all_is_all_or_nothing() {
		ext_for_preset(DEV_RUNTIME_PRESET).execute_with(|| {
			System::set_block_number(1);
			let bob = account(Sr25519Keyring::Bob);
			let eve = account(Sr25519Keyring::Eve);
			let before = Balances::free_balance(&eve);
			let too_much = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: eve.clone().into(),
				value: 1_000_000_000 * UNIT,
			});
			assert!(Utility::batch_all(
				RuntimeOrigin::signed(bob.clone()),
				vec![transfer(), too_much]
			)
			.is_err());
			assert_eq!(Balances::free_balance(&eve), before);
			assert_ok!(Utility::batch_all(
				RuntimeOrigin::signed(bob),
				vec![transfer(), transfer()]
			));
			assert_eq!(Balances::free_balance(&eve), before + 2 * UNIT);
		});
	}
}

mod fees;
