//! The provider aggregate: its settings, status and lifecycle, its team and its clients.
//!
//! Every command takes the acting member and the time (`now`) as inputs, checks every rule
//! before it changes anything, and returns the [`Event`]s it caused. A refused command leaves
//! the provider exactly as it was.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::client::{
    ClientMember, ClientOrganization, ClientRecord, ExistingOrganization, NewClient, OrganizationUserStatus,
    OrganizationUserType, check_client_name, first_duplicate_member,
};
use crate::email::Email;
use crate::error::{ClientError, Error, ProviderError, TeamError};
use crate::event::{Actor, Event, EventKind, Subject};
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};
use crate::permissions::{Action, Target, authorize};
use crate::plan::{Cadence, PlanType, ProductTier};
use crate::portfolio::PortfolioError;
use crate::team::{
    MAX_INVITES_PER_BATCH, ProviderUser, ProviderUserRecord, ProviderUserStatus, ProviderUserType,
    invitation_expiry,
};

/// The longest provider name accepted, in characters.
pub const MAX_PROVIDER_NAME_LEN: usize = 50;

/// The longest free-text setting (business name, phone, address lines), in characters.
pub const MAX_SETTING_LEN: usize = 256;

/// What kind of provider this is (the reference's `ProviderType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderType {
    /// A managed service provider: manages client organizations and their billing (code 0).
    Msp,
    /// A reseller: sells; its clients are billed per organization (code 1).
    Reseller,
    /// An enterprise managing several of its own Enterprise organizations (code 2).
    BusinessUnit,
}

reference_codes!(ProviderType: u8 {
    Msp = 0, "msp";
    Reseller = 1, "reseller";
    BusinessUnit = 2, "business_unit";
});

impl ProviderType {
    /// Whether the provider pays for its clients' seats in one consolidated subscription.
    pub fn has_consolidated_billing(self) -> bool {
        !matches!(self, Self::Reseller)
    }

    /// Whether a client of this kind of provider may be on `plan`.
    pub fn allows_plan(self, plan: PlanType) -> bool {
        match self {
            Self::Msp => matches!(plan, PlanType::TeamsMonthly | PlanType::EnterpriseMonthly),
            Self::BusinessUnit => matches!(plan, PlanType::EnterpriseMonthly | PlanType::EnterpriseAnnually),
            Self::Reseller => !matches!(plan.tier(), ProductTier::Free | ProductTier::Families),
        }
    }

    /// The plan an existing organization on `plan` moves to when added to this kind of provider,
    /// or `None` when it cannot be added.
    pub fn plan_for_added(self, plan: PlanType) -> Option<PlanType> {
        if !plan.is_business() {
            return None;
        }
        match (self, plan.tier(), plan.cadence()) {
            (Self::Msp, ProductTier::Teams, _) => Some(PlanType::TeamsMonthly),
            (Self::BusinessUnit, ProductTier::Enterprise, Cadence::Annually) => {
                Some(PlanType::EnterpriseAnnually)
            }
            (Self::Msp | Self::BusinessUnit, ProductTier::Enterprise, _) => Some(PlanType::EnterpriseMonthly),
            (Self::Reseller, _, _) => Some(plan),
            _ => None,
        }
    }
}

/// The provider's lifecycle state (the reference's `ProviderStatusType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    /// Issued by the vendor, not yet set up (code 0).
    Pending,
    /// Set up by its first admin (code 1).
    Created,
    /// Its subscription is running (code 2).
    Billable,
}

reference_codes!(ProviderStatus: u8 {
    Pending = 0, "pending";
    Created = 1, "created";
    Billable = 2, "billable";
});

/// The provider's business address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessAddress {
    /// First address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    /// Second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// Third address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line3: Option<String>,
    /// Country (ISO code or name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Tax number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_number: Option<String>,
}

/// The provider's editable settings, validated at construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSettings", into = "RawSettings")]
pub struct ProviderSettings {
    name: String,
    business_name: Option<String>,
    billing_email: Option<Email>,
    billing_phone: Option<String>,
    address: BusinessAddress,
    use_events: bool,
}

/// The serialized form of the settings: plain values, checked when converted.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSettings {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    billing_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    billing_phone: Option<String>,
    #[serde(default)]
    address: BusinessAddress,
    #[serde(default)]
    use_events: bool,
}

impl TryFrom<RawSettings> for ProviderSettings {
    type Error = Error;

    fn try_from(raw: RawSettings) -> Result<Self, Self::Error> {
        let mut settings = Self::new(&raw.name)?
            .with_business_name(raw.business_name.as_deref())?
            .with_billing_phone(raw.billing_phone.as_deref())?
            .with_address(&raw.address)?;
        settings.billing_email = raw.billing_email.as_deref().map(Email::new).transpose()?;
        settings.use_events = raw.use_events;
        Ok(settings)
    }
}

impl From<ProviderSettings> for RawSettings {
    fn from(s: ProviderSettings) -> Self {
        Self {
            name: s.name,
            business_name: s.business_name,
            billing_email: s.billing_email.map(String::from),
            billing_phone: s.billing_phone,
            address: s.address,
            use_events: s.use_events,
        }
    }
}

fn check_text(field: &'static str, value: &str, max: usize) -> Result<String, ProviderError> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(ProviderError::SettingTooLong { field, max });
    }
    Ok(trimmed.to_owned())
}

fn optional_text(field: &'static str, value: Option<&str>) -> Result<Option<String>, ProviderError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => check_text(field, text, MAX_SETTING_LEN).map(Some),
    }
}

impl ProviderSettings {
    /// Settings with a name (not blank, at most 50 characters) and nothing else.
    pub fn new(name: &str) -> Result<Self, ProviderError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ProviderError::NameBlank);
        }
        if name.chars().count() > MAX_PROVIDER_NAME_LEN {
            return Err(ProviderError::NameTooLong { length: name.chars().count() });
        }
        Ok(Self {
            name: name.to_owned(),
            business_name: None,
            billing_email: None,
            billing_phone: None,
            address: BusinessAddress::default(),
            use_events: false,
        })
    }

    /// With a business name.
    pub fn with_business_name(mut self, business_name: Option<&str>) -> Result<Self, ProviderError> {
        self.business_name = optional_text("business_name", business_name)?;
        Ok(self)
    }

    /// With a billing email.
    #[must_use]
    pub fn with_billing_email(mut self, billing_email: Option<Email>) -> Self {
        self.billing_email = billing_email;
        self
    }

    /// With a billing phone number.
    pub fn with_billing_phone(mut self, phone: Option<&str>) -> Result<Self, ProviderError> {
        self.billing_phone = optional_text("billing_phone", phone)?;
        Ok(self)
    }

    /// With a business address.
    pub fn with_address(mut self, address: &BusinessAddress) -> Result<Self, ProviderError> {
        self.address = BusinessAddress {
            line1: optional_text("address.line1", address.line1.as_deref())?,
            line2: optional_text("address.line2", address.line2.as_deref())?,
            line3: optional_text("address.line3", address.line3.as_deref())?,
            country: optional_text("address.country", address.country.as_deref())?,
            tax_number: optional_text("address.tax_number", address.tax_number.as_deref())?,
        };
        Ok(self)
    }

    /// Whether provider events are recorded.
    #[must_use]
    pub fn with_use_events(mut self, use_events: bool) -> Self {
        self.use_events = use_events;
        self
    }

    /// The provider's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The business name.
    pub fn business_name(&self) -> Option<&str> {
        self.business_name.as_deref()
    }

    /// The billing email.
    pub fn billing_email(&self) -> Option<&Email> {
        self.billing_email.as_ref()
    }

    /// The billing phone.
    pub fn billing_phone(&self) -> Option<&str> {
        self.billing_phone.as_deref()
    }

    /// The business address.
    pub fn address(&self) -> &BusinessAddress {
        &self.address
    }

    /// Whether provider events are recorded.
    pub fn use_events(&self) -> bool {
        self.use_events
    }
}

/// Advice about a provider's state: not an error, something a person should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// Fewer than two confirmed provider admins: one lost account locks the provider.
    FewConfirmedAdmins {
        /// How many there are.
        confirmed_admins: usize,
    },
    /// A pending invitation has expired; resend it or remove the member.
    InvitationExpired {
        /// The member.
        member: ProviderUserId,
        /// The invited address.
        email: Email,
    },
    /// A member accepted and waits for an admin to confirm them.
    AwaitingConfirmation {
        /// The member.
        member: ProviderUserId,
        /// Their address.
        email: Email,
    },
    /// Every seat of the client is occupied: inviting another member will be refused.
    ClientFull {
        /// The client.
        client: OrganizationId,
        /// Its name.
        name: String,
    },
    /// The provider is disabled: no member can act.
    ProviderDisabled,
    /// The provider has not been set up yet.
    NotSetUp,
}

impl Warning {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::FewConfirmedAdmins { .. } => "few_confirmed_admins",
            Self::InvitationExpired { .. } => "invitation_expired",
            Self::AwaitingConfirmation { .. } => "awaiting_confirmation",
            Self::ClientFull { .. } => "client_full",
            Self::ProviderDisabled => "provider_disabled",
            Self::NotSetUp => "not_set_up",
        }
    }

    /// A sentence a person can act on.
    pub fn message(&self) -> String {
        match self {
            Self::FewConfirmedAdmins { confirmed_admins } => format!(
                "only {confirmed_admins} confirmed provider admin(s): confirm a second admin so that one lost account cannot lock the provider"
            ),
            Self::InvitationExpired { email, .. } => {
                format!("the invitation of `{email}` has expired: resend it or remove the member")
            }
            Self::AwaitingConfirmation { email, .. } => {
                format!("`{email}` accepted the invitation and waits for a provider admin to confirm them")
            }
            Self::ClientFull { name, .. } => {
                format!("client `{name}` has no free seat: new members will be refused until seats are added")
            }
            Self::ProviderDisabled => {
                "the provider is disabled: no member can act until it is enabled".to_owned()
            }
            Self::NotSetUp => "the provider has not been set up by its first admin".to_owned(),
        }
    }
}

/// Seat figures of one plan in a provider's consolidated subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSeats {
    /// The plan.
    pub plan: PlanType,
    /// The seats the provider committed to.
    pub seat_minimum: u32,
    /// The sum of the seats of the provider's clients on the plan.
    pub assigned_seats: u32,
    /// The seats those clients' members occupy.
    pub occupied_seats: u32,
    /// Seats bought beyond the minimum: `max(0, assigned − minimum)`.
    pub purchased_seats: u32,
    /// Seats paid for and given to no client: `max(0, minimum − assigned)`.
    pub unassigned_seats: u32,
}

/// A provider with its team and its client organizations.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mspkit::{Email, Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserType, UserId};
/// use uuid::Uuid;
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
/// let settings = ProviderSettings::new("Northwind IT")?;
/// let ada = Email::new("ada@northwind.example")?;
/// let id = ProviderId::new(Uuid::from_u128(1));
/// let (mut provider, _) = Provider::issue(id, ProviderType::Msp, settings, ada.clone(), now);
/// provider.set_up(UserId::new(Uuid::from_u128(2)), &ada, now)?;
/// let admin = provider.members()[0].id();
/// let events = provider.invite(admin, &["grace@northwind.example"], ProviderUserType::ServiceUser, now)?;
/// assert_eq!(events[0].code(), Some(1800));
/// assert_eq!(provider.warnings(now)[0].code(), "few_confirmed_admins");
/// # Ok::<(), mspkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ProviderRecord", into = "ProviderRecord")]
pub struct Provider {
    id: ProviderId,
    kind: ProviderType,
    status: ProviderStatus,
    enabled: bool,
    issued_to: Option<Email>,
    settings: ProviderSettings,
    created_at: DateTime<Utc>,
    revised_at: DateTime<Utc>,
    members: Vec<ProviderUser>,
    clients: Vec<ClientOrganization>,
    seat_minimums: BTreeMap<PlanType, u32>,
    last_sequence: u64,
}

/// The serialized form of a provider: plain values down to every member and client. Converting
/// it back checks every invariant and keeps each refusal's own error code.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProviderRecord {
    id: ProviderId,
    kind: ProviderType,
    status: ProviderStatus,
    enabled: bool,
    /// The person the vendor issued the provider to (absent when read from the reference
    /// server, whose documents do not carry it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issued_to: Option<String>,
    settings: RawSettings,
    created_at: DateTime<Utc>,
    revised_at: DateTime<Utc>,
    #[serde(default)]
    members: Vec<ProviderUserRecord>,
    #[serde(default)]
    clients: Vec<ClientRecord>,
    #[serde(default)]
    seat_minimums: BTreeMap<PlanType, u32>,
    #[serde(default)]
    last_sequence: u64,
}

impl From<Provider> for ProviderRecord {
    fn from(p: Provider) -> Self {
        Self {
            id: p.id,
            kind: p.kind,
            status: p.status,
            enabled: p.enabled,
            issued_to: p.issued_to.map(String::from),
            settings: p.settings.into(),
            created_at: p.created_at,
            revised_at: p.revised_at,
            members: p.members.into_iter().map(ProviderUserRecord::from).collect(),
            clients: p.clients.into_iter().map(ClientRecord::from).collect(),
            seat_minimums: p.seat_minimums,
            last_sequence: p.last_sequence,
        }
    }
}

impl TryFrom<ProviderRecord> for Provider {
    type Error = Error;

    fn try_from(r: ProviderRecord) -> Result<Self, Self::Error> {
        let provider = Self {
            id: r.id,
            kind: r.kind,
            status: r.status,
            enabled: r.enabled,
            issued_to: r.issued_to.as_deref().map(Email::new).transpose()?,
            settings: r.settings.try_into()?,
            created_at: r.created_at,
            revised_at: r.revised_at,
            members: r.members.into_iter().map(ProviderUser::try_from).collect::<Result<_, _>>()?,
            clients: r.clients.into_iter().map(ClientOrganization::try_from).collect::<Result<_, _>>()?,
            seat_minimums: r.seat_minimums,
            last_sequence: r.last_sequence,
        };
        provider.check_invariants()?;
        Ok(provider)
    }
}

fn invalid(detail: String) -> Error {
    Error::Provider(ProviderError::InvalidRecord { detail })
}

impl Provider {
    /// Issues a new provider, as the vendor does: pending, enabled, with no team yet, to be set
    /// up by the person at `issued_to`.
    pub fn issue(
        id: ProviderId,
        kind: ProviderType,
        settings: ProviderSettings,
        issued_to: Email,
        now: DateTime<Utc>,
    ) -> (Self, Vec<Event>) {
        let mut provider = Self {
            id,
            kind,
            status: ProviderStatus::Pending,
            enabled: true,
            issued_to: Some(issued_to),
            settings,
            created_at: now,
            revised_at: now,
            members: Vec::new(),
            clients: Vec::new(),
            seat_minimums: BTreeMap::new(),
            last_sequence: 0,
        };
        let event = provider.event(EventKind::ProviderIssued, Actor::System, Subject::Provider(id), now);
        (provider, vec![event])
    }

    /// Assembles a provider from stored parts (the interop reader's path), checking every
    /// invariant as deserialization does.
    #[expect(clippy::too_many_arguments, reason = "one argument per stored part; crate-internal")]
    pub(crate) fn from_parts(
        kind: ProviderType,
        status: ProviderStatus,
        enabled: bool,
        settings: ProviderSettings,
        id: ProviderId,
        (created_at, revised_at): (DateTime<Utc>, DateTime<Utc>),
        members: Vec<ProviderUser>,
        clients: Vec<ClientOrganization>,
    ) -> Result<Self, Error> {
        let provider = Self {
            id,
            kind,
            status,
            enabled,
            issued_to: None,
            settings,
            created_at,
            revised_at,
            members,
            clients,
            seat_minimums: BTreeMap::new(),
            last_sequence: 0,
        };
        provider.check_invariants()?;
        Ok(provider)
    }

    /// Reads a provider from mspkit's JSON, checking every invariant. JSON of the wrong shape
    /// (syntax, unknown fields, unknown enum names) is refused with `portfolio_invalid`; a value
    /// that breaks an invariant with that invariant's own error (`seats_below_occupied`,
    /// `email_invalid`, `invalid_member_record`, …).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let record: ProviderRecord = serde_json::from_str(json)
            .map_err(|e| Error::Portfolio(PortfolioError::Invalid { detail: e.to_string() }))?;
        Self::try_from(record)
    }

    // ---- queries ----

    /// The provider's id.
    pub fn id(&self) -> ProviderId {
        self.id
    }

    /// Its kind.
    pub fn kind(&self) -> ProviderType {
        self.kind
    }

    /// Its lifecycle state.
    pub fn status(&self) -> ProviderStatus {
        self.status
    }

    /// Whether it is enabled (a disabled provider's members may do nothing).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The person the vendor issued the provider to, who sets it up; `None` for a provider read
    /// from the reference server's documents, which do not carry it.
    pub fn issued_to(&self) -> Option<&Email> {
        self.issued_to.as_ref()
    }

    /// Its settings.
    pub fn settings(&self) -> &ProviderSettings {
        &self.settings
    }

    /// Its name.
    pub fn name(&self) -> &str {
        self.settings.name()
    }

    /// When it was issued.
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// When it last changed.
    pub fn revised_at(&self) -> DateTime<Utc> {
        self.revised_at
    }

    /// Its team.
    pub fn members(&self) -> &[ProviderUser] {
        &self.members
    }

    /// One member.
    pub fn member(&self, id: ProviderUserId) -> Option<&ProviderUser> {
        self.members.iter().find(|m| m.id() == id)
    }

    /// The member invited with `email`, compared case-insensitively.
    pub fn member_by_email(&self, email: &Email) -> Option<&ProviderUser> {
        self.members.iter().find(|m| m.email() == email)
    }

    /// Its client organizations.
    pub fn clients(&self) -> &[ClientOrganization] {
        &self.clients
    }

    /// One client organization.
    pub fn client(&self, id: OrganizationId) -> Option<&ClientOrganization> {
        self.clients.iter().find(|c| c.id() == id)
    }

    /// The number of confirmed (non-revoked) provider admins.
    pub fn confirmed_admin_count(&self) -> usize {
        self.members.iter().filter(|m| m.is_confirmed_admin()).count()
    }

    /// The sequence number of the latest event.
    pub fn last_sequence(&self) -> u64 {
        self.last_sequence
    }

    /// Whether the reference would record this provider's events (enabled and using events).
    pub fn records_events(&self) -> bool {
        self.enabled && self.settings.use_events()
    }

    /// The seat minimums that were set, by plan.
    pub fn seat_minimums(&self) -> &BTreeMap<PlanType, u32> {
        &self.seat_minimums
    }

    /// The seat minimum of `plan` (0 when none was set).
    pub fn seat_minimum(&self, plan: PlanType) -> u32 {
        self.seat_minimums.get(&plan).copied().unwrap_or(0)
    }

    /// Seat figures of one plan.
    pub fn plan_seats(&self, plan: PlanType) -> PlanSeats {
        let on_plan = self.clients.iter().filter(|c| c.plan() == plan);
        let assigned_seats = on_plan.clone().map(ClientOrganization::seats).fold(0u32, u32::saturating_add);
        let occupied_seats = on_plan.map(ClientOrganization::occupied_seats).fold(0u32, u32::saturating_add);
        let seat_minimum = self.seat_minimum(plan);
        PlanSeats {
            plan,
            seat_minimum,
            assigned_seats,
            occupied_seats,
            purchased_seats: assigned_seats.saturating_sub(seat_minimum),
            unassigned_seats: seat_minimum.saturating_sub(assigned_seats),
        }
    }

    /// Seat figures of every plan that has a minimum or a client.
    pub fn seat_summary(&self) -> Vec<PlanSeats> {
        let plans: BTreeSet<PlanType> = self
            .seat_minimums
            .keys()
            .copied()
            .chain(self.clients.iter().map(ClientOrganization::plan))
            .collect();
        plans.into_iter().map(|plan| self.plan_seats(plan)).collect()
    }

    /// What a person should look at: fewer than two confirmed admins, expired invitations,
    /// members waiting for confirmation, full clients, a disabled or pending provider.
    pub fn warnings(&self, now: DateTime<Utc>) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if self.status == ProviderStatus::Pending {
            warnings.push(Warning::NotSetUp);
        } else if self.confirmed_admin_count() < 2 {
            warnings.push(Warning::FewConfirmedAdmins { confirmed_admins: self.confirmed_admin_count() });
        }
        if !self.enabled {
            warnings.push(Warning::ProviderDisabled);
        }
        for m in &self.members {
            if m.invitation_expired(now) {
                warnings.push(Warning::InvitationExpired { member: m.id(), email: m.email().clone() });
            } else if m.status() == ProviderUserStatus::Accepted {
                warnings.push(Warning::AwaitingConfirmation { member: m.id(), email: m.email().clone() });
            }
        }
        for c in &self.clients {
            if c.is_full() {
                warnings.push(Warning::ClientFull { client: c.id(), name: c.name().to_owned() });
            }
        }
        warnings
    }

    // ---- helpers ----

    fn event(&mut self, kind: EventKind, actor: Actor, subject: Subject, now: DateTime<Utc>) -> Event {
        self.last_sequence = self.last_sequence.saturating_add(1);
        self.revised_at = now;
        Event { provider: self.id, sequence: self.last_sequence, kind, actor, subject, at: now }
    }

    /// A new id, derived from the provider's id and the next event's sequence number, so a
    /// command gives the same ids whenever it is replayed (and the core needs no randomness).
    fn derive_id(&self, kind: &str, offset: u64) -> Uuid {
        let name = format!("{kind}:{}", self.last_sequence.saturating_add(offset).saturating_add(1));
        Uuid::new_v5(&self.id.uuid(), name.as_bytes())
    }

    /// A member id not yet in the team. Derived ids are unique as long as `last_sequence` only
    /// grows, but a stored provider may come back with an older (or missing) sequence number.
    fn fresh_member_id(&self) -> ProviderUserId {
        let mut offset = 0u64;
        loop {
            let id = ProviderUserId::new(self.derive_id("provider_user", offset));
            if self.member(id).is_none() {
                return id;
            }
            offset = offset.saturating_add(1);
        }
    }

    /// A client id not yet among the clients (see [`Self::fresh_member_id`]).
    fn fresh_client_id(&self) -> OrganizationId {
        let mut offset = 0u64;
        loop {
            let id = OrganizationId::new(self.derive_id("organization", offset));
            if self.client(id).is_none() {
                return id;
            }
            offset = offset.saturating_add(1);
        }
    }

    fn allow(&self, actor: ProviderUserId, action: Action, target: Target) -> Result<(), Error> {
        authorize(self, actor, action, target).map_err(Error::Denied)
    }

    fn member_index(&self, id: ProviderUserId) -> Result<usize, Error> {
        self.members
            .iter()
            .position(|m| m.id() == id)
            .ok_or(Error::Team(TeamError::MemberNotFound { member: id }))
    }

    /// Drops a client that left the provider from every service user's scope (a scope that
    /// becomes empty stays empty: that service user reaches no client until given one).
    fn forget_client_in_scopes(&mut self, client: OrganizationId) {
        for scope in self.members.iter_mut().filter_map(|m| m.client_scope.as_mut()) {
            scope.remove(&client);
        }
    }

    fn member_mut(&mut self, id: ProviderUserId) -> Result<&mut ProviderUser, Error> {
        self.members
            .iter_mut()
            .find(|m| m.id() == id)
            .ok_or(Error::Team(TeamError::MemberNotFound { member: id }))
    }

    fn client_index(&self, id: OrganizationId) -> Result<usize, Error> {
        self.clients
            .iter()
            .position(|c| c.id() == id)
            .ok_or(Error::Client(ClientError::NotFound { client: id }))
    }

    fn require_set_up(&self) -> Result<(), Error> {
        if self.status == ProviderStatus::Pending {
            return Err(Error::Provider(ProviderError::NotSetUp));
        }
        Ok(())
    }

    fn require_consolidated_billing(&self) -> Result<(), Error> {
        if self.kind.has_consolidated_billing() && self.status != ProviderStatus::Billable {
            return Err(Error::Provider(ProviderError::NotBillable { status: self.status }));
        }
        Ok(())
    }

    /// Refuses a change after which no confirmed, non-revoked admin would remain.
    fn keep_an_admin(&self, losing: &[ProviderUserId]) -> Result<(), Error> {
        let remaining =
            self.members.iter().filter(|m| m.is_confirmed_admin() && !losing.contains(&m.id())).count();
        let loses_one = self.members.iter().any(|m| m.is_confirmed_admin() && losing.contains(&m.id()));
        if loses_one && remaining == 0 {
            return Err(Error::Team(TeamError::LastConfirmedAdmin));
        }
        Ok(())
    }

    fn check_invariants(&self) -> Result<(), Error> {
        if self.status == ProviderStatus::Pending && !(self.members.is_empty() && self.clients.is_empty()) {
            return Err(invalid(
                "a pending provider has no team and no clients until the person it was issued to sets it up"
                    .to_owned(),
            ));
        }
        let mut ids = BTreeSet::new();
        let mut emails = BTreeSet::new();
        let mut users = BTreeSet::new();
        for m in &self.members {
            if !ids.insert(m.id()) {
                return Err(invalid(format!("member `{}` appears twice", m.id())));
            }
            if !emails.insert(m.email().clone()) {
                return Err(invalid(format!("email `{}` appears twice in the team", m.email())));
            }
            if let Some(user) = m.user_id()
                && !users.insert(user)
            {
                return Err(invalid(format!("account `{user}` holds two memberships in the team")));
            }
            m.check()?;
        }
        if self.status != ProviderStatus::Pending && self.confirmed_admin_count() == 0 {
            return Err(invalid(
                "a provider that is set up needs at least one confirmed provider admin".to_owned(),
            ));
        }
        let mut client_ids = BTreeSet::new();
        for c in &self.clients {
            if !client_ids.insert(c.id()) {
                return Err(invalid(format!("client `{}` appears twice", c.id())));
            }
            c.check()?;
            if !self.kind.allows_plan(c.plan()) {
                return Err(Error::Client(ClientError::PlanNotAllowed { plan: c.plan(), kind: self.kind }));
            }
            // An MSP's or business unit's clients are disabled with it (a reseller's are not).
            if !self.enabled && self.kind != ProviderType::Reseller && c.enabled() {
                return Err(invalid(format!(
                    "client `{}` is enabled but its provider, of kind `{}`, is disabled; its clients are disabled with it",
                    c.id(),
                    self.kind.name()
                )));
            }
        }
        for m in &self.members {
            if let Some(stray) = m.client_scope().into_iter().flatten().find(|id| self.client(**id).is_none())
            {
                return Err(invalid(format!(
                    "member `{}` is scoped to `{stray}`, which is not a client",
                    m.id()
                )));
            }
        }
        for plan in self.seat_minimums.keys() {
            if !self.kind.has_consolidated_billing() || !self.kind.allows_plan(*plan) {
                return Err(invalid(format!(
                    "a provider of kind `{}` has no seat minimum for `{}`",
                    self.kind.name(),
                    plan.name()
                )));
            }
        }
        Ok(())
    }

    /// Exports events of this provider's log as CSV (provider admins only). An event of another
    /// provider refuses the whole export (`foreign_event`).
    pub fn export_events(&self, actor: ProviderUserId, events: &[Event]) -> Result<String, Error> {
        self.allow(actor, Action::ExportProviderEvents, Target::Provider)?;
        if let Some(foreign) = events.iter().find(|e| e.provider != self.id) {
            return Err(Error::Provider(ProviderError::ForeignEvent {
                sequence: foreign.sequence,
                provider: foreign.provider,
            }));
        }
        Ok(crate::event::events_to_csv(events))
    }

    // ---- provider lifecycle ----

    /// Sets up a pending provider: the person it was issued to (the account's `email` must be
    /// the address it was issued to, compared case-insensitively) becomes its first confirmed
    /// provider admin, and the status becomes `created`.
    pub fn set_up(&mut self, user: UserId, email: &Email, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        if self.status != ProviderStatus::Pending {
            return Err(Error::Provider(ProviderError::AlreadySetUp));
        }
        match &self.issued_to {
            None => return Err(Error::Provider(ProviderError::IssuedToUnknown)),
            Some(issued_to) if issued_to != email => {
                return Err(Error::Provider(ProviderError::SetupEmailMismatch {
                    issued_to: issued_to.clone(),
                    given: email.clone(),
                }));
            }
            Some(_) => {}
        }
        if self.member_by_email(email).is_some() {
            return Err(Error::Team(TeamError::AlreadyMember { email: email.clone() }));
        }
        let id = self.fresh_member_id();
        self.members.push(ProviderUser {
            id,
            email: email.clone(),
            name: None,
            user_id: Some(user),
            role: ProviderUserType::ProviderAdmin,
            status: ProviderUserStatus::Confirmed,
            status_before_revoke: None,
            invited_at: now,
            invitation_expires_at: None,
            public_key_fingerprint: None,
            client_scope: None,
        });
        self.status = ProviderStatus::Created;
        Ok(vec![self.event(EventKind::ProviderSetUp, Actor::User(user), Subject::Member(id), now)])
    }

    /// Replaces the settings (provider admins only).
    pub fn update_settings(
        &mut self,
        actor: ProviderUserId,
        settings: ProviderSettings,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::EditProviderSettings, Target::Provider)?;
        self.settings = settings;
        Ok(vec![self.event(
            EventKind::ProviderUpdated,
            Actor::Member(actor),
            Subject::Provider(self.id),
            now,
        )])
    }

    /// Marks the provider billable once its subscription runs (the vendor's or billing system's
    /// action): created → billable.
    pub fn mark_billable(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        match self.status {
            ProviderStatus::Pending => Err(Error::Provider(ProviderError::NotSetUp)),
            ProviderStatus::Billable => Ok(Vec::new()),
            ProviderStatus::Created => {
                self.status = ProviderStatus::Billable;
                Ok(vec![self.event(
                    EventKind::ProviderStatusChanged,
                    Actor::System,
                    Subject::Provider(self.id),
                    now,
                )])
            }
        }
    }

    /// Enables or disables the provider (the vendor's or billing system's action). An MSP's or
    /// business unit's clients follow; a reseller's are not touched. Setting the current value
    /// again changes nothing and returns no event.
    pub fn set_enabled(&mut self, enabled: bool, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        if self.enabled == enabled {
            return Ok(Vec::new());
        }
        self.enabled = enabled;
        let kind = if enabled { EventKind::ProviderEnabled } else { EventKind::ProviderDisabled };
        let mut events = vec![self.event(kind, Actor::System, Subject::Provider(self.id), now)];
        if self.kind != ProviderType::Reseller {
            let changed: Vec<OrganizationId> = self
                .clients
                .iter_mut()
                .filter(|c| c.enabled != enabled)
                .map(|c| {
                    c.enabled = enabled;
                    c.id
                })
                .collect();
            for id in changed {
                events.push(self.event(
                    EventKind::ClientEnabledChanged,
                    Actor::System,
                    Subject::Client(id),
                    now,
                ));
            }
        }
        Ok(events)
    }

    /// Checks that the provider may be deleted and returns the deletion event; the caller then
    /// drops it. A pending provider may be deleted directly (`actor` `None`, the vendor);
    /// otherwise only a provider admin may, and only when no client organization is left.
    pub fn delete(&mut self, actor: Option<ProviderUserId>, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        let by = match actor {
            Some(actor) => {
                self.allow(actor, Action::DeleteProvider, Target::Provider)?;
                Actor::Member(actor)
            }
            None if self.status == ProviderStatus::Pending => Actor::System,
            None => return Err(Error::Provider(ProviderError::DeleteNeedsAdmin)),
        };
        if !self.clients.is_empty() {
            return Err(Error::Provider(ProviderError::HasClients { clients: self.clients.len() }));
        }
        Ok(vec![self.event(EventKind::ProviderDeleted, by, Subject::Provider(self.id), now)])
    }

    // ---- team ----

    /// Invites 1–20 people as members with one role (provider admins only). Each email is
    /// trimmed and compared case-insensitively; one already in the team, or twice in the batch,
    /// refuses the whole batch. Invitations expire 120 hours after `now`.
    pub fn invite(
        &mut self,
        actor: ProviderUserId,
        emails: &[&str],
        role: ProviderUserType,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        if emails.is_empty() {
            return Err(Error::Team(TeamError::EmptyBatch));
        }
        if emails.len() > MAX_INVITES_PER_BATCH {
            return Err(Error::Team(TeamError::BatchTooLarge { count: emails.len() }));
        }
        let mut batch: Vec<Email> = Vec::with_capacity(emails.len());
        for raw in emails {
            let email = Email::new(raw)?;
            if batch.contains(&email) {
                return Err(Error::Team(TeamError::DuplicateInBatch { email }));
            }
            if self.member_by_email(&email).is_some() {
                return Err(Error::Team(TeamError::AlreadyMember { email }));
            }
            batch.push(email);
        }
        let mut events = Vec::with_capacity(batch.len());
        for email in batch {
            let id = self.fresh_member_id();
            self.members.push(ProviderUser {
                id,
                email,
                name: None,
                user_id: None,
                role,
                status: ProviderUserStatus::Invited,
                status_before_revoke: None,
                invited_at: now,
                invitation_expires_at: Some(invitation_expiry(now)),
                public_key_fingerprint: None,
                client_scope: None,
            });
            events.push(self.event(EventKind::MemberInvited, Actor::Member(actor), Subject::Member(id), now));
        }
        Ok(events)
    }

    /// Sends a pending invitation again, renewing its expiry (provider admins only).
    pub fn reinvite(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        let m = self.member_mut(member)?;
        if m.status != ProviderUserStatus::Invited {
            return Err(Error::Team(TeamError::NotInvited { member, status: m.status }));
        }
        m.invited_at = now;
        m.invitation_expires_at = Some(invitation_expiry(now));
        Ok(vec![self.event(EventKind::MemberReinvited, Actor::Member(actor), Subject::Member(member), now)])
    }

    /// The invited person accepts: the account's email must match the invitation and the
    /// invitation must not have expired. Invited → accepted.
    pub fn accept(
        &mut self,
        member: ProviderUserId,
        user: UserId,
        email: &Email,
        public_key_fingerprint: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let m = self.member_mut(member)?;
        if m.status != ProviderUserStatus::Invited {
            return Err(Error::Team(TeamError::NotInvited { member, status: m.status }));
        }
        if &m.email != email {
            return Err(Error::Team(TeamError::EmailMismatch {
                invited: m.email.clone(),
                given: email.clone(),
            }));
        }
        if m.invitation_expired(now) {
            return Err(Error::Team(TeamError::InvitationExpired { email: m.email.clone() }));
        }
        m.status = ProviderUserStatus::Accepted;
        m.user_id = Some(user);
        m.invitation_expires_at = None;
        m.public_key_fingerprint =
            public_key_fingerprint.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty());
        Ok(vec![self.event(EventKind::MemberAccepted, Actor::User(user), Subject::Member(member), now)])
    }

    /// Confirms an accepted member (provider admins only). When the member gave a public-key
    /// fingerprint and the admin passes the phrase they compared, the two must match.
    pub fn confirm(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        fingerprint: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        let m = self.member_mut(member)?;
        if m.status != ProviderUserStatus::Accepted {
            return Err(Error::Team(TeamError::NotAccepted { member, status: m.status }));
        }
        if let (Some(expected), Some(given)) = (m.public_key_fingerprint.as_deref(), fingerprint)
            && expected != given.trim()
        {
            return Err(Error::Team(TeamError::FingerprintMismatch { member }));
        }
        m.status = ProviderUserStatus::Confirmed;
        Ok(vec![self.event(EventKind::MemberConfirmed, Actor::Member(actor), Subject::Member(member), now)])
    }

    /// Revokes a membership: it is kept but grants nothing until restored (provider admins only;
    /// never the last confirmed admin).
    pub fn revoke(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        self.member_index(member)?;
        self.keep_an_admin(&[member])?;
        let m = self.member_mut(member)?;
        if m.status == ProviderUserStatus::Revoked {
            return Err(Error::Team(TeamError::AlreadyRevoked { member }));
        }
        m.status_before_revoke = Some(m.status);
        m.status = ProviderUserStatus::Revoked;
        Ok(vec![self.event(EventKind::MemberRevoked, Actor::Member(actor), Subject::Member(member), now)])
    }

    /// Restores a revoked membership to the state it had (provider admins only).
    pub fn restore(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        let m = self.member_mut(member)?;
        if m.status != ProviderUserStatus::Revoked {
            return Err(Error::Team(TeamError::NotRevoked { member }));
        }
        m.status = m.status_before_revoke.take().unwrap_or(ProviderUserStatus::Invited);
        Ok(vec![self.event(EventKind::MemberRestored, Actor::Member(actor), Subject::Member(member), now)])
    }

    /// Changes a member's role (provider admins only; never demotes the last confirmed admin).
    /// Promoting a scoped service user drops its scope. The same role again is a no-op.
    pub fn change_role(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        role: ProviderUserType,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        self.member_index(member)?;
        if role == ProviderUserType::ServiceUser {
            self.keep_an_admin(&[member])?;
        }
        let m = self.member_mut(member)?;
        if m.role == role {
            return Ok(Vec::new());
        }
        m.role = role;
        if role == ProviderUserType::ProviderAdmin {
            m.client_scope = None;
        }
        Ok(vec![self.event(EventKind::MemberUpdated, Actor::Member(actor), Subject::Member(member), now)])
    }

    /// Scopes a service user to the given clients, or (`None`) lets it reach every client
    /// (provider admins only). Every client in the scope must be a client of this provider.
    pub fn set_client_scope(
        &mut self,
        actor: ProviderUserId,
        member: ProviderUserId,
        scope: Option<BTreeSet<OrganizationId>>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        self.member_index(member)?;
        if let Some(unknown) = scope.iter().flatten().find(|id| self.client(**id).is_none()) {
            return Err(Error::Client(ClientError::NotFound { client: *unknown }));
        }
        let m = self.member_mut(member)?;
        if m.role == ProviderUserType::ProviderAdmin && scope.is_some() {
            return Err(Error::Team(TeamError::ScopeNeedsServiceUser { member }));
        }
        m.client_scope = scope;
        Ok(vec![self.event(EventKind::MemberUpdated, Actor::Member(actor), Subject::Member(member), now)])
    }

    /// Removes members (provider admins only). The batch is checked as a whole: it may not
    /// remove every confirmed admin.
    pub fn remove(
        &mut self,
        actor: ProviderUserId,
        members: &[ProviderUserId],
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::ManageTeam, Target::Provider)?;
        if members.is_empty() {
            return Err(Error::Team(TeamError::EmptyBatch));
        }
        for member in members {
            self.member_index(*member)?;
        }
        self.keep_an_admin(members)?;
        self.members.retain(|m| !members.contains(&m.id()));
        let unique: BTreeSet<ProviderUserId> = members.iter().copied().collect();
        Ok(unique
            .into_iter()
            .map(|member| {
                self.event(EventKind::MemberRemoved, Actor::Member(actor), Subject::Member(member), now)
            })
            .collect())
    }

    /// A member leaves the provider by themselves (any state; never the last confirmed admin).
    pub fn leave(&mut self, member: ProviderUserId, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.member_index(member)?;
        self.keep_an_admin(&[member])?;
        self.members.retain(|m| m.id() != member);
        Ok(vec![self.event(EventKind::MemberLeft, Actor::Member(member), Subject::Member(member), now)])
    }

    // ---- clients ----

    /// Creates a client organization (provider admins only; an MSP or business unit must be
    /// billable). Its owner is invited as Owner, it takes the provider's billing email and is
    /// marked managed; a provider without a billing email is refused (`billing_email_missing`).
    pub fn create_client(
        &mut self,
        actor: ProviderUserId,
        new: NewClient,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::CreateClient, Target::Provider)?;
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        let name = check_client_name(&new.name)?;
        if !self.kind.allows_plan(new.plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed { plan: new.plan, kind: self.kind }));
        }
        if new.seats == 0 {
            return Err(Error::Client(ClientError::SeatsZero));
        }
        let billing_email =
            self.settings.billing_email().cloned().ok_or(Error::Provider(ProviderError::NoBillingEmail))?;
        let id = self.fresh_client_id();
        let first_collection =
            new.first_collection.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        self.clients.push(ClientOrganization {
            id,
            name,
            plan: new.plan,
            seats: new.seats,
            billing_email: Some(billing_email),
            enabled: self.enabled,
            managed: true,
            members: vec![ClientMember::new(
                new.owner_email,
                OrganizationUserType::Owner,
                OrganizationUserStatus::Invited,
            )],
            unlisted_occupied_seats: 0,
            created_at: now,
            first_collection,
        });
        Ok(vec![self.event(EventKind::ClientCreated, Actor::Member(actor), Subject::Client(id), now)])
    }

    /// Adds an existing organization as a client (provider admins who are also confirmed owners
    /// of it). It needs an active Teams or Enterprise subscription and no provider yet; an MSP
    /// moves it to the monthly plan of its tier. Its seats count once toward assigned seats.
    pub fn add_existing_client(
        &mut self,
        actor: ProviderUserId,
        organization: ExistingOrganization,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AddExistingClient, Target::Provider)?;
        self.require_set_up()?;
        self.require_consolidated_billing()?;
        let actor_email = self
            .member(actor)
            .map(|m| m.email().clone())
            .ok_or(Error::Team(TeamError::MemberNotFound { member: actor }))?;
        if !organization.members.iter().any(|m| m.is_confirmed_owner() && m.email == actor_email) {
            return Err(Error::Client(ClientError::NotOwner { organization: organization.id }));
        }
        if self.client(organization.id).is_some() || organization.linked_to_provider {
            return Err(Error::Client(ClientError::AlreadyLinked { organization: organization.id }));
        }
        if !organization.subscription_active {
            return Err(Error::Client(ClientError::SubscriptionInactive { organization: organization.id }));
        }
        let plan = self
            .kind
            .plan_for_added(organization.plan)
            .ok_or(Error::Client(ClientError::PlanNotAllowed { plan: organization.plan, kind: self.kind }))?;
        let name = check_client_name(&organization.name)?;
        if let Some(email) = first_duplicate_member(&organization.members) {
            return Err(Error::Client(ClientError::MemberExists {
                client: organization.id,
                email: email.clone(),
            }));
        }
        let occupied = u32::try_from(organization.members.iter().filter(|m| m.occupies_seat()).count())
            .unwrap_or(u32::MAX);
        if organization.seats == 0 {
            return Err(Error::Client(ClientError::SeatsZero));
        }
        if organization.seats < occupied {
            return Err(Error::Client(ClientError::SeatsBelowOccupied {
                client: organization.id,
                requested: organization.seats,
                occupied,
            }));
        }
        let billing_email = match (self.kind.has_consolidated_billing(), self.settings.billing_email()) {
            (true, Some(email)) => email.clone(),
            _ => organization.billing_email.clone(),
        };
        let id = organization.id;
        self.clients.push(ClientOrganization {
            id,
            name,
            plan,
            seats: organization.seats,
            billing_email: Some(billing_email),
            enabled: self.enabled,
            managed: false,
            members: organization.members,
            unlisted_occupied_seats: 0,
            created_at: now,
            first_collection: None,
        });
        Ok(vec![self.event(EventKind::ClientAdded, Actor::Member(actor), Subject::Client(id), now)])
    }

    /// Whether giving a client on `plan` `to` seats instead of `from` results in a purchase: the
    /// plan's assigned total ends above the minimum and above where it was.
    pub fn is_purchase(&self, plan: PlanType, from: u32, to: u32) -> bool {
        let before = self.plan_seats(plan).assigned_seats;
        let after = before.saturating_sub(from).saturating_add(to);
        after > self.seat_minimum(plan) && after > before
    }

    /// Changes a client's seats. Never below 1 nor below its occupied seats; a service user may
    /// not make a change that results in a purchase.
    pub fn set_client_seats(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        seats: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let target = Target::Client(client);
        self.allow(actor, Action::ChangeClientSeats { purchase: false }, target)?;
        self.require_consolidated_billing()?;
        let index = self.client_index(client)?;
        let c = self.clients.get(index).ok_or(Error::Client(ClientError::NotFound { client }))?;
        if seats == 0 {
            return Err(Error::Client(ClientError::SeatsZero));
        }
        if seats < c.occupied_seats() {
            return Err(Error::Client(ClientError::SeatsBelowOccupied {
                client,
                requested: seats,
                occupied: c.occupied_seats(),
            }));
        }
        if seats == c.seats() {
            return Ok(Vec::new());
        }
        let purchase = self.is_purchase(c.plan(), c.seats(), seats);
        self.allow(actor, Action::ChangeClientSeats { purchase }, target)?;
        if let Some(c) = self.clients.get_mut(index) {
            c.seats = seats;
        }
        Ok(vec![self.event(
            EventKind::ClientSeatsChanged,
            Actor::Member(actor),
            Subject::Client(client),
            now,
        )])
    }

    /// Adds a member to a client organization (anyone who may administer the client). Clients of
    /// a provider do not autoscale: with no free seat the member is refused (`no_free_seats`).
    pub fn add_client_member(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        member: ClientMember,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        let index = self.client_index(client)?;
        let c = self.clients.get_mut(index).ok_or(Error::Client(ClientError::NotFound { client }))?;
        if c.members.iter().any(|m| m.email == member.email) {
            return Err(Error::Client(ClientError::MemberExists { client, email: member.email }));
        }
        if member.occupies_seat() && c.is_full() {
            return Err(Error::Client(ClientError::NoFreeSeats { client, seats: c.seats }));
        }
        c.members.push(member);
        Ok(vec![self.event(EventKind::ClientMemberAdded, Actor::Member(actor), Subject::Client(client), now)])
    }

    /// Removes a member from a client organization (anyone who may administer the client).
    pub fn remove_client_member(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        email: &Email,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::AdministerClient, Target::Client(client))?;
        let index = self.client_index(client)?;
        let c = self.clients.get_mut(index).ok_or(Error::Client(ClientError::NotFound { client }))?;
        let before = c.members.len();
        c.members.retain(|m| &m.email != email);
        if c.members.len() == before {
            return Err(Error::Client(ClientError::MemberNotFound { client, email: email.clone() }));
        }
        Ok(vec![self.event(
            EventKind::ClientMemberRemoved,
            Actor::Member(actor),
            Subject::Client(client),
            now,
        )])
    }

    /// Unlinks a client (provider admins only). The client needs a confirmed owner who is not a
    /// provider member; its billing email becomes the alphabetically first such owner's, and its
    /// seats leave the provider's assigned seats.
    pub fn unlink_client(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
    ) -> Result<(ClientOrganization, Vec<Event>), Error> {
        self.allow(actor, Action::UnlinkClient, Target::Client(client))?;
        let index = self.client_index(client)?;
        let c = self.clients.get(index).ok_or(Error::Client(ClientError::NotFound { client }))?;
        let owner = c
            .confirmed_owner_emails()
            .into_iter()
            .find(|email| self.member_by_email(email).is_none())
            .cloned()
            .ok_or(Error::Client(ClientError::NoConfirmedOwner { client }))?;
        let mut unlinked = self.clients.remove(index);
        self.forget_client_in_scopes(client);
        unlinked.billing_email = Some(owner);
        unlinked.managed = false;
        let event = self.event(EventKind::ClientUnlinked, Actor::Member(actor), Subject::Client(client), now);
        Ok((unlinked, vec![event]))
    }

    /// Deletes a client organization (provider admins only).
    pub fn delete_client(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::DeleteClient, Target::Client(client))?;
        let index = self.client_index(client)?;
        self.clients.remove(index);
        self.forget_client_in_scopes(client);
        Ok(vec![self.event(EventKind::ClientDeleted, Actor::Member(actor), Subject::Client(client), now)])
    }

    /// Sets a plan's seat minimum (provider admins through billing, or the vendor with `actor`
    /// `None`). Only providers with consolidated billing have minimums, and only for the plans
    /// their clients may hold.
    pub fn set_seat_minimum(
        &mut self,
        actor: Option<ProviderUserId>,
        plan: PlanType,
        minimum: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        let by = match actor {
            Some(actor) => {
                self.allow(actor, Action::ManageBilling, Target::Provider)?;
                Actor::Member(actor)
            }
            None => Actor::System,
        };
        if !self.kind.has_consolidated_billing() {
            return Err(Error::Provider(ProviderError::NoConsolidatedBilling));
        }
        if !self.kind.allows_plan(plan) {
            return Err(Error::Client(ClientError::PlanNotAllowed { plan, kind: self.kind }));
        }
        if self.seat_minimum(plan) == minimum {
            return Ok(Vec::new());
        }
        self.seat_minimums.insert(plan, minimum);
        Ok(vec![self.event(EventKind::SeatMinimumChanged, by, Subject::Provider(self.id), now)])
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    fn set_up() -> (Provider, ProviderUserId) {
        let settings = ProviderSettings::new("Northwind IT")
            .unwrap()
            .with_billing_email(Some(Email::new("billing@x.example").unwrap()));
        let ada = Email::new("ada@x.example").unwrap();
        let (mut p, _) = Provider::issue(
            ProviderId::new(Uuid::from_u128(1)),
            ProviderType::Msp,
            settings,
            ada.clone(),
            now(),
        );
        p.set_up(UserId::new(Uuid::from_u128(2)), &ada, now()).unwrap();
        let admin = p.members[0].id;
        (p, admin)
    }

    #[test]
    fn only_resellers_bill_their_clients_one_by_one() {
        // Codes, names and serde forms of the enums are checked for every catalogue enum in
        // `macros.rs`.
        assert!(!ProviderType::Reseller.has_consolidated_billing());
        assert!(ProviderType::Msp.has_consolidated_billing());
        assert!(ProviderType::BusinessUnit.has_consolidated_billing());
    }

    #[test]
    fn allowed_plans_per_kind() {
        let allowed = |kind: ProviderType| -> Vec<u8> {
            PlanType::all().iter().filter(|p| kind.allows_plan(**p)).map(|p| p.code()).collect()
        };
        assert_eq!(allowed(ProviderType::Msp), [17, 19]);
        assert_eq!(allowed(ProviderType::BusinessUnit), [19, 20]);
        let reseller: Vec<u8> = (0..=22).filter(|c| ![0, 1, 7, 22].contains(c)).collect();
        assert_eq!(allowed(ProviderType::Reseller), reseller);
    }

    #[test]
    fn added_plans_land_on_an_allowed_plan_or_are_refused() {
        for kind in [ProviderType::Msp, ProviderType::BusinessUnit, ProviderType::Reseller] {
            for plan in PlanType::all() {
                match kind.plan_for_added(*plan) {
                    Some(to) => {
                        assert!(kind.allows_plan(to), "{kind:?} {plan:?} → {to:?}");
                        assert_eq!(to.tier(), plan.tier());
                    }
                    None => assert!(
                        !plan.is_business() || kind == ProviderType::BusinessUnit,
                        "{kind:?} {plan:?}"
                    ),
                }
            }
        }
        assert_eq!(ProviderType::Msp.plan_for_added(PlanType::TeamsAnnually), Some(PlanType::TeamsMonthly));
        assert_eq!(
            ProviderType::Msp.plan_for_added(PlanType::EnterpriseAnnually2019),
            Some(PlanType::EnterpriseMonthly)
        );
        assert_eq!(
            ProviderType::BusinessUnit.plan_for_added(PlanType::EnterpriseAnnually2023),
            Some(PlanType::EnterpriseAnnually)
        );
        assert_eq!(ProviderType::BusinessUnit.plan_for_added(PlanType::TeamsMonthly), None);
        assert_eq!(ProviderType::Reseller.plan_for_added(PlanType::Custom), None);
    }

    #[test]
    fn keep_an_admin_counts_only_confirmed_admins_outside_the_batch() {
        let (mut p, admin) = set_up();
        assert!(p.keep_an_admin(&[admin]).is_err());
        p.invite(admin, &["b@x.example"], ProviderUserType::ProviderAdmin, now()).unwrap();
        let invited = p.members[1].id;
        assert!(p.keep_an_admin(&[invited]).is_ok());
        assert!(p.keep_an_admin(&[admin]).is_err(), "an invited admin is no replacement");
        assert!(p.keep_an_admin(&[]).is_ok());
    }

    #[test]
    fn a_revoked_member_is_checked_in_the_state_it_is_restored_to() {
        let (mut p, admin) = set_up();
        p.invite(admin, &["b@x.example", "c@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
        let (b, c) = (p.members[1].id, p.members[2].id);
        p.accept(b, UserId::new(Uuid::from_u128(3)), &Email::new("b@x.example").unwrap(), None, now())
            .unwrap();
        p.revoke(admin, b, now()).unwrap();
        p.revoke(admin, c, now()).unwrap();
        assert!(p.check_invariants().is_ok());
        let mut no_user = p.clone();
        no_user.members[1].user_id = None;
        assert!(no_user.check_invariants().is_err());
        // An invitation whose time the reference does not send has no known expiry: valid,
        // and never reported expired.
        let mut no_expiry = p.clone();
        no_expiry.members[2].invitation_expires_at = None;
        assert!(no_expiry.check_invariants().is_ok());
        assert!(!no_expiry.members[2].invitation_expired(DateTime::<Utc>::MAX_UTC));
        let mut stray = p.clone();
        stray.members[0].status_before_revoke = Some(ProviderUserStatus::Invited);
        assert_eq!(stray.check_invariants().unwrap_err().code(), "invalid_member_record");
    }

    #[test]
    fn a_client_has_each_person_once() {
        let owner = |address: &str| {
            ClientMember::new(
                Email::new(address).unwrap(),
                OrganizationUserType::Owner,
                OrganizationUserStatus::Confirmed,
            )
        };
        let members = [owner("a@x.example"), owner("b@x.example"), owner("A@x.example")];
        assert_eq!(first_duplicate_member(&members).map(Email::as_str), Some("a@x.example"));
        assert_eq!(first_duplicate_member(&members[..2]), None);
    }

    #[test]
    fn new_ids_are_fresh_even_when_the_sequence_went_back() {
        let (mut p, admin) = set_up();
        p.invite(admin, &["b@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
        p.last_sequence = 0;
        p.invite(admin, &["c@x.example", "d@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
        let ids: BTreeSet<ProviderUserId> = p.members.iter().map(ProviderUser::id).collect();
        assert_eq!(ids.len(), 4);
        assert!(p.check_invariants().is_ok());
    }

    #[test]
    fn a_client_that_leaves_leaves_every_scope() {
        let (mut p, admin) = set_up();
        p.mark_billable(now()).unwrap();
        p.invite(admin, &["su@x.example"], ProviderUserType::ServiceUser, now()).unwrap();
        let su = p.members[1].id;
        p.accept(su, UserId::new(Uuid::from_u128(3)), &Email::new("su@x.example").unwrap(), None, now())
            .unwrap();
        p.confirm(admin, su, None, now()).unwrap();
        let mut ids = Vec::new();
        for name in ["One", "Two"] {
            let new = NewClient {
                name: name.to_owned(),
                owner_email: Email::new("o@client.example").unwrap(),
                plan: PlanType::TeamsMonthly,
                seats: 3,
                first_collection: None,
            };
            p.create_client(admin, new, now()).unwrap();
            ids.push(p.clients.last().unwrap().id());
        }
        p.set_client_scope(admin, su, Some(ids.iter().copied().collect()), now()).unwrap();
        p.delete_client(admin, ids[0], now()).unwrap();
        assert_eq!(
            p.member(su).unwrap().client_scope().unwrap().iter().copied().collect::<Vec<_>>(),
            [ids[1]]
        );
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Provider>(&json).unwrap(), p);
        let mut stale: serde_json::Value = serde_json::from_str(&json).unwrap();
        stale["members"][1]["client_scope"] = serde_json::json!([ids[0]]);
        let err = serde_json::from_value::<Provider>(stale).unwrap_err().to_string();
        assert!(err.contains("is scoped to"), "{err}");
    }
}
