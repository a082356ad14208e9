// The whole-life story (scripts/lib/story.mjs, what `scripts/dev.sh --demo` shows) on a dev node this
// file starts, then every step checked through the public API a client has: runtime storage
// decoded from the metadata, the `battery_*` RPC, the tag tool. A lot of four from Bob's factory
// with signed tags; its shipment by Charlie with a crash (an accident in each passport) delivered
// to Dave; the first battery driven (telemetry results equal the native estimator bit for bit),
// charged at Eve's certified station (an OCPI CDR of 17.8 BATT), retired, assessed and certified
// for a second life (its twin from the assessment); the second recycled. Fees went to the
// consortium's fee account and total issuance did not move; role sets decode as role names; the
// EU passport of a battery at every stage (new, in service after the crash, repurposed after its
// telemetry, its second life, recycled) exports as Catena-X Battery Pass 6.1.0 JSON that the
// schema accepts with zero errors and that holds no restricted document; the node stops on
// SIGTERM without an essential-task failure.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { WsProvider } from '@polkadot/api';
import { cellFactory, submit } from '../lib/chain.mjs';
import { catenaxValidator, restrictedUrls, SCHEMA } from '../lib/passport.mjs';
import { grant } from '../lib/sealed.mjs';
import { CHARGE, CRASH_MG, MATERIALS, MEASURES, RATING, TARIFF, runStory } from '../lib/story.mjs';
import { connect, devKeys } from './lib/api.mjs';
import { nodeBinary, rpc, startDevNode } from './lib/node.mjs';

const run = promisify(execFile);
const SAMPLE = SCHEMA.replace('schema.json', 'sample.json');
const TAG_TOOL = process.env.BATTERY_TAG || nodeBinary().replace(/battery-node$/, 'battery-tag');
// The consortium's fee account: PalletId `bc/fees_` as an account (`modl` + id, zero padded).
const FEE_ACCOUNT = `0x${Buffer.concat([Buffer.from('modlbc/fees_'), Buffer.alloc(20)]).toString('hex')}`;

let node;
let provider;
let api;
let k;
let story;
const before0 = {};

const call = async (method, params) => {
  const { result, error } = await rpc(node.url, method, params);
  assert.equal(error, undefined, `${method}: ${JSON.stringify(error)}`);
  return result;
};

before(async () => {
  node = await startDevNode();
  provider = new WsProvider(node.wsUrl, 1000);
  api = await connect(node.wsUrl, { provider });
  k = devKeys(api.registry.chainSS58);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

describe('the whole-life story', () => {
  it('is told on a fresh dev chain', async () => {
    before0.issuance = (await api.query.balances.totalIssuance()).toBigInt();
    before0.fees = (await api.query.system.account(FEE_ACCOUNT)).data.free.toBigInt();
    story = await runStory({ api, provider });
    assert.equal(story.ids.batteries.length, 4);
  });

  it('made a lot of four with signed tags that the tag tool verifies against the chain', async () => {
    for (const [i, battery] of story.ids.batteries.entries()) {
      const passport = await call('battery_passport', [battery]);
      assert.equal(passport.manufacturer, k.bob.address);
      assert.equal(passport.tag.uid, `0x${story.ids.uids[i].toLowerCase()}`, battery);
    }
    const [tag] = story.tags;
    // Exit code 0: the tag's signature, UID and NDEF hash match what the chain holds.
    await run(TAG_TOOL, ['verify', '--uid', tag.uid, '--ndef', tag.ndef, '--rpc', node.url, '--json']);
  });

  it('shipped the lot: delivered to Dave, the crash an accident in each passport, the freight paid', async () => {
    const shipment = await call('battery_shipment', [`BATCH-${String(story.batch).padStart(10, '0')}`]);
    assert.ok(JSON.stringify(shipment.status).includes('Delivered'), JSON.stringify(shipment.status));
    for (const battery of story.ids.batteries) {
      const accidents = await call('battery_accidents', [battery]);
      assert.equal(accidents.total, 1, battery);
      assert.equal(accidents.records[0].peakMg, CRASH_MG);
      assert.equal(accidents.records[0].source.Transport.batch, story.batch);
    }
    const history = await call('battery_custodyHistory', [story.hero]);
    assert.deepEqual(history.entries.map((e) => e.custodian),
      [k.bob.address, k.charlie.address, k.dave.address, k.ferdie.address]);
    assert.equal(history.entries.at(-1).via, 'Recycling');
  });

  it('estimated the first battery from its telemetry, bit for bit as the native estimator', async () => {
    const { telemetry } = story;
    assert.ok(telemetry.batches.length >= 2, `${telemetry.batches.length} batches`);
    assert.equal(telemetry.bitForBit, true, JSON.stringify(telemetry.batches.filter((b) => !b.bitForBit)));
    assert.ok(telemetry.final.socErrorPct < 5, `SOC error ${telemetry.final.socErrorPct} pp`);
    const health = await call('battery_health', [story.hero]);
    assert.equal(health.batchHash, telemetry.final.batchHash);
  });

  it('charged it at a certified station: Eve paid energy, time and session fee, an OCPI CDR', async () => {
    const { session, station } = story.charging;
    assert.equal((await api.query.charging.stations(station)).unwrap().status.type, 'Certified');
    const expected = (BigInt(CHARGE.energyWh) * TARIFF.pricePerKwh) / 1000n
      + BigInt(CHARGE.minutes) * TARIFF.perMinute + TARIFF.perSession;
    assert.equal(story.charging.cost, expected);
    const settled = (await call('battery_session', [session])).status.Settled;
    assert.deepEqual([settled.energyWh, settled.cost], [CHARGE.energyWh, expected.toString()]);
    const [cdr] = await call('battery_cdr', [session]);
    assert.deepEqual([cdr.total_energy, cdr.total_time, cdr.total_cost.excl_vat], [42.5, 0.5, 17.8]);
  });

  it('gave the first battery a second life, co-signed, linked both ways, its twin from the assessment', async () => {
    const lineage = await call('battery_lineage', [story.ids.secondLife]);
    assert.deepEqual(lineage.map((p) => [p.id, p.life, p.status]),
      [[story.hero, 'Original', 'Repurposed'], [story.ids.secondLife, 'Repurposed', 'Manufactured']]);
    const renewed = await call('battery_recycling', [story.ids.secondLife]);
    assert.deepEqual(renewed.certifiedAs, RATING);
    const old = await call('battery_recycling', [story.hero]);
    assert.equal(old.certification.status.Certified.by, k.bob.address);
    assert.equal(story.secondLifeTwin, true);
    const before = await call('battery_twin', [story.hero]);
    const after = await call('battery_twin', [story.ids.secondLife]);
    assert.equal(after.characterisation.ratedCapacityUah,
      Math.floor((before.characterisation.ratedCapacityUah * MEASURES.sohPermille) / 1000));
  });

  it('recycled the second battery with the materials recovered; the other two stay in service', async () => {
    const recycled = await call('battery_recycling', [story.crashed]);
    assert.deepEqual(recycled.recycled.materials, MATERIALS);
    assert.equal((await call('battery_passport', [story.crashed])).status, 'Recycled');
    for (const battery of story.inService) {
      assert.equal((await call('battery_passport', [battery])).status, 'InService');
      assert.equal((await call('battery_custody', [battery])).custodian, k.dave.address);
    }
  });

  it('exports the EU passport at every stage as valid Catena-X 6.1.0, with no restricted document', async () => {
    const validate = await catenaxValidator();
    // The validator accepts the schema's own sample (and so is not stricter than the model).
    assert.deepEqual(validate(JSON.parse(readFileSync(SAMPLE, 'utf8'))), []);
    // A new battery of the lot's model, and one of a model whose passport Bob never declared.
    const fresh = story.ids.batteries[0].replace(/.$/, '7');
    const undeclared = story.ids.batteries[0].replace(/.$/, '8');
    const registered = await submit(api, api.tx.utility.batchAll([
      api.tx.battery.registerBatteries(cellFactory('BC-NMC-21700-5AH', 'Plant 2, Ningde'), [fresh]),
      api.tx.battery.registerBatteries(cellFactory(`BC-UNDECLARED-${story.run}`, 'Plant 2, Ningde'), [undeclared]),
    ]), k.bob);
    assert.equal(registered.error, undefined, registered.error);
    const exports = {};
    for (const [stage, battery] of [['new', fresh], ['in service after the crash', story.inService[0]],
      ['repurposed', story.hero], ['second life', story.ids.secondLife], ['recycled', story.crashed]]) {
      const out = await call('battery_passportExport', [battery]);
      assert.deepEqual(validate(out), [], `${stage} (${battery})`);
      const text = JSON.stringify(out);
      assert.ok(!text.includes('restricted link'), stage);
      for (const url of [...restrictedUrls('https://passport.example-cells.eu/BC-NMC-21700-5AH'),
        ...restrictedUrls('https://passport.ferdie-recycling.eu/BC-2L-STORAGE-4AH')]) {
        assert.ok(!text.includes(url), `${stage}: ${url}`);
      }
      exports[stage] = out;
    }
    assert.deepEqual(Object.values(exports).map((e) => [e.sustainability.status, e.metadata.status]), [
      ['original', 'approved'], ['original', 'approved'], ['repurposed', 'expired'], ['repurposed', 'approved'],
      ['waste', 'expired'],
    ]);
    assert.equal(exports['second life'].metadata.predecessor, exports.repurposed.metadata.passportIdentifier);
    assert.equal(exports.new.metadata.predecessor, 'urn:uuid:00000000-0000-0000-0000-000000000000');
    assert.equal(exports['second life'].metadata.economicOperatorId, 'BPNL0000000RECY1');
    assert.equal(exports.new.identification.idDmc, fresh);
    assert.equal(exports.new.performance.dynamic.stateOfCharge.value, 30);
    // Every value as the manufacturer declared it, and as the chain holds the battery.
    assert.equal(exports.new.sustainability.carbonFootprint[0].value, 61.24);
    assert.equal(exports.new.performance.rated.capacity.value, 5);
    assert.equal(exports.new.safety.dismantling.length, 0);
    assert.equal(exports.new.conformity.declarationOfConformity[0].contentType, 'URL');
    // The tag tool prints the same export.
    const printed = await run(TAG_TOOL, ['passport', '--id', fresh, '--rpc', node.url]);
    assert.deepEqual(JSON.parse(printed.stdout), exports.new);

    const missing = await rpc(node.url, 'battery_passportExport', [undeclared]);
    assert.equal(missing.error?.code, 6, JSON.stringify(missing));
    const unknown = await rpc(node.url, 'battery_passportExport', [fresh.replace(/.$/, '6')]);
    assert.equal(unknown.error?.code, 3, JSON.stringify(unknown));
    const model = await call('battery_passportModel', [k.bob.address, 'BC-NMC-21700-5AH']);
    assert.deepEqual(model.missing, []);
    assert.equal(model.attributes.length, 22);
    // Only the economic operator writes its model passport; an operator is not one.
    const refused = await submit(api, api.tx.passport.withdraw('BC-NMC-21700-5AH', 'Materials'), k.dave);
    assert.equal(refused.error, 'passport.NotEconomicOperator');
  });

  it('exports a reader tier with the battery state opened from its sealed health, valid Catena-X 6.1.0', async () => {
    const validate = await catenaxValidator();
    const asReader = async (name) => {
      const out = await run(TAG_TOOL, ['passport', '--id', story.hero, '--rpc', node.url],
        { env: { ...process.env, BATTERY_SEAL_SECRET: story.readerKeys[name].secret } });
      return JSON.parse(out.stdout);
    };
    // Bob grants the sealed link of his model's dismantling manual to Dave (an operator: a
    // legitimate interest); Dave's key is the current key of a member the tier admits.
    const model = await call('battery_passportModel', [k.bob.address, 'BC-NMC-21700-5AH']);
    /** Bob's grant of the link of his first restricted document of `kind` to `reader`. */
    const grantOf = (kind, reader) => {
      const [, [document]] = model.attributes.map((a) => a.attribute.Restricted)
        .find((restricted) => restricted?.[0] === kind);
      const wraps = grant(document.link, story.readerKeys.bob.secret, [story.readerKeys[reader].public]);
      return submit(api, api.tx.passport.grantDocument(k.bob.address, 'BC-NMC-21700-5AH', kind, 0, wraps), k.bob);
    };
    const granted = await grantOf('Dismantling', 'dave');
    assert.equal(granted.error, undefined, granted.error);
    // Eve (a charging station) has no legitimate interest in it.
    const refused = await grantOf('SafetyMeasures', 'eve');
    assert.equal(refused.error, 'passport.UnexpectedRecipient');
    // Dave, the operator the telemetry was sealed for: the legitimate-interest tier.
    const dave = await asReader('dave');
    assert.deepEqual(validate(dave), []);
    const dynamic = dave.performance.dynamic;
    assert.ok(Math.abs(dynamic.stateOfCharge.value - story.telemetry.final.soc * 100) < 0.01,
      `SOC ${dynamic.stateOfCharge.value} vs ${story.telemetry.final.soc}`);
    assert.ok(dynamic.fullCycles.value > 0, JSON.stringify(dynamic.fullCycles));
    // Timed at the last sample, not at the issue date as in the public tier.
    const issued = (await call('battery_passportExport', [story.hero])).performance.dynamic.stateOfCharge.time;
    assert.notEqual(dynamic.stateOfCharge.time, issued);
    assert.ok(dynamic.negativeEvents.some((e) => e.header === 'Accident' && e.content.includes('12.5 g')),
      JSON.stringify(dynamic.negativeEvents));
    assert.match(dynamic.operatingEnvironment[0].content, /^lowest -?\d+\.\d °C, highest -?\d+\.\d °C$/);
    assert.deepEqual(dave.safety.dismantling, [{ header: 'Dismantling', contentType: 'restricted link',
      content: 'https://passport.example-cells.eu/BC-NMC-21700-5AH/dismantling' }]);
    // Not granted to Dave: still sealed for him.
    assert.deepEqual(dave.safety.safetyMeasures, []);
    assert.deepEqual(dave.conformity.resultOfTestReport, []);
    // The Authority's key: the authorities' tier, test reports included.
    const authority = await asReader('authority');
    assert.deepEqual(validate(authority), []);
    assert.equal(authority.conformity.resultOfTestReport[0].contentType, 'restricted link');
    assert.equal(authority.safety.safetyMeasures[0].content,
      'https://passport.example-cells.eu/BC-NMC-21700-5AH/safetymeasures');
    // Eve never was a reader of this battery's usage: nothing to open, no export.
    await assert.rejects(asReader('eve'), /cannot open the battery's health result/);
  });

  it('paid every fee into the consortium fee account: total issuance did not move', async () => {
    const issuance = (await api.query.balances.totalIssuance()).toBigInt();
    const fees = (await api.query.system.account(FEE_ACCOUNT)).data.free.toBigInt();
    assert.equal(issuance, before0.issuance, 'nothing burnt, nothing minted');
    assert.ok(fees > before0.fees, `the fee account grew: ${before0.fees} -> ${fees}`);
  });

  it('shows role sets by name in polkadot.js, with no type definitions', async () => {
    const member = (await api.query.consortium.members(k.bob.address)).unwrap();
    assert.deepEqual(member.roles.toJSON(), ['Manufacturer']);
    const usage = await api.query.consortium.scope('Usage');
    if (usage.isSome) assert.ok(usage.unwrap().toJSON().every((role) => typeof role === 'string'));
  });

  it('stops on SIGTERM without an essential-task failure', async () => {
    await api.disconnect();
    api = undefined;
    const exit = await node.stop();
    assert.deepEqual(exit, { code: 0, signal: null }, 'exited by itself, successfully, within 10 s');
    assert.match(node.log(), /Imported #/);
    assert.doesNotMatch(node.log(), /Essential task .* failed/);
  });
});
