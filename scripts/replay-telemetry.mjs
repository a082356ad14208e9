#!/usr/bin/env node
// Streams a telemetry case of testdata/socsoh to a running battery-chain node as a BMS gateway
// would (signed `telemetry.submitBatch` transactions), waits for the off-chain estimator's results
// and prints the on-chain SOC / SOH next to the case's truth.
//
//   node scripts/replay-telemetry.mjs [--url ws://127.0.0.1:9944] [--case chen2020_us06_25c]
//        [--dir testdata/socsoh] [--batch 1800] [--battery ID] [--json]
//
// The cases directory is --dir, else $SOCSOH_DIR, else the repository's testdata/socsoh; a missing
// case is an error naming its files.
//
// On a dev chain it first sets the battery up with the seeded consortium: Bob (manufacturer)
// registers it, Charlie (logistics) carries it, Dave (operator) puts it in service and registers a
// BMS gateway key; Bob writes the cell characterisation, converted from the case sidecar by
// `estimator-replay --config-hex` (the estimator's own conversion). Dave registers a fresh reader
// key and the node gets its secret (the unsafe `offchain_localStorageSet` RPC of a local node), so
// the node's off-chain worker, working for Dave, opens the batches. Each batch's readings are
// sealed for the battery's Usage scope (`battery_sealingKeys`): the chain never sees a sample.
// The truth columns are only read to print the comparison; the chain never sees them either.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cellFactory, connect, devKeys, putInService, submitOrThrow as send } from './lib/chain.mjs';
import { giveNodeSecret, readerKeyPair, sealReadings } from './lib/sealed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    url: { type: 'string', default: 'ws://127.0.0.1:9944' },
    case: { type: 'string', default: 'chen2020_us06_25c' },
    dir: { type: 'string', default: process.env.SOCSOH_DIR || resolve(here, '../testdata/socsoh') },
    batch: { type: 'string', default: '1800' },
    battery: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const log = (...args) => { if (!opt.json) console.log(...args); };
const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'battery-chain', 'target');
const estimatorReplay = process.env.ESTIMATOR_REPLAY || join(target, 'release', 'estimator-replay');

/** The case: uniform samples (t_s, I, V, T) and the truth at the last sample. */
function readCase(dir, name) {
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

async function blockNumber(api, hash) {
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

/** Registers the battery and puts it in service with a gateway and a characterisation (dev chain). */
async function setUp(api, provider, keys, id, configHex) {
  const { bob, dave, gateway } = keys;
  // The estimator node works for Dave: it holds the secret of Dave's reader key.
  const reader = readerKeyPair();
  await send(api, api.tx.consortium.setReaderKey(reader.public), dave, 'reader key');
  await giveNodeSecret((method, params) => provider.send(method, params), reader.secret);
  // The passport declares the chemistry the case's characterisation names.
  const characterise = api.tx.telemetry.setCharacterisation(id, configHex, 0, 450);
  const chemistry = characterise.method.args[1].chemistry.type;
  await putInService(api, keys, id, cellFactory('SOCSOH-CELL', 'Simulation', chemistry));
  await send(api, api.tx.consortium.registerDevice(gateway.address, 'BmsGateway', id), dave, 'register gateway');
  await send(api, api.tx.balances.transferKeepAlive(gateway.address, 100n * 10n ** 12n), dave, 'fund gateway');
  await send(api, characterise, bob, 'characterisation');
}

const data = readCase(opt.dir, opt.case);
const provider = new WsProvider(opt.url, 1000);
const api = await connect(opt.url, { timeoutMs: 30_000, provider });
try {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const id = opt.battery || `03HPE0A2D000C7LB5${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  const keys = { ...devKeys(api.registry.chainSS58), gateway: keyring.addFromUri(`//Dave//bms//${id}`) };
  const configHex = execFileSync(estimatorReplay, ['--spec', data.spec, '--config-hex']).toString().trim();

  if (!opt.battery) {
    log(`setting up battery ${id} (register, carry, in service, gateway, characterisation)`);
    await setUp(api, provider, keys, id, configHex);
  }

  // Place the recording in the past so that every batch ends before the chain's clock.
  const batchSize = Number(opt.batch);
  const chainNow = (await api.query.timestamp.now()).toNumber();
  const spanMs = (data.samples.at(-1).t - data.samples[0].t) * 1000;
  const startMs = chainNow - spanMs - 60_000;
  const batches = [];
  const recipients = await provider.send('battery_sealingKeys', [id, 'Usage', null]);
  for (let first = 0, seq = 1; first < data.samples.length; first += batchSize, seq += 1) {
    const chunk = data.samples.slice(first, first + batchSize);
    const batchStart = startMs + (chunk[0].t - data.samples[0].t) * 1000;
    const sealed = sealReadings(id, chunk.map((s) => s.reading), recipients);
    const tx = api.tx.telemetry.submitBatch(id, seq, batchStart, data.periodMs, chunk.length, sealed);
    const { blockHash, events } = await send(api, tx, keys.gateway, `batch ${seq}`);
    const submitted = events.find(({ event }) => event.section === 'telemetry' && event.method === 'BatchSubmitted');
    const batchHash = submitted.event.data.batchHash.toHex();
    batches.push({ sequence: seq, samples: chunk.length, batchHash, includedAt: await blockNumber(api, blockHash) });
    log(`batch ${seq}: ${chunk.length} samples, ${batchHash.slice(0, 18)}… in block #${batches.at(-1).includedAt}`);
  }

  // Wait for the result of the last batch, then find every result's block from the events.
  const last = batches.at(-1);
  const reader = keys.dave.address;
  const deadline = Date.now() + 120_000;
  let health;
  for (;;) {
    // `battery_*` methods are not decorated on api.rpc without type definitions: call them raw.
    health = await provider.send('battery_health', [id, reader]);
    if (health && health.batchHash === last.batchHash) break;
    if (Date.now() > deadline) throw new Error(`no result for the last batch ${last.batchHash} within 120 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const resultBlock = new Map();
  for (let n = batches[0].includedAt; n <= best && resultBlock.size < batches.length; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    for (const { event } of await (await api.at(hash)).query.system.events()) {
      if (event.section === 'telemetry' && event.method === 'HealthRecorded') {
        resultBlock.set(event.data.batchHash.toHex(), { block: n, socPpm: event.data.socPpm.toNumber(), sohPpm: event.data.sohCapacityPpm.toNumber() });
      }
    }
  }
  for (const b of batches) {
    const r = resultBlock.get(b.batchHash);
    b.resultAt = r?.block;
    b.latencyBlocks = r ? r.block - b.includedAt : undefined;
    b.soc = r ? r.socPpm / 1e6 : undefined;
    b.soh = r ? r.sohPpm / 1e6 : undefined;
  }
  const truth = data.samples.at(-1);
  const summary = {
    case: opt.case,
    battery: id,
    batches,
    final: {
      batchHash: health.batchHash,
      soc: health.socPpm / 1e6,
      socTrue: truth.soc,
      socErrorPct: Math.abs(health.socPpm / 1e6 - truth.soc) * 100,
      soh: health.sohCapacityPpm / 1e6,
      sohTrue: truth.soh,
      sohErrorPct: Math.abs(health.sohCapacityPpm / 1e6 - truth.soh) * 100,
      anomalies: health.anomalies,
    },
    maxLatencyBlocks: Math.max(...batches.map((b) => b.latencyBlocks ?? Infinity)),
  };
  if (opt.json) {
    console.log(JSON.stringify(summary));
  } else {
    console.log('\nbatch  samples  included  result  latency  SOC %   SOH %');
    for (const b of batches) {
      console.log(`${String(b.sequence).padStart(5)}  ${String(b.samples).padStart(7)}  #${String(b.includedAt).padEnd(7)}  #${String(b.resultAt).padEnd(5)}  ${String(b.latencyBlocks).padStart(7)}  ${(b.soc * 100).toFixed(2).padStart(6)}  ${(b.soh * 100).toFixed(2).padStart(6)}`);
    }
    const f = summary.final;
    console.log(`\non chain after the last batch: SOC ${(f.soc * 100).toFixed(2)} % (truth ${(f.socTrue * 100).toFixed(2)} %, error ${f.socErrorPct.toFixed(2)} pp), SOH ${(f.soh * 100).toFixed(2)} % (truth ${(f.sohTrue * 100).toFixed(2)} %, error ${f.sohErrorPct.toFixed(2)} pp)`);
  }
} finally {
  await api.disconnect();
}

