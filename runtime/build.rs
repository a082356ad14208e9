//! Builds the wasm blob of the runtime (with the metadata hash when the `metadata-hash` feature is
//! on, so `CheckMetadataHash` can be enabled by wallets).

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(battery_token::SYMBOL, battery_token::DECIMALS)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(not(feature = "std"))]
fn main() {}

/// The token constants, shared with the runtime source so they are written once (the build script
/// uses the symbol and decimals only).
#[cfg(feature = "std")]
#[allow(dead_code)]
mod battery_token {
	include!("src/token.rs");
}
