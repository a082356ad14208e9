//! Accident records written through `BatteryLifecycle::record_accident`: the kept ring, the
//! total in the passport, the reads, and what is refused.

use super::*;
use crate::{Accident, AccidentRecord, Accidents, BatteryLifecycle, Error, Event, SecondLife};
use battery_primitives::{battery::AccidentSource, read::ReadError};
use frame_support::{assert_noop, traits::Get};

/// An impact of `peak_mg` at `at_ms` in the transport of batch 7, impact `impact`.
fn accident(impact: u32, at_ms: u64, peak_mg: u32) -> Accident {
	Accident {
		occurred_at_ms: at_ms,
		peak_mg,
		source: AccidentSource::Transport { batch: 7, shipment: 3, impact },
	}
}

fn record_accident(battery: &BatteryId, accident: Accident) -> sp_runtime::DispatchResult {
	<Battery as BatteryLifecycle<AccountId>>::record_accident(battery, accident)
}

#[test]
fn an_accident_is_kept_counted_in_the_passport_and_emitted() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1), gbt(2)]);
		System::set_block_number(5);
		assert_ok!(record_accident(&gbt(1), accident(0, 1_700_000_000_000, 6_500)));
		let expected = AccidentRecord {
			index: 0,
			occurred_at_ms: 1_700_000_000_000,
			peak_mg: 6_500,
			source: AccidentSource::Transport { batch: 7, shipment: 3, impact: 0 },
			recorded_at: 5,
		};
		assert_eq!(
			last_event(),
			Event::AccidentRecorded { battery: gbt(1), record: expected.clone() }
		);
		let view = Battery::accidents(&gbt(1)).expect("known battery");
		assert_eq!((view.total, view.records), (1, vec![expected]));
		assert_eq!(Battery::passport(&gbt(1)).expect("registered").accidents, 1);
		// The other battery of the batch has none until its own record.
		assert_eq!(Battery::passport(&gbt(2)).expect("registered").accidents, 0);
		assert_eq!(Battery::accidents(&gbt(2)).expect("known").total, 0);
	});
}

#[test]
fn only_the_latest_accidents_stay_on_chain_and_the_total_counts_all() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		let kept: u32 = <<Test as crate::Config>::MaxAccidentRecords as Get<u32>>::get();
		for n in 0..kept + 2 {
			assert_ok!(record_accident(&gbt(1), accident(n, 1_000 + u64::from(n), 5_000 + n)));
		}
		let view = Battery::accidents(&gbt(1)).expect("known");
		assert_eq!(view.total, kept + 2);
		let indexes: Vec<u32> = view.records.iter().map(|r| r.index).collect();
		assert_eq!(indexes, (2..kept + 2).collect::<Vec<_>>());
		assert_eq!(Battery::passport(&gbt(1)).expect("registered").accidents, kept + 2);
	});
}

#[test]
fn a_frozen_battery_records_accidents_too() {
	ExtBuilder::default().build_and_execute(|| {
		register(&[gbt(1)]);
		assert_ok!(Battery::freeze(RuntimeOrigin::signed(authority()), gbt(1)));
		assert_ok!(record_accident(&gbt(1), accident(0, 1, 9_000)));
		assert_eq!(Accidents::<Test>::get(gbt(1)).expect("recorded").total, 1);
	});
}

#[test]
fn accidents_of_unknown_or_closed_passports_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			record_accident(&gbt(9), accident(0, 1, 9_000)),
			Error::<Test>::UnknownBattery
		);
		with_recycler(&gbt(1));
		assert_ok!(Battery::register_second_life(
			RuntimeOrigin::signed(recycler()),
			gbt(1),
			SecondLife::Reused,
			gs1(1),
			factory(),
		));
		assert_noop!(
			record_accident(&gbt(1), accident(0, 1, 9_000)),
			Error::<Test>::PassportClosed
		);
		// The successor passport is open.
		assert_ok!(record_accident(&gs1(1), accident(0, 1, 9_000)));
	});
}

#[test]
fn accident_reads_check_the_id_first() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Battery::accidents(&[b'A'; 200]), Err(ReadError::InvalidBatteryId));
		assert_eq!(Battery::accidents(&gbt(9)), Err(ReadError::UnknownBattery));
	});
}
