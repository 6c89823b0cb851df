//! Compliance of clients against a provider baseline, and remediation plans.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{
    Baseline, Policy, PolicyChange, PolicyError, PolicyException, PolicyKind, PolicySet, PolicySettings,
    Requirement,
};
use crate::ids::OrganizationId;
use crate::plan::PlanType;

/// What kind of gap a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// The baseline requires a policy the client never configured.
    PolicyMissing,
    /// The baseline requires a policy the client has switched off.
    PolicyDisabled,
    /// An enabled policy's setting is weaker than the baseline accepts (or unset).
    SettingWeaker,
    /// The client's plan does not offer the required policy: only a plan change fixes it.
    NotAvailableOnPlan,
}

impl FindingCode {
    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::PolicyMissing => "policy_missing",
            Self::PolicyDisabled => "policy_disabled",
            Self::SettingWeaker => "setting_weaker",
            Self::NotAvailableOnPlan => "not_available_on_plan",
        }
    }
}

/// How serious a finding is. Missing or disabled two-step login or master-password policy is
/// critical; any other missing, disabled or unavailable policy is high; a weaker setting is medium.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A setting weaker than the baseline.
    Medium,
    /// A required policy that is not in force.
    High,
    /// Two-step login or the master-password policy not in force.
    Critical,
}

impl Severity {
    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }
}

/// One gap between a client's policies and the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// What kind of gap.
    pub code: FindingCode,
    /// How serious.
    pub severity: Severity,
    /// The policy.
    pub policy: PolicyKind,
    /// The setting, for `setting_weaker`.
    pub setting: Option<&'static str>,
    /// What the baseline asks (`enabled`, `>= 14`, `<= 60`, `true`, `one of lock, log_out`).
    pub expected: String,
    /// What the client has (`not configured`, `disabled`, `12`, `unset`, …).
    pub actual: String,
    /// When an exception covered this finding but has expired: its last day.
    pub exception_expired: Option<NaiveDate>,
}

impl Finding {
    /// `policy` or `policy.setting`.
    pub fn subject(&self) -> String {
        match self.setting {
            Some(setting) => format!("{}.{setting}", self.policy),
            None => self.policy.name().to_owned(),
        }
    }

    /// One line for people: `master_password.min_length: expected >= 14, found 12 (setting_weaker)`.
    pub fn describe(&self) -> String {
        let mut line = format!(
            "{}: expected {}, found {} ({})",
            self.subject(),
            self.expected,
            self.actual,
            self.code.code()
        );
        if let Some(day) = self.exception_expired {
            let _ = write!(line, "; its exception expired on {day}");
        }
        line
    }
}

/// A finding turned into an accepted risk by an exception that still holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AcceptedFinding {
    /// The finding.
    pub finding: Finding,
    /// The exception's reason.
    pub reason: String,
    /// The exception's last day.
    pub expires: NaiveDate,
}

/// What compliance needs to know of one client.
#[derive(Debug, Clone, Copy)]
pub struct ClientPolicies<'a> {
    /// The organization id.
    pub id: OrganizationId,
    /// The client's name.
    pub name: &'a str,
    /// Its plan.
    pub plan: PlanType,
    /// Its policies.
    pub policies: &'a PolicySet,
}

/// One client's compliance: the unaccepted findings (worst first) and the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientCompliance {
    /// The organization id.
    pub client_id: OrganizationId,
    /// The client's name.
    pub client_name: String,
    /// Its plan.
    pub plan: PlanType,
    /// The findings no exception covers, most severe first.
    pub findings: Vec<Finding>,
    /// The findings an exception covers.
    pub accepted: Vec<AcceptedFinding>,
}

impl ClientCompliance {
    /// Whether the client has no unaccepted finding.
    pub fn is_compliant(&self) -> bool {
        self.findings.is_empty()
    }

    /// The most severe unaccepted finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

fn severity(code: FindingCode, policy: PolicyKind) -> Severity {
    match code {
        FindingCode::SettingWeaker => Severity::Medium,
        FindingCode::PolicyMissing | FindingCode::PolicyDisabled
            if matches!(policy, PolicyKind::TwoFactorAuthentication | PolicyKind::MasterPassword) =>
        {
            Severity::Critical
        }
        _ => Severity::High,
    }
}

fn finding(
    code: FindingCode,
    policy: PolicyKind,
    setting: Option<&'static str>,
    expected: String,
    actual: String,
) -> Finding {
    Finding {
        code,
        severity: severity(code, policy),
        policy,
        setting,
        expected,
        actual,
        exception_expired: None,
    }
}

fn requirement_findings(
    requirement: &Requirement,
    client: &ClientPolicies<'_>,
    stored: Option<&Policy>,
    out: &mut Vec<Finding>,
) {
    let kind = requirement.kind;
    if !kind.available_on(client.plan) {
        out.push(finding(
            FindingCode::NotAvailableOnPlan,
            kind,
            None,
            "enabled".into(),
            format!("not offered on the {} plan", client.plan.name()),
        ));
        return;
    }
    match stored {
        None => out.push(finding(
            FindingCode::PolicyMissing,
            kind,
            None,
            "enabled".into(),
            "not configured".into(),
        )),
        Some(policy) if !policy.enabled() => {
            out.push(finding(FindingCode::PolicyDisabled, kind, None, "enabled".into(), "disabled".into()));
        }
        Some(policy) => {
            for want in &requirement.settings {
                let actual = policy.settings().get(want.setting);
                if !want.expectation.is_met_by(actual.as_ref()) {
                    out.push(finding(
                        FindingCode::SettingWeaker,
                        kind,
                        Some(want.setting),
                        want.expectation.to_string(),
                        actual.map_or_else(|| "unset".to_owned(), |v| v.to_string()),
                    ));
                }
            }
        }
    }
}

fn covers(exception: &PolicyException, client: &ClientPolicies<'_>, finding: &Finding) -> bool {
    exception.policy == finding.policy
        && (exception.setting.is_none() || exception.setting == finding.setting)
        && (exception.client == client.name || exception.client == client.id.to_string())
}

impl Baseline {
    /// The compliance of one client on `now`'s date (UTC).
    pub fn check_client(&self, client: ClientPolicies<'_>, now: DateTime<Utc>) -> ClientCompliance {
        let mut findings = Vec::new();
        // Requirements and stored policies are both in code order: one forward walk over the
        // client's policies (sequential memory, no search per requirement).
        let mut stored = client.policies.as_slice().iter().peekable();
        for requirement in &self.requirements {
            while stored.next_if(|p| p.kind() < requirement.kind).is_some() {}
            let policy = stored.next_if(|p| p.kind() == requirement.kind);
            requirement_findings(requirement, &client, policy, &mut findings);
        }
        let mut accepted = Vec::new();
        if !self.exceptions.is_empty() && !findings.is_empty() {
            findings = self.apply_exceptions(&client, now.date_naive(), findings, &mut accepted);
        }
        // Stable: equal severities keep the requirements' (code) order.
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.policy.cmp(&b.policy)));
        ClientCompliance {
            client_id: client.id,
            client_name: client.name.to_owned(),
            plan: client.plan,
            findings,
            accepted,
        }
    }

    /// Splits `raw` into the findings no exception holding on `today` covers (returned, marked
    /// when a covering exception has expired) and the accepted ones (pushed to `accepted`).
    fn apply_exceptions(
        &self,
        client: &ClientPolicies<'_>,
        today: NaiveDate,
        raw: Vec<Finding>,
        accepted: &mut Vec<AcceptedFinding>,
    ) -> Vec<Finding> {
        let mut findings = Vec::with_capacity(raw.len());
        for mut f in raw {
            let mut matching = self.exceptions.iter().filter(|e| covers(e, client, &f)).peekable();
            if matching.peek().is_none() {
                findings.push(f);
                continue;
            }
            let (holding, expired): (Vec<&PolicyException>, Vec<&PolicyException>) =
                matching.partition(|e| e.holds_on(today));
            if let Some(e) = holding.into_iter().max_by_key(|e| e.expires) {
                accepted.push(AcceptedFinding { finding: f, reason: e.reason.clone(), expires: e.expires });
            } else {
                f.exception_expired = expired.iter().map(|e| e.expires).max();
                findings.push(f);
            }
        }
        findings
    }

    /// The compliance of every client: see [`PortfolioCompliance`].
    pub fn check_portfolio<'a>(
        &self,
        clients: impl IntoIterator<Item = ClientPolicies<'a>>,
        now: DateTime<Utc>,
    ) -> PortfolioCompliance {
        let clients = clients.into_iter();
        let mut order = ReportOrder::with_capacity(clients.size_hint().0);
        for client in clients {
            order.push(self.check_client(client, now));
        }
        order.finish(self)
    }

    /// The remediation plan for one client on `now`'s date: the ordered policy changes that
    /// fix every unaccepted finding the plan allows to fix (required policies first, so
    /// single_org comes before require_sso), each checked against the state the earlier steps
    /// leave. Findings only a plan change can fix are returned as `unfixable`.
    pub fn remediation(
        &self,
        client: ClientPolicies<'_>,
        now: DateTime<Utc>,
    ) -> Result<RemediationPlan, PolicyError> {
        let compliance = self.check_client(client, now);
        let mut state = client.policies.clone();
        let mut steps = Vec::new();
        let mut unfixable = Vec::new();
        let mut kinds: Vec<PolicyKind> = Vec::new();
        for f in compliance.findings {
            if f.code == FindingCode::NotAvailableOnPlan {
                unfixable.push(f);
            } else if !kinds.contains(&f.policy) {
                kinds.push(f.policy);
            }
        }
        // Policies that others require come first; then code order.
        kinds.sort_by_key(|k| (!k.requires().is_empty(), *k));
        for kind in kinds {
            for required in kind.requires() {
                if !state.is_enabled(*required) {
                    let settings = state
                        .get(*required)
                        .map_or_else(|| PolicySettings::new(*required), |p| p.settings().clone());
                    push(&mut state, &mut steps, client.plan, PolicyChange::Enabled { settings })?;
                }
            }
            let current = state.get(kind).map_or_else(|| PolicySettings::new(kind), |p| p.settings().clone());
            let mut target = current.clone();
            if let Some(requirement) = self.requirement(kind) {
                for want in &requirement.settings {
                    if !want.expectation.is_met_by(target.get(want.setting).as_ref()) {
                        target = target.with(want.setting, Some(want.expectation.target()))?;
                    }
                }
            }
            let change = if state.is_enabled(kind) {
                PolicyChange::SettingsChanged { from: current, to: target }
            } else {
                PolicyChange::Enabled { settings: target }
            };
            push(&mut state, &mut steps, client.plan, change)?;
        }
        Ok(RemediationPlan { client_id: client.id, plan: client.plan, steps, unfixable })
    }
}

fn push(
    state: &mut PolicySet,
    steps: &mut Vec<PolicyChange>,
    plan: PlanType,
    change: PolicyChange,
) -> Result<(), PolicyError> {
    state.check(plan, &change)?;
    state.apply(&change)?;
    steps.push(change);
    Ok(())
}

/// The ordered changes that bring one client to the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemediationPlan {
    /// The client.
    pub client_id: OrganizationId,
    /// The plan the steps were checked against.
    pub plan: PlanType,
    /// The changes, in the order they must be made.
    pub steps: Vec<PolicyChange>,
    /// Findings no policy change can fix (`not_available_on_plan`).
    pub unfixable: Vec<Finding>,
}

impl RemediationPlan {
    /// Checks every step against `policies` in order, without changing them.
    pub fn validate(&self, policies: &PolicySet) -> Result<(), PolicyError> {
        let mut state = policies.clone();
        for step in &self.steps {
            state.check(self.plan, step)?;
            state.apply(step)?;
        }
        Ok(())
    }

    /// Applies every step to `policies`, after validating the whole plan: all or nothing.
    pub fn apply_to(&self, policies: &mut PolicySet) -> Result<(), PolicyError> {
        self.validate(policies)?;
        for step in &self.steps {
            policies.apply(step)?;
        }
        Ok(())
    }
}

/// Counts of findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceTotals {
    /// Clients checked.
    pub clients: usize,
    /// Clients without unaccepted findings.
    pub compliant_clients: usize,
    /// Unaccepted findings.
    pub findings: usize,
    /// Findings accepted by an exception.
    pub accepted: usize,
    /// Unaccepted findings per code.
    pub by_code: BTreeMap<String, usize>,
    /// Unaccepted findings per severity.
    pub by_severity: BTreeMap<String, usize>,
}

/// Most severe first, then most findings first.
type SortKey = (std::cmp::Reverse<Option<Severity>>, std::cmp::Reverse<usize>);

/// Every client's compliance, the worst clients first, with totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortfolioCompliance {
    /// The baseline's name.
    pub baseline: Option<String>,
    /// The policies the baseline requires, in code order.
    pub required_policies: Vec<PolicyKind>,
    /// Whether every client is compliant.
    pub compliant: bool,
    /// The totals.
    pub totals: ComplianceTotals,
    /// The clients, sorted by their worst finding (most severe first), then by the number of
    /// findings (most first), then in the order given.
    pub clients: Vec<ClientCompliance>,
}

/// Builds a [`PortfolioCompliance`] one client at a time, in one pass: the totals are counted
/// while each client's findings are still in cache (fixed counters, no key allocated per
/// finding), and the order is a bucket sort over client positions, so that every client is
/// moved twice (into the list in the given order, then into its place) whatever the portfolio's
/// size, and no list is reallocated on the way.
#[derive(Debug)]
struct ReportOrder {
    /// The clients in the order given; a slot is emptied when its client moves to its place.
    clients: Vec<Option<ClientCompliance>>,
    /// The positions of the clients with findings, per sort key (most severe, most findings
    /// first), each list in the order given.
    flagged: BTreeMap<SortKey, Vec<usize>>,
    compliant_clients: usize,
    findings: usize,
    accepted: usize,
    /// Unaccepted findings per [`FindingCode`], in its declaration order.
    by_code: [usize; 4],
    /// Unaccepted findings per [`Severity`], in its declaration order.
    by_severity: [usize; 3],
}

impl ReportOrder {
    fn with_capacity(clients: usize) -> Self {
        Self {
            clients: Vec::with_capacity(clients),
            flagged: BTreeMap::new(),
            compliant_clients: 0,
            findings: 0,
            accepted: 0,
            by_code: [0; 4],
            by_severity: [0; 3],
        }
    }

    fn push(&mut self, client: ClientCompliance) {
        self.findings += client.findings.len();
        self.accepted += client.accepted.len();
        if client.is_compliant() {
            self.compliant_clients += 1;
        } else {
            let mut worst = None;
            for f in &client.findings {
                let code = match f.code {
                    FindingCode::PolicyMissing => 0,
                    FindingCode::PolicyDisabled => 1,
                    FindingCode::SettingWeaker => 2,
                    FindingCode::NotAvailableOnPlan => 3,
                };
                let severity = match f.severity {
                    Severity::Medium => 0,
                    Severity::High => 1,
                    Severity::Critical => 2,
                };
                if let Some(n) = self.by_code.get_mut(code) {
                    *n += 1;
                }
                if let Some(n) = self.by_severity.get_mut(severity) {
                    *n += 1;
                }
                worst = worst.max(Some(f.severity));
            }
            let key = (std::cmp::Reverse(worst), std::cmp::Reverse(client.findings.len()));
            self.flagged.entry(key).or_default().push(self.clients.len());
        }
        self.clients.push(Some(client));
    }

    fn finish(self, baseline: &Baseline) -> PortfolioCompliance {
        let Self { mut clients, flagged, compliant_clients, findings, accepted, by_code, by_severity } = self;
        let total = clients.len();
        let mut sorted = Vec::with_capacity(total);
        for positions in flagged.into_values() {
            sorted.extend(positions.into_iter().filter_map(|i| clients.get_mut(i).and_then(Option::take)));
        }
        // What is left are the compliant clients, in the order given.
        sorted.extend(clients.into_iter().flatten());
        let codes = [
            FindingCode::PolicyMissing,
            FindingCode::PolicyDisabled,
            FindingCode::SettingWeaker,
            FindingCode::NotAvailableOnPlan,
        ];
        let severities = [Severity::Medium, Severity::High, Severity::Critical];
        let totals = ComplianceTotals {
            clients: total,
            compliant_clients,
            findings,
            accepted,
            by_code: codes
                .iter()
                .zip(by_code)
                .filter(|(_, n)| *n > 0)
                .map(|(code, n)| (code.code().to_owned(), n))
                .collect(),
            by_severity: severities
                .iter()
                .zip(by_severity)
                .filter(|(_, n)| *n > 0)
                .map(|(severity, n)| (severity.name().to_owned(), n))
                .collect(),
        };
        PortfolioCompliance {
            baseline: baseline.name.clone(),
            required_policies: baseline.requirements.iter().map(|r| r.kind).collect(),
            compliant: totals.findings == 0,
            totals,
            clients: sorted,
        }
    }
}

impl PortfolioCompliance {
    /// Sorts the clients and counts. Clients of equal worst severity and equal number of
    /// findings keep the order they were given in (a bucket sort: linear in the clients).
    pub fn new(baseline: &Baseline, clients: Vec<ClientCompliance>) -> Self {
        let mut order = ReportOrder::with_capacity(clients.len());
        for client in clients {
            order.push(client);
        }
        order.finish(baseline)
    }

    /// Every unaccepted finding with its client, most severe first.
    pub fn findings(&self) -> Vec<(&ClientCompliance, &Finding)> {
        let mut all: Vec<_> =
            self.clients.iter().flat_map(|c| c.findings.iter().map(move |f| (c, f))).collect();
        all.sort_by_key(|(_, f)| std::cmp::Reverse(f.severity));
        all
    }
}

#[cfg(test)]
mod tests {
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
            Policy::new(
                settings(PolicyKind::MaximumVaultTimeout, &[("minutes", SettingValue::Int(240))]),
                true,
            ),
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
        let client =
            ClientPolicies { id: id(1), name: "Acme", plan: PlanType::EnterpriseAnnually, policies: &set };
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

        let teams = ClientPolicies { id: id(2), name: "Small", plan: PlanType::TeamsMonthly, policies: &set };
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
            name: "Kiosk Co",
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
        let other = ClientPolicies { name: "Acme", ..kiosk };
        assert!(baseline.check_client(other, now()).accepted.is_empty());
        // By id too.
        let by_id =
            Baseline::from_toml(&BASELINE.replace("\"Kiosk Co\"", &format!("\"{}\"", id(9)))).unwrap();
        assert_eq!(by_id.check_client(ClientPolicies { id: id(9), ..other }, now()).accepted.len(), 1);
    }

    #[test]
    fn remediation_enables_single_org_before_require_sso_and_fixes_settings() {
        let baseline = Baseline::from_toml(BASELINE).unwrap();
        let mut set = PolicySet::default();
        set.apply(&PolicyChange::Enabled { settings: PolicySettings::new(PolicyKind::SingleOrg) }).unwrap();
        set.apply(&PolicyChange::Disabled { kind: PolicyKind::SingleOrg }).unwrap();
        let client =
            ClientPolicies { id: id(4), name: "Acme", plan: PlanType::EnterpriseMonthly, policies: &set };
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
        let weak_client =
            ClientPolicies { id: id(5), name: "Weak", plan: PlanType::EnterpriseAnnually, policies: &weak };
        let mut fixed = weak.clone();
        baseline.remediation(weak_client, now()).unwrap().apply_to(&mut fixed).unwrap();
        let clients = [
            ClientPolicies { id: id(8), name: "Good", plan: PlanType::EnterpriseAnnually, policies: &fixed },
            ClientPolicies {
                id: id(7),
                name: "Drifting",
                plan: PlanType::EnterpriseAnnually,
                policies: &fixed,
            },
            weak_client,
            ClientPolicies { id: id(6), name: "Bare", plan: PlanType::EnterpriseAnnually, policies: &empty },
        ];
        let mut drifting = fixed.clone();
        let timeout = drifting.get(PolicyKind::MaximumVaultTimeout).unwrap().settings().clone();
        let longer = timeout.clone().with("minutes", Some(SettingValue::Int(61))).unwrap();
        drifting.apply(&PolicyChange::SettingsChanged { from: timeout, to: longer }).unwrap();
        let clients =
            [clients[0], ClientPolicies { policies: &drifting, ..clients[1] }, clients[2], clients[3]];
        let report = baseline.check_portfolio(clients, now());
        let order: Vec<&str> = report.clients.iter().map(|c| c.client_name.as_str()).collect();
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
            SettingRule::Text { .. } => {
                proptest::option::of("[a-z ]{0,12}".prop_map(SettingValue::Text)).boxed()
            }
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
            SettingRule::AtMost { min, max } => {
                (min..=max.min(min + 500)).prop_map(Expectation::AtMost).boxed()
            }
            SettingRule::Flag => {
                any::<bool>().prop_map(|b| Expectation::Equals(SettingValue::Bool(b))).boxed()
            }
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
            let client = ClientPolicies { id: id(7), name: "Random", plan, policies: &set };
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
}
