//! One client's deployment plan: step statuses with checked transitions, phase sign-offs,
//! progress. Every command returns the [`DeploymentEvent`] it caused.

mod transitions;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::dates::check_time;
use super::error::write_json;
use super::{ClientProfile, DeploymentCatalog, DeploymentError, Minutes, PhaseNumber, Step, StepNumber};
use crate::ids::{OrganizationId, ProviderUserId};

/// The status of a step, without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Nothing done yet.
    NotStarted,
    /// Someone is working on it.
    InProgress,
    /// Finished.
    Done,
    /// Deliberately not done, with a reason.
    Skipped,
    /// Waiting on something, with a reason.
    Blocked,
}

impl StepStatus {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Skipped => "skipped",
            Self::Blocked => "blocked",
        }
    }

    /// Done or skipped: nothing is left to do.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Skipped)
    }

    fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "not started",
            Self::InProgress => "in progress",
            Self::Done => "done",
            Self::Skipped => "skipped",
            Self::Blocked => "blocked",
        }
    }
}

/// A step's status with who set it, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum StepState {
    /// Nothing done yet.
    NotStarted,
    /// Someone is working on it.
    InProgress {
        /// Who started it.
        by: ProviderUserId,
        /// When.
        at: DateTime<Utc>,
    },
    /// Finished.
    Done {
        /// Who did it.
        by: ProviderUserId,
        /// When.
        at: DateTime<Utc>,
    },
    /// Deliberately not done.
    Skipped {
        /// Who decided.
        by: ProviderUserId,
        /// When.
        at: DateTime<Utc>,
        /// Why.
        reason: String,
    },
    /// Waiting on something.
    Blocked {
        /// Who reported it.
        by: ProviderUserId,
        /// When.
        at: DateTime<Utc>,
        /// On what.
        reason: String,
    },
}

impl StepState {
    /// The status without details.
    pub fn status(&self) -> StepStatus {
        match self {
            Self::NotStarted => StepStatus::NotStarted,
            Self::InProgress { .. } => StepStatus::InProgress,
            Self::Done { .. } => StepStatus::Done,
            Self::Skipped { .. } => StepStatus::Skipped,
            Self::Blocked { .. } => StepStatus::Blocked,
        }
    }

    /// Who set the status (none when not started).
    pub fn by(&self) -> Option<ProviderUserId> {
        match self {
            Self::NotStarted => None,
            Self::InProgress { by, .. }
            | Self::Done { by, .. }
            | Self::Skipped { by, .. }
            | Self::Blocked { by, .. } => Some(*by),
        }
    }

    /// When the status was set.
    pub fn at(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::NotStarted => None,
            Self::InProgress { at, .. }
            | Self::Done { at, .. }
            | Self::Skipped { at, .. }
            | Self::Blocked { at, .. } => Some(*at),
        }
    }

    /// The reason of a skipped or blocked step.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Skipped { reason, .. } | Self::Blocked { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// Who signed a phase off, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSignOff {
    /// Who.
    pub by: ProviderUserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// The status of a phase, derived from its steps and its sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseStatus {
    /// None of its steps has begun.
    NotStarted,
    /// Work has begun.
    InProgress,
    /// One of its open steps is blocked.
    Blocked,
    /// Every applicable step is done or skipped; not yet signed off.
    Done,
    /// Signed off.
    Complete,
}

impl PhaseStatus {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Blocked => "blocked",
            Self::Done => "done",
            Self::Complete => "complete",
        }
    }

    /// Done or complete.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Complete)
    }
}

/// What happened to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentEventKind {
    /// A step was started (or unblocked).
    StepStarted,
    /// A step was done.
    StepCompleted,
    /// A step was skipped.
    StepSkipped,
    /// A step was blocked.
    StepBlocked,
    /// A step went back to not started.
    StepReopened,
    /// A phase was signed off.
    PhaseCompleted,
    /// A phase sign-off was withdrawn.
    PhaseReopened,
    /// The client's profile changed (for instance, it adopted SSO): the steps that apply
    /// changed with it.
    ProfileChanged,
}

impl DeploymentEventKind {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StepStarted => "step_started",
            Self::StepCompleted => "step_completed",
            Self::StepSkipped => "step_skipped",
            Self::StepBlocked => "step_blocked",
            Self::StepReopened => "step_reopened",
            Self::PhaseCompleted => "phase_completed",
            Self::PhaseReopened => "phase_reopened",
            Self::ProfileChanged => "profile_changed",
        }
    }
}

/// The event a plan command caused, for an embedding service to store and audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploymentEvent {
    /// What happened.
    pub kind: DeploymentEventKind,
    /// The client organization.
    pub client: OrganizationId,
    /// The step (none for phase events and profile changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<StepNumber>,
    /// The phase of the step, or the phase itself (none for profile changes, which concern the
    /// whole plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<PhaseNumber>,
    /// Who did it.
    pub actor: ProviderUserId,
    /// When.
    pub at: DateTime<Utc>,
    /// The reason of a skip or a block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The new profile, for a profile change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<ClientProfile>,
}

/// Done, planned and remaining time of a plan (or of one phase).
///
/// Only the steps that apply to the profile count. A skipped step is a decision that its work
/// is not needed: it leaves `planned` (and is reported in `skipped`), so `percent` is done over
/// the work that remains relevant and a deployment with deliberate skips can reach 100.
///
/// JSON names the unit: `{"done_minutes", "planned_minutes", "skipped_minutes",
/// "remaining_minutes", "percent"}`, durations as whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Time of the steps done.
    #[serde(rename = "done_minutes")]
    pub done: Minutes,
    /// Time of the applicable steps, skipped ones excluded.
    #[serde(rename = "planned_minutes")]
    pub planned: Minutes,
    /// Time of the skipped steps.
    #[serde(rename = "skipped_minutes")]
    pub skipped: Minutes,
    /// `planned - done`.
    #[serde(rename = "remaining_minutes")]
    pub remaining: Minutes,
    /// `done / planned` in whole percent, rounded down (100 when nothing is planned).
    pub percent: u8,
}

/// One client's deployment plan. The catalogue is not stored in it: commands and queries take
/// the edition it follows, so a plan's JSON holds only the client's own data.
///
/// Invariant: only the steps whose status is not `not_started` are recorded. A document may
/// spell a step out as `{"status": "not_started"}`; reading drops it, so equal plans compare
/// equal whichever way they were written.
///
/// When the profile changes ([`Self::change_profile`]), the record of a step that stops
/// applying is kept, dormant: it no longer counts anywhere (progress, phase status, open
/// steps, projections, the report) and the step cannot be changed, but it comes back into
/// force if the step applies again. So the only records of steps that do not apply are those
/// kept from an earlier profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "PlanRecord")]
pub struct DeploymentPlan {
    client: OrganizationId,
    profile: ClientProfile,
    /// The steps whose status is not `not_started`.
    steps: BTreeMap<StepNumber, StepState>,
    /// The signed-off phases.
    phases: BTreeMap<PhaseNumber, PhaseSignOff>,
}

/// A plan as a document gives it, before `not_started` records are dropped.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanRecord {
    client: OrganizationId,
    #[serde(default)]
    profile: ClientProfile,
    #[serde(default)]
    steps: BTreeMap<StepNumber, StepState>,
    #[serde(default)]
    phases: BTreeMap<PhaseNumber, PhaseSignOff>,
}

impl From<PlanRecord> for DeploymentPlan {
    fn from(r: PlanRecord) -> Self {
        Self::from_parts(r.client, r.profile, r.steps, r.phases)
    }
}

#[derive(Clone, Copy)]
enum Command {
    Start,
    Complete,
    Skip,
    Block,
    Reopen,
}

impl DeploymentPlan {
    /// A plan with every step not started.
    pub fn new(client: OrganizationId, profile: ClientProfile) -> Self {
        Self { client, profile, steps: BTreeMap::new(), phases: BTreeMap::new() }
    }

    /// Rebuilds a plan by replaying its events in order, from the profile the plan was created
    /// with. Each event goes through the command that caused it, so an event the plan would
    /// refuse is refused (with that command's error); an event of another client is
    /// `event_for_another_client`, one without the step, phase or profile its kind needs
    /// `incomplete_event`.
    pub fn replay<'a>(
        catalog: &DeploymentCatalog,
        client: OrganizationId,
        profile: ClientProfile,
        events: impl IntoIterator<Item = &'a DeploymentEvent>,
    ) -> Result<Self, DeploymentError> {
        let mut plan = Self::new(client, profile);
        for e in events {
            plan.apply_event(catalog, e)?;
        }
        Ok(plan)
    }

    /// Applies one recorded event through the command that caused it (the path of
    /// [`Self::replay`], one event at a time): an event the plan would refuse is refused with
    /// that command's error, and the plan is left as it was.
    pub fn apply_event(
        &mut self,
        catalog: &DeploymentCatalog,
        e: &DeploymentEvent,
    ) -> Result<(), DeploymentError> {
        if e.client != self.client {
            return Err(DeploymentError::EventForAnotherClient { client: e.client.to_string() });
        }
        let incomplete = |missing| DeploymentError::IncompleteEvent { kind: e.kind.as_str(), missing };
        let step = || e.step.ok_or_else(|| incomplete("step"));
        let phase = || e.phase.ok_or_else(|| incomplete("phase"));
        let reason = e.reason.as_deref().unwrap_or_default();
        let (by, at) = (e.actor, e.at);
        match e.kind {
            DeploymentEventKind::StepStarted => self.start(catalog, step()?, by, at)?,
            DeploymentEventKind::StepCompleted => self.complete(catalog, step()?, by, at)?,
            DeploymentEventKind::StepSkipped => self.skip(catalog, step()?, reason, by, at)?,
            DeploymentEventKind::StepBlocked => self.block(catalog, step()?, reason, by, at)?,
            DeploymentEventKind::StepReopened => self.reopen(catalog, step()?, by, at)?,
            DeploymentEventKind::PhaseCompleted => self.complete_phase(catalog, phase()?, by, at)?,
            DeploymentEventKind::PhaseReopened => self.reopen_phase(catalog, phase()?, by, at)?,
            DeploymentEventKind::ProfileChanged => {
                let profile = e.profile.ok_or_else(|| incomplete("profile"))?;
                self.change_profile(catalog, profile, by, at)?
            }
        };
        Ok(())
    }

    /// The client organization.
    pub fn client(&self) -> OrganizationId {
        self.client
    }

    /// The client's profile.
    pub fn profile(&self) -> &ClientProfile {
        &self.profile
    }

    /// The state of a step (not started when never touched). A step that no longer applies
    /// keeps the state recorded while it applied (see [`Self::change_profile`]).
    pub fn state(&self, step: StepNumber) -> StepState {
        self.steps.get(&step).cloned().unwrap_or(StepState::NotStarted)
    }

    /// The status of a step.
    pub fn status(&self, step: StepNumber) -> StepStatus {
        self.steps.get(&step).map_or(StepStatus::NotStarted, StepState::status)
    }

    /// The sign-off of a phase.
    pub fn sign_off(&self, phase: PhaseNumber) -> Option<PhaseSignOff> {
        self.phases.get(&phase).copied()
    }

    /// Checks the plan against the edition it follows: known steps, reasons given, sign-offs
    /// only on known, finished phases. Plans read from files go through this. A record of a
    /// step that does not apply to the profile is accepted: it is kept from an earlier profile
    /// and counts nowhere.
    pub fn check(&self, catalog: &DeploymentCatalog) -> Result<(), DeploymentError> {
        self.check_dates()?;
        for (&number, state) in &self.steps {
            if catalog.step(number).is_none() {
                return Err(DeploymentError::UnknownStep { step: number });
            }
            if state.reason().is_some_and(|r| r.trim().is_empty()) {
                return Err(DeploymentError::MissingReason { step: number });
            }
        }
        for &phase in self.phases.keys() {
            if catalog.phase(phase).is_none() {
                return Err(DeploymentError::PhaseNotInCatalog { phase });
            }
            let open = self.open_steps(catalog, phase);
            if !open.is_empty() {
                return Err(DeploymentError::PhaseHasOpenSteps { phase, steps: open });
            }
        }
        Ok(())
    }

    /// Refuses a record dated outside the range a document may hold (`date_out_of_range`).
    pub(crate) fn check_dates(&self) -> Result<(), DeploymentError> {
        for state in self.steps.values() {
            if let Some(at) = state.at() {
                check_time(at, "step change")?;
            }
        }
        for sign_off in self.phases.values() {
            check_time(sign_off.at, "phase sign-off")?;
        }
        Ok(())
    }

    fn open_steps(&self, catalog: &DeploymentCatalog, phase: PhaseNumber) -> Vec<StepNumber> {
        catalog
            .steps_of(phase)
            .filter(|s| s.applies_to(&self.profile) && !self.status(s.number()).is_closed())
            .map(Step::number)
            .collect()
    }

    /// The status of a phase, derived from its steps and sign-off.
    pub fn phase_status(&self, catalog: &DeploymentCatalog, phase: PhaseNumber) -> PhaseStatus {
        if self.phases.contains_key(&phase) {
            return PhaseStatus::Complete;
        }
        let statuses: Vec<StepStatus> = catalog
            .steps_of(phase)
            .filter(|s| s.applies_to(&self.profile))
            .map(|s| self.status(s.number()))
            .collect();
        if statuses.iter().all(|s| s.is_closed()) {
            PhaseStatus::Done
        } else if statuses.contains(&StepStatus::Blocked) {
            PhaseStatus::Blocked
        } else if statuses.iter().any(|s| *s != StepStatus::NotStarted) {
            PhaseStatus::InProgress
        } else {
            PhaseStatus::NotStarted
        }
    }

    /// The first phase that is not finished; none when the deployment is finished.
    pub fn current_phase(&self, catalog: &DeploymentCatalog) -> Option<PhaseNumber> {
        catalog
            .phases()
            .iter()
            .map(super::Phase::number)
            .find(|&p| !self.phase_status(catalog, p).is_finished())
    }

    /// Whether every phase is finished.
    pub fn is_finished(&self, catalog: &DeploymentCatalog) -> bool {
        self.current_phase(catalog).is_none()
    }

    fn progress_of<'a>(&self, steps: impl Iterator<Item = &'a Step>) -> Progress {
        let (mut done, mut planned, mut skipped) = (Minutes::ZERO, Minutes::ZERO, Minutes::ZERO);
        for s in steps.filter(|s| s.applies_to(&self.profile)) {
            match self.status(s.number()) {
                StepStatus::Skipped => skipped += s.duration(),
                StepStatus::Done => {
                    done += s.duration();
                    planned += s.duration();
                }
                _ => planned += s.duration(),
            }
        }
        let percent = if planned.is_zero() {
            100
        } else {
            u8::try_from(u64::from(done.get()) * 100 / u64::from(planned.get())).unwrap_or(100)
        };
        Progress { done, planned, skipped, remaining: planned.saturating_sub(done), percent }
    }

    /// Progress of the whole plan: done hours over applicable (not skipped) hours.
    pub fn progress(&self, catalog: &DeploymentCatalog) -> Progress {
        self.progress_of(catalog.steps().iter())
    }

    /// Progress of one phase.
    pub fn phase_progress(&self, catalog: &DeploymentCatalog, phase: PhaseNumber) -> Progress {
        self.progress_of(catalog.steps_of(phase))
    }

    /// The time still to spend.
    pub fn remaining(&self, catalog: &DeploymentCatalog) -> Minutes {
        self.progress(catalog).remaining
    }

    /// Writes the plan as JSON; [`Self::from_json`] reads it back.
    pub fn to_json(&self) -> Result<String, DeploymentError> {
        write_json(self, "plan")
    }

    /// Reads a plan from JSON and checks it against its edition.
    pub fn from_json(text: &str, catalog: &DeploymentCatalog) -> Result<Self, DeploymentError> {
        crate::document::DocumentReader::new().check(text, "plan")?;
        let plan: Self = serde_json::from_str(text)
            .map_err(|e| DeploymentError::invalid_document("plan", &e.to_string()))?;
        plan.check(catalog)?;
        Ok(plan)
    }

    pub(crate) fn from_parts(
        client: OrganizationId,
        profile: ClientProfile,
        steps: BTreeMap<StepNumber, StepState>,
        phases: BTreeMap<PhaseNumber, PhaseSignOff>,
    ) -> Self {
        let steps = steps.into_iter().filter(|(_, s)| s.status() != StepStatus::NotStarted).collect();
        Self { client, profile, steps, phases }
    }

    pub(crate) fn records(&self) -> (&BTreeMap<StepNumber, StepState>, &BTreeMap<PhaseNumber, PhaseSignOff>) {
        (&self.steps, &self.phases)
    }
}

#[cfg(test)]
mod tests;
