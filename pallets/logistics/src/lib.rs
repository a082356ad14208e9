//! # Logistics Pallet
//!
//! Transport agreements and shipments of batteries between consortium members: the custodian of
//! a set of batteries (a manufacturer, an operator or a recycler) proposes a transport to a
//! Logistics member, optionally with a freight price held from it until delivery; the carrier
//! accepts (or declines, or lets the proposal expire); at pickup the shipment gets its public
//! batch ID and custody of every battery moves to the carrier (a factory-fresh battery's status
//! to `InTransit`) through pallet-battery's [`BatteryLifecycle`], in the same call; the carrier
//! records sealed checkpoints and attaches its vehicle, whose collision sensors report impacts
//! (one reaching [`ImpactThreshold`] becomes an accident record of every battery of the
//! shipment); the recipient confirms delivery, all or with exceptions (missing or damaged
//! batteries), and custody moves to it.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the [`Config`], the dispatchables ([`Call`]), [`Event`]s,
//! [`Error`]s and storage items.
//!
//! ## Overview
//!
//! - **Public**: the shipment's parties, battery IDs, count, dates, status, batch ID and the
//!   freight amount (it is held on chain, so a balance shows it anyway).
//! - **Sealed** for the shipment's parties (sender, carrier, recipient) and the Authority
//!   ([`LogisticsEnvelope`], category `Logistics`, about the shipment's first battery): route
//!   and commercial terms, checkpoints (time, position, note), where an impact happened
//!   ([`SealedImpact`]). The runtime checks that every envelope carries exactly their current
//!   reader keys; it never decrypts.
//! - **Collisions**: a report comes signed by an active `CollisionSensor` device of the carrier
//!   bound to the vehicle attached to the shipment (any other sensor: [`Error::SensorNotAttached`]),
//!   with the time and the peak acceleration in mg, each impact after the previous one. At or
//!   above [`ImpactThreshold`] (set by [`Config::AdminOrigin`]) it is an accident of every battery
//!   of the shipment, kept in pallet-battery and shown in the passports; below, a shipment event.
//! - **Locks**: a battery is in at most one open shipment (proposed, accepted, in transit, or a
//!   delivery exception not resolved yet): a second proposal for it fails with
//!   [`Error::AlreadyShipping`].
//! - **Freight** ([`HoldReason::Freight`]): held from the sender at the proposal; released to it
//!   if the proposal is declined, cancelled or expires; at delivery the carrier is paid
//!   `freight × delivered / batteries` (rounded down) and the rest stays held for the
//!   exceptions; each resolved exception takes `withheld / open exceptions` (rounded down, the
//!   last one the remainder): paid to the carrier if the battery reached the recipient after
//!   all, refunded to the sender otherwise. Every unit held is paid or refunded exactly once.
//!
//! ## Low Level / Implementation Details
//!
//! `lib.rs` holds the FRAME sections and thin dispatchables; the logic is in [`agreements`]
//! (proposals, acceptance, the end of an agreement before pickup), [`handover`] (pickup,
//! delivery, exceptions, freight), [`route`] (the shipment's sealing keys and checkpoints),
//! [`collisions`] (vehicles, impacts, accidents) and [`queries`] (the runtime API's reads).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod agreements;
pub mod collisions;
pub mod handover;
pub mod queries;
pub mod route;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use battery_primitives::{
	battery::{BatteryLifecycle, BatteryStatus, Date},
	consortium::{BatteryId, ConsortiumInspect, DataCategory, Role, SubjectId},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Set-up hooks for the benchmarks: the runtime makes members with reader keys and funds, and
/// registers batteries through pallet-battery.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` an active member holding `role`, with reader key `reader_key` and enough
	/// funds for any freight.
	fn member(who: &AccountId, role: Role, reader_key: battery_primitives::sealed::ReaderPublicKey);
	/// Set the Authority's reader key.
	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey);
	/// Register `n` new factory-fresh batteries of the manufacturer `who` (in its custody).
	fn register_batteries(who: &AccountId, n: u32) -> alloc::vec::Vec<BatteryId>;
	/// Register `sensor` as an active `CollisionSensor` device of the Logistics member `owner`,
	/// bound to `vehicle`.
	fn collision_sensor(owner: &AccountId, sensor: &AccountId, vehicle: &SubjectId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, EnsureOrigin, UnixTime},
	};
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// Reasons this pallet holds funds for.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Freight of a shipment, held from its sender until delivery.
		#[codec(index = 0)]
		Freight,
	}

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the logistics pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The consortium: roles and reader keys.
		type Consortium: ConsortiumInspect<Self::AccountId>;

		/// Battery custody and lifecycle (pallet-battery).
		type Batteries: BatteryLifecycle<Self::AccountId>;

		/// The chain's token: freight is held in it.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Origin that may resolve any delivery exception (a council of members in the
		/// consortium runtime, Root in development).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most batteries in one shipment.
		#[pallet::constant]
		type MaxBatteries: Get<u32>;

		/// Most checkpoints of one shipment.
		#[pallet::constant]
		type MaxCheckpoints: Get<u32>;

		/// Blocks a proposal stays open for the carrier's acceptance.
		#[pallet::constant]
		type ProposalTimeout: Get<BlockNumberFor<Self>>;

		/// Most impact reports of one shipment.
		#[pallet::constant]
		type MaxImpacts: Get<u32>;

		/// Peak acceleration (thousandths of g) from which an impact is an accident, until
		/// [`Config::AdminOrigin`] sets another ([`ImpactThreshold`]).
		#[pallet::constant]
		type DefaultImpactThreshold: Get<u32>;

		/// The chain's time (`pallet_timestamp`), against which impact times are checked.
		type UnixTime: UnixTime;

		/// How far an impact's time may lie after the chain's time (sensor clock drift),
		/// milliseconds.
		#[pallet::constant]
		type MaxClockDriftMs: Get<u64>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Set-up of the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The number the next shipment gets.
	#[pallet::storage]
	pub type NextShipmentId<T> = StorageValue<_, ShipmentId, ValueQuery>;

	/// The last batch ID given (0: none yet).
	#[pallet::storage]
	pub type LastBatchId<T> = StorageValue<_, BatchId, ValueQuery>;

	/// Every shipment, by number.
	#[pallet::storage]
	pub type Shipments<T: Config> =
		StorageMap<_, Twox64Concat, ShipmentId, ShipmentOf<T>, OptionQuery>;

	/// Shipments by their public batch ID (given at pickup).
	#[pallet::storage]
	pub type BatchShipments<T> = StorageMap<_, Twox64Concat, BatchId, ShipmentId, OptionQuery>;

	/// The open shipment of each battery (proposed, accepted, in transit, or an unresolved
	/// delivery exception): its lock.
	#[pallet::storage]
	pub type BatteryShipments<T> =
		StorageMap<_, Blake2_128Concat, BatteryId, ShipmentId, OptionQuery>;

	/// Number of checkpoints of each shipment (at most `MaxCheckpoints`).
	#[pallet::storage]
	pub type CheckpointCount<T> = StorageMap<_, Twox64Concat, ShipmentId, u32, ValueQuery>;

	/// Checkpoints of each shipment by position (from 0): one storage item each, so recording
	/// one costs the same at the first and the last.
	#[pallet::storage]
	pub type Checkpoints<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ShipmentId,
		Twox64Concat,
		u32,
		Checkpoint<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The vehicle each shipment travels on (the latest the carrier attached).
	#[pallet::storage]
	pub type Vehicles<T: Config> =
		StorageMap<_, Twox64Concat, ShipmentId, VehicleBinding<BlockNumberFor<T>>, OptionQuery>;

	/// Number of impact reports of each shipment (at most `MaxImpacts`).
	#[pallet::storage]
	pub type ImpactCount<T> = StorageMap<_, Twox64Concat, ShipmentId, u32, ValueQuery>;

	/// Impact reports of each shipment by position (from 0).
	#[pallet::storage]
	pub type Impacts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ShipmentId, Twox64Concat, u32, ImpactOf<T>, OptionQuery>;

	/// Peak acceleration (thousandths of g) from which a reported impact is an accident of every
	/// battery of the shipment.
	#[pallet::storage]
	pub type ImpactThreshold<T: Config> =
		StorageValue<_, u32, ValueQuery, T::DefaultImpactThreshold>;

	/// Unresolved delivery exceptions of each delivered shipment.
	#[pallet::storage]
	pub type Exceptions<T: Config> =
		StorageMap<_, Twox64Concat, ShipmentId, ExceptionsOf<T>, ValueQuery>;

	/// Events of the logistics pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A transport was proposed; the freight is held from the sender.
		ShipmentProposed {
			/// The shipment.
			shipment: ShipmentId,
			/// The custodian that proposed it.
			sender: T::AccountId,
			/// The carrier asked.
			carrier: T::AccountId,
			/// The recipient.
			recipient: T::AccountId,
			/// Number of batteries.
			batteries: u32,
			/// Freight held.
			freight: BalanceOf<T>,
		},
		/// The carrier accepted the transport.
		ShipmentAccepted {
			/// The shipment.
			shipment: ShipmentId,
		},
		/// The carrier declined the transport; the freight went back to the sender.
		ShipmentDeclined {
			/// The shipment.
			shipment: ShipmentId,
		},
		/// The sender cancelled the transport before pickup; the freight went back to it.
		ShipmentCancelled {
			/// The shipment.
			shipment: ShipmentId,
		},
		/// The proposal was not accepted in time; the freight went back to the sender.
		ShipmentExpired {
			/// The shipment.
			shipment: ShipmentId,
		},
		/// The carrier picked the batteries up: they are in its custody, the shipment has its
		/// public batch ID.
		PickedUp {
			/// The shipment.
			shipment: ShipmentId,
			/// Its batch ID.
			batch: BatchId,
			/// The carrier.
			carrier: T::AccountId,
			/// Number of batteries.
			batteries: u32,
		},
		/// The carrier recorded a (sealed) checkpoint.
		CheckpointRecorded {
			/// The shipment.
			shipment: ShipmentId,
			/// Its position in the shipment's checkpoints.
			index: u32,
		},
		/// The recipient confirmed the delivery: the delivered batteries are in its custody and
		/// the carrier was paid their share of the freight.
		Delivered {
			/// The shipment.
			shipment: ShipmentId,
			/// Its batch ID.
			batch: BatchId,
			/// Batteries delivered.
			delivered: u32,
			/// Batteries listed as exceptions (missing or damaged).
			exceptions: u32,
			/// Freight paid to the carrier.
			paid: BalanceOf<T>,
		},
		/// The carrier attached a vehicle to the shipment: its collision sensors report for it.
		VehicleAttached {
			/// The shipment.
			shipment: ShipmentId,
			/// The vehicle.
			vehicle: SubjectId,
		},
		/// A collision sensor reported an impact below the threshold: kept as a shipment event
		/// (its position sealed in the shipment's impacts).
		ImpactRecorded {
			/// The shipment.
			shipment: ShipmentId,
			/// Its position in the shipment's impacts.
			index: u32,
			/// The sensor.
			sensor: T::AccountId,
			/// Peak acceleration, thousandths of g.
			peak_mg: u32,
		},
		/// A collision sensor reported an impact at or above the threshold: an accident record
		/// of every battery of the shipment (pallet-battery's `AccidentRecorded` for each).
		AccidentRecorded {
			/// The shipment.
			shipment: ShipmentId,
			/// Its batch ID.
			batch: BatchId,
			/// Its position in the shipment's impacts.
			index: u32,
			/// Peak acceleration, thousandths of g.
			peak_mg: u32,
			/// Batteries that got the record.
			batteries: u32,
		},
		/// The approval origin set the impact threshold.
		ImpactThresholdSet {
			/// The new threshold, thousandths of g.
			threshold_mg: u32,
		},
		/// A delivery exception was resolved.
		ExceptionResolved {
			/// The shipment.
			shipment: ShipmentId,
			/// The battery.
			battery: BatteryId,
			/// How.
			resolution: Resolution,
			/// Freight share paid to the carrier.
			paid: BalanceOf<T>,
			/// Freight share refunded to the sender.
			refunded: BalanceOf<T>,
		},
	}

	/// Errors of the logistics pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The sender holds none of the roles that hold batteries (Manufacturer, Operator,
		/// Recycler).
		NotBatteryHolder,
		/// The carrier is not an active Logistics member.
		NotLogistics,
		/// The recipient holds none of the roles that hold batteries, or is the sender.
		InvalidRecipient,
		/// A shipment without batteries.
		EmptyShipment,
		/// A battery is listed twice.
		DuplicateBattery,
		/// No battery is registered under an id.
		UnknownBattery,
		/// The sender is not the custodian of a battery.
		NotCustodian,
		/// A battery is frozen by an Authority.
		BatteryFrozen,
		/// A battery's passport is closed.
		PassportClosed,
		/// A battery is in another open shipment.
		AlreadyShipping,
		/// A date is invalid, or delivery is expected before pickup.
		InvalidDates,
		/// The sender cannot pay the freight.
		InsufficientBalance,
		/// No shipment has this number.
		UnknownShipment,
		/// Only the shipment's sender may do this.
		NotSender,
		/// Only the shipment's carrier may do this.
		NotCarrier,
		/// Only the shipment's recipient may do this.
		NotRecipient,
		/// The shipment is not in the status this call needs.
		WrongStatus,
		/// The proposal expired: it can no longer be accepted.
		ProposalExpired,
		/// The proposal has not expired yet.
		NotExpired,
		/// The shipment has `MaxCheckpoints` checkpoints.
		TooManyCheckpoints,
		/// A delivery exception names a battery that is not in the shipment, or twice.
		InvalidException,
		/// No open exception for this battery.
		NoSuchException,
		/// Every battery is listed as an exception: nothing was delivered (the sender resolves
		/// them instead).
		NothingDelivered,
		/// A sealed record names another battery or data category than the shipment's first
		/// battery and `Logistics`.
		EnvelopeMismatch,
		/// A sealed record's body is malformed (too short, or an empty off-chain reference).
		MalformedEnvelope,
		/// A sealed record lists a reader key twice.
		DuplicateRecipient,
		/// A party of the shipment (or the Authority) with a reader key has no wrapped key.
		MissingRecipient,
		/// A sealed record is wrapped for a key outside the shipment's parties.
		UnexpectedRecipient,
		/// No party of the shipment has a reader key.
		NoRecipients,
		/// The freight arithmetic overflowed.
		Overflow,
		/// A vehicle id is empty.
		InvalidVehicle,
		/// No vehicle is attached to the shipment.
		NoVehicle,
		/// The reporter is not an active collision sensor of the shipment's carrier bound to
		/// the vehicle attached to the shipment.
		SensorNotAttached,
		/// A peak acceleration of zero or above `MAX_IMPACT_MG`.
		ImpactOutOfRange,
		/// An impact later than the chain's time and the allowed clock drift.
		ImpactInFuture,
		/// An impact not after the shipment's previous one (a replay, or a second report of
		/// the same impact).
		ImpactOutOfOrder,
		/// The shipment has `MaxImpacts` impact reports.
		TooManyImpacts,
		/// An impact threshold of zero or above `MAX_IMPACT_MG`.
		InvalidThreshold,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxBatteries::get() > 0, "MaxBatteries must be positive");
			assert!(T::MaxImpacts::get() > 0, "MaxImpacts must be positive");
			assert!(
				(1..=MAX_IMPACT_MG).contains(&T::DefaultImpactThreshold::get()),
				"DefaultImpactThreshold must lie in 1..=MAX_IMPACT_MG"
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Propose a transport of `batteries` to `carrier`, for `recipient`, with the expected
		/// pickup and delivery dates, `freight` (held from the caller until delivery; zero for
		/// none) and `terms` (route and commercial terms sealed for the caller, the carrier,
		/// the recipient and the Authority). The carrier has `ProposalTimeout` blocks to accept.
		///
		/// Origin: signed by the custodian of every battery, holding Manufacturer, Operator or
		/// Recycler. Each battery must be open, not frozen and in no other open shipment. Emits
		/// [`Event::ShipmentProposed`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::propose_shipment(batteries.len() as u32))]
		pub fn propose_shipment(
			origin: OriginFor<T>,
			carrier: T::AccountId,
			recipient: T::AccountId,
			batteries: BatteriesOf<T>,
			expected_pickup: Date,
			expected_delivery: Date,
			freight: BalanceOf<T>,
			terms: LogisticsEnvelope,
		) -> DispatchResult {
			let sender = ensure_signed(origin)?;
			Self::do_propose(
				sender,
				carrier,
				recipient,
				batteries,
				(expected_pickup, expected_delivery),
				freight,
				terms,
			)
		}

		/// Accept a proposed transport. Origin: signed by its carrier, an active Logistics
		/// member, before the proposal expires. Emits [`Event::ShipmentAccepted`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::accept_shipment())]
		pub fn accept_shipment(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept(who, shipment)
		}

		/// Decline a proposed transport: the batteries are free again and the freight goes back
		/// to the sender. Origin: signed by its carrier. Emits [`Event::ShipmentDeclined`].
		///
		/// Weight: O(batteries).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::end_before_pickup(T::MaxBatteries::get()))]
		pub fn decline_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_decline(who, shipment)?;
			Ok(Some(T::WeightInfo::end_before_pickup(Self::battery_count(shipment))).into())
		}

		/// Cancel a transport before pickup (proposed or accepted): the batteries are free again
		/// and the freight goes back to the sender. Origin: signed by its sender. Emits
		/// [`Event::ShipmentCancelled`].
		///
		/// Weight: O(batteries).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::end_before_pickup(T::MaxBatteries::get()))]
		pub fn cancel_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_cancel(who, shipment)?;
			Ok(Some(T::WeightInfo::end_before_pickup(Self::battery_count(shipment))).into())
		}

		/// Close a proposal its carrier did not accept in time: the batteries are free again and
		/// the freight goes back to the sender. Origin: signed by anyone. Emits
		/// [`Event::ShipmentExpired`].
		///
		/// Weight: O(batteries).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::end_before_pickup(T::MaxBatteries::get()))]
		pub fn expire_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_expire(shipment)?;
			Ok(Some(T::WeightInfo::end_before_pickup(Self::battery_count(shipment))).into())
		}

		/// Pick up an accepted shipment: it gets its public batch ID, custody of every battery
		/// moves to the carrier and a battery still at the factory (`Manufactured`) goes
		/// `InTransit`, all in this call. Origin: signed by the carrier, an active Logistics
		/// member. Emits [`Event::PickedUp`] (and pallet-battery's custody events).
		///
		/// Weight: O(batteries).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::pick_up(T::MaxBatteries::get()))]
		pub fn pick_up(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_pick_up(who, shipment)?;
			Ok(Some(T::WeightInfo::pick_up(Self::battery_count(shipment))).into())
		}

		/// Record a checkpoint of a shipment in transit: time, position and note
		/// ([`CheckpointDetails`](battery_primitives::logistics::CheckpointDetails)), sealed like
		/// the terms. Origin: signed by the carrier. Emits [`Event::CheckpointRecorded`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::record_checkpoint())]
		pub fn record_checkpoint(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			details: SealedCheckpoint,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_checkpoint(who, shipment, details)
		}

		/// Confirm the delivery of a shipment in transit, listing the batteries not accepted
		/// (missing or damaged; at least one battery must be delivered). Delivered batteries
		/// move to the recipient's custody and the carrier is paid their share of the freight;
		/// exceptions stay with the carrier, with their share held, until resolved. Origin:
		/// signed by the recipient. Emits [`Event::Delivered`].
		///
		/// Weight: O(batteries).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::confirm_delivery(T::MaxBatteries::get()))]
		pub fn confirm_delivery(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			exceptions: ExceptionsOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_confirm_delivery(who, shipment, exceptions)?;
			Ok(Some(T::WeightInfo::confirm_delivery(Self::battery_count(shipment))).into())
		}

		/// Resolve a delivery exception: the battery reached the recipient after all
		/// (`Delivered`: custody to it, the carrier paid), goes back to the sender (`Returned`:
		/// custody to it, refunded) or is written off (`WrittenOff`: custody stays with the
		/// carrier, refunded). Origin: signed by the sender, or [`Config::AdminOrigin`]. Emits
		/// [`Event::ExceptionResolved`].
		///
		/// Weight: O(batteries).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::resolve_exception(T::MaxBatteries::get()))]
		pub fn resolve_exception(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			battery: BatteryId,
			resolution: Resolution,
		) -> DispatchResult {
			let caller = match T::AdminOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_resolve_exception(caller, shipment, battery, resolution)
		}

		/// Attach `vehicle` to an accepted or in-transit shipment (replacing the one attached
		/// before, e.g. at a transshipment): from now on the collision sensors the carrier bound
		/// to it report for the shipment. Origin: signed by the carrier, an active Logistics
		/// member. Emits [`Event::VehicleAttached`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::attach_vehicle())]
		pub fn attach_vehicle(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			vehicle: SubjectId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_attach_vehicle(who, shipment, vehicle)
		}

		/// Report an impact on a shipment in transit: when (Unix ms, not after the chain's time
		/// plus `MaxClockDriftMs`, after the shipment's previous impact), the peak acceleration
		/// in thousandths of g (1 to `MAX_IMPACT_MG`), and where, sealed like a checkpoint. At or
		/// above [`ImpactThreshold`] every battery of the shipment gets an accident record
		/// (pallet-battery), otherwise the impact stays a shipment event; it is kept either way.
		///
		/// Origin: signed by an active `CollisionSensor` device of the carrier, bound to the
		/// vehicle attached to the shipment. Emits [`Event::AccidentRecorded`] (and
		/// pallet-battery's `AccidentRecorded` per battery) or [`Event::ImpactRecorded`].
		///
		/// Weight: O(batteries) for an accident, constant below the threshold.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::report_impact(T::MaxBatteries::get()))]
		pub fn report_impact(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			occurred_at_ms: u64,
			peak_mg: u32,
			details: SealedImpact,
		) -> DispatchResultWithPostInfo {
			let sensor = ensure_signed(origin)?;
			let accidents =
				Self::do_report_impact(sensor, shipment, occurred_at_ms, peak_mg, details)?;
			Ok(Some(T::WeightInfo::report_impact(accidents)).into())
		}

		/// Set the peak acceleration (thousandths of g, 1 to `MAX_IMPACT_MG`) from which a
		/// reported impact is an accident. Origin: [`Config::AdminOrigin`]. Emits
		/// [`Event::ImpactThresholdSet`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_impact_threshold())]
		pub fn set_impact_threshold(origin: OriginFor<T>, threshold_mg: u32) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_impact_threshold(threshold_mg)
		}
	}
}
