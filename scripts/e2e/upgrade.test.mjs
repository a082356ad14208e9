// Live runtime upgrade through the council, on a chain without sudo, against a node this file starts
// itself (the `development` genesis with its sudo key removed, so Alice validates alone but nobody
// is Root):
//   a battery is registered and the project pallets' state is read (RPC reads and the raw storage
//   of Consortium, Battery, Logistics and Telemetry) -> a council motion (2 of 3 members) dispatches
//   `system.authorizeUpgrade(hash)` as Root through `governance.dispatchAsRoot` -> anyone submits
//   `system.applyAuthorizedUpgrade(wasm)` -> `System.CodeUpdated`, the runtime reports the higher
//   spec_version, blocks are produced and finalized, every read answers as before and a new
//   extrinsic works.
// The upgrade wasm is the runtime built with the test-only `upgrade-test` feature (spec_version one
// higher, own file name), built by the runtime's build script when BATTERY_BUILD_UPGRADE_WASM is set
// (scripts/lib/common.sh sets it); the path can be set with BATTERY_UPGRADE_WASM.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, xxhashAsHex } from '@polkadot/util-crypto';
import { connect, devKeys, submit } from './lib/api.mjs';
import { signInOrder } from '../lib/chain.mjs';
import { readerKeyPair, seal } from '../lib/sealed.mjs';
import { heights, nodeBinary, rpc, startDevNode, waitFor } from './lib/node.mjs';

const run = promisify(execFile);
const UPGRADE_WASM = process.env.BATTERY_UPGRADE_WASM
  || join(process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'battery-chain', 'target'),
    'release', 'wbuild', 'battery-runtime', 'battery_runtime_upgrade.compact.compressed.wasm');

const IDS = ['03HPE0A2D000C7LB50000101', '03HPE0A2D000C7LB50000102'];
const FACTORY = {
  model: 'BC-LFP-280', chemistry: 'Lfp', ratedCapacityMah: 280_000, minVoltageMv: 2_500,
  nominalVoltageMv: 3_200, maxVoltageMv: 3_650, ratedEnergyWh: 896, maxChargeRateMilliC: 500,
  maxDischargeRateMilliC: 1_000, massG: 5_400, manufacturingPlace: 'Plant 7, Ningde',
  manufacturingDate: { year: 2026, month: 11, day: 2 }, expectedCycleLife: 6_000, warrantyMonths: 96,
};
const PROJECT_PALLETS = ['Consortium', 'Battery', 'Logistics', 'Charging', 'Telemetry'];

let node;
let api;
let k;
let wasm;

/** The `dev` chain spec with no sudo key, written to a temporary file. */
async function devSpecWithoutSudo() {
  const { stdout } = await run(nodeBinary(), ['build-spec', '--chain', 'dev', '--disable-default-bootnode'],
    { maxBuffer: 256 * 1024 * 1024 });
  const spec = JSON.parse(stdout);
  const patch = spec.genesis?.runtimeGenesis?.patch;
  assert.ok(patch?.sudo, 'the dev spec carries its genesis as a preset patch with a sudo key');
  patch.sudo = { key: null };
  const file = join(mkdtempSync(join(tmpdir(), 'battery-upgrade-')), 'dev-without-sudo.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

before(async () => {
  assert.ok(existsSync(UPGRADE_WASM), `no upgrade wasm at ${UPGRADE_WASM}: build the workspace with `
    + 'BATTERY_BUILD_UPGRADE_WASM=1 (scripts/test.sh does, see runtime/build.rs)');
  wasm = readFileSync(UPGRADE_WASM);
  node = await startDevNode(['--chain', await devSpecWithoutSudo()]);
  api = await connect(node.wsUrl);
  k = devKeys(api.registry.chainSS58);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** Submits `tx` and checks it succeeded and emitted `event` (if given); returns the outcome. */
async function ok(tx, signer, event) {
  const r = await submit(api, tx, signer);
  assert.equal(r.error, undefined, `${event ?? tx.method.method}: ${r.error}`);
  if (event) assert.ok(r.events.some((e) => e.name === event), `${event} in ${r.events.map((e) => e.name)}`);
  return r;
}

/** Every key and value under `prefix` at block `at`. */
async function storagePairs(prefix, at) {
  const pairs = {};
  let start = null;
  for (;;) {
    const { result: keys, error } = await rpc(node.url, 'state_getKeysPaged', [prefix, 500, start, at]);
    assert.equal(error, undefined, JSON.stringify(error));
    if (keys.length === 0) break;
    const { result } = await rpc(node.url, 'state_queryStorageAt', [keys, at]);
    for (const [key, value] of result[0].changes) pairs[key] = value;
    if (keys.length < 500) break;
    start = keys.at(-1);
  }
  return pairs;
}

/** What the chain answers about its project pallets: `battery_*` reads and their raw storage. */
async function snapshot() {
  const at = (await rpc(node.url, 'chain_getBlockHash')).result;
  const reads = [
    ['battery_info', []],
    ['battery_account', [k.alice.address]],
    ['battery_account', [k.dave.address]],
    ['battery_account', [k.aliceStash.address]],
    ['battery_membersByRole', ['Operator']],
    ['battery_scopeMatrix', []],
    ['battery_passport', [IDS[0]]],
    ['battery_custody', [IDS[0]]],
    ['battery_health', [IDS[0]]],
    ['battery_telemetrySummary', [IDS[0]]],
  ];
  const answers = {};
  for (const [method, params] of reads) {
    const { result, error } = await rpc(node.url, method, params);
    answers[`${method}(${params.join(', ')})`] = { result, error };
  }
  const storage = {};
  for (const pallet of PROJECT_PALLETS) storage[pallet] = await storagePairs(xxhashAsHex(pallet, 128), at);
  return { answers, storage };
}

describe('live runtime upgrade through the council', () => {
  let baseline;
  let upgradeBlock;

  it('runs a chain on which nobody holds the sudo key', async () => {
    assert.ok((await api.query.sudo.key()).isNone, 'no sudo key');
    const denied = await submit(api, api.tx.sudo.sudo(api.tx.system.remark('0x00')), k.alice);
    assert.equal(denied.error, 'sudo.RequireSudo');
  });

  it('registers a battery and reads the state of the project pallets', async () => {
    // One block: Bob's registration and reader key, the other parties' keys for the shipment
    // proposal below (so that Logistics has state to carry over too), and a station, so that
    // Charging has state too.
    const bobs = await signInOrder(api, k.bob, [
      api.tx.battery.registerBatteries(FACTORY, [IDS[0]]),
      api.tx.consortium.setReaderKey(readerKeyPair().public),
    ]);
    await Promise.all([
      ...bobs.map((tx) => ok(tx, k.bob)),
      ...[k.charlie, k.dave].map((who) => ok(api.tx.consortium.setReaderKey(readerKeyPair().public), who)),
      ok(api.tx.charging.registerStation('Upgrade test station',
        { street: 'Ringstrasse 1', postalCode: '1010', city: 'Vienna', country: 'AUT' },
        { Coordinates: { latitudeE7: 482_082_000, longitudeE7: 163_738_000 } }, 150), k.eve,
      'charging.StationRegistered'),
    ]);
    const keys = (await api.call.logisticsApi.shipmentKeys(k.bob.address, k.charlie.address, k.dave.address))
      .map((key) => key.toHex());
    const terms = seal('Logistics', IDS[0], 'route: Ningde - Munich', keys);
    await ok(api.tx.logistics.proposeShipment(k.charlie.address, k.dave.address, [IDS[0]],
      { year: 2026, month: 12, day: 1 }, { year: 2026, month: 12, day: 3 }, 0, terms), k.bob,
    'logistics.ShipmentProposed');
    baseline = await snapshot();
    const passport = baseline.answers[`battery_passport(${IDS[0]})`];
    assert.equal(passport.error, undefined, JSON.stringify(passport.error));
    assert.equal(passport.result.id, IDS[0]);
    assert.equal(baseline.answers['battery_info()'].result.specVersion, api.runtimeVersion.specVersion.toNumber());
    for (const pallet of PROJECT_PALLETS) {
      assert.ok(Object.keys(baseline.storage[pallet]).length > 1, `${pallet} has state`);
    }
  });

  it('authorizes the new runtime by a two-thirds council motion (governance.dispatchAsRoot)', async () => {
    const codeHash = blake2AsHex(wasm, 256);
    const proposal = api.tx.governance.dispatchAsRoot(api.tx.system.authorizeUpgrade(codeHash));
    const length = proposal.method.encodedLength;
    // The motion's index and hash, as the council will number and hash it.
    const proposalIndex = (await api.query.council.proposalCount()).toNumber();
    const proposalHash = proposal.method.hash.toHex();
    // Alice's motion, then (one member is not enough) a close refused, then her vote: one block.
    const alices = await signInOrder(api, k.alice, [
      api.tx.council.propose(2, proposal, length),
      api.tx.council.close(proposalHash, proposalIndex, { refTime: 10_000_000_000, proofSize: 100_000 }, length),
      api.tx.council.vote(proposalHash, proposalIndex, true),
    ]);
    const [proposed, early] = await Promise.all([
      ok(alices[0], k.alice, 'council.Proposed'),
      submit(api, alices[1], k.alice),
      ok(alices[2], k.alice),
    ]);
    const motion = proposed.events.find((e) => e.name === 'council.Proposed').event.data;
    assert.deepEqual([motion.proposalIndex.toNumber(), motion.proposalHash.toHex()], [proposalIndex, proposalHash]);
    // One member is not enough: closing now is refused.
    assert.equal(early.error, 'council.TooEarly');

    await ok(api.tx.council.vote(proposalHash, proposalIndex, true), k.bob);
    const closed = await ok(api.tx.council.close(proposalHash, proposalIndex,
      { refTime: 10_000_000_000, proofSize: 100_000 }, length), k.dave, 'system.UpgradeAuthorized');
    const executed = closed.events.find((e) => e.name === 'council.Executed');
    assert.ok(executed?.event.data.result.isOk, 'the motion executed');
    assert.ok(closed.events.some((e) => e.name === 'governance.DispatchedAsRoot'));
    const authorized = await api.query.system.authorizedUpgrade();
    assert.equal(authorized.unwrap().codeHash.toHex(), codeHash);
  });

  it('applies the authorized wasm: System.CodeUpdated, then the higher spec_version runs', async () => {
    const oldVersion = api.runtimeVersion.specVersion.toNumber();
    // Anyone may supply the authorized code; a valid upgrade pays no fee.
    const applied = await submit(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(wasm)), k.ferdie);
    assert.equal(applied.error, undefined, applied.error);
    const header = await api.rpc.chain.getHeader(applied.blockHash);
    upgradeBlock = header.number.toNumber();
    // The state of the upgrade block already holds the new code, but its events were written by the
    // old runtime: decode them with the old runtime's types (those of the parent block), as a client
    // following a real upgrade, whose types change, has to. (@polkadot/api decodes storage of that
    // block with the new types, which is why `submit` does not see the extrinsic's events.)
    const old = await api.at(header.parentHash);
    const entry = old.query.system.events;
    const raw = (await rpc(node.url, 'state_getStorage', [entry.key(), applied.blockHash])).result;
    const records = old.registry.createType(old.registry.createLookupType(entry.creator.meta.type.asPlain), raw);
    const events = records.map(({ event }) => `${event.section}.${event.method}`);
    assert.ok(events.includes('system.CodeUpdated'), `system.CodeUpdated in ${events}`);
    const version = await waitFor('the new runtime version', async () => {
      const { result } = await rpc(node.url, 'state_getRuntimeVersion');
      return result.specVersion > oldVersion ? result : undefined;
    }, { timeoutMs: 30_000 });
    assert.equal(version.specVersion, oldVersion + 1);
    assert.equal(version.specName, 'battery-chain');
    // The state of the upgrade block already holds the new code; the first block the new runtime
    // executes runs the migrations and records the upgrade.
    await waitFor('System.LastRuntimeUpgrade at the new version', async () => {
      const last = await api.query.system.lastRuntimeUpgrade();
      return last.isSome && last.unwrap().specVersion.toNumber() === oldVersion + 1;
    }, { timeoutMs: 30_000 });
  });

  it('goes on producing and finalizing blocks', async () => {
    await waitFor('3 blocks finalized after the upgrade', async () => {
      const h = await heights(node.url);
      return h.finalized >= upgradeBlock + 3 && h.best >= upgradeBlock + 3;
    }, { timeoutMs: 45_000 });
  });

  it('reads the same battery, consortium and telemetry state as before', async () => {
    const now = await snapshot();
    const info = now.answers['battery_info()'];
    const oldInfo = baseline.answers['battery_info()'];
    assert.equal(info.result.specVersion, oldInfo.result.specVersion + 1);
    assert.deepEqual({ ...info.result, specVersion: 0 }, { ...oldInfo.result, specVersion: 0 });
    for (const [read, answer] of Object.entries(baseline.answers)) {
      if (read !== 'battery_info()') assert.deepEqual(now.answers[read], answer, read);
    }
    for (const pallet of PROJECT_PALLETS) {
      assert.deepEqual(now.storage[pallet], baseline.storage[pallet], `${pallet} storage (incl. its storage version)`);
    }
  });

  it('accepts and executes new extrinsics in the new runtime', async () => {
    await ok(api.tx.battery.registerBatteries(FACTORY, [IDS[1]]), k.bob);
    const { result, error } = await rpc(node.url, 'battery_passport', [IDS[1]]);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.equal(result.id, IDS[1]);
  });
});
