//! Conversions at the Python edge: aware datetimes to UTC, Python ints to Rust integers, JSON
//! values to Python objects. Every refusal is a `ValidationError` with a code; a wrong Python
//! type stays a `TypeError`.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use mspkit::document::{DocumentError, DocumentReader, MAX_QUOTED_CHARS, quote_cut};
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyString, PyStringMethods, PyTzInfo};
use zeroize::Zeroizing;

use crate::errors::validation_error;

/// A point in time taken from any timezone-aware `datetime.datetime`, converted to UTC. Naive
/// datetimes are refused: a provider's deadlines must not depend on the server's local zone.
#[derive(Debug, Clone, Copy)]
pub struct UtcTime(pub DateTime<Utc>);

impl<'a, 'py> FromPyObject<'a, 'py> for UtcTime {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        let dt = ob.cast::<PyDateTime>()?;
        if dt.getattr("tzinfo")?.is_none() {
            return Err(validation_error(
                "naive_datetime",
                "naive datetime: pass a timezone-aware datetime, e.g. datetime.now(timezone.utc)",
            ));
        }
        let out_of_range = |_| {
            validation_error(
                "datetime_out_of_range",
                "the datetime cannot be expressed in UTC (it falls outside the years 1 to 9999)",
            )
        };
        let utc = PyTzInfo::utc(ob.py())?;
        let in_utc = dt.call_method1("astimezone", (utc,)).map_err(out_of_range)?;
        Ok(Self(in_utc.extract::<DateTime<Utc>>().map_err(out_of_range)?))
    }
}

/// A point in time handed to Python as an aware `datetime` in UTC. mspkit's times reach far
/// beyond Python's years 1 to 9999 (an invitation read from the reference near the end of
/// time); such a time raises `ValidationError` (`datetime_out_of_range`), not a bare
/// `ValueError`.
#[derive(Debug, Clone, Copy)]
pub struct PyTime(pub DateTime<Utc>);

impl<'py> IntoPyObject<'py> for PyTime {
    type Target = PyDateTime;
    type Output = Bound<'py, PyDateTime>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.0.into_pyobject(py).map_err(|_| {
            validation_error(
                "datetime_out_of_range",
                &format!("`{}` is outside the years 1 to 9999 of a Python datetime", self.0.to_rfc3339()),
            )
        })
    }
}

/// A day handed to Python as a `datetime.date`. mspkit's days reach beyond Python's years 1
/// to 9999 (a next charge date after a start near 9999); such a day raises `ValidationError`
/// (`date_out_of_range`), not a bare `ValueError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PyDay(pub NaiveDate);

impl<'py> IntoPyObject<'py> for PyDay {
    type Target = PyDate;
    type Output = Bound<'py, PyDate>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> Result<Self::Output, Self::Error> {
        self.0.into_pyobject(py).map_err(|_| {
            validation_error(
                "date_out_of_range",
                &format!("`{}` is outside the years 1 to 9999 of a Python date", self.0),
            )
        })
    }
}

/// The document reader of a binding call: the default limit (64 MiB), or `max_bytes` (the
/// CLI's `--max-bytes`).
pub fn reader(max_bytes: Option<Int<u64>>) -> DocumentReader {
    max_bytes.map_or_else(DocumentReader::new, |Int(n)| DocumentReader::with_max_bytes(n))
}

/// Reads the file at `path` through `reader`: never more than its limit plus one byte (an
/// endless file such as `/dev/zero` is `document_too_large`), and a file that cannot be opened
/// (missing, a directory, no permission) is `read_failed` naming the path.
pub fn read_file(path: &Path, reader: &DocumentReader, what: &'static str) -> Result<String, DocumentError> {
    let file = std::fs::File::open(path).map_err(|e| DocumentError::ReadFailed {
        what,
        message: format!("cannot open `{}`: {e}", quote_cut(&path.to_string_lossy(), MAX_QUOTED_CHARS)),
    })?;
    reader.read(file, what)
}

/// A Rust integer taken from a Python `int`: one outside the type's range is refused with a
/// `ValidationError` (`int_out_of_range`) rather than pyo3's `OverflowError`.
#[derive(Debug, Clone, Copy)]
pub struct Int<T>(pub T);

macro_rules! int_argument {
    ($($t:ty),+) => {$(
        impl<'a, 'py> FromPyObject<'a, 'py> for Int<$t> {
            type Error = PyErr;

            fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
                let out_of_range = |shown: &str| {
                    validation_error(
                        "int_out_of_range",
                        &format!(
                            "`{shown}` is out of range: give an integer from {} to {}",
                            <$t>::MIN,
                            <$t>::MAX
                        ),
                    )
                };
                let value = match ob.extract::<i64>() {
                    Ok(value) => value,
                    Err(err) if err.is_instance_of::<PyOverflowError>(ob.py()) => {
                        let shown = ob.str().map(|s| s.to_string()).unwrap_or_default();
                        return Err(out_of_range(&shown));
                    }
                    Err(err) => return Err(err),
                };
                <$t>::try_from(value).map(Int).map_err(|_| out_of_range(&value.to_string()))
            }
        }
    )+};
}

int_argument!(u8, u32, u64, usize, i64);

/// The refusal of a `str` that is not valid Unicode (it holds a lone surrogate, which UTF-8
/// cannot encode): a `ValidationError` (`invalid_text`) that carries neither the text nor
/// Python's `UnicodeEncodeError` (whose `.object` would hold the whole string — a password).
fn invalid_text() -> PyErr {
    validation_error(
        "invalid_text",
        "the text is not valid Unicode (it holds a lone surrogate): pass a str that UTF-8 can encode",
    )
}

/// Reads a `str` as UTF-8; anything but a `str` is a `TypeError`, a lone surrogate
/// `invalid_text`.
fn utf8(ob: Borrowed<'_, '_, PyAny>, into: &mut String) -> PyResult<()> {
    let text = ob.cast::<PyString>()?;
    // The `UnicodeEncodeError` is dropped here, with the string it holds.
    into.push_str(text.to_str().map_err(|_| invalid_text())?);
    Ok(())
}

/// A text argument. Every text parameter of the binding takes this instead of `&str`, so a
/// `str` holding a lone surrogate is a `ValidationError` (`invalid_text`), never a bare
/// `UnicodeEncodeError`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(pub String);

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        let mut text = String::new();
        utf8(ob, &mut text)?;
        Ok(Self(text))
    }
}

/// A secret text argument (a password): like [`Text`], and its copy is wiped when dropped.
/// Its refusal never carries the text.
pub struct SecretText(pub Zeroizing<String>);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText([REDACTED])")
    }
}

impl std::ops::Deref for SecretText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for SecretText {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        // Copied once, into a buffer that is wiped when dropped.
        let mut owned = Zeroizing::new(String::new());
        utf8(ob, &mut owned)?;
        Ok(Self(owned))
    }
}

/// mspkit's JSON of `value`; a failure (never expected: every type serializes) is a
/// `ValidationError` (`json_write_failed`).
pub fn to_json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| validation_error("json_write_failed", &e.to_string()))
}

/// Turns JSON text into plain Python objects (dicts, lists, strings, numbers) through Python's
/// `json` module.
pub fn json_to_python<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// Turns a serializable value into plain Python objects (dicts, lists, strings, numbers) through
/// Python's `json` module.
pub fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    json_to_python(py, &to_json(value)?)
}
