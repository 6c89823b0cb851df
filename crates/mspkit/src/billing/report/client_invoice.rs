//! The client invoice report: one row per client with its plan, seats, price and total, and
//! its CSV.

use serde::Serialize;

use super::client_rows::{Book, RowView, each_client_invoice_row};
use crate::Provider;
use crate::billing::issued::InvoiceItem;
use crate::billing::{BillingError, Money, Subscription};
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::provider::clients::ClientState;

/// One row of the client invoice report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientInvoiceRow {
    /// The client's name, or `Unassigned seats`.
    pub client: String,
    /// The client's id (none for an `Unassigned seats` row).
    pub id: Option<OrganizationId>,
    /// Seats assigned (for `Unassigned seats`: minimum − assigned seats of the plan).
    pub assigned: u64,
    /// Seats used (0 for `Unassigned seats`).
    pub used: u64,
    /// Assigned − used.
    pub remaining: u64,
    /// The plan.
    pub plan_type: PlanType,
    /// The plan's readable name, as the reference writes it (`Teams (Monthly)`).
    pub plan: &'static str,
    /// Assigned × the plan's seat price × (100 − discount %) / 100: the row's share of its
    /// plan's invoice line total, so the rows of a plan add up to that line to the cent (the
    /// cents of rounding go to the rows with the largest remainders; see `DESIGN.md`).
    pub estimated_total: Money,
    /// The client's lifecycle state (issue 17; absent in JSON when active, and for an
    /// `Unassigned seats` row). Not a CSV column: the CSV keeps the reference's columns.
    #[serde(default, skip_serializing_if = "ClientState::is_active")]
    pub state: ClientState,
}

impl ClientInvoiceRow {
    /// The seats the MSP bills the client for ([`ClientState::billed_seats`] of the row's
    /// assigned and used seats, saturated to `u32`; an `Unassigned seats` row bills nobody).
    pub fn billed_seats(&self) -> u64 {
        if self.id.is_none() {
            return 0;
        }
        let seats = u32::try_from(self.assigned).unwrap_or(u32::MAX);
        let used = u32::try_from(self.used).unwrap_or(u32::MAX);
        u64::from(self.state.billed_seats(seats, used))
    }
}

/// The client invoice report: a row per client and an `Unassigned seats` row per plan with
/// no purchased seats, in the reference's columns.
///
/// Not-for-resale clients (issue 17) are shown apart: their rows come after every other
/// client's, before the `Unassigned seats` rows, and their estimated totals (what they cost the
/// provider, never billed to a client) add up to `not_for_resale_total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientInvoiceReport {
    /// The rows: the resold clients in the provider's order, then the not-for-resale clients
    /// in the provider's order, then the `Unassigned seats` rows in plan order.
    pub rows: Vec<ClientInvoiceRow>,
    /// The sum of the estimated totals.
    pub total: Money,
    /// The sum of the not-for-resale clients' estimated totals (absent in JSON when zero).
    #[serde(skip_serializing_if = "is_zero_money")]
    pub not_for_resale_total: Money,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_zero_money(m: &Money) -> bool {
    *m == Money::ZERO
}

/// The client invoice report's columns, in the reference's order.
pub const CLIENT_INVOICE_COLUMNS: [&str; 7] =
    ["Client", "Id", "Assigned", "Used", "Remaining", "Plan", "Estimated total"];

impl ClientInvoiceReport {
    /// Builds the report.
    ///
    /// Two passes over the clients (one to count each plan's rounding remainders, one to write
    /// the rows), in O(clients); the rows of a plan add up to its invoice line (largest
    /// remainder, see [`ClientInvoiceRow::estimated_total`]). It refuses what it always
    /// refused, in the same order, before any row is made: first a billed plan (one with a minimum or a client) without a price, in plan
    /// order; then the first client whose total does not fit; then an `Unassigned seats` row;
    /// then a total that does not fit.
    pub fn build(provider: &Provider, sub: &Subscription) -> Result<Self, BillingError> {
        let mut rows = Vec::with_capacity(provider.clients().len().saturating_add(2));
        let total = with_book(provider, |book| {
            each_client_invoice_row(book, sub, |row| rows.push(row.to_owned_row()))
        })?;
        let not_for_resale_total = Money::sum(
            rows.iter().filter(|r| r.id.is_some() && !r.state.is_resold()).map(|r| r.estimated_total),
        )?;
        Ok(Self { rows, total, not_for_resale_total })
    }

    /// The report's CSV ([`ClientInvoiceReport::to_csv`]) written straight from the provider,
    /// without building the report: no row and no copy of a client's name is made, which for
    /// a provider of many thousands of clients is most of the work. The same text, the same
    /// refusals as [`ClientInvoiceReport::build`]. (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn csv_of(provider: &Provider, sub: &Subscription) -> Result<String, BillingError> {
        let mut csv = ClientInvoiceCsv::with_rows(provider.clients().len().saturating_add(2));
        with_book(provider, |book| each_client_invoice_row(book, sub, |row| csv.push(&row)))?;
        Ok(csv.finish())
    }

    /// The report as CSV, in the reference's columns (`Client`, `Id`, `Assigned`, `Used`,
    /// `Remaining`, `Plan`, `Estimated total`), amounts as `$1,234.50`, each record ended by
    /// CRLF as the reference's CSV writer ends it (issue 15). A cell a spreadsheet
    /// would run as a formula (a client name starting with `=`, `+`, `-`, `@`, …) is written
    /// with a leading `'` ([`crate::text::csv_cell`]). (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> String {
        let mut csv = ClientInvoiceCsv::with_rows(self.rows.len());
        for r in &self.rows {
            csv.push(&RowView {
                client: &r.client,
                id: r.id,
                assigned: r.assigned,
                used: r.used,
                remaining: r.remaining,
                plan_type: r.plan_type,
                plan: r.plan,
                estimated_total: r.estimated_total,
                state: r.state,
            });
        }
        csv.finish()
    }
}

impl RowView<'_> {
    pub(crate) fn to_owned_row(&self) -> ClientInvoiceRow {
        ClientInvoiceRow {
            client: self.client.to_owned(),
            id: self.id,
            assigned: self.assigned,
            used: self.used,
            remaining: self.remaining,
            plan_type: self.plan_type,
            plan: self.plan,
            estimated_total: self.estimated_total,
            state: self.state,
        }
    }
}

/// Runs `f` on the provider's [`Book`]: its clients, minimums, running seat totals and billed
/// plans.
pub(crate) fn with_book<T>(provider: &Provider, f: impl FnOnce(&Book<'_>) -> T) -> T {
    let assigned = |plan| provider.assigned_seats(plan);
    let billed_plans = provider.billed_plans();
    f(&Book {
        clients: provider.clients(),
        minimums: provider.seat_minimums(),
        assigned: &assigned,
        billed_plans: &billed_plans,
    })
}

impl ClientInvoiceReport {
    /// The report of an issued invoice, from the rows it recorded (what was billed, whatever the
    /// seats are now).
    pub fn from_items(items: &[InvoiceItem]) -> Result<Self, BillingError> {
        let rows: Vec<ClientInvoiceRow> = items
            .iter()
            .map(|i| ClientInvoiceRow {
                client: i.client_name.clone(),
                id: i.client,
                assigned: i.assigned_seats,
                used: i.used_seats,
                remaining: i.assigned_seats.saturating_sub(i.used_seats),
                plan_type: i.plan,
                plan: i.plan.display_name(),
                estimated_total: i.total,
                state: i.state,
            })
            .collect();
        let total = Money::sum(rows.iter().map(|r| r.estimated_total))?;
        let not_for_resale_total = Money::sum(
            rows.iter().filter(|r| r.id.is_some() && !r.state.is_resold()).map(|r| r.estimated_total),
        )?;
        Ok(Self { rows, total, not_for_resale_total })
    }
}

/// The client invoice CSV being written: one pre-sized buffer, quoted as the `csv` crate's
/// writer quotes by default (only a field holding a comma, a quote or a line break, its quotes
/// doubled), with no string per cell and no writer per row.
#[cfg(feature = "csv")]
struct ClientInvoiceCsv {
    out: Vec<u8>,
    id: [u8; uuid::fmt::Hyphenated::LENGTH],
    amount: [u8; 40],
}

#[cfg(feature = "csv")]
impl ClientInvoiceCsv {
    /// The header; room for `rows` rows of about 100 bytes (a 36-byte id, a name of about 20):
    /// longer rows only grow the buffer.
    fn with_rows(rows: usize) -> Self {
        let mut out = Vec::with_capacity(rows.saturating_mul(128).saturating_add(128));
        for (i, column) in CLIENT_INVOICE_COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_csv_field(&mut out, column.as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        Self { out, id: [0; uuid::fmt::Hyphenated::LENGTH], amount: [0; 40] }
    }

    fn push(&mut self, r: &RowView<'_>) {
        let out = &mut self.out;
        push_csv_field(out, r.client.as_bytes());
        out.push(b',');
        if let Some(client) = r.id {
            out.extend_from_slice(client.uuid().hyphenated().encode_lower(&mut self.id).as_bytes());
        }
        for n in [r.assigned, r.used, r.remaining] {
            out.push(b',');
            push_decimal(out, n);
        }
        out.push(b',');
        push_csv_field(out, r.plan.as_bytes());
        out.push(b',');
        push_csv_field(out, r.estimated_total.format_ascii(&mut self.amount));
        out.extend_from_slice(b"\r\n");
    }

    fn finish(self) -> String {
        // Only whole UTF-8 strings and ASCII went in: this checks, it never fails.
        String::from_utf8(self.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Appends one CSV field, neutralised against formula injection as
/// [`crate::text::csv_cell`] does (a leading `'`), then quoted only when it holds a comma, a
/// quote, a line feed or a carriage return, with its quotes doubled: what the `csv` crate's
/// writer does by default.
#[cfg(feature = "csv")]
fn push_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    if crate::text::csv_cell_needs_quote_mark(field) {
        let mut marked = Vec::with_capacity(field.len().saturating_add(1));
        marked.push(b'\'');
        marked.extend_from_slice(field);
        push_quoted_csv_field(out, &marked);
    } else {
        push_quoted_csv_field(out, field);
    }
}

/// Appends one CSV field as it is, quoted only when it must be (see [`push_csv_field`]).
#[cfg(feature = "csv")]
fn push_quoted_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    // Every special byte is at most `,` (0x2C): one comparison rules out most bytes, and the
    // fold (no early exit) lets the compiler check many bytes at a time.
    let special = |b: u8| b <= b',' && matches!(b, b',' | b'"' | b'\n' | b'\r');
    if !field.iter().fold(false, |found, b| found | special(*b)) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for (i, part) in field.split(|b| *b == b'"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part);
    }
    out.push(b'"');
}

/// Appends `n` in decimal digits.
#[cfg(feature = "csv")]
fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(slot) = digits.get_mut(at) {
            *slot = b'0' + u8::try_from(n % 10).unwrap_or(0);
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}
