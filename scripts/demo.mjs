#!/usr/bin/env node
// Fills a running battery-chain dev chain with the whole-life story of a battery lot
// (scripts/lib/story.mjs): factory and signed tags, a shipment with a crash, service, telemetry
// through the off-chain estimator, a paid charging session at a certified station, retirement,
// assessment and second life, recycling. Then prints where to look: polkadot.js apps pages and
// `battery_*` calls for the passports it made. Safe to run again: every run uses new IDs.
//
//   node scripts/demo.mjs [--url ws://127.0.0.1:9944] [--case chen2020_us06_25c] [--dir DIR] [--json]
//                         [--attester ws://HOST:PORT[,SURI]]...
//
// Needs a chain with the development (or local) preset's consortium (Alice … Ferdie), a node
// whose unsafe RPC methods the script may call (a local node: the off-chain worker gets Dave's
// demo reader secret), and the release tools of `scripts/dev.sh` (battery-tag, estimator-replay).
// `scripts/dev.sh --demo` starts a node and runs this.

import { parseArgs } from 'node:util';
import { WsProvider } from '@polkadot/api';
import { connect } from './lib/chain.mjs';
import { DEFAULT_CASE, runStory } from './lib/story.mjs';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string', default: 'ws://127.0.0.1:9944' },
    case: { type: 'string', default: DEFAULT_CASE },
    dir: { type: 'string' },
    json: { type: 'boolean', default: false },
    // Another estimator node: `ws://HOST:PORT[,SURI]` (SURI defaults to //Bob, the consortium
    // genesis's second estimator key); its worker attests every result (repeatable).
    attester: { type: 'string', multiple: true, default: [] },
  },
});

const say = opt.json ? () => {} : (line) => console.log(line);
const provider = new WsProvider(opt.url, 1000);
const api = await connect(opt.url, { timeoutMs: 30_000, provider });
const attesters = [];
try {
  const started = Date.now();
  for (const spec of opt.attester) {
    const [url, suri = '//Bob'] = spec.split(',');
    const attesterProvider = new WsProvider(url, 1000);
    await attesterProvider.isReady;
    attesters.push({ send: (method, params) => attesterProvider.send(method, params), suri, provider: attesterProvider });
  }
  const story = await runStory({ api, provider, log: say, caseName: opt.case, socsohDir: opt.dir, attesters });
  const passport = (id) => provider.send('battery_passport', [id]);
  const summary = {
    run: story.run,
    seconds: Math.round((Date.now() - started) / 1000),
    batteries: await Promise.all([...story.ids.batteries, story.ids.secondLife].map(async (id) => {
      const p = await passport(id);
      const custody = await provider.send('battery_custody', [id]);
      return { id, status: p.status, life: p.life, custodian: custody?.custodian };
    })),
    shipment: story.shipment,
    batch: story.batch,
    session: story.charging.session,
    station: story.charging.station,
    telemetry: {
      case: opt.case,
      soc: story.telemetry.final.soc,
      soh: story.telemetry.final.soh,
      bitForBit: story.telemetry.bitForBit,
      attestation: story.telemetry.attestation,
    },
    readerSecrets: Object.fromEntries(Object.entries(story.readerKeys).map(([name, key]) => [name, key.secret])),
  };
  if (opt.json) {
    console.log(JSON.stringify(summary));
  } else {
    const http = opt.url.replace(/^ws/, 'http');
    const call = (method, params) => `curl -sH 'Content-Type: application/json' -d '${JSON.stringify(
      { jsonrpc: '2.0', id: 1, method, params })}' ${http}`;
    console.log(`\nThe story of run ${story.run} is on the chain (${summary.seconds} s):`);
    for (const b of summary.batteries) console.log(`  ${b.id}  ${b.status.padEnd(12)} ${b.life}`);
    console.log(`
Where to look (polkadot.js apps: https://polkadot.js.org/apps/?rpc=${opt.url}):
  Network > Explorer          the blocks and events of each step (battery.*, logistics.*, charging.*, recycling.*)
  Developer > Chain state     battery.batteries("${story.hero}"), logistics.shipments(${story.shipment}),
                              charging.sessions(${story.charging.session}), recycling.assessments("${story.hero}")
  Developer > Runtime calls   batteryApi, logisticsApi, chargingApi, recyclingApi, telemetryApi, passportApi
  Accounts                    Alice (Authority), Bob (Manufacturer), Charlie (Logistics), Dave (Operator),
                              Eve (EnergyStation), Ferdie (Recycler)

The same over JSON-RPC:
  ${call('battery_passport', [story.hero])}
  ${call('battery_passportExport', [story.inService[0]])}   (the EU passport, Catena-X 6.1.0)
  ${call('battery_lineage', [story.ids.secondLife])}
  ${call('battery_accidents', [story.hero])}
  ${call('battery_custodyHistory', [story.hero])}
  ${call('battery_health', [story.hero])}
  ${call('battery_cdr', [story.charging.session])}
  ${call('battery_recycling', [story.crashed])}

Sealed records open with the demo's reader secrets (demo keys, derived from the names), e.g. Dave's:
  ${story.readerKeys.dave.secret}
and so does the EU passport of a reader's tier (the state in use, restricted documents):
  BATTERY_SEAL_SECRET=${story.readerKeys.dave.secret} battery-tag passport --id ${story.hero} --rpc ${http}`);
  }
} finally {
  for (const attester of attesters) await attester.provider.disconnect();
  await api.disconnect();
}
