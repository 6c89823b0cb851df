//! Names for the ids of a log, the audit rows and the CSV export of events.

use std::collections::HashMap;

use serde::Serialize;

use super::{Actor, Change, Event, Subject};
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderUserId, UserId};
use crate::provider::Provider;

/// The columns of the event-log CSV export, in order: the time (RFC 3339 UTC), the reference
/// `EventType` code (empty when the reference has none), the event's name, the actor's email
/// (`system` for the vendor or billing system), the subject (a member's email, a client's name,
/// the provider's name) and the change's data as JSON.
pub const CSV_COLUMNS: [&str; 6] = ["time", "code", "event", "actor_email", "subject", "details"];

/// The column an export of a chained log adds after [`CSV_COLUMNS`]: the log's head hash when
/// the export was taken (see [`EventsCsv::with_head`]).
pub const LOG_HEAD_COLUMN: &str = "log_head";

/// Names for the ids in a log: the emails of members and accounts, the names of clients and of
/// the provider, learnt from the events themselves (an invitation carries its email, a created
/// client its name), so a member who later left is still named.
#[derive(Debug, Clone, Default)]
pub struct EventLabels {
    members: HashMap<ProviderUserId, Email>,
    users: HashMap<UserId, Email>,
    clients: HashMap<OrganizationId, String>,
    provider: Option<String>,
}

impl EventLabels {
    /// The names found in `events` (later events win: a renamed provider has its new name).
    pub fn from_events<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut labels = Self::default();
        for e in events {
            labels.learn(e);
        }
        labels
    }

    /// The names of `provider`'s members, their accounts, its clients and itself, as they are now.
    pub fn from_provider(provider: &crate::Provider) -> Self {
        let mut labels = Self { provider: Some(provider.name().to_owned()), ..Self::default() };
        for m in provider.members() {
            labels.members.insert(m.id(), m.email().clone());
            if let Some(user) = m.user_id() {
                labels.users.insert(user, m.email().clone());
            }
        }
        for c in provider.clients() {
            labels.clients.insert(c.id(), c.name().to_owned());
        }
        labels
    }

    /// Learns the names one event carries.
    pub fn learn(&mut self, event: &Event) {
        match &event.change {
            Change::ProviderIssued { settings, .. } | Change::ProviderUpdated { settings } => {
                self.provider = Some(settings.name().to_owned());
            }
            Change::ProviderSetUp { member, user, email } => {
                self.members.insert(*member, email.clone());
                self.users.insert(*user, email.clone());
            }
            Change::MemberInvited { member, email, .. } => {
                self.members.insert(*member, email.clone());
            }
            Change::MemberAccepted { member, user, .. } => {
                if let Some(email) = self.members.get(member).cloned() {
                    self.users.insert(*user, email);
                }
            }
            Change::ClientCreated { client, name, .. } | Change::ClientAdded { client, name, .. } => {
                self.clients.insert(*client, name.clone());
            }
            _ => {}
        }
    }

    /// The actor's email, `system`, or the id when the log does not name it.
    pub fn actor(&self, actor: Actor) -> String {
        match actor {
            Actor::Member(id) => self.members.get(&id).map_or_else(|| id.to_string(), ToString::to_string),
            Actor::User(id) => self.users.get(&id).map_or_else(|| id.to_string(), ToString::to_string),
            Actor::System => "system".to_owned(),
        }
    }

    /// The subject's email or name, or its id when the log does not name it.
    pub fn subject(&self, subject: Subject) -> String {
        match subject {
            Subject::Provider(id) => self.provider.clone().unwrap_or_else(|| id.to_string()),
            Subject::Member(id) => self.members.get(&id).map_or_else(|| id.to_string(), ToString::to_string),
            Subject::Client(id) => self.clients.get(&id).cloned().unwrap_or_else(|| id.to_string()),
        }
    }
}

/// One row of the provider event-log export (the reference portal's event log): the columns of
/// [`CSV_COLUMNS`], as the CSV and the JSON export write them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    /// When (RFC 3339 UTC, to the second).
    pub time: String,
    /// The reference `EventType` code, if there is one.
    pub code: Option<u16>,
    /// The event's name (`member_invited`, …).
    pub event: &'static str,
    /// Who did it: a member's or account's email, `system`, or an id the log does not name.
    pub actor_email: String,
    /// What it was done to: a member's email, a client's name, the provider's name.
    pub subject: String,
    /// The change's data.
    pub details: serde_json::Value,
}

impl AuditRow {
    /// The row of `event`, named with `labels`.
    pub fn new(event: &Event, labels: &EventLabels) -> Self {
        let details = match serde_json::to_value(&event.change) {
            Ok(serde_json::Value::Object(mut map)) => {
                map.remove("type");
                serde_json::Value::Object(map)
            }
            _ => serde_json::Value::Null,
        };
        Self {
            time: event.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            code: event.code(),
            event: event.kind(),
            actor_email: labels.actor(event.actor),
            subject: labels.subject(event.subject()),
            details,
        }
    }
}

#[cfg(feature = "csv")]
/// Renders events as the provider event-log CSV export: one header row ([`CSV_COLUMNS`]), then
/// one row per event ([`AuditRow`]; `details` as compact JSON). Names come from `labels` (see
/// [`EventLabels`]). A cell a spreadsheet would run as a formula (an actor email such as
/// `=1+2@evil.example`, a name starting with `@`) is written with a leading `'`
/// ([`crate::text::csv_cell`]). Use [`Provider::export_events`](crate::Provider::export_events)
/// to export with the permission check.
pub fn events_to_csv(events: &[Event], labels: &EventLabels) -> String {
    // Writing to memory cannot fail; a failure would only drop the rows, never panic.
    let Ok(mut out) = EventsCsv::new(Vec::new()) else { return String::new() };
    for e in events {
        let _ = out.write(e, labels);
    }
    out.finish().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

#[cfg(feature = "csv")]
/// The provider event-log CSV export written as it goes: the header row when made, then one
/// row per [`EventsCsv::write`], so an export of a long log holds one row at a time
/// ([`events_to_csv`] is this writer over memory). Every cell goes through
/// [`crate::text::csv_cell`] (a formula is neutralised).
#[derive(Debug)]
pub struct EventsCsv<W: std::io::Write> {
    out: csv::Writer<W>,
    head: Option<String>,
}

#[cfg(feature = "csv")]
impl<W: std::io::Write> EventsCsv<W> {
    /// A writer to `out`, the header row ([`CSV_COLUMNS`]) written.
    pub fn new(out: W) -> std::io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(CSV_COLUMNS).map_err(std::io::Error::other)?;
        Ok(Self { out, head: None })
    }

    /// A writer of the export of a chained (version 2) log whose head was `head` when the
    /// export was taken: [`CSV_COLUMNS`] and a last column, `log_head`, that holds `head` on
    /// every row, so the export names the state of the log it shows.
    pub fn with_head(out: W, head: &str) -> std::io::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        let columns = CSV_COLUMNS.iter().copied().chain(std::iter::once(LOG_HEAD_COLUMN));
        out.write_record(columns).map_err(std::io::Error::other)?;
        Ok(Self { out, head: Some(head.to_owned()) })
    }

    /// Writes the row of `event` ([`AuditRow`]; `details` as compact JSON), named with `labels`.
    pub fn write(&mut self, event: &Event, labels: &EventLabels) -> std::io::Result<()> {
        let row = AuditRow::new(event, labels);
        let record = [
            row.time,
            row.code.map(|c| c.to_string()).unwrap_or_default(),
            row.event.to_owned(),
            row.actor_email,
            row.subject,
            row.details.to_string(),
        ];
        // Every cell is neutralised against formula injection (an email may start with `=`).
        let cells = record.each_ref().map(|cell| crate::text::csv_cell(cell));
        let head = self.head.as_deref().map(crate::text::csv_cell);
        self.out
            .write_record(cells.iter().chain(head.iter()).map(|cell| cell.as_bytes()))
            .map_err(std::io::Error::other)
    }

    /// Flushes the rows and gives the output back.
    pub fn finish(self) -> std::io::Result<W> {
        self.out.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
    }
}

impl Provider {
    /// Exports events of this provider's log as CSV (provider admins only). An event of another
    /// provider refuses the whole export (`foreign_event`). Needs the `csv` feature (on by
    /// default).
    #[cfg(feature = "csv")]
    pub fn export_events(
        &self,
        actor: ProviderUserId,
        events: &[Event],
    ) -> Result<String, crate::error::Error> {
        use crate::permissions::{Action, Target};
        self.allow(actor, Action::ExportProviderEvents, Target::Provider)?;
        if let Some(foreign) = events.iter().find(|e| e.provider != self.id()) {
            return Err(crate::error::Error::Provider(crate::provider::ProviderError::ForeignEvent {
                sequence: foreign.sequence,
                provider: foreign.provider,
            }));
        }
        // Names come from the provider as it is now, then from the events (which also name
        // members and clients that have left).
        let mut labels = EventLabels::from_provider(self);
        for e in events {
            labels.learn(e);
        }
        Ok(events_to_csv(events, &labels))
    }
}
