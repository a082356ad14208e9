//! # Telemetry Pallet
//!
//! BMS telemetry, off-chain health estimation and the battery's digital twin: IoT gateways report
//! a battery's current, voltage and temperature; an off-chain worker runs the battery estimator
//! (`battery-estimator`) over each batch, continuing the twin's state; the resulting SOC, SOH,
//! anomalies and forecast come back on chain signed by a registered estimator key, naming the
//! batch they were computed from.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the [`Config`], the dispatchables ([`Call`]), [`Event`]s,
//! [`Error`]s and storage items; [`queries`] serves the `TelemetryApi` runtime API
//! ([`battery_primitives::telemetry::TelemetryApi`]).
//!
//! ## Overview
//!
//! ### Terminology
//!
//! - **Batch**: samples ([`Reading`]: current mA, voltage mV, temperature 0.1 °C) taken every
//!   `period_ms` from `start_ms` (Unix ms), numbered by the gateway with a strictly increasing
//!   `sequence`, and sealed by the gateway for the battery's Usage scope (operator, assigned
//!   user, Authority). Its **hash** is BLAKE2-256 of the SCALE encoding of
//!   `(battery, sequence, start_ms, period_ms, samples, commitment)`, the public fields and the
//!   sealed samples' commitment ([`battery_primitives::telemetry::batch_identity`]).
//! - **Commitment**: what the chain keeps of a batch: hash, sequence, time range, sample count
//!   ([`BatchCommitment`]). The sealed samples go to the off-chain database through off-chain
//!   indexing, under [`offchain_batch_key`]`(hash)`; no sample is ever in plaintext on chain.
//! - **Estimator key**: an sr25519 key of type [`ESTIMATOR_KEY_TYPE`] (`estm`, app crypto
//!   [`crypto::Public`]) in a node's keystore, registered on chain with a scope
//!   ([`EstimatorScope`]): by the [`Config::AdminOrigin`] for every battery, or by an Operator
//!   for the batteries its gateways report.
//! - **Digital twin**: per battery the physical model ([`PhysicalModel`], operator), the cell
//!   characterisation ([`Characterisation`], manufacturer or operator: the estimator's
//!   `EstimatorConfig` and the operating temperature window), the data-space description
//!   ([`DataSpace`]), the twin the next batch continues from ([`TwinState`]: estimator state and
//!   running summaries, [`TwinRecord`], sealed) and the latest health with a bounded history
//!   ([`HealthRecord`], sealed).
//!
//! ### Flow
//!
//! 1. An active BMS gateway bound to the battery (pallet-consortium) calls
//!    [`Pallet::submit_batch`]. The runtime checks the device, the battery's status, the
//!    sequence and time range, the batch size and the sealed samples' recipients and length,
//!    stores the commitment, queues the batch as pending and writes the sealed batch to the
//!    off-chain index.
//! 2. On every imported block the off-chain worker of a node holding a registered estimator key
//!    and a reader secret of the scope ([`reader_secrets`]) takes each battery's pending batches
//!    oldest first (at most [`Config::MaxOcwBatchesPerRun`] and as many as fit in
//!    [`Config::OcwTimeBudgetMs`]), opens each, checks the physical
//!    range of every value (the first one out makes the submission a rejection,
//!    [`Event::BatchRejected`]), opens the twin, accumulates the running summaries
//!    ([`UsageSummary`]), runs `battery_estimator::process_batch` from the twin's state, seals
//!    the health result and the new twin for the battery's Usage scope (with salts derived from
//!    the batch's, so equal results have equal commitments) and submits
//!    [`Pallet::submit_result`] as a general (unsigned, fee-less) transaction authorized by
//!    `#[pallet::authorize]`: the call carries the estimator's signature over the submission.
//!    A battery's next batch continues from the twin just sealed: its results form a chain the
//!    pool orders (each requires the previous one), so a block can carry several of them (at
//!    most [`Config::MaxChainLength`] a run; 1 in the runtime for now).
//! 3. The first valid result for a pending batch is accepted: the sealed twin, latest health
//!    and history are stored and the batch is retained for attestation. A later result from
//!    another authorized estimator computed from the same twin either has the same commitments
//!    (an attestation, [`Event::ResultAttested`]) or not ([`Event::ResultDisputed`]). A result
//!    is final once keys of [`RequiredAttestations`] distinct members agree on it
//!    ([`Event::ResultFinal`], [`attestation`]); estimator nodes that run the worker on the
//!    same batches race to result them, so each one's result lands as the first or as a vote.
//!
//! ### Why `#[pallet::authorize]` and not signed transactions
//!
//! The estimator's identity is a key, not an account: with signed transactions every estimator
//! key would need a funded account (existential deposit, fees, nonce management across restarts
//! and concurrent runs). An authorized general transaction needs none of that: the call carries
//! the estimator key and its signature, the [`Pallet::submit_result`] authorization checks the
//! signature, the registration and the batch's state before the transaction enters the pool
//! (so invalid results cost the chain nothing), tags it `(batch hash, estimator)` so the pool
//! keeps one per estimator and batch, and the call is dispatched with the `Authorized` origin.
//! This is the stable2609 replacement of `ValidateUnsigned` (deprecated); the runtime's
//! transaction extension pipeline already starts with `frame_system::AuthorizeCall`.
//!
//! ### Estimator state
//!
//! The state lives **on chain**, sealed ([`TwinStates`]: the estimator state and the running
//! summaries, about 0.5 KB of plaintext, sealed for the battery's Usage scope), written by the
//! accepted result. Any node holding a reader secret of the scope can therefore compute the
//! next result (no private state to lose on a restart, a second estimator can attest, and the
//! whole history can be replayed from block bodies: sealed samples from the batch extrinsics,
//! sealed twins from the result extrinsics); a node without one sees envelopes and
//! commitments only. Because each batch continues the twin of the previous one, results are
//! accepted strictly in batch order per battery.
//!
//! A twin is sealed for the Usage scope at the time of its result. When a reader enters the
//! scope (a new operator takes custody), a reader of the twin grants it ([`Pallet::grant_result`]),
//! or its estimator node opens the twin once an estimator that could open the previous one (the
//! Authority's) has resulted a batch for the new scope.
//!
//! ### Interface
//!
//! BMS gateways: [`Pallet::submit_batch`].
//!
//! Estimators (authorized transactions from the off-chain worker): [`Pallet::submit_result`].
//!
//! Readers of a sealed result in the battery's Usage scope: [`Pallet::grant_result`].
//!
//! Operators (or [`Config::AdminOrigin`]): [`Pallet::register_estimator`],
//! [`Pallet::remove_estimator`], [`Pallet::set_physical_model`], [`Pallet::set_data_space`],
//! [`Pallet::discard_batch`]; with manufacturers: [`Pallet::set_characterisation`].
//!
//! ## Runtime and node integration
//!
//! - **Transactions**: the runtime implements `frame_system::offchain::CreateTransactionBase`,
//!   `CreateTransaction` and `CreateAuthorizedTransaction` for its `RuntimeCall`;
//!   `create_extension()` returns the full `TxExtension` with neutral values (`AuthorizeCall::new()`,
//!   `CheckEra::from(Era::Immortal)`, `CheckNonce::from(0)`, `ChargeTransactionPayment::from(0)`,
//!   `CheckMetadataHash::new(false)`, the others `new()`); `create_transaction(call, ext)` is
//!   `UncheckedExtrinsic::new_transaction(call, ext)`. Non-signed origins pay no fee and use no
//!   nonce, so estimator keys need no account.
//! - **Keys**: the node's keystore holds an sr25519 key of type `estm`; its public key is
//!   registered on chain (genesis `estimators`, or [`Pallet::register_estimator`]). In the genesis
//!   JSON a key is its SS58 string.
//! - **Off-chain**: the node runs off-chain workers and enables off-chain indexing
//!   (`--enable-offchain-indexing true`); without indexing the worker finds no samples and logs
//!   a warning.
//! - **Time**: batches carry Unix milliseconds and may not end more than
//!   [`Config::MaxClockDriftMs`] after `pallet_timestamp`'s time (a replay tool places a recorded
//!   case in the past).
//! - **Reads**: the runtime API methods map one to one to the functions in [`queries`].
//!
//! ## Low Level / Implementation Details
//!
//! `lib.rs` holds the FRAME sections and thin dispatchables; the logic is in [`submission`]
//! (batches and summaries), [`results`] (authorization, acceptance, attestation, pruning),
//! [`twin`] (the twin's records and the write permissions), [`estimators`], [`offchain`] (the
//! worker) and [`queries`] (views). Storage grows only per battery and is bounded per battery:
//! at most [`Config::MaxPendingPerBattery`] pending and [`Config::MaxRetainedBatches`]
//! resulted batch records (the oldest is pruned, its off-chain index entry cleared), and
//! [`Config::MaxHealthHistory`] health records in a ring.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod attestation;
pub mod disputes;
pub mod estimators;
pub mod grants;
pub mod migrations;
pub mod offchain;
pub mod queries;
pub mod reader_secrets;
pub mod results;
pub mod second_life;
pub mod seeding;
pub mod submission;
pub mod twin;
pub mod types;
pub mod weights;

#[cfg(any(test, feature = "try-runtime"))]
pub mod invariants;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use battery_primitives::{
	consortium::{BatteryId, ConsortiumInspect, DataCategory, DeviceKind, Role},
	telemetry::{
		offchain_batch_key, BatteryInfo, BmsComponentKind, CellFormat, IndexedBatch, PackShape,
		Reading, SampleDecodeError, SampleEncoding, SeedSource, TwinPrior, ESTIMATOR_KEY_TYPE,
		OFFCHAIN_BATCH_PREFIX, TELEMETRY_PROTOCOL_VERSION,
	},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Version of the estimator this runtime runs in its off-chain worker. A result carrying another
/// version (e.g. computed by the previous runtime before an upgrade) is refused. Bump it whenever
/// the runtime ships an estimator whose numbers differ (2: the mid-life resistance prior, the
/// phosphate cathodes' diffusion lag, seeded twins, the usage window in the state and the
/// forecasts in time in the result).
pub const ESTIMATOR_VERSION: u32 = 2;

/// Domain separator of the message an estimator signs: this, then the SCALE encoding of the
/// [`ResultSubmission`].
pub const RESULT_SIGNING_CONTEXT: &[u8] = b"battery-chain/telemetry/result/v1";

/// Log target of the pallet (off-chain worker messages).
pub const LOG_TARGET: &str = "runtime::telemetry";

/// Margin below the rated minimum voltage at which a deep-discharge event starts, mV (the
/// estimator's GB/T 32960 cell under-voltage rule).
pub const DEEP_DISCHARGE_MARGIN_MV: i64 = 200;

/// Margin above the rated maximum voltage at which an over-voltage event starts, mV (the
/// estimator's GB/T 32960 cell over-voltage rule).
pub const OVER_VOLTAGE_MARGIN_MV: i64 = 100;

/// The estimator's application crypto: sr25519 keys of type [`ESTIMATOR_KEY_TYPE`] (`estm`).
///
/// The node inserts such a key with `author_insertKey("estm", suri, public)` or, for the dev
/// chain, from a dev seed (e.g. `//Alice`) at start-up; the runtime registers its public key
/// with [`Pallet::register_estimator`] or in the genesis config.
pub mod crypto {
	#![allow(missing_docs)]
	use battery_primitives::telemetry::ESTIMATOR_KEY_TYPE;
	use sp_runtime::app_crypto::{app_crypto, sr25519};

	app_crypto!(sr25519, ESTIMATOR_KEY_TYPE);
}

/// Set-up hooks for the benchmarks: the runtime makes a battery in service with an operator and a
/// manufacturer, a BMS gateway bound to it, and sets the time `Config::UnixTime` reports.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Register `battery` and put it in service; its operator must be an active Operator with a
	/// reader key (batches are sealed to it) and its manufacturer an active Manufacturer.
	/// Returns `(operator, manufacturer)`.
	fn battery_in_service(battery: &BatteryId) -> (AccountId, AccountId);
	/// An active BMS gateway owned by `operator` and bound to `battery`.
	fn bms_gateway(operator: &AccountId, battery: &BatteryId) -> AccountId;
	/// Make `Config::UnixTime` report `ms` (Unix milliseconds).
	fn set_unix_time_ms(ms: u64);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use battery_estimator::EstimatorConfig;
	use battery_primitives::sealed::{WrappedKey, MAX_GRANT_READERS};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, EnsureOrigin, UnixTime},
	};
	use frame_system::{offchain::CreateAuthorizedTransaction, pallet_prelude::*};
	use sp_runtime::{traits::MaybeSerializeDeserialize, RuntimeAppPublic};

	/// The in-code storage version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	/// Default configurations of this pallet (for `derive_impl` in mocks and test runtimes).
	pub mod config_preludes {
		use super::*;
		use frame_support::{
			derive_impl,
			traits::{ConstI16, ConstU64},
		};

		/// A configuration for tests: small limits, unit weights.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxSamples = ConstU32<64>;
			type MaxPendingPerBattery = ConstU32<4>;
			type MaxRetainedBatches = ConstU32<3>;
			type MaxHealthHistory = ConstU32<4>;
			type MaxVotes = ConstU32<3>;
			type MaxBmsComponents = ConstU32<8>;
			type MaxPartNumberLen = ConstU32<32>;
			type MinSamplePeriodMs = ConstU32<1_000>;
			type MaxSamplePeriodMs = ConstU32<600_000>;
			type MaxAbsCurrentMa = ConstU32<2_000_000>;
			type MaxVoltageMv = ConstU32<1_500_000>;
			type MinTemperatureDecic = ConstI16<-600>;
			type MaxTemperatureDecic = ConstI16<1_500>;
			type MaxClockDriftMs = ConstU64<60_000>;
			type ResultPriority = ConstU64<{ TransactionPriority::MAX / 2 }>;
			type ResultLongevity = ConstU64<64>;
			type MaxOcwBatchesPerRun = ConstU32<4>;
			type MaxChainLength = ConstU32<8>;
			type OcwTimeBudgetMs = ConstU64<2_000>;
			type OcwRetryBlocks = ConstU32<10>;
			type MaxEstimatorsPerMember = ConstU32<2>;
			type MaxSequenceGap = ConstU64<10>;
			type WeightInfo = ();
		}

		/// Suggested production values (override `WeightInfo` with
		/// `weights::SubstrateWeight<Runtime>` or the runtime's generated weights):
		/// one-hour batches at 1 Hz (3600 samples, 36 KB of call data), 32 pending batches per
		/// battery, 8 retained for attestations, 64 health results of history, 8 results per
		/// batch, physical limits of any EV pack (±2000 A, 1500 V, −60…150 °C), one minute of
		/// clock drift, 8 batches per worker run, a retry after 10 blocks, 8 estimator keys per
		/// member, sequence gaps of up to 100 000 batches (over a day of lost one-second batches).
		pub struct RuntimeDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for RuntimeDefaultConfig {}

		#[frame_support::register_default_impl(RuntimeDefaultConfig)]
		impl DefaultConfig for RuntimeDefaultConfig {
			type MaxSamples = ConstU32<3_600>;
			type MaxPendingPerBattery = ConstU32<32>;
			type MaxRetainedBatches = ConstU32<8>;
			type MaxHealthHistory = ConstU32<64>;
			type MaxVotes = ConstU32<8>;
			type MaxBmsComponents = ConstU32<32>;
			type MaxPartNumberLen = ConstU32<64>;
			type MinSamplePeriodMs = ConstU32<1_000>;
			type MaxSamplePeriodMs = ConstU32<3_600_000>;
			type MaxAbsCurrentMa = ConstU32<2_000_000>;
			type MaxVoltageMv = ConstU32<1_500_000>;
			type MinTemperatureDecic = ConstI16<-600>;
			type MaxTemperatureDecic = ConstI16<1_500>;
			type MaxClockDriftMs = ConstU64<60_000>;
			type ResultPriority = ConstU64<{ TransactionPriority::MAX / 2 }>;
			type ResultLongevity = ConstU64<64>;
			// A full block of compact batches is about 300 of them: the time budget, not this
			// count, bounds a run on a loaded node. The budget spans more than a 3 s block: the
			// next block's run starts beside this one (the node runs one worker per core), and
			// the claims keep them on different batteries, so an estimator node uses its cores.
			type MaxOcwBatchesPerRun = ConstU32<512>;
			// One result per battery and run until the pool keeps a chain's later links (see
			// `Config::MaxChainLength`).
			type MaxChainLength = ConstU32<1>;
			type OcwTimeBudgetMs = ConstU64<5_000>;
			type OcwRetryBlocks = ConstU32<10>;
			type MaxEstimatorsPerMember = ConstU32<8>;
			type MaxSequenceGap = ConstU64<100_000>;
			type WeightInfo = ();
		}
	}

	/// Configuration of the telemetry pallet.
	///
	/// The runtime must implement `frame_system::offchain::CreateAuthorizedTransaction` for this
	/// pallet's calls: the off-chain worker builds its result transactions with it.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config + CreateAuthorizedTransaction<Call<Self>> {
		/// The consortium: device keys (BMS gateways), roles and the data scope.
		#[pallet::no_default]
		type Consortium: ConsortiumInspect<Self::AccountId>;

		/// Battery identity and lifecycle: existence, in-service status, manufacturer and
		/// operator.
		#[pallet::no_default]
		type Batteries: BatteryInfo<Self::AccountId>;

		/// Origin that may register estimators for every battery and write any twin (a council
		/// of members in the consortium runtime, Root in development).
		#[pallet::no_default]
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The estimator key type: [`crypto::Public`] (sr25519, key type `estm`).
		#[pallet::no_default]
		type EstimatorId: Member
			+ Parameter
			+ RuntimeAppPublic<Signature: Parameter>
			+ Ord
			+ MaybeSerializeDeserialize
			+ MaxEncodedLen;

		/// Wall-clock time of the chain (pallet-timestamp): batches may not end in the future.
		#[pallet::no_default]
		type UnixTime: UnixTime;

		/// Currency the estimator-key deposits are held in (with this pallet's [`HoldReason`]).
		#[pallet::no_default]
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason: From<HoldReason>>;

		/// Deposit held from a member per estimator key it registers (keys of the admin origin
		/// hold none).
		#[pallet::constant]
		#[pallet::no_default]
		type EstimatorDeposit: Get<BalanceOf<Self>>;

		/// Maximum number of estimator keys one member may register.
		#[pallet::constant]
		type MaxEstimatorsPerMember: Get<u32>;

		/// How far a batch's sequence may exceed the previous one's (or, after a reset, zero):
		/// a gateway cannot lock itself out by jumping to `u64::MAX`.
		#[pallet::constant]
		type MaxSequenceGap: Get<u64>;

		/// Maximum number of samples in one batch.
		#[pallet::constant]
		type MaxSamples: Get<u32>;

		/// Maximum number of batches of one battery waiting for their health result.
		#[pallet::constant]
		type MaxPendingPerBattery: Get<u32>;

		/// Number of resulted batches kept per battery for attestations (the oldest is pruned).
		#[pallet::constant]
		type MaxRetainedBatches: Get<u32>;

		/// Number of health results kept per battery (a ring).
		#[pallet::constant]
		type MaxHealthHistory: Get<u32>;

		/// Maximum number of estimator results recorded per batch (the accepted one included).
		#[pallet::constant]
		type MaxVotes: Get<u32>;

		/// Maximum number of BMS components in a physical model.
		#[pallet::constant]
		type MaxBmsComponents: Get<u32>;

		/// Maximum length in bytes of a BMS component's part number.
		#[pallet::constant]
		type MaxPartNumberLen: Get<u32>;

		/// Shortest sample period, ms (the estimator works in whole seconds: at least 1000).
		#[pallet::constant]
		type MinSamplePeriodMs: Get<u32>;

		/// Longest sample period, ms.
		#[pallet::constant]
		type MaxSamplePeriodMs: Get<u32>;

		/// Largest absolute current a reading may carry, mA (physical limit, not an alarm).
		#[pallet::constant]
		type MaxAbsCurrentMa: Get<u32>;

		/// Largest voltage a reading may carry, mV (negative voltages are always refused).
		#[pallet::constant]
		type MaxVoltageMv: Get<u32>;

		/// Lowest temperature a reading may carry, 0.1 °C.
		#[pallet::constant]
		type MinTemperatureDecic: Get<i16>;

		/// Highest temperature a reading may carry, 0.1 °C.
		#[pallet::constant]
		type MaxTemperatureDecic: Get<i16>;

		/// How far a batch's last sample may lie ahead of the chain's time, ms.
		#[pallet::constant]
		type MaxClockDriftMs: Get<u64>;

		/// Transaction-pool priority of result transactions.
		#[pallet::constant]
		type ResultPriority: Get<TransactionPriority>;

		/// Transaction-pool longevity of result transactions, blocks.
		#[pallet::constant]
		type ResultLongevity: Get<TransactionLongevity>;

		/// Batches the off-chain worker estimates per run, over all batteries' chains (it never
		/// does more, whatever the backlog).
		#[pallet::constant]
		type MaxOcwBatchesPerRun: Get<u32>;

		/// Results the off-chain worker submits per battery and run: a chain, each estimated
		/// from the twin the previous one sealed, the later ones requiring their predecessor in
		/// the pool (`offchain::chains`). With 1 a battery gets one result a run, continuing
		/// from its stored twin. Longer chains land a battery's backlog in one block, but under
		/// load the transaction pool was seen dropping a chain's later links (issue 17), which
		/// then wait out the chain's window: 1 in the runtime until that is understood.
		#[pallet::constant]
		type MaxChainLength: Get<u32>;

		/// Milliseconds of a worker run after which it takes no further battery or batch (the
		/// batch it is estimating is finished); the next run goes on from where this one stopped.
		/// Runs of consecutive blocks may overlap (the node's off-chain threads, one per core):
		/// each battery's claim keeps them apart, so a budget of about two blocks lets a loaded
		/// estimator node use two cores.
		#[pallet::constant]
		type OcwTimeBudgetMs: Get<u64>;

		/// The longest the off-chain worker waits before submitting a still-pending result again
		/// (the pool may have dropped it, or a restart emptied the pool): after successive
		/// submissions it waits 2, 4, 8, … blocks, never more than this.
		#[pallet::constant]
		type OcwRetryBlocks: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Benchmark set-up hooks.
		#[cfg(feature = "runtime-benchmarks")]
		#[pallet::no_default]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// The telemetry pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Reasons this pallet holds funds for.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit of a member for an estimator key it registered.
		#[codec(index = 0)]
		EstimatorDeposit,
	}

	/// Per battery: the last batch's commitment and the result counters.
	#[pallet::storage]
	pub type Telemetry<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, BatteryTelemetryOf<T>, OptionQuery>;

	/// Known batches by hash: pending ones, and resulted ones retained for attestations.
	#[pallet::storage]
	pub type Batches<T: Config> =
		StorageMap<_, Blake2_128Concat, T::Hash, BatchRecordOf<T>, OptionQuery>;

	/// Twin: the stated history each seeded twin started from, with its provenance.
	#[pallet::storage]
	pub type TwinSeeds<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, TwinSeedOf<T>, OptionQuery>;

	/// The default of [`RequiredAttestations`]: a result is final when it is accepted.
	#[pallet::type_value]
	pub fn DefaultRequiredAttestations() -> u32 {
		1
	}

	/// Estimator keys of distinct members (the accepting one included) that must submit the same
	/// result for it to be final (k; see [`attestation`]). Set in the genesis config and by
	/// [`Pallet::set_required_attestations`]; 1 (the default) on the dev chain.
	#[pallet::storage]
	pub type RequiredAttestations<T: Config> =
		StorageValue<_, u32, ValueQuery, DefaultRequiredAttestations>;

	/// The battery's usage regime when each known batch was submitted
	/// (`BatteryInfo::usage_regime`): an input of the batch's estimate, pinned so every
	/// estimator uses the same one.
	#[pallet::storage]
	pub type BatchRegimes<T: Config> = StorageMap<_, Blake2_128Concat, T::Hash, u64, ValueQuery>;

	/// The members (registrars of member-scoped keys) that submitted a result for each known
	/// batch: a member votes once per batch, whatever keys it registers or removes meanwhile.
	#[pallet::storage]
	pub type MemberVotes<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::Hash,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// Results submitted per known batch (the first is the accepted one).
	#[pallet::storage]
	pub type BatchVotes<T: Config> =
		StorageMap<_, Blake2_128Concat, T::Hash, VotesOf<T>, ValueQuery>;

	/// Pending batches per battery, oldest first (results are accepted in this order).
	#[pallet::storage]
	pub type PendingBatches<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		BatteryId,
		BoundedVec<T::Hash, T::MaxPendingPerBattery>,
		OptionQuery,
	>;

	/// Resulted batches retained per battery for attestations, oldest first.
	#[pallet::storage]
	pub type RetainedBatches<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		BatteryId,
		BoundedVec<T::Hash, T::MaxRetainedBatches>,
		OptionQuery,
	>;

	/// Registered estimator keys and their scope.
	#[pallet::storage]
	pub type Estimators<T: Config> =
		StorageMap<_, Blake2_128Concat, T::EstimatorId, EstimatorRecordOf<T>, OptionQuery>;

	/// Deposits held for estimator keys registered by members: the registrar and the amount.
	#[pallet::storage]
	pub type EstimatorDeposits<T: Config> =
		StorageMap<_, Blake2_128Concat, T::EstimatorId, (T::AccountId, BalanceOf<T>), OptionQuery>;

	/// Number of estimator keys each member registered (at most `MaxEstimatorsPerMember`).
	#[pallet::storage]
	pub type MemberEstimatorCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Batteries whose sequence was reset: the next batch's sequence must exceed this value
	/// (instead of the last batch's) by at most `MaxSequenceGap`. Removed by that batch.
	#[pallet::storage]
	pub type SequenceFloors<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, u64, OptionQuery>;

	/// Open disputes over a battery's latest result (at most one per battery).
	#[pallet::storage]
	pub type Disputes<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, Dispute<T>, OptionQuery>;

	/// Twin: the physical model of each battery (operator).
	#[pallet::storage]
	pub type PhysicalModels<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, PhysicalModelOf<T>, OptionQuery>;

	/// Twin: the cell characterisation of each battery (manufacturer or operator).
	#[pallet::storage]
	pub type Characterisations<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, CharacterisationOf<T>, OptionQuery>;

	/// Twin: the data-space description of each battery (operator).
	#[pallet::storage]
	pub type DataSpaces<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, DataSpace, OptionQuery>;

	/// Twin: what each battery's next batch continues from (estimator state and running
	/// summaries), sealed for its Usage scope.
	#[pallet::storage]
	pub type TwinStates<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, TwinStateOf<T>, OptionQuery>;

	/// Twin: the latest accepted health of each battery.
	#[pallet::storage]
	pub type LatestHealth<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, HealthRecordOf<T>, OptionQuery>;

	/// Twin: recent health results per battery, in a ring of `MaxHealthHistory` slots (result
	/// number `n`, counted from 0, is in slot `n % MaxHealthHistory`).
	#[pallet::storage]
	pub type HealthHistory<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		BatteryId,
		Twox64Concat,
		u32,
		HealthRecordOf<T>,
		OptionQuery,
	>;

	/// Genesis state: estimator keys registered for every battery (e.g. the dev chain's key).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Estimator keys registered with scope `Any`.
		pub estimators: Vec<T::EstimatorId>,
		/// [`RequiredAttestations`] (k); 0 keeps the default, 1.
		pub required_attestations: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for estimator in &self.estimators {
				// Genesis is the one place where invalid input must abort.
				assert!(
					!Estimators::<T>::contains_key(estimator),
					"pallet-telemetry genesis lists an estimator twice"
				);
				Estimators::<T>::insert(
					estimator,
					EstimatorRecord { scope: EstimatorScope::Any, registered_at: Zero::zero() },
				);
			}
			if self.required_attestations > 0 {
				assert!(
					self.required_attestations <= T::MaxVotes::get(),
					"pallet-telemetry genesis requires more attestations than MaxVotes"
				);
				RequiredAttestations::<T>::put(self.required_attestations);
			}
		}
	}

	/// Events of the telemetry pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A BMS gateway submitted a telemetry batch; its samples are in the off-chain index.
		BatchSubmitted {
			/// The battery.
			battery: BatteryId,
			/// The gateway.
			device: T::AccountId,
			/// Hash of the batch.
			batch_hash: T::Hash,
			/// Sequence number.
			sequence: u64,
			/// Number of samples.
			samples: u32,
			/// Time of the first sample, Unix ms.
			first_sample_ms: u64,
			/// Time of the last sample, Unix ms.
			last_sample_ms: u64,
		},
		/// A health result was accepted for a batch. The result itself (SOC, SOH, anomalies,
		/// forecast) is sealed for the battery's Usage scope: `battery_health` returns it.
		HealthRecorded {
			/// The battery.
			battery: BatteryId,
			/// The batch it was computed from.
			batch_hash: T::Hash,
			/// The estimator key.
			estimator: T::EstimatorId,
			/// Its result hash (of the commitments of the sealed result and twin).
			result_hash: T::Hash,
		},
		/// Another authorized estimator submitted the same result for a batch.
		ResultAttested {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// The attesting estimator key.
			estimator: T::EstimatorId,
		},
		/// Another authorized estimator submitted a different result for an already resulted
		/// batch (computed from the same state): one of them is wrong.
		ResultDisputed {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// The estimator key that submitted the different result.
			estimator: T::EstimatorId,
			/// Hash of the accepted `(result, state)`.
			accepted_result: T::Hash,
			/// Hash of the disputing `(result, state)`.
			disputed_result: T::Hash,
		},
		/// A pending batch was discarded without a result.
		BatchDiscarded {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// The operator that discarded it (`None`: the admin origin).
			by: Option<T::AccountId>,
		},
		/// The first accepted estimator found a reading outside the physical limits once it
		/// opened the batch: the batch is closed without a result (the twin, the summary and the
		/// health do not move).
		BatchRejected {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// The estimator key that opened it.
			estimator: T::EstimatorId,
			/// The first reading out of range.
			out_of_range: battery_primitives::telemetry::OutOfRange,
		},
		/// The first accepted estimator found that the samples of a compact batch do not decode
		/// to its declared count: the batch is closed without a result (the twin, the summary
		/// and the health do not move).
		BatchUndecodable {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// The estimator key that opened it.
			estimator: T::EstimatorId,
			/// Why the samples do not decode.
			error: SampleDecodeError,
		},
		/// An estimator key was registered.
		EstimatorRegistered {
			/// The key.
			estimator: T::EstimatorId,
			/// Batches it may result.
			scope: EstimatorScope<T::AccountId>,
			/// Deposit held from the registering member (zero for the admin origin).
			deposit: BalanceOf<T>,
		},
		/// An estimator key was removed; its deposit was returned to its registrar.
		EstimatorRemoved {
			/// The key.
			estimator: T::EstimatorId,
			/// Deposit returned.
			refunded: BalanceOf<T>,
		},
		/// A battery's sequence was reset: its next batch may start again from 1.
		SequenceReset {
			/// The battery.
			battery: BatteryId,
			/// The sequence of its last batch before the reset (0 if none).
			previous: u64,
			/// The operator that reset it (`None`: the admin origin).
			by: Option<T::AccountId>,
		},
		/// Readers were added to a sealed result of a battery by a reader of it.
		ResultGranted {
			/// The battery.
			battery: BatteryId,
			/// The result.
			record: ResultRecord<T::Hash>,
			/// The granter.
			by: T::AccountId,
			/// Wrapped keys added (or replaced, for the granter's rotated key).
			readers: u32,
		},
		/// Two authorized estimators disagree on a battery's latest result: its health is
		/// disputed and its twin does not advance until the dispute is resolved.
		DisputeOpened {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// Hash of the accepted `(result, state)`.
			accepted_result: T::Hash,
			/// Hash of the challenging `(result, state)`.
			challenger_result: T::Hash,
		},
		/// A dispute was resolved; with [`DisputeSide::Challenger`] the challenging result
		/// replaced the accepted one.
		DisputeResolved {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// The side upheld.
			upheld: DisputeSide,
			/// The Authority that decided (`None`: the admin origin, or a further estimator's
			/// matching result).
			by: Option<T::AccountId>,
		},
		/// A twin's physical model was written.
		PhysicalModelSet {
			/// The battery.
			battery: BatteryId,
			/// The operator (`None`: the admin origin).
			by: Option<T::AccountId>,
		},
		/// A twin's cell characterisation was written.
		CharacterisationSet {
			/// The battery.
			battery: BatteryId,
			/// The manufacturer or operator (`None`: the admin origin).
			by: Option<T::AccountId>,
		},
		/// A twin's data-space description was written.
		DataSpaceSet {
			/// The battery.
			battery: BatteryId,
			/// Telemetry protocol version.
			protocol_version: u32,
			/// Declared sample period, ms.
			sample_period_ms: u32,
		},
		/// A health result became final: estimator keys of [`RequiredAttestations`] distinct
		/// members (the accepting one included) submitted it.
		ResultFinal {
			/// The battery.
			battery: BatteryId,
			/// The batch.
			batch_hash: T::Hash,
			/// Agreeing votes, the accepted result's included.
			attestations: u32,
		},
		/// The number of agreeing estimators a result needs to be final was set.
		RequiredAttestationsSet {
			/// The new k.
			required: u32,
		},
		/// A twin was seeded with a stated history: its first result continues from it.
		TwinSeeded {
			/// The battery.
			battery: BatteryId,
			/// Where the history comes from.
			source: SeedSource,
			/// Who stated it (`None`: the admin origin or a co-signed certification).
			by: Option<T::AccountId>,
		},
	}

	/// Errors of the telemetry pallet. In result-transaction validation every error is reported
	/// as `InvalidTransaction::Custom(index of the variant)`.
	#[pallet::error]
	pub enum Error<T> {
		/// The signer is not an active device key (unknown, revoked, or its owner is suspended).
		NotActiveDevice,
		/// The device is not a BMS gateway.
		NotBmsGateway,
		/// The device is bound to another battery.
		DeviceNotBoundToBattery,
		/// No battery is registered under the id.
		UnknownBattery,
		/// The battery is not in service.
		BatteryNotInService,
		/// The batch has no samples.
		EmptyBatch,
		/// The sample period is outside `MinSamplePeriodMs..=MaxSamplePeriodMs`.
		InvalidSamplePeriod,
		/// The battery's twin has no cell characterisation: the estimator cannot run.
		NoCharacterisation,
		/// This exact batch was already submitted (replay).
		BatchAlreadySubmitted,
		/// The sequence number is not above the last batch's (duplicate or old sequence).
		SequenceNotIncreasing,
		/// The batch starts at or before the last sample of the previous batch.
		StartBeforePreviousBatch,
		/// Start time plus the batch's duration overflows.
		InvalidTimeRange,
		/// The batch ends more than `MaxClockDriftMs` after the chain's time.
		BatchInFuture,
		/// The battery already has `MaxPendingPerBattery` batches waiting for results.
		TooManyPendingBatches,
		/// The batch is unknown (never submitted, discarded, or pruned).
		UnknownBatch,
		/// The batch is not the battery's oldest pending batch (results come in batch order).
		NotNextBatch,
		/// The result was not computed from the battery's current twin (or, for an attestation,
		/// from the twin the accepted result continued from).
		PriorStateMismatch,
		/// The result was computed by another estimator version.
		EstimatorVersionMismatch,
		/// The estimator key is not registered.
		UnknownEstimator,
		/// The estimator key may not result this battery's batches.
		EstimatorNotAuthorized,
		/// The estimator already submitted a result for this batch.
		DuplicateResult,
		/// The batch already has `MaxVotes` results.
		TooManyVotes,
		/// The estimator's signature over the result is invalid.
		InvalidSignature,
		/// The estimator key is already registered.
		EstimatorAlreadyRegistered,
		/// The caller did not register this estimator key.
		NotEstimatorRegistrar,
		/// The caller is not the battery's operator.
		NotBatteryOperator,
		/// The caller is neither the battery's manufacturer nor its operator.
		NotManufacturerOrOperator,
		/// The characterisation's rated capacity is zero or implausible.
		InvalidRatedCapacity,
		/// The characterisation's voltage limits are zero, inverted or implausible.
		InvalidVoltageLimits,
		/// The characterisation's OCV table decreases or leaves the voltage limits.
		InvalidOcvTable,
		/// The characterisation's equivalent-circuit parameters are zero or implausible.
		InvalidEquivalentCircuit,
		/// The operating temperature window is empty or outside the physical range.
		InvalidTemperatureWindow,
		/// The physical model has a zero dimension, cell count or component count.
		InvalidPhysicalModel,
		/// The protocol version is zero or newer than this runtime speaks.
		UnsupportedProtocolVersion,
		/// The batch is not pending (it already has a result).
		BatchNotPending,
		/// The gateway's owner does not operate the battery (operation moved to another member).
		GatewayOwnerNotOperator,
		/// The sequence exceeds the last batch's by more than `MaxSequenceGap`.
		SequenceGapTooLarge,
		/// The member already registered `MaxEstimatorsPerMember` estimator keys.
		TooManyEstimators,
		/// The free balance cannot cover the estimator deposit.
		InsufficientBalance,
		/// The caller is neither an active Operator nor an active Authority.
		NotOperatorOrAuthority,
		/// The battery's latest result is disputed: no later batch is resulted until the
		/// dispute is resolved.
		HealthDisputed,
		/// The battery has no open dispute.
		NoDispute,
		/// A different result for a batch that is not the battery's latest resulted batch (only
		/// that one may be disputed; an equal result attests any retained batch).
		BatchSuperseded,
		/// The caller is not an active Authority.
		NotAuthority,
		/// A counter would overflow.
		CounterOverflow,
		/// The characterisation's chemistry is not the one the battery's passport declares.
		ChemistryMismatch,
		/// The batch declares more than `MaxSamples` samples.
		TooManySamples,
		/// The sealed samples name another battery or data category than `Usage`.
		EnvelopeMismatch,
		/// The sealed samples' ciphertext is shorter than salt and tag, or kept off chain (the
		/// worker reads batches from the off-chain index only).
		MalformedEnvelope,
		/// The sealed samples list a reader key twice.
		DuplicateRecipient,
		/// A reader of the battery's Usage scope has no wrapped key (see the `sealingKeys`
		/// runtime API for the exact set).
		MissingRecipient,
		/// The sealed samples are wrapped for a key outside the battery's Usage scope.
		UnexpectedRecipient,
		/// Nobody in the battery's Usage scope has registered a reader key: no estimator could
		/// open the batch.
		NoRecipients,
		/// The ciphertext is not as long as the declared number of readings sealed.
		SealedLengthMismatch,
		/// The granter is not in the battery's Usage scope.
		NotInScope,
		/// The granter is not a reader of the sealed result (none of its kept keys, nor for an
		/// Authority member the Authority's key, is on it).
		NotRecipient,
		/// No such sealed result is kept (an open twin, a health slot overwritten since, or
		/// another batch's health in it).
		UnknownRecord,
		/// A wrap is for a key (or an account) that already reads the result.
		AlreadyRecipient,
		/// A grant without wraps.
		EmptyGrant,
		/// The result would carry more than `MaxSealedReaders` wrapped keys.
		TooManyRecipients,
		/// The number of attestations is 0 or above `MaxVotes`.
		AttestationsOutOfRange,
		/// Another estimator key of the same member already submitted a result for the batch (a
		/// member's keys count once towards a result's attestations).
		MemberAlreadyVoted,
		/// The twin has a result already: a history can be stated only before the first.
		TwinHasHistory,
		/// The stated history is implausible for the rated data (capacity outside 0.3–1.2 ×
		/// rated, R0 outside 0.3–8 × rated, more than 100 000 cycles).
		InvalidTwinPrior,
		/// The source cannot be stated by this call: a recertification's history comes with the
		/// co-signed certification, and an earlier twin must be another battery's.
		InvalidSeedSource,
		/// The twin starts from a co-signed recertification's assessment: it cannot be restated.
		CertifiedSeed,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run_offchain_worker(now);
		}

		fn integrity_test() {
			assert!(T::MaxSamples::get() > 0, "MaxSamples must be positive");
			assert!(T::MaxPendingPerBattery::get() > 0, "MaxPendingPerBattery must be positive");
			assert!(T::MaxRetainedBatches::get() > 0, "MaxRetainedBatches must be positive");
			assert!(T::MaxHealthHistory::get() > 0, "MaxHealthHistory must be positive");
			assert!(T::MaxVotes::get() > 0, "MaxVotes must be positive");
			assert!(
				T::MaxRetainedBatches::get() <= T::MaxHealthHistory::get(),
				"a retained batch's health must still be in the history (attestations count there)"
			);
			assert!(T::MaxChainLength::get() > 0, "MaxChainLength must be positive");
			assert!(T::MaxPartNumberLen::get() > 0, "MaxPartNumberLen must be positive");
			assert!(
				T::MinSamplePeriodMs::get() >= 1_000,
				"the estimator works in whole seconds: MinSamplePeriodMs >= 1000"
			);
			assert!(
				T::MaxSamplePeriodMs::get() >= T::MinSamplePeriodMs::get(),
				"MaxSamplePeriodMs must not be below MinSamplePeriodMs"
			);
			assert!(
				T::MinTemperatureDecic::get() < T::MaxTemperatureDecic::get(),
				"the temperature range must not be empty"
			);
			assert!(T::MaxOcwBatchesPerRun::get() > 0, "MaxOcwBatchesPerRun must be positive");
			assert!(T::OcwTimeBudgetMs::get() > 0, "OcwTimeBudgetMs must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit a telemetry batch of `battery`: `samples` readings, the `k`-th taken at
		/// `start_ms + k * period_ms` (Unix ms), sealed in `readings` (the SCALE `Vec<Reading>`)
		/// for exactly the battery's Usage scope: its operator, its assigned user and the
		/// Authority (the `sealingKeys` runtime API lists the keys). The chain never sees the
		/// samples: it keeps the commitment and the timing, and writes the sealed batch to the
		/// off-chain index under [`offchain_batch_key`] of the batch hash. An estimator node
		/// holding a reader secret of the scope opens it, checks the physical ranges, updates the
		/// running summary and estimates, and seals what it finds for the same scope.
		///
		/// Origin: signed by an active BMS gateway bound to `battery`. The battery must be in
		/// service with a cell characterisation; `sequence` must exceed the last batch's and
		/// `start_ms` must lie after its last sample; the batch may not end more than
		/// [`Config::MaxClockDriftMs`] after the chain's time; the ciphertext must be exactly
		/// `samples` readings long. Emits [`Event::BatchSubmitted`].
		///
		/// Weight: O(samples).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_batch(*samples))]
		pub fn submit_batch(
			origin: OriginFor<T>,
			battery: BatteryId,
			sequence: u64,
			start_ms: u64,
			period_ms: u32,
			samples: u32,
			readings: SealedReadingsOf<T>,
		) -> DispatchResult {
			let device = ensure_signed(origin)?;
			Self::do_submit_batch(
				device,
				battery,
				sequence,
				start_ms,
				period_ms,
				samples,
				readings,
				SampleEncoding::Scale,
			)
		}

		/// Submit the health result an estimator computed for a batch (sent by the off-chain
		/// worker as a general transaction; see the crate docs). The submission is boxed only to
		/// keep `RuntimeCall` small; it encodes as the plain struct.
		///
		/// Origin: `Authorized`, by this call's authorization: `signature` must be the
		/// estimator key's signature over [`ResultSubmission::signing_payload`], the key must be
		/// registered with a scope covering the batch, and the batch must be the battery's
		/// oldest pending batch with `prior_twin` naming the stored twin (first result), or
		/// resulted from that same twin and not yet voted on by the key nor by another key of
		/// its member (an attestation of any retained batch, a dispute of the latest). Sealed
		/// results must be inline envelopes about the battery in the Usage category, sealed for
		/// exactly its current Usage scope's keys. Emits [`Event::HealthRecorded`] or
		/// [`Event::BatchRejected`], [`Event::ResultAttested`] or [`Event::ResultDisputed`], and
		/// [`Event::ResultFinal`] when the agreeing votes reach [`RequiredAttestations`].
		///
		/// Weight: the larger of a first result's and an attestation's (appended to a list of up
		/// to `MaxVotes - 1` earlier votes).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_result().max(T::WeightInfo::attest_result()))]
		#[pallet::authorize(|source, submission, signature| {
			Self::authorize_result(source, submission, signature)
		})]
		#[pallet::weight_of_authorize(
			T::WeightInfo::authorize_submit_result().max(T::WeightInfo::authorize_attest_result())
		)]
		pub fn submit_result(
			origin: OriginFor<T>,
			submission: Box<ResultSubmissionOf<T>>,
			signature: SignatureOf<T>,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			// The signature was checked by the authorization, in the same transaction.
			let _ = signature;
			Self::do_submit_result(*submission)
		}

		/// Register the estimator key `estimator`. Registered by [`Config::AdminOrigin`] the key
		/// may result every battery, with no deposit; registered by an active Authority, every
		/// battery while it stays one; registered by an active Operator, the batteries it
		/// operates. A member holds [`Config::EstimatorDeposit`] per key and registers at most
		/// [`Config::MaxEstimatorsPerMember`].
		///
		/// Origin: [`Config::AdminOrigin`] or signed by an active Authority or Operator. Emits
		/// [`Event::EstimatorRegistered`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_estimator())]
		pub fn register_estimator(
			origin: OriginFor<T>,
			estimator: T::EstimatorId,
		) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_register_estimator(caller, estimator)
		}

		/// Remove the estimator key `estimator`; its results already on chain stay and its
		/// deposit returns to the member that registered it.
		///
		/// Origin: [`Config::AdminOrigin`], or signed by the member that registered it (while it
		/// holds the role it registered the key with). Emits [`Event::EstimatorRemoved`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_estimator())]
		pub fn remove_estimator(origin: OriginFor<T>, estimator: T::EstimatorId) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_remove_estimator(caller, estimator)
		}

		/// Write the physical model of `battery`'s twin: pack shape and dimensions, cell format,
		/// series × parallel arrangement and BMS components.
		///
		/// Origin: [`Config::AdminOrigin`], or signed by the battery's operator (an active
		/// Operator). Emits [`Event::PhysicalModelSet`].
		///
		/// Weight: O(components).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_physical_model(model.bms.len() as u32))]
		pub fn set_physical_model(
			origin: OriginFor<T>,
			battery: BatteryId,
			model: PhysicalModelOf<T>,
		) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_set_physical_model(caller, battery, model)
		}

		/// Write the cell characterisation of `battery`'s twin: the estimator configuration
		/// (rated data, OCV–SOC table, 1-RC fit; validated) and the operating temperature window
		/// the summaries count against. Telemetry is accepted only once it is set. Replacing it
		/// keeps the estimator state. The configuration's chemistry must be the one the battery's
		/// passport declares (one chemistry per battery).
		///
		/// Origin: [`Config::AdminOrigin`], or signed by the battery's manufacturer (an active
		/// Manufacturer) or operator (an active Operator). Emits [`Event::CharacterisationSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_characterisation())]
		pub fn set_characterisation(
			origin: OriginFor<T>,
			battery: BatteryId,
			config: EstimatorConfig,
			temp_window_min_decic: i16,
			temp_window_max_decic: i16,
		) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_set_characterisation(
				caller,
				battery,
				config,
				temp_window_min_decic,
				temp_window_max_decic,
			)
		}

		/// Write the data-space description of `battery`'s twin: the telemetry protocol version
		/// its gateway speaks (1 ..= [`TELEMETRY_PROTOCOL_VERSION`]) and the declared sample
		/// period.
		///
		/// Origin: [`Config::AdminOrigin`], or signed by the battery's operator. Emits
		/// [`Event::DataSpaceSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_data_space())]
		pub fn set_data_space(
			origin: OriginFor<T>,
			battery: BatteryId,
			protocol_version: u32,
			sample_period_ms: u32,
		) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_set_data_space(caller, battery, protocol_version, sample_period_ms)
		}

		/// Discard the pending batch `batch_hash` of `battery` without a result (e.g. its
		/// samples are lost from every estimator's off-chain database); the next batch then
		/// continues from the current estimator state. Its off-chain index entry is cleared.
		///
		/// Origin: [`Config::AdminOrigin`], or signed by the battery's operator or the owner of
		/// the gateway that submitted it (an active Operator). Emits [`Event::BatchDiscarded`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::discard_batch())]
		pub fn discard_batch(
			origin: OriginFor<T>,
			battery: BatteryId,
			batch_hash: T::Hash,
		) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_discard_batch(caller, battery, batch_hash)
		}

		/// Reset `battery`'s sequence: its next batch may be numbered from 1 again (up to
		/// [`Config::MaxSequenceGap`]), e.g. after its BMS gateway was replaced or reset. Batches
		/// must still start after the last one's last sample, so no old batch can be replayed.
		///
		/// Origin: [`Config::AdminOrigin`], or signed by the battery's operator. Emits
		/// [`Event::SequenceReset`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::reset_sequence())]
		pub fn reset_sequence(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_reset_sequence(caller, battery)
		}

		/// Resolve the open dispute over `battery`'s latest result, upholding `upheld`: with
		/// [`DisputeSide::Challenger`] the challenging result and state replace the accepted
		/// ones. The twin then advances again.
		///
		/// Origin: [`Config::AdminOrigin`], or signed by an active Authority. Emits
		/// [`Event::DisputeResolved`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			battery: BatteryId,
			upheld: DisputeSide,
		) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_resolve_dispute(caller, battery, upheld)
		}

		/// Let readers who entered `battery`'s Usage scope after a result was sealed (a new
		/// operator, a newly assigned user, a reader who registered a key late) open it: add
		/// `wraps`, the result's data key wrapped for their current keys (`battery-seal grant`
		/// or `grant` in `scripts/lib/sealed.mjs`), to the current twin or to a kept health
		/// result (`Health { slot, batch_hash }`, as `battery_twin`'s history shows them). A
		/// twin granted to a new operator lets its estimator node continue the battery at once.
		///
		/// Origin: signed by a reader of the result who is in the scope now. Each wrap must be
		/// for a key in the scope that the result does not carry yet, one per account. Emits
		/// [`Event::ResultGranted`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::grant_result())]
		pub fn grant_result(
			origin: OriginFor<T>,
			battery: BatteryId,
			record: ResultRecord<T::Hash>,
			wraps: BoundedVec<WrappedKey, ConstU32<MAX_GRANT_READERS>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_grant_result(who, battery, record, wraps)
		}

		/// Submit a telemetry batch like [`Pallet::submit_batch`], with the samples in the
		/// compact encoding (`battery_primitives::telemetry::compact`: per column deltas, bit
		/// packed; 2 to 3.5 bytes a sample on drive cycles instead of 10) before sealing, so a
		/// block carries two to four times the samples. The envelope's commitment is over the
		/// compact bytes, which are the one encoding of their samples (the decoder accepts only
		/// the canonical form).
		///
		/// Origin and checks as [`Pallet::submit_batch`], except the ciphertext's length: no
		/// shorter than the compact form's width fields and no longer than the SCALE form of
		/// `samples` readings (`SampleEncoding::sealed_len_bounds`). Whether the samples decode
		/// is for the estimator that opens the batch: if they do not, its result closes the
		/// batch with [`Event::BatchUndecodable`]. Emits [`Event::BatchSubmitted`].
		///
		/// Weight: [`Pallet::submit_batch`]'s for `samples`: the same checks, storage and index
		/// write on at most as many bytes (that benchmark seals the longest ciphertext a compact
		/// batch of `samples` may have).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::submit_batch(*samples))]
		pub fn submit_compact_batch(
			origin: OriginFor<T>,
			battery: BatteryId,
			sequence: u64,
			start_ms: u64,
			period_ms: u32,
			samples: u32,
			readings: SealedReadingsOf<T>,
		) -> DispatchResult {
			let device = ensure_signed(origin)?;
			Self::do_submit_batch(
				device,
				battery,
				sequence,
				start_ms,
				period_ms,
				samples,
				readings,
				SampleEncoding::Compact,
			)
		}

		/// Set how many estimator keys of distinct members (the accepting one included) must
		/// submit the same result for it to be final ([`RequiredAttestations`], k). Takes effect
		/// for every result, those already recorded included (their `is_final` is read against
		/// the k of the time of reading).
		///
		/// Origin: [`Config::AdminOrigin`]. `required` from 1 to `MaxVotes`. Emits
		/// [`Event::RequiredAttestationsSet`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_required_attestations())]
		pub fn set_required_attestations(origin: OriginFor<T>, required: u32) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_required_attestations(required)
		}

		/// Start `battery`'s twin from a known history instead of a cell of unknown age: its
		/// usable capacity, R0 at 25 °C and cycles (`prior`; R0 and cycles may be unknown), from
		/// `source` (an assessment, a recertification, an earlier twin of the same cells, the
		/// end-of-line test), with the hash of the evidence if there is one ([`TwinSeeds`]).
		/// The estimator starts from them (see [`seeding`]); the twin stays open until its
		/// first result. May be stated again until then.
		///
		/// Origin: [`Config::AdminOrigin`] or signed by the battery's operator. The battery needs
		/// a characterisation (the prior is checked against its rated data) and no result yet.
		/// Emits [`Event::TwinSeeded`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::seed_twin())]
		pub fn seed_twin(
			origin: OriginFor<T>,
			battery: BatteryId,
			prior: TwinPrior,
			source: SeedSource,
			evidence: Option<[u8; 32]>,
		) -> DispatchResult {
			let caller = Self::admin_or_signed(origin)?;
			Self::do_seed_twin(caller, battery, prior, source, evidence)
		}
	}

	impl<T: Config> Pallet<T> {
		/// `None` for [`Config::AdminOrigin`], the signer otherwise.
		pub(crate) fn admin_or_signed(
			origin: OriginFor<T>,
		) -> Result<Option<T::AccountId>, DispatchError> {
			match T::AdminOrigin::try_origin(origin) {
				Ok(_) => Ok(None),
				Err(origin) => Ok(Some(ensure_signed(origin)?)),
			}
		}
	}
}
