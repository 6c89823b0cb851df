//! Issue 15's reference features at the Python edge: the provider's billing warnings
//! (`GetProviderWarningsQuery`). No rule lives here; the core decides.

use mspkit::billing::{self as core, TaxFacts, TaxIdVerification};
use pyo3::prelude::*;
use uuid::Uuid;

use crate::convert::PyDay;
use crate::errors::{to_py_err, validation_error};

/// The provider is suspended: what the person looking can do and when the subscription cancels.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspensionWarning {
    inner: core::SuspensionWarning,
}

#[pymethods]
impl SuspensionWarning {
    /// `add_payment_method` (a provider admin, unpaid), `contact_administrator` (anyone else in
    /// the team, unpaid) or `contact_support` (disabled for another reason).
    #[getter]
    fn resolution(&self) -> &'static str {
        self.inner.resolution.name()
    }

    /// When the unpaid subscription cancels (given to a provider admin only).
    #[getter]
    fn subscription_cancels_on(&self) -> Option<PyDay> {
        self.inner.subscription_cancels_on.map(PyDay)
    }

    fn __repr__(&self) -> String {
        match self.inner.subscription_cancels_on {
            Some(day) => format!("SuspensionWarning({}, cancels on {day})", self.inner.resolution.name()),
            None => format!("SuspensionWarning({})", self.inner.resolution.name()),
        }
    }
}

/// The provider's billing warnings (the reference's `ProviderWarnings`).
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderWarnings {
    inner: core::ProviderWarnings,
}

#[pymethods]
impl ProviderWarnings {
    /// The suspension, while the provider is disabled; `None` otherwise.
    #[getter]
    fn suspension(&self) -> Option<SuspensionWarning> {
        self.inner.suspension.map(|inner| SuspensionWarning { inner })
    }

    /// `tax_id_missing`, `tax_id_pending_verification` or `tax_id_failed_verification` (for
    /// provider admins); `None` otherwise.
    #[getter]
    fn tax_id(&self) -> Option<&'static str> {
        self.inner.tax_id.map(core::TaxIdWarning::name)
    }

    /// Whether there is nothing to warn of.
    #[getter]
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The JSON: `{"suspension": {"resolution": …, "subscription_cancels_on": …}, "tax_id": …}`,
    /// each key absent when there is nothing to say.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| validation_error("json_write_failed", &e.to_string()))
    }

    fn __repr__(&self) -> String {
        format!(
            "ProviderWarnings(suspension={}, tax_id={})",
            self.inner.suspension.map_or("None", |s| s.resolution.name()),
            self.inner.tax_id.map_or("None", core::TaxIdWarning::name)
        )
    }
}

/// `Provider.provider_warnings`: the tax facts from keywords (`tax_id` one of `pending`,
/// `verified`, `unverified`, `unknown`, or `None` for no tax id).
pub fn provider_warnings(
    provider: &mspkit::Provider,
    viewer: Uuid,
    country: Option<String>,
    registered: bool,
    tax_id: Option<&str>,
    exempt: bool,
) -> PyResult<ProviderWarnings> {
    let tax_id = tax_id
        .map(|name| {
            serde_json::from_value::<TaxIdVerification>(serde_json::Value::String(name.to_owned())).map_err(|_| {
                validation_error(
                    "unknown_name",
                    &format!(
                        "`{}` is not a tax-id verification; use `pending`, `verified`, `unverified` or `unknown`",
                        mspkit::text::shown(name, 40)
                    ),
                )
            })
        })
        .transpose()?;
    let facts = TaxFacts { exempt, country, registered, tax_id };
    provider
        .provider_warnings(mspkit::ProviderUserId::new(viewer), &facts)
        .map(|inner| ProviderWarnings { inner })
        .map_err(to_py_err)
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SuspensionWarning>()?;
    m.add_class::<ProviderWarnings>()?;
    Ok(())
}
