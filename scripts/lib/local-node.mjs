// What every script that runs the project's binaries needs: where they are, and a free port.

import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $`env`, else the release build of binary `name` in the shared target dir (as scripts/lib/common.sh). */
export function releaseBinary(env, name) {
  if (process.env[env]) return process.env[env];
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'battery-chain', 'target');
  return join(target, 'release', name);
}

/** $BATTERY_NODE, else the release build in the shared target dir. */
export function nodeBinary() {
  return releaseBinary('BATTERY_NODE', 'battery-node');
}

/** A TCP port on 127.0.0.1 that is free right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
