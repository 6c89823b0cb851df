"""The customer deployment guide from Python: the same scenarios as the Rust tests."""

import datetime
import json
import pathlib
import pickle
import uuid
from decimal import Decimal

import pytest

import mspkit

ROOT = pathlib.Path(__file__).resolve().parents[3]
ADA = uuid.UUID("67a027d7-c07a-5ee8-9454-7c06f5616831")
CLIENT = uuid.UUID("4f675534-8d07-592f-9292-f914019a3e33")
NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.timezone.utc)


def test_both_editions_total_exactly():
    c36 = mspkit.DeploymentCatalog.default()
    assert len(c36) == 36
    assert [c36.phase_hours(p.number) for p in c36.phases] == [
        Decimal("5.25"),
        Decimal("5.75"),
        Decimal("7.1"),
        Decimal("3.0"),
    ]
    assert c36.total_hours == Decimal("21.1")
    assert c36.total_minutes == 1266
    c37 = mspkit.DeploymentCatalog.from_toml((ROOT / "examples/deployment-guide-37.toml").read_text())
    assert len(c37) == 37
    assert c37.phase_hours(3) == Decimal("7.2")
    assert c37.total_hours == Decimal("21.2")
    assert c37.step(25).topic == "Organization data ownership"
    assert mspkit.DeploymentCatalog.from_json(c37.to_json()) == c37
    assert pickle.loads(pickle.dumps(c37)) == c37
    assert mspkit.DeploymentCatalog() == c36


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (("number = 2\nphase = 1", "number = 1\nphase = 1"), "duplicate_step_number"),
        (("hours = 0.5", "hours = -0.5"), "invalid_duration"),
        (("hours = 0.5", "minutes = 0"), "invalid_duration"),
        (("number = 36\nphase = 4", "number = 36\nphase = 7"), "unknown_phase"),
    ],
)
def test_invalid_editions_are_refused_with_a_code(edit, code):
    text = (ROOT / "examples/deployment-guide-37.toml").read_text().replace(*edit, 1)
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.DeploymentCatalog.from_toml(text)
    assert info.value.code == code
    assert isinstance(info.value, mspkit.MspkitError)


def test_conditions_decide_which_steps_apply():
    c = mspkit.DeploymentCatalog.default()
    minimal = mspkit.ClientProfile()
    full = mspkit.ClientProfile(sso=True, decryption="trusted_devices", provisioning="scim", siem=True)
    assert c.hours_for(full) == Decimal("21.1")
    assert c.hours_for(minimal) == Decimal("14.35")
    assert [s.number for s in c.steps if s.condition] == [3, 20, 21, 25, 27, 31, 32]
    assert c.step(31).applies_to(mspkit.ClientProfile(provisioning="directory_connector"))
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.ClientProfile(decryption="trusted_devices")
    assert info.value.code == "trusted_devices_without_sso"
    with pytest.raises(ValueError):
        mspkit.ClientProfile(hosting="moon")
    assert pickle.loads(pickle.dumps(full)) == full
    assert "sso=True" in repr(full)


def test_transitions_allowed_and_refused():
    plan = mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())
    event = plan.start(1, ADA, NOW)
    assert (event.kind, event.step, event.phase, event.actor, event.at) == ("step_started", 1, 1, ADA, NOW)
    plan.complete(1, ADA, NOW)
    with pytest.raises(mspkit.DeploymentError) as info:
        plan.start(1, ADA, NOW)
    assert info.value.code == "invalid_transition"
    assert plan.reopen(1, ADA, NOW).kind == "step_reopened"
    assert plan.status(1) == "not_started"
    assert plan.block(2, "waiting for the client", ADA, NOW).reason == "waiting for the client"
    assert plan.phase_status(1) == "blocked"
    with pytest.raises(mspkit.DeploymentError) as info:
        plan.skip(4, "  ", ADA, NOW)
    assert info.value.code == "missing_reason"
    with pytest.raises(mspkit.DeploymentError) as info:
        plan.complete(20, ADA, NOW)
    assert info.value.code == "step_not_applicable"
    with pytest.raises(mspkit.DeploymentError) as info:
        plan.complete_phase(1, ADA, NOW)
    assert info.value.code == "phase_has_open_steps"


def test_progress_phases_and_round_trips():
    plan = mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())
    for step in [1, 2, 4, 5, 6, 7, 8, 9, 10, 11]:
        plan.complete(step, ADA, NOW)
    assert plan.complete_phase(1, ADA, NOW).kind == "phase_completed"
    assert plan.phase_status(1) == "complete"
    assert plan.current_phase == 2
    assert plan.progress.percent == 34
    assert plan.progress.done_hours == Decimal("5.0")
    assert plan.remaining_hours == Decimal("9.35")
    back = mspkit.DeploymentPlan.from_json(plan.to_json())
    assert back == plan
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert json.loads(plan.to_json())["steps"]["1"]["status"] == "done"
    checklist = plan.checklist(groups=2)
    assert "create_groups" not in checklist.open
    assert "set_up_sso" not in checklist.open
    assert not checklist.is_complete


def test_a_client_adopts_sso_later():
    plan = mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())
    plan.complete(7, ADA, NOW)
    assert (plan.progress.planned_hours, plan.progress.percent) == (Decimal("14.35"), 6)
    with pytest.raises(mspkit.DeploymentError) as info:
        plan.start(20, ADA, NOW)
    assert info.value.code == "step_not_applicable"
    sso = mspkit.ClientProfile(sso=True)
    event = plan.change_profile(sso, ADA, NOW)
    assert (event.kind, event.step, event.phase, event.profile) == ("profile_changed", None, None, sso)
    assert plan.profile == sso
    # Steps 3, 20, 21 and 25 now apply: 3.75 h more.
    assert (plan.progress.planned_hours, plan.progress.percent) == (Decimal("18.1"), 5)
    plan.complete(20, ADA, NOW)
    with pytest.raises(mspkit.DeploymentError) as info:
        plan.change_profile(sso, ADA, NOW)
    assert info.value.code == "profile_unchanged"
    # Dropping SSO again keeps step 20's record, out of every total.
    plan.change_profile(mspkit.ClientProfile(), ADA, NOW)
    assert plan.status(20) == "done"
    assert plan.progress.done_hours == Decimal("1.0")
    assert mspkit.DeploymentPlan.from_json(plan.to_json()) == plan
    # A signed-off phase may not gain open steps.
    for step in range(12, 20):
        plan.complete(step, ADA, NOW)
    plan.complete_phase(2, ADA, NOW)
    with pytest.raises(mspkit.DeploymentError) as info:
        plan.change_profile(sso, ADA, NOW)
    assert info.value.code == "profile_opens_complete_phase"
    assert "`21`" in str(info.value)


def test_schedule_across_weekends_holidays_and_the_year_end():
    plan = mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())
    d = datetime.date
    schedule = mspkit.Schedule(d(2026, 12, 24), Decimal("0.5"), holidays=[d(2026, 12, 25), d(2027, 1, 1)])
    assert schedule.hours_per_day == Decimal("0.5")
    assert not schedule.is_working_day(d(2026, 12, 26))
    projection = schedule.estimate(plan)
    assert projection.phases[0].end == d(2027, 1, 8)
    assert projection.end == d(2027, 2, 4)
    # Saturday start, Monday-to-Friday default, 8 h a day.
    schedule = mspkit.Schedule(d(2026, 10, 31), 8)
    assert schedule.estimate(plan).phases[0].start == d(2026, 11, 2)
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.Schedule(d(2026, 1, 1), 1, working_days=[])
    assert info.value.code == "no_working_days"
    with pytest.raises(mspkit.DeploymentError):
        mspkit.Schedule(d(2026, 1, 1), "0.01")


def test_portfolio_report_and_svg():
    doc = (ROOT / "examples/portfolio.json").read_text()
    today = datetime.date(2026, 11, 24)
    report = json.loads(mspkit.deployment_report(doc, today, sort="percent"))
    assert [r["name"] for r in report["rows"]][0] == "Fabrikam Dental"
    assert [r["name"] for r in report["rows"] if r["overdue"]] == ["Woodgrove Credit Union"]
    # Durations in JSON are whole minutes, and their names say so.
    woodgrove = next(r for r in report["rows"] if r["name"] == "Woodgrove Credit Union")
    assert (woodgrove["done_minutes"], woodgrove["planned_minutes"], woodgrove["remaining_minutes"]) == (75, 1236, 1161)
    assert "remaining" not in woodgrove and "remaining_minutes" in woodgrove["phases"][0]
    svg = mspkit.deployment_timeline_svg(doc, today)
    assert svg.startswith("<svg") and "Adatum Architects" in svg
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.deployment_report("{not json", today)
    assert info.value.code == "invalid_document"
    # Every path checks that a deployment names a client of the document, once.
    stray = json.loads(doc)
    stray["deployments"][0]["client"] = "00000000-0000-4000-8000-000000000001"
    for call in (mspkit.deployment_report, mspkit.deployment_timeline_svg):
        with pytest.raises(mspkit.DeploymentError) as info:
            call(json.dumps(stray), today)
        assert info.value.code == "deployment_not_a_client"
    twice = json.loads(doc)
    twice["deployments"].append(twice["deployments"][0])
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.deployment_report(json.dumps(twice), today)
    assert info.value.code == "duplicate_client"
