//! The PSA export: one row per client for a professional services automation tool.

use serde::Serialize;

use super::{cadence_name, discounted_prices};
use crate::Provider;
use crate::billing::{BillingError, Money, Subscription, billing_cadence};
use crate::ids::OrganizationId;
use crate::plan::PlanType;
use crate::provider::clients::ClientState;

/// One client's row of the PSA export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaRow {
    /// The client's name.
    pub client: String,
    /// The client's id.
    pub client_id: OrganizationId,
    /// The provider's own reference for the client, when set.
    pub reference: Option<String>,
    /// The plan.
    pub plan: PlanType,
    /// The plan's readable name (the agreement's product).
    pub product: &'static str,
    /// Seats: the agreement's quantity, the seats the MSP bills the client for
    /// ([`ClientState::billed_seats`]: every assigned seat of an active or suspended client, the
    /// occupied ones of a paused client, none on trial or not-for-resale).
    pub quantity: u32,
    /// The discounted price per seat per period, rounded once to the cent.
    pub unit_price: Money,
    /// `quantity × unit price`.
    pub total: Money,
    /// `monthly` or `annually`.
    pub billing_cycle: &'static str,
    /// The client's lifecycle state (issue 17; absent in JSON when active). Not a CSV column.
    #[serde(skip_serializing_if = "ClientState::is_active")]
    pub state: ClientState,
}

/// What a PSA agreement (ConnectWise, Autotask, HaloPSA style) needs per client: quantity and
/// unit price, with the provider's own client reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaExport {
    /// One row per client, in the provider's order.
    pub rows: Vec<PsaRow>,
}

/// The PSA export's CSV columns.
pub const PSA_COLUMNS: [&str; 8] =
    ["Client", "Client Id", "Reference", "Product", "Quantity", "Unit Price", "Total", "Billing Cycle"];

impl PsaExport {
    /// Builds the export.
    pub fn build(provider: &Provider, sub: &Subscription) -> Result<Self, BillingError> {
        let prices = discounted_prices(provider, sub)?;
        let rows = provider
            .clients()
            .iter()
            .map(|c| {
                let unit_price =
                    prices.get(&c.plan()).copied().ok_or(BillingError::PlanNotBilled { plan: c.plan() })?;
                let quantity = c.state().billed_seats(c.seats(), c.occupied_seats());
                Ok(PsaRow {
                    client: c.name().to_owned(),
                    client_id: c.id(),
                    reference: sub.client_reference(c.id()).map(str::to_owned),
                    plan: c.plan(),
                    product: c.plan().display_name(),
                    quantity,
                    unit_price,
                    total: unit_price.checked_mul(i64::from(quantity))?,
                    billing_cycle: cadence_name(billing_cadence(c.plan())),
                    state: c.state(),
                })
            })
            .collect::<Result<_, BillingError>>()?;
        Ok(Self { rows })
    }

    /// The export as CSV; amounts as plain decimals (`4.00`), which PSA imports read as numbers.
    /// A cell a spreadsheet would run as a formula (a name or reference starting with `=`, `+`,
    /// `-`, `@`, …) is written with a leading `'` ([`crate::text::csv_cell`]). (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; a failure would only drop a row, never panic.
        let _ = out.write_record(PSA_COLUMNS);
        for r in &self.rows {
            let cells = [
                r.client.as_str(),
                &r.client_id.to_string(),
                r.reference.as_deref().unwrap_or(""),
                r.product,
                &r.quantity.to_string(),
                &r.unit_price.to_decimal_string(),
                &r.total.to_decimal_string(),
                r.billing_cycle,
            ];
            // Every cell neutralised against formula injection (a PSA tool imports this file).
            let cells = cells.map(crate::text::csv_cell);
            let _ = out.write_record(cells.iter().map(|cell| cell.as_bytes()));
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
