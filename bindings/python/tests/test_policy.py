"""Policies, baselines and compliance from Python."""

from pathlib import Path

import pytest

import mspkit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def test_the_catalogue_lists_every_policy_with_its_rules():
    catalogue = mspkit.policy_catalogue()
    assert [p.code for p in catalogue] == list(range(23))
    by_name = {p.name: p for p in catalogue}
    assert by_name["require_sso"].requires == ["single_org"]
    min_length = next(s for s in by_name["master_password"].settings if s.name == "min_length")
    assert (min_length.rule, min_length.min, min_length.max) == ("at_least", 12, 128)
    minutes = next(s for s in by_name["maximum_vault_timeout"].settings if s.name == "minutes")
    assert minutes.rule == "at_most" and minutes.required


def test_the_example_baseline_loads():
    baseline = mspkit.Baseline.load(EXAMPLES / "baseline.toml")
    assert baseline.name == "MSP security baseline"
    assert baseline.required_policies == [
        "two_factor_authentication",
        "master_password",
        "single_org",
        "reset_password",
        "maximum_vault_timeout",
        "disable_personal_vault_export",
    ]
    assert "MSP security baseline" in repr(baseline)
    same = mspkit.Baseline.from_toml((EXAMPLES / "baseline.toml").read_text())
    assert same == baseline


@pytest.mark.parametrize(
    ("text", "code", "line", "key"),
    [
        ("[policies.master_password]\nmin_length = 14\nmin_lenght = 3\n", "baseline_unknown_setting", 3,
         "policies.master_password.min_lenght"),
        ("[policies.single_organization]\n", "baseline_unknown_policy", 1, "policies.single_organization"),
        ("[policies.master_password]\nmin_length = 11\n", "baseline_invalid_value", 2,
         "policies.master_password.min_length"),
        ("[policies.master_password\n", "baseline_malformed", 1, None),
        ("[policies.maximum_vault_timeout]\n", "baseline_missing_setting", 1, "policies.maximum_vault_timeout"),
    ],
)
def test_bad_baselines_name_the_line_and_key(text, code, line, key):
    with pytest.raises(mspkit.BaselineError) as info:
        mspkit.Baseline.from_toml(text)
    err = info.value
    assert isinstance(err, mspkit.MspkitError)
    assert (err.code, err.line, err.key) == (code, line, key)


def test_json_baselines_name_the_key():
    with pytest.raises(mspkit.BaselineError) as info:
        mspkit.Baseline.from_json('{"policies": {"master_password": {"min_len": 14}}}')
    assert (info.value.code, info.value.line, info.value.key) == (
        "baseline_unknown_setting",
        None,
        "policies.master_password.min_len",
    )


def test_compliance_error_is_an_assertion_error_and_an_mspkit_error():
    assert issubclass(mspkit.ComplianceError, AssertionError)
    assert issubclass(mspkit.ComplianceError, mspkit.MspkitError)


# ---- the bundled example: compliant and drifting clients ----

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

BASELINE = EXAMPLES / "baseline.toml"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def example_portfolio() -> mspkit.Portfolio:
    return mspkit.Portfolio.from_json((EXAMPLES / "portfolio.json").read_text())


def client_named(provider: mspkit.Provider, name: str) -> mspkit.ClientOrganization:
    return next(c for c in provider.clients if c.name == name)


def test_clients_meet_baseline():
    """The documented pattern: a pytest that fails, listing every finding, when a client drifts."""
    contoso = client_named(example_portfolio().provider, "Contoso Legal LLP")
    mspkit.assert_compliant(contoso, BASELINE, now=NOW)


def test_assert_compliant_lists_every_finding():
    portfolio = example_portfolio()
    with pytest.raises(AssertionError) as info:
        mspkit.assert_compliant(portfolio, mspkit.Baseline.load(BASELINE), now=NOW)
    err = info.value
    assert isinstance(err, mspkit.ComplianceError) and isinstance(err, mspkit.MspkitError)
    assert err.code == "not_compliant"
    assert len(err.findings) == 22
    message = str(err)
    assert message.startswith("4 of 6 client(s) do not meet the baseline (22 finding(s)):")
    assert "Tailspin Logistics [medium] master_password.min_length: expected >= 14, found 12 (setting_weaker)" in message
    assert len(message.splitlines()) == 23


def test_an_expired_exception_fails_again():
    woodgrove = client_named(example_portfolio().provider, "Woodgrove Credit Union")
    mspkit.assert_compliant(woodgrove, BASELINE, now=NOW)
    with pytest.raises(mspkit.ComplianceError) as info:
        mspkit.assert_compliant(woodgrove, BASELINE, now=datetime(2027, 4, 1, tzinfo=timezone.utc))
    (_, finding), = info.value.findings
    assert (finding.code, finding.policy, finding.setting) == ("setting_weaker", "maximum_vault_timeout", "minutes")
    assert str(finding.exception_expired) == "2027-03-31"


def test_portfolio_compliance_and_its_formats():
    portfolio = example_portfolio()
    report = mspkit.Baseline.load(BASELINE).check(portfolio, now=NOW)
    assert not report.compliant
    assert report.totals.by_code == {"not_available_on_plan": 18, "policy_disabled": 1, "setting_weaker": 3}
    assert report.totals.to_dict()["by_code"] == report.totals.by_code and report.totals.findings == 22
    assert [c.client_name for c in report.clients][-2:] == ["Contoso Legal LLP", "Woodgrove Credit Union"]
    woodgrove = report.clients[-1]
    assert woodgrove.is_compliant and woodgrove.accepted[0].reason.startswith("branch kiosks")
    root = ET.fromstring(report.to_junit())
    assert root.tag == "testsuites" and root.get("failures") == "22"
    assert len(root.findall("testsuite")) == 6
    assert len(root.findall(".//failure")) == 22
    assert json.loads(report.to_json())["totals"]["findings"] == 22
    assert "2 of 6 clients compliant" in report.to_table()
    assert repr(report) == "PortfolioCompliance(clients=6, compliant_clients=2, findings=22)"


def test_client_policies_are_readable():
    contoso = client_named(example_portfolio().provider, "Contoso Legal LLP")
    by_name = {p.policy: p for p in contoso.policies}
    mp = by_name["master_password"]
    assert mp.enabled and mp.code == 1
    assert mp.settings["min_length"] == 14 and mp.settings["require_upper"] is True
    assert repr(by_name["single_org"]) == "Policy('single_org', enabled=True)"


def test_remediation_through_provider_commands():
    portfolio = example_portfolio()
    provider = portfolio.provider
    ada = provider.members[0].id
    baseline = mspkit.Baseline.load(BASELINE)
    tailspin = client_named(provider, "Tailspin Logistics")
    plan = baseline.remediation(tailspin, now=NOW)
    assert plan.steps == [
        "change master_password (min_complexity=3, min_length=14, require_upper=false, require_lower=false, "
        "require_numbers=false, require_special=false, enforce_on_login=false)",
        "enable disable_personal_vault_export",
        "change reset_password (auto_enroll_enabled=true)",
        "change maximum_vault_timeout (minutes=60)",
    ]
    events = provider.remediate_client(ada, tailspin.id, plan, NOW)
    assert [e.kind for e in events] == ["client_policy_changed"] * 4
    mspkit.assert_compliant(provider.client(tailspin.id), baseline, now=NOW)
    # Teams clients: nothing a policy change can fix.
    fabrikam = client_named(provider, "Fabrikam Dental")
    teams_plan = baseline.remediation(fabrikam, now=NOW)
    assert teams_plan.steps == [] and {f.code for f in teams_plan.unfixable} == {"not_available_on_plan"}


def test_policy_commands_obey_plan_and_dependencies(team):
    acme = team.client("Acme", mspkit.PlanType.ENTERPRISE_MONTHLY)
    small = team.client("Small", mspkit.PlanType.TEAMS_MONTHLY)
    with pytest.raises(mspkit.PolicyError) as info:
        team.provider.enable_client_policy(team.ada, acme, "require_sso", team.now)
    assert info.value.code == "policy_requirements_not_enabled"
    team.provider.enable_client_policy(team.ada, acme, "single_org", team.now)
    events = team.provider.enable_client_policy(
        team.alan, acme, "maximum_vault_timeout", team.now, settings={"minutes": 60, "action": "lock"}
    )
    assert events[0].kind == "client_policy_changed" and events[0].code == 1700
    with pytest.raises(mspkit.PolicyError) as info:
        team.provider.disable_client_policy(team.ada, acme, "single_org", team.now)
    assert info.value.code == "policy_required_by_enabled_policies"
    with pytest.raises(mspkit.PolicyError) as info:
        team.provider.enable_client_policy(team.ada, small, "single_org", team.now)
    assert info.value.code == "policy_not_on_plan"
    with pytest.raises(mspkit.PolicyError) as info:
        team.provider.change_client_policy(team.ada, acme, "maximum_vault_timeout", team.now, settings={"minutes": 0})
    assert info.value.code == "policy_setting_out_of_range"
    with pytest.raises(mspkit.ValidationError) as info:
        team.provider.enable_client_policy(team.ada, acme, "single_organization", team.now)
    assert info.value.code == "unknown_name"
    team.provider.change_client_policy(team.ada, acme, "maximum_vault_timeout", team.now, settings={"minutes": 30})
    timeout = next(p for p in team.provider.client(acme).policies if p.policy == "maximum_vault_timeout")
    assert timeout.settings == {"minutes": 30}


# ---- applicability and the reference JSON ----

U, S = mspkit.OrganizationUserType, mspkit.OrganizationUserStatus
ENTERPRISE = mspkit.PlanType.ENTERPRISE_MONTHLY


@pytest.mark.parametrize(
    ("role", "status", "provider_member", "single_org", "master_password"),
    [
        (U.OWNER, S.CONFIRMED, False, False, True),
        (U.ADMIN, S.ACCEPTED, False, False, True),
        (U.USER, S.CONFIRMED, False, True, True),
        (U.CUSTOM, S.ACCEPTED, False, True, True),
        # single_org binds every status; master_password exempts invited, revoked and staged members
        # (the reference's SingleOrganizationPolicyRequirement and MasterPasswordPolicyRequirement factories)
        (U.USER, S.INVITED, False, True, False),
        (U.USER, S.REVOKED, False, True, False),
        (U.USER, S.STAGED, False, True, False),
        (U.USER, S.CONFIRMED, True, False, False),
    ],
)
def test_who_a_policy_binds(role, status, provider_member, single_org, master_password):
    got = (
        mspkit.policy_binds("single_org", role, status, ENTERPRISE, provider_member=provider_member),
        mspkit.policy_binds("master_password", role, status, ENTERPRISE, provider_member=provider_member),
    )
    assert got == (single_org, master_password)


def test_organization_state_decides_first():
    assert mspkit.policy_binds("single_org", U.OWNER, S.INVITED, None)  # unknown organization: fail closed
    assert not mspkit.policy_binds("single_org", U.USER, S.CONFIRMED, ENTERPRISE, organization_enabled=False)
    assert not mspkit.policy_binds("single_org", U.USER, S.CONFIRMED, mspkit.PlanType.TEAMS_MONTHLY)
    contoso = client_named(example_portfolio().provider, "Contoso Legal LLP")
    # Owners and admins: master password and account recovery (ResetPasswordPolicyRequirementFactory),
    # not two-step login (RequireTwoFactorPolicyRequirementFactory exempts them).
    assert contoso.binding_policies(U.ADMIN, S.CONFIRMED) == ["master_password", "reset_password"]
    assert len(contoso.binding_policies(U.USER, S.CONFIRMED)) == 7
    # Account recovery enrols provider members too.
    assert contoso.binding_policies(U.USER, S.CONFIRMED, provider_member=True) == ["reset_password"]


def test_reference_policy_json_round_trips():
    org = "9e4d5c6b-7c1b-4b8e-9a51-1f2f3e4d5c6b"
    items = [
        {"object": "policy", "organizationId": org, "type": 1, "enabled": True, "canToggleState": True,
         "data": {"minComplexity": 3, "minLength": 14, "requireUpper": None, "futureKey": "kept"}},
        {"object": "policy", "organizationId": org, "type": 21, "enabled": False, "canToggleState": True,
         "data": {"disableSend": False, "disableHideEmail": False}},
    ]
    ref = mspkit.ReferencePolicies.from_json(json.dumps(items))
    assert str(ref.organization_id) == org and ref.send_controls_synthesized
    (mp,) = ref.policies
    assert mp.policy == "master_password" and mp.settings == {
        "min_complexity": 3, "min_length": 14, "require_upper": False, "require_lower": False,
        "require_numbers": False, "require_special": False, "enforce_on_login": False,
    }
    assert json.loads(ref.to_json()) == items
    with pytest.raises(mspkit.PolicyError) as info:
        mspkit.ReferencePolicies.from_json("[]")
    assert info.value.code == "invalid_reference_policy"
