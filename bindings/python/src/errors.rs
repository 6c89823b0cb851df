//! Rust errors as Python exceptions: one base, `mspkit.MspkitError`, one subclass per area,
//! each instance carrying the stable `.code`.
//!
//! Besides the core's codes, the binding raises `ValidationError` with codes of its own for
//! values refused at the Python edge: `unknown_code` (an enum's `from_code`), `naive_datetime`,
//! `datetime_out_of_range`, `date_out_of_range` (a day Python's `date` cannot hold),
//! `int_out_of_range`, `invalid_text` (a lone surrogate), `unknown_name` and
//! `json_write_failed`.

use mspkit::password::PasswordError as PasswordErr;
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

create_exception!(mspkit, MspkitError, PyException, "Base class of every mspkit error; `.code` is stable.");

/// `mspkit.ValidationError`: a value was refused when it was constructed (ids, emails,
/// settings, Python arguments out of range). It is also a `ValueError`, so `except ValueError`
/// keeps working; `create_exception!` takes one base, so the class is made with `type()`.
static VALIDATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn validation_error_type(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    VALIDATION_ERROR
        .get_or_try_init(py, || {
            let bases = PyTuple::new(py, [py.get_type::<MspkitError>(), py.get_type::<PyValueError>()])?;
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "mspkit")?;
            namespace.set_item(
                "__doc__",
                "A value was refused when it was constructed (ids, emails, settings, arguments out of range).",
            )?;
            let class = py.get_type::<PyType>().call1(("ValidationError", bases, namespace))?;
            Ok::<_, PyErr>(class.cast_into::<PyType>()?.unbind())
        })
        .map(|class| class.bind(py).clone())
}

/// A new `ValidationError` with `message` (its `.code` is set by the caller).
fn new_validation_error(message: String) -> PyErr {
    Python::attach(|py| match validation_error_type(py) {
        Ok(class) => PyErr::from_type(class, message),
        Err(err) => err,
    })
}
create_exception!(mspkit, ProviderError, MspkitError, "A provider command was refused.");
create_exception!(mspkit, TeamError, MspkitError, "A provider-team command was refused.");
create_exception!(mspkit, PermissionDenied, MspkitError, "The actor may not perform the action.");
create_exception!(mspkit, ClientError, MspkitError, "A client-organization command was refused.");
create_exception!(mspkit, EventError, MspkitError, "An event does not fit the provider it is applied to.");
create_exception!(
    mspkit,
    InteropError,
    MspkitError,
    "A reference-server or portfolio document could not be read."
);
create_exception!(
    mspkit,
    PasswordError,
    MspkitError,
    "A KDF setting, derivation or master-password rule failed."
);
create_exception!(
    mspkit,
    DeploymentError,
    MspkitError,
    "A deployment catalogue, plan or schedule was refused."
);

/// An exception message as the command line shows an error: escaped and cut by the core's one
/// rule ([`mspkit::text::shown`], at most [`mspkit::text::MAX_SHOWN_CHARS`] characters and `…`),
/// so a value quoted in it (a client name with a line break, ESC or U+202E, a 1 MB name)
/// cannot forge lines of a log or reach a terminal raw. Every message the binding raises
/// passes through this; a value the core already escaped is not escaped twice.
pub fn message(text: &str) -> String {
    mspkit::text::shown(text, mspkit::text::MAX_SHOWN_CHARS)
}

/// An error's message in the language of [`crate::language::current`] (the English `Display`
/// in English), made safe by [`message`].
pub fn localized(code: &str, english: &str) -> String {
    message(&mspkit_i18n::error_message(crate::language::current(), code, english))
}

/// Converts any mspkit error into the Python exception of its area, with `.code` set.
pub fn to_py_err(err: impl Into<mspkit::Error>) -> PyErr {
    let err: mspkit::Error = err.into();
    let code = err.code();
    let message = localized(code, &err.to_string());
    let py_err = match &err {
        mspkit::Error::Id(_) | mspkit::Error::Email(_) => new_validation_error(message),
        mspkit::Error::Provider(_) => ProviderError::new_err(message),
        mspkit::Error::Team(_) => TeamError::new_err(message),
        mspkit::Error::Client(_) => ClientError::new_err(message),
        mspkit::Error::Event(_) => EventError::new_err(message),
        mspkit::Error::Denied(_) => PermissionDenied::new_err(message),
        mspkit::Error::Interop(_) | mspkit::Error::Portfolio(_) | mspkit::Error::Document(_) => {
            InteropError::new_err(message)
        }
        mspkit::Error::Password(_) => PasswordError::new_err(message),
        mspkit::Error::Deployment(_) => DeploymentError::new_err(message),
        mspkit::Error::Billing(_) => crate::billing::BillingError::new_err(message),
        mspkit::Error::Policy(e) => return crate::policy::policy_err(e),
        mspkit::Error::Baseline(e) => return crate::policy::baseline_err(e),
        mspkit::Error::Token(e) => return crate::token::token_err(e),
        // A variant added to the core before the binding knows it still raises the base class.
        _ => MspkitError::new_err(message),
    };
    Python::attach(|py| {
        // Setting an attribute on a fresh exception instance cannot fail in practice; if it
        // ever does, the exception is still raised, only without `.code`.
        let _ = py_err.value(py).setattr("code", code);
        if let mspkit::Error::Password(password) = &err {
            set_password_setting(py_err.value(py), password);
        }
        if let mspkit::Error::Team(team) = &err {
            // `already_member` names every address of the batch already in the team, so the
            // caller can invite the others again without them; `None` for the other codes.
            let emails: Option<Vec<String>> = match team {
                mspkit::team::TeamError::AlreadyMember { emails, .. } => {
                    Some(emails.iter().map(|e| e.as_str().to_owned()).collect())
                }
                _ => None,
            };
            let _ = py_err.value(py).setattr("emails", emails);
        }
    });
    py_err
}

/// A `PasswordError` also says which setting was out of range, the value given and the inclusive
/// bounds (`.field`, `.value`, `.range`), or `None` for each when the error is not about a setting.
fn set_password_setting(exception: &Bound<'_, pyo3::exceptions::PyBaseException>, err: &PasswordErr) {
    let (field, value, range) = match err {
        PasswordErr::OutOfRange { field, value, range } => {
            (Some(*field), Some(*value), Some((*range.start(), *range.end())))
        }
        _ => (None, None, None),
    };
    let _ = exception.setattr("field", field);
    let _ = exception.setattr("value", value);
    let _ = exception.setattr("range", range);
}

/// A `ValidationError` with `code`, for values refused at the Python edge or while reading JSON.
pub fn validation_error(code: &'static str, text: &str) -> PyErr {
    let err = new_validation_error(message(text));
    Python::attach(|py| {
        let _ = err.value(py).setattr("code", code);
    });
    err
}

/// Registers the exception classes on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("MspkitError", py.get_type::<MspkitError>())?;
    m.add("ValidationError", validation_error_type(py)?)?;
    m.add("ProviderError", py.get_type::<ProviderError>())?;
    m.add("TeamError", py.get_type::<TeamError>())?;
    m.add("PermissionDenied", py.get_type::<PermissionDenied>())?;
    m.add("ClientError", py.get_type::<ClientError>())?;
    m.add("EventError", py.get_type::<EventError>())?;
    // `.line` exists on every EventError: `None` unless the error is about a line of a log.
    py.get_type::<EventError>().setattr("line", py.None())?;
    m.add("InteropError", py.get_type::<InteropError>())?;
    m.add("PasswordError", py.get_type::<PasswordError>())?;
    m.add("DeploymentError", py.get_type::<DeploymentError>())?;
    Ok(())
}
