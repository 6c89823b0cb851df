//! The plan catalogue: every reference `PlanType`, its product tier, cadence and features.

use serde::{Deserialize, Serialize};

/// A password-manager plan (the reference's `PlanType`, with its byte code from [`PlanType::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PlanType {
    /// Free (0).
    Free,
    /// Families, annual, 2019 edition (1).
    FamiliesAnnually2019,
    /// Teams, monthly, 2019 edition (2).
    TeamsMonthly2019,
    /// Teams, annual, 2019 edition (3).
    TeamsAnnually2019,
    /// Enterprise, monthly, 2019 edition (4).
    EnterpriseMonthly2019,
    /// Enterprise, annual, 2019 edition (5).
    EnterpriseAnnually2019,
    /// A custom plan (6).
    Custom,
    /// Families, annual, 2025 edition (7).
    FamiliesAnnually2025,
    /// Teams, monthly, 2020 edition (8).
    TeamsMonthly2020,
    /// Teams, annual, 2020 edition (9).
    TeamsAnnually2020,
    /// Enterprise, monthly, 2020 edition (10).
    EnterpriseMonthly2020,
    /// Enterprise, annual, 2020 edition (11).
    EnterpriseAnnually2020,
    /// Teams, monthly, 2023 edition (12).
    TeamsMonthly2023,
    /// Teams, annual, 2023 edition (13).
    TeamsAnnually2023,
    /// Enterprise, monthly, 2023 edition (14).
    EnterpriseMonthly2023,
    /// Enterprise, annual, 2023 edition (15).
    EnterpriseAnnually2023,
    /// Teams Starter, 2023 edition (16).
    TeamsStarter2023,
    /// Teams, monthly, current (17).
    TeamsMonthly,
    /// Teams, annual, current (18).
    TeamsAnnually,
    /// Enterprise, monthly, current (19).
    EnterpriseMonthly,
    /// Enterprise, annual, current (20).
    EnterpriseAnnually,
    /// Teams Starter, current (21).
    TeamsStarter,
    /// Families, annual, current (22).
    FamiliesAnnually,
}

/// A product tier: what a plan sells, whatever its edition or cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductTier {
    /// Free organizations.
    Free,
    /// Families organizations.
    Families,
    /// Teams organizations.
    Teams,
    /// Enterprise organizations (and custom plans).
    Enterprise,
    /// Teams Starter organizations.
    TeamsStarter,
}

/// How often a plan is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Billed every month.
    Monthly,
    /// Billed every year.
    Annually,
    /// Not billed (free).
    None,
}

/// The features a plan brings to an organization (the reference's plan definitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is an independent setting of the reference, not a state machine"
)]
pub struct PlanFeatures {
    /// Groups of members.
    pub groups: bool,
    /// Directory Connector synchronisation.
    pub directory: bool,
    /// Organization event logs.
    pub events: bool,
    /// TOTP for members.
    pub totp: bool,
    /// Two-step login with the organization's Duo.
    pub two_factor: bool,
    /// The public API.
    pub api: bool,
    /// SCIM provisioning.
    pub scim: bool,
    /// Premium features for every member.
    pub users_get_premium: bool,
    /// Policies can be viewed.
    pub view_policies: bool,
    /// Policies can be enabled and configured (Enterprise).
    pub policies: bool,
    /// Login with SSO.
    pub sso: bool,
    /// Key Connector.
    pub key_connector: bool,
    /// Account recovery administration (reset password).
    pub reset_password: bool,
    /// Custom roles (permissions).
    pub custom_permissions: bool,
    /// Self-hosting.
    pub self_host: bool,
}

reference_codes!(PlanType: u8 {
    Free = 0, "free";
    FamiliesAnnually2019 = 1, "families_annually2019";
    TeamsMonthly2019 = 2, "teams_monthly2019";
    TeamsAnnually2019 = 3, "teams_annually2019";
    EnterpriseMonthly2019 = 4, "enterprise_monthly2019";
    EnterpriseAnnually2019 = 5, "enterprise_annually2019";
    Custom = 6, "custom";
    FamiliesAnnually2025 = 7, "families_annually2025";
    TeamsMonthly2020 = 8, "teams_monthly2020";
    TeamsAnnually2020 = 9, "teams_annually2020";
    EnterpriseMonthly2020 = 10, "enterprise_monthly2020";
    EnterpriseAnnually2020 = 11, "enterprise_annually2020";
    TeamsMonthly2023 = 12, "teams_monthly2023";
    TeamsAnnually2023 = 13, "teams_annually2023";
    EnterpriseMonthly2023 = 14, "enterprise_monthly2023";
    EnterpriseAnnually2023 = 15, "enterprise_annually2023";
    TeamsStarter2023 = 16, "teams_starter2023";
    TeamsMonthly = 17, "teams_monthly";
    TeamsAnnually = 18, "teams_annually";
    EnterpriseMonthly = 19, "enterprise_monthly";
    EnterpriseAnnually = 20, "enterprise_annually";
    TeamsStarter = 21, "teams_starter";
    FamiliesAnnually = 22, "families_annually";
});

impl PlanType {
    /// A readable name, as the reference shows it (`Teams (Monthly)`).
    pub fn display_name(self) -> &'static str {
        match self.tier() {
            ProductTier::Free => "Free",
            ProductTier::Families => "Families",
            ProductTier::TeamsStarter => "Teams Starter",
            ProductTier::Teams => match self.cadence() {
                Cadence::Annually => "Teams (Annually)",
                _ => "Teams (Monthly)",
            },
            ProductTier::Enterprise if self == Self::Custom => "Custom",
            ProductTier::Enterprise => match self.cadence() {
                Cadence::Annually => "Enterprise (Annually)",
                _ => "Enterprise (Monthly)",
            },
        }
    }

    /// The product tier the plan sells.
    pub fn tier(self) -> ProductTier {
        match self {
            Self::Free => ProductTier::Free,
            Self::FamiliesAnnually2019 | Self::FamiliesAnnually2025 | Self::FamiliesAnnually => {
                ProductTier::Families
            }
            Self::TeamsMonthly2019
            | Self::TeamsAnnually2019
            | Self::TeamsMonthly2020
            | Self::TeamsAnnually2020
            | Self::TeamsMonthly2023
            | Self::TeamsAnnually2023
            | Self::TeamsMonthly
            | Self::TeamsAnnually => ProductTier::Teams,
            Self::EnterpriseMonthly2019
            | Self::EnterpriseAnnually2019
            | Self::EnterpriseMonthly2020
            | Self::EnterpriseAnnually2020
            | Self::EnterpriseMonthly2023
            | Self::EnterpriseAnnually2023
            | Self::EnterpriseMonthly
            | Self::EnterpriseAnnually
            | Self::Custom => ProductTier::Enterprise,
            Self::TeamsStarter2023 | Self::TeamsStarter => ProductTier::TeamsStarter,
        }
    }

    /// How the plan is billed.
    pub fn cadence(self) -> Cadence {
        match self {
            Self::Free | Self::Custom => Cadence::None,
            Self::TeamsMonthly2019
            | Self::EnterpriseMonthly2019
            | Self::TeamsMonthly2020
            | Self::EnterpriseMonthly2020
            | Self::TeamsMonthly2023
            | Self::EnterpriseMonthly2023
            | Self::TeamsStarter2023
            | Self::TeamsMonthly
            | Self::EnterpriseMonthly
            | Self::TeamsStarter => Cadence::Monthly,
            Self::FamiliesAnnually2019
            | Self::FamiliesAnnually2025
            | Self::FamiliesAnnually
            | Self::TeamsAnnually2019
            | Self::EnterpriseAnnually2019
            | Self::TeamsAnnually2020
            | Self::EnterpriseAnnually2020
            | Self::TeamsAnnually2023
            | Self::EnterpriseAnnually2023
            | Self::TeamsAnnually
            | Self::EnterpriseAnnually => Cadence::Annually,
        }
    }

    /// The 2020 edition of a current Teams or Enterprise plan (17–20 → 8–11), which a provider
    /// created before 2023-11-06 gives the organizations it adds (the reference's
    /// `ProviderService.AddOrganization`); a 2020 plan is its own; `None` for any other plan
    /// (the reference refuses it: "Invalid PlanType selected").
    pub fn edition_2020(self) -> Option<Self> {
        match self {
            Self::TeamsMonthly | Self::TeamsMonthly2020 => Some(Self::TeamsMonthly2020),
            Self::TeamsAnnually | Self::TeamsAnnually2020 => Some(Self::TeamsAnnually2020),
            Self::EnterpriseMonthly | Self::EnterpriseMonthly2020 => Some(Self::EnterpriseMonthly2020),
            Self::EnterpriseAnnually | Self::EnterpriseAnnually2020 => Some(Self::EnterpriseAnnually2020),
            _ => None,
        }
    }

    /// The current plan a 2020 Teams or Enterprise plan stands for (8–11 → 17–20); `None` for
    /// any other plan.
    pub fn current_of_2020(self) -> Option<Self> {
        match self {
            Self::TeamsMonthly2020 => Some(Self::TeamsMonthly),
            Self::TeamsAnnually2020 => Some(Self::TeamsAnnually),
            Self::EnterpriseMonthly2020 => Some(Self::EnterpriseMonthly),
            Self::EnterpriseAnnually2020 => Some(Self::EnterpriseAnnually),
            _ => None,
        }
    }

    /// Whether the plan is a current Teams or Enterprise plan of any edition: what a provider can
    /// take on as a client.
    pub fn is_business(self) -> bool {
        matches!(self.tier(), ProductTier::Teams | ProductTier::Enterprise) && self != Self::Custom
    }

    /// The features the plan brings.
    pub fn features(self) -> PlanFeatures {
        self.tier().features()
    }

    /// The list price per seat, in US cents, for an organization outside a provider: Teams $5 a
    /// month ($48 a year), Enterprise $7 a month ($72 a year); `None` for plans not sold per seat.
    pub fn list_price_cents(self) -> Option<u32> {
        match (self.tier(), self.cadence()) {
            (ProductTier::Teams, Cadence::Monthly) => Some(500),
            (ProductTier::Teams, Cadence::Annually) => Some(4_800),
            (ProductTier::Enterprise, Cadence::Monthly) => Some(700),
            (ProductTier::Enterprise, Cadence::Annually) => Some(7_200),
            _ => None,
        }
    }
}

impl ProductTier {
    /// The features of the tier's current plans.
    pub fn features(self) -> PlanFeatures {
        let none = PlanFeatures {
            groups: false,
            directory: false,
            events: false,
            totp: false,
            two_factor: false,
            api: false,
            scim: false,
            users_get_premium: false,
            view_policies: false,
            policies: false,
            sso: false,
            key_connector: false,
            reset_password: false,
            custom_permissions: false,
            self_host: false,
        };
        let teams = PlanFeatures {
            groups: true,
            directory: true,
            events: true,
            totp: true,
            two_factor: true,
            api: true,
            scim: true,
            users_get_premium: true,
            view_policies: true,
            ..none
        };
        match self {
            Self::Free => none,
            Self::Families => PlanFeatures { totp: true, users_get_premium: true, self_host: true, ..none },
            Self::TeamsStarter => {
                PlanFeatures { totp: true, users_get_premium: true, two_factor: true, ..none }
            }
            Self::Teams => teams,
            Self::Enterprise => PlanFeatures {
                policies: true,
                sso: true,
                key_connector: true,
                reset_password: true,
                custom_permissions: true,
                self_host: true,
                ..teams
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for code in 0..=22u8 {
            let plan = PlanType::from_code(code).unwrap();
            assert_eq!(plan.code(), code);
            assert_eq!(PlanType::from_name(plan.name()), Some(plan));
            let json = serde_json::to_string(&plan).unwrap();
            assert_eq!(json, format!("\"{}\"", plan.name()));
        }
        assert_eq!(PlanType::from_code(23), None);
    }

    #[test]
    fn enterprise_has_everything_teams_has_plus_policies() {
        let teams = PlanType::TeamsMonthly.features();
        let enterprise = PlanType::EnterpriseMonthly.features();
        assert!(teams.view_policies && !teams.policies && !teams.sso);
        assert!(enterprise.policies && enterprise.sso && enterprise.reset_password && enterprise.scim);
        assert_eq!(PlanType::TeamsMonthly.list_price_cents(), Some(500));
        assert_eq!(PlanType::EnterpriseAnnually.list_price_cents(), Some(7_200));
        assert_eq!(PlanType::TeamsMonthly.display_name(), "Teams (Monthly)");
    }
}
