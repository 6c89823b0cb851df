use std::collections::BTreeSet;

use chrono::TimeZone;

use super::*;
use crate::client::{
    ClientMember, NewClient, OrganizationUserStatus, OrganizationUserType, first_duplicate_member,
};
use crate::event::Event;
use crate::team::ProviderUserType;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn set_up() -> (Provider, ProviderUserId, Vec<Event>) {
    let settings = ProviderSettings::new("Northwind IT")
        .unwrap()
        .with_billing_email(Some(Email::new("billing@x.example").unwrap()));
    let ada = Email::new("ada@x.example").unwrap();
    let (mut p, mut log) =
        Provider::issue(ProviderId::new(Uuid::from_u128(1)), ProviderType::Msp, settings, ada.clone(), now());
    let admin = p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap();
    log.extend(admin.events);
    (p, admin.id, log)
}

#[test]
fn only_resellers_bill_their_clients_one_by_one() {
    // Codes, names and serde forms of the enums are checked for every catalogue enum in
    // `macros.rs`.
    assert!(!ProviderType::Reseller.has_consolidated_billing());
    assert!(ProviderType::Msp.has_consolidated_billing());
    assert!(ProviderType::BusinessUnit.has_consolidated_billing());
}

#[test]
fn allowed_plans_per_kind() {
    let allowed = |kind: ProviderType| -> Vec<u8> {
        PlanType::all().iter().filter(|p| kind.allows_plan(**p)).map(|p| p.code()).collect()
    };
    assert_eq!(allowed(ProviderType::Msp), [17, 19]);
    assert_eq!(allowed(ProviderType::BusinessUnit), [19, 20]);
    let reseller: Vec<u8> = (0..=22).filter(|c| ![0, 1, 7, 22].contains(c)).collect();
    assert_eq!(allowed(ProviderType::Reseller), reseller);
}

#[test]
fn added_plans_land_on_an_allowed_plan_or_are_refused() {
    for kind in [ProviderType::Msp, ProviderType::BusinessUnit, ProviderType::Reseller] {
        for plan in PlanType::all() {
            match kind.plan_for_added(*plan) {
                Some(to) => {
                    assert!(kind.allows_plan(to), "{kind:?} {plan:?} → {to:?}");
                    assert_eq!(to.tier(), plan.tier());
                }
                None => {
                    assert!(!plan.is_business() || kind == ProviderType::BusinessUnit, "{kind:?} {plan:?}");
                }
            }
        }
    }
    assert_eq!(ProviderType::Msp.plan_for_added(PlanType::TeamsAnnually), Some(PlanType::TeamsMonthly));
    assert_eq!(
        ProviderType::Msp.plan_for_added(PlanType::EnterpriseAnnually2019),
        Some(PlanType::EnterpriseMonthly)
    );
    assert_eq!(
        ProviderType::BusinessUnit.plan_for_added(PlanType::EnterpriseAnnually2023),
        Some(PlanType::EnterpriseAnnually)
    );
    assert_eq!(ProviderType::BusinessUnit.plan_for_added(PlanType::TeamsMonthly), None);
    assert_eq!(ProviderType::Reseller.plan_for_added(PlanType::Custom), None);
}

#[test]
fn keep_an_admin_counts_only_confirmed_admins_outside_the_batch() {
    let (mut p, admin, _) = set_up();
    assert!(p.keep_an_admin(&[admin]).is_err());
    p.invite(admin, &["b@x.example"], ProviderUserType::ProviderAdmin, now()).unwrap();
    let invited = p.members()[1].id();
    assert!(p.keep_an_admin(&[invited]).is_ok());
    assert!(p.keep_an_admin(&[admin]).is_err(), "an invited admin is no replacement");
    assert!(p.keep_an_admin(&[admin, admin]).is_err(), "a repeated id counts once");
    assert!(p.keep_an_admin(&[]).is_ok());
}

#[test]
fn a_revoked_member_is_checked_in_the_state_it_is_restored_to() {
    let (mut p, admin, _) = set_up();
    p.invite(admin, &["b@x.example", "c@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
    let (b, c) = (p.members()[1].id(), p.members()[2].id());
    p.accept(b, UserId::new(Uuid::from_u128(3)), &Email::new("b@x.example").unwrap(), None, now()).unwrap();
    p.revoke(admin, b, now()).unwrap();
    p.revoke(admin, c, now()).unwrap();
    assert!(p.check_invariants().is_ok());
    let json: serde_json::Value = serde_json::to_value(&p).unwrap();
    let mut no_user = json.clone();
    no_user["members"][1].as_object_mut().unwrap().remove("user_id");
    assert!(serde_json::from_value::<Provider>(no_user).is_err());
    // An invitation whose time the reference does not send has no known expiry: valid,
    // and never reported expired.
    let mut no_expiry = json.clone();
    no_expiry["members"][2].as_object_mut().unwrap().remove("invitation_expires_at");
    let undated = serde_json::from_value::<Provider>(no_expiry).unwrap();
    assert!(!undated.members()[2].invitation_expired(DateTime::<Utc>::MAX_UTC));
    let mut stray = json;
    stray["members"][0]["status_before_revoke"] = serde_json::json!("invited");
    let record: ProviderRecord = serde_json::from_value(stray).unwrap();
    assert_eq!(Provider::try_from(record).unwrap_err().code(), "invalid_member_record");
}

#[test]
fn a_client_has_each_person_once() {
    let owner = |address: &str| {
        ClientMember::new(
            Email::new(address).unwrap(),
            OrganizationUserType::Owner,
            OrganizationUserStatus::Confirmed,
        )
    };
    let members = [owner("a@x.example"), owner("b@x.example"), owner("A@x.example")];
    assert_eq!(first_duplicate_member(&members).map(Email::as_str), Some("a@x.example"));
    assert_eq!(first_duplicate_member(&members[..2]), None);
}

#[test]
fn new_ids_are_fresh_even_when_the_sequence_went_back() {
    let (mut p, admin, _) = set_up();
    p.invite(admin, &["b@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
    p.last_sequence = 0;
    p.invite(admin, &["c@x.example", "d@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
    let ids: BTreeSet<ProviderUserId> = p.members().iter().map(ProviderUser::id).collect();
    assert_eq!(ids.len(), 4);
    assert!(p.check_invariants().is_ok());
}

#[test]
fn a_client_that_leaves_leaves_every_scope_and_replay_agrees() {
    let (mut p, admin, mut log) = set_up();
    log.extend(p.mark_billable(now()).unwrap());
    log.extend(p.invite(admin, &["su@x.example"], ProviderUserType::ServiceUser, now()).unwrap());
    let su = p.members()[1].id();
    log.extend(
        p.accept(su, UserId::new(Uuid::from_u128(3)), &Email::new("su@x.example").unwrap(), None, now())
            .unwrap(),
    );
    log.extend(p.confirm(admin, su, None, now()).unwrap());
    let mut ids = Vec::new();
    for name in ["One", "Two"] {
        let new = NewClient {
            name: name.to_owned(),
            owner_email: Email::new("o@client.example").unwrap(),
            plan: PlanType::TeamsMonthly,
            seats: 3,
            first_collection: None,
        };
        let created = p.create_client(admin, new, now()).unwrap();
        assert_eq!(p.clients().last().unwrap().id(), created.id);
        ids.push(created.id);
        log.extend(created.events);
    }
    log.extend(p.set_client_scope(admin, su, Some(ids.iter().copied().collect()), now()).unwrap());
    log.extend(p.delete_client(admin, ids[0], now()).unwrap());
    assert_eq!(p.member(su).unwrap().client_scope().unwrap().iter().copied().collect::<Vec<_>>(), [ids[1]]);
    assert_eq!(p.plan_seats(PlanType::TeamsMonthly).assigned_seats, 3);
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<Provider>(&json).unwrap(), p);
    assert_eq!(Provider::replay(&log).unwrap(), p);
    assert_eq!(p.last_sequence(), u64::try_from(log.len()).unwrap());
    let mut stale: serde_json::Value = serde_json::from_str(&json).unwrap();
    stale["members"][1]["client_scope"] = serde_json::json!([ids[0]]);
    let err = serde_json::from_value::<Provider>(stale).unwrap_err().to_string();
    assert!(err.contains("is scoped to"), "{err}");
}
