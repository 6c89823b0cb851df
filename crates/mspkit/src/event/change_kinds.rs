//! The kind of a change ([`ChangeKind`]: its name, without its data), and which changes change
//! the provider and which record deployment progress (split from `change.rs`, which holds the
//! list itself).

use serde::{Deserialize, Serialize};

use super::Change;

/// The kind of a [`Change`], without its data: the closed set of change names (the JSON
/// `type`), for matching on a kind and for the bindings' enum of event kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// `provider_issued`.
    ProviderIssued,
    /// `provider_set_up`.
    ProviderSetUp,
    /// `provider_updated`.
    ProviderUpdated,
    /// `provider_status_changed`.
    ProviderStatusChanged,
    /// `provider_enabled`.
    ProviderEnabled,
    /// `provider_disabled`.
    ProviderDisabled,
    /// `provider_deleted`.
    ProviderDeleted,
    /// `provider_access_suspended`.
    ProviderAccessSuspended,
    /// `provider_access_resumed`.
    ProviderAccessResumed,
    /// `access_review_signed`.
    AccessReviewSigned,
    /// `plan_changed`.
    PlanChanged,
    /// `seat_minimum_changed`.
    SeatMinimumChanged,
    /// `member_invited`.
    MemberInvited,
    /// `member_reinvited`.
    MemberReinvited,
    /// `member_accepted`.
    MemberAccepted,
    /// `member_confirmed`.
    MemberConfirmed,
    /// `member_role_changed`.
    MemberRoleChanged,
    /// `member_scope_changed`.
    MemberScopeChanged,
    /// `member_revoked`.
    MemberRevoked,
    /// `member_restored`.
    MemberRestored,
    /// `member_removed`.
    MemberRemoved,
    /// `member_left`.
    MemberLeft,
    /// `client_created`.
    ClientCreated,
    /// `client_added`.
    ClientAdded,
    /// `client_seats_changed`.
    ClientSeatsChanged,
    /// `client_member_added`.
    ClientMemberAdded,
    /// `client_member_removed`.
    ClientMemberRemoved,
    /// `client_member_revoked`.
    ClientMemberRevoked,
    /// `client_unlinked`.
    ClientUnlinked,
    /// `client_deleted`.
    ClientDeleted,
    /// `client_vault_accessed`.
    ClientVaultAccessed,
    /// `client_policy_changed`.
    ClientPolicyChanged,
    /// `subscription_started`.
    SubscriptionStarted,
    /// `subscription_invoiced`.
    SubscriptionInvoiced,
    /// `subscription_paid`.
    SubscriptionPaid,
    /// `subscription_unpaid`.
    SubscriptionUnpaid,
    /// `subscription_cancelled`.
    SubscriptionCancelled,
    /// `subscription_prices_changed`.
    SubscriptionPricesChanged,
    /// `subscription_discount_changed`.
    SubscriptionDiscountChanged,
    /// `client_reference_set`.
    ClientReferenceSet,
    /// `client_state_changed`.
    ClientStateChanged,
    /// `client_tags_changed`.
    ClientTagsChanged,
    /// `deployment_planned`.
    DeploymentPlanned,
    /// `deployment_checklist_recorded`.
    DeploymentChecklistRecorded,
    /// `deployment_step_started`.
    DeploymentStepStarted,
    /// `deployment_step_completed`.
    DeploymentStepCompleted,
    /// `deployment_step_skipped`.
    DeploymentStepSkipped,
    /// `deployment_step_blocked`.
    DeploymentStepBlocked,
    /// `deployment_step_reopened`.
    DeploymentStepReopened,
    /// `deployment_phase_completed`.
    DeploymentPhaseCompleted,
    /// `deployment_phase_reopened`.
    DeploymentPhaseReopened,
    /// `deployment_profile_changed`.
    DeploymentProfileChanged,
}

impl ChangeKind {
    /// Every kind, in the order of the list of changes.
    pub const ALL: [Self; 52] = [
        Self::ProviderIssued,
        Self::ProviderSetUp,
        Self::ProviderUpdated,
        Self::ProviderStatusChanged,
        Self::ProviderEnabled,
        Self::ProviderDisabled,
        Self::ProviderDeleted,
        Self::ProviderAccessSuspended,
        Self::ProviderAccessResumed,
        Self::AccessReviewSigned,
        Self::PlanChanged,
        Self::SeatMinimumChanged,
        Self::MemberInvited,
        Self::MemberReinvited,
        Self::MemberAccepted,
        Self::MemberConfirmed,
        Self::MemberRoleChanged,
        Self::MemberScopeChanged,
        Self::MemberRevoked,
        Self::MemberRestored,
        Self::MemberRemoved,
        Self::MemberLeft,
        Self::ClientCreated,
        Self::ClientAdded,
        Self::ClientSeatsChanged,
        Self::ClientMemberAdded,
        Self::ClientMemberRemoved,
        Self::ClientMemberRevoked,
        Self::ClientUnlinked,
        Self::ClientDeleted,
        Self::ClientVaultAccessed,
        Self::ClientPolicyChanged,
        Self::SubscriptionStarted,
        Self::SubscriptionInvoiced,
        Self::SubscriptionPaid,
        Self::SubscriptionUnpaid,
        Self::SubscriptionCancelled,
        Self::SubscriptionPricesChanged,
        Self::SubscriptionDiscountChanged,
        Self::ClientReferenceSet,
        Self::ClientStateChanged,
        Self::ClientTagsChanged,
        Self::DeploymentPlanned,
        Self::DeploymentChecklistRecorded,
        Self::DeploymentStepStarted,
        Self::DeploymentStepCompleted,
        Self::DeploymentStepSkipped,
        Self::DeploymentStepBlocked,
        Self::DeploymentStepReopened,
        Self::DeploymentPhaseCompleted,
        Self::DeploymentPhaseReopened,
        Self::DeploymentProfileChanged,
    ];

    /// The stable snake_case name: a change's JSON `type`.
    pub fn name(self) -> &'static str {
        match self {
            Self::ProviderIssued => "provider_issued",
            Self::ProviderSetUp => "provider_set_up",
            Self::ProviderUpdated => "provider_updated",
            Self::ProviderStatusChanged => "provider_status_changed",
            Self::ProviderEnabled => "provider_enabled",
            Self::ProviderDisabled => "provider_disabled",
            Self::ProviderDeleted => "provider_deleted",
            Self::ProviderAccessSuspended => "provider_access_suspended",
            Self::ProviderAccessResumed => "provider_access_resumed",
            Self::AccessReviewSigned => "access_review_signed",
            Self::PlanChanged => "plan_changed",
            Self::SeatMinimumChanged => "seat_minimum_changed",
            Self::MemberInvited => "member_invited",
            Self::MemberReinvited => "member_reinvited",
            Self::MemberAccepted => "member_accepted",
            Self::MemberConfirmed => "member_confirmed",
            Self::MemberRoleChanged => "member_role_changed",
            Self::MemberScopeChanged => "member_scope_changed",
            Self::MemberRevoked => "member_revoked",
            Self::MemberRestored => "member_restored",
            Self::MemberRemoved => "member_removed",
            Self::MemberLeft => "member_left",
            Self::ClientCreated => "client_created",
            Self::ClientAdded => "client_added",
            Self::ClientSeatsChanged => "client_seats_changed",
            Self::ClientMemberAdded => "client_member_added",
            Self::ClientMemberRemoved => "client_member_removed",
            Self::ClientMemberRevoked => "client_member_revoked",
            Self::ClientUnlinked => "client_unlinked",
            Self::ClientDeleted => "client_deleted",
            Self::ClientVaultAccessed => "client_vault_accessed",
            Self::ClientPolicyChanged => "client_policy_changed",
            Self::SubscriptionStarted => "subscription_started",
            Self::SubscriptionInvoiced => "subscription_invoiced",
            Self::SubscriptionPaid => "subscription_paid",
            Self::SubscriptionUnpaid => "subscription_unpaid",
            Self::SubscriptionCancelled => "subscription_cancelled",
            Self::SubscriptionPricesChanged => "subscription_prices_changed",
            Self::SubscriptionDiscountChanged => "subscription_discount_changed",
            Self::ClientReferenceSet => "client_reference_set",
            Self::ClientStateChanged => "client_state_changed",
            Self::ClientTagsChanged => "client_tags_changed",
            Self::DeploymentPlanned => "deployment_planned",
            Self::DeploymentChecklistRecorded => "deployment_checklist_recorded",
            Self::DeploymentStepStarted => "deployment_step_started",
            Self::DeploymentStepCompleted => "deployment_step_completed",
            Self::DeploymentStepSkipped => "deployment_step_skipped",
            Self::DeploymentStepBlocked => "deployment_step_blocked",
            Self::DeploymentStepReopened => "deployment_step_reopened",
            Self::DeploymentPhaseCompleted => "deployment_phase_completed",
            Self::DeploymentPhaseReopened => "deployment_phase_reopened",
            Self::DeploymentProfileChanged => "deployment_profile_changed",
        }
    }

    /// The kind named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl Change {
    /// The change's kind (exhaustive: a new change decides its kind here).
    pub fn kind(&self) -> ChangeKind {
        match self {
            Self::ProviderIssued { .. } => ChangeKind::ProviderIssued,
            Self::ProviderSetUp { .. } => ChangeKind::ProviderSetUp,
            Self::ProviderUpdated { .. } => ChangeKind::ProviderUpdated,
            Self::ProviderStatusChanged { .. } => ChangeKind::ProviderStatusChanged,
            Self::ProviderEnabled => ChangeKind::ProviderEnabled,
            Self::ProviderDisabled => ChangeKind::ProviderDisabled,
            Self::ProviderDeleted => ChangeKind::ProviderDeleted,
            Self::ProviderAccessSuspended { .. } => ChangeKind::ProviderAccessSuspended,
            Self::ProviderAccessResumed { .. } => ChangeKind::ProviderAccessResumed,
            Self::AccessReviewSigned { .. } => ChangeKind::AccessReviewSigned,
            Self::PlanChanged { .. } => ChangeKind::PlanChanged,
            Self::SeatMinimumChanged { .. } => ChangeKind::SeatMinimumChanged,
            Self::MemberInvited { .. } => ChangeKind::MemberInvited,
            Self::MemberReinvited { .. } => ChangeKind::MemberReinvited,
            Self::MemberAccepted { .. } => ChangeKind::MemberAccepted,
            Self::MemberConfirmed { .. } => ChangeKind::MemberConfirmed,
            Self::MemberRoleChanged { .. } => ChangeKind::MemberRoleChanged,
            Self::MemberScopeChanged { .. } => ChangeKind::MemberScopeChanged,
            Self::MemberRevoked { .. } => ChangeKind::MemberRevoked,
            Self::MemberRestored { .. } => ChangeKind::MemberRestored,
            Self::MemberRemoved { .. } => ChangeKind::MemberRemoved,
            Self::MemberLeft { .. } => ChangeKind::MemberLeft,
            Self::ClientCreated { .. } => ChangeKind::ClientCreated,
            Self::ClientAdded { .. } => ChangeKind::ClientAdded,
            Self::ClientSeatsChanged { .. } => ChangeKind::ClientSeatsChanged,
            Self::ClientMemberAdded { .. } => ChangeKind::ClientMemberAdded,
            Self::ClientMemberRemoved { .. } => ChangeKind::ClientMemberRemoved,
            Self::ClientMemberRevoked { .. } => ChangeKind::ClientMemberRevoked,
            Self::ClientUnlinked { .. } => ChangeKind::ClientUnlinked,
            Self::ClientDeleted { .. } => ChangeKind::ClientDeleted,
            Self::ClientVaultAccessed { .. } => ChangeKind::ClientVaultAccessed,
            Self::ClientPolicyChanged { .. } => ChangeKind::ClientPolicyChanged,
            Self::SubscriptionStarted { .. } => ChangeKind::SubscriptionStarted,
            Self::SubscriptionInvoiced { .. } => ChangeKind::SubscriptionInvoiced,
            Self::SubscriptionPaid { .. } => ChangeKind::SubscriptionPaid,
            Self::SubscriptionUnpaid { .. } => ChangeKind::SubscriptionUnpaid,
            Self::SubscriptionCancelled { .. } => ChangeKind::SubscriptionCancelled,
            Self::SubscriptionPricesChanged { .. } => ChangeKind::SubscriptionPricesChanged,
            Self::SubscriptionDiscountChanged { .. } => ChangeKind::SubscriptionDiscountChanged,
            Self::ClientReferenceSet { .. } => ChangeKind::ClientReferenceSet,
            Self::ClientStateChanged { .. } => ChangeKind::ClientStateChanged,
            Self::ClientTagsChanged { .. } => ChangeKind::ClientTagsChanged,
            Self::DeploymentPlanned { .. } => ChangeKind::DeploymentPlanned,
            Self::DeploymentChecklistRecorded { .. } => ChangeKind::DeploymentChecklistRecorded,
            Self::DeploymentStepStarted { .. } => ChangeKind::DeploymentStepStarted,
            Self::DeploymentStepCompleted { .. } => ChangeKind::DeploymentStepCompleted,
            Self::DeploymentStepSkipped { .. } => ChangeKind::DeploymentStepSkipped,
            Self::DeploymentStepBlocked { .. } => ChangeKind::DeploymentStepBlocked,
            Self::DeploymentStepReopened { .. } => ChangeKind::DeploymentStepReopened,
            Self::DeploymentPhaseCompleted { .. } => ChangeKind::DeploymentPhaseCompleted,
            Self::DeploymentPhaseReopened { .. } => ChangeKind::DeploymentPhaseReopened,
            Self::DeploymentProfileChanged { .. } => ChangeKind::DeploymentProfileChanged,
        }
    }

    /// Whether this change changes the provider (and so moves its `revised_at`): every change
    /// but deployment progress and vault accesses, which are records.
    pub fn changes_provider(&self) -> bool {
        !self.is_deployment() && !matches!(self, Self::ClientVaultAccessed { .. })
    }

    /// Whether this change records deployment progress (it does not change the provider).
    pub fn is_deployment(&self) -> bool {
        // The `deployment_*` changes, matched rather than found by name (this runs for every
        // applied event).
        matches!(
            self,
            Self::DeploymentPlanned { .. }
                | Self::DeploymentChecklistRecorded { .. }
                | Self::DeploymentStepStarted { .. }
                | Self::DeploymentStepCompleted { .. }
                | Self::DeploymentStepSkipped { .. }
                | Self::DeploymentStepBlocked { .. }
                | Self::DeploymentStepReopened { .. }
                | Self::DeploymentPhaseCompleted { .. }
                | Self::DeploymentPhaseReopened { .. }
                | Self::DeploymentProfileChanged { .. }
        )
    }
}
