// A memory cgroup for the benchmark's node (`--memory-limit`): the node runs as it would in a
// container with that memory limit, so the kernel keeps the node's resident memory under it,
// reclaiming the pages of the node's memory-mapped database files (ParityDB maps its tables)
// before it would kill the node. Linux cgroup v2 (memory.max) or v1 (memory.limit_in_bytes),
// created under this process's own cgroup; when that is not possible the caller gets the reason.

import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** This process's cgroup directory for the memory controller and the cgroup version, or throws. */
function ownCgroup() {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  const v1 = lines.map((l) => l.split(':')).find(([, controllers]) => controllers.split(',').includes('memory'));
  if (v1 && existsSync('/sys/fs/cgroup/memory')) return { version: 1, dir: join('/sys/fs/cgroup/memory', v1[2]) };
  const v2 = lines.map((l) => l.split(':')).find(([id, controllers]) => id === '0' && controllers === '');
  if (v2 && existsSync('/sys/fs/cgroup/cgroup.controllers')) return { version: 2, dir: join('/sys/fs/cgroup', v2[2]) };
  throw new Error('no memory cgroup controller found in /proc/self/cgroup');
}

const readNumber = (file) => {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return undefined;
  }
};

/**
 * A new memory cgroup limited to `limitMb` MB (10^6 bytes; swap included where the kernel
 * accounts it). Returns { limitMb, dir, version, wrap(command, args) → [command, args], stats(),
 * remove() }, or { limitMb, error } when the cgroup cannot be made (no permission, no memory
 * controller).
 */
export function memoryCgroup(limitMb) {
  const bytes = String(Math.round(limitMb * 1e6));
  let cgroup;
  try {
    const own = ownCgroup();
    const dir = join(own.dir, `battery-bench-${process.pid}`);
    mkdirSync(dir);
    cgroup = { version: own.version, dir };
    if (own.version === 1) {
      writeFileSync(join(dir, 'memory.limit_in_bytes'), bytes);
      if (existsSync(join(dir, 'memory.memsw.limit_in_bytes'))) writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), bytes);
    } else {
      if (!existsSync(join(dir, 'memory.max'))) throw new Error(`${own.dir}: the memory controller is not enabled for child cgroups`);
      writeFileSync(join(dir, 'memory.max'), bytes);
      if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
    }
  } catch (error) {
    if (cgroup) try { rmdirSync(cgroup.dir); } catch { /* not made */ }
    return { limitMb, error: `no memory cgroup: ${error.message}` };
  }
  const { dir, version } = cgroup;
  let final;
  return {
    limitMb,
    dir,
    version,
    /** The command that enters the cgroup, then runs `command args` (same process: exec). */
    wrap(command, args) {
      return ['/bin/sh', ['-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', dir, command, ...args]];
    },
    /**
     * The cgroup's peak usage (MiB, page cache included) and how often the kernel killed in it;
     * after `remove`, as read just before.
     */
    stats() {
      if (final) return final;
      const peak = readNumber(join(dir, version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak'));
      let oomKills;
      try {
        const text = readFileSync(join(dir, version === 1 ? 'memory.oom_control' : 'memory.events'), 'utf8');
        const m = text.match(/oom_kill (\d+)/);
        oomKills = m ? Number(m[1]) : 0;
      } catch { /* unknown */ }
      return { peakMib: peak === undefined ? undefined : peak / 1024 / 1024, oomKills };
    },
    remove() {
      final ??= this.stats();
      try { rmdirSync(dir); } catch { /* still in use or gone */ }
    },
  };
}
