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
import { Keyring } from '@polkadot/keyring';
import { connect } from './lib/chain.mjs';

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

// A node that is down must not hang the script.
let api;
try {
  api = await connect(values.url, { timeoutMs: 15_000 });
} catch (error) {
  console.error(`sign-transfer: cannot reach a node at ${values.url}: ${error.message}`);
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
