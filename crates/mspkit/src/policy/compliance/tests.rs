use chrono::TimeZone;
use proptest::prelude::*;

use super::*;
use crate::policy::{Expectation, Policy, SettingRequirement, SettingRule, SettingValue};

const BASELINE: &str = r#"
name = "standard"
[policies.two_factor_authentication]
[policies.master_password]
min_length = 14
min_complexity = 3
[policies.single_org]
[policies.maximum_vault_timeout]
minutes = 60
[policies.reset_password]
auto_enroll_enabled = true
[policies.require_sso]

[[exceptions]]
client = "Kiosk Co"
policy = "maximum_vault_timeout"
setting = "minutes"
reason = "shared kiosks"
expires = 2027-01-31
"#;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 9, 0, 0).unwrap()
}

fn id(n: u128) -> OrganizationId {
    OrganizationId::from(uuid::Uuid::from_u128(n))
}

fn settings(kind: PolicyKind, values: &[(&str, SettingValue)]) -> PolicySettings {
    values.iter().fold(PolicySettings::new(kind), |s, (k, v)| s.with(k, Some(v.clone())).unwrap())
}

fn drifting() -> PolicySet {
    PolicySet::from_policies([
        Policy::new(settings(PolicyKind::MasterPassword, &[("min_length", SettingValue::Int(12))]), true),
        Policy::new(PolicySettings::new(PolicyKind::SingleOrg), true),
        Policy::new(settings(PolicyKind::MaximumVaultTimeout, &[("minutes", SettingValue::Int(240))]), true),
        Policy::new(PolicySettings::new(PolicyKind::TwoFactorAuthentication), false),
    ])
    .unwrap()
}

fn codes(c: &ClientCompliance) -> Vec<(&'static str, String)> {
    c.findings.iter().map(|f| (f.code.code(), f.subject())).collect()
}

#[test]
fn findings_per_code_with_expected_and_actual() {
    let baseline = Baseline::from_toml(BASELINE).unwrap();
    let set = drifting();
    let client = ClientPolicies {
        id: id(1),
        name: &"Acme".into(),
        plan: PlanType::EnterpriseAnnually,
        policies: &set,
    };
    let c = baseline.check_client(client, now());
    assert_eq!(
        codes(&c),
        [
            ("policy_disabled", "two_factor_authentication".to_owned()),
            ("policy_missing", "require_sso".to_owned()),
            ("policy_missing", "reset_password".to_owned()),
            ("setting_weaker", "master_password.min_complexity".to_owned()),
            ("setting_weaker", "master_password.min_length".to_owned()),
            ("setting_weaker", "maximum_vault_timeout.minutes".to_owned()),
        ]
    );
    let first = c.findings.first().unwrap();
    assert_eq!(
        (first.severity, first.expected.as_str(), first.actual.as_str()),
        (Severity::Critical, "enabled", "disabled")
    );
    let min_length = c.findings.iter().find(|f| f.setting == Some("min_length")).unwrap();
    assert_eq!((min_length.expected.as_str(), min_length.actual.as_str()), (">= 14", "12"));
    let complexity = c.findings.iter().find(|f| f.setting == Some("min_complexity")).unwrap();
    assert_eq!(complexity.actual, "unset");
    let timeout = c.findings.iter().find(|f| f.setting == Some("minutes")).unwrap();
    assert_eq!(
        (timeout.expected.as_str(), timeout.actual.as_str(), timeout.severity),
        ("<= 60", "240", Severity::Medium)
    );

    let teams =
        ClientPolicies { id: id(2), name: &"Small".into(), plan: PlanType::TeamsMonthly, policies: &set };
    let c = baseline.check_client(teams, now());
    assert!(c.findings.iter().all(|f| f.code == FindingCode::NotAvailableOnPlan));
    assert_eq!(c.findings.len(), 6);
}

#[test]
fn exceptions_accept_until_they_expire() {
    let baseline = Baseline::from_toml(BASELINE).unwrap();
    let set = drifting();
    let kiosk = ClientPolicies {
        id: id(3),
        name: &"Kiosk Co".into(),
        plan: PlanType::EnterpriseAnnually,
        policies: &set,
    };
    let c = baseline.check_client(kiosk, now());
    assert!(!c.findings.iter().any(|f| f.setting == Some("minutes")));
    let accepted = c.accepted.first().unwrap();
    assert_eq!(
        (accepted.finding.subject().as_str(), accepted.reason.as_str()),
        ("maximum_vault_timeout.minutes", "shared kiosks")
    );
    // The last day still holds; the next day the finding is back, marked.
    let last_day = Utc.with_ymd_and_hms(2027, 1, 31, 23, 59, 59).unwrap();
    assert_eq!(baseline.check_client(kiosk, last_day).accepted.len(), 1);
    let later = Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap();
    let c = baseline.check_client(kiosk, later);
    assert!(c.accepted.is_empty());
    let back = c.findings.iter().find(|f| f.setting == Some("minutes")).unwrap();
    assert_eq!(back.exception_expired, NaiveDate::from_ymd_opt(2027, 1, 31));
    // The exception names one client: another one is not covered.
    let other = ClientPolicies { name: &"Acme".into(), ..kiosk };
    assert!(baseline.check_client(other, now()).accepted.is_empty());
    // By id too.
    let by_id = Baseline::from_toml(&BASELINE.replace("\"Kiosk Co\"", &format!("\"{}\"", id(9)))).unwrap();
    assert_eq!(by_id.check_client(ClientPolicies { id: id(9), ..other }, now()).accepted.len(), 1);
}

#[test]
fn remediation_enables_single_org_before_require_sso_and_fixes_settings() {
    let baseline = Baseline::from_toml(BASELINE).unwrap();
    let mut set = PolicySet::default();
    set.apply(&PolicyChange::Enabled { settings: PolicySettings::new(PolicyKind::SingleOrg) }).unwrap();
    set.apply(&PolicyChange::Disabled { kind: PolicyKind::SingleOrg }).unwrap();
    let client =
        ClientPolicies { id: id(4), name: &"Acme".into(), plan: PlanType::EnterpriseMonthly, policies: &set };
    let plan = baseline.remediation(client, now()).unwrap();
    let steps: Vec<String> = plan.steps.iter().map(ToString::to_string).collect();
    assert_eq!(
        steps,
        [
            "enable two_factor_authentication",
            "enable master_password (min_complexity=3, min_length=14, require_upper=false, require_lower=false, require_numbers=false, require_special=false, enforce_on_login=false)",
            "enable single_org",
            "enable require_sso",
            "enable reset_password (auto_enroll_enabled=true)",
            "enable maximum_vault_timeout (minutes=60)",
        ]
    );
    let mut fixed = set.clone();
    plan.apply_to(&mut fixed).unwrap();
    let client = ClientPolicies { policies: &fixed, ..client };
    assert!(baseline.check_client(client, now()).is_compliant());
    // A plan is validated before anything is applied: on other state it is refused whole.
    let mut other = fixed.clone();
    assert!(plan.apply_to(&mut other).is_err());
    assert_eq!(other, fixed);
}

#[test]
fn portfolio_sorts_by_severity_and_counts() {
    let baseline = Baseline::from_toml(BASELINE).unwrap();
    let weak = drifting();
    let empty = PolicySet::default();
    let weak_client = ClientPolicies {
        id: id(5),
        name: &"Weak".into(),
        plan: PlanType::EnterpriseAnnually,
        policies: &weak,
    };
    let mut fixed = weak.clone();
    baseline.remediation(weak_client, now()).unwrap().apply_to(&mut fixed).unwrap();
    let clients = [
        ClientPolicies {
            id: id(8),
            name: &"Good".into(),
            plan: PlanType::EnterpriseAnnually,
            policies: &fixed,
        },
        ClientPolicies {
            id: id(7),
            name: &"Drifting".into(),
            plan: PlanType::EnterpriseAnnually,
            policies: &fixed,
        },
        weak_client,
        ClientPolicies {
            id: id(6),
            name: &"Bare".into(),
            plan: PlanType::EnterpriseAnnually,
            policies: &empty,
        },
    ];
    let mut drifting = fixed.clone();
    let timeout = drifting.get(PolicyKind::MaximumVaultTimeout).unwrap().settings().clone();
    let longer = timeout.clone().with("minutes", Some(SettingValue::Int(61))).unwrap();
    drifting.apply(&PolicyChange::SettingsChanged { from: timeout, to: longer }).unwrap();
    let clients = [clients[0], ClientPolicies { policies: &drifting, ..clients[1] }, clients[2], clients[3]];
    let report = baseline.check_portfolio(clients, now());
    let order: Vec<&str> = report.clients.iter().map(|c| &*c.client_name).collect();
    // Critical first (equal worst and equal counts keep the given order), then medium, then compliant.
    assert_eq!(order, ["Weak", "Bare", "Drifting", "Good"]);
    assert_eq!(report.totals.clients, 4);
    assert_eq!(report.totals.compliant_clients, 1);
    assert_eq!(report.totals.by_code.get("policy_missing"), Some(&8));
    assert!(!report.compliant);
    let findings = report.findings();
    assert!(findings.windows(2).all(|w| w[0].1.severity >= w[1].1.severity));
}

fn arb_value(spec: &'static crate::policy::SettingSpec) -> BoxedStrategy<Option<SettingValue>> {
    match spec.rule {
        SettingRule::AtLeast { min, max } | SettingRule::AtMost { min, max } => {
            let max = max.min(min + 500);
            proptest::option::of((min..=max).prop_map(SettingValue::Int)).boxed()
        }
        SettingRule::Flag => any::<bool>().prop_map(|b| Some(SettingValue::Bool(b))).boxed(),
        SettingRule::Choice(names) => proptest::option::of(
            proptest::sample::select(names).prop_map(|n| SettingValue::Text(n.to_owned())),
        )
        .boxed(),
        SettingRule::Text { https_url: true, .. } => proptest::option::of(
            "[a-z]{1,8}".prop_map(|h| SettingValue::Text(format!("https://{h}.example/r"))),
        )
        .boxed(),
        SettingRule::Text { .. } => proptest::option::of("[a-z ]{0,12}".prop_map(SettingValue::Text)).boxed(),
    }
}

fn arb_settings(kind: PolicyKind) -> BoxedStrategy<PolicySettings> {
    let specs = kind.settings();
    specs
        .iter()
        .map(arb_value)
        .collect::<Vec<_>>()
        .prop_map(move |values| {
            specs
                .iter()
                .zip(values)
                .fold(PolicySettings::new(kind), |s, (spec, v)| s.with(spec.name, v).unwrap())
        })
        .boxed()
}

fn arb_policy() -> impl Strategy<Value = Policy> {
    proptest::sample::select(PolicyKind::all())
        .prop_flat_map(|kind| (arb_settings(kind), any::<bool>()))
        .prop_map(|(settings, enabled)| Policy::new(settings, enabled))
}

fn arb_expectation(spec: &'static crate::policy::SettingSpec) -> BoxedStrategy<Option<Expectation>> {
    let strategy: BoxedStrategy<Expectation> = match spec.rule {
        SettingRule::AtLeast { min, max } => {
            (min..=max.min(min + 500)).prop_map(Expectation::AtLeast).boxed()
        }
        SettingRule::AtMost { min, max } => (min..=max.min(min + 500)).prop_map(Expectation::AtMost).boxed(),
        SettingRule::Flag => any::<bool>().prop_map(|b| Expectation::Equals(SettingValue::Bool(b))).boxed(),
        SettingRule::Choice(names) => proptest::sample::subsequence(names, 1..=names.len())
            .prop_map(|n| Expectation::OneOf(n.into_iter().map(str::to_owned).collect()))
            .boxed(),
        SettingRule::Text { https_url: true, .. } => "[a-z]{1,8}"
            .prop_map(|h| Expectation::Equals(SettingValue::Text(format!("https://{h}.example/r"))))
            .boxed(),
        SettingRule::Text { .. } => {
            "[a-z]{1,12}".prop_map(|t| Expectation::Equals(SettingValue::Text(t))).boxed()
        }
    };
    if spec.required { strategy.prop_map(Some).boxed() } else { proptest::option::of(strategy).boxed() }
}

fn arb_requirement(kind: PolicyKind) -> BoxedStrategy<Requirement> {
    kind.settings()
        .iter()
        .map(arb_expectation)
        .collect::<Vec<_>>()
        .prop_map(move |wants| Requirement {
            kind,
            settings: kind
                .settings()
                .iter()
                .zip(wants)
                .filter_map(|(spec, want)| {
                    want.map(|expectation| SettingRequirement { setting: spec.name, expectation })
                })
                .collect(),
        })
        .boxed()
}

fn arb_baseline() -> impl Strategy<Value = Baseline> {
    proptest::sample::subsequence(PolicyKind::all(), 0..=10)
        .prop_flat_map(|kinds| kinds.into_iter().map(arb_requirement).collect::<Vec<_>>())
        .prop_map(|requirements| Baseline { requirements, ..Baseline::default() })
}

fn arb_plan() -> impl Strategy<Value = PlanType> {
    proptest::sample::select(vec![
        PlanType::EnterpriseAnnually,
        PlanType::Custom,
        PlanType::TeamsMonthly,
        PlanType::Free,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// For random clients and baselines, after applying the remediation plan compliance is
    /// empty, or every remaining finding is `not_available_on_plan`.
    #[test]
    fn remediation_makes_clients_compliant(
        policies in proptest::collection::vec(arb_policy(), 0..12),
        baseline in arb_baseline(),
        plan in arb_plan(),
    ) {
        // Later duplicates of a kind are dropped: an organization has one policy per kind.
        let mut seen = Vec::new();
        let unique: Vec<Policy> = policies.into_iter().filter(|p| {
            let fresh = !seen.contains(&p.kind());
            seen.push(p.kind());
            fresh
        }).collect();
        let set = PolicySet::from_policies(unique).unwrap();
        let client = ClientPolicies { id: id(7), name: &"Random".into(), plan, policies: &set };
        let remediation = baseline.remediation(client, now()).unwrap();
        remediation.validate(&set).unwrap();
        let mut fixed = set.clone();
        remediation.apply_to(&mut fixed).unwrap();
        let after = baseline.check_client(ClientPolicies { policies: &fixed, ..client }, now());
        prop_assert!(
            after.findings.iter().all(|f| f.code == FindingCode::NotAvailableOnPlan),
            "{:?}", after.findings
        );
        prop_assert_eq!(after.findings.len(), remediation.unfixable.len());
    }
}
