//! Client tags and baseline tiers (issue 17, item 3) at the Python edge: tags are their
//! strings; the tiered check returns its report as plain Python objects (the JSON of
//! [`mspkit::policy::TieredCompliance`]). The rules are the core's.

use pyo3::prelude::*;

use crate::convert::{Text, UtcTime, json_to_python, to_json};
use crate::errors::to_py_err;
use crate::policy::{Baseline, baseline_err};
use crate::provider::Portfolio;

/// Tags from their texts (`client_tag_invalid`, `client_tags_too_many` as `ClientError`).
pub fn tags(texts: &[Text]) -> PyResult<std::collections::BTreeSet<mspkit::client::ClientTag>> {
    mspkit::client::parse_tags(texts.iter().map(|t| t.0.as_str()))
        .map_err(|e| to_py_err(mspkit::Error::from(e)))
}

/// Checks every client of `target` (a `Portfolio` or a `Provider`) against the baselines its
/// tags select (a baseline without `applies_to` selects every client; where several do, the
/// stricter setting wins): a dict with `compliant`, `tiers` (each with `baselines` and
/// `report`) and `unselected` (the clients no baseline selects). `BaselineError`
/// `baseline_conflict` when two baselines selecting one client ask for settings no value meets.
#[pyfunction]
#[pyo3(signature = (baselines, target, now))]
fn check_tiers<'py>(
    py: Python<'py>,
    baselines: Vec<PyRef<'py, Baseline>>,
    target: &Bound<'py, PyAny>,
    now: UtcTime,
) -> PyResult<Bound<'py, PyAny>> {
    use mspkit::policy::CheckTiers;
    let baselines: Vec<mspkit::policy::Baseline> = baselines.iter().map(|b| b.inner.clone()).collect();
    let Some(provider) = Portfolio::provider_of(target) else {
        return Err(pyo3::exceptions::PyTypeError::new_err("expected a Portfolio or a Provider"));
    };
    let report =
        provider.get_detached(py, |p| p.check_tiers(&baselines, now.0)).map_err(|e| baseline_err(&e))?;
    json_to_python(py, &to_json(&report)?)
}

/// Registers the function.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_tiers, m)?)?;
    Ok(())
}
