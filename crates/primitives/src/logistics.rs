//! Logistics: the runtime API of shipments (pallet-logistics).

use crate::sealed::ReaderPublicKey;
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Shipments: what a client needs to seal a shipment's records. Shipment records
	/// themselves are public storage (`Logistics::Shipments`), decoded from the metadata.
	pub trait LogisticsApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The reader keys a shipment's sealed records (terms, checkpoints) must carry: the
		/// current keys of `sender`, `carrier` and `recipient` and the Authority's, sorted.
		fn shipment_keys(
			sender: AccountId,
			carrier: AccountId,
			recipient: AccountId,
		) -> Vec<ReaderPublicKey>;
	}
}
