//! The CSV writers and the text rule (`mspkit::text`): cells of any text through the client
//! invoice report's writer and the PSA export's, and the escaping of text output.
//! Properties: no panic; the CSV reads back, row for row, to the cells neutralised by
//! `text::csv_cell`; no cell read back starts a formula; `csv_cell` and `text::shown` are
//! idempotent, and what `shown` gives holds no control or format character and respects its
//! bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mspkit::billing::{ClientInvoiceReport, ClientInvoiceRow, Money, PsaExport, PsaRow};
use mspkit::text::{csv_cell, is_unsafe, shown};
use mspkit::{OrganizationId, PlanType};

/// Every record of `csv`, as cells.
fn read_back(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.expect("the CSV mspkit writes reads back").iter().map(str::to_owned).collect())
        .collect()
}

fn assert_no_formula(rows: &[Vec<String>]) {
    for cell in rows.iter().flatten() {
        assert_eq!(csv_cell(cell), cell.as_str(), "a cell read back starts a formula: {cell:?}");
    }
}

fuzz_target!(|input: (Vec<String>, i64, u16)| {
    let (cells, cents, max) = input;
    let max = usize::from(max % 2_000);
    for cell in &cells {
        let once = csv_cell(cell);
        assert_eq!(csv_cell(&once), once, "csv_cell is not idempotent on {cell:?}");
        let line = shown(cell, max);
        assert_eq!(shown(&line, max), line, "shown is not idempotent on {cell:?}");
        assert!(!line.chars().any(is_unsafe), "shown left an unsafe character in {line:?}");
        assert!(line.chars().count() <= max + 1, "shown went past {max}: {line:?}");
    }
    let id = OrganizationId::new(mspkit::uuid::Uuid::from_u128(7));
    let report = ClientInvoiceReport {
        rows: cells
            .iter()
            .map(|c| ClientInvoiceRow {
                client: c.clone(),
                id: Some(id),
                assigned: 3,
                used: 1,
                remaining: 2,
                plan_type: PlanType::TeamsMonthly,
                plan: "Teams (Monthly)",
                estimated_total: Money::from_cents(cents),
                state: mspkit::ClientState::Active,
            })
            .collect(),
        total: Money::ZERO,
        not_for_resale_total: Money::ZERO,
    };
    let rows = read_back(&report.to_csv());
    assert_eq!(rows.len(), cells.len() + 1, "one row per client and the header");
    for (row, cell) in rows.iter().skip(1).zip(&cells) {
        assert_eq!(row.first().map(String::as_str), Some(csv_cell(cell).as_ref()), "a name changed");
    }
    assert_no_formula(&rows);
    let psa = PsaExport {
        rows: cells
            .iter()
            .map(|c| PsaRow {
                client: c.clone(),
                client_id: id,
                reference: Some(c.clone()),
                plan: PlanType::TeamsMonthly,
                product: "Teams (Monthly)",
                quantity: 3,
                unit_price: Money::from_cents(cents),
                total: Money::from_cents(cents),
                billing_cycle: "monthly",
                state: mspkit::ClientState::Paused,
            })
            .collect(),
    };
    let rows = read_back(&psa.to_csv());
    assert_eq!(rows.len(), cells.len() + 1, "one row per client and the header");
    assert_no_formula(&rows);
});
