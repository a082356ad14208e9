#!/usr/bin/env node
// Streams a telemetry case of testdata/socsoh to a running battery-chain node as a BMS gateway
// would (signed `telemetry.submitCompactBatch` transactions, or `submitBatch` with --encoding scale or
// when SCALE is the shorter form), waits for the off-chain estimator's results,
// opens them and prints the on-chain SOC / SOH next to the case's truth, and whether each result is
// bit for bit what the native estimator computes from the same readings.
//
//   node scripts/replay-telemetry.mjs [--url ws://127.0.0.1:9944] [--case chen2020_us06_25c]
//        [--dir testdata/socsoh] [--batch 1800] [--battery ID] [--reader-secret HEX]
//        [--encoding shortest|scale] [--seed CAP_UAH[,R0_UOHM[,EFC_MILLI]]] [--max-batches N] [--json]
//
// --seed states a known history for the new battery's twin (Dave, `telemetry.seedTwin`) before
// the first batch; the native replay then starts from the same seeded state (`--prior`).
//
// The cases directory is --dir, else $SOCSOH_DIR, else the repository's testdata/socsoh; a missing
// case is an error naming its files.
//
// On a dev chain it first sets the battery up with the seeded consortium: Bob (manufacturer)
// registers it, Charlie (logistics) carries it, Dave (operator) puts it in service and registers a
// BMS gateway key; Bob writes the cell characterisation, converted from the case sidecar by
// `estimator-replay --config-hex` (the estimator's own conversion). Dave registers a reader key
// (the secret of --reader-secret, else a fresh one) and the node gets its secret (the unsafe
// `offchain_localStorageSet` RPC of a local node), so the node's off-chain worker, working for
// Dave, opens the batches. Each batch's readings are sealed for the battery's Usage scope
// (`battery_sealingKeys`): the chain never sees a sample.
//
// Health results are sealed for the same scope: the script reads each batch's health
// (`battery_health` at the block of its `HealthRecorded` event), opens it with Dave's reader
// secret and decodes the `BatchResult` from the runtime metadata. It then replays the exact integer
// readings it sealed through `estimator-replay --results` (the worker's batching and state round
// trip, natively) and compares each opened plaintext with the native result byte for byte
// (`bitForBit`). With --battery (no set-up) and no --reader-secret it opens nothing and reports
// only the public facts: batches, blocks, latency.
// The truth columns are only read to print the comparison; the chain never sees them either.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cellFactory, connect, devKeys, putInService, submitOrThrow as send } from './lib/chain.mjs';
import { sealBatch } from './lib/compact.mjs';
import { releaseBinary } from './lib/local-node.mjs';
import { readCase, SOCSOH_DIR } from './lib/socsoh.mjs';
import { encodeReadings, giveNodeSecret, openHealth, readerKeyPair, seal } from './lib/sealed.mjs';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string', default: 'ws://127.0.0.1:9944' },
    case: { type: 'string', default: 'chen2020_us06_25c' },
    dir: { type: 'string', default: SOCSOH_DIR },
    batch: { type: 'string', default: '1800' },
    battery: { type: 'string' },
    'reader-secret': { type: 'string' },
    // `shortest`: the compact encoding unless SCALE is shorter (scripts/lib/compact.mjs).
    encoding: { type: 'string', default: 'shortest' },
    json: { type: 'boolean', default: false },
    // A known history for a new battery's twin, `CAP_UAH[,R0_UOHM[,EFC_MILLI]]` (an empty field is
    // unknown): Dave states it (`telemetry.seedTwin`, an assessment) before the first batch.
    seed: { type: 'string' },
    // Send only the first N batches of the case.
    'max-batches': { type: 'string' },
  },
});
if (!['shortest', 'scale'].includes(opt.encoding)) throw new Error(`--encoding must be shortest or scale, not ${opt.encoding}`);
// A seed is stated for the battery the script sets up; an existing battery's history is its own.
if (opt.seed && opt.battery) throw new Error('--seed states the history of a new battery: it cannot be used with --battery');
const log = (...args) => { if (!opt.json) console.log(...args); };
const estimatorReplay = releaseBinary('ESTIMATOR_REPLAY', 'estimator-replay');


async function blockNumber(api, hash) {
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

/**
 * Registers the battery and puts it in service with a gateway and a characterisation (dev chain).
 * `reader` is Dave's reader key pair.
 */
async function setUp(api, provider, keys, id, configHex, reader) {
  const { bob, dave, gateway } = keys;
  // The estimator node works for Dave: it holds the secret of Dave's reader key (registered
  // once: a second replay with the same secret finds it current).
  const current = await api.query.consortium.readerKeys(dave.address);
  if (current.isNone || current.unwrap().current.toHex() !== reader.public) {
    await send(api, api.tx.consortium.setReaderKey(reader.public), dave, 'reader key');
  }
  await giveNodeSecret((method, params) => provider.send(method, params), reader.secret);
  // The passport declares the chemistry the case's characterisation names.
  const characterise = api.tx.telemetry.setCharacterisation(id, configHex, 0, 450);
  const chemistry = characterise.method.args[1].chemistry.type;
  await putInService(api, keys, id, cellFactory('SOCSOH-CELL', 'Simulation', chemistry));
  await send(api, api.tx.consortium.registerDevice(gateway.address, 'BmsGateway', id), dave, 'register gateway');
  await send(api, api.tx.balances.transferKeepAlive(gateway.address, 100n * 10n ** 12n), dave, 'fund gateway');
  await send(api, characterise, bob, 'characterisation');
}

/** The block (number and hash) of each batch's `HealthRecorded` event, by batch hash. */
async function resultBlocks(api, batches) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const found = new Map();
  for (let n = batches[0].includedAt; n <= best && found.size < batches.length; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    for (const { event } of await (await api.at(hash)).query.system.events()) {
      if (event.section === 'telemetry' && event.method === 'HealthRecorded') {
        found.set(event.data.batchHash.toHex(), { block: n, hash: hash.toHex() });
      }
    }
  }
  return found;
}

/**
 * The health of `batch` as the chain recorded it: the latest health at its result block (the
 * block's state holds it), else its entry in the twin's history at the best block.
 */
async function healthOf(provider, id, batch, at) {
  const latest = await provider.send('battery_health', [id, at]);
  if (latest?.batchHash === batch.batchHash) return latest;
  const { history } = await provider.send('battery_twin', [id]);
  return history.find((h) => h.batchHash === batch.batchHash);
}

/** Opens each resulted batch's sealed health with `secret`: its SOC / SOH and plaintext. */
async function openResults(api, provider, id, batches, resultBlock, secret) {
  for (const b of batches) {
    const r = resultBlock.get(b.batchHash);
    if (!r) continue;
    const health = await healthOf(provider, id, b, r.hash);
    if (!health) throw new Error(`batch ${b.sequence}: its health is neither the latest at #${r.block} nor in the history`);
    let opened;
    try {
      opened = openHealth(api, health.health, secret);
    } catch (error) {
      throw new Error(`batch ${b.sequence}: the reader secret does not open its health (${error.message})`);
    }
    b.soc = opened.result.socPpm / 1e6;
    b.soh = opened.result.sohCapacityPpm / 1e6;
    b.plaintext = opened.plaintext;
  }
}

/**
 * Replays the resulted batches natively (`estimator-replay --results`: from a fresh state, the
 * worker's sample times and state round trip) and marks each batch `bitForBit` when its opened
 * plaintext is the native `BatchResult` byte for byte (`plaintext` and `native` are kept, as hex,
 * where they differ). A batch without a result (rejected, or late) is left out of the replay, as
 * the worker leaves it out of the state, and is not equal.
 */
function compareNative(spec, batches, prior) {
  const resulted = batches.filter((b) => b.plaintext);
  const dir = mkdtempSync(join(tmpdir(), 'replay-telemetry-'));
  try {
    const file = join(dir, 'batches.json');
    writeFileSync(file, JSON.stringify(resulted.map((b) => b.replayInput)));
    const lines = execFileSync(estimatorReplay, ['--spec', spec, '--results', file, ...(prior ? ['--prior', prior] : [])])
      .toString().trim().split('\n');
    if (lines.length !== resulted.length) throw new Error(`estimator-replay printed ${lines.length} results for ${resulted.length} batches`);
    resulted.forEach((b, k) => { b.native = lines[k]; });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const b of batches) {
    b.bitForBit = Boolean(b.plaintext) && b.plaintext === b.native;
    // The bytes stay in the summary only where they differ, to show how.
    if (b.bitForBit) {
      delete b.plaintext;
      delete b.native;
    }
  }
}

const pct = (x) => (x === undefined ? '-' : (x * 100).toFixed(2)).padStart(6);

/** The summary as a text table. */
function printTable(summary) {
  console.log('\nbatch  samples  included  result  latency  SOC %   SOH %   bit for bit');
  for (const b of summary.batches) {
    const bits = b.bitForBit === undefined ? '-' : (b.bitForBit ? 'yes' : 'NO');
    console.log(`${String(b.sequence).padStart(5)}  ${String(b.samples).padStart(7)}  #${String(b.includedAt).padEnd(7)}  #${String(b.resultAt).padEnd(5)}  ${String(b.latencyBlocks).padStart(7)}  ${pct(b.soc)}  ${pct(b.soh)}  ${bits}`);
  }
  const f = summary.final;
  if (!summary.opened) {
    console.log(`\nlast result: ${f.batchHash} (sealed: pass --reader-secret to open the results)`);
    return;
  }
  console.log(`\non chain after the last batch: SOC ${(f.soc * 100).toFixed(2)} % (truth ${(f.socTrue * 100).toFixed(2)} %, error ${f.socErrorPct.toFixed(2)} pp), SOH ${(f.soh * 100).toFixed(2)} % (truth ${(f.sohTrue * 100).toFixed(2)} %, error ${f.sohErrorPct.toFixed(2)} pp), anomaly flags 0x${f.anomalyFlags.toString(16)}`);
  console.log(`every result equal to the native replay, bit for bit: ${summary.bitForBit ? 'yes' : 'NO'}`);
}

const data = readCase(opt.dir, opt.case);
const provider = new WsProvider(opt.url, 1000);
const api = await connect(opt.url, { timeoutMs: 30_000, provider });
try {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const id = opt.battery || `03HPE0A2D000C7LB5${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  const keys = { ...devKeys(api.registry.chainSS58), gateway: keyring.addFromUri(`//Dave//bms//${id}`) };
  const configHex = execFileSync(estimatorReplay, ['--spec', data.spec, '--config-hex']).toString().trim();

  // Dave's reader key: needed to open the sealed results. A set-up makes one when none is given;
  // an existing battery's results stay closed without it.
  const reader = (opt['reader-secret'] || !opt.battery) ? readerKeyPair(opt['reader-secret']) : undefined;
  if (!opt.battery) {
    log(`setting up battery ${id} (register, carry, in service, gateway, characterisation)`);
    await setUp(api, provider, keys, id, configHex, reader);
    if (opt.seed) {
      const [capacityUah, r0MicroOhm, efcMilli] = opt.seed.split(',').map((v) => (v ? BigInt(v) : null));
      await send(api, api.tx.telemetry.seedTwin(id, { capacityUah, r0MicroOhm, efcMilli }, 'Assessment', null),
        keys.dave, 'seed the twin');
      log(`Dave seeded the twin: ${opt.seed} (capacity µAh, R0 µΩ, cycles ×1000)`);
    }
  } else if (!reader) {
    log('no --reader-secret: the results are sealed, so only public facts are reported (batches, blocks, latency)');
  }

  // Place the recording in the past so that every batch ends before the chain's clock.
  const batchSize = Number(opt.batch);
  const chainNow = (await api.query.timestamp.now()).toNumber();
  const spanMs = (data.samples.at(-1).t - data.samples[0].t) * 1000;
  const startMs = chainNow - spanMs - 60_000;
  const batches = [];
  const recipients = await provider.send('battery_sealingKeys', [id, 'Usage', null]);
  const maxBatches = opt['max-batches'] ? Number(opt['max-batches']) : Infinity;
  for (let first = 0, seq = 1; first < data.samples.length && seq <= maxBatches; first += batchSize, seq += 1) {
    const chunk = data.samples.slice(first, first + batchSize);
    const batchStart = startMs + (chunk[0].t - data.samples[0].t) * 1000;
    const readings = chunk.map((s) => s.reading);
    let tx;
    let encoding = 'Scale';
    let bytes;
    if (opt.encoding === 'scale') {
      const encoded = encodeReadings(readings);
      bytes = encoded.length;
      tx = api.tx.telemetry.submitBatch(id, seq, batchStart, data.periodMs, chunk.length, seal('Usage', id, encoded, recipients));
    } else {
      const batch = sealBatch(api, id, readings, recipients);
      ({ encoding, bytes } = batch);
      tx = batch.submit(seq, batchStart, data.periodMs);
    }
    const { blockHash, events } = await send(api, tx, keys.gateway, `batch ${seq}`);
    const submitted = events.find(({ event }) => event.section === 'telemetry' && event.method === 'BatchSubmitted');
    const batchHash = submitted.event.data.batchHash.toHex();
    // The usage regime the chain pinned to the batch (when the user last chose a running mode):
    // an input of its estimate, so the native replay takes it too.
    const usageRegime = (await (await api.at(blockHash)).query.telemetry.batchRegimes(batchHash)).toNumber();
    batches.push({
      sequence: seq, samples: chunk.length, encoding, bytes, batchHash, includedAt: await blockNumber(api, blockHash),
      // What the native replay needs, exactly as sealed and submitted (dropped from the summary).
      replayInput: {
        startMs: batchStart, periodMs: data.periodMs, readings: readings.map((r) => [r.currentMa, r.voltageMv, r.tempDecic]), usageRegime,
      },
    });
    log(`batch ${seq}: ${chunk.length} samples (${encoding}, ${bytes} bytes), ${batchHash.slice(0, 18)}… in block #${batches.at(-1).includedAt}`);
  }

  // Wait for the result of the last batch, then find every result's block from the events.
  const last = batches.at(-1);
  const deadline = Date.now() + 120_000;
  let health;
  for (;;) {
    // `battery_*` methods are not decorated on api.rpc without type definitions: call them raw.
    health = await provider.send('battery_health', [id]);
    if (health && health.batchHash === last.batchHash) break;
    if (Date.now() > deadline) throw new Error(`no result for the last batch ${last.batchHash} within 120 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const resultBlock = await resultBlocks(api, batches);
  for (const b of batches) {
    const r = resultBlock.get(b.batchHash);
    b.resultAt = r?.block;
    b.latencyBlocks = r ? r.block - b.includedAt : undefined;
  }

  const truth = data.samples[Math.min(data.samples.length, batches.length * batchSize) - 1];
  const final = { batchHash: health.batchHash };
  if (reader) {
    await openResults(api, provider, id, batches, resultBlock, reader.secret);
    compareNative(data.spec, batches, opt.seed);
    const { result } = openHealth(api, health.health, reader.secret);
    Object.assign(final, {
      soc: result.socPpm / 1e6,
      socTrue: truth.soc,
      socErrorPct: Math.abs(result.socPpm / 1e6 - truth.soc) * 100,
      soh: result.sohCapacityPpm / 1e6,
      sohTrue: truth.soh,
      sohErrorPct: Math.abs(result.sohCapacityPpm / 1e6 - truth.soh) * 100,
      anomalyFlags: result.anomalyFlags,
      anomalySamples: result.anomalySamples,
    });
  }
  for (const b of batches) delete b.replayInput;
  const summary = {
    case: opt.case,
    battery: id,
    seed: (await provider.send('battery_twin', [id]))?.seed ?? null,
    opened: Boolean(reader),
    batches,
    final,
    // All batches equal to the native replay; null when nothing could be opened.
    bitForBit: reader ? batches.every((b) => b.bitForBit === true) : null,
    maxLatencyBlocks: Math.max(...batches.map((b) => b.latencyBlocks ?? Infinity)),
  };
  if (opt.json) {
    console.log(JSON.stringify(summary));
  } else {
    printTable(summary);
  }
} finally {
  await api.disconnect();
}

