#!/usr/bin/env bash
# Regenerates the `weights.rs` of every project pallet from its FRAME benchmarks: builds the node
# with the `runtime-benchmarks` feature (which adds the `benchmark` subcommand and is kept out of the
# normal build because it pulls in many crates), then runs `benchmark pallet` on the dev runtime.
#
#   scripts/bench-weights.sh [pallet_consortium pallet_battery ...]   (default: all project pallets)
#   STEPS=50 REPEAT=20 scripts/bench-weights.sh                       (default: 50 steps, 20 repeats)
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ensure_apt_packages
ensure_rust

build_bench_node
node_bin="$BENCH_NODE"

pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=(pallet_consortium pallet_battery pallet_logistics pallet_charging pallet_recycling pallet_telemetry pallet_governance pallet_passport)
for pallet in "${pallets[@]}"; do
	dir="$REPO_ROOT/pallets/${pallet#pallet_}"
	[ -d "$dir" ] || die "no pallet folder $dir"
	log "benchmarking $pallet"
	"$node_bin" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "${STEPS:-50}" --repeat "${REPEAT:-20}" --wasm-execution compiled \
		--template "$REPO_ROOT/scripts/weight-template.hbs" --output "$dir/src/weights.rs"
done

# The CLI's proof-size regression can wrap below zero for some component ranges, giving absurd
# estimates (~10^17 bytes). Refuse to leave such a file unnoticed.
for pallet in "${pallets[@]}"; do
	weights="$REPO_ROOT/pallets/${pallet#pallet_}/src/weights.rs"
	if grep -qE 'from_parts\([0-9_]+, [0-9]{10,}\)' "$weights"; then
		die "$weights has a wrapped proof-size estimate: rerun with more steps or bound it by hand (sum of the reads' MaxEncodedLen proofs), with a comment"
	fi
done
