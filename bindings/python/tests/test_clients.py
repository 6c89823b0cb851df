import uuid

import pytest

import mspkit
from conftest import NOW, PROVIDER_ID, set_up_provider

P = mspkit.PlanType
Member = mspkit.ClientMember
OWNER = mspkit.OrganizationUserType.OWNER
CONFIRMED = mspkit.OrganizationUserStatus.CONFIRMED


def test_create_client_follows_the_plan_rules(team):
    client = team.client("Fabrikam", P.ENTERPRISE_MONTHLY, 5)
    org = team.provider.client(client)
    assert org.plan == P.ENTERPRISE_MONTHLY and org.managed
    assert org.billing_email == "billing@northwind.example"
    assert org.occupied_seats == 1  # the invited owner
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.create_client(team.ada, "Annual", "o@a.example", P.TEAMS_ANNUALLY, 5, NOW)
    assert info.value.code == "plan_not_allowed"
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.create_client(team.ada, "Zero", "o@z.example", P.TEAMS_MONTHLY, 0, NOW)
    assert info.value.code == "seats_zero"
    with pytest.raises(mspkit.PermissionDenied):
        team.provider.create_client(team.alan, "Nope", "o@n.example", P.TEAMS_MONTHLY, 5, NOW)


def test_business_units_hold_enterprise_only():
    bu, admin = set_up_provider(mspkit.ProviderType.BUSINESS_UNIT, "Contoso BU", "it@contoso.example")
    with pytest.raises(mspkit.ProviderError) as info:
        bu.create_client(admin, "Sales", "o@contoso.example", P.ENTERPRISE_ANNUALLY, 5, NOW)
    assert info.value.code == "provider_not_billable"
    bu.mark_billable(NOW)
    bu.create_client(admin, "Sales", "o@contoso.example", P.ENTERPRISE_ANNUALLY, 5, NOW)
    with pytest.raises(mspkit.ClientError) as info:
        bu.create_client(admin, "Ops", "o2@contoso.example", P.TEAMS_MONTHLY, 5, NOW)
    assert info.value.code == "plan_not_allowed"


def test_seats_never_below_occupied_and_no_autoscale(team):
    client = team.client(seats=3)
    team.provider.add_client_member(team.ada, client, Member("a@fabrikam.example"), NOW)
    team.provider.add_client_member(team.alan, client, Member("b@fabrikam.example"), NOW)
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.add_client_member(team.ada, client, Member("c@fabrikam.example"), NOW)
    assert info.value.code == "no_free_seats"
    assert [w.code for w in team.provider.warnings(NOW)] == ["client_full"]
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.set_client_seats(team.ada, client, 2, NOW)
    assert info.value.code == "seats_below_occupied"
    team.provider.remove_client_member(team.ada, client, "b@fabrikam.example", NOW)
    assert team.provider.set_client_seats(team.ada, client, 2, NOW)[0].kind == "client_seats_changed"


def test_service_users_may_not_purchase(team):
    team.provider.set_seat_minimum(team.ada, P.TEAMS_MONTHLY, 10, NOW)
    client = team.client(seats=4)
    assert team.provider.plan_seats(P.TEAMS_MONTHLY).unassigned_seats == 6
    team.provider.set_client_seats(team.alan, client, 10, NOW)  # within the minimum: no purchase
    with pytest.raises(mspkit.PermissionDenied) as info:
        team.provider.set_client_seats(team.alan, client, 11, NOW)
    assert info.value.code == "purchase_requires_admin"
    team.provider.set_client_seats(team.ada, client, 12, NOW)
    seats = team.provider.plan_seats(P.TEAMS_MONTHLY)
    assert (seats.assigned_seats, seats.purchased_seats, seats.unassigned_seats) == (12, 2, 0)
    team.provider.set_client_seats(team.alan, client, 11, NOW)  # going down is never a purchase


@pytest.mark.parametrize(
    ("before", "after", "purchase"),
    [(4, 8, False), (4, 12, True), (12, 14, True), (12, 6, False)],
    ids=["below-below", "below-above", "above-above", "above-below"],
)
def test_purchase_cases(team, before, after, purchase):
    team.provider.set_seat_minimum(None, P.TEAMS_MONTHLY, 10, NOW)
    team.client(seats=before)
    assert team.provider.is_purchase(P.TEAMS_MONTHLY, before, after) is purchase


def test_add_existing_organization(team):
    org_id = uuid.uuid4()
    members = [Member("ada@northwind.example", OWNER, CONFIRMED), Member("boss@acme.example", OWNER, CONFIRMED)]
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.add_existing_client(team.grace, org_id, "Acme", P.TEAMS_ANNUALLY, 5, "boss@acme.example", members, NOW)
    assert info.value.code == "not_organization_owner"
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.add_existing_client(team.ada, org_id, "Acme", P.TEAMS_ANNUALLY, 5, "boss@acme.example", members, NOW, subscription_active=False)
    assert info.value.code == "subscription_inactive"
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.add_existing_client(team.ada, org_id, "Acme", P.TEAMS_ANNUALLY, 5, "boss@acme.example", members, NOW, linked_to_provider=True)
    assert info.value.code == "organization_already_linked"
    events = team.provider.add_existing_client(team.ada, org_id, "Acme", P.TEAMS_ANNUALLY, 5, "boss@acme.example", members, NOW)
    assert events[0].code == 1901
    assert team.provider.client(org_id).plan == P.TEAMS_MONTHLY  # moved to the monthly plan of its tier
    assert team.provider.plan_seats(P.TEAMS_MONTHLY).assigned_seats == 5  # counted once


def test_unlink_needs_an_owner_outside_the_provider(team):
    client = team.client("Fabrikam")
    with pytest.raises(mspkit.ClientError) as info:
        team.provider.unlink_client(team.ada, client, NOW)
    assert info.value.code == "no_confirmed_owner"
    team.provider.add_client_member(team.ada, client, Member("zed@fabrikam.example", OWNER, CONFIRMED), NOW)
    team.provider.add_client_member(team.ada, client, Member("amy@fabrikam.example", OWNER, CONFIRMED), NOW)
    with pytest.raises(mspkit.PermissionDenied):
        team.provider.unlink_client(team.alan, client, NOW)
    org, events = team.provider.unlink_client(team.ada, client, NOW)
    assert events[0].code == 1902
    assert org.billing_email == "amy@fabrikam.example" and not org.managed
    assert team.provider.client(client) is None


def test_a_new_client_needs_the_providers_billing_email():
    reseller = mspkit.Provider.issue(PROVIDER_ID, mspkit.ProviderType.RESELLER, "Resell", NOW, issued_to="r@resell.example")
    reseller.set_up(uuid.uuid4(), "r@resell.example", NOW)
    admin = reseller.members[0].id
    with pytest.raises(mspkit.ProviderError) as info:
        reseller.create_client(admin, "Client", "o@client.example", P.TEAMS_ANNUALLY, 5, NOW)
    assert info.value.code == "billing_email_missing"
    assert reseller.clients == []
    reseller.update_settings(admin, NOW, billing_email="billing@resell.example")
    reseller.create_client(admin, "Client", "o@client.example", P.TEAMS_ANNUALLY, 5, NOW)
    assert reseller.clients[0].billing_email == "billing@resell.example"


def test_reseller_has_no_seat_minimums():
    reseller = mspkit.Provider.issue(PROVIDER_ID, mspkit.ProviderType.RESELLER, "Resell", NOW, issued_to="r@resell.example")
    reseller.set_up(uuid.uuid4(), "r@resell.example", NOW)
    with pytest.raises(mspkit.ProviderError) as info:
        reseller.set_seat_minimum(None, P.TEAMS_MONTHLY, 10, NOW)
    assert info.value.code == "no_consolidated_billing"


def test_a_client_round_trips_through_json_and_pickle(team):
    import json
    import pickle

    events = team.provider.create_client(
        team.ada, "Acme", "o@acme.example", P.TEAMS_MONTHLY, 3, NOW, first_collection="  Shared "
    )
    client = team.provider.client(events[0].subject[1])
    assert client.first_collection == "Shared"
    assert team.provider.client(team.client("Plain")).first_collection is None
    again = mspkit.ClientOrganization.from_json(client.to_json())
    assert again == client and again is not client
    assert pickle.loads(pickle.dumps(client)) == client
    for seats, code in [(0, "seats_zero")]:
        broken = json.loads(client.to_json())
        broken["seats"] = seats
        with pytest.raises(mspkit.ClientError) as info:
            mspkit.ClientOrganization.from_json(json.dumps(broken))
        assert info.value.code == code
    broken = json.loads(client.to_json())
    broken["members"] = broken["members"] * 2
    with pytest.raises(mspkit.ClientError) as info:
        mspkit.ClientOrganization.from_json(json.dumps(broken))
    assert info.value.code == "client_member_exists"
    broken["members"] = [dict(m, email=f"u{i}@acme.example") for i, m in enumerate(broken["members"] * 2)]
    with pytest.raises(mspkit.ClientError) as info:
        mspkit.ClientOrganization.from_json(json.dumps(broken))
    assert info.value.code == "seats_below_occupied"
    broken["name"] = " "
    with pytest.raises(mspkit.ClientError) as info:
        mspkit.ClientOrganization.from_json(json.dumps(broken))
    assert info.value.code == "client_name_invalid"
    with pytest.raises(mspkit.InteropError) as info:
        mspkit.ClientOrganization.from_json(json.dumps(dict(json.loads(client.to_json()), autoscale=True)))
    assert info.value.code == "invalid_document"
