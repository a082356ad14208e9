#!/usr/bin/env bash
# Throughput benchmark of battery-chain (issue 17): starts a fresh dev node of its own and prints
# one table: signed transfers per second (the anchor), battery registrations, telemetry samples,
# charging sessions, the batch-to-result latency, block authoring time and node memory.
#
#   scripts/bench.sh [--quick] [--sustain SECONDS] [--json FILE] [--markdown FILE] [--only LIST]
#
# --quick is a smoke run of every measure (about 3 minutes); without it the sustained telemetry
# load runs 20 minutes (--sustain 1200) for the README's figures. Run it on an otherwise idle
# machine: the node and this script share its cores. See scripts/bench.mjs for every option.
# Uses $BATTERY_NODE and $ESTIMATOR_REPLAY (scripts/lib/common.sh); when either is missing, the
# node and tools are built first, as scripts/dev.sh does.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ ! -x "$BATTERY_NODE" ] || [ ! -x "$ESTIMATOR_REPLAY" ]; then
	log "$BATTERY_NODE or $ESTIMATOR_REPLAY missing: building them"
	ensure_prerequisites
	build_node
else
	ensure_npm_packages
fi
exec node "$REPO_ROOT/scripts/bench.mjs" "$@"
