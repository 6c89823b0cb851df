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
