// Recycling (pallet-recycling) through @polkadot/api on a dev node this file starts itself. Dave
// (Operator) retires two batteries Bob (Manufacturer) made. The recycler Ferdie cannot take one
// without a commission; Dave commissions it, and from Ferdie's acceptance (not the offer) it reads
// that battery's factory, usage and maintenance data, not the other's. Dave hands the battery
// over in one call (custody and WithRecycler). Ferdie records an assessment whose lab details are
// sealed for the Refurbishment scope (Ferdie, Bob the manufacturer, the Authority; not Dave), a
// refurbishment, declares the battery waste after a recycle verdict and records it recycled with
// the materials recovered: the passport is closed and still resolves. Bob commissions the second
// battery for a recall; Ferdie declines, then buys it back from Dave (price held, then paid and
// custody moved in Dave's one call), assesses it for stationary storage and requests its second
// certification; Bob co-signs and the new passport exists, linked both ways (`battery_lineage`,
// `battery_recycling`).

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
// The second-life passport of the second battery.
const SECOND_LIFE = `03HPE0A2D000C7LB${RUN.slice(0, 7)}9`;
const UNIT = 10n ** 12n;
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
let balance;
const keys = { bob: readerKeyPair(), dave: readerKeyPair(), ferdie: readerKeyPair(), authority: readerKeyPair() };

const canRead = async (who, battery, category) =>
  (await rpc(node.url, 'battery_canRead', [who.address, battery, category])).result;

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  k = devKeys(api.registry.chainSS58);
  ({ ok, refused, balance } = ledger(api));
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

  it('buys the other battery back: the price held, then paid to Dave as custody moves, in one call', async () => {
    const [, other] = IDS;
    const price = 5n * UNIT;
    const dave0 = await balance(k.dave);
    const ferdie0 = await balance(k.ferdie);
    await refused(api.tx.recycling.offerBuyBack(other, price, 100), k.dave, 'recycling.NotRecycler', 'an operator');
    await ok(api.tx.recycling.offerBuyBack(other, price, 100), k.ferdie, 'recycling.BuyBackOffered');
    const { result: offered } = await rpc(node.url, 'battery_recycling', [other]);
    assert.deepEqual([offered.offer.owner, offered.offer.price], [k.dave.address, price.toString()]);
    await refused(api.tx.recycling.acceptBuyBack(other), k.bob, 'recycling.NotOwner', 'the manufacturer selling it');
    await ok(api.tx.recycling.acceptBuyBack(other), k.dave, 'recycling.BoughtBack');
    const dave1 = await balance(k.dave);
    const ferdie1 = await balance(k.ferdie);
    assert.equal(dave1.free - dave0.free, price - (dave1.fees - dave0.fees), 'Dave is paid the price');
    assert.equal(ferdie0.free - ferdie1.free, price + (ferdie1.fees - ferdie0.fees), 'Ferdie pays it');
    assert.equal(ferdie1.reserved, ferdie0.reserved, 'nothing stays held');
    const { result: history } = await rpc(node.url, 'battery_custodyHistory', [other]);
    assert.equal(history.entries[history.entries.length - 1].via, 'BuyBack');
    await ok(api.tx.recycling.handOver(other), k.ferdie, 'recycling.HandedOver');
  });

  it('certifies it for a second life once Bob co-signs: the new passport, linked both ways', async () => {
    const [, other] = IDS;
    const { result: readers } = await rpc(node.url, 'battery_sealingKeys', [other, 'Refurbishment', k.ferdie.address]);
    const details = { envelope: seal('Refurbishment', other,
      encodePlaintext(api, 'AssessmentDetails', { lab: 'Bench 3', reportUri: 'https://lab.example/2', note: '' }), readers) };
    await ok(api.tx.recycling.recordAssessment(other, { ...MEASURES, visual: 'Passed' }, 'Repurpose', details),
      k.ferdie, 'recycling.Assessed');
    const rating = { certifiedCapacityMah: 3_800, certifiedSohPermille: 760, intendedUse: 'StationaryStorage' };
    await refused(api.tx.battery.registerSecondLife(other, 'Repurposed', SECOND_LIFE, cellFactory('RC-2L', 'Ferdie')),
      k.ferdie, 'battery.ThroughRecycling', 'a second life without certification');
    await refused(api.tx.recycling.requestCertification(other, SECOND_LIFE, cellFactory('RC-2L', 'Ferdie'),
      { ...rating, certifiedCapacityMah: 3_901 }), k.ferdie, 'recycling.InvalidRating', 'more than the assessed capacity');
    await ok(api.tx.recycling.requestCertification(other, SECOND_LIFE, cellFactory('RC-2L', 'Ferdie'), rating),
      k.ferdie, 'recycling.CertificationRequested');
    await refused(api.tx.recycling.coSignCertification(other), k.dave, 'recycling.NotCoSigner', 'the former operator');
    await ok(api.tx.recycling.coSignCertification(other), k.bob, 'recycling.Certified');

    const { result: lineage } = await rpc(node.url, 'battery_lineage', [SECOND_LIFE]);
    assert.deepEqual(lineage.map((p) => [p.id, p.life, p.status]),
      [[other, 'Original', 'Repurposed'], [SECOND_LIFE, 'Repurposed', 'Manufactured']]);
    const { result: old } = await rpc(node.url, 'battery_recycling', [other]);
    assert.equal(old.commission.status, 'Completed');
    assert.equal(old.certification.successor, SECOND_LIFE);
    assert.equal(old.certification.status.Certified.by, k.bob.address);
    const { result: renewed } = await rpc(node.url, 'battery_recycling', [SECOND_LIFE]);
    assert.deepEqual(renewed.certifiedAs, rating);
    const { result: passport } = await rpc(node.url, 'battery_passport', [SECOND_LIFE]);
    assert.deepEqual([passport.manufacturer, passport.predecessor, passport.life],
      [k.ferdie.address, other, 'Repurposed']);
    const { result: closed } = await rpc(node.url, 'battery_passport', [other]);
    assert.equal(closed.successor, SECOND_LIFE);
  });
});
