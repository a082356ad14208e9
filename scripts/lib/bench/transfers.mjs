// Measure 1, the anchor: signed `balances.transferKeepAlive` per second. Many accounts, funded by
// one batch, each sign a run of transfers (nonces 0, 1, …) ahead of time; they are pushed round
// by round (every account's nonce 0, then every nonce 1, …) as fast as the pool takes them and
// counted from the included blocks over the steady window.

import { UNIT } from './context.mjs';
import { pump } from './submit.mjs';
import { quantile, steadyWindow } from './window.mjs';

const isTransfer = (x) => x.call === 'balances.transferKeepAlive' && x.ok;

/** Funds `accounts` senders (//bench//transfer//k) in one batch per 200; returns their key pairs. */
export async function fundSenders(ctx, accounts) {
  const { api, keys, say } = ctx;
  const senders = Array.from({ length: accounts }, (_, k) => ctx.keyring.addFromUri(`//bench//transfer//${k}`));
  say(`transfers: funding ${accounts} accounts`);
  await ctx.sendBatches(senders.map((s) => api.tx.balances.transferKeepAlive(s.address, 1_000n * UNIT)),
    keys.alice, 'fund the senders');
  return senders;
}

/** Each of the funded `senders` sends `perAccount` transfers. */
export async function measureTransfers(ctx, senders, { perAccount }) {
  const { api, keys, say } = ctx;
  const accounts = senders.length;
  say(`transfers: signing ${accounts * perAccount} transfers`);
  const signedAt = Date.now();
  const signed = [];
  const dest = keys.ferdie.address;
  for (let nonce = 0; nonce < perAccount; nonce += 1) {
    for (const sender of senders) {
      signed.push(await ctx.sign(api.tx.balances.transferKeepAlive(dest, UNIT / 1000n), sender));
    }
  }
  const signMs = (Date.now() - signedAt) / signed.length;

  say(`transfers: submitting (signing took ${signMs.toFixed(2)} ms each)`);
  const startBlock = ctx.tracker.last + 1;
  const stats = await pump(ctx.provider, signed, { concurrency: 64 });
  // Every accepted transfer in a block (or the pool stops taking them).
  const accepted = new Set(signed.map((s) => s.hash));
  for (const r of stats.rejected) accepted.delete(r.hash);
  await waitIncluded(ctx, [...accepted], 180_000);
  await ctx.tracker.blocksPass(1);
  const blocks = ctx.tracker.range(startBlock, ctx.tracker.last);
  const count = (b) => b.extrinsics.filter(isTransfer).length;
  const window = steadyWindow(blocks, count);
  const weights = blocks.flatMap((b) => b.extrinsics.filter(isTransfer).map((x) => Number(x.weight)));
  // The fee/weight info of one transfer (weight without the base extrinsic weight, as the node
  // charges it) next to the actual weight in its ExtrinsicSuccess (with it).
  const info = await api.call.transactionPaymentApi.queryInfo(hexToU8a(signed[0].hex), signed[0].bytes);
  // The call alone, without the transaction extensions' weight.
  const callInfo = await api.call.transactionPaymentCallApi.queryCallInfo(
    api.tx.balances.transferKeepAlive(dest, UNIT / 1000n).method, signed[0].bytes);
  return {
    window,
    accounts,
    submitted: stats.submitted,
    rejected: stats.rejected.length,
    rejectedSample: stats.rejected.slice(0, 3),
    poolRetries: stats.retries,
    submitSeconds: (stats.lastMs - stats.firstMs) / 1000,
    signMs,
    included: blocks.reduce((s, b) => s + count(b), 0),
    weight: quantile(weights, 0.5),
    queryInfoWeight: Number(info.weight.refTime.toBigInt()),
    callWeight: Number(callInfo.weight.refTime.toBigInt()),
    partialFee: info.partialFee.toBigInt().toString(),
    bytes: signed[0].bytes,
  };
}

function hexToU8a(hex) {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** Waits until every hash in `hashes` is in a block, or `timeoutMs` passes (then returns). */
export async function waitIncluded(ctx, hashes, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const left = new Set(hashes);
  while (left.size && Date.now() < deadline) {
    for (const h of left) if (ctx.tracker.included.has(h)) left.delete(h);
    if (left.size) await new Promise((r) => setTimeout(r, 500));
  }
  return left.size;
}
