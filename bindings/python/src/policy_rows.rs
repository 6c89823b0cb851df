//! The policy catalogue as typed objects (issue 18, item 2): `policy_catalogue()` returns a
//! `PolicyCatalogueEntry` per kind, each with its `PolicySettingSpec`s; `to_dict()` is the dict
//! the function returned before ([`mspkit::policy::CatalogueEntry`]'s JSON).

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
    m.add_function(wrap_pyfunction!(policy_catalogue, m)?)?;
    Ok(())
}
