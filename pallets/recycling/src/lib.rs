//! # Recycling Pallet
//!
//! The end of a battery's first life: a recycler commissioned for a retired battery, its
//! measured assessment and verdict, refurbishment records shared with the manufacturer, and
//! recycling with the materials recovered.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the [`Config`], the dispatchables ([`Call`]), [`Event`]s,
//! [`Error`]s and storage items.
//!
//! ## Overview
//!
//! - **Commission**: the custodian of a retired battery (an active Operator) or its
//!   manufacturer commissions a Recycler member, with a [`CommissionReason`]; the recycler
//!   accepts or declines; the commissioner withdraws an unanswered commission, or an accepted
//!   one while the battery has not moved. Once accepted, the recycler is the battery's
//!   commissioned recycler: the consortium's data scope resolves the `Recycler` role to it
//!   ([`Pallet::commissioned_recycler`]), so it reads the factory, maintenance and usage data
//!   and may be granted the keys of the sealed records kept so far.
//! - **Handover**: the custodian hands the battery over ([`Pallet::hand_over`]): custody moves
//!   to the recycler (recorded as [`CustodyVia::Recycling`]) and the battery to `WithRecycler`.
//!   A battery shipped to the recycler through pallet-logistics arrives in its custody; the
//!   recycler then takes it in with the same call.
//! - **Assessment**: the recycler records what it measured ([`Measures`]: capacity, state of
//!   health, resistance, self-discharge, safety and visual checks, the report's hash; public)
//!   with a [`Verdict`] and the lab's details sealed for the battery's Refurbishment scope. A
//!   failed check allows only [`Verdict::Recycle`].
//! - **Refurbishment**: work on the battery ([`RefurbishmentKind`], parts replaced), details
//!   sealed for the Refurbishment scope: the recycler, the manufacturer and the Authority.
//! - **Recycling**: after a recycle verdict the recycler declares the battery waste, then
//!   records it recycled with the [`RecoveredMaterials`]: the passport closes, its ID stays
//!   resolvable.
//! - **Second certification**: after a reuse, repurpose or remanufacture verdict the recycler
//!   requests certification with the new passport's ID, factory data and [`SecondLifeRating`]
//!   (at most what the assessment measured); the battery's manufacturer or an Authority member
//!   co-signs before [`Config::CertificationTimeout`] runs out, and the new passport is
//!   registered through pallet-battery, linked both ways to the old one, which closes; its
//!   digital twin starts from the assessment ([`Config::Twin`]): the predecessor's cell
//!   characterisation with the assessed capacity and resistance, not a fresh cell's.
//! - **Buy-back**: a recycler offers a price for a retired battery to its custodian; the price
//!   is held ([`HoldReason::BuyBack`]); the custodian accepts (the price is paid and custody
//!   moves to the recycler in the same call, with an accepted commission of reason `BuyBack`),
//!   or declines; the recycler withdraws; anyone ends an expired offer. Every unit held is paid
//!   or released exactly once.
//!
//! Every status change and custody move goes through pallet-battery's [`BatteryLifecycle`],
//! which applies its own rules (not frozen, not assigned to a user, the role of the transition)
//! and emits its own events.
//!
//! ## Low Level / Implementation Details
//!
//! `lib.rs` holds the FRAME sections and thin dispatchables; the logic is in [`commissions`]
//! (commission, answer, withdrawal, handover), [`records`] (assessments, refurbishments,
//! waste and recycling), [`certification`] (second certification), [`buyback`] (offers and
//! their settlement) and [`queries`] (the runtime API's reads).

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod buyback;
pub mod certification;
pub mod commissions;
pub mod queries;
pub mod records;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use battery_primitives::{
	battery::{BatteryLifecycle, BatteryStatus, CustodyLock, CustodyVia},
	battery::{FactoryData, SecondLife},
	consortium::{BatteryId, BatteryScope, ConsortiumInspect, DataCategory, Role},
	recycling::{
		CommissionReason, CommissionStatus, Measures, RecoveredMaterials, RefurbishmentKind,
		SealedAssessment, SealedRefurbishment, SecondLifeRating, SecondLifeTwin, Verdict,
	},
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Set-up hooks for the benchmarks: members with reader keys, and a retired battery.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` an active member holding `role`, with reader key `reader_key`.
	fn member(who: &AccountId, role: Role, reader_key: battery_primitives::sealed::ReaderPublicKey);
	/// Set the Authority's reader key.
	fn set_authority_reader_key(key: battery_primitives::sealed::ReaderPublicKey);
	/// A new battery of the manufacturer `manufacturer`, in the custody of the operator
	/// `operator` and retired.
	fn retired_battery(manufacturer: &AccountId, operator: &AccountId) -> BatteryId;
	/// Give `who` enough of the token for any buy-back price the benchmarks offer.
	fn fund(who: &AccountId);
	/// Give `battery` a cell characterisation of the chemistry of the benchmarks' second-life
	/// factory data (NMC), so that a certification seeds the new twin (the worst case).
	fn characterise(battery: &BatteryId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;

	/// Reasons this pallet holds funds for.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The price of a buy-back offer, held from the recycler until the offer ends.
		#[codec(index = 0)]
		BuyBack,
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the recycling pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The consortium: roles and reader keys.
		type Consortium: ConsortiumInspect<Self::AccountId>;

		/// Batteries (pallet-battery): their lifecycle and custody, and their parties
		/// (manufacturer, custodian, assigned user).
		type Batteries: BatteryLifecycle<Self::AccountId> + BatteryScope<Self::AccountId, BatteryId>;

		/// Whether another pallet binds a battery in a process a handover must not cut across
		/// (an open shipment of pallet-logistics).
		type CustodyLock: CustodyLock;

		/// The chain's token: buy-back prices are held and paid in it.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Blocks a certification request waits for its co-signature.
		#[pallet::constant]
		type CertificationTimeout: Get<BlockNumberFor<Self>>;

		/// Longest validity of a buy-back offer, blocks.
		#[pallet::constant]
		type MaxOfferPeriod: Get<BlockNumberFor<Self>>;

		/// Digital twins (pallet-telemetry): a certified second life's twin starts from the
		/// assessment.
		type Twin: SecondLifeTwin<Self::AccountId>;

		/// Most assessments kept per battery (the latest; older ones stay in their events).
		#[pallet::constant]
		type MaxAssessments: Get<u32>;

		/// Most refurbishment records kept per battery (the latest; older ones stay in their
		/// events).
		#[pallet::constant]
		type MaxRefurbishments: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Set-up of the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The commission of each battery (at most one: offered, accepted or completed).
	#[pallet::storage]
	pub type Commissions<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, CommissionOf<T>, OptionQuery>;

	/// The latest assessments of each battery, oldest first (at most `MaxAssessments`).
	#[pallet::storage]
	pub type Assessments<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, AssessmentsOf<T>, ValueQuery>;

	/// Number of assessments of each battery ever recorded.
	#[pallet::storage]
	pub type AssessmentCount<T> = StorageMap<_, Blake2_128Concat, BatteryId, u32, ValueQuery>;

	/// The latest refurbishment records of each battery, oldest first (at most
	/// `MaxRefurbishments`).
	#[pallet::storage]
	pub type Refurbishments<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, RefurbishmentsOf<T>, ValueQuery>;

	/// Number of refurbishment records of each battery ever recorded.
	#[pallet::storage]
	pub type RefurbishmentCount<T> = StorageMap<_, Blake2_128Concat, BatteryId, u32, ValueQuery>;

	/// How each recycled battery ended: the materials recovered.
	#[pallet::storage]
	pub type Recycled<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, RecyclingRecordOf<T>, OptionQuery>;

	/// The second certification of each battery (requested or done), by the predecessor.
	#[pallet::storage]
	pub type Certifications<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, CertificationOf<T>, OptionQuery>;

	/// The rating each second-life passport was certified with, by the new passport.
	#[pallet::storage]
	pub type Ratings<T> = StorageMap<_, Blake2_128Concat, BatteryId, SecondLifeRating, OptionQuery>;

	/// The open buy-back offer of each battery (at most one).
	#[pallet::storage]
	pub type BuyBackOffers<T: Config> =
		StorageMap<_, Blake2_128Concat, BatteryId, BuyBackOfferOf<T>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A recycler was commissioned for a battery.
		Commissioned {
			/// The battery.
			battery: BatteryId,
			/// The recycler.
			recycler: T::AccountId,
			/// The commissioner.
			by: T::AccountId,
			/// Why.
			reason: CommissionReason,
		},
		/// The recycler accepted: it is in the battery's scope.
		CommissionAccepted {
			/// The battery.
			battery: BatteryId,
			/// The recycler.
			recycler: T::AccountId,
		},
		/// The recycler declined; the commission is gone.
		CommissionDeclined {
			/// The battery.
			battery: BatteryId,
			/// The recycler.
			recycler: T::AccountId,
		},
		/// The commissioner withdrew the commission.
		CommissionWithdrawn {
			/// The battery.
			battery: BatteryId,
			/// Who withdrew it.
			by: T::AccountId,
		},
		/// The battery is with its recycler (custody and status `WithRecycler`).
		HandedOver {
			/// The battery.
			battery: BatteryId,
			/// The recycler.
			recycler: T::AccountId,
		},
		/// An assessment was recorded.
		Assessed {
			/// The battery.
			battery: BatteryId,
			/// Its number among the battery's assessments.
			index: u32,
			/// What was measured.
			measures: Measures,
			/// The verdict.
			verdict: Verdict,
		},
		/// A refurbishment was recorded.
		Refurbished {
			/// The battery.
			battery: BatteryId,
			/// Its number among the battery's refurbishments.
			index: u32,
			/// What was done.
			kind: RefurbishmentKind,
			/// Modules or cells replaced.
			parts_replaced: u16,
		},
		/// The battery was recycled: its passport is closed.
		BatteryRecycled {
			/// The battery.
			battery: BatteryId,
			/// The recycler.
			recycler: T::AccountId,
			/// What was recovered.
			materials: RecoveredMaterials,
		},
		/// The recycler requested a second certification.
		CertificationRequested {
			/// The battery (the predecessor).
			battery: BatteryId,
			/// The new passport's ID.
			successor: BatteryId,
			/// The second life.
			kind: SecondLife,
			/// Last block a co-signature is accepted.
			expires_at: BlockNumberFor<T>,
		},
		/// A manufacturer or an Authority co-signed: the new passport exists.
		Certified {
			/// The battery (the predecessor, now closed).
			battery: BatteryId,
			/// The new passport.
			successor: BatteryId,
			/// Who co-signed.
			by: T::AccountId,
			/// The rating certified.
			rating: SecondLifeRating,
			/// Whether the new passport's twin was seeded from the assessment (the predecessor
			/// had a cell characterisation of the same chemistry).
			twin: bool,
		},
		/// A recycler offered to buy a battery back; the price is held.
		BuyBackOffered {
			/// The battery.
			battery: BatteryId,
			/// The recycler.
			recycler: T::AccountId,
			/// The custodian offered to.
			owner: T::AccountId,
			/// The price.
			price: BalanceOf<T>,
			/// Last block the owner may accept.
			expires_at: BlockNumberFor<T>,
		},
		/// The owner accepted: paid, and custody moved to the recycler.
		BoughtBack {
			/// The battery.
			battery: BatteryId,
			/// The recycler, now its custodian.
			recycler: T::AccountId,
			/// The former custodian, paid.
			owner: T::AccountId,
			/// The price paid.
			price: BalanceOf<T>,
		},
		/// A buy-back offer ended without a sale (withdrawn, declined or expired); the price
		/// is released.
		BuyBackClosed {
			/// The battery.
			battery: BatteryId,
			/// Who ended it.
			by: T::AccountId,
			/// The price released to the recycler.
			released: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No battery is registered under this ID.
		UnknownBattery,
		/// The caller is neither the battery's custodian as an active Operator nor its
		/// manufacturer as an active Manufacturer.
		NotCommissioner,
		/// The account commissioned (or the caller) is not an active Recycler member.
		NotRecycler,
		/// The battery is not in the status this step needs (retired to be commissioned or
		/// handed over, with the recycler to be assessed, refurbished or declared waste, waste
		/// to be recorded recycled).
		WrongBatteryStatus,
		/// The battery is frozen by an Authority.
		BatteryFrozen,
		/// The battery is in an open shipment.
		CustodyLocked,
		/// The battery already has a commission.
		AlreadyCommissioned,
		/// The battery has no commission.
		NoCommission,
		/// The commission is not in the state this step needs (offered to be answered,
		/// accepted to be handed over or worked on).
		WrongCommissionStatus,
		/// The caller is not the commissioned recycler.
		NotCommissionedRecycler,
		/// The caller is not the custodian of the battery.
		NotCustodian,
		/// The commission has moved on too far to be withdrawn (the battery is with the
		/// recycler).
		CannotWithdraw,
		/// `BuyBack` is the reason of a buy-back, not of a commission.
		InvalidReason,
		/// Capacity or resistance is zero, or the state of health above 1,200 ‰.
		InvalidMeasures,
		/// A failed safety or visual check allows only a recycle verdict.
		FailedCheck,
		/// The battery has no assessment.
		NoAssessment,
		/// The latest assessment's verdict is not to recycle.
		NotForRecycling,
		/// A recovered share is above 1,000 ‰.
		InvalidMaterials,
		/// A counter would overflow.
		CounterOverflow,
		/// The envelope lists a reader key twice.
		DuplicateRecipient,
		/// A reader key in scope is missing from the envelope.
		MissingRecipient,
		/// The envelope lists a reader key that is not in scope.
		UnexpectedRecipient,
		/// Nobody in scope has a reader key.
		NoRecipients,
		/// The envelope is about another battery or category.
		EnvelopeMismatch,
		/// The envelope is malformed.
		MalformedEnvelope,
		/// The latest assessment's verdict is to recycle: no second life.
		NoSecondLife,
		/// The certified capacity is zero, or capacity or state of health above what the
		/// assessment measured.
		InvalidRating,
		/// The new passport's factory data is not valid.
		InvalidFactoryData,
		/// The new passport's ID is taken, or not a valid battery ID.
		InvalidSuccessor,
		/// A certification is requested and has not expired, or the battery is certified.
		CertificationPending,
		/// The battery has no certification request.
		NoCertification,
		/// The certification request expired.
		CertificationExpired,
		/// The caller is neither the battery's manufacturer nor an Authority member, or is the
		/// recycler itself.
		NotCoSigner,
		/// The battery has an open buy-back offer.
		OfferExists,
		/// The battery has no buy-back offer.
		NoOffer,
		/// The caller is not the owner the offer was made to, or no longer its custodian.
		NotOwner,
		/// The offer expired.
		OfferExpired,
		/// Only the recycler or the owner ends an offer before it expires.
		OfferOpen,
		/// The price is zero.
		InvalidPrice,
		/// The validity is zero or longer than `MaxOfferPeriod`.
		InvalidPeriod,
		/// The recycler's free balance does not cover the price.
		InsufficientBalance,
		/// A later assessment was recorded after the certification request: request again.
		StaleAssessment,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxAssessments::get() > 0, "MaxAssessments must be positive");
			assert!(T::MaxRefurbishments::get() > 0, "MaxRefurbishments must be positive");
			assert!(
				!T::CertificationTimeout::get().is_zero(),
				"CertificationTimeout must be positive"
			);
			assert!(!T::MaxOfferPeriod::get().is_zero(), "MaxOfferPeriod must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commission the Recycler member `recycler` for the retired `battery`, for `reason`
		/// (not `BuyBack`). Origin: signed by the battery's custodian holding the Operator role,
		/// or its manufacturer holding the Manufacturer role. The battery must not be frozen or
		/// have a commission. Emits [`Event::Commissioned`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commission())]
		pub fn commission(
			origin: OriginFor<T>,
			battery: BatteryId,
			recycler: T::AccountId,
			reason: CommissionReason,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commission(who, battery, recycler, reason)
		}

		/// Accept the commission offered for `battery`: the caller enters the battery's data
		/// scope as its recycler. Origin: signed by the recycler commissioned, an active
		/// Recycler. Emits [`Event::CommissionAccepted`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::accept_commission())]
		pub fn accept_commission(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_answer(who, battery, true)
		}

		/// Decline the commission offered for `battery`; it is removed. Origin: signed by the
		/// recycler commissioned. Emits [`Event::CommissionDeclined`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::decline_commission())]
		pub fn decline_commission(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_answer(who, battery, false)
		}

		/// Withdraw the commission of `battery`, offered or accepted, while the battery is still
		/// retired (not with the recycler). Origin: signed by the commissioner or the battery's
		/// custodian. Emits [`Event::CommissionWithdrawn`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_commission())]
		pub fn withdraw_commission(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, battery)
		}

		/// Hand the retired `battery` over to its commissioned recycler (commission accepted):
		/// custody moves to the recycler, then the battery to `WithRecycler`. Origin: signed by
		/// the battery's custodian; the recycler itself when the battery already reached it
		/// (by a shipment). The battery must not be frozen, assigned to a user or in an open
		/// shipment. Emits [`Event::HandedOver`] (and pallet-battery's custody and status
		/// events).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::hand_over())]
		pub fn hand_over(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_hand_over(who, battery)
		}

		/// Record an assessment of `battery`: the `measures` (public), the `verdict`, and the
		/// lab's `details` sealed for the battery's Refurbishment scope (the recycler, the
		/// manufacturer and the Authority). A failed check allows only `Recycle`. The oldest
		/// kept assessment leaves the state when `MaxAssessments` are kept. Origin: signed by
		/// the commissioned recycler holding the battery `WithRecycler`. Emits
		/// [`Event::Assessed`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::record_assessment())]
		pub fn record_assessment(
			origin: OriginFor<T>,
			battery: BatteryId,
			measures: Measures,
			verdict: Verdict,
			details: SealedAssessment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_assessment(who, battery, measures, verdict, details)
		}

		/// Record refurbishment work on `battery`: its `kind`, the modules or cells replaced,
		/// and the parts, software version and note sealed for the Refurbishment scope. The
		/// oldest kept record leaves the state when `MaxRefurbishments` are kept. Origin:
		/// signed by the commissioned recycler holding the battery `WithRecycler`. Emits
		/// [`Event::Refurbished`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::record_refurbishment())]
		pub fn record_refurbishment(
			origin: OriginFor<T>,
			battery: BatteryId,
			kind: RefurbishmentKind,
			parts_replaced: u16,
			details: SealedRefurbishment,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_refurbishment(who, battery, kind, parts_replaced, details)
		}

		/// Declare `battery` waste after a recycle verdict (its latest assessment): the battery
		/// moves to `Waste`. Origin: signed by the commissioned recycler holding it
		/// `WithRecycler`. Emits pallet-battery's `StatusChanged`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::declare_waste())]
		pub fn declare_waste(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_declare_waste(who, battery)
		}

		/// Record the waste `battery` recycled, with the share of each material recovered
		/// (‰): the passport closes (`Recycled`), its ID stays resolvable, the commission is
		/// completed. Origin: signed by the commissioned recycler holding it. Emits
		/// [`Event::BatteryRecycled`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::record_recycled())]
		pub fn record_recycled(
			origin: OriginFor<T>,
			battery: BatteryId,
			materials: RecoveredMaterials,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_record_recycled(who, battery, materials)
		}

		/// Request the second certification of `battery` after a reuse, repurpose or
		/// remanufacture verdict (its latest assessment, which fixes the kind of second life):
		/// the new passport's ID `successor` and `factory` data, and the `rating` certified (at
		/// most the assessed capacity and state of health). A co-signature is accepted for
		/// `CertificationTimeout` blocks; an expired request may be renewed. Origin: signed by
		/// the commissioned recycler holding the battery `WithRecycler`. Emits
		/// [`Event::CertificationRequested`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::request_certification())]
		pub fn request_certification(
			origin: OriginFor<T>,
			battery: BatteryId,
			successor: BatteryId,
			factory: FactoryData,
			rating: SecondLifeRating,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_certification(who, battery, successor, factory, rating)
		}

		/// Co-sign the requested certification of `battery` before it expires: the new passport
		/// is registered through pallet-battery (the recycler its manufacturer and custodian,
		/// linked both ways), the battery's passport closes as repurposed, reused or
		/// remanufactured, the commission is completed. Origin: signed by the battery's
		/// manufacturer (an active Manufacturer) or an active Authority member, not the recycler.
		/// Emits [`Event::Certified`] (and pallet-battery's registration events).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::co_sign_certification())]
		pub fn co_sign_certification(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_co_sign(who, battery)
		}

		/// Offer `price` for the retired `battery` to its custodian, valid for `valid_for`
		/// blocks (at most `MaxOfferPeriod`); the price is held from the caller. The battery
		/// must have no commission and no other offer. Origin: signed by an active Recycler.
		/// Emits [`Event::BuyBackOffered`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::offer_buy_back())]
		pub fn offer_buy_back(
			origin: OriginFor<T>,
			battery: BatteryId,
			price: BalanceOf<T>,
			valid_for: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_buy_back(who, battery, price, valid_for)
		}

		/// Accept the buy-back offer for `battery` before it expires: the held price is paid to
		/// the caller and custody moves to the recycler, with an accepted commission (reason
		/// `BuyBack`), in this one call. Origin: signed by the owner the offer was made to, still
		/// the battery's custodian. Emits [`Event::BoughtBack`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::accept_buy_back())]
		pub fn accept_buy_back(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_buy_back(who, battery)
		}

		/// End the buy-back offer for `battery` without a sale: withdrawn by the recycler,
		/// declined by the owner (or the battery's custodian now), or (by anyone) expired. The price is released to the
		/// recycler. Emits [`Event::BuyBackClosed`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::close_buy_back())]
		pub fn close_buy_back(origin: OriginFor<T>, battery: BatteryId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_buy_back(who, battery)
		}
	}
}
