// Foundation checks against a dev node this file starts itself:
//  a. blocks are produced and finalized;
//  b. a transfer signed here and submitted through raw JSON-RPC `author_submitExtrinsic` is included
//     and its events decode;
//  c. the full metadata decodes with no custom types, and every call, event, error, storage item and
//     constant has docs;
//  d. chain properties are as configured and `battery_info` answers;
//  e. garbage and wrongly signed extrinsics are rejected with a JSON-RPC error and blocks go on.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compactFromU8a } from '@polkadot/util';
import { connect, devKeys, extrinsicEvents, findExtrinsic } from './lib/api.mjs';
import { heights, rpc, startDevNode, waitFor } from './lib/node.mjs';

const EXPECTED = { tokenSymbol: 'BATT', tokenDecimals: 12, ss58Format: 4242, specName: 'battery-chain' };

let node;
let api;
let keys;

before(async () => {
  // From the built-in `dev` preset, as `battery-node --dev` runs (the other files start from its
  // raw spec, the same genesis).
  node = await startDevNode([], { builtinSpec: true });
  api = await connect(node.wsUrl);
  keys = devKeys(api.registry.chainSS58);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

describe('a. block production and finality', () => {
  it('produces and finalizes blocks', async () => {
    const start = await heights(node.url);
    const later = await waitFor('2 new finalized blocks', async () => {
      const h = await heights(node.url);
      return h.finalized >= start.finalized + 2 && h.best >= start.best + 2 ? h : undefined;
    }, { timeoutMs: 45_000 });
    assert.ok(later.best >= later.finalized, 'finalized never runs ahead of best');
  });
});

describe('b. raw JSON-RPC extrinsic submission', () => {
  it('includes a transfer submitted by author_submitExtrinsic and decodes its events', async () => {
    const amount = 12_345_000_000_000n; // 12.345 BATT
    const bobBefore = (await api.query.system.account(keys.bob.address)).data.free.toBigInt();
    const fromBlock = (await api.rpc.chain.getHeader()).number.toNumber();

    // Signed here, submitted as hex over plain HTTP JSON-RPC (not signAndSend).
    const tx = api.tx.balances.transferKeepAlive(keys.bob.address, amount);
    const signed = await tx.signAsync(keys.alice);
    const hex = signed.toHex();
    const response = await rpc(node.url, 'author_submitExtrinsic', [hex]);
    assert.equal(response.error, undefined, JSON.stringify(response.error));
    assert.equal(response.result, signed.hash.toHex(), 'the node answers with the extrinsic hash');

    const found = await waitFor('inclusion of the transfer', () => findExtrinsic(api, response.result, fromBlock));
    const events = await extrinsicEvents(api, found.blockHash, found.index);
    const names = events.map((e) => e.name);
    assert.ok(names.includes('balances.Transfer'), names.join(', '));
    assert.ok(names.includes('system.ExtrinsicSuccess'), names.join(', '));
    assert.ok(names.includes('transactionPayment.TransactionFeePaid'), names.join(', '));
    const transfer = events.find((e) => e.name === 'balances.Transfer').event;
    assert.equal(transfer.data.from.toString(), keys.alice.address);
    assert.equal(transfer.data.to.toString(), keys.bob.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);

    const bobAfter = (await (await api.at(found.blockHash)).query.system.account(keys.bob.address)).data.free.toBigInt();
    assert.equal(bobAfter - bobBefore, amount);
  });
});

describe('c. metadata decodes with no custom types and is documented', () => {
  it('every lookup type resolves to a type definition', () => {
    const { lookup } = api.registry;
    const count = lookup.types.length;
    assert.ok(count > 100, `metadata has ${count} types`);
    for (let id = 0; id < count; id += 1) {
      const def = lookup.getTypeDef(id);
      assert.ok(def && def.info !== undefined, `type ${id} has no definition`);
    }
  });

  it('every pallet lists its calls, events, errors, storage and constants, all with docs', () => {
    const metadata = api.runtimeMetadata.asLatest;
    const { lookup } = api.registry;
    const undocumented = [];
    const variants = (typeId) => lookup.getSiType(typeId).def.asVariant.variants;
    const listed = {};
    for (const pallet of metadata.pallets) {
      const name = pallet.name.toString();
      const items = { calls: 0, events: 0, errors: 0, storage: 0, constants: 0 };
      for (const [kind, field] of [['calls', 'calls'], ['events', 'events'], ['errors', 'errors']]) {
        if (pallet[field].isSome) {
          for (const variant of variants(pallet[field].unwrap().type)) {
            items[kind] += 1;
            if (variant.docs.length === 0) undocumented.push(`${name}.${kind}.${variant.name}`);
          }
        }
      }
      if (pallet.storage.isSome) {
        for (const entry of pallet.storage.unwrap().items) {
          items.storage += 1;
          if (entry.docs.length === 0) undocumented.push(`${name}.storage.${entry.name}`);
        }
      }
      for (const constant of pallet.constants) {
        items.constants += 1;
        if (constant.docs.length === 0) undocumented.push(`${name}.constants.${constant.name}`);
      }
      listed[name] = items;
    }
    for (const pallet of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo']) {
      assert.ok(listed[pallet], `pallet ${pallet} is in the metadata`);
    }
    assert.ok(listed.Balances.calls > 0 && listed.Balances.events > 0 && listed.Balances.errors > 0);
    // Everything must be documented except these two storage items, which pallet-transaction-payment
    // 50.0.0 (stable2609) itself declares without doc comments. The list is exact: a new undocumented
    // item, or upstream documenting these, fails the test.
    const upstreamUndocumented = [
      'TransactionPayment.storage.NextFeeMultiplier',
      'TransactionPayment.storage.StorageVersion',
    ];
    assert.deepEqual(undocumented, upstreamUndocumented, `undocumented metadata items: ${undocumented.join(', ')}`);
  });

  it('decodes the calls and events api exposes without custom types', async () => {
    assert.equal(typeof api.tx.balances.transferKeepAlive, 'function');
    assert.equal(typeof api.tx.sudo.sudo, 'function');
    const events = await api.query.system.events();
    assert.ok(Array.isArray(events.toArray()));
    const signedExtensions = api.registry.signedExtensions;
    assert.ok(signedExtensions.includes('CheckMetadataHash'), signedExtensions.join(', '));
  });
});

describe('d. chain properties and battery_info', () => {
  it('system_properties carries the token and address format', async () => {
    const { result } = await rpc(node.url, 'system_properties');
    assert.equal(result.tokenSymbol, EXPECTED.tokenSymbol);
    assert.equal(result.tokenDecimals, EXPECTED.tokenDecimals);
    assert.equal(result.ss58Format, EXPECTED.ss58Format);
    assert.equal(api.registry.chainSS58, EXPECTED.ss58Format);
    assert.deepEqual(api.registry.chainTokens, [EXPECTED.tokenSymbol]);
    assert.deepEqual(api.registry.chainDecimals, [EXPECTED.tokenDecimals]);
  });

  it('battery_info answers from the runtime, consistent with the chain spec and version', async () => {
    const { result, error } = await rpc(node.url, 'battery_info');
    assert.equal(error, undefined, JSON.stringify(error));
    const version = await rpc(node.url, 'state_getRuntimeVersion');
    assert.equal(result.specName, EXPECTED.specName);
    assert.equal(result.specName, version.result.specName);
    assert.equal(result.specVersion, version.result.specVersion);
    assert.equal(result.tokenSymbol, EXPECTED.tokenSymbol);
    assert.equal(result.tokenDecimals, EXPECTED.tokenDecimals);
    assert.equal(result.ss58Format, EXPECTED.ss58Format);
    assert.equal(BigInt(result.existentialDeposit), api.consts.balances.existentialDeposit.toBigInt());
    assert.ok(Array.isArray(result.pallets));
    assert.ok(result.pallets.some((p) => p.name === 'Consortium' && p.module === 'pallet_consortium'),
      JSON.stringify(result.pallets));
    const indexes = new Map(api.runtimeMetadata.asLatest.pallets.map((p) => [p.name.toString(), p.index.toNumber()]));
    for (const pallet of result.pallets) {
      assert.equal(indexes.get(pallet.name), pallet.index, `${pallet.name} index matches metadata`);
    }
    const listed = await rpc(node.url, 'rpc_methods');
    assert.ok(listed.result.methods.includes('battery_info'));
  });
});

describe('e. malformed input is rejected and the chain goes on', () => {
  it('rejects a garbage hex extrinsic with a JSON-RPC error', async () => {
    const response = await rpc(node.url, 'author_submitExtrinsic', ['0xdeadbeefcafe']);
    assert.equal(response.result, undefined);
    assert.ok(response.error, 'a JSON-RPC error');
    assert.equal(typeof response.error.code, 'number');
  });

  it('rejects a wrongly signed extrinsic (bad signature) with a JSON-RPC error', async () => {
    const tx = api.tx.balances.transferKeepAlive(keys.charlie.address, 1_000_000_000_000n);
    const signed = await tx.signAsync(keys.alice);
    // Layout: compact length, version byte, MultiAddress::Id (tag + 32 bytes), MultiSignature
    // (tag 0x01 = sr25519, then 64 bytes). Flip one byte inside the signature.
    const bytes = signed.toU8a();
    const [lengthBytes] = compactFromU8a(bytes);
    const signatureTag = lengthBytes + 1 + 1 + 32;
    assert.equal(bytes[signatureTag], 0x01, 'an sr25519 signature follows the address');
    const tampered = Uint8Array.from(bytes);
    tampered[signatureTag + 1 + 10] ^= 0xff;
    const hex = `0x${Buffer.from(tampered).toString('hex')}`;
    const response = await rpc(node.url, 'author_submitExtrinsic', [hex]);
    assert.equal(response.result, undefined);
    assert.ok(response.error, 'a JSON-RPC error');
    assert.match(JSON.stringify(response.error), /bad signature|BadProof|Invalid/i);
  });

  it('keeps producing and finalizing blocks afterwards', async () => {
    const start = await heights(node.url);
    await waitFor('blocks after the malformed submissions', async () => {
      const h = await heights(node.url);
      return h.best >= start.best + 2 && h.finalized >= start.finalized + 1;
    }, { timeoutMs: 45_000 });
  });
});
