"""One Python convention: every text argument goes through the one text conversion, so a `str`
holding a lone surrogate is `ValidationError` `invalid_text` (never `UnicodeEncodeError`), for
every function and method of the package that takes text. The table is checked complete against
the stubs: a new text parameter must join it."""

import ast
import json
import pathlib
import uuid
from datetime import date

import pytest

import mspkit
from conftest import NOW, Team

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = (ROOT / "examples/portfolio.json").read_text()
STUBS = ROOT / "bindings/python/python/mspkit/_mspkit.pyi"
ACTOR = uuid.UUID("0d1c2b3a-4958-4768-8796-a5b4c3d2e1f0")
S = "x\ud800y"  # a lone surrogate: UTF-8 cannot encode it
KEY = mspkit.TokenKey(b"k" * 32)
KDF = mspkit.Kdf.pbkdf2(iterations=600_000)


def team() -> Team:
    return Team()


def with_client(call):
    t = Team()
    return call(t, t.client("Acme", mspkit.PlanType.ENTERPRISE_MONTHLY))


def invited(call):
    t = Team()
    t.provider.invite(t.ada, ["new@northwind.example"], "service_user", NOW)
    member = t.provider.member_by_email("new@northwind.example")
    return call(t, member.id)


def pending_provider() -> mspkit.Provider:
    return mspkit.Provider.issue(uuid.uuid4(), "msp", "N", NOW, issued_to="ada@n.example", billing_email="b@n.example")


def plan() -> mspkit.DeploymentPlan:
    return mspkit.DeploymentPlan(ACTOR, mspkit.ClientProfile())


def issue(**kwargs):
    args = {"name": "N", "issued_to": "ada@n.example"} | kwargs
    return mspkit.Provider.issue(uuid.uuid4(), "msp", args.pop("name"), NOW, **args)


def issue_with_log(**kwargs):
    args = {"name": "N", "issued_to": "ada@n.example"} | kwargs
    return mspkit.Provider.issue_with_log(uuid.uuid4(), "msp", args.pop("name"), NOW, **args)


def facts(**kwargs):
    args = {"name": "O", "billing_email": "b@o.example"} | kwargs
    return mspkit.OrganizationFacts(uuid.uuid4(), args["name"], "teams_monthly", 5, args["billing_email"], [])


def reference(**kwargs):
    args = {"provider_json": "{}", "members_json": "[]", "clients_json": "[]"} | kwargs
    return mspkit.read_reference(**args)


def reference_notes(**kwargs):
    args = {"provider_json": "{}", "members_json": "[]", "clients_json": "[]"} | kwargs
    return mspkit.read_reference_notes(**args)


# "qualified name(parameter)" -> a call that passes text holding a lone surrogate there.
CALLS = {
    "normalize_email(email)": lambda: mspkit.normalize_email(S),
    "set_language(language)": lambda: mspkit.set_language(S),
    "read_psa_csv(text)": lambda: mspkit.read_psa_csv(S),
    "read_psa_csv(psa)": lambda: mspkit.read_psa_csv("a,b\n", S),
    "Event.from_json(json)": lambda: mspkit.Event.from_json(S),
    "read_event_log(text)": lambda: mspkit.read_event_log(S),
    "replay_portfolio(text)": lambda: mspkit.replay_portfolio(S),
    "verify_event_log(text)": lambda: mspkit.verify_event_log(S),
    "verify_event_log(public_key)": lambda: mspkit.verify_event_log("", public_key=S),
    "verify_event_log(checkpoints)": lambda: mspkit.verify_event_log("", checkpoints=[S]),
    "seal_event_log(text)": lambda: mspkit.seal_event_log(S, mspkit.seal_key_pair(bytes(32))[0], NOW),
    "seal_event_log(secret_key)": lambda: mspkit.seal_event_log("", S, NOW),
    "verify_exit_receipt(text)": lambda: mspkit.verify_exit_receipt(S, "key"),
    "verify_exit_receipt(public_key)": lambda: mspkit.verify_exit_receipt("{}", S),
    "ProviderUser.from_json(json)": lambda: mspkit.ProviderUser.from_json(S),
    "ClientMember.__new__(email)": lambda: mspkit.ClientMember(S),
    "ClientMember.__new__(role)": lambda: mspkit.ClientMember("m@x.example", S),
    "ClientMember.__new__(status)": lambda: mspkit.ClientMember("m@x.example", "user", S),
    "ClientOrganization.binding_policies(role)":
        lambda: with_client(lambda t, c: t.provider.client(c).binding_policies(S, "confirmed")),
    "ClientOrganization.binding_policies(status)":
        lambda: with_client(lambda t, c: t.provider.client(c).binding_policies("user", S)),
    "ClientOrganization.from_json(json)": lambda: mspkit.ClientOrganization.from_json(S),
    "ClientOrganization.member(email)": lambda: with_client(lambda t, c: t.provider.client(c).member(S)),
    "OrganizationFacts.__new__(name)": lambda: facts(name=S),
    "OrganizationFacts.__new__(plan)": lambda: mspkit.OrganizationFacts(uuid.uuid4(), "O", S, 5, "b@o.example", []),
    "OrganizationFacts.__new__(billing_email)": lambda: facts(billing_email=S),
    "Provider.issue(kind)": lambda: mspkit.Provider.issue(uuid.uuid4(), S, "N", NOW, issued_to="a@n.example"),
    "Provider.issue(name)": lambda: issue(name=S),
    "Provider.issue(issued_to)": lambda: issue(issued_to=S),
    "Provider.issue(business_name)": lambda: issue(business_name=S),
    "Provider.issue(billing_email)": lambda: issue(billing_email=S),
    "Provider.issue_with_log(kind)":
        lambda: mspkit.Provider.issue_with_log(uuid.uuid4(), S, "N", NOW, issued_to="a@n.example"),
    "Provider.issue_with_log(name)": lambda: issue_with_log(name=S),
    "Provider.issue_with_log(issued_to)": lambda: issue_with_log(issued_to=S),
    "Provider.issue_with_log(business_name)": lambda: issue_with_log(business_name=S),
    "Provider.issue_with_log(billing_email)": lambda: issue_with_log(billing_email=S),
    "Provider.from_json(json)": lambda: mspkit.Provider.from_json(S),
    "Provider.member_by_email(email)": lambda: team().provider.member_by_email(S),
    "Provider.provider_warnings(country)": lambda: (t := team()).provider.provider_warnings(t.ada, country=S),
    "Provider.provider_warnings(tax_id)": lambda: (t := team()).provider.provider_warnings(t.ada, tax_id=S),
    "Provider.change_plan(from_plan)": lambda: team().provider.change_plan(None, S, "teams_monthly", NOW),
    "Provider.change_plan(to_plan)": lambda: team().provider.change_plan(None, "teams_monthly", S, NOW),
    "Provider.convert_to_business_unit(admin_email)":
        lambda: mspkit.Provider.convert_to_business_unit(uuid.uuid4(), facts(), ACTOR, S, NOW),
    "Provider.plan_seats(plan)": lambda: team().provider.plan_seats(S),
    "Provider.is_purchase(plan)": lambda: team().provider.is_purchase(S, 1, 2),
    "Provider.start_subscription(discount)": lambda: team().provider.start_subscription(NOW, discount=S),
    "Provider.start_subscription(prices)":
        lambda: team().provider.start_subscription(NOW, prices={"teams_monthly": S}),
    "Provider.start_subscription(collection)": lambda: team().provider.start_subscription(NOW, collection=S),
    "Provider.issue_invoice(amount)": lambda: team().provider.issue_invoice(S, NOW),
    "Provider.set_discount(discount)": lambda: (t := team()).provider.set_discount(t.ada, S, NOW),
    "Provider.set_seat_prices(prices)": lambda: (t := team()).provider.set_seat_prices(t.ada, {S: "1"}, NOW),
    "Provider.set_client_reference(reference)":
        lambda: with_client(lambda t, c: t.provider.set_client_reference(t.ada, c, S, NOW)),
    "Provider.set_client_references(references)":
        lambda: with_client(lambda t, c: t.provider.set_client_references(t.ada, [(c, S)], NOW)),
    "Provider.set_client_tags(tags)": lambda: with_client(lambda t, c: t.provider.set_client_tags(t.ada, c, [S], NOW)),
    "Provider.set_client_state(state)": lambda: with_client(lambda t, c: t.provider.set_client_state(t.ada, c, S, NOW)),
    "Provider.invoice(period)": lambda: team().provider.invoice(S),
    "Provider.client_invoice_report(period)": lambda: team().provider.client_invoice_report(S),
    "Provider.reconcile_psa(rows)":
        lambda: team().provider.reconcile_psa([{"company_id": "1", "company_name": S}]),
    "Provider.what_if(changes)": lambda: team().provider.what_if(S, date(2026, 11, 3)),
    "Provider.set_up(email)": lambda: pending_provider().set_up(uuid.uuid4(), S, NOW),
    **{
        f"Provider.update_settings({field})":
            (lambda field=field: (t := team()).provider.update_settings(t.ada, NOW, **{field: S}))
        for field in ("name", "business_name", "billing_email", "billing_phone", "address_line1",
                      "address_line2", "address_line3", "country", "tax_number")
    },
    "Provider.invite(emails)": lambda: (t := team()).provider.invite(t.ada, [S], "service_user", NOW),
    "Provider.invite(role)": lambda: (t := team()).provider.invite(t.ada, ["n@x.example"], S, NOW),
    "Provider.accept(email)": lambda: invited(lambda t, m: t.provider.accept(m, uuid.uuid4(), S, NOW)),
    "Provider.accept(fingerprint)":
        lambda: invited(lambda t, m: t.provider.accept(m, uuid.uuid4(), "new@northwind.example", NOW, S)),
    "Provider.invite_with_tokens(emails)":
        lambda: (t := team()).provider.invite_with_tokens(t.ada, [S], "service_user", KEY, NOW),
    "Provider.invite_with_tokens(role)":
        lambda: (t := team()).provider.invite_with_tokens(t.ada, ["n@x.example"], S, KEY, NOW),
    "Provider.accept_with_token(email)":
        lambda: invited(lambda t, m: t.provider.accept_with_token(m, uuid.uuid4(), S, "t", KEY, NOW)),
    "Provider.accept_with_token(token)":
        lambda: invited(lambda t, m: t.provider.accept_with_token(m, uuid.uuid4(), "new@northwind.example", S, KEY, NOW)),
    "Provider.accept_with_token(fingerprint)":
        lambda: invited(lambda t, m: t.provider.accept_with_token(
            m, uuid.uuid4(), "new@northwind.example", t.provider.invitation_token(m, KEY), KEY, NOW, S)),
    "Provider.set_up_with_token(email)": lambda: pending_provider().set_up_with_token(uuid.uuid4(), S, "t", KEY, NOW),
    "Provider.set_up_with_token(token)":
        lambda: pending_provider().set_up_with_token(uuid.uuid4(), "ada@n.example", S, KEY, NOW),
    "Provider.delete_with_token(token)": lambda: (t := team()).provider.delete_with_token(t.ada, S, KEY, NOW),
    "Provider.confirm(fingerprint)": lambda: invited(lambda t, m: t.provider.confirm(t.ada, m, NOW, S)),
    "Provider.suspend_access(reason)": lambda: (t := team()).provider.suspend_access(t.ada, S, NOW),
    "Provider.sign_access_review(findings_hash)":
        lambda: (t := team()).provider.sign_access_review(t.ada, S, date(2027, 1, 1), NOW),
    "Provider.change_role(role)": lambda: (t := team()).provider.change_role(t.ada, t.alan, S, NOW),
    "Provider.create_client(name)":
        lambda: (t := team()).provider.create_client(t.ada, S, "o@c.example", "teams_monthly", 5, NOW),
    "Provider.create_client(owner_email)":
        lambda: (t := team()).provider.create_client(t.ada, "C", S, "teams_monthly", 5, NOW),
    "Provider.create_client(plan)": lambda: (t := team()).provider.create_client(t.ada, "C", "o@c.example", S, 5, NOW),
    "Provider.create_client(first_collection)":
        lambda: (t := team()).provider.create_client(t.ada, "C", "o@c.example", "teams_monthly", 5, NOW, S),
    "Provider.add_existing_client(name)":
        lambda: (t := team()).provider.add_existing_client(t.ada, uuid.uuid4(), S, "teams_monthly", 5, "b@o.example", [], NOW),
    "Provider.add_existing_client(plan)":
        lambda: (t := team()).provider.add_existing_client(t.ada, uuid.uuid4(), "O", S, 5, "b@o.example", [], NOW),
    "Provider.add_existing_client(billing_email)":
        lambda: (t := team()).provider.add_existing_client(t.ada, uuid.uuid4(), "O", "teams_monthly", 5, S, [], NOW),
    "Provider.enable_client_policy(policy)":
        lambda: with_client(lambda t, c: t.provider.enable_client_policy(t.ada, c, S, NOW)),
    "Provider.enable_client_policy(settings)":
        lambda: with_client(lambda t, c: t.provider.enable_client_policy(t.ada, c, "single_org", NOW, {S: True})),
    "Provider.enable_client_policy(facts)":
        lambda: with_client(lambda t, c: t.provider.enable_client_policy(
            t.ada, c, "single_org", NOW, facts={S: {"two_factor": True}})),
    "Provider.preview_client_policy(policy)":
        lambda: with_client(lambda t, c: t.provider.preview_client_policy(t.ada, c, S, {})),
    "Provider.preview_client_policy(facts)":
        lambda: with_client(lambda t, c: t.provider.preview_client_policy(t.ada, c, "single_org", {"a@b.example": {S: True}})),
    "Provider.change_client_policy(policy)":
        lambda: with_client(lambda t, c: t.provider.change_client_policy(t.ada, c, S, NOW)),
    "Provider.change_client_policy(settings)":
        lambda: with_client(lambda t, c: t.provider.change_client_policy(
            t.ada, c, "maximum_vault_timeout", NOW, {"action": S})),
    "Provider.disable_client_policy(policy)":
        lambda: with_client(lambda t, c: t.provider.disable_client_policy(t.ada, c, S, NOW)),
    "Provider.remove_client_member(email)":
        lambda: with_client(lambda t, c: t.provider.remove_client_member(t.ada, c, S, NOW)),
    "Provider.unlink_client_with_receipt(secret_key)":
        lambda: with_client(lambda t, c: t.provider.unlink_client_with_receipt(t.ada, c, NOW, secret_key=S)),
    "Provider.unlink_client_with_receipt(chain_head)":
        lambda: with_client(lambda t, c: t.provider.unlink_client_with_receipt(t.ada, c, NOW, chain_head=S)),
    "Provider.set_seat_minimum(plan)": lambda: team().provider.set_seat_minimum(None, S, 1, NOW),
    "authorize(action)": lambda: (t := team()) and mspkit.authorize(t.provider, t.ada, S),
    "check(action)": lambda: (t := team()) and mspkit.check(t.provider, t.ada, S),
    **{
        f"{name}({field})": (lambda read=read, field=field: read(**{field: S}))
        for name, read in (("read_reference", reference), ("read_reference_notes", reference_notes))
        for field in ("provider_json", "members_json", "clients_json", "profile_json", "status")
    },
    "read_reference(plans)": lambda: reference(plans={ACTOR: S}),
    "read_reference_notes(plans)": lambda: reference_notes(plans={ACTOR: S}),
    "Portfolio.from_json(json)": lambda: mspkit.Portfolio.from_json(S),
    "Portfolio.invoice(period)": lambda: mspkit.Portfolio.from_json(EXAMPLE).invoice(S),
    "Portfolio.client_invoice_report(period)": lambda: mspkit.Portfolio.from_json(EXAMPLE).client_invoice_report(S),
    "Portfolio.what_if(changes)": lambda: mspkit.Portfolio.from_json(EXAMPLE).what_if({"on": S}, date(2026, 11, 3)),
    "Subscription.price(plan)": lambda: (t := team()).provider.start_subscription(NOW) and t.provider.subscription.price(S),
    "Subscription.next_charge_date(plan)":
        lambda: (t := team()).provider.start_subscription(NOW) and t.provider.subscription.next_charge_date(S, date(2026, 11, 3)),
    "Kdf.from_json(json)": lambda: mspkit.Kdf.from_json(S),
    "MasterKey.derive(password)": lambda: mspkit.MasterKey.derive(S, "a@b.example", KDF),
    "MasterKey.derive(email)": lambda: mspkit.MasterKey.derive("pw", S, KDF),
    "MasterKey.server_hash(password)": lambda: mspkit.MasterKey.derive("pw", "a@b.example", KDF).server_hash(S),
    "MasterKey.local_hash(password)": lambda: mspkit.MasterKey.derive("pw", "a@b.example", KDF).local_hash(S),
    "MasterKey.verify_server_hash(password)":
        lambda: mspkit.MasterKey.derive("pw", "a@b.example", KDF).verify_server_hash(S, "h"),
    "MasterKey.verify_server_hash(candidate)":
        lambda: mspkit.MasterKey.derive("pw", "a@b.example", KDF).verify_server_hash("pw", S),
    "KdfDeriver.derive(password)": lambda: mspkit.KdfDeriver().derive(S, "a@b.example", KDF),
    "KdfDeriver.derive(email)": lambda: mspkit.KdfDeriver().derive("pw", S, KDF),
    "password_strength(password)": lambda: mspkit.password_strength(S),
    "password_strength(extra_words)": lambda: mspkit.password_strength("pw", [S]),
    "password_strength(email)": lambda: mspkit.password_strength("pw", email=S),
    "password_strength(user_inputs)": lambda: mspkit.password_strength("pw", user_inputs=[S]),
    "password_strength_batch(passwords)": lambda: mspkit.password_strength_batch([S]),
    "password_strength_batch(extra_words)": lambda: mspkit.password_strength_batch(["pw"], [S]),
    "password_strength_batch(email)": lambda: mspkit.password_strength_batch(["pw"], email=S),
    "password_strength_batch(user_inputs)": lambda: mspkit.password_strength_batch(["pw"], user_inputs=[S]),
    "MasterPasswordPolicy.evaluate(password)": lambda: mspkit.MasterPasswordPolicy().evaluate(S),
    "MasterPasswordPolicy.evaluate(email)": lambda: mspkit.MasterPasswordPolicy().evaluate("pw", S),
    "MasterPasswordPolicy.evaluate(extra_words)": lambda: mspkit.MasterPasswordPolicy().evaluate("pw", None, [S]),
    "MasterPasswordPolicy.from_json(json)": lambda: mspkit.MasterPasswordPolicy.from_json(S),
    "check_registration(password)": lambda: mspkit.check_registration(S),
    "check_registration(email)": lambda: mspkit.check_registration("pw", email=S),
    "check_registration(extra_words)": lambda: mspkit.check_registration("pw", extra_words=[S]),
    "DeploymentCatalog.for_language(language)": lambda: mspkit.DeploymentCatalog.for_language(S),
    "DeploymentCatalog.from_toml(text)": lambda: mspkit.DeploymentCatalog.from_toml(S),
    "DeploymentCatalog.from_json(text)": lambda: mspkit.DeploymentCatalog.from_json(S),
    "ClientProfile.__new__(hosting)": lambda: mspkit.ClientProfile(hosting=S),
    "ClientProfile.__new__(decryption)": lambda: mspkit.ClientProfile(decryption=S),
    "ClientProfile.__new__(provisioning)": lambda: mspkit.ClientProfile(provisioning=S),
    "ClientProfile.from_json(text)": lambda: mspkit.ClientProfile.from_json(S),
    "DeploymentEvent.from_json(text)": lambda: mspkit.DeploymentEvent.from_json(S),
    "DeploymentPlan.skip(reason)": lambda: plan().skip(3, S, ACTOR, NOW),
    "DeploymentPlan.block(reason)": lambda: plan().block(3, S, ACTOR, NOW),
    "DeploymentPlan.checklist(records)":
        lambda: plan().checklist(records={S: mspkit.ChecklistRecord(True, ACTOR, NOW)}),
    "DeploymentPlan.from_json(text)": lambda: mspkit.DeploymentPlan.from_json(S),
    "Projection.from_json(text)": lambda: mspkit.Projection.from_json(S),
    "Schedule.__new__(hours_per_day)": lambda: mspkit.Schedule(date(2026, 1, 5), S),
    "Schedule.__new__(working_days)": lambda: mspkit.Schedule(date(2026, 1, 5), 8, working_days=[S]),
    "Schedule.from_json(text)": lambda: mspkit.Schedule.from_json(S),
    "DeploymentReport.build(portfolio_json)": lambda: mspkit.DeploymentReport.build(S, date(2026, 12, 1)),
    "DeploymentReport.build(sort)": lambda: mspkit.DeploymentReport.build(EXAMPLE, date(2026, 12, 1), sort=S),
    "DeploymentReport.sorted(key)": lambda: mspkit.DeploymentReport.build(EXAMPLE, date(2026, 12, 1)).sorted(S),
    "deployment_report(portfolio_json)": lambda: mspkit.deployment_report(S, date(2026, 12, 1)),
    "deployment_report(sort)": lambda: mspkit.deployment_report(EXAMPLE, date(2026, 12, 1), sort=S),
    "deployment_timeline_svg(portfolio_json)": lambda: mspkit.deployment_timeline_svg(S, date(2026, 12, 1)),
    "policy_binds(policy)": lambda: mspkit.policy_binds(S, "user", "confirmed", None),
    "policy_binds(role)": lambda: mspkit.policy_binds("single_org", S, "confirmed", None),
    "policy_binds(status)": lambda: mspkit.policy_binds("single_org", "user", S, None),
    "policy_binds(plan)": lambda: mspkit.policy_binds("single_org", "user", "confirmed", S),
    "ReferencePolicies.from_json(json)": lambda: mspkit.ReferencePolicies.from_json(S),
    "Baseline.from_toml(text)": lambda: mspkit.Baseline.from_toml(S),
    "Baseline.from_json(text)": lambda: mspkit.Baseline.from_json(S),
    "Token.__new__(text)": lambda: mspkit.Token(S),
    "ProviderType.allows_plan(plan)": lambda: mspkit.ProviderType.MSP.allows_plan(S),
}

# Paths are not text: a POSIX file name may hold any bytes, which Python spells as surrogates.
PATHS = {"iter_event_log(path)", "Portfolio.load(path)", "Baseline.load(path)", "assert_compliant(baseline)"}


def text_parameters() -> set[str]:
    """Every "qualified name(parameter)" of the stubs whose annotation takes a `str`."""
    found = set()

    def walk(nodes, owner: str = "") -> None:
        for node in nodes:
            if isinstance(node, ast.ClassDef):
                walk(node.body, f"{node.name}.")
            elif isinstance(node, ast.FunctionDef):
                a = node.args
                for arg in a.posonlyargs + a.args + a.kwonlyargs:
                    if arg.annotation is not None and "str" in ast.unparse(arg.annotation):
                        found.add(f"{owner}{node.name}({arg.arg})")

    walk(ast.parse(STUBS.read_text()).body)
    return found


def test_the_table_covers_every_text_parameter_of_the_stubs() -> None:
    enum_lookups = {p for p in text_parameters() if p.endswith(".from_code(code)")}
    assert sorted(text_parameters() - set(CALLS) - PATHS - enum_lookups) == []


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_lone_surrogate_is_invalid_text(name: str) -> None:
    with pytest.raises(mspkit.ValidationError) as info:
        CALLS[name]()
    assert info.value.code == "invalid_text", f"{name}: {info.value!r}"


@pytest.mark.parametrize("enum", [getattr(mspkit, n) for n in ("Hosting", "SortKey", "ClientState", "Action", "Severity")])
def test_an_enum_lookup_by_name_refuses_a_lone_surrogate(enum) -> None:
    with pytest.raises(mspkit.ValidationError) as info:
        enum.from_code(S)
    assert info.value.code == "invalid_text"
