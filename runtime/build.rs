//! Builds the wasm blob of the runtime (with the metadata hash when the `metadata-hash` feature is
//! on, so `CheckMetadataHash` can be enabled by wallets).
//!
//! With the test-only `upgrade-test` feature the blob is the next runtime version (`spec_version`
//! one higher, see `VERSION` in lib.rs) and gets its own name: `battery_runtime_upgrade` in
//! `OUT_DIR` and `wbuild/battery-runtime/battery_runtime_upgrade.compact.compressed.wasm` in the
//! target dir, next to (never over) the node's `battery_runtime.compact.compressed.wasm`, which the
//! node embeds and which the wasm builder watches. The wasm builder's project folder and its target
//! dir are shared, so only the runtime crate itself is compiled again for it. `scripts/test.sh`
//! builds it with `cargo check -p battery-runtime --features upgrade-test`: build scripts run in
//! full under `cargo check`, while the native crate is only checked.

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	builder().enable_metadata_hash(battery_token::SYMBOL, battery_token::DECIMALS).build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	builder().build();
}

#[cfg(not(feature = "std"))]
fn main() {}

/// The wasm builder with the recommended defaults; under `upgrade-test`, writing its own file.
#[cfg(feature = "std")]
fn builder() -> substrate_wasm_builder::WasmBuilder {
	let builder = substrate_wasm_builder::WasmBuilder::init_with_defaults();
	if cfg!(feature = "upgrade-test") {
		builder.set_file_name("battery_runtime_upgrade")
	} else {
		builder
	}
}

/// The token constants, shared with the runtime source so they are written once (the build script
/// uses the symbol and decimals only).
#[cfg(feature = "std")]
#[allow(dead_code)]
mod battery_token {
	include!("src/token.rs");
}
