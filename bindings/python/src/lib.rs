//! Python bindings of mspkit: a thin skin over the core crate. No business rule lives here.
#![forbid(unsafe_code)]
// pyo3 methods receive `&self` and owned, already-extracted arguments by design, Python method
// names (`to_json`, `__repr__`) are fixed by the Python API, and keyword-only boolean options are
// the Pythonic form of settings: these pedantic lints would have every binding method fight the
// macro's calling convention or the Python interface.
#![allow(
    clippy::trivially_copy_pass_by_ref,
    clippy::needless_pass_by_value,
    clippy::wrong_self_convention,
    clippy::unused_self,
    clippy::fn_params_excessive_bools,
    reason = "pyo3's calling convention and the fixed Python interface"
)]

use pyo3::prelude::*;

mod billing;
mod billing_rows;
mod chain;
mod convert;
mod deployment;
mod enums;
mod errors;
mod events;
mod language;
mod lifecycle;
mod names;
mod password;
mod policy;
mod policy_rows;
mod portfolio_report;
mod provider;
mod psa;
mod reference;
mod reports;
mod review;
mod rows;
mod shared;
mod subscription_rows;
mod tiers;
mod token;

/// Normalises an email address the way mspkit compares them (trimmed, lower-cased).
#[pyfunction]
fn normalize_email(email: convert::Text) -> PyResult<String> {
    mspkit::Email::new(&email).map(String::from).map_err(errors::to_py_err)
}

/// The compiled core of the `mspkit` package.
#[pymodule]
fn _mspkit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    enums::register(m)?;
    provider::register(m)?;
    events::register(m)?;
    chain::register(m)?;
    billing::register(m)?;
    password::register(m)?;
    deployment::register(m)?;
    policy::register(m)?;
    token::register(m)?;
    psa::register(m)?;
    tiers::register(m)?;
    reference::register(m)?;
    review::register(m)?;
    reports::register(m)?;
    language::register(m)?;
    m.add_function(wrap_pyfunction!(normalize_email, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
