use super::*;
use crate::{DataCategory, Error, Event, Role, RoleSet, Scope};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::DispatchError::BadOrigin;
use DataCategory::*;

const OTHER_BATTERY: &[u8] = b"CATL-2025-0000000000000002";

fn roles(list: &[Role]) -> BoundedVec<Role, crate::MaxScopeRoles> {
	list.to_vec().try_into().unwrap()
}

/// Who may read what, for a battery assigned to USER and commissioned to RECYCLER
/// (`docs/design.md`, "Data categories and who may read them").
fn expected(who: AccountId, category: DataCategory) -> bool {
	match category {
		Public => true,
		Factory => [MANUFACTURER, OPERATOR, USER, RECYCLER, AUTHORITY].contains(&who),
		Logistics => [LOGISTICS, OPERATOR, AUTHORITY].contains(&who),
		Usage => [OPERATOR, USER, AUTHORITY].contains(&who),
		Maintenance => [USER, RECYCLER, AUTHORITY].contains(&who),
		Refurbishment => [RECYCLER, AUTHORITY].contains(&who),
		Charging => [ENERGY_STATION, AUTHORITY].contains(&who),
	}
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
		MockBatteryScope::assign(USER, BATTERY);
		MockBatteryScope::commission(RECYCLER, BATTERY);
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
fn battery_scoped_roles_read_only_their_batteries() {
	ExtBuilder::default().build_and_execute(|| {
		MockBatteryScope::assign(USER, BATTERY);
		MockBatteryScope::commission(RECYCLER, BATTERY);
		let other = subject(OTHER_BATTERY);
		for category in [Factory, Usage, Maintenance] {
			assert!(!Consortium::can_read(&USER, &other, category), "user {category:?}");
		}
		for category in [Factory, Maintenance, Refurbishment] {
			assert!(!Consortium::can_read(&RECYCLER, &other, category), "recycler {category:?}");
		}
		// Unscoped roles read any battery.
		assert!(Consortium::can_read(&OPERATOR, &other, Usage));
		assert!(Consortium::can_read(&AUTHORITY, &other, Refurbishment));
		// Public stays public.
		assert!(Consortium::can_read(&USER, &other, Public));
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
		MockBatteryScope::assign(USER, BATTERY);
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
		let battery = subject(BATTERY);
		assert!(Consortium::can_read(&MANUFACTURER, &battery, Factory));
		assert!(Consortium::can_read(&MANUFACTURER, &battery, Logistics));
		assert!(!Consortium::can_read(&MANUFACTURER, &battery, Usage));
	});
}

#[test]
fn set_scope_changes_a_row() {
	ExtBuilder::default().build_and_execute(|| {
		let battery = subject(BATTERY);
		assert!(!Consortium::can_read(&OPERATOR, &battery, Maintenance));
		assert_ok!(Consortium::set_scope(
			RuntimeOrigin::root(),
			Maintenance,
			roles(&[Role::Operator, Role::Authority, Role::Operator])
		));
		let set = RoleSet::from_roles(&[Role::Operator, Role::Authority]);
		System::assert_last_event(Event::ScopeSet { category: Maintenance, roles: set }.into());
		assert_eq!(Scope::<Test>::get(Maintenance), Some(set));
		assert!(Consortium::can_read(&OPERATOR, &battery, Maintenance));
		assert!(!Consortium::can_read(&RECYCLER, &battery, Maintenance));

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
		assert!(Consortium::can_read_raw(AUTHORITY, BATTERY.to_vec(), Usage));
		assert!(!Consortium::can_read_raw(AUTHORITY, vec![b'x'; 65], Usage));
		assert!(!Consortium::can_read_raw(AUTHORITY, vec![b'x'; 65], Public));
	});
}
