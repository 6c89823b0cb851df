"""Hostile output through Python (issue 16, the output side): exception messages are escaped
and cut as the command line's error lines are (and escape once), client names refuse control
and bidi characters, and every CSV function neutralises the formulas of
tests/fixtures/hostile/output.json."""

import csv
import io
import json
import pathlib

import pytest

import mspkit
from conftest import NOW

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUTPUT = json.loads((ROOT / "tests/fixtures/hostile/output.json").read_text())
UNSAFE = [chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\u202e", "\u2066", "\u200b", "\ufeff"]


def _portfolio(edit) -> mspkit.Portfolio:
    doc = json.loads((ROOT / "examples/portfolio.json").read_text())
    edit(doc)
    return mspkit.Portfolio.from_json(json.dumps(doc))


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _starts_formula(cell: str) -> bool:
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@pytest.mark.parametrize("name", ["Contoso\nTailspin", "Evil\x1b[2J", "Evil\u202egnp.exe", "a\x00b", "a\u2066b"])
def test_a_client_name_with_a_control_or_bidi_character_is_refused_with_an_escaped_message(team, name) -> None:
    with pytest.raises(mspkit.MspkitError) as info:
        team.provider.create_client(team.ada, name, "o@c.example", mspkit.PlanType.TEAMS_MONTHLY, 5, NOW)
    assert info.value.code == "client_name_invalid"
    message = str(info.value)
    assert not any(ch in message for ch in UNSAFE), repr(message)
    # Escaped once: `\u{1b}`, never `\\u{1b}`.
    assert "\\\\" not in message, message
    if "\x1b" in name:
        assert "\\u{1b}" in message


def test_a_document_error_quoting_a_hostile_name_is_escaped_once_and_cut() -> None:
    def bad(doc):
        doc["provider"]["clients"][0]["name"] = "Evil\x1b]0;owned\x07\u202e"

    with pytest.raises(mspkit.MspkitError) as info:
        _portfolio(bad)
    message = str(info.value)
    assert info.value.code == "client_name_invalid"
    assert "Evil\\u{1b}]0;owned\\u{7}\\u{202e}" in message, message
    assert not any(ch in message for ch in UNSAFE)



def mspkit_max() -> int:
    # The bound of the command line's error lines and of Python's messages.
    return 1000


def test_a_huge_value_in_a_message_is_cut() -> None:
    with pytest.raises(mspkit.MspkitError) as info:
        mspkit.Schedule(NOW.date(), "x" * 10**6)
    message = str(info.value)
    assert len(message) <= mspkit_max() + 1, len(message)
    assert message.endswith("\u2026")


def test_every_csv_function_neutralises_the_owasp_formulas() -> None:
    names = [f.strip() for f in OUTPUT["formulas"] if f.strip() and len(f.strip()) <= 50]

    def formulas(doc):
        for client, name in zip(doc["provider"]["clients"], names):
            client["name"] = name
        for key in doc["provider"]["subscription"]["client_references"]:
            doc["provider"]["subscription"]["client_references"][key] = "=1+2"

    portfolio = _portfolio(formulas)
    outputs = {
        "client_invoice_csv": portfolio.client_invoice_csv(),
        "provider.client_invoice_csv": portfolio.provider.client_invoice_csv(),
        "client_invoice_report().to_csv": portfolio.client_invoice_report().to_csv(),
        "psa_export().to_csv": portfolio.psa_export().to_csv(),
    }
    for what, text in outputs.items():
        cells = _cells(text)
        assert any(cell.startswith("'") for cell in cells), what
        bad = [c for c in cells if _starts_formula(c) and not c.lstrip("-$").replace(",", "").replace(".", "").isdigit()]
        assert not bad, (what, bad)
    # The data itself is kept: the names read back as they were given.
    assert [row.client for row in portfolio.client_invoice_report().rows][:6] == names[:6]


def test_the_audit_export_neutralises_an_email_that_is_a_formula(team) -> None:
    events = team.provider.invite(team.ada, ["=1+2@evil.example"], mspkit.ProviderUserType.SERVICE_USER, NOW)
    text = team.provider.export_events(team.ada, events)
    cells = _cells(text)
    assert "'=1+2@evil.example" in cells, text
    assert not [c for c in cells if _starts_formula(c)], text
