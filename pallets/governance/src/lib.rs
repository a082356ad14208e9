//! # pallet-governance
//!
//! The Root path of a chain without sudo. Some calls only Root may make: `System::set_code` and
//! `System::authorize_upgrade` (runtime upgrades), `System::set_storage`, the Root-only setters of
//! other pallets (parameters). On the `consortium` chain no account holds a sudo key; instead the
//! council dispatches such a call through this pallet's one call, [`Pallet::dispatch_as_root`],
//! which only [`Config::RootOrigin`] may make (in the runtime: at least two thirds of the council,
//! a stricter bar than the simple majority that approves members).
//!
//! A runtime upgrade through the council, the usual way:
//! 1. a council member proposes `governance.dispatch_as_root(system.authorize_upgrade(hash))`, where
//!    `hash` is the blake2-256 hash of the new wasm (a small motion: the wasm is not in it);
//! 2. two thirds of the council vote aye and someone closes the motion: the upgrade is authorized
//!    (`System::UpgradeAuthorized`);
//! 3. anyone submits `system.apply_authorized_upgrade(code)` with the wasm: the chain checks its hash,
//!    spec name and higher `spec_version`, stores it (`System::CodeUpdated`) and the next block runs
//!    it. A valid upgrade pays no fee.
//!
//! The council may also propose `dispatch_as_root(system.set_code(code))` directly, carrying the wasm
//! in the motion (every vote and the close then name a motion of that size).
//!
//! The pallet has no storage. A call dispatched this way runs with the Root origin and bypasses the
//! runtime's call filter, exactly as if Root made it; its error, if any, is this call's error (the
//! council's `Executed` event shows it), and its weight is added to this call's own.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::WeightInfo;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{DispatchErrorWithPostInfo, GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::UnfilteredDispatchable,
	};
	use frame_system::{pallet_prelude::*, RawOrigin};

	/// The in-code storage version (the pallet has no storage yet; kept for future migrations).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// A call that may be dispatched as Root: the runtime's call type.
		type RuntimeCall: Parameter
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo;

		/// Who may act as Root through [`Pallet::dispatch_as_root`]: in the runtime, at least two
		/// thirds of the council.
		type RootOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weight of this pallet's own work (the inner call's weight is added to it).
		type WeightInfo: WeightInfo;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A call was dispatched with the Root origin on behalf of [`Config::RootOrigin`] and
		/// succeeded (a failed one fails `dispatch_as_root` with its error and leaves no event).
		DispatchedAsRoot,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Dispatches `call` with the Root origin, bypassing the call filter.
		///
		/// The origin must be [`Config::RootOrigin`] (a council supermajority in the runtime);
		/// anything else fails with `BadOrigin` and dispatches nothing. The inner call's error, if
		/// any, is returned as this call's error and its changes are reverted.
		///
		/// Weight: this pallet's benchmarked overhead plus the inner call's declared weight, in the
		/// inner call's dispatch class (so `set_code` stays operational); the actual weight charged
		/// is the overhead plus the inner call's actual weight.
		///
		/// Emits [`Event::DispatchedAsRoot`] on success.
		#[pallet::call_index(0)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::RootOrigin::ensure_origin(origin)?;
			let info = call.get_dispatch_info();
			let overhead = T::WeightInfo::dispatch_as_root();
			// The actual weight of this call: the overhead plus what the inner call reports it used
			// (at most its declared weight).
			let actual = |post: &PostDispatchInfo| PostDispatchInfo {
				actual_weight: Some(overhead.saturating_add(post.calc_actual_weight(&info))),
				pays_fee: post.pays_fee,
			};
			match call.dispatch_bypass_filter(RawOrigin::Root.into()) {
				Ok(post) => {
					Self::deposit_event(Event::DispatchedAsRoot);
					Ok(actual(&post))
				},
				Err(e) => Err(DispatchErrorWithPostInfo {
					post_info: actual(&e.post_info),
					error: e.error,
				}),
			}
		}
	}
}
