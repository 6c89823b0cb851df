//! The hostile input table through the Rust API: each case gives exactly its error code.

use chrono::NaiveDate;
use mspkit::billing::WhatIf;
use mspkit::deployment::{DeploymentCatalog, DeploymentPortfolio, DeploymentReport};
use mspkit::password::{Kdf, MasterPasswordPolicy};
use mspkit::policy::{Baseline, read_reference_policies};
use mspkit::{DocumentReader, EventLog, Portfolio};
use mspkit_tests::hostile::{Case, cases};

/// The code the library gives for a case, or `ok`.
fn verdict(case: &Case) -> String {
    match case.kind.as_str() {
        "portfolio" => {
            let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
            let read = DeploymentPortfolio::from_portfolio_json(&case.text, &DocumentReader::new());
            let catalog = DeploymentCatalog::builtin().unwrap();
            match read.and_then(|p| Ok(DeploymentReport::build(&catalog, &p, today)?)) {
                Ok(_) => "ok".to_owned(),
                Err(e) => e.code().to_owned(),
            }
        }
        "kdf" => {
            let n = |i: usize| -> Option<i128> {
                let v = case.args.get(i)?;
                v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from)).or_else(|| {
                    // Beyond 64 bits: the table's number is read as a float; any such value is
                    // far out of every range, kept out of range with its sign.
                    v.as_f64().map(|f| if f < 0.0 { i128::MIN } else { i128::MAX })
                })
            };
            match Kdf::from_code(n(0).unwrap_or(0), n(1).unwrap_or(0), n(2), n(3)) {
                Ok(_) => "ok".to_owned(),
                Err(e) => e.code().to_owned(),
            }
        }
        "event_log" => {
            let catalog = DeploymentCatalog::builtin().unwrap();
            match EventLog::from_jsonl(&case.text).and_then(|log| log.replay_portfolio(&catalog)) {
                Ok(_) => "ok".to_owned(),
                Err(e) => e.code().to_owned(),
            }
        }
        "catalog" => match DeploymentCatalog::from_toml(&case.text) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.code().to_owned(),
        },
        "baseline" => match Baseline::from_file_text(&case.file, &case.text) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.code().to_owned(),
        },
        "what_if" => {
            let example = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/portfolio.json"),
            )
            .unwrap();
            let portfolio = Portfolio::from_json(&example).unwrap();
            let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
            match WhatIf::from_json(&case.text).and_then(|w| portfolio.provider().what_if(&w, today)) {
                Ok(_) => "ok".to_owned(),
                Err(e) => e.code().to_owned(),
            }
        }
        "reference_policies" => match read_reference_policies(&case.text) {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.code().to_owned(),
        },
        // The binding's `Kdf.from_json` and `MasterPasswordPolicy.from_json` read through the
        // one document reader so.
        "kdf_json" => match DocumentReader::new().parse::<Kdf>(&case.text, "KDF settings") {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.code().to_owned(),
        },
        "password_policy_json" => {
            match DocumentReader::new().parse::<MasterPasswordPolicy>(&case.text, "master-password policy") {
                Ok(_) => "ok".to_owned(),
                Err(e) => e.code().to_owned(),
            }
        }
        other => format!("unknown kind {other}"),
    }
}

#[test]
fn the_hostile_table_has_over_a_hundred_cases_each_giving_its_code() {
    let cases = cases();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        assert!(!case.text.starts_with("BROKEN CASE"), "{}: {}", case.name, case.text);
        let got = verdict(case);
        if got != case.code {
            wrong.push(format!("{}: expected `{}`, got `{got}`", case.name, case.code));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}
