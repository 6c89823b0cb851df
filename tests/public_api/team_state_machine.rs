//! A model-based state machine over the provider's team commands.
//!
//! Random sequences of invite, reinvite, accept, confirm, revoke, restore, change role, set
//! client scope, remove, leave and enable/disable run against a real [`Provider`] and against a
//! tiny reference model (member id → role, status, email, …). After every step the test checks
//! that the provider and the model agree on the outcome (success, or the exact error code), that
//! the provider still has a confirmed admin, that a refused command changed nothing, that every
//! success returned the predicted number of events with consecutive sequence numbers, that only
//! actors [`authorize`] permits succeeded, and that the team equals the model's. Each sequence
//! ends with a JSON round trip.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, TimeZone, Utc};
use mspkit::{
    Action, Email, Error, Event, NewClient, OrganizationId, PlanType, Provider, ProviderId, ProviderSettings,
    ProviderType, ProviderUserId, ProviderUserStatus, ProviderUserType, Subject, Target, UserId, authorize,
};
use proptest::prelude::*;
use uuid::Uuid;

const ADMIN_EMAIL: &str = "admin@example.com";
/// Addresses 0..POOL are `u{i}@example.com`; index POOL is the first admin's address.
const POOL: usize = 7;

// ---------------------------------------------------------------------------------------------
// Commands

/// How an address is spelled in a command.
#[derive(Debug, Clone, Copy)]
enum Spelling {
    Plain,
    Shouting,
    Padded,
    Invalid,
}

#[derive(Debug, Clone, Copy)]
struct EmailPick {
    index: usize,
    spelling: Spelling,
}

impl EmailPick {
    fn text(self) -> String {
        let base =
            if self.index >= POOL { ADMIN_EMAIL.to_owned() } else { format!("u{}@example.com", self.index) };
        match self.spelling {
            Spelling::Plain => base,
            Spelling::Shouting => base.to_uppercase(),
            Spelling::Padded => format!("  {base}\t"),
            Spelling::Invalid => base.replace('@', "-at-"),
        }
    }
}

/// Which address the accepting account has.
#[derive(Debug, Clone, Copy)]
enum AcceptEmail {
    Invited,
    InvitedShouting,
    Other(usize),
}

/// When the accepting person acts, relative to the clock or to the invitation's expiry.
#[derive(Debug, Clone, Copy)]
enum When {
    Now,
    Later { hours: i64 },
    AtExpiry,
    JustBeforeExpiry,
}

#[derive(Debug, Clone, Copy)]
enum ScopePick {
    Unscoped,
    /// Bits: 1 = first client, 2 = second client, 4 = an organization that is not a client.
    Scoped(u8),
}

/// Who a command names: picked from the current team by role or status, from every member ever
/// seen (removed ones act as unknown ids), or from two ids that never were members.
#[derive(Debug, Clone, Copy)]
enum Who {
    ConfirmedAdmin(usize),
    Member(usize),
    InStatus(ProviderUserStatus, usize),
    Seen(usize),
    Stranger(usize),
}

#[derive(Debug, Clone)]
enum Command {
    Invite { actor: Who, emails: Vec<EmailPick>, role: ProviderUserType },
    Reinvite { actor: Who, member: Who },
    Accept { member: Who, email: AcceptEmail, fingerprint: Option<&'static str>, when: When },
    Confirm { actor: Who, member: Who, fingerprint: Option<&'static str> },
    Revoke { actor: Who, member: Who },
    Restore { actor: Who, member: Who },
    ChangeRole { actor: Who, member: Who, role: ProviderUserType },
    SetClientScope { actor: Who, member: Who, scope: ScopePick },
    Remove { actor: Who, members: Vec<Who> },
    Leave { member: Who },
    SetEnabled { enabled: bool },
}

/// An acting member: mostly someone who may act, sometimes anyone.
fn actor() -> impl Strategy<Value = Who> {
    prop_oneof![
        6 => any::<usize>().prop_map(Who::ConfirmedAdmin),
        2 => any::<usize>().prop_map(|i| Who::InStatus(ProviderUserStatus::Confirmed, i)),
        2 => any::<usize>().prop_map(Who::Member),
        1 => any::<usize>().prop_map(Who::Seen),
        1 => any::<usize>().prop_map(Who::Stranger),
    ]
}

/// A member, most often one in `status`.
fn in_status(status: ProviderUserStatus) -> impl Strategy<Value = Who> {
    prop_oneof![3 => any::<usize>().prop_map(move |i| Who::InStatus(status, i)), 1 => who()]
}

/// The member a command is about.
fn who() -> impl Strategy<Value = Who> {
    let status = prop_oneof![
        Just(ProviderUserStatus::Invited),
        Just(ProviderUserStatus::Accepted),
        Just(ProviderUserStatus::Confirmed),
        Just(ProviderUserStatus::Revoked),
    ];
    prop_oneof![
        4 => any::<usize>().prop_map(Who::Member),
        4 => (status, any::<usize>()).prop_map(|(s, i)| Who::InStatus(s, i)),
        1 => any::<usize>().prop_map(Who::ConfirmedAdmin),
        1 => any::<usize>().prop_map(Who::Seen),
        1 => any::<usize>().prop_map(Who::Stranger),
    ]
}

fn role() -> impl Strategy<Value = ProviderUserType> {
    prop_oneof![Just(ProviderUserType::ProviderAdmin), Just(ProviderUserType::ServiceUser)]
}

fn email_pick() -> impl Strategy<Value = EmailPick> {
    let spelling = prop_oneof![
        5 => Just(Spelling::Plain),
        2 => Just(Spelling::Shouting),
        2 => Just(Spelling::Padded),
        1 => Just(Spelling::Invalid),
    ];
    (0..=POOL, spelling).prop_map(|(index, spelling)| EmailPick { index, spelling })
}

fn fingerprint() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![Just(None), Just(Some("fp-a")), Just(Some(" fp-a ")), Just(Some("fp-b")), Just(Some(""))]
}

fn command() -> impl Strategy<Value = Command> {
    let batch = prop_oneof![
        8 => prop::collection::vec(email_pick(), 1..=3),
        1 => Just(Vec::new()),
        1 => prop::collection::vec(email_pick(), 19..=22),
    ];
    let accept_email = prop_oneof![
        4 => Just(AcceptEmail::Invited),
        2 => Just(AcceptEmail::InvitedShouting),
        1 => (0..=POOL).prop_map(AcceptEmail::Other),
    ];
    let when = prop_oneof![
        4 => Just(When::Now),
        2 => (0i64..=130).prop_map(|hours| When::Later { hours }),
        1 => Just(When::AtExpiry),
        1 => Just(When::JustBeforeExpiry),
    ];
    let scope = prop_oneof![Just(ScopePick::Unscoped), (0u8..8).prop_map(ScopePick::Scoped)];
    prop_oneof![
        6 => (actor(), batch, role()).prop_map(|(actor, emails, role)| Command::Invite { actor, emails, role }),
        1 => (actor(), who()).prop_map(|(actor, member)| Command::Reinvite { actor, member }),
        6 => (in_status(ProviderUserStatus::Invited), accept_email, fingerprint(), when)
            .prop_map(|(member, email, fingerprint, when)| Command::Accept { member, email, fingerprint, when }),
        6 => (actor(), in_status(ProviderUserStatus::Accepted), fingerprint())
            .prop_map(|(actor, member, fingerprint)| Command::Confirm { actor, member, fingerprint }),
        2 => (actor(), who()).prop_map(|(actor, member)| Command::Revoke { actor, member }),
        2 => (actor(), in_status(ProviderUserStatus::Revoked)).prop_map(|(actor, member)| Command::Restore { actor, member }),
        3 => (actor(), who(), role()).prop_map(|(actor, member, role)| Command::ChangeRole { actor, member, role }),
        1 => (actor(), who(), scope).prop_map(|(actor, member, scope)| Command::SetClientScope { actor, member, scope }),
        2 => (actor(), prop::collection::vec(who(), 0..=3)).prop_map(|(actor, members)| Command::Remove { actor, members }),
        2 => who().prop_map(|member| Command::Leave { member }),
        1 => prop_oneof![2 => Just(true), 1 => Just(false)].prop_map(|enabled| Command::SetEnabled { enabled }),
    ]
}

// ---------------------------------------------------------------------------------------------
// The reference model

#[derive(Debug, Clone, PartialEq, Eq)]
struct ModelMember {
    email: String,
    role: ProviderUserType,
    status: ProviderUserStatus,
    before_revoke: Option<ProviderUserStatus>,
    expires_at: Option<DateTime<Utc>>,
    fingerprint: Option<String>,
    scope: Option<BTreeSet<OrganizationId>>,
}

#[derive(Debug, Clone)]
struct Model {
    enabled: bool,
    members: BTreeMap<ProviderUserId, ModelMember>,
    clients: Vec<OrganizationId>,
}

/// The outcome the model predicts: the number of events, or the error code.
type Outcome = Result<usize, &'static str>;

impl Model {
    fn is_confirmed_admin(m: &ModelMember) -> bool {
        m.role == ProviderUserType::ProviderAdmin && m.status == ProviderUserStatus::Confirmed
    }

    /// May `actor` manage the team? The reasons in `authorize`'s order.
    fn may_manage(&self, actor: ProviderUserId) -> Result<(), &'static str> {
        let m = self.members.get(&actor).ok_or("not_a_member")?;
        match m.status {
            ProviderUserStatus::Revoked => return Err("member_revoked"),
            ProviderUserStatus::Invited | ProviderUserStatus::Accepted => return Err("member_not_confirmed"),
            ProviderUserStatus::Confirmed => {}
        }
        if !self.enabled {
            return Err("provider_disabled");
        }
        if m.role != ProviderUserType::ProviderAdmin {
            return Err("provider_admin_only");
        }
        Ok(())
    }

    fn exists(&self, member: ProviderUserId) -> Result<&ModelMember, &'static str> {
        self.members.get(&member).ok_or("member_not_found")
    }

    fn keeps_an_admin(&self, losing: &BTreeSet<ProviderUserId>) -> Result<(), &'static str> {
        let loses = self.members.iter().any(|(id, m)| losing.contains(id) && Self::is_confirmed_admin(m));
        let remaining =
            self.members.iter().filter(|(id, m)| !losing.contains(id) && Self::is_confirmed_admin(m));
        if loses && remaining.count() == 0 { Err("last_confirmed_admin") } else { Ok(()) }
    }

    fn confirmed_admins(&self) -> usize {
        self.members.values().filter(|m| Self::is_confirmed_admin(m)).count()
    }
}

// ---------------------------------------------------------------------------------------------
// The harness

struct Harness {
    provider: Provider,
    /// Every event the provider's commands returned, from its issue.
    log: Vec<Event>,
    model: Model,
    /// Every member id ever seen, in order (removed ones stay: they act as unknown ids).
    seen: Vec<ProviderUserId>,
    strangers: [ProviderUserId; 2],
    unknown_client: OrganizationId,
    now: DateTime<Utc>,
    next_user: u128,
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

fn admin_email() -> Email {
    Email::new(ADMIN_EMAIL).unwrap()
}

impl Harness {
    fn new() -> Self {
        let now = start();
        let settings = ProviderSettings::new("Northwind IT")
            .unwrap()
            .with_billing_email(Some(Email::new("billing@northwind.example").unwrap()));
        let (mut provider, mut log) = Provider::issue(
            ProviderId::new(Uuid::from_u128(1)),
            ProviderType::Msp,
            settings,
            admin_email(),
            now,
        );
        let created = provider.set_up(UserId::new(Uuid::from_u128(2)), &admin_email(), now).unwrap();
        log.extend(created.events);
        log.extend(provider.mark_billable(now).unwrap());
        let admin = created.id;
        for name in ["Contoso", "Fabrikam"] {
            let new = NewClient {
                name: name.to_owned(),
                owner_email: Email::new(&format!("owner@{}.example", name.to_lowercase())).unwrap(),
                plan: PlanType::TeamsMonthly,
                seats: 5,
                first_collection: None,
            };
            log.extend(provider.create_client(admin, new, now).unwrap().events);
        }
        let clients = provider.clients().iter().map(mspkit::ClientOrganization::id).collect();
        let mut members = BTreeMap::new();
        members.insert(
            admin,
            ModelMember {
                email: ADMIN_EMAIL.to_owned(),
                role: ProviderUserType::ProviderAdmin,
                status: ProviderUserStatus::Confirmed,
                before_revoke: None,
                expires_at: None,
                fingerprint: None,
                scope: None,
            },
        );
        Self {
            provider,
            log,
            model: Model { enabled: true, members, clients },
            seen: vec![admin],
            strangers: [ProviderUserId::new(Uuid::from_u128(900)), ProviderUserId::new(Uuid::from_u128(901))],
            unknown_client: OrganizationId::new(Uuid::from_u128(902)),
            now,
            next_user: 1000,
        }
    }

    fn who(&self, who: Who) -> ProviderUserId {
        let pick = |ids: Vec<ProviderUserId>, i: usize| ids.get(i % ids.len().max(1)).copied();
        let members = self.provider.members();
        let among = |keep: &dyn Fn(&mspkit::ProviderUser) -> bool, i| {
            pick(members.iter().filter(|m| keep(m)).map(mspkit::ProviderUser::id).collect(), i)
        };
        let any_member = |i| among(&|_| true, i);
        let stranger = |i: usize| self.strangers[i % self.strangers.len()];
        match who {
            Who::ConfirmedAdmin(i) => among(&mspkit::ProviderUser::is_confirmed_admin, i),
            Who::Member(i) => any_member(i),
            Who::InStatus(status, i) => among(&|m| m.status() == status, i).or_else(|| any_member(i)),
            Who::Seen(i) => pick(self.seen.clone(), i),
            Who::Stranger(i) => Some(stranger(i)),
        }
        .unwrap_or_else(|| stranger(0))
    }

    fn scope(&self, pick: ScopePick) -> Option<BTreeSet<OrganizationId>> {
        match pick {
            ScopePick::Unscoped => None,
            ScopePick::Scoped(bits) => {
                let mut scope = BTreeSet::new();
                if bits & 1 != 0 {
                    scope.insert(self.model.clients[0]);
                }
                if bits & 2 != 0 {
                    scope.insert(self.model.clients[1]);
                }
                if bits & 4 != 0 {
                    scope.insert(self.unknown_client);
                }
                Some(scope)
            }
        }
    }

    /// Runs one command on the provider and on the model, and checks that they agree.
    #[expect(clippy::too_many_lines, reason = "one arm per command keeps the model readable")]
    fn step(&mut self, advance_minutes: i64, command: &Command) -> Result<(), TestCaseError> {
        self.now += Duration::minutes(advance_minutes);
        let now = self.now;
        let before = self.provider.clone();
        let model = &self.model;
        // The actor whose permission the command needs, if any.
        let mut needs_permission: Option<ProviderUserId> = None;
        let mut at = now;
        let mut next = model.clone();
        let (expected, result): (Outcome, Result<Vec<Event>, Error>) = match command {
            Command::Invite { actor, emails, role } => {
                let actor = self.who(*actor);
                needs_permission = Some(actor);
                let texts: Vec<String> = emails.iter().map(|e| e.text()).collect();
                let expected = (|| {
                    model.may_manage(actor)?;
                    if texts.is_empty() {
                        return Err("empty_batch");
                    }
                    if texts.len() > 20 {
                        return Err("invite_batch_too_large");
                    }
                    let mut batch: Vec<String> = Vec::new();
                    // Emails already in the team are all named once the batch is read (issue
                    // 15): an invalid or repeated email later in the batch is reported first.
                    let mut members = 0;
                    for (pick, text) in emails.iter().zip(&texts) {
                        if matches!(pick.spelling, Spelling::Invalid) {
                            return Err("email_invalid");
                        }
                        let normal = text.trim().to_lowercase();
                        if batch.contains(&normal) {
                            return Err("duplicate_invite");
                        }
                        if model.members.values().any(|m| m.email == normal) {
                            members += 1;
                        }
                        batch.push(normal);
                    }
                    if members > 0 {
                        return Err("already_member");
                    }
                    Ok(batch)
                })();
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let result = self.provider.invite(actor, &refs, *role, now);
                if let (Ok(batch), Ok(events)) = (&expected, &result) {
                    prop_assert_eq!(batch.len(), events.len());
                    for (email, event) in batch.iter().zip(events) {
                        prop_assert_eq!(event.code(), Some(1800));
                        let Subject::Member(id) = event.subject() else {
                            return Err(TestCaseError::fail("an invitation event names no member"));
                        };
                        prop_assert!(!self.seen.contains(&id), "a new member reuses the id {id}");
                        self.seen.push(id);
                        next.members.insert(
                            id,
                            ModelMember {
                                email: email.clone(),
                                role: *role,
                                status: ProviderUserStatus::Invited,
                                before_revoke: None,
                                expires_at: Some(now + Duration::hours(120)),
                                fingerprint: None,
                                scope: None,
                            },
                        );
                    }
                }
                (expected.map(|b| b.len()), result)
            }
            Command::Reinvite { actor, member } => {
                let (actor, member) = (self.who(*actor), self.who(*member));
                needs_permission = Some(actor);
                let expected = (|| {
                    model.may_manage(actor)?;
                    let m = model.exists(member)?;
                    if m.status != ProviderUserStatus::Invited {
                        return Err("member_not_invited");
                    }
                    Ok(1)
                })();
                if expected.is_ok()
                    && let Some(m) = next.members.get_mut(&member)
                {
                    m.expires_at = Some(now + Duration::hours(120));
                }
                (expected, self.provider.reinvite(actor, member, now))
            }
            Command::Accept { member, email, fingerprint, when } => {
                let member = self.who(*member);
                let invited = model.members.get(&member);
                let given = match (email, invited) {
                    (AcceptEmail::Invited, Some(m)) => m.email.clone(),
                    (AcceptEmail::InvitedShouting, Some(m)) => format!(" {} ", m.email.to_uppercase()),
                    (AcceptEmail::Other(i), _) => EmailPick { index: *i, spelling: Spelling::Plain }.text(),
                    (_, None) => "nobody@example.com".to_owned(),
                };
                let expires = invited.and_then(|m| m.expires_at);
                at = match (when, expires) {
                    (When::Now, _) | (When::AtExpiry | When::JustBeforeExpiry, None) => now,
                    (When::Later { hours }, _) => now + Duration::hours(*hours),
                    (When::AtExpiry, Some(e)) => e,
                    (When::JustBeforeExpiry, Some(e)) => e - Duration::seconds(1),
                };
                let normal = given.trim().to_lowercase();
                let expected = (|| {
                    let m = model.exists(member)?;
                    if m.status != ProviderUserStatus::Invited {
                        return Err("member_not_invited");
                    }
                    if m.email != normal {
                        return Err("invitation_email_mismatch");
                    }
                    if m.expires_at.is_some_and(|e| at >= e) {
                        return Err("invitation_expired");
                    }
                    Ok(1)
                })();
                if expected.is_ok()
                    && let Some(m) = next.members.get_mut(&member)
                {
                    m.status = ProviderUserStatus::Accepted;
                    m.expires_at = None;
                    m.fingerprint = fingerprint.map(str::trim).filter(|f| !f.is_empty()).map(str::to_owned);
                }
                self.next_user += 1;
                let user = UserId::new(Uuid::from_u128(self.next_user));
                let given = Email::new(&given).unwrap();
                (expected, self.provider.accept(member, user, &given, *fingerprint, at))
            }
            Command::Confirm { actor, member, fingerprint } => {
                let (actor, member) = (self.who(*actor), self.who(*member));
                needs_permission = Some(actor);
                let expected = (|| {
                    model.may_manage(actor)?;
                    let m = model.exists(member)?;
                    if m.status != ProviderUserStatus::Accepted {
                        return Err("member_not_accepted");
                    }
                    if let (Some(expected), Some(given)) = (&m.fingerprint, fingerprint)
                        && expected != given.trim()
                    {
                        return Err("fingerprint_mismatch");
                    }
                    Ok(1)
                })();
                if expected.is_ok()
                    && let Some(m) = next.members.get_mut(&member)
                {
                    m.status = ProviderUserStatus::Confirmed;
                }
                (expected, self.provider.confirm(actor, member, *fingerprint, now))
            }
            Command::Revoke { actor, member } => {
                let (actor, member) = (self.who(*actor), self.who(*member));
                needs_permission = Some(actor);
                let expected = (|| {
                    model.may_manage(actor)?;
                    let m = model.exists(member)?;
                    model.keeps_an_admin(&BTreeSet::from([member]))?;
                    if m.status == ProviderUserStatus::Revoked {
                        return Err("member_already_revoked");
                    }
                    Ok(1)
                })();
                if expected.is_ok()
                    && let Some(m) = next.members.get_mut(&member)
                {
                    m.before_revoke = Some(m.status);
                    m.status = ProviderUserStatus::Revoked;
                }
                (expected, self.provider.revoke(actor, member, now))
            }
            Command::Restore { actor, member } => {
                let (actor, member) = (self.who(*actor), self.who(*member));
                needs_permission = Some(actor);
                let expected = (|| {
                    model.may_manage(actor)?;
                    let m = model.exists(member)?;
                    if m.status != ProviderUserStatus::Revoked {
                        return Err("member_not_revoked");
                    }
                    Ok(1)
                })();
                if expected.is_ok()
                    && let Some(m) = next.members.get_mut(&member)
                {
                    m.status = m.before_revoke.take().expect("a revoked member remembers its status");
                }
                (expected, self.provider.restore(actor, member, now))
            }
            Command::ChangeRole { actor, member, role } => {
                let (actor, member) = (self.who(*actor), self.who(*member));
                needs_permission = Some(actor);
                let expected = (|| {
                    model.may_manage(actor)?;
                    let m = model.exists(member)?;
                    if *role == ProviderUserType::ServiceUser {
                        model.keeps_an_admin(&BTreeSet::from([member]))?;
                    }
                    // Changing to the same role is a documented no-op: no event.
                    Ok(usize::from(m.role != *role))
                })();
                if expected == Ok(1)
                    && let Some(m) = next.members.get_mut(&member)
                {
                    m.role = *role;
                    if *role == ProviderUserType::ProviderAdmin {
                        m.scope = None;
                    }
                }
                (expected, self.provider.change_role(actor, member, *role, now))
            }
            Command::SetClientScope { actor, member, scope } => {
                let (actor, member) = (self.who(*actor), self.who(*member));
                needs_permission = Some(actor);
                let scope = self.scope(*scope);
                let expected = (|| {
                    model.may_manage(actor)?;
                    let m = model.exists(member)?;
                    if scope.iter().flatten().any(|c| !model.clients.contains(c)) {
                        return Err("client_not_found");
                    }
                    if m.role == ProviderUserType::ProviderAdmin && scope.is_some() {
                        return Err("scope_needs_service_user");
                    }
                    // The same scope again changes nothing and returns no event.
                    Ok(usize::from(m.scope != scope))
                })();
                if expected.is_ok()
                    && let Some(m) = next.members.get_mut(&member)
                {
                    m.scope.clone_from(&scope);
                }
                (expected, self.provider.set_client_scope(actor, member, scope, now))
            }
            Command::Remove { actor, members } => {
                let actor = self.who(*actor);
                needs_permission = Some(actor);
                let members: Vec<ProviderUserId> = members.iter().map(|m| self.who(*m)).collect();
                let unique: BTreeSet<ProviderUserId> = members.iter().copied().collect();
                let expected = (|| {
                    model.may_manage(actor)?;
                    if members.is_empty() {
                        return Err("empty_batch");
                    }
                    for m in &members {
                        model.exists(*m)?;
                    }
                    model.keeps_an_admin(&unique)?;
                    // No one removes themselves (the reference's DeleteUsersAsync, issue 15).
                    if unique.contains(&actor) {
                        return Err("cannot_remove_self");
                    }
                    Ok(unique.len())
                })();
                if expected.is_ok() {
                    next.members.retain(|id, _| !unique.contains(id));
                }
                (expected, self.provider.remove(actor, &members, now))
            }
            Command::Leave { member } => {
                let member = self.who(*member);
                let expected = (|| {
                    model.exists(member)?;
                    model.keeps_an_admin(&BTreeSet::from([member]))?;
                    Ok(1)
                })();
                if expected.is_ok() {
                    next.members.remove(&member);
                }
                (expected, self.provider.leave(member, now))
            }
            Command::SetEnabled { enabled } => {
                // One event; an MSP's clients follow it in the same event.
                let expected = Ok(usize::from(model.enabled != *enabled));
                next.enabled = *enabled;
                (expected, self.provider.set_enabled(*enabled, now))
            }
        };

        // The outcome agrees with the model.
        let actual: Outcome = result.as_ref().map(Vec::len).map_err(Error::code);
        prop_assert_eq!(actual, expected, "command {:?} at {}", command, at);

        // Only permitted actors succeed, and `authorize` agrees with the model's permission.
        if let Some(actor) = needs_permission {
            let allowed =
                authorize(&before, actor, Action::ManageTeam, Target::Provider).map_err(|d| d.code());
            prop_assert_eq!(allowed, self.model.may_manage(actor));
            if result.is_ok() {
                prop_assert!(allowed.is_ok(), "{actor} succeeded without permission");
            }
        }

        match &result {
            Err(_) => prop_assert_eq!(&self.provider, &before, "a refused command changed the provider"),
            Ok(events) => {
                let mut sequence = before.last_sequence();
                for event in events {
                    prop_assert_eq!(event.sequence, sequence + 1);
                    prop_assert_eq!(event.provider, before.id());
                    prop_assert_eq!(event.at, at);
                    sequence = event.sequence;
                }
                prop_assert_eq!(self.provider.last_sequence(), sequence);
                self.log.extend(events.iter().cloned());
                if events.is_empty() {
                    prop_assert_eq!(&self.provider, &before, "a no-op changed the provider");
                }
                self.model = next;
            }
        }

        // The provider never loses its last confirmed admin, and the team equals the model.
        prop_assert!(self.provider.confirmed_admin_count() >= 1);
        prop_assert_eq!(self.provider.confirmed_admin_count(), self.model.confirmed_admins());
        prop_assert_eq!(self.provider.enabled(), self.model.enabled);
        // Every state a command reaches can be stored and read back.
        let json = serde_json::to_string(&self.provider).unwrap();
        match serde_json::from_str::<Provider>(&json) {
            Ok(back) => prop_assert_eq!(&back, &self.provider),
            Err(e) => return Err(TestCaseError::fail(format!("a reached state does not read back: {e}"))),
        }
        prop_assert_eq!(self.provider.members().len(), self.model.members.len());
        for m in self.provider.members() {
            let Some(expected) = self.model.members.get(&m.id()) else {
                return Err(TestCaseError::fail(format!("member {} is not in the model", m.id())));
            };
            prop_assert_eq!(m.email().as_str(), expected.email.as_str());
            prop_assert_eq!(m.role(), expected.role);
            prop_assert_eq!(m.status(), expected.status);
            prop_assert_eq!(m.invitation_expires_at(), expected.expires_at);
            prop_assert_eq!(m.public_key_fingerprint(), expected.fingerprint.as_deref());
            prop_assert_eq!(m.client_scope(), expected.scope.as_ref());
            prop_assert_eq!(
                m.user_id().is_some(),
                matches!(expected.status, ProviderUserStatus::Accepted | ProviderUserStatus::Confirmed)
                    || expected.before_revoke.is_some_and(|s| s != ProviderUserStatus::Invited)
            );
        }
        Ok(())
    }
}

fn script() -> impl Strategy<Value = Vec<(i64, Command)>> {
    let advance = prop_oneof![3 => Just(0i64), 2 => 1i64..=60, 2 => 60i64..=(30 * 60)];
    prop::collection::vec((advance, command()), 1..=40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::support::cases(256), ..ProptestConfig::default() })]

    #[test]
    fn team_commands_keep_every_invariant(script in script()) {
        let mut harness = Harness::new();
        for (advance, command) in &script {
            harness.step(*advance, command)?;
        }
        let json = serde_json::to_string(&harness.provider).unwrap();
        let back: Provider = serde_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("round trip refused: {e}\n{json}")))?;
        prop_assert_eq!(&back, &harness.provider);
        // The log of every accepted command replays to the live provider, byte for byte.
        let replayed = Provider::replay(&harness.log)
            .map_err(|e| TestCaseError::fail(format!("the log does not replay: {e}")))?;
        prop_assert_eq!(replayed.to_json(), harness.provider.to_json());
        prop_assert_eq!(replayed, harness.provider);
    }
}

/// The generator reaches the interesting states: a sanity check that the state machine does not
/// only exercise refusals.
#[test]
fn a_hand_written_script_reaches_every_status() {
    let mut h = Harness::new();
    let invite = |index| EmailPick { index, spelling: Spelling::Plain };
    let script = [
        Command::Invite {
            actor: Who::Seen(0),
            emails: vec![invite(0), invite(1)],
            role: ProviderUserType::ProviderAdmin,
        },
        Command::Accept {
            member: Who::Seen(1),
            email: AcceptEmail::InvitedShouting,
            fingerprint: Some("fp-a"),
            when: When::Now,
        },
        Command::Confirm { actor: Who::Seen(0), member: Who::Seen(1), fingerprint: Some("fp-b") },
        Command::Confirm { actor: Who::Seen(0), member: Who::Seen(1), fingerprint: Some(" fp-a") },
        Command::Accept {
            member: Who::Seen(2),
            email: AcceptEmail::Invited,
            fingerprint: None,
            when: When::AtExpiry,
        },
        Command::Revoke { actor: Who::Seen(1), member: Who::Seen(2) },
        Command::Remove { actor: Who::Seen(1), members: vec![Who::Seen(0), Who::Seen(1)] },
        Command::Remove { actor: Who::Seen(1), members: vec![Who::Seen(0)] },
        Command::Leave { member: Who::Seen(1) },
        Command::Restore { actor: Who::Seen(1), member: Who::Seen(2) },
    ];
    for command in &script {
        h.step(0, command).unwrap();
    }
    let statuses: Vec<ProviderUserStatus> =
        h.provider.members().iter().map(mspkit::ProviderUser::status).collect();
    assert_eq!(statuses, [ProviderUserStatus::Confirmed, ProviderUserStatus::Invited]);
    assert_eq!(h.provider.members()[0].id(), h.seen[1]);
}
