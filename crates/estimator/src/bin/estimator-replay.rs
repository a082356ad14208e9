//! `estimator-replay --spec CASE.json --input CASE.csv.gz --output OUT.csv [--batch 600]`
//!
//! Runs a telemetry case through the estimator in batches (state SCALE-encoded between batches,
//! as the off-chain worker does) and writes `t_s,soc_est,soh_est,anomaly_est` for `score.py`.
//! Only the sidecar's rated data and characterisation are read, never `initial_soc` or truth.

use battery_estimator::replay::{config_from_json, read_case, replay, write_rows};
use std::process::ExitCode;

const USAGE: &str = "usage: estimator-replay --spec CASE.json --input CASE.csv[.gz] --output OUT.csv [--batch N]";

fn run() -> Result<(), String> {
	let mut spec = None;
	let mut input = None;
	let mut output = None;
	let mut batch = 600usize;
	let mut args = std::env::args().skip(1);
	while let Some(a) = args.next() {
		let mut val = || args.next().ok_or_else(|| format!("{a} needs a value\n{USAGE}"));
		match a.as_str() {
			"--spec" => spec = Some(val()?),
			"--input" => input = Some(val()?),
			"--output" => output = Some(val()?),
			"--batch" => batch = val()?.parse().map_err(|e| format!("--batch: {e}"))?,
			"-h" | "--help" => {
				println!("{USAGE}");
				return Ok(());
			}
			other => return Err(format!("unknown argument {other}\n{USAGE}")),
		}
	}
	let (spec, input, output) = match (spec, input, output) {
		(Some(s), Some(i), Some(o)) => (s, i, o),
		_ => return Err(USAGE.into()),
	};
	let text = std::fs::read_to_string(&spec).map_err(|e| format!("{spec}: {e}"))?;
	let cfg = config_from_json(&text)?;
	let case = read_case(&input)?;
	let rows = replay(&cfg, &case.samples, batch)?;
	let file = std::fs::File::create(&output).map_err(|e| format!("{output}: {e}"))?;
	write_rows(std::io::BufWriter::new(file), &rows).map_err(|e| format!("{output}: {e}"))?;
	Ok(())
}

fn main() -> ExitCode {
	match run() {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("estimator-replay: {e}");
			ExitCode::FAILURE
		}
	}
}
