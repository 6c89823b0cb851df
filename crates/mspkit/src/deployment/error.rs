//! The errors of the deployment area.

/// A deployment catalogue, profile, plan, schedule or document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeploymentError {
    /// A catalogue or document could not be read at all (syntax, types, unknown fields).
    #[error("cannot read the {what}: {message}")]
    InvalidDocument {
        /// What was being read (`catalogue`, `portfolio`, `plan`).
        what: &'static str,
        /// The parser's message.
        message: String,
    },
    /// A catalogue, plan, portfolio or report could not be written as JSON. The types written
    /// have string keys and no floats, so this does not happen in practice; it is an error, not
    /// an empty string, should a future field make it possible.
    #[error("cannot write the {what}: {message}")]
    WriteFailed {
        /// What was being written (`catalogue`, `plan`, `portfolio`, `report`).
        what: &'static str,
        /// The serializer's message.
        message: String,
    },
    /// A catalogue has no phase or no step.
    #[error("the catalogue has no {what}")]
    EmptyCatalog {
        /// `phases` or `steps`.
        what: &'static str,
    },
    /// Two phases share a number.
    #[error("phase number `{phase}` is used twice")]
    DuplicatePhaseNumber {
        /// The repeated number.
        phase: u32,
    },
    /// Two steps share a number.
    #[error("step number `{step}` is used twice")]
    DuplicateStepNumber {
        /// The repeated number.
        step: u32,
    },
    /// A phase has no step.
    #[error("phase `{phase}` has no step")]
    EmptyPhase {
        /// The empty phase.
        phase: u32,
    },
    /// A step names a phase the catalogue does not define.
    #[error("step `{step}` belongs to unknown phase `{phase}`")]
    UnknownPhase {
        /// The step.
        step: u32,
        /// The unknown phase.
        phase: u32,
    },
    /// A phase is numbered `0`: phases are numbered from 1.
    #[error("phase number `0` is not allowed; phases are numbered from 1")]
    ZeroPhaseNumber,
    /// A step is numbered `0`: steps are numbered from 1.
    #[error("step number `0` is not allowed; steps are numbered from 1")]
    ZeroStepNumber,
    /// A phase number the catalogue does not have (signing a phase off, reopening it, or a
    /// sign-off in a plan read from a file).
    #[error("there is no phase `{phase}` in the catalogue")]
    PhaseNotInCatalog {
        /// The phase as asked.
        phase: u32,
    },
    /// Numbered in order, a step would go back to an earlier phase.
    #[error("step `{step}` of phase `{phase}` comes after a step of a later phase")]
    StepsOutOfPhaseOrder {
        /// The step.
        step: u32,
        /// Its phase.
        phase: u32,
    },
    /// A duration is zero, negative, not a number of hours, or not a whole number of minutes.
    #[error("{context}: `{input}` is not a positive whole number of minutes")]
    InvalidDuration {
        /// Where the duration was given (`step 7`, `hours per day`).
        context: String,
        /// The value as given.
        input: String,
    },
    /// Trusted-device decryption only exists with SSO.
    #[error("trusted-device decryption requires SSO")]
    TrustedDevicesWithoutSso,
    /// A step number the catalogue does not have.
    #[error("there is no step `{step}` in the catalogue")]
    UnknownStep {
        /// The step.
        step: u32,
    },
    /// The step's condition does not hold for this client.
    #[error("step `{step}` does not apply to this client")]
    StepNotApplicable {
        /// The step.
        step: u32,
    },
    /// The step's status does not allow the command.
    #[error("step `{step}` cannot be {action} when it is {from}")]
    InvalidTransition {
        /// The step.
        step: u32,
        /// The status it is in.
        from: &'static str,
        /// What was asked (`started`, `completed`, `skipped`, `blocked`, `reopened`).
        action: &'static str,
    },
    /// An event to replay lacks what its kind needs: a step event its step, a phase event its
    /// phase, a profile change the new profile.
    #[error("a `{kind}` event must name its {missing}")]
    IncompleteEvent {
        /// The event's kind (`step_started`, …).
        kind: &'static str,
        /// `step`, `phase` or `profile`.
        missing: &'static str,
    },
    /// An event to replay is about another client than the plan's.
    #[error("the event is for client `{client}`, not for this plan's client")]
    EventForAnotherClient {
        /// The event's client.
        client: String,
    },
    /// Skipping or blocking needs a reason.
    #[error("step `{step}` needs a reason to be skipped or blocked")]
    MissingReason {
        /// The step.
        step: u32,
    },
    /// A phase cannot be completed while some of its applicable steps are open.
    #[error("phase `{phase}` still has open steps: {}", list(steps))]
    PhaseHasOpenSteps {
        /// The phase.
        phase: u32,
        /// Its open steps.
        steps: Vec<u32>,
    },
    /// A completed phase is closed: reopen the phase first.
    #[error("phase `{phase}` is complete; reopen it first")]
    PhaseComplete {
        /// The phase.
        phase: u32,
    },
    /// Only a completed phase can be reopened.
    #[error("phase `{phase}` is not complete")]
    PhaseNotComplete {
        /// The phase.
        phase: u32,
    },
    /// The profile given is the plan's profile already.
    #[error("the client's profile is already this one")]
    ProfileUnchanged,
    /// The new profile would make open steps apply in a signed-off phase.
    #[error(
        "the new profile adds open steps {} to complete phase `{phase}`; reopen the phase first",
        list(steps)
    )]
    ProfileOpensCompletePhase {
        /// The signed-off phase.
        phase: u32,
        /// The steps that would apply and are not done or skipped.
        steps: Vec<u32>,
    },
    /// A schedule without any working weekday would never end.
    #[error("the schedule has no working day")]
    NoWorkingDays,
    /// A weekday name that is not one of `mon` … `sun`.
    #[error("`{input}` is not a weekday (mon, tue, wed, thu, fri, sat, sun)")]
    InvalidWeekday {
        /// The value as given.
        input: String,
    },
    /// The document reader refused the text: too large (`document_too_large`), a repeated key
    /// (`duplicate_key`), the wrong shape (`invalid_document`); the code is the reader's.
    #[error(transparent)]
    Document(#[from] crate::document::DocumentError),
    /// A date outside the range a deployment document may hold (see
    /// [`crate::deployment::EARLIEST_DATE`] and [`crate::deployment::LATEST_DATE`]).
    #[error("the {what} `{date}` is outside 1900-01-01 to 2200-12-31")]
    DateOutOfRange {
        /// Which date (`due date`, `schedule start`, `holiday`, `step change`, …).
        what: &'static str,
        /// The date as given.
        date: String,
    },
    /// The projection ran past the last representable date.
    #[error("the schedule runs past the last representable date")]
    ScheduleOutOfRange,
    /// Two deployments of a portfolio are for the same client.
    #[error("client `{client}` has two deployments")]
    DuplicateClient {
        /// The client.
        client: String,
    },
    /// No deployment for this client.
    #[error("no deployment for client `{client}`")]
    UnknownClient {
        /// The client as asked.
        client: String,
    },
    /// A deployment names an organization that is not a client of the portfolio's provider.
    #[error("the deployment of `{client}` names no client of this provider; add the client first")]
    NotAClient {
        /// The organization named.
        client: String,
    },
}

/// Writes `value` as pretty JSON; a failure is [`DeploymentError::WriteFailed`].
pub(crate) fn write_json<T: serde::Serialize + ?Sized>(
    value: &T,
    what: &'static str,
) -> Result<String, DeploymentError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| DeploymentError::WriteFailed { what, message: e.to_string() })
}

fn list(steps: &[u32]) -> String {
    steps.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

impl DeploymentError {
    /// `invalid_document` for `what`, with the parser's message escaped and cut to a bounded
    /// length (a 5 MB value quoted by the parser does not make a 5 MB message).
    pub fn invalid_document(what: &'static str, message: &str) -> Self {
        Self::InvalidDocument {
            what,
            message: crate::document::quote_cut(message, 4 * crate::document::MAX_QUOTED_CHARS),
        }
    }
}

error_codes! {
    DeploymentError {
        Self::InvalidDocument { .. } => "invalid_document", CorruptDocument;
        Self::WriteFailed { .. } => "write_failed", CorruptDocument;
        Self::EmptyCatalog { .. } => "empty_catalog", CorruptDocument;
        Self::DuplicatePhaseNumber { .. } => "duplicate_phase_number", CorruptDocument;
        Self::DuplicateStepNumber { .. } => "duplicate_step_number", CorruptDocument;
        Self::EmptyPhase { .. } => "empty_phase", CorruptDocument;
        Self::UnknownPhase { .. } => "unknown_phase", CorruptDocument;
        Self::ZeroPhaseNumber => "zero_phase_number", CorruptDocument;
        Self::ZeroStepNumber => "zero_step_number", CorruptDocument;
        Self::PhaseNotInCatalog { .. } => "phase_not_in_catalog", CorruptDocument;
        Self::StepsOutOfPhaseOrder { .. } => "steps_out_of_phase_order", CorruptDocument;
        Self::InvalidDuration { .. } => "invalid_duration", InvalidInput;
        Self::TrustedDevicesWithoutSso => "trusted_devices_without_sso", InvalidInput;
        Self::UnknownStep { .. } => "unknown_step", NotFound;
        Self::StepNotApplicable { .. } => "step_not_applicable", Conflict;
        Self::InvalidTransition { .. } => "invalid_transition", Conflict;
        Self::IncompleteEvent { .. } => "incomplete_event", InvalidInput;
        Self::EventForAnotherClient { .. } => "event_for_another_client", InvalidInput;
        Self::MissingReason { .. } => "missing_reason", InvalidInput;
        Self::PhaseHasOpenSteps { .. } => "phase_has_open_steps", Conflict;
        Self::PhaseComplete { .. } => "phase_complete", Conflict;
        Self::PhaseNotComplete { .. } => "phase_not_complete", Conflict;
        Self::ProfileUnchanged => "profile_unchanged", Conflict;
        Self::ProfileOpensCompletePhase { .. } => "profile_opens_complete_phase", Conflict;
        Self::NoWorkingDays => "no_working_days", InvalidInput;
        Self::InvalidWeekday { .. } => "invalid_weekday", InvalidInput;
        Self::ScheduleOutOfRange => "schedule_out_of_range", InvalidInput;
        Self::DateOutOfRange { .. } => "date_out_of_range", InvalidInput;
        Self::DuplicateClient { .. } => "duplicate_client", Conflict;
        Self::UnknownClient { .. } => "unknown_client", NotFound;
        Self::NotAClient { .. } => "deployment_not_a_client", NotFound;
    }
    via {
        Self::Document(e) => e, CorruptDocument;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_lower_case_without_final_period_and_quote_input() {
        let e = DeploymentError::PhaseHasOpenSteps { phase: 2, steps: vec![13, 20] };
        assert_eq!(e.to_string(), "phase `2` still has open steps: `13`, `20`");
        assert_eq!(e.code(), "phase_has_open_steps");
        let e = DeploymentError::InvalidDuration { context: "step 7".into(), input: "-1".into() };
        assert_eq!(e.to_string(), "step 7: `-1` is not a positive whole number of minutes");
    }
}
