// @polkadot/api helpers of the e2e suite: the shared ones of `scripts/lib/chain.mjs` (connect
// with no custom types, dev keys, submit) plus block and event lookups.

export { connect, devKeys, errorName, submit } from '../../lib/chain.mjs';

/**
 * Finds the block (searching from `fromNumber` up to the best block) holding the extrinsic whose
 * hash is `txHash`; returns { blockHash, index } or undefined.
 */
export async function findExtrinsic(api, txHash, fromNumber) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  for (let n = fromNumber; n <= best; n += 1) {
    const blockHash = await api.rpc.chain.getBlockHash(n);
    const block = await api.rpc.chain.getBlock(blockHash);
    const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === txHash);
    if (index >= 0) return { blockHash, index };
  }
  return undefined;
}

/** Events of extrinsic `index` in block `blockHash`, as `section.method` with decoded data. */
export async function extrinsicEvents(api, blockHash, index) {
  const events = await (await api.at(blockHash)).query.system.events();
  return events
    .filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.eq(index))
    .map(({ event }) => ({ name: `${event.section}.${event.method}`, event }));
}
