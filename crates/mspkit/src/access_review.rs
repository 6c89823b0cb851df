//! The access review across all clients (issue 20, item 2): for every client, who can act
//! there and how — provider admins, service users in scope, the client's own owners and
//! admins —, when each provider member last acted there (from the log), the findings a
//! reviewer must resolve (each with a stable code and the command that resolves it), and when
//! each client was last reviewed and by whom.
//!
//! The report is pure: the provider, what its log says ([`Activity`], optional: without it
//! nothing is known of who acted when), the time it is taken at and the inactivity threshold.
//! It is one pass over the members, and one over the clients for each member who can reach a
//! client: linear in clients (times the team) plus the log.

mod activity;
mod entry;
mod findings;
mod list;
mod message;
mod rows;
mod stamp;

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest as _, Sha256};

pub use activity::{Activity, DepartedClient};
pub use entry::{AccessEntry, AccessRole, AccessStatus, AccessVia};
use findings::{ClientFinding, Row};
pub use findings::{Findings, FindingsIter};
use list::AccessRows;
pub use list::{AccessIter, AccessList};
pub use message::FindingMessage;
use rows::shared_stamp;
pub use rows::{AccessFinding, ClientAccess};
pub use stamp::ReviewStamp;

use crate::ids::{OrganizationId, ProviderId, ProviderUserId};
use crate::permissions::{Action, ScopeReach, authorize_in_hand};
use crate::provider::Provider;
pub use crate::provider::head::{FindingsHash, ReviewSignOff};
use crate::team::{ProviderUserStatus, ProviderUserType};

/// Members inactive for this many days are a finding unless told otherwise.
pub const DEFAULT_INACTIVE_DAYS: u32 = 90;

/// An accepted member waits at most this long for confirmation (the invitation's own lifetime,
/// 120 hours) before the wait is a finding.
pub const STALE_ACCEPTANCE_HOURS: i64 = 120;

/// How many rows ahead the report reads the client of a row (issue 20).
const LOOKAHEAD: usize = 8;

/// How many bytes of the findings' canonical form are hashed at once (a line has at most 128).
const HASHED_BLOCK: usize = 16 * 1024;

/// The first line of the findings' canonical form (see [`AccessReview::findings_hash`]).
pub const FINDINGS_CANONICAL_HEADER: &str = "mspkit access review findings v1\n";

/// The shared clients serialized as their list.
fn shared_clients<S: serde::Serializer>(
    clients: &Arc<Vec<ClientAccess>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    clients.as_slice().serialize(serializer)
}

/// The access review report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessReview {
    /// The provider.
    pub provider: ProviderId,
    /// When the review is taken.
    pub as_of: DateTime<Utc>,
    /// Members without a recorded action for this many days are inactive.
    pub inactive_days: u32,
    /// Whether a log was read (without one, nothing is known of who acted when, and neither
    /// inactivity nor scopes of clients that left are found).
    pub activity_known: bool,
    /// Whether the provider's access is suspended now (the report shows standing access: what
    /// a resume gives back).
    pub suspended: bool,
    /// Confirmed provider admins.
    pub admins: usize,
    /// How many provider admins the provider needs: 2, plus one per 10 confirmed service users.
    pub admins_needed: usize,
    /// The last review of every client.
    #[serde(serialize_with = "shared_stamp")]
    pub last_full_review: Option<Arc<ReviewStamp>>,
    /// Every client, by name (shared with [`Findings`]: it reads as a slice).
    #[serde(serialize_with = "shared_clients")]
    pub clients: Arc<Vec<ClientAccess>>,
    /// The findings: the team's first, then each client's in the clients' order. It reads as a
    /// list of [`AccessFinding`] (see [`Findings`]).
    pub findings: Findings,
    /// The hash of the access findings of every client (what a sign-off of every client
    /// records).
    pub findings_hash: FindingsHash,
}

/// A provider member who may reach clients: the member, its scope's reach, and its position in
/// the log's list of who acted on clients (`None`: they never did, or no log).
type Reaching<'a> = (&'a crate::ProviderUser, ScopeReach, Option<u32>);

/// A line of the findings' canonical form: code, client, member.
type Line = (&'static str, Option<OrganizationId>, Option<ProviderUserId>);

/// A readable instant for messages.
fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

impl AccessReview {
    /// The review of `provider` at `as_of`, with what its log says (`activity`), members
    /// inactive after `inactive_days` days.
    pub fn new(
        provider: &Provider,
        activity: Option<&Activity>,
        as_of: DateTime<Utc>,
        inactive_days: u32,
    ) -> Self {
        let today = as_of.date_naive();
        let members = provider.members();
        // The team's findings: a few a member (the clients' are kept apart, see `Findings`).
        let mut findings = Vec::new();
        let admins: Vec<&crate::ProviderUser> = members.iter().filter(|m| m.is_confirmed_admin()).collect();
        let service_users = members
            .iter()
            .filter(|m| {
                m.role() == ProviderUserType::ServiceUser && m.status() == ProviderUserStatus::Confirmed
            })
            .count();
        let admins_needed = 2usize.saturating_add(service_users / 10);
        Self::admin_findings(&admins, admins_needed, activity, &mut findings);
        for m in members {
            Self::member_findings(m, activity, as_of, inactive_days, &mut findings);
        }
        let last_full_review = provider.access_reviews().all().map(|s| Arc::new(ReviewStamp::new(s, today)));
        let (clients, rows, findings_hash) =
            Self::clients(provider, activity, today, last_full_review.as_ref(), &findings);
        Self {
            provider: provider.id(),
            as_of,
            inactive_days,
            activity_known: activity.is_some(),
            suspended: provider.access_suspension().is_some(),
            admins: admins.len(),
            admins_needed,
            last_full_review,
            findings: Findings { team: findings, rows, clients: Arc::clone(&clients) },
            clients,
            findings_hash,
        }
    }

    /// `too_many_admins`: beyond the admins needed, those who acted least recently (never
    /// first; then the latest to join).
    fn admin_findings(
        admins: &[&crate::ProviderUser],
        admins_needed: usize,
        activity: Option<&Activity>,
        findings: &mut Vec<AccessFinding>,
    ) {
        let last = |id: ProviderUserId| activity.and_then(|a| a.last_acted(id));
        if admins.len() > admins_needed {
            // The admins who acted least recently (never first; then the latest to join).
            let mut by_activity: Vec<(usize, &&crate::ProviderUser)> = admins.iter().enumerate().collect();
            by_activity.sort_by(|(i, a), (j, b)| last(a.id()).cmp(&last(b.id())).then(j.cmp(i)));
            for (_, m) in by_activity.into_iter().take(admins.len() - admins_needed) {
                findings.push(AccessFinding {
                code: "too_many_admins",
                client: None,
                member: Some(m.id()),
                email: Some(m.email().clone()),
                message: format!(
                    "{} confirmed provider admins, {admins_needed} needed (2, plus one per 10 service users); `{}` is among those who acted least recently",
                    admins.len(),
                    m.email()
                ).into(),
                command: "change_role",
                resolve: "make them a service user scoped to the clients they serve (`change_role`, then `set_client_scope`)",
            });
            }
        }
    }

    /// A member's findings: an expired invitation, a stale acceptance, inactivity, scopes of
    /// clients that left.
    fn member_findings(
        m: &crate::ProviderUser,
        activity: Option<&Activity>,
        as_of: DateTime<Utc>,
        inactive_days: u32,
        findings: &mut Vec<AccessFinding>,
    ) {
        let cutoff = as_of - Duration::days(i64::from(inactive_days));
        let email = Some(m.email().clone());
        match m.status() {
            ProviderUserStatus::Invited if m.invitation_expired(as_of) => findings.push(AccessFinding {
                code: "invitation_expired",
                client: None,
                member: Some(m.id()),
                email,
                message: format!(
                    "the invitation of `{}` expired {}",
                    m.email(),
                    m.invitation_expires_at().map_or_else(String::new, day)
                )
                .into(),
                command: "reinvite",
                resolve: "send it again (`reinvite`) or remove the member (`remove`)",
            }),
            ProviderUserStatus::Accepted => {
                let since = activity.and_then(|a| a.accepted(m.id())).unwrap_or_else(|| m.invited_at());
                if since + Duration::hours(STALE_ACCEPTANCE_HOURS) <= as_of {
                    findings.push(AccessFinding {
                        code: "invitation_stale",
                        client: None,
                        member: Some(m.id()),
                        email,
                        message: format!(
                            "`{}` accepted on {} and still waits for confirmation",
                            m.email(),
                            day(since)
                        )
                        .into(),
                        command: "confirm",
                        resolve: "confirm them (`confirm`) or remove the member (`remove`)",
                    });
                }
            }
            ProviderUserStatus::Confirmed => {
                if let Some(a) = activity {
                    let reference = a.last_acted(m.id()).max(a.joined(m.id()));
                    if reference.is_none_or(|t| t < cutoff) {
                        findings.push(AccessFinding {
                            code: "member_inactive",
                            client: None,
                            member: Some(m.id()),
                            email: email.clone(),
                            message: format!(
                                "`{}` ({}) has not acted for {inactive_days} days (last: {})",
                                m.email(),
                                m.role().name(),
                                a.last_acted(m.id()).map_or_else(|| "never".to_owned(), day)
                            ).into(),
                            command: "revoke",
                            resolve: "revoke their access (`revoke`; `restore` gives it back) or remove them (`remove`)",
                        });
                    }
                    let departed = a.departed(m.id());
                    if m.role() == ProviderUserType::ServiceUser && !departed.is_empty() {
                        let names: Vec<String> = departed
                            .iter()
                            .map(|d| d.name.clone().unwrap_or_else(|| d.client.to_string()))
                            .collect();
                        let empty = m.client_scope().is_some_and(std::collections::BTreeSet::is_empty);
                        findings.push(AccessFinding {
                            code: "scope_client_left",
                            client: None,
                            member: Some(m.id()),
                            email,
                            message: format!(
                                "`{}` was scoped to clients that left ({}){}",
                                m.email(),
                                names.join(", "),
                                if empty { "; their scope is now empty" } else { "" }
                            ).into(),
                            command: if empty { "remove" } else { "set_client_scope" },
                            resolve: if empty {
                                "remove the member (`remove`) or give them the clients they now serve (`set_client_scope`)"
                            } else {
                                "confirm the clients they serve now (`set_client_scope`)"
                            },
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// Every client's access and review, by name, the clients' findings (the kind and the
    /// client's place in the list), and the hash of the access findings of every client (with
    /// the `team`'s).
    fn clients(
        provider: &Provider,
        activity: Option<&Activity>,
        today: NaiveDate,
        full: Option<&Arc<ReviewStamp>>,
        team_findings: &[AccessFinding],
    ) -> (Arc<Vec<ClientAccess>>, Vec<Row>, FindingsHash) {
        // The members who may reach a client at all (one question each settles the others),
        // each with its scope's reach and its position in the log's list of who acted.
        let reaching: Vec<Reaching<'_>> = provider
            .members()
            .iter()
            .filter(|m| crate::blast_radius::may_reach_clients(provider, m.id()))
            .map(|m| (m, ScopeReach::of(provider, m), activity.and_then(|a| a.member_position(m.id()))))
            .collect();
        let all = provider.clients();
        // One store for every client's entries: a provider member's entry is kept once, each
        // client holds a bit per member who reaches it and when they last acted there (issue 20).
        let team = reaching
            .iter()
            .map(|(m, ..)| AccessEntry {
                email: m.email().clone(),
                member: Some(m.id()),
                role: m.role().into(),
                via: if m.client_scope().is_some() { AccessVia::Scope } else { AccessVia::Provider },
                status: m.status().into(),
                last_acted: None,
            })
            .collect();
        let mut rows = AccessRows::new(team, all.len());
        // Who can act in each client: one pass over the clients in the order they are stored
        // (and the log named them), so that the provider's clients, their members and the
        // activity's clients are read in the order of memory (issue 20).
        let mut owned = Vec::with_capacity(all.len());
        // The ids of the clients without an owner of their own: the access findings of clients
        // (`ClientFinding::ACCESS`), hashed here, before the rows are made, so that the list
        // is gone before the larger ones come (issue 20).
        let mut unowned = Vec::with_capacity(all.len());
        // The clients' keys in name order, made as each client is read.
        let mut keys = Vec::with_capacity(all.len());
        let mut cursor = 0;
        for (position, c) in all.iter().enumerate() {
            keys.push(crate::layout::name_key(c.name(), position));
            let acts = activity.and_then(|a| a.acts_after(c.id(), &mut cursor));
            let own_owner = Self::access_of(provider, &reaching, (position, c), acts, &mut rows);
            if !own_owner {
                unowned.push(c.id().uuid().as_u128());
            }
            owned.push(own_owner);
        }
        let team_lines =
            team_findings.iter().filter(|f| !f.is_review_status()).map(|f| (f.code, f.client, f.member));
        let unowned_count = unowned.len();
        let findings_hash = Self::hash_lines(
            team_lines.collect(),
            &[(ClientFinding::NoOwnOwner.code(), crate::layout::sort_ids(unowned))],
        );
        rows.trim();
        let rows = Arc::new(rows);
        // Then the clients' rows in name order, each with its findings: a second pass, whose
        // reads (a client's id, name and sign-off) are independent of one another.
        let order = if u32::try_from(all.len()).is_ok() {
            crate::layout::sort_name_keys(keys, all, |c| (c.name(), c.id()))
        } else {
            crate::layout::name_order_of(all, |c| (c.name(), c.id()))
        }
        .into_positions();
        let mut out = Vec::with_capacity(order.len());
        // Room for every finding at once: one a client without an owner of its own, at most one
        // a client about its review.
        let mut findings = Vec::with_capacity(order.len().saturating_add(unowned_count));
        for k in 0..order.len() {
            let Some(p) = order.get(k) else { continue };
            if let Some(ahead) = order.get(k.saturating_add(LOOKAHEAD)).and_then(|q| all.get(q)) {
                // Read ahead: the client a few rows on, and its name.
                std::hint::black_box((ahead.id(), ahead.name().as_bytes().first().copied()));
            }
            let (Some(c), Some(own_owner), Ok(position)) = (all.get(p), owned.get(p), u32::try_from(p))
            else {
                continue;
            };
            let client = Self::client_access(provider, today, full, c, AccessList::at(&rows, position));
            if !own_owner {
                findings.extend(Row::new(ClientFinding::NoOwnOwner, k));
            }
            if client.review_overdue {
                let kind = if client.last_review.is_some() {
                    ClientFinding::ReviewOverdue
                } else {
                    ClientFinding::ReviewMissing
                };
                findings.extend(Row::new(kind, k));
            }
            out.push(client);
        }
        (Arc::new(out), findings, findings_hash)
    }

    /// Who can act in client `c` (at `position`), added to `rows`; and whether it has a
    /// confirmed owner of its own.
    fn access_of(
        provider: &Provider,
        reaching: &[Reaching<'_>],
        (position, c): (usize, &crate::ClientOrganization),
        acts: Option<activity::ActsView<'_>>,
        rows: &mut AccessRows,
    ) -> bool {
        use crate::client::{OrganizationUserStatus, OrganizationUserType};
        // The `reaching` provider members the permission check lets administer it or change
        // its seats, then its own owners and admins (not revoked).
        rows.begin();
        for (i, (m, reach, acted)) in reaching.iter().enumerate() {
            let may = |action| authorize_in_hand(provider, m, action, c, reach, position).is_ok();
            if may(Action::AdministerClient) || may(Action::ChangeClientSeats { purchase: false }) {
                rows.reach(i, acted.and_then(|p| acts.and_then(|a| a.last(p))));
            }
        }
        let mut own_owner = false;
        for cm in c.members() {
            let role = match cm.role {
                OrganizationUserType::Owner => AccessRole::Owner,
                OrganizationUserType::Admin => AccessRole::Admin,
                _ => continue,
            };
            if cm.status == OrganizationUserStatus::Revoked {
                continue;
            }
            let member = provider.member_by_email(&cm.email).map(crate::ProviderUser::id);
            own_owner |= member.is_none() && cm.is_confirmed_owner();
            rows.own(&cm.email, member, role, cm.status.into());
        }
        rows.end();
        own_owner
    }

    /// Client `c`'s row: its `access`, and its last review.
    fn client_access(
        provider: &Provider,
        today: NaiveDate,
        full: Option<&Arc<ReviewStamp>>,
        c: &crate::ClientOrganization,
        access: AccessList,
    ) -> ClientAccess {
        let id = c.id();
        let reviews = provider.access_reviews();
        let last_review = reviews.last_of(id, c.created_at()).map(|s| match (reviews.all(), full) {
            // A sign-off of every client is shared by the clients it covers.
            (Some(every), Some(stamp)) if std::ptr::eq(s, every) => Arc::clone(stamp),
            _ => Arc::new(ReviewStamp::new(s, today)),
        });
        let review_overdue = last_review.as_ref().is_none_or(|s| s.overdue);
        let name = c.shared_name().clone();
        ClientAccess { client: id, name, access, last_review, review_overdue }
    }

    /// Whether there is any finding (the command line's exit 1).
    pub fn has_findings(&self) -> bool {
        !self.findings.is_empty()
    }

    /// The hash a sign-off of `clients` (`None`: every client) records: SHA-256 of the
    /// canonical form of the access findings that concern them — the team's findings and the
    /// findings of those clients, review status left out —: the line
    /// `mspkit access review findings v1`, then one line per finding, `CODE CLIENT MEMBER`
    /// (ids, `-` for none), sorted bytewise, each ended by a line feed.
    pub fn findings_hash(&self, clients: Option<&[OrganizationId]>) -> FindingsHash {
        let wanted: Option<std::collections::HashSet<OrganizationId>> =
            clients.map(|list| list.iter().copied().collect());
        let keep = |client: Option<OrganizationId>| match (client, &wanted) {
            (None, _) | (_, None) => true,
            (Some(c), Some(set)) => set.contains(&c),
        };
        let team: Vec<Line> = self
            .findings
            .team
            .iter()
            .filter(|f| !f.is_review_status() && keep(f.client))
            .map(|f| (f.code, f.client, f.member))
            .collect();
        let clients = &self.findings.clients;
        let mut by_client = Vec::new();
        for kind in ClientFinding::ACCESS {
            // Counted first, so that the list is made once at its size.
            let of_kind = || self.findings.rows.iter().filter(move |r| r.kind() == kind);
            let mut ids: Vec<u128> = Vec::with_capacity(of_kind().count());
            ids.extend(
                of_kind()
                    .filter_map(|r| clients.get(r.row()).map(|c| c.client))
                    .filter(|c| keep(Some(*c)))
                    .map(|c| c.uuid().as_u128()),
            );
            by_client.push((kind.code(), crate::layout::sort_ids(ids)));
        }
        Self::hash_lines(team, &by_client)
    }

    /// The hash of the canonical form (see [`AccessReview::findings_hash`]) of the `team`'s
    /// lines and of the clients' (`by_client`: each code with the ids of its clients, sorted
    /// as 16-byte numbers, the codes in order).
    fn hash_lines(mut team: Vec<Line>, by_client: &[(&'static str, Vec<u128>)]) -> FindingsHash {
        // The lines sort as their fields do: a code is `[a-z_]`, so a shorter code that begins
        // a longer one ends with the space that sorts first; `-` sorts before any hexadecimal
        // digit, as `None` before `Some`; lowercase hyphenated ids sort as their bytes (and as
        // the big-endian number of their bytes). So the fields are sorted and each line written
        // as it is hashed (no text per finding): the team's findings (a few) as tuples, the
        // clients' as the ids of each kind (16-byte numbers), merged.
        team.sort_unstable();
        let client_lines = by_client.iter().flat_map(|(code, ids)| {
            ids.iter().map(|id| (*code, Some(OrganizationId::new(uuid::Uuid::from_u128(*id))), None))
        });
        let mut sha = Sha256::new();
        sha.update(FINDINGS_CANONICAL_HEADER.as_bytes());
        // The lines are written into a block of text that is hashed when full: one call to the
        // hash per 16 KB, not six per line (issue 20: 100 000 lines took 8 ms).
        let mut text: Vec<u8> = Vec::with_capacity(HASHED_BLOCK);
        let mut buffer = uuid::Uuid::encode_buffer();
        let mut write = |(code, client, member): Line| {
            text.extend_from_slice(code.as_bytes());
            for id in [client.map(OrganizationId::uuid), member.map(ProviderUserId::uuid)] {
                text.push(b' ');
                text.extend_from_slice(
                    id.map_or("-", |id| id.hyphenated().encode_lower(&mut buffer)).as_bytes(),
                );
            }
            text.push(b'\n');
            if text.len() >= HASHED_BLOCK - 128 {
                sha.update(&text);
                text.clear();
            }
        };
        let mut team = team.into_iter().peekable();
        for line in client_lines {
            while let Some(first) = team.next_if(|t| *t <= line) {
                write(first);
            }
            write(line);
        }
        team.for_each(&mut write);
        sha.update(&text);
        FindingsHash::from_bytes(sha.finalize().into())
    }

    /// The findings as CSV, one row per finding (the reviewer's worklist): `code`,
    /// `client_id`, `client`, `member_id`, `email`, `message`, `command`, `resolve`, and the
    /// finding's client's `last_reviewed`, `reviewed_by`, `next_due`. Every cell passes through
    /// [`crate::text::csv_cell`].
    #[cfg(feature = "csv")]
    pub fn findings_csv(&self) -> String {
        let by_id: std::collections::HashMap<OrganizationId, &ClientAccess> =
            self.clients.iter().map(|c| (c.client, c)).collect();
        let mut out = csv::Writer::from_writer(Vec::new());
        let _ = out.write_record([
            "code",
            "client_id",
            "client",
            "member_id",
            "email",
            "message",
            "command",
            "resolve",
            "last_reviewed",
            "reviewed_by",
            "next_due",
        ]);
        for f in &self.findings {
            let client = f.client.and_then(|id| by_id.get(&id));
            let review = client.and_then(|c| c.last_review.as_ref());
            let cells = [
                f.code.to_owned(),
                f.client.map(|c| c.to_string()).unwrap_or_default(),
                client.map(|c| c.name.to_string()).unwrap_or_default(),
                f.member.map(|m| m.to_string()).unwrap_or_default(),
                f.email.as_ref().map(|e| e.as_str().to_owned()).unwrap_or_default(),
                f.message.to_string(),
                f.command.to_owned(),
                f.resolve.to_string(),
                review.map(|r| r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default(),
                review.map(|r| r.by_email.as_str().to_owned()).unwrap_or_default(),
                review.map(|r| r.next_due.to_string()).unwrap_or_default(),
            ];
            let _ = out.write_record(cells.iter().map(|c| crate::text::csv_cell(c).into_owned()));
        }
        out.into_inner().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data: serializing it cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
