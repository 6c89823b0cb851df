//! The errors of billing: amounts, prices, periods, the subscription and its documents.

use chrono::NaiveDate;

use super::Money;
use crate::plan::PlanType;

/// A billing command or document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BillingError {
    /// An amount does not fit (more than about 92 million billion dollars).
    #[error("the amount does not fit in the range of exact amounts")]
    Overflow,
    /// Not an amount of dollars and cents.
    #[error("`{input}` is not an amount of dollars and cents, such as `1234.50`")]
    InvalidAmount {
        /// The text given (cut to 40 characters).
        input: String,
    },
    /// Not a percentage from 0 to 100 with at most two decimals.
    #[error("`{input}` is not a discount from 0 to 100 percent with at most two decimals, such as `12.5`")]
    InvalidDiscount {
        /// The text given.
        input: String,
    },
    /// The plan is not sold per seat in consolidated billing.
    #[error(
        "plan `{plan}` is not billed in consolidated provider billing; use `teams_monthly`, `enterprise_monthly` or `enterprise_annually`",
        plan = plan.name()
    )]
    PlanNotBilled {
        /// The plan.
        plan: PlanType,
    },
    /// A seat price below zero.
    #[error("the price of plan `{plan}` cannot be negative (`{price}`)", plan = plan.name())]
    NegativePrice {
        /// The plan.
        plan: PlanType,
        /// The price given.
        price: Money,
    },
    /// A date beyond the calendar's range.
    #[error("the date is out of the supported range")]
    DateOutOfRange,
    /// A date before the subscription covers anything: before its first charge date (a billing
    /// period, an invoice), or before the day it started (a what-if: seats bought in the trial
    /// are free until the first charge).
    #[error("`{date}` is before `{start}`, the first day the subscription covers")]
    DateBeforeSubscription {
        /// The date.
        date: NaiveDate,
        /// The first charge date, or for a what-if the day the subscription started.
        start: NaiveDate,
    },
    /// A date outside a billing period.
    #[error("`{date}` is outside the billing period from `{start}` to `{end}`")]
    DateOutsidePeriod {
        /// The date.
        date: NaiveDate,
        /// The period's first day.
        start: NaiveDate,
        /// The day after its last day.
        end: NaiveDate,
    },
    /// Not a month written `YYYY-MM`.
    #[error("`{input}` is not a month; write it as the year and the month, for example `2026-11`")]
    InvalidMonth {
        /// The text given (cut to 40 characters).
        input: String,
    },
    /// A reseller has no consolidated provider billing.
    #[error("a reseller has no consolidated provider billing; its clients are billed per organization")]
    NoConsolidatedBilling,
    /// The provider's subscription already runs.
    #[error("the provider's subscription has already started; a new one starts only after a cancellation")]
    AlreadyStarted,
    /// A subscription cannot start after today.
    #[error("a subscription cannot start on `{started_on}`, after today; record it on or after its start")]
    StartInFuture {
        /// The start given.
        started_on: NaiveDate,
    },
    /// The provider has no subscription.
    #[error("the provider has no subscription yet; start one first")]
    NoSubscription,
    /// The trial is not over.
    #[error("the subscription is in its trial until `{trial_ends_on}`; the first invoice comes then")]
    TrialNotOver {
        /// The first charge date.
        trial_ends_on: NaiveDate,
    },
    /// An invoice is already open.
    #[error("the invoice issued on `{issued_on}` is still open; it must be paid first")]
    InvoiceAlreadyOpen {
        /// Its issue date.
        issued_on: NaiveDate,
    },
    /// Nothing to pay.
    #[error("the subscription has no open invoice")]
    NoOpenInvoice,
    /// The invoice is not past due.
    #[error("the open invoice is due on `{due_on}`; it is not overdue before the day after")]
    NotOverdue {
        /// The due date.
        due_on: NaiveDate,
    },
    /// Only an unpaid subscription is cancelled for non-payment.
    #[error("the subscription is not unpaid; only an unpaid subscription is cancelled")]
    NotUnpaid,
    /// Cancellation comes 7 days after the subscription became unpaid.
    #[error("an unpaid subscription cancels on `{cancels_on}`, not before")]
    CancelTooEarly {
        /// The first day it may be cancelled.
        cancels_on: NaiveDate,
    },
    /// The subscription is cancelled.
    #[error("the subscription was cancelled on `{on}`; start a new one")]
    Cancelled {
        /// The day.
        on: NaiveDate,
    },
    /// A change does not follow from the subscription's state (a log replayed out of order).
    #[error("the change `{change}` does not follow from the subscription's current state")]
    OutOfOrder {
        /// The change's name.
        change: &'static str,
    },
    /// A change records values its state does not give (an amount, a date or a flag no command
    /// would have recorded): a forged or corrupted log.
    #[error("the change `{change}` does not match the subscription: {detail}")]
    ChangeMismatch {
        /// The change's name.
        change: &'static str,
        /// What does not match.
        detail: String,
    },
    /// A client reference is blank, too long or holds control characters.
    #[error("the client reference `{reference}` must have 1 to 64 characters and no control characters")]
    InvalidClientReference {
        /// The reference given (cut to 70 characters).
        reference: String,
    },
    /// A what-if change names a client the provider does not have.
    #[error("`{client}` is neither the id nor the name of one of the provider's clients")]
    UnknownClient {
        /// The id or name given.
        client: String,
    },
    /// A what-if document is not valid.
    #[error("the what-if changes are invalid: {detail}")]
    InvalidWhatIf {
        /// What the reader found: the field (`changes[1].seats`) and why.
        detail: String,
    },
    /// A PSA export's header does not name the columns of one PSA (issue 17).
    #[error("the PSA export's header is not understood: {detail}")]
    PsaHeaderInvalid {
        /// What is missing or ambiguous.
        detail: String,
    },
    /// A row of a PSA export is not valid (issue 17).
    #[error("row {row} of the PSA export is not valid: {detail}")]
    PsaRowInvalid {
        /// The row: the line it starts on in a CSV file, its position (from 1) in a list.
        row: u64,
        /// What is wrong, values escaped and cut.
        detail: String,
    },
    /// A PSA export has more rows than the reader takes (issue 17).
    #[error(
        "the PSA export has more than {limit} rows; split it or filter it to the password manager's agreements"
    )]
    PsaTooManyRows {
        /// The most rows read.
        limit: usize,
    },
    /// The document reader refused a billing document (a what-if): over the size limit,
    /// a repeated key, not JSON. The code is the reader's.
    #[error(transparent)]
    Document(crate::document::DocumentError),
}

error_codes! {
    BillingError {
        Self::Overflow => "amount_overflow", InvalidInput;
        Self::InvalidAmount { .. } => "amount_invalid", InvalidInput;
        Self::InvalidDiscount { .. } => "discount_invalid", InvalidInput;
        Self::PlanNotBilled { .. } => "plan_not_billed", Conflict;
        Self::NegativePrice { .. } => "price_negative", InvalidInput;
        Self::DateOutOfRange => "billing_date_out_of_range", InvalidInput;
        Self::DateBeforeSubscription { .. } => "date_before_subscription", InvalidInput;
        Self::DateOutsidePeriod { .. } => "date_outside_period", InvalidInput;
        Self::InvalidMonth { .. } => "period_invalid", InvalidInput;
        Self::NoConsolidatedBilling => "no_consolidated_billing", Conflict;
        Self::AlreadyStarted => "subscription_already_started", Conflict;
        Self::StartInFuture { .. } => "subscription_start_in_future", InvalidInput;
        Self::NoSubscription => "no_subscription", Conflict;
        Self::TrialNotOver { .. } => "trial_not_over", Conflict;
        Self::InvoiceAlreadyOpen { .. } => "invoice_already_open", Conflict;
        Self::NoOpenInvoice => "no_open_invoice", Conflict;
        Self::NotOverdue { .. } => "invoice_not_overdue", Conflict;
        Self::NotUnpaid => "subscription_not_unpaid", Conflict;
        Self::CancelTooEarly { .. } => "cancel_too_early", Conflict;
        Self::Cancelled { .. } => "subscription_cancelled", Conflict;
        Self::OutOfOrder { .. } => "billing_change_out_of_order", CorruptDocument;
        Self::ChangeMismatch { .. } => "billing_change_mismatch", CorruptDocument;
        Self::InvalidClientReference { .. } => "client_reference_invalid", InvalidInput;
        Self::UnknownClient { .. } => "what_if_client_unknown", NotFound;
        Self::InvalidWhatIf { .. } => "what_if_invalid", InvalidInput;
        Self::PsaHeaderInvalid { .. } => "psa_header_invalid", InvalidInput;
        Self::PsaRowInvalid { .. } => "psa_row_invalid", InvalidInput;
        Self::PsaTooManyRows { .. } => "psa_too_many_rows", InvalidInput;
    }
    via {
        Self::Document(e) => e, CorruptDocument;
    }
}
