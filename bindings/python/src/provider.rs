//! `Provider` and its team, clients, events and permissions, as Python classes.

use std::collections::BTreeSet;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};
use uuid::Uuid;

use crate::convert::{Int, PyTime, SecretText, Text, UtcTime, to_json, to_python};
use crate::enums::{
    OrganizationUserStatus, OrganizationUserType, PlanType, PolicyKind, ProviderStatus, ProviderType,
    ProviderUserStatus, ProviderUserType,
};
use crate::errors::to_py_err;
use crate::events::Event;
use crate::names::{Action, ClientState, CollectionMethod};
use crate::shared::Locked;
use crate::token::{Invitation, Token, TokenArg, TokenKey};

pub(crate) fn email(text: &str) -> PyResult<mspkit::Email> {
    mspkit::Email::new(text).map_err(to_py_err)
}

fn snake(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn events(list: Vec<mspkit::Event>) -> Vec<Event> {
    list.into_iter().map(Event::new).collect()
}

/// A snapshot of one member of a provider's team.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderUser {
    inner: mspkit::ProviderUser,
}

#[pymethods]
impl ProviderUser {
    /// The membership's id.
    #[getter]
    fn id(&self) -> Uuid {
        self.inner.id().uuid()
    }

    /// The invited email (normalised).
    #[getter]
    fn email(&self) -> &str {
        self.inner.email().as_str()
    }

    /// The display name, once known.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// The account that accepted, once accepted.
    #[getter]
    fn user_id(&self) -> Option<Uuid> {
        self.inner.user_id().map(mspkit::UserId::uuid)
    }

    /// The role.
    #[getter]
    fn role(&self) -> PyResult<ProviderUserType> {
        self.inner.role().try_into()
    }

    /// The membership's state.
    #[getter]
    fn status(&self) -> PyResult<ProviderUserStatus> {
        self.inner.status().try_into()
    }

    /// When the latest invitation was sent.
    #[getter]
    fn invited_at(&self) -> PyTime {
        PyTime(self.inner.invited_at())
    }

    /// When a pending invitation expires.
    #[getter]
    fn invitation_expires_at(&self) -> Option<PyTime> {
        self.inner.invitation_expires_at().map(PyTime)
    }

    /// The public-key fingerprint the member gave when accepting, if any.
    #[getter]
    fn public_key_fingerprint(&self) -> Option<&str> {
        self.inner.public_key_fingerprint()
    }

    /// The clients a scoped service user reaches, or `None` when unscoped.
    #[getter]
    fn client_scope(&self) -> Option<BTreeSet<Uuid>> {
        self.inner.client_scope().map(|s| s.iter().map(|id| id.uuid()).collect())
    }

    /// Whether the member is a confirmed provider admin.
    #[getter]
    fn is_confirmed_admin(&self) -> bool {
        self.inner.is_confirmed_admin()
    }

    /// Whether a pending invitation has expired at `now`.
    fn invitation_expired(&self, now: UtcTime) -> bool {
        self.inner.invitation_expired(now.0)
    }

    /// Reads one member from mspkit's JSON, checking its invariants (`TeamError`
    /// `invalid_member_record`, `ValidationError` `email_invalid`; `InteropError`
    /// `invalid_document` for JSON of the wrong shape).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: Text) -> PyResult<Self> {
        mspkit::ProviderUser::from_json(&json).map(|inner| Self { inner }).map_err(to_py_err)
    }

    /// Writes the member as mspkit's JSON (as in a provider's `members`).
    fn to_json(&self) -> PyResult<String> {
        to_json(&self.inner)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "ProviderUser(email={:?}, role={}, status={})",
            self.email(),
            snake(&self.inner.role()),
            snake(&self.inner.status())
        )
    }
}

/// A member of a client organization.
#[pyclass(module = "mspkit", frozen, eq, from_py_object)]
#[derive(Debug, Clone, PartialEq)]
pub struct ClientMember {
    pub(crate) inner: mspkit::ClientMember,
}

#[pymethods]
impl ClientMember {
    #[new]
    #[pyo3(signature = (email, role=OrganizationUserType::User, status=OrganizationUserStatus::Confirmed))]
    fn new(email: Text, role: OrganizationUserType, status: OrganizationUserStatus) -> PyResult<Self> {
        Ok(Self {
            inner: mspkit::ClientMember::new(crate::provider::email(&email)?, role.into(), status.into()),
        })
    }

    /// The member's email.
    #[getter]
    fn email(&self) -> &str {
        self.inner.email.as_str()
    }

    /// The member's role.
    #[getter]
    fn role(&self) -> PyResult<OrganizationUserType> {
        self.inner.role.try_into()
    }

    /// The membership's state.
    #[getter]
    fn status(&self) -> PyResult<OrganizationUserStatus> {
        self.inner.status.try_into()
    }

    fn __repr__(&self) -> String {
        format!(
            "ClientMember(email={:?}, role={}, status={})",
            self.email(),
            snake(&self.inner.role),
            snake(&self.inner.status)
        )
    }
}

/// A snapshot of one client organization.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOrganization {
    pub(crate) inner: mspkit::ClientOrganization,
}

#[pymethods]
impl ClientOrganization {
    /// The organization's id.
    #[getter]
    fn id(&self) -> Uuid {
        self.inner.id().uuid()
    }

    /// Its name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// Its plan.
    #[getter]
    fn plan(&self) -> PyResult<PlanType> {
        self.inner.plan().try_into()
    }

    /// Its enterprise policies (enabled or not), in code order.
    #[getter]
    fn policies(&self) -> Vec<crate::policy::Policy> {
        crate::policy::policies(self.inner.policies())
    }

    /// The enabled policies that bind a member with `role` and `status` (`provider_member`: a
    /// provider member acting in the client), by the exemptions of `mspkit.policy_binds`.
    #[pyo3(signature = (role, status, provider_member = false))]
    fn binding_policies(
        &self,
        role: OrganizationUserType,
        status: OrganizationUserStatus,
        provider_member: bool,
    ) -> PyResult<Vec<PolicyKind>> {
        let organization =
            mspkit::policy::OrganizationFacts { enabled: self.inner.enabled(), plan: self.inner.plan() };
        let member =
            mspkit::policy::MemberFacts { role: role.into(), status: status.into(), provider_member };
        self.inner
            .policies()
            .binding(Some(organization), member)
            .into_iter()
            .map(PolicyKind::try_from)
            .collect()
    }

    /// Assigned seats.
    #[getter]
    fn seats(&self) -> u32 {
        self.inner.seats()
    }

    /// Occupied seats (members that are not revoked).
    #[getter]
    fn occupied_seats(&self) -> u32 {
        self.inner.occupied_seats()
    }

    /// Free seats.
    #[getter]
    fn free_seats(&self) -> u32 {
        self.inner.free_seats()
    }

    /// Whether every seat is occupied.
    #[getter]
    fn is_full(&self) -> bool {
        self.inner.is_full()
    }

    /// Its billing email, or `None` when not known (a reseller's client read from the
    /// reference server's documents).
    #[getter]
    fn billing_email(&self) -> Option<&str> {
        self.inner.billing_email().map(mspkit::Email::as_str)
    }

    /// Whether it is enabled (a client taken from a provider: its own flag and, for an MSP's or
    /// business unit's client, its provider's, as the provider's document writes it).
    #[getter]
    fn enabled(&self) -> bool {
        self.inner.enabled()
    }

    /// Whether the provider created it.
    #[getter]
    fn managed(&self) -> bool {
        self.inner.managed()
    }

    /// Its members.
    #[getter]
    fn members(&self) -> Vec<ClientMember> {
        self.inner.members().iter().cloned().map(|inner| ClientMember { inner }).collect()
    }

    /// One member by email (case-insensitive), or `None`.
    fn member(&self, email: Text) -> PyResult<Option<ClientMember>> {
        let email = crate::provider::email(&email)?;
        Ok(self.inner.member(&email).cloned().map(|inner| ClientMember { inner }))
    }

    /// When it joined the provider.
    #[getter]
    fn created_at(&self) -> PyTime {
        PyTime(self.inner.created_at())
    }

    /// The name of the first collection given at creation, if any.
    #[getter]
    fn first_collection(&self) -> Option<&str> {
        self.inner.first_collection()
    }

    /// Its lifecycle state: `ClientState.ACTIVE`, `TRIAL` (its last day is `trial_until`),
    /// `NOT_FOR_RESALE`, `PAUSED` or `SUSPENDED`.
    #[getter]
    fn state(&self) -> PyResult<ClientState> {
        self.inner.state().kind().try_into()
    }

    /// A trial's last day (`None` unless on trial).
    #[getter]
    fn trial_until(&self) -> Option<crate::convert::PyDay> {
        crate::lifecycle::trial_until(&self.inner)
    }

    /// Its tags, in order (issue 17: they select the baselines it is checked against).
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.inner.tags().iter().map(|t| t.as_str().to_owned()).collect()
    }

    /// Reads one client from mspkit's JSON, checking its invariants (`ClientError` `seats_zero`,
    /// `seats_below_occupied`, …; `InteropError` `invalid_document` for JSON of the wrong shape).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: Text) -> PyResult<Self> {
        mspkit::ClientOrganization::from_json(&json).map(|inner| Self { inner }).map_err(to_py_err)
    }

    /// Writes the client as mspkit's JSON (as in a provider's `clients`).
    fn to_json(&self) -> PyResult<String> {
        to_json(&self.inner)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }

    fn __repr__(&self) -> String {
        format!(
            "ClientOrganization(name={:?}, plan={}, seats={}, occupied_seats={})",
            self.name(),
            self.inner.plan().name(),
            self.seats(),
            self.occupied_seats()
        )
    }
}

/// Advice about a provider: not an error, something to look at.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    inner: mspkit::Warning,
}

#[pymethods]
impl Warning {
    /// The stable code.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code()
    }

    /// What to do about it, in the language of `mspkit.set_language`.
    #[getter]
    fn message(&self) -> String {
        mspkit_i18n::warning_message(crate::language::current(), self.inner.code(), &self.inner.message())
    }

    fn __repr__(&self) -> String {
        format!("Warning(code={:?})", self.code())
    }
}

/// Seat figures of one plan.
#[pyclass(module = "mspkit", frozen, eq, get_all)]
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSeats {
    /// The plan.
    plan: PlanType,
    /// The committed minimum.
    seat_minimum: u32,
    /// Seats given to clients.
    assigned_seats: u64,
    /// Seats the clients' members occupy.
    occupied_seats: u64,
    /// Seats bought beyond the minimum.
    purchased_seats: u64,
    /// Seats paid for and not given to any client.
    unassigned_seats: u64,
}

#[pymethods]
impl PlanSeats {
    fn __repr__(&self) -> String {
        format!(
            "PlanSeats(plan={}, seat_minimum={}, assigned_seats={}, purchased_seats={}, unassigned_seats={})",
            self.plan.name(),
            self.seat_minimum,
            self.assigned_seats,
            self.purchased_seats,
            self.unassigned_seats
        )
    }
}

pub(crate) fn plan_seats(s: mspkit::PlanSeats) -> PyResult<PlanSeats> {
    Ok(PlanSeats {
        plan: s.plan.try_into()?,
        seat_minimum: s.seat_minimum,
        assigned_seats: s.assigned_seats,
        occupied_seats: s.occupied_seats,
        purchased_seats: s.purchased_seats,
        unassigned_seats: s.unassigned_seats,
    })
}

/// A provider (MSP, reseller or business unit) with its team and client organizations.
///
/// Commands take the acting member's id and `now` (a timezone-aware datetime), check every rule
/// before changing anything, and return the list of events they caused.
///
/// Thread-safe: the state sits behind a lock (see `shared.rs`), shared with the `Portfolio`s
/// that wrap it (`Portfolio(provider)`, `Portfolio.provider`).
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug)]
pub struct Provider {
    /// The provider, as the portfolio it is: a `Portfolio` wrapping this provider shares it.
    pub(crate) state: Arc<Locked<mspkit::Portfolio>>,
}

impl PartialEq for Provider {
    fn eq(&self, other: &Self) -> bool {
        crate::shared::read_both(&self.state, &other.state, |a, b| a.provider() == b.provider())
    }
}

type Events = PyResult<Vec<Event>>;

impl Provider {
    /// A provider of its own (no portfolio wraps it yet).
    pub(crate) fn new(inner: mspkit::Provider) -> Self {
        Self { state: Arc::new(Locked::new(mspkit::Portfolio::new(inner))) }
    }

    /// `f` of the provider, under its read lock: `f` runs Rust code only (it builds no Python
    /// object, not even an exception, and does not take the lock again), and what it returns
    /// becomes Python objects once the lock is released.
    pub(crate) fn get<R>(&self, f: impl FnOnce(&mspkit::Provider) -> R) -> R {
        f(self.state.read().provider())
    }

    /// `f` of the provider with the interpreter released and the lock taken inside the detached
    /// section (reports, checks over every client).
    pub(crate) fn get_detached<R: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mspkit::Provider) -> R + Send,
    ) -> R {
        self.state.read_detached(py, |portfolio| f(portfolio.provider()))
    }

    /// Runs a command under the write lock, through `Portfolio::update_provider` (which keeps
    /// the portfolio a document `from_json` accepts); its error becomes the area's exception.
    fn command<T, E: Into<mspkit::Error>>(
        &self,
        f: impl FnOnce(&mut mspkit::Provider) -> Result<T, E>,
    ) -> PyResult<T> {
        let result = self.state.write().update_provider(|p| f(p).map_err(Into::into));
        result.map_err(to_py_err)
    }
}

#[pymethods]
impl Provider {
    /// Issues a new, pending provider (the vendor's action) to the person at `issued_to`, who
    /// alone may set it up.
    #[staticmethod]
    #[pyo3(signature = (id, kind, name, now, *, issued_to, business_name=None, billing_email=None, use_events=true))]
    #[allow(clippy::too_many_arguments, reason = "keyword-only settings, as Python callers expect")]
    fn issue(
        id: Uuid,
        kind: ProviderType,
        name: Text,
        now: UtcTime,
        issued_to: Text,
        business_name: Option<Text>,
        billing_email: Option<Text>,
        use_events: bool,
    ) -> PyResult<Self> {
        Self::issue_with_log(id, kind, name, now, issued_to, business_name, billing_email, use_events)
            .map(|(provider, _)| provider)
    }

    /// As `issue`, and the provider's log so far: its `provider_issued` event, which a replay
    /// starts from (`Provider.replay(log)`).
    #[staticmethod]
    #[pyo3(signature = (id, kind, name, now, *, issued_to, business_name=None, billing_email=None, use_events=true))]
    #[allow(clippy::too_many_arguments, reason = "keyword-only settings, as Python callers expect")]
    fn issue_with_log(
        id: Uuid,
        kind: ProviderType,
        name: Text,
        now: UtcTime,
        issued_to: Text,
        business_name: Option<Text>,
        billing_email: Option<Text>,
        use_events: bool,
    ) -> PyResult<(Self, Vec<Event>)> {
        let settings = mspkit::ProviderSettings::new(&name)
            .and_then(|s| s.with_business_name(business_name.as_deref()))
            .map_err(to_py_err)?
            .with_billing_email(billing_email.as_deref().map(email).transpose()?)
            .with_use_events(use_events);
        let (inner, log) = mspkit::Provider::issue(
            mspkit::ProviderId::new(id),
            kind.into(),
            settings,
            email(&issued_to)?,
            now.0,
        );
        Ok((Self::new(inner), events(log)))
    }

    /// Rebuilds a provider from its log (a list of `Event`, from its `provider_issued` event)
    /// through the same `apply` as the live commands. An event that does not fit raises the
    /// exception of its area with its code (`EventError` `event_out_of_sequence`, `TeamError`
    /// `member_not_invited`, …).
    ///
    /// `events` may be any iterable of `Event` (a list, or `iter_event_log(path)`, which reads
    /// a file line by line): it is applied 1 024 events at a time, so a log read from a file is
    /// never held whole.
    #[classmethod]
    fn replay(_cls: &Bound<'_, PyType>, py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut events = events.try_iter()?;
        let mut provider: Option<mspkit::Provider> = None;
        let mut chunk: Vec<mspkit::Event> = Vec::with_capacity(1024);
        loop {
            chunk.clear();
            for item in events.by_ref().take(1024) {
                chunk.push(item?.cast::<Event>()?.get().inner().clone());
            }
            if chunk.is_empty() {
                break;
            }
            py.detach(|| match &mut provider {
                None => mspkit::Provider::replay(&chunk).map(|p| provider = Some(p)),
                Some(p) => chunk.iter().try_for_each(|e| p.apply(e)),
            })
            .map_err(to_py_err)?;
        }
        provider.ok_or(mspkit::Error::Event(mspkit::EventError::EmptyLog)).map(Self::new).map_err(to_py_err)
    }

    /// Applies one event (the next of this provider's log) through the same `apply` as the live
    /// commands; an event that does not fit raises its error and changes nothing.
    fn apply(&self, event: PyRef<'_, Event>) -> PyResult<()> {
        self.command(|p| p.apply(event.inner()))
    }

    /// Reads a provider from mspkit's JSON, checking every invariant: malformed JSON raises
    /// `InteropError` (`invalid_document`), a broken invariant the exception of its area with its
    /// own code (`ClientError` `seats_below_occupied`, `TeamError` `invalid_member_record`, …).
    /// Read without holding the interpreter lock.
    #[classmethod]
    fn from_json(cls: &Bound<'_, PyType>, json: Text) -> PyResult<Self> {
        cls.py().detach(|| mspkit::Provider::from_json(&json)).map(Self::new).map_err(to_py_err)
    }

    /// Writes the provider as mspkit's JSON (without holding the interpreter lock).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        // The error (which never happens for a provider mspkit built) becomes Python's once the
        // lock is released.
        self.get_detached(py, serde_json::to_string)
            .map_err(|e| crate::errors::validation_error("json_write_failed", &e.to_string()))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json(py)?,)))
    }

    fn __repr__(&self) -> String {
        self.get(|p| {
            format!(
                "Provider(name={:?}, kind={}, status={}, members={}, clients={})",
                p.name(),
                snake(&p.kind()),
                snake(&p.status()),
                p.members().len(),
                p.clients().len()
            )
        })
    }

    // ---- queries ----

    /// The provider's id.
    #[getter]
    fn id(&self) -> Uuid {
        self.get(|p| p.id().uuid())
    }

    /// Its name.
    #[getter]
    fn name(&self) -> String {
        self.get(|p| p.name().to_owned())
    }

    /// Its kind.
    #[getter]
    fn kind(&self) -> PyResult<ProviderType> {
        self.get(|p| p.kind().try_into())
    }

    /// Its lifecycle state.
    #[getter]
    fn status(&self) -> PyResult<ProviderStatus> {
        self.get(|p| p.status().try_into())
    }

    /// Whether it is enabled.
    #[getter]
    fn enabled(&self) -> bool {
        self.get(mspkit::Provider::enabled)
    }

    /// Its billing email.
    #[getter]
    fn billing_email(&self) -> Option<String> {
        self.get(|p| p.settings().billing_email().map(mspkit::Email::as_str).map(str::to_owned))
    }

    /// The address the vendor issued it to (who sets it up), or `None` when not known.
    #[getter]
    fn issued_to(&self) -> Option<String> {
        self.get(|p| p.issued_to().map(mspkit::Email::as_str).map(str::to_owned))
    }

    /// Its business name.
    #[getter]
    fn business_name(&self) -> Option<String> {
        self.get(|p| p.settings().business_name().map(str::to_owned))
    }

    /// Its billing phone.
    #[getter]
    fn billing_phone(&self) -> Option<String> {
        self.get(|p| p.settings().billing_phone().map(str::to_owned))
    }

    /// The first line of its business address.
    #[getter]
    fn address_line1(&self) -> Option<String> {
        self.get(|p| p.settings().address().line1.clone())
    }

    /// The second line of its business address.
    #[getter]
    fn address_line2(&self) -> Option<String> {
        self.get(|p| p.settings().address().line2.clone())
    }

    /// The third line of its business address.
    #[getter]
    fn address_line3(&self) -> Option<String> {
        self.get(|p| p.settings().address().line3.clone())
    }

    /// The country of its business address.
    #[getter]
    fn country(&self) -> Option<String> {
        self.get(|p| p.settings().address().country.clone())
    }

    /// Its tax number.
    #[getter]
    fn tax_number(&self) -> Option<String> {
        self.get(|p| p.settings().address().tax_number.clone())
    }

    /// Whether provider events are recorded.
    #[getter]
    fn use_events(&self) -> bool {
        self.get(|p| p.settings().use_events())
    }

    /// When it was issued (UTC).
    #[getter]
    fn created_at(&self) -> PyTime {
        self.get(|p| PyTime(p.created_at()))
    }

    /// When it last changed (UTC).
    #[getter]
    fn revised_at(&self) -> PyTime {
        self.get(|p| PyTime(p.revised_at()))
    }

    /// The seat minimums that were set, by plan (a plan without one has a minimum of 0).
    #[getter]
    fn seat_minimums<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let pairs: Vec<_> = self.get(|p| p.seat_minimums().iter().map(|(plan, m)| (*plan, *m)).collect());
        let minimums = PyDict::new(py);
        for (plan, minimum) in pairs {
            minimums.set_item(PlanType::try_from(plan)?, minimum)?;
        }
        Ok(minimums)
    }

    /// The sequence number of the latest event.
    #[getter]
    fn last_sequence(&self) -> u64 {
        self.get(mspkit::Provider::last_sequence)
    }

    /// Its team (snapshots of the members only: the provider is not copied; `member(id)` reads
    /// one).
    #[getter]
    fn members(&self, py: Python<'_>) -> Vec<ProviderUser> {
        self.get_detached(py, |p| p.members().iter().cloned().map(|inner| ProviderUser { inner }).collect())
    }

    /// Its client organizations (snapshots of the clients only: the provider is not copied;
    /// `client(id)` reads one). A client's `enabled` is the state that counts, its own flag and,
    /// for an MSP's or business unit's client, the provider's.
    #[getter]
    fn clients(&self, py: Python<'_>) -> Vec<ClientOrganization> {
        self.get_detached(py, |p| {
            p.clients()
                .iter()
                .filter_map(|c| p.client_snapshot(c.id()))
                .map(|inner| ClientOrganization { inner })
                .collect()
        })
    }

    /// One member by id, or `None`.
    fn member(&self, id: Uuid) -> Option<ProviderUser> {
        self.get(|p| p.member(mspkit::ProviderUserId::new(id)).cloned().map(|inner| ProviderUser { inner }))
    }

    /// One member by email (case-insensitive), or `None`.
    fn member_by_email(&self, email: Text) -> PyResult<Option<ProviderUser>> {
        let email = crate::provider::email(&email)?;
        Ok(self.get(|p| p.member_by_email(&email).cloned().map(|inner| ProviderUser { inner })))
    }

    /// One client by id, or `None`.
    fn client(&self, id: Uuid) -> Option<ClientOrganization> {
        self.get(|p| {
            p.client_snapshot(mspkit::OrganizationId::new(id)).map(|inner| ClientOrganization { inner })
        })
    }

    /// The number of confirmed provider admins.
    #[getter]
    fn confirmed_admin_count(&self) -> usize {
        self.get(mspkit::Provider::confirmed_admin_count)
    }

    /// What needs attention at `now`.
    fn warnings(&self, py: Python<'_>, now: UtcTime) -> Vec<Warning> {
        self.get_detached(py, |p| p.warnings(now.0).into_iter().map(|inner| Warning { inner }).collect())
    }

    /// The billing warnings `viewer` sees (the reference's `GetProviderWarningsQuery`): the
    /// suspension with its resolution and cancel date, and the tax-id warning from the tax facts
    /// the caller knows (`tax_id`: `pending`, `verified`, `unverified`, `unknown`, or `None` for
    /// no tax id). `TeamError` `member_not_found` for a viewer outside the team.
    #[pyo3(signature = (viewer, *, country=None, registered=false, tax_id=None, exempt=false))]
    fn provider_warnings(
        &self,
        viewer: Uuid,
        country: Option<Text>,
        registered: bool,
        tax_id: Option<crate::names::TaxIdVerification>,
        exempt: bool,
    ) -> PyResult<crate::reference::ProviderWarnings> {
        crate::reference::provider_warnings(self, viewer, country.map(|c| c.0), registered, tax_id, exempt)
    }

    /// The organizations `viewer` may add as clients, from the caller's candidates (the
    /// reference's `GetAddableOrganizations`); a service user's are `disabled` when adding would
    /// buy seats.
    fn addable_organizations(
        &self,
        viewer: Uuid,
        candidates: Vec<crate::reference::OrganizationFacts>,
    ) -> PyResult<Vec<crate::reference::AddableOrganization>> {
        crate::reference::addable_organizations(self, viewer, &candidates)
    }

    /// Changes a business unit's plan from `from_plan` to `to_plan` (`actor` `None`: the
    /// vendor): every client moves, the seat minimum follows; one `plan_changed` event.
    fn change_plan(
        &self,
        actor: Option<Uuid>,
        from_plan: PlanType,
        to_plan: PlanType,
        now: UtcTime,
    ) -> Events {
        self.command(|p| {
            p.change_plan(actor.map(mspkit::ProviderUserId::new), from_plan.into(), to_plan.into(), now.0)
        })
        .map(events)
    }

    /// Whether the provider was created before 2023-11-06 (organizations it adds move to the
    /// 2020 edition of their plan).
    #[getter]
    fn legacy_pricing(&self) -> bool {
        self.get(mspkit::Provider::legacy_pricing)
    }

    /// Converts an organization into a business unit whose first admin is `admin_email`
    /// (the reference's `BusinessUnitConverter`): the new provider and its log.
    #[staticmethod]
    fn convert_to_business_unit(
        id: Uuid,
        organization: crate::reference::OrganizationFacts,
        admin_user: Uuid,
        admin_email: Text,
        now: UtcTime,
    ) -> PyResult<(Provider, Vec<Event>)> {
        let admin_email = email(&admin_email)?;
        mspkit::Provider::convert_to_business_unit(
            mspkit::ProviderId::new(id),
            &organization.inner,
            mspkit::UserId::new(admin_user),
            &admin_email,
            now.0,
        )
        .map(|(inner, log)| (Provider::new(inner), events(log)))
        .map_err(to_py_err)
    }

    /// Seat figures of one plan.
    fn plan_seats(&self, plan: PlanType) -> PyResult<PlanSeats> {
        plan_seats(self.get(|p| p.plan_seats(plan.into())))
    }

    /// Seat figures of every plan with a minimum or a client.
    fn seat_summary(&self) -> PyResult<Vec<PlanSeats>> {
        self.get(mspkit::Provider::seat_summary).into_iter().map(plan_seats).collect()
    }

    // ---- billing (see billing.rs) ----

    /// Seat utilisation per client and plan; clients with more than `idle` free seats are listed
    /// in `idle_clients`.
    #[pyo3(signature = (*, idle=None))]
    fn seat_utilisation(
        &self,
        py: Python<'_>,
        idle: Option<Int<u32>>,
    ) -> PyResult<crate::billing::SeatUtilisation> {
        crate::billing::seat_utilisation(
            py,
            self,
            idle.map_or(mspkit::billing::DEFAULT_IDLE_THRESHOLD, |i| i.0),
        )
    }

    /// The invoice of the charge date in `period` (`YYYY-MM`).
    fn invoice(&self, py: Python<'_>, period: Text) -> PyResult<crate::billing::Invoice> {
        crate::billing::invoice(py, self, &period)
    }

    /// The client invoice report: of the seats as they are now, or with `period` (`YYYY-MM`) of
    /// that month — for a billed month, the rows its invoice recorded.
    #[pyo3(signature = (period=None))]
    fn client_invoice_report(
        &self,
        py: Python<'_>,
        period: Option<Text>,
    ) -> PyResult<crate::billing::ClientInvoiceReport> {
        crate::billing::client_invoice_report(py, self, period.as_deref())
    }

    /// The client invoice report as CSV, in one call.
    fn client_invoice_csv(&self, py: Python<'_>) -> PyResult<String> {
        crate::billing::client_invoice_csv(py, self)
    }

    /// The PSA export.
    fn psa_export(&self, py: Python<'_>) -> PyResult<crate::billing::PsaExport> {
        crate::billing::psa_export(py, self)
    }

    /// Reconciles the clients and their PSA references with a PSA's companies: `rows` is any
    /// iterable of dicts with `company_id`, `company_name` and optionally `agreement` and
    /// `quantity` (as `read_psa_csv` gives them).
    fn reconcile_psa(
        &self,
        py: Python<'_>,
        rows: &Bound<'_, PyAny>,
    ) -> PyResult<crate::psa::PsaReconciliation> {
        crate::psa::reconcile(py, self, rows)
    }

    /// Sets a client's tags to exactly `tags` (letters, digits, `-`, `_`; lower-cased; none
    /// clears them); provider admins only. The tags it already has return no event.
    fn set_client_tags(&self, actor: Uuid, client: Uuid, tags: Vec<Text>, now: UtcTime) -> Events {
        let tags = crate::tiers::tags(&tags)?;
        self.command(|p| {
            p.set_client_tags(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                tags,
                now.0,
            )
        })
        .map(events)
    }

    /// Sets several client references at once, all or none (a reconciliation's
    /// `references()`); provider admins only. References a client already has record nothing.
    fn set_client_references(&self, actor: Uuid, references: Vec<(Uuid, Text)>, now: UtcTime) -> Events {
        let references: Vec<_> =
            references.into_iter().map(|(client, r)| (mspkit::OrganizationId::new(client), r.0)).collect();
        self.command(|p| p.set_client_references(mspkit::ProviderUserId::new(actor), &references, now.0))
            .map(events)
    }

    /// The seat-minimum model against usage-based billing at list prices.
    fn model_comparison(&self, py: Python<'_>) -> PyResult<crate::billing::ModelComparison> {
        crate::billing::model_comparison(py, self)
    }

    /// What proposed changes (a what-if document as a dict or JSON string) would do on `today`
    /// (unless the document gives its own day), tried on a copy: the provider is untouched.
    fn what_if(
        &self,
        py: Python<'_>,
        changes: &Bound<'_, PyAny>,
        today: chrono::NaiveDate,
    ) -> PyResult<crate::billing::WhatIfResult> {
        crate::billing::what_if(py, self, changes, today)
    }

    /// Whether giving a client on `plan` `to` seats instead of `from_` results in a purchase.
    #[pyo3(signature = (plan, from_, to))]
    fn is_purchase(&self, plan: PlanType, from_: Int<u32>, to: Int<u32>) -> bool {
        self.get(|p| p.is_purchase(plan.into(), from_.0, to.0))
    }

    /// Exports events as the provider event-log CSV (provider admins only).
    fn export_events(&self, py: Python<'_>, actor: Uuid, events: Vec<PyRef<'_, Event>>) -> PyResult<String> {
        let list: Vec<mspkit::Event> = events.iter().map(|e| e.inner().clone()).collect();
        self.get_detached(py, |p| p.export_events(mspkit::ProviderUserId::new(actor), &list))
            .map_err(to_py_err)
    }

    // ---- lifecycle ----

    /// Sets up a pending provider: `user_id` with `email` becomes its first confirmed admin.
    fn set_up(&self, user_id: Uuid, email: Text, now: UtcTime) -> Events {
        let email = crate::provider::email(&email)?;
        self.command(|p| p.set_up(mspkit::UserId::new(user_id), &email, now.0)).map(|c| events(c.events))
    }

    /// Changes the settings (provider admins only). A setting not given (or `None`) keeps its
    /// value; an empty string clears an optional one (every setting but `name`).
    #[pyo3(signature = (
        actor, now, *, name=None, business_name=None, billing_email=None, billing_phone=None,
        address_line1=None, address_line2=None, address_line3=None, country=None, tax_number=None,
        use_events=None
    ))]
    #[allow(clippy::too_many_arguments, reason = "keyword-only settings, as Python callers expect")]
    fn update_settings(
        &self,
        actor: Uuid,
        now: UtcTime,
        name: Option<Text>,
        business_name: Option<Text>,
        billing_email: Option<Text>,
        billing_phone: Option<Text>,
        address_line1: Option<Text>,
        address_line2: Option<Text>,
        address_line3: Option<Text>,
        country: Option<Text>,
        tax_number: Option<Text>,
        use_events: Option<bool>,
    ) -> Events {
        // The merge rule (absent keeps, blank clears) is the core's: `ProviderSettings::updated`.
        let text = |t: Option<Text>| t.map(|t| t.0);
        let update = mspkit::SettingsUpdate {
            name: text(name),
            business_name: text(business_name),
            billing_email: text(billing_email),
            billing_phone: text(billing_phone),
            address_line1: text(address_line1),
            address_line2: text(address_line2),
            address_line3: text(address_line3),
            country: text(country),
            tax_number: text(tax_number),
            use_events,
        };
        // Read, merged and written under one lock: a concurrent change is not lost.
        self.command(|p| {
            let settings = p.settings().updated(&update)?;
            p.update_settings(mspkit::ProviderUserId::new(actor), settings, now.0)
        })
        .map(events)
    }

    /// The consolidated subscription, once started.
    #[getter]
    fn subscription(&self) -> Option<crate::billing::Subscription> {
        self.get(|p| p.subscription().cloned()).map(crate::billing::Subscription::new)
    }

    /// Records the consolidated subscription (the vendor's action), begun on `started_on` (today
    /// by default): a 14-day trial for an MSP, 4 for a business unit. `discount` as a percentage
    /// (`"12.5"`), `prices` negotiated per plan (`{PlanType.TEAMS_MONTHLY: Decimal("3.50")}`),
    /// `collection` `automatic_charge` or `send_invoice`.
    #[pyo3(signature = (now, *, started_on=None, discount=None, prices=None, collection=None))]
    fn start_subscription(
        &self,
        now: UtcTime,
        started_on: Option<chrono::NaiveDate>,
        discount: Option<&Bound<'_, PyAny>>,
        prices: Option<&Bound<'_, PyDict>>,
        collection: Option<CollectionMethod>,
    ) -> Events {
        let discount = discount.map(crate::billing::discount).transpose()?.unwrap_or_default();
        let prices = crate::billing::prices(prices)?;
        let collection = collection.map(Into::into).unwrap_or_default();
        let started_on = started_on.unwrap_or_else(|| now.0.date_naive());
        self.command(|p| p.start_subscription(started_on, prices, discount, collection, now.0)).map(events)
    }

    /// Issues an invoice of `amount` (a `Decimal` or `str`) on `now`'s day (the billing system's action).
    fn issue_invoice(&self, amount: &Bound<'_, PyAny>, now: UtcTime) -> Events {
        let amount = crate::billing::money(amount)?;
        self.command(|p| p.issue_invoice(amount, now.0)).map(events)
    }

    /// Records the payment of the open invoice; an unpaid provider is enabled again.
    fn pay_invoice(&self, now: UtcTime) -> Events {
        self.command(|p| p.pay_invoice(now.0)).map(events)
    }

    /// Declares the overdue invoice unpaid: the provider and its clients are disabled.
    fn mark_unpaid(&self, now: UtcTime) -> Events {
        self.command(|p| p.mark_unpaid(now.0)).map(events)
    }

    /// Cancels an unpaid subscription, 7 days after it became unpaid.
    fn cancel_subscription(&self, now: UtcTime) -> Events {
        self.command(|p| p.cancel_subscription(now.0)).map(events)
    }

    /// Sets the discount (`actor=None`: the vendor).
    fn set_discount(&self, actor: Option<Uuid>, discount: &Bound<'_, PyAny>, now: UtcTime) -> Events {
        let discount = crate::billing::discount(discount)?;
        self.command(|p| p.set_discount(actor.map(mspkit::ProviderUserId::new), discount, now.0)).map(events)
    }

    /// Sets the negotiated prices per plan (`actor=None`: the vendor).
    fn set_seat_prices(&self, actor: Option<Uuid>, prices: &Bound<'_, PyDict>, now: UtcTime) -> Events {
        let prices = crate::billing::prices(Some(prices))?;
        self.command(|p| p.set_seat_prices(actor.map(mspkit::ProviderUserId::new), prices, now.0)).map(events)
    }

    /// Moves a client to a lifecycle state (`active`, `trial` with `until=` its last day,
    /// `not_for_resale`, `paused`, `suspended`); provider admins only. The state it has already
    /// returns no event.
    #[pyo3(signature = (actor, client, state, now, *, until = None))]
    fn set_client_state(
        &self,
        actor: Uuid,
        client: Uuid,
        state: ClientState,
        now: UtcTime,
        until: Option<chrono::NaiveDate>,
    ) -> Events {
        let to = crate::lifecycle::state(mspkit::ClientStateKind::from(state).name(), until)?;
        self.command(|p| {
            p.set_client_state(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                to,
                now.0,
            )
        })
        .map(events)
    }

    /// The seats the MSP bills a client for (all when active or suspended, the occupied ones
    /// when paused, none on trial or not-for-resale); `None` for a stranger.
    fn client_billed_seats(&self, client: Uuid) -> Option<u32> {
        self.get(|p| p.client_billed_seats(mspkit::OrganizationId::new(client)))
    }

    /// Sets (or with `None` clears) the provider's own reference for a client (for PSA export).
    fn set_client_reference(
        &self,
        actor: Uuid,
        client: Uuid,
        reference: Option<Text>,
        now: UtcTime,
    ) -> Events {
        self.command(|p| {
            p.set_client_reference(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                reference.as_deref(),
                now.0,
            )
        })
        .map(events)
    }

    /// Marks the provider billable (the billing system's action).
    fn mark_billable(&self, now: UtcTime) -> Events {
        self.command(|p| p.mark_billable(now.0)).map(events)
    }

    /// Enables or disables the provider (the vendor's action).
    fn set_enabled(&self, enabled: bool, now: UtcTime) -> Events {
        self.command(|p| p.set_enabled(enabled, now.0)).map(events)
    }

    /// Checks the provider may be deleted and returns the deletion event (`actor=None`: the
    /// vendor deleting a pending provider).
    #[pyo3(signature = (actor, now))]
    fn delete(&self, actor: Option<Uuid>, now: UtcTime) -> Events {
        self.command(|p| p.delete(actor.map(mspkit::ProviderUserId::new), now.0)).map(events)
    }

    // ---- team ----

    /// Invites 1–20 emails with one role (provider admins only).
    fn invite(&self, actor: Uuid, emails: Vec<Text>, role: ProviderUserType, now: UtcTime) -> Events {
        let refs: Vec<&str> = emails.iter().map(|e| &**e).collect();
        self.command(|p| p.invite(mspkit::ProviderUserId::new(actor), &refs, role.into(), now.0)).map(events)
    }

    /// Resends a pending invitation, renewing its expiry.
    fn reinvite(&self, actor: Uuid, member: Uuid, now: UtcTime) -> Events {
        self.command(|p| {
            p.reinvite(mspkit::ProviderUserId::new(actor), mspkit::ProviderUserId::new(member), now.0)
        })
        .map(events)
    }

    /// The invited person accepts with their account.
    #[pyo3(signature = (member, user_id, email, now, fingerprint=None))]
    fn accept(
        &self,
        member: Uuid,
        user_id: Uuid,
        email: Text,
        now: UtcTime,
        fingerprint: Option<Text>,
    ) -> Events {
        let email = crate::provider::email(&email)?;
        self.command(|p| {
            p.accept(
                mspkit::ProviderUserId::new(member),
                mspkit::UserId::new(user_id),
                &email,
                fingerprint.as_deref(),
                now.0,
            )
        })
        .map(events)
    }

    // ---- tokens (invitation, set-up, deletion) ----

    /// As `invite`, returning beside the events, per invitee in the order of `emails`, an
    /// `Invitation`: the new membership, the address and the token to mail (valid 120 hours).
    fn invite_with_tokens(
        &self,
        actor: Uuid,
        emails: Vec<Text>,
        role: ProviderUserType,
        key: PyRef<'_, TokenKey>,
        now: UtcTime,
    ) -> PyResult<(Vec<Invitation>, Vec<Event>)> {
        let refs: Vec<&str> = emails.iter().map(|e| &**e).collect();
        let created = self.command(|p| {
            p.invite_with_tokens(mspkit::ProviderUserId::new(actor), &refs, role.into(), &key.inner, now.0)
        })?;
        Ok((created.id.into_iter().map(Invitation::new).collect(), events(created.events)))
    }

    /// As `reinvite`, returning the new token beside the events: every earlier token of this
    /// invitation stops working.
    fn reinvite_with_token(
        &self,
        actor: Uuid,
        member: Uuid,
        key: PyRef<'_, TokenKey>,
        now: UtcTime,
    ) -> PyResult<(Token, Vec<Event>)> {
        let created = self.command(|p| {
            p.reinvite_with_token(
                mspkit::ProviderUserId::new(actor),
                mspkit::ProviderUserId::new(member),
                &key.inner,
                now.0,
            )
        })?;
        Ok((Token::new_inner(created.id), events(created.events)))
    }

    /// The token of a pending invitation as last sent (the same until a resend).
    fn invitation_token(&self, member: Uuid, key: PyRef<'_, TokenKey>) -> PyResult<Token> {
        self.get(|p| p.invitation_token(mspkit::ProviderUserId::new(member), &key.inner))
            .map(Token::new_inner)
            .map_err(to_py_err)
    }

    /// As `accept`, after checking the invitation's token (a `Token` or its text): the one of
    /// the latest (re)send, signed with `key` (`TokenError` `invitation_token_invalid`), younger
    /// than 120 hours (`invitation_token_expired`).
    #[pyo3(signature = (member, user_id, email, token, key, now, fingerprint=None))]
    #[allow(clippy::too_many_arguments, reason = "accept's arguments plus the token and its key")]
    fn accept_with_token(
        &self,
        member: Uuid,
        user_id: Uuid,
        email: Text,
        token: TokenArg,
        key: PyRef<'_, TokenKey>,
        now: UtcTime,
        fingerprint: Option<Text>,
    ) -> Events {
        let email = crate::provider::email(&email)?;
        self.command(|p| {
            p.accept_with_token(
                mspkit::ProviderUserId::new(member),
                mspkit::UserId::new(user_id),
                &email,
                &token.0,
                &key.inner,
                fingerprint.as_deref(),
                now.0,
            )
        })
        .map(events)
    }

    /// A token for the person a pending provider was issued to, to set it up with
    /// `set_up_with_token` within 120 hours of `now`.
    fn setup_token(&self, key: PyRef<'_, TokenKey>, now: UtcTime) -> PyResult<Token> {
        self.get(|p| p.setup_token(&key.inner, now.0)).map(Token::new_inner).map_err(to_py_err)
    }

    /// As `set_up`, after checking the set-up token: for this provider and the address it was
    /// issued to (`setup_token_invalid`), younger than 120 hours (`setup_token_expired`).
    fn set_up_with_token(
        &self,
        user_id: Uuid,
        email: Text,
        token: TokenArg,
        key: PyRef<'_, TokenKey>,
        now: UtcTime,
    ) -> Events {
        let email = crate::provider::email(&email)?;
        self.command(|p| {
            p.set_up_with_token(mspkit::UserId::new(user_id), &email, &token.0, &key.inner, now.0)
        })
        .map(|c| events(c.events))
    }

    /// An admin initiates the provider's deletion: checks that `actor` may delete it now and
    /// returns a token bound to the provider and this admin, valid one hour. Nothing changes.
    fn delete_token(&self, actor: Uuid, key: PyRef<'_, TokenKey>, now: UtcTime) -> PyResult<Token> {
        self.get(|p| p.delete_token(mspkit::ProviderUserId::new(actor), &key.inner, now.0))
            .map(Token::new_inner)
            .map_err(to_py_err)
    }

    /// As `delete` by the admin `actor`, after checking the token `delete_token` gave that admin
    /// (`delete_token_invalid`, `delete_token_expired` after one hour).
    fn delete_with_token(
        &self,
        actor: Uuid,
        token: TokenArg,
        key: PyRef<'_, TokenKey>,
        now: UtcTime,
    ) -> Events {
        self.command(|p| p.delete_with_token(mspkit::ProviderUserId::new(actor), &token.0, &key.inner, now.0))
            .map(events)
    }

    /// Confirms an accepted member (provider admins only).
    #[pyo3(signature = (actor, member, now, fingerprint=None))]
    fn confirm(&self, actor: Uuid, member: Uuid, now: UtcTime, fingerprint: Option<Text>) -> Events {
        self.command(|p| {
            p.confirm(
                mspkit::ProviderUserId::new(actor),
                mspkit::ProviderUserId::new(member),
                fingerprint.as_deref(),
                now.0,
            )
        })
        .map(events)
    }

    /// Revokes a membership (provider admins only).
    fn revoke(&self, actor: Uuid, member: Uuid, now: UtcTime) -> Events {
        self.command(|p| {
            p.revoke(mspkit::ProviderUserId::new(actor), mspkit::ProviderUserId::new(member), now.0)
        })
        .map(events)
    }

    /// Suspends every provider member's access at once (the emergency stop): one event. Every
    /// member is then refused every action with `provider_access_suspended`; the admin who
    /// suspended keeps only `resume_access`.
    fn suspend_access(&self, actor: Uuid, reason: Text, now: UtcTime) -> Events {
        self.command(|p| p.suspend_access(mspkit::ProviderUserId::new(actor), &reason, now.0)).map(events)
    }

    /// Resumes suspended access: of everyone (`members=None`), or of the members listed.
    #[pyo3(signature = (actor, now, members = None))]
    fn resume_access(&self, actor: Uuid, now: UtcTime, members: Option<Vec<Uuid>>) -> Events {
        let members: Option<Vec<mspkit::ProviderUserId>> =
            members.map(|list| list.into_iter().map(mspkit::ProviderUserId::new).collect());
        self.command(|p| p.resume_access(mspkit::ProviderUserId::new(actor), members.as_deref(), now.0))
            .map(events)
    }

    /// The suspension of every member's access while it lasts (`by`, `at`, `reason`,
    /// `resumed`), else `None`.
    #[getter]
    fn access_suspension(&self) -> Option<crate::reports::AccessSuspension> {
        self.get(|p| p.access_suspension().cloned()).map(crate::reports::AccessSuspension::from)
    }

    /// The blast radius of suspending every member's access (`member=None`), or of one member's
    /// account: the clients that lose provider access, what each member loses, and the clients
    /// locked out (no confirmed owner of their own).
    #[pyo3(signature = (member = None))]
    fn blast_radius(&self, py: Python<'_>, member: Option<Uuid>) -> PyResult<crate::reports::BlastRadius> {
        self.get_detached(py, |p| {
            mspkit::blast_radius::BlastRadius::new(p, member.map(mspkit::ProviderUserId::new))
        })
        .map(crate::reports::BlastRadius::from)
        .map_err(to_py_err)
    }

    /// The access review across all clients at `as_of`: who can act in each client and how,
    /// the findings (each with the command that resolves it), and each client's last review.
    /// `events` (the provider's log: `read_event_log(text)`, `iter_event_log(path)`) say when
    /// each member last acted; without them activity is unknown. Members without an action for
    /// `inactive_days` days are inactive.
    #[pyo3(signature = (as_of, events = None, *, inactive_days = 90))]
    fn access_review(
        &self,
        py: Python<'_>,
        as_of: UtcTime,
        events: Option<&Bound<'_, PyAny>>,
        inactive_days: u32,
    ) -> PyResult<crate::review::AccessReview> {
        let activity = match events {
            None => None,
            Some(events) => {
                let mut activity = mspkit::access_review::Activity::new(self.get(mspkit::Provider::id));
                for item in events.try_iter()? {
                    let item = item?;
                    let event = item.cast::<Event>()?;
                    activity.record(event.get().inner());
                }
                Some(activity)
            }
        };
        let review = self.get_detached(py, |p| {
            mspkit::access_review::AccessReview::new(p, activity.as_ref(), as_of.0, inactive_days)
        });
        Ok(crate::review::AccessReview::new(review))
    }

    /// Signs off an access review of every client (`clients=None`) or of the clients listed:
    /// one `access_review_signed` event with the findings' hash (`AccessReview.findings_hash`,
    /// or `findings_hash_for(clients)`) and the day the next review is due (after `now`'s day,
    /// at most 366 days later). Provider admins only.
    #[pyo3(signature = (actor, findings_hash, next_due, now, clients = None))]
    fn sign_access_review(
        &self,
        actor: Uuid,
        findings_hash: Text,
        next_due: chrono::NaiveDate,
        now: UtcTime,
        clients: Option<Vec<Uuid>>,
    ) -> Events {
        let hash: mspkit::access_review::FindingsHash = findings_hash.parse().map_err(to_py_err)?;
        let clients: Option<Vec<mspkit::OrganizationId>> =
            clients.map(|list| list.into_iter().map(mspkit::OrganizationId::new).collect());
        self.command(|p| {
            p.sign_access_review(
                mspkit::ProviderUserId::new(actor),
                clients.as_deref(),
                hash,
                next_due,
                now.0,
            )
        })
        .map(events)
    }

    /// Restores a revoked membership (provider admins only).
    fn restore(&self, actor: Uuid, member: Uuid, now: UtcTime) -> Events {
        self.command(|p| {
            p.restore(mspkit::ProviderUserId::new(actor), mspkit::ProviderUserId::new(member), now.0)
        })
        .map(events)
    }

    /// Changes a member's role (provider admins only).
    fn change_role(&self, actor: Uuid, member: Uuid, role: ProviderUserType, now: UtcTime) -> Events {
        self.command(|p| {
            p.change_role(
                mspkit::ProviderUserId::new(actor),
                mspkit::ProviderUserId::new(member),
                role.into(),
                now.0,
            )
        })
        .map(events)
    }

    /// Scopes a service user to clients, or (`None`) lets it reach all.
    fn set_client_scope(
        &self,
        actor: Uuid,
        member: Uuid,
        clients: Option<Vec<Uuid>>,
        now: UtcTime,
    ) -> Events {
        let scope = clients.map(|ids| ids.into_iter().map(mspkit::OrganizationId::new).collect());
        self.command(|p| {
            p.set_client_scope(
                mspkit::ProviderUserId::new(actor),
                mspkit::ProviderUserId::new(member),
                scope,
                now.0,
            )
        })
        .map(events)
    }

    /// Removes members, checked as a whole (provider admins only).
    fn remove(&self, actor: Uuid, members: Vec<Uuid>, now: UtcTime) -> Events {
        let ids: Vec<mspkit::ProviderUserId> = members.into_iter().map(mspkit::ProviderUserId::new).collect();
        self.command(|p| p.remove(mspkit::ProviderUserId::new(actor), &ids, now.0)).map(events)
    }

    /// A member leaves by themselves.
    fn leave(&self, member: Uuid, now: UtcTime) -> Events {
        self.command(|p| p.leave(mspkit::ProviderUserId::new(member), now.0)).map(events)
    }

    // ---- clients ----

    /// Creates a client organization (provider admins only).
    #[pyo3(signature = (actor, name, owner_email, plan, seats, now, first_collection=None))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the Rust NewClient fields as Python arguments")]
    fn create_client(
        &self,
        actor: Uuid,
        name: Text,
        owner_email: Text,
        plan: PlanType,
        seats: Int<u32>,
        now: UtcTime,
        first_collection: Option<Text>,
    ) -> Events {
        let new = mspkit::NewClient {
            name: name.0,
            owner_email: crate::provider::email(&owner_email)?,
            plan: plan.into(),
            seats: seats.0,
            first_collection: first_collection.map(|t| t.0),
        };
        self.command(|p| p.create_client(mspkit::ProviderUserId::new(actor), new, now.0))
            .map(|c| events(c.events))
    }

    /// Adds an existing organization (provider admins who own it).
    #[pyo3(signature = (actor, id, name, plan, seats, billing_email, members, now, *, subscription_active=true, linked_to_provider=false, uses_secrets_manager=false))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the Rust ExistingOrganization fields")]
    fn add_existing_client(
        &self,
        actor: Uuid,
        id: Uuid,
        name: Text,
        plan: PlanType,
        seats: Int<u32>,
        billing_email: Text,
        members: Vec<ClientMember>,
        now: UtcTime,
        subscription_active: bool,
        linked_to_provider: bool,
        uses_secrets_manager: bool,
    ) -> Events {
        let org = mspkit::ExistingOrganization {
            id: mspkit::OrganizationId::new(id),
            name: name.0,
            plan: plan.into(),
            seats: seats.0,
            billing_email: crate::provider::email(&billing_email)?,
            subscription_active,
            linked_to_provider,
            uses_secrets_manager,
            members: members.into_iter().map(|m| m.inner).collect(),
        };
        self.command(|p| p.add_existing_client(mspkit::ProviderUserId::new(actor), org, now.0)).map(events)
    }

    /// Enables a client's policy (`policy` is its snake_case name) with `settings` (a dict of
    /// setting names to values). With `facts` (email → `{"other_organizations": bool,
    /// "two_factor": bool, "master_password": bool}`), switching `single_org` or
    /// `two_factor_authentication` on also revokes the members who do not comply, as the
    /// reference does (`client_member_revoked` events).
    #[pyo3(signature = (actor, client, policy, now, settings = None, *, facts = None))]
    fn enable_client_policy(
        &self,
        actor: Uuid,
        client: Uuid,
        policy: PolicyKind,
        now: UtcTime,
        settings: Option<Bound<'_, PyDict>>,
        facts: Option<std::collections::BTreeMap<Text, std::collections::BTreeMap<Text, bool>>>,
    ) -> Events {
        let settings = crate::policy::settings_from_py(policy.into(), settings.as_ref())?;
        let (actor, client) = (mspkit::ProviderUserId::new(actor), mspkit::OrganizationId::new(client));
        let facts = facts.map(crate::reference::compliance_facts).transpose()?;
        self.command(|p| match facts {
            Some(facts) => p.enable_client_policy_with_facts(actor, client, settings, &facts, now.0),
            None => p.enable_client_policy(actor, client, settings, now.0),
        })
        .map(events)
    }

    /// What enabling `policy` on `client` would revoke, given the members' `facts` (a dry run:
    /// nothing changes).
    fn preview_client_policy(
        &self,
        actor: Uuid,
        client: Uuid,
        policy: PolicyKind,
        facts: std::collections::BTreeMap<Text, std::collections::BTreeMap<Text, bool>>,
    ) -> PyResult<crate::reference::PolicySideEffects> {
        crate::reference::preview_client_policy(self, actor, client, policy.into(), facts)
    }

    /// Saves new settings for a client's stored policy (the whole settings: unset ones are cleared).
    #[pyo3(signature = (actor, client, policy, now, settings = None))]
    fn change_client_policy(
        &self,
        actor: Uuid,
        client: Uuid,
        policy: PolicyKind,
        now: UtcTime,
        settings: Option<Bound<'_, PyDict>>,
    ) -> Events {
        let settings = crate::policy::settings_from_py(policy.into(), settings.as_ref())?;
        self.command(|p| {
            p.change_client_policy(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                settings,
                now.0,
            )
        })
        .map(events)
    }

    /// Disables a client's policy.
    fn disable_client_policy(&self, actor: Uuid, client: Uuid, policy: PolicyKind, now: UtcTime) -> Events {
        let kind = mspkit::policy::PolicyKind::from(policy);
        self.command(|p| {
            p.disable_client_policy(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                kind,
                now.0,
            )
        })
        .map(events)
    }

    /// Carries out a remediation plan (validated first; all or nothing).
    fn remediate_client(
        &self,
        actor: Uuid,
        client: Uuid,
        plan: PyRef<'_, crate::policy::RemediationPlan>,
        now: UtcTime,
    ) -> Events {
        self.command(|p| {
            p.remediate_client(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                &plan.inner,
                now.0,
            )
        })
        .map(events)
    }

    /// Changes a client's seats.
    fn set_client_seats(&self, actor: Uuid, client: Uuid, seats: Int<u32>, now: UtcTime) -> Events {
        self.command(|p| {
            p.set_client_seats(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                seats.0,
                now.0,
            )
        })
        .map(events)
    }

    /// Adds a member to a client (refused with `no_free_seats` when full).
    fn add_client_member(&self, actor: Uuid, client: Uuid, member: ClientMember, now: UtcTime) -> Events {
        self.command(|p| {
            p.add_client_member(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                member.inner,
                now.0,
            )
        })
        .map(events)
    }

    /// Removes a member from a client.
    fn remove_client_member(&self, actor: Uuid, client: Uuid, email: Text, now: UtcTime) -> Events {
        let email = crate::provider::email(&email)?;
        self.command(|p| {
            p.remove_client_member(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                &email,
                now.0,
            )
        })
        .map(events)
    }

    /// Unlinks a client (provider admins only); returns the unlinked organization and events.
    fn unlink_client(
        &self,
        actor: Uuid,
        client: Uuid,
        now: UtcTime,
    ) -> PyResult<(ClientOrganization, Vec<Event>)> {
        self.command(|p| {
            p.unlink_client(mspkit::ProviderUserId::new(actor), mspkit::OrganizationId::new(client), now.0)
        })
        .map(|(inner, list)| (ClientOrganization { inner }, events(list)))
    }

    /// What blocks or should precede unlinking `client`: `client`, `name` and `findings` (each
    /// with `code`, `severity` `blocking` or `advisory`, and `message`; the deployment judged
    /// against the built-in guide).
    fn exit_check(&self, client: Uuid) -> PyResult<crate::reports::ExitCheck> {
        let catalog = mspkit::deployment::DeploymentCatalog::builtin().map_err(to_py_err)?;
        self.get(|p| mspkit::exit::ExitCheck::new(p, mspkit::OrganizationId::new(client), &catalog))
            .map(crate::reports::ExitCheck::from)
            .map_err(to_py_err)
    }

    /// Unlinks `client` after its exit check and returns its receipt as JSON text (signed with
    /// `secret_key`, the text `seal_key_pair` returns first, when given). A blocking finding
    /// refuses the unlink (`no_confirmed_owner`). `events` is how many events of the log named
    /// the client and `chain_head` the log's head before the unlink (64 hex digits), if known.
    #[pyo3(signature = (actor, client, now, secret_key = None, client_events = 0, chain_head = None))]
    fn unlink_client_with_receipt(
        &self,
        actor: Uuid,
        client: Uuid,
        now: UtcTime,
        secret_key: Option<SecretText>,
        client_events: u64,
        chain_head: Option<Text>,
    ) -> PyResult<(String, Vec<Event>)> {
        let client = mspkit::OrganizationId::new(client);
        let key = secret_key
            .as_deref()
            .map(mspkit::event_log::SealKey::from_text)
            .transpose()
            .map_err(to_py_err)?;
        let head = match chain_head.as_deref() {
            Some(text) => Some(mspkit::event_log::ChainHash::parse(text).ok_or_else(|| {
                to_py_err(mspkit::EventError::SealKeyInvalid {
                    what: "chain head",
                    detail: "a hash is 64 lowercase hexadecimal digits",
                })
            })?),
            None => None,
        };
        let catalog = mspkit::deployment::DeploymentCatalog::builtin().map_err(to_py_err)?;
        // The check, the unlink and the receipt under one write lock: nothing changes in between.
        let (receipt, list) = self.command(|p| {
            let check = mspkit::exit::ExitCheck::new(p, client, &catalog)?;
            let before = p.clone();
            let (leaving, list) = p.unlink_client(mspkit::ProviderUserId::new(actor), client, now.0)?;
            let event = list.first().ok_or(mspkit::Error::Event(mspkit::EventError::EmptyLog))?;
            let receipt = mspkit::exit::ExitReceipt::new(
                &before,
                &leaving,
                event,
                client_events.saturating_add(1),
                head,
                check.findings,
            )?;
            Ok::<_, mspkit::Error>((receipt, list))
        })?;
        Ok((receipt.sign(key.as_ref()).to_json(), events(list)))
    }

    /// Records that `actor` opened a client's vault in its admin console (anyone who may
    /// administer the client): one `client_vault_accessed` event (reference code 1903).
    fn record_vault_access(&self, actor: Uuid, client: Uuid, now: UtcTime) -> Events {
        self.command(|p| {
            p.record_vault_access(
                mspkit::ProviderUserId::new(actor),
                mspkit::OrganizationId::new(client),
                now.0,
            )
        })
        .map(events)
    }

    /// Deletes a client (provider admins only).
    fn delete_client(&self, actor: Uuid, client: Uuid, now: UtcTime) -> Events {
        self.command(|p| {
            p.delete_client(mspkit::ProviderUserId::new(actor), mspkit::OrganizationId::new(client), now.0)
        })
        .map(events)
    }

    /// Sets a plan's seat minimum (`actor=None`: the vendor).
    fn set_seat_minimum(
        &self,
        actor: Option<Uuid>,
        plan: PlanType,
        minimum: Int<u32>,
        now: UtcTime,
    ) -> Events {
        self.command(|p| {
            p.set_seat_minimum(actor.map(mspkit::ProviderUserId::new), plan.into(), minimum.0, now.0)
        })
        .map(events)
    }
}

/// The answer of [`check`]: allowed, or denied with a code and a reason.
#[pyclass(module = "mspkit", frozen, eq, get_all)]
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Whether the action is allowed.
    allowed: bool,
    /// The denial's stable code, or `None` when allowed.
    code: Option<&'static str>,
    /// The denial's sentence, or `None` when allowed.
    reason: Option<String>,
}

#[pymethods]
impl Decision {
    fn __bool__(&self) -> bool {
        self.allowed
    }

    fn __repr__(&self) -> String {
        match self.code {
            None => "Decision(allowed=True)".to_owned(),
            Some(code) => format!("Decision(allowed=False, code={code:?})"),
        }
    }
}

fn target(client: Option<Uuid>) -> mspkit::Target {
    client.map_or(mspkit::Target::Provider, |id| mspkit::Target::Client(mspkit::OrganizationId::new(id)))
}

/// Raises `PermissionDenied` (with `.code`) unless `actor` may perform `action` on the provider or,
/// with `client`, on that client organization.
#[pyfunction]
#[pyo3(signature = (provider, actor, action, client=None))]
pub fn authorize(
    provider: PyRef<'_, Provider>,
    actor: Uuid,
    action: Action,
    client: Option<Uuid>,
) -> PyResult<()> {
    provider
        .get(|p| mspkit::authorize(p, mspkit::ProviderUserId::new(actor), action.into(), target(client)))
        .map_err(to_py_err)
}

/// The non-raising form of [`authorize`]: returns a `Decision`.
#[pyfunction]
#[pyo3(signature = (provider, actor, action, client=None))]
pub fn check(provider: PyRef<'_, Provider>, actor: Uuid, action: Action, client: Option<Uuid>) -> Decision {
    match provider
        .get(|p| mspkit::authorize(p, mspkit::ProviderUserId::new(actor), action.into(), target(client)))
    {
        Ok(()) => Decision { allowed: true, code: None, reason: None },
        Err(denial) => {
            Decision { allowed: false, code: Some(denial.code()), reason: Some(denial.to_string()) }
        }
    }
}

/// The facts a caller supplies for reading the reference's API responses.
fn reference_facts(
    profile_json: Option<Text>,
    status: Option<ProviderStatus>,
    enabled: Option<bool>,
    plans: Option<std::collections::BTreeMap<Uuid, PlanType>>,
    guess_ambiguous_plans: bool,
) -> PyResult<mspkit::interop::ReferenceFacts> {
    let mut facts = mspkit::interop::ReferenceFacts::new();
    if let Some(json) = profile_json {
        facts = facts.with_profile_json(&json).map_err(to_py_err)?;
    }
    if let Some(status) = status {
        facts = facts.with_status(status.into());
    }
    if let Some(enabled) = enabled {
        facts = facts.with_enabled(enabled);
    }
    for (client, plan) in plans.unwrap_or_default() {
        facts = facts.with_plan(mspkit::OrganizationId::new(client), plan.into());
    }
    if guess_ambiguous_plans {
        facts = facts.with_ambiguous_plans(mspkit::interop::AmbiguousPlans::Current);
    }
    Ok(facts)
}

/// Reads the reference server's JSON (provider, members, client organizations) into a `Provider`:
/// its API responses or its database entities. Facts the API does not send are supplied by
/// keyword (`profile_json`: the caller's `GET /accounts/profile`; `status`, `enabled`, `plans`
/// by client id) or refused with `reference_missing_fact`; an ambiguous plan name is refused
/// unless `guess_ambiguous_plans` reads it as the current edition.
#[pyfunction]
#[pyo3(signature = (provider_json, members_json, clients_json, *, profile_json=None, status=None, enabled=None, plans=None, guess_ambiguous_plans=false))]
#[allow(clippy::too_many_arguments, reason = "keyword-only facts, as Python callers expect")]
pub fn read_reference(
    provider_json: Text,
    members_json: Text,
    clients_json: Text,
    profile_json: Option<Text>,
    status: Option<ProviderStatus>,
    enabled: Option<bool>,
    plans: Option<std::collections::BTreeMap<Uuid, PlanType>>,
    guess_ambiguous_plans: bool,
) -> PyResult<Provider> {
    read_reference_notes(
        provider_json,
        members_json,
        clients_json,
        profile_json,
        status,
        enabled,
        plans,
        guess_ambiguous_plans,
    )
    .map(|(provider, _)| provider)
}

/// As `read_reference`, also returning what the documents did not say and how it was read:
/// `(provider, [(code, message), ...])`.
#[pyfunction]
#[pyo3(signature = (provider_json, members_json, clients_json, *, profile_json=None, status=None, enabled=None, plans=None, guess_ambiguous_plans=false))]
#[allow(clippy::too_many_arguments, reason = "keyword-only facts, as Python callers expect")]
pub fn read_reference_notes(
    provider_json: Text,
    members_json: Text,
    clients_json: Text,
    profile_json: Option<Text>,
    status: Option<ProviderStatus>,
    enabled: Option<bool>,
    plans: Option<std::collections::BTreeMap<Uuid, PlanType>>,
    guess_ambiguous_plans: bool,
) -> PyResult<(Provider, Vec<(&'static str, String)>)> {
    let facts = reference_facts(profile_json, status, enabled, plans, guess_ambiguous_plans)?;
    let import = mspkit::interop::read_reference_with(&provider_json, &members_json, &clients_json, &facts)
        .map_err(to_py_err)?;
    let notes = import.notes.iter().map(|n| (n.code(), n.to_string())).collect();
    Ok((Provider::new(import.provider), notes))
}

/// Writes a provider in the reference server's format: a dict with `provider`, `members`, `clients`.
#[pyfunction]
pub fn write_reference<'py>(py: Python<'py>, provider: PyRef<'_, Provider>) -> PyResult<Bound<'py, PyAny>> {
    to_python(py, &provider.get(mspkit::write_reference))
}

/// A portfolio document: one provider with its team and clients.
///
/// A portfolio and its provider are one state: `Portfolio(provider)` wraps that provider object
/// (no copy), and `Portfolio.provider` returns it, so a command run on it is seen by the
/// portfolio. Every change goes through the provider's commands, which keep the document one
/// `from_json` accepts.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug)]
pub struct Portfolio {
    /// The provider object handed out by `provider`: its state is the portfolio's.
    provider: Py<Provider>,
}

impl PartialEq for Portfolio {
    fn eq(&self, other: &Self) -> bool {
        crate::shared::read_both(&self.state().state, &other.state().state, |a, b| a == b)
    }
}

impl Portfolio {
    /// Wraps a core portfolio.
    pub(crate) fn from_core(py: Python<'_>, inner: mspkit::Portfolio) -> PyResult<Self> {
        let provider = Provider { state: Arc::new(Locked::new(inner)) };
        Ok(Self { provider: Py::new(py, provider)? })
    }

    /// The provider, whose state is the portfolio's.
    pub(crate) fn state(&self) -> &Provider {
        self.provider.get()
    }

    /// The provider of `target`, a `Portfolio` or a `Provider` (the functions that take either).
    pub(crate) fn provider_of<'a>(target: &'a Bound<'_, PyAny>) -> Option<&'a Provider> {
        if let Ok(portfolio) = target.cast::<Portfolio>() {
            Some(portfolio.get().state())
        } else {
            target.cast::<Provider>().ok().map(Bound::get)
        }
    }

    /// `f` of the portfolio, under its read lock (Rust code only, as `Provider::get`).
    fn get<R>(&self, f: impl FnOnce(&mspkit::Portfolio) -> R) -> R {
        f(&self.state().state.read())
    }
}

#[pymethods]
impl Portfolio {
    /// The portfolio of `provider`, sharing its state (no copy).
    #[new]
    fn new(provider: Py<Provider>) -> Self {
        Self { provider }
    }

    /// Reads a portfolio document, checking every invariant (without holding the interpreter
    /// lock: a large portfolio takes a while). The one document reader's size limit applies:
    /// 64 MiB, or `max_bytes` (the CLI's `--max-bytes`), so a 100 000-client portfolio opens
    /// with `max_bytes=256 * 2**20`.
    #[classmethod]
    #[pyo3(signature = (json, max_bytes = None))]
    fn from_json(cls: &Bound<'_, PyType>, json: Text, max_bytes: Option<Int<u64>>) -> PyResult<Self> {
        let reader = crate::convert::reader(max_bytes);
        let inner =
            cls.py().detach(|| mspkit::Portfolio::from_json_with(&json, &reader)).map_err(to_py_err)?;
        Self::from_core(cls.py(), inner)
    }

    /// Reads the portfolio document at `path` through the one document reader: never more than
    /// its limit (64 MiB, or `max_bytes`); a file that cannot be read, a missing one included, is
    /// `read_failed`.
    #[classmethod]
    #[pyo3(signature = (path, max_bytes = None))]
    fn load(
        cls: &Bound<'_, PyType>,
        path: std::path::PathBuf,
        max_bytes: Option<Int<u64>>,
    ) -> PyResult<Self> {
        let reader = crate::convert::reader(max_bytes);
        let inner = cls
            .py()
            .detach(|| {
                let text = crate::convert::read_file(&path, &reader, "portfolio")?;
                mspkit::Portfolio::from_json_with(&text, &reader)
            })
            .map_err(to_py_err)?;
        Self::from_core(cls.py(), inner)
    }

    /// Writes the document as pretty JSON (without holding the interpreter lock).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.state().state.read_detached(py, mspkit::Portfolio::to_json).map_err(to_py_err)
    }

    /// The provider: not a copy, the portfolio's own (the same object every time). Its commands
    /// change the portfolio.
    #[getter]
    fn provider(&self, py: Python<'_>) -> Py<Provider> {
        self.provider.clone_ref(py)
    }

    /// The provider's seat utilisation (see `Provider.seat_utilisation`).
    #[pyo3(signature = (*, idle=None))]
    fn seat_utilisation(
        &self,
        py: Python<'_>,
        idle: Option<Int<u32>>,
    ) -> PyResult<crate::billing::SeatUtilisation> {
        crate::billing::seat_utilisation(
            py,
            self.state(),
            idle.map_or(mspkit::billing::DEFAULT_IDLE_THRESHOLD, |i| i.0),
        )
    }

    /// The provider's invoice of `period` (`YYYY-MM`).
    fn invoice(&self, py: Python<'_>, period: Text) -> PyResult<crate::billing::Invoice> {
        crate::billing::invoice(py, self.state(), &period)
    }

    /// The client invoice report.
    #[pyo3(signature = (period=None))]
    fn client_invoice_report(
        &self,
        py: Python<'_>,
        period: Option<Text>,
    ) -> PyResult<crate::billing::ClientInvoiceReport> {
        crate::billing::client_invoice_report(py, self.state(), period.as_deref())
    }

    /// The client invoice report as CSV, in one call.
    fn client_invoice_csv(&self, py: Python<'_>) -> PyResult<String> {
        crate::billing::client_invoice_csv(py, self.state())
    }

    /// The PSA export.
    fn psa_export(&self, py: Python<'_>) -> PyResult<crate::billing::PsaExport> {
        crate::billing::psa_export(py, self.state())
    }

    /// The seat-minimum model against usage-based billing.
    fn model_comparison(&self, py: Python<'_>) -> PyResult<crate::billing::ModelComparison> {
        crate::billing::model_comparison(py, self.state())
    }

    /// What proposed changes would do, tried on a copy.
    fn what_if(
        &self,
        py: Python<'_>,
        changes: &Bound<'_, PyAny>,
        today: chrono::NaiveDate,
    ) -> PyResult<crate::billing::WhatIfResult> {
        crate::billing::what_if(py, self.state(), changes, today)
    }

    /// The summary report at `now` (built without holding the interpreter lock).
    fn report(&self, py: Python<'_>, now: UtcTime) -> crate::portfolio_report::PortfolioReport {
        let report = self.state().state.read_detached(py, |inner| inner.report(now.0));
        crate::portfolio_report::PortfolioReport::from(report)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json(py)?,)))
    }

    fn __repr__(&self) -> String {
        self.get(|p| format!("Portfolio(provider={:?})", p.provider().name()))
    }
}

/// Registers the classes and functions on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Provider>()?;
    m.add_class::<ProviderUser>()?;
    m.add_class::<ClientOrganization>()?;
    m.add_class::<ClientMember>()?;
    m.add_class::<Warning>()?;
    m.add_class::<PlanSeats>()?;
    m.add_class::<Decision>()?;
    m.add_class::<Portfolio>()?;
    m.add_function(wrap_pyfunction!(authorize, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(read_reference, m)?)?;
    m.add_function(wrap_pyfunction!(read_reference_notes, m)?)?;
    m.add_function(wrap_pyfunction!(write_reference, m)?)?;
    Ok(())
}
