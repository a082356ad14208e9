// Signing ahead and submitting fast: transactions are signed offline (explicit nonce, immortal,
// the genesis hash) and pushed with `author_submitExtrinsic` (no per-transaction subscription),
// several in flight; a full pool is waited out and retried. Inclusion is read from the blocks
// (`BlockTracker`), not from submission answers.

/** Signs `tx` with `pair` at `nonce` without asking the node: { hex, hash, bytes }. */
export function signOffline(api, tx, pair, nonce) {
  tx.sign(pair, {
    blockHash: api.genesisHash,
    genesisHash: api.genesisHash,
    nonce,
    runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions,
    version: api.extrinsicType,
  });
  return { hex: tx.toHex(), hash: tx.hash.toHex(), bytes: tx.encodedLength };
}

/** Errors of `author_submitExtrinsic` that mean "not now": the pool is full or busy. */
const retryable = (error) => /Immediately Dropped|pool is full|limit reached|1016|too low priority|1014/i
  .test(`${error?.code ?? ''} ${error?.message ?? error}`);

/**
 * Submits the signed transactions `signed` (an array, or an async iterable of { hex, hash })
 * through `provider`, `concurrency` at a time, in order of the iterable. A full pool is retried
 * after `retryMs`; another refusal is recorded and passed to `onRejected(tx, error)`. `stop()`
 * returning true ends the run early. Resolves to { submitted, rejected: [{ hash, error }],
 * retries, firstMs, lastMs }.
 */
export async function pump(provider, signed, {
  concurrency = 64, retryMs = 250, stop = () => false, onRejected = () => {},
} = {}) {
  const stats = { submitted: 0, rejected: [], retries: 0, firstMs: undefined, lastMs: undefined };
  const iterator = (signed[Symbol.asyncIterator] ? signed[Symbol.asyncIterator]() : signed[Symbol.iterator]());
  let done = false;
  const next = async () => {
    if (done || stop()) return undefined;
    const item = await iterator.next();
    if (item.done) {
      done = true;
      return undefined;
    }
    return item.value;
  };
  // One `next()` at a time: the iterable may be a generator that signs lazily.
  let pulling = Promise.resolve();
  const take = () => {
    const result = pulling.then(next);
    pulling = result.catch(() => {});
    return result;
  };
  const worker = async () => {
    for (let tx = await take(); tx; tx = await take()) {
      for (;;) {
        try {
          stats.firstMs ??= Date.now();
          await provider.send('author_submitExtrinsic', [tx.hex]);
          stats.submitted += 1;
          stats.lastMs = Date.now();
          break;
        } catch (error) {
          if (retryable(error) && !stop()) {
            stats.retries += 1;
            await new Promise((r) => setTimeout(r, retryMs));
            continue;
          }
          stats.rejected.push({ hash: tx.hash, error: error?.message ?? String(error) });
          onRejected(tx, error);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
}
