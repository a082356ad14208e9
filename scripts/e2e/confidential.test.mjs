// Confidential records through a competitor's eyes, on a dev node this file starts itself. A
// battery goes into service with Dave (Operator); an outsider is a second Operator, a full
// consortium member with its own reader key and the node's whole RPC. Dave writes maintenance
// records whose details carry marker plaintexts, sealed for exactly the readers in scope; the
// user assigned later is granted the old record; once unassigned, new records leave it out.
//
// The outsider then reads every storage item, every block's events and every block body and
// finds none of the markers, and opens no envelope; the readers in scope open theirs.
// The running mode is sealed too (one byte: no marker to scan for; the outsider cannot open it),
// and so are telemetry samples: a batch of marker readings from the battery's BMS gateway is
// part of the scan. The node's off-chain worker holds Dave's reader secret, so it results that
// batch: the health result and the twin (estimator state, running summary) are sealed for the
// Usage scope; their plaintexts, opened by Dave, are markers too, and the outsider opens neither.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { after, before, describe, it } from 'node:test';
import {
  encodeReadings, giveNodeSecret, grant, open, openHealth, openRunningMode, openTwin, readerKeyPair, seal,
  sealReadings, sealRunningMode,
} from '../lib/sealed.mjs';
import { connect, devKeys, submit } from './lib/api.mjs';
import { signInOrder } from '../lib/chain.mjs';
import { rpc, startDevNode, waitFor } from './lib/node.mjs';

const BATTERY = '03HPE0A2D000C7LB50000077';
const FACTORY = {
  model: 'BC-NMC-150', chemistry: 'Nmc', ratedCapacityMah: 150_000, minVoltageMv: 2_800,
  nominalVoltageMv: 3_650, maxVoltageMv: 4_200, ratedEnergyWh: 547, maxChargeRateMilliC: 1_000,
  maxDischargeRateMilliC: 2_000, massG: 2_900, manufacturingPlace: 'Plant 3, Ningde',
  manufacturingDate: { year: 2026, month: 10, day: 5 }, expectedCycleLife: 3_000, warrantyMonths: 96,
};
const UNIT = 10n ** 12n;
const CASES = process.env.SOCSOH_DIR || resolve(dirname(fileURLToPath(import.meta.url)), '../../testdata/socsoh');
// A telemetry marker: an unusual but plausible reading, repeated; its bytes must not show anywhere.
const MARKER_READING = { currentMa: 271_828, voltageMv: 3_141, tempDecic: 217 };

// Marker plaintexts, unique per run: none may appear anywhere an outsider can read.
const tag = randomBytes(6).toString('hex');
const MARKERS = [
  `before-assignment coolant leak module 3 ${tag}`,
  `while-assigned cell 14 replaced ${tag}`,
  `after-unassignment firmware 2.4.1 ${tag}`,
];

let node;
let api;
let k;
let keys;
// The sealed health result and twin of the marker batch, and their plaintexts (hex, no 0x).
const results = { envelopes: [], plaintexts: [] };

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  const dev = devKeys(api.registry.chainSS58);
  k = { ...dev, user: dev.aliceStash, outsider: dev.bobStash };
  keys = { dave: readerKeyPair(), user: readerKeyPair(), outsider: readerKeyPair(), authority: readerKeyPair() };
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

async function ok(tx, signer, event) {
  const r = await submit(api, tx, signer);
  assert.equal(r.error, undefined, `${event ?? 'call'}: ${r.error}`);
  if (event) assert.ok(r.events.some((e) => e.name === event), `${event} in ${r.events.map((e) => e.name)}`);
  return r;
}

async function sealingKeys(author) {
  const { result, error } = await rpc(node.url, 'battery_sealingKeys', [BATTERY, 'Maintenance', author]);
  assert.equal(error, undefined, JSON.stringify(error));
  return result;
}

async function records() {
  const { result, error } = await rpc(node.url, 'battery_maintenance', [BATTERY]);
  assert.equal(error, undefined, JSON.stringify(error));
  return result.records;
}

const text = (bytes) => new TextDecoder().decode(bytes);

async function maintain(marker, kind = 'Repair') {
  const details = seal('Maintenance', BATTERY, marker, await sealingKeys(k.dave.address));
  await ok(api.tx.battery.addMaintenance(BATTERY, { year: 2026, month: 11, day: 21 }, kind, details), k.dave,
    'battery.MaintenanceRecorded');
}

/** `ok` of each `[tx, event?]` of `steps`, signed by `signer` in this order, submitted at once. */
async function inOrder(signer, steps) {
  const txs = await signInOrder(api, signer, steps.map(([tx]) => tx));
  return Promise.all(txs.map((tx, i) => ok(tx, signer, steps[i][1])));
}

describe('sealed maintenance against an outsider', () => {
  it('sets up: a competitor operator joins, everyone registers a reader key, the battery enters service', async () => {
    const profile = { name: 'Rival Fleet', registration: 'LEI-RIVAL', contact: 'ops@rival.example' };
    // A BMS gateway and a characterisation, for the telemetry batch below.
    const gateway = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 }).addFromUri(`//Dave//bms//${BATTERY}`);
    k.gateway = gateway;
    const configHex = execFileSync(process.env.ESTIMATOR_REPLAY,
      ['--spec', resolve(CASES, 'chen2020_us06_25c.json'), '--config-hex']).toString().trim();
    // Three blocks: every signer's steps in order, a step that needs another signer's a block later.
    await Promise.all([
      inOrder(k.alice, [[api.tx.balances.transferKeepAlive(k.outsider.address, 10_000n * UNIT)],
        [api.tx.sudo.sudo(api.tx.consortium.setAuthorityReaderKey(keys.authority.public))]]),
      ok(api.tx.consortium.applyForRole('Operator', profile), k.outsider),
      ok(api.tx.consortium.setReaderKey(keys.dave.public), k.dave),
      ok(api.tx.consortium.setReaderKey(keys.user.public), k.user),
      inOrder(k.bob, [[api.tx.battery.registerBatteries(FACTORY, [BATTERY])],
        [api.tx.battery.offerCustody(BATTERY, k.charlie.address)],
        [api.tx.telemetry.setCharacterisation(BATTERY, configHex, 0, 450)]]),
    ]);
    await Promise.all([
      ok(api.tx.sudo.sudo(api.tx.consortium.approveApplication(k.outsider.address, 'Operator')), k.alice),
      inOrder(k.charlie, [[api.tx.battery.acceptCustody(BATTERY)], [api.tx.battery.transition(BATTERY, 'InTransit')],
        [api.tx.battery.offerCustody(BATTERY, k.dave.address)]]),
    ]);
    await Promise.all([
      ok(api.tx.consortium.setReaderKey(keys.outsider.public), k.outsider),
      inOrder(k.dave, [[api.tx.battery.acceptCustody(BATTERY)], [api.tx.battery.transition(BATTERY, 'InService')],
        [api.tx.consortium.registerDevice(gateway.address, 'BmsGateway', BATTERY)],
        [api.tx.balances.transferKeepAlive(gateway.address, 100n * UNIT)]]),
    ]);
  });

  it('scopes reads per battery: the competitor operator and the former carrier are out', async () => {
    const canRead = async (who, category) => (await rpc(node.url, 'battery_canRead', [who.address, BATTERY, category])).result;
    assert.equal(await canRead(k.dave, 'Usage'), true);
    assert.equal(await canRead(k.dave, 'Maintenance'), true);
    assert.equal(await canRead(k.outsider, 'Usage'), false, 'a competitor operator');
    assert.equal(await canRead(k.outsider, 'Maintenance'), false);
    assert.equal(await canRead(k.charlie, 'Logistics'), false, 'the carrier after delivery');
    assert.equal(await canRead(k.bob, 'Factory'), true, 'its manufacturer');
    assert.equal(await canRead(k.alice, 'Maintenance'), true, 'the Authority');
  });

  it('seals each record for exactly the readers in scope, and refuses any other recipient set', async () => {
    assert.deepEqual(await sealingKeys(k.dave.address), [keys.dave.public, keys.authority.public].sort());
    // The outsider's key smuggled in, or the Authority's left out: refused, nothing written.
    const extra = seal('Maintenance', BATTERY, 'x', [keys.dave.public, keys.authority.public, keys.outsider.public]);
    const partial = seal('Maintenance', BATTERY, 'x', [keys.dave.public]);
    // The competitor may not write for a battery it does not hold.
    const foreign = seal('Maintenance', BATTERY, 'x', await sealingKeys(k.outsider.address));
    // The three attempts in one block.
    const daves = await signInOrder(api, k.dave, [
      api.tx.battery.addMaintenance(BATTERY, { year: 2026, month: 11, day: 21 }, 'Repair', extra),
      api.tx.battery.addMaintenance(BATTERY, { year: 2026, month: 11, day: 21 }, 'Repair', partial),
    ]);
    const [smuggled, missing, notHeld] = await Promise.all([
      submit(api, daves[0], k.dave),
      submit(api, daves[1], k.dave),
      submit(api, api.tx.battery.addMaintenance(BATTERY, { year: 2026, month: 11, day: 21 }, 'Repair', foreign), k.outsider),
    ]);
    assert.equal(smuggled.error, 'battery.UnexpectedRecipient');
    assert.equal(missing.error, 'battery.MissingRecipient');
    assert.equal(notHeld.error, 'battery.NotCustodian');
    assert.equal((await records()).length, 0);

    await maintain(MARKERS[0]);
  });

  it('lets a reader grant a newly assigned user the old record; the user opens old and new', async () => {
    const [first] = await records();
    assert.throws(() => open(first.details, keys.user.secret), /NotARecipient/);
    // One block: Dave assigns the user, then the grants (to the user: in scope from the
    // assignment before it); the outsider may not grant itself (or anyone) access.
    const daves = await signInOrder(api, k.dave, [
      api.tx.battery.assignUser(BATTERY, k.user.address),
      api.tx.battery.grantMaintenance(BATTERY, 0, grant(first.details, keys.dave.secret, [keys.outsider.public])),
      api.tx.battery.grantMaintenance(BATTERY, 0, grant(first.details, keys.dave.secret, [keys.user.public])),
    ]);
    const [selfGrant, , toOutsider] = await Promise.all([
      submit(api, api.tx.battery.grantMaintenance(BATTERY, 0, grant(first.details, keys.dave.secret, [keys.outsider.public])), k.outsider),
      ok(daves[0], k.dave),
      submit(api, daves[1], k.dave),
      ok(daves[2], k.dave, 'battery.MaintenanceAccessGranted'),
    ]);
    assert.equal(selfGrant.error, 'battery.NotInScope');
    assert.equal(toOutsider.error, 'battery.UnexpectedRecipient');

    // The user's running mode: sealed for Dave, the user and the Authority, not the outsider.
    const usageKeys = (await rpc(node.url, 'battery_sealingKeys', [BATTERY, 'Usage', k.user.address])).result;
    assert.ok(!usageKeys.includes(keys.outsider.public));
    await Promise.all([
      maintain(MARKERS[1], 'ModuleReplacement'),
      ok(api.tx.battery.setRunningMode(BATTERY, sealRunningMode(BATTERY, 'Economy', usageKeys)), k.user),
    ]);
    const { runningMode } = (await rpc(node.url, 'battery_usage', [BATTERY])).result;
    assert.equal(openRunningMode(runningMode.mode, keys.dave.secret), 'Economy');
    assert.throws(() => openRunningMode(runningMode.mode, keys.outsider.secret), /NotARecipient/);
    const [old, fresh] = await records();
    assert.equal(text(open(old.details, keys.user.secret)), MARKERS[0]);
    assert.equal(text(open(fresh.details, keys.user.secret)), MARKERS[1]);
    assert.equal(text(open(fresh.details, keys.authority.secret)), MARKERS[1]);
    assert.equal(text(open(fresh.details, keys.dave.secret)), MARKERS[1]);
  });

  it('leaves a removed reader out of new records', async () => {
    const stale = seal('Maintenance', BATTERY, 'x', [keys.dave.public, keys.user.public, keys.authority.public]);
    // In one block: the unassignment, then the record sealed for the user too.
    const daves = await signInOrder(api, k.dave, [
      api.tx.battery.unassignUser(BATTERY),
      api.tx.battery.addMaintenance(BATTERY, { year: 2026, month: 11, day: 22 }, 'Repair', stale),
    ]);
    const [, refused] = await Promise.all([ok(daves[0], k.dave), submit(api, daves[1], k.dave)]);
    assert.equal(refused.error, 'battery.UnexpectedRecipient');
    await maintain(MARKERS[2], 'FirmwareUpdate');
    const latest = (await records()).at(-1);
    assert.throws(() => open(latest.details, keys.user.secret), /NotARecipient/);
    assert.equal(text(open(latest.details, keys.dave.secret)), MARKERS[2]);
  });

  it('seals a telemetry batch for the Usage scope: the outsider may not receive it', async () => {
    const recipients = (await rpc(node.url, 'battery_sealingKeys', [BATTERY, 'Usage', null])).result;
    assert.ok(!recipients.includes(keys.outsider.public));
    const now = (await api.query.timestamp.now()).toNumber();
    const readings = Array(20).fill(MARKER_READING);
    const smuggled = sealReadings(BATTERY, readings, [...recipients, keys.outsider.public]);
    // The node's worker works for Dave: with his reader secret it opens the batch and results it
    // (the dev node's estimator key covers every battery). Given before the batch, so the worker
    // never backs off from a batch it could not open.
    await giveNodeSecret(async (method, params) => {
      const { result, error } = await rpc(node.url, method, params);
      if (error) throw new Error(`${method}: ${JSON.stringify(error)}`);
      return result;
    }, keys.dave.secret);
    // The refused batch, then the batch sealed for the scope, in one block.
    const gateways = await signInOrder(api, k.gateway, [
      api.tx.telemetry.submitBatch(BATTERY, 1, now - 60_000, 1_000, 20, smuggled),
      api.tx.telemetry.submitBatch(BATTERY, 1, now - 60_000, 1_000, 20, sealReadings(BATTERY, readings, recipients)),
    ]);
    const [refused] = await Promise.all([
      submit(api, gateways[0], k.gateway),
      ok(gateways[1], k.gateway, 'telemetry.BatchSubmitted'),
    ]);
    assert.equal(refused.error, 'telemetry.UnexpectedRecipient');
  });

  it('results the batch sealed: Dave opens the health and the twin, the outsider neither', async () => {
    const health = await waitFor('the health of the marker batch', async () => {
      const { result, error } = await rpc(node.url, 'battery_health', [BATTERY]);
      assert.equal(error, undefined, JSON.stringify(error));
      return result;
    }, { timeoutMs: 90_000, intervalMs: 1_000 });
    const { result: twin, error } = await rpc(node.url, 'battery_twin', [BATTERY]);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.ok(twin.twin, 'a resulted battery has a sealed twin');

    const opened = openHealth(api, health.health, keys.dave.secret);
    assert.equal(opened.result.samples, 20);
    const openedTwin = openTwin(api, twin.twin, keys.dave.secret);
    assert.equal(openedTwin.summary.samples, 20);
    assert.equal(openedTwin.summary.maxTempDecic, MARKER_READING.tempDecic, 'the twin holds the marker readings\' summary');
    for (const envelope of [health.health, twin.twin]) {
      assert.throws(() => open(envelope, keys.outsider.secret), /NotARecipient/);
      assert.ok(!envelope.readers.some((w) => w.reader === keys.outsider.public), 'the outsider is no recipient');
    }
    results.envelopes.push(health.health, twin.twin);
    results.plaintexts.push(opened.plaintext.slice(2), openedTwin.plaintext.slice(2));
  });

  it('shows an outsider with a full node none of the markers, in state, events or blocks', async () => {
    const needles = MARKERS.map((m) => Buffer.from(m, 'utf8').toString('hex'));
    // Two marker readings in a row, as they sit in a SCALE Vec<Reading>.
    needles.push(Buffer.from(encodeReadings([MARKER_READING, MARKER_READING]).slice(1)).toString('hex'));
    // The opened health result and twin of the marker batch.
    assert.equal(results.plaintexts.length, 2, 'the marker batch was resulted');
    needles.push(...results.plaintexts);
    const hay = [];
    const best = (await rpc(node.url, 'chain_getHeader')).result;
    const bestHash = (await rpc(node.url, 'chain_getBlockHash', [parseInt(best.number, 16)])).result;

    // Every storage item at the best block (events of the best block included).
    let startKey = null;
    let count = 0;
    for (;;) {
      const page = (await rpc(node.url, 'state_getKeysPaged', ['0x', 1000, startKey, bestHash])).result;
      if (page.length === 0) break;
      const values = (await rpc(node.url, 'state_queryStorageAt', [page, bestHash])).result;
      for (const change of values[0].changes) hay.push(change[1] ?? '');
      count += page.length;
      startKey = page.at(-1);
      if (page.length < 1000) break;
    }
    assert.ok(count > 50, `read ${count} storage items`);

    // Every block body and every block's events.
    const eventsKey = api.query.system.events.key();
    for (let n = 0; n <= parseInt(best.number, 16); n += 1) {
      const hash = (await rpc(node.url, 'chain_getBlockHash', [n])).result;
      const block = (await rpc(node.url, 'chain_getBlock', [hash])).result;
      hay.push(...block.block.extrinsics);
      hay.push((await rpc(node.url, 'state_getStorage', [eventsKey, hash])).result ?? '');
    }
    const all = hay.join('|').toLowerCase();
    // The scan does see plaintext: the public model name is in the state and in a block body.
    assert.ok(all.includes(Buffer.from(FACTORY.model, 'utf8').toString('hex')), 'the scan finds public text');
    for (const [i, needle] of needles.entries()) {
      assert.equal(all.includes(needle), false, `marker ${i} visible to the outsider`);
    }
    // The state does hold the records, sealed: the outsider opens none of them.
    const kept = await records();
    assert.equal(kept.length, 3);
    for (const record of kept) {
      assert.throws(() => open(record.details, keys.outsider.secret), /NotARecipient/);
      assert.ok(all.includes(record.details.commitment.slice(2)), 'the commitment is public');
    }
    for (const envelope of results.envelopes) {
      assert.ok(all.includes(envelope.commitment.slice(2)), 'the result\'s commitment is public');
    }
  });
});
