//! The `benchmark` subcommand (built only with `--features runtime-benchmarks`): runs the FRAME
//! pallet benchmarks that generate each pallet's `weights.rs`, and measures the machine.

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
		BenchmarkCmd::Machine(cmd) => runner.sync_run(|config| {
			cmd.run(&config, frame_benchmarking_cli::SUBSTRATE_REFERENCE_HARDWARE.clone())
		}),
		_ => {
			Err("only `benchmark pallet` and `benchmark machine` are wired in battery-node".into())
		},
	}
}
