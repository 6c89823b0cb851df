use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use mspkit::interop::{AmbiguousPlans, ReferenceFacts, ReferenceNote, read_reference_with};
use mspkit::{
    PlanType, ProviderStatus, ProviderType, ProviderUserStatus, ProviderUserType, read_reference,
    write_reference,
};

/// A database-entity document (every column, as the reference's tables hold it).
fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/reference/entities").join(name);
    std::fs::read_to_string(path).unwrap()
}

/// An API response document (what `GET /providers/{id}`, `…/users`, `…/organizations` and
/// `GET /accounts/profile` send).
fn response(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/reference").join(name);
    std::fs::read_to_string(path).unwrap()
}

fn read() -> mspkit::Provider {
    read_reference(
        &fixture("provider.json"),
        &fixture("provider-users.json"),
        &fixture("provider-organizations.json"),
    )
    .unwrap()
}

#[test]
fn reads_the_reference_documents() {
    let p = read();
    assert_eq!(p.name(), "Blue Yonder MSP");
    assert_eq!(p.kind(), ProviderType::Msp);
    assert_eq!(p.status(), ProviderStatus::Billable);
    assert_eq!(p.settings().billing_email().unwrap().as_str(), "billing@blueyonder.example");
    let statuses: Vec<_> = p.members().iter().map(|m| (m.role(), m.status())).collect();
    assert_eq!(
        statuses,
        [
            (ProviderUserType::ProviderAdmin, ProviderUserStatus::Confirmed),
            (ProviderUserType::ServiceUser, ProviderUserStatus::Confirmed),
            (ProviderUserType::ServiceUser, ProviderUserStatus::Accepted),
            (ProviderUserType::ServiceUser, ProviderUserStatus::Invited),
        ]
    );
    // The invitation sent 2026-11-20 16:45 expires 120 hours later.
    let invited = &p.members()[3];
    assert_eq!(invited.invitation_expires_at(), Some(Utc.with_ymd_and_hms(2026, 11, 25, 16, 45, 0).unwrap()));
    let plans: Vec<_> =
        p.clients().iter().map(|c| (c.name(), c.plan(), c.seats(), c.occupied_seats())).collect();
    assert_eq!(
        plans,
        [
            ("Stadtwerke Nord", PlanType::EnterpriseMonthly, 100, 87),
            ("Bäckerei Krause", PlanType::TeamsMonthly, 10, 9),
            ("Kanzlei Hoffmann & Partner", PlanType::EnterpriseMonthly, 25, 25),
        ]
    );
    assert!(p.clients()[2].is_full());
}

#[test]
fn writes_the_reference_documents_back() {
    let p = read();
    let docs = write_reference(&p);
    let json = serde_json::to_value(&docs).unwrap();
    assert_eq!(json["provider"]["type"], 0);
    assert_eq!(json["provider"]["status"], 2);
    assert_eq!(json["provider"]["businessTaxNumber"], "DE811907980");
    assert_eq!(json["members"][2]["status"], 1);
    assert_eq!(json["clients"][1]["planType"], 17);
    assert_eq!(json["clients"][1]["plan"], "Teams (Monthly)");
    assert_eq!(json["clients"][0]["remainingSeats"], 13);
    let again = mspkit::interop::from_reference(&docs.provider, &docs.members, &docs.clients).unwrap();
    assert_eq!(again.clients(), p.clients());
    assert_eq!(again.members(), p.members());
}

#[test]
fn an_invitation_sent_at_the_end_of_time_expires_there_instead_of_panicking() {
    // The reference's dates are not checked against anything: an invitation sent less than
    // 120 hours before the last representable instant must not overflow.
    let members = r#"[
        {"id": "0f1e2d3c-4b5a-4968-8776-655443322110", "userId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
         "type": 0, "status": 2, "email": "j.schmidt@blueyonder.example"},
        {"id": "3f1e2d3c-4b5a-4968-8776-655443322113", "userId": null, "type": 1, "status": 0,
         "email": "late@blueyonder.example", "creationDate": "+262142-12-31T00:00:00Z"}
    ]"#;
    let p = read_reference(&fixture("provider.json"), members, "[]").unwrap();
    let invited = &p.members()[1];
    assert_eq!(invited.status(), ProviderUserStatus::Invited);
    assert_eq!(invited.invitation_expires_at(), Some(chrono::DateTime::<Utc>::MAX_UTC));
    // The same through the revision date, which renews a pending invitation.
    let renewed = members.replace("\"creationDate\": \"+262142", "\"revisionDate\": \"+262142");
    let p = read_reference(&fixture("provider.json"), &renewed, "[]").unwrap();
    assert_eq!(p.members()[1].invitation_expires_at(), Some(chrono::DateTime::<Utc>::MAX_UTC));
}

#[test]
fn a_revoked_member_read_back_from_the_reference_must_be_confirmed_again() {
    use crate::support::{Fixture, t0};
    let mut f = Fixture::new(ProviderType::Msp);
    let accepted =
        f.member("accepted@x.example", ProviderUserType::ServiceUser, ProviderUserStatus::Accepted);
    let confirmed = f.confirmed("confirmed@x.example", ProviderUserType::ProviderAdmin);
    let invited = f.invite("invited@x.example", ProviderUserType::ServiceUser);
    for member in [accepted, confirmed, invited] {
        f.provider.revoke(f.admin, member, t0()).unwrap();
    }
    let docs = write_reference(&f.provider);
    assert!(
        docs.members
            .iter()
            .filter(|m| m.email.as_deref() != Some(crate::support::ADMIN))
            .all(|m| m.status == -1)
    );
    let mut again = mspkit::interop::from_reference(&docs.provider, &docs.members, &docs.clients).unwrap();
    for member in [accepted, confirmed, invited] {
        assert_eq!(again.member(member).unwrap().status(), ProviderUserStatus::Revoked);
        again.restore(f.admin, member, t0()).unwrap();
    }
    // Never more than the member had: the member revoked before its confirmation is not
    // confirmed by a round trip, and the confirmed one needs an admin's confirmation again.
    let status = |id| again.member(id).unwrap().status();
    assert_eq!(status(accepted), ProviderUserStatus::Accepted);
    assert_eq!(status(confirmed), ProviderUserStatus::Accepted);
    assert_eq!(status(invited), ProviderUserStatus::Invited);
    assert_eq!(again.confirmed_admin_count(), 1);
    again.confirm(f.admin, confirmed, None, t0()).unwrap();
    assert_eq!(again.confirmed_admin_count(), 2);
}

#[test]
fn clients_are_read_per_provider_kind_and_without_a_billing_email_when_the_reference_has_none() {
    let provider = fixture("provider.json");
    let clients = fixture("provider-organizations.json");
    let members = fixture("provider-users.json");
    // Only the reference's `managed` organization status (2) marks a client as created by the
    // provider; the fixture's first client is `created` (1), the others say nothing.
    let managed = clients.replacen("\"status\": 1", "\"status\": 2", 1);
    let p = read_reference(&provider, &members, &managed).unwrap();
    assert_eq!(
        p.clients().iter().map(mspkit::ClientOrganization::managed).collect::<Vec<_>>(),
        [true, false, false]
    );
    let docs = write_reference(&p);
    assert_eq!(docs.clients.iter().map(|c| c.status).collect::<Vec<_>>(), [Some(2), Some(1), Some(1)]);
    let bad = clients.replacen("\"status\": 1", "\"status\": 7", 1);
    assert_eq!(read_reference(&provider, &members, &bad).unwrap_err().code(), "reference_unknown_code");

    // A disabled MSP's clients are disabled with it; a disabled reseller's are not touched.
    let disabled = provider.replace("\"enabled\": true", "\"enabled\": false");
    let msp = read_reference(&disabled, &members, &clients).unwrap();
    assert!(msp.clients().iter().all(|c| msp.client_enabled(c.id()) == Some(false)));
    let reseller = disabled.replace("\"type\": 0", "\"type\": 1");
    let resold = clients
        .replace("\"planType\": 19", "\"planType\": 20")
        .replace("(Monthly)", "(Annually)")
        // A reseller may sell every Teams annual edition: the name alone would be ambiguous.
        .replace("\"Teams (Annually)\"", "\"Teams (Annually) 2023\"");
    let r = read_reference(&reseller, &members, &resold).unwrap();
    assert_eq!(r.kind(), ProviderType::Reseller);
    assert!(r.clients().iter().all(mspkit::ClientOrganization::enabled));
    // A reseller's added clients keep their own billing email, which the reference lacks.
    assert!(r.clients().iter().all(|c| c.billing_email().is_none()));
    let r =
        read_reference(&reseller, &members, &resold.replacen("\"status\": 1", "\"status\": 2", 1)).unwrap();
    assert_eq!(r.clients()[0].billing_email().unwrap().as_str(), "billing@blueyonder.example");

    // `billingEmail` may be missing (the reference allows it): clients are read without one.
    let no_billing = provider.replace("\"billingEmail\": \"Billing@BlueYonder.example\",", "");
    let p = read_reference(&no_billing, &members, &clients).unwrap();
    assert_eq!(p.settings().billing_email(), None);
    assert!(p.clients().iter().all(|c| c.billing_email().is_none()));
    let docs = write_reference(&p);
    let again = mspkit::interop::from_reference(&docs.provider, &docs.members, &docs.clients).unwrap();
    assert_eq!(again.clients(), p.clients());
}

// ---- the API's response models (tests/fixtures/reference/*.json) ----

fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

#[test]
fn the_response_fixtures_have_exactly_the_fields_the_response_models_send() {
    // shared/spec/interop.md §1–3: field by field, plus the `object` type tag.
    let provider: serde_json::Value = serde_json::from_str(&response("provider.json")).unwrap();
    assert_eq!(
        keys(&provider),
        sorted(&[
            "id",
            "name",
            "businessName",
            "businessAddress1",
            "businessAddress2",
            "businessAddress3",
            "businessCountry",
            "businessTaxNumber",
            "billingEmail",
            "creationDate",
            "type",
            "object",
        ])
    );
    let users: serde_json::Value = serde_json::from_str(&response("provider-users.json")).unwrap();
    assert_eq!(keys(&users), sorted(&["object", "data", "continuationToken"]));
    for user in users["data"].as_array().unwrap() {
        assert_eq!(
            keys(user),
            sorted(&["id", "userId", "type", "status", "permissions", "name", "email", "object"])
        );
        assert_eq!(user["permissions"].as_object().unwrap().len(), 13);
    }
    let orgs: serde_json::Value = serde_json::from_str(&response("provider-organizations.json")).unwrap();
    for org in orgs["data"].as_array().unwrap() {
        assert_eq!(
            keys(org),
            sorted(&[
                "id",
                "providerId",
                "organizationId",
                "organizationName",
                "key",
                "settings",
                "creationDate",
                "revisionDate",
                "userCount",
                "seats",
                "occupiedSeats",
                "remainingSeats",
                "plan",
                "object",
            ])
        );
    }
}

fn api_facts() -> ReferenceFacts {
    ReferenceFacts::new().with_profile_json(&response("profile.json")).unwrap()
}

fn read_api(facts: &ReferenceFacts) -> Result<mspkit::interop::ReferenceImport, mspkit::Error> {
    read_reference_with(
        &response("provider.json"),
        &response("provider-users.json"),
        &response("provider-organizations.json"),
        facts,
    )
}

#[test]
fn the_api_responses_read_with_the_status_from_the_callers_profile() {
    // `GET /providers/{id}` has no status: nothing is invented, the caller is told where it is.
    let err = read_api(&ReferenceFacts::new()).unwrap_err();
    assert_eq!(err.code(), "reference_missing_fact");
    assert!(err.to_string().contains("the provider's status"), "{err}");
    assert!(err.to_string().contains("the account profile response"), "{err}");

    let import = read_api(&api_facts()).unwrap();
    let p = &import.provider;
    assert_eq!((p.kind(), p.status(), p.enabled()), (ProviderType::Msp, ProviderStatus::Billable, true));
    assert!(p.settings().use_events());
    assert_eq!(p.settings().billing_email().unwrap().as_str(), "billing@blueyonder.example");
    assert_eq!(p.settings().billing_phone(), None);
    // An MSP sells only the current editions, so the ambiguous names are read, not guessed.
    let plans: Vec<_> =
        p.clients().iter().map(|c| (c.name(), c.plan(), c.seats(), c.occupied_seats())).collect();
    assert_eq!(
        plans,
        [
            ("Stadtwerke Nord", PlanType::EnterpriseMonthly, 100, 87),
            ("Bäckerei Krause", PlanType::TeamsMonthly, 10, 9),
            ("Kanzlei Hoffmann & Partner", PlanType::EnterpriseMonthly, 25, 25),
        ]
    );
    // A timestamp without an offset is UTC; seven fraction digits are kept (to 100 ns).
    let linked = p.clients()[2].created_at();
    assert_eq!(
        linked,
        Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap() + chrono::Duration::nanoseconds(123_456_700)
    );

    // The users response has no dates: the pending invitation is not dated, so never expired.
    let invited = &p.members()[3];
    assert_eq!(invited.status(), ProviderUserStatus::Invited);
    assert_eq!(invited.invitation_expires_at(), None);
    assert!(!invited.invitation_expired(Utc.with_ymd_and_hms(2099, 1, 1, 0, 0, 0).unwrap()));
    let codes: Vec<&str> = import.notes.iter().map(ReferenceNote::code).collect();
    assert_eq!(
        codes,
        [
            "revision_date_unknown",
            "invitation_date_unknown",
            "management_unknown",
            "management_unknown",
            "management_unknown"
        ]
    );
    assert_eq!(import.notes[1], ReferenceNote::InvitationDateUnknown { member: invited.id() });

    // A date the caller knows dates the invitation.
    let mut facts = api_facts();
    let sent = Utc.with_ymd_and_hms(2026, 11, 20, 16, 45, 0).unwrap();
    facts.invited_at.insert(invited.id(), sent);
    let dated = read_api(&facts).unwrap();
    assert_eq!(
        dated.provider.members()[3].invitation_expires_at(),
        Some(sent + chrono::Duration::hours(120))
    );
    assert!(!dated.notes.iter().any(|n| n.code() == "invitation_date_unknown"));
}

#[test]
fn a_resellers_ambiguous_plan_names_are_refused_unless_the_caller_settles_them() {
    let reseller = response("provider.json").replace("\"type\": 0", "\"type\": 1");
    let users = response("provider-users.json");
    let orgs = response("provider-organizations.json");
    let facts = api_facts();
    let err = read_reference_with(&reseller, &users, &orgs, &facts).unwrap_err();
    assert_eq!(err.code(), "reference_ambiguous_plan");
    assert!(err.to_string().contains("`Enterprise (Monthly)`, which is any of 4, 10, 14, 19"), "{err}");
    let current = facts.with_ambiguous_plans(AmbiguousPlans::Current);
    let import = read_reference_with(&reseller, &users, &orgs, &current).unwrap();
    let guessed: Vec<_> = import.notes.iter().filter(|n| n.code() == "plan_guessed").collect();
    assert_eq!(guessed.len(), 3);
    assert!(guessed[1].to_string().contains("`Teams (Monthly)` was read as the current edition"));
    // Names with a year are exact, whatever the provider.
    let dated = orgs.replace("\"Teams (Monthly)\"", "\"Teams (Monthly) 2020\"");
    let client = "b0000000-1111-4222-8333-444455556602".parse().unwrap();
    let settled = current
        .with_plan("b0000000-1111-4222-8333-444455556601".parse().unwrap(), PlanType::EnterpriseMonthly2023);
    let import = read_reference_with(&reseller, &users, &dated, &settled).unwrap();
    assert_eq!(import.provider.client(client).unwrap().plan(), PlanType::TeamsMonthly2020);
    assert_eq!(import.provider.clients()[0].plan(), PlanType::EnterpriseMonthly2023);
}

#[test]
fn a_pending_provider_has_a_null_name_and_unknown_fields_are_ignored() {
    let pending =
        response("provider.json").replace("\"name\": \"Blue Yonder MSP\"", "\"name\": null").replace(
            "\"object\": \"provider\"",
            "\"object\": \"provider\", \"futureField\": {\"nested\": [1, 2]}",
        );
    // Pending (its name is null) but unnamed: mspkit needs a name, the caller supplies it.
    let mut facts = ReferenceFacts::new().with_enabled(true);
    let err = read_reference_with(&pending, "[]", "[]", &facts).unwrap_err();
    assert_eq!(err.code(), "reference_missing_fact");
    assert!(err.to_string().contains("the provider's name"), "{err}");
    facts = facts.with_name("Blue Yonder MSP");
    let import = read_reference_with(&pending, "[]", "{\"object\": \"list\", \"data\": []}", &facts).unwrap();
    assert_eq!(import.provider.status(), ProviderStatus::Pending);
    assert_eq!(import.provider.name(), "Blue Yonder MSP");
    // Whether a provider is enabled is not invented either.
    let err = read_reference_with(
        &pending,
        "[]",
        "[]",
        &ReferenceFacts::new().with_name("Blue Yonder MSP").with_status(ProviderStatus::Pending),
    )
    .unwrap_err();
    assert!(err.to_string().contains("whether the provider is enabled"), "{err}");
}

#[test]
fn the_profile_is_read_from_the_profile_the_sync_response_a_list_or_one_entry() {
    let profile: serde_json::Value = serde_json::from_str(&response("profile.json")).unwrap();
    let entry = profile["providers"][0].to_string();
    let shapes = [
        response("profile.json"),
        serde_json::json!({"object": "sync", "profile": profile}).to_string(),
        format!("[{entry}]"),
        entry,
    ];
    for shape in shapes {
        let facts = ReferenceFacts::new().with_profile_json(&shape).unwrap();
        assert_eq!(read_api(&facts).unwrap().provider.status(), ProviderStatus::Billable, "{shape}");
    }
    let err = ReferenceFacts::new().with_profile_json("{\"providers\": 3}").unwrap_err();
    assert_eq!(err.code(), "reference_malformed");
    // Another provider's entry says nothing about this one.
    let other = response("profile.json").replace("c1d2e3f4-a5b6", "d1d2e3f4-a5b6");
    let facts = ReferenceFacts::new().with_profile_json(&other).unwrap();
    assert_eq!(read_api(&facts).unwrap_err().code(), "reference_missing_fact");
}

#[test]
fn reference_documents_refuse_repeated_keys_and_quote_values_on_one_line() {
    // A repeated key would silently keep the last value (here: which provider a client is of).
    let provider = response("provider.json");
    let users = response("provider-users.json");
    let twice = response("provider-organizations.json").replacen(
        "\"providerId\"",
        "\"providerId\": \"d1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f\", \"providerId\"",
        1,
    );
    let err = read_reference_with(&provider, &users, &twice, &api_facts()).unwrap_err();
    assert_eq!(err.code(), "duplicate_key");
    assert!(err.to_string().contains("`providerId`"), "{err}");
    let err = ReferenceFacts::new().with_profile_json(r#"{"providers": [], "providers": []}"#).unwrap_err();
    assert_eq!(err.code(), "duplicate_key");
    // A value quoted in a shape error is escaped and cut: the message stays one short line.
    let huge = format!("{{\"id\": \"{}\nmspkit: forged\", \"type\": 0}}", "x".repeat(100_000));
    let err = read_reference(&huge, "[]", "[]").unwrap_err();
    assert_eq!(err.code(), "reference_malformed");
    let message = err.to_string();
    assert!(!message.contains('\n') && message.len() < 1_000, "{message}");
}
