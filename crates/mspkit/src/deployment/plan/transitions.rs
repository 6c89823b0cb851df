//! A plan's transitions: start, complete, skip, block and reopen a step, complete and reopen
//! a phase, change the profile; each returns the event it caused.

use super::{
    Command, DeploymentEvent, DeploymentEventKind, DeploymentPlan, PhaseSignOff, StepState, StepStatus,
};
use crate::deployment::dates::check_time;
use crate::deployment::{ClientProfile, DeploymentCatalog, DeploymentError, PhaseNumber, Step, StepNumber};
use crate::ids::ProviderUserId;
use chrono::{DateTime, Utc};

impl DeploymentPlan {
    pub(super) fn apply(
        &mut self,
        catalog: &DeploymentCatalog,
        number: StepNumber,
        command: Command,
        reason: &str,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        check_time(at, "step change")?;
        let step = catalog.step(number).ok_or(DeploymentError::UnknownStep { step: number })?;
        if !step.applies_to(&self.profile) {
            return Err(DeploymentError::StepNotApplicable { step: number });
        }
        let phase = step.phase();
        if self.phases.contains_key(&phase) {
            return Err(DeploymentError::PhaseComplete { phase });
        }
        let from = self.status(number);
        let reason = reason.trim();
        let (allowed, action, kind) = match command {
            Command::Start => (
                matches!(from, StepStatus::NotStarted | StepStatus::Blocked),
                "started",
                DeploymentEventKind::StepStarted,
            ),
            Command::Complete => (
                matches!(from, StepStatus::NotStarted | StepStatus::InProgress),
                "completed",
                DeploymentEventKind::StepCompleted,
            ),
            Command::Skip => (!from.is_closed(), "skipped", DeploymentEventKind::StepSkipped),
            Command::Block => (
                matches!(from, StepStatus::NotStarted | StepStatus::InProgress),
                "blocked",
                DeploymentEventKind::StepBlocked,
            ),
            Command::Reopen => {
                (from != StepStatus::NotStarted, "reopened", DeploymentEventKind::StepReopened)
            }
        };
        if !allowed {
            return Err(DeploymentError::InvalidTransition { step: number, from: from.label(), action });
        }
        let needs_reason = matches!(command, Command::Skip | Command::Block);
        if needs_reason && reason.is_empty() {
            return Err(DeploymentError::MissingReason { step: number });
        }
        let new = match command {
            Command::Start => Some(StepState::InProgress { by, at }),
            Command::Complete => Some(StepState::Done { by, at }),
            Command::Skip => Some(StepState::Skipped { by, at, reason: reason.to_owned() }),
            Command::Block => Some(StepState::Blocked { by, at, reason: reason.to_owned() }),
            Command::Reopen => None,
        };
        match new {
            Some(state) => self.steps.insert(number, state),
            None => self.steps.remove(&number),
        };
        Ok(DeploymentEvent {
            kind,
            client: self.client,
            step: Some(number),
            phase: Some(phase),
            actor: by,
            at,
            reason: needs_reason.then(|| reason.to_owned()),
            profile: None,
        })
    }

    /// Starts a step that is not started, or unblocks a blocked one.
    pub fn start(
        &mut self,
        catalog: &DeploymentCatalog,
        step: StepNumber,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        self.apply(catalog, step, Command::Start, "", by, at)
    }

    /// Marks a step not started or in progress as done (a blocked step must be started first).
    pub fn complete(
        &mut self,
        catalog: &DeploymentCatalog,
        step: StepNumber,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        self.apply(catalog, step, Command::Complete, "", by, at)
    }

    /// Skips an open step, with a reason.
    pub fn skip(
        &mut self,
        catalog: &DeploymentCatalog,
        step: StepNumber,
        reason: &str,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        self.apply(catalog, step, Command::Skip, reason, by, at)
    }

    /// Blocks a step not started or in progress, with a reason.
    pub fn block(
        &mut self,
        catalog: &DeploymentCatalog,
        step: StepNumber,
        reason: &str,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        self.apply(catalog, step, Command::Block, reason, by, at)
    }

    /// Sends a step back to not started: the explicit way out of done and skipped.
    pub fn reopen(
        &mut self,
        catalog: &DeploymentCatalog,
        step: StepNumber,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        self.apply(catalog, step, Command::Reopen, "", by, at)
    }

    /// Signs a phase off; refused while one of its applicable steps is open.
    pub fn complete_phase(
        &mut self,
        catalog: &DeploymentCatalog,
        phase: PhaseNumber,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        check_time(at, "phase sign-off")?;
        if catalog.phase(phase).is_none() {
            return Err(DeploymentError::PhaseNotInCatalog { phase });
        }
        if self.phases.contains_key(&phase) {
            return Err(DeploymentError::PhaseComplete { phase });
        }
        let open = self.open_steps(catalog, phase);
        if !open.is_empty() {
            return Err(DeploymentError::PhaseHasOpenSteps { phase, steps: open });
        }
        self.phases.insert(phase, PhaseSignOff { by, at });
        Ok(self.phase_event(DeploymentEventKind::PhaseCompleted, phase, by, at))
    }

    /// Withdraws a phase's sign-off, so its steps can change again.
    pub fn reopen_phase(
        &mut self,
        catalog: &DeploymentCatalog,
        phase: PhaseNumber,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        check_time(at, "phase reopening")?;
        if catalog.phase(phase).is_none() {
            return Err(DeploymentError::PhaseNotInCatalog { phase });
        }
        if self.phases.remove(&phase).is_none() {
            return Err(DeploymentError::PhaseNotComplete { phase });
        }
        Ok(self.phase_event(DeploymentEventKind::PhaseReopened, phase, by, at))
    }

    pub(super) fn phase_event(
        &self,
        kind: DeploymentEventKind,
        phase: PhaseNumber,
        actor: ProviderUserId,
        at: DateTime<Utc>,
    ) -> DeploymentEvent {
        DeploymentEvent {
            kind,
            client: self.client,
            step: None,
            phase: Some(phase),
            actor,
            at,
            reason: None,
            profile: None,
        }
    }

    /// Changes the client's profile — say, it adopts SSO, or a SIEM — and with it the steps
    /// that apply. Steps that start to apply begin not started (or with the state kept from an
    /// earlier profile); steps that stop applying keep their record, which no longer counts in
    /// any total or status. Refused when the profile is unchanged (`profile_unchanged`) and
    /// when a signed-off phase would gain open steps (`profile_opens_complete_phase`: reopen
    /// the phase first).
    pub fn change_profile(
        &mut self,
        catalog: &DeploymentCatalog,
        profile: ClientProfile,
        by: ProviderUserId,
        at: DateTime<Utc>,
    ) -> Result<DeploymentEvent, DeploymentError> {
        check_time(at, "profile change")?;
        if profile == self.profile {
            return Err(DeploymentError::ProfileUnchanged);
        }
        for &phase in self.phases.keys() {
            let open: Vec<StepNumber> = catalog
                .steps_of(phase)
                .filter(|s| s.applies_to(&profile) && !self.status(s.number()).is_closed())
                .map(Step::number)
                .collect();
            if !open.is_empty() {
                return Err(DeploymentError::ProfileOpensCompletePhase { phase, steps: open });
            }
        }
        self.profile = profile;
        Ok(DeploymentEvent {
            kind: DeploymentEventKind::ProfileChanged,
            client: self.client,
            step: None,
            phase: None,
            actor: by,
            at,
            reason: None,
            profile: Some(profile),
        })
    }
}
