#!/usr/bin/env bash
# Runs every test of battery-chain: the cargo tests of the workspace (release profile, shared with the
# node build), the release node build, the @polkadot/api end-to-end suite against a dev node it starts
# itself, and the zombienet network test. Exits non-zero on the first failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

started=$(date +%s)
bench_packages=()
step() { log "[$(( $(date +%s) - started ))s] $*"; }

ensure_prerequisites

# Formatting first: it takes a second and fails before anything is built (.rustfmt.toml).
step "cargo fmt --check"
(cd "$REPO_ROOT" && cargo fmt --all --check)

step "release build of battery-node"
build_node

# Library, binary and integration tests (doc examples and benches are not compiled here).
step "cargo test (workspace, release profile)"
(cd "$REPO_ROOT" && cargo test --locked --release --workspace --lib --bins --tests)

# The FRAME benchmarks of every project pallet, run as tests (one iteration each, on the mock).
step "benchmarks as tests (runtime-benchmarks feature)"
bench_features=""
for manifest in "$REPO_ROOT"/pallets/*/Cargo.toml; do
	pallet="$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n1)"
	bench_features="$bench_features,$pallet/runtime-benchmarks"
	bench_packages+=(-p "$pallet")
done
(cd "$REPO_ROOT" && cargo test --locked --release "${bench_packages[@]}" --features "${bench_features#,}" --lib -- benchmark)

# The runtime's try-runtime feature (pre/post-upgrade hooks, try_state) must keep compiling: a native
# `cargo check` of the runtime alone (its own feature resolution, metadata only; no wasm).
step "try-runtime feature compiles (cargo check, battery-runtime)"
(cd "$REPO_ROOT" && SKIP_WASM_BUILD=1 cargo check --locked --release -p battery-runtime --features try-runtime)

# The next runtime version for the live-upgrade e2e test (scripts/e2e/upgrade.test.mjs): the runtime
# with `spec_version` one higher, built by the runtime's build script next to the node's wasm under
# its own name (BATTERY_BUILD_UPGRADE_WASM, set in lib/common.sh; see runtime/build.rs).
export BATTERY_UPGRADE_WASM="$CARGO_TARGET_DIR/release/wbuild/battery-runtime/battery_runtime_upgrade.compact.compressed.wasm"

step "end-to-end suite (@polkadot/api, node --test)"
(cd "$REPO_ROOT" && node --test --test-concurrency=2 scripts/e2e/)

step "zombienet: 4 validators, restart one"
"$REPO_ROOT/zombienet/run.sh"

step "all tests passed"
