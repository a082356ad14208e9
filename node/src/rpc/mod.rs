//! The node's JSON-RPC extensions: `system_*` account nonces, `payment_*` fee queries and the
//! `battery_*` namespace. Every method reads the runtime through a runtime API; every `battery_*`
//! request passes [`params::guard`] first (parameter count and length bounds).

mod chain;
mod charging;
mod consortium;
mod eu_passport;
mod logistics;
mod params;
mod passport;
mod recycling;
mod telemetry;
mod util;

use battery_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Hash, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use std::sync::Arc;

pub use chain::{BatteryApiServer, BatteryRpc};
pub use charging::{ChargingRpc, ChargingRpcApiServer};
pub use consortium::{ConsortiumRpc, ConsortiumRpcApiServer};
pub use eu_passport::{EuPassportRpc, EuPassportRpcApiServer};
pub use logistics::{LogisticsRpc, LogisticsRpcApiServer};
pub use passport::{PassportRpc, PassportRpcApiServer};
pub use recycling::{RecyclingRpc, RecyclingRpcApiServer};
pub use telemetry::{TelemetryRpc, TelemetryRpcApiServer};

/// What the RPC extensions need from the node.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// All RPC extensions of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ battery_primitives::BatteryChainApi<Block>
		+ battery_primitives::consortium::ConsortiumApi<Block, AccountId, Balance, BlockNumber>
		+ battery_primitives::battery::BatteryApi<Block, AccountId, BlockNumber>
		+ battery_primitives::logistics::LogisticsApi<Block, AccountId, Balance, BlockNumber>
		+ battery_primitives::charging::ChargingApi<Block, AccountId, Balance, BlockNumber>
		+ battery_primitives::recycling::RecyclingApi<Block, AccountId, Balance, BlockNumber>
		+ battery_primitives::telemetry::TelemetryApi<Block, AccountId, Hash, BlockNumber>
		+ battery_primitives::passport::PassportApi<Block, AccountId, BlockNumber>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;

	let mut battery = RpcModule::new(());
	battery.merge(BatteryRpc::new(client.clone()).into_rpc())?;
	battery.merge(ConsortiumRpc::new(client.clone()).into_rpc())?;
	battery.merge(PassportRpc::new(client.clone()).into_rpc())?;
	battery.merge(EuPassportRpc::new(client.clone()).into_rpc())?;
	battery.merge(LogisticsRpc::new(client.clone()).into_rpc())?;
	battery.merge(RecyclingRpc::new(client.clone()).into_rpc())?;
	battery.merge(ChargingRpc::new(client.clone()).into_rpc())?;
	battery.merge(TelemetryRpc::new(client).into_rpc())?;
	module.merge(params::guard(battery)?)?;

	Ok(module)
}
