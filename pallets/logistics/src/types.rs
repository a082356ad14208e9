//! Shipment records, their status and the sealed logistics details.

use crate::Config;
pub use battery_primitives::logistics::{batch_label, BatchId, ShipmentId, ShipmentStatus};
use battery_primitives::{
	battery::Date,
	consortium::{BatteryId, SubjectId},
	logistics::{CheckpointDetails, ImpactDetails},
	sealed::{Envelope, MaxSealedReaders, Sealed},
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::fungible::Inspect, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::traits::ConstU32;

/// Longest sealed logistics record (route and commercial terms, or one checkpoint), bytes of
/// plaintext: [`MAX_LOGISTICS_PLAINTEXT`] plus what sealing adds.
pub const MAX_LOGISTICS_CIPHERTEXT: u32 =
	battery_primitives::sealed::ciphertext_len(MAX_LOGISTICS_PLAINTEXT);

/// Longest plaintext of a sealed logistics record, bytes.
pub const MAX_LOGISTICS_PLAINTEXT: u32 = 1_024;

/// A sealed logistics record: route and commercial terms of an agreement, or a checkpoint
/// (time, position, note), sealed for the shipment's parties (sender, carrier, recipient) and
/// the Authority. Its subject is the shipment's first battery.
pub type LogisticsEnvelope = Envelope<ConstU32<MAX_LOGISTICS_CIPHERTEXT>, MaxSealedReaders>;

/// Where a collision sensor saw an impact (and its note), sealed like a checkpoint; the
/// plaintext is the SCALE [`ImpactDetails`].
pub type SealedImpact = Sealed<ImpactDetails, ConstU32<MAX_LOGISTICS_CIPHERTEXT>, MaxSealedReaders>;

/// A checkpoint's time, position and note, sealed like the terms; the plaintext is the SCALE
/// [`CheckpointDetails`].
pub type SealedCheckpoint =
	Sealed<CheckpointDetails, ConstU32<MAX_LOGISTICS_CIPHERTEXT>, MaxSealedReaders>;

/// Highest peak acceleration an impact report may state, thousandths of g (500 g: beyond the
/// range of vehicle crash sensors).
pub const MAX_IMPACT_MG: u32 = 500_000;

/// Balance of the runtime's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Block number of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// The batteries of a shipment.
pub type BatteriesOf<T> = BoundedVec<BatteryId, <T as Config>::MaxBatteries>;

/// A shipment as configured for the runtime.
pub type ShipmentOf<T> = Shipment<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberOf<T>,
	<T as Config>::MaxBatteries,
>;

/// The exceptions of a delivery as configured for the runtime.
pub type ExceptionsOf<T> = BoundedVec<(BatteryId, ExceptionReason), <T as Config>::MaxBatteries>;

/// A transport agreement and its shipment.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[scale_info(skip_type_params(MaxBatteries))]
pub struct Shipment<AccountId, Balance, BlockNumber, MaxBatteries: frame_support::traits::Get<u32>>
{
	/// The custodian of the batteries that proposed the transport.
	pub sender: AccountId,
	/// The Logistics member that carries them.
	pub carrier: AccountId,
	/// The member that receives them.
	pub recipient: AccountId,
	/// The batteries (each once).
	pub batteries: BoundedVec<BatteryId, MaxBatteries>,
	/// Expected pickup date.
	pub expected_pickup: Date,
	/// Expected delivery date.
	pub expected_delivery: Date,
	/// Freight price, held from the sender until delivery (zero: none).
	pub freight: Balance,
	/// Route and commercial terms, sealed for the shipment's parties and the Authority.
	pub terms: LogisticsEnvelope,
	/// Where it stands.
	pub status: ShipmentStatus<Balance, BlockNumber>,
	/// Block of the proposal.
	pub proposed_at: BlockNumber,
}

/// Why a battery of a delivery was not accepted.
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
pub enum ExceptionReason {
	/// Not in the delivery.
	#[codec(index = 0)]
	Missing,
	/// Delivered damaged.
	#[codec(index = 1)]
	Damaged,
}

/// How the sender (or the approval origin) settles a delivery exception.
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
pub enum Resolution {
	/// The battery reached the recipient after all: custody moves to it, the carrier is paid its
	/// share of the freight.
	#[codec(index = 0)]
	Delivered,
	/// The battery goes back to the sender: custody moves to it, its share is refunded.
	#[codec(index = 1)]
	Returned,
	/// The battery is lost to the carrier's account: custody stays with the carrier, its share
	/// is refunded to the sender.
	#[codec(index = 2)]
	WrittenOff,
}

/// A checkpoint of a shipment on its way: public block, sealed time, position and note.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Checkpoint<BlockNumber> {
	/// Block in which the carrier recorded it.
	pub recorded_at: BlockNumber,
	/// Time, position (fixed-point latitude / longitude or a geohash) and note, sealed.
	pub details: SealedCheckpoint,
}

/// An impact a collision sensor of the shipment's vehicle reported: public time, peak and
/// outcome, sealed position.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Impact<AccountId, BlockNumber> {
	/// The sensor (a consortium `CollisionSensor` device of the carrier).
	pub sensor: AccountId,
	/// The vehicle it is bound to.
	pub vehicle: SubjectId,
	/// When it happened, Unix milliseconds (the sensor's clock).
	pub occurred_at_ms: u64,
	/// Peak acceleration, thousandths of g.
	pub peak_mg: u32,
	/// Whether it reached the threshold and became an accident record of every battery.
	pub accident: bool,
	/// Block in which it was reported.
	pub recorded_at: BlockNumber,
	/// Position and note, sealed for the shipment's parties and the Authority.
	pub details: SealedImpact,
}

/// An impact as configured for the runtime.
pub type ImpactOf<T> = Impact<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;

/// The vehicle a shipment travels on.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct VehicleBinding<BlockNumber> {
	/// The vehicle (the subject its collision sensors are bound to).
	pub vehicle: SubjectId,
	/// Block at which the carrier attached it.
	pub attached_at: BlockNumber,
}
