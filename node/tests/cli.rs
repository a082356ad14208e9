//! The node's subcommands, run on the built binary: `build-spec` (plain and raw) carries the token
//! properties and the presets' genesis, `key` works, `purge-chain` removes a chain's database.

use std::{path::Path, process::Command};

const NODE: &str = env!("CARGO_BIN_EXE_battery-node");

fn run(args: &[&str]) -> (bool, String, String) {
	let output = Command::new(NODE).args(args).output().expect("the node binary runs");
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

/// `build-spec` with `args`. Without `--disable-default-bootnode` it would add this node as a boot
/// node, creating its network key in the default base path: two tests doing that at once on a
/// fresh machine race on creating the same key file (`File exists`).
fn spec(args: &[&str]) -> serde_json::Value {
	let args: Vec<&str> = args.iter().copied().chain(["--disable-default-bootnode"]).collect();
	let (ok, stdout, stderr) = run(&args);
	assert!(ok, "build-spec failed: {stderr}");
	serde_json::from_str(&stdout).expect("build-spec prints JSON")
}

#[test]
fn build_spec_carries_token_properties_for_every_chain() {
	for chain in ["dev", "local"] {
		let plain = spec(&["build-spec", "--chain", chain]);
		assert_eq!(plain["properties"]["tokenSymbol"], "BATT", "{chain}");
		assert_eq!(plain["properties"]["tokenDecimals"], 12, "{chain}");
		assert_eq!(plain["properties"]["ss58Format"], 4242, "{chain}");
		let raw = spec(&["build-spec", "--chain", chain, "--raw"]);
		assert!(raw["genesis"]["raw"]["top"].is_object(), "{chain}: raw genesis");
		assert_eq!(raw["properties"], plain["properties"]);
	}
}

#[test]
fn consortium_and_local_specs_have_four_equal_validators_and_no_sudo() {
	let patch = |chain: &str| {
		let plain = spec(&["build-spec", "--chain", chain]);
		plain["genesis"]["runtimeGenesis"]["patch"].clone()
	};
	let authorities = |patch: &serde_json::Value| {
		(
			patch["aura"]["authorities"].as_array().map(Vec::len),
			patch["grandpa"]["authorities"].as_array().map(Vec::len),
		)
	};
	let dev = patch("dev");
	assert_eq!(authorities(&dev), (Some(1), Some(1)));
	assert!(dev["sudo"]["key"].is_string(), "the dev chain keeps a sudo key: {}", dev["sudo"]);
	for chain in ["consortium", "local"] {
		let patch = patch(chain);
		assert_eq!(authorities(&patch), (Some(4), Some(4)), "{chain}");
		let weights: Vec<_> = patch["grandpa"]["authorities"]
			.as_array()
			.map(|voters| voters.iter().map(|voter| voter[1].clone()).collect())
			.unwrap_or_default();
		assert!(weights.iter().all(|w| *w == weights[0]), "{chain}: equal weights {weights:?}");
		assert!(patch["sudo"]["key"].is_null(), "{chain}: no sudo key: {}", patch["sudo"]);
	}
}

#[test]
fn key_subcommands_work() {
	let (ok, stdout, stderr) = run(&["key", "inspect", "//Alice", "--network", "substrate"]);
	assert!(ok, "{stderr}");
	assert!(stdout.contains("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"), "{stdout}");
	let (ok, stdout, stderr) = run(&["key", "generate", "--scheme", "sr25519"]);
	assert!(ok, "{stderr}");
	assert!(stdout.contains("Secret phrase"), "{stdout}");
	let (ok, stdout, stderr) = run(&["key", "generate-node-key"]);
	assert!(ok, "{stderr}");
	assert!(stdout.trim().len() >= 52, "a peer id is printed: {stdout} {stderr}");
}

#[test]
fn purge_chain_removes_the_database() {
	let base = std::env::temp_dir().join(format!("battery-purge-{}", std::process::id()));
	let db = base.join("chains/battery_dev/paritydb/full");
	std::fs::create_dir_all(&db).expect("create a fake database dir");
	std::fs::write(db.join("marker"), b"x").expect("write");
	let base_arg = base.to_string_lossy().into_owned();
	let (ok, _, stderr) =
		run(&["purge-chain", "--dev", "-y", "--base-path", &base_arg, "--database", "paritydb"]);
	assert!(ok, "{stderr}");
	assert!(!Path::new(&db).exists(), "the database was removed");
	let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn rocksdb_is_not_compiled_in() {
	let (ok, _, stderr) = run(&["--dev", "--database", "rocksdb", "--tmp"]);
	assert!(!ok, "rocksdb must be rejected");
	assert!(stderr.contains("rocksdb"), "{stderr}");
}
