//! Addable organizations (`ProviderBillingService.GetAddableOrganizations`,
//! `Organization_ReadAddableToProviderByUserId`; `ProviderClientsControllerTests`), a business
//! unit's plan change (`ProviderBillingServiceTests`, "ChangePlan_…"), the business-unit
//! conversion (`BusinessUnitConverterTests`), the Secrets Manager guard and the 2020 plans of
//! providers created before 2023-11-06 (`ProviderServiceTests`, "AddOrganization_…").

use chrono::{TimeZone, Utc};
use mspkit::{
    Change, ClientMember, Email, ExistingOrganization, OrganizationId, OrganizationUserStatus,
    OrganizationUserType, PlanType, Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserType,
    UserId,
};

use crate::support::{ADMIN, BILLING, Fixture, code, email, existing, t0};

fn owned_by(id: u128, owner: &str, plan: PlanType, seats: u32) -> ExistingOrganization {
    ExistingOrganization { name: format!("Org {id}"), ..existing(id, owner, plan, seats) }
}

// GetAddableOrganizations: the viewer's own organizations the query offers, active ones only,
// named by tier for an MSP; a service user's are disabled when adding would buy seats.
#[test]
fn addable_organizations_follow_the_reference_query() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
    let events = f.provider.set_seat_minimum(None, PlanType::TeamsMonthly, 10, t0());
    f.record(events);
    let mine = |id, plan, seats| owned_by(id, "service@x.example", plan, seats);
    let candidates = vec![
        mine(1, PlanType::TeamsAnnually2023, 5), // fits the 10 unassigned seats
        mine(2, PlanType::TeamsMonthly, 20),     // would buy 10 seats
        mine(3, PlanType::EnterpriseAnnually, 3), // Enterprise: no minimum, a purchase
        mine(4, PlanType::FamiliesAnnually, 3),  // not offered to an MSP
        mine(5, PlanType::TeamsStarter, 3),      // not offered to an MSP
        ExistingOrganization { uses_secrets_manager: true, ..mine(6, PlanType::TeamsMonthly, 2) },
        ExistingOrganization { linked_to_provider: true, ..mine(7, PlanType::TeamsMonthly, 2) },
        ExistingOrganization { subscription_active: false, ..mine(8, PlanType::TeamsMonthly, 2) },
        ExistingOrganization { seats: 0, ..mine(9, PlanType::TeamsMonthly, 2) },
        owned_by(10, "someone@else.example", PlanType::TeamsMonthly, 2), // not the viewer's
    ];
    let listed = f.provider.addable_organizations(service, &candidates).unwrap();
    let seen: Vec<(u128, &str, bool)> =
        listed.iter().map(|a| (a.id.uuid().as_u128(), a.plan.as_str(), a.disabled)).collect();
    assert_eq!(seen, [(1, "Teams", false), (2, "Teams", true), (3, "Enterprise", true)]);
    // A provider admin is never disabled (the reference sets it for service users only).
    let mut admin_candidates = candidates.clone();
    for c in &mut admin_candidates {
        for m in &mut c.members {
            *m = ClientMember::new(email(ADMIN), m.role, m.status);
        }
    }
    let listed = f.provider.addable_organizations(f.admin, &admin_candidates).unwrap();
    assert!(listed.iter().all(|a| !a.disabled) && listed.len() == 4, "{listed:?}");
    // Strangers and members not yet confirmed are refused.
    let stranger = mspkit::ProviderUserId::new(mspkit::uuid::Uuid::from_u128(404));
    assert_eq!(code(f.provider.addable_organizations(stranger, &candidates)), "member_not_found");
    let invited = f.invite("new@x.example", ProviderUserType::ServiceUser);
    assert_eq!(code(f.provider.addable_organizations(invited, &candidates)), "member_not_confirmed");
    // A business unit is offered Enterprise organizations, named by their plan.
    let bu = Fixture::billable(ProviderType::BusinessUnit);
    let listed = bu
        .provider
        .addable_organizations(
            bu.admin,
            &[
                owned_by(1, ADMIN, PlanType::EnterpriseAnnually, 3),
                owned_by(2, ADMIN, PlanType::TeamsMonthly, 3),
            ],
        )
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].plan, "Enterprise (Annually)");
}

// ProviderServiceTests "AddOrganization_OrganizationHasSecretsManager_Throws".
#[test]
fn an_organization_with_secrets_manager_is_not_added() {
    let mut f = Fixture::billable(ProviderType::Msp);
    let org = ExistingOrganization {
        uses_secrets_manager: true,
        ..existing(5, ADMIN, PlanType::EnterpriseMonthly, 3)
    };
    let before = f.provider.clone();
    assert_eq!(code(f.provider.add_existing_client(f.admin, org, t0())), "organization_uses_secrets_manager");
    assert_eq!(f.provider, before);
}

// ProviderServiceTests "AddOrganization_CreateBeforeNov62023_PlanTypeUpdated" and
// "…_CreateAfterNov62023_PlanTypeDoesNotUpdated".
#[test]
fn a_provider_created_before_2023_11_06_adds_on_the_2020_plan() {
    let made = |at| {
        let settings = ProviderSettings::new("Old MSP").unwrap().with_billing_email(Some(email(BILLING)));
        let (mut p, _) = Provider::issue(
            ProviderId::new(mspkit::uuid::Uuid::from_u128(9)),
            ProviderType::Msp,
            settings,
            email(ADMIN),
            at,
        );
        let admin = p.set_up(UserId::new(mspkit::uuid::Uuid::from_u128(2)), &email(ADMIN), at).unwrap().id;
        p.mark_billable(at).unwrap();
        (p, admin)
    };
    let before = Utc.with_ymd_and_hms(2023, 11, 5, 12, 0, 0).unwrap();
    let (mut old, admin) = made(before);
    assert!(old.legacy_pricing());
    old.add_existing_client(admin, existing(5, ADMIN, PlanType::EnterpriseMonthly, 3), t0()).unwrap();
    assert_eq!(old.clients()[0].plan(), PlanType::EnterpriseMonthly2020);
    // The document reads back (a 2020 plan fits a provider with legacy pricing).
    assert_eq!(Provider::from_json(&old.to_json().unwrap()).unwrap(), old);
    let on_the_day = Utc.with_ymd_and_hms(2023, 11, 6, 0, 0, 0).unwrap();
    let (mut new, admin) = made(on_the_day);
    assert!(!new.legacy_pricing());
    new.add_existing_client(admin, existing(5, ADMIN, PlanType::EnterpriseMonthly, 3), t0()).unwrap();
    assert_eq!(new.clients()[0].plan(), PlanType::EnterpriseMonthly);
}

// ProviderBillingServiceTests "ChangePlan_SameProviderPlan_DoesNothing" and
// "ChangePlan_UpdatesSubscriptionCorrectly": a business unit's plan moves from Enterprise
// annually to monthly, its organizations and its seat minimum with it.
#[test]
fn a_business_unit_changes_its_plan() {
    let mut f = Fixture::billable(ProviderType::BusinessUnit);
    let events = f.provider.set_seat_minimum(None, PlanType::EnterpriseAnnually, 8, t0());
    f.record(events);
    let a = f.client("Alpha", PlanType::EnterpriseAnnually, 6);
    let b = f.client("Beta", PlanType::EnterpriseAnnually, 4);
    assert!(
        f.provider
            .change_plan(None, PlanType::EnterpriseAnnually, PlanType::EnterpriseAnnually, t0())
            .unwrap()
            .is_empty()
    );
    let events =
        f.provider.change_plan(None, PlanType::EnterpriseAnnually, PlanType::EnterpriseMonthly, t0());
    let events = f.record(events);
    assert_eq!(events[0].kind(), "plan_changed");
    assert_eq!(
        events[0].change,
        Change::PlanChanged {
            from: PlanType::EnterpriseAnnually,
            to: PlanType::EnterpriseMonthly,
            clients: vec![a, b]
        }
    );
    for id in [a, b] {
        assert_eq!(f.provider.client(id).unwrap().plan(), PlanType::EnterpriseMonthly);
    }
    assert_eq!(f.provider.seat_minimum(PlanType::EnterpriseMonthly), 8);
    assert_eq!(f.provider.seat_minimum(PlanType::EnterpriseAnnually), 0);
    assert_eq!(f.provider.plan_seats(PlanType::EnterpriseMonthly).assigned_seats, 10);
    assert_eq!(f.provider.plan_seats(PlanType::EnterpriseAnnually).assigned_seats, 0);
    f.replays().unwrap();
    // The rules: a business unit only; a plan it bills; a plan of its kind.
    assert_eq!(
        code(f.provider.change_plan(None, PlanType::EnterpriseAnnually, PlanType::EnterpriseMonthly, t0())),
        "plan_not_billed"
    );
    assert_eq!(
        code(f.provider.change_plan(None, PlanType::EnterpriseMonthly, PlanType::TeamsMonthly, t0())),
        "plan_not_allowed"
    );
    let mut msp = Fixture::billable(ProviderType::Msp);
    assert_eq!(
        code(msp.provider.change_plan(None, PlanType::TeamsMonthly, PlanType::EnterpriseMonthly, t0())),
        "plan_change_not_supported"
    );
    // A forged change that leaves a client behind is refused.
    let forged = mspkit::Event {
        provider: f.provider.id(),
        sequence: f.provider.last_sequence() + 1,
        at: t0(),
        actor: mspkit::Actor::System,
        change: Change::PlanChanged {
            from: PlanType::EnterpriseMonthly,
            to: PlanType::EnterpriseAnnually,
            clients: vec![a],
        },
    };
    assert_eq!(f.provider.clone().apply(&forged).unwrap_err().code(), "event_mismatch");
    let _ = msp.record(Ok(Vec::new()));
}

// BusinessUnitConverterTests "InitiateConversion_ValidationFails_ReturnsErrors",
// "…_OrganizationUsesSecretsManager_ReturnsError" and "FinalizeConversion_Succeeds_…": every
// problem is named; a valid organization becomes the managed client of a billable business unit
// whose first admin is the converting member, on Enterprise by its cadence.
#[test]
fn an_organization_becomes_a_business_unit() {
    let admin_email = email("it@tailspin.example");
    let member = |status| ClientMember::new(admin_email.clone(), OrganizationUserType::Admin, status);
    let org = |plan, status| ExistingOrganization {
        members: vec![
            ClientMember::new(
                email("owner@tailspin.example"),
                OrganizationUserType::Owner,
                OrganizationUserStatus::Confirmed,
            ),
            member(status),
        ],
        ..existing(42, "owner@tailspin.example", plan, 25)
    };
    let id = ProviderId::new(mspkit::uuid::Uuid::from_u128(500));
    let user = UserId::new(mspkit::uuid::Uuid::from_u128(501));
    let bad = ExistingOrganization {
        uses_secrets_manager: true,
        subscription_active: false,
        linked_to_provider: true,
        ..org(PlanType::TeamsMonthly, OrganizationUserStatus::Invited)
    };
    let err = Provider::convert_to_business_unit(id, &bad, user, &admin_email, t0()).unwrap_err();
    assert_eq!(err.code(), "business_unit_conversion_refused");
    let mspkit::Error::Client(mspkit::ClientError::ConversionRefused { problems, .. }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 5, "{problems:?}");
    let good = org(PlanType::EnterpriseAnnually2023, OrganizationUserStatus::Confirmed);
    let (bu, log) = Provider::convert_to_business_unit(id, &good, user, &admin_email, t0()).unwrap();
    assert_eq!(bu.kind(), ProviderType::BusinessUnit);
    assert_eq!(bu.status(), mspkit::ProviderStatus::Billable);
    assert!(bu.settings().use_events());
    assert_eq!(bu.name(), "Tailspin");
    let admin = bu.member_by_email(&admin_email).unwrap();
    assert!(admin.is_confirmed_admin());
    let client = bu.client(OrganizationId::new(mspkit::uuid::Uuid::from_u128(42))).unwrap();
    assert_eq!(client.plan(), PlanType::EnterpriseAnnually);
    assert!(client.managed());
    assert_eq!(bu.seat_minimum(PlanType::EnterpriseAnnually), 0);
    assert_eq!(bu.plan_seats(PlanType::EnterpriseAnnually).purchased_seats, 25);
    let kinds: Vec<&str> = log.iter().map(mspkit::Event::kind).collect();
    assert_eq!(kinds, ["provider_issued", "provider_set_up", "provider_status_changed", "client_added"]);
    assert_eq!(&Provider::replay(&log).unwrap(), &bu);
    let monthly = org(PlanType::EnterpriseMonthly2019, OrganizationUserStatus::Confirmed);
    let (bu, _) = Provider::convert_to_business_unit(id, &monthly, user, &admin_email, t0()).unwrap();
    assert_eq!(bu.clients()[0].plan(), PlanType::EnterpriseMonthly);
    let _: &Email = &admin_email;
}
