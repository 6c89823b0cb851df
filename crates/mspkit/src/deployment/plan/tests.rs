use chrono::TimeZone;
use uuid::Uuid;

use super::*;
use crate::deployment::{Decryption, Hosting, Provisioning};

fn setup(sso: bool) -> (DeploymentCatalog, DeploymentPlan, ProviderUserId, DateTime<Utc>) {
    let catalog = DeploymentCatalog::builtin().unwrap();
    let profile =
        ClientProfile::new(Hosting::Cloud, sso, Decryption::MasterPassword, Provisioning::Manual, false)
            .unwrap();
    let plan = DeploymentPlan::new(OrganizationId::new(Uuid::from_u128(7)), profile);
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
    (catalog, plan, ProviderUserId::new(Uuid::from_u128(1)), now)
}

#[test]
fn allowed_transitions_return_events() {
    let (c, mut p, ada, now) = setup(false);
    let e = p.start(&c, 1, ada, now).unwrap();
    assert_eq!((e.kind, e.step, e.phase), (DeploymentEventKind::StepStarted, Some(1), Some(1)));
    p.block(&c, 1, "waiting for the client", ada, now).unwrap();
    p.start(&c, 1, ada, now).unwrap();
    p.complete(&c, 1, ada, now).unwrap();
    assert_eq!(p.state(1), StepState::Done { by: ada, at: now });
    let e = p.reopen(&c, 1, ada, now).unwrap();
    assert_eq!(e.kind, DeploymentEventKind::StepReopened);
    assert_eq!(p.status(1), StepStatus::NotStarted);
    let e = p.skip(&c, 2, " done elsewhere ", ada, now).unwrap();
    assert_eq!(e.reason.as_deref(), Some("done elsewhere"));
}

#[test]
fn refused_transitions_are_typed() {
    let (c, mut p, ada, now) = setup(false);
    p.complete(&c, 1, ada, now).unwrap();
    for r in [p.start(&c, 1, ada, now), p.complete(&c, 1, ada, now), p.block(&c, 1, "x", ada, now)] {
        assert_eq!(r.unwrap_err().code(), "invalid_transition");
    }
    assert_eq!(
        p.start(&c, 1, ada, now).unwrap_err().to_string(),
        "step `1` cannot be started when it is done"
    );
    assert_eq!(p.reopen(&c, 2, ada, now).unwrap_err().code(), "invalid_transition");
    p.block(&c, 2, "x", ada, now).unwrap();
    assert_eq!(p.complete(&c, 2, ada, now).unwrap_err().code(), "invalid_transition");
    assert_eq!(p.skip(&c, 4, "  ", ada, now).unwrap_err().code(), "missing_reason");
    assert_eq!(p.start(&c, 99, ada, now).unwrap_err().code(), "unknown_step");
    assert_eq!(p.start(&c, 20, ada, now).unwrap_err().code(), "step_not_applicable");
}

#[test]
fn phases_complete_only_when_closed() {
    let (c, mut p, ada, now) = setup(false);
    let err = p.complete_phase(&c, 2, ada, now).unwrap_err();
    assert_eq!(err.code(), "phase_has_open_steps");
    for s in 12..=19 {
        p.complete(&c, s, ada, now).unwrap();
    }
    // Steps 20 and 21 need SSO: without it phase 2 is done.
    assert_eq!(p.phase_status(&c, 2), PhaseStatus::Done);
    p.complete_phase(&c, 2, ada, now).unwrap();
    assert_eq!(p.phase_status(&c, 2), PhaseStatus::Complete);
    assert_eq!(p.reopen(&c, 13, ada, now).unwrap_err().code(), "phase_complete");
    p.reopen_phase(&c, 2, ada, now).unwrap();
    assert_eq!(p.reopen_phase(&c, 2, ada, now).unwrap_err().code(), "phase_not_complete");
    p.reopen(&c, 13, ada, now).unwrap();
    assert_eq!(p.phase_status(&c, 2), PhaseStatus::InProgress);
    assert_eq!(p.current_phase(&c), Some(1));
}

#[test]
fn unknown_phases_and_stepless_events_say_what_is_wrong() {
    let (c, mut p, ada, now) = setup(false);
    for err in [p.complete_phase(&c, 9, ada, now).unwrap_err(), p.reopen_phase(&c, 0, ada, now).unwrap_err()]
    {
        assert_eq!(err.code(), "phase_not_in_catalog");
        assert!(err.to_string().starts_with("there is no phase `"), "{err}");
        assert!(!err.to_string().contains("step"), "{err}");
    }
    let signed = r#"{"client": "00000000-0000-0000-0000-000000000007", "phases": {"9": {"by": "00000000-0000-0000-0000-000000000001", "at": "2026-11-02T09:00:00Z"}}}"#;
    let err = DeploymentPlan::from_json(signed, &c).unwrap_err();
    assert_eq!(err.to_string(), "there is no phase `9` in the catalogue");

    let mut event = p.complete(&c, 1, ada, now).unwrap();
    event.step = None;
    let err = DeploymentPlan::replay(&c, p.client(), *p.profile(), [&event]).unwrap_err();
    assert_eq!(err.code(), "incomplete_event");
    assert_eq!(err.to_string(), "a `step_completed` event must name its step");
    event.step = Some(1);
    event.client = OrganizationId::new(Uuid::from_u128(8));
    let err = DeploymentPlan::replay(&c, p.client(), *p.profile(), [&event]).unwrap_err();
    assert_eq!(err.code(), "event_for_another_client");
}

#[test]
fn progress_counts_done_over_applicable_hours() {
    let (c, mut p, ada, now) = setup(true);
    assert_eq!(p.progress(&c).planned.hours(), "18.1"); // no SIEM, manual invitations
    p.complete(&c, 7, ada, now).unwrap(); // 1 h
    p.skip(&c, 27, "no SIEM after all", ada, now).unwrap_err(); // not applicable
    p.skip(&c, 36, "client has its own", ada, now).unwrap(); // 0.75 h
    let pr = p.progress(&c);
    assert_eq!(
        (pr.done.hours(), pr.planned.hours(), pr.remaining.hours()),
        ("1.0".to_owned(), "17.35".to_owned(), "16.35".to_owned())
    );
    assert_eq!(pr.percent, 5);
}

fn with_sso(sso: bool) -> ClientProfile {
    ClientProfile::new(Hosting::Cloud, sso, Decryption::MasterPassword, Provisioning::Manual, false).unwrap()
}

#[test]
fn adopting_sso_later_adds_its_steps_to_the_totals() {
    let (c, mut p, ada, now) = setup(false);
    p.complete(&c, 7, ada, now).unwrap(); // 1 h
    assert_eq!(p.start(&c, 20, ada, now).unwrap_err().code(), "step_not_applicable");
    let before = p.progress(&c);
    assert_eq!(
        (before.done.hours(), before.planned.hours(), before.percent),
        ("1.0".into(), "14.35".into(), 6)
    );
    let e = p.change_profile(&c, with_sso(true), ada, now).unwrap();
    assert_eq!(
        (e.kind, e.step, e.phase, e.profile),
        (DeploymentEventKind::ProfileChanged, None, None, Some(with_sso(true)))
    );
    // Steps 3, 20, 21 and 25 now apply: 0.25 + 1.5 + 0.5 + 1.5 = 3.75 h more.
    let after = p.progress(&c);
    assert_eq!((after.done.hours(), after.planned.hours(), after.percent), ("1.0".into(), "18.1".into(), 5));
    assert_eq!(p.phase_progress(&c, 2).planned.hours(), "5.75");
    p.start(&c, 20, ada, now).unwrap();
    assert_eq!(p.change_profile(&c, with_sso(true), ada, now).unwrap_err().code(), "profile_unchanged");
}

#[test]
fn dropping_sso_keeps_the_records_of_its_steps_out_of_every_total() {
    let (c, mut p, ada, now) = setup(true);
    p.complete(&c, 20, ada, now).unwrap(); // 1.5 h
    p.block(&c, 25, "waiting for the IdP metadata", ada, now).unwrap();
    for s in 22..=24 {
        p.complete(&c, s, ada, now).unwrap();
    }
    assert_eq!(p.progress(&c).done.hours(), "2.35");
    assert_eq!(p.phase_status(&c, 3), PhaseStatus::Blocked);
    p.change_profile(&c, with_sso(false), ada, now).unwrap();
    // The records stay, dormant: they count nowhere and cannot change.
    assert_eq!(p.state(20), StepState::Done { by: ada, at: now });
    assert_eq!(p.status(25), StepStatus::Blocked);
    let pr = p.progress(&c);
    assert_eq!((pr.done.hours(), pr.planned.hours()), ("0.85".into(), "14.35".into()));
    assert_eq!(p.phase_status(&c, 3), PhaseStatus::InProgress);
    assert_eq!(p.reopen(&c, 20, ada, now).unwrap_err().code(), "step_not_applicable");
    // A plan with dormant records reads back as it was written.
    assert_eq!(DeploymentPlan::from_json(&p.to_json().unwrap(), &c).unwrap(), p);
    // Adopting SSO again brings them back into force.
    p.change_profile(&c, with_sso(true), ada, now).unwrap();
    assert_eq!(p.progress(&c).done.hours(), "2.35");
    assert_eq!(p.phase_status(&c, 3), PhaseStatus::Blocked);
}

#[test]
fn a_signed_off_phase_cannot_gain_open_steps() {
    let (c, mut p, ada, now) = setup(false);
    for s in 12..=19 {
        p.complete(&c, s, ada, now).unwrap();
    }
    p.complete_phase(&c, 2, ada, now).unwrap();
    let err = p.change_profile(&c, with_sso(true), ada, now).unwrap_err();
    assert_eq!(err.code(), "profile_opens_complete_phase");
    assert_eq!(
        err.to_string(),
        "the new profile adds open steps `20`, `21` to complete phase `2`; reopen the phase first"
    );
    assert_eq!(*p.profile(), with_sso(false));
    p.reopen_phase(&c, 2, ada, now).unwrap();
    p.change_profile(&c, with_sso(true), ada, now).unwrap();
    assert_eq!(p.phase_status(&c, 2), PhaseStatus::InProgress);
    // A change that adds no step to a signed-off phase is allowed: SIEM is step 27, phase 3.
    p.complete(&c, 20, ada, now).unwrap();
    p.complete(&c, 21, ada, now).unwrap();
    p.complete_phase(&c, 2, ada, now).unwrap();
    let siem =
        ClientProfile::new(Hosting::Cloud, true, Decryption::MasterPassword, Provisioning::Manual, true)
            .unwrap();
    p.change_profile(&c, siem, ada, now).unwrap();
    assert_eq!(p.phase_status(&c, 2), PhaseStatus::Complete);
}

#[test]
fn skipped_steps_leave_the_denominator_as_the_readme_says() {
    let (c, mut p, ada, now) = setup(false);
    p.skip(&c, 36, "the client has its own learning platform", ada, now).unwrap();
    p.complete(&c, 7, ada, now).unwrap();
    let pr = p.progress(&c);
    assert_eq!(
        (pr.done.hours(), pr.planned.hours(), pr.skipped.hours(), pr.remaining.hours(), pr.percent),
        ("1.0".into(), "13.6".into(), "0.75".into(), "12.6".into(), 7)
    );
    // Everything else done: 100 %, though step 36 never was.
    for s in c.applicable_steps(&with_sso(false)).map(Step::number).filter(|&s| s != 36 && s != 7) {
        p.complete(&c, s, ada, now).unwrap();
    }
    assert_eq!(p.progress(&c).percent, 100);
    assert!(p.is_finished(&c));
}

#[test]
fn a_plan_round_trips_through_json_and_events_replay() {
    let (c, mut p, ada, now) = setup(true);
    let events = vec![
        p.complete(&c, 1, ada, now).unwrap(),
        p.block(&c, 20, "waiting for the IdP metadata", ada, now).unwrap(),
        p.skip(&c, 2, "decided at signature", ada, now).unwrap(),
    ];
    let back = DeploymentPlan::from_json(&p.to_json().unwrap(), &c).unwrap();
    assert_eq!(back, p);
    let replayed = DeploymentPlan::replay(&c, p.client(), *p.profile(), &events).unwrap();
    assert_eq!(replayed, p);
    // Profile changes replay too, from the profile the plan began with; events round-trip
    // through JSON.
    let mut events = events;
    events.push(p.change_profile(&c, with_sso(false), ada, now).unwrap());
    events.push(p.complete(&c, 4, ada, now).unwrap());
    let stored: Vec<DeploymentEvent> =
        events.iter().map(|e| serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap()).collect();
    assert_eq!(stored, events);
    let replayed = DeploymentPlan::replay(&c, p.client(), with_sso(true), &stored).unwrap();
    assert_eq!(replayed, p);
    let mut no_profile = events.clone();
    no_profile[3].profile = None;
    let err = DeploymentPlan::replay(&c, p.client(), with_sso(true), &no_profile).unwrap_err();
    assert_eq!(err.to_string(), "a `profile_changed` event must name its profile");
    // An explicit `not_started` record reads as no record: the plans are equal.
    let spelled_out = p.to_json().unwrap().replacen(
        "\"steps\": {",
        "\"steps\": {\n    \"5\": {\"status\": \"not_started\"},",
        1,
    );
    assert!(spelled_out.contains("not_started"));
    let read = DeploymentPlan::from_json(&spelled_out, &c).unwrap();
    assert_eq!(read, p);
    assert_eq!(read.to_json().unwrap(), p.to_json().unwrap());
    let bad = p.to_json().unwrap().replace("\"20\"", "\"99\"");
    assert_eq!(DeploymentPlan::from_json(&bad, &c).unwrap_err().code(), "unknown_step");
}
