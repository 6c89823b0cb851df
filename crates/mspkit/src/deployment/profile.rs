//! What the provider knows about a client that decides which steps apply.

use serde::{Deserialize, Serialize};

use super::DeploymentError;

/// Where the client's server runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    /// The vendor's cloud.
    #[default]
    Cloud,
    /// The client's own servers.
    SelfHosted,
}

/// How members decrypt their vault.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decryption {
    /// With their master password.
    #[default]
    MasterPassword,
    /// With trusted devices (SSO only).
    TrustedDevices,
}

/// How users are brought into the organization.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provisioning {
    /// Invitations sent by hand.
    #[default]
    Manual,
    /// SCIM from the identity provider.
    Scim,
    /// The Directory Connector.
    DirectoryConnector,
}

impl Provisioning {
    /// SCIM or Directory Connector.
    pub fn is_automated(self) -> bool {
        !matches!(self, Self::Manual)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    #[serde(default)]
    hosting: Hosting,
    #[serde(default)]
    sso: bool,
    #[serde(default)]
    decryption: Decryption,
    #[serde(default)]
    provisioning: Provisioning,
    #[serde(default)]
    siem: bool,
}

/// A client's profile: hosting, SSO, decryption, provisioning and SIEM.
///
/// Invariant: trusted-device decryption implies SSO. Every field defaults (cloud, no SSO,
/// master password, manual invitations, no SIEM).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawProfile")]
pub struct ClientProfile {
    hosting: Hosting,
    sso: bool,
    decryption: Decryption,
    provisioning: Provisioning,
    siem: bool,
}

impl TryFrom<RawProfile> for ClientProfile {
    type Error = DeploymentError;
    fn try_from(r: RawProfile) -> Result<Self, Self::Error> {
        Self::new(r.hosting, r.sso, r.decryption, r.provisioning, r.siem)
    }
}

impl ClientProfile {
    /// A validated profile.
    pub fn new(
        hosting: Hosting,
        sso: bool,
        decryption: Decryption,
        provisioning: Provisioning,
        siem: bool,
    ) -> Result<Self, DeploymentError> {
        if decryption == Decryption::TrustedDevices && !sso {
            return Err(DeploymentError::TrustedDevicesWithoutSso);
        }
        Ok(Self { hosting, sso, decryption, provisioning, siem })
    }

    /// Where the server runs.
    pub fn hosting(&self) -> Hosting {
        self.hosting
    }
    /// Whether members log in with SSO.
    pub fn sso(&self) -> bool {
        self.sso
    }
    /// How members decrypt.
    pub fn decryption(&self) -> Decryption {
        self.decryption
    }
    /// How users are provisioned.
    pub fn provisioning(&self) -> Provisioning {
        self.provisioning
    }
    /// Whether the client has a SIEM.
    pub fn siem(&self) -> bool {
        self.siem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_devices_need_sso() {
        let e = ClientProfile::new(
            Hosting::Cloud,
            false,
            Decryption::TrustedDevices,
            Provisioning::Manual,
            false,
        );
        assert_eq!(e.unwrap_err().code(), "trusted_devices_without_sso");
        let json = r#"{"sso": false, "decryption": "trusted_devices"}"#;
        assert!(serde_json::from_str::<ClientProfile>(json).is_err());
        let p: ClientProfile = serde_json::from_str(r#"{"sso": true, "provisioning": "scim"}"#).unwrap();
        assert!(p.sso() && p.provisioning().is_automated());
        assert!(serde_json::from_str::<ClientProfile>(r#"{"ssso": true}"#).is_err());
    }
}
