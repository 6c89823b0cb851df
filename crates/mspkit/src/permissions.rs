//! Who may do what: one pure function, [`authorize`], answers whether a provider member may
//! perform an action on the provider or on one of its clients, and if not, why.

mod action;
#[cfg(test)]
mod tests;

pub use action::{Action, Denial, DenialReason, Target};

use crate::ClientOrganization;
use crate::ids::{OrganizationId, ProviderUserId};
use crate::provider::Provider;
use crate::team::{ProviderUser, ProviderUserStatus, ProviderUserType};

/// Decides whether `actor` may perform `action` on `target` in `provider`.
///
/// The checks run in a fixed order, and the first that fails is the reason: membership, revoked,
/// confirmed, provider enabled, the provider's access suspended (the emergency stop: every
/// action of a member not resumed), vault items, target kind, client of this provider, a
/// suspended client (for administering it), role, and finally a service user's client scope.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mspkit::permissions::{authorize, Action, Target};
/// use mspkit::{Email, Provider, ProviderId, ProviderSettings, ProviderType, UserId};
/// use uuid::Uuid;
///
/// let now = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
/// let id = ProviderId::new(Uuid::from_u128(1));
/// let ada = Email::new("ada@northwind.example")?;
/// let settings = ProviderSettings::new("Northwind IT")?;
/// let (mut provider, _) = Provider::issue(id, ProviderType::Msp, settings, ada.clone(), now);
/// provider.set_up(UserId::new(Uuid::from_u128(2)), &ada, now)?;
/// let admin = provider.members()[0].id();
///
/// assert!(authorize(&provider, admin, Action::ManageTeam, Target::Provider).is_ok());
/// let denial = authorize(&provider, admin, Action::AccessClientVault, Target::Provider).unwrap_err();
/// assert_eq!(denial.code(), "vault_items_never");
/// # Ok::<(), mspkit::Error>(())
/// ```
pub fn authorize(
    provider: &Provider,
    actor: ProviderUserId,
    action: Action,
    target: Target,
) -> Result<(), Denial> {
    check(provider, actor, action, target, true)
}

/// [`authorize`] as it answers without the provider's access suspension: what a suspension
/// takes from a member and a resume gives back (the blast radius report, and the admin who
/// suspended, who keeps resuming).
pub fn authorize_unsuspended(
    provider: &Provider,
    actor: ProviderUserId,
    action: Action,
    target: Target,
) -> Result<(), Denial> {
    check(provider, actor, action, target, false)
}

fn check(
    provider: &Provider,
    actor: ProviderUserId,
    action: Action,
    target: Target,
    suspension: bool,
) -> Result<(), Denial> {
    let Some(member) = provider.member(actor) else {
        return Err(Denial { reason: DenialReason::NotAMember, action, actor, target });
    };
    let found = match target {
        Target::Client(id) => provider.client(id),
        Target::Provider => None,
    };
    decide(provider, member, action, target, found, suspension, |id| member.reaches_client(id))
}

/// [`authorize_unsuspended`] of `action` on `client`, with the member and the client in hand
/// (both the provider's) and whether the member's scope reaches the client already known: the
/// same checks in the same order, without looking anything up. The blast radius and the access
/// review ask it for every member and client (issue 20: linear in clients); see [`ScopeReach`].
pub(crate) fn authorize_in_hand(
    provider: &Provider,
    member: &ProviderUser,
    action: Action,
    client: &ClientOrganization,
    reach: &ScopeReach,
    position: usize,
) -> Result<(), Denial> {
    let target = Target::Client(client.id());
    decide(provider, member, action, target, Some(client), false, |_| reach.reaches(position))
}

/// Which clients a member's scope reaches, by their position in [`Provider::clients`]: every
/// client, or those of a service user's scope (one lookup per scope entry, then one read per
/// client, where asking the scope for each client is a search).
#[derive(Debug)]
pub(crate) enum ScopeReach {
    /// Every client.
    All,
    /// The clients at the positions marked.
    Positions(Vec<bool>),
}

impl ScopeReach {
    /// What `member`'s scope reaches in `provider` ([`ProviderUser::reaches_client`] of each
    /// client).
    pub(crate) fn of(provider: &Provider, member: &ProviderUser) -> Self {
        match (member.role(), member.client_scope()) {
            (ProviderUserType::ServiceUser, Some(scope)) => {
                let mut marked = vec![false; provider.clients().len()];
                for id in scope {
                    if let Some(slot) = provider.client_position(*id).and_then(|p| marked.get_mut(p)) {
                        *slot = true;
                    }
                }
                Self::Positions(marked)
            }
            _ => Self::All,
        }
    }

    /// Whether the client at `position` is reached.
    pub(crate) fn reaches(&self, position: usize) -> bool {
        match self {
            Self::All => true,
            Self::Positions(marked) => marked.get(position).copied().unwrap_or(false),
        }
    }
}

/// The checks once the member is found, in [`authorize`]'s order: `found` is the target
/// client as the provider has it (`None`: not one of its clients), `reaches` whether the
/// member's scope reaches a client.
fn decide(
    provider: &Provider,
    member: &ProviderUser,
    action: Action,
    target: Target,
    found: Option<&ClientOrganization>,
    suspension: bool,
    reaches: impl FnOnce(OrganizationId) -> bool,
) -> Result<(), Denial> {
    let actor = member.id();
    let deny = |reason| Err(Denial { reason, action, actor, target });
    match member.status() {
        ProviderUserStatus::Revoked => return deny(DenialReason::MemberRevoked),
        ProviderUserStatus::Invited | ProviderUserStatus::Accepted => {
            return deny(DenialReason::MemberNotConfirmed);
        }
        ProviderUserStatus::Confirmed => {}
    }
    if !provider.enabled() {
        return deny(DenialReason::ProviderDisabled);
    }
    if suspension && provider.access_suspension().is_some_and(|s| s.suspends(actor)) {
        return deny(DenialReason::ProviderAccessSuspended);
    }
    if action == Action::AccessClientVault {
        return deny(DenialReason::VaultItemsNever);
    }
    let client = match (action.targets_client(), target) {
        (true, Target::Client(id)) => Some(id),
        (false, Target::Provider) => None,
        _ => return deny(DenialReason::WrongTarget),
    };
    if client.is_some() && found.is_none() {
        return deny(DenialReason::ClientNotManaged);
    }
    // A suspended client's members are refused, provider members administering it included.
    if action == Action::AdministerClient && found.is_some_and(|c| c.state().refuses_members()) {
        return deny(DenialReason::ClientSuspended);
    }
    if member.role() == ProviderUserType::ProviderAdmin {
        return Ok(());
    }
    match action {
        Action::AdministerClient | Action::ChangeClientSeats { purchase: false } => {}
        Action::ChangeClientSeats { purchase: true } => return deny(DenialReason::PurchaseRequiresAdmin),
        _ => return deny(DenialReason::ProviderAdminOnly),
    }
    match client {
        Some(id) if !reaches(id) => deny(DenialReason::ClientOutOfScope),
        _ => Ok(()),
    }
}
