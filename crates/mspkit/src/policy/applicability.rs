//! Who an enabled policy binds: [`binds`] and [`PolicySet::binding`].

use serde::{Deserialize, Serialize};

use super::{PolicyKind, PolicySet};
use crate::client::{OrganizationUserStatus, OrganizationUserType};
use crate::plan::PlanType;

/// What is known of the organization whose policy it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrganizationFacts {
    /// Whether the organization is enabled.
    pub enabled: bool,
    /// Its plan.
    pub plan: PlanType,
}

/// A member of the organization, as far as policies care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MemberFacts {
    /// The member's role.
    pub role: OrganizationUserType,
    /// The membership's state.
    pub status: OrganizationUserStatus,
    /// Whether the member is a provider member acting in the client.
    pub provider_member: bool,
}

impl MemberFacts {
    /// An organization member (not a provider member).
    pub fn new(role: OrganizationUserType, status: OrganizationUserStatus) -> Self {
        Self { role, status, provider_member: false }
    }

    /// A provider member acting in the client with `role`.
    pub fn provider(role: OrganizationUserType, status: OrganizationUserStatus) -> Self {
        Self { role, status, provider_member: true }
    }
}

/// Whether an enabled `kind` policy of `organization` (`None`: unknown) binds `member`.
///
/// The reference SDK's default filter, with mspkit's decisions where it is unclear. An enabled
/// policy binds a member when, in this order:
///
/// 1. the organization is **unknown** → the policy binds (fail closed: nothing is known that
///    could exempt anyone);
/// 2. the organization is **disabled**, or its **plan does not offer** the policy → it binds
///    nobody (a policy the plan does not offer is not in force);
/// 3. the member is **invited** or **revoked** → not bound (only accepted and confirmed members are);
/// 4. the member is a **provider member** acting in the client → not bound, for every policy
///    (mspkit's decision: the provider's own standards govern its members, and a provider member
///    bound by a client's single_org could not serve two clients);
/// 5. the member is an **owner or admin** → bound only by master_password and
///    two_factor_authentication;
/// 6. anyone else (users, custom roles) → bound. A custom role is bound even when it may manage
///    policies: mspkit does not model custom permissions, so it fails closed.
///
/// | status ↓ / role → | owner, admin | user, custom | provider member |
/// |---|---|---|---|
/// | invited, revoked | – | – | – |
/// | accepted, confirmed | master_password, two_factor_authentication | every policy | – |
pub fn binds(kind: PolicyKind, organization: Option<OrganizationFacts>, member: MemberFacts) -> bool {
    let Some(organization) = organization else { return true };
    if !organization.enabled || !kind.available_on(organization.plan) {
        return false;
    }
    if !matches!(member.status, OrganizationUserStatus::Accepted | OrganizationUserStatus::Confirmed) {
        return false;
    }
    if member.provider_member {
        return false;
    }
    match member.role {
        OrganizationUserType::Owner | OrganizationUserType::Admin => kind.binds_owners_and_admins(),
        OrganizationUserType::User | OrganizationUserType::Custom => true,
    }
}

impl PolicySet {
    /// The enabled policies that bind `member` of `organization` (`None`: unknown), in code order.
    pub fn binding(&self, organization: Option<OrganizationFacts>, member: MemberFacts) -> Vec<PolicyKind> {
        self.enabled().filter(|kind| binds(*kind, organization, member)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganizationUserStatus::{Accepted, Confirmed, Invited, Revoked};
    use OrganizationUserType::{Admin, Custom, Owner, User};

    const ORG: Option<OrganizationFacts> =
        Some(OrganizationFacts { enabled: true, plan: PlanType::EnterpriseAnnually });

    /// The applicability table, row by row: (role, status, provider member, single_org binds,
    /// master_password binds, two_factor_authentication binds).
    #[test]
    fn the_applicability_table() {
        let rows = [
            (Owner, Confirmed, false, false, true, true),
            (Admin, Confirmed, false, false, true, true),
            (Owner, Accepted, false, false, true, true),
            (User, Confirmed, false, true, true, true),
            (User, Accepted, false, true, true, true),
            (Custom, Confirmed, false, true, true, true),
            (User, Invited, false, false, false, false),
            (User, Revoked, false, false, false, false),
            (Owner, Invited, false, false, false, false),
            (Admin, Revoked, false, false, false, false),
            (User, Confirmed, true, false, false, false),
            (Admin, Confirmed, true, false, false, false),
            (Owner, Confirmed, true, false, false, false),
        ];
        for (role, status, provider_member, single_org, master_password, two_factor) in rows {
            let member = MemberFacts { role, status, provider_member };
            let got = (
                binds(PolicyKind::SingleOrg, ORG, member),
                binds(PolicyKind::MasterPassword, ORG, member),
                binds(PolicyKind::TwoFactorAuthentication, ORG, member),
            );
            assert_eq!(
                got,
                (single_org, master_password, two_factor),
                "{role:?} {status:?} provider={provider_member}"
            );
        }
    }

    #[test]
    fn organization_state_decides_first() {
        let invited = MemberFacts::new(User, Invited);
        let provider = MemberFacts::provider(Owner, Confirmed);
        // Unknown organization: fail closed, whoever the member is.
        assert!(binds(PolicyKind::SingleOrg, None, invited));
        assert!(binds(PolicyKind::DisablePersonalVaultExport, None, provider));
        let user = MemberFacts::new(User, Confirmed);
        let disabled = Some(OrganizationFacts { enabled: false, plan: PlanType::EnterpriseAnnually });
        assert!(!binds(PolicyKind::SingleOrg, disabled, user));
        let teams = Some(OrganizationFacts { enabled: true, plan: PlanType::TeamsAnnually });
        assert!(!binds(PolicyKind::MasterPassword, teams, user));
    }

    #[test]
    fn binding_lists_only_enabled_policies() {
        use crate::policy::{Policy, PolicySettings};
        let set = PolicySet::from_policies([
            Policy::new(PolicySettings::new(PolicyKind::SingleOrg), true),
            Policy::new(PolicySettings::new(PolicyKind::MasterPassword), true),
            Policy::new(PolicySettings::new(PolicyKind::TwoFactorAuthentication), false),
        ])
        .unwrap();
        assert_eq!(
            set.binding(ORG, MemberFacts::new(User, Confirmed)),
            [PolicyKind::MasterPassword, PolicyKind::SingleOrg]
        );
        assert_eq!(set.binding(ORG, MemberFacts::new(Admin, Confirmed)), [PolicyKind::MasterPassword]);
        assert!(set.binding(ORG, MemberFacts::new(User, Invited)).is_empty());
    }
}
