//! Shared set-up for the scenario tests: a provider with its first admin, members in any state,
//! clients on any plan.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mspkit::{
    ClientMember, Email, Error, Event, ExistingOrganization, NewClient, OrganizationId,
    OrganizationUserStatus, OrganizationUserType, PlanType, Provider, ProviderId, ProviderSettings,
    ProviderType, ProviderUserId, ProviderUserStatus, ProviderUserType, UserId,
};
use uuid::Uuid;

pub const ADMIN: &str = "ada@northwind.example";
pub const BILLING: &str = "billing@northwind.example";

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

pub fn hours(h: i64) -> Duration {
    Duration::hours(h)
}

pub fn email(s: &str) -> Email {
    Email::new(s).unwrap()
}

pub fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
    result.unwrap_err().code()
}

/// The number of cases of a property test: `PROPTEST_CASES` when set (a long run outside CI,
/// e.g. `PROPTEST_CASES=10000`), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// A provider of `kind` with a billing email, issued and set up by its first admin at `t0`,
/// and the log of every event its set-up returned (helpers append to it; so must a test that
/// wants to replay it).
pub struct Fixture {
    pub provider: Provider,
    pub admin: ProviderUserId,
    pub log: Vec<Event>,
    next_user: u128,
}

impl Fixture {
    pub fn new(kind: ProviderType) -> Self {
        let settings =
            ProviderSettings::new("Northwind IT").unwrap().with_billing_email(Some(email(BILLING)));
        let (mut provider, mut log) =
            Provider::issue(ProviderId::new(Uuid::from_u128(1)), kind, settings, email(ADMIN), t0());
        let created = provider.set_up(UserId::new(Uuid::from_u128(2)), &email(ADMIN), t0()).unwrap();
        log.extend(created.events);
        Self { provider, admin: created.id, log, next_user: 100 }
    }

    /// Records a command's events in the log, returning them.
    pub fn record(&mut self, result: Result<Vec<Event>, Error>) -> Vec<Event> {
        let events = result.unwrap();
        self.log.extend(events.iter().cloned());
        events
    }

    /// Checks that replaying the log gives the provider, to the byte of its JSON.
    pub fn replays(&self) -> Result<(), String> {
        let replayed = Provider::replay(&self.log).map_err(|e| format!("the log does not replay: {e}"))?;
        if replayed != self.provider || replayed.to_json() != self.provider.to_json() {
            return Err(format!(
                "replay differs from the live provider:\n{}\n{}",
                replayed.to_json().unwrap(),
                self.provider.to_json().unwrap()
            ));
        }
        Ok(())
    }

    /// A billable provider (consolidated-billing operations need one).
    pub fn billable(kind: ProviderType) -> Self {
        let mut f = Self::new(kind);
        let events = f.provider.mark_billable(t0());
        f.record(events);
        f
    }

    pub fn user(&mut self) -> UserId {
        self.next_user += 1;
        UserId::new(Uuid::from_u128(self.next_user))
    }

    /// Invites `address` with `role` and returns the new member's id.
    pub fn invite(&mut self, address: &str, role: ProviderUserType) -> ProviderUserId {
        let events = self.provider.invite(self.admin, &[address], role, t0());
        self.record(events);
        self.provider.member_by_email(&email(address)).unwrap().id()
    }

    /// A member in `status` (revoked ones were confirmed before).
    pub fn member(
        &mut self,
        address: &str,
        role: ProviderUserType,
        status: ProviderUserStatus,
    ) -> ProviderUserId {
        let id = self.invite(address, role);
        if status == ProviderUserStatus::Invited {
            return id;
        }
        let user = self.user();
        let events = self.provider.accept(id, user, &email(address), None, t0());
        self.record(events);
        if status == ProviderUserStatus::Accepted {
            return id;
        }
        let events = self.provider.confirm(self.admin, id, None, t0());
        self.record(events);
        if status == ProviderUserStatus::Revoked {
            let events = self.provider.revoke(self.admin, id, t0());
            self.record(events);
        }
        assert_eq!(self.provider.member(id).unwrap().status(), status);
        id
    }

    pub fn confirmed(&mut self, address: &str, role: ProviderUserType) -> ProviderUserId {
        self.member(address, role, ProviderUserStatus::Confirmed)
    }

    /// Creates a client with an invited owner and returns its id.
    pub fn client(&mut self, name: &str, plan: PlanType, seats: u32) -> OrganizationId {
        let new = NewClient {
            name: name.to_owned(),
            owner_email: email(&format!("owner@{}.example", name.to_lowercase())),
            plan,
            seats,
            first_collection: None,
        };
        let created = self.provider.create_client(self.admin, new, t0()).unwrap();
        assert_eq!(created.events[0].subject(), mspkit::Subject::Client(created.id));
        self.log.extend(created.events);
        created.id
    }
}

/// An existing organization owned by `owner`, on `plan`, with an active subscription.
pub fn existing(id: u128, owner: &str, plan: PlanType, seats: u32) -> ExistingOrganization {
    ExistingOrganization {
        id: OrganizationId::new(Uuid::from_u128(id)),
        name: "Tailspin".to_owned(),
        plan,
        seats,
        billing_email: email("billing@tailspin.example"),
        subscription_active: true,
        linked_to_provider: false,
        uses_secrets_manager: false,
        members: vec![ClientMember::new(
            email(owner),
            OrganizationUserType::Owner,
            OrganizationUserStatus::Confirmed,
        )],
    }
}

/// The reference codes of the events, in order.
pub fn codes(events: &[Event]) -> Vec<Option<u16>> {
    events.iter().map(Event::code).collect()
}
