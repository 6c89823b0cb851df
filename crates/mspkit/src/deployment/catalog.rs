//! The catalogue of an edition of the deployment guide: phases and numbered steps.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::duration::{HoursValue, resolve};
use super::error::write_json;
use super::task::SetupTask;
use super::{ClientProfile, DeploymentError, Minutes};

/// A phase number (1 to 4 in the reference guide).
pub type PhaseNumber = u32;
/// A step number: the key of a step (topics repeat across phases, numbers do not).
pub type StepNumber = u32;

/// The built-in 36-step edition, parsed by the same code as a provider's own edition.
#[cfg(feature = "toml")]
const BUILTIN_TOML: &str = include_str!("guide-36.toml");

/// When a step applies only to some clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Only when the client logs in with SSO.
    Sso,
    /// Only when the client has a SIEM.
    Siem,
    /// Only when users are provisioned by SCIM or Directory Connector.
    AutomatedProvisioning,
}

impl Condition {
    /// Whether the condition holds for the client.
    pub fn holds_for(self, profile: &ClientProfile) -> bool {
        match self {
            Self::Sso => profile.sso(),
            Self::Siem => profile.siem(),
            Self::AutomatedProvisioning => profile.provisioning().is_automated(),
        }
    }

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sso => "sso",
            Self::Siem => "siem",
            Self::AutomatedProvisioning => "automated_provisioning",
        }
    }
}

/// A phase of the guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    number: PhaseNumber,
    name: String,
    goal: String,
}

impl Phase {
    /// The phase number.
    pub fn number(&self) -> PhaseNumber {
        self.number
    }
    /// Its name (`Pre-onboarding`).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// What it achieves.
    pub fn goal(&self) -> &str {
        &self.goal
    }
}

/// A step of the guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    number: StepNumber,
    phase: PhaseNumber,
    topic: String,
    action: String,
    resources: Vec<String>,
    minutes: Minutes,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<Condition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    setup_task: Option<SetupTask>,
}

impl Step {
    /// The step number, unique in the catalogue.
    pub fn number(&self) -> StepNumber {
        self.number
    }
    /// The phase it belongs to.
    pub fn phase(&self) -> PhaseNumber {
        self.phase
    }
    /// Its topic (not unique: topics repeat across phases).
    pub fn topic(&self) -> &str {
        &self.topic
    }
    /// What to do.
    pub fn action(&self) -> &str {
        &self.action
    }
    /// The help resources it points to.
    pub fn resources(&self) -> &[String] {
        &self.resources
    }
    /// The estimate.
    pub fn duration(&self) -> Minutes {
        self.minutes
    }
    /// When it applies only to some clients.
    pub fn condition(&self) -> Option<Condition> {
        self.condition
    }
    /// The initial-setup task the step accomplishes, if any.
    pub fn setup_task(&self) -> Option<SetupTask> {
        self.setup_task
    }
    /// Whether the step applies to the client.
    pub fn applies_to(&self, profile: &ClientProfile) -> bool {
        self.condition.is_none_or(|c| c.holds_for(profile))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    edition: String,
    phases: Vec<Phase>,
    steps: Vec<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    number: StepNumber,
    phase: PhaseNumber,
    topic: String,
    action: String,
    #[serde(default)]
    resources: Vec<String>,
    hours: Option<HoursValue>,
    minutes: Option<i64>,
    condition: Option<Condition>,
    setup_task: Option<SetupTask>,
}

/// An edition of the deployment guide: validated phases and steps, ordered by number.
///
/// Invariants: at least one phase and one step; phase and step numbers unique and not 0; every
/// step in a known phase, every phase with a step; positive whole-minute durations; in step
/// order the phases never go back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeploymentCatalog {
    edition: String,
    phases: Vec<Phase>,
    steps: Vec<Step>,
}

impl DeploymentCatalog {
    /// The built-in 36-step edition.
    ///
    /// It is compiled-in data read by the same validating code as a provider's own edition, so
    /// it returns a `Result` rather than hide a panic path; a unit test proves it is `Ok`.
    ///
    /// The edition is kept as TOML, so it needs the `toml` feature (on by default).
    #[cfg(feature = "toml")]
    pub fn builtin() -> Result<Self, DeploymentError> {
        Self::from_toml(BUILTIN_TOML)
    }

    /// Reads and validates an edition from TOML (the `toml` feature, on by default).
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self, DeploymentError> {
        // The one reader's size limit (TOML refuses a repeated key by itself).
        crate::document::DocumentReader::new().check_size(text, "catalogue")?;
        let raw: RawCatalog =
            toml::from_str(text).map_err(|e| DeploymentError::invalid_document("catalogue", e.message()))?;
        Self::validate(raw)
    }

    /// Reads and validates an edition from JSON (same fields as TOML).
    pub fn from_json(text: &str) -> Result<Self, DeploymentError> {
        crate::document::DocumentReader::new().check(text, "catalogue")?;
        let raw: RawCatalog = serde_json::from_str(text)
            .map_err(|e| DeploymentError::invalid_document("catalogue", &e.to_string()))?;
        Self::validate(raw)
    }

    /// Writes the edition as JSON (durations in `minutes`); [`Self::from_json`] reads it back.
    pub fn to_json(&self) -> Result<String, DeploymentError> {
        write_json(self, "catalogue")
    }

    fn validate(raw: RawCatalog) -> Result<Self, DeploymentError> {
        if raw.phases.is_empty() {
            return Err(DeploymentError::EmptyCatalog { what: "phases" });
        }
        if raw.steps.is_empty() {
            return Err(DeploymentError::EmptyCatalog { what: "steps" });
        }
        let mut phases = raw.phases;
        phases.sort_by_key(|p| p.number);
        let mut seen = BTreeSet::new();
        for p in &phases {
            if p.number == 0 {
                return Err(DeploymentError::ZeroPhaseNumber);
            }
            if !seen.insert(p.number) {
                return Err(DeploymentError::DuplicatePhaseNumber { phase: p.number });
            }
        }
        let mut steps = Vec::with_capacity(raw.steps.len());
        let mut numbers = BTreeSet::new();
        for s in raw.steps {
            if s.number == 0 {
                return Err(DeploymentError::ZeroStepNumber);
            }
            if !numbers.insert(s.number) {
                return Err(DeploymentError::DuplicateStepNumber { step: s.number });
            }
            if !seen.contains(&s.phase) {
                return Err(DeploymentError::UnknownPhase { step: s.number, phase: s.phase });
            }
            let minutes = resolve(s.hours.as_ref(), s.minutes, &format!("step {}", s.number))?;
            steps.push(Step {
                number: s.number,
                phase: s.phase,
                topic: s.topic,
                action: s.action,
                resources: s.resources,
                minutes,
                condition: s.condition,
                setup_task: s.setup_task,
            });
        }
        steps.sort_by_key(|s| s.number);
        let mut last_phase = 0;
        for s in &steps {
            if s.phase < last_phase {
                return Err(DeploymentError::StepsOutOfPhaseOrder { step: s.number, phase: s.phase });
            }
            last_phase = s.phase;
        }
        for p in &phases {
            if !steps.iter().any(|s| s.phase == p.number) {
                return Err(DeploymentError::EmptyPhase { phase: p.number });
            }
        }
        Ok(Self { edition: raw.edition, phases, steps })
    }

    /// The edition's name (free text).
    pub fn edition(&self) -> &str {
        &self.edition
    }

    /// The phases, by number.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }

    /// The steps, by number.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The step with this number.
    pub fn step(&self, number: StepNumber) -> Option<&Step> {
        self.steps.iter().find(|s| s.number == number)
    }

    /// The phase with this number.
    pub fn phase(&self, number: PhaseNumber) -> Option<&Phase> {
        self.phases.iter().find(|p| p.number == number)
    }

    /// The steps of a phase.
    pub fn steps_of(&self, phase: PhaseNumber) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.phase == phase)
    }

    /// The steps that apply to a client.
    pub fn applicable_steps<'a>(&'a self, profile: &'a ClientProfile) -> impl Iterator<Item = &'a Step> {
        self.steps.iter().filter(move |s| s.applies_to(profile))
    }

    /// The estimate of a phase, every step counted.
    pub fn phase_total(&self, phase: PhaseNumber) -> Minutes {
        self.steps_of(phase).map(Step::duration).sum()
    }

    /// The estimate of the whole guide, every step counted.
    pub fn total(&self) -> Minutes {
        self.steps.iter().map(Step::duration).sum()
    }

    /// The estimate of a phase for one client (only the steps that apply).
    pub fn phase_total_for(&self, phase: PhaseNumber, profile: &ClientProfile) -> Minutes {
        self.steps_of(phase).filter(|s| s.applies_to(profile)).map(Step::duration).sum()
    }

    /// The estimate of the whole guide for one client.
    pub fn total_for(&self, profile: &ClientProfile) -> Minutes {
        self.applicable_steps(profile).map(Step::duration).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_edition_parses_with_exact_totals() {
        let c = DeploymentCatalog::from_toml(BUILTIN_TOML).unwrap();
        assert_eq!(c.steps().len(), 36);
        let totals: Vec<String> = (1..=4).map(|p| c.phase_total(p).hours()).collect();
        assert_eq!(totals, ["5.25", "5.75", "7.1", "3.0"]);
        assert_eq!(c.total().hours(), "21.1");
        assert_eq!(c.steps_of(1).count(), 11);
        assert_eq!(c.steps_of(4).count(), 4);
        let conditional: Vec<_> =
            c.steps().iter().filter(|s| s.condition().is_some()).map(Step::number).collect();
        assert_eq!(conditional, [3, 20, 21, 25, 27, 31, 32]);
        assert_eq!(DeploymentCatalog::builtin().unwrap(), c);
    }

    fn edit(from: &str, to: &str) -> Result<DeploymentCatalog, DeploymentError> {
        assert!(BUILTIN_TOML.contains(from));
        DeploymentCatalog::from_toml(&BUILTIN_TOML.replacen(from, to, 1))
    }

    #[test]
    fn invalid_editions_are_refused_by_name() {
        let code = |r: Result<DeploymentCatalog, DeploymentError>| r.unwrap_err().code();
        assert_eq!(code(edit("number = 2\nphase = 1", "number = 1\nphase = 1")), "duplicate_step_number");
        assert_eq!(code(edit("hours = 0.5", "hours = -0.5")), "invalid_duration");
        assert_eq!(code(edit("hours = 0.5", "hours = 0")), "invalid_duration");
        assert_eq!(code(edit("hours = 0.5", "minutes = 0")), "invalid_duration");
        assert_eq!(code(edit("hours = 0.5", "hours = 0.001")), "invalid_duration");
        assert_eq!(code(edit("number = 36\nphase = 4", "number = 36\nphase = 9")), "unknown_phase");
        assert_eq!(code(edit("number = 1\nphase = 1", "number = 1\nphase = 2")), "steps_out_of_phase_order");
        assert_eq!(code(edit("[[phases]]\nnumber = 4", "[[phases]]\nnumber = 5")), "unknown_phase");
        assert_eq!(code(edit("[[phases]]\nnumber = 4", "[[phases]]\nnumber = 3")), "duplicate_phase_number");
        assert_eq!(
            code(DeploymentCatalog::from_toml("edition = \"x\"\nphases = []\nsteps = []")),
            "empty_catalog"
        );
        assert_eq!(code(DeploymentCatalog::from_toml("not toml")), "invalid_document");
        let zero_step = edit("number = 1\nphase = 1", "number = 0\nphase = 1").unwrap_err();
        assert_eq!(zero_step.code(), "zero_step_number");
        assert_eq!(zero_step.to_string(), "step number `0` is not allowed; steps are numbered from 1");
        let zero_phase = edit("[[phases]]\nnumber = 1", "[[phases]]\nnumber = 0").unwrap_err();
        assert_eq!(zero_phase.code(), "zero_phase_number");
        assert_eq!(zero_phase.to_string(), "phase number `0` is not allowed; phases are numbered from 1");
        let extra = "[[phases]]\nnumber = 5\nname = \"Aftercare\"\ngoal = \"g\"\n";
        assert_eq!(code(DeploymentCatalog::from_toml(&format!("{BUILTIN_TOML}\n{extra}"))), "empty_phase");
    }

    #[test]
    fn minutes_are_accepted_and_json_round_trips() {
        let c = edit("hours = 0.5", "minutes = 45").unwrap();
        assert_eq!(c.step(1).unwrap().duration(), Minutes::new(45));
        let back = DeploymentCatalog::from_json(&c.to_json().unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
