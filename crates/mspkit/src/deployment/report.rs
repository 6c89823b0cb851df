//! Deployments in a portfolio document, and the report over all of them.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::{check_date, check_time};
use super::error::write_json;
use super::schedule::RawSchedule;
use super::{
    ChecklistRecord, ClientProfile, DeploymentCatalog, DeploymentError, DeploymentPlan, Minutes,
    OrganizationFacts, PhaseNumber, PhaseProjection, PhaseSignOff, PhaseStatus, Projection, Schedule,
    SetupChecklist, SetupTask, StepNumber, StepState, StepStatus,
};
use crate::document::DocumentReader;
use crate::ids::OrganizationId;

#[derive(Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecords {
    #[serde(default)]
    steps: BTreeMap<StepNumber, StepState>,
    #[serde(default)]
    phases: BTreeMap<PhaseNumber, PhaseSignOff>,
}

/// A deployment as a document gives it, before it is checked. Document readers deserialize
/// this and convert it themselves (`ClientDeployment::try_from`), so a refused value keeps its
/// own code (`date_out_of_range`, `invalid_duration`, …) instead of becoming a parse error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClientDeployment {
    client: OrganizationId,
    #[serde(default)]
    profile: ClientProfile,
    #[serde(default)]
    plan: RawRecords,
    schedule: RawSchedule,
    #[serde(default)]
    due: Option<NaiveDate>,
    #[serde(default)]
    checklist: BTreeMap<SetupTask, ChecklistRecord>,
}

#[derive(Serialize)]
struct ClientDeploymentOut<'a> {
    client: OrganizationId,
    profile: &'a ClientProfile,
    plan: RecordsOut<'a>,
    schedule: &'a Schedule,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<NaiveDate>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    checklist: &'a BTreeMap<SetupTask, ChecklistRecord>,
}

#[derive(Serialize)]
struct RecordsOut<'a> {
    steps: &'a BTreeMap<StepNumber, StepState>,
    phases: &'a BTreeMap<PhaseNumber, PhaseSignOff>,
}

/// One client's deployment as a portfolio document holds it: the plan, its schedule, an
/// optional due date and the checklist items recorded by hand.
///
/// JSON: `{"client", "profile", "plan": {"steps", "phases"}, "schedule", "due", "checklist"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawClientDeployment")]
pub struct ClientDeployment {
    plan: DeploymentPlan,
    schedule: Schedule,
    due: Option<NaiveDate>,
    checklist: BTreeMap<SetupTask, ChecklistRecord>,
}

impl TryFrom<RawClientDeployment> for ClientDeployment {
    type Error = DeploymentError;
    fn try_from(r: RawClientDeployment) -> Result<Self, Self::Error> {
        let plan = DeploymentPlan::from_parts(r.client, r.profile, r.plan.steps, r.plan.phases);
        let mut deployment = Self::new(plan, Schedule::try_from(r.schedule)?, r.due)?;
        deployment.checklist = r.checklist;
        deployment.check_dates()?;
        Ok(deployment)
    }
}

impl Serialize for ClientDeployment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (steps, phases) = self.plan.records();
        ClientDeploymentOut {
            client: self.plan.client(),
            profile: self.plan.profile(),
            plan: RecordsOut { steps, phases },
            schedule: &self.schedule,
            due: self.due,
            checklist: &self.checklist,
        }
        .serialize(serializer)
    }
}

impl ClientDeployment {
    /// A deployment; a due date or a record of the plan outside the range a document may hold
    /// is `date_out_of_range`.
    pub fn new(
        plan: DeploymentPlan,
        schedule: Schedule,
        due: Option<NaiveDate>,
    ) -> Result<Self, DeploymentError> {
        let deployment = Self { plan, schedule, due, checklist: BTreeMap::new() };
        deployment.check_dates()?;
        Ok(deployment)
    }

    fn check_dates(&self) -> Result<(), DeploymentError> {
        if let Some(due) = self.due {
            check_date(due, "due date")?;
        }
        self.plan.check_dates()?;
        for record in self.checklist.values() {
            check_time(record.at, "checklist record")?;
        }
        Ok(())
    }
    /// The client organization.
    pub fn client(&self) -> OrganizationId {
        self.plan.client()
    }
    /// The plan.
    pub fn plan(&self) -> &DeploymentPlan {
        &self.plan
    }
    /// The plan, to run commands on.
    pub fn plan_mut(&mut self) -> &mut DeploymentPlan {
        &mut self.plan
    }
    /// The schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }
    /// The date the deployment should be finished by.
    pub fn due(&self) -> Option<NaiveDate> {
        self.due
    }
    /// The checklist items recorded by hand.
    pub fn checklist_records(&self) -> &BTreeMap<SetupTask, ChecklistRecord> {
        &self.checklist
    }
    /// Records a checklist item by hand; a record dated outside the range a document may hold
    /// is `date_out_of_range`.
    pub fn record_checklist(
        &mut self,
        task: SetupTask,
        record: ChecklistRecord,
    ) -> Result<(), DeploymentError> {
        check_time(record.at, "checklist record")?;
        self.checklist.insert(task, record);
        Ok(())
    }
    /// The initial-setup checklist, with what is known of the organization.
    pub fn checklist(&self, catalog: &DeploymentCatalog, facts: &OrganizationFacts) -> SetupChecklist {
        SetupChecklist::derive(catalog, &self.plan, facts, &self.checklist)
    }
}

/// A client as a portfolio document names it (other fields are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioClient {
    /// The organization.
    pub id: OrganizationId,
    /// Its name.
    pub name: String,
}

#[derive(Deserialize)]
struct RawProvider {
    #[serde(default)]
    clients: Vec<PortfolioClient>,
}

#[derive(Deserialize)]
struct RawPortfolio {
    #[serde(default)]
    deployments: Vec<RawClientDeployment>,
    #[serde(default)]
    clients: Vec<PortfolioClient>,
    #[serde(default)]
    provider: Option<RawProvider>,
}

/// The deployment part of a portfolio document: its `deployments`, and the client names found
/// in `clients` or `provider.clients`. Every other field is ignored, so a full portfolio reads.
///
/// Finding a client's name is a lookup in an index built once by [`Self::new`] (the first
/// client of an id, as a scan from the start finds it), so building a report is linear in the
/// deployments, not quadratic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeploymentPortfolio {
    clients: Vec<PortfolioClient>,
    deployments: Vec<ClientDeployment>,
    /// Each client id's first index in `clients`.
    #[serde(skip)]
    index: HashMap<OrganizationId, usize>,
}

impl DeploymentPortfolio {
    /// A portfolio. As [`crate::Portfolio::with_deployments`] does, it refuses a deployment of
    /// an organization that is not one of `clients` (`deployment_not_a_client`) and two
    /// deployments for one client (`duplicate_client`).
    pub fn new(
        clients: Vec<PortfolioClient>,
        deployments: Vec<ClientDeployment>,
    ) -> Result<Self, DeploymentError> {
        let mut index = HashMap::with_capacity(clients.len());
        for (i, c) in clients.iter().enumerate() {
            index.entry(c.id).or_insert(i);
        }
        let mut seen = HashSet::with_capacity(deployments.len());
        for d in &deployments {
            if !index.contains_key(&d.client()) {
                return Err(DeploymentError::NotAClient { client: d.client().to_string() });
            }
            if !seen.insert(d.client()) {
                return Err(DeploymentError::DuplicateClient { client: d.client().to_string() });
            }
        }
        Ok(Self { clients, deployments, index })
    }

    /// Reads the deployments of a portfolio JSON document, checked as [`Self::new`] checks them:
    /// each deployment names a client of `clients` or `provider.clients`, at most once.
    pub fn from_json(text: &str) -> Result<Self, DeploymentError> {
        DocumentReader::new().check(text, "portfolio")?;
        let raw: RawPortfolio = serde_json::from_str(text)
            .map_err(|e| DeploymentError::invalid_document("portfolio", &e.to_string()))?;
        let mut clients = raw.clients;
        clients.extend(raw.provider.map(|p| p.clients).unwrap_or_default());
        let deployments =
            raw.deployments.into_iter().map(ClientDeployment::try_from).collect::<Result<Vec<_>, _>>()?;
        Self::new(clients, deployments)
    }

    /// Writes `{"clients": …, "deployments": …}`; [`Self::from_json`] reads it back.
    pub fn to_json(&self) -> Result<String, DeploymentError> {
        write_json(self, "portfolio")
    }

    /// The deployments.
    pub fn deployments(&self) -> &[ClientDeployment] {
        &self.deployments
    }

    /// The named clients.
    pub fn clients(&self) -> &[PortfolioClient] {
        &self.clients
    }

    /// A client's name, or its id when the document does not name it.
    pub fn name_of(&self, client: OrganizationId) -> String {
        self.index
            .get(&client)
            .and_then(|&i| self.clients.get(i))
            .map_or_else(|| client.to_string(), |c| c.name.clone())
    }

    /// The deployment of a client given by id, by name (case-insensitive), or by a part of its
    /// name that only one client's name contains.
    pub fn find(&self, client: &str) -> Result<&ClientDeployment, DeploymentError> {
        let wanted = client.trim().to_lowercase();
        let unknown = || DeploymentError::UnknownClient { client: client.to_owned() };
        if wanted.is_empty() {
            return Err(unknown());
        }
        let exact = self
            .deployments
            .iter()
            .find(|d| d.client().to_string() == wanted || self.name_of(d.client()).to_lowercase() == wanted);
        if let Some(d) = exact {
            return Ok(d);
        }
        let mut partial =
            self.deployments.iter().filter(|d| self.name_of(d.client()).to_lowercase().contains(&wanted));
        match (partial.next(), partial.next()) {
            (Some(d), None) => Ok(d),
            _ => Err(unknown()),
        }
    }
}

/// The order of a report's rows; every key breaks ties by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Current phase, earliest first; finished deployments last.
    Phase,
    /// Percent done, least first.
    Percent,
    /// Remaining hours, most first.
    Remaining,
    /// Projected end, soonest first.
    End,
    /// Client name.
    #[default]
    Name,
}

/// One client's line in the deployment report. In JSON, durations are whole minutes under
/// names that say so (`done_minutes`, `planned_minutes`, `remaining_minutes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeploymentRow {
    /// The client.
    pub client: OrganizationId,
    /// Its name.
    pub name: String,
    /// The current phase; none when finished.
    pub current_phase: Option<PhaseNumber>,
    /// The current phase's name, or `finished`.
    pub phase_name: String,
    /// The current phase's status. For a finished deployment: `complete` when every phase is
    /// signed off, else `done` (every applicable step closed, some phase not signed off).
    pub phase_status: PhaseStatus,
    /// Percent done.
    pub percent: u8,
    /// Time done.
    #[serde(rename = "done_minutes")]
    pub done: Minutes,
    /// Time planned (applicable, not skipped).
    #[serde(rename = "planned_minutes")]
    pub planned: Minutes,
    /// Time remaining.
    #[serde(rename = "remaining_minutes")]
    pub remaining: Minutes,
    /// Projected end, from actual progress.
    pub projected_end: Option<NaiveDate>,
    /// End of the baseline (everything as estimated from the start date).
    pub baseline_end: Option<NaiveDate>,
    /// The due date.
    pub due: Option<NaiveDate>,
    /// Not finished, and past due or projected past due.
    pub overdue: bool,
    /// The blocked steps.
    pub blocked_steps: Vec<StepNumber>,
    /// Per-phase dates, for the timeline.
    pub phases: Vec<PhaseProjection>,
}

/// The deployment status of every client of a portfolio, on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeploymentReport {
    /// The day the report is for.
    pub today: NaiveDate,
    /// The phase numbers and names of the edition, for legends.
    pub phases: Vec<(PhaseNumber, String)>,
    /// One row per client.
    pub rows: Vec<DeploymentRow>,
}

impl DeploymentReport {
    /// Builds the report: checks every plan against the edition and projects it from `today`.
    pub fn build(
        catalog: &DeploymentCatalog,
        portfolio: &DeploymentPortfolio,
        today: NaiveDate,
    ) -> Result<Self, DeploymentError> {
        check_date(today, "report date")?;
        let mut rows = Vec::with_capacity(portfolio.deployments().len());
        for d in portfolio.deployments() {
            let plan = d.plan();
            plan.check(catalog)?;
            let progress = plan.progress(catalog);
            let projection: Projection = d.schedule().project(catalog, plan, today)?;
            let baseline = d.schedule().estimate(catalog, plan)?;
            let current = plan.current_phase(catalog);
            let finished = current.is_none();
            let overdue = !finished
                && d.due().is_some_and(|due| today > due || projection.end.is_some_and(|end| end > due));
            let blocked_steps = catalog
                .applicable_steps(plan.profile())
                .map(super::Step::number)
                .filter(|&n| plan.status(n) == StepStatus::Blocked)
                .collect();
            rows.push(DeploymentRow {
                client: d.client(),
                name: portfolio.name_of(d.client()),
                current_phase: current,
                phase_name: current
                    .and_then(|p| catalog.phase(p))
                    .map_or_else(|| "finished".to_owned(), |p| p.name().to_owned()),
                phase_status: match current {
                    Some(p) => plan.phase_status(catalog, p),
                    None if catalog.phases().iter().all(|p| plan.sign_off(p.number()).is_some()) => {
                        PhaseStatus::Complete
                    }
                    None => PhaseStatus::Done,
                },
                percent: progress.percent,
                done: progress.done,
                planned: progress.planned,
                remaining: progress.remaining,
                projected_end: projection.end,
                baseline_end: baseline.end,
                due: d.due(),
                overdue,
                blocked_steps,
                phases: projection.phases,
            });
        }
        let mut report = Self {
            today,
            phases: catalog.phases().iter().map(|p| (p.number(), p.name().to_owned())).collect(),
            rows,
        };
        report.sort(SortKey::Name);
        Ok(report)
    }

    /// Sorts the rows.
    pub fn sort(&mut self, key: SortKey) {
        fn none_last<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
            match (a, b) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        self.rows.sort_by(|a, b| {
            let primary = match key {
                SortKey::Phase => none_last(a.current_phase, b.current_phase),
                SortKey::Percent => a.percent.cmp(&b.percent),
                SortKey::Remaining => b.remaining.cmp(&a.remaining),
                SortKey::End => none_last(a.projected_end, b.projected_end),
                SortKey::Name => Ordering::Equal,
            };
            primary
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                .then(a.client.cmp(&b.client))
        });
    }

    /// Writes the report as JSON.
    pub fn to_json(&self) -> Result<String, DeploymentError> {
        write_json(self, "report")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
        "schema_version": 1,
        "provider": {"id": "x", "clients": [{"id": "4f675534-8d07-592f-9292-f914019a3e33", "name": "Fabrikam", "seats": 3},
                                            {"id": "34f1cd53-7e72-56b0-bc48-3a2bbf2487ae", "name": "Contoso"}]},
        "deployments": [
            {"client": "4f675534-8d07-592f-9292-f914019a3e33", "profile": {"sso": true},
             "plan": {"steps": {"1": {"status": "done", "by": "00000000-0000-0000-0000-0000000000a1", "at": "2026-11-02T10:00:00Z"}}},
             "schedule": {"start": "2026-11-02", "hours_per_day": 2}, "due": "2026-11-10"},
            {"client": "34f1cd53-7e72-56b0-bc48-3a2bbf2487ae", "schedule": {"start": "2026-11-02", "minutes_per_day": 480}}
        ]
    }"#;

    #[test]
    fn a_refused_value_in_a_document_keeps_its_code() {
        let doc = |deployment: &str| {
            format!(
                r#"{{"clients": [{{"id": "4f675534-8d07-592f-9292-f914019a3e33", "name": "F"}}],
                    "deployments": [{{"client": "4f675534-8d07-592f-9292-f914019a3e33", {deployment}}}]}}"#
            )
        };
        let code = |d: &str| DeploymentPortfolio::from_json(&doc(d)).unwrap_err().code();
        let schedule = r#""schedule": {"start": "2026-12-21", "hours_per_day": 1}"#;
        assert_eq!(code(&format!(r#"{schedule}, "due": "+262142-12-31""#)), "date_out_of_range");
        assert_eq!(code(r#""schedule": {"start": "9999-12-21", "hours_per_day": 1}"#), "date_out_of_range");
        assert_eq!(code(r#""schedule": {"start": "2026-12-21", "hours_per_day": 25}"#), "invalid_duration");
        assert_eq!(
            code(r#""schedule": {"start": "2026-12-21", "hours_per_day": 1, "working_days": []}"#),
            "no_working_days"
        );
        assert_eq!(code(&format!(r#"{schedule}, "due": "soon""#)), "invalid_document");
    }

    #[test]
    fn a_full_portfolio_document_reads_and_reports() {
        let c = DeploymentCatalog::builtin().unwrap();
        let p = DeploymentPortfolio::from_json(DOC).unwrap();
        assert_eq!(p.deployments().len(), 2);
        assert_eq!(p.find("fabri").unwrap().plan().status(1), StepStatus::Done);
        assert_eq!(
            p.find("4F675534-8d07-592f-9292-f914019a3e33").unwrap().client(),
            p.deployments()[0].client()
        );
        assert_eq!(p.find("nobody").unwrap_err().code(), "unknown_client");
        let today = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        let mut r = DeploymentReport::build(&c, &p, today).unwrap();
        let names: Vec<_> = r.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Contoso", "Fabrikam"]);
        let fab = &r.rows[1];
        assert!(fab.overdue);
        assert_eq!(fab.current_phase, Some(1));
        r.sort(SortKey::Remaining);
        assert_eq!(r.rows[0].name, "Fabrikam");
        // Deployments round-trip.
        let again = DeploymentPortfolio::from_json(&p.to_json().unwrap()).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn a_finished_deployment_is_complete_only_when_every_phase_is_signed_off() {
        use chrono::{TimeZone, Utc};

        use crate::ids::ProviderUserId;

        let c = DeploymentCatalog::builtin().unwrap();
        let client = OrganizationId::new(uuid::Uuid::from_u128(7));
        let ada = ProviderUserId::new(uuid::Uuid::from_u128(1));
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let mut plan = DeploymentPlan::new(client, ClientProfile::default());
        let applicable: Vec<_> =
            c.applicable_steps(plan.profile()).map(crate::deployment::Step::number).collect();
        for n in applicable {
            plan.complete(&c, n, ada, at).unwrap();
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        let schedule: Schedule =
            serde_json::from_str(r#"{"start": "2026-11-02", "hours_per_day": 2}"#).unwrap();
        let status = |plan: &DeploymentPlan| {
            let clients = vec![PortfolioClient { id: client, name: "Fabrikam".to_owned() }];
            let deployment = ClientDeployment::new(plan.clone(), schedule.clone(), None).unwrap();
            let portfolio = DeploymentPortfolio::new(clients, vec![deployment]).unwrap();
            let row = DeploymentReport::build(&c, &portfolio, today).unwrap().rows.remove(0);
            (row.current_phase, row.phase_status)
        };
        // Every step done, no phase signed off: done, not complete.
        assert_eq!(status(&plan), (None, PhaseStatus::Done));
        for p in 1..=3 {
            plan.complete_phase(&c, p, ada, at).unwrap();
        }
        assert_eq!(status(&plan), (None, PhaseStatus::Done));
        plan.complete_phase(&c, 4, ada, at).unwrap();
        assert_eq!(status(&plan), (None, PhaseStatus::Complete));
    }

    #[test]
    fn malformed_deployments_are_refused() {
        let dup = DOC.replace(
            r#"{"client": "34f1cd53-7e72-56b0-bc48-3a2bbf2487ae""#,
            r#"{"client": "4f675534-8d07-592f-9292-f914019a3e33""#,
        );
        assert_eq!(DeploymentPortfolio::from_json(&dup).unwrap_err().code(), "duplicate_client");
        // A deployment must name a client of the document, in `clients` or `provider.clients`.
        let stray = DOC.replace(
            r#"{"client": "34f1cd53-7e72-56b0-bc48-3a2bbf2487ae""#,
            r#"{"client": "00000000-0000-4000-8000-000000000001""#,
        );
        let err = DeploymentPortfolio::from_json(&stray).unwrap_err();
        assert_eq!(err.code(), "deployment_not_a_client");
        assert!(err.to_string().contains("`00000000-0000-4000-8000-000000000001`"));
        let flat = r#"{"clients": [{"id": "4f675534-8d07-592f-9292-f914019a3e33", "name": "Fabrikam"}],
            "deployments": [{"client": "34f1cd53-7e72-56b0-bc48-3a2bbf2487ae",
                             "schedule": {"start": "2026-11-02", "hours_per_day": 2}}]}"#;
        assert_eq!(DeploymentPortfolio::from_json(flat).unwrap_err().code(), "deployment_not_a_client");
        let deployments = DeploymentPortfolio::from_json(DOC).unwrap().deployments().to_vec();
        let only_fabrikam =
            vec![PortfolioClient { id: deployments[0].client(), name: "Fabrikam".to_owned() }];
        assert_eq!(
            DeploymentPortfolio::new(only_fabrikam, deployments).unwrap_err().code(),
            "deployment_not_a_client"
        );
        let unknown_field = DOC.replace("\"due\"", "\"deu\"");
        assert_eq!(DeploymentPortfolio::from_json(&unknown_field).unwrap_err().code(), "invalid_document");
        let c = DeploymentCatalog::builtin().unwrap();
        let na =
            DOC.replace("\"profile\": {\"sso\": true}", "\"profile\": {}").replace("\"1\": {", "\"20\": {");
        let p = DeploymentPortfolio::from_json(&na).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        // A record of a step that does not apply (kept from an earlier profile) counts nowhere.
        let report = DeploymentReport::build(&c, &p, today).unwrap();
        let fab = report.rows.iter().find(|r| r.name == "Fabrikam").unwrap();
        assert_eq!((fab.done, fab.percent, fab.current_phase), (Minutes::ZERO, 0, Some(1)));
        assert_eq!(fab.planned.hours(), "14.35");
        // A record of a step the edition does not have is refused.
        let unknown = DOC.replace("\"1\": {", "\"99\": {");
        let p = DeploymentPortfolio::from_json(&unknown).unwrap();
        assert_eq!(DeploymentReport::build(&c, &p, today).unwrap_err().code(), "unknown_step");
    }
}
