// Recycling (pallet-recycling) through @polkadot/api on a dev node this file starts itself. Dave
// (Operator) retires two batteries Bob (Manufacturer) made. The recycler Ferdie cannot take one
// without a commission; Dave commissions it, and from Ferdie's acceptance (not the offer) it reads
// that battery's factory, usage and maintenance data, not the other's. Dave hands the battery
// over in one call (custody and WithRecycler). Ferdie records an assessment whose lab details are
// sealed for the Refurbishment scope (Ferdie, Bob the manufacturer, the Authority; not Dave), a
// refurbishment, declares the battery waste after a recycle verdict and records it recycled with
// the materials recovered: the passport is closed and still resolves. Bob commissions the second
// battery for a recall; Ferdie declines.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { cellFactory, putInService } from '../lib/chain.mjs';
import { decodePlaintext, encodePlaintext, open, readerKeyPair, seal } from '../lib/sealed.mjs';
import { connect, devKeys } from './lib/api.mjs';
import { eventData, ledger } from './lib/ledger.mjs';
import { rpc, startDevNode } from './lib/node.mjs';

const RUN = Date.now().toString().slice(-8);
// Two GB/T 34014 codes (the serial carries the run, so a rerun on one chain gets new ones).
const IDS = [`03HPE0A2D000C7LB${RUN.slice(0, 7)}1`, `03HPE0A2D000C7LB${RUN.slice(0, 7)}2`];
const MEASURES = {
  capacityMah: 3_900, sohPermille: 780, resistanceMicroOhm: 38_000, selfDischargePermillePerMonth: 25,
  safety: 'Passed', visual: 'Failed', reportHash: u8aToHex(new Uint8Array(32).fill(0x42)),
};
const MATERIALS = { cobaltPermille: 950, lithiumPermille: 800, nickelPermille: 950, leadPermille: 0 };

let node;
let api;
let k;
let ok;
let refused;
const keys = { bob: readerKeyPair(), dave: readerKeyPair(), ferdie: readerKeyPair(), authority: readerKeyPair() };

const canRead = async (who, battery, category) =>
  (await rpc(node.url, 'battery_canRead', [who.address, battery, category])).result;

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  k = devKeys(api.registry.chainSS58);
  ({ ok, refused } = ledger(api));
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

describe('recycling: commission, handover, assessment, recycled', () => {
  it('sets up: reader keys, two batteries of Bob retired by Dave', async () => {
    await Promise.all([
      ok(api.tx.consortium.setReaderKey(keys.bob.public), k.bob),
      ok(api.tx.consortium.setReaderKey(keys.dave.public), k.dave),
      ok(api.tx.consortium.setReaderKey(keys.ferdie.public), k.ferdie),
      ok(api.tx.sudo.sudo(api.tx.consortium.setAuthorityReaderKey(keys.authority.public)), k.alice),
    ]);
    for (const id of IDS) {
      await putInService(api, k, id, cellFactory('RC-NMC-21700', 'Plant 2, Ningde'));
      await ok(api.tx.battery.transition(id, 'Retired'), k.dave, 'battery.StatusChanged');
    }
  });

  it('commissions Ferdie: in scope of that battery from the acceptance, not before, not of the other', async () => {
    const [battery, other] = IDS;
    await refused(api.tx.battery.transition(battery, 'WithRecycler'), k.ferdie, 'battery.ThroughRecycling',
      'a recycler taking a battery without a commission');
    await refused(api.tx.recycling.commission(battery, k.ferdie.address, 'EndOfLife'), k.charlie,
      'recycling.NotCommissioner', 'the carrier commissioning');
    await refused(api.tx.recycling.commission(battery, k.eve.address, 'EndOfLife'), k.dave,
      'recycling.NotRecycler', 'an energy station as recycler');
    await ok(api.tx.recycling.commission(battery, k.ferdie.address, 'EndOfLife'), k.dave, 'recycling.Commissioned');
    assert.equal(await canRead(k.ferdie, battery, 'Usage'), false, 'offered only');
    await ok(api.tx.recycling.acceptCommission(battery), k.ferdie, 'recycling.CommissionAccepted');
    for (const category of ['Factory', 'Usage', 'Maintenance', 'Refurbishment']) {
      assert.equal(await canRead(k.ferdie, battery, category), true, category);
      assert.equal(await canRead(k.ferdie, other, category), false, `${category} of the other battery`);
    }
    const commission = (await api.query.recycling.commissions(battery)).unwrap();
    assert.deepEqual([commission.status.type, commission.reason.type], ['Accepted', 'EndOfLife']);
  });

  it('hands the battery over: custody to Ferdie and WithRecycler in one call', async () => {
    const [battery] = IDS;
    await refused(api.tx.recycling.handOver(battery), k.ferdie, 'recycling.NotCustodian', 'the recycler taking it');
    const r = await ok(api.tx.recycling.handOver(battery), k.dave, 'recycling.HandedOver');
    assert.ok(r.events.some((e) => e.name === 'battery.CustodyTransferred' || e.name === 'battery.StatusChanged'));
    const { result: passport } = await rpc(node.url, 'battery_passport', [battery]);
    assert.equal(passport.status, 'WithRecycler');
    const { result: history } = await rpc(node.url, 'battery_custodyHistory', [battery]);
    const last = history.entries[history.entries.length - 1];
    assert.deepEqual([last.custodian, last.via], [k.ferdie.address, 'Recycling']);
  });

  it('assesses with details sealed for Ferdie, Bob and the Authority; refurbishes; recycles', async () => {
    const [battery] = IDS;
    const { result: readers } = await rpc(node.url, 'battery_sealingKeys', [battery, 'Refurbishment', k.ferdie.address]);
    assert.deepEqual([...readers].sort(),
      [keys.bob.public, keys.ferdie.public, keys.authority.public].sort(),
      'the recycler, the manufacturer and the Authority; not the former operator');
    const plaintext = encodePlaintext(api, 'AssessmentDetails',
      { lab: 'Bench 3', reportUri: `https://lab.example/${RUN}`, note: 'housing dented' });
    const details = { envelope: seal('Refurbishment', battery, plaintext, readers) };
    await refused(api.tx.recycling.recordAssessment(battery, MEASURES, 'Repurpose', details), k.ferdie,
      'recycling.FailedCheck', 'a second life after a failed visual check');
    await refused(api.tx.recycling.declareWaste(battery), k.ferdie, 'recycling.NoAssessment', 'waste without assessment');
    const r = await ok(api.tx.recycling.recordAssessment(battery, MEASURES, 'Recycle', details), k.ferdie,
      'recycling.Assessed');
    assert.equal(eventData(r, 'recycling.Assessed').verdict.type, 'Recycle');
    const [kept] = await api.query.recycling.assessments(battery);
    assert.equal(kept.measures.sohPermille.toNumber(), 780);
    const opened = decodePlaintext(api, 'AssessmentDetails', open(kept.details.envelope, keys.bob.secret)).toJSON();
    assert.equal(Buffer.from(opened.lab.slice(2), 'hex').toString(), 'Bench 3', 'the manufacturer reads the lab details');
    assert.throws(() => open(kept.details.envelope, keys.dave.secret), /NotARecipient/);

    const parts = encodePlaintext(api, 'RefurbishmentDetails', { parts: 'none', softwareVersion: 'BMS 4.2', note: '' });
    await ok(api.tx.recycling.recordRefurbishment(battery, 'SoftwareUpdated', 0,
      { envelope: seal('Refurbishment', battery, parts, readers) }), k.ferdie, 'recycling.Refurbished');

    await refused(api.tx.battery.transition(battery, 'Waste'), k.ferdie, 'battery.ThroughRecycling',
      'waste past the recycling pallet');
    await ok(api.tx.recycling.declareWaste(battery), k.ferdie, 'battery.StatusChanged');
    await refused(api.tx.recycling.recordRecycled(battery, { ...MATERIALS, leadPermille: 1_001 }), k.ferdie,
      'recycling.InvalidMaterials', 'more than all of the lead');
    await ok(api.tx.recycling.recordRecycled(battery, MATERIALS), k.ferdie, 'recycling.BatteryRecycled');
    const { result: passport } = await rpc(node.url, 'battery_passport', [battery]);
    assert.equal(passport.status, 'Recycled', 'the passport is closed and its ID still resolves');
    const record = (await api.query.recycling.recycled(battery)).unwrap();
    assert.equal(record.materials.cobaltPermille.toNumber(), 950);
    assert.equal((await api.query.recycling.commissions(battery)).unwrap().status.type, 'Completed');
  });

  it('Bob commissions the other battery for a recall; Ferdie declines', async () => {
    const [, other] = IDS;
    await ok(api.tx.recycling.commission(other, k.ferdie.address, 'Recall'), k.bob, 'recycling.Commissioned');
    await refused(api.tx.recycling.commission(other, k.ferdie.address, 'EndOfLife'), k.dave,
      'recycling.AlreadyCommissioned', 'a second commission');
    await ok(api.tx.recycling.declineCommission(other), k.ferdie, 'recycling.CommissionDeclined');
    assert.equal((await api.query.recycling.commissions(other)).isNone, true);
    assert.equal(await canRead(k.ferdie, other, 'Usage'), false);
  });
});
