//! Builds the wasm blob of the runtime (with the metadata hash when the `metadata-hash` feature is
//! on, so `CheckMetadataHash` can be enabled by wallets).
//!
//! With [`UPGRADE_WASM_ENV`] set (the project's scripts set it for every build, see
//! `scripts/lib/common.sh`), the same build script also builds the next runtime version for the
//! live-upgrade test: the runtime with its test-only `upgrade-test` feature (`spec_version` one
//! higher, see `VERSION` in lib.rs), under its own name, `battery_runtime_upgrade` in `OUT_DIR` and
//! `wbuild/battery-runtime/battery_runtime_upgrade.compact.compressed.wasm` in the target dir, next
//! to (never over) the node's `battery_runtime.compact.compressed.wasm`. Both builds share the wasm
//! builder's project and target dir, so the second compiles only the runtime crate again, and only
//! when the runtime changed. Building it here, rather than with a separate `cargo` command on the
//! runtime package, keeps the workspace's feature resolution: a separate command resolves ~80
//! crates differently and checks ~300 of them again (7 minutes on a cold machine).
//!
//! Build the workspace by hand with the variable set as the scripts do, or without it
//! consistently: changing it reruns this script, which recompiles the runtime and relinks the node.

/// Set (to anything) to also build the `upgrade-test` wasm.
#[cfg(feature = "std")]
const UPGRADE_WASM_ENV: &str = "BATTERY_BUILD_UPGRADE_WASM";

#[cfg(feature = "std")]
fn main() {
	println!("cargo:rerun-if-env-changed={UPGRADE_WASM_ENV}");

	// A native build with the `upgrade-test` feature itself (not what the scripts do) forwards it
	// to the wasm build: it builds only that wasm, under its own name, never the node's.
	if cfg!(feature = "upgrade-test") {
		upgrade_test_wasm().build();
		return;
	}

	let runtime = substrate_wasm_builder::WasmBuilder::init_with_defaults();
	#[cfg(feature = "metadata-hash")]
	let runtime = runtime.enable_metadata_hash(battery_token::SYMBOL, battery_token::DECIMALS);
	runtime.build();

	if std::env::var_os(UPGRADE_WASM_ENV).is_some() {
		upgrade_test_wasm().build();
	}
}

/// The builder of the next runtime version's wasm (no metadata hash: one compile, not two).
#[cfg(feature = "std")]
fn upgrade_test_wasm() -> substrate_wasm_builder::WasmBuilder {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_feature("upgrade-test")
		.set_file_name("battery_runtime_upgrade")
}

#[cfg(not(feature = "std"))]
fn main() {}

/// The token constants, shared with the runtime source so they are written once (the build script
/// uses the symbol and decimals only).
#[cfg(all(feature = "std", feature = "metadata-hash"))]
#[allow(dead_code)]
mod battery_token {
	include!("src/token.rs");
}
