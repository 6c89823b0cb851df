//! The errors of a reference document that cannot be read.

use crate::ids::{OrganizationId, ProviderId};

/// A reference document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InteropError {
    /// The text is not JSON of the expected shape.
    #[error("the {document} document is not valid reference JSON: {detail}")]
    Malformed {
        /// Which document (`provider`, `members`, `clients`, `profile`, `events`).
        document: &'static str,
        /// What the parser said.
        detail: String,
    },
    /// An integer code the reference does not define.
    #[error("`{value}` is not a known {field} code")]
    UnknownCode {
        /// The field.
        field: &'static str,
        /// The code found.
        value: i64,
    },
    /// A client belongs to another provider.
    #[error("client `{client}` belongs to provider `{found}`, not `{expected}`")]
    WrongProvider {
        /// The client organization.
        client: OrganizationId,
        /// The provider being read.
        expected: ProviderId,
        /// The provider the client names.
        found: ProviderId,
    },
    /// A client has no plan the library can recognise: no `planType`, and a `plan` name that is
    /// missing or not one the reference writes.
    #[error(
        "client `{client}` has no recognisable plan (`planType`, or a `plan` name the reference writes); supply its plan code"
    )]
    MissingPlan {
        /// The client organization.
        client: OrganizationId,
    },
    /// A managed client needs the provider's billing email. No longer returned: a client whose
    /// billing email the documents do not give is read without one; the variant keeps its code.
    #[error("the provider has no billing email, which its clients take; add `billingEmail`")]
    MissingBillingEmail,
    /// A client's plan name stands for several plans (`Teams (Monthly)` is any of four Teams
    /// monthly editions) and the caller has not chosen how to read it.
    #[error(
        "client `{client}` has the plan name `{name}`, which is any of {candidates}; supply its plan code (the organization's own response has `planType`) or choose the current edition for ambiguous names"
    )]
    AmbiguousPlan {
        /// The client organization.
        client: OrganizationId,
        /// The stored name.
        name: String,
        /// The codes it may stand for, comma-separated.
        candidates: String,
    },
    /// A fact mspkit needs is in none of the documents and the caller did not supply it.
    #[error("the reference documents do not say {what}; {hint}")]
    MissingFact {
        /// The fact (`the provider's status`, …).
        what: &'static str,
        /// Where it can be had.
        hint: &'static str,
    },
}

error_codes! {
    InteropError {
        Self::Malformed { .. } => "reference_malformed", CorruptDocument;
        Self::UnknownCode { .. } => "reference_unknown_code", CorruptDocument;
        Self::WrongProvider { .. } => "reference_wrong_provider", CorruptDocument;
        Self::MissingPlan { .. } => "reference_missing_plan", CorruptDocument;
        Self::MissingBillingEmail => "reference_missing_billing_email", CorruptDocument;
        Self::AmbiguousPlan { .. } => "reference_ambiguous_plan", CorruptDocument;
        Self::MissingFact { .. } => "reference_missing_fact", CorruptDocument;
    }
}
