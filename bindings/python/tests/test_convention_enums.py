"""One Python convention: every closed set of names is an enum (`.code`, `.value`, `.name`,
`members()`, `from_code`), every property of such a set returns a member, every parameter takes a
member or its snake_case name, and an unknown name is `ValidationError` `unknown_name`."""

import ast
import json
import copy
import pickle
import pathlib
import uuid
from datetime import date, datetime, timezone

import pytest

import mspkit
from conftest import NOW, Team

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = (ROOT / "examples/portfolio.json").read_text()
BASELINE = ROOT / "examples/baseline.toml"
STUBS = ROOT / "bindings/python/python/mspkit/_mspkit.pyi"
ACTOR = uuid.UUID("0d1c2b3a-4958-4768-8796-a5b4c3d2e1f0")
REFERENCE_PROVIDER = (ROOT / "tests/fixtures/reference/entities/provider.json").read_text()
REFERENCE_MEMBERS = json.dumps(
    [{"id": str(uuid.uuid4()), "userId": str(uuid.uuid4()), "type": 0, "status": 2, "email": "a@x.example"}]
)

CODED = [
    mspkit.ProviderType, mspkit.ProviderStatus, mspkit.ProviderUserType, mspkit.ProviderUserStatus,
    mspkit.OrganizationUserType, mspkit.OrganizationUserStatus, mspkit.PlanType, mspkit.KdfType,
    mspkit.PolicyKind,
]
NAMED = [
    mspkit.EventKind, mspkit.ActorKind, mspkit.SubjectKind, mspkit.Hosting, mspkit.Decryption, mspkit.Provisioning, mspkit.SortKey, mspkit.StepStatus,
    mspkit.PhaseStatus, mspkit.DeploymentEventKind, mspkit.Weekday, mspkit.ChecklistSource,
    mspkit.Condition, mspkit.SetupTask, mspkit.ClientState, mspkit.CollectionMethod,
    mspkit.SubscriptionStatus, mspkit.SuspensionResolution, mspkit.TaxIdWarning, mspkit.TaxIdVerification,
    mspkit.Severity, mspkit.CheaperModel, mspkit.PsaSystem, mspkit.PsaFindingKind, mspkit.PsaMatchKind,
    mspkit.ExitSeverity, mspkit.AccessRole, mspkit.AccessVia, mspkit.AccessStatus,
    mspkit.ProductTier, mspkit.Cadence, mspkit.Action,
]


@pytest.mark.parametrize("enum", CODED + NAMED, ids=lambda e: e.__name__)
def test_every_enum_has_the_one_protocol(enum) -> None:
    members = enum.members()
    assert members and len(set(members)) == len(members)
    for member in members:
        assert getattr(enum, member.name) is member or getattr(enum, member.name) == member
        assert member.name.isupper() and member.name.isidentifier()
        assert str(member) == member.name and repr(member) == f"{enum.__name__}.{member.name}"
        # A member equals its snake_case name, and hashes like it: either finds the other.
        assert member == member.value and member.value == member and not (member != member.value)
        assert hash(member) == hash(member.value)
        assert {member.value: 1}[member] == 1 and member.value in {member}
        assert member != member.value.upper() and member != object() and member != 0
        assert enum.from_code(member.code) is member
        assert pickle.loads(pickle.dumps(member)) is member and copy.deepcopy(member) is member
        if enum in NAMED:
            assert member.code == member.value
        else:
            assert isinstance(member.code, int)
    others = [e for e in CODED + NAMED if e is not enum]
    assert all(m != o for m in members[:1] for e in others for o in e.members()[:1] if o.value != m.value)


@pytest.mark.parametrize("enum", NAMED, ids=lambda e: e.__name__)
def test_a_named_set_refuses_an_unknown_name(enum) -> None:
    with pytest.raises(mspkit.ValidationError) as info:
        enum.from_code("no_such_name")
    assert info.value.code == "unknown_name"
    if len(enum.members()) <= 30:
        assert all(f"`{m.value}`" in str(info.value) for m in enum.members())
    else:
        assert f"`{enum.__name__}.members()`" in str(info.value)


def fixture_objects():
    """One object of each kind whose properties name a closed set, built once."""
    team = Team()
    client = team.client("Acme", mspkit.PlanType.ENTERPRISE_MONTHLY)
    team.provider.start_subscription(NOW, collection="send_invoice")
    team.provider.enable_client_policy(team.ada, client, "two_factor_authentication", NOW)
    team.provider.set_client_state(team.ada, client, "paused", NOW)
    plan = mspkit.DeploymentPlan(client, mspkit.ClientProfile(hosting="self_hosted", sso=True))
    start = plan.start(1, ACTOR, NOW)
    portfolio = mspkit.Portfolio.from_json(EXAMPLE)
    compliance = mspkit.Baseline.load(BASELINE).check(portfolio, now=NOW)
    report = mspkit.DeploymentReport.build(EXAMPLE, date(2026, 12, 1), sort="percent")
    unpaid = Team()
    unpaid.provider.start_subscription(NOW)
    unpaid.provider.issue_invoice("120.00", datetime(2026, 11, 16, tzinfo=timezone.utc))
    unpaid.provider.mark_unpaid(datetime(2026, 12, 1, tzinfo=timezone.utc))
    warnings = unpaid.provider.provider_warnings(unpaid.ada, country="DE", registered=True, tax_id="pending")
    return team, client, plan, start, compliance, report, warnings


@pytest.fixture(scope="module")
def objects():
    return fixture_objects()


PROPERTIES = [
    ("Provider.kind", lambda o: o[0].provider.kind, mspkit.ProviderType),
    ("Provider.status", lambda o: o[0].provider.status, mspkit.ProviderStatus),
    ("ProviderUser.role", lambda o: o[0].provider.members[0].role, mspkit.ProviderUserType),
    ("ProviderUser.status", lambda o: o[0].provider.members[0].status, mspkit.ProviderUserStatus),
    ("ClientOrganization.plan", lambda o: o[0].provider.client(o[1]).plan, mspkit.PlanType),
    ("ClientOrganization.state", lambda o: o[0].provider.client(o[1]).state, mspkit.ClientState),
    ("ClientOrganization.binding_policies",
     lambda o: o[0].provider.client(o[1]).binding_policies("user", "confirmed")[0], mspkit.PolicyKind),
    ("ClientMember.role", lambda o: o[0].provider.client(o[1]).members[0].role, mspkit.OrganizationUserType),
    ("ClientMember.status", lambda o: o[0].provider.client(o[1]).members[0].status, mspkit.OrganizationUserStatus),
    ("Policy.policy", lambda o: o[0].provider.client(o[1]).policies[0].policy, mspkit.PolicyKind),
    ("PlanType.tier", lambda o: mspkit.PlanType.TEAMS_MONTHLY.tier, mspkit.ProductTier),
    ("PlanType.cadence", lambda o: mspkit.PlanType.TEAMS_MONTHLY.cadence, mspkit.Cadence),
    ("Subscription.kind", lambda o: o[0].provider.subscription.kind, mspkit.ProviderType),
    ("Subscription.collection", lambda o: o[0].provider.subscription.collection, mspkit.CollectionMethod),
    ("Subscription.status", lambda o: o[0].provider.subscription.status(date(2026, 11, 3)), mspkit.SubscriptionStatus),
    ("SuspensionWarning.resolution", lambda o: o[6].suspension.resolution, mspkit.SuspensionResolution),
    ("ProviderWarnings.tax_id", lambda o: o[6].tax_id, mspkit.TaxIdWarning),
    ("Kdf.kind", lambda o: mspkit.Kdf.pbkdf2_default().kind, mspkit.KdfType),
    ("ClientProfile.hosting", lambda o: o[2].profile.hosting, mspkit.Hosting),
    ("ClientProfile.decryption", lambda o: o[2].profile.decryption, mspkit.Decryption),
    ("ClientProfile.provisioning", lambda o: o[2].profile.provisioning, mspkit.Provisioning),
    ("DeploymentEvent.kind", lambda o: o[3].kind, mspkit.DeploymentEventKind),
    ("DeploymentPlan.status", lambda o: o[2].status(1), mspkit.StepStatus),
    ("DeploymentPlan.phase_status", lambda o: o[2].phase_status(1), mspkit.PhaseStatus),
    ("StepState.status", lambda o: o[2].step(1).status, mspkit.StepStatus),
    ("DeploymentStep.condition",
     lambda o: next(s.condition for s in o[2].catalog.steps if s.condition is not None), mspkit.Condition),
    ("DeploymentStep.setup_task",
     lambda o: next(s.setup_task for s in o[2].catalog.steps if s.setup_task is not None), mspkit.SetupTask),
    ("ChecklistItem.task", lambda o: o[2].checklist().items[0].task, mspkit.SetupTask),
    ("ChecklistItem.source", lambda o: o[2].checklist().items[0].source, mspkit.ChecklistSource),
    ("Schedule.working_days", lambda o: mspkit.Schedule(date(2026, 1, 5), 8).working_days[0], mspkit.Weekday),
    ("DeploymentRow.phase_status", lambda o: o[5].rows[0].phase_status, mspkit.PhaseStatus),
    ("Finding.severity", lambda o: o[4].findings[0][1].severity, mspkit.Severity),
    ("Finding.policy", lambda o: o[4].findings[0][1].policy, mspkit.PolicyKind),
    ("Baseline.required_policies", lambda o: mspkit.Baseline.load(BASELINE).required_policies[0], mspkit.PolicyKind),
    ("AccessEntry.role", lambda o: o[0].provider.access_review(NOW).clients[0].access[0].role, mspkit.AccessRole),
    ("AccessEntry.via", lambda o: o[0].provider.access_review(NOW).clients[0].access[0].via, mspkit.AccessVia),
    ("AccessEntry.status", lambda o: o[0].provider.access_review(NOW).clients[0].access[0].status, mspkit.AccessStatus),
    ("ModelComparison.cheaper", lambda o: mspkit.Portfolio.from_json(EXAMPLE).model_comparison().cheaper,
     mspkit.CheaperModel),
    ("Event.actor", lambda o: o[0].provider.set_client_seats(o[0].ada, o[1], 12, NOW)[0].actor[0], mspkit.ActorKind),
    ("Event.subject", lambda o: o[0].provider.set_client_seats(o[0].ada, o[1], 13, NOW)[0].subject[0], mspkit.SubjectKind),
    ("SetupChecklist.open", lambda o: o[2].checklist().open[0], mspkit.SetupTask),
    ("read_psa_csv", lambda o: mspkit.read_psa_csv("Client ID,Client Name,Quantity\n17,Contoso,12\n")[0],
     mspkit.PsaSystem),
    ("ClientInvoiceRow.state", lambda o: o[0].provider.client_invoice_report().rows[0].state, mspkit.ClientState),
    ("ClientLine.state", lambda o: mspkit.Portfolio.from_json(EXAMPLE).report(NOW).clients[0].state, mspkit.ClientState),
    ("ClientLine.tier", lambda o: mspkit.Portfolio.from_json(EXAMPLE).report(NOW).clients[0].tier, mspkit.ProductTier),
    ("PsaRow.state", lambda o: o[0].provider.psa_export().rows[0].state, mspkit.ClientState),
    ("ExitFinding.severity",
     lambda o: next(f.severity for c in [o[0].provider.exit_check(o[1])] for f in c.findings), mspkit.ExitSeverity),
    ("Event.kind", lambda o: o[0].provider.set_client_seats(o[0].ada, o[1], 11, NOW)[0].kind, mspkit.EventKind),
    ("Event.role", lambda o: next(e.role for e in o[0].provider.invite(o[0].ada, ["x@northwind.example"], "service_user", NOW)), mspkit.ProviderUserType),
]


@pytest.mark.parametrize(("name", "get", "enum"), PROPERTIES, ids=[p[0] for p in PROPERTIES])
def test_every_property_of_a_closed_set_returns_a_member(objects, name, get, enum) -> None:
    value = get(objects)
    assert isinstance(value, enum), f"{name} returned {value!r}"
    assert value in enum.members()


# Each call takes the enum value as its one varying argument: a member, its name, or a bad name.
PARAMETERS = [
    ("Provider.issue kind", lambda v: mspkit.Provider.issue(uuid.uuid4(), v, "X", NOW, issued_to="a@x.example"),
     mspkit.ProviderType.MSP),
    ("Provider.invite role", lambda v: Team().provider.invite(Team().ada, ["b@x.example"], v, NOW), None),
    ("Provider.create_client plan",
     lambda v: (t := Team()).provider.create_client(t.ada, "C", "o@c.example", v, 5, NOW), mspkit.PlanType.TEAMS_MONTHLY),
    ("Provider.plan_seats plan", lambda v: Team().provider.plan_seats(v), mspkit.PlanType.TEAMS_MONTHLY),
    ("Provider.start_subscription collection",
     lambda v: Team().provider.start_subscription(NOW, collection=v), mspkit.CollectionMethod.SEND_INVOICE),
    ("Provider.set_client_state state",
     lambda v: (t := Team()).provider.set_client_state(t.ada, t.client(), v, NOW), mspkit.ClientState.PAUSED),
    ("Provider.enable_client_policy policy",
     lambda v: (t := Team()).provider.enable_client_policy(t.ada, t.client("E", mspkit.PlanType.ENTERPRISE_MONTHLY), v, NOW),
     mspkit.PolicyKind.TWO_FACTOR_AUTHENTICATION),
    ("policy_binds policy", lambda v: mspkit.policy_binds(v, "user", "confirmed", "enterprise_monthly"),
     mspkit.PolicyKind.SINGLE_ORG),
    ("policy_binds role", lambda v: mspkit.policy_binds("single_org", v, "confirmed", None), mspkit.OrganizationUserType.USER),
    ("ClientMember role", lambda v: mspkit.ClientMember("m@x.example", v), mspkit.OrganizationUserType.ADMIN),
    ("ClientMember status", lambda v: mspkit.ClientMember("m@x.example", "user", v).status,
     mspkit.OrganizationUserStatus.INVITED),
    ("read_reference status",
     lambda v: mspkit.read_reference(REFERENCE_PROVIDER, REFERENCE_MEMBERS, "[]", status=v).status,
     mspkit.ProviderStatus.BILLABLE),
    ("check action", lambda v: mspkit.check(Team().provider, ACTOR, v), mspkit.Action.MANAGE_TEAM),
    ("ClientProfile hosting", lambda v: mspkit.ClientProfile(hosting=v), mspkit.Hosting.SELF_HOSTED),
    ("ClientProfile decryption", lambda v: mspkit.ClientProfile(sso=True, decryption=v), mspkit.Decryption.TRUSTED_DEVICES),
    ("ClientProfile provisioning", lambda v: mspkit.ClientProfile(provisioning=v), mspkit.Provisioning.SCIM),
    ("DeploymentReport.build sort", lambda v: mspkit.DeploymentReport.build(EXAMPLE, date(2026, 12, 1), sort=v),
     mspkit.SortKey.END),
    ("DeploymentReport.sorted key",
     lambda v: mspkit.DeploymentReport.build(EXAMPLE, date(2026, 12, 1)).sorted(v), mspkit.SortKey.PHASE),
    ("deployment_report sort", lambda v: mspkit.deployment_report(EXAMPLE, date(2026, 12, 1), sort=v), mspkit.SortKey.REMAINING),
    ("Schedule working_days", lambda v: mspkit.Schedule(date(2026, 1, 5), 8, working_days=[v]), mspkit.Weekday.WED),
    ("DeploymentPlan.checklist records",
     lambda v: mspkit.DeploymentPlan(ACTOR, mspkit.ClientProfile()).checklist(
         records={v: mspkit.ChecklistRecord(True, ACTOR, NOW)}),
     mspkit.SetupTask.IMPORT_DATA),
    ("Provider.provider_warnings tax_id",
     lambda v: (t := Team()).provider.provider_warnings(t.ada, country="DE", registered=True, tax_id=v),
     mspkit.TaxIdVerification.PENDING),
    ("read_psa_csv psa", lambda v: mspkit.read_psa_csv("Client ID,Client Name,Quantity\n17,Contoso,12\n", v)[0],
     mspkit.PsaSystem.HALO),
    ("ProviderType.allows_plan plan", lambda v: mspkit.ProviderType.MSP.allows_plan(v), mspkit.PlanType.FREE),
]


@pytest.mark.parametrize(("name", "call", "member"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_every_enum_parameter_takes_a_member_or_its_name(name, call, member) -> None:
    member = member if member is not None else mspkit.ProviderUserType.SERVICE_USER
    by_member, by_name = call(member), call(member.value)
    if isinstance(by_member, (bool, str)):
        assert by_member == by_name
    with pytest.raises(mspkit.ValidationError) as info:
        call("no_such_name")
    assert info.value.code == "unknown_name"
    assert f"`{member.value}`" in str(info.value)
    with pytest.raises(TypeError):
        call(3.5)


def test_old_string_comparisons_keep_working(objects) -> None:
    team, client, plan, *_ = objects
    assert team.provider.client(client).state == "paused"
    assert team.provider.subscription.collection == "send_invoice"
    assert plan.profile.hosting == "self_hosted" and plan.status(1) == "in_progress"
    assert mspkit.Kdf.argon2id_client_default().kind == "argon2id"
    assert {"teams": 1}[mspkit.PlanType.TEAMS_MONTHLY.tier] == 1


# Properties still typed `str` in the stubs that are not closed sets of names, with the reason.
OPEN_TEXT = {
    "AddableOrganization.plan": "display text (`Teams`, `Enterprise` or a plan's name)",
    "DeploymentCatalog.edition": "an edition's own name (`en`, `zh-CN`, or a custom catalogue's)",
    "ClientInvoiceRow.plan": "the plan's readable name (`Teams (Monthly)`), as the reference writes it",
    "LastPeriod.plan": "the plan's readable name",
    "InvoiceLine.cadence": "core: a static string of a report row; left for a core enum",
    "PlanComparison.cadence": "core: a static string of a report row; left for a core enum",
    "ChangeOutcome.kind": "core: a static string of a what-if row; left for a core enum",
    "SubscriptionLifecycle.state": "the stored lifecycle's tag (a subset of SubscriptionStatus's names)",
    "Reach.role": "core: the blast radius's static strings; left for a core enum",
    "MemberExposure.role": "core: the blast radius's static strings; left for a core enum",
    "MemberExposure.status": "core: the blast radius's static strings; left for a core enum",
}
SUSPECT = ("kind", "status", "state", "severity", "collection", "hosting", "decryption", "provisioning",
           "tier", "cadence", "source", "condition", "resolution", "role", "via", "policy", "plan",
           "phase_status", "task", "setup_task", "working_days", "cheaper", "edition", "tax_id")


def test_no_closed_set_is_left_a_plain_string_in_the_stubs() -> None:
    tree = ast.parse(STUBS.read_text())
    found = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            returns = ast.unparse(fn.returns) if fn.returns else ""
            if fn.name in SUSPECT and returns in ("str", "str | None", "list[str]"):
                found.append(f"{cls.name}.{fn.name}")
    assert sorted(set(found) - set(OPEN_TEXT)) == []


def test_every_enum_taken_as_a_parameter_is_in_the_table() -> None:
    """Every enum is extracted by one `FromPyObject` per type, so a row per enum that some
    parameter takes proves them all; this fails when a new enum parameter has no row."""
    enums = {e.__name__ for e in CODED + NAMED}
    taken = set()
    for node in ast.walk(ast.parse(STUBS.read_text())):
        if isinstance(node, ast.FunctionDef):
            a = node.args
            for arg in a.posonlyargs + a.args + a.kwonlyargs:
                if arg.annotation is not None and node.name != "from_code":
                    taken |= {n.id for n in ast.walk(arg.annotation) if isinstance(n, ast.Name)} & enums
    tested = {type(member).__name__ for _, _, member in PARAMETERS if member is not None} | {"ProviderUserType"}
    assert sorted(taken - tested) == []
