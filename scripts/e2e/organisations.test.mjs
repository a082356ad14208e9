// What organisations need, through @polkadot/api on a dev node this file starts itself: a fleet
// operator (Dave) gives a staff key a FleetStaff proxy, which assigns a battery as Dave but can
// neither move Dave's tokens nor add proxies; batch calls are all-or-nothing. (Multisig
// organisation accounts are tested in the runtime's tests, `organisations` module.)

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cellFactory, errorName, putInService, signInOrder } from '../lib/chain.mjs';
import { connect, devKeys, submit } from './lib/api.mjs';
import { startDevNode } from './lib/node.mjs';

const BATTERY = '03HPE0A2D000C7LB50000042';
const UNIT = 10n ** 12n;

let node;
let api;
let k;

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  const keys = devKeys(api.registry.chainSS58);
  k = { ...keys, user: keys.aliceStash, staff: keys.ferdieStash };
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** The result of the proxied call in `r`'s events: undefined (success) or the error's name. */
function proxyResult(r) {
  const executed = r.events.find((e) => e.name === 'proxy.ProxyExecuted');
  assert.ok(executed, `ProxyExecuted in ${r.events.map((e) => e.name)}`);
  const [result] = executed.event.data;
  return result.isErr ? errorName(api, result.asErr) : undefined;
}

describe('staff proxies and batches', () => {
  it('lets a FleetStaff key assign a battery as its operator, and nothing outside its calls', async () => {
    // Dave adds the proxy while Bob starts putting the battery in service (different signers,
    // one block).
    const [added] = await Promise.all([
      submit(api, api.tx.proxy.addProxy(k.staff.address, 'FleetStaff', 0), k.dave),
      putInService(api, k, BATTERY, cellFactory('BC-ORG-1', 'Plant 9')),
    ]);
    assert.equal(added.error, undefined, added.error);

    // The staff key's three proxied calls in this order, and Eve's attempt, in one block.
    const staffs = await signInOrder(api, k.staff, [
      api.tx.proxy.proxy(k.dave.address, null, api.tx.battery.assignUser(BATTERY, k.user.address)),
      api.tx.proxy.proxy(k.dave.address, null, api.tx.balances.transferKeepAlive(k.staff.address, UNIT)),
      api.tx.proxy.proxy(k.dave.address, null, api.tx.proxy.addProxy(k.eve.address, 'Any', 0)),
    ]);
    const [assign, transfer, escalate, notProxy] = await Promise.all([
      ...staffs.map((tx) => submit(api, tx, k.staff)),
      submit(api, api.tx.proxy.proxy(k.dave.address, null, api.tx.battery.unassignUser(BATTERY)), k.eve),
    ]);
    assert.equal(proxyResult(assign), undefined);
    assert.ok(assign.events.some((e) => e.name === 'battery.UserAssigned'));

    assert.equal(proxyResult(transfer), 'system.CallFiltered');
    assert.equal(proxyResult(escalate), 'system.CallFiltered');
    assert.equal(notProxy.error, 'proxy.NotProxy');
  });

  it('runs a batch all or nothing', async () => {
    const before = (await api.query.system.account(k.eve.address)).data.free.toBigInt();
    const failing = await submit(api, api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(k.eve.address, UNIT),
      api.tx.battery.transition(BATTERY, 'Recycled'),
    ]), k.bob);
    assert.ok(failing.error, 'the second call fails, so the batch does');
    assert.equal((await api.query.system.account(k.eve.address)).data.free.toBigInt(), before);
    const ok = await submit(api, api.tx.utility.batchAll([
      api.tx.balances.transferKeepAlive(k.eve.address, UNIT),
      api.tx.balances.transferKeepAlive(k.eve.address, UNIT),
    ]), k.bob);
    assert.equal(ok.error, undefined, ok.error);
    assert.equal((await api.query.system.account(k.eve.address)).data.free.toBigInt(), before + 2n * UNIT);
  });
});
