//! The access review (issue 20, item 2) at the Python edge: `Provider.access_review` returns an
//! `AccessReview` of typed objects (`ClientAccess`, `AccessEntry`, `AccessFinding`,
//! `ReviewStamp`), each with `to_dict`, a repr and equality; the report is the core's
//! ([`mspkit::access_review::AccessReview`]).

use mspkit::access_review as core;
use pyo3::prelude::*;
use uuid::Uuid;

use crate::billing::to_dict;
use crate::convert::{PyDay, PyTime};

/// A sign-off as a review shows it.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewStamp {
    inner: core::ReviewStamp,
}

#[pymethods]
impl ReviewStamp {
    /// When it was signed.
    #[getter]
    fn at(&self) -> PyTime {
        PyTime(self.inner.at)
    }

    /// The reviewer's membership id.
    #[getter]
    fn by(&self) -> Uuid {
        self.inner.by.uuid()
    }

    /// The reviewer's email when they signed.
    #[getter]
    fn by_email(&self) -> &str {
        self.inner.by_email.as_str()
    }

    /// The hash of the findings signed off (64 hexadecimal digits).
    #[getter]
    fn findings(&self) -> String {
        self.inner.findings.to_string()
    }

    /// When the next review is due.
    #[getter]
    fn next_due(&self) -> PyDay {
        PyDay(self.inner.next_due)
    }

    /// Whether the next review is due on or before the report's day.
    #[getter]
    fn overdue(&self) -> bool {
        self.inner.overdue
    }

    /// The sign-off as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "ReviewStamp(at='{}', by_email='{}', next_due='{}', overdue={})",
            self.inner.at.to_rfc3339(),
            mspkit::text::shown(self.inner.by_email.as_str(), 80),
            self.inner.next_due,
            if self.inner.overdue { "True" } else { "False" }
        )
    }
}

/// One person who can act in a client, and how.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct AccessEntry {
    inner: core::AccessEntry,
}

#[pymethods]
impl AccessEntry {
    /// Their email.
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }

    /// Their provider membership id (`None`: a member of the organization only).
    #[getter]
    fn member(&self) -> Option<Uuid> {
        self.inner.member.map(mspkit::ProviderUserId::uuid)
    }

    /// `AccessRole.PROVIDER_ADMIN`, `SERVICE_USER`, `OWNER` or `ADMIN`.
    #[getter]
    fn role(&self) -> PyResult<crate::names::AccessRole> {
        self.inner.role.try_into()
    }

    /// `AccessVia.PROVIDER` (every client), `SCOPE` (scoped to it) or `ORGANIZATION` (its own
    /// member).
    #[getter]
    fn via(&self) -> PyResult<crate::names::AccessVia> {
        self.inner.via.try_into()
    }

    /// Their membership's status.
    #[getter]
    fn status(&self) -> PyResult<crate::names::AccessStatus> {
        self.inner.status.try_into()
    }

    /// When they last acted there, by the log (`None`: never, unknown, or not a provider member).
    #[getter]
    fn last_acted(&self) -> Option<PyTime> {
        self.inner.last_acted.map(PyTime)
    }

    /// The entry as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "AccessEntry(email='{}', role='{}', via='{}', status='{}')",
            mspkit::text::shown(self.inner.email.as_str(), 80),
            self.inner.role.name(),
            self.inner.via.name(),
            self.inner.status.name()
        )
    }
}

/// One client of the review: who can act there, and its last review.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct ClientAccess {
    inner: core::ClientAccess,
}

#[pymethods]
impl ClientAccess {
    /// The client's id.
    #[getter]
    fn client(&self) -> Uuid {
        self.inner.client.uuid()
    }

    /// Its name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Who can act there: provider members, then its own owners and admins.
    #[getter]
    fn access(&self) -> Vec<AccessEntry> {
        self.inner.access.iter().map(|inner| AccessEntry { inner }).collect()
    }

    /// Its last review, if any.
    #[getter]
    fn last_review(&self) -> Option<ReviewStamp> {
        self.inner.last_review.as_deref().cloned().map(|inner| ReviewStamp { inner })
    }

    /// Never reviewed, or its next review is due.
    #[getter]
    fn review_overdue(&self) -> bool {
        self.inner.review_overdue
    }

    /// The client's part of the review as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "ClientAccess(name='{}', access={}, review_overdue={})",
            mspkit::text::shown(&self.inner.name, 80),
            self.inner.access.len(),
            if self.inner.review_overdue { "True" } else { "False" }
        )
    }
}

/// One finding of the review, with the command that resolves it.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct AccessFinding {
    inner: core::AccessFinding,
}

#[pymethods]
impl AccessFinding {
    /// Its stable code.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code
    }

    /// The client it is about, if any.
    #[getter]
    fn client(&self) -> Option<Uuid> {
        self.inner.client.map(mspkit::OrganizationId::uuid)
    }

    /// The provider member it is about, if any.
    #[getter]
    fn member(&self) -> Option<Uuid> {
        self.inner.member.map(mspkit::ProviderUserId::uuid)
    }

    /// That member's email.
    #[getter]
    fn email(&self) -> Option<&str> {
        self.inner.email.as_ref().map(mspkit::Email::as_str)
    }

    /// What was found.
    #[getter]
    fn message(&self) -> String {
        self.inner.message.to_string()
    }

    /// The `Provider` method that resolves it.
    #[getter]
    fn command(&self) -> &'static str {
        self.inner.command
    }

    /// How to resolve it, in words.
    #[getter]
    fn resolve(&self) -> &'static str {
        self.inner.resolve
    }

    /// The finding as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "AccessFinding(code='{}', command='{}', message='{}')",
            self.inner.code,
            self.inner.command,
            mspkit::text::shown(&self.inner.message.to_string(), 200)
        )
    }
}

/// The access review across all clients (`Provider.access_review`).
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct AccessReview {
    inner: core::AccessReview,
}

impl AccessReview {
    /// Wraps the core's report.
    pub fn new(inner: core::AccessReview) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl AccessReview {
    /// The provider's id.
    #[getter]
    fn provider(&self) -> Uuid {
        self.inner.provider.uuid()
    }

    /// When the review is taken.
    #[getter]
    fn as_of(&self) -> PyTime {
        PyTime(self.inner.as_of)
    }

    /// The inactivity threshold, in days.
    #[getter]
    fn inactive_days(&self) -> u32 {
        self.inner.inactive_days
    }

    /// Whether events were given (else nothing is known of who acted when).
    #[getter]
    fn activity_known(&self) -> bool {
        self.inner.activity_known
    }

    /// Whether the provider's access is suspended now.
    #[getter]
    fn suspended(&self) -> bool {
        self.inner.suspended
    }

    /// Confirmed provider admins.
    #[getter]
    fn admins(&self) -> usize {
        self.inner.admins
    }

    /// How many provider admins the provider needs (2, plus one per 10 service users).
    #[getter]
    fn admins_needed(&self) -> usize {
        self.inner.admins_needed
    }

    /// The last review of every client, if any.
    #[getter]
    fn last_full_review(&self) -> Option<ReviewStamp> {
        self.inner.last_full_review.as_deref().cloned().map(|inner| ReviewStamp { inner })
    }

    /// Every client, by name.
    #[getter]
    fn clients(&self) -> Vec<ClientAccess> {
        self.inner.clients.iter().map(|c| ClientAccess { inner: c.clone() }).collect()
    }

    /// The findings.
    #[getter]
    fn findings(&self) -> Vec<AccessFinding> {
        self.inner.findings.iter().map(|inner| AccessFinding { inner }).collect()
    }

    /// Whether there is any finding.
    #[getter]
    fn has_findings(&self) -> bool {
        self.inner.has_findings()
    }

    /// The hash of every client's access findings (what a sign-off of every client records).
    #[getter]
    fn findings_hash(&self) -> String {
        self.inner.findings_hash.to_string()
    }

    /// The hash a sign-off of `clients` records (`None`: every client).
    #[pyo3(signature = (clients = None))]
    fn findings_hash_for(&self, clients: Option<Vec<Uuid>>) -> String {
        let clients: Option<Vec<mspkit::OrganizationId>> =
            clients.map(|list| list.into_iter().map(mspkit::OrganizationId::new).collect());
        self.inner.findings_hash(clients.as_deref()).to_string()
    }

    /// The findings as CSV (one row each).
    fn findings_csv(&self) -> String {
        self.inner.findings_csv()
    }

    /// The report as JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The report as plain Python objects.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "AccessReview(as_of='{}', clients={}, findings={}, findings_hash='{}')",
            self.inner.as_of.to_rfc3339(),
            self.inner.clients.len(),
            self.inner.findings.len(),
            self.inner.findings_hash
        )
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<AccessReview>()?;
    m.add_class::<ClientAccess>()?;
    m.add_class::<AccessEntry>()?;
    m.add_class::<AccessFinding>()?;
    m.add_class::<ReviewStamp>()?;
    Ok(())
}
