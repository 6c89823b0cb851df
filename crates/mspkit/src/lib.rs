#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod access_review;
pub mod billing;
pub mod blast_radius;
pub mod category;
pub mod deployment;
pub mod document;
pub mod email;
pub mod error;
pub mod event;
pub mod event_log;
pub mod exit;
pub mod ids;
pub mod interop;
mod layout;
mod lazy_list;
pub mod password;
pub mod permissions;
pub mod plan;
pub mod policy;
pub mod portfolio;
pub mod provider;
pub mod secret;
pub mod text;
pub mod token;

/// Client organizations (the provider's `clients` area, also reachable as `mspkit::client`).
pub use provider::clients as client;
/// The provider's team (also reachable as `mspkit::team`).
pub use provider::team;

/// The chrono version mspkit uses (times are `chrono::DateTime<Utc>`), so a service needs no
/// second copy.
pub use chrono;
/// The short-text type of compliance findings and client names (`Finding::expected`,
/// `ClientCompliance::client_name`, `ClientPolicies::name`): it reads as a `&str`, and a text of
/// up to 23 bytes is kept inline, without an allocation (issue 14).
pub use smol_str::SmolStr;
/// The uuid version mspkit uses (every id wraps a `uuid::Uuid`).
pub use uuid;

pub use category::ErrorCategory;
pub use client::{
    AddableOrganization, ClientMember, ClientOrganization, Created, ExistingOrganization, NewClient,
    OrganizationUserStatus, OrganizationUserType, SeatCount,
};
pub use deployment::{
    ClientDeployment, ClientProfile, DeploymentCatalog, DeploymentError, DeploymentEvent, DeploymentPlan,
    DeploymentPortfolio, DeploymentReport, Minutes, Schedule, SetupChecklist,
};
pub use document::{DocumentError, DocumentReader};
pub use email::{Email, EmailError};
pub use error::{ClientError, Error, ProviderError, TeamError};
pub use event::{
    Actor, ActorKind, AuditRow, Change, ChangeKind, Event, EventError, EventLabels, Subject, SubjectKind,
};
pub use event_log::{EventLog, LogError};
pub use ids::{
    EventId, IdParseError, OrganizationId, OrganizationUserId, ProviderId, ProviderUserId, UserId,
};
pub use interop::{InteropError, read_reference, write_reference};
pub use permissions::{Action, Denial, DenialReason, Target, authorize};
pub use plan::{Cadence, PlanFeatures, PlanType, ProductTier};
pub use portfolio::{Portfolio, PortfolioError, PortfolioReport};
pub use provider::clients::{ClientState, ClientStateKind};
pub use provider::{
    BusinessAddress, PlanSeats, Provider, ProviderSettings, ProviderStatus, ProviderType, SettingsUpdate,
    Warning,
};
pub use secret::{SecretString, Sensitive};
pub use team::{ProviderUser, ProviderUserStatus, ProviderUserType};
pub use token::{Token, TokenError, TokenKey};

/// Compile-time proof of the thread-safety the crate documentation promises: the aggregates,
/// the events and the errors are `Send + Sync`, so a service may share them across threads
/// (behind an `Arc`, a lock, or by moving them into a blocking task).
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Provider>();
    send_sync::<Portfolio>();
    send_sync::<Event>();
    send_sync::<Change>();
    send_sync::<EventLog>();
    send_sync::<Error>();
    send_sync::<LogError>();
    send_sync::<ErrorCategory>();
    send_sync::<DeploymentPlan>();
    send_sync::<DeploymentCatalog>();
};
