//! Hostile output (issue 16, the output side): every CSV mspkit writes neutralises the formulas
//! of `tests/fixtures/hostile/output.json`, client names refuse control and bidi characters on
//! the command and reference paths (the portfolio and event paths are cases of the table, run
//! by `hostile.rs`), messages escape once, and the deployment report of many deployments is
//! built.

use std::path::PathBuf;

use mspkit::billing::PsaExport;
use mspkit::deployment::PortfolioClient;
use mspkit::text::{csv_cell, shown};
use mspkit::{ClientDeployment, DeploymentPlan, DeploymentPortfolio, Error, NewClient, PlanType, Portfolio};
use mspkit_tests::hostile::output_payloads;
use serde_json::Value;

use crate::support::{Fixture, email, t0};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every cell of a CSV text, read back with the `csv` crate.
fn cells(csv: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// No cell of `csv` starts a formula: each either starts with none of the characters a
/// spreadsheet obeys, starts with the `'` that neutralises it, or is a plain number.
fn assert_no_formula(csv: &str, what: &str) {
    for row in cells(csv) {
        for cell in row {
            assert_eq!(csv_cell(&cell), cell, "{what}: the cell {cell:?} starts a formula");
        }
    }
}

#[test]
fn the_fixture_lists_owasp_s_formulas_and_they_are_neutralised() {
    let formulas = output_payloads("formulas");
    assert!(formulas.len() >= 15, "{formulas:?}");
    for f in &formulas {
        assert_eq!(csv_cell(f), format!("'{f}"), "{f:?}");
    }
    for n in output_payloads("numbers") {
        assert_eq!(csv_cell(&n), n);
    }
}

/// A portfolio whose client names and references are the fixture's formulas (those a client
/// name may hold: at most 50 characters, no control character once trimmed).
fn formula_portfolio() -> (Portfolio, Vec<String>) {
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/portfolio.json")).unwrap())
            .unwrap();
    let names: Vec<String> = output_payloads("formulas")
        .into_iter()
        .map(|f| f.trim().to_owned())
        .filter(|f| f.chars().count() <= 50 && !f.is_empty())
        .collect();
    let clients = doc["provider"]["clients"].as_array_mut().unwrap();
    let mut used = Vec::new();
    for (client, name) in clients.iter_mut().zip(names.iter().cycle()) {
        client["name"] = name.as_str().into();
        used.push(name.clone());
    }
    let references = doc["provider"]["subscription"]["client_references"].as_object_mut().unwrap();
    for (value, name) in references.values_mut().zip(["=1+2", "@SUM(1)", "-1+2"]) {
        *value = name.into();
    }
    (Portfolio::from_json(&doc.to_string()).unwrap(), used)
}

/// Creates a Teams client named `name` (its owner's email does not depend on the name).
fn create(f: &mut Fixture, name: &str) {
    let new = NewClient {
        name: name.to_owned(),
        owner_email: email("owner@client.example"),
        plan: PlanType::TeamsMonthly,
        seats: 5,
        first_collection: None,
    };
    let created = f.provider.create_client(f.admin, new, t0()).unwrap();
    f.log.extend(created.events);
}

#[test]
fn every_csv_writer_neutralises_formulas_in_names_emails_and_references() {
    let (portfolio, names) = formula_portfolio();
    let p = portfolio.provider();
    let invoice = p.client_invoice_csv().unwrap();
    assert_no_formula(&invoice, "client invoice CSV");
    assert_eq!(p.client_invoice_report().unwrap().to_csv(), invoice);
    for name in &names {
        assert!(cells(&invoice).iter().any(|row| row[0] == format!("'{name}")), "{name:?}:\n{invoice}");
    }
    let psa = p.psa_export().unwrap().to_csv();
    assert_no_formula(&psa, "PSA CSV");
    assert!(psa.contains("'=1+2"), "{psa}");
    assert!(cells(&psa).iter().all(|row| !row[5].starts_with('\'')), "amounts stay numbers:\n{psa}");
    let psa_rows: PsaExport = p.psa_export().unwrap();
    assert!(psa_rows.rows.iter().any(|r| r.reference.as_deref() == Some("=1+2")), "the data is kept");

    // The audit export: a member whose email is a formula, a client named like one.
    let mut f = Fixture::billable(mspkit::ProviderType::Msp);
    f.invite("=1+2@evil.example", mspkit::ProviderUserType::ServiceUser);
    f.invite("-x@evil.example", mspkit::ProviderUserType::ServiceUser);
    create(&mut f, "=HYPERLINK(\"http://evil.example\")");
    let csv = f.provider.export_events(f.admin, &f.log).unwrap();
    assert_no_formula(&csv, "events CSV");
    assert!(csv.contains("'=1+2@evil.example"), "{csv}");
    assert!(csv.contains("'-x@evil.example"), "{csv}");
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    let labels = mspkit::EventLabels::from_provider(&f.provider);
    assert_no_formula(&mspkit::event::events_to_csv(&f.log, &labels), "events_to_csv");
}

#[test]
fn client_names_refuse_control_and_bidi_characters_on_the_command_and_reference_paths() {
    let hostile =
        ["Contoso\nTailspin", "Evil\u{1b}[2J", "Evil\u{202e}gnp", "a\0b", "a\u{2066}b", "a\u{200b}b"];
    let mut f = Fixture::billable(mspkit::ProviderType::Msp);
    for name in hostile {
        let new = NewClient {
            name: name.to_owned(),
            owner_email: email("owner@client.example"),
            plan: PlanType::TeamsMonthly,
            seats: 5,
            first_collection: None,
        };
        let err = f.provider.create_client(f.admin, new, t0()).unwrap_err();
        assert_eq!(err.code(), "client_name_invalid", "{name:?}");
        // The message shows the name escaped, on one line.
        let message = err.to_string();
        assert!(!message.chars().any(mspkit::text::is_unsafe), "{message:?}");
    }
    // A name with an ordinary backslash, accents or CJK is still a name.
    create(&mut f, "Zoë\\Søn 東京");

    let fixture = |name: &str| {
        std::fs::read_to_string(root().join("tests/fixtures/reference/entities").join(name)).unwrap()
    };
    let clients = fixture("provider-organizations.json");
    let mut doc: Value = serde_json::from_str(&clients).unwrap();
    doc["data"][0]["organizationName"] = "Stadtwerke\u{1b}]0;owned\u{7}".into();
    let err =
        mspkit::read_reference(&fixture("provider.json"), &fixture("provider-users.json"), &doc.to_string())
            .unwrap_err();
    assert_eq!(err.code(), "client_name_invalid");
}

#[test]
fn messages_escape_once_and_are_cut() {
    // A value the library quoted (escaped) in its message stays escaped once when shown again.
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/portfolio.json")).unwrap())
            .unwrap();
    doc["provider"]["clients"][0]["name"] = "a\u{1b}b".into();
    let err: Error = Portfolio::from_json(&doc.to_string()).unwrap_err();
    assert_eq!(err.code(), "client_name_invalid");
    let once = shown(&err.to_string(), mspkit::text::MAX_SHOWN_CHARS);
    assert!(once.contains("a\\u{1b}b"), "{once}");
    assert!(!once.contains("\\\\u{1b}"), "{once}");
    assert_eq!(shown(&once, mspkit::text::MAX_SHOWN_CHARS), once);
    for text in output_payloads("text") {
        let line = shown(&text, 40);
        assert!(!line.chars().any(mspkit::text::is_unsafe), "{line:?}");
        assert!(line.chars().count() <= 41, "{line:?}");
    }
}

#[test]
fn the_deployment_portfolio_names_each_client_from_an_index() {
    let example =
        Portfolio::from_json(&std::fs::read_to_string(root().join("examples/portfolio.json")).unwrap())
            .unwrap();
    let template = example.deployments()[0].clone();
    let n = 20_000u128;
    let clients: Vec<PortfolioClient> = (0..n)
        .map(|i| PortfolioClient { id: uuid::Uuid::from_u128(i + 1).into(), name: format!("Client {i}") })
        .collect();
    let deployments: Vec<ClientDeployment> = (0..n)
        .map(|i| {
            let plan = DeploymentPlan::new(uuid::Uuid::from_u128(n - i).into(), *template.plan().profile());
            ClientDeployment::new(plan, template.schedule().clone(), template.due()).unwrap()
        })
        .collect();
    let portfolio = DeploymentPortfolio::new(clients.clone(), deployments).unwrap();
    for i in [0, 1, n / 2, n - 1] {
        assert_eq!(portfolio.name_of(uuid::Uuid::from_u128(i + 1).into()), format!("Client {i}"));
    }
    // An unknown id is shown as itself; the first of two clients of one id names it.
    let stranger = uuid::Uuid::from_u128(n + 7);
    assert_eq!(portfolio.name_of(stranger.into()), stranger.to_string());
    let mut twice = clients[..2].to_vec();
    twice.push(PortfolioClient { id: clients[0].id, name: "Second".to_owned() });
    let one = DeploymentPortfolio::new(twice, Vec::new()).unwrap();
    assert_eq!(one.name_of(clients[0].id), "Client 0");
    // The checks still refuse what they refused.
    let stray = DeploymentPlan::new(stranger.into(), *template.plan().profile());
    let stray = ClientDeployment::new(stray, template.schedule().clone(), None).unwrap();
    assert_eq!(DeploymentPortfolio::new(clients, vec![stray]).unwrap_err().code(), "deployment_not_a_client");
}
