//! Compliance of clients against a provider baseline, and remediation plans.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

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
    /// The client's name, shared: a report keeps a reference count, not a copy (issue 14).
    pub name: &'a Arc<str>,
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
    /// The client's name (shared with the client it was checked from: one reference count per
    /// client, no copy; serialized as a string).
    #[serde(serialize_with = "shared_str")]
    pub client_name: Arc<str>,
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

fn shared_str<S: serde::Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
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

/// How many clients a portfolio check reads ahead ([`prefetch`]).
const LOOKAHEAD: usize = 16;

/// Reads, and drops, what checking `clients` will read first: each client's policies and its
/// name's shared text.
///
/// Why: each client's policies and name are a block of their own on the heap; at 100 000
/// clients (about 70 MB) they are no longer in the caches, and checking one client at a time
/// waited for each block on its own (issue 14: compliance grew 28× from 10 000 to 100 000
/// clients). Read together, the independent reads wait for memory at the same time.
fn prefetch(clients: &[ClientPolicies<'_>]) {
    for client in clients {
        for policy in client.policies.as_slice() {
            std::hint::black_box(policy.enabled());
        }
        std::hint::black_box(client.name.as_bytes().first());
    }
}

fn covers(exception: &PolicyException, client: &ClientPolicies<'_>, finding: &Finding) -> bool {
    exception.policy == finding.policy
        && (exception.setting.is_none() || exception.setting == finding.setting)
        && (*exception.client == **client.name || exception.client == client.id.to_string())
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
            client_name: Arc::clone(client.name),
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
        let mut batch: Vec<ClientPolicies<'a>> = Vec::with_capacity(LOOKAHEAD);
        for client in clients {
            batch.push(client);
            if batch.len() == LOOKAHEAD {
                prefetch(&batch);
                for client in batch.drain(..) {
                    order.push(self.check_client(client, now));
                }
            }
        }
        prefetch(&batch);
        for client in batch {
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
/// moved at most twice (into the list in the given order, then into its place by a swap in the
/// same list) whatever the portfolio's size, and no second list is made.
#[derive(Debug)]
struct ReportOrder {
    /// The clients in the order given (put in their places at the end, in place).
    clients: Vec<ClientCompliance>,
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
        self.clients.push(client);
    }

    fn finish(self, baseline: &Baseline) -> PortfolioCompliance {
        let Self { mut clients, flagged, compliant_clients, findings, accepted, by_code, by_severity } = self;
        let total = clients.len();
        let mut order = Vec::with_capacity(total);
        let mut placed = vec![false; total];
        for positions in flagged.into_values() {
            for i in positions {
                if let Some(p) = placed.get_mut(i) {
                    *p = true;
                    order.push(i);
                }
            }
        }
        // Then the compliant clients, in the order given.
        order.extend(placed.iter().enumerate().filter(|(_, p)| !**p).map(|(i, _)| i));
        crate::layout::reorder(&mut clients, order);
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
            clients,
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
mod tests;
