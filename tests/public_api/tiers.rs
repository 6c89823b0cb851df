//! Client tags and baseline tiers (issue 17 item 3): the tag command and its event, baselines
//! that say which tags they apply to, and the tiered check where tags overlap, are missing, or
//! name no baseline.

use std::collections::BTreeSet;

use mspkit::client::{ClientTag, MAX_CLIENT_TAGS, parse_tags};
use mspkit::policy::{Baseline, CheckTiers, PolicyKind, PolicySettings, SettingValue};
use mspkit::{Change, OrganizationId, PlanType, Provider, ProviderType, ProviderUserType};

use crate::support::{Fixture, code, t0};

fn tag(text: &str) -> ClientTag {
    ClientTag::new(text).unwrap()
}

fn tags(texts: &[&str]) -> BTreeSet<ClientTag> {
    texts.iter().map(|t| tag(t)).collect()
}

const STANDARD: &str = r#"
name = "standard"
[policies.master_password]
min_length = 12
min_complexity = 3
[policies.maximum_vault_timeout]
minutes = 60
[[exceptions]]
client = "Contoso"
policy = "maximum_vault_timeout"
setting = "minutes"
reason = "kiosks"
expires = 2099-01-01
"#;

const STRICT: &str = r#"
name = "strict"
applies_to = ["regulated"]
[policies.master_password]
min_length = 16
min_complexity = 2
[policies.maximum_vault_timeout]
minutes = 15
"#;

const KIOSK: &str = r#"
name = "kiosk"
applies_to = ["kiosk", "Shared"]
[policies.maximum_vault_timeout]
minutes = 240
"#;

/// An MSP with three Enterprise clients whose master-password policy asks for 14 characters
/// and complexity 3, and whose vault timeout is 120 minutes.
fn msp() -> (Fixture, [OrganizationId; 3]) {
    let mut f = Fixture::billable(ProviderType::Msp);
    let ids = ["Contoso", "Fabrikam", "Litware"].map(|name| f.client(name, PlanType::EnterpriseMonthly, 5));
    let admin = f.admin;
    for id in ids {
        let master = PolicySettings::new(PolicyKind::MasterPassword)
            .with("min_length", Some(SettingValue::Int(14)))
            .unwrap()
            .with("min_complexity", Some(SettingValue::Int(3)))
            .unwrap();
        let events = f.provider.enable_client_policy(admin, id, master, t0());
        f.record(events);
        let events =
            f.provider.enable_client_policy(admin, id, PolicySettings::new(PolicyKind::SingleOrg), t0());
        f.record(events);
        let timeout = PolicySettings::new(PolicyKind::MaximumVaultTimeout)
            .with("minutes", Some(SettingValue::Int(120)))
            .unwrap();
        let events = f.provider.enable_client_policy(admin, id, timeout, t0());
        f.record(events);
    }
    (f, ids)
}

#[test]
fn tags_are_one_event_replayed_and_written() {
    let (mut f, [contoso, ..]) = msp();
    let admin = f.admin;
    let events =
        f.provider.set_client_tags(admin, contoso, [tag("Regulated"), tag("kiosk"), tag("kiosk")], t0());
    let events = f.record(events);
    assert_eq!(events.len(), 1);
    let Change::ClientTagsChanged { from, to, .. } = &events[0].change else { panic!("{events:?}") };
    assert!(from.is_empty());
    assert_eq!(to, &tags(&["kiosk", "regulated"]));
    assert_eq!(f.provider.client(contoso).unwrap().tags(), &tags(&["kiosk", "regulated"]));
    // The same set again records nothing; an empty set clears them.
    assert!(
        f.provider
            .set_client_tags(admin, contoso, [tag("kiosk"), tag("regulated")], t0())
            .unwrap()
            .is_empty()
    );
    f.replays().unwrap();
    let json = f.provider.to_json().unwrap();
    assert!(json.contains(r#""tags": ["#) || json.contains(r#""tags":["#), "{json}");
    assert_eq!(Provider::from_json(&json).unwrap(), f.provider);
    let events = f.provider.set_client_tags(admin, contoso, [], t0());
    f.record(events);
    assert!(f.provider.client(contoso).unwrap().tags().is_empty());
    assert!(
        !f.provider.to_json().unwrap().contains("\"tags\""),
        "no tags, no key: older documents unchanged"
    );
    f.replays().unwrap();
}

#[test]
fn tags_are_checked_and_admins_only() {
    let (mut f, [contoso, ..]) = msp();
    for bad in ["", "  ", "two words", "é", "a/b", &"x".repeat(33), "x\u{1b}"] {
        assert_eq!(ClientTag::new(bad).unwrap_err().code(), "client_tag_invalid", "{bad:?}");
    }
    assert_eq!(parse_tags(["a,b", "c"]).unwrap(), tags(&["a", "b", "c"]));
    let many: Vec<ClientTag> = (0..=MAX_CLIENT_TAGS).map(|i| tag(&format!("t{i}"))).collect();
    let admin = f.admin;
    assert_eq!(code(f.provider.set_client_tags(admin, contoso, many, t0())), "client_tags_too_many");
    let service = f.confirmed("svc@northwind.example", ProviderUserType::ServiceUser);
    assert_eq!(code(f.provider.set_client_tags(service, contoso, [tag("a")], t0())), "provider_admin_only");
    let stranger = OrganizationId::new(uuid::Uuid::from_u128(99));
    assert_eq!(code(f.provider.set_client_tags(admin, stranger, [tag("a")], t0())), "client_not_found");
}

#[test]
fn apply_refuses_tag_events_no_command_makes() {
    let (mut f, [contoso, ..]) = msp();
    let admin = f.admin;
    let events = f.provider.set_client_tags(admin, contoso, [tag("a")], t0()).unwrap();
    let mut forged = events[0].clone();
    // Applied again: its `from` is no longer the client's tags.
    assert_eq!(f.provider.clone().apply(&forged).unwrap_err().code(), "event_out_of_sequence");
    forged.sequence = f.provider.last_sequence() + 1;
    assert_eq!(f.provider.clone().apply(&forged).unwrap_err().code(), "event_mismatch");
    forged.change = Change::ClientTagsChanged { client: contoso, from: tags(&["a"]), to: tags(&["a"]) };
    assert_eq!(f.provider.clone().apply(&forged).unwrap_err().code(), "event_mismatch");
    let many: BTreeSet<ClientTag> = (0..=MAX_CLIENT_TAGS).map(|i| tag(&format!("t{i}"))).collect();
    forged.change = Change::ClientTagsChanged { client: contoso, from: tags(&["a"]), to: many };
    assert_eq!(f.provider.clone().apply(&forged).unwrap_err().code(), "client_tags_too_many");
    let json = r#"{"type":"client_tags_changed","client":"00000000-0000-0000-0000-000000000001","from":[],"to":["Not A Tag"]}"#;
    assert!(serde_json::from_str::<Change>(json).is_err());
}

#[test]
fn baselines_read_applies_to() {
    let strict = Baseline::from_toml(STRICT).unwrap();
    assert_eq!(strict.applies_to, vec![tag("regulated")]);
    let kiosk = Baseline::from_toml(KIOSK).unwrap();
    assert_eq!(kiosk.applies_to, vec![tag("kiosk"), tag("shared")]);
    assert!(Baseline::from_toml(STANDARD).unwrap().applies_to.is_empty());
    let one = Baseline::from_json(r#"{"applies_to": "regulated"}"#).unwrap();
    assert_eq!(one.applies_to, vec![tag("regulated")]);
    for bad in [r#"{"applies_to": []}"#, r#"{"applies_to": ["a b"]}"#, r#"{"applies_to": 3}"#] {
        let err = Baseline::from_json(bad).unwrap_err();
        assert_eq!(err.code(), "baseline_invalid_value", "{bad}");
        assert!(err.to_string().contains("applies_to"), "{err}");
    }
}

#[test]
fn overlapping_tags_take_the_stricter_setting_and_keep_only_exceptions_in_force() {
    let (mut f, [contoso, fabrikam, litware]) = msp();
    let admin = f.admin;
    for (client, t) in
        [(contoso, &["regulated", "kiosk"][..]), (fabrikam, &["regulated"]), (litware, &["kiosk"])]
    {
        let events = f.provider.set_client_tags(admin, client, t.iter().map(|x| tag(x)), t0());
        f.record(events);
    }
    let baselines = [STANDARD, STRICT, KIOSK].map(|t| Baseline::from_toml(t).unwrap());
    let report = f.provider.check_tiers(&baselines, t0()).unwrap();
    let tiers: Vec<_> =
        report.tiers.iter().map(|t| (t.baselines.join("+"), t.report.totals.clients)).collect();
    assert_eq!(
        tiers,
        [
            ("standard+strict".to_owned(), 1),
            ("standard+strict+kiosk".to_owned(), 1),
            ("standard+kiosk".to_owned(), 1)
        ]
    );
    assert!(report.unselected.is_empty());
    // Contoso (all three): min_length 16 (strict), complexity 3 (standard), 15 minutes (strict,
    // the stricter of 60, 15 and 240) — and standard's exception for 60 minutes no longer holds.
    let contoso_tier = &report.tiers[1].report;
    let subjects: Vec<_> =
        contoso_tier.clients[0].findings.iter().map(|x| (x.subject(), x.expected.to_string())).collect();
    assert_eq!(
        subjects,
        [
            ("master_password.min_length".to_owned(), ">= 16".to_owned()),
            ("maximum_vault_timeout.minutes".to_owned(), "<= 15".to_owned())
        ]
    );
    assert!(contoso_tier.clients[0].accepted.is_empty());
    // Litware (standard + kiosk): 60 minutes wins over 240; no exception names Litware.
    let litware_findings = &report.tiers[2].report.clients[0].findings;
    assert_eq!(litware_findings.len(), 1);
    assert_eq!(litware_findings[0].expected, "<= 60");
    assert!(!report.compliant);
    // The merge itself: flags and texts must agree.
    let yes = Baseline::from_toml("[policies.reset_password]\nauto_enroll_enabled = true\n").unwrap();
    let no = Baseline::from_toml("[policies.reset_password]\nauto_enroll_enabled = false\n").unwrap();
    assert_eq!(Baseline::strictest(&[&yes, &no]).unwrap_err().code(), "baseline_conflict");
}

#[test]
fn missing_tags_and_tags_naming_no_baseline_are_findings() {
    let (mut f, [contoso, fabrikam, _]) = msp();
    let admin = f.admin;
    let events = f.provider.set_client_tags(admin, contoso, [tag("legacy")], t0());
    f.record(events);
    let events = f.provider.set_client_tags(admin, fabrikam, [tag("regulated")], t0());
    f.record(events);
    let strict = Baseline::from_toml(STRICT).unwrap();
    let kiosk = Baseline::from_toml(KIOSK).unwrap();
    let report = f.provider.check_tiers(&[strict, kiosk], t0()).unwrap();
    let unselected: Vec<_> =
        report.unselected.iter().map(|c| (c.client_name.as_str(), c.tags.len())).collect();
    // Contoso's tag names no baseline; Litware has no tags at all.
    assert_eq!(unselected, [("Contoso", 1), ("Litware", 0)]);
    assert_eq!(report.tiers.len(), 1);
    assert!(!report.compliant);
    let table = report.to_table();
    assert!(
        table.contains("Selected by no baseline: 2 client(s)") && table.contains("Contoso (tags: legacy)"),
        "{table}"
    );
    let junit = report.to_junit();
    assert!(junit.contains("baseline_selected") && junit.matches("<testsuites").count() == 1, "{junit}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json().unwrap()).unwrap();
    assert_eq!(json["unselected"][0]["tags"][0], "legacy");
    // One baseline without `applies_to` selects every client: the old single check.
    let standard = Baseline::from_toml(STANDARD).unwrap();
    let one = f.provider.check_tiers(std::slice::from_ref(&standard), t0()).unwrap();
    assert!(one.unselected.is_empty());
    assert_eq!(
        one.tiers[0].report,
        mspkit::policy::CheckCompliance::check_compliance(&f.provider, &standard, t0())
    );
}
