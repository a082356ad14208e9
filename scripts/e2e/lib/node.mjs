// Starts a battery-node dev chain on free loopback ports for one test file and stops it afterwards
// (also when a test fails or the runner is interrupted), so no node outlives the suite.

import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync,
  rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, nodeBinary } from '../../lib/local-node.mjs';
import { rpc } from '../../lib/rpc.mjs';

export { heights, rpc } from '../../lib/rpc.mjs';

export { freePort, nodeBinary } from '../../lib/local-node.mjs';

const running = new Set();
function killAll() {
  for (const child of running) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => { killAll(); process.exit(130); });
}

/**
 * Polls `check` every `intervalMs` until it returns a truthy value or `timeoutMs` passes; stops early
 * when `giveUp()` returns a reason.
 */
export async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 250, giveUp } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    const reason = giveUp?.();
    if (reason) throw new Error(`gave up waiting for ${what}: ${reason}`);
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/**
 * The `dev` chain spec of the node binary in raw form (`build-spec --chain dev --raw`), written
 * once per binary next to it (or to the temporary directory) and shared by the test files: a node started from
 * it has the very genesis of `--dev` (the same genesis hash) without building it from the preset,
 * which compiles and runs the runtime first: start-up takes a few seconds instead of ten or more
 * (more when several files start their nodes at once). One process writes it (a lock file); the
 * others wait for it.
 */
async function rawDevSpec() {
  const binary = nodeBinary();
  const { size, mtimeMs } = statSync(binary);
  const key = createHash('sha256').update(`${binary}\n${size}\n${mtimeMs}`).digest('hex').slice(0, 16);
  // Next to the binary (scripts/test.sh runs copies in a directory it removes afterwards); the
  // temporary directory if that is not writable. Specs of earlier builds there are removed.
  const dir = dirname(binary);
  let specDir = tmpdir();
  try {
    accessSync(dir, constants.W_OK);
    specDir = dir;
  } catch { /* read-only: the temporary directory */ }
  const name = `.battery-e2e-dev-spec-${key}.json`;
  for (const old of readdirSync(specDir)) {
    if (old.startsWith('.battery-e2e-dev-spec-') && old.endsWith('.json') && old !== name) rmSync(join(specDir, old), { force: true });
  }
  const file = join(specDir, name);
  const lock = `${file}.lock`;
  const build = async (to) => {
    const { stdout } = await promisify(execFile)(binary,
      ['build-spec', '--chain', 'dev', '--raw', '--disable-default-bootnode'], { maxBuffer: 256 * 1024 * 1024 });
    JSON.parse(stdout); // a whole spec, or an error here
    const part = `${to}.${process.pid}.part`;
    writeFileSync(part, stdout);
    renameSync(part, to);
    return to;
  };
  const deadline = Date.now() + 180_000;
  while (!existsSync(file)) {
    let fd;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another process builds it; a lock older than two minutes was left by one that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { force: true });
      } catch { /* gone meanwhile */ }
      if (Date.now() > deadline) return build(join(mkdtempSync(join(tmpdir(), 'battery-e2e-spec-')), 'dev.json'));
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (!existsSync(file)) await build(file);
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  return file;
}

/**
 * Starts `battery-node --dev --tmp` on free ports. Returns { url, wsUrl, logFile, stop() }.
 * The node's output goes to a log file that is printed when start-up fails. Unless `extraArgs`
 * name a `--chain`, the node runs the dev chain from its raw spec (`rawDevSpec`: the same
 * genesis, a faster start); `{ builtinSpec: true }` starts it from the built-in `dev` preset, as
 * `battery-node --dev` alone does.
 */
export async function startDevNode(extraArgs = [], { builtinSpec = false } = {}) {
  const chain = builtinSpec || extraArgs.includes('--chain') ? [] : ['--chain', await rawDevSpec()];
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'battery-e2e-'));
  const logFile = join(dir, 'node.log');
  const out = openSync(logFile, 'a');
  const args = [
    '--dev', '--tmp',
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
    '--no-prometheus', '--no-telemetry', '--no-mdns',
    '--rpc-cors', 'all',
    ...chain,
    ...extraArgs,
  ];
  const child = spawn(nodeBinary(), args, { stdio: ['ignore', out, out] });
  running.add(child);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));

  const url = `http://127.0.0.1:${rpcPort}`;
  const node = {
    url,
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    logFile,
    log: () => readFileSync(logFile, 'utf8'),
    /** Stops the node (SIGTERM, SIGKILL after 10 s); resolves to how it exited: { code, signal }. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  try {
    // Up to two minutes: when several test files start their nodes at once on a 2-core machine,
    // building the genesis state (the runtime wasm is compiled first) took 62 s once.
    await waitFor('the node RPC', async () => {
      const health = await rpc(url, 'system_health');
      return health.result !== undefined;
    }, {
      timeoutMs: 120_000,
      giveUp: () => (child.exitCode !== null ? `the node exited with code ${child.exitCode}` : undefined),
    });
  } catch (error) {
    await node.stop();
    throw new Error(`${error.message}\n--- node log ---\n${node.log().slice(-4000)}`);
  }
  return node;
}
