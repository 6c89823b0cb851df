//! Compliance of clients against a provider baseline, and remediation plans.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use smol_str::{SmolStr, ToSmolStr as _, format_smolstr};

use super::{
    Baseline, Policy, PolicyChange, PolicyError, PolicyException, PolicyKind, PolicySet, PolicySettings,
    Requirement,
};
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use order::ReportOrder;
pub use report::{
    AcceptedFinding, ClientCompliance, ComplianceTotals, Finding, FindingCode, PortfolioCompliance, Severity,
};

/// What compliance needs to know of one client.
#[derive(Debug, Clone, Copy)]
pub struct ClientPolicies<'a> {
    /// The organization id.
    pub id: OrganizationId,
    /// The client's name (a [`SmolStr`]: a name of up to 23 bytes is kept inline, and a report's
    /// copy of it is a copy of those bytes, with no allocation and no shared count; issue 14).
    pub name: &'a SmolStr,
    /// Its plan.
    pub plan: PlanType,
    /// Its policies.
    pub policies: &'a PolicySet,
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
    expected: SmolStr,
    actual: SmolStr,
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

/// What every missing, disabled or unavailable policy is expected to be.
const ENABLED: SmolStr = SmolStr::new_static("enabled");

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
            ENABLED,
            format_smolstr!("not offered on the {} plan", client.plan.name()),
        ));
        return;
    }
    match stored {
        None => out.push(finding(
            FindingCode::PolicyMissing,
            kind,
            None,
            ENABLED,
            SmolStr::new_static("not configured"),
        )),
        Some(policy) if !policy.enabled() => {
            out.push(finding(
                FindingCode::PolicyDisabled,
                kind,
                None,
                ENABLED,
                SmolStr::new_static("disabled"),
            ));
        }
        Some(policy) => {
            for want in &requirement.settings {
                let actual = policy.settings().get(want.setting);
                if !want.expectation.is_met_by(actual.as_ref()) {
                    out.push(finding(
                        FindingCode::SettingWeaker,
                        kind,
                        Some(want.setting),
                        want.expectation.to_smolstr(),
                        actual.map_or_else(|| SmolStr::new_static("unset"), |v| v.to_smolstr()),
                    ));
                }
            }
        }
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
        self.check_client_with(client, now, &mut Vec::new())
    }

    /// [`Baseline::check_client`], finding the gaps in `raw` (emptied first, and left empty):
    /// a portfolio check reuses one, so that a client's findings are allocated once, at their
    /// exact number, and a compliant client allocates nothing.
    fn check_client_with(
        &self,
        client: ClientPolicies<'_>,
        now: DateTime<Utc>,
        raw: &mut Vec<Finding>,
    ) -> ClientCompliance {
        raw.clear();
        // Requirements and stored policies are both in code order: one forward walk over the
        // client's policies (sequential memory, no search per requirement).
        let mut stored = client.policies.as_slice().iter().peekable();
        for requirement in &self.requirements {
            while stored.next_if(|p| p.kind() < requirement.kind).is_some() {}
            let policy = stored.next_if(|p| p.kind() == requirement.kind);
            requirement_findings(requirement, &client, policy, raw);
        }
        let mut accepted = Vec::new();
        let mut findings: Vec<Finding> = if !self.exceptions.is_empty() && !raw.is_empty() {
            self.apply_exceptions(&client, now.date_naive(), raw.drain(..), &mut accepted)
        } else {
            let mut exact = Vec::with_capacity(raw.len());
            exact.append(raw);
            exact
        };
        // Stable: equal severities keep the requirements' (code) order.
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.policy.cmp(&b.policy)));
        ClientCompliance {
            client_id: client.id,
            client_name: client.name.clone(),
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
        raw: std::vec::Drain<'_, Finding>,
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
        let mut raw = Vec::with_capacity(self.requirements.len());
        for client in clients {
            order.push(self.check_client_with(client, now, &mut raw));
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
}

mod order;
mod report;
#[cfg(test)]
mod tests;
