//! The hostile input table through the Rust API: each case gives exactly its error code.

use chrono::NaiveDate;
use mspkit::deployment::{DeploymentCatalog, DeploymentPortfolio, DeploymentReport};
use mspkit::password::Kdf;
use mspkit::{DocumentReader, EventLog};
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
