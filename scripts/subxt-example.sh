#!/usr/bin/env bash
# Runs the subxt example client (clients/subxt) against a running node: fetches the node's
# metadata into clients/subxt/metadata.scale (what subxt generates its code from), builds the
# client (its own workspace and target dir: the node's builds never compile subxt) and runs it.
#
#   scripts/subxt-example.sh [ws://127.0.0.1:9944] [battery ID]
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

url="${1:-ws://127.0.0.1:9944}"
http="${url/#ws/http}"
client="$REPO_ROOT/clients/subxt"

ensure_rust
command -v node >/dev/null 2>&1 || die "Node.js is needed to write the metadata file"
# Metadata V15 (with the runtime APIs; `state_getMetadata` serves V14, which has none): the
# runtime's `Metadata_metadata_at_version(15)`, an `Option<OpaqueMetadata>`.
log "fetching the metadata (V15) of $http"
curl -sf -H 'Content-Type: application/json' \
	-d '{"jsonrpc":"2.0","id":1,"method":"state_call","params":["Metadata_metadata_at_version","0x0f000000"]}' "$http" |
	(cd "$REPO_ROOT" && node -e '
		const { compactFromU8a, hexToU8a } = require("@polkadot/util");
		let s = "";
		process.stdin.on("data", (d) => { s += d; }).on("end", () => {
			const bytes = hexToU8a(JSON.parse(s).result);
			if (bytes[0] !== 1) throw new Error("the runtime has no metadata V15");
			const [offset, length] = compactFromU8a(bytes.subarray(1));
			require("fs").writeFileSync(process.argv[1], bytes.subarray(1 + offset, 1 + offset + length.toNumber()));
		});' "$client/metadata.scale") ||
	die "no metadata from $http (is the node running?)"
export CARGO_TARGET_DIR="${SUBXT_TARGET_DIR:-$HOME/.cache/battery-chain/subxt-target}"
(cd "$client" && cargo run --release --quiet -- "$url" "${@:2}")
