//! Who is in scope for a category of one battery: the accounts the data-scope matrix resolves to
//! for that battery, and the reader keys a sealed record about it must be sealed to.
//!
//! A row of the matrix names roles; for one battery each role stands for at most one party:
//!
//! | role | the party of a battery |
//! |---|---|
//! | Manufacturer | the battery's manufacturer (the economic operator of its passport) |
//! | Operator | the custodian, while it holds the Operator role |
//! | Logistics | the custodian, while it holds the Logistics role (the carrier of a shipment) |
//! | User | the user the battery is assigned to |
//! | Recycler | the recycler commissioned for the battery, or the custodian if it is a recycler |
//! | EnergyStation | none (a station reads its own charging sessions, not a battery's data) |
//! | Authority | every active Authority member, and the Authority's reader key for sealed records |
//!
//! A party counts only while it holds the role (active membership; for a user, registered by an
//! active operator). Both the read check ([`crate::consortium::ConsortiumInspect::can_read`]) and
//! the recipients of a sealed record ([`sealing_keys`]) come from [`scope_accounts`], so the two
//! cannot disagree. A competitor holding the same role for other batteries is never in scope.

use crate::consortium::{Role, RoleSet};
use crate::sealed::ReaderPublicKey;
use alloc::vec::Vec;

/// The parties of one battery the scope resolves roles to, as the pallet that keeps batteries
/// (and, for the recycler, the recycling pallet) knows them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BatteryParties<AccountId> {
	/// The battery's manufacturer.
	pub manufacturer: AccountId,
	/// Who holds it now.
	pub custodian: AccountId,
	/// The user it is assigned to.
	pub assigned_user: Option<AccountId>,
	/// The recycler commissioned for it.
	pub recycler: Option<AccountId>,
}

/// The accounts in scope for one category of one battery.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ScopeAccounts<AccountId> {
	/// The parties in scope, each once.
	pub accounts: Vec<AccountId>,
	/// Whether the Authority is in the category's row (every active Authority member reads, and
	/// sealed records are sealed to the Authority's reader key).
	pub authority: bool,
}

/// Most accounts [`scope_accounts`] returns (manufacturer, custodian, user, recycler).
pub const MAX_SCOPE_ACCOUNTS: u32 = 4;
/// Most reader keys [`sealing_keys`] returns: the scope accounts, the Authority and the author.
pub const MAX_SEALING_KEYS: u32 = MAX_SCOPE_ACCOUNTS + 2;

/// Resolve the matrix row `row` for a battery with `parties`; `has_role(account, role)` answers
/// whether an account holds a role right now.
pub fn scope_accounts<A: PartialEq + Clone>(
	row: RoleSet,
	parties: &BatteryParties<A>,
	has_role: impl Fn(&A, Role) -> bool,
) -> ScopeAccounts<A> {
	let mut accounts: Vec<A> = Vec::new();
	let mut add = |who: &A, role: Role| {
		if !accounts.contains(who) && has_role(who, role) {
			accounts.push(who.clone());
		}
	};
	for role in row.iter() {
		match role {
			Role::Manufacturer => add(&parties.manufacturer, role),
			Role::Operator | Role::Logistics => add(&parties.custodian, role),
			Role::User => {
				if let Some(user) = &parties.assigned_user {
					add(user, role)
				}
			},
			Role::Recycler => {
				if let Some(recycler) = &parties.recycler {
					add(recycler, role)
				}
				add(&parties.custodian, role)
			},
			Role::EnergyStation | Role::Authority => {},
		}
	}
	ScopeAccounts { accounts, authority: row.contains(Role::Authority) }
}

/// Whether `who`, holding `roles`, reads the category: it is one of the scope's accounts, or an
/// Authority member while the Authority is in the row.
pub fn in_scope<A: PartialEq>(scope: &ScopeAccounts<A>, who: &A, roles: RoleSet) -> bool {
	(scope.authority && roles.contains(Role::Authority)) || scope.accounts.contains(who)
}

/// The reader keys a record in `scope` is sealed to, sorted and each once: the current key of
/// every account in scope that registered one, the Authority's key if the Authority is in scope
/// and set, and the author's key (the author always reads what it wrote). Accounts without a key
/// are left out: they get access later by a grant once they register one.
pub fn sealing_keys<A>(
	scope: &ScopeAccounts<A>,
	author: Option<&A>,
	reader_key: impl Fn(&A) -> Option<ReaderPublicKey>,
	authority_key: impl FnOnce() -> Option<ReaderPublicKey>,
) -> Vec<ReaderPublicKey> {
	let mut keys: Vec<ReaderPublicKey> =
		scope.accounts.iter().chain(author).filter_map(&reader_key).collect();
	if scope.authority {
		keys.extend(authority_key());
	}
	keys.sort_unstable();
	keys.dedup();
	keys
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::consortium::DataCategory;

	const MAKER: u8 = 1;
	const OPERATOR: u8 = 2;
	const USER: u8 = 3;
	const RECYCLER: u8 = 4;
	const CARRIER: u8 = 5;

	fn roles(who: &u8) -> RoleSet {
		match *who {
			MAKER => Role::Manufacturer.into(),
			OPERATOR => Role::Operator.into(),
			USER => Role::User.into(),
			RECYCLER => Role::Recycler.into(),
			CARRIER => Role::Logistics.into(),
			_ => RoleSet::empty(),
		}
	}

	fn parties(custodian: u8) -> BatteryParties<u8> {
		BatteryParties { manufacturer: MAKER, custodian, assigned_user: Some(USER), recycler: None }
	}

	fn scope(category: DataCategory, custodian: u8) -> ScopeAccounts<u8> {
		scope_accounts(category.default_readers(), &parties(custodian), |who, role| {
			roles(who).contains(role)
		})
	}

	#[test]
	fn roles_resolve_to_the_battery_parties() {
		let usage = scope(DataCategory::Usage, OPERATOR);
		assert_eq!(usage.accounts, alloc::vec![OPERATOR, USER]);
		assert!(usage.authority);
		// In transit the carrier is the custodian: it reads logistics, not usage.
		assert_eq!(scope(DataCategory::Usage, CARRIER).accounts, alloc::vec![USER]);
		assert_eq!(scope(DataCategory::Logistics, CARRIER).accounts, alloc::vec![CARRIER]);
		assert_eq!(
			scope(DataCategory::Factory, OPERATOR).accounts,
			alloc::vec![MAKER, OPERATOR, USER]
		);
		// A recycler holding the battery reads its maintenance.
		assert_eq!(
			scope(DataCategory::Maintenance, RECYCLER).accounts,
			alloc::vec![USER, RECYCLER]
		);
	}

	#[test]
	fn a_party_without_the_role_is_not_in_scope() {
		// A manufacturer still holding its battery is not its operator.
		assert_eq!(scope(DataCategory::Usage, MAKER).accounts, alloc::vec![USER]);
		assert!(!in_scope(&scope(DataCategory::Usage, MAKER), &MAKER, roles(&MAKER)));
	}

	#[test]
	fn authority_members_read_when_the_authority_is_in_the_row() {
		let usage = scope(DataCategory::Usage, OPERATOR);
		assert!(in_scope(&usage, &9, Role::Authority.into()));
		assert!(!in_scope(&usage, &9, Role::Operator.into()));
		let no_authority = scope_accounts(Role::Operator.into(), &parties(OPERATOR), |_, _| true);
		assert!(!in_scope(&no_authority, &9, Role::Authority.into()));
	}

	#[test]
	fn sealing_keys_are_the_registered_keys_author_and_authority_once() {
		let usage = scope(DataCategory::Usage, OPERATOR);
		let key = |who: &u8| (*who != USER).then_some([*who; 32]);
		let keys = sealing_keys(&usage, Some(&OPERATOR), key, || Some([9; 32]));
		assert_eq!(keys, alloc::vec![[OPERATOR; 32], [9; 32]]);
		let keys = sealing_keys(&usage, Some(&7), key, || None);
		assert_eq!(keys, alloc::vec![[OPERATOR; 32], [7; 32]]);
	}
}
