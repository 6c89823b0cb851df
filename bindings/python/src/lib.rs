//! Python bindings of mspkit: a thin skin over the core crate. No business rule lives here.
#![forbid(unsafe_code)]
// pyo3 methods receive `&self` and owned, already-extracted arguments by design; these two
// pedantic lints would have every binding method fight the macro's calling convention.
#![allow(
    clippy::trivially_copy_pass_by_ref,
    clippy::needless_pass_by_value,
    reason = "pyo3's calling convention: &self receivers and owned extracted arguments"
)]

use pyo3::prelude::*;

mod convert;
mod enums;
mod errors;
mod provider;

/// Normalises an email address the way mspkit compares them (trimmed, lower-cased).
#[pyfunction]
fn normalize_email(email: &str) -> PyResult<String> {
    mspkit::Email::new(email).map(String::from).map_err(errors::to_py_err)
}

/// The compiled core of the `mspkit` package.
#[pymodule]
fn _mspkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    enums::register(m)?;
    provider::register(m)?;
    m.add_function(wrap_pyfunction!(normalize_email, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
