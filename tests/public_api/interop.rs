use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use mspkit::{
    PlanType, ProviderStatus, ProviderType, ProviderUserStatus, ProviderUserType, read_reference,
    write_reference,
};

fn fixture(name: &str) -> String {
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
    assert!(docs.members.iter().filter(|m| m.email != crate::support::ADMIN).all(|m| m.status == -1));
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
    assert!(msp.clients().iter().all(|c| !c.enabled()));
    let reseller = disabled.replace("\"type\": 0", "\"type\": 1");
    let resold = clients.replace("\"planType\": 19", "\"planType\": 20").replace("(Monthly)", "(Annually)");
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
