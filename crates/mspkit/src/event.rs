//! Events: what happened to a provider, with everything needed to apply it again.
//!
//! Every command on a [`Provider`](crate::Provider) checks its rules, builds the [`Event`]s it
//! causes, and changes the provider only by applying them
//! ([`Provider::apply`](crate::Provider::apply)); [`Provider::replay`](crate::Provider::replay)
//! rebuilds a provider from its log through the same `apply`.
//!
//! An event is an envelope (provider, sequence, time, actor) around a [`Change`], an internally
//! tagged enum: `{"type": "client_seats_changed", "client": "…", "from": 3, "to": 5}`. The
//! progress of client deployments travels in the same envelope (the `deployment_*` changes), so
//! a provider has one log and one sequence.

mod accessors;
mod change;
mod change_kinds;
mod error;
mod labels;
mod one_pass;
mod subject;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use change::Change;
pub use change_kinds::ChangeKind;
pub use error::EventError;
pub use labels::{AuditRow, CSV_COLUMNS, EventLabels, LOG_HEAD_COLUMN};
#[cfg(feature = "csv")]
pub use labels::{EventsCsv, events_to_csv};
pub(crate) use one_pass::read_event_line;
pub use subject::{Actor, ActorKind, Subject, SubjectKind};

use crate::deployment::{DeploymentEvent, DeploymentEventKind};
use crate::ids::ProviderId;

/// One thing that happened to a provider: the envelope around a [`Change`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The provider it happened to.
    pub provider: ProviderId,
    /// The position of the event in the provider's history (1, 2, 3, …, no gaps).
    pub sequence: u64,
    /// When it happened (the `now` the command was given).
    #[serde(deserialize_with = "read_time")]
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor: Actor,
    /// What changed, with its data.
    pub change: Change,
}

/// Reads an event's time exactly as chrono's own `Deserialize` does (the same values, the same
/// errors), reading the form every log line has (`2026-11-02T09:00:00Z`: UTC, whole seconds)
/// directly: chrono's general RFC 3339 parser took a tenth of the time of reading a log.
fn read_time<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(TimeVisitor)
}

struct TimeVisitor;

impl serde::de::Visitor<'_> for TimeVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // chrono's words, so an error reads the same.
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<DateTime<Utc>, E> {
        match utc_seconds(value) {
            Some(time) => Ok(time),
            None => value
                .parse::<DateTime<chrono::FixedOffset>>()
                .map(|time| time.with_timezone(&Utc))
                .map_err(E::custom),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` (a valid date and time, no leap second), or `None` for any other text
/// (chrono's parser reads those).
fn utc_seconds(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || b.get(10) != Some(&b'T') {
        return None;
    }
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') || b.get(19) != Some(&b'Z') {
        return None;
    }
    let number = |from: usize, to: usize| {
        b.get(from..to)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n.saturating_mul(10).saturating_add(u32::from(d - b'0')))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?
        .and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)
        .map(|time| time.and_utc())
}

impl Event {
    /// The reference server's `EventType` code, if it has one.
    pub fn code(&self) -> Option<u16> {
        self.change.code()
    }

    /// The change's stable snake_case name (its JSON `type`).
    pub fn kind(&self) -> &'static str {
        self.change.name()
    }

    /// What the event is about.
    pub fn subject(&self) -> Subject {
        self.change.subject(self.provider)
    }

    /// The deployment event this envelope carries, for a `deployment_*` change (an actor that is
    /// not a member gives `None`: deployment work is done by provider members).
    pub fn to_deployment(&self) -> Option<DeploymentEvent> {
        let Actor::Member(actor) = self.actor else { return None };
        let (kind, client, step, phase, reason, profile) = match &self.change {
            Change::DeploymentStepStarted { client, step } => {
                (DeploymentEventKind::StepStarted, *client, Some(*step), None, None, None)
            }
            Change::DeploymentStepCompleted { client, step } => {
                (DeploymentEventKind::StepCompleted, *client, Some(*step), None, None, None)
            }
            Change::DeploymentStepSkipped { client, step, reason } => {
                (DeploymentEventKind::StepSkipped, *client, Some(*step), None, Some(reason.clone()), None)
            }
            Change::DeploymentStepBlocked { client, step, reason } => {
                (DeploymentEventKind::StepBlocked, *client, Some(*step), None, Some(reason.clone()), None)
            }
            Change::DeploymentStepReopened { client, step } => {
                (DeploymentEventKind::StepReopened, *client, Some(*step), None, None, None)
            }
            Change::DeploymentPhaseCompleted { client, phase } => {
                (DeploymentEventKind::PhaseCompleted, *client, None, Some(*phase), None, None)
            }
            Change::DeploymentPhaseReopened { client, phase } => {
                (DeploymentEventKind::PhaseReopened, *client, None, Some(*phase), None, None)
            }
            Change::DeploymentProfileChanged { client, profile } => {
                (DeploymentEventKind::ProfileChanged, *client, None, None, None, Some(*profile))
            }
            _ => return None,
        };
        Some(DeploymentEvent { kind, client, step, phase, actor, at: self.at, reason, profile })
    }
}

impl Change {
    /// The change that records a deployment event (the step's phase, which the catalogue knows,
    /// is not repeated: replaying looks it up again). `None` when the deployment event lacks the
    /// step, phase or profile its kind needs.
    pub fn from_deployment(event: &DeploymentEvent) -> Option<Self> {
        let client = event.client;
        let reason = || event.reason.clone().unwrap_or_default();
        Some(match event.kind {
            DeploymentEventKind::StepStarted => Self::DeploymentStepStarted { client, step: event.step? },
            DeploymentEventKind::StepCompleted => Self::DeploymentStepCompleted { client, step: event.step? },
            DeploymentEventKind::StepSkipped => {
                Self::DeploymentStepSkipped { client, step: event.step?, reason: reason() }
            }
            DeploymentEventKind::StepBlocked => {
                Self::DeploymentStepBlocked { client, step: event.step?, reason: reason() }
            }
            DeploymentEventKind::StepReopened => Self::DeploymentStepReopened { client, step: event.step? },
            DeploymentEventKind::PhaseCompleted => {
                Self::DeploymentPhaseCompleted { client, phase: event.phase? }
            }
            DeploymentEventKind::PhaseReopened => {
                Self::DeploymentPhaseReopened { client, phase: event.phase? }
            }
            DeploymentEventKind::ProfileChanged => {
                Self::DeploymentProfileChanged { client, profile: event.profile? }
            }
        })
    }
}

#[cfg(test)]
mod tests;
