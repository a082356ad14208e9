// Shipments (pallet-logistics) through @polkadot/api on a dev node this file starts itself: Bob
// (Manufacturer) registers 100 batteries and proposes their transport to Charlie (Logistics) for
// Dave (Operator), with a freight held from him and terms sealed for exactly the shipment's keys
// (`logisticsApi.shipmentKeys`); proposals by a non-holder, to a non-carrier, with a wrong key
// set or with a battery Bob does not hold are refused and change nothing; a battery in the
// shipment cannot be handed over directly (`battery.InShipment`). Charlie accepts and picks up:
// one call moves custody of all 100 to him and makes them InTransit, under a public batch ID; he
// records two sealed checkpoints that Dave and the Authority open and an outsider's key does not.
// He attaches his truck; its collision sensor (a consortium device of his) reports a bump below
// the impact threshold, kept as a shipment event, and a crash over it, which becomes an accident
// record of all 100 batteries, in their passports (`battery_passport`, `battery_accidents`);
// the crash reported again, a sensor on another truck and a non-sensor are refused, and the
// impact's position is sealed for the parties (decoded from the metadata's `ImpactDetails`).
// Dave confirms delivery with one damaged battery: 99 move to him and Charlie is paid 99/100 of
// the freight (Perbill, rounded down); Bob resolves the exception as Returned: the battery comes
// back to him with the rest of the freight. Balances add up to the unit, fees included, and a
// delivered battery is free to change hands again. The public reads follow it: `battery_shipment`
// by the printed batch ID (parties, dates, not overdue, vehicle, counts, the manifest with
// manufacturing dates), `battery_shipmentsOf` and the paged `battery_custodyHistory` of a
// battery (registration, pickup, delivery or return, each with the shipment and batch).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cellFactory, signInOrder } from '../lib/chain.mjs';
import { Keyring } from '@polkadot/keyring';
import { decodePlaintext, encodePlaintext, open, readerKeyPair, seal } from '../lib/sealed.mjs';
import { connect, devKeys } from './lib/api.mjs';
import { eventData, heldFor, ledger } from './lib/ledger.mjs';
import { rpc, startDevNode } from './lib/node.mjs';

const UNIT = 10n ** 12n;
// 1000 BATT and 7 planck: 99/100 of it is not whole, so the carrier's share is rounded down.
const FREIGHT = 1_000n * UNIT + 7n;
const COUNT = 100;
const FACTORY = cellFactory('BC-NMC-5AH', 'Plant 9, Changzhou');
// Expected pickup tomorrow and delivery in four days (UTC), so the shipment is never overdue
// while this file runs, whatever the day.
const inDays = (days) => {
  const date = new Date(Date.now() + days * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};
const PICKUP = inDays(1);
const DELIVERY = inDays(4);
const isoDate = ({ year, month, day }) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

// GB/T 34014 codes unique per run: a time-based plant/line segment (characters 5-10), pack type
// `P` (4th), month code `B` (16th), then the serial. 24 characters each.
const RUN = Date.now().toString(36).toUpperCase().slice(-6).padStart(6, '0');
const batteryId = (serial) => `03HP${RUN}00C7LB5${String(serial).padStart(7, '0')}`;
const IDS = Array.from({ length: COUNT }, (_, i) => batteryId(i + 1));
const NEVER_REGISTERED = batteryId(9_999_999);
const DAMAGED = IDS[57];

// Checkpoints as the carrier seals them (`CheckpointDetails`: time, position, note): a geohash
// and fixed-point coordinates.
const CHECKPOINTS = [
  { atMs: 1_796_184_600_000, position: { Geohash: 'wtw3sjq' }, note: `Shanghai hub, seals intact ${RUN}` },
  { atMs: 1_796_309_100_000, position: { Coordinates: { latitudeE7: 231_291_000, longitudeE7: 1_132_644_000 } },
    note: `Guangzhou cross-dock, pallet 3 crushed ${RUN}` },
];
// Charlie's truck (its collision sensor reports for the shipment) and a second truck of his.
const TRUCK = `TRUCK-${RUN}`;
const OTHER_TRUCK = `TRUCK-${RUN}-B`;
// Where the crash happened: WGS 84 in units of 1e-7 degree (Guangzhou ring road).
const CRASH_AT = { latitudeE7: 231_291_000, longitudeE7: 1_132_644_000 };
const TERMS = `route Changzhou -> Shanghai -> Guangzhou, 12 t truck, 0-40 C, insured ${RUN}`;

let node;
let api;
let k;
let keys;
// Submissions with the fees each account paid (free balances move by freight and by fees).
let ok;
let refused;
let balance;
// The shipment under test and what the chain did with it.
const shipment = { id: undefined, batch: undefined, paid: undefined, withheld: undefined };
// Balances of Bob and Charlie, and Bob's freight hold, right before the proposal.
const snapshot = {};

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  k = devKeys(api.registry.chainSS58);
  ({ ok, refused, balance } = ledger(api));
  keys = { bob: readerKeyPair(), charlie: readerKeyPair(), dave: readerKeyPair(), authority: readerKeyPair() };
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  k.sensor = keyring.addFromUri(`//Charlie//sensor//${RUN}`);
  k.spareSensor = keyring.addFromUri(`//Charlie//sensor//${RUN}//spare`);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** `txs` signed by `signer` in this order (consecutive nonces), to be submitted at once: one block. */
const inOrder = (signer, ...txs) => signInOrder(api, signer, txs);

/** Perbill::from_rational(part, whole).mul_floor(amount), as the runtime computes a share. */
function perbillShare(part, whole, amount) {
  const BILLION = 1_000_000_000n;
  const parts = (BigInt(part) * BILLION) / BigInt(whole); // from_rational rounds down
  return (parts * amount) / BILLION; // mul_floor
}

/** The amount `who` has on hold for shipment freight (the `Logistics(Freight)` hold reason). */
const freightHold = (who) => heldFor(api, who, 'Logistics', 'Freight');

async function shipmentKeys(sender, carrier, recipient) {
  const keysOf = await api.call.logisticsApi.shipmentKeys(sender.address, carrier.address, recipient.address);
  return keysOf.map((key) => key.toHex());
}

/**
 * Custodian (address) and status (name) of every battery in `ids`, through the battery read API
 * (a battery of a lot that never changed has no record of its own in `battery.batteries`).
 */
async function custody(ids) {
  return Promise.all(ids.map(async (id) => {
    const passport = await api.call.batteryApi.passport(id);
    assert.ok(passport.isSome, `battery ${id} is registered`);
    const held = await api.call.batteryApi.custody(id);
    assert.ok(held.isOk, `custody of ${id}`);
    return { id, custodian: held.asOk.custodian.toString(), status: passport.unwrap().status.type };
  }));
}

async function status(id) {
  const stored = await api.query.logistics.shipments(id);
  assert.ok(stored.isSome, `shipment ${id} is stored`);
  return stored.unwrap().status;
}

const text = (bytes) => new TextDecoder().decode(bytes);

describe('a shipment of 100 batteries, proposal to settled exception', () => {
  it('sets up: the parties register reader keys, sudo the Authority\'s; Bob registers 100 batteries', async () => {
    // All in one block: every signer's calls in order.
    const bobs = await inOrder(k.bob,
      api.tx.consortium.setReaderKey(keys.bob.public),
      api.tx.battery.registerBatteries(FACTORY, IDS));
    // Charlie's collision sensors: consortium devices bound to his trucks, funded for fees.
    const charlies = await inOrder(k.charlie,
      api.tx.consortium.setReaderKey(keys.charlie.public),
      api.tx.consortium.registerDevice(k.sensor.address, 'CollisionSensor', TRUCK),
      api.tx.consortium.registerDevice(k.spareSensor.address, 'CollisionSensor', OTHER_TRUCK));
    const alices = await inOrder(k.alice,
      api.tx.sudo.sudo(api.tx.consortium.setAuthorityReaderKey(keys.authority.public)),
      api.tx.balances.transferKeepAlive(k.sensor.address, 100n * UNIT));
    await Promise.all([
      ok(bobs[0], k.bob),
      ok(bobs[1], k.bob),
      ok(charlies[0], k.charlie),
      ok(charlies[1], k.charlie, 'consortium.DeviceRegistered'),
      ok(charlies[2], k.charlie, 'consortium.DeviceRegistered'),
      ok(api.tx.consortium.setReaderKey(keys.dave.public), k.dave),
      ok(alices[0], k.alice),
      ok(alices[1], k.alice),
      ok(api.tx.balances.transferKeepAlive(k.spareSensor.address, 100n * UNIT), k.ferdie),
    ]);
    const all = await custody(IDS);
    assert.equal(all.filter((b) => b.custodian === k.bob.address && b.status === 'Manufactured').length, COUNT,
      'all 100 are Bob\'s, Manufactured');
    assert.ok((await api.query.battery.batteries(NEVER_REGISTERED)).isNone);

    const expected = [keys.bob.public, keys.charlie.public, keys.dave.public, keys.authority.public].sort();
    assert.deepEqual(await shipmentKeys(k.bob, k.charlie, k.dave), expected, 'the three parties\' keys and the Authority\'s');
  });

  it('refuses a proposal by a non-holder, to a non-carrier, with a wrong key set, of a battery Bob does not hold', async () => {
    const nextId = (await api.query.logistics.nextShipmentId()).toBigInt();
    const bob = await balance(k.bob);
    const propose = (carrier, recipient, batteries, terms) => api.tx.logistics.proposeShipment(
      carrier.address, recipient.address, batteries, PICKUP, DELIVERY, FREIGHT, terms);
    const terms = (batteries, readers) => seal('Logistics', batteries[0], TERMS, readers);
    const good = await shipmentKeys(k.bob, k.charlie, k.dave);

    await Promise.all([
      // Eve runs charging stations: she holds no batteries to send.
      refused(propose(k.charlie, k.dave, IDS.slice(0, 2), terms(IDS, await shipmentKeys(k.eve, k.charlie, k.dave))),
        k.eve, 'logistics.NotBatteryHolder', 'an EnergyStation proposing'),
      (async () => {
        const noDave = [keys.bob.public, keys.charlie.public, keys.authority.public].sort();
        const withUnknown = [IDS[0], NEVER_REGISTERED];
        // Bob's three in this order, in the same block.
        const bobs = await inOrder(k.bob,
          propose(k.dave, k.dave, IDS, terms(IDS, good)),
          propose(k.charlie, k.dave, IDS, terms(IDS, noDave)),
          propose(k.charlie, k.dave, withUnknown, terms(withUnknown, good)));
        await Promise.all([
          refused(bobs[0], k.bob, 'logistics.NotLogistics', 'an Operator as carrier'),
          refused(bobs[1], k.bob, 'logistics.MissingRecipient', 'terms the recipient cannot open'),
          refused(bobs[2], k.bob, 'logistics.UnknownBattery', 'a battery never registered'),
        ]);
      })(),
    ]);

    assert.equal((await api.query.logistics.nextShipmentId()).toBigInt(), nextId, 'no shipment was created');
    const locks = await api.query.logistics.batteryShipments.multi(IDS);
    assert.equal(locks.filter((lock) => lock.isSome).length, 0, 'no battery is locked');
    const now = await balance(k.bob);
    assert.equal(now.reserved, bob.reserved, 'nothing was held from Bob');
    assert.equal(now.free, bob.free - (now.fees - bob.fees), 'Bob paid the fees of his attempts, nothing more');
  });

  it('proposes the 100 to Charlie for Dave: the freight is held, the batteries are locked', async () => {
    snapshot.bob = await balance(k.bob);
    snapshot.charlie = await balance(k.charlie);
    snapshot.bobHold = await freightHold(k.bob);
    assert.ok(snapshot.bob.free > FREIGHT + 10n * UNIT, `Bob can pay the freight: ${snapshot.bob.free}`);

    const terms = seal('Logistics', IDS[0], TERMS, await shipmentKeys(k.bob, k.charlie, k.dave));
    // The proposal, then a direct handover of a battery in it, in one block.
    const bobs = await inOrder(k.bob,
      api.tx.logistics.proposeShipment(k.charlie.address, k.dave.address, IDS, PICKUP, DELIVERY, FREIGHT, terms),
      api.tx.battery.offerCustody(IDS[0], k.dave.address));
    const [r] = await Promise.all([
      ok(bobs[0], k.bob, 'logistics.ShipmentProposed'),
      refused(bobs[1], k.bob, 'battery.InShipment', 'a direct handover of a battery in the shipment'),
    ]);
    const proposed = eventData(r, 'logistics.ShipmentProposed');
    shipment.id = proposed.shipment.toBigInt();
    assert.equal(proposed.batteries.toNumber(), COUNT);
    assert.equal(proposed.freight.toBigInt(), FREIGHT);
    assert.equal(proposed.carrier.toString(), k.charlie.address);
    assert.equal((await api.query.logistics.nextShipmentId()).toBigInt(), shipment.id + 1n);
    assert.equal((await status(shipment.id)).type, 'Proposed');

    // The hold shows in `reserved` (pallet-balances counts holds there) and under its reason.
    const bob = await balance(k.bob);
    assert.equal(bob.reserved - snapshot.bob.reserved, FREIGHT, 'the freight is reserved');
    assert.equal(await freightHold(k.bob), snapshot.bobHold + FREIGHT, 'held as Logistics(Freight)');
    assert.equal(bob.free, snapshot.bob.free - FREIGHT - (bob.fees - snapshot.bob.fees), 'and leaves the free balance');

    const locks = await api.query.logistics.batteryShipments.multi(IDS);
    assert.equal(locks.filter((lock) => lock.isSome && lock.unwrap().toBigInt() === shipment.id).length, COUNT,
      'every battery is locked to the shipment');
    // Its terms are for the parties: Dave opens them.
    const stored = (await api.query.logistics.shipments(shipment.id)).unwrap();
    assert.equal(text(open(stored.terms, keys.dave.secret)), TERMS);
    assert.throws(() => open(stored.terms, readerKeyPair().secret), /NotARecipient/);
  });

  it('is accepted and picked up: one call moves all 100 to Charlie, InTransit, under a batch ID', async () => {
    await ok(api.tx.logistics.acceptShipment(shipment.id), k.charlie, 'logistics.ShipmentAccepted');
    assert.equal((await status(shipment.id)).type, 'Accepted');

    const r = await ok(api.tx.logistics.pickUp(shipment.id), k.charlie, 'logistics.PickedUp');
    const picked = eventData(r, 'logistics.PickedUp');
    shipment.batch = picked.batch.toBigInt();
    assert.equal(picked.shipment.toBigInt(), shipment.id);
    assert.equal(picked.carrier.toString(), k.charlie.address);
    assert.equal(picked.batteries.toNumber(), COUNT);
    assert.ok(shipment.batch >= 1n, `batch IDs start at 1: ${shipment.batch}`);
    assert.equal(r.events.filter((e) => e.name === 'battery.CustodyTransferred').length, COUNT,
      'pallet-battery reports each custody change');

    const inTransit = await status(shipment.id);
    assert.equal(inTransit.type, 'InTransit');
    assert.equal(inTransit.asInTransit.batch.toBigInt(), shipment.batch);
    assert.equal((await api.query.logistics.batchShipments(shipment.batch)).unwrap().toBigInt(), shipment.id);

    const all = await custody(IDS);
    for (const b of [all[0], all[57], all[99]]) {
      assert.deepEqual(b, { id: b.id, custodian: k.charlie.address, status: 'InTransit' }, `sample ${b.id}`);
    }
    assert.equal(all.filter((b) => b.custodian === k.charlie.address && b.status === 'InTransit').length, COUNT,
      'all 100 are Charlie\'s, InTransit');
  });

  it('records two sealed checkpoints: Dave and the Authority open them, an outsider\'s key does not', async () => {
    const readers = await shipmentKeys(k.bob, k.charlie, k.dave);
    const outsider = readerKeyPair();
    // A `Sealed<CheckpointDetails, ..>` argument: the envelope, under the field `envelope`.
    const sealed = (checkpoint, keys) =>
      ({ envelope: seal('Logistics', IDS[0], encodePlaintext(api, 'CheckpointDetails', checkpoint), keys) });
    // Charlie's three calls in this order, in one block.
    const charlies = await inOrder(k.charlie,
      api.tx.logistics.recordCheckpoint(shipment.id, sealed(CHECKPOINTS[0], [...readers, outsider.public])),
      ...CHECKPOINTS.map((checkpoint) => api.tx.logistics.recordCheckpoint(shipment.id, sealed(checkpoint, readers))));
    await Promise.all([
      refused(charlies[0], k.charlie, 'logistics.UnexpectedRecipient', 'a checkpoint sealed for an outsider too'),
      ...charlies.slice(1).map((tx) => ok(tx, k.charlie, 'logistics.CheckpointRecorded')),
    ]);
    assert.equal((await api.query.logistics.checkpointCount(shipment.id)).toNumber(), 2);

    for (const [index, checkpoint] of CHECKPOINTS.entries()) {
      const stored = await api.query.logistics.checkpoints(shipment.id, index);
      assert.ok(stored.isSome, `checkpoint ${index}`);
      const { envelope } = stored.unwrap().details;
      for (const [who, secret] of [['Dave', keys.dave.secret], ['the Authority', keys.authority.secret], ['Bob', keys.bob.secret]]) {
        const opened = decodePlaintext(api, 'CheckpointDetails', open(envelope, secret));
        assert.equal(opened.atMs.toNumber(), checkpoint.atMs, `${who} opens checkpoint ${index}: its time`);
        assert.equal(text(opened.note), checkpoint.note, `${who} opens checkpoint ${index}: its note`);
      }
      assert.throws(() => open(envelope, outsider.secret), /NotARecipient/, `an outsider's key, checkpoint ${index}`);
    }
    const second = decodePlaintext(api, 'CheckpointDetails',
      open((await api.query.logistics.checkpoints(shipment.id, 1)).unwrap().details.envelope, keys.dave.secret)).toJSON();
    assert.deepEqual(second.position, { coordinates: CHECKPOINTS[1].position.Coordinates });
  });

  it('attaches the truck; a bump stays a shipment event, a crash is an accident of all 100, in their passports', async () => {
    assert.equal((await api.query.logistics.impactThreshold()).toNumber(), 4_000, 'the default threshold: 4 g');
    const readers = await shipmentKeys(k.bob, k.charlie, k.dave);
    // A `Sealed<ImpactDetails, ..>` argument: the envelope, under the field `envelope`.
    const where = (note) => ({
      envelope: seal('Logistics', IDS[0],
        encodePlaintext(api, 'ImpactDetails', { position: { Coordinates: CRASH_AT }, note }), readers),
    });
    const report = (atMs, peakMg, note) => api.tx.logistics.reportImpact(shipment.id, atMs, peakMg, where(note));
    const now = (await api.query.timestamp.now()).toNumber();
    const [bumpAt, crashAt] = [now - 50_000, now - 40_000];

    // Before the truck is attached (the carrier attaches it a block later).
    await Promise.all([
      refused(report(bumpAt, 9_000, 'early'), k.sensor, 'logistics.NoVehicle', 'no vehicle attached yet'),
      refused(api.tx.logistics.attachVehicle(shipment.id, TRUCK), k.dave, 'logistics.NotCarrier',
        'the recipient attaching a vehicle'),
    ]);
    await ok(api.tx.logistics.attachVehicle(shipment.id, TRUCK), k.charlie, 'logistics.VehicleAttached');
    // Then one block: the sensor's reports in order (the crash after the bump, then again), and
    // the refused reports of two others.
    const sensors = await inOrder(k.sensor,
      report(bumpAt, 1_800, 'pothole'),
      report(crashAt, 12_500, 'rear-end collision'),
      report(crashAt, 12_500, 'again'));
    const [, , bump, crash] = await Promise.all([
      refused(report(bumpAt, 9_000, 'spare'), k.spareSensor, 'logistics.SensorNotAttached',
        'a sensor of Charlie\'s other truck'),
      refused(report(bumpAt, 9_000, 'dave'), k.dave, 'logistics.SensorNotAttached', 'a member that is no sensor'),
      ok(sensors[0], k.sensor, 'logistics.ImpactRecorded'),
      ok(sensors[1], k.sensor, 'logistics.AccidentRecorded'),
      refused(sensors[2], k.sensor, 'logistics.ImpactOutOfOrder', 'the crash reported twice'),
    ]);
    assert.equal(eventData(bump, 'logistics.ImpactRecorded').peakMg.toNumber(), 1_800);
    assert.equal(bump.events.filter((e) => e.name === 'battery.AccidentRecorded').length, 0, 'no accident below 4 g');

    const accident = eventData(crash, 'logistics.AccidentRecorded');
    assert.deepEqual(
      [accident.shipment.toBigInt(), accident.batch.toBigInt(), accident.index.toNumber(), accident.peakMg.toNumber(),
        accident.batteries.toNumber()],
      [shipment.id, shipment.batch, 1, 12_500, COUNT]);
    assert.equal(crash.events.filter((e) => e.name === 'battery.AccidentRecorded').length, COUNT,
      'pallet-battery records it on each battery');

    // Every battery of the batch carries it; its passport counts it.
    const logs = await api.query.battery.accidents.multi(IDS);
    assert.equal(logs.filter((log) => log.isSome && log.unwrap().total.toNumber() === 1).length, COUNT);
    const expected = {
      index: 0,
      occurredAtMs: crashAt,
      peakMg: 12_500,
      source: { Transport: { batch: Number(shipment.batch), shipment: Number(shipment.id), impact: 1 } },
    };
    for (const id of [IDS[0], DAMAGED, IDS[COUNT - 1]]) {
      const passport = await rpc(node.url, 'battery_passport', [id]);
      assert.equal(passport.result.accidents, 1, `${id}: the passport counts the accident`);
      const { result, error } = await rpc(node.url, 'battery_accidents', [id]);
      assert.equal(error, undefined);
      assert.equal(result.total, 1);
      const { recordedAt, ...record } = result.records[0];
      assert.deepEqual(record, expected, `${id}: the accident record`);
      assert.ok(recordedAt > 0);
    }

    // The position is the parties': Dave decodes it from the metadata's type, an outsider cannot open it.
    const stored = (await api.query.logistics.impacts(shipment.id, 1)).unwrap();
    assert.equal(stored.accident.isTrue, true);
    assert.equal(stored.sensor.toString(), k.sensor.address);
    const { envelope } = stored.details;
    const opened = decodePlaintext(api, 'ImpactDetails', open(envelope, keys.dave.secret)).toJSON();
    assert.deepEqual(opened.position, { coordinates: CRASH_AT });
    assert.throws(() => open(envelope, readerKeyPair().secret), /NotARecipient/);
    assert.equal((await api.query.logistics.impacts(shipment.id, 0)).unwrap().accident.isFalse, true,
      'the bump is kept, no accident');
  });

  it('is delivered with one damaged battery: 99 move to Dave, Charlie is paid 99/100 of the freight', async () => {
    const r = await ok(api.tx.logistics.confirmDelivery(shipment.id, [[DAMAGED, 'Damaged']]), k.dave, 'logistics.Delivered');
    const delivered = eventData(r, 'logistics.Delivered');
    // Perbill::from_rational(99, 100) is 990_000_000 parts; mul_floor rounds the odd freight down.
    const expected = perbillShare(COUNT - 1, COUNT, FREIGHT);
    assert.equal(expected, 990n * UNIT + 6n);
    shipment.paid = delivered.paid.toBigInt();
    shipment.withheld = FREIGHT - shipment.paid;
    assert.equal(delivered.shipment.toBigInt(), shipment.id);
    assert.equal(delivered.batch.toBigInt(), shipment.batch);
    assert.equal(delivered.delivered.toNumber(), COUNT - 1);
    assert.equal(delivered.exceptions.toNumber(), 1);
    assert.equal(shipment.paid, expected, 'paid = floor(freight x 99 / 100)');

    const done = await status(shipment.id);
    assert.equal(done.type, 'Delivered');
    assert.equal(done.asDelivered.openExceptions.toNumber(), 1);
    assert.equal(done.asDelivered.withheld.toBigInt(), shipment.withheld, 'the rest stays held');
    assert.equal(await freightHold(k.bob), snapshot.bobHold + shipment.withheld);

    const all = await custody(IDS);
    assert.equal(all.filter((b) => b.custodian === k.dave.address).length, COUNT - 1, '99 are Dave\'s');
    assert.deepEqual(all.find((b) => b.id === DAMAGED), { id: DAMAGED, custodian: k.charlie.address, status: 'InTransit' },
      'the damaged one stays with the carrier');
    const locks = await api.query.logistics.batteryShipments.multi(IDS);
    assert.deepEqual(IDS.filter((_, i) => locks[i].isSome), [DAMAGED], 'only the exception is still locked');
  });

  it('settles the exception as Returned: the battery and the rest of the freight go back to Bob', async () => {
    const r = await ok(api.tx.logistics.resolveException(shipment.id, DAMAGED, 'Returned'), k.bob,
      'logistics.ExceptionResolved');
    const resolved = eventData(r, 'logistics.ExceptionResolved');
    assert.equal(resolved.shipment.toBigInt(), shipment.id);
    assert.equal(resolved.battery.toUtf8(), DAMAGED);
    assert.equal(resolved.resolution.type, 'Returned');
    assert.equal(resolved.paid.toBigInt(), 0n);
    assert.equal(resolved.refunded.toBigInt(), shipment.withheld, 'the last exception takes the whole remainder');

    const settled = (await status(shipment.id)).asDelivered;
    assert.equal(settled.openExceptions.toNumber(), 0);
    assert.equal(settled.withheld.toBigInt(), 0n);
    const [damaged] = await custody([DAMAGED]);
    assert.equal(damaged.custodian, k.bob.address, 'custody back to the sender');
    assert.ok((await api.query.logistics.batteryShipments(DAMAGED)).isNone, 'and unlocked');

    // Every unit held was paid or refunded exactly once. Fees make free balances move too: each
    // extrinsic's `transactionPayment.TransactionFeePaid` (actual fee after the weight refund,
    // plus tip) is what left its signer's free balance for it, so the ledger sums those per account
    // and the checks below take out exactly the fees paid since the snapshot. Fees are burned
    // (no author share), and Alice, the only block author, is no party here.
    const bob = await balance(k.bob);
    const charlie = await balance(k.charlie);
    const bobFees = bob.fees - snapshot.bob.fees;
    const charlieFees = charlie.fees - snapshot.charlie.fees;
    assert.ok(bobFees > 0n && charlieFees > 0n, 'fees were seen in the events');
    assert.equal(charlie.free - snapshot.charlie.free, shipment.paid - charlieFees, 'Charlie received exactly the share paid');
    assert.equal(charlie.reserved, snapshot.charlie.reserved);
    assert.equal(bob.reserved, snapshot.bob.reserved, 'Bob\'s hold is back to what it was');
    assert.equal(await freightHold(k.bob), snapshot.bobHold);
    assert.equal(snapshot.bob.free - bob.free, shipment.paid + bobFees, 'Bob paid the share and his fees, nothing more');
  });

  it('shows the shipment by its batch ID, the shipments of a battery and its custody history', async () => {
    const label = `BATCH-${String(shipment.batch).padStart(10, '0')}`;
    const { result: view, error } = await rpc(node.url, 'battery_shipment', [label]);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.equal(view.id, Number(shipment.id));
    assert.equal(view.batch, Number(shipment.batch));
    assert.equal(view.batchLabel, label);
    assert.deepEqual([view.sender, view.carrier, view.recipient], [k.bob.address, k.charlie.address, k.dave.address]);
    assert.deepEqual([view.batteries, view.expectedPickup, view.expectedDelivery], [COUNT, isoDate(PICKUP), isoDate(DELIVERY)]);
    assert.equal(view.freight, FREIGHT.toString());
    assert.deepEqual(Object.keys(view.status), ['Delivered']);
    assert.equal(view.status.Delivered.openExceptions, 0);
    assert.equal(view.overdue, false);
    assert.equal(view.vehicle, TRUCK);
    assert.deepEqual([view.checkpoints, view.impacts, view.accidents], [2, 2, 1]);
    assert.equal(view.manifest.length, COUNT);
    assert.deepEqual(view.manifest.map((entry) => entry.id), IDS, 'the batteries in order');
    const made = isoDate(FACTORY.manufacturingDate);
    assert.ok(view.manifest.every((entry) => entry.manufactured === made), `each made on ${made}`);
    // The plain number finds it too; an unknown batch is null.
    assert.deepEqual((await rpc(node.url, 'battery_shipment', [String(shipment.batch)])).result, view);
    assert.equal((await rpc(node.url, 'battery_shipment', ['BATCH-9999999999'])).result, null);

    const of = await rpc(node.url, 'battery_shipmentsOf', [IDS[0]]);
    assert.equal(of.error, undefined, JSON.stringify(of.error));
    assert.deepEqual(of.result.map((s) => [s.id, s.batchLabel]), [[Number(shipment.id), label]]);
    assert.equal(of.result[0].manifest, undefined, 'no manifest in the list');

    const via = { Shipment: { shipment: Number(shipment.id), batch: Number(shipment.batch) } };
    const history = await rpc(node.url, 'battery_custodyHistory', [DAMAGED]);
    assert.equal(history.error, undefined, JSON.stringify(history.error));
    assert.equal(history.result.total, 3);
    assert.deepEqual(history.result.entries.map(({ index, custodian, via: how }) => [index, custodian, how]), [
      [0, k.bob.address, 'Registration'],
      [1, k.charlie.address, via],
      [2, k.bob.address, via],
    ], 'registered by Bob, picked up by Charlie, returned to Bob');
    const page = await rpc(node.url, 'battery_custodyHistory', [IDS[0], 1, 1]);
    assert.deepEqual(page.result.entries.map((e) => [e.index, e.custodian]), [[1, k.charlie.address]]);
    assert.equal(page.result.total, 3, 'Bob, Charlie, Dave');
    const unknown = await rpc(node.url, 'battery_custodyHistory', [NEVER_REGISTERED]);
    assert.equal(unknown.error?.code, 3, 'an unknown battery');
  });

  it('lets the batteries change hands again once the shipment is settled', async () => {
    await Promise.all([
      ok(api.tx.battery.offerCustody(IDS[0], k.ferdie.address), k.dave, 'battery.CustodyOffered'),
      ok(api.tx.battery.offerCustody(DAMAGED, k.ferdie.address), k.bob, 'battery.CustodyOffered'),
    ]);
    const offers = await api.query.battery.custodyOffers.multi([IDS[0], DAMAGED]);
    assert.deepEqual(offers.map((offer) => offer.isSome && offer.unwrap().to.toString()), [k.ferdie.address, k.ferdie.address]);
  });
});
