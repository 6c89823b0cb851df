//! The generator of the bundled example: `examples/events.jsonl` is the log of the commands
//! below, and `examples/portfolio.json` is what replaying it gives. Run
//! `cargo run -p mspkit-tests --example regenerate` to write both files; a test checks that the
//! committed files are exactly what this produces.
//!
//! Every change goes through a real command (`Provider::invite`, `DeploymentPlan::complete`, …),
//! so the log is one a service embedding mspkit would have recorded. To add to the example, add
//! commands at the end of [`generate`] (new commands must come after the existing ones: the ids
//! of new members and clients are derived from the sequence number of the event that creates
//! them, so inserting events earlier would change the ids the README and tests name).

use std::error::Error as StdError;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use mspkit::billing::{BillingMonth, CollectionMethod, Discount, SeatPrices};
use mspkit::deployment::{
    ClientProfile, DeploymentCatalog, DeploymentEvent, DeploymentPlan, Schedule, SetupTask,
};
use mspkit::policy::{PolicyKind, PolicySettings, SettingValue};
use mspkit::{
    BusinessAddress, ClientMember, Email, Event, EventLog, NewClient, OrganizationId, OrganizationUserStatus,
    OrganizationUserType, PlanType, Portfolio, Provider, ProviderId, ProviderSettings, ProviderType,
    ProviderUserId, ProviderUserType, UserId,
};
use serde_json::json;
use uuid::Uuid;

/// Any error of the generator (a refused command is a bug in the script).
pub type GenError = Box<dyn StdError + Send + Sync>;

/// The provider's id.
pub const PROVIDER: Uuid = Uuid::from_u128(0x6f1c_2e3a_8b4d_4c5e_9f60_7a8b_9c0d_1e2f);

fn at(text: &str) -> Result<DateTime<Utc>, GenError> {
    Ok(text.parse::<DateTime<Utc>>()?)
}

fn day(y: i32, m: u32, d: u32) -> Result<DateTime<Utc>, GenError> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).single().ok_or_else(|| "no such day".into())
}

fn email(address: &str) -> Result<Email, GenError> {
    Ok(Email::new(address)?)
}

fn user(n: u128) -> UserId {
    UserId::new(Uuid::from_u128(0xa0 + n))
}

/// A client of the example: name, owner, domain, plan, seats, day of creation, members.
struct ClientSpec {
    name: &'static str,
    owner: &'static str,
    domain: &'static str,
    plan: PlanType,
    seats: u32,
    created: (u32, u32),
    members: u32,
}

const CLIENTS: [ClientSpec; 6] = [
    ClientSpec {
        name: "Fabrikam Dental",
        owner: "it",
        domain: "fabrikam-dental.example",
        plan: PlanType::TeamsMonthly,
        seats: 25,
        created: (3, 7),
        members: 23,
    },
    ClientSpec {
        name: "Contoso Legal LLP",
        owner: "ops",
        domain: "contoso-legal.example",
        plan: PlanType::EnterpriseMonthly,
        seats: 60,
        created: (3, 16),
        members: 41,
    },
    ClientSpec {
        name: "Tailspin Logistics",
        owner: "admin",
        domain: "tailspin.example",
        plan: PlanType::EnterpriseMonthly,
        seats: 120,
        created: (3, 25),
        members: 120,
    },
    ClientSpec {
        name: "Adatum Architects",
        owner: "owner",
        domain: "adatum.example",
        plan: PlanType::TeamsMonthly,
        seats: 15,
        created: (4, 3),
        members: 6,
    },
    ClientSpec {
        name: "Woodgrove Credit Union",
        owner: "security",
        domain: "woodgrove.example",
        plan: PlanType::EnterpriseMonthly,
        seats: 40,
        created: (4, 12),
        members: 12,
    },
    ClientSpec {
        name: "Litware Bakery",
        owner: "hello",
        domain: "litware-bakery.example",
        plan: PlanType::TeamsMonthly,
        seats: 8,
        created: (4, 21),
        members: 8,
    },
];

/// What was done to one deployment step: `(step, status, who, when, reason)`, `who` an index
/// into the team (0 Ada, 1 Grace, 2 Alan).
type StepRecord = (u32, &'static str, usize, &'static str, &'static str);

const CONTOSO_STEPS: &[StepRecord] = &[
    (1, "done", 1, "2026-11-02T09:30:00Z", ""),
    (2, "skipped", 1, "2026-11-02T09:00:00Z", "authentication decided in the contract: no SSO"),
    (4, "done", 1, "2026-11-03T09:30:00Z", ""),
    (5, "done", 1, "2026-11-03T10:30:00Z", ""),
    (6, "done", 1, "2026-11-03T11:30:00Z", ""),
    (7, "done", 1, "2026-11-04T09:30:00Z", ""),
    (8, "done", 1, "2026-11-04T10:30:00Z", ""),
    (9, "done", 1, "2026-11-04T11:30:00Z", ""),
    (10, "done", 1, "2026-11-05T09:30:00Z", ""),
    (11, "done", 1, "2026-11-05T10:30:00Z", ""),
    (12, "done", 1, "2026-11-05T11:30:00Z", ""),
    (
        13,
        "blocked",
        1,
        "2026-11-19T14:00:00Z",
        "waiting for the client's sign-off on the account-recovery policy",
    ),
    (14, "in_progress", 2, "2026-11-20T10:00:00Z", ""),
];

/// Days and hours at which Ada completed Tailspin's steps (a self-hosted deployment, finished).
const TAILSPIN_DONE: &[(u32, &str)] = &[
    (1, "09-07T09:30"),
    (2, "09-07T10:30"),
    (4, "09-07T11:30"),
    (5, "09-07T12:30"),
    (6, "09-08T09:30"),
    (7, "09-08T10:30"),
    (8, "09-08T11:30"),
    (9, "09-08T12:30"),
    (10, "09-09T09:30"),
    (11, "09-09T10:30"),
    (12, "09-09T11:30"),
    (13, "09-09T12:30"),
    (14, "09-10T09:30"),
    (15, "09-10T10:30"),
    (16, "09-10T11:30"),
    (17, "09-10T12:30"),
    (18, "09-11T09:30"),
    (19, "09-11T10:30"),
    (22, "09-11T11:30"),
    (23, "09-11T12:30"),
    (24, "09-14T09:30"),
    (26, "09-14T10:30"),
    (28, "09-14T11:30"),
    (29, "09-14T12:30"),
    (30, "09-14T09:30"),
    (33, "09-14T10:30"),
    (34, "09-14T11:30"),
    (35, "09-14T12:30"),
    (36, "09-14T09:30"),
];

const TAILSPIN_PHASES: &[(u32, &str)] =
    &[(1, "09-09T16:00"), (2, "09-14T16:00"), (3, "09-17T16:00"), (4, "09-18T16:00")];

/// Adatum's steps 1–24 were done by Ada, three a day from 9 November; step 25 is under way.
const ADATUM_DONE_DAYS: [u32; 8] = [9, 10, 11, 12, 13, 16, 16, 16];

/// A provider, its deployment plans, and the log of everything done to them.
struct Script {
    catalog: DeploymentCatalog,
    provider: Provider,
    log: Vec<Event>,
    team: Vec<ProviderUserId>,
    clients: Vec<OrganizationId>,
    plans: Vec<DeploymentPlan>,
}

impl Script {
    fn record(&mut self, events: Vec<Event>) {
        self.log.extend(events);
    }

    fn admin(&self) -> Result<ProviderUserId, GenError> {
        self.team.first().copied().ok_or_else(|| "no admin".into())
    }

    fn member(&self, who: usize) -> Result<ProviderUserId, GenError> {
        self.team.get(who).copied().ok_or_else(|| "no such member".into())
    }

    fn client(&self, index: usize) -> Result<OrganizationId, GenError> {
        self.clients.get(index).copied().ok_or_else(|| "no such client".into())
    }

    /// Plans the deployment of client `index`.
    fn plan(
        &mut self,
        index: usize,
        profile: serde_json::Value,
        schedule: serde_json::Value,
        due: &str,
    ) -> Result<usize, GenError> {
        let client = self.client(index)?;
        let profile: ClientProfile = serde_json::from_value(profile)?;
        let schedule: Schedule = serde_json::from_value(schedule)?;
        let admin = self.admin()?;
        let start = schedule.start().and_hms_opt(8, 0, 0).map(|t| t.and_utc()).ok_or("no such time")?;
        let events =
            self.provider.plan_deployment(admin, client, profile, schedule, Some(due.parse()?), start)?;
        self.record(events);
        self.plans.push(DeploymentPlan::new(client, profile));
        Ok(self.plans.len() - 1)
    }

    /// Runs one command of deployment plan `plan` and records its event in the provider's log.
    fn step(
        &mut self,
        plan: usize,
        command: impl FnOnce(
            &mut DeploymentPlan,
            &DeploymentCatalog,
        ) -> Result<DeploymentEvent, mspkit::DeploymentError>,
    ) -> Result<(), GenError> {
        let p = self.plans.get_mut(plan).ok_or("no such plan")?;
        let event = command(p, &self.catalog)?;
        let events = self.provider.record_deployment(&event)?;
        self.record(events);
        Ok(())
    }

    /// Enables policies of client `index`, in order, as `by` at `when` (issue 9).
    fn enable_policies(
        &mut self,
        index: usize,
        by: ProviderUserId,
        when: &str,
        policies: &[(PolicyKind, &[(&str, SettingValue)])],
    ) -> Result<(), GenError> {
        let (client, at) = (self.client(index)?, at(when)?);
        for (kind, values) in policies {
            let settings = values
                .iter()
                .try_fold(PolicySettings::new(*kind), |s, (name, value)| s.with(name, Some(value.clone())))?;
            let events = self.provider.enable_client_policy(by, client, settings, at)?;
            self.record(events);
        }
        Ok(())
    }

    fn steps(&mut self, plan: usize, records: &[StepRecord]) -> Result<(), GenError> {
        for &(step, status, who, when, reason) in records {
            let (by, at) = (self.member(who)?, at(when)?);
            self.step(plan, |p, c| match status {
                "done" => p.complete(c, step, by, at),
                "skipped" => p.skip(c, step, reason, by, at),
                "blocked" => p.block(c, step, reason, by, at),
                _ => p.start(c, step, by, at),
            })?;
        }
        Ok(())
    }
}

/// Runs the example's commands and returns its log.
#[expect(clippy::too_many_lines, reason = "one script, read top to bottom")]
pub fn generate() -> Result<EventLog, GenError> {
    // The vendor issues the provider to Ada, who sets it up; its subscription starts.
    let settings = ProviderSettings::new("Northwind Managed IT")?
        .with_business_name(Some("Northwind Managed IT Ltd"))?
        .with_billing_email(Some(email("billing@northwind-it.example")?))
        .with_billing_phone(Some("+44 20 7946 0101"))?
        .with_address(&BusinessAddress {
            line1: Some("12 Harbour Row".to_owned()),
            country: Some("GB".to_owned()),
            tax_number: Some("GB123456789".to_owned()),
            ..BusinessAddress::default()
        })?
        .with_use_events(true);
    let ada = email("ada.lovelace@northwind-it.example")?;
    let (provider, log) = Provider::issue(
        ProviderId::new(PROVIDER),
        ProviderType::Msp,
        settings,
        ada.clone(),
        day(2026, 3, 2)?,
    );
    let mut s = Script {
        catalog: DeploymentCatalog::builtin()?,
        provider,
        log,
        team: Vec::new(),
        clients: Vec::new(),
        plans: Vec::new(),
    };
    let created = s.provider.set_up(user(1), &ada, day(2026, 3, 2)?)?;
    s.team.push(created.id);
    s.record(created.events);
    let events = s.provider.mark_billable(day(2026, 3, 3)?)?;
    s.record(events);

    // The team: Grace (admin), Alan, Katherine and Linus (service users).
    let admin = s.admin()?;
    let invited = day(2026, 3, 4)?;
    let events = s.provider.invite(
        admin,
        &["grace.hopper@northwind-it.example"],
        ProviderUserType::ProviderAdmin,
        invited,
    )?;
    s.record(events);
    let service = [
        "alan.turing@northwind-it.example",
        "katherine.johnson@northwind-it.example",
        "linus.t@northwind-it.example",
    ];
    let events = s.provider.invite(admin, &service, ProviderUserType::ServiceUser, invited)?;
    s.record(events);
    let people = ["grace.hopper@northwind-it.example", service[0], service[1], service[2]];
    for (n, address) in (2u128..).zip(people) {
        let id = s
            .provider
            .member_by_email(&email(address)?)
            .map(mspkit::ProviderUser::id)
            .ok_or("not invited")?;
        s.team.push(id);
        let events = s.provider.accept(id, user(n), &email(address)?, None, day(2026, 3, 5)?)?;
        s.record(events);
        // Katherine accepted and waits for confirmation; Linus was confirmed, then revoked.
        if n != 4 {
            let events = s.provider.confirm(admin, id, None, day(2026, 3, 5)?)?;
            s.record(events);
        }
        if n == 5 {
            let events = s.provider.revoke(admin, id, day(2026, 3, 6)?)?;
            s.record(events);
        }
    }
    let events = s.provider.set_seat_minimum(None, PlanType::TeamsMonthly, 100, day(2026, 3, 6)?)?;
    s.record(events);
    let events = s.provider.set_seat_minimum(None, PlanType::EnterpriseMonthly, 150, day(2026, 3, 6)?)?;
    s.record(events);

    // Six clients, each with its co-owner, an admin and users (every seventh still invited).
    for spec in &CLIENTS {
        let now = day(2026, spec.created.0, spec.created.1)?;
        let new = NewClient {
            name: spec.name.to_owned(),
            owner_email: email(&format!("{}@{}", spec.owner, spec.domain))?,
            plan: spec.plan,
            seats: spec.seats,
            first_collection: Some("Shared".to_owned()),
        };
        let created = s.provider.create_client(admin, new, now)?;
        s.clients.push(created.id);
        s.record(created.events);
        for i in 1..spec.members {
            let (local, role, status) = match i {
                1 => ("co-owner".to_owned(), OrganizationUserType::Owner, OrganizationUserStatus::Confirmed),
                2 => ("user2".to_owned(), OrganizationUserType::Admin, OrganizationUserStatus::Confirmed),
                _ if i % 7 == 0 => {
                    (format!("user{i}"), OrganizationUserType::User, OrganizationUserStatus::Invited)
                }
                _ => (format!("user{i}"), OrganizationUserType::User, OrganizationUserStatus::Confirmed),
            };
            let member = ClientMember::new(email(&format!("{local}@{}", spec.domain))?, role, status);
            let events = s.provider.add_client_member(admin, created.id, member, now)?;
            s.record(events);
        }
    }

    // Alan is scoped to the clients whose deployments he works on; two more service users are
    // invited.
    let alan = s.member(2)?;
    let scope = [s.client(0)?, s.client(1)?, s.client(3)?, s.client(4)?].into_iter().collect();
    let events = s.provider.set_client_scope(admin, alan, Some(scope), day(2026, 4, 22)?)?;
    s.record(events);
    let events = s.provider.invite(
        admin,
        &["margaret.hamilton@northwind-it.example"],
        ProviderUserType::ServiceUser,
        day(2026, 11, 20)?,
    )?;
    s.record(events);
    let events = s.provider.invite(
        admin,
        &["dennis.ritchie@northwind-it.example"],
        ProviderUserType::ServiceUser,
        day(2026, 11, 8)?,
    )?;
    s.record(events);

    // Deployments. Fabrikam's starts next week.
    let cloud = json!({"hosting": "cloud", "sso": false, "provisioning": "manual"});
    s.plan(0, cloud.clone(), json!({"start": "2026-11-30", "hours_per_day": 2.0}), "2027-01-29")?;
    // Contoso's is under way, with a skipped and a blocked step.
    let contoso = s.plan(
        1,
        cloud,
        json!({"start": "2026-11-02", "hours_per_day": 1.5, "holidays": ["2026-11-11"]}),
        "2026-12-18",
    )?;
    s.steps(contoso, CONTOSO_STEPS)?;
    // Tailspin's (self-hosted) is finished and signed off.
    let tailspin = s.plan(
        2,
        json!({"hosting": "self_hosted", "sso": false, "provisioning": "manual"}),
        json!({"start": "2026-09-07", "hours_per_day": 4.0}),
        "2026-10-02",
    )?;
    for &(step, when) in TAILSPIN_DONE {
        let t = at(&format!("2026-{when}:00Z"))?;
        s.step(tailspin, |p, c| p.complete(c, step, admin, t))?;
    }
    for &(phase, when) in TAILSPIN_PHASES {
        let t = at(&format!("2026-{when}:00Z"))?;
        s.step(tailspin, |p, c| p.complete_phase(c, phase, admin, t))?;
    }
    // Adatum's (SSO with trusted devices, SCIM, SIEM) has two phases signed off.
    let adatum = s.plan(
        3,
        json!({"hosting": "cloud", "sso": true, "decryption": "trusted_devices", "provisioning": "scim", "siem": true}),
        json!({"start": "2026-11-09", "hours_per_day": 2.5, "working_days": ["mon", "tue", "wed", "thu"],
               "holidays": ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"]}),
        "2027-01-08",
    )?;
    for (step, d) in (1u32..=24).zip(ADATUM_DONE_DAYS.iter().flat_map(|d| [*d; 3])) {
        let hour = 9 + (step - 1) % 3;
        let t = at(&format!("2026-11-{d:02}T{hour:02}:30:00Z"))?;
        s.step(adatum, |p, c| p.complete(c, step, admin, t))?;
    }
    let t = at("2026-11-23T09:00:00Z")?;
    s.step(adatum, |p, c| p.start(c, 25, admin, t))?;
    for (phase, when) in [(1, "2026-11-12T17:00:00Z"), (2, "2026-11-20T17:00:00Z")] {
        let t = at(when)?;
        s.step(adatum, |p, c| p.complete_phase(c, phase, admin, t))?;
    }
    let adatum_client = s.client(3)?;
    let events = s.provider.record_checklist(
        admin,
        adatum_client,
        SetupTask::ImportData,
        true,
        at("2026-11-18T11:00:00Z")?,
    )?;
    s.record(events);
    // Woodgrove's (SSO, Directory Connector) has just begun.
    let woodgrove = s.plan(
        4,
        json!({"hosting": "cloud", "sso": true, "provisioning": "directory_connector"}),
        json!({"start": "2026-11-16", "minutes_per_day": 60, "working_days": ["mon", "wed", "fri"]}),
        "2026-11-27",
    )?;
    for (step, when) in [
        (1, "2026-11-16T09:30:00Z"),
        (2, "2026-11-16T10:30:00Z"),
        (3, "2026-11-17T09:30:00Z"),
        (4, "2026-11-17T10:30:00Z"),
    ] {
        let t = at(when)?;
        s.step(woodgrove, |p, c| p.complete(c, step, alan, t))?;
    }

    // Billing: the consolidated subscription Northwind has had since 16 March (recorded with its
    // real start; paid by invoice it had no trial, so its charges fall on the 16th), a 10 %
    // discount; November's invoice is issued; the PSA references of three clients are set.
    let events = s.provider.start_subscription(
        NaiveDate::from_ymd_opt(2026, 3, 16).ok_or("no such day")?,
        SeatPrices::reference(),
        "10".parse::<Discount>()?,
        CollectionMethod::SendInvoice,
        at("2026-11-24T09:00:00Z")?,
    )?;
    s.record(events);
    let november = s.provider.invoice("2026-11".parse::<BillingMonth>()?)?;
    let events = s.provider.issue_invoice(november.total, at("2026-11-24T09:05:00Z")?)?;
    s.record(events);
    for (index, reference) in [(0, "CW-1001"), (1, "CW-1002"), (2, "AT-2040")] {
        let client = s.client(index)?;
        let events =
            s.provider.set_client_reference(admin, client, Some(reference), at("2026-11-24T09:10:00Z")?)?;
        s.record(events);
    }
    // Client policies, checked by `mspkit check --baseline examples/baseline.toml`. The Teams
    // clients (Fabrikam, Adatum, Litware) have no policies on their plan.
    let (int, on, off) = (SettingValue::Int, SettingValue::Bool(true), SettingValue::Bool(false));
    let lock = SettingValue::Text("lock".to_owned());
    // Contoso meets the baseline.
    s.enable_policies(
        1,
        admin,
        "2026-11-24T10:00:00Z",
        &[
            (PolicyKind::TwoFactorAuthentication, &[]),
            (
                PolicyKind::MasterPassword,
                &[("min_length", int(14)), ("min_complexity", int(3)), ("require_upper", on.clone())],
            ),
            (PolicyKind::SingleOrg, &[]),
            (PolicyKind::MaximumVaultTimeout, &[("minutes", int(60)), ("action", lock.clone())]),
            (PolicyKind::ResetPassword, &[("auto_enroll_enabled", on.clone())]),
            (PolicyKind::DisablePersonalVaultExport, &[]),
            (PolicyKind::PasswordGenerator, &[("min_length", int(16))]),
        ],
    )?;
    // Tailspin drifts: shorter master passwords, a four-hour timeout, recovery without
    // auto-enrolment, and personal export allowed again.
    s.enable_policies(
        2,
        admin,
        "2026-11-24T11:00:00Z",
        &[
            (PolicyKind::TwoFactorAuthentication, &[]),
            (PolicyKind::MasterPassword, &[("min_length", int(12)), ("min_complexity", int(3))]),
            (PolicyKind::SingleOrg, &[]),
            (PolicyKind::MaximumVaultTimeout, &[("minutes", int(240))]),
            (PolicyKind::ResetPassword, &[("auto_enroll_enabled", off)]),
            (PolicyKind::DisablePersonalVaultExport, &[]),
        ],
    )?;
    let tailspin_client = s.client(2)?;
    let events = s.provider.disable_client_policy(
        admin,
        tailspin_client,
        PolicyKind::DisablePersonalVaultExport,
        at("2026-11-24T11:30:00Z")?,
    )?;
    s.record(events);
    // Woodgrove (Alan, within his scope) meets it with SSO, but for a two-hour timeout at its
    // branch kiosks: an exception in the baseline.
    s.enable_policies(
        4,
        alan,
        "2026-11-24T14:00:00Z",
        &[
            (PolicyKind::TwoFactorAuthentication, &[]),
            (
                PolicyKind::MasterPassword,
                &[("min_length", int(16)), ("min_complexity", int(4)), ("enforce_on_login", on.clone())],
            ),
            (PolicyKind::SingleOrg, &[]),
            (PolicyKind::RequireSso, &[]),
            (PolicyKind::MaximumVaultTimeout, &[("minutes", int(120)), ("action", lock)]),
            (PolicyKind::ResetPassword, &[("auto_enroll_enabled", on)]),
            (PolicyKind::DisablePersonalVaultExport, &[]),
        ],
    )?;
    // Tiers (issue 17): the law firm and the credit union are regulated, the others standard;
    // `mspkit check --baseline examples/baseline.toml --baseline examples/baseline-regulated.toml`.
    for (index, tag) in [
        (0, "standard"),
        (1, "regulated"),
        (2, "standard"),
        (3, "standard"),
        (4, "regulated"),
        (5, "standard"),
    ] {
        let client = s.client(index)?;
        let tag = mspkit::client::ClientTag::new(tag).map_err(mspkit::Error::from)?;
        let events = s.provider.set_client_tags(admin, client, [tag], at("2026-11-25T09:00:00Z")?)?;
        s.record(events);
    }
    Ok(EventLog::new(s.log))
}

/// The example's portfolio: the replay of [`generate`]'s log.
pub fn portfolio(log: &EventLog) -> Result<Portfolio, GenError> {
    Ok(log.replay_portfolio(&DeploymentCatalog::builtin()?)?)
}
