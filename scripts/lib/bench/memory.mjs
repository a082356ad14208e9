// Measure 7: the node's resident memory (VmRSS from /proc/PID/status), sampled at an interval
// with the best block at each sample.

import { memoryKib } from './node.mjs';

export function sampleMemory(pid, tracker, intervalMs = 2_000) {
  const samples = [];
  const take = () => {
    const m = memoryKib(pid);
    if (m !== undefined) samples.push({ ms: Date.now(), kib: m.rss, anonKib: m.anon, fileKib: m.file, block: tracker.last });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return { samples, take, stop: () => clearInterval(timer) };
}

/** Samples between two times: first, peak, last (MiB) and the least-squares growth, MiB/min. */
export function summariseMemory(samples, fromMs, toMs) {
  const s = samples.filter((x) => x.ms >= fromMs && x.ms <= toMs);
  if (s.length < 2) return undefined;
  const mib = (kib) => kib / 1024;
  const t0 = s[0].ms;
  const xs = s.map((x) => (x.ms - t0) / 60_000);
  const ys = s.map((x) => mib(x.kib));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((a, x, k) => a + (x - mx) * (ys[k] - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return {
    samples: s.length,
    minutes: (s.at(-1).ms - t0) / 60_000,
    firstMib: ys[0],
    peakMib: Math.max(...ys),
    peakAnonMib: s.every((x) => x.anonKib !== undefined) ? Math.max(...s.map((x) => mib(x.anonKib))) : undefined,
    lastMib: ys.at(-1),
    // the anonymous (heap) and file-backed (mapped database files) parts, first and last sample
    firstAnonMib: s[0].anonKib !== undefined ? mib(s[0].anonKib) : undefined,
    firstFileMib: s[0].fileKib !== undefined ? mib(s[0].fileKib) : undefined,
    lastAnonMib: s.at(-1).anonKib !== undefined ? mib(s.at(-1).anonKib) : undefined,
    lastFileMib: s.at(-1).fileKib !== undefined ? mib(s.at(-1).fileKib) : undefined,
    growthMibPerMin: sxx > 0 ? sxy / sxx : 0,
  };
}
