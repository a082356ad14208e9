// Recycling (pallet-recycling) through @polkadot/api on a dev node this file starts itself. Dave
// (Operator) retires two batteries Bob (Manufacturer) made. The recycler Ferdie cannot take one
// without a commission; Dave commissions it, and from Ferdie's acceptance (not the offer) it reads
// that battery's factory, usage and maintenance data, not the other's. Dave hands the battery
// over in one call (custody and WithRecycler). Ferdie assesses it at SOH 0.82, the lab details
// sealed for the Refurbishment scope (Ferdie, Bob the manufacturer, the Authority; not Dave),
// records a refurbishment and requests the repurposing; Bob co-signs: the new passport links to
// the old one both ways (`battery_lineage`, `battery_recycling`) and its twin's capacity starts
// from the assessment. Bob commissions the second battery for a recall; Ferdie declines, then
// buys it back from Dave (price held, then paid and custody moved in Dave's one call, once),
// assesses it for recycling, declares it waste and records it recycled with the materials
// recovered: the passport is closed and still resolves.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { u8aToHex } from '@polkadot/util';
import { cellFactory, putInService, signInOrder } from '../lib/chain.mjs';
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
// The 5 Ah test cell assessed at 82 % of its capacity.
const MEASURES = {
  capacityMah: 4_100, sohPermille: 820, resistanceMicroOhm: 38_000, selfDischargePermillePerMonth: 25,
  safety: 'Passed', visual: 'Passed', reportHash: u8aToHex(new Uint8Array(32).fill(0x42)),
};
const CASES = process.env.SOCSOH_DIR || resolve(dirname(fileURLToPath(import.meta.url)), '../../testdata/socsoh');
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
/** The Refurbishment scope's keys for a record of Ferdie about `battery`. */
const refurbishmentKeys = async (battery) =>
  (await rpc(node.url, 'battery_sealingKeys', [battery, 'Refurbishment', k.ferdie.address])).result;
/** Lab details of an assessment of `battery`, sealed for its Refurbishment scope. */
async function assessmentDetails(battery, note) {
  const plaintext = encodePlaintext(api, 'AssessmentDetails', { lab: 'Bench 3', reportUri: `https://lab.example/${RUN}`, note });
  return { envelope: seal('Refurbishment', battery, plaintext, await refurbishmentKeys(battery)) };
}

/** `txs` signed by `signer` in this order (consecutive nonces), to be submitted at once: one block. */
const inOrder = (signer, ...txs) => signInOrder(api, signer, txs);

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

describe('recycling: commission, assessment, second certification; buy-back, recycling', () => {
  it('sets up: reader keys, two batteries of Bob retired by Dave, the first with its cell characterisation', async () => {
    const configHex = execFileSync(process.env.ESTIMATOR_REPLAY,
      ['--spec', resolve(CASES, 'chen2020_us06_25c.json'), '--config-hex']).toString().trim();
    // Both batteries together, in three blocks: Bob's steps, then his reader key and the
    // characterisation; Charlie's; Dave's, then his reader key and the retirements. Ferdie's and
    // the Authority's keys meanwhile.
    const [then] = await Promise.all([
      putInService(api, k, IDS, cellFactory('RC-NMC-21700', 'Plant 2, Ningde'), {
        bob: [[api.tx.consortium.setReaderKey(keys.bob.public), 'Bob\'s reader key'],
          [api.tx.telemetry.setCharacterisation(IDS[0], configHex, 0, 450), 'characterisation']],
        dave: [[api.tx.consortium.setReaderKey(keys.dave.public), 'Dave\'s reader key'],
          ...IDS.map((id) => [api.tx.battery.transition(id, 'Retired'), `retire ${id}`])],
      }),
      ok(api.tx.consortium.setReaderKey(keys.ferdie.public), k.ferdie),
      ok(api.tx.sudo.sudo(api.tx.consortium.setAuthorityReaderKey(keys.authority.public)), k.alice),
    ]);
    const has = (outcome, event) => assert.ok(outcome.events.some((e) => e.name === event),
      `${event} in ${outcome.events.map((e) => e.name)}`);
    has(then.bob[1], 'telemetry.CharacterisationSet');
    for (const retired of then.dave.slice(1)) has(retired, 'battery.StatusChanged');
  });

  it('commissions Ferdie: in scope of that battery from the acceptance, not before, not of the other', async () => {
    const [battery, other] = IDS;
    // One block: the refusals (none depends on the commission), then Dave's commission after his
    // own refused one.
    const daves = await inOrder(k.dave,
      api.tx.recycling.commission(battery, k.eve.address, 'EndOfLife'),
      api.tx.recycling.commission(battery, k.ferdie.address, 'EndOfLife'));
    await Promise.all([
      refused(api.tx.battery.transition(battery, 'WithRecycler'), k.ferdie, 'battery.ThroughRecycling',
        'a recycler taking a battery without a commission'),
      refused(api.tx.recycling.commission(battery, k.ferdie.address, 'EndOfLife'), k.charlie,
        'recycling.NotCommissioner', 'the carrier commissioning'),
      refused(daves[0], k.dave, 'recycling.NotRecycler', 'an energy station as recycler'),
      ok(daves[1], k.dave, 'recycling.Commissioned'),
    ]);
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
    await ok(api.tx.recycling.handOver(battery), k.dave, 'recycling.HandedOver');
    const { result: passport } = await rpc(node.url, 'battery_passport', [battery]);
    assert.equal(passport.status, 'WithRecycler');
    const { result: history } = await rpc(node.url, 'battery_custodyHistory', [battery]);
    const last = history.entries[history.entries.length - 1];
    assert.deepEqual([last.custodian, last.via], [k.ferdie.address, 'Recycling']);
  });

  it('assesses it at SOH 0.82 with details sealed for Ferdie, Bob and the Authority; refurbishes it', async () => {
    const [battery] = IDS;
    const readers = await refurbishmentKeys(battery);
    assert.deepEqual([...readers].sort(), [keys.bob.public, keys.ferdie.public, keys.authority.public].sort(),
      'the recycler, the manufacturer and the Authority; not the former operator');
    const details = await assessmentDetails(battery, 'housing dented');
    const parts = encodePlaintext(api, 'RefurbishmentDetails', { parts: 'none', softwareVersion: 'BMS 4.2', note: '' });
    // Ferdie's three calls in this order, in one block (a refurbishment leaves the assessments be).
    const ferdies = await inOrder(k.ferdie,
      api.tx.recycling.recordAssessment(battery, { ...MEASURES, visual: 'Failed' }, 'Repurpose', details),
      api.tx.recycling.recordAssessment(battery, MEASURES, 'Repurpose', details),
      api.tx.recycling.recordRefurbishment(battery, 'SoftwareUpdated', 0,
        { envelope: seal('Refurbishment', battery, parts, readers) }));
    const [, r] = await Promise.all([
      refused(ferdies[0], k.ferdie, 'recycling.FailedCheck', 'a second life after a failed visual check'),
      ok(ferdies[1], k.ferdie, 'recycling.Assessed'),
      ok(ferdies[2], k.ferdie, 'recycling.Refurbished'),
    ]);
    assert.equal(eventData(r, 'recycling.Assessed').verdict.type, 'Repurpose');
    const [kept] = await api.query.recycling.assessments(battery);
    assert.equal(kept.measures.sohPermille.toNumber(), 820);
    const opened = decodePlaintext(api, 'AssessmentDetails', open(kept.details.envelope, keys.bob.secret)).toJSON();
    assert.equal(Buffer.from(opened.lab.slice(2), 'hex').toString(), 'Bench 3', 'the manufacturer reads the lab details');
    assert.throws(() => open(kept.details.envelope, keys.dave.secret), /NotARecipient/);
  });

  it('certifies the repurposing once Bob co-signs: a new passport linked both ways, its twin from the assessment', async () => {
    const [battery] = IDS;
    const rating = { certifiedCapacityMah: 4_000, certifiedSohPermille: 800, intendedUse: 'StationaryStorage' };
    // The new passport is rated at the certified capacity.
    const factory = { ...cellFactory('RC-2L-STORAGE', 'Ferdie Recycling'), ratedCapacityMah: 4_000 };
    // Ferdie's calls in this order, in one block.
    const ferdies = await inOrder(k.ferdie,
      api.tx.battery.registerSecondLife(battery, 'Repurposed', SECOND_LIFE, factory),
      api.tx.recycling.requestCertification(battery, SECOND_LIFE, factory, { ...rating, certifiedCapacityMah: 4_101 }),
      api.tx.recycling.requestCertification(battery, SECOND_LIFE, factory, rating),
      api.tx.recycling.coSignCertification(battery));
    await Promise.all([
      refused(ferdies[0], k.ferdie, 'battery.ThroughRecycling', 'a second life without certification'),
      refused(ferdies[1], k.ferdie, 'recycling.InvalidRating', 'more than the assessed capacity'),
      ok(ferdies[2], k.ferdie, 'recycling.CertificationRequested'),
      refused(ferdies[3], k.ferdie, 'recycling.NotCoSigner', 'the recycler'),
    ]);
    // Before Bob co-signs (a co-signed certification is another error).
    await refused(api.tx.recycling.coSignCertification(battery), k.dave, 'recycling.NotCoSigner', 'the former operator');
    const r = await ok(api.tx.recycling.coSignCertification(battery), k.bob, 'recycling.Certified');
    assert.equal(eventData(r, 'recycling.Certified').twin.isTrue, true, 'the twin was seeded');
    await refused(api.tx.recycling.coSignCertification(battery), k.alice, 'recycling.CertificationPending',
      'a second co-signature');

    const { result: lineage } = await rpc(node.url, 'battery_lineage', [SECOND_LIFE]);
    assert.deepEqual(lineage.map((p) => [p.id, p.life, p.status]),
      [[battery, 'Original', 'Repurposed'], [SECOND_LIFE, 'Repurposed', 'Manufactured']]);
    const { result: old } = await rpc(node.url, 'battery_recycling', [battery]);
    assert.equal(old.commission.status, 'Completed');
    assert.equal(old.certification.successor, SECOND_LIFE);
    assert.equal(old.certification.status.Certified.by, k.bob.address);
    const { result: renewed } = await rpc(node.url, 'battery_recycling', [SECOND_LIFE]);
    assert.deepEqual(renewed.certifiedAs, rating);
    const { result: passport } = await rpc(node.url, 'battery_passport', [SECOND_LIFE]);
    assert.deepEqual([passport.manufacturer, passport.predecessor, passport.life],
      [k.ferdie.address, battery, 'Repurposed']);
    const { result: closed } = await rpc(node.url, 'battery_passport', [battery]);
    assert.equal(closed.successor, SECOND_LIFE);
    // The new twin starts from the assessment: the predecessor's cell at 82 % of its capacity,
    // with the assessed resistance, written by the recycler.
    const { result: before } = await rpc(node.url, 'battery_twin', [battery]);
    const { result: after } = await rpc(node.url, 'battery_twin', [SECOND_LIFE]);
    const fresh = before.characterisation.ratedCapacityUah;
    assert.equal(after.characterisation.ratedCapacityUah, Math.floor((fresh * 820) / 1000));
    assert.equal(after.characterisation.r0MicroOhm, MEASURES.resistanceMicroOhm);
    assert.equal(after.characterisation.setBy, k.ferdie.address);
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
    await Promise.all([
      refused(api.tx.recycling.offerBuyBack(other, price, 100), k.dave, 'recycling.NotRecycler', 'an operator'),
      ok(api.tx.recycling.offerBuyBack(other, price, 100), k.ferdie, 'recycling.BuyBackOffered'),
    ]);
    const { result: offered } = await rpc(node.url, 'battery_recycling', [other]);
    assert.deepEqual([offered.offer.owner, offered.offer.price], [k.dave.address, price.toString()]);
    await refused(api.tx.recycling.acceptBuyBack(other), k.bob, 'recycling.NotOwner', 'the manufacturer selling it');
    const daves = await inOrder(k.dave, api.tx.recycling.acceptBuyBack(other), api.tx.recycling.acceptBuyBack(other));
    await Promise.all([
      ok(daves[0], k.dave, 'recycling.BoughtBack'),
      refused(daves[1], k.dave, 'recycling.NoOffer', 'paid twice'),
    ]);
    const dave1 = await balance(k.dave);
    const ferdie1 = await balance(k.ferdie);
    assert.equal(dave1.free - dave0.free, price - (dave1.fees - dave0.fees), 'Dave is paid the price once');
    assert.equal(ferdie0.free - ferdie1.free, price + (ferdie1.fees - ferdie0.fees), 'Ferdie pays it once');
    assert.equal(ferdie1.reserved, ferdie0.reserved, 'nothing stays held');
    const { result: history } = await rpc(node.url, 'battery_custodyHistory', [other]);
    assert.equal(history.entries[history.entries.length - 1].via, 'BuyBack');
    await ok(api.tx.recycling.handOver(other), k.ferdie, 'recycling.HandedOver');
  });

  it('recycles it after a recycle verdict: waste, then recycled with the materials recovered', async () => {
    const [, other] = IDS;
    const details = await assessmentDetails(other, 'swollen cells');
    // Ferdie's calls in this order, in one block.
    const ferdies = await inOrder(k.ferdie,
      api.tx.recycling.declareWaste(other),
      api.tx.recycling.recordAssessment(other, { ...MEASURES, safety: 'Failed' }, 'Recycle', details),
      api.tx.battery.transition(other, 'Waste'),
      api.tx.recycling.declareWaste(other),
      api.tx.recycling.recordRecycled(other, { ...MATERIALS, leadPermille: 1_001 }),
      api.tx.recycling.recordRecycled(other, MATERIALS));
    await Promise.all([
      refused(ferdies[0], k.ferdie, 'recycling.NoAssessment', 'waste without assessment'),
      ok(ferdies[1], k.ferdie, 'recycling.Assessed'),
      refused(ferdies[2], k.ferdie, 'battery.ThroughRecycling', 'waste past the recycling pallet'),
      ok(ferdies[3], k.ferdie, 'battery.StatusChanged'),
      refused(ferdies[4], k.ferdie, 'recycling.InvalidMaterials', 'more than all of the lead'),
      ok(ferdies[5], k.ferdie, 'recycling.BatteryRecycled'),
    ]);
    const { result: passport } = await rpc(node.url, 'battery_passport', [other]);
    assert.equal(passport.status, 'Recycled', 'the passport is closed and its ID still resolves');
    const { result: read } = await rpc(node.url, 'battery_recycling', [other]);
    assert.deepEqual([read.recycled.materials, read.commission.status, read.commission.reason],
      [MATERIALS, 'Completed', 'BuyBack']);
  });
});
