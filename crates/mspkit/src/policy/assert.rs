//! Compliance as assertions in the users' own tests: [`assert_compliant!`](crate::assert_compliant).

use chrono::{DateTime, Utc};

use super::{Baseline, ClientCompliance, ClientPolicies, PortfolioCompliance};
use crate::client::ClientOrganization;
use crate::portfolio::Portfolio;
use crate::provider::Provider;

/// Something that can be checked against a baseline: a client's policies, a client
/// organization, a portfolio.
pub trait CheckCompliance {
    /// The compliance report at `now`.
    fn check_compliance(&self, baseline: &Baseline, now: DateTime<Utc>) -> PortfolioCompliance;
}

impl CheckCompliance for ClientPolicies<'_> {
    fn check_compliance(&self, baseline: &Baseline, now: DateTime<Utc>) -> PortfolioCompliance {
        baseline.check_portfolio([*self], now)
    }
}

impl<'a> From<&'a ClientOrganization> for ClientPolicies<'a> {
    fn from(c: &'a ClientOrganization) -> Self {
        Self { id: c.id(), name: c.shared_name(), plan: c.plan(), policies: c.policies() }
    }
}

impl CheckCompliance for ClientOrganization {
    fn check_compliance(&self, baseline: &Baseline, now: DateTime<Utc>) -> PortfolioCompliance {
        baseline.check_portfolio([ClientPolicies::from(self)], now)
    }
}

impl CheckCompliance for Provider {
    fn check_compliance(&self, baseline: &Baseline, now: DateTime<Utc>) -> PortfolioCompliance {
        baseline.check_portfolio(self.clients().iter().map(ClientPolicies::from), now)
    }
}

impl CheckCompliance for Portfolio {
    fn check_compliance(&self, baseline: &Baseline, now: DateTime<Utc>) -> PortfolioCompliance {
        self.provider().check_compliance(baseline, now)
    }
}

impl<T: CheckCompliance + ?Sized> CheckCompliance for &T {
    fn check_compliance(&self, baseline: &Baseline, now: DateTime<Utc>) -> PortfolioCompliance {
        (**self).check_compliance(baseline, now)
    }
}

/// A compliance result that can be asserted.
pub trait ComplianceOutcome {
    /// `None` when compliant; else a message listing every unaccepted finding, one a line.
    fn failure_message(&self) -> Option<String>;
}

/// A value in a failure message, escaped and cut ([`crate::text::shown`]): one finding, one line.
fn shown(text: &str) -> String {
    crate::text::shown(text, crate::text::MAX_SHOWN_CHARS)
}

fn lines<'a>(clients: impl IntoIterator<Item = &'a ClientCompliance>) -> Vec<String> {
    let mut out = Vec::new();
    for client in clients {
        for f in &client.findings {
            out.push(format!(
                "  {} [{}] {}",
                shown(&client.client_name),
                f.severity.name(),
                shown(&f.describe())
            ));
        }
    }
    out
}

impl ComplianceOutcome for ClientCompliance {
    fn failure_message(&self) -> Option<String> {
        (!self.is_compliant()).then(|| {
            let mut text = format!(
                "`{}` does not meet the baseline ({} finding(s)):",
                shown(&self.client_name),
                self.findings.len()
            );
            for line in lines([self]) {
                text.push('\n');
                text.push_str(&line);
            }
            text
        })
    }
}

impl ComplianceOutcome for PortfolioCompliance {
    fn failure_message(&self) -> Option<String> {
        (!self.compliant).then(|| {
            let t = &self.totals;
            let mut text = format!(
                "{} of {} client(s) do not meet the baseline ({} finding(s)):",
                t.clients - t.compliant_clients,
                t.clients,
                t.findings
            );
            for line in lines(&self.clients) {
                text.push('\n');
                text.push_str(&line);
            }
            text
        })
    }
}

/// Asserts that a compliance result has no unaccepted finding; the panic message lists every
/// finding. Two forms: `assert_compliant!(report)` for a [`ClientCompliance`] or a
/// [`PortfolioCompliance`], and `assert_compliant!(target, &baseline, now)` for anything that is
/// [`CheckCompliance`].
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mspkit::assert_compliant;
/// use mspkit::policy::{Baseline, ClientPolicies, Policy, PolicyKind, PolicySet, PolicySettings};
///
/// let baseline = Baseline::from_toml("[policies.single_org]")?;
/// let policies = PolicySet::from_policies([Policy::new(PolicySettings::new(PolicyKind::SingleOrg), true)])?;
/// let client = ClientPolicies {
///     id: uuid::Uuid::from_u128(1).into(),
///     name: &"Acme".into(),
///     plan: mspkit::PlanType::EnterpriseAnnually,
///     policies: &policies,
/// };
/// let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
/// assert_compliant!(client, &baseline, now);
///
/// let empty = PolicySet::default();
/// let bare = ClientPolicies { policies: &empty, ..client };
/// let failure = std::panic::catch_unwind(|| assert_compliant!(bare, &baseline, now)).unwrap_err();
/// let message = failure.downcast_ref::<String>().unwrap();
/// assert!(message.contains("Acme [high] single_org: expected enabled, found not configured (policy_missing)"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
macro_rules! assert_compliant {
    ($report:expr $(,)?) => {
        if let ::core::option::Option::Some(message) =
            $crate::policy::ComplianceOutcome::failure_message(&$report)
        {
            // An assertion macro fails the caller's test by panicking, as `assert!` does.
            ::core::panic!("{}", message); // allow-panic
        }
    };
    ($target:expr, $baseline:expr, $now:expr $(,)?) => {
        $crate::assert_compliant!($crate::policy::CheckCompliance::check_compliance(
            &$target, $baseline, $now
        ))
    };
}
