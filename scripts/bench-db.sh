#!/usr/bin/env bash
# Measures the database weights of this machine (the time to read and to write one storage item,
# what the runtime's `DbWeight` charges) and writes them as a Rust file (`$OUT`, default
# ./db_weights.rs) to compare with the SDK's `ParityDbWeight` the runtime uses, or to adopt on the
# chain's reference machine with a state of the production chain's size (README "Throughput"):
# builds the node with the `runtime-benchmarks` feature, fills a dev chain
# with the state the throughput benchmark leaves (funded accounts, lots of batteries, telemetry
# batches and results; `scripts/bench.mjs --quick` against it), stops it, and runs
# `battery-node benchmark storage` on its ParityDB: every key of the state read, then written,
# timed one by one. Run it on the chain's reference machine (the weights are that machine's).
#
#   scripts/bench-db.sh                      (the 99th percentile of each, as in the committed file)
#   METRIC=average MUL=1.1 scripts/bench-db.sh
#   BATCH=1000: writes are committed (and timed, per key) in batches of this many keys, as a block
#   of many transactions commits its changes at once
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ensure_prerequisites
build_bench_node

base="$(mktemp -d "${TMPDIR:-/tmp}/battery-db-bench-XXXXXX")"
trap 'kill "$node_pid" 2>/dev/null; rm -rf "$base"' EXIT
port=$((20000 + RANDOM % 20000))
log "filling a dev chain in $base (node on port $port)"
"$BENCH_NODE" --dev --base-path "$base" --rpc-port "$port" --port $((port + 1)) --no-prometheus \
	--no-telemetry --no-mdns --enable-offchain-indexing true --pool-limit 20000 --pool-kbytes 65536 \
	--rpc-max-connections 1000 --rpc-max-request-size 64 --rpc-max-response-size 64 \
	--rpc-message-buffer-capacity-per-connection 4096 >"$base/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 120); do
	curl -sf -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}' \
		"http://127.0.0.1:$port" >/dev/null && break
	kill -0 "$node_pid" 2>/dev/null || die "the node exited (log: $base/node.log)"
	sleep 1
done
node "$REPO_ROOT/scripts/bench.mjs" --url "ws://127.0.0.1:$port" --quick --sustain 0 \
	--only transfers,registrations,telemetry || die "filling the chain failed (node log: $base/node.log)"
kill -TERM "$node_pid"
wait "$node_pid" || true

log "benchmark storage on $base"
"$BENCH_NODE" benchmark storage --dev --base-path "$base" --database paritydb --state-version 1 \
	--metric "${METRIC:-p99}" --mul "${MUL:-1}" --batch-size "${BATCH:-1000}" \
	--template-path "$REPO_ROOT/scripts/db-weight-template.hbs" \
	--weight-path "${OUT:-$PWD/db_weights.rs}"
log "written ${OUT:-$PWD/db_weights.rs}"
