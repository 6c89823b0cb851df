//! The compliance report's values: findings, one client's compliance, a portfolio's report.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::policy::PolicyKind;

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
    /// A [`SmolStr`]: read it as a `&str` (`&finding.expected`, `.as_str()`); a text of up to
    /// 23 bytes is kept inline, so a finding allocates nothing for it (issue 14).
    pub expected: SmolStr,
    /// What the client has (`not configured`, `disabled`, `12`, `unset`, …): a [`SmolStr`], as
    /// `expected`.
    pub actual: SmolStr,
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

/// One client's compliance: the unaccepted findings (worst first) and the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientCompliance {
    /// The organization id.
    pub client_id: OrganizationId,
    /// The client's name: a [`SmolStr`], read as a `&str`; a name of up to 23 bytes is kept
    /// inline (no allocation, no shared count to write and release per report; issue 14), a
    /// longer one is shared with the client. Serialized as a string.
    pub client_name: SmolStr,
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

impl PortfolioCompliance {
    /// Every unaccepted finding with its client, most severe first.
    pub fn findings(&self) -> Vec<(&ClientCompliance, &Finding)> {
        let mut all: Vec<_> =
            self.clients.iter().flat_map(|c| c.findings.iter().map(move |f| (c, f))).collect();
        all.sort_by_key(|(_, f)| std::cmp::Reverse(f.severity));
        all
    }
}
