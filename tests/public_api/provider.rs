//! The provider's lifecycle: issue, set-up, settings, billable, enable/disable, delete.

use mspkit::{
    Actor, Email, PlanType, Provider, ProviderId, ProviderSettings, ProviderStatus, ProviderType,
    ProviderUserStatus, ProviderUserType, Subject, UserId,
};
use uuid::Uuid;

use crate::support::{ADMIN, Fixture, code, email, t0};

fn issued(kind: ProviderType) -> Provider {
    let settings = ProviderSettings::new("Northwind IT").unwrap();
    Provider::issue(ProviderId::new(Uuid::from_u128(1)), kind, settings, email(ADMIN), t0()).0
}

#[test]
fn a_provider_is_issued_pending_enabled_and_without_a_team() {
    let settings = ProviderSettings::new("  Northwind IT ").unwrap();
    let (p, events) = Provider::issue(
        ProviderId::new(Uuid::from_u128(1)),
        ProviderType::Reseller,
        settings,
        email(" Ada@Northwind.example"),
        t0(),
    );
    assert_eq!(
        (p.status(), p.enabled(), p.kind(), p.name()),
        (ProviderStatus::Pending, true, ProviderType::Reseller, "Northwind IT")
    );
    assert_eq!(p.issued_to(), Some(&email(ADMIN)));
    assert!(p.members().is_empty());
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].kind(), events[0].actor, events[0].sequence),
        ("provider_issued", Actor::System, 1)
    );
    assert_eq!(p.warnings(t0()).iter().map(mspkit::Warning::code).collect::<Vec<_>>(), ["not_set_up"]);
}

#[test]
fn set_up_makes_the_first_confirmed_admin_and_happens_once() {
    let mut p = issued(ProviderType::Msp);
    let user = UserId::new(Uuid::from_u128(2));
    let created = p.set_up(user, &email(ADMIN), t0()).unwrap();
    let events = created.events;
    assert_eq!(p.status(), ProviderStatus::Created);
    let admin = &p.members()[0];
    assert_eq!(created.id, admin.id());
    assert_eq!(p.member_by_user(user).map(mspkit::ProviderUser::id), Some(admin.id()));
    assert_eq!(
        (admin.role(), admin.status(), admin.user_id()),
        (ProviderUserType::ProviderAdmin, ProviderUserStatus::Confirmed, Some(user))
    );
    assert_eq!(
        (events[0].kind(), events[0].actor, events[0].subject()),
        ("provider_set_up", Actor::User(user), Subject::Member(admin.id()))
    );
    let before = p.clone();
    assert_eq!(code(p.set_up(user, &email("other@x.example"), t0())), "provider_already_set_up");
    assert_eq!(p, before);
    // The record of whom it was issued to stays.
    assert_eq!(p.issued_to(), Some(&email(ADMIN)));
}

#[test]
fn only_the_person_it_was_issued_to_sets_a_provider_up() {
    let mut p = issued(ProviderType::Msp);
    let before = p.clone();
    let err = p.set_up(UserId::new(Uuid::from_u128(2)), &email("mallory@x.example"), t0()).unwrap_err();
    assert_eq!(err.code(), "setup_email_mismatch");
    assert_eq!(
        err.to_string(),
        format!(
            "the provider was issued to `{ADMIN}`, not to `mallory@x.example`; it is set up by the person it was issued to"
        )
    );
    assert_eq!(p, before);
    // The address is compared case-insensitively.
    p.set_up(UserId::new(Uuid::from_u128(2)), &email("ADA@Northwind.Example"), t0()).unwrap();
    assert_eq!(p.status(), ProviderStatus::Created);
}

#[test]
fn whom_a_provider_was_issued_to_survives_json_and_a_pending_provider_without_it_cannot_be_set_up() {
    let p = issued(ProviderType::Msp);
    let mut value = serde_json::to_value(&p).unwrap();
    assert_eq!(value["issued_to"], ADMIN);
    assert_eq!(serde_json::from_value::<Provider>(value.clone()).unwrap(), p);
    // A provider read from the reference server's documents does not know it.
    value.as_object_mut().unwrap().remove("issued_to");
    let mut unknown: Provider = serde_json::from_value(value).unwrap();
    assert_eq!(unknown.issued_to(), None);
    let before = unknown.clone();
    assert_eq!(
        code(unknown.set_up(UserId::new(Uuid::from_u128(2)), &email(ADMIN), t0())),
        "provider_issued_to_unknown"
    );
    assert_eq!(unknown, before);
}

#[test]
fn a_pending_provider_refuses_client_work_and_billing_status() {
    let mut p = issued(ProviderType::Msp);
    assert_eq!(code(p.mark_billable(t0())), "provider_not_set_up");
    // No member can act before set-up.
    let nobody = mspkit::ProviderUserId::new(Uuid::from_u128(9));
    assert_eq!(code(p.invite(nobody, &["a@x.example"], ProviderUserType::ServiceUser, t0())), "not_a_member");
}

#[test]
fn mark_billable_moves_created_to_billable_once() {
    let mut f = Fixture::new(ProviderType::Msp);
    assert_eq!(f.provider.mark_billable(t0()).unwrap()[0].kind(), "provider_status_changed");
    assert_eq!(f.provider.status(), ProviderStatus::Billable);
    assert!(f.provider.mark_billable(t0()).unwrap().is_empty());
}

#[test]
fn settings_validate_the_name_and_free_text() {
    assert_eq!(ProviderSettings::new("   ").unwrap_err().code(), "provider_name_blank");
    assert!(ProviderSettings::new(&"n".repeat(50)).is_ok());
    assert_eq!(ProviderSettings::new(&"n".repeat(51)).unwrap_err().code(), "provider_name_too_long");
    let s = ProviderSettings::new("N").unwrap();
    assert_eq!(s.clone().with_business_name(Some(&"b".repeat(257))).unwrap_err().code(), "setting_too_long");
    let s = s.with_business_name(Some("  ")).unwrap().with_billing_phone(Some(" 555 ")).unwrap();
    assert_eq!((s.business_name(), s.billing_phone()), (None, Some("555")));
}

#[test]
fn only_provider_admins_edit_settings() {
    let mut f = Fixture::new(ProviderType::Msp);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    let settings =
        ProviderSettings::new("Renamed").unwrap().with_billing_email(Some(email("bills@x.example")));
    assert_eq!(code(f.provider.update_settings(service, settings.clone(), t0())), "provider_admin_only");
    let events = f.provider.update_settings(f.admin, settings, t0()).unwrap();
    assert_eq!(events[0].kind(), "provider_updated");
    assert_eq!(f.provider.name(), "Renamed");
    assert_eq!(f.provider.settings().billing_email(), Some(&email("bills@x.example")));
}

#[test]
fn a_disabled_provider_denies_every_member_action() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 5);
    let grace = f.invite("grace@x.example", ProviderUserType::ServiceUser);
    f.provider.set_enabled(false, t0()).unwrap();
    let before = f.provider.clone();
    let (p, a) = (&mut f.provider, f.admin);
    let new = mspkit::NewClient {
        name: "Fabrikam".to_owned(),
        owner_email: email("o@fabrikam.example"),
        plan: PlanType::TeamsMonthly,
        seats: 1,
        first_collection: None,
    };
    let results: Vec<(&str, mspkit::Error)> = vec![
        ("invite", p.invite(a, &["x@x.example"], ProviderUserType::ServiceUser, t0()).unwrap_err()),
        ("reinvite", p.reinvite(a, grace, t0()).unwrap_err()),
        ("revoke", p.revoke(a, grace, t0()).unwrap_err()),
        ("change_role", p.change_role(a, grace, ProviderUserType::ProviderAdmin, t0()).unwrap_err()),
        ("remove", p.remove(a, &[grace], t0()).unwrap_err()),
        ("settings", p.update_settings(a, ProviderSettings::new("X").unwrap(), t0()).unwrap_err()),
        ("create_client", p.create_client(a, new, t0()).unwrap_err()),
        ("seats", p.set_client_seats(a, client, 4, t0()).unwrap_err()),
        ("unlink", p.unlink_client(a, client, t0()).unwrap_err()),
        ("delete_client", p.delete_client(a, client, t0()).unwrap_err()),
        ("delete", p.delete(Some(a), t0()).unwrap_err()),
        ("seat_minimum", p.set_seat_minimum(Some(a), PlanType::TeamsMonthly, 10, t0()).unwrap_err()),
    ];
    for (what, err) in results {
        assert_eq!(err.code(), "provider_disabled", "{what}");
    }
    assert_eq!(f.provider, before);
    for action in mspkit::Action::all() {
        let target =
            if action.targets_client() { mspkit::Target::Client(client) } else { mspkit::Target::Provider };
        assert_eq!(
            mspkit::authorize(&f.provider, f.admin, action, target).unwrap_err().code(),
            "provider_disabled"
        );
    }
    // Members keep their membership, and enabling gives the rights back.
    assert_eq!(f.provider.members().len(), 2);
    f.provider.set_enabled(true, t0()).unwrap();
    f.provider.revoke(f.admin, grace, t0()).unwrap();
}

#[test]
fn enabling_an_msp_or_business_unit_toggles_its_clients_but_not_a_resellers() {
    for (kind, plan, follows) in [
        (ProviderType::Msp, PlanType::TeamsMonthly, true),
        (ProviderType::BusinessUnit, PlanType::EnterpriseAnnually, true),
        (ProviderType::Reseller, PlanType::TeamsAnnually, false),
    ] {
        let mut f = Fixture::billable(kind);
        let a = f.client("Contoso", plan, 3);
        let b = f.client("Fabrikam", plan, 3);
        let events = f.provider.set_enabled(false, t0()).unwrap();
        assert!(!f.provider.enabled());
        let kinds: Vec<&str> = events.iter().map(mspkit::Event::kind).collect();
        let enabled: Vec<Option<bool>> = [a, b].iter().map(|id| f.provider.client_enabled(*id)).collect();
        // One event: an MSP's or business unit's clients follow it in the same change.
        assert_eq!(kinds, ["provider_disabled"]);
        assert_eq!(events[0].subject(), Subject::Provider(f.provider.id()));
        assert_eq!(enabled, [Some(!follows), Some(!follows)], "{kind:?}");
        // The clients' own flags are not written: they follow through their provider's.
        assert!(f.provider.clients().iter().all(mspkit::ClientOrganization::enabled));
        // The document says what counts, reads back the same and writes the same again.
        let json = f.provider.to_json().unwrap();
        let document: serde_json::Value = serde_json::from_str(&json).unwrap();
        let written: Vec<bool> =
            document["clients"].as_array().unwrap().iter().map(|c| c["enabled"].as_bool().unwrap()).collect();
        assert_eq!(written, [!follows, !follows], "{kind:?}");
        let read = Provider::from_json(&json).unwrap();
        assert_eq!(read, f.provider);
        assert_eq!(read.to_json().unwrap(), json);
        assert_eq!(read.client_snapshot(a).unwrap().enabled(), !follows);
        assert!(f.provider.set_enabled(false, t0()).unwrap().is_empty(), "disabling twice is a no-op");
        f.provider.set_enabled(true, t0()).unwrap();
        assert!([a, b].iter().all(|id| f.provider.client_enabled(*id) == Some(true)));
        // The provider read back while disabled, enabled, enables its clients too.
        let mut read = read;
        read.set_enabled(true, t0()).unwrap();
        assert_eq!(read, f.provider);
        let sequences: Vec<u64> = events.iter().map(|e| e.sequence).collect();
        assert!(sequences.windows(2).all(|w| w[1] == w[0] + 1));
    }
}

#[test]
fn a_client_disabled_by_its_document_is_enabled_again_with_its_provider_as_before() {
    // Only a document disables one client of an enabled MSP (no command does). Disabling and
    // enabling the provider enables it, as when the provider wrote every client's flag.
    let mut f = Fixture::billable(ProviderType::Msp);
    let a = f.client("Contoso", PlanType::TeamsMonthly, 3);
    let b = f.client("Fabrikam", PlanType::TeamsMonthly, 3);
    let mut document: serde_json::Value = serde_json::from_str(&f.provider.to_json().unwrap()).unwrap();
    document["clients"][0]["enabled"] = serde_json::json!(false);
    let mut p = Provider::from_json(&document.to_string()).unwrap();
    assert_eq!((p.client_enabled(a), p.client_enabled(b)), (Some(false), Some(true)));
    assert!(!p.client(a).unwrap().enabled());
    p.set_enabled(false, t0()).unwrap();
    assert_eq!((p.client_enabled(a), p.client_enabled(b)), (Some(false), Some(false)));
    // Disabled, it reads back equal: the own flag the document can no longer say is set.
    assert_eq!(Provider::from_json(&p.to_json().unwrap()).unwrap(), p);
    p.set_enabled(true, t0()).unwrap();
    assert_eq!((p.client_enabled(a), p.client_enabled(b)), (Some(true), Some(true)));
    assert_eq!(p.client_enabled(mspkit::OrganizationId::new(Uuid::from_u128(77))), None);
    // A reseller's client disabled by its document stays disabled through its provider's changes.
    let mut f = Fixture::billable(ProviderType::Reseller);
    let a = f.client("Contoso", PlanType::TeamsAnnually, 3);
    let mut document: serde_json::Value = serde_json::from_str(&f.provider.to_json().unwrap()).unwrap();
    document["clients"][0]["enabled"] = serde_json::json!(false);
    let mut p = Provider::from_json(&document.to_string()).unwrap();
    p.set_enabled(false, t0()).unwrap();
    p.set_enabled(true, t0()).unwrap();
    assert_eq!(p.client_enabled(a), Some(false));
    assert_eq!(Provider::from_json(&p.to_json().unwrap()).unwrap(), p);
}

#[test]
fn a_provider_with_clients_cannot_be_deleted() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 5);
    let before = f.provider.clone();
    assert_eq!(code(f.provider.delete(Some(f.admin), t0())), "provider_has_clients");
    assert_eq!(f.provider, before);
    f.provider.delete_client(f.admin, client, t0()).unwrap();
    let events = f.provider.delete(Some(f.admin), t0()).unwrap();
    assert_eq!((events[0].kind(), events[0].actor), ("provider_deleted", Actor::Member(f.admin)));
}

#[test]
fn only_a_provider_admin_deletes_a_set_up_provider_and_the_vendor_deletes_a_pending_one() {
    let mut f = Fixture::new(ProviderType::Msp);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    assert_eq!(code(f.provider.delete(Some(service), t0())), "provider_admin_only");
    assert_eq!(code(f.provider.delete(None, t0())), "delete_needs_admin");
    let mut pending = issued(ProviderType::Msp);
    let events = pending.delete(None, t0()).unwrap();
    assert_eq!((events[0].kind(), events[0].actor), ("provider_deleted", Actor::System));
}

#[test]
fn the_first_admin_is_the_person_it_was_issued_to() {
    // A pending provider has no members, so the first admin's address is always free.
    let mut p = issued(ProviderType::BusinessUnit);
    p.set_up(UserId::new(Uuid::from_u128(2)), &Email::new("Ada@Northwind.example").unwrap(), t0()).unwrap();
    assert_eq!(p.members()[0].email().as_str(), ADMIN);
    assert_eq!(p.confirmed_admin_count(), 1);
}

#[test]
fn the_event_log_exports_only_this_providers_events() {
    let mut f = Fixture::new(ProviderType::Msp);
    let events =
        f.provider.invite(f.admin, &["grace@x.example"], ProviderUserType::ServiceUser, t0()).unwrap();
    let csv = f.provider.export_events(f.admin, &events).unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.lines().nth(1).unwrap().contains(",1800,member_invited,"));

    let settings = ProviderSettings::new("Elsewhere").unwrap();
    let (other, foreign) = Provider::issue(
        ProviderId::new(Uuid::from_u128(99)),
        ProviderType::Msp,
        settings,
        email(ADMIN),
        t0(),
    );
    assert_ne!(other.id(), f.provider.id());
    let mixed: Vec<_> = events.iter().chain(&foreign).cloned().collect();
    let err = f.provider.export_events(f.admin, &mixed).unwrap_err();
    assert_eq!(err.code(), "foreign_event");
    assert!(err.to_string().starts_with(&format!("event 1 belongs to provider `{}`", other.id())), "{err}");
    // The permission is checked first: a service user hears that, whatever the events.
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    assert_eq!(code(f.provider.export_events(service, &mixed)), "provider_admin_only");
}
