//! The core types can be shared between threads: checked at compile time.

use mspkit::deployment::{
    ClientDeployment, DeploymentCatalog, DeploymentError, DeploymentEvent, DeploymentPlan,
    DeploymentPortfolio, DeploymentReport, Schedule,
};
use mspkit::password::{Kdf, KdfDeriver, MasterKey, MasterPasswordPolicy, PasswordError, StretchedKey};
use mspkit::{
    ClientOrganization, DocumentError, DocumentReader, Email, Error, Event, Portfolio, PortfolioReport,
    Provider, ProviderUser, SecretString,
};

const fn assert_send_sync<T: Send + Sync>() {}

/// Compiles only while every listed type is `Send + Sync`: an embedding service can keep them
/// in shared state and move them between worker threads.
#[test]
fn core_types_are_send_and_sync() {
    const _: () = {
        assert_send_sync::<Provider>();
        assert_send_sync::<ProviderUser>();
        assert_send_sync::<ClientOrganization>();
        assert_send_sync::<Event>();
        assert_send_sync::<Portfolio>();
        assert_send_sync::<PortfolioReport>();
        assert_send_sync::<Email>();
        assert_send_sync::<Error>();
        assert_send_sync::<DocumentReader>();
        assert_send_sync::<DocumentError>();
        assert_send_sync::<DeploymentCatalog>();
        assert_send_sync::<DeploymentPlan>();
        assert_send_sync::<DeploymentEvent>();
        assert_send_sync::<DeploymentPortfolio>();
        assert_send_sync::<DeploymentReport>();
        assert_send_sync::<ClientDeployment>();
        assert_send_sync::<Schedule>();
        assert_send_sync::<DeploymentError>();
        assert_send_sync::<Kdf>();
        assert_send_sync::<KdfDeriver>();
        assert_send_sync::<MasterKey>();
        assert_send_sync::<StretchedKey>();
        assert_send_sync::<MasterPasswordPolicy>();
        assert_send_sync::<PasswordError>();
        assert_send_sync::<SecretString>();
    };
}
