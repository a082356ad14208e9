// The whole-life story of battery-chain, told on a running chain seeded with one consortium member
// per role (the development and local presets): Alice is the Authority, Bob makes cells, Charlie
// carries them, Dave runs a fleet, Eve runs charging stations, Ferdie recycles.
//
//  1. Bob declares the EU battery passport of his cell model (carbon footprint, materials,
//     performance, documents), registers a factory lot of four batteries and binds a signed NFC
//     tag to each (`battery-tag encode`, the manufacturer's signature over the tag UID and NDEF
//     message).
//  2. Bob ships the lot to Dave with Charlie: freight held, terms sealed, pickup under a batch ID,
//     a sealed checkpoint, and a crash reported by the truck's collision sensor, which becomes an
//     accident in every battery's passport. Dave confirms the delivery: Charlie is paid.
//  3. Dave puts the lot in service, registers a driver and assigns the first battery to them.
//  4. The first battery's BMS gateway streams a drive cycle of the shared telemetry cases, sealed
//     for the battery's Usage scope; the node's off-chain worker (working for Dave) opens each
//     batch, runs the estimator and records SOC, SOH and anomalies, sealed again
//     (`scripts/replay-telemetry.mjs`).
//  5. Eve registers a station and a CCS2 pile, Alice certifies it, the driver charges the first
//     battery: the cost of the maximum held, the controller's meter readings settle it.
//  6. Dave retires the first battery: Ferdie, commissioned, assesses it at SOH 0.82 and asks for
//     its repurposing as stationary storage; Bob co-signs and a second-life passport starts,
//     linked to the first, its twin from the assessment (Ferdie declares the passport of the
//     second-life model). The second battery, damaged, is assessed for recycling, declared waste
//     and recycled.
//
// Every ID carries a run suffix, so the story can be told again on the same chain.
// `runStory` returns what it created; `scripts/demo.mjs` prints it, `scripts/e2e/story.test.mjs`
// checks every step through the public API.

import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Keyring } from '@polkadot/keyring';
import { stringToHex, stringToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { cellFactory, devKeys, inOrder, submitOrThrow, together } from './chain.mjs';
import { declareModelPassport } from './passport.mjs';
import { encodePlaintext, giveNodeSecret, readerKeyPair, seal } from './sealed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const target = () => process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'battery-chain', 'target');
const tool = (env, name) => process.env[env] || join(target(), 'release', name);

export const UNIT = 10n ** 12n;
/** The telemetry case the first battery drives (a US06 drive cycle, NMC cell, 25 °C). */
export const DEFAULT_CASE = 'chen2020_us06_25c';
/** The freight Bob pays Charlie for the lot. */
export const FREIGHT = 40n * UNIT;
/** 0.40 BATT per kWh, 0.01 per started minute, 0.50 per session. */
export const TARIFF = { pricePerKwh: 400n * 10n ** 9n, perMinute: 10n ** 10n, perSession: 5n * 10n ** 11n };
/** The charge: 42.5 kWh in 30 minutes (at most 50 kWh and 60 minutes held). */
export const CHARGE = { energyWh: 42_500, minutes: 30, maxEnergyWh: 50_000, maxMinutes: 60 };
/** Ferdie's assessment of the first battery: 82 % of its capacity left. */
export const MEASURES = {
  capacityMah: 4_100, sohPermille: 820, resistanceMicroOhm: 38_000, selfDischargePermillePerMonth: 25,
  safety: 'Passed', visual: 'Passed', reportHash: u8aToHex(blake2AsU8a(stringToU8a('assessment report'))),
};
/** The second life: certified at 4 Ah and SOH 0.80, for stationary storage. */
export const RATING = { certifiedCapacityMah: 4_000, certifiedSohPermille: 800, intendedUse: 'StationaryStorage' };
/** What recycling the second battery recovered (per mille of each material). */
export const MATERIALS = { cobaltPermille: 950, lithiumPermille: 800, nickelPermille: 950, leadPermille: 0 };
/** The legal-entity business partner numbers the Authority binds to Bob and Ferdie. */
export const BPNL = { bob: 'BPNL00000003AYRE', ferdie: 'BPNL0000000RECY1' };
/** The impact over the 4 g threshold that becomes an accident of the lot. */
export const CRASH_MG = 12_500;

const ADDRESS = { street: 'Werner-Heisenberg-Allee 25', postalCode: '80939', city: 'Munich', country: 'DEU' };
const MUNICH = { Coordinates: { latitudeE7: 481_351_000, longitudeE7: 115_820_000 } };
const CCS2 = {
  standard: 'Ccs2', format: 'Cable', powerType: 'Dc', maxVoltageV: 920, maxAmperageA: 500, maxElectricPowerW: 350_000,
};

/** A fresh run's identifiers: battery IDs (GB/T 34014), tag UIDs, the pile's EVSE ID, the truck. */
export function runIds(now = Date.now()) {
  const run = now.toString(36).toUpperCase().slice(-6).padStart(6, '0');
  const id = (serial) => `03HP${run}00C7LB5${String(serial).padStart(7, '0')}`;
  const hex = now.toString(16).slice(-10).padStart(10, '0').toUpperCase();
  return {
    run,
    batteries: [1, 2, 3, 4].map(id),
    secondLife: id(9_000_001),
    uids: [1, 2, 3, 4].map((n) => `04${hex}${String(n).padStart(2, '0')}`),
    evse: `DE*EVE*E${run}*1`,
    truck: `TRUCK-${run}`,
  };
}

/**
 * The reader key pair the demo uses for `name` (derived from the name, so a second run keeps the
 * keys and anyone can open the demo's sealed records: these are demo keys, never real ones).
 */
export function demoReaderKey(name) {
  return readerKeyPair(blake2AsU8a(stringToU8a(`battery-chain demo reader key: ${name}`), 256));
}

/** Runs `file` (a Node.js script of this repository) and returns its stdout. */
async function script(file, args) {
  const { stdout } = await run(process.execPath, [resolve(here, '..', file), ...args], { maxBuffer: 64 << 20 });
  return stdout;
}

/** The first event `name` (`section.Method`) of an outcome, or an error naming what happened. */
function eventOf(outcome, name) {
  const found = outcome.events.find((e) => e.name === name);
  if (!found) throw new Error(`no ${name} among ${outcome.events.map((e) => e.name).join(', ')}`);
  return found.event.data;
}

/**
 * Tells the story on the chain `api` is connected to (`provider` is its WsProvider, for the
 * `battery_*` methods and the node's unsafe RPC). `log(line)` narrates. Returns what was created.
 */
export async function runStory({ api, provider, log = () => {}, caseName = DEFAULT_CASE, socsohDir, now, attesters = [] }) {
  const send = (method, params) => provider.send(method, params);
  const k = devKeys(api.registry.chainSS58);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const ids = runIds(now);
  const [hero, crashed, ...rest] = ids.batteries;
  k.sensor = keyring.addFromUri(`//Charlie//sensor//${ids.run}`);
  k.driver = keyring.addFromUri(`//Dave//driver//${ids.run}`);
  k.gateway = keyring.addFromUri(`//Dave//bms//${hero}`);
  k.controller = keyring.addFromUri(`//Eve//pile//${ids.run}`);
  const keys = Object.fromEntries(['bob', 'charlie', 'dave', 'eve', 'ferdie', 'authority']
    .map((name) => [name, demoReaderKey(name)]));
  // Each run has its own driver, so its own key (a reader key belongs to one account).
  keys.driver = demoReaderKey(`driver ${ids.run}`);
  const tx = api.tx;
  const ok = (call, signer, what) => submitOrThrow(api, call, signer, what);
  const story = { run: ids.run, ids, accounts: {}, readerKeys: keys };

  // Each step below is one block: the calls of different signers go in together, each signer's in
  // their order (`together`); a call that needs another signer's waits for the next block.
  const inBlock = (groups) => together(api, groups);

  // 0. Reader keys: sealed records name the readers' public keys.
  log(`run ${ids.run}: reader keys of the parties (demo keys, derived from their names)`);
  const setKey = async (pair, key) => {
    // Set by an earlier run: the key is this account's already.
    const owner = await api.query.consortium.readerKeyOwners(key.public);
    if (owner.isSome && owner.unwrap().toString() === pair.address) return [];
    return [[tx.consortium.setReaderKey(key.public), `reader key of ${pair.address}`]];
  };
  const [bobKey, charlieKey, daveKey, eveKey, ferdieKey] = await Promise.all(
    ['bob', 'charlie', 'dave', 'eve', 'ferdie'].map((name) => setKey(k[name], keys[name])));
  const sudoKey = api.query.sudo ? await api.query.sudo.key() : undefined;
  const authorityKey = await api.query.consortium.authorityReaderKey();
  const aliceKey = sudoKey?.isSome && sudoKey.unwrap().toString() === k.alice.address
    && !(authorityKey.isSome && authorityKey.unwrap().toHex() === keys.authority.public)
    ? [[tx.sudo.sudo(tx.consortium.setAuthorityReaderKey(keys.authority.public)), 'Authority reader key']]
    : [];

  // 1. The factory lot and its tags (with the keys, and the truck's collision sensor for step 2).
  const factory = cellFactory('BC-NMC-21700-5AH', 'Plant 2, Ningde');
  log(`Bob registers a lot of ${ids.batteries.length} batteries: ${ids.batteries.join(', ')}`);
  await inBlock([
    [k.bob, [...bobKey, [tx.battery.registerBatteries(factory, ids.batteries), 'register the lot']]],
    [k.charlie, [...charlieKey,
      [tx.consortium.registerDevice(k.sensor.address, 'CollisionSensor', ids.truck), 'collision sensor']]],
    [k.dave, daveKey],
    [k.eve, eveKey],
    [k.ferdie, [...ferdieKey, [tx.balances.transferKeepAlive(k.sensor.address, 10n * UNIT), 'fund the sensor']]],
    // Alice, an Authority member, binds Bob's and Ferdie's legal-entity business partner
    // numbers: the only ones their model passports may name.
    [k.alice, [...aliceKey,
      [tx.passport.setOperatorId(k.bob.address, stringToHex(BPNL.bob)), 'BPNL of Bob'],
      [tx.passport.setOperatorId(k.ferdie.address, stringToHex(BPNL.ferdie)), 'BPNL of Ferdie']]],
  ]);
  const url = provider.endpoint.replace(/^ws/, 'http');
  const tags = await Promise.all(ids.batteries.map(async (battery, i) => {
    const out = await run(tool('BATTERY_TAG', 'battery-tag'),
      ['encode', '--id', battery, '--uid', ids.uids[i], '--rpc', url, '--suri', '//Bob', '--json']);
    return JSON.parse(out.stdout);
  }));
  story.tags = tags.map((t, i) => ({ battery: ids.batteries[i], uid: ids.uids[i], ndef: t.ndef ?? t.ndefHex }));

  // 2. The shipment, with a crash on the way. Bob binds the tags, proposes the shipment and writes
  // the cell characterisation for step 4 in one block; Eve registers her station for step 5.
  const parties = (await api.call.logisticsApi.shipmentKeys(k.bob.address, k.charlie.address, k.dave.address))
    .map((key) => key.toHex());
  const inDays = (days) => {
    const date = new Date(Date.now() + days * 86_400_000);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  };
  const terms = seal('Logistics', hero, `Ningde -> Munich, 40 ft container, 15-25 C, insured, run ${ids.run}`, parties);
  const dir = socsohDir || process.env.SOCSOH_DIR || resolve(here, '../../testdata/socsoh');
  const configHex = (await run(tool('ESTIMATOR_REPLAY', 'estimator-replay'),
    ['--spec', resolve(dir, `${caseName}.json`), '--config-hex'])).stdout.trim();
  // The model's EU passport: its restricted documents' links sealed for Bob's and the Authority's
  // reader keys, set in the block before.
  const bobPassport = await declareModelPassport(api, k.bob, factory.model,
    { operator: BPNL.bob, partId: 'BC-NMC-21700-5AH', base: 'https://passport.example-cells.eu/BC-NMC-21700-5AH' });
  log(`Bob ${bobPassport.length ? 'declares' : 'has declared'} the EU passport of model ${factory.model}`);
  const [bobsSteps, [registered]] = await inBlock([
    [k.bob, [
      ...bobPassport,
      [tx.utility.batchAll(tags.map(({ bindTag: t }, i) =>
        tx.battery.bindTag(ids.batteries[i], t.uid, t.ndefHash, t.signer, t.signature))), 'bind the tags'],
      [tx.logistics.proposeShipment(k.charlie.address, k.dave.address, ids.batteries, inDays(1), inDays(4), FREIGHT,
        terms), 'propose the shipment'],
      [tx.utility.batchAll([hero, crashed].map((b) => tx.telemetry.setCharacterisation(b, configHex, 0, 450))),
        'cell characterisation'],
    ]],
    [k.eve, [[tx.charging.registerStation(`Arena fast charging ${ids.run}`, ADDRESS, MUNICH, 1_200),
      'register the station']]],
  ]);
  const proposed = bobsSteps.at(-2);
  log('  a signed NFC tag bound to each (battery-tag encode; battery-tag verify checks a tag against the chain)');
  const shipment = eventOf(proposed, 'logistics.ShipmentProposed').shipment.toNumber();
  const station = eventOf(registered, 'charging.StationRegistered').station.toNumber();
  const sealedFor = (type, value) => ({ envelope: seal('Logistics', hero, encodePlaintext(api, type, value), parties) });
  const chainNow = async () => (await api.query.timestamp.now()).toNumber();
  const [[, picked]] = await inBlock([
    [k.charlie, [
      [tx.logistics.acceptShipment(shipment), 'accept the shipment'],
      [tx.logistics.pickUp(shipment), 'pick up'],
      [tx.logistics.recordCheckpoint(shipment, sealedFor('CheckpointDetails',
        { atMs: await chainNow(), position: { Geohash: 'wtw3sjq' }, note: 'Shanghai port, seals intact' })), 'checkpoint'],
      [tx.logistics.attachVehicle(shipment, ids.truck), 'attach the truck'],
    ]],
    [k.eve, [[tx.charging.registerPile(station, ids.evse, MUNICH, 'Alpitronic HYC400', [CCS2], TARIFF, ['ChainToken']),
      'register the pile']]],
  ]);
  const batch = eventOf(picked, 'logistics.PickedUp').batch.toNumber();
  log(`Bob ships the lot to Dave with Charlie: shipment ${shipment}, batch ${batch}, ${FREIGHT / UNIT} BATT freight held`);
  const [[crash]] = await inBlock([
    [k.sensor, [[tx.logistics.reportImpact(shipment, (await chainNow()) - 20_000, CRASH_MG,
      sealedFor('ImpactDetails', { position: MUNICH, note: 'rear-end collision on the A9' })), 'crash']]],
    [k.alice, [[tx.charging.certifyStation(station, true), 'certify the station']]],
  ]);
  eventOf(crash, 'logistics.AccidentRecorded');
  log(`  the truck's collision sensor reports a ${CRASH_MG / 1000} g crash: an accident in every passport of the lot`);

  // 3. In service, a driver (and the BMS gateway of step 4, the pile controller of step 5).
  await inBlock([
    [k.dave, [
      [tx.logistics.confirmDelivery(shipment, []), 'confirm the delivery'],
      [tx.utility.batchAll(ids.batteries.map((b) => tx.battery.transition(b, 'InService'))), 'in service'],
      [tx.consortium.registerUser(k.driver.address), 'register the driver'],
      [tx.battery.assignUser(hero, k.driver.address), 'assign the driver'],
      [tx.consortium.registerDevice(k.gateway.address, 'BmsGateway', hero), 'BMS gateway'],
    ]],
    [k.bob, [[tx.balances.transferKeepAlive(k.driver.address, 200n * UNIT), 'fund the driver']]],
    [k.charlie, [[tx.balances.transferKeepAlive(k.gateway.address, 100n * UNIT), 'fund the gateway']]],
    [k.eve, [[tx.consortium.registerDevice(k.controller.address, 'PileController', ids.evse), 'pile controller']]],
    [k.alice, [[tx.balances.transferKeepAlive(k.controller.address, 10n * UNIT), 'fund the controller']]],
  ]);
  log('  Dave confirms the delivery: custody is his, Charlie is paid the freight');
  await inBlock([[k.driver, await setKey(k.driver, keys.driver)]]);
  story.accounts.driver = k.driver.address;
  log(`Dave puts the lot in service and assigns ${hero} to a driver (${k.driver.address})`);

  // 4. Telemetry through the off-chain estimator.
  // The node's worker opens batches for Dave and signs results with a registered estimator key.
  await giveNodeSecret(send, keys.dave.secret);
  await insertEstimatorKey(send, '//Alice');
  // Further estimator nodes (`attesters`: { send, suri }) get Dave's secret and their own key:
  // their workers race the first node's on every batch, so each result is attested.
  for (const attester of attesters) {
    await giveNodeSecret(attester.send, keys.dave.secret);
    await insertEstimatorKey(attester.send, attester.suri);
  }
  log(`${hero}'s BMS gateway streams the ${caseName} drive cycle; the off-chain worker estimates SOC / SOH`);
  const replay = JSON.parse(await script('replay-telemetry.mjs', ['--url', provider.endpoint, '--case', caseName,
    '--dir', dir, '--battery', hero, '--reader-secret', keys.dave.secret, '--json']));
  story.telemetry = replay;
  // Results become final once k estimators of distinct members computed them: wait for that
  // when this story brings the other estimator nodes (or k is 1), else report what is.
  story.telemetry.attestation = await waitForFinalResults(send, hero, attesters.length ? 90_000 : 0);
  const att = story.telemetry.attestation;
  log(`  ${att.final} of ${att.results} results final (k = ${att.required}: estimators of distinct members `
    + `agreeing), at least ${att.minAttestations} attestation(s) each`);
  log(`  ${replay.batches.length} sealed batches, ${replay.batches.reduce((n, b) => n + b.samples, 0)} samples; `
    + `SOC ${(replay.final.soc * 100).toFixed(1)} %, SOH ${(replay.final.soh * 100).toFixed(1)} %, `
    + `results ${replay.maxLatencyBlocks} block(s) after their batch, bit for bit the native estimator: ${replay.bitForBit}`);

  // 5. Charging at the certified station.
  log(`Eve registers station ${station} with pile ${ids.evse}; Alice (Authority) certifies it`);
  // The session's details are sealed about the battery for the payer, the station's owner and
  // the Authority (when it has a reader key).
  const authority = await api.query.consortium.authorityReaderKey();
  const readers = [keys.driver.public, keys.eve.public, ...(authority.isSome ? [authority.unwrap().toHex()] : [])].sort();
  const details = {
    envelope: seal('Charging', hero, encodePlaintext(api, 'SessionDetails', { vehicle: 'M-EV 4242', note: ids.run }),
      readers),
  };
  const requested = await ok(tx.charging.requestSession(ids.evse, 1, hero, CHARGE.maxEnergyWh, CHARGE.maxMinutes,
    details), k.driver, 'request a session');
  const session = eventOf(requested, 'charging.SessionRequested').session.toNumber();
  const startedMs = (await chainNow()) - CHARGE.minutes * 60_000;
  const meter = 7_000_000;
  const [, stopped] = await inOrder(api, k.controller, [
    [tx.charging.startSession(session, meter, startedMs), 'start the session'],
    [tx.charging.stopSession(session, meter + CHARGE.energyWh, startedMs + CHARGE.minutes * 60_000,
      u8aToHex(blake2AsU8a(stringToU8a(`OCMF ${ids.run}`)))), 'stop the session'],
  ]);
  const settled = eventOf(stopped, 'charging.SessionSettled');
  story.charging = { station, evse: ids.evse, session, cost: settled.cost.toBigInt() };
  log(`  the driver charges ${hero}: ${CHARGE.energyWh / 1000} kWh in ${CHARGE.minutes} min, `
    + `${Number(settled.cost.toBigInt()) / 1e12} BATT paid to Eve from the hold (session ${session})`);

  // 6. End of the first life: second life for the first battery, recycling for the second.
  await inOrder(api, k.dave, [
    [tx.battery.unassignUser(hero), 'unassign the driver'],
    [tx.utility.batchAll([hero, crashed].map((b) => tx.battery.transition(b, 'Retired'))), 'retire'],
    ...[hero, crashed].map((battery) =>
      [tx.recycling.commission(battery, k.ferdie.address, 'EndOfLife'), `commission ${battery}`]),
  ]);
  await inOrder(api, k.ferdie, [hero, crashed].map((battery) => [tx.recycling.acceptCommission(battery), `accept ${battery}`]));
  await inOrder(api, k.dave, [hero, crashed].map((battery) => [tx.recycling.handOver(battery), `hand over ${battery}`]));
  log(`Dave retires ${hero} and ${crashed} and commissions Ferdie (Recycler), who takes them over`);
  const refurbishmentKeys = async (battery) => send('battery_sealingKeys', [battery, 'Refurbishment', k.ferdie.address]);
  const labDetails = async (battery, note) => ({
    envelope: seal('Refurbishment', battery, encodePlaintext(api, 'AssessmentDetails',
      { lab: 'Bench 3', reportUri: `https://lab.example/${ids.run}`, note }), await refurbishmentKeys(battery)),
  });
  const renewed = { ...cellFactory('BC-2L-STORAGE-4AH', 'Ferdie Recycling, Munich'), ratedCapacityMah: RATING.certifiedCapacityMah };
  const ferdiePassport = await declareModelPassport(api, k.ferdie, renewed.model, {
    operator: BPNL.ferdie, plant: 'BPNA0000000RECY1', partId: 'BC-2L-STORAGE-4AH',
    base: 'https://passport.ferdie-recycling.eu/BC-2L-STORAGE-4AH',
  });
  // Ferdie's work on both batteries in one block, then Bob's co-signature.
  await inOrder(api, k.ferdie, [
    ...ferdiePassport,
    [tx.recycling.recordAssessment(hero, MEASURES, 'Repurpose', await labDetails(hero, 'good for storage')),
      'assess for repurposing'],
    [tx.recycling.requestCertification(hero, ids.secondLife, renewed, RATING), 'request certification'],
    [tx.recycling.recordAssessment(crashed, { ...MEASURES, sohPermille: 610, safety: 'Failed' }, 'Recycle',
      await labDetails(crashed, 'cells swollen after the crash')), 'assess for recycling'],
    [tx.recycling.declareWaste(crashed), 'declare waste'],
    [tx.recycling.recordRecycled(crashed, MATERIALS), 'recycled'],
  ]);
  const certified = await ok(tx.recycling.coSignCertification(hero), k.bob, 'co-sign');
  story.secondLifeTwin = eventOf(certified, 'recycling.Certified').twin.isTrue;
  log(`  assessed at SOH ${MEASURES.sohPermille / 10} %, certified for stationary storage, co-signed by Bob: `
    + `second life ${ids.secondLife}`);
  log(`  ${crashed} (failed its safety check after the crash) is declared waste and recycled`);

  Object.assign(story, { shipment, batch, hero, crashed, inService: rest });
  return story;
}

/** Insert the estimator key of `suri` (type `estm`) into the node behind `send`, unless it is there. */
async function insertEstimatorKey(send, suri) {
  const pair = new Keyring({ type: 'sr25519' }).addFromUri(suri);
  const key = u8aToHex(pair.publicKey);
  if (!(await send('author_hasKey', [key, 'estm']))) await send('author_insertKey', ['estm', suri, key]);
}

/**
 * Wait (up to `timeoutMs`) until every health result of `battery` in the twin's history is final
 * (k agreeing estimators of distinct members); what the history shows then.
 */
export async function waitForFinalResults(send, battery, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const twin = await send('battery_twin', [battery]);
    const history = twin?.history ?? [];
    const summary = {
      results: history.length,
      final: history.filter((h) => h.isFinal).length,
      required: history[0]?.requiredAttestations ?? 1,
      minAttestations: history.length ? Math.min(...history.map((h) => h.attestations)) : 0,
    };
    summary.allFinal = summary.results > 0 && summary.final === summary.results;
    if (summary.allFinal || Date.now() >= deadline) return summary;
    await new Promise((r) => setTimeout(r, 2000));
  }
}
