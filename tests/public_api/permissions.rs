//! The permission table of the spec, cell by cell, and the reasons of every denial.

use std::collections::BTreeSet;

use mspkit::{
    Action, DenialReason, OrganizationId, PlanType, ProviderType, ProviderUserStatus, Target, authorize,
};
use uuid::Uuid;

use crate::support::{Fixture, t0};

/// The spec's table: what a confirmed provider admin and an unscoped service user may do.
const TABLE: [(Action, bool, bool); 14] = [
    (Action::AdministerClient, true, true),
    (Action::AccessClientVault, false, false),
    (Action::CreateClient, true, false),
    (Action::AddExistingClient, true, false),
    (Action::ChangeClientSeats { purchase: false }, true, true),
    (Action::ChangeClientSeats { purchase: true }, true, false),
    (Action::UnlinkClient, true, false),
    (Action::DeleteClient, true, false),
    (Action::ManageTeam, true, false),
    (Action::ViewProviderEvents, true, false),
    (Action::ExportProviderEvents, true, false),
    (Action::EditProviderSettings, true, false),
    (Action::DeleteProvider, true, false),
    (Action::ManageBilling, true, false),
];

/// Client actions are done to a client; the others to the provider.
const CLIENT_ACTIONS: [&str; 6] = [
    "administer_client",
    "access_client_vault",
    "change_client_seats",
    "purchase_client_seats",
    "unlink_client",
    "delete_client",
];

struct World {
    f: Fixture,
    admin: mspkit::ProviderUserId,
    service: mspkit::ProviderUserId,
    scoped: mspkit::ProviderUserId,
    client: OrganizationId,
    other_client: OrganizationId,
    stranger_org: OrganizationId,
}

fn world() -> World {
    let mut f = Fixture::billable(ProviderType::Msp);
    let client = f.client("Contoso", PlanType::TeamsMonthly, 5);
    let other_client = f.client("Fabrikam", PlanType::EnterpriseMonthly, 5);
    let service = f.confirmed("service@x.example", mspkit::ProviderUserType::ServiceUser);
    let scoped = f.confirmed("scoped@x.example", mspkit::ProviderUserType::ServiceUser);
    f.provider.set_client_scope(f.admin, scoped, Some(BTreeSet::from([client])), t0()).unwrap();
    let admin = f.admin;
    World {
        f,
        admin,
        service,
        scoped,
        client,
        other_client,
        stranger_org: OrganizationId::new(Uuid::from_u128(404)),
    }
}

fn reason(w: &World, actor: mspkit::ProviderUserId, action: Action, target: Target) -> Option<&'static str> {
    authorize(&w.f.provider, actor, action, target).err().map(|d| {
        assert_eq!((d.action, d.actor, d.target), (action, actor, target));
        assert!(!d.to_string().is_empty());
        d.code()
    })
}

#[test]
fn the_table_lists_every_action_once() {
    let listed: Vec<Action> = TABLE.iter().map(|(a, _, _)| *a).collect();
    assert_eq!(listed, Action::all());
    let client_actions: Vec<&str> =
        Action::all().iter().filter(|a| a.targets_client()).map(|a| a.name()).collect();
    assert_eq!(client_actions, CLIENT_ACTIONS);
}

#[test]
fn every_cell_of_the_table_on_its_proper_target() {
    let w = world();
    for (action, admin_may, service_may) in TABLE {
        let target = if action.targets_client() { Target::Client(w.client) } else { Target::Provider };
        for (actor, may, role) in [(w.admin, admin_may, "admin"), (w.service, service_may, "service user")] {
            let got = reason(&w, actor, action, target);
            assert_eq!(got.is_none(), may, "{role} {}: {got:?}", action.name());
            let expected = match (may, action, role) {
                (true, _, _) => None,
                (false, Action::AccessClientVault, _) => Some("vault_items_never"),
                (false, Action::ChangeClientSeats { purchase: true }, _) => Some("purchase_requires_admin"),
                (false, _, _) => Some("provider_admin_only"),
            };
            assert_eq!(got, expected, "{role} {}", action.name());
        }
    }
}

#[test]
fn the_wrong_kind_of_target_is_refused_for_every_action() {
    let w = world();
    for action in Action::all() {
        let wrong = if action.targets_client() { Target::Provider } else { Target::Client(w.client) };
        for actor in [w.admin, w.service] {
            let expected =
                if action == Action::AccessClientVault { "vault_items_never" } else { "wrong_target" };
            assert_eq!(reason(&w, actor, action, wrong), Some(expected), "{}", action.name());
        }
    }
}

#[test]
fn an_organization_that_is_not_a_client_is_refused_for_every_client_action() {
    let w = world();
    for action in Action::all().into_iter().filter(|a| a.targets_client()) {
        for actor in [w.admin, w.service, w.scoped] {
            let expected =
                if action == Action::AccessClientVault { "vault_items_never" } else { "client_not_managed" };
            assert_eq!(reason(&w, actor, action, Target::Client(w.stranger_org)), Some(expected));
        }
    }
}

#[test]
fn a_scoped_service_user_reaches_only_its_clients_and_an_unscoped_one_reaches_all() {
    let w = world();
    let administer = Action::AdministerClient;
    let seats = Action::ChangeClientSeats { purchase: false };
    for action in [administer, seats] {
        assert_eq!(reason(&w, w.scoped, action, Target::Client(w.client)), None);
        assert_eq!(reason(&w, w.scoped, action, Target::Client(w.other_client)), Some("client_out_of_scope"));
        assert_eq!(reason(&w, w.service, action, Target::Client(w.other_client)), None);
        assert_eq!(reason(&w, w.admin, action, Target::Client(w.other_client)), None);
    }
    // The role rules come before the scope.
    let purchase = Action::ChangeClientSeats { purchase: true };
    assert_eq!(
        reason(&w, w.scoped, purchase, Target::Client(w.other_client)),
        Some("purchase_requires_admin")
    );
    assert_eq!(
        reason(&w, w.scoped, Action::DeleteClient, Target::Client(w.client)),
        Some("provider_admin_only")
    );
    // A scoped service user acts exactly like an unscoped one on provider actions.
    for (action, _, service_may) in TABLE {
        if !action.targets_client() {
            assert_eq!(reason(&w, w.scoped, action, Target::Provider).is_none(), service_may);
        }
    }
}

#[test]
fn only_confirmed_members_of_an_enabled_provider_have_any_permission() {
    let mut w = world();
    let invited =
        w.f.member("i@x.example", mspkit::ProviderUserType::ProviderAdmin, ProviderUserStatus::Invited);
    let accepted =
        w.f.member("a@x.example", mspkit::ProviderUserType::ProviderAdmin, ProviderUserStatus::Accepted);
    let revoked =
        w.f.member("r@x.example", mspkit::ProviderUserType::ProviderAdmin, ProviderUserStatus::Revoked);
    let stranger = mspkit::ProviderUserId::new(Uuid::from_u128(77));
    for action in Action::all() {
        let target = if action.targets_client() { Target::Client(w.client) } else { Target::Provider };
        assert_eq!(reason(&w, invited, action, target), Some("member_not_confirmed"));
        assert_eq!(reason(&w, accepted, action, target), Some("member_not_confirmed"));
        assert_eq!(reason(&w, revoked, action, target), Some("member_revoked"));
        assert_eq!(reason(&w, stranger, action, target), Some("not_a_member"));
    }
    w.f.provider.set_enabled(false, t0()).unwrap();
    for action in Action::all() {
        let target = if action.targets_client() { Target::Client(w.client) } else { Target::Provider };
        for actor in [w.admin, w.service, w.scoped] {
            assert_eq!(reason(&w, actor, action, target), Some("provider_disabled"));
        }
        // Membership and status come before the provider's state.
        assert_eq!(reason(&w, revoked, action, target), Some("member_revoked"));
    }
}

#[test]
fn denial_reason_codes_are_distinct() {
    let reasons = [
        DenialReason::NotAMember,
        DenialReason::MemberRevoked,
        DenialReason::MemberNotConfirmed,
        DenialReason::ProviderDisabled,
        DenialReason::VaultItemsNever,
        DenialReason::ProviderAdminOnly,
        DenialReason::PurchaseRequiresAdmin,
        DenialReason::ClientNotManaged,
        DenialReason::ClientOutOfScope,
        DenialReason::WrongTarget,
    ];
    let codes: BTreeSet<&str> = reasons.iter().map(|r| r.code()).collect();
    assert_eq!(codes.len(), reasons.len());
}
