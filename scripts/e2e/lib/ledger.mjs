// Submitting extrinsics while keeping the books: every fee an account paid (actual fee after the
// weight refund, plus tip, from `transactionPayment.TransactionFeePaid`) is summed per address, so
// a test can check that a free balance moved by exactly the amounts the chain paid or held, and
// its fees.

import assert from 'node:assert/strict';
import { submit } from './api.mjs';

/**
 * The ledger of `api`: `send(tx, signer)` submits and records the fee, `ok(tx, signer, event?)`
 * also asserts success (and the event), `refused(tx, signer, error, what)` asserts the error,
 * `feesOf(pair)` is the sum so far, `balance(pair)` is `{ free, reserved, fees }` (bigints).
 */
export function ledger(api) {
  const fees = new Map();

  async function send(tx, signer) {
    const outcome = await submit(api, tx, signer);
    for (const { name, event } of outcome.events) {
      if (name !== 'transactionPayment.TransactionFeePaid') continue;
      const who = event.data.who.toString();
      const fee = event.data.actualFee.toBigInt() + event.data.tip.toBigInt();
      fees.set(who, (fees.get(who) ?? 0n) + fee);
    }
    return outcome;
  }

  async function ok(tx, signer, event) {
    const outcome = await send(tx, signer);
    assert.equal(outcome.error, undefined, `${event ?? 'call'}: ${outcome.error}`);
    if (event) assert.ok(outcome.events.some((e) => e.name === event), `${event} in ${outcome.events.map((e) => e.name)}`);
    return outcome;
  }

  async function refused(tx, signer, error, what) {
    const outcome = await send(tx, signer);
    assert.equal(outcome.error, error, what);
    return outcome;
  }

  const feesOf = (pair) => fees.get(pair.address) ?? 0n;

  async function balance(pair) {
    const { data } = await api.query.system.account(pair.address);
    return { free: data.free.toBigInt(), reserved: data.reserved.toBigInt(), fees: feesOf(pair) };
  }

  return { send, ok, refused, feesOf, balance };
}

/** The data of the first event `name` of an outcome. */
export function eventData(outcome, name) {
  const found = outcome.events.find((e) => e.name === name);
  assert.ok(found, `${name} in ${outcome.events.map((e) => e.name)}`);
  return found.event.data;
}

/** The amount `pair` has on hold for `pallet`'s hold reason `reason` (a bigint). */
export async function heldFor(api, pair, pallet, reason) {
  const holds = await api.query.balances.holds(pair.address);
  return holds
    .filter((hold) => {
      const [[name, why]] = Object.entries(hold.id.toHuman());
      return name.toLowerCase() === pallet.toLowerCase() && why === reason;
    })
    .reduce((sum, hold) => sum + hold.amount.toBigInt(), 0n);
}
