"""Client tags and baseline tiers from Python (issue 17 item 3): the tag command and its event,
a baseline's `applies_to`, and the tiered check where tags overlap, are missing, or name no
baseline."""

import pickle

import pytest

import mspkit
from conftest import NOW, Team

STANDARD = """
name = "standard"
[policies.master_password]
min_length = 12
"""

STRICT = """
name = "strict"
applies_to = ["regulated"]
[policies.master_password]
min_length = 16
"""


@pytest.fixture
def team() -> Team:
    t = Team()
    for name in ("Contoso", "Fabrikam", "Litware"):
        client = t.client(name, plan=mspkit.PlanType.ENTERPRISE_MONTHLY, seats=5)
        t.provider.enable_client_policy(t.ada, client, "master_password", NOW, {"min_length": 14})
    return t


def client(t: Team, name: str):
    return next(c.id for c in t.provider.clients if c.name == name)


def test_tags_are_a_command_with_one_event(team: Team) -> None:
    p, contoso = team.provider, client(team, "Contoso")
    [event] = p.set_client_tags(team.ada, contoso, ["Regulated", "kiosk", "kiosk"], NOW)
    assert event.kind == "client_tags_changed"
    assert p.client(contoso).tags == ["kiosk", "regulated"]
    assert p.set_client_tags(team.ada, contoso, ["kiosk", "regulated"], NOW) == []
    assert pickle.loads(pickle.dumps(p)).client(contoso).tags == ["kiosk", "regulated"]
    with pytest.raises(mspkit.ClientError) as err:
        p.set_client_tags(team.ada, contoso, ["two words"], NOW)
    assert err.value.code == "client_tag_invalid"
    with pytest.raises(mspkit.PermissionDenied) as denied:
        p.set_client_tags(team.alan, contoso, ["a"], NOW)
    assert denied.value.code == "provider_admin_only"


def test_tiers_overlap_missing_and_unknown_tags(team: Team) -> None:
    p = team.provider
    p.set_client_tags(team.ada, client(team, "Contoso"), ["regulated"], NOW)
    p.set_client_tags(team.ada, client(team, "Fabrikam"), ["legacy"], NOW)
    standard, strict = mspkit.Baseline.from_toml(STANDARD), mspkit.Baseline.from_toml(STRICT)
    assert (standard.applies_to, strict.applies_to) == ([], ["regulated"])
    report = mspkit.check_tiers([standard, strict], p, NOW)
    tiers = [(t.baselines, t.report.totals.clients) for t in report.tiers]
    assert tiers == [(["standard"], 2), (["standard", "strict"], 1)]
    [contoso] = report.tiers[1].report.clients
    assert contoso.findings[0].expected == ">= 16"
    assert report.to_dict()["tiers"][1]["report"]["clients"][0]["findings"][0]["expected"] == ">= 16"
    assert report.unselected == [] and not report.compliant
    assert repr(report).startswith("TieredCompliance(compliant=False")
    # Without the catch-all baseline: Fabrikam's tag names no baseline, Litware has none.
    report = mspkit.check_tiers([strict], p, NOW)
    assert [(c.client_name, c.tags) for c in report.unselected] == [("Fabrikam", ["legacy"]), ("Litware", [])]
    assert report.unselected[0].to_dict()["tags"] == ["legacy"] and report.unselected[0] != report.unselected[1]
    with pytest.raises(TypeError):
        mspkit.check_tiers([strict], "not a portfolio", NOW)
