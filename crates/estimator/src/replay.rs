//! Native replay of a telemetry case (feature `cli`): reading the case sidecar JSON and the gzip
//! CSV, and running the samples in batches through a SCALE round trip of the state, exactly as
//! the off-chain worker does.
//!
//! [`replay_results`] replays the batches a gateway actually submitted (their integer readings,
//! start and period, see [`parse_batches`]) and returns the [`BatchResult`] of each, so a client
//! that opened the chain's sealed health results can compare them to the bit.

use crate::config::{Chemistry, EstimatorConfig};
use crate::estimator::{new_state, process_batch, step, summarize};
use crate::ocv::OCV_POINTS;
use crate::prior::{seeded_state, TwinPrior};
use crate::state::{sample_time_s, BatchResult, EstimatorState, Sample};
use crate::Model;
use codec::{Decode, Encode};
use std::io::{BufRead, BufReader, Read};
use std::string::{String, ToString};
use std::vec::Vec;

/// One case: the samples plus, when the file has them, the truth columns (never given to the
/// estimator; used only for scoring).
#[derive(Clone, Debug, Default)]
pub struct Case {
	/// Samples in file order.
	pub samples: Vec<Sample>,
	/// Time of each row, s.
	pub t_s: Vec<f64>,
	/// `soc_true` column (fraction).
	pub soc_true: Vec<f64>,
	/// `soh_true` column (fraction).
	pub soh_true: Vec<f64>,
	/// `anomaly_true` column, if present.
	pub anomaly_true: Option<Vec<u8>>,
}

/// One output row of the replay.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
	/// Time, s.
	pub t_s: u32,
	/// SOC estimate, ppm.
	pub soc_ppm: u32,
	/// Capacity-SOH estimate (ppm) on the rows where it is reported (end of each batch).
	pub soh_ppm: Option<u32>,
	/// Alarm flags of the sample.
	pub flags: u32,
}

fn num(v: &serde_json::Value, key: &str) -> Result<f64, String> {
	v.get(key).and_then(|x| x.as_f64()).ok_or_else(|| format!("spec: missing number `{key}`"))
}

fn round_u32(x: f64) -> u32 {
	x.round().clamp(0.0, u32::MAX as f64) as u32
}

/// Build the estimator configuration from a case sidecar (`CASE.json`). Reads only the rated
/// data and the characterisation — never `initial_soc`.
pub fn config_from_json(text: &str) -> Result<EstimatorConfig, String> {
	let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("spec: {e}"))?;
	let ch = v.get("characterization").ok_or("spec: missing `characterization`")?;
	let soc = ch.get("ocv_soc").and_then(|x| x.as_array()).ok_or("spec: missing `ocv_soc`")?;
	let ocv = ch.get("ocv_v").and_then(|x| x.as_array()).ok_or("spec: missing `ocv_v`")?;
	if soc.len() != ocv.len() || soc.len() < 2 {
		return Err("spec: ocv table length mismatch".into());
	}
	let pts: Vec<(f64, f64)> =
		soc.iter().zip(ocv.iter()).filter_map(|(s, o)| Some((s.as_f64()?, o.as_f64()?))).collect();
	// resample to the 41-point grid (identity for the usual table)
	let mut ocv_uv = [0u32; OCV_POINTS];
	for (k, out) in ocv_uv.iter_mut().enumerate() {
		let x = k as f64 / (OCV_POINTS - 1) as f64;
		let mut y = pts[pts.len() - 1].1;
		for w in pts.windows(2) {
			if x <= w[1].0 {
				let f = if w[1].0 > w[0].0 {
					((x - w[0].0) / (w[1].0 - w[0].0)).clamp(0.0, 1.0)
				} else {
					0.0
				};
				y = w[0].1 + f * (w[1].1 - w[0].1);
				break;
			}
		}
		*out = round_u32(y * 1e6);
	}
	let ecm = ch.get("ecm_1rc").ok_or("spec: missing `ecm_1rc`")?;
	let chem = v.get("chemistry").and_then(|x| x.as_str()).unwrap_or("").to_ascii_uppercase();
	let chemistry = chemistry_from_label(&chem);
	let cfg = EstimatorConfig {
		rated_capacity_uah: (num(&v, "nominal_capacity_ah")? * 1e6).round().max(0.0) as u64,
		nominal_voltage_mv: round_u32(num(&v, "nominal_voltage_v")? * 1e3),
		min_voltage_mv: round_u32(num(&v, "min_voltage_v")? * 1e3),
		max_voltage_mv: round_u32(num(&v, "max_voltage_v")? * 1e3),
		ocv_uv,
		r0_micro_ohm: round_u32(num(ecm, "r0_ohm")? * 1e6),
		r1_micro_ohm: round_u32(num(ecm, "r1_ohm")? * 1e6),
		tau1_ms: round_u32(num(ecm, "tau1_s")? * 1e3),
		sample_period_ms: round_u32(
			v.get("sample_period_s").and_then(|x| x.as_f64()).unwrap_or(1.0) * 1e3,
		),
		chemistry,
	};
	cfg.validate().map_err(|e| format!("spec: invalid configuration: {e:?}"))?;
	Ok(cfg)
}

/// The chemistry a sidecar's free-text label names (upper case, e.g. `NMC811`, `LiFePO4`,
/// `LiCoO2`); `Other` when it names none of the declared ones.
fn chemistry_from_label(label: &str) -> Chemistry {
	let has = |needle: &str| label.contains(needle);
	if has("LMFP") || has("LIMNFEPO4") {
		Chemistry::Lmfp
	} else if has("LIFEPO4") || has("LFP") {
		Chemistry::Lfp
	} else if has("NMC") || has("NCM") {
		Chemistry::Nmc
	} else if has("NCA") {
		Chemistry::Nca
	} else if has("LTO") || has("TITANATE") {
		Chemistry::Lto
	} else if has("LMO") || has("LIMN2O4") {
		Chemistry::Lmo
	} else if has("LCO") || has("COO2") {
		Chemistry::Lco
	} else if has("SODIUM") || has("NA-ION") {
		Chemistry::SodiumIon
	} else if has("NIMH") {
		Chemistry::NiMh
	} else {
		Chemistry::Other
	}
}

/// The directory of the public telemetry cases: `$SOCSOH_DIR`, else the repository's own copy,
/// `testdata/socsoh`. The crate directory is taken from cargo at run time (tests, benches and
/// examples run by cargo), so a build shared between clones at different paths reads the running
/// clone's copy; the build-time directory is only the fallback outside cargo.
pub fn public_cases_dir() -> std::path::PathBuf {
	if let Some(dir) = std::env::var_os("SOCSOH_DIR") {
		return dir.into();
	}
	let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR")
		.map(std::path::PathBuf::from)
		.unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
	crate_dir.join("../../testdata/socsoh")
}

/// The names of the cases (`NAME.csv.gz`) in `dir`, sorted. An error names the directory when it
/// cannot be read or holds no case: callers fail on it, they never skip.
pub fn case_names(dir: &std::path::Path) -> Result<Vec<String>, String> {
	let entries = std::fs::read_dir(dir).map_err(|e| {
		format!(
			"public telemetry cases not found at {}: {e} (the repository keeps them in \
			 testdata/socsoh; $SOCSOH_DIR overrides)",
			dir.display()
		)
	})?;
	let mut names = Vec::new();
	for entry in entries {
		let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
		if let Some(name) = entry.file_name().to_str().and_then(|n| n.strip_suffix(".csv.gz")) {
			names.push(name.to_string());
		}
	}
	if names.is_empty() {
		return Err(format!("no telemetry case (*.csv.gz) in {}", dir.display()));
	}
	names.sort();
	Ok(names)
}

/// One case of `dir`: its sidecar `NAME.json` converted by [`config_from_json`] and its samples
/// `NAME.csv.gz`. Errors name the file.
pub fn load_case(dir: &std::path::Path, name: &str) -> Result<(EstimatorConfig, Case), String> {
	let spec_path = dir.join(format!("{name}.json"));
	let spec =
		std::fs::read_to_string(&spec_path).map_err(|e| format!("{}: {e}", spec_path.display()))?;
	let cfg = config_from_json(&spec).map_err(|e| format!("{}: {e}", spec_path.display()))?;
	let csv_path = dir.join(format!("{name}.csv.gz"));
	let csv =
		csv_path.to_str().ok_or_else(|| format!("{}: not a UTF-8 path", csv_path.display()))?;
	Ok((cfg, read_case(csv)?))
}

/// Read a case CSV (gzip if the name ends in `.gz`). Header
/// `t_s,current_a,voltage_v,temp_c[,soc_true,soh_true[,anomaly_true]]`.
pub fn read_case(path: &str) -> Result<Case, String> {
	let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
	let reader: Box<dyn Read> = if path.ends_with(".gz") {
		Box::new(flate2::read::GzDecoder::new(file))
	} else {
		Box::new(file)
	};
	parse_case(BufReader::new(reader)).map_err(|e| format!("{path}: {e}"))
}

/// Parse case CSV text (see [`read_case`]).
pub fn parse_case<R: BufRead>(r: R) -> Result<Case, String> {
	let mut lines = r.lines();
	let head = lines.next().ok_or("empty file")?.map_err(|e| e.to_string())?;
	let cols: Vec<String> = head.split(',').map(|s| s.trim().to_string()).collect();
	let idx = |name: &str| cols.iter().position(|c| c == name);
	let (it, ii, iv, itemp) = (
		idx("t_s").ok_or("no t_s column")?,
		idx("current_a").ok_or("no current_a column")?,
		idx("voltage_v").ok_or("no voltage_v column")?,
		idx("temp_c").ok_or("no temp_c column")?,
	);
	let (isoc, isoh, ian) = (idx("soc_true"), idx("soh_true"), idx("anomaly_true"));
	let mut case = Case { anomaly_true: ian.map(|_| Vec::new()), ..Default::default() };
	for line in lines {
		let line = line.map_err(|e| e.to_string())?;
		if line.trim().is_empty() {
			continue;
		}
		let f: Vec<&str> = line.split(',').collect();
		let get = |i: usize| -> Result<f64, String> {
			f.get(i)
				.and_then(|x| x.trim().parse::<f64>().ok())
				.ok_or_else(|| format!("bad row: {line}"))
		};
		let t = get(it)?;
		case.samples.push(Sample {
			t_s: round_u32(t),
			current_ma: (get(ii)? * 1e3).round() as i32,
			voltage_mv: (get(iv)? * 1e3).round() as i32,
			temp_decic: (get(itemp)? * 10.0).round().clamp(i16::MIN as f64, i16::MAX as f64) as i16,
		});
		case.t_s.push(t);
		if let Some(i) = isoc {
			case.soc_true.push(get(i)?);
		}
		if let Some(i) = isoh {
			case.soh_true.push(get(i)?);
		}
		if let (Some(i), Some(v)) = (ian, case.anomaly_true.as_mut()) {
			v.push(if get(i)? >= 0.5 { 1 } else { 0 });
		}
	}
	Ok(case)
}

/// Replay `samples` in batches of `batch` samples; between batches the state is SCALE encoded
/// and decoded again (as stored by the twin). SOH is reported on the last row of each batch.
pub fn replay(cfg: &EstimatorConfig, samples: &[Sample], batch: usize) -> Result<Vec<Row>, String> {
	let m = Model::new(cfg).map_err(|e| format!("{e:?}"))?;
	let mut encoded = new_state().encode();
	let mut rows = Vec::with_capacity(samples.len());
	for chunk in samples.chunks(batch.max(1)) {
		let mut st =
			EstimatorState::decode(&mut &encoded[..]).map_err(|e| format!("state decode: {e}"))?;
		for s in chunk {
			let out = step(&m, &mut st, s);
			rows.push(Row { t_s: s.t_s, soc_ppm: out.soc_ppm, soh_ppm: None, flags: out.flags });
		}
		let res = summarize(&m, &st, chunk.len() as u32, 0, 0, 0);
		if let Some(last) = rows.last_mut() {
			last.soh_ppm = Some(res.soh_capacity_ppm);
		}
		encoded = st.encode();
	}
	Ok(rows)
}

/// Write rows as `t_s,soc_est,soh_est,anomaly_est` CSV (what `score.py` reads).
pub fn write_rows<W: std::io::Write>(mut w: W, rows: &[Row]) -> std::io::Result<()> {
	writeln!(w, "t_s,soc_est,soh_est,anomaly_est")?;
	for r in rows {
		let soh = r.soh_ppm.map(|p| format!("{:.6}", p as f64 / 1e6)).unwrap_or_default();
		let an = if r.flags & crate::flags::ANY != 0 { 1 } else { 0 };
		writeln!(w, "{},{:.6},{},{}", r.t_s, r.soc_ppm as f64 / 1e6, soh, an)?;
	}
	Ok(())
}

/// One telemetry batch as a gateway submitted it: what the off-chain worker turns into
/// [`Sample`]s (see [`replay_results`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmittedBatch {
	/// Time of the first reading, Unix ms.
	pub start_ms: u64,
	/// Time between readings, ms.
	pub period_ms: u32,
	/// The readings `(current mA, voltage mV, temperature 0.1 °C)`, in order.
	pub readings: Vec<(i32, i32, i16)>,
	/// The battery's usage regime the chain recorded with the batch (0: none).
	pub usage_regime: u64,
}

/// An integer field of a batch that must fit `T` (the width the chain's types give it).
fn int_field<T: TryFrom<i64>>(v: &serde_json::Value, what: &str) -> Result<T, String> {
	v.as_i64()
		.and_then(|x| T::try_from(x).ok())
		.ok_or_else(|| format!("{what}: not an integer in range: {v}"))
}

/// Parse `[{ "startMs": n, "periodMs": n, "readings": [[currentMa, voltageMv, tempDecic], ...],
/// "usageRegime": n (optional, 0) }, ...]`. Every number must be an integer of the width the chain uses (`u64`, `u32`, `i32`,
/// `i32`, `i16`): a reading that does not fit is an error, never a silent cast, since the replay
/// must see exactly what was sealed.
pub fn parse_batches(text: &str) -> Result<Vec<SubmittedBatch>, String> {
	let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("batches: {e}"))?;
	let list = v.as_array().ok_or("batches: not a JSON array")?;
	let mut batches = Vec::with_capacity(list.len());
	for (i, b) in list.iter().enumerate() {
		let field = |key: &str| b.get(key).ok_or_else(|| format!("batch {i}: missing `{key}`"));
		let readings = field("readings")?
			.as_array()
			.ok_or_else(|| format!("batch {i}: `readings` is not an array"))?;
		let mut parsed = Vec::with_capacity(readings.len());
		for (k, r) in readings.iter().enumerate() {
			let at = |n: usize| -> Result<&serde_json::Value, String> {
				r.as_array().filter(|a| a.len() == 3).map(|a| &a[n]).ok_or_else(|| {
					format!("batch {i} reading {k}: not [currentMa, voltageMv, tempDecic]")
				})
			};
			parsed.push((
				int_field(at(0)?, &format!("batch {i} reading {k} currentMa"))?,
				int_field(at(1)?, &format!("batch {i} reading {k} voltageMv"))?,
				int_field(at(2)?, &format!("batch {i} reading {k} tempDecic"))?,
			));
		}
		batches.push(SubmittedBatch {
			start_ms: int_field(field("startMs")?, &format!("batch {i} startMs"))?,
			period_ms: int_field(field("periodMs")?, &format!("batch {i} periodMs"))?,
			readings: parsed,
			usage_regime: match b.get("usageRegime") {
				None => 0,
				Some(v) => v.as_u64().ok_or_else(|| {
					format!("batch {i} usageRegime: not an integer in range: {v}")
				})?,
			},
		});
	}
	Ok(batches)
}

/// The samples the off-chain worker makes of `batch`: reading `k` at
/// [`sample_time_s`]`(start_ms, period_ms, k)`.
pub fn batch_samples(batch: &SubmittedBatch) -> Vec<Sample> {
	batch
		.readings
		.iter()
		.enumerate()
		.map(|(k, &(current_ma, voltage_mv, temp_decic))| Sample {
			t_s: sample_time_s(batch.start_ms, batch.period_ms, k),
			current_ma,
			voltage_mv,
			temp_decic,
		})
		.collect()
}

/// Run `batches` through the estimator as the off-chain worker does: from [`new_state`], one
/// [`process_batch`] per batch, the state SCALE encoded and decoded between batches (the worker
/// reads it from the sealed twin). The results are those the chain's health envelopes seal, in
/// order. (The worker's range check, which turns a batch into a rejection, is not repeated: pass
/// only batches that got a result.)
pub fn replay_results(
	cfg: &EstimatorConfig,
	batches: &[SubmittedBatch],
	prior: Option<&TwinPrior>,
) -> Result<Vec<BatchResult>, String> {
	let start = match prior {
		Some(prior) => seeded_state(cfg, prior).map_err(|e| format!("prior: {e:?}"))?,
		None => new_state(),
	};
	let mut encoded = start.encode();
	let mut results = Vec::with_capacity(batches.len());
	for (i, batch) in batches.iter().enumerate() {
		let mut state = EstimatorState::decode(&mut &encoded[..])
			.map_err(|e| format!("batch {i}: state decode: {e}"))?;
		state.note_usage_regime(batch.usage_regime);
		let result = process_batch(cfg, &mut state, &batch_samples(batch))
			.map_err(|e| format!("batch {i}: {e:?}"))?;
		results.push(result);
		encoded = state.encode();
	}
	Ok(results)
}

/// A twin's stated history from `CAP_UAH[,R0_UOHM[,EFC_MILLI]]` (an empty field: unknown), as
/// `estimator-replay --prior` and `replay-telemetry.mjs --seed` take it.
pub fn parse_prior(text: &str) -> Result<TwinPrior, String> {
	let mut fields = text.split(',').map(str::trim);
	let number = |field: Option<&str>, what: &str| -> Result<Option<u64>, String> {
		match field {
			None | Some("") => Ok(None),
			Some(v) => v.parse().map(Some).map_err(|e| format!("prior {what}: {e}")),
		}
	};
	let capacity_uah =
		number(fields.next(), "capacity")?.ok_or("prior: the capacity (µAh) is required")?;
	let r0_micro_ohm = number(fields.next(), "R0")?
		.map(|r0| u32::try_from(r0).map_err(|_| "prior R0: too large".to_string()))
		.transpose()?;
	let efc_milli = number(fields.next(), "cycles")?;
	if fields.next().is_some() {
		return Err("prior: at most three fields (capacity, R0, cycles)".into());
	}
	Ok(TwinPrior { capacity_uah, r0_micro_ohm, efc_milli })
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::estimator::tests::cfg;

	/// A discharge at 1 A then a rest, `n` readings from `first`.
	fn readings(first: usize, n: usize) -> Vec<(i32, i32, i16)> {
		(first..first + n)
			.map(|k| {
				let current = if k < 150 { 1_000 } else { 0 };
				(current, 3_900 - (k as i32) * 2, 250 + (k % 7) as i16)
			})
			.collect()
	}

	#[test]
	fn batches_give_the_results_of_process_batch_in_sequence() {
		let json = r#"[
			{ "startMs": 1700000000500, "periodMs": 1000, "readings": READINGS_A },
			{ "startMs": 1700000100500, "periodMs": 1000, "readings": READINGS_B }
		]"#;
		let show = |r: Vec<(i32, i32, i16)>| {
			let rows: Vec<String> = r.iter().map(|(i, v, t)| format!("[{i},{v},{t}]")).collect();
			format!("[{}]", rows.join(","))
		};
		let json = json
			.replace("READINGS_A", &show(readings(0, 100)))
			.replace("READINGS_B", &show(readings(100, 100)));
		let batches = parse_batches(&json).expect("parses");
		assert_eq!(batches.len(), 2);
		assert_eq!(batches[1].readings[0], readings(100, 1)[0]);
		let results = replay_results(&cfg(), &batches, None).expect("replays");

		// The same by hand: one state carried across two process_batch calls.
		let mut state = new_state();
		let samples = |first: usize, start_s: u32| -> Vec<Sample> {
			readings(first, 100)
				.iter()
				.enumerate()
				.map(|(k, &(i, v, t))| Sample {
					t_s: start_s + k as u32,
					current_ma: i,
					voltage_mv: v,
					temp_decic: t,
				})
				.collect()
		};
		let (samples_a, samples_b) = (samples(0, 1_700_000_000), samples(100, 1_700_000_100));
		let first = process_batch(&cfg(), &mut state, &samples_a).expect("first");
		let second = process_batch(&cfg(), &mut state, &samples_b).expect("second");
		assert_eq!(results, vec![first, second]);
		assert_eq!(results[1].samples, 100);
		assert_eq!(results[1].last_t_s, 1_700_000_199);
	}

	#[test]
	fn reports_malformed_batches() {
		assert!(parse_batches("[{").unwrap_err().starts_with("batches: "));
		assert!(parse_batches("{}").unwrap_err().contains("not a JSON array"));
		let no_period = r#"[{ "startMs": 0, "readings": [] }]"#;
		assert!(parse_batches(no_period).unwrap_err().contains("missing `periodMs`"));
		let short = r#"[{ "startMs": 0, "periodMs": 1000, "readings": [[1, 2]] }]"#;
		assert!(parse_batches(short).unwrap_err().contains("batch 0 reading 0"));
		let hot = r#"[{ "startMs": 0, "periodMs": 1000, "readings": [[1, 3700, 40000]] }]"#;
		assert!(parse_batches(hot).unwrap_err().contains("tempDecic"));
		let fraction = r#"[{ "startMs": 0, "periodMs": 1000, "readings": [[1.5, 3700, 250]] }]"#;
		assert!(parse_batches(fraction).unwrap_err().contains("currentMa"));
		assert_eq!(parse_batches("[]").expect("empty list"), Vec::new());
	}
}
