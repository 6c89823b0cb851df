//! Shared set-up of mspkit's benchmarks: the synthetic portfolio of the policy benchmark.

use chrono::{DateTime, TimeZone, Utc};
use mspkit::policy::{PolicyKind, PolicySet, PolicySettings, SettingValue};
use mspkit::{
    Email, Error, NewClient, PlanType, Portfolio, Provider, ProviderId, ProviderSettings, ProviderType,
    UserId,
};
use uuid::Uuid;

fn with(kind: PolicyKind, values: &[(&str, SettingValue)]) -> Result<PolicySettings, Error> {
    Ok(values
        .iter()
        .try_fold(PolicySettings::new(kind), |s, (name, value)| s.with(name, Some(value.clone())))?)
}

/// The ten policies of client `i`, in an order the dependency rules accept: every fifth client
/// drifts (master password of 12 characters, a 240-minute vault timeout), every tenth has
/// two-step login switched off.
pub fn synthetic_policies(i: usize) -> Result<Vec<(PolicySettings, bool)>, Error> {
    let drifting = i.is_multiple_of(5);
    let int = SettingValue::Int;
    let on = SettingValue::Bool(true);
    Ok(vec![
        (with(PolicyKind::TwoFactorAuthentication, &[])?, !i.is_multiple_of(10)),
        (
            with(
                PolicyKind::MasterPassword,
                &[
                    ("min_length", int(if drifting { 12 } else { 14 })),
                    ("min_complexity", int(3)),
                    ("require_upper", on.clone()),
                ],
            )?,
            true,
        ),
        (with(PolicyKind::PasswordGenerator, &[("min_length", int(16))])?, true),
        (with(PolicyKind::SingleOrg, &[])?, true),
        (with(PolicyKind::RequireSso, &[])?, true),
        (with(PolicyKind::ResetPassword, &[("auto_enroll_enabled", on.clone())])?, true),
        (with(PolicyKind::MaximumVaultTimeout, &[("minutes", int(if drifting { 240 } else { 60 }))])?, true),
        (with(PolicyKind::DisablePersonalVaultExport, &[])?, true),
        (with(PolicyKind::RemoveUnlockWithPin, &[])?, true),
        (with(PolicyKind::SendControls, &[("disable_send", on)])?, true),
    ])
}

/// The set of [`synthetic_policies`] (for benchmarks of the pure functions).
pub fn synthetic_policy_set(i: usize) -> Result<PolicySet, Error> {
    let policies =
        synthetic_policies(i)?.into_iter().map(|(s, enabled)| mspkit::policy::Policy::new(s, enabled));
    Ok(PolicySet::from_policies(policies)?)
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().unwrap_or_default()
}

/// A portfolio of an MSP with `n` Enterprise clients, each with its [`synthetic_policies`], built
/// through the provider's commands (so it is a portfolio a service could have recorded).
pub fn synthetic_portfolio(n: usize) -> Result<Portfolio, Error> {
    let admin_email = Email::new("ada@bench.example")?;
    let settings =
        ProviderSettings::new("Bench MSP")?.with_billing_email(Some(Email::new("billing@bench.example")?));
    let (mut provider, _) = Provider::issue(
        ProviderId::new(Uuid::from_u128(7)),
        ProviderType::Msp,
        settings,
        admin_email.clone(),
        t0(),
    );
    let admin = provider.set_up(UserId::new(Uuid::from_u128(8)), &admin_email, t0())?.id;
    provider.mark_billable(t0())?;
    for i in 0..n {
        let new = NewClient {
            name: format!("Client {i:06}"),
            owner_email: Email::new(&format!("owner{i}@client.example"))?,
            plan: PlanType::EnterpriseMonthly,
            seats: 10,
            first_collection: None,
        };
        let client = provider.create_client(admin, new, t0())?.id;
        for (settings, enabled) in synthetic_policies(i)? {
            let kind = settings.kind();
            provider.enable_client_policy(admin, client, settings, t0())?;
            if !enabled {
                provider.disable_client_policy(admin, client, kind, t0())?;
            }
        }
    }
    Ok(Portfolio::new(provider))
}
