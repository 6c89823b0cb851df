import uuid

import pytest

import mspkit
from conftest import NOW

SU = mspkit.ProviderUserType.SERVICE_USER
ADMIN = mspkit.ProviderUserType.PROVIDER_ADMIN


def test_invite_batch_limits(team):
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, [], SU, NOW)
    assert info.value.code == "empty_batch"
    emails = [f"u{i}@northwind.example" for i in range(21)]
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, emails, SU, NOW)
    assert info.value.code == "invite_batch_too_large"
    events = team.provider.invite(team.ada, emails[:20], SU, NOW)
    assert len(events) == 20 and all(e.code == 1800 for e in events)


def test_duplicates_are_refused_case_insensitively(team):
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, ["a@x.example", " A@X.example "], SU, NOW)
    assert info.value.code == "duplicate_invite"
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, ["new@x.example", "GRACE@northwind.example"], SU, NOW)
    assert info.value.code == "already_member"
    assert team.provider.member_by_email("new@x.example") is None  # the whole batch was refused
    with pytest.raises(mspkit.ValidationError) as info:
        team.provider.invite(team.ada, ["not-an-email"], SU, NOW)
    assert info.value.code == "email_invalid"


def test_accept_checks_email_and_expiry(team, later):
    team.provider.invite(team.ada, ["kate@northwind.example"], SU, NOW)
    kate = team.provider.member_by_email("kate@northwind.example").id
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.accept(kate, uuid.uuid4(), "someone@else.example", later(1))
    assert info.value.code == "invitation_email_mismatch"
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.accept(kate, uuid.uuid4(), "kate@northwind.example", later(120))
    assert info.value.code == "invitation_expired"
    team.provider.reinvite(team.ada, kate, later(119))
    events = team.provider.accept(kate, uuid.uuid4(), "KATE@northwind.example", later(120))
    assert events[0].kind == "member_accepted" and events[0].code is None
    assert team.provider.member(kate).status == mspkit.ProviderUserStatus.ACCEPTED
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.accept(kate, uuid.uuid4(), "kate@northwind.example", later(121))
    assert info.value.code == "member_not_invited"


def test_confirm_only_accepted_and_fingerprints_must_match(team):
    team.provider.invite(team.ada, ["kate@northwind.example"], SU, NOW)
    kate = team.provider.member_by_email("kate@northwind.example").id
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.confirm(team.ada, kate, NOW)
    assert info.value.code == "member_not_accepted"
    team.provider.accept(kate, uuid.uuid4(), "kate@northwind.example", NOW, fingerprint="alpha-bravo-charlie")
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.confirm(team.ada, kate, NOW, fingerprint="alpha-bravo-delta")
    assert info.value.code == "fingerprint_mismatch"
    assert team.provider.confirm(team.ada, kate, NOW, fingerprint="alpha-bravo-charlie")[0].code == 1801


def test_revoke_and_restore_return_to_the_previous_state(team):
    team.provider.invite(team.ada, ["kate@northwind.example"], SU, NOW)
    kate = team.provider.member_by_email("kate@northwind.example").id
    team.provider.revoke(team.ada, kate, NOW)
    assert team.provider.member(kate).status == mspkit.ProviderUserStatus.REVOKED
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.revoke(team.ada, kate, NOW)
    assert info.value.code == "member_already_revoked"
    team.provider.restore(team.ada, kate, NOW)
    assert team.provider.member(kate).status == mspkit.ProviderUserStatus.INVITED
    team.provider.revoke(team.ada, team.alan, NOW)
    assert mspkit.check(team.provider, team.alan, mspkit.Action.ADMINISTER_CLIENT, team.client()).code == "member_revoked"
    team.provider.restore(team.ada, team.alan, NOW)
    assert team.provider.member(team.alan).status == mspkit.ProviderUserStatus.CONFIRMED


def test_the_last_confirmed_admin_is_never_lost(team):
    # Two admins: removing both at once is refused, as a whole.
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.remove(team.ada, [team.ada, team.grace], NOW)
    assert info.value.code == "last_confirmed_admin"
    assert team.provider.confirmed_admin_count == 2
    team.provider.remove(team.ada, [team.grace], NOW)
    for attempt in (
        lambda: team.provider.remove(team.ada, [team.ada], NOW),
        lambda: team.provider.revoke(team.ada, team.ada, NOW),
        lambda: team.provider.change_role(team.ada, team.ada, SU, NOW),
        lambda: team.provider.leave(team.ada, NOW),
    ):
        before = team.provider.to_json()
        with pytest.raises(mspkit.TeamError) as info:
            attempt()
        assert info.value.code == "last_confirmed_admin"
        assert team.provider.to_json() == before
    assert team.provider.confirmed_admin_count == 1


def test_service_users_cannot_manage_the_team(team):
    with pytest.raises(mspkit.PermissionDenied) as info:
        team.provider.invite(team.alan, ["x@northwind.example"], SU, NOW)
    assert info.value.code == "provider_admin_only"
    assert isinstance(info.value, mspkit.MspkitError)


def test_unconfirmed_members_may_do_nothing(team):
    team.provider.invite(team.ada, ["kate@northwind.example"], ADMIN, NOW)
    kate = team.provider.member_by_email("kate@northwind.example").id
    with pytest.raises(mspkit.PermissionDenied) as info:
        team.provider.invite(kate, ["y@northwind.example"], SU, NOW)
    assert info.value.code == "member_not_confirmed"
    stranger = uuid.uuid4()
    assert mspkit.check(team.provider, stranger, mspkit.Action.MANAGE_TEAM).code == "not_a_member"


def test_change_role_and_scopes(team):
    client = team.client()
    team.provider.set_client_scope(team.ada, team.alan, [client], NOW)
    assert team.provider.member(team.alan).client_scope == {client}
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.set_client_scope(team.ada, team.grace, [client], NOW)
    assert info.value.code == "scope_needs_service_user"
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.set_client_scope(team.ada, team.alan, [uuid.uuid4()], NOW)
    assert info.value.code == "client_not_found"
    assert team.provider.change_role(team.ada, team.alan, ADMIN, NOW)[0].code == 1802
    assert team.provider.member(team.alan).client_scope is None
    assert team.provider.change_role(team.ada, team.alan, ADMIN, NOW) == []


def test_leave(team):
    events = team.provider.leave(team.alan, NOW)
    assert events[0].kind == "member_left" and events[0].code == 1803
    assert team.provider.member(team.alan) is None


def test_a_member_round_trips_through_json_and_pickle(team):
    import json
    import pickle

    team.provider.invite(team.ada, ["kate@northwind.example"], SU, NOW)
    kate = team.provider.member_by_email("kate@northwind.example")
    team.provider.accept(kate.id, uuid.uuid4(), "kate@northwind.example", NOW, fingerprint=" plum-ocean-kite ")
    kate = team.provider.member(kate.id)
    assert kate.public_key_fingerprint == "plum-ocean-kite"
    assert team.provider.member(team.ada).public_key_fingerprint is None
    again = mspkit.ProviderUser.from_json(kate.to_json())
    assert again == kate and again is not kate
    assert pickle.loads(pickle.dumps(kate)) == kate
    assert again != team.provider.member(team.ada)
    broken = json.loads(kate.to_json())
    del broken["user_id"]
    with pytest.raises(mspkit.TeamError) as info:
        mspkit.ProviderUser.from_json(json.dumps(broken))
    assert info.value.code == "invalid_member_record"
    assert "it is accepted but has no user id" in str(info.value)
    broken = json.loads(team.provider.member(team.alan).to_json())
    broken["role"] = "provider_admin"
    broken["client_scope"] = []
    with pytest.raises(mspkit.TeamError) as info:
        mspkit.ProviderUser.from_json(json.dumps(broken))
    assert info.value.code == "invalid_member_record"


def test_no_one_removes_themselves(team):
    # The reference's ProviderService.DeleteUsersAsync answers "You cannot remove yourself."
    # (ProviderServiceTests.DeleteUsersAsync_Success); leaving is its own command.
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.remove(team.grace, [team.grace], NOW)
    assert info.value.code == "cannot_remove_self"
    assert len(team.provider.leave(team.grace, NOW)) == 1
