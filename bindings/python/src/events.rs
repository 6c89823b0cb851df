//! Events as Python objects: the envelope (provider, sequence, time, actor) and the change's data
//! as typed properties; the JSON Lines event log; replaying a log into a portfolio.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::BufReader;
use std::sync::Mutex;

use mspkit::Change;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyType};
use uuid::Uuid;

use crate::convert::{PyTime, Text, to_json, to_python};
use crate::enums::{PlanType, ProviderUserType};
use crate::errors::to_py_err;

/// One thing that happened to a provider, with everything needed to apply it again.
///
/// The envelope: `provider_id`, `sequence`, `at`, `actor`; the change: `kind` (its name),
/// `code` (the reference `EventType`, if any), `subject`, `data` (all of it, as plain values)
/// and a typed property per field (`member`, `client`, `email`, `role`, `seats`, …), `None`
/// when this kind of change does not carry it.
#[pyclass(module = "mspkit", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    inner: mspkit::Event,
}

impl Event {
    /// Wraps a core event.
    pub fn new(inner: mspkit::Event) -> Self {
        Self { inner }
    }

    /// The core event.
    pub fn inner(&self) -> &mspkit::Event {
        &self.inner
    }

    fn change(&self) -> &Change {
        &self.inner.change
    }
}

#[pymethods]
impl Event {
    /// What happened (`EventKind.MEMBER_INVITED`, …; equal to the change's name, `"member_invited"`).
    #[getter]
    fn kind(&self) -> PyResult<crate::names::EventKind> {
        self.inner.change.kind().try_into()
    }

    /// The reference `EventType` code, or `None` for mspkit's own kinds.
    #[getter]
    fn code(&self) -> Option<u16> {
        self.inner.code()
    }

    /// The provider it happened to.
    #[getter]
    fn provider_id(&self) -> Uuid {
        self.inner.provider.uuid()
    }

    /// Its position in the provider's history (1, 2, 3, … with no gaps).
    #[getter]
    fn sequence(&self) -> u64 {
        self.inner.sequence
    }

    /// Who did it: `(ActorKind.MEMBER, UUID)`, `(ActorKind.USER, UUID)` or
    /// `(ActorKind.SYSTEM, None)` (each kind equal to its name, `"member"`, …).
    #[getter]
    fn actor(&self) -> PyResult<(crate::names::ActorKind, Option<Uuid>)> {
        let id = match self.inner.actor {
            mspkit::Actor::Member(id) => Some(id.uuid()),
            mspkit::Actor::User(id) => Some(id.uuid()),
            mspkit::Actor::System => None,
        };
        Ok((self.inner.actor.kind().try_into()?, id))
    }

    /// What it was done to: `(SubjectKind.PROVIDER | MEMBER | CLIENT, UUID)`.
    #[getter]
    fn subject(&self) -> PyResult<(crate::names::SubjectKind, Uuid)> {
        let subject = self.inner.subject();
        let id = match subject {
            mspkit::Subject::Provider(id) => id.uuid(),
            mspkit::Subject::Member(id) => id.uuid(),
            mspkit::Subject::Client(id) => id.uuid(),
        };
        Ok((subject.kind().try_into()?, id))
    }

    /// When it happened (UTC).
    #[getter]
    fn at(&self) -> PyTime {
        PyTime(self.inner.at)
    }

    /// The change's data as plain values (its JSON without `type`).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = to_python(py, self.change())?;
        if let Ok(dict) = value.cast::<pyo3::types::PyDict>() {
            dict.del_item("type")?;
        }
        Ok(value)
    }

    /// The membership the change is about (team changes, `provider_set_up`).
    #[getter]
    fn member(&self) -> Option<Uuid> {
        self.change().member().map(mspkit::ProviderUserId::uuid)
    }

    /// The account (`provider_set_up`, `member_accepted`).
    #[getter]
    fn user(&self) -> Option<Uuid> {
        self.change().user().map(mspkit::UserId::uuid)
    }

    /// The client organization the change is about (client and deployment changes).
    #[getter]
    fn client(&self) -> Option<Uuid> {
        self.inner.client().map(mspkit::OrganizationId::uuid)
    }

    /// The email the change carries: the invited or set-up member's, the client member's
    /// added, removed or revoked, the new client's owner.
    #[getter]
    fn email(&self) -> Option<String> {
        self.change().email().map(ToString::to_string)
    }

    /// The role a member is invited with, or its new role (`member_role_changed`).
    #[getter]
    fn role(&self) -> PyResult<Option<ProviderUserType>> {
        self.change().role().map(ProviderUserType::try_from).transpose()
    }

    /// The role before a `member_role_changed`.
    #[getter]
    fn previous_role(&self) -> PyResult<Option<ProviderUserType>> {
        self.change().previous_role().map(ProviderUserType::try_from).transpose()
    }

    /// When an invitation expires (`member_invited`, `member_reinvited`).
    #[getter]
    fn expires_at(&self) -> Option<PyTime> {
        self.change().expires_at().map(PyTime)
    }

    /// A service user's new client scope (`member_scope_changed`; `None` also when it now
    /// reaches every client).
    #[getter]
    fn scope(&self) -> Option<BTreeSet<Uuid>> {
        self.change().scope().map(|scope| scope.iter().map(|id| id.uuid()).collect())
    }

    /// A client's name (`client_created`, `client_added`).
    #[getter]
    fn name(&self) -> Option<String> {
        self.change().client_name().map(str::to_owned)
    }

    /// The plan (`client_created`, `client_added`, `seat_minimum_changed`; the new plan of a
    /// `plan_changed`).
    #[getter]
    fn plan(&self) -> PyResult<Option<PlanType>> {
        self.change().plan().map(PlanType::try_from).transpose()
    }

    /// A client's seats: at creation, or after a `client_seats_changed`.
    #[getter]
    fn seats(&self) -> Option<u32> {
        self.change().seats()
    }

    /// A client's seats before a `client_seats_changed`.
    #[getter]
    fn previous_seats(&self) -> Option<u32> {
        self.change().previous_seats()
    }

    /// A plan's seat minimum after a `seat_minimum_changed`.
    #[getter]
    fn minimum(&self) -> Option<u32> {
        self.change().minimum()
    }

    /// A plan's seat minimum before a `seat_minimum_changed`.
    #[getter]
    fn previous_minimum(&self) -> Option<u32> {
        self.change().previous_minimum()
    }

    /// The deployment step (`deployment_step_*`).
    #[getter]
    fn step(&self) -> Option<u32> {
        self.change().step()
    }

    /// The deployment phase (`deployment_phase_*`).
    #[getter]
    fn phase(&self) -> Option<u32> {
        self.change().phase()
    }

    /// Why a deployment step was skipped or blocked, or every member's access suspended.
    #[getter]
    fn reason(&self) -> Option<String> {
        self.change().reason().map(str::to_owned)
    }

    /// The event as a dict of plain values (its JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }

    /// The event as mspkit's JSON (one line of an event log).
    fn to_json(&self) -> PyResult<String> {
        to_json(&self.inner)
    }

    /// Reads one event from mspkit's JSON; JSON of the wrong shape raises `InteropError`
    /// (`invalid_document`).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, json: Text) -> PyResult<Self> {
        // The one reader's checks first: size, and no repeated key.
        mspkit::DocumentReader::new()
            .check(&json, "event")
            .map_err(|e| to_py_err(mspkit::Error::Document(e)))?;
        serde_json::from_str::<mspkit::Event>(&json)
            .map(Self::new)
            .map_err(|e| to_py_err(mspkit::Error::Document(invalid_event(&e))))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((py.get_type::<Self>().getattr("from_json")?, (self.to_json()?,)))
    }

    fn __repr__(&self) -> String {
        let code = self.code().map_or_else(|| "None".to_owned(), |c| c.to_string());
        format!("Event(kind='{}', code={code}, sequence={})", self.inner.kind(), self.inner.sequence)
    }
}

fn invalid_event(e: &serde_json::Error) -> mspkit::DocumentError {
    mspkit::DocumentError::Invalid {
        what: "event",
        message: mspkit::document::quote_cut(
            &e.to_string().rsplit_once(" at line ").map_or_else(|| e.to_string(), |(m, _)| m.to_owned()),
            4 * mspkit::document::MAX_QUOTED_CHARS,
        ),
        line: e.line(),
        column: e.column(),
    }
}

/// A log's text as UTF-8 bytes. A `str` that UTF-8 cannot encode (it holds a lone surrogate) is
/// encoded with `surrogatepass`, so the reader stops at the line that holds it and names it
/// (`invalid_text` with `.line`, see [`text_log_err`]). Anything but a `str` is a `TypeError`.
pub(crate) struct LogText {
    pub(crate) bytes: Vec<u8>,
    surrogates: bool,
}

pub(crate) fn log_text(ob: &Bound<'_, PyAny>) -> PyResult<LogText> {
    let text = ob.cast::<PyString>()?;
    if let Ok(utf8) = text.to_str() {
        return Ok(LogText { bytes: utf8.as_bytes().to_vec(), surrogates: false });
    }
    let bytes: Vec<u8> = text.call_method1("encode", ("utf-8", "surrogatepass"))?.extract()?;
    Ok(LogText { bytes, surrogates: true })
}

/// [`log_err`], where a line that is not UTF-8 in a `str` is a lone surrogate: a
/// `ValidationError` (`invalid_text`) with `.line`, carrying no text.
pub(crate) fn text_log_err(e: mspkit::LogError, text: &LogText) -> PyErr {
    if text.surrogates && e.code() == "read_failed" {
        let line = e.line();
        let err = crate::errors::validation_error(
            "invalid_text",
            &format!(
                "line {line}: the text is not valid Unicode (it holds a lone surrogate): pass a str that UTF-8 can encode"
            ),
        );
        Python::attach(|py| {
            let _ = err.value(py).setattr("line", line);
        });
        return err;
    }
    log_err(e)
}

/// Reads a JSON Lines event log (a `{"schema_version": 1}` header line, then one event per
/// line). A bad line raises with the line in the message and `.line` set (a lone surrogate too:
/// `ValidationError`, `invalid_text`); each line may hold up to 1 MiB (`event_line_too_long`).
#[pyfunction]
fn read_event_log(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<Vec<Event>> {
    let text = log_text(text)?;
    let log = py
        .detach(|| {
            mspkit::event_log::EventLogReader::new(text.bytes.as_slice())
                .map(|read| read.map(|(_, event)| event))
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| text_log_err(e, &text))?;
    Ok(log.into_iter().map(Event::new).collect())
}

/// Writes events as a JSON Lines event log (the header line, then one event per line).
#[pyfunction]
fn write_event_log(events: Vec<PyRef<'_, Event>>) -> String {
    let list: Vec<mspkit::Event> = events.iter().map(|e| e.inner.clone()).collect();
    mspkit::event_log::write_jsonl(&list)
}

/// Rebuilds the portfolio (the provider and its clients' deployments, over the built-in
/// deployment guide) from a JSON Lines event log: the same replay as `Provider.replay`. A bad
/// line, or an event that does not fit, raises with the line in the message and `.line` set.
#[pyfunction]
fn replay_portfolio(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<crate::provider::Portfolio> {
    let text = log_text(text)?;
    let provider = py
        .detach(|| mspkit::event_log::EventLogReader::new(text.bytes.as_slice()).replay())
        .map_err(|e| text_log_err(e, &text))?;
    crate::provider::Portfolio::from_core(py, mspkit::Portfolio::new(provider))
}

/// Reads an event log file line by line, one `Event` at a time: `for event in
/// iter_event_log(path)`, or `Provider.replay(iter_event_log(path))` to rebuild a provider
/// without holding the log. A bad line raises when it is reached, with `.line` set (the
/// iteration ends there); each line may hold up to 1 MiB (`event_line_too_long`), the file any
/// size. A file that cannot be opened raises `InteropError` (`read_failed`).
#[pyclass(module = "mspkit", frozen)]
#[derive(Debug)]
pub struct EventLogIterator {
    reader: Mutex<mspkit::event_log::EventLogReader<BufReader<File>>>,
}

#[pymethods]
impl EventLogIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Event>> {
        let next = py.detach(|| {
            let mut reader = self.reader.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            reader.next_event()
        });
        match next {
            Ok(Some((_, event))) => Ok(Some(Event::new(event))),
            Ok(None) => Ok(None),
            Err(e) => Err(log_err(e)),
        }
    }

    /// The number of the last line read (from 1).
    #[getter]
    fn line(&self) -> usize {
        self.reader.lock().unwrap_or_else(std::sync::PoisonError::into_inner).line()
    }

    fn __repr__(&self) -> String {
        format!("EventLogIterator(line={})", self.line())
    }
}

/// Opens an event log file to read it line by line (see `EventLogIterator`).
#[pyfunction]
fn iter_event_log(path: std::path::PathBuf) -> PyResult<EventLogIterator> {
    let file = File::open(&path).map_err(|e| {
        to_py_err(mspkit::Error::Document(mspkit::DocumentError::ReadFailed {
            what: "event log",
            message: mspkit::document::quote_cut(
                &format!("{}: {e}", path.display()),
                4 * mspkit::document::MAX_QUOTED_CHARS,
            ),
        }))
    })?;
    Ok(EventLogIterator {
        reader: Mutex::new(mspkit::event_log::EventLogReader::new(BufReader::with_capacity(1 << 16, file))),
    })
}

/// The exception of a log error's area, with `.code` and `.line`.
pub(crate) fn log_err(e: mspkit::LogError) -> PyErr {
    let line = e.line();
    let lang = crate::language::current();
    let message = if lang == mspkit_i18n::Lang::En {
        crate::errors::message(&e.to_string())
    } else {
        let at = mspkit_i18n::text(lang, "cli-line", &[("line", line.to_string())]);
        format!("{at}：{}", crate::errors::localized(e.code(), &e.error().to_string()))
    };
    let err = to_py_err(e.into_error());
    Python::attach(|py| {
        let value = err.value(py);
        let _ = value.setattr("line", line);
        if let Ok(args) = pyo3::types::PyTuple::new(py, [message]) {
            let _ = value.setattr("args", args);
        }
    });
    err
}

/// Registers the classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Event>()?;
    m.add_function(wrap_pyfunction!(read_event_log, m)?)?;
    m.add_function(wrap_pyfunction!(write_event_log, m)?)?;
    m.add_function(wrap_pyfunction!(replay_portfolio, m)?)?;
    m.add_function(wrap_pyfunction!(iter_event_log, m)?)?;
    m.add_class::<EventLogIterator>()?;
    Ok(())
}
