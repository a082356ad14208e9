//! Stations, piles and sessions as stored, and their type aliases.

use crate::Config;
use battery_primitives::{
	battery::Hash32,
	charging::{
		Connector, EvseId, PaymentMethod, PileStatus, SessionDetails, StationStatus, Tariff,
	},
	consortium::BatteryId,
	logistics::Position,
	sealed::{ciphertext_len, MaxSealedReaders, Sealed},
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{fungible::Inspect, Get},
	BoundedVec,
};
use scale_info::TypeInfo;
use sp_runtime::traits::ConstU32;

/// Number of a station (sequential, from 0).
pub type StationId = u32;

/// Number of a session (sequential, from 0).
pub type SessionId = u64;

/// Longest station name, bytes.
pub const MAX_NAME_LEN: u32 = 64;

/// Longest station address or pile model, bytes.
pub const MAX_TEXT_LEN: u32 = 128;

/// Most payment methods a pile lists.
pub const MAX_PAYMENT_METHODS: u32 = 4;

/// Longest plaintext of a session's sealed details: the SCALE [`SessionDetails`] at its longest.
pub const MAX_SESSION_PLAINTEXT: u32 = 2 + 32 + 2 + 256;

/// A session's sealed details (vehicle, note) for the payer, the station and the Authority.
pub type SealedSession =
	Sealed<SessionDetails, ConstU32<{ ciphertext_len(MAX_SESSION_PLAINTEXT) }>, MaxSealedReaders>;

/// Short text of a station (its name).
pub type Name = BoundedVec<u8, ConstU32<MAX_NAME_LEN>>;

/// Longer text of a station or pile (an address, a model).
pub type Text = BoundedVec<u8, ConstU32<MAX_TEXT_LEN>>;

/// The payment methods of a pile.
pub type PaymentMethods = BoundedVec<PaymentMethod, ConstU32<MAX_PAYMENT_METHODS>>;

/// Balance of the runtime's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Block number of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// The connectors of a pile as configured for the runtime.
pub type ConnectorsOf<T> = BoundedVec<Connector, <T as Config>::MaxConnectors>;

/// A station as configured for the runtime.
pub type StationOf<T> = Station<<T as frame_system::Config>::AccountId, BlockNumberOf<T>>;

/// A pile as configured for the runtime.
pub type PileOf<T> = Pile<BalanceOf<T>, <T as Config>::MaxConnectors>;

/// A session as configured for the runtime.
pub type SessionOf<T> =
	Session<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberOf<T>>;

/// An energy station.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Station<AccountId, BlockNumber> {
	/// The EnergyStation member that runs it (and is paid for its sessions).
	pub owner: AccountId,
	/// Name.
	pub name: Name,
	/// Postal address.
	pub address: Text,
	/// Position.
	pub position: Position,
	/// Power of its grid connection, kW.
	pub grid_power_kw: u32,
	/// Certification.
	pub status: StationStatus,
	/// Number of its piles.
	pub piles: u32,
	/// Block of its registration.
	pub registered_at: BlockNumber,
}

/// A charging pile (an OCPI EVSE), keyed by its EVSE ID.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[scale_info(skip_type_params(MaxConnectors))]
#[codec(mel_bound(Balance: MaxEncodedLen))]
pub struct Pile<Balance, MaxConnectors: Get<u32>> {
	/// Its station.
	pub station: StationId,
	/// Position.
	pub position: Position,
	/// Model (manufacturer and type).
	pub model: Text,
	/// Availability.
	pub status: PileStatus,
	/// Its connectors (one session at a time uses the pile).
	pub connectors: BoundedVec<Connector, MaxConnectors>,
	/// Current prices (a session keeps those of its request).
	pub tariff: Tariff<Balance>,
	/// Payment methods it accepts.
	pub payment_methods: PaymentMethods,
}

impl<Balance, MaxConnectors: Get<u32>> Pile<Balance, MaxConnectors> {
	/// The highest power of its connectors, W.
	pub fn max_power_w(&self) -> u32 {
		self.connectors.iter().map(|c| c.max_electric_power_w).max().unwrap_or(0)
	}
}

/// What the settlement of a session paid.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Settlement<Balance, BlockNumber> {
	/// Energy charged, Wh.
	pub energy_wh: u32,
	/// Started minutes charged for.
	pub minutes: u32,
	/// Paid to the station.
	pub cost: Balance,
	/// Meter at the stop (or the last report), Wh.
	pub meter_stop_wh: u64,
	/// Time of the stop (or the last report), Unix ms.
	pub stopped_ms: u64,
	/// BLAKE2b-256 of the signed meter value (an OCMF record), if the controller gave one.
	pub signed_meter: Option<Hash32>,
	/// Whether the session was closed by the stop timeout rather than stopped.
	pub timed_out: bool,
	/// Block of the settlement.
	pub settled_at: BlockNumber,
}

/// Where a session stands.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum SessionStatus<Balance, BlockNumber> {
	/// Requested: the maximum cost is held; the controller has not started it.
	#[codec(index = 0)]
	Requested,
	/// Charging.
	#[codec(index = 1)]
	Charging {
		/// Meter at the start, Wh.
		meter_start_wh: u64,
		/// Time of the start, Unix ms.
		started_ms: u64,
		/// Block of the start.
		started_at: BlockNumber,
		/// The last meter value reported (the start value until a report), Wh.
		last_meter_wh: u64,
		/// Time of the last report, Unix ms.
		last_ms: u64,
	},
	/// Settled: the station was paid, the rest released.
	#[codec(index = 2)]
	Settled(Settlement<Balance, BlockNumber>),
	/// Cancelled before it started: the whole hold released.
	#[codec(index = 3)]
	Cancelled {
		/// Block of the cancellation.
		at: BlockNumber,
	},
	/// Settled, then disputed by the payer.
	#[codec(index = 4)]
	Disputed {
		/// The settlement disputed.
		settlement: Settlement<Balance, BlockNumber>,
		/// BLAKE2b-256 of the payer's reasons (the document goes to the station off chain).
		reason: Hash32,
	},
	/// A dispute resolved by the station or an Authority.
	#[codec(index = 5)]
	Resolved {
		/// The settlement disputed.
		settlement: Settlement<Balance, BlockNumber>,
		/// Refunded to the payer by the station.
		refund: Balance,
	},
}

impl<Balance, BlockNumber> SessionStatus<Balance, BlockNumber> {
	/// Whether the session still holds the payer's funds (requested or charging).
	pub fn is_open(&self) -> bool {
		matches!(self, Self::Requested | Self::Charging { .. })
	}
}

/// A charging session.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Session<AccountId, Balance, BlockNumber> {
	/// The pile.
	pub pile: EvseId,
	/// Its station.
	pub station: StationId,
	/// The station's owner, paid at settlement.
	pub station_owner: AccountId,
	/// Who pays (a User, or an Operator for its fleet).
	pub payer: AccountId,
	/// The battery charged, if named (its charge throughput is counted).
	pub battery: Option<BatteryId>,
	/// Most energy to charge, Wh.
	pub max_energy_wh: u32,
	/// Most minutes to pay for.
	pub max_minutes: u32,
	/// The pile's prices at the request.
	pub tariff: Tariff<Balance>,
	/// Held from the payer: the tariff's cost of the maximum energy over the maximum minutes.
	pub held: Balance,
	/// Block of the request.
	pub requested_at: BlockNumber,
	/// Where it stands.
	pub status: SessionStatus<Balance, BlockNumber>,
	/// Vehicle and note, sealed for the payer, the station and the Authority.
	pub details: SealedSession,
}
