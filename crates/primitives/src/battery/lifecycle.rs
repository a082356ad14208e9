//! Lifecycle: [`BatteryStatus`] with [`BatteryStatus::transition_role`] (the single role allowed
//! to author each transition), [`Life`] / [`SecondLife`] for second-life passports, the user's
//! [`RunningMode`], and the [`BatteryLifecycle`] trait other pallets use to drive transitions and
//! custody.

use crate::consortium::{BatteryId, Role};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::DispatchResult;

/// Lifecycle status of a battery passport.
///
/// ```text
/// Manufactured -> InTransit -> InService -> Retired -> WithRecycler -+-> Repurposed     (*)
///                                                                    +-> Reused         (*)
///                                                                    +-> Remanufactured (*)
///                                                                    +-> Waste -> Recycled
/// ```
/// (*) only together with a new passport linked to this one (second life); this passport is
/// then closed. `Recycled` closes the passport too. A closed passport stays resolvable.
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
	Serialize,
	Deserialize,
)]
pub enum BatteryStatus {
	/// Registered by its manufacturer, still at the factory.
	#[codec(index = 0)]
	Manufactured,
	/// Picked up by a carrier.
	#[codec(index = 1)]
	InTransit,
	/// Delivered to and put into service by an operator.
	#[codec(index = 2)]
	InService,
	/// Taken out of service by its operator.
	#[codec(index = 3)]
	Retired,
	/// Taken over by a recycler for assessment.
	#[codec(index = 4)]
	WithRecycler,
	/// Repurposed for another use (second life under a new passport); closed.
	#[codec(index = 5)]
	Repurposed,
	/// Re-used for its original purpose (second life under a new passport); closed.
	#[codec(index = 6)]
	Reused,
	/// Remanufactured (second life under a new passport); closed.
	#[codec(index = 7)]
	Remanufactured,
	/// Declared waste by the recycler.
	#[codec(index = 8)]
	Waste,
	/// Recycled; closed.
	#[codec(index = 9)]
	Recycled,
}

impl BatteryStatus {
	/// The single role allowed to move a battery from `self` to `to`, or `None` if the
	/// transition is not part of the lifecycle.
	///
	/// | from | to | role |
	/// |---|---|---|
	/// | Manufactured | InTransit | Logistics |
	/// | InTransit | InService | Operator |
	/// | InService | Retired | Operator |
	/// | Retired | WithRecycler | Recycler |
	/// | WithRecycler | Repurposed, Reused, Remanufactured (with a new passport) | Recycler |
	/// | WithRecycler | Waste | Recycler |
	/// | Waste | Recycled | Recycler |
	pub const fn transition_role(self, to: BatteryStatus) -> Option<Role> {
		use BatteryStatus::*;
		match (self, to) {
			(Manufactured, InTransit) => Some(Role::Logistics),
			(InTransit, InService) | (InService, Retired) => Some(Role::Operator),
			(Retired, WithRecycler)
			| (WithRecycler, Repurposed | Reused | Remanufactured | Waste)
			| (Waste, Recycled) => Some(Role::Recycler),
			_ => None,
		}
	}

	/// Whether the passport is closed (no further transition, custody change or record).
	pub const fn is_closed(self) -> bool {
		matches!(self, Self::Repurposed | Self::Reused | Self::Remanufactured | Self::Recycled)
	}

	/// Whether entering this status requires a successor passport (second life).
	pub const fn needs_successor(self) -> bool {
		matches!(self, Self::Repurposed | Self::Reused | Self::Remanufactured)
	}
}

/// Which life a passport describes.
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
	Serialize,
	Deserialize,
)]
pub enum Life {
	/// A new battery.
	#[codec(index = 0)]
	Original,
	/// A repurposed battery (new use, e.g. stationary storage).
	#[codec(index = 1)]
	Repurposed,
	/// A re-used battery (same purpose, after checks).
	#[codec(index = 2)]
	Reused,
	/// A remanufactured battery.
	#[codec(index = 3)]
	Remanufactured,
}

/// The kind of a second life (argument of the second-life registration).
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
	Serialize,
	Deserialize,
)]
pub enum SecondLife {
	/// Repurposed for another use.
	#[codec(index = 0)]
	Repurposed,
	/// Re-used for the original purpose.
	#[codec(index = 1)]
	Reused,
	/// Remanufactured.
	#[codec(index = 2)]
	Remanufactured,
}

impl SecondLife {
	/// The [`Life`] of the new passport.
	pub const fn life(self) -> Life {
		match self {
			Self::Repurposed => Life::Repurposed,
			Self::Reused => Life::Reused,
			Self::Remanufactured => Life::Remanufactured,
		}
	}

	/// The closing status of the predecessor passport.
	pub const fn predecessor_status(self) -> BatteryStatus {
		match self {
			Self::Repurposed => BatteryStatus::Repurposed,
			Self::Reused => BatteryStatus::Reused,
			Self::Remanufactured => BatteryStatus::Remanufactured,
		}
	}
}

/// How the assigned user wants the battery run; the operator's systems follow the event.
#[derive(
	Clone,
	Copy,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum RunningMode {
	/// Reduced power, longest range and life.
	#[codec(index = 0)]
	Economy,
	/// Default balance of power and life.
	#[default]
	#[codec(index = 1)]
	Normal,
	/// Full power.
	#[codec(index = 2)]
	Performance,
	/// Available to the grid (bidirectional charging) while plugged in.
	#[codec(index = 3)]
	VehicleToGrid,
}

/// Lifecycle operations other pallets (logistics, recycling) drive. Implemented by
/// `pallet-battery`; every method applies the same rules as the pallet's own calls and emits the
/// same events.
pub trait BatteryLifecycle<AccountId> {
	/// Status of `battery` (`None`: not registered).
	fn status(battery: &BatteryId) -> Option<BatteryStatus>;

	/// Current custodian of `battery`.
	fn custodian(battery: &BatteryId) -> Option<AccountId>;

	/// Whether `battery` is frozen by an Authority.
	fn is_frozen(battery: &BatteryId) -> bool;

	/// Move `battery` to `to` on behalf of `who`: `who` must hold the transition's role
	/// ([`BatteryStatus::transition_role`]) and be the custodian; the battery must not be frozen
	/// or assigned to a user. Second-life statuses are refused (they need a new passport).
	fn transition(who: &AccountId, battery: &BatteryId, to: BatteryStatus) -> DispatchResult;

	/// Make `to` the custodian of `battery` (the calling pallet has checked the handover, e.g. a
	/// confirmed delivery), recorded in its custody history as `via`. `to` must be an active
	/// member; the battery must not be frozen, closed or assigned. Cancels a pending direct
	/// handover offer.
	fn set_custodian(battery: &BatteryId, to: &AccountId, via: super::CustodyVia)
		-> DispatchResult;

	/// The date `battery` was manufactured (its factory data), `None` if not registered.
	fn manufactured_on(battery: &BatteryId) -> Option<super::Date>;

	/// Record `accident` on `battery` (the calling pallet has checked its source, e.g. an
	/// impact over the threshold during a shipment). The passport must be open; a frozen
	/// battery's accidents are recorded too.
	fn record_accident(battery: &BatteryId, accident: super::Accident) -> DispatchResult;

	/// Register the second-life passport `successor` with `factory` for `predecessor`, as the
	/// recycler `recycler` holding it `WithRecycler` (the calling pallet has checked the
	/// certification): the same rules and events as pallet-battery's own registration; the
	/// predecessor closes with the status of `kind`.
	fn register_second_life(
		recycler: &AccountId,
		predecessor: &BatteryId,
		kind: SecondLife,
		successor: &BatteryId,
		factory: super::FactoryData,
	) -> DispatchResult;
}

/// Whether another pallet binds a battery in a process a direct custody handover must not cut
/// across (an open shipment of the logistics pallet): pallet-battery refuses to offer or accept
/// custody of a locked battery. The `()` implementation locks nothing.
pub trait CustodyLock {
	/// Whether `battery` is locked.
	fn is_locked(battery: &BatteryId) -> bool;
}

impl CustodyLock for () {
	fn is_locked(_: &BatteryId) -> bool {
		false
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec::Vec;

	#[test]
	fn transitions_have_one_role() {
		use BatteryStatus::*;
		let all = [
			Manufactured,
			InTransit,
			InService,
			Retired,
			WithRecycler,
			Repurposed,
			Reused,
			Remanufactured,
			Waste,
			Recycled,
		];
		let edges: Vec<_> = all
			.iter()
			.flat_map(|from| all.iter().map(move |to| (*from, *to)))
			.filter_map(|(from, to)| from.transition_role(to).map(|role| (from, to, role)))
			.collect();
		assert_eq!(edges.len(), 9);
		for (from, _, _) in &edges {
			assert!(!from.is_closed(), "{from:?} is closed but has a way out");
		}
		assert_eq!(Manufactured.transition_role(InService), None);
		assert_eq!(Recycled.transition_role(Waste), None);
	}
}
