//! The provider team: invitations, acceptance, confirmation, revocation, roles, removal and the
//! last-admin rule.

use mspkit::{ProviderType, ProviderUserStatus, ProviderUserType, Subject};

use crate::support::{ADMIN, Fixture, code, codes, email, hours, t0};

const ADMIN_ROLE: ProviderUserType = ProviderUserType::ProviderAdmin;
const SERVICE: ProviderUserType = ProviderUserType::ServiceUser;

fn batch(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("member{i}@northwind.example")).collect()
}

#[test]
fn an_invitation_batch_holds_one_to_twenty_emails() {
    for (n, expected) in
        [(0, Err("empty_batch")), (1, Ok(1)), (20, Ok(20)), (21, Err("invite_batch_too_large"))]
    {
        let mut f = Fixture::new(ProviderType::Msp);
        let emails = batch(n);
        let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
        let before = f.provider.clone();
        let result = f.provider.invite(f.admin, &refs, SERVICE, t0());
        assert_eq!(result.as_ref().map(Vec::len).map_err(mspkit::Error::code), expected, "{n} emails");
        match result {
            Ok(events) => {
                assert!(events.iter().all(|e| e.kind() == "member_invited" && e.code() == Some(1800)));
                assert_eq!(f.provider.members().len(), n + 1);
                let sequences: Vec<u64> = events.iter().map(|e| e.sequence).collect();
                let first = before.last_sequence() + 1;
                assert_eq!(sequences, (first..first + n as u64).collect::<Vec<_>>());
            }
            Err(_) => assert_eq!(f.provider, before),
        }
    }
}

#[test]
fn invited_members_get_the_batch_role_and_a_120_hour_expiry() {
    let mut f = Fixture::new(ProviderType::Msp);
    f.provider.invite(f.admin, &["a@x.example", " B@X.example "], SERVICE, t0()).unwrap();
    let b = f.provider.member_by_email(&email("b@x.example")).unwrap();
    assert_eq!(b.email().as_str(), "b@x.example");
    assert_eq!(b.role(), SERVICE);
    assert_eq!(b.status(), ProviderUserStatus::Invited);
    assert_eq!(b.invitation_expires_at(), Some(t0() + hours(120)));
    assert_eq!(b.user_id(), None);
}

#[test]
fn duplicates_in_a_batch_are_refused_case_insensitively_and_trimmed() {
    let mut f = Fixture::new(ProviderType::Msp);
    let before = f.provider.clone();
    let err =
        f.provider.invite(f.admin, &["grace@x.example", "  GRACE@x.example "], SERVICE, t0()).unwrap_err();
    assert_eq!(err.code(), "duplicate_invite");
    assert_eq!(f.provider, before);
}

#[test]
fn an_address_already_in_the_team_refuses_the_whole_batch() {
    let mut f = Fixture::new(ProviderType::Msp);
    f.invite("grace@x.example", SERVICE);
    let before = f.provider.clone();
    for taken in ["Grace@X.example", " grace@x.example", &ADMIN.to_uppercase()] {
        let err = f.provider.invite(f.admin, &["new@x.example", taken], ADMIN_ROLE, t0()).unwrap_err();
        assert_eq!(err.code(), "already_member", "{taken}");
        assert_eq!(f.provider, before, "the valid address of the batch was not invited either");
    }
}

#[test]
fn a_malformed_address_refuses_the_batch() {
    let mut f = Fixture::new(ProviderType::Msp);
    let before = f.provider.clone();
    assert_eq!(
        code(f.provider.invite(f.admin, &["ok@x.example", "not an email"], SERVICE, t0())),
        "email_invalid"
    );
    assert_eq!(code(f.provider.invite(f.admin, &["   "], SERVICE, t0())), "email_empty");
    assert_eq!(f.provider, before);
}

#[test]
fn an_invitation_expires_exactly_120_hours_after_it_was_sent() {
    let mut f = Fixture::new(ProviderType::Msp);
    let id = f.invite("grace@x.example", SERVICE);
    let user = f.user();
    let at_expiry = t0() + hours(120);
    assert!(!f.provider.member(id).unwrap().invitation_expired(at_expiry - chrono::Duration::seconds(1)));
    assert!(f.provider.member(id).unwrap().invitation_expired(at_expiry));
    let before = f.provider.clone();
    let err = f.provider.accept(id, user, &email("grace@x.example"), None, at_expiry).unwrap_err();
    assert_eq!(err.code(), "invitation_expired");
    assert_eq!(f.provider, before);
    let warnings = f.provider.warnings(at_expiry);
    assert!(warnings.iter().any(|w| w.code() == "invitation_expired"));
    // One second earlier it is still valid.
    let events = f
        .provider
        .accept(id, user, &email("grace@x.example"), None, at_expiry - chrono::Duration::seconds(1))
        .unwrap();
    assert_eq!(events[0].kind(), "member_accepted");
    assert_eq!(events[0].code(), None, "acceptance has no reference event code");
}

#[test]
fn resending_an_invitation_renews_its_expiry() {
    let mut f = Fixture::new(ProviderType::Msp);
    let id = f.invite("grace@x.example", SERVICE);
    let later = t0() + hours(200);
    let events = f.provider.reinvite(f.admin, id, later).unwrap();
    assert_eq!(codes(&events), [None], "the reference logs no event for a resend (issue 15)");
    assert_eq!(events[0].kind(), "member_reinvited");
    let m = f.provider.member(id).unwrap();
    assert_eq!(m.invitation_expires_at(), Some(later + hours(120)));
    assert_eq!(m.invited_at(), later);
    let user = f.user();
    f.provider.accept(id, user, &email("grace@x.example"), None, later + hours(119)).unwrap();
    // Once accepted there is nothing to resend.
    assert_eq!(code(f.provider.reinvite(f.admin, id, later)), "member_not_invited");
}

#[test]
fn acceptance_needs_the_invited_address_a_live_invitation_and_an_invited_member() {
    let mut f = Fixture::new(ProviderType::Msp);
    let id = f.invite("grace@x.example", SERVICE);
    let user = f.user();
    let before = f.provider.clone();
    assert_eq!(
        code(f.provider.accept(id, user, &email("eve@x.example"), None, t0())),
        "invitation_email_mismatch"
    );
    assert_eq!(f.provider, before);
    let stranger = mspkit::ProviderUserId::new(uuid::Uuid::from_u128(77));
    assert_eq!(
        code(f.provider.accept(stranger, user, &email("grace@x.example"), None, t0())),
        "member_not_found"
    );
    // The address is compared case-insensitively.
    f.provider.accept(id, user, &email("GRACE@x.example"), Some(" fp "), t0()).unwrap();
    let m = f.provider.member(id).unwrap();
    assert_eq!(
        (m.status(), m.user_id(), m.public_key_fingerprint()),
        (ProviderUserStatus::Accepted, Some(user), Some("fp"))
    );
    assert_eq!(m.invitation_expires_at(), None);
    // Accepting twice, or accepting as the confirmed admin, is refused.
    assert_eq!(
        code(f.provider.accept(id, user, &email("grace@x.example"), None, t0())),
        "member_not_invited"
    );
    assert_eq!(code(f.provider.accept(f.admin, user, &email(ADMIN), None, t0())), "member_not_invited");
}

#[test]
fn only_accepted_members_are_confirmed_and_the_fingerprint_must_match() {
    let mut f = Fixture::new(ProviderType::Msp);
    let invited = f.invite("invited@x.example", SERVICE);
    assert_eq!(code(f.provider.confirm(f.admin, invited, None, t0())), "member_not_accepted");
    assert_eq!(code(f.provider.confirm(f.admin, f.admin, None, t0())), "member_not_accepted");
    let id = f.invite("grace@x.example", SERVICE);
    let user = f.user();
    f.provider.accept(id, user, &email("grace@x.example"), Some("alpha-bravo"), t0()).unwrap();
    let before = f.provider.clone();
    assert_eq!(code(f.provider.confirm(f.admin, id, Some("alpha-charlie"), t0())), "fingerprint_mismatch");
    assert_eq!(f.provider, before);
    let events = f.provider.confirm(f.admin, id, Some(" alpha-bravo "), t0()).unwrap();
    assert_eq!(codes(&events), [Some(1801)]);
    assert_eq!(events[0].subject(), Subject::Member(id));
    assert_eq!(f.provider.member(id).unwrap().status(), ProviderUserStatus::Confirmed);
}

#[test]
fn a_member_without_a_fingerprint_is_confirmed_whatever_phrase_is_given() {
    let mut f = Fixture::new(ProviderType::Msp);
    let id = f.member("grace@x.example", SERVICE, ProviderUserStatus::Accepted);
    f.provider.confirm(f.admin, id, Some("anything"), t0()).unwrap();
    assert_eq!(f.provider.member(id).unwrap().status(), ProviderUserStatus::Confirmed);
}

#[test]
fn revoke_then_restore_returns_each_member_to_its_previous_status() {
    for status in [ProviderUserStatus::Invited, ProviderUserStatus::Accepted, ProviderUserStatus::Confirmed] {
        let mut f = Fixture::new(ProviderType::Msp);
        let id = f.member("grace@x.example", SERVICE, status);
        let events = f.provider.revoke(f.admin, id, t0()).unwrap();
        assert_eq!(codes(&events), [Some(1802)]);
        assert_eq!(f.provider.member(id).unwrap().status(), ProviderUserStatus::Revoked);
        assert_eq!(code(f.provider.revoke(f.admin, id, t0())), "member_already_revoked");
        let events = f.provider.restore(f.admin, id, t0()).unwrap();
        assert_eq!((events[0].kind(), events[0].code()), ("member_restored", Some(1802)));
        assert_eq!(f.provider.member(id).unwrap().status(), status);
        assert_eq!(code(f.provider.restore(f.admin, id, t0())), "member_not_revoked");
    }
}

#[test]
fn a_revoked_admin_may_do_nothing_and_does_not_count_as_an_admin() {
    let mut f = Fixture::new(ProviderType::Msp);
    let second = f.member("grace@x.example", ADMIN_ROLE, ProviderUserStatus::Revoked);
    assert_eq!(f.provider.confirmed_admin_count(), 1);
    assert_eq!(code(f.provider.invite(second, &["x@x.example"], SERVICE, t0())), "member_revoked");
    assert_eq!(code(f.provider.leave(f.admin, t0())), "last_confirmed_admin");
}

#[test]
fn the_last_confirmed_admin_cannot_be_removed_revoked_demoted_or_leave() {
    let mut f = Fixture::new(ProviderType::Msp);
    // Pending admins do not count: an invited and an accepted admin are no replacement.
    f.member("invited@x.example", ADMIN_ROLE, ProviderUserStatus::Invited);
    f.member("accepted@x.example", ADMIN_ROLE, ProviderUserStatus::Accepted);
    let service = f.confirmed("service@x.example", SERVICE);
    let before = f.provider.clone();
    let admin = f.admin;
    assert_eq!(code(f.provider.remove(admin, &[admin], t0())), "last_confirmed_admin");
    assert_eq!(code(f.provider.revoke(admin, admin, t0())), "last_confirmed_admin");
    assert_eq!(code(f.provider.change_role(admin, admin, SERVICE, t0())), "last_confirmed_admin");
    assert_eq!(code(f.provider.leave(admin, t0())), "last_confirmed_admin");
    assert_eq!(f.provider, before);
    // With a second confirmed admin each of them works.
    f.provider.change_role(admin, service, ADMIN_ROLE, t0()).unwrap();
    let mut g = f.provider.clone();
    // No one removes themselves, as the reference's ProviderService.DeleteUsersAsync refuses
    // it (ProviderServiceTests.DeleteUsersAsync_Success gets "You cannot remove yourself." for
    // the deleting user): leaving is its own
    // command, and another admin may remove them.
    assert_eq!(code(g.remove(admin, &[admin], t0())), "cannot_remove_self");
    assert_eq!(g, f.provider);
    g.remove(service, &[admin], t0()).unwrap();
    let mut g = f.provider.clone();
    g.revoke(admin, admin, t0()).unwrap();
    let mut g = f.provider.clone();
    g.change_role(admin, admin, SERVICE, t0()).unwrap();
    let mut g = f.provider.clone();
    let events = g.leave(admin, t0()).unwrap();
    assert_eq!((events[0].kind(), events[0].code()), ("member_left", Some(1803)));
    assert_eq!(g.confirmed_admin_count(), 1);
}

#[test]
fn a_bulk_removal_is_checked_as_a_whole() {
    let mut f = Fixture::new(ProviderType::Msp);
    let second = f.confirmed("second@x.example", ADMIN_ROLE);
    let before = f.provider.clone();
    assert_eq!(code(f.provider.remove(f.admin, &[f.admin, second], t0())), "last_confirmed_admin");
    assert_eq!(f.provider, before);
    let third = f.confirmed("third@x.example", ADMIN_ROLE);
    let events = f.provider.remove(f.admin, &[second, third], t0()).unwrap();
    assert_eq!(codes(&events), [Some(1803), Some(1803)]);
    assert_eq!(f.provider.members().len(), 1);
    assert_eq!(f.provider.confirmed_admin_count(), 1);
}

#[test]
fn two_of_three_admins_may_be_removed_at_once_but_not_three() {
    let mut f = Fixture::new(ProviderType::Msp);
    let second = f.confirmed("second@x.example", ADMIN_ROLE);
    let third = f.confirmed("third@x.example", ADMIN_ROLE);
    let before = f.provider.clone();
    assert_eq!(code(f.provider.remove(f.admin, &[f.admin, second, third], t0())), "last_confirmed_admin");
    assert_eq!(f.provider, before);
    f.provider.remove(f.admin, &[second, third], t0()).unwrap();
    assert_eq!(f.provider.members().iter().map(mspkit::ProviderUser::id).collect::<Vec<_>>(), [f.admin]);
}

#[test]
fn a_removal_with_an_unknown_member_or_no_member_changes_nothing() {
    let mut f = Fixture::new(ProviderType::Msp);
    let grace = f.confirmed("grace@x.example", SERVICE);
    let before = f.provider.clone();
    let stranger = mspkit::ProviderUserId::new(uuid::Uuid::from_u128(77));
    assert_eq!(code(f.provider.remove(f.admin, &[grace, stranger], t0())), "member_not_found");
    assert_eq!(code(f.provider.remove(f.admin, &[], t0())), "empty_batch");
    assert_eq!(f.provider, before);
    // The same member twice is removed once, with one event.
    assert_eq!(f.provider.remove(f.admin, &[grace, grace], t0()).unwrap().len(), 1);
}

#[test]
fn changing_to_the_same_role_is_a_no_op_without_events() {
    let mut f = Fixture::new(ProviderType::Msp);
    let grace = f.confirmed("grace@x.example", SERVICE);
    let before = f.provider.clone();
    assert!(f.provider.change_role(f.admin, grace, SERVICE, t0()).unwrap().is_empty());
    assert!(f.provider.change_role(f.admin, f.admin, ADMIN_ROLE, t0()).unwrap().is_empty());
    assert_eq!(f.provider, before);
    let events = f.provider.change_role(f.admin, grace, ADMIN_ROLE, t0()).unwrap();
    assert_eq!(codes(&events), [Some(1802)]);
    assert_eq!(f.provider.member(grace).unwrap().role(), ADMIN_ROLE);
}

#[test]
fn only_confirmed_provider_admins_manage_the_team() {
    let mut f = Fixture::new(ProviderType::Msp);
    let target = f.invite("target@x.example", SERVICE);
    let actors = [
        (f.confirmed("service@x.example", SERVICE), "provider_admin_only"),
        (f.member("invited@x.example", ADMIN_ROLE, ProviderUserStatus::Invited), "member_not_confirmed"),
        (f.member("accepted@x.example", ADMIN_ROLE, ProviderUserStatus::Accepted), "member_not_confirmed"),
        (f.member("revoked@x.example", ADMIN_ROLE, ProviderUserStatus::Revoked), "member_revoked"),
        (mspkit::ProviderUserId::new(uuid::Uuid::from_u128(77)), "not_a_member"),
    ];
    let before = f.provider.clone();
    for (actor, expected) in actors {
        let p = &mut f.provider;
        assert_eq!(code(p.invite(actor, &["new@x.example"], SERVICE, t0())), expected);
        assert_eq!(code(p.reinvite(actor, target, t0())), expected);
        assert_eq!(code(p.confirm(actor, target, None, t0())), expected);
        assert_eq!(code(p.revoke(actor, target, t0())), expected);
        assert_eq!(code(p.restore(actor, target, t0())), expected);
        assert_eq!(code(p.change_role(actor, target, ADMIN_ROLE, t0())), expected);
        assert_eq!(code(p.set_client_scope(actor, target, None, t0())), expected);
        assert_eq!(code(p.remove(actor, &[target], t0())), expected);
        assert_eq!(*p, before);
    }
}

#[test]
fn a_member_in_any_state_may_leave() {
    for status in [
        ProviderUserStatus::Invited,
        ProviderUserStatus::Accepted,
        ProviderUserStatus::Confirmed,
        ProviderUserStatus::Revoked,
    ] {
        let mut f = Fixture::new(ProviderType::Msp);
        let id = f.member("grace@x.example", SERVICE, status);
        let events = f.provider.leave(id, t0()).unwrap();
        assert_eq!(events[0].actor, mspkit::Actor::Member(id));
        assert!(f.provider.member(id).is_none());
        assert_eq!(code(f.provider.leave(id, t0())), "member_not_found");
    }
}

#[test]
fn scopes_belong_to_service_users_and_name_clients_of_the_provider() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", mspkit::PlanType::TeamsMonthly, 5);
    let service = f.confirmed("service@x.example", SERVICE);
    let scope = std::collections::BTreeSet::from([client]);
    assert_eq!(
        code(f.provider.set_client_scope(f.admin, f.admin, Some(scope.clone()), t0())),
        "scope_needs_service_user"
    );
    let unknown = mspkit::OrganizationId::new(uuid::Uuid::from_u128(55));
    assert_eq!(
        code(f.provider.set_client_scope(
            f.admin,
            service,
            Some(std::collections::BTreeSet::from([unknown])),
            t0()
        )),
        "client_not_found"
    );
    f.provider.set_client_scope(f.admin, service, Some(scope.clone()), t0()).unwrap();
    assert_eq!(f.provider.member(service).unwrap().client_scope(), Some(&scope));
    // Promoting drops the scope.
    f.provider.change_role(f.admin, service, ADMIN_ROLE, t0()).unwrap();
    assert_eq!(f.provider.member(service).unwrap().client_scope(), None);
}

#[test]
fn warnings_name_few_admins_and_members_awaiting_confirmation() {
    let mut f = Fixture::new(ProviderType::Msp);
    let codes_of =
        |p: &mspkit::Provider| p.warnings(t0()).iter().map(mspkit::Warning::code).collect::<Vec<_>>();
    assert_eq!(codes_of(&f.provider), ["few_confirmed_admins"]);
    f.member("grace@x.example", SERVICE, ProviderUserStatus::Accepted);
    assert_eq!(codes_of(&f.provider), ["few_confirmed_admins", "awaiting_confirmation"]);
    f.confirmed("second@x.example", ADMIN_ROLE);
    assert_eq!(codes_of(&f.provider), ["awaiting_confirmation"]);
    f.provider.set_enabled(false, t0()).unwrap();
    assert_eq!(codes_of(&f.provider), ["provider_disabled", "awaiting_confirmation"]);
}

#[test]
fn invitations_at_the_end_of_time_do_not_panic() {
    let mut f = Fixture::new(ProviderType::Msp);
    let end = chrono::DateTime::<chrono::Utc>::MAX_UTC;
    f.provider.invite(f.admin, &["grace@x.example"], SERVICE, end).unwrap();
    let id = f.provider.member_by_email(&email("grace@x.example")).unwrap().id();
    f.provider.reinvite(f.admin, id, end - hours(1)).unwrap();
    let expires = f.provider.member(id).unwrap().invitation_expires_at().unwrap();
    assert!(expires >= end - hours(1));
    let json = serde_json::to_string(&f.provider).unwrap();
    assert_eq!(serde_json::from_str::<mspkit::Provider>(&json).unwrap(), f.provider);
}

#[test]
fn invite_members_returns_the_new_ids_in_the_order_of_the_emails() {
    let mut f = Fixture::new(ProviderType::Msp);
    let before = f.provider.last_sequence();
    let created = f.provider.invite_members(f.admin, &["b@x.example", "a@x.example"], SERVICE, t0()).unwrap();
    assert_eq!(created.id.len(), 2);
    assert_eq!(created.events.len(), 2);
    assert_eq!(f.provider.last_sequence(), before + 2);
    let emails: Vec<String> =
        created.id.iter().map(|id| f.provider.member(*id).unwrap().email().as_str().to_owned()).collect();
    assert_eq!(emails, ["b@x.example", "a@x.example"]);
    // A refused batch creates nobody and returns no id.
    assert_eq!(code(f.provider.invite_members(f.admin, &["a@x.example"], SERVICE, t0())), "already_member");
    assert_eq!(f.provider.last_sequence(), before + 2);
}
