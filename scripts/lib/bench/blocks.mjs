// Follows the chain block by block (new best heads; a gap is filled by number) and keeps, per
// block, what the measures need: the timestamp, every extrinsic (call, hash, encoded length,
// success, its events and actual weight), the block's length and its normal-class weight. A
// transaction submitted by hash is found here when it is included (`waitFor`).

/** `section.method` of a call. */
const callName = (call) => `${call.section}.${call.method}`;

export class BlockTracker {
  constructor(api) {
    this.api = api;
    this.blocks = new Map();
    this.included = new Map();
    this.waiters = new Map();
    this.listeners = new Set();
    this.last = undefined;
    this.queue = Promise.resolve();
  }

  /** Starts following from the current best block (blocks before it are not read). */
  async start() {
    const head = await this.api.rpc.chain.getHeader();
    this.last = head.number.toNumber();
    this.first = this.last + 1;
    this.unsubscribe = await this.api.rpc.chain.subscribeNewHeads((header) => {
      const number = header.number.toNumber();
      this.queue = this.queue.then(() => this.#catchUp(number)).catch((error) => {
        console.error(`block tracker: ${error.message}`);
      });
    });
  }

  stop() {
    this.unsubscribe?.();
  }

  /** Calls `fn(block)` for every block read from now on; returns a function that stops it. */
  onBlock(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async #catchUp(number) {
    while (this.last < number) {
      const n = this.last + 1;
      const block = await this.#read(n);
      this.last = n;
      this.blocks.set(n, block);
      for (const fn of this.listeners) fn(block);
    }
  }

  async #read(number) {
    const { api } = this;
    const hash = await api.rpc.chain.getBlockHash(number);
    const at = await api.at(hash);
    const [signed, events, weight, now] = await Promise.all([
      api.rpc.chain.getBlock(hash), at.query.system.events(), at.query.system.blockWeight(), at.query.timestamp.now(),
    ]);
    const extrinsics = signed.block.extrinsics.map((ext, index) => ({
      index,
      hash: ext.hash.toHex(),
      call: callName(ext.method),
      signer: ext.isSigned ? ext.signer.toString() : undefined,
      length: ext.encodedLength,
      events: [],
    }));
    for (const record of events) {
      if (!record.phase.isApplyExtrinsic) continue;
      const x = extrinsics[record.phase.asApplyExtrinsic.toNumber()];
      const { event } = record;
      const name = `${event.section}.${event.method}`;
      if (name === 'system.ExtrinsicSuccess' || name === 'system.ExtrinsicFailed') {
        x.ok = name === 'system.ExtrinsicSuccess';
        x.weight = event.data.dispatchInfo.weight.refTime.toBigInt();
        if (!x.ok) {
          const error = event.data.dispatchError;
          x.error = error.isModule ? (() => {
            const meta = api.registry.findMetaError(error.asModule);
            return `${meta.section}.${meta.name}`;
          })() : error.toString();
        }
      } else {
        x.events.push({ name, data: event.data });
      }
    }
    const block = {
      number,
      hash: hash.toHex(),
      timestamp: now.toNumber(),
      extrinsics,
      length: extrinsics.reduce((sum, x) => sum + x.length, 0),
      normalWeight: weight.normal.refTime.toBigInt(),
      operationalWeight: weight.operational.refTime.toBigInt(),
      mandatoryWeight: weight.mandatory.refTime.toBigInt(),
    };
    for (const x of extrinsics) {
      const found = { block: number, ...x };
      this.included.set(x.hash, found);
      const waiting = this.waiters.get(x.hash);
      if (waiting) {
        this.waiters.delete(x.hash);
        for (const resolve of waiting) resolve(found);
      }
    }
    return block;
  }

  /** The inclusion of transaction `hash` ({ block, ok, error, events, … }); rejects after `timeoutMs`. */
  waitFor(hash, timeoutMs = 120_000) {
    const found = this.included.get(hash);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`transaction ${hash} not included within ${timeoutMs / 1000} s`)),
        timeoutMs);
      const list = this.waiters.get(hash) ?? [];
      list.push((value) => { clearTimeout(timer); resolve(value); });
      this.waiters.set(hash, list);
    });
  }

  /** Resolves once block `number` has been read. */
  async reach(number, timeoutMs = 180_000) {
    const deadline = Date.now() + timeoutMs;
    while (this.last < number) {
      if (Date.now() > deadline) throw new Error(`block #${number} not reached within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Waits for `count` more blocks. */
  async blocksPass(count) {
    await this.reach(this.last + count);
  }

  /** Blocks from `from` to `to` (inclusive) that were read, in order. */
  range(from, to) {
    const out = [];
    for (let n = from; n <= to; n += 1) if (this.blocks.has(n)) out.push(this.blocks.get(n));
    return out;
  }
}
