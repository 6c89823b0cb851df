"""Events carry their data: replay, typed properties, JSON, the JSON Lines log."""

import json
import pickle
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import mspkit
from conftest import NOW, PROVIDER_ID

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def journal():
    """A billable MSP driven through team and client commands, with its full log."""
    provider, log = mspkit.Provider.issue_with_log(
        PROVIDER_ID,
        mspkit.ProviderType.MSP,
        "Northwind IT",
        NOW,
        issued_to="ada@northwind.example",
        billing_email="billing@northwind.example",
    )
    log += provider.set_up(uuid.UUID(int=2), "ada@northwind.example", NOW)
    ada = provider.members[0].id
    log += provider.mark_billable(NOW)
    log += provider.invite(ada, ["alan@northwind.example"], mspkit.ProviderUserType.SERVICE_USER, NOW)
    alan = provider.member_by_email("alan@northwind.example").id
    log += provider.accept(alan, uuid.UUID(int=3), "alan@northwind.example", NOW)
    log += provider.confirm(ada, alan, NOW)
    created = provider.create_client(ada, "Fabrikam", "owner@fabrikam.example", mspkit.PlanType.TEAMS_MONTHLY, 3, NOW)
    log += created
    client = created[0].client
    log += provider.set_client_seats(ada, client, 5, NOW)
    return provider, log, ada, alan, client


def test_replay_gives_the_live_provider():
    provider, log, *_ = journal()
    replayed = mspkit.Provider.replay(log)
    assert replayed == provider
    assert replayed.to_json() == provider.to_json()
    assert provider.last_sequence == len(log) == log[-1].sequence
    assert [e.sequence for e in log] == list(range(1, len(log) + 1))


def test_events_expose_their_data_as_typed_properties():
    provider, log, ada, alan, client = journal()
    issued = log[0]
    assert (issued.kind, issued.sequence, issued.actor, issued.code) == ("provider_issued", 1, ("system", None), None)
    assert issued.data["issued_to"] == "ada@northwind.example"
    invited = next(e for e in log if e.kind == "member_invited")
    assert invited.code == 1800
    assert (invited.member, invited.email, invited.role) == (alan, "alan@northwind.example", mspkit.ProviderUserType.SERVICE_USER)
    assert invited.expires_at == invited.at + timedelta(hours=120)
    assert invited.expires_at.tzinfo is not None
    accepted = next(e for e in log if e.kind == "member_accepted")
    assert accepted.user == uuid.UUID(int=3) and accepted.actor == ("user", uuid.UUID(int=3))
    created = next(e for e in log if e.kind == "client_created")
    assert (created.client, created.name, created.plan, created.seats) == (client, "Fabrikam", mspkit.PlanType.TEAMS_MONTHLY, 3)
    assert created.email == "owner@fabrikam.example" and created.code == 1900
    seats = log[-1]
    assert (seats.kind, seats.previous_seats, seats.seats, seats.client) == ("client_seats_changed", 3, 5, client)
    assert seats.subject == ("client", client)
    assert seats.data == {"client": str(client), "from": 3, "to": 5}
    # A property the change does not carry is None.
    assert (seats.member, seats.role, seats.step, issued.client) == (None, None, None, None)


def test_events_round_trip_through_json_and_pickle():
    _, log, *_ = journal()
    for event in log:
        assert mspkit.Event.from_json(event.to_json()) == event
        assert pickle.loads(pickle.dumps(event)) == event
    assert '"type":"client_seats_changed"' in log[-1].to_json()
    with pytest.raises(mspkit.InteropError) as info:
        mspkit.Event.from_json('{"provider": 1}')
    assert info.value.code == "invalid_document"
    assert repr(log[-1]).startswith("Event(kind='client_seats_changed'")


def test_an_event_that_does_not_fit_raises_its_typed_error():
    provider, log, *_ = journal()
    with pytest.raises(mspkit.EventError) as info:
        mspkit.Provider.replay(log[:3] + log[4:])
    assert info.value.code == "event_out_of_sequence"
    with pytest.raises(mspkit.EventError) as info:
        mspkit.Provider.replay(log[1:])
    assert info.value.code == "event_log_not_issuing"
    before = provider.to_json()
    with pytest.raises(mspkit.EventError) as info:
        provider.apply(log[-1])
    assert info.value.code == "event_out_of_sequence"
    assert provider.to_json() == before
    replayed = mspkit.Provider.replay(log[:-1])
    replayed.apply(log[-1])
    assert replayed == provider


def test_the_json_lines_log_reads_writes_and_replays():
    _, log, *_ = journal()
    text = mspkit.write_event_log(log)
    assert text.splitlines()[0] == '{"schema_version":2}'
    assert mspkit.read_event_log(text) == log
    lines = text.splitlines()
    lines[3] = "not json"
    with pytest.raises(mspkit.EventError) as info:
        mspkit.read_event_log("\n".join(lines))
    assert info.value.code == "event_line_unchained" and info.value.line == 4
    assert str(info.value).startswith("line 4: ")


def test_the_bundled_log_replays_to_the_bundled_portfolio():
    text = (EXAMPLES / "events.jsonl").read_text()
    portfolio = mspkit.replay_portfolio(text)
    assert portfolio == mspkit.Portfolio.from_json((EXAMPLES / "portfolio.json").read_text())
    events = mspkit.read_event_log(text)
    provider = mspkit.Provider.replay(events)
    assert provider.name == "Northwind Managed IT"
    assert provider.last_sequence == len(events)
    kinds = {e.kind for e in events}
    assert {"deployment_planned", "deployment_step_completed", "deployment_phase_completed"} <= kinds
    step = next(e for e in events if e.kind == "deployment_step_skipped")
    assert (step.step, step.reason) == (2, "authentication decided in the contract: no SSO")
    broken = text.splitlines()
    del broken[2]
    with pytest.raises(mspkit.EventError) as info:
        mspkit.replay_portfolio("\n".join(broken))
    assert info.value.line == 3 and info.value.code == "event_chain_broken"


def test_a_log_streams_from_a_file(tmp_path):
    path = EXAMPLES / "events.jsonl"
    events = list(mspkit.iter_event_log(path))
    assert events == mspkit.read_event_log(path.read_text())
    # Provider.replay takes any iterable: the file is applied as it is read.
    streamed = mspkit.Provider.replay(mspkit.iter_event_log(str(path)))
    portfolio = mspkit.Portfolio.from_json((EXAMPLES / "portfolio.json").read_text())
    assert streamed == portfolio.provider
    it = mspkit.iter_event_log(path)
    next(it)
    assert it.line == 2 and repr(it) == "EventLogIterator(line=2)"
    # A bad line raises when it is reached, with its line, and the iteration ends.
    lines = path.read_bytes().split(b"\n")
    lines[6] = lines[6] + b"\xff"
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n".join(lines))
    it = mspkit.iter_event_log(broken)
    read = []
    with pytest.raises(mspkit.InteropError) as info:
        for event in it:
            read.append(event)
    assert len(read) == 5 and info.value.line == 7 and info.value.code == "read_failed"
    assert str(info.value).startswith("line 7: ")
    assert list(it) == []
    # A line over 1 MiB is refused with its own code; a missing file is an MspkitError.
    long = tmp_path / "long.jsonl"
    long.write_text('{"schema_version":1}\n' + "x" * (1024 * 1024 + 1) + "\n")
    with pytest.raises(mspkit.EventError) as info:
        list(mspkit.iter_event_log(long))
    assert info.value.code == "event_line_too_long" and info.value.line == 2
    with pytest.raises(mspkit.MspkitError) as info:
        mspkit.iter_event_log(tmp_path / "missing.jsonl")
    assert info.value.code == "read_failed"
    with pytest.raises(TypeError):
        mspkit.Provider.replay(5)
    with pytest.raises(mspkit.EventError) as info:
        mspkit.Provider.replay([])
    assert info.value.code == "event_log_empty"


def test_a_lone_surrogate_in_a_log_names_its_line():
    lines = (EXAMPLES / "events.jsonl").read_text().splitlines()
    lines[4] = lines[4].replace("Northwind", "North\udc80wind")
    lines[4] = lines[4][:-1] + ', "x": "\ud800"}'
    text = "\n".join(lines)
    for read in (mspkit.read_event_log, mspkit.replay_portfolio):
        with pytest.raises(mspkit.ValidationError) as info:
            read(text)
        assert info.value.code == "invalid_text" and info.value.line == 5, read
        assert str(info.value).startswith("line 5: ")
        assert "\ud800" not in str(info.value)
    # An error on an earlier line comes first, with its own code.
    lines[2] = "not json"
    with pytest.raises(mspkit.EventError) as info:
        mspkit.read_event_log("\n".join(lines))
    assert info.value.line == 3


def test_replay_refuses_deployment_events_no_command_could_make():
    text = (EXAMPLES / "events.jsonl").read_text()
    events = mspkit.read_event_log(text)
    planned = next(e for e in events if e.kind == "deployment_planned")
    data = planned.to_dict()
    data["sequence"] = len(events) + 1
    again = mspkit.Event.from_json(json.dumps(data))
    with pytest.raises(mspkit.MspkitError) as info:
        mspkit.Provider.replay([*events, again])
    assert info.value.code == "duplicate_client"
    # Appended to the chained log as a chained line, or as an unchained one.
    with pytest.raises(mspkit.MspkitError) as info:
        mspkit.replay_portfolio(mspkit.write_event_log([*events, again]))
    assert info.value.code == "duplicate_client" and info.value.line == len(events) + 2
    with pytest.raises(mspkit.EventError) as info:
        mspkit.replay_portfolio(text + again.to_json() + "\n")
    assert info.value.code == "event_line_unchained" and info.value.line == len(events) + 2


def test_a_log_verifies_and_seals(tmp_path):
    text = (EXAMPLES / "events.jsonl").read_text()
    report = mspkit.verify_event_log(text)
    assert report.events == 345 and report.last_sequence == 345
    assert report.head == text.splitlines()[-1][9:73]
    secret, public = mspkit.seal_key_pair(bytes(range(32)))
    assert secret.startswith("mspkit-seal-secret-key-v1:") and public.startswith("mspkit-seal-public-key-v1:")
    now = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
    line = mspkit.seal_event_log(text, secret, now)
    sealed = text + line + "\n"
    report = mspkit.verify_event_log(sealed, public_key=public, checkpoints=[line])
    assert [c.line for c in report.checkpoints] == [347]
    assert report.checkpoints[0].sequence == 345 and report.checkpoints[0].public_key == public
    assert report.to_dict()["checkpoints"][0]["checkpoint"]["sequence"] == 345
    # The sealed log still replays to the bundled portfolio.
    assert mspkit.replay_portfolio(sealed) == mspkit.replay_portfolio(text)
    # An edited line is named; a cut after a kept checkpoint is detected.
    lines = sealed.splitlines()
    lines[9] = lines[9].replace('"sequence":9,', '"sequence":90,')
    with pytest.raises(mspkit.EventError) as info:
        mspkit.verify_event_log("\n".join(lines))
    assert (info.value.code, info.value.line) == ("event_hash_mismatch", 10)
    cut = "\n".join(sealed.splitlines()[:-2]) + "\n"
    with pytest.raises(mspkit.EventError) as info:
        mspkit.verify_event_log(cut, public_key=public, checkpoints=[line])
    assert info.value.code == "event_log_truncated"
    _, other = mspkit.seal_key_pair(bytes(32))
    with pytest.raises(mspkit.EventError) as info:
        mspkit.verify_event_log(sealed, public_key=other)
    assert info.value.code == "checkpoint_key_mismatch"
    with pytest.raises(mspkit.EventError) as info:
        mspkit.seal_event_log(text, public, now)
    assert info.value.code == "seal_key_invalid"
