// The compact encoding of a telemetry batch's samples, as `battery_primitives::telemetry::compact`
// defines it (see that module for the layout): per column deltas, zigzag mapped and bit packed in
// blocks of 16 samples behind a version byte. The off-chain worker decodes it with the Rust code;
// both sides check the same known bytes (scripts/e2e/compact.test.mjs and the Rust unit test
// `a_known_batch_has_this_exact_encoding`).

import { compactToU8a } from '@polkadot/util';
import { encodeReadings, seal } from './sealed.mjs';

export const COMPACT_FORMAT_VERSION = 1;
export const BLOCK_LEN = 16;
const WIDTH_BITS = 6n;
const COLUMNS = [
  { get: (r) => r.currentMa, set: (r, v) => { r.currentMa = v; }, min: -(2 ** 31), max: 2 ** 31 - 1, maxWidth: 33n },
  { get: (r) => r.voltageMv, set: (r, v) => { r.voltageMv = v; }, min: -(2 ** 31), max: 2 ** 31 - 1, maxWidth: 33n },
  { get: (r) => r.tempDecic, set: (r, v) => { r.tempDecic = v; }, min: -(2 ** 15), max: 2 ** 15 - 1, maxWidth: 17n },
];

const zigzag = (d) => (d >= 0n ? d << 1n : ((-d) << 1n) - 1n);
const unzigzag = (v) => ((v & 1n) === 0n ? v >> 1n : -((v + 1n) >> 1n));
const bitLength = (v) => BigInt(v.toString(2).length - (v === 0n ? 1 : 0));

/** The compact bytes of `readings` (`{ currentMa, voltageMv, tempDecic }` integers). */
export function encodeCompact(readings) {
  const out = [COMPACT_FORMAT_VERSION];
  let pending = 0n;
  let bits = 0n;
  const write = (value, width) => {
    pending |= value << bits;
    bits += width;
    while (bits >= 8n) {
      out.push(Number(pending & 0xffn));
      pending >>= 8n;
      bits -= 8n;
    }
  };
  const previous = [0n, 0n, 0n];
  for (let start = 0; start < readings.length; start += BLOCK_LEN) {
    const block = readings.slice(start, start + BLOCK_LEN);
    COLUMNS.forEach((column, c) => {
      const values = block.map((r) => {
        const now = BigInt(column.get(r));
        const value = zigzag(now - previous[c]);
        previous[c] = now;
        return value;
      });
      const width = bitLength(values.reduce((a, v) => a | v, 0n));
      write(width, WIDTH_BITS);
      for (const value of values) write(value, width);
    });
  }
  if (bits > 0n) out.push(Number(pending));
  return Uint8Array.from(out);
}

/** The fewest bytes a compact encoding of `samples` readings takes (version byte and width fields). */
export function compactMinLen(samples) {
  return Math.ceil((Math.ceil(samples / BLOCK_LEN) * 3 * 6) / 8) + 1;
}

/**
 * Decode `samples` readings from compact `bytes`; throws an Error whose message is the Rust
 * `SampleDecodeError` variant's name when the bytes are not the canonical encoding of that count.
 */
export function decodeCompact(bytes, samples) {
  if (bytes.length === 0) throw new Error('Truncated');
  if (bytes[0] !== COMPACT_FORMAT_VERSION) throw new Error('UnknownVersion');
  if (compactMinLen(samples) > bytes.length) throw new Error('Truncated');
  let next = 1;
  let pending = 0n;
  let bits = 0n;
  const read = (width) => {
    while (bits < width) {
      if (next >= bytes.length) throw new Error('Truncated');
      pending |= BigInt(bytes[next]) << bits;
      bits += 8n;
      next += 1;
    }
    const value = pending & ((1n << width) - 1n);
    pending >>= width;
    bits -= width;
    return value;
  };
  const readings = Array.from({ length: samples }, () => ({ currentMa: 0, voltageMv: 0, tempDecic: 0 }));
  const previous = [0n, 0n, 0n];
  for (let start = 0; start < samples; start += BLOCK_LEN) {
    const block = readings.slice(start, start + BLOCK_LEN);
    COLUMNS.forEach((column, c) => {
      const width = read(WIDTH_BITS);
      if (width > column.maxWidth) throw new Error('WidthTooLarge');
      let widest = 0n;
      for (const reading of block) {
        const value = read(width);
        widest |= value;
        const now = previous[c] + unzigzag(value);
        if (now < BigInt(column.min) || now > BigInt(column.max)) throw new Error('ValueOutOfRange');
        column.set(reading, Number(now));
        previous[c] = now;
      }
      if (bitLength(widest) !== width) throw new Error('NonCanonicalWidth');
    });
  }
  if (pending !== 0n) throw new Error('NonZeroPadding');
  if (next !== bytes.length) throw new Error('TrailingBytes');
  return readings;
}

/**
 * The shorter encoding of `readings` and its bytes, as `SampleEncoding::shortest` chooses:
 * `{ encoding: 'Compact' | 'Scale', bytes }`.
 */
export function shortestEncoding(readings) {
  const compact = encodeCompact(readings);
  // SCALE `Vec<Reading>`: the compact length prefix, then 10 bytes a reading.
  const scaleLength = compactToU8a(readings.length).length + 10 * readings.length;
  return compact.length < scaleLength ? { encoding: 'Compact', bytes: compact } : { encoding: 'Scale', bytes: encodeReadings(readings) };
}

/**
 * A telemetry batch sealed for `readers` in its shorter encoding (SCALE on a chain without compact
 * batches), with the call that submits it:
 * `telemetry.submitCompactBatch` or `telemetry.submitBatch` (same arguments).
 */
export function sealBatch(api, battery, readings, readers) {
  // A runtime before compact batches (before spec 106) has no submitCompactBatch: SCALE then.
  const { encoding, bytes } = api.tx.telemetry.submitCompactBatch
    ? shortestEncoding(readings)
    : { encoding: 'Scale', bytes: encodeReadings(readings) };
  const sealed = seal('Usage', battery, bytes, readers);
  const call = encoding === 'Compact' ? api.tx.telemetry.submitCompactBatch : api.tx.telemetry.submitBatch;
  return { encoding, bytes: bytes.length, sealed, submit: (sequence, startMs, periodMs) => call(battery, sequence, startMs, periodMs, readings.length, sealed) };
}
