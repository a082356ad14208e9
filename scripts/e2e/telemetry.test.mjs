// Telemetry end to end on a dev node this file starts itself: `scripts/replay-telemetry.mjs`
// streams a public PyBaMM case as signed BMS batches; the off-chain worker runs the estimator and
// its authorized results land on chain, each naming its batch; the on-chain SOC / SOH after the
// last batch are within the estimator's targets of the truth. Reads are scope-checked, and a
// replayed batch is refused.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { connect, devKeys, submit } from './lib/api.mjs';
import { sealReadings } from '../lib/sealed.mjs';
import { rpc, startDevNode } from './lib/node.mjs';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
// The repository's public cases ($SOCSOH_DIR overrides); a missing case fails the suite, never skips it.
const CASES = process.env.SOCSOH_DIR ? resolve(process.env.SOCSOH_DIR) : resolve(here, '../../testdata/socsoh');
const CASE = 'chen2020_us06_25c';

let node;
let summary;

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
      '--dir', CASES, '--case', CASE, '--batch', '1800', '--json'], { timeout: 240_000 });
    summary = JSON.parse(stdout);
    assert.ok(summary.batches.length >= 6, JSON.stringify(summary));
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

  it('ends within the estimator targets of the truth (SOC and SOH within 2 points)', () => {
    assert.ok(summary, 'the replay ran');
    assert.ok(summary.final.socErrorPct <= 2, `SOC error ${summary.final.socErrorPct} pp`);
    assert.ok(summary.final.sohErrorPct <= 2, `SOH error ${summary.final.sohErrorPct} pp`);
  });

  it('serves health, twin and summary to readers in scope only', async () => {
    const { dave: { address: dave }, eve: { address: eve } } = devKeys();
    const health = await rpc(node.url, 'battery_health', [summary.battery, dave]);
    assert.equal(health.error, undefined, JSON.stringify(health.error));
    assert.equal(health.result.batchHash, summary.final.batchHash);
    const twin = await rpc(node.url, 'battery_twin', [summary.battery, dave]);
    assert.equal(twin.error, undefined, JSON.stringify(twin.error));
    const telemetrySummary = await rpc(node.url, 'battery_telemetrySummary', [summary.battery, dave]);
    assert.equal(telemetrySummary.error, undefined, JSON.stringify(telemetrySummary.error));
    const outOfScope = await rpc(node.url, 'battery_health', [summary.battery, eve]);
    assert.ok(outOfScope.error, 'an energy station may not read usage data');
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
