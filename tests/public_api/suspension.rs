//! The emergency stop and its blast radius (issue 20, item 2): one event suspends every provider
//! member's access; the permission check refuses them with `provider_access_suspended`; the
//! admin who suspended keeps only resuming; a resume gives back exactly what was.

use mspkit::blast_radius::BlastRadius;
use mspkit::permissions::{Action, Target, authorize};
use mspkit::{
    Change, ClientMember, DenialReason, Event, EventLog, OrganizationUserStatus, OrganizationUserType,
    Portfolio, Provider, ProviderUserId, ProviderUserStatus,
};
use proptest::prelude::*;

use crate::support::{cases, email};

fn example() -> Provider {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/events.jsonl");
    EventLog::from_jsonl(&std::fs::read_to_string(path).unwrap()).unwrap().replay_provider().unwrap()
}

fn admins(p: &Provider) -> Vec<ProviderUserId> {
    p.members().iter().filter(|m| m.is_confirmed_admin()).map(mspkit::ProviderUser::id).collect()
}

fn targets(p: &Provider) -> Vec<Target> {
    std::iter::once(Target::Provider).chain(p.clients().iter().map(|c| Target::Client(c.id()))).collect()
}

/// Every answer of the permission check: each member, each action, each target.
fn answers(p: &Provider) -> Vec<(ProviderUserId, Action, Target, Result<(), DenialReason>)> {
    let mut out = Vec::new();
    for m in p.members() {
        for action in Action::all() {
            for target in targets(p) {
                out.push((
                    m.id(),
                    action,
                    target,
                    authorize(p, m.id(), action, target).map_err(|d| d.reason),
                ));
            }
        }
    }
    out
}

/// Reasons that come before the suspension in the check's order.
fn earlier(reason: DenialReason) -> bool {
    matches!(
        reason,
        DenialReason::NotAMember
            | DenialReason::MemberRevoked
            | DenialReason::MemberNotConfirmed
            | DenialReason::ProviderDisabled
    )
}

fn now(p: &Provider) -> chrono::DateTime<chrono::Utc> {
    p.revised_at() + chrono::Duration::hours(1)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    /// Suspended members are refused every action `authorize` knows, on the provider and on
    /// every client; members resumed one by one get exactly their earlier answers back, and a
    /// resume of everyone restores every answer. The log replays to the live provider.
    #[test]
    fn suspended_members_are_refused_everything_and_resume_restores_exactly(
        by in 0usize..2,
        resumed in prop::collection::vec(any::<bool>(), 7),
    ) {
        let mut p = example();
        let mut log: Vec<Event> = Vec::new();
        let before = answers(&p);
        let admin = admins(&p)[by];
        log.extend(p.suspend_access(admin, "  a stolen admin session  ", now(&p)).unwrap());
        prop_assert_eq!(p.access_suspension().unwrap().reason(), "a stolen admin session");
        for (m, action, target, was) in &before {
            let now_answer = authorize(&p, *m, *action, *target).map_err(|d| d.reason);
            match was {
                Err(reason) if earlier(*reason) => prop_assert_eq!(now_answer, Err(*reason)),
                _ => prop_assert_eq!(now_answer, Err(DenialReason::ProviderAccessSuspended)),
            }
        }
        // Some members resumed: theirs come back, the others stay refused.
        let chosen: Vec<ProviderUserId> = p
            .members()
            .iter()
            .zip(&resumed)
            .filter(|(_, r)| **r)
            .map(|(m, _)| m.id())
            .collect();
        if !chosen.is_empty() {
            log.extend(p.resume_access(admin, Some(&chosen), now(&p)).unwrap());
        }
        for (m, action, target, was) in &before {
            let now_answer = authorize(&p, *m, *action, *target).map_err(|d| d.reason);
            if chosen.contains(m) {
                prop_assert_eq!(&now_answer, was);
            } else if !matches!(was, Err(reason) if earlier(*reason)) {
                prop_assert_eq!(now_answer, Err(DenialReason::ProviderAccessSuspended));
            }
        }
        log.extend(p.resume_access(admin, None, now(&p)).unwrap());
        prop_assert!(p.access_suspension().is_none());
        prop_assert_eq!(answers(&p), before);
        // The events replay onto the provider they were recorded on.
        let mut replayed = example();
        for event in &log {
            replayed.apply(event).unwrap();
        }
        prop_assert_eq!(replayed, p);
    }
}

#[test]
fn the_admin_who_suspends_keeps_only_resuming() {
    let mut p = example();
    let [ada, grace] = admins(&p)[..] else { panic!("two admins") };
    let events = p.suspend_access(ada, "phishing report", now(&p)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].change, Change::ProviderAccessSuspended { reason: "phishing report".to_owned() });
    // Stored in the provider's document while it lasts.
    let json = p.to_json().unwrap();
    assert!(json.contains("\"access_suspension\""), "{json}");
    assert_eq!(Provider::from_json(&json).unwrap(), p);
    // The suspender may do nothing else; another admin may not resume.
    let err = p.update_settings(ada, p.settings().clone(), now(&p)).unwrap_err();
    assert_eq!(err.code(), "provider_access_suspended");
    assert_eq!(p.resume_access(grace, None, now(&p)).unwrap_err().code(), "provider_access_suspended");
    assert_eq!(p.suspend_access(ada, "again", now(&p)).unwrap_err().code(), "provider_access_suspended");
    // Resuming Grace lets her act, and resume others, and suspend everyone again.
    assert_eq!(p.resume_access(ada, Some(&[grace, grace]), now(&p)).unwrap().len(), 1);
    assert!(p.resume_access(ada, Some(&[grace]), now(&p)).unwrap().is_empty(), "no one new: no event");
    assert!(authorize(&p, grace, Action::ManageTeam, Target::Provider).is_ok());
    assert!(authorize(&p, ada, Action::ManageTeam, Target::Provider).is_err());
    p.suspend_access(grace, "second look", now(&p)).unwrap();
    assert!(authorize(&p, grace, Action::ManageTeam, Target::Provider).is_err());
    assert_eq!(p.access_suspension().unwrap().by(), grace);
    p.resume_access(grace, None, now(&p)).unwrap();
    assert!(authorize(&p, ada, Action::ManageTeam, Target::Provider).is_ok());
    // Refusals of the commands.
    assert_eq!(p.resume_access(ada, None, now(&p)).unwrap_err().code(), "access_not_suspended");
    assert_eq!(p.suspend_access(ada, "  ", now(&p)).unwrap_err().code(), "suspension_reason_invalid");
    assert_eq!(
        p.suspend_access(ada, &"x".repeat(501), now(&p)).unwrap_err().code(),
        "suspension_reason_invalid"
    );
    p.suspend_access(ada, "x", now(&p)).unwrap();
    assert_eq!(p.suspend_access(ada, "x", now(&p)).unwrap_err().code(), "provider_access_suspended");
    let stranger = ProviderUserId::new(mspkit::uuid::Uuid::from_u128(77));
    assert_eq!(p.resume_access(ada, Some(&[stranger]), now(&p)).unwrap_err().code(), "member_not_found");
}

#[test]
fn apply_refuses_access_changes_no_command_makes() {
    let p = example();
    let ada = admins(&p)[0];
    let next = |p: &Provider, actor: mspkit::Actor, change: Change| Event {
        provider: p.id(),
        sequence: p.last_sequence() + 1,
        at: now(p),
        actor,
        change,
    };
    let refused = |p: &Provider, event: Event, code: &str| {
        let mut copy = p.clone();
        assert_eq!(copy.apply(&event).unwrap_err().code(), code, "{:?}", event.change);
        assert_eq!(&copy, p, "a refused event changes nothing");
    };
    let suspend = |reason: &str| Change::ProviderAccessSuspended { reason: reason.to_owned() };
    refused(&p, next(&p, mspkit::Actor::System, suspend("x")), "event_mismatch");
    refused(&p, next(&p, mspkit::Actor::Member(ada), suspend(" x ")), "event_mismatch");
    refused(&p, next(&p, mspkit::Actor::Member(ada), suspend("")), "suspension_reason_invalid");
    refused(
        &p,
        next(&p, mspkit::Actor::Member(ada), Change::ProviderAccessResumed { members: None }),
        "access_not_suspended",
    );
    let mut s = p;
    s.apply(&next(&s, mspkit::Actor::Member(ada), suspend("x"))).unwrap();
    refused(&s, next(&s, mspkit::Actor::Member(ada), suspend("y")), "access_already_suspended");
    let resume = |members: Vec<ProviderUserId>| Change::ProviderAccessResumed { members: Some(members) };
    refused(&s, next(&s, mspkit::Actor::Member(ada), resume(vec![])), "event_mismatch");
    refused(&s, next(&s, mspkit::Actor::Member(ada), resume(vec![ada, ada])), "event_mismatch");
    let stranger = ProviderUserId::new(mspkit::uuid::Uuid::from_u128(77));
    refused(&s, next(&s, mspkit::Actor::Member(ada), resume(vec![stranger])), "member_not_found");
    s.apply(&next(&s, mspkit::Actor::Member(ada), resume(vec![ada]))).unwrap();
    refused(&s, next(&s, mspkit::Actor::Member(ada), resume(vec![ada])), "event_mismatch");
}

#[test]
fn the_blast_radius_names_the_clients_locked_out_and_what_a_member_reaches() {
    let mut p = example();
    let ada = admins(&p)[0];
    let report = BlastRadius::new(&p, None).unwrap();
    assert_eq!(report.clients.len(), p.clients().len());
    assert!(report.locked_out.is_empty() && !report.has_findings());
    // A client whose only confirmed owner is a provider member has no owner of its own.
    let client = p.clients()[0].id();
    let admin_email = p.member(ada).unwrap().email().clone();
    let owner =
        ClientMember::new(admin_email, OrganizationUserType::Owner, OrganizationUserStatus::Confirmed);
    let events = p.add_client_member(ada, client, owner, now(&p));
    assert!(events.is_ok(), "{events:?}");
    let others: Vec<_> = p
        .client(client)
        .unwrap()
        .confirmed_owner_emails()
        .into_iter()
        .filter(|e| p.member_by_email(e).is_none())
        .cloned()
        .collect();
    for other in &others {
        p.remove_client_member(ada, client, other, now(&p)).unwrap();
    }
    let report = BlastRadius::new(&p, None).unwrap();
    assert_eq!(report.locked_out, vec![client]);
    assert!(report.has_findings());
    // One service user: the clients in their scope, as a service user.
    let alan = p.member_by_email(&email("alan.turing@northwind-it.example")).unwrap();
    assert_eq!(alan.status(), ProviderUserStatus::Confirmed);
    let one = BlastRadius::new(&p, Some(alan.id())).unwrap();
    assert_eq!(one.members.len(), 1);
    assert_eq!(one.members[0].role, "service_user");
    assert_eq!(one.members[0].clients, one.clients.len());
    assert!(one.clients.iter().all(|c| p.member(alan.id()).unwrap().reaches_client(c.client)));
    assert_eq!(one.members[0].provider_actions, Vec::<&str>::new());
    // While suspended, the report shows what a resume gives back.
    p.suspend_access(ada, "x", now(&p)).unwrap();
    let suspended = BlastRadius::new(&p, None).unwrap();
    assert!(suspended.suspended);
    assert_eq!(suspended.clients.len(), report.clients.len());
    let stranger = ProviderUserId::new(mspkit::uuid::Uuid::from_u128(77));
    assert_eq!(BlastRadius::new(&p, Some(stranger)).unwrap_err().code(), "member_not_found");
    // The portfolio document keeps the suspension.
    let portfolio = Portfolio::new(p);
    assert_eq!(Portfolio::from_json(&portfolio.to_json().unwrap()).unwrap(), portfolio);
}
