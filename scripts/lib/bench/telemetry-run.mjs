// Measures 3, 5 and 7 on one telemetry load: it runs at full rate for `seconds` (samples
// accepted per second over the steady window, the block-length share), then on for `sustain`
// seconds with the node's memory sampled (7), then stops; `drainBlocks` later the results are
// read: each accepted batch's result block (`HealthRecorded` or `BatchRejected`) minus its own
// block is its latency (5).

import { pump } from './submit.mjs';
import { BATCH_CALLS, telemetryLoad } from './telemetry.mjs';
import { quantile, steadyWindow } from './window.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function measureTelemetry(ctx, setup, { seconds, sustain, drainBlocks, memory, period, encoding = 'scale' }) {
  const { tracker, say } = ctx;
  // Three blocks' worth of batches ahead: the pool always has a full block to take (a compact
  // sample takes 2 to 3.5 bytes instead of 10).
  const bytesPerSample = encoding === 'compact' ? 2.5 : 10;
  const perBlock = Math.ceil(ctx.limits.normalLength / (ctx.limits.maxSamples * bytesPerSample));
  const load = telemetryLoad(ctx, setup, { ahead: 3 * perBlock, period, encoding });
  const acceptedIn = (b) => {
    let n = 0;
    for (const x of b.extrinsics) {
      if (!BATCH_CALLS.has(x.call) || !x.ok) continue;
      for (const e of x.events) if (e.name === 'telemetry.BatchSubmitted') n += e.data.samples.toNumber();
    }
    return n;
  };
  const sealingMs = Date.now();
  await load.prepare();
  say(`telemetry (${encoding}): ${setup.batteries.length} batteries' envelopes sealed in ${Math.round((Date.now() - sealingMs) / 1000)} s`);
  const startBlock = tracker.last + 1;
  const startedMs = Date.now();
  say(`telemetry (${encoding}): full load for ${seconds} s from ${setup.batteries.length} batteries, a batch each every ${period} blocks${sustain > 0 ? `, then sustained for ${sustain} s (node memory sampled)` : ''}`);
  let phase = 'measure';
  const pumping = pump(ctx.provider, load.batches(),
    { concurrency: 8, stop: () => phase === 'stopped', onRejected: load.refused });
  await sleep(seconds * 1000);
  const measureEnd = tracker.last;
  phase = 'sustain';
  const sustainFromMs = Date.now();
  memory?.take();
  if (sustain > 0) {
    let nextNote = Date.now() + 60_000;
    const until = Date.now() + sustain * 1000;
    while (Date.now() < until) {
      await sleep(Math.min(5_000, until - Date.now()));
      if (Date.now() >= nextNote) {
        nextNote += 60_000;
        say(`telemetry: sustained load, ${Math.round((until - Date.now()) / 1000)} s left, block #${tracker.last}`);
      }
    }
  }
  memory?.take();
  const sustainToMs = Date.now();
  const sustainEnd = tracker.last;
  phase = 'stopped';
  load.stop();
  const stats = await pumping;
  // The batches still in flight reach a block, then `drainBlocks` more for their results.
  const lastLoaded = tracker.last + 2;
  await tracker.reach(lastLoaded);
  say(`telemetry: load stopped at #${lastLoaded}; waiting ${drainBlocks} blocks for results`);
  await tracker.reach(lastLoaded + drainBlocks);
  load.close();

  const { book } = load;
  const measureBlocks = tracker.range(startBlock, measureEnd);
  const window = steadyWindow(measureBlocks, acceptedIn);
  const sustainBlocks = tracker.range(measureEnd + 1, sustainEnd);
  const sustained = sustainBlocks.length >= 2 ? {
    from: sustainBlocks[0].number,
    to: sustainBlocks.at(-1).number,
    samples: sustainBlocks.reduce((s, b) => s + acceptedIn(b), 0),
    seconds: (sustainBlocks.at(-1).timestamp - tracker.blocks.get(measureEnd).timestamp) / 1000,
    length: sustainBlocks.reduce((s, b) => s + b.length, 0) / sustainBlocks.length / ctx.limits.normalLength,
  } : undefined;
  const batches = [...book.accepted.values()];
  const latency = batches.filter((b) => b.result !== undefined).map((b) => b.result - b.block);
  const inWindow = window ? batches.filter((b) => b.block >= window.from && b.block <= window.to) : [];
  const windowLatency = inWindow.filter((b) => b.result !== undefined).map((b) => b.result - b.block);
  const loadBlocks = tracker.range(startBlock, lastLoaded);
  const results = loadBlocks.reduce((s, b) => s + (book.resultsByBlock.get(b.number) ?? 0), 0);
  const before = tracker.blocks.get(startBlock - 1) ?? loadBlocks[0];
  const loadSeconds = (loadBlocks.at(-1).timestamp - before.timestamp) / 1000;
  const endBlock = tracker.last;
  return {
    encoding,
    bytesPerSample: book.bytes.length ? book.bytes.reduce((a, b) => a + b, 0) / (book.bytes.length * ctx.limits.maxSamples) : 10,
    window,
    sustained,
    sustainedBlocks: sustainBlocks,
    sustainMs: { from: sustainFromMs, to: sustainToMs },
    startedMs,
    batteries: setup.batteries.length,
    period,
    caseName: setup.caseName,
    samplesPerBatch: ctx.limits.maxSamples,
    submitted: stats.submitted,
    rejectedByPool: stats.rejected.length,
    rejectedSample: stats.rejected.slice(0, 3),
    inBlocks: book.inBlocks,
    accepted: batches.length,
    failed: Object.fromEntries(book.failed),
    failedInWindow: window ? window.blocks.reduce((s, b) => s + (book.failedByBlock.get(b.number) ?? 0), 0) : 0,
    stalls: book.stalls,
    results: {
      total: batches.filter((b) => b.result !== undefined).length,
      rejected: batches.filter((b) => b.rejected).length,
      perBlock: results / Math.max(1, loadBlocks.length),
      perSecond: results / loadSeconds,
      maxPerBlock: Math.max(0, ...loadBlocks.map((b) => book.resultsByBlock.get(b.number) ?? 0)),
      blocks: loadBlocks.length,
    },
    latency: {
      median: quantile(latency, 0.5), p95: quantile(latency, 0.95), max: quantile(latency, 1), min: quantile(latency, 0),
      resulted: latency.length,
      waiting: batches.length - latency.length,
      oldestWaiting: Math.max(0, ...batches.filter((b) => b.result === undefined).map((b) => endBlock - b.block)),
      window: {
        batches: inWindow.length,
        resulted: windowLatency.length,
        median: quantile(windowLatency, 0.5),
        max: quantile(windowLatency, 1),
      },
      observedTo: endBlock,
    },
  };
}
