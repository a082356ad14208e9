// The write holes a consortium member with a valid role but the wrong battery would try, on a dev
// node this file starts itself: a second operator binds a BMS gateway to another operator's
// battery (refused, also through the approval origin); a gateway locks itself out with a maximal
// sequence (refused); operation moves and the previous operator's gateway is refused; a member
// holding batteries is neither suspended nor removed; a characterisation naming another chemistry
// than the passport's is refused. Every rejection is a typed error and the
// state reads the same afterwards.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { connect, devKeys, submit } from './lib/api.mjs';
import { giveNodeSecret, readerKeyPair, sealReadings } from '../lib/sealed.mjs';
import { cellFactory, inOrder, putInService, signInOrder, submitOrThrow } from '../lib/chain.mjs';
import { rpc, startDevNode, waitFor } from './lib/node.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CASES = process.env.SOCSOH_DIR || resolve(here, '../../testdata/socsoh');
const estimatorReplay = process.env.ESTIMATOR_REPLAY;
const UNIT = 10n ** 12n;
const BATTERY = '03HPE0A2D000C7LB50000077';

let node;
let api;
let k;
let configHex;

/** Submits and asserts success. */
const ok = (tx, signer, what) => submitOrThrow(api, tx, signer, what);

/** Submits and asserts the typed error. */
async function refused(tx, signer, error) {
  const r = await submit(api, tx, signer);
  assert.equal(r.error, error);
  return r;
}

const sudo = (call) => api.tx.sudo.sudo(call);

/** Waits (at most 60 s) until the off-chain worker has resulted every pending batch of BATTERY. */
const resulted = () => waitFor('the pending batches of BATTERY to be resulted',
  async () => (await api.query.telemetry.pendingBatches(BATTERY)).isNone, { intervalMs: 1000 });

before(async () => {
  node = await startDevNode();
  api = await connect(node.wsUrl);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  k = {
    ...devKeys(api.registry.chainSS58),
    gateway: keyring.addFromUri('//Dave//bms//hardening'),
    rogue: keyring.addFromUri('//Ferdie//bms//hardening'),
  };
  if (!estimatorReplay) throw new Error('ESTIMATOR_REPLAY is not set (scripts/test.sh sets it)');
  configHex = execFileSync(estimatorReplay,
    ['--spec', resolve(CASES, 'chen2020_us06_25c.json'), '--config-hex']).toString().trim();
  // Batches are sealed for Dave (the operator); the node's worker holds Dave's secret.
  const reader = readerKeyPair();
  await giveNodeSecret((method, params) => rpc(node.url, method, params).then((r) => r.result), reader.secret);
  // A second operator: Ferdie (the seeded recycler) is admitted as an Operator too (two blocks),
  // while Dave's battery is put in service (three blocks: Bob's steps and his characterisation,
  // Charlie's, Dave's steps and his gateway and reader key).
  const profile = { name: 'Ferdie Fleet', registration: 'REG-F', contact: 'f@example.org' };
  await Promise.all([
    (async () => {
      await inOrder(api, k.ferdie, [[api.tx.consortium.applyForRole('Operator', profile), 'apply'],
        [api.tx.balances.transferKeepAlive(k.rogue.address, 100n * UNIT), 'fund rogue']]);
      await ok(sudo(api.tx.consortium.approveApplication(k.ferdie.address, 'Operator')), k.alice, 'approve');
    })(),
    putInService(api, k, BATTERY, cellFactory('HARDENING-CELL', 'Test plant'), {
      bob: [[api.tx.telemetry.setCharacterisation(BATTERY, configHex, 0, 450), 'characterisation']],
      dave: [[api.tx.consortium.registerDevice(k.gateway.address, 'BmsGateway', BATTERY), 'gateway'],
        [api.tx.consortium.setReaderKey(reader.public), 'reader key'],
        [api.tx.balances.transferKeepAlive(k.gateway.address, 100n * UNIT), 'fund gateway']],
    }),
  ]);
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

/** A one-sample batch `sequence` starting `ageMs` before the chain's time, sealed for the Usage scope. */
async function batch(sequence, ageMs) {
  const now = (await api.query.timestamp.now()).toNumber();
  const recipients = (await rpc(node.url, 'battery_sealingKeys', [BATTERY, 'Usage', null])).result;
  const sealed = sealReadings(BATTERY, [{ currentMa: 1_000, voltageMv: 3_700, tempDecic: 250 }], recipients);
  return api.tx.telemetry.submitBatch(BATTERY, sequence, now - ageMs, 1_000, 1, sealed);
}

describe('write authority follows custody', () => {
  it('refuses a gateway of another operator for the battery, also through the approval origin', async () => {
    // One block: Ferdie's two attempts in order, the approval origin's.
    const ferdies = await signInOrder(api, k.ferdie, [
      api.tx.consortium.registerDevice(k.rogue.address, 'BmsGateway', BATTERY),
      // A battery that does not exist.
      api.tx.consortium.registerDevice(k.rogue.address, 'BmsGateway', '03HPE0A2D000C7LB59999999'),
    ]);
    await Promise.all([
      refused(ferdies[0], k.ferdie, 'consortium.NotSubjectOperator'),
      refused(sudo(api.tx.consortium.forceRegisterDevice(k.ferdie.address, k.rogue.address, 'BmsGateway', BATTERY)),
        k.alice, 'consortium.NotSubjectOperator'),
      refused(ferdies[1], k.ferdie, 'consortium.UnknownSubject'),
    ]);
    assert.ok((await api.query.consortium.devices(k.rogue.address)).isNone, 'no device was registered');
  });

  it("refuses a characterisation whose chemistry is not the passport's", async () => {
    const config = api.tx.telemetry.setCharacterisation(BATTERY, configHex, 0, 450).method.args[1].toJSON();
    const before = (await api.query.telemetry.characterisations(BATTERY)).toHex();
    await refused(api.tx.telemetry.setCharacterisation(BATTERY, { ...config, chemistry: 'Lfp' }, 0, 450), k.bob,
      'telemetry.ChemistryMismatch');
    assert.equal((await api.query.telemetry.characterisations(BATTERY)).toHex(), before, 'nothing was written');
  });

  it("refuses a maximal sequence that would lock the operator's gateway out", async () => {
    await refused(await batch('18446744073709551615', 600_000), k.gateway, 'telemetry.SequenceGapTooLarge');
    assert.ok((await api.query.telemetry.telemetry(BATTERY)).isNone, 'nothing was recorded');
    await ok(await batch(1, 600_000), k.gateway, 'batch 1');
    await resulted();
  });

  it("refuses the previous operator's gateway once operation moves", async () => {
    await ok(api.tx.battery.offerCustody(BATTERY, k.ferdie.address), k.dave, 'offer to Ferdie');
    // The new operator takes it and binds its own gateway, in one block.
    await inOrder(api, k.ferdie, [[api.tx.battery.acceptCustody(BATTERY), 'Ferdie accepts'],
      [api.tx.consortium.registerDevice(k.rogue.address, 'BmsGateway', BATTERY), 'new gateway']]);
    const before = (await api.query.telemetry.telemetry(BATTERY)).toHex();
    // In one block: the previous operator's gateway is refused; the new gateway reports, sealed
    // for the new operator: nobody in the Usage scope has a key until Ferdie registers one (the
    // Authority has none here).
    await Promise.all([
      refused(await batch(2, 300_000), k.gateway, 'telemetry.GatewayOwnerNotOperator'),
      refused(await batch(2, 300_000), k.rogue, 'telemetry.NoRecipients'),
    ]);
    assert.equal((await api.query.telemetry.telemetry(BATTERY)).toHex(), before, 'state unchanged');
    await ok(api.tx.consortium.setReaderKey(readerKeyPair().public), k.ferdie, 'Ferdie reader key');
    await ok(await batch(2, 300_000), k.rogue, 'batch 2 by the new gateway');
  });
});

describe('no stranded batteries', () => {
  it('neither suspends nor removes a member that holds batteries', async () => {
    // Alice's three calls in this order, in one block.
    const alices = await signInOrder(api, k.alice, [
      sudo(api.tx.consortium.suspendMember(k.ferdie.address)),
      sudo(api.tx.consortium.revokeDevice(k.rogue.address)),
      sudo(api.tx.consortium.removeMember(k.ferdie.address, false)),
    ]);
    await Promise.all([
      refused(alices[0], k.alice, 'consortium.MemberHoldsBatteries'),
      ok(alices[1], k.alice, 'revoke gateway'),
      refused(alices[2], k.alice, 'consortium.MemberHoldsBatteries'),
    ]);
    const account = await rpc(node.url, 'battery_account', [k.ferdie.address]);
    assert.equal(account.result.member.status, 'Active', JSON.stringify(account.result));
    // Once the batteries are handed over, the member can be suspended.
    await ok(api.tx.battery.offerCustody(BATTERY, k.dave.address), k.ferdie, 'hand back');
    await ok(api.tx.battery.acceptCustody(BATTERY), k.dave, 'Dave accepts');
    await ok(sudo(api.tx.consortium.suspendMember(k.ferdie.address)), k.alice, 'suspend');
  });
});
