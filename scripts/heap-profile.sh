#!/usr/bin/env bash
# Where the node's memory goes under load: runs scripts/bench.mjs with a node whose jemalloc keeps a
# heap profile (battery-node's `heap-profiling` feature), then prints the largest live heap the
# run saw, by call stack (jemalloc's jeprof, from the vendored jemalloc sources).
#
#   scripts/heap-profile.sh [bench options]     e.g. --only telemetry --sustain 300
#
# The profiling node is built into $CARGO_TARGET_DIR/heap-profiling/battery-node, again when the
# checkout's revision changed or has local changes (the same features as the normal build plus
# the allocator's, so only jemalloc and the node rebuild; the normal binary is rebuilt after).
# jemalloc samples one allocation per 512 KiB (lg_prof_sample 19) and writes a profile each 4 GiB
# allocated (lg_prof_interval 32) into $HEAP_PROFILE_DIR (default: a new temporary directory).
# Compare two of them with `jeprof --text --base=EARLY BINARY LATE`.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

profiling_node="$CARGO_TARGET_DIR/heap-profiling/battery-node"
revision="$(git -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
if [ ! -x "$profiling_node" ] || [ "$(cat "$profiling_node.rev" 2>/dev/null)" != "$revision" ] || ! git -C "$REPO_ROOT" diff --quiet HEAD 2>/dev/null; then
	ensure_prerequisites
	log "building battery-node with jemalloc's heap profiler (revision $revision)"
	(cd "$REPO_ROOT" && cargo build --locked --release --workspace --bins --features battery-node/heap-profiling)
	mkdir -p "$(dirname "$profiling_node")"
	cp "$CARGO_TARGET_DIR/release/battery-node" "$profiling_node"
	echo "$revision" >"$profiling_node.rev"
	build_node
elif [ ! -x "$ESTIMATOR_REPLAY" ]; then
	ensure_prerequisites
	build_node
else
	ensure_npm_packages
fi

# jeprof from the jemalloc sources tikv-jemalloc-sys vendors (the version in Cargo.lock).
jemalloc_sys="$(awk '/^name = "tikv-jemalloc-sys"/ { getline; gsub(/"/, "", $3); print $3 }' "$REPO_ROOT/Cargo.lock")"
jeprof_in=""
for candidate in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"tikv-jemalloc-sys-$jemalloc_sys/jemalloc/bin/jeprof.in"; do
	[ -e "$candidate" ] && jeprof_in="$candidate"
done
[ -n "$jeprof_in" ] || die "jeprof.in of tikv-jemalloc-sys $jemalloc_sys not found in the cargo registry (cargo fetch first)"
out="${HEAP_PROFILE_DIR:-$(mktemp -d -t battery-heap-XXXXXX)}"
mkdir -p "$out"
[ -z "$(ls -A "$out")" ] || die "$out is not empty: give HEAP_PROFILE_DIR a new directory"
jeprof="$out/jeprof"
# The jemalloc version from the crate's (5.3.0 in 0.6.1+5.3.0-…); the node's jemalloc is
# unprefixed, so the allocator frames jeprof hides are plain malloc, calloc, …
sed -e "s/@jemalloc_version@/$(echo "$jemalloc_sys" | sed 's/.*+\([0-9.]*\).*/\1/')/" -e 's/@JEMALLOC_PREFIX@//g' "$jeprof_in" >"$jeprof"
chmod +x "$jeprof"

log "profiles in $out"
# jemalloc reads MALLOC_CONF after the node's own malloc_conf (node/src/main.rs), which stays.
# prof_final: a last profile when the node exits (what it still holds then).
BATTERY_NODE="$profiling_node" \
	MALLOC_CONF="prof:true,prof_final:true,lg_prof_sample:19,lg_prof_interval:32,prof_prefix:$out/heap" \
	node "$REPO_ROOT/scripts/bench.mjs" "$@" || log "the bench failed; the profiles so far are kept"

# The interval profile with the largest live heap, unsampled as jeprof does: each stack's bytes
# divided by the chance that an allocation of its average size was sampled (heap_v2 format: the
# header's "/RATE", then per stack "@ ADDRESSES" and "t*: OBJECTS: BYTES [...]").
live_bytes() {
	awk 'NR == 1 { split($1, h, "/"); rate = h[2] }
		/^@/ { stack = 1; next }
		stack && /^ *t\*:/ {
			objects = $2 + 0; bytes = $3 + 0
			if (objects > 0 && bytes > 0) total += bytes / (1 - exp(-(bytes / objects) / rate))
			stack = 0
		}
		END { printf "%d\n", total }' "$1"
}
peak="" peak_bytes=-1
for profile in "$out"/heap.*.i*.heap; do
	[ -e "$profile" ] || continue
	bytes="$(live_bytes "$profile")"
	if [ "${bytes:-0}" -gt "$peak_bytes" ]; then peak="$profile" peak_bytes="${bytes:-0}"; fi
done
[ -n "$peak" ] || die "no interval profile in $out (the run allocated less than 4 GiB, or the node lacks the heap-profiling feature)"
"$jeprof" --text --cum "$profiling_node" "$peak" >"$out/peak-full.txt" 2>/dev/null || die "jeprof could not read $peak"
log "largest live heap in $peak ($(grep -m1 '^Total:' "$out/peak-full.txt"), jeprof's MB are MiB); by cumulative size (wasm frames have no symbols):"
awk -v n="${HEAP_PROFILE_LINES:-80}" '!/ 0x0000/ && c++ < n' "$out/peak-full.txt" | tee "$out/peak.txt"
