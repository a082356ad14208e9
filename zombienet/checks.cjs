// Checks of smoke.zndsl, run by zombienet's `js-script` assertion with the node's name, the
// network description and the comma-separated arguments. Each returns 1 on success, 0 otherwise;
// zombienet runs a check once, raced against its `within` timeout, so checks that wait poll
// themselves.
//
//   heights-grow,N        best and finalized heights of this node both advance by N blocks
//   mark                  remembers alice's best/finalized block and the time, just before a restart,
//                         and samples alice's finalized height every second for the next 30 s
//   authored-while-down,N at least N blocks after the mark were authored (by the nodes still up)
//   finalized-while-down,N alice's finalized height grew by N or more while charlie was down
//   finality-passes-mark  this node's finalized height passes the best block seen at the mark
//   caught-up             this node's finalized height reaches alice's current finalized height
//   story-start           starts the whole-life story (scripts/demo.mjs) against this node, in the
//                         background, its JSON summary going to a file of the network's directory;
//                         bob's node runs the estimator worker too (Dave's reader secret, //Bob's key)
//   story-running,N       N seconds after the story started, it is still running
//   story-done            waits for the story to end and checks its summary (every battery where
//                         the story leaves it, telemetry results equal to the native estimator,
//                         results final: attested by Bob's estimator node as well as Alice's)
//   same-finalized-root   every node finalizes alice's current finalized block with the same hash
//                         and state root

const fs = require('fs');
const { spawn } = require('child_process');
const path = require('path');
const { pathToFileURL } = require('url');

async function heights(api) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const finalizedHash = await api.rpc.chain.getFinalizedHead();
  const finalized = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber();
  return { best, finalized };
}

async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

/**
 * Samples `httpUrl`'s finalized height every second for `durationMs` into `file` as
 * [{ t, finalized }]. Runs in the background of zombienet's process while the DSL restarts a node.
 */
async function sampleFinality(httpUrl, file, durationMs) {
  const { heights: heightsOver } = await import(pathToFileURL(path.join(__dirname, '../scripts/lib/rpc.mjs')).href);
  const samples = [];
  const until = Date.now() + durationMs;
  const tick = async () => {
    try {
      samples.push({ t: Date.now(), finalized: (await heightsOver(httpUrl)).finalized });
      fs.writeFileSync(file, JSON.stringify(samples));
    } catch (error) {
      console.log(`finality sample failed: ${error.message}`);
    }
    if (Date.now() < until) setTimeout(tick, 1000);
  };
  await tick();
}

async function withApi(wsUri, fn) {
  const api = await zombie.connect(wsUri);
  try {
    return await fn(api);
  } finally {
    await api.disconnect();
  }
}

async function run(nodeName, networkInfo, args) {
  const [check, param] = args;
  const markFile = path.join(networkInfo.tmpDir, 'battery-mark.json');
  const samplesFile = path.join(networkInfo.tmpDir, 'battery-finality-samples.json');
  const storyFile = path.join(networkInfo.tmpDir, 'battery-story.json');
  const self = networkInfo.nodesByName[nodeName].wsUri;
  const alice = networkInfo.nodesByName.alice.wsUri;

  switch (check) {
    case 'heights-grow': {
      const n = Number(param);
      return withApi(self, async (api) => {
        const start = await heights(api);
        const ok = await waitUntil(async () => {
          const now = await heights(api);
          return now.best >= start.best + n && now.finalized >= start.finalized + n;
        }, 50_000);
        return ok ? 1 : 0;
      });
    }
    case 'mark': {
      return withApi(alice, async (api) => {
        const mark = { ...(await heights(api)), time: Date.now() };
        fs.writeFileSync(markFile, JSON.stringify(mark));
        console.log(`mark: ${JSON.stringify(mark)}`);
        // Not awaited past the first sample: it goes on while the DSL restarts charlie.
        await sampleFinality(alice.replace(/^ws/, 'http'), samplesFile, 30_000);
        return 1;
      });
    }
    case 'authored-while-down': {
      const mark = JSON.parse(fs.readFileSync(markFile, 'utf8'));
      return withApi(self, async (api) => {
        // Blocks whose timestamp falls in the window in which charlie was down.
        const { best } = await heights(api);
        let authored = 0;
        for (let n = mark.best + 1; n <= best; n += 1) {
          const hash = await api.rpc.chain.getBlockHash(n);
          const now = (await (await api.at(hash)).query.timestamp.now()).toNumber();
          if (now > mark.time && now < mark.time + 18_000) authored += 1;
        }
        console.log(`blocks authored while charlie was down: ${authored}`);
        return authored >= Number(param) ? 1 : 0;
      });
    }
    case 'finalized-while-down': {
      // Charlie is killed right after the mark and restarted 18 s later: keep a margin each side.
      const mark = JSON.parse(fs.readFileSync(markFile, 'utf8'));
      const samples = JSON.parse(fs.readFileSync(samplesFile, 'utf8'))
        .filter(({ t }) => t >= mark.time + 2_000 && t <= mark.time + 17_000);
      if (samples.length < 2) return 0;
      const grew = samples.at(-1).finalized - samples[0].finalized;
      console.log(`alice finalized ${grew} blocks while charlie was down (${samples.length} samples)`);
      return grew >= Number(param) ? 1 : 0;
    }
    case 'finality-passes-mark': {
      const mark = JSON.parse(fs.readFileSync(markFile, 'utf8'));
      return withApi(self, async (api) => {
        const ok = await waitUntil(async () => (await heights(api)).finalized > mark.best, 80_000);
        return ok ? 1 : 0;
      });
    }
    case 'caught-up': {
      const target = await withApi(alice, async (api) => (await heights(api)).finalized);
      return withApi(self, async (api) => {
        const ok = await waitUntil(async () => (await heights(api)).finalized >= target, 80_000);
        return ok ? 1 : 0;
      });
    }
    case 'story-start': {
      const out = fs.openSync(storyFile, 'w');
      const err = fs.openSync(`${storyFile}.log`, 'w');
      // In zombienet's process group (not detached), so test.sh's group kill stops it too.
      // Bob's node runs the worker too, with his own estimator key: every result is attested.
      const attester = networkInfo.nodesByName.bob.wsUri;
      const child = spawn(process.execPath, [path.join(__dirname, '../scripts/demo.mjs'), '--url', self, '--json',
        '--attester', `${attester},//Bob`],
        { stdio: ['ignore', out, err] });
      fs.closeSync(out);
      fs.closeSync(err);
      fs.writeFileSync(`${storyFile}.pid`, String(child.pid));
      child.on('exit', (code) => fs.writeFileSync(`${storyFile}.exit`, String(code)));
      child.unref();
      console.log(`story started against ${nodeName} (pid ${child.pid})`);
      return 1;
    }
    case 'story-running': {
      // N seconds into the story, and it still runs.
      const startedAt = fs.statSync(`${storyFile}.pid`).mtimeMs;
      await new Promise((r) => setTimeout(r, Math.max(0, startedAt + Number(param) * 1000 - Date.now())));
      return fs.existsSync(`${storyFile}.exit`) ? 0 : 1;
    }
    case 'story-done': {
      const ended = await waitUntil(async () => fs.existsSync(`${storyFile}.exit`), 580_000);
      const log = fs.existsSync(`${storyFile}.log`) ? fs.readFileSync(`${storyFile}.log`, 'utf8') : '';
      if (!ended) {
        try { process.kill(Number(fs.readFileSync(`${storyFile}.pid`, 'utf8'))); } catch { /* gone */ }
      }
      if (!ended || fs.readFileSync(`${storyFile}.exit`, 'utf8') !== '0') {
        console.log(`the story did not end well: ${log.slice(-3000)}`);
        return 0;
      }
      const summary = JSON.parse(fs.readFileSync(storyFile, 'utf8'));
      const statuses = summary.batteries.map((b) => b.status);
      const att = summary.telemetry.attestation;
      console.log(`story ${summary.run} in ${summary.seconds} s: ${statuses.join(', ')}; telemetry bit for bit: `
        + `${summary.telemetry.bitForBit}; ${att.final} of ${att.results} results final (k = ${att.required}), `
        + `at least ${att.minAttestations} attestation(s) each`);
      const expected = ['Repurposed', 'Recycled', 'InService', 'InService', 'Manufactured'];
      // Alice's and Bob's estimator nodes (k = 2 in the local preset) both computed every result:
      // racing while a batch is pending, or, for a batch one node missed (its worker busy on a
      // loaded machine), reproducing it later from its own last twin (the worker's catch-up).
      const attested = att.required === 2 && att.results > 0 && att.final === att.results
        && att.minAttestations >= 1;
      return JSON.stringify(statuses) === JSON.stringify(expected) && summary.telemetry.bitForBit === true
        && attested ? 1 : 0;
    }
    case 'same-finalized-root': {
      const target = await withApi(alice, async (api) => (await heights(api)).finalized);
      const seen = [];
      for (const [name, node] of Object.entries(networkInfo.nodesByName)) {
        const root = await withApi(node.wsUri, async (api) => {
          if (!(await waitUntil(async () => (await heights(api)).finalized >= target, 100_000))) return undefined;
          const hash = await api.rpc.chain.getBlockHash(target);
          const header = await api.rpc.chain.getHeader(hash);
          return `${hash.toHex()} ${header.stateRoot.toHex()}`;
        });
        console.log(`${name}: finalized #${target} ${root}`);
        seen.push(root);
      }
      return seen.every((root) => root !== undefined && root === seen[0]) ? 1 : 0;
    }
    default:
      throw new Error(`unknown check ${check}`);
  }
}

module.exports = { run };
