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

fn main() -> sc_cli::Result<()> {
	command::run()
}
