//! Client lifecycle states (issue 17) at the Python edge: a state is its snake_case name
//! (`active`, `trial`, `not_for_resale`, `paused`, `suspended`) with a trial's last day as a
//! `datetime.date`. The rules are the core's ([`mspkit::ClientState`]).

use chrono::NaiveDate;
use pyo3::prelude::*;

use crate::convert::PyDay;
use crate::errors::validation_error;

/// The state named `name` (a trial needs `until`, the others refuse it): `ValidationError`
/// `unknown_name` otherwise.
pub fn state(name: &str, until: Option<NaiveDate>) -> PyResult<mspkit::ClientState> {
    mspkit::ClientState::from_name(name, until).ok_or_else(|| {
        let text = match (name, until) {
            ("trial", None) => "a trial needs its last day: pass `until=`".to_owned(),
            (_, Some(_)) if mspkit::ClientState::NAMES.contains(&name) => {
                format!("`until` is for a trial only, not for `{name}`")
            }
            _ => format!(
                "`{}` is not a client state; use `active`, `trial`, `not_for_resale`, `paused` or `suspended`",
                mspkit::text::shown(name, 40)
            ),
        };
        validation_error("unknown_name", &text)
    })
}

/// `ClientOrganization.trial_until`: a trial's last day.
pub fn trial_until(client: &mspkit::ClientOrganization) -> Option<PyDay> {
    client.state().trial_until().map(PyDay)
}
