//! Genesis presets:
//!
//! | preset | validators (Aura + GRANDPA, equal weights) | sudo | Root-only calls |
//! |---|---|---|---|
//! | `development` | Alice | Alice | sudo, or the council |
//! | `consortium` | Alice, Bob, Charlie, Dave | none | two thirds of the council (`governance.dispatchAsRoot`) |
//! | `local_testnet` | the `consortium` genesis | none | as `consortium` |
//!
//! Every preset endows the well-known dev accounts, seats a three-member council (Alice, Bob,
//! Dave) and seeds a consortium with one member per role, so the chain is usable at once:
//!
//! | account | role |
//! |---|---|
//! | Alice | Authority (council) |
//! | Bob | Manufacturer (council) |
//! | Charlie | Logistics |
//! | Dave | Operator (council) |
//! | Eve | EnergyStation |
//! | Ferdie | Recycler |
//! | Alice//stash | User, registered by Dave |
//!
//! Estimator keys (`estm`, sr25519) for the telemetry worker and the attestations a result needs
//! to be final (k, `telemetry.requiredAttestations`):
//!
//! | preset | estimator keys | k |
//! |---|---|---|
//! | `development` | Alice (the node inserts it) | 1 |
//! | `consortium`, `local_testnet` | Alice, Bob (each validator node that runs one inserts it: `author_insertKey`) | 2 |

use crate::{
	configs::FeeAccount, AccountId, BalancesConfig, ConsortiumConfig, CouncilMembershipConfig,
	RuntimeGenesisConfig, SudoConfig, TelemetryConfig, EXISTENTIAL_DEPOSIT, UNIT,
};
use alloc::{vec, vec::Vec};
use battery_primitives::consortium::Role;
use frame_support::build_struct_json_patch;
use pallet_consortium::GenesisMember;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Balance given to each endowed dev account: one million BATT.
const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// A seeded consortium member with a readable profile.
fn member(who: Sr25519Keyring, role: Role, name: &str) -> GenesisMember<AccountId> {
	GenesisMember {
		account: who.to_account_id(),
		roles: vec![role],
		name: name.as_bytes().to_vec(),
		registration: alloc::format!("DEV-REG-{}", name.to_uppercase().replace(' ', "-"))
			.into_bytes(),
		contact: alloc::format!("{}@battery-chain.dev", name.to_lowercase().replace(' ', "-"))
			.into_bytes(),
	}
}

/// A validator: its Aura and GRANDPA keys and its GRANDPA voting weight.
type Validator = (AuraId, GrandpaId, u64);

/// Name of the consortium preset: four equal validators and no sudo key.
pub const CONSORTIUM_RUNTIME_PRESET: &str = "consortium";

/// The telemetry worker's estimator keys and how many of them must agree for a result to be
/// final.
struct Estimators {
	keys: Vec<Sr25519Keyring>,
	required: u32,
}

/// The genesis state shared by every preset, for the given validators, sudo key (`None`: no
/// account can act as Root; Root-only calls go through the council) and estimators.
fn genesis(
	validators: Vec<Validator>,
	sudo_key: Option<AccountId>,
	estimators: Estimators,
) -> Value {
	use Sr25519Keyring::*;
	let endowed: Vec<AccountId> = Sr25519Keyring::iter().map(|k| k.to_account_id()).collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed
				.iter()
				.cloned()
				.map(|k| (k, ENDOWMENT))
				.chain([(FeeAccount::get(), EXISTENTIAL_DEPOSIT)])
				.collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: validators.iter().map(|(aura, ..)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: validators
				.iter()
				.map(|(_, grandpa, weight)| (grandpa.clone(), *weight))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo_key },
		council_membership: CouncilMembershipConfig {
			members: vec![Alice.to_account_id(), Bob.to_account_id(), Dave.to_account_id()]
				.try_into()
				.unwrap_or_default(),
		},
		consortium: ConsortiumConfig {
			members: vec![
				member(Alice, Role::Authority, "Battery Authority"),
				member(Bob, Role::Manufacturer, "Bob Cells"),
				member(Charlie, Role::Logistics, "Charlie Freight"),
				member(Dave, Role::Operator, "Dave Fleet"),
				member(Eve, Role::EnergyStation, "Eve Energy"),
				member(Ferdie, Role::Recycler, "Ferdie Recycling"),
			],
			users: vec![(Dave.to_account_id(), AliceStash.to_account_id())],
		},
		// A dev node inserts Alice's estimator key into its keystore, so the off-chain worker can
		// submit results on a fresh dev chain with no manual step.
		telemetry: TelemetryConfig {
			estimators: estimators.keys.iter().map(|k| k.public().into()).collect::<Vec<_>>(),
			required_attestations: estimators.required,
		},
	})
}

/// Aura (sr25519) and GRANDPA (ed25519) keys of a well-known dev validator, with its GRANDPA
/// voting weight.
fn dev_validator(who: Sr25519Keyring, grandpa: Ed25519Keyring, weight: u64) -> Validator {
	(who.public().into(), grandpa.public().into(), weight)
}

/// `development`: Alice alone produces and finalizes blocks and holds the sudo key, so
/// polkadot.js users can act as Root.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice, 1)],
		Some(Sr25519Keyring::Alice.to_account_id()),
		Estimators { keys: vec![Sr25519Keyring::Alice], required: 1 },
	)
}

/// `consortium`: four consortium parties run the validators, with equal GRANDPA weights. A round
/// needs more than two thirds of the weight, 3 of 4, so finality goes on while any one validator
/// is down (or faulty); Aura skips the slots of a missing one. No sudo key: the council governs
/// approvals (a majority), runtime upgrades and parameters (two thirds, through
/// `governance.dispatch_as_root`).
pub fn consortium_genesis() -> Value {
	genesis(
		vec![
			dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice, 1),
			dev_validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob, 1),
			dev_validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie, 1),
			dev_validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave, 1),
		],
		None,
		// Two members' estimator nodes: a result is final when both computed it.
		Estimators { keys: vec![Sr25519Keyring::Alice, Sr25519Keyring::Bob], required: 2 },
	)
}

/// `local_testnet`: the standard preset name tools look for (zombienet, chain-spec-builder); the
/// `consortium` genesis.
pub fn local_testnet_genesis() -> Value {
	consortium_genesis()
}

/// The JSON patch of the preset `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		CONSORTIUM_RUNTIME_PRESET => consortium_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// Names of the presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_RUNTIME_PRESET),
	]
}
