// Bounded work of the `battery_*` RPC methods, on a dev node this file starts itself. Every
// battery_* method the node lists in `rpc_methods` must have a case below (a method added later
// fails this file until it gets one). For each string parameter of each method it sends a 400 KB
// string, a string one byte longer than the longest valid form of its kind, malformed values (bad
// base58, bad hex, wrong checksum, unknown names, numbers, objects, arrays) and, per method, too many
// parameters and an unknown parameter name: each must answer a JSON-RPC error (never a result)
// within CALL_BOUND_MS, and the node must still answer `system_health` afterwards. One valid call
// per method must still reach the runtime and answer normally.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { devKeys } from './lib/api.mjs';
import { rpc, startDevNode } from './lib/node.mjs';

/** Upper bound of one answer (before the bounds, a 400 KB account took 39 s). */
const CALL_BOUND_MS = 2_000;
/** A stuck call is abandoned after this long, so a regression fails instead of hanging. */
const ABORT_MS = 15_000;
/** JSON-RPC error codes of node/src/rpc/util.rs. */
const INVALID_PARAM = 2;
const DOMAIN_ERRORS = new Set([3, 4, 5, 6]); // unknown battery, not in scope, invalid battery id, passport incomplete
const HUGE = 400 * 1024;

// Longest valid form of each kind of text parameter (node/src/rpc/util.rs `Kind`).
const MAX = {
  account: 66, // `0x` + 64 hex digits (an SS58 address is at most 49 characters)
  ss58: 49,
  batteryId: 64, // the bound of BatteryId
  role: 'EnergyStation'.length,
  category: 'Refurbishment'.length,
  blockHash: 66,
  batch: 'BATCH-'.length + 20, // the 20 digits of u64::MAX
  evse: 48, // MAX_EVSE_ID_LEN
  position: 24, // geo::MAX_POSITION_TEXT_LEN
  standard: 'Iec62196T2'.length,
  model: 64, // MAX_MODEL_LEN
};

let node;
let valid; // a valid value per kind, filled in before()
let ss58Address;

// The parameters of every battery_* method, in order: [name, kind, required].
const AT = ['at', 'blockHash', false];
const BATTERY = ['battery', 'batteryId', true];
const START_AFTER = ['startAfter', 'account', false];
const LIMIT = ['limit', 'limit', false];
const METHODS = {
  battery_info: [AT],
  battery_account: [['account', 'account', true], AT],
  battery_membersByRole: [['role', 'role', true], START_AFTER, LIMIT, AT],
  battery_devicesOf: [['owner', 'account', true], START_AFTER, LIMIT, AT],
  battery_scopeMatrix: [AT],
  battery_canRead: [['account', 'account', true], BATTERY, ['category', 'category', true], AT],
  battery_sealingKeys: [BATTERY, ['category', 'category', true], ['author', 'account', false], AT],
  battery_passport: [BATTERY, AT],
  battery_passportModel: [['operator', 'account', true], ['model', 'model', true], AT],
  battery_passportExport: [BATTERY, AT],
  battery_custody: [BATTERY, AT],
  battery_usage: [BATTERY, AT],
  battery_maintenance: [BATTERY, AT],
  battery_accidents: [BATTERY, AT],
  battery_custodyHistory: [BATTERY, ['start', 'index', false], LIMIT, AT],
  battery_shipment: [['batch', 'batch', true], AT],
  battery_shipmentsOf: [BATTERY, AT],
  battery_pile: [['evse', 'evse', true], AT],
  battery_piles: [['near', 'position', true], ['radiusM', 'limit', false], ['standard', 'standard', false],
    ['minPowerW', 'limit', false], ['start', 'index', false], LIMIT, AT],
  battery_session: [['id', 'sessionId', true], AT],
  battery_sessionsOf: [['account', 'account', true], ['start', 'index', false], LIMIT, AT],
  battery_cdr: [['id', 'sessionId', true], AT],
  battery_recycling: [BATTERY, AT],
  battery_lineage: [BATTERY, AT],
  battery_checkId: [BATTERY, AT],
  battery_health: [BATTERY, AT],
  battery_twin: [BATTERY, AT],
  battery_telemetrySummary: [BATTERY, AT],
};

/** A string of `n` bytes made of `c` (base58 and hex digits keep the parsers busy longest). */
const text = (n, c = 'z') => c.repeat(n);

/** Oversized values of a text kind: [label, value, expected maximum in the error]. */
function oversized(kind) {
  const cases = [[`400 KB`, text(HUGE), kind === 'account' ? MAX.ss58 : MAX[kind]]];
  if (kind === 'account') {
    cases.push(['400 KB hex', `0x${text(HUGE, 'a')}`, MAX.account]);
    cases.push(['hex one byte too long', `0x${text(MAX.account - 1, 'a')}`, MAX.account]);
    cases.push(['SS58 one byte too long', text(MAX.ss58 + 1), MAX.ss58]);
  } else if (kind === 'blockHash') {
    cases.push(['one byte too long', `0x${text(MAX.blockHash - 1, 'a')}`, MAX.blockHash]);
  } else if (kind === 'role') {
    cases.push(['one byte too long', 'EnergyStationX', MAX.role]);
  } else if (kind === 'category') {
    cases.push(['one byte too long', 'RefurbishmentX', MAX.category]);
  } else {
    cases.push(['one byte too long', text(MAX[kind] + 1, 'A'), MAX[kind]]);
  }
  return cases;
}

/** Malformed values of a kind that must be an error whatever else the call holds. */
function malformed(kind, required) {
  const wrongTypes = [['a number', 42], ['an object', { a: 1 }], ['an array', ['x']], ['a boolean', true]];
  if (required) wrongTypes.push(['null', null]);
  switch (kind) {
    case 'account': {
      const last = ss58Address.at(-1) === 'a' ? 'b' : 'a';
      return [
        ['bad base58', 'not-an-address'],
        ['base58 of the wrong length', 'zzzz'],
        ['a wrong checksum', `${ss58Address.slice(0, -1)}${last}`],
        ['bad hex', `0x${'zz'.repeat(32)}`],
        ['short hex', '0x1234'],
        ['empty', ''],
        ...wrongTypes,
      ];
    }
    case 'blockHash':
      return [
        ['bad hex', `0x${'zz'.repeat(32)}`],
        ['short hex', '0x1234'],
        ['an unknown block', `0x${'00'.repeat(32)}`],
        ...wrongTypes,
      ];
    case 'role':
      return [['an unknown name', 'Pirate'], ['wrong case', 'operator'], ['empty', ''], ...wrongTypes];
    case 'category':
      return [['an unknown name', 'Secrets'], ['wrong case', 'usage'], ['empty', ''], ...wrongTypes];
    case 'limit':
    case 'index':
      return [['a string', '10'], ['negative', -1], ['above u32', 2 ** 40], ['an object', {}], ['an array', [1]]];
    case 'position':
      return [['not a position', 'x,y'], ['off the globe', '91,0'], ['too many decimals', '1.12345678,0'],
        ['not a geohash', 'abc'], ['empty', ''], ...wrongTypes];
    case 'standard':
      return [['an unknown name', 'Type9'], ['wrong case', 'ccs2'], ['empty', ''], ...wrongTypes];
    case 'sessionId': // a u64: 2^40 is a valid id
      return [['a string', '10'], ['negative', -1], ['a fraction', 1.5], ['an object', {}], ['an array', [1]], ['null', null]];
    case 'batch':
      return [['lower case', 'batch-0000000001'], ['no digits', 'BATCH-'], ['hex', '0x2a'], ['empty', ''],
        ['beyond u64', '99999999999999999999'], ...wrongTypes];
    default: // battery ids are opaque text: only the JSON type can be wrong
      return wrongTypes;
  }
}

/**
 * Sends one request with `params` (omitted when undefined) and resolves
 * { ms, result, error } or rejects on a transport failure or after ABORT_MS.
 */
async function timedCall(method, params) {
  const body = { jsonrpc: '2.0', id: 1, method };
  if (params !== undefined) body.params = params;
  const started = performance.now();
  const response = await fetch(node.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(ABORT_MS),
  });
  const json = await response.json();
  return { ms: performance.now() - started, ...json };
}

/** Asserts `method(params)` answers an error (optionally with `code`) within the bound. */
async function assertError(method, params, label, code) {
  const answer = await timedCall(method, params);
  const what = `${method} ${label}`;
  assert.equal(answer.result, undefined, `${what}: answered a result ${JSON.stringify(answer.result)}`);
  assert.ok(answer.error, `${what}: no error in ${JSON.stringify(answer).slice(0, 300)}`);
  assert.ok(answer.ms < CALL_BOUND_MS, `${what}: answered in ${answer.ms.toFixed(0)} ms`);
  if (code !== undefined) assert.equal(answer.error.code, code, `${what}: ${JSON.stringify(answer.error)}`);
  return answer;
}

/** Valid positional parameters of `method`: every required one, optional ones left out. */
function validParams(method) {
  return METHODS[method].filter(([, , required]) => required).map(([, kind]) => valid[kind]);
}

/** `method`'s valid parameters with the one at `index` replaced by `value` (nulls before it). */
function withParam(method, index, value) {
  const params = METHODS[method].map(([, kind, required]) => (required ? valid[kind] : null));
  params[index] = value;
  return params.slice(0, index + 1).concat(params.slice(index + 1).filter((p) => p !== null));
}

before(async () => {
  node = await startDevNode();
  await cryptoWaitReady();
  const info = await rpc(node.url, 'battery_info');
  const keys = devKeys(info.result.ss58Format);
  ss58Address = keys.alice.address;
  const genesis = await rpc(node.url, 'chain_getBlockHash', [0]);
  valid = {
    account: ss58Address,
    batteryId: '03HPE0A2D000C7LB50000081',
    role: 'Operator',
    category: 'Usage',
    blockHash: genesis.result,
    limit: 10,
    index: 0,
    sessionId: 0,
    batch: 'BATCH-0000000001',
    evse: 'DE*ABC*E000001*1',
    position: '48.1351,11.582',
    standard: 'Ccs2',
    model: 'BC-NMC-75',
    hexAccount: u8aToHex(keys.alice.publicKey),
  };
});

after(async () => {
  await node?.stop();
});

describe('bounded battery_* RPC work', () => {
  it('has a case for every battery_* method the node serves', async () => {
    const { result, error } = await rpc(node.url, 'rpc_methods');
    assert.equal(error, undefined, JSON.stringify(error));
    const served = result.methods.filter((name) => name.startsWith('battery_')).sort();
    const missing = served.filter((name) => !METHODS[name]);
    assert.deepEqual(missing, [], `battery_* methods without a case in rpc-bounds.test.mjs: ${missing}`);
    const gone = Object.keys(METHODS).filter((name) => !served.includes(name));
    assert.deepEqual(gone, [], `cases for methods the node does not serve: ${gone}`);
  });

  it('answers one valid call per method normally', async () => {
    for (const method of Object.keys(METHODS)) {
      const answer = await timedCall(method, validParams(method));
      // Unknown battery / not in scope are the runtime's answer about a battery the dev chain
      // does not have: the call got through the bounds and the parsers.
      const ok = answer.error === undefined || DOMAIN_ERRORS.has(answer.error.code);
      assert.ok(ok, `${method}: ${JSON.stringify(answer.error)}`);
      assert.ok(answer.ms < CALL_BOUND_MS, `${method}: answered in ${answer.ms.toFixed(0)} ms`);
    }
    // Every optional parameter given, with values of the longest valid length.
    const members = await timedCall('battery_membersByRole', ['EnergyStation', valid.hexAccount, 5, valid.blockHash]);
    assert.equal(members.error, undefined, JSON.stringify(members.error));
    const devices = await timedCall('battery_devicesOf', [valid.hexAccount, valid.account, 5, valid.blockHash]);
    assert.equal(devices.error, undefined, JSON.stringify(devices.error));
    const canRead = await timedCall('battery_canRead', [valid.hexAccount, text(MAX.batteryId, 'A'), 'Refurbishment', valid.blockHash]);
    assert.equal(canRead.error, undefined, JSON.stringify(canRead.error));
    // By name, camelCase and snake_case.
    const byName = await timedCall('battery_membersByRole', { role: 'User', startAfter: null, limit: 3 });
    assert.equal(byName.error, undefined, JSON.stringify(byName.error));
    const snake = await timedCall('battery_devicesOf', { owner: valid.account, start_after: valid.account });
    assert.equal(snake.error, undefined, JSON.stringify(snake.error));
    const account = await timedCall('battery_account', [valid.hexAccount]);
    assert.ok(account.result.activeRoles.includes('Authority'), JSON.stringify(account));
  });

  it('refuses every oversized text parameter on its length, naming the parameter and its maximum', async () => {
    for (const [method, params] of Object.entries(METHODS)) {
      for (const [index, [name, kind]] of params.entries()) {
        if (kind === 'limit' || kind === 'index' || kind === 'sessionId') continue;
        for (const [label, value, max] of oversized(kind)) {
          const { error } = await assertError(method, withParam(method, index, value), `${name}: ${label}`, INVALID_PARAM);
          assert.equal(error.message, `invalid ${name}: longer than ${max} bytes`, `${method} ${name} ${label}`);
        }
        // The same by name.
        const byName = Object.fromEntries(
          params.filter(([, , required]) => required).map(([n, k]) => [n, valid[k]]));
        byName[name] = text(HUGE);
        await assertError(method, byName, `${name}: 400 KB by name`, INVALID_PARAM);
      }
    }
  });

  it('answers malformed parameters with an error', async () => {
    for (const [method, params] of Object.entries(METHODS)) {
      for (const [index, [name, kind, required]] of params.entries()) {
        for (const [label, value] of malformed(kind, required)) {
          await assertError(method, withParam(method, index, value), `${name}: ${label}`);
        }
      }
    }
  });

  it('answers too many, missing, unknown and non-list parameters with an error', async () => {
    for (const [method, params] of Object.entries(METHODS)) {
      const all = params.map(([, kind]) => valid[kind]);
      await assertError(method, [...all, 'surplus'], 'one parameter too many', INVALID_PARAM);
      await assertError(method, [...all, ...all], 'twice the parameters', INVALID_PARAM);
      await assertError(method, { ...Object.fromEntries(params.map(([n, k]) => [n, valid[k]])), extra: 1 },
        'an unknown parameter name', INVALID_PARAM);
      await assertError(method, 'not-a-list', 'params as a string');
      if (params.some(([, , required]) => required)) await assertError(method, [], 'no parameters');
    }
  });

  it('stays responsive under a burst of oversized calls and goes on answering', async () => {
    const burst = Array.from({ length: 16 }, () => timedCall('battery_account', [text(HUGE)]));
    const started = performance.now();
    const answers = await Promise.all(burst);
    const elapsed = performance.now() - started;
    for (const answer of answers) assert.equal(answer.error?.code, INVALID_PARAM, JSON.stringify(answer).slice(0, 300));
    assert.ok(elapsed < 4 * CALL_BOUND_MS, `16 concurrent 400 KB calls took ${elapsed.toFixed(0)} ms`);
    const health = await timedCall('system_health', []);
    assert.ok(health.result, JSON.stringify(health));
    assert.ok(health.ms < CALL_BOUND_MS, `system_health answered in ${health.ms.toFixed(0)} ms`);
    const info = await timedCall('battery_info', []);
    assert.equal(info.error, undefined, JSON.stringify(info.error));
  });
});
