// The steady window of a load: the blocks between the first and the last block that carried the
// load, both left out (the first fills while the pool fills, the last takes what is left), and
// what they held. Rates are per second of chain time (block timestamps).

/** Median and percentiles of numbers (sorted copy); undefined for an empty list. */
export function quantile(values, q) {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * `blocks`: the blocks of a phase in order; `count(block)`: the units of load it carried. Returns
 * { from, to, blocks, units, seconds, rate, short } for the steady window; `short` when fewer than
 * `minBlocks` steady blocks were there (then the window is every loaded block, the first and
 * last included, and the rate is less reliable); undefined when no block carried any load.
 */
export function steadyWindow(blocks, count, { minBlocks = 2 } = {}) {
  const loaded = blocks.map((b) => ({ b, n: count(b) }));
  const first = loaded.findIndex((x) => x.n > 0);
  if (first < 0) return undefined;
  let last = loaded.length - 1;
  while (loaded[last].n === 0) last -= 1;
  let from = first + 1;
  let to = last - 1;
  let short = false;
  if (to - from + 1 < minBlocks) {
    // Too few: every loaded block, timed from the block before the first.
    short = true;
    from = first;
    to = last;
  }
  const window = loaded.slice(from, to + 1);
  const before = from > 0 ? loaded[from - 1].b : undefined;
  const startMs = before ? before.timestamp : window[0].b.timestamp - blockGapMs(blocks);
  const seconds = (window.at(-1).b.timestamp - startMs) / 1000;
  const units = window.reduce((sum, x) => sum + x.n, 0);
  return {
    from: window[0].b.number,
    to: window.at(-1).b.number,
    blocks: window.map((x) => x.b),
    units,
    seconds,
    rate: seconds > 0 ? units / seconds : undefined,
    short,
  };
}

/** The usual time between blocks (median of the gaps), ms. */
function blockGapMs(blocks) {
  const gaps = blocks.slice(1).map((b, k) => b.timestamp - blocks[k].timestamp);
  return quantile(gaps, 0.5) ?? 3000;
}

/**
 * How full the window's blocks were: mean share of the normal class's weight and of its length
 * bound, and the authoring log's end reasons and times (`authoring`: number -> { ms, end }).
 */
export function fullness(window, limits, authoring) {
  const blocks = window.blocks;
  const weight = blocks.reduce((s, b) => s + Number(b.normalWeight), 0) / blocks.length / limits.normalWeight;
  const length = blocks.reduce((s, b) => s + b.length, 0) / blocks.length / limits.normalLength;
  const ends = {};
  const times = [];
  for (const b of blocks) {
    const a = authoring?.get(b.number);
    if (!a) continue;
    ends[a.end] = (ends[a.end] ?? 0) + 1;
    times.push(a.ms);
  }
  return { weight, length, ends, authoringMs: times };
}

/** "HitBlockWeightLimit×3, NoMoreTransactions×1" */
export const endsText = (ends) => Object.entries(ends).map(([k, v]) => `${k}×${v}`).join(', ') || 'no log lines';
