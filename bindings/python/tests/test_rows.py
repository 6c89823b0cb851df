"""Report rows are typed objects (issue 18, item 2): every row and report a call returns is a
frozen class with typed properties, a repr naming it, equality, and ``to_dict()`` giving the
dict the call returned before (so callers migrate with ``.to_dict()``). Values are the bundled
example's (``examples/portfolio.json``, ``examples/events.jsonl``)."""

import secrets
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import mspkit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
AT = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
FABRIKAM = uuid.UUID("4f675534-8d07-592f-9292-f914019a3e33")


def portfolio() -> mspkit.Portfolio:
    return mspkit.Portfolio.from_json((EXAMPLES / "portfolio.json").read_text())


def replayed() -> mspkit.Provider:
    return mspkit.replay_portfolio((EXAMPLES / "events.jsonl").read_text()).provider


def admin(provider: mspkit.Provider) -> uuid.UUID:
    return next(m.id for m in provider.members if m.role == mspkit.ProviderUserType.PROVIDER_ADMIN)


def check_row(row: Any, again: Any, other: Any, cls: Any, expected: dict[str, Any]) -> None:
    """`row` is a `cls` whose repr names it; it equals `again` (the same row from a second call)
    and differs from `other`; `to_dict()` is `expected` (the dict the call returned before)."""
    assert type(row) is cls and type(other) is cls
    assert repr(row).startswith(f"{cls.__name__}(")
    assert row == again and not (row != again)
    assert row != other
    assert row.to_dict() == expected
    with pytest.raises(AttributeError):
        row.to_dict = None  # frozen: no attribute can be set


def test_seat_utilisation_rows() -> None:
    u, again = portfolio().seat_utilisation(), portfolio().seat_utilisation()
    fabrikam = u.clients[0]
    check_row(fabrikam, again.clients[0], u.clients[1], mspkit.ClientUtilisation, {
        "id": str(FABRIKAM), "name": "Fabrikam Dental", "plan": "teams_monthly",
        "assigned": 25, "used": 23, "free": 2, "idle_share": 0.08, "full": False,
    })
    assert (fabrikam.id, fabrikam.plan, fabrikam.free, fabrikam.idle_share) == (
        FABRIKAM, mspkit.PlanType.TEAMS_MONTHLY, 2, 0.08)
    assert repr(fabrikam).startswith("ClientUtilisation(id='4f675534-")
    teams = u.plans[0]
    check_row(teams, again.plans[0], u.plans[1], mspkit.PlanUtilisation, {
        "plan": "teams_monthly", "seat_minimum": 100, "assigned": 48, "used": 37, "free": 11,
        "idle_share": 0.2292, "unassigned": 52, "purchased": 0,
    })
    assert (teams.plan, teams.unassigned) == (mspkit.PlanType.TEAMS_MONTHLY, 52)
    assert u.to_dict()["clients"][0] == fabrikam.to_dict()


def test_invoice_lines_and_prorations() -> None:
    invoice = portfolio().invoice("2026-12")
    line = invoice.lines[0]
    check_row(line, portfolio().invoice("2026-12").lines[0], invoice.lines[1], mspkit.InvoiceLine, {
        "plan": "teams_monthly", "plan_name": "Teams (Monthly)", "cadence": "monthly", "seat_minimum": 100,
        "purchased_seats": 0, "assigned_seats": 48, "quantity": 100, "unit_price": Decimal("4.00"),
        "subtotal": Decimal("400.00"), "total": Decimal("360.00"),
    })
    assert isinstance(line.unit_price, Decimal) and line.total == Decimal("360.00") and line.quantity == 100
    # A purchase: Tailspin's enterprise seats above the plan's minimum, prorated on the next invoice.
    provider = replayed()
    now = provider.revised_at + timedelta(hours=1)
    tailspin = next(c for c in provider.clients if c.name == "Tailspin Logistics")
    provider.set_client_seats(admin(provider), tailspin.id, tailspin.seats + 10, now)
    subscription = provider.subscription
    assert subscription is not None
    [purchase] = subscription.purchases
    assert type(purchase) is mspkit.SeatPurchase and repr(purchase).startswith("SeatPurchase(")
    assert (purchase.client, purchase.plan, purchase.seats) == (tailspin.id, mspkit.PlanType.ENTERPRISE_MONTHLY, 10)
    assert isinstance(purchase.on, date) and isinstance(purchase.cost, Decimal)
    assert purchase.to_dict()["client"] == str(tailspin.id) and purchase.to_dict()["cost"] == purchase.cost
    [proration] = provider.invoice(purchase.charged_on.strftime("%Y-%m")).prorations
    assert type(proration) is mspkit.ProrationLine and proration.purchase == purchase
    assert proration.to_dict() == {**purchase.to_dict(), "total": proration.total}
    assert proration.total < proration.cost  # the 10% discount


def test_client_invoice_and_psa_rows() -> None:
    report = portfolio().client_invoice_report()
    row = report.rows[0]
    check_row(row, portfolio().client_invoice_report().rows[0], report.rows[1], mspkit.ClientInvoiceRow, {
        "client": "Fabrikam Dental", "id": str(FABRIKAM), "assigned": 25, "used": 23, "remaining": 2,
        "plan_type": "teams_monthly", "plan": "Teams (Monthly)", "estimated_total": Decimal("90.00"),
    })
    assert (row.id, row.plan_type, row.state, row.billed_seats) == (FABRIKAM, mspkit.PlanType.TEAMS_MONTHLY, "active", 25)
    unassigned = report.rows[-1]
    assert (unassigned.client, unassigned.id, unassigned.billed_seats) == ("Unassigned seats", None, 0)
    export = portfolio().psa_export()
    psa = export.rows[0]
    check_row(psa, portfolio().psa_export().rows[0], export.rows[1], mspkit.PsaRow, {
        "client": "Fabrikam Dental", "client_id": str(FABRIKAM), "reference": "CW-1001", "plan": "teams_monthly",
        "product": "Teams (Monthly)", "quantity": 25, "unit_price": Decimal("3.60"), "total": Decimal("90.00"),
        "billing_cycle": "monthly",
    })
    assert (psa.client_id, psa.reference, psa.unit_price) == (FABRIKAM, "CW-1001", Decimal("3.60"))


def test_model_comparison_and_what_if_rows() -> None:
    comparison = portfolio().model_comparison()
    teams = comparison.plans[0]
    check_row(teams, portfolio().model_comparison().plans[0], comparison.plans[1], mspkit.PlanComparison, {
        "plan": "teams_monthly", "cadence": "monthly", "used": 37, "billed_seats": 100,
        "seat_minimum_model": Decimal("360.00"), "list_price": Decimal("5.00"), "usage_based": Decimal("185.00"),
    })
    assert teams.usage_based == Decimal("185.00")
    what_if = (EXAMPLES / "what-if.json").read_text()
    outcomes = portfolio().what_if(what_if, date(2026, 12, 1)).outcomes
    again = portfolio().what_if(what_if, date(2026, 12, 1)).outcomes
    tailspin, woodgrove = outcomes[2], outcomes[3]
    check_row(tailspin, again[2], outcomes[1], mspkit.ChangeOutcome, {
        "kind": "seats", "client": "01a7b364-b407-5390-a063-8e9c0dd2621c", "client_name": "Tailspin Logistics",
        "plan": "enterprise_monthly", "from": 120, "to": 130, "purchase": True, "seats_bought": 10,
        "service_user_allowed": False, "prorated_cost": Decimal("52.00"),
    })
    assert (tailspin.from_, tailspin.to, tailspin.refused) == (120, 130, None)
    refused = woodgrove.refused
    assert type(refused) is mspkit.Refusal and refused.code == "seats_below_occupied"
    assert woodgrove.to_dict()["refused"] == refused.to_dict() == {"code": "seats_below_occupied", "message": refused.message}
    minimum = outcomes[4]
    assert (minimum.kind, minimum.client, minimum.client_name) == ("seat_minimum", None, None)


def test_the_subscription_lifecycle() -> None:
    subscription = portfolio().provider.subscription
    assert subscription is not None
    lifecycle = subscription.lifecycle
    assert type(lifecycle) is mspkit.SubscriptionLifecycle and repr(lifecycle).startswith("SubscriptionLifecycle(state='invoiced'")
    assert lifecycle.to_dict() == {
        "state": "invoiced",
        "invoice": {"issued_on": "2026-11-24", "due_on": "2026-12-24", "amount": Decimal("1548.00")},
    }
    invoice = lifecycle.invoice
    assert invoice is not None and (invoice.issued_on, invoice.due_on, invoice.amount) == (
        date(2026, 11, 24), date(2026, 12, 24), Decimal("1548.00"))
    assert (lifecycle.trial_ends_on, lifecycle.since, lifecycle.cancels_on, lifecycle.on) == (None, None, None, None)
    other = portfolio().provider.subscription
    assert other is not None and other.lifecycle == lifecycle


def test_psa_reconciliation_rows() -> None:
    provider = portfolio().provider
    _, companies = mspkit.read_psa_csv((EXAMPLES / "psa-companies.csv").read_text())
    reconciliation = provider.reconcile_psa(companies)
    findings = reconciliation.findings
    again = provider.reconcile_psa(companies).findings
    assert all(type(f) is mspkit.PsaFinding for f in findings)
    assert [f.to_dict() for f in findings] == reconciliation.to_dict()["findings"]
    if len(findings) > 1:
        check_row(findings[0], again[0], findings[1], mspkit.PsaFinding, reconciliation.to_dict()["findings"][0])
    for finding in findings:
        assert all(type(c) is mspkit.PsaClient and isinstance(c.id, uuid.UUID) for c in finding.clients)
        assert finding.to_dict()["clients"] == [c.to_dict() for c in finding.clients]
    for proposal in reconciliation.proposals:
        assert type(proposal) is mspkit.PsaMatch and isinstance(proposal.client_id, uuid.UUID)
        assert proposal.to_dict()["client_id"] == str(proposal.client_id)


def test_access_suspension_and_blast_radius() -> None:
    provider = replayed()
    now = provider.revised_at + timedelta(hours=1)
    ada = admin(provider)
    provider.suspend_access(ada, "a stolen session", now)
    suspension = provider.access_suspension
    assert type(suspension) is mspkit.AccessSuspension and repr(suspension).startswith("AccessSuspension(")
    assert (suspension.by, suspension.at, suspension.reason, suspension.resumed) == (ada, now, "a stolen session", [])
    assert suspension.to_dict() == {"by": str(ada), "at": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "reason": "a stolen session"}
    assert provider.access_suspension == suspension
    report = provider.blast_radius()
    assert type(report) is mspkit.BlastRadius and report.suspended and report.member is None
    assert report == provider.blast_radius()
    first, second = report.clients[0], report.clients[1]
    check_row(first, provider.blast_radius().clients[0], second, mspkit.ClientExposure, report.to_dict()["clients"][0])
    assert isinstance(first.client, uuid.UUID) and all(type(r) is mspkit.Reach for r in first.reached_by)
    assert {r.role for r in first.reached_by} <= {"provider_admin", "service_user"}
    member = report.members[0]
    check_row(member, provider.blast_radius().members[0], report.members[1], mspkit.MemberExposure,
              report.to_dict()["members"][0])
    assert member.email == "ada.lovelace@northwind-it.example" and isinstance(member.provider_actions, list)
    assert report.to_json().startswith('{"member":null,"suspended":true')


def test_exit_check_and_receipt() -> None:
    provider = replayed()
    now = provider.revised_at + timedelta(hours=1)
    check = provider.exit_check(FABRIKAM)
    assert type(check) is mspkit.ExitCheck and (check.client, check.name, check.blocked) == (FABRIKAM, "Fabrikam Dental", False)
    assert check == provider.exit_check(FABRIKAM) and check.to_dict()["client"] == str(FABRIKAM)
    codes = [f.code for f in check.findings]
    assert "exit_psa_reference" in codes
    first = check.findings[0]
    check_row(first, provider.exit_check(FABRIKAM).findings[0], check.findings[-1], mspkit.ExitFinding,
              {"code": first.code, "severity": "advisory", "message": first.message})
    secret, public = mspkit.seal_key_pair(secrets.token_bytes(32))
    text, _ = provider.unlink_client_with_receipt(admin(provider), FABRIKAM, now, secret_key=secret, client_events=25)
    receipt = mspkit.verify_exit_receipt(text, public)
    assert type(receipt) is mspkit.ExitReceipt and repr(receipt).startswith("ExitReceipt(")
    assert (receipt.client, receipt.provider_name, receipt.events) == (FABRIKAM, "Northwind Managed IT", 26)
    assert receipt.left_at == now.replace(microsecond=0) and isinstance(receipt.final_state, dict)
    period = receipt.last_period
    assert type(period) is mspkit.LastPeriod and period.assigned == 25 and isinstance(period.estimated_total, Decimal)
    as_dict = receipt.to_dict()
    assert as_dict["client"] == str(FABRIKAM) and as_dict["last_period"]["estimated_total"] == str(period.estimated_total)
    assert receipt == mspkit.verify_exit_receipt(text, public)


def test_the_chain_report() -> None:
    text = (EXAMPLES / "events.jsonl").read_text()
    secret, public = mspkit.seal_key_pair(bytes(range(32)))
    now = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
    line = mspkit.seal_event_log(text, secret, now)
    report = mspkit.verify_event_log(text + line + "\n", public_key=public)
    assert type(report) is mspkit.ChainReport and repr(report).startswith("ChainReport(events=345")
    assert (report.events, report.lines, report.last_sequence) == (345, 347, 345)
    assert report.provider == uuid.UUID("6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f")
    [checkpoint] = report.checkpoints
    assert type(checkpoint) is mspkit.SeenCheckpoint
    assert (checkpoint.line, checkpoint.sequence, checkpoint.at, checkpoint.public_key) == (347, 345, now, public)
    assert checkpoint.head == text.splitlines()[-1][9:73] != report.head  # the checkpoint line is chained too
    as_dict = report.to_dict()
    assert {k: as_dict[k] for k in ("events", "lines", "head", "provider", "last_sequence")} == {
        "events": 345, "lines": 347, "head": report.head, "provider": str(report.provider), "last_sequence": 345}
    assert as_dict["checkpoints"][0]["line"] == 347 and as_dict["checkpoints"][0]["checkpoint"]["sequence"] == 345
    plain = mspkit.verify_event_log(text)
    assert plain != report and plain == mspkit.verify_event_log(text)


def test_the_portfolio_report() -> None:
    report = portfolio().report(AT)
    assert type(report) is mspkit.PortfolioReport and report == portfolio().report(AT)
    assert repr(report).startswith("PortfolioReport(generated_at='2026-11-24T12:00:00Z'")
    assert report.generated_at == AT and report.to_dict()["generated_at"] == "2026-11-24T12:00:00Z"
    summary = report.provider
    assert type(summary) is mspkit.ProviderSummary
    assert (summary.kind, summary.status, summary.name) == (mspkit.ProviderType.MSP, mspkit.ProviderStatus.BILLABLE, "Northwind Managed IT")
    assert summary.to_dict() == {
        "id": "6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f", "name": "Northwind Managed IT", "kind": "msp",
        "status": "billable", "enabled": True, "billing_email": "billing@northwind-it.example",
    }
    assert report.team_counts.to_dict() == {
        "confirmed_admins": 2, "service_users": 5, "invited": 2, "accepted": 1, "confirmed": 3, "revoked": 1}
    ada = report.team[0]
    check_row(ada, portfolio().report(AT).team[0], report.team[1], mspkit.MemberLine, {
        "id": "67a027d7-c07a-5ee8-9454-7c06f5616831", "email": "ada.lovelace@northwind-it.example", "name": None,
        "role": "provider_admin", "status": "confirmed", "client_scope": None, "invitation_expired": False,
    })
    assert (ada.role, ada.status) == (mspkit.ProviderUserType.PROVIDER_ADMIN, mspkit.ProviderUserStatus.CONFIRMED)
    adatum = report.clients[0]
    check_row(adatum, portfolio().report(AT).clients[0], report.clients[1], mspkit.ClientLine, {
        "id": "72c01a01-dc83-5b69-b728-9a55b984f719", "name": "Adatum Architects", "plan": "teams_monthly",
        "tier": "teams", "seats": 15, "occupied_seats": 6, "free_seats": 9, "full": False, "enabled": True,
        "tags": ["standard"],
    })
    assert (adatum.plan, adatum.state, adatum.billed_seats, adatum.tags) == (mspkit.PlanType.TEAMS_MONTHLY, "active", 15, ["standard"])
    warning = report.warnings[0]
    check_row(warning, portfolio().report(AT).warnings[0], report.warnings[1], mspkit.WarningLine,
              {"code": warning.code, "message": warning.message})
    assert [s.plan for s in report.seats] == [mspkit.PlanType.TEAMS_MONTHLY, mspkit.PlanType.ENTERPRISE_MONTHLY]
    assert report.billing_warnings.is_empty
    assert report.to_dict()["clients"][0] == adatum.to_dict() and '"team_counts"' in report.to_json()


def test_the_policy_catalogue() -> None:
    catalogue = mspkit.policy_catalogue()
    master = catalogue[1]
    check_row(master, mspkit.policy_catalogue()[1], catalogue[2], mspkit.PolicyCatalogueEntry, master.to_dict())
    assert (master.code, master.name, master.requires) == (1, "master_password", [])
    as_dict = master.to_dict()
    assert set(as_dict) == {"code", "name", "display_name", "requires", "settings"}
    length = master.settings[0]
    assert type(length) is mspkit.PolicySettingSpec and length.name == as_dict["settings"][0]["name"]
    spec = next(s for s in master.settings if s.name == "min_length")
    assert spec.to_dict() == {"name": "min_length", "required": False, "rule": "at_least", "min": 12, "max": 128}
    assert (spec.min, spec.max, spec.choices, spec.max_chars) == (12, 128, None, None)
    fill = next(p for p in catalogue if p.name == "automatic_app_log_in" or p.settings and p.settings[0].rule == "https_url")
    assert any(s.max_chars for s in fill.settings)
