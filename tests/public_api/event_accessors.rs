//! The typed accessors of a change (`Change::member`, `client`, `email`, `role`, `plan`,
//! `seats`, `step`, `reason`, …): each agrees with the change's own JSON field over every event
//! of the bundled example log, and with the variants built here by hand.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use mspkit::{Change, EventLog, OrganizationId, PlanType, ProviderUserId, ProviderUserType, Subject, UserId};
use serde_json::Value;
use uuid::Uuid;

use crate::support::{email, t0};

fn example_log() -> EventLog {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/events.jsonl");
    EventLog::from_jsonl(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A value's JSON (the tests crate has serde only through serde_json).
macro_rules! json_str {
    ($value:expr) => {
        serde_json::to_value($value).unwrap()
    };
}

#[test]
fn every_accessor_agrees_with_the_change_json_over_the_example_log() {
    let log = example_log();
    let mut kinds = BTreeSet::new();
    for event in log.events() {
        let change = &event.change;
        let data = json_str!(change);
        let field = |name: &str| data.get(name).cloned();
        kinds.insert(change.name());
        // The client is the subject whenever the subject is a client.
        let subject_client = match event.subject() {
            Subject::Client(id) => Some(id),
            _ => None,
        };
        assert_eq!(event.client(), subject_client, "{}", change.name());
        assert_eq!(change.client(), subject_client, "{}", change.name());
        if let Some(member) = change.member() {
            assert_eq!(Some(json_str!(&member)), field("member"), "{}", change.name());
        }
        if let Some(user) = change.user() {
            assert_eq!(Some(json_str!(&user)), field("user"), "{}", change.name());
        }
        if let Some(plan) = change.plan() {
            let expected = field("plan").or_else(|| field("to")).unwrap();
            assert_eq!(json_str!(&plan), expected, "{}", change.name());
        }
        if let Some(step) = change.step() {
            assert_eq!(Some(Value::from(step)), field("step"));
        }
        if let Some(phase) = change.phase() {
            assert_eq!(Some(Value::from(phase)), field("phase"));
        }
        if let Some(reason) = change.reason() {
            assert_eq!(Some(Value::from(reason)), field("reason"));
        }
        if let Some(name) = change.client_name() {
            assert_eq!(Some(Value::from(name)), field("name"));
        }
        if let Some(seats) = change.seats() {
            assert_eq!(Some(Value::from(seats)), field("seats").or_else(|| field("to")));
        }
        if let Some(address) = change.email() {
            let expected = [field("email"), field("owner_email"), data.pointer("/member/email").cloned()];
            assert!(expected.contains(&Some(Value::from(address.as_str()))), "{}", change.name());
        }
        match change {
            Change::ClientSeatsChanged { from, to, .. } => {
                assert_eq!((change.previous_seats(), change.seats()), (Some(*from), Some(*to)));
            }
            Change::DeploymentStepSkipped { .. } | Change::DeploymentStepBlocked { .. } => {
                assert!(change.reason().is_some() && change.step().is_some());
            }
            _ => {}
        }
    }
    // The example exercises the accessors over many kinds of change.
    assert!(kinds.len() >= 15, "{kinds:?}");
}

#[test]
fn team_changes_carry_their_member_role_and_expiry() {
    let member = ProviderUserId::new(Uuid::from_u128(7));
    let expires: DateTime<Utc> = t0();
    let invited = Change::MemberInvited {
        member,
        email: email("grace@northwind.example"),
        role: ProviderUserType::ServiceUser,
        expires_at: expires,
    };
    assert_eq!(invited.member(), Some(member));
    assert_eq!(invited.email().map(mspkit::Email::as_str), Some("grace@northwind.example"));
    assert_eq!(invited.role(), Some(ProviderUserType::ServiceUser));
    assert_eq!(invited.expires_at(), Some(expires));
    assert_eq!((invited.previous_role(), invited.client(), invited.plan()), (None, None, None));

    let changed = Change::MemberRoleChanged {
        member,
        from: ProviderUserType::ServiceUser,
        to: ProviderUserType::ProviderAdmin,
    };
    assert_eq!(changed.role(), Some(ProviderUserType::ProviderAdmin));
    assert_eq!(changed.previous_role(), Some(ProviderUserType::ServiceUser));

    let client = OrganizationId::new(Uuid::from_u128(9));
    let scoped = Change::MemberScopeChanged { member, scope: Some(BTreeSet::from([client])) };
    assert_eq!(scoped.scope(), Some(&BTreeSet::from([client])));
    assert_eq!(Change::MemberScopeChanged { member, scope: None }.scope(), None);

    let user = UserId::new(Uuid::from_u128(3));
    let accepted = Change::MemberAccepted { member, user, public_key_fingerprint: None };
    assert_eq!((accepted.member(), accepted.user()), (Some(member), Some(user)));
}

#[test]
fn plan_and_minimum_changes_carry_both_sides() {
    let minimum = Change::SeatMinimumChanged { plan: PlanType::TeamsMonthly, from: 5, to: 10 };
    assert_eq!(minimum.plan(), Some(PlanType::TeamsMonthly));
    assert_eq!((minimum.previous_minimum(), minimum.minimum()), (Some(5), Some(10)));
    assert_eq!((minimum.seats(), minimum.previous_seats()), (None, None));
    let plan = Change::PlanChanged {
        from: PlanType::TeamsMonthly,
        to: PlanType::EnterpriseMonthly,
        clients: vec![],
    };
    assert_eq!(plan.plan(), Some(PlanType::EnterpriseMonthly));
}

#[test]
fn changes_without_such_data_answer_none() {
    for change in [Change::ProviderEnabled, Change::ProviderDisabled, Change::ProviderDeleted] {
        assert_eq!(change.member(), None);
        assert_eq!(change.user(), None);
        assert_eq!(change.client(), None);
        assert_eq!(change.email(), None);
        assert_eq!(change.role(), None);
        assert_eq!(change.expires_at(), None);
        assert_eq!(change.scope(), None);
        assert_eq!(change.client_name(), None);
        assert_eq!(change.plan(), None);
        assert_eq!(change.seats(), None);
        assert_eq!(change.minimum(), None);
        assert_eq!(change.step(), None);
        assert_eq!(change.phase(), None);
        assert_eq!(change.reason(), None);
    }
    let suspended = Change::ProviderAccessSuspended { reason: "a stolen session".to_owned() };
    assert_eq!(suspended.reason(), Some("a stolen session"));
}

#[test]
fn a_change_kind_is_its_json_type() {
    for event in example_log().events() {
        let kind = event.change.kind();
        assert_eq!(json_str!(&event.change)["type"], Value::from(kind.name()));
        assert_eq!(event.change.name(), kind.name());
        // The actor's and the subject's kinds are their JSON `type`s too.
        assert_eq!(json_str!(event.actor)["type"], json_str!(event.actor.kind()));
        assert_eq!(json_str!(event.subject())["type"], json_str!(event.subject().kind()));
    }
    let mut names = BTreeSet::new();
    for kind in mspkit::ChangeKind::ALL {
        assert_eq!(json_str!(kind), Value::from(kind.name()));
        assert_eq!(mspkit::ChangeKind::from_name(kind.name()), Some(kind));
        assert!(names.insert(kind.name()), "{} twice", kind.name());
    }
    assert_eq!(mspkit::ChangeKind::from_name("member_invented"), None);
}
