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

/** Like `submit`, but a dispatch error throws (`what: consortium.NotMember`). */
export async function submitOrThrow(api, tx, signer, what) {
  const outcome = await submit(api, tx, signer);
  if (outcome.error) throw new Error(`${what}: ${outcome.error}`);
  return outcome;
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
 * On a dev chain seeded with one member per role: Bob (manufacturer) registers battery `id` with
 * `factory`, Charlie (logistics) carries it, Dave (operator) takes it and puts it in service.
 */
export async function putInService(api, { bob, charlie, dave }, id, factory) {
  await submitOrThrow(api, api.tx.battery.registerBatteries(factory, [id]), bob, 'register');
  await submitOrThrow(api, api.tx.battery.offerCustody(id, charlie.address), bob, 'offer to carrier');
  await submitOrThrow(api, api.tx.battery.acceptCustody(id), charlie, 'carrier accepts');
  await submitOrThrow(api, api.tx.battery.transition(id, 'InTransit'), charlie, 'in transit');
  await submitOrThrow(api, api.tx.battery.offerCustody(id, dave.address), charlie, 'offer to operator');
  await submitOrThrow(api, api.tx.battery.acceptCustody(id), dave, 'operator accepts');
  await submitOrThrow(api, api.tx.battery.transition(id, 'InService'), dave, 'in service');
}
