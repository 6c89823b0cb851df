//! Policy side effects, previewed and recorded: the reference's `SingleOrgPolicyEventHandler`
//! and `TwoFactorAuthenticationPolicyEventHandler` revoke, when the policy is switched on, the
//! accepted and confirmed members who are neither owner nor admin nor the person acting and who
//! do not comply (`…Tests`: "ExecutePreUpsertSideEffectAsync_RevokesNonCompliantUsers",
//! "…_RevokesOnlyNonCompliantUsers", "…_GivenNonCompliantUsersWithoutMasterPassword_Throws",
//! "…_StagedMembershipsAreNotRevoked…").

use mspkit::policy::{ComplianceFacts, MemberCompliance, PolicyKind, PolicySettings, RevocationReason};
use mspkit::{
    Change, ClientMember, OrganizationId, OrganizationUserStatus as S, OrganizationUserType as R, PlanType,
    ProviderType,
};

use crate::support::{ADMIN, Fixture, code, email, t0};

fn client_with_members(f: &mut Fixture) -> OrganizationId {
    let client = f.client("Contoso", PlanType::EnterpriseMonthly, 20);
    for (address, role, status) in [
        ("boss@contoso.example", R::Owner, S::Confirmed),
        ("it@contoso.example", R::Admin, S::Confirmed),
        ("a@contoso.example", R::User, S::Confirmed),
        ("b@contoso.example", R::User, S::Accepted),
        ("c@contoso.example", R::User, S::Invited),
        ("d@contoso.example", R::User, S::Revoked),
        ("s@contoso.example", R::User, S::Staged),
        ("e@contoso.example", R::Custom, S::Confirmed),
        (ADMIN, R::User, S::Confirmed), // the provider admin acting, a member of the client too
    ] {
        let events = f.provider.add_client_member(
            f.admin,
            client,
            ClientMember::new(email(address), role, status),
            t0(),
        );
        f.record(events);
    }
    client
}

fn facts() -> ComplianceFacts {
    let every = MemberCompliance { other_organizations: true, two_factor: false, master_password: true };
    let mut facts: ComplianceFacts = [
        "boss@contoso.example",
        "it@contoso.example",
        "a@contoso.example",
        "c@contoso.example",
        "d@contoso.example",
        "s@contoso.example",
        ADMIN,
    ]
    .into_iter()
    .map(|a| (email(a), every))
    .collect();
    facts.insert(
        email("b@contoso.example"),
        MemberCompliance { other_organizations: true, two_factor: true, master_password: true },
    );
    facts
}

fn names(list: &[mspkit::Email]) -> Vec<&str> {
    list.iter().map(mspkit::Email::as_str).collect()
}

#[test]
fn the_preview_names_who_enabling_revokes() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = client_with_members(&mut f);
    let before = f.provider.clone();
    let single = f.provider.preview_client_policy(f.admin, client, PolicyKind::SingleOrg, &facts()).unwrap();
    assert_eq!(names(&single.revokes), ["a@contoso.example", "b@contoso.example"]);
    assert_eq!(names(&single.unknown), ["e@contoso.example"], "no facts: kept, and said so");
    let two_step = f
        .provider
        .preview_client_policy(f.admin, client, PolicyKind::TwoFactorAuthentication, &facts())
        .unwrap();
    assert_eq!(names(&two_step.revokes), ["a@contoso.example"], "b has two-step login on");
    let other =
        f.provider.preview_client_policy(f.admin, client, PolicyKind::MasterPassword, &facts()).unwrap();
    assert!(other.revokes.is_empty() && other.unknown.is_empty());
    assert!(single.refused.is_none());
    assert_eq!(f.provider, before, "a dry run changes nothing");
    // A client whose plan does not offer policies: the members it would revoke, and the refusal.
    let teams = f.client("Fabrikam", PlanType::TeamsMonthly, 5);
    let member = ClientMember::new(email("a@contoso.example"), R::User, S::Confirmed);
    let events = f.provider.add_client_member(f.admin, teams, member, t0());
    f.record(events);
    let on_teams = f.provider.preview_client_policy(f.admin, teams, PolicyKind::SingleOrg, &facts()).unwrap();
    assert_eq!(names(&on_teams.revokes), ["a@contoso.example"]);
    assert_eq!(on_teams.refused.unwrap().code, "policy_not_on_plan");
}

#[test]
fn enabling_single_org_revokes_and_records_it() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = client_with_members(&mut f);
    let occupied = f.provider.client(client).unwrap().occupied_seats();
    let events = f.provider.enable_client_policy_with_facts(
        f.admin,
        client,
        PolicySettings::new(PolicyKind::SingleOrg),
        &facts(),
        t0(),
    );
    let events = f.record(events);
    let kinds: Vec<(&str, Option<u16>)> = events.iter().map(|e| (e.kind(), e.code())).collect();
    assert_eq!(
        kinds,
        [
            ("client_policy_changed", Some(1700)),
            ("client_member_revoked", Some(1521)),
            ("client_member_revoked", Some(1521))
        ]
    );
    let Change::ClientMemberRevoked { email: first, reason, .. } = &events[1].change else { panic!() };
    assert_eq!((first.as_str(), *reason), ("a@contoso.example", RevocationReason::SingleOrgNonCompliance));
    let c = f.provider.client(client).unwrap();
    assert_eq!(c.occupied_seats(), occupied - 2);
    assert!(c.members().iter().filter(|m| m.status == S::Revoked).count() == 3);
    f.replays().unwrap();
    // Switched on already: nothing more to revoke.
    let again = f.provider.preview_client_policy(f.admin, client, PolicyKind::SingleOrg, &facts()).unwrap();
    assert!(again.revokes.is_empty());
    let csv = f.provider.export_events(f.admin, &f.log).unwrap();
    assert!(csv.contains(",1521,client_member_revoked,"), "{csv}");
}

#[test]
fn two_step_login_is_refused_when_a_member_would_lose_access() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = client_with_members(&mut f);
    let mut facts = facts();
    facts.insert(
        email("a@contoso.example"),
        MemberCompliance { other_organizations: false, two_factor: false, master_password: false },
    );
    let before = f.provider.clone();
    let settings = PolicySettings::new(PolicyKind::TwoFactorAuthentication);
    let refused = f.provider.enable_client_policy_with_facts(f.admin, client, settings.clone(), &facts, t0());
    assert_eq!(code(refused), "members_would_lose_access");
    assert_eq!(f.provider, before);
    // With facts that keep everyone, it is the plain enabling.
    let events = f
        .provider
        .enable_client_policy_with_facts(f.admin, client, settings, &ComplianceFacts::new(), t0())
        .unwrap();
    assert_eq!(events.len(), 1);
}

#[test]
fn apply_refuses_a_revocation_no_enabling_made() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = client_with_members(&mut f);
    let forge = |p: &mspkit::Provider, who: &str| mspkit::Event {
        provider: p.id(),
        sequence: p.last_sequence() + 1,
        at: t0(),
        actor: mspkit::Actor::Member(f.admin),
        change: Change::ClientMemberRevoked {
            client,
            email: email(who),
            reason: RevocationReason::SingleOrgNonCompliance,
        },
    };
    let mut p = f.provider.clone();
    assert_eq!(
        p.apply(&forge(&p.clone(), "a@contoso.example")).unwrap_err().code(),
        "event_mismatch",
        "policy off"
    );
    let events =
        p.enable_client_policy(f.admin, client, PolicySettings::new(PolicyKind::SingleOrg), t0()).unwrap();
    assert_eq!(events.len(), 1);
    let on = p.clone();
    for exempt in
        ["boss@contoso.example", "it@contoso.example", "c@contoso.example", "s@contoso.example", ADMIN]
    {
        assert_eq!(p.apply(&forge(&on, exempt)).unwrap_err().code(), "event_mismatch", "{exempt}");
    }
    assert_eq!(p, on);
    p.apply(&forge(&on, "a@contoso.example")).unwrap();
}
