//! A state machine over the team commands: random sequences of invite, reinvite, accept,
//! confirm, revoke, restore, change role, remove and leave, from random actors (members in
//! every state, and strangers), checked step by step against a small reference model.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mspkit::{
    Action, Email, Provider, ProviderId, ProviderSettings, ProviderType, ProviderUserId, ProviderUserStatus,
    ProviderUserType, Target, UserId, authorize,
};
use proptest::prelude::*;
use uuid::Uuid;

const POOL: [&str; 6] = [
    "ada@northwind.example",
    "grace@northwind.example",
    "alan@northwind.example",
    "kate@northwind.example",
    "linus@northwind.example",
    "edsger@northwind.example",
];

#[derive(Debug, Clone)]
enum Command {
    Invite { actor: usize, emails: Vec<(usize, bool)>, admin: bool },
    Reinvite { actor: usize, member: usize },
    Accept { member: usize, right_email: bool },
    Confirm { actor: usize, member: usize },
    Revoke { actor: usize, member: usize },
    Restore { actor: usize, member: usize },
    ChangeRole { actor: usize, member: usize, admin: bool },
    Remove { actor: usize, members: Vec<usize> },
    Leave { member: usize },
}

/// Mostly the founding admin (index 0) and the first few members; sometimes a stranger.
fn who() -> impl Strategy<Value = usize> + Clone {
    prop_oneof![4 => Just(0usize), 4 => 0..4usize, 1 => 0..8usize]
}

fn command() -> impl Strategy<Value = Command> {
    let who = who();
    prop_oneof![
        3 => (who.clone(), prop::collection::vec((0..6usize, any::<bool>()), 0..3), any::<bool>())
            .prop_map(|(actor, emails, admin)| Command::Invite { actor, emails, admin }),
        1 => (who.clone(), who.clone()).prop_map(|(actor, member)| Command::Reinvite { actor, member }),
        3 => (who.clone(), prop::bool::weighted(0.85))
            .prop_map(|(member, right_email)| Command::Accept { member, right_email }),
        3 => (who.clone(), who.clone()).prop_map(|(actor, member)| Command::Confirm { actor, member }),
        2 => (who.clone(), who.clone()).prop_map(|(actor, member)| Command::Revoke { actor, member }),
        2 => (who.clone(), who.clone()).prop_map(|(actor, member)| Command::Restore { actor, member }),
        2 => (who.clone(), who.clone(), any::<bool>())
            .prop_map(|(actor, member, admin)| Command::ChangeRole { actor, member, admin }),
        2 => (who.clone(), prop::collection::vec(who.clone(), 0..3))
            .prop_map(|(actor, members)| Command::Remove { actor, members }),
        1 => who.prop_map(|member| Command::Leave { member }),
    ]
}

/// What the model knows of one member.
#[derive(Debug, Clone, PartialEq)]
struct Member {
    email: String,
    admin: bool,
    status: ProviderUserStatus,
    before_revoke: Option<ProviderUserStatus>,
    expires: Option<DateTime<Utc>>,
}

#[derive(Debug, Default)]
struct Model {
    members: BTreeMap<ProviderUserId, Member>,
}

impl Model {
    fn permitted(&self, actor: ProviderUserId) -> bool {
        self.members.get(&actor).is_some_and(|m| m.admin && m.status == ProviderUserStatus::Confirmed)
    }

    fn confirmed_admins_except(&self, gone: &[ProviderUserId]) -> usize {
        self.members
            .iter()
            .filter(|(id, m)| m.admin && m.status == ProviderUserStatus::Confirmed && !gone.contains(id))
            .count()
    }

    fn is_confirmed_admin(&self, id: ProviderUserId) -> bool {
        self.members.get(&id).is_some_and(|m| m.admin && m.status == ProviderUserStatus::Confirmed)
    }

    /// Would losing `gone` leave no confirmed admin?
    fn loses_last_admin(&self, gone: &[ProviderUserId]) -> bool {
        gone.iter().any(|id| self.is_confirmed_admin(*id)) && self.confirmed_admins_except(gone) == 0
    }
}

/// Like [`pick`], but `index` counts only the members in `status` when there are any, so the
/// commands that need a member in one state find one often enough to succeed.
fn pick_in(provider: &Provider, index: usize, status: ProviderUserStatus) -> ProviderUserId {
    let matching: Vec<ProviderUserId> =
        provider.members().iter().filter(|m| m.status() == status).map(mspkit::ProviderUser::id).collect();
    if matching.is_empty() || index >= 6 { pick(provider, index) } else { matching[index % matching.len()] }
}

/// The member at `index` of the current team, or a stranger's id past its end.
fn pick(provider: &Provider, index: usize) -> ProviderUserId {
    provider.members().get(index).map_or_else(
        || ProviderUserId::new(Uuid::from_u128(0xdead_0000 + index as u128)),
        mspkit::ProviderUser::id,
    )
}

fn role(admin: bool) -> ProviderUserType {
    if admin { ProviderUserType::ProviderAdmin } else { ProviderUserType::ServiceUser }
}

fn spelled(email: &str, upper: bool) -> String {
    if upper { format!("  {}", email.to_uppercase()) } else { email.to_owned() }
}

fn start() -> (Provider, Model, DateTime<Utc>) {
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let id = ProviderId::new(Uuid::from_u128(7));
    let (mut provider, _) =
        Provider::issue(id, ProviderType::Msp, ProviderSettings::new("Prop MSP").unwrap(), now);
    provider.set_up(UserId::new(Uuid::from_u128(1)), &Email::new(POOL[0]).unwrap(), now).unwrap();
    let mut model = Model::default();
    model.members.insert(
        provider.members()[0].id(),
        Member {
            email: POOL[0].to_owned(),
            admin: true,
            status: ProviderUserStatus::Confirmed,
            before_revoke: None,
            expires: None,
        },
    );
    (provider, model, now)
}

/// Runs one command on the provider and on the model; returns (succeeded, model says it must).
#[allow(clippy::too_many_lines)]
fn step(
    provider: &mut Provider,
    model: &mut Model,
    now: DateTime<Utc>,
    cmd: &Command,
) -> Result<(), TestCaseError> {
    let before = provider.clone();
    let admin_action = |actor| authorize(&before, actor, Action::ManageTeam, Target::Provider).is_ok();
    let (result, expected, acting_admin) = match cmd {
        Command::Invite { actor, emails, admin } => {
            let actor = pick(provider, *actor);
            let texts: Vec<String> = emails.iter().map(|(i, up)| spelled(POOL[*i], *up)).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let normal: Vec<&str> = emails.iter().map(|(i, _)| POOL[*i]).collect();
            let mut unique = normal.clone();
            unique.sort_unstable();
            unique.dedup();
            let expected = model.permitted(actor)
                && !normal.is_empty()
                && unique.len() == normal.len()
                && !normal.iter().any(|e| model.members.values().any(|m| m.email == *e));
            let result = provider.invite(actor, &refs, role(*admin), now);
            if result.is_ok() {
                for e in &normal {
                    let id = provider.member_by_email(&Email::new(e).unwrap()).unwrap().id();
                    model.members.insert(
                        id,
                        Member {
                            email: (*e).to_owned(),
                            admin: *admin,
                            status: ProviderUserStatus::Invited,
                            before_revoke: None,
                            expires: Some(now + Duration::hours(120)),
                        },
                    );
                }
            }
            (result.map(|e| e.len()), expected, Some(actor))
        }
        Command::Reinvite { actor, member } => {
            let (actor, member) =
                (pick(provider, *actor), pick_in(provider, *member, ProviderUserStatus::Invited));
            let expected = model.permitted(actor)
                && model.members.get(&member).is_some_and(|m| m.status == ProviderUserStatus::Invited);
            let result = provider.reinvite(actor, member, now);
            if result.is_ok()
                && let Some(m) = model.members.get_mut(&member)
            {
                m.expires = Some(now + Duration::hours(120));
            }
            (result.map(|e| e.len()), expected, Some(actor))
        }
        Command::Accept { member, right_email } => {
            let member = pick_in(provider, *member, ProviderUserStatus::Invited);
            let email = model.members.get(&member).map_or(POOL[5], |m| m.email.as_str()).to_owned();
            let given = if *right_email { email.to_uppercase() } else { "intruder@evil.example".to_owned() };
            let expected = *right_email
                && model.members.get(&member).is_some_and(|m| {
                    m.status == ProviderUserStatus::Invited && m.expires.is_some_and(|x| now < x)
                });
            let result = provider.accept(
                member,
                UserId::new(Uuid::from_u128(99)),
                &Email::new(&given).unwrap(),
                None,
                now,
            );
            if result.is_ok()
                && let Some(m) = model.members.get_mut(&member)
            {
                m.status = ProviderUserStatus::Accepted;
                m.expires = None;
            }
            (result.map(|e| e.len()), expected, None)
        }
        Command::Confirm { actor, member } => {
            let (actor, member) =
                (pick(provider, *actor), pick_in(provider, *member, ProviderUserStatus::Accepted));
            let expected = model.permitted(actor)
                && model.members.get(&member).is_some_and(|m| m.status == ProviderUserStatus::Accepted);
            let result = provider.confirm(actor, member, None, now);
            if result.is_ok()
                && let Some(m) = model.members.get_mut(&member)
            {
                m.status = ProviderUserStatus::Confirmed;
            }
            (result.map(|e| e.len()), expected, Some(actor))
        }
        Command::Revoke { actor, member } => {
            let (actor, member) = (pick(provider, *actor), pick(provider, *member));
            let expected = model.permitted(actor)
                && model.members.get(&member).is_some_and(|m| m.status != ProviderUserStatus::Revoked)
                && !model.loses_last_admin(&[member]);
            let result = provider.revoke(actor, member, now);
            if result.is_ok()
                && let Some(m) = model.members.get_mut(&member)
            {
                m.before_revoke = Some(m.status);
                m.status = ProviderUserStatus::Revoked;
            }
            (result.map(|e| e.len()), expected, Some(actor))
        }
        Command::Restore { actor, member } => {
            let (actor, member) =
                (pick(provider, *actor), pick_in(provider, *member, ProviderUserStatus::Revoked));
            let expected = model.permitted(actor)
                && model.members.get(&member).is_some_and(|m| m.status == ProviderUserStatus::Revoked);
            let result = provider.restore(actor, member, now);
            if result.is_ok()
                && let Some(m) = model.members.get_mut(&member)
            {
                m.status = m.before_revoke.take().unwrap();
            }
            (result.map(|e| e.len()), expected, Some(actor))
        }
        Command::ChangeRole { actor, member, admin } => {
            let (actor, member) = (pick(provider, *actor), pick(provider, *member));
            let expected = model.permitted(actor)
                && model.members.contains_key(&member)
                && (*admin || !model.loses_last_admin(&[member]));
            let result = provider.change_role(actor, member, role(*admin), now);
            let mut changed = false;
            if result.is_ok()
                && let Some(m) = model.members.get_mut(&member)
            {
                changed = m.admin != *admin;
                m.admin = *admin;
            }
            // Changing to the same role is a no-op without events.
            if let Ok(events) = &result {
                prop_assert_eq!(events.is_empty(), !changed);
            }
            (result.map(|e| if changed { e.len() } else { usize::MAX }), expected, Some(actor))
        }
        Command::Remove { actor, members } => {
            let actor = pick(provider, *actor);
            let ids: Vec<ProviderUserId> = members.iter().map(|i| pick(provider, *i)).collect();
            let expected = model.permitted(actor)
                && !ids.is_empty()
                && ids.iter().all(|id| model.members.contains_key(id))
                && !model.loses_last_admin(&ids);
            let result = provider.remove(actor, &ids, now);
            if result.is_ok() {
                for id in &ids {
                    model.members.remove(id);
                }
            }
            (result.map(|e| e.len()), expected, Some(actor))
        }
        Command::Leave { member } => {
            let member = pick(provider, *member);
            let expected = model.members.contains_key(&member) && !model.loses_last_admin(&[member]);
            let result = provider.leave(member, now);
            if result.is_ok() {
                model.members.remove(&member);
            }
            (result.map(|e| e.len()), expected, None)
        }
    };
    prop_assert_eq!(result.is_ok(), expected, "{:?} gave {:?}", cmd, result);
    match result {
        // usize::MAX marks the documented no-op (a role changed to itself): no event, no change.
        Ok(usize::MAX) => prop_assert_eq!(&*provider, &before),
        Ok(events) => {
            prop_assert!(events >= 1, "a successful {:?} returned no event", cmd);
            prop_assert_eq!(provider.last_sequence(), before.last_sequence() + events as u64);
            if let Some(actor) = acting_admin {
                prop_assert!(admin_action(actor), "{:?} succeeded for an actor without permission", cmd);
            }
        }
        Err(_) => prop_assert_eq!(&*provider, &before, "a refused {:?} changed the provider", cmd),
    }
    // The invariant, after every step.
    prop_assert!(provider.confirmed_admin_count() >= 1);
    // The provider agrees with the model, member by member.
    prop_assert_eq!(provider.members().len(), model.members.len());
    for m in provider.members() {
        let expected = model.members.get(&m.id()).expect("the model knows every member");
        prop_assert_eq!(m.email().as_str(), expected.email.as_str());
        prop_assert_eq!(m.role() == ProviderUserType::ProviderAdmin, expected.admin);
        prop_assert_eq!(m.status(), expected.status);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn team_commands_keep_every_invariant(
        commands in prop::collection::vec((command(), prop_oneof![6 => 0..6i64, 1 => 100..140i64]), 1..40),
    ) {
        let (mut provider, mut model, mut now) = start();
        for (cmd, hours) in &commands {
            now += Duration::hours(*hours);
            step(&mut provider, &mut model, now, cmd)?;
        }
        // Whatever the history, the provider survives a JSON round trip unchanged.
        let json = serde_json::to_string(&provider).unwrap();
        let back: Provider = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, provider);
    }
}
