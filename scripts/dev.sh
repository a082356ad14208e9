#!/usr/bin/env bash
# Starts a battery-chain development chain: installs what is missing, builds the node, runs
# `battery-node --dev` with JSON-RPC on 127.0.0.1:9944.
#
#   scripts/dev.sh [--demo] [node arguments…]
#
# --demo      once the node is up, fill the chain with the whole-life story (scripts/demo.mjs:
#             a battery from the factory to its second life) and print where to look; the node
#             keeps running. Safe to repeat against the same chain: each run uses new IDs.
# Every other argument goes to the node and wins over the defaults here: `--rpc-port 9977` moves
# the endpoint (and the banner says so), `--rpc-cors` replaces `all`, `--tmp` gives a throw-away
# chain.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

demo=0
rpc_port=9944
port_given=0
cors_given=0
host=127.0.0.1
node_args=()
while [ $# -gt 0 ]; do
	case "$1" in
		--demo) demo=1 ;;
		--rpc-port)
			[ $# -ge 2 ] || die "--rpc-port needs a port number"
			rpc_port="$2"; port_given=1; node_args+=("$1" "$2"); shift ;;
		--rpc-port=*) rpc_port="${1#*=}"; port_given=1; node_args+=("$1") ;;
		--rpc-cors)
			[ $# -ge 2 ] || die "--rpc-cors needs a value"
			cors_given=1; node_args+=("$1" "$2"); shift ;;
		--rpc-cors=*) cors_given=1; node_args+=("$1") ;;
		--rpc-external | --unsafe-rpc-external) host=0.0.0.0; node_args+=("$1") ;;
		*) node_args+=("$1") ;;
	esac
	shift
done
[[ "$rpc_port" =~ ^[0-9]+$ ]] || die "--rpc-port: not a port number: $rpc_port"
[ "$port_given" = 1 ] || node_args=(--rpc-port "$rpc_port" "${node_args[@]}")
[ "$cors_given" = 1 ] || node_args+=(--rpc-cors all)

ensure_prerequisites
build_node

# Where clients connect: loopback also when the node listens on every interface.
ws="ws://127.0.0.1:$rpc_port"
http="http://127.0.0.1:$rpc_port"
banner() {
	local listening="127.0.0.1:$rpc_port"
	[ "$host" = 0.0.0.0 ] && listening="0.0.0.0:$rpc_port (every interface)"
	cat >&2 <<MSG

  battery-chain dev node: $ws (JSON-RPC over WebSocket and HTTP, listening on $listening)
  polkadot.js apps:       https://polkadot.js.org/apps/?rpc=$ws
  a raw transfer:         node scripts/sign-transfer.mjs | curl -sH 'Content-Type: application/json' -d @- $http
  the whole-life demo:    node scripts/demo.mjs --url $ws
  stop with Ctrl-C; wipe the chain with: $BATTERY_NODE purge-chain --dev -y

MSG
}

if [ "$demo" = 0 ]; then
	banner
	exec "$BATTERY_NODE" --dev "${node_args[@]}"
fi

# --demo: the node in the background (stopped with this script), the story once it answers. The
# story gives the node's off-chain worker a reader secret through the unsafe RPC methods, which a
# node listening on every interface does not serve unless told to.
if [ "$host" = 0.0.0.0 ] && [[ " ${node_args[*]} " != *" --rpc-methods unsafe "* ]] &&
	[[ " ${node_args[*]} " != *" --rpc-methods=unsafe "* ]]; then
	die "--demo with --rpc-external needs --rpc-methods unsafe (the demo uses offchain_localStorageSet and author_insertKey)"
fi
"$BATTERY_NODE" --dev "${node_args[@]}" &
node_pid=$!
stop_node() { kill -TERM "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; }
trap 'stop_node; exit 130' INT TERM HUP
trap stop_node EXIT
log "waiting for the node's JSON-RPC on $http"
answered=0
for _ in $(seq 1 120); do
	if curl -sf -H 'Content-Type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"system_health"}' "$http" >/dev/null 2>&1; then
		answered=1
		break
	fi
	kill -0 "$node_pid" 2>/dev/null || die "the node exited before its RPC answered"
	sleep 1
done
[ "$answered" = 1 ] || die "the node's RPC did not answer within 120 s"
if node "$REPO_ROOT/scripts/demo.mjs" --url "$ws"; then
	log "the demo story is on the chain; the node keeps running"
else
	log "the demo failed (above); the node keeps running"
fi
banner
wait "$node_pid" || true
