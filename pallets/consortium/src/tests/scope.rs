use super::*;
use crate::{DataCategory, Error, Event, Role, RoleSet, Scope};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError::BadOrigin;
use DataCategory::*;

const OTHER_BATTERY: &[u8] = b"CATL-2025-0000000000000002";

fn roles(list: &[Role]) -> BoundedVec<Role, crate::MaxScopeRoles> {
	list.to_vec().try_into().unwrap()
}

/// Who may read what of a battery made by MANUFACTURER, held by OPERATOR, assigned to USER and
/// commissioned to RECYCLER (`DESIGN.md`, "Roles and what each may see"; `battery_primitives::
/// scope`). LOGISTICS does not hold it; an energy station reads its own sessions only.
fn expected(who: AccountId, category: DataCategory) -> bool {
	match category {
		Public => true,
		Factory => [MANUFACTURER, OPERATOR, USER, RECYCLER, AUTHORITY].contains(&who),
		Logistics => [OPERATOR, AUTHORITY].contains(&who),
		Usage => [OPERATOR, USER, RECYCLER, AUTHORITY].contains(&who),
		Maintenance => [OPERATOR, USER, RECYCLER, AUTHORITY].contains(&who),
		Refurbishment => [MANUFACTURER, RECYCLER, AUTHORITY].contains(&who),
		Charging => [AUTHORITY].contains(&who),
	}
}

/// BATTERY made by MANUFACTURER, held by OPERATOR, assigned to USER, commissioned to RECYCLER.
fn battery_in_service() {
	MockBatteryScope::register(BATTERY, MANUFACTURER, OPERATOR);
	MockBatteryScope::assign(USER, BATTERY);
	MockBatteryScope::commission(RECYCLER, BATTERY);
}

const EVERYONE: [AccountId; 9] = [
	MANUFACTURER,
	LOGISTICS,
	OPERATOR,
	USER,
	ENERGY_STATION,
	RECYCLER,
	AUTHORITY,
	ALICE,
	GENESIS_BMS,
];

#[test]
fn genesis_writes_the_default_matrix() {
	ExtBuilder::default().build_and_execute(|| {
		for category in DataCategory::ALL {
			assert_eq!(Consortium::scope_of(category), category.default_readers());
			if category == Public {
				assert!(Scope::<Test>::get(category).is_none());
				assert_eq!(Consortium::scope_of(category), RoleSet::all());
			} else {
				assert_eq!(Scope::<Test>::get(category), Some(category.default_readers()));
			}
		}
	});
}

#[test]
fn default_matrix_applies_without_stored_rows() {
	ExtBuilder::default().build_and_execute(|| {
		let _ = Scope::<Test>::clear(u32::MAX, None);
		for category in DataCategory::ALL {
			assert_eq!(Consortium::scope_of(category), category.default_readers());
		}
	});
}

#[test]
fn can_read_answers_for_each_role() {
	ExtBuilder::default().build_and_execute(|| {
		battery_in_service();
		let battery = subject(BATTERY);
		for category in DataCategory::ALL {
			for who in EVERYONE {
				assert_eq!(
					Consortium::can_read(&who, &battery, category),
					expected(who, category),
					"account {who} reading {category:?}"
				);
			}
		}
	});
}

#[test]
fn every_role_but_the_authority_reads_only_its_batteries() {
	ExtBuilder::default().build_and_execute(|| {
		battery_in_service();
		// Another battery of a competitor: made by ALICE's line, held by the carrier.
		admit(ALICE, Role::Manufacturer);
		MockBatteryScope::register(OTHER_BATTERY, ALICE, LOGISTICS);
		let other = subject(OTHER_BATTERY);
		for category in [Factory, Logistics, Usage, Maintenance, Refurbishment, Charging] {
			for who in [MANUFACTURER, OPERATOR, USER, RECYCLER, ENERGY_STATION] {
				assert!(!Consortium::can_read(&who, &other, category), "{who} {category:?}");
			}
			assert!(Consortium::can_read(&AUTHORITY, &other, category));
		}
		// Its own parties: the maker reads factory data, the carrier reads logistics while it
		// holds the battery.
		assert!(Consortium::can_read(&ALICE, &other, Factory));
		assert!(Consortium::can_read(&LOGISTICS, &other, Logistics));
		assert!(!Consortium::can_read(&LOGISTICS, &other, Usage));
		// Public stays public.
		assert!(Consortium::can_read(&USER, &other, Public));
	});
}

#[test]
fn sealing_keys_are_the_keys_in_scope() {
	ExtBuilder::default().build_and_execute(|| {
		battery_in_service();
		let battery = subject(BATTERY);
		let key = |n: u8| [n; 32];
		assert_eq!(Consortium::sealing_keys(&battery, Usage, None), Some(vec![]));
		for (who, n) in [(OPERATOR, 0x31), (USER, 0x32), (MANUFACTURER, 0x33), (ALICE, 0x34)] {
			if who == ALICE {
				admit(ALICE, Role::Operator);
			}
			assert_ok!(Consortium::set_reader_key(RuntimeOrigin::signed(who), key(n)));
		}
		assert_ok!(Consortium::set_authority_reader_key(RuntimeOrigin::root(), key(0x39)));
		assert_eq!(
			Consortium::sealing_keys(&battery, Usage, None),
			Some(vec![key(0x31), key(0x32), key(0x39)])
		);
		// The author is added once.
		assert_eq!(
			Consortium::sealing_keys(&battery, Usage, Some(&OPERATOR)),
			Some(vec![key(0x31), key(0x32), key(0x39)])
		);
		assert_eq!(
			Consortium::sealing_keys(&battery, Factory, Some(&ALICE)),
			Some(vec![key(0x31), key(0x32), key(0x33), key(0x34), key(0x39)])
		);
		assert_eq!(Consortium::sealing_keys(&subject(OTHER_BATTERY), Usage, None), None);
		assert_eq!(
			Consortium::sealing_keys_raw(BATTERY.to_vec(), Usage, None).map(|keys| keys.len()),
			Some(3)
		);
		assert_eq!(Consortium::sealing_keys_raw(vec![b'x'; 65], Usage, None), None);
	});
}

#[test]
fn without_battery_scope_hook_scoped_roles_read_nothing_private() {
	ExtBuilder::default().build_and_execute(|| {
		let battery = subject(BATTERY);
		for category in [Factory, Usage, Maintenance, Refurbishment] {
			assert!(!Consortium::can_read(&USER, &battery, category));
			assert!(!Consortium::can_read(&RECYCLER, &battery, category));
		}
	});
}

#[test]
fn suspended_members_and_users_read_only_public() {
	ExtBuilder::default().build_and_execute(|| {
		battery_in_service();
		let battery = subject(BATTERY);
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), AUTHORITY));
		assert_ok!(Consortium::suspend_member(RuntimeOrigin::root(), OPERATOR));
		for category in DataCategory::ALL {
			let public = category == Public;
			assert_eq!(Consortium::can_read(&AUTHORITY, &battery, category), public);
			assert_eq!(Consortium::can_read(&OPERATOR, &battery, category), public);
			// USER's only operator is suspended.
			assert_eq!(Consortium::can_read(&USER, &battery, category), public);
		}
	});
}

#[test]
fn a_member_with_several_roles_reads_the_union() {
	ExtBuilder::default().build_and_execute(|| {
		admit(MANUFACTURER, Role::Logistics);
		// The manufacturer ships its own battery: it holds it as carrier.
		MockBatteryScope::register(BATTERY, MANUFACTURER, MANUFACTURER);
		let battery = subject(BATTERY);
		assert!(Consortium::can_read(&MANUFACTURER, &battery, Factory));
		assert!(Consortium::can_read(&MANUFACTURER, &battery, Logistics));
		assert!(!Consortium::can_read(&MANUFACTURER, &battery, Usage));
	});
}

#[test]
fn set_scope_changes_a_row() {
	ExtBuilder::default().build_and_execute(|| {
		battery_in_service();
		let battery = subject(BATTERY);
		assert!(!Consortium::can_read(&OPERATOR, &battery, Refurbishment));
		assert_ok!(Consortium::set_scope(
			RuntimeOrigin::root(),
			Refurbishment,
			roles(&[Role::Operator, Role::Authority, Role::Operator])
		));
		let set = RoleSet::from_roles(&[Role::Operator, Role::Authority]);
		System::assert_last_event(Event::ScopeSet { category: Refurbishment, roles: set }.into());
		assert_eq!(Scope::<Test>::get(Refurbishment), Some(set));
		assert!(Consortium::can_read(&OPERATOR, &battery, Refurbishment));
		assert!(!Consortium::can_read(&RECYCLER, &battery, Refurbishment));

		// An empty row closes the category to everybody.
		assert_ok!(Consortium::set_scope(RuntimeOrigin::root(), Charging, roles(&[])));
		assert!(!Consortium::can_read(&AUTHORITY, &battery, Charging));
		assert_eq!(Consortium::scope_of(Charging), RoleSet::empty());
	});
}

#[test]
fn set_scope_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::set_scope(RuntimeOrigin::signed(AUTHORITY), Usage, roles(&[Role::User])),
			BadOrigin
		);
		assert_noop!(
			Consortium::set_scope(RuntimeOrigin::root(), Public, roles(&[Role::Authority])),
			Error::<Test>::PublicScopeFixed
		);
	});
}

#[test]
fn genesis_scope_overrides_rows() {
	ExtBuilder::default()
		.scope(vec![(Charging, vec![Role::EnergyStation, Role::User, Role::Authority])])
		.build_and_execute(|| {
			assert_eq!(
				Consortium::scope_of(Charging),
				RoleSet::from_roles(&[Role::EnergyStation, Role::User, Role::Authority])
			);
			assert_eq!(Consortium::scope_of(Usage), Usage.default_readers());
		});
}

#[test]
fn can_read_raw_refuses_oversized_ids() {
	ExtBuilder::default().build_and_execute(|| {
		battery_in_service();
		assert!(Consortium::can_read_raw(AUTHORITY, BATTERY.to_vec(), Usage));
		assert!(!Consortium::can_read_raw(AUTHORITY, vec![b'x'; 65], Usage));
		assert!(!Consortium::can_read_raw(AUTHORITY, vec![b'x'; 65], Public));
	});
}
