//! What changed: the one list of every kind of change, its JSON tag, its reference code and its
//! subject. Each variant's data are the values of the area it belongs to (see `Provider::apply`,
//! which routes each change to its area).

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Subject;
use crate::billing::{Discount, Money, OpenInvoice, SeatPrices, SeatPurchase, Subscription};
use crate::deployment::{ClientProfile, PhaseNumber, Schedule, SetupTask, StepNumber};
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};
use crate::plan::PlanType;
use crate::policy::{PolicyChange, RevocationReason};
use crate::provider::clients::{ClientMember, ClientState, ClientTag};
use crate::provider::head::FindingsHash;
use crate::provider::team::ProviderUserType;
use crate::provider::{ProviderSettings, ProviderStatus, ProviderType};

/// What changed, with everything needed to apply it. Internally tagged in JSON by `type`; a
/// retired tag is never reused.
///
/// To add a kind of change: add a variant here (documented, with its data), its arms in
/// [`Change::name`], [`Change::code`] and [`Change::subject`], and one arm in
/// [`Provider::apply`](crate::Provider::apply) that calls the area's apply function (see
/// `DESIGN.md`, "Adding an event kind").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Change {
    // ---- provider lifecycle and settings ----
    /// The vendor issued a new, pending provider: the first event of every provider's log.
    ProviderIssued {
        /// Its kind.
        kind: ProviderType,
        /// Its settings.
        settings: Box<ProviderSettings>,
        /// The person who sets it up.
        issued_to: Email,
    },
    /// The person it was issued to set the provider up (pending → created) and became its first
    /// confirmed provider admin.
    ProviderSetUp {
        /// The new admin's membership.
        member: ProviderUserId,
        /// Their account.
        user: UserId,
        /// Their address (the one the provider was issued to).
        email: Email,
    },
    /// The provider's settings were replaced.
    ProviderUpdated {
        /// The new settings.
        settings: Box<ProviderSettings>,
    },
    /// The provider's status changed (created → billable).
    ProviderStatusChanged {
        /// The status before.
        from: ProviderStatus,
        /// The status after.
        to: ProviderStatus,
    },
    /// The provider was enabled (an MSP's or business unit's clients are enabled with it).
    ProviderEnabled,
    /// The provider was disabled (an MSP's or business unit's clients are disabled with it).
    ProviderDisabled,
    /// The provider was deleted (it had no clients left); the log ends here.
    ProviderDeleted,
    /// Every provider member's access was suspended at once (the emergency stop) by the actor,
    /// a provider admin, who keeps only resuming.
    ProviderAccessSuspended {
        /// Why (trimmed, 1 to 500 characters).
        reason: String,
    },
    /// Suspended access was resumed: for every member (`members` absent; the suspension ends),
    /// or for the members listed.
    ProviderAccessResumed {
        /// The members resumed (absent: everyone).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        members: Option<Vec<ProviderUserId>>,
    },
    /// A provider admin signed off an access review of every client (`clients` absent) or of the
    /// clients listed, with the hash of the findings reviewed and the next review's due date.
    AccessReviewSigned {
        /// The reviewer (the event's actor).
        reviewer: ProviderUserId,
        /// The clients reviewed (absent: every client).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        clients: Option<Vec<OrganizationId>>,
        /// The hash of the findings signed off.
        findings: FindingsHash,
        /// When the next review is due.
        next_due: NaiveDate,
    },
    /// A business unit's plan changed (the reference's `ProviderBillingService.ChangePlan`):
    /// every client moves to `to`, and the seat minimum of `from` becomes `to`'s (no reference
    /// code).
    PlanChanged {
        /// The plan before.
        from: PlanType,
        /// The plan after.
        to: PlanType,
        /// The clients moved to `to`, in the provider's order.
        clients: Vec<OrganizationId>,
    },
    /// A plan's seat minimum changed.
    SeatMinimumChanged {
        /// The plan.
        plan: PlanType,
        /// The minimum before.
        from: u32,
        /// The minimum after.
        to: u32,
    },

    // ---- team ----
    /// A person was invited into the team (`ProviderUser_Invited`, 1800).
    MemberInvited {
        /// The new membership.
        member: ProviderUserId,
        /// The invited address.
        email: Email,
        /// The role they are invited with.
        role: ProviderUserType,
        /// When the invitation expires.
        expires_at: DateTime<Utc>,
    },
    /// An invitation was sent again with a new expiry. No reference code: the reference's
    /// `ResendInvitesAsync` sends the mail again and logs no event (issue 15), so the audit export
    /// shows it as `member_reinvited` with no code, never as a second 1800.
    MemberReinvited {
        /// The membership.
        member: ProviderUserId,
        /// When the renewed invitation expires.
        expires_at: DateTime<Utc>,
    },
    /// The invited person accepted (no reference code).
    MemberAccepted {
        /// The membership.
        member: ProviderUserId,
        /// The accepting account.
        user: UserId,
        /// The public-key fingerprint they gave, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public_key_fingerprint: Option<String>,
    },
    /// An accepted member was confirmed (`ProviderUser_Confirmed`, 1801).
    MemberConfirmed {
        /// The membership.
        member: ProviderUserId,
    },
    /// A member's role changed (`ProviderUser_Updated`, 1802); promoting to admin drops a scope.
    MemberRoleChanged {
        /// The membership.
        member: ProviderUserId,
        /// The role before.
        from: ProviderUserType,
        /// The role after.
        to: ProviderUserType,
    },
    /// A service user's client scope changed (`ProviderUser_Updated`, 1802).
    MemberScopeChanged {
        /// The membership.
        member: ProviderUserId,
        /// The clients it may reach; `None` reaches every client.
        scope: Option<BTreeSet<OrganizationId>>,
    },
    /// A member was revoked (`ProviderUser_Updated`, 1802: the reference has no revoke).
    MemberRevoked {
        /// The membership.
        member: ProviderUserId,
    },
    /// A revoked member was restored to the state it had (`ProviderUser_Updated`, 1802).
    MemberRestored {
        /// The membership.
        member: ProviderUserId,
    },
    /// A member was removed by an admin (`ProviderUser_Removed`, 1803).
    MemberRemoved {
        /// The membership.
        member: ProviderUserId,
    },
    /// A member left the provider (`ProviderUser_Removed`, 1803).
    MemberLeft {
        /// The membership.
        member: ProviderUserId,
    },

    // ---- clients ----
    /// A client organization was created (`ProviderOrganization_Created`, 1900); its owner is
    /// invited, it takes the provider's billing email and is managed.
    ClientCreated {
        /// The new organization.
        client: OrganizationId,
        /// Its name.
        name: String,
        /// Its plan.
        plan: PlanType,
        /// Its seats.
        seats: u32,
        /// Its owner, invited as Owner.
        owner_email: Email,
        /// Its billing email (the provider's).
        billing_email: Email,
        /// The first collection, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_collection: Option<String>,
    },
    /// An existing organization was added as a client (`ProviderOrganization_Added`, 1901).
    ClientAdded {
        /// The organization.
        client: OrganizationId,
        /// Its name.
        name: String,
        /// Its plan under the provider.
        plan: PlanType,
        /// Its seats.
        seats: u32,
        /// Its billing email under the provider.
        billing_email: Email,
        /// Its members.
        members: Vec<ClientMember>,
    },
    /// A client's seats changed (no reference code).
    ClientSeatsChanged {
        /// The client.
        client: OrganizationId,
        /// The seats before.
        from: u32,
        /// The seats after.
        to: u32,
        /// The seats it bought beyond the minimum and their prorated cost, when the change was a
        /// purchase on a provider with a subscription (absent in logs written before billing).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        purchase: Option<SeatPurchase>,
    },
    /// A member was added to a client organization (no provider-range reference code).
    ClientMemberAdded {
        /// The client.
        client: OrganizationId,
        /// The member.
        member: ClientMember,
    },
    /// A member was removed from a client organization (no provider-range reference code).
    ClientMemberRemoved {
        /// The client.
        client: OrganizationId,
        /// The member's address.
        email: Email,
    },
    /// A client member was revoked because enabling a policy made them non-compliant
    /// (`OrganizationUser_Revoked_TwoFactorNonCompliance`, 1520, or
    /// `…_SingleOrganizationNonCompliance`, 1521): recorded right after the policy's enabling.
    ClientMemberRevoked {
        /// The client.
        client: OrganizationId,
        /// The member's address.
        email: Email,
        /// Why.
        reason: RevocationReason,
    },
    /// A client was unlinked from the provider (`ProviderOrganization_Removed`, 1902).
    ClientUnlinked {
        /// The client.
        client: OrganizationId,
        /// The billing email it leaves with (its first confirmed owner outside the provider).
        billing_email: Email,
        /// Whether the client was disabled and leaves enabled: a managed client on a Teams or
        /// Enterprise plan that leaves a billable MSP or business unit gets a subscription of
        /// its own and is enabled (the reference's `RemoveOrganizationFromProviderCommand`).
        /// Absent when false, so logs written before it read as they did.
        #[serde(default, skip_serializing_if = "is_false")]
        reenabled: bool,
    },
    /// A client organization was deleted (`ProviderOrganization_Removed`, 1902).
    ClientDeleted {
        /// The client.
        client: OrganizationId,
    },
    /// A provider member opened a client's vault in its admin console
    /// (`ProviderOrganization_VaultAccessed`, 1903): the record access reviews read. It changes
    /// nothing (the sequence moves, `revised_at` does not).
    ClientVaultAccessed {
        /// The client.
        client: OrganizationId,
    },
    /// One of a client organization's policies was enabled, changed or disabled
    /// (`Policy_Updated`, 1700, an organization event the reference logs with the provider's id).
    ClientPolicyChanged {
        /// The client.
        client: OrganizationId,
        /// The change, with the settings it sets (and had, for a change of settings).
        change: PolicyChange,
    },

    // ---- consolidated billing ----
    /// The subscription of an MSP or business unit started, in its trial.
    SubscriptionStarted {
        /// The subscription as it started.
        subscription: Box<Subscription>,
    },
    /// An invoice was issued.
    SubscriptionInvoiced {
        /// The invoice.
        invoice: OpenInvoice,
    },
    /// The open invoice was paid (a provider disabled for non-payment is enabled again by a
    /// `provider_enabled` in the same command).
    SubscriptionPaid {
        /// The day.
        on: NaiveDate,
        /// The amount paid.
        amount: Money,
        /// Whether the invoice had been declared unpaid.
        reenables_provider: bool,
    },
    /// The open invoice was declared unpaid (the provider and its clients are disabled by a
    /// `provider_disabled` in the same command); the subscription cancels on `cancels_on`.
    SubscriptionUnpaid {
        /// The day.
        on: NaiveDate,
        /// When it cancels unless paid.
        cancels_on: NaiveDate,
    },
    /// The unpaid subscription was cancelled.
    SubscriptionCancelled {
        /// The day.
        on: NaiveDate,
    },
    /// The provider's negotiated seat prices changed.
    SubscriptionPricesChanged {
        /// The new prices.
        prices: SeatPrices,
    },
    /// The provider's discount changed.
    SubscriptionDiscountChanged {
        /// The new discount.
        discount: Discount,
    },
    /// The provider's own reference for a client (for PSA export) was set or cleared.
    ClientReferenceSet {
        /// The client.
        client: OrganizationId,
        /// The reference, or none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// A client's lifecycle state changed (issue 17): active, trial, not-for-resale, paused or
    /// suspended.
    ClientStateChanged {
        /// The client.
        client: OrganizationId,
        /// Its state before.
        from: ClientState,
        /// Its state after.
        to: ClientState,
    },
    /// A client's tags changed (issue 17): the whole set before and after.
    ClientTagsChanged {
        /// The client.
        client: OrganizationId,
        /// Its tags before.
        from: BTreeSet<ClientTag>,
        /// Its tags after.
        to: BTreeSet<ClientTag>,
    },
    // ---- deployment progress (no reference codes) ----
    /// A client's deployment was planned: its profile, its schedule and its due date.
    DeploymentPlanned {
        /// The client.
        client: OrganizationId,
        /// What the client's deployment looks like (the steps that apply follow from it).
        profile: ClientProfile,
        /// The working time given to it.
        schedule: Schedule,
        /// The date it should be finished by.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    /// A checklist item of a client's initial setup was recorded by hand.
    DeploymentChecklistRecorded {
        /// The client.
        client: OrganizationId,
        /// The task.
        task: SetupTask,
        /// Whether it is done.
        done: bool,
    },
    /// A deployment step was started (or unblocked).
    DeploymentStepStarted {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
    },
    /// A deployment step was done.
    DeploymentStepCompleted {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
    },
    /// A deployment step was skipped.
    DeploymentStepSkipped {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
        /// Why.
        reason: String,
    },
    /// A deployment step was blocked.
    DeploymentStepBlocked {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
        /// Why.
        reason: String,
    },
    /// A deployment step went back to not started.
    DeploymentStepReopened {
        /// The client.
        client: OrganizationId,
        /// The step.
        step: StepNumber,
    },
    /// A deployment phase was signed off.
    DeploymentPhaseCompleted {
        /// The client.
        client: OrganizationId,
        /// The phase.
        phase: PhaseNumber,
    },
    /// A deployment phase sign-off was withdrawn.
    DeploymentPhaseReopened {
        /// The client.
        client: OrganizationId,
        /// The phase.
        phase: PhaseNumber,
    },
    /// A client's deployment profile changed.
    DeploymentProfileChanged {
        /// The client.
        client: OrganizationId,
        /// The new profile.
        profile: ClientProfile,
    },
}

impl Change {
    /// The stable snake_case name: the JSON `type` (the name of its [`ChangeKind`](super::ChangeKind)).
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// The reference server's `EventType` code, where the reference has one.
    pub fn code(&self) -> Option<u16> {
        Some(match self {
            Self::MemberInvited { .. } => 1800,
            Self::MemberConfirmed { .. } => 1801,
            Self::MemberRoleChanged { .. }
            | Self::MemberScopeChanged { .. }
            | Self::MemberRevoked { .. }
            | Self::MemberRestored { .. } => 1802,
            Self::MemberRemoved { .. } | Self::MemberLeft { .. } => 1803,
            Self::ClientCreated { .. } => 1900,
            Self::ClientAdded { .. } => 1901,
            Self::ClientUnlinked { .. } | Self::ClientDeleted { .. } => 1902,
            Self::ClientVaultAccessed { .. } => 1903,
            Self::ClientMemberRevoked { reason, .. } => reason.code(),
            Self::ClientPolicyChanged { .. } => 1700,
            _ => return None,
        })
    }

    /// What the change is about (`provider` is the id of the provider it happened to).
    pub fn subject(&self, provider: ProviderId) -> Subject {
        match self {
            Self::ProviderSetUp { member, .. }
            | Self::MemberInvited { member, .. }
            | Self::MemberReinvited { member, .. }
            | Self::MemberAccepted { member, .. }
            | Self::MemberConfirmed { member }
            | Self::MemberRoleChanged { member, .. }
            | Self::MemberScopeChanged { member, .. }
            | Self::MemberRevoked { member }
            | Self::MemberRestored { member }
            | Self::MemberRemoved { member }
            | Self::MemberLeft { member } => Subject::Member(*member),
            Self::ClientCreated { client, .. }
            | Self::ClientAdded { client, .. }
            | Self::ClientSeatsChanged { client, .. }
            | Self::ClientReferenceSet { client, .. }
            | Self::ClientStateChanged { client, .. }
            | Self::ClientTagsChanged { client, .. }
            | Self::ClientMemberAdded { client, .. }
            | Self::ClientMemberRemoved { client, .. }
            | Self::ClientMemberRevoked { client, .. }
            | Self::ClientUnlinked { client, .. }
            | Self::ClientDeleted { client }
            | Self::ClientVaultAccessed { client }
            | Self::ClientPolicyChanged { client, .. }
            | Self::DeploymentPlanned { client, .. }
            | Self::DeploymentChecklistRecorded { client, .. }
            | Self::DeploymentStepStarted { client, .. }
            | Self::DeploymentStepCompleted { client, .. }
            | Self::DeploymentStepSkipped { client, .. }
            | Self::DeploymentStepBlocked { client, .. }
            | Self::DeploymentStepReopened { client, .. }
            | Self::DeploymentPhaseCompleted { client, .. }
            | Self::DeploymentPhaseReopened { client, .. }
            | Self::DeploymentProfileChanged { client, .. } => Subject::Client(*client),
            Self::ProviderIssued { .. }
            | Self::ProviderUpdated { .. }
            | Self::ProviderStatusChanged { .. }
            | Self::ProviderEnabled
            | Self::ProviderDisabled
            | Self::ProviderDeleted
            | Self::ProviderAccessSuspended { .. }
            | Self::ProviderAccessResumed { .. }
            | Self::AccessReviewSigned { .. }
            | Self::SeatMinimumChanged { .. }
            | Self::PlanChanged { .. }
            | Self::SubscriptionStarted { .. }
            | Self::SubscriptionInvoiced { .. }
            | Self::SubscriptionPaid { .. }
            | Self::SubscriptionUnpaid { .. }
            | Self::SubscriptionCancelled { .. }
            | Self::SubscriptionPricesChanged { .. }
            | Self::SubscriptionDiscountChanged { .. } => Subject::Provider(provider),
        }
    }
}

/// For serde's `skip_serializing_if`: a flag written only when set.
#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_false(b: &bool) -> bool {
    !*b
}
