"""The emergency stop and its blast radius (issue 20, item 2)."""

from datetime import timedelta
from pathlib import Path

import pytest

import mspkit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def example() -> mspkit.Provider:
    return mspkit.replay_portfolio((EXAMPLES / "events.jsonl").read_text()).provider


def test_suspending_access_refuses_everyone_and_resuming_gives_it_back():
    provider = example()
    now = provider.revised_at + timedelta(hours=1)
    ada, grace = [m.id for m in provider.members if m.role == mspkit.ProviderUserType.PROVIDER_ADMIN][:2]
    assert provider.access_suspension is None
    events = provider.suspend_access(ada, "a stolen session", now)
    assert [e.kind for e in events] == ["provider_access_suspended"]
    suspension = provider.access_suspension
    assert suspension is not None and suspension.reason == "a stolen session" and suspension.by == ada
    with pytest.raises(mspkit.MspkitError) as info:
        provider.resume_access(grace, now)
    assert info.value.code == "provider_access_suspended"
    assert len(provider.resume_access(ada, now, members=[grace])) == 1
    suspension = provider.access_suspension
    assert suspension is not None and suspension.resumed == [grace]
    assert suspension.to_dict()["resumed"] == [str(grace)]
    provider.resume_access(grace, now)
    assert provider.access_suspension is None
    with pytest.raises(mspkit.MspkitError) as info:
        provider.resume_access(ada, now)
    assert info.value.code == "access_not_suspended"


def test_the_blast_radius_is_a_report():
    provider = example()
    report = provider.blast_radius()
    assert len(report.clients) == len(provider.clients)
    assert report.locked_out == [] and report.suspended is False
    alan = next(m for m in provider.members if m.email == "alan.turing@northwind-it.example")
    one = provider.blast_radius(alan.id)
    assert [m.role for m in one.members] == ["service_user"]
    assert one.members[0].clients == len(one.clients) < len(report.clients)


def test_a_client_exit_check_and_its_signed_receipt():
    import secrets

    provider = example()
    now = provider.revised_at + timedelta(hours=1)
    fabrikam = next(c.id for c in provider.clients if c.name == "Fabrikam Dental")
    check = provider.exit_check(fabrikam)
    assert {f.severity for f in check.findings} == {"advisory"} and not check.blocked
    assert "exit_psa_reference" in [f.code for f in check.findings]
    secret, public = mspkit.seal_key_pair(secrets.token_bytes(32))
    ada = next(m.id for m in provider.members if m.role == mspkit.ProviderUserType.PROVIDER_ADMIN)
    text, events = provider.unlink_client_with_receipt(ada, fabrikam, now, secret_key=secret, client_events=25)
    assert [e.kind for e in events] == ["client_unlinked"]
    receipt = mspkit.verify_exit_receipt(text, public)
    assert receipt.client == fabrikam and receipt.events == 26
    assert receipt.to_dict()["client"] == str(fabrikam) and receipt.left_at == now.replace(microsecond=0)
    with pytest.raises(mspkit.EventError) as info:
        mspkit.verify_exit_receipt(text.replace("Northwind Managed IT", "Southwind"), public)
    assert info.value.code == "receipt_signature_invalid"
