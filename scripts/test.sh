#!/usr/bin/env bash
# Runs every test of battery-chain: the cargo tests of the workspace (release profile, shared with the
# node build), the release node build, the @polkadot/api end-to-end suite against a dev node it starts
# itself, and the zombienet network test. Exits non-zero on the first failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

started=$(date +%s)
step() { log "[$(( $(date +%s) - started ))s] $*"; }

ensure_prerequisites

step "release build of battery-node"
build_node

step "cargo test (workspace, release profile)"
(cd "$REPO_ROOT" && cargo test --locked --release --workspace)

step "end-to-end suite (@polkadot/api, node --test)"
(cd "$REPO_ROOT" && node --test --test-concurrency=1 scripts/e2e/)

step "zombienet: 3 validators, restart one"
"$REPO_ROOT/zombienet/run.sh"

step "all tests passed"
