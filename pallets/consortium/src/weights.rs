// This file is part of battery-chain.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_consortium`.
//!
//! PLACEHOLDER WEIGHTS, NOT GENERATED. This file has the exact shape the benchmark CLI emits with
//! the polkadot-sdk `frame-weight-template.hbs` (a `WeightInfo` trait, `SubstrateWeight<T>` using
//! `T::DbWeight`, and `()` using `RocksDbWeight`), but the numbers below are conservative
//! hand-written estimates (about 2x a typical measured FRAME call of the same shape). Regenerate
//! with the node built with `--features runtime-benchmarks`:
//!
//! ```text
//! battery-node benchmark pallet --runtime <battery_runtime.wasm> --pallet pallet_consortium \
//!   --extrinsic '*' --steps 50 --repeat 20 --template <frame-weight-template.hbs> \
//!   --output pallets/consortium/src/weights.rs
//! ```

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_consortium`.
pub trait WeightInfo {
	fn apply_for_role(n: u32) -> Weight;
	fn withdraw_application() -> Weight;
	fn approve_application() -> Weight;
	fn reject_application() -> Weight;
	fn suspend_member() -> Weight;
	fn resume_member() -> Weight;
	fn remove_member() -> Weight;
	fn update_profile(n: u32) -> Weight;
	fn register_user(o: u32) -> Weight;
	fn remove_user(o: u32) -> Weight;
	fn force_remove_user(o: u32) -> Weight;
	fn register_device() -> Weight;
	fn force_register_device() -> Weight;
	fn revoke_device() -> Weight;
	fn set_scope() -> Weight;
}

/// Weights for `pallet_consortium` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Placeholder: Consortium::Devices r:1, Consortium::Members r:1, Consortium::Applications r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `n` is `[1, 3 * MaxProfileFieldLen]`.
	fn apply_for_role(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 4000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Consortium::Applications r:1 w:1, Balances::Holds r:1 w:1
	fn withdraw_application() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Placeholder: Consortium::Applications r:1 w:1, Consortium::Members r:1 w:1, Consortium::RoleMemberCount r:1 w:1, Consortium::RoleMembers w:1, Consortium::CounterForMembers r:1 w:1
	fn approve_application() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Applications r:1 w:1, Balances::Holds r:1 w:1, System::Account r:1 w:1
	fn reject_application() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1
	fn suspend_member() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(30_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1
	fn resume_member() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(30_000_000, 3500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1, Consortium::OperatorUserCount r:1, Consortium::OwnerDeviceCount r:1, Consortium::RoleMembers r:6 w:6, Consortium::RoleMemberCount r:6 w:6, Balances::Holds r:1 w:1, System::Account r:1 w:1
	fn remove_member() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `8000`
		// Minimum execution time: placeholder.
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(17_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1
	/// The range of component `n` is `[1, 3 * MaxProfileFieldLen]`.
	fn update_profile(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3500)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Placeholder: Consortium::Members r:1, Consortium::Devices r:1, Consortium::OperatorUsers r:1 w:1, Consortium::OperatorUserCount r:1 w:1, Consortium::UserOperators r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `o` is `[0, MaxOperatorsPerUser - 1]`.
	fn register_user(o: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 4500)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Members r:1, Consortium::OperatorUsers r:1 w:1, Consortium::UserOperators r:1 w:1, Consortium::OperatorUserCount r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `o` is `[1, MaxOperatorsPerUser]`.
	fn remove_user(o: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(65_000_000, 4500)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::OperatorUsers r:1 w:1, Consortium::UserOperators r:1 w:1, Consortium::OperatorUserCount r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `o` is `[1, MaxOperatorsPerUser]`.
	fn force_remove_user(o: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 4500)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(o.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Members r:1, Consortium::Devices r:1 w:1, Consortium::UserOperators r:1, Consortium::Applications r:1, Consortium::OwnerDeviceCount r:1 w:1, Consortium::OwnerDevices w:1, Balances::Holds r:1 w:1
	fn register_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(75_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Placeholder: as register_device
	fn force_register_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(75_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Devices r:1 w:1, Consortium::Members r:1, Consortium::OwnerDevices w:1, Consortium::OwnerDeviceCount r:1 w:1, Balances::Holds r:1 w:1
	fn revoke_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(65_000_000, 4500)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Scope w:1
	fn set_scope() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: placeholder.
		Weight::from_parts(20_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Placeholder: Consortium::Devices r:1, Consortium::Members r:1, Consortium::Applications r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `n` is `[1, 3 * MaxProfileFieldLen]`.
	fn apply_for_role(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 4000)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Consortium::Applications r:1 w:1, Balances::Holds r:1 w:1
	fn withdraw_application() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Placeholder: Consortium::Applications r:1 w:1, Consortium::Members r:1 w:1, Consortium::RoleMemberCount r:1 w:1, Consortium::RoleMembers w:1, Consortium::CounterForMembers r:1 w:1
	fn approve_application() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Applications r:1 w:1, Balances::Holds r:1 w:1, System::Account r:1 w:1
	fn reject_application() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4000`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1
	fn suspend_member() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(30_000_000, 3500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1
	fn resume_member() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(30_000_000, 3500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1, Consortium::OperatorUserCount r:1, Consortium::OwnerDeviceCount r:1, Consortium::RoleMembers r:6 w:6, Consortium::RoleMemberCount r:6 w:6, Balances::Holds r:1 w:1, System::Account r:1 w:1
	fn remove_member() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `8000`
		// Minimum execution time: placeholder.
		Weight::from_parts(150_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(17_u64))
	}
	/// Placeholder: Consortium::Members r:1 w:1
	/// The range of component `n` is `[1, 3 * MaxProfileFieldLen]`.
	fn update_profile(n: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3500`
		// Minimum execution time: placeholder.
		Weight::from_parts(35_000_000, 3500)
			.saturating_add(Weight::from_parts(2_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Placeholder: Consortium::Members r:1, Consortium::Devices r:1, Consortium::OperatorUsers r:1 w:1, Consortium::OperatorUserCount r:1 w:1, Consortium::UserOperators r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `o` is `[0, MaxOperatorsPerUser - 1]`.
	fn register_user(o: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(70_000_000, 4500)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(o.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Members r:1, Consortium::OperatorUsers r:1 w:1, Consortium::UserOperators r:1 w:1, Consortium::OperatorUserCount r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `o` is `[1, MaxOperatorsPerUser]`.
	fn remove_user(o: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(65_000_000, 4500)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(o.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::OperatorUsers r:1 w:1, Consortium::UserOperators r:1 w:1, Consortium::OperatorUserCount r:1 w:1, Balances::Holds r:1 w:1
	/// The range of component `o` is `[1, MaxOperatorsPerUser]`.
	fn force_remove_user(o: u32) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(60_000_000, 4500)
			.saturating_add(Weight::from_parts(500_000, 0).saturating_mul(o.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Members r:1, Consortium::Devices r:1 w:1, Consortium::UserOperators r:1, Consortium::Applications r:1, Consortium::OwnerDeviceCount r:1 w:1, Consortium::OwnerDevices w:1, Balances::Holds r:1 w:1
	fn register_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(75_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Placeholder: as register_device
	fn force_register_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(75_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Devices r:1 w:1, Consortium::Members r:1, Consortium::OwnerDevices w:1, Consortium::OwnerDeviceCount r:1 w:1, Balances::Holds r:1 w:1
	fn revoke_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4500`
		// Minimum execution time: placeholder.
		Weight::from_parts(65_000_000, 4500)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Placeholder: Consortium::Scope w:1
	fn set_scope() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: placeholder.
		Weight::from_parts(20_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
