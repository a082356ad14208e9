// What every script that starts its own battery-node needs: where the binary is and a free port.

import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $BATTERY_NODE, else the release build in the shared target dir (as scripts/lib/common.sh). */
export function nodeBinary() {
  if (process.env.BATTERY_NODE) return process.env.BATTERY_NODE;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'battery-chain', 'target');
  return join(target, 'release', 'battery-node');
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
