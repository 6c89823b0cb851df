"""Issue 15: agreeing with the reference server (bitwarden/server). Each test names the
reference file it follows (paraphrased)."""

import uuid

import pytest

import mspkit
from conftest import NOW

SU = mspkit.ProviderUserType.SERVICE_USER


def test_unlinking_a_suspended_client_enables_it(team):
    # RemoveOrganizationFromProviderCommand: a billable MSP's managed client leaves enabled.
    client = team.client("Contoso")
    boss = mspkit.ClientMember(
        "boss@contoso.example", mspkit.OrganizationUserType.OWNER, mspkit.OrganizationUserStatus.CONFIRMED
    )
    team.provider.add_client_member(team.ada, client, boss, NOW)
    team.provider.set_client_state(team.ada, client, "suspended", NOW)
    leaving, events = team.provider.unlink_client(team.ada, client, NOW)
    assert leaving.enabled and not leaving.managed
    assert events[0].kind == "client_unlinked" and events[0].data["reenabled"] is True


def test_resending_has_no_reference_code(team, later):
    # ProviderService.ResendInvitesAsync logs no event.
    team.provider.invite(team.ada, ["kate@northwind.example"], SU, NOW)
    kate = team.provider.member_by_email("kate@northwind.example").id
    events = team.provider.reinvite(team.ada, kate, later(1))
    assert events[0].kind == "member_reinvited" and events[0].code is None


def test_already_members_are_named(team):
    # ProviderService.InviteUserAsync skips them; mspkit refuses and names them all.
    batch = ["new@x.example", "GRACE@northwind.example", "alan@northwind.example"]
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, batch, SU, NOW)
    assert info.value.code == "already_member"
    assert info.value.emails == ["grace@northwind.example", "alan@northwind.example"]
    rest = [e for e in batch if e.lower() not in info.value.emails]
    assert len(team.provider.invite(team.ada, rest, SU, NOW)) == 1
    with pytest.raises(mspkit.TeamError) as info:
        team.provider.invite(team.ada, [], SU, NOW)
    assert info.value.emails is None


def test_provider_warnings(team, later):
    # GetProviderWarningsQuery: suspension resolution by viewer, tax warnings for admins only.
    assert team.provider.provider_warnings(team.ada).is_empty
    team.provider.start_subscription(NOW)
    team.provider.issue_invoice("120.00", later(14 * 24))
    team.provider.mark_unpaid(later(29 * 24))
    admin = team.provider.provider_warnings(team.ada, country="DE", registered=True, tax_id="pending")
    assert admin.suspension.resolution == "add_payment_method"
    assert admin.suspension.subscription_cancels_on is not None
    assert admin.tax_id == "tax_id_pending_verification"
    assert '"resolution":"add_payment_method"' in admin.to_json()
    seen = team.provider.provider_warnings(team.alan, country="DE", registered=True)
    assert seen.suspension.resolution == "contact_administrator"
    assert seen.suspension.subscription_cancels_on is None and seen.tax_id is None
    with pytest.raises(mspkit.ValidationError):
        team.provider.provider_warnings(team.ada, tax_id="maybe")


def test_billed_month_keeps_its_rows(team, later):
    # ProviderEventService records ProviderInvoiceItem rows when the invoice is created.
    client = team.client("Contoso", seats=10)
    team.provider.start_subscription(NOW)
    charge = later(14 * 24)
    team.provider.issue_invoice("40.00", charge)
    team.provider.set_client_seats(team.ada, client, 25, later(15 * 24))
    period = charge.strftime("%Y-%m")
    billed = team.provider.client_invoice_report(period)
    assert billed.rows[0].assigned == 10
    assert team.provider.client_invoice_report().rows[0].assigned == 25
    invoice = team.provider.invoice(period)
    assert invoice.issued_on == charge.date() and str(invoice.issued_amount) == "40.00"


def test_vault_access_is_recorded(team):
    # ProviderService.LogProviderAccessToOrganizationAsync logs 1903.
    client = team.client("Contoso")
    events = team.provider.record_vault_access(team.alan, client, NOW)
    assert events[0].kind == "client_vault_accessed" and events[0].code == 1903


def _facts(plan, seats, owner="grace@northwind.example", **kw):
    member = mspkit.ClientMember(owner, mspkit.OrganizationUserType.OWNER, mspkit.OrganizationUserStatus.CONFIRMED)
    return mspkit.OrganizationFacts(uuid.uuid4(), "Org", plan, seats, "billing@org.example", [member], **kw)


def test_addable_organizations(team):
    # ProviderBillingService.GetAddableOrganizations.
    candidates = [
        _facts(mspkit.PlanType.TEAMS_MONTHLY, 5),
        _facts(mspkit.PlanType.ENTERPRISE_MONTHLY, 5, uses_secrets_manager=True),
        _facts(mspkit.PlanType.FAMILIES_ANNUALLY, 5),
    ]
    listed = team.provider.addable_organizations(team.grace, candidates)
    assert [(a.plan, a.disabled) for a in listed] == [("Teams", False)]
    alan = [_facts(mspkit.PlanType.TEAMS_MONTHLY, 5, owner="alan@northwind.example")]
    assert [a.disabled for a in team.provider.addable_organizations(team.alan, alan)] == [True]


def test_secrets_manager_guard(team):
    # ProviderService.AddOrganization refuses an organization with Secrets Manager.
    owner = mspkit.ClientMember("ada@northwind.example", mspkit.OrganizationUserType.OWNER,
                                mspkit.OrganizationUserStatus.CONFIRMED)
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.add_existing_client(team.ada, uuid.uuid4(), "Org", mspkit.PlanType.TEAMS_MONTHLY, 3,
                                          "b@org.example", [owner], NOW, uses_secrets_manager=True)
    assert info.value.code == "organization_uses_secrets_manager"
    assert team.provider.legacy_pricing is False


def test_business_unit_conversion_and_plan_change():
    # BusinessUnitConverter and ProviderBillingService.ChangePlan.
    bad = _facts(mspkit.PlanType.TEAMS_MONTHLY, 5, owner="it@x.example", subscription_active=False)
    with pytest.raises(mspkit.ClientError) as info:
        mspkit.Provider.convert_to_business_unit(uuid.uuid4(), bad, uuid.uuid4(), "it@x.example", NOW)
    assert info.value.code == "business_unit_conversion_refused"
    good = _facts(mspkit.PlanType.ENTERPRISE_MONTHLY, 5, owner="it@x.example")
    unit, log = mspkit.Provider.convert_to_business_unit(uuid.uuid4(), good, uuid.uuid4(), "it@x.example", NOW)
    events = unit.change_plan(None, mspkit.PlanType.ENTERPRISE_MONTHLY, mspkit.PlanType.ENTERPRISE_ANNUALLY, NOW)
    assert events[0].kind == "plan_changed"
    assert unit.clients[0].plan == mspkit.PlanType.ENTERPRISE_ANNUALLY


def test_policy_side_effects_preview_and_enable(team):
    # SingleOrgPolicyEventHandler / TwoFactorAuthenticationPolicyEventHandler.
    client = team.client("Contoso", plan=mspkit.PlanType.ENTERPRISE_MONTHLY, seats=10)
    for email in ["a@contoso.example", "b@contoso.example"]:
        member = mspkit.ClientMember(email, mspkit.OrganizationUserType.USER, mspkit.OrganizationUserStatus.CONFIRMED)
        team.provider.add_client_member(team.ada, client, member, NOW)
    facts = {"a@contoso.example": {"other_organizations": True}, "b@contoso.example": {"two_factor": True}}
    preview = team.provider.preview_client_policy(team.ada, client, "single_org", facts)
    assert preview.revokes == ["a@contoso.example"]
    assert preview.refused is None
    assert preview.message == "enabling single_org on client Contoso revokes a@contoso.example"
    events = team.provider.enable_client_policy(team.ada, client, "single_org", NOW, facts=facts)
    assert [(e.kind, e.code) for e in events] == [("client_policy_changed", 1700), ("client_member_revoked", 1521)]
    lose = {"b@contoso.example": {"master_password": False}}
    with pytest.raises(mspkit.MspkitError) as info:
        team.provider.enable_client_policy(team.ada, client, "two_factor_authentication", NOW, facts=lose)
    assert info.value.code == "members_would_lose_access"
    with pytest.raises(mspkit.ValidationError):
        team.provider.preview_client_policy(team.ada, client, "single_org", {"a@contoso.example": {"x": True}})
