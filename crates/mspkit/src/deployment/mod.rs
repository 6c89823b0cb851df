//! The customer deployment guide: the provider's standard plan for deploying the password
//! manager at one client, and everything built on it.
//!
//! - [`DeploymentCatalog`]: the phases and numbered steps of an edition of the guide. The 36-step
//!   edition is built in ([`DeploymentCatalog::builtin`]); a provider may load its own from TOML
//!   or JSON. Durations are exact whole [`Minutes`], never floats.
//! - [`ClientProfile`]: hosting, SSO, decryption, provisioning and SIEM; it decides which
//!   conditional steps ([`Condition`]) apply.
//! - [`DeploymentPlan`]: one client's step statuses with checked transitions; every command
//!   returns a [`DeploymentEvent`].
//! - [`Schedule`]: working days and hours per day; projects when each phase will finish.
//! - [`SetupChecklist`]: the initial setup of a new client organization.
//! - [`DeploymentPortfolio`] and [`DeploymentReport`]: every client's deployment in one report,
//!   and [`render_timeline_svg`], its Gantt chart.
//!
//! The module is pure: time is always an input (`now`, `today`), never read from a clock.

mod catalog;
mod checklist;
mod dates;
mod duration;
mod error;
mod plan;
mod profile;
mod report;
mod schedule;
mod svg;
mod task;

pub use catalog::{Condition, DeploymentCatalog, Phase, PhaseNumber, Step, StepNumber};
pub use checklist::{ChecklistItem, ChecklistRecord, ChecklistSource, OrganizationFacts, SetupChecklist};
pub use dates::{EARLIEST_DATE, EARLIEST_YEAR, LATEST_DATE, LATEST_YEAR, in_range as date_in_range};
pub use duration::Minutes;
pub use error::DeploymentError;
pub use plan::{
    DeploymentEvent, DeploymentEventKind, DeploymentPlan, PhaseSignOff, PhaseStatus, Progress, StepState,
    StepStatus,
};
pub use profile::{ClientProfile, Decryption, Hosting, Provisioning};
pub(crate) use report::RawClientDeployment;
pub use report::{
    ClientDeployment, DeploymentPortfolio, DeploymentReport, DeploymentRow, PortfolioClient, SortKey,
};
pub use schedule::{PhaseProjection, Projection, Schedule, Weekday};
pub use svg::{EnglishTimeline, TimelineText, render_timeline_svg, render_timeline_svg_with};
pub use task::SetupTask;
