"""Client lifecycle states from Python (issue 17): the state as a name with a trial's last day
as a date, the seats billed to the client, the PSA quantity, the invoice report's
not-for-resale rows apart, trial warnings, suspended clients refused, errors with codes."""

import pickle
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

import mspkit
from conftest import NOW, Team

START = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def team() -> Team:
    """Northwind with a Teams minimum of 20, two Teams clients (Contoso 12 seats with 3
    occupied, Fabrikam 5) and a subscription started on 1 November."""
    t = Team()
    p = t.provider
    p.set_seat_minimum(None, mspkit.PlanType.TEAMS_MONTHLY, 20, NOW)
    contoso = t.client("Contoso", seats=12)
    t.client("Fabrikam", seats=5)
    for i in (1, 2):
        member = mspkit.ClientMember(
            f"m{i}@contoso.example", mspkit.OrganizationUserType.USER, mspkit.OrganizationUserStatus.CONFIRMED
        )
        p.add_client_member(t.ada, contoso, member, NOW)
    p.start_subscription(START)
    return t


def contoso(t: Team) -> uuid.UUID:
    return next(c.id for c in t.provider.clients if c.name == "Contoso")


def psa_quantity(t: Team, client: uuid.UUID) -> int:
    return next(r.quantity for r in t.provider.psa_export().rows if r.client_id == client)


@pytest.mark.parametrize(
    ("state", "until", "billed"),
    [
        ("active", None, 12),
        ("trial", date(2026, 11, 20), 0),
        ("not_for_resale", None, 0),
        ("paused", None, 3),
        ("suspended", None, 12),
    ],
)
def test_each_state_bills_the_client_by_its_rule_and_the_provider_the_same(
    team: Team, state: str, until: date | None, billed: int
) -> None:
    p, client = team.provider, contoso(team)
    invoice_before = p.invoice("2026-12").total
    events = p.set_client_state(team.ada, client, state, NOW, until=until)
    assert [e.kind for e in events] == ([] if state == "active" else ["client_state_changed"])
    c = p.client(client)
    assert c is not None
    assert (c.state, c.trial_until) == (state, until)
    assert p.client_billed_seats(client) == billed
    assert psa_quantity(team, client) == billed
    # The provider's own invoice counts the seats in every state.
    assert p.invoice("2026-12").total == invoice_before
    assert c.enabled is (state != "suspended")
    report = p.client_invoice_report()
    names = [r.client for r in report.rows]
    if state == "not_for_resale":
        assert names[:2] == ["Fabrikam", "Contoso"], "shown apart, after the resold clients"
        assert report.not_for_resale_total == Decimal("48.00")
    else:
        assert names[:2] == ["Contoso", "Fabrikam"]
        assert report.not_for_resale_total == Decimal("0.00")
    # The state is in the client's JSON, which reads back, and in the provider's pickle.
    again = mspkit.ClientOrganization.from_json(c.to_json())
    assert (again.state, again.trial_until) == (state, until)
    assert pickle.loads(pickle.dumps(p)) == p


def test_a_refused_move_raises_client_error_with_its_code(team: Team) -> None:
    p, client = team.provider, contoso(team)
    p.set_client_state(team.ada, client, "suspended", NOW)
    with pytest.raises(mspkit.ClientError) as err:
        p.set_client_state(team.ada, client, "paused", NOW)
    assert err.value.code == "client_state_transition_refused"
    with pytest.raises(mspkit.PermissionDenied) as denied:
        p.add_client_member(team.ada, client, mspkit.ClientMember("late@contoso.example"), NOW)
    assert denied.value.code == "client_suspended"
    p.set_client_state(team.ada, client, "active", NOW)
    with pytest.raises(mspkit.ClientError) as late:
        p.set_client_state(team.ada, client, "trial", NOW, until=date(2027, 6, 1))
    assert late.value.code == "trial_end_invalid"
    with pytest.raises(mspkit.PermissionDenied) as admin_only:
        p.set_client_state(team.alan, client, "paused", NOW)
    assert admin_only.value.code == "provider_admin_only"


@pytest.mark.parametrize(
    ("state", "until"),
    [("trial", None), ("paused", date(2026, 11, 20)), ("frozen", None), ("Active", None), ("\ud800", None), ("", None)],
)
def test_a_bad_state_is_a_validation_error(team: Team, state: str, until: date | None) -> None:
    with pytest.raises(mspkit.ValidationError) as err:
        team.provider.set_client_state(team.ada, contoso(team), state, NOW, until=until)
    assert err.value.code in ("unknown_name", "invalid_text")


def test_trial_warnings_come_the_week_before_and_after_the_end(team: Team) -> None:
    p, client = team.provider, contoso(team)
    p.set_client_state(team.ada, client, "trial", NOW, until=date(2026, 11, 20))

    def codes(day: int) -> list[str]:
        at = datetime(2026, 11, day, 12, tzinfo=timezone.utc)
        return [w.code for w in p.warnings(at) if w.code.startswith("trial")]

    assert codes(12) == []
    assert codes(13) == ["trial_ending"]
    assert codes(20) == ["trial_ending"]
    assert codes(21) == ["trial_ended"]
    p.set_client_state(team.ada, client, "active", NOW + timedelta(days=18))
    assert codes(21) == []


def test_the_state_change_is_an_event_that_replays(team: Team) -> None:
    p, client = team.provider, contoso(team)
    [event] = p.set_client_state(team.ada, client, "trial", NOW, until=date(2026, 11, 20))
    assert event.kind == "client_state_changed"
    assert event.code is None
    assert event.data["from"] == {"type": "active"}
    assert event.data["to"] == {"type": "trial", "until": "2026-11-20"}
