//! The customer deployment guide: catalogue, client profile, plan, schedule, checklist and the
//! portfolio report. Durations cross the boundary as `decimal.Decimal` hours (exact: `7.1`, not
//! `7.1000000000000005`) next to whole `minutes`; dates as `datetime.date`; instants as aware UTC
//! `datetime.datetime`; ids as `uuid.UUID`.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLockWriteGuard};

use chrono::{DateTime, NaiveDate, Utc};
use mspkit::deployment as core;
use mspkit::{OrganizationId, ProviderUserId};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString, PyType};
use uuid::Uuid;

use crate::convert::{Int, Text, UtcTime};
use crate::errors::to_py_err;
use crate::names::{
    ChecklistSource, Condition, Decryption, DeploymentEventKind, Hosting, PhaseStatus, Provisioning,
    SetupTask, SortKey, StepStatus, Weekday,
};
use crate::shared::Locked;

fn decimal(py: Python<'_>, minutes: core::Minutes) -> PyResult<Bound<'_, PyAny>> {
    py.import("decimal")?.getattr("Decimal")?.call1((minutes.hours(),))
}

/// Writes a value as compact JSON; a failure is the `write_failed` `DeploymentError`.
fn write_json<T: serde::Serialize>(value: &T, what: &'static str) -> PyResult<String> {
    serde_json::to_string(value)
        .map_err(|e| to_py_err(core::DeploymentError::WriteFailed { what, message: e.to_string() }))
}

/// Reads a JSON document into a core type through the one document reader's checks (size
/// limit, no repeated key: `document_too_large`, `duplicate_key`); a wrong shape is the
/// `invalid_document` `DeploymentError`.
fn read_json<T: serde::de::DeserializeOwned>(text: &str, what: &'static str) -> PyResult<T> {
    mspkit::DocumentReader::new()
        .check(text, what)
        .map_err(|e| to_py_err(core::DeploymentError::Document(e)))?;
    serde_json::from_str(text)
        .map_err(|e| to_py_err(core::DeploymentError::invalid_document(what, &e.to_string())))
}

/// The minutes of a `decimal.Decimal` of hours, from its sign, digits and exponent; the rules
/// (bounds, whole minutes) are the core's (`Minutes::from_hours_decimal`). Infinity and NaN
/// carry a letter instead of an exponent: `invalid_duration` too.
fn decimal_minutes(value: &Bound<'_, PyAny>, context: &str) -> PyResult<core::Minutes> {
    let shown = value.str()?.to_string();
    let parts = value.call_method0("as_tuple")?;
    let negative: u8 = parts.get_item(0)?.extract()?;
    let digits: Vec<u8> = parts.get_item(1)?.extract()?;
    let Ok(exponent) = parts.get_item(2)?.extract::<i64>() else {
        return Err(to_py_err(core::DeploymentError::InvalidDuration {
            context: context.to_owned(),
            input: shown,
        }));
    };
    core::Minutes::from_hours_decimal(negative != 0, &digits, exponent, &shown, context).map_err(to_py_err)
}

/// Reads a number of hours exactly as Python gives it: a `Decimal` (any exponent, `1E+1` is
/// 10 h), an `int`, a `float` through its shortest decimal form (`0.1` is 6 minutes), or a
/// `str` read as a `Decimal`. A value that is not a whole number of minutes is the
/// `invalid_duration` `DeploymentError`; `bool` and other types are a `TypeError`.
fn hours_arg(value: &Bound<'_, PyAny>, context: &str) -> PyResult<core::Minutes> {
    let py = value.py();
    let invalid = || -> PyResult<PyErr> {
        let input = value.str()?.to_string();
        Ok(to_py_err(core::DeploymentError::InvalidDuration { context: context.to_owned(), input }))
    };
    let decimal_type = py.import("decimal")?.getattr("Decimal")?;
    let as_decimal = if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{context}: a bool is not a number of hours")));
    } else if value.is_instance(&decimal_type)? {
        value.clone()
    } else if value.is_instance_of::<PyInt>() {
        decimal_type.call1((value,))?
    } else if value.is_instance_of::<PyFloat>() {
        return core::Minutes::from_hours_f64(value.extract()?, context).map_err(to_py_err);
    } else if value.is_instance_of::<PyString>() {
        let Text(text) = value.extract()?;
        match decimal_type.call1((text.trim(),)) {
            Ok(d) => d,
            Err(_) => return Err(invalid()?),
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "{context}: expected a Decimal, int, float or str, not {}",
            value.get_type().name()?
        )));
    };
    decimal_minutes(&as_decimal, context)
}

fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A phase of the guide.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentPhase {
    inner: core::Phase,
}

#[pymethods]
impl DeploymentPhase {
    /// The phase number.
    #[getter]
    fn number(&self) -> u32 {
        self.inner.number()
    }
    /// Its name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }
    /// What it achieves.
    #[getter]
    fn goal(&self) -> &str {
        self.inner.goal()
    }
    fn __repr__(&self) -> String {
        format!("DeploymentPhase(number={}, name={:?})", self.inner.number(), self.inner.name())
    }
}

/// A step of the guide.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentStep {
    inner: core::Step,
}

#[pymethods]
impl DeploymentStep {
    /// The step number (the key: topics repeat).
    #[getter]
    fn number(&self) -> u32 {
        self.inner.number()
    }
    /// Its phase.
    #[getter]
    fn phase(&self) -> u32 {
        self.inner.phase()
    }
    /// Its topic.
    #[getter]
    fn topic(&self) -> &str {
        self.inner.topic()
    }
    /// What to do.
    #[getter]
    fn action(&self) -> &str {
        self.inner.action()
    }
    /// The help resources.
    #[getter]
    fn resources(&self) -> Vec<String> {
        self.inner.resources().to_vec()
    }
    /// The estimate in whole minutes.
    #[getter]
    fn minutes(&self) -> u32 {
        self.inner.duration().get()
    }
    /// The estimate in hours, exact.
    #[getter]
    fn hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.duration())
    }
    /// `Condition.SSO`, `Condition.SIEM`, `Condition.AUTOMATED_PROVISIONING`, or None when the
    /// step always applies.
    #[getter]
    fn condition(&self) -> PyResult<Option<Condition>> {
        self.inner.condition().map(Condition::try_from).transpose()
    }
    /// The initial-setup task the step accomplishes, if any.
    #[getter]
    fn setup_task(&self) -> PyResult<Option<SetupTask>> {
        self.inner.setup_task().map(SetupTask::try_from).transpose()
    }
    /// Whether the step applies to a client.
    fn applies_to(&self, profile: &Bound<'_, ClientProfile>) -> bool {
        self.inner.applies_to(&profile.get().inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "DeploymentStep(number={}, topic={:?}, hours={})",
            self.inner.number(),
            self.inner.topic(),
            self.inner.duration()
        )
    }
}

/// An edition of the deployment guide. `DeploymentCatalog()` is the built-in 36-step edition.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentCatalog {
    inner: Arc<core::DeploymentCatalog>,
}

#[pymethods]
impl DeploymentCatalog {
    #[new]
    fn new() -> PyResult<Self> {
        Self::default()
    }
    /// The built-in 36-step edition.
    #[staticmethod]
    fn default() -> PyResult<Self> {
        core::DeploymentCatalog::builtin().map(|c| Self { inner: Arc::new(c) }).map_err(to_py_err)
    }
    /// The built-in 36-step edition in a language (`"en"` or `"zh-CN"`): the same steps, phases
    /// and durations, every name, topic and action in that language.
    #[staticmethod]
    fn for_language(language: Text) -> PyResult<Self> {
        let lang = language
            .parse::<mspkit_i18n::Lang>()
            .map_err(|e| crate::errors::validation_error("unknown_language", &e.to_string()))?;
        mspkit_i18n::deployment_catalog(lang).map(|c| Self { inner: Arc::new(c) }).map_err(to_py_err)
    }
    /// Reads and validates an edition from TOML.
    #[classmethod]
    fn from_toml(_cls: &Bound<'_, PyType>, text: Text) -> PyResult<Self> {
        core::DeploymentCatalog::from_toml(&text).map(|c| Self { inner: Arc::new(c) }).map_err(to_py_err)
    }
    /// Reads and validates an edition from JSON.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: Text) -> PyResult<Self> {
        core::DeploymentCatalog::from_json(&text).map(|c| Self { inner: Arc::new(c) }).map_err(to_py_err)
    }
    /// The edition as JSON (durations in minutes).
    fn to_json(&self) -> PyResult<String> {
        self.inner.to_json().map_err(to_py_err)
    }
    /// The edition's name.
    #[getter]
    fn edition(&self) -> &str {
        self.inner.edition()
    }
    /// The phases, by number.
    #[getter]
    fn phases(&self) -> Vec<DeploymentPhase> {
        self.inner.phases().iter().map(|p| DeploymentPhase { inner: p.clone() }).collect()
    }
    /// The steps, by number.
    #[getter]
    fn steps(&self) -> Vec<DeploymentStep> {
        self.inner.steps().iter().map(|s| DeploymentStep { inner: s.clone() }).collect()
    }
    /// The step with this number, or None.
    fn step(&self, number: Int<u32>) -> Option<DeploymentStep> {
        self.inner.step(number.0).map(|s| DeploymentStep { inner: s.clone() })
    }
    /// The phase with this number, or None.
    fn phase(&self, number: Int<u32>) -> Option<DeploymentPhase> {
        self.inner.phase(number.0).map(|p| DeploymentPhase { inner: p.clone() })
    }
    /// The steps of a phase, by number (empty for a phase the edition does not have).
    fn steps_of(&self, phase: Int<u32>) -> Vec<DeploymentStep> {
        self.inner.steps_of(phase.0).map(|s| DeploymentStep { inner: s.clone() }).collect()
    }
    /// The steps that apply to a client, by number.
    fn applicable_steps(&self, profile: &Bound<'_, ClientProfile>) -> Vec<DeploymentStep> {
        let profile = profile.get().inner;
        self.inner.applicable_steps(&profile).map(|s| DeploymentStep { inner: s.clone() }).collect()
    }
    /// The whole guide's estimate in hours, exact.
    #[getter]
    fn total_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.total())
    }
    /// The whole guide's estimate in minutes.
    #[getter]
    fn total_minutes(&self) -> u32 {
        self.inner.total().get()
    }
    /// A phase's estimate in hours; with a profile, only the steps that apply to it.
    #[pyo3(signature = (phase, profile=None))]
    fn phase_hours<'py>(
        &self,
        py: Python<'py>,
        phase: Int<u32>,
        profile: Option<PyRef<'_, ClientProfile>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = match profile {
            Some(p) => self.inner.phase_total_for(phase.0, &p.inner),
            None => self.inner.phase_total(phase.0),
        };
        decimal(py, m)
    }
    /// The estimate in hours of the steps that apply to a client.
    fn hours_for<'py>(
        &self,
        py: Python<'py>,
        profile: &Bound<'_, ClientProfile>,
    ) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.total_for(&profile.get().inner))
    }
    fn __len__(&self) -> usize {
        self.inner.steps().len()
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }
    fn __repr__(&self) -> String {
        format!(
            "DeploymentCatalog(edition={:?}, steps={}, hours={})",
            self.inner.edition(),
            self.inner.steps().len(),
            self.inner.total()
        )
    }
}

/// What decides which steps apply to a client.
#[pyclass(module = "mspkit", frozen, eq, hash)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientProfile {
    inner: core::ClientProfile,
}

#[pymethods]
impl ClientProfile {
    #[new]
    #[pyo3(signature = (*, hosting=Hosting::Cloud, sso=false, decryption=Decryption::MasterPassword, provisioning=Provisioning::Manual, siem=false), text_signature = "(*, hosting=Hosting.CLOUD, sso=False, decryption=Decryption.MASTER_PASSWORD, provisioning=Provisioning.MANUAL, siem=False)")]
    fn new(
        hosting: Hosting,
        sso: bool,
        decryption: Decryption,
        provisioning: Provisioning,
        siem: bool,
    ) -> PyResult<Self> {
        let inner =
            core::ClientProfile::new(hosting.into(), sso, decryption.into(), provisioning.into(), siem)
                .map_err(to_py_err)?;
        Ok(Self { inner })
    }
    /// `Hosting.CLOUD` or `Hosting.SELF_HOSTED`.
    #[getter]
    fn hosting(&self) -> PyResult<Hosting> {
        self.inner.hosting().try_into()
    }
    /// Whether members log in with SSO.
    #[getter]
    fn sso(&self) -> bool {
        self.inner.sso()
    }
    /// `Decryption.MASTER_PASSWORD` or `Decryption.TRUSTED_DEVICES`.
    #[getter]
    fn decryption(&self) -> PyResult<Decryption> {
        self.inner.decryption().try_into()
    }
    /// `Provisioning.MANUAL`, `Provisioning.SCIM` or `Provisioning.DIRECTORY_CONNECTOR`.
    #[getter]
    fn provisioning(&self) -> PyResult<Provisioning> {
        self.inner.provisioning().try_into()
    }
    /// Whether the client has a SIEM.
    #[getter]
    fn siem(&self) -> bool {
        self.inner.siem()
    }
    /// The profile as JSON.
    fn to_json(&self) -> PyResult<String> {
        write_json(&self.inner, "profile")
    }
    /// Reads a profile from JSON (missing fields take their defaults).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: Text) -> PyResult<Self> {
        read_json(&text, "profile").map(|inner| Self { inner })
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }
    fn __repr__(&self) -> String {
        format!(
            "ClientProfile(hosting={:?}, sso={}, decryption={:?}, provisioning={:?}, siem={})",
            name_of(&self.inner.hosting()),
            if self.inner.sso() { "True" } else { "False" },
            name_of(&self.inner.decryption()),
            name_of(&self.inner.provisioning()),
            if self.inner.siem() { "True" } else { "False" }
        )
    }
}

/// What a plan command caused.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentEvent {
    inner: core::DeploymentEvent,
}

#[pymethods]
impl DeploymentEvent {
    /// `step_started`, `step_completed`, `step_skipped`, `step_blocked`, `step_reopened`,
    /// `phase_completed`, `phase_reopened` or `profile_changed`.
    #[getter]
    fn kind(&self) -> PyResult<DeploymentEventKind> {
        self.inner.kind.try_into()
    }
    /// The client organization.
    #[getter]
    fn client(&self) -> Uuid {
        self.inner.client.uuid()
    }
    /// The step, or None for a phase event or a profile change.
    #[getter]
    fn step(&self) -> Option<u32> {
        self.inner.step
    }
    /// The phase of the step, or the phase itself; None for a profile change.
    #[getter]
    fn phase(&self) -> Option<u32> {
        self.inner.phase
    }
    /// The new profile, for a profile change.
    #[getter]
    fn profile(&self) -> Option<ClientProfile> {
        self.inner.profile.map(|inner| ClientProfile { inner })
    }
    /// Who.
    #[getter]
    fn actor(&self) -> Uuid {
        self.inner.actor.uuid()
    }
    /// When.
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    /// The reason of a skip or a block.
    #[getter]
    fn reason(&self) -> Option<&str> {
        self.inner.reason.as_deref()
    }
    /// The event as JSON, as an embedding service stores it.
    fn to_json(&self) -> PyResult<String> {
        write_json(&self.inner, "event")
    }
    /// Reads an event written by `to_json`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: Text) -> PyResult<Self> {
        read_json(&text, "event").map(|inner| Self { inner })
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }
    fn __repr__(&self) -> String {
        format!(
            "DeploymentEvent(kind={:?}, step={}, phase={})",
            self.kind(),
            self.inner.step.map_or_else(|| "None".to_owned(), |s| s.to_string()),
            self.inner.phase.map_or_else(|| "None".to_owned(), |p| p.to_string())
        )
    }
}

/// Done, planned and remaining hours.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentProgress {
    inner: core::Progress,
}

#[pymethods]
impl DeploymentProgress {
    /// Hours of the steps done.
    #[getter]
    fn done_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.done)
    }
    /// Hours of the applicable steps, skipped ones excluded.
    #[getter]
    fn planned_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.planned)
    }
    /// Hours of the skipped steps.
    #[getter]
    fn skipped_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.skipped)
    }
    /// Hours still to spend.
    #[getter]
    fn remaining_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.remaining)
    }
    /// Minutes of the steps done.
    #[getter]
    fn done_minutes(&self) -> u32 {
        self.inner.done.get()
    }
    /// Minutes of the applicable steps, skipped ones excluded.
    #[getter]
    fn planned_minutes(&self) -> u32 {
        self.inner.planned.get()
    }
    /// Minutes of the skipped steps.
    #[getter]
    fn skipped_minutes(&self) -> u32 {
        self.inner.skipped.get()
    }
    /// Minutes still to spend.
    #[getter]
    fn remaining_minutes(&self) -> u32 {
        self.inner.remaining.get()
    }
    /// Whole percent done (`done / planned`), rounded down; 100 when nothing is planned.
    #[getter]
    fn percent(&self) -> u8 {
        self.inner.percent
    }
    fn __repr__(&self) -> String {
        format!(
            "DeploymentProgress(done_hours={}, planned_hours={}, percent={})",
            self.inner.done, self.inner.planned, self.inner.percent
        )
    }
}

/// A step's status with who set it, when, and why.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct StepState {
    inner: core::StepState,
}

#[pymethods]
impl StepState {
    /// `not_started`, `in_progress`, `done`, `skipped` or `blocked`.
    #[getter]
    fn status(&self) -> PyResult<StepStatus> {
        self.inner.status().try_into()
    }
    /// Who set the status; None when not started.
    #[getter]
    fn by(&self) -> Option<Uuid> {
        self.inner.by().map(ProviderUserId::uuid)
    }
    /// When; None when not started.
    #[getter]
    fn at(&self) -> Option<DateTime<Utc>> {
        self.inner.at()
    }
    /// Why a step was skipped or blocked; None otherwise.
    #[getter]
    fn reason(&self) -> Option<&str> {
        self.inner.reason()
    }
    fn __repr__(&self) -> String {
        format!("StepState(status={:?}, by={:?}, at={:?})", self.status(), self.inner.by(), self.inner.at())
    }
}

/// Who signed a phase off, and when.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseSignOff {
    inner: core::PhaseSignOff,
}

#[pymethods]
impl PhaseSignOff {
    /// Who.
    #[getter]
    fn by(&self) -> Uuid {
        self.inner.by.uuid()
    }
    /// When.
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    fn __repr__(&self) -> String {
        format!("PhaseSignOff(by={}, at={})", self.inner.by, self.inner.at)
    }
}

/// An initial-setup task recorded by hand: done or not, by whom, when.
#[pyclass(module = "mspkit", frozen, eq, from_py_object)]
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistRecord {
    inner: core::ChecklistRecord,
}

#[pymethods]
impl ChecklistRecord {
    #[new]
    fn new(done: bool, by: Uuid, at: UtcTime) -> PyResult<Self> {
        if !core::date_in_range(at.0.date_naive()) {
            return Err(to_py_err(core::DeploymentError::DateOutOfRange {
                what: "checklist record",
                date: at.0.date_naive().to_string(),
            }));
        }
        Ok(Self { inner: core::ChecklistRecord { done, by: ProviderUserId::new(by), at: at.0 } })
    }
    /// Whether the task is done.
    #[getter]
    fn done(&self) -> bool {
        self.inner.done
    }
    /// Who recorded it.
    #[getter]
    fn by(&self) -> Uuid {
        self.inner.by.uuid()
    }
    /// When.
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    fn __repr__(&self) -> String {
        format!(
            "ChecklistRecord(done={}, by={}, at={})",
            if self.inner.done { "True" } else { "False" },
            self.inner.by,
            self.inner.at
        )
    }
}

/// One client's deployment plan, following an edition of the guide. Commands return a
/// `DeploymentEvent`; refused commands raise `DeploymentError` with its `.code`.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct DeploymentPlan {
    catalog: Arc<core::DeploymentCatalog>,
    inner: Locked<core::DeploymentPlan>,
}

/// The plan, waited for without holding the interpreter (`shared.rs`).
fn lock(m: &Locked<core::DeploymentPlan>) -> RwLockWriteGuard<'_, core::DeploymentPlan> {
    m.write()
}

impl DeploymentPlan {
    fn event(
        &self,
        f: impl FnOnce(
            &mut core::DeploymentPlan,
            &core::DeploymentCatalog,
        ) -> Result<core::DeploymentEvent, core::DeploymentError>,
    ) -> PyResult<DeploymentEvent> {
        let mut plan = lock(&self.inner);
        f(&mut plan, &self.catalog).map(|inner| DeploymentEvent { inner }).map_err(to_py_err)
    }

    pub(crate) fn snapshot(&self) -> (core::DeploymentPlan, Arc<core::DeploymentCatalog>) {
        (lock(&self.inner).clone(), Arc::clone(&self.catalog))
    }
}

#[pymethods]
impl DeploymentPlan {
    #[new]
    #[pyo3(signature = (client, profile, catalog=None))]
    fn new(
        client: Uuid,
        profile: &Bound<'_, ClientProfile>,
        catalog: Option<PyRef<'_, DeploymentCatalog>>,
    ) -> PyResult<Self> {
        let catalog = match catalog {
            Some(c) => Arc::clone(&c.inner),
            None => DeploymentCatalog::default()?.inner,
        };
        Ok(Self {
            catalog,
            inner: Locked::new(core::DeploymentPlan::new(OrganizationId::new(client), profile.get().inner)),
        })
    }
    /// The client organization.
    #[getter]
    fn client(&self) -> Uuid {
        lock(&self.inner).client().uuid()
    }
    /// The client's profile.
    #[getter]
    fn profile(&self) -> ClientProfile {
        ClientProfile { inner: *lock(&self.inner).profile() }
    }
    /// The edition followed.
    #[getter]
    fn catalog(&self) -> DeploymentCatalog {
        DeploymentCatalog { inner: Arc::clone(&self.catalog) }
    }
    /// Starts a step, or unblocks a blocked one.
    fn start(&self, step: Int<u32>, by: Uuid, at: UtcTime) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.start(c, step.0, ProviderUserId::new(by), at.0))
    }
    /// Marks a step done.
    fn complete(&self, step: Int<u32>, by: Uuid, at: UtcTime) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.complete(c, step.0, ProviderUserId::new(by), at.0))
    }
    /// Skips a step, with a reason.
    fn skip(&self, step: Int<u32>, reason: Text, by: Uuid, at: UtcTime) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.skip(c, step.0, &reason.0, ProviderUserId::new(by), at.0))
    }
    /// Blocks a step, with a reason.
    fn block(&self, step: Int<u32>, reason: Text, by: Uuid, at: UtcTime) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.block(c, step.0, &reason.0, ProviderUserId::new(by), at.0))
    }
    /// Sends a step back to not started.
    fn reopen(&self, step: Int<u32>, by: Uuid, at: UtcTime) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.reopen(c, step.0, ProviderUserId::new(by), at.0))
    }
    /// Signs a phase off (refused while one of its steps is open).
    fn complete_phase(&self, phase: Int<u32>, by: Uuid, at: UtcTime) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.complete_phase(c, phase.0, ProviderUserId::new(by), at.0))
    }
    /// Withdraws a phase's sign-off.
    fn reopen_phase(&self, phase: Int<u32>, by: Uuid, at: UtcTime) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.reopen_phase(c, phase.0, ProviderUserId::new(by), at.0))
    }
    /// Changes the client's profile (it adopts SSO, say), and with it the steps that apply.
    /// Records of steps that stop applying are kept but count nowhere; refused when nothing
    /// changes or when a signed-off phase would gain open steps.
    fn change_profile(
        &self,
        profile: &Bound<'_, ClientProfile>,
        by: Uuid,
        at: UtcTime,
    ) -> PyResult<DeploymentEvent> {
        let profile = profile.get().inner;
        self.event(|p, c| p.change_profile(c, profile, ProviderUserId::new(by), at.0))
    }
    /// A step's status: `not_started`, `in_progress`, `done`, `skipped` or `blocked`.
    fn status(&self, step: Int<u32>) -> PyResult<StepStatus> {
        lock(&self.inner).status(step.0).try_into()
    }
    /// The reason of a skipped or blocked step.
    fn reason(&self, step: Int<u32>) -> Option<String> {
        lock(&self.inner).state(step.0).reason().map(str::to_owned)
    }
    /// Who last changed a step (kept for compatibility: `step(n).by` says the same).
    fn done_by(&self, step: Int<u32>) -> Option<Uuid> {
        lock(&self.inner).state(step.0).by().map(ProviderUserId::uuid)
    }
    /// A step's state: status, who set it, when, and why (`not_started` when never touched).
    fn step(&self, step: Int<u32>) -> StepState {
        StepState { inner: lock(&self.inner).state(step.0) }
    }
    /// A phase's status: `not_started`, `in_progress`, `blocked`, `done` or `complete`.
    fn phase_status(&self, phase: Int<u32>) -> PyResult<PhaseStatus> {
        let status = lock(&self.inner).phase_status(&self.catalog, phase.0);
        status.try_into()
    }
    /// Who signed a phase off and when, or None when it is not signed off.
    fn sign_off(&self, phase: Int<u32>) -> Option<PhaseSignOff> {
        lock(&self.inner).sign_off(phase.0).map(|inner| PhaseSignOff { inner })
    }
    /// Done over applicable hours, skipped steps left out of both.
    #[getter]
    fn progress(&self) -> DeploymentProgress {
        DeploymentProgress { inner: lock(&self.inner).progress(&self.catalog) }
    }
    /// The progress of one phase.
    fn phase_progress(&self, phase: Int<u32>) -> DeploymentProgress {
        DeploymentProgress { inner: lock(&self.inner).phase_progress(&self.catalog, phase.0) }
    }
    /// Whether every phase is done or complete.
    #[getter]
    fn is_finished(&self) -> bool {
        lock(&self.inner).is_finished(&self.catalog)
    }
    /// Rebuilds a plan from the profile it began with and its events, in order, each through
    /// the command that caused it (default edition: built-in).
    #[classmethod]
    #[pyo3(signature = (client, profile, events, catalog=None))]
    fn replay(
        _cls: &Bound<'_, PyType>,
        client: Uuid,
        profile: &Bound<'_, ClientProfile>,
        events: Vec<PyRef<'_, DeploymentEvent>>,
        catalog: Option<PyRef<'_, DeploymentCatalog>>,
    ) -> PyResult<Self> {
        let catalog = match catalog {
            Some(c) => Arc::clone(&c.inner),
            None => DeploymentCatalog::default()?.inner,
        };
        let events: Vec<core::DeploymentEvent> = events.iter().map(|e| e.inner.clone()).collect();
        let plan =
            core::DeploymentPlan::replay(&catalog, OrganizationId::new(client), profile.get().inner, &events)
                .map_err(to_py_err)?;
        Ok(Self { catalog, inner: Locked::new(plan) })
    }
    /// Hours still to spend.
    #[getter]
    fn remaining_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, lock(&self.inner).remaining(&self.catalog))
    }
    /// The first unfinished phase, or None when finished.
    #[getter]
    fn current_phase(&self) -> Option<u32> {
        lock(&self.inner).current_phase(&self.catalog)
    }
    /// The initial-setup checklist; pass what is known of the organization, and in `records`
    /// the tasks recorded by hand (`{SetupTask.IMPORT_DATA: ChecklistRecord(True, by, at)}`), which
    /// count where neither the organization nor the plan says.
    #[pyo3(signature = (*, collections=None, items=None, policies_enabled=None, sso_configured=None, groups=None, invited_members=None, records=None))]
    #[expect(clippy::too_many_arguments, reason = "keyword-only arguments mirroring OrganizationFacts")]
    fn checklist(
        &self,
        collections: Option<Int<u32>>,
        items: Option<Int<u32>>,
        policies_enabled: Option<Int<u32>>,
        sso_configured: Option<bool>,
        groups: Option<Int<u32>>,
        invited_members: Option<Int<u32>>,
        records: Option<HashMap<SetupTask, ChecklistRecord>>,
    ) -> SetupChecklist {
        let facts = core::OrganizationFacts {
            collections: collections.map(|n| n.0),
            items: items.map(|n| n.0),
            policies_enabled: policies_enabled.map(|n| n.0),
            sso_configured,
            groups: groups.map(|n| n.0),
            invited_members: invited_members.map(|n| n.0),
        };
        let records = records
            .unwrap_or_default()
            .into_iter()
            .map(|(task, r)| (core::SetupTask::from(task), r.inner))
            .collect::<BTreeMap<_, _>>();
        let inner = core::SetupChecklist::derive(&self.catalog, &lock(&self.inner), &facts, &records);
        SetupChecklist { inner }
    }
    /// The plan as JSON.
    fn to_json(&self) -> PyResult<String> {
        lock(&self.inner).to_json().map_err(to_py_err)
    }
    /// Reads a plan from JSON and checks it against the edition (default: built-in).
    #[classmethod]
    #[pyo3(signature = (text, catalog=None))]
    fn from_json(
        _cls: &Bound<'_, PyType>,
        text: Text,
        catalog: Option<PyRef<'_, DeploymentCatalog>>,
    ) -> PyResult<Self> {
        let catalog = match catalog {
            Some(c) => Arc::clone(&c.inner),
            None => DeploymentCatalog::default()?.inner,
        };
        let plan = core::DeploymentPlan::from_json(&text, &catalog).map_err(to_py_err)?;
        Ok(Self { catalog, inner: Locked::new(plan) })
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String, DeploymentCatalog))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?, self.catalog())))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Self>().is_ok_and(|o| {
            let o = o.get();
            std::ptr::eq(o, self) || (*o.catalog == *self.catalog && *lock(&o.inner) == *lock(&self.inner))
        })
    }
    fn __repr__(&self) -> String {
        let plan = lock(&self.inner);
        let progress = plan.progress(&self.catalog);
        format!(
            "DeploymentPlan(client={}, current_phase={:?}, percent={})",
            plan.client(),
            plan.current_phase(&self.catalog),
            progress.percent
        )
    }
}

/// One item of the initial-setup checklist.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    inner: core::ChecklistItem,
}

#[pymethods]
impl ChecklistItem {
    /// `create_collections`, `import_data`, `configure_policies`, `set_up_sso`, `create_groups`
    /// or `invite_users`.
    #[getter]
    fn task(&self) -> PyResult<SetupTask> {
        self.inner.task.try_into()
    }
    /// Whether the task applies.
    #[getter]
    fn applicable(&self) -> bool {
        self.inner.applicable
    }
    /// Whether it is done.
    #[getter]
    fn done(&self) -> bool {
        self.inner.done
    }
    /// `organization`, `plan`, `manual` or `unknown`.
    #[getter]
    fn source(&self) -> PyResult<ChecklistSource> {
        self.inner.source.try_into()
    }
    fn __repr__(&self) -> String {
        format!(
            "ChecklistItem(task={:?}, done={}, source={:?})",
            self.task(),
            if self.inner.done { "True" } else { "False" },
            self.source()
        )
    }
}

/// A new client organization's initial-setup checklist.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct SetupChecklist {
    inner: core::SetupChecklist,
}

#[pymethods]
impl SetupChecklist {
    /// The items, in order.
    #[getter]
    fn items(&self) -> Vec<ChecklistItem> {
        self.inner.items().iter().map(|i| ChecklistItem { inner: *i }).collect()
    }
    /// The applicable tasks not done yet.
    #[getter]
    fn open(&self) -> PyResult<Vec<SetupTask>> {
        self.inner.open().map(SetupTask::try_from).collect()
    }
    /// Whether every applicable task is done.
    #[getter]
    fn is_complete(&self) -> bool {
        self.inner.is_complete()
    }
    fn __repr__(&self) -> String {
        format!("SetupChecklist(open={:?})", self.open())
    }
}

/// When one phase starts and finishes.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseProjection {
    inner: core::PhaseProjection,
}

#[pymethods]
impl PhaseProjection {
    /// The phase.
    #[getter]
    fn phase(&self) -> u32 {
        self.inner.phase
    }
    /// Its first day of work.
    #[getter]
    fn start(&self) -> Option<NaiveDate> {
        self.inner.start
    }
    /// The day it finishes.
    #[getter]
    fn end(&self) -> Option<NaiveDate> {
        self.inner.end
    }
    /// Hours still to spend on it.
    #[getter]
    fn remaining_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.remaining)
    }
    /// Minutes still to spend on it.
    #[getter]
    fn remaining_minutes(&self) -> u32 {
        self.inner.remaining.get()
    }
    /// Whether it is finished.
    #[getter]
    fn finished(&self) -> bool {
        self.inner.finished
    }
    fn __repr__(&self) -> String {
        format!(
            "PhaseProjection(phase={}, start={:?}, end={:?})",
            self.inner.phase, self.inner.start, self.inner.end
        )
    }
}

/// The projected dates of a deployment.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    inner: core::Projection,
}

#[pymethods]
impl Projection {
    /// One entry per phase.
    #[getter]
    fn phases(&self) -> Vec<PhaseProjection> {
        self.inner.phases.iter().map(|p| PhaseProjection { inner: *p }).collect()
    }
    /// When the whole deployment finishes.
    #[getter]
    fn end(&self) -> Option<NaiveDate> {
        self.inner.end
    }
    /// The projection as JSON (durations in `remaining_minutes`).
    fn to_json(&self) -> PyResult<String> {
        write_json(&self.inner, "projection")
    }
    /// Reads a projection written by `to_json`.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: Text) -> PyResult<Self> {
        read_json(&text, "projection").map(|inner| Self { inner })
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }
    fn __repr__(&self) -> String {
        format!("Projection(end={:?})", self.inner.end)
    }
}

/// When work can happen: start date, hours per working day, working weekdays, holidays.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    inner: core::Schedule,
}

#[pymethods]
impl Schedule {
    /// `hours_per_day` is read exactly: a `Decimal` (`Decimal("1.5")`, `Decimal("1E+1")`), an
    /// `int`, a `float` through its shortest decimal form (`1.5`), or a `str` (`"1.5"`); it must
    /// be a whole number of minutes, 1 minute to 24 hours.
    #[new]
    #[pyo3(signature = (start, hours_per_day, working_days=None, holidays=Vec::new()))]
    fn new(
        start: NaiveDate,
        hours_per_day: &Bound<'_, PyAny>,
        working_days: Option<Vec<Weekday>>,
        holidays: Vec<NaiveDate>,
    ) -> PyResult<Self> {
        let per_day = hours_arg(hours_per_day, "hours per day")?;
        let days = match working_days {
            Some(days) => days.into_iter().map(core::Weekday::from).collect(),
            None => core::Weekday::WORK_WEEK.to_vec(),
        };
        core::Schedule::new(start, per_day, days, holidays).map(|inner| Self { inner }).map_err(to_py_err)
    }
    /// The first day work may happen.
    #[getter]
    fn start(&self) -> NaiveDate {
        self.inner.start()
    }
    /// Hours per working day.
    #[getter]
    fn hours_per_day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.per_day())
    }
    /// Minutes per working day.
    #[getter]
    fn minutes_per_day(&self) -> u32 {
        self.inner.per_day().get()
    }
    /// The working weekdays (`mon` … `sun`).
    #[getter]
    fn working_days(&self) -> PyResult<Vec<Weekday>> {
        self.inner.working_days().map(Weekday::try_from).collect()
    }
    /// The holidays.
    #[getter]
    fn holidays(&self) -> Vec<NaiveDate> {
        self.inner.holidays().collect()
    }
    /// Whether work happens on a date.
    fn is_working_day(&self, date: NaiveDate) -> bool {
        self.inner.is_working_day(date)
    }
    /// The baseline: every applicable step as estimated, from the start date.
    fn estimate(&self, plan: &Bound<'_, DeploymentPlan>) -> PyResult<Projection> {
        let (plan, catalog) = plan.get().snapshot();
        self.inner.estimate(&catalog, &plan).map(|inner| Projection { inner }).map_err(to_py_err)
    }
    /// The dates recomputed from actual progress, working from `today`.
    fn project(&self, plan: &Bound<'_, DeploymentPlan>, today: NaiveDate) -> PyResult<Projection> {
        let (plan, catalog) = plan.get().snapshot();
        self.inner.project(&catalog, &plan, today).map(|inner| Projection { inner }).map_err(to_py_err)
    }
    /// The schedule as JSON, as a portfolio document holds it (`minutes_per_day`).
    fn to_json(&self) -> PyResult<String> {
        write_json(&self.inner, "schedule")
    }
    /// Reads and validates a schedule (`hours_per_day` or `minutes_per_day`).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: Text) -> PyResult<Self> {
        read_json(&text, "schedule").map(|inner| Self { inner })
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }
    fn __repr__(&self) -> String {
        format!("Schedule(start={}, hours_per_day={})", self.inner.start(), self.inner.per_day())
    }
}

fn report(
    py: Python<'_>,
    portfolio_json: &str,
    today: NaiveDate,
    sort: SortKey,
    catalog: Option<Arc<core::DeploymentCatalog>>,
) -> PyResult<core::DeploymentReport> {
    let catalog = match catalog {
        Some(c) => c,
        None => DeploymentCatalog::default()?.inner,
    };
    let sort = core::SortKey::from(sort);
    let text = portfolio_json.to_owned();
    // The one reader of a portfolio document, as `mspkit deploy` and `mspkit report` read it.
    py.detach(move || {
        let reader = mspkit::DocumentReader::new();
        let portfolio = core::DeploymentPortfolio::from_portfolio_json(&text, &reader)?;
        let mut report = core::DeploymentReport::build(&catalog, &portfolio, today)?;
        report.sort(sort);
        Ok::<_, mspkit::Error>(report)
    })
    .map_err(to_py_err)
}

/// One client's line in the deployment report.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentRow {
    inner: core::DeploymentRow,
}

#[pymethods]
impl DeploymentRow {
    /// The client organization.
    #[getter]
    fn client(&self) -> Uuid {
        self.inner.client.uuid()
    }
    /// Its name (its id when the document does not name it).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// The current phase; None when the deployment is finished.
    #[getter]
    fn current_phase(&self) -> Option<u32> {
        self.inner.current_phase
    }
    /// The current phase's name, or `finished`.
    #[getter]
    fn phase_name(&self) -> &str {
        &self.inner.phase_name
    }
    /// The current phase's status; when finished, `complete` if every phase is signed off,
    /// else `done`.
    #[getter]
    fn phase_status(&self) -> PyResult<PhaseStatus> {
        self.inner.phase_status.try_into()
    }
    /// Whole percent done, rounded down.
    #[getter]
    fn percent(&self) -> u8 {
        self.inner.percent
    }
    /// Hours done.
    #[getter]
    fn done_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.done)
    }
    /// Hours planned (applicable, not skipped).
    #[getter]
    fn planned_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.planned)
    }
    /// Hours remaining.
    #[getter]
    fn remaining_hours<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        decimal(py, self.inner.remaining)
    }
    /// Minutes done.
    #[getter]
    fn done_minutes(&self) -> u32 {
        self.inner.done.get()
    }
    /// Minutes planned (applicable, not skipped).
    #[getter]
    fn planned_minutes(&self) -> u32 {
        self.inner.planned.get()
    }
    /// Minutes remaining.
    #[getter]
    fn remaining_minutes(&self) -> u32 {
        self.inner.remaining.get()
    }
    /// The projected end, from actual progress.
    #[getter]
    fn projected_end(&self) -> Option<NaiveDate> {
        self.inner.projected_end
    }
    /// The baseline end (everything as estimated from the start date).
    #[getter]
    fn baseline_end(&self) -> Option<NaiveDate> {
        self.inner.baseline_end
    }
    /// The due date.
    #[getter]
    fn due(&self) -> Option<NaiveDate> {
        self.inner.due
    }
    /// Not finished, and past due or projected past due.
    #[getter]
    fn overdue(&self) -> bool {
        self.inner.overdue
    }
    /// The blocked steps.
    #[getter]
    fn blocked_steps(&self) -> Vec<u32> {
        self.inner.blocked_steps.clone()
    }
    /// Per-phase dates.
    #[getter]
    fn phases(&self) -> Vec<PhaseProjection> {
        self.inner.phases.iter().map(|p| PhaseProjection { inner: *p }).collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "DeploymentRow(name={:?}, current_phase={}, percent={}, overdue={})",
            self.inner.name,
            self.inner.current_phase.map_or_else(|| "None".to_owned(), |p| p.to_string()),
            self.inner.percent,
            if self.inner.overdue { "True" } else { "False" }
        )
    }
}

/// The deployment status of every client of a portfolio document on a given day.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentReport {
    inner: core::DeploymentReport,
}

#[pymethods]
impl DeploymentReport {
    /// Builds the report of a portfolio document (its `deployments`, each naming one of its
    /// clients once), every plan checked against the edition (default: built-in).
    #[classmethod]
    #[pyo3(signature = (portfolio_json, today, sort=SortKey::Name, catalog=None), text_signature = "(portfolio_json, today, sort=SortKey.NAME, catalog=None)")]
    fn build(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        portfolio_json: Text,
        today: NaiveDate,
        sort: SortKey,
        catalog: Option<PyRef<'_, DeploymentCatalog>>,
    ) -> PyResult<Self> {
        report(py, &portfolio_json, today, sort, catalog.map(|c| Arc::clone(&c.inner)))
            .map(|inner| Self { inner })
    }
    /// The day the report is for.
    #[getter]
    fn today(&self) -> NaiveDate {
        self.inner.today
    }
    /// The phase numbers and names of the edition, in order.
    #[getter]
    fn phases(&self) -> Vec<(u32, String)> {
        self.inner.phases.clone()
    }
    /// One row per client, in the report's order.
    #[getter]
    fn rows(&self) -> Vec<DeploymentRow> {
        self.inner.rows.iter().map(|r| DeploymentRow { inner: r.clone() }).collect()
    }
    /// The same report with its rows in another order: `phase`, `percent`, `remaining`, `end`
    /// or `name`.
    fn sorted(&self, key: SortKey) -> Self {
        let mut inner = self.inner.clone();
        inner.sort(key.into());
        Self { inner }
    }
    /// The report as JSON (durations in `*_minutes`).
    fn to_json(&self) -> PyResult<String> {
        self.inner.to_json().map_err(to_py_err)
    }
    /// The timeline as a self-contained SVG Gantt chart (rendered with the interpreter
    /// released), its words in the language of `mspkit.set_language` (phase names are the
    /// catalogue's: build the report with `DeploymentCatalog.for_language`).
    fn timeline_svg(&self, py: Python<'_>) -> String {
        let report = &self.inner;
        let lang = crate::language::current();
        py.detach(|| mspkit_i18n::timeline_svg(lang, report))
    }
    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }
    fn __repr__(&self) -> String {
        format!("DeploymentReport(today={}, rows={})", self.inner.today, self.inner.rows.len())
    }
}

/// The deployment status of every client of a portfolio document, as JSON.
#[pyfunction]
#[pyo3(signature = (portfolio_json, today, sort=SortKey::Name, catalog=None), text_signature = "(portfolio_json, today, sort=SortKey.NAME, catalog=None)")]
fn deployment_report(
    py: Python<'_>,
    portfolio_json: Text,
    today: NaiveDate,
    sort: SortKey,
    catalog: Option<PyRef<'_, DeploymentCatalog>>,
) -> PyResult<String> {
    report(py, &portfolio_json, today, sort, catalog.map(|c| Arc::clone(&c.inner)))?
        .to_json()
        .map_err(to_py_err)
}

/// The portfolio's deployment timeline as a self-contained SVG Gantt chart.
#[pyfunction]
#[pyo3(signature = (portfolio_json, today, catalog=None))]
fn deployment_timeline_svg(
    py: Python<'_>,
    portfolio_json: Text,
    today: NaiveDate,
    catalog: Option<PyRef<'_, DeploymentCatalog>>,
) -> PyResult<String> {
    // Without a catalogue, the built-in edition in the language of `mspkit.set_language`.
    let lang = crate::language::current();
    let catalog = match catalog {
        Some(c) => Arc::clone(&c.inner),
        None => Arc::new(mspkit_i18n::deployment_catalog(lang).map_err(to_py_err)?),
    };
    let report = report(py, &portfolio_json, today, SortKey::Name, Some(catalog))?;
    Ok(py.detach(move || mspkit_i18n::timeline_svg(lang, &report)))
}

/// Registers the deployment classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<DeploymentPhase>()?;
    m.add_class::<DeploymentStep>()?;
    m.add_class::<DeploymentCatalog>()?;
    m.add_class::<ClientProfile>()?;
    m.add_class::<DeploymentEvent>()?;
    m.add_class::<DeploymentProgress>()?;
    m.add_class::<StepState>()?;
    m.add_class::<PhaseSignOff>()?;
    m.add_class::<DeploymentPlan>()?;
    m.add_class::<ChecklistRecord>()?;
    m.add_class::<ChecklistItem>()?;
    m.add_class::<SetupChecklist>()?;
    m.add_class::<PhaseProjection>()?;
    m.add_class::<Projection>()?;
    m.add_class::<Schedule>()?;
    m.add_class::<DeploymentRow>()?;
    m.add_class::<DeploymentReport>()?;
    m.add_function(wrap_pyfunction!(deployment_report, m)?)?;
    m.add_function(wrap_pyfunction!(deployment_timeline_svg, m)?)?;
    Ok(())
}
