#!/usr/bin/env node
// Throughput benchmark of battery-chain (issue 17): starts a fresh dev node of its own and
// measures, in one run and side by side with signed transfers as the anchor:
//
//   1. signed `balances.transferKeepAlive` per second, and how full their blocks were;
//   2. battery registrations per second (`battery.registerBatteries`, full lots) and the weight of
//      a battery against a transfer's (target: at most 0.1);
//   3. telemetry samples accepted per second in sealed batches of the largest size, and the share
//      of the normal class's block-length bound they use (target: at least 80 %);
//   4. full charging sessions per second (request, start, stop with settlement) on many piles;
//   5. the latency in blocks from a telemetry batch to the off-chain estimator's result, under
//      the full telemetry load of 3;
//   6. the authoring time of full blocks (the node log's "Prepared block for proposing");
//   7. the node's resident memory over a sustained telemetry load.
//
//   node scripts/bench.mjs [--quick] [--sustain SECONDS] [--json FILE] [--markdown FILE]
//        [--only transfers,registrations,charging,telemetry] [--url WS --pid PID --log FILE]
//        [--node-args "ARGS"] [--batch-period BLOCKS] [--memory-limit MB]
//
// --quick        a short smoke run of every measure (about 3 minutes); the figures are rough.
// --sustain S    how long the sustained telemetry load of 7 runs (default 1200 s, 30 s with --quick).
// --json FILE    also write every figure and how it was measured as JSON.
// --markdown F   also write the table as Markdown.
// --only LIST    run only these measures (set-up and anchor are skipped when not named).
// --node-args=A extra arguments for the benchmark's own node (e.g. "--node-args=--trie-cache-size 0").
// --batch-period N  each telemetry battery sends a batch every N blocks (default 4; the fleet is
//                sized to fill the blocks at 4).
// --memory-limit MB  run the benchmark's node in a memory cgroup of that many MB (10^6 bytes), as
//                a container limit would (Linux; row 7 says whether it applied).
// --url WS       measure a running node instead of starting one (a dev chain with the seeded
//                consortium); --pid and --log give its process and log file for 6 and 7.
//
// The node binary is $BATTERY_NODE (else the release build in the shared target dir), the
// estimator's config converter $ESTIMATOR_REPLAY; scripts/bench.sh sets both and builds what is
// missing. Every figure is read from the chain (blocks, events, weights), the node's log or /proc.

import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { WsProvider } from '@polkadot/api';
import { connect } from './lib/chain.mjs';
import { BlockTracker } from './lib/bench/blocks.mjs';
import { measureCharging, setUpCharging } from './lib/bench/charging.mjs';
import { createContext } from './lib/bench/context.mjs';
import { toJson } from './lib/bench/json.mjs';
import { machine, machineText } from './lib/bench/machine.mjs';
import { sampleMemory, summariseMemory } from './lib/bench/memory.mjs';
import { authoringTimes, nodeBinary, startBenchNode } from './lib/bench/node.mjs';
import { measureRegistrations } from './lib/bench/registrations.mjs';
import { buildRows } from './lib/bench/rows.mjs';
import { markdownTable, printTable } from './lib/bench/table.mjs';
import { measureTelemetry } from './lib/bench/telemetry-run.mjs';
import { setUpTelemetry } from './lib/bench/telemetry-setup.mjs';
import { fundSenders, measureTransfers } from './lib/bench/transfers.mjs';

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  sustain: { type: 'string' },
  json: { type: 'string' },
  markdown: { type: 'string' },
  only: { type: 'string' },
  url: { type: 'string' },
  pid: { type: 'string' },
  log: { type: 'string' },
  'node-args': { type: 'string' },
  'batch-period': { type: 'string' },
  'memory-limit': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};
const { values: opt } = (() => {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (error) {
    console.error(`bench: ${error.message} (--help lists the options)`);
    return process.exit(2);
  }
})();
if (opt.help) {
  // The header comment, up to the first line of code.
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1);
  console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}

// The sizes of each measure: enough load for a steady window of several full blocks (quick: two).
const PLAN = opt.quick
  ? { accounts: 100, perAccount: 50, lots: 120, piles: 64, chargingSeconds: 24, batteries: 480, compactBatteries: 1_320, telemetrySeconds: 24, drainBlocks: 4 }
  : { accounts: 300, perAccount: 60, lots: 450, piles: 256, chargingSeconds: 120, batteries: 480, compactBatteries: 1_320, telemetrySeconds: 60, drainBlocks: 20 };
// Each telemetry battery sends a batch every PLAN.period blocks: the fleets above are about 1.1
// times the batteries that fill every block at 4 (about 109 SCALE and 300 compact batches of
// 3,600 samples a block), also in a quick run (fewer would leave its blocks part empty).
PLAN.period = opt['batch-period'] !== undefined ? Number(opt['batch-period']) : 4;
PLAN.sustain = opt.sustain !== undefined ? Number(opt.sustain) : (opt.quick ? 30 : 1200);
const usage = (message) => {
  console.error(`bench: ${message} (--help lists the options)`);
  process.exit(2);
};
if (!(PLAN.sustain >= 0)) usage(`--sustain: not a number of seconds: ${opt.sustain}`);
const memoryLimitMb = opt['memory-limit'] !== undefined ? Number(opt['memory-limit']) : undefined;
if (memoryLimitMb !== undefined && !(memoryLimitMb >= 64)) usage(`--memory-limit: not a size in MB (at least 64): ${opt['memory-limit']}`);
if (memoryLimitMb !== undefined && opt.url) usage('--memory-limit applies to the bench\'s own node, not to --url');
if (!(Number.isInteger(PLAN.period) && PLAN.period >= 1)) usage(`--batch-period: not a number of blocks: ${opt['batch-period']}`);
const MEASURES = ['transfers', 'registrations', 'charging', 'telemetry'];
const only = new Set(opt.only ? opt.only.split(',').map((s) => s.trim()) : MEASURES);
for (const m of only) if (!MEASURES.includes(m)) usage(`--only: unknown measure ${m} (${MEASURES.join(', ')})`);

const began = Date.now();
const say = (line) => console.error(`[bench ${String(Math.round((Date.now() - began) / 1000)).padStart(4)} s] ${line}`);
const host = machine();
say(`machine: ${machineText(host)}`);

// Rejects once the bench's own node exits before the end (killed, e.g. by its memory cgroup):
// every measure then ends with that error instead of waiting for blocks that never come.
let nodeDied = new Promise(() => {});
let died;
let stopping = false; // the bench stops its node itself at the end

/** Runs `fn`, returning its value or { error } (a measure that fails does not stop the others). */
async function attempt(what, fn) {
  try {
    return await Promise.race([fn(), nodeDied]);
  } catch (error) {
    say(`${what} failed: ${error.message}`);
    return { error: error.message.split('\n')[0] };
  }
}

let node;
if (opt.url) {
  node = { wsUrl: opt.url, pid: opt.pid ? Number(opt.pid) : undefined, logFile: opt.log };
} else {
  say(`starting a fresh dev node (${nodeBinary()})`);
  node = await startBenchNode({ extraArgs: opt['node-args'] ? opt['node-args'].trim().split(/\s+/) : [], memoryLimitMb });
  say(`node ${node.pid} on ${node.wsUrl}, log ${node.logFile}`);
  if (node.cgroup) say(node.cgroup.error ?? `node in a memory cgroup of ${node.cgroup.limitMb} MB (${node.cgroup.dir})`);
  nodeDied = node.exited.then(({ code, signal }) => {
    if (stopping) return new Promise(() => {});
    const kills = node.cgroup?.stats ? node.cgroup.stats().oomKills : undefined;
    died = `the node exited (${signal ?? `code ${code}`}) during the run`
      + (kills ? `: killed by the kernel for memory in its cgroup of ${node.cgroup.limitMb} MB (OOM kills ${kills})` : '');
    say(died);
    throw new Error(died);
  });
  nodeDied.catch(() => {});
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

const provider = new WsProvider(node.wsUrl, 1000);
const api = await connect(node.wsUrl, { provider, timeoutMs: 60_000 });
const tracker = new BlockTracker(api);
await tracker.start();
const ctx = createContext({ api, provider, tracker, node, say });
const memory = node.pid ? sampleMemory(node.pid, tracker, 2_000) : undefined;
const results = { limits: ctx.limits };
try {
  // Set-ups side by side (different signers, nonces counted here), before any measure.
  say('setting up accounts, piles and batteries');
  const [senders, piles, telemetryBatteries] = await Promise.all([
    only.has('transfers') ? attempt('transfer set-up', () => fundSenders(ctx, PLAN.accounts)) : undefined,
    only.has('charging') ? attempt('charging set-up', () => setUpCharging(ctx, PLAN.piles)) : undefined,
    // One set-up (one reader key of Dave's, which every battery's batches are sealed for) for
    // both loads: the SCALE one's fleet, then the compact one's (whose blocks carry about three
    // times the batches).
    only.has('telemetry')
      ? attempt('telemetry set-up', () => setUpTelemetry(ctx, { count: PLAN.batteries + PLAN.compactBatteries }))
      : undefined,
  ]);
  const split = (from, to) => (all.error ? all : { ...all, batteries: all.batteries.slice(from, to) });
  const all = telemetryBatteries;
  const batteries = all ? split(0, PLAN.batteries) : undefined;
  const compactBatteries = all ? split(PLAN.batteries) : undefined;
  if (senders) {
    results.transfers = senders.error ? senders : await attempt('transfers',
      () => measureTransfers(ctx, senders, { perAccount: PLAN.perAccount }));
  }
  if (only.has('registrations')) {
    results.registrations = await attempt('registrations', () => measureRegistrations(ctx, { lots: PLAN.lots }));
  }
  if (piles) {
    results.charging = piles.error ? piles : await attempt('charging',
      () => measureCharging(ctx, piles, { seconds: PLAN.chargingSeconds }));
  }
  if (batteries) {
    results.telemetry = batteries.error ? batteries : await attempt('telemetry', () => measureTelemetry(ctx, batteries,
      { seconds: PLAN.telemetrySeconds, sustain: PLAN.sustain, drainBlocks: PLAN.drainBlocks, memory, period: PLAN.period }));
  }
  if (compactBatteries) {
    results.compact = compactBatteries.error ? compactBatteries : await attempt('compact telemetry',
      () => measureTelemetry(ctx, compactBatteries,
        { seconds: PLAN.telemetrySeconds, sustain: 0, drainBlocks: PLAN.drainBlocks, period: PLAN.period, encoding: 'compact' }));
  }
} finally {
  memory?.stop();
  tracker.stop();
}

// 6: the node log; 7: the memory samples.
const authoring = node.logFile ? authoringTimes(readFileSync(node.logFile, 'utf8')) : undefined;
if (memory && results.telemetry?.sustainMs && PLAN.sustain < 10) {
  results.memory = { error: `--sustain ${PLAN.sustain}: too short for a memory figure (at least 10 s)` };
} else if (memory && results.telemetry?.sustainMs) {
  const { from, to } = results.telemetry.sustainMs;
  results.memory = { idleMib: memory.samples[0].kib / 1024, sustained: summariseMemory(memory.samples, from, to), samples: memory.samples };
  if (node.cgroup) {
    results.memory.cgroup = node.cgroup.error
      ? { limitMb: node.cgroup.limitMb, error: node.cgroup.error }
      : { limitMb: node.cgroup.limitMb, ...node.cgroup.stats() };
  }
  if (!results.memory.sustained) results.memory = { error: 'fewer than two memory samples in the sustained load (--sustain too short)' };
} else if (only.has('telemetry')) {
  results.memory = { error: node.pid ? 'no sustained telemetry load' : 'no node pid (--pid with --url)' };
}
if (died && memory?.samples.length) {
  const last = memory.samples.at(-1);
  results.memory = { error: `${died}; at the last sample (block #${last.block}) VmRSS ${Math.round(last.kib / 1024)} MiB, `
    + `anonymous ${Math.round((last.anonKib ?? 0) / 1024)} MiB`, died: true };
}
const rows = buildRows({ ...results, authoring });
const runtime = api.runtimeVersion;
const endHost = machine();
await api.disconnect();
stopping = true;
if (!opt.url) await node.stop();

const kind = `${opt.quick ? 'QUICK run (short windows: rough figures)' : 'full run'}${died ? ' — the node DIED during it' : ''}`;
console.log(`\nbattery-chain throughput, ${kind}, ${new Date(began).toISOString()}`);
console.log(`machine: ${machineText(host)}; at the end: load average ${endHost.loadAvg.map((x) => x.toFixed(2)).join(' ')}`);
console.log(`node: ${opt.url ? opt.url : nodeBinary()}, runtime ${runtime.specName} v${runtime.specVersion}; `
  + `slot ${ctx.limits.slotMs} ms, normal class ${ctx.limits.normalWeight / 1e9} ms and ${ctx.limits.normalLength} bytes; `
  + `sustained load ${PLAN.sustain} s; took ${Math.round((Date.now() - began) / 1000)} s\n`);
printTable(rows);
if (!opt.url) console.log(`\nnode log: ${node.logFile}`);

const report = { kind, startedAt: new Date(began).toISOString(), machine: host, machineAtEnd: endHost, plan: PLAN,
  runtime: { specName: runtime.specName.toString(), specVersion: runtime.specVersion.toNumber() }, rows, results };
if (opt.json) {
  writeFileSync(opt.json, JSON.stringify(toJson(report), null, 1));
  say(`JSON written to ${opt.json}`);
}
if (opt.markdown) {
  writeFileSync(opt.markdown, `${markdownTable(rows)}\n`);
  say(`Markdown written to ${opt.markdown}`);
}
process.exit(died ? 1 : 0);
