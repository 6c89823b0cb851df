//! The initial setup of a new client organization: a checklist derived from what the library
//! knows (the organization's own state, the deployment plan) and recorded by hand otherwise.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{DeploymentCatalog, DeploymentPlan, SetupTask, StepStatus};
use crate::ids::ProviderUserId;

/// What is known of the client organization's own state; `None` where unknown. An embedding
/// service fills it from the organization (its collections, groups, policies, members).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationFacts {
    /// The number of collections.
    #[serde(default)]
    pub collections: Option<u32>,
    /// The number of vault items.
    #[serde(default)]
    pub items: Option<u32>,
    /// The number of enabled policies.
    #[serde(default)]
    pub policies_enabled: Option<u32>,
    /// Whether SSO is configured.
    #[serde(default)]
    pub sso_configured: Option<bool>,
    /// The number of groups.
    #[serde(default)]
    pub groups: Option<u32>,
    /// The number of members invited (beyond the owners).
    #[serde(default)]
    pub invited_members: Option<u32>,
}

impl OrganizationFacts {
    /// What the library knows of a client organization: the members invited beyond its owners,
    /// and a collection when one was created with it. Collections without a first collection,
    /// items, policies, SSO and groups stay unknown (recorded by hand).
    pub fn from_client(client: &crate::client::ClientOrganization) -> Self {
        let invited = client
            .members()
            .iter()
            .filter(|m| m.role != crate::client::OrganizationUserType::Owner && m.occupies_seat())
            .count();
        Self {
            collections: client.first_collection().map(|_| 1),
            invited_members: Some(u32::try_from(invited).unwrap_or(u32::MAX)),
            ..Self::default()
        }
    }

    fn knows(&self, task: SetupTask) -> Option<bool> {
        match task {
            SetupTask::CreateCollections => self.collections.map(|n| n > 0),
            SetupTask::ImportData => self.items.map(|n| n > 0),
            SetupTask::ConfigurePolicies => self.policies_enabled.map(|n| n > 0),
            SetupTask::SetUpSso => self.sso_configured,
            SetupTask::CreateGroups => self.groups.map(|n| n > 0),
            SetupTask::InviteUsers => self.invited_members.map(|n| n > 0),
        }
    }
}

/// A task recorded by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRecord {
    /// Whether it is done.
    pub done: bool,
    /// Who recorded it.
    pub by: ProviderUserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// Where a checklist item's state comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistSource {
    /// The organization's own state ([`OrganizationFacts`]).
    Organization,
    /// The deployment plan: every applicable step of the task is done.
    Plan,
    /// Recorded by hand.
    Manual,
    /// Nothing known yet.
    Unknown,
}

/// One task of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// The task.
    pub task: SetupTask,
    /// Whether the task applies (SSO only for clients that use it).
    pub applicable: bool,
    /// Whether it is done.
    pub done: bool,
    /// Where that comes from.
    pub source: ChecklistSource,
}

/// A new client organization's initial-setup checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetupChecklist {
    items: Vec<ChecklistItem>,
}

impl SetupChecklist {
    /// Derives the checklist: the organization's state where known, else the plan (the
    /// catalogue's steps tagged with the task, all done), else what was recorded by hand.
    pub fn derive(
        catalog: &DeploymentCatalog,
        plan: &DeploymentPlan,
        facts: &OrganizationFacts,
        records: &BTreeMap<SetupTask, ChecklistRecord>,
    ) -> Self {
        let items = SetupTask::ALL
            .into_iter()
            .map(|task| {
                let applicable = task != SetupTask::SetUpSso || plan.profile().sso();
                let steps: Vec<_> = catalog
                    .applicable_steps(plan.profile())
                    .filter(|s| s.setup_task() == Some(task))
                    .collect();
                let plan_done =
                    !steps.is_empty() && steps.iter().all(|s| plan.status(s.number()) == StepStatus::Done);
                let (done, source) = if let Some(known) = facts.knows(task) {
                    (known, ChecklistSource::Organization)
                } else if plan_done {
                    (true, ChecklistSource::Plan)
                } else if let Some(r) = records.get(&task) {
                    (r.done, ChecklistSource::Manual)
                } else {
                    (false, ChecklistSource::Unknown)
                };
                ChecklistItem { task, applicable, done, source }
            })
            .collect();
        Self { items }
    }

    /// The items, in checklist order.
    pub fn items(&self) -> &[ChecklistItem] {
        &self.items
    }

    /// The applicable tasks not done yet.
    pub fn open(&self) -> impl Iterator<Item = SetupTask> + '_ {
        self.items.iter().filter(|i| i.applicable && !i.done).map(|i| i.task)
    }

    /// Whether every applicable task is done.
    pub fn is_complete(&self) -> bool {
        self.open().next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use uuid::Uuid;

    use super::*;
    use crate::deployment::ClientProfile;
    use crate::ids::OrganizationId;

    #[test]
    fn the_checklist_comes_from_facts_then_plan_then_records() {
        let c = DeploymentCatalog::builtin().unwrap();
        let mut plan = DeploymentPlan::new(OrganizationId::new(Uuid::from_u128(3)), ClientProfile::default());
        let ada = ProviderUserId::new(Uuid::from_u128(1));
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        plan.complete(&c, 16, ada, at).unwrap();
        let facts = OrganizationFacts { groups: Some(0), ..OrganizationFacts::default() };
        let records = BTreeMap::from([(SetupTask::ImportData, ChecklistRecord { done: true, by: ada, at })]);
        let list = SetupChecklist::derive(&c, &plan, &facts, &records);
        let get = |t| *list.items().iter().find(|i| i.task == t).unwrap();
        assert_eq!(get(SetupTask::CreateCollections).source, ChecklistSource::Plan);
        assert!(get(SetupTask::CreateCollections).done);
        assert_eq!(get(SetupTask::CreateGroups).source, ChecklistSource::Organization);
        assert!(!get(SetupTask::CreateGroups).done);
        assert!(get(SetupTask::ImportData).done);
        assert!(!get(SetupTask::SetUpSso).applicable);
        let open: Vec<_> = list.open().collect();
        assert_eq!(open, [SetupTask::ConfigurePolicies, SetupTask::CreateGroups, SetupTask::InviteUsers]);
        assert!(!list.is_complete());
    }
}
