//! The event log document: JSON Lines, one event per line, after a header line that gives the
//! `schema_version`.
//!
//! ```text
//! {"schema_version":1}
//! {"provider":"…","sequence":1,"at":"2026-03-02T09:00:00Z","actor":{"type":"system"},"change":{"type":"provider_issued",…}}
//! {"provider":"…","sequence":2,…}
//! ```
//!
//! Blank lines are ignored (a log may end with a newline or be concatenated). Every error names
//! the line it was found on: a line of the wrong shape is `invalid_document` (with the line and
//! column), an event that does not fit the provider its own error (`event_out_of_sequence`,
//! `seats_below_occupied`, …). [`EventLog::replay_portfolio`] rebuilds the provider and the
//! deployments of its clients.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::deployment::{
    ChecklistRecord, ClientDeployment, DeploymentCatalog, DeploymentError, DeploymentPlan,
};
use crate::document::DocumentReader;
use crate::error::Error;
use crate::event::{Actor, Change, Event, EventError};
use crate::ids::OrganizationId;
use crate::portfolio::Portfolio;
use crate::provider::Provider;

/// The version of the event log document this library reads and writes.
pub const EVENT_LOG_SCHEMA_VERSION: u32 = 1;

/// The header line.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    schema_version: u32,
}

/// A provider's event log: its events in order, each with the line it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventLog {
    events: Vec<Event>,
    lines: Vec<usize>,
}

/// An error found in an event log, with the line (from 1) it was found on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct LogError {
    line: usize,
    error: Error,
}

impl LogError {
    /// An error found on `line`.
    pub fn new(line: usize, error: Error) -> Self {
        Self { line, error }
    }

    /// The line of the log (from 1; the header is line 1).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The error.
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The error without its line.
    pub fn into_error(self) -> Error {
        self.error
    }

    /// The error's stable code.
    pub fn code(&self) -> &'static str {
        self.error.code()
    }
}

impl EventLog {
    /// A log of `events` (as written, event `i` is on line `i + 2`).
    pub fn new(events: Vec<Event>) -> Self {
        let lines = (2..).take(events.len()).collect();
        Self { events, lines }
    }

    /// Reads a JSON Lines log. The first non-blank line must be the header
    /// `{"schema_version": 1}`; every later non-blank line one event.
    pub fn from_jsonl(text: &str) -> Result<Self, LogError> {
        Self::from_jsonl_with(text, &DocumentReader::new())
    }

    /// [`Self::from_jsonl`] with a reader of another size limit (the CLI's `--max-bytes`): the
    /// whole log is held to the limit (`document_too_large`, reported on line 1), and every line
    /// is refused if it repeats a key (`duplicate_key`, with its line).
    pub fn from_jsonl_with(text: &str, reader: &DocumentReader) -> Result<Self, LogError> {
        reader.check_size(text, "event log").map_err(|e| LogError { line: 1, error: Error::Document(e) })?;
        let mut log = Self::default();
        let mut header = false;
        for (index, line) in text.lines().enumerate() {
            let number = index.saturating_add(1);
            if line.trim().is_empty() {
                continue;
            }
            let at_line = |e| LogError { line: number, error: Error::Document(e) };
            if !header {
                let found: Header = reader.parse_line(line, "event log header", number).map_err(at_line)?;
                if found.schema_version != EVENT_LOG_SCHEMA_VERSION {
                    return Err(LogError {
                        line: number,
                        error: Error::Event(EventError::UnsupportedSchema { found: found.schema_version }),
                    });
                }
                header = true;
                continue;
            }
            let event: Event = reader.parse_line(line, "event", number).map_err(at_line)?;
            log.events.push(event);
            log.lines.push(number);
        }
        if !header {
            return Err(LogError { line: 1, error: Error::Event(EventError::EmptyLog) });
        }
        Ok(log)
    }

    /// Writes the log as JSON Lines: the header, then one compact event per line, each line
    /// ending with a newline.
    pub fn to_jsonl(&self) -> String {
        write_jsonl(&self.events)
    }

    /// The events.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The events, without their lines.
    pub fn into_events(self) -> Vec<Event> {
        self.events
    }

    /// The line event `index` was read from (or would be written to).
    pub fn line(&self, index: usize) -> usize {
        self.lines.get(index).copied().unwrap_or_else(|| index.saturating_add(2))
    }

    /// Appends events (their lines follow the last one).
    pub fn extend(&mut self, events: impl IntoIterator<Item = Event>) {
        for event in events {
            let line = self.lines.last().map_or(2, |l| l.saturating_add(1));
            self.events.push(event);
            self.lines.push(line);
        }
    }

    /// Rebuilds the provider (see [`Provider::replay`]); an error names the event's line.
    pub fn replay_provider(&self) -> Result<Provider, LogError> {
        let mut provider: Option<Provider> = None;
        // In batches, whose clients are looked up together first (see `Provider::prepare`).
        for (batch, events) in self.events.chunks(crate::provider::LOOKAHEAD).enumerate() {
            if let Some(p) = &provider {
                p.prepare(events);
            }
            for (offset, event) in events.iter().enumerate() {
                self.step(&mut provider, batch * crate::provider::LOOKAHEAD + offset, event)?;
            }
        }
        provider.ok_or(LogError { line: 1, error: Error::Event(EventError::EmptyLog) })
    }

    fn step(&self, provider: &mut Option<Provider>, index: usize, event: &Event) -> Result<(), LogError> {
        let at = |error| LogError { line: self.line(index), error };
        match provider {
            None => *provider = Some(Provider::replay([event]).map_err(at)?),
            Some(p) => p.apply(event).map_err(at)?,
        }
        Ok(())
    }

    /// Rebuilds the portfolio: the provider, and the deployment of each client whose deployment
    /// was planned (`deployment_planned`), driven by its `deployment_*` events through the
    /// deployment plan's own commands (`catalog` gives the steps). A client that leaves takes
    /// its deployment with it.
    pub fn replay_portfolio(&self, catalog: &DeploymentCatalog) -> Result<Portfolio, LogError> {
        let mut provider: Option<Provider> = None;
        let mut deployments: Vec<ClientDeployment> = Vec::new();
        let mut by_client: BTreeMap<OrganizationId, usize> = BTreeMap::new();
        for (index, event) in self.events.iter().enumerate() {
            self.step(&mut provider, index, event)?;
            let at = |error: Error| LogError { line: self.line(index), error };
            let deployment = |client: &OrganizationId| {
                by_client.get(client).copied().ok_or_else(|| {
                    at(Error::Deployment(DeploymentError::NotAClient { client: client.to_string() }))
                })
            };
            match &event.change {
                Change::DeploymentPlanned { client, profile, schedule, due } => {
                    if by_client.contains_key(client) {
                        return Err(at(Error::Deployment(DeploymentError::DuplicateClient {
                            client: client.to_string(),
                        })));
                    }
                    let plan = DeploymentPlan::new(*client, *profile);
                    let planned = ClientDeployment::new(plan, schedule.clone(), *due)
                        .map_err(|e| at(Error::Deployment(e)))?;
                    by_client.insert(*client, deployments.len());
                    deployments.push(planned);
                }
                Change::DeploymentChecklistRecorded { client, task, done } => {
                    let Actor::Member(by) = event.actor else {
                        return Err(at(not_by_a_member(event)));
                    };
                    let i = deployment(client)?;
                    if let Some(d) = deployments.get_mut(i) {
                        d.record_checklist(*task, ChecklistRecord { done: *done, by, at: event.at })
                            .map_err(|e| at(Error::Deployment(e)))?;
                    }
                }
                Change::ClientUnlinked { client, .. } | Change::ClientDeleted { client } => {
                    if let Some(i) = by_client.remove(client) {
                        deployments.remove(i);
                        for position in by_client.values_mut().filter(|p| **p > i) {
                            *position = position.saturating_sub(1);
                        }
                    }
                }
                change if change.is_deployment() => {
                    let recorded = event.to_deployment().ok_or_else(|| at(not_by_a_member(event)))?;
                    let i = deployment(&recorded.client)?;
                    if let Some(d) = deployments.get_mut(i) {
                        d.plan_mut().apply_event(catalog, &recorded).map_err(|e| at(Error::Deployment(e)))?;
                    }
                }
                _ => {}
            }
        }
        let provider = provider.ok_or(LogError { line: 1, error: Error::Event(EventError::EmptyLog) })?;
        let last = self.line(self.events.len().saturating_sub(1));
        Portfolio::new(provider)
            .with_deployments(deployments)
            .map_err(|e| LogError { line: last, error: Error::Deployment(e) })
    }
}

fn not_by_a_member(event: &Event) -> Error {
    Error::Event(EventError::Mismatch {
        sequence: event.sequence,
        change: event.change.name(),
        detail: "deployment work is recorded by a provider member".to_owned(),
    })
}

/// Writes `events` as a JSON Lines log (the header, then one event per line).
pub fn write_jsonl(events: &[Event]) -> String {
    let mut out = String::with_capacity(events.len().saturating_mul(256).saturating_add(24));
    out.push_str("{\"schema_version\":");
    out.push_str(&EVENT_LOG_SCHEMA_VERSION.to_string());
    out.push_str("}\n");
    for e in events {
        // An event is plain data: serializing it cannot fail.
        if let Ok(line) = serde_json::to_string(e) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
