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

/** `section.Name` of a DispatchError (module errors resolved from metadata), or its string form. */
export function errorName(api, dispatchError) {
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    return `${meta.section}.${meta.name}`;
  }
  return dispatchError.toString();
}

/**
 * Signs `tx` with `signer`, submits it and waits until it is in a block. Resolves to
 * { blockHash, events: [{ name, event }], error } where `error` is the dispatch error name
 * (`consortium.NotMember`) or undefined. For `sudo.sudo`, the inner call's error is reported.
 */
export function submit(api, tx, signer) {
  return new Promise((resolve, reject) => {
    let unsubscribe;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (!status.isInBlock) return;
      unsubscribe?.();
      const named = events.map(({ event }) => ({ name: `${event.section}.${event.method}`, event }));
      let error = dispatchError ? errorName(api, dispatchError) : undefined;
      const sudid = named.find((e) => e.name === 'sudo.Sudid');
      if (!error && sudid && sudid.event.data.sudoResult.isErr) {
        error = errorName(api, sudid.event.data.sudoResult.asErr);
      }
      resolve({ blockHash: status.asInBlock, events: named, error });
    }).then((u) => { unsubscribe = u; }, reject);
  });
}
