//! The deployment report on growing portfolios (issue 16 item 4), against its named peer, the
//! portfolio report (`mspkit report`) of the same file, in one run:
//!
//! - **deploy**: what `mspkit deploy` and Python's `deployment_report` do with a portfolio
//!   document — `DeploymentPortfolio::from_portfolio_json` (the reader, every invariant, the
//!   deployments), `DeploymentReport::build` and the sort;
//! - **report** (the peer): `Portfolio::from_json_with` and `Portfolio::report`, the work of
//!   `mspkit report` on the same text.
//!
//! Each figure is the best of `--runs` runs (3 by default; 1 with `--quick`, which also stops at
//! 32 000). Both read the same document of [`mspkit_benches::synthetic_deployment_document`], so
//! the ratio is the cost of the deployment report over reading and reporting the portfolio: a
//! constant ratio across sizes is a linear report.
//!
//! `cargo run --release -p mspkit-benches --example deploy_timing [--quick]`
#![allow(missing_docs, reason = "a benchmark program")]
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a benchmark fails loudly on bad setup")]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use mspkit::deployment::{DeploymentReport, SortKey};
use mspkit::document::DocumentReader;
use mspkit::{DeploymentCatalog, DeploymentPortfolio, Portfolio};

fn best(runs: usize, mut f: impl FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 1 } else { 3 };
    // `DEPLOY_SIZES=8000,16000` runs other sizes (for a profile).
    let chosen: Vec<usize> = std::env::var("DEPLOY_SIZES")
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_default();
    let sizes: &[usize] = if !chosen.is_empty() {
        &chosen
    } else if quick {
        &[16_000, 32_000]
    } else {
        &[16_000, 32_000, 64_000, 128_000]
    };
    let catalog = DeploymentCatalog::builtin().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let reader = DocumentReader::with_max_bytes(1 << 30);
    println!("== deployment report (deploy) against the portfolio report (report), best of {runs}");
    println!(
        "{:>8} {:>9} {:>11} {:>11} {:>11} {:>11} {:>7}",
        "clients", "MiB", "deploy s", "(read s", "build s)", "report s", "ratio"
    );
    for &n in sizes {
        let text = mspkit_benches::synthetic_deployment_document(n).unwrap();
        let deploy = best(runs, || {
            let portfolio = DeploymentPortfolio::from_portfolio_json(&text, &reader).unwrap();
            let mut report = DeploymentReport::build(&catalog, &portfolio, today).unwrap();
            report.sort(SortKey::Phase);
            report.rows.len()
        });
        // The deploy figure's parts: reading the document, then the report alone.
        let portfolio = DeploymentPortfolio::from_portfolio_json(&text, &reader).unwrap();
        let read = best(runs, || {
            DeploymentPortfolio::from_portfolio_json(&text, &reader).unwrap().deployments().len()
        });
        let build = best(runs, || {
            let mut report = DeploymentReport::build(&catalog, &portfolio, today).unwrap();
            report.sort(SortKey::Phase);
            report.rows.len()
        });
        let peer = best(runs, || {
            let portfolio = Portfolio::from_json_with(&text, &reader).unwrap();
            portfolio.report(now).clients.len()
        });
        println!(
            "{n:>8} {:>9.1} {:>11.3} {:>11.3} {:>11.3} {:>11.3} {:>6.2}×",
            f64::from(u32::try_from(text.len() / 1024).unwrap_or(u32::MAX)) / 1024.0,
            deploy.as_secs_f64(),
            read.as_secs_f64(),
            build.as_secs_f64(),
            peer.as_secs_f64(),
            deploy.as_secs_f64() / peer.as_secs_f64()
        );
    }
}
