//! Every call into mspkit lives in this module: reading and writing provider and event
//! documents, replay, running one command for the signed-in account or the vendor, the report,
//! the export, the billing reports (utilisation, invoice, client invoice report, PSA export,
//! what-if), client policies and compliance against a baseline, and the category of each
//! library error. The rest of the service handles HTTP and SQLite.

use std::time::SystemTime;

use std::collections::BTreeMap;

use mspkit::billing::{BillingMonth, CollectionMethod, Discount, Money, SeatPrices, WhatIf};
use mspkit::chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use mspkit::policy::{Baseline, CheckCompliance, PolicyKind, PolicySettings, PortfolioCompliance};
use mspkit::portfolio::PortfolioReportView;
use mspkit::{
    Action, ClientError, Email, Event, EventLog, ExistingOrganization, NewClient, OrganizationId, PlanType,
    Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserId, ProviderUserType, Target, Token,
    TokenKey, UserId,
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
pub fn provider_document(provider: &Provider) -> Result<String, ApiError> {
    provider.to_json().map_err(ApiError::from)
}

/// Reads a stored snapshot.
pub fn provider_from_document(document: &str) -> Result<Provider, ApiError> {
    Provider::from_json(document).map_err(|e| ApiError::internal("stored_provider_corrupt", &e))
}

/// The stored form of events, chained after `head` (the hash of the event before the first:
/// [`crate::store::EventStore::head`]).
pub fn stored_events(head: &str, events: &[Event]) -> Result<Vec<NewEvent>, ApiError> {
    let mut prev = head.to_owned();
    events
        .iter()
        .map(|event| {
            let document =
                serde_json::to_string(event).map_err(|e| ApiError::internal("event_not_written", &e))?;
            let hash = crate::store::link(&prev, &document).ok_or_else(|| {
                ApiError::internal("stored_event_corrupt", &"the stored head is not a hash")
            })?;
            let stored = NewEvent {
                sequence: event.sequence,
                at: event.at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                kind: event.change.name().to_owned(),
                document,
                prev: std::mem::replace(&mut prev, hash.clone()),
                hash,
            };
            Ok(stored)
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

/// Applies one stored event to a loaded provider (a refusal means the store and the copy
/// disagree: the caller loads the provider again).
pub fn apply(provider: &mut Provider, event: &Event) -> Result<(), ApiError> {
    provider.apply(event).map_err(|e| ApiError::internal("stored_log_corrupt", &e))
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
    run_vendor(provider, VendorCommand::MarkBillable, now)
}

/// A command of the signed-in account, with its user input as sent.
#[derive(Debug, Clone)]
pub enum Command {
    /// The person the provider was issued to sets it up.
    SetUp {
        /// Their account's email.
        email: String,
        /// The set-up token the vendor sent them.
        token: String,
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
        /// The token from the invitation email.
        token: String,
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
    /// Change the billing terms (provider admins managing billing).
    Terms(TermsChange),
    /// Set or clear the provider's own reference for a client, as its PSA knows it.
    SetClientReference {
        /// The client.
        client: String,
        /// The reference; `None` clears it.
        reference: Option<String>,
    },
    /// Enable a client's policy with its settings.
    EnableClientPolicy {
        /// The client.
        client: String,
        /// The policy's snake_case name.
        policy: String,
        /// Setting names to values.
        settings: serde_json::Map<String, serde_json::Value>,
    },
    /// Save new settings for a client's stored policy (the whole settings).
    ChangeClientPolicy {
        /// The client.
        client: String,
        /// The policy's snake_case name.
        policy: String,
        /// Setting names to values.
        settings: serde_json::Map<String, serde_json::Value>,
    },
    /// Disable a client's policy.
    DisableClientPolicy {
        /// The client.
        client: String,
        /// The policy's snake_case name.
        policy: String,
    },
    /// Bring a client to a baseline: the remediation plan is made from the client's policies
    /// as loaded (again on each attempt of the write) and carried out all or nothing.
    RemediateClient {
        /// The client.
        client: String,
        /// The baseline.
        baseline: Box<Baseline>,
        /// The time exceptions are judged at (the clock's unless the request names one).
        at: DateTime<Utc>,
    },
}

/// A command of the vendor or its billing system (no signed-in member: the library records
/// the actor as the system).
#[derive(Debug, Clone)]
pub enum VendorCommand {
    /// Mark the provider billable.
    MarkBillable,
    /// Record the consolidated subscription.
    StartSubscription {
        /// The day it began (today when absent).
        started_on: Option<NaiveDate>,
        /// Negotiated prices per plan (the reference's for plans left out).
        prices: BTreeMap<String, serde_json::Value>,
        /// The discount percentage (none when absent).
        discount: Option<serde_json::Value>,
        /// `automatic_charge` (the default) or `send_invoice`.
        collection: Option<String>,
    },
    /// Issue an invoice of an amount today.
    IssueInvoice {
        /// The amount (`"1234.50"`).
        amount: serde_json::Value,
    },
    /// Record the payment of the open invoice.
    PayInvoice,
    /// Declare the overdue invoice unpaid.
    MarkUnpaid,
    /// Cancel an unpaid subscription.
    CancelSubscription,
    /// Change the billing terms.
    Terms(TermsChange),
}

/// A change of the billing terms, which a provider admin managing billing and the vendor may
/// both make (the library records the member, or the system for the vendor).
#[derive(Debug, Clone)]
pub enum TermsChange {
    /// Change a plan's seat minimum.
    SetSeatMinimum {
        /// The plan's snake_case name.
        plan: String,
        /// The new minimum.
        minimum: u32,
    },
    /// Set the negotiated seat prices.
    SetSeatPrices {
        /// Plan name to price per seat (`"3.50"` or `3.5`); plans left out get the reference's.
        prices: BTreeMap<String, serde_json::Value>,
    },
    /// Set the discount.
    SetDiscount {
        /// A percentage (`"12.5"` or `12.5`).
        discount: serde_json::Value,
    },
}

impl TermsChange {
    /// Applies the change as `actor` (`None`: the vendor's system).
    fn run(
        &self,
        provider: &mut Provider,
        actor: Option<ProviderUserId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, ApiError> {
        Ok(match self {
            Self::SetSeatMinimum { plan: name, minimum } => {
                provider.set_seat_minimum(actor, plan(name)?, *minimum, now)?
            }
            Self::SetSeatPrices { prices } => provider.set_seat_prices(actor, seat_prices(prices)?, now)?,
            Self::SetDiscount { discount: value } => provider.set_discount(actor, discount(value)?, now)?,
        })
    }
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
/// Commands that carry a token (set-up, accept) check it with `key`; an invitation returns
/// each invitee's token, signed with it.
pub fn run(
    provider: &mut Provider,
    user: UserId,
    command: Command,
    key: &TokenKey,
    now: DateTime<Utc>,
) -> Result<Applied, ApiError> {
    match command {
        Command::SetUp { email, token } => {
            let created = provider.set_up_with_token(
                user,
                &Email::new(&email).refused()?,
                &Token::from(token),
                key,
                now,
            )?;
            Applied::with(created.events, serde_json::json!({ "member": created.id }))
        }
        Command::Accept { member, email, public_key_fingerprint, token } => {
            let member = member_id(&member)?;
            let events = provider.accept_with_token(
                member,
                user,
                &Email::new(&email).refused()?,
                &Token::from(token),
                key,
                public_key_fingerprint.as_deref(),
                now,
            )?;
            Ok(Applied::new(events))
        }
        Command::Invite { emails, role: name } => {
            let actor = acting_member(provider, user)?;
            let emails: Vec<&str> = emails.iter().map(String::as_str).collect();
            let created = provider.invite_with_tokens(actor, &emails, role(&name)?, key, now)?;
            let members: Vec<String> = created.id.iter().map(|i| i.member.to_string()).collect();
            // The example answers the tokens to the inviting admin; a real service mails each
            // invitee theirs and answers the member ids only.
            let invitations: Vec<serde_json::Value> = created
                .id
                .iter()
                .map(|i| {
                    serde_json::json!({
                        "member": i.member,
                        "email": i.email.as_str(),
                        "token": i.token.expose(),
                    })
                })
                .collect();
            Applied::with(
                created.events,
                serde_json::json!({ "members": members, "invitations": invitations }),
            )
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
        Command::Terms(change) => Applied::new(change.run(provider, Some(actor), now)?),
        Command::SetClientReference { client, reference } => Applied::new(provider.set_client_reference(
            actor,
            client_id(&client)?,
            reference.as_deref(),
            now,
        )?),
        Command::EnableClientPolicy { client, policy, settings } => {
            let settings = PolicySettings::from_json_map(policy_kind(&policy)?, &settings).refused()?;
            Applied::new(provider.enable_client_policy(actor, client_id(&client)?, settings, now)?)
        }
        Command::ChangeClientPolicy { client, policy, settings } => {
            let settings = PolicySettings::from_json_map(policy_kind(&policy)?, &settings).refused()?;
            Applied::new(provider.change_client_policy(actor, client_id(&client)?, settings, now)?)
        }
        Command::DisableClientPolicy { client, policy } => Applied::new(provider.disable_client_policy(
            actor,
            client_id(&client)?,
            policy_kind(&policy)?,
            now,
        )?),
        Command::RemediateClient { client, baseline, at } => {
            let id = client_id(&client)?;
            let organization = provider.client(id).ok_or(ClientError::NotFound { client: id }).refused()?;
            let plan = baseline.remediation(organization.into(), at).refused()?;
            let events = provider.remediate_client(actor, id, &plan, now)?;
            Applied::with(
                events,
                serde_json::json!({ "steps": plan.steps.len(), "unfixable": plan.unfixable }),
            )?
        }
        Command::SetUp { .. } | Command::Accept { .. } | Command::Invite { .. } => {
            return Err(ApiError::new(
                Category::InvalidInput,
                "command_not_for_members",
                "not a member command",
            ));
        }
    };
    Ok(applied)
}

/// Runs one command of the vendor or its billing system on `provider`.
pub fn run_vendor(
    provider: &mut Provider,
    command: VendorCommand,
    now: DateTime<Utc>,
) -> Result<Applied, ApiError> {
    let events = match command {
        VendorCommand::MarkBillable => provider.mark_billable(now)?,
        VendorCommand::StartSubscription { started_on, prices, discount: value, collection: method } => {
            let discount = value.as_ref().map(discount).transpose()?.unwrap_or_default();
            let collection = collection(method.as_deref().unwrap_or("automatic_charge"))?;
            let started_on = started_on.unwrap_or_else(|| now.date_naive());
            provider.start_subscription(started_on, seat_prices(&prices)?, discount, collection, now)?
        }
        VendorCommand::IssueInvoice { amount } => provider.issue_invoice(money(&amount)?, now)?,
        VendorCommand::PayInvoice => provider.pay_invoice(now)?,
        VendorCommand::MarkUnpaid => provider.mark_unpaid(now)?,
        VendorCommand::CancelSubscription => provider.cancel_subscription(now)?,
        VendorCommand::Terms(change) => change.run(provider, None, now)?,
    };
    Ok(Applied::new(events))
}

fn plan(name: &str) -> Result<PlanType, ApiError> {
    PlanType::from_name(name.trim()).ok_or_else(|| {
        ApiError::new(
            Category::InvalidInput,
            "plan_unknown",
            format!("`{name}` is not a plan; use a snake_case plan name such as `teams_monthly`"),
        )
    })
}

/// The text of an amount or percentage sent as a JSON string or number.
fn number_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn money(value: &serde_json::Value) -> Result<Money, ApiError> {
    number_text(value).parse::<Money>().refused()
}

fn discount(value: &serde_json::Value) -> Result<Discount, ApiError> {
    number_text(value).parse::<Discount>().refused()
}

fn seat_prices(prices: &BTreeMap<String, serde_json::Value>) -> Result<SeatPrices, ApiError> {
    prices.iter().try_fold(SeatPrices::reference(), |all, (name, price)| {
        all.with_price(plan(name)?, money(price)?).refused()
    })
}

fn collection(name: &str) -> Result<CollectionMethod, ApiError> {
    let name = name.trim();
    CollectionMethod::from_name(name).ok_or_else(|| {
        ApiError::new(
            Category::InvalidInput,
            "collection_unknown",
            format!("`{name}` is not a collection method; use `automatic_charge` or `send_invoice`"),
        )
    })
}

fn policy_kind(name: &str) -> Result<PolicyKind, ApiError> {
    PolicyKind::from_name(name.trim())
        .ok_or_else(|| mspkit::policy::PolicyError::UnknownPolicy(name.to_owned()))
        .refused()
}

/// The member of the signed-in account, who must manage the provider's billing (a confirmed
/// provider admin): the library's own permission rule.
fn billing_manager(provider: &Provider, user: UserId) -> Result<ProviderUserId, ApiError> {
    let actor = acting_member(provider, user)?;
    mspkit::authorize(provider, actor, Action::ManageBilling, Target::Provider).refused()?;
    Ok(actor)
}

fn to_value(value: &impl Serialize, code: &'static str) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::internal(code, &e))
}

/// The idle-seat threshold of the utilisation report when the request names none (as the
/// CLI's `mspkit seats`).
pub const DEFAULT_IDLE: u32 = 10;

/// The seat utilisation report, for any member: clients holding more than `idle` free seats
/// are listed as idle.
pub fn seat_utilisation(provider: &Provider, user: UserId, idle: u32) -> Result<serde_json::Value, ApiError> {
    acting_member(provider, user)?;
    to_value(&provider.seat_utilisation(idle).refused()?, "report_not_written")
}

fn billing_month(period: &str) -> Result<BillingMonth, ApiError> {
    period.trim().parse::<BillingMonth>().refused()
}

/// The invoice charged in `period` (`YYYY-MM`), for billing managers.
pub fn invoice(provider: &Provider, user: UserId, period: &str) -> Result<serde_json::Value, ApiError> {
    billing_manager(provider, user)?;
    to_value(&provider.invoice(billing_month(period)?).refused()?, "report_not_written")
}

/// The client invoice report as CSV, for billing managers. `period` is checked as for the
/// invoice (a month before the first charge is refused), as the CLI's `mspkit invoice --csv`.
pub fn client_invoice_csv(provider: &Provider, user: UserId, period: &str) -> Result<String, ApiError> {
    billing_manager(provider, user)?;
    provider.invoice(billing_month(period)?).refused()?;
    Ok(provider.client_invoice_report().refused()?.to_csv())
}

/// The PSA export, as CSV or JSON, for billing managers.
pub fn psa_export(provider: &Provider, user: UserId, csv: bool) -> Result<String, ApiError> {
    billing_manager(provider, user)?;
    let export = provider.psa_export().refused()?;
    if csv { Ok(export.to_csv()) } else { Ok(to_value(&export, "report_not_written")?.to_string()) }
}

/// What the proposed changes (the CLI's `what-if` CHANGES document) would do, tried on a
/// copy on their `on` day, else on `now`'s: for billing managers; the provider is untouched.
pub fn what_if(
    provider: &Provider,
    user: UserId,
    changes: &str,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, ApiError> {
    billing_manager(provider, user)?;
    let changes = WhatIf::from_json(changes).refused()?;
    to_value(&provider.what_if(&changes, now.date_naive()).refused()?, "report_not_written")
}

/// A client's policies, for any member.
pub fn client_policies(
    provider: &Provider,
    user: UserId,
    client: &str,
) -> Result<serde_json::Value, ApiError> {
    let id = client_id(client)?;
    let client = provider.client(id).ok_or(ClientError::NotFound { client: id }).refused()?;
    acting_member(provider, user)?;
    Ok(serde_json::json!({
        "client": client.id(),
        "name": client.name(),
        "plan": client.plan(),
        "policies": to_value(client.policies(), "policies_not_written")?,
    }))
}

/// Reads a baseline in TOML or JSON, as `mspkit check --baseline` does.
pub fn baseline(text: &str, toml: bool) -> Result<Baseline, ApiError> {
    if toml { Baseline::from_toml(text) } else { Baseline::from_json(text) }.refused()
}

/// The compliance of every client of the provider against `baseline` at `now`, for any member.
pub fn compliance(
    provider: &Provider,
    user: UserId,
    baseline: &Baseline,
    now: DateTime<Utc>,
) -> Result<PortfolioCompliance, ApiError> {
    acting_member(provider, user)?;
    Ok(provider.check_compliance(baseline, now))
}

/// The provider document, for any member of it.
pub fn read_provider(provider: &Provider, user: UserId) -> Result<serde_json::Value, ApiError> {
    acting_member(provider, user)?;
    serde_json::to_value(provider).map_err(|e| ApiError::internal("provider_not_written", &e))
}

/// The provider's report at `now` as JSON text, for any member of it. Written straight from the
/// provider (`PortfolioReportView`: the text of `PortfolioReport`'s JSON, as the CLI writes it,
/// with no line per client built first and no `serde_json::Value` in between), into one buffer
/// sized for it.
pub fn report(provider: &Provider, user: UserId, now: DateTime<Utc>) -> Result<String, ApiError> {
    acting_member(provider, user)?;
    PortfolioReportView::new(provider, now)
        .to_json()
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
