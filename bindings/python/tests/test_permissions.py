import uuid

import pytest

import mspkit
from conftest import NOW

A = mspkit.Action
ADMIN_ONLY_PROVIDER_ACTIONS = [
    A.CREATE_CLIENT,
    A.ADD_EXISTING_CLIENT,
    A.MANAGE_TEAM,
    A.VIEW_PROVIDER_EVENTS,
    A.EXPORT_PROVIDER_EVENTS,
    A.EDIT_PROVIDER_SETTINGS,
    A.DELETE_PROVIDER,
    A.MANAGE_BILLING,
]


def test_the_permission_table(team):
    client = team.client()
    for action in ADMIN_ONLY_PROVIDER_ACTIONS:
        assert mspkit.check(team.provider, team.ada, action).allowed, action
        assert mspkit.check(team.provider, team.alan, action).code == "provider_admin_only", action
    for action in (A.ADMINISTER_CLIENT, A.CHANGE_CLIENT_SEATS):
        assert mspkit.check(team.provider, team.ada, action, client)
        assert mspkit.check(team.provider, team.alan, action, client)
    assert mspkit.check(team.provider, team.ada, A.PURCHASE_CLIENT_SEATS, client)
    assert mspkit.check(team.provider, team.alan, A.PURCHASE_CLIENT_SEATS, client).code == "purchase_requires_admin"
    for action in (A.UNLINK_CLIENT, A.DELETE_CLIENT):
        assert mspkit.check(team.provider, team.ada, action, client)
        assert mspkit.check(team.provider, team.alan, action, client).code == "provider_admin_only"


def test_no_vault_items_ever(team):
    client = team.client()
    for member in (team.ada, team.grace, team.alan):
        decision = mspkit.check(team.provider, member, A.ACCESS_CLIENT_VAULT, client)
        assert not decision and decision.code == "vault_items_never"
        assert "never" in decision.reason


def test_targets_must_fit_the_action(team):
    client = team.client()
    assert mspkit.check(team.provider, team.ada, A.ADMINISTER_CLIENT).code == "wrong_target"
    assert mspkit.check(team.provider, team.ada, A.MANAGE_TEAM, client).code == "wrong_target"
    assert mspkit.check(team.provider, team.ada, A.ADMINISTER_CLIENT, uuid.uuid4()).code == "client_not_managed"


def test_scoped_service_users_reach_only_their_clients(team):
    mine, other = team.client("Mine"), team.client("Other")
    assert mspkit.check(team.provider, team.alan, A.ADMINISTER_CLIENT, other)  # unscoped: every client
    team.provider.set_client_scope(team.ada, team.alan, [mine], NOW)
    assert mspkit.check(team.provider, team.alan, A.ADMINISTER_CLIENT, mine)
    denied = mspkit.check(team.provider, team.alan, A.ADMINISTER_CLIENT, other)
    assert denied.code == "client_out_of_scope"
    with pytest.raises(mspkit.PermissionDenied) as info:
        mspkit.authorize(team.provider, team.alan, A.ADMINISTER_CLIENT, other)
    assert info.value.code == "client_out_of_scope"
    assert mspkit.authorize(team.provider, team.alan, A.ADMINISTER_CLIENT, mine) is None


def test_action_catalogue():
    assert len(A.members()) == 14
    assert A.PURCHASE_CLIENT_SEATS.value == "purchase_client_seats"
    assert A.UNLINK_CLIENT.targets_client and not A.MANAGE_TEAM.targets_client
