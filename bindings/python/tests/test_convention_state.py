"""One Python convention (issue 18): mutable objects are shared between threads safely, a
portfolio and its provider are one state that properties hand out without copying, and every
time-dependent call takes `now` explicitly."""

import copy
import inspect
import json
import pathlib
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest

import mspkit
from conftest import NOW, PROVIDER_ID, Team

ROOT = pathlib.Path(__file__).resolve().parents[3]
THREADS = 8
ROUNDS = 10


@pytest.fixture(autouse=True)
def switch_often() -> Iterator[None]:
    """Threads switch every microsecond, so commands and reads interleave as much as they can."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def issued() -> tuple[mspkit.Provider, list[mspkit.Event], uuid.UUID]:
    """A billable MSP set up by ada, its log so far and ada's id."""
    provider, log = mspkit.Provider.issue_with_log(
        PROVIDER_ID,
        mspkit.ProviderType.MSP,
        "Northwind IT",
        NOW,
        issued_to="ada@northwind.example",
        billing_email="billing@northwind.example",
    )
    log += provider.set_up(uuid.uuid4(), "ada@northwind.example", NOW)
    log += provider.mark_billable(NOW)
    log += provider.start_subscription(NOW)
    return provider, log, provider.members[0].id


def work(provider: mspkit.Provider, ada: uuid.UUID, i: int, read: Callable[[], object]) -> list[mspkit.Event]:
    """One thread's commands on the shared provider, each followed by reads of all of it (some
    of them release the interpreter while they hold the provider's lock)."""
    events = provider.create_client(ada, f"Client {i}", f"owner@client{i}.example", mspkit.PlanType.TEAMS_MONTHLY, 5, NOW)
    _, client = events[0].subject
    for r in range(ROUNDS):
        events += provider.set_client_seats(ada, client, 6 + r, NOW)
        read()
        events += provider.add_client_member(ada, client, mspkit.ClientMember(f"m{r}@client{i}.example"), NOW)
        read()
    events += provider.invite(ada, [f"tech{i}@northwind.example"], mspkit.ProviderUserType.SERVICE_USER, NOW)
    return events


def run_threads(target: Callable[[int], list[mspkit.Event]]) -> list[mspkit.Event]:
    """Runs `target(i)` on 8 threads started together; every exception fails the test."""
    start = threading.Barrier(THREADS)
    results: list[list[mspkit.Event]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = target(i)
        except BaseException as e:  # noqa: BLE001 - recorded, fails the test below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return [event for result in results for event in result]


def assert_replays_to(provider: mspkit.Provider, log: list[mspkit.Event]) -> None:
    """The events the threads were given are the provider's whole log: no sequence lost or
    given twice, and replaying them one after the other gives the provider as it is."""
    log = sorted(log, key=lambda e: e.sequence)
    assert [e.sequence for e in log] == list(range(1, provider.last_sequence + 1))
    assert mspkit.Provider.replay(log) == provider


def test_eight_threads_share_one_provider() -> None:
    provider, log, ada = issued()

    def read() -> None:
        assert provider.clients and provider.members
        mspkit.Provider.from_json(provider.to_json())
        provider.client_invoice_csv()
        provider.seat_utilisation()
        provider.access_review(NOW)
        provider.warnings(NOW)
        assert provider == provider
        assert mspkit.check(provider, ada, mspkit.Action.MANAGE_TEAM)

    log += run_threads(lambda i: work(provider, ada, i, read))
    assert len(provider.clients) == THREADS
    assert all(c.seats == 5 + ROUNDS and c.occupied_seats >= ROUNDS for c in provider.clients)
    assert_replays_to(provider, log)


def test_eight_threads_share_one_portfolio() -> None:
    provider, log, ada = issued()
    portfolio = mspkit.Portfolio(provider)
    baseline = mspkit.Baseline.load(ROOT / "examples/baseline.toml")

    def read() -> None:
        assert portfolio.report(NOW).provider.name == "Northwind IT"
        mspkit.Portfolio.from_json(portfolio.to_json())
        portfolio.seat_utilisation()
        baseline.check(portfolio, NOW)
        assert portfolio == portfolio

    log += run_threads(lambda i: work(portfolio.provider, ada, i, read))
    assert_replays_to(portfolio.provider, log)
    assert mspkit.Portfolio.from_json(portfolio.to_json()) == portfolio


def test_no_class_relies_on_the_borrow_flag() -> None:
    """Every class of the binding is a frozen pyclass: a mutable one keeps its state behind a
    lock (`shared.rs`) rather than pyo3's runtime borrow flag, which raises `RuntimeError:
    Already borrowed` for a second thread."""
    unfrozen = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "bindings/python/src").glob("*.rs"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip().startswith("#[pyclass") and "frozen" not in line
    ]
    assert unfrozen == []


def test_a_deployment_plan_is_shared_by_threads() -> None:
    ada = uuid.uuid4()
    probe = mspkit.DeploymentPlan(uuid.uuid4(), mspkit.ClientProfile())
    steps = []
    for step in range(1, 37):
        try:
            probe.complete(step, ada, NOW)
            steps.append(step)
        except mspkit.DeploymentError:
            pass
    plan = mspkit.DeploymentPlan(probe.client, mspkit.ClientProfile())

    def complete(i: int) -> list[mspkit.Event]:
        for step in steps[i::THREADS]:
            plan.complete(step, ada, NOW)
            assert plan.progress.done_hours > 0
        return []

    run_threads(complete)
    assert plan.to_json() == probe.to_json()


def test_a_portfolio_and_its_provider_are_one_state() -> None:
    provider, _, ada = issued()
    portfolio = mspkit.Portfolio(provider)
    assert portfolio.provider is provider  # not a copy: the object itself
    provider.create_client(ada, "Contoso", "it@contoso.example", mspkit.PlanType.TEAMS_MONTHLY, 5, NOW)
    assert [c.name for c in portfolio.report(NOW).clients] == ["Contoso"]

    loaded = mspkit.Portfolio.from_json(portfolio.to_json())
    assert loaded.provider is loaded.provider  # the same object on every access
    loaded.provider.create_client(ada, "Fabrikam", "it@fabrikam.example", mspkit.PlanType.TEAMS_MONTHLY, 5, NOW)
    assert sorted(c.name for c in loaded.provider.clients) == ["Contoso", "Fabrikam"]
    assert loaded != portfolio and len(provider.clients) == 1  # from_json made its own state
    assert mspkit.Portfolio.from_json(loaded.to_json()) == loaded

    copied = copy.deepcopy(provider)  # a copy is asked for by name
    copied.create_client(ada, "Litware", "it@litware.example", mspkit.PlanType.TEAMS_MONTHLY, 5, NOW)
    assert len(copied.clients) == 2 and len(portfolio.provider.clients) == 1


def test_changes_through_the_provider_keep_the_portfolio_a_valid_document() -> None:
    portfolio = mspkit.Portfolio.load(ROOT / "examples/portfolio.json")
    provider = portfolio.provider
    admin = next(m.id for m in provider.members if m.is_confirmed_admin)
    contoso = next(c.id for c in provider.clients if c.name == "Contoso Legal LLP")

    def deployed() -> list[str]:
        return [d["client"] for d in json.loads(portfolio.to_json())["deployments"]]

    assert str(contoso) in deployed()
    provider.unlink_client(admin, contoso, NOW + timedelta(days=30))
    assert str(contoso) not in deployed()  # the deployment left with the client
    assert mspkit.Portfolio.from_json(portfolio.to_json()) == portfolio
    assert provider.client(contoso) is None


def test_collections_hold_snapshots_of_their_items() -> None:
    team = Team()
    client = team.client("Fabrikam", seats=10)
    clients = team.provider.clients
    team.provider.set_client_seats(team.ada, client, 12, NOW)
    assert clients[0].seats == 10  # the snapshot taken before
    one = team.provider.client(client)
    assert one is not None and one.seats == 12
    assert team.provider.member(team.grace) == next(m for m in team.provider.members if m.id == team.grace)
    team.provider.add_client_member(team.ada, client, mspkit.ClientMember("Pat@Fabrikam.example"), NOW)
    member = team.provider.client(client).member("pat@FABRIKAM.example")  # type: ignore[union-attr]
    assert member is not None and member.email == "pat@fabrikam.example"
    assert team.provider.client(client).member("nobody@fabrikam.example") is None  # type: ignore[union-attr]


# ---- `now` is always explicit ----


def compliance_target() -> tuple[mspkit.Portfolio, mspkit.Baseline, mspkit.ClientOrganization]:
    portfolio = mspkit.Portfolio.load(ROOT / "examples/portfolio.json")
    return portfolio, mspkit.Baseline.load(ROOT / "examples/baseline.toml"), portfolio.provider.clients[0]


TIME_DEPENDENT: dict[str, Callable[[mspkit.Portfolio, mspkit.Baseline, mspkit.ClientOrganization], object]] = {
    "Baseline.check": lambda p, b, c: b.check(p),  # type: ignore[call-arg]
    "Baseline.remediation": lambda p, b, c: b.remediation(c),  # type: ignore[call-arg]
    "assert_compliant": lambda p, b, c: mspkit.assert_compliant(p, b),  # type: ignore[call-arg]
    "check_tiers": lambda p, b, c: mspkit.check_tiers([b], p),  # type: ignore[call-arg]
    "Portfolio.report": lambda p, b, c: p.report(),  # type: ignore[call-arg]
    "Provider.warnings": lambda p, b, c: p.provider.warnings(),  # type: ignore[call-arg]
    "Provider.access_review": lambda p, b, c: p.provider.access_review(),  # type: ignore[call-arg]
}


@pytest.mark.parametrize("name", sorted(TIME_DEPENDENT))
def test_a_time_dependent_call_without_now_is_a_type_error(name: str) -> None:
    portfolio, baseline, client = compliance_target()
    with pytest.raises(TypeError, match="now|as_of"):
        TIME_DEPENDENT[name](portfolio, baseline, client)


TIME_PARAMETERS = {"now", "today", "as_of", "at", "on"}


def callables() -> Iterator[tuple[str, object]]:
    """Every function of the module and every method of its classes."""
    for name, value in list(vars(mspkit._mspkit).items()):
        if inspect.isclass(value):
            for attr, member in list(vars(value).items()):
                if callable(member) or isinstance(member, (classmethod, staticmethod)):
                    yield f"{name}.{attr}", getattr(value, attr)
        elif callable(value):
            yield name, value


def test_no_call_defaults_its_time_to_the_clock() -> None:
    """A parameter that says when (`now`, `today`, `as_of`, …) never has a default: nothing in the
    binding falls back to the clock."""
    defaulted = []
    for name, function in callables():
        try:
            signature = inspect.signature(function)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        defaulted += [
            f"{name}({p.name}=…)"
            for p in signature.parameters.values()
            if p.name in TIME_PARAMETERS and p.default is not inspect.Parameter.empty
        ]
    assert defaulted == []
