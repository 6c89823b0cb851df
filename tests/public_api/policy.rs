//! Policies over the public API: the shipped example baseline, portfolio-wide compliance,
//! remediation, report formats (the JUnit XML is checked for well-formedness) and the reference
//! policy JSON.

use crate::xml::well_formed_xml;
use chrono::{TimeZone, Utc};
use mspkit::PlanType;
use mspkit::ids::OrganizationId;
use mspkit::policy::{
    Baseline, ClientPolicies, FindingCode, Policy, PolicyKind, PolicySet, PolicySettings, SettingValue,
    read_reference_policies, write_reference_policies,
};
use uuid::Uuid;

fn example_baseline() -> Baseline {
    Baseline::from_toml(include_str!("../../examples/baseline.toml")).unwrap()
}

type Entry<'a> = (PolicyKind, &'a [(&'a str, SettingValue)], bool);

fn set(policies: &[Entry<'_>]) -> PolicySet {
    PolicySet::from_policies(policies.iter().map(|(kind, values, enabled)| {
        let settings = values
            .iter()
            .fold(PolicySettings::new(*kind), |s, (name, v)| s.with(name, Some(v.clone())).unwrap());
        Policy::new(settings, *enabled)
    }))
    .unwrap()
}

fn compliant() -> PolicySet {
    set(&[
        (PolicyKind::TwoFactorAuthentication, &[], true),
        (
            PolicyKind::MasterPassword,
            &[("min_length", SettingValue::Int(16)), ("min_complexity", SettingValue::Int(4))],
            true,
        ),
        (PolicyKind::SingleOrg, &[], true),
        (PolicyKind::ResetPassword, &[("auto_enroll_enabled", SettingValue::Bool(true))], true),
        (PolicyKind::MaximumVaultTimeout, &[("minutes", SettingValue::Int(30))], true),
        (PolicyKind::DisablePersonalVaultExport, &[], true),
    ])
}

#[test]
fn the_example_baseline_is_the_msp_standard() {
    let b = example_baseline();
    let kinds: Vec<&str> = b.requirements.iter().map(|r| r.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "two_factor_authentication",
            "master_password",
            "single_org",
            "reset_password",
            "maximum_vault_timeout",
            "disable_personal_vault_export"
        ]
    );
}

#[test]
fn portfolio_compliance_remediation_and_reports() {
    let baseline = example_baseline();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let good = compliant();
    let drifting = set(&[
        (PolicyKind::TwoFactorAuthentication, &[], true),
        (PolicyKind::MasterPassword, &[("min_length", SettingValue::Int(12))], true),
        (PolicyKind::SingleOrg, &[], true),
        (PolicyKind::MaximumVaultTimeout, &[("minutes", SettingValue::Int(480))], true),
    ]);
    let id = |n| OrganizationId::new(Uuid::from_u128(n));
    let clients = [
        ClientPolicies {
            id: id(1),
            name: &"Good & Co <ltd>".into(),
            plan: PlanType::EnterpriseAnnually,
            policies: &good,
        },
        ClientPolicies {
            id: id(2),
            name: &"Drift \"Inc\"".into(),
            plan: PlanType::EnterpriseMonthly,
            policies: &drifting,
        },
        ClientPolicies {
            id: id(3),
            name: &"Teams client".into(),
            plan: PlanType::TeamsAnnually,
            policies: &good,
        },
    ];
    let report = baseline.check_portfolio(clients, now);
    assert!(!report.compliant);
    assert_eq!(report.totals.compliant_clients, 1);
    assert_eq!(report.totals.by_code.get("not_available_on_plan"), Some(&6));

    let junit = report.to_junit();
    let names = well_formed_xml(&junit).unwrap();
    assert_eq!(names.iter().filter(|n| *n == "testcase").count(), 18);
    assert_eq!(names.iter().filter(|n| *n == "testsuite").count(), 3);
    assert!(junit.contains("Good &amp; Co &lt;ltd&gt;") && junit.contains("Drift &quot;Inc&quot;"));
    let json: serde_json::Value = serde_json::from_str(&report.to_json().unwrap()).unwrap();
    assert_eq!(json["totals"]["findings"], report.totals.findings);
    assert!(report.to_table().contains("setting_weaker"));

    let mut fixed = drifting.clone();
    let plan = baseline.remediation(clients[1], now).unwrap();
    plan.apply_to(&mut fixed).unwrap();
    let after = baseline.check_client(ClientPolicies { policies: &fixed, ..clients[1] }, now);
    assert!(after.is_compliant(), "{:?}", after.findings);
    let teams = baseline.remediation(clients[2], now).unwrap();
    assert!(teams.steps.is_empty());
    assert!(teams.unfixable.iter().all(|f| f.code == FindingCode::NotAvailableOnPlan));
}

#[test]
fn the_xml_checker_refuses_broken_documents() {
    for bad in
        ["<a>", "<a></b>", "<a x=1/>", "<a>&bogus;</a>", "<a/><b/>", "<a>x<y</a>", "<a x=\"1\" x=\"2\"/>"]
    {
        assert!(well_formed_xml(bad).is_err(), "{bad}");
    }
    assert_eq!(well_formed_xml("<?xml version=\"1.0\"?>\n<a q='&amp;'><b/>t&#38;</a>").unwrap(), ["a", "b"]);
}

#[test]
fn reference_policy_json_round_trips() {
    let json = r#"[
      {"object":"policy","organizationId":"9e4d5c6b-7c1b-4b8e-9a51-1f2f3e4d5c6b","type":0,"data":{},"enabled":true,"canToggleState":true},
      {"object":"policy","organizationId":"9e4d5c6b-7c1b-4b8e-9a51-1f2f3e4d5c6b","type":1,"data":{"minComplexity":3,"minLength":14,"requireUpper":null,"enforceOnLogin":true},"enabled":true,"canToggleState":true},
      {"object":"policy","organizationId":"9e4d5c6b-7c1b-4b8e-9a51-1f2f3e4d5c6b","type":8,"data":{"autoEnrollEnabled":true},"enabled":false,"canToggleState":true},
      {"object":"policy","organizationId":"9e4d5c6b-7c1b-4b8e-9a51-1f2f3e4d5c6b","type":21,"data":{"disableSend":false,"disableHideEmail":false},"enabled":false,"canToggleState":true}
    ]"#;
    let read = read_reference_policies(json).unwrap();
    assert_eq!(
        read.policies.enabled().collect::<Vec<_>>(),
        [PolicyKind::TwoFactorAuthentication, PolicyKind::MasterPassword]
    );
    let mp = read.policies.get(PolicyKind::MasterPassword).unwrap();
    let mspkit::policy::PolicySettings::MasterPassword(policy) = mp.settings() else {
        panic!("not the password type")
    };
    assert_eq!(
        (policy.min_length(), policy.min_complexity(), policy.enforce_on_login()),
        (Some(14), Some(3), true)
    );
    let back = write_reference_policies(&read);
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(json).unwrap());
}

mod provider_commands {
    use mspkit::policy::{CheckCompliance, PolicyChange, PolicyKind, PolicySettings, SettingValue};
    use mspkit::{Change, PlanType, Portfolio, ProviderType, ProviderUserType};

    use super::example_baseline;
    use crate::support::{Fixture, code, t0};

    /// Saving a policy is an upsert, as the reference's `SavePolicyCommand`
    /// (`SavePolicyCommandTests`: a policy saved enabled again keeps its state and stores the new
    /// data; dependency validators run only when the enabled state changes).
    #[test]
    fn saving_a_policy_is_an_upsert() {
        let mut f = Fixture::billable(ProviderType::Msp);
        let acme = f.client("Acme", PlanType::EnterpriseMonthly, 10);
        let admin = f.admin;
        let single = PolicySettings::new(PolicyKind::SingleOrg);
        f.provider.enable_client_policy(admin, acme, single.clone(), t0()).unwrap();
        f.provider
            .enable_client_policy(admin, acme, PolicySettings::new(PolicyKind::RequireSso), t0())
            .unwrap();
        // Enabling an enabled policy saves its settings: one settings_changed event.
        let sixty = PolicySettings::new(PolicyKind::MaximumVaultTimeout)
            .with("minutes", Some(SettingValue::Int(60)))
            .unwrap();
        f.provider.enable_client_policy(admin, acme, sixty.clone(), t0()).unwrap();
        let thirty = sixty.with("minutes", Some(SettingValue::Int(30))).unwrap();
        let events = f.provider.enable_client_policy(admin, acme, thirty.clone(), t0()).unwrap();
        assert!(matches!(
            &events[..],
            [e] if matches!(&e.change, Change::ClientPolicyChanged { change: PolicyChange::SettingsChanged { to, .. }, .. } if *to == thirty)
        ));
        // The same settings again: nothing to save, no event.
        assert!(f.provider.enable_client_policy(admin, acme, thirty, t0()).unwrap().is_empty());
        // Enabling single_org again while require_sso depends on it: no transition, no check.
        assert!(f.provider.enable_client_policy(admin, acme, single, t0()).unwrap().is_empty());
        // Disabling a policy that is off succeeds and changes nothing.
        let before = f.provider.clone();
        let events = f.provider.disable_client_policy(admin, acme, PolicyKind::DisableSend, t0()).unwrap();
        assert!(events.is_empty());
        assert_eq!(f.provider, before);
        // A real transition still runs the dependency check.
        assert_eq!(
            code(f.provider.disable_client_policy(admin, acme, PolicyKind::SingleOrg, t0())),
            "policy_required_by_enabled_policies"
        );
    }

    #[test]
    fn client_policies_are_commands_whose_events_replay() {
        let mut f = Fixture::billable(ProviderType::Msp);
        let acme = f.client("Acme", PlanType::EnterpriseMonthly, 10);
        let small = f.client("Small", PlanType::TeamsMonthly, 5);
        let before = f.provider.clone();
        let admin = f.admin;
        let mut events = Vec::new();
        // Dependency rule through the provider: require_sso needs single_org.
        let sso = PolicySettings::new(PolicyKind::RequireSso);
        assert_eq!(
            code(f.provider.enable_client_policy(admin, acme, sso.clone(), t0())),
            "policy_requirements_not_enabled"
        );
        events.extend(
            f.provider
                .enable_client_policy(admin, acme, PolicySettings::new(PolicyKind::SingleOrg), t0())
                .unwrap(),
        );
        events.extend(f.provider.enable_client_policy(admin, acme, sso, t0()).unwrap());
        let timeout = PolicySettings::new(PolicyKind::MaximumVaultTimeout)
            .with("minutes", Some(SettingValue::Int(60)))
            .unwrap();
        events.extend(f.provider.enable_client_policy(admin, acme, timeout.clone(), t0()).unwrap());
        let shorter = timeout.with("minutes", Some(SettingValue::Int(30))).unwrap();
        events.extend(f.provider.change_client_policy(admin, acme, shorter.clone(), t0()).unwrap());
        assert_eq!(
            code(f.provider.disable_client_policy(admin, acme, PolicyKind::SingleOrg, t0())),
            "policy_required_by_enabled_policies"
        );
        events.extend(f.provider.disable_client_policy(admin, acme, PolicyKind::RequireSso, t0()).unwrap());
        // A plan without policies enables none.
        let single = PolicySettings::new(PolicyKind::SingleOrg);
        assert_eq!(code(f.provider.enable_client_policy(admin, small, single, t0())), "policy_not_on_plan");

        // Each event carries its change, with the reference's Policy_Updated code.
        assert_eq!(events.len(), 5);
        assert!(
            events
                .iter()
                .all(|e| e.change.code() == Some(1700) && e.change.name() == "client_policy_changed")
        );
        let Change::ClientPolicyChanged { change: PolicyChange::SettingsChanged { to, .. }, .. } =
            &events[3].change
        else {
            panic!("expected a settings change, got {:?}", events[3].change)
        };
        assert_eq!(to, &shorter);
        // JSON round trip of the events, then apply them to the provider as it was: the same state.
        let mut replayed = before;
        for event in &events {
            let json = serde_json::to_string(event).unwrap();
            replayed.apply(&serde_json::from_str(&json).unwrap()).unwrap();
        }
        assert_eq!(replayed, f.provider);
        let policies = f.provider.client(acme).unwrap().policies();
        assert_eq!(
            policies.enabled().collect::<Vec<_>>(),
            [PolicyKind::SingleOrg, PolicyKind::MaximumVaultTimeout]
        );
        // An event that does not fit (enabling again) is refused and changes nothing.
        let again = events[0].clone();
        assert!(replayed.apply(&again).is_err());
        assert_eq!(replayed, f.provider);

        // The portfolio document carries the policies and reads back; it checks against a baseline.
        let portfolio = Portfolio::new(f.provider.clone());
        let read = Portfolio::from_json(&portfolio.to_json().unwrap()).unwrap();
        assert_eq!(read, portfolio);
        let report = read.check_compliance(&example_baseline(), t0());
        assert_eq!(report.totals.clients, 2);
        assert!(!report.compliant);
    }

    #[test]
    fn service_users_manage_policies_of_clients_in_scope_only() {
        let mut f = Fixture::billable(ProviderType::Msp);
        let acme = f.client("Acme", PlanType::EnterpriseMonthly, 10);
        let other = f.client("Other", PlanType::EnterpriseMonthly, 10);
        let service = f.confirmed("sam@northwind.example", ProviderUserType::ServiceUser);
        let admin = f.admin;
        f.provider.set_client_scope(admin, service, Some([acme].into_iter().collect()), t0()).unwrap();
        let single = PolicySettings::new(PolicyKind::SingleOrg);
        assert!(f.provider.enable_client_policy(service, acme, single.clone(), t0()).is_ok());
        assert_eq!(
            code(f.provider.enable_client_policy(service, other, single, t0())),
            "client_out_of_scope"
        );
    }
}

mod schema {
    use mspkit::policy::{PolicyKind, PolicySettings};
    use mspkit::{Error, PlanType, Portfolio, ProviderType};

    use crate::support::{Fixture, t0};

    fn document() -> serde_json::Value {
        let mut f = Fixture::billable(ProviderType::Msp);
        let acme = f.client("Acme", PlanType::EnterpriseMonthly, 10);
        let admin = f.admin;
        f.provider
            .enable_client_policy(admin, acme, PolicySettings::new(PolicyKind::SingleOrg), t0())
            .unwrap();
        serde_json::from_str(&Portfolio::new(f.provider).to_json().unwrap()).unwrap()
    }

    #[test]
    fn version_2_carries_policies_and_version_1_still_reads() {
        let doc = document();
        assert_eq!(doc["schema_version"], 2);
        assert_eq!(
            doc["provider"]["clients"][0]["policies"],
            serde_json::json!([{"policy": "single_org", "enabled": true}])
        );
        // A version 1 document (no policies) is read and migrated: written back as version 2.
        let mut v1 = doc;
        v1["schema_version"] = 1.into();
        v1["provider"]["clients"][0].as_object_mut().unwrap().remove("policies");
        let read = Portfolio::from_json(&v1.to_string()).unwrap();
        assert!(read.provider().clients()[0].policies().is_empty());
        let written: serde_json::Value = serde_json::from_str(&read.to_json().unwrap()).unwrap();
        assert_eq!(written["schema_version"], 2);
    }

    #[test]
    fn a_newer_version_is_refused_clearly() {
        let mut doc = document();
        doc["schema_version"] = 3.into();
        let err = Portfolio::from_json(&doc.to_string()).unwrap_err();
        assert!(matches!(err, Error::Portfolio(_)));
        assert_eq!(err.code(), "portfolio_schema_unsupported");
        assert_eq!(
            err.to_string(),
            "portfolio schema version 3 is not supported; this mspkit reads versions 1 to 2 (the document was written by a newer mspkit: upgrade mspkit)"
        );
        doc["schema_version"] = 0.into();
        assert_eq!(
            Portfolio::from_json(&doc.to_string()).unwrap_err().code(),
            "portfolio_schema_unsupported"
        );
    }

    #[test]
    fn a_bad_policy_in_a_document_keeps_its_code() {
        let mut doc = document();
        doc["provider"]["clients"][0]["policies"] = serde_json::json!([{"policy": "maximum_vault_timeout", "enabled": true, "settings": {"minutes": 0}}]);
        assert_eq!(Portfolio::from_json(&doc.to_string()).unwrap_err().code(), "policy_setting_out_of_range");
        doc["provider"]["clients"][0]["policies"] = serde_json::json!([{"policy": "single_org", "enabled": true}, {"policy": "single_org", "enabled": false}]);
        assert_eq!(Portfolio::from_json(&doc.to_string()).unwrap_err().code(), "duplicate_policy");
    }
}
