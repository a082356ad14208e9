//! `estimator-replay --spec CASE.json --input CASE.csv.gz --output OUT.csv [--batch 600]`
//!
//! Runs a telemetry case through the estimator in batches (state SCALE-encoded between batches,
//! as the off-chain worker does) and writes `t_s,soc_est,soh_est,anomaly_est` for `score.py`.
//! Only the sidecar's rated data and characterisation are read, never `initial_soc` or truth.
//!
//! `estimator-replay --spec CASE.json --config-hex` prints the sidecar's characterisation as the
//! SCALE-encoded `EstimatorConfig` (hex), the argument `Telemetry::set_characterisation` takes, so
//! client scripts use the exact conversion the estimator does.
//!
//! `estimator-replay --spec CASE.json --results BATCHES.json` replays the batches a gateway
//! submitted (`[{ "startMs": n, "periodMs": n, "readings": [[currentMa, voltageMv, tempDecic],
//! ...], "usageRegime": n }, ...]`, the exact integers it sealed and the usage regime the chain
//! pinned to the batch, 0 if absent) as the off-chain worker does, from a fresh state,
//! and prints one line per batch: `0x` + the hex of the SCALE-encoded `BatchResult`, the
//! plaintext the chain's sealed health result of that batch must hold, byte for byte. With
//! `--prior CAP_UAH[,R0_UOHM[,EFC_MILLI]]` it starts from the state a twin seeded with that
//! history starts from (`telemetry.seedTwin`; an empty field is unknown).

use battery_estimator::replay::{
	config_from_json, parse_batches, parse_prior, read_case, replay, replay_results, write_rows,
};
use std::process::ExitCode;

const USAGE: &str = "usage: estimator-replay --spec CASE.json --input CASE.csv[.gz] --output OUT.csv [--batch N]\n       estimator-replay --spec CASE.json --config-hex\n       estimator-replay --spec CASE.json --results BATCHES.json [--prior CAP_UAH[,R0_UOHM[,EFC_MILLI]]]";

/// `0x` and the lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
	let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
	format!("0x{digits}")
}

fn run() -> Result<(), String> {
	let mut spec = None;
	let mut input = None;
	let mut output = None;
	let mut batch = 600usize;
	let mut config_hex = false;
	let mut results = None;
	let mut prior = None;
	let mut args = std::env::args().skip(1);
	while let Some(a) = args.next() {
		let mut val = || args.next().ok_or_else(|| format!("{a} needs a value\n{USAGE}"));
		match a.as_str() {
			"--spec" => spec = Some(val()?),
			"--input" => input = Some(val()?),
			"--output" => output = Some(val()?),
			"--batch" => batch = val()?.parse().map_err(|e| format!("--batch: {e}"))?,
			"--config-hex" => config_hex = true,
			"--results" => results = Some(val()?),
			"--prior" => prior = Some(parse_prior(&val()?)?),
			"-h" | "--help" => {
				println!("{USAGE}");
				return Ok(());
			},
			other => return Err(format!("unknown argument {other}\n{USAGE}")),
		}
	}
	if config_hex {
		let spec = spec.ok_or_else(|| USAGE.to_string())?;
		let text = std::fs::read_to_string(&spec).map_err(|e| format!("{spec}: {e}"))?;
		let encoded = codec::Encode::encode(&config_from_json(&text)?);
		println!("{}", hex(&encoded));
		return Ok(());
	}
	if let Some(results) = results {
		let spec = spec.ok_or_else(|| USAGE.to_string())?;
		let text = std::fs::read_to_string(&spec).map_err(|e| format!("{spec}: {e}"))?;
		let cfg = config_from_json(&text)?;
		let batches_text =
			std::fs::read_to_string(&results).map_err(|e| format!("{results}: {e}"))?;
		let batches = parse_batches(&batches_text).map_err(|e| format!("{results}: {e}"))?;
		for result in replay_results(&cfg, &batches, prior.as_ref())? {
			println!("{}", hex(&codec::Encode::encode(&result)));
		}
		return Ok(());
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
		},
	}
}
