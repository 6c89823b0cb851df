//! Vault access events (`ProviderOrganization_VaultAccessed`, 1903): the reference's
//! `ProviderService.LogProviderAccessToOrganizationAsync`, which `CollectionsController`
//! calls when a provider user lists a client's collections (`CollectionsControllerTests`,
//! "GetManyWithDetails_ProviderUser_LogsProviderAccess" and "…_NonProviderUser_DoesNotLog…").

use std::collections::BTreeSet;

use mspkit::{Actor, Change, Event, PlanType, ProviderType, ProviderUserType, Subject};

use crate::support::{Fixture, code, hours, t0};

#[test]
fn opening_a_clients_vault_is_an_event_in_the_log_and_the_audit_export() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let contoso = f.client("Contoso", PlanType::TeamsMonthly, 10);
    let fabrikam = f.client("Fabrikam", PlanType::TeamsMonthly, 10);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    let events = f.provider.set_client_scope(f.admin, service, Some(BTreeSet::from([contoso])), t0());
    f.record(events);
    let revised = f.provider.revised_at();
    let later = t0() + hours(3);
    let events = f.provider.record_vault_access(service, contoso, later);
    let events = f.record(events);
    assert_eq!((events[0].kind(), events[0].code()), ("client_vault_accessed", Some(1903)));
    assert_eq!(events[0].subject(), Subject::Client(contoso));
    assert_eq!(events[0].actor, Actor::Member(service));
    assert_eq!(f.provider.revised_at(), revised, "a record: the provider did not change");
    assert_eq!(f.provider.last_sequence(), events[0].sequence);
    // Who may: whoever may administer the client (a service user out of its scope may not, a
    // stranger neither: the reference logs only a provider user of the organization).
    assert_eq!(code(f.provider.record_vault_access(service, fabrikam, later)), "client_out_of_scope");
    let events = f.provider.record_vault_access(f.admin, fabrikam, later);
    f.record(events);
    f.replays().unwrap();
    let csv = f.provider.export_events(f.admin, &f.log).unwrap();
    assert!(csv.contains(",1903,client_vault_accessed,service@x.example,Contoso,"), "{csv}");
    assert!(csv.contains(",1903,client_vault_accessed,ada@northwind.example,Fabrikam,"), "{csv}");
    // The reference's own log names 1903 too.
    let page = mspkit::interop::read_reference_events(
        r#"[{"type": 1903, "date": "2026-11-20T16:45:00Z", "providerId": "00000000-0000-0000-0000-000000000001"}]"#,
    )
    .unwrap();
    assert_eq!(page.events[0].name(), Some("ProviderOrganization_VaultAccessed"));
}

#[test]
fn apply_refuses_a_vault_access_no_member_made() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let contoso = f.client("Contoso", PlanType::TeamsMonthly, 10);
    let forge = |actor| Event {
        provider: f.provider.id(),
        sequence: f.provider.last_sequence() + 1,
        at: t0(),
        actor,
        change: Change::ClientVaultAccessed { client: contoso },
    };
    let before = f.provider.clone();
    let mut p = f.provider.clone();
    assert_eq!(p.apply(&forge(Actor::System)).unwrap_err().code(), "event_mismatch");
    let stranger = mspkit::ProviderUserId::new(mspkit::uuid::Uuid::from_u128(77));
    assert_eq!(p.apply(&forge(Actor::Member(stranger))).unwrap_err().code(), "event_mismatch");
    let gone = Event {
        change: Change::ClientVaultAccessed {
            client: mspkit::OrganizationId::new(mspkit::uuid::Uuid::from_u128(5)),
        },
        ..forge(Actor::Member(f.admin))
    };
    assert_eq!(p.apply(&gone).unwrap_err().code(), "client_not_found");
    assert_eq!(p, before);
    p.apply(&forge(Actor::Member(f.admin))).unwrap();
}
