//! Policy reports as typed objects (issue 18, item 2): `policy_catalogue()` returns a
//! `PolicyCatalogueEntry` per kind, each with its `PolicySettingSpec`s
//! ([`mspkit::policy::CatalogueEntry`]); `PortfolioCompliance.totals` is a `ComplianceTotals`
//! and `check_tiers()` a `TieredCompliance`. `to_dict()` is the dict each returned before.

use mspkit::policy as core;
use pyo3::prelude::*;

use crate::convert::to_python;
use crate::rows::{row_class, wrap};

row_class! {
    /// One setting of a policy kind: its name, rule and range.
    PolicySettingSpec(core::CatalogueSetting), dict: to_python;
    {
        /// The setting's snake_case name.
        #[getter]
        fn name(&self) -> &'static str {
            self.inner.spec.name
        }

        /// Whether the policy cannot be enabled without it.
        #[getter]
        fn required(&self) -> bool {
            self.inner.spec.required
        }

        /// `at_least`, `at_most`, `flag`, `choice`, `text` or `https_url`.
        #[getter]
        fn rule(&self) -> &'static str {
            self.inner.rule_name()
        }

        /// The smallest value allowed (`at_least`, `at_most`); `None` otherwise.
        #[getter]
        fn min(&self) -> Option<i64> {
            match self.inner.spec.rule {
                core::SettingRule::AtLeast { min, .. } | core::SettingRule::AtMost { min, .. } => Some(min),
                _ => None,
            }
        }

        /// The largest value allowed (`at_least`, `at_most`); `None` otherwise.
        #[getter]
        fn max(&self) -> Option<i64> {
            match self.inner.spec.rule {
                core::SettingRule::AtLeast { max, .. } | core::SettingRule::AtMost { max, .. } => Some(max),
                _ => None,
            }
        }

        /// The names allowed (`choice`); `None` otherwise.
        #[getter]
        fn choices(&self) -> Option<Vec<&'static str>> {
            match self.inner.spec.rule {
                core::SettingRule::Choice(names) => Some(names.to_vec()),
                _ => None,
            }
        }

        /// The longest text allowed, in characters (`text`, `https_url`); `None` otherwise.
        #[getter]
        fn max_chars(&self) -> Option<usize> {
            match self.inner.spec.rule {
                core::SettingRule::Text { max_chars, .. } => Some(max_chars),
                _ => None,
            }
        }
    }
}

row_class! {
    /// One kind of the policy catalogue (`policy_catalogue()`).
    PolicyCatalogueEntry(core::CatalogueEntry), dict: to_python;
    {
        /// The reference's code.
        #[getter]
        fn code(&self) -> u8 {
            self.inner.kind.code()
        }

        /// The snake_case name (`master_password`).
        #[getter]
        fn name(&self) -> &'static str {
            self.inner.kind.name()
        }

        /// The name people read (`Master password requirements`).
        #[getter]
        fn display_name(&self) -> &'static str {
            self.inner.kind.display_name()
        }

        /// The policies that must be enabled first.
        #[getter]
        fn requires(&self) -> Vec<&'static str> {
            self.inner.kind.requires().iter().map(|k| k.name()).collect()
        }

        /// Its settings, in a fixed order (empty for an on/off policy).
        #[getter]
        fn settings(&self) -> Vec<PolicySettingSpec> {
            wrap(&self.inner.settings())
        }
    }
}

row_class! {
    /// Counts of a compliance report's findings (`PortfolioCompliance.totals`).
    ComplianceTotals(core::ComplianceTotals), dict: to_python;
    {
        /// Clients checked.
        #[getter]
        fn clients(&self) -> usize {
            self.inner.clients
        }

        /// Clients without unaccepted findings.
        #[getter]
        fn compliant_clients(&self) -> usize {
            self.inner.compliant_clients
        }

        /// Unaccepted findings.
        #[getter]
        fn findings(&self) -> usize {
            self.inner.findings
        }

        /// Findings accepted by an exception.
        #[getter]
        fn accepted(&self) -> usize {
            self.inner.accepted
        }

        /// Unaccepted findings per code.
        #[getter]
        fn by_code(&self) -> std::collections::BTreeMap<String, usize> {
            self.inner.by_code.clone()
        }

        /// Unaccepted findings per severity.
        #[getter]
        fn by_severity(&self) -> std::collections::BTreeMap<String, usize> {
            self.inner.by_severity.clone()
        }
    }
}

row_class! {
    /// A client no baseline selects (`TieredCompliance.unselected`).
    UnselectedClient(core::UnselectedClient), dict: to_python;
    {
        /// The organization id.
        #[getter]
        fn client_id(&self) -> uuid::Uuid {
            self.inner.client_id.uuid()
        }

        /// The client's name.
        #[getter]
        fn client_name(&self) -> &str {
            &self.inner.client_name
        }

        /// Its tags (perhaps none).
        #[getter]
        fn tags(&self) -> Vec<String> {
            self.inner.tags.iter().map(ToString::to_string).collect()
        }
    }
}

row_class! {
    /// The clients one set of baselines selected, and their compliance (`TieredCompliance.tiers`).
    TierCompliance(core::TierCompliance), dict: to_python;
    {
        /// The baselines that selected these clients, by name, in the order given.
        #[getter]
        fn baselines(&self) -> Vec<String> {
            self.inner.baselines.clone()
        }

        /// The compliance against their strictest combination.
        #[getter]
        fn report(&self) -> crate::policy::PortfolioCompliance {
            crate::policy::PortfolioCompliance { inner: self.inner.report.clone() }
        }
    }
}

row_class! {
    /// Every client's compliance with the baselines its tags select, by tier (`check_tiers()`).
    TieredCompliance(core::TieredCompliance), dict: to_python;
    {
        /// Whether every client is selected by some baseline and compliant with it.
        #[getter]
        fn compliant(&self) -> bool {
            self.inner.compliant
        }

        /// One tier per set of baselines that selected some client.
        #[getter]
        fn tiers(&self) -> Vec<TierCompliance> {
            wrap(&self.inner.tiers)
        }

        /// The clients no baseline selects: each is a finding.
        #[getter]
        fn unselected(&self) -> Vec<UnselectedClient> {
            wrap(&self.inner.unselected)
        }

        /// The report as JSON.
        fn to_json(&self) -> PyResult<String> {
            crate::convert::to_json(&self.inner)
        }
    }
}

/// The catalogue of policy kinds: a `PolicyCatalogueEntry` per kind (`code`, `name`,
/// `display_name`, `requires`, `settings`; `to_dict()` for the dict of each).
#[pyfunction]
pub fn policy_catalogue() -> Vec<PolicyCatalogueEntry> {
    wrap(&core::catalogue())
}

/// Registers the classes and the function.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PolicySettingSpec>()?;
    m.add_class::<PolicyCatalogueEntry>()?;
    m.add_class::<ComplianceTotals>()?;
    m.add_class::<UnselectedClient>()?;
    m.add_class::<TierCompliance>()?;
    m.add_class::<TieredCompliance>()?;
    m.add_function(wrap_pyfunction!(policy_catalogue, m)?)?;
    Ok(())
}
