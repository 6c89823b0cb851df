//! The order and totals of a portfolio's compliance report, built one client at a time.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::report::{ClientCompliance, ComplianceTotals, FindingCode, PortfolioCompliance, Severity};
use crate::policy::Baseline;

/// Most severe first, then most findings first.
type SortKey = (Reverse<Option<Severity>>, Reverse<usize>);

/// Builds a [`PortfolioCompliance`] one client at a time, in one pass: the totals are counted
/// while each client's findings are still in cache (fixed counters, no key allocated per
/// finding), and the order is a bucket sort in which every write is sequential.
///
/// The compliant clients (most of a portfolio) go straight into the report's list, in the
/// order given; the clients with findings go into one list per sort key. At the end the
/// compliant clients are moved up by one block copy and the flagged ones, bucket after bucket,
/// fill the front. No client is moved to a random place (a portfolio of 100 000 clients makes a
/// list of about 10 MB, past the caches: a permutation followed cycle by cycle waited for
/// memory on every move; issue 14).
#[derive(Debug)]
pub(super) struct ReportOrder {
    /// The compliant clients in the order given, with room for every client.
    clients: Vec<ClientCompliance>,
    /// The clients with findings, per sort key (most severe, most findings first), each list
    /// in the order given.
    flagged: BTreeMap<SortKey, Vec<ClientCompliance>>,
    flagged_clients: usize,
    findings: usize,
    accepted: usize,
    /// Unaccepted findings per [`FindingCode`], in its declaration order.
    by_code: [usize; 4],
    /// Unaccepted findings per [`Severity`], in its declaration order.
    by_severity: [usize; 3],
}

impl ReportOrder {
    /// An empty report with room for `clients` clients.
    pub(super) fn with_capacity(clients: usize) -> Self {
        Self {
            clients: Vec::with_capacity(clients),
            flagged: BTreeMap::new(),
            flagged_clients: 0,
            findings: 0,
            accepted: 0,
            by_code: [0; 4],
            by_severity: [0; 3],
        }
    }

    /// Counts `client` and puts it in its bucket.
    pub(super) fn push(&mut self, client: ClientCompliance) {
        self.findings += client.findings.len();
        self.accepted += client.accepted.len();
        if client.is_compliant() {
            self.clients.push(client);
            return;
        }
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
        let key = (Reverse(worst), Reverse(client.findings.len()));
        self.flagged_clients += 1;
        self.flagged.entry(key).or_default().push(client);
    }

    /// The report: the flagged clients by sort key, then the compliant ones.
    pub(super) fn finish(self, baseline: &Baseline) -> PortfolioCompliance {
        let Self { mut clients, flagged, flagged_clients, findings, accepted, by_code, by_severity } = self;
        let compliant_clients = clients.len();
        if flagged_clients > 0 {
            let mut front = Vec::with_capacity(flagged_clients);
            for bucket in flagged.into_values() {
                front.extend(bucket);
            }
            // An iterator of exact length: the compliant clients are moved up once, as one block.
            clients.splice(0..0, front);
        }
        let codes = [
            FindingCode::PolicyMissing,
            FindingCode::PolicyDisabled,
            FindingCode::SettingWeaker,
            FindingCode::NotAvailableOnPlan,
        ];
        let severities = [Severity::Medium, Severity::High, Severity::Critical];
        let totals = ComplianceTotals {
            clients: clients.len(),
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
