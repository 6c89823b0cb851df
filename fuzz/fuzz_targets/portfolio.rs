//! The portfolio document (`Portfolio::from_json`), and everything `mspkit report` and
//! `mspkit deploy` do with one: the report, the deployment report and its timeline.
//! Properties: no panic; a document that reads is written back and reads to an equal value.
#![no_main]

use std::sync::OnceLock;

use chrono::{NaiveDate, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use mspkit::deployment::{DeploymentReport, render_timeline_svg};
use mspkit::{DeploymentCatalog, Portfolio};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(portfolio) = Portfolio::from_json(text) else { return };
    let written = portfolio.to_json().expect("a portfolio writes");
    let again = Portfolio::from_json(&written).expect("a written portfolio reads back");
    assert_eq!(again, portfolio, "a portfolio changes on a write and read");

    let now = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).single().expect("a valid instant");
    let _report = portfolio.report(now);

    let Ok(deployments) = portfolio.deployment_portfolio() else { return };
    // Parsed once: reading the built-in edition's TOML on every input would dominate the run.
    static CATALOG: OnceLock<DeploymentCatalog> = OnceLock::new();
    let catalog = CATALOG.get_or_init(|| DeploymentCatalog::builtin().expect("the built-in catalogue reads"));
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("a valid date");
    if let Ok(mut report) = DeploymentReport::build(catalog, &deployments, today) {
        report.sort(mspkit::deployment::SortKey::End);
        let _svg = render_timeline_svg(&report);
        let _json = report.to_json();
    }
});
