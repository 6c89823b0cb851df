"""PSA reconciliation from Python (issue 17 item 2): companies as dicts or read from a PSA's
CSV export, the four findings, the confident proposals recorded as events, refusals with
their codes."""

import uuid
from datetime import datetime, timezone

import pytest

import mspkit
from conftest import NOW, Team

START = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)

CONNECTWISE = (
    "\ufeffCompany ID,Company Name,Agreement Name,Quantity\r\n"
    "CW-1,Contoso,Password manager,12\r\n"
    'CW-2,"Fabrikam, Inc.",Password manager,5\r\n'
    "CW-9,Wide World Importers,Password manager,20\r\n"
)


@pytest.fixture
def team() -> Team:
    """Contoso (10 seats, reference CW-1), Fabrikam (5) and Litware (3, reference CW-404)."""
    t = Team()
    contoso = t.client("Contoso", seats=10)
    t.client("Fabrikam", seats=5)
    litware = t.client("Litware", seats=3)
    t.provider.start_subscription(START)
    t.provider.set_client_reference(t.ada, contoso, "CW-1", NOW)
    t.provider.set_client_reference(t.ada, litware, "CW-404", NOW)
    return t


def test_read_and_reconcile(team: Team) -> None:
    psa, rows = mspkit.read_psa_csv(CONNECTWISE)
    assert psa == "connectwise"
    assert rows[1] == {"company_id": "CW-2", "company_name": "Fabrikam, Inc.", "agreement": "Password manager", "quantity": 5}
    r = team.provider.reconcile_psa(rows)
    assert (r.companies, r.clients, r.matched) == (3, 3, 1)
    assert [f.kind for f in r.findings] == [
        "client_without_reference",
        "reference_unmatched",
        "company_without_client",
        "quantity_mismatch",
    ]
    mismatch = r.findings[-1]
    assert (mismatch.billed_seats, mismatch.psa_quantity) == (10, 12)
    [proposal] = r.proposals
    assert (proposal.client, proposal.company_id, proposal.by) == ("Fabrikam", "CW-2", "normalised_name")
    assert len(r) == 4 and "quantity_mismatch" in r.to_csv()
    assert r.to_dict()["matched"] == 1


def test_proposals_are_recorded_all_or_nothing(team: Team) -> None:
    r = team.provider.reconcile_psa(
        [{"company_id": "CW-2", "company_name": "Fabrikam"}, {"company_id": "CW-1", "company_name": "Contoso"}]
    )
    events = team.provider.set_client_references(team.ada, r.references(), NOW)
    assert [e.kind for e in events] == ["client_reference_set"]
    assert team.provider.reconcile_psa([{"company_id": "CW-2", "company_name": "Fabrikam"}]).matched == 1
    with pytest.raises(mspkit.ClientError) as err:
        team.provider.set_client_references(team.ada, [(uuid.uuid4(), "X-1")], NOW)
    assert err.value.code == "client_not_found"


@pytest.mark.parametrize(
    ("row", "why"),
    [
        ({"company_name": "Contoso"}, "no id"),
        ({"company_id": "1", "company_name": "Con\x1btoso"}, "an escape"),
        ({"company_id": "1", "company_name": "Contoso", "quantity": -1}, "negative"),
        ({"company_id": "1", "company_name": "Contoso", "quantity": True}, "a bool"),
        ({"company_id": "1", "company_name": "Contoso", "quantity": 2**40}, "too many"),
        ({"company_id": 1, "company_name": "Contoso"}, "an int id"),
    ],
)
def test_rows_are_checked(team: Team, row: dict[str, object], why: str) -> None:
    with pytest.raises(mspkit.BillingError) as err:
        team.provider.reconcile_psa([row])
    assert err.value.code == "psa_row_invalid", why
    assert "row 1" in str(err.value)


def test_exports_are_refused_with_codes() -> None:
    with pytest.raises(mspkit.BillingError) as err:
        mspkit.read_psa_csv("Name,Seats\nContoso,3\n")
    assert err.value.code == "psa_header_invalid"
    with pytest.raises(mspkit.BillingError) as err:
        mspkit.read_psa_csv(CONNECTWISE, "halo")
    assert err.value.code == "psa_header_invalid"
    with pytest.raises(mspkit.BillingError) as err:
        mspkit.read_psa_csv(CONNECTWISE, max_bytes=16)
    assert err.value.code == "document_too_large"
    with pytest.raises(mspkit.ValidationError) as err:
        mspkit.read_psa_csv(CONNECTWISE, "kaseya")
    assert err.value.code == "unknown_name"


def test_without_a_subscription() -> None:
    t = Team()
    with pytest.raises(mspkit.BillingError) as err:
        t.provider.reconcile_psa([])
    assert err.value.code == "no_subscription"
    assert NOW.tzinfo is not None
