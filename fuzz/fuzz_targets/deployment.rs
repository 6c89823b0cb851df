//! Deployment documents: a plan (`DeploymentPlan::from_json`, checked against the built-in
//! edition) and the deployment part of a portfolio (`DeploymentPortfolio::from_json`).
//! Properties: no panic; what reads is written and reads back equal; a read portfolio's
//! report builds or gives an error, and its timeline renders.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use mspkit::deployment::{DeploymentReport, render_timeline_svg};
use mspkit::{DeploymentCatalog, DeploymentPlan, DeploymentPortfolio};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Parsed once: reading the built-in edition's TOML on every input would dominate the run.
    static CATALOG: OnceLock<DeploymentCatalog> = OnceLock::new();
    let catalog = CATALOG.get_or_init(|| DeploymentCatalog::builtin().expect("the built-in catalogue reads"));
    if let Ok(plan) = DeploymentPlan::from_json(text, catalog) {
        let json = plan.to_json().expect("a plan writes");
        let again = DeploymentPlan::from_json(&json, catalog).expect("a written plan reads back");
        assert_eq!(again, plan, "a plan changes on a write and read");
        let _ = plan.progress(catalog);
        let _ = plan.current_phase(catalog);
    }
    if let Ok(portfolio) = DeploymentPortfolio::from_json(text) {
        let json = portfolio.to_json().expect("a deployment portfolio writes");
        let again = DeploymentPortfolio::from_json(&json).expect("a written deployment portfolio reads back");
        assert_eq!(again, portfolio, "a deployment portfolio changes on a write and read");
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("a valid date");
        if let Ok(report) = DeploymentReport::build(catalog, &portfolio, today) {
            let _svg = render_timeline_svg(&report);
        }
    }
});
