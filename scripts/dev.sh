#!/usr/bin/env bash
# Starts a battery-chain development chain: installs what is missing, builds the node, runs
# `battery-node --dev` with JSON-RPC on 127.0.0.1:9944. Extra arguments go to the node
# (e.g. `scripts/dev.sh --tmp` for a throw-away chain).
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ensure_prerequisites
build_node

cat >&2 <<MSG

  battery-chain dev node: ws://127.0.0.1:9944 (JSON-RPC over WebSocket and HTTP)
  polkadot.js apps:       https://polkadot.js.org/apps/?rpc=ws://127.0.0.1:9944
  a raw transfer:         node scripts/sign-transfer.mjs | curl -sH 'Content-Type: application/json' -d @- http://127.0.0.1:9944
  stop with Ctrl-C; wipe the chain with: $BATTERY_NODE purge-chain --dev -y

MSG
exec "$BATTERY_NODE" --dev --rpc-port 9944 --rpc-cors all "$@"
