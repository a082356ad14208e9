//! Consortium governance: a council (pallet-collective) whose members are managed by
//! pallet-membership. A majority of the council (or Root, through sudo on the dev chain) is the
//! approval origin of pallet-consortium. Two thirds of the council act as Root through
//! pallet-governance (`governance.dispatch_as_root`): runtime upgrades and Root-only parameters on
//! the `consortium` chain, which has no sudo key.

use super::RuntimeBlockWeights;
use crate::{
	AccountId, BlockNumber, Council, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, DAYS,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

/// The council instance of pallet-collective.
pub type CouncilCollective = pallet_collective::Instance1;

/// At least two thirds of the council: the origin that may act as Root through pallet-governance.
pub type EnsureCouncilSupermajority =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

/// Root, or more than half of the council.
pub type EnsureRootOrCouncilMajority = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>,
>;

/// Most members a council may have.
pub const COUNCIL_MAX_MEMBERS: u32 = 100;

parameter_types! {
	/// A council motion is open for votes for at most three days.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	/// A council motion may use at most half of a block's weight when executed.
	pub MaxCouncilProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<COUNCIL_MAX_MEMBERS>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = EnsureRootOrCouncilMajority;
	type KillOrigin = EnsureRootOrCouncilMajority;
	type Consideration = ();
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRootOrCouncilMajority;
	type RemoveOrigin = EnsureRootOrCouncilMajority;
	type SwapOrigin = EnsureRootOrCouncilMajority;
	type ResetOrigin = EnsureRootOrCouncilMajority;
	type PrimeOrigin = EnsureRootOrCouncilMajority;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<COUNCIL_MAX_MEMBERS>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

impl pallet_governance::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RootOrigin = EnsureCouncilSupermajority;
	type WeightInfo = pallet_governance::weights::SubstrateWeight<Runtime>;
}
