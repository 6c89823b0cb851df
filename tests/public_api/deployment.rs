//! The customer deployment guide over the public API: editions, conditions, plans, schedules.

use chrono::{NaiveDate, TimeZone, Utc};
use mspkit::deployment::{
    ClientProfile, Decryption, DeploymentCatalog, DeploymentEventKind, DeploymentPlan, DeploymentPortfolio,
    DeploymentReport, Hosting, Minutes, PhaseStatus, Provisioning, Schedule, SortKey, StepStatus, Weekday,
    render_timeline_svg,
};
use mspkit::{Error, OrganizationId, ProviderUserId};
use uuid::Uuid;

const GUIDE_37: &str = include_str!("../../examples/deployment-guide-37.toml");
const DEPLOYMENTS: &str = include_str!("../../examples/portfolio.json");

fn totals(c: &DeploymentCatalog) -> Vec<String> {
    c.phases().iter().map(|p| c.phase_total(p.number()).hours()).chain([c.total().hours()]).collect()
}

#[test]
fn both_editions_total_exactly() {
    let c36 = DeploymentCatalog::builtin().unwrap();
    assert_eq!(totals(&c36), ["5.25", "5.75", "7.1", "3.0", "21.1"]);
    assert_eq!(c36.total(), Minutes::new(1266));
    let c37 = DeploymentCatalog::from_toml(GUIDE_37).unwrap();
    assert_eq!(c37.steps().len(), 37);
    assert_eq!(totals(&c37), ["5.25", "5.75", "7.2", "3.0", "21.2"]);
    assert_eq!(c37.step(25).unwrap().topic(), "Organization data ownership");
    assert_eq!(c37.step(26).unwrap().topic(), "Login with SSO");
    // The JSON form of an edition reads back identically.
    assert_eq!(DeploymentCatalog::from_json(&c37.to_json().unwrap()).unwrap(), c37);
}

#[test]
fn conditions_decide_which_steps_apply() {
    let c = DeploymentCatalog::builtin().unwrap();
    let minimal = ClientProfile::default();
    let full =
        ClientProfile::new(Hosting::SelfHosted, true, Decryption::TrustedDevices, Provisioning::Scim, true)
            .unwrap();
    assert_eq!(c.total_for(&full).hours(), "21.1");
    // Without SSO, SIEM and automated provisioning: 21.1 - (3, 20, 21, 25, 27, 31, 32) = 14.35.
    assert_eq!(c.total_for(&minimal).hours(), "14.35");
    assert_eq!(c.phase_total_for(2, &minimal).hours(), "3.75");
    let dc = ClientProfile::new(
        Hosting::Cloud,
        false,
        Decryption::MasterPassword,
        Provisioning::DirectoryConnector,
        false,
    )
    .unwrap();
    assert!(c.step(31).unwrap().applies_to(&dc));
    assert!(!c.step(20).unwrap().applies_to(&dc));
}

#[test]
fn a_plan_through_its_lifecycle() {
    let c = DeploymentCatalog::builtin().unwrap();
    let client = OrganizationId::new(Uuid::from_u128(0x42));
    let ada = ProviderUserId::new(Uuid::from_u128(1));
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let mut plan = DeploymentPlan::new(client, ClientProfile::default());
    let mut events = Vec::new();
    for step in [1, 2, 4, 5, 6, 7, 8, 9, 10] {
        events.push(plan.complete(&c, step, ada, now).unwrap());
    }
    events.push(plan.block(&c, 11, "the CEO is away", ada, now).unwrap());
    assert_eq!(plan.phase_status(&c, 1), PhaseStatus::Blocked);
    let err = plan.complete_phase(&c, 1, ada, now).unwrap_err();
    assert_eq!(err.code(), "phase_has_open_steps");
    assert_eq!(err.to_string(), "phase `1` still has open steps: `11`");
    assert_eq!(plan.complete(&c, 11, ada, now).unwrap_err().code(), "invalid_transition");
    events.push(plan.start(&c, 11, ada, now).unwrap());
    events.push(plan.complete(&c, 11, ada, now).unwrap());
    events.push(plan.complete_phase(&c, 1, ada, now).unwrap());
    assert_eq!(events.last().unwrap().kind, DeploymentEventKind::PhaseCompleted);
    assert_eq!(plan.current_phase(&c), Some(2));
    assert_eq!(plan.progress(&c).percent, 34); // 5.0 of 14.35 h
    // Done -> not started only through an explicit reopen, and not inside a completed phase.
    let e: Error = plan.reopen(&c, 1, ada, now).unwrap_err().into();
    assert_eq!(e.code(), "phase_complete");
    // JSON round trip and replay.
    assert_eq!(DeploymentPlan::from_json(&plan.to_json().unwrap(), &c).unwrap(), plan);
    assert_eq!(DeploymentPlan::replay(&c, client, ClientProfile::default(), &events).unwrap(), plan);
    assert_eq!(plan.status(11), StepStatus::Done);
}

#[test]
fn schedules_skip_weekends_and_holidays() {
    let c = DeploymentCatalog::builtin().unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let plan = DeploymentPlan::new(OrganizationId::new(Uuid::from_u128(5)), ClientProfile::default());
    // Thursday 24 December 2026, 4 h a day, Christmas and New Year's Day off: 14.35 h is
    // 24 Dec, 28, 29, 30 Dec (4 days at 4 h = 16 h).
    let s = Schedule::new(
        d(2026, 12, 24),
        Minutes::new(240),
        Weekday::WORK_WEEK,
        [d(2026, 12, 25), d(2027, 1, 1)],
    )
    .unwrap();
    let p = s.estimate(&c, &plan).unwrap();
    assert_eq!(p.end, Some(d(2026, 12, 30)));
    // Half an hour a day: the deployment crosses the year end.
    let s = Schedule::new(
        d(2026, 12, 24),
        Minutes::new(30),
        Weekday::WORK_WEEK,
        [d(2026, 12, 25), d(2027, 1, 1)],
    )
    .unwrap();
    let p = s.estimate(&c, &plan).unwrap();
    // 861 min / 30 = 28.7 -> 29 working days from 24 Dec: 24, 28-31 Dec (5), Jan 4-8, 11-15,
    // 18-22, 25-29 (25), 1-4 Feb (29).
    assert_eq!(p.end, Some(d(2027, 2, 4)));
    assert_eq!(p.phases[0].end, Some(d(2027, 1, 8))); // 300 min: the 10th working day
}

#[test]
fn the_example_portfolio_reports_and_draws() {
    let c = DeploymentCatalog::builtin().unwrap();
    let portfolio = DeploymentPortfolio::from_json(DEPLOYMENTS).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut report = DeploymentReport::build(&c, &portfolio, today).unwrap();
    report.sort(SortKey::End);
    assert_eq!(report.rows.first().unwrap().name, "Tailspin Logistics");
    let overdue: Vec<_> = report.rows.iter().filter(|r| r.overdue).map(|r| r.name.as_str()).collect();
    assert_eq!(overdue, ["Woodgrove Credit Union"]);
    let svg = render_timeline_svg(&report);
    assert_eq!(svg.matches("<text x=\"10\" y=").count(), 6); // the title and 5 names
    assert_eq!(DeploymentPortfolio::from_json(&portfolio.to_json().unwrap()).unwrap(), portfolio);
}

#[test]
fn a_client_that_adopts_sso_later_has_more_to_do() {
    let c = DeploymentCatalog::builtin().unwrap();
    let mut portfolio = DeploymentPortfolio::from_json(DEPLOYMENTS).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let row = |p: &DeploymentPortfolio, name: &str| {
        DeploymentReport::build(&c, p, today).unwrap().rows.into_iter().find(|r| r.name == name).unwrap()
    };
    // Fabrikam Dental: no SSO, nothing done yet.
    let before = row(&portfolio, "Fabrikam Dental");
    assert_eq!(before.planned.hours(), "14.35");
    let fabrikam = before.client;
    let mut deployments = portfolio.deployments().to_vec();
    let d = deployments.iter_mut().find(|d| d.client() == fabrikam).unwrap();
    let sso =
        ClientProfile::new(Hosting::Cloud, true, Decryption::MasterPassword, Provisioning::Manual, false)
            .unwrap();
    let ada = ProviderUserId::new(Uuid::from_u128(1));
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let event = d.plan_mut().change_profile(&c, sso, ada, now).unwrap();
    assert_eq!(event.kind, DeploymentEventKind::ProfileChanged);
    portfolio = DeploymentPortfolio::new(portfolio.clients().to_vec(), deployments).unwrap();
    let after = row(&portfolio, "Fabrikam Dental");
    // Steps 3, 20, 21 and 25: 3.75 h more, and a later projected end.
    assert_eq!((after.planned.hours(), after.remaining.hours()), ("18.1".to_owned(), "18.1".to_owned()));
    assert!(after.projected_end > before.projected_end);
    // The changed profile is in the document.
    let again = DeploymentPortfolio::from_json(&portfolio.to_json().unwrap()).unwrap();
    assert!(again.deployments().iter().any(|d| d.client() == fabrikam && d.plan().profile().sso()));
}

mod state_machine {
    //! Random command sequences against a tiny reference model of the transition table.
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::{TimeZone, Utc};
    use mspkit::deployment::{
        ClientProfile, Decryption, DeploymentCatalog, DeploymentPlan, Hosting, Minutes, PhaseStatus,
        Provisioning, Step, StepStatus,
    };
    use mspkit::{OrganizationId, ProviderUserId};
    use proptest::prelude::*;
    use uuid::Uuid;

    #[derive(Debug, Clone, Copy)]
    enum Cmd {
        Start(u32),
        Complete(u32),
        Skip(u32),
        Block(u32),
        Reopen(u32),
        CompletePhase(u32),
        ReopenPhase(u32),
        /// SSO, SIEM, SCIM.
        ChangeProfile(bool, bool, bool),
    }

    fn profile(sso: bool, siem: bool, scim: bool) -> ClientProfile {
        let provisioning = if scim { Provisioning::Scim } else { Provisioning::Manual };
        ClientProfile::new(Hosting::Cloud, sso, Decryption::MasterPassword, provisioning, siem).unwrap()
    }

    fn cmd() -> impl Strategy<Value = Cmd> {
        let step = 0u32..=37;
        let phase = 0u32..=5;
        prop_oneof![
            3 => step.clone().prop_map(Cmd::Start),
            3 => step.clone().prop_map(Cmd::Complete),
            2 => step.clone().prop_map(Cmd::Skip),
            2 => step.clone().prop_map(Cmd::Block),
            2 => step.prop_map(Cmd::Reopen),
            2 => phase.clone().prop_map(Cmd::CompletePhase),
            1 => phase.prop_map(Cmd::ReopenPhase),
            1 => (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c)| Cmd::ChangeProfile(a, b, c)),
        ]
    }

    proptest! {
        #[test]
        fn plans_follow_the_transition_table(cmds in proptest::collection::vec(cmd(), 1..80), sso: bool) {
            let c = DeploymentCatalog::builtin().unwrap();
            let initial = profile(sso, false, false);
            let client = OrganizationId::new(Uuid::from_u128(1));
            let mut plan = DeploymentPlan::new(client, initial);
            let ada = ProviderUserId::new(Uuid::from_u128(2));
            let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
            // The model: the profile, every step's status (kept when the step stops applying),
            // the signed-off phases.
            let mut current = initial;
            let mut model: BTreeMap<u32, StepStatus> = BTreeMap::new();
            let mut signed: BTreeSet<u32> = BTreeSet::new();
            let mut events = Vec::new();
            let applicable = |p: &ClientProfile, n: u32| c.step(n).is_some_and(|s| s.applies_to(p));
            let phase_of = |n: u32| c.step(n).map(Step::phase);
            let status = |m: &BTreeMap<u32, StepStatus>, n| m.get(&n).copied().unwrap_or(StepStatus::NotStarted);
            let open_in = |p: &ClientProfile, m: &BTreeMap<u32, StepStatus>, phase: u32| {
                c.steps_of(phase).any(|s| s.applies_to(p) && !status(m, s.number()).is_closed())
            };
            for cmd in cmds {
                let (result, expected) = match cmd {
                    Cmd::CompletePhase(p) => {
                        let ok = (1..=4).contains(&p) && !signed.contains(&p) && !open_in(&current, &model, p);
                        if ok { signed.insert(p); }
                        (plan.complete_phase(&c, p, ada, at), ok)
                    }
                    Cmd::ReopenPhase(p) => {
                        let ok = signed.remove(&p);
                        (plan.reopen_phase(&c, p, ada, at), ok)
                    }
                    Cmd::ChangeProfile(a, b, d) => {
                        let new = profile(a, b, d);
                        let ok = new != current && !signed.iter().any(|&p| open_in(&new, &model, p));
                        if ok { current = new; }
                        (plan.change_profile(&c, new, ada, at), ok)
                    }
                    Cmd::Start(n) | Cmd::Complete(n) | Cmd::Skip(n) | Cmd::Block(n) | Cmd::Reopen(n) => {
                        let from = status(&model, n);
                        let (allowed, to) = match cmd {
                            Cmd::Start(_) => (matches!(from, StepStatus::NotStarted | StepStatus::Blocked), StepStatus::InProgress),
                            Cmd::Complete(_) => (matches!(from, StepStatus::NotStarted | StepStatus::InProgress), StepStatus::Done),
                            Cmd::Skip(_) => (!from.is_closed(), StepStatus::Skipped),
                            Cmd::Block(_) => (matches!(from, StepStatus::NotStarted | StepStatus::InProgress), StepStatus::Blocked),
                            _ => (from != StepStatus::NotStarted, StepStatus::NotStarted),
                        };
                        let ok = applicable(&current, n) && phase_of(n).is_some_and(|p| !signed.contains(&p)) && allowed;
                        if ok { model.insert(n, to); }
                        let r = match cmd {
                            Cmd::Start(_) => plan.start(&c, n, ada, at),
                            Cmd::Complete(_) => plan.complete(&c, n, ada, at),
                            Cmd::Skip(_) => plan.skip(&c, n, "not needed", ada, at),
                            Cmd::Block(_) => plan.block(&c, n, "waiting", ada, at),
                            _ => plan.reopen(&c, n, ada, at),
                        };
                        (r, ok)
                    }
                };
                prop_assert_eq!(result.is_ok(), expected, "{:?}: {:?}", cmd, result);
                events.extend(result.ok());
                // Invariants after every command.
                prop_assert_eq!(*plan.profile(), current);
                for s in c.steps() {
                    prop_assert_eq!(plan.status(s.number()), status(&model, s.number()));
                }
                let progress = plan.progress(&c);
                prop_assert_eq!(progress.done + progress.remaining, progress.planned);
                prop_assert!(progress.percent <= 100);
                // Only applicable steps count: records kept from an earlier profile do not.
                let applicable_total: Minutes = c.applicable_steps(&current).map(Step::duration).sum();
                prop_assert_eq!(progress.planned + progress.skipped, applicable_total);
                let done: Minutes = c
                    .applicable_steps(&current)
                    .filter(|s| status(&model, s.number()) == StepStatus::Done)
                    .map(Step::duration)
                    .sum();
                prop_assert_eq!(progress.done, done);
                for p in 1..=4 {
                    let st = plan.phase_status(&c, p);
                    prop_assert_eq!(st == PhaseStatus::Complete, signed.contains(&p));
                    if st == PhaseStatus::Complete { prop_assert!(!open_in(&current, &model, p)); }
                }
                prop_assert_eq!(DeploymentPlan::from_json(&plan.to_json().unwrap(), &c).unwrap(), plan.clone());
            }
            // The events rebuild the plan.
            prop_assert_eq!(DeploymentPlan::replay(&c, client, initial, &events).unwrap(), plan);
        }
    }
}

#[test]
fn organization_facts_come_from_the_client_record() {
    use chrono::TimeZone;
    use mspkit::deployment::OrganizationFacts;
    use mspkit::{
        ClientMember, Email, NewClient, OrganizationUserStatus, OrganizationUserType, PlanType, Provider,
        ProviderId, ProviderSettings, ProviderType, UserId,
    };

    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    let settings = ProviderSettings::new("Facts MSP")
        .unwrap()
        .with_billing_email(Some(Email::new("b@facts.example").unwrap()));
    let ada = Email::new("ada@facts.example").unwrap();
    let (mut p, _) = Provider::issue(
        ProviderId::new(uuid::Uuid::from_u128(9)),
        ProviderType::Msp,
        settings,
        ada.clone(),
        now,
    );
    p.set_up(UserId::new(uuid::Uuid::from_u128(1)), &ada, now).unwrap();
    p.mark_billable(now).unwrap();
    let admin = p.members()[0].id();
    let new = |name: &str, collection: Option<&str>| NewClient {
        name: name.to_owned(),
        owner_email: Email::new(&format!("owner@{name}.example")).unwrap(),
        plan: PlanType::TeamsMonthly,
        seats: 5,
        first_collection: collection.map(str::to_owned),
    };
    p.create_client(admin, new("bare", None), now).unwrap();
    p.create_client(admin, new("staffed", Some("Shared")), now).unwrap();
    let staffed = p.clients()[1].id();
    let member = |email: &str, status| {
        ClientMember::new(Email::new(email).unwrap(), OrganizationUserType::User, status)
    };
    p.add_client_member(admin, staffed, member("a@staffed.example", OrganizationUserStatus::Invited), now)
        .unwrap();
    p.add_client_member(admin, staffed, member("b@staffed.example", OrganizationUserStatus::Revoked), now)
        .unwrap();

    let bare = OrganizationFacts::from_client(&p.clients()[0]);
    assert_eq!((bare.collections, bare.invited_members), (None, Some(0)));
    let facts = OrganizationFacts::from_client(&p.clients()[1]);
    assert_eq!((facts.collections, facts.invited_members), (Some(1), Some(1)));
    assert_eq!(
        (facts.items, facts.policies_enabled, facts.sso_configured, facts.groups),
        (None, None, None, None)
    );
}
