// @polkadot/api helpers of the e2e suite. The api is created with NO custom types: everything
// must decode from the runtime metadata alone.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/** Connects @polkadot/api to `wsUrl` with no custom type definitions. */
export async function connect(wsUrl) {
  await cryptoWaitReady();
  const provider = new WsProvider(wsUrl, 1000);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  return api;
}

/** The well-known dev keys (sr25519), encoded with the chain's SS58 prefix. */
export function devKeys(ss58Format) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format });
  return {
    alice: keyring.addFromUri('//Alice'),
    bob: keyring.addFromUri('//Bob'),
    charlie: keyring.addFromUri('//Charlie'),
    dave: keyring.addFromUri('//Dave'),
    eve: keyring.addFromUri('//Eve'),
    ferdie: keyring.addFromUri('//Ferdie'),
  };
}

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
