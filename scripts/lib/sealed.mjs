// Sealed records in JavaScript: the format of `battery_primitives::sealed` and the `battery-seal`
// crate (read crates/primitives/src/sealed.rs first), with tweetnacl's NaCl `secretbox` for the
// record and `box` for each reader's wrapped data key. Envelopes are the JSON the chain's RPC and
// `battery-seal` print, and what polkadot.js accepts as a call argument:
//
//   { category, battery, commitment, body: { Inline: { nonce, ciphertext } }, readers: [
//     { reader, ephemeral, wrapped } ] }
//
// Keys, hashes and bytes are 0x hex; plaintexts are Uint8Array (or strings, UTF-8 encoded).
//
// An envelope whose plaintext is a SCALE value names its type in the runtime metadata (the type
// parameter of `Sealed<P, ..>`): `decodePlaintext` decodes it from there, with no layout written
// here, so a field the runtime adds cannot be misread (health results: `openHealth`, twins:
// `openTwin`).

import nacl from 'tweetnacl';
import {
  compactAddLength, compactFromU8a, compactToU8a, u8aConcat, u8aEq, u8aToHex, hexToU8a, stringToU8a, u8aToU8a,
} from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';

/** Data categories by their codec index (battery_primitives::consortium::DataCategory). */
const CATEGORY_INDEX = {
  Public: 0, Factory: 1, Logistics: 2, Usage: 3, Maintenance: 4, Refurbishment: 5, Charging: 6,
};
const SALT_LEN = 32;

/** A reader key pair from 32 random bytes (or the given secret): `{ secret, public }` as hex. */
export function readerKeyPair(secret = nacl.randomBytes(32)) {
  const pair = nacl.box.keyPair.fromSecretKey(u8aToU8a(secret));
  return { secret: u8aToHex(pair.secretKey), public: u8aToHex(pair.publicKey) };
}

/** The commitment: BLAKE2b-256 of SCALE `(category, battery, salt, plaintext)`. */
export function commitment(category, battery, salt, plaintext) {
  const index = CATEGORY_INDEX[category];
  if (index === undefined) throw new Error(`unknown category ${category}`);
  return blake2AsU8a(u8aConcat(
    new Uint8Array([index]),
    compactAddLength(stringToU8a(battery)),
    salt,
    compactAddLength(u8aToU8a(plaintext)),
  ), 256);
}

/** The nonce of a wrap: the first 24 bytes of BLAKE2b-256(ephemeral ‖ reader). */
function wrapNonce(ephemeral, reader) {
  return blake2AsU8a(u8aConcat(ephemeral, reader), 256).slice(0, 24);
}

/** The data key in a NaCl box from a fresh ephemeral key to `reader` (hex). */
function wrap(dataKey, reader) {
  const readerKey = hexToU8a(reader);
  const ephemeral = nacl.box.keyPair();
  const wrapped = nacl.box(dataKey, wrapNonce(ephemeral.publicKey, readerKey), readerKey, ephemeral.secretKey);
  return { reader: u8aToHex(readerKey), ephemeral: u8aToHex(ephemeral.publicKey), wrapped: u8aToHex(wrapped) };
}

/** Seal `plaintext` about `battery` in `category` for the reader keys `readers` (hex). */
export function seal(category, battery, plaintext, readers) {
  if (new Set(readers).size !== readers.length) throw new Error('a reader key is listed twice');
  const bytes = typeof plaintext === 'string' ? stringToU8a(plaintext) : u8aToU8a(plaintext);
  const dataKey = nacl.randomBytes(32);
  const salt = nacl.randomBytes(SALT_LEN);
  const nonce = nacl.randomBytes(24);
  const ciphertext = nacl.secretbox(u8aConcat(salt, bytes), nonce, dataKey);
  return {
    category,
    battery,
    commitment: u8aToHex(commitment(category, battery, salt, bytes)),
    body: { Inline: { nonce: u8aToHex(nonce), ciphertext: u8aToHex(ciphertext) } },
    readers: readers.map((reader) => wrap(dataKey, reader)),
  };
}

/** The envelope's fields whatever their source: our JSON, the RPC's, or a polkadot.js codec. */
function normalise(envelope) {
  const json = typeof envelope.toJSON === 'function' ? envelope.toJSON() : envelope;
  const body = json.body.Inline ?? json.body.inline;
  if (!body) throw new Error('the body is kept off chain: fetch it and open it with its hash');
  const battery = json.battery.startsWith('0x') ? new TextDecoder().decode(hexToU8a(json.battery)) : json.battery;
  return { ...json, battery, inline: body };
}

/** The data key of `envelope` unwrapped with `secret` (hex), or an Error naming why not. */
function unwrap(envelope, secret) {
  const secretKey = hexToU8a(secret);
  const reader = nacl.box.keyPair.fromSecretKey(secretKey).publicKey;
  const entry = envelope.readers.find((w) => u8aEq(hexToU8a(w.reader), reader));
  if (!entry) throw new Error('NotARecipient');
  const ephemeral = hexToU8a(entry.ephemeral);
  const key = nacl.box.open(hexToU8a(entry.wrapped), wrapNonce(ephemeral, reader), ephemeral, secretKey);
  if (!key) throw new Error('BadWrappedKey');
  return key;
}

/** The plaintext of the normalised envelope `e` under its `dataKey`, checked against the commitment. */
function decrypt(e, dataKey) {
  const message = nacl.secretbox.open(hexToU8a(e.inline.ciphertext), hexToU8a(e.inline.nonce), dataKey);
  if (!message || message.length < SALT_LEN) throw new Error('BadCiphertext');
  const salt = message.slice(0, SALT_LEN);
  const plaintext = message.slice(SALT_LEN);
  const category = typeof e.category === 'string' ? e.category : Object.keys(e.category)[0];
  if (!u8aEq(commitment(category, e.battery, salt, plaintext), hexToU8a(e.commitment))) {
    throw new Error('CommitmentMismatch');
  }
  return plaintext;
}

/** Open `envelope` with a reader's `secret`: the plaintext bytes, checked against the commitment. */
export function open(envelope, secret) {
  const e = normalise(envelope);
  return decrypt(e, unwrap(e, secret));
}

/** As a reader (`secret`) of `envelope`, wrap its key for `newcomers` (reader keys, hex). */
export function grant(envelope, secret, newcomers) {
  const e = normalise(envelope);
  const dataKey = unwrap(e, secret);
  decrypt(e, dataKey);
  return newcomers.map((reader) => wrap(dataKey, reader));
}

/** Running modes by their codec index (battery_primitives::battery::RunningMode). */
const RUNNING_MODES = ['Economy', 'Normal', 'Performance', 'VehicleToGrid'];

/** Seal a running mode (its SCALE encoding: one byte, the codec index) for `readers`. */
export function sealRunningMode(battery, mode, readers) {
  const index = RUNNING_MODES.indexOf(mode);
  if (index < 0) throw new Error(`unknown running mode ${mode}`);
  return seal('Usage', battery, new Uint8Array([index]), readers);
}

/** Open a sealed running mode with a reader's `secret`: the mode's name. */
export function openRunningMode(envelope, secret) {
  const plaintext = open(envelope, secret);
  const mode = RUNNING_MODES[plaintext[0]];
  if (mode === undefined) throw new Error('not a running mode');
  return mode;
}

/** SCALE `Vec<Reading>` of telemetry readings `{ currentMa, voltageMv, tempDecic }` (10 bytes each). */
export function encodeReadings(readings) {
  const body = new Uint8Array(readings.length * 10);
  const view = new DataView(body.buffer);
  readings.forEach((r, k) => {
    view.setInt32(k * 10, r.currentMa, true);
    view.setInt32(k * 10 + 4, r.voltageMv, true);
    view.setInt16(k * 10 + 8, r.tempDecic, true);
  });
  return u8aConcat(compactToU8a(readings.length), body);
}

/** A telemetry batch's readings sealed for `readers` (the battery's Usage scope, `battery_sealingKeys`). */
export function sealReadings(battery, readings, readers) {
  return seal('Usage', battery, encodeReadings(readings), readers);
}

/** Persistent off-chain storage key of an estimator node's reader secrets (pallet-telemetry). */
export const NODE_SECRETS_KEY = u8aToHex(stringToU8a('battery-chain/telemetry/ocw/reader-secrets'));

/**
 * Gives a node (whose unsafe RPC `rpc(method, params)` reaches) the reader `secret` (hex) for its
 * off-chain worker: appended to the SCALE `Vec<[u8; 32]>` in its persistent off-chain storage.
 */
export async function giveNodeSecret(rpc, secret) {
  const current = await rpc('offchain_localStorageGet', ['PERSISTENT', NODE_SECRETS_KEY]);
  const kept = [];
  if (current) {
    const bytes = hexToU8a(current);
    const [offset, count] = compactFromU8a(bytes);
    for (let k = 0; k < count.toNumber(); k += 1) kept.push(bytes.slice(offset + k * 32, offset + (k + 1) * 32));
  }
  const secretBytes = hexToU8a(secret);
  if (!kept.some((s) => u8aEq(s, secretBytes))) kept.push(secretBytes);
  const value = u8aConcat(compactToU8a(kept.length), ...kept);
  await rpc('offchain_localStorageSet', ['PERSISTENT', NODE_SECRETS_KEY, u8aToHex(value)]);
}

/**
 * The type id of `typeName` in the runtime metadata of `api`: the one type whose path, joined with
 * '::', is `typeName` or ends with `::typeName` (e.g. 'BatchResult' or
 * 'battery_estimator::state::BatchResult').
 */
function lookupTypeId(api, typeName) {
  const matches = api.registry.lookup.types
    .map(({ id, type }) => ({ id: id.toNumber(), path: type.path.map((p) => p.toString()).join('::') }))
    .filter(({ path }) => path === typeName || path.endsWith(`::${typeName}`));
  if (matches.length === 0) throw new Error(`type ${typeName} is not in the runtime metadata`);
  if (matches.length > 1) {
    throw new Error(`type ${typeName} is ambiguous in the runtime metadata: ${matches.map((m) => m.path).join(', ')}`);
  }
  return matches[0].id;
}

/**
 * Decodes `bytes` (an opened plaintext, Uint8Array or hex) as the runtime type `typeName` (see
 * `lookupTypeId`), a polkadot.js codec. Bytes left over mean the wrong type: an error, not a guess.
 */
export function decodePlaintext(api, typeName, bytes) {
  const u8a = u8aToU8a(bytes);
  const value = api.registry.createType(api.registry.createLookupType(lookupTypeId(api, typeName)), u8a);
  if (value.encodedLength !== u8a.length) {
    throw new Error(`${typeName}: decoded ${value.encodedLength} of ${u8a.length} plaintext bytes`);
  }
  return value;
}

/**
 * Encodes `value` (JSON as polkadot.js takes it) as the runtime type `typeName` (see
 * `lookupTypeId`): the SCALE plaintext a client seals, e.g. a collision sensor's `ImpactDetails`.
 */
export function encodePlaintext(api, typeName, value) {
  return api.registry.createType(api.registry.createLookupType(lookupTypeId(api, typeName)), value).toU8a();
}

/**
 * Opens a sealed health result (`battery_health`'s `health`, a dispute's `challengerHealth`) with a
 * reader's `secret`: `{ result, plaintext }`, the `BatchResult` as JSON (camelCase fields: socPpm,
 * sohCapacityPpm, anomalyFlags, forecast, ...) and its SCALE bytes as hex.
 */
export function openHealth(api, envelope, secret) {
  const plaintext = open(envelope, secret);
  // Results of estimators before the forecasts in time (estimator version 1) are the
  // first 74 bytes of today's layout: they decode with no usage rate and zeroed time forecasts.
  const legacy = plaintext.length === LEGACY_BATCH_RESULT_LEN;
  const bytes = legacy ? u8aConcat(plaintext, new Uint8Array(BATCH_RESULT_LEN - LEGACY_BATCH_RESULT_LEN)) : plaintext;
  return { result: decodePlaintext(api, 'BatchResult', bytes).toJSON(), plaintext: u8aToHex(plaintext), legacy };
}

/** SCALE length of a `BatchResult` (fixed), and of one written before the forecasts in time. */
const BATCH_RESULT_LEN = 93;
const LEGACY_BATCH_RESULT_LEN = 74;

/**
 * Opens a sealed twin (`battery_twin`'s and `battery_telemetrySummary`'s `twin`) with a reader's
 * `secret`: `{ state, summary, plaintext }`, the estimator state and the running usage summary as
 * JSON, and the `TwinRecord`'s SCALE bytes as hex.
 */
export function openTwin(api, envelope, secret) {
  const plaintext = open(envelope, secret);
  // A twin sealed by estimator 1 holds a layout-1 state (version byte 1, 400 bytes): it lacks the
  // usage window's 20 bytes, which decode as zero (the estimator opens the window at its last
  // sample when it continues such a twin).
  const legacy = plaintext[0] === 1;
  const bytes = legacy
    ? u8aConcat(plaintext.subarray(0, LEGACY_STATE_LEN), new Uint8Array(USAGE_WINDOW_LEN), plaintext.subarray(LEGACY_STATE_LEN))
    : plaintext;
  const { state, summary } = decodePlaintext(api, 'TwinRecord', bytes).toJSON();
  return { state, summary, plaintext: u8aToHex(plaintext), legacy };
}

/** SCALE length of an estimator-1 state and what layout 2 adds (fixed-size fields). */
const LEGACY_STATE_LEN = 400;
const USAGE_WINDOW_LEN = 20;
