//! Stations, piles and sessions as stored, and their type aliases.

use crate::Config;
pub use battery_primitives::charging::{
	SealedSession, Session, SessionId, SessionStatus, Settlement, StationId, MAX_SESSION_PLAINTEXT,
};
use battery_primitives::{
	charging::{Connector, PaymentMethod, PileStatus, StationAddress, StationStatus, Tariff},
	logistics::Position,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{fungible::Inspect, Get},
	BoundedVec,
};
use scale_info::TypeInfo;
use sp_runtime::traits::ConstU32;

/// Longest station name, bytes.
pub const MAX_NAME_LEN: u32 = 64;

/// Longest pile model, bytes.
pub const MAX_TEXT_LEN: u32 = 128;

/// Most payment methods a pile lists.
pub const MAX_PAYMENT_METHODS: u32 = 4;

/// Short text of a station (its name).
pub type Name = BoundedVec<u8, ConstU32<MAX_NAME_LEN>>;

/// Longer text of a pile (its model).
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
	pub address: StationAddress,
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
