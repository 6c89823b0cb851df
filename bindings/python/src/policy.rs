//! Policies, baselines and compliance: `Baseline`, the compliance reports, `assert_compliant`.

use chrono::{NaiveDate, Utc};
use mspkit::policy::{self as core, BaselineError as CoreBaselineError, PolicyError as CorePolicyError};
use pyo3::exceptions::PyAssertionError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use uuid::Uuid;

use crate::convert::{UtcTime, json_to_python};
use crate::enums::PlanType;
use crate::errors::MspkitError;

pyo3::create_exception!(
    mspkit,
    PolicyError,
    MspkitError,
    "A policy, a policy setting or a policy change was refused."
);
pyo3::create_exception!(
    mspkit,
    BaselineError,
    MspkitError,
    "A baseline file was refused; `.line` and `.key` say where."
);

/// `mspkit.ComplianceError`: raised by `assert_compliant`. It is an `AssertionError` (so pytest
/// reports it as a failed assertion) and an `MspkitError` (`.code` is `not_compliant`); its
/// message lists every finding and `.findings` holds them.
static COMPLIANCE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn compliance_error_type(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    COMPLIANCE_ERROR
        .get_or_try_init(py, || {
            let bases = PyTuple::new(py, [py.get_type::<PyAssertionError>(), py.get_type::<MspkitError>()])?;
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "mspkit")?;
            namespace.set_item(
                "__doc__",
                "Clients do not meet a baseline: an AssertionError and an MspkitError (code `not_compliant`) \
                 whose message lists every finding; `.findings` holds them.",
            )?;
            let class = py.get_type::<PyType>().call1(("ComplianceError", bases, namespace))?;
            Ok::<_, PyErr>(class.cast_into::<PyType>()?.unbind())
        })
        .map(|class| class.bind(py).clone())
}

/// A `PolicyError` with `.code`.
#[allow(dead_code, reason = "raised by the client policy commands, which land with the events model")]
pub fn policy_err(err: &CorePolicyError) -> PyErr {
    let py_err = PolicyError::new_err(err.to_string());
    Python::attach(|py| {
        let _ = py_err.value(py).setattr("code", err.code());
    });
    py_err
}

/// A `BaselineError` with `.code`, `.line` and `.key`.
pub fn baseline_err(err: &CoreBaselineError) -> PyErr {
    let py_err = BaselineError::new_err(err.to_string());
    Python::attach(|py| {
        let value = py_err.value(py);
        let _ = value.setattr("code", err.code());
        let _ = value.setattr("line", err.location().and_then(|l| l.line));
        let _ = value.setattr("key", err.location().map(|l| l.key.clone()).filter(|k| !k.is_empty()));
    });
    py_err
}

/// A provider's baseline: the policies every client must have enabled, the weakest settings
/// accepted, and documented exceptions. Read from TOML or JSON.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub(crate) inner: core::Baseline,
}

#[pymethods]
impl Baseline {
    /// Reads a TOML baseline.
    #[classmethod]
    fn from_toml(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        core::Baseline::from_toml(text).map(|inner| Self { inner }).map_err(|e| baseline_err(&e))
    }

    /// Reads a JSON baseline.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        core::Baseline::from_json(text).map(|inner| Self { inner }).map_err(|e| baseline_err(&e))
    }

    /// Reads a baseline file (`.toml` or `.json`).
    #[classmethod]
    fn load(_cls: &Bound<'_, PyType>, path: std::path::PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path)?;
        let name = path.to_string_lossy();
        core::Baseline::from_file_text(&name, &text).map(|inner| Self { inner }).map_err(|e| baseline_err(&e))
    }

    /// The baseline's name, if it has one.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The baseline's description, if it has one.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }

    /// The policies it requires (snake_case names, in code order).
    #[getter]
    fn required_policies(&self) -> Vec<&'static str> {
        self.inner.requirements.iter().map(|r| r.kind.name()).collect()
    }

    /// How many exceptions it documents.
    #[getter]
    fn exception_count(&self) -> usize {
        self.inner.exceptions.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Baseline(name={:?}, required_policies={:?})",
            self.inner.name.as_deref().unwrap_or(""),
            self.required_policies()
        )
    }
}

/// One gap between a client's policies and the baseline.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    inner: core::Finding,
}

#[pymethods]
impl Finding {
    /// `policy_missing`, `policy_disabled`, `setting_weaker` or `not_available_on_plan`.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.code()
    }

    /// `critical`, `high` or `medium`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.name()
    }

    /// The policy (snake_case name).
    #[getter]
    fn policy(&self) -> &'static str {
        self.inner.policy.name()
    }

    /// The setting, for `setting_weaker`.
    #[getter]
    fn setting(&self) -> Option<&'static str> {
        self.inner.setting
    }

    /// What the baseline asks.
    #[getter]
    fn expected(&self) -> &str {
        &self.inner.expected
    }

    /// What the client has.
    #[getter]
    fn actual(&self) -> &str {
        &self.inner.actual
    }

    /// The last day of an exception that covered the finding and has expired.
    #[getter]
    fn exception_expired(&self) -> Option<NaiveDate> {
        self.inner.exception_expired
    }

    /// One line for people.
    fn describe(&self) -> String {
        self.inner.describe()
    }

    fn __repr__(&self) -> String {
        format!("Finding({:?}, {:?})", self.inner.code.code(), self.inner.subject())
    }
}

/// A finding accepted by an exception that still holds.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedFinding {
    inner: core::AcceptedFinding,
}

#[pymethods]
impl AcceptedFinding {
    /// The finding.
    #[getter]
    fn finding(&self) -> Finding {
        Finding { inner: self.inner.finding.clone() }
    }

    /// Why the risk is accepted.
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }

    /// The exception's last day.
    #[getter]
    fn expires(&self) -> NaiveDate {
        self.inner.expires
    }

    fn __repr__(&self) -> String {
        format!("AcceptedFinding({:?}, expires={})", self.inner.finding.subject(), self.inner.expires)
    }
}

/// One client's compliance with a baseline.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct ClientCompliance {
    pub(crate) inner: core::ClientCompliance,
}

#[pymethods]
impl ClientCompliance {
    /// The client organization's id.
    #[getter]
    fn client_id(&self) -> Uuid {
        self.inner.client_id.uuid()
    }

    /// The client's name.
    #[getter]
    fn client_name(&self) -> &str {
        &self.inner.client_name
    }

    /// The client's plan.
    #[getter]
    fn plan(&self) -> PyResult<PlanType> {
        self.inner.plan.try_into()
    }

    /// Whether no finding is left unaccepted.
    #[getter]
    fn is_compliant(&self) -> bool {
        self.inner.is_compliant()
    }

    /// The unaccepted findings, most severe first.
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.inner.findings.iter().map(|f| Finding { inner: f.clone() }).collect()
    }

    /// The findings accepted by an exception.
    #[getter]
    fn accepted(&self) -> Vec<AcceptedFinding> {
        self.inner.accepted.iter().map(|a| AcceptedFinding { inner: a.clone() }).collect()
    }

    fn __repr__(&self) -> String {
        format!("ClientCompliance({:?}, findings={})", self.inner.client_name, self.inner.findings.len())
    }
}

/// Every client's compliance, worst first, with totals and report formats.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioCompliance {
    pub(crate) inner: core::PortfolioCompliance,
}

#[pymethods]
impl PortfolioCompliance {
    /// Whether every client is compliant.
    #[getter]
    fn compliant(&self) -> bool {
        self.inner.compliant
    }

    /// The clients, worst first.
    #[getter]
    fn clients(&self) -> Vec<ClientCompliance> {
        self.inner.clients.iter().map(|c| ClientCompliance { inner: c.clone() }).collect()
    }

    /// Every unaccepted finding as `(client name, finding)`, most severe first.
    #[getter]
    fn findings(&self) -> Vec<(String, Finding)> {
        self.inner
            .findings()
            .into_iter()
            .map(|(c, f)| (c.client_name.clone(), Finding { inner: f.clone() }))
            .collect()
    }

    /// The totals as a dict (`clients`, `compliant_clients`, `findings`, `accepted`, `by_code`,
    /// `by_severity`).
    #[getter]
    fn totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.inner.totals)
            .map_err(|e| crate::errors::validation_error("json_write_failed", &e.to_string()))?;
        json_to_python(py, &text)
    }

    /// The human table `mspkit check` prints.
    fn to_table(&self) -> String {
        self.inner.to_table()
    }

    /// The report as JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The report as JUnit XML.
    fn to_junit(&self) -> String {
        self.inner.to_junit()
    }

    fn __repr__(&self) -> String {
        let t = &self.inner.totals;
        format!(
            "PortfolioCompliance(clients={}, compliant_clients={}, findings={})",
            t.clients, t.compliant_clients, t.findings
        )
    }
}

/// The catalogue of policy kinds: a list of dicts with `code`, `name`, `display_name`,
/// `requires` and `settings` (each with `name`, `rule`, `required`, and `min`/`max` or `choices`).
#[pyfunction]
fn policy_catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for kind in core::PolicyKind::all() {
        let entry = PyDict::new(py);
        entry.set_item("code", kind.code())?;
        entry.set_item("name", kind.name())?;
        entry.set_item("display_name", kind.display_name())?;
        entry.set_item("requires", kind.requires().iter().map(|k| k.name()).collect::<Vec<_>>())?;
        let settings = PyList::empty(py);
        for spec in kind.settings() {
            let s = PyDict::new(py);
            s.set_item("name", spec.name)?;
            s.set_item("required", spec.required)?;
            match spec.rule {
                core::SettingRule::AtLeast { min, max } | core::SettingRule::AtMost { min, max } => {
                    let rule = if matches!(spec.rule, core::SettingRule::AtMost { .. }) {
                        "at_most"
                    } else {
                        "at_least"
                    };
                    s.set_item("rule", rule)?;
                    s.set_item("min", min)?;
                    s.set_item("max", max)?;
                }
                core::SettingRule::Flag => s.set_item("rule", "flag")?,
                core::SettingRule::Choice(names) => {
                    s.set_item("rule", "choice")?;
                    s.set_item("choices", names.to_vec())?;
                }
                core::SettingRule::Text { max_chars, https_url } => {
                    s.set_item("rule", if https_url { "https_url" } else { "text" })?;
                    s.set_item("max_chars", max_chars)?;
                }
            }
            settings.append(s)?;
        }
        entry.set_item("settings", settings)?;
        list.append(entry)?;
    }
    Ok(list)
}

/// `now` or the clock: the binding may read the clock, the core never does.
#[allow(dead_code, reason = "used by the portfolio checks, which land with the events model")]
pub fn now_or_clock(now: Option<UtcTime>) -> chrono::DateTime<Utc> {
    now.map_or_else(Utc::now, |t| t.0)
}

/// Raises `ComplianceError` listing every finding of `report` unless it is compliant.
#[allow(dead_code, reason = "used by assert_compliant, which lands with the events model")]
pub fn raise_unless_compliant(py: Python<'_>, report: &core::PortfolioCompliance) -> PyResult<()> {
    if report.compliant {
        return Ok(());
    }
    let mut lines = vec![format!(
        "{} of {} client(s) do not meet the baseline ({} finding(s)):",
        report.totals.clients - report.totals.compliant_clients,
        report.totals.clients,
        report.totals.findings
    )];
    let mut findings = Vec::new();
    for (client, finding) in report.findings() {
        lines.push(format!("  {} [{}] {}", client.client_name, finding.severity.name(), finding.describe()));
        findings.push((client.client_name.clone(), Finding { inner: finding.clone() }));
    }
    let class = compliance_error_type(py)?;
    let err = PyErr::from_type(class, lines.join("\n"));
    let value = err.value(py);
    value.setattr("code", "not_compliant")?;
    value.setattr("findings", findings)?;
    Err(err)
}

/// Registers the classes, functions and exceptions on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("BaselineError", py.get_type::<BaselineError>())?;
    m.add("ComplianceError", compliance_error_type(py)?)?;
    m.add_class::<Baseline>()?;
    m.add_class::<Finding>()?;
    m.add_class::<AcceptedFinding>()?;
    m.add_class::<ClientCompliance>()?;
    m.add_class::<PortfolioCompliance>()?;
    m.add_function(wrap_pyfunction!(policy_catalogue, m)?)?;
    Ok(())
}
