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
    assert provider.access_suspension["reason"] == "a stolen session"
    with pytest.raises(mspkit.MspkitError) as info:
        provider.resume_access(grace, now)
    assert info.value.code == "provider_access_suspended"
    assert len(provider.resume_access(ada, now, members=[grace])) == 1
    assert provider.access_suspension["resumed"] == [str(grace)]
    provider.resume_access(grace, now)
    assert provider.access_suspension is None
    with pytest.raises(mspkit.MspkitError) as info:
        provider.resume_access(ada, now)
    assert info.value.code == "access_not_suspended"


def test_the_blast_radius_is_a_report():
    provider = example()
    report = provider.blast_radius()
    assert len(report["clients"]) == len(provider.clients)
    assert report["locked_out"] == [] and report["suspended"] is False
    alan = next(m for m in provider.members if m.email == "alan.turing@northwind-it.example")
    one = provider.blast_radius(alan.id)
    assert [m["role"] for m in one["members"]] == ["service_user"]
    assert one["members"][0]["clients"] == len(one["clients"]) < len(report["clients"])
