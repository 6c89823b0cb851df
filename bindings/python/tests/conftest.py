import uuid
from datetime import datetime, timedelta, timezone

import pytest

import mspkit

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
PROVIDER_ID = uuid.UUID("6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f")


def set_up_provider(kind: mspkit.ProviderType, name: str, admin_email: str) -> tuple[mspkit.Provider, uuid.UUID]:
    """A provider of `kind` issued to and set up by `admin_email`, with a billing email (not yet
    billable); returns it with its first admin's id."""
    domain = admin_email.split("@", 1)[1]
    provider = mspkit.Provider.issue(
        PROVIDER_ID, kind, name, NOW, issued_to=admin_email, billing_email=f"billing@{domain}"
    )
    provider.set_up(uuid.uuid4(), admin_email, NOW)
    return provider, provider.members[0].id


class Team:
    """A billable MSP with a confirmed admin (ada), a second confirmed admin (grace) and a
    confirmed service user (alan)."""

    def __init__(self) -> None:
        self.now = NOW
        self.provider, self.ada = set_up_provider(mspkit.ProviderType.MSP, "Northwind IT", "ada@northwind.example")
        self.provider.mark_billable(NOW)
        self.grace = self.add("grace@northwind.example", mspkit.ProviderUserType.PROVIDER_ADMIN)
        self.alan = self.add("alan@northwind.example", mspkit.ProviderUserType.SERVICE_USER)

    def add(self, email: str, role: mspkit.ProviderUserType) -> uuid.UUID:
        self.provider.invite(self.ada, [email], role, self.now)
        member = self.provider.member_by_email(email)
        assert member is not None
        self.provider.accept(member.id, uuid.uuid4(), email, self.now)
        self.provider.confirm(self.ada, member.id, self.now)
        return member.id

    def client(self, name: str = "Fabrikam", plan=mspkit.PlanType.TEAMS_MONTHLY, seats: int = 10) -> uuid.UUID:
        events = self.provider.create_client(self.ada, name, f"owner@{name.lower()}.example", plan, seats, self.now)
        kind, client_id = events[0].subject
        assert kind == "client"
        return client_id


@pytest.fixture
def team() -> Team:
    return Team()


@pytest.fixture
def later():
    return lambda hours: NOW + timedelta(hours=hours)
