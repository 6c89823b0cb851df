"""The Python convention at the edge (DESIGN.md, "One Python convention"): every failure is an
MspkitError subclass with a `.code` (a wrong Python type stays TypeError); any aware datetime is
converted to UTC, a naive one is `naive_datetime`; no exception carries a secret."""

import json
import pathlib
import threading
import uuid
import zoneinfo
from datetime import date, datetime, timedelta, timezone

import pytest

import mspkit

ACTOR = uuid.UUID("0d1c2b3a-4958-4768-8796-a5b4c3d2e1f0")
CLIENT = uuid.UUID("4f675534-8d07-592f-9292-f914019a3e33")
PASSWORD_WITH_SURROGATE = "correct horse \ud800 battery"
EXAMPLE = (pathlib.Path(__file__).resolve().parents[3] / "examples/portfolio.json").read_text()


def plan() -> mspkit.DeploymentPlan:
    return mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())


@pytest.mark.parametrize(
    "at",
    [
        datetime(2026, 11, 2, 11, 0, tzinfo=timezone(timedelta(hours=2))),
        datetime(2026, 11, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")),
        datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc),
    ],
)
def test_every_aware_datetime_is_converted_to_utc_in_the_deployment_api(at: datetime) -> None:
    p = plan()
    event = p.start(1, ACTOR, at)
    assert event.at == datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    assert p.step(1).at == event.at


def test_a_naive_datetime_is_a_validation_error_in_the_deployment_api() -> None:
    with pytest.raises(mspkit.ValidationError) as info:
        plan().start(1, ACTOR, datetime(2026, 11, 2, 9, 0))
    assert info.value.code == "naive_datetime"
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.ChecklistRecord(True, ACTOR, datetime(2026, 11, 2, 9, 0))
    assert info.value.code == "naive_datetime"


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: plan().start(-1, ACTOR, datetime(2026, 1, 1, tzinfo=timezone.utc)), "int_out_of_range"),
        (lambda: mspkit.DeploymentCatalog.default().step(2**40), "int_out_of_range"),
        (lambda: mspkit.password_strength_batch(["a"], threads=-1), "int_out_of_range"),
        (lambda: mspkit.Schedule(date(2026, 1, 5), 10**30), "invalid_duration"),
        (lambda: mspkit.Schedule(date(2026, 1, 5), float("inf")), "invalid_duration"),
        (lambda: mspkit.Schedule(date(9999, 1, 4), 1), "date_out_of_range"),
        (lambda: mspkit.Schedule(date(2026, 1, 5), 1, holidays=[date(1, 1, 1)]), "date_out_of_range"),
        (lambda: plan().start(1, ACTOR, datetime(9999, 1, 1, tzinfo=timezone.utc)), "date_out_of_range"),
        (lambda: mspkit.DeploymentReport.build(EXAMPLE, date(9999, 12, 31)), "date_out_of_range"),
        (lambda: mspkit.DeploymentReport.build(EXAMPLE, date(2026, 1, 1), sort="sideways"), "unknown_name"),
        (lambda: mspkit.ClientProfile(hosting="moon"), "unknown_name"),
        (lambda: plan().skip(3, "reason \udc00", ACTOR, datetime(2026, 1, 1, tzinfo=timezone.utc)), "invalid_text"),
        (lambda: mspkit.DeploymentCatalog.from_toml("\ud800"), "invalid_text"),
    ],
)
def test_refusals_are_mspkit_errors_with_a_code(call, code: str) -> None:
    with pytest.raises(mspkit.MspkitError) as info:
        call()
    assert info.value.code == code


def test_a_far_due_date_is_refused_when_the_document_is_read() -> None:
    doc = json.loads(EXAMPLE)
    doc["deployments"][0]["due"] = "+262142-12-31"
    with pytest.raises(mspkit.MspkitError) as info:
        mspkit.deployment_timeline_svg(json.dumps(doc), date(2026, 12, 22))
    assert "+262142-12-31" in str(info.value)


def test_python_and_the_cli_read_a_portfolio_alike() -> None:
    # A repeated key is refused by the one reader, as `mspkit report` refuses it.
    doc = EXAMPLE.replace('"schema_version": 2,', '"schema_version": 2, "schema_version": 2,', 1)
    with pytest.raises(mspkit.MspkitError) as info:
        mspkit.DeploymentReport.build(doc, date(2026, 11, 24))
    assert info.value.code == "duplicate_key"
    # A field the portfolio does not have is refused too (the CLI reads strictly).
    extra = json.loads(EXAMPLE)
    extra["surprise"] = 1
    with pytest.raises(mspkit.MspkitError):
        mspkit.deployment_report(json.dumps(extra), date(2026, 11, 24))


KDF = mspkit.Kdf.pbkdf2(5_000)

SECRET_CALLS = [
    lambda: mspkit.MasterKey.derive(PASSWORD_WITH_SURROGATE, "a@example.com", KDF),
    lambda: mspkit.KdfDeriver().derive(PASSWORD_WITH_SURROGATE, "a@example.com", KDF),
    lambda: mspkit.MasterKey.derive("pw", "a@example.com", KDF).server_hash(PASSWORD_WITH_SURROGATE),
    lambda: mspkit.MasterKey.derive("pw", "a@example.com", KDF).local_hash(PASSWORD_WITH_SURROGATE),
    lambda: mspkit.MasterKey.derive("pw", "a@example.com", KDF).verify_server_hash(PASSWORD_WITH_SURROGATE, "x"),
    lambda: mspkit.password_strength(PASSWORD_WITH_SURROGATE),
    lambda: mspkit.password_strength_batch(["fine", PASSWORD_WITH_SURROGATE]),
    lambda: mspkit.check_registration(PASSWORD_WITH_SURROGATE),
    lambda: mspkit.MasterPasswordPolicy(min_length=12).evaluate(PASSWORD_WITH_SURROGATE),
]


@pytest.mark.parametrize("call", SECRET_CALLS)
def test_a_password_with_a_lone_surrogate_is_refused_without_the_password(call) -> None:
    with pytest.raises(mspkit.ValidationError) as info:
        call()
    error = info.value
    assert error.code == "invalid_text"
    assert not isinstance(error, UnicodeError)
    assert not hasattr(error, "object")
    assert "horse" not in str(error) and "horse" not in repr(error.args)
    assert error.__cause__ is None and error.__context__ is None


def test_a_kdf_deriver_is_safe_to_share_between_threads() -> None:
    deriver = mspkit.KdfDeriver()
    kdf = mspkit.Kdf.argon2id(2, 16, 1)
    expected = mspkit.MasterKey.derive("shared secret", "a@example.com", kdf).server_hash("shared secret")
    results: list[object] = []

    def work() -> None:
        for _ in range(3):
            try:
                results.append(deriver.derive("shared secret", "a@example.com", kdf).server_hash("shared secret"))
            except Exception as e:  # noqa: BLE001 - any failure is recorded and fails the test
                results.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 12


def test_one_name_for_the_extra_words_with_the_old_one_as_an_alias() -> None:
    new = mspkit.password_strength("JaneDoeNorthwind", extra_words=["Northwind"], email="jane.doe@example.com")
    old = mspkit.password_strength("JaneDoeNorthwind", user_inputs=["Northwind"], email="jane.doe@example.com")
    without = mspkit.password_strength("JaneDoeNorthwind", email="jane.doe@example.com")
    assert new == old and new.guesses_log10 < without.guesses_log10
    batch = mspkit.password_strength_batch(["JaneDoeNorthwind"], extra_words=["Northwind"], email="jane.doe@example.com")
    assert batch == [new]
    with pytest.raises(TypeError):
        mspkit.password_strength("x", extra_words=["a"], user_inputs=["b"])
    policy = mspkit.MasterPasswordPolicy(min_length=12)
    assert policy.evaluate("JaneDoeNorthwind", extra_words=["Northwind"]) == policy.evaluate(
        "JaneDoeNorthwind", None, ["Northwind"]
    )


def test_kdf_kind_names_come_from_the_core() -> None:
    assert mspkit.Kdf.pbkdf2_default().kind == "pbkdf2_sha256"
    assert mspkit.Kdf.argon2id_client_default().kind == "argon2id"
    assert '"argon2id"' in mspkit.Kdf.argon2id_client_default().to_json()


@pytest.mark.parametrize(
    "cls",
    [
        mspkit.ProviderType,
        mspkit.ProviderStatus,
        mspkit.ProviderUserType,
        mspkit.ProviderUserStatus,
        mspkit.OrganizationUserType,
        mspkit.OrganizationUserStatus,
        mspkit.PlanType,
    ],
)
def test_enum_members_have_code_name_and_value_like_enum_members(cls) -> None:
    for member in cls.members():
        assert getattr(cls, member.name) == member
        assert cls.from_code(member.code) == member
        assert str(member) == member.name and repr(member) == f"{cls.__name__}.{member.name}"
        assert member.value == member.value.lower()


NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "call",
    [
        lambda: mspkit.Provider.issue(uuid.uuid4(), mspkit.ProviderType.MSP, "N\udc00", NOW, issued_to="a@b.example"),
        lambda: mspkit.Provider.issue(uuid.uuid4(), mspkit.ProviderType.MSP, "N", NOW, issued_to="a\ud800@b.example"),
        lambda: mspkit.Portfolio.from_json("\ud800"),
        lambda: mspkit.ProviderUser.from_json("\ud800"),
        lambda: mspkit.ClientOrganization.from_json("\ud800"),
        lambda: mspkit.read_reference("\ud800", "[]", "[]"),
        lambda: mspkit.ClientMember("x\udfff@b.example", mspkit.OrganizationUserType.USER, mspkit.OrganizationUserStatus.INVITED),
    ],
)
def test_a_lone_surrogate_in_any_provider_text_is_invalid_text(call) -> None:
    with pytest.raises(mspkit.ValidationError) as info:
        call()
    assert info.value.code == "invalid_text"
    assert not hasattr(info.value, "object")


def test_a_repeated_key_in_a_provider_document_is_refused_from_python_too() -> None:
    text = EXAMPLE.replace('"schema_version": 2,', '"schema_version": 2, "schema_version": 2,', 1)
    with pytest.raises(mspkit.MspkitError) as info:
        mspkit.Portfolio.from_json(text)
    assert info.value.code == "duplicate_key"
