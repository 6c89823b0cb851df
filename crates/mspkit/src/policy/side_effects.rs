//! What enabling a policy does to a client's members (issue 15): the reference revokes the
//! members who do not comply when `single_org` or `two_factor_authentication` is switched on
//! (`SingleOrgPolicyEventHandler`, `TwoFactorAuthenticationPolicyEventHandler`). mspkit does not
//! know a member's other organizations or second factors, so the caller supplies them
//! ([`MemberCompliance`]); the rules of who is revocable and who is revoked live here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::PolicyKind;
use crate::client::{ClientMember, OrganizationUserStatus, OrganizationUserType};
use crate::email::Email;

/// What the caller knows of one client member, for the policies that revoke on enabling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberCompliance {
    /// The member belongs (accepted, confirmed or revoked) to another organization: `single_org`
    /// revokes them.
    #[serde(default)]
    pub other_organizations: bool,
    /// The member has two-step login on: `two_factor_authentication` keeps them.
    #[serde(default)]
    pub two_factor: bool,
    /// The member has a master password (one without, and without two-step login, would lose
    /// access for good: the reference then refuses to enable two-step login).
    #[serde(default = "yes")]
    pub master_password: bool,
}

fn yes() -> bool {
    true
}

impl Default for MemberCompliance {
    fn default() -> Self {
        Self { other_organizations: false, two_factor: false, master_password: true }
    }
}

/// The facts of a client's members, by email.
pub type ComplianceFacts = BTreeMap<Email, MemberCompliance>;

/// Why a member was revoked (the reference's `RevocationReason` and its event codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    /// Not compliant with a two-step login policy being enabled
    /// (`OrganizationUser_Revoked_TwoFactorNonCompliance`, 1520).
    TwoFactorNonCompliance,
    /// Not compliant with a single-organization policy being enabled
    /// (`OrganizationUser_Revoked_SingleOrganizationNonCompliance`, 1521).
    SingleOrgNonCompliance,
}

impl RevocationReason {
    /// The reason that enabling `kind` revokes for, if it revokes.
    pub fn of(kind: PolicyKind) -> Option<Self> {
        match kind {
            PolicyKind::TwoFactorAuthentication => Some(Self::TwoFactorNonCompliance),
            PolicyKind::SingleOrg => Some(Self::SingleOrgNonCompliance),
            _ => None,
        }
    }

    /// The policy whose enabling revokes for this reason.
    pub fn policy(self) -> PolicyKind {
        match self {
            Self::TwoFactorNonCompliance => PolicyKind::TwoFactorAuthentication,
            Self::SingleOrgNonCompliance => PolicyKind::SingleOrg,
        }
    }

    /// The reference's `EventType` code.
    pub fn code(self) -> u16 {
        match self {
            Self::TwoFactorNonCompliance => 1520,
            Self::SingleOrgNonCompliance => 1521,
        }
    }

    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::TwoFactorNonCompliance => "two_factor_non_compliance",
            Self::SingleOrgNonCompliance => "single_org_non_compliance",
        }
    }
}

/// Whether enabling a revoking policy may revoke `member`: accepted or confirmed, neither owner
/// nor admin (the reference's handlers), and not the person acting (`acting`, their email).
pub fn revocable(member: &ClientMember, acting: Option<&Email>) -> bool {
    matches!(member.status, OrganizationUserStatus::Accepted | OrganizationUserStatus::Confirmed)
        && !matches!(member.role, OrganizationUserType::Owner | OrganizationUserType::Admin)
        && acting != Some(&member.email)
}

/// What enabling a policy on a client does to its members.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SideEffects {
    /// The members it revokes, in the client's order.
    pub revokes: Vec<Email>,
    /// Revocable members the caller gave no facts for: kept (nothing is known against them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Email>,
    /// Members who would lose access for good (no master password, no two-step login): the
    /// reference refuses to enable two-step login then, and so does mspkit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub would_lose_access: Vec<Email>,
    /// Why enabling would be refused as things stand (the client's plan does not offer the
    /// policy, a policy it requires is off): its code and message. The members above are whom it
    /// would revoke once allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<PreviewRefusal>,
}

/// Why a previewed enabling would be refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRefusal {
    /// The error's code (`policy_not_on_plan`, `policy_requirements_not_enabled`).
    pub code: String,
    /// Its message.
    pub message: String,
}

/// The side effects of switching `kind` on for a client whose members are `members`, by the
/// person `acting`, with the caller's `facts`: nothing for a policy that does not revoke; for
/// `single_org`, the revocable members in another organization; for two-step login, the
/// revocable members without it (and those without a master password, who would lose access).
pub fn side_effects(
    kind: PolicyKind,
    members: &[ClientMember],
    acting: Option<&Email>,
    facts: &ComplianceFacts,
) -> SideEffects {
    let mut out = SideEffects::default();
    if RevocationReason::of(kind).is_none() {
        return out;
    }
    for m in members.iter().filter(|m| revocable(m, acting)) {
        let Some(f) = facts.get(&m.email) else {
            out.unknown.push(m.email.clone());
            continue;
        };
        let revoked = match kind {
            PolicyKind::SingleOrg => f.other_organizations,
            _ => !f.two_factor,
        };
        if revoked {
            out.revokes.push(m.email.clone());
            if kind == PolicyKind::TwoFactorAuthentication && !f.master_password {
                out.would_lose_access.push(m.email.clone());
            }
        }
    }
    out
}
