//! # battery-runtime
//!
//! The runtime of battery-chain: a consortium ledger for electric-vehicle traction batteries.
//! It composes the generic FRAME pallets (System, Timestamp, Aura, GRANDPA, Balances,
//! TransactionPayment, Sudo, the council) with the project's pallets as they arrive.
//!
//! Layout: `configs/` holds the `Config` implementation of every pallet, `apis.rs` the runtime API
//! implementations, `genesis_config_presets.rs` the `development`, `consortium` and
//! `local_testnet` presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-generated code can be deeply recursive.
#![recursion_limit = "256"]

#[cfg(all(feature = "std", not(feature = "upgrade-test")))]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
// The test build of the next runtime version has its own wasm file (see build.rs).
#[cfg(all(feature = "std", feature = "upgrade-test"))]
include!(concat!(env!("OUT_DIR"), "/battery_runtime_upgrade"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(test)]
mod tests;

/// The native token: symbol, decimals and SS58 prefix.
pub mod token {
	include!("token.rs");
}

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number.
pub type BlockNumber = u32;
/// Transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// Account identifier: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in plancks (10^-12 BATT).
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Hash type of blocks and tries.
pub type Hash = sp_core::H256;

/// One BATT, in plancks.
pub const UNIT: Balance = 10u128.pow(token::DECIMALS as u32);
/// A thousandth of a BATT.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a BATT.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Target block time. Aura slots have this length; GRANDPA finalizes behind it.
pub const MILLISECS_PER_BLOCK: u64 = 3000;
/// Aura slot length (must never change on a live chain).
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The session keys of a validator: Aura (block authoring) and GRANDPA (finality).
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// Runtime version. Bump `spec_version` on every runtime change that goes live (and keep the
/// `upgrade-test` copy below one higher).
#[cfg(not(feature = "upgrade-test"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("battery-chain"),
	impl_name: Cow::Borrowed("battery-chain"),
	authoring_version: 1,
	spec_version: 110,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	// 4: `charging.registerStation` takes a structured address and `charging.requestSession` a
	// connector (3: sealed health results and twins changed `telemetry.submitResult`'s argument;
	// 2: sealed maintenance details and running modes changed those calls' arguments).
	transaction_version: 4,
	system_version: 1,
};

/// The runtime version of the `upgrade-test` build: the same runtime as the next release would be,
/// `spec_version` one higher, for the live-upgrade test (`scripts/e2e/upgrade.test.mjs`). The
/// version is a literal because `#[runtime_version]` writes it into the wasm's version section.
#[cfg(feature = "upgrade-test")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("battery-chain"),
	impl_name: Cow::Borrowed("battery-chain"),
	authoring_version: 1,
	spec_version: 111,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 4,
	system_version: 1,
};

/// Address format of extrinsics.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// Transaction extensions, checked in this order for every signed transaction.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Extrinsic as it travels on the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Single-block migrations run on the first block of a new runtime, before the pallets'
/// `on_runtime_upgrade` hooks (`frame_system::Config::SingleBlockMigrations`; the `Executive`
/// parameter that used to take them is deprecated in stable2609). Each entry is a
/// `frame_support::migrations::VersionedMigration<FROM, TO, Inner, Pallet, DbWeight>`: it runs only
/// when the pallet's on-chain storage version is `FROM`, then sets `TO`, so on a chain that is
/// already there (or started at the new version) it only reads the version. Remove an entry once
/// every live chain has upgraded past it.
pub type Migrations = (
	// pallet-battery 1 -> 2: the index of open passports by custodian.
	pallet_battery::migrations::v2::MigrateV1ToV2<Runtime>,
	// pallet-battery 2 -> 3: plaintext maintenance records leave the state (details are sealed).
	pallet_battery::migrations::v3::MigrateV2ToV3<Runtime>,
	// pallet-telemetry 1 -> 2: characterisations carry the passport's chemistry type.
	pallet_telemetry::migrations::v2::MigrateV1ToV2<Runtime>,
	// pallet-telemetry 2 -> 3: results sealed; twins carried over open, plaintext health leaves.
	pallet_telemetry::migrations::v3::MigrateV2ToV3<Runtime>,
	// pallet-consortium 1 -> 2: role sets stored as lists of roles (names in every client).
	pallet_consortium::migrations::v2::MigrateV1ToV2<Runtime>,
	// Not versioned: opens the consortium fee account where it is missing (one read otherwise).
	configs::OpenFeeAccount,
);

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	// Consortium governance.
	#[runtime::pallet_index(7)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(8)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	// The council's path to Root on a chain without sudo (upgrades, parameters).
	#[runtime::pallet_index(9)]
	pub type Governance = pallet_governance;

	// What organisations need: batch calls, multisig accounts, staff proxies.
	#[runtime::pallet_index(10)]
	pub type Utility = pallet_utility;

	#[runtime::pallet_index(11)]
	pub type Multisig = pallet_multisig;

	#[runtime::pallet_index(12)]
	pub type Proxy = pallet_proxy;

	// battery-chain pallets (20 and up).
	#[runtime::pallet_index(20)]
	pub type Consortium = pallet_consortium;

	#[runtime::pallet_index(21)]
	pub type Battery = pallet_battery;

	#[runtime::pallet_index(22)]
	pub type Logistics = pallet_logistics;

	#[runtime::pallet_index(23)]
	pub type Charging = pallet_charging;

	#[runtime::pallet_index(24)]
	pub type Recycling = pallet_recycling;

	#[runtime::pallet_index(25)]
	pub type Telemetry = pallet_telemetry;

	#[runtime::pallet_index(26)]
	pub type Passport = pallet_passport;
}

/// The battery-chain pallets of this runtime, as listed by `battery_info`.
/// Add each project pallet here when it joins the runtime.
pub type ProjectPallets =
	(Consortium, Battery, Logistics, Charging, Recycling, Telemetry, Passport);
