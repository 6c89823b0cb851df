//! The customer deployment guide: catalogue, client profile, plan, schedule, checklist and the
//! portfolio report. Durations cross the boundary as `decimal.Decimal` hours (exact: `7.1`, not
//! `7.1000000000000005`) next to whole `minutes`; dates as `datetime.date`; instants as aware UTC
//! `datetime.datetime`; ids as `uuid.UUID`.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use mspkit::deployment as core;
use mspkit::{OrganizationId, ProviderUserId};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyType;
use uuid::Uuid;

use crate::errors::to_py_err;

fn decimal(py: Python<'_>, minutes: core::Minutes) -> PyResult<Bound<'_, PyAny>> {
    py.import("decimal")?.getattr("Decimal")?.call1((minutes.hours(),))
}

/// Reads a snake_case name into a core enum through its serde form.
fn parse_name<T: serde::de::DeserializeOwned>(what: &str, name: &str) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|_| PyValueError::new_err(format!("`{name}` is not a valid {what}")))
}

/// Writes a value as compact JSON; a failure is the `write_failed` `DeploymentError`.
fn write_json<T: serde::Serialize>(value: &T, what: &'static str) -> PyResult<String> {
    serde_json::to_string(value)
        .map_err(|e| to_py_err(core::DeploymentError::WriteFailed { what, message: e.to_string() }))
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
    /// `sso`, `siem`, `automated_provisioning`, or None when the step always applies.
    #[getter]
    fn condition(&self) -> Option<&'static str> {
        self.inner.condition().map(core::Condition::as_str)
    }
    /// The initial-setup task the step accomplishes, if any.
    #[getter]
    fn setup_task(&self) -> Option<&'static str> {
        self.inner.setup_task().map(core::SetupTask::as_str)
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
    /// Reads and validates an edition from TOML.
    #[classmethod]
    fn from_toml(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        core::DeploymentCatalog::from_toml(text).map(|c| Self { inner: Arc::new(c) }).map_err(to_py_err)
    }
    /// Reads and validates an edition from JSON.
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        core::DeploymentCatalog::from_json(text).map(|c| Self { inner: Arc::new(c) }).map_err(to_py_err)
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
    fn step(&self, number: u32) -> Option<DeploymentStep> {
        self.inner.step(number).map(|s| DeploymentStep { inner: s.clone() })
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
        phase: u32,
        profile: Option<PyRef<'_, ClientProfile>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let m = match profile {
            Some(p) => self.inner.phase_total_for(phase, &p.inner),
            None => self.inner.phase_total(phase),
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
    #[pyo3(signature = (*, hosting="cloud", sso=false, decryption="master_password", provisioning="manual", siem=false))]
    fn new(hosting: &str, sso: bool, decryption: &str, provisioning: &str, siem: bool) -> PyResult<Self> {
        let inner = core::ClientProfile::new(
            parse_name("hosting", hosting)?,
            sso,
            parse_name("decryption", decryption)?,
            parse_name("provisioning", provisioning)?,
            siem,
        )
        .map_err(to_py_err)?;
        Ok(Self { inner })
    }
    /// `cloud` or `self_hosted`.
    #[getter]
    fn hosting(&self) -> String {
        name_of(&self.inner.hosting())
    }
    /// Whether members log in with SSO.
    #[getter]
    fn sso(&self) -> bool {
        self.inner.sso()
    }
    /// `master_password` or `trusted_devices`.
    #[getter]
    fn decryption(&self) -> String {
        name_of(&self.inner.decryption())
    }
    /// `manual`, `scim` or `directory_connector`.
    #[getter]
    fn provisioning(&self) -> String {
        name_of(&self.inner.provisioning())
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
    fn from_json(_cls: &Bound<'_, PyType>, text: &str) -> PyResult<Self> {
        serde_json::from_str(text).map(|inner| Self { inner }).map_err(|e| {
            to_py_err(core::DeploymentError::InvalidDocument { what: "profile", message: e.to_string() })
        })
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }
    fn __repr__(&self) -> String {
        format!(
            "ClientProfile(hosting={:?}, sso={}, decryption={:?}, provisioning={:?}, siem={})",
            self.hosting(),
            if self.inner.sso() { "True" } else { "False" },
            self.decryption(),
            self.provisioning(),
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
    fn kind(&self) -> &'static str {
        self.inner.kind.as_str()
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
    /// The event as JSON.
    fn to_json(&self) -> PyResult<String> {
        write_json(&self.inner, "event")
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
    /// Whole percent done, rounded down.
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

/// One client's deployment plan, following an edition of the guide. Commands return a
/// `DeploymentEvent`; refused commands raise `DeploymentError` with its `.code`.
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct DeploymentPlan {
    catalog: Arc<core::DeploymentCatalog>,
    inner: Mutex<core::DeploymentPlan>,
}

fn lock(m: &Mutex<core::DeploymentPlan>) -> MutexGuard<'_, core::DeploymentPlan> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
            inner: Mutex::new(core::DeploymentPlan::new(OrganizationId::new(client), profile.get().inner)),
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
    fn start(&self, step: u32, by: Uuid, at: DateTime<Utc>) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.start(c, step, ProviderUserId::new(by), at))
    }
    /// Marks a step done.
    fn complete(&self, step: u32, by: Uuid, at: DateTime<Utc>) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.complete(c, step, ProviderUserId::new(by), at))
    }
    /// Skips a step, with a reason.
    fn skip(&self, step: u32, reason: &str, by: Uuid, at: DateTime<Utc>) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.skip(c, step, reason, ProviderUserId::new(by), at))
    }
    /// Blocks a step, with a reason.
    fn block(&self, step: u32, reason: &str, by: Uuid, at: DateTime<Utc>) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.block(c, step, reason, ProviderUserId::new(by), at))
    }
    /// Sends a step back to not started.
    fn reopen(&self, step: u32, by: Uuid, at: DateTime<Utc>) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.reopen(c, step, ProviderUserId::new(by), at))
    }
    /// Signs a phase off (refused while one of its steps is open).
    fn complete_phase(&self, phase: u32, by: Uuid, at: DateTime<Utc>) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.complete_phase(c, phase, ProviderUserId::new(by), at))
    }
    /// Withdraws a phase's sign-off.
    fn reopen_phase(&self, phase: u32, by: Uuid, at: DateTime<Utc>) -> PyResult<DeploymentEvent> {
        self.event(|p, c| p.reopen_phase(c, phase, ProviderUserId::new(by), at))
    }
    /// Changes the client's profile (it adopts SSO, say), and with it the steps that apply.
    /// Records of steps that stop applying are kept but count nowhere; refused when nothing
    /// changes or when a signed-off phase would gain open steps.
    fn change_profile(
        &self,
        profile: &Bound<'_, ClientProfile>,
        by: Uuid,
        at: DateTime<Utc>,
    ) -> PyResult<DeploymentEvent> {
        let profile = profile.get().inner;
        self.event(|p, c| p.change_profile(c, profile, ProviderUserId::new(by), at))
    }
    /// A step's status: `not_started`, `in_progress`, `done`, `skipped` or `blocked`.
    fn status(&self, step: u32) -> &'static str {
        lock(&self.inner).status(step).as_str()
    }
    /// The reason of a skipped or blocked step.
    fn reason(&self, step: u32) -> Option<String> {
        lock(&self.inner).state(step).reason().map(str::to_owned)
    }
    /// Who last changed a step.
    fn done_by(&self, step: u32) -> Option<Uuid> {
        lock(&self.inner).state(step).by().map(ProviderUserId::uuid)
    }
    /// A phase's status: `not_started`, `in_progress`, `blocked`, `done` or `complete`.
    fn phase_status(&self, phase: u32) -> &'static str {
        lock(&self.inner).phase_status(&self.catalog, phase).as_str()
    }
    /// Done over applicable hours.
    #[getter]
    fn progress(&self) -> DeploymentProgress {
        DeploymentProgress { inner: lock(&self.inner).progress(&self.catalog) }
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
    /// The initial-setup checklist; pass what is known of the organization.
    #[pyo3(signature = (*, collections=None, items=None, policies_enabled=None, sso_configured=None, groups=None, invited_members=None))]
    fn checklist(
        &self,
        collections: Option<u32>,
        items: Option<u32>,
        policies_enabled: Option<u32>,
        sso_configured: Option<bool>,
        groups: Option<u32>,
        invited_members: Option<u32>,
    ) -> SetupChecklist {
        let facts = core::OrganizationFacts {
            collections,
            items,
            policies_enabled,
            sso_configured,
            groups,
            invited_members,
        };
        let inner = core::SetupChecklist::derive(
            &self.catalog,
            &lock(&self.inner),
            &facts,
            &std::collections::BTreeMap::new(),
        );
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
        text: &str,
        catalog: Option<PyRef<'_, DeploymentCatalog>>,
    ) -> PyResult<Self> {
        let catalog = match catalog {
            Some(c) => Arc::clone(&c.inner),
            None => DeploymentCatalog::default()?.inner,
        };
        let plan = core::DeploymentPlan::from_json(text, &catalog).map_err(to_py_err)?;
        Ok(Self { catalog, inner: Mutex::new(plan) })
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
    fn task(&self) -> &'static str {
        self.inner.task.as_str()
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
    fn source(&self) -> String {
        name_of(&self.inner.source)
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
    fn open(&self) -> Vec<&'static str> {
        self.inner.open().map(core::SetupTask::as_str).collect()
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
    /// `hours_per_day` is read exactly from its decimal form (`Decimal("1.5")`, `1.5`, `"1.5"`).
    #[new]
    #[pyo3(signature = (start, hours_per_day, working_days=None, holidays=Vec::new()))]
    fn new(
        start: NaiveDate,
        hours_per_day: &Bound<'_, PyAny>,
        working_days: Option<Vec<String>>,
        holidays: Vec<NaiveDate>,
    ) -> PyResult<Self> {
        let text = hours_per_day.str()?.to_string();
        let per_day = core::Minutes::from_hours_str(&text, "hours per day").map_err(to_py_err)?;
        let days = match working_days {
            Some(days) => days
                .iter()
                .map(|d| d.parse::<core::Weekday>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(to_py_err)?,
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
    /// The working weekdays (`mon` … `sun`).
    #[getter]
    fn working_days(&self) -> Vec<&'static str> {
        self.inner.working_days().map(core::Weekday::as_str).collect()
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
    fn __repr__(&self) -> String {
        format!("Schedule(start={}, hours_per_day={})", self.inner.start(), self.inner.per_day())
    }
}

fn report(
    py: Python<'_>,
    portfolio_json: &str,
    today: NaiveDate,
    sort: &str,
    catalog: Option<PyRef<'_, DeploymentCatalog>>,
) -> PyResult<core::DeploymentReport> {
    let catalog = match catalog {
        Some(c) => Arc::clone(&c.inner),
        None => DeploymentCatalog::default()?.inner,
    };
    let sort: core::SortKey = parse_name("sort key", sort)?;
    let text = portfolio_json.to_owned();
    py.detach(move || {
        let portfolio = core::DeploymentPortfolio::from_json(&text)?;
        let mut report = core::DeploymentReport::build(&catalog, &portfolio, today)?;
        report.sort(sort);
        Ok::<_, core::DeploymentError>(report)
    })
    .map_err(to_py_err)
}

/// The deployment status of every client of a portfolio document, as JSON.
#[pyfunction]
#[pyo3(signature = (portfolio_json, today, sort="name", catalog=None))]
fn deployment_report(
    py: Python<'_>,
    portfolio_json: &str,
    today: NaiveDate,
    sort: &str,
    catalog: Option<PyRef<'_, DeploymentCatalog>>,
) -> PyResult<String> {
    report(py, portfolio_json, today, sort, catalog)?.to_json().map_err(to_py_err)
}

/// The portfolio's deployment timeline as a self-contained SVG Gantt chart.
#[pyfunction]
#[pyo3(signature = (portfolio_json, today, catalog=None))]
fn deployment_timeline_svg(
    py: Python<'_>,
    portfolio_json: &str,
    today: NaiveDate,
    catalog: Option<PyRef<'_, DeploymentCatalog>>,
) -> PyResult<String> {
    report(py, portfolio_json, today, "name", catalog).map(|r| core::render_timeline_svg(&r))
}

/// Registers the deployment classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<DeploymentPhase>()?;
    m.add_class::<DeploymentStep>()?;
    m.add_class::<DeploymentCatalog>()?;
    m.add_class::<ClientProfile>()?;
    m.add_class::<DeploymentEvent>()?;
    m.add_class::<DeploymentProgress>()?;
    m.add_class::<DeploymentPlan>()?;
    m.add_class::<ChecklistItem>()?;
    m.add_class::<SetupChecklist>()?;
    m.add_class::<PhaseProjection>()?;
    m.add_class::<Projection>()?;
    m.add_class::<Schedule>()?;
    m.add_function(wrap_pyfunction!(deployment_report, m)?)?;
    m.add_function(wrap_pyfunction!(deployment_timeline_svg, m)?)?;
    Ok(())
}
