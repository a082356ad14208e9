//! The EU battery passport (Regulation (EU) 2023/1542, Art. 77 and Annex XIII): the attributes a
//! model's economic operator declares ([`model`]), the reads behind an export ([`api`]) and the
//! Catena-X Battery Pass 6.1.0 form of a battery's passport ([`catenax`], std only).
//!
//! A battery's passport joins three things: its own record on the chain (identity, factory
//! data, status, life links: `battery::PassportView`), the passport of its model as the
//! economic operator declared it (keyed by the operator's account and the factory data's
//! model), and, for readers of a higher tier, the battery's state in use, which is sealed for
//! them and which they open themselves.

pub mod api;
#[cfg(feature = "std")]
pub mod catenax;
pub mod example;
pub mod model;
pub mod restricted;
#[cfg(test)]
mod tests;

pub use api::*;
pub use model::*;
pub use restricted::*;
