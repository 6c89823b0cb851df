import json
import pickle
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import mspkit
from conftest import NOW, PROVIDER_ID, set_up_provider

ROOT = Path(__file__).resolve().parents[3]


def test_issue_and_set_up():
    p = mspkit.Provider.issue(
        PROVIDER_ID, mspkit.ProviderType.MSP, "Northwind IT", NOW, issued_to=" Ada@Northwind.example"
    )
    assert p.status == mspkit.ProviderStatus.PENDING
    assert p.issued_to == "ada@northwind.example"
    with pytest.raises(mspkit.ProviderError) as info:
        p.set_up(uuid.uuid4(), "mallory@northwind.example", NOW)
    assert info.value.code == "setup_email_mismatch"
    assert p.status == mspkit.ProviderStatus.PENDING and p.members == []
    assert [w.code for w in p.warnings(NOW)] == ["not_set_up"]
    events = p.set_up(uuid.uuid4(), "Ada@Northwind.example", NOW)
    assert p.status == mspkit.ProviderStatus.CREATED
    assert events[0].kind == "provider_set_up" and events[0].code is None
    admin = p.members[0]
    assert admin.email == "ada@northwind.example"
    assert admin.role == mspkit.ProviderUserType.PROVIDER_ADMIN
    assert admin.status == mspkit.ProviderUserStatus.CONFIRMED
    with pytest.raises(mspkit.ProviderError) as info:
        p.set_up(uuid.uuid4(), "other@northwind.example", NOW)
    assert info.value.code == "provider_already_set_up"
    assert [w.code for w in p.warnings(NOW)] == ["few_confirmed_admins"]


def test_enum_codes_round_trip():
    assert mspkit.ProviderType.from_code(2) == mspkit.ProviderType.BUSINESS_UNIT
    assert mspkit.ProviderStatus.BILLABLE.code == 2
    assert mspkit.ProviderUserStatus.REVOKED.code == -1
    assert mspkit.ProviderUserStatus.REVOKED.value == "revoked"
    assert [p.code for p in mspkit.PlanType.members()] == list(range(23))
    assert mspkit.PlanType.from_code(19) == mspkit.PlanType.ENTERPRISE_MONTHLY
    assert repr(mspkit.PlanType.TEAMS_MONTHLY) == "PlanType.TEAMS_MONTHLY"
    with pytest.raises(ValueError):
        mspkit.PlanType.from_code(99)


def test_plan_features_and_prices():
    teams, enterprise = mspkit.PlanType.TEAMS_MONTHLY, mspkit.PlanType.ENTERPRISE_MONTHLY
    assert teams.tier == "teams" and enterprise.tier == "enterprise"
    assert teams.features["view_policies"] and not teams.features["policies"]
    assert enterprise.features["policies"] and enterprise.features["sso"]
    assert teams.list_price_cents == 500 and enterprise.list_price_cents == 700
    assert mspkit.PlanType.FREE.list_price_cents is None
    assert mspkit.ProviderType.MSP.allows_plan(teams)
    assert not mspkit.ProviderType.MSP.allows_plan(mspkit.PlanType.TEAMS_ANNUALLY)
    assert not mspkit.ProviderType.BUSINESS_UNIT.allows_plan(teams)
    assert not mspkit.ProviderType.RESELLER.has_consolidated_billing


def test_settings_are_admin_only(team):
    team.provider.update_settings(team.ada, NOW, name="Northwind Managed IT")
    assert team.provider.name == "Northwind Managed IT"
    assert team.provider.billing_email == "billing@northwind.example"
    with pytest.raises(mspkit.PermissionDenied) as info:
        team.provider.update_settings(team.alan, NOW, name="Mine now")
    assert info.value.code == "provider_admin_only"
    with pytest.raises(mspkit.ProviderError) as info:
        team.provider.update_settings(team.ada, NOW, name=" ")
    assert info.value.code == "provider_name_blank"
    with pytest.raises(mspkit.ProviderError) as info:
        team.provider.update_settings(team.ada, NOW, name="x" * 51)
    assert info.value.code == "provider_name_too_long"


def test_disabling_an_msp_disables_its_clients_and_every_action(team):
    client = team.client()
    events = team.provider.set_enabled(False, NOW)
    assert [e.kind for e in events] == ["provider_disabled"]
    assert not team.provider.client(client).enabled
    for action in (mspkit.Action.MANAGE_TEAM, mspkit.Action.CREATE_CLIENT):
        assert mspkit.check(team.provider, team.ada, action).code == "provider_disabled"
    team.provider.set_enabled(True, NOW)
    assert team.provider.client(client).enabled
    assert team.provider.set_enabled(True, NOW) == []


def test_a_resellers_clients_stay_enabled():
    p, ada = set_up_provider(mspkit.ProviderType.RESELLER, "Resell Co", "ada@resell.example")
    p.create_client(ada, "Client", "o@client.example", mspkit.PlanType.TEAMS_ANNUALLY, 5, NOW)
    p.set_enabled(False, NOW)
    assert p.clients[0].enabled


def test_delete_provider_only_without_clients(team):
    client = team.client()
    with pytest.raises(mspkit.ProviderError) as info:
        team.provider.delete(team.ada, NOW)
    assert info.value.code == "provider_has_clients"
    team.provider.delete_client(team.ada, client, NOW)
    with pytest.raises(mspkit.ProviderError) as info:
        team.provider.delete(None, NOW)
    assert info.value.code == "delete_needs_admin"
    assert team.provider.delete(team.ada, NOW)[0].kind == "provider_deleted"
    pending = mspkit.Provider.issue(uuid.uuid4(), mspkit.ProviderType.MSP, "Pending", NOW, issued_to="p@x.example")
    assert pending.delete(None, NOW)[0].kind == "provider_deleted"
    # Deleted is terminal: every later command is refused with its own code.
    with pytest.raises(mspkit.ProviderError) as info:
        team.provider.delete(None, NOW)
    assert info.value.code == "provider_deleted"


def test_json_and_pickle_round_trips(team):
    team.client()
    text = team.provider.to_json()
    again = mspkit.Provider.from_json(text)
    assert again == team.provider
    assert pickle.loads(pickle.dumps(team.provider)) == team.provider
    assert again is not team.provider


def test_deserialization_cannot_build_an_invalid_provider(team):
    broken = team.provider.to_json().replace('"provider_admin"', '"service_user"')
    with pytest.raises(mspkit.ProviderError) as info:
        mspkit.Provider.from_json(broken)
    assert info.value.code == "invalid_provider_record"
    assert "confirmed provider admin" in str(info.value)
    with pytest.raises(mspkit.InteropError) as info:
        mspkit.Provider.from_json(team.provider.to_json().replace('"kind"', '"sort"'))
    assert info.value.code == "invalid_document"


def test_reading_json_raises_the_broken_invariants_own_error(team):
    team.client(seats=3)
    document = json.loads(team.provider.to_json())
    document["clients"][0]["seats"] = 0
    with pytest.raises(mspkit.ClientError) as info:
        mspkit.Provider.from_json(json.dumps(document))
    assert info.value.code == "seats_zero"
    document["clients"][0]["seats"] = 1
    document["clients"][0]["members"].append({"email": "x@fabrikam.example", "role": "user", "status": "confirmed"})
    with pytest.raises(mspkit.ClientError) as info:
        mspkit.Portfolio.from_json(json.dumps({"schema_version": 1, "provider": document}))
    assert info.value.code == "seats_below_occupied"
    document["clients"][0]["seats"] = 10
    document["members"][1]["email"] = "grace@@northwind.example"
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.Provider.from_json(json.dumps(document))
    assert info.value.code == "email_invalid"


def test_datetimes_must_be_aware_and_are_converted_to_utc(team):
    with pytest.raises(ValueError):
        team.provider.warnings(datetime(2026, 11, 2, 9, 0))
    plus_two = timezone(timedelta(hours=2))
    team.provider.invite(team.ada, ["x@northwind.example"], mspkit.ProviderUserType.SERVICE_USER,
                         datetime(2026, 11, 2, 11, 0, tzinfo=plus_two))
    member = team.provider.member_by_email("x@northwind.example")
    assert member.invited_at == NOW
    assert member.invited_at.tzinfo is not None
    assert member.invitation_expires_at == NOW + timedelta(hours=120)


def test_portfolio_example_report():
    text = (ROOT / "examples" / "portfolio.json").read_text()
    portfolio = mspkit.Portfolio.from_json(text)
    report = portfolio.report(datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc))
    assert report.provider.name == "Northwind Managed IT"
    assert len(report.clients) == 6
    assert report.team_counts.revoked == 1
    assert {w.code for w in report.warnings} >= {"client_full", "invitation_expired"}
    assert pickle.loads(pickle.dumps(portfolio)) == portfolio
    with pytest.raises(mspkit.InteropError) as info:
        mspkit.Portfolio.from_json('{"schema_version": 3, "provider": {}}')  # 3: newer than this mspkit
    assert info.value.code == "portfolio_schema_unsupported"


def test_reference_interop():
    fixtures = ROOT / "tests" / "fixtures" / "reference" / "entities"
    p = mspkit.read_reference(
        (fixtures / "provider.json").read_text(),
        (fixtures / "provider-users.json").read_text(),
        (fixtures / "provider-organizations.json").read_text(),
    )
    assert p.kind == mspkit.ProviderType.MSP and p.status == mspkit.ProviderStatus.BILLABLE
    assert [c.plan for c in p.clients] == [
        mspkit.PlanType.ENTERPRISE_MONTHLY,
        mspkit.PlanType.TEAMS_MONTHLY,
        mspkit.PlanType.ENTERPRISE_MONTHLY,
    ]
    docs = mspkit.write_reference(p)
    assert docs["provider"]["type"] == 0 and docs["clients"][1]["planType"] == 17
    with pytest.raises(mspkit.InteropError) as info:
        mspkit.read_reference("{", "[]", "[]")
    assert info.value.code == "reference_malformed"


def test_reference_api_responses_need_the_facts_they_do_not_send():
    fixtures = ROOT / "tests" / "fixtures" / "reference"
    docs = [(fixtures / name).read_text() for name in ("provider.json", "provider-users.json", "provider-organizations.json")]
    with pytest.raises(mspkit.InteropError) as info:
        mspkit.read_reference(*docs)
    assert info.value.code == "reference_missing_fact"
    profile = (fixtures / "profile.json").read_text()
    p, notes = mspkit.read_reference_notes(*docs, profile_json=profile)
    assert p.status == mspkit.ProviderStatus.BILLABLE and p.enabled
    assert [c.plan for c in p.clients] == [
        mspkit.PlanType.ENTERPRISE_MONTHLY,
        mspkit.PlanType.TEAMS_MONTHLY,
        mspkit.PlanType.ENTERPRISE_MONTHLY,
    ]
    assert [code for code, _ in notes].count("invitation_date_unknown") == 1
    assert p.members[3].invitation_expires_at is None
    # A reseller's "Teams (Monthly)" is any of four plans: refused, settled by the caller, or guessed.
    reseller = docs[0].replace('"type": 0', '"type": 1')
    with pytest.raises(mspkit.InteropError) as info:
        mspkit.read_reference(reseller, docs[1], docs[2], status=mspkit.ProviderStatus.BILLABLE, enabled=True)
    assert info.value.code == "reference_ambiguous_plan"
    plans = {uuid.UUID("b0000000-1111-4222-8333-444455556602"): mspkit.PlanType.TEAMS_MONTHLY_2023}
    p, notes = mspkit.read_reference_notes(
        reseller, docs[1], docs[2], profile_json=profile, plans=plans, guess_ambiguous_plans=True
    )
    assert p.clients[1].plan == mspkit.PlanType.TEAMS_MONTHLY_2023
    assert [code for code, _ in notes].count("plan_guessed") == 2
    # A lone surrogate in any document is a typed refusal, not a UnicodeEncodeError.
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.read_reference_notes(*docs, profile_json="\ud800")
    assert info.value.code == "invalid_text"


def test_events_carry_reference_codes_and_export_as_csv(team, later):
    events = team.provider.invite(team.ada, ["new@northwind.example"], mspkit.ProviderUserType.SERVICE_USER, NOW)
    assert events[0].code == 1800 and events[0].actor == ("member", team.ada)
    assert events[0].sequence == team.provider.last_sequence
    client_events = team.provider.create_client(team.ada, "Acme", "o@acme.example", mspkit.PlanType.TEAMS_MONTHLY, 3, NOW)
    assert client_events[0].code == 1900
    csv = team.provider.export_events(team.ada, events + client_events)
    lines = csv.splitlines()
    assert lines[0] == "time,code,event,actor_email,subject,details"
    assert ",1800,member_invited,ada@northwind.example,new@northwind.example," in lines[1]
    assert ",1900,client_created,ada@northwind.example,Acme," in lines[2]
    with pytest.raises(mspkit.PermissionDenied):
        team.provider.export_events(team.alan, events)


def test_every_setting_is_a_property_and_update_settings_can_clear_one(team):
    p = team.provider
    # New providers use events, as the reference's CreateProviderCommand sets UseEvents.
    assert (p.business_name, p.billing_phone, p.use_events) == (None, None, True)
    assert p.created_at == NOW and p.revised_at == NOW
    assert p.issued_to == "ada@northwind.example"
    later = NOW + timedelta(hours=1)
    p.update_settings(
        team.ada,
        later,
        business_name="Northwind IT Ltd",
        billing_phone=" +44 20 7946 0101 ",
        address_line1="12 Harbour Row",
        address_line2="Floor 3",
        country="GB",
        tax_number="GB123456789",
        use_events=False,
    )
    assert (p.business_name, p.billing_phone) == ("Northwind IT Ltd", "+44 20 7946 0101")
    assert (p.address_line1, p.address_line2, p.address_line3) == ("12 Harbour Row", "Floor 3", None)
    assert (p.country, p.tax_number, p.use_events) == ("GB", "GB123456789", False)
    assert p.revised_at == later and p.created_at == NOW
    # Not given keeps a value; an empty string clears an optional one.
    p.update_settings(team.ada, later, address_line2="", billing_phone="", billing_email="")
    assert (p.address_line1, p.address_line2, p.billing_phone, p.billing_email) == ("12 Harbour Row", None, None, None)
    assert p.business_name == "Northwind IT Ltd" and p.country == "GB"
    with pytest.raises(mspkit.ProviderError) as info:
        p.update_settings(team.ada, later, name="")
    assert info.value.code == "provider_name_blank"
    assert p.seat_minimums == {}
    p.set_seat_minimum(None, mspkit.PlanType.ENTERPRISE_MONTHLY, 150, NOW)
    p.set_seat_minimum(team.ada, mspkit.PlanType.TEAMS_MONTHLY, 100, NOW)
    assert p.seat_minimums == {mspkit.PlanType.TEAMS_MONTHLY: 100, mspkit.PlanType.ENTERPRISE_MONTHLY: 150}
    assert mspkit.Provider.from_json(p.to_json()) == p


def test_export_refuses_events_of_another_provider(team):
    events = team.provider.invite(team.ada, ["new@northwind.example"], mspkit.ProviderUserType.SERVICE_USER, NOW)
    other = mspkit.Provider.issue(uuid.uuid4(), mspkit.ProviderType.MSP, "Other", NOW, issued_to="o@other.example")
    foreign = other.set_up(uuid.uuid4(), "o@other.example", NOW)
    with pytest.raises(mspkit.ProviderError) as info:
        team.provider.export_events(team.ada, events + foreign)
    assert info.value.code == "foreign_event"
    assert len(team.provider.export_events(team.ada, events).splitlines()) == 2


def test_a_pending_provider_that_does_not_know_whom_it_was_issued_to_cannot_be_set_up():
    p = mspkit.Provider.issue(PROVIDER_ID, mspkit.ProviderType.MSP, "Northwind IT", NOW, issued_to="ada@x.example")
    document = json.loads(p.to_json())
    del document["issued_to"]
    unknown = mspkit.Provider.from_json(json.dumps(document))
    assert unknown.issued_to is None
    with pytest.raises(mspkit.ProviderError) as info:
        unknown.set_up(uuid.uuid4(), "ada@x.example", NOW)
    assert info.value.code == "provider_issued_to_unknown"


def test_a_revoked_member_read_back_from_the_reference_must_be_confirmed_again(team):
    team.provider.invite(team.ada, ["kate@northwind.example"], mspkit.ProviderUserType.SERVICE_USER, NOW)
    kate = team.provider.member_by_email("kate@northwind.example").id
    team.provider.accept(kate, uuid.uuid4(), "kate@northwind.example", NOW)
    team.provider.revoke(team.ada, kate, NOW)
    team.provider.revoke(team.ada, team.alan, NOW)
    docs = mspkit.write_reference(team.provider)
    again = mspkit.read_reference(json.dumps(docs["provider"]), json.dumps(docs["members"]), json.dumps(docs["clients"]))
    for member in (kate, team.alan):
        again.restore(team.ada, member, NOW)
        assert again.member(member).status == mspkit.ProviderUserStatus.ACCEPTED


def test_portfolio_reading_and_reports_run_in_threads():
    from concurrent.futures import ThreadPoolExecutor

    text = (ROOT / "examples" / "portfolio.json").read_text()
    at = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
    with ThreadPoolExecutor(max_workers=4) as pool:
        portfolios = list(pool.map(mspkit.Portfolio.from_json, [text] * 8))
        reports = list(pool.map(lambda p: p.report(at), portfolios))
    assert all(r == reports[0] for r in reports)
    assert reports[0].provider.name == "Northwind Managed IT"
