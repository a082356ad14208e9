#!/usr/bin/env node
// Signs a balance transfer with a dev key and prints it for raw JSON-RPC submission.
//
//   node scripts/sign-transfer.mjs [--url ws://127.0.0.1:9944] [--from //Alice] [--to //Bob]
//                                  [--amount 1.5] [--hex]
//
// By default prints a complete `author_submitExtrinsic` request body, ready for curl:
//   node scripts/sign-transfer.mjs | curl -sH 'Content-Type: application/json' -d @- http://127.0.0.1:9944
// With --hex prints only the signed extrinsic as hex.

import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'ws://127.0.0.1:9944' },
    from: { type: 'string', default: '//Alice' },
    to: { type: 'string', default: '//Bob' },
    amount: { type: 'string', default: '1' },
    hex: { type: 'boolean', default: false },
  },
});

/** Converts a decimal token amount ("1.5") to plancks using the chain's decimals. */
function toPlancks(amount, decimals) {
  if (!/^\d+(\.\d+)?$/.test(amount)) throw new Error(`not a token amount: ${amount}`);
  const [whole, fraction = ''] = amount.split('.');
  if (fraction.length > decimals) throw new Error(`more than ${decimals} decimals: ${amount}`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** Rejects after `ms` with a clear message (a node that is down must not hang the script). */
function deadline(ms, what) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms).unref());
}

await cryptoWaitReady();
const provider = new WsProvider(values.url, 1000);
let api;
try {
  api = await Promise.race([
    ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true }),
    deadline(15_000, `connecting to ${values.url}`),
  ]);
} catch (error) {
  console.error(`sign-transfer: cannot reach a node at ${values.url}: ${error.message}`);
  await provider.disconnect();
  process.exit(1);
}
try {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  const from = keyring.addFromUri(values.from);
  const to = values.to.startsWith('//') ? keyring.addFromUri(values.to).address : values.to;
  const plancks = toPlancks(values.amount, api.registry.chainDecimals[0]);
  const signed = await api.tx.balances.transferKeepAlive(to, plancks).signAsync(from);
  const hex = signed.toHex();
  if (values.hex) {
    console.log(hex);
  } else {
    console.log(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'author_submitExtrinsic', params: [hex] }));
  }
} finally {
  await api.disconnect();
}
