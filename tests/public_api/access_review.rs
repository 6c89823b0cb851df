//! The access review across all clients (issue 20, item 2): who can act where, the findings
//! with their codes and commands, the sign-off (`sign_access_review`, judged by `apply`), the
//! last review per client and overdue reviews.

use chrono::{Duration, NaiveDate};
use mspkit::access_review::{AccessReview, Activity, FINDINGS_CANONICAL_HEADER, FindingsHash};
use mspkit::{
    Actor, Change, ClientMember, Event, OrganizationId, OrganizationUserStatus, OrganizationUserType,
    PlanType, Provider, ProviderType, ProviderUserId, ProviderUserStatus, ProviderUserType,
};
use sha2::{Digest as _, Sha256};

use crate::support::{Fixture, email, t0};

fn codes(review: &AccessReview) -> Vec<(&'static str, Option<OrganizationId>, Option<ProviderUserId>)> {
    review.findings.iter().map(|f| (f.code, f.client, f.member)).collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A confirmed owner of its own for `client`.
fn own_owner(f: &mut Fixture, client: OrganizationId, address: &str) {
    let member =
        ClientMember::new(email(address), OrganizationUserType::Owner, OrganizationUserStatus::Confirmed);
    let events = f.provider.add_client_member(f.admin, client, member, t0());
    f.record(events);
}

/// Three admins (one too many), a scoped service user, an expired invitation, a stale
/// acceptance, a client with an owner of its own and one without.
fn setup() -> (Fixture, OrganizationId, OrganizationId, ProviderUserId, ProviderUserId) {
    let mut f = Fixture::billable(ProviderType::Msp);
    let grace = f.confirmed("grace@northwind.example", ProviderUserType::ProviderAdmin);
    let _linus = f.confirmed("linus@northwind.example", ProviderUserType::ProviderAdmin);
    let alan = f.confirmed("alan@northwind.example", ProviderUserType::ServiceUser);
    f.member("invited@northwind.example", ProviderUserType::ServiceUser, ProviderUserStatus::Invited);
    f.member("accepted@northwind.example", ProviderUserType::ServiceUser, ProviderUserStatus::Accepted);
    let contoso = f.client("Contoso", PlanType::TeamsMonthly, 5);
    let fabrikam = f.client("Fabrikam", PlanType::TeamsMonthly, 5);
    own_owner(&mut f, contoso, "boss@contoso.example");
    let scoped = f.provider.set_client_scope(f.admin, alan, Some([contoso].into()), t0());
    f.record(scoped);
    (f, contoso, fabrikam, grace, alan)
}

#[test]
fn findings_name_their_code_subject_and_command() {
    let (mut f, contoso, fabrikam, grace, alan) = setup();
    // Ada and Alan act later; Grace and Linus never do.
    let later = t0() + Duration::days(100);
    let events = f.provider.record_vault_access(f.admin, contoso, later);
    f.record(events);
    let events = f.provider.record_vault_access(alan, contoso, later);
    f.record(events);
    let activity = Activity::of(f.provider.id(), &f.log);
    let review = AccessReview::new(&f.provider, Some(&activity), later + Duration::days(1), 90);
    let linus = f.provider.member_by_email(&email("linus@northwind.example")).unwrap().id();
    let invited = f.provider.member_by_email(&email("invited@northwind.example")).unwrap().id();
    let accepted = f.provider.member_by_email(&email("accepted@northwind.example")).unwrap().id();
    // 3 admins, 2 needed: the one who acted least recently, the latest to join of those who
    // never acted, is the one to demote.
    assert_eq!(review.admins_needed, 2);
    assert_eq!(
        codes(&review),
        [
            ("too_many_admins", None, Some(linus)),
            ("member_inactive", None, Some(grace)),
            ("member_inactive", None, Some(linus)),
            ("invitation_expired", None, Some(invited)),
            ("invitation_stale", None, Some(accepted)),
            ("review_missing", Some(contoso), None),
            ("client_no_own_owner", Some(fabrikam), None),
            ("review_missing", Some(fabrikam), None),
        ]
    );
    let command = |code: &str| review.findings.iter().find(|f| f.code == code).unwrap().command;
    assert_eq!(command("too_many_admins"), "change_role");
    assert_eq!(command("member_inactive"), "revoke");
    assert_eq!(command("invitation_expired"), "reinvite");
    assert_eq!(command("invitation_stale"), "confirm");
    assert_eq!(command("client_no_own_owner"), "add_client_member");
    assert_eq!(command("review_missing"), "sign_access_review");
    // Who can act in Contoso, and when each last did.
    let c = review.clients.iter().find(|c| c.client == contoso).unwrap();
    // The entries are made as they are read (`AccessList`): a list of them to borrow from.
    let entries = c.access.to_vec();
    let who: Vec<(&str, &str, &str, bool)> = entries
        .iter()
        .map(|a| (a.email.as_str(), a.role.name(), a.via.name(), a.last_acted.is_some()))
        .collect();
    assert_eq!(
        who,
        [
            ("ada@northwind.example", "provider_admin", "provider", true),
            ("grace@northwind.example", "provider_admin", "provider", false),
            ("linus@northwind.example", "provider_admin", "provider", false),
            ("alan@northwind.example", "service_user", "scope", true),
            ("owner@contoso.example", "owner", "organization", false),
            ("boss@contoso.example", "owner", "organization", false),
        ]
    );
    // Alan is not in Fabrikam (out of scope).
    let fab = review.clients.iter().find(|c| c.client == fabrikam).unwrap();
    assert!(fab.access.iter().all(|a| a.email.as_str() != "alan@northwind.example"));
    // Without a log, nothing is known of activity: no inactivity finding.
    let blind = AccessReview::new(&f.provider, None, later + Duration::days(1), 90);
    assert!(!blind.activity_known);
    assert!(blind.findings.iter().all(|f| f.code != "member_inactive"));
    // The CSV is the findings, one row each, formulas neutralised.
    let csv = review.findings_csv();
    assert_eq!(csv.lines().count(), 1 + review.findings.len());
    assert!(csv.starts_with("code,client_id,client,member_id,email,message,command,resolve,"));
}

#[test]
fn a_client_that_left_a_scope_is_a_finding_until_the_scope_is_set_again() {
    let (mut f, contoso, _, _, alan) = setup();
    let (_, events) = f.provider.unlink_client(f.admin, contoso, t0()).unwrap();
    f.log.extend(events);
    let activity = Activity::of(f.provider.id(), &f.log);
    let review = AccessReview::new(&f.provider, Some(&activity), t0(), 90);
    let finding = review.findings.iter().find(|f| f.code == "scope_client_left").unwrap();
    assert_eq!(finding.member, Some(alan));
    assert_eq!(finding.command, "remove", "the scope is empty now");
    assert!(finding.message.to_string().contains("Contoso"), "{}", finding.message);
    let events = f.provider.set_client_scope(f.admin, alan, None, t0());
    f.record(events);
    let activity = Activity::of(f.provider.id(), &f.log);
    let review = AccessReview::new(&f.provider, Some(&activity), t0(), 90);
    assert!(review.findings.iter().all(|f| f.code != "scope_client_left"));
}

/// SHA-256 of the canonical form of `review`'s access findings, written line by line here.
fn canonical_hash(review: &AccessReview) -> FindingsHash {
    let mut lines: Vec<String> = review
        .findings
        .iter()
        .filter(|x| !x.code.starts_with("review_"))
        .map(|x| {
            format!(
                "{} {} {}\n",
                x.code,
                x.client.map_or("-".to_owned(), |c| c.to_string()),
                x.member.map_or("-".to_owned(), |m| m.to_string())
            )
        })
        .collect();
    lines.sort();
    let mut text = FINDINGS_CANONICAL_HEADER.to_owned();
    text.extend(lines);
    FindingsHash::from_bytes(Sha256::digest(text.as_bytes()).into())
}

#[test]
fn the_findings_hash_is_sha256_of_the_canonical_lines() {
    let (f, _, fabrikam, _, _) = setup();
    let review = AccessReview::new(&f.provider, None, t0() + Duration::days(10), 90);
    let expected = canonical_hash(&review);
    assert_eq!(review.findings_hash, expected);
    assert_eq!(review.findings_hash(None), expected);
    // A review of Contoso alone leaves Fabrikam's finding out.
    let contoso = review.clients.iter().map(|c| c.client).find(|c| *c != fabrikam).unwrap();
    assert_ne!(review.findings_hash(Some(&[contoso])), expected);
    assert_eq!(review.findings_hash(Some(&[contoso, fabrikam])), expected);
}

#[test]
fn the_findings_hash_of_many_clients_is_sha256_of_their_lines() {
    // 1 500 clients without an owner of their own: about 90 KB of lines, hashed a block at a
    // time, and ids past the small-list sort.
    let (mut f, ..) = setup();
    for i in 0..1_500 {
        f.client(&format!("Client{i}"), PlanType::TeamsMonthly, 1);
    }
    let review = AccessReview::new(&f.provider, None, t0() + Duration::days(10), 90);
    assert!(review.findings.iter().filter(|x| x.code == "client_no_own_owner").count() > 1_500);
    assert_eq!(review.findings_hash, canonical_hash(&review));
    assert_eq!(review.findings_hash(None), review.findings_hash);
}

#[test]
fn a_sign_off_resolves_the_review_and_keeps_the_hash() {
    let (mut f, contoso, fabrikam, _, _) = setup();
    let now = t0() + Duration::days(1);
    let before = AccessReview::new(&f.provider, None, now, 90);
    let due = day(2027, 2, 1);
    let events = f.provider.sign_access_review(f.admin, None, before.findings_hash, due, now);
    let events = f.record(events);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].change.name(), "access_review_signed");
    let after = AccessReview::new(&f.provider, None, now, 90);
    assert!(after.findings.iter().all(|x| !x.is_review_status()));
    assert_eq!(after.findings_hash, before.findings_hash, "signing changes no access finding");
    let stamp = after.clients[0].last_review.as_ref().unwrap();
    assert_eq!((stamp.by, stamp.by_email.as_str(), stamp.next_due), (f.admin, "ada@northwind.example", due));
    // Due: overdue from the due day on.
    let late = AccessReview::new(&f.provider, None, t0() + Duration::days(91), 90);
    assert!(late.clients.iter().all(|c| c.review_overdue));
    assert!(late.findings.iter().any(|x| x.code == "review_overdue" && x.client == Some(contoso)));
    // A later review of Fabrikam alone moves only its date; a new client was never reviewed.
    let later = t0() + Duration::days(2);
    let hash = after.findings_hash(Some(&[fabrikam]));
    let events = f.provider.sign_access_review(f.admin, Some(&[fabrikam]), hash, day(2027, 6, 1), later);
    f.record(events);
    let new = mspkit::NewClient {
        name: "Northwind".to_owned(),
        owner_email: email("owner@northwind-client.example"),
        plan: PlanType::TeamsMonthly,
        seats: 2,
        first_collection: None,
    };
    let created = f.provider.create_client(f.admin, new, later).unwrap();
    f.log.extend(created.events);
    let new = created.id;
    let review = AccessReview::new(&f.provider, None, later, 90);
    let next_due =
        |id| review.clients.iter().find(|c| c.client == id).unwrap().last_review.as_ref().map(|s| s.next_due);
    assert_eq!(next_due(contoso), Some(due));
    assert_eq!(next_due(fabrikam), Some(day(2027, 6, 1)));
    assert_eq!(next_due(new), None);
    // The document keeps the sign-offs; the log replays to it; a client that leaves takes its own.
    let read = Provider::from_json(&f.provider.to_json().unwrap()).unwrap();
    assert_eq!(read, f.provider);
    f.replays().unwrap();
    let events = f.provider.delete_client(f.admin, fabrikam, later);
    f.record(events);
    assert_eq!(f.provider.access_reviews().named().count(), 0);
    f.replays().unwrap();
}

fn next(p: &Provider, actor: Actor, change: Change) -> Event {
    Event { provider: p.id(), sequence: p.last_sequence() + 1, at: t0() + Duration::days(1), actor, change }
}

fn refused(p: &Provider, event: &Event, code: &str) {
    let mut copy = p.clone();
    let err = copy.apply(event).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(&copy, p, "a refused event changed nothing");
}

#[test]
fn apply_refuses_a_forged_sign_off() {
    let (f, contoso, _, _, alan) = setup();
    let p = &f.provider;
    let ada = f.admin;
    let hash = FindingsHash::from_bytes([7; 32]);
    let signed = |reviewer, clients: Option<Vec<OrganizationId>>, next_due| Change::AccessReviewSigned {
        reviewer,
        clients,
        findings: hash,
        next_due,
    };
    let ok = day(2027, 1, 1);
    let today = (t0() + Duration::days(1)).date_naive();
    // The actor is the reviewer.
    refused(p, &next(p, Actor::System, signed(ada, None, ok)), "event_mismatch");
    refused(p, &next(p, Actor::Member(alan), signed(ada, None, ok)), "event_mismatch");
    // A confirmed provider admin.
    refused(p, &next(p, Actor::Member(alan), signed(alan, None, ok)), "reviewer_not_admin");
    let accepted = p.member_by_email(&email("accepted@northwind.example")).unwrap().id();
    refused(p, &next(p, Actor::Member(accepted), signed(accepted, None, ok)), "reviewer_not_admin");
    let stranger = ProviderUserId::new(uuid::Uuid::from_u128(404));
    refused(p, &next(p, Actor::Member(stranger), signed(stranger, None, ok)), "member_not_found");
    // Due after the event's day, within 366 days.
    refused(p, &next(p, Actor::Member(ada), signed(ada, None, today)), "review_due_invalid");
    refused(
        p,
        &next(p, Actor::Member(ada), signed(ada, None, today + Duration::days(367))),
        "review_due_invalid",
    );
    // Clients that exist, each once, at least one.
    let nowhere = OrganizationId::new(uuid::Uuid::from_u128(998));
    refused(p, &next(p, Actor::Member(ada), signed(ada, Some(vec![nowhere]), ok)), "client_not_found");
    refused(p, &next(p, Actor::Member(ada), signed(ada, Some(vec![]), ok)), "review_scope_invalid");
    refused(
        p,
        &next(p, Actor::Member(ada), signed(ada, Some(vec![contoso, contoso]), ok)),
        "review_scope_invalid",
    );
    // What a command records is accepted.
    let mut copy = p.clone();
    copy.apply(&next(p, Actor::Member(ada), signed(ada, Some(vec![contoso]), today + Duration::days(366))))
        .unwrap();
    // The command refuses the same, and a suspended admin.
    let mut q = p.clone();
    let now = t0() + Duration::days(1);
    assert_eq!(q.sign_access_review(alan, None, hash, ok, now).unwrap_err().code(), "provider_admin_only");
    assert_eq!(q.sign_access_review(ada, None, hash, today, now).unwrap_err().code(), "review_due_invalid");
    q.suspend_access(ada, "phished", now).unwrap();
    let grace = q.member_by_email(&email("grace@northwind.example")).unwrap().id();
    assert_eq!(
        q.sign_access_review(grace, None, hash, ok, now).unwrap_err().code(),
        "provider_access_suspended"
    );
    // A hash reads from its 64 digits only.
    assert!("xyz".parse::<FindingsHash>().unwrap_err().to_string().contains("64"));
}

#[test]
fn the_bundled_example_reviews_with_its_log() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/events.jsonl");
    let log = mspkit::EventLog::from_jsonl(&std::fs::read_to_string(path).unwrap()).unwrap();
    let provider = log.replay_provider().unwrap();
    let activity = Activity::of(provider.id(), log.events());
    let as_of = provider.revised_at() + Duration::days(1);
    let review = AccessReview::new(&provider, Some(&activity), as_of, 90);
    assert_eq!(review.clients.len(), provider.clients().len());
    assert!(review.clients.iter().any(|c| c.access.iter().any(|a| a.last_acted.is_some())));
    let json: serde_json::Value = serde_json::from_str(&review.to_json()).unwrap();
    assert_eq!(json["findings_hash"], review.findings_hash.to_string());
}
