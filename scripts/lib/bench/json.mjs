// The results as plain JSON: blocks are summarised (number, time, extrinsics, length, weight),
// big integers become strings, codecs their JSON.

const blockSummary = (b) => ({
  number: b.number, timestamp: b.timestamp, extrinsics: b.extrinsics.length, length: b.length,
  normalWeight: Number(b.normalWeight),
});

const isBlock = (v) => v && typeof v === 'object' && Array.isArray(v.extrinsics) && typeof v.number === 'number';

export function toJson(value) {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return toJson(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(toJson);
  if (isBlock(value)) return blockSummary(value);
  if (value && typeof value === 'object') {
    if (typeof value.toJSON === 'function' && value.registry) return value.toJSON();
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'function') continue;
      out[k] = toJson(v);
    }
    return out;
  }
  return value;
}
