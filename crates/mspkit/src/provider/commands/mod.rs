//! The provider's commands, one file per area: each checks permissions and inputs, decides
//! the changes, and records them through `Provider::apply`.

mod access;
pub(crate) mod clients;
mod deployments;
mod head;
mod lifecycle;
mod plans;
mod policies;
mod reviews;
mod subscription;
mod tags;
mod team;

use crate::error::Error;
use crate::ids::ProviderUserId;
use crate::permissions::{Action, Target, authorize};
use crate::provider::{ClientError, Provider};

impl Provider {
    /// Checks a command's permission. An unknown client is `client_not_found` (category
    /// `not_found`) before any permission question is asked.
    pub(crate) fn allow(&self, actor: ProviderUserId, action: Action, target: Target) -> Result<(), Error> {
        self.live()?;
        if let Target::Client(client) = target
            && self.client(client).is_none()
        {
            return Err(Error::Client(ClientError::NotFound { client }));
        }
        authorize(self, actor, action, target).map_err(Error::Denied)
    }
}
