"""Invitation, set-up and deletion tokens from Python, tried as an attacker would: forged,
expired, resent, signed with another key, for another person, lone surrogates, huge text; and
secrets never in a repr, a str or an error message."""

import uuid
from datetime import timedelta

import pytest

import mspkit
from conftest import NOW, PROVIDER_ID, Team, set_up_provider

KEY = mspkit.TokenKey(bytes(range(32)))
OTHER_KEY = mspkit.TokenKey(bytes(range(1, 33)))


def forged(text: str) -> str:
    """The token with its last character changed."""
    return text[:-1] + ("A" if text[-1] != "A" else "B")


def invite(team: Team, email: str = "linus@northwind.example") -> mspkit.Invitation:
    invitations, events = team.provider.invite_with_tokens(
        team.ada, [email], mspkit.ProviderUserType.SERVICE_USER, KEY, NOW
    )
    assert len(invitations) == 1 and events
    return invitations[0]


def test_invite_returns_one_token_per_invitee_in_order() -> None:
    team = Team()
    emails = ["linus@northwind.example", "Margaret@Northwind.example"]
    invitations, events = team.provider.invite_with_tokens(
        team.ada, emails, mspkit.ProviderUserType.SERVICE_USER, KEY, NOW
    )
    assert [i.email for i in invitations] == ["linus@northwind.example", "margaret@northwind.example"]
    assert len(events) == 2
    for invitation in invitations:
        member = team.provider.member(invitation.member)
        assert member is not None and member.status == mspkit.ProviderUserStatus.INVITED
        assert team.provider.invitation_token(invitation.member, KEY) == invitation.token
    assert invitations[0].token != invitations[1].token


def test_accept_with_the_token_as_token_or_text() -> None:
    team = Team()
    first = invite(team, "linus@northwind.example")
    second = invite(team, "margaret@northwind.example")
    user = uuid.uuid4()
    events = team.provider.accept_with_token(first.member, user, first.email, first.token, KEY, NOW)
    assert events
    member = team.provider.member(first.member)
    assert member is not None and member.status == mspkit.ProviderUserStatus.ACCEPTED
    assert member.user_id == user
    # the text as it comes back in a link
    team.provider.accept_with_token(
        second.member, uuid.uuid4(), second.email, second.token.expose(), KEY, NOW, fingerprint="ab:cd"
    )


def code_of(error: pytest.ExceptionInfo[mspkit.MspkitError]) -> str:
    assert isinstance(error.value, mspkit.TokenError)
    assert isinstance(error.value, mspkit.MspkitError)
    return error.value.code


def test_forged_token_is_invalid_and_changes_nothing() -> None:
    team = Team()
    invitation = invite(team)
    before = team.provider.to_json()
    for bad in [forged(invitation.token.expose()), "", "x", "A" * 1_000_000, invitation.token.expose() + "="]:
        with pytest.raises(mspkit.MspkitError) as error:
            team.provider.accept_with_token(invitation.member, uuid.uuid4(), invitation.email, bad, KEY, NOW)
        assert code_of(error) == "invitation_token_invalid"
        assert invitation.token.expose() not in str(error.value)
    assert team.provider.to_json() == before


def test_token_expires_at_120_hours() -> None:
    team = Team()
    invitation = invite(team)
    late = NOW + timedelta(hours=120, microseconds=1)
    with pytest.raises(mspkit.MspkitError) as error:
        team.provider.accept_with_token(invitation.member, uuid.uuid4(), invitation.email, invitation.token, KEY, late)
    assert code_of(error) == "invitation_token_expired"
    # a far date is expired, not an overflow
    far = NOW.replace(year=9999)
    with pytest.raises(mspkit.TokenError):
        team.provider.accept_with_token(invitation.member, uuid.uuid4(), invitation.email, invitation.token, KEY, far)
    # just within 120 hours it is accepted
    team.provider.accept_with_token(
        invitation.member, uuid.uuid4(), invitation.email, invitation.token, KEY, NOW + timedelta(hours=119)
    )


def test_resent_token_replaces_the_old_one() -> None:
    team = Team()
    invitation = invite(team)
    later = NOW + timedelta(hours=100)
    token, events = team.provider.reinvite_with_token(team.ada, invitation.member, KEY, later)
    assert events and token != invitation.token
    assert team.provider.invitation_token(invitation.member, KEY) == token
    with pytest.raises(mspkit.MspkitError) as error:
        team.provider.accept_with_token(invitation.member, uuid.uuid4(), invitation.email, invitation.token, KEY, later)
    assert code_of(error) == "invitation_token_invalid"
    # the new token runs 120 hours from the resend
    team.provider.accept_with_token(
        invitation.member, uuid.uuid4(), invitation.email, token, KEY, later + timedelta(hours=110)
    )


def test_wrong_key_or_another_invitee_is_invalid() -> None:
    team = Team()
    linus = invite(team, "linus@northwind.example")
    margaret = invite(team, "margaret@northwind.example")
    with pytest.raises(mspkit.MspkitError) as error:
        team.provider.accept_with_token(linus.member, uuid.uuid4(), linus.email, linus.token, OTHER_KEY, NOW)
    assert code_of(error) == "invitation_token_invalid"
    with pytest.raises(mspkit.MspkitError) as error:
        team.provider.accept_with_token(linus.member, uuid.uuid4(), linus.email, margaret.token, KEY, NOW)
    assert code_of(error) == "invitation_token_invalid"


def test_invitation_token_of_an_accepted_member_is_refused() -> None:
    team = Team()
    with pytest.raises(mspkit.TeamError) as error:
        team.provider.invitation_token(team.alan, KEY)
    assert error.value.code == "member_not_invited"
    with pytest.raises(mspkit.TeamError) as error:
        team.provider.invitation_token(uuid.uuid4(), KEY)
    assert error.value.code == "member_not_found"


def test_setup_token() -> None:
    provider = mspkit.Provider.issue(
        PROVIDER_ID, mspkit.ProviderType.MSP, "Northwind IT", NOW, issued_to="ada@northwind.example"
    )
    token = provider.setup_token(KEY, NOW)
    for bad, key, at, expected in [
        (forged(token.expose()), KEY, NOW, "setup_token_invalid"),
        (token, OTHER_KEY, NOW, "setup_token_invalid"),
        (token, KEY, NOW + timedelta(hours=120, seconds=1), "setup_token_expired"),
    ]:
        with pytest.raises(mspkit.MspkitError) as error:
            provider.set_up_with_token(uuid.uuid4(), "ada@northwind.example", bad, key, at)
        assert code_of(error) == expected
    # another provider's token
    other = mspkit.Provider.issue(
        uuid.uuid4(), mspkit.ProviderType.MSP, "Contoso", NOW, issued_to="ada@northwind.example"
    )
    with pytest.raises(mspkit.TokenError) as token_error:
        provider.set_up_with_token(uuid.uuid4(), "ada@northwind.example", other.setup_token(KEY, NOW), KEY, NOW)
    assert token_error.value.code == "setup_token_invalid"
    assert provider.status == mspkit.ProviderStatus.PENDING
    events = provider.set_up_with_token(uuid.uuid4(), "ada@northwind.example", token.expose(), KEY, NOW)
    assert events and provider.status == mspkit.ProviderStatus.CREATED
    with pytest.raises(mspkit.ProviderError) as provider_error:
        provider.setup_token(KEY, NOW)
    assert provider_error.value.code == "provider_already_set_up"


def test_delete_token() -> None:
    provider, ada = set_up_provider(mspkit.ProviderType.MSP, "Northwind IT", "ada@northwind.example")
    provider.invite(ada, ["grace@northwind.example"], mspkit.ProviderUserType.PROVIDER_ADMIN, NOW)
    grace = provider.member_by_email("grace@northwind.example")
    assert grace is not None
    provider.accept(grace.id, uuid.uuid4(), "grace@northwind.example", NOW)
    provider.confirm(ada, grace.id, NOW)
    token = provider.delete_token(ada, KEY, NOW)
    before = provider.to_json()
    for actor, bad, key, at, expected in [
        (grace.id, token, KEY, NOW, "delete_token_invalid"),
        (uuid.uuid4(), token, KEY, NOW, "delete_token_invalid"),
        (ada, forged(token.expose()), KEY, NOW, "delete_token_invalid"),
        (ada, token, OTHER_KEY, NOW, "delete_token_invalid"),
        (ada, token, KEY, NOW + timedelta(hours=1, seconds=1), "delete_token_expired"),
    ]:
        with pytest.raises(mspkit.MspkitError) as error:
            provider.delete_with_token(actor, bad, key, at)
        assert code_of(error) == expected
    assert provider.to_json() == before
    assert provider.delete_with_token(ada, token, KEY, NOW + timedelta(minutes=59))


def test_secrets_never_shown() -> None:
    secret = bytes(range(100, 132))
    key = mspkit.TokenKey(secret)
    assert repr(key) == "TokenKey(<redacted>)"
    team = Team()
    invitation = team.provider.invite_with_tokens(
        team.ada, ["linus@northwind.example"], mspkit.ProviderUserType.SERVICE_USER, key, NOW
    )[0][0]
    text = invitation.token.expose()
    assert len(text) > 20
    for shown in [repr(invitation.token), str(invitation.token), repr(invitation), str(invitation)]:
        assert text not in shown
        assert secret.hex() not in shown
    assert "linus@northwind.example" in repr(invitation)
    assert mspkit.Token(text) == invitation.token
    assert mspkit.Token(text) != mspkit.Token(text + "x")


def test_key_too_short_or_not_bytes() -> None:
    with pytest.raises(mspkit.TokenError) as error:
        mspkit.TokenKey(b"\x00" * 31)
    assert error.value.code == "token_key_too_short"
    assert "31" in str(error.value)
    mspkit.TokenKey(b"\x00" * 32)
    with pytest.raises(TypeError):
        mspkit.TokenKey("a text key of more than thirty-two characters")  # type: ignore[arg-type]


def test_lone_surrogates_are_validation_errors() -> None:
    team = Team()
    invitation = invite(team)
    with pytest.raises(mspkit.ValidationError) as error:
        mspkit.Token("abc\ud800")
    assert error.value.code == "invalid_text"
    with pytest.raises(mspkit.ValidationError) as error:
        team.provider.accept_with_token(invitation.member, uuid.uuid4(), invitation.email, "\udfff", KEY, NOW)
    assert error.value.code == "invalid_text"
    with pytest.raises(mspkit.ValidationError) as error:
        team.provider.accept_with_token(invitation.member, uuid.uuid4(), "li\ud800nus@x.example", invitation.token, KEY, NOW)
    assert error.value.code == "invalid_text"
    with pytest.raises(mspkit.ValidationError):
        team.provider.invite_with_tokens(team.ada, ["\ud800@x.example"], mspkit.ProviderUserType.SERVICE_USER, KEY, NOW)
    with pytest.raises(TypeError):
        team.provider.accept_with_token(invitation.member, uuid.uuid4(), invitation.email, 42, KEY, NOW)  # type: ignore[arg-type]
    # nothing changed: the right token still works
    team.provider.accept_with_token(invitation.member, uuid.uuid4(), invitation.email, invitation.token, KEY, NOW)
