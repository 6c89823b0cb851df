//! The language of the package's messages for people: exception messages, warnings' messages,
//! the compliance table and the deployment timeline. `mspkit.set_language("zh-CN")` sets it for
//! the whole process (every thread); English until then. `.code`, JSON and every other value
//! for machines never change.

use std::sync::atomic::{AtomicU8, Ordering};

use mspkit_i18n::Lang;
use pyo3::prelude::*;

use crate::convert::Text;

/// The language, as its index in [`Lang::ALL`].
static LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// The language messages are written in now.
pub fn current() -> Lang {
    let index = usize::from(LANGUAGE.load(Ordering::Relaxed));
    Lang::ALL.get(index).copied().unwrap_or_default()
}

/// Sets the language of mspkit's messages for people, for the whole process: `"en"` or
/// `"zh-CN"` (any tag or locale name starting with `zh` is Simplified Chinese). Exception
/// messages, `Warning.message`, `PortfolioCompliance.to_table()` and the deployment timeline
/// follow it; `.code` and JSON never change. Raises `ValidationError` (`unknown_language`) for a
/// language mspkit does not speak.
#[pyfunction]
fn set_language(language: Text) -> PyResult<()> {
    let lang = language
        .parse::<Lang>()
        .map_err(|e| crate::errors::validation_error("unknown_language", &e.to_string()))?;
    let index = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    LANGUAGE.store(u8::try_from(index).unwrap_or(0), Ordering::Relaxed);
    Ok(())
}

/// The language of mspkit's messages for people: `"en"` or `"zh-CN"`.
#[pyfunction]
fn get_language() -> &'static str {
    current().tag()
}

/// Registers the functions on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(set_language, m)?)?;
    m.add_function(wrap_pyfunction!(get_language, m)?)?;
    Ok(())
}
