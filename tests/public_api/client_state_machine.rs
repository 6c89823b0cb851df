//! Random sequences of client commands (create, add existing, seats, members, minimums, unlink,
//! delete, enable) from random actors, for every kind of provider. After every step: a refused
//! command changed nothing; a success came from an actor `authorize` permits (a seat purchase
//! only from a provider admin); every client keeps 1 ≤ occupied ≤ seats on an allowed plan;
//! assigned seats are the sum of the clients' seats; the state reads back from JSON.

use std::collections::BTreeSet;

use mspkit::{
    Action, ClientMember, Error, Event, ExistingOrganization, NewClient, OrganizationId,
    OrganizationUserStatus, OrganizationUserType, PlanType, Provider, ProviderType, ProviderUserId,
    ProviderUserType, Target, authorize,
};
use proptest::prelude::*;
use uuid::Uuid;

use crate::support::{ADMIN, Fixture, email, t0};

#[derive(Debug, Clone)]
enum Step {
    Create { actor: usize, plan: usize, seats: u32, blank_name: bool },
    AddExisting { actor: usize, org: u8, plan: usize, seats: u32, owned: bool, linked: bool, active: bool },
    SetSeats { actor: usize, client: usize, seats: u32 },
    AddMember { actor: usize, client: usize, who: u8, owner: bool, revoked: bool },
    RemoveMember { actor: usize, client: usize, who: u8 },
    SetMinimum { admin: bool, plan: usize, minimum: u32 },
    Unlink { actor: usize, client: usize },
    Delete { actor: usize, client: usize },
    Scope { clients: u8 },
    Enable { enabled: bool },
}

fn step() -> impl Strategy<Value = Step> {
    let actor = prop_oneof![4 => Just(0usize), 2 => Just(1), 2 => Just(2), 1 => Just(3)];
    let client = prop_oneof![4 => 0usize..3, 1 => 3usize..5];
    let plan = 0usize..23;
    prop_oneof![
        3 => (actor.clone(), plan.clone(), 0u32..6, prop::bool::weighted(0.1))
            .prop_map(|(actor, plan, seats, blank_name)| Step::Create { actor, plan, seats, blank_name }),
        2 => (actor.clone(), 0u8..4, plan.clone(), 0u32..6, prop::bool::weighted(0.8), prop::bool::weighted(0.1), prop::bool::weighted(0.9))
            .prop_map(|(actor, org, plan, seats, owned, linked, active)| Step::AddExisting { actor, org, plan, seats, owned, linked, active }),
        4 => (actor.clone(), client.clone(), 0u32..16).prop_map(|(actor, client, seats)| Step::SetSeats { actor, client, seats }),
        3 => (actor.clone(), client.clone(), 0u8..6, any::<bool>(), prop::bool::weighted(0.2))
            .prop_map(|(actor, client, who, owner, revoked)| Step::AddMember { actor, client, who, owner, revoked }),
        1 => (actor.clone(), client.clone(), 0u8..6).prop_map(|(actor, client, who)| Step::RemoveMember { actor, client, who }),
        2 => (any::<bool>(), plan, 0u32..12).prop_map(|(admin, plan, minimum)| Step::SetMinimum { admin, plan, minimum }),
        1 => (actor.clone(), client.clone()).prop_map(|(actor, client)| Step::Unlink { actor, client }),
        1 => (actor, client).prop_map(|(actor, client)| Step::Delete { actor, client }),
        1 => (0u8..8).prop_map(|clients| Step::Scope { clients }),
        1 => prop_oneof![3 => Just(true), 1 => Just(false)].prop_map(|enabled| Step::Enable { enabled }),
    ]
}

struct World {
    f: Fixture,
    /// Admin, unscoped service user, scoped service user, stranger.
    actors: [ProviderUserId; 4],
}

impl World {
    fn new(kind: ProviderType) -> Self {
        let mut f = Fixture::billable(kind);
        let service = f.confirmed("service@x.example", ProviderUserType::ServiceUser);
        let scoped = f.confirmed("scoped@x.example", ProviderUserType::ServiceUser);
        let plans = match kind {
            ProviderType::Msp => [PlanType::TeamsMonthly, PlanType::EnterpriseMonthly],
            ProviderType::BusinessUnit => [PlanType::EnterpriseMonthly, PlanType::EnterpriseAnnually],
            ProviderType::Reseller => [PlanType::TeamsAnnually, PlanType::Custom],
        };
        let first = f.client("Contoso", plans[0], 3);
        f.client("Fabrikam", plans[1], 2);
        let owner = ClientMember::new(
            client_email(0),
            OrganizationUserType::Owner,
            OrganizationUserStatus::Confirmed,
        );
        let events = f.provider.add_client_member(f.admin, first, owner, t0());
        f.record(events);
        let events = f.provider.set_client_scope(f.admin, scoped, Some(BTreeSet::from([first])), t0());
        f.record(events);
        let actors = [f.admin, service, scoped, ProviderUserId::new(Uuid::from_u128(999))];
        Self { f, actors }
    }
}

/// The `i`th client, or an organization that is not a client.
fn client_at(p: &Provider, i: usize) -> OrganizationId {
    p.clients().get(i).map_or(OrganizationId::new(Uuid::from_u128(404)), mspkit::ClientOrganization::id)
}

fn plan(i: usize) -> PlanType {
    PlanType::all()[i % PlanType::all().len()]
}

fn client_email(who: u8) -> mspkit::Email {
    email(&format!("person{who}@client.example"))
}

/// The permission a step needs: who does what to what.
type Needs = Option<(ProviderUserId, Action, Target)>;

/// Runs one step and returns the action and target it needs (if any) with the outcome.
fn run(w: &mut World, step: &Step) -> (Needs, Result<Vec<Event>, Error>) {
    let actors = w.actors;
    let p = &mut w.f.provider;
    let now = t0();
    match *step {
        Step::Create { actor, plan: i, seats, blank_name } => {
            let actor = actors[actor];
            let new = NewClient {
                name: if blank_name { " ".to_owned() } else { format!("Client {}", p.last_sequence()) },
                owner_email: email("owner@client.example"),
                plan: plan(i),
                seats,
                first_collection: None,
            };
            (
                Some((actor, Action::CreateClient, Target::Provider)),
                p.create_client(actor, new, now).map(|c| c.events),
            )
        }
        Step::AddExisting { actor, org, plan: i, seats, owned, linked, active } => {
            let actor = actors[actor];
            let owner = if owned { ADMIN } else { "someone@else.example" };
            let members = vec![ClientMember::new(
                email(owner),
                OrganizationUserType::Owner,
                OrganizationUserStatus::Confirmed,
            )];
            let organization = ExistingOrganization {
                id: OrganizationId::new(Uuid::from_u128(5000 + u128::from(org))),
                name: format!("Existing {org}"),
                plan: plan(i),
                seats,
                billing_email: email("billing@existing.example"),
                subscription_active: active,
                linked_to_provider: linked,
                uses_secrets_manager: false,
                members,
            };
            (
                Some((actor, Action::AddExistingClient, Target::Provider)),
                p.add_existing_client(actor, organization, now),
            )
        }
        Step::SetSeats { actor, client, seats } => {
            let (actor, client) = (actors[actor], client_at(p, client));
            let purchase = p.client(client).is_some_and(|c| p.is_purchase(c.plan(), c.seats(), seats));
            let action = Action::ChangeClientSeats { purchase };
            (Some((actor, action, Target::Client(client))), p.set_client_seats(actor, client, seats, now))
        }
        Step::AddMember { actor, client, who, owner, revoked } => {
            let (actor, client) = (actors[actor], client_at(p, client));
            let role = if owner { OrganizationUserType::Owner } else { OrganizationUserType::User };
            let status =
                if revoked { OrganizationUserStatus::Revoked } else { OrganizationUserStatus::Confirmed };
            let member = ClientMember::new(client_email(who), role, status);
            (
                Some((actor, Action::AdministerClient, Target::Client(client))),
                p.add_client_member(actor, client, member, now),
            )
        }
        Step::RemoveMember { actor, client, who } => {
            let (actor, client) = (actors[actor], client_at(p, client));
            (
                Some((actor, Action::AdministerClient, Target::Client(client))),
                p.remove_client_member(actor, client, &client_email(who), now),
            )
        }
        Step::SetMinimum { admin, plan: i, minimum } => {
            let actor = admin.then_some(actors[0]);
            (
                actor.map(|a| (a, Action::ManageBilling, Target::Provider)),
                p.set_seat_minimum(actor, plan(i), minimum, now),
            )
        }
        Step::Unlink { actor, client } => {
            let (actor, client) = (actors[actor], client_at(p, client));
            let result = p.unlink_client(actor, client, now).map(|(unlinked, events)| {
                assert_eq!(unlinked.id(), client);
                assert!(unlinked.confirmed_owner_emails().contains(&unlinked.billing_email().unwrap()));
                events
            });
            (Some((actor, Action::UnlinkClient, Target::Client(client))), result)
        }
        Step::Delete { actor, client } => {
            let (actor, client) = (actors[actor], client_at(p, client));
            (Some((actor, Action::DeleteClient, Target::Client(client))), p.delete_client(actor, client, now))
        }
        Step::Scope { clients } => {
            let scope: BTreeSet<OrganizationId> =
                (0..3).filter(|i| clients & (1 << i) != 0).map(|i| client_at(p, i)).collect();
            let (admin, scoped) = (actors[0], actors[2]);
            (
                Some((admin, Action::ManageTeam, Target::Provider)),
                p.set_client_scope(admin, scoped, Some(scope), now),
            )
        }
        Step::Enable { enabled } => (None, p.set_enabled(enabled, now)),
    }
}

fn check(
    before: &Provider,
    after: &Provider,
    needs: Needs,
    result: &Result<Vec<Event>, Error>,
) -> Result<(), TestCaseError> {
    match result {
        Err(_) => prop_assert_eq!(after, before, "a refused command changed the provider"),
        Ok(events) => {
            if let Some((actor, action, target)) = needs {
                prop_assert!(
                    authorize(before, actor, action, target).is_ok(),
                    "{actor} may not {}",
                    action.name()
                );
            }
            for (i, e) in events.iter().enumerate() {
                prop_assert_eq!(e.sequence, before.last_sequence() + 1 + i as u64);
            }
            if events.is_empty() {
                prop_assert_eq!(after, before, "a command without events changed the provider");
            }
        }
    }
    for c in after.clients() {
        prop_assert!(c.seats() >= 1 && c.seats() >= c.occupied_seats(), "{c:?}");
        prop_assert!(after.kind().allows_plan(c.plan()), "{c:?}");
        if after.kind() != ProviderType::Reseller {
            prop_assert_eq!(after.client_enabled(c.id()), Some(after.enabled()));
        }
    }
    for seats in after.seat_summary() {
        let sum: u64 =
            after.clients().iter().filter(|c| c.plan() == seats.plan).map(|c| u64::from(c.seats())).sum();
        prop_assert_eq!(seats.assigned_seats, sum);
        prop_assert_eq!(seats.purchased_seats, sum.saturating_sub(u64::from(seats.seat_minimum)));
        prop_assert_eq!(seats.unassigned_seats, u64::from(seats.seat_minimum).saturating_sub(sum));
    }
    let json = serde_json::to_string(after).unwrap();
    match serde_json::from_str::<Provider>(&json) {
        Ok(back) => prop_assert_eq!(&back, after),
        Err(e) => return Err(TestCaseError::fail(format!("a reached state does not read back: {e}"))),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::support::cases(256), ..ProptestConfig::default() })]

    #[test]
    fn client_commands_keep_every_invariant(
        kind in prop_oneof![Just(ProviderType::Msp), Just(ProviderType::BusinessUnit), Just(ProviderType::Reseller)],
        steps in prop::collection::vec(step(), 1..=40),
    ) {
        let mut w = World::new(kind);
        for step in &steps {
            let before = w.f.provider.clone();
            let (needs, result) = run(&mut w, step);
            check(&before, &w.f.provider, needs, &result)?;
            if let Ok(events) = result {
                w.f.log.extend(events);
            }
        }
        // The log of every accepted command replays to the live provider, byte for byte.
        w.f.replays().map_err(TestCaseError::fail)?;
    }
}
