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
/// The reference server's policy requirement factories (`PolicyRequirements/*Factory` in
/// bitwarden/server: a base factory's default exemptions, overridden per kind), with the table
/// of `policies.md`. An enabled policy binds a member when, in this order:
///
/// 1. the organization is **unknown** → the policy binds (fail closed: nothing is known that
///    could exempt anyone);
/// 2. the organization is **disabled**, or its **plan does not offer** the policy → it binds
///    nobody (a policy the plan does not offer is not in force);
/// 3. the member's **status**, **role** or **provider membership** is exempt for the kind →
///    not bound; otherwise bound. A custom role is bound even when it may manage policies:
///    mspkit does not model custom permissions, so it fails closed.
///
/// | kind | exempt roles | exempt statuses | provider members exempt |
/// |---|---|---|---|
/// | every kind not listed | owner, admin | invited, revoked, staged | yes |
/// | two_factor_authentication, single_org | owner, admin | none | yes |
/// | master_password | none | invited, revoked, staged | yes |
/// | reset_password | none | revoked | no |
/// | automatic_user_confirmation | none | none | no |
/// | require_sso | owner, admin | invited, revoked, staged | yes |
///
/// (require_sso exempts no role in the reference when the server enforces SSO for every user, a
/// server setting mspkit does not know: it keeps the organization-level exemption.)
pub fn binds(kind: PolicyKind, organization: Option<OrganizationFacts>, member: MemberFacts) -> bool {
    let Some(organization) = organization else { return true };
    if !organization.enabled || !kind.available_on(organization.plan) {
        return false;
    }
    if status_exempt(kind, member.status) {
        return false;
    }
    if member.provider_member && provider_members_exempt(kind) {
        return false;
    }
    match member.role {
        OrganizationUserType::Owner | OrganizationUserType::Admin => kind.binds_owners_and_admins(),
        OrganizationUserType::User | OrganizationUserType::Custom => true,
    }
}

/// Whether `status` is exempt from `kind` (the table of [`binds`]).
fn status_exempt(kind: PolicyKind, status: OrganizationUserStatus) -> bool {
    use OrganizationUserStatus::{Invited, Revoked, Staged};
    match kind {
        PolicyKind::TwoFactorAuthentication
        | PolicyKind::SingleOrg
        | PolicyKind::AutomaticUserConfirmation => false,
        PolicyKind::ResetPassword => status == Revoked,
        _ => matches!(status, Invited | Revoked | Staged),
    }
}

/// Whether provider members acting in a client are exempt from `kind` (all but account recovery
/// and automatic user confirmation).
fn provider_members_exempt(kind: PolicyKind) -> bool {
    !matches!(kind, PolicyKind::ResetPassword | PolicyKind::AutomaticUserConfirmation)
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
    use OrganizationUserStatus::{Accepted, Confirmed, Invited, Revoked, Staged};
    use OrganizationUserType::{Admin, Custom, Owner, User};

    const ORG: Option<OrganizationFacts> =
        Some(OrganizationFacts { enabled: true, plan: PlanType::EnterpriseAnnually });

    /// The applicability table of `policies.md`, row by row: (role, status, provider member,
    /// single_org, master_password, two_factor_authentication, reset_password,
    /// automatic_user_confirmation, disable_send). Follows the reference's
    /// `BasePolicyRequirementFactoryTests` (default exemptions: owners, admins, invited, revoked
    /// and staged members, provider members) and each kind's factory.
    #[test]
    fn the_applicability_table() {
        #[rustfmt::skip]
        let rows = [
            (Owner, Confirmed, false, false, true, false, true, true, false),
            (Admin, Confirmed, false, false, true, false, true, true, false),
            (Owner, Accepted, false, false, true, false, true, true, false),
            (User, Confirmed, false, true, true, true, true, true, true),
            (User, Accepted, false, true, true, true, true, true, true),
            (Custom, Confirmed, false, true, true, true, true, true, true),
            (User, Invited, false, true, false, true, true, true, false),
            (User, Revoked, false, true, false, true, false, true, false),
            (User, Staged, false, true, false, true, true, true, false),
            (Owner, Invited, false, false, false, false, true, true, false),
            (Admin, Revoked, false, false, false, false, false, true, false),
            (User, Confirmed, true, false, false, false, true, true, false),
            (Admin, Confirmed, true, false, false, false, true, true, false),
            (Owner, Confirmed, true, false, false, false, true, true, false),
            (Owner, Revoked, true, false, false, false, false, true, false),
        ];
        for (role, status, provider_member, single_org, master, two_factor, reset, auto_confirm, send) in rows
        {
            let member = MemberFacts { role, status, provider_member };
            let got = (
                binds(PolicyKind::SingleOrg, ORG, member),
                binds(PolicyKind::MasterPassword, ORG, member),
                binds(PolicyKind::TwoFactorAuthentication, ORG, member),
                binds(PolicyKind::ResetPassword, ORG, member),
                binds(PolicyKind::AutomaticUserConfirmation, ORG, member),
                binds(PolicyKind::DisableSend, ORG, member),
            );
            assert_eq!(
                got,
                (single_org, master, two_factor, reset, auto_confirm, send),
                "{role:?} {status:?} provider={provider_member}"
            );
        }
    }

    /// The reference's `RequireTwoFactorPolicyRequirementFactory` exempts owners and admins but no
    /// status: an invited member must set up two-step login before joining.
    #[test]
    fn two_step_login_binds_invited_and_revoked_but_not_admins() {
        assert!(binds(PolicyKind::TwoFactorAuthentication, ORG, MemberFacts::new(User, Invited)));
        assert!(binds(PolicyKind::TwoFactorAuthentication, ORG, MemberFacts::new(User, Revoked)));
        assert!(!binds(PolicyKind::TwoFactorAuthentication, ORG, MemberFacts::new(Owner, Confirmed)));
        assert!(!binds(PolicyKind::TwoFactorAuthentication, ORG, MemberFacts::new(Admin, Accepted)));
    }

    /// The reference's `ResetPasswordPolicyRequirementFactory` exempts only revoked members:
    /// owners, admins, invited members and provider members are enrolled.
    #[test]
    fn account_recovery_exempts_only_revoked_members() {
        for member in [
            MemberFacts::new(Owner, Confirmed),
            MemberFacts::new(Admin, Invited),
            MemberFacts::provider(User, Confirmed),
            MemberFacts::new(User, Staged),
        ] {
            assert!(binds(PolicyKind::ResetPassword, ORG, member), "{member:?}");
        }
        assert!(!binds(PolicyKind::ResetPassword, ORG, MemberFacts::new(Owner, Revoked)));
    }

    /// The reference's `BasePolicyRequirementFactoryTests.DefaultExemptStatuses_...`: a staged
    /// member is exempt from the policies that keep the default exemptions.
    #[test]
    fn staged_members_are_exempt_by_default() {
        let staged = MemberFacts::new(User, Staged);
        for kind in [PolicyKind::DisableSend, PolicyKind::MasterPassword, PolicyKind::RequireSso] {
            assert!(!binds(kind, ORG, staged), "{kind}");
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
        assert_eq!(set.binding(ORG, MemberFacts::new(User, Invited)), [PolicyKind::SingleOrg]);
    }
}
