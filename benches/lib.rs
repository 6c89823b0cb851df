//! Shared set-up of mspkit's benchmarks: the synthetic clients of the policy benchmark.

use mspkit::PlanType;
use mspkit::ids::OrganizationId;
use mspkit::policy::{Policy, PolicyKind, PolicySet, PolicySettings, SettingValue};

/// One synthetic client of the policy benchmark.
#[derive(Debug, Clone)]
pub struct SyntheticClient {
    /// Its id.
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: PlanType,
    /// Its policies: ten enabled.
    pub policies: PolicySet,
}

fn with(kind: PolicyKind, values: &[(&str, SettingValue)]) -> PolicySettings {
    values
        .iter()
        .try_fold(PolicySettings::new(kind), |s, (name, value)| s.with(name, Some(value.clone())))
        .unwrap_or_else(|_| PolicySettings::new(kind))
}

/// The ten enabled policies of client `i`: every fifth drifts (master password of 12
/// characters, a 240-minute vault timeout), every tenth has two-step login switched off.
pub fn synthetic_policies(i: usize) -> PolicySet {
    let drifting = i.is_multiple_of(5);
    let int = SettingValue::Int;
    let on = SettingValue::Bool(true);
    let policies = [
        Policy::new(with(PolicyKind::TwoFactorAuthentication, &[]), !i.is_multiple_of(10)),
        Policy::new(
            with(
                PolicyKind::MasterPassword,
                &[
                    ("min_length", int(if drifting { 12 } else { 14 })),
                    ("min_complexity", int(3)),
                    ("require_upper", on.clone()),
                ],
            ),
            true,
        ),
        Policy::new(with(PolicyKind::PasswordGenerator, &[("min_length", int(16))]), true),
        Policy::new(with(PolicyKind::SingleOrg, &[]), true),
        Policy::new(with(PolicyKind::RequireSso, &[]), true),
        Policy::new(with(PolicyKind::ResetPassword, &[("auto_enroll_enabled", on.clone())]), true),
        Policy::new(
            with(PolicyKind::MaximumVaultTimeout, &[("minutes", int(if drifting { 240 } else { 60 }))]),
            true,
        ),
        Policy::new(with(PolicyKind::DisablePersonalVaultExport, &[]), true),
        Policy::new(with(PolicyKind::RemoveUnlockWithPin, &[]), true),
        Policy::new(with(PolicyKind::SendControls, &[("disable_send", on)]), true),
    ];
    PolicySet::from_policies(policies).unwrap_or_default()
}

/// `n` synthetic clients on an Enterprise plan.
pub fn synthetic_policy_clients(n: usize) -> Vec<SyntheticClient> {
    (0..n)
        .map(|i| SyntheticClient {
            id: OrganizationId::from(uuid_from(i)),
            name: format!("Client {i:06}"),
            plan: PlanType::EnterpriseAnnually,
            policies: synthetic_policies(i),
        })
        .collect()
}

fn uuid_from(i: usize) -> uuid::Uuid {
    uuid::Uuid::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0000 | i as u128)
}
