//! The portfolio summary report (`Portfolio.report()`) as typed objects (issue 18, item 2): the
//! report and its lines hold the core's values ([`mspkit::PortfolioReport`]); `to_dict()` is
//! the dict `report()` returned before, `to_json()` the JSON `mspkit report --json` prints.

use mspkit::portfolio as core;
use pyo3::prelude::*;
use uuid::Uuid;

use crate::convert::{PyTime, to_json, to_python};
use crate::enums::{PlanType, ProviderStatus, ProviderType, ProviderUserStatus, ProviderUserType};
use crate::rows::{row_class, wrap};

row_class! {
    /// The provider as the report shows it.
    ProviderSummary(core::ProviderSummary), dict: to_python;
    {
        /// Its id.
        #[getter]
        fn id(&self) -> Uuid {
            self.inner.id.uuid()
        }

        /// Its name.
        #[getter]
        fn name(&self) -> &str {
            &self.inner.name
        }

        /// Its kind.
        #[getter]
        fn kind(&self) -> PyResult<ProviderType> {
            ProviderType::try_from(self.inner.kind)
        }

        /// Its status.
        #[getter]
        fn status(&self) -> PyResult<ProviderStatus> {
            ProviderStatus::try_from(self.inner.status)
        }

        /// Whether it is enabled.
        #[getter]
        fn enabled(&self) -> bool {
            self.inner.enabled
        }

        /// Its billing email, if set.
        #[getter]
        fn billing_email(&self) -> Option<&str> {
            self.inner.billing_email.as_deref()
        }
    }
}

row_class! {
    /// Head counts of the team.
    TeamCounts(core::TeamCounts), dict: to_python;
    {
        /// Confirmed provider admins.
        #[getter]
        fn confirmed_admins(&self) -> usize {
            self.inner.confirmed_admins
        }

        /// Service users (any state).
        #[getter]
        fn service_users(&self) -> usize {
            self.inner.service_users
        }

        /// Invited members.
        #[getter]
        fn invited(&self) -> usize {
            self.inner.invited
        }

        /// Accepted members waiting for confirmation.
        #[getter]
        fn accepted(&self) -> usize {
            self.inner.accepted
        }

        /// Confirmed members.
        #[getter]
        fn confirmed(&self) -> usize {
            self.inner.confirmed
        }

        /// Revoked members.
        #[getter]
        fn revoked(&self) -> usize {
            self.inner.revoked
        }
    }
}

row_class! {
    /// One member's line of the report (`PortfolioReport.team`).
    MemberLine(core::MemberLine), dict: to_python;
    {
        /// The membership id.
        #[getter]
        fn id(&self) -> Uuid {
            self.inner.id.uuid()
        }

        /// Their email.
        #[getter]
        fn email(&self) -> &str {
            &self.inner.email
        }

        /// Their name, if known.
        #[getter]
        fn name(&self) -> Option<&str> {
            self.inner.name.as_deref()
        }

        /// Their role.
        #[getter]
        fn role(&self) -> PyResult<ProviderUserType> {
            ProviderUserType::try_from(self.inner.role)
        }

        /// Their status.
        #[getter]
        fn status(&self) -> PyResult<ProviderUserStatus> {
            ProviderUserStatus::try_from(self.inner.status)
        }

        /// For a scoped service user, the names of the clients it reaches; `None` otherwise.
        #[getter]
        fn client_scope(&self) -> Option<Vec<String>> {
            self.inner.client_scope.clone()
        }

        /// Whether a pending invitation has expired.
        #[getter]
        fn invitation_expired(&self) -> bool {
            self.inner.invitation_expired
        }
    }
}

row_class! {
    /// One client's line of the report (`PortfolioReport.clients`).
    ClientLine(core::ClientLine), dict: to_python;
    {
        /// The organization id.
        #[getter]
        fn id(&self) -> Uuid {
            self.inner.id.uuid()
        }

        /// Its name.
        #[getter]
        fn name(&self) -> &str {
            &self.inner.name
        }

        /// Its plan.
        #[getter]
        fn plan(&self) -> PyResult<PlanType> {
            PlanType::try_from(self.inner.plan)
        }

        /// Its product tier (`teams`, `enterprise`).
        #[getter]
        fn tier(&self) -> PyResult<crate::names::ProductTier> {
            self.inner.tier.try_into()
        }

        /// Assigned seats.
        #[getter]
        fn seats(&self) -> u32 {
            self.inner.seats
        }

        /// Occupied seats.
        #[getter]
        fn occupied_seats(&self) -> u32 {
            self.inner.occupied_seats
        }

        /// Free seats.
        #[getter]
        fn free_seats(&self) -> u32 {
            self.inner.free_seats
        }

        /// Whether new members would be refused.
        #[getter]
        fn full(&self) -> bool {
            self.inner.full
        }

        /// Enabled: its own flag and its provider's.
        #[getter]
        fn enabled(&self) -> bool {
            self.inner.enabled
        }

        /// Its lifecycle state (`active`, `trial`, `paused`, …).
        #[getter]
        fn state(&self) -> PyResult<crate::names::ClientState> {
            self.inner.state.kind().try_into()
        }

        /// The seats the MSP bills it for (its seats when active).
        #[getter]
        fn billed_seats(&self) -> u32 {
            self.inner.billed_seats.unwrap_or(self.inner.seats)
        }

        /// Its tags.
        #[getter]
        fn tags(&self) -> Vec<String> {
            self.inner.tags.iter().map(ToString::to_string).collect()
        }
    }
}

row_class! {
    /// A warning's line of the report (`PortfolioReport.warnings`).
    WarningLine(core::WarningLine), dict: to_python;
    {
        /// Its stable code.
        #[getter]
        fn code(&self) -> &str {
            &self.inner.code
        }

        /// What to do about it.
        #[getter]
        fn message(&self) -> &str {
            &self.inner.message
        }
    }
}

row_class! {
    /// The portfolio summary (`Portfolio.report()`): team, roles, clients, seats and warnings.
    PortfolioReport(mspkit::PortfolioReport), dict: to_python;
    {
        /// When the report was made.
        #[getter]
        fn generated_at(&self) -> PyTime {
            PyTime(self.inner.generated_at)
        }

        /// The provider.
        #[getter]
        fn provider(&self) -> ProviderSummary {
            ProviderSummary::from(self.inner.provider.clone())
        }

        /// Team head counts.
        #[getter]
        fn team_counts(&self) -> TeamCounts {
            TeamCounts::from(self.inner.team_counts)
        }

        /// The team, admins first, then by email.
        #[getter]
        fn team(&self) -> Vec<MemberLine> {
            wrap(&self.inner.team)
        }

        /// The clients, by name.
        #[getter]
        fn clients(&self) -> Vec<ClientLine> {
            wrap(&self.inner.clients)
        }

        /// Seats per plan.
        #[getter]
        fn seats(&self) -> PyResult<Vec<crate::provider::PlanSeats>> {
            self.inner.seats.iter().copied().map(crate::provider::plan_seats).collect()
        }

        /// What needs attention.
        #[getter]
        fn warnings(&self) -> Vec<WarningLine> {
            wrap(&self.inner.warnings)
        }

        /// The billing warnings a provider admin sees.
        #[getter]
        fn billing_warnings(&self) -> crate::reference::ProviderWarnings {
            crate::reference::ProviderWarnings::new(self.inner.billing_warnings)
        }

        /// The report as JSON (compact; the fields of `mspkit report --json`).
        fn to_json(&self) -> PyResult<String> {
            to_json(&self.inner)
        }
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ProviderSummary>()?;
    m.add_class::<TeamCounts>()?;
    m.add_class::<MemberLine>()?;
    m.add_class::<ClientLine>()?;
    m.add_class::<WarningLine>()?;
    m.add_class::<PortfolioReport>()?;
    Ok(())
}
