// Plain HTTP JSON-RPC helpers (no @polkadot/api, no side effects on import), shared by the e2e
// suite and the zombienet checks. A node's RPC port serves HTTP and WebSocket alike.

/** Sends one JSON-RPC request over HTTP and returns the parsed response (result or error). */
export async function rpc(url, method, params = []) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return response.json();
}

/** Current best and finalized block numbers. */
export async function heights(url) {
  const best = await rpc(url, 'chain_getHeader');
  const finalizedHash = await rpc(url, 'chain_getFinalizedHead');
  const finalized = await rpc(url, 'chain_getHeader', [finalizedHash.result]);
  return { best: parseInt(best.result.number, 16), finalized: parseInt(finalized.result.number, 16) };
}
