// What every measure shares: the api, the raw provider, the block tracker, the dev keys, the
// chain's limits (read from the metadata), nonces kept here (signing never asks the node), and
// `send` for set-up transactions: signed offline, submitted, awaited in a block, failures thrown.

import { Keyring } from '@polkadot/keyring';
import { devKeys } from '../chain.mjs';
import { signOffline } from './submit.mjs';

export const UNIT = 10n ** 12n;

/** The chain's limits the measures compare against, from the runtime metadata. */
export function chainLimits(api) {
  const weights = api.consts.system.blockWeights;
  const normal = weights.perClass.normal;
  return {
    normalWeight: Number(normal.maxTotal.unwrap().refTime.toBigInt()),
    maxBlockWeight: Number(weights.maxBlock.refTime.toBigInt()),
    baseExtrinsic: Number(normal.baseExtrinsic.refTime.toBigInt()),
    normalLength: api.consts.system.blockLength.max.normal.toNumber(),
    maxLength: api.consts.system.blockLength.max.mandatory.toNumber(),
    maxSamples: api.consts.telemetry.maxSamples.toNumber(),
    maxLot: api.consts.battery.maxBatchSize.toNumber(),
    maxPending: api.consts.telemetry.maxPendingPerBattery.toNumber(),
    ocwBatchesPerRun: api.consts.telemetry.maxOcwBatchesPerRun.toNumber(),
    slotMs: Number(api.consts.aura?.slotDuration?.toBigInt?.() ?? 0n)
      || 2 * Number(api.consts.timestamp.minimumPeriod.toBigInt()),
  };
}

export function createContext({ api, provider, tracker, node, say }) {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const nonces = new Map();
  const ctx = {
    api,
    provider,
    tracker,
    node,
    say,
    keyring,
    keys: devKeys(api.registry.chainSS58),
    limits: chainLimits(api),
    rpc: (method, params) => provider.send(method, params),
    /** The next nonce of `pair` (read from the node once, then counted here). */
    nonce(pair) {
      const mine = nonces.get(pair.address)
        ?? api.rpc.system.accountNextIndex(pair.address).then((n) => n.toNumber());
      nonces.set(pair.address, mine.then((n) => n + 1));
      return mine;
    },
    /** Signs `tx` with `pair` at its next nonce: { hex, hash, bytes }. */
    async sign(tx, pair) {
      return signOffline(api, tx, pair, await ctx.nonce(pair));
    },
    /** Submits a signed transaction and waits for its block; a failure throws `what: error`. */
    async submitSigned(signed, what, timeoutMs = 120_000) {
      const included = ctx.tracker.waitFor(signed.hash, timeoutMs);
      await provider.send('author_submitExtrinsic', [signed.hex]);
      const found = await included;
      if (!found.ok) throw new Error(`${what}: ${found.error}`);
      return found;
    },
    /** Signs, submits and awaits `tx` (set-up steps). */
    async send(tx, pair, what) {
      return ctx.submitSigned(await ctx.sign(tx, pair), what);
    },
    /** `utility.batchAll` of `calls` in chunks of `chunk`, signed by `pair`, all awaited. */
    async sendBatches(calls, pair, what, chunk = 200) {
      const sends = [];
      for (let k = 0; k < calls.length; k += chunk) {
        sends.push(ctx.send(api.tx.utility.batchAll(calls.slice(k, k + chunk)), pair, `${what} (${k}…)`));
      }
      return Promise.all(sends);
    },
  };
  return ctx;
}

/** The data of the first event `name` of an included extrinsic, or an error naming what happened. */
export function eventOf(found, name) {
  const e = found.events.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name} among ${found.events.map((x) => x.name).join(', ')}`);
  return e.data;
}

/** A run tag of six characters 0-9A-Z, unique per call (battery ids, EVSE ids). */
let tagCount = 0;
export function runTag() {
  tagCount += 1;
  return (Date.now() + tagCount).toString(36).toUpperCase().slice(-6).padStart(6, '0');
}

/** A GB/T 34014 battery id of run `tag`, serial `n`. */
export const batteryId = (tag, n) => `03HP${tag}00C7LB5${String(n).padStart(7, '0')}`;
