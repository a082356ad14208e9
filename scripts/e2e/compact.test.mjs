// The JavaScript compact encoder (scripts/lib/compact.mjs) against the layout of
// battery_primitives::telemetry::compact: the same known bytes as the Rust unit test, round trips
// of every public socsoh case with its size next to SCALE's, and the typed refusals of the decoder.
// No node: the worker's decoding of the same bytes is covered by the story (replay-telemetry.mjs
// sends compact batches) and the pallet's tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compactMinLen, decodeCompact, encodeCompact, shortestEncoding } from '../lib/compact.mjs';
import { encodeReadings } from '../lib/sealed.mjs';

const reading = (currentMa, voltageMv, tempDecic) => ({ currentMa, voltageMv, tempDecic });
const hex = (bytes) => Buffer.from(bytes).toString('hex');

test('a known batch has the exact bytes the Rust encoder gives', () => {
  const readings = [reading(1_000, 3_700, 250), reading(1_002, 3_699, 250), reading(-5, 3_698, 251)];
  const bytes = encodeCompact(readings);
  assert.equal(hex(bytes), '010bf409d0fd069d07800090d0072000');
  assert.deepEqual(decodeCompact(bytes, 3), readings);
  assert.equal(hex(encodeCompact([reading(1, 0, 0)])), '01820000');
  assert.equal(hex(encodeCompact([])), '01');
});

test('the extremes of every column round-trip', () => {
  const max = 2 ** 31 - 1;
  const min = -(2 ** 31);
  const extremes = [reading(min, max, -32768), reading(max, min, 32767), reading(0, 0, 0), reading(max, max, 32767), reading(min, min, -32768)];
  assert.deepEqual(decodeCompact(encodeCompact(extremes), 5), extremes);
  // Wild data: SCALE is the shorter form and is chosen.
  const wild = Array.from({ length: 40 }, (_, k) => (k % 2 ? reading(max, min, 32767) : reading(min, max, -32768)));
  assert.equal(shortestEncoding(wild).encoding, 'Scale');
  assert.deepEqual(shortestEncoding(wild).bytes, encodeReadings(wild));
});

const socsoh = process.env.SOCSOH_DIR || resolve(import.meta.dirname, '../../testdata/socsoh');

test('every public socsoh case takes under half its SCALE size and round-trips', (t) => {
  let files;
  try {
    files = readdirSync(socsoh).filter((f) => f.endsWith('.csv.gz'));
  } catch {
    t.skip(`no socsoh cases at ${socsoh}`);
    return;
  }
  assert.ok(files.length > 0);
  const sizes = [];
  for (const file of files) {
    const rows = gunzipSync(readFileSync(join(socsoh, file))).toString().trim().split('\n');
    const header = rows.shift().split(',');
    const col = (name) => header.indexOf(name);
    const readings = rows.map((line) => {
      const v = line.split(',');
      // `+ 0` turns a rounded -0 into 0 (the decoder gives 0).
      return reading(Math.round(Number(v[col('current_a')]) * 1000) + 0, Math.round(Number(v[col('voltage_v')]) * 1000) + 0, Math.round(Number(v[col('temp_c')]) * 10) + 0);
    });
    // Batches of 1,800 samples, as the replay script sends them.
    let compact = 0;
    let scale = 0;
    for (let k = 0; k < readings.length; k += 1_800) {
      const batch = readings.slice(k, k + 1_800);
      const bytes = encodeCompact(batch);
      assert.deepEqual(decodeCompact(bytes, batch.length), batch);
      compact += bytes.length;
      scale += encodeReadings(batch).length;
    }
    sizes.push({ case: file.replace('.csv.gz', ''), samples: readings.length, bytesPerSample: +(compact / readings.length).toFixed(2), ratio: +(scale / compact).toFixed(2) });
    assert.ok(scale >= 2 * compact, `${file}: ${compact} compact bytes against ${scale} SCALE bytes`);
  }
  t.diagnostic(JSON.stringify(sizes));
});

test('bytes that are not the canonical encoding of the declared count are refused by name', () => {
  const readings = Array.from({ length: 40 }, (_, k) => reading(2_000 + ((k * 37) % 900), 4_100 - k, 250 + (k % 3)));
  const bytes = encodeCompact(readings);
  assert.throws(() => decodeCompact(new Uint8Array(), 0), /Truncated/);
  assert.throws(() => decodeCompact(Uint8Array.from([2, ...bytes.slice(1)]), 40), /UnknownVersion/);
  assert.throws(() => decodeCompact(bytes.slice(0, -1), 40), /Truncated/);
  // One sample more than encoded: the stream runs out of step (which check fails first depends on the bits).
  assert.throws(() => decodeCompact(bytes, 41), /Truncated|WidthTooLarge|NonCanonicalWidth|ValueOutOfRange|NonZeroPadding/);
  assert.throws(() => decodeCompact(bytes, 2 ** 32 - 1), /Truncated/);
  assert.throws(() => decodeCompact(Uint8Array.from([...bytes, 0]), 40), /TrailingBytes/);
  // Width 3 for the value 2 (canonical: 2), then two zero widths.
  assert.throws(() => decodeCompact(Uint8Array.from([1, 0x83, 0, 0]), 1), /NonCanonicalWidth/);
  // A set padding bit after one sample of current 1.
  assert.throws(() => decodeCompact(Uint8Array.from([1, 0x82, 0, 0x80]), 1), /NonZeroPadding/);
  // A temperature width of 18 bits.
  assert.throws(() => decodeCompact(Uint8Array.from([1, 0, 0x20, 0x01, 0, 0, 0]), 1), /WidthTooLarge/);
  assert.equal(compactMinLen(20), 6);
});
