"""Issue 15: agreeing with the reference server (bitwarden/server). Each test names the
reference file it follows (paraphrased)."""

import pytest

import mspkit
from conftest import NOW

SU = mspkit.ProviderUserType.SERVICE_USER


def test_unlinking_a_suspended_client_enables_it(team):
    # RemoveOrganizationFromProviderCommand: a billable MSP's managed client leaves enabled.
    client = team.client("Contoso")
    boss = mspkit.ClientMember(
        "boss@contoso.example", mspkit.OrganizationUserType.OWNER, mspkit.OrganizationUserStatus.CONFIRMED
    )
    team.provider.add_client_member(team.ada, client, boss, NOW)
    team.provider.set_client_state(team.ada, client, "suspended", NOW)
    leaving, events = team.provider.unlink_client(team.ada, client, NOW)
    assert leaving.enabled and not leaving.managed
    assert events[0].kind == "client_unlinked" and events[0].data["reenabled"] is True


def test_resending_has_no_reference_code(team, later):
    # ProviderService.ResendInvitesAsync logs no event.
    team.provider.invite(team.ada, ["kate@northwind.example"], SU, NOW)
    kate = team.provider.member_by_email("kate@northwind.example").id
    events = team.provider.reinvite(team.ada, kate, later(1))
    assert events[0].kind == "member_reinvited" and events[0].code is None


def test_already_members_are_named(team):
    # ProviderService.InviteUserAsync skips them; mspkit refuses and names them all.
    batch = ["new@x.example", "GRACE@northwind.example", "alan@northwind.example"]
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, batch, SU, NOW)
    assert info.value.code == "already_member"
    assert info.value.emails == ["grace@northwind.example", "alan@northwind.example"]
    rest = [e for e in batch if e.lower() not in info.value.emails]
    assert len(team.provider.invite(team.ada, rest, SU, NOW)) == 1
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, [], SU, NOW)
    assert info.value.emails is None
