"""Consolidated billing from Python: the subscription and its lifecycle, exact amounts as
Decimal, the reports as objects with repr and to_dict, CSV as str, errors with codes."""

import csv
import io
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
    """Northwind with a Teams minimum of 20, an Enterprise minimum of 10, two Teams clients
    (12 and 5 seats) and one Enterprise client (15 seats), and a subscription with a 12.5 %
    discount started on 1 November (trial to 15 November)."""
    t = Team()
    p = t.provider
    p.set_seat_minimum(None, mspkit.PlanType.TEAMS_MONTHLY, 20, NOW)
    p.set_seat_minimum(None, mspkit.PlanType.ENTERPRISE_MONTHLY, 10, NOW)
    for name, plan, seats in [
        ("Contoso, Ltd", mspkit.PlanType.TEAMS_MONTHLY, 12),
        ('"Fabrikam"', mspkit.PlanType.TEAMS_MONTHLY, 5),
        ("Tailspin", mspkit.PlanType.ENTERPRISE_MONTHLY, 15),
    ]:
        p.create_client(t.ada, name, "owner@client.example", plan, seats, NOW)
    p.start_subscription(START, discount="12.5")
    return t


def client_id(t: Team, name: str) -> uuid.UUID:
    return next(c.id for c in t.provider.clients if c.name == name)


def test_the_subscription_starts_in_a_14_day_trial_and_reads_back(team: Team) -> None:
    sub = team.provider.subscription
    assert sub is not None
    assert sub.anchor == date(2026, 11, 15)
    assert sub.status(date(2026, 11, 14)) == "trialing"
    assert sub.status(date(2026, 11, 15)) == "active"
    assert sub.discount == "12.5%"
    assert sub.price(mspkit.PlanType.ENTERPRISE_MONTHLY) == Decimal("6.00")
    assert "Subscription(" in repr(sub) and "trialing" in repr(sub)
    again = mspkit.Provider.from_json(team.provider.to_json())
    assert again == team.provider
    assert pickle.loads(pickle.dumps(team.provider)) == team.provider


def test_the_lifecycle_disables_and_reenables_the_provider(team: Team) -> None:
    p = team.provider
    with pytest.raises(mspkit.BillingError) as err:
        p.issue_invoice(Decimal("100.00"), START + timedelta(days=2))
    assert err.value.code == "trial_not_over"
    charge = datetime(2026, 11, 15, 9, tzinfo=timezone.utc)
    p.issue_invoice(Decimal("148.75"), charge)
    assert p.subscription.status(date(2026, 11, 16)) == "overdue"
    assert p.subscription.suspension_warning(date(2026, 11, 29))
    p.mark_unpaid(charge + timedelta(days=20))
    assert not p.enabled
    assert all(not c.enabled for c in p.clients)
    with pytest.raises(mspkit.BillingError) as err:
        p.cancel_subscription(charge + timedelta(days=21))
    assert err.value.code == "cancel_too_early"
    p.pay_invoice(charge + timedelta(days=22))
    assert p.enabled and all(c.enabled for c in p.clients)
    assert p.subscription.status(date(2026, 12, 8)) == "active"


def test_the_invoice_has_exact_amounts(team: Team) -> None:
    invoice = team.provider.invoice("2026-12")
    assert invoice.charge_date == date(2026, 12, 15)
    # Teams: 17 of 20 → 20 × $4 × 0.875 = $70; Enterprise: 15 of 10 → 15 × $6 × 0.875 = $78.75.
    assert [line.total for line in invoice.lines] == [Decimal("70.00"), Decimal("78.75")]
    assert invoice.total == Decimal("148.75")
    assert isinstance(invoice.to_dict()["total"], Decimal)
    assert "total=$148.75" in repr(invoice)
    with pytest.raises(mspkit.BillingError) as err:
        team.provider.invoice("2026-13")
    assert err.value.code == "period_invalid"
    assert isinstance(err.value, mspkit.MspkitError)


def test_a_purchase_is_prorated_on_the_next_invoice(team: Team) -> None:
    p = team.provider
    # 20 November: 25 of the 30 days of the period from 15 November are left.
    events = p.set_client_seats(team.ada, client_id(team, "Tailspin"), 17, datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    assert events
    invoice = p.invoice("2026-12")
    assert len(invoice.prorations) == 1
    # 2 × $6 × 25/30 = $10.00, × 0.875 = $8.75.
    assert invoice.prorations[0].cost == Decimal("10.00")
    assert invoice.prorations[0].total == Decimal("8.75")


def test_the_client_invoice_csv_has_the_reference_columns(team: Team) -> None:
    text = team.provider.client_invoice_csv()
    # CRLF record ends, as the reference's ProviderBillingService.GenerateClientInvoiceReport writes them.
    assert text.count("\r\n") == text.count("\n") == 5
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["Client", "Id", "Assigned", "Used", "Remaining", "Plan", "Estimated total"]
    assert rows[1] == ["Contoso, Ltd", str(client_id(team, "Contoso, Ltd")), "12", "1", "11", "Teams (Monthly)", "$42.00"]
    assert rows[2][0] == '"Fabrikam"'
    assert rows[-1] == ["Unassigned seats", "", "3", "0", "3", "Teams (Monthly)", "$10.50"]
    report = team.provider.client_invoice_report()
    assert report.to_csv() == text
    assert len(report) == 4
    assert report.rows[0].estimated_total == Decimal("42.00")
    assert report.total == Decimal("42.00") + Decimal("17.50") + Decimal("78.75") + Decimal("10.50")


def test_utilisation_lists_full_and_idle_clients(team: Team) -> None:
    u = team.provider.seat_utilisation(idle=10)
    assert u.idle_clients == [client_id(team, "Contoso, Ltd"), client_id(team, "Tailspin")]
    assert u.full_clients == []
    assert u.clients[0].free == 11
    assert u.plans[0].purchased == 0
    assert "SeatUtilisation(clients=3" in repr(u)
    assert u.to_dict()["idle_threshold"] == 10


def test_what_if_leaves_the_provider_untouched(team: Team) -> None:
    before = team.provider.to_json()
    result = team.provider.what_if(
        {"on": "2026-11-20", "changes": [{"client": "Contoso, Ltd", "seats": 16}, {"client": "Tailspin", "seats": 0}]},
        date(2026, 11, 20),
    )
    assert team.provider.to_json() == before
    first, second = result.outcomes
    assert first.purchase and first.seats_bought == 1 and not first.service_user_allowed
    assert second.refused is not None and second.refused.code == "seats_zero"
    assert result.next_invoice_difference == result.recurring_after - result.recurring_before + result.prorated_purchases
    assert result.comparison_after.cheaper in {"seat_minimum", "usage_based", "equal"}
    assert isinstance(result.comparison_after.usage_based_per_year, Decimal)
    with pytest.raises(mspkit.BillingError) as err:
        team.provider.what_if({"changes": [{"client": "Nobody", "seats": 1}]}, date(2026, 11, 20))
    assert err.value.code == "what_if_client_unknown"


def test_the_psa_export_carries_the_providers_reference(team: Team) -> None:
    contoso = client_id(team, "Contoso, Ltd")
    team.provider.set_client_reference(team.ada, contoso, "CW-0042", NOW)
    export = team.provider.psa_export()
    assert export.rows[0].reference == "CW-0042"
    assert export.rows[0].unit_price == Decimal("3.50")
    assert export.to_csv().splitlines()[1] == f'"Contoso, Ltd",{contoso},CW-0042,Teams (Monthly),12,3.50,42.00,monthly'
    with pytest.raises(mspkit.PermissionDenied):
        team.provider.set_client_reference(team.alan, contoso, "X", NOW)


def test_a_reseller_has_no_consolidated_billing() -> None:
    from conftest import set_up_provider

    provider, _ = set_up_provider(mspkit.ProviderType.RESELLER, "Resell", "r@resell.example")
    with pytest.raises(mspkit.BillingError) as err:
        provider.start_subscription(START)
    assert err.value.code == "no_consolidated_billing"
    with pytest.raises(mspkit.BillingError) as err:
        provider.seat_utilisation()
    assert err.value.code == "no_consolidated_billing"
