//! Python bindings of mspkit: a thin skin over the core crate. No business rule lives here.
#![forbid(unsafe_code)]

use pyo3::prelude::*;

mod deployment;
mod errors;

/// Normalises an email address the way mspkit compares them (trimmed, lower-cased).
#[pyfunction]
fn normalize_email(email: &str) -> PyResult<String> {
    mspkit::Email::new(email)
        .map(String::from)
        .map_err(errors::to_py_err)
}

/// The compiled core of the `mspkit` package.
#[pymodule]
fn _mspkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    deployment::register(m)?;
    m.add_function(wrap_pyfunction!(normalize_email, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
