//! Conversions at the Python edge: aware datetimes to UTC, JSON values to Python objects.

use chrono::{DateTime, Utc};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyTzInfo};

/// A point in time taken from any timezone-aware `datetime.datetime`, converted to UTC. Naive
/// datetimes are refused: a provider's deadlines must not depend on the server's local zone.
#[derive(Debug, Clone, Copy)]
pub struct UtcTime(pub DateTime<Utc>);

impl<'a, 'py> FromPyObject<'a, 'py> for UtcTime {
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        let dt = ob.cast::<PyDateTime>()?;
        if dt.getattr("tzinfo")?.is_none() {
            return Err(PyValueError::new_err(
                "naive datetime: pass a timezone-aware datetime, e.g. datetime.now(timezone.utc)",
            ));
        }
        let utc = PyTzInfo::utc(ob.py())?;
        let in_utc = dt.call_method1("astimezone", (utc,))?;
        Ok(Self(in_utc.extract::<DateTime<Utc>>()?))
    }
}

/// Turns a serializable value into plain Python objects (dicts, lists, strings, numbers) through
/// Python's `json` module.
pub fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}
