//! `Config` of every pallet in the runtime: the generic FRAME pallets here, governance and the
//! project's pallets in their own modules.

pub mod accounts;
mod battery;
mod charging;
mod consortium;
pub mod governance;
mod logistics;
pub mod passport;
pub mod recycling;
mod telemetry;

use crate::{
	token, AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin,
	RuntimeTask, System, EXISTENTIAL_DEPOSIT, SLOT_DURATION, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		tokens::imbalance::ResolveTo, ConstBool, ConstU128, ConstU32, ConstU64, ConstU8,
		VariantCountOf,
	},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		IdentityFee, Weight,
	},
	PalletId,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{AccountIdConversion, One},
	Perbill,
};
use sp_version::RuntimeVersion;

/// Share of a block's weight and length usable by normal (non-operational) extrinsics.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	/// Number of recent block hashes kept for mortal transactions.
	pub const BlockHashCount: BlockNumber = 2400;
	/// Runtime version, exposed through `System::Version`.
	pub const Version: RuntimeVersion = VERSION;
	/// One second of compute per block (a third of the 3 s slot), unlimited proof size.
	pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::with_sensible_defaults(
			Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
			NORMAL_DISPATCH_RATIO,
		);
	/// At most 5 MiB of extrinsics per block.
	pub RuntimeBlockLength: frame_system::limits::BlockLength =
		frame_system::limits::BlockLength::builder()
			.max_length(5 * 1024 * 1024)
			.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
			.build();
	/// SS58 prefix of battery-chain addresses.
	pub const SS58Prefix: u16 = token::SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDB only.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	/// Versioned storage migrations of a runtime upgrade (see [`crate::Migrations`]).
	type SingleBlockMigrations = crate::Migrations;
	/// FRAME's measured weights with this chain's database weights (the prelude's `()` prices
	/// every read and write as RocksDB: 25 and 100 µs instead of ParityDB's 8 and 50).
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
	/// The transaction extensions' weights (`CheckNonce`, `CheckWeight`, `WeightReclaim` ...),
	/// likewise with ParityDB's database weights: every signed transaction pays them.
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	// No equivocation reporting on a permissioned consortium chain: validators are known members.
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fees do not change with congestion on a consortium chain.
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// Derives the consortium's fee account.
	pub const FeesPalletId: PalletId = PalletId(*b"bc/fees_");
	/// The consortium's fee account: every transaction fee and tip is paid into it, so total
	/// issuance stays what genesis and the consortium minted. No key controls it; Root (sudo on a
	/// development chain, a council motion on the consortium chain) spends it with
	/// `balances.forceTransfer`. Endowed with the existential deposit at genesis, so the first
	/// fee is never too small to open it.
	pub FeeAccount: AccountId = FeesPalletId::get().into_account_truncating();
}

/// Opens the fee account with the existential deposit where it is missing: on a chain that
/// started before fees went to it, and after Root emptied it (fees below the existential deposit
/// cannot open an account and would be dropped). One read when it is open; runs on every upgrade.
pub struct OpenFeeAccount;

impl frame_support::traits::OnRuntimeUpgrade for OpenFeeAccount {
	fn on_runtime_upgrade() -> Weight {
		use frame_support::traits::fungible::Mutate;
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let account = FeeAccount::get();
		if Balances::free_balance(&account) >= EXISTENTIAL_DEPOSIT {
			return db.reads(1);
		}
		// The account holds nothing (an account below the deposit does not exist): minting the
		// deposit opens it. A failure leaves it closed, as before.
		let _ = Balances::mint_into(&account, EXISTENTIAL_DEPOSIT);
		db.reads_writes(3, 3)
	}
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ResolveTo<FeeAccount, Balances>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
