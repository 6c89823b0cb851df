#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

#[macro_use]
mod macros;

pub mod deployment;
pub mod document;
pub mod email;
pub mod error;
pub mod event;
pub mod event_log;
pub mod ids;
pub mod interop;
pub mod password;
pub mod permissions;
pub mod plan;
pub mod policy;
pub mod portfolio;
pub mod provider;
pub mod secret;

/// Client organizations (the provider's `clients` area, also reachable as `mspkit::client`).
pub use provider::clients as client;
/// The provider's team (also reachable as `mspkit::team`).
pub use provider::team;

pub use client::{
    ClientMember, ClientOrganization, Created, ExistingOrganization, NewClient, OrganizationUserStatus,
    OrganizationUserType, SeatCount,
};
pub use deployment::{
    ClientDeployment, ClientProfile, DeploymentCatalog, DeploymentError, DeploymentEvent, DeploymentPlan,
    DeploymentPortfolio, DeploymentReport, Minutes, Schedule, SetupChecklist,
};
pub use document::{DocumentError, DocumentReader};
pub use email::{Email, EmailError};
pub use error::{ClientError, Error, ProviderError, TeamError};
pub use event::{Actor, AuditRow, Change, Event, EventError, EventLabels, Subject};
pub use event_log::{EventLog, LogError};
pub use ids::{
    EventId, IdParseError, OrganizationId, OrganizationUserId, ProviderId, ProviderUserId, UserId,
};
pub use interop::{InteropError, read_reference, write_reference};
pub use permissions::{Action, Denial, DenialReason, Target, authorize};
pub use plan::{Cadence, PlanFeatures, PlanType, ProductTier};
pub use portfolio::{Portfolio, PortfolioError, PortfolioReport};
pub use provider::{
    BusinessAddress, PlanSeats, Provider, ProviderSettings, ProviderStatus, ProviderType, SettingsUpdate,
    Warning,
};
pub use secret::{SecretString, Sensitive};
pub use team::{ProviderUser, ProviderUserStatus, ProviderUserType};
