// Measure 2: bulk battery registrations per second, `battery.registerBatteries` lots of the
// largest size the runtime allows (`battery.maxBatchSize`), all signed ahead by the seeded
// manufacturer (Bob) and counted from the blocks' `BatteryRegistered` events; and the weight of
// a battery against a transfer's, from the actual weights in `ExtrinsicSuccess` and from the
// fee/weight info (`transactionPaymentApi.queryInfo`) of a lot of one and of the largest lot.

import { hexToU8a } from '@polkadot/util';
import { cellFactory } from '../chain.mjs';
import { batteryId, runTag } from './context.mjs';
import { pump } from './submit.mjs';
import { waitIncluded } from './transfers.mjs';
import { quantile, steadyWindow } from './window.mjs';

const registered = (b) => b.extrinsics.reduce((n, x) => n + (x.call === 'battery.registerBatteries' && x.ok
  ? x.events.filter((e) => e.name === 'battery.BatteryRegistered').length : 0), 0);

/** Weight (ref time, ps) of `tx` signed by `pair` as the fee/weight info gives it. */
async function queryWeight(ctx, tx, pair) {
  tx.signFake(pair.address, {
    nonce: 0, blockHash: ctx.api.genesisHash, genesisHash: ctx.api.genesisHash,
    runtimeVersion: ctx.api.runtimeVersion, signedExtensions: ctx.api.registry.signedExtensions,
  });
  const u8a = hexToU8a(tx.toHex());
  const info = await ctx.api.call.transactionPaymentApi.queryInfo(u8a, u8a.length);
  return Number(info.weight.refTime.toBigInt());
}

/** `lots` lots of the largest size, registered by Bob. */
export async function measureRegistrations(ctx, { lots }) {
  const { api, keys, say, limits } = ctx;
  const size = limits.maxLot;
  const tag = runTag();
  const factory = cellFactory('BENCH-NMC-21700-5AH', 'Bench line');
  const lotIds = (k) => Array.from({ length: size }, (_, i) => batteryId(tag, k * size + i));
  const one = await queryWeight(ctx, api.tx.battery.registerBatteries(factory, [batteryId(tag, 9_999_999)]), keys.bob);
  const full = await queryWeight(ctx, api.tx.battery.registerBatteries(factory, lotIds(lots + 1)), keys.bob);

  say(`registrations: signing ${lots} lots of ${size}`);
  const signed = [];
  for (let k = 0; k < lots; k += 1) signed.push(await ctx.sign(api.tx.battery.registerBatteries(factory, lotIds(k)), keys.bob));
  say('registrations: submitting');
  const startBlock = ctx.tracker.last + 1;
  const stats = await pump(ctx.provider, signed, { concurrency: 16 });
  await waitIncluded(ctx, signed.map((s) => s.hash), 180_000);
  await ctx.tracker.blocksPass(1);
  const blocks = ctx.tracker.range(startBlock, ctx.tracker.last);
  const lotsIn = blocks.flatMap((b) => b.extrinsics.filter((x) => x.call === 'battery.registerBatteries'));
  const failed = lotsIn.filter((x) => !x.ok);
  return {
    window: steadyWindow(blocks, registered),
    lotSize: size,
    lots,
    submitted: stats.submitted,
    rejected: stats.rejected.length,
    rejectedSample: stats.rejected.slice(0, 3),
    failed: failed.length,
    failedSample: [...new Set(failed.map((x) => x.error))].slice(0, 3),
    registered: blocks.reduce((s, b) => s + registered(b), 0),
    // Actual weight of a full lot (its ExtrinsicSuccess: call, extensions and base extrinsic).
    lotWeight: quantile(lotsIn.filter((x) => x.ok).map((x) => Number(x.weight)), 0.5),
    queryInfo: { one, full, marginal: (full - one) / (size - 1) },
    bytes: signed[0]?.bytes,
  };
}
