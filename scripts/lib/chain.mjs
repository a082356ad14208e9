// @polkadot/api helpers shared by the scripts and the e2e suite. The api is created with NO custom
// types: everything must decode from the runtime metadata alone.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/**
 * Connects @polkadot/api to `wsUrl` with no custom type definitions. With `timeoutMs`, a node that
 * does not answer in time is an error instead of an endless reconnect loop. Pass your own
 * `provider` to send raw requests too (`battery_*` methods are not decorated on `api.rpc` without
 * type definitions).
 */
export async function connect(wsUrl, { timeoutMs, provider = new WsProvider(wsUrl, 1000) } = {}) {
  await cryptoWaitReady();
  const created = ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  if (!timeoutMs) return created;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connecting to ${wsUrl} timed out after ${timeoutMs / 1000}s`)), timeoutMs);
  });
  try {
    return await Promise.race([created, timeout]);
  } catch (error) {
    await provider.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The well-known dev keys (sr25519), encoded with the chain's SS58 prefix: `alice` … `ferdie` and
 * their `//stash` accounts (`aliceStash` … `ferdieStash`; the presets seed `//Alice//stash` as the
 * User of Dave).
 */
export function devKeys(ss58Format) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format });
  const keys = {};
  for (const name of ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']) {
    keys[name.toLowerCase()] = keyring.addFromUri(`//${name}`);
    keys[`${name.toLowerCase()}Stash`] = keyring.addFromUri(`//${name}//stash`);
  }
  return keys;
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
 * The nonces this process saw its own transactions reach a block with, by api and signer. When a
 * validator restarts, the block holding a transaction may be retracted for a sibling: the pool
 * takes the transaction back, but until it has, `system_accountNextIndex` answers the retracted
 * nonce again and a transaction signed with it collides with its own predecessor (1014 Priority is
 * too low). Signing here never goes below the nonce after the last one seen in a block.
 */
const includedNonces = new WeakMap();

const accountKey = (api, address) => api.createType('AccountId', address).toHex();

function noteIncluded(api, address, tx) {
  const byAccount = includedNonces.get(api) ?? new Map();
  includedNonces.set(api, byAccount);
  const key = accountKey(api, address);
  const nonce = tx.nonce.toNumber();
  if (nonce > (byAccount.get(key) ?? -1)) byAccount.set(key, nonce);
}

/** The next nonce of `address`: the node's (transaction pool included), or after our last included. */
async function nextNonce(api, address) {
  const node = (await api.rpc.system.accountNextIndex(address)).toNumber();
  const seen = includedNonces.get(api)?.get(accountKey(api, address));
  return seen === undefined ? node : Math.max(node, seen + 1);
}

/**
 * Signs `tx` with `signer`, submits it and waits until it is in a block. Resolves to
 * { blockHash, events: [{ name, event }], error } where `error` is the dispatch error name
 * (`consortium.NotMember`) or undefined. For `sudo.sudo`, the inner call's error is reported.
 * A `tx` signed already (by `signInOrder`) is submitted as it is.
 */
export async function submit(api, tx, signer) {
  if (!tx.isSigned) await tx.signAsync(signer, { nonce: await nextNonce(api, signer.address) });
  return new Promise((resolve, reject) => {
    let unsubscribe;
    const callback = ({ status, events, dispatchError }) => {
      if (!status.isInBlock) return;
      unsubscribe?.();
      noteIncluded(api, signer.address, tx);
      const named = events.map(({ event }) => ({ name: `${event.section}.${event.method}`, event }));
      let error = dispatchError ? errorName(api, dispatchError) : undefined;
      const sudid = named.find((e) => e.name === 'sudo.Sudid');
      if (!error && sudid && sudid.event.data.sudoResult.isErr) {
        error = errorName(api, sudid.event.data.sudoResult.asErr);
      }
      resolve({ blockHash: status.asInBlock, events: named, error });
    };
    tx.send(callback).then((u) => { unsubscribe = u; }, reject);
  });
}

/**
 * Signs `txs` with `signer`, with consecutive nonces from its next one (transaction pool
 * included, never below one this process saw in a block), so that they can be submitted at once
 * and still dispatch in this order, in one block when they fit: `Promise.all` over `submit` of
 * each (`submit` sends a signed tx as it is). Only for a signer with no other transaction under way.
 */
export async function signInOrder(api, signer, txs) {
  let nonce = await nextNonce(api, signer.address);
  for (const tx of txs) {
    await tx.signAsync(signer, { nonce });
    nonce += 1;
  }
  return txs;
}

/**
 * `submitOrThrow` of each `[tx, what]` of `steps`, all signed by `signer` in this order
 * (`signInOrder`) and submitted at once; resolves to their outcomes, in order.
 */
export async function inOrder(api, signer, steps) {
  const txs = await signInOrder(api, signer, steps.map(([tx]) => tx));
  return Promise.all(txs.map((tx, i) => submitOrThrow(api, tx, signer, steps[i][1])));
}

/** Like `submit`, but a dispatch error throws (`what: consortium.NotMember`). */
export async function submitOrThrow(api, tx, signer, what) {
  const outcome = await submit(api, tx, signer);
  if (outcome.error) throw new Error(`${what}: ${outcome.error}`);
  return outcome;
}

/**
 * Calls of several signers at once, one block's worth when they fit: `groups` lists
 * `[signer, steps]`, each signer once, its steps (`[tx, what]`, each must succeed) dispatched in
 * their order (`inOrder`); the order of different signers' calls within a block is not fixed.
 * Resolves to each group's outcomes.
 */
export async function together(api, groups) {
  const signers = groups.map(([signer]) => signer.address);
  if (new Set(signers).size !== signers.length) throw new Error(`a signer twice among ${signers}`);
  return Promise.all(groups.map(([signer, steps]) => (steps.length ? inOrder(api, signer, steps) : [])));
}

/**
 * Factory data of the 5 Ah test cell the scripts register (model and place are labels). The
 * chemistry must be the one of the characterisation written later (the chain refuses a mismatch).
 */
export function cellFactory(model, manufacturingPlace, chemistry = 'Nmc') {
  return {
    model, chemistry, ratedCapacityMah: 5_000, minVoltageMv: 2_500,
    nominalVoltageMv: 3_600, maxVoltageMv: 4_200, ratedEnergyWh: 18, maxChargeRateMilliC: 1_000,
    maxDischargeRateMilliC: 3_000, massG: 70, manufacturingPlace,
    manufacturingDate: { year: 2026, month: 1, day: 15 }, expectedCycleLife: 1_000, warrantyMonths: 24,
  };
}

/**
 * On a dev chain seeded with one member per role: Bob (manufacturer) registers battery `id` (or
 * each of an array of IDs) with `factory`, Charlie (logistics) carries it, Dave (operator) takes
 * it and puts it in service. Each party's steps go in one block (three blocks in all); `then`
 * appends more steps (`[tx, what]`) of a party to its block: `{ bob, charlie, dave }`. Resolves
 * to the outcomes of those steps, by party.
 */
export async function putInService(api, { bob, charlie, dave }, id, factory, then = {}) {
  const ids = [id].flat();
  const { battery } = api.tx;
  const each = (step, what) => ids.map((b) => [step(b), `${what} ${b}`]);
  const steps = {
    bob: [[battery.registerBatteries(factory, ids), 'register'],
      ...each((b) => battery.offerCustody(b, charlie.address), 'offer to carrier')],
    charlie: [...each((b) => battery.acceptCustody(b), 'carrier accepts'),
      ...each((b) => battery.transition(b, 'InTransit'), 'in transit'),
      ...each((b) => battery.offerCustody(b, dave.address), 'offer to operator')],
    dave: [...each((b) => battery.acceptCustody(b), 'operator accepts'),
      ...each((b) => battery.transition(b, 'InService'), 'in service')],
  };
  const outcomes = {};
  for (const [name, pair] of [['bob', bob], ['charlie', charlie], ['dave', dave]]) {
    const own = await inOrder(api, pair, [...steps[name], ...(then[name] ?? [])]);
    outcomes[name] = own.slice(steps[name].length);
  }
  return outcomes;
}
