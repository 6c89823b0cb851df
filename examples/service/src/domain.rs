//! Every call into mspkit lives in this module: reading and writing provider and event
//! documents, replay, running one command for the signed-in account, the report, the export,
//! and the category of each library error. The rest of the service handles HTTP and SQLite.

use std::time::SystemTime;

use mspkit::chrono::{DateTime, SecondsFormat, Utc};
use mspkit::{
    Email, Event, EventLog, ExistingOrganization, NewClient, OrganizationId, PortfolioReport, Provider,
    ProviderId, ProviderSettings, ProviderType, ProviderUserId, ProviderUserType, Subject, UserId,
};
use serde::Serialize;

use crate::error::{ApiError, Category};
use crate::store::NewEvent;

/// The time now (the library reads no clock: the service passes it in).
pub fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from(SystemTime::now())
}

/// The category of a library error, as a service answers it.
pub fn category(error: &mspkit::Error) -> Category {
    match error.category() {
        mspkit::ErrorCategory::NotFound => Category::NotFound,
        mspkit::ErrorCategory::Forbidden => Category::Forbidden,
        mspkit::ErrorCategory::InvalidInput => Category::InvalidInput,
        mspkit::ErrorCategory::Conflict => Category::Conflict,
        mspkit::ErrorCategory::CorruptDocument => Category::CorruptDocument,
    }
}

impl From<mspkit::Error> for ApiError {
    fn from(error: mspkit::Error) -> Self {
        Self { category: category(&error), code: error.code(), message: error.to_string() }
    }
}

/// Turns an area error of the library into the service's error.
trait Refused<T> {
    fn refused(self) -> Result<T, ApiError>;
}

impl<T, E: Into<mspkit::Error>> Refused<T> for Result<T, E> {
    fn refused(self) -> Result<T, ApiError> {
        self.map_err(|e| ApiError::from(e.into()))
    }
}

/// Parses a provider id from a path.
pub fn provider_id(text: &str) -> Result<ProviderId, ApiError> {
    text.parse::<ProviderId>().map_err(|e| mspkit::Error::from(e).into())
}

/// Parses a member id from a path.
pub fn member_id(text: &str) -> Result<ProviderUserId, ApiError> {
    text.parse::<ProviderUserId>().map_err(|e| mspkit::Error::from(e).into())
}

/// Parses a client id from a path.
pub fn client_id(text: &str) -> Result<OrganizationId, ApiError> {
    text.parse::<OrganizationId>().map_err(|e| mspkit::Error::from(e).into())
}

/// Parses the signed-in account's id from the user header.
pub fn user_id(text: &str) -> Result<UserId, ApiError> {
    text.trim().parse::<UserId>().map_err(|e| mspkit::Error::from(e).into())
}

/// A provider's id as the store keys it.
pub fn provider_id_text(provider: &Provider) -> String {
    provider.id().to_string()
}

/// A provider's version: the sequence of the last event applied to it.
pub fn version(provider: &Provider) -> u64 {
    provider.last_sequence()
}

/// Refuses with `version_conflict` when a client asked for a version the provider is not at.
pub fn check_version(provider: &Provider, expected: Option<u64>) -> Result<(), ApiError> {
    match expected {
        Some(expected) => provider.expect_version(expected).map_err(ApiError::from),
        None => Ok(()),
    }
}

/// The provider document stored as a snapshot.
pub fn provider_document(provider: &Provider) -> String {
    provider.to_json()
}

/// Reads a stored snapshot.
pub fn provider_from_document(document: &str) -> Result<Provider, ApiError> {
    Provider::from_json(document).map_err(|e| ApiError::internal("stored_provider_corrupt", &e))
}

/// The stored form of events.
pub fn stored_events(events: &[Event]) -> Result<Vec<NewEvent>, ApiError> {
    events
        .iter()
        .map(|event| {
            Ok(NewEvent {
                sequence: event.sequence,
                at: event.at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                kind: event.change.name().to_owned(),
                document: serde_json::to_string(event)
                    .map_err(|e| ApiError::internal("event_not_written", &e))?,
            })
        })
        .collect()
}

/// Reads stored events.
pub fn events_from_documents(documents: &[String]) -> Result<Vec<Event>, ApiError> {
    documents
        .iter()
        .map(|d| serde_json::from_str::<Event>(d).map_err(|e| ApiError::internal("stored_event_corrupt", &e)))
        .collect()
}

/// Rebuilds a provider from its whole log.
pub fn replay(events: &[Event]) -> Result<Provider, ApiError> {
    Provider::replay(events).map_err(|e| ApiError::internal("stored_log_corrupt", &e))
}

/// What the vendor gives to issue a provider.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueRequest {
    /// The new provider's id (a random one when absent).
    #[serde(default)]
    pub id: Option<String>,
    /// `msp`, `reseller` or `business_unit`.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// The address of the person who sets it up.
    pub issued_to: String,
    /// Its billing email (needed before creating clients).
    #[serde(default)]
    pub billing_email: Option<String>,
}

/// Issues a provider (the vendor's action).
pub fn issue(request: &IssueRequest, now: DateTime<Utc>) -> Result<(Provider, Vec<Event>), ApiError> {
    let kind = ProviderType::from_name(request.kind.trim()).ok_or_else(|| {
        ApiError::new(
            Category::InvalidInput,
            "provider_kind_unknown",
            format!("`{}` is not a provider kind; use `msp`, `reseller` or `business_unit`", request.kind),
        )
    })?;
    let id = match &request.id {
        Some(id) => provider_id(id)?,
        None => ProviderId::new(mspkit::uuid::Uuid::new_v4()),
    };
    let mut settings = ProviderSettings::new(&request.name).refused()?;
    if let Some(email) = &request.billing_email {
        settings = settings.with_billing_email(Some(Email::new(email).refused()?));
    }
    let issued_to = Email::new(&request.issued_to).refused()?;
    Ok(Provider::issue(id, kind, settings, issued_to, now))
}

/// The vendor marks a provider billable once its subscription runs.
pub fn mark_billable(provider: &mut Provider, now: DateTime<Utc>) -> Result<Applied, ApiError> {
    let events = provider.mark_billable(now)?;
    Ok(Applied::new(events))
}

/// A command of the signed-in account, with its user input as sent.
#[derive(Debug, Clone)]
pub enum Command {
    /// The person the provider was issued to sets it up.
    SetUp {
        /// Their account's email.
        email: String,
    },
    /// Invite people with one role.
    Invite {
        /// Their emails.
        emails: Vec<String>,
        /// `provider_admin` or `service_user`.
        role: String,
    },
    /// The invited person accepts.
    Accept {
        /// The invitation's member id.
        member: String,
        /// Their account's email.
        email: String,
        /// Their public-key fingerprint phrase, if shown.
        public_key_fingerprint: Option<String>,
    },
    /// Confirm an accepted member.
    Confirm {
        /// The member.
        member: String,
        /// The fingerprint phrase the admin compared, if any.
        fingerprint: Option<String>,
    },
    /// Revoke a member.
    Revoke {
        /// The member.
        member: String,
    },
    /// Restore a revoked member.
    Restore {
        /// The member.
        member: String,
    },
    /// Change a member's role.
    ChangeRole {
        /// The member.
        member: String,
        /// The new role.
        role: String,
    },
    /// Remove a member.
    Remove {
        /// The member.
        member: String,
    },
    /// The signed-in member leaves.
    Leave,
    /// Create a client organization.
    CreateClient(serde_json::Value),
    /// Add an existing organization as a client.
    AddExistingClient(serde_json::Value),
    /// Change a client's seats.
    SetSeats {
        /// The client.
        client: String,
        /// The new seat count.
        seats: u32,
    },
    /// Unlink a client.
    Unlink {
        /// The client.
        client: String,
    },
}

/// The result of a command: its events and what it created or returned.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The events to append (none when nothing changed).
    pub events: Vec<Event>,
    /// The command's result in the response (new ids, the unlinked organization).
    pub result: serde_json::Value,
}

impl Applied {
    fn new(events: Vec<Event>) -> Self {
        Self { events, result: serde_json::Value::Null }
    }

    fn with(events: Vec<Event>, result: impl Serialize) -> Result<Self, ApiError> {
        let result =
            serde_json::to_value(result).map_err(|e| ApiError::internal("result_not_written", &e))?;
        Ok(Self { events, result })
    }
}

fn role(name: &str) -> Result<ProviderUserType, ApiError> {
    ProviderUserType::from_name(name.trim()).ok_or_else(|| {
        ApiError::new(
            Category::InvalidInput,
            "role_unknown",
            format!("`{name}` is not a provider role; use `provider_admin` or `service_user`"),
        )
    })
}

fn document<T: serde::de::DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            Category::CorruptDocument,
            "request_document_invalid",
            format!("the {what} is invalid: {e}"),
        )
    })
}

/// The member of the signed-in account, or `not_a_member`.
pub fn acting_member(provider: &Provider, user: UserId) -> Result<ProviderUserId, ApiError> {
    provider.member_by_user(user).map(mspkit::ProviderUser::id).ok_or_else(|| {
        ApiError::new(
            Category::Forbidden,
            "not_a_member",
            format!("account `{user}` is not a member of provider `{}`", provider.id()),
        )
    })
}

/// Runs one command for the signed-in account `user` on `provider`.
pub fn run(
    provider: &mut Provider,
    user: UserId,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Applied, ApiError> {
    match command {
        Command::SetUp { email } => {
            let created = provider.set_up(user, &Email::new(&email).refused()?, now)?;
            Applied::with(created.events, serde_json::json!({ "member": created.id }))
        }
        Command::Accept { member, email, public_key_fingerprint } => {
            let member = member_id(&member)?;
            let events = provider.accept(
                member,
                user,
                &Email::new(&email).refused()?,
                public_key_fingerprint.as_deref(),
                now,
            )?;
            Ok(Applied::new(events))
        }
        command => {
            let actor = acting_member(provider, user)?;
            run_as_member(provider, actor, command, now)
        }
    }
}

fn run_as_member(
    provider: &mut Provider,
    actor: ProviderUserId,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Applied, ApiError> {
    let applied = match command {
        Command::Invite { emails, role: name } => {
            let emails: Vec<&str> = emails.iter().map(String::as_str).collect();
            let events = provider.invite(actor, &emails, role(&name)?, now)?;
            let members: Vec<String> = events
                .iter()
                .filter_map(|e| match e.subject() {
                    Subject::Member(member) => Some(member.to_string()),
                    _ => None,
                })
                .collect();
            Applied::with(events, serde_json::json!({ "members": members }))?
        }
        Command::Confirm { member, fingerprint } => {
            Applied::new(provider.confirm(actor, member_id(&member)?, fingerprint.as_deref(), now)?)
        }
        Command::Revoke { member } => Applied::new(provider.revoke(actor, member_id(&member)?, now)?),
        Command::Restore { member } => Applied::new(provider.restore(actor, member_id(&member)?, now)?),
        Command::ChangeRole { member, role: name } => {
            Applied::new(provider.change_role(actor, member_id(&member)?, role(&name)?, now)?)
        }
        Command::Remove { member } => Applied::new(provider.remove(actor, &[member_id(&member)?], now)?),
        Command::Leave => Applied::new(provider.leave(actor, now)?),
        Command::CreateClient(body) => {
            let new: NewClient = document(body, "new client")?;
            let created = provider.create_client(actor, new, now)?;
            Applied::with(created.events, serde_json::json!({ "client": created.id }))?
        }
        Command::AddExistingClient(body) => {
            let organization: ExistingOrganization = document(body, "organization")?;
            let client = organization.id;
            let events = provider.add_existing_client(actor, organization, now)?;
            Applied::with(events, serde_json::json!({ "client": client }))?
        }
        Command::SetSeats { client, seats } => {
            Applied::new(provider.set_client_seats(actor, client_id(&client)?, seats, now)?)
        }
        Command::Unlink { client } => {
            let (organization, events) = provider.unlink_client(actor, client_id(&client)?, now)?;
            Applied::with(events, serde_json::json!({ "organization": organization }))?
        }
        Command::SetUp { .. } | Command::Accept { .. } => {
            return Err(ApiError::new(
                Category::InvalidInput,
                "command_not_for_members",
                "not a member command",
            ));
        }
    };
    Ok(applied)
}

/// The provider document, for any member of it.
pub fn read_provider(provider: &Provider, user: UserId) -> Result<serde_json::Value, ApiError> {
    acting_member(provider, user)?;
    serde_json::to_value(provider).map_err(|e| ApiError::internal("provider_not_written", &e))
}

/// The provider's report at `now`, for any member of it.
pub fn report(provider: &Provider, user: UserId, now: DateTime<Utc>) -> Result<serde_json::Value, ApiError> {
    acting_member(provider, user)?;
    serde_json::to_value(PortfolioReport::new(provider, now))
        .map_err(|e| ApiError::internal("report_not_written", &e))
}

/// The provider's event log as CSV (provider admins only).
pub fn export_csv(provider: &Provider, user: UserId, events: &[Event]) -> Result<String, ApiError> {
    let actor = acting_member(provider, user)?;
    Ok(provider.export_events(actor, events)?)
}

/// Checks that `user` may export the event log (provider admins only).
pub fn may_export(provider: &Provider, user: UserId) -> Result<(), ApiError> {
    export_csv(provider, user, &[]).map(drop)
}

/// The event log document (JSON Lines with its schema header) of `events`.
pub fn event_log(events: &[Event]) -> Result<String, ApiError> {
    Ok(mspkit::event_log::write_jsonl(events))
}

/// Reads an event log document and replays each provider in it: the providers with their
/// events, in the order they first appear. A refusal names the log's line.
pub fn read_log(text: &str) -> Result<Vec<(Provider, Vec<Event>)>, ApiError> {
    let log = EventLog::from_jsonl(text).map_err(|e| {
        ApiError::new(category(e.error()), e.code(), format!("line {}: {}", e.line(), e.error()))
    })?;
    let mut providers: Vec<(Provider, Vec<Event>)> = Vec::new();
    let mut index: std::collections::HashMap<ProviderId, usize> = std::collections::HashMap::new();
    for (i, event) in log.events().iter().enumerate() {
        let at_line =
            |e: mspkit::Error| ApiError::new(category(&e), e.code(), format!("line {}: {e}", log.line(i)));
        if let Some((provider, events)) = index.get(&event.provider).and_then(|k| providers.get_mut(*k)) {
            provider.apply(event).map_err(at_line)?;
            events.push(event.clone());
        } else {
            let provider = Provider::replay(std::slice::from_ref(event)).map_err(at_line)?;
            index.insert(event.provider, providers.len());
            providers.push((provider, vec![event.clone()]));
        }
    }
    Ok(providers)
}
