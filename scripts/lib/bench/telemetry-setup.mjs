// The telemetry load's set-up, as scripts/replay-telemetry.mjs and the story do it but for many
// batteries at once: Bob registers them (the chemistry of the case's characterisation) and
// writes each characterisation; they go to Dave through Charlie (custody offered, accepted, in
// transit, offered, accepted, in service: one batch of calls per step); Dave registers a reader
// key and a BMS gateway per battery (funded), the node's off-chain worker gets Dave's reader
// secret and holds the dev estimator key. Each battery's readings are a public drive-cycle case
// of testdata/socsoh, cut into batches of the largest size the runtime allows.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { u8aToHex } from '@polkadot/util';
import { cellFactory } from '../chain.mjs';
import { giveNodeSecret, readerKeyPair } from '../sealed.mjs';
import { batteryId, runTag, UNIT } from './context.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CASE = 'chen2020_us06_25c';

function estimatorReplay() {
  if (process.env.ESTIMATOR_REPLAY) return process.env.ESTIMATOR_REPLAY;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'battery-chain', 'target');
  return join(target, 'release', 'estimator-replay');
}

/** The case's readings ({ currentMa, voltageMv, tempDecic }) and sample period, ms. */
export function readCase(name, dir = process.env.SOCSOH_DIR || resolve(here, '../../../testdata/socsoh')) {
  const spec = join(dir, `${name}.json`);
  const csv = join(dir, `${name}.csv.gz`);
  const missing = [spec, csv].filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`telemetry case ${name} not found: ${missing.join(', ')} ($SOCSOH_DIR)`);
  const rows = gunzipSync(readFileSync(csv)).toString('utf8').trim().split('\n');
  const header = rows.shift().split(',');
  const [ti, ci, vi, tci] = ['t_s', 'current_a', 'voltage_v', 'temp_c'].map((c) => header.indexOf(c));
  const samples = rows.map((line) => line.split(',').map(Number));
  const periodMs = Math.round((samples[1][ti] - samples[0][ti]) * 1000);
  const readings = samples.map((f) => ({
    currentMa: Math.round(f[ci] * 1000), voltageMv: Math.round(f[vi] * 1000), tempDecic: Math.round(f[tci] * 10),
  }));
  return { spec, readings, periodMs };
}

/** `count` readings from `readings` starting at `offset`, wrapping around (the cycle driven again). */
export function cycle(readings, offset, count) {
  return Array.from({ length: count }, (_, k) => readings[(offset + k) % readings.length]);
}

/** `count` batteries ready for telemetry; returns { batteries: [{ id, gateway }], reader, data }. */
export async function setUpTelemetry(ctx, { count, caseName = DEFAULT_CASE }) {
  const { api, keys, say } = ctx;
  const data = readCase(caseName);
  const configHex = execFileSync(estimatorReplay(), ['--spec', data.spec, '--config-hex']).toString().trim();
  const characterise = (id) => api.tx.telemetry.setCharacterisation(id, configHex, 0, 450);
  const chemistry = characterise(batteryId('000000', 1)).method.args[1].chemistry.type;
  const tag = runTag();
  const ids = Array.from({ length: count }, (_, k) => batteryId(tag, k));
  const gateways = ids.map((id) => ctx.keyring.addFromUri(`//Dave//bms//${id}`));
  const reader = readerKeyPair();
  say(`telemetry: setting up ${count} batteries with gateways (case ${caseName})`);

  const lots = [];
  for (let k = 0; k < ids.length; k += ctx.limits.maxLot) lots.push(ids.slice(k, k + ctx.limits.maxLot));
  const factory = cellFactory('BENCH-TELEMETRY-CELL', 'Bench line', chemistry);
  await Promise.all([
    ...lots.map((lot) => ctx.send(api.tx.battery.registerBatteries(factory, lot), keys.bob, 'register')),
    ctx.send(api.tx.consortium.setReaderKey(reader.public), keys.dave, 'Dave\'s reader key'),
    ctx.sendBatches(gateways.map((g) => api.tx.balances.transferKeepAlive(g.address, 100n * UNIT)), keys.ferdie,
      'fund the gateways'),
  ]);
  const each = (fn) => ids.map(fn);
  await Promise.all([
    ctx.sendBatches(each((id) => characterise(id)), keys.bob, 'characterisations', 50),
    ctx.sendBatches(each((id) => api.tx.battery.offerCustody(id, keys.charlie.address)), keys.bob, 'offer to carrier'),
  ]);
  await ctx.sendBatches(each((id) => api.tx.battery.acceptCustody(id)), keys.charlie, 'carrier accepts');
  await ctx.sendBatches(each((id) => api.tx.battery.transition(id, 'InTransit')), keys.charlie, 'in transit');
  await ctx.sendBatches(each((id) => api.tx.battery.offerCustody(id, keys.dave.address)), keys.charlie, 'offer to operator');
  await ctx.sendBatches(each((id) => api.tx.battery.acceptCustody(id)), keys.dave, 'operator accepts');
  await ctx.sendBatches(each((id) => api.tx.battery.transition(id, 'InService')), keys.dave, 'in service');
  await ctx.sendBatches(ids.map((id, k) => api.tx.consortium.registerDevice(gateways[k].address, 'BmsGateway', id)),
    keys.dave, 'gateways');

  // The node's worker opens batches for Dave and signs results with the dev estimator key
  // (inserted by a --dev node; inserted here if missing, as the story does).
  await giveNodeSecret(ctx.rpc, reader.secret);
  const estimator = u8aToHex(keys.alice.publicKey);
  if (!(await ctx.rpc('author_hasKey', [estimator, 'estm']))) await ctx.rpc('author_insertKey', ['estm', '//Alice', estimator]);

  const batteries = [];
  for (const [k, id] of ids.entries()) {
    batteries.push({ id, gateway: gateways[k], recipients: await ctx.rpc('battery_sealingKeys', [id, 'Usage', null]) });
  }
  return { batteries, reader, data, caseName };
}
