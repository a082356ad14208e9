// The table's rows from the measures' results. Every value comes from the chain (blocks, events,
// weights), the node's log or /proc; a measure that could not be taken says why.

import { endsText, fullness, quantile } from './window.mjs';
import { fmt } from './table.mjs';

const pct = (x) => (x === undefined ? '–' : `${fmt(x * 100, 1)} %`);
const us = (ps) => (ps === undefined ? '–' : fmt(ps / 1e6, 1));
const ratio = (x, anchor) => (x === undefined || !anchor ? '' : fmt(x / anchor, 2));
const failedRow = (measure, error) => ({ measure, value: '–', note: `not measured: ${error}` });

/** "window #12–#15 (4 blocks, 12.0 s): weight 99.9 %, length 4.4 %; blocks ended …" */
function windowNote(window, full) {
  if (!window) return 'no block carried the load';
  const shortNote = window.short ? ', SHORT: every loaded block counted' : '';
  return `window #${window.from}–#${window.to} (${window.blocks.length} blocks, ${fmt(window.seconds, 1)} s${shortNote}): `
    + `weight ${pct(full.weight)}, length ${pct(full.length)} of the normal class; blocks ended ${endsText(full.ends)}`;
}

/** 1: the anchor, a signed transfer. */
function transferRows(t, limits, full) {
  if (t.error) return [failedRow('1 signed transfers', t.error)];
  const f = full(t.window);
  return [{
    measure: '1 signed transfers (balances.transferKeepAlive)', value: fmt(t.window?.rate), unit: 'tx/s', ratio: '1.00',
    note: `${windowNote(t.window, f)}; ${fmt(t.submitted)} signed ahead by ${t.accounts} accounts, submitted in `
      + `${fmt(t.submitSeconds, 1)} s${t.rejected ? `, ${t.rejected} refused by the pool` : ''}`,
  }, {
    measure: '1 weight of a transfer', value: us(t.weight), unit: 'µs', ratio: '1.00',
    note: `actual (ExtrinsicSuccess, median) = fee/weight info ${us(t.queryInfoWeight)} µs (the call ${us(t.callWeight)} µs, `
      + `the rest its transaction extensions) + base extrinsic ${us(limits.baseExtrinsic)} µs; the normal class (${fmt(limits.normalWeight / 1e9)} ms) holds `
      + `${fmt(Math.floor(limits.normalWeight / t.weight))} transfers`,
  }];
}

/** 2: bulk registrations and the weight of a battery. */
function registrationRows(r, anchor, full) {
  if (r.error) return [failedRow('2 battery registrations', r.error)];
  const f = full(r.window);
  const perBattery = r.lotWeight / r.lotSize;
  const share = anchor.weight ? perBattery / anchor.weight : undefined;
  return [{
    measure: `2 battery registrations (registerBatteries, lots of ${r.lotSize})`, value: fmt(r.window?.rate),
    unit: 'batteries/s', ratio: ratio(r.window?.rate, anchor.rate),
    note: `${windowNote(r.window, f)}; ${fmt(r.registered)} registered in ${r.lots} lots signed by one manufacturer`
      + `${r.failed ? `, ${r.failed} lots failed (${r.failedSample.join(', ')})` : ''}`,
  }, {
    measure: '2 weight per battery (full lot)', value: us(perBattery), unit: 'µs', ratio: ratio(perBattery, anchor.weight),
    target: '≤ 0.10', result: share === undefined ? '' : (share <= 0.1 ? 'pass' : 'FAIL'),
    note: `a lot of ${r.lotSize} weighs ${fmt(r.lotWeight / 1e9, 2)} ms (ExtrinsicSuccess, median); the marginal battery `
      + `(fee/weight info, (lot of ${r.lotSize} − lot of 1) / ${r.lotSize - 1}) ${us(r.queryInfo.marginal)} µs = `
      + `${ratio(r.queryInfo.marginal, anchor.weight)} transfer`,
  }];
}

/** Batteries the load lost: a batch the pool refused or that never reached a block stops its battery. */
const lost = (t) => `batteries stopped over the load: ${fmt(t.rejectedByPool)} (pool refused a batch), `
  + `${fmt(t.stalls)} (a batch not in a block within 60 s)`;

/** 3: telemetry samples accepted and the block-length share. */
function telemetryRows(t, limits, anchor, full) {
  if (t.error) return [failedRow('3 telemetry samples accepted', t.error)];
  const f = full(t.window);
  const failed = Object.entries(t.failed).map(([k, v]) => `${k}×${fmt(v)}`).join(', ');
  const rows = [{
    measure: `3 telemetry samples accepted (sealed batches of ${fmt(t.samplesPerBatch)})`, value: fmt(t.window?.rate),
    unit: 'samples/s', ratio: ratio(t.window?.rate, anchor.rate),
    note: `${windowNote(t.window, f)} (the proposer names the runtime's "exhausts resources", length or weight, `
      + `HitBlockWeightLimit); ${fmt(t.window ? t.window.rate / t.samplesPerBatch : undefined, 1)} batches/s from `
      + `${t.batteries} batteries' gateways (a batch each every ${t.period} blocks), ${fmt(t.failedInWindow)} refused on `
      + `chain in the window; ${lost(t)}`,
  }, {
    measure: '3 block-length share, telemetry window', value: f ? fmt(f.length * 100, 1) : '–', unit: '%',
    target: '≥ 80 %', result: f ? (f.length >= 0.8 ? 'pass' : 'FAIL') : '',
    note: 'mean encoded extrinsics per block over the window ÷ the normal class\'s length bound '
      + `(${fmt(limits.normalLength)} bytes, system.blockLength)`,
  }];
  if (t.sustained) {
    const s = t.sustained;
    rows.push({
      measure: '3 telemetry samples accepted, sustained', value: fmt(s.samples / s.seconds), unit: 'samples/s',
      ratio: ratio(s.samples / s.seconds, anchor.rate),
      note: `blocks #${s.from}–#${s.to} (${fmt(s.seconds)} s), length ${pct(s.length)}; refused on chain over the whole `
        + `load: ${failed || 'none'}`,
    });
  }
  return rows;
}

/** 3: the same load with the samples in the compact encoding, against the SCALE figure. */
function compactRows(c, scale, limits, anchor, full) {
  if (c.error) return [failedRow('3 telemetry samples accepted, compact encoding', c.error)];
  const f = full(c.window);
  const times = scale?.window?.rate && c.window?.rate ? c.window.rate / scale.window.rate : undefined;
  return [{
    measure: '3 telemetry samples accepted, compact encoding', value: fmt(c.window?.rate), unit: 'samples/s',
    ratio: ratio(c.window?.rate, anchor.rate),
    note: `${windowNote(c.window, f)}; ${fmt(c.bytesPerSample, 2)} bytes a sample (SCALE: 10), length ${f ? pct(f.length) : '–'}, `
      + `${c.batteries} batteries' gateways (a batch each every ${c.period} blocks), ${fmt(c.failedInWindow)} refused on `
      + `chain in the window; ${lost(c)}`,
  }, {
    measure: '3 compact ÷ SCALE samples accepted', value: times === undefined ? '–' : fmt(times, 2), unit: '×',
    target: '≥ 2', result: times === undefined ? '' : (times >= 2 ? 'pass' : 'FAIL'),
    note: 'the two full-load windows\' rates',
  }];
}

/** 4: charging sessions and their weight. */
function chargingRows(c, limits, anchor, full) {
  if (c.error) return [failedRow('4 charging sessions', c.error)];
  const f = full(c.window);
  return [{
    measure: '4 charging sessions (request → start → stop and settle)', value: fmt(c.window?.rate, 2),
    unit: 'sessions/s', ratio: ratio(c.window?.rate, anchor.rate),
    note: `${windowNote(c.window, f)}; ${c.piles} piles with a driver each, ${fmt(c.settled)} settled, `
      + `${c.blocksPerSession} blocks per session and pile (each step waits for the previous one's block)`
      + `${c.errors ? `, ${c.errors} piles stopped on an error (${c.errorSample.join('; ')})` : ''}`,
  }, {
    measure: '4 weight of a session', value: us(c.sessionWeight), unit: 'µs', ratio: ratio(c.sessionWeight, anchor.weight),
    note: `request ${us(c.weights.request)}, start ${us(c.weights.start)}, stop with settlement ${us(c.weights.stop)} µs `
      + '(ExtrinsicSuccess, medians); the normal class holds the three steps of '
      + `${fmt(Math.floor(limits.normalWeight / c.sessionWeight))} sessions`,
  }];
}

/**
 * 5: batch-to-result latency and the results' rate, under the telemetry load of 3. The target
 * (results within 2 blocks of their batch) is judged on the median and the 95th percentile, and
 * fails when a batch still waits longer than that at the end of the observation (in practice: any
 * batch left without a result, since the observation drains for several blocks after the load).
 */
export function latencyRows(t, limits, label = '') {
  if (t.error) return [];
  const l = t.latency;
  const within = l.resulted > 0 && l.median <= 2 && l.p95 <= 2 && !(l.waiting > 0 && l.oldestWaiting > 2);
  return [{
    measure: `5 batch-to-result latency under full load${label}`, value: fmt(l.median), unit: 'blocks (median)',
    target: '≤ 2', result: within ? 'pass' : 'FAIL',
    note: `judged on the median and p95; of the ${fmt(l.resulted)} batches with a result by #${l.observedTo} (of ${fmt(t.accepted)} accepted): p95 `
      + `${fmt(l.p95)}, max ${fmt(l.max)}, min ${fmt(l.min)}; ${fmt(l.waiting)} still waiting (the oldest for `
      + `${fmt(l.oldestWaiting)} blocks); of the throughput window's ${fmt(l.window.batches)} batches `
      + `${fmt(l.window.resulted)} had a result`,
  }, {
    measure: `5 estimator results under full load${label}`, value: fmt(t.results.perSecond, 2), unit: 'batches/s',
    note: `${fmt(t.results.perBlock, 2)} per block on average, at most ${t.results.maxPerBlock} in one (the worker `
      + `estimates at most telemetry.maxOcwBatchesPerRun = ${limits.ocwBatchesPerRun} batches a run, at most `
      + `telemetry.maxChainLength of each battery's pending batches) = ${fmt(t.results.perSecond * t.samplesPerBatch)} samples/s estimated; `
      + `${fmt(t.results.rejected)} rejections`,
  }];
}

/** 6: authoring time of the given full blocks, from the node log. */
function authoringRow(label, blocks, limits, authoring) {
  const measure = `6 authoring time, ${label}`;
  if (!authoring) return { measure, value: '–', note: 'not measured: no node log (--log with --url)' };
  const times = blocks.map((b) => authoring.get(b.number)).filter(Boolean);
  if (!times.length) return { measure, value: '–', note: 'not measured: no such block in the node log' };
  const ms = times.map((a) => a.ms);
  const ends = {};
  for (const a of times) ends[a.end] = (ends[a.end] ?? 0) + 1;
  return {
    measure, value: fmt(quantile(ms, 0.5)), unit: 'ms (median)',
    note: `max ${fmt(Math.max(...ms))} ms over ${times.length} blocks (${pct(Math.max(...ms) / limits.slotMs)} of the `
      + `${fmt(limits.slotMs)} ms slot), ${fmt(quantile(times.map((a) => a.extrinsics), 0.5))} extrinsics each; `
      + `ended ${endsText(ends)} ("Prepared block for proposing" in the node log)`,
  };
}

/** Row 7's target: the node's memory at most this many MB (decimal). */
const MEMORY_TARGET_MB = 400;
const MEMORY_TARGET = `≤ ${MEMORY_TARGET_MB} MB`;

/**
 * 7: the node's memory over the sustained telemetry load (target: at most 400 MB). Two rows: the
 * peak VmRSS, and the peak of its anonymous part (the node's own memory; a cgroup cannot reclaim
 * it, only kill the node). VmRSS is judged as measured, also in a memory cgroup (`--memory-limit`):
 * there it can exceed the limit by the mapped pages charged to another cgroup (the binary's, when
 * it ran before), and a run whose node the kernel killed, or whose kill count is unknown, fails.
 */
export function memoryRows(memory) {
  if (memory.error) {
    // a node that died under the load (e.g. killed in its memory cgroup) fails the target
    const died = memory.died ? { target: MEMORY_TARGET, result: 'FAIL' } : {};
    return [{ ...failedRow('7 node memory', memory.error), ...died }];
  }
  const m = memory.sustained;
  const mb = (mib) => (mib * 1024 * 1024) / 1e6;
  const c = memory.cgroup;
  const limit = !c ? ''
    : c.error ? `; memory limit of ${fmt(c.limitMb)} MB not applied (${c.error})`
      : `; in a memory cgroup of ${fmt(c.limitMb)} MB (a container's limit: the kernel reclaims mapped database `
        + `pages within it): its peak ${fmt(c.peakMib)} MiB with page cache, OOM kills ${c.oomKills ?? 'unknown'}`;
  const killed = c && !c.error && c.oomKills !== 0;
  const rssResult = mb(m.peakMib) <= MEMORY_TARGET_MB && !killed ? 'pass' : 'FAIL';
  const rows = [{
    measure: '7 node memory (VmRSS), sustained telemetry load', value: fmt(m.peakMib), unit: 'MiB (peak)',
    target: MEMORY_TARGET, result: rssResult,
    note: `${fmt(m.firstMib)} MiB at the start, ${fmt(m.lastMib)} at the end (peak ${fmt(mb(m.peakMib))} MB), growth `
      + `${fmt(m.growthMibPerMin, 1)} MiB/min (least squares) over ${fmt(m.minutes, 1)} min, ${m.samples} samples; `
      + `${fmt(memory.idleMib)} MiB idle after start`
      + (m.lastAnonMib !== undefined
        ? `; anonymous ${fmt(m.firstAnonMib)} → ${fmt(m.lastAnonMib)} MiB, file-backed (mapped database files) `
          + `${fmt(m.firstFileMib)} → ${fmt(m.lastFileMib)} MiB`
        : '')
      + limit,
  }];
  if (m.peakAnonMib !== undefined) {
    rows.push({
      measure: '7 node memory, anonymous part (its own), sustained', value: fmt(m.peakAnonMib), unit: 'MiB (peak)',
      target: MEMORY_TARGET, result: mb(m.peakAnonMib) <= MEMORY_TARGET_MB ? 'pass' : 'FAIL',
      note: `peak ${fmt(mb(m.peakAnonMib))} MB: heap (jemalloc), runtime instances, caches, the pool; not the mapped `
        + 'database pages the kernel can reclaim',
    });
  }
  return rows;
}

export function buildRows({ limits, transfers, registrations, charging, telemetry, compact, memory, authoring }) {
  const full = (w) => (w ? fullness(w, limits, authoring) : undefined);
  const anchor = transfers && !transfers.error ? { rate: transfers.window?.rate, weight: transfers.weight } : {};
  const rows = [];
  if (transfers) rows.push(...transferRows(transfers, limits, full));
  if (registrations) rows.push(...registrationRows(registrations, anchor, full));
  if (telemetry) rows.push(...telemetryRows(telemetry, limits, anchor, full));
  if (compact) rows.push(...compactRows(compact, telemetry, limits, anchor, full));
  if (charging) rows.push(...chargingRows(charging, limits, anchor, full));
  if (telemetry) rows.push(...latencyRows(telemetry, limits));
  if (compact) rows.push(...latencyRows(compact, limits, ', compact'));
  if (transfers?.window) rows.push(authoringRow('full transfer block', transfers.window.blocks, limits, authoring));
  if (registrations?.window) rows.push(authoringRow('full registration block', registrations.window.blocks, limits, authoring));
  if (telemetry?.window) {
    const blocks = [...telemetry.window.blocks, ...(telemetry.sustainedBlocks ?? [])]
      .filter((b) => b.length >= 0.8 * limits.normalLength);
    rows.push(authoringRow('full telemetry block', blocks, limits, authoring));
  }
  if (memory) rows.push(...memoryRows(memory));
  return rows;
}
