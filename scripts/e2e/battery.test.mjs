// Battery passports (pallet-battery) and the NFC/RFID tag tool, through @polkadot/api on a dev
// node this file starts itself: register a batch -> bind a signed tag -> `battery-tag verify`
// accepts the genuine dump and rejects a tampered one -> custody handover -> in service ->
// assignment to a user -> running mode -> maintenance -> an illegal transition is refused;
// `battery_passport` returns the JSON.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { open, openRunningMode, readerKeyPair, seal, sealRunningMode } from '../lib/sealed.mjs';
import { connect, devKeys, submit } from './lib/api.mjs';
import { signInOrder } from '../lib/chain.mjs';
import { rpc, startDevNode } from './lib/node.mjs';

const run = promisify(execFile);
const TAG_TOOL = process.env.BATTERY_TAG
  || join(process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'battery-chain', 'target'), 'release', 'battery-tag');

// Two GB/T 34014 codes of one factory lot.
const IDS = ['03HPE0A2D000C7LB50000001', '03HPE0A2D000C7LB50000002'];
const UID = '04A1B2C3D4E5F6';
const FACTORY = {
  model: 'BC-LFP-280', chemistry: 'Lfp', ratedCapacityMah: 280_000, minVoltageMv: 2_500,
  nominalVoltageMv: 3_200, maxVoltageMv: 3_650, ratedEnergyWh: 896, maxChargeRateMilliC: 500,
  maxDischargeRateMilliC: 1_000, massG: 5_400, manufacturingPlace: 'Plant 7, Ningde',
  manufacturingDate: { year: 2026, month: 11, day: 2 }, expectedCycleLife: 6_000, warrantyMonths: 96,
};

let node;
let api;
let k;

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  const keys = devKeys(api.registry.chainSS58);
  k = { ...keys, user: keys.aliceStash };
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/**
 * `battery_sealingKeys` for `params` (in the RPC's order), once they are `expected` (sorted) or
 * after five more blocks: the RPC reads the best block, which may trail the block that included
 * the calls.
 */
async function sealingKeysOnce(params, expected) {
  for (let tries = 0; ; tries += 1) {
    const got = (await rpc(node.url, 'battery_sealingKeys', params)).result;
    if (JSON.stringify([...got].sort()) === JSON.stringify(expected) || tries >= 5) return got;
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

/** Runs battery-tag with `args`; resolves { code, json } (exit code 1 = rejected tag). */
async function tagTool(args) {
  try {
    const { stdout } = await run(TAG_TOOL, [...args, '--json']);
    return { code: 0, json: JSON.parse(stdout) };
  } catch (error) {
    if (typeof error.code !== 'number') throw error;
    return { code: error.code, json: error.stdout ? JSON.parse(error.stdout) : undefined, stderr: error.stderr };
  }
}

async function ok(tx, signer, event) {
  const r = await submit(api, tx, signer);
  assert.equal(r.error, undefined, `${event}: ${r.error}`);
  if (event) assert.ok(r.events.some((e) => e.name === event), `${event} in ${r.events.map((e) => e.name)}`);
  return r;
}

describe('battery lifecycle', () => {
  let ndefHex;

  it('registers a factory lot and refuses a non-manufacturer and a bad id', async () => {
    // Bob's three calls in this order, in one block with Dave's.
    const bobs = await signInOrder(api, k.bob, [
      api.tx.battery.registerBatteries(FACTORY, ['NOT-A-BATTERY-ID']),
      api.tx.battery.registerBatteries(FACTORY, IDS),
      api.tx.battery.registerBatteries(FACTORY, [IDS[0]]),
    ]);
    const [notManufacturer, badId, r, again] = await Promise.all([
      submit(api, api.tx.battery.registerBatteries(FACTORY, ['03HPE0A2D000C7LB50000099']), k.dave),
      submit(api, bobs[0], k.bob),
      ok(bobs[1], k.bob),
      submit(api, bobs[2], k.bob),
    ]);
    assert.equal(notManufacturer.error, 'battery.MissingRole');
    assert.ok(badId.error?.startsWith('battery.'), badId.error);
    assert.notEqual(badId.error, 'battery.MissingRole');

    assert.ok(r.events.filter((e) => e.name.startsWith('battery.')).length >= 1);
    assert.equal(again.error, 'battery.AlreadyRegistered');
  });

  it('binds a tag signed by the manufacturer; the tag tool accepts the genuine dump and rejects a tampered one', async () => {
    const encoded = await tagTool(['encode', '--id', IDS[0], '--uid', UID, '--rpc', node.url, '--suri', '//Bob']);
    assert.equal(encoded.code, 0, JSON.stringify(encoded));
    const { bindTag } = encoded.json;
    ndefHex = encoded.json.ndef ?? encoded.json.ndefHex;
    assert.ok(bindTag && ndefHex, JSON.stringify(encoded.json));
    await ok(api.tx.battery.bindTag(IDS[0], bindTag.uid, bindTag.ndefHash, bindTag.signer, bindTag.signature), k.bob,
      'battery.TagBound');

    const genuine = await tagTool(['verify', '--uid', UID, '--ndef', ndefHex, '--rpc', node.url]);
    assert.equal(genuine.code, 0, JSON.stringify(genuine));

    // Flip one byte inside the signed factory-data record (past the URI record).
    const bytes = Buffer.from(ndefHex.replace(/^0x/, ''), 'hex');
    bytes[bytes.length - 80] ^= 0x01;
    const tampered = await tagTool(['verify', '--uid', UID, '--ndef', bytes.toString('hex'), '--rpc', node.url]);
    assert.equal(tampered.code, 1, JSON.stringify(tampered));

    const cloned = await tagTool(['verify', '--uid', '04FFFFFFFFFFFF', '--ndef', ndefHex, '--rpc', node.url]);
    assert.equal(cloned.code, 1, JSON.stringify(cloned));
  });

  it('hands custody over (offer -> accept) and moves the battery into service', async () => {
    await ok(api.tx.battery.offerCustody(IDS[0], k.charlie.address), k.bob);
    // Refused while the offer to Charlie stands (a block of its own: the order of different
    // signers' transactions within a block is not fixed).
    const wrongTaker = await submit(api, api.tx.battery.acceptCustody(IDS[0]), k.dave);
    assert.equal(wrongTaker.error, 'battery.NotOfferRecipient');
    // Each custodian's steps in order, in one block.
    await Promise.all((await signInOrder(api, k.charlie, [
      api.tx.battery.acceptCustody(IDS[0]),
      api.tx.battery.transition(IDS[0], 'InTransit'),
      api.tx.battery.offerCustody(IDS[0], k.dave.address),
    ])).map((tx) => ok(tx, k.charlie)));
    await Promise.all((await signInOrder(api, k.dave, [
      api.tx.battery.acceptCustody(IDS[0]),
      api.tx.battery.transition(IDS[0], 'InService'),
    ])).map((tx) => ok(tx, k.dave)));
  });

  it('assigns the battery to a user, who sets the running mode; the operator adds maintenance', async () => {
    // Readers register keys; the Authority's is set by sudo.
    const keys = { dave: readerKeyPair(), user: readerKeyPair(), authority: readerKeyPair() };
    // One block: Dave's key then the assignment, the user's key, the Authority's.
    const daves = await signInOrder(api, k.dave, [
      api.tx.consortium.setReaderKey(keys.dave.public),
      api.tx.battery.assignUser(IDS[0], k.user.address),
    ]);
    await Promise.all([
      ok(daves[0], k.dave),
      ok(api.tx.consortium.setReaderKey(keys.user.public), k.user),
      ok(api.tx.sudo.sudo(api.tx.consortium.setAuthorityReaderKey(keys.authority.public)), k.alice),
      ok(daves[1], k.dave),
    ]);

    // The running mode is sealed for the Usage scope: Dave (operator), the user, the Authority.
    // (The RPC reads the best block: under load the calls' block may become best a block later.)
    const expected = [keys.dave.public, keys.user.public, keys.authority.public].sort();
    const usageKeys = await sealingKeysOnce([IDS[0], 'Usage', k.user.address], expected);
    assert.deepEqual([...usageKeys].sort(), expected);
    // Maintenance details are sealed for the readers in scope (Dave, the user) and the Authority.
    const recipients = await sealingKeysOnce([IDS[0], 'Maintenance', k.dave.address], expected);
    assert.deepEqual([...recipients].sort(), expected);
    const details = seal('Maintenance', IDS[0], 'annual inspection, all modules within spec', recipients);
    // Independent calls of three signers, in one block.
    const [notUser] = await Promise.all([
      submit(api, api.tx.battery.setRunningMode(IDS[0], sealRunningMode(IDS[0], 'Performance', usageKeys)), k.eve),
      ok(api.tx.battery.setRunningMode(IDS[0], sealRunningMode(IDS[0], 'VehicleToGrid', usageKeys)), k.user,
        'battery.RunningModeSet'),
      ok(api.tx.battery.addMaintenance(IDS[0], { year: 2026, month: 11, day: 20 }, 'Inspection', details), k.dave,
        'battery.MaintenanceRecorded'),
    ]);
    assert.ok(notUser.error?.startsWith('battery.'), notUser.error);

    // Anyone fetches usage: the assignment in clear, the mode sealed; the operator opens it.
    const usage = await rpc(node.url, 'battery_usage', [IDS[0]]);
    assert.equal(usage.error, undefined, JSON.stringify(usage.error));
    assert.equal(usage.result.assignedUser, k.user.address);
    assert.equal(openRunningMode(usage.result.runningMode.mode, keys.dave.secret), 'VehicleToGrid');
    assert.throws(() => openRunningMode(usage.result.runningMode.mode, readerKeyPair().secret), /NotARecipient/);
    const scope = await rpc(node.url, 'battery_canRead', [k.user.address, IDS[0], 'Usage']);
    assert.equal(scope.result, true);
    // Anyone fetches the records; the user opens the details, nobody else's key does.
    const maintenance = await rpc(node.url, 'battery_maintenance', [IDS[0]]);
    assert.equal(maintenance.error, undefined, JSON.stringify(maintenance.error));
    assert.equal(maintenance.result.total, 1);
    const [record] = maintenance.result.records;
    assert.equal(record.kind, 'Inspection');
    assert.equal(new TextDecoder().decode(open(record.details, keys.user.secret)), 'annual inspection, all modules within spec');
    assert.throws(() => open(record.details, readerKeyPair().secret), /NotARecipient/);
  });

  it('refuses an illegal transition and any transition of a frozen battery', async () => {
    const [illegal] = await Promise.all([
      submit(api, api.tx.battery.transition(IDS[0], 'Recycled'), k.dave),
      ok(api.tx.battery.freeze(IDS[1]), k.alice),
    ]);
    assert.equal(illegal.error, 'battery.IllegalTransition');
    const frozen = await submit(api, api.tx.battery.offerCustody(IDS[1], k.charlie.address), k.bob);
    assert.equal(frozen.error, 'battery.BatteryFrozen');
  });

  it('serves the public passport as JSON', async () => {
    const { result, error } = await rpc(node.url, 'battery_passport', [IDS[0]]);
    assert.equal(error, undefined, JSON.stringify(error));
    const text = JSON.stringify(result);
    assert.equal(result.id, IDS[0], text);
    assert.equal(result.idScheme, 'Gbt34014', text);
    assert.equal(result.status, 'InService', text);
    assert.equal(result.frozen, false, text);
    assert.equal(result.manufacturer, k.bob.address, 'accounts in the chain\'s SS58 format');
    assert.equal(result.factory.model, FACTORY.model);
    assert.equal(result.factory.ratedCapacityMah, FACTORY.ratedCapacityMah);
    assert.equal(result.factory.manufacturingDate, '2026-11-02');
    assert.equal(result.tag.uid, `0x${UID.toLowerCase()}`);
    assert.equal(result.tag.signer, k.bob.address);
    const unknown = await rpc(node.url, 'battery_passport', ['03HPE0A2D000C7LB50000077']);
    assert.equal(unknown.result, null);
  });
});
