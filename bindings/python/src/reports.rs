//! The provider's access and exit reports as typed objects (issue 18, item 2):
//! `Provider.access_suspension`, `Provider.blast_radius()`, `Provider.exit_check()` and the
//! receipt `verify_exit_receipt()` returns. Each holds the core's report and forwards its fields;
//! `to_dict()` is the dict the call returned before, `to_json()` the core's JSON.

use mspkit::blast_radius as blast;
use mspkit::exit;
use pyo3::prelude::*;
use uuid::Uuid;

use crate::convert::{PyTime, json_to_python, to_json, to_python};
use crate::rows::{row_class, wrap};

row_class! {
    /// A suspension of the provider's access (`Provider.access_suspension`): who suspended it,
    /// when and why, and the members whose access was resumed since.
    AccessSuspension(mspkit::provider::head::AccessSuspension), dict: to_python;
    {
        /// The admin who suspended access (the one who keeps resuming).
        #[getter]
        fn by(&self) -> Uuid {
            self.inner.by().uuid()
        }

        /// When.
        #[getter]
        fn at(&self) -> PyTime {
            PyTime(self.inner.at())
        }

        /// Why.
        #[getter]
        fn reason(&self) -> &str {
            self.inner.reason()
        }

        /// The members whose access was resumed since, in id order.
        #[getter]
        fn resumed(&self) -> Vec<Uuid> {
            self.inner.resumed().iter().map(|id| id.uuid()).collect()
        }
    }
}

row_class! {
    /// A member who reaches a client, and as what.
    Reach(blast::Reach), dict: to_python;
    {
        /// The member.
        #[getter]
        fn member(&self) -> Uuid {
            self.inner.member.uuid()
        }

        /// Their email.
        #[getter]
        fn email(&self) -> &str {
            self.inner.email.as_str()
        }

        /// Their role's name (`provider_admin`, `service_user`).
        #[getter]
        fn role(&self) -> &'static str {
            self.inner.role
        }
    }
}

row_class! {
    /// A client that loses provider access (a row of `BlastRadius.clients`).
    ClientExposure(blast::ClientExposure), dict: to_python;
    {
        /// The client.
        #[getter]
        fn client(&self) -> Uuid {
            self.inner.client.uuid()
        }

        /// Its name.
        #[getter]
        fn name(&self) -> &str {
            &self.inner.name
        }

        /// The members who reach it.
        #[getter]
        fn reached_by(&self) -> Vec<Reach> {
            self.inner.reached_by.iter().map(Reach::from).collect()
        }

        /// Its confirmed owners who are not provider members: its own way in.
        #[getter]
        fn own_owners(&self) -> Vec<String> {
            self.inner.own_owners.iter().map(|e| e.as_str().to_owned()).collect()
        }

        /// No confirmed owner of its own: suspending provider access locks it out.
        #[getter]
        fn locked_out(&self) -> bool {
            self.inner.locked_out
        }
    }
}

row_class! {
    /// What one member can do, and so loses (a row of `BlastRadius.members`).
    MemberExposure(blast::MemberExposure), dict: to_python;
    {
        /// The member.
        #[getter]
        fn member(&self) -> Uuid {
            self.inner.member.uuid()
        }

        /// Their email.
        #[getter]
        fn email(&self) -> &str {
            self.inner.email.as_str()
        }

        /// Their role's name.
        #[getter]
        fn role(&self) -> &'static str {
            self.inner.role
        }

        /// Their status's name.
        #[getter]
        fn status(&self) -> &'static str {
            self.inner.status
        }

        /// The provider actions they may take.
        #[getter]
        fn provider_actions(&self) -> Vec<&'static str> {
            self.inner.provider_actions.clone()
        }

        /// The client actions they may take on at least one client.
        #[getter]
        fn client_actions(&self) -> Vec<&'static str> {
            self.inner.client_actions.clone()
        }

        /// How many clients they reach.
        #[getter]
        fn clients(&self) -> usize {
            self.inner.clients
        }
    }
}

row_class! {
    /// The blast radius of suspending every member's access, or of one member's account
    /// (`Provider.blast_radius()`).
    BlastRadius(blast::BlastRadius), dict: to_python;
    {
        /// The member the report is about (`None`: every member).
        #[getter]
        fn member(&self) -> Option<Uuid> {
            self.inner.member.map(mspkit::ProviderUserId::uuid)
        }

        /// Whether access is suspended now.
        #[getter]
        fn suspended(&self) -> bool {
            self.inner.suspended
        }

        /// The clients that lose provider access, by name.
        #[getter]
        fn clients(&self) -> Vec<ClientExposure> {
            wrap(&self.inner.clients)
        }

        /// The members and what each loses, in the team's order.
        #[getter]
        fn members(&self) -> Vec<MemberExposure> {
            wrap(&self.inner.members)
        }

        /// The clients locked out (no confirmed owner of their own): call them first.
        #[getter]
        fn locked_out(&self) -> Vec<Uuid> {
            self.inner.locked_out.iter().map(|id| id.uuid()).collect()
        }

        /// The report as JSON.
        fn to_json(&self) -> PyResult<String> {
            to_json(&self.inner)
        }
    }
}

row_class! {
    /// One thing found before a client's exit.
    ExitFinding(exit::ExitFinding), dict: to_python;
    {
        /// Its stable code (`exit_no_own_owner`, `exit_open_invoice`, …).
        #[getter]
        fn code(&self) -> &str {
            &self.inner.code
        }

        /// `blocking` or `advisory`.
        #[getter]
        fn severity(&self) -> PyResult<crate::names::ExitSeverity> {
            self.inner.severity.try_into()
        }

        /// What was found and what to do.
        #[getter]
        fn message(&self) -> &str {
            &self.inner.message
        }
    }
}

row_class! {
    /// The pre-flight of a client's exit (`Provider.exit_check()`).
    ExitCheck(exit::ExitCheck), dict: to_python;
    {
        /// The client.
        #[getter]
        fn client(&self) -> Uuid {
            self.inner.client.uuid()
        }

        /// Its name.
        #[getter]
        fn name(&self) -> &str {
            &self.inner.name
        }

        /// What was found, blocking findings first.
        #[getter]
        fn findings(&self) -> Vec<ExitFinding> {
            wrap(&self.inner.findings)
        }

        /// Whether a finding blocks the unlink.
        #[getter]
        fn blocked(&self) -> bool {
            self.inner.findings.iter().any(|f| f.severity == exit::ExitSeverity::Blocking)
        }

        /// The check as JSON.
        fn to_json(&self) -> PyResult<String> {
            to_json(&self.inner)
        }
    }
}

row_class! {
    /// The seats and money of a client's last period with the provider.
    LastPeriod(exit::LastPeriod), dict: to_python;
    {
        /// Its plan's name.
        #[getter]
        fn plan(&self) -> &str {
            &self.inner.plan
        }

        /// Assigned seats.
        #[getter]
        fn assigned(&self) -> u64 {
            self.inner.assigned
        }

        /// Occupied seats.
        #[getter]
        fn used(&self) -> u64 {
            self.inner.used
        }

        /// The period's estimated total.
        #[getter]
        fn estimated_total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            crate::billing::decimal(py, self.inner.estimated_total)
        }
    }
}

row_class! {
    /// What a client leaves with: the receipt of its exit (`verify_exit_receipt()`).
    ExitReceipt(exit::ExitReceipt), dict: to_python;
    {
        /// The provider it left.
        #[getter]
        fn provider(&self) -> Uuid {
            self.inner.provider.uuid()
        }

        /// The provider's name.
        #[getter]
        fn provider_name(&self) -> &str {
            &self.inner.provider_name
        }

        /// The client.
        #[getter]
        fn client(&self) -> Uuid {
            self.inner.client.uuid()
        }

        /// When it left (`None` if the receipt's time is not one mspkit writes).
        #[getter]
        fn left_at(&self) -> Option<PyTime> {
            exit::left_at(&self.inner).map(PyTime)
        }

        /// The admin who unlinked it.
        #[getter]
        fn by(&self) -> Uuid {
            self.inner.by.uuid()
        }

        /// The organization as it left: its record, a document (a dict).
        #[getter]
        fn final_state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            json_to_python(py, &self.inner.final_state.to_string())
        }

        /// The sequence of the unlink event.
        #[getter]
        fn sequence(&self) -> u64 {
            self.inner.sequence
        }

        /// The events of its time with the provider that name it.
        #[getter]
        fn events(&self) -> u64 {
            self.inner.events
        }

        /// The hash of the log's last line before the unlink, if known.
        #[getter]
        fn chain_head(&self) -> Option<String> {
            self.inner.chain_head.as_ref().map(ToString::to_string)
        }

        /// Its last period's seats and money.
        #[getter]
        fn last_period(&self) -> Option<LastPeriod> {
            self.inner.last_period.clone().map(LastPeriod::from)
        }

        /// The advisory findings of the pre-flight at the exit.
        #[getter]
        fn findings(&self) -> Vec<ExitFinding> {
            wrap(&self.inner.findings)
        }

        /// The receipt as JSON.
        fn to_json(&self) -> PyResult<String> {
            to_json(&self.inner)
        }
    }
}

/// Registers the classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<AccessSuspension>()?;
    m.add_class::<Reach>()?;
    m.add_class::<ClientExposure>()?;
    m.add_class::<MemberExposure>()?;
    m.add_class::<BlastRadius>()?;
    m.add_class::<ExitFinding>()?;
    m.add_class::<ExitCheck>()?;
    m.add_class::<LastPeriod>()?;
    m.add_class::<ExitReceipt>()?;
    crate::portfolio_report::register(m)?;
    Ok(())
}
