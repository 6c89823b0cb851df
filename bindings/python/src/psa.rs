//! PSA reconciliation (issue 17) at the Python edge: companies are dicts (`company_id`,
//! `company_name`, optional `agreement` and `quantity`), read from a PSA's CSV export by
//! `read_psa_csv` or built by the caller (input documents stay dicts); the matching is the
//! core's ([`mspkit::billing::PsaReconciliation`]), its findings and proposals typed rows
//! (`PsaFinding`, `PsaMatch`).

use mspkit::billing::{self as core, PsaCompany, PsaSystem};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use uuid::Uuid;

use crate::billing::{billing_err, to_dict};
use crate::convert::{Int, Text, reader};
use crate::rows::row_class;

/// A row's optional text field: absent or `None` is none.
fn optional_text(row: &Bound<'_, PyAny>, key: &str, n: u64) -> PyResult<Option<String>> {
    match row.get_item(key) {
        Ok(value) if value.is_none() => Ok(None),
        Ok(value) => value.extract::<Text>().map(|t| Some(t.0)).map_err(|e| {
            // A lone surrogate stays `invalid_text`; another type is the row's error.
            if e.is_instance_of::<pyo3::exceptions::PyTypeError>(row.py()) {
                billing_err(row_error(n, &format!("`{key}` is not a string")))
            } else {
                e
            }
        }),
        Err(_) => Ok(None),
    }
}

fn row_error(row: u64, detail: &str) -> core::BillingError {
    core::BillingError::PsaRowInvalid { row, detail: detail.to_owned() }
}

/// One company from a mapping, checked by the core (`psa_row_invalid`, naming its position).
fn company(row: &Bound<'_, PyAny>, n: u64) -> PyResult<PsaCompany> {
    let required = |key: &str| {
        optional_text(row, key, n)?.ok_or_else(|| billing_err(row_error(n, &format!("`{key}` is missing"))))
    };
    let id = required("company_id")?;
    let name = required("company_name")?;
    let agreement = optional_text(row, "agreement", n)?;
    let quantity = match row.get_item("quantity") {
        Ok(value) if value.is_none() => None,
        Ok(value) => Some(
            value
                .extract::<i64>()
                .ok()
                .filter(|q| !value.is_instance_of::<pyo3::types::PyBool>() && *q >= 0)
                .and_then(|q| u32::try_from(q).ok())
                .ok_or_else(|| {
                    billing_err(row_error(n, "`quantity` is not a whole number of seats from 0 to 1000000"))
                })?,
        ),
        Err(_) => None,
    };
    PsaCompany::new(n, &id, &name, agreement.as_deref(), quantity).map_err(billing_err)
}

/// The companies of `rows` (any iterable of mappings), at most [`core::MAX_PSA_COMPANIES`].
pub fn companies(rows: &Bound<'_, PyAny>) -> PyResult<Vec<PsaCompany>> {
    let mut out = Vec::new();
    for (i, row) in rows.try_iter()?.enumerate() {
        if out.len() >= core::MAX_PSA_COMPANIES {
            return Err(billing_err(core::BillingError::PsaTooManyRows { limit: core::MAX_PSA_COMPANIES }));
        }
        out.push(company(&row?, u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1))?);
    }
    Ok(out)
}

/// A company as a dict (the keys `reconcile_psa` takes).
fn company_dict<'py>(py: Python<'py>, c: &PsaCompany) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("company_id", c.company_id())?;
    d.set_item("company_name", c.company_name())?;
    d.set_item("agreement", c.agreement())?;
    d.set_item("quantity", c.quantity())?;
    Ok(d)
}

/// Reads a PSA's company export (CSV text) by the columns of `psa` (`connectwise`, `autotask`,
/// `halo`), or of the PSA its header is from: `(psa, rows)`, each row a dict for
/// `Provider.reconcile_psa`. Refusals are `BillingError` (`psa_header_invalid`,
/// `psa_row_invalid`, `psa_too_many_rows`, `document_too_large` beyond `max_bytes`).
#[pyfunction]
#[pyo3(signature = (text, psa = None, *, max_bytes = None))]
fn read_psa_csv(
    py: Python<'_>,
    text: Text,
    psa: Option<crate::names::PsaSystem>,
    max_bytes: Option<Int<u64>>,
) -> PyResult<(crate::names::PsaSystem, Bound<'_, PyList>)> {
    let system = psa.map(PsaSystem::from);
    let reader = reader(max_bytes);
    let read = py.detach(|| core::read_psa_companies(&text, system, &reader)).map_err(billing_err)?;
    let rows = PyList::empty(py);
    for c in &read.companies {
        rows.append(company_dict(py, c)?)?;
    }
    Ok((read.system.try_into()?, rows))
}

/// The provider's clients and PSA references against a PSA's companies: the findings and the
/// matches mspkit is sure of (`proposals`), to record with `Provider.set_client_references`.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct PsaReconciliation {
    inner: core::PsaReconciliation,
}

impl PsaReconciliation {
    /// Wraps the core's reconciliation.
    pub fn new(inner: core::PsaReconciliation) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl PsaReconciliation {
    /// Distinct companies of the export.
    #[getter]
    fn companies(&self) -> usize {
        self.inner.companies
    }

    /// The provider's clients.
    #[getter]
    fn clients(&self) -> usize {
        self.inner.clients
    }

    /// Clients whose reference names a company of the export.
    #[getter]
    fn matched(&self) -> usize {
        self.inner.matched
    }

    /// The findings (`kind`, `clients`, `company_id`, `company`, `billed_seats`,
    /// `psa_quantity`, `detail`).
    #[getter]
    fn findings(&self) -> Vec<PsaFinding> {
        crate::rows::wrap(&self.inner.findings)
    }

    /// The proposals (`client_id`, `client`, `company_id`, `company`, `by`).
    #[getter]
    fn proposals(&self) -> Vec<PsaMatch> {
        crate::rows::wrap(&self.inner.proposals)
    }

    /// The proposals as `(client id, reference)` pairs, for `Provider.set_client_references`.
    fn references(&self) -> Vec<(uuid::Uuid, String)> {
        self.inner.references().into_iter().map(|(id, r)| (id.uuid(), r)).collect()
    }

    /// The findings as CSV (every cell neutralised against formulas).
    fn to_csv(&self, py: Python<'_>) -> String {
        let inner = &self.inner;
        py.detach(|| inner.to_csv())
    }

    /// The reconciliation as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __len__(&self) -> usize {
        self.inner.findings.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "PsaReconciliation(findings={}, proposals={})",
            self.inner.findings.len(),
            self.inner.proposals.len()
        )
    }
}

/// `Provider.reconcile_psa`.
pub fn reconcile(
    py: Python<'_>,
    p: &crate::provider::Provider,
    rows: &Bound<'_, PyAny>,
) -> PyResult<PsaReconciliation> {
    let companies = companies(rows)?;
    p.get_detached(py, |p| p.reconcile_psa(&companies)).map(PsaReconciliation::new).map_err(billing_err)
}

row_class! {
    /// A client named by a PSA finding.
    PsaClient(core::PsaClient), dict: to_dict;
    {
        /// The client's id.
        #[getter]
        fn id(&self) -> Uuid {
            self.inner.id.uuid()
        }

        /// The client's name.
        #[getter]
        fn name(&self) -> &str {
            &self.inner.name
        }
    }
}

row_class! {
    /// One finding of a PSA reconciliation (`PsaReconciliation.findings`).
    PsaFinding(core::PsaFinding), dict: to_dict;
    {
        /// What it is about (`client_without_reference`, `reference_unmatched`,
        /// `company_without_client`, `quantity_mismatch`).
        #[getter]
        fn kind(&self) -> PyResult<crate::names::PsaFindingKind> {
            self.inner.kind.try_into()
        }

        /// The clients concerned.
        #[getter]
        fn clients(&self) -> Vec<PsaClient> {
            crate::rows::wrap(&self.inner.clients)
        }

        /// The PSA company id, when a company is concerned.
        #[getter]
        fn company_id(&self) -> Option<&str> {
            self.inner.company_id.as_deref()
        }

        /// The PSA company's name, when a company is concerned.
        #[getter]
        fn company(&self) -> Option<&str> {
            self.inner.company.as_deref()
        }

        /// The seats billed to the clients.
        #[getter]
        fn billed_seats(&self) -> Option<u64> {
            self.inner.billed_seats
        }

        /// The company's quantity in the PSA.
        #[getter]
        fn psa_quantity(&self) -> Option<u64> {
            self.inner.psa_quantity
        }

        /// A sentence for people.
        #[getter]
        fn detail(&self) -> &str {
            &self.inner.detail
        }
    }
}

row_class! {
    /// A proposed reference (`PsaReconciliation.proposals`): the client is that company.
    PsaMatch(core::PsaMatch), dict: to_dict;
    {
        /// The client's id.
        #[getter]
        fn client_id(&self) -> Uuid {
            self.inner.client_id.uuid()
        }

        /// The client's name.
        #[getter]
        fn client(&self) -> &str {
            &self.inner.client
        }

        /// The company's id: the reference to set.
        #[getter]
        fn company_id(&self) -> &str {
            &self.inner.company_id
        }

        /// The company's name.
        #[getter]
        fn company(&self) -> &str {
            &self.inner.company
        }

        /// How the match was found (`exact_name` or `normalised_name`).
        #[getter]
        fn by(&self) -> PyResult<crate::names::PsaMatchKind> {
            self.inner.by.try_into()
        }
    }
}

/// Registers the classes and the reader.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PsaReconciliation>()?;
    m.add_class::<PsaClient>()?;
    m.add_class::<PsaFinding>()?;
    m.add_class::<PsaMatch>()?;
    m.add_function(wrap_pyfunction!(read_psa_csv, m)?)?;
    Ok(())
}
