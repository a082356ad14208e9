// Measures 3, 5 and 7's load: sealed telemetry batches of the largest sample count the runtime
// allows (`telemetry.maxSamples`) from a fleet of set-up batteries' gateways, kept a few blocks
// ahead of the chain (never more than `ahead` batches submitted and not yet in a block, so the
// pool holds what the next blocks take and does not grow without bound).
//
// The fleet's shape: a battery sends its next batch `period` blocks after its previous one
// reached a block, as a fleet does where each battery reports every so often (at 1 Hz a battery
// fills a batch of 3,600 samples an hour; the bench compresses the hour into `period` blocks and
// makes up the load with many batteries). Blocks are full when the fleet has at least `period`
// blocks' worth of batteries; a battery that waits for its own batch meanwhile is skipped.
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
export function telemetryLoad(ctx, setup, { ahead, period, encoding = 'scale' }) {
  const { api, tracker, limits } = ctx;
  const samples = limits.maxSamples;
  const { readings, periodMs } = setup.data;
  const stretches = Math.max(1, Math.floor(readings.length / samples));
  const firstStart = (tracker.blocks.get(tracker.last)?.timestamp ?? Date.now()) - 365 * 24 * HOUR_MS;
  const spanMs = Math.ceil((samples * periodMs) / HOUR_MS) * HOUR_MS;
  // inFlight: the hash of the battery's batch not yet in a block, and since when (ms);
  // lastBlock: the block its last batch reached
  const state = setup.batteries.map((b) => ({ ...b, sequence: 0, sealed: new Map(), inFlight: undefined, lastBlock: undefined }));
  const byId = new Map(state.map((b) => [b.id, b]));
  const book = {
    submitted: new Map(), // tx hash -> { battery, sequence }
    open: new Set(), // hashes submitted and not yet in a block, refused or written off
    inBlocks: 0,
    accepted: new Map(), // batch hash -> { battery, block, samples, result?, rejected? }
    failed: new Map(), // error -> count
    failedByBlock: new Map(),
    refused: 0, // refused by the pool (their battery is left out from then on: its later nonces would wait)
    stalls: 0, // batches never in a block within a minute (their battery sends no more)
    resultsByBlock: new Map(),
    bytes: [], // encoded length of each distinct stretch (compact load)
  };
  let stopped = false;
  const stopReading = tracker.onBlock((block) => {
    for (const x of block.extrinsics) {
      if (BATCH_CALLS.has(x.call) && book.submitted.has(x.hash)) {
        book.inBlocks += 1;
        book.open.delete(x.hash);
        const b = byId.get(book.submitted.get(x.hash).battery);
        if (b?.inFlight?.hash === x.hash) {
          b.inFlight = undefined;
          b.lastBlock = block.number;
        }
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

  /** Seals `stretch` of the cycle for battery `b` once (its envelope is sent again later). */
  function seal(b, stretch) {
    if (b.sealed.has(stretch)) return;
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

  /**
   * Seals every battery's stretches before the load starts, so the generator's sealing does not
   * hold the load back in the measured window (a fleet of 1,320 batteries seals about 4,000
   * envelopes of 3,600 samples).
   */
  async function prepare() {
    for (const b of state) {
      for (let stretch = 0; stretch < stretches; stretch += 1) seal(b, stretch);
      // Let the block tracker and the RPC answers in between.
      await new Promise((r) => setImmediate(r));
    }
  }

  // A battery may send when its previous batch reached a block `period` blocks ago (so the
  // next one reaches block lastBlock + period at the earliest).
  const ready = (b) => !b.dead && b.inFlight === undefined
    && (b.lastBlock === undefined || tracker.last + 1 >= b.lastBlock + period);
  let turn = 0;
  async function* batches() {
    while (!stopped) {
      // A batch that has not reached a block within a minute was lost: its battery stops (its
      // later nonces would wait behind it).
      for (const b of state) {
        if (b.inFlight && Date.now() - b.inFlight.ms > 60_000) {
          book.open.delete(b.inFlight.hash);
          b.dead = true;
          b.inFlight = undefined;
          book.stalls += 1;
        }
      }
      if (state.every((b) => b.dead)) return;
      let b;
      for (let k = 0; k < state.length && !b; k += 1) {
        const candidate = state[(turn + k) % state.length];
        if (ready(candidate)) b = candidate;
      }
      if (!b || book.open.size >= ahead) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      turn = (state.indexOf(b) + 1) % state.length;
      const stretch = b.sequence % stretches;
      seal(b, stretch);
      b.sequence += 1;
      const start = firstStart + (b.sequence - 1) * spanMs;
      const tx = b.sealed.get(stretch)(b.sequence, start, periodMs);
      const signed = signOffline(api, tx, b.gateway, b.sequence - 1);
      book.submitted.set(signed.hash, { battery: b.id, sequence: b.sequence });
      book.open.add(signed.hash);
      b.inFlight = { hash: signed.hash, ms: Date.now() };
      yield signed;
      // Let the block tracker and the RPC answers in between.
      await new Promise((r) => setImmediate(r));
    }
  }

  /** For `pump`: a batch the pool refused; its battery sends no more. */
  function refused(tx) {
    book.refused += 1;
    book.open.delete(tx.hash);
    const entry = book.submitted.get(tx.hash);
    const b = entry && byId.get(entry.battery);
    if (b) {
      b.dead = true;
      b.inFlight = undefined;
    }
  }

  return {
    book,
    prepare,
    batches,
    refused,
    stop() { stopped = true; },
    close() { stopped = true; stopReading(); },
  };
}
