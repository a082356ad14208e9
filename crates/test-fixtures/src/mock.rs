//! Std-only helpers of the pallet mocks: a thread-local consortium stand-in, the chain's clock
//! ([`MockTime`]) and the in-memory keystore.
//!
//! [`MockConsortium`] answers [`ConsortiumInspect`] like `pallet-consortium` does, from state
//! the tests set up: a suspended member holds no role, a user holds [`Role::User`] only while an
//! active operator registers it, a device is active only while its owner holds the role its kind
//! needs, and reads and sealing keys follow [`DataCategory::default_readers`] resolved to a
//! battery's parties ([`battery_primitives::scope`]) by the scope `S`: a pallet that knows
//! batteries (pallet-battery) or [`MockBatteryScope`], filled in by
//! [`MockConsortium::register_battery`], [`MockConsortium::assign`] and
//! [`MockConsortium::commission`].
//!
//! The state is one thread-local world for all account types (accounts are kept SCALE-encoded);
//! each mock's externalities builder calls [`reset`] first. Every setter takes the account by
//! value or by reference.

use battery_primitives::{
	consortium::{
		BatteryId, BatteryScope, ConsortiumInspect, DataCategory, DeviceInfo, DeviceKind, Role,
		RoleCheckError, RoleSet, SubjectId,
	},
	scope::{self, BatteryParties},
	sealed::ReaderPublicKey,
};
use codec::{Decode, Encode};
use core::{borrow::Borrow, marker::PhantomData};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

type Key = Vec<u8>;

#[derive(Default)]
struct World {
	roles: BTreeMap<Key, RoleSet>,
	suspended: BTreeSet<Key>,
	/// (operator, user)
	users: BTreeSet<(Key, Key)>,
	/// device → (kind, owner, subject)
	devices: BTreeMap<Key, (DeviceKind, Key, SubjectId)>,
	/// battery → its parties
	batteries: BTreeMap<Vec<u8>, BatteryParties<Key>>,
	/// account → its reader key
	/// account → its reader keys, oldest first (the last is current)
	reader_keys: BTreeMap<Key, Vec<ReaderPublicKey>>,
	/// the Authority's reader key
	authority_key: Option<ReaderPublicKey>,
	/// the chain's time, Unix ms (`None`: [`crate::NOW_MS`])
	now_ms: Option<u64>,
}

thread_local! {
	static WORLD: RefCell<World> = RefCell::new(World::default());
}

fn with_world<R>(f: impl FnOnce(&mut World) -> R) -> R {
	WORLD.with(|world| f(&mut world.borrow_mut()))
}

fn key<A: Encode>(who: impl Borrow<A>) -> Key {
	who.borrow().encode()
}

/// Forget every member, user, device and battery scope of this thread.
pub fn reset() {
	with_world(|w| *w = World::default());
}

/// The chain's clock of the tests (`Config::UnixTime` of a mock): [`crate::NOW_MS`] after
/// [`reset`], until a test sets another time.
pub struct MockTime;

impl MockTime {
	/// Make the chain's time `ms` (Unix ms).
	pub fn set(ms: u64) {
		with_world(|w| w.now_ms = Some(ms));
	}

	/// The chain's time, Unix ms.
	pub fn now_ms() -> u64 {
		with_world(|w| w.now_ms.unwrap_or(crate::NOW_MS))
	}
}

impl frame_support::traits::UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_millis(Self::now_ms())
	}
}

/// The consortium as the tests set it up, with battery scope `S`.
pub struct MockConsortium<A, S = MockBatteryScope<A>>(PhantomData<(A, S)>);

impl<A: Encode, S> MockConsortium<A, S> {
	/// Forget the whole consortium (see [`reset`]).
	pub fn reset() {
		reset();
	}
	/// Grant `role` to `who` (an active member from now on unless suspended).
	pub fn grant(who: impl Borrow<A>, role: Role) {
		let who = key(who);
		with_world(|w| w.roles.entry(who).or_default().insert(role));
	}
	/// Suspend the member `who`.
	pub fn suspend(who: impl Borrow<A>) {
		let who = key(who);
		with_world(|w| w.suspended.insert(who));
	}
	/// Resume the suspended member `who`.
	pub fn resume(who: impl Borrow<A>) {
		let who = key(who);
		with_world(|w| w.suspended.remove(&who));
	}
	/// Register `key` as the reader key of `who` (its earlier keys are kept, as retired).
	pub fn set_reader_key(who: impl Borrow<A>, reader_key: ReaderPublicKey) {
		let who = key(who);
		with_world(|w| w.reader_keys.entry(who).or_default().push(reader_key));
	}
	/// Forget every reader key of `who` (as if it never registered one).
	pub fn reset_reader_key(who: impl Borrow<A>) {
		let who = key(who);
		with_world(|w| w.reader_keys.remove(&who));
	}
	/// Set the Authority's reader key.
	pub fn set_authority_reader_key(reader_key: ReaderPublicKey) {
		with_world(|w| w.authority_key = Some(reader_key));
	}
	/// Register `user` for `operator`.
	pub fn register_user(operator: impl Borrow<A>, user: impl Borrow<A>) {
		let pair = (key(operator), key(user));
		with_world(|w| w.users.insert(pair));
	}
	/// Remove `user` from `operator`'s users.
	pub fn remove_user(operator: impl Borrow<A>, user: impl Borrow<A>) {
		let pair = (key(operator), key(user));
		with_world(|w| w.users.remove(&pair));
	}
	/// Register the device key `device` of `kind`, owned by `owner`, bound to `subject`.
	pub fn add_device(
		device: impl Borrow<A>,
		kind: DeviceKind,
		owner: impl Borrow<A>,
		subject: &[u8],
	) {
		let entry = (kind, key(owner), SubjectId::truncate_from(subject.to_vec()));
		let device = key(device);
		with_world(|w| w.devices.insert(device, entry));
	}
	/// Register `battery` made by `manufacturer`, held by `custodian` (read scope of
	/// [`MockBatteryScope`]).
	pub fn register_battery(
		battery: &[u8],
		manufacturer: impl Borrow<A>,
		custodian: impl Borrow<A>,
	) {
		MockBatteryScope::<A>::register(battery, manufacturer, custodian);
	}
	/// Assign `battery` to the user `user` (read scope of [`MockBatteryScope`]).
	pub fn assign(user: impl Borrow<A>, battery: &[u8]) {
		MockBatteryScope::<A>::assign(user, battery);
	}
	/// Commission `recycler` for `battery` (read scope of [`MockBatteryScope`]).
	pub fn commission(recycler: impl Borrow<A>, battery: &[u8]) {
		MockBatteryScope::<A>::commission(recycler, battery);
	}

	fn member_check(who: &[u8], role: Role) -> Result<(), RoleCheckError> {
		with_world(|w| {
			let roles = w.roles.get(who).copied().ok_or(RoleCheckError::NotMember)?;
			if w.suspended.contains(who) {
				return Err(RoleCheckError::Suspended);
			}
			if roles.contains(role) {
				Ok(())
			} else {
				Err(RoleCheckError::MissingRole)
			}
		})
	}
}

impl<A, S> ConsortiumInspect<A> for MockConsortium<A, S>
where
	A: Encode + Decode + PartialEq + Clone,
	S: BatteryScope<A, BatteryId>,
{
	fn check_role(who: &A, role: Role) -> Result<(), RoleCheckError> {
		let who = who.encode();
		if role != Role::User {
			return Self::member_check(&who, role);
		}
		let operators: Vec<Key> = with_world(|w| {
			w.users.iter().filter(|(_, user)| *user == who).map(|(op, _)| op.clone()).collect()
		});
		if operators.is_empty() {
			return match Self::member_check(&who, role) {
				Err(RoleCheckError::NotMember) => Err(RoleCheckError::NotMember),
				_ => Err(RoleCheckError::MissingRole),
			};
		}
		if operators.iter().any(|op| Self::member_check(op, Role::Operator).is_ok()) {
			Ok(())
		} else {
			Err(RoleCheckError::Suspended)
		}
	}

	fn roles(who: &A) -> RoleSet {
		Role::ALL.into_iter().filter(|role| Self::check_role(who, *role).is_ok()).collect()
	}

	fn is_user_of(operator: &A, user: &A) -> bool {
		let (operator, user) = (operator.encode(), user.encode());
		with_world(|w| w.users.contains(&(operator.clone(), user)))
			&& Self::member_check(&operator, Role::Operator).is_ok()
	}

	fn device(device: &A) -> Option<DeviceInfo<A>> {
		let (kind, owner, subject) = with_world(|w| w.devices.get(&device.encode()).cloned())?;
		Self::member_check(&owner, kind.owner_role()).ok()?;
		let owner = A::decode(&mut &owner[..]).ok()?;
		Some(DeviceInfo { kind, owner, subject })
	}

	fn can_read(who: &A, battery: &BatteryId, category: DataCategory) -> bool {
		if category == DataCategory::Public {
			return true;
		}
		Self::scope(battery, category)
			.is_some_and(|scope| scope::in_scope(&scope, who, Self::roles(who)))
	}

	fn reader_key(who: &A) -> Option<ReaderPublicKey> {
		if Self::roles(who).is_empty() {
			return None;
		}
		with_world(|w| w.reader_keys.get(&who.encode()).and_then(|keys| keys.last().copied()))
	}

	fn authority_reader_key() -> Option<ReaderPublicKey> {
		with_world(|w| w.authority_key)
	}

	fn reader_keys_of(who: &A) -> Vec<ReaderPublicKey> {
		with_world(|w| {
			w.reader_keys.get(&who.encode()).map(|keys| keys.iter().rev().copied().collect())
		})
		.unwrap_or_default()
	}

	fn reader_key_owner(key: &ReaderPublicKey) -> Option<A> {
		let owner = with_world(|w| {
			w.reader_keys
				.iter()
				.find(|(_, keys)| keys.contains(key))
				.map(|(owner, _)| owner.clone())
		})?;
		A::decode(&mut &owner[..]).ok()
	}

	fn sealing_keys(
		battery: &BatteryId,
		category: DataCategory,
		author: Option<&A>,
	) -> Option<Vec<ReaderPublicKey>> {
		let scope = Self::scope(battery, category)?;
		Some(scope::sealing_keys(&scope, author, Self::reader_key, Self::authority_reader_key))
	}
}

impl<A, S> MockConsortium<A, S>
where
	A: Encode + Decode + PartialEq + Clone,
	S: BatteryScope<A, BatteryId>,
{
	fn scope(battery: &BatteryId, category: DataCategory) -> Option<scope::ScopeAccounts<A>> {
		let parties = S::parties(battery)?;
		Some(scope::scope_accounts(category.default_readers(), &parties, |who, role| {
			Self::check_role(who, role).is_ok()
		}))
	}
}

/// Battery scope answered from the thread-local world: batteries assigned to users and
/// recyclers commissioned for batteries, as the tests set them.
pub struct MockBatteryScope<A>(PhantomData<A>);

impl<A: Encode> MockBatteryScope<A> {
	/// Register `battery` made by `manufacturer`, held by `custodian`.
	pub fn register(battery: &[u8], manufacturer: impl Borrow<A>, custodian: impl Borrow<A>) {
		let parties = BatteryParties {
			manufacturer: key(manufacturer),
			custodian: key(custodian),
			assigned_user: None,
			recycler: None,
		};
		with_world(|w| w.batteries.insert(battery.to_vec(), parties));
	}
	/// Assign the registered `battery` to `user`.
	pub fn assign(user: impl Borrow<A>, battery: &[u8]) {
		let user = key(user);
		Self::update(battery, |parties| parties.assigned_user = Some(user));
	}
	/// Commission `recycler` for the registered `battery`.
	pub fn commission(recycler: impl Borrow<A>, battery: &[u8]) {
		let recycler = key(recycler);
		Self::update(battery, |parties| parties.recycler = Some(recycler));
	}
	fn update(battery: &[u8], f: impl FnOnce(&mut BatteryParties<Key>)) {
		with_world(|w| match w.batteries.get_mut(battery) {
			Some(parties) => f(parties),
			None => panic!("register the battery with MockBatteryScope::register first"),
		})
	}
}

impl<A: Encode + Decode> BatteryScope<A, BatteryId> for MockBatteryScope<A> {
	fn parties(battery: &BatteryId) -> Option<BatteryParties<A>> {
		let parties = with_world(|w| w.batteries.get(battery.as_slice()).cloned())?;
		let decode = |k: &Key| A::decode(&mut &k[..]).ok();
		Some(BatteryParties {
			manufacturer: decode(&parties.manufacturer)?,
			custodian: decode(&parties.custodian)?,
			assigned_user: parties.assigned_user.as_ref().and_then(decode),
			recycler: parties.recycler.as_ref().and_then(decode),
		})
	}
}

/// Register an in-memory keystore with `ext` (for [`KeystoreSr25519`](crate::KeystoreSr25519),
/// application keys and off-chain signing in tests).
pub fn register_keystore(ext: &mut sp_io::TestExternalities) {
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
}

#[cfg(test)]
mod tests {
	use super::*;

	type Consortium = MockConsortium<u64>;

	#[test]
	fn role_checks_follow_pallet_consortium() {
		reset();
		Consortium::grant(1, Role::Operator);
		// Setters take the account by value or by reference.
		#[allow(clippy::needless_borrows_for_generic_args)]
		Consortium::grant(&2, Role::Manufacturer);
		Consortium::register_user(1, 3);
		assert_eq!(Consortium::check_role(&1, Role::Operator), Ok(()));
		assert_eq!(Consortium::check_role(&2, Role::Operator), Err(RoleCheckError::MissingRole));
		assert_eq!(Consortium::check_role(&9, Role::Operator), Err(RoleCheckError::NotMember));
		assert_eq!(Consortium::roles(&3), RoleSet::single(Role::User));
		assert!(Consortium::is_user_of(&1, &3));
		Consortium::suspend(1);
		assert_eq!(Consortium::roles(&1), RoleSet::empty());
		assert_eq!(Consortium::check_role(&3, Role::User), Err(RoleCheckError::Suspended));
		assert!(!Consortium::is_user_of(&1, &3));
		Consortium::resume(1);
		assert!(Consortium::has_role(&3, Role::User));
		Consortium::remove_user(1, 3);
		assert_eq!(Consortium::check_role(&3, Role::User), Err(RoleCheckError::NotMember));
		reset();
		assert_eq!(Consortium::check_role(&1, Role::Operator), Err(RoleCheckError::NotMember));
	}

	#[test]
	fn devices_and_scope() {
		reset();
		Consortium::grant(1, Role::Operator);
		Consortium::add_device(10, DeviceKind::BmsGateway, 1, b"BAT");
		Consortium::add_device(11, DeviceKind::BmsGateway, 2, b"BAT");
		let battery = BatteryId::truncate_from(b"BAT".to_vec());
		assert_eq!(Consortium::is_device_for(&10, DeviceKind::BmsGateway, &battery), Some(1));
		assert_eq!(Consortium::device(&11), None);
		Consortium::register_user(1, 3);
		Consortium::grant(4, Role::Operator);
		assert!(Consortium::can_read(&9, &battery, DataCategory::Public));
		// Unregistered: nobody reads it.
		assert!(!Consortium::can_read(&1, &battery, DataCategory::Usage));
		Consortium::register_battery(b"BAT", 2, 1);
		assert!(Consortium::can_read(&1, &battery, DataCategory::Usage));
		// Another operator is not the battery's operator.
		assert!(!Consortium::can_read(&4, &battery, DataCategory::Usage));
		assert!(!Consortium::can_read(&3, &battery, DataCategory::Usage));
		Consortium::assign(3, b"BAT");
		assert!(Consortium::can_read(&3, &battery, DataCategory::Usage));
		Consortium::set_reader_key(1, [1; 32]);
		Consortium::set_reader_key(3, [3; 32]);
		Consortium::set_authority_reader_key([9; 32]);
		assert_eq!(
			Consortium::sealing_keys(&battery, DataCategory::Usage, Some(&4)),
			Some(vec![[1; 32], [3; 32], [9; 32]]),
			"4 has no key"
		);
	}
}
