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

# The runtime's try-runtime feature (pre/post-upgrade hooks, try_state) and its benchmark set-up
# (runtime/src/benchmarks.rs, only compiled with runtime-benchmarks) must keep compiling: one native
# `cargo check` of the runtime alone (its own feature resolution, metadata only; no wasm).
step "try-runtime and runtime-benchmarks features compile (cargo check, battery-runtime)"
(cd "$REPO_ROOT" && SKIP_WASM_BUILD=1 cargo check --locked --release -p battery-runtime --features try-runtime,runtime-benchmarks)

# The next runtime version for the live-upgrade e2e test (scripts/e2e/upgrade.test.mjs): the runtime
# with `spec_version` one higher, built by the runtime's build script next to the node's wasm under
# its own name (BATTERY_BUILD_UPGRADE_WASM, set in lib/common.sh; see runtime/build.rs).
export BATTERY_UPGRADE_WASM="$CARGO_TARGET_DIR/release/wbuild/battery-runtime/battery_runtime_upgrade.compact.compressed.wasm"

# The e2e suite and the zombienet network run side by side: both mostly wait for blocks (3 s), so
# together they take about as long as the longer of the two. The e2e files (each starts its own dev
# node) run six at a time for the same reason: on the 2-core CI machine kind the suite took 220 s
# four at a time and 184 s six at a time (2026-11-30, ten files); ten at a time (172 s alone) made
# a node's start-up exceed a minute beside zombienet. The network's output goes to a log printed
# when it fails.
step "zombienet (4 validators, restart one) and the end-to-end suite (@polkadot/api, node --test)"
zombienet_log="$(mktemp "${TMPDIR:-/tmp}/battery-zombienet-XXXXXX")"
# Its own session, so that an interrupted or failing run stops the network with all its nodes.
setsid "$REPO_ROOT/zombienet/run.sh" >"$zombienet_log" 2>&1 &
zombienet_pid=$!
trap 'kill -- -"$zombienet_pid" 2>/dev/null || true' EXIT INT TERM
e2e_status=0
(cd "$REPO_ROOT" && node --test --test-concurrency=6 scripts/e2e/) || e2e_status=$?
zombienet_status=0
wait "$zombienet_pid" || zombienet_status=$?
trap - EXIT INT TERM
if [ "$zombienet_status" -ne 0 ]; then
	cat "$zombienet_log" >&2
	log "zombienet network test failed (exit $zombienet_status); its log: $zombienet_log"
else
	tail -n 5 "$zombienet_log" >&2
	rm -f "$zombienet_log"
fi
[ "$e2e_status" -eq 0 ] || log "end-to-end suite failed (exit $e2e_status)"
[ "$zombienet_status" -eq 0 ] && [ "$e2e_status" -eq 0 ] || die "tests failed"

step "all tests passed"
