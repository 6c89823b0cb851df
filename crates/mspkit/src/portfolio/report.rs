//! The portfolio report: the team, the clients by name, the seats and the warnings of one
//! provider. [`PortfolioReport`] holds its lines (what the CLI renders and Python reads);
//! [`PortfolioReportView`] is the same report borrowed from the provider, for writing its JSON
//! without a line per client copied first (a service's answer at 100 000 clients).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::client::{ClientOrganization, ClientTag};
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderId, ProviderUserId};
use crate::plan::{PlanType, ProductTier};
use crate::provider::{PlanSeats, Provider, ProviderStatus, ProviderType};
use crate::team::{ProviderUserStatus, ProviderUserType};

use super::report_lines::Gathered;

/// The provider's line in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSummary {
    /// Id.
    pub id: ProviderId,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: ProviderType,
    /// Status.
    pub status: ProviderStatus,
    /// Enabled.
    pub enabled: bool,
    /// Billing email.
    pub billing_email: Option<String>,
}

/// One member's line in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLine {
    /// Membership id.
    pub id: ProviderUserId,
    /// Email.
    pub email: String,
    /// Name, if known.
    pub name: Option<String>,
    /// Role.
    pub role: ProviderUserType,
    /// Status.
    pub status: ProviderUserStatus,
    /// For a scoped service user, the names of the clients it reaches.
    pub client_scope: Option<Vec<String>>,
    /// Whether a pending invitation has expired.
    pub invitation_expired: bool,
}

/// Head counts of the team.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamCounts {
    /// Confirmed provider admins.
    pub confirmed_admins: usize,
    /// Service users (any state).
    pub service_users: usize,
    /// Invited members.
    pub invited: usize,
    /// Accepted members waiting for confirmation.
    pub accepted: usize,
    /// Confirmed members.
    pub confirmed: usize,
    /// Revoked members.
    pub revoked: usize,
}

/// One client's line in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientLine {
    /// Organization id.
    pub id: OrganizationId,
    /// Name (a [`SmolStr`](smol_str::SmolStr) copied from the client's own without allocating;
    /// a string in JSON).
    pub name: smol_str::SmolStr,
    /// Plan.
    pub plan: PlanType,
    /// Product tier.
    pub tier: ProductTier,
    /// Assigned seats.
    pub seats: u32,
    /// Occupied seats.
    pub occupied_seats: u32,
    /// Free seats.
    pub free_seats: u32,
    /// Whether new members would be refused.
    pub full: bool,
    /// Enabled: its own flag and, for an MSP's or business unit's client, its provider's.
    pub enabled: bool,
    /// Its lifecycle state (issue 17; absent in JSON when active).
    #[serde(default, skip_serializing_if = "crate::ClientState::is_active")]
    pub state: crate::ClientState,
    /// The seats the MSP bills it for ([`crate::ClientState::billed_seats`]; absent in JSON
    /// when active, where it is `seats`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed_seats: Option<u32>,
    /// Its tags (issue 17; absent in JSON when it has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<crate::client::ClientTag>,
}

/// A warning's line in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningLine {
    /// Stable code.
    pub code: String,
    /// What to do about it.
    pub message: String,
}

/// The portfolio summary: team, roles, clients, seats and warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioReport {
    /// When the report was made.
    pub generated_at: DateTime<Utc>,
    /// The provider.
    pub provider: ProviderSummary,
    /// Team head counts.
    pub team_counts: TeamCounts,
    /// The team, admins first, then by email.
    pub team: Vec<MemberLine>,
    /// The clients, by name.
    pub clients: Vec<ClientLine>,
    /// Seats per plan.
    pub seats: Vec<PlanSeats>,
    /// What needs attention.
    pub warnings: Vec<WarningLine>,
    /// The billing warnings a provider admin sees ([`Provider::provider_warnings_for`]: the
    /// suspension with its resolution and cancel date; the tax-id warning once the caller gives
    /// tax facts, see [`PortfolioReport::with_billing_warnings`]). Absent in JSON when empty.
    #[serde(default, skip_serializing_if = "crate::billing::ProviderWarnings::is_empty")]
    pub billing_warnings: crate::billing::ProviderWarnings,
}

impl PortfolioReport {
    /// Builds the report of `provider` at `now`.
    pub fn new(provider: &Provider, now: DateTime<Utc>) -> Self {
        PortfolioReportView::new(provider, now).into_report()
    }

    /// The report with the billing warnings `viewer` sees given the caller's `tax` facts
    /// ([`Provider::provider_warnings`]; `member_not_found` for a viewer outside the team).
    pub fn with_billing_warnings(
        mut self,
        provider: &Provider,
        viewer: ProviderUserId,
        tax: &crate::billing::TaxFacts,
    ) -> Result<Self, Error> {
        self.billing_warnings = provider.provider_warnings(viewer, tax)?;
        Ok(self)
    }
}

/// The portfolio report of a provider, borrowed from it: everything but the client lines is
/// built (the team and the warnings are few), the clients are the provider's own in name order,
/// each line written from the client when serialized. Serializes to exactly the JSON of
/// [`PortfolioReport::new`] at the same `now` (tested), with no text copied per client.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioReportView<'a> {
    pub(super) generated_at: DateTime<Utc>,
    pub(super) provider: ProviderSummary,
    pub(super) team_counts: TeamCounts,
    pub(super) team: Vec<MemberLine>,
    pub(super) clients: ClientLines<'a>,
    pub(super) seats: Vec<PlanSeats>,
    pub(super) warnings: Vec<WarningLine>,
    #[serde(skip_serializing_if = "crate::billing::ProviderWarnings::is_empty")]
    pub(super) billing_warnings: crate::billing::ProviderWarnings,
}

/// The clients of a provider in report order (their positions in [`Provider::clients`]), with
/// their lines' values gathered in one pass over them ([`Gathered`], what the JSON is written from).
#[derive(Debug, Clone)]
pub(super) struct ClientLines<'a> {
    pub(super) provider: &'a Provider,
    pub(super) order: Vec<usize>,
    pub(super) lines: Gathered,
}

/// One client's line, borrowed: the fields of [`ClientLine`], in its order, with its JSON.
#[derive(Serialize)]
pub(super) struct ClientLineRef<'a> {
    pub(super) id: OrganizationId,
    pub(super) name: &'a str,
    pub(super) plan: PlanType,
    pub(super) tier: ProductTier,
    pub(super) seats: u32,
    pub(super) occupied_seats: u32,
    pub(super) free_seats: u32,
    pub(super) full: bool,
    pub(super) enabled: bool,
    #[serde(skip_serializing_if = "crate::ClientState::is_active")]
    pub(super) state: crate::ClientState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) billed_seats: Option<u32>,
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub(super) tags: &'a BTreeSet<ClientTag>,
}

impl<'a> ClientLineRef<'a> {
    /// The line of client `c` of `provider` (the one place a line's values are computed).
    pub(super) fn new(provider: &Provider, c: &'a ClientOrganization) -> Self {
        Self {
            id: c.id(),
            name: c.name(),
            plan: c.plan(),
            tier: c.plan().tier(),
            seats: c.seats(),
            occupied_seats: c.occupied_seats(),
            free_seats: c.free_seats(),
            full: c.is_full(),
            enabled: provider.effective_enabled(c),
            state: c.state(),
            billed_seats: (!c.state().is_active())
                .then(|| c.state().billed_seats(c.seats(), c.occupied_seats())),
            tags: c.tags(),
        }
    }

    /// The owned line, its name shared with `c`'s.
    fn to_line(&self, c: &ClientOrganization) -> ClientLine {
        ClientLine {
            id: self.id,
            name: c.shared_name().clone(),
            plan: self.plan,
            tier: self.tier,
            seats: self.seats,
            occupied_seats: self.occupied_seats,
            free_seats: self.free_seats,
            full: self.full,
            enabled: self.enabled,
            state: self.state,
            billed_seats: self.billed_seats,
            tags: self.tags.iter().cloned().collect(),
        }
    }
}

impl ClientLines<'_> {
    /// The clients in report order.
    fn clients(&self) -> impl Iterator<Item = &ClientOrganization> {
        let all = self.provider.clients();
        self.order.iter().filter_map(|&i| all.get(i))
    }
}

impl Serialize for ClientLines<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.clients().map(|c| ClientLineRef::new(self.provider, c)))
    }
}

impl<'a> PortfolioReportView<'a> {
    /// The report of `provider` at `now` (expired invitations are judged against it).
    pub fn new(provider: &'a Provider, now: DateTime<Utc>) -> Self {
        let (team_counts, team) = team_lines(provider, now);
        // the one pass over the clients: the seats and warnings are taken from its copies
        let (lines, order) = Gathered::gather(provider);
        let all = provider.clients();
        let seats = provider.seat_summary_of(lines.lines.iter().map(|l| (l.plan, l.occupied)));
        let warnings = provider.warnings_among(now, lines.notable.iter().filter_map(|&i| all.get(i)));
        Self {
            generated_at: now,
            provider: ProviderSummary {
                id: provider.id(),
                name: provider.name().to_owned(),
                kind: provider.kind(),
                status: provider.status(),
                enabled: provider.enabled(),
                billing_email: provider.settings().billing_email().map(|e| e.as_str().to_owned()),
            },
            team_counts,
            team,
            clients: ClientLines { provider, order, lines },
            seats,
            warnings: warnings
                .iter()
                .map(|w| WarningLine { code: w.code().to_owned(), message: w.message() })
                .collect(),
            billing_warnings: provider.provider_warnings_for(true, &crate::billing::TaxFacts::default()),
        }
    }

    /// The report with its own lines ([`PortfolioReport::new`]).
    pub fn into_report(self) -> PortfolioReport {
        let provider = self.clients.provider;
        let mut clients = Vec::with_capacity(self.clients.order.len());
        clients.extend(self.clients.clients().map(|c| ClientLineRef::new(provider, c).to_line(c)));
        PortfolioReport {
            generated_at: self.generated_at,
            provider: self.provider,
            team_counts: self.team_counts,
            team: self.team,
            clients,
            seats: self.seats,
            warnings: self.warnings,
            billing_warnings: self.billing_warnings,
        }
    }

    /// How many clients the report lists.
    pub fn client_count(&self) -> usize {
        self.clients.order.len()
    }
}

/// The team's lines, admins first then by email, and their head counts.
fn team_lines(provider: &Provider, now: DateTime<Utc>) -> (TeamCounts, Vec<MemberLine>) {
    // the clients' names by id, for the members' scopes (built only when a member has one)
    let names: BTreeMap<OrganizationId, &str> =
        if provider.members().iter().any(|m| m.client_scope().is_some()) {
            provider.clients().iter().map(|c| (c.id(), c.name())).collect()
        } else {
            BTreeMap::new()
        };
    let mut counts = TeamCounts::default();
    let mut team: Vec<MemberLine> = provider
        .members()
        .iter()
        .map(|m| {
            match m.status() {
                ProviderUserStatus::Invited => counts.invited += 1,
                ProviderUserStatus::Accepted => counts.accepted += 1,
                ProviderUserStatus::Confirmed => counts.confirmed += 1,
                ProviderUserStatus::Revoked => counts.revoked += 1,
            }
            if m.is_confirmed_admin() {
                counts.confirmed_admins += 1;
            }
            if m.role() == ProviderUserType::ServiceUser {
                counts.service_users += 1;
            }
            MemberLine {
                id: m.id(),
                email: m.email().as_str().to_owned(),
                name: m.name().map(str::to_owned),
                role: m.role(),
                status: m.status(),
                client_scope: m.client_scope().map(|scope| {
                    scope
                        .iter()
                        .map(|id| names.get(id).map_or_else(|| id.to_string(), |n| (*n).to_owned()))
                        .collect()
                }),
                invitation_expired: m.invitation_expired(now),
            }
        })
        .collect();
    team.sort_by(|a, b| a.role.cmp(&b.role).then_with(|| a.email.cmp(&b.email)));
    (counts, team)
}
