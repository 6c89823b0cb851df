//! Shared set-up of mspkit's benchmarks: the synthetic portfolio of the policy benchmark, the
//! billing benchmark's document and the events benchmark's provider and log.

use chrono::{DateTime, TimeZone, Utc};
use mspkit::policy::{PolicyKind, PolicySet, PolicySettings, SettingValue};
use mspkit::{
    ClientMember, Email, Error, Event, NewClient, OrganizationId, OrganizationUserStatus,
    OrganizationUserType, PlanType, Portfolio, Provider, ProviderId, ProviderSettings, ProviderType,
    ProviderUserId, ProviderUserType, UserId,
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

/// The billing benchmark's provider as a document: a billable MSP with `clients` clients,
/// alternately on Teams and Enterprise, 5 to 54 seats each, about two thirds of them used
/// (counted, not listed, as a reference-server import does), seat minimums of 50 000 Teams and
/// 1 000 Enterprise seats, and a running subscription with a 12.5 % discount anchored on
/// 2026-01-15. `benches/billing.py` builds the same document for the Python side.
pub fn synthetic_billing_json(clients: usize) -> String {
    use std::fmt::Write as _;
    let mut json = String::with_capacity(clients.saturating_mul(300).saturating_add(1_000));
    json.push_str(
        r#"{"id":"6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f","kind":"msp","status":"billable","enabled":true,
        "settings":{"name":"Synthetic MSP","billing_email":"billing@msp.example"},
        "created_at":"2026-01-01T00:00:00Z","revised_at":"2026-01-01T00:00:00Z",
        "members":[{"id":"00000000-0000-4000-8000-000000000001","email":"admin@msp.example",
        "user_id":"00000000-0000-4000-8000-000000000002","role":"provider_admin","status":"confirmed",
        "invited_at":"2026-01-01T00:00:00Z"}],
        "seat_minimums":{"teams_monthly":50000,"enterprise_monthly":1000},"clients":["#,
    );
    for i in 0..clients {
        let seats = 5 + i % 50;
        let used = seats * 2 / 3;
        let plan = if i % 2 == 0 { "teams_monthly" } else { "enterprise_monthly" };
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            r#"{{"id":"00000000-0000-4000-9000-{i:012}","name":"Client {i}, Inc.","plan":"{plan}","seats":{seats},
            "billing_email":"billing@msp.example","enabled":true,"managed":true,"members":[],
            "unlisted_occupied_seats":{used},"created_at":"2026-01-01T00:00:00Z"}}"#
        );
    }
    json.push_str(
        r#"],"subscription":{"kind":"msp","discount":"12.5","anchor":"2026-01-15","lifecycle":{"state":"active"}}}"#,
    );
    json
}

/// The billing benchmark's provider ([`synthetic_billing_json`]), read as a service reads it.
pub fn synthetic_billing_provider(clients: usize) -> Result<Provider, Error> {
    Provider::from_json(&synthetic_billing_json(clients))
}

/// A provider with its admin, its clients' ids and its log so far.
pub type SyntheticMsp = (Provider, ProviderUserId, Vec<OrganizationId>, Vec<Event>);

/// A billable MSP with `clients` clients (alternately Teams and Enterprise monthly, 5 seats
/// each), built through the provider's commands: the provider, its admin, the clients' ids and
/// its log so far.
pub fn synthetic_msp(clients: usize) -> Result<SyntheticMsp, Error> {
    let settings =
        ProviderSettings::new("Bench MSP")?.with_billing_email(Some(Email::new("billing@bench.example")?));
    let ada = Email::new("ada@bench.example")?;
    let (mut p, mut log) =
        Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), t0());
    let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, t0())?;
    log.extend(admin.events);
    log.extend(p.mark_billable(t0())?);
    let owner = Email::new("owner@client.example")?;
    let mut ids = Vec::with_capacity(clients);
    for i in 0..clients {
        let new = NewClient {
            name: format!("Client {i}"),
            owner_email: owner.clone(),
            plan: if i % 2 == 0 { PlanType::TeamsMonthly } else { PlanType::EnterpriseMonthly },
            seats: 5,
            first_collection: None,
        };
        let created = p.create_client(admin.id, new, t0())?;
        ids.push(created.id);
        log.extend(created.events);
    }
    Ok((p, admin.id, ids, log))
}

/// The events benchmark's log of `events` events: [`synthetic_msp`] with one client per ten
/// events, then seat changes and (one round in four) new client members, spread over every
/// client. Fewer than ten events give the set-up's events alone.
pub fn synthetic_log(events: usize) -> Result<Vec<Event>, Error> {
    let (mut p, admin, ids, mut log) = synthetic_msp(events / 10)?;
    let mut i = 0usize;
    while log.len() < events {
        let Some(&client) = ids.get(i % ids.len().max(1)) else { break };
        if (i / ids.len()).is_multiple_of(4) {
            let email = Email::new(&format!("member{i}@client.example"))?;
            let member =
                ClientMember::new(email, OrganizationUserType::User, OrganizationUserStatus::Confirmed);
            log.extend(p.add_client_member(admin, client, member, t0())?);
        } else {
            let Some(seats) = p.client(client).map(|c| c.seats() + 1) else { break };
            log.extend(p.set_client_seats(admin, client, seats, t0())?);
        }
        i += 1;
    }
    log.truncate(events);
    Ok(log)
}

/// The deployment benchmark's portfolio document: [`synthetic_msp`] with `clients` clients, each
/// with a deployment (cloud, master password, manual provisioning; nothing recorded yet; 2 hours
/// a working day from 2026-11-30, due 2027-06-30). `mspkit deploy` and `mspkit report` read it.
pub fn synthetic_deployment_document(clients: usize) -> Result<String, Error> {
    use std::fmt::Write as _;
    let (provider, _, ids, _) = synthetic_msp(clients)?;
    let mut json = String::with_capacity(clients.saturating_mul(800).saturating_add(1_000));
    json.push_str("{\"schema_version\":1,\"provider\":");
    json.push_str(&provider.to_json()?);
    json.push_str(",\"deployments\":[");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            r#"{{"client":"{id}","profile":{{"hosting":"cloud","sso":false,"decryption":"master_password","provisioning":"manual","siem":false}},"plan":{{"steps":{{}},"phases":{{}}}},"schedule":{{"start":"2026-11-30","minutes_per_day":120,"working_days":["mon","tue","wed","thu","fri"],"holidays":[]}},"due":"2027-06-30"}}"#
        );
    }
    json.push_str("]}");
    Ok(json)
}

/// The review benchmark's provider and log: [`synthetic_msp`] with 3 confirmed admins, 3
/// confirmed service users (the last scoped to every tenth client), an invited member, and a
/// vault access on every tenth client; the log holds every event.
pub fn synthetic_review_msp(clients: usize) -> Result<(Provider, Vec<Event>), Error> {
    let (mut p, admin, ids, mut log) = synthetic_msp(clients)?;
    let now = t0();
    let mut user = 100u128;
    for (i, role) in [
        ProviderUserType::ProviderAdmin,
        ProviderUserType::ProviderAdmin,
        ProviderUserType::ServiceUser,
        ProviderUserType::ServiceUser,
        ProviderUserType::ServiceUser,
    ]
    .into_iter()
    .enumerate()
    {
        let address = format!("tech{i}@bench.example");
        let invited = p.invite_members(admin, &[&address], role, now)?;
        log.extend(invited.events);
        let Some(&id) = invited.id.first() else { break };
        user += 1;
        log.extend(p.accept(id, UserId::new(Uuid::from_u128(user)), &Email::new(&address)?, None, now)?);
        log.extend(p.confirm(admin, id, None, now)?);
        if i == 4 {
            let scope = ids.iter().step_by(10).copied().collect();
            log.extend(p.set_client_scope(admin, id, Some(scope), now)?);
        }
    }
    log.extend(
        p.invite_members(admin, &["pending@bench.example"], ProviderUserType::ServiceUser, now)?.events,
    );
    for id in ids.iter().step_by(10) {
        log.extend(p.record_vault_access(admin, *id, now)?);
    }
    Ok((p, log))
}

/// A buffer twice the size of this machine's last-level cache (32 MiB): see [`evict_caches`].
pub fn eviction_buffer() -> Vec<u64> {
    vec![0u64; 64 << 20 >> 3]
}

/// Writes over every cache line of `buffer`, so that what a benchmark touched before is out of
/// the caches and its next call starts cold, as a call on data just read from a document or a
/// database does (outside the timed part).
pub fn evict_caches(buffer: &mut [u64]) {
    for (i, word) in buffer.iter_mut().step_by(8).enumerate() {
        *word = word.wrapping_add(i as u64);
    }
    std::hint::black_box(&buffer);
}

/// Each of `rounds` calls of `f` timed, in seconds, in order; before each, when `evict` holds an
/// [`eviction_buffer`], the caches are emptied ([`evict_caches`], outside the timing).
pub fn timed_calls(rounds: usize, evict: &mut Option<Vec<u64>>, mut f: impl FnMut()) -> Vec<f64> {
    (0..rounds)
        .map(|_| {
            if let Some(buffer) = evict.as_mut() {
                evict_caches(buffer);
            }
            let start = std::time::Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect()
}

/// The fastest of [`timed_calls`] (infinity for no call).
pub fn fastest_call(rounds: usize, evict: &mut Option<Vec<u64>>, f: impl FnMut()) -> f64 {
    timed_calls(rounds, evict, f).into_iter().fold(f64::INFINITY, f64::min)
}
