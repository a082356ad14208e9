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

# The next runtime version for the live-upgrade e2e test (scripts/e2e/upgrade.test.mjs): the runtime
# with `spec_version` one higher, built by the runtime's build script next to the node's wasm under
# its own name (BATTERY_BUILD_UPGRADE_WASM, set in lib/common.sh; see runtime/build.rs).
export BATTERY_UPGRADE_WASM="$CARGO_TARGET_DIR/release/wbuild/battery-runtime/battery_runtime_upgrade.compact.compressed.wasm"

# The e2e suite and the zombienet network mostly wait for blocks (3 s), so they run in the
# background while the cargo tests compile and run in the foreground at the lowest CPU priority
# (`nice`): the nodes keep the CPU they need, the compiler takes the rest. Together they take about
# as long as the longer of the two (on the 2-core CI machine kind, 2026-11-30: e2e 218 s, cargo
# steps 200 s, one after the other 418 s). The e2e files (each starts its own dev node) run six at
# a time: the suite took 220 s four at a time and 184 s six at a time (ten files); ten at a time
# made a node's start-up exceed a minute beside zombienet. Their output goes to logs printed at the
# end (the e2e log always, the network's when it fails).
step "zombienet (4 validators, restart one) and the end-to-end suite (@polkadot/api, node --test), in the background"
# They run copies of the binaries: `cargo test` may relink the originals meanwhile (its dev-dependency
# features) while a node is being started.
bins="$(mktemp -d "${TMPDIR:-/tmp}/battery-bins-XXXXXX")"
cp "$BATTERY_NODE" "$BATTERY_TAG" "$BATTERY_SEAL" "$ESTIMATOR_REPLAY" "$BATTERY_UPGRADE_WASM" "$bins/"
export BATTERY_NODE="$bins/battery-node" BATTERY_TAG="$bins/battery-tag" BATTERY_SEAL="$bins/battery-seal" \
	ESTIMATOR_REPLAY="$bins/estimator-replay" BATTERY_UPGRADE_WASM="$bins/${BATTERY_UPGRADE_WASM##*/}"
zombienet_log="$(mktemp "${TMPDIR:-/tmp}/battery-zombienet-XXXXXX")"
e2e_log="$(mktemp "${TMPDIR:-/tmp}/battery-e2e-XXXXXX")"
# Their own sessions, so that an interrupted or failing run stops the nodes with them.
setsid "$REPO_ROOT/zombienet/run.sh" >"$zombienet_log" 2>&1 &
zombienet_pid=$!
(cd "$REPO_ROOT" && exec setsid node --test --test-concurrency=6 scripts/e2e/) >"$e2e_log" 2>&1 &
e2e_pid=$!
trap 'kill -- -"$zombienet_pid" -"$e2e_pid" 2>/dev/null || true' EXIT INT TERM

cargo_status=0
cargo_steps() {
	# Library, binary and integration tests (doc examples and benches are not compiled here).
	step "cargo test (workspace, release profile)"
	(cd "$REPO_ROOT" && nice -n 19 cargo test --locked --release --workspace --lib --bins --tests) || return 1

	# The FRAME benchmarks of every project pallet, run as tests (one iteration each, on the mock).
	step "benchmarks as tests (runtime-benchmarks feature)"
	local bench_features=""
	for manifest in "$REPO_ROOT"/pallets/*/Cargo.toml; do
		pallet="$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -n1)"
		bench_features="$bench_features,$pallet/runtime-benchmarks"
		bench_packages+=(-p "$pallet")
	done
	(cd "$REPO_ROOT" && nice -n 19 cargo test --locked --release "${bench_packages[@]}" --features "${bench_features#,}" --lib -- benchmark) || return 1

	# The runtime's try-runtime feature (pre/post-upgrade hooks, try_state) and its benchmark
	# set-up (runtime/src/benchmarks.rs, only compiled with runtime-benchmarks) must keep compiling:
	# one native `cargo check` of the runtime alone (its own feature resolution, metadata only).
	step "try-runtime and runtime-benchmarks features compile (cargo check, battery-runtime)"
	(cd "$REPO_ROOT" && SKIP_WASM_BUILD=1 nice -n 19 cargo check --locked --release -p battery-runtime --features try-runtime,runtime-benchmarks) || return 1
}
cargo_steps || cargo_status=$?

step "waiting for the end-to-end suite and the zombienet network"
e2e_status=0
wait "$e2e_pid" || e2e_status=$?
zombienet_status=0
wait "$zombienet_pid" || zombienet_status=$?
trap - EXIT INT TERM
cat "$e2e_log" >&2
rm -rf "$e2e_log" "$bins"
if [ "$zombienet_status" -ne 0 ]; then
	cat "$zombienet_log" >&2
	log "zombienet network test failed (exit $zombienet_status); its log: $zombienet_log"
else
	tail -n 5 "$zombienet_log" >&2
	rm -f "$zombienet_log"
fi
[ "$cargo_status" -eq 0 ] || log "cargo tests failed"
[ "$e2e_status" -eq 0 ] || log "end-to-end suite failed (exit $e2e_status)"
[ "$cargo_status" -eq 0 ] && [ "$zombienet_status" -eq 0 ] && [ "$e2e_status" -eq 0 ] || die "tests failed"

step "all tests passed"
