// The telemetry load's set-up, as scripts/replay-telemetry.mjs and the story do it but for many
// batteries at once: Bob registers them (the chemistry of the case's characterisation) and
// writes each characterisation; they go to Dave through Charlie (custody offered, accepted, in
// transit, offered, accepted, in service: one batch of calls per step); Dave registers a reader
// key and a BMS gateway per battery (funded), the node's off-chain worker gets Dave's reader
// secret and holds the dev estimator key. Each battery's readings are a public drive-cycle case
// of testdata/socsoh, cut into batches of the largest size the runtime allows.

import { execFileSync } from 'node:child_process';
import { u8aToHex } from '@polkadot/util';
import { cellFactory } from '../chain.mjs';
import { releaseBinary } from '../local-node.mjs';
import { giveNodeSecret, readerKeyPair } from '../sealed.mjs';
import { readCase as readSocsohCase, SOCSOH_DIR } from '../socsoh.mjs';
import { batteryId, runTag, UNIT } from './context.mjs';

export const DEFAULT_CASE = 'chen2020_us06_25c';


/** The case's readings ({ currentMa, voltageMv, tempDecic }), sample period (ms) and sidecar. */
export function readCase(name, dir = SOCSOH_DIR) {
  const { spec, samples, periodMs } = readSocsohCase(dir, name);
  return { spec, readings: samples.map((s) => s.reading), periodMs };
}

/** `count` readings from `readings` starting at `offset`, wrapping around (the cycle driven again). */
export function cycle(readings, offset, count) {
  return Array.from({ length: count }, (_, k) => readings[(offset + k) % readings.length]);
}

/** `count` batteries ready for telemetry; returns { batteries: [{ id, gateway }], reader, data }. */
export async function setUpTelemetry(ctx, { count, caseName = DEFAULT_CASE }) {
  const { api, keys, say } = ctx;
  const data = readCase(caseName);
  const configHex = execFileSync(releaseBinary('ESTIMATOR_REPLAY', 'estimator-replay'), ['--spec', data.spec, '--config-hex']).toString().trim();
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
