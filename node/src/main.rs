//! battery-node: the battery-chain node binary.

#![warn(missing_docs)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;
mod shutdown;

fn main() -> sc_cli::Result<()> {
	command::run()
}
