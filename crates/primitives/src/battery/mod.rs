//! The battery passport vocabulary shared by `pallet-battery`, the pallets that drive a battery's
//! lifecycle (logistics, recycling), the runtime, the node's RPC layer and the `battery-tag` tool.
//!
//! - Identity: [`BatteryId`] (re-exported from [`crate::consortium`]) validated by
//!   [`validate_battery_id`] as a GB/T 34014 code or a GS1 GTIN-14 + serial ([`IdScheme`]).
//! - Factory data: [`FactoryData`], written once at registration and stored content-addressed by
//!   [`FactoryData::hash`]. Every quantity is an integer with its unit in the field name.
//! - Lifecycle: [`BatteryStatus`] with [`BatteryStatus::transition_role`] (the single role allowed
//!   to author each transition), [`Life`] / [`SecondLife`] for second-life passports, and the
//!   [`BatteryLifecycle`] trait other pallets use to drive transitions and custody.
//! - Tag: [`TagUid`], [`tag_signing_payload`] (what the manufacturer signs for an NFC / RFID tag).
//! - Usage and maintenance: [`RunningMode`] sealed in a [`RunningModeRecord`], [`MaintenanceKind`],
//!   [`MaintenanceRecord`] with sealed details.
//! - Accidents: [`Accident`] as logistics reports it, [`AccidentRecord`] as kept and shown.
//! - Custody history: [`CustodyEntry`] (who, since when, [`CustodyVia`] how), paged by
//!   [`CustodyHistoryView`].
//! - Reads: [`PassportView`], [`CustodyView`], [`UsageView`], [`MaintenanceView`] and
//!   [`AccidentView`] (public, JSON-ready; confidential parts as sealed envelopes), and the
//!   [`BatteryApi`] runtime API behind them.
//!
//! # JSON
//!
//! Every view type serialises with serde in the shape the `battery_passport` RPC returns: field
//! names in camelCase, battery ids and text as strings, hashes and tag UIDs as `0x`-prefixed hex,
//! dates as `YYYY-MM-DD`, enum values by their variant name (`"InService"`, the name
//! polkadot.js and the metadata use for call arguments), accounts as the account type serialises
//! (SS58 in the chain's format for `AccountId32`). Every `battery_*` method follows it.
//!
//! The module is split by topic: [`id`], [`factory`], [`lifecycle`], [`maintenance`],
//! [`accident`], [`custody`], [`tag`], [`usage`] and [`api`]; everything is re-exported here, so `battery_primitives::battery::X` names every item.
//! The serde helpers live in [`crate::serde_helpers`] (re-exported here too), the one
//! [`ReadError`] of scope-checked reads in [`crate::read`].

pub mod accident;
pub mod api;
pub mod custody;
pub mod factory;
pub mod id;
pub mod lifecycle;
pub mod maintenance;
pub mod tag;
pub mod usage;

pub use crate::{
	consortium::{BatteryId, MAX_SUBJECT_LEN},
	read::ReadError,
	serde_helpers::{from_hex, hex_bytes, text, text_opt, to_hex},
};
pub use accident::*;
pub use api::*;
pub use custody::*;
pub use factory::*;
pub use id::*;
pub use lifecycle::*;
pub use maintenance::*;
pub use tag::*;
pub use usage::*;

use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

/// A 32-byte BLAKE2b-256 hash.
pub type Hash32 = [u8; 32];

/// BLAKE2b-256 of `data` (the hash used for factory data, NDEF messages and documents).
pub fn blake2_256(data: &[u8]) -> Hash32 {
	BlakeTwo256::hash(data).0
}
