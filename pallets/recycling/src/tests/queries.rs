//! The runtime API's reads: a battery's recycling record and its lineage.

use super::*;
use battery_primitives::read::ReadError;

#[test]
fn the_recycling_read_follows_a_battery_and_refuses_unknown_ids() {
	new_test_ext().execute_with(|| {
		let b = battery(1);
		let view = Recycling::recycling(&b).expect("known");
		assert!(view.commission.is_none() && view.assessments.is_empty() && view.offer.is_none());
		assert_ok!(Recycling::offer_buy_back(RuntimeOrigin::signed(recycler()), b.clone(), 10, 5));
		assert_eq!(Recycling::recycling(&b).expect("known").offer.map(|o| o.price), Some(10));
		assert_ok!(Recycling::close_buy_back(RuntimeOrigin::signed(recycler()), b.clone()));
		with_recycler(&b);
		for _ in 0..3 {
			assert_ok!(assess(&b, healthy(), Verdict::Recycle));
		}
		let view = Recycling::recycling(&b).expect("known");
		assert_eq!(view.battery, b);
		assert_eq!(view.commission.map(|c| c.recycler), Some(recycler()));
		assert_eq!((view.assessments.len(), view.assessment_count), (KEPT as usize, 3));
		assert!(view.certification.is_none() && view.certified_as.is_none());
		assert_eq!(Recycling::recycling(&battery(9)), Err(ReadError::UnknownBattery));
		assert_eq!(Recycling::recycling(&[b'x'; 65]), Err(ReadError::InvalidBatteryId));
		// The lineage of a first-life battery is itself.
		let lineage = Battery::lineage(&battery(2)).expect("known");
		assert_eq!(lineage.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), vec![battery(2)]);
		assert_eq!(Battery::lineage(&battery(9)), Err(ReadError::UnknownBattery));
	});
}
