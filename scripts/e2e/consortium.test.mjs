// Consortium (pallet-consortium) through @polkadot/api on a dev node this file starts itself:
// apply -> approve (sudo) -> the new member acts; an unapproved and a suspended account are refused
// with typed errors; the scope matrix and canRead answer per role, through the `battery_*` RPC and
// through the runtime API decoded from metadata alone.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readerKeyPair } from '../lib/sealed.mjs';
import { connect, devKeys, submit } from './lib/api.mjs';
import { signInOrder } from '../lib/chain.mjs';
import { rpc, startDevNode } from './lib/node.mjs';

let node;
let api;
let k;

const UNIT = 10n ** 12n;

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  const keys = devKeys(api.registry.chainSS58);
  k = {
    ...keys,
    user: keys.aliceStash, // seeded User, registered by Dave
    newcomer: keys.bobStash, // applies as Operator
    stranger: keys.daveStash, // never applies
    customer: keys.charlieStash,
    customer2: keys.eveStash,
  };
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

const profile = { name: 'Newcomer Fleet', registration: 'LEI-5493001KJTIIGC8Y1R12', contact: 'ops@newcomer.example' };

describe('membership', () => {
  it('lists the seeded consortium: one member per role', async () => {
    const expect = {
      Authority: k.alice, Manufacturer: k.bob, Logistics: k.charlie, Operator: k.dave,
      EnergyStation: k.eve, Recycler: k.ferdie, User: k.user,
    };
    for (const [role, key] of Object.entries(expect)) {
      const { result, error } = await rpc(node.url, 'battery_membersByRole', [role]);
      assert.equal(error, undefined, JSON.stringify(error));
      assert.ok(result.members.includes(key.address), `${role}: ${JSON.stringify(result)}`);
      const account = await rpc(node.url, 'battery_account', [key.address]);
      assert.ok(account.result.activeRoles.includes(role), `${role}: ${JSON.stringify(account.result)}`);
    }
    const dave = await rpc(node.url, 'battery_account', [k.dave.address]);
    assert.equal(dave.result.member.status, 'Active');
    assert.equal(dave.result.member.profile.name, 'Dave Fleet');
  });

  it('refuses an account that never applied (NotMember)', async () => {
    const r = await submit(api, api.tx.consortium.registerUser(k.customer.address), k.stranger);
    assert.equal(r.error, 'consortium.NotMember');
  });

  it('admits an applicant approved by sudo, holding its deposit, and the member then acts', async () => {
    const deposit = api.consts.consortium.applicationDeposit.toBigInt();
    assert.equal(deposit, 100n * UNIT);
    const before = (await api.query.system.account(k.newcomer.address)).data;

    // The application, then (before approval) an attempt to act, in one block.
    const newcomers = await signInOrder(api, k.newcomer, [
      api.tx.consortium.applyForRole('Operator', profile),
      api.tx.consortium.registerUser(k.customer.address),
    ]);
    const [applied, early] = await Promise.all(newcomers.map((tx) => submit(api, tx, k.newcomer)));
    assert.equal(applied.error, undefined);
    assert.ok(applied.events.some((e) => e.name === 'consortium.ApplicationSubmitted'));
    const held = (await api.query.system.account(k.newcomer.address)).data;
    assert.equal(held.reserved.toBigInt() - before.reserved.toBigInt(), deposit);

    // Before approval the applicant cannot act.
    assert.equal(early.error, 'consortium.NotMember');

    const approved = await submit(
      api, api.tx.sudo.sudo(api.tx.consortium.approveApplication(k.newcomer.address, 'Operator')), k.alice);
    assert.equal(approved.error, undefined);
    assert.ok(approved.events.some((e) => e.name === 'consortium.ApplicationApproved'));

    const acted = await submit(api, api.tx.consortium.registerUser(k.customer.address), k.newcomer);
    assert.equal(acted.error, undefined);
    const registered = acted.events.find((e) => e.name === 'consortium.UserRegistered');
    assert.ok(registered, acted.events.map((e) => e.name).join(', '));

    const account = await rpc(node.url, 'battery_account', [k.newcomer.address]);
    assert.deepEqual(account.result.activeRoles, ['Operator']);
    assert.equal(account.result.member.profile.registration, profile.registration);
    const customer = await rpc(node.url, 'battery_account', [k.customer.address]);
    assert.deepEqual(customer.result.activeRoles, ['User']);
    assert.deepEqual(customer.result.operators, [k.newcomer.address]);
  });

  it('refuses a member lacking the role (MissingRole) and a suspended one (MemberIsSuspended)', async () => {
    // One block: Bob's two attempts in order (the second below), the suspension.
    const bobs = await signInOrder(api, k.bob, [
      api.tx.consortium.registerUser(k.customer2.address),
      api.tx.consortium.resumeMember(k.newcomer.address),
    ]);
    const [wrongRole, notRoot, suspended] = await Promise.all([
      submit(api, bobs[0], k.bob),
      submit(api, bobs[1], k.bob),
      submit(api, api.tx.sudo.sudo(api.tx.consortium.suspendMember(k.newcomer.address)), k.alice),
    ]);
    assert.equal(wrongRole.error, 'consortium.MissingRole');

    assert.equal(suspended.error, undefined);
    assert.ok(suspended.events.some((e) => e.name === 'consortium.MemberSuspended'));
    const refused = await submit(api, api.tx.consortium.registerUser(k.customer2.address), k.newcomer);
    assert.equal(refused.error, 'consortium.MemberIsSuspended');
    const account = await rpc(node.url, 'battery_account', [k.newcomer.address]);
    assert.equal(account.result.member.status, 'Suspended');
    assert.deepEqual(account.result.activeRoles, []);

    // A non-approval origin cannot suspend.
    assert.equal(notRoot.error, 'BadOrigin');
  });
});

describe('reader keys', () => {
  it('registers and rotates a reader key for a member; refuses a stranger and a taken key', async () => {
    const first = readerKeyPair().public;
    const second = readerKeyPair().public;
    // One block: Dave's key and its rotation in order, the stranger's attempt.
    const daves = await signInOrder(api, k.dave, [
      api.tx.consortium.setReaderKey(first),
      api.tx.consortium.setReaderKey(second),
    ]);
    const [set, rotated, stranger] = await Promise.all([
      submit(api, daves[0], k.dave),
      submit(api, daves[1], k.dave),
      submit(api, api.tx.consortium.setReaderKey(readerKeyPair().public), k.stranger),
    ]);
    assert.equal(set.error, undefined);
    assert.ok(set.events.some((e) => e.name === 'consortium.ReaderKeySet'));
    assert.equal(rotated.error, undefined);
    const record = (await api.query.consortium.readerKeys(k.dave.address)).unwrap();
    assert.equal(record.current.toHex(), second);
    assert.deepEqual(record.retired.map((r) => r.key.toHex()), [first]);
    assert.equal((await api.query.consortium.readerKeyOwners(first)).unwrap().toString(), k.dave.address);
    assert.equal((await submit(api, api.tx.consortium.setReaderKey(first), k.bob)).error, 'consortium.ReaderKeyInUse');
    assert.equal(stranger.error, 'consortium.NotReader');
  });
});

describe('data scope', () => {
  const DEFAULT_MATRIX = {
    Public: ['Manufacturer', 'Logistics', 'Operator', 'User', 'EnergyStation', 'Recycler', 'Authority'],
    Factory: ['Manufacturer', 'Operator', 'User', 'Recycler', 'Authority'],
    Logistics: ['Logistics', 'Operator', 'Authority'],
    Usage: ['Operator', 'User', 'Recycler', 'Authority'],
    Maintenance: ['Operator', 'User', 'Recycler', 'Authority'],
    Refurbishment: ['Manufacturer', 'Recycler', 'Authority'],
    Charging: ['EnergyStation', 'Authority'],
  };

  it('serves the default scope matrix of the design', async () => {
    const { result, error } = await rpc(node.url, 'battery_scopeMatrix');
    assert.equal(error, undefined, JSON.stringify(error));
    const matrix = Object.fromEntries(result.map((row) => [row.category, [...row.roles].sort()]));
    for (const [category, roles] of Object.entries(DEFAULT_MATRIX)) {
      assert.deepEqual(matrix[category], [...roles].sort(), category);
    }
    const usage = result.find((row) => row.category === 'Usage');
    // Every role but the Authority reads only the batteries it is a party of.
    assert.deepEqual(usage.batteryScoped, ['Operator', 'User', 'Recycler']);
  });

  it('answers canRead per role, identically over battery_canRead and the runtime API', async () => {
    // No battery is registered under this id: nobody is a party of it, so only the public tier
    // is readable, for members and strangers alike (scope per battery: confidential.test.mjs).
    const battery = 'LGM50T21700NMC8110000001';
    const nothingPrivate = { Public: true, Factory: false, Logistics: false, Usage: false, Maintenance: false, Refurbishment: false, Charging: false };
    const expected = Object.fromEntries(
      ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie', 'user', 'stranger'].map((who) => [who, nothingPrivate]),
    );
    for (const [who, row] of Object.entries(expected)) {
      for (const [category, allowed] of Object.entries(row)) {
        const { result, error } = await rpc(node.url, 'battery_canRead', [k[who].address, battery, category]);
        assert.equal(error, undefined, JSON.stringify(error));
        assert.equal(result, allowed, `${who} reading ${category}`);
        const viaApi = await api.call.consortiumApi.canRead(k[who].address, battery, category);
        assert.equal(viaApi.isTrue, allowed, `${who} reading ${category} (runtime API)`);
      }
    }
  });

  it('rejects unknown roles and categories with a JSON-RPC error', async () => {
    const badRole = await rpc(node.url, 'battery_membersByRole', ['Pirate']);
    assert.ok(badRole.error);
    const badCategory = await rpc(node.url, 'battery_canRead', [k.alice.address, 'X', 'Secrets']);
    assert.ok(badCategory.error);
    const badAccount = await rpc(node.url, 'battery_account', ['not-an-address']);
    assert.ok(badAccount.error);
  });
});
