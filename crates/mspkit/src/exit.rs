//! A client's exit from its provider (issue 20, item 3): the pre-flight that lists what blocks
//! or should precede unlinking, and the receipt the client leaves with — its final state, the
//! log's head when it left, the seats and money of its last period — signed when a key is
//! given.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::billing::{Lifecycle, Money};
use crate::deployment::DeploymentCatalog;
use crate::error::Error;
use crate::event::{Event, EventError};
use crate::event_log::{ChainHash, SealKey, SealPublicKey};
use crate::ids::{OrganizationId, ProviderId, ProviderUserId};
use crate::provider::{ClientError, Provider};
use crate::team::ProviderUserType;

/// Whether a finding stops the unlink.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitSeverity {
    /// Unlinking is refused until it is resolved.
    Blocking,
    /// Should be done before (or is worth knowing at) the exit; unlinking is not refused.
    Advisory,
}

/// One thing found before a client's exit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitFinding {
    /// Its stable code (`exit_no_own_owner`, `exit_open_invoice`, …).
    pub code: String,
    /// Blocking or advisory.
    pub severity: ExitSeverity,
    /// What was found and what to do.
    pub message: String,
}

/// The pre-flight of a client's exit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitCheck {
    /// The client.
    pub client: OrganizationId,
    /// Its name.
    pub name: String,
    /// What was found, blocking findings first.
    pub findings: Vec<ExitFinding>,
}

impl ExitCheck {
    /// Checks `client` of `provider` (`client_not_found` for another id). Its deployment is
    /// judged against `catalog` (the edition its plan follows).
    ///
    /// Blocking: `exit_no_own_owner` (no confirmed owner whose email is not a provider
    /// member's: the unlink is refused with `no_confirmed_owner`, as the reference refuses it).
    /// Advisory: `exit_no_billing_email`, `exit_open_invoice` (with the client's row),
    /// `exit_scoped_members` (service users scoped to it), `exit_psa_reference`,
    /// `exit_deployment_unfinished`, `exit_provider_members_inside` (provider members still
    /// members of the client organization: they keep their access after it leaves).
    pub fn new(
        provider: &Provider,
        client: OrganizationId,
        catalog: &DeploymentCatalog,
    ) -> Result<Self, Error> {
        let c = provider.client(client).ok_or(ClientError::NotFound { client })?;
        let mut findings = Vec::new();
        let mut add = |code: &str, severity, message: String| {
            findings.push(ExitFinding { code: code.to_owned(), severity, message });
        };
        let own =
            c.confirmed_owner_emails().into_iter().filter(|e| provider.member_by_email(e).is_none()).count();
        if own == 0 {
            add(
                "exit_no_own_owner",
                ExitSeverity::Blocking,
                "it has no confirmed owner outside the provider, so it would leave with nobody to run it; invite and confirm an owner of its own first".to_owned(),
            );
        }
        if c.billing_email().is_none() {
            add(
                "exit_no_billing_email",
                ExitSeverity::Advisory,
                "it has no billing email; it leaves with its first own owner's".to_owned(),
            );
        }
        if let Some(sub) = provider.subscription() {
            if let Lifecycle::Invoiced { invoice } | Lifecycle::Unpaid { invoice, .. } = sub.lifecycle() {
                let row = provider
                    .client_invoice_report()
                    .ok()
                    .and_then(|r| r.rows.into_iter().find(|row| row.id == Some(client)));
                let detail = row.map_or_else(String::new, |row| {
                    format!(": its row bills {} assigned seats, about {}", row.assigned, row.estimated_total)
                });
                add(
                    "exit_open_invoice",
                    ExitSeverity::Advisory,
                    format!(
                        "the provider's invoice of {} due {} is open{detail}; settle it with the client before it leaves",
                        invoice.amount, invoice.due_on
                    ),
                );
            }
            if let Some(reference) = sub.client_reference(client) {
                add(
                    "exit_psa_reference",
                    ExitSeverity::Advisory,
                    format!(
                        "its PSA agreement `{reference}` is still referenced; close the agreement in the PSA"
                    ),
                );
            }
        }
        let scoped: Vec<&str> = provider
            .members()
            .iter()
            .filter(|m| {
                m.role() == ProviderUserType::ServiceUser
                    && m.client_scope().is_some_and(|s| s.contains(&client))
            })
            .map(|m| m.email().as_str())
            .collect();
        if !scoped.is_empty() {
            add(
                "exit_scoped_members",
                ExitSeverity::Advisory,
                format!(
                    "{} service user(s) are scoped to it ({}); unlinking takes it out of their scope",
                    scoped.len(),
                    scoped.join(", ")
                ),
            );
        }
        if let Some(d) = provider.deployment(client)
            && !d.plan().is_finished(catalog)
        {
            add(
                "exit_deployment_unfinished",
                ExitSeverity::Advisory,
                "its deployment is not finished; it leaves with the plan as it is".to_owned(),
            );
        }
        let inside: Vec<&str> = c
            .members()
            .iter()
            .filter(|m| provider.member_by_email(&m.email).is_some())
            .map(|m| m.email.as_str())
            .collect();
        if !inside.is_empty() {
            add(
                "exit_provider_members_inside",
                ExitSeverity::Advisory,
                format!(
                    "provider members are still members of the organization ({}); they keep that access after it leaves: remove them",
                    inside.join(", ")
                ),
            );
        }
        Ok(Self { client, name: c.name().to_owned(), findings })
    }

    /// Whether a blocking finding stops the unlink.
    pub fn is_blocked(&self) -> bool {
        self.findings.iter().any(|f| f.severity == ExitSeverity::Blocking)
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data: serializing it cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The seats and money of the client's last period with the provider (its row of the client
/// invoice report), when the provider bills consolidated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastPeriod {
    /// Its plan's name.
    pub plan: String,
    /// Assigned seats.
    pub assigned: u64,
    /// Occupied seats.
    pub used: u64,
    /// The period's estimated total.
    pub estimated_total: Money,
}

/// What a client leaves with: the receipt of its exit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitReceipt {
    /// The provider it left.
    pub provider: ProviderId,
    /// The provider's name.
    pub provider_name: String,
    /// The client.
    pub client: OrganizationId,
    /// When it left.
    pub left_at: String,
    /// The admin who unlinked it.
    pub by: ProviderUserId,
    /// The organization as it left (its record: members, seats, plan, billing email).
    pub final_state: serde_json::Value,
    /// The sequence of the unlink event.
    pub sequence: u64,
    /// The events of its time with the provider that name it, counted in the log.
    pub events: u64,
    /// The hash of the log's last line before the unlink (a version 2 log), if known.
    pub chain_head: Option<ChainHash>,
    /// Its last period's seats and money.
    pub last_period: Option<LastPeriod>,
    /// The advisory findings of the pre-flight at the exit.
    pub findings: Vec<ExitFinding>,
}

/// A receipt with its signature: `{"receipt": {…}, "signature": {"public_key": …, "signature":
/// …}}`. The signature covers the receipt serialized as compact JSON with its keys sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedReceipt {
    /// The receipt.
    pub receipt: ExitReceipt,
    /// Its signature, when a key was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<ReceiptSignature>,
}

/// An Ed25519 signature of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptSignature {
    /// The key that signed it.
    pub public_key: SealPublicKey,
    /// The signature (128 hexadecimal digits).
    pub signature: String,
}

impl ExitReceipt {
    /// The receipt of `client`'s exit: `before` is the provider before the unlink, `leaving`
    /// the organization as the unlink returned it, `event` the unlink event; `events` how many
    /// events of the log named the client and `chain_head` the log's head before the unlink.
    pub fn new(
        before: &Provider,
        leaving: &crate::client::ClientOrganization,
        event: &Event,
        events: u64,
        chain_head: Option<ChainHash>,
        findings: Vec<ExitFinding>,
    ) -> Result<Self, Error> {
        let crate::event::Actor::Member(by) = event.actor else {
            return Err(EventError::Mismatch {
                sequence: event.sequence,
                change: event.change.name(),
                detail: "a client is unlinked by a provider admin".to_owned(),
            }
            .into());
        };
        let last_period = before.client_invoice_report().ok().and_then(|r| {
            r.rows.into_iter().find(|row| row.id == Some(leaving.id())).map(|row| LastPeriod {
                plan: row.plan.to_owned(),
                assigned: row.assigned,
                used: row.used,
                estimated_total: row.estimated_total,
            })
        });
        Ok(Self {
            provider: before.id(),
            provider_name: before.name().to_owned(),
            client: leaving.id(),
            left_at: event.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            by,
            final_state: serde_json::to_value(leaving).unwrap_or_default(),
            sequence: event.sequence,
            events,
            chain_head,
            last_period,
            findings: findings.into_iter().filter(|f| f.severity == ExitSeverity::Advisory).collect(),
        })
    }

    /// The bytes a signature covers: `mspkit exit receipt v1` and a line feed, then the receipt
    /// as compact JSON, its keys sorted.
    fn signed_bytes(&self) -> Vec<u8> {
        let mut bytes = b"mspkit exit receipt v1\n".to_vec();
        bytes.extend(serde_json::to_value(self).and_then(|v| serde_json::to_vec(&v)).unwrap_or_default());
        bytes
    }

    /// The receipt, signed with `key` when given.
    pub fn sign(self, key: Option<&SealKey>) -> SignedReceipt {
        let signature = key.map(|key| ReceiptSignature {
            public_key: key.public_key(),
            signature: key.sign_bytes(&self.signed_bytes()),
        });
        SignedReceipt { receipt: self, signature }
    }
}

impl SignedReceipt {
    /// Reads a receipt document.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        crate::document::DocumentReader::new().parse(text, "exit receipt").map_err(Error::from)
    }

    /// The document (pretty JSON).
    pub fn to_json(&self) -> String {
        // Plain data: serializing it cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the signature with `trusted`: `receipt_unsigned` when it has none,
    /// `receipt_key_mismatch` for another key, `receipt_signature_invalid` when the receipt was
    /// changed.
    pub fn verify(&self, trusted: &SealPublicKey) -> Result<(), Error> {
        let Some(signature) = &self.signature else { return Err(EventError::ReceiptUnsigned.into()) };
        if signature.public_key != *trusted {
            return Err(EventError::ReceiptKeyMismatch { found: signature.public_key.to_hex() }.into());
        }
        trusted
            .verify_bytes(&self.receipt.signed_bytes(), &signature.signature)
            .map_err(|_| EventError::ReceiptSignatureInvalid.into())
    }
}

/// When the receipt was made, read back (for callers that want a time).
pub fn left_at(receipt: &ExitReceipt) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&receipt.left_at).ok().map(|t| t.with_timezone(&Utc))
}
