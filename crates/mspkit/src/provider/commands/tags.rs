//! Client tags on the provider (issue 17, item 3): the command that sets a client's tags and
//! the apply function of its event. The tag value and the set rule are in the clients area
//! (`provider/clients/tags.rs`).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::error::Error;
use crate::event::{Actor, Change, Event};
use crate::ids::{OrganizationId, ProviderUserId};
use crate::permissions::{Action, Target};
use crate::provider::Provider;
use crate::provider::clients::{ClientTag, tag_set};

impl Provider {
    /// Sets a client's tags to exactly `tags` (the same tag twice counts once; at most
    /// [`MAX_CLIENT_TAGS`](crate::client::MAX_CLIENT_TAGS): `client_tags_too_many`). Tags select
    /// the baselines a client is checked against, a decision of the provider's admins, so it
    /// needs [`Action::EditProviderSettings`]. One `client_tags_changed` event with the whole
    /// set before and after; the tags the client already has return no event. A suspended
    /// client may be tagged (tagging does not administer it).
    pub fn set_client_tags(
        &mut self,
        actor: ProviderUserId,
        client: OrganizationId,
        tags: impl IntoIterator<Item = ClientTag>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, Error> {
        self.allow(actor, Action::EditProviderSettings, Target::Provider)?;
        let from = self.existing_client(client)?.tags().clone();
        let to = tag_set(tags)?;
        if from == to {
            return Ok(Vec::new());
        }
        self.commit_one(Actor::Member(actor), now, Change::ClientTagsChanged { client, from, to })
    }

    /// A client's tags change: the client exists, `from` is its set, `to` is a set a command
    /// could make (within the limit) and differs from it.
    pub(in crate::provider) fn apply_client_tags_changed(
        &mut self,
        client: OrganizationId,
        from: &BTreeSet<ClientTag>,
        to: &BTreeSet<ClientTag>,
    ) -> Result<(), Error> {
        let current = self.existing_client(client)?.tags();
        if current != from {
            return Err(
                self.mismatch(format!("the tags of client `{client}` are not the ones the event records"))
            );
        }
        if from == to {
            return Err(self.mismatch(format!("client `{client}` already has these tags")));
        }
        let to = tag_set(to.iter().cloned())?;
        self.clients.update(client, |c| {
            c.tags = to;
            Ok(())
        })
    }
}
