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
        (("number = 1\nphase = 1", "number = 0\nphase = 1"), "zero_step_number"),
        (("[[phases]]\nnumber = 1", "[[phases]]\nnumber = 0"), "zero_phase_number"),
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
    minutes = (woodgrove["done_minutes"], woodgrove["planned_minutes"], woodgrove["remaining_minutes"])
    assert minutes == (75, 1236, 1161)
    assert "remaining" not in woodgrove and "remaining_minutes" in woodgrove["phases"][0]
    svg = mspkit.deployment_timeline_svg(doc, today)
    assert svg.startswith("<svg") and "Adatum Architects" in svg
    # The portfolio is read as `mspkit report` reads it: a document error is an InteropError.
    with pytest.raises(mspkit.InteropError) as info:
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


def test_step_state_sign_off_and_phase_progress():
    plan = mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())
    later = NOW + datetime.timedelta(hours=2)
    plan.complete(1, ADA, NOW)
    plan.block(2, "waiting for the client", ADA, later)
    state = plan.step(1)
    assert (state.status, state.by, state.at, state.reason) == ("done", ADA, NOW, None)
    blocked = plan.step(2)
    assert (blocked.status, blocked.at, blocked.reason) == ("blocked", later, "waiting for the client")
    untouched = plan.step(4)
    assert (untouched.status, untouched.by, untouched.at) == ("not_started", None, None)
    assert untouched.reason is None
    assert plan.done_by(1) == ADA  # kept for compatibility
    assert plan.step(1) == plan.step(1) and plan.step(1) != plan.step(2)
    # Phase 1 without SSO: 10 steps, 5.0 h; 0.5 h done.
    progress = plan.phase_progress(1)
    assert (progress.done_hours, progress.planned_hours) == (Decimal("0.5"), Decimal("5.0"))
    assert progress.percent == 10
    assert (progress.done_minutes, progress.planned_minutes, progress.remaining_minutes) == (30, 300, 270)
    plan.skip(2, "decided at signature", ADA, later)
    assert plan.phase_progress(1).skipped_minutes == 15
    assert plan.phase_progress(4).done_minutes == 0
    assert plan.sign_off(1) is None
    for step in [4, 5, 6, 7, 8, 9, 10, 11]:
        plan.complete(step, ADA, NOW)
    plan.complete_phase(1, ADA, later)
    sign_off = plan.sign_off(1)
    assert sign_off is not None and (sign_off.by, sign_off.at) == (ADA, later)
    assert not plan.is_finished


def test_events_replay_and_round_trip_through_json():
    profile = mspkit.ClientProfile(sso=True)
    plan = mspkit.DeploymentPlan(CLIENT, profile)
    events = [
        plan.complete(1, ADA, NOW),
        plan.block(20, "waiting for the IdP metadata", ADA, NOW),
        plan.skip(2, "decided at signature", ADA, NOW),
        plan.change_profile(mspkit.ClientProfile(), ADA, NOW),
        plan.complete(4, ADA, NOW),
    ]
    stored = [e.to_json() for e in events]
    assert json.loads(stored[1]) == {
        "kind": "step_blocked",
        "client": str(CLIENT),
        "step": 20,
        "phase": 2,
        "actor": str(ADA),
        "at": "2026-11-02T09:00:00Z",
        "reason": "waiting for the IdP metadata",
    }
    read = [mspkit.DeploymentEvent.from_json(text) for text in stored]
    assert read == events
    assert [pickle.loads(pickle.dumps(e)) for e in events] == events
    assert read[3].profile == mspkit.ClientProfile()
    replayed = mspkit.DeploymentPlan.replay(CLIENT, profile, read)
    assert replayed == plan
    assert replayed.step(20).status == "blocked"  # kept, though no longer applicable
    # A replay that breaks a rule is refused with that rule's code.
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.DeploymentPlan.replay(CLIENT, profile, [read[0], read[0]])
    assert info.value.code == "invalid_transition"
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.DeploymentPlan.replay(uuid.uuid4(), profile, read)
    assert info.value.code == "event_for_another_client"
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.DeploymentEvent.from_json('{"kind": "step_done"}')
    assert info.value.code == "invalid_document"


def test_checklist_items_recorded_by_hand():
    plan = mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())
    record = mspkit.ChecklistRecord(True, ADA, NOW)
    assert (record.done, record.by, record.at) == (True, ADA, NOW)
    not_yet = mspkit.ChecklistRecord(False, ADA, NOW)
    checklist = plan.checklist(records={"import_data": record, "invite_users": not_yet})
    items = {i.task: i for i in checklist.items}
    assert (items["import_data"].done, items["import_data"].source) == (True, "manual")
    assert (items["invite_users"].done, items["invite_users"].source) == (False, "manual")
    assert items["create_groups"].source == "unknown"
    assert "import_data" not in checklist.open
    # What the organization says wins over a record by hand.
    sources = {i.task: i.source for i in plan.checklist(items=0, records={"import_data": record}).items}
    assert sources["import_data"] == "organization"
    with pytest.raises(ValueError):
        plan.checklist(records={"bake_bread": record})


def test_the_report_as_objects():
    doc = (ROOT / "examples/portfolio.json").read_text()
    today = datetime.date(2026, 11, 24)
    report = mspkit.DeploymentReport.build(doc, today, sort="percent")
    assert report.today == today and len(report) == 5
    assert report.phases == [
        (1, "Pre-onboarding"),
        (2, "Organization setup"),
        (3, "Organization rollout"),
        (4, "User training"),
    ]
    assert [r.name for r in report.rows][0] == "Fabrikam Dental"
    woodgrove = next(r for r in report.rows if r.name == "Woodgrove Credit Union")
    assert woodgrove.client == uuid.UUID("7b406e35-79d3-59a5-8f60-49bb08f1e860")
    assert (woodgrove.current_phase, woodgrove.phase_name) == (1, "Pre-onboarding")
    assert woodgrove.phase_status == "in_progress"
    assert (woodgrove.done_hours, woodgrove.planned_hours, woodgrove.remaining_hours) == (
        Decimal("1.25"),
        Decimal("20.6"),
        Decimal("19.35"),
    )
    minutes = (woodgrove.done_minutes, woodgrove.planned_minutes, woodgrove.remaining_minutes)
    assert minutes == (75, 1236, 1161)
    assert woodgrove.overdue and woodgrove.due == datetime.date(2026, 11, 27)
    assert woodgrove.projected_end == datetime.date(2027, 1, 8)
    assert woodgrove.baseline_end is not None
    assert [p.phase for p in woodgrove.phases] == [1, 2, 3, 4]
    contoso = next(r for r in report.rows if r.name == "Contoso Legal LLP")
    assert contoso.blocked_steps == [13] and contoso.phase_status == "blocked"
    tailspin = next(r for r in report.rows if r.name == "Tailspin Logistics")
    assert (tailspin.current_phase, tailspin.phase_name, tailspin.percent) == (None, "finished", 100)
    assert tailspin.phase_status == "complete"  # every phase signed off
    by_name = report.sorted("name")
    assert [r.name for r in by_name.rows] == sorted(r.name for r in report.rows)
    assert [r.name for r in report.rows][0] == "Fabrikam Dental"  # the original is unchanged
    with pytest.raises(ValueError):
        report.sorted("colour")
    # The function kept for compatibility gives the same JSON.
    assert json.loads(report.to_json()) == json.loads(mspkit.deployment_report(doc, today, sort="percent"))
    assert by_name.timeline_svg() == mspkit.deployment_timeline_svg(doc, today)


def test_schedules_and_projections_round_trip():
    d = datetime.date
    schedule = mspkit.Schedule(
        d(2026, 11, 2), Decimal("1.5"), working_days=["mon", "wed"], holidays=[d(2026, 11, 11)]
    )
    assert schedule.minutes_per_day == 90
    assert json.loads(schedule.to_json()) == {
        "start": "2026-11-02",
        "minutes_per_day": 90,
        "working_days": ["mon", "wed"],
        "holidays": ["2026-11-11"],
    }
    assert mspkit.Schedule.from_json(schedule.to_json()) == schedule
    assert pickle.loads(pickle.dumps(schedule)) == schedule
    assert mspkit.Schedule.from_json('{"start": "2026-11-02", "hours_per_day": 0.1}').minutes_per_day == 6
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.Schedule.from_json('{"start": "2026-11-02", "hours_per_day": 0.01}')
    assert info.value.code == "invalid_document"
    plan = mspkit.DeploymentPlan(CLIENT, mspkit.ClientProfile())
    projection = schedule.estimate(plan)
    assert projection.phases[0].remaining_minutes == 300
    assert json.loads(projection.to_json())["phases"][0]["remaining_minutes"] == 300
    assert mspkit.Projection.from_json(projection.to_json()) == projection
    assert pickle.loads(pickle.dumps(projection)) == projection
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.Projection.from_json('{"phases": [], "end": null, "extra": 1}')
    assert info.value.code == "invalid_document"


def test_catalog_steps_by_phase_and_by_profile():
    c = mspkit.DeploymentCatalog.default()
    assert [s.number for s in c.steps_of(2)] == list(range(12, 22))
    assert c.steps_of(9) == []
    assert c.phase(3).name == "Organization rollout" and c.phase(9) is None
    minimal = [s.number for s in c.applicable_steps(mspkit.ClientProfile())]
    assert len(minimal) == 29 and not {3, 20, 21, 25, 27, 31, 32} & set(minimal)
    sso = {s.number for s in c.applicable_steps(mspkit.ClientProfile(sso=True))}
    assert sso - set(minimal) == {3, 20, 21, 25}
    minimal_hours = sum(s.hours for s in c.applicable_steps(mspkit.ClientProfile()))
    assert minimal_hours == c.hours_for(mspkit.ClientProfile()) == Decimal("14.35")


@pytest.mark.parametrize(
    ("hours", "minutes"),
    [
        (Decimal("1E+1"), 600),
        (Decimal("1.5"), 90),
        (Decimal("1.50000000000000000000"), 90),
        (Decimal("0.1"), 6),
        (Decimal("15E-1"), 90),
        (Decimal("24"), 1440),
        (8, 480),
        (1.5, 90),
        (0.1, 6),
        ("1.5", 90),
        ("1e1", 600),
        (" 2 ", 120),
    ],
)
def test_hours_per_day_accepts_any_exact_form(hours, minutes):
    schedule = mspkit.Schedule(datetime.date(2026, 11, 2), hours)
    assert schedule.minutes_per_day == minutes
    assert schedule.hours_per_day * 60 == minutes


@pytest.mark.parametrize(
    "hours",
    [
        Decimal("0.01"),
        Decimal("-1"),
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("1E+100"),
        Decimal("1E-100"),
        Decimal(0),
        0,
        25,
        0.3 - 0.2,
        "abc",
        "",
        "0.125",
    ],
)
def test_hours_per_day_refuses_what_is_not_whole_minutes_in_a_day(hours):
    with pytest.raises(mspkit.DeploymentError) as info:
        mspkit.Schedule(datetime.date(2026, 11, 2), hours)
    assert info.value.code == "invalid_duration"


@pytest.mark.parametrize("hours", [True, None, [1]])
def test_hours_per_day_refuses_other_types(hours):
    with pytest.raises(TypeError):
        mspkit.Schedule(datetime.date(2026, 11, 2), hours)
