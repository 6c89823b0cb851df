//! JSON: a provider round-trips, and deserialization cannot build a provider that breaks an
//! invariant.

use std::collections::BTreeSet;

use mspkit::{
    ClientError, ClientMember, ClientOrganization, Error, OrganizationUserStatus, OrganizationUserType,
    PlanType, Provider, ProviderType, ProviderUser, ProviderUserStatus, ProviderUserType,
};
use serde_json::{Value, json};

use crate::support::{Fixture, email, t0};

/// A provider with members in every state, a scoped service user, clients and a seat minimum.
fn rich() -> Provider {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 3);
    f.client("Fabrikam", PlanType::EnterpriseMonthly, 2);
    f.member("invited@x.example", ProviderUserType::ServiceUser, ProviderUserStatus::Invited);
    f.member("accepted@x.example", ProviderUserType::ProviderAdmin, ProviderUserStatus::Accepted);
    f.member("revoked@x.example", ProviderUserType::ProviderAdmin, ProviderUserStatus::Revoked);
    let scoped = f.confirmed("scoped@x.example", ProviderUserType::ServiceUser);
    f.provider.set_client_scope(f.admin, scoped, Some(BTreeSet::from([client])), t0()).unwrap();
    f.provider.set_seat_minimum(None, PlanType::TeamsMonthly, 10, t0()).unwrap();
    let m = ClientMember::new(
        email("a@contoso.example"),
        OrganizationUserType::User,
        OrganizationUserStatus::Confirmed,
    );
    f.provider.add_client_member(f.admin, client, m, t0()).unwrap();
    f.provider
}

fn to_value(p: &Provider) -> Value {
    serde_json::to_value(p).unwrap()
}

/// The error message serde reports when `value` is refused.
fn refused(value: Value) -> String {
    match serde_json::from_value::<Provider>(value) {
        Ok(p) => panic!("an invalid provider was accepted: {p:?}"),
        Err(e) => e.to_string(),
    }
}

fn member_index(value: &Value, address: &str) -> usize {
    value["members"].as_array().unwrap().iter().position(|m| m["email"] == address).unwrap()
}

#[test]
fn a_provider_round_trips_through_json() {
    let p = rich();
    let json = serde_json::to_string_pretty(&p).unwrap();
    let back: Provider = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    // Enums are snake_case strings, not the reference's integer codes.
    let value = to_value(&p);
    assert_eq!(value["kind"], "msp");
    assert_eq!(value["status"], "billable");
    assert_eq!(value["members"][0]["role"], "provider_admin");
    assert_eq!(value["clients"][0]["plan"], "teams_monthly");
}

#[test]
fn a_pending_provider_round_trips_without_a_team() {
    let f = Fixture::new(ProviderType::Reseller);
    let mut value = to_value(&f.provider);
    value["status"] = json!("pending");
    value["members"] = json!([]);
    let back: Provider = serde_json::from_value(value).unwrap();
    assert!(back.members().is_empty());
}

#[test]
fn a_set_up_provider_needs_a_confirmed_admin() {
    let p = rich();
    let admin = member_index(&to_value(&p), crate::support::ADMIN);
    let mut value = to_value(&p);
    value["members"][admin]["status"] = json!("accepted");
    assert!(refused(value).contains("needs at least one confirmed provider admin"));
    let mut value = to_value(&p);
    value["members"][admin]["role"] = json!("service_user");
    assert!(refused(value).contains("needs at least one confirmed provider admin"));
}

#[test]
fn duplicate_members_are_refused() {
    let p = rich();
    let value = to_value(&p);
    let i = member_index(&value, "invited@x.example");
    let mut dup_email = value.clone();
    dup_email["members"][i]["email"] = json!("ACCEPTED@x.example");
    assert!(refused(dup_email).contains("appears twice in the team"));
    let mut dup_id = value.clone();
    dup_id["members"][i]["id"] = value["members"][0]["id"].clone();
    assert!(refused(dup_id).contains("appears twice"));
    let mut dup_client = value.clone();
    dup_client["clients"][1]["id"] = value["clients"][0]["id"].clone();
    assert!(refused(dup_client).contains("appears twice"));
}

#[test]
fn client_invariants_are_checked_with_their_codes() {
    let p = rich();
    let client = p.clients()[0].id();
    let mut below = to_value(&p);
    below["clients"][0]["seats"] = json!(1);
    let expected = Error::Client(ClientError::SeatsBelowOccupied { client, requested: 1, occupied: 2 });
    assert_eq!(expected.code(), "seats_below_occupied");
    assert!(refused(below).contains(&expected.to_string()));
    let mut zero = to_value(&p);
    zero["clients"][0]["seats"] = json!(0);
    assert!(refused(zero).contains(&Error::Client(ClientError::SeatsZero).to_string()));
    let mut plan = to_value(&p);
    plan["clients"][0]["plan"] = json!("teams_annually");
    let expected =
        Error::Client(ClientError::PlanNotAllowed { plan: PlanType::TeamsAnnually, kind: ProviderType::Msp });
    assert!(refused(plan).contains(&expected.to_string()));
    let mut name = to_value(&p);
    name["clients"][0]["name"] = json!("  ");
    assert!(refused(name).contains("must have 1 to 50 characters"));
    let mut minimum = to_value(&p);
    minimum["seat_minimums"] = json!({"teams_annually": 5});
    assert!(refused(minimum).contains("has no seat minimum"));
}

#[test]
fn unknown_fields_are_refused_at_every_level() {
    let p = rich();
    let mut top = to_value(&p);
    top["extra"] = json!(1);
    assert!(refused(top).contains("unknown field `extra`"));
    let mut member = to_value(&p);
    member["members"][0]["is_owner"] = json!(true);
    assert!(refused(member).contains("unknown field `is_owner`"));
    let mut client = to_value(&p);
    client["clients"][0]["autoscale"] = json!(true);
    assert!(refused(client).contains("unknown field `autoscale`"));
    let mut settings = to_value(&p);
    settings["settings"]["colour"] = json!("blue");
    assert!(refused(settings).contains("unknown field `colour`"));
    let mut address = to_value(&p);
    address["settings"]["address"] = json!({"street": "x"});
    assert!(refused(address).contains("unknown field `street`"));
}

#[test]
fn bad_emails_names_and_enum_values_are_refused() {
    let p = rich();
    let mut member = to_value(&p);
    member["members"][1]["email"] = json!("not an email");
    assert!(refused(member).contains("is not a valid email address"));
    let mut billing = to_value(&p);
    billing["settings"]["billing_email"] = json!("nope");
    assert!(refused(billing).contains("`nope` is not a valid email address"));
    let mut name = to_value(&p);
    name["settings"]["name"] = json!("   ");
    assert!(refused(name).contains("the provider name is blank"));
    let mut long = to_value(&p);
    long["settings"]["name"] = json!("n".repeat(51));
    assert!(refused(long).contains("the provider name has 51 characters"));
    let mut code = to_value(&p);
    code["kind"] = json!(0);
    refused(code);
    let mut status = to_value(&p);
    status["members"][0]["status"] = json!("suspended");
    assert!(refused(status).contains("unknown variant `suspended`"));
}

#[test]
fn member_states_must_be_complete() {
    let p = rich();
    let value = to_value(&p);
    let revoked = member_index(&value, "revoked@x.example");
    let invited = member_index(&value, "invited@x.example");
    let accepted = member_index(&value, "accepted@x.example");
    let scoped = member_index(&value, "scoped@x.example");

    let mut v = value.clone();
    v["members"][revoked].as_object_mut().unwrap().remove("status_before_revoke");
    assert!(refused(v).contains("has no status to restore"));
    let mut v = value.clone();
    v["members"][revoked]["status_before_revoke"] = json!("revoked");
    assert!(refused(v).contains("has no status to restore"));
    // An invitation with no expiry is one whose time is unknown (the reference's API sends no
    // member dates): accepted, and never reported expired.
    let mut v = value.clone();
    v["members"][invited].as_object_mut().unwrap().remove("invitation_expires_at");
    let undated: Provider = serde_json::from_value(v).unwrap();
    assert!(!undated.members()[invited].invitation_expired(chrono::DateTime::<chrono::Utc>::MAX_UTC));
    let mut v = value.clone();
    v["members"][accepted].as_object_mut().unwrap().remove("user_id");
    assert!(refused(v).contains("has no user id"));
    let mut v = value;
    v["members"][scoped]["role"] = json!("provider_admin");
    assert!(refused(v).contains("cannot have a client scope"));
}

#[test]
fn a_revoked_member_must_be_restorable_to_a_valid_state() {
    let p = rich();
    let value = to_value(&p);
    let revoked = member_index(&value, "revoked@x.example");
    // Revoked after being confirmed, but without the account that accepted: restoring it would
    // make a confirmed member without a user id.
    let mut v = value.clone();
    v["members"][revoked].as_object_mut().unwrap().remove("user_id");
    assert!(refused(v).contains("has no user id"));
    // Revoked while invited, but with an account: restoring it would make an invitation that
    // already has an account. (Without an expiry it is accepted: an invitation whose time the
    // reference's API does not send has an unknown expiry, never reported expired.)
    let mut v = value;
    v["members"][revoked]["status_before_revoke"] = json!("invited");
    assert!(refused(v).contains("it is invited once restored but has a user id"));
}

#[test]
fn a_status_to_restore_belongs_only_to_revoked_members() {
    let p = rich();
    let mut v = to_value(&p);
    let accepted = member_index(&v, "accepted@x.example");
    v["members"][accepted]["status_before_revoke"] = json!("invited");
    assert!(refused(v).contains("is not revoked but has a status to restore"));
}

#[test]
fn a_provider_read_without_its_sequence_still_gives_new_members_fresh_ids() {
    // `last_sequence` may be missing from stored JSON; ids derived from it must not collide.
    let mut f = Fixture::billable(ProviderType::Msp);
    f.invite("grace@x.example", ProviderUserType::ServiceUser);
    f.client("Contoso", PlanType::TeamsMonthly, 2);
    let mut value = to_value(&f.provider);
    value.as_object_mut().unwrap().remove("last_sequence");
    let mut p: Provider = serde_json::from_value(value).unwrap();
    assert_eq!(p.last_sequence(), 0);
    let admin = f.admin;
    p.invite(admin, &["a@x.example", "b@x.example", "c@x.example"], ProviderUserType::ServiceUser, t0())
        .unwrap();
    let ids: BTreeSet<_> = p.members().iter().map(mspkit::ProviderUser::id).collect();
    assert_eq!(ids.len(), p.members().len(), "two members share an id");
    for name in ["Fabrikam", "Tailspin", "Northwind"] {
        let new = mspkit::NewClient {
            name: name.to_owned(),
            owner_email: email("o@x.example"),
            plan: PlanType::TeamsMonthly,
            seats: 1,
            first_collection: None,
        };
        p.create_client(admin, new, t0()).unwrap();
    }
    let clients: BTreeSet<_> = p.clients().iter().map(mspkit::ClientOrganization::id).collect();
    assert_eq!(clients.len(), p.clients().len(), "two clients share an id");
    let back: Provider = serde_json::from_value(to_value(&p)).unwrap();
    assert_eq!(back, p);
}

#[test]
fn a_client_member_listed_twice_is_refused() {
    let p = rich();
    let mut v = to_value(&p);
    let twice = v["clients"][0]["members"][0].clone();
    v["clients"][0]["members"].as_array_mut().unwrap().push(twice.clone());
    v["clients"][0]["seats"] = json!(10);
    let client = p.clients()[0].id();
    let email = email(twice["email"].as_str().unwrap());
    let expected = Error::Client(ClientError::MemberExists { client, email });
    assert!(refused(v.clone()).contains(&expected.to_string()));
    assert_eq!(Provider::from_json(&v.to_string()).unwrap_err(), expected);
}

/// The error serde reported, for a value that must have been refused.
fn refused_with<T: std::fmt::Debug>(result: Result<T, serde_json::Error>) -> String {
    match result {
        Ok(v) => panic!("an invalid value was accepted: {v:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_client_on_its_own_cannot_be_deserialized_invalid() {
    let p = rich();
    let client = &p.clients()[0];
    let value = serde_json::to_value(client).unwrap();
    assert_eq!(serde_json::from_value::<ClientOrganization>(value.clone()).unwrap(), *client);
    let id = client.id();
    let cases: Vec<(&str, Value, Error)> = vec![
        ("seats", json!(0), Error::Client(ClientError::SeatsZero)),
        (
            "seats",
            json!(1),
            Error::Client(ClientError::SeatsBelowOccupied { client: id, requested: 1, occupied: 2 }),
        ),
        ("name", json!("  "), Error::Client(ClientError::InvalidName { name: String::new() })),
        ("name", json!("n".repeat(51)), Error::Client(ClientError::InvalidName { name: "n".repeat(51) })),
        ("billing_email", json!("nope"), Error::Email(mspkit::EmailError::Malformed("nope".to_owned()))),
    ];
    for (field, bad, expected) in cases {
        let mut v = value.clone();
        v[field] = bad;
        assert_eq!(
            refused_with(serde_json::from_value::<ClientOrganization>(v)),
            expected.to_string(),
            "{field}"
        );
    }
    let mut v = value.clone();
    let twice = v["members"][0].clone();
    v["members"].as_array_mut().unwrap().push(twice);
    v["seats"] = json!(10);
    let expected = ClientError::MemberExists { client: id, email: email("owner@contoso.example") };
    assert_eq!(refused_with(serde_json::from_value::<ClientOrganization>(v)), expected.to_string());
    // Names are kept trimmed, as the commands keep them.
    let mut v = value;
    v["name"] = json!("  Contoso  ");
    assert_eq!(serde_json::from_value::<ClientOrganization>(v).unwrap().name(), "Contoso");
}

#[test]
fn a_member_on_its_own_cannot_be_deserialized_invalid() {
    let p = rich();
    let value = to_value(&p);
    let member = |address: &str| value["members"][member_index(&value, address)].clone();
    for address in ["invited@x.example", "accepted@x.example", "revoked@x.example", "scoped@x.example"] {
        let back: ProviderUser = serde_json::from_value(member(address)).unwrap();
        assert_eq!(back.email().as_str(), address);
    }
    let broken = |address: &str, change: &dyn Fn(&mut Value)| {
        let mut v = member(address);
        change(&mut v);
        refused_with(serde_json::from_value::<ProviderUser>(v))
    };
    let err = broken("revoked@x.example", &|v| {
        v.as_object_mut().unwrap().remove("status_before_revoke");
    });
    assert!(
        err.starts_with("member record `")
            && err.ends_with("is invalid: it is revoked but has no status to restore"),
        "{err}"
    );
    let err = broken("invited@x.example", &|v| v["user_id"] = json!(uuid::Uuid::from_u128(77)));
    assert!(err.contains("it is invited but has a user id"), "{err}");
    let err = broken("scoped@x.example", &|v| v["role"] = json!("provider_admin"));
    assert!(err.ends_with("a provider admin cannot have a client scope"), "{err}");
    let err = broken("accepted@x.example", &|v| v["email"] = json!("a@b@c.example"));
    assert_eq!(err, "`a@b@c.example` is not a valid email address");
}

#[test]
fn team_and_clients_must_fit_the_provider_state() {
    let p = rich();
    let value = to_value(&p);
    // A pending provider has no team yet.
    let mut v = value.clone();
    v["status"] = json!("pending");
    assert!(refused(v).contains("a pending provider has no team and no clients"));
    // A disabled MSP's clients are disabled with it.
    let mut v = value.clone();
    v["enabled"] = json!(false);
    assert!(refused(v.clone()).contains("is enabled but its provider, of kind `msp`, is disabled"));
    for client in v["clients"].as_array_mut().unwrap() {
        client["enabled"] = json!(false);
    }
    let disabled: Provider = serde_json::from_value(v).unwrap();
    assert!(!disabled.enabled());
    // One account holds one membership.
    let mut v = value.clone();
    let accepted = member_index(&v, "accepted@x.example");
    let scoped = member_index(&v, "scoped@x.example");
    v["members"][accepted]["user_id"] = value["members"][scoped]["user_id"].clone();
    assert!(refused(v).contains("holds two memberships in the team"));
    // An invitation has no account until it is accepted.
    let mut v = value;
    let invited = member_index(&v, "invited@x.example");
    v["members"][invited]["user_id"] = json!(uuid::Uuid::from_u128(77));
    assert!(refused(v).contains("it is invited but has a user id"));
}

#[test]
fn reading_a_provider_or_a_portfolio_keeps_the_specific_error_code() {
    let p = rich();
    let value = to_value(&p);
    let read = |v: &Value| Provider::from_json(&v.to_string()).unwrap_err().code();
    let portfolio = |v: &Value| {
        let doc = json!({"schema_version": 1, "provider": v});
        mspkit::Portfolio::from_json(&doc.to_string()).unwrap_err().code()
    };
    let mut below = value.clone();
    below["clients"][0]["seats"] = json!(1);
    let mut bad_email = value.clone();
    bad_email["members"][1]["email"] = json!("not an email");
    let mut billing = value.clone();
    billing["settings"]["billing_email"] = json!("a@localhost");
    let mut blank = value.clone();
    blank["settings"]["name"] = json!(" ");
    let mut revoked = value.clone();
    let i = member_index(&revoked, "revoked@x.example");
    revoked["members"][i].as_object_mut().unwrap().remove("status_before_revoke");
    let mut no_admin = value.clone();
    no_admin["members"][0]["status"] = json!("accepted");
    let mut plan = value.clone();
    plan["clients"][0]["plan"] = json!("teams_annually");
    let mut shape = value.clone();
    shape["colour"] = json!("blue");
    let mut variant = value.clone();
    variant["kind"] = json!("agency");
    for (v, code) in [
        (&below, "seats_below_occupied"),
        (&bad_email, "email_invalid"),
        (&billing, "email_invalid"),
        (&blank, "provider_name_blank"),
        (&revoked, "invalid_member_record"),
        (&no_admin, "invalid_provider_record"),
        (&plan, "plan_not_allowed"),
        (&shape, "invalid_document"),
        (&variant, "invalid_document"),
    ] {
        assert_eq!(read(v), code);
        assert_eq!(portfolio(v), code);
    }
    assert_eq!(Provider::from_json(&value.to_string()).unwrap(), p);
    assert_eq!(Provider::from_json("{").unwrap_err().code(), "invalid_document");
    // A deployment of an organization that is not a client keeps its code too.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/portfolio.json");
    let mut example: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    example["deployments"][0]["client"] = json!(uuid::Uuid::from_u128(5));
    assert_eq!(
        mspkit::Portfolio::from_json(&example.to_string()).unwrap_err().code(),
        "deployment_not_a_client"
    );
}

#[test]
fn a_member_or_a_client_read_on_its_own_keeps_its_error_code() {
    let p = rich();
    let value = to_value(&p);
    let member = value["members"][member_index(&value, "invited@x.example")].clone();
    assert_eq!(ProviderUser::from_json(&member.to_string()).unwrap().email().as_str(), "invited@x.example");
    let mut no_expiry = member.clone();
    no_expiry.as_object_mut().unwrap().remove("invitation_expires_at");
    assert_eq!(ProviderUser::from_json(&no_expiry.to_string()).unwrap().invitation_expires_at(), None);
    let mut no_user = member.clone();
    no_user["status"] = json!("accepted");
    assert_eq!(ProviderUser::from_json(&no_user.to_string()).unwrap_err().code(), "invalid_member_record");
    let mut bad = member;
    bad["email"] = json!("a@b..example");
    assert_eq!(ProviderUser::from_json(&bad.to_string()).unwrap_err().code(), "email_invalid");
    assert_eq!(ProviderUser::from_json("[]").unwrap_err().code(), "invalid_document");

    let client = value["clients"][0].clone();
    assert_eq!(ClientOrganization::from_json(&client.to_string()).unwrap(), p.clients()[0]);
    let mut zero = client.clone();
    zero["seats"] = json!(0);
    assert_eq!(ClientOrganization::from_json(&zero.to_string()).unwrap_err().code(), "seats_zero");
    let mut extra = client;
    extra["autoscale"] = json!(true);
    assert_eq!(ClientOrganization::from_json(&extra.to_string()).unwrap_err().code(), "invalid_document");
    assert_eq!(p.seat_minimums().get(&PlanType::TeamsMonthly), Some(&10));
}
