// Measures 3, 5 and 7's load: sealed telemetry batches of the largest sample count the runtime
// allows (`telemetry.maxSamples`), from every set-up battery's gateway in turn, kept a few blocks
// ahead of the chain (never more than `ahead` batches submitted and not yet in a block, so the
// pool holds what the next blocks take and does not grow without bound).
//
// Each battery's batches follow each other in time (sequence 1, 2, …; consecutive hours at 1 s a
// sample, the first a year before the chain's time, so no batch ends in the future). Each battery
// seals every distinct stretch of its drive cycle once and sends it again in later batches (the
// same envelope, a new sequence and start, so a new batch hash): the chain and the estimator
// worker do all their work per batch; only the client's sealing is saved.

import { sealBatch } from '../compact.mjs';
import { sealReadings } from '../sealed.mjs';
import { cycle } from './telemetry-setup.mjs';
import { signOffline } from './submit.mjs';

const HOUR_MS = 3_600_000;

/** The calls that submit a telemetry batch. */
export const BATCH_CALLS = new Set(['telemetry.submitBatch', 'telemetry.submitCompactBatch']);

/** The event data of `name` in an included extrinsic's events, all of them. */
const eventsNamed = (x, name) => x.events.filter((e) => e.name === name).map((e) => e.data);

/**
 * A telemetry load over `setup.batteries`: `load.batches()` is an async iterable of signed
 * batches; `load.book` keeps what happened to them, read from the blocks (`ctx.tracker`).
 * `encoding`: `scale` (`submitBatch`, 10 bytes a sample) or `compact` (`submitCompactBatch` with
 * the samples in the compact encoding, SCALE for a stretch where that is shorter).
 */
export function telemetryLoad(ctx, setup, { ahead, encoding = 'scale' }) {
  const { api, tracker, limits } = ctx;
  const samples = limits.maxSamples;
  const { readings, periodMs } = setup.data;
  const stretches = Math.max(1, Math.floor(readings.length / samples));
  const firstStart = (tracker.blocks.get(tracker.last)?.timestamp ?? Date.now()) - 365 * 24 * HOUR_MS;
  const spanMs = Math.ceil((samples * periodMs) / HOUR_MS) * HOUR_MS;
  const state = setup.batteries.map((b) => ({ ...b, sequence: 0, sealed: new Map() }));
  const book = {
    submitted: new Map(), // tx hash -> { battery, sequence }
    inBlocks: 0,
    accepted: new Map(), // batch hash -> { battery, block, samples, result?, rejected? }
    failed: new Map(), // error -> count
    failedByBlock: new Map(),
    refused: 0, // refused by the pool (their battery is left out from then on: its later nonces would wait)
    stalls: 0, // waits for the chain to take batches that ran out of patience
    writtenOff: 0, // batches no longer waited for after a stall
    resultsByBlock: new Map(),
    bytes: [], // encoded length of each distinct stretch (compact load)
  };
  let stopped = false;
  const stopReading = tracker.onBlock((block) => {
    for (const x of block.extrinsics) {
      if (BATCH_CALLS.has(x.call) && book.submitted.has(x.hash)) {
        book.inBlocks += 1;
        if (!x.ok) {
          book.failed.set(x.error, (book.failed.get(x.error) ?? 0) + 1);
          book.failedByBlock.set(block.number, (book.failedByBlock.get(block.number) ?? 0) + 1);
        }
        for (const e of eventsNamed(x, 'telemetry.BatchSubmitted')) {
          book.accepted.set(e.batchHash.toHex(), { battery: e.battery.toUtf8(), block: block.number, samples: e.samples.toNumber() });
        }
      }
      for (const name of ['telemetry.HealthRecorded', 'telemetry.BatchRejected', 'telemetry.BatchUndecodable']) {
        for (const e of eventsNamed(x, name)) {
          const batch = book.accepted.get(e.batchHash.toHex());
          if (!batch || batch.result !== undefined) continue;
          batch.result = block.number;
          batch.rejected = name !== 'telemetry.HealthRecorded';
          book.resultsByBlock.set(block.number, (book.resultsByBlock.get(block.number) ?? 0) + 1);
        }
      }
    }
  });

  async function* batches() {
    while (!stopped) {
      if (state.every((b) => b.dead)) return;
      for (const b of state) {
        if (b.dead) continue;
        const waitUntil = Date.now() + 60_000;
        const outstanding = () => book.submitted.size - book.inBlocks - book.refused - book.writtenOff;
        while (!stopped && outstanding() >= ahead) {
          if (Date.now() > waitUntil) {
            // Batches submitted and never in a block (dropped from the pool): stop waiting for them.
            book.stalls += 1;
            book.writtenOff += outstanding() - Math.floor(ahead / 2);
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        if (stopped) return;
        const stretch = b.sequence % stretches;
        if (!b.sealed.has(stretch)) {
          const chunk = cycle(readings, stretch * samples, samples);
          if (encoding === 'compact') {
            const batch = sealBatch(api, b.id, chunk, b.recipients);
            book.bytes.push(batch.bytes);
            b.sealed.set(stretch, batch.submit);
          } else {
            const sealed = sealReadings(b.id, chunk, b.recipients);
            b.sealed.set(stretch, (...timing) => api.tx.telemetry.submitBatch(b.id, ...timing, samples, sealed));
          }
        }
        b.sequence += 1;
        const start = firstStart + (b.sequence - 1) * spanMs;
        const tx = b.sealed.get(stretch)(b.sequence, start, periodMs);
        const signed = signOffline(api, tx, b.gateway, b.sequence - 1);
        book.submitted.set(signed.hash, { battery: b.id, sequence: b.sequence });
        yield signed;
        // Let the block tracker and the RPC answers in between.
        await new Promise((r) => setImmediate(r));
      }
    }
  }

  /** For `pump`: a batch the pool refused; its battery sends no more. */
  function refused(tx) {
    book.refused += 1;
    const entry = book.submitted.get(tx.hash);
    const b = entry && state.find((x) => x.id === entry.battery);
    if (b) b.dead = true;
  }

  return {
    book,
    batches,
    refused,
    stop() { stopped = true; },
    close() { stopped = true; stopReading(); },
  };
}
