//! The portfolio document: one provider with its team and clients, as a provider keeps it in a
//! file (`schema_version` 2; version 1, before client policies, still reads), and the summary
//! report built from it.

mod report;
mod report_json;
mod report_lines;
mod schema;

pub use report::{
    ClientLine, MemberLine, PortfolioReport, PortfolioReportView, ProviderSummary, TeamCounts, WarningLine,
};
pub use schema::{OLDEST_SCHEMA_VERSION, PortfolioError, SCHEMA_VERSION};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deployment::{
    ClientDeployment, DeploymentError, DeploymentPortfolio, PortfolioClient, RawClientDeployment,
};
use crate::document::DocumentReader;
use crate::error::Error;
use crate::provider::{Provider, ProviderRecord};

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
