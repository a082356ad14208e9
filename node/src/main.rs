//! battery-node: the battery-chain node binary.

#![warn(missing_docs)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod keystore;
mod rpc;
mod service;
mod shutdown;

/// jemalloc instead of the system allocator: the node's threads (block import, the pool, RPC,
/// off-chain workers) allocate and free large buffers all the time, and glibc's per-thread arenas
/// kept the freed memory. Under the full telemetry load of `scripts/bench.sh` the node's
/// anonymous memory was 468 MiB with glibc and 255 MiB with jemalloc (2026-12-01, 4 minutes in).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options (read at its start; `MALLOC_CONF` in the environment overrides them): freed
/// pages go back to the system after about a second instead of ten, by jemalloc's own background
/// thread. The node frees megabytes a block (block bodies, RPC answers, the pool's batches): with
/// the defaults they stayed resident for ten seconds. Under the full telemetry load of
/// `scripts/bench.sh` the anonymous memory was 250 to 300 MiB with the defaults (64 MiB trie
/// cache) and about 150 MiB with these (32 MiB trie cache; 2026-12-01).
#[cfg(target_os = "linux")]
#[allow(non_upper_case_globals)]
#[export_name = "malloc_conf"]
pub static malloc_conf: &[u8; 60] =
	b"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0\0";

fn main() -> sc_cli::Result<()> {
	command::run()
}
