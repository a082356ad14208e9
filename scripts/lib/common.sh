# Shared set-up of battery-chain's scripts: sourced by dev.sh and test.sh.
# Installs what a fresh machine lacks (idempotent: every step checks first) and sets the build
# environment. Nothing here builds the project.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT

# One persistent target directory outside the clone, so CI runs and later checkouts on the same
# machine reuse the compiled dependencies. Override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/battery-chain/target}"
mkdir -p "$CARGO_TARGET_DIR"
# The runtime's wasm build runs in the target dir; point it at this workspace so it uses Cargo.lock.
export WASM_BUILD_WORKSPACE_HINT="$REPO_ROOT"

# The runtime's build script also builds the next runtime version's wasm (`upgrade-test` feature,
# own file name) for the live-upgrade test. Set for every build of every script, so switching
# between them never reruns the build script (see runtime/build.rs).
export BATTERY_BUILD_UPGRADE_WASM=1

# The node binary every script and test uses (release profile: the one profile we build).
export BATTERY_NODE="${BATTERY_NODE:-$CARGO_TARGET_DIR/release/battery-node}"
# The NFC/RFID tag tool (encode / verify signed NDEF messages against the chain).
export BATTERY_TAG="${BATTERY_TAG:-$CARGO_TARGET_DIR/release/battery-tag}"
# The sealed-records tool (seal, open, grant; the format of scripts/lib/sealed.mjs).
export BATTERY_SEAL="${BATTERY_SEAL:-$CARGO_TARGET_DIR/release/battery-seal}"
# The estimator's native replay tool (also converts a case sidecar into the on-chain config).
export ESTIMATOR_REPLAY="${ESTIMATOR_REPLAY:-$CARGO_TARGET_DIR/release/estimator-replay}"

log() { printf '\033[1;34m[battery-chain]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[battery-chain] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root (directly when we are root, else through sudo when available).
as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
	else die "need root to run: $*"; fi
}

# Debian packages: protoc (litep2p's protobuf build), a C toolchain and curl. Installed only when
# missing.
ensure_apt_packages() {
	local missing=()
	command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
	command -v cc >/dev/null 2>&1 || missing+=(build-essential)
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	if [ ${#missing[@]} -gt 0 ]; then
		command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
		log "installing Debian packages: ${missing[*]}"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

# Rust: the wasm targets and rust-src for the runtime's wasm build (wasm32v1-none is used when
# present; wasm32-unknown-unknown with rust-src is the fallback of older toolchains), and rustfmt
# for the format check of the tests.
ensure_rust() {
	if ! command -v cargo >/dev/null 2>&1; then
		[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
	fi
	command -v rustup >/dev/null 2>&1 || die "rustup is required (https://rustup.rs)"
	local installed
	installed="$(rustup target list --installed)"
	for target in wasm32-unknown-unknown wasm32v1-none; do
		if ! grep -qx "$target" <<<"$installed"; then
			log "adding rust target $target"
			rustup target add "$target"
		fi
	done
	local components
	components="$(rustup component list --installed)"
	for component in rust-src rustfmt; do
		if ! grep -q "^$component" <<<"$components"; then
			log "adding rust component $component"
			rustup component add "$component"
		fi
	done
}

# Node.js packages of the e2e suite and zombienet (package-lock.json pins them).
ensure_npm_packages() {
	command -v node >/dev/null 2>&1 || die "Node.js >= 20 is required for the e2e suite and zombienet"
	local stamp="$REPO_ROOT/node_modules/.battery-chain-installed"
	if [ ! -f "$stamp" ] || [ "$REPO_ROOT/package-lock.json" -nt "$stamp" ]; then
		log "installing npm packages"
		(cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
		touch "$stamp"
	fi
}

ensure_prerequisites() {
	ensure_apt_packages
	ensure_rust
	ensure_npm_packages
}

# Release build of the node (which builds the runtime wasm too) and the client tools
# (battery-tag, estimator-replay). The whole workspace is selected, as `cargo test --workspace`
# does, so both resolve the same features (each member's `default`) and the test run reuses these
# artefacts instead of compiling the runtime and node a second time.
build_node() {
	log "building battery-node, battery-tag, battery-seal and estimator-replay (release) into $CARGO_TARGET_DIR"
	(cd "$REPO_ROOT" && cargo build --locked --release --workspace --bins)
}

# Builds battery-node with the `runtime-benchmarks` feature (the `benchmark` subcommand) into its
# own target dir (the feature changes most of the dependency graph) and sets BENCH_NODE.
build_bench_node() {
	local bench_target="${BENCH_TARGET_DIR:-$HOME/.cache/battery-chain/bench-target}"
	# frame-benchmarking-cli's storage test runtime is only used by `benchmark storage --mode
	# validate-block`.
	export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
	log "building battery-node with runtime-benchmarks into $bench_target"
	(cd "$REPO_ROOT" && CARGO_TARGET_DIR="$bench_target" cargo build --locked --release -p battery-node --features runtime-benchmarks) || return 1
	BENCH_NODE="$bench_target/release/battery-node"
}
