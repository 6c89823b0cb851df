//! Who may do what: one pure function, [`authorize`], answers whether a provider member may
//! perform an action on the provider or on one of its clients, and if not, why.

mod action;

pub use action::{Action, Denial, DenialReason, Target};

use crate::ids::ProviderUserId;
use crate::provider::Provider;
use crate::team::{ProviderUserStatus, ProviderUserType};

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
    let deny = |reason| Err(Denial { reason, action, actor, target });
    let Some(member) = provider.member(actor) else {
        return deny(DenialReason::NotAMember);
    };
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
    if let Some(id) = client
        && provider.client(id).is_none()
    {
        return deny(DenialReason::ClientNotManaged);
    }
    // A suspended client's members are refused, provider members administering it included.
    if let Some(id) = client
        && action == Action::AdministerClient
        && provider.client(id).is_some_and(|c| c.state().refuses_members())
    {
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
        Some(id) if !member.reaches_client(id) => deny(DenialReason::ClientOutOfScope),
        _ => Ok(()),
    }
}
