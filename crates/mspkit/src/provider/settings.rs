//! The provider's kind, status and settings, and the commands of its lifecycle: set up,
//! settings, billable, enabled, deleted.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Provider;
use super::team::{ProviderUser, TeamError};
use crate::email::Email;
use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{ProviderId, ProviderUserId, UserId};
use crate::permissions::{Action, Target};
use crate::plan::{Cadence, PlanType, ProductTier};

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
    /// A stored document without the key predates issue 15's default: it keeps events off.
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

/// A change of some settings, as a form or a keyword call gives it: a field left `None` keeps
/// the current value; a blank text clears an optional setting (every one but `name`, which
/// cannot be cleared). [`ProviderSettings::updated`] applies it with every check of the
/// constructors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsUpdate {
    /// The new name.
    pub name: Option<String>,
    /// The new business name (blank: none).
    pub business_name: Option<String>,
    /// The new billing email (blank: none).
    pub billing_email: Option<String>,
    /// The new billing phone (blank: none).
    pub billing_phone: Option<String>,
    /// The new first address line (blank: none).
    pub address_line1: Option<String>,
    /// The new second address line (blank: none).
    pub address_line2: Option<String>,
    /// The new third address line (blank: none).
    pub address_line3: Option<String>,
    /// The new country (blank: none).
    pub country: Option<String>,
    /// The new tax number (blank: none).
    pub tax_number: Option<String>,
    /// Whether provider events are recorded.
    pub use_events: Option<bool>,
}

impl ProviderSettings {
    /// These settings with `update` applied (see [`SettingsUpdate`]): the name, text lengths
    /// and the billing email are checked as the constructors check them.
    pub fn updated(&self, update: &SettingsUpdate) -> Result<Self, Error> {
        let keep =
            |given: &Option<String>, current: Option<&str>| given.as_deref().or(current).map(str::to_owned);
        let was = &self.address;
        let address = BusinessAddress {
            line1: keep(&update.address_line1, was.line1.as_deref()),
            line2: keep(&update.address_line2, was.line2.as_deref()),
            line3: keep(&update.address_line3, was.line3.as_deref()),
            country: keep(&update.country, was.country.as_deref()),
            tax_number: keep(&update.tax_number, was.tax_number.as_deref()),
        };
        let billing_email = match update.billing_email.as_deref().map(str::trim) {
            Some("") => None,
            Some(text) => Some(Email::new(text)?),
            None => self.billing_email.clone(),
        };
        Ok(Self::new(update.name.as_deref().unwrap_or(&self.name))?
            .with_business_name(keep(&update.business_name, self.business_name.as_deref()).as_deref())?
            .with_billing_phone(keep(&update.billing_phone, self.billing_phone.as_deref()).as_deref())?
            .with_address(&address)?
            .with_billing_email(billing_email)
            .with_use_events(update.use_events.unwrap_or(self.use_events)))
    }

    /// Settings with a name (not blank, at most 50 characters) and nothing else; events are on,
    /// as the reference's `CreateProviderCommand` sets `UseEvents` for every new provider
    /// (issue 15; [`ProviderSettings::with_use_events`] turns them off).
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
            use_events: true,
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

// ---- lifecycle commands and their application ----

impl Provider {
    /// Sets up a pending provider: the person it was issued to (the account's `email` must be
    /// the address it was issued to, compared case-insensitively) becomes its first confirmed
    /// provider admin, and the status becomes `created`. Returns the new admin's membership id.
    pub fn set_up(
        &mut self,
        user: UserId,
        email: &Email,
        now: DateTime<Utc>,
    ) -> Result<super::Created<ProviderUserId>, Error> {
        self.live()?;
        self.check_set_up(email)?;
        let member = self.fresh_member_id(self.last_sequence, &[]);
        let events = self.commit_one(
            Actor::User(user),
            now,
            Change::ProviderSetUp { member, user, email: email.clone() },
        )?;
        Ok(super::Created { id: member, events })
    }

    fn check_set_up(&self, email: &Email) -> Result<(), Error> {
        if self.status != ProviderStatus::Pending {
            return Err(Error::Provider(ProviderError::AlreadySetUp));
        }
        match &self.issued_to {
            None => Err(Error::Provider(ProviderError::IssuedToUnknown)),
            Some(issued_to) if issued_to != email => {
                Err(Error::Provider(ProviderError::SetupEmailMismatch {
                    issued_to: issued_to.clone(),
                    given: email.clone(),
                }))
            }
            Some(_) => Ok(()),
        }
    }

    /// Replaces the settings (provider admins only). The same settings again return no event.
    pub fn update_settings(
        &mut self,
        actor: ProviderUserId,
        settings: ProviderSettings,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::EditProviderSettings, Target::Provider)?;
        if settings == self.settings {
            return Ok(Vec::new());
        }
        self.commit_one(Actor::Member(actor), now, Change::ProviderUpdated { settings })
    }

    /// Marks the provider billable once its subscription runs (the vendor's or billing system's
    /// action): created → billable. An already billable provider returns no event.
    pub fn mark_billable(&mut self, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        match self.status {
            ProviderStatus::Pending => Err(Error::Provider(ProviderError::NotSetUp)),
            ProviderStatus::Billable => Ok(Vec::new()),
            ProviderStatus::Created => self.commit_one(
                Actor::System,
                now,
                Change::ProviderStatusChanged { from: ProviderStatus::Created, to: ProviderStatus::Billable },
            ),
        }
    }

    /// Enables or disables the provider (the vendor's or billing system's action). An MSP's or
    /// business unit's clients follow in the same event; a reseller's are not touched. Setting
    /// the current value again changes nothing and returns no event.
    pub fn set_enabled(&mut self, enabled: bool, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        if self.enabled == enabled {
            return Ok(Vec::new());
        }
        let change = if enabled { Change::ProviderEnabled } else { Change::ProviderDisabled };
        self.commit_one(Actor::System, now, change)
    }

    /// Checks that the provider may be deleted and returns the deletion event; the caller then
    /// drops it. A deleted provider refuses every later command and event (`provider_deleted`). A pending provider may be deleted directly (`actor` `None`, the vendor);
    /// otherwise only a provider admin may, and only when no client organization is left.
    pub fn delete(&mut self, actor: Option<ProviderUserId>, now: DateTime<Utc>) -> Result<Vec<Event>, Error> {
        self.live()?;
        let by = match actor {
            Some(actor) => {
                self.allow(actor, Action::DeleteProvider, Target::Provider)?;
                Actor::Member(actor)
            }
            None if self.status == ProviderStatus::Pending => Actor::System,
            None => return Err(Error::Provider(ProviderError::DeleteNeedsAdmin)),
        };
        self.commit_one(by, now, Change::ProviderDeleted)
    }

    // ---- application ----

    pub(super) fn apply_set_up(
        &mut self,
        member: ProviderUserId,
        user: UserId,
        email: &Email,
        at: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.check_set_up(email)?;
        self.check_fresh_member(member)?;
        if self.team.by_email(email).is_some() {
            return Err(Error::Team(TeamError::AlreadyMember { email: email.clone() }));
        }
        self.team
            .push(ProviderUser::founder(member, email.clone(), user, at))
            .map_err(|detail| Error::Team(TeamError::InvalidMember { member, detail }))?;
        self.status = ProviderStatus::Created;
        Ok(())
    }

    pub(super) fn apply_status_changed(
        &mut self,
        from: ProviderStatus,
        to: ProviderStatus,
    ) -> Result<(), Error> {
        match (self.status, from, to) {
            (ProviderStatus::Created, ProviderStatus::Created, ProviderStatus::Billable) => {
                self.status = to;
                Ok(())
            }
            (ProviderStatus::Pending, ..) => Err(Error::Provider(ProviderError::NotSetUp)),
            (current, ..) => Err(self.mismatch(format!(
                "the provider is `{}`; it cannot go from `{}` to `{}`",
                current.name(),
                from.name(),
                to.name()
            ))),
        }
    }

    pub(super) fn apply_enabled(&mut self, enabled: bool) -> Result<(), Error> {
        if self.enabled == enabled {
            let state = if enabled { "enabled" } else { "disabled" };
            return Err(self.mismatch(format!("the provider is already {state}")));
        }
        self.enabled = enabled;
        self.clients_follow();
        Ok(())
    }

    pub(super) fn apply_deleted(&mut self) -> Result<(), Error> {
        if !self.clients.is_empty() {
            return Err(Error::Provider(ProviderError::HasClients { clients: self.clients.len() }));
        }
        self.deleted = true;
        Ok(())
    }

    pub(super) fn apply_updated(&mut self, settings: &ProviderSettings) -> Result<(), Error> {
        if *settings == self.settings {
            return Err(
                self.mismatch("the settings are already these (a command records no event then)".to_owned())
            );
        }
        self.settings = settings.clone();
        Ok(())
    }
}

/// A provider command or setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProviderError {
    /// The provider name is empty.
    #[error("the provider name is blank; give it a name of 1 to 50 characters")]
    NameBlank,
    /// The provider name is too long.
    #[error("the provider name has {length} characters; the limit is 50")]
    NameTooLong {
        /// Its length in characters.
        length: usize,
    },
    /// A free-text setting is too long.
    #[error("`{field}` is longer than {max} characters")]
    SettingTooLong {
        /// The setting.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// The provider was already set up.
    #[error("the provider is already set up")]
    AlreadySetUp,
    /// Only the person a pending provider was issued to may set it up.
    #[error(
        "the provider was issued to `{issued_to}`, not to `{given}`; it is set up by the person it was issued to"
    )]
    SetupEmailMismatch {
        /// The address the provider was issued to.
        issued_to: Email,
        /// The address of the account trying to set it up.
        given: Email,
    },
    /// A pending provider that does not record whom it was issued to cannot be set up.
    #[error(
        "the provider does not record whom it was issued to, so nobody can set it up; the vendor must issue it again"
    )]
    IssuedToUnknown,
    /// The provider has not been set up yet.
    #[error("the provider has not been set up yet; its first admin must set it up first")]
    NotSetUp,
    /// Consolidated billing needs a billable provider.
    #[error(
        "the provider is `{status}`, not billable: its subscription must run before clients or seats change",
        status = status.name()
    )]
    NotBillable {
        /// The current status.
        status: ProviderStatus,
    },
    /// A reseller has no consolidated provider billing.
    #[error("a reseller has no consolidated provider billing; its clients are billed per organization")]
    NoConsolidatedBilling,
    /// A new client takes the provider's billing email, and the provider has none.
    #[error(
        "the provider has no billing email, which a new client takes; a provider admin must set one in the settings first"
    )]
    NoBillingEmail,
    /// The provider still has clients.
    #[error("the provider still has {clients} client organization(s); unlink or delete them first")]
    HasClients {
        /// How many.
        clients: usize,
    },
    /// Only a pending provider may be deleted without an admin.
    #[error(
        "only a pending provider may be deleted by the vendor; a set-up provider is deleted by a provider admin"
    )]
    DeleteNeedsAdmin,
    /// The provider was deleted: it takes no more commands or events.
    #[error("the provider was deleted; it takes no more commands or events")]
    Deleted,
    /// An event to export belongs to another provider.
    #[error(
        "event {sequence} belongs to provider `{provider}`, not to this one; export only this provider's events"
    )]
    ForeignEvent {
        /// The event's sequence number.
        sequence: u64,
        /// The provider it belongs to.
        provider: ProviderId,
    },
    /// A stored provider breaks an invariant.
    #[error("the provider record is invalid: {detail}")]
    InvalidRecord {
        /// What is wrong.
        detail: String,
    },
    /// The provider is not at the version the caller last saw: someone changed it since.
    #[error(
        "the provider is at version {actual}, not {expected}: it changed since it was read; load it again and retry"
    )]
    VersionConflict {
        /// The version the caller expected.
        expected: u64,
        /// The provider's version.
        actual: u64,
    },
}

error_codes! {
    ProviderError {
        Self::NameBlank => "provider_name_blank", InvalidInput;
        Self::NameTooLong { .. } => "provider_name_too_long", InvalidInput;
        Self::SettingTooLong { .. } => "setting_too_long", InvalidInput;
        Self::AlreadySetUp => "provider_already_set_up", Conflict;
        Self::SetupEmailMismatch { .. } => "setup_email_mismatch", Forbidden;
        Self::IssuedToUnknown => "provider_issued_to_unknown", Conflict;
        Self::NotSetUp => "provider_not_set_up", Conflict;
        Self::NotBillable { .. } => "provider_not_billable", Conflict;
        Self::NoConsolidatedBilling => "no_consolidated_billing", Conflict;
        Self::NoBillingEmail => "billing_email_missing", Conflict;
        Self::HasClients { .. } => "provider_has_clients", Conflict;
        Self::DeleteNeedsAdmin => "delete_needs_admin", Forbidden;
        Self::Deleted => "provider_deleted", Conflict;
        Self::ForeignEvent { .. } => "foreign_event", InvalidInput;
        Self::InvalidRecord { .. } => "invalid_provider_record", CorruptDocument;
        Self::VersionConflict { .. } => "version_conflict", Conflict;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference's `CreateProviderCommand` sets `UseEvents` on every provider it creates
    /// (`CreateProviderCommandTests.CreateMspAsync_Success` creates one): so do new settings.
    /// A stored document without the key keeps events off.
    #[test]
    fn new_providers_use_events_by_default() {
        assert!(ProviderSettings::new("Northwind").unwrap().use_events());
        assert!(!ProviderSettings::new("Northwind").unwrap().with_use_events(false).use_events());
        let stored: RawSettings = serde_json::from_str(r#"{"name":"Northwind"}"#).unwrap();
        assert!(!ProviderSettings::try_from(stored).unwrap().use_events());
    }

    #[test]
    fn an_update_keeps_what_it_does_not_name_and_clears_blank_text() {
        let settings = ProviderSettings::new("Northwind")
            .unwrap()
            .with_business_name(Some("Northwind Ltd"))
            .unwrap()
            .with_billing_phone(Some("+44 1"))
            .unwrap()
            .with_billing_email(Some(Email::new("b@n.example").unwrap()));
        let update = SettingsUpdate {
            billing_phone: Some(String::new()),
            country: Some("GB".into()),
            use_events: Some(true),
            ..SettingsUpdate::default()
        };
        let new = settings.updated(&update).unwrap();
        assert_eq!(new.name(), "Northwind");
        assert_eq!(new.business_name(), Some("Northwind Ltd"));
        assert_eq!(new.billing_phone(), None);
        assert_eq!(new.address().country.as_deref(), Some("GB"));
        assert_eq!(new.billing_email().map(Email::as_str), Some("b@n.example"));
        assert!(new.use_events());
        let cleared =
            settings.updated(&SettingsUpdate { billing_email: Some(" ".into()), ..Default::default() });
        assert_eq!(cleared.unwrap().billing_email(), None);
        let bad = SettingsUpdate { billing_email: Some("nope".into()), ..Default::default() };
        assert_eq!(settings.updated(&bad).unwrap_err().code(), "email_invalid");
        let blank = SettingsUpdate { name: Some("  ".into()), ..Default::default() };
        assert_eq!(settings.updated(&blank).unwrap_err().code(), "provider_name_blank");
    }
}
