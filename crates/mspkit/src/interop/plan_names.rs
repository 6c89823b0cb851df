//! The plan names the reference stores on an organization (its `plan` column), and the codes each
//! can stand for.
//!
//! A name is not a code: the plan definitions' names lost or gained their year over time, and the
//! Admin portal writes the enum's display name instead. So `Teams (Monthly)` may be any of four
//! Teams monthly editions. Names are matched exactly (case and spacing as the reference writes
//! them); any other text is unknown.

use crate::plan::PlanType;

/// What a stored plan name says about the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanName {
    /// The name stands for one plan.
    Exact(PlanType),
    /// The name stands for any of these plans (oldest first; the last is the current edition).
    Ambiguous(&'static [PlanType]),
    /// The reference writes no such name.
    Unknown,
}

const TEAMS_MONTHLY: &[PlanType] = &[
    PlanType::TeamsMonthly2019,
    PlanType::TeamsMonthly2020,
    PlanType::TeamsMonthly2023,
    PlanType::TeamsMonthly,
];
const TEAMS_ANNUALLY: &[PlanType] = &[
    PlanType::TeamsAnnually2019,
    PlanType::TeamsAnnually2020,
    PlanType::TeamsAnnually2023,
    PlanType::TeamsAnnually,
];
const ENTERPRISE_MONTHLY: &[PlanType] = &[
    PlanType::EnterpriseMonthly2019,
    PlanType::EnterpriseMonthly2020,
    PlanType::EnterpriseMonthly2023,
    PlanType::EnterpriseMonthly,
];
const ENTERPRISE_ANNUALLY: &[PlanType] = &[
    PlanType::EnterpriseAnnually2019,
    PlanType::EnterpriseAnnually2020,
    PlanType::EnterpriseAnnually2023,
    PlanType::EnterpriseAnnually,
];
const FAMILIES: &[PlanType] = &[PlanType::FamiliesAnnually2019, PlanType::FamiliesAnnually];
const TEAMS_STARTER_DEFINITION: &[PlanType] = &[PlanType::TeamsStarter2023, PlanType::TeamsStarter];

/// What the stored plan name `name` says: the plan definitions' names and the Admin portal's
/// enum display names, old and new.
///
/// ```
/// use mspkit::PlanType;
/// use mspkit::interop::{PlanName, plan_for_name};
///
/// assert_eq!(plan_for_name("Teams (Monthly) 2020"), PlanName::Exact(PlanType::TeamsMonthly2020));
/// assert!(matches!(plan_for_name("Teams (Monthly)"), PlanName::Ambiguous(codes) if codes.len() == 4));
/// assert_eq!(plan_for_name("teams (monthly) 2020"), PlanName::Unknown);
/// ```
pub fn plan_for_name(name: &str) -> PlanName {
    use PlanType as P;
    let exact = match name {
        "Free" => P::Free,
        "Families 2019" => P::FamiliesAnnually2019,
        "Teams (Monthly) 2019" => P::TeamsMonthly2019,
        "Teams (Annually) 2019" => P::TeamsAnnually2019,
        "Enterprise (Monthly) 2019" => P::EnterpriseMonthly2019,
        "Enterprise (Annually) 2019" => P::EnterpriseAnnually2019,
        "Custom" => P::Custom,
        "Families 2025" => P::FamiliesAnnually2025,
        "Teams (Monthly) 2020" => P::TeamsMonthly2020,
        "Teams (Annually) 2020" => P::TeamsAnnually2020,
        "Enterprise (Monthly) 2020" => P::EnterpriseMonthly2020,
        "Enterprise (Annually) 2020" => P::EnterpriseAnnually2020,
        "Teams (Monthly) 2023" => P::TeamsMonthly2023,
        "Teams (Annually) 2023" => P::TeamsAnnually2023,
        "Enterprise (Monthly) 2023" => P::EnterpriseMonthly2023,
        "Enterprise (Annually) 2023" => P::EnterpriseAnnually2023,
        "Teams Starter 2023" => P::TeamsStarter2023,
        "Teams Starter" => P::TeamsStarter,
        "Teams (Monthly)" => return PlanName::Ambiguous(TEAMS_MONTHLY),
        "Teams (Annually)" => return PlanName::Ambiguous(TEAMS_ANNUALLY),
        "Enterprise (Monthly)" => return PlanName::Ambiguous(ENTERPRISE_MONTHLY),
        "Enterprise (Annually)" => return PlanName::Ambiguous(ENTERPRISE_ANNUALLY),
        "Families" => return PlanName::Ambiguous(FAMILIES),
        "Teams (Starter)" => return PlanName::Ambiguous(TEAMS_STARTER_DEFINITION),
        _ => return PlanName::Unknown,
    };
    PlanName::Exact(exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plan_has_one_unambiguous_name_and_ambiguous_names_end_at_the_current_edition() {
        // The Admin portal's names (with a year where the spec's table gives one) are exact.
        let admin = [
            "Free",
            "Families 2019",
            "Teams (Monthly) 2019",
            "Teams (Annually) 2019",
            "Enterprise (Monthly) 2019",
            "Enterprise (Annually) 2019",
            "Custom",
            "Families 2025",
            "Teams (Monthly) 2020",
            "Teams (Annually) 2020",
            "Enterprise (Monthly) 2020",
            "Enterprise (Annually) 2020",
            "Teams (Monthly) 2023",
            "Teams (Annually) 2023",
            "Enterprise (Monthly) 2023",
            "Enterprise (Annually) 2023",
            "Teams Starter 2023",
        ];
        for (code, name) in admin.iter().enumerate() {
            let plan = PlanType::from_code(u8::try_from(code).unwrap()).unwrap();
            assert_eq!(plan_for_name(name), PlanName::Exact(plan), "{name}");
        }
        assert_eq!(plan_for_name("Teams Starter"), PlanName::Exact(PlanType::TeamsStarter));
        let ambiguous = [
            ("Teams (Monthly)", vec![2, 8, 12, 17]),
            ("Teams (Annually)", vec![3, 9, 13, 18]),
            ("Enterprise (Monthly)", vec![4, 10, 14, 19]),
            ("Enterprise (Annually)", vec![5, 11, 15, 20]),
            ("Families", vec![1, 22]),
            ("Teams (Starter)", vec![16, 21]),
        ];
        for (name, codes) in ambiguous {
            let PlanName::Ambiguous(plans) = plan_for_name(name) else { panic!("{name} is ambiguous") };
            assert_eq!(plans.iter().map(|p| p.code()).collect::<Vec<_>>(), codes, "{name}");
        }
    }

    #[test]
    fn names_match_exactly() {
        for name in [
            "teams (monthly)",
            "Teams (Monthly) ",
            "Teams  (Monthly)",
            "Teams (Monthly) 2024",
            "",
            "Enterprise",
        ] {
            assert_eq!(plan_for_name(name), PlanName::Unknown, "{name:?}");
        }
    }
}
