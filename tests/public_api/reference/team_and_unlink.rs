//! Divergences 4 (unlinking a disabled client), 9 (resending an invitation logs no 1800) and 11
//! (inviting an email already in the team).

use mspkit::{
    Change, ClientMember, ClientState, OrganizationUserStatus, OrganizationUserType, PlanType, Provider,
    ProviderType, ProviderUserType,
};

use crate::support::{Fixture, code, codes, email, t0};

const SERVICE: ProviderUserType = ProviderUserType::ServiceUser;

/// A client of `f` with a confirmed owner outside the provider, so it can be unlinked.
fn unlinkable(f: &mut Fixture, name: &str, plan: PlanType) -> mspkit::OrganizationId {
    let client = f.client(name, plan, 10);
    let owner = ClientMember::new(
        email(&format!("boss@{}.example", name.to_lowercase())),
        OrganizationUserType::Owner,
        OrganizationUserStatus::Confirmed,
    );
    let events = f.provider.add_client_member(f.admin, client, owner, t0());
    f.record(events);
    client
}

fn unlinked_change(events: &[mspkit::Event]) -> (bool, String) {
    match &events[0].change {
        Change::ClientUnlinked { reenabled, billing_email, .. } => (*reenabled, billing_email.to_string()),
        other => panic!("not an unlink: {other:?}"),
    }
}

// RemoveOrganizationFromProviderCommandTests, "disabled organization, consolidated billing,
// enables the organization": a billable MSP's managed Teams client that was disabled leaves
// enabled, with the status Created (not managed), and the event says it was re-enabled.
#[test]
fn a_disabled_client_leaving_a_billable_msp_is_enabled_again() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = unlinkable(&mut f, "Contoso", PlanType::TeamsMonthly);
    let events = f.provider.set_client_state(f.admin, client, ClientState::Suspended, t0());
    f.record(events);
    assert_eq!(f.provider.client_enabled(client), Some(false));
    let (leaving, events) = f.provider.unlink_client(f.admin, client, t0()).unwrap();
    f.log.extend(events.iter().cloned());
    assert_eq!(codes(&events), [Some(1902)]);
    assert_eq!(unlinked_change(&events), (true, "boss@contoso.example".to_owned()));
    assert!(leaving.enabled(), "the organization leaves enabled");
    assert!(!leaving.managed(), "and no longer managed (the reference's status Created)");
    assert_eq!(leaving.state(), ClientState::Active);
    // The JSON carries the flag; the log replays.
    let json = serde_json::to_value(&events[0]).unwrap();
    assert_eq!(json["change"]["reenabled"], true);
    f.replays().unwrap();
}

// RemoveOrganizationFromProviderCommandTests, "organization Stripe-enabled, consolidated
// billing": an enabled client also leaves enabled; nothing is re-enabled, so the event carries no
// flag (and reads as events written before the flag existed).
#[test]
fn an_enabled_client_leaves_without_the_flag() {
    let mut f = Fixture::billable(ProviderType::BusinessUnit);
    let client = unlinkable(&mut f, "Fabrikam", PlanType::EnterpriseAnnually);
    let (leaving, events) = f.provider.unlink_client(f.admin, client, t0()).unwrap();
    assert!(leaving.enabled());
    assert!(!unlinked_change(&events).0);
    let json = serde_json::to_value(&events[0]).unwrap();
    assert!(json["change"].get("reenabled").is_none(), "{json}");
}

// RemoveOrganizationFromProviderCommand.ResetOrganizationBillingAsync runs only for a billable
// MSP or business unit (`IsBillable`): a reseller's client that joined it disabled leaves as it
// was.
#[test]
fn a_resellers_disabled_client_leaves_disabled() {
    let mut f = Fixture::billable(ProviderType::Reseller);
    let mut org = crate::support::existing(77, crate::support::ADMIN, PlanType::TeamsMonthly, 5);
    org.members.push(ClientMember::new(
        email("boss@tailspin.example"),
        OrganizationUserType::Owner,
        OrganizationUserStatus::Confirmed,
    ));
    let id = org.id;
    f.provider.add_existing_client(f.admin, org, t0()).unwrap();
    // A reseller's client disabled by itself (its document says so; a reseller's clients do not
    // follow it).
    let mut doc: serde_json::Value = serde_json::from_str(&f.provider.to_json().unwrap()).unwrap();
    doc["clients"][0]["enabled"] = serde_json::Value::Bool(false);
    let mut p = Provider::from_json(&doc.to_string()).unwrap();
    assert_eq!(p.client_enabled(id), Some(false));
    let (leaving, events) = p.unlink_client(f.admin, id, t0()).unwrap();
    assert!(!unlinked_change(&events).0);
    assert!(!leaving.enabled());
}

// The flag is judged by `apply`: a forged unlink that re-enables an enabled client, or that
// leaves a disabled one disabled, is refused and changes nothing.
#[test]
fn apply_refuses_a_forged_reenabled_flag() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = unlinkable(&mut f, "Contoso", PlanType::EnterpriseMonthly);
    let forge = |p: &Provider, reenabled: bool| mspkit::Event {
        provider: p.id(),
        sequence: p.last_sequence() + 1,
        at: t0(),
        actor: mspkit::Actor::Member(f.admin),
        change: Change::ClientUnlinked { client, billing_email: email("boss@contoso.example"), reenabled },
    };
    let before = f.provider.clone();
    let mut p = f.provider.clone();
    assert_eq!(p.apply(&forge(&before, true)).unwrap_err().code(), "event_mismatch");
    assert_eq!(p, before);
    let events = p.set_client_state(f.admin, client, ClientState::Suspended, t0()).unwrap();
    assert_eq!(events.len(), 1);
    let suspended = p.clone();
    assert_eq!(p.apply(&forge(&suspended, false)).unwrap_err().code(), "event_mismatch");
    assert_eq!(p, suspended);
    p.apply(&forge(&suspended, true)).unwrap();
    assert!(p.client(client).is_none());
}

// ProviderServiceTests / ProviderService.ResendInvitesAsync: resending sends the invitation
// mail again and logs no event, so mspkit's `member_reinvited` has no reference code and the
// audit export shows it by its own name with an empty code column.
#[test]
fn resending_an_invitation_has_no_reference_code_in_the_audit_export() {
    let mut f = Fixture::new(ProviderType::Msp);
    let grace = f.invite("grace@x.example", SERVICE);
    let events = f.provider.reinvite(f.admin, grace, t0() + crate::support::hours(1));
    let events = f.record(events);
    assert_eq!(codes(&events), [None]);
    assert_eq!(events[0].kind(), "member_reinvited");
    let csv = f.provider.export_events(f.admin, &f.log).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows.iter().any(|r| r.contains(",1800,member_invited,")), "{csv}");
    let resent = rows.iter().find(|r| r.contains("member_reinvited")).unwrap();
    assert!(resent.contains(",,member_reinvited,ada@northwind.example,grace@x.example,"), "{resent}");
    assert_eq!(csv.matches(",1800,").count(), 1, "one 1800 for one invitation: {csv}");
    let row = mspkit::AuditRow::new(&events[0], &mspkit::EventLabels::from_provider(&f.provider));
    assert_eq!((row.code, row.event), (None, "member_reinvited"));
}

// ProviderServiceTests / ProviderService.InviteUserAsync skips an email already in the team and
// invites the rest. mspkit keeps refusing the batch (DESIGN.md, issue 15) but names every such
// email, so the caller can invite the others again without them.
#[test]
fn inviting_emails_already_in_the_team_names_every_one() {
    let mut f = Fixture::new(ProviderType::Msp);
    f.invite("grace@x.example", SERVICE);
    f.invite("alan@x.example", SERVICE);
    let before = f.provider.clone();
    let batch = ["new@x.example", " GRACE@x.example", "kate@x.example", "Alan@X.example"];
    let err = f.provider.invite(f.admin, &batch, SERVICE, t0()).unwrap_err();
    assert_eq!(err.code(), "already_member");
    let mspkit::Error::Team(mspkit::TeamError::AlreadyMember { email: first, emails }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(first.as_str(), "grace@x.example");
    let named: Vec<&str> = emails.iter().map(mspkit::Email::as_str).collect();
    assert_eq!(named, ["grace@x.example", "alan@x.example"]);
    assert!(err.to_string().contains("invite the others without them"), "{err}");
    assert_eq!(f.provider, before, "the whole batch was refused");
    // Retrying with the rest invites them.
    let rest: Vec<&str> = batch.iter().copied().filter(|e| !emails.contains(&email(e))).collect();
    let events = f.provider.invite(f.admin, &rest, SERVICE, t0()).unwrap();
    assert_eq!(events.len(), 2);
    // One address alone keeps the message it always had.
    let one = f.provider.invite(f.admin, &["grace@x.example"], SERVICE, t0()).unwrap_err();
    assert_eq!(one.to_string(), "`grace@x.example` is already a member of the provider's team");
    assert_eq!(code(f.provider.invite(f.admin, &["grace@x.example"], SERVICE, t0())), "already_member");
}
