import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import mspkit
from conftest import NOW

P = mspkit.PlanType


def test_bad_email_raises_validation_error_with_code():
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.normalize_email("not an email")
    assert info.value.code == "email_invalid"
    assert isinstance(info.value, mspkit.MspkitError)


def test_email_is_normalised():
    assert mspkit.normalize_email("  Alice@Example.COM ") == "alice@example.com"


def test_emails_need_one_at_sign_and_a_dotted_domain():
    for bad in ["a@b@c.example", "root@localhost", "a@b..example", "a..b@c.example"]:
        with pytest.raises(mspkit.ValidationError) as info:
            mspkit.normalize_email(bad)
        assert info.value.code == "email_invalid"


def test_validation_error_is_also_a_value_error():
    assert issubclass(mspkit.ValidationError, mspkit.MspkitError)
    assert issubclass(mspkit.ValidationError, ValueError)
    assert mspkit.ValidationError.__module__ == "mspkit"
    with pytest.raises(ValueError):
        mspkit.normalize_email("")


def test_unknown_enum_codes_raise_validation_error():
    for enum, code in [(P, 99), (P, -1), (mspkit.ProviderUserStatus, 3), (mspkit.ProviderType, 256)]:
        with pytest.raises(mspkit.ValidationError) as info:
            enum.from_code(code)
        assert info.value.code == "unknown_code"
        assert f"`{code}` is not a known" in str(info.value)
    with pytest.raises(mspkit.ValidationError) as info:
        P.from_code(2**70)
    assert info.value.code == "int_out_of_range"
    assert mspkit.ProviderUserStatus.from_code(-1) == mspkit.ProviderUserStatus.REVOKED
    with pytest.raises(TypeError):
        P.from_code("17")


def test_datetimes_are_validated_with_codes(team):
    with pytest.raises(mspkit.ValidationError) as info:
        team.provider.warnings(datetime(2026, 11, 2, 9, 0))
    assert info.value.code == "naive_datetime"
    just_before_the_end = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-2)))
    with pytest.raises(mspkit.ValidationError) as info:
        team.provider.warnings(just_before_the_end)
    assert info.value.code == "datetime_out_of_range"
    with pytest.raises(TypeError):
        team.provider.warnings("2026-11-02")


def test_out_of_range_integers_raise_validation_error(team):
    client = team.client(seats=3)
    calls = [
        lambda n: team.provider.create_client(team.ada, "Acme", "o@acme.example", P.TEAMS_MONTHLY, n, NOW),
        lambda n: team.provider.set_client_seats(team.ada, client, n, NOW),
        lambda n: team.provider.set_seat_minimum(None, P.TEAMS_MONTHLY, n, NOW),
        lambda n: team.provider.is_purchase(P.TEAMS_MONTHLY, 0, n),
    ]
    for call in calls:
        for n in (-1, 2**32, 2**80):
            with pytest.raises(mspkit.ValidationError) as info:
                call(n)
            assert info.value.code == "int_out_of_range"
            assert f"`{n}` is out of range" in str(info.value)
    assert team.provider.client(client).seats == 3
    team.provider.set_client_seats(team.ada, client, 4, NOW)
    assert team.provider.client(client).seats == 4


def test_every_refusal_is_an_mspkit_error_with_a_code(team):
    refusals = [
        lambda: team.provider.warnings(datetime(2026, 11, 2)),
        lambda: P.from_code(99),
        lambda: team.provider.set_client_seats(team.ada, uuid.uuid4(), -5, NOW),
        lambda: team.provider.remove(team.ada, [team.ada, team.grace], NOW),
        lambda: mspkit.Provider.from_json(json.dumps({"nope": 1})),
        lambda: mspkit.Portfolio.from_json("[]"),
        lambda: mspkit.ClientOrganization.from_json("{}"),
        lambda: mspkit.ProviderUser.from_json("{}"),
    ]
    for refusal in refusals:
        with pytest.raises(mspkit.MspkitError) as info:
            refusal()
        assert isinstance(info.value.code, str) and info.value.code


def test_times_beyond_pythons_datetime_raise_validation_error():
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "reference" / "entities"
    members = [
        {"id": str(uuid.uuid4()), "userId": str(uuid.uuid4()), "type": 0, "status": 2, "email": "a@x.example"},
        {"id": str(uuid.uuid4()), "type": 1, "status": 0, "email": "late@x.example", "creationDate": "+262142-12-31T00:00:00Z"},
    ]
    p = mspkit.read_reference(
        (fixtures / "provider.json").read_text(),
        json.dumps(members),
        "[]",
        status=mspkit.ProviderStatus.BILLABLE,
        enabled=True,
    )
    late = p.member_by_email("late@x.example")
    for read in (lambda: late.invited_at, lambda: late.invitation_expires_at):
        with pytest.raises(mspkit.ValidationError) as info:
            read()
        assert info.value.code == "datetime_out_of_range"
    assert p.member_by_email("a@x.example").invitation_expires_at is None
