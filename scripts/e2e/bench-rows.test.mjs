// The benchmark's judgements (scripts/lib/bench/rows.mjs) on made-up measures: the result-latency
// target (median and p95 within 2 blocks, no batch left waiting longer) and the two memory rows
// (VmRSS, and the anonymous part a memory limit cannot reclaim). No node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyRows, memoryRows } from '../lib/bench/rows.mjs';

const limits = { ocwBatchesPerRun: 512 };
const telemetry = (latency) => ({
  accepted: 100,
  samplesPerBatch: 3_600,
  results: { perSecond: 30, perBlock: 90, maxPerBlock: 100, rejected: 0 },
  latency: {
    median: 1, p95: 1, max: 4, min: 1, resulted: 100, observedTo: 50, waiting: 0, oldestWaiting: 0,
    window: { batches: 10, resulted: 10 },
    ...latency,
  },
});
const latencyResult = (latency) => latencyRows(telemetry(latency), limits)[0].result;

test('result latency passes within 2 blocks and fails beyond, or with a batch left waiting', () => {
  assert.equal(latencyResult({}), 'pass');
  assert.equal(latencyResult({ median: 2, p95: 2, max: 9 }), 'pass');
  assert.equal(latencyResult({ p95: 3 }), 'FAIL');
  assert.equal(latencyResult({ median: 3, p95: 3 }), 'FAIL');
  assert.equal(latencyResult({ waiting: 1, oldestWaiting: 3 }), 'FAIL');
  assert.equal(latencyResult({ waiting: 1, oldestWaiting: 2 }), 'pass');
  assert.equal(latencyResult({ resulted: 0 }), 'FAIL');
  assert.deepEqual(latencyRows({ error: 'no node' }, limits), []);
});

const sustained = { peakMib: 380, firstMib: 300, lastMib: 370, growthMibPerMin: 1, minutes: 20, samples: 600 };
const anon = { peakAnonMib: 300, firstAnonMib: 200, lastAnonMib: 280, firstFileMib: 90, lastFileMib: 100 };

test('memory: VmRSS and its anonymous part are judged against 400 MB (decimal)', () => {
  const [rss, own] = memoryRows({ sustained: { ...sustained, ...anon }, idleMib: 80 });
  assert.equal(rss.result, 'pass');
  assert.equal(own.result, 'pass');
  // 382 MiB = 400.6 MB
  const [over, ownOver] = memoryRows({ sustained: { ...sustained, ...anon, peakMib: 382, peakAnonMib: 382 }, idleMib: 80 });
  assert.equal(over.result, 'FAIL');
  assert.equal(ownOver.result, 'FAIL');
  assert.equal(memoryRows({ sustained, idleMib: 80 }).length, 1, 'no anonymous row without the split');
});

test('memory in a cgroup: VmRSS as measured, and no OOM kill', () => {
  const m = { sustained: { ...sustained, ...anon }, idleMib: 80 };
  assert.equal(memoryRows({ ...m, cgroup: { limitMb: 380, peakMib: 362, oomKills: 0 } })[0].result, 'pass');
  assert.equal(memoryRows({ ...m, cgroup: { limitMb: 380, peakMib: 362, oomKills: 1 } })[0].result, 'FAIL');
  assert.equal(memoryRows({ ...m, cgroup: { limitMb: 380, peakMib: 362 } })[0].result, 'FAIL', 'an unknown kill count is no pass');
  // the limit does not make the number: VmRSS over 400 MB fails in any limit
  const over = { ...m, sustained: { ...m.sustained, peakMib: 386 } };
  assert.equal(memoryRows({ ...over, cgroup: { limitMb: 400, peakMib: 381, oomKills: 0 } })[0].result, 'FAIL');
  // a limit that could not be applied judges the run as unlimited
  assert.equal(memoryRows({ ...m, cgroup: { limitMb: 400, error: 'no cgroup' } })[0].result, 'pass');
  assert.equal(memoryRows({ error: '--sustain too short' })[0].value, '–');
  assert.equal(memoryRows({ error: '--sustain too short' })[0].result, undefined, 'not measured is no verdict');
  assert.equal(memoryRows({ error: 'the node exited (SIGKILL)', died: true })[0].result, 'FAIL');
  // the anonymous part is judged on its own figure
  assert.equal(memoryRows({ ...m, cgroup: { limitMb: 380, peakMib: 362, oomKills: 1 } })[1].result, 'pass');
});
