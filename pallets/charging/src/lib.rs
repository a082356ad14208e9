//! # Charging Pallet
//!
//! Certified energy stations, a registry of charging piles shaped like OCPI 2.2.1 (EVSEs with
//! connectors and tariffs), and charging sessions paid in the chain's token through escrow.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the [`Config`], the dispatchables ([`Call`]), [`Event`]s,
//! [`Error`]s and storage items.
//!
//! ## Overview
//!
//! - **Stations**: an EnergyStation member registers a station; an Authority (or
//!   [`Config::AdminOrigin`]) certifies it, or revokes the certification. Only certified
//!   stations run new sessions.
//! - **Piles**: the station's owner registers piles under their EVSE ID (`DE*ABC*E123456*1`)
//!   with position, model, connectors, tariff and payment methods; it sets their tariff and marks
//!   them out of order. Each pile's controller is a consortium `PileController` device of the
//!   owner whose subject is the EVSE ID.
//! - **Sessions**: a User (or an Operator, for its fleet) requests a session at an available pile
//!   of a certified station that takes the chain's token, with the most energy and minutes to
//!   pay for; the tariff's cost of both is held from it ([`HoldReason::Session`]) and the pile is
//!   occupied. The controller starts the session (meter, time), may report meter values, and
//!   stops it (meter, time, optionally the hash of a signed meter value such as an OCMF record).
//!   The stop is checked (meter monotonic, energy within the maximum and within the pile's power
//!   over the duration, times not in the future) and settles in the same call: the station's
//!   owner is paid exactly [`Tariff::cost`] of the energy and the started minutes (at most the
//!   maximum), the rest of the hold is released.
//! - **When things go wrong**: a session not started within [`Config::StartTimeout`] blocks may
//!   be cancelled by anyone (by the payer at any time before the start), with a full refund. A
//!   session not stopped within [`Config::StopTimeout`] blocks of its start may be closed by
//!   anyone at the last meter value the controller reported (the start value if none): energy
//!   and minutes up to that report are paid. The payer may dispute a settlement within
//!   [`Config::DisputeWindow`] blocks; the station's owner or an Authority resolves it with a
//!   refund of at most the cost, paid by the station's owner. Every unit held is paid or
//!   released exactly once; no path mints or burns.
//! - **Sealed**: a session's vehicle and note ([`SealedSession`]), for the payer, the station's
//!   owner and the Authority (category `Charging`, about the battery charged or else the EVSE
//!   ID). Pile, payer, amounts and meter values are public: they are what the payment proves.
//!
//! ## Low Level / Implementation Details
//!
//! `lib.rs` holds the FRAME sections and thin dispatchables; the logic is in [`stations`]
//! (stations and piles), [`sessions`] (requests, start, meter reports, stop and settlement,
//! cancellation and the stop timeout), [`disputes`] and [`queries`] (the runtime API's reads).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod disputes;
pub mod queries;
pub mod sessions;
pub mod stations;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use battery_primitives::{
	battery::Hash32,
	charging::{
		Connector, EvseId, PaymentMethod, PileStatus, StationAddress, StationStatus, Tariff,
	},
	consortium::{BatteryId, BatteryScope, ConsortiumInspect, Role},
	logistics::Position,
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Set-up hooks for the benchmarks: members with reader keys and funds, and a controller
/// device bound to a pile.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` an active member holding `role`, with reader key `reader_key` and funds for
	/// the largest session.
	fn member(who: &AccountId, role: Role, reader_key: battery_primitives::sealed::ReaderPublicKey);
	/// Set the Authority's reader key.
	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey);
	/// Register `controller` as an active `PileController` device of `owner` bound to `evse`.
	fn pile_controller(owner: &AccountId, controller: &AccountId, evse: &EvseId);
	/// Set the chain's time (Unix ms) that [`Config::UnixTime`] reports.
	fn set_unix_time_ms(ms: u64);
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
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// Reasons this pallet holds funds for.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The maximum cost of a charging session, held from its payer until settlement.
		#[codec(index = 0)]
		Session,
	}

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the charging pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The consortium: roles, devices and reader keys.
		type Consortium: ConsortiumInspect<Self::AccountId>;

		/// Battery parties (pallet-battery): who may name a battery in a session.
		type Batteries: BatteryScope<Self::AccountId, BatteryId>;

		/// The chain's token: session costs are held in it.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Origin that certifies stations and resolves disputes besides an Authority member (a
		/// council of members in the consortium runtime, Root in development).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The chain's time (`pallet_timestamp`), against which controller times are checked.
		type UnixTime: UnixTime;

		/// How far a controller's time may lie after the chain's time, ms.
		#[pallet::constant]
		type MaxClockDriftMs: Get<u64>;

		/// Most connectors of one pile.
		#[pallet::constant]
		type MaxConnectors: Get<u32>;

		/// Most piles of one station.
		#[pallet::constant]
		type MaxPilesPerStation: Get<u32>;

		/// Blocks after its request from which anyone may cancel a session never started.
		#[pallet::constant]
		type StartTimeout: Get<BlockNumberFor<Self>>;

		/// Blocks after its start from which anyone may close a session never stopped.
		#[pallet::constant]
		type StopTimeout: Get<BlockNumberFor<Self>>;

		/// Blocks after its settlement during which the payer may dispute a session.
		#[pallet::constant]
		type DisputeWindow: Get<BlockNumberFor<Self>>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Set-up of the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The number the next station gets.
	#[pallet::storage]
	pub type NextStationId<T> = StorageValue<_, StationId, ValueQuery>;

	/// Every station, by number.
	#[pallet::storage]
	pub type Stations<T: Config> =
		StorageMap<_, Twox64Concat, StationId, StationOf<T>, OptionQuery>;

	/// Every pile, by EVSE ID.
	#[pallet::storage]
	pub type Piles<T: Config> = StorageMap<_, Blake2_128Concat, EvseId, PileOf<T>, OptionQuery>;

	/// The piles of each 0.1° grid cell of their position (`battery_primitives::geo`): the index
	/// of the search of piles near a position.
	#[pallet::storage]
	pub type PileCells<T> = StorageDoubleMap<
		_,
		Twox64Concat,
		battery_primitives::geo::Cell,
		Blake2_128Concat,
		EvseId,
		(),
		OptionQuery,
	>;

	/// The open session (requested or charging) of each occupied pile.
	#[pallet::storage]
	pub type PileSessions<T> = StorageMap<_, Blake2_128Concat, EvseId, SessionId, OptionQuery>;

	/// The number the next session gets.
	#[pallet::storage]
	pub type NextSessionId<T> = StorageValue<_, SessionId, ValueQuery>;

	/// Every session, by number.
	#[pallet::storage]
	pub type Sessions<T: Config> =
		StorageMap<_, Twox64Concat, SessionId, SessionOf<T>, OptionQuery>;

	/// The sessions of each account, as payer or as station owner, by position (from 0).
	#[pallet::storage]
	pub type AccountSessions<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		u32,
		SessionId,
		OptionQuery,
	>;

	/// Number of sessions of each account in [`AccountSessions`].
	#[pallet::storage]
	pub type AccountSessionCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Energy charged into each named battery: (sessions, Wh), public like the sessions.
	#[pallet::storage]
	pub type ChargeThroughput<T> =
		StorageMap<_, Blake2_128Concat, BatteryId, (u32, u64), ValueQuery>;

	/// Events of the charging pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A station was registered, waiting for certification.
		StationRegistered {
			/// The station.
			station: StationId,
			/// Its owner.
			owner: T::AccountId,
		},
		/// A station was certified or its certification revoked.
		StationStatusChanged {
			/// The station.
			station: StationId,
			/// The new status.
			status: StationStatus,
		},
		/// A pile was registered.
		PileRegistered {
			/// The pile.
			pile: EvseId,
			/// Its station.
			station: StationId,
		},
		/// A pile's tariff changed (sessions keep the tariff of their request).
		TariffChanged {
			/// The pile.
			pile: EvseId,
			/// The new tariff.
			tariff: Tariff<BalanceOf<T>>,
		},
		/// A pile was marked available or out of order.
		PileStatusChanged {
			/// The pile.
			pile: EvseId,
			/// The new status.
			status: PileStatus,
		},
		/// A session was requested; its maximum cost is held from the payer.
		SessionRequested {
			/// The session.
			session: SessionId,
			/// The pile.
			pile: EvseId,
			/// The payer.
			payer: T::AccountId,
			/// Held from the payer.
			held: BalanceOf<T>,
		},
		/// The pile's controller started the session.
		SessionStarted {
			/// The session.
			session: SessionId,
			/// Meter at the start, Wh.
			meter_start_wh: u64,
		},
		/// The pile's controller reported a meter value.
		MeterReported {
			/// The session.
			session: SessionId,
			/// The meter, Wh.
			meter_wh: u64,
		},
		/// The session was settled: the station's owner was paid, the rest released.
		SessionSettled {
			/// The session.
			session: SessionId,
			/// Energy charged, Wh.
			energy_wh: u32,
			/// Started minutes charged for.
			minutes: u32,
			/// Paid to the station's owner.
			cost: BalanceOf<T>,
			/// Released to the payer.
			released: BalanceOf<T>,
			/// Closed by the stop timeout rather than stopped by the controller.
			timed_out: bool,
		},
		/// The session was cancelled before it started; the hold went back to the payer.
		SessionCancelled {
			/// The session.
			session: SessionId,
			/// Released to the payer.
			released: BalanceOf<T>,
		},
		/// The payer disputed a settlement.
		SessionDisputed {
			/// The session.
			session: SessionId,
			/// BLAKE2b-256 of the reasons.
			reason: Hash32,
		},
		/// A dispute was resolved; the station's owner refunded the payer.
		DisputeResolved {
			/// The session.
			session: SessionId,
			/// Refunded to the payer.
			refund: BalanceOf<T>,
		},
	}

	/// Errors of the charging pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not an active EnergyStation member.
		NotEnergyStation,
		/// The caller is neither an active Authority member nor the approval origin.
		NotAuthority,
		/// The caller is not the station's owner.
		NotStationOwner,
		/// No station has this number.
		UnknownStation,
		/// The station is not in the status this call needs (certified to run sessions).
		WrongStationStatus,
		/// A name or model is empty.
		EmptyText,
		/// A station's address lacks its street or city, has a control character, a postal
		/// code with other than letters, digits, spaces or dashes, or a country that is not
		/// three upper-case letters.
		InvalidAddress,
		/// The pile has no connector of that number.
		UnknownConnector,
		/// A position is outside ±90° latitude, ±180° longitude, or a geohash is empty or not
		/// base 32.
		InvalidPosition,
		/// The grid connection power is zero.
		InvalidGridPower,
		/// The EVSE ID is not in the eMI3 / ISO 15118 form.
		InvalidEvseId,
		/// A pile with this EVSE ID is registered.
		PileExists,
		/// No pile has this EVSE ID.
		UnknownPile,
		/// The station has `MaxPilesPerStation` piles.
		TooManyPiles,
		/// A pile without connectors, or a connector whose ratings are zero or inconsistent.
		InvalidConnector,
		/// A pile without payment methods, or one listed twice.
		InvalidPaymentMethods,
		/// The pile is occupied or out of order.
		PileUnavailable,
		/// The pile does not take the chain's token.
		TokenNotAccepted,
		/// A status a station may not set (`Occupied` is the chain's).
		InvalidPileStatus,
		/// The caller is neither a User nor an Operator.
		NotPayer,
		/// The caller may not name this battery (it is neither its custodian nor its assigned
		/// user), or the battery is not registered.
		NotBatteryParty,
		/// Zero energy or zero minutes asked for.
		InvalidLimits,
		/// The payer cannot pay the maximum cost.
		InsufficientBalance,
		/// The cost arithmetic overflowed.
		Overflow,
		/// No session has this number.
		UnknownSession,
		/// The session is not in the status this call needs.
		WrongStatus,
		/// The caller is not an active `PileController` of the station's owner bound to the
		/// session's pile.
		NotController,
		/// A controller time later than the chain's time and the allowed drift, or before the
		/// session's start or last report.
		InvalidTime,
		/// A meter value below the last one.
		MeterNotMonotonic,
		/// More energy than the session's maximum.
		EnergyAboveMaximum,
		/// More energy than the pile's power allows over the duration.
		EnergyAbovePower,
		/// Only the payer may do this (before the timeout).
		NotPayerOfSession,
		/// The timeout has not passed yet.
		TimeoutNotReached,
		/// The dispute window is over.
		DisputeWindowClosed,
		/// A refund above what the session paid.
		RefundAboveCost,
		/// The station's owner cannot pay the refund.
		RefundFailed,
		/// A sealed record names another subject (the battery, or the EVSE ID) or category than
		/// `Charging`.
		EnvelopeMismatch,
		/// A sealed record's body is malformed.
		MalformedEnvelope,
		/// A sealed record lists a reader key twice.
		DuplicateRecipient,
		/// A party of the session (or the Authority) with a reader key has no wrapped key.
		MissingRecipient,
		/// A sealed record is wrapped for a key outside the session's parties.
		UnexpectedRecipient,
		/// No party of the session has a reader key.
		NoRecipients,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxConnectors::get() > 0, "MaxConnectors must be positive");
			assert!(T::MaxPilesPerStation::get() > 0, "MaxPilesPerStation must be positive");
			assert!(!T::StartTimeout::get().is_zero(), "StartTimeout must be positive");
			assert!(!T::StopTimeout::get().is_zero(), "StopTimeout must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register an energy station: name, postal address (street, postal code, city, ISO
		/// 3166-1 alpha-3 country: the parts of an OCPI location), position and grid connection
		/// power (kW). It runs sessions once certified. Origin: signed by an active
		/// EnergyStation member. Emits [`Event::StationRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_station())]
		pub fn register_station(
			origin: OriginFor<T>,
			name: Name,
			address: StationAddress,
			position: Position,
			grid_power_kw: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_station(who, name, address, position, grid_power_kw)
		}

		/// Certify a pending or revoked station (`certified = true`) or revoke a certified one
		/// (`false`; its open sessions finish). Origin: [`Config::AdminOrigin`] or signed by an
		/// active Authority member. Emits [`Event::StationStatusChanged`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::certify_station())]
		pub fn certify_station(
			origin: OriginFor<T>,
			station: StationId,
			certified: bool,
		) -> DispatchResult {
			Self::ensure_authority(origin)?;
			Self::do_certify_station(station, certified)
		}

		/// Register a pile of the caller's station under its EVSE ID, with position, model,
		/// connectors (OCPI-shaped), tariff and payment methods. Origin: signed by the
		/// station's owner, an active EnergyStation member. Emits [`Event::PileRegistered`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_pile())]
		pub fn register_pile(
			origin: OriginFor<T>,
			station: StationId,
			evse: EvseId,
			position: Position,
			model: Text,
			connectors: ConnectorsOf<T>,
			tariff: Tariff<BalanceOf<T>>,
			payment_methods: PaymentMethods,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_pile(
				who,
				station,
				evse,
				(position, model, connectors),
				tariff,
				payment_methods,
			)
		}

		/// Set a pile's tariff for the sessions requested from now on. Origin: signed by the
		/// station's owner. Emits [`Event::TariffChanged`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_tariff())]
		pub fn set_tariff(
			origin: OriginFor<T>,
			pile: EvseId,
			tariff: Tariff<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_tariff(who, pile, tariff)
		}

		/// Mark a pile `Available` or `OutOfOrder` (not while a session occupies it). Origin:
		/// signed by the station's owner. Emits [`Event::PileStatusChanged`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_pile_status())]
		pub fn set_pile_status(
			origin: OriginFor<T>,
			pile: EvseId,
			status: PileStatus,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_pile_status(who, pile, status)
		}

		/// Request a session at an available pile of a certified station that takes the chain's
		/// token, on its connector number `connector` (from 1, in the pile's order), for at most `max_energy_wh` over at most `max_minutes`, optionally naming the
		/// battery charged (the caller must be its custodian or assigned user), with the
		/// vehicle and a note sealed for the caller, the station's owner and the Authority. The
		/// pile's current tariff's cost of the maximum is held from the caller and the pile is
		/// occupied. Origin: signed by an active User or Operator. Emits
		/// [`Event::SessionRequested`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::request_session())]
		pub fn request_session(
			origin: OriginFor<T>,
			pile: EvseId,
			connector: u8,
			battery: Option<BatteryId>,
			max_energy_wh: u32,
			max_minutes: u32,
			details: SealedSession,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let limits = (max_energy_wh, max_minutes);
			Self::do_request_session(who, (pile, connector), battery, limits, details)
		}

		/// Start a requested session: the meter (Wh) and time (Unix ms, not after the chain's
		/// time plus `MaxClockDriftMs`) at the start. Origin: signed by an active
		/// `PileController` device of the station's owner bound to the pile. Emits
		/// [`Event::SessionStarted`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::start_session())]
		pub fn start_session(
			origin: OriginFor<T>,
			session: SessionId,
			meter_start_wh: u64,
			started_ms: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_start_session(who, session, meter_start_wh, started_ms)
		}

		/// Report a meter value of a charging session (what a stale session is closed at):
		/// not below the last, within the session's maximum and the pile's power, at a time
		/// after the last report. Origin: the pile's controller. Emits [`Event::MeterReported`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::report_meter())]
		pub fn report_meter(
			origin: OriginFor<T>,
			session: SessionId,
			meter_wh: u64,
			at_ms: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_meter(who, session, meter_wh, at_ms)
		}

		/// Stop a charging session and settle it in the same call: the meter and time at the
		/// stop (checked like a report) and optionally the BLAKE2b-256 of the signed meter value
		/// (an OCMF record). The station's owner is paid the tariff's cost of the energy and the
		/// started minutes (at most the session's maximum), the rest of the hold is released,
		/// the pile is available again. Origin: the pile's controller. Emits
		/// [`Event::SessionSettled`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::stop_session())]
		pub fn stop_session(
			origin: OriginFor<T>,
			session: SessionId,
			meter_stop_wh: u64,
			stopped_ms: u64,
			signed_meter: Option<Hash32>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_stop_session(who, session, meter_stop_wh, stopped_ms, signed_meter)
		}

		/// Cancel a session that has not started, with a full refund: by its payer at any time,
		/// by anyone once `StartTimeout` blocks have passed since the request. Emits
		/// [`Event::SessionCancelled`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::cancel_session())]
		pub fn cancel_session(origin: OriginFor<T>, session: SessionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_session(who, session)
		}

		/// Close a session its controller did not stop within `StopTimeout` blocks of the start,
		/// at the last meter value reported (the start value if none): energy and started
		/// minutes up to that report are paid, the rest released. Origin: signed by anyone.
		/// Emits [`Event::SessionSettled`] (`timed_out`).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::stop_session())]
		pub fn close_stale_session(origin: OriginFor<T>, session: SessionId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_close_stale_session(session)
		}

		/// Dispute a settled session within `DisputeWindow` blocks of its settlement, with the
		/// BLAKE2b-256 of the reasons. Origin: signed by its payer. Emits
		/// [`Event::SessionDisputed`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::dispute_session())]
		pub fn dispute_session(
			origin: OriginFor<T>,
			session: SessionId,
			reason: Hash32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_session(who, session, reason)
		}

		/// Resolve a dispute with a refund to the payer of at most the session's cost (zero:
		/// rejected), paid by the station's owner. Origin: signed by the station's owner or an
		/// active Authority member, or [`Config::AdminOrigin`]. Emits
		/// [`Event::DisputeResolved`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			session: SessionId,
			refund: BalanceOf<T>,
		) -> DispatchResult {
			let caller = match T::AdminOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_resolve_dispute(caller, session, refund)
		}
	}
}
