#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod deployment;
pub mod email;
pub mod error;
pub mod ids;
pub mod secret;

pub use deployment::{
    ClientDeployment, ClientProfile, DeploymentCatalog, DeploymentError, DeploymentEvent,
    DeploymentPlan, DeploymentPortfolio, DeploymentReport, Minutes, Schedule, SetupChecklist,
};
pub use email::{Email, EmailError};
pub use error::Error;
pub use ids::{
    EventId, IdParseError, OrganizationId, OrganizationUserId, ProviderId, ProviderUserId, UserId,
};
pub use secret::{SecretString, Sensitive};
