//! The `benchmark` subcommand (built only with `--features runtime-benchmarks`): runs the FRAME
//! pallet benchmarks that generate each pallet's `weights.rs`, measures the database (`benchmark
//! storage`: the runtime's `DbWeight`) and the machine.

use crate::cli::Cli;
use battery_runtime::opaque::Block;
use frame_benchmarking_cli::BenchmarkCmd;
use sc_cli::SubstrateCli;
use sp_runtime::traits::HashingFor;

/// Runs `cmd`.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	match cmd {
		BenchmarkCmd::Pallet(cmd) => runner
			.sync_run(|config| cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))),
		BenchmarkCmd::Storage(cmd) => runner.sync_run(|config| {
			let components = crate::service::new_partial(&config)?;
			let backend = components.backend;
			cmd.run(
				config,
				components.client,
				backend.expose_db(),
				backend.expose_storage(),
				backend.expose_shared_trie_cache(),
			)
		}),
		BenchmarkCmd::Machine(cmd) => runner.sync_run(|config| {
			cmd.run(&config, frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.clone())
		}),
		_ => Err(
			"only `benchmark pallet`, `benchmark storage` and `benchmark machine` are wired in \
			     battery-node"
				.into(),
		),
	}
}
