//! Client organizations: plans per provider kind, seats, adding existing organizations,
//! unlinking, deleting, and the events they return.

use mspkit::{
    ClientMember, NewClient, OrganizationUserStatus, OrganizationUserType, PlanType, ProviderSettings,
    ProviderType, ProviderUserType, Subject,
};

use crate::support::{ADMIN, Fixture, code, codes, email, existing, t0};

fn new_client(plan: PlanType, seats: u32) -> NewClient {
    NewClient {
        name: "Contoso".to_owned(),
        owner_email: email("owner@contoso.example"),
        plan,
        seats,
        first_collection: None,
    }
}

fn member(address: &str, role: OrganizationUserType, status: OrganizationUserStatus) -> ClientMember {
    ClientMember::new(email(address), role, status)
}

#[test]
fn each_kind_of_provider_creates_clients_only_on_its_plans() {
    let allowed = |kind| -> Vec<u8> {
        match kind {
            ProviderType::Msp => vec![17, 19],
            ProviderType::BusinessUnit => vec![19, 20],
            // Everything but Free (0) and the Families plans (1, 7, 22).
            ProviderType::Reseller => (0..=22).filter(|c| ![0, 1, 7, 22].contains(c)).collect(),
        }
    };
    for kind in [ProviderType::Msp, ProviderType::BusinessUnit, ProviderType::Reseller] {
        let mut f = Fixture::billable(kind);
        let mut created = Vec::new();
        for plan in PlanType::all() {
            assert_eq!(kind.allows_plan(*plan), allowed(kind).contains(&plan.code()), "{kind:?} {plan:?}");
            let before = f.provider.clone();
            match f.provider.create_client(f.admin, new_client(*plan, 3), t0()) {
                Ok(client) => {
                    assert_eq!(codes(&client.events), [Some(1900)]);
                    created.push(plan.code());
                }
                Err(e) => {
                    assert_eq!(e.code(), "plan_not_allowed");
                    assert_eq!(f.provider, before);
                }
            }
        }
        assert_eq!(created, allowed(kind), "{kind:?}");
    }
}

#[test]
fn a_new_client_is_managed_takes_the_billing_email_and_invites_its_owner() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let mut new = new_client(PlanType::EnterpriseMonthly, 10);
    new.first_collection = Some("  Shared  ".to_owned());
    new.name = "  Contoso  ".to_owned();
    let created = f.provider.create_client(f.admin, new, t0()).unwrap();
    let c = &f.provider.clients()[0];
    assert_eq!(created.id, c.id());
    assert_eq!(created.events[0].subject(), Subject::Client(c.id()));
    assert_eq!((c.name(), c.managed(), c.enabled(), c.seats()), ("Contoso", true, true, 10));
    assert_eq!(c.first_collection(), Some("Shared"));
    assert_eq!(c.billing_email(), Some(&email(crate::support::BILLING)));
    assert_eq!(
        c.members(),
        [member("owner@contoso.example", OrganizationUserType::Owner, OrganizationUserStatus::Invited)]
    );
    assert_eq!(c.occupied_seats(), 1);
    let settings = ProviderSettings::new("Northwind IT")
        .unwrap()
        .with_billing_email(Some(email("bills@northwind.example")));
    f.provider.update_settings(f.admin, settings, t0()).unwrap();
    let mut other = new_client(PlanType::TeamsMonthly, 1);
    other.name = "Fabrikam".to_owned();
    f.provider.create_client(f.admin, other, t0()).unwrap();
    assert_eq!(f.provider.clients()[1].billing_email(), Some(&email("bills@northwind.example")));
}

#[test]
fn a_provider_without_a_billing_email_creates_no_client() {
    for kind in [ProviderType::Msp, ProviderType::Reseller] {
        let mut f = Fixture::billable(kind);
        f.provider.update_settings(f.admin, ProviderSettings::new("Northwind IT").unwrap(), t0()).unwrap();
        let plan = if kind == ProviderType::Msp { PlanType::TeamsMonthly } else { PlanType::TeamsAnnually };
        let before = f.provider.clone();
        assert_eq!(
            code(f.provider.create_client(f.admin, new_client(plan, 1), t0())),
            "billing_email_missing"
        );
        assert_eq!(f.provider, before);
        // An existing organization brings its own billing email, so it may still be added.
        f.provider
            .add_existing_client(f.admin, existing(62, ADMIN, PlanType::EnterpriseMonthly, 3), t0())
            .unwrap();
        assert_eq!(f.provider.clients()[0].billing_email(), Some(&email("billing@tailspin.example")));
    }
}

#[test]
fn client_names_need_one_to_fifty_characters() {
    let mut f = Fixture::billable(ProviderType::Msp);
    for name in ["   ", &"n".repeat(51)] {
        let mut new = new_client(PlanType::TeamsMonthly, 1);
        new.name = name.to_owned();
        assert_eq!(code(f.provider.create_client(f.admin, new, t0())), "client_name_invalid");
    }
    let mut new = new_client(PlanType::TeamsMonthly, 1);
    new.name = "n".repeat(50);
    f.provider.create_client(f.admin, new, t0()).unwrap();
}

#[test]
fn consolidated_billing_needs_a_billable_provider_but_a_reseller_does_not() {
    let mut f = Fixture::new(ProviderType::Msp);
    assert_eq!(
        code(f.provider.create_client(f.admin, new_client(PlanType::TeamsMonthly, 1), t0())),
        "provider_not_billable"
    );
    let org = existing(50, ADMIN, PlanType::TeamsMonthly, 1);
    assert_eq!(code(f.provider.add_existing_client(f.admin, org, t0())), "provider_not_billable");
    let mut r = Fixture::new(ProviderType::Reseller);
    r.provider.create_client(r.admin, new_client(PlanType::TeamsAnnually, 1), t0()).unwrap();
    assert_eq!(
        code(r.provider.set_seat_minimum(Some(r.admin), PlanType::TeamsAnnually, 5, t0())),
        "no_consolidated_billing"
    );
}

#[test]
fn service_users_neither_create_nor_add_clients() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    assert_eq!(
        code(f.provider.create_client(service, new_client(PlanType::TeamsMonthly, 1), t0())),
        "provider_admin_only"
    );
    let org = existing(50, "service@x.example", PlanType::TeamsMonthly, 1);
    assert_eq!(code(f.provider.add_existing_client(service, org, t0())), "provider_admin_only");
}

#[test]
fn seats_are_never_zero_nor_below_occupied() {
    let mut f = Fixture::billable(ProviderType::Msp);
    assert_eq!(
        code(f.provider.create_client(f.admin, new_client(PlanType::TeamsMonthly, 0), t0())),
        "seats_zero"
    );
    let client = f.client("Contoso", PlanType::TeamsMonthly, 3);
    for address in ["a@contoso.example", "b@contoso.example"] {
        let m = member(address, OrganizationUserType::User, OrganizationUserStatus::Confirmed);
        f.provider.add_client_member(f.admin, client, m, t0()).unwrap();
    }
    let before = f.provider.clone();
    assert_eq!(code(f.provider.set_client_seats(f.admin, client, 0, t0())), "seats_zero");
    let err = f.provider.set_client_seats(f.admin, client, 2, t0()).unwrap_err();
    assert_eq!(err.code(), "seats_below_occupied");
    assert_eq!(
        err,
        mspkit::Error::Client(mspkit::ClientError::SeatsBelowOccupied { client, requested: 2, occupied: 3 })
    );
    assert_eq!(f.provider, before);
    // The same count again is a no-op without events.
    assert!(f.provider.set_client_seats(f.admin, client, 3, t0()).unwrap().is_empty());
    // Removing a client member frees its seat.
    f.provider.remove_client_member(f.admin, client, &email("b@contoso.example"), t0()).unwrap();
    let events = f.provider.set_client_seats(f.admin, client, 2, t0()).unwrap();
    assert_eq!((events[0].kind(), events[0].code()), ("client_seats_changed", None));
}

#[test]
fn a_full_client_refuses_new_members_but_not_revoked_ones() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 1);
    assert!(f.provider.warnings(t0()).iter().any(|w| w.code() == "client_full"));
    let before = f.provider.clone();
    let m = member("a@contoso.example", OrganizationUserType::User, OrganizationUserStatus::Invited);
    let err = f.provider.add_client_member(f.admin, client, m, t0()).unwrap_err();
    assert_eq!(err.code(), "no_free_seats");
    assert_eq!(f.provider, before);
    let revoked = member("r@contoso.example", OrganizationUserType::User, OrganizationUserStatus::Revoked);
    f.provider.add_client_member(f.admin, client, revoked, t0()).unwrap();
    let twice = member("R@contoso.example", OrganizationUserType::Admin, OrganizationUserStatus::Revoked);
    assert_eq!(code(f.provider.add_client_member(f.admin, client, twice, t0())), "client_member_exists");
    assert_eq!(
        code(f.provider.remove_client_member(f.admin, client, &email("x@contoso.example"), t0())),
        "client_member_not_found"
    );
}

#[test]
fn one_client_member_is_read_by_its_email() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 5);
    let m = member("Pat@Contoso.example", OrganizationUserType::User, OrganizationUserStatus::Confirmed);
    f.provider.add_client_member(f.admin, client, m.clone(), t0()).unwrap();
    let organization = f.provider.client(client).unwrap();
    assert_eq!(organization.member(&email("pat@contoso.example")), Some(&m));
    assert_eq!(organization.member(&email("nobody@contoso.example")), None);
}

/// A provider with a Teams Monthly minimum of 10 and one client holding 4 seats.
fn with_minimum() -> (Fixture, mspkit::OrganizationId) {
    let mut f = Fixture::billable(ProviderType::Msp);
    let events = f.provider.set_seat_minimum(Some(f.admin), PlanType::TeamsMonthly, 10, t0()).unwrap();
    assert_eq!(events[0].kind(), "seat_minimum_changed");
    let client = f.client("Contoso", PlanType::TeamsMonthly, 4);
    (f, client)
}

#[test]
fn a_purchase_is_a_change_that_ends_above_the_minimum_and_above_where_it_was() {
    let (mut f, client) = with_minimum();
    let plan = PlanType::TeamsMonthly;
    let seats = f.provider.plan_seats(plan);
    assert_eq!((seats.assigned_seats, seats.unassigned_seats, seats.purchased_seats), (4, 6, 0));
    // below → below, below → exactly the minimum, below → above.
    assert!(!f.provider.is_purchase(plan, 4, 8));
    assert!(!f.provider.is_purchase(plan, 4, 10));
    assert!(f.provider.is_purchase(plan, 4, 11));
    f.provider.set_client_seats(f.admin, client, 12, t0()).unwrap();
    assert_eq!(f.provider.plan_seats(plan).purchased_seats, 2);
    // above → above: an increase buys, a decrease does not; above → below never buys.
    assert!(f.provider.is_purchase(plan, 12, 14));
    assert!(!f.provider.is_purchase(plan, 12, 11));
    assert!(!f.provider.is_purchase(plan, 12, 6));
    assert!(!f.provider.is_purchase(plan, 12, 12));
}

#[test]
fn a_service_user_changes_seats_only_within_the_unassigned_seats() {
    let (mut f, client) = with_minimum();
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    // below → below
    f.provider.set_client_seats(service, client, 10, t0()).unwrap();
    // below → above
    let before = f.provider.clone();
    assert_eq!(code(f.provider.set_client_seats(service, client, 11, t0())), "purchase_requires_admin");
    assert_eq!(f.provider, before);
    f.provider.set_client_seats(f.admin, client, 14, t0()).unwrap();
    // above → above: a reduction is allowed, an increase is not.
    f.provider.set_client_seats(service, client, 13, t0()).unwrap();
    assert_eq!(code(f.provider.set_client_seats(service, client, 14, t0())), "purchase_requires_admin");
    // above → below
    f.provider.set_client_seats(service, client, 3, t0()).unwrap();
    assert_eq!(f.provider.client(client).unwrap().seats(), 3);
}

#[test]
fn a_seat_minimum_exists_only_for_the_providers_plans() {
    let mut f = Fixture::billable(ProviderType::Msp);
    assert_eq!(code(f.provider.set_seat_minimum(None, PlanType::TeamsAnnually, 5, t0())), "plan_not_allowed");
    let events = f.provider.set_seat_minimum(None, PlanType::EnterpriseMonthly, 5, t0()).unwrap();
    assert_eq!(events[0].actor, mspkit::Actor::System);
    assert!(f.provider.set_seat_minimum(None, PlanType::EnterpriseMonthly, 5, t0()).unwrap().is_empty());
    assert_eq!(f.provider.seat_minimum(PlanType::EnterpriseMonthly), 5);
}

#[test]
fn adding_an_existing_organization_checks_owner_link_and_subscription() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let cases = [
        (existing(50, "someone@else.example", PlanType::TeamsMonthly, 2), "not_organization_owner"),
        (
            {
                let mut o = existing(51, ADMIN, PlanType::TeamsMonthly, 2);
                o.members[0].status = OrganizationUserStatus::Accepted;
                o
            },
            "not_organization_owner",
        ),
        (
            {
                let mut o = existing(52, ADMIN, PlanType::TeamsMonthly, 2);
                o.linked_to_provider = true;
                o
            },
            "organization_already_linked",
        ),
        (
            {
                let mut o = existing(53, ADMIN, PlanType::TeamsMonthly, 2);
                o.subscription_active = false;
                o
            },
            "subscription_inactive",
        ),
        (existing(54, ADMIN, PlanType::FamiliesAnnually, 2), "plan_not_allowed"),
        (existing(55, ADMIN, PlanType::TeamsStarter, 2), "plan_not_allowed"),
        (existing(56, ADMIN, PlanType::TeamsMonthly, 0), "seats_zero"),
    ];
    let before = f.provider.clone();
    for (org, expected) in cases {
        assert_eq!(code(f.provider.add_existing_client(f.admin, org.clone(), t0())), expected, "{org:?}");
        assert_eq!(f.provider, before);
    }
    let org = existing(57, ADMIN, PlanType::TeamsMonthly, 2);
    f.provider.add_existing_client(f.admin, org.clone(), t0()).unwrap();
    assert_eq!(code(f.provider.add_existing_client(f.admin, org, t0())), "organization_already_linked");
}

#[test]
fn an_added_organization_moves_to_the_providers_plan_and_counts_its_seats_once() {
    for (kind, from, to) in [
        (ProviderType::Msp, PlanType::TeamsAnnually, Some(PlanType::TeamsMonthly)),
        (ProviderType::Msp, PlanType::TeamsMonthly2019, Some(PlanType::TeamsMonthly)),
        (ProviderType::Msp, PlanType::EnterpriseAnnually2020, Some(PlanType::EnterpriseMonthly)),
        (ProviderType::BusinessUnit, PlanType::EnterpriseAnnually2019, Some(PlanType::EnterpriseAnnually)),
        (ProviderType::BusinessUnit, PlanType::EnterpriseMonthly2023, Some(PlanType::EnterpriseMonthly)),
        (ProviderType::BusinessUnit, PlanType::TeamsMonthly, None),
        (ProviderType::Reseller, PlanType::TeamsAnnually2020, Some(PlanType::TeamsAnnually2020)),
        (ProviderType::Reseller, PlanType::Free, None),
        (ProviderType::Reseller, PlanType::Custom, None),
    ] {
        assert_eq!(kind.plan_for_added(from), to, "{kind:?} {from:?}");
        let mut f = Fixture::billable(kind);
        let result = f.provider.add_existing_client(f.admin, existing(60, ADMIN, from, 7), t0());
        match to {
            Some(plan) => {
                let events = result.unwrap();
                assert_eq!(codes(&events), [Some(1901)]);
                let c = &f.provider.clients()[0];
                // Managed like a created client under consolidated billing: the reference's
                // ProviderBillingService.AddExistingOrganization sets the status Managed
                // (ProviderBillingServiceTests.AddExistingOrganization_ContinuesEntireFlow_...).
                assert_eq!((c.plan(), c.managed()), (plan, kind.has_consolidated_billing()));
                let written = mspkit::interop::write_reference(&f.provider);
                let status = written.clients.first().map(|c| c.status);
                assert_eq!(status, Some(Some(if kind.has_consolidated_billing() { 2 } else { 1 })));
                assert_eq!(f.provider.plan_seats(plan).assigned_seats, 7);
                assert!(kind.allows_plan(plan));
            }
            None => assert_eq!(result.unwrap_err().code(), "plan_not_allowed"),
        }
    }
}

#[test]
fn an_added_organization_takes_the_billing_email_only_under_consolidated_billing() {
    for (kind, expected) in
        [(ProviderType::Msp, "bills@northwind.example"), (ProviderType::Reseller, "billing@tailspin.example")]
    {
        let mut f = Fixture::billable(kind);
        let settings =
            ProviderSettings::new("N").unwrap().with_billing_email(Some(email("bills@northwind.example")));
        f.provider.update_settings(f.admin, settings, t0()).unwrap();
        f.provider
            .add_existing_client(f.admin, existing(61, ADMIN, PlanType::EnterpriseMonthly, 3), t0())
            .unwrap();
        assert_eq!(f.provider.clients()[0].billing_email().unwrap().as_str(), expected, "{kind:?}");
    }
}

#[test]
fn unlinking_needs_a_confirmed_owner_outside_the_provider() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 10);
    // The created client's owner is only invited.
    assert_eq!(code(f.provider.unlink_client(f.admin, client, t0())), "no_confirmed_owner");
    // A provider member who owns the client does not count.
    let m = member("SERVICE@x.example", OrganizationUserType::Owner, OrganizationUserStatus::Confirmed);
    f.provider.add_client_member(f.admin, client, m, t0()).unwrap();
    let admin_owner = member(ADMIN, OrganizationUserType::Owner, OrganizationUserStatus::Confirmed);
    f.provider.add_client_member(f.admin, client, admin_owner, t0()).unwrap();
    let confirmed_admin =
        member("boss@contoso.example", OrganizationUserType::Admin, OrganizationUserStatus::Confirmed);
    f.provider.add_client_member(f.admin, client, confirmed_admin, t0()).unwrap();
    let before = f.provider.clone();
    assert_eq!(code(f.provider.unlink_client(f.admin, client, t0())), "no_confirmed_owner");
    assert_eq!(code(f.provider.unlink_client(service, client, t0())), "provider_admin_only");
    assert_eq!(f.provider, before);
    for address in ["zed@contoso.example", "Amy@contoso.example", "bob@contoso.example"] {
        let owner = member(address, OrganizationUserType::Owner, OrganizationUserStatus::Confirmed);
        f.provider.add_client_member(f.admin, client, owner, t0()).unwrap();
    }
    let (unlinked, events) = f.provider.unlink_client(f.admin, client, t0()).unwrap();
    assert_eq!(codes(&events), [Some(1902)]);
    assert_eq!(events[0].kind(), "client_unlinked");
    assert_eq!(unlinked.billing_email().unwrap().as_str(), "amy@contoso.example");
    assert!(!unlinked.managed());
    assert!(f.provider.client(client).is_none());
    assert_eq!(f.provider.plan_seats(PlanType::TeamsMonthly).assigned_seats, 0);
}

#[test]
fn deleting_a_client_is_for_provider_admins_and_returns_1902() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 10);
    assert_eq!(code(f.provider.delete_client(service, client, t0())), "provider_admin_only");
    let events = f.provider.delete_client(f.admin, client, t0()).unwrap();
    assert_eq!((events[0].kind(), events[0].code()), ("client_deleted", Some(1902)));
    // a client that is gone is not found, for the admin and the service user alike: the
    // question of permission is not asked about a client that does not exist
    assert_eq!(code(f.provider.delete_client(f.admin, client, t0())), "client_not_found");
    assert_eq!(code(f.provider.delete_client(service, client, t0())), "client_not_found");
    assert_eq!(code(f.provider.set_client_seats(service, client, 3, t0())), "client_not_found");
}

#[test]
fn event_sequences_increase_across_commands() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let mut all = Vec::new();
    all.extend(
        f.provider
            .invite(f.admin, &["a@x.example", "b@x.example"], ProviderUserType::ServiceUser, t0())
            .unwrap(),
    );
    all.extend(
        f.provider.create_client(f.admin, new_client(PlanType::TeamsMonthly, 2), t0()).unwrap().events,
    );
    all.extend(f.provider.set_enabled(false, t0()).unwrap());
    let sequences: Vec<u64> = all.iter().map(|e| e.sequence).collect();
    let first = sequences[0];
    assert_eq!(sequences, (first..first + all.len() as u64).collect::<Vec<_>>());
    assert_eq!(f.provider.last_sequence(), *sequences.last().unwrap());
    assert!(all.iter().all(|e| e.provider == f.provider.id() && e.at == t0()));
}

#[test]
fn an_existing_organization_lists_each_person_once() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let mut org = existing(70, ADMIN, PlanType::TeamsMonthly, 5);
    org.members.push(member(
        "x@tailspin.example",
        OrganizationUserType::User,
        OrganizationUserStatus::Invited,
    ));
    org.members.push(member(
        "X@tailspin.example",
        OrganizationUserType::Admin,
        OrganizationUserStatus::Confirmed,
    ));
    let before = f.provider.clone();
    assert_eq!(code(f.provider.add_existing_client(f.admin, org, t0())), "client_member_exists");
    assert_eq!(f.provider, before);
}

/// The occupied seats are kept as members come and go (a seat change does not count them): they
/// always equal the members that are not revoked, and a provider read back from its JSON (which
/// counts them afresh) is equal to the live one.
#[test]
fn occupied_seats_follow_members_added_and_removed() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 4);
    let counted = |f: &Fixture| {
        let c = f.provider.client(client).unwrap();
        let listed = u32::try_from(c.members().iter().filter(|m| m.occupies_seat()).count()).unwrap();
        assert_eq!(c.occupied_seats(), listed);
        assert_eq!(mspkit::Provider::from_json(&f.provider.to_json().unwrap()).unwrap(), f.provider);
        c.occupied_seats()
    };
    assert_eq!(counted(&f), 1);
    let steps: [(&str, OrganizationUserStatus); 3] = [
        ("a@contoso.example", OrganizationUserStatus::Confirmed),
        ("r@contoso.example", OrganizationUserStatus::Revoked),
        ("b@contoso.example", OrganizationUserStatus::Invited),
    ];
    for (address, status) in steps {
        f.provider
            .add_client_member(f.admin, client, member(address, OrganizationUserType::User, status), t0())
            .unwrap();
    }
    assert_eq!(counted(&f), 3);
    // Removing a revoked member frees nothing; removing another frees its seat.
    f.provider.remove_client_member(f.admin, client, &email("r@contoso.example"), t0()).unwrap();
    assert_eq!(counted(&f), 3);
    assert_eq!(code(f.provider.set_client_seats(f.admin, client, 2, t0())), "seats_below_occupied");
    f.provider.remove_client_member(f.admin, client, &email("a@contoso.example"), t0()).unwrap();
    assert_eq!(counted(&f), 2);
    f.provider.set_client_seats(f.admin, client, 2, t0()).unwrap();
    let full = member("c@contoso.example", OrganizationUserType::User, OrganizationUserStatus::Invited);
    assert_eq!(code(f.provider.add_client_member(f.admin, client, full, t0())), "no_free_seats");
    assert_eq!(counted(&f), 2);
}

/// The report lists the clients by name without case, then by id: the order of comparing
/// `str::to_lowercase` of the names (the report lowers each name once; ASCII names in place),
/// for ASCII, accented, Greek (a final sigma), dotted-I and sharp-s names, and names that differ
/// only in case.
#[test]
fn the_report_orders_clients_by_lowered_name_then_id() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let names = [
        "beta",
        "Beta",
        "ÉCOLE",
        "école",
        "alpha",
        "ΣΟΦΙΑΣ",
        "σοφιας",
        "Zeta",
        "İstanbul",
        "istanbul",
        "ß",
        "SS",
        "Alpha",
        "alpha",
        "",
        "a b",
        "A-B",
        "Ωmega",
        "ärger",
        "Arger",
        "Quote \"Ltd\" \\ slash / tab",
    ];
    for (i, name) in names.iter().enumerate() {
        let new = NewClient {
            name: if name.is_empty() { format!("client {i}") } else { (*name).to_owned() },
            owner_email: email(&format!("owner{i}@client.example")),
            plan: PlanType::TeamsMonthly,
            seats: 5,
            first_collection: None,
        };
        let created = f.provider.create_client(f.admin, new, t0()).unwrap();
        f.log.extend(created.events);
    }
    let report = mspkit::PortfolioReport::new(&f.provider, t0());
    assert_listed_by_name(&f.provider, &report);
    // the borrowed report writes the same JSON, with tags and a state that is not active too
    let (first, second) = (f.provider.clients()[0].id(), f.provider.clients()[1].id());
    f.provider
        .set_client_tags(f.admin, first, mspkit::client::parse_tags(["vip", "eu"]).unwrap(), t0())
        .unwrap();
    let until = (t0() + mspkit::chrono::Duration::days(3)).date_naive();
    f.provider.set_client_state(f.admin, second, mspkit::ClientState::Trial { until }, t0()).unwrap();
    // a full client and a paused one: their warnings and lines come from the report's one pass
    let (third, fourth) = (f.provider.clients()[2].id(), f.provider.clients()[3].id());
    let occupied = f.provider.clients()[2].occupied_seats().max(1);
    f.provider.set_client_seats(f.admin, third, occupied, t0()).unwrap();
    f.provider.set_client_state(f.admin, fourth, mspkit::ClientState::Paused, t0()).unwrap();
    let report = mspkit::PortfolioReport::new(&f.provider, t0());
    assert!(report.warnings.iter().any(|w| w.code == "client_full"), "{:?}", report.warnings);
    assert!(report.warnings.iter().any(|w| w.code == "trial_ending"), "{:?}", report.warnings);
    let view = mspkit::portfolio::PortfolioReportView::new(&f.provider, t0());
    assert_eq!(view.client_count(), names.len());
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains(r#""tags":["eu","vip"]"#) && json.contains(r#""billed_seats":0"#), "{json}");
    assert_eq!(view.to_json().unwrap(), json);
    assert_eq!(serde_json::to_string_pretty(&view).unwrap(), serde_json::to_string_pretty(&report).unwrap());
    assert_eq!(view.clone().into_report(), report);
    // and the owned report reads back from its JSON (a name is shared text in it)
    assert_eq!(serde_json::from_str::<mspkit::PortfolioReport>(&json).unwrap(), report);
    // past a thousand clients the names are sorted by radix: names that tie in their first
    // bytes, in any case, some not ASCII, come out in the same order and text
    for i in 0..1100 {
        let name = match i % 4 {
            0 => format!("Northwind Traders Branch {}", (i * 7) % 300),
            1 => format!("NORTHWIND traders branch {}", (i * 13) % 300),
            2 => format!("Ärger Holdings {}", i % 50),
            _ => format!("Client {i}"),
        };
        let new = NewClient {
            name,
            owner_email: email(&format!("owner-many{i}@client.example")),
            plan: PlanType::TeamsMonthly,
            seats: 5,
            first_collection: None,
        };
        f.provider.create_client(f.admin, new, t0()).unwrap();
    }
    let report = mspkit::PortfolioReport::new(&f.provider, t0());
    assert_listed_by_name(&f.provider, &report);
    let view = mspkit::portfolio::PortfolioReportView::new(&f.provider, t0());
    assert_eq!(view.to_json().unwrap(), serde_json::to_string(&report).unwrap());
}

/// The report lists the provider's clients by name, case-insensitively, ties by id.
fn assert_listed_by_name(provider: &mspkit::Provider, report: &mspkit::PortfolioReport) {
    let mut expected: Vec<(String, mspkit::OrganizationId)> =
        provider.clients().iter().map(|c| (c.name().to_owned(), c.id())).collect();
    expected.sort_by(|a, b| a.0.to_lowercase().cmp(&b.0.to_lowercase()).then(a.1.cmp(&b.1)));
    let listed: Vec<(String, mspkit::OrganizationId)> =
        report.clients.iter().map(|c| (c.name.to_string(), c.id)).collect();
    assert_eq!(listed, expected);
}
