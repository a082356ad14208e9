// Measure 4: full charging sessions per second, as the whole-life story charges (request by the
// driver with sealed details, start and stop with settlement by the pile's controller), on many
// piles at once: each pile has its own controller device and its own driver, and runs one
// session after the other for the measuring time. A session needs three transactions, each
// after the previous one's block, so a pile settles at most one session every three blocks:
// the rate grows with the piles until the blocks are full.

import { stringToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { encodePlaintext, readerKeyPair, seal } from '../sealed.mjs';
import { eventOf, runTag, UNIT } from './context.mjs';
import { quantile, steadyWindow } from './window.mjs';

// As scripts/lib/story.mjs: the tariff, the charge (42.5 kWh in 30 minutes), a CCS2 connector.
const TARIFF = { pricePerKwh: 400n * 10n ** 9n, perMinute: 10n ** 10n, perSession: 5n * 10n ** 11n };
const CHARGE = { energyWh: 42_500, minutes: 30, maxEnergyWh: 50_000, maxMinutes: 60 };
const ADDRESS = { street: 'Werner-Heisenberg-Allee 25', postalCode: '80939', city: 'Munich', country: 'DEU' };
const MUNICH = { Coordinates: { latitudeE7: 481_351_000, longitudeE7: 115_820_000 } };
const CCS2 = {
  standard: 'Ccs2', format: 'Cable', powerType: 'Dc', maxVoltageV: 920, maxAmperageA: 500, maxElectricPowerW: 350_000,
};
const PILES_PER_STATION = 32;

const settled = (b) => b.extrinsics.reduce((n, x) => n + (x.ok
  ? x.events.filter((e) => e.name === 'charging.SessionSettled').length : 0), 0);

/** Stations, piles, controllers and drivers for `piles` parallel sessions. */
export async function setUpCharging(ctx, piles) {
  const { api, keys, say } = ctx;
  const tag = runTag();
  const stations = Math.ceil(piles / PILES_PER_STATION);
  say(`charging: ${stations} station(s), ${piles} piles, ${piles} drivers`);
  const eveKey = readerKeyPair();
  const authority = await api.query.consortium.authorityReaderKey();
  const registered = await ctx.send(api.tx.utility.batchAll([
    api.tx.consortium.setReaderKey(eveKey.public),
    ...Array.from({ length: stations }, (_, s) => api.tx.charging.registerStation(`Bench ${tag} ${s}`, ADDRESS, MUNICH, 5_000)),
  ]), keys.eve, 'register the stations');
  const stationIds = registered.events.filter((e) => e.name === 'charging.StationRegistered').map((e) => e.data.station.toNumber());
  await ctx.send(api.tx.utility.batchAll(stationIds.map((s) => api.tx.charging.certifyStation(s, true))), keys.alice, 'certify');
  const pileList = Array.from({ length: piles }, (_, p) => ({
    evse: `DE*EVE*E${tag}B${p}*1`,
    station: stationIds[Math.floor(p / PILES_PER_STATION)],
    controller: ctx.keyring.addFromUri(`//bench//pile//${tag}//${p}`),
    driver: ctx.keyring.addFromUri(`//bench//driver//${tag}//${p}`),
    driverKey: readerKeyPair(),
  }));
  await Promise.all([
    ctx.sendBatches(pileList.flatMap((p) => [
      api.tx.charging.registerPile(p.station, p.evse, MUNICH, 'Bench HYC400', [CCS2], TARIFF, ['ChainToken']),
      api.tx.consortium.registerDevice(p.controller.address, 'PileController', p.evse),
    ]), keys.eve, 'piles and controllers', 100),
    ctx.sendBatches(pileList.map((p) => api.tx.consortium.registerUser(p.driver.address)), keys.dave, 'drivers'),
    ctx.sendBatches(pileList.flatMap((p) => [
      api.tx.balances.transferKeepAlive(p.driver.address, 1_000n * UNIT),
      api.tx.balances.transferKeepAlive(p.controller.address, 100n * UNIT),
    ]), keys.charlie, 'fund drivers and controllers'),
  ]);
  await Promise.all(pileList.map((p) => ctx.send(api.tx.consortium.setReaderKey(p.driverKey.public), p.driver,
    'driver reader key')));
  const readersOf = (p) => [p.driverKey.public, eveKey.public, ...(authority.isSome ? [authority.unwrap().toHex()] : [])].sort();
  return pileList.map((p) => ({ ...p, readers: readersOf(p) }));
}

/** One pile's loop: request, start, stop, until `until()`; returns the sessions it settled. */
async function runPile(ctx, pile, until, times) {
  const { api } = ctx;
  let done = 0;
  let meter = 1_000_000;
  while (!until()) {
    const began = ctx.tracker.last;
    // Without a battery the session's subject is the EVSE ID (pallet-charging `session_subject`).
    const details = {
      envelope: seal('Charging', pile.evse, encodePlaintext(api, 'SessionDetails', { vehicle: 'BENCH', note: pile.evse }),
        pile.readers),
    };
    const requested = await ctx.send(api.tx.charging.requestSession(pile.evse, 1, null, CHARGE.maxEnergyWh,
      CHARGE.maxMinutes, details), pile.driver, 'request a session');
    const session = eventOf(requested, 'charging.SessionRequested').session.toNumber();
    // As the story: the charge started 30 minutes before the chain's time and stops at it.
    const startedMs = ctx.tracker.blocks.get(requested.block).timestamp - CHARGE.minutes * 60_000;
    await ctx.send(api.tx.charging.startSession(session, meter, startedMs), pile.controller, 'start');
    meter += CHARGE.energyWh;
    const stopped = await ctx.send(api.tx.charging.stopSession(session, meter, startedMs + CHARGE.minutes * 60_000,
      u8aToHex(blake2AsU8a(stringToU8a(`OCMF ${pile.evse} ${session}`)))), pile.controller, 'stop');
    eventOf(stopped, 'charging.SessionSettled');
    times.push(stopped.block - began);
    done += 1;
  }
  return done;
}

/** The set-up piles (`setUpCharging`) charging one session after the other for `seconds`. */
export async function measureCharging(ctx, pileList, { seconds }) {
  const piles = pileList.length;
  ctx.say(`charging: ${piles} piles charging for ${seconds} s`);
  const startBlock = ctx.tracker.last + 1;
  const end = Date.now() + seconds * 1000;
  const blocksPerSession = [];
  const results = await Promise.allSettled(pileList.map((p) => runPile(ctx, p, () => Date.now() > end, blocksPerSession)));
  const errors = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  await ctx.tracker.blocksPass(1);
  const blocks = ctx.tracker.range(startBlock, ctx.tracker.last);
  const weightOf = (call) => quantile(blocks.flatMap((b) => b.extrinsics.filter((x) => x.call === call && x.ok)
    .map((x) => Number(x.weight))), 0.5);
  const weights = {
    request: weightOf('charging.requestSession'),
    start: weightOf('charging.startSession'),
    stop: weightOf('charging.stopSession'),
  };
  return {
    window: steadyWindow(blocks, settled),
    piles,
    settled: blocks.reduce((s, b) => s + settled(b), 0),
    errors: errors.length,
    errorSample: [...new Set(errors)].slice(0, 3),
    blocksPerSession: quantile(blocksPerSession, 0.5),
    weights,
    sessionWeight: weights.request + weights.start + weights.stop,
  };
}
