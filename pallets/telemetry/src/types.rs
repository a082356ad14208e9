//! Storage records, call arguments and type aliases of the pallet.
//!
//! Units are in the field names: `_ms` milliseconds (times are Unix milliseconds), `_mv`
//! millivolts, `_ma` milliamperes, `_decic` tenths of a degree Celsius, `_mj` millijoules
//! (mW·s), `_mas` milliampere-seconds (mC), `_ppm` parts per million.

use crate::Config;
use battery_estimator::{new_state, EstimatorConfig};
pub use battery_primitives::telemetry::{SealedHealth, SealedTwin, TwinRecord, UsageSummary};
use battery_primitives::{
	consortium::BatteryId,
	telemetry::{BmsComponentKind, CellFormat, PackShape, Reading},
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::RuntimeAppPublic;

/// Block number type of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// Hash type of the runtime (batch hashes, result hashes, state hashes).
pub type HashOf<T> = <T as frame_system::Config>::Hash;

/// Account type of the runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;

/// Balance of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as frame_support::traits::fungible::Inspect<AccountIdOf<T>>>::Balance;

/// The samples of one batch as configured for the runtime (what a sealed batch opens to).
pub type ReadingsOf<T> = BoundedVec<Reading, <T as Config>::MaxSamples>;

/// Bound of a sealed batch's inline ciphertext: `MaxSamples` readings SCALE-encoded (compact
/// length, 10 bytes each), the salt and the tag.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
pub struct BatchCiphertextBound<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<u32> for BatchCiphertextBound<T> {
	fn get() -> u32 {
		u32::try_from(battery_primitives::telemetry::sealed_readings_len(T::MaxSamples::get()))
			.unwrap_or(u32::MAX)
	}
}

/// A batch's samples sealed for the battery's Usage scope, as configured for the runtime.
pub type SealedReadingsOf<T> = battery_primitives::sealed::Envelope<
	BatchCiphertextBound<T>,
	battery_primitives::sealed::MaxSealedReaders,
>;

/// A sealed batch as the off-chain index holds it, as configured for the runtime.
pub type IndexedBatchOf<T> = battery_primitives::telemetry::IndexedBatch<
	BatchCiphertextBound<T>,
	battery_primitives::sealed::MaxSealedReaders,
>;

/// Signature of an estimator key.
pub type SignatureOf<T> = <<T as Config>::EstimatorId as RuntimeAppPublic>::Signature;

/// The physical model as configured for the runtime.
pub type PhysicalModelOf<T> =
	PhysicalModel<<T as Config>::MaxBmsComponents, <T as Config>::MaxPartNumberLen>;

/// A batch commitment as configured for the runtime.
pub type BatchCommitmentOf<T> = BatchCommitment<AccountIdOf<T>, HashOf<T>, BlockNumberOf<T>>;

/// The per-battery telemetry record as configured for the runtime.
pub type BatteryTelemetryOf<T> = BatteryTelemetry<AccountIdOf<T>, HashOf<T>, BlockNumberOf<T>>;

/// A batch record as configured for the runtime.
pub type BatchRecordOf<T> = BatchRecord<AccountIdOf<T>, HashOf<T>, BlockNumberOf<T>>;

/// An estimator registration as configured for the runtime.
pub type EstimatorRecordOf<T> = EstimatorRecord<AccountIdOf<T>, BlockNumberOf<T>>;

/// A characterisation record as configured for the runtime.
pub type CharacterisationOf<T> = Characterisation<AccountIdOf<T>, BlockNumberOf<T>>;

/// The twin's estimator state as configured for the runtime.
pub type TwinStateOf<T> = TwinState<BlockNumberOf<T>>;

/// A health record as configured for the runtime.
pub type HealthRecordOf<T> = HealthRecord<HashOf<T>, BlockNumberOf<T>, <T as Config>::EstimatorId>;

/// A result submission as configured for the runtime.
pub type ResultSubmissionOf<T> = ResultSubmission<<T as Config>::EstimatorId, HashOf<T>>;

/// A twin seed as configured for the runtime.
pub type TwinSeedOf<T> = TwinSeed<AccountIdOf<T>, BlockNumberOf<T>>;

/// A vote on a batch's result as configured for the runtime.
pub type VotesOf<T> = BoundedVec<Vote<<T as Config>::EstimatorId>, <T as Config>::MaxVotes>;

/// The commitment of one telemetry batch: what the chain keeps instead of the samples.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BatchCommitment<AccountId, Hash, BlockNumber> {
	/// BLAKE2-256 of the SCALE encoding of `(battery, sequence, start_ms, period_ms, readings)`
	/// (the off-chain index value).
	pub hash: Hash,
	/// Sequence number the gateway gave the batch.
	pub sequence: u64,
	/// Time of the first sample, Unix ms.
	pub first_sample_ms: u64,
	/// Time of the last sample, Unix ms.
	pub last_sample_ms: u64,
	/// Sample period, ms.
	pub period_ms: u32,
	/// Number of samples.
	pub samples: u32,
	/// The BMS gateway that submitted it.
	pub device: AccountId,
	/// Block in which it was submitted.
	pub submitted_at: BlockNumber,
}

/// What the chain keeps in public about a battery's telemetry: the last batch and the result
/// counters (the running summaries are sealed in the twin, [`TwinRecord::summary`]).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BatteryTelemetry<AccountId, Hash, BlockNumber> {
	/// Commitment of the last accepted batch.
	pub last_batch: BatchCommitment<AccountId, Hash, BlockNumber>,
	/// Health results accepted.
	pub results: u64,
	/// Disputed results recorded.
	pub disputes: u64,
}

/// Where a batch stands.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum BatchStatus<Hash> {
	/// Waiting for its health result.
	#[codec(index = 0)]
	Pending,
	/// A result was accepted; later results from other estimators attest or dispute it.
	#[codec(index = 1)]
	Resulted {
		/// The accepted submission's result hash ([`Verdict::result_hash`]).
		result_hash: Hash,
		/// Hash of the twin the result continued from ([`Twin::hash`]).
		prior_twin: Hash,
		/// Slot of the result in the battery's health history.
		history_slot: u32,
	},
}

/// A batch the chain knows: pending, or resulted and retained for attestations.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct BatchRecord<AccountId, Hash, BlockNumber> {
	/// The battery.
	pub battery: BatteryId,
	/// Owner of the gateway that submitted the batch (the operator whose estimators may result
	/// it).
	pub owner: AccountId,
	/// The batch's commitment.
	pub commitment: BatchCommitment<AccountId, Hash, BlockNumber>,
	/// Pending or resulted.
	pub status: BatchStatus<Hash>,
}

/// A result an estimator submitted for a batch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Vote<EstimatorId> {
	/// The estimator key.
	pub estimator: EstimatorId,
	/// Whether its result equals the accepted one (the first vote is the accepted result).
	pub agrees: bool,
}

/// Which batches an estimator key may result.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum EstimatorScope<AccountId> {
	/// Every battery (registered by the admin origin, e.g. a consortium-run estimator).
	#[codec(index = 0)]
	Any,
	/// Batteries this operator runs (it is their custodian while they are in service), while it
	/// is an active Operator (registered by the operator itself, with a deposit).
	#[codec(index = 1)]
	Operator(AccountId),
	/// Every battery, while this member is an active Authority (registered by the Authority
	/// itself, with a deposit).
	#[codec(index = 2)]
	Authority(AccountId),
}

impl<AccountId> EstimatorScope<AccountId> {
	/// The member that registered the key and paid its deposit (`None` for the admin origin).
	pub fn registrar(&self) -> Option<&AccountId> {
		match self {
			EstimatorScope::Any => None,
			EstimatorScope::Operator(who) | EstimatorScope::Authority(who) => Some(who),
		}
	}
}

/// Which side of a dispute a resolution upholds.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DisputeSide {
	/// The result accepted first stands.
	#[codec(index = 0)]
	Accepted,
	/// The challenging result replaces it (the twin continues from the challenger's state).
	#[codec(index = 1)]
	Challenger,
}

/// An open dispute over the latest result of a battery: two authorized estimators computed
/// different results for the same batch from the same state. While it is open the battery's
/// health is shown as disputed and no later batch is resulted (the twin does not advance).
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct Dispute<T: Config> {
	/// The disputed batch (the battery's latest resulted batch).
	pub batch_hash: HashOf<T>,
	/// Result hash of the accepted result.
	pub accepted_result: HashOf<T>,
	/// Result hash of the first different result.
	pub challenger_result: HashOf<T>,
	/// The estimator key that submitted it.
	pub challenger: T::EstimatorId,
	/// The challenging result (sealed), kept so a resolution in its favour can apply it.
	pub challenger_health: SealedHealth,
	/// The challenging twin (sealed).
	pub challenger_twin: SealedTwin,
	/// Votes (the accepted result included) for the accepted result.
	pub for_accepted: u32,
	/// Votes for the challenging result.
	pub for_challenger: u32,
	/// Block in which it was opened.
	pub opened_at: BlockNumberOf<T>,
}

/// A registered estimator key.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct EstimatorRecord<AccountId, BlockNumber> {
	/// Batches the key may result.
	pub scope: EstimatorScope<AccountId>,
	/// Block at which the key was registered.
	pub registered_at: BlockNumber,
}

/// A BMS component of the physical model.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(S))]
pub struct BmsComponent<S: Get<u32>> {
	/// Kind of component.
	pub kind: BmsComponentKind,
	/// Manufacturer part number (UTF-8), at most `S` bytes.
	pub part_number: BoundedVec<u8, S>,
	/// How many the pack has (at least 1).
	pub count: u16,
}

/// The twin's physical model, written by the battery's operator.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(C, S))]
pub struct PhysicalModel<C: Get<u32>, S: Get<u32>> {
	/// Outer shape of the pack.
	pub shape: PackShape,
	/// Length, mm (non-zero).
	pub length_mm: u32,
	/// Width (diameter for a cylinder), mm (non-zero).
	pub width_mm: u32,
	/// Height, mm (non-zero).
	pub height_mm: u32,
	/// Format of the cells.
	pub cell_format: CellFormat,
	/// Cells in series (non-zero).
	pub series: u16,
	/// Cells (strings) in parallel (non-zero).
	pub parallel: u16,
	/// BMS components, at most `C`.
	pub bms: BoundedVec<BmsComponent<S>, C>,
}

impl<C: Get<u32>, S: Get<u32>> PhysicalModel<C, S> {
	/// Number of cells (series × parallel).
	pub fn cells(&self) -> u32 {
		u32::from(self.series).saturating_mul(u32::from(self.parallel))
	}
}

/// The cell characterisation the estimator starts from, with the operating temperature window
/// the summaries count against.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Characterisation<AccountId, BlockNumber> {
	/// Rated data, OCV table and 1-RC fit (validated with `EstimatorConfig::validate`).
	pub config: EstimatorConfig,
	/// Lower bound of the operating temperature window, 0.1 °C.
	pub temp_window_min_decic: i16,
	/// Upper bound of the operating temperature window, 0.1 °C.
	pub temp_window_max_decic: i16,
	/// Who wrote it (`None`: the admin origin).
	pub set_by: Option<AccountId>,
	/// Block at which it was written.
	pub set_at: BlockNumber,
}

/// The twin's data-space description, written by the battery's operator.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct DataSpace {
	/// Telemetry protocol version the gateway speaks.
	pub protocol_version: u32,
	/// Declared nominal sample period, ms.
	pub sample_period_ms: u32,
}

/// A battery's twin as stored: sealed by the worker that resulted its last batch, or open (the
/// fresh twin before any result, or one carried over from before results were sealed).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Twin {
	/// Sealed for the battery's Usage scope.
	#[codec(index = 0)]
	Sealed(SealedTwin),
	/// In the open: public already (fresh, or written before storage version 3).
	#[codec(index = 1)]
	Open(TwinRecord),
}

impl Twin {
	/// The fresh twin a battery's first batch continues from.
	pub fn fresh() -> Self {
		Self::Open(TwinRecord { state: new_state(), summary: UsageSummary::default() })
	}

	/// The sealed twin, if it is sealed.
	pub fn sealed(self) -> Option<SealedTwin> {
		match self {
			Self::Sealed(sealed) => Some(sealed),
			Self::Open(_) => None,
		}
	}

	/// What a result names as the twin it continued from: BLAKE2-256 of the SCALE-encoded twin
	/// (for a sealed one that includes its commitment, so it names one plaintext).
	pub fn hash<H: sp_runtime::traits::Hash>(&self) -> H::Output {
		H::hash_of(self)
	}
}

/// A twin's stated starting history and its provenance ([`crate::TwinSeeds`]).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct TwinSeed<AccountId, BlockNumber> {
	/// Capacity, R0 and cycles the twin started from.
	pub prior: battery_estimator::TwinPrior,
	/// Where they come from.
	pub source: battery_primitives::telemetry::SeedSource,
	/// Hash of the evidence (e.g. the test report), if stated.
	pub evidence: Option<[u8; 32]>,
	/// Who stated them (`None`: the admin origin or the recycling pallet's certification).
	pub by: Option<AccountId>,
	/// Block in which they were stated.
	pub at: BlockNumber,
}

/// The twin a battery's next batch continues from.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct TwinState<BlockNumber> {
	/// The twin (estimator state and running summaries).
	pub twin: Twin,
	/// Version of the estimator that produced it.
	pub estimator_version: u32,
	/// Block of the result that wrote it.
	pub updated_at: BlockNumber,
}

/// An accepted health result.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct HealthRecord<Hash, BlockNumber, EstimatorId> {
	/// The batch it was computed from.
	pub batch_hash: Hash,
	/// Sequence number of that batch.
	pub sequence: u64,
	/// Time of the batch's last sample, Unix ms.
	pub last_sample_ms: u64,
	/// The estimator whose result was accepted.
	pub estimator: EstimatorId,
	/// Block in which it was accepted.
	pub recorded_at: BlockNumber,
	/// SOC, SOH, anomalies and forecast, sealed for the battery's Usage scope.
	pub health: SealedHealth,
	/// Other estimators that submitted the same result.
	pub attestations: u32,
	/// Estimators that submitted a different result.
	pub disputes: u32,
}

/// What an estimator found for a batch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Verdict {
	/// Every reading was in range: the health result and the twin after the batch, both sealed
	/// for the battery's Usage scope with salts derived from the batch's
	/// ([`battery_primitives::telemetry::HEALTH_SALT_LABEL`], `TWIN_SALT_LABEL`), so equal
	/// results of independent estimators have equal commitments.
	#[codec(index = 0)]
	Estimated {
		/// SOC, SOH, anomalies and forecast at the end of the batch.
		health: SealedHealth,
		/// The estimator state and running summary after the batch (the next batch continues
		/// from it).
		twin: SealedTwin,
	},
	/// The first reading outside the physical limits: the batch is rejected (the twin and the
	/// health do not move).
	#[codec(index = 1)]
	Rejected(battery_primitives::telemetry::OutOfRange),
	/// The samples of a compact batch do not decode to its declared count: the batch is
	/// rejected like [`Self::Rejected`].
	#[codec(index = 2)]
	Undecodable(battery_primitives::telemetry::SampleDecodeError),
}

impl Verdict {
	/// The result hash, what two estimators must agree on: BLAKE2-256 of the SCALE encoding of
	/// the commitments of the sealed results (never their random parts) and the rejection, if
	/// any: `(health, twin, None)` for an estimate, `([0; 32], [0; 32], Some(out_of_range))` for
	/// a rejection and `([0; 32], [0; 32], None, error)` for undecodable samples (a preimage of
	/// its own length, so it never equals the others').
	pub fn result_hash<H: sp_runtime::traits::Hash>(&self) -> H::Output {
		use battery_primitives::telemetry::OutOfRange;
		match self {
			Self::Estimated { health, twin } => {
				H::hash_of(&(health.commitment, twin.commitment, None::<OutOfRange>))
			},
			Self::Rejected(out_of_range) => H::hash_of(&([0u8; 32], [0u8; 32], Some(out_of_range))),
			Self::Undecodable(error) => {
				H::hash_of(&([0u8; 32], [0u8; 32], None::<OutOfRange>, error))
			},
		}
	}
}

/// A sealed result of a battery a grant adds readers to.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum ResultRecord<Hash> {
	/// The current twin (estimator state and running summary).
	#[codec(index = 0)]
	Twin,
	/// The health result in history slot `slot`, computed from batch `batch_hash` (the hash
	/// guards against a slot the ring has overwritten since).
	#[codec(index = 1)]
	Health {
		/// Slot in the battery's health history.
		slot: u32,
		/// The batch of the result.
		batch_hash: Hash,
	},
}

/// A health result as an estimator submits it: signed by `estimator` over
/// [`crate::RESULT_SIGNING_CONTEXT`] followed by the SCALE encoding of this struct.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ResultSubmission<EstimatorId, Hash> {
	/// The estimator key that computed and signs the result.
	pub estimator: EstimatorId,
	/// The batch the result was computed from.
	pub batch_hash: Hash,
	/// Hash of the twin it continued from ([`Twin::hash`] of the stored twin).
	pub prior_twin: Hash,
	/// Version of the estimator ([`crate::ESTIMATOR_VERSION`]).
	pub estimator_version: u32,
	/// The sealed results, or the rejection.
	pub verdict: Verdict,
}

impl<EstimatorId: Encode, Hash> ResultSubmission<EstimatorId, Hash> {
	/// The message the estimator signs: [`crate::RESULT_SIGNING_CONTEXT`] followed by the
	/// SCALE encoding of the submission.
	pub fn signing_payload(&self) -> alloc::vec::Vec<u8>
	where
		Hash: Encode,
	{
		let mut payload = crate::RESULT_SIGNING_CONTEXT.to_vec();
		self.encode_to(&mut payload);
		payload
	}
}
