"""Issue 16, the input side from Python: files are read through the one document reader (its size
limit, `max_bytes=`, I/O failures as `MspkitError`s with a code), lone surrogates and dates
Python cannot hold become `MspkitError`s, and `what_if` reads a dict without `json.dumps`."""

import json
import os
import pathlib
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

import mspkit
from conftest import NOW, Team

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = (ROOT / "examples/portfolio.json").read_text()
BASELINE = '[policies.master_password]\nmin_length = 12\n'
LIMIT = 64 * 1024 * 1024


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_an_endless_file_stops_at_the_size_limit() -> None:
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.Baseline.load("/dev/zero")
    assert err.value.code == "document_too_large"
    portfolio = mspkit.Portfolio.from_json(EXAMPLE)
    now = datetime(2026, 11, 24, tzinfo=timezone.utc)
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.assert_compliant(portfolio, "/dev/zero", now)
    assert err.value.code == "document_too_large"
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.assert_compliant(portfolio, "/dev/zero", now, max_bytes=1000)
    assert err.value.code == "document_too_large" and "1000 bytes" in str(err.value)
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.Portfolio.load("/dev/zero", max_bytes=1000)
    assert err.value.code == "document_too_large"


def test_a_file_that_cannot_be_read_is_an_mspkit_error_with_a_code(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "missing.toml"
    for call in (
        lambda: mspkit.Baseline.load(missing),
        lambda: mspkit.assert_compliant(mspkit.Portfolio.from_json(EXAMPLE), str(missing), NOW),
        lambda: mspkit.Baseline.load(tmp_path),
        lambda: mspkit.Portfolio.load(missing),
    ):
        with pytest.raises(mspkit.MspkitError) as err:
            call()
        assert err.value.code == "read_failed"
        assert not isinstance(err.value, OSError)
    not_utf8 = tmp_path / "latin1.toml"
    not_utf8.write_bytes(b'name = "caf\xe9"\n')
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.Baseline.load(not_utf8)
    assert err.value.code == "read_failed"


def test_max_bytes_lowers_and_raises_the_limit_as_the_cli_does(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "b.toml"
    path.write_text(BASELINE)
    assert mspkit.Baseline.load(path).required_policies == ["master_password"]
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.Baseline.load(path, max_bytes=10)
    assert err.value.code == "document_too_large"
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.Baseline.from_toml(BASELINE, max_bytes=10)
    assert err.value.code == "document_too_large"
    with pytest.raises(mspkit.ValidationError) as err:
        mspkit.Baseline.from_json("{}", max_bytes=-1)
    assert err.value.code == "int_out_of_range"
    # A portfolio over the default 64 MiB (a 100 000-client one is about 100 MB) opens with
    # a raised limit, from text and from a file.
    big = EXAMPLE + " " * (LIMIT + 1)
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.Portfolio.from_json(big)
    assert err.value.code == "document_too_large"
    opened = mspkit.Portfolio.from_json(big, max_bytes=2 * LIMIT)
    assert opened == mspkit.Portfolio.from_json(EXAMPLE)
    file = tmp_path / "big.json"
    file.write_text(big)
    with pytest.raises(mspkit.MspkitError) as err:
        mspkit.Portfolio.load(file)
    assert err.value.code == "document_too_large"
    assert mspkit.Portfolio.load(file, max_bytes=2 * LIMIT) == opened


def test_a_repeated_key_in_a_json_baseline_is_refused_with_its_line() -> None:
    with pytest.raises(mspkit.BaselineError) as err:
        mspkit.Baseline.from_json('{"policies": {"master_password": {"min_length": 14,\n"min_length": 12}}}')
    assert err.value.code == "duplicate_key"
    assert err.value.line == 2


LONE = "\ud800"


def test_lone_surrogates_are_validation_errors_on_every_text_argument(team: Team) -> None:
    p = team.provider
    client = team.client()
    calls = [
        lambda: p.start_subscription(NOW, discount=LONE),
        lambda: mspkit.Baseline.from_toml(LONE),
        lambda: mspkit.Baseline.from_json(LONE),
        lambda: p.enable_client_policy(team.ada, client, LONE, NOW),
        lambda: p.enable_client_policy(team.ada, client, "master_password", NOW, settings={LONE: 1}),
        lambda: p.enable_client_policy(team.ada, client, "master_password", NOW, settings={"min_length": LONE}),
        lambda: p.change_client_policy(team.ada, client, "master_password", NOW, settings={LONE: 1}),
        lambda: p.disable_client_policy(team.ada, client, LONE, NOW),
        lambda: mspkit.ReferencePolicies.from_json(LONE),
        lambda: mspkit.policy_binds(
            LONE, mspkit.OrganizationUserType.USER, mspkit.OrganizationUserStatus.CONFIRMED, None
        ),
        lambda: p.what_if(LONE, date(2026, 11, 20)),
        lambda: p.what_if({"changes": [{"client": LONE, "seats": 1}]}, date(2026, 11, 20)),
    ]
    for i, call in enumerate(calls):
        with pytest.raises(mspkit.MspkitError) as err:
            call()
        assert err.value.code == "invalid_text", i


def test_dates_python_cannot_hold_are_mspkit_errors(team: Team) -> None:
    p = team.provider
    late = datetime(9999, 12, 30, tzinfo=timezone.utc)
    p.start_subscription(late, started_on=date(9999, 12, 20))
    sub = p.subscription
    with pytest.raises(mspkit.MspkitError) as err:
        sub.anchor
    assert err.value.code == "date_out_of_range"
    with pytest.raises(mspkit.MspkitError) as err:
        sub.next_charge_date(mspkit.PlanType.TEAMS_MONTHLY, date(9999, 12, 31))
    assert err.value.code in {"date_out_of_range", "billing_date_out_of_range"}
    # A replayed or read anchor of year +262142.
    doc = json.loads(EXAMPLE)
    doc["provider"]["subscription"]["anchor"] = "+262142-01-01"
    try:
        far = mspkit.Portfolio.from_json(json.dumps(doc)).provider.subscription
    except mspkit.MspkitError:
        far = None  # refused when read: as good
    if far is not None:
        with pytest.raises(mspkit.MspkitError) as err:
            far.anchor
        assert err.value.code == "date_out_of_range"


@pytest.fixture
def billed() -> Team:
    t = Team()
    t.provider.set_seat_minimum(None, mspkit.PlanType.TEAMS_MONTHLY, 20, NOW)
    t.provider.create_client(t.ada, "Contoso, Ltd", "owner@client.example", mspkit.PlanType.TEAMS_MONTHLY, 12, NOW)
    t.provider.start_subscription(datetime(2026, 11, 1, 9, tzinfo=timezone.utc))
    return t


def test_what_if_reads_a_dict_without_json_dumps(billed: Team) -> None:
    p = billed.provider
    on = date(2026, 11, 20)
    # Decimal and date values, the package's own types, are accepted.
    result = p.what_if({"on": on, "changes": [{"client": "Contoso, Ltd", "seats": Decimal("14")}]}, on)
    assert result.on == on and result.outcomes[0]["to"] == 14
    as_text = p.what_if('{"on": "2026-11-20", "changes": [{"client": "Contoso, Ltd", "seats": 14}]}', on)
    assert as_text == result or as_text.outcomes == result.outcomes
    # A fractional Decimal is refused with the field named.
    with pytest.raises(mspkit.BillingError) as err:
        p.what_if({"changes": [{"client": "Contoso, Ltd", "seats": Decimal("14.5")}]}, on)
    assert err.value.code == "what_if_invalid" and "changes[0].seats" in str(err.value)
    # Deep nesting: a code, not RecursionError.
    nested: list = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(mspkit.BillingError) as err:
        p.what_if({"changes": nested}, on)
    assert err.value.code == "what_if_invalid"
    # Values of no JSON type: a code, not TypeError.
    for odd in (object(), {1, 2}, b"14", datetime(2026, 11, 20, tzinfo=timezone.utc)):
        with pytest.raises(mspkit.BillingError) as err:
            p.what_if({"on": odd, "changes": []}, on)
        assert err.value.code == "what_if_invalid"
    with pytest.raises(mspkit.BillingError) as err:
        p.what_if({1: 2}, on)
    assert err.value.code == "what_if_invalid"


def test_what_if_errors_name_the_field_and_refuse_days_before_the_subscription(billed: Team) -> None:
    p = billed.provider
    on = date(2026, 11, 20)
    with pytest.raises(mspkit.BillingError) as err:
        p.what_if({"changes": [{"client": "Contoso, Ltd", "seats": -3}]}, on)
    assert err.value.code == "what_if_invalid"
    assert "changes[0].seats" in str(err.value) and "untagged" not in str(err.value)
    for day in ("-262143-01-01", "+262142-01-01"):
        with pytest.raises(mspkit.BillingError) as err:
            p.what_if({"on": day, "changes": []}, on)
        assert err.value.code == "what_if_invalid"
    with pytest.raises(mspkit.BillingError) as err:
        p.what_if({"on": date(1, 1, 1), "changes": []}, on)
    assert err.value.code == "date_before_subscription"
    with pytest.raises(mspkit.BillingError) as err:
        p.what_if({"changes": []}, date(2026, 1, 1))
    assert err.value.code == "date_before_subscription"
    # The seat ceiling, as the real command.
    result = p.what_if({"changes": [{"client": "Contoso, Ltd", "seats": 4_000_000_000}]}, on)
    assert result.outcomes[0]["refused"]["code"] == "seats_above_limit"
    assert result.prorated_purchases == Decimal("0.00")


def test_the_seat_ceiling_holds_for_commands(team: Team) -> None:
    client = team.client()
    with pytest.raises(mspkit.ClientError) as err:
        team.provider.set_client_seats(team.ada, client, 4_000_000_000, NOW)
    assert err.value.code == "seats_above_limit"
    team.provider.set_client_seats(team.ada, client, 1_000_000, NOW)


def test_every_from_json_refuses_a_repeated_key() -> None:
    for read, text in (
        (mspkit.Kdf.from_json, '{"type": "pbkdf2_sha256", "iterations": 600000, "iterations": 5000}'),
        (mspkit.ClientProfile.from_json, '{"sso": true, "sso": false}'),
        (mspkit.Schedule.from_json, '{"start": "2026-11-02", "hours_per_day": 2, "hours_per_day": 8}'),
        (mspkit.ReferencePolicies.from_json, '[{"type": 0, "type": 1}]'),
    ):
        with pytest.raises(mspkit.MspkitError) as err:
            read(text)
        assert err.value.code == "duplicate_key", text
