//! A property test of the payment invariants: random call sequences (seeded, reproducible) by
//! every kind of caller, valid and invalid, with time passing. After every call: total issuance
//! is unchanged, the try-state invariants hold (session holds add up per payer, open sessions
//! occupy their piles), no session is settled or cancelled twice, and the station's income is
//! exactly what the settlements paid minus the refunds.

use super::*;
use crate::{Event, Sessions};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
}

const PILES: [&str; 3] = [EVSE, "DE*ABC*E000001*2", "DE*ABC*E000001*3"];

fn controller_of(pile: &str) -> AccountId {
	account(&format!("Controller{pile}"))
}

#[test]
fn random_call_sequences_keep_every_unit_accounted_for() {
	for seed in 1..=12u64 {
		new_test_ext().execute_with(|| run(seed, 300));
	}
}

fn run(seed: u64, steps: u32) {
	let station = station_of(&station_owner());
	assert_ok!(Charging::certify_station(RuntimeOrigin::root(), station, true));
	for pile in PILES {
		pile_at(&station_owner(), station, pile);
		MockConsortium::add_device(
			controller_of(pile),
			DeviceKind::PileController,
			station_owner(),
			pile.as_bytes(),
		);
	}
	let issuance = Balances::total_issuance();
	let payers = [user(), operator(), stranger()];
	let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
	let mut meter = [METER_START; 3];
	let mut clock = NOW_MS;
	let mut block = 1u32;
	for _ in 0..steps {
		let pile_index = rng.below(3) as usize;
		let pile = PILES[pile_index];
		// Mostly the pile's open session, sometimes any number (past, future, unknown).
		let open = crate::PileSessions::<Test>::get(evse(pile));
		let session = match open {
			Some(id) if rng.below(4) > 0 => id,
			_ => rng.below(crate::NextSessionId::<Test>::get() + 2),
		};
		let who = payers[rng.below(3) as usize].clone();
		let _ = match rng.below(9) {
			0 | 1 => Charging::request_session(
				RuntimeOrigin::signed(who.clone()),
				evse(pile),
				1,
				None,
				rng.below(120_000) as u32,
				rng.below(120) as u32,
				details_for(&who, &BatteryId::truncate_from(pile.as_bytes().to_vec())),
			),
			2 => Charging::start_session(
				RuntimeOrigin::signed(controller_of(pile)),
				session,
				meter[pile_index],
				clock.saturating_sub(rng.below(600_000)),
			),
			3 => {
				meter[pile_index] += rng.below(40_000);
				Charging::report_meter(
					RuntimeOrigin::signed(controller_of(pile)),
					session,
					meter[pile_index],
					clock,
				)
			},
			4 => {
				meter[pile_index] += rng.below(60_000);
				Charging::stop_session(
					RuntimeOrigin::signed(controller_of(pile)),
					session,
					meter[pile_index],
					clock,
					None,
				)
			},
			5 => Charging::cancel_session(RuntimeOrigin::signed(who), session),
			6 => Charging::close_stale_session(RuntimeOrigin::signed(who), session),
			7 => Charging::dispute_session(RuntimeOrigin::signed(who), session, [1; 32]),
			_ => Charging::resolve_dispute(
				RuntimeOrigin::signed(station_owner()),
				session,
				rng.below(30_000),
			),
		};
		// Time passes: minutes of charging, blocks for the timeouts.
		clock += rng.below(900_000);
		MockTime::set(clock);
		block += rng.below(30) as u32;
		System::set_block_number(block);

		assert_eq!(Balances::total_issuance(), issuance, "seed {seed}: issuance moved");
		Charging::do_try_state().unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
	}

	// Each session ended at most once; the station's income is what settlements paid minus
	// refunds; every payer's loss is exactly that income.
	let mut ended = std::collections::BTreeSet::new();
	let (mut paid, mut refunded) = (0u64, 0u64);
	for record in System::events() {
		match record.event {
			RuntimeEvent::Charging(Event::SessionSettled { session, cost, .. }) => {
				assert!(ended.insert(session), "seed {seed}: session {session} ended twice");
				paid += cost;
			},
			RuntimeEvent::Charging(Event::SessionCancelled { session, .. }) => {
				assert!(ended.insert(session), "seed {seed}: session {session} ended twice");
			},
			RuntimeEvent::Charging(Event::DisputeResolved { refund, .. }) => refunded += refund,
			_ => {},
		}
	}
	assert_eq!(free(&station_owner()), ENDOWMENT + paid - refunded, "seed {seed}: station income");
	let spent: u64 = payers.iter().map(|p| ENDOWMENT - free(p) - held(p)).sum();
	assert_eq!(spent, paid - refunded, "seed {seed}: payers' spending");
	let open = Sessions::<Test>::iter().filter(|(_, s)| s.status.is_open()).count();
	assert!(ended.len() + open <= crate::NextSessionId::<Test>::get() as usize);
	assert!(paid > 0 && ended.len() > 5, "seed {seed}: the sequence settled too little to test");
}
