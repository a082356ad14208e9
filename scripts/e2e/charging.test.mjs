// Charging (pallet-charging) through @polkadot/api on a dev node this file starts itself: Eve
// (EnergyStation) registers a station and a CCS2 pile with its controller device; it runs no
// session until Alice (Authority) certifies it. A user Dave registered charges 42.5 kWh: the
// tariff's cost of the maximum is held, the controller starts and stops the session, and the
// settlement pays Eve exactly energy × price + time + session fee and releases the rest, in one
// call; balances move by exactly that and the fees. The details (vehicle, note) are sealed for the
// user, Eve and the Authority and decode from the metadata. A second session is cancelled before
// it starts (a full refund); a third is never stopped and anyone closes it after the stop timeout
// at the controller's last meter report. Attempts by the wrong controller, with a meter going
// backwards or beyond the pile's power change nothing.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { decodePlaintext, encodePlaintext, open, readerKeyPair, seal } from '../lib/sealed.mjs';
import { connect, devKeys } from './lib/api.mjs';
import { signInOrder } from '../lib/chain.mjs';
import { eventData, heldFor, ledger } from './lib/ledger.mjs';
import { rpc, startDevNode, waitFor } from './lib/node.mjs';

const UNIT = 10n ** 12n;
const RUN = Date.now().toString(36).toUpperCase().slice(-6);
const EVSE = `DE*EVE*E${RUN}*1`;
// 0.40 BATT per kWh, 0.01 per started minute, 0.50 per session.
const TARIFF = { pricePerKwh: 400n * 10n ** 9n, perMinute: 10n ** 10n, perSession: 5n * 10n ** 11n };
const CCS2 = {
  standard: 'Ccs2', format: 'Cable', powerType: 'Dc', maxVoltageV: 920, maxAmperageA: 500, maxElectricPowerW: 350_000,
};
const MUNICH = { Coordinates: { latitudeE7: 481_351_000, longitudeE7: 115_820_000 } };
const ADDRESS = { street: 'Werner-Heisenberg-Allee 25', postalCode: '80939', city: 'Munich', country: 'DEU' };
const METER = 7_000_000; // the pile's meter before the first session, Wh
// The session timeouts, shortened on this dev chain (runtime storage parameters).
const TIMEOUT_BLOCKS = 2;

let node;
let api;
let k;
let keys;
let ok;
let refused;
let balance;
let station;

/** The Unix ms timestamp of `ms` milliseconds from the chain's current time. */
const chainMs = async (offset = 0) => (await api.query.timestamp.now()).toNumber() + offset;
/** Tariff cost as the runtime computes it: energy × price / 1000 (down), minutes, session fee. */
const cost = (wh, minutes) => (BigInt(wh) * TARIFF.pricePerKwh) / 1000n + BigInt(minutes) * TARIFF.perMinute + TARIFF.perSession;
const sessionHold = (who) => heldFor(api, who, 'Charging', 'Session');
/** `txs` signed by `signer` in this order (consecutive nonces), to be submitted at once: one block. */
const inOrder = (signer, ...txs) => signInOrder(api, signer, txs);

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  k = devKeys(api.registry.chainSS58);
  ({ ok, refused, balance } = ledger(api));
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  k.user = keyring.addFromUri(`//Dave//user//${RUN}`);
  k.controller = keyring.addFromUri(`//Eve//pile//${RUN}`);
  k.rogue = keyring.addFromUri(`//Ferdie//pile//${RUN}`);
  keys = { user: readerKeyPair(), eve: readerKeyPair(), authority: readerKeyPair() };
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** The session details of `payer` at the pile, sealed for the session's keys. */
async function details(vehicle) {
  const readers = [keys.user.public, keys.eve.public, keys.authority.public].sort();
  const plaintext = encodePlaintext(api, 'SessionDetails', { vehicle, note: `run ${RUN}` });
  return { envelope: seal('Charging', EVSE, plaintext, readers) };
}

const request = async (wh, minutes, vehicle = 'M-EV 4242') =>
  api.tx.charging.requestSession(EVSE, 1, null, wh, minutes, await details(vehicle));

async function session(id) {
  const stored = await api.query.charging.sessions(id);
  assert.ok(stored.isSome, `session ${id}`);
  return stored.unwrap();
}

describe('charging sessions paid through escrow', () => {
  it('sets up: reader keys, a user of Dave, Eve\'s pile controller, short session timeouts', async () => {
    const u32 = (n) => u8aToHex(api.createType('u32', n).toU8a());
    const alices = await inOrder(k.alice,
      api.tx.sudo.sudo(api.tx.consortium.setAuthorityReaderKey(keys.authority.public)),
      api.tx.sudo.sudo(api.tx.system.setStorage([
        [xxhashAsHex(':StartTimeout:', 128), u32(TIMEOUT_BLOCKS)],
        [xxhashAsHex(':StopTimeout:', 128), u32(TIMEOUT_BLOCKS)],
      ])));
    const eves = await inOrder(k.eve,
      api.tx.consortium.setReaderKey(keys.eve.public),
      api.tx.consortium.registerDevice(k.controller.address, 'PileController', EVSE));
    await Promise.all([
      ok(eves[0], k.eve),
      ok(eves[1], k.eve, 'consortium.DeviceRegistered'),
      ok(alices[0], k.alice),
      ok(alices[1], k.alice),
      ok(api.tx.consortium.registerUser(k.user.address), k.dave, 'consortium.UserRegistered'),
      ok(api.tx.balances.transferKeepAlive(k.user.address, 1_000n * UNIT), k.bob),
      ok(api.tx.balances.transferKeepAlive(k.controller.address, 10n * UNIT), k.charlie),
      ok(api.tx.balances.transferKeepAlive(k.rogue.address, 10n * UNIT), k.ferdie),
    ]);
    // A registered user with funds.
    await ok(api.tx.consortium.setReaderKey(keys.user.public), k.user);
  });

  it('registers Eve\'s station and CCS2 pile; no session until Alice certifies the station', async () => {
    // Eve's calls in this order, in one block with Dave's: the pile at the station her first call
    // registers, which gets the next station ID.
    const next = (await api.query.charging.nextStationId()).toNumber();
    const eves = await inOrder(k.eve,
      api.tx.charging.registerStation('Allianz Arena fast charging', ADDRESS, MUNICH, 1_200),
      api.tx.charging.registerStation('x', { ...ADDRESS, country: 'deu' }, MUNICH, 50),
      api.tx.charging.registerPile(next, EVSE, MUNICH, 'Alpitronic HYC400', [CCS2], TARIFF, ['ChainToken']),
      api.tx.charging.certifyStation(next, true));
    const [r] = await Promise.all([
      ok(eves[0], k.eve, 'charging.StationRegistered'),
      refused(eves[1], k.eve, 'charging.InvalidAddress', 'a country code in lower case'),
      ok(eves[2], k.eve, 'charging.PileRegistered'),
      refused(eves[3], k.eve, 'charging.NotAuthority', 'Eve certifying herself'),
      refused(api.tx.charging.registerStation('x', ADDRESS, MUNICH, 50), k.dave, 'charging.NotEnergyStation',
        'an Operator registering a station'),
    ]);
    station = eventData(r, 'charging.StationRegistered').station.toNumber();
    assert.equal(station, next, 'the station got the next ID');
    await refused(await request(50_000, 60), k.user, 'charging.WrongStationStatus', 'a session at a pending station');
    await ok(api.tx.charging.certifyStation(station, true), k.alice, 'charging.StationStatusChanged');
    assert.equal((await api.query.charging.stations(station)).unwrap().status.type, 'Certified');
  });

  it('charges 42.5 kWh: the maximum is held, the settlement pays exactly energy x price + time + fee', async () => {
    const user0 = await balance(k.user);
    const eve0 = await balance(k.eve);
    // The request, then two more by the user, in one block: the pile is busy from the first.
    const users = await inOrder(k.user, await request(50_000, 60), await request(10_000, 10),
      api.tx.charging.requestSession(EVSE, 2, null, 10_000, 10, await details('M-EV 4242')));
    const [r] = await Promise.all([
      ok(users[0], k.user, 'charging.SessionRequested'),
      refused(users[1], k.user, 'charging.PileUnavailable', 'a second session at the busy pile'),
      refused(users[2], k.user, 'charging.UnknownConnector', 'the second connector of a one-connector pile'),
    ]);
    const requested = eventData(r, 'charging.SessionRequested');
    const id = requested.session.toNumber();
    const held = cost(50_000, 60);
    assert.equal(requested.held.toBigInt(), held, 'the cost of 50 kWh over 60 minutes is held');
    assert.equal(await sessionHold(k.user), held);
    assert.equal((await api.query.charging.piles(EVSE)).unwrap().status.type, 'Occupied');

    const startedMs = await chainMs(-30 * 60_000);
    // Before the controller starts it (a block of its own: a started session is another error).
    await refused(api.tx.charging.startSession(id, METER, startedMs), k.rogue, 'charging.NotController',
      'a device that is not the pile\'s controller');
    const stoppedMs = startedMs + 30 * 60_000;
    const ocmf = u8aToHex(new Uint8Array(32).fill(7));
    // The controller's calls in this order, in one block.
    const controllers = await inOrder(k.controller,
      api.tx.charging.startSession(id, METER, startedMs),
      api.tx.charging.stopSession(id, METER - 1, stoppedMs, null),
      api.tx.charging.stopSession(id, METER + 42_500, startedMs + 60_000, null),
      api.tx.charging.stopSession(id, METER + 42_500, stoppedMs, ocmf));
    const [, , , stop] = await Promise.all([
      ok(controllers[0], k.controller, 'charging.SessionStarted'),
      refused(controllers[1], k.controller, 'charging.MeterNotMonotonic', 'a meter going backwards'),
      refused(controllers[2], k.controller, 'charging.EnergyAbovePower', '42.5 kWh in one minute on a 350 kW pile'),
      ok(controllers[3], k.controller, 'charging.SessionSettled'),
    ]);
    const settled = eventData(stop, 'charging.SessionSettled');
    const expected = cost(42_500, 30);
    assert.equal(expected, 17n * UNIT + 30n * TARIFF.perMinute + TARIFF.perSession);
    assert.deepEqual(
      [settled.energyWh.toNumber(), settled.minutes.toNumber(), settled.cost.toBigInt(), settled.released.toBigInt()],
      [42_500, 30, expected, held - expected]);
    assert.equal(settled.timedOut.isFalse, true);

    const user1 = await balance(k.user);
    const eve1 = await balance(k.eve);
    assert.equal(await sessionHold(k.user), 0n, 'the hold is released');
    assert.equal(eve1.free - eve0.free, expected, 'Eve is paid exactly energy x price + time + fee');
    assert.equal(user0.free - user1.free, expected + (user1.fees - user0.fees), 'the user pays the same and its fees');
    assert.equal((await api.query.charging.piles(EVSE)).unwrap().status.type, 'Available');

    // The public reads: the session and the pile by RPC.
    const { result: read } = await rpc(node.url, 'battery_session', [id]);
    assert.equal(read.pile, EVSE);
    assert.equal(read.payer, k.user.address);
    assert.equal(read.held, held.toString());
    assert.deepEqual(read.status.Settled && [read.status.Settled.energyWh, read.status.Settled.cost],
      [42_500, expected.toString()]);
    assert.equal(read.status.Settled.signedMeter, ocmf);
    // Found from the Allianz Arena (the pile stands in the city centre, 9.8 km away), by standard
    // and power.
    const ARENA = '48.2188,11.6247';
    const near = (params) => rpc(node.url, 'battery_piles', params);
    const found = (await near([ARENA, 12_000, 'Ccs2', 150_000])).result;
    const mine = found.find((p) => p.evse === EVSE);
    assert.ok(mine, JSON.stringify(found));
    assert.ok(mine.distanceM > 9_500 && mine.distanceM < 10_200, `distance ${mine.distanceM}`);
    assert.equal(mine.stationStatus, 'Certified');
    assert.equal((await near([ARENA, 5_000])).result.some((p) => p.evse === EVSE), false, 'outside 5 km');
    assert.equal((await near([ARENA, 12_000, 'Chademo'])).result.some((p) => p.evse === EVSE), false,
      'no CHAdeMO connector');
    assert.equal((await near([ARENA, 12_000, null, 400_000])).result.some((p) => p.evse === EVSE), false,
      'not 400 kW');
    const { result: pile } = await rpc(node.url, 'battery_pile', [EVSE]);
    assert.deepEqual([pile.stationStatus, pile.status, pile.maxPowerW, pile.connectors[0].standard],
      ['Certified', 'Available', 350_000, 'Ccs2']);
    assert.equal(pile.tariff.pricePerKwh, TARIFF.pricePerKwh.toString());
    assert.deepEqual(pile.stationAddress, ADDRESS);

    // The OCPI charge detail record, as a roaming platform would bill it.
    const { result: cdrs } = await rpc(node.url, 'battery_cdr', [id]);
    assert.equal(cdrs.length, 1, 'no refund, no credit CDR');
    const [cdr] = cdrs;
    const rfc3339 = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    assert.deepEqual([cdr.country_code, cdr.party_id, cdr.id, cdr.session_id], ['DE', 'EVE', `${id}`, `${id}`]);
    assert.deepEqual([cdr.start_date_time, cdr.end_date_time], [rfc3339(startedMs), rfc3339(stoppedMs)]);
    assert.deepEqual(cdr.cdr_location.coordinates, { latitude: '48.1351000', longitude: '11.5820000' });
    assert.deepEqual(
      [cdr.cdr_location.evse_id, cdr.cdr_location.connector_id, cdr.cdr_location.connector_standard,
        cdr.cdr_location.connector_power_type, cdr.cdr_location.country, cdr.cdr_location.postal_code],
      [EVSE, '1', 'IEC_62196_T2_COMBO', 'DC', 'DEU', '80939']);
    assert.deepEqual([cdr.currency, cdr.total_energy, cdr.total_time], ['XEV', 42.5, 0.5]);
    // 17 BATT of energy, 30 minutes at 0.01, the session's 0.50.
    assert.deepEqual([cdr.total_cost, cdr.total_energy_cost, cdr.total_time_cost, cdr.total_fixed_cost],
      [{ excl_vat: 17.8 }, { excl_vat: 17 }, { excl_vat: 0.3 }, { excl_vat: 0.5 }]);
    assert.equal(cdr.cdr_token.uid, u8aToHex(k.user.publicKey).slice(2, 34));
    assert.match(cdr.remark, /Signed meter value BLAKE2b-256 0x0707/);

    const stored = await session(id);
    assert.equal(stored.status.type, 'Settled');
    assert.equal(stored.status.asSettled.signedMeter.unwrap().toHex(), ocmf);
    // The details are the parties': Eve decodes them from the metadata's type, an outsider cannot.
    const opened = decodePlaintext(api, 'SessionDetails', open(stored.details.envelope, keys.eve.secret)).toJSON();
    assert.equal(Buffer.from(opened.vehicle.slice(2), 'hex').toString(), 'M-EV 4242');
    assert.throws(() => open(stored.details.envelope, readerKeyPair().secret), /NotARecipient/);
  });

  it('cancels a session before it starts with a full refund', async () => {
    const user0 = await balance(k.user);
    const r = await ok(await request(20_000, 30), k.user, 'charging.SessionRequested');
    const id = eventData(r, 'charging.SessionRequested').session.toNumber();
    await refused(api.tx.charging.cancelSession(id), k.ferdie, 'charging.TimeoutNotReached',
      'someone else before the start timeout');
    const cancel = await ok(api.tx.charging.cancelSession(id), k.user, 'charging.SessionCancelled');
    assert.equal(eventData(cancel, 'charging.SessionCancelled').released.toBigInt(), cost(20_000, 30));
    const user1 = await balance(k.user);
    assert.equal(user0.free - user1.free, user1.fees - user0.fees, 'only the fees left the user');
    assert.equal(await sessionHold(k.user), 0n);
    assert.equal((await session(id)).status.type, 'Cancelled');
    assert.equal((await rpc(node.url, 'battery_cdr', [id])).result, null, 'no record of a cancelled session');
  });

  it('closes a session never stopped, after the stop timeout, at the last meter report', async () => {
    const eve0 = await balance(k.eve);
    const r = await ok(await request(50_000, 60), k.user, 'charging.SessionRequested');
    const id = eventData(r, 'charging.SessionRequested').session.toNumber();
    const startedMs = await chainMs(-20 * 60_000);
    const meter = METER + 42_500;
    const controllers = await inOrder(k.controller,
      api.tx.charging.startSession(id, meter, startedMs),
      api.tx.charging.reportMeter(id, meter + 5_000, startedMs + 10 * 60_000));
    await Promise.all([
      ok(controllers[0], k.controller, 'charging.SessionStarted'),
      ok(controllers[1], k.controller, 'charging.MeterReported'),
    ]);
    const started = (await session(id)).status.asCharging.startedAt.toNumber();
    // Wait out the (shortened) stop timeout: a call submitted once block `started + TIMEOUT_BLOCKS
    // - 1` is the best goes into block `started + TIMEOUT_BLOCKS` at the earliest, the first
    // block the runtime closes it in.
    await waitFor('the stop timeout', async () =>
      (await api.rpc.chain.getHeader()).number.toNumber() >= started + TIMEOUT_BLOCKS - 1);
    const close = await ok(api.tx.charging.closeStaleSession(id), k.ferdie, 'charging.SessionSettled');
    const settled = eventData(close, 'charging.SessionSettled');
    assert.deepEqual([settled.energyWh.toNumber(), settled.minutes.toNumber(), settled.cost.toBigInt()],
      [5_000, 10, cost(5_000, 10)], '5 kWh over the 10 minutes reported');
    assert.equal(settled.timedOut.isTrue, true);
    assert.equal((await balance(k.eve)).free - eve0.free, cost(5_000, 10));
    assert.equal(await sessionHold(k.user), 0n);

    // The user's sessions and the station's, oldest first: settled, cancelled, timed out.
    const mine = await rpc(node.url, 'battery_sessionsOf', [k.user.address]);
    assert.equal(mine.result.total, 3);
    assert.deepEqual(mine.result.sessions.map((s) => Object.keys(s.status)[0]), ['Settled', 'Cancelled', 'Settled']);
    assert.equal(mine.result.sessions[2].status.Settled.timedOut, true);
    const eves = await rpc(node.url, 'battery_sessionsOf', [k.eve.address, 1, 1]);
    assert.deepEqual([eves.result.total, eves.result.sessions.map((s) => s.id)], [3, [mine.result.sessions[1].id]]);
  });
});
