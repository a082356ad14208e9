// Telemetry end to end on a dev node this file starts itself: `scripts/replay-telemetry.mjs`
// streams a public PyBaMM case as signed BMS batches; the off-chain worker runs the estimator and
// its authorized results land on chain, each naming its batch, sealed for the battery's Usage
// scope. Opened with the operator Dave's reader secret (generated here, given to the replay),
// every result is bit for bit the native estimator's on the same readings, and the SOC / SOH
// after the last batch are within the estimator's targets of the truth. Anyone may fetch the
// health, twin and summary; an outsider's secret opens none of them. A replayed batch is refused.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { connect, devKeys, submit } from './lib/api.mjs';
import { signInOrder } from '../lib/chain.mjs';
import {
  grant, open, openHealth, openTwin, readerKeyPair, sealReadings,
} from '../lib/sealed.mjs';
import { rpc, startDevNode } from './lib/node.mjs';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
// The repository's public cases ($SOCSOH_DIR overrides); a missing case fails the suite, never skips it.
const CASES = process.env.SOCSOH_DIR ? resolve(process.env.SOCSOH_DIR) : resolve(here, '../../testdata/socsoh');
const CASE = 'chen2020_us06_25c';

let node;
let summary;
// The operator Dave's reader key: the replay registers it and gives the node its secret.
const daveReader = readerKeyPair();

before(async () => {
  const missing = [`${CASE}.json`, `${CASE}.csv.gz`].map((file) => join(CASES, file)).filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`telemetry case missing: ${missing.join(', ')} (testdata/socsoh or $SOCSOH_DIR)`);
  node = await startDevNode(['-lruntime::telemetry=debug']);
});

after(async () => {
  await node?.stop();
});

describe('telemetry replay through the chain', () => {
  it('streams a public case; every batch gets a result naming it, one block later', async () => {
    const { stdout } = await run('node', [resolve(here, '../replay-telemetry.mjs'), '--url', node.wsUrl,
      '--dir', CASES, '--case', CASE, '--batch', '1800', '--reader-secret', daveReader.secret, '--json'],
    { timeout: 240_000 });
    summary = JSON.parse(stdout);
    assert.ok(summary.batches.length >= 6, JSON.stringify(summary));
    // The replay sends the shorter encoding: compact for a drive cycle (telemetry.submitCompactBatch),
    // under half the SCALE bytes; the worker's results below are then the Rust decoder's reading of
    // the JavaScript encoder's bytes.
    for (const batch of summary.batches) {
      assert.equal(batch.encoding, 'Compact', JSON.stringify(batch));
      assert.ok(batch.bytes * 2 < batch.samples * 10, `batch ${batch.sequence}: ${batch.bytes} bytes`);
    }
    // A failure shows what the off-chain worker logged (read only then).
    const workerLog = () => node.log().split('\n').filter((line) => line.includes('runtime::telemetry')).slice(-40).join('\n');
    for (const batch of summary.batches) {
      if (!batch.resultAt) assert.fail(`batch ${batch.sequence} has no result\n${workerLog()}`);
      if (!(batch.latencyBlocks >= 1 && batch.latencyBlocks <= 3)) {
        assert.fail(`batch ${batch.sequence}: latency ${batch.latencyBlocks} blocks\n${workerLog()}`);
      }
    }
    assert.equal(summary.final.batchHash, summary.batches.at(-1).batchHash, 'the latest health names the last batch');
  });

  it('opens every result with Dave\'s secret: bit for bit the native estimator on the same readings', () => {
    assert.ok(summary, 'the replay ran');
    assert.equal(summary.opened, true, 'the replay had the reader secret');
    for (const batch of summary.batches) {
      assert.equal(batch.bitForBit, true, `batch ${batch.sequence}: ${JSON.stringify(batch)}`);
    }
    assert.equal(summary.bitForBit, true);
  });

  it('ends within the estimator targets of the truth (SOC and SOH within 2 points)', () => {
    assert.ok(summary, 'the replay ran');
    assert.ok(summary.final.socErrorPct <= 2, `SOC error ${summary.final.socErrorPct} pp`);
    assert.ok(summary.final.sohErrorPct <= 2, `SOH error ${summary.final.sohErrorPct} pp`);
  });

  it('serves health, twin and summary to anyone, sealed: Dave opens them, an outsider none', async () => {
    assert.ok(summary, 'the replay ran');
    const answer = async (method, params) => {
      const { result, error } = await rpc(node.url, method, params);
      assert.equal(error, undefined, `${method}: ${JSON.stringify(error)}`);
      return result;
    };
    const health = await answer('battery_health', [summary.battery]);
    assert.equal(health.batchHash, summary.final.batchHash);
    const twin = await answer('battery_twin', [summary.battery]);
    const telemetrySummary = await answer('battery_telemetrySummary', [summary.battery]);
    assert.ok(twin.twin && telemetrySummary.twin, 'a resulted battery has a sealed twin');
    const envelopes = { health: health.health, twin: twin.twin, summaryTwin: telemetrySummary.twin };

    // Sealed for exactly the battery's Usage scope.
    const scope = await answer('battery_sealingKeys', [summary.battery, 'Usage', null]);
    for (const [name, envelope] of Object.entries(envelopes)) {
      assert.deepEqual(envelope.readers.map((w) => w.reader).sort(), [...scope].sort(), `${name} readers`);
    }

    const api = await connect(node.wsUrl);
    try {
      const { result } = openHealth(api, envelopes.health, daveReader.secret);
      assert.equal(result.socPpm / 1e6, summary.final.soc, 'the health holds the replay\'s final SOC');
      assert.equal(result.sohCapacityPpm / 1e6, summary.final.soh);
      const samples = summary.batches.reduce((sum, b) => sum + b.samples, 0);
      for (const name of ['twin', 'summaryTwin']) {
        const opened = openTwin(api, envelopes[name], daveReader.secret);
        assert.equal(opened.summary.samples, samples, `${name}: samples of the running summary`);
        assert.equal(opened.summary.batches, summary.batches.length, `${name}: batches of the running summary`);
      }
    } finally {
      await api.disconnect();
    }

    const outsider = readerKeyPair();
    for (const [name, envelope] of Object.entries(envelopes)) {
      assert.throws(() => open(envelope, outsider.secret), /NotARecipient/, `the outsider opens the ${name}`);
    }

    for (const method of ['battery_health', 'battery_twin', 'battery_telemetrySummary']) {
      const unknown = await rpc(node.url, method, ['03HPE0A2D000C7LB5NOSUCH01']);
      assert.ok(unknown.error, `${method} of an unknown battery: ${JSON.stringify(unknown)}`);
    }
  });

  it('lets Dave grant a user assigned later the latest health and the twin; nobody else may grant', async () => {
    assert.ok(summary, 'the replay ran');
    const api = await connect(node.wsUrl);
    try {
      const k = devKeys(api.registry.chainSS58);
      // Alice//stash is a user Dave registered at genesis; she gets a key and the battery.
      const user = readerKeyPair();
      const ok = async (tx, signer) => {
        const outcome = await submit(api, tx, signer);
        assert.equal(outcome.error, undefined, outcome.error);
        return outcome;
      };
      await Promise.all([
        ok(api.tx.consortium.setReaderKey(user.public), k.aliceStash),
        ok(api.tx.battery.assignUser(summary.battery, k.aliceStash.address), k.dave),
      ]);
      const health = (await rpc(node.url, 'battery_health', [summary.battery])).result;
      const twin = (await rpc(node.url, 'battery_twin', [summary.battery])).result.twin;
      assert.throws(() => open(health.health, user.secret), /NotARecipient/, 'sealed before she came');

      const record = { Health: { slot: health.slot, batchHash: health.batchHash } };
      const wraps = grant(health.health, daveReader.secret, [user.public]);
      // A wrap for a key outside the scope is refused.
      const stray = grant(health.health, daveReader.secret, [readerKeyPair().public]);
      // One block: Eve's attempt (refused before any check of the wraps), Dave's three in order.
      const daves = await signInOrder(api, k.dave, [
        api.tx.telemetry.grantResult(summary.battery, record, stray),
        api.tx.telemetry.grantResult(summary.battery, record, wraps),
        api.tx.telemetry.grantResult(summary.battery, 'Twin', grant(twin, daveReader.secret, [user.public])),
      ]);
      const [byEve, strayGrant, { events }] = await Promise.all([
        // Eve is not in the battery's Usage scope: she may not grant, even wraps Dave made.
        submit(api, api.tx.telemetry.grantResult(summary.battery, record, wraps), k.eve),
        submit(api, daves[0], k.dave),
        ok(daves[1], k.dave),
        ok(daves[2], k.dave),
      ]);
      assert.equal(byEve.error, 'telemetry.NotInScope');
      assert.equal(strayGrant.error, 'telemetry.UnexpectedRecipient');
      assert.ok(events.some(({ event }) => event.section === 'telemetry' && event.method === 'ResultGranted'));

      const granted = (await rpc(node.url, 'battery_health', [summary.battery])).result;
      assert.deepEqual(openHealth(api, granted.health, user.secret).result, openHealth(api, granted.health, daveReader.secret).result);
      const grantedTwin = (await rpc(node.url, 'battery_twin', [summary.battery])).result;
      assert.equal(openTwin(api, grantedTwin.twin, user.secret).summary.batches, summary.batches.length);
      assert.equal(grantedTwin.history[0].slot, health.slot);
    } finally {
      await api.disconnect();
    }
  });

  it('continues a twin seeded with a known history: its first results carry it, bit for bit', async () => {
    // An aged cell stated by an assessment: 90 % of the case's capacity, 1.5 × its R0, 400 cycles.
    const spec = JSON.parse(readFileSync(join(CASES, `${CASE}.json`), 'utf8'));
    const capacityUah = Math.round(spec.nominal_capacity_ah * 0.9 * 1e6);
    const r0 = Math.round(spec.characterization.ecm_1rc.r0_ohm * 1.5 * 1e6);
    const seed = `${capacityUah},${r0},400000`;
    const { stdout } = await run('node', [resolve(here, '../replay-telemetry.mjs'), '--url', node.wsUrl,
      '--dir', CASES, '--case', CASE, '--batch', '1800', '--max-batches', '2', '--seed', seed,
      '--reader-secret', daveReader.secret, '--json'], { timeout: 240_000 });
    const seeded = JSON.parse(stdout);
    assert.equal(seeded.batches.length, 2);
    assert.equal(seeded.bitForBit, true, JSON.stringify(seeded.batches));
    // The twin shows where it started from; the results carry the stated capacity.
    assert.equal(seeded.seed.source, 'Assessment');
    assert.equal(Number(seeded.seed.prior.capacityUah), capacityUah);
    // (no capacity observation within the first half hour of the drive: exactly the stated one)
    assert.ok(Math.abs(seeded.batches[0].soh - 0.9) < 1e-6, `SOH ${seeded.batches[0].soh}`);
    // Once resulted, the twin is sealed: a history can no longer be stated.
    const api = await connect(node.wsUrl);
    try {
      const k = devKeys(api.registry.chainSS58);
      const again = await submit(api, api.tx.telemetry.seedTwin(seeded.battery,
        { capacityUah, r0MicroOhm: null, efcMilli: null }, 'Assessment', null), k.dave);
      assert.equal(again.error, 'telemetry.TwinHasHistory', JSON.stringify(again));
    } finally {
      await api.disconnect();
    }
  });

  it('refuses a replayed batch', async () => {
    const api = await connect(node.wsUrl);
    try {
      const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
      const gateway = keyring.addFromUri(`//Dave//bms//${summary.battery}`);
      const now = (await api.query.timestamp.now()).toNumber();
      const reading = { currentMa: 1000, voltageMv: 3700, tempDecic: 250 };
      const recipients = (await rpc(node.url, 'battery_sealingKeys', [summary.battery, 'Usage', null])).result;
      const sealed = sealReadings(summary.battery, [reading], recipients);
      const replay = await submit(api, api.tx.telemetry.submitBatch(summary.battery, 1, now - 10_000, 1000, 1, sealed), gateway);
      assert.ok(replay.error?.startsWith('telemetry.'), replay.error);
    } finally {
      await api.disconnect();
    }
  });
});
