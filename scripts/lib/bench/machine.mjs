// The machine a benchmark ran on: cores, memory, CPU model, load.

import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { availableParallelism } from 'node:os';

export function machine() {
  const list = cpus();
  return {
    nproc: availableParallelism(),
    cpuModel: list[0]?.model?.trim() ?? 'unknown',
    memoryGib: totalmem() / 2 ** 30,
    freeGib: freemem() / 2 ** 30,
    loadAvg: loadavg(),
  };
}

export const machineText = (m) => `${m.nproc} cores (${m.cpuModel}), ${m.memoryGib.toFixed(1)} GiB memory `
  + `(${m.freeGib.toFixed(1)} free), load average ${m.loadAvg.map((x) => x.toFixed(2)).join(' ')}`;
