//! battery-chain from Rust with subxt: reads a member's roles (by name), a battery passport
//! through the runtime API, and submits a transfer signed by Alice, all through code generated
//! from the chain's metadata (`metadata.scale`, fetched by `scripts/subxt-example.sh`).
//!
//! The chain needs no custom config: `SubstrateConfig` matches it (32-byte accounts,
//! `MultiAddress`, `MultiSignature`, BLAKE2-256, `u32` block numbers) and subxt's default
//! transaction extensions cover the runtime's (the others carry no data). Only the SS58 prefix,
//! 4242, is this chain's own: subxt prints addresses with the generic prefix 42, so [`ss58`]
//! encodes them the way polkadot.js and the node do.

use subxt::{utils::AccountId32, OnlineClient, SubstrateConfig};
use subxt_signer::sr25519::dev;

#[subxt::subxt(runtime_metadata_path = "metadata.scale")]
mod battery {}

/// battery-chain's SS58 address prefix (`token::SS58_PREFIX` in the runtime).
const SS58_PREFIX: u16 = 4242;

/// `account` as an SS58 address with battery-chain's prefix (two-byte form, as for every prefix
/// from 64 on): prefix bytes, the 32 account bytes, then two checksum bytes of BLAKE2b-512 over
/// `"SS58PRE"`, the prefix bytes and the account.
fn ss58(account: &AccountId32) -> String {
	let ident = SS58_PREFIX & 0b0011_1111_1111_1111;
	let first = (((ident & 0b0000_0000_1111_1100) as u8) >> 2) | 0b0100_0000;
	let second = ((ident >> 8) as u8) | (((ident & 0b0000_0000_0000_0011) as u8) << 6);
	let mut bytes = vec![first, second];
	bytes.extend_from_slice(&account.0);
	let mut preimage = b"SS58PRE".to_vec();
	preimage.extend_from_slice(&bytes);
	let checksum = sp_crypto_hashing::blake2_512(&preimage);
	bytes.extend_from_slice(&checksum[..2]);
	bs58::encode(bytes).into_string()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
	let url = std::env::args().nth(1).unwrap_or_else(|| "ws://127.0.0.1:9944".into());
	let api = OnlineClient::<SubstrateConfig>::from_url(&url).await?;
	let at = api.at_current_block().await?;

	// A member's roles, decoded as role names.
	let bob: AccountId32 = dev::bob().public_key().into();
	let member = at.storage().entry(battery::storage().consortium().members())?.fetch((bob.clone(),)).await?;
	let member = member.decode()?;
	let roles: Vec<String> = member.roles.0.iter().map(|role| format!("{role:?}")).collect();
	println!("Bob {}: roles {roles:?}", ss58(&bob));

	// A passport through the runtime API (the `battery_passport` RPC reads the same).
	let id = std::env::args().nth(2).unwrap_or_else(|| "03HPE0A2D000C7LB50000001".into());
	let call = battery::runtime_apis().battery_api().passport(id.as_bytes().to_vec());
	match at.runtime_apis().call(call).await? {
		Some(passport) => println!("passport {id}: status {:?}, life {:?}", passport.status, passport.life),
		None => println!("passport {id}: not registered"),
	}

	// A transfer signed by Alice, watched until finalized.
	let alice = dev::alice();
	let tx = battery::transactions().balances().transfer_keep_alive(bob.clone().into(), 1_000_000_000_000);
	let events = at
		.transactions()
		.sign_and_submit_then_watch_default(&tx, &alice)
		.await?
		.wait_for_finalized_success()
		.await?;
	let transfer = events
		.find_first::<battery::balances::events::Transfer>()
		.ok_or("no Transfer event")??;
	let fee = events
		.find_first::<battery::transaction_payment::events::TransactionFeePaid>()
		.ok_or("no TransactionFeePaid event")??;
	println!(
		"transfer of {} planck from {} to {} finalized; fee {} planck",
		transfer.amount,
		ss58(&transfer.from),
		ss58(&transfer.to),
		fee.actual_fee
	);
	Ok(())
}
