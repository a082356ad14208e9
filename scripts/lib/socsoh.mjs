// The telemetry cases of testdata/socsoh (PyBaMM drive cycles with their truth), as the replay
// script, the story and the benchmark read them.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The cases directory: $SOCSOH_DIR, else the repository's testdata/socsoh. */
export const SOCSOH_DIR = process.env.SOCSOH_DIR || resolve(dirname(fileURLToPath(import.meta.url)), '../../testdata/socsoh');

/** The case: uniform samples (t_s, I, V, T) and the truth at the last sample. */
export function readCase(dir, name) {
  const spec = join(dir, `${name}.json`);
  const csv = join(dir, `${name}.csv.gz`);
  const missing = [spec, csv].filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`telemetry case ${name} not found: ${missing.join(', ')} (--dir or $SOCSOH_DIR)`);
  const rows = gunzipSync(readFileSync(csv)).toString('utf8').trim().split('\n');
  const header = rows.shift().split(',');
  const col = (n) => header.indexOf(n);
  const [ti, ci, vi, tci, si, hi] = ['t_s', 'current_a', 'voltage_v', 'temp_c', 'soc_true', 'soh_true'].map(col);
  const samples = rows.map((line) => {
    const f = line.split(',');
    return {
      t: Number(f[ti]),
      reading: {
        currentMa: Math.round(Number(f[ci]) * 1000),
        voltageMv: Math.round(Number(f[vi]) * 1000),
        tempDecic: Math.round(Number(f[tci]) * 10),
      },
      soc: Number(f[si]),
      soh: Number(f[hi]),
    };
  });
  const period = samples[1].t - samples[0].t;
  samples.forEach((s, k) => {
    if (s.t !== samples[0].t + k * period) throw new Error(`${name}: samples are not uniform at row ${k}`);
  });
  return { spec, samples, periodMs: period * 1000 };
}
