#!/usr/bin/env bash
# Runs the zombienet smoke test: exports the `local_testnet` chain spec (raw; the consortium genesis,
# no sudo) from the node, then spawns four equal validators on the native provider and runs
# smoke.zndsl. Uses the release node built by scripts/test.sh (or $BATTERY_NODE).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

[ -x "$BATTERY_NODE" ] || die "no node binary at $BATTERY_NODE (run scripts/test.sh or build it first)"
work="$(mktemp -d -t battery-zombienet-XXXXXX)"
trap 'rm -rf "$work"' EXIT

export BATTERY_CHAIN_SPEC="$work/battery-local-raw.json"
"$BATTERY_NODE" build-spec --chain local --raw --disable-default-bootnode >"$BATTERY_CHAIN_SPEC" 2>/dev/null

cd "$REPO_ROOT/zombienet"
status=0
"$REPO_ROOT/node_modules/.bin/zombienet" --provider native --dir "$work/network" --force test smoke.zndsl || status=$?
if [ "$status" -ne 0 ]; then
	# Keep what explains a failure: the nodes' logs and the story's files.
	kept="$(mktemp -d -t battery-zombienet-failed-XXXXXX)"
	cp "$work"/network/*.log "$work"/network/battery-* "$kept"/ 2>/dev/null || true
	log "zombienet failed (exit $status): the nodes' logs and the story's files are in $kept"
fi
exit "$status"
