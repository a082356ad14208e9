//! Runtime API implementations: the standard Substrate set plus [`BatteryChainApi`].

use alloc::vec::Vec;
use battery_primitives::{
	battery::{
		AccidentView, BatteryIdError, CustodyHistoryView, CustodyView, IdScheme, MaintenanceView,
		PassportView, UsageView,
	},
	charging::{NearbyPile, PileFilter, PileView, Session, SessionId, SessionsPage},
	consortium::{
		AccountView, DataCategory, DeviceRecord, MemberStatus, MemberView, Role, ScopeRow,
	},
	logistics::{BatchId, ShipmentSummary, ShipmentView},
	read::ReadError,
	telemetry::{HealthView, TelemetrySummaryView, TwinView},
	ChainInfo, PalletDescriptor,
};
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	traits::PalletsInfoAccess,
	weights::Weight,
};
use pallet_aura::Authorities;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use crate::{
	genesis_config_presets, opaque::SessionKeys, token, AccountId, Aura, Balance, Battery, Block,
	BlockNumber, Charging, Consortium, Executive, Grandpa, Hash, InherentDataExt, Logistics, Nonce,
	Passport, ProjectPallets, Recycling, Runtime, RuntimeCall, RuntimeGenesisConfig, System,
	Telemetry, TransactionPayment, EXISTENTIAL_DEPOSIT, VERSION,
};

/// Facts about the chain that `battery_info` serves, read from the runtime itself.
pub(crate) fn chain_info() -> ChainInfo {
	let pallets = <ProjectPallets as PalletsInfoAccess>::infos()
		.into_iter()
		.map(|info| PalletDescriptor {
			name: info.name.as_bytes().to_vec(),
			index: info.index as u32,
			module_name: info.module_name.as_bytes().to_vec(),
			crate_version: (
				info.crate_version.major,
				info.crate_version.minor,
				info.crate_version.patch,
			),
		})
		.collect();
	ChainInfo {
		spec_name: VERSION.spec_name.as_bytes().to_vec(),
		spec_version: VERSION.spec_version,
		transaction_version: VERSION.transaction_version,
		token_symbol: token::SYMBOL.as_bytes().to_vec(),
		token_decimals: token::DECIMALS,
		ss58_format: token::SS58_PREFIX,
		existential_deposit: EXISTENTIAL_DEPOSIT,
		pallets,
	}
}

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocation reports need a key-ownership proof; `KeyOwnerProof` is `Void` here.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	impl battery_primitives::consortium::ConsortiumApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn account(who: AccountId) -> AccountView<AccountId, Balance, BlockNumber> {
			Consortium::account(who)
		}

		fn member(who: AccountId) -> Option<MemberView<Balance, BlockNumber>> {
			Consortium::member(who)
		}

		fn roles(who: AccountId) -> Vec<Role> {
			Consortium::roles_of(who)
		}

		fn status(who: AccountId) -> Option<MemberStatus> {
			Consortium::status(who)
		}

		fn members_by_role(role: Role, start_after: Option<AccountId>, limit: u32) -> Vec<AccountId> {
			Consortium::members_by_role(role, start_after, limit)
		}

		fn member_count(role: Role) -> u32 {
			Consortium::member_count(role)
		}

		fn users_of(operator: AccountId, start_after: Option<AccountId>, limit: u32) -> Vec<AccountId> {
			Consortium::users_of(operator, start_after, limit)
		}

		fn devices_of(
			owner: AccountId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<(AccountId, DeviceRecord<AccountId, Balance, BlockNumber>)> {
			Consortium::devices_of(owner, start_after, limit)
		}

		fn device(device: AccountId) -> Option<DeviceRecord<AccountId, Balance, BlockNumber>> {
			Consortium::device_record(device)
		}

		fn scope_matrix() -> Vec<ScopeRow> {
			Consortium::scope_matrix()
		}

		fn can_read(who: AccountId, battery: Vec<u8>, category: DataCategory) -> bool {
			Consortium::can_read_raw(who, battery, category)
		}

		fn sealing_keys(
			battery: Vec<u8>,
			category: DataCategory,
			author: Option<AccountId>,
		) -> Option<Vec<battery_primitives::sealed::ReaderPublicKey>> {
			Consortium::sealing_keys_raw(battery, category, author)
		}
	}

	impl battery_primitives::battery::BatteryApi<Block, AccountId, BlockNumber> for Runtime {
		fn passport(battery: Vec<u8>) -> Option<PassportView<AccountId, BlockNumber>> {
			Battery::passport(&battery)
		}

		fn custody(battery: Vec<u8>) -> Result<CustodyView<AccountId, BlockNumber>, ReadError> {
			Battery::custody(&battery)
		}

		fn usage(battery: Vec<u8>) -> Result<UsageView<AccountId, BlockNumber>, ReadError> {
			Battery::usage(&battery)
		}

		fn maintenance(battery: Vec<u8>) -> Result<MaintenanceView<AccountId, BlockNumber>, ReadError> {
			Battery::maintenance(&battery)
		}

		fn accidents(battery: Vec<u8>) -> Result<AccidentView<BlockNumber>, ReadError> {
			Battery::accidents(&battery)
		}

		fn check_id(battery: Vec<u8>) -> Result<IdScheme, BatteryIdError> {
			Battery::check_id(&battery)
		}

		fn custody_history(
			battery: Vec<u8>,
			start: u32,
			limit: u32,
		) -> Result<CustodyHistoryView<AccountId, BlockNumber>, ReadError> {
			Battery::custody_history(&battery, start, limit)
		}
	}

	impl battery_primitives::charging::ChargingApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn pile(evse: Vec<u8>) -> Option<PileView<Balance>> {
			Charging::pile_view(&evse)
		}

		fn piles_near(
			centre: battery_primitives::logistics::Position,
			radius_m: u32,
			filter: PileFilter,
			start: u32,
			limit: u32,
		) -> Vec<NearbyPile<Balance>> {
			Charging::piles_near(&centre, radius_m, filter, start, limit)
		}

		fn session(id: SessionId) -> Option<Session<AccountId, Balance, BlockNumber>> {
			Charging::session_view(id)
		}

		fn sessions_of(
			account: AccountId,
			start: u32,
			limit: u32,
		) -> SessionsPage<AccountId, Balance, BlockNumber> {
			Charging::sessions_of(&account, start, limit)
		}

		fn cdr(
			id: SessionId,
		) -> Option<battery_primitives::ocpi::ChargeDetailRecord<AccountId, Balance>> {
			Charging::cdr(id)
		}
	}

	impl battery_primitives::recycling::RecyclingApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn recycling(
			battery: Vec<u8>,
		) -> Result<battery_primitives::recycling::RecyclingView<AccountId, Balance, BlockNumber>, ReadError> {
			Recycling::recycling(&battery)
		}

		fn lineage(
			battery: Vec<u8>,
		) -> Result<Vec<battery_primitives::recycling::LineageEntry<AccountId, BlockNumber>>, ReadError> {
			Battery::lineage(&battery)
		}
	}

	impl battery_primitives::passport::PassportApi<Block, AccountId, BlockNumber> for Runtime {
		fn model(
			operator: AccountId,
			model: Vec<u8>,
		) -> Option<battery_primitives::passport::ModelPassportView<AccountId, BlockNumber>> {
			Passport::model_view(operator, &model)
		}

		fn export_view(
			battery: Vec<u8>,
		) -> Result<
			battery_primitives::passport::PassportExportView<AccountId, BlockNumber>,
			battery_primitives::passport::ExportError,
		> {
			use battery_primitives::passport::{ExportError, PassportExportView};
			let passport = Battery::passport(&battery).ok_or(ExportError::UnknownBattery)?;
			let model = Passport::model_view(passport.manufacturer.clone(), &passport.factory.model)
				.ok_or(ExportError::ModelNotDeclared)?;
			Ok(PassportExportView { passport, model })
		}

		fn document_keys(operator: AccountId) -> Vec<battery_primitives::sealed::ReaderPublicKey> {
			Passport::document_keys(&operator)
		}
	}

	impl battery_primitives::logistics::LogisticsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn shipment_keys(
			sender: AccountId,
			carrier: AccountId,
			recipient: AccountId,
		) -> Vec<battery_primitives::sealed::ReaderPublicKey> {
			Logistics::shipment_keys([&sender, &carrier, &recipient])
		}

		fn shipment(batch: BatchId) -> Option<ShipmentView<AccountId, Balance, BlockNumber>> {
			Logistics::shipment_by_batch(batch)
		}

		fn shipments_of(
			battery: Vec<u8>,
		) -> Result<Vec<ShipmentSummary<AccountId, Balance, BlockNumber>>, ReadError> {
			// The shipments custody moved with, from pallet-battery's history, and the open one.
			let battery = battery_primitives::read::battery_id(battery)?;
			Battery::custody(&battery)?;
			Ok(Logistics::shipments_of(&battery, Battery::custody_shipments(&battery)))
		}
	}

	impl battery_primitives::telemetry::TelemetryApi<Block, AccountId, Hash, BlockNumber> for Runtime {
		fn health(battery: Vec<u8>) -> Result<Option<HealthView<Hash, BlockNumber>>, ReadError> {
			Telemetry::health(battery)
		}

		fn twin(
			battery: Vec<u8>,
		) -> Result<Option<TwinView<AccountId, Hash, BlockNumber>>, ReadError> {
			Telemetry::twin(battery)
		}

		fn telemetry_summary(
			battery: Vec<u8>,
		) -> Result<Option<TelemetrySummaryView<AccountId, Hash, BlockNumber>>, ReadError> {
			Telemetry::telemetry_summary(battery)
		}
	}

	impl battery_primitives::BatteryChainApi<Block> for Runtime {
		fn chain_info() -> ChainInfo {
			chain_info()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}
}
