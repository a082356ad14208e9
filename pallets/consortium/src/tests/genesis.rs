use super::*;
use crate::{
	DeviceKind, Devices, GenesisConfig, GenesisDevice, GenesisMember, MemberStatus, Members,
	OperatorUsers, Pallet, Role, RoleMemberCount, RoleSet, UserOperators,
};
use battery_primitives::consortium::DataCategory;
use frame_support::traits::{GetStorageVersion, StorageVersion};
use sp_runtime::BuildStorage;

#[test]
fn genesis_seeds_one_member_per_role() {
	ExtBuilder::default().build_and_execute(|| {
		for (who, role) in [
			(MANUFACTURER, Role::Manufacturer),
			(LOGISTICS, Role::Logistics),
			(OPERATOR, Role::Operator),
			(ENERGY_STATION, Role::EnergyStation),
			(RECYCLER, Role::Recycler),
			(AUTHORITY, Role::Authority),
		] {
			let member = Members::<Test>::get(who).unwrap();
			assert_eq!(member.status, MemberStatus::Active);
			assert_eq!(member.roles, RoleSet::single(role));
			assert_eq!(member.profile.name.to_vec(), format!("{role:?} Ltd").into_bytes());
			assert_eq!(RoleMemberCount::<Test>::get(role), 1);
			assert_eq!(Consortium::active_roles(&who), RoleSet::single(role));
		}
		assert_eq!(Members::<Test>::count(), 6);
		assert_eq!(UserOperators::<Test>::get(USER).unwrap().into_inner(), vec![OPERATOR]);
		assert_eq!(OperatorUsers::<Test>::get(OPERATOR, USER).unwrap().deposit, 0);
		assert_eq!(Consortium::active_roles(&USER), RoleSet::single(Role::User));
		let bms = Devices::<Test>::get(GENESIS_BMS).unwrap();
		assert_eq!((bms.owner, bms.kind, bms.deposit), (OPERATOR, DeviceKind::BmsGateway, 0));
		// Genesis members hold no deposit.
		assert_eq!(free(OPERATOR), ENDOWMENT);
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Pallet::<Test>::in_code_storage_version(), StorageVersion::new(2));
	});
}

#[test]
fn empty_genesis_has_default_scope_only() {
	ExtBuilder::empty().build_and_execute(|| {
		assert_eq!(Members::<Test>::count(), 0);
		assert_eq!(
			Consortium::scope_of(DataCategory::Usage),
			DataCategory::Usage.default_readers()
		);
	});
}

#[test]
fn genesis_config_round_trips_through_json() {
	let config = ExtBuilder::default().consortium_genesis();
	let json = serde_json::to_string(&config).unwrap();
	assert!(json.contains("\"members\""));
	assert!(json.contains("\"Manufacturer\""));
	let back: GenesisConfig<Test> = serde_json::from_str(&json).unwrap();
	assert_eq!(back.members, config.members);
	assert_eq!(back.users, config.users);
	assert_eq!(back.devices, config.devices);
}

fn member(account: AccountId, roles: Vec<Role>) -> GenesisMember<AccountId> {
	GenesisMember { account, roles, name: b"Org".to_vec(), registration: vec![], contact: vec![] }
}

fn try_build(config: GenesisConfig<Test>) -> Result<(), &'static str> {
	sp_io::TestExternalities::new(Default::default()).execute_with(|| config.try_build())
}

#[test]
fn invalid_genesis_configs_are_refused() {
	let ok = || GenesisConfig::<Test> {
		members: vec![member(1, vec![Role::Operator]), member(2, vec![Role::Logistics])],
		..Default::default()
	};
	assert_eq!(try_build(ok()), Ok(()));

	let mut c = ok();
	c.scope = vec![(DataCategory::Public, vec![])];
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.scope = vec![(DataCategory::Usage, vec![]), (DataCategory::Usage, vec![Role::User])];
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.members.push(member(3, vec![]));
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.members.push(member(3, vec![Role::User]));
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.members.push(GenesisMember { name: vec![], ..member(3, vec![Role::Recycler]) });
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.members.push(GenesisMember { name: vec![b'x'; 33], ..member(3, vec![Role::Recycler]) });
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.members.push(member(1, vec![Role::Recycler]));
	assert!(try_build(c).is_err());
	// User registered by a non-operator, or twice.
	let mut c = ok();
	c.users = vec![(2, 9)];
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.users = vec![(1, 9), (1, 9)];
	assert!(try_build(c).is_err());
	// Devices: wrong owner role, oversized subject, key used by a user, duplicate key (the
	// subject is a battery account 1 custodies, so only the named fault remains).
	MockDeviceBinding::custody(1, b"S");
	let device =
		|device, owner, kind| GenesisDevice { device, owner, kind, subject: b"S".to_vec() };
	let mut c = ok();
	c.devices = vec![device(20, 2, DeviceKind::BmsGateway)];
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.devices =
		vec![GenesisDevice { subject: vec![0; 65], ..device(20, 1, DeviceKind::BmsGateway) }];
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.users = vec![(1, 9)];
	c.devices = vec![device(9, 1, DeviceKind::BmsGateway)];
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.devices =
		vec![device(20, 1, DeviceKind::BmsGateway), device(20, 2, DeviceKind::CollisionSensor)];
	assert!(try_build(c).is_err());
	let mut c = ok();
	c.devices =
		vec![device(20, 1, DeviceKind::BmsGateway), device(21, 2, DeviceKind::CollisionSensor)];
	c.users = vec![(1, 9)];
	assert_eq!(try_build(c), Ok(()));
}

#[test]
#[should_panic(expected = "invalid pallet-consortium genesis config")]
fn invalid_genesis_aborts_the_build() {
	let config = GenesisConfig::<Test> { members: vec![member(1, vec![])], ..Default::default() };
	let _ = RuntimeGenesisConfig { consortium: config, ..Default::default() }.build_storage();
}
