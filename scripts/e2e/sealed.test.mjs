// Sealed records, one format on both sides: envelopes sealed by the JS helper (scripts/lib/sealed.mjs,
// tweetnacl) open with the `battery-seal` CLI (Rust, RustCrypto) and the other way round; grants
// made on one side open on the other; outsiders and tampered envelopes are refused on both. No
// node is started: this is the format every sealing pallet, the worker and the tools share.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { u8aToString } from '@polkadot/util';
import { grant, open, readerKeyPair, seal } from '../lib/sealed.mjs';

const cli = process.env.BATTERY_SEAL;
if (!cli) throw new Error('BATTERY_SEAL is not set (scripts/test.sh sets it to the battery-seal binary)');

const BATTERY = '03HPE0A2D000C7LB50000001';

/** Runs battery-seal with `args`, `input` on stdin and `secret` in BATTERY_SEAL_SECRET. */
function run(args, input = '', secret = undefined) {
  const env = { ...process.env };
  if (secret) env.BATTERY_SEAL_SECRET = secret; else delete env.BATTERY_SEAL_SECRET;
  const r = spawnSync(cli, args, { input, env });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

const cliKey = () => JSON.parse(execFileSync(cli, ['keygen']).toString());

describe('sealed records: JS and Rust share one format', () => {
  const operator = readerKeyPair();
  const authority = cliKey();
  const outsider = cliKey();
  const newcomer = cliKey();

  it('a JS-sealed record opens with the CLI for its readers only', () => {
    const envelope = seal('Maintenance', BATTERY, 'MARKER-replaced-module-3', [operator.public, authority.public]);
    assert.ok(!JSON.stringify(envelope).includes('MARKER'), 'no plaintext in the envelope');
    const opened = run(['open'], JSON.stringify(envelope), authority.secret);
    assert.equal(opened.status, 0, opened.stderr);
    assert.equal(opened.stdout, 'MARKER-replaced-module-3');
    assert.equal(u8aToString(open(envelope, operator.secret)), 'MARKER-replaced-module-3');
    const refused = run(['open'], JSON.stringify(envelope), outsider.secret);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /NotARecipient/);
  });

  it('a CLI-sealed record opens in JS; a JS grant lets a newcomer open it with the CLI', () => {
    const sealed = run(['seal', '--category', 'Usage', '--battery', BATTERY, '--reader', operator.public],
      'MARKER-running-mode-Economy');
    assert.equal(sealed.status, 0, sealed.stderr);
    const envelope = JSON.parse(sealed.stdout);
    assert.equal(u8aToString(open(envelope, operator.secret)), 'MARKER-running-mode-Economy');
    assert.equal(run(['open'], sealed.stdout, newcomer.secret).status, 1);
    const granted = { ...envelope, readers: [...envelope.readers, ...grant(envelope, operator.secret, [newcomer.public])] };
    const opened = run(['open'], JSON.stringify(granted), newcomer.secret);
    assert.equal(opened.status, 0, opened.stderr);
    assert.equal(opened.stdout, 'MARKER-running-mode-Economy');
  });

  it('a CLI grant opens in JS', () => {
    const envelope = seal('Logistics', BATTERY, 'MARKER-route', [authority.public]);
    const wraps = run(['grant', '--to', operator.public], JSON.stringify(envelope), authority.secret);
    assert.equal(wraps.status, 0, wraps.stderr);
    const granted = { ...envelope, readers: [...envelope.readers, ...JSON.parse(wraps.stdout)] };
    assert.equal(u8aToString(open(granted, operator.secret)), 'MARKER-route');
    // An outsider cannot grant itself in.
    assert.equal(run(['grant', '--to', outsider.public], JSON.stringify(envelope), outsider.secret).status, 1);
  });

  it('refuses tampered and moved envelopes on both sides', () => {
    const envelope = seal('Maintenance', BATTERY, 'MARKER-inspection', [operator.public, authority.public]);
    const flipped = structuredClone(envelope);
    const c = flipped.body.Inline.ciphertext;
    flipped.body.Inline.ciphertext = `${c.slice(0, 80)}${c[80] === '0' ? '1' : '0'}${c.slice(81)}`;
    assert.throws(() => open(flipped, operator.secret), /BadCiphertext/);
    assert.match(run(['open'], JSON.stringify(flipped), authority.secret).stderr, /BadCiphertext/);
    const moved = { ...envelope, battery: '03HPE0A2D000C7LB50000002' };
    assert.throws(() => open(moved, operator.secret), /CommitmentMismatch/);
    assert.match(run(['open'], JSON.stringify(moved), authority.secret).stderr, /CommitmentMismatch/);
  });
});
