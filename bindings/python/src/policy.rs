//! Policies, baselines and compliance: `Baseline`, the compliance reports, `assert_compliant`.

use chrono::Utc;
use mspkit::policy::{self as core, BaselineError as CoreBaselineError, PolicyError as CorePolicyError};
use pyo3::exceptions::PyAssertionError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyTuple, PyType};
use uuid::Uuid;

use crate::convert::{Int, PyDay, Text, UtcTime, json_to_python, read_file, reader};
use crate::enums::{PlanType, PolicyKind};
use crate::errors::{MspkitError, to_py_err, validation_error};
use crate::names::Severity;
use crate::provider::{ClientOrganization, Portfolio};

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
pub fn policy_err(err: &CorePolicyError) -> PyErr {
    let py_err = PolicyError::new_err(crate::errors::localized(err.code(), &err.to_string()));
    Python::attach(|py| {
        let _ = py_err.value(py).setattr("code", err.code());
    });
    py_err
}

/// A `BaselineError` with `.code`, `.line` and `.key`.
pub fn baseline_err(err: &CoreBaselineError) -> PyErr {
    let py_err = BaselineError::new_err(crate::errors::localized(err.code(), &err.to_string()));
    Python::attach(|py| {
        let value = py_err.value(py);
        let _ = value.setattr("code", err.code());
        let line = match err {
            CoreBaselineError::Document(mspkit::DocumentError::DuplicateKey { line, .. }) => Some(*line),
            _ => err.location().and_then(|l| l.line),
        };
        let _ = value.setattr("line", line);
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
    /// Reads a TOML baseline through the one document reader (its size limit: 64 MiB, or
    /// `max_bytes`).
    #[classmethod]
    #[pyo3(signature = (text, max_bytes = None))]
    fn from_toml(_cls: &Bound<'_, PyType>, text: Text, max_bytes: Option<Int<u64>>) -> PyResult<Self> {
        core::Baseline::from_toml_with(&text, &reader(max_bytes))
            .map(|inner| Self { inner })
            .map_err(|e| baseline_err(&e))
    }

    /// Reads a JSON baseline through the one document reader: its size limit (64 MiB, or
    /// `max_bytes`), and a key repeated in an object refused (`duplicate_key`).
    #[classmethod]
    #[pyo3(signature = (text, max_bytes = None))]
    fn from_json(_cls: &Bound<'_, PyType>, text: Text, max_bytes: Option<Int<u64>>) -> PyResult<Self> {
        core::Baseline::from_json_with(&text, &reader(max_bytes))
            .map(|inner| Self { inner })
            .map_err(|e| baseline_err(&e))
    }

    /// Reads a baseline file (`.toml` or `.json`) through the one document reader: never more
    /// than its limit (64 MiB, or `max_bytes`; `/dev/zero` is `document_too_large`); a file that
    /// cannot be read, a missing one included, is `read_failed`.
    #[classmethod]
    #[pyo3(signature = (path, max_bytes = None))]
    fn load(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        path: std::path::PathBuf,
        max_bytes: Option<Int<u64>>,
    ) -> PyResult<Self> {
        load_baseline(py, &path, max_bytes).map(|inner| Self { inner })
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
    fn required_policies(&self) -> PyResult<Vec<PolicyKind>> {
        self.inner.requirements.iter().map(|r| PolicyKind::try_from(r.kind)).collect()
    }

    /// The client tags it applies to (empty: every client).
    #[getter]
    fn applies_to(&self) -> Vec<String> {
        self.inner.applies_to.iter().map(|t| t.as_str().to_owned()).collect()
    }

    /// How many exceptions it documents.
    #[getter]
    fn exception_count(&self) -> usize {
        self.inner.exceptions.len()
    }

    /// The compliance of `target` (a `Portfolio`, a `Provider` or a `ClientOrganization`) at
    /// `now` (required: the binding never reads the clock), computed without holding the
    /// interpreter lock.
    fn check(
        &self,
        py: Python<'_>,
        target: &Bound<'_, PyAny>,
        now: UtcTime,
    ) -> PyResult<PortfolioCompliance> {
        check_target(py, target, &self.inner, now.0).map(|inner| PortfolioCompliance { inner })
    }

    /// The remediation plan for one client at `now` (required).
    fn remediation(&self, client: PyRef<'_, ClientOrganization>, now: UtcTime) -> PyResult<RemediationPlan> {
        self.inner
            .remediation((&client.inner).into(), now.0)
            .map(|inner| RemediationPlan { inner })
            .map_err(|e| policy_err(&e))
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

    /// `Severity.CRITICAL`, `Severity.HIGH` or `Severity.MEDIUM`.
    #[getter]
    fn severity(&self) -> PyResult<Severity> {
        self.inner.severity.try_into()
    }

    /// The policy.
    #[getter]
    fn policy(&self) -> PyResult<PolicyKind> {
        self.inner.policy.try_into()
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
    fn exception_expired(&self) -> Option<PyDay> {
        self.inner.exception_expired.map(PyDay)
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
    fn expires(&self) -> PyDay {
        PyDay(self.inner.expires)
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
            .map(|(c, f)| (c.client_name.to_string(), Finding { inner: f.clone() }))
            .collect()
    }

    /// The totals (`clients`, `compliant_clients`, `findings`, `accepted`, `by_code`,
    /// `by_severity`).
    #[getter]
    fn totals(&self) -> crate::policy_rows::ComplianceTotals {
        crate::policy_rows::ComplianceTotals::from(self.inner.totals.clone())
    }

    /// The human table `mspkit check` prints, in the language of `mspkit.set_language`.
    fn to_table(&self) -> String {
        mspkit_i18n::compliance_table(crate::language::current(), &self.inner)
    }

    /// The report as JSON.
    fn to_json(&self) -> PyResult<String> {
        self.inner.to_json().map_err(to_py_err)
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

/// Settings of the policy `kind` from a Python dict of setting names to values (`bool`,
/// `int`, `str` or `None`).
pub fn settings_from_py(
    kind: core::PolicyKind,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<core::PolicySettings> {
    let mut out = core::PolicySettings::new(kind);
    let Some(settings) = settings else { return Ok(out) };
    for (key, value) in settings.iter() {
        let Text(name) = key.extract()?;
        let value = if value.is_none() {
            None
        } else if value.is_instance_of::<PyBool>() {
            Some(core::SettingValue::Bool(value.extract()?))
        } else if value.is_instance_of::<PyInt>() {
            let n: i64 = value
                .extract()
                .map_err(|_| validation_error("int_out_of_range", &format!("`{name}` is too large")))?;
            Some(core::SettingValue::Int(n))
        } else if value.is_instance_of::<PyString>() {
            Some(core::SettingValue::Text(value.extract::<Text>()?.0))
        } else if value.is_instance_of::<PyFloat>() {
            return Err(policy_err(&CorePolicyError::InvalidSetting {
                kind,
                setting: kind.setting(&name).map_or("setting", |s| s.name),
                expected: "a whole number, a flag or a text",
                found: value.str()?.to_string(),
            }));
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "setting `{name}` takes a bool, an int, a str or None"
            )));
        };
        out = out.with(&name, value).map_err(|e| policy_err(&e))?;
    }
    Ok(out)
}

/// One stored policy of a client organization.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    inner: core::Policy,
}

/// The Python view of a policy set.
pub fn policies(set: &core::PolicySet) -> Vec<Policy> {
    set.iter().map(|p| Policy { inner: p.clone() }).collect()
}

#[pymethods]
impl Policy {
    /// The policy kind.
    #[getter]
    fn policy(&self) -> PyResult<PolicyKind> {
        self.inner.kind().try_into()
    }

    /// The reference's `PolicyType` code.
    #[getter]
    fn code(&self) -> u8 {
        self.inner.kind().code()
    }

    /// Whether it is enabled.
    #[getter]
    fn enabled(&self) -> bool {
        self.inner.enabled()
    }

    /// The settings that are set, as a dict.
    #[getter]
    fn settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_python(py, &serde_json::Value::Object(self.inner.settings().to_json_map()).to_string())
    }

    fn __repr__(&self) -> String {
        format!(
            "Policy('{}', enabled={})",
            self.inner.kind().name(),
            if self.inner.enabled() { "True" } else { "False" }
        )
    }
}

/// The ordered policy changes that bring one client to a baseline.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct RemediationPlan {
    pub(crate) inner: core::RemediationPlan,
}

#[pymethods]
impl RemediationPlan {
    /// The client organization's id.
    #[getter]
    fn client_id(&self) -> Uuid {
        self.inner.client_id.uuid()
    }

    /// The changes, in order, one line each (`enable single_org`, `change master_password (…)`).
    #[getter]
    fn steps(&self) -> Vec<String> {
        self.inner.steps.iter().map(ToString::to_string).collect()
    }

    /// The changes as JSON (the `change` of each `client_policy_changed` event).
    fn steps_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner.steps)
            .map_err(|e| validation_error("json_write_failed", &e.to_string()))
    }

    /// The findings only a plan change can fix.
    #[getter]
    fn unfixable(&self) -> Vec<Finding> {
        self.inner.unfixable.iter().map(|f| Finding { inner: f.clone() }).collect()
    }

    fn __repr__(&self) -> String {
        format!("RemediationPlan(steps={}, unfixable={})", self.inner.steps.len(), self.inner.unfixable.len())
    }
}

/// Checks `target` (a `Portfolio`, a `Provider` or a `ClientOrganization`) against `baseline`
/// without holding the interpreter lock.
fn check_target(
    py: Python<'_>,
    target: &Bound<'_, PyAny>,
    baseline: &core::Baseline,
    now: chrono::DateTime<Utc>,
) -> PyResult<core::PortfolioCompliance> {
    use mspkit::policy::CheckCompliance;
    if let Some(provider) = Portfolio::provider_of(target) {
        Ok(provider.get_detached(py, |p| p.check_compliance(baseline, now)))
    } else if let Ok(client) = target.cast::<ClientOrganization>() {
        let inner = &client.get().inner;
        Ok(py.detach(|| inner.check_compliance(baseline, now)))
    } else {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "expected a Portfolio, a Provider or a ClientOrganization",
        ))
    }
}

/// A `Baseline`, or one loaded from a path (through the one document reader).
fn baseline_arg(baseline: &Bound<'_, PyAny>, max_bytes: Option<Int<u64>>) -> PyResult<core::Baseline> {
    if let Ok(b) = baseline.cast::<Baseline>() {
        return Ok(b.get().inner.clone());
    }
    let path: std::path::PathBuf = baseline.extract().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err(
            "baseline: expected a Baseline or a path to a .toml or .json file",
        )
    })?;
    load_baseline(baseline.py(), &path, max_bytes)
}

/// Reads and checks the baseline file at `path`, without holding the interpreter lock.
fn load_baseline(
    py: Python<'_>,
    path: &std::path::Path,
    max_bytes: Option<Int<u64>>,
) -> PyResult<core::Baseline> {
    let reader = reader(max_bytes);
    py.detach(|| {
        let text = read_file(path, &reader, "baseline").map_err(CoreBaselineError::Document)?;
        core::Baseline::from_file_text_with(&path.to_string_lossy(), &text, &reader)
    })
    .map_err(|e| baseline_err(&e))
}

/// Raises `ComplianceError` (an `AssertionError` and an `MspkitError`) listing every finding
/// unless every client of `target` (a `Portfolio`, a `Provider` or a `ClientOrganization`)
/// meets `baseline` (a `Baseline` or a path to one) at `now` (required). For pytest:
/// `def test_clients_meet_baseline(): mspkit.assert_compliant(portfolio, "baseline.toml", now)`.
#[pyfunction]
#[pyo3(signature = (target, baseline, now, max_bytes = None))]
fn assert_compliant(
    py: Python<'_>,
    target: &Bound<'_, PyAny>,
    baseline: &Bound<'_, PyAny>,
    now: UtcTime,
    max_bytes: Option<Int<u64>>,
) -> PyResult<()> {
    let baseline = baseline_arg(baseline, max_bytes)?;
    let report = check_target(py, target, &baseline, now.0)?;
    raise_unless_compliant(py, &report)
}

/// Whether an enabled `policy` binds a member with `role` and `status` of an organization that is
/// `organization_enabled` on `plan` (`plan=None`: the organization is unknown, and the policy
/// binds: fail closed). Invited and revoked members, provider members, and owners and admins
/// (except for master_password and two_factor_authentication) are exempt.
#[pyfunction]
#[pyo3(signature = (policy, role, status, plan, provider_member = false, organization_enabled = true))]
fn policy_binds(
    policy: PolicyKind,
    role: crate::enums::OrganizationUserType,
    status: crate::enums::OrganizationUserStatus,
    plan: Option<PlanType>,
    provider_member: bool,
    organization_enabled: bool,
) -> bool {
    let organization =
        plan.map(|plan| core::OrganizationFacts { enabled: organization_enabled, plan: plan.into() });
    let member = core::MemberFacts { role: role.into(), status: status.into(), provider_member };
    core::binds(policy.into(), organization, member)
}

/// One organization's policies as the reference server's API sends them
/// (`GET /organizations/{id}/policies`), read into mspkit's types and written back as they came.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct ReferencePolicies {
    inner: core::ReferencePolicies,
}

#[pymethods]
impl ReferencePolicies {
    /// Reads the list (or the API's `{"object": "list", "data": [...]}`).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: Text) -> PyResult<Self> {
        core::read_reference_policies(&json).map(|inner| Self { inner }).map_err(|e| policy_err(&e))
    }

    /// The organization.
    #[getter]
    fn organization_id(&self) -> Uuid {
        self.inner.organization_id.uuid()
    }

    /// The stored policies (the synthesized send_controls entry is not one).
    #[getter]
    fn policies(&self) -> Vec<Policy> {
        policies(&self.inner.policies)
    }

    /// Whether the list held the server's synthesized send_controls entry.
    #[getter]
    fn send_controls_synthesized(&self) -> bool {
        self.inner.send_controls_synthesized
    }

    /// The list as the reference writes it: keys as stored, unknown keys and types kept.
    fn to_json(&self) -> String {
        core::write_reference_policies(&self.inner).to_string()
    }

    fn __repr__(&self) -> String {
        format!("ReferencePolicies({}, policies={})", self.inner.organization_id, self.inner.policies.len())
    }
}

/// Raises `ComplianceError` listing every finding of `report` unless it is compliant.
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
        // One finding, one line: each value escaped and cut as every message is.
        lines.push(format!(
            "  {} [{}] {}",
            crate::errors::message(&client.client_name),
            finding.severity.name(),
            crate::errors::message(&finding.describe())
        ));
        findings.push((client.client_name.to_string(), Finding { inner: finding.clone() }));
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
    m.add_class::<Policy>()?;
    m.add_class::<RemediationPlan>()?;
    crate::policy_rows::register(m)?;
    m.add_function(wrap_pyfunction!(assert_compliant, m)?)?;
    m.add_function(wrap_pyfunction!(policy_binds, m)?)?;
    m.add_class::<ReferencePolicies>()?;
    Ok(())
}
