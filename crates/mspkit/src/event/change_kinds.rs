//! Which changes change the provider and which record deployment progress (split from
//! `change.rs`, which holds the list itself).

use super::Change;

impl Change {
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
