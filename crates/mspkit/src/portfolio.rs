//! The portfolio document: one provider with its team and clients, as a provider keeps it in a
//! file (`schema_version` 2; version 1, before client policies, still reads), and the summary
//! report built from it.

mod schema;

pub use schema::{OLDEST_SCHEMA_VERSION, PortfolioError, SCHEMA_VERSION};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deployment::{
    ClientDeployment, DeploymentError, DeploymentPortfolio, PortfolioClient, RawClientDeployment,
};
use crate::document::DocumentReader;
use crate::error::Error;
use crate::ids::{OrganizationId, ProviderId, ProviderUserId};
use crate::plan::{PlanType, ProductTier};
use crate::provider::{PlanSeats, Provider, ProviderRecord, ProviderStatus, ProviderType};
use crate::team::{ProviderUserStatus, ProviderUserType};

/// One provider's portfolio: the provider (with its team and clients) and the deployment of
/// the password manager at its clients. The deployments are the provider's own (its deployment
/// area, rebuilt by [`Provider::replay`] with everything else); the portfolio document writes
/// them beside the provider.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "PortfolioRecord")]
pub struct Portfolio {
    provider: Provider,
}

/// The serialized form of a portfolio as read; the provider stays plain values until converted,
/// so a refusal keeps its own error code.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PortfolioRecord {
    schema_version: u32,
    provider: ProviderRecord,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    deployments: Vec<ClientDeployment>,
}

/// A portfolio as a document gives it, for [`Portfolio::from_json_with`]: the deployments stay
/// raw too, and are converted one by one, so a refused value of a deployment keeps its own code
/// (`date_out_of_range`, `invalid_duration`, …) instead of becoming a parse error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PortfolioDocument {
    schema_version: u32,
    provider: ProviderRecord,
    #[serde(default)]
    deployments: Vec<RawClientDeployment>,
}

impl TryFrom<PortfolioRecord> for Portfolio {
    type Error = Error;

    fn try_from(record: PortfolioRecord) -> Result<Self, Self::Error> {
        if !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&record.schema_version) {
            return Err(Error::Portfolio(PortfolioError::UnsupportedSchema { found: record.schema_version }));
        }
        Ok(Self::new(Provider::try_from(record.provider)?).with_more_deployments(record.deployments)?)
    }
}

/// The serialized form of a portfolio, borrowed from it (the same JSON as [`PortfolioRecord`]).
#[derive(Serialize)]
struct PortfolioRecordRef<'a> {
    schema_version: u32,
    provider: crate::provider::WithoutDeployments<'a>,
    #[serde(skip_serializing_if = "<[ClientDeployment]>::is_empty")]
    deployments: &'a [ClientDeployment],
}

impl Serialize for Portfolio {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PortfolioRecordRef {
            schema_version: SCHEMA_VERSION,
            provider: crate::provider::WithoutDeployments(&self.provider),
            deployments: self.provider.deployments(),
        }
        .serialize(serializer)
    }
}

impl Portfolio {
    /// A portfolio of one provider, with the deployments it holds (none for a provider that
    /// was not rebuilt from a log that plans them).
    pub fn new(provider: Provider) -> Self {
        Self { provider }
    }

    /// With the deployments of the provider's clients, replacing those it held: one per client
    /// at most, and only for clients of this provider.
    pub fn with_deployments(mut self, deployments: Vec<ClientDeployment>) -> Result<Self, DeploymentError> {
        self.provider.set_deployments(deployments)?;
        Ok(self)
    }

    /// With `more` deployments after those the provider holds (a document that gives some
    /// inside the provider and some beside it).
    fn with_more_deployments(mut self, more: Vec<ClientDeployment>) -> Result<Self, DeploymentError> {
        if more.is_empty() {
            return Ok(self);
        }
        let mut all = self.provider.take_deployments();
        all.extend(more);
        self.provider.set_deployments(all)?;
        Ok(self)
    }

    /// The deployments (the provider's, in the order they were planned).
    pub fn deployments(&self) -> &[ClientDeployment] {
        self.provider.deployments()
    }

    /// The deployment view of the portfolio: each deployment with its client's name, for
    /// [`DeploymentReport::build`](crate::deployment::DeploymentReport::build).
    pub fn deployment_portfolio(&self) -> Result<DeploymentPortfolio, DeploymentError> {
        let clients = self
            .provider
            .clients()
            .iter()
            .map(|c| PortfolioClient { id: c.id(), name: c.name().to_owned() })
            .collect();
        DeploymentPortfolio::new(clients, self.deployments().to_vec())
    }

    /// Reads a portfolio document, checking every invariant of everything in it. A document of
    /// another schema version is refused with `portfolio_schema_unsupported`, JSON of the wrong
    /// shape with `invalid_document`, and a value that breaks an invariant with that
    /// invariant's own error (`seats_below_occupied`, `deployment_not_a_client`, …).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::from_json_with(json, &DocumentReader::new())
    }

    /// [`Self::from_json`] with a reader of another size limit (the CLI's `--max-bytes`). The
    /// reader's checks come first (size, syntax, no repeated key), then the schema version,
    /// then the shape, then every invariant.
    pub fn from_json_with(json: &str, reader: &DocumentReader) -> Result<Self, Error> {
        // Read the version first, so an old or new document gets the right message rather
        // than a complaint about a field it does not know.
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        reader.check(json, "portfolio")?;
        if let Ok(Version { schema_version: Some(found) }) = serde_json::from_str::<Version>(json)
            && !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&found)
        {
            return Err(Error::Portfolio(PortfolioError::UnsupportedSchema { found }));
        }
        let document: PortfolioDocument =
            serde_json::from_str(json).map_err(|e| crate::document::invalid("portfolio", &e))?;
        if !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&document.schema_version) {
            return Err(Error::Portfolio(PortfolioError::UnsupportedSchema {
                found: document.schema_version,
            }));
        }
        let deployments = document
            .deployments
            .into_iter()
            .map(ClientDeployment::try_from)
            .collect::<Result<Vec<_>, DeploymentError>>()?;
        Ok(Self::new(Provider::try_from(document.provider)?).with_more_deployments(deployments)?)
    }

    /// Writes the document as pretty JSON to `out` (as [`Self::to_json`], without a line break
    /// at the end), as it is serialized: a large portfolio is never held as text (`mspkit
    /// replay`).
    pub fn write_json(&self, out: impl std::io::Write) -> Result<(), serde_json::Error> {
        serde_json::to_writer_pretty(out, self)
    }

    /// Writes the document as pretty JSON, from the portfolio as it is (no copy first). A
    /// failure to write is `invalid_provider_record` (it does not happen for a portfolio built by
    /// mspkit).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| {
            Error::Provider(crate::provider::ProviderError::InvalidRecord {
                detail: format!("cannot write it: {e}"),
            })
        })
    }

    /// The provider.
    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// Runs commands on the provider (`command` gets it mutably) and keeps the portfolio a
    /// document [`Portfolio::from_json`] accepts: a client that left the provider leaves its
    /// deployment too. Replaces `provider_mut`, which let a caller unlink a client and keep its
    /// deployment.
    pub fn update_provider<T>(
        &mut self,
        command: impl FnOnce(&mut Provider) -> Result<T, Error>,
    ) -> Result<T, Error> {
        // A client that leaves takes its deployment with it in the provider's own apply.
        command(&mut self.provider)
    }

    /// The summary report at `now` (expired invitations are judged against it).
    pub fn report(&self, now: DateTime<Utc>) -> PortfolioReport {
        PortfolioReport::new(&self.provider, now)
    }
}

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
    /// Name.
    pub name: String,
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
        // each line with its sort key: the name lowered, in one buffer for all (see below)
        let mut lowered = String::new();
        let mut keyed: Vec<(std::ops::Range<usize>, ClientLine)> = provider
            .clients()
            .iter()
            .map(|c| {
                (
                    lower_into(&mut lowered, c.name()),
                    ClientLine {
                        id: c.id(),
                        name: c.name().to_owned(),
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
                        tags: c.tags().iter().cloned().collect(),
                    },
                )
            })
            .collect();
        // by name without case, then id (a total order): each name lowered once into one
        // buffer, not twice per comparison (that made the report superlinear: two allocations
        // per comparison, n log n of them)
        keyed.sort_by(|(a, line_a), (b, line_b)| {
            let (a, b) =
                (lowered.get(a.clone()).unwrap_or_default(), lowered.get(b.clone()).unwrap_or_default());
            a.cmp(b).then(line_a.id.cmp(&line_b.id))
        });
        let clients: Vec<ClientLine> = keyed.into_iter().map(|(_, line)| line).collect();
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
            team_counts: counts,
            team,
            clients,
            seats: provider.seat_summary(),
            warnings: provider
                .warnings(now)
                .iter()
                .map(|w| WarningLine { code: w.code().to_owned(), message: w.message() })
                .collect(),
            billing_warnings: provider.provider_warnings_for(true, &crate::billing::TaxFacts::default()),
        }
    }

    /// The report with the billing warnings `viewer` sees given the caller's `tax` facts
    /// ([`Provider::provider_warnings`]; `member_not_found` for a viewer outside the team).
    pub fn with_billing_warnings(
        mut self,
        provider: &Provider,
        viewer: crate::ids::ProviderUserId,
        tax: &crate::billing::TaxFacts,
    ) -> Result<Self, Error> {
        self.billing_warnings = provider.provider_warnings(viewer, tax)?;
        Ok(self)
    }
}

/// Appends `name` lowered to `buffer` and returns where it is: [`str::to_lowercase`], without
/// an allocation of its own for an ASCII name (where it is the ASCII lowering).
fn lower_into(buffer: &mut String, name: &str) -> std::ops::Range<usize> {
    let start = buffer.len();
    if name.is_ascii() {
        buffer.extend(name.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        buffer.push_str(&name.to_lowercase());
    }
    start..buffer.len()
}

// (Here, not in deployment/report.rs: the deployments' values do not read the portfolio.)
impl DeploymentPortfolio {
    /// Reads the deployments of a whole portfolio document (`schema_version` 1), exactly as
    /// `mspkit deploy` and `mspkit report` read it: the reader's checks (size limit, no repeated
    /// key), then [`crate::Portfolio::from_json`] with every invariant of the provider, its team
    /// and clients, then [`crate::Portfolio::deployment_portfolio`]. Python's
    /// `DeploymentReport.build`, `deployment_report` and `deployment_timeline_svg` read through
    /// this, so the command line and Python give the same verdict on the same file.
    pub fn from_portfolio_json(text: &str, reader: &DocumentReader) -> Result<Self, Error> {
        Ok(Portfolio::from_json_with(text, reader)?.deployment_portfolio()?)
    }
}
