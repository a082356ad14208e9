//! [`RoleSet`]: the roles an account holds, or the roles that may read a data category.
//!
//! In memory a bit mask (bit `i` = the role with codec index `i`), so checks are a single AND. On
//! the wire and in storage it is the list of its roles in index order (a SCALE `Vec<Role>`), so
//! that polkadot.js, subxt and every other metadata-driven client show role names
//! (`[Manufacturer, Recycler]`) instead of a number only the runtime can read. JSON (RPC, chain
//! spec) uses the same list of names.

use super::Role;
use alloc::vec::Vec;
use codec::{
	Compact, CompactLen, Decode, DecodeWithMemTracking, Encode, EncodeLike, MaxEncodedLen,
};
use scale_info::{build::Fields, Path, Type, TypeInfo};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A set of [`Role`]s. Encodes as the list of its roles in index order; decoding refuses any
/// other order, a role listed twice and a list longer than there are roles (one encoding per set).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct RoleSet(pub u16);

impl RoleSet {
	/// The mask of all defined roles.
	pub const ALL_BITS: u16 = (1u16 << Role::ALL.len()) - 1;

	/// The empty set.
	pub const fn empty() -> Self {
		RoleSet(0)
	}

	/// The set of every role.
	pub const fn all() -> Self {
		RoleSet(Self::ALL_BITS)
	}

	/// A set holding exactly `role`.
	pub const fn single(role: Role) -> Self {
		RoleSet(role.bit())
	}

	/// A set from a list of roles (duplicates are harmless).
	pub fn from_roles(roles: &[Role]) -> Self {
		roles.iter().fold(Self::empty(), |set, role| set.with(*role))
	}

	/// A set from raw bits, dropping bits that name no role.
	pub const fn from_bits_truncate(bits: u16) -> Self {
		RoleSet(bits & Self::ALL_BITS)
	}

	/// The raw bits.
	pub const fn bits(self) -> u16 {
		self.0
	}

	/// This set plus `role`.
	pub const fn with(self, role: Role) -> Self {
		RoleSet(self.0 | role.bit())
	}

	/// This set minus `role`.
	pub const fn without(self, role: Role) -> Self {
		RoleSet(self.0 & !role.bit())
	}

	/// Add `role`.
	pub fn insert(&mut self, role: Role) {
		*self = self.with(role);
	}

	/// Remove `role`.
	pub fn remove(&mut self, role: Role) {
		*self = self.without(role);
	}

	/// Whether `role` is in the set.
	pub const fn contains(self, role: Role) -> bool {
		self.0 & role.bit() != 0
	}

	/// Whether the set holds no role.
	pub const fn is_empty(self) -> bool {
		self.0 & Self::ALL_BITS == 0
	}

	/// Roles in both sets.
	pub const fn intersection(self, other: RoleSet) -> Self {
		RoleSet(self.0 & other.0 & Self::ALL_BITS)
	}

	/// Roles in either set.
	pub const fn union(self, other: RoleSet) -> Self {
		RoleSet((self.0 | other.0) & Self::ALL_BITS)
	}

	/// Number of roles in the set.
	pub const fn len(self) -> u32 {
		(self.0 & Self::ALL_BITS).count_ones()
	}

	/// The roles of the set, in index order.
	pub fn iter(self) -> impl Iterator<Item = Role> {
		Role::ALL.into_iter().filter(move |role| self.contains(*role))
	}

	/// The roles of the set as a list, in index order.
	pub fn to_vec(self) -> Vec<Role> {
		self.iter().collect()
	}
}

impl From<Role> for RoleSet {
	fn from(role: Role) -> Self {
		RoleSet::single(role)
	}
}

impl FromIterator<Role> for RoleSet {
	fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
		iter.into_iter().fold(RoleSet::empty(), |set, role| set.with(role))
	}
}

impl Encode for RoleSet {
	fn size_hint(&self) -> usize {
		// One byte of compact length (at most 7 roles) and one byte per role.
		1 + self.len() as usize
	}

	fn encode_to<W: codec::Output + ?Sized>(&self, dest: &mut W) {
		Compact(self.len()).encode_to(dest);
		for role in self.iter() {
			role.encode_to(dest);
		}
	}
}

impl EncodeLike for RoleSet {}
impl EncodeLike<Vec<Role>> for RoleSet {}

impl Decode for RoleSet {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		let len = Compact::<u32>::decode(input)?.0;
		if len as usize > Role::ALL.len() {
			return Err("a role set lists more roles than there are".into());
		}
		let mut set = RoleSet::empty();
		let mut last: Option<Role> = None;
		for _ in 0..len {
			let role = Role::decode(input)?;
			// Strictly increasing: one encoding per set, so decoding and encoding again gives the
			// same bytes.
			if last.is_some_and(|last| role <= last) {
				return Err("a role set lists its roles in index order, each once".into());
			}
			last = Some(role);
			set.insert(role);
		}
		Ok(set)
	}
}

impl DecodeWithMemTracking for RoleSet {}

impl MaxEncodedLen for RoleSet {
	fn max_encoded_len() -> usize {
		Compact::<u32>::compact_len(&(Role::ALL.len() as u32))
			+ Role::ALL.len() * Role::max_encoded_len()
	}
}

impl TypeInfo for RoleSet {
	type Identity = Self;

	fn type_info() -> Type {
		Type::builder()
			.path(Path::new("RoleSet", module_path!()))
			.docs(&["A set of consortium roles: each role at most once, in index order."])
			.composite(Fields::unnamed().field(|f| f.ty::<Vec<Role>>().type_name("Vec<Role>")))
	}
}

impl Serialize for RoleSet {
	fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_seq(self.iter())
	}
}

impl<'de> Deserialize<'de> for RoleSet {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		Ok(Vec::<Role>::deserialize(deserializer)?.into_iter().collect())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use scale_info::{form::PortableForm, PortableRegistry, Registry, TypeDef};

	#[test]
	fn basics() {
		let set = RoleSet::from_roles(&[Role::Operator, Role::Authority, Role::Operator]);
		assert!(set.contains(Role::Operator));
		assert!(set.contains(Role::Authority));
		assert!(!set.contains(Role::User));
		assert_eq!(set.len(), 2);
		assert_eq!(set.to_vec(), alloc::vec![Role::Operator, Role::Authority]);
		assert_eq!(set.without(Role::Operator), RoleSet::single(Role::Authority));
		assert!(RoleSet::empty().is_empty());
		assert_eq!(RoleSet::all().len(), 7);
		assert_eq!(RoleSet::from_bits_truncate(u16::MAX), RoleSet::all());
	}

	#[test]
	fn encodes_as_the_list_of_its_roles_in_index_order() {
		let set = RoleSet::from_roles(&[Role::Authority, Role::Operator]);
		assert_eq!(set.encode(), alloc::vec![Role::Operator, Role::Authority].encode());
		assert_eq!(set.encode(), [2 << 2, 2, 6]);
		assert_eq!(RoleSet::empty().encode(), [0]);
		assert_eq!(set.size_hint(), set.encode().len());
		// Bits naming no role are not encoded.
		assert_eq!(
			RoleSet(0xff00 | Role::User.bit()).encode(),
			RoleSet::single(Role::User).encode()
		);
		assert_eq!(RoleSet::all().encode().len(), RoleSet::max_encoded_len());
		assert_eq!(RoleSet::max_encoded_len(), 8);
	}

	#[test]
	fn decodes_only_the_canonical_list() {
		let listed = |roles: &[Role]| roles.to_vec().encode();
		for set in [RoleSet::empty(), RoleSet::single(Role::Recycler), RoleSet::all()] {
			assert_eq!(RoleSet::decode(&mut &set.encode()[..]), Ok(set));
		}
		assert!(RoleSet::decode(&mut &listed(&[Role::Authority, Role::Manufacturer])[..]).is_err());
		assert!(RoleSet::decode(&mut &listed(&[Role::User, Role::User])[..]).is_err());
		let mut eight = listed(&Role::ALL);
		eight[0] = 8 << 2;
		eight.push(0);
		assert!(RoleSet::decode(&mut &eight[..]).is_err());
		// An unknown role index and a truncated list.
		assert!(RoleSet::decode(&mut &[1 << 2, 7][..]).is_err());
		assert!(RoleSet::decode(&mut &[2 << 2, 0][..]).is_err());
	}

	#[test]
	fn metadata_describes_a_list_of_named_roles() {
		let mut registry = Registry::new();
		let id = registry.register_type(&scale_info::meta_type::<RoleSet>());
		let portable: PortableRegistry = registry.into();
		let ty = portable.resolve(id.id).expect("registered");
		assert_eq!(ty.path.segments.last().map(|s| s.as_str()), Some("RoleSet"));
		let TypeDef::Composite(composite) = &ty.type_def else { panic!("a composite") };
		let inner = portable.resolve(composite.fields[0].ty.id).expect("the field's type");
		let TypeDef::Sequence(seq) = &inner.type_def else { panic!("a sequence: {inner:?}") };
		let element: &Type<PortableForm> =
			portable.resolve(seq.type_param.id).expect("the element");
		assert_eq!(element.path.segments.last().map(|s| s.as_str()), Some("Role"));
	}

	#[test]
	fn json_is_the_list_of_role_names() {
		let set = RoleSet::from_roles(&[Role::Recycler, Role::Manufacturer]);
		let json = serde_json::to_value(set).unwrap();
		assert_eq!(json, serde_json::json!(["Manufacturer", "Recycler"]));
		assert_eq!(serde_json::from_value::<RoleSet>(json).unwrap(), set);
	}
}
