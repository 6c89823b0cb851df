//! The differential property test of issue 14: `apply` is the only judge of a log.
//!
//! From random states (an MSP with members in every state, clients, seat minimums and a
//! running subscription, then moved by random commands), random steps are either
//! - a **command** with random (valid or invalid) input: when it succeeds, applying the events
//!   it returned to the state before gives the same provider; when it fails, nothing changed;
//! - a **forged event** with random values (amounts, dates, flags, ids, orders): when `apply`
//!   refuses it, nothing changed; when `apply` accepts it, a command run on the same state at
//!   the event's time (the *witness*, by a confirmed provider admin or the billing system)
//!   records exactly that change first — so the log holds only what some command could have
//!   produced.
//!
//! At the end the whole log (commands' events and accepted forgeries) replays to the provider.
//! Permissions are the commands' (the actor is recorded, not judged): the witness of a member's
//! change on a disabled provider runs on the provider enabled again.
//!
//! Cases: `PROPTEST_CASES` (10 000 outside CI: `PROPTEST_CASES=10000 cargo test -p
//! mspkit-tests differential`, about 11 s in a debug build), else 256.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use mspkit::billing::{CollectionMethod, Discount, Money, OpenInvoice, SeatPrices};
use mspkit::policy::{PolicyChange, PolicyKind, PolicySettings};
use mspkit::{
    Actor, Change, ClientState, Event, OrganizationId, PlanType, Provider, ProviderType, ProviderUserId,
    ProviderUserStatus, ProviderUserType, UserId,
};
use proptest::prelude::*;
use uuid::Uuid;

use crate::support::{Fixture, cases, email, t0};

const PLANS: [PlanType; 2] = [PlanType::TeamsMonthly, PlanType::EnterpriseMonthly];
const ROLES: [ProviderUserType; 2] = [ProviderUserType::ProviderAdmin, ProviderUserType::ServiceUser];

fn address(n: u8) -> String {
    format!("p{n}@northwind.example")
}

/// A command with its (possibly invalid) input; indexes pick members and clients of the state
/// (modulo their number), so most commands name something that exists.
#[derive(Debug, Clone)]
enum Command {
    SetSeats { client: usize, seats: u32, admin: bool },
    SetMinimum { plan: usize, minimum: u32 },
    IssueInvoice { cents: i64 },
    Pay,
    MarkUnpaid,
    Cancel,
    SetEnabled(bool),
    Invite { emails: Vec<u8>, role: usize },
    Accept { member: usize },
    Confirm { member: usize },
    Reinvite { member: usize },
    Revoke { member: usize },
    Restore { member: usize },
    Remove { members: Vec<usize> },
    Leave { member: usize },
    ChangeRole { member: usize, role: usize },
    SetScope { member: usize, scope: Option<Vec<usize>> },
    SetReference { client: usize, reference: Option<&'static str> },
    DeleteClient { client: usize },
    Delete,
    Policy { client: usize, kind: usize, enable: bool },
    State { client: usize, state: usize, until: i64 },
    Tags { client: usize, tags: Vec<usize> },
    References { pairs: Vec<(usize, &'static str)> },
}

/// A forged change; `day`/`hours` offsets move dates around the event's own.
#[derive(Debug, Clone)]
enum Forgery {
    Paid { amount: Option<i64>, reenables: bool, day: i64 },
    Unpaid { day: i64, cancel_after: i64 },
    Invoiced { day: i64, due_after: i64, cents: i64 },
    Cancelled { day: i64 },
    Seats { client: usize, from: Option<u32>, to: u32 },
    Minimum { plan: usize, from: Option<u32>, to: u32 },
    Enabled(bool),
    Role { member: usize, from: Option<usize>, to: usize },
    Revoked { member: usize },
    Restored { member: usize },
    Removed { member: usize },
    Confirmed { member: usize },
    Invited { fresh: bool, email: u8, role: usize, hours: i64 },
    Scope { member: usize, scope: Option<Vec<usize>> },
    Reference { client: usize, reference: Option<&'static str> },
    Deleted,
    ClientDeleted { client: usize },
    Policy { client: usize, kind: usize, enable: bool },
    State { client: usize, from: Option<usize>, state: usize, until: i64 },
    ClientMember { client: usize, member: u8 },
    Tags { client: usize, from: Option<Vec<usize>>, to: Vec<usize> },
    Review { reviewer: usize, clients: Option<Vec<usize>>, due: i64, hash: u8, by_reviewer: bool },
}

/// Tags by index (issue 17); index 17 onwards are all distinct, so a long list is over the limit.
fn tag_set(indexes: &[usize]) -> BTreeSet<mspkit::client::ClientTag> {
    indexes.iter().map(|i| mspkit::client::ClientTag::new(&format!("t{}", i % 20)).unwrap()).collect()
}

/// A lifecycle state (issue 17) by index; a trial ends `until` days after `today` (negative:
/// before it; past 90: too late).
fn client_state(i: usize, today: chrono::NaiveDate, until: i64) -> ClientState {
    match i % 5 {
        0 => ClientState::Active,
        1 => ClientState::Trial { until: today + Duration::days(until) },
        2 => ClientState::NotForResale,
        3 => ClientState::Paused,
        _ => ClientState::Suspended,
    }
}

/// Policies of every shape: one with no requirement, one that requires another, one on
/// Enterprise only, one whose required settings `PolicySettings::new` leaves unset.
const POLICIES: [PolicyKind; 4] = [
    PolicyKind::SingleOrg,
    PolicyKind::RequireSso,
    PolicyKind::DisablePersonalVaultExport,
    PolicyKind::MasterPassword,
];

fn policy_change(kind: usize, enable: bool) -> PolicyChange {
    let kind = POLICIES[kind];
    if enable {
        PolicyChange::Enabled { settings: PolicySettings::new(kind) }
    } else {
        PolicyChange::Disabled { kind }
    }
}

#[derive(Debug, Clone)]
enum Step {
    Command { days: i64, command: Command },
    Forge { days: i64, forgery: Forgery },
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        4 => (0usize..4, 0u32..14, any::<bool>()).prop_map(|(client, seats, admin)| Command::SetSeats { client, seats, admin }),
        2 => (0usize..2, 0u32..20).prop_map(|(plan, minimum)| Command::SetMinimum { plan, minimum }),
        2 => (-100i64..300_000).prop_map(|cents| Command::IssueInvoice { cents }),
        2 => Just(Command::Pay),
        2 => Just(Command::MarkUnpaid),
        1 => Just(Command::Cancel),
        1 => any::<bool>().prop_map(Command::SetEnabled),
        2 => (prop::collection::vec(0u8..8, 1..4), 0usize..2).prop_map(|(emails, role)| Command::Invite { emails, role }),
        2 => (0usize..8).prop_map(|member| Command::Accept { member }),
        2 => (0usize..8).prop_map(|member| Command::Confirm { member }),
        1 => (0usize..8).prop_map(|member| Command::Reinvite { member }),
        1 => (0usize..8).prop_map(|member| Command::Revoke { member }),
        1 => (0usize..8).prop_map(|member| Command::Restore { member }),
        1 => prop::collection::vec(0usize..8, 1..3).prop_map(|members| Command::Remove { members }),
        1 => (0usize..8).prop_map(|member| Command::Leave { member }),
        1 => (0usize..8, 0usize..2).prop_map(|(member, role)| Command::ChangeRole { member, role }),
        1 => (0usize..8, prop::option::of(prop::collection::vec(0usize..4, 0..3))).prop_map(|(member, scope)| Command::SetScope { member, scope }),
        1 => (0usize..4, prop::option::of(prop::sample::select(vec!["CW-1", " CW-2 ", "", "x\u{7}"]))).prop_map(|(client, reference)| Command::SetReference { client, reference }),
        1 => (0usize..4).prop_map(|client| Command::DeleteClient { client }),
        1 => Just(Command::Delete),
        3 => (0usize..4, 0usize..4, any::<bool>()).prop_map(|(client, kind, enable)| Command::Policy { client, kind, enable }),
        3 => (0usize..4, 0usize..5, prop::sample::select(vec![-1i64, 0, 14, 90, 91])).prop_map(|(client, state, until)| Command::State { client, state, until }),
        2 => (0usize..4, prop::collection::vec(0usize..20, 0..18)).prop_map(|(client, tags)| Command::Tags { client, tags }),
        1 => prop::collection::vec((0usize..4, prop::sample::select(vec!["CW-1", "CW-2", "x\u{7}"])), 0..3).prop_map(|pairs| Command::References { pairs }),
    ]
}

fn forgery() -> impl Strategy<Value = Forgery> {
    prop_oneof![
        3 => (prop::option::of(prop::sample::select(vec![-500i64, 0, 1, 154_800, 154_801])), any::<bool>(), -1i64..2)
            .prop_map(|(amount, reenables, day)| Forgery::Paid { amount, reenables, day }),
        3 => (prop::sample::select(vec![-46_000i64, -40, -1, 0]), prop::sample::select(vec![0i64, 6, 7, 8]))
            .prop_map(|(day, cancel_after)| Forgery::Unpaid { day, cancel_after }),
        2 => (-1i64..2, prop::sample::select(vec![-1i64, 0, 30, 31]), -100i64..300_000)
            .prop_map(|(day, due_after, cents)| Forgery::Invoiced { day, due_after, cents }),
        1 => (-1i64..2).prop_map(|day| Forgery::Cancelled { day }),
        3 => (0usize..5, prop::option::of(0u32..14), 0u32..14).prop_map(|(client, from, to)| Forgery::Seats { client, from, to }),
        2 => (0usize..3, prop::option::of(0u32..20), 0u32..20).prop_map(|(plan, from, to)| Forgery::Minimum { plan, from, to }),
        1 => any::<bool>().prop_map(Forgery::Enabled),
        1 => (0usize..9, prop::option::of(0usize..2), 0usize..2).prop_map(|(member, from, to)| Forgery::Role { member, from, to }),
        1 => (0usize..9).prop_map(|member| Forgery::Revoked { member }),
        1 => (0usize..9).prop_map(|member| Forgery::Restored { member }),
        1 => (0usize..9).prop_map(|member| Forgery::Removed { member }),
        1 => (0usize..9).prop_map(|member| Forgery::Confirmed { member }),
        2 => (any::<bool>(), 0u8..9, 0usize..2, prop::sample::select(vec![0i64, 119, 120, 121]))
            .prop_map(|(fresh, email, role, hours)| Forgery::Invited { fresh, email, role, hours }),
        1 => (0usize..9, prop::option::of(prop::collection::vec(0usize..5, 0..3))).prop_map(|(member, scope)| Forgery::Scope { member, scope }),
        1 => (0usize..5, prop::option::of(prop::sample::select(vec!["CW-1", " CW-2 ", ""]))).prop_map(|(client, reference)| Forgery::Reference { client, reference }),
        1 => Just(Forgery::Deleted),
        1 => (0usize..5).prop_map(|client| Forgery::ClientDeleted { client }),
        3 => (0usize..5, 0usize..4, any::<bool>()).prop_map(|(client, kind, enable)| Forgery::Policy { client, kind, enable }),
        3 => (0usize..5, prop::option::of(0usize..5), 0usize..5, prop::sample::select(vec![-1i64, 0, 14, 90, 91]))
            .prop_map(|(client, from, state, until)| Forgery::State { client, from, state, until }),
        1 => (0usize..5, 0u8..3).prop_map(|(client, member)| Forgery::ClientMember { client, member }),
        2 => (0usize..5, prop::option::of(prop::collection::vec(0usize..4, 0..3)), prop::collection::vec(0usize..20, 0..18))
            .prop_map(|(client, from, to)| Forgery::Tags { client, from, to }),
        2 => (0usize..9, prop::option::of(prop::collection::vec(0usize..5, 0..3)), prop::sample::select(vec![-1i64, 0, 1, 90, 366, 367]), any::<u8>(), prop::bool::weighted(0.9))
            .prop_map(|(reviewer, clients, due, hash, by_reviewer)| Forgery::Review { reviewer, clients, due, hash, by_reviewer }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (0i64..6, command()).prop_map(|(days, command)| Step::Command { days, command }),
        1 => (0i64..6, forgery()).prop_map(|(days, forgery)| Step::Forge { days, forgery }),
    ]
}

fn pick<T: Copy>(items: &[T], i: usize) -> Option<T> {
    if items.is_empty() { None } else { items.get(i % items.len()).copied() }
}

fn members(p: &Provider) -> Vec<ProviderUserId> {
    p.members().iter().map(mspkit::ProviderUser::id).collect()
}

fn clients(p: &Provider) -> Vec<OrganizationId> {
    p.clients().iter().map(mspkit::ClientOrganization::id).collect()
}

/// A confirmed provider admin (there is always one on a set-up provider).
fn admin(p: &Provider) -> ProviderUserId {
    p.members()
        .iter()
        .find(|m| m.is_confirmed_admin())
        .map_or(ProviderUserId::new(Uuid::from_u128(404)), mspkit::ProviderUser::id)
}

fn service_user(p: &Provider) -> ProviderUserId {
    p.members()
        .iter()
        .find(|m| m.role() == ProviderUserType::ServiceUser && m.status() == ProviderUserStatus::Confirmed)
        .map_or_else(|| admin(p), mspkit::ProviderUser::id)
}

fn scope_of(p: &Provider, scope: Option<&Vec<usize>>) -> Option<BTreeSet<OrganizationId>> {
    let ids = clients(p);
    scope.map(|s| s.iter().filter_map(|i| pick(&ids, *i)).collect())
}

fn run_command(p: &mut Provider, command: &Command, now: DateTime<Utc>) -> Result<Vec<Event>, mspkit::Error> {
    let a = admin(p);
    let ms = members(p);
    let cs = clients(p);
    let stranger = ProviderUserId::new(Uuid::from_u128(999));
    let nowhere = OrganizationId::new(Uuid::from_u128(998));
    let member = |i: &usize| pick(&ms, *i).unwrap_or(stranger);
    let client = |i: &usize| pick(&cs, *i).unwrap_or(nowhere);
    match command {
        Command::SetSeats { client: c, seats, admin: by_admin } => {
            let actor = if *by_admin { a } else { service_user(p) };
            p.set_client_seats(actor, client(c), *seats, now)
        }
        Command::SetMinimum { plan, minimum } => p.set_seat_minimum(Some(a), PLANS[*plan], *minimum, now),
        Command::IssueInvoice { cents } => p.issue_invoice(Money::from_cents(*cents), now),
        Command::Pay => p.pay_invoice(now),
        Command::MarkUnpaid => p.mark_unpaid(now),
        Command::Cancel => p.cancel_subscription(now),
        Command::SetEnabled(enabled) => p.set_enabled(*enabled, now),
        Command::Invite { emails, role } => {
            let addresses: Vec<String> = emails.iter().map(|n| address(*n)).collect();
            let refs: Vec<&str> = addresses.iter().map(String::as_str).collect();
            p.invite(a, &refs, ROLES[*role], now)
        }
        Command::Accept { member: m } => {
            let id = member(m);
            let address = p.member(id).map_or_else(|| email("nobody@x.example"), |m| m.email().clone());
            let user = UserId::new(Uuid::from_u128(5000 + (*m as u128)));
            p.accept(id, user, &address, Some(" ab-cd "), now)
        }
        Command::Confirm { member: m } => p.confirm(a, member(m), None, now),
        Command::Reinvite { member: m } => p.reinvite(a, member(m), now),
        Command::Revoke { member: m } => p.revoke(a, member(m), now),
        Command::Restore { member: m } => p.restore(a, member(m), now),
        Command::Remove { members: list } => {
            let ids: Vec<ProviderUserId> = list.iter().map(member).collect();
            p.remove(a, &ids, now)
        }
        Command::Leave { member: m } => p.leave(member(m), now),
        Command::ChangeRole { member: m, role } => p.change_role(a, member(m), ROLES[*role], now),
        Command::SetScope { member: m, scope } => {
            let scope = scope_of(p, scope.as_ref());
            p.set_client_scope(a, member(m), scope, now)
        }
        Command::SetReference { client: c, reference } => {
            p.set_client_reference(a, client(c), *reference, now)
        }
        Command::DeleteClient { client: c } => p.delete_client(a, client(c), now),
        Command::Delete => p.delete(Some(a), now),
        Command::Policy { client: c, kind, enable } => {
            if *enable {
                p.enable_client_policy(a, client(c), PolicySettings::new(POLICIES[*kind]), now)
            } else {
                p.disable_client_policy(a, client(c), POLICIES[*kind], now)
            }
        }
        Command::State { client: c, state, until } => {
            p.set_client_state(a, client(c), client_state(*state, now.date_naive(), *until), now)
        }
        Command::Tags { client: c, tags } => p.set_client_tags(a, client(c), tag_set(tags), now),
        Command::References { pairs } => {
            let pairs: Vec<(OrganizationId, String)> =
                pairs.iter().map(|(c, r)| (client(c), (*r).to_owned())).collect();
            p.set_client_references(a, &pairs, now)
        }
    }
}

/// The forged change, built from the state and the random values.
#[expect(clippy::too_many_lines, reason = "one arm per forgery kind")]
fn forge(p: &Provider, forgery: &Forgery, now: DateTime<Utc>) -> Change {
    let today = now.date_naive();
    let ms = members(p);
    let cs = clients(p);
    let stranger = ProviderUserId::new(Uuid::from_u128(999));
    let nowhere = OrganizationId::new(Uuid::from_u128(998));
    // Index = len picks an id nobody has.
    let member = |i: &usize| if *i >= ms.len() { stranger } else { pick(&ms, *i).unwrap_or(stranger) };
    let client = |i: &usize| if *i >= cs.len() { nowhere } else { pick(&cs, *i).unwrap_or(nowhere) };
    let open = p.subscription().and_then(|s| match s.lifecycle() {
        mspkit::billing::Lifecycle::Invoiced { invoice }
        | mspkit::billing::Lifecycle::Unpaid { invoice, .. } => Some(*invoice),
        _ => None,
    });
    let due = open.map_or(today, |i| i.due_on);
    match forgery {
        Forgery::Paid { amount, reenables, day } => Change::SubscriptionPaid {
            on: today + Duration::days(*day),
            amount: amount.map_or_else(|| open.map_or(Money::ZERO, |i| i.amount), Money::from_cents),
            reenables_provider: *reenables,
        },
        Forgery::Unpaid { day, cancel_after } => {
            // Around the due date, or far before it (1900).
            let on = if *day == 0 { today } else { due + Duration::days(*day) };
            Change::SubscriptionUnpaid { on, cancels_on: on + Duration::days(*cancel_after) }
        }
        Forgery::Invoiced { day, due_after, cents } => {
            let issued_on = today + Duration::days(*day);
            Change::SubscriptionInvoiced {
                invoice: OpenInvoice {
                    issued_on,
                    due_on: issued_on + Duration::days(*due_after),
                    amount: Money::from_cents(*cents),
                },
            }
        }
        Forgery::Cancelled { day } => Change::SubscriptionCancelled { on: today + Duration::days(*day) },
        Forgery::Seats { client: c, from, to } => {
            let id = client(c);
            let current = p.client(id).map_or(1, mspkit::ClientOrganization::seats);
            Change::ClientSeatsChanged { client: id, from: from.unwrap_or(current), to: *to, purchase: None }
        }
        Forgery::Minimum { plan, from, to } => {
            let plan = if *plan >= 2 { PlanType::Free } else { PLANS[*plan] };
            Change::SeatMinimumChanged { plan, from: from.unwrap_or(p.seat_minimum(plan)), to: *to }
        }
        Forgery::Enabled(true) => Change::ProviderEnabled,
        Forgery::Enabled(false) => Change::ProviderDisabled,
        Forgery::Role { member: m, from, to } => {
            let id = member(m);
            let current = p.member(id).map_or(ProviderUserType::ServiceUser, mspkit::ProviderUser::role);
            Change::MemberRoleChanged { member: id, from: from.map_or(current, |r| ROLES[r]), to: ROLES[*to] }
        }
        Forgery::Revoked { member: m } => Change::MemberRevoked { member: member(m) },
        Forgery::Restored { member: m } => Change::MemberRestored { member: member(m) },
        Forgery::Removed { member: m } => Change::MemberRemoved { member: member(m) },
        Forgery::Confirmed { member: m } => Change::MemberConfirmed { member: member(m) },
        Forgery::Invited { fresh, email: n, role, hours } => {
            // The id the command would derive, or another.
            let id = if *fresh {
                let mut probe = p.clone();
                probe.invite(admin(p), &[&address(100)], ROLES[*role], now).ok().and_then(|e| {
                    match &e[0].change {
                        Change::MemberInvited { member, .. } => Some(*member),
                        _ => None,
                    }
                })
            } else {
                None
            };
            Change::MemberInvited {
                member: id.unwrap_or(ProviderUserId::new(Uuid::from_u128(7000 + u128::from(*n)))),
                email: email(&address(*n)),
                role: ROLES[*role],
                expires_at: now + Duration::hours(*hours),
            }
        }
        Forgery::Scope { member: m, scope } => {
            let scope = scope.as_ref().map(|s| s.iter().map(client).collect());
            Change::MemberScopeChanged { member: member(m), scope }
        }
        Forgery::Reference { client: c, reference } => {
            Change::ClientReferenceSet { client: client(c), reference: reference.map(str::to_owned) }
        }
        Forgery::Deleted => Change::ProviderDeleted,
        Forgery::ClientDeleted { client: c } => Change::ClientDeleted { client: client(c) },
        Forgery::Policy { client: c, kind, enable } => {
            Change::ClientPolicyChanged { client: client(c), change: policy_change(*kind, *enable) }
        }
        Forgery::State { client: c, from, state, until } => {
            forge_state(p, client(c), *from, *state, *until, today)
        }
        Forgery::Tags { client: c, from, to } => {
            let id = client(c);
            let current = p.client(id).map(|c| c.tags().clone()).unwrap_or_default();
            Change::ClientTagsChanged {
                client: id,
                from: from.as_ref().map_or(current, |f| tag_set(f)),
                to: tag_set(to),
            }
        }
        Forgery::Review { reviewer, clients, due, hash, .. } => Change::AccessReviewSigned {
            reviewer: member(reviewer),
            clients: clients.as_ref().map(|list| list.iter().map(client).collect()),
            findings: mspkit::provider::head::FindingsHash::from_bytes([*hash; 32]),
            next_due: today + Duration::days(*due),
        },
        Forgery::ClientMember { client: c, member } => Change::ClientMemberAdded {
            client: client(c),
            member: mspkit::ClientMember::new(
                email(&format!("m{member}@client.example")),
                mspkit::OrganizationUserType::User,
                mspkit::OrganizationUserStatus::Invited,
            ),
        },
    }
}

/// A forged lifecycle change of `client`: its recorded `from` is its state or another, its `to`
/// any state (a trial ending `until` days after `today`).
fn forge_state(
    p: &Provider,
    client: OrganizationId,
    from: Option<usize>,
    state: usize,
    until: i64,
    today: chrono::NaiveDate,
) -> Change {
    let current = p.client(client).map_or(ClientState::Active, mspkit::ClientOrganization::state);
    Change::ClientStateChanged {
        client,
        from: from.map_or(current, |i| client_state(i, today, until)),
        to: client_state(state, today, until),
    }
}

/// Whether a change is one a member makes (its witness needs an enabled provider).
fn by_member(change: &Change) -> bool {
    !matches!(
        change,
        Change::SubscriptionPaid { .. }
            | Change::SubscriptionUnpaid { .. }
            | Change::SubscriptionInvoiced { .. }
            | Change::SubscriptionCancelled { .. }
            | Change::SeatMinimumChanged { .. }
            | Change::ProviderEnabled
            | Change::ProviderDisabled
    )
}

/// The command that would record `change` on `p` at `now`, run on a copy: the copy after it,
/// its events, and whether the provider had to be enabled first (a member's change on a
/// disabled provider).
fn witness(
    p: &Provider,
    change: &Change,
    now: DateTime<Utc>,
) -> (Provider, Result<Vec<Event>, mspkit::Error>, bool) {
    let mut w = p.clone();
    let enabled_first = by_member(change) && !w.enabled();
    if enabled_first {
        w.set_enabled(true, now).unwrap();
    }
    let a = admin(&w);
    let result = match change {
        Change::SubscriptionPaid { .. } => w.pay_invoice(now),
        Change::SubscriptionUnpaid { .. } => w.mark_unpaid(now),
        Change::SubscriptionInvoiced { invoice } => w.issue_invoice(invoice.amount, now),
        Change::SubscriptionCancelled { .. } => w.cancel_subscription(now),
        Change::ClientSeatsChanged { client, to, .. } => w.set_client_seats(a, *client, *to, now),
        Change::SeatMinimumChanged { plan, to, .. } => w.set_seat_minimum(None, *plan, *to, now),
        Change::ProviderEnabled => w.set_enabled(true, now),
        Change::ProviderDisabled => w.set_enabled(false, now),
        Change::MemberRoleChanged { member, to, .. } => w.change_role(a, *member, *to, now),
        Change::MemberRevoked { member } => w.revoke(a, *member, now),
        Change::MemberRestored { member } => w.restore(a, *member, now),
        // No one removes themselves (issue 15): another confirmed admin does, if there is one.
        Change::MemberRemoved { member } => {
            let other = w.members().iter().find(|m| m.is_confirmed_admin() && m.id() != *member);
            w.remove(other.map_or(a, mspkit::ProviderUser::id), &[*member], now)
        }
        Change::MemberConfirmed { member } => w.confirm(a, *member, None, now),
        Change::MemberInvited { email, role, .. } => w.invite(a, &[email.as_str()], *role, now),
        Change::MemberScopeChanged { member, scope } => w.set_client_scope(a, *member, scope.clone(), now),
        Change::ClientReferenceSet { client, reference } => {
            w.set_client_reference(a, *client, reference.as_deref(), now)
        }
        Change::ProviderDeleted => w.delete(Some(a), now),
        Change::ClientDeleted { client } => w.delete_client(a, *client, now),
        Change::ClientPolicyChanged { client, change: PolicyChange::Enabled { settings } } => {
            w.enable_client_policy(a, *client, settings.clone(), now)
        }
        Change::ClientPolicyChanged { client, change: PolicyChange::Disabled { kind } } => {
            w.disable_client_policy(a, *client, *kind, now)
        }
        Change::ClientStateChanged { client, to, .. } => w.set_client_state(a, *client, *to, now),
        Change::ClientMemberAdded { client, member } => w.add_client_member(a, *client, member.clone(), now),
        Change::ClientTagsChanged { client, to, .. } => {
            w.set_client_tags(a, *client, to.iter().cloned(), now)
        }
        Change::AccessReviewSigned { reviewer, clients, findings, next_due } => {
            w.sign_access_review(*reviewer, clients.as_deref(), *findings, *next_due, now)
        }
        other => panic!("no witness for {other:?}"),
    };
    (w, result, enabled_first)
}

fn start() -> (Provider, Vec<Event>) {
    let mut f = Fixture::billable(ProviderType::Msp);
    f.confirmed("service@northwind.example", ProviderUserType::ServiceUser);
    f.confirmed("second@northwind.example", ProviderUserType::ProviderAdmin);
    f.member("accepted@northwind.example", ProviderUserType::ServiceUser, ProviderUserStatus::Accepted);
    f.member("invited@northwind.example", ProviderUserType::ServiceUser, ProviderUserStatus::Invited);
    for (i, (name, plan)) in
        ["A", "B", "C", "D"].into_iter().zip([PLANS[0], PLANS[0], PLANS[1], PLANS[1]]).enumerate()
    {
        f.client(name, plan, 2 + u32::try_from(i).unwrap());
    }
    let minimum = f.provider.set_seat_minimum(None, PLANS[0], 6, t0());
    f.record(minimum);
    let started = f.provider.start_subscription(
        t0().date_naive(),
        SeatPrices::reference(),
        Discount::NONE,
        CollectionMethod::SendInvoice,
        t0(),
    );
    f.record(started);
    (f.provider, f.log)
}

fn run(steps: &[Step]) {
    let (mut p, mut log) = start();
    // Past the trial, so invoices may be issued.
    let mut now = t0() + Duration::days(15);
    for step in steps {
        match step {
            Step::Command { days, command } => {
                now += Duration::days(*days);
                let before = p.clone();
                match run_command(&mut p, command, now) {
                    Ok(events) => {
                        let mut again = before;
                        for e in &events {
                            again
                                .apply(e)
                                .unwrap_or_else(|e| panic!("{command:?}: its own event is refused: {e}"));
                        }
                        assert_eq!(again, p, "{command:?}: applying its events gives another provider");
                        log.extend(events);
                    }
                    Err(_) => assert_eq!(p, before, "{command:?}: a refused command changed something"),
                }
            }
            Step::Forge { days, forgery } => {
                now += Duration::days(*days);
                let change = forge(&p, forgery, now);
                // A sign-off is recorded by its reviewer (mostly: else by the system, refused).
                let actor = match (&change, forgery) {
                    (
                        Change::AccessReviewSigned { reviewer, .. },
                        Forgery::Review { by_reviewer: true, .. },
                    ) => Actor::Member(*reviewer),
                    _ => Actor::System,
                };
                let event = Event {
                    provider: p.id(),
                    sequence: p.last_sequence() + 1,
                    at: now,
                    actor,
                    change: change.clone(),
                };
                let before = p.clone();
                if p.apply(&event).is_err() {
                    assert_eq!(p, before, "a refused {change:?} changed something");
                } else {
                    let (w, produced, enabled_first) = witness(&before, &change, now);
                    let produced = produced.unwrap_or_else(|e| {
                        panic!("apply accepted {change:?}, which no command records here ({e})")
                    });
                    let first = produced.first().map(|e| &e.change);
                    assert_eq!(first, Some(&change), "apply accepted a change the command records otherwise");
                    if enabled_first {
                        // A member's change records one event: the forged one.
                        assert_eq!(produced.len(), 1);
                        log.push(event);
                    } else {
                        log.extend(produced);
                        p = w;
                    }
                }
            }
        }
    }
    let replayed = Provider::replay(&log).unwrap();
    assert_eq!(replayed, p, "the log replays to the provider");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn apply_accepts_exactly_what_commands_record(steps in prop::collection::vec(step(), 1..30)) {
        run(&steps);
    }
}

#[test]
fn the_witness_covers_every_forged_kind() {
    // Each forgery, on the starting state, is either refused or has a witness (no panic).
    let (p, _) = start();
    let now = t0() + Duration::days(15);
    for forgery in
        [Forgery::Deleted, Forgery::Enabled(false), Forgery::Minimum { plan: 0, from: None, to: 9 }]
    {
        let change = forge(&p, &forgery, now);
        let mut q = p.clone();
        let event = Event {
            provider: q.id(),
            sequence: q.last_sequence() + 1,
            at: now,
            actor: Actor::System,
            change,
        };
        if q.apply(&event).is_ok() {
            let (_, produced, _) = witness(&p, &event.change, now);
            assert_eq!(produced.unwrap()[0].change, event.change);
        }
    }
}
