// The benchmark's own dev node: a fresh chain in a temporary base path on free loopback ports,
// its log in a file (parsed for block authoring times), its resident memory from /proc. Stopped
// with the benchmark, also when it fails or is interrupted.

import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, nodeBinary } from '../local-node.mjs';
import { memoryCgroup } from './cgroup.mjs';

export { nodeBinary };

const children = new Map();
process.on('exit', () => {
  for (const [child, { dir, cgroup }] of children) {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
    rmSync(join(dir, 'chain'), { recursive: true, force: true });
    // the killed node leaves its cgroup a moment later: removed if it already has
    cgroup?.remove?.();
  }
});

async function rpcAnswers(url) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
    });
    return (await response.json()).result !== undefined;
  } catch {
    return false;
  }
}

/**
 * Starts `battery-node --dev` on a fresh temporary base path (removed by `stop`), with the pool
 * and RPC bounds the load needs; with `memoryLimitMb`, in a memory cgroup of that limit (MB)
 * (`cgroup.mjs`; `node.cgroup` says whether it was applied). Returns { pid, url, wsUrl, logFile,
 * cgroup, log(), stop() }.
 */
export async function startBenchNode({ poolLimit = 20_000, poolKbytes = 262_144, extraArgs = [], memoryLimitMb } = {}) {
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'battery-bench-'));
  const logFile = join(dir, 'node.log');
  const out = openSync(logFile, 'a');
  const args = [
    '--dev', '--base-path', join(dir, 'chain'),
    '--rpc-port', String(rpcPort), '--port', String(p2pPort),
    '--no-prometheus', '--no-telemetry', '--no-mdns', '--rpc-cors', 'all',
    // Off-chain indexing hands telemetry batches to the estimator worker (on by default in
    // battery-node; explicit here, as the e2e telemetry set-up has it).
    '--enable-offchain-indexing', 'true',
    '--pool-limit', String(poolLimit), '--pool-kbytes', String(poolKbytes),
    '--rpc-max-connections', '1000', '--rpc-max-request-size', '64', '--rpc-max-response-size', '64',
    '--rpc-message-buffer-capacity-per-connection', '4096',
    ...extraArgs,
  ];
  const cgroup = memoryLimitMb ? memoryCgroup(memoryLimitMb) : undefined;
  const [command, commandArgs] = cgroup?.wrap ? cgroup.wrap(nodeBinary(), args) : [nodeBinary(), args];
  const child = spawn(command, commandArgs, { stdio: ['ignore', out, out] });
  children.set(child, { dir, cgroup });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    children.delete(child);
    cgroup?.remove?.();
    resolve({ code, signal });
  }));
  const url = `http://127.0.0.1:${rpcPort}`;
  const node = {
    pid: child.pid,
    args,
    url,
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    dir,
    logFile,
    cgroup,
    /** Resolves to { code, signal } when the node process exits. */
    exited,
    log: () => readFileSync(logFile, 'utf8'),
    alive: () => child.exitCode === null && child.signalCode === null,
    /** Stops the node (SIGTERM, SIGKILL after 20 s) and removes its base path unless `keep`. */
    async stop({ keep = false } = {}) {
      if (node.alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      if (!keep) rmSync(join(dir, 'chain'), { recursive: true, force: true });
      return exited;
    },
  };
  const deadline = Date.now() + 180_000;
  while (!(await rpcAnswers(url))) {
    if (!node.alive()) throw new Error(`the node exited before its RPC answered\n${node.log().slice(-3000)}`);
    if (Date.now() > deadline) {
      await node.stop();
      throw new Error(`the node's RPC did not answer within 180 s\n${node.log().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return node;
}

/**
 * Resident memory of process `pid` in KiB from /proc/PID/status: { rss, anon, file } (VmRSS and
 * its anonymous and file-backed parts: heap against mapped database files), or undefined when gone.
 */
export function memoryKib(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n');
    const field = (name) => {
      const line = status.find((l) => l.startsWith(`${name}:`));
      return line ? Number(line.split(/\s+/)[1]) : undefined;
    };
    const rss = field('VmRSS');
    return rss === undefined ? undefined : { rss, anon: field('RssAnon'), file: field('RssFile') };
  } catch {
    return undefined;
  }
}

/**
 * The node log's block proposals (sc_basic_authorship, info level): "Prepared block for proposing
 * at N (X ms) … end: REASON; extrinsics_count: C", as { number, ms, end, extrinsics } by number
 * (the last proposal of a number wins).
 */
export function authoringTimes(logText) {
  const byNumber = new Map();
  const re = /Prepared block for proposing at (\d+) \((\d+) ms\)[^\n]*?end: (\w+)[^\n]*?extrinsics_count: (\d+)/g;
  for (const m of logText.matchAll(re)) {
    byNumber.set(Number(m[1]), { number: Number(m[1]), ms: Number(m[2]), end: m[3], extrinsics: Number(m[4]) });
  }
  return byNumber;
}
